/*
 * room.h - the chat room: who is connected, and how to talk to them.
 *
 * The loop (server.c) puts connections in and takes them out; the commands
 * (commands.c) and the teacher (operator.c) find people and send them lines.
 * Nothing here touches a socket: a line is queued on each connection it is
 * for, and the loop sends it when select() says that socket is writable.
 *
 * Connections are kept in an array indexed by their fd. Only fds below
 * FD_SETSIZE are ever put in (select() cannot watch larger ones), so the index
 * is always in bounds.
 */
#ifndef OBROL_SERVER_ROOM_H
#define OBROL_SERVER_ROOM_H

#include "conn.h"
#include "hosts.h"
#include "options.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h>

struct room {
    const struct server_options *options;
    struct conn *conns[FD_SETSIZE]; /* by fd; NULL where there is none */
    unsigned count;                 /* connections in conns */
    int max_fd;                     /* highest fd in conns, -1 when empty */
    unsigned next_guest;            /* guestN numbering */
    char *line;                     /* scratch space to compose one outgoing line */
    size_t line_room;
    struct hosts hosts; /* what is remembered about each computer, connected or not */
};

/* An empty room for these settings. False if out of memory. */
bool room_init(struct room *room, const struct server_options *options);

/* Free every connection (closing its socket) and the room's own memory. */
void room_free(struct room *room);

/* ---- Who is here ------------------------------------------------------------- */

/* The computer a peer connects from (made known to the room's hosts table if new). */
struct host *room_host(struct room *room, const struct sockaddr *peer, int64_t now_ms);

/*
 * Take a new connection from the computer `from` in, at the door: it is named
 * guestN, and starts muted if the teacher muted that computer.
 */
void room_add(struct room *room, struct conn *conn, struct host *from);

/* Take a connection out and free it; tell the others LEAVE if `tell_others`. */
void room_remove(struct room *room, struct conn *conn, bool tell_others, int64_t now_ms);

/*
 * Let a connection into the room proper (an open room, or the right /join CODE).
 * The others are told JOIN, unless its computer reconnects too often to be
 * announced every time (hosts_announce): then it comes and goes quietly.
 */
void room_admit(struct room *room, struct conn *conn, int64_t now_ms);

/* The connection with this nick (compared without case), or NULL. */
struct conn *room_find_nick(const struct room *room, const char *nick, size_t len);

/* ---- Sending ------------------------------------------------------------------- */

/*
 * Milliseconds until this connection may have its next line acted on (0: now):
 * its own rate bucket (--rate) and its computer's budget, shared with that
 * computer's other connections and kept across reconnects, must both allow it.
 */
int64_t room_line_wait_ms(struct room *room, struct conn *conn, int64_t now_ms);

/* A line of this connection is acted on: spend it from both budgets. */
void room_take_line(struct room *room, struct conn *conn, int64_t now_ms);

/* ---- Talking ----------------------------------------------------------------- */

/*
 * Compose "KEYWORD[ WORD][ TEXT]\n" in room->line, the text sanitised.
 * Returns its length. The line stays valid until the next compose.
 */
size_t room_compose(struct room *room, const char *keyword, const char *word, const char *text,
                    size_t text_len);

/* Compose a line and queue it for one connection. */
void room_tell(struct room *room, struct conn *to, const char *keyword, const char *word,
               const char *text, size_t text_len);

/*
 * Compose a line and queue it for everyone in the room but `except` (may be
 * NULL). Returns how many it was queued for.
 */
unsigned room_tell_others(struct room *room, const struct conn *except, const char *keyword,
                          const char *word, const char *text, size_t text_len);

#endif
