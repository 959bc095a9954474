/*
 * options.c - parse obrol-client's command line.
 */
#include "options.h"

#include "i18n.h"
#include "number.h"
#include "protocol.h"
#include "teach/trickle.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef OBROL_VERSION
#define OBROL_VERSION "0.1.0"
#endif

/* --help. */
static void client_options_usage(FILE *out)
{
    fprintf(out, _("Usage: obrol-client [OPTION]...\n"
                   "A terminal chat client that shows every request and response it exchanges.\n"
                   "\n"));
    fprintf(out, _("  -H, --host HOST   server to connect to (default %s)\n"), CLIENT_DEFAULT_HOST);
    fprintf(out, _("  -p, --port N      TCP port (default %d)\n"), PROTO_DEFAULT_PORT);
    fprintf(out, _("  -n, --nick NAME   ask for this nick after connecting\n"
                   "  -b, --batch       no screen: send each line of stdin, print each line\n"
                   "                    received (\"< \" responses, \"* \" events, \"# \" notes)\n"
                   "      --step        start in step mode: each send() and recv() waits for\n"
                   "                    Space (F5 switches step mode on and off)\n"));
    fprintf(out, _("      --room-code CODE   the room's code, sent as /join CODE after connecting\n"
                   "                    (or set OBROL_ROOM_CODE)\n"));
    fprintf(out, _("      --record FILE write every row of the flow pane into FILE (docs/trace.md),\n"
                   "                    for obrol-replay\n"));
    fprintf(out,
            _("      --trickle-size N   bytes per /trickle fragment (1-%d, default %d)\n"
              "      --trickle-pause MS pause between fragments (0-%d ms, default %d)\n"),
            TRICKLE_SIZE_MAX, TRICKLE_DEFAULT_SIZE, TRICKLE_PAUSE_MAX, TRICKLE_DEFAULT_PAUSE);
    fprintf(out, _("      --lang LANG   language of messages: en or id\n"
                   "  -h, --help        show this help and exit\n"
                   "  -V, --version     show the version and exit\n"
                   "\n"
                   "Keys: F1 help, F2 flow pane, F3 topology, F4 inspect, F5 step mode,\n"
                   "Space/Enter on an empty line: next step, +/-: slow motion.\n"
                   "Commands: /nick /who /msg /me /ping /join /help /quit, and in the client only\n"
                   "/clear /reconnect /save FILE /trickle [-s BYTES] [-p MS] TEXT.\n"
                   "See obrol-client(1) and docs/client.md.\n"));
}

/* Options without a letter of their own. */
enum {
    CLIENT_OPTION_LANG = 256, /* past every char */
    CLIENT_OPTION_STEP,
    CLIENT_OPTION_TRICKLE_SIZE,
    CLIENT_OPTION_TRICKLE_PAUSE,
    CLIENT_OPTION_ROOM_CODE,
    CLIENT_OPTION_RECORD,
};

static const struct option client_long_options[] = {
    {.name = "host", .has_arg = required_argument, .val = 'H'},
    {.name = "port", .has_arg = required_argument, .val = 'p'},
    {.name = "nick", .has_arg = required_argument, .val = 'n'},
    {.name = "batch", .has_arg = no_argument, .val = 'b'},
    {.name = "lang", .has_arg = required_argument, .val = CLIENT_OPTION_LANG},
    {.name = "step", .has_arg = no_argument, .val = CLIENT_OPTION_STEP},
    {.name = "room-code", .has_arg = required_argument, .val = CLIENT_OPTION_ROOM_CODE},
    {.name = "trickle-size", .has_arg = required_argument, .val = CLIENT_OPTION_TRICKLE_SIZE},
    {.name = "trickle-pause", .has_arg = required_argument, .val = CLIENT_OPTION_TRICKLE_PAUSE},
    {.name = "record", .has_arg = required_argument, .val = CLIENT_OPTION_RECORD},
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {.name = "version", .has_arg = no_argument, .val = 'V'},
    {.name = NULL}, /* the end */
};

/* Before the command line: the defaults, and the room code from the environment. */
static void client_options_defaults(struct client_options *options)
{
    const char *room_code = getenv("OBROL_ROOM_CODE");

    *options = (struct client_options){
        .host = CLIENT_DEFAULT_HOST,
        .port = PROTO_DEFAULT_PORT,
        .trickle_size = TRICKLE_DEFAULT_SIZE,
        .trickle_pause = TRICKLE_DEFAULT_PAUSE,
        .room_code = room_code != NULL && room_code[0] != '\0' ? room_code : NULL,
    };
}

/* A number option in [low, high] into *value; false (message printed) otherwise. */
static bool client_options_number(const char *option, const char *text, unsigned long low,
                                  unsigned long high, unsigned *value)
{
    unsigned long number;

    if (!number_parse(CLIENT_PROGRAM, option, text, low, high, &number))
        return false;
    *value = (unsigned)number;
    return true;
}

/* --nick: a name the server could accept (a reserved one is its to refuse). */
static bool client_options_nick(const char *nick)
{
    enum proto_nick_check check = proto_nick_check(nick, strlen(nick));

    if (check == PROTO_NICK_OK || check == PROTO_NICK_RESERVED)
        return true;
    fprintf(stderr, _("obrol-client: a nick is 1 to %d letters, digits, '_' or '-', not \"%s\"\n"),
            PROTO_NICK_MAX, nick);
    return false;
}

/* One option and its value (NULL for a flag) into `options`. */
static enum client_options_result client_options_apply(struct client_options *options, int option,
                                                       const char *value)
{
    bool ok = true;

    switch (option) {
    case 'H':
        options->host = value;
        break;
    case 'p':
        ok = client_options_number("--port", value, CLIENT_PORT_MIN, CLIENT_PORT_MAX,
                                   &options->port);
        break;
    case 'n':
        ok = client_options_nick(value);
        if (ok)
            options->nick = value;
        break;
    case 'b':
        options->batch = true;
        break;
    case CLIENT_OPTION_LANG:
        options->language = value;
        break;
    case CLIENT_OPTION_ROOM_CODE:
        options->room_code = value[0] != '\0' ? value : NULL;
        break;
    case CLIENT_OPTION_RECORD:
        options->record = value;
        break;
    case CLIENT_OPTION_STEP:
        options->step = true;
        break;
    case CLIENT_OPTION_TRICKLE_SIZE:
        ok = client_options_number("--trickle-size", value, TRICKLE_SIZE_MIN, TRICKLE_SIZE_MAX,
                                   &options->trickle_size);
        break;
    case CLIENT_OPTION_TRICKLE_PAUSE:
        ok = client_options_number("--trickle-pause", value, TRICKLE_PAUSE_MIN, TRICKLE_PAUSE_MAX,
                                   &options->trickle_pause);
        break;
    case 'h':
        client_options_usage(stdout);
        return CLIENT_OPTIONS_EXIT_OK;
    case 'V':
        printf("%s %s\n", CLIENT_PROGRAM, OBROL_VERSION);
        return CLIENT_OPTIONS_EXIT_OK;
    default: /* getopt_long() has said what was wrong */
        fprintf(stderr, _("Try 'obrol-client --help' for more information.\n"));
        return CLIENT_OPTIONS_EXIT_USAGE;
    }
    return ok ? CLIENT_OPTIONS_RUN : CLIENT_OPTIONS_EXIT_USAGE;
}

enum client_options_result client_options_parse(struct client_options *options, int argc,
                                                char **argv)
{
    int option;

    client_options_defaults(options);
    while ((option = getopt_long(argc, argv, "H:p:n:bhV", client_long_options, NULL)) != -1) {
        enum client_options_result result = client_options_apply(options, option, optarg);
        if (result != CLIENT_OPTIONS_RUN)
            return result;
    }
    if (optind < argc) {
        fprintf(stderr, _("obrol-client: unexpected argument \"%s\"\n"), argv[optind]);
        fprintf(stderr, _("Try 'obrol-client --help' for more information.\n"));
        return CLIENT_OPTIONS_EXIT_USAGE;
    }
    return CLIENT_OPTIONS_RUN;
}
