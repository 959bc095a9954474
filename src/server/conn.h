/*
 * conn.h - what the server knows about one connection (one connected client).
 *
 * One struct per connection: its socket, its nick, the bytes it sent that do
 * not yet form a line (in), the bytes waiting to be sent to it (out), and its
 * place in the rate limit. Both buffers are allocated only while they hold
 * something, so an idle connection costs about the size of this struct.
 *
 * ("client" is the program at the other end, src/client/; "conn" is the
 * server's record of one of them.)
 */
#ifndef OBROL_SERVER_CONN_H
#define OBROL_SERVER_CONN_H

#include "hosts.h"
#include "limit.h"
#include "linebuf.h"
#include "net.h"
#include "outq.h"
#include "protocol.h"
#include "ratelimit.h"

#include <stdbool.h>
#include <stdint.h>

enum conn_state {
    CONN_OPEN,     /* reading and writing normally */
    CONN_CLOSING,  /* sending its last lines, then shutdown(SHUT_WR) */
    CONN_DRAINING, /* write side shut: reading until the peer closes too */
    CONN_DEAD,     /* to be closed and freed at the end of this turn of the loop */
};

struct conn {
    int fd;
    enum conn_state state;
    char nick[PROTO_NICK_MAX + 1];
    char address[NET_ADDRESS_MAX]; /* the peer's address and port, for the log */
    struct host *host;             /* the computer it connects from (hosts.c), set by room_add */
    struct linebuf in;
    struct outq out;
    struct ratelimit rate;
    int64_t connected_ms;
    int64_t last_recv_ms;
    int64_t close_deadline_ms; /* CLOSING/DRAINING: give up waiting at this time */
    bool greeted;              /* WELCOME sent, or not needed (the client spoke first) */
    bool peer_closed;          /* recv() returned 0: no more bytes will come */
    bool announced;            /* the others were told it JOINed: tell them NICK and LEAVE too */
    bool admitted;             /* in the room: gave the room code, or none is needed */
    bool muted;                /* the teacher muted it: its words reach nobody */
    unsigned wrong_codes;      /* wrong /join attempts so far */
    bool pinged;               /* a PING was sent and not yet answered */
    int64_t pinged_ms;         /* when that PING was sent */
    char leave_reason[LIMIT_REASON_MAX];
};

/* A new connection for an accepted socket; NULL if out of memory. */
struct conn *conn_new(int fd, const struct sockaddr *peer, socklen_t peer_len, size_t max_line,
                      size_t max_queue, int64_t now_ms);

/* Close the socket and free everything the connection holds. */
void conn_free(struct conn *conn);

/*
 * Queue bytes for the client. If its output queue would pass the limit, the
 * client is not reading: it is marked dead with that reason and false returned.
 */
bool conn_queue(struct conn *conn, const char *bytes, size_t count);

/* Remember why the client leaves (the first reason given wins). */
void conn_set_reason(struct conn *conn, const char *reason);

/* Mark the connection for removal at the end of this turn, with a reason for the others. */
void conn_kill(struct conn *conn, const char *reason);

/*
 * Send the queued lines, then close: stop reading requests, flush, shut down
 * the write side, wait (bounded) for the peer to close its side.
 */
void conn_close_gracefully(struct conn *conn, const char *reason, int64_t now_ms);

/* True if select() should watch this connection for reading / writing. */
bool conn_wants_read(const struct conn *conn, unsigned rate);
bool conn_wants_write(const struct conn *conn);

#endif
