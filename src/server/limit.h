/*
 * limit.h - the server's fixed limits and timings: compiled in, not options.
 *
 * What a teacher may change is a setting in options.h; what stays the same for
 * every class is named here. Either way, nothing in the loop is a magic number.
 */
#ifndef OBROL_SERVER_LIMIT_H
#define OBROL_SERVER_LIMIT_H

#include <sys/select.h>

/* select() can only watch fds below FD_SETSIZE; keep a few for stdin, listeners... */
#define LIMIT_FD_RESERVE 16
/* The most clients select() can serve safely (the largest --max-clients). */
#define LIMIT_MAX_CLIENTS ((unsigned)(FD_SETSIZE - LIMIT_FD_RESERVE))

/* The fds below FD_SETSIZE the server needs free at start-up: the signal pipe (2),
 * the spare fd (1), the listening sockets (up to 4) and room for one client. */
#define LIMIT_STARTUP_FDS 8

/* At most this many accept()s per listening socket per turn, to stay fair. */
#define LIMIT_ACCEPT_BATCH 64
/* Lines a client may send at once before --rate applies. */
#define LIMIT_RATE_BURST 20
/* A client that never sends a newline is "done typing" after this much silence. */
#define LIMIT_IDLE_FLUSH_MS 300
/* A new client that stays silent this long is greeted with a WELCOME line. */
#define LIMIT_WELCOME_DELAY_MS 300
/* Wrong room codes a client may try before it is disconnected. */
#define LIMIT_ROOM_CODE_TRIES 3
/* TCP keepalive: the kernel probes a connection idle this long (s), this often (s), this many
 * times. */
#define LIMIT_KEEPALIVE_IDLE_S 60
#define LIMIT_KEEPALIVE_INTERVAL_S 10
#define LIMIT_KEEPALIVE_COUNT 6
/* How long a closing connection may take to flush its last lines. */
#define LIMIT_CLOSE_TIMEOUT_MS 2000
/* The longest reason a connection leaves with (told to the others in LEAVE). */
#define LIMIT_REASON_MAX 96

/* ---- What the server remembers about each computer (hosts.c) ---------------------- */

/* Addresses remembered at once. More than can be connected at once, so that there is
 * always an address without a connection to forget when a new one arrives. */
#define LIMIT_HOSTS 2048
_Static_assert(LIMIT_HOSTS > LIMIT_MAX_CLIENTS, "a connected address is never forgotten");
/* New connections one computer may open at once, then this many per second. */
#define LIMIT_HOST_ARRIVAL_BURST 8
#define LIMIT_HOST_ARRIVALS_PER_S 2
/* Connections one computer may have waiting at a locked room's door (no code yet). */
#define LIMIT_HOST_AT_THE_DOOR 2
/* Arrivals of one computer announced (JOIN, later LEAVE) per window; the rest are quiet. */
#define LIMIT_HOST_ANNOUNCED 3
#define LIMIT_HOST_ANNOUNCE_WINDOW_MS (60 * 1000)
/* Wrong room codes one computer may give freely; then each wait is twice the last. */
#define LIMIT_HOST_CODE_TRIES 3
#define LIMIT_HOST_CODE_WAIT_FIRST_MS 1000
#define LIMIT_HOST_CODE_WAIT_MAX_MS (64 * 1000)
/* A computer whose student the teacher kicked is refused this long (/unban lifts it). */
#define LIMIT_HOST_KICK_BAN_MS (5 * 60 * 1000)

#endif
