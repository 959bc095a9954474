/*
 * outq.h - a per-connection output queue.
 *
 * send() on a non-blocking socket may write only part of what it was given, or
 * nothing at all (EAGAIN) when the peer reads slowly. Whatever was not written
 * waits here until select() says the socket is writable again. Everything queued
 * for one connection goes out in order, and as few send() calls as possible are
 * made: all waiting bytes are offered to the kernel at once.
 *
 * The queue has a limit: a peer that stops reading must not make us hold an
 * unbounded amount of memory. outq_push() refuses bytes that would pass it.
 * The storage grows on demand and is freed when the queue empties.
 */
#ifndef OBROL_OUTQ_H
#define OBROL_OUTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The first allocation; the storage doubles from here up to the limit. */
#define OUTQ_INITIAL_CAPACITY 1024

struct outq {
    char *data;   /* NULL while empty */
    size_t head;  /* first byte not yet sent */
    size_t len;   /* end of the queued bytes */
    size_t cap;   /* size of data */
    size_t limit; /* most bytes that may wait */
};

void outq_init(struct outq *q, size_t limit);
void outq_free(struct outq *q);

/* Queue bytes. Returns false (queuing nothing) if they would pass the limit. */
bool outq_push(struct outq *q, const char *bytes, size_t count);

/* Number of bytes waiting. */
size_t outq_pending(const struct outq *q);

/* The waiting bytes, oldest first (NULL when empty). */
const char *outq_peek(const struct outq *q, size_t *count);

/* Forget the first `count` bytes (they were sent); frees the storage when empty. */
void outq_consume(struct outq *q, size_t count);

/*
 * Send what is queued, keep the rest: offer every waiting byte to the socket in
 * one send() (MSG_NOSIGNAL: a peer that has gone is an error, not death) and
 * forget what the kernel took. Returns the bytes sent (0 when nothing waits), or
 * -1 with errno set: net_would_block(errno) means "again when select() says
 * writable"; anything else (EPIPE, ECONNRESET) means the peer is gone.
 */
ssize_t outq_send(struct outq *q, int fd);

/*
 * The same for a file descriptor that is not a socket (a terminal, a pipe, a
 * file): one write() of every waiting byte, of which it forgets what was
 * written. The fd must be non-blocking for this to return at once; the same
 * results as outq_send() (EPIPE needs SIGPIPE ignored, as the programs do).
 */
ssize_t outq_write(struct outq *q, int fd);

#endif
