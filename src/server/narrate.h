/*
 * narrate.h - the server tells students what it is doing.
 *
 * Every sentence the server prints lives in narrate.c, in one place, through
 * gettext. Three levels: -q prints only errors; the default prints what a
 * person would notice (connections, messages, leaves); -v adds every system
 * call of the loop with its arguments and results.
 *
 * Narration goes to stdout, line-buffered, so that a log redirected to a file
 * is complete line by line. Errors go to stderr.
 */
#ifndef OBROL_SERVER_NARRATE_H
#define OBROL_SERVER_NARRATE_H

#include "client.h"
#include "options.h"

#include <stddef.h>
#include <sys/select.h>
#include <sys/types.h>

void narrate_init(enum narrate_level level);

/*
 * Where narrated lines go: NULL (the default) prints them on stdout (errors on
 * stderr); the --tui dashboard sets a function that adds them to its event list.
 * Lines are passed without their newline.
 */
typedef void (*narrate_sink)(const char *line, bool is_error);
void narrate_set_sink(narrate_sink sink);
bool narrate_verbose(void);

/* Start and stop */
void narrate_listening(int fd, const char *address);
void narrate_ready(const char *address);
void narrate_join_hint(const char *host, unsigned port);
void narrate_no_join_hint(void);
void narrate_stopping(unsigned clients);
void narrate_stopped(void);

/* The loop (-v) */
void narrate_select_call(const fd_set *read_set, const fd_set *write_set, int max_fd,
                         long timeout_ms);
void narrate_select_result(int ready, const fd_set *read_set, const fd_set *write_set,
                           int max_fd);
void narrate_recv(const struct client *client, ssize_t count, const char *bytes);
void narrate_framing(const struct client *client, size_t lines, size_t buffered);
void narrate_send(const struct client *client, ssize_t written, size_t offered);

/* People and messages */
void narrate_accept(int listen_fd, const struct client *client);
void narrate_refused(const char *address, int fd, const char *reason);
void narrate_line(const struct client *client, const char *line, size_t len);
void narrate_idle_flush(const struct client *client, size_t len);
void narrate_nick(const char *old_nick, const char *new_nick);
void narrate_leave(const struct client *client);
void narrate_admitted(const struct client *client);
void narrate_wrong_code(const struct client *client, unsigned tries);
void narrate_operator(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Step mode: what the next step will do, and why (into `out`), and its announcement */
void narrate_describe_select(int ready, const fd_set *read_set, const fd_set *write_set,
                             int max_fd, char *out, size_t room);
void narrate_describe_accept(int listen_fd, char *out, size_t room);
void narrate_describe_recv(const struct client *client, char *out, size_t room);
void narrate_describe_line(const struct client *client, const char *line, size_t len,
                           unsigned others, char *out, size_t room);
void narrate_describe_idle_flush(const struct client *client, size_t len, char *out,
                                 size_t room);
void narrate_describe_welcome(const struct client *client, char *out, size_t room);
void narrate_describe_send(const struct client *client, size_t queued, char *out, size_t room);
void narrate_describe_drop(const struct client *client, char *out, size_t room);
void narrate_step_announce(unsigned long number, const char *description, bool slow_motion);
void narrate_step_mode(const char *what);
void narrate_console(const char *line);

/* Errors (always printed, on stderr) */
void narrate_error(const char *what, int error);
void narrate_warning(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
