/*
 * dashboard.h - the --tui view of the server, for projecting in class.
 *
 * One screen shows what the server knows: the listening sockets, every client
 * (fd, nick, address, bytes waiting in its input buffer and output queue,
 * state), the fd sets handed to select() and the ones that came back ready,
 * the narrated events (scrollable), and in step mode the next step and its keys.
 * It adapts to the terminal's size (layout.h): narrower columns, columns left
 * out, fewer event rows; whatever is cut says so with "…".
 *
 * The dashboard only draws and reads keys. It never touches a socket; the loop
 * calls dashboard_draw() before select() sleeps, dashboard_note_ready() when
 * it returns, and dashboard_key() when select() says standard input is readable.
 */
#ifndef OBROL_SERVER_DASHBOARD_H
#define OBROL_SERVER_DASHBOARD_H

#include "server.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Below this size the dashboard says the terminal is too small, and how to get
 * a larger one. At the minimum every section is still there: the title, the
 * listening socket and three clients (fewer while a step waits; the rest are
 * counted, "… 2 more"), both fd sets on one row each, the newest event, the
 * waiting step on two rows and the key line. 48x14 is a quarter of a 100x30
 * terminal split into four tmux panes. How each size is shared: layout.h.
 */
#define DASHBOARD_MIN_COLUMNS 48
#define DASHBOARD_MIN_LINES 14

enum dashboard_input {
    DASHBOARD_NOTHING,  /* a key the dashboard handled itself (scrolling, resize) */
    DASHBOARD_STEP_KEY, /* *line holds a step key ("", "c", "s", "q") or an operator command;
                           "q" only once the operator answered y to "Quit the server …? y/n" */
    DASHBOARD_LOST,     /* the terminal is gone */
};

/* Start curses on the terminal; also sends narration to the event list. */
bool dashboard_open(void);
void dashboard_close(void);

void dashboard_draw(const struct server *server);

/* select() returned these sets: keep them to show beside the sets it was handed. */
void dashboard_note_ready(const fd_set *read_set, const fd_set *write_set);

/*
 * obrol-replay shows a recording in this same dashboard: its own title and
 * key line, and its keys handed on by name ("b" back, "+" "-" speed, "n" next,
 * "help"; q quits without asking). The events are the replay's to fill.
 */
void dashboard_replay(const char *title, const char *keys);
void dashboard_add_event(const char *line, bool is_error);
void dashboard_clear_events(void);

/* Read the keys waiting on standard input. */
enum dashboard_input dashboard_key(char *line, size_t room);

/* The bug museum's part of the title: `describe` names the mistakes that are on
 * (mistakes_describe). main.c sets it; a replay has none. */
void dashboard_set_bug_note(void (*describe)(char *out, size_t room));

#endif
