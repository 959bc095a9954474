/*
 * test_classroom.c - who is in the room: the room code, the per-computer
 * connection limit, the teacher's console commands, and dead peers.
 */
#include "check-main.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 1024

/* ---- Room code ------------------------------------------------------------------ */

/* At a locked room's door: only /join, /help, /ping, /quit; nothing from inside is heard. */
START_TEST(test_room_code_locks_the_door)
{
    struct harness_server server;
    struct harness_conn inside, door;
    char line[LINE];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--room-code", "kelas7")));
    ck_assert(harness_connect(&inside, server.port));
    ck_assert(harness_send_text(&inside, "/join kelas7\n"));
    ck_assert_int_ge(harness_expect(&inside, "OK join", line, sizeof(line), 2000), 0);

    ck_assert(harness_connect(&door, server.port));
    ck_assert_int_ge(harness_expect(&door, "WELCOME ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "/join CODE"));
    ck_assert(harness_send_text(&door, "hello?\n/who\n/nick budi\n/ping x\n"));
    ck_assert_int_ge(harness_read_line(&door, line, sizeof(line), 2000), 0);
    ck_assert_msg(strncmp(line, "ERR say This room is locked", 27) == 0, "got %s", line);
    ck_assert_int_ge(harness_read_line(&door, line, sizeof(line), 2000), 0);
    ck_assert_msg(strncmp(line, "ERR who ", 8) == 0, "got %s", line);
    ck_assert_int_ge(harness_read_line(&door, line, sizeof(line), 2000), 0);
    ck_assert_msg(strncmp(line, "ERR nick ", 9) == 0, "got %s", line);
    ck_assert_int_ge(harness_read_line(&door, line, sizeof(line), 2000), 0);
    ck_assert_str_eq(line, "OK ping x");

    /* The one inside heard nothing of the one at the door, and vice versa. */
    ck_assert(harness_send_text(&inside, "rahasia\n/ping done\n"));
    ck_assert_int_ge(harness_expect(&inside, "OK ping done", line, sizeof(line), 2000), 0);
    ck_assert_int_eq(harness_read_line(&door, line, sizeof(line), 300), HARNESS_TIMEOUT);

    /* The right code lets it in: OK join, and the others see it JOIN. */
    ck_assert(harness_send_text(&door, "/join kelas7\nhalo!\n"));
    ck_assert_int_ge(harness_expect(&door, "OK join ", line, sizeof(line), 2000), 0);
    ck_assert_int_ge(harness_expect(&inside, "JOIN ", line, sizeof(line), 2000), 0);
    ck_assert_int_ge(harness_expect(&inside, "MSG ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "halo!"));
    harness_close(&inside);
    harness_close(&door);
    harness_server_stop(&server);
}
END_TEST

/* Wrong codes get a clear error; the third one disconnects. The log has the first
 * wrong code of the computer, then a summary when it must wait (not every guess). */
START_TEST(test_wrong_room_codes_disconnect)
{
    struct harness_server server;
    struct harness_conn guesser;
    char line[LINE];

    setenv("OBROL_ROOM_CODE", "rahasia", 1); /* the environment variable works too */
    ck_assert(harness_server_start(&server, 0, NULL));
    unsetenv("OBROL_ROOM_CODE");
    ck_assert(harness_connect(&guesser, server.port));
    ck_assert(harness_send_text(&guesser, "/join satu\n/join dua\n/join tiga\n"));
    ck_assert_int_ge(harness_expect(&guesser, "ERR join ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "1 of 3"));
    ck_assert_int_ge(harness_expect(&guesser, "ERR join ", line, sizeof(line), 2000), 0);
    ck_assert_int_ge(harness_expect(&guesser, "ERR join ", line, sizeof(line), 2000), 0);
    ck_assert_int_ge(harness_expect(&guesser, "BYE ", line, sizeof(line), 2000), 0);
    ck_assert(harness_expect_eof(&guesser, 3000));
    ck_assert(harness_server_log_wait(&server, "3 wrong room codes from 127.0.0.1 so far", 1000));
    ck_assert_int_eq(harness_server_log_count(&server, "wrong room code from"), 1);
    harness_close(&guesser);
    harness_server_stop(&server);
}
END_TEST

/* ---- One computer cannot take every seat ------------------------------------------- */

/* With --limit-loopback the per-computer limit applies to 127.0.0.1 too. */
START_TEST(test_max_per_host)
{
    struct harness_server server;
    struct harness_conn conns[3];
    char line[LINE];

    ck_assert(
        harness_server_start(&server, 0, HARNESS_ARGS("--max-per-host", "2", "--limit-loopback")));
    ck_assert(harness_join(&conns[0], server.port, "satu"));
    ck_assert(harness_join(&conns[1], server.port, "dua"));
    ck_assert(harness_connect(&conns[2], server.port));
    ck_assert_int_ge(harness_expect(&conns[2], "BYE ", line, sizeof(line), 2000), 0);
    ck_assert_msg(strstr(line, "Too many connections from 127.0.0.1") != NULL, "got %s", line);
    ck_assert(harness_expect_eof(&conns[2], 2000));
    /* When one leaves, a seat is free again. */
    harness_close(&conns[1]);
    ck_assert_int_ge(harness_expect(&conns[0], "LEAVE dua", line, sizeof(line), 2000), 0);
    ck_assert(harness_join(&conns[1], server.port, "tiga"));
    for (int i = 0; i < 3; i++)
        harness_close(&conns[i]);
    harness_server_stop(&server);
}
END_TEST

/* By default loopback is exempt: the teacher's demo and benchmarks use it. */
START_TEST(test_loopback_exempt_by_default)
{
    struct harness_server server;
    struct harness_conn conns[12];
    char nick[24];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--max-per-host", "2")));
    for (int i = 0; i < 12; i++) {
        snprintf(nick, sizeof(nick), "murid%d", i);
        ck_assert_msg(harness_join(&conns[i], server.port, nick), "connection %d refused", i);
    }
    for (int i = 0; i < 12; i++)
        harness_close(&conns[i]);
    harness_server_stop(&server);
}
END_TEST

/* ---- The teacher's console ---------------------------------------------------------- */

START_TEST(test_operator_commands)
{
    struct harness_server server;
    struct harness_conn budi, siti;
    char line[LINE];

    ck_assert(harness_server_start_keys(&server, 0, NULL));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_join(&siti, server.port, "siti"));

    ck_assert(harness_server_keys(&server, "/who\n"));
    ck_assert(harness_server_log_wait(&server, "2 clients connected:", 2000));
    ck_assert(harness_server_log_wait(&server, "siti", 1000));

    /* /say: a NOTICE to everyone. */
    ck_assert(harness_server_keys(&server, "/say Waktu habis, kumpulkan tugas\n"));
    ck_assert_int_ge(harness_expect(&budi, "NOTICE ", line, sizeof(line), 2000), 0);
    ck_assert_str_eq(line, "NOTICE Waktu habis, kumpulkan tugas");
    ck_assert_int_ge(harness_expect(&siti, "NOTICE Waktu habis", line, sizeof(line), 2000), 0);

    /* /mute: siti is told; her messages are refused and reach nobody. */
    ck_assert(harness_server_keys(&server, "/mute siti\n"));
    ck_assert_int_ge(harness_expect(&siti, "NOTICE ", line, sizeof(line), 2000), 0);
    ck_assert(harness_send_text(&siti, "spam\n"));
    ck_assert_int_ge(harness_expect(&siti, "ERR say ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "muted"));
    ck_assert(harness_send_text(&budi, "/ping sync\n"));
    for (int i = 0; i < 20; i++) { /* everything budi got up to his ping: no MSG from siti */
        ck_assert_int_ge(harness_read_line(&budi, line, sizeof(line), 2000), 0);
        ck_assert_msg(strncmp(line, "MSG siti", 8) != 0, "muted message relayed: %s", line);
        if (strcmp(line, "OK ping sync") == 0)
            break;
    }
    ck_assert_str_eq(line, "OK ping sync");

    /* /unmute: she can talk again. */
    ck_assert(harness_server_keys(&server, "/unmute siti\n"));
    ck_assert_int_ge(harness_expect(&siti, "NOTICE ", line, sizeof(line), 2000), 0);
    ck_assert(harness_send_text(&siti, "maaf\n"));
    ck_assert_int_ge(harness_expect(&budi, "MSG siti maaf", line, sizeof(line), 2000), 0);

    /* /kick: siti gets BYE with the reason and EOF; budi sees her LEAVE. */
    ck_assert(harness_server_keys(&server, "/kick siti ribut terus\n"));
    ck_assert_int_ge(harness_expect(&siti, "BYE ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "ribut terus"));
    ck_assert(harness_expect_eof(&siti, 3000));
    harness_close(&siti); /* as a real client does at EOF: the server need not wait for it */
    ck_assert_int_ge(harness_expect(&budi, "LEAVE siti ", line, sizeof(line), 3000), 0);
    ck_assert_ptr_nonnull(strstr(line, "ribut terus"));

    /* Unknown names and commands are answered, not ignored. */
    ck_assert(harness_server_keys(&server, "/kick nobody\n/frobnicate\n/help\n"));
    ck_assert(harness_server_log_wait(&server, "No one here is called \"nobody\"", 2000));
    ck_assert(harness_server_log_wait(&server, "Unknown key or command \"/frobnicate\"", 2000));
    ck_assert(harness_server_log_wait(&server, "Operator commands:", 2000));
    harness_close(&budi);
    harness_close(&siti);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Dead peers ----------------------------------------------------------------- */

/* A silent client is PINGed; one that answers stays, one that does not is dropped. */
START_TEST(test_silent_clients_are_pinged_then_dropped)
{
    struct harness_server server;
    struct harness_conn alive, dead;
    char line[LINE];

    ck_assert(
        harness_server_start(&server, 0, HARNESS_ARGS("--ping-after", "1", "--ping-timeout", "1")));
    ck_assert(harness_join(&alive, server.port, "hidup"));
    ck_assert(harness_join(&dead, server.port, "diam"));
    ck_assert_int_ge(harness_expect(&alive, "PING ", line, sizeof(line), 3000), 0);
    char token[32];
    ck_assert_int_eq(sscanf(line, "PING %31s", token), 1);
    char pong[64];
    snprintf(pong, sizeof(pong), "/pong %s\n", token);
    ck_assert(harness_send_text(&alive, pong));
    ck_assert_int_ge(harness_expect(&alive, "OK pong", line, sizeof(line), 2000), 0);
    /* "diam" got its PING too, never answers, and is dropped about a second later. */
    ck_assert_int_ge(harness_expect(&alive, "LEAVE diam ", line, sizeof(line), 4000), 0);
    ck_assert_ptr_nonnull(strstr(line, "no answer to PING"));
    ck_assert(harness_expect_eof(&dead, 2000));
    harness_close(&alive);
    harness_close(&dead);
    harness_server_stop(&server);
}
END_TEST

static Suite *classroom_suite(void)
{
    Suite *suite = suite_create("classroom");
    TCase *cases = tcase_create("classroom");

    tcase_add_checked_fixture(cases, NULL, harness_teardown);
    tcase_set_timeout(cases, 30);
    tcase_add_test(cases, test_room_code_locks_the_door);
    tcase_add_test(cases, test_wrong_room_codes_disconnect);
    tcase_add_test(cases, test_max_per_host);
    tcase_add_test(cases, test_loopback_exempt_by_default);
    tcase_add_test(cases, test_operator_commands);
    tcase_add_test(cases, test_silent_clients_are_pinged_then_dropped);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(classroom_suite)
