/*
 * test_verdicts.c - what a computer did is remembered for its address
 * (src/server/hosts.c): wrong room codes make it wait, the teacher's mute and
 * kick outlast reconnecting, and the teacher's commands say what they refuse.
 *
 * The computers are addresses of 127.0.0.0/8 (harness_connect_from). Verdicts
 * apply to loopback too, so no server here needs --limit-loopback.
 */
#include "check-main.h"
#include "harness.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#define LINE 1024

/* The server's fixed limits (limit.h) that the checks below count on. */
#define CODE_TRIES 3 /* LIMIT_HOST_CODE_TRIES: then 1 s, 2 s, 4 s ... */

static struct harness_server server;

/* Read lines until `prefix`, collecting every line; true if it came. */
static bool collect_until_prefix(struct harness_conn *conn, const char *prefix,
                                 struct harness_lines *lines)
{
    char line[LINE];

    for (int i = 0; i < 100; i++) {
        if (harness_read_line(conn, line, sizeof(line), 3000) < 0)
            return false;
        harness_lines_add(lines, line);
        if (harness_starts_with(line, prefix))
            return true;
    }
    return false;
}

/* ---- Wrong room codes ------------------------------------------------------------ */

enum { GUESSERS = 8 };

struct guessing {
    struct harness_conn conns[GUESSERS];
    int waiting[GUESSERS]; /* guesses sent and not yet answered */
    unsigned next_guess, wrong, held_back, connections;
};

/* Keep three guesses in flight on every connection; reconnect the ones closed. */
static void guessing_send(struct guessing *guessing, unsigned port)
{
    char request[32];

    for (int i = 0; i < GUESSERS; i++) {
        struct harness_conn *conn = &guessing->conns[i];
        if (conn->fd >= 0 && conn->eof) {
            harness_close(conn);
            guessing->waiting[i] = 0;
        }
        if (conn->fd < 0) {
            ck_assert(harness_connect_from(conn, port, "127.0.0.3"));
            guessing->connections++;
        }
        for (; guessing->waiting[i] < 3; guessing->waiting[i]++) {
            unsigned guess = guessing->next_guess++ % 10000;
            snprintf(request, sizeof(request), "/join %04u\n", guess == 4242 ? 4243 : guess);
            ck_assert(harness_send_text(conn, request) || conn->eof);
        }
    }
}

/* Count the answers: a wrong code was compared, or the computer was told to wait. */
static void guessing_read(struct guessing *guessing)
{
    struct pollfd fds[GUESSERS];
    char *line;
    size_t len;

    for (int i = 0; i < GUESSERS; i++)
        fds[i] = (struct pollfd){guessing->conns[i].fd, POLLIN, 0};
    ck_assert_int_ge(poll(fds, GUESSERS, 50), 0);
    for (int i = 0; i < GUESSERS; i++) {
        if (fds[i].revents == 0)
            continue;
        harness_pump(&guessing->conns[i]); /* false at EOF: reconnected in guessing_send */
        while (harness_take_line(&guessing->conns[i], &line, &len)) {
            ck_assert_msg(!harness_starts_with(line, "OK join"), "guessed: %s", line);
            if (!harness_starts_with(line, "ERR join"))
                continue;
            guessing->waiting[i]--;
            guessing->wrong += harness_starts_with(line, "ERR join Wrong room code");
            guessing->held_back += harness_starts_with(line, "ERR join Too many wrong room codes");
        }
    }
}

/*
 * Eight connections from one computer guess a 4-digit code as fast as they get
 * answers, reconnecting when closed, for 1.5 s: after CODE_TRIES wrong codes
 * the computer waits 1 s, then 2 s, so at most CODE_TRIES + 1 guesses are even
 * compared, and the log has one line for the first and one per wait. (Before:
 * about 120,000 guesses a second, and as many log lines.) The right code is not
 * compared while the computer waits; /unban lets it in.
 */
START_TEST(test_guessing_the_room_code_backs_off)
{
    enum { WINDOW_MS = 1500 };
    static struct guessing guessing;
    char line[LINE];

    for (int i = 0; i < GUESSERS; i++)
        guessing.conns[i].fd = -1;
    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-q", "--room-code", "4242")));
    int64_t start = harness_now_ms();
    for (int round = 0; round < 100000 && harness_now_ms() - start < WINDOW_MS; round++) {
        guessing_send(&guessing, server.port);
        guessing_read(&guessing);
    }
    ck_assert_msg(guessing.wrong >= CODE_TRIES && guessing.wrong <= CODE_TRIES + 1,
                  "%u guesses compared in %d ms (%u held back, %u connections)", guessing.wrong,
                  WINDOW_MS, guessing.held_back, guessing.connections);
    ck_assert_uint_gt(guessing.held_back, 0);
    int logged = harness_server_log_count(&server, "wrong room code");
    ck_assert_msg(logged >= 2 && logged <= 3, "%d log lines about wrong codes", logged);
    ck_assert_int_eq(harness_server_log_count(&server, "wrong room codes from 127.0.0.3 so far"),
                     logged - 1);

    /* The right code waits too; /unban 127.0.0.3 lifts the wait. */
    struct harness_conn *student = &guessing.conns[0];
    harness_close(student);
    ck_assert(harness_connect_from(student, server.port, "127.0.0.3"));
    ck_assert(harness_send_text(student, "/join 4242\n"));
    ck_assert_int_gt(harness_expect(student, "ERR join", line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "ERR join Too many wrong room codes from your computer"));
    ck_assert(harness_server_keys(&server, "/unban\n/unban 127.0.0.3\n"));
    ck_assert(harness_server_log_wait(&server, "127.0.0.3 may connect again", 3000));
    ck_assert_int_eq(harness_server_log_count(&server, "wrong room codes: next /join in"), 1);
    ck_assert(harness_send_text(student, "/join 4242\n"));
    ck_assert_int_gt(harness_expect(student, "OK join", line, sizeof(line), 3000), 0);
    for (int i = 0; i < GUESSERS; i++)
        harness_close(&guessing.conns[i]);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Mute ------------------------------------------------------------------------- */

/*
 * A muted student's words reach nobody by any path: not as a message, an
 * action, a private message, a new nick, nor as the reason of /quit.
 */
START_TEST(test_muted_words_reach_nobody)
{
    struct harness_conn budi, siti;
    struct harness_lines got = {0};
    char quit[160], line[LINE];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_connect_from(&siti, server.port, "127.0.0.6"));
    ck_assert(harness_send_text(&siti, "/nick siti\n"));
    ck_assert_int_gt(harness_expect(&siti, "OK nick siti", line, sizeof(line), 3000), 0);
    ck_assert(harness_server_keys(&server, "/mute siti\n"));
    ck_assert_int_gt(harness_expect(&siti, "NOTICE ", line, sizeof(line), 3000), 0);
    ck_assert(harness_settle(&budi)); /* what budi heard before the mute is out of the way */

    snprintf(quit, sizeof(quit), "/quit %.95s\n",
             "everyone_look_at_this_link_and_do_what_it_says_0123456789_0123456789_0123456789_"
             "0123456789");
    ck_assert(harness_send_text(&siti, "/nick I_am_muted_but\n/me waves\n/msg budi psst\n"));
    ck_assert(harness_send_text(&siti, quit));
    ck_assert(collect_until_prefix(&siti, "OK quit", &got));
    ck_assert_uint_eq(harness_lines_count(&got, "ERR nick The teacher has muted you"), 1);
    ck_assert_uint_eq(harness_lines_count(&got, "ERR me The teacher has muted you"), 1);
    ck_assert_uint_eq(harness_lines_count(&got, "ERR msg The teacher has muted you"), 1);
    harness_lines_free(&got);
    ck_assert(harness_expect_eof(&siti, 3000));
    harness_close(&siti); /* as a real client does at EOF: the server need not wait for it */

    ck_assert(collect_until_prefix(&budi, "LEAVE siti", &got));
    ck_assert_str_eq(got.items[got.count - 1], "LEAVE siti quit"); /* not her text */
    ck_assert_uint_eq(harness_lines_count(&got, "NICK "), 0);
    ck_assert_uint_eq(harness_lines_count(&got, "ME "), 0);
    ck_assert_uint_eq(harness_lines_count(&got, "PRIV "), 0);
    harness_lines_free(&got);
    harness_close(&budi);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A mute outlasts reconnecting: from the same computer, and under the same nick from
 * another; /unmute NICK undoes both. */
START_TEST(test_mute_follows_the_computer_and_the_nick)
{
    struct harness_conn budi, again, elsewhere;
    char line[LINE];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_connect_from(&again, server.port, "127.0.0.6"));
    ck_assert(harness_send_text(&again, "/nick siti\n"));
    ck_assert_int_gt(harness_expect(&again, "OK nick siti", line, sizeof(line), 3000), 0);
    ck_assert(harness_server_keys(&server, "/mute siti\n"));
    ck_assert_int_gt(harness_expect(&again, "NOTICE ", line, sizeof(line), 3000), 0);
    harness_close(&again);
    ck_assert_int_gt(harness_expect(&budi, "LEAVE siti", line, sizeof(line), 3000), 0);

    /* Back from the same computer, as a guest: still muted. */
    ck_assert(harness_connect_from(&again, server.port, "127.0.0.6"));
    ck_assert(harness_send_text(&again, "hello\n"));
    ck_assert_int_gt(harness_expect(&again, "ERR say", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "ERR say The teacher has muted you");
    /* From another computer under her nick: muted as it takes the nick. */
    ck_assert(harness_connect_from(&elsewhere, server.port, "127.0.0.7"));
    ck_assert(harness_send_text(&elsewhere, "/nick SITI\nhello\n"));
    ck_assert_int_gt(
        harness_expect(&elsewhere, "NOTICE The teacher has muted you", line, sizeof(line), 3000),
        0);
    ck_assert_int_gt(harness_expect(&elsewhere, "ERR say", line, sizeof(line), 3000), 0);

    ck_assert(harness_server_keys(&server, "/unmute siti\n"));
    ck_assert_int_gt(
        harness_expect(&again, "NOTICE The teacher has unmuted you", line, sizeof(line), 3000), 0);
    ck_assert_int_gt(
        harness_expect(&elsewhere, "NOTICE The teacher has unmuted you", line, sizeof(line), 3000),
        0);
    ck_assert(harness_send_text(&again, "free again\n"));
    ck_assert_int_gt(harness_expect(&budi, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert(strstr(line, " free again") != NULL);
    harness_close(&again);
    harness_close(&elsewhere);
    harness_close(&budi);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Kick ------------------------------------------------------------------------ */

/* A kicked student's computer is refused when it comes back, others are not;
 * /unban (alone, it lists who is kept out) lets it back. */
START_TEST(test_kick_keeps_the_computer_out)
{
    struct harness_conn budi, bob, other;
    char line[LINE];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_connect_from(&bob, server.port, "127.0.0.8"));
    ck_assert(harness_send_text(&bob, "/nick bob\n"));
    ck_assert_int_gt(harness_expect(&bob, "OK nick bob", line, sizeof(line), 3000), 0);
    ck_assert(harness_server_keys(&server, "/kick bob\n"));
    ck_assert_int_gt(harness_expect(&bob, "BYE ", line, sizeof(line), 3000), 0);
    ck_assert(harness_expect_eof(&bob, 3000));
    harness_close(&bob);

    /* Back at once: refused, with how long. Another computer is welcome. */
    ck_assert(harness_connect_from(&bob, server.port, "127.0.0.8"));
    ck_assert_int_gt(harness_read_line(&bob, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "BYE The teacher removed you from the room; 127.0.0.8 may come back in "
                           "5 min");
    ck_assert(harness_expect_eof(&bob, 3000));
    harness_close(&bob);
    ck_assert(
        harness_server_log_wait(&server, "127.0.0.8 may not connect again for 5 minutes", 3000));
    ck_assert(harness_connect_from(&other, server.port, "127.0.0.9"));
    ck_assert(harness_send_text(&other, "/ping in\n"));
    ck_assert_int_gt(harness_expect(&other, "OK ping in", line, sizeof(line), 3000), 0);

    ck_assert(harness_server_keys(&server, "/unban\n"));
    ck_assert(harness_server_log_wait(&server, "kicked: kept out", 3000));
    ck_assert(harness_server_keys(&server, "/unban bob\n"));
    ck_assert(harness_server_log_wait(&server, "bob may connect again", 3000));
    ck_assert(harness_connect_from(&bob, server.port, "127.0.0.8"));
    ck_assert(harness_send_text(&bob, "/ping back\n"));
    ck_assert_int_gt(harness_expect(&bob, "OK ping back", line, sizeof(line), 3000), 0);
    harness_close(&bob);
    harness_close(&other);
    harness_close(&budi);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- The teacher's commands say what they refuse --------------------------------- */

/*
 * "/mute bob extra words" is a usage error, not a nick with spaces; a /say
 * longer than --max-line, or a line longer than the console takes, is refused
 * with a message instead of being cut or dropped silently.
 */
START_TEST(test_operator_refusals_are_said)
{
    struct harness_conn budi, bob;
    struct harness_lines got = {0};
    char keys[700], line[LINE];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-q", "--max-line", "64")));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_server_keys(&server, "/mute bob extra words\n"));
    ck_assert(harness_server_log_wait(&server, "Usage: /mute NICK", 3000));
    ck_assert(harness_send_text(&bob, "not muted\n"));
    ck_assert_int_gt(harness_expect(&budi, "MSG bob not muted", line, sizeof(line), 3000), 0);

    snprintf(keys, sizeof(keys), "/say %0100d\n", 7); /* 100 bytes: over --max-line 64 */
    ck_assert(harness_server_keys(&server, keys));
    ck_assert(harness_server_log_wait(
        &server, "Not sent: that notice has 100 bytes, a line may have 64 (--max-line)", 3000));
    snprintf(keys, sizeof(keys), "/say %0600d\n", 7); /* longer than the console's line */
    ck_assert(harness_server_keys(&server, keys));
    ck_assert(harness_server_log_wait(&server, "Ignored a line longer than 512 bytes", 3000));
    ck_assert(harness_server_keys(&server, "/say short\n"));
    ck_assert(collect_until_prefix(&budi, "NOTICE", &got));
    ck_assert_str_eq(got.items[got.count - 1], "NOTICE short"); /* and no NOTICE before it */
    harness_lines_free(&got);
    harness_close(&budi);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *verdicts_suite(void)
{
    Suite *suite = suite_create("verdicts");
    TCase *codes = tcase_create("room code");
    TCase *teacher = tcase_create("teacher");

    tcase_add_checked_fixture(codes, NULL, harness_teardown);
    tcase_set_timeout(codes, 30);
    tcase_add_test(codes, test_guessing_the_room_code_backs_off);
    suite_add_tcase(suite, codes);
    tcase_add_checked_fixture(teacher, NULL, harness_teardown);
    tcase_set_timeout(teacher, 30);
    tcase_add_test(teacher, test_muted_words_reach_nobody);
    tcase_add_test(teacher, test_mute_follows_the_computer_and_the_nick);
    tcase_add_test(teacher, test_kick_keeps_the_computer_out);
    tcase_add_test(teacher, test_operator_refusals_are_said);
    suite_add_tcase(suite, teacher);
    return suite;
}

CHECK_MAIN(verdicts_suite)
