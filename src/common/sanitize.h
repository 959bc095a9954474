/*
 * sanitize.h - make text from the network safe to show on a terminal.
 *
 * A terminal obeys the bytes it is given: ESC [ 2 J clears the screen, OSC 52
 * can write to the clipboard, a bare CR moves the cursor back so that a second
 * "line" can be printed over the first. Text from a peer is therefore never
 * passed on as it came. sanitize_text() keeps printable UTF-8 and TAB and
 * replaces everything else with a visible stand-in, or removes it:
 *
 *   - C0 controls (NUL..US, except TAB) and DEL become their Unicode "control
 *     pictures" (U+2400..U+241F, U+2421): ESC shows as "␛", CR as "␍";
 *   - C1 controls (U+0080..U+009F), bidirectional overrides, isolates and
 *     marks (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) and
 *     invalid UTF-8 (bad bytes, overlong forms, surrogates, values above
 *     U+10FFFF) become U+FFFD "�";
 *   - LINE and PARAGRAPH SEPARATOR (U+2028, U+2029) become "␤" (U+2424);
 *   - invisible characters are removed: ZERO WIDTH SPACE, WORD JOINER, the
 *     byte order mark, the Hangul fillers, tag characters (except in an emoji
 *     flag such as Scotland's), and ZWJ/ZWNJ except between two non-ASCII
 *     characters (emoji sequences, Indic and Persian writing keep theirs).
 *
 * With every ESC gone no escape sequence (CSI, OSC, DCS) can start, with every
 * CR and LF gone no line can be forged, and with the invisible characters gone
 * no text can hide in a message or look like a name it is not. Both the server
 * (before relaying) and the client (before drawing) use it: neither trusts the
 * other. Sanitising text twice gives the same text as once.
 */
#ifndef OBROL_SANITIZE_H
#define OBROL_SANITIZE_H

#include <stddef.h>

/* The output is at most this many bytes for `count` input bytes. */
#define SANITIZE_MAX_OUTPUT(count) ((count)*3)

/*
 * Sanitise `count` bytes into `out` (at most `room` bytes, never a partial
 * character, no terminating NUL). Returns the number of bytes written, which
 * may be 0 for text that was only invisible characters.
 */
size_t sanitize_text(const char *in, size_t count, char *out, size_t room);

/*
 * Decode one UTF-8 character at `in`. Returns its length (1..4) and sets
 * *codepoint, or returns 0 if the bytes are not valid UTF-8.
 */
size_t sanitize_utf8_decode(const unsigned char *in, size_t count, unsigned long *codepoint);

#endif
