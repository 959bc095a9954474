/*
 * options.h - obrol-check's command line.
 *
 * The grader either connects to a server that is already running (--host,
 * --port) or starts one for every check (--spawn 'CMD {port}'). The parsed
 * options say what to run, how long to wait and how to report.
 */
#ifndef OBROL_CHECK_OPTIONS_H
#define OBROL_CHECK_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

/* What kind of server is graded (docs/man/obrol-check.1, "PROFILES"). */
enum grader_profile {
    PROFILE_DETECT, /* not given: found out by a probe (relay or reply, never obrol) */
    PROFILE_RELAY,  /* a chat room: a line goes to every other client */
    PROFILE_REPLY,  /* the lesson's request/response server */
    PROFILE_OBROL,  /* relay, plus obrol's own protocol (docs/protocol.md) */
};

enum grader_format { FORMAT_HUMAN, FORMAT_JSON, FORMAT_TAP, FORMAT_JUNIT };

#define GRADER_DEFAULT_HOST "127.0.0.1"
#define GRADER_DEFAULT_CLIENTS 200
#define GRADER_DEFAULT_FD_CLIENTS 1100

struct grader_options {
    const char *host;
    unsigned port;
    bool port_given;
    const char *spawn; /* the command, or NULL */
    enum grader_profile profile;
    const char *only; /* "id,id,...", or NULL for every check */
    enum grader_format format;
    bool quick;
    bool verbose;
    bool list;
    unsigned clients;    /* many-clients */
    unsigned fd_clients; /* fd-limit */
};

enum grader_parse { GRADER_RUN, GRADER_EXIT_SUCCESS, GRADER_EXIT_USAGE };

/*
 * Parse argv into `options`. --help and --version print to `out`, errors go
 * to `err` (with a pointer to --help). Checks that the target is given
 * (--port or --spawn) unless only --list is asked for.
 */
enum grader_parse grader_options_parse(struct grader_options *options, int argc, char **argv,
                                       FILE *out, FILE *err);

/* "relay", "reply", "obrol" (or "detect"). */
const char *grader_profile_name(enum grader_profile profile);

#endif
