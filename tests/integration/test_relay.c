/*
 * test_relay.c - messages go from one client to the others, whole and in order.
 *
 * The real obrol-server runs on 127.0.0.1; the clients are plain sockets.
 * Covers relaying, JOIN/LEAVE/NICK events, the WELCOME greeting, the lesson's
 * client that sends no newline, and framing (a line is a line however TCP cuts it).
 */
#include "check-main.h"
#include "harness.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static struct harness_server server;

/* The lines of `lines` that start with `prefix`, joined by '|' (for order checks). */
static void lines_matching(const struct harness_lines *lines, const char *prefix, char *out,
                           size_t room)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < lines->count; i++) {
        if (!harness_starts_with(lines->items[i], prefix))
            continue;
        int wrote = snprintf(out + used, room - used, "%s%s", used ? "|" : "", lines->items[i]);
        if (wrote < 0 || (size_t)wrote >= room - used)
            break;
        used += (size_t)wrote;
    }
}

/* ---- Relaying ------------------------------------------------------------------ */

/* A message from one client reaches each of the others once as "MSG nick text";
 * the sender gets exactly one response, "OK say ...", and not its own MSG. */
START_TEST(test_message_reaches_everyone_else)
{
    struct harness_conn alice, bob, carol;
    struct harness_lines said = {0}, heard_bob = {0}, heard_carol = {0};

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&carol, server.port, "carol"));

    ck_assert(harness_send_text(&alice, "Halo semua!\n"));
    ck_assert(harness_sync(&alice, "a", &said));
    ck_assert_uint_eq(harness_lines_count(&said, "OK say "), 1);
    ck_assert_uint_eq(harness_lines_count(&said, "OK ") + harness_lines_count(&said, "ERR "), 2);
    ck_assert(harness_lines_has(
        &said, "OK say Message received by the server, relayed to 2 other clients"));
    ck_assert_uint_eq(harness_lines_count(&said, "MSG "), 0);

    /* alice's OK came after the MSGs were queued, so a ping now finds them in. */
    ck_assert(harness_sync(&bob, "b", &heard_bob));
    ck_assert(harness_sync(&carol, "c", &heard_carol));
    ck_assert_uint_eq(harness_lines_count(&heard_bob, "MSG alice Halo semua!"), 1);
    ck_assert_uint_eq(harness_lines_count(&heard_carol, "MSG alice Halo semua!"), 1);
    ck_assert_uint_eq(harness_lines_count(&heard_bob, "MSG "), 1);

    harness_lines_free(&said);
    harness_lines_free(&heard_bob);
    harness_lines_free(&heard_carol);
    harness_close(&alice);
    harness_close(&bob);
    harness_close(&carol);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* Others are told who comes (JOIN), who renames (NICK) and who goes (LEAVE + reason). */
START_TEST(test_join_nick_leave_events)
{
    struct harness_conn alice, newcomer, other;
    char line[512], guest[512], expected[640];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));

    ck_assert(harness_connect(&newcomer, server.port));
    ck_assert_int_gt(harness_expect(&alice, "JOIN ", line, sizeof(line), 3000), 0);
    snprintf(guest, sizeof(guest), "%s", line + strlen("JOIN "));
    ck_assert(harness_starts_with(guest, "guest"));

    ck_assert(harness_send_text(&newcomer, "/nick budi\n"));
    snprintf(expected, sizeof(expected), "NICK %s budi", guest);
    ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, expected);

    /* /quit: the answer, then end-of-file; the others hear the reason once we close. */
    ck_assert(harness_send_text(&newcomer, "/quit sampai jumpa\n"));
    ck_assert_int_gt(harness_read_line(&newcomer, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK nick budi");
    ck_assert_int_gt(harness_read_line(&newcomer, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK quit Goodbye, budi!");
    ck_assert(harness_expect_eof(&newcomer, 3000));
    harness_close(&newcomer);
    ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "LEAVE budi sampai jumpa");

    /* Closing the socket without a word is a leave too. */
    ck_assert(harness_join(&other, server.port, "siti"));
    ck_assert_int_gt(harness_expect(&alice, "NICK ", line, sizeof(line), 3000), 0);
    harness_close(&other);
    ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "LEAVE siti connection closed");

    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A client that stays silent is greeted after ~300 ms, with its own nick. */
START_TEST(test_silent_client_is_welcomed)
{
    struct harness_conn alice, quiet;
    char line[512], joined[128], expected[320];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    int64_t connected = harness_now_ms();
    ck_assert(harness_connect(&quiet, server.port));
    ck_assert_int_gt(harness_expect(&alice, "JOIN ", joined, sizeof(joined), 3000), 0);

    ck_assert_int_gt(harness_read_line(&quiet, line, sizeof(line), 3000), 0);
    int64_t waited = harness_now_ms() - connected;
    const char *nick = joined + strlen("JOIN ");
    snprintf(expected, sizeof(expected), "WELCOME %s Welcome to obrol, %s!", nick, nick);
    ck_assert_msg(harness_starts_with(line, expected), "got \"%s\"", line);
    ck_assert_msg(waited >= 250, "greeted after only %lld ms", (long long)waited);

    harness_close(&quiet);
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A client that speaks first (a script) gets its answer and never a WELCOME. */
START_TEST(test_client_that_speaks_first_gets_no_welcome)
{
    struct harness_conn script;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_connect(&script, server.port));
    ck_assert(harness_send_text(&script, "/ping first\n"));
    ck_assert_int_gt(harness_read_line(&script, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping first");
    /* Well past the 300 ms greeting time: nothing else may arrive. */
    ck_assert_int_eq(harness_read_line(&script, line, sizeof(line), 800), HARNESS_TIMEOUT);

    harness_close(&script);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- The lesson's client ------------------------------------------------------- */

/* The Python client of the lesson sends "Halo server!" with no newline and calls
 * recv() once: the server must take the silence as the end of the line and answer. */
START_TEST(test_lesson_client_without_newline)
{
    struct harness_conn observer, lesson;
    char joined[128], line[512], expected[256], reply[1024];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&observer, server.port, "observer"));
    ck_assert(harness_connect(&lesson, server.port));
    ck_assert_int_gt(harness_expect(&observer, "JOIN ", joined, sizeof(joined), 3000), 0);

    int64_t sent = harness_now_ms();
    ck_assert(harness_send(&lesson, "Halo server!", 12));
    /* One poll() and one recv(), like client.recv(1024); ~1 s plus a margin for ASan. */
    struct pollfd wait = {lesson.fd, POLLIN, 0};
    ck_assert_int_eq(poll(&wait, 1, 1500), 1);
    ssize_t got = recv(lesson.fd, reply, sizeof(reply) - 1, 0);
    ck_assert_int_gt(got, 0);
    reply[got] = '\0';
    ck_assert_msg(harness_starts_with(reply, "OK say "), "got \"%s\"", reply);
    ck_assert_msg(reply[got - 1] == '\n', "the reply is not one whole line: \"%s\"", reply);
    ck_assert_int_le(harness_now_ms() - sent, 1500);

    snprintf(expected, sizeof(expected), "MSG %s Halo server!", joined + strlen("JOIN "));
    ck_assert_int_gt(harness_expect(&observer, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, expected);

    harness_close(&lesson);
    harness_close(&observer);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A client that has ended one line with LF is never cut: a slow partial line
 * (a byte every 200 ms for 1.6 s) is relayed only when its newline comes, whole. */
START_TEST(test_slow_typist_is_not_cut)
{
    struct harness_conn alice, bob;
    struct harness_lines said = {0};
    char line[512];
    const char slow[] = "pelan-pelan";

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_send_text(&alice, "first\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice first");

    for (size_t i = 0; i < 8; i++) {
        ck_assert(harness_send(&alice, slow + i, 1));
        /* bob must hear nothing while alice types (this read is the 200 ms pause). */
        ck_assert_int_eq(harness_read_line(&bob, line, sizeof(line), 200), HARNESS_TIMEOUT);
    }
    ck_assert(harness_send_text(&alice, slow + 8));
    ck_assert(harness_send_text(&alice, "\n"));
    ck_assert_int_gt(harness_read_line(&bob, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice pelan-pelan");

    ck_assert(harness_sync(&alice, "done", &said));
    ck_assert_uint_eq(harness_lines_count(&said, "OK say "), 2);
    harness_lines_free(&said);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Framing ------------------------------------------------------------------- */

/* A line sent one byte per send() arrives as one line. */
START_TEST(test_line_sent_byte_by_byte)
{
    struct harness_conn alice, bob;
    char line[512];
    const char text[] = "Hello, one byte at a time!\n";

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    for (size_t i = 0; i < strlen(text); i++) {
        ck_assert(harness_send(&alice, text + i, 1));
        harness_sleep_ms(2); /* let each byte travel in its own segment */
    }
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice Hello, one byte at a time!");

    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* Several lines in one send() arrive as several lines, in order; CRLF ends a
 * line like LF does, and the CR is not part of the text. */
START_TEST(test_many_lines_in_one_send_and_crlf)
{
    struct harness_conn alice, bob;
    struct harness_lines heard = {0}, said = {0};
    char joined[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_send_text(&alice, "one\ntwo\nthree\ncrlf four\r\ncrlf five\r\n"));
    ck_assert(harness_sync(&alice, "a", &said));
    ck_assert_uint_eq(harness_lines_count(&said, "OK say "), 5);

    ck_assert(harness_sync(&bob, "b", &heard));
    lines_matching(&heard, "MSG ", joined, sizeof(joined));
    ck_assert_str_eq(joined, "MSG alice one|MSG alice two|MSG alice three|"
                             "MSG alice crlf four|MSG alice crlf five");

    harness_lines_free(&heard);
    harness_lines_free(&said);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* End of file ends the last line: "first\nsecond-no-newline" then shutdown(SHUT_WR)
 * relays both lines, answers both, and then the server closes too. */
START_TEST(test_last_line_needs_no_newline_at_end_of_file)
{
    struct harness_conn alice, bob;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_settle(&bob));
    ck_assert(harness_send_text(&alice, "first\nsecond-no-newline"));
    ck_assert_int_eq(shutdown(alice.fd, SHUT_WR), 0);

    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice first");
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice second-no-newline");
    for (int i = 0; i < 2; i++) {
        ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
        ck_assert_msg(harness_starts_with(line, "OK say "), "response %d: %s", i, line);
    }
    ck_assert(harness_expect_eof(&alice, 3000));
    ck_assert_int_gt(harness_expect(&bob, "LEAVE ", line, sizeof(line), 3000), 0);

    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A CR alone ends a line (docs/protocol.md, "What a line is"): "one\rtwo\rthree\r"
 * from a client that has ended lines before is three messages, at once, not one
 * merged line and not held back; a CR LF split between two sends is one line end. */
START_TEST(test_bare_cr_ends_a_line)
{
    struct harness_conn alice, bob;
    struct harness_lines heard = {0}, said = {0};
    char joined[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice")); /* "/nick alice\n": LF seen */
    ck_assert(harness_settle(&bob));
    ck_assert(harness_send_text(&alice, "one\rtwo\rthree\r"));
    for (int i = 0; i < 3; i++) /* nothing else follows: each must come on its own */
        ck_assert_int_gt(harness_expect(&bob, "MSG ", joined, sizeof(joined), 3000), 0);
    ck_assert_str_eq(joined, "MSG alice three");
    ck_assert(harness_send_text(&alice, "\nfour\r"));
    harness_sleep_ms(50); /* the LF of this CR LF in a segment of its own */
    ck_assert(harness_send_text(&alice, "\nfive\n"));

    ck_assert(harness_sync(&alice, "a", &said));
    ck_assert_uint_eq(harness_lines_count(&said, "OK say "), 5);
    ck_assert(harness_sync(&bob, "b", &heard));
    lines_matching(&heard, "MSG ", joined, sizeof(joined));
    ck_assert_str_eq(joined, "MSG alice four|MSG alice five");

    harness_lines_free(&heard);
    harness_lines_free(&said);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* The -v narration of framing says what is what: the bytes of the complete
 * lines, and apart from them the bytes that still wait for a newline (the
 * lesson's example: "Halo semua!\n" in four pieces of 3 bytes). */
START_TEST(test_framing_narration_separates_lines_from_waiting_bytes)
{
    struct harness_conn budi;
    const char *pieces[] = {"Hal", "o s", "emu", "a!\n", "satu\ndu", "a\n"};
    const char *narrated[] = {
        "framing: no complete line yet from budi, 3 bytes wait for a newline",
        "framing: no complete line yet from budi, 6 bytes wait for a newline",
        "framing: no complete line yet from budi, 9 bytes wait for a newline",
        "framing: 1 complete line (12 bytes) from budi; 0 bytes wait for a newline",
        "framing: 1 complete line (5 bytes) from budi; 2 bytes wait for a newline",
        "framing: 1 complete line (4 bytes) from budi; 0 bytes wait for a newline",
    };

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-v", "--rate", "0")));
    ck_assert(harness_join(&budi, server.port, "budi"));
    for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
        ck_assert(harness_send_text(&budi, pieces[i]));
        /* one recv() per piece: the next is sent once this one is narrated */
        ck_assert_msg(harness_server_log_wait(&server, narrated[i], 3000), "no \"%s\" in:\n%s",
                      narrated[i], harness_server_log(&server));
    }
    ck_assert_int_eq(harness_server_log_count(&server, "bytes buffered"), 0);

    harness_close(&budi);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *relay_suite(void)
{
    Suite *suite = suite_create("relay");
    TCase *relay = tcase_create("relay");
    TCase *lesson = tcase_create("lesson client");
    TCase *framing = tcase_create("framing");
    TCase *all[] = {relay, lesson, framing};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], NULL, harness_teardown);
        tcase_set_timeout(all[i], 30);
        suite_add_tcase(suite, all[i]);
    }
    tcase_add_test(relay, test_message_reaches_everyone_else);
    tcase_add_test(relay, test_join_nick_leave_events);
    tcase_add_test(relay, test_silent_client_is_welcomed);
    tcase_add_test(relay, test_client_that_speaks_first_gets_no_welcome);
    tcase_add_test(lesson, test_lesson_client_without_newline);
    tcase_add_test(lesson, test_slow_typist_is_not_cut);
    tcase_add_test(framing, test_line_sent_byte_by_byte);
    tcase_add_test(framing, test_many_lines_in_one_send_and_crlf);
    tcase_add_test(framing, test_last_line_needs_no_newline_at_end_of_file);
    tcase_add_test(framing, test_bare_cr_ends_a_line);
    tcase_add_test(framing, test_framing_narration_separates_lines_from_waiting_bytes);
    return suite;
}

CHECK_MAIN(relay_suite)
