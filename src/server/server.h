/*
 * server.h - the server: its listening sockets, its room, its one loop.
 *
 * All state lives in one struct server. The people connected are in the room
 * (room.h); the loop's own state is the fd sets of the turn it is taking.
 */
#ifndef OBROL_SERVER_SERVER_H
#define OBROL_SERVER_SERVER_H

#include "console.h"
#include "net.h"
#include "options.h"
#include "room.h"
#include "step.h"
#include "timer.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/select.h>

struct server;

/*
 * The steps the loop takes for one connection, one function each: server.c
 * has the correct ones; `--bug NAME` puts a classic mistake in the place of
 * one or two of them (mistakes.h), and the loop reads the same either way.
 */
struct server_steps {
    bool (*has_room)(const struct server *server, int fd);                       /* 3 */
    bool (*accept_one)(struct server *server, int listen_fd, int64_t now);       /* 3 */
    void (*read_client)(struct server *server, struct conn *conn, int64_t now);  /* 4 */
    bool (*may_write)(const struct server *server, const struct conn *conn);     /* 7 */
    void (*write_client)(struct conn *conn);                                     /* 7 */
};

struct server {
    struct server_options options;
    const struct server_steps *steps; /* the correct ones (server.c), or a mistake's */
    struct room room; /* everyone connected */
    int listeners[NET_MAX_LISTENERS];
    int listener_count;
    int spare_fd;  /* kept open to be closed when accept() hits EMFILE */
    int wake_fd;   /* read end of the signal pipe (-1: none) */
    bool stopping; /* shutting down: flushing the last lines */
    int64_t stop_deadline_ms;

    /* This turn of the loop: the sets handed to select() (watch_*) and what it
     * gave back (ready_*); a ready bit is cleared when its fd is dealt with. */
    fd_set watch_read, watch_write, ready_read, ready_write;
    int watch_max;
    int ready_count; /* select()'s return value for this turn */
    struct timer due; /* what this turn's time-out waits for (timer.h) */
    bool turn_open;  /* select() has returned; its ready fds are being dealt with */

    /* Extras around the loop: step mode, the operator's keys, the dashboard. */
    struct step step;       /* --step / --step-delay */
    bool select_announced;  /* step mode: the "select() returned" step was taken */
    struct console console; /* the operator's keys on standard input */
    bool tui;               /* --tui: draw the dashboard, read keys through curses */
    bool quit_requested;    /* the operator pressed q */
};

/* Open the listening sockets and print the ready line. 0, or -1 on error. */
int server_open(struct server *server, const struct server_options *options, int wake_fd);

/*
 * Run the select() loop until *stop becomes true and every client has been
 * told and flushed (at most LIMIT_CLOSE_TIMEOUT_MS). Returns the exit status.
 */
int server_run(struct server *server, const volatile sig_atomic_t *stop);

void server_close(struct server *server);

#endif
