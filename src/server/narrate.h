/*
 * narrate.h - the server tells students what it is doing.
 *
 * Every sentence of the server's log — what it prints on its terminal (or on
 * the dashboard's event list) — lives in narrate.c, in one place, through
 * gettext. (The lines sent to clients live with the code that sends them:
 * commands.c, operator.c, server.c's refusals; the dashboard's labels in
 * dashboard.c.) Three levels: -q prints only errors; the default prints what
 * a person would notice (connections, messages, leaves); -v adds every system
 * call of the loop with its arguments and results.
 *
 * Narration goes to stdout, errors to stderr, a whole line at a time, through
 * terminal.c: queued and written when the terminal can take them, so that a
 * paused terminal never stops the server (lines it cannot take in time are
 * skipped, and counted: narrate_caught_up()).
 */
#ifndef OBROL_SERVER_NARRATE_H
#define OBROL_SERVER_NARRATE_H

#include "conn.h"
#include "step.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h>
#include <sys/types.h>

struct server;

enum narrate_level {
    NARRATE_QUIET = 0,   /* -q: errors only */
    NARRATE_NORMAL = 1,  /* connections, messages, leaves */
    NARRATE_VERBOSE = 2, /* -v: every system call of the loop */
};

void narrate_init(enum narrate_level level);

/*
 * Where narrated lines go: NULL (the default) prints them on stdout (errors on
 * stderr); the --tui dashboard sets a function that adds them to its event list.
 * Lines are passed without their newline.
 */
typedef void (*narrate_sink)(const char *line, bool is_error);
void narrate_set_sink(narrate_sink sink);
bool narrate_verbose(void);
/* -v, or --record: facts worth computing even if no one reads them now (framing). */
bool narrate_detailed(void);

/* The terminal has caught up after lines were skipped: say how many (terminal.h). */
void narrate_caught_up(void);

/* Start and stop */
void narrate_listening(int fd, const char *address);
void narrate_ready(const char *address);
/* -v, once: what an fd is, and which fds this server holds (meaning.h). */
void narrate_fds(int wake_fd, int spare_fd, int listen_fd);
void narrate_cannot_listen(const char *bind, unsigned port, const char *why);
void narrate_join_hint(const char *host, unsigned port);
void narrate_no_join_hint(void);
void narrate_no_terminal(void);
/* Too few fds below FD_SETSIZE are free for select() (inherited ones fill them). */
void narrate_no_free_fds(int free_fds, int needed);
void narrate_stopping(unsigned clients);
void narrate_stopped(void);

/* The loop (-v) */
struct timer;
/* due: what the time-out waits for (server.c), or NULL when unknown (a replay). */
void narrate_select_call(const fd_set *read_set, const fd_set *write_set, int max_fd,
                         long timeout_ms, const struct timer *due);
void narrate_select_result(int ready, const fd_set *read_set, const fd_set *write_set, int max_fd);
void narrate_recv(const struct conn *conn, ssize_t count, const char *bytes);
void narrate_framing(const struct conn *conn, size_t lines, size_t buffered);
/* The same from counts: obrol-replay tells a recorded framing again. */
void narrate_framing_counted(const struct conn *conn, size_t lines, size_t complete,
                             size_t waiting);
/* Just before send(): the recording keeps what it is offered (record.h). */
void narrate_offer(const struct conn *conn);
void narrate_send(const struct conn *conn, ssize_t written, size_t offered);

/* People and messages */
void narrate_accept(int listen_fd, const struct conn *conn);
void narrate_refused(const char *address, int fd, const char *reason);
void narrate_line(const struct conn *conn, const char *line, size_t len);
/* Every request line, before it is acted on (only recorded: recv and narrate_line say it). */
void narrate_request(const struct conn *conn, const char *line, size_t len);
void narrate_idle_flush(const struct conn *conn, size_t len);
void narrate_nick(const char *old_nick, const char *new_nick);
void narrate_leave(const struct conn *conn);
void narrate_admitted(const struct conn *conn);
void narrate_wrong_code(const struct conn *conn, unsigned tries);
void narrate_code_wait(const char *host, unsigned wrong_codes, long long wait_s);

/* Answers to the operator's commands (always shown) */
void narrate_operator_no_one(const char *nick);
void narrate_operator_who(unsigned count);
void narrate_operator_who_row(const struct conn *conn);
void narrate_operator_kicked(const char *nick, const char *reason);
void narrate_operator_muted(const char *nick, bool muted);
void narrate_operator_say_usage(void);
void narrate_operator_told(unsigned count);
void narrate_operator_help(void);
void narrate_operator_usage(const char *usage);
void narrate_operator_kept_out(const char *address, long minutes);
void narrate_operator_kept_out_row(const char *address, const char *nick, long long banned_s,
                                   long long code_wait_s);
void narrate_operator_no_one_kept_out(void);
void narrate_operator_unbanned(const char *word, unsigned count);
void narrate_operator_say_too_long(size_t len, size_t max_line);
void narrate_console_too_long(size_t max);
void narrate_console(const char *line);
void narrate_console_closed(void);

/* The bug museum (--bug, mistakes.c): a mistake is on, and the moment it bites */
void narrate_bug_on(const char *name, const char *summary);
void narrate_bug_switched(const char *name, bool on);
void narrate_operator_bug_usage(const char *on_now);
void narrate_bug_one_recv(const struct conn *conn, ssize_t count, const char *bytes);
void narrate_bug_blocking_send(const struct conn *conn, size_t pending);
void narrate_bug_forget_closed(const struct conn *conn);
void narrate_bug_one_at_a_time(int fd);
void narrate_bug_one_at_a_time_done(int fd, ssize_t count);
void narrate_bug_shared_buffer(const struct conn *conn, const char *owner,
                               const struct linebuf *shared);
void narrate_bug_fd_limit(int fd);
/* What SIGPIPE's handler will write (it may not format); returns its length. */
size_t narrate_bug_sigpipe_text(const struct conn *conn, char *out, size_t room);

/* Step mode: what the next step will do and why (into `out`), and its announcement */
void narrate_describe_step(const struct server *server, enum step_kind kind, int fd, char *out,
                           size_t room);
void narrate_step_announce(unsigned long number, const char *description, bool slow_motion);
void narrate_step_running(void);
void narrate_step_stepping(void);

/* --record FILE: it cannot be written; what was recorded, at the end */
void narrate_record_failed(const char *path, int error);
void narrate_recorded(const char *path, unsigned long events);

/* Errors (always printed, on stderr) */
void narrate_error(const char *what, int error);

#endif
