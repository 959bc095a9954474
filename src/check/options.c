/*
 * options.c - parse obrol-check's command line.
 */
#include "check/options.h"

#include "i18n.h"
#include "number.h"

#include <getopt.h>
#include <string.h>

#ifndef OBROL_VERSION
#define OBROL_VERSION "0.1.0"
#endif

static void grader_usage(FILE *out)
{
    fprintf(out, _("Usage: obrol-check [--host H] --port P [OPTION]...\n"
                   "       obrol-check --spawn 'COMMAND {port}' [OPTION]...\n"
                   "       obrol-check --list\n"
                   "Grade a line-based server (a chat relay or a request/reply server, in any\n"
                   "language) and explain every failure.\n"
                   "\n"));
    fprintf(out, _("      --host H           the server's address (default %s)\n"
                   "  -p, --port P           the server's port\n"
                   "      --spawn CMD        start the server for every check with /bin/sh -c CMD;\n"
                   "                         {port} in CMD is replaced by a free port\n"),
            GRADER_DEFAULT_HOST);
    fprintf(out, _("      --profile NAME     relay, reply or obrol (default: found out)\n"
                   "      --only ID,ID,...   run only these checks (--list shows the ids)\n"
                   "      --list             list the checks and exit\n"
                   "      --json             the report as JSON on standard output\n"
                   "      --tap              the report as TAP (Test Anything Protocol)\n"
                   "      --junit            the report as JUnit XML\n"
                   "      --quick            short pauses and small volumes (for CI)\n"));
    fprintf(out,
            _("      --clients N        clients at once in many-clients (default %u)\n"
              "      --fd-clients N     clients at once in fd-limit (default %u)\n"
              "  -v, --verbose          show the transcript of passing checks too\n"
              "      --lang LANG        language of the report: en or id\n"
              "  -h, --help             show this help and exit\n"
              "  -V, --version          show the version and exit\n"
              "\n"
              "Exit status: 0 every check passed, 1 a check failed, 2 could not run.\n"),
            GRADER_DEFAULT_CLIENTS, GRADER_DEFAULT_FD_CLIENTS);
}

enum {
    OPT_HOST = 256,
    OPT_SPAWN,
    OPT_PROFILE,
    OPT_ONLY,
    OPT_LIST,
    OPT_JSON,
    OPT_TAP,
    OPT_JUNIT,
    OPT_QUICK,
    OPT_CLIENTS,
    OPT_FD_CLIENTS,
    OPT_LANG,
};

static const struct option grader_long_options[] = {
    {"host", required_argument, NULL, OPT_HOST},
    {"port", required_argument, NULL, 'p'},
    {"spawn", required_argument, NULL, OPT_SPAWN},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"only", required_argument, NULL, OPT_ONLY},
    {"list", no_argument, NULL, OPT_LIST},
    {"json", no_argument, NULL, OPT_JSON},
    {"tap", no_argument, NULL, OPT_TAP},
    {"junit", no_argument, NULL, OPT_JUNIT},
    {"quick", no_argument, NULL, OPT_QUICK},
    {"clients", required_argument, NULL, OPT_CLIENTS},
    {"fd-clients", required_argument, NULL, OPT_FD_CLIENTS},
    {"verbose", no_argument, NULL, 'v'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* The profiles by name, in enum order. */
static const char *const grader_profiles[] = {
    [PROFILE_DETECT] = "detect",
    [PROFILE_RELAY] = "relay",
    [PROFILE_REPLY] = "reply",
    [PROFILE_OBROL] = "obrol",
};

const char *grader_profile_name(enum grader_profile profile)
{
    return grader_profiles[profile];
}

static bool grader_parse_profile(const char *text, enum grader_profile *profile)
{
    for (int p = PROFILE_RELAY; p <= PROFILE_OBROL; p++) {
        if (strcmp(text, grader_profiles[p]) == 0) {
            *profile = (enum grader_profile)p;
            return true;
        }
    }
    return false;
}

/* A number option in [min, max] into *value; false (with a message) if not. */
static bool grader_number(const char *option, const char *text, unsigned long min,
                          unsigned long max, unsigned *value)
{
    unsigned long number;

    if (!number_parse("obrol-check", option, text, min, max, &number))
        return false;
    *value = (unsigned)number;
    return true;
}

/* One option; false if its argument is wrong (the message is printed). */
static bool grader_option(struct grader_options *options, int option, const char *arg, FILE *err)
{
    switch (option) {
    case OPT_HOST: options->host = arg; return true;
    case 'p': options->port_given = true; return grader_number("--port", arg, 1, 65535, &options->port);
    case OPT_SPAWN: options->spawn = arg; return true;
    case OPT_PROFILE:
        if (grader_parse_profile(arg, &options->profile))
            return true;
        fprintf(err, _("obrol-check: unknown profile '%s' (relay, reply or obrol)\n"), arg);
        return false;
    case OPT_ONLY: options->only = arg; return true;
    case OPT_LIST: options->list = true; return true;
    case OPT_JSON: options->format = FORMAT_JSON; return true;
    case OPT_TAP: options->format = FORMAT_TAP; return true;
    case OPT_JUNIT: options->format = FORMAT_JUNIT; return true;
    case OPT_QUICK: options->quick = true; return true;
    case OPT_CLIENTS: return grader_number("--clients", arg, 2, 1000, &options->clients);
    case OPT_FD_CLIENTS: return grader_number("--fd-clients", arg, 2, 3800, &options->fd_clients);
    case 'v': options->verbose = true; return true;
    case OPT_LANG: return true; /* already done by i18n_init() */
    default: return false;
    }
}

/* What the options say together: a target, unless only --list is asked for. */
static enum grader_parse grader_check_target(const struct grader_options *options, FILE *err)
{
    if (options->list)
        return GRADER_RUN;
    if (options->spawn == NULL && !options->port_given) {
        fprintf(err, _("obrol-check: give the server's --port, or --spawn a command\n"));
        return GRADER_EXIT_USAGE;
    }
    if (options->spawn != NULL && !options->port_given && strstr(options->spawn, "{port}") == NULL) {
        fprintf(err, _("obrol-check: the --spawn command has no {port}: give --port too\n"));
        return GRADER_EXIT_USAGE;
    }
    return GRADER_RUN;
}

enum grader_parse grader_options_parse(struct grader_options *options, int argc, char **argv,
                                       FILE *out, FILE *err)
{
    *options = (struct grader_options){
        .host = GRADER_DEFAULT_HOST,
        .clients = GRADER_DEFAULT_CLIENTS,
        .fd_clients = GRADER_DEFAULT_FD_CLIENTS,
    };
    optind = 1;
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, "p:vhV", grader_long_options, NULL)) != -1) {
        if (option == 'h') {
            grader_usage(out);
            return GRADER_EXIT_SUCCESS;
        }
        if (option == 'V') {
            fprintf(out, "obrol-check %s\n", OBROL_VERSION);
            return GRADER_EXIT_SUCCESS;
        }
        if (option == '?' || !grader_option(options, option, optarg, err)) {
            if (option == '?')
                fprintf(err, _("obrol-check: unknown option or missing argument: %s\n"),
                        argv[optind - 1]);
            fprintf(err, _("Try 'obrol-check --help'.\n"));
            return GRADER_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(err, _("obrol-check: unexpected argument: %s\n"), argv[optind]);
        fprintf(err, _("Try 'obrol-check --help'.\n"));
        return GRADER_EXIT_USAGE;
    }
    return grader_check_target(options, err);
}
