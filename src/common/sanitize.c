/*
 * sanitize.c - strict UTF-8 validation and control-character replacement.
 */
#include "sanitize.h"

#include <stdbool.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t sanitize_utf8_decode(const unsigned char *in, size_t count, unsigned long *codepoint)
{
    unsigned char lead = in[0];
    size_t length;
    unsigned long value, minimum;

    if (lead < 0x80) {
        *codepoint = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return 0; /* a continuation byte, or 0xC0, 0xC1, 0xF5..0xFF: never a lead */
    }
    if (count < length)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((in[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (in[i] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0; /* overlong form, beyond Unicode, or a UTF-16 surrogate */
    *codepoint = value;
    return length;
}

/* Characters that are valid UTF-8 but must not reach a terminal as they are. */
static bool sanitize_is_unsafe(unsigned long codepoint)
{
    return (codepoint >= 0x80 && codepoint <= 0x9F)         /* C1 controls, e.g. CSI */
           || (codepoint >= 0x202A && codepoint <= 0x202E)  /* bidi embeddings, overrides */
           || (codepoint >= 0x2066 && codepoint <= 0x2069); /* bidi isolates */
}

/* Append `count` bytes if they fit; false when the output is full. */
static bool sanitize_put(char *out, size_t room, size_t *used, const char *bytes, size_t count)
{
    if (room - *used < count)
        return false;
    memcpy(out + *used, bytes, count);
    *used += count;
    return true;
}

size_t sanitize_text(const char *in, size_t count, char *out, size_t room)
{
    const unsigned char *bytes = (const unsigned char *)in;
    size_t used = 0, i = 0;

    while (i < count) {
        unsigned char byte = bytes[i];
        unsigned long codepoint;
        size_t length;
        bool fits;

        if (byte == '\t' || (byte >= 0x20 && byte < 0x7F)) {
            fits = sanitize_put(out, room, &used, in + i, 1);
            length = 1;
        } else if (byte < 0x20 || byte == 0x7F) {
            /* U+2400 + code (U+2421 for DEL), encoded as E2 90 xx */
            char picture[3] = {'\xE2', '\x90', (char)(byte == 0x7F ? 0xA1 : 0x80 + byte)};
            fits = sanitize_put(out, room, &used, picture, 3);
            length = 1;
        } else if ((length = sanitize_utf8_decode(bytes + i, count - i, &codepoint)) == 0) {
            fits = sanitize_put(out, room, &used, REPLACEMENT, 3);
            length = 1; /* resynchronise on the next byte */
        } else if (sanitize_is_unsafe(codepoint)) {
            fits = sanitize_put(out, room, &used, REPLACEMENT, 3);
        } else {
            fits = sanitize_put(out, room, &used, in + i, length);
        }
        if (!fits)
            break;
        i += length;
    }
    return used;
}
