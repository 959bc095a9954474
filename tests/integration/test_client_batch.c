/*
 * test_client_batch.c - obrol-client --batch against the real obrol-server and
 * against a server in the style of the lesson's Python example (it replies
 * "Pesan diterima server" without a newline and closes).
 *
 * Everything runs on 127.0.0.1 with ports the kernel picks. Every wait is
 * bounded. The programs are taken from $OBROL_BIN (default: bin).
 */
#define _GNU_SOURCE /* unshare() and CLONE_NEWNS: a private /etc/hosts for one client */
#include "check-main.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH_TEST_WAIT_MS 10000 /* longest any program may take */
#define BATCH_TEST_OUTPUT 65536

struct batch_test_run {
    char out[BATCH_TEST_OUTPUT];
    char err[BATCH_TEST_OUTPUT];
    int status; /* exit status, or -1 if it had to be killed */
};

static pid_t batch_test_server_pid = -1;
static unsigned batch_test_server_port;

static long long batch_test_now_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* $OBROL_BIN/name, or bin/name. */
static void batch_test_program(const char *name, char *out, size_t room)
{
    const char *dir = getenv("OBROL_BIN");

    snprintf(out, room, "%s/%s", dir != NULL && dir[0] ? dir : "bin", name);
}

/* Start obrol-server --port 0 and read its port from what it prints. */
/* Extra server options for the next batch_test_start_server() (NULL-terminated). */
static const char *batch_test_server_extra[4] = {NULL};

static void batch_test_start_server(void)
{
    int pipe_fds[2];
    char program[512], text[4096];
    size_t used = 0;

    batch_test_program("obrol-server", program, sizeof(program));
    ck_assert_int_eq(pipe(pipe_fds), 0);
    batch_test_server_pid = fork();
    ck_assert_int_ge(batch_test_server_pid, 0);
    if (batch_test_server_pid == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        dup2(pipe_fds[1], STDERR_FILENO);
        close(pipe_fds[0]);
        setenv("LANG", "C", 1);
        unsetenv("LANGUAGE");
        const char *argv[12] = {"obrol-server", "--port", "0", "--lang", "en", "--rate", "0"};
        for (int i = 0; i < 4 && batch_test_server_extra[i] != NULL; i++)
            argv[7 + i] = batch_test_server_extra[i];
        execv(program, (char *const *)argv);
        _exit(127);
    }
    close(pipe_fds[1]);
    long long deadline = batch_test_now_ms() + BATCH_TEST_WAIT_MS;
    while (batch_test_now_ms() < deadline && used < sizeof(text) - 1) {
        struct pollfd poller = {pipe_fds[0], POLLIN, 0};
        if (poll(&poller, 1, 100) <= 0)
            continue;
        ssize_t got = read(pipe_fds[0], text + used, sizeof(text) - 1 - used);
        if (got <= 0)
            break;
        used += (size_t)got;
        text[used] = '\0';
        const char *at = strstr(text, "127.0.0.1:");
        if (at != NULL && strchr(at, '\n') != NULL) {
            batch_test_server_port = (unsigned)strtoul(at + 10, NULL, 10);
            break;
        }
    }
    /* Keep the pipe open (not read further): the server prints little. */
    ck_assert_uint_gt(batch_test_server_port, 0);
}

static void batch_test_stop_server(void)
{
    if (batch_test_server_pid > 0) {
        kill(batch_test_server_pid, SIGKILL);
        waitpid(batch_test_server_pid, NULL, 0);
    }
    batch_test_server_pid = -1;
}

/* A file the next batch_test_client() sees as /etc/hosts (NULL: the real one). */
static const char *batch_test_hosts_file = NULL;

/* Exit status of a client that could not be given its own /etc/hosts. */
#define BATCH_TEST_NO_NAMESPACE 77

/* In the client's child: a mount namespace of its own, in which /etc/hosts is
 * batch_test_hosts_file (needs CAP_SYS_ADMIN; else exit BATCH_TEST_NO_NAMESPACE). */
static void batch_test_private_hosts(void)
{
    if (batch_test_hosts_file == NULL)
        return;
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount(batch_test_hosts_file, "/etc/hosts", NULL, MS_BIND, NULL) != 0)
        _exit(BATCH_TEST_NO_NAMESPACE);
}

/* Read from a non-blocking fd into buf; false at end of file. */
static bool batch_test_drain(int fd, char *buf, size_t room, size_t *used)
{
    char scratch[4096];
    ssize_t got = read(fd, scratch, sizeof(scratch));

    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
        return false;
    if (got > 0) {
        size_t take = (size_t)got < room - 1 - *used ? (size_t)got : room - 1 - *used;
        memcpy(buf + *used, scratch, take);
        *used += take;
        buf[*used] = '\0';
    }
    return true;
}

/*
 * Run obrol-client with `args` (NULL-terminated), give it `input` on stdin
 * after `delay_ms`, collect stdout and stderr until it exits.
 */
static void batch_test_client(const char *const *args, const char *input, int delay_ms,
                              struct batch_test_run *run)
{
    int in_fds[2], out_fds[2], err_fds[2];
    char program[512];
    const char *argv[16] = {"obrol-client"};
    size_t out_used = 0, err_used = 0, count = 1;

    memset(run, 0, sizeof(*run));
    batch_test_program("obrol-client", program, sizeof(program));
    for (; args[count - 1] != NULL && count < 15; count++)
        argv[count] = args[count - 1];
    argv[count] = NULL;
    ck_assert(pipe(in_fds) == 0 && pipe(out_fds) == 0 && pipe(err_fds) == 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(in_fds[0], STDIN_FILENO);
        dup2(out_fds[1], STDOUT_FILENO);
        dup2(err_fds[1], STDERR_FILENO);
        close(in_fds[1]);
        close(out_fds[0]);
        close(err_fds[0]);
        setenv("LANG", "C", 1);
        unsetenv("LANGUAGE");
        batch_test_private_hosts();
        execv(program, (char *const *)argv);
        _exit(127);
    }
    close(in_fds[0]);
    close(out_fds[1]);
    close(err_fds[1]);
    fcntl(out_fds[0], F_SETFL, O_NONBLOCK);
    fcntl(err_fds[0], F_SETFL, O_NONBLOCK);

    long long start = batch_test_now_ms(), deadline = start + BATCH_TEST_WAIT_MS;
    bool input_sent = false, out_open = true, err_open = true;
    while ((out_open || err_open) && batch_test_now_ms() < deadline) {
        if (!input_sent && batch_test_now_ms() >= start + delay_ms) {
            ssize_t wrote = write(in_fds[1], input, strlen(input));
            /* EPIPE: the client is gone already (it could not connect), unread input is no fault */
            ck_assert(wrote == (ssize_t)strlen(input) || (wrote < 0 && errno == EPIPE));
            close(in_fds[1]);
            input_sent = true;
        }
        struct pollfd pollers[2] = {{out_fds[0], POLLIN, 0}, {err_fds[0], POLLIN, 0}};
        poll(pollers, 2, 50);
        if (out_open && pollers[0].revents)
            out_open = batch_test_drain(out_fds[0], run->out, sizeof(run->out), &out_used);
        if (err_open && pollers[1].revents)
            err_open = batch_test_drain(err_fds[0], run->err, sizeof(run->err), &err_used);
    }
    if (!input_sent)
        close(in_fds[1]);
    close(out_fds[0]);
    close(err_fds[0]);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; i++)
        usleep(20000);
    if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        run->status = -1;
        return;
    }
    run->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- Against obrol-server -------------------------------------------------------- */

START_TEST(test_requests_get_responses)
{
    struct batch_test_run run;
    char port[16];

    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *args[] = {"--batch", "--port", port, NULL};
    batch_test_client(args, "/nick budi\nhalo semua\n/ping 42\n", 0, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "# connected to 127.0.0.1:"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK nick budi\n"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK say "));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK ping 42\n"));
    /* responses in the order of the requests */
    ck_assert(strstr(run.out, "< OK nick") < strstr(run.out, "< OK ping"));
}
END_TEST

START_TEST(test_nick_option_and_events)
{
    struct batch_test_run run;
    char port[16];

    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *with_nick[] = {"--batch", "--port", port, "--nick", "siti", NULL};
    batch_test_client(with_nick, "/who\n", 0, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK nick siti\n"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK who "));

    /* Silent for 600 ms: the server pushes WELCOME, an event, not a response. */
    const char *silent[] = {"--batch", "--port", port, NULL};
    batch_test_client(silent, "/who\n", 600, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "\n* WELCOME guest"));
    ck_assert_ptr_null(strstr(run.out, "< WELCOME"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK who "));
}
END_TEST

START_TEST(test_error_response_and_control_bytes)
{
    struct batch_test_run run;
    char port[16];

    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *args[] = {"--batch", "--port", port, NULL};
    batch_test_client(args, "/nick server\n/bogus\n", 0, &run);
    ck_assert_int_eq(run.status, 3); /* the server refused requests: not a success */
    ck_assert_ptr_nonnull(strstr(run.err, "the server refused 2 of 2 requests (ERR)"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< ERR nick "));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< ERR unknown "));
    ck_assert_ptr_null(strchr(run.out, '\x1b'));
}
END_TEST

/*
 * A name whose first address refuses: "localhost" as ::1 first, then
 * 127.0.0.1 (a private /etc/hosts), and the server on 127.0.0.1 only. The
 * client goes on to the next address instead of exiting "Connection refused".
 */
START_TEST(test_next_address_after_a_refusal)
{
    struct batch_test_run run;
    char port[16], hosts[] = "/tmp/obrol-test-hosts-XXXXXX";
    const char text[] = "::1 localhost\n127.0.0.1 localhost\n";

    int fd = mkstemp(hosts);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
    close(fd);
    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *args[] = {"--batch", "--host", "localhost", "--port", port, NULL};
    batch_test_hosts_file = hosts;
    batch_test_client(args, "/ping 1\n", 0, &run);
    batch_test_hosts_file = NULL;
    unlink(hosts);
    if (run.status == BATCH_TEST_NO_NAMESPACE) {
        fprintf(stderr, "test_client_batch: skipped: no private /etc/hosts here (needs root)\n");
        return;
    }
    ck_assert_msg(run.status == 0, "status %d, stderr: %s", run.status, run.err);
    ck_assert_ptr_nonnull(strstr(run.out, "# connected to localhost:"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK ping 1\n"));
}
END_TEST

/* ---- Failures and options --------------------------------------------------------- */

START_TEST(test_cannot_connect)
{
    struct batch_test_run run;
    struct sockaddr_in address;
    socklen_t length = sizeof(address);
    char port[16];

    /* A port that was free a moment ago, with nobody listening. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&address, sizeof(address)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&address, &length), 0);
    snprintf(port, sizeof(port), "%u", ntohs(address.sin_port));
    close(fd);

    const char *args[] = {"--batch", "--port", port, NULL};
    batch_test_client(args, "halo\n", 0, &run);
    ck_assert_int_ne(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.err, "cannot connect to 127.0.0.1:"));
}
END_TEST

START_TEST(test_help_and_bad_option)
{
    struct batch_test_run run;
    const char *help[] = {"--help", NULL};
    const char *bad[] = {"--port", "zero", NULL};

    batch_test_client(help, "", 0, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "--batch"));
    batch_test_client(bad, "", 0, &run);
    ck_assert_int_eq(run.status, 2);
    ck_assert_ptr_nonnull(strstr(run.err, "--port"));
}
END_TEST

/* ---- Against a server like the lesson's Python example ------------------------------ */

/*
 * Child: accept one client, read what it sends (for up to 5 s, until the
 * first newline), reply "Pesan diterima server" without a newline, close.
 * Exits 0 if it received "Halo server!".
 */
static void batch_test_seed_server(int listener)
{
    char received[1024];
    size_t used = 0;
    int client = accept(listener, NULL, NULL);

    if (client < 0)
        _exit(2);
    for (int i = 0; i < 50 && used < sizeof(received) - 1; i++) {
        struct pollfd poller = {client, POLLIN, 0};
        if (poll(&poller, 1, 100) <= 0)
            continue;
        ssize_t got = recv(client, received + used, sizeof(received) - 1 - used, 0);
        if (got <= 0)
            break;
        used += (size_t)got;
        received[used] = '\0';
        if (strchr(received, '\n') != NULL)
            break;
    }
    received[used] = '\0';
    const char reply[] = "Pesan diterima server";
    ssize_t sent = send(client, reply, sizeof(reply) - 1, MSG_NOSIGNAL);
    close(client);
    _exit(sent == (ssize_t)sizeof(reply) - 1 && strstr(received, "Halo server!") ? 0 : 1);
}

/* A raw server on 127.0.0.1: `serve` runs in a child with the listening socket.
 * Returns the child's pid; `port` receives the port as text. */
static pid_t batch_test_raw_server(void (*serve)(int listener), char *port, size_t room)
{
    struct sockaddr_in address;
    socklen_t length = sizeof(address);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(listener, (struct sockaddr *)&address, sizeof(address)), 0);
    ck_assert_int_eq(listen(listener, 4), 0);
    ck_assert_int_eq(getsockname(listener, (struct sockaddr *)&address, &length), 0);
    snprintf(port, room, "%u", ntohs(address.sin_port));
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0)
        serve(listener);
    close(listener);
    return child;
}

/* The raw server's exit status (it is killed after 5 s). */
static int batch_test_reap(pid_t child)
{
    int status = 0;

    for (int i = 0; i < 250 && waitpid(child, &status, WNOHANG) == 0; i++)
        usleep(20000);
    if (waitpid(child, &status, WNOHANG) == 0) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_seed_style_server)
{
    struct batch_test_run run;
    char port[16];

    pid_t child = batch_test_raw_server(batch_test_seed_server, port, sizeof(port));
    const char *args[] = {"--batch", "--port", port, NULL};
    batch_test_client(args, "Halo server!\n", 0, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "\n< Pesan diterima server\n"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n# connection closed by the server\n"));
    ck_assert_int_eq(batch_test_reap(child), 0);
}
END_TEST

/* ---- A line whose second half is late ------------------------------------------------- */

/*
 * Child: a server that ends its lines (a WELCOME first), then answers the
 * client's "/ping 1" in two segments 500 ms apart, "OK pi" and "ng 1\n" (one
 * delayed TCP segment on classroom Wi-Fi), and waits for the client to leave.
 */
static void batch_test_late_half_server(int listener)
{
    char received[256];
    int client = accept(listener, NULL, NULL);

    if (client < 0)
        _exit(2);
    const char *parts[] = {"WELCOME budi Welcome\n", "OK pi", "ng 1\n"};
    if (send(client, parts[0], strlen(parts[0]), MSG_NOSIGNAL) < 0)
        _exit(1);
    struct pollfd poller = {client, POLLIN, 0};
    if (poll(&poller, 1, 5000) != 1 || recv(client, received, sizeof(received), 0) <= 0)
        _exit(1); /* the /ping */
    if (send(client, parts[1], strlen(parts[1]), MSG_NOSIGNAL) < 0)
        _exit(1);
    usleep(500 * 1000);
    if (send(client, parts[2], strlen(parts[2]), MSG_NOSIGNAL) < 0)
        _exit(0); /* the client left before the rest came: the test says so */
    for (int i = 0; i < 50 && poll(&poller, 1, 100) >= 0; i++) {
        if (poller.revents && recv(client, received, sizeof(received), 0) <= 0)
            break; /* the client closed */
    }
    close(client);
    _exit(0);
}

/* From a server that ends its lines, half a line is never shown on its own after
 * 300 ms of silence: "OK pi" + (500 ms) + "ng 1" is one response to /ping 1. */
START_TEST(test_late_second_half_of_a_line)
{
    struct batch_test_run run;
    char port[16];

    pid_t child = batch_test_raw_server(batch_test_late_half_server, port, sizeof(port));
    const char *args[] = {"--batch", "--port", port, NULL};
    batch_test_client(args, "/ping 1\n", 0, &run);
    ck_assert_msg(strstr(run.out, "\n< OK ping 1\n") != NULL, "output:\n%s", run.out);
    ck_assert_msg(strstr(run.out, "OK pi\n") == NULL, "cut in two:\n%s", run.out);
    ck_assert_int_eq(run.status, 0);
    ck_assert_int_eq(batch_test_reap(child), 0);
}
END_TEST

/* ---- A locked room that checks who is still there ------------------------------------ */

static void batch_test_start_locked_server(void)
{
    batch_test_server_extra[0] = "--room-code";
    batch_test_server_extra[1] = "kelas7";
    batch_test_server_extra[2] = "--ping-after=1";
    batch_test_server_extra[3] = NULL;
    batch_test_start_server();
}

/* --room-code sends /join first; a PING from the server is answered with /pong. */
START_TEST(test_room_code_and_ping)
{
    struct batch_test_run run;
    char port[16];

    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *args[] = {"--batch", "--port", port,   "--room-code",
                          "kelas7",  "--nick", "budi", NULL};
    batch_test_client(args, "halo\n", 2500, &run); /* quiet for 2.5 s: the server PINGs */
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK join "));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK nick budi\n"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n* PING "));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK pong"));
    ck_assert_ptr_nonnull(strstr(run.out, "\n< OK say "));

    /* Without the code the room stays locked. */
    const char *no_code[] = {"--batch", "--port", port, NULL};
    batch_test_client(no_code, "halo\n", 0, &run);
    ck_assert_ptr_nonnull(strstr(run.out, "\n< ERR say This room is locked"));
}
END_TEST

/* A room code that blocked every line is a failure, with its own exit status (3);
 * one refused line among accepted ones too; a run with nothing refused is 0. */
START_TEST(test_refused_lines_exit_non_zero)
{
    struct batch_test_run run;
    char port[16];

    snprintf(port, sizeof(port), "%u", batch_test_server_port);
    const char *no_code[] = {"--batch", "--port", port, NULL};
    batch_test_client(no_code, "halo\nhalo lagi\n", 0, &run);
    ck_assert_int_eq(run.status, 3);
    ck_assert_ptr_nonnull(strstr(run.err, "the server refused 2 of 2 requests (ERR)"));

    const char *wrong_code[] = {"--batch", "--port", port, "--room-code", "salah", NULL};
    batch_test_client(wrong_code, "halo\n", 0, &run);
    ck_assert_int_eq(run.status, 3);
    ck_assert_ptr_nonnull(strstr(run.out, "\n< ERR join Wrong room code"));
    ck_assert_ptr_nonnull(strstr(run.err, "the server refused 2 of 2 requests"));

    const char *right_code[] = {"--batch", "--port", port, "--room-code", "kelas7", NULL};
    batch_test_client(right_code, "halo\n/nick server\n", 0, &run);
    ck_assert_int_eq(run.status, 3); /* /join and halo were accepted, the nick was not */
    ck_assert_ptr_nonnull(strstr(run.err, "the server refused 1 of 3 requests"));
    batch_test_client(right_code, "halo\n", 0, &run);
    ck_assert_int_eq(run.status, 0);
    ck_assert_str_eq(run.err, "");
}
END_TEST

static Suite *client_batch_suite(void)
{
    Suite *suite = suite_create("client_batch");
    TCase *server = tcase_create("obrol-server");
    TCase *alone = tcase_create("alone");

    signal(SIGPIPE, SIG_IGN);
    tcase_add_unchecked_fixture(server, batch_test_start_server, batch_test_stop_server);
    tcase_set_timeout(server, 30);
    tcase_add_test(server, test_requests_get_responses);
    tcase_add_test(server, test_nick_option_and_events);
    tcase_add_test(server, test_error_response_and_control_bytes);
    tcase_add_test(server, test_next_address_after_a_refusal);
    tcase_set_timeout(alone, 30);
    tcase_add_test(alone, test_cannot_connect);
    tcase_add_test(alone, test_help_and_bad_option);
    tcase_add_test(alone, test_seed_style_server);
    tcase_add_test(alone, test_late_second_half_of_a_line);
    TCase *locked = tcase_create("locked room");
    tcase_add_unchecked_fixture(locked, batch_test_start_locked_server, batch_test_stop_server);
    tcase_set_timeout(locked, 30);
    tcase_add_test(locked, test_room_code_and_ping);
    tcase_add_test(locked, test_refused_lines_exit_non_zero);
    suite_add_tcase(suite, server);
    suite_add_tcase(suite, alone);
    suite_add_tcase(suite, locked);
    return suite;
}

CHECK_MAIN(client_batch_suite)
