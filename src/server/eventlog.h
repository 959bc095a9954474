/*
 * eventlog.h - the last N narrated lines, for the --tui dashboard.
 *
 * A ring (src/common/ring.h): when it is full, the oldest line makes room for
 * the newest. The dashboard shows a window of it and can scroll back;
 * scrolling back holds the view still while new lines arrive (like a
 * terminal's scrollback).
 */
#ifndef OBROL_SERVER_EVENTLOG_H
#define OBROL_SERVER_EVENTLOG_H

#include "ring.h"

#include <stdbool.h>
#include <stddef.h>

#define EVENTLOG_CAPACITY 2000
#define EVENTLOG_LINE_MAX 240 /* bytes; a longer line is kept cut, ending with "…" */

struct eventlog_line {
    char text[EVENTLOG_LINE_MAX];
    bool is_error;
};

struct eventlog {
    struct eventlog_line *lines; /* EVENTLOG_CAPACITY slots, allocated on first add */
    struct ring ring;            /* which slot holds which line */
    size_t scroll;               /* lines scrolled back from the newest (0: following) */
};

void eventlog_init(struct eventlog *log);
void eventlog_free(struct eventlog *log);
void eventlog_add(struct eventlog *log, const char *text, bool is_error);

/* Lines held. */
size_t eventlog_count(const struct eventlog *log);

/* The i-th line, 0 = oldest held; NULL if out of range. */
const struct eventlog_line *eventlog_get(const struct eventlog *log, size_t index);

/* Scroll back (positive) or forward (negative) by `lines`, within bounds for a window of `height`.
 */
void eventlog_scroll(struct eventlog *log, long lines, size_t height);

/* Index of the first line to show in a window of `height` lines. */
size_t eventlog_window_start(const struct eventlog *log, size_t height);

#endif
