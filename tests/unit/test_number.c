/*
 * test_number.c - strict numeric options (src/common/number.c).
 */
#include "check-main.h"
#include "number.h"

#include <stdio.h>

/* Whole numbers in range are accepted; the bounds are inclusive. */
START_TEST(test_numbers_in_range)
{
    unsigned long value = 0;

    ck_assert(number_parse("t", "--port", "12345", 1, 65535, &value));
    ck_assert_uint_eq(value, 12345);
    ck_assert(number_parse("t", "--port", "1", 1, 65535, &value));
    ck_assert(number_parse("t", "--port", "65535", 1, 65535, &value));
    ck_assert(number_parse("t", "--rate", "0", 0, 10, &value));
    ck_assert_uint_eq(value, 0);
}
END_TEST

/* What strtoul() alone would let through is refused. */
START_TEST(test_not_numbers_are_refused)
{
    unsigned long value;
    const char *bad[] = {"", "12abc", "-1", "0x10", " 5", "65536", "0", "99999999999999999999999"};
    FILE *errors = check_stderr_to_file();
    char said[256], expected[128];

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(!number_parse("t", "--port", bad[i], 1, 65535, &value), "accepted \"%s\"",
                      bad[i]);
        /* Each refusal says what is wrong, on standard error. */
        snprintf(expected, sizeof(expected),
                 "t: --port must be a number from 1 to 65535, not \"%s\"\n", bad[i]);
        ck_assert_str_eq(check_stderr_take(errors, said, sizeof(said)), expected);
    }
    fclose(errors);
}
END_TEST

static Suite *number_suite(void)
{
    Suite *suite = suite_create("number");
    TCase *cases = tcase_create("number");

    tcase_add_test(cases, test_numbers_in_range);
    tcase_add_test(cases, test_not_numbers_are_refused);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(number_suite)
