/*
 * history.h - the lines typed before, recalled with Up and Down.
 *
 * Up steps back through older lines, Down forward again; going past the newest
 * gives back the line that was being typed (the draft). The oldest lines are
 * forgotten beyond HISTORY_LINES_MAX. Pure.
 */
#ifndef OBROL_CLIENT_HISTORY_H
#define OBROL_CLIENT_HISTORY_H

#include "model/editor.h"
#include "ring.h"

#define HISTORY_LINES_MAX 200

struct history {
    wchar_t *lines[HISTORY_LINES_MAX]; /* slots; NULL while unused */
    struct ring ring;                  /* which slot holds which line, oldest first */
    size_t browsing;                   /* line being shown; == the count when not browsing */
    wchar_t draft[EDITOR_CHARS_MAX + 1];
};

void history_init(struct history *history);
void history_free(struct history *history);

/* Lines remembered. */
size_t history_count(const struct history *history);

/* Remember a sent line (empty lines and repeats of the last one are skipped);
 * browsing starts again from the newest. */
void history_add(struct history *history, const wchar_t *line);

/* Show an older line in the editor; false when there is none. */
bool history_up(struct history *history, struct editor *ed);
/* Show a newer line, or the draft after the newest; false when not browsing. */
bool history_down(struct history *history, struct editor *ed);

#endif
