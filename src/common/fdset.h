/*
 * fdset.h - select()'s fd sets can only hold fds below FD_SETSIZE.
 *
 * An fd_set is a bit array of FD_SETSIZE bits (1024 on Linux). FD_SET() of an
 * fd at or above that writes past the end of it: with _FORTIFY_SOURCE the
 * program aborts ("bit out of range 0 - FD_SETSIZE"), without it memory is
 * silently corrupted. Every fd both programs hand to select() goes through
 * fdset_watch(), which asserts the bound; the bound itself is checked where
 * each fd is made:
 *
 *   - at start-up, fdset_free_below_limit(): a program started with ~1,021 or
 *     more fds left open by whatever started it refuses with a clear message;
 *   - socket(), pipe() and accept() return the lowest free fd, so one at or
 *     above FD_SETSIZE means that none below is free (moving it with
 *     fcntl(F_DUPFD) could not help): the socket is closed and the listen or
 *     connect fails (net.c, selfpipe.c), an accepted client is refused.
 *
 * poll() and epoll have no such limit; select() is what the lesson teaches.
 */
#ifndef OBROL_FDSET_H
#define OBROL_FDSET_H

#include <stdbool.h>
#include <sys/select.h>

/* True if `fd` may go into an fd_set: 0 <= fd < FD_SETSIZE. */
bool fdset_selectable(int fd);

/* FD_SET(fd, set), and raise *highest to fd if it is higher. Asserts fdset_selectable(fd). */
void fdset_watch(fd_set *set, int fd, int *highest);

/*
 * How many fds below FD_SETSIZE are free: how many more sockets and pipes this
 * process can still make for select() to watch.
 */
int fdset_free_below_limit(void);

#endif
