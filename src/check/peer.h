/*
 * peer.h - one test client of the grader.
 *
 * A peer is a non-blocking socket with a send queue (struct outq) and a
 * receive buffer framed into lines (struct linebuf); every line it receives
 * is kept with the time it arrived, so that a check can ask "has B received
 * a line containing this text, and when?". The loop (loop.c) does the I/O;
 * this file only holds the state and answers questions about it.
 */
#ifndef OBROL_CHECK_PEER_H
#define OBROL_CHECK_PEER_H

#include "linebuf.h"
#include "outq.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define PEER_MAX_LINE (64 * 1024)       /* longer received lines are counted, not kept */
#define PEER_MAX_QUEUE (4 * 1024 * 1024) /* what one peer may have waiting to be sent */
#define PEER_MAX_KEPT (8 * 1024 * 1024)  /* received bytes kept as lines, per peer */

enum peer_state {
    PEER_CONNECTING, /* connect() in progress */
    PEER_OPEN,       /* connected */
    PEER_FAILED,     /* connect() failed: connect_error says why */
    PEER_GONE,       /* the server closed the connection (or reset it) */
    PEER_CLOSED,     /* we closed it */
};

struct peer_line {
    char *text; /* NUL-terminated copy, without the line end */
    size_t len;
    int64_t at_ms;
};

struct peer {
    char name[16];
    int fd;
    enum peer_state state;
    int connect_error; /* errno of a failed connect() */
    bool no_read;      /* this client stops reading (slow-reader) */
    bool quiet;        /* its traffic stays out of the transcript */
    bool discard;      /* received lines are counted in line_count but not kept */
    struct linebuf in;
    struct outq out;
    struct peer_line *lines;
    size_t line_count, line_cap;
    size_t bytes_in, bytes_out, bytes_kept;
    size_t too_long; /* lines longer than PEER_MAX_LINE */
    int64_t opened_ms; /* when connect() was called */
    int64_t last_line_ms; /* when the last line came (kept or not) */
    int64_t gone_ms;   /* when the server closed it */
};

/*
 * Start connecting to `address`: a non-blocking socket, with SO_RCVBUF set to
 * `receive_buffer` first when it is not 0 (before connect(), so that the
 * window the kernel announces is small from the start). False if socket()
 * failed (errno set); a connect() that fails later shows as PEER_FAILED.
 */
bool peer_open(struct peer *peer, const char *name, const struct sockaddr *address,
               socklen_t length, int receive_buffer);

/* Close it (nothing more is sent or received), and free its buffers. */
void peer_free(struct peer *peer);

/* Close the socket, normally (FIN) or with a reset (SO_LINGER 0: RST). */
void peer_close(struct peer *peer, bool reset);

/*
 * End our side of the connection (FIN) and keep the socket: the server reads
 * end of file (recv() returns 0) for certain, whatever we have not read yet
 * (a close() with unread bytes would send a reset instead).
 */
void peer_shutdown(struct peer *peer);

/* Queue bytes to be sent by the loop; false if the queue is full. */
bool peer_queue(struct peer *peer, const char *bytes, size_t count);

/* Keep a received line (the loop calls it for every framed line). */
void peer_keep_line(struct peer *peer, const char *text, size_t len, int64_t now_ms);

/* The index of the first line from `from` on that contains `text`, or -1. */
long peer_find(const struct peer *peer, const char *text, size_t from);

/* True if `haystack` (`len` bytes) contains the NUL-terminated `needle`. */
bool peer_contains(const char *haystack, size_t len, const char *needle);

#endif
