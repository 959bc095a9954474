/*
 * conn.c - one connection's state: creation, queuing, and the ways it ends.
 */
#include "conn.h"

#include "i18n.h"
#include "narrate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct conn *conn_new(int fd, const struct sockaddr *peer, socklen_t peer_len, size_t max_line,
                      size_t max_queue, int64_t now_ms)
{
    struct conn *conn = calloc(1, sizeof(*conn));

    if (conn == NULL)
        return NULL;
    conn->fd = fd;
    conn->state = CONN_OPEN;
    net_format_address(peer, peer_len, conn->address, sizeof(conn->address));
    linebuf_init(&conn->in, max_line);
    outq_init(&conn->out, max_queue);
    ratelimit_init(&conn->rate, LIMIT_RATE_BURST, now_ms);
    conn->connected_ms = now_ms;
    conn->last_recv_ms = now_ms;
    return conn;
}

void conn_free(struct conn *conn)
{
    if (conn->fd >= 0 && close(conn->fd) != 0)
        narrate_error("close()", errno);
    linebuf_free(&conn->in);
    outq_free(&conn->out);
    free(conn);
}

void conn_set_reason(struct conn *conn, const char *reason)
{
    if (conn->leave_reason[0] == '\0') /* keep the first reason: it is the real one */
        snprintf(conn->leave_reason, sizeof(conn->leave_reason), "%s", reason);
}

void conn_kill(struct conn *conn, const char *reason)
{
    conn_set_reason(conn, reason);
    conn->state = CONN_DEAD;
}

bool conn_queue(struct conn *conn, const char *bytes, size_t count)
{
    if (conn->state == CONN_DEAD || conn->state == CONN_DRAINING)
        return false;
    if (!outq_push(&conn->out, bytes, count)) {
        conn_kill(conn, _("not reading: output queue full"));
        return false;
    }
    return true;
}

void conn_close_gracefully(struct conn *conn, const char *reason, int64_t now_ms)
{
    if (conn->state != CONN_OPEN)
        return;
    conn_set_reason(conn, reason);
    conn->state = CONN_CLOSING;
    conn->close_deadline_ms = now_ms + LIMIT_CLOSE_TIMEOUT_MS;
}

bool conn_wants_read(const struct conn *conn, unsigned rate)
{
    switch (conn->state) {
    case CONN_OPEN:
        /* A rate-limited client with a whole line waiting is not read from:
         * its next lines wait in the kernel and TCP slows the sender down. */
        return !conn->peer_closed && !(rate > 0 && linebuf_has_line(&conn->in));
    case CONN_DRAINING:
        return true;
    default:
        return false;
    }
}

bool conn_wants_write(const struct conn *conn)
{
    return (conn->state == CONN_OPEN || conn->state == CONN_CLOSING) &&
           outq_pending(&conn->out) > 0;
}
