/*
 * test_client_width.c - display width of wide characters (src/client/model/width.c).
 */
#include "check-main.h"
#include "model/width.h"

#include <locale.h>
#include <string.h>

static void width_setup(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
}

START_TEST(test_ascii_is_one)
{
    ck_assert_int_eq(width_char(L'a'), 1);
    ck_assert_uint_eq(width_utf8("halo", 4), 4);
}
END_TEST

START_TEST(test_cjk_and_emoji_are_two)
{
    ck_assert_int_eq(width_char(L'\x65E5'), 2);        /* 日 */
    ck_assert_int_eq(width_char((wchar_t)0x1F44D), 2); /* 👍 */
    ck_assert_uint_eq(width_utf8("日本", 6), 4);
    ck_assert_uint_eq(width_utf8("\xF0\x9F\x91\x8D!", 5), 3);
}
END_TEST

START_TEST(test_combining_is_zero)
{
    ck_assert_int_eq(width_char(L'\x0301'), 0);       /* combining acute */
    ck_assert_uint_eq(width_utf8("e\xCC\x81", 3), 1); /* e + U+0301 */
    ck_assert_uint_eq(width_utf8("caf\xC3\xA9", 5), 4);
}
END_TEST

START_TEST(test_controls_never_negative)
{
    for (wchar_t c = 0; c < 0x20; c++)
        ck_assert_int_ge(width_char(c), 0);
    ck_assert_int_eq(width_char(L'\x1B'), 1);
    ck_assert_int_eq(width_char(L'\x7F'), 1);
    ck_assert_int_eq(width_char(L'\x9B'), 1);
    ck_assert(!width_printable(L'\x1B'));
    ck_assert_uint_eq(width_utf8("\xFF\xFE", 2), 2); /* invalid bytes: one column each */
}
END_TEST

START_TEST(test_fit_never_splits_a_wide_character)
{
    size_t used;

    ck_assert_uint_eq(width_fit("a日b", 5, 2, &used), 1); /* 日 would need columns 2-3 */
    ck_assert_uint_eq(used, 1);
    ck_assert_uint_eq(width_fit("a日b", 5, 3, &used), 4);
    ck_assert_uint_eq(used, 3);
    ck_assert_uint_eq(width_fit("e\xCC\x81x", 4, 1, &used), 3); /* the accent stays */
}
END_TEST

START_TEST(test_wrap_at_spaces)
{
    const char *text = "satu dua tiga";

    ck_assert_uint_eq(width_wrap(text, strlen(text), 10), 9); /* "satu dua " */
    ck_assert_uint_eq(width_wrap("abcdefgh", 8, 3), 3);       /* no space: hard break */
    ck_assert_uint_eq(width_wrap("日本", 6, 1), 3);           /* at least one character */
    ck_assert_uint_eq(width_wrap("short", 5, 80), 5);
}
END_TEST

/* Text that does not fit keeps a column for "…": nothing is cut without a sign. */
START_TEST(test_cut_leaves_room_for_the_ellipsis)
{
    int cut = -1;

    ck_assert_uint_eq(width_cut("halo", 4, 4, &cut), 4); /* fits: all of it */
    ck_assert(!cut);
    ck_assert_uint_eq(width_cut("RTT 0.313 ms", 12, 9, &cut), 8); /* "RTT 0.31" + "…" */
    ck_assert(cut);
    ck_assert_uint_eq(width_cut("a日b", 5, 3, &cut), 1); /* 日 would need the "…" column */
    ck_assert(cut);
    ck_assert_uint_eq(width_cut("halo", 4, 1, &cut), 0); /* only "…" */
    ck_assert(cut);
    ck_assert_uint_eq(width_cut("e\xCC\x81xy", 5, 2, &cut), 3); /* the accent stays with e */
    ck_assert(cut);
}
END_TEST

static Suite *width_suite(void)
{
    Suite *suite = suite_create("client_width");
    TCase *basics = tcase_create("width");

    tcase_add_checked_fixture(basics, width_setup, NULL);
    tcase_add_test(basics, test_ascii_is_one);
    tcase_add_test(basics, test_cjk_and_emoji_are_two);
    tcase_add_test(basics, test_combining_is_zero);
    tcase_add_test(basics, test_controls_never_negative);
    tcase_add_test(basics, test_fit_never_splits_a_wide_character);
    tcase_add_test(basics, test_wrap_at_spaces);
    tcase_add_test(basics, test_cut_leaves_room_for_the_ellipsis);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(width_suite)
