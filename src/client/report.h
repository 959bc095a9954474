/*
 * report.h - the client's one way to say that a system call failed.
 *
 * "obrol-client: select(): Bad file descriptor" on stderr, like perror() but
 * with the program's name, and only ever while the terminal is the shell's:
 * the full-screen loop keeps the failure and reports it after ui_stop(), so
 * that the message is not drawn over (and lost under) the curses screen.
 */
#ifndef OBROL_CLIENT_REPORT_H
#define OBROL_CLIENT_REPORT_H

/* Say that `what` failed with `error_number` (an errno value). */
void report_error(const char *what, int error_number);

/* Say that too few fds below FD_SETSIZE are free for select() (src/common/fdset.h). */
void report_no_free_fds(int free_fds, int needed);

#endif
