/*
 * fuzz_sanitize.c - the sanitiser (src/common/sanitize.c) on any bytes.
 *
 * The server runs every relayed text through sanitize_text() and the client
 * runs every received text through it again, so this is the one function
 * that stands between a peer and a terminal. What it proves, for any input and
 * any output room:
 *   - it never writes beyond `room` (the output buffer is exactly `room` bytes,
 *     so AddressSanitizer catches one byte more) and returns at most `room`;
 *   - the output is valid UTF-8 as sanitize_utf8_decode() judges it, with no C0
 *     control except TAB, no DEL, no C1 control, no bidi control, no line
 *     separator, no invisible character; a ZWJ or ZWNJ only between two
 *     non-ASCII characters, a tag character only in a flag's tag sequence;
 *   - with SANITIZE_MAX_OUTPUT(count) bytes of room nothing is cut (more room
 *     changes nothing);
 *   - a smaller room gives a prefix of the full output, cut between characters
 *     and only when the next character (at most 4 bytes) does not fit;
 *   - it is idempotent: sanitising the output again gives the same bytes;
 *   - sanitize_utf8_decode() never claims more bytes than it was given.
 *
 * Input: two bytes choose the room, the rest is the text.
 */
#include "fuzz.h"

/* A buffer of exactly `size` bytes (at least one, so that malloc(0) is avoided). */
static char *sanitize_fuzz_buffer(size_t size)
{
    char *buffer = malloc(size ? size : 1);
    FUZZ_CHECK(buffer != NULL, "out of memory");
    return buffer;
}

/* The previous and the next code point around byte `at` of `text` (0: none). */
static unsigned long sanitize_fuzz_codepoint_at(const char *text, size_t len, size_t at,
                                                size_t *length)
{
    unsigned long codepoint = 0;

    *length =
        at < len ? sanitize_utf8_decode((const unsigned char *)text + at, len - at, &codepoint) : 0;
    return *length > 0 ? codepoint : 0;
}

/* Joiners only between two non-ASCII characters; tags only after a flag or a tag,
 * and every run of tags ends with CANCEL TAG. Checked on complete output only. */
static void sanitize_fuzz_check_neighbours(const char *text, size_t len)
{
    unsigned long previous = 0;
    size_t at = 0, length;

    while (at < len) {
        unsigned long codepoint = sanitize_fuzz_codepoint_at(text, len, at, &length);
        FUZZ_CHECK(length > 0, "invalid UTF-8 at byte %zu", at);
        size_t next_length;
        unsigned long next = sanitize_fuzz_codepoint_at(text, len, at + length, &next_length);
        bool tag = codepoint >= 0xE0000 && codepoint <= 0xE007F;
        bool next_tag = next >= 0xE0000 && next <= 0xE007F;
        if (codepoint == 0x200C || codepoint == 0x200D)
            FUZZ_CHECK(previous >= 0x80 && next >= 0x80 && next != 0x200C && next != 0x200D,
                       "joiner U+%04lX between U+%04lX and U+%04lX", codepoint, previous, next);
        if (tag)
            FUZZ_CHECK(previous == 0x1F3F4 || (previous >= 0xE0000 && previous < 0xE007F),
                       "tag U+%05lX after U+%04lX", codepoint, previous);
        if (tag && codepoint != 0xE007F)
            FUZZ_CHECK(next_tag, "a tag run that does not end with CANCEL TAG");
        previous = codepoint;
        at += length;
    }
}

/* Sanitise into an exact buffer of `room` bytes and check the promises. */
static size_t sanitize_fuzz_run(const char *text, size_t count, char *out, size_t room)
{
    size_t used = sanitize_text(text, count, out, room);

    FUZZ_CHECK(used <= room, "wrote %zu bytes into %zu", used, room);
    fuzz_check_safe_text(out, used);
    return used;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_script script = {data, size, 0};
    size_t room_high = fuzz_script_byte(&script), room_low = fuzz_script_byte(&script);
    size_t count;
    const char *input = fuzz_script_bytes(&script, size, &count);

    /* The text in a buffer of its exact size, so that a read past it is caught. */
    char *text = sanitize_fuzz_buffer(count);
    if (count > 0)
        memcpy(text, input, count);

    /* Full room: nothing may be cut. */
    size_t full_room = SANITIZE_MAX_OUTPUT(count);
    char *full = sanitize_fuzz_buffer(full_room);
    size_t full_len = sanitize_fuzz_run(text, count, full, full_room);
    sanitize_fuzz_check_neighbours(full, full_len);
    /* Nothing was cut: more room than the bound gives the same bytes. */
    char *roomier = sanitize_fuzz_buffer(full_room + 8);
    size_t roomier_len = sanitize_fuzz_run(text, count, roomier, full_room + 8);
    FUZZ_CHECK(roomier_len == full_len && (full_len == 0 || memcmp(roomier, full, full_len) == 0),
               "the bound of %zu bytes cut the output", full_room);
    free(roomier);

    /* Any room: a prefix of the full output, ending between characters. */
    size_t room = ((room_high << 8) | room_low) % (full_room + 2);
    char *part = sanitize_fuzz_buffer(room);
    size_t part_len = sanitize_fuzz_run(text, count, part, room);
    FUZZ_CHECK(part_len <= full_len && (part_len == 0 || memcmp(part, full, part_len) == 0),
               "room %zu gave %zu bytes that are not a prefix of the full %zu", room, part_len,
               full_len);
    if (room >= full_len)
        FUZZ_CHECK(part_len == full_len, "room %zu >= %zu but only %zu written", room, full_len,
                   part_len);
    else
        FUZZ_CHECK(room - part_len < 4, "room %zu: stopped with %zu bytes unused", room,
                   room - part_len);

    /* Idempotent: the output is already safe, so it passes unchanged. */
    size_t again_room = SANITIZE_MAX_OUTPUT(full_len);
    char *again = sanitize_fuzz_buffer(again_room);
    size_t again_len = sanitize_fuzz_run(full, full_len, again, again_room);
    FUZZ_CHECK(again_len == full_len && (full_len == 0 || memcmp(again, full, full_len) == 0),
               "sanitising the output again changed it (%zu -> %zu bytes)", full_len, again_len);

    /* The decoder on its own: never more than it was given, and only real characters. */
    for (size_t i = 0; i < count; i++) {
        unsigned long codepoint;
        size_t length =
            sanitize_utf8_decode((const unsigned char *)text + i, count - i, &codepoint);
        FUZZ_CHECK(length <= 4 && length <= count - i, "decoded %zu bytes of %zu", length,
                   count - i);
        if (length > 0)
            FUZZ_CHECK(codepoint <= 0x10FFFF && !(codepoint >= 0xD800 && codepoint <= 0xDFFF),
                       "decoded U+%lX", codepoint);
    }

    free(again);
    free(part);
    free(full);
    free(text);
    return 0;
}
