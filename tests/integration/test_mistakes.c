/*
 * test_mistakes.c - the bug museum: each mistake (obrol-server --bug NAME,
 * src/server/mistakes.c) bites as its description says, says so when it does,
 * and the same moves without --bug do no harm.
 *
 * Every test does the same thing twice: with the mistake on (it bites, and the
 * narration says so) and without (the correct server). Waits are for events:
 * a line of the server's log, a line from the server, the server's exit.
 */
#include "check-main.h"
#include "fdlimit.h"
#include "harness.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct harness_server server;

/*
 * Under valgrind the server is 10 to 50 times slower: the tests that measure
 * CPU time, or push megabytes or a thousand connections through it, skip
 * themselves (the others run, and prove the same mistakes bite).
 */
static bool skip_under_valgrind(void)
{
    if (harness_valgrind())
        fprintf(stderr, "SKIPPED under valgrind: this test measures time or pushes megabytes\n");
    return harness_valgrind();
}

/* Wait for `text` in the server's log, or fail showing the log. */
static void log_wait(const char *text)
{
    char *log = NULL;

    if (!harness_server_log_wait(&server, text, 5000))
        log = harness_server_log(&server);
    ck_assert_msg(log == NULL, "no \"%s\" in the server's log:\n%s", text, log);
}

/* $OBROL_BIN/obrol-server with one argument after it: its exit status. */
static int run_server_with(const char *argument, const char *value)
{
    char command[512];
    const char *dir = getenv("OBROL_BIN");

    snprintf(command, sizeof(command), "%s/obrol-server %s %s >/dev/null 2>&1",
             dir != NULL && dir[0] ? dir : "bin", argument, value);
    int status = system(command);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * The server's kernel buffers for one client that does not read hold about 4 MiB
 * (tcp_wmem) before anything waits in obrol's own queue for it: send `total`
 * bytes of 1000-byte lines from `conn`, as fast as the server takes them, and
 * stop early when it has taken nothing for 500 ms (it may be stuck: the point).
 */
#define MISTAKES_FLOOD_BYTES (6u << 20)
static void flood(struct harness_conn *conn, size_t total)
{
    char text[1000];
    size_t sent = 0, at = 0;

    memset(text, 'x', sizeof(text));
    text[sizeof(text) - 1] = '\n';
    while (sent < total) {
        ssize_t count = send(conn->fd, text + at, sizeof(text) - at, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (count > 0) {
            sent += (size_t)count;
            at = (at + (size_t)count) % sizeof(text);
            continue;
        }
        struct pollfd writable = {.fd = conn->fd, .events = POLLOUT};
        if (poll(&writable, 1, 500) <= 0)
            return;
    }
}

/* ---- Naming the mistakes ---------------------------------------------------------- */

START_TEST(test_bug_list_and_unknown_name)
{
    ck_assert_int_eq(run_server_with("--bug", "list"), 0);
    ck_assert_int_eq(run_server_with("--bug", "no-such-mistake"), 2);
}
END_TEST

/* ---- one-recv-one-message ------------------------------------------------------------ */

/* alice sends "Hal", then (once the server has read it) "o semua\n": what bob hears. */
static void send_in_two_pieces(const char *const *args, const char *heard)
{
    struct harness_conn alice, bob;
    char line[512];

    ck_assert(harness_server_start(&server, 0, args));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_send_text(&alice, "Hal"));
    log_wait("bytes from alice: \"Hal\"");
    ck_assert(harness_send_text(&alice, "o semua\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, heard);
    harness_close(&alice);
    harness_close(&bob);
    harness_server_signal(&server, SIGKILL);
    harness_server_wait(&server, 3000);
}

START_TEST(test_one_recv_cuts_a_line_in_two)
{
    send_in_two_pieces(HARNESS_ARGS("-v", "--bug", "one-recv-one-message"), "MSG alice Hal");
    log_wait("*** Mistake on purpose (--bug one-recv-one-message)");
    log_wait("BUG one-recv-one-message: recv() returned 3 bytes from alice, \"Hal\"; this server "
             "takes them as a whole message");
}
END_TEST

START_TEST(test_without_bug_the_line_arrives_whole)
{
    send_in_two_pieces(HARNESS_ARGS("-v"), "MSG alice Halo semua");
    ck_assert_int_eq(harness_server_log_count(&server, "BUG "), 0);
}
END_TEST

/* ---- shared-buffer ---------------------------------------------------------------- */

/* alice has sent half a line ("Hal"); bob sends "lo\n": what carol hears. */
static void two_half_lines(const char *const *args, const char *heard)
{
    struct harness_conn alice, bob, carol;
    char line[512];

    ck_assert(harness_server_start(&server, 0, args));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&carol, server.port, "carol"));
    ck_assert(harness_send_text(&alice, "Hal"));
    log_wait("bytes from alice: \"Hal\"");
    ck_assert(harness_send_text(&bob, "lo\n"));
    ck_assert_int_gt(harness_expect(&carol, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, heard);
    harness_close(&alice);
    harness_close(&bob);
    harness_close(&carol);
    harness_server_signal(&server, SIGKILL);
    harness_server_wait(&server, 3000);
}

START_TEST(test_shared_buffer_mixes_two_half_lines)
{
    two_half_lines(HARNESS_ARGS("-v", "--bug", "shared-buffer"), "MSG bob Hallo");
    log_wait("BUG shared-buffer: bob's bytes go into the one buffer this server has for everyone, "
             "after \"Hal\" that alice has not finished");
}
END_TEST

START_TEST(test_without_bug_half_lines_stay_apart)
{
    two_half_lines(HARNESS_ARGS("-v"), "MSG bob lo");
}
END_TEST

/* ---- forget-closed ---------------------------------------------------------------- */

/* The server's CPU time (user + system) in milliseconds, from /proc. */
static long server_cpu_ms(void)
{
    char path[64], text[1024];
    unsigned long user = 0, system_time = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)server.pid);
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(file);
    size_t len = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    text[len] = '\0';
    const char *after_name = strrchr(text, ')'); /* the name may hold spaces */
    ck_assert_ptr_nonnull(after_name);
    /* Fields 14 and 15 (utime, stime); after ')' come field 3 onwards. */
    ck_assert_int_eq(sscanf(after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                            &user, &system_time),
                     2);
    return (long)((user + system_time) * 1000 / (unsigned long)sysconf(_SC_CLK_TCK));
}

/* bob connects and closes; the CPU the idle server then uses in 600 ms. */
static long cpu_after_a_client_closes(const char *const *args)
{
    struct harness_conn alice, bob;

    ck_assert(harness_server_start(&server, 0, args));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    harness_close(&bob);
    ck_assert(harness_settle(&alice)); /* the server has read bob's end, and answers alice */
    long before = server_cpu_ms();
    harness_sleep_ms(600); /* a measurement over time: here the wait is the point */
    long used = server_cpu_ms() - before;
    harness_close(&alice);
    return used;
}

START_TEST(test_forget_closed_spins)
{
    if (skip_under_valgrind())
        return;
    long used = cpu_after_a_client_closes(HARNESS_ARGS("--bug", "forget-closed"));

    log_wait("BUG forget-closed: recv() returned 0 from bob: it has closed its end.");
    /* said once, however often select() returns for bob (alice, closed by now, may follow) */
    ck_assert_int_eq(harness_server_log_count(&server, "BUG forget-closed: recv() returned 0 from bob"),
                     1);
    /* A spinning loop takes a whole CPU when it can: at least a quarter of one even
     * on a busy machine (make test runs its runners side by side). */
    ck_assert_msg(used >= 150, "the server used only %ld ms of CPU in 600 ms", used);
    harness_server_signal(&server, SIGKILL);
    harness_server_wait(&server, 3000);
}
END_TEST

START_TEST(test_without_bug_an_idle_server_sleeps)
{
    if (skip_under_valgrind())
        return;
    long used = cpu_after_a_client_closes(HARNESS_ARGS("-q"));

    ck_assert_msg(used <= 60, "the idle server used %ld ms of CPU in 600 ms", used);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- no-sigpipe ------------------------------------------------------------------- */

/*
 * bob stops reading (a small receive buffer) while alice sends enough for his
 * queue to wait in the server; then bob resets his connection, and alice says
 * one more line (the server may be gone by then: not asserted).
 */
static void reset_a_client_with_data_queued(const char *const *args, struct harness_conn *alice)
{
    struct harness_conn bob;

    ck_assert(harness_server_start(&server, 0, args));
    ck_assert(harness_join(alice, server.port, "alice"));
    ck_assert(harness_connect_rcvbuf(&bob, server.port, 4096));
    flood(alice, MISTAKES_FLOOD_BYTES);
    ck_assert(harness_settle(alice)); /* every line of the flood has been relayed */
    harness_reset(&bob);
    harness_send_text(alice, "still there?\n");
}

START_TEST(test_no_sigpipe_dies_writing_to_a_reset_client)
{
    if (skip_under_valgrind())
        return;
    struct harness_conn alice;

    reset_a_client_with_data_queued(
        HARNESS_ARGS("--rate", "0", "--max-queue", "67108864", "--bug", "no-sigpipe"), &alice);
    ck_assert_int_eq(harness_server_wait(&server, 5000), 128 + SIGPIPE);
    log_wait("BUG no-sigpipe: this server wrote to guest2, whose connection is gone");
    harness_close(&alice);
}
END_TEST

START_TEST(test_without_bug_a_reset_client_is_dropped)
{
    if (skip_under_valgrind())
        return;
    struct harness_conn alice;
    char line[512];

    reset_a_client_with_data_queued(HARNESS_ARGS("-q", "--rate", "0", "--max-queue", "67108864"),
                                    &alice);
    ck_assert_int_gt(harness_expect(&alice, "LEAVE guest2", line, sizeof(line), 5000), 0);
    ck_assert(harness_settle(&alice)); /* alive, and still answering */
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- blocking-send ------------------------------------------------------------------ */

/*
 * bob stops reading while alice sends more than his buffers hold; then carol
 * comes and pings. Is she answered? (With the mistake, the server waits for
 * bob in send(): the test waits until it says so before carol comes.)
 */
static bool others_served_while_one_stops_reading(const char *const *args, bool bites)
{
    struct harness_conn alice, bob, carol;
    struct harness_lines lines = {0};

    ck_assert(harness_server_start(&server, 0, args));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_connect_rcvbuf(&bob, server.port, 4096));
    flood(&alice, MISTAKES_FLOOD_BYTES);
    if (bites)
        log_wait("BUG blocking-send: send() to ");
    ck_assert(harness_connect(&carol, server.port)); /* the kernel's backlog takes her */
    ck_assert(harness_send_text(&carol, "/ping c\n"));
    bool served = harness_collect_until(&carol, "OK ping c", &lines, 2000);
    harness_lines_free(&lines);
    harness_close(&alice);
    harness_close(&bob);
    harness_close(&carol);
    return served;
}

START_TEST(test_blocking_send_freezes_the_room)
{
    if (skip_under_valgrind())
        return;
    ck_assert(!others_served_while_one_stops_reading(
        HARNESS_ARGS("--rate", "0", "--max-queue", "67108864", "--bug", "blocking-send"), true));
    harness_server_signal(&server, SIGKILL);
    harness_server_wait(&server, 3000);
}
END_TEST

START_TEST(test_without_bug_a_slow_reader_stops_nobody)
{
    if (skip_under_valgrind())
        return;
    ck_assert(others_served_while_one_stops_reading(HARNESS_ARGS("-q", "--rate", "0"), false));
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- one-at-a-time ------------------------------------------------------------------ */

START_TEST(test_one_at_a_time_quiet_client_blocks_the_next)
{
    struct harness_conn quiet, talker;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--bug", "one-at-a-time")));
    ck_assert(harness_connect(&quiet, server.port));
    log_wait("BUG one-at-a-time: accept() gave fd");
    ck_assert(harness_connect(&talker, server.port)); /* the kernel's backlog takes it */
    ck_assert(harness_send_text(&talker, "Halo server!\n"));
    ck_assert_int_eq(harness_read_line(&talker, line, sizeof(line), 800), HARNESS_TIMEOUT);
    /* The quiet one speaks: it is answered and closed, and only then the next is served. */
    ck_assert(harness_send_text(&quiet, "hi\n"));
    ck_assert_int_gt(harness_read_line(&quiet, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "Message received by the server: hi");
    ck_assert(harness_expect_eof(&quiet, 3000));
    ck_assert_int_gt(harness_read_line(&talker, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "Message received by the server: Halo server!");
    harness_close(&quiet);
    harness_close(&talker);
    harness_server_signal(&server, SIGKILL);
    harness_server_wait(&server, 3000);
}
END_TEST

START_TEST(test_without_bug_a_quiet_client_blocks_nobody)
{
    struct harness_conn quiet, talker;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_connect(&quiet, server.port));
    ck_assert(harness_connect(&talker, server.port));
    ck_assert(harness_send_text(&talker, "Halo server!\n"));
    ck_assert_int_gt(harness_expect(&talker, "OK say", line, sizeof(line), 3000), 0);
    harness_close(&quiet);
    harness_close(&talker);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- no-fd-limit -------------------------------------------------------------------- */

#define MISTAKES_FD_CLIENTS 1040 /* past FD_SETSIZE (1024), counting the server's own fds */

/*
 * Open up to MISTAKES_FD_CLIENTS connections; how many connect() took. They
 * come from 127.0.0.2: a thousand local ports on 127.0.0.1 could take the one
 * another test (make test runs side by side) is about to listen on.
 */
static int open_many(struct harness_conn *conns)
{
    int opened = 0;

    while (opened < MISTAKES_FD_CLIENTS &&
           harness_connect_from(&conns[opened], server.port, "127.0.0.2"))
        opened++;
    return opened;
}

START_TEST(test_no_fd_limit_stops_where_memory_would_be_corrupted)
{
    if (skip_under_valgrind())
        return;
    unsigned long in_force;
    struct harness_conn *conns = calloc(MISTAKES_FD_CLIENTS, sizeof(*conns));

    ck_assert_ptr_nonnull(conns);
    if (fdlimit_raise(4096, &in_force) != 0) {
        fprintf(stderr, "SKIPPED: cannot raise RLIMIT_NOFILE to 4096 (%lu)\n", in_force);
        free(conns);
        return;
    }
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--bug", "no-fd-limit")));
    int opened = open_many(conns);
    ck_assert_int_eq(harness_server_wait(&server, 5000), 128 + SIGABRT);
    log_wait("BUG no-fd-limit: accept() returned fd 1024");
    log_wait("SIMULATED: obrol stops here on purpose");
    for (int i = 0; i < opened; i++)
        harness_close(&conns[i]);
    free(conns);
}
END_TEST

/* (Without --bug, the same crowd is refused past --max-clients: test_limits.c.) */

/* ---- /bug from the operator's console ------------------------------------------------ */

START_TEST(test_operator_switches_a_mistake_on_and_off)
{
    struct harness_conn alice, bob;
    char line[512];

    ck_assert(harness_server_start_keys(&server, 0, HARNESS_ARGS("-v")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_server_keys(&server, "/bug one-recv-one-message on\n"));
    log_wait("*** Mistake one-recv-one-message is on");
    ck_assert(harness_send_text(&alice, "Hal"));
    log_wait("BUG one-recv-one-message");
    ck_assert(harness_send_text(&alice, "lo\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice Hal");
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);

    ck_assert(harness_server_keys(&server, "/bug one-recv-one-message off\n"));
    log_wait("*** Mistake one-recv-one-message is off");
    ck_assert(harness_send_text(&alice, "Ha"));
    log_wait("bytes from alice: \"Ha\"");
    ck_assert(harness_send_text(&alice, "lo\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice Halo");

    ck_assert(harness_server_keys(&server, "/bug nothing-like-it on\n"));
    log_wait("Usage: /bug NAME on|off");
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *mistakes_suite(void)
{
    Suite *suite = suite_create("mistakes");
    TCase *names = tcase_create("names");
    TCase *bites = tcase_create("each mistake bites");
    TCase *correct = tcase_create("without --bug");
    TCase *all[] = {names, bites, correct};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], NULL, harness_teardown);
        tcase_set_timeout(all[i], 60);
        suite_add_tcase(suite, all[i]);
    }
    tcase_add_test(names, test_bug_list_and_unknown_name);
    tcase_add_test(names, test_operator_switches_a_mistake_on_and_off);
    tcase_add_test(bites, test_one_recv_cuts_a_line_in_two);
    tcase_add_test(bites, test_shared_buffer_mixes_two_half_lines);
    tcase_add_test(bites, test_forget_closed_spins);
    tcase_add_test(bites, test_no_sigpipe_dies_writing_to_a_reset_client);
    tcase_add_test(bites, test_blocking_send_freezes_the_room);
    tcase_add_test(bites, test_one_at_a_time_quiet_client_blocks_the_next);
    tcase_add_test(bites, test_no_fd_limit_stops_where_memory_would_be_corrupted);
    tcase_add_test(correct, test_without_bug_the_line_arrives_whole);
    tcase_add_test(correct, test_without_bug_half_lines_stay_apart);
    tcase_add_test(correct, test_without_bug_an_idle_server_sleeps);
    tcase_add_test(correct, test_without_bug_a_reset_client_is_dropped);
    tcase_add_test(correct, test_without_bug_a_slow_reader_stops_nobody);
    tcase_add_test(correct, test_without_bug_a_quiet_client_blocks_nobody);
    return suite;
}

CHECK_MAIN(mistakes_suite)
