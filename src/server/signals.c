/*
 * signals.c - flag-setting signal handlers and the self-pipe.
 */
#include "signals.h"

#include "narrate.h"
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t signals_stop_requested = 0;

static int signals_pipe[2] = {-1, -1};

static void signals_on_stop(int signal_number)
{
    int saved_errno = errno; /* the interrupted code may be about to read errno */

    (void)signal_number; /* one handler serves SIGINT and SIGTERM alike */
    signals_stop_requested = 1;
    if (write(signals_pipe[1], "", 1) < 0) {
        /* The pipe is full: select() is already woken; nothing else to do. */
    }
    errno = saved_errno;
}

int signals_install(void)
{
    struct sigaction action;

    if (pipe(signals_pipe) != 0) {
        narrate_error("pipe()", errno);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        if (net_set_nonblocking(signals_pipe[i]) != 0 ||
            fcntl(signals_pipe[i], F_SETFD, FD_CLOEXEC) != 0) {
            narrate_error("fcntl()", errno);
            return -1;
        }
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
    return signals_pipe[0];
}
