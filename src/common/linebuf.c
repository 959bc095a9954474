/*
 * linebuf.c - line framing over a bounded, lazily allocated buffer.
 */
#include "linebuf.h"

#include <stdlib.h>
#include <string.h>

void linebuf_init(struct linebuf *lb, size_t max_line)
{
    memset(lb, 0, sizeof(*lb));
    lb->max_line = max_line;
}

void linebuf_free(struct linebuf *lb)
{
    free(lb->data);
    lb->data = NULL;
    lb->start = lb->len = lb->cap = 0;
}

/* The storage must hold a whole line of max_line bytes plus CR and LF. */
static size_t linebuf_capacity(const struct linebuf *lb)
{
    size_t needed = lb->max_line + 2;

    return needed > LINEBUF_MIN_CAPACITY ? needed : LINEBUF_MIN_CAPACITY;
}

char *linebuf_space(struct linebuf *lb, size_t *room)
{
    if (lb->data != NULL && lb->len == lb->cap && lb->start > 0)
        linebuf_compact(lb); /* may free the storage if it was all consumed */
    if (lb->data == NULL) {
        lb->cap = linebuf_capacity(lb);
        lb->data = malloc(lb->cap);
        if (lb->data == NULL) {
            lb->cap = 0;
            *room = 0;
            return NULL;
        }
        lb->start = lb->len = 0;
    }
    *room = lb->cap - lb->len;
    return lb->data + lb->len;
}

void linebuf_commit(struct linebuf *lb, size_t count)
{
    /* The last line ended in CR at the very end of the buffer: an LF that comes
     * first now is the second half of its CR LF, not an empty line. (When the CR
     * was the last byte, every byte had been handed out: start == len.) */
    if (lb->after_cr && count > 0) {
        lb->after_cr = false;
        if (lb->data[lb->len] == '\n')
            lb->start++;
    }
    lb->len += count;
}

size_t linebuf_feed(struct linebuf *lb, const char *bytes, size_t count)
{
    size_t room;
    char *space = linebuf_space(lb, &room);

    if (space == NULL)
        return 0;
    if (count > room)
        count = room;
    memcpy(space, bytes, count);
    linebuf_commit(lb, count);
    return count;
}

/* The first line end (LF or CR) among `count` bytes, or NULL. */
static const char *linebuf_find_end(const char *begin, size_t count)
{
    const char *lf = memchr(begin, '\n', count);
    const char *cr = memchr(begin, '\r', lf != NULL ? (size_t)(lf - begin) : count);

    return cr != NULL ? cr : lf;
}

/* Hand out everything up to and including the line end at `end`: LF, CR, or CR LF. */
static void linebuf_pass_end(struct linebuf *lb, const char *end)
{
    size_t next = (size_t)(end - lb->data) + 1;

    lb->seen_newline = true;
    if (*end == '\r' && next == lb->len)
        lb->after_cr = true; /* its LF may be in the next recv(): linebuf_commit() */
    else if (*end == '\r' && lb->data[next] == '\n')
        next++; /* CR LF is one line end */
    lb->start = next;
}

bool linebuf_has_line(const struct linebuf *lb)
{
    return lb->data != NULL && linebuf_find_end(lb->data + lb->start, lb->len - lb->start) != NULL;
}

bool linebuf_peek(const struct linebuf *lb, const char **line, size_t *len)
{
    if (lb->data == NULL)
        return false;
    const char *begin = lb->data + lb->start;
    const char *end = linebuf_find_end(begin, lb->len - lb->start);
    if (end == NULL)
        return false;
    *line = begin;
    *len = (size_t)(end - begin);
    return true;
}

size_t linebuf_count_lines(const struct linebuf *lb)
{
    size_t count = 0;
    const char *at = lb->data ? lb->data + lb->start : NULL;
    const char *stop = lb->data ? lb->data + lb->len : NULL;

    while (at != NULL && at < stop && (at = linebuf_find_end(at, (size_t)(stop - at))) != NULL) {
        count++;
        at += (*at == '\r' && at + 1 < stop && at[1] == '\n') ? 2 : 1; /* CR LF: one end */
    }
    return count;
}

size_t linebuf_pending(const struct linebuf *lb)
{
    return lb->len - lb->start;
}

enum linebuf_result linebuf_next(struct linebuf *lb, const char **line, size_t *len)
{
    while (lb->start < lb->len) {
        const char *begin = lb->data + lb->start;
        size_t pending = lb->len - lb->start;
        const char *end = linebuf_find_end(begin, pending);

        if (end == NULL) {
            if (lb->discarding) {
                lb->len = lb->start; /* still inside the overlong line: drop it */
                return LINEBUF_NONE;
            }
            /* max_line bytes may still become a line (if a line end follows);
             * more can't, and must not reach linebuf_take_partial(). */
            if (pending > lb->max_line) {
                lb->discarding = true;
                lb->len = lb->start;
                return LINEBUF_TOO_LONG;
            }
            return LINEBUF_NONE;
        }

        size_t length = (size_t)(end - begin);
        linebuf_pass_end(lb, end);
        if (lb->discarding) { /* the line end of an overlong line */
            lb->discarding = false;
            continue;
        }
        if (length > lb->max_line)
            return LINEBUF_TOO_LONG;
        *line = begin;
        *len = length;
        return LINEBUF_LINE;
    }
    return LINEBUF_NONE;
}

bool linebuf_take_partial(struct linebuf *lb, const char **line, size_t *len)
{
    size_t pending = lb->len - lb->start;

    if (pending == 0 || lb->discarding)
        return false;
    *line = lb->data + lb->start; /* no line end in it: a CR would have ended a line */
    *len = pending;
    lb->start = lb->len;
    return true;
}

void linebuf_compact(struct linebuf *lb)
{
    if (lb->data == NULL)
        return;
    if (lb->start == lb->len) {
        linebuf_free(lb); /* nothing left: an idle connection holds no buffer */
        return;
    }
    if (lb->start > 0) {
        memmove(lb->data, lb->data + lb->start, lb->len - lb->start);
        lb->len -= lb->start;
        lb->start = 0;
    }
}
