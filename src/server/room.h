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
};

/* An empty room for these settings. False if out of memory. */
bool room_init(struct room *room, const struct server_options *options);

/* Free every connection (closing its socket) and the room's own memory. */
void room_free(struct room *room);

/* ---- Who is here ------------------------------------------------------------- */

/* Take a new connection in (it is named guestN). */
void room_add(struct room *room, struct conn *conn);

/* Take a connection out and free it; tell the others LEAVE if `tell_others`. */
void room_remove(struct room *room, struct conn *conn, bool tell_others);

/* Let a connection into the room proper (an open room, or the right /join CODE). */
void room_admit(struct room *room, struct conn *conn);

/* The connection with this nick (compared without case), or NULL. */
struct conn *room_find_nick(const struct room *room, const char *nick, size_t len);

/* How many connections this computer has (its address without the port). */
unsigned room_count_host(const struct room *room, const char *host);

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
