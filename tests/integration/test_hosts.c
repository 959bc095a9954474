/*
 * test_hosts.c - reconnecting resets nothing: what one computer may use is
 * kept per source address (src/server/hosts.c), not per connection.
 *
 * Every computer here is an address of 127.0.0.0/8 (harness_connect_from):
 * 127.0.0.1 listens, 127.0.0.2 and up misbehave. Loopback has no budgets
 * unless --limit-loopback, so the servers that test budgets run with it.
 */
#include "check-main.h"
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE 1024

/* The server's defaults (options.h, limit.h) that the budgets below are made of. */
#define RATE 5           /* --rate */
#define SEATS 8          /* --max-per-host */
#define RATE_BURST 20    /* LIMIT_RATE_BURST */
#define ANNOUNCED 3      /* LIMIT_HOST_ANNOUNCED in a minute */
#define DOOR_SEATS 2     /* LIMIT_HOST_AT_THE_DOOR */
#define ROOM_CODE_MAX 64 /* OPTIONS_ROOM_CODE_MAX */

static struct harness_server server;

/* ---- A reconnect loop ---------------------------------------------------------- */

/*
 * One connection of the loop, from 127.0.0.2: connected, or -1 after 20 ms.
 * The loop connects faster than any server accepts, so the listen backlog
 * fills now and then and the kernel drops a SYN; waiting for its resend (1 s)
 * would stall the whole measurement. Such an attempt is given up instead.
 */
static int spam_connect(unsigned port)
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    struct sockaddr_in source = {.sin_family = AF_INET};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), on = 1;
    struct pollfd wait = {fd, POLLOUT, 0};

    ck_assert_int_ge(fd, 0);
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    inet_pton(AF_INET, "127.0.0.2", &source.sin_addr);
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof(on));
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&source, sizeof(source)), 0);
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0 ||
        (errno == EINPROGRESS && poll(&wait, 1, 20) == 1 && !(wait.revents & POLLERR)))
        return fd;
    close(fd);
    return -1;
}

struct tally {
    unsigned messages, joins, leaves;
};

/* Count the listener's MSG, JOIN and LEAVE lines received so far. */
static void tally_lines(struct harness_conn *listener, struct tally *tally)
{
    char *line;
    size_t len;

    ck_assert_msg(harness_pump(listener), "the listener was disconnected");
    while (harness_take_line(listener, &line, &len)) {
        tally->messages += harness_starts_with(line, "MSG ");
        tally->joins += harness_starts_with(line, "JOIN ");
        tally->leaves += harness_starts_with(line, "LEAVE ");
    }
}

/*
 * Connect, send 20 lines, close, again and again for a second, from one
 * computer: the lines the listener receives stay within that computer's budget
 * (a burst of 20 x 8, then 5 x 8 a second), and the room hears about its
 * arrivals only ANNOUNCED times. Before, each connection had a fresh bucket:
 * about 200,000 MSG, 10,000 JOIN and 10,000 LEAVE a second.
 */
START_TEST(test_reconnect_loop_keeps_the_budget)
{
    enum { WINDOW_MS = 1000, LINES = 20 };
    struct harness_conn listener;
    struct tally tally = {0};
    char burst[LINES * 16];
    size_t len = 0;
    unsigned attempts = 0;

    for (int i = 0; i < LINES; i++)
        len += (size_t)snprintf(burst + len, sizeof(burst) - len, "spam %d\n", i);
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--limit-loopback")));
    ck_assert(harness_join(&listener, server.port, "listener"));
    ck_assert(harness_settle(&listener));

    int64_t start = harness_now_ms(), elapsed = 0;
    for (; attempts < 100000 && (elapsed = harness_now_ms() - start) < WINDOW_MS; attempts++) {
        int spammer = spam_connect(server.port);
        if (spammer >= 0) {
            send(spammer, burst, len, MSG_NOSIGNAL); /* it may have been refused already */
            close(spammer);
        }
        tally_lines(&listener, &tally);
    }
    tally_lines(&listener, &tally);

    unsigned budget = RATE_BURST * SEATS + (unsigned)(RATE * SEATS * elapsed / 1000) + 1;
    ck_assert_msg(attempts > 50, "only %u connections in %lld ms", attempts, (long long)elapsed);
    ck_assert_msg(tally.messages >= LINES, "only %u messages: the loop did not run",
                  tally.messages);
    ck_assert_msg(tally.messages <= budget, "%u messages in %lld ms from %u connections: over %u",
                  tally.messages, (long long)elapsed, attempts, budget);
    ck_assert_msg(tally.joins <= ANNOUNCED && tally.leaves <= ANNOUNCED,
                  "%u JOIN and %u LEAVE from %u connections", tally.joins, tally.leaves, attempts);
    harness_close(&listener);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- The door of a room with a code ----------------------------------------------- */

/*
 * One computer may keep DOOR_SEATS connections at the door; more are refused,
 * so that five of them no longer fill --max-clients 5 and the student with the
 * code still gets in (before: "BYE Server full").
 */
START_TEST(test_door_seats_per_computer)
{
    struct harness_conn door[5], student;
    char line[LINE];

    ck_assert(harness_server_start(
        &server, 0,
        HARNESS_ARGS("-q", "--limit-loopback", "--room-code", "kelas7", "--max-clients", "5")));
    for (int i = 0; i < 5; i++) {
        ck_assert(harness_connect_from(&door[i], server.port, "127.0.0.4"));
        ck_assert(harness_send_text(&door[i], "/ping here\n"));
        ck_assert_int_gt(harness_read_line(&door[i], line, sizeof(line), 3000), 0);
        if (i < DOOR_SEATS) {
            ck_assert_str_eq(line, "OK ping here");
            continue;
        }
        ck_assert_str_eq(line, "BYE Connections from 127.0.0.4 already wait at the door (2); "
                               "give the room code in one of them first");
        ck_assert(harness_expect_eof(&door[i], 3000));
    }
    ck_assert(harness_connect_from(&student, server.port, "127.0.0.5"));
    ck_assert(harness_send_text(&student, "/join kelas7\n"));
    ck_assert_int_gt(harness_expect(&student, "OK join", line, sizeof(line), 3000), 0);
    for (int i = 0; i < 5; i++)
        harness_close(&door[i]);
    harness_close(&student);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/*
 * A connection that has not given the code within --door-timeout is closed,
 * even if it answers and pings all the while; one inside stays.
 */
START_TEST(test_door_deadline)
{
    struct harness_conn door, inside;
    char line[LINE];
    int got = HARNESS_TIMEOUT;

    ck_assert(harness_server_start(
        &server, 0, HARNESS_ARGS("-q", "--room-code", "kelas7", "--door-timeout", "1")));
    ck_assert(harness_connect(&inside, server.port));
    ck_assert(harness_send_text(&inside, "/join kelas7\n"));
    ck_assert_int_gt(harness_expect(&inside, "OK join", line, sizeof(line), 3000), 0);
    int64_t start = harness_now_ms();
    ck_assert(harness_connect(&door, server.port));
    /* Busy at the door: a ping every 200 ms, each answered, until the door closes. */
    for (int round = 0; round < 50 && harness_now_ms() - start < 5000; round++) {
        ck_assert(harness_send_text(&door, "/ping busy\n") || door.eof);
        got = harness_expect(&door, "BYE ", line, sizeof(line), 200);
        if (got != HARNESS_TIMEOUT)
            break;
    }
    int64_t closed_after = harness_now_ms() - start;
    ck_assert_int_gt(got, 0);
    ck_assert_str_eq(line, "BYE No room code within 1 s; connect again when you have it");
    ck_assert_msg(closed_after >= 900, "closed after %lld ms", (long long)closed_after);
    ck_assert(harness_expect_eof(&door, 3000));
    ck_assert(harness_send_text(&inside, "/ping still\n"));
    ck_assert_int_gt(harness_expect(&inside, "OK ping still", line, sizeof(line), 3000), 0);
    harness_close(&door);
    harness_close(&inside);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- A room code nobody could type ------------------------------------------------ */

/*
 * Run obrol-server with these extra arguments; it must exit by itself within
 * 3 s (else it is killed: the test fails). Returns its exit status; what it
 * wrote on standard error goes into `errors`.
 */
static int run_server_briefly(const char *const *args, char *errors, size_t room)
{
    char program[4096];
    const char *bin = getenv("OBROL_BIN");
    const char *argv[16] = {program, "--bind", "127.0.0.1", "--port", "0"};
    int argc = 5, pipe_fds[2], status = -1;

    snprintf(program, sizeof(program), "%s/obrol-server", bin && *bin ? bin : "bin");
    for (size_t i = 0; args[i] != NULL && argc < 15; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    ck_assert_int_eq(pipe(pipe_fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null_fd = open("/dev/null", O_RDWR);
        dup2(null_fd, STDIN_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        dup2(pipe_fds[1], STDERR_FILENO);
        execv(program, (char *const *)argv);
        _exit(127);
    }
    close(pipe_fds[1]);
    size_t used = 0;
    struct pollfd wait_fd = {pipe_fds[0], POLLIN, 0};
    int64_t deadline = harness_now_ms() + 3000;
    while (used + 1 < room && harness_now_ms() < deadline &&
           poll(&wait_fd, 1, (int)(deadline - harness_now_ms())) == 1) {
        ssize_t count = read(pipe_fds[0], errors + used, room - 1 - used);
        if (count <= 0)
            break; /* end of file: it exited */
        used += (size_t)count;
    }
    errors[used] = '\0';
    close(pipe_fds[0]);
    pid_t done = 0;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && harness_now_ms() < deadline)
        harness_sleep_ms(1); /* its standard error closes a moment before it can be reaped */
    if (done != pid) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A code with a space or a control character, an empty one, one too long for a
 * word or for --max-line: refused at start-up with exit status 2 and why. */
START_TEST(test_untypable_room_code_refused)
{
    char too_long[ROOM_CODE_MAX + 2], errors[1024];
    const char *const codes[] = {"kelas 7", "", "kelas\t7", "kelas\0337", too_long};

    memset(too_long, 'k', ROOM_CODE_MAX + 1);
    too_long[ROOM_CODE_MAX + 1] = '\0';
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        int status =
            run_server_briefly(HARNESS_ARGS("--room-code", codes[i]), errors, sizeof(errors));
        ck_assert_msg(status == 2, "code %zu: status %d", i, status);
        ck_assert_msg(strstr(errors, "students could not type that room code after /join") != NULL,
                      "code %zu: %s", i, errors);
    }
    /* "/join 1234567890ab" does not fit in --max-line 16. */
    ck_assert_int_eq(
        run_server_briefly(HARNESS_ARGS("--max-line", "16", "--room-code", "1234567890ab"), errors,
                           sizeof(errors)),
        2);
}
END_TEST

static Suite *hosts_suite(void)
{
    Suite *suite = suite_create("hosts");
    TCase *budgets = tcase_create("budgets");
    TCase *door = tcase_create("door");

    tcase_add_checked_fixture(budgets, NULL, harness_teardown);
    tcase_set_timeout(budgets, 30);
    tcase_add_test(budgets, test_reconnect_loop_keeps_the_budget);
    suite_add_tcase(suite, budgets);
    tcase_add_checked_fixture(door, NULL, harness_teardown);
    tcase_set_timeout(door, 30);
    tcase_add_test(door, test_door_seats_per_computer);
    tcase_add_test(door, test_door_deadline);
    tcase_add_test(door, test_untypable_room_code_refused);
    suite_add_tcase(suite, door);
    return suite;
}

CHECK_MAIN(hosts_suite)
