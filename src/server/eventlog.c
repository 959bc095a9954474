/*
 * eventlog.c - a bounded ring of narrated lines with a scroll position.
 */
#include "eventlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eventlog_init(struct eventlog *log)
{
    memset(log, 0, sizeof(*log));
}

void eventlog_free(struct eventlog *log)
{
    free(log->lines);
    eventlog_init(log);
}

void eventlog_add(struct eventlog *log, const char *text, bool is_error)
{
    if (log->lines == NULL) {
        log->lines = calloc(EVENTLOG_CAPACITY, sizeof(*log->lines));
        if (log->lines == NULL)
            return; /* no memory: the dashboard shows fewer events, nothing worse */
    }
    size_t slot;
    if (log->count < EVENTLOG_CAPACITY) {
        slot = (log->first + log->count) % EVENTLOG_CAPACITY;
        log->count++;
    } else {
        slot = log->first; /* full: overwrite the oldest */
        log->first = (log->first + 1) % EVENTLOG_CAPACITY;
    }
    snprintf(log->lines[slot].text, EVENTLOG_LINE_MAX, "%s", text);
    log->lines[slot].is_error = is_error;
    log->total++;
    if (log->scroll > 0 && log->scroll < log->count)
        log->scroll++; /* scrolled back: keep the same lines in view */
}

const struct eventlog_line *eventlog_get(const struct eventlog *log, size_t index)
{
    if (index >= log->count)
        return NULL;
    return &log->lines[(log->first + index) % EVENTLOG_CAPACITY];
}

void eventlog_scroll(struct eventlog *log, long lines, size_t height)
{
    long most = log->count > height ? (long)(log->count - height) : 0;
    long scroll = (long)log->scroll + lines;

    if (scroll < 0)
        scroll = 0;
    if (scroll > most)
        scroll = most;
    log->scroll = (size_t)scroll;
}

size_t eventlog_window_start(const struct eventlog *log, size_t height)
{
    size_t end = log->count - (log->scroll < log->count ? log->scroll : log->count);

    return end > height ? end - height : 0;
}
