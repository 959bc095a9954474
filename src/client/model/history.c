/*
 * history.c - a bounded list of typed lines with a browsing position.
 */
#include "model/history.h"

#include <stdlib.h>
#include <string.h>

void history_init(struct history *history)
{
    memset(history, 0, sizeof(*history));
}

void history_free(struct history *history)
{
    for (size_t i = 0; i < history->count; i++)
        free(history->lines[i]);
    history->count = history->browsing = 0;
}

void history_add(struct history *history, const wchar_t *line)
{
    size_t len = wcslen(line);

    history->browsing = history->count;
    if (len == 0 || (history->count > 0 && wcscmp(history->lines[history->count - 1], line) == 0))
        return;
    wchar_t *copy = malloc((len + 1) * sizeof(wchar_t));
    if (copy == NULL)
        return;
    wmemcpy(copy, line, len + 1);
    if (history->count == HISTORY_MAX) { /* full: forget the oldest */
        free(history->lines[0]);
        memmove(history->lines, history->lines + 1, (HISTORY_MAX - 1) * sizeof(wchar_t *));
        history->count--;
    }
    history->lines[history->count++] = copy;
    history->browsing = history->count;
}

bool history_up(struct history *history, struct editor *ed)
{
    if (history->browsing == 0)
        return false;
    if (history->browsing == history->count) /* leaving the draft: keep it */
        wmemcpy(history->draft, ed->text, ed->len + 1);
    history->browsing--;
    editor_set(ed, history->lines[history->browsing]);
    return true;
}

bool history_down(struct history *history, struct editor *ed)
{
    if (history->browsing >= history->count)
        return false;
    history->browsing++;
    if (history->browsing == history->count)
        editor_set(ed, history->draft);
    else
        editor_set(ed, history->lines[history->browsing]);
    return true;
}
