/*
 * ui.h - the screen: views that draw the model with ncurses.
 *
 *   +-- status bar: address, state, nick, people online, last round trip ---+
 *   | message pane (scrollback)          | flow pane: client <-> server      |
 *   |                                    |   arrows, bytes, round trips      |
 *   |                                    | (inspection of the selected row)  |
 *   +-- explain line: one sentence about the latest event -------------------+
 *   +-- input line ----------------------------------------------------------+
 *
 * On terminals narrower than UI_WIDE_COLUMNS the flow pane goes below the
 * messages. The views only read the model (struct chat) and a summary of the
 * connection (struct ui_status): they never touch a socket, and never change
 * the model. A key changes what belongs to the screen (struct ui: the input
 * line, its history, which panes show); whatever it asks of the model or the
 * connection (scroll the messages, send a line, take a step) goes back to the
 * loop as a struct ui_key, and the loop does it.
 */
#ifndef OBROL_CLIENT_UI_H
#define OBROL_CLIENT_UI_H

#include "model/chat.h"
#include "model/editor.h"
#include "model/history.h"

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#define UI_COLUMNS_MIN 40 /* below this the screen says it is too small */
#define UI_ROWS_MIN 12
#define UI_WIDE_COLUMNS 110   /* from here the flow pane sits beside the messages */
#define UI_EXPLAIN_ROWS_MAX 2 /* the explain line wraps once; a longer sentence ends with "…" */

/* The connection, as the status bar shows it. */
enum ui_connection {
    UI_CONNECTING,
    UI_CONNECTED,
    UI_DISCONNECTED,
};

struct ui_status {
    const char *address;
    enum ui_connection connection;
    int64_t retry_in_ms; /* when disconnected: until the next attempt (-1: none) */
    const char *mode;    /* step mode for the status bar ("STEP", "slow 1 s"), or "" */
    int64_t now_ms;      /* monotonic time of this draw (the topology's highlight) */
};

/* What the person is doing on the screen (not part of the chat model). */
struct ui {
    struct editor editor;
    struct history history;
    bool flow_visible;         /* F2 */
    bool flow_focused;         /* F4: Up/Down move through flow rows */
    bool topology;             /* F3: the topology view instead of the messages */
    bool step_keys;            /* step mode (set by the loop): Space, Enter, + and - on an
                                * empty input line are step keys, not text */
    size_t flow_selected;      /* row index in the flow log while focused */
    size_t inspect_top;        /* the inspector's first line in view (Left/Right scroll it) */
    size_t inspect_top_max;    /* its last useful value, at the last draw */
    int inspect_page;          /* lines the inspector showed at the last draw */
    int message_rows;          /* height of the message pane at the last draw */
    size_t message_offset_max; /* the messages' oldest page (PgUp stops there), at the last draw */
};

/* A rectangle of the screen. h == 0: not shown. */
struct ui_box {
    int y, x, h, w;
};

/* What the screen would like: the panes to show, and the rows two of them need. */
struct ui_layout_wish {
    bool flow_visible;
    bool flow_focused;
    int explain_rows; /* 1 to UI_EXPLAIN_ROWS_MAX: what the sentence needs */
    int inspect_rows; /* with F4: what the inspector needs to show all of its row */
};

struct ui_layout {
    int rows, cols;
    bool too_small;
    bool wide; /* flow pane beside the messages */
    int status_row, explain_row, explain_rows, input_row;
    struct ui_box messages, flow, inspect;
};

/* Where everything goes on a cols x rows screen (pure). */
void ui_layout(int cols, int rows, const struct ui_layout_wish *wish, struct ui_layout *out);

void ui_init(struct ui *ui);
void ui_free(struct ui *ui);

/* Take over the terminal; false (with a message on stderr) if there is none. */
bool ui_start(void);
/* Give the terminal back as it was. Safe to call twice. */
void ui_stop(void);

/* Draw everything (the whole screen is redrawn from the model each time). */
void ui_draw(struct ui *ui, const struct chat *chat, const struct ui_status *status);

/* What a key asks of the loop. */
enum ui_key_action {
    UI_KEY_NONE,      /* nothing: the key was handled here (or ignored) */
    UI_KEY_NO_MORE,   /* no key waiting */
    UI_KEY_SUBMIT,    /* Enter: the line is in `line` */
    UI_KEY_HELP,      /* F1 */
    UI_KEY_STEP_MODE, /* F5: step mode on or off */
    UI_KEY_STEP,      /* take one step (Space/Enter on an empty line in step mode, F6) */
    UI_KEY_FASTER,    /* + on an empty line in step mode */
    UI_KEY_SLOWER,    /* - on an empty line in step mode */
    UI_KEY_OLDER,     /* PgUp: scroll the messages back by `count` entries */
    UI_KEY_NEWER,     /* PgDn: scroll them forward by `count` entries */
    UI_KEY_NEWEST,    /* End: back to the newest messages */
    UI_KEY_COMPLETED, /* Tab: `count` nicks matched the word (1: it was completed) */
};

struct ui_key {
    enum ui_key_action action;
    size_t count; /* UI_KEY_OLDER, UI_KEY_NEWER: entries; UI_KEY_COMPLETED: nicks */
};

/* Read one key (without waiting) and act on what belongs to the screen; the
 * rest is returned for the loop. */
struct ui_key ui_handle_key(struct ui *ui, const struct chat *chat, char *line, size_t room);

#endif
