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
    fprintf(out, _("      --trickle-size N   bytes per /trickle fragment (1-%d, default %d)\n"
                   "      --trickle-pause MS pause between fragments (0-%d ms, default %d)\n"),
            TRICKLE_SIZE_MAX, TRICKLE_DEFAULT_SIZE, TRICKLE_PAUSE_MAX, TRICKLE_DEFAULT_PAUSE);
    fprintf(out, _("      --lang LANG   language of messages: en or id\n"
                   "  -h, --help        show this help and exit\n"
                   "  -V, --version     show the version and exit\n"
                   "\n"
                   "Keys: F1 help, F2 flow pane, F3 topology, F4 inspect, F5 step mode,\n"
                   "Space/Enter on an empty line: next step, +/-: slow motion.\n"
                   "Commands: /nick /who /msg /me /ping /join /help /quit, and in the client only\n"
                   "/clear /reconnect /trickle [-s BYTES] [-p MS] TEXT.\n"
                   "See obrol-client(1) and docs/client.md.\n"));
}

int client_options_parse(struct client_options *options, int argc, char **argv)
{
    enum { OPT_LANG = 256, OPT_STEP, OPT_TRICKLE_SIZE, OPT_TRICKLE_PAUSE, OPT_ROOM_CODE };
    static const struct option long_options[] = {
        {"host", required_argument, NULL, 'H'},
        {"port", required_argument, NULL, 'p'},
        {"nick", required_argument, NULL, 'n'},
        {"batch", no_argument, NULL, 'b'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"step", no_argument, NULL, OPT_STEP},
        {"room-code", required_argument, NULL, OPT_ROOM_CODE},
        {"trickle-size", required_argument, NULL, OPT_TRICKLE_SIZE},
        {"trickle-pause", required_argument, NULL, OPT_TRICKLE_PAUSE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int option;
    unsigned long value;

    options->host = CLIENT_DEFAULT_HOST;
    options->port = PROTO_DEFAULT_PORT;
    options->nick = NULL;
    options->batch = false;
    options->language = NULL;
    options->step = false;
    options->trickle_size = TRICKLE_DEFAULT_SIZE;
    options->trickle_pause = TRICKLE_DEFAULT_PAUSE;
    options->room_code = getenv("OBROL_ROOM_CODE");
    if (options->room_code != NULL && options->room_code[0] == '\0')
        options->room_code = NULL;

    while ((option = getopt_long(argc, argv, "H:p:n:bhV", long_options, NULL)) != -1) {
        switch (option) {
        case 'H':
            options->host = optarg;
            break;
        case 'p':
            if (!number_parse("obrol-client", "--port", optarg, 1, 65535, &value))
                return 1;
            options->port = (unsigned)value;
            break;
        case 'n': {
            enum proto_nick_check check = proto_nick_check(optarg, strlen(optarg));
            if (check != PROTO_NICK_OK && check != PROTO_NICK_RESERVED) {
                fprintf(stderr,
                        _("obrol-client: a nick is 1 to %d letters, digits, '_' or '-', not \"%s\"\n"),
                        PROTO_NICK_MAX, optarg);
                return 1;
            }
            options->nick = optarg;
            break;
        }
        case 'b':
            options->batch = true;
            break;
        case OPT_LANG:
            options->language = optarg;
            break;
        case OPT_ROOM_CODE:
            options->room_code = optarg[0] ? optarg : NULL;
            break;
        case OPT_STEP:
            options->step = true;
            break;
        case OPT_TRICKLE_SIZE:
        case OPT_TRICKLE_PAUSE: {
            bool size = option == OPT_TRICKLE_SIZE;
            unsigned long low = size ? 1 : 0, high = size ? TRICKLE_SIZE_MAX : TRICKLE_PAUSE_MAX;
            if (!number_parse("obrol-client", size ? "--trickle-size" : "--trickle-pause", optarg,
                              low, high, &value))
                return 1;
            if (size)
                options->trickle_size = (unsigned)value;
            else
                options->trickle_pause = (unsigned)value;
            break;
        }
        case 'h':
            client_options_usage(stdout);
            return -1;
        case 'V':
            printf("obrol-client %s\n", OBROL_VERSION);
            return -1;
        default:
            fprintf(stderr, _("Try 'obrol-client --help' for more information.\n"));
            return 1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("obrol-client: unexpected argument \"%s\"\n"), argv[optind]);
        fprintf(stderr, _("Try 'obrol-client --help' for more information.\n"));
        return 1;
    }
    return 0;
}
