/*
 * client.h - what the server knows about one connected client.
 *
 * One struct per connection: its socket, its nick, the bytes it sent that do
 * not yet form a line (in), the bytes waiting to be sent to it (out), and its
 * place in the rate limit. Both buffers are allocated only while they hold
 * something, so an idle client costs about the size of this struct.
 */
#ifndef OBROL_SERVER_CLIENT_H
#define OBROL_SERVER_CLIENT_H

#include "linebuf.h"
#include "net.h"
#include "outq.h"
#include "protocol.h"
#include "ratelimit.h"

#include <stdbool.h>
#include <stdint.h>

enum client_state {
    CLIENT_OPEN,    /* reading and writing normally */
    CLIENT_CLOSING, /* sending its last lines, then shutdown(SHUT_WR) */
    CLIENT_DRAINING, /* write side shut: reading until the peer closes too */
    CLIENT_DEAD,    /* to be closed and freed at the end of this loop */
};

#define CLIENT_REASON_MAX 96

struct client {
    int fd;
    enum client_state state;
    char nick[PROTO_NICK_MAX + 1];
    char address[NET_ADDRESS_MAX];
    struct linebuf in;
    struct outq out;
    struct ratelimit rate;
    int64_t connected_ms;
    int64_t last_recv_ms;
    int64_t close_deadline_ms; /* CLOSING/DRAINING: give up waiting at this time */
    bool greeted;              /* WELCOME sent, or not needed (the client spoke first) */
    bool peer_closed;          /* recv() returned 0: no more bytes will come */
    bool announce_leave;       /* tell the others when this client goes */
    bool admitted;             /* in the room: gave the room code, or none is needed */
    bool muted;                /* the teacher muted it: its messages are refused */
    unsigned wrong_codes;      /* wrong /join attempts so far */
    bool pinged;               /* a PING was sent and not yet answered */
    int64_t pinged_ms;         /* when that PING was sent */
    bool loopback;             /* connected from 127.0.0.0/8 or ::1 */
    char host[NET_ADDRESS_MAX]; /* the peer's address without its port */
    char leave_reason[CLIENT_REASON_MAX];
    uint64_t bytes_in, bytes_out;
};

/* A new client for an accepted socket; NULL if out of memory. */
struct client *client_new(int fd, const char *address, size_t max_line, size_t max_queue,
                          int64_t now_ms);

/* Close the socket and free everything the client holds. */
void client_free(struct client *client);

/*
 * Queue bytes for the client. If its output queue would pass the limit, the
 * client is not reading: it is marked dead with that reason and false returned.
 */
bool client_queue(struct client *client, const char *bytes, size_t count);

/* Remember why the client leaves (the first reason given wins). */
void client_set_reason(struct client *client, const char *reason);

/* Mark the client for removal at the end of this loop, with a reason for the others. */
void client_kill(struct client *client, const char *reason);

/*
 * Send the queued lines, then close: stop reading requests, flush, shut down
 * the write side, wait (bounded) for the peer to close its side.
 */
void client_close_gracefully(struct client *client, const char *reason, int64_t now_ms);

/* True if select() should watch this client for reading / writing. */
bool client_wants_read(const struct client *client, unsigned rate);
bool client_wants_write(const struct client *client);

#endif
