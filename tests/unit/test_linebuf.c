/*
 * test_linebuf.c - line framing (src/common/linebuf.c).
 */
#include "check-main.h"
#include "linebuf.h"

#include <string.h>

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

static Suite *linebuf_suite(void)
{
    Suite *suite = suite_create("linebuf");
    TCase *basics = tcase_create("basics");

    tcase_add_test(basics, test_two_lines_in_one_feed);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(linebuf_suite)
