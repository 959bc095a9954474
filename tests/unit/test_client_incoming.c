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
    tcase_add_test(basics, test_overlong_line_dropped);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(incoming_suite)
