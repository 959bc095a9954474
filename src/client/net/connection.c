/*
 * connection.c - non-blocking connect, output queue and input framing.
 */
#include "net/connection.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void connection_init(struct connection *conn, const char *host, unsigned port)
{
    memset(conn, 0, sizeof(*conn));
    conn->host = host;
    conn->port = port;
    conn->fd = -1;
    conn->state = CONNECTION_WAITING;
    conn->backoff_seconds = 1;
    conn->retry_at_ms = -1;
    if (strchr(host, ':') != NULL) /* an IPv6 address: [::1]:12345 */
        snprintf(conn->address, sizeof(conn->address), "[%s]:%u", host, port);
    else
        snprintf(conn->address, sizeof(conn->address), "%s:%u", host, port);
    outq_init(&conn->out, CONNECTION_QUEUE_MAX);
    incoming_init(&conn->in);
}

void connection_free(struct connection *conn)
{
    connection_close(conn);
    incoming_free(&conn->in);
    net_candidates_free(&conn->candidates);
}

unsigned connection_backoff_next(unsigned seconds)
{
    if (seconds == 0)
        return 1;
    return seconds * 2 > CONNECTION_BACKOFF_MAX ? CONNECTION_BACKOFF_MAX : seconds * 2;
}

/* Start connecting to the next address the host name gave. false: none left (`error`). */
static bool connection_try_next(struct connection *conn)
{
    struct net_error error = {.text = ""};
    int in_progress = 0;

    snprintf(error.text, sizeof(error.text), "%s", conn->error); /* kept if none is left */
    conn->fd = net_connect_next(&conn->candidates, &in_progress, conn->trying, sizeof(conn->trying),
                                &error);
    if (conn->fd < 0) {
        snprintf(conn->error, sizeof(conn->error), "%s", error.text);
        net_candidates_free(&conn->candidates);
        return false;
    }
    conn->state = in_progress ? CONNECTION_CONNECTING : CONNECTION_CONNECTED;
    if (conn->state == CONNECTION_CONNECTED)
        conn->backoff_seconds = 1; /* a success starts the backoff over */
    return true;
}

bool connection_start(struct connection *conn)
{
    struct net_error error = {.text = ""};

    connection_close(conn);
    incoming_free(&conn->in);
    incoming_init(&conn->in);
    conn->retry_at_ms = -1;
    conn->error[0] = '\0';
    if (net_resolve(conn->host, conn->port, &conn->candidates, &error) != 0) {
        snprintf(conn->error, sizeof(conn->error), "%s", error.text);
        return false;
    }
    return connection_try_next(conn);
}

enum connection_progress connection_finish_connect(struct connection *conn)
{
    int result = net_connect_result(conn->fd);

    if (result == 0) {
        net_candidates_free(&conn->candidates);
        conn->state = CONNECTION_CONNECTED;
        conn->backoff_seconds = 1; /* a success starts the backoff over */
        return CONNECTION_DONE;
    }
    /* "localhost" may be ::1 first while the server listens on 127.0.0.1 only:
     * a refusal from one address is no answer for the name. */
    snprintf(conn->error, sizeof(conn->error), "connect() to %s: %s", conn->trying,
             strerror(result));
    connection_close(conn);
    if (!connection_try_next(conn))
        return CONNECTION_FAILED;
    return conn->state == CONNECTION_CONNECTED ? CONNECTION_DONE : CONNECTION_NEXT;
}

bool connection_queue_line(struct connection *conn, const char *line, size_t len)
{
    if (conn->state != CONNECTION_CONNECTED)
        return false;
    /* Room for the line and its newline, or nothing at all. */
    if (outq_pending(&conn->out) + len + 1 > conn->out.limit)
        return false;
    return outq_push(&conn->out, line, len) && outq_push(&conn->out, "\n", 1);
}

bool connection_queue_bytes(struct connection *conn, const char *bytes, size_t len)
{
    if (conn->state != CONNECTION_CONNECTED || outq_pending(&conn->out) + len > conn->out.limit)
        return false;
    return outq_push(&conn->out, bytes, len);
}

ssize_t connection_flush(struct connection *conn)
{
    if (conn->state != CONNECTION_CONNECTED)
        return 0;
    ssize_t sent = outq_send(&conn->out, conn->fd);
    if (sent < 0) {
        if (net_would_block(errno))
            return 0; /* the kernel's buffer is full: select() will tell us when */
        snprintf(conn->error, sizeof(conn->error), "send(): %s", strerror(errno));
        return -1;
    }
    return sent;
}

enum connection_read connection_receive(struct connection *conn, char *buffer, size_t room)
{
    ssize_t got = recv(conn->fd, buffer, room, 0);

    conn->last_read = got > 0 ? (size_t)got : 0;
    if (got > 0)
        return CONNECTION_READ_DATA;
    if (got == 0) {
        incoming_close(&conn->in); /* the unterminated rest is complete now */
        return CONNECTION_READ_CLOSED;
    }
    if (net_would_block(errno))
        return CONNECTION_READ_NOTHING;
    snprintf(conn->error, sizeof(conn->error), "recv(): %s", strerror(errno));
    incoming_close(&conn->in);
    return CONNECTION_READ_ERROR;
}

enum connection_read connection_read(struct connection *conn, int64_t now_ms)
{
    size_t room;
    char *space = incoming_space(&conn->in, &room);

    if (space == NULL || room == 0) {
        snprintf(conn->error, sizeof(conn->error), "%s", strerror(ENOMEM));
        return CONNECTION_READ_ERROR;
    }
    enum connection_read result = connection_receive(conn, space, room);
    if (result == CONNECTION_READ_DATA) /* straight into the framing buffer */
        incoming_commit(&conn->in, conn->last_read, now_ms);
    return result;
}

bool connection_wants_write(const struct connection *conn)
{
    return conn->state == CONNECTION_CONNECTING ||
           (conn->state == CONNECTION_CONNECTED && outq_pending(&conn->out) > 0);
}

void connection_close(struct connection *conn)
{
    if (conn->fd >= 0 && close(conn->fd) != 0) {
        /* close() of a socket can only fail with EINTR/EIO here; the fd is gone either way */
    }
    conn->fd = -1;
    conn->state = CONNECTION_WAITING;
    outq_free(&conn->out);
}

unsigned connection_schedule_retry(struct connection *conn, int64_t now_ms)
{
    unsigned delay = conn->backoff_seconds;

    conn->retry_at_ms = now_ms + (int64_t)delay * 1000;
    conn->backoff_seconds = connection_backoff_next(delay);
    return delay;
}
