/*
 * test_check_transcript.c - the grader's sequence diagram
 * (src/check/transcript.c): bytes escaped so that every byte is visible,
 * long sends capped, and a bounded list that keeps its head and its end.
 */
#include "check-main.h"
#include "check/peer.h"
#include "check/probe.h"
#include "check/transcript.h"

#include <string.h>

static const char *escape(const char *bytes, size_t count, size_t max_bytes)
{
    static char out[256];

    transcript_escape(bytes, count, max_bytes, out, sizeof(out));
    return out;
}

START_TEST(test_escape_controls_and_quotes)
{
    ck_assert_str_eq(escape("hi\n", 3, 60), "\"hi\\n\"");
    ck_assert_str_eq(escape("a\r\tb\"c\\", 7, 60), "\"a\\r\\tb\\\"c\\\\\"");
    ck_assert_str_eq(escape("\x01\x7f", 2, 60), "\"\\x01\\x7f\"");
    ck_assert_str_eq(escape("nul\0x", 5, 60), "\"nul\\x00x\"");
}
END_TEST

/* Valid UTF-8 stays readable; a character cut in two shows its bytes. */
START_TEST(test_escape_utf8)
{
    ck_assert_str_eq(escape("caf\xc3\xa9 \xf0\x9f\x99\x82", 10, 60), "\"café 🙂\"");
    ck_assert_str_eq(escape("caf\xc3", 4, 60), "\"caf\\xc3\"");
    ck_assert_str_eq(escape("\xa9 x", 3, 60), "\"\\xa9 x\"");
    ck_assert_str_eq(escape("\xc0\xaf", 2, 60), "\"\\xc0\\xaf\""); /* overlong '/' */
}
END_TEST

START_TEST(test_escape_caps_long_sends)
{
    char big[1000];

    memset(big, 'x', sizeof(big));
    const char *shown = escape(big, sizeof(big), 10);
    ck_assert_str_eq(shown, "\"xxxxxxxxxx\"… (1000 bytes)");
}
END_TEST

START_TEST(test_events_are_formatted)
{
    static struct transcript transcript;
    char scratch[TRANSCRIPT_LINE_MAX];

    transcript_init(&transcript, 1000);
    transcript_bytes(&transcript, 1000, "A", "server", "hel", 3);
    transcript_bytes(&transcript, 1412, "server", "B", "MSG a hello", 11);
    transcript_note(&transcript, 3000, "C: nothing arrived in 2.0 s");
    ck_assert_uint_eq(transcript_lines(&transcript), 3);
    ck_assert_str_eq(transcript_line(&transcript, 0, scratch, sizeof(scratch)),
                     "  0.000  A → server  \"hel\"");
    ck_assert_str_eq(transcript_line(&transcript, 1, scratch, sizeof(scratch)),
                     "  0.412  server → B  \"MSG a hello\"");
    ck_assert_str_eq(transcript_line(&transcript, 2, scratch, sizeof(scratch)),
                     "  2.000  (C: nothing arrived in 2.0 s)");
}
END_TEST

/* Past the limit: the first events and the last ones, and how many were left out. */
START_TEST(test_overflow_keeps_head_and_tail)
{
    static struct transcript transcript;
    char text[32], scratch[TRANSCRIPT_LINE_MAX];
    const int total = TRANSCRIPT_MAX_EVENTS + 25;

    transcript_init(&transcript, 0);
    for (int i = 0; i < total; i++) {
        snprintf(text, sizeof(text), "event %d", i);
        transcript_note(&transcript, i, text);
    }
    ck_assert_uint_eq(transcript_lines(&transcript), TRANSCRIPT_MAX_EVENTS + 1);
    ck_assert_ptr_nonnull(strstr(transcript_line(&transcript, 0, scratch, sizeof(scratch)), "(event 0)"));
    ck_assert_ptr_nonnull(strstr(transcript_line(&transcript, TRANSCRIPT_HEAD_EVENTS - 1, scratch,
                                                 sizeof(scratch)), "(event 27)"));
    ck_assert_ptr_nonnull(strstr(transcript_line(&transcript, TRANSCRIPT_HEAD_EVENTS, scratch,
                                                 sizeof(scratch)), "25 events not shown"));
    snprintf(text, sizeof(text), "(event %d)", total - 1);
    ck_assert_ptr_nonnull(strstr(transcript_line(&transcript, TRANSCRIPT_MAX_EVENTS, scratch,
                                                 sizeof(scratch)), text));
}
END_TEST

/* A peer's received lines: found by what they contain, from a line number on. */
START_TEST(test_peer_lines)
{
    struct peer peer;

    memset(&peer, 0, sizeof(peer));
    peer_keep_line(&peer, "JOIN guest2", 11, 1);
    peer_keep_line(&peer, "MSG guest1 hello", 16, 2);
    peer_keep_line(&peer, "MSG guest1 hello again", 22, 3);
    ck_assert_int_eq(peer_find(&peer, "hello", 0), 1);
    ck_assert_int_eq(peer_find(&peer, "hello", 2), 2);
    ck_assert_int_eq(peer_find(&peer, "bye", 0), -1);
    ck_assert(peer_contains("abc", 3, ""));
    ck_assert(!peer_contains("ab", 2, "abc"));
    peer.fd = -1;
    peer_free(&peer);
    ck_assert_uint_eq(peer.line_count, 0);
}
END_TEST

/* What arrived instead of a line: nothing, or the first few lines quoted. */
START_TEST(test_describe_what_arrived)
{
    struct peer peer;
    char text[512];
    const char *pieces[] = {"c: s", "c: p", "c: l", "c: i", "c: t"};

    memset(&peer, 0, sizeof(peer));
    peer.fd = -1;
    peer.state = PEER_OPEN;
    probe_describe(&peer, 0, text, sizeof(text));
    ck_assert_str_eq(text, "nothing");
    peer.state = PEER_GONE;
    probe_describe(&peer, 0, text, sizeof(text));
    ck_assert_str_eq(text, "nothing, and its connection was closed");
    for (size_t i = 0; i < 5; i++)
        peer_keep_line(&peer, pieces[i], 4, (int64_t)i);
    probe_describe(&peer, 0, text, sizeof(text));
    ck_assert_str_eq(text, "5 lines: \"c: s\", \"c: p\", \"c: l\", \"c: i\", …");
    probe_describe(&peer, 4, text, sizeof(text));
    ck_assert_str_eq(text, "1 line: \"c: t\"");
    peer_free(&peer);
}
END_TEST

static Suite *check_transcript_suite(void)
{
    Suite *suite = suite_create("check_transcript");
    TCase *cases = tcase_create("check_transcript");

    tcase_add_test(cases, test_escape_controls_and_quotes);
    tcase_add_test(cases, test_escape_utf8);
    tcase_add_test(cases, test_escape_caps_long_sends);
    tcase_add_test(cases, test_events_are_formatted);
    tcase_add_test(cases, test_overflow_keeps_head_and_tail);
    tcase_add_test(cases, test_peer_lines);
    tcase_add_test(cases, test_describe_what_arrived);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(check_transcript_suite)
