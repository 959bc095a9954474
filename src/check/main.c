/*
 * main.c - obrol-check: options, then run every check, then the report.
 */
#include "check/options.h"
#include "check/report.h"
#include "check/run.h"
#include "i18n.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

/* The report in the format asked for. */
static void main_report(const struct run *run, enum grader_format format)
{
    switch (format) {
    case FORMAT_HUMAN: report_human(stdout, run); break;
    case FORMAT_JSON: report_json(stdout, run); break;
    case FORMAT_TAP: report_tap(stdout, run); break;
    case FORMAT_JUNIT: report_junit(stdout, run); break;
    }
}

int main(int argc, char **argv)
{
    struct grader_options options;
    struct run run;
    const struct check *chosen[64];
    size_t count;
    char error[256];

    i18n_init(i18n_language_option(argc, argv));
    signal(SIGPIPE, SIG_IGN); /* a server that resets us is a finding, not our death */
    switch (grader_options_parse(&options, argc, argv, stdout, stderr)) {
    case GRADER_RUN: break;
    case GRADER_EXIT_SUCCESS: return EXIT_SUCCESS;
    case GRADER_EXIT_USAGE: return 2;
    }
    if (options.list) {
        report_list(stdout);
        return EXIT_SUCCESS;
    }
    if (!run_select(options.only, PROFILE_DETECT, chosen, &count, error, sizeof(error))) {
        fprintf(stderr, "%s\n", error);
        return 2;
    }
    if (!run_all(&run, &options)) {
        fprintf(stderr, "%s\n", run.error);
        run_free(&run);
        return 2;
    }
    main_report(&run, options.format);
    int status = run.failed > 0 ? 1 : 0;
    run_free(&run);
    return status;
}
