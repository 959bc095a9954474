/*
 * history.c - a ring of typed lines with a browsing position.
 */
#include "model/history.h"

#include <stdlib.h>
#include <string.h>

void history_init(struct history *history)
{
    memset(history, 0, sizeof(*history));
    ring_init(&history->ring, HISTORY_LINES_MAX);
}

void history_free(struct history *history)
{
    for (size_t i = 0; i < HISTORY_LINES_MAX; i++) {
        free(history->lines[i]);
        history->lines[i] = NULL;
    }
    ring_clear(&history->ring);
    history->browsing = 0;
}

size_t history_count(const struct history *history)
{
    return ring_count(&history->ring);
}

/* Line `nth`, 0 being the oldest. */
static const wchar_t *history_line(const struct history *history, size_t nth)
{
    return history->lines[ring_slot(&history->ring, nth)];
}

void history_add(struct history *history, const wchar_t *line)
{
    size_t len = wcslen(line), count = history_count(history);

    history->browsing = count;
    if (len == 0 || (count > 0 && wcscmp(history_line(history, count - 1), line) == 0))
        return;
    wchar_t *copy = malloc((len + 1) * sizeof(wchar_t));
    if (copy == NULL)
        return;
    wmemcpy(copy, line, len + 1);
    size_t slot = ring_push(&history->ring);
    free(history->lines[slot]); /* full: the oldest line made room (NULL in a fresh slot) */
    history->lines[slot] = copy;
    history->browsing = history_count(history);
}

bool history_up(struct history *history, struct editor *ed)
{
    if (history->browsing == 0)
        return false;
    if (history->browsing == history_count(history)) /* leaving the draft: keep it */
        wmemcpy(history->draft, ed->text, ed->len + 1);
    history->browsing--;
    editor_set(ed, history_line(history, history->browsing));
    return true;
}

bool history_down(struct history *history, struct editor *ed)
{
    size_t count = history_count(history);

    if (history->browsing >= count)
        return false;
    history->browsing++;
    if (history->browsing == count)
        editor_set(ed, history->draft);
    else
        editor_set(ed, history_line(history, history->browsing));
    return true;
}
