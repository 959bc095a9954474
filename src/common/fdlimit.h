/*
 * fdlimit.h - raise the limit on open file descriptors (RLIMIT_NOFILE).
 *
 * Every connection is one file descriptor, and a process may open only as many
 * as its soft limit allows (often 1024). An unprivileged process may raise its
 * own soft limit up to the hard limit, which only root can move. Child
 * processes inherit the limit in force when they start: raising it before
 * starting a server lets that server accept more than FD_SETSIZE clients,
 * which is how a select() server that forgets its FD_SETSIZE bound is caught.
 */
#ifndef OBROL_FDLIMIT_H
#define OBROL_FDLIMIT_H

#include <limits.h>

/* What fdlimit_raise() reports when the limit is RLIM_INFINITY (no limit). */
#define FDLIMIT_UNLIMITED ULONG_MAX

/*
 * Make sure at least `want` file descriptors may be open: raise the soft limit
 * to `want` if it is lower, but never above the hard limit (and never lower it).
 * *now_in_force (when not NULL) receives the soft limit in force afterwards,
 * or 0 if it could not be read.
 *
 * Returns 0 when at least `want` are allowed. Returns -1 otherwise, with errno
 * set: by getrlimit() or setrlimit(), or EPERM when the hard limit is below
 * `want` (the soft limit is then raised to the hard limit, as far as it goes).
 */
int fdlimit_raise(unsigned long want, unsigned long *now_in_force);

#endif
