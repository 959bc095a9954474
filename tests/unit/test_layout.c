/*
 * test_layout.c - the dashboard's arithmetic (src/server/layout.c): texts
 * fitted to a width with a sign, rows and columns shared at every size.
 */
#include "check-main.h"
#include "layout.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static void utf8_locale(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* ---- Texts ------------------------------------------------------------------------ */

/* Widths count columns, not bytes: "…" is 3 bytes and 1 column, a CJK character 2. */
START_TEST(test_width_counts_columns)
{
    utf8_locale();
    ck_assert_int_eq(layout_width(""), 0);
    ck_assert_int_eq(layout_width("budi"), 4);
    ck_assert_int_eq(layout_width(LAYOUT_ELLIPSIS), 1);
    ck_assert_int_eq(layout_width("\xe4\xbd\xa0\xe5\xa5\xbd"), 4); /* 你好 */
    ck_assert_int_eq(layout_width("a\xff"
                                  "b"),
                     3); /* a byte that is not UTF-8: one column */
}
END_TEST

/* A text that fits is copied whole; one that does not ends with "…" and fills the width. */
START_TEST(test_shorten_at_the_end)
{
    char out[128];

    utf8_locale();
    ck_assert(!layout_shorten("select()", 8, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "select()");
    ck_assert(layout_shorten("select() returned 2", 10, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "select() …");
    ck_assert_int_eq(layout_width(out), 10);
    ck_assert(layout_shorten("abc", 1, 0, out, sizeof(out)));
    ck_assert_str_eq(out, LAYOUT_ELLIPSIS);
    ck_assert(layout_shorten("abc", 0, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "");
    /* a wide character that would straddle the edge is left out whole */
    ck_assert(layout_shorten("ab\xe4\xbd\xa0\xe5\xa5\xbd", 4, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "ab…");
}
END_TEST

/* An address keeps its port; a line being typed keeps its end. */
START_TEST(test_shorten_keeps_the_end)
{
    char out[128];

    utf8_locale();
    ck_assert(layout_shorten("192.168.100.200:51234", 16, 6, out, sizeof(out)));
    ck_assert_str_eq(out, "192.168.1…:51234");
    ck_assert_int_eq(layout_width(out), 16);
}
END_TEST

START_TEST(test_shorten_keeps_all_the_end_it_can)
{
    char out[128];

    utf8_locale();
    ck_assert(layout_shorten("command: /kick budi", 10, 9, out, sizeof(out)));
    ck_assert_str_eq(out, "…kick budi");
    ck_assert(layout_shorten("command: /kick budi", 10, 100, out, sizeof(out)));
    ck_assert_str_eq(out, "…kick budi");
}
END_TEST

/* Wrapping cuts after the last space that fits; a word longer than a row is split. */
START_TEST(test_wrap_at_words)
{
    const char *text = "Next: recv() from budi (fd 7): bytes wait", *next;

    utf8_locale();
    ck_assert_uint_eq(layout_wrap(text, 12, &next), strlen("Next: recv()"));
    ck_assert_str_eq(next, "from budi (fd 7): bytes wait");
    ck_assert_uint_eq(layout_wrap("abcdefghij klm", 4, &next), 4);
    ck_assert_str_eq(next, "efghij klm");
    ck_assert_uint_eq(layout_wrap("short", 40, &next), 5);
    ck_assert_str_eq(next, "");
    ck_assert_int_eq(layout_wrapped_rows(text, 12), 4);
    ck_assert_int_eq(layout_wrapped_rows(text, 100), 1);
    ck_assert_int_eq(layout_wrapped_rows("", 10), 0);
}
END_TEST

/* ---- Rows --------------------------------------------------------------------------- */

static int rows_used(const struct layout_rows *rows)
{
    return LAYOUT_FIXED_ROWS + rows->table + rows->extras + 2 * rows->fd_set + rows->events +
           rows->step;
}

/* A tall screen: everything in full, the event list takes the rest. */
START_TEST(test_rows_tall_screen)
{
    struct layout_want want = {.lines = 40, .table_rows = 5, .extra_rows = 2, .step_rows = 3};
    struct layout_rows rows;

    ck_assert(layout_rows(&want, &rows));
    ck_assert_int_eq(rows.table, 5);
    ck_assert_int_eq(rows.extras, 2);
    ck_assert_int_eq(rows.more, 0);
    ck_assert_int_eq(rows.fd_set, 2);
    ck_assert_int_eq(rows.step, 3);
    ck_assert_int_eq(rows_used(&rows), 40);
}
END_TEST

/* make demo DEMO_TUI=1 at 150x40: the server's pane is 74x18. With a listener
 * and four clients every client row stays; the select() rows go compact first. */
START_TEST(test_rows_demo_pane)
{
    struct layout_want want = {.lines = 18, .table_rows = 5, .extra_rows = 2, .step_rows = 0};
    struct layout_rows rows;

    ck_assert(layout_rows(&want, &rows));
    ck_assert_int_eq(rows.table, 5);
    ck_assert_int_eq(rows.more, 0);
    ck_assert_int_eq(rows.fd_set, 1);
    ck_assert_int_eq(rows.extras, 2);
    ck_assert_int_eq(rows.events, 3);
    ck_assert_int_eq(rows_used(&rows), 18);

    want.step_rows = 3; /* stepping: events, then the keyboard row, give way to the step */
    ck_assert(layout_rows(&want, &rows));
    ck_assert_int_eq(rows.table, 5);
    ck_assert_int_eq(rows.more, 0);
    ck_assert_int_eq(rows.events, 1);
    ck_assert_int_eq(rows.extras, 1);
    ck_assert_int_eq(rows.step, 3);
    ck_assert_int_eq(rows_used(&rows), 18);
}
END_TEST

/* Too many clients for the height: the last ones are counted in "… N more". */
START_TEST(test_rows_cut_clients_last)
{
    struct layout_want want = {.lines = 20, .table_rows = 31, .extra_rows = 2, .step_rows = 4};
    struct layout_rows rows;

    ck_assert(layout_rows(&want, &rows));
    ck_assert_int_eq(rows.fd_set, 1);
    ck_assert_int_eq(rows.events, 1);
    ck_assert_int_eq(rows.step, 2);
    ck_assert_int_eq(rows.extras, 1);                 /* holds "… N more" */
    ck_assert_int_eq(rows.more, 31 - rows.table + 2); /* clients, keyboard and pipe */
    ck_assert_int_eq(rows_used(&rows), 20);
    ck_assert_int_eq(rows.table, 20 - 6 - 1 - 2 - 1 - 2);
}
END_TEST

/* Without keyboard and pipe rows, "… N more" still gets a row of its own. */
START_TEST(test_rows_more_without_extras)
{
    struct layout_want want = {.lines = 14, .table_rows = 10, .extra_rows = 0, .step_rows = 0};
    struct layout_rows rows;

    ck_assert(layout_rows(&want, &rows));
    ck_assert_int_eq(rows.extras, 1);
    ck_assert_int_eq(rows.more, 10 - rows.table);
    ck_assert_int_eq(rows_used(&rows), 14);
}
END_TEST

/* Every size from far too small to tall: either it fits exactly in the height
 * (and never shows fewer clients than fit), or it says it cannot. */
START_TEST(test_rows_every_size)
{
    for (int lines = 1; lines <= 60; lines++) {
        for (int clients = 0; clients <= 40; clients++) {
            for (int step = 0; step <= 8; step += 4) {
                struct layout_want want = {lines, 1 + clients, 2, step};
                struct layout_rows rows;
                if (!layout_rows(&want, &rows)) {
                    ck_assert_int_lt(lines, 14); /* DASHBOARD_MIN_LINES always fits */
                    continue;
                }
                ck_assert_int_eq(rows_used(&rows), lines);
                ck_assert_int_ge(rows.events, 1);
                ck_assert_int_eq(rows.table + rows.more - (rows.more > 0 ? 2 : 0), 1 + clients);
                if (rows.more > 0) /* clients are cut only when nothing else can give */
                    ck_assert(rows.events == 1 && rows.fd_set == 1 && rows.step <= 2);
            }
        }
    }
}
END_TEST

/* ---- Columns ---------------------------------------------------------------------- */

/* fd, nick, address, in, queued, state as the demo has them */
static const int demo_natural[LAYOUT_COLUMNS] = {3, 13, 15, 5, 6, 6};

START_TEST(test_table_fits_whole_when_it_can)
{
    struct layout_table table;

    layout_table(demo_natural, 72, &table);
    ck_assert_mem_eq(table.width, demo_natural, sizeof(demo_natural));
    ck_assert(!table.left_out);
    ck_assert_int_eq(layout_table_width(&table), 3 + 13 + 15 + 5 + 6 + 6 + 5 * 2);
}
END_TEST

/* Narrower: addresses shrink, the state column goes, then nicks shrink, then addresses go. */
START_TEST(test_table_narrows_in_order)
{
    struct layout_table table;
    int natural[LAYOUT_COLUMNS] = {3, 20, 21, 5, 6, 8};

    layout_table(natural, 70, &table); /* 73 wide: addresses lose 3 */
    ck_assert_int_eq(table.width[LAYOUT_ADDRESS], 18);
    ck_assert(!table.left_out);
    layout_table(natural, 60, &table); /* only as much as needed, one step after the other */
    ck_assert_int_eq(table.width[LAYOUT_STATE], 0);
    ck_assert(table.left_out);
    ck_assert_int_eq(table.width[LAYOUT_ADDRESS], 16);
    ck_assert_int_eq(table.width[LAYOUT_NICK], 20);
    ck_assert_int_eq(layout_table_width(&table), 60);
    layout_table(natural, 50, &table);
    ck_assert_int_eq(table.width[LAYOUT_ADDRESS], 12);
    ck_assert_int_eq(table.width[LAYOUT_NICK], 14);
    ck_assert_int_eq(layout_table_width(&table), 50);
    layout_table(natural, 30, &table);
    ck_assert_int_eq(table.width[LAYOUT_ADDRESS], 0);
    ck_assert_int_le(layout_table_width(&table), 30);
    for (int columns = 30; columns <= 200; columns++) {
        layout_table(natural, columns, &table);
        ck_assert_int_le(layout_table_width(&table), columns);
        ck_assert_int_gt(table.width[LAYOUT_NICK], 0); /* fd, nick, in, queued always stay */
        ck_assert_int_gt(table.width[LAYOUT_IN], 0);
        ck_assert_int_gt(table.width[LAYOUT_QUEUED], 0);
    }
}
END_TEST

static Suite *layout_suite(void)
{
    Suite *suite = suite_create("layout");
    TCase *texts = tcase_create("texts");
    TCase *rows = tcase_create("rows");
    TCase *columns = tcase_create("columns");

    tcase_add_test(texts, test_width_counts_columns);
    tcase_add_test(texts, test_shorten_at_the_end);
    tcase_add_test(texts, test_shorten_keeps_the_end);
    tcase_add_test(texts, test_shorten_keeps_all_the_end_it_can);
    tcase_add_test(texts, test_wrap_at_words);
    tcase_add_test(rows, test_rows_tall_screen);
    tcase_add_test(rows, test_rows_demo_pane);
    tcase_add_test(rows, test_rows_cut_clients_last);
    tcase_add_test(rows, test_rows_more_without_extras);
    tcase_add_test(rows, test_rows_every_size);
    tcase_add_test(columns, test_table_fits_whole_when_it_can);
    tcase_add_test(columns, test_table_narrows_in_order);
    suite_add_tcase(suite, texts);
    suite_add_tcase(suite, rows);
    suite_add_tcase(suite, columns);
    return suite;
}

CHECK_MAIN(layout_suite)
