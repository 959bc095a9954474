/*
 * interrupt.c - flag-setting signal handlers and the self-pipe.
 */
#include "interrupt.h"

#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t interrupt_stop = 0;
volatile sig_atomic_t interrupt_hangup = 0;

static int interrupt_pipe[2] = {-1, -1};

/* The one handler: remember the signal, wake select(). */
static void interrupt_on_signal(int signal_number)
{
    int saved_errno = errno;

    if (signal_number == SIGHUP)
        interrupt_hangup = 1;
    interrupt_stop = 1;
    if (write(interrupt_pipe[1], "", 1) < 0) {
        /* The pipe is full: select() is already awake. */
    }
    errno = saved_errno;
}

int interrupt_install(void)
{
    struct sigaction action;

    if (pipe(interrupt_pipe) != 0) {
        perror("obrol-client: pipe()");
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        if (net_set_nonblocking(interrupt_pipe[i]) != 0 ||
            fcntl(interrupt_pipe[i], F_SETFD, FD_CLOEXEC) != 0) {
            perror("obrol-client: fcntl()");
            return -1;
        }
    }
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = interrupt_on_signal;
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0 ||
        sigaction(SIGHUP, &action, NULL) != 0) {
        perror("obrol-client: sigaction()");
        return -1;
    }
    action.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &action, NULL) != 0) {
        perror("obrol-client: sigaction(SIGPIPE)");
        return -1;
    }
    return interrupt_pipe[0];
}

void interrupt_drain(int fd)
{
    char bytes[64];

    for (int i = 0; i < 16 && read(fd, bytes, sizeof(bytes)) > 0; i++) {
        /* bounded: a handful of signals at most */
    }
}
