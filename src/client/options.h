/*
 * options.h - obrol-client's command line.
 */
#ifndef OBROL_CLIENT_OPTIONS_H
#define OBROL_CLIENT_OPTIONS_H

#include <stdbool.h>

#define CLIENT_DEFAULT_HOST "127.0.0.1"

struct client_options {
    const char *host;     /* --host (default 127.0.0.1) */
    unsigned port;        /* --port (default 12345) */
    const char *nick;     /* --nick, or NULL: the server's guestN */
    bool batch;           /* --batch: plain lines on stdin/stdout, no screen */
    const char *language; /* --lang */
    bool step;            /* --step: start in step mode */
    unsigned trickle_size;  /* --trickle-size: bytes per /trickle fragment */
    unsigned trickle_pause; /* --trickle-pause: ms between /trickle fragments */
    const char *room_code;  /* --room-code or OBROL_ROOM_CODE: sent as /join CODE */
};

/* Parse argv. 0: go on; -1: done (--help, --version); 1: bad usage (message printed). */
int client_options_parse(struct client_options *options, int argc, char **argv);

#endif
