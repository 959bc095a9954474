/*
 * fdlimit.c - raise the soft limit on file descriptors towards what is needed.
 */
#include "fdlimit.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>

/* An rlimit value as the unsigned long the API speaks. */
static unsigned long fdlimit_value(rlim_t value)
{
    return value == RLIM_INFINITY ? FDLIMIT_UNLIMITED : (unsigned long)value;
}

int fdlimit_raise(unsigned long want, unsigned long *now_in_force)
{
    struct rlimit limit;
    unsigned long ignored = 0;
    unsigned long *in_force = now_in_force != NULL ? now_in_force : &ignored;

    *in_force = 0;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    *in_force = fdlimit_value(limit.rlim_cur);
    if (*in_force >= want)
        return 0;

    /* Only root may go above the hard limit: go as far as it allows. */
    bool hard_too_low = fdlimit_value(limit.rlim_max) < want;
    limit.rlim_cur = hard_too_low ? limit.rlim_max : (rlim_t)want;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    *in_force = fdlimit_value(limit.rlim_cur);
    if (hard_too_low) {
        errno = EPERM;
        return -1;
    }
    return 0;
}
