/*
 * incoming.c - line framing with a flush after silence or at close.
 */
#include "net/incoming.h"

void incoming_init(struct incoming *in)
{
    linebuf_init(&in->lines, INCOMING_LINE_MAX);
    in->last_byte_ms = 0;
    in->closed = false;
}

void incoming_free(struct incoming *in)
{
    linebuf_free(&in->lines);
}

char *incoming_space(struct incoming *in, size_t *room)
{
    linebuf_compact(&in->lines); /* lines handed out before are no longer needed */
    return linebuf_space(&in->lines, room);
}

void incoming_commit(struct incoming *in, size_t count, int64_t now_ms)
{
    linebuf_commit(&in->lines, count);
    if (count > 0)
        in->last_byte_ms = now_ms;
}

size_t incoming_feed(struct incoming *in, const char *bytes, size_t count, int64_t now_ms)
{
    linebuf_compact(&in->lines); /* as in incoming_space(): make room first */
    size_t fed = linebuf_feed(&in->lines, bytes, count);
    if (fed > 0)
        in->last_byte_ms = now_ms;
    return fed;
}

void incoming_close(struct incoming *in)
{
    in->closed = true;
}

enum incoming_result incoming_next(struct incoming *in, int64_t now_ms, const char **line,
                                   size_t *len)
{
    switch (linebuf_next(&in->lines, line, len)) {
    case LINEBUF_LINE:
        return INCOMING_LINE;
    case LINEBUF_TOO_LONG:
        return INCOMING_TOO_LONG;
    case LINEBUF_NONE:
        break;
    }
    int64_t due = incoming_due_ms(in);
    if (due >= 0 && now_ms >= due && linebuf_take_partial(&in->lines, line, len))
        return INCOMING_PARTIAL;
    return INCOMING_NONE;
}

int64_t incoming_due_ms(const struct incoming *in)
{
    if (linebuf_pending(&in->lines) == 0 || in->lines.discarding)
        return -1;
    if (in->closed) /* the server is done: its last line needs no line end */
        return in->last_byte_ms;
    /* A server that ends its lines (obrol does) is never cut by a pause: the
     * rest of a line delayed on the network is still on its way. Only one that
     * has never ended a line (the lesson's) gets its bytes shown after silence. */
    if (in->lines.seen_newline)
        return -1;
    return in->last_byte_ms + INCOMING_IDLE_MS;
}
