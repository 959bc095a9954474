/*
 * test_lifecycle.c - how the server stops, and what it tells the person watching it.
 */
#include "check-main.h"
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct harness_server server;

/* ---- Stopping ------------------------------------------------------------------------ */

/* SIGTERM: every client gets "BYE ..." and end-of-file, the server exits with
 * status 0 within ~3 s, and a new server can bind the same port at once
 * (SO_REUSEADDR: the old connections' TIME_WAIT does not block it). */
START_TEST(test_sigterm_says_goodbye_and_frees_the_port)
{
    struct harness_conn alice, bob, again;
    struct harness_server second;
    char line[256];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    unsigned port = server.port;
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_settle(&alice));

    int64_t signalled = harness_now_ms();
    harness_server_signal(&server, SIGTERM);
    struct harness_conn *both[] = {&alice, &bob};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_gt(harness_read_line(both[i], line, sizeof(line), 3000), 0);
        ck_assert_str_eq(line, "BYE The server is shutting down. Goodbye!");
        ck_assert(harness_expect_eof(both[i], 3000));
        harness_close(both[i]);
    }
    ck_assert_int_eq(harness_server_wait(&server, 3000), 0);
    ck_assert_int_lt(harness_now_ms() - signalled, 3000);

    ck_assert(harness_server_start(&second, port, HARNESS_ARGS("-q")));
    ck_assert_uint_eq(second.port, port);
    ck_assert(harness_connect(&again, port));
    ck_assert(harness_send_text(&again, "/ping back\n"));
    ck_assert_int_gt(harness_read_line(&again, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping back");
    harness_close(&again);
    ck_assert_int_eq(harness_server_stop(&second), 0);
}
END_TEST

/* A client that never closes its side does not hold the server up: it waits for
 * the goodbye to be flushed at most 2 s, then exits with status 0 all the same. */
START_TEST(test_sigterm_does_not_wait_forever)
{
    struct harness_conn stubborn;
    char line[256];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&stubborn, server.port, "stubborn"));
    int64_t signalled = harness_now_ms();
    harness_server_signal(&server, SIGTERM);
    ck_assert_int_gt(harness_read_line(&stubborn, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "BYE "));
    /* stubborn neither reads on nor closes. */
    ck_assert_int_eq(harness_server_wait(&server, 4000), 0);
    ck_assert_int_lt(harness_now_ms() - signalled, 3500);
    harness_close(&stubborn);
}
END_TEST

/* SIGHUP (the teacher closed the terminal window) ends the class the way SIGTERM
 * does: BYE to everyone, end-of-file, exit status 0 - not death on the spot. */
START_TEST(test_sighup_says_goodbye)
{
    struct harness_conn alice;
    char line[256];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    harness_server_signal(&server, SIGHUP);
    ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "BYE The server is shutting down. Goodbye!");
    ck_assert(harness_expect_eof(&alice, 3000));
    harness_close(&alice);
    ck_assert_int_eq(harness_server_wait(&server, 3000 * (harness_valgrind() ? 4 : 1)), 0);
}
END_TEST

/* Started with SIGHUP ignored (nohup obrol-server &), the server outlives its terminal. */
START_TEST(test_nohup_keeps_sighup_ignored)
{
    struct harness_conn alice;
    char line[256];

    signal(SIGHUP, SIG_IGN); /* inherited through fork() and exec() */
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    signal(SIGHUP, SIG_DFL);
    ck_assert(harness_join(&alice, server.port, "alice"));
    harness_server_signal(&server, SIGHUP);
    ck_assert(harness_send_text(&alice, "/ping still\n"));
    ck_assert_int_gt(harness_expect(&alice, "OK ping", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping still");
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* SIGUSR1 and SIGUSR2 (whose default action is to terminate) are ignored. */
START_TEST(test_sigusr_does_not_end_the_class)
{
    struct harness_conn alice;
    char line[256];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    harness_server_signal(&server, SIGUSR1);
    harness_server_signal(&server, SIGUSR2);
    ck_assert(harness_send_text(&alice, "/ping still\n"));
    ck_assert_int_gt(harness_expect(&alice, "OK ping", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping still");
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Narration ----------------------------------------------------------------------- */

/* Start a server with `level` ("-v", "-q" or NULL), let alice say one line to
 * bob, stop it, and return its whole log (free() it). */
static char *narrated_session(const char *level)
{
    struct harness_conn alice, bob;
    char line[256];

    ck_assert(harness_server_start(&server, 0, level ? HARNESS_ARGS(level) : NULL));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_send_text(&alice, "hello narration\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice hello narration");
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
    char *log = harness_server_log(&server);
    ck_assert_ptr_nonnull(log);
    return log;
}

/* -v narrates every system call of the loop, as the lesson names them. */
START_TEST(test_verbose_narrates_system_calls)
{
    char *log = narrated_session("-v");
    const char *calls[] = {"select(", "accept(", "recv(", "send(", "close("};

    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
        ck_assert_msg(strstr(log, calls[i]) != NULL, "no %s in the log:\n%s", calls[i], log);
    ck_assert_ptr_nonnull(strstr(log, "= new fd"));
    free(log);
}
END_TEST

/* The default level tells who connected and what was said, not every call. */
START_TEST(test_default_narrates_people_and_messages)
{
    char *log = narrated_session(NULL);

    ck_assert_msg(strstr(log, "Connection from 127.0.0.1:") != NULL, "log:\n%s", log);
    ck_assert_msg(strstr(log, "Line from alice: hello narration\n") != NULL, "log:\n%s", log);
    ck_assert_msg(strstr(log, "select(") == NULL, "log:\n%s", log);
    free(log);
}
END_TEST

/* -q prints the ready line and nothing else (errors would go there too). */
START_TEST(test_quiet_prints_only_the_ready_line)
{
    char *log = narrated_session("-q");
    char expected[128];

    snprintf(expected, sizeof(expected), "Server ready to accept connections on 127.0.0.1:%u\n",
             server.port);
    ck_assert_str_eq(log, expected);
    free(log);
}
END_TEST

static Suite *lifecycle_suite(void)
{
    Suite *suite = suite_create("lifecycle");
    TCase *stopping = tcase_create("stopping");
    TCase *narration = tcase_create("narration");
    TCase *all[] = {stopping, narration};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], NULL, harness_teardown);
        tcase_set_timeout(all[i], 30);
        suite_add_tcase(suite, all[i]);
    }
    tcase_add_test(stopping, test_sigterm_says_goodbye_and_frees_the_port);
    tcase_add_test(stopping, test_sigterm_does_not_wait_forever);
    tcase_add_test(stopping, test_sighup_says_goodbye);
    tcase_add_test(stopping, test_nohup_keeps_sighup_ignored);
    tcase_add_test(stopping, test_sigusr_does_not_end_the_class);
    tcase_add_test(narration, test_verbose_narrates_system_calls);
    tcase_add_test(narration, test_default_narrates_people_and_messages);
    tcase_add_test(narration, test_quiet_prints_only_the_ready_line);
    return suite;
}

CHECK_MAIN(lifecycle_suite)
