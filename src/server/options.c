/*
 * options.c - parse obrol-server's command line.
 */
#include "options.h"

#include "i18n.h"
#include "number.h"
#include "protocol.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>

#ifndef OBROL_VERSION
#define OBROL_VERSION "0.1.0"
#endif

unsigned options_max_clients_limit(void)
{
    return FD_SETSIZE - OPTIONS_FD_RESERVE;
}

static void options_usage(FILE *out)
{
    fprintf(out, _("Usage: obrol-server [OPTION]...\n"
                   "A chat server in one select() loop that explains what it does.\n"
                   "\n"));
    fprintf(out, _("  -b, --bind ADDR        address to listen on (default %s: this machine only;\n"
                   "                         --bind 0.0.0.0 or --bind :: opens it to a classroom LAN)\n"),
            OPTIONS_DEFAULT_BIND);
    fprintf(out, _("  -p, --port N           TCP port (default %d; 0 picks a free one)\n"),
            PROTO_DEFAULT_PORT);
    fprintf(out, _("  -m, --max-clients N    most clients at once (default and maximum %u)\n"),
            options_max_clients_limit());
    fprintf(out, _("  -l, --max-line BYTES   longest line accepted (default %d)\n"),
            PROTO_DEFAULT_MAX_LINE);
    fprintf(out, _("      --max-queue BYTES  output waiting for one client before it is\n"
                   "                         disconnected as not reading (default %d)\n"),
            OPTIONS_DEFAULT_MAX_QUEUE);
    fprintf(out, _("  -r, --rate N           lines per second per client, bursts of %d\n"
                   "                         (default %d; 0 = no limit)\n"),
            OPTIONS_RATE_BURST, OPTIONS_DEFAULT_RATE);
    fprintf(out, _("      --step             pause before every step of the loop; keys on standard\n"
                   "                         input: Enter = one step, c = run freely, s = step again,\n"
                   "                         q = shut down\n"
                   "      --step-delay MS    slow motion: take one step every MS milliseconds\n"
                   "      --tui              full-screen dashboard (clients, fd sets, events)\n"));
    fprintf(out, _("      --room-code CODE   clients must send /join CODE before they can chat\n"
                   "                         (or set OBROL_ROOM_CODE); a classroom door, not encryption\n"));
    fprintf(out, _("      --max-per-host N   connections one computer may have (default %d; 0 = no\n"
                   "                         limit); 127.0.0.1 and ::1 are exempt unless\n"
                   "      --limit-loopback   is given\n"),
            OPTIONS_DEFAULT_MAX_PER_HOST);
    fprintf(out, _("      --ping-after S     send PING to a client silent for S seconds (default %d)\n"
                   "      --ping-timeout S   drop it if it stays silent S more seconds (default %d)\n"),
            OPTIONS_DEFAULT_PING_AFTER_S, OPTIONS_DEFAULT_PING_TIMEOUT_S);
    fprintf(out, _("  -v, --verbose          narrate every system call (select, accept, recv, send)\n"
                   "  -q, --quiet            print errors only\n"
                   "      --lang LANG        language of messages: en or id\n"
                   "  -h, --help             show this help and exit\n"
                   "  -V, --version          show the version and exit\n"
                   "\n"
                   "Connect with obrol-client, or with netcat: nc 127.0.0.1 12345\n"));
}

/* A number option of the server, in [min, max]; false (with a message) if it is not one. */
static bool options_number(const char *name, const char *text, unsigned long min,
                           unsigned long max, unsigned long *value)
{
    return number_parse("obrol-server", name, text, min, max, value);
}

int options_parse(struct server_options *options, int argc, char **argv)
{
    enum {
        OPT_MAX_QUEUE = 256,
        OPT_LANG,
        OPT_STEP,
        OPT_STEP_DELAY,
        OPT_TUI,
        OPT_ROOM_CODE,
        OPT_MAX_PER_HOST,
        OPT_LIMIT_LOOPBACK,
        OPT_PING_AFTER,
        OPT_PING_TIMEOUT,
    };
    static const struct option long_options[] = {
        {"bind", required_argument, NULL, 'b'},
        {"port", required_argument, NULL, 'p'},
        {"max-clients", required_argument, NULL, 'm'},
        {"max-line", required_argument, NULL, 'l'},
        {"max-queue", required_argument, NULL, OPT_MAX_QUEUE},
        {"rate", required_argument, NULL, 'r'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"step", no_argument, NULL, OPT_STEP},
        {"step-delay", required_argument, NULL, OPT_STEP_DELAY},
        {"tui", no_argument, NULL, OPT_TUI},
        {"room-code", required_argument, NULL, OPT_ROOM_CODE},
        {"max-per-host", required_argument, NULL, OPT_MAX_PER_HOST},
        {"limit-loopback", no_argument, NULL, OPT_LIMIT_LOOPBACK},
        {"ping-after", required_argument, NULL, OPT_PING_AFTER},
        {"ping-timeout", required_argument, NULL, OPT_PING_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    unsigned long value;
    int option;

    options->bind = OPTIONS_DEFAULT_BIND;
    options->port = PROTO_DEFAULT_PORT;
    options->max_clients = options_max_clients_limit();
    options->max_line = PROTO_DEFAULT_MAX_LINE;
    options->max_queue = OPTIONS_DEFAULT_MAX_QUEUE;
    options->rate = OPTIONS_DEFAULT_RATE;
    options->level = NARRATE_NORMAL;
    options->language = NULL;
    options->step = false;
    options->step_delay_ms = 0;
    options->tui = false;
    options->room_code = getenv("OBROL_ROOM_CODE");
    if (options->room_code != NULL && options->room_code[0] == '\0')
        options->room_code = NULL;
    options->max_per_host = OPTIONS_DEFAULT_MAX_PER_HOST;
    options->limit_loopback = false;
    options->ping_after_s = OPTIONS_DEFAULT_PING_AFTER_S;
    options->ping_timeout_s = OPTIONS_DEFAULT_PING_TIMEOUT_S;
    bool quiet = false;

    while ((option = getopt_long(argc, argv, "b:p:m:l:r:vqhV", long_options, NULL)) != -1) {
        switch (option) {
        case 'b':
            options->bind = optarg;
            break;
        case 'p':
            if (!options_number("--port", optarg, 0, 65535, &value))
                return 1;
            options->port = (unsigned)value;
            break;
        case 'm':
            if (!options_number("--max-clients", optarg, 1, options_max_clients_limit(), &value))
                return 1;
            options->max_clients = (unsigned)value;
            break;
        case 'l':
            if (!options_number("--max-line", optarg, 16, 65536, &value))
                return 1;
            options->max_line = value;
            break;
        case OPT_MAX_QUEUE:
            if (!options_number("--max-queue", optarg, 4096, 1UL << 30, &value))
                return 1;
            options->max_queue = value;
            break;
        case 'r':
            if (!options_number("--rate", optarg, 0, 1000000, &value))
                return 1;
            options->rate = (unsigned)value;
            break;
        case 'v':
            options->level = NARRATE_VERBOSE;
            break;
        case 'q':
            options->level = NARRATE_QUIET;
            quiet = true;
            break;
        case OPT_LANG:
            options->language = optarg;
            break;
        case OPT_STEP:
            options->step = true;
            break;
        case OPT_STEP_DELAY:
            if (!options_number("--step-delay", optarg, 1, 600000, &value))
                return 1;
            options->step_delay_ms = (unsigned)value;
            break;
        case OPT_TUI:
            options->tui = true;
            break;
        case OPT_ROOM_CODE:
            options->room_code = optarg[0] ? optarg : NULL;
            break;
        case OPT_MAX_PER_HOST:
            if (!options_number("--max-per-host", optarg, 0, options_max_clients_limit(), &value))
                return 1;
            options->max_per_host = (unsigned)value;
            break;
        case OPT_LIMIT_LOOPBACK:
            options->limit_loopback = true;
            break;
        case OPT_PING_AFTER:
            if (!options_number("--ping-after", optarg, 1, 86400, &value))
                return 1;
            options->ping_after_s = (unsigned)value;
            break;
        case OPT_PING_TIMEOUT:
            if (!options_number("--ping-timeout", optarg, 1, 86400, &value))
                return 1;
            options->ping_timeout_s = (unsigned)value;
            break;
        case 'h':
            options_usage(stdout);
            return -1;
        case 'V':
            printf("obrol-server %s\n", OBROL_VERSION);
            return -1;
        default:
            fprintf(stderr, _("Try 'obrol-server --help' for more information.\n"));
            return 1;
        }
    }
    /* Teaching modes narrate every system call unless -q says otherwise. */
    if ((options->step || options->step_delay_ms > 0 || options->tui) && !quiet)
        options->level = NARRATE_VERBOSE;
    if (optind < argc) {
        fprintf(stderr, _("obrol-server: unexpected argument \"%s\"\n"), argv[optind]);
        fprintf(stderr, _("Try 'obrol-server --help' for more information.\n"));
        return 1;
    }
    return 0;
}
