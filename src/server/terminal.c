/*
 * terminal.c - the server's standard output and standard error, written the
 * way client sockets are: queued, bounded, never with a blocking write().
 */
#include "terminal.h"

#include "clock.h"
#include "fdset.h"
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- One stream: a queue on one fd ---------------------------------------------- */

void terminal_stream_init(struct terminal_stream *stream, int fd, size_t bound)
{
    stream->fd = fd;
    outq_init(&stream->queue, bound);
    stream->bound = bound;
    stream->lossless = false;
    stream->blocked = false;
    stream->skipped = 0;
}

void terminal_stream_free(struct terminal_stream *stream)
{
    outq_free(&stream->queue);
    stream->fd = -1;
    stream->blocked = false;
}

void terminal_stream_print(struct terminal_stream *stream, const char *text, size_t len)
{
    if (stream->fd < 0)
        return;
    /* Once lines are dropped, all are until the terminal catches up: the
     * reader sees a stretch of narration, one notice, and the next stretch. */
    if ((stream->skipped > 0 && !stream->lossless) || !outq_push(&stream->queue, text, len))
        stream->skipped++;
}

bool terminal_stream_queue(struct terminal_stream *stream, const char *bytes, size_t len)
{
    return stream->fd >= 0 && outq_push(&stream->queue, bytes, len);
}

void terminal_stream_set_lossless(struct terminal_stream *stream, bool lossless)
{
    stream->lossless = lossless;
    stream->queue.limit = lossless ? TERMINAL_QUEUE_MAX_LOSSLESS : stream->bound;
}

void terminal_stream_write(struct terminal_stream *stream)
{
    if (stream->fd < 0 || outq_pending(&stream->queue) == 0) {
        stream->blocked = false;
        return;
    }
    if (outq_write(&stream->queue, stream->fd) < 0 && !net_would_block(errno) && errno != EINTR) {
        /* EIO (the terminal is gone), EPIPE (the pipe's reader left): no one
         * will read this output any more. The server itself goes on. */
        terminal_stream_free(stream);
        return;
    }
    stream->blocked = outq_pending(&stream->queue) > 0;
}

unsigned long terminal_stream_caught_up(struct terminal_stream *stream)
{
    unsigned long skipped = stream->skipped;

    if (skipped == 0 || outq_pending(&stream->queue) > stream->bound / 2)
        return 0;
    stream->skipped = 0;
    return skipped;
}

/* ---- Opening: a description of our own -------------------------------------- */

/* The two streams: [0] standard output, [1] standard error. */
static struct terminal_stream terminal_streams[2] = {{.fd = -1}, {.fd = -1}};
/* terminal_open() was called (and terminal_close() not yet). */
static bool terminal_opened = false;
/* Standard error is the same file as standard output: errors use stdout's queue. */
static bool terminal_errors_shared = false;
/* The file status flags to put back at close (-1: none were changed). */
static int terminal_restore_flags[2] = {-1, -1};

/*
 * Give `fd` an open file description of its own, non-blocking. Opening the
 * terminal or the pipe again (/proc/self/fd/N names it, for a pipe too; a
 * terminal also by ttyname()) gives a new description, whose O_NONBLOCK the
 * shell never sees. Returns false if that was not possible.
 */
static bool terminal_reopen(int fd)
{
    const int flags = O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    char path[32];
    const char *name;

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int own = open(path, flags);
    if (own < 0 && (name = ttyname(fd)) != NULL)
        own = open(name, flags);
    if (own < 0)
        return false;
    bool moved = dup2(own, fd) == fd; /* dup2() leaves close-on-exec off on fd */
    close(own);
    return moved;
}

/* Make `fd` (1 or 2) safe to write without waiting; the flags to restore in *restore. */
static void terminal_prepare(int fd, int *restore)
{
    struct stat info;

    *restore = -1;
    if (fstat(fd, &info) != 0 || S_ISREG(info.st_mode))
        return; /* a regular file never makes a writer wait for a reader */
    if (terminal_reopen(fd))
        return;
    /* A socket, or a system without /proc: the shared description it must be.
     * Its flags are put back by terminal_close(). */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK) == 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0)
        *restore = flags;
}

/* True if fds 1 and 2 are the same file (the same terminal, or 2>&1). */
static bool terminal_same_file(void)
{
    struct stat out, err;

    return fstat(STDOUT_FILENO, &out) == 0 && fstat(STDERR_FILENO, &err) == 0 &&
           out.st_dev == err.st_dev && out.st_ino == err.st_ino;
}

void terminal_open(size_t bound)
{
    terminal_opened = true;
    terminal_errors_shared = terminal_same_file();
    terminal_prepare(STDOUT_FILENO, &terminal_restore_flags[0]);
    terminal_stream_init(&terminal_streams[0], STDOUT_FILENO, bound);
    if (terminal_errors_shared)
        return;
    terminal_prepare(STDERR_FILENO, &terminal_restore_flags[1]);
    terminal_stream_init(&terminal_streams[1], STDERR_FILENO, bound);
}

/* ---- The loop's hooks ---------------------------------------------------------- */

static struct terminal_stream *terminal_stream_for(bool is_error)
{
    return &terminal_streams[is_error && !terminal_errors_shared ? 1 : 0];
}

void terminal_print(const char *text, size_t len, bool is_error)
{
    struct terminal_stream *stream = terminal_stream_for(is_error);

    if (!terminal_opened) {
        /* Not opened (a unit test narrates; main() not yet): plain stdio will do. */
        fwrite(text, 1, len, is_error ? stderr : stdout);
        return;
    }
    terminal_stream_print(stream, text, len);
}

bool terminal_skip_if_behind(bool is_error)
{
    struct terminal_stream *stream = terminal_stream_for(is_error);

    if (!terminal_opened || stream->skipped == 0 || stream->lossless)
        return false;
    stream->skipped++;
    return true;
}

bool terminal_queue_frame(const char *bytes, size_t len)
{
    return terminal_stream_queue(&terminal_streams[0], bytes, len);
}

void terminal_set_lossless(bool lossless)
{
    for (int i = 0; i < 2; i++)
        terminal_stream_set_lossless(&terminal_streams[i], lossless);
}

bool terminal_pending(void)
{
    return outq_pending(&terminal_streams[0].queue) > 0 ||
           outq_pending(&terminal_streams[1].queue) > 0;
}


void terminal_watch(fd_set *write_set, int *highest)
{
    for (int i = 0; i < 2; i++) {
        if (terminal_streams[i].fd >= 0 && terminal_streams[i].blocked)
            fdset_watch(write_set, terminal_streams[i].fd, highest);
    }
}

void terminal_write_before_sleep(fd_set *write_set, int *highest)
{
    for (int i = 0; i < 2; i++) {
        struct terminal_stream *stream = &terminal_streams[i];
        if (stream->fd < 0 || stream->blocked)
            continue; /* nothing to write, or select() already watches it */
        terminal_stream_write(stream);
        if (stream->blocked)
            fdset_watch(write_set, stream->fd, highest);
    }
}

void terminal_write_ready(fd_set *ready)
{
    for (int i = 0; i < 2; i++) {
        struct terminal_stream *stream = &terminal_streams[i];
        if (stream->fd < 0 || !FD_ISSET(stream->fd, ready))
            continue;
        FD_CLR(stream->fd, ready);
        terminal_stream_write(stream);
    }
}

unsigned long terminal_caught_up(bool is_error)
{
    return terminal_stream_caught_up(terminal_stream_for(is_error));
}

/* ---- Closing ------------------------------------------------------------------ */

/* Wait (at most until deadline_ms) for what is queued to be written. */
void terminal_flush(int64_t deadline_ms)
{
    int64_t now;

    while (terminal_pending() && (now = clock_ms()) < deadline_ms) {
        fd_set write_set;
        int highest = -1;
        long left = (long)(deadline_ms - now);
        struct timeval timeout = {left / 1000, (left % 1000) * 1000};

        FD_ZERO(&write_set);
        for (int i = 0; i < 2; i++) {
            if (terminal_streams[i].fd >= 0 && outq_pending(&terminal_streams[i].queue) > 0)
                fdset_watch(&write_set, terminal_streams[i].fd, &highest);
        }
        if (select(highest + 1, NULL, &write_set, NULL, &timeout) < 0 && errno != EINTR)
            return;
        terminal_write_ready(&write_set);
    }
}

void terminal_close(void)
{
    const int fds[2] = {STDOUT_FILENO, STDERR_FILENO};

    if (!terminal_opened)
        return;
    terminal_flush(clock_ms() + TERMINAL_CLOSE_TIMEOUT_MS);
    terminal_opened = false;
    for (int i = 0; i < 2; i++) {
        terminal_stream_free(&terminal_streams[i]);
        if (terminal_restore_flags[i] >= 0)
            fcntl(fds[i], F_SETFL, terminal_restore_flags[i]);
        terminal_restore_flags[i] = -1;
    }
}
