/*
 * editor.h - the input line: a small readline over wide characters.
 *
 * The text is kept as wchar_t, one element per character, so that moving the
 * cursor over "é", "日" or "👍" moves over a whole character and never into
 * the middle of its UTF-8 bytes. The keys the view maps onto these functions:
 *
 *   Left/Right  Home/End (C-a/C-e)  Backspace  Delete
 *   C-u  delete to the start        C-k  delete to the end
 *   C-w  delete the word before the cursor
 *
 * Pure: no terminal. The locale must be UTF-8 for the conversions.
 */
#ifndef OBROL_CLIENT_EDITOR_H
#define OBROL_CLIENT_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* The longest input line in characters (the server takes 1024 bytes). */
#define EDITOR_CHARS_MAX 1024
/* The same line as UTF-8: at most 4 bytes a character (NUL not counted). */
#define EDITOR_BYTES_MAX (EDITOR_CHARS_MAX * 4)

struct editor {
    wchar_t text[EDITOR_CHARS_MAX + 1]; /* always NUL-terminated */
    size_t len;                         /* characters */
    size_t cursor;                      /* 0..len: before which character */
};

void editor_clear(struct editor *ed);
bool editor_insert(struct editor *ed, wchar_t character); /* false when full */
void editor_left(struct editor *ed);
void editor_right(struct editor *ed);
void editor_home(struct editor *ed);
void editor_end(struct editor *ed);
void editor_backspace(struct editor *ed);
void editor_delete(struct editor *ed);
void editor_kill_to_start(struct editor *ed); /* C-u */
void editor_kill_to_end(struct editor *ed);   /* C-k */
void editor_kill_word(struct editor *ed);     /* C-w */

/* Replace the text (cursor at the end); it is at most EDITOR_CHARS_MAX characters. */
void editor_set(struct editor *ed, const wchar_t *text);

/* The text as UTF-8 with a NUL; returns its length in bytes. */
size_t editor_utf8(const struct editor *ed, char *out, size_t room);

/* Columns from the start of the line to the cursor. */
size_t editor_cursor_column(const struct editor *ed);

/*
 * Complete the word before the cursor from `names` (case does not matter).
 * One match: the word becomes that name, followed by ": " at the start of the
 * line or " " elsewhere. Several: the word grows to their longest common
 * prefix. Returns the number of matches.
 */
size_t editor_complete(struct editor *ed, const char *const *names, size_t count);

#endif
