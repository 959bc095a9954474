/*
 * record.h - obrol-server --record FILE: every narrated event, as structure.
 *
 * Each narrate_*() function of narrate.c first hands its facts to the
 * record_*() function of the same name: the fd, the nick, the system call's
 * result, the bytes, the fd sets. They become one line of the trace
 * (src/common/trace.h, docs/trace.md), whatever the narration level, so that
 * obrol-replay can tell the lesson again later, in any language, with no
 * server. With no --record every record_*() returns at once.
 *
 * The file is written the way the terminal is (terminal.h): events are
 * queued, and written with one write() before select() sleeps; while a pipe
 * does not take them, its fd joins select()'s write set. A regular file does
 * not wait for a reader, so it never holds the loop longer than a disk does.
 * Recording calls nothing of the server's back (it sits below narrate.c).
 */
#ifndef OBROL_SERVER_RECORD_H
#define OBROL_SERVER_RECORD_H

#include "conn.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h>
#include <sys/types.h>

/* Start recording into `path` (created or emptied). False with errno set. */
bool record_open(const char *path);
bool record_active(void);
/* Write what is queued (bounded wait) and close. Returns the events recorded; *error: errno or 0. */
unsigned long record_close(int *error);

/* The loop's hooks: write before select() sleeps, and when select() says the file can take more. */
void record_write_before_sleep(fd_set *write_set, int *highest);
void record_write_ready(fd_set *ready);

/* The events, one per narration (narrate.h has the same names). */
void record_listening(int fd, const char *address);
struct timer;
void record_select_call(const fd_set *read_set, const fd_set *write_set, int max_fd,
                        long timeout_ms, const struct timer *due);
void record_select_result(int ready, const fd_set *read_set, const fd_set *write_set, int max_fd);
void record_recv(const struct conn *conn, ssize_t count, const char *bytes);
void record_framing(const struct conn *conn, size_t lines, size_t complete, size_t waiting);
/* The bytes send() is about to be offered (they leave the queue with it), then what it did. */
void record_offer(const struct conn *conn);
void record_send(const struct conn *conn, ssize_t written, size_t offered);
void record_accept(int listen_fd, const struct conn *conn);
void record_refused(const char *address, int fd, const char *reason);
void record_line(const struct conn *conn, const char *line, size_t len);
void record_request(const struct conn *conn, const char *line, size_t len);
void record_idle_flush(const struct conn *conn, size_t len);
void record_nick(const char *old_nick, const char *new_nick);
void record_leave(const struct conn *conn);
void record_admitted(const struct conn *conn);
void record_wrong_code(const struct conn *conn, unsigned tries);
void record_stopping(unsigned clients);
void record_stopped(void);
void record_error(const char *what, int error);

#endif
