/*
 * width.h - how many terminal columns text takes.
 *
 * A byte is not a column. "é" is two bytes and one column, "日" three bytes and
 * two columns, "👍" four bytes and two columns, and a combining accent takes no
 * column at all: it sits on the character before it. The views use these
 * functions to cut and wrap text so that wide characters keep their width.
 * Every function here is pure (it depends only on the locale's wcwidth()).
 */
#ifndef OBROL_CLIENT_WIDTH_H
#define OBROL_CLIENT_WIDTH_H

#include <stddef.h>
#include <wchar.h>

/* Columns for one character: 0 (combining), 1 or 2; never negative. A
 * character the terminal cannot print counts 1: the views draw "�" for it. */
int width_char(wchar_t character);

/* True when the views may draw this character as it is. */
int width_printable(wchar_t character);

/*
 * Decode one character of UTF-8 at `text` (`len` bytes left). Returns its
 * length in bytes (at least 1) and stores the character; an invalid byte
 * gives U+FFFD and a length of 1, so that a loop over a string always moves.
 */
size_t width_decode(const char *text, size_t len, wchar_t *character);

/* Columns for `len` bytes of UTF-8. */
size_t width_utf8(const char *text, size_t len);

/* The longest prefix of `text` (in bytes) that fits in `columns`; the columns
 * it takes go to *used (may be NULL). Combining marks stay with their base. */
size_t width_fit(const char *text, size_t len, size_t columns, size_t *used);

/*
 * The bytes of `text` to draw in `columns` with nothing cut silently: all of it
 * when it fits (*cut false); otherwise the longest prefix that fits in
 * columns - 1, and *cut true: the caller draws "…" in the last column.
 */
size_t width_cut(const char *text, size_t len, size_t columns, int *cut);

/*
 * Where to break `text` so that its first line fits in `columns`: returns the
 * bytes of that line. Breaks after the last space that fits when there is one,
 * otherwise between characters; always returns at least one character.
 */
size_t width_wrap(const char *text, size_t len, size_t columns);

#endif
