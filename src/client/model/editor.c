/*
 * editor.c - line editing over an array of wide characters.
 */
#include "model/editor.h"

#include "model/width.h"

#include <assert.h>
#include <limits.h>
#include <string.h>
#include <wctype.h>

void editor_clear(struct editor *ed)
{
    ed->len = ed->cursor = 0;
    ed->text[0] = L'\0';
}

/* Remove characters [from, to) and put the cursor at `from`. */
static void editor_cut(struct editor *ed, size_t from, size_t to)
{
    if (from >= to)
        return;
    wmemmove(ed->text + from, ed->text + to, ed->len - to + 1); /* +1: the NUL */
    ed->len -= to - from;
    ed->cursor = from;
}

bool editor_insert(struct editor *ed, wchar_t character)
{
    if (ed->len >= EDITOR_CHARS_MAX || character == L'\0')
        return false;
    wmemmove(ed->text + ed->cursor + 1, ed->text + ed->cursor, ed->len - ed->cursor + 1);
    ed->text[ed->cursor++] = character;
    ed->len++;
    return true;
}

void editor_left(struct editor *ed)
{
    if (ed->cursor > 0)
        ed->cursor--;
}

void editor_right(struct editor *ed)
{
    if (ed->cursor < ed->len)
        ed->cursor++;
}

void editor_home(struct editor *ed)
{
    ed->cursor = 0;
}

void editor_end(struct editor *ed)
{
    ed->cursor = ed->len;
}

void editor_backspace(struct editor *ed)
{
    if (ed->cursor > 0)
        editor_cut(ed, ed->cursor - 1, ed->cursor);
}

void editor_delete(struct editor *ed)
{
    if (ed->cursor < ed->len)
        editor_cut(ed, ed->cursor, ed->cursor + 1);
}

void editor_kill_to_start(struct editor *ed)
{
    editor_cut(ed, 0, ed->cursor);
}

void editor_kill_to_end(struct editor *ed)
{
    ed->len = ed->cursor;
    ed->text[ed->len] = L'\0';
}

void editor_kill_word(struct editor *ed)
{
    size_t start = ed->cursor;

    while (start > 0 && iswspace((wint_t)ed->text[start - 1])) /* spaces before the word */
        start--;
    while (start > 0 && !iswspace((wint_t)ed->text[start - 1]))
        start--;
    editor_cut(ed, start, ed->cursor);
}

void editor_set(struct editor *ed, const wchar_t *text)
{
    size_t len = wcslen(text);

    assert(len <= EDITOR_CHARS_MAX); /* it was typed into an editor, or is the draft */
    wmemcpy(ed->text, text, len);
    ed->text[len] = L'\0';
    ed->len = ed->cursor = len;
}

size_t editor_utf8(const struct editor *ed, char *out, size_t room)
{
    mbstate_t state;
    char bytes[MB_LEN_MAX];
    size_t used = 0;

    memset(&state, 0, sizeof(state));
    for (size_t i = 0; i < ed->len; i++) {
        size_t length = wcrtomb(bytes, ed->text[i], &state);
        if (length == (size_t)-1) { /* not representable: skip it */
            memset(&state, 0, sizeof(state));
            continue;
        }
        if (used + length + 1 > room)
            break;
        memcpy(out + used, bytes, length);
        used += length;
    }
    if (room > 0)
        out[used] = '\0';
    return used;
}

size_t editor_cursor_column(const struct editor *ed)
{
    size_t columns = 0;

    for (size_t i = 0; i < ed->cursor; i++)
        columns += (size_t)width_char(ed->text[i]);
    return columns;
}

/* Case-insensitive: does ASCII name start with the wide prefix? */
static bool editor_name_matches(const char *name, const wchar_t *prefix, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '\0' ||
            towlower((wint_t)(unsigned char)name[i]) != towlower((wint_t)prefix[i]))
            return false;
    }
    return true;
}

/* Replace the word [start, cursor) with the first `len` bytes of ASCII `name`. */
static void editor_replace_word(struct editor *ed, size_t start, const char *name, size_t len)
{
    editor_cut(ed, start, ed->cursor);
    for (size_t i = 0; i < len; i++)
        editor_insert(ed, (wchar_t)(unsigned char)name[i]);
}

size_t editor_complete(struct editor *ed, const char *const *names, size_t count)
{
    size_t start = ed->cursor, matches = 0, common = 0;
    const char *first = NULL;

    while (start > 0 && !iswspace((wint_t)ed->text[start - 1]))
        start--;
    size_t word_len = ed->cursor - start;
    for (size_t i = 0; i < count; i++) {
        if (!editor_name_matches(names[i], ed->text + start, word_len))
            continue;
        if (matches++ == 0) {
            first = names[i];
            common = strlen(first);
        } else {
            size_t same = 0;
            while (same < common && names[i][same] != '\0' &&
                   towlower((unsigned char)names[i][same]) == towlower((unsigned char)first[same]))
                same++;
            common = same;
        }
    }
    if (matches == 1) {
        editor_replace_word(ed, start, first, strlen(first));
        if (start == 0) {
            editor_insert(ed, L':');
            editor_insert(ed, L' ');
        } else {
            editor_insert(ed, L' ');
        }
    } else if (matches > 1 && common > word_len) {
        editor_replace_word(ed, start, first, common);
    }
    return matches;
}
