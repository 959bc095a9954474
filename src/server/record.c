/*
 * record.c - the server's trace: narrated events as structure (record.h).
 */
#include "record.h"
#include "timer.h"

#include "trace.h"

#include <string.h>

/* Bounded wait for the file to take the last events at exit. */
#define RECORD_CLOSE_TIMEOUT_MS 2000

static struct trace_writer record_writer = {.fd = -1};

/* What send() was offered: copied before the send, since the queue lets go of it. */
static char record_offered[TRACE_BYTES_MAX];
static size_t record_offered_len;

bool record_open(const char *path)
{
    return trace_writer_open(&record_writer, path, "server", 0);
}

bool record_active(void)
{
    return trace_writer_active(&record_writer);
}

unsigned long record_close(int *error)
{
    unsigned long events = record_writer.n;

    *error = trace_writer_close(&record_writer, RECORD_CLOSE_TIMEOUT_MS);
    return events;
}

void record_write_before_sleep(fd_set *write_set, int *highest)
{
    trace_write(&record_writer);
    trace_watch(&record_writer, write_set, highest);
}

void record_write_ready(fd_set *ready)
{
    if (record_writer.fd < 0 || record_writer.fd >= FD_SETSIZE ||
        !FD_ISSET(record_writer.fd, ready))
        return;
    FD_CLR(record_writer.fd, ready);
    trace_write(&record_writer);
}

/* Begin an event about one connection: its fd and nick. */
static bool record_begin(const char *kind, const struct conn *conn)
{
    if (!record_active())
        return false;
    trace_begin(&record_writer, kind);
    if (conn != NULL) {
        trace_put_int(&record_writer, "fd", conn->fd);
        trace_put_text(&record_writer, "nick", conn->nick);
    }
    return true;
}

/* ---- The loop ------------------------------------------------------------------- */

void record_listening(int fd, const char *address)
{
    if (!record_begin("listen", NULL))
        return;
    trace_put_int(&record_writer, "fd", fd);
    trace_put_text(&record_writer, "address", address);
    trace_end(&record_writer);
}

void record_select_call(const fd_set *read_set, const fd_set *write_set, int max_fd,
                        long timeout_ms, const struct timer *due)
{
    record_writer.turn++; /* one select() is one turn of the loop */
    if (!record_begin("select", NULL))
        return;
    trace_put_fds(&record_writer, "read", read_set, max_fd);
    trace_put_fds(&record_writer, "write", write_set, max_fd);
    trace_put_int(&record_writer, "max_fd", max_fd);
    trace_put_int(&record_writer, "timeout_ms", timeout_ms);
    if (due != NULL && due->kind != TIMER_NONE) { /* what the time-out waits for */
        trace_put_text(&record_writer, "due", timer_name(due->kind));
        if (due->conn != NULL)
            trace_put_text(&record_writer, "due_nick", due->conn->nick);
    }
    trace_end(&record_writer);
}

void record_select_result(int ready, const fd_set *read_set, const fd_set *write_set, int max_fd)
{
    if (!record_begin("selected", NULL))
        return;
    trace_put_int(&record_writer, "result", ready);
    trace_put_fds(&record_writer, "read", read_set, max_fd);
    trace_put_fds(&record_writer, "write", write_set, max_fd);
    trace_end(&record_writer);
}

void record_recv(const struct conn *conn, ssize_t count, const char *bytes)
{
    if (!record_begin("recv", conn))
        return;
    trace_put_int(&record_writer, "result", count);
    if (count > 0)
        trace_put_bytes(&record_writer, bytes, (size_t)count);
    trace_end(&record_writer);
}

void record_framing(const struct conn *conn, size_t lines, size_t complete, size_t waiting)
{
    if (!record_begin("framing", conn))
        return;
    trace_put_int(&record_writer, "lines", (long long)lines);
    trace_put_int(&record_writer, "complete", (long long)complete);
    trace_put_int(&record_writer, "waiting", (long long)waiting);
    trace_end(&record_writer);
}

void record_offer(const struct conn *conn)
{
    size_t pending;
    const char *bytes = outq_peek(&conn->out, &pending);

    record_offered_len = 0;
    if (!record_active() || bytes == NULL)
        return;
    record_offered_len = pending < sizeof(record_offered) ? pending : sizeof(record_offered);
    memcpy(record_offered, bytes, record_offered_len);
}

void record_send(const struct conn *conn, ssize_t written, size_t offered)
{
    if (!record_begin("send", conn))
        return;
    trace_put_int(&record_writer, "result", written);
    trace_put_int(&record_writer, "offered", (long long)offered);
    /* The bytes offered: a cut there is the cap's; the result says how many went. */
    if (record_offered_len > 0)
        trace_put_bytes(&record_writer, record_offered,
                        offered > record_offered_len ? record_offered_len : offered);
    if (offered > record_offered_len && record_offered_len == sizeof(record_offered))
        trace_put_bool(&record_writer, "cut", true);
    trace_end(&record_writer);
    record_offered_len = 0;
}

/* ---- People and messages -------------------------------------------------------- */

void record_accept(int listen_fd, const struct conn *conn)
{
    if (!record_begin("accept", conn))
        return;
    trace_put_int(&record_writer, "listen_fd", listen_fd);
    trace_put_text(&record_writer, "address", conn->address);
    trace_end(&record_writer);
}

void record_refused(const char *address, int fd, const char *reason)
{
    if (!record_begin("refuse", NULL))
        return;
    trace_put_int(&record_writer, "fd", fd);
    trace_put_text(&record_writer, "address", address);
    trace_put_text(&record_writer, "reason", reason);
    trace_end(&record_writer);
}

void record_line(const struct conn *conn, const char *line, size_t len)
{
    if (!record_begin("line", conn))
        return;
    trace_put_int(&record_writer, "len", (long long)len);
    trace_put_bytes(&record_writer, line, len);
    trace_end(&record_writer);
}

void record_request(const struct conn *conn, const char *line, size_t len)
{
    if (!record_begin("request", conn))
        return;
    trace_put_int(&record_writer, "len", (long long)len);
    trace_put_bytes(&record_writer, line, len);
    trace_end(&record_writer);
}

void record_idle_flush(const struct conn *conn, size_t len)
{
    if (!record_begin("flush", conn))
        return;
    trace_put_int(&record_writer, "len", (long long)len);
    trace_put_bool(&record_writer, "peer_closed", conn->peer_closed);
    trace_end(&record_writer);
}

void record_nick(const char *old_nick, const char *new_nick)
{
    if (!record_begin("nick", NULL))
        return;
    trace_put_text(&record_writer, "old", old_nick);
    trace_put_text(&record_writer, "new", new_nick);
    trace_end(&record_writer);
}

void record_leave(const struct conn *conn)
{
    if (!record_begin("leave", conn))
        return;
    trace_put_text(&record_writer, "reason", conn->leave_reason);
    trace_end(&record_writer);
}

void record_admitted(const struct conn *conn)
{
    if (record_begin("admit", conn))
        trace_end(&record_writer);
}

void record_wrong_code(const struct conn *conn, unsigned tries)
{
    if (!record_begin("wrong_code", conn))
        return;
    trace_put_text(&record_writer, "address", conn->address);
    trace_put_int(&record_writer, "tries", tries);
    trace_end(&record_writer);
}

/* ---- Start, stop, errors -------------------------------------------------------- */

void record_stopping(unsigned clients)
{
    if (!record_begin("stopping", NULL))
        return;
    trace_put_int(&record_writer, "clients", clients);
    trace_end(&record_writer);
}

void record_stopped(void)
{
    if (record_begin("stopped", NULL))
        trace_end(&record_writer);
}

void record_error(const char *what, int error)
{
    if (!record_begin("error", NULL))
        return;
    trace_put_text(&record_writer, "what", what);
    trace_put_int(&record_writer, "errno", error);
    trace_end(&record_writer);
}
