/*
 * main.c - obrol-client: read the options, install the signal handlers, then
 * run either the full-screen client (loop.c) or the screenless one (batch.c).
 */
#include "batch.h"
#include "fdset.h"
#include "i18n.h"
#include "interrupt.h"
#include "loop.h"
#include "options.h"
#include "report.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The fds below FD_SETSIZE the client needs free: the signal pipe (2) and the socket. */
#define MAIN_STARTUP_FDS 3

/*
 * Wide characters need a UTF-8 locale. When the environment gives none (LANG
 * unset in CI, say), use C.UTF-8 for the character type only: messages and
 * numbers keep whatever the environment chose.
 */
static void main_ensure_utf8(void)
{
    const char *codeset = nl_langinfo(CODESET);

    if (codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0))
        return;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
        setlocale(LC_CTYPE, "en_US.UTF-8");
}

int main(int argc, char **argv)
{
    struct client_options options;

    i18n_init(i18n_language_option(argc, argv));
    main_ensure_utf8();
    switch (client_options_parse(&options, argc, argv)) {
    case CLIENT_OPTIONS_RUN:
        break;
    case CLIENT_OPTIONS_EXIT_OK:
        return EXIT_SUCCESS;
    case CLIENT_OPTIONS_EXIT_USAGE:
        return CLIENT_EXIT_USAGE;
    }

    /* Started with ~1,021 or more fds left open, select() could watch none of ours. */
    int free_fds = fdset_free_below_limit();
    if (free_fds < MAIN_STARTUP_FDS) {
        report_no_free_fds(free_fds, MAIN_STARTUP_FDS);
        return EXIT_FAILURE;
    }
    int wake_fd = interrupt_install();
    if (wake_fd < 0)
        return EXIT_FAILURE;
    if (options.batch)
        return batch_run(&options, wake_fd);
    return loop_run(&options, wake_fd);
}
