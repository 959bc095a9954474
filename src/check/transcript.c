/*
 * transcript.c - events of one check, escaped and bounded.
 */
#include "check/transcript.h"

#include "i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void transcript_init(struct transcript *transcript, int64_t start_ms)
{
    transcript->start_ms = start_ms;
    transcript->count = 0;
    transcript->omitted = 0;
}

/* The slot for a new line: past the limit the oldest line after the head goes. */
static char *transcript_slot(struct transcript *transcript)
{
    if (transcript->count < TRANSCRIPT_MAX_EVENTS)
        return transcript->lines[transcript->count++];
    memmove(transcript->lines[TRANSCRIPT_HEAD_EVENTS], transcript->lines[TRANSCRIPT_HEAD_EVENTS + 1],
            (TRANSCRIPT_MAX_EVENTS - TRANSCRIPT_HEAD_EVENTS - 1) * TRANSCRIPT_LINE_MAX);
    transcript->omitted++;
    return transcript->lines[TRANSCRIPT_MAX_EVENTS - 1];
}

/* Length of the valid UTF-8 sequence at bytes[0] (2 to 4), or 0. */
static size_t transcript_utf8_length(const unsigned char *bytes, size_t count)
{
    size_t length = bytes[0] >= 0xf0 && bytes[0] <= 0xf4   ? 4
                    : bytes[0] >= 0xe0 && bytes[0] <= 0xef ? 3
                    : bytes[0] >= 0xc2 && bytes[0] <= 0xdf ? 2
                                                           : 0;
    if (length == 0 || length > count)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((bytes[i] & 0xc0) != 0x80)
            return 0;
    }
    return length;
}

/* The escape for one byte that is not printed as itself, or NULL. */
static const char *transcript_named_escape(unsigned char byte)
{
    switch (byte) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\\': return "\\\\";
    case '"': return "\\\"";
    default: return NULL;
    }
}

void transcript_escape(const char *bytes, size_t count, size_t max_bytes, char *out, size_t room)
{
    const unsigned char *in = (const unsigned char *)bytes;
    size_t used = 0, i = 0;
    char piece[16];

    if (room < 24) {
        if (room > 0)
            out[0] = '\0';
        return;
    }
    out[used++] = '"';
    while (i < count && i < max_bytes) {
        size_t utf8 = in[i] >= 0x80 ? transcript_utf8_length(in + i, count - i) : 0;
        const char *named = transcript_named_escape(in[i]);
        size_t take = utf8 > 0 ? utf8 : 1;
        if (utf8 > 0)
            snprintf(piece, sizeof(piece), "%.*s", (int)utf8, bytes + i);
        else if (named != NULL)
            snprintf(piece, sizeof(piece), "%s", named);
        else if (in[i] < 0x20 || in[i] >= 0x7f)
            snprintf(piece, sizeof(piece), "\\x%02x", in[i]);
        else
            snprintf(piece, sizeof(piece), "%c", in[i]);
        size_t length = strlen(piece);
        if (used + length + 2 >= room - 20)
            break;
        memcpy(out + used, piece, length);
        used += length;
        i += take;
    }
    out[used++] = '"';
    out[used] = '\0';
    if (i < count)
        snprintf(out + used, room - used, "… (%zu bytes)", count);
}

void transcript_bytes(struct transcript *transcript, int64_t now_ms, const char *from,
                      const char *to, const char *bytes, size_t count)
{
    char escaped[TRANSCRIPT_LINE_MAX - 40];
    int64_t at = now_ms - transcript->start_ms;

    transcript_escape(bytes, count, TRANSCRIPT_MAX_BYTES, escaped, sizeof(escaped));
    snprintf(transcript_slot(transcript), TRANSCRIPT_LINE_MAX, "%3d.%03d  %s → %s  %s",
             (int)(at / 1000), (int)(at % 1000), from, to, escaped);
}

void transcript_note(struct transcript *transcript, int64_t now_ms, const char *text)
{
    int64_t at = now_ms - transcript->start_ms;

    snprintf(transcript_slot(transcript), TRANSCRIPT_LINE_MAX, "%3d.%03d  (%s)", (int)(at / 1000),
             (int)(at % 1000), text);
}

size_t transcript_lines(const struct transcript *transcript)
{
    return transcript->count + (transcript->omitted > 0 ? 1 : 0);
}

const char *transcript_line(const struct transcript *transcript, size_t nth, char *scratch,
                            size_t room)
{
    if (transcript->omitted == 0 || nth < TRANSCRIPT_HEAD_EVENTS)
        return transcript->lines[nth];
    if (nth == TRANSCRIPT_HEAD_EVENTS) {
        snprintf(scratch, room, _("       … %zu events not shown"), transcript->omitted);
        return scratch;
    }
    return transcript->lines[nth - 1];
}
