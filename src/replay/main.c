/*
 * main.c - obrol-replay: read a trace, then print it, or export a report.
 *
 * Exit status: 0 done; 1 the output could not be written; 2 a usage error,
 * or a trace that cannot be read (its error names the line).
 */
#include "replay.h"

#include "i18n.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef OBROL_VERSION
#define OBROL_VERSION "0.1.0"
#endif

enum replay_mode { REPLAY_PLAY, REPLAY_PRINT, REPLAY_MD, REPLAY_SVG };

struct replay_options {
    enum replay_mode mode;
    const char *output; /* -o OUT, or NULL: standard output */
    const char *path;
    struct replay_range range;
};

static void replay_usage(FILE *out)
{
    fprintf(out, _("Usage: obrol-replay [--lang LANG] FILE\n"
                   "       obrol-replay [OPTION]... --print FILE\n"
                   "       obrol-replay [OPTION]... --export md|svg [-o OUT] FILE\n"
                   "Tell a lesson recorded with obrol-server --record again, with no server:\n"
                   "in the --tui dashboard, one step at a time, forward and back (F1: the keys),\n"
                   "or as text, or as a report.\n"
                   "\n"
                   "Commands of the step-by-step view: /next KIND [NICK] (the next accept, recv,\n"
                   "send... of a client), /find TEXT, /step N. F1 shows the keys.\n"
                   "\n"
                   "  -p, --print            write the narration as text, one event a line\n"
                   "  -e, --export md|svg    write a lab report in Markdown, or the sequence\n"
                   "                         diagram as a standalone SVG\n"
                   "  -o, --output OUT       write into OUT instead of standard output\n"
                   "      --from WHEN        start at step WHEN (an event number, e.g. 40) or at\n"
                   "                         a time since the recording began (2.5s, 300ms)\n"
                   "      --to WHEN          stop after step or time WHEN\n"
                   "      --lang LANG        language of the text: en or id\n"
                   "  -h, --help             show this help and exit\n"
                   "  -V, --version          show the version and exit\n"
                   "\n"
                   "Exit status: 0 done, 1 the output could not be written, 2 a usage error or a\n"
                   "trace that cannot be read (the message names its line).\n"));
}

static const struct option replay_long[] = {
    {"print", no_argument, NULL, 'p'},       {"export", required_argument, NULL, 'e'},
    {"output", required_argument, NULL, 'o'}, {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},    {"lang", required_argument, NULL, 'L'},
    {"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* One option; 0 to go on, else the exit status (-1: exit 0). */
static int replay_take_option(struct replay_options *options, int option)
{
    switch (option) {
    case 'p':
        options->mode = REPLAY_PRINT;
        return 0;
    case 'e':
        if (strcmp(optarg, "md") == 0 || strcmp(optarg, "svg") == 0) {
            options->mode = strcmp(optarg, "md") == 0 ? REPLAY_MD : REPLAY_SVG;
            return 0;
        }
        fprintf(stderr, _("obrol-replay: --export takes md or svg, not \"%s\"\n"), optarg);
        return 2;
    case 'o':
        options->output = optarg;
        return 0;
    case 'f':
    case 't':
        if (replay_bound_parse(optarg, option == 'f' ? &options->range.from : &options->range.to))
            return 0;
        fprintf(stderr, _("obrol-replay: %s takes a step number (40) or a time (2.5s, 300ms), "
                          "not \"%s\"\n"),
                option == 'f' ? "--from" : "--to", optarg);
        return 2;
    case 'L':
        return 0; /* read before anything else, by i18n_language_option() */
    case 'h':
        replay_usage(stdout);
        return -1;
    case 'V':
        printf("obrol-replay %s\n", OBROL_VERSION);
        return -1;
    default:
        return 2;
    }
}

/* 0 to go on, else the exit status (-1: exit 0). */
static int replay_parse(struct replay_options *options, int argc, char **argv)
{
    int option;

    memset(options, 0, sizeof(*options));
    while ((option = getopt_long(argc, argv, "pe:o:hV", replay_long, NULL)) != -1) {
        int status = replay_take_option(options, option);
        if (status != 0) {
            if (status == 2)
                fprintf(stderr, _("Try 'obrol-replay --help' for more information.\n"));
            return status;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, optind >= argc ? _("obrol-replay: which trace? Give one FILE\n")
                                       : _("obrol-replay: give one FILE only\n"));
        fprintf(stderr, _("Try 'obrol-replay --help' for more information.\n"));
        return 2;
    }
    options->path = argv[optind];
    return 0;
}

/* --print: "   12   0.508312  recv(fd 8) = 23 bytes from guest1: ..." */
struct print_context {
    FILE *out;
    unsigned long step;
    double seconds;
};

static void print_line(const char *line, bool is_error, void *context)
{
    const struct print_context *print = context;

    (void)is_error;
    fprintf(print->out, "%6lu %10.6f  %s\n", print->step, print->seconds, line);
}

static bool replay_print(const struct trace *trace, const struct replay_range *range, FILE *out)
{
    struct print_context print = {.out = out};

    for (size_t i = 0; i < trace->count; i++) {
        if (!replay_in_range(trace, i, range))
            continue;
        print.step = (unsigned long)trace_int(trace, i, "n", 0);
        print.seconds = (double)trace_int(trace, i, "t", 0) / 1e6;
        replay_tell(trace, i, print_line, &print);
    }
    return !ferror(out);
}

static bool replay_run(const struct replay_options *options, const struct trace *trace, FILE *out)
{
    const char *name = strrchr(options->path, '/') ? strrchr(options->path, '/') + 1 : options->path;

    switch (options->mode) {
    case REPLAY_MD:
        return replay_export_md(trace, &options->range, name, out);
    case REPLAY_SVG:
        return replay_export_svg(trace, &options->range, name, out);
    case REPLAY_PRINT:
        break;
    case REPLAY_PLAY:
        return false; /* main() runs it: it needs the terminal, not an output file */
    }
    return replay_print(trace, &options->range, out);
}

int main(int argc, char **argv)
{
    struct replay_options options;
    struct trace trace;
    char error[TRACE_ERROR_MAX + 4096];

    i18n_init(i18n_language_option(argc, argv));
    int status = replay_parse(&options, argc, argv);
    if (status != 0)
        return status < 0 ? EXIT_SUCCESS : status;
    if (!trace_load(&trace, options.path, error, sizeof(error))) {
        fprintf(stderr, _("obrol-replay: %s\n"), error);
        return 2;
    }
    if (options.mode == REPLAY_PLAY) {
        status = strcmp(trace.program, "client") == 0 ? replay_play_client(&trace, options.path)
                                                       : replay_play(&trace, options.path);
        trace_free(&trace);
        return status;
    }
    FILE *out = options.output != NULL ? fopen(options.output, "w") : stdout;
    if (out == NULL) {
        fprintf(stderr, _("obrol-replay: cannot write %s: %s\n"), options.output, strerror(errno));
        trace_free(&trace);
        return EXIT_FAILURE;
    }
    bool written = replay_run(&options, &trace, out);
    if (fflush(out) != 0 || (out != stdout && fclose(out) != 0))
        written = false;
    if (!written)
        fprintf(stderr, _("obrol-replay: could not write the output: %s\n"), strerror(errno));
    trace_free(&trace);
    return written ? EXIT_SUCCESS : EXIT_FAILURE;
}
