/*
 * test_eventlog.c - the dashboard's ring of events (src/server/eventlog.c).
 */
#include "check-main.h"
#include "eventlog.h"

#include <stdio.h>
#include <string.h>

/* Lines come back oldest first; the window follows the newest. */
START_TEST(test_add_and_window)
{
    struct eventlog log;

    eventlog_init(&log);
    ck_assert_ptr_null(eventlog_get(&log, 0));
    eventlog_add(&log, "one", false);
    eventlog_add(&log, "two", true);
    eventlog_add(&log, "three", false);
    ck_assert_str_eq(eventlog_get(&log, 0)->text, "one");
    ck_assert(eventlog_get(&log, 1)->is_error);
    ck_assert_uint_eq(eventlog_window_start(&log, 2), 1); /* shows "two", "three" */
    ck_assert_uint_eq(eventlog_window_start(&log, 10), 0);
    eventlog_free(&log);
}
END_TEST

/* When full, the oldest line makes room; memory stays at the capacity. */
START_TEST(test_ring_drops_oldest)
{
    struct eventlog log;
    char text[32];

    eventlog_init(&log);
    for (int i = 0; i < EVENTLOG_CAPACITY + 5; i++) {
        snprintf(text, sizeof(text), "line %d", i);
        eventlog_add(&log, text, false);
    }
    ck_assert_uint_eq(eventlog_count(&log), EVENTLOG_CAPACITY);
    ck_assert_str_eq(eventlog_get(&log, 0)->text, "line 5");
    snprintf(text, sizeof(text), "line %d", EVENTLOG_CAPACITY + 4);
    ck_assert_str_eq(eventlog_get(&log, EVENTLOG_CAPACITY - 1)->text, text);
    eventlog_free(&log);
}
END_TEST

/* Scrolled back, new lines do not move the view; scrolling is bounded. */
START_TEST(test_scroll_holds_view)
{
    struct eventlog log;
    char text[32];

    eventlog_init(&log);
    for (int i = 0; i < 20; i++) {
        snprintf(text, sizeof(text), "%d", i);
        eventlog_add(&log, text, false);
    }
    eventlog_scroll(&log, 5, 10);
    ck_assert_uint_eq(eventlog_window_start(&log, 10), 5);
    eventlog_add(&log, "new", false);
    ck_assert_uint_eq(eventlog_window_start(&log, 10), 5); /* same lines in view */
    eventlog_scroll(&log, 1000, 10);
    ck_assert_uint_eq(eventlog_window_start(&log, 10), 0);
    eventlog_scroll(&log, -1000, 10);
    ck_assert_uint_eq(log.scroll, 0);
    ck_assert_uint_eq(eventlog_window_start(&log, 10), 11);
    eventlog_free(&log);
}
END_TEST

/* A long line is cut to the line size, not overflowing it, and ends with "…". */
START_TEST(test_long_line_is_cut)
{
    struct eventlog log;
    char text[EVENTLOG_LINE_MAX * 2];

    memset(text, 'x', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    eventlog_init(&log);
    eventlog_add(&log, text, false);
    const char *kept = eventlog_get(&log, 0)->text;
    ck_assert_uint_eq(strlen(kept), EVENTLOG_LINE_MAX - 1);
    ck_assert_str_eq(kept + strlen(kept) - strlen("…"), "…");
    eventlog_add(&log, "short", false); /* a line that fits is kept whole, without the sign */
    ck_assert_str_eq(eventlog_get(&log, 1)->text, "short");
    eventlog_free(&log);
}
END_TEST

/* The cut never splits a UTF-8 character (here "é", two bytes, over and over). */
START_TEST(test_long_line_is_cut_between_characters)
{
    struct eventlog log;
    char text[EVENTLOG_LINE_MAX * 2 + 1] = "";

    for (int i = 0; i < EVENTLOG_LINE_MAX; i++)
        strcat(text, i == 0 ? "a" : "\xc3\xa9"); /* "a" first: the cut falls mid-character */
    eventlog_init(&log);
    eventlog_add(&log, text, false);
    const char *kept = eventlog_get(&log, 0)->text;
    size_t len = strlen(kept) - strlen("…");
    ck_assert_str_eq(kept + len, "…");
    ck_assert_uint_eq(len % 2, 1); /* "a" and whole "é"s */
    ck_assert_int_eq(memcmp(kept + len - 2, "\xc3\xa9", 2), 0);
    eventlog_free(&log);
}
END_TEST

static Suite *eventlog_suite(void)
{
    Suite *suite = suite_create("eventlog");
    TCase *cases = tcase_create("eventlog");

    tcase_add_test(cases, test_add_and_window);
    tcase_add_test(cases, test_ring_drops_oldest);
    tcase_add_test(cases, test_scroll_holds_view);
    tcase_add_test(cases, test_long_line_is_cut);
    tcase_add_test(cases, test_long_line_is_cut_between_characters);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(eventlog_suite)
