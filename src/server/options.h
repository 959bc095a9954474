/*
 * options.h - the server's settings, from the command line.
 *
 * Every setting a teacher may change is named here, with its default; the
 * limits that stay the same for every class are in limit.h. Either way, nothing
 * in the loop is a magic number.
 */
#ifndef OBROL_SERVER_OPTIONS_H
#define OBROL_SERVER_OPTIONS_H

#include "narrate.h"

#include <stdbool.h>
#include <stddef.h>

/* The defaults of the settings (the fixed limits are in limit.h). */
#define OPTIONS_DEFAULT_BIND "127.0.0.1"
#define OPTIONS_DEFAULT_MAX_QUEUE (256 * 1024)
#define OPTIONS_DEFAULT_RATE 5 /* lines per second per client */
/* Connections one computer may have at once (--max-per-host; 0 = no limit). */
#define OPTIONS_DEFAULT_MAX_PER_HOST 8
/* A client silent this long gets a PING; if it stays silent, it is dropped. */
#define OPTIONS_DEFAULT_PING_AFTER_S 180
#define OPTIONS_DEFAULT_PING_TIMEOUT_S 60
/* A client at a locked room's door must give the code within this many seconds. */
#define OPTIONS_DEFAULT_DOOR_TIMEOUT_S 60
/* The longest room code (a student types it). */
#define OPTIONS_ROOM_CODE_MAX 64

struct server_options {
    const char *bind;
    unsigned port;
    unsigned max_clients;
    size_t max_line;
    size_t max_queue;
    unsigned rate;
    enum narrate_level level;
    const char *language;
    bool step;               /* --step: pause before every step */
    unsigned step_delay_ms;  /* --step-delay: slow motion */
    bool tui;                /* --tui: full-screen dashboard */
    const char *room_code;   /* --room-code / OBROL_ROOM_CODE: NULL = open room */
    unsigned max_per_host;   /* --max-per-host (0 = no limit) */
    bool limit_loopback;     /* --limit-loopback: count 127.0.0.1 and ::1 too */
    bool no_explain;         /* --no-explain: -v without "meaning:" lines (meaning.h) */
    unsigned ping_after_s;   /* --ping-after */
    unsigned ping_timeout_s; /* --ping-timeout */
    unsigned door_timeout_s; /* --door-timeout */
    const char *record;      /* --record FILE: the trace (NULL: none) */
    unsigned bugs;           /* --bug NAME: the mistakes made on purpose (mistakes.h) */
};

enum options_result {
    OPTIONS_RUN,          /* start the server */
    OPTIONS_EXIT_SUCCESS, /* --help or --version was printed: exit 0 */
    OPTIONS_EXIT_USAGE,   /* a usage error was printed: exit 2 */
};

/* Fill `options` from argv (and OBROL_ROOM_CODE). */
enum options_result options_parse(struct server_options *options, int argc, char **argv);

#endif
