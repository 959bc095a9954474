/*
 * fdset.c - the FD_SETSIZE bound, checked.
 */
#include "fdset.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>

bool fdset_selectable(int fd)
{
    return fd >= 0 && fd < FD_SETSIZE;
}

void fdset_watch(fd_set *set, int fd, int *highest)
{
    assert(fdset_selectable(fd)); /* made so where the fd was made (fdset.h) */
    FD_SET(fd, set);
    if (fd > *highest)
        *highest = fd;
}

int fdset_free_below_limit(void)
{
    struct rlimit limit;
    int free_fds = 0, end = FD_SETSIZE;

    /* Below the RLIMIT_NOFILE soft limit too, when that is lower (ulimit -n 256). */
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)FD_SETSIZE)
        end = (int)limit.rlim_cur;
    for (int fd = 0; fd < end; fd++) /* F_GETFD fails with EBADF on a free fd */
        free_fds += fcntl(fd, F_GETFD) == -1 && errno == EBADF;
    return free_fds;
}
