/*
 * signals.c - flag-setting signal handlers; the self-pipe (src/common) wakes select().
 */
#include "signals.h"

#include "narrate.h"
#include "selfpipe.h"

#include <errno.h>
#include <string.h>

volatile sig_atomic_t signals_stop_requested = 0;

static void signals_on_stop(int signal_number)
{
    (void)signal_number; /* one handler serves SIGINT and SIGTERM alike */
    signals_stop_requested = 1;
    selfpipe_wake();
}

int signals_install(void)
{
    struct sigaction action;
    int wake_fd = selfpipe_open();

    if (wake_fd < 0) {
        narrate_error("pipe()", errno);
        return -1;
    }
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = signals_on_stop;
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0) {
        narrate_error("sigaction()", errno);
        return -1;
    }
    action.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &action, NULL) != 0) {
        narrate_error("sigaction(SIGPIPE)", errno);
        return -1;
    }
    /* Started in the background ("obrol-server &"), reading the terminal would
     * stop the whole server with SIGTTIN; ignored, the read fails with EIO and
     * the console simply stops listening. */
    if (sigaction(SIGTTIN, &action, NULL) != 0) {
        narrate_error("sigaction(SIGTTIN)", errno);
        return -1;
    }
    return wake_fd;
}
