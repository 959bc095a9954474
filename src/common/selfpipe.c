/*
 * selfpipe.c - a non-blocking pipe that signal handlers write to.
 */
#include "selfpipe.h"

#include "fdset.h"
#include "net.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int selfpipe_fds[2] = {-1, -1}; /* [0] read end, [1] write end */

int selfpipe_open(void)
{
    assert(selfpipe_fds[0] < 0); /* one self-pipe per process */
    if (pipe(selfpipe_fds) != 0)
        return -1;
    if (!fdset_selectable(selfpipe_fds[0])) { /* every fd below FD_SETSIZE is taken */
        close(selfpipe_fds[0]);
        close(selfpipe_fds[1]);
        selfpipe_fds[0] = selfpipe_fds[1] = -1;
        errno = EMFILE;
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        if (net_set_nonblocking(selfpipe_fds[i]) != 0 ||
            fcntl(selfpipe_fds[i], F_SETFD, FD_CLOEXEC) != 0) {
            int saved_errno = errno;
            close(selfpipe_fds[0]);
            close(selfpipe_fds[1]);
            selfpipe_fds[0] = selfpipe_fds[1] = -1;
            errno = saved_errno;
            return -1;
        }
    }
    return selfpipe_fds[0];
}

int selfpipe_write_end(void)
{
    return selfpipe_fds[1];
}

void selfpipe_wake(void)
{
    int saved_errno = errno; /* the interrupted code may be about to read errno */

    if (write(selfpipe_fds[1], "", 1) < 0) {
        /* The pipe is full (EAGAIN): select() is awake already. */
    }
    errno = saved_errno;
}

void selfpipe_drain(int fd)
{
    char bytes[64];
    ssize_t got;

    do { /* the bytes only served to wake select(); EAGAIN: empty */
        got = read(fd, bytes, sizeof(bytes));
    } while (got > 0 || (got < 0 && errno == EINTR));
}
