/*
 * options.c - parse obrol-client's command line.
 */
#include "options.h"

#include "i18n.h"
#include "protocol.h"

#include <errno.h>
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
                   "      --lang LANG   language of messages: en or id\n"
                   "  -h, --help        show this help and exit\n"
                   "  -V, --version     show the version and exit\n"
                   "\n"
                   "Keys and commands: press F1 or type /help in the client; see docs/client.md.\n"));
}

int client_options_parse(struct client_options *options, int argc, char **argv)
{
    enum { OPT_LANG = 256 };
    static const struct option long_options[] = {
        {"host", required_argument, NULL, 'H'},
        {"port", required_argument, NULL, 'p'},
        {"nick", required_argument, NULL, 'n'},
        {"batch", no_argument, NULL, 'b'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int option;
    char *end;
    unsigned long value;

    options->host = CLIENT_DEFAULT_HOST;
    options->port = PROTO_DEFAULT_PORT;
    options->nick = NULL;
    options->batch = false;
    options->language = NULL;

    while ((option = getopt_long(argc, argv, "H:p:n:bhV", long_options, NULL)) != -1) {
        switch (option) {
        case 'H':
            options->host = optarg;
            break;
        case 'p':
            errno = 0;
            value = strtoul(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-' || value < 1 ||
                value > 65535) {
                fprintf(stderr, _("obrol-client: --port must be a number from 1 to 65535, not \"%s\"\n"),
                        optarg);
                return 1;
            }
            options->port = (unsigned)value;
            break;
        case 'n': {
            enum proto_nick_check check = proto_nick_check(optarg, strlen(optarg));
            if (check != NICK_OK && check != NICK_RESERVED) {
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
