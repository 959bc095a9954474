/*
 * test_client_editor.c - the input line and its history (editor.c, history.c).
 */
#include "check-main.h"
#include "model/editor.h"
#include "model/history.h"

#include <locale.h>
#include <string.h>

static struct editor ed;

static void editor_setup(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
    editor_clear(&ed);
}

/* Type a wide string at the cursor. */
static void type(const wchar_t *text)
{
    for (; *text; text++)
        ck_assert(editor_insert(&ed, *text));
}

static void assert_text(const char *expected)
{
    char out[256];

    editor_utf8(&ed, out, sizeof(out));
    ck_assert_str_eq(out, expected);
}

START_TEST(test_insert_and_move)
{
    type(L"halo");
    editor_left(&ed);
    editor_left(&ed);
    type(L"X");
    assert_text("haXlo");
    ck_assert_uint_eq(ed.cursor, 3);
    editor_home(&ed);
    ck_assert_uint_eq(ed.cursor, 0);
    editor_left(&ed); /* stays at 0 */
    ck_assert_uint_eq(ed.cursor, 0);
    editor_end(&ed);
    editor_right(&ed);
    ck_assert_uint_eq(ed.cursor, 5);
}
END_TEST

START_TEST(test_backspace_and_delete)
{
    type(L"abc");
    editor_backspace(&ed);
    assert_text("ab");
    editor_home(&ed);
    editor_delete(&ed);
    assert_text("b");
    editor_backspace(&ed); /* nothing before the cursor */
    assert_text("b");
}
END_TEST

START_TEST(test_kill_keys)
{
    type(L"satu dua tiga");
    editor_kill_word(&ed); /* C-w */
    assert_text("satu dua ");
    editor_kill_word(&ed);
    assert_text("satu ");
    type(L"empat");
    editor_left(&ed);
    editor_left(&ed);
    editor_kill_to_end(&ed); /* C-k */
    assert_text("satu emp");
    editor_left(&ed);
    editor_kill_to_start(&ed); /* C-u */
    assert_text("p");
    ck_assert_uint_eq(ed.cursor, 0);
}
END_TEST

START_TEST(test_wide_characters)
{
    type(L"日本👍é");
    assert_text("日本\xF0\x9F\x91\x8D\xC3\xA9");
    ck_assert_uint_eq(ed.len, 4);
    ck_assert_uint_eq(editor_cursor_column(&ed), 7); /* 2 + 2 + 2 + 1 */
    editor_left(&ed);
    editor_left(&ed);
    ck_assert_uint_eq(editor_cursor_column(&ed), 4);
    editor_backspace(&ed); /* removes the whole 本 */
    assert_text("日\xF0\x9F\x91\x8D\xC3\xA9");
}
END_TEST

START_TEST(test_full_line_refuses)
{
    for (int i = 0; i < EDITOR_CHARS_MAX; i++)
        ck_assert(editor_insert(&ed, L'x'));
    ck_assert(!editor_insert(&ed, L'y'));
    ck_assert_uint_eq(ed.len, EDITOR_CHARS_MAX);
}
END_TEST

START_TEST(test_completion)
{
    const char *names[] = {"budi", "Bunga", "siti"};

    type(L"si");
    ck_assert_uint_eq(editor_complete(&ed, names, 3), 1);
    assert_text("siti: ");
    editor_clear(&ed);
    type(L"halo BU");
    ck_assert_uint_eq(editor_complete(&ed, names, 3), 2);
    assert_text("halo BU"); /* "bu" is all they share: nothing to add */
    type(L"d");
    ck_assert_uint_eq(editor_complete(&ed, names, 3), 1);
    assert_text("halo budi ");
    editor_clear(&ed);
    type(L"zz");
    ck_assert_uint_eq(editor_complete(&ed, names, 3), 0);
    assert_text("zz");
}
END_TEST

START_TEST(test_history_up_down_keeps_draft)
{
    struct history history;

    history_init(&history);
    history_add(&history, L"first");
    history_add(&history, L"second");
    history_add(&history, L"second"); /* a repeat is not stored twice */
    history_add(&history, L"");
    ck_assert_uint_eq(history_count(&history), 2);
    type(L"draft");
    ck_assert(history_up(&history, &ed));
    assert_text("second");
    ck_assert(history_up(&history, &ed));
    assert_text("first");
    ck_assert(!history_up(&history, &ed)); /* no older line */
    ck_assert(history_down(&history, &ed));
    assert_text("second");
    ck_assert(history_down(&history, &ed));
    assert_text("draft");
    ck_assert(!history_down(&history, &ed));
    history_free(&history);
}
END_TEST

static Suite *editor_suite(void)
{
    Suite *suite = suite_create("client_editor");
    TCase *basics = tcase_create("editor");

    tcase_add_checked_fixture(basics, editor_setup, NULL);
    tcase_add_test(basics, test_insert_and_move);
    tcase_add_test(basics, test_backspace_and_delete);
    tcase_add_test(basics, test_kill_keys);
    tcase_add_test(basics, test_wide_characters);
    tcase_add_test(basics, test_full_line_refuses);
    tcase_add_test(basics, test_completion);
    tcase_add_test(basics, test_history_up_down_keeps_draft);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(editor_suite)
