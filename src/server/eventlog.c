/*
 * eventlog.c - a bounded ring of narrated lines with a scroll position.
 */
#include "eventlog.h"

/* The end of a line that was too long to keep whole (UTF-8 "…"). */
#define EVENTLOG_CUT "\xe2\x80\xa6"

#include <stdlib.h>
#include <string.h>

void eventlog_init(struct eventlog *log)
{
    memset(log, 0, sizeof(*log));
    ring_init(&log->ring, EVENTLOG_CAPACITY);
}

void eventlog_free(struct eventlog *log)
{
    free(log->lines);
    eventlog_init(log);
}

size_t eventlog_count(const struct eventlog *log)
{
    return ring_count(&log->ring);
}

void eventlog_add(struct eventlog *log, const char *text, bool is_error)
{
    if (log->lines == NULL) {
        log->lines = calloc(EVENTLOG_CAPACITY, sizeof(*log->lines));
        if (log->lines == NULL)
            return; /* no memory: the dashboard shows fewer events, nothing worse */
    }
    struct eventlog_line *line = &log->lines[ring_push(&log->ring)]; /* full: the oldest goes */
    size_t len = strlen(text);
    if (len < sizeof(line->text)) {
        memcpy(line->text, text, len + 1);
    } else { /* too long to keep whole: cut where a character starts, and say so */
        len = sizeof(line->text) - sizeof(EVENTLOG_CUT);
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        memcpy(line->text, text, len);
        memcpy(line->text + len, EVENTLOG_CUT, sizeof(EVENTLOG_CUT));
    }
    line->is_error = is_error;
    if (log->scroll > 0 && log->scroll < eventlog_count(log))
        log->scroll++; /* scrolled back: keep the same lines in view */
}

const struct eventlog_line *eventlog_get(const struct eventlog *log, size_t index)
{
    if (index >= eventlog_count(log))
        return NULL;
    return &log->lines[ring_slot(&log->ring, index)];
}

void eventlog_scroll(struct eventlog *log, long lines, size_t height)
{
    size_t count = eventlog_count(log);
    long most = count > height ? (long)(count - height) : 0;
    long scroll = (long)log->scroll + lines;

    if (scroll < 0)
        scroll = 0;
    if (scroll > most)
        scroll = most;
    log->scroll = (size_t)scroll;
}

size_t eventlog_window_start(const struct eventlog *log, size_t height)
{
    size_t count = eventlog_count(log);
    size_t end = count - (log->scroll < count ? log->scroll : count);

    return end > height ? end - height : 0;
}
