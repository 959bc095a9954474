/*
 * test_terminal.c - the programs and their terminal: closing the window.
 *
 * When the teacher closes the terminal window the kernel hangs the terminal up:
 * the program whose terminal it was gets SIGHUP, and every later write to the
 * terminal fails (EIO). Here each program runs in a pseudo-terminal of its own
 * (posix_openpt, the program a session leader with that terminal as its
 * controlling terminal), and the test closes the master side - what closing
 * the window does. Every wait is bounded.
 *
 * The full-screen client's connection is tried here too, as a student starts
 * it: with a host name whose first address refuses.
 */
#define _GNU_SOURCE /* unshare() and CLONE_NEWNS: a private /etc/hosts for one client */
#include "check-main.h"
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define TERMINAL_OUTPUT_MAX 65536

/* One program in a pseudo-terminal. */
struct terminal_run {
    pid_t pid;
    int master; /* -1 once the window is "closed" */
    char output[TERMINAL_OUTPUT_MAX];
    size_t used;
};

static struct terminal_run terminal_server, terminal_client;

/* A file the next program started sees as /etc/hosts (NULL: the real one). */
static const char *terminal_hosts_file = NULL;
#define TERMINAL_NO_NAMESPACE 77 /* its exit status when that was not possible */

/* $OBROL_BIN/name, or bin/name. */
static void terminal_program(const char *name, char *out, size_t room)
{
    const char *dir = getenv("OBROL_BIN");

    snprintf(out, room, "%s/%s", dir != NULL && dir[0] ? dir : "bin", name);
}

/* The child: a new session whose controlling terminal is the pty's slave side. */
static void terminal_exec(const char *slave_name, char *const argv[])
{
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* ends with the test, however the test ends */
    setsid();
    int slave = open(slave_name, O_RDWR); /* a session leader's first terminal: its own */
    if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) != 0 || dup2(slave, STDIN_FILENO) < 0 ||
        dup2(slave, STDOUT_FILENO) < 0 || dup2(slave, STDERR_FILENO) < 0)
        _exit(126);
    if (slave > STDERR_FILENO)
        close(slave);
    setenv("TERM", "xterm", 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LANGUAGE");
    if (terminal_hosts_file != NULL &&
        (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
         mount(terminal_hosts_file, "/etc/hosts", NULL, MS_BIND, NULL) != 0))
        _exit(TERMINAL_NO_NAMESPACE);
    execv(argv[0], argv);
    _exit(127);
}

/* Start argv[0] (a full path) in a new 80x24 pseudo-terminal. */
static void terminal_start(struct terminal_run *run, char *const argv[])
{
    struct winsize size = {.ws_row = 24, .ws_col = 80};

    memset(run, 0, sizeof(*run));
    run->master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(run->master, 0);
    ck_assert(grantpt(run->master) == 0 && unlockpt(run->master) == 0);
    ck_assert_int_eq(ioctl(run->master, TIOCSWINSZ, &size), 0);
    const char *slave_name = ptsname(run->master);
    ck_assert_ptr_nonnull(slave_name);
    char name[256];
    snprintf(name, sizeof(name), "%s", slave_name);
    fflush(NULL);
    run->pid = fork();
    ck_assert_int_ge(run->pid, 0);
    if (run->pid == 0) {
        close(run->master);
        terminal_exec(name, argv);
    }
    fcntl(run->master, F_SETFL, O_NONBLOCK);
}

/* Read what the program wrote to its terminal (so that it never blocks on a full one). */
static void terminal_drain(struct terminal_run *run, int timeout_ms)
{
    struct pollfd poller = {run->master, POLLIN, 0};

    if (run->master < 0 || poll(&poller, 1, timeout_ms) <= 0)
        return;
    char scratch[4096];
    ssize_t got = read(run->master, scratch, sizeof(scratch));
    size_t room = sizeof(run->output) - 1 - run->used;
    if (got > 0) {
        size_t take = (size_t)got < room ? (size_t)got : room;
        memcpy(run->output + run->used, scratch, take);
        run->used += take;
        run->output[run->used] = '\0';
    }
}

/* Read the terminal until `text` appears in it (at most timeout_ms). */
static bool terminal_wait_for(struct terminal_run *run, const char *text, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;

    while (strstr(run->output, text) == NULL && harness_now_ms() < deadline)
        terminal_drain(run, 50);
    return strstr(run->output, text) != NULL;
}

/* Close the window: the master side goes, the kernel hangs the terminal up. */
static void terminal_close_window(struct terminal_run *run)
{
    close(run->master);
    run->master = -1;
}

/* Wait for the program to end: its exit status, 128 + signal, or -1 (then killed). */
static int terminal_wait_exit(struct terminal_run *run, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    int status = 0;
    pid_t done = 0;

    while ((done = waitpid(run->pid, &status, WNOHANG)) == 0 && harness_now_ms() < deadline) {
        terminal_drain(run, 0);
        harness_sleep_ms(10);
    }
    if (done == 0) {
        kill(run->pid, SIGKILL);
        waitpid(run->pid, &status, 0);
    }
    run->pid = 0;
    if (done != 0 && WIFEXITED(status))
        return WEXITSTATUS(status);
    return done != 0 && WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

static void terminal_teardown(void)
{
    struct terminal_run *runs[] = {&terminal_server, &terminal_client};

    for (size_t i = 0; i < 2; i++) {
        if (runs[i]->pid > 0) {
            kill(runs[i]->pid, SIGKILL);
            waitpid(runs[i]->pid, NULL, 0);
            runs[i]->pid = 0;
        }
        if (runs[i]->master >= 0)
            close(runs[i]->master);
        runs[i]->master = -1;
    }
    harness_teardown();
}

/* Start obrol-server -v in a terminal; returns its port. */
static unsigned terminal_start_server(void)
{
    static const char ready[] = "Server ready to accept connections on 127.0.0.1:";
    char program[4096];

    terminal_program("obrol-server", program, sizeof(program));
    char *argv[] = {program, "--bind", "127.0.0.1", "--port", "0", "-v", NULL};
    terminal_start(&terminal_server, argv);
    ck_assert_msg(terminal_wait_for(&terminal_server, ready, HARNESS_START_TIMEOUT_MS),
                  "no ready line:\n%s", terminal_server.output);
    unsigned port =
        (unsigned)strtoul(strstr(terminal_server.output, ready) + strlen(ready), NULL, 10);
    ck_assert_uint_gt(port, 0);
    return port;
}

/* ---- The server ------------------------------------------------------------------- */

/*
 * The teacher closes the server's window: every client gets BYE and
 * end-of-file, and the server exits with status 0, although each line it
 * narrates after the hang-up fails to reach the terminal (EIO).
 */
START_TEST(test_closing_the_server_window_ends_the_class)
{
    struct harness_conn alice, bob;
    char line[256];

    unsigned port = terminal_start_server();
    ck_assert(harness_join(&alice, port, "alice"));
    ck_assert(harness_join(&bob, port, "bob"));
    ck_assert(harness_send_text(&alice, "halo\n"));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert(terminal_wait_for(&terminal_server, "alice", 3000));

    terminal_close_window(&terminal_server);
    struct harness_conn *both[] = {&alice, &bob};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_gt(harness_expect(both[i], "BYE ", line, sizeof(line), 3000), 0);
        ck_assert_str_eq(line, "BYE The server is shutting down. Goodbye!");
        ck_assert(harness_expect_eof(both[i], 3000));
        harness_close(both[i]);
    }
    ck_assert_int_eq(terminal_wait_exit(&terminal_server, 4000), 0);
}
END_TEST

/* ---- The client ------------------------------------------------------------------- */

/*
 * The student closes the client's window: the full-screen client ends at once
 * (exit status 1: the terminal was lost, as obrol-client(1) says), not killed,
 * and the server sees the connection close.
 */
START_TEST(test_closing_the_client_window_ends_the_client)
{
    struct harness_server server;
    char program[4096], port_text[16];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--rate", "0")));
    snprintf(port_text, sizeof(port_text), "%u", server.port);
    terminal_program("obrol-client", program, sizeof(program));
    char *argv[] = {program, "--port", port_text, "--nick", "budi", NULL};
    terminal_start(&terminal_client, argv);
    ck_assert_msg(harness_server_log_wait(&server, "budi", 5000), "the client did not connect");
    terminal_drain(&terminal_client, 100);

    int64_t closed = harness_now_ms();
    terminal_close_window(&terminal_client);
    ck_assert_int_eq(terminal_wait_exit(&terminal_client, 3000), 1);
    ck_assert_int_lt(harness_now_ms() - closed, 3000);
    ck_assert_msg(harness_server_log_wait(&server, "budi left", 3000), "no LEAVE in:\n%s",
                  harness_server_log(&server));
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/*
 * "localhost" is ::1 first, then 127.0.0.1 (a private /etc/hosts), and the
 * server listens on 127.0.0.1 only: the full-screen client goes on to the
 * second address and connects, instead of retrying ::1 forever.
 */
START_TEST(test_full_screen_client_tries_the_next_address)
{
    struct harness_server server;
    char program[4096], port_text[16], hosts[] = "/tmp/obrol-test-hosts-XXXXXX";
    const char text[] = "::1 localhost\n127.0.0.1 localhost\n";

    int fd = mkstemp(hosts);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
    close(fd);
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--rate", "0")));
    snprintf(port_text, sizeof(port_text), "%u", server.port);
    terminal_program("obrol-client", program, sizeof(program));
    char *argv[] = {program, "--host", "localhost", "--port", port_text, "--nick", "budi", NULL};
    terminal_hosts_file = hosts;
    terminal_start(&terminal_client, argv);
    terminal_hosts_file = NULL;
    int64_t deadline = harness_now_ms() + 5000;
    bool joined = false;
    while (!joined && harness_now_ms() < deadline) {
        terminal_drain(&terminal_client, 50); /* a full terminal would stop the client */
        joined = harness_server_log_count(&server, "budi") > 0;
    }
    int status = joined ? -1 : terminal_wait_exit(&terminal_client, 100);
    unlink(hosts);
    if (status == TERMINAL_NO_NAMESPACE) {
        fprintf(stderr, "test_terminal: skipped: no private /etc/hosts here (needs root)\n");
        ck_assert_int_eq(harness_server_stop(&server), 0);
        return;
    }
    ck_assert_msg(joined, "the client never connected; its screen:\n%s", terminal_client.output);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *terminal_suite(void)
{
    Suite *suite = suite_create("terminal");
    TCase *window = tcase_create("closing the window");

    signal(SIGPIPE, SIG_IGN);
    terminal_server.master = terminal_client.master = -1;
    tcase_add_checked_fixture(window, NULL, terminal_teardown);
    tcase_set_timeout(window, 30);
    tcase_add_test(window, test_closing_the_server_window_ends_the_class);
    tcase_add_test(window, test_closing_the_client_window_ends_the_client);
    tcase_add_test(window, test_full_screen_client_tries_the_next_address);
    suite_add_tcase(suite, window);
    return suite;
}

CHECK_MAIN(terminal_suite)
