/*
 * test_startup.c - what the programs need from the system to start and serve:
 * file descriptors select() can watch, and listening sockets students can reach.
 *
 * select() watches only fds below FD_SETSIZE (1024). A program started by
 * something that left ~1,030 fds open (an IDE, a script without close_fds)
 * used to abort in FD_SET ("bit out of range"). Here this test process opens
 * /dev/null until fds 0 to 1,030 are all taken (without close-on-exec, so the
 * program inherits them), sometimes frees a few below 1024 ("holes"), and runs
 * the real program. Every wait is bounded.
 */
#include "check-main.h"
#include "fdlimit.h"
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define STARTUP_INHERITED 1030 /* fds 0 to 1,030 open when the program starts */
#define STARTUP_OUTPUT_MAX 16384
#define STARTUP_WAIT_MS 10000

/* A program started with this process's fds, its stdin and stdout+stderr on pipes. */
struct startup_program {
    int input[2], output[2]; /* made before the fds are filled, so they lie low */
    pid_t pid;
    char text[STARTUP_OUTPUT_MAX]; /* what it printed */
    size_t used;
};

/* $OBROL_BIN/name, or bin/name. */
static void startup_path(const char *name, char *out, size_t room)
{
    const char *dir = getenv("OBROL_BIN");

    snprintf(out, room, "%s/%s", dir != NULL && dir[0] ? dir : "bin", name);
}

/* Make the pipes; then startup_fill(), then startup_spawn(). */
static void startup_pipes(struct startup_program *program)
{
    memset(program, 0, sizeof(*program));
    ck_assert(pipe(program->input) == 0 && pipe(program->output) == 0);
    fcntl(program->input[1], F_SETFD, FD_CLOEXEC);
    fcntl(program->output[0], F_SETFD, FD_CLOEXEC);
}

/*
 * Open /dev/null until every fd up to STARTUP_INHERITED is taken, then free
 * `holes` of them from fd 200 on. False (with a message) if the fd limit
 * cannot be raised that far: the test is skipped.
 */
static bool startup_fill(int holes)
{
    if (fdlimit_raise(STARTUP_INHERITED + 256, NULL) != 0) {
        fprintf(stderr, "test_startup: skipped: RLIMIT_NOFILE cannot reach %d\n",
                STARTUP_INHERITED + 256);
        return false;
    }
    for (int i = 0; i <= STARTUP_INHERITED; i++) {
        int fd = open("/dev/null", O_RDONLY); /* no O_CLOEXEC: the program inherits it */
        ck_assert_int_ge(fd, 0);
        if (fd >= STARTUP_INHERITED)
            break;
    }
    for (int fd = 200; fd < 200 + holes; fd++)
        close(fd);
    return true;
}

/* Run argv[0]: stdin from the input pipe, stdout and stderr into the output pipe. */
static void startup_spawn(struct startup_program *program, char *const argv[])
{
    fflush(NULL);
    program->pid = fork();
    ck_assert_int_ge(program->pid, 0);
    if (program->pid != 0) {
        close(program->input[0]);
        close(program->output[1]);
        fcntl(program->output[0], F_SETFL, O_NONBLOCK);
        return;
    }
    if (dup2(program->input[0], STDIN_FILENO) < 0 || dup2(program->output[1], STDOUT_FILENO) < 0 ||
        dup2(program->output[1], STDERR_FILENO) < 0)
        _exit(126);
    /* The pipes' own fds stay taken (by copies of stdout): no holes but ours. */
    int pipe_fds[] = {program->input[0], program->input[1], program->output[0], program->output[1]};
    for (int i = 0; i < 4; i++)
        dup2(STDOUT_FILENO, pipe_fds[i]);
    setenv("LANG", "C", 1);
    unsetenv("LANGUAGE");
    execv(argv[0], argv);
    _exit(127);
}

/* Read what the program printed so far, waiting at most timeout_ms for more. */
static bool startup_read(struct startup_program *program, int timeout_ms)
{
    struct pollfd poller = {program->output[0], POLLIN, 0};

    if (poll(&poller, 1, timeout_ms) <= 0)
        return true;
    ssize_t got = read(program->output[0], program->text + program->used,
                       sizeof(program->text) - 1 - program->used);
    if (got <= 0)
        return false; /* end of file: the program is gone */
    program->used += (size_t)got;
    program->text[program->used] = '\0';
    return true;
}

/* Wait until the output holds `text` (true), or the program ends or time runs out. */
static bool startup_wait_for(struct startup_program *program, const char *text)
{
    int64_t deadline = harness_now_ms() + STARTUP_WAIT_MS;

    while (strstr(program->text, text) == NULL && harness_now_ms() < deadline &&
           startup_read(program, 50)) {
    }
    return strstr(program->text, text) != NULL;
}

/* Give `input` (then end of file), read until the program exits; its exit status,
 * 128 + the signal that ended it, or -1 (killed after STARTUP_WAIT_MS). */
static int startup_finish(struct startup_program *program, const char *input)
{
    int64_t deadline = harness_now_ms() + STARTUP_WAIT_MS;
    int status = 0;

    if (input != NULL && write(program->input[1], input, strlen(input)) < 0 && errno != EPIPE)
        ck_abort_msg("write(): %s", strerror(errno));
    close(program->input[1]);
    while (harness_now_ms() < deadline && startup_read(program, 50)) {
    }
    pid_t done = 0;
    while ((done = waitpid(program->pid, &status, WNOHANG)) == 0 && harness_now_ms() < deadline)
        harness_sleep_ms(10);
    if (done == 0) {
        kill(program->pid, SIGKILL);
        waitpid(program->pid, &status, 0);
        return -1;
    }
    close(program->output[0]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- The server ------------------------------------------------------------------- */

/* Every fd below FD_SETSIZE taken: the server refuses with a clear message and
 * status 1 (it used to abort in FD_SET: "bit out of range 0 - FD_SETSIZE"). */
START_TEST(test_server_refuses_without_free_fds)
{
    struct startup_program server;
    char path[4096];

    startup_path("obrol-server", path, sizeof(path));
    char *argv[] = {path, "--bind", "127.0.0.1", "--port", "0", NULL};
    startup_pipes(&server);
    if (!startup_fill(0))
        return;
    startup_spawn(&server, argv);
    ck_assert_int_eq(startup_finish(&server, NULL), 1);
    ck_assert_msg(strstr(server.text, "obrol-server: cannot start: select() can only watch file "
                                      "descriptors 0 to 1023, and only 0 of them are free") != NULL,
                  "output:\n%s", server.text);
}
END_TEST

/* Nine fds free below FD_SETSIZE: the server starts (pipe, spare fd, listener)
 * and serves the five clients that fit; the sixth gets an fd above the bound
 * and is refused with BYE, and the others are still served. */
START_TEST(test_server_serves_with_few_free_fds)
{
    static const char ready[] = "Server ready to accept connections on 127.0.0.1:";
    struct startup_program server;
    struct harness_conn clients[6];
    char path[4096], line[256];

    startup_path("obrol-server", path, sizeof(path));
    char *argv[] = {path, "--bind", "127.0.0.1", "--port", "0", "-q", NULL};
    startup_pipes(&server);
    if (!startup_fill(9))
        return;
    startup_spawn(&server, argv);
    ck_assert_msg(startup_wait_for(&server, ready), "output:\n%s", server.text);
    unsigned port = (unsigned)strtoul(strstr(server.text, ready) + strlen(ready), NULL, 10);
    for (int i = 0; i < 5; i++) {
        ck_assert(harness_connect(&clients[i], port));
        ck_assert(harness_send_text(&clients[i], "/ping in\n"));
        ck_assert_int_gt(harness_expect(&clients[i], "OK ping", line, sizeof(line), 3000), 0);
    }
    ck_assert(harness_connect(&clients[5], port));
    ck_assert_int_gt(harness_read_line(&clients[5], line, sizeof(line), 3000), 0);
    ck_assert_msg(harness_starts_with(line, "BYE Server full"), "%s", line);
    ck_assert(harness_send_text(&clients[0], "/ping still\n"));
    ck_assert_int_gt(harness_expect(&clients[0], "OK ping", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping still");
    for (int i = 0; i < 6; i++)
        harness_close(&clients[i]);
    kill(server.pid, SIGTERM);
    ck_assert_int_eq(startup_finish(&server, NULL), 0);
}
END_TEST

/* ---- The client ------------------------------------------------------------------- */

/* Every fd below FD_SETSIZE taken: the client refuses with a clear message and status 1. */
START_TEST(test_client_refuses_without_free_fds)
{
    struct startup_program client;
    char path[4096];

    startup_path("obrol-client", path, sizeof(path));
    char *argv[] = {path, "--batch", "--port", "9", NULL};
    startup_pipes(&client);
    if (!startup_fill(0))
        return;
    startup_spawn(&client, argv);
    ck_assert_int_eq(startup_finish(&client, "/ping 1\n"), 1);
    ck_assert_msg(strstr(client.text, "obrol-client: cannot start: select() can only watch file "
                                      "descriptors 0 to 1023, and only 0 of them are free") != NULL,
                  "output:\n%s", client.text);
}
END_TEST

/* Three fds free below FD_SETSIZE (the signal pipe, the socket): the client works. */
START_TEST(test_client_works_with_few_free_fds)
{
    struct harness_server server;
    struct startup_program client;
    char path[4096], port[16];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    snprintf(port, sizeof(port), "%u", server.port);
    startup_path("obrol-client", path, sizeof(path));
    char *argv[] = {path, "--batch", "--port", port, NULL};
    startup_pipes(&client);
    if (!startup_fill(3))
        return;
    startup_spawn(&client, argv);
    ck_assert_int_eq(startup_finish(&client, "/ping 1\n"), 0);
    ck_assert_msg(strstr(client.text, "\n< OK ping 1\n") != NULL, "output:\n%s", client.text);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Listening: --bind :: ---------------------------------------------------------- */

/* Connect to [::1]:port; -1 if that fails (no IPv6 here, or nobody listens). */
static int startup_connect_ipv6(unsigned port)
{
    struct sockaddr_in6 address;
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    memset(&address, 0, sizeof(address));
    address.sin6_family = AF_INET6;
    address.sin6_port = htons((uint16_t)port);
    address.sin6_addr = in6addr_loopback;
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

/* True if this machine can listen on [::1] (it has IPv6 loopback). */
static bool startup_has_ipv6(void)
{
    struct sockaddr_in6 address;
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memset(&address, 0, sizeof(address));
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    bool usable = fd >= 0 && bind(fd, (struct sockaddr *)&address, sizeof(address)) == 0;
    if (fd >= 0)
        close(fd);
    return usable;
}

/*
 * --bind :: is the classroom option: it takes IPv4 students (127.0.0.1 here)
 * and IPv6 ones (::1), and the IPv4 peer is shown as 127.0.0.1, not as
 * ::ffff:127.0.0.1. It used to set IPV6_V6ONLY and refuse every IPv4 student.
 */
START_TEST(test_bind_any_takes_ipv4_and_ipv6)
{
    struct harness_server server;
    struct harness_conn v4, v6 = {.fd = -1};
    char line[256];

    if (!startup_has_ipv6()) {
        fprintf(stderr, "test_startup: skipped: this machine has no IPv6 loopback (::1)\n");
        return;
    }
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("--bind", "::")));
    ck_assert_msg(harness_connect(&v4, server.port), "no IPv4 connection to --bind ::");
    ck_assert(harness_send_text(&v4, "/ping v4\n"));
    ck_assert_int_gt(harness_expect(&v4, "OK ping", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping v4");
    v6.fd = startup_connect_ipv6(server.port);
    ck_assert_msg(v6.fd >= 0, "no IPv6 connection to --bind ::");
    ck_assert(harness_send_text(&v6, "/ping v6\n"));
    ck_assert_int_gt(harness_expect(&v6, "OK ping", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping v6");
    ck_assert(harness_server_log_wait(&server, "Connection from 127.0.0.1:", 3000));
    ck_assert(harness_server_log_wait(&server, "Connection from [::1]:", 3000));
    ck_assert_int_eq(harness_server_log_count(&server, "ffff"), 0);
    harness_close(&v4);
    harness_close(&v6);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *startup_suite(void)
{
    Suite *suite = suite_create("startup");
    TCase *fds = tcase_create("inherited fds");

    signal(SIGPIPE, SIG_IGN);
    tcase_add_checked_fixture(fds, NULL, harness_teardown);
    tcase_set_timeout(fds, 30);
    tcase_add_test(fds, test_server_refuses_without_free_fds);
    tcase_add_test(fds, test_server_serves_with_few_free_fds);
    tcase_add_test(fds, test_client_refuses_without_free_fds);
    tcase_add_test(fds, test_client_works_with_few_free_fds);
    suite_add_tcase(suite, fds);

    TCase *listening = tcase_create("listening");
    tcase_add_checked_fixture(listening, NULL, harness_teardown);
    tcase_set_timeout(listening, 30);
    tcase_add_test(listening, test_bind_any_takes_ipv4_and_ipv6);
    suite_add_tcase(suite, listening);
    return suite;
}

CHECK_MAIN(startup_suite)
