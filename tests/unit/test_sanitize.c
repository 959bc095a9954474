/*
 * test_sanitize.c - making peer text safe for a terminal (src/common/sanitize.c).
 *
 * One test per row of the sanitising table in docs/protocol.md: what an attacker
 * could send (screen clears, clipboard writes, forged lines, reversed text,
 * broken UTF-8) and what must come out instead. Then the guarantees that hold
 * for any input: the output fits the room given, never ends in half a
 * character, is valid UTF-8 and holds no control byte except TAB.
 */
#include "check-main.h"
#include "sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD" /* U+FFFD, the replacement character "�" */

/* ---- Helpers ------------------------------------------------------------------ */

/* Sanitise `count` bytes with plenty of room; the result is NUL-terminated. */
static size_t sanitize_into(const char *in, size_t count, char *out, size_t out_size)
{
    size_t used = sanitize_text(in, count, out, out_size - 1);

    ck_assert_uint_le(used, SANITIZE_MAX_OUTPUT(count));
    out[used] = '\0';
    return used;
}

/* Sanitising `in` (count bytes) must give exactly `expected`. */
static void expect_sanitized(const char *in, size_t count, const char *expected)
{
    char out[512];
    size_t used = sanitize_into(in, count, out, sizeof(out));

    ck_assert_msg(used == strlen(expected) && memcmp(out, expected, used) == 0,
                  "sanitising %zu bytes gave \"%s\", expected \"%s\"", count, out, expected);
}

static void expect_unchanged(const char *text)
{
    expect_sanitized(text, strlen(text), text);
}

/* True when all `count` bytes are whole, valid UTF-8 characters. */
static bool is_valid_utf8(const char *text, size_t count)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;

    while (i < count) {
        unsigned long codepoint;
        size_t length = sanitize_utf8_decode(bytes + i, count - i, &codepoint);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

/* True when a terminal could take something in `text` as a command. */
static bool has_unsafe_character(const char *text, size_t count)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;

    while (i < count) {
        unsigned long c;
        size_t length = sanitize_utf8_decode(bytes + i, count - i, &c);
        if (length == 0)
            return true;
        if ((c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
            (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return true;
        /* invisible: the bidi marks, ZWSP, the separators, fillers, word joiner, BOM */
        if (c == 0x200B || c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029 ||
            c == 0x3164 || c == 0x2060 || c == 0xFEFF || c == 0x115F || c == 0xFFA0)
            return true;
        i += length;
    }
    return false;
}

/* Encode a code point as UTF-8 into out[0..3] (for the loops over whole ranges). */
static size_t encode_utf8(unsigned long c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* A small pseudo-random generator: the same numbers on every run. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 8) & 0xFFFFFF;
}

/* ---- Controls -------------------------------------------------------------------- */

/* Every C0 control except TAB becomes its control picture U+2400 + byte (E2 90 80+byte). */
START_TEST(test_c0_controls_become_pictures)
{
    for (unsigned byte = 0; byte < 0x20; byte++) {
        char in[3] = {'a', (char)byte, 'b'};
        char expected[8];

        if (byte == '\t')
            continue;
        snprintf(expected, sizeof(expected), "a\xE2\x90%cb", (char)(0x80 + byte));
        expect_sanitized(in, sizeof(in), expected);
    }
    expect_sanitized("\x1B", 1, "\xE2\x90\x9B"); /* ESC -> ␛, as in the table */
    expect_sanitized("\r", 1, "\xE2\x90\x8D");   /* CR  -> ␍ */
    expect_sanitized("\0", 1, "\xE2\x90\x80");   /* NUL -> ␀ */
}
END_TEST

/* TAB is kept, and so is every printable ASCII character. */
START_TEST(test_tab_and_printable_ascii_kept)
{
    char ascii[0x7F - 0x20 + 1];

    expect_unchanged("kolom1\tkolom2");
    for (unsigned byte = 0x20; byte < 0x7F; byte++)
        ascii[byte - 0x20] = (char)byte;
    ascii[sizeof(ascii) - 1] = '\0';
    expect_unchanged(ascii);
}
END_TEST

/* DEL (0x7F) becomes ␡ (U+2421). */
START_TEST(test_del_becomes_picture)
{
    expect_sanitized("x\x7Fy", 3, "x\xE2\x90\xA1y");
}
END_TEST

/* ESC [ 2 J (clear the screen): the ESC is shown, so no sequence starts. */
START_TEST(test_csi_clear_screen)
{
    expect_sanitized("\x1B[2J", 4, "\xE2\x90\x9B[2J");
}
END_TEST

/* OSC 52 (write the clipboard), ended by BEL: both ESC and BEL are shown. */
START_TEST(test_osc52_clipboard)
{
    static const char attack[] = "\x1B]52;c;cm0gLXJmIH4=\x07";

    expect_sanitized(attack, sizeof(attack) - 1, "\xE2\x90\x9B]52;c;cm0gLXJmIH4=\xE2\x90\x87");
}
END_TEST

/* DCS (ESC P ... ESC \): neither ESC survives. */
START_TEST(test_dcs)
{
    static const char attack[] = "\x1BP1$r\x1B\\";

    expect_sanitized(attack, sizeof(attack) - 1, "\xE2\x90\x9BP1$r\xE2\x90\x9B\\");
}
END_TEST

/* C1 controls U+0080..U+009F (e.g. C2 9B, the one-byte CSI) become one U+FFFD each. */
START_TEST(test_c1_controls)
{
    expect_sanitized("\xC2\x9B"
                     "2J",
                     4, FFFD "2J");
    for (unsigned long c = 0x80; c <= 0x9F; c++) {
        char in[4];
        ck_assert_uint_eq(encode_utf8(c, in), 2);
        expect_sanitized(in, 2, FFFD);
    }
    expect_unchanged("\xC2\xA0"); /* U+00A0, just after the C1 range: a plain (no-break) space */
}
END_TEST

/* A bare CR (or an LF) cannot forge a second line: no 0x0D or 0x0A is left. */
START_TEST(test_cr_cannot_forge_a_line)
{
    static const char attack[] = "hi\rMSG guru besok libur\nNOTICE server down\r\n";
    char out[512];
    size_t used = sanitize_into(attack, sizeof(attack) - 1, out, sizeof(out));

    ck_assert_ptr_null(memchr(out, '\r', used));
    ck_assert_ptr_null(memchr(out, '\n', used));
    ck_assert_str_eq(out, "hi\xE2\x90\x8DMSG guru besok libur\xE2\x90\x8ANOTICE server "
                          "down\xE2\x90\x8D\xE2\x90\x8A");
}
END_TEST

/* Bidi overrides and isolates (U+202A..U+202E, U+2066..U+2069) become U+FFFD. */
START_TEST(test_bidi_controls)
{
    static const unsigned long ranges[][2] = {{0x202A, 0x202E}, {0x2066, 0x2069}};

    /* U+202E (RIGHT-TO-LEFT OVERRIDE) would make "abc<RLO>fdp.exe" look like "abcexe.pdf" */
    static const char override[] = "abc\xE2\x80\xAE"
                                   "fdp.exe";

    expect_sanitized(override, sizeof(override) - 1, "abc" FFFD "fdp.exe");
    expect_sanitized("\xE2\x81\xA6x", 4, FFFD "x"); /* U+2066 LEFT-TO-RIGHT ISOLATE */
    for (size_t r = 0; r < 2; r++) {
        for (unsigned long c = ranges[r][0]; c <= ranges[r][1]; c++) {
            char in[4];
            ck_assert_uint_eq(encode_utf8(c, in), 3);
            expect_sanitized(in, 3, FFFD);
        }
    }
    expect_unchanged("\xE2\x80\xAF"); /* U+202F, next to the overrides: narrow no-break space */
}
END_TEST

/* ---- Invisible characters ------------------------------------------------------------ */

/* "ad" + c + "min" (c as UTF-8) must read "admin", or `expected` between the halves. */
static void expect_between(unsigned long c, const char *expected_middle)
{
    char in[16], expected[32];
    size_t len = 0;

    memcpy(in, "ad", 2);
    len = 2 + encode_utf8(c, in + 2);
    memcpy(in + len, "min", 3);
    len += 3;
    snprintf(expected, sizeof(expected), "ad%smin", expected_middle);
    expect_sanitized(in, len, expected);
}

/* Invisible characters are removed: "ad<ZWSP>min" is "admin", a message of
 * Hangul fillers is empty - nothing can look blank or hide inside a word. */
START_TEST(test_invisible_characters_removed)
{
    static const unsigned long invisible[][2] = {
        {0x200B, 0x200B},   /* ZERO WIDTH SPACE */
        {0x2060, 0x2064},   /* WORD JOINER, invisible operators */
        {0x206A, 0x206F},   /* deprecated format characters */
        {0xFEFF, 0xFEFF},   /* ZERO WIDTH NO-BREAK SPACE */
        {0x115F, 0x1160},   /* Hangul choseong and jungseong fillers */
        {0x3164, 0x3164},   /* HANGUL FILLER */
        {0xFFA0, 0xFFA0},   /* HALFWIDTH HANGUL FILLER */
        {0x180E, 0x180E},   /* MONGOLIAN VOWEL SEPARATOR */
        {0xE0000, 0xE007F}, /* tag characters, outside a flag */
    };

    for (size_t r = 0; r < sizeof(invisible) / sizeof(invisible[0]); r++) {
        for (unsigned long c = invisible[r][0]; c <= invisible[r][1]; c++)
            expect_between(c, "");
    }
    expect_sanitized("\xE3\x85\xA4\xE3\x85\xA4", 6, ""); /* two HANGUL FILLERs: nothing */
    expect_sanitized("\xEF\xBB\xBFhalo", 7, "halo");     /* a byte order mark at the start */
    expect_unchanged("\xE3\x85\xA3");                    /* U+3163, a real jamo, next door */
}
END_TEST

/* The bidi marks LRM, RLM and ALM reorder text like the overrides: shown as U+FFFD. */
START_TEST(test_bidi_marks)
{
    expect_between(0x200E, FFFD);
    expect_between(0x200F, FFFD);
    expect_between(0x061C, FFFD);
}
END_TEST

/* LINE and PARAGRAPH SEPARATOR break lines in some terminals and editors: shown as "␤". */
START_TEST(test_line_separators)
{
    expect_between(0x2028, "\xE2\x90\xA4");
    expect_between(0x2029, "\xE2\x90\xA4");
}
END_TEST

/* ZWJ and ZWNJ between two non-ASCII characters are writing (emoji sequences,
 * Indic conjuncts, Persian); anywhere else they only hide, and are removed. */
START_TEST(test_joiners)
{
    /* 👨‍👩‍👧 family, 🏳️‍🌈 rainbow flag, 👩🏽‍💻 with a skin tone */
    expect_unchanged("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7");
    expect_unchanged("\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88");
    expect_unchanged("\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBD\xE2\x80\x8D\xF0\x9F\x92\xBB");
    expect_unchanged("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7"); /* क्‍ष */
    expect_unchanged("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88");     /* Persian ZWNJ */
    expect_between(0x200D, ""); /* between ASCII letters: removed */
    expect_between(0x200C, "");
    expect_sanitized("\xE2\x80\x8D\xF0\x9F\x98\x80", 7, "\xF0\x9F\x98\x80"); /* at the start */
    expect_sanitized("\xF0\x9F\x98\x80\xE2\x80\x8D", 7, "\xF0\x9F\x98\x80"); /* at the end */
    /* two in a row join nothing (each has a joiner beside it), nor one beside an
     * invisible character */
    expect_sanitized("\xC3\xA9\xE2\x80\x8D\xE2\x80\x8D\xC3\xA9", 10, "\xC3\xA9\xC3\xA9");
    expect_sanitized("\xC3\xA9\xE2\x80\x8B\xE2\x80\x8D\xC3\xA9", 10, "\xC3\xA9\xC3\xA9");
}
END_TEST

/* Tag characters spell an emoji subdivision flag after U+1F3F4 (Scotland:
 * "gbsct" then CANCEL TAG); anywhere else they are invisible text, removed. */
START_TEST(test_tag_sequences)
{
    static const char scotland[] = "\xF0\x9F\x8F\xB4"
                                   "\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xB3"
                                   "\xF3\xA0\x81\xA3\xF3\xA0\x81\xB4\xF3\xA0\x81\xBF";
    char in[128];
    size_t len;

    expect_unchanged(scotland);
    expect_unchanged("\xF0\x9F\x8F\xB4"); /* the black flag alone */
    /* "hi" + the tags "gb" + CANCEL: hidden text after a word */
    expect_sanitized("hi\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xBF", 14, "hi");
    /* the flag's tags without their CANCEL TAG: the flag stays, the tags go */
    len = sizeof(scotland) - 1 - 4;
    memcpy(in, scotland, len);
    expect_sanitized(in, len, "\xF0\x9F\x8F\xB4");
    /* nine tag letters: more than a flag needs */
    memcpy(in, "\xF0\x9F\x8F\xB4", 4);
    len = 4;
    for (int i = 0; i < 9; i++)
        len += encode_utf8(0xE0061, in + len);
    len += encode_utf8(0xE007F, in + len);
    expect_sanitized(in, len, "\xF0\x9F\x8F\xB4");
    /* a tag space (U+E0020) is no letter of a flag: the whole sequence goes */
    len = 4;
    len += encode_utf8(0xE0067, in + len);
    len += encode_utf8(0xE0020, in + len);
    len += encode_utf8(0xE007F, in + len);
    expect_sanitized(in, len, "\xF0\x9F\x8F\xB4");
}
END_TEST

/* ---- Invalid UTF-8: one U+FFFD per bad byte ------------------------------------ */

START_TEST(test_stray_continuation_byte)
{
    expect_sanitized("a\x80z", 3, "a" FFFD "z");
    expect_sanitized("\xBF\xBF", 2, FFFD FFFD);
}
END_TEST

/* Overlong forms ("/" as C0 AF or E0 80 AF) would let "/" or NUL hide from checks. */
START_TEST(test_overlong_forms)
{
    expect_sanitized("\xC0\xAF", 2, FFFD FFFD);
    expect_sanitized("\xE0\x80\xAF", 3, FFFD FFFD FFFD);
    expect_sanitized("\xC1\xBF", 2, FFFD FFFD);
    expect_sanitized("\xF0\x80\x80\xAF", 4, FFFD FFFD FFFD FFFD);
}
END_TEST

/* UTF-16 surrogates (U+D800..U+DFFF) are not characters. */
START_TEST(test_surrogates)
{
    expect_sanitized("\xED\xA0\x80", 3, FFFD FFFD FFFD);
    expect_sanitized("\xED\xBF\xBF", 3, FFFD FFFD FFFD);
    expect_unchanged("\xED\x9F\xBF"); /* U+D7FF, just below: valid */
}
END_TEST

/* Above U+10FFFF, and bytes that can never start a character (F5..FF). */
START_TEST(test_beyond_unicode)
{
    expect_sanitized("\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD);
    expect_sanitized("\xF5\xFF", 2, FFFD FFFD);
    expect_unchanged("\xF4\x8F\xBF\xBF"); /* U+10FFFF itself is valid */
}
END_TEST

/* A character cut off by the end of the input, or interrupted by ASCII. */
START_TEST(test_truncated_sequences)
{
    expect_sanitized("ok\xE2\x82", 4, "ok" FFFD FFFD);
    expect_sanitized("\xF0\x9F\x98", 3, FFFD FFFD FFFD);
    expect_sanitized("\xE2"
                     "AB",
                     3, FFFD "AB"); /* the ASCII after it is kept */
}
END_TEST

/* ---- Valid text passes -------------------------------------------------------------- */

/* Any script, accents and 4-byte emoji are relayed byte for byte. */
START_TEST(test_valid_text_unchanged)
{
    expect_unchanged("Selamat pagi, apa kabar? Saya dari Yogyakarta.");
    expect_unchanged("caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xC3\xA0 bient\xC3\xB4t");
    expect_unchanged("\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C"); /* 你好世界 */
    expect_unchanged(
        "\xF0\x9F\x98\x80\xF0\x9F\x8E\x89 \xF0\x9F\x87\xAE\xF0\x9F\x87\xA9"); /* emoji, flag */
    expect_unchanged("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85");                     /* Arabic: salam */
    expect_unchanged("");
}
END_TEST

/* sanitize_utf8_decode reports lengths and code points, and 0 for bad bytes. */
START_TEST(test_decode)
{
    unsigned long c = 0;

    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"A", 1, &c), 1);
    ck_assert_uint_eq(c, 0x41);
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &c), 2);
    ck_assert_uint_eq(c, 0xE9);
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &c), 3);
    ck_assert_uint_eq(c, 0x20AC);
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &c), 4);
    ck_assert_uint_eq(c, 0x1F600);
    /* the count is respected: the bytes after it are not looked at */
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 2, &c), 0);
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\x80", 1, &c), 0);
    ck_assert_uint_eq(sanitize_utf8_decode((const unsigned char *)"\xC0\x80", 2, &c), 0);
}
END_TEST

/* ---- Room ----------------------------------------------------------------------------- */

/*
 * With every room from 0 up, the output never passes the room, is the start of
 * the full output, and never ends in part of a character.
 */
START_TEST(test_small_rooms)
{
    static const char in[] = "a\xF0\x9F\x98\x80\x1B\xC3\xA9\x80\xE2\x80\xAE"
                             "b";
    char full[64];
    size_t full_len = sanitize_into(in, sizeof(in) - 1, full, sizeof(full));

    for (size_t room = 0; room <= full_len + 2; room++) {
        char out[64];
        memset(out, '#', sizeof(out));
        size_t used = sanitize_text(in, sizeof(in) - 1, out, room);

        ck_assert_uint_le(used, room);
        ck_assert_msg(out[room] == '#', "wrote past the room of %zu", room);
        ck_assert(memcmp(out, full, used) == 0);
        ck_assert_msg(is_valid_utf8(out, used), "room %zu: partial character", room);
        if (room >= full_len)
            ck_assert_uint_eq(used, full_len);
    }
    ck_assert_uint_eq(sanitize_text("\x1B", 1, full, 2), 0); /* a picture needs 3 bytes */
    ck_assert_uint_eq(sanitize_text("\xF0\x9F\x98\x80", 4, full, 3), 0); /* emoji: 4 */
}
END_TEST

/* ---- Any input ---------------------------------------------------------------------- */

/*
 * Thousands of pseudo-random byte strings (a fixed seed: the same strings on
 * every run), mixing random bytes with pieces of real UTF-8 and controls. For
 * each, the output is valid UTF-8, holds no control character, and sanitising
 * it again changes nothing.
 */
START_TEST(test_random_input_is_always_safe)
{
    static const char *const pieces[] = {
        "\x1B[",
        "\r\n",
        "\xC2\x9B",
        "\xE2\x80\xAE",
        "\xE2\x81\xA9",
        "\xF0\x9F\x98\x80",
        "\xC3\xA9",
        "\xED\xA0\x80",
        "\xF4\x90\x80\x80",
        "\xE0\x80\xAF",
        "\t",
        "halo",
        "\xE2\x80\x8D",
        "\xE2\x80\x8B",
        "\xF0\x9F\x8F\xB4",
        "\xF3\xA0\x81\xA7",
        "\xF3\xA0\x81\xBF",
        "\xE3\x85\xA4",
        "\xE2\x80\xA8",
        "\xE2\x80\x8F",
    };
    uint32_t random_state = 12345;

    for (int round = 0; round < 5000; round++) {
        char in[96];
        size_t len = 0, target = next_random(&random_state) % 64;

        while (len < target) {
            uint32_t choice = next_random(&random_state);
            if (choice % 3 == 0) {
                const char *piece = pieces[(choice / 3) % (sizeof(pieces) / sizeof(pieces[0]))];
                size_t piece_len = strlen(piece);
                memcpy(in + len, piece, piece_len);
                len += piece_len;
            } else {
                in[len++] = (char)(next_random(&random_state) & 0xFF);
            }
        }

        char out[SANITIZE_MAX_OUTPUT(96)];
        size_t used = sanitize_text(in, len, out, sizeof(out));
        ck_assert_uint_le(used, SANITIZE_MAX_OUTPUT(len));
        ck_assert_msg(is_valid_utf8(out, used), "round %d: invalid UTF-8 out", round);
        ck_assert_msg(!has_unsafe_character(out, used), "round %d: unsafe character out", round);
        for (size_t i = 0; i < used; i++) {
            unsigned char byte = (unsigned char)out[i];
            ck_assert((byte >= 0x20 || byte == '\t') && byte != 0x7F);
        }

        char again[sizeof(out) * 3];
        size_t again_used = sanitize_text(out, used, again, sizeof(again));
        ck_assert_msg(again_used == used && memcmp(again, out, used) == 0,
                      "round %d: sanitising twice changed the text", round);
    }
}
END_TEST

static Suite *sanitize_suite(void)
{
    Suite *suite = suite_create("sanitize");
    TCase *controls = tcase_create("controls");
    TCase *invalid = tcase_create("invalid utf-8");
    TCase *valid = tcase_create("valid text");
    TCase *any = tcase_create("any input");

    tcase_add_test(controls, test_c0_controls_become_pictures);
    tcase_add_test(controls, test_tab_and_printable_ascii_kept);
    tcase_add_test(controls, test_del_becomes_picture);
    tcase_add_test(controls, test_csi_clear_screen);
    tcase_add_test(controls, test_osc52_clipboard);
    tcase_add_test(controls, test_dcs);
    tcase_add_test(controls, test_c1_controls);
    tcase_add_test(controls, test_cr_cannot_forge_a_line);
    tcase_add_test(controls, test_bidi_controls);
    suite_add_tcase(suite, controls);

    TCase *invisible = tcase_create("invisible characters");
    tcase_add_test(invisible, test_invisible_characters_removed);
    tcase_add_test(invisible, test_bidi_marks);
    tcase_add_test(invisible, test_line_separators);
    tcase_add_test(invisible, test_joiners);
    tcase_add_test(invisible, test_tag_sequences);
    suite_add_tcase(suite, invisible);

    tcase_add_test(invalid, test_stray_continuation_byte);
    tcase_add_test(invalid, test_overlong_forms);
    tcase_add_test(invalid, test_surrogates);
    tcase_add_test(invalid, test_beyond_unicode);
    tcase_add_test(invalid, test_truncated_sequences);
    suite_add_tcase(suite, invalid);

    tcase_add_test(valid, test_valid_text_unchanged);
    tcase_add_test(valid, test_decode);
    suite_add_tcase(suite, valid);

    tcase_add_test(any, test_small_rooms);
    tcase_add_test(any, test_random_input_is_always_safe);
    tcase_set_timeout(any, 30);
    suite_add_tcase(suite, any);
    return suite;
}

CHECK_MAIN(sanitize_suite)
