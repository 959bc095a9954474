/*
 * connection.h - the client's one TCP connection to the server.
 *
 * A small state machine, driven by the select() loop:
 *
 *   WAITING --connection_start()--> CONNECTING --writable, SO_ERROR 0--> CONNECTED
 *      ^                                 |  ^                                |
 *      |                  refused: next  +--+                                |
 *      |                  address of the name                                |
 *      +------- every address failed / closed: connection_schedule_retry() --+
 *
 * Nothing here blocks. The host name is resolved once per attempt
 * (net_resolve); connect() is started to each of its addresses in turn
 * (net_connect_next) and finished when select() reports the socket writable; output goes through an
 * outq (src/common) and is written when the socket is writable; input goes
 * into an incoming buffer that frames lines. After a failure the next attempt
 * waits 1, 2, 4, ... up to CONNECTION_BACKOFF_MAX seconds.
 *
 * This file never draws anything: it reports what happened to its caller.
 */
#ifndef OBROL_CLIENT_CONNECTION_H
#define OBROL_CLIENT_CONNECTION_H

#include "net.h"
#include "net/incoming.h"
#include "outq.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define CONNECTION_BACKOFF_MAX 30         /* seconds between attempts, at most */
#define CONNECTION_QUEUE_MAX (256 * 1024) /* bytes waiting to be sent */

enum connection_state {
    CONNECTION_WAITING,    /* not connected; maybe a retry is scheduled */
    CONNECTION_CONNECTING, /* connect() in progress */
    CONNECTION_CONNECTED,
};

enum connection_read {
    CONNECTION_READ_DATA,    /* bytes arrived: take lines with incoming_next() */
    CONNECTION_READ_NOTHING, /* nothing after all (EAGAIN) */
    CONNECTION_READ_CLOSED,  /* the server closed (EOF): drain the lines, then close */
    CONNECTION_READ_ERROR,   /* recv() failed: `error` says why */
};

struct connection {
    const char *host;
    unsigned port;
    char address[NET_ADDRESS_MAX + 8]; /* "host:port", for people */
    struct net_candidates candidates;  /* the addresses of `host` not tried yet */
    char trying[NET_ADDRESS_MAX];      /* the address being connected to: "[::1]:12345" */
    int fd;                            /* -1 when not connected */
    enum connection_state state;
    struct outq out;
    struct incoming in;
    unsigned backoff_seconds; /* the wait before the next retry */
    int64_t retry_at_ms;      /* when to try again; -1: not scheduled */
    size_t last_read;         /* bytes the last recv() returned */
    char error[256];
};

void connection_init(struct connection *conn, const char *host, unsigned port);
void connection_free(struct connection *conn);

/* Start connecting. false: it failed at once, for every address (`error` says why). */
bool connection_start(struct connection *conn);

enum connection_progress {
    CONNECTION_DONE,   /* connected */
    CONNECTION_NEXT,   /* that address failed: connecting to the next one (`error`, `trying`) */
    CONNECTION_FAILED, /* every address failed: `error` says why the last one did */
};

/* The socket became writable while CONNECTING: connected, or on to the next address. */
enum connection_progress connection_finish_connect(struct connection *conn);

/* Queue a line and its newline; false when the queue is full or not connected. */
bool connection_queue_line(struct connection *conn, const char *line, size_t len);

/* Queue bytes as they are, no newline added (/trickle sends a line in pieces). */
bool connection_queue_bytes(struct connection *conn, const char *bytes, size_t len);

/* One send() of everything queued. Returns bytes written, or -1 (`error` set). */
ssize_t connection_flush(struct connection *conn);

/* One recv() into the incoming buffer. */
enum connection_read connection_read(struct connection *conn, int64_t now_ms);

/* One recv() into `buffer` instead of the incoming buffer (step mode keeps the
 * bytes aside until a step; then incoming_feed() frames them). */
enum connection_read connection_receive(struct connection *conn, char *buffer, size_t room);

/* True when the loop should wait for the socket to be writable. */
bool connection_wants_write(const struct connection *conn);

/* Close the socket and forget queued bytes; the state becomes WAITING. */
void connection_close(struct connection *conn);

/* Plan the next attempt after the current backoff; returns its delay in seconds. */
unsigned connection_schedule_retry(struct connection *conn, int64_t now_ms);

/* The backoff after `seconds`: 1, 2, 4, 8, 16, 30, 30 ... */
unsigned connection_backoff_next(unsigned seconds);

#endif
