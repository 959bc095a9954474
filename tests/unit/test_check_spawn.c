/*
 * test_check_spawn.c - the server under test (src/check/spawn.c): {port},
 * how a death is told, the output tail, and a real command started and
 * stopped in its own process group.
 */
#include "check-main.h"
#include "check/spawn.h"
#include "clock.h"

#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>

START_TEST(test_substitute_port)
{
    char out[64];

    ck_assert(spawn_substitute_port("srv --port {port} --x {port}", 4242, out, sizeof(out)));
    ck_assert_str_eq(out, "srv --port 4242 --x 4242");
    ck_assert(spawn_substitute_port("no marker", 1, out, sizeof(out)));
    ck_assert_str_eq(out, "no marker");
    ck_assert(spawn_substitute_port("{port", 1, out, sizeof(out)));
    ck_assert_str_eq(out, "{port");
    ck_assert(!spawn_substitute_port("{port}{port}{port}", 65535, out, 12)); /* does not fit */
}
END_TEST

/* Signals are named and explained; the shell's 128+N is a signal too. */
START_TEST(test_describe_end)
{
    char text[256];

    spawn_describe_end(SIGPIPE, text, sizeof(text)); /* a raw status: killed by 13 */
    ck_assert_str_eq(text, "the server died of signal 13 (SIGPIPE): it wrote to a client that had left");
    spawn_describe_end(W_EXITCODE(128 + SIGSEGV, 0), text, sizeof(text));
    ck_assert_ptr_nonnull(strstr(text, "signal 11 (SIGSEGV)"));
    spawn_describe_end(W_EXITCODE(3, 0), text, sizeof(text));
    ck_assert_str_eq(text, "the server exited with status 3");
}
END_TEST

/* Wait (bounded) until the command has ended, draining its output. */
static void wait_for_end(struct spawn *spawn)
{
    int64_t deadline = clock_ms() + 5000;

    while (!spawn_poll(spawn) && clock_ms() < deadline) {
        fd_set readable;
        struct timeval pause = {.tv_sec = 0, .tv_usec = 10000};
        FD_ZERO(&readable);
        if (spawn->output_fd >= 0)
            FD_SET(spawn->output_fd, &readable);
        if (select(spawn->output_fd + 1, &readable, NULL, NULL, &pause) > 0)
            spawn_drain(spawn);
    }
    spawn_drain(spawn);
}

START_TEST(test_output_and_status)
{
    struct spawn spawn;

    ck_assert(spawn_start(&spawn, "for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2; exit 3"));
    wait_for_end(&spawn);
    ck_assert(spawn.exited);
    ck_assert(WIFEXITED(spawn.status));
    ck_assert_int_eq(WEXITSTATUS(spawn.status), 3);
    ck_assert_str_eq(spawn_tail(&spawn, 2), "line 5\noops\n");
    ck_assert_ptr_nonnull(strstr(spawn_tail(&spawn, 10), "line 1\n"));
    spawn_stop(&spawn, 100);
}
END_TEST

/* The grader ignores SIGPIPE; the server it starts must not inherit that. */
START_TEST(test_sigpipe_is_default_in_the_server)
{
    struct spawn spawn;
    char text[256];

    signal(SIGPIPE, SIG_IGN);
    ck_assert(spawn_start(&spawn, "kill -PIPE $$; exit 0"));
    wait_for_end(&spawn);
    spawn_describe_end(spawn.status, text, sizeof(text));
    ck_assert_ptr_nonnull(strstr(text, "SIGPIPE"));
    spawn_stop(&spawn, 100);
}
END_TEST

/* A server that ignores SIGTERM is killed; the whole group goes. */
START_TEST(test_stop_kills_the_group)
{
    struct spawn spawn;

    ck_assert(spawn_start(&spawn, "trap '' TERM; sleep 30 | sleep 30"));
    int64_t start = clock_ms();
    spawn_stop(&spawn, 100);
    ck_assert(clock_ms() - start < 2000);
    ck_assert_int_eq(spawn.pid, 0);
}
END_TEST

static Suite *check_spawn_suite(void)
{
    Suite *suite = suite_create("check_spawn");
    TCase *cases = tcase_create("check_spawn");

    tcase_add_test(cases, test_substitute_port);
    tcase_add_test(cases, test_describe_end);
    tcase_add_test(cases, test_output_and_status);
    tcase_add_test(cases, test_sigpipe_is_default_in_the_server);
    tcase_add_test(cases, test_stop_kills_the_group);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(check_spawn_suite)
