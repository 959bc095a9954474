/*
 * timer.h - the server's timers: what select()'s time-out waits for.
 *
 * The loop never sleeps for a fixed time. Before select() it looks for the
 * earliest thing that will be due even if no byte arrives (server.c, step 2),
 * and gives select() the time until then. Which timer that is, and whose, is
 * kept so that the narration can say what the number is waiting for.
 */
#ifndef OBROL_SERVER_TIMER_H
#define OBROL_SERVER_TIMER_H

#include <stdint.h>

struct conn;

enum timer_kind {
    TIMER_NONE,         /* nothing is due: sleep until a socket is ready */
    TIMER_WELCOME,      /* a quiet newcomer gets its WELCOME line */
    TIMER_LINE_END,     /* bytes without a newline from a client that never sent one */
    TIMER_RATE,         /* a client over its rate may send its next line */
    TIMER_PING,         /* a silent client is asked PING */
    TIMER_PING_TIMEOUT, /* a client that did not answer PING is dropped */
    TIMER_DOOR,         /* a client at a locked room's door has waited too long */
    TIMER_CLOSE,        /* a closing client's last bytes: then its socket is closed anyway */
    TIMER_STOP,         /* shutting down: the last bytes, then the server stops */
};

struct timer {
    int64_t at; /* ms on the monotonic clock; INT64_MAX: nothing due */
    enum timer_kind kind;
    const struct conn *conn; /* whose timer; NULL for TIMER_NONE and TIMER_STOP */
};

/* The timer's name in a trace ("welcome", "ping", ...), and back (TIMER_NONE if unknown). */
const char *timer_name(enum timer_kind kind);
enum timer_kind timer_from_name(const char *name);

#endif
