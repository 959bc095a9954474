/*
 * options.h - obrol-client's command line.
 *
 * Every number the client works with is named, never written into the code:
 * what a person can set is named here or in the module it belongs to
 * (TRICKLE_SIZE_MAX, TRICKLE_DEFAULT_PAUSE), with its default; the client's
 * compile-time limits sit in the header of the module they bound, with a name
 * that says it is a limit (FLOW_ROWS_MAX, SCROLLBACK_ENTRIES_MAX, UI_COLUMNS_MIN).
 */
#ifndef OBROL_CLIENT_OPTIONS_H
#define OBROL_CLIENT_OPTIONS_H

#include <stdbool.h>

#define CLIENT_PROGRAM "obrol-client" /* in messages about the command line */
#define CLIENT_DEFAULT_HOST "127.0.0.1"
#define CLIENT_PORT_MIN 1
#define CLIENT_PORT_MAX 65535
#define CLIENT_EXIT_USAGE 2   /* the exit status after a bad option */
#define CLIENT_EXIT_REFUSED 3 /* --batch: the server refused a request (ERR) */

struct client_options {
    const char *host;       /* --host (default 127.0.0.1) */
    unsigned port;          /* --port (default PROTO_DEFAULT_PORT) */
    const char *nick;       /* --nick, or NULL: the server's guestN */
    bool batch;             /* --batch: plain lines on stdin/stdout, no screen */
    const char *language;   /* --lang */
    bool step;              /* --step: start in step mode */
    unsigned trickle_size;  /* --trickle-size: bytes per /trickle fragment */
    unsigned trickle_pause; /* --trickle-pause: ms between /trickle fragments */
    const char *room_code;  /* --room-code or OBROL_ROOM_CODE: sent as /join CODE */
    const char *record;     /* --record FILE: the flow as a trace (NULL: none) */
};

/* What main() does after the command line was read. */
enum client_options_result {
    CLIENT_OPTIONS_RUN,        /* run the client with `options` */
    CLIENT_OPTIONS_EXIT_OK,    /* --help or --version was printed: exit with success */
    CLIENT_OPTIONS_EXIT_USAGE, /* a bad option; the message was printed: exit CLIENT_EXIT_USAGE */
};

enum client_options_result client_options_parse(struct client_options *options, int argc,
                                                char **argv);

#endif
