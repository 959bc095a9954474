/*
 * main.c - obrol-server: read the options, install the signal handlers, run
 * the loop. Everything interesting happens in server.c.
 */
#include "dashboard.h"
#include "fdset.h"
#include "i18n.h"
#include "limit.h"
#include "meaning.h"
#include "mistakes.h"
#include "narrate.h"
#include "options.h"
#include "record.h"
#include "server.h"
#include "signals.h"
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * If the server was started with stdin, stdout or stderr closed, the first
 * socket() would get fd 0, 1 or 2, and narration would be written into a
 * client's connection. Fill any closed one with /dev/null first.
 */
static void main_open_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            abort(); /* cannot happen: open() returns the lowest free fd */
    }
}

/* --record FILE: the last events written, and said; a trace that failed fails the run. */
static int main_stop_recording(const char *path, int status)
{
    int error;

    if (path == NULL)
        return status;
    unsigned long events = record_close(&error);
    if (error != 0) {
        narrate_record_failed(path, error);
        return EXIT_FAILURE;
    }
    narrate_recorded(path, events);
    return status;
}

/* Signals, the dashboard, the server and its loop. Returns the exit status. */
static int main_serve(const struct server_options *options)
{
    static struct server server; /* large (an array of FD_SETSIZE clients): not on the stack */

    /* Started with ~1,021 or more fds left open, select() could watch none of ours. */
    int free_fds = fdset_free_below_limit();
    if (free_fds < LIMIT_STARTUP_FDS) {
        narrate_no_free_fds(free_fds, LIMIT_STARTUP_FDS);
        return EXIT_FAILURE;
    }
    int wake_fd = signals_install();
    if (wake_fd < 0)
        return EXIT_FAILURE;
    if (options->record != NULL && !record_open(options->record)) {
        narrate_record_failed(options->record, errno);
        return EXIT_FAILURE;
    }
    if (options->tui && !dashboard_open()) {
        narrate_no_terminal();
        return EXIT_FAILURE;
    }
    int status = EXIT_FAILURE;
    mistakes_announce(options->bugs); /* --bug: the bug museum says so before anything */
    dashboard_set_bug_note(mistakes_describe);
    if (server_open(&server, options, wake_fd) == 0) {
        mistakes_install(&server, options->bugs);
        status = server_run(&server, &signals_stop_requested);
    }
    server_close(&server);
    dashboard_close();
    return main_stop_recording(options->record, status);
}

int main(int argc, char **argv)
{
    struct server_options options;

    main_open_standard_fds();
    i18n_init(i18n_language_option(argc, argv));
    switch (options_parse(&options, argc, argv)) {
    case OPTIONS_RUN:
        break;
    case OPTIONS_EXIT_SUCCESS:
        return EXIT_SUCCESS;
    case OPTIONS_EXIT_USAGE:
        return 2;
    }
    narrate_init(options.level);
    meaning_enable(!options.no_explain);
    /* From here on the server's own output is queued like a client's (terminal.h). */
    terminal_open(options.tui ? TERMINAL_QUEUE_MAX_TUI : TERMINAL_QUEUE_MAX);
    int status = main_serve(&options);
    terminal_close(); /* what is still queued gets a moment to reach the terminal */
    return status;
}
