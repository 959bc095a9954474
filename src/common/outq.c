/*
 * outq.c - bounded output queue with lazy storage.
 */
#include "outq.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void outq_init(struct outq *q, size_t limit)
{
    memset(q, 0, sizeof(*q));
    q->limit = limit;
}

void outq_free(struct outq *q)
{
    free(q->data);
    q->data = NULL;
    q->head = q->len = q->cap = 0;
}

size_t outq_pending(const struct outq *q)
{
    return q->len - q->head;
}

/* Make room for `extra` more bytes at the end: slide the data down, or grow. */
static bool outq_reserve(struct outq *q, size_t extra)
{
    size_t pending = q->len - q->head;
    size_t needed = pending + extra;

    if (q->len + extra <= q->cap)
        return true;
    if (needed <= q->cap) {
        memmove(q->data, q->data + q->head, pending);
        q->head = 0;
        q->len = pending;
        return true;
    }

    size_t capacity = q->cap ? q->cap : OUTQ_INITIAL_CAPACITY;
    while (capacity < needed)
        capacity *= 2;
    char *bigger = malloc(capacity);
    if (bigger == NULL)
        return false;
    if (pending > 0)
        memcpy(bigger, q->data + q->head, pending);
    free(q->data);
    q->data = bigger;
    q->cap = capacity;
    q->head = 0;
    q->len = pending;
    return true;
}

bool outq_push(struct outq *q, const char *bytes, size_t count)
{
    if (count > q->limit || outq_pending(q) > q->limit - count)
        return false;
    if (count == 0)
        return true; /* nothing to copy (and memcpy into a NULL buffer is undefined) */
    if (!outq_reserve(q, count))
        return false;
    memcpy(q->data + q->len, bytes, count);
    q->len += count;
    return true;
}

const char *outq_peek(const struct outq *q, size_t *count)
{
    *count = q->len - q->head;
    return *count ? q->data + q->head : NULL;
}

void outq_consume(struct outq *q, size_t count)
{
    if (count > q->len - q->head)
        count = q->len - q->head;
    q->head += count;
    if (q->head == q->len)
        outq_free(q);
}

ssize_t outq_send(struct outq *q, int fd)
{
    size_t pending;
    const char *bytes = outq_peek(q, &pending);

    if (pending == 0)
        return 0;
    ssize_t sent = send(fd, bytes, pending, MSG_NOSIGNAL);
    if (sent > 0)
        outq_consume(q, (size_t)sent);
    return sent;
}

ssize_t outq_write(struct outq *q, int fd)
{
    size_t pending;
    const char *bytes = outq_peek(q, &pending);

    if (pending == 0)
        return 0;
    ssize_t written = write(fd, bytes, pending);
    if (written > 0)
        outq_consume(q, (size_t)written);
    return written;
}
