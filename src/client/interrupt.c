/*
 * interrupt.c - flag-setting signal handlers that wake select().
 */
#include "interrupt.h"

#include "report.h"
#include "selfpipe.h"

#include <errno.h>
#include <string.h>

volatile sig_atomic_t interrupt_stop = 0;
volatile sig_atomic_t interrupt_hangup = 0;

/* The one handler: remember the signal, wake select(). */
static void interrupt_on_signal(int signal_number)
{
    if (signal_number == SIGHUP)
        interrupt_hangup = 1;
    interrupt_stop = 1;
    selfpipe_wake();
}

int interrupt_install(void)
{
    struct sigaction action;
    int wake_fd = selfpipe_open();

    if (wake_fd < 0) {
        report_error("pipe()", errno);
        return -1;
    }
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = interrupt_on_signal;
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0 ||
        sigaction(SIGHUP, &action, NULL) != 0) {
        report_error("sigaction()", errno);
        return -1;
    }
    action.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &action, NULL) != 0) {
        report_error("sigaction(SIGPIPE)", errno);
        return -1;
    }
    return wake_fd;
}
