/*
 * test_linebuf.c - line framing (src/common/linebuf.c).
 *
 * TCP hands the server bytes, not lines: one recv() may return half a line, a
 * line and a half, or ten lines. These tests feed a linebuf the way the network
 * would (one byte at a time, many lines at once, a character cut in half, an
 * endless line) and check that exactly the lines that were sent come out, and
 * that the memory used stays bounded whatever the peer sends.
 */
#include "check-main.h"
#include "linebuf.h"

#include <stdio.h>
#include <string.h>

/* A small max_line keeps the overlong-line tests short to read. */
#define SMALL_MAX_LINE 16

/* ---- Helpers ------------------------------------------------------------------ */

/* Feed every byte (the buffer must have room: these tests never fill it). */
static void feed(struct linebuf *lb, const char *bytes, size_t count)
{
    ck_assert_uint_eq(linebuf_feed(lb, bytes, count), count);
}

static void feed_string(struct linebuf *lb, const char *text)
{
    feed(lb, text, strlen(text));
}

/* The next result must be a complete line equal to `expected`. */
static void expect_line(struct linebuf *lb, const char *expected)
{
    const char *line = NULL;
    size_t len = 0;

    ck_assert_int_eq(linebuf_next(lb, &line, &len), LINEBUF_LINE);
    ck_assert_uint_eq(len, strlen(expected));
    ck_assert_msg(memcmp(line, expected, len) == 0, "expected line \"%s\", got \"%.*s\"", expected,
                  (int)len, line);
}

static void expect_none(struct linebuf *lb)
{
    const char *line;
    size_t len;

    ck_assert_int_eq(linebuf_next(lb, &line, &len), LINEBUF_NONE);
}

/* The storage may never be larger than one line plus CR LF, or the minimum. */
static size_t capacity_bound(size_t max_line)
{
    return max_line + 2 > LINEBUF_MIN_CAPACITY ? max_line + 2 : LINEBUF_MIN_CAPACITY;
}

/*
 * Feed `bytes` in chunks of `chunk` bytes, calling linebuf_next after each chunk
 * as the server does after each recv(). Counts the lines and TOO_LONGs that came out.
 */
static void feed_in_chunks(struct linebuf *lb, const char *bytes, size_t count, size_t chunk,
                           unsigned *lines, unsigned *too_long)
{
    for (size_t offset = 0; offset < count; offset += chunk) {
        size_t piece = count - offset < chunk ? count - offset : chunk;
        const char *line;
        size_t len;
        enum linebuf_result result;

        feed(lb, bytes + offset, piece);
        while ((result = linebuf_next(lb, &line, &len)) != LINEBUF_NONE) {
            if (result == LINEBUF_LINE)
                (*lines)++;
            else
                (*too_long)++;
        }
        linebuf_compact(lb);
    }
}

/* ---- Reassembling lines --------------------------------------------------------- */

/* Two lines in one feed come out as two lines, CR removed; then storage is freed. */
START_TEST(test_two_lines_in_one_feed)
{
    struct linebuf lb;
    const char *line;
    size_t len;

    linebuf_init(&lb, 1024);
    ck_assert_uint_eq(linebuf_feed(&lb, "one\r\ntwo\n", 9), 9);
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_LINE);
    ck_assert_uint_eq(len, 3);
    ck_assert(memcmp(line, "one", 3) == 0);
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_LINE);
    ck_assert(len == 3 && memcmp(line, "two", 3) == 0);
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_NONE);
    linebuf_compact(&lb);
    ck_assert_ptr_null(lb.data); /* empty again: storage released */
    linebuf_free(&lb);
}
END_TEST

/* A line that arrives one byte per recv() is reassembled; nothing comes out early. */
START_TEST(test_byte_by_byte)
{
    static const char sent[] = "Halo server!\n";
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    for (size_t i = 0; i + 1 < sizeof(sent) - 1; i++) {
        feed(&lb, sent + i, 1);
        expect_none(&lb); /* no LF yet: no line */
        linebuf_compact(&lb);
    }
    feed(&lb, "\n", 1);
    expect_line(&lb, "Halo server!");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* LF, CR LF and a CR alone each end a line; CR LF is one line end, not two. */
START_TEST(test_crlf_and_lf)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "telnet\r\nnc\nmid\rdle\n\r\n\n");
    expect_line(&lb, "telnet");
    expect_line(&lb, "nc");
    expect_line(&lb, "mid"); /* a CR alone ends a line: it can never hide the text before it */
    expect_line(&lb, "dle");
    expect_line(&lb, ""); /* CRLF alone: an empty line */
    expect_line(&lb, ""); /* LF alone: an empty line */
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* Lines ended by a CR alone come out at once, each on its own: not merged, not held. */
START_TEST(test_bare_cr_ends_lines)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "one\rtwo\rthree\r");
    ck_assert_uint_eq(linebuf_count_lines(&lb), 3);
    expect_line(&lb, "one");
    expect_line(&lb, "two");
    expect_line(&lb, "three"); /* its CR is the last byte so far: still a whole line */
    expect_none(&lb);
    ck_assert(lb.seen_newline);
    feed_string(&lb, "four\r"); /* no LF follows: nothing is swallowed */
    expect_line(&lb, "four");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* A CR LF split across two recv() calls is still one line end: no empty line. */
START_TEST(test_crlf_split_across_feeds)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "halo\r");
    expect_line(&lb, "halo"); /* the CR ends the line at once */
    expect_none(&lb);
    linebuf_compact(&lb); /* everything was handed out: storage freed */
    feed_string(&lb, "\n");
    expect_none(&lb); /* the LF belonged to that CR */
    ck_assert_uint_eq(linebuf_pending(&lb), 0);
    feed_string(&lb, "\n");
    expect_line(&lb, ""); /* a second LF is an empty line of its own */
    feed_string(&lb, "a\r");
    expect_line(&lb, "a");
    feed_string(&lb, "b\n"); /* not an LF after the CR: the next line starts */
    expect_line(&lb, "b");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* has_line, peek and count_lines see the same line ends as linebuf_next. */
START_TEST(test_looking_counts_crlf_once)
{
    struct linebuf lb;
    const char *line;
    size_t len;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "a\r\nb\rc\nd");
    ck_assert_uint_eq(linebuf_count_lines(&lb), 3);
    ck_assert(linebuf_peek(&lb, &line, &len));
    ck_assert(len == 1 && line[0] == 'a');
    expect_line(&lb, "a");
    expect_line(&lb, "b");
    ck_assert(linebuf_peek(&lb, &line, &len));
    ck_assert(len == 1 && line[0] == 'c');
    expect_line(&lb, "c");
    ck_assert(!linebuf_has_line(&lb));
    ck_assert(!linebuf_peek(&lb, &line, &len));
    ck_assert_uint_eq(linebuf_count_lines(&lb), 0);
    linebuf_free(&lb);
}
END_TEST

/* Ten lines in one recv() come out one by one, in the order they were sent. */
START_TEST(test_many_lines_in_one_feed_in_order)
{
    char stream[256];
    size_t used = 0;
    struct linebuf lb;

    for (int i = 0; i < 10; i++)
        used += (size_t)snprintf(stream + used, sizeof(stream) - used, "pesan %d\n", i);
    linebuf_init(&lb, 1024);
    feed(&lb, stream, used);
    for (int i = 0; i < 10; i++) {
        char expected[32];
        snprintf(expected, sizeof(expected), "pesan %d", i);
        expect_line(&lb, expected);
    }
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* A line and a half: the half waits, and is completed by the next recv(). */
START_TEST(test_line_and_a_half)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "satu\ndu");
    expect_line(&lb, "satu");
    expect_none(&lb);
    ck_assert_uint_eq(linebuf_pending(&lb), 2);
    linebuf_compact(&lb); /* moves "du" to the front */
    ck_assert_ptr_nonnull(lb.data);
    ck_assert_uint_eq(lb.start, 0);
    feed_string(&lb, "a\ntiga\n");
    expect_line(&lb, "dua");
    expect_line(&lb, "tiga");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/* A UTF-8 character cut at every possible point comes out whole (bytes unchanged). */
START_TEST(test_utf8_split_across_feeds)
{
    /* "Kopi ☕ dan 😀": a 3-byte and a 4-byte character. */
    static const char text[] = "Kopi \xE2\x98\x95 dan \xF0\x9F\x98\x80";
    const size_t text_len = sizeof(text) - 1;

    for (size_t split = 1; split < text_len; split++) {
        struct linebuf lb;

        linebuf_init(&lb, 1024);
        feed(&lb, text, split);
        expect_none(&lb);
        feed(&lb, text + split, text_len - split);
        feed_string(&lb, "\n");
        expect_line(&lb, text);
        linebuf_free(&lb);
    }
}
END_TEST

/* ---- Line length -------------------------------------------------------------- */

/* A line of exactly max_line bytes is accepted, ended by LF or by CRLF. */
START_TEST(test_exactly_max_line_is_accepted)
{
    char longest[SMALL_MAX_LINE + 1];
    char with_end[SMALL_MAX_LINE + 3];
    struct linebuf lb;

    memset(longest, 'a', SMALL_MAX_LINE);
    longest[SMALL_MAX_LINE] = '\0';
    linebuf_init(&lb, SMALL_MAX_LINE);

    snprintf(with_end, sizeof(with_end), "%s\n", longest);
    feed_string(&lb, with_end);
    expect_line(&lb, longest);

    snprintf(with_end, sizeof(with_end), "%s\r\n", longest);
    feed_string(&lb, with_end);
    expect_line(&lb, longest);
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/*
 * The same, but the CR and the LF arrive separately: max_line bytes and a CR
 * are a whole line at once, and the LF that follows adds no empty line.
 */
START_TEST(test_exactly_max_line_crlf_byte_by_byte)
{
    char longest[SMALL_MAX_LINE + 1];
    struct linebuf lb;

    memset(longest, 'b', SMALL_MAX_LINE);
    longest[SMALL_MAX_LINE] = '\0';
    linebuf_init(&lb, SMALL_MAX_LINE);
    for (size_t i = 0; i < SMALL_MAX_LINE; i++) {
        feed(&lb, longest + i, 1);
        expect_none(&lb);
    }
    feed_string(&lb, "\r");
    expect_line(&lb, longest); /* not TOO_LONG: max_line bytes and their line end */
    feed_string(&lb, "\n");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/*
 * A line one byte too long (with LF, with CRLF, in chunks of any size) is
 * reported exactly once; none of it comes out as a line; the next line is fine.
 */
START_TEST(test_max_line_plus_one_is_too_long_once)
{
    static const size_t chunks[] = {1, 2, 3, 7, SMALL_MAX_LINE, 1000};
    static const char *const endings[] = {"\n", "\r\n", "\r"};

    for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
        for (size_t e = 0; e < 3; e++) {
            char stream[64];
            struct linebuf lb;
            unsigned lines = 0, too_long = 0;

            memset(stream, 'x', SMALL_MAX_LINE + 1);
            stream[SMALL_MAX_LINE + 1] = '\0';
            strcat(stream, endings[e]);
            linebuf_init(&lb, SMALL_MAX_LINE);
            feed_in_chunks(&lb, stream, strlen(stream), chunks[c], &lines, &too_long);
            ck_assert_msg(too_long == 1 && lines == 0,
                          "chunk %zu, ending %zu: %u TOO_LONG, %u lines", chunks[c], e, too_long,
                          lines);
            feed_string(&lb, "berikutnya\n");
            expect_line(&lb, "berikutnya");
            expect_none(&lb);
            linebuf_free(&lb);
        }
    }
}
END_TEST

/* A much longer line: still one TOO_LONG, the rest up to LF is thrown away. */
START_TEST(test_long_line_rest_is_discarded)
{
    char stream[200];
    struct linebuf lb;
    unsigned lines = 0, too_long = 0;

    memset(stream, 'y', 150);
    stream[150] = '\0';
    strcat(stream, "\nok\n");
    linebuf_init(&lb, SMALL_MAX_LINE);
    feed_in_chunks(&lb, stream, 151, 5, &lines, &too_long); /* up to and with the LF */
    ck_assert_uint_eq(too_long, 1);
    ck_assert_uint_eq(lines, 0);
    ck_assert_uint_eq(linebuf_pending(&lb), 0); /* nothing of it was kept */
    feed_string(&lb, stream + 151);
    expect_line(&lb, "ok");
    linebuf_free(&lb);
}
END_TEST

/*
 * An overlong line whose storage is freed by linebuf_compact() in the middle is
 * still discarded up to its LF: the "discarding" state survives the free.
 */
START_TEST(test_discarding_survives_compact)
{
    char junk[SMALL_MAX_LINE + 8];
    struct linebuf lb;
    const char *line;
    size_t len;

    memset(junk, 'z', sizeof(junk));
    linebuf_init(&lb, SMALL_MAX_LINE);
    feed(&lb, junk, sizeof(junk));
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_TOO_LONG);
    linebuf_compact(&lb);
    ck_assert_ptr_null(lb.data); /* the junk was dropped, not stored */
    feed_string(&lb, "still part of the long line");
    expect_none(&lb);
    linebuf_compact(&lb);
    feed_string(&lb, "end\nfine\n");
    expect_line(&lb, "fine");
    expect_none(&lb);
    linebuf_free(&lb);
}
END_TEST

/*
 * 4 MiB without a newline, read the way the server reads (linebuf_space, recv,
 * linebuf_commit, linebuf_next, linebuf_compact): the buffer never grows beyond
 * its capacity, the line is reported once, and the next line is fine.
 */
static void check_endless_line(size_t max_line)
{
    const size_t total = 4u * 1024 * 1024;
    struct linebuf lb;
    size_t sent = 0;
    unsigned too_long = 0, lines = 0, rounds = 0;

    linebuf_init(&lb, max_line);
    while (sent < total) {
        size_t room;
        char *space = linebuf_space(&lb, &room);
        const char *line;
        size_t len;
        enum linebuf_result result;

        ck_assert_ptr_nonnull(space);
        ck_assert_uint_gt(room, 0);  /* room 0 would look like EOF to recv() */
        size_t count = total - sent; /* a recv() of at most 4096 bytes */
        if (count > 4096)
            count = 4096;
        if (count > room)
            count = room;
        memset(space, 'A', count); /* what recv() would have written */
        linebuf_commit(&lb, count);
        sent += count;
        ck_assert_uint_le(lb.cap, capacity_bound(max_line));
        ck_assert_uint_le(lb.len, lb.cap);
        while ((result = linebuf_next(&lb, &line, &len)) != LINEBUF_NONE) {
            if (result == LINEBUF_TOO_LONG)
                too_long++;
            else
                lines++;
        }
        linebuf_compact(&lb);
        ck_assert_uint_lt(++rounds, 2 * total); /* bounded, whatever happens */
    }
    ck_assert_uint_eq(too_long, 1);
    ck_assert_uint_eq(lines, 0);
    feed_string(&lb, "\nhalo\n");
    expect_line(&lb, "halo");
    expect_none(&lb);
    linebuf_free(&lb);
}

START_TEST(test_endless_line_stays_bounded)
{
    check_endless_line(1024);                       /* the default: 16 KiB of storage */
    check_endless_line(LINEBUF_MIN_CAPACITY + 100); /* a larger --max-line */
}
END_TEST

/* ---- State and helpers ------------------------------------------------------------ */

/* seen_newline: false until the peer ends a line (LF, CR LF or CR), then stays true. */
START_TEST(test_seen_newline)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    ck_assert(!lb.seen_newline);
    feed_string(&lb, "Halo server!");
    expect_none(&lb);
    ck_assert(!lb.seen_newline); /* an unterminated line is not a newline */
    feed_string(&lb, "\n");
    expect_line(&lb, "Halo server!");
    ck_assert(lb.seen_newline);
    linebuf_compact(&lb);       /* storage freed ... */
    ck_assert(lb.seen_newline); /* ... the flag stays */
    linebuf_free(&lb);

    linebuf_init(&lb, 1024);
    feed_string(&lb, "from an old Mac\r");
    expect_line(&lb, "from an old Mac");
    ck_assert(lb.seen_newline); /* a CR alone ends a line too */
    linebuf_free(&lb);
}
END_TEST

/* linebuf_has_line: true exactly while a complete line is waiting. */
START_TEST(test_has_line)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    ck_assert(!linebuf_has_line(&lb)); /* no storage at all */
    feed_string(&lb, "satu");
    ck_assert(!linebuf_has_line(&lb));
    feed_string(&lb, "\ndua\nti");
    ck_assert(linebuf_has_line(&lb));
    expect_line(&lb, "satu");
    ck_assert(linebuf_has_line(&lb)); /* "dua" still waits */
    expect_line(&lb, "dua");
    ck_assert(!linebuf_has_line(&lb)); /* only "ti" left */
    linebuf_free(&lb);
}
END_TEST

/*
 * linebuf_take_partial: the lesson's client sends "Halo server!" without LF;
 * after the idle time the server takes the bytes as a line. Then nothing is left.
 */
START_TEST(test_take_partial)
{
    struct linebuf lb;
    const char *line = NULL;
    size_t len = 0;

    linebuf_init(&lb, 1024);
    ck_assert(!linebuf_take_partial(&lb, &line, &len)); /* nothing received */
    feed_string(&lb, "Halo server!");
    expect_none(&lb);
    ck_assert(linebuf_take_partial(&lb, &line, &len));
    ck_assert_uint_eq(len, 12);
    ck_assert(memcmp(line, "Halo server!", 12) == 0);
    ck_assert_uint_eq(linebuf_pending(&lb), 0);
    ck_assert(!linebuf_take_partial(&lb, &line, &len)); /* taken once only */
    linebuf_compact(&lb);
    ck_assert_ptr_null(lb.data);

    linebuf_free(&lb);
}
END_TEST

/*
 * End of file after "first\nsecond-no-newline": the caller takes the lines,
 * then the rest as the last line, although the peer had ended lines before.
 */
START_TEST(test_take_partial_at_end_of_file)
{
    struct linebuf lb;
    const char *line = NULL;
    size_t len = 0;

    linebuf_init(&lb, 1024);
    feed_string(&lb, "first\nsecond-no-newline");
    expect_line(&lb, "first");
    expect_none(&lb);
    ck_assert(linebuf_take_partial(&lb, &line, &len));
    ck_assert_uint_eq(len, 17);
    ck_assert(memcmp(line, "second-no-newline", 17) == 0);
    ck_assert(!linebuf_take_partial(&lb, &line, &len));
    linebuf_free(&lb);
}
END_TEST

/* Nothing is taken from the middle of an overlong line that is being discarded. */
START_TEST(test_take_partial_while_discarding)
{
    char junk[SMALL_MAX_LINE + 8];
    struct linebuf lb;
    const char *line;
    size_t len;

    memset(junk, 'q', sizeof(junk));
    linebuf_init(&lb, SMALL_MAX_LINE);
    feed(&lb, junk, sizeof(junk));
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_TOO_LONG);
    feed_string(&lb, "tail");
    expect_none(&lb);
    feed_string(&lb, "more");
    ck_assert(!linebuf_take_partial(&lb, &line, &len));
    linebuf_free(&lb);
}
END_TEST

/*
 * An unterminated line of max_line + 1 bytes must not be handed out by the
 * idle flush: it is too long however it ends. (Call order as in the server:
 * linebuf_next first, then linebuf_take_partial.)
 */
START_TEST(test_take_partial_never_longer_than_max_line)
{
    char junk[SMALL_MAX_LINE + 1];
    struct linebuf lb;
    const char *line;
    size_t len = 0;

    memset(junk, 'w', sizeof(junk));
    linebuf_init(&lb, SMALL_MAX_LINE);
    feed(&lb, junk, sizeof(junk));
    ck_assert_int_eq(linebuf_next(&lb, &line, &len), LINEBUF_TOO_LONG);
    ck_assert(!linebuf_take_partial(&lb, &line, &len));

    /* max_line bytes without a line end: the longest rest that may be taken. */
    linebuf_free(&lb);
    linebuf_init(&lb, SMALL_MAX_LINE);
    feed(&lb, junk, SMALL_MAX_LINE);
    expect_none(&lb);
    ck_assert(linebuf_take_partial(&lb, &line, &len));
    ck_assert_uint_eq(len, SMALL_MAX_LINE);
    linebuf_free(&lb);
}
END_TEST

/* compact frees the storage when everything was consumed, keeps it otherwise. */
START_TEST(test_compact_releases_storage)
{
    struct linebuf lb;

    linebuf_init(&lb, 1024);
    ck_assert_ptr_null(lb.data); /* nothing allocated before the first byte */
    linebuf_compact(&lb);        /* harmless on an empty buffer */
    ck_assert_ptr_null(lb.data);
    feed_string(&lb, "a\nb");
    ck_assert_ptr_nonnull(lb.data);
    expect_line(&lb, "a");
    linebuf_compact(&lb);
    ck_assert_ptr_nonnull(lb.data); /* "b" is still waiting */
    ck_assert_uint_eq(linebuf_pending(&lb), 1);
    feed_string(&lb, "\n");
    expect_line(&lb, "b");
    linebuf_compact(&lb);
    ck_assert_ptr_null(lb.data);
    ck_assert_uint_eq(lb.cap, 0);
    ck_assert_uint_eq(linebuf_pending(&lb), 0);
    linebuf_free(&lb);
}
END_TEST

/* linebuf_feed stops at the capacity and says how much it took. */
START_TEST(test_feed_reports_what_fitted)
{
    static char big[LINEBUF_MIN_CAPACITY + 10];
    struct linebuf lb;

    memset(big, 'm', sizeof(big));
    linebuf_init(&lb, 1024);
    ck_assert_uint_eq(linebuf_feed(&lb, big, sizeof(big)), LINEBUF_MIN_CAPACITY);
    ck_assert_uint_eq(linebuf_pending(&lb), LINEBUF_MIN_CAPACITY);
    ck_assert_uint_eq(linebuf_feed(&lb, big, 1), 0); /* full */
    linebuf_free(&lb);
}
END_TEST

static Suite *linebuf_suite(void)
{
    Suite *suite = suite_create("linebuf");
    TCase *lines = tcase_create("lines");
    TCase *length = tcase_create("length");
    TCase *state = tcase_create("state");

    tcase_add_test(lines, test_two_lines_in_one_feed);
    tcase_add_test(lines, test_byte_by_byte);
    tcase_add_test(lines, test_crlf_and_lf);
    tcase_add_test(lines, test_bare_cr_ends_lines);
    tcase_add_test(lines, test_crlf_split_across_feeds);
    tcase_add_test(lines, test_looking_counts_crlf_once);
    tcase_add_test(lines, test_many_lines_in_one_feed_in_order);
    tcase_add_test(lines, test_line_and_a_half);
    tcase_add_test(lines, test_utf8_split_across_feeds);
    suite_add_tcase(suite, lines);

    tcase_add_test(length, test_exactly_max_line_is_accepted);
    tcase_add_test(length, test_exactly_max_line_crlf_byte_by_byte);
    tcase_add_test(length, test_max_line_plus_one_is_too_long_once);
    tcase_add_test(length, test_long_line_rest_is_discarded);
    tcase_add_test(length, test_discarding_survives_compact);
    tcase_add_test(length, test_endless_line_stays_bounded);
    tcase_set_timeout(length, 30); /* the 4 MiB stream is slower under sanitizers */
    suite_add_tcase(suite, length);

    tcase_add_test(state, test_seen_newline);
    tcase_add_test(state, test_has_line);
    tcase_add_test(state, test_take_partial);
    tcase_add_test(state, test_take_partial_at_end_of_file);
    tcase_add_test(state, test_take_partial_while_discarding);
    tcase_add_test(state, test_take_partial_never_longer_than_max_line);
    tcase_add_test(state, test_compact_releases_storage);
    tcase_add_test(state, test_feed_reports_what_fitted);
    suite_add_tcase(suite, state);
    return suite;
}

CHECK_MAIN(linebuf_suite)
