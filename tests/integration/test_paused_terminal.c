/*
 * test_paused_terminal.c - the server's own terminal is just another fd.
 *
 * The real obrol-server runs with its standard output on a pipe that the test
 * reads when it likes, or not at all: a terminal the teacher paused with
 * Ctrl-S, or `obrol-server -v | less` scrolled back. Narration must then be
 * queued and skipped, never waited for: the relay goes on at full speed, the
 * skipped lines are counted and the count is said once the reader catches
 * up. In step mode nothing is skipped (the loop waits instead), and the
 * pipe's blocking mode, which the shell shares, is never changed.
 */
#include "check-main.h"
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TERMINAL_CLIENTS 10
#define TERMINAL_LINES 200
/* The target of issue 11: 10 x 200 relayed in under 2 s with the terminal paused. */
#define TERMINAL_RELAY_MS 2000

static const char SKIPPED[] = "lines of narration skipped: the terminal did not keep up";

/* ---- The pipe that plays the terminal ---------------------------------------- */

struct terminal_pipe {
    int read_fd;  /* the test's end: read when the "teacher" scrolls on */
    int write_fd; /* the server's standard output; the test keeps this copy, as a shell does */
    char *text;   /* everything read so far, NUL-terminated */
    size_t len, cap;
};

static void pipe_open(struct terminal_pipe *terminal)
{
    int ends[2];

    memset(terminal, 0, sizeof(*terminal));
    ck_assert_int_eq(pipe(ends), 0);
    fcntl(ends[0], F_SETFD, FD_CLOEXEC); /* the server must not hold its own reader */
    fcntl(ends[1], F_SETFD, FD_CLOEXEC); /* it gets its copy as fd 1 */
    terminal->read_fd = ends[0];
    terminal->write_fd = ends[1];
}

/*
 * Fill the pipe, as output does that a paused terminal does not show. Through
 * a description of the test's own, so that the shared one stays blocking (a
 * server that wrote with blocking writes would then block, as it would on a
 * paused terminal).
 */
static void pipe_fill(const struct terminal_pipe *terminal)
{
    char path[64], block[4096];

    snprintf(path, sizeof(path), "/proc/self/fd/%d", terminal->write_fd);
    int own = open(path, O_WRONLY | O_NONBLOCK);
    ck_assert_int_ge(own, 0);
    size_t filled = 0;
    memset(block, '.', sizeof(block));
    while (write(own, block, sizeof(block)) > 0)
        filled += sizeof(block);
    while (write(own, block, 1) > 0) /* a pipe refuses a small write whole: fill the last bytes */
        filled++;
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_uint_gt(filled, 0);
    close(own);
}

/* Read what the pipe holds within timeout_ms (the reader scrolls on); false on EOF. */
static bool pipe_read(struct terminal_pipe *terminal, int timeout_ms)
{
    struct pollfd ready = {.fd = terminal->read_fd, .events = POLLIN};

    if (poll(&ready, 1, timeout_ms) <= 0)
        return true;
    if (terminal->cap - terminal->len < 65536) {
        terminal->cap = terminal->cap ? terminal->cap * 2 : 1 << 20;
        terminal->text = realloc(terminal->text, terminal->cap);
        ck_assert_ptr_nonnull(terminal->text);
    }
    ssize_t count =
        read(terminal->read_fd, terminal->text + terminal->len, terminal->cap - terminal->len - 1);
    if (count <= 0)
        return false;
    terminal->len += (size_t)count;
    terminal->text[terminal->len] = '\0';
    return true;
}

/* Read until `text` has appeared (true) or timeout_ms have passed. */
static bool pipe_read_until(struct terminal_pipe *terminal, const char *text, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;

    while (harness_now_ms() < deadline) {
        if (terminal->text != NULL && strstr(terminal->text, text) != NULL)
            return true;
        if (!pipe_read(terminal, 20))
            break;
    }
    return terminal->text != NULL && strstr(terminal->text, text) != NULL;
}

/* The shell's description of the pipe: still blocking? */
static bool pipe_still_blocking(const struct terminal_pipe *terminal)
{
    int flags = fcntl(terminal->write_fd, F_GETFL);

    return flags >= 0 && (flags & O_NONBLOCK) == 0;
}

static void pipe_close(struct terminal_pipe *terminal)
{
    close(terminal->read_fd);
    close(terminal->write_fd);
    free(terminal->text);
}

/* ---- The class ------------------------------------------------------------------------- */

/* Every client sends TERMINAL_LINES lines; returns when all are relayed, or at the deadline. */
static long relay_all(struct harness_conn clients[TERMINAL_CLIENTS], int timeout_ms)
{
    const long expected = TERMINAL_CLIENTS * (TERMINAL_CLIENTS - 1) * TERMINAL_LINES;
    int64_t deadline = harness_now_ms() + timeout_ms;
    char line[64];
    long delivered = 0;

    for (int c = 0; c < TERMINAL_CLIENTS; c++) {
        for (int n = 0; n < TERMINAL_LINES; n++) {
            snprintf(line, sizeof(line), "pesan %d dari b%d\n", n, c);
            ck_assert(harness_send_text(&clients[c], line));
        }
    }
    while (delivered < expected && harness_now_ms() < deadline) {
        struct pollfd ready[TERMINAL_CLIENTS];
        for (int c = 0; c < TERMINAL_CLIENTS; c++)
            ready[c] = (struct pollfd){.fd = clients[c].fd, .events = POLLIN};
        poll(ready, TERMINAL_CLIENTS, 10);
        for (int c = 0; c < TERMINAL_CLIENTS; c++) {
            char *text;
            size_t len;
            harness_pump(&clients[c]);
            while (harness_take_line(&clients[c], &text, &len))
                delivered += harness_starts_with(text, "MSG ");
        }
    }
    return delivered;
}

static void join_all(struct harness_conn clients[TERMINAL_CLIENTS], unsigned port)
{
    char nick[16];

    for (int c = 0; c < TERMINAL_CLIENTS; c++) {
        snprintf(nick, sizeof(nick), "b%d", c);
        ck_assert_msg(harness_join(&clients[c], port, nick), "%s could not join", nick);
    }
    for (int c = 0; c < TERMINAL_CLIENTS; c++)
        ck_assert(harness_settle(&clients[c])); /* every JOIN is in: only MSGs come now */
}

static void close_all(struct harness_conn clients[TERMINAL_CLIENTS])
{
    for (int c = 0; c < TERMINAL_CLIENTS; c++)
        harness_close(&clients[c]);
}

/* ---- The tests ---------------------------------------------------------------------------- */

/*
 * -v into a terminal nobody reads: the class goes on (10 clients x 200 lines,
 * none lost, in under 2 s), and when the reader scrolls on it is told how
 * many lines it missed. The shell's copy of the pipe stays blocking.
 */
START_TEST(test_paused_terminal_does_not_stop_the_class)
{
    struct harness_server server;
    struct harness_conn clients[TERMINAL_CLIENTS];
    struct terminal_pipe terminal;

    pipe_open(&terminal);
    ck_assert(harness_server_start_stdout(&server, 0, HARNESS_ARGS("-v", "--rate", "0"),
                                          terminal.write_fd, terminal.read_fd));
    pipe_fill(&terminal); /* Ctrl-S */
    join_all(clients, server.port);

    int64_t start = harness_now_ms();
    long delivered = relay_all(clients, harness_valgrind() ? 60000 : 10000);
    long elapsed = (long)(harness_now_ms() - start);
    ck_assert_int_eq(delivered, TERMINAL_CLIENTS * (TERMINAL_CLIENTS - 1) * TERMINAL_LINES);
    if (!harness_valgrind()) /* valgrind is 10-50 times slower: only the count counts */
        ck_assert_msg(elapsed < TERMINAL_RELAY_MS, "relay took %ld ms", elapsed);
    ck_assert(pipe_still_blocking(&terminal));

    /* Ctrl-Q: what waited comes, then how many lines were skipped. */
    ck_assert_msg(pipe_read_until(&terminal, SKIPPED, 5000), "no \"%s\" line", SKIPPED);
    ck_assert_ptr_nonnull(strstr(terminal.text, "Line from b")); /* a stretch was shown */

    close_all(clients);
    ck_assert_int_eq(harness_server_stop(&server), 0);
    ck_assert(pipe_still_blocking(&terminal));
    pipe_close(&terminal);
}
END_TEST

/* `obrol-server -v | head`: the reader leaves (EPIPE); the server goes on, and stops cleanly. */
START_TEST(test_reader_that_leaves)
{
    struct harness_server server;
    struct harness_conn alice, bob;
    struct terminal_pipe terminal;
    char line[256];

    pipe_open(&terminal);
    ck_assert(harness_server_start_stdout(&server, 0, HARNESS_ARGS("-v"), terminal.write_fd,
                                          terminal.read_fd));
    close(terminal.read_fd);
    terminal.read_fd = -1;
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_send_text(&alice, "masih ada yang baca?\n"));
    ck_assert_int_ge(harness_expect(&bob, "MSG alice", line, sizeof(line), 2000), 0);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
    pipe_close(&terminal);
}
END_TEST

/*
 * Step mode drops nothing: while the terminal is paused the steps wait for
 * it (nothing is relayed), and once it reads again every step is shown, in
 * order, and the line goes through. No line is skipped.
 */
START_TEST(test_step_mode_waits_for_the_terminal)
{
    struct harness_server server;
    struct harness_conn reader, writer;
    struct terminal_pipe terminal;
    char line[256], step[32];

    pipe_open(&terminal);
    ck_assert(harness_server_start_stdout(&server, 0, HARNESS_ARGS("--step-delay", "1"),
                                          terminal.write_fd, terminal.read_fd));
    pipe_fill(&terminal);
    ck_assert(harness_connect(&reader, server.port));
    ck_assert(harness_connect(&writer, server.port));
    ck_assert(harness_send_text(&writer, "langkah demi langkah\n"));
    /* Paused: the class waits for the terminal, as it waits for the teacher. */
    ck_assert_int_eq(harness_expect(&reader, "MSG ", line, sizeof(line), 500), HARNESS_TIMEOUT);

    int64_t deadline = harness_now_ms() + 10000;
    bool relayed = false;
    while (!relayed && harness_now_ms() < deadline) { /* Ctrl-Q: the terminal reads on */
        ck_assert(pipe_read(&terminal, 5));
        relayed = harness_expect(&reader, "MSG ", line, sizeof(line), 1) >= 0;
    }
    ck_assert_msg(relayed, "the line was never relayed");
    ck_assert(pipe_read_until(&terminal, "send(fd", 2000));
    ck_assert_ptr_null(strstr(terminal.text, "skipped"));
    int steps = 0; /* every step announced, none missing */
    for (;;) {
        snprintf(step, sizeof(step), "[step %d] Next: ", steps + 1);
        if (strstr(terminal.text, step) == NULL)
            break;
        steps++;
    }
    ck_assert_int_ge(steps, 5);
    snprintf(step, sizeof(step), "[step %d]", steps + 2);
    ck_assert_ptr_null(strstr(terminal.text, step));

    harness_close(&reader);
    harness_close(&writer);
    ck_assert_int_eq(harness_server_stop(&server), 0);
    pipe_close(&terminal);
}
END_TEST

static Suite *terminal_suite(void)
{
    Suite *suite = suite_create("terminal");
    TCase *paused = tcase_create("paused");

    tcase_add_checked_fixture(paused, NULL, harness_teardown);
    tcase_add_test(paused, test_paused_terminal_does_not_stop_the_class);
    tcase_add_test(paused, test_reader_that_leaves);
    tcase_add_test(paused, test_step_mode_waits_for_the_terminal);
    tcase_set_timeout(paused, harness_valgrind() ? 240 : 60);
    suite_add_tcase(suite, paused);
    return suite;
}

CHECK_MAIN(terminal_suite)
