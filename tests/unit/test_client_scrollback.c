/*
 * test_client_scrollback.c - scrollback model (src/client/model/scrollback.c).
 */
#include "check-main.h"
#include "model/scrollback.h"

#include <stdio.h>
#include <string.h>

static struct scrollback sb;

static void sb_setup(void)
{
    ck_assert(scrollback_init(&sb));
}

static void sb_teardown(void)
{
    scrollback_free(&sb);
}

static void add(int number)
{
    char text[16];

    snprintf(text, sizeof(text), "m%d", number);
    ck_assert(scrollback_add(&sb, SCROLLBACK_SAY, 0, "budi", 4, text, strlen(text)));
}

START_TEST(test_follows_newest)
{
    for (int i = 0; i < 5; i++)
        add(i);
    ck_assert_uint_eq(scrollback_bottom(&sb), 4);
    ck_assert(!scrollback_more_below(&sb));
}
END_TEST

START_TEST(test_scrolling_is_clamped)
{
    for (int i = 0; i < 5; i++)
        add(i);
    scrollback_page_up(&sb, 2);
    ck_assert_uint_eq(scrollback_bottom(&sb), 2);
    scrollback_page_up(&sb, 100);
    ck_assert_uint_eq(scrollback_bottom(&sb), 0); /* the oldest stays in view */
    scrollback_page_down(&sb, 1);
    ck_assert_uint_eq(scrollback_bottom(&sb), 1);
    scrollback_page_down(&sb, 100);
    ck_assert_uint_eq(scrollback_bottom(&sb), 4);
    ck_assert(!scrollback_more_below(&sb));
}
END_TEST

START_TEST(test_no_yank_when_scrolled_up)
{
    for (int i = 0; i < 5; i++)
        add(i);
    scrollback_page_up(&sb, 2);
    size_t seen = scrollback_bottom(&sb);
    add(5);
    add(6);
    ck_assert_uint_eq(scrollback_bottom(&sb), seen); /* the view did not move */
    ck_assert(scrollback_more_below(&sb));
    ck_assert_uint_eq(sb.unseen, 2);
    scrollback_end(&sb);
    ck_assert_uint_eq(scrollback_bottom(&sb), 6);
    ck_assert_uint_eq(sb.unseen, 0);
}
END_TEST

START_TEST(test_text_is_sanitised_for_display)
{
    ck_assert(scrollback_add(&sb, SCROLLBACK_SAY, 0, "x\x1b", 2, "a\x1b[2Jb\r\xC2\x9B\xFF", 10));
    const struct scrollback_entry *entry = scrollback_at(&sb, 0);
    ck_assert_ptr_null(strchr(entry->text, '\x1b'));
    ck_assert_ptr_null(strchr(entry->text, '\r'));
    ck_assert_str_eq(entry->text, "a\xE2\x90\x9B[2Jb\xE2\x90\x8D\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(entry->nick, "x\xE2\x90\x9B");
}
END_TEST

START_TEST(test_ring_and_clear)
{
    for (int i = 0; i < SCROLLBACK_ENTRIES_MAX + 3; i++)
        add(i);
    ck_assert_uint_eq(scrollback_count(&sb), SCROLLBACK_ENTRIES_MAX);
    ck_assert_str_eq(scrollback_at(&sb, 0)->text, "m3");
    scrollback_clear(&sb);
    ck_assert_uint_eq(scrollback_count(&sb), 0);
}
END_TEST

/* A fake layout for scrollback_offset_max(): an entry "mN" takes N % 3 + 1 rows. */
static size_t rows_of(const struct scrollback_entry *entry, const void *context)
{
    (void)context;
    return (size_t)(entry->text[1] - '0') % 3 + 1;
}

/* PgUp stops at the oldest page: the oldest entries fill the pane, no row stays empty. */
START_TEST(test_oldest_page)
{
    for (int i = 0; i < 6; i++) /* rows: 1 2 3 1 2 3 */
        add(i);
    ck_assert_uint_eq(scrollback_offset_max(&sb, 5, rows_of, NULL), 3); /* m0..m2: 6 rows */
    ck_assert_uint_eq(scrollback_offset_max(&sb, 6, rows_of, NULL), 3);
    ck_assert_uint_eq(scrollback_offset_max(&sb, 7, rows_of, NULL), 2);
    ck_assert_uint_eq(scrollback_offset_max(&sb, 12, rows_of, NULL), 0); /* all of it fits */
    ck_assert_uint_eq(scrollback_offset_max(&sb, 100, rows_of, NULL), 0);
    scrollback_clear(&sb);
    ck_assert_uint_eq(scrollback_offset_max(&sb, 5, rows_of, NULL), 0);
}
END_TEST

static Suite *scrollback_suite(void)
{
    Suite *suite = suite_create("client_scrollback");
    TCase *basics = tcase_create("scrollback");

    tcase_add_checked_fixture(basics, sb_setup, sb_teardown);
    tcase_add_test(basics, test_follows_newest);
    tcase_add_test(basics, test_scrolling_is_clamped);
    tcase_add_test(basics, test_no_yank_when_scrolled_up);
    tcase_add_test(basics, test_text_is_sanitised_for_display);
    tcase_add_test(basics, test_ring_and_clear);
    tcase_add_test(basics, test_oldest_page);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(scrollback_suite)
