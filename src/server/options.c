/*
 * options.c - parse obrol-server's command line.
 */
#include "options.h"

#include "i18n.h"
#include "limit.h"
#include "mistakes.h"
#include "number.h"
#include "protocol.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#ifndef OBROL_VERSION
#define OBROL_VERSION "0.1.0"
#endif

/* The end of --help: what is printed, languages, help and version. */
static void options_usage_end(FILE *out)
{
    fprintf(out,
            _("      --bug NAME         make a classic mistake on purpose, for the lesson (the\n"
              "                         bug museum; repeatable; --bug list names them)\n"
              "  -v, --verbose          narrate every system call (select, accept, recv, send),\n"
              "                         and the first time a word appears, what it means\n"
              "      --no-explain       with -v: no \"meaning:\" lines\n"
              "  -q, --quiet            print errors only\n"
              "      --lang LANG        language of messages: en or id\n"
              "  -h, --help             show this help and exit\n"
              "  -V, --version          show the version and exit\n"
              "\n"
              "Connect with obrol-client, or with netcat: nc 127.0.0.1 12345\n"));
}

static void options_usage(FILE *out)
{
    fprintf(out, _("Usage: obrol-server [OPTION]...\n"
                   "A chat server in one select() loop that explains what it does.\n"
                   "\n"));
    fprintf(
        out,
        _("  -b, --bind ADDR        address to listen on (default %s: this machine only;\n"
          "                         --bind 0.0.0.0 or --bind :: opens it to a classroom LAN)\n"),
        OPTIONS_DEFAULT_BIND);
    fprintf(out, _("  -p, --port N           TCP port (default %d; 0 picks a free one)\n"),
            PROTO_DEFAULT_PORT);
    fprintf(out, _("  -m, --max-clients N    most clients at once (default and maximum %u)\n"),
            LIMIT_MAX_CLIENTS);
    fprintf(out, _("  -l, --max-line BYTES   longest line accepted (default %d)\n"),
            PROTO_DEFAULT_MAX_LINE);
    fprintf(out,
            _("      --max-queue BYTES  output waiting for one client before it is\n"
              "                         disconnected as not reading (default %d)\n"),
            OPTIONS_DEFAULT_MAX_QUEUE);
    fprintf(out,
            _("  -r, --rate N           lines per second per client, bursts of %d\n"
              "                         (default %d; 0 = no limit)\n"),
            LIMIT_RATE_BURST, OPTIONS_DEFAULT_RATE);
    fprintf(out,
            _("      --step             pause before every step of the loop; keys on standard\n"
              "                         input: Enter = one step, c = run freely, s = step again,\n"
              "                         q = shut down\n"
              "      --step-delay MS    slow motion: take one step every MS milliseconds\n"
              "      --tui              full-screen dashboard (clients, fd sets, events)\n"
              "      --record FILE      write every event into FILE (docs/trace.md), to be told\n"
              "                         again with obrol-replay, in any language\n"));
    fprintf(
        out,
        _("      --room-code CODE   clients must send /join CODE before they can chat\n"
          "                         (or set OBROL_ROOM_CODE); a classroom door, not encryption\n"));
    fprintf(out,
            _("      --door-timeout S   close a connection that has not given the room code\n"
              "                         after S seconds (default %d)\n"),
            OPTIONS_DEFAULT_DOOR_TIMEOUT_S);
    fprintf(out,
            _("      --max-per-host N   connections one computer may have (default %d; 0 = no\n"
              "                         limit); it may also send N times --rate lines per\n"
              "                         second, however often it reconnects; 127.0.0.1 and\n"
              "                         ::1 are exempt from these budgets unless\n"
              "      --limit-loopback   is given\n"),
            OPTIONS_DEFAULT_MAX_PER_HOST);
    fprintf(out,
            _("      --ping-after S     send PING to a client silent for S seconds (default %d)\n"
              "      --ping-timeout S   drop it if it stays silent S more seconds (default %d)\n"),
            OPTIONS_DEFAULT_PING_AFTER_S, OPTIONS_DEFAULT_PING_TIMEOUT_S);
    options_usage_end(out);
}

/* The options that only have a long name get numbers past every character. */
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
    OPT_DOOR_TIMEOUT,
    OPT_RECORD,
    OPT_BUG,
    OPT_NO_EXPLAIN,
};

static const struct option options_long[] = {
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
    {"door-timeout", required_argument, NULL, OPT_DOOR_TIMEOUT},
    {"record", required_argument, NULL, OPT_RECORD},
    {"bug", required_argument, NULL, OPT_BUG},
    {"no-explain", no_argument, NULL, OPT_NO_EXPLAIN},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/*
 * The options that take a number: the range it must be in, and where it goes
 * in struct server_options (an unsigned, or a size_t for byte counts).
 */
static const struct options_number {
    int option;
    const char *name;
    unsigned long min, max;
    size_t offset;
    bool is_size;
} options_numbers[] = {
    {.option = 'p',
     .name = "--port",
     .min = 0,
     .max = 65535,
     .offset = offsetof(struct server_options, port)},
    {.option = 'm',
     .name = "--max-clients",
     .min = 1,
     .max = LIMIT_MAX_CLIENTS,
     .offset = offsetof(struct server_options, max_clients)},
    {.option = 'l',
     .name = "--max-line",
     .min = 16,
     .max = 65536,
     .offset = offsetof(struct server_options, max_line),
     .is_size = true},
    {.option = OPT_MAX_QUEUE,
     .name = "--max-queue",
     .min = 4096,
     .max = 1UL << 30,
     .offset = offsetof(struct server_options, max_queue),
     .is_size = true},
    {.option = 'r',
     .name = "--rate",
     .min = 0,
     .max = 1000000,
     .offset = offsetof(struct server_options, rate)},
    {.option = OPT_STEP_DELAY,
     .name = "--step-delay",
     .min = 1,
     .max = 600000,
     .offset = offsetof(struct server_options, step_delay_ms)},
    {.option = OPT_MAX_PER_HOST,
     .name = "--max-per-host",
     .min = 0,
     .max = LIMIT_MAX_CLIENTS,
     .offset = offsetof(struct server_options, max_per_host)},
    {.option = OPT_PING_AFTER,
     .name = "--ping-after",
     .min = 1,
     .max = 86400,
     .offset = offsetof(struct server_options, ping_after_s)},
    {.option = OPT_PING_TIMEOUT,
     .name = "--ping-timeout",
     .min = 1,
     .max = 86400,
     .offset = offsetof(struct server_options, ping_timeout_s)},
    {.option = OPT_DOOR_TIMEOUT,
     .name = "--door-timeout",
     .min = 1,
     .max = 86400,
     .offset = offsetof(struct server_options, door_timeout_s)},
};

static void options_set_defaults(struct server_options *options)
{
    *options = (struct server_options){
        .bind = OPTIONS_DEFAULT_BIND,
        .port = PROTO_DEFAULT_PORT,
        .max_clients = LIMIT_MAX_CLIENTS,
        .max_line = PROTO_DEFAULT_MAX_LINE,
        .max_queue = OPTIONS_DEFAULT_MAX_QUEUE,
        .rate = OPTIONS_DEFAULT_RATE,
        .level = NARRATE_NORMAL,
        .room_code = getenv("OBROL_ROOM_CODE"),
        .max_per_host = OPTIONS_DEFAULT_MAX_PER_HOST,
        .ping_after_s = OPTIONS_DEFAULT_PING_AFTER_S,
        .ping_timeout_s = OPTIONS_DEFAULT_PING_TIMEOUT_S,
        .door_timeout_s = OPTIONS_DEFAULT_DOOR_TIMEOUT_S,
    };
    if (options->room_code != NULL && options->room_code[0] == '\0')
        options->room_code = NULL;
}

/* A number option: parse it into its place. NULL if `option` takes no number. */
static const struct options_number *options_find_number(int option)
{
    for (size_t i = 0; i < sizeof(options_numbers) / sizeof(options_numbers[0]); i++) {
        if (options_numbers[i].option == option)
            return &options_numbers[i];
    }
    return NULL;
}

static bool options_take_number(struct server_options *options, const struct options_number *number,
                                const char *text)
{
    unsigned long value;
    char *field = (char *)options + number->offset;

    if (!number_parse("obrol-server", number->name, text, number->min, number->max, &value))
        return false;
    if (number->is_size)
        *(size_t *)(void *)field = (size_t)value;
    else
        *(unsigned *)(void *)field = (unsigned)value;
    return true;
}

/* --bug NAME: one more mistake on purpose; --bug list: name them all. */
static enum options_result options_take_bug(struct server_options *options, const char *name)
{
    enum mistake mistake;

    if (strcmp(name, "list") == 0) {
        mistakes_print_list(stdout);
        return OPTIONS_EXIT_SUCCESS;
    }
    if (mistakes_find(name, &mistake)) {
        options->bugs |= 1u << mistake;
        return OPTIONS_RUN;
    }
    fprintf(stderr, _("obrol-server: --bug: no mistake is called \"%s\"; the mistakes are:\n"),
            name);
    mistakes_print_list(stderr);
    return OPTIONS_EXIT_USAGE;
}

/* Every option that takes no number. */
static enum options_result options_take_other(struct server_options *options, int option,
                                              bool *quiet)
{
    switch (option) {
    case 'b':
        options->bind = optarg;
        break;
    case 'v':
        options->level = NARRATE_VERBOSE;
        break;
    case 'q':
        options->level = NARRATE_QUIET;
        *quiet = true;
        break;
    case OPT_LANG:
        options->language = optarg;
        break;
    case OPT_STEP:
        options->step = true;
        break;
    case OPT_TUI:
        options->tui = true;
        break;
    case OPT_ROOM_CODE:
        options->room_code = optarg; /* checked when every option is read */
        break;
    case OPT_LIMIT_LOOPBACK:
        options->limit_loopback = true;
        break;
    case OPT_RECORD:
        options->record = optarg;
        break;
    case OPT_BUG:
        return options_take_bug(options, optarg);
    case OPT_NO_EXPLAIN:
        options->no_explain = true;
        break;
    case 'h':
        options_usage(stdout);
        return OPTIONS_EXIT_SUCCESS;
    case 'V':
        printf("obrol-server %s\n", OBROL_VERSION);
        return OPTIONS_EXIT_SUCCESS;
    default:
        fprintf(stderr, _("Try 'obrol-server --help' for more information.\n"));
        return OPTIONS_EXIT_USAGE;
    }
    return OPTIONS_RUN;
}

/*
 * A room code a student cannot type as the one word after /join would lock
 * everyone out: no space or control character, 1 to OPTIONS_ROOM_CODE_MAX
 * bytes, and "/join CODE" within --max-line.
 */
static bool options_room_code_typable(const char *code, size_t max_line)
{
    size_t len = strlen(code);

    if (len == 0 || len > OPTIONS_ROOM_CODE_MAX || len + strlen("/join ") > max_line)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)code[i];
        if (c <= ' ' || c == 0x7F)
            return false;
    }
    return true;
}

enum options_result options_parse(struct server_options *options, int argc, char **argv)
{
    bool quiet = false;
    int option;

    options_set_defaults(options);
    while ((option = getopt_long(argc, argv, "b:p:m:l:r:vqhV", options_long, NULL)) != -1) {
        const struct options_number *number = options_find_number(option);
        if (number != NULL) {
            if (!options_take_number(options, number, optarg))
                return OPTIONS_EXIT_USAGE;
            continue;
        }
        enum options_result result = options_take_other(options, option, &quiet);
        if (result != OPTIONS_RUN)
            return result;
    }
    /* Teaching modes narrate every system call unless -q says otherwise. */
    if ((options->step || options->step_delay_ms > 0 || options->tui) && !quiet)
        options->level = NARRATE_VERBOSE;
    if (optind < argc) {
        fprintf(stderr, _("obrol-server: unexpected argument \"%s\"\n"), argv[optind]);
        fprintf(stderr, _("Try 'obrol-server --help' for more information.\n"));
        return OPTIONS_EXIT_USAGE;
    }
    if (options->room_code != NULL &&
        !options_room_code_typable(options->room_code, options->max_line)) {
        fprintf(stderr,
                _("obrol-server: students could not type that room code after /join: use 1 to "
                  "%d characters, with no spaces or control characters\n"),
                OPTIONS_ROOM_CODE_MAX);
        return OPTIONS_EXIT_USAGE;
    }
    return OPTIONS_RUN;
}
