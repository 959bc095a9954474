/*
 * width.c - display width of UTF-8 text, built on wcwidth().
 */
#include "model/width.h"

#include "sanitize.h"

int width_char(wchar_t character)
{
    if (character == L'\t')
        return 1; /* the views draw a TAB as one space */
    int columns = wcwidth(character);
    if (columns < 0)
        return 1; /* unprintable: drawn as U+FFFD, one column */
    return columns > 2 ? 2 : columns;
}

int width_printable(wchar_t character)
{
    return character != L'\t' && wcwidth(character) >= 0;
}

size_t width_decode(const char *text, size_t len, wchar_t *character)
{
    unsigned long codepoint;
    size_t length = sanitize_utf8_decode((const unsigned char *)text, len, &codepoint);

    if (length == 0) {
        *character = (wchar_t)0xFFFD;
        return 1;
    }
    *character = (wchar_t)codepoint;
    return length;
}

size_t width_utf8(const char *text, size_t len)
{
    size_t columns = 0, i = 0;
    wchar_t character;

    while (i < len) {
        i += width_decode(text + i, len - i, &character);
        columns += (size_t)width_char(character);
    }
    return columns;
}

size_t width_fit(const char *text, size_t len, size_t columns, size_t *used)
{
    size_t taken = 0, i = 0;
    wchar_t character;

    while (i < len) {
        size_t length = width_decode(text + i, len - i, &character);
        size_t need = (size_t)width_char(character);
        if (taken + need > columns)
            break;
        taken += need;
        i += length;
    }
    if (used != NULL)
        *used = taken;
    return i;
}

size_t width_cut(const char *text, size_t len, size_t columns, int *cut)
{
    size_t fit = width_fit(text, len, columns, NULL);

    *cut = fit < len;
    if (!*cut)
        return len;
    return columns > 0 ? width_fit(text, len, columns - 1, NULL) : 0;
}

size_t width_wrap(const char *text, size_t len, size_t columns)
{
    size_t fit = width_fit(text, len, columns, NULL);
    wchar_t character;

    if (fit >= len)
        return len;
    if (fit == 0) /* not even one character fits: take one anyway */
        return width_decode(text, len, &character);
    /* Prefer to break after a space, unless that would leave the line very short. */
    for (size_t i = fit; i > fit / 2; i--) {
        if (text[i - 1] == ' ')
            return i;
    }
    return fit;
}
