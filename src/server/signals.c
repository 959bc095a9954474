/*
 * signals.c - flag-setting signal handlers; the self-pipe (src/common) wakes select().
 */
#include "signals.h"

#include "narrate.h"
#include "selfpipe.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

volatile sig_atomic_t signals_stop_requested = 0;

static void signals_on_stop(int signal_number)
{
    (void)signal_number; /* one handler serves SIGINT, SIGTERM and SIGHUP alike */
    signals_stop_requested = 1;
    selfpipe_wake();
}

/* Install `handler` for `signal_number`; false (reported) on failure. */
static bool signals_set(int signal_number, void (*handler)(int), const char *what)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = handler;
    if (sigaction(signal_number, &action, NULL) == 0)
        return true;
    narrate_error(what, errno);
    return false;
}

/*
 * Closing the terminal window sends SIGHUP: the class ends the way SIGTERM
 * ends it (BYE to everyone, queues flushed, exit 0), not at once. A server
 * started with SIGHUP ignored (`nohup obrol-server &`) was asked to outlive
 * its terminal, and keeps it ignored.
 */
static bool signals_set_hangup(void)
{
    struct sigaction inherited;

    if (sigaction(SIGHUP, NULL, &inherited) == 0 && inherited.sa_handler == SIG_IGN)
        return true;
    return signals_set(SIGHUP, signals_on_stop, "sigaction(SIGHUP)");
}

int signals_install(void)
{
    int wake_fd = selfpipe_open();

    if (wake_fd < 0) {
        narrate_error("pipe()", errno);
        return -1;
    }
    if (!signals_set(SIGINT, signals_on_stop, "sigaction(SIGINT)") ||
        !signals_set(SIGTERM, signals_on_stop, "sigaction(SIGTERM)") || !signals_set_hangup())
        return -1;
    /* Writing to a closed connection fails with EPIPE instead of killing us. */
    if (!signals_set(SIGPIPE, SIG_IGN, "sigaction(SIGPIPE)"))
        return -1;
    /* Started in the background ("obrol-server &"), reading the terminal would
     * stop the whole server with SIGTTIN; ignored, the read fails with EIO and
     * the console simply stops listening. */
    if (!signals_set(SIGTTIN, SIG_IGN, "sigaction(SIGTTIN)"))
        return -1;
    /* SIGUSR1 and SIGUSR2 mean nothing to obrol-server: a stray `kill -USR1`
     * (their default action is to terminate) must not end the class. */
    if (!signals_set(SIGUSR1, SIG_IGN, "sigaction(SIGUSR1)") ||
        !signals_set(SIGUSR2, SIG_IGN, "sigaction(SIGUSR2)"))
        return -1;
    return wake_fd;
}
