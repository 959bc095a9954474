/*
 * test_step.c - step-through teaching mode of the real server (--step,
 * --step-delay, and the keys on its standard input, here a pipe).
 */
#include "check-main.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STEP_MAX_ENTERS 60
/* How long one step may take to be announced, or its result to arrive. */
#define STEP_WAIT_MS 3000

/*
 * Wait until the server has announced its `steps`-th step (true), or `reader`
 * has received a line starting with `prefix` (false: it is in `line`).
 */
static bool step_announced(struct harness_server *server, struct harness_conn *reader,
                           const char *prefix, int steps, char *line, size_t room)
{
    int64_t deadline = harness_now_ms() + STEP_WAIT_MS;

    while (harness_now_ms() < deadline) {
        if (harness_server_log_count(server, "] Next: ") >= steps)
            return true;
        if (harness_expect(reader, prefix, line, room, 5) >= 0)
            return false;
    }
    ck_abort_msg("step %d was never announced and no \"%s\" arrived", steps, prefix);
    return false;
}

/*
 * Press Enter, once for each step the server announces, until `reader`
 * receives a line starting with `prefix`; returns how many Enters it took.
 * Enter is pressed only for a step that is already announced, so the test
 * waits for the server, never for a fixed time. (Every Enter in these tests is
 * pressed here: the n-th Enter approves the n-th announced step.)
 */
static int step_until(struct harness_server *server, struct harness_conn *reader,
                      const char *prefix)
{
    char line[512];

    for (int enters = 0; enters < STEP_MAX_ENTERS; enters++) {
        if (!step_announced(server, reader, prefix, enters + 1, line, sizeof(line)))
            return enters;
        ck_assert(harness_server_keys(server, "\n"));
    }
    return -1;
}

/*
 * Nothing is relayed until the operator presses Enter often enough; each step
 * is announced first and names its system call; "c" runs freely; "q" shuts down.
 */
START_TEST(test_step_mode_through_a_pipe)
{
    struct harness_server server;
    struct harness_conn reader, writer;
    char line[512];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("--step")));
    ck_assert(harness_connect(&reader, server.port));
    ck_assert(harness_connect(&writer, server.port));
    ck_assert(harness_send_text(&writer, "Halo kelas!\n"));

    /* Without Enter the server does not even accept(): the kernel holds them. */
    ck_assert_int_eq(harness_read_line(&reader, line, sizeof(line), 600), HARNESS_TIMEOUT);
    ck_assert(harness_server_log_wait(&server, "[step 1] Next: select() returned", 2000));
    ck_assert_int_eq(harness_server_log_count(&server, "accept(fd"), 0); /* not called yet */

    int enters = step_until(&server, &reader, "MSG ");
    ck_assert_msg(enters >= 5, "relayed after only %d steps", enters);

    /* The send() is narrated right after it returns: the reader may be faster. */
    ck_assert(harness_server_log_wait(&server, "send(fd", 2000));
    char *log = harness_server_log(&server);
    ck_assert_ptr_nonnull(strstr(log, "Next: accept() on listening fd"));
    ck_assert_ptr_nonnull(strstr(log, "Next: recv() from"));
    ck_assert_ptr_nonnull(strstr(log, "Next: Relay the line \"Halo kelas!\""));
    ck_assert_ptr_nonnull(strstr(log, "Next: send() to"));
    ck_assert_ptr_nonnull(strstr(log, "recv(fd"));
    ck_assert_ptr_nonnull(strstr(log, "send(fd"));
    free(log);

    /* "c": from now on lines flow without any key. */
    ck_assert(harness_server_keys(&server, "c\n"));
    ck_assert(harness_server_log_wait(&server, "Running freely", 2000));
    ck_assert(harness_send_text(&writer, "kedua\n"));
    ck_assert_int_ge(harness_expect(&reader, "MSG ", line, sizeof(line), 2000), 0);
    ck_assert_ptr_nonnull(strstr(line, "kedua"));

    /* "q": a clean shutdown, as on SIGTERM. */
    ck_assert(harness_server_keys(&server, "q\n"));
    ck_assert_int_ge(harness_expect(&reader, "BYE ", line, sizeof(line), 3000), 0);
    harness_close(&reader); /* told BYE, a client closes; the server then ends at once */
    harness_close(&writer);
    ck_assert_int_eq(harness_server_wait(&server, 4000), 0);
}
END_TEST

/* --step-delay: slow motion advances by itself, with no key at all. */
START_TEST(test_step_delay_advances_alone)
{
    struct harness_server server;
    struct harness_conn reader, writer;
    char line[512];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("--step-delay", "40")));
    ck_assert(harness_connect(&reader, server.port));
    ck_assert(harness_connect(&writer, server.port));
    ck_assert(harness_send_text(&writer, "pelan-pelan\n"));
    ck_assert_int_ge(harness_expect(&reader, "MSG ", line, sizeof(line), 8000), 0);
    ck_assert_ptr_nonnull(strstr(line, "pelan-pelan"));
    ck_assert_int_ge(harness_server_log_count(&server, "] Next: "), 5);
    harness_close(&reader); /* as real clients do: else the server waits for them to close */
    harness_close(&writer);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* "s" pauses a server that was running freely; Enter steps; "c" resumes. */
START_TEST(test_s_pauses_a_running_server)
{
    struct harness_server server;
    struct harness_conn reader, writer;
    char line[512];

    ck_assert(harness_server_start_keys(&server, 0, NULL));
    ck_assert(harness_join(&reader, server.port, "budi"));
    ck_assert(harness_join(&writer, server.port, "siti"));
    ck_assert(harness_server_keys(&server, "s\n"));
    ck_assert(harness_server_log_wait(&server, "Stepping:", 2000));
    ck_assert(harness_send_text(&writer, "tunggu\n"));
    ck_assert_int_eq(harness_expect(&reader, "MSG ", line, sizeof(line), 500), HARNESS_TIMEOUT);
    ck_assert_int_ge(step_until(&server, &reader, "MSG siti tunggu"), 1);
    ck_assert(harness_server_keys(&server, "c\n"));
    ck_assert(harness_send_text(&writer, "lanjut\n"));
    ck_assert_int_ge(harness_expect(&reader, "MSG siti lanjut", line, sizeof(line), 2000), 0);
    harness_close(&reader); /* as real clients do: else the server waits for them to close */
    harness_close(&writer);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* When standard input closes nobody can press Enter: the server runs freely. */
START_TEST(test_closed_stdin_runs_freely)
{
    struct harness_server server;
    struct harness_conn reader, writer;
    char line[512];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("--step")));
    ck_assert(harness_connect(&reader, server.port));
    ck_assert(harness_connect(&writer, server.port));
    close(server.keys_fd);
    server.keys_fd = -1;
    ck_assert(harness_send_text(&writer, "sendiri\n"));
    ck_assert_int_ge(harness_expect(&reader, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert(harness_server_log_wait(&server, "Standard input closed", 1000));
    harness_close(&reader); /* as real clients do: else the server waits for them to close */
    harness_close(&writer);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *step_suite(void)
{
    Suite *suite = suite_create("step");
    TCase *cases = tcase_create("step");

    tcase_add_checked_fixture(cases, NULL, harness_teardown);
    tcase_set_timeout(cases, 40);
    tcase_add_test(cases, test_step_mode_through_a_pipe);
    tcase_add_test(cases, test_step_delay_advances_alone);
    tcase_add_test(cases, test_s_pauses_a_running_server);
    tcase_add_test(cases, test_closed_stdin_runs_freely);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(step_suite)
