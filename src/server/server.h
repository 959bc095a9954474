/*
 * server.h - the server: its listening sockets, its clients, its one loop.
 *
 * All state lives in one struct server. Clients are kept in an array indexed by
 * their fd; only fds below FD_SETSIZE are ever accepted into it (select() cannot
 * watch larger ones), so the index is always in bounds.
 */
#ifndef OBROL_SERVER_SERVER_H
#define OBROL_SERVER_SERVER_H

#include "client.h"
#include "console.h"
#include "net.h"
#include "options.h"
#include "step.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/select.h>

struct server {
    struct server_options options;
    int listeners[NET_MAX_LISTENERS];
    int listener_count;
    struct client *clients[FD_SETSIZE]; /* by fd; NULL where no client */
    unsigned client_count;
    int max_fd;             /* highest client fd, -1 with no clients */
    unsigned next_guest;    /* guestN numbering */
    int spare_fd;           /* kept open to be closed when accept() hits EMFILE */
    int wake_fd;            /* read end of the signal pipe (-1: none) */
    char *line;             /* scratch space to compose one outgoing line */
    size_t line_room;
    bool stopping;          /* shutting down: flushing the last lines */
    int64_t stop_deadline_ms;
    /* What select() was handed and what it gave back (kept for step mode and
     * for the dashboard; bits are cleared as each ready fd is dealt with). */
    fd_set watch_read, watch_write, ready_read, ready_write;
    fd_set returned_read, returned_write; /* ready_* as select() returned them (for display) */
    int watch_max;
    int ready_count;        /* select()'s return value for this turn */
    bool turn_open;         /* select() has returned; its ready fds are being dealt with */
    bool select_announced;  /* step mode: the "select() returned" step was taken */
    struct step step;       /* --step / --step-delay */
    struct console console; /* the operator's keys on standard input */
    bool tui;               /* --tui: draw the dashboard, read keys through curses */
    bool quit_requested;    /* the operator pressed q */
};

/* Open the listening sockets and print the ready line. 0, or -1 on error. */
int server_open(struct server *server, const struct server_options *options, int wake_fd);

/*
 * Run the select() loop until *stop becomes true and every client has been
 * told and flushed (at most OPTIONS_CLOSE_TIMEOUT_MS). Returns the exit status.
 */
int server_run(struct server *server, const volatile sig_atomic_t *stop);

void server_close(struct server *server);

/* ---- Used by the commands ------------------------------------------------- */

/*
 * Compose "KEYWORD[ WORD][ TEXT]\n" in server->line, the text sanitised.
 * Returns its length. The line stays valid until the next compose.
 */
size_t server_compose(struct server *server, const char *keyword, const char *word,
                      const char *text, size_t text_len);

/* Queue a composed line to one client / to everyone but `except` (may be NULL). */
void server_send(struct client *to, const char *line, size_t len);
unsigned server_broadcast(struct server *server, const struct client *except, const char *line,
                          size_t len);

/* Let a client into the room (an open room, or the right /join CODE). */
void server_admit(struct server *server, struct client *client);

/* The client with this nick (compared without case), or NULL. */
struct client *server_find_nick(struct server *server, const char *nick, size_t len);

#endif
