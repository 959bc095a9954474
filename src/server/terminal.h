/*
 * terminal.h - the server's own output: the terminal is just another fd.
 *
 * Narration goes to standard output, errors to standard error, and either may
 * be a terminal the teacher paused (Ctrl-S, or `obrol-server -v | less`
 * scrolled back) or a pipe nobody reads. One blocking write() there would
 * stop the whole class. So the server treats its own output the way it
 * treats a client's socket (docs/architecture.md, "The terminal is just
 * another file descriptor"):
 *
 * - Queued. Every line goes into an outq first; one non-blocking write()
 *   just before select() sleeps sends what the turn printed, and what the
 *   terminal did not take waits until select() says the fd is writable again
 *   (fd 1 is then in the write set, like a client with output queued).
 * - Bounded. When a queue holds TERMINAL_QUEUE_MAX bytes, further lines are
 *   dropped whole and counted until the terminal has taken half of it; then
 *   narrate_caught_up() says how many were skipped, and lines are queued
 *   again. In step mode (terminal_set_lossless) nothing is dropped: the loop
 *   waits for the terminal instead (server.c, console.c).
 * - Never the shell's blocking mode. O_NONBLOCK belongs to the open file
 *   description, which the shell shares: set on fd 1, it would make the
 *   shell's own writes fail with EAGAIN after the server exits. So
 *   terminal_open() opens the terminal or pipe again (/proc/self/fd/N, or
 *   ttyname()), gets a description of its own, makes that non-blocking and
 *   puts it on fd 1 (dup2). A regular file is left as it is: writing to it
 *   never waits for a reader. Only when neither works (a socket) is
 *   O_NONBLOCK set on the shared description, and terminal_close() puts the
 *   old flags back.
 * - Standard error has a queue of its own, with the same rules, so an error
 *   is never held up by a blocked stdout. When stderr is the same file as
 *   stdout (one terminal, or 2>&1), errors share stdout's queue instead and
 *   stay in order with the narration.
 *
 * The functions on struct terminal_stream are the core (one queue on one fd,
 * unit-tested over a pipe); the terminal_* functions without "stream" are the
 * server's two streams.
 */
#ifndef OBROL_SERVER_TERMINAL_H
#define OBROL_SERVER_TERMINAL_H

#include "outq.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>

/* Most bytes of narration waiting for a terminal: about 600 lines, a few screens. */
#define TERMINAL_QUEUE_MAX (64 * 1024)
/* --tui: room for a whole screen, however large (frames are only drawn into an empty queue). */
#define TERMINAL_QUEUE_MAX_TUI (1024 * 1024)
/* Step mode drops nothing: the loop waits for the terminal, so one step's lines are all
 * that can wait. This is only the ceiling that keeps an invariant an invariant. */
#define TERMINAL_QUEUE_MAX_LOSSLESS (16 * TERMINAL_QUEUE_MAX)
/* At exit, how long what is still queued may take to reach the terminal. */
#define TERMINAL_CLOSE_TIMEOUT_MS 1000

struct terminal_stream {
    int fd;                /* -1: closed, or gone (the terminal hung up, the pipe's reader left) */
    struct outq queue;     /* what waits for the fd */
    size_t bound;          /* the queue's limit while lines may be dropped */
    bool lossless;         /* step mode: nothing is dropped (the loop waits instead) */
    bool blocked;          /* the last write() left bytes: select() must say when to go on */
    unsigned long skipped; /* lines dropped since the queue filled up (0: lines are queued) */
};

/* A stream on `fd` (already non-blocking, or a file), with at most `bound` bytes waiting. */
void terminal_stream_init(struct terminal_stream *stream, int fd, size_t bound);
void terminal_stream_free(struct terminal_stream *stream);

/* Queue one whole line, or count it as skipped (queue full, or still catching up). */
void terminal_stream_print(struct terminal_stream *stream, const char *text, size_t len);

/* Queue bytes that go whole or not at all (a dashboard frame). False: they did not fit. */
bool terminal_stream_queue(struct terminal_stream *stream, const char *bytes, size_t len);

/* Step mode: the queue may pass its bound (up to TERMINAL_QUEUE_MAX_LOSSLESS). */
void terminal_stream_set_lossless(struct terminal_stream *stream, bool lossless);

/* One write() of everything queued; sets `blocked` if the fd did not take it all. */
void terminal_stream_write(struct terminal_stream *stream);

/*
 * Lines were skipped and the terminal has since taken half of the queue: returns
 * how many were skipped (and starts queuing again), for narrate_caught_up() to say.
 * 0 otherwise.
 */
unsigned long terminal_stream_caught_up(struct terminal_stream *stream);

/* ---- The server's standard output and standard error ---------------------------- */

/* Give fds 1 and 2 descriptions of their own, non-blocking, with queues of `bound` bytes. */
void terminal_open(size_t bound);

/* Write what still waits (at most TERMINAL_CLOSE_TIMEOUT_MS), put back any flags changed. */
void terminal_close(void);

/* Write what is queued, waiting until `deadline_ms` at most (the bug museum, before it blocks). */
void terminal_flush(int64_t deadline_ms);

/* A narrated line (with its newline): to stdout's queue, or stderr's. */
void terminal_print(const char *text, size_t len, bool is_error);

/*
 * The stream is dropping lines until its terminal catches up: count one more
 * and return true, so that the caller need not even format the line.
 */
bool terminal_skip_if_behind(bool is_error);

/* --tui: a frame of the dashboard for stdout, whole or not at all. */
bool terminal_queue_frame(const char *bytes, size_t len);

/* Step mode (true) drops nothing. */
void terminal_set_lossless(bool lossless);

/* Something waits to be written (to either). */
bool terminal_pending(void);

/* The fds whose output waits for select() to say they are writable go into `write_set`. */
void terminal_watch(fd_set *write_set, int *highest);

/*
 * Just before select() sleeps: one write() of what this turn printed, for each
 * stream that is not already waiting for select(); a stream whose fd did not
 * take it all joins `write_set`.
 */
void terminal_write_before_sleep(fd_set *write_set, int *highest);

/* select() returned: one write() for each stream whose fd is in `ready` (its bit is cleared). */
void terminal_write_ready(fd_set *ready);

/* terminal_stream_caught_up() of stdout's (is_error false) or stderr's stream. */
unsigned long terminal_caught_up(bool is_error);

#endif
