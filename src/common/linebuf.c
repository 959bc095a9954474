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

bool linebuf_has_line(const struct linebuf *lb)
{
    return lb->data != NULL && memchr(lb->data + lb->start, '\n', lb->len - lb->start) != NULL;
}

bool linebuf_peek(const struct linebuf *lb, const char **line, size_t *len)
{
    if (lb->data == NULL)
        return false;
    const char *begin = lb->data + lb->start;
    const char *newline = memchr(begin, '\n', lb->len - lb->start);
    if (newline == NULL)
        return false;
    *line = begin;
    *len = (size_t)(newline - begin);
    if (*len > 0 && begin[*len - 1] == '\r')
        (*len)--;
    return true;
}

size_t linebuf_count_lines(const struct linebuf *lb)
{
    size_t count = 0;
    const char *at = lb->data ? lb->data + lb->start : NULL;
    const char *end = lb->data ? lb->data + lb->len : NULL;

    while (at != NULL && at < end && (at = memchr(at, '\n', (size_t)(end - at))) != NULL) {
        count++;
        at++;
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
        char *begin = lb->data + lb->start;
        size_t pending = lb->len - lb->start;
        char *newline = memchr(begin, '\n', pending);

        if (newline == NULL) {
            if (lb->discarding) {
                lb->len = lb->start; /* still inside the overlong line: drop it */
                return LINEBUF_NONE;
            }
            /* max_line bytes and a CR may still become a line (if LF follows);
             * anything longer can't, and must not reach linebuf_take_partial(). */
            if (pending > lb->max_line + 1 ||
                (pending == lb->max_line + 1 && begin[pending - 1] != '\r')) {
                lb->discarding = true;
                lb->len = lb->start;
                return LINEBUF_TOO_LONG;
            }
            return LINEBUF_NONE;
        }

        size_t length = (size_t)(newline - begin);
        lb->start += length + 1;
        lb->seen_newline = true;
        if (lb->discarding) { /* the LF that ends an overlong line */
            lb->discarding = false;
            continue;
        }
        if (length > 0 && begin[length - 1] == '\r')
            length--;
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
    *line = lb->data + lb->start;
    *len = pending;
    if ((*line)[pending - 1] == '\r')
        (*len)--;
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
