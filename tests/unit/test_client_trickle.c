/*
 * test_client_trickle.c - /trickle (src/client/teach/trickle.c): fragments, schedule, options.
 */
#include "check-main.h"
#include "teach/trickle.h"

#include <string.h>

static struct trickle trickle;

/* "halo semua" and its newline in 3-byte pieces: 4 fragments, only the last with LF. */
START_TEST(test_fragments_and_newline)
{
    const char *bytes;
    size_t count;
    char joined[64] = "";

    ck_assert(trickle_start(&trickle, "halo semua", 10, 3, 300, 1000));
    ck_assert_uint_eq(trickle.fragments, 4);
    for (unsigned i = 1; i <= 4; i++) {
        ck_assert(trickle_next(&trickle, 1000 + 300 * (i - 1), &bytes, &count));
        ck_assert_uint_eq(trickle.fragment, i);
        ck_assert_uint_eq(count, i < 4 ? 3 : 2);
        ck_assert(memchr(bytes, '\n', count) == (i < 4 ? NULL : bytes + 1));
        strncat(joined, bytes, count);
    }
    ck_assert_str_eq(joined, "halo semua\n"); /* the stream is the whole line */
    ck_assert(!trickle.active);
    ck_assert_int_eq(trickle_due_ms(&trickle), -1);
}
END_TEST

/* Nothing before its time: the loop's select() timeout is the due time. */
START_TEST(test_schedule_waits_for_the_pause)
{
    const char *bytes;
    size_t count;

    ck_assert(trickle_start(&trickle, "abcdef", 6, 2, 500, 100));
    ck_assert_int_eq(trickle_due_ms(&trickle), 100);
    ck_assert(trickle_next(&trickle, 100, &bytes, &count));
    ck_assert_int_eq(trickle_due_ms(&trickle), 600);
    ck_assert(!trickle_next(&trickle, 599, &bytes, &count));
    ck_assert(trickle_next(&trickle, 600, &bytes, &count));
    ck_assert(trickle.active);
    trickle_cancel(&trickle);
    ck_assert(!trickle_next(&trickle, 5000, &bytes, &count));
}
END_TEST

START_TEST(test_fragment_count)
{
    ck_assert_uint_eq(trickle_fragment_count(11, 3), 4);
    ck_assert_uint_eq(trickle_fragment_count(12, 3), 4);
    ck_assert_uint_eq(trickle_fragment_count(13, 3), 5);
    ck_assert_uint_eq(trickle_fragment_count(1, 1024), 1);
    ck_assert_uint_eq(trickle_fragment_count(5, 0), 0);
}
END_TEST

START_TEST(test_start_refuses_bad_input)
{
    char long_line[TRICKLE_LINE_MAX + 1];

    memset(long_line, 'x', sizeof(long_line));
    ck_assert(!trickle_start(&trickle, "", 0, 3, 300, 0));
    ck_assert(!trickle_start(&trickle, "a", 1, 0, 300, 0));
    ck_assert(!trickle_start(&trickle, long_line, sizeof(long_line), 3, 300, 0));
    ck_assert(trickle_start(&trickle, long_line, TRICKLE_LINE_MAX, 3, 300, 0));
}
END_TEST

/* "-s 5 -p 500 TEXT", in either order; defaults stay when an option is left out. */
START_TEST(test_parse_options)
{
    struct trickle_request request = {.fragment_size = 3, .pause_ms = 300};
    const char *args = "-s 5 -p 500 halo  semua";

    ck_assert(trickle_parse(args, strlen(args), &request));
    ck_assert_uint_eq(request.fragment_size, 5);
    ck_assert_int_eq(request.pause_ms, 500);
    ck_assert_uint_eq(request.text_len, 11);
    ck_assert(memcmp(request.text, "halo  semua", 11) == 0);

    struct trickle_request other = {.fragment_size = 3, .pause_ms = 300};
    args = "-p 0 hi";
    ck_assert(trickle_parse(args, strlen(args), &other));
    ck_assert_uint_eq(other.fragment_size, 3);
    ck_assert_int_eq(other.pause_ms, 0);
    ck_assert(memcmp(other.text, "hi", 2) == 0);

    struct trickle_request plain = {.fragment_size = 3, .pause_ms = 300};
    args = "-x is text";
    ck_assert(trickle_parse(args, strlen(args), &plain));
    ck_assert_uint_eq(plain.text_len, strlen(args));
}
END_TEST

START_TEST(test_parse_rejects)
{
    struct trickle_request request = {.fragment_size = 3, .pause_ms = 300};

    ck_assert(!trickle_parse("", 0, &request));
    ck_assert(!trickle_parse("-s 5", 4, &request));    /* no text */
    ck_assert(!trickle_parse("-s 0 hi", 7, &request)); /* size 0 */
    ck_assert(!trickle_parse("-s 99999 hi", 11, &request));
    ck_assert(!trickle_parse("-p abc hi", 9, &request));
    ck_assert(!trickle_parse("-p 10001 hi", 11, &request));
    ck_assert_ptr_null(request.text);
}
END_TEST

static Suite *trickle_suite(void)
{
    Suite *suite = suite_create("client_trickle");
    TCase *basics = tcase_create("trickle");

    tcase_add_test(basics, test_fragments_and_newline);
    tcase_add_test(basics, test_schedule_waits_for_the_pause);
    tcase_add_test(basics, test_fragment_count);
    tcase_add_test(basics, test_start_refuses_bad_input);
    tcase_add_test(basics, test_parse_options);
    tcase_add_test(basics, test_parse_rejects);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(trickle_suite)
