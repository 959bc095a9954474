/*
 * test_client_incoming.c - framing with idle and close flush (src/client/net/incoming.c).
 */
#include "check-main.h"
#include "net/incoming.h"

#include <string.h>

START_TEST(test_lines_split_across_reads)
{
    struct incoming in;
    const char *line;
    size_t len;

    incoming_init(&in);
    incoming_feed(&in, "OK sa", 5, 0);
    ck_assert_int_eq(incoming_next(&in, 1, &line, &len), INCOMING_NONE);
    incoming_feed(&in, "y hi\nJOIN x\r\n", 13, 2);
    ck_assert_int_eq(incoming_next(&in, 3, &line, &len), INCOMING_LINE);
    ck_assert(len == 9 && memcmp(line, "OK say hi", 9) == 0);
    ck_assert_int_eq(incoming_next(&in, 3, &line, &len), INCOMING_LINE);
    ck_assert(len == 6 && memcmp(line, "JOIN x", 6) == 0);
    ck_assert_int_eq(incoming_next(&in, 3, &line, &len), INCOMING_NONE);
    ck_assert_int_eq(incoming_due_ms(&in), -1);
    incoming_free(&in);
}
END_TEST

START_TEST(test_idle_flush_after_silence)
{
    struct incoming in;
    const char *line;
    size_t len;

    incoming_init(&in);
    incoming_feed(&in, "Pesan diterima server", 21, 1000);
    ck_assert_int_eq(incoming_due_ms(&in), 1000 + INCOMING_IDLE_MS);
    ck_assert_int_eq(incoming_next(&in, 1000 + INCOMING_IDLE_MS - 1, &line, &len), INCOMING_NONE);
    ck_assert_int_eq(incoming_next(&in, 1000 + INCOMING_IDLE_MS, &line, &len), INCOMING_PARTIAL);
    ck_assert(len == 21 && memcmp(line, "Pesan diterima server", 21) == 0);
    ck_assert_int_eq(incoming_next(&in, 5000, &line, &len), INCOMING_NONE);
    incoming_free(&in);
}
END_TEST

START_TEST(test_close_flushes_at_once)
{
    struct incoming in;
    const char *line;
    size_t len;

    incoming_init(&in);
    incoming_feed(&in, "line\nrest", 9, 10);
    incoming_close(&in);
    ck_assert_int_eq(incoming_next(&in, 10, &line, &len), INCOMING_LINE);
    ck_assert_int_eq(incoming_next(&in, 10, &line, &len), INCOMING_PARTIAL);
    ck_assert(len == 4 && memcmp(line, "rest", 4) == 0);
    incoming_free(&in);
}
END_TEST

/*
 * A server that ends its lines is never cut by a pause: "OK pi" and, 500 ms
 * later, "ng 1\n" (a delayed TCP segment) are one line, not a partial line and
 * a stray tail. Only at the close is its unterminated rest handed out.
 */
START_TEST(test_no_idle_flush_once_lines_were_ended)
{
    struct incoming in;
    const char *line;
    size_t len;

    incoming_init(&in);
    incoming_feed(&in, "WELCOME budi Halo\n", 18, 1000);
    ck_assert_int_eq(incoming_next(&in, 1000, &line, &len), INCOMING_LINE);
    incoming_feed(&in, "OK pi", 5, 1100);
    ck_assert_int_eq(incoming_due_ms(&in), -1); /* no timer: the rest is on its way */
    ck_assert_int_eq(incoming_next(&in, 1100 + INCOMING_IDLE_MS, &line, &len), INCOMING_NONE);
    ck_assert_int_eq(incoming_next(&in, 1600, &line, &len), INCOMING_NONE);
    incoming_feed(&in, "ng 1\nOK say hal", 15, 1600);
    ck_assert_int_eq(incoming_next(&in, 1600, &line, &len), INCOMING_LINE);
    ck_assert(len == 9 && memcmp(line, "OK ping 1", 9) == 0);
    ck_assert_int_eq(incoming_next(&in, 9000, &line, &len), INCOMING_NONE);
    incoming_close(&in); /* the server closed: its last bytes are complete now */
    ck_assert_int_eq(incoming_due_ms(&in), 1600);
    ck_assert_int_eq(incoming_next(&in, 9000, &line, &len), INCOMING_PARTIAL);
    ck_assert(len == 10 && memcmp(line, "OK say hal", 10) == 0);
    incoming_free(&in);
}
END_TEST

/* Lines ended by a CR alone come out as lines (src/common/linebuf.c). */
START_TEST(test_bare_cr_lines)
{
    struct incoming in;
    const char *line;
    size_t len;

    incoming_init(&in);
    incoming_feed(&in, "one\rtwo\r", 8, 0);
    ck_assert_int_eq(incoming_next(&in, 0, &line, &len), INCOMING_LINE);
    ck_assert(len == 3 && memcmp(line, "one", 3) == 0);
    ck_assert_int_eq(incoming_next(&in, 0, &line, &len), INCOMING_LINE);
    ck_assert(len == 3 && memcmp(line, "two", 3) == 0);
    ck_assert_int_eq(incoming_next(&in, 0, &line, &len), INCOMING_NONE);
    incoming_free(&in);
}
END_TEST

START_TEST(test_overlong_line_dropped)
{
    struct incoming in;
    const char *line;
    size_t len;
    static char big[INCOMING_LINE_MAX + 100];

    incoming_init(&in);
    memset(big, 'x', sizeof(big));
    size_t fed = incoming_feed(&in, big, sizeof(big), 0);
    ck_assert_uint_gt(fed, INCOMING_LINE_MAX);
    ck_assert_int_eq(incoming_next(&in, 0, &line, &len), INCOMING_TOO_LONG);
    incoming_feed(&in, "xx\nOK ok\n", 9, 1);
    ck_assert_int_eq(incoming_next(&in, 1, &line, &len), INCOMING_LINE);
    ck_assert(len == 5 && memcmp(line, "OK ok", 5) == 0);
    incoming_free(&in);
}
END_TEST

static Suite *incoming_suite(void)
{
    Suite *suite = suite_create("client_incoming");
    TCase *basics = tcase_create("incoming");

    tcase_add_test(basics, test_lines_split_across_reads);
    tcase_add_test(basics, test_idle_flush_after_silence);
    tcase_add_test(basics, test_close_flushes_at_once);
    tcase_add_test(basics, test_no_idle_flush_once_lines_were_ended);
    tcase_add_test(basics, test_bare_cr_lines);
    tcase_add_test(basics, test_overlong_line_dropped);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(incoming_suite)
