/*
 * options.h - the server's settings, from the command line.
 *
 * Every limit the server enforces is a named setting here, with its default,
 * so that nothing in the loop is a magic number.
 */
#ifndef OBROL_SERVER_OPTIONS_H
#define OBROL_SERVER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* select() can only watch fds below FD_SETSIZE; keep a few for stdin, listeners... */
#define OPTIONS_FD_RESERVE 16

#define OPTIONS_DEFAULT_BIND "127.0.0.1"
#define OPTIONS_DEFAULT_MAX_QUEUE (256 * 1024)
#define OPTIONS_DEFAULT_RATE 5  /* lines per second per client */
#define OPTIONS_RATE_BURST 20   /* lines a client may send at once before --rate applies */

/* A client that never sends a newline is "done typing" after this much silence. */
#define OPTIONS_IDLE_FLUSH_MS 300
/* A new client that stays silent this long is greeted with a WELCOME line. */
#define OPTIONS_WELCOME_DELAY_MS 300
/* Connections one computer may have at once (--max-per-host; 0 = no limit). */
#define OPTIONS_DEFAULT_MAX_PER_HOST 8
/* Wrong room codes a client may try before it is disconnected. */
#define OPTIONS_ROOM_CODE_TRIES 3
/* A client silent this long gets a PING; if it stays silent, it is dropped. */
#define OPTIONS_DEFAULT_PING_AFTER_S 180
#define OPTIONS_DEFAULT_PING_TIMEOUT_S 60
/* TCP keepalive: the kernel probes a connection idle this long (s), this often (s), this many times. */
#define OPTIONS_KEEPALIVE_IDLE_S 60
#define OPTIONS_KEEPALIVE_INTERVAL_S 10
#define OPTIONS_KEEPALIVE_COUNT 6
/* How long a closing connection may take to flush its last lines. */
#define OPTIONS_CLOSE_TIMEOUT_MS 2000

enum narrate_level {
    NARRATE_QUIET = 0,   /* -q: errors only */
    NARRATE_NORMAL = 1,  /* connections, messages, leaves */
    NARRATE_VERBOSE = 2, /* -v: every system call of the loop */
};

struct server_options {
    const char *bind;
    unsigned port;
    unsigned max_clients;
    size_t max_line;
    size_t max_queue;
    unsigned rate;
    enum narrate_level level;
    const char *language;
    bool step;              /* --step: pause before every step */
    unsigned step_delay_ms; /* --step-delay: slow motion */
    bool tui;               /* --tui: full-screen dashboard */
    const char *room_code;  /* --room-code / OBROL_ROOM_CODE: NULL = open room */
    unsigned max_per_host;  /* --max-per-host (0 = no limit) */
    bool limit_loopback;    /* --limit-loopback: count 127.0.0.1 and ::1 too */
    unsigned ping_after_s;  /* --ping-after */
    unsigned ping_timeout_s; /* --ping-timeout */
};

/*
 * Fill `options` from argv. Returns -1 to exit with success (--help, --version
 * printed), 1 on a usage error (message printed), 0 to run.
 */
int options_parse(struct server_options *options, int argc, char **argv);

/* The most clients select() can serve safely. */
unsigned options_max_clients_limit(void);

#endif
