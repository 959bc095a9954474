/*
 * test_terminal.c - the server's own output queues (src/server/terminal.c).
 *
 * A pipe plays the terminal: its write end is non-blocking, like the one the
 * server makes for itself, and the test decides when it is read (a terminal
 * paused with Ctrl-S is a pipe nobody reads). Lines are queued whole, dropped
 * whole when the queue is full, counted, and reported once the terminal has
 * caught up; step mode drops nothing; a reader that left ends the stream.
 * The last tests put a pipe or a file on fd 1 and check terminal_open(): the
 * server gets a description of its own, and the shell's stays blocking.
 * Check runs each test in its own process, so fds 1 and 2 are the test's own.
 */
#include "check-main.h"
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- Helpers ------------------------------------------------------------------ */

/* A pipe whose write end is non-blocking (ends[1]); ends[0] is read by the test. */
static void open_pipe(int ends[2])
{
    ck_assert_int_eq(pipe(ends), 0);
    ck_assert_int_eq(fcntl(ends[1], F_SETFL, O_NONBLOCK), 0);
    ck_assert_int_eq(fcntl(ends[0], F_SETFL, O_NONBLOCK), 0);
}

/* Everything the pipe holds now, NUL-terminated in `out`. */
static const char *drain(int fd, char *out, size_t room)
{
    size_t used = 0;
    ssize_t count;

    while (used + 1 < room && (count = read(fd, out + used, room - 1 - used)) > 0)
        used += (size_t)count;
    out[used] = '\0';
    return out;
}

/* Fill the pipe until it takes no more: a paused terminal. */
static void fill(int fd)
{
    char block[4096];

    size_t filled = 0;
    memset(block, '.', sizeof(block));
    while (write(fd, block, sizeof(block)) > 0)
        filled += sizeof(block);
    while (write(fd, block, 1) > 0) /* a pipe refuses a small write whole: fill the last bytes */
        filled++;
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_uint_gt(filled, 0);
}

static void print_text(struct terminal_stream *stream, const char *text)
{
    terminal_stream_print(stream, text, strlen(text));
}

/* ---- One stream ------------------------------------------------------------------ */

/* Lines wait in the queue until a write(); then they arrive whole and in order. */
START_TEST(test_lines_wait_for_the_write)
{
    struct terminal_stream stream;
    int ends[2];
    char got[256];

    open_pipe(ends);
    terminal_stream_init(&stream, ends[1], 1000);
    print_text(&stream, "satu\n");
    print_text(&stream, "dua\n");
    ck_assert_str_eq(drain(ends[0], got, sizeof(got)), ""); /* nothing written yet */
    terminal_stream_write(&stream);
    ck_assert_str_eq(drain(ends[0], got, sizeof(got)), "satu\ndua\n");
    ck_assert(!stream.blocked);
    ck_assert_uint_eq(outq_pending(&stream.queue), 0);
    terminal_stream_free(&stream);
}
END_TEST

/* A paused terminal: write() takes nothing and returns at once; the lines stay. */
START_TEST(test_paused_terminal_never_blocks)
{
    struct terminal_stream stream;
    int ends[2];
    char got[70000];

    open_pipe(ends);
    fill(ends[1]);
    terminal_stream_init(&stream, ends[1], 1000);
    print_text(&stream, "tunggu\n");
    terminal_stream_write(&stream);
    ck_assert(stream.blocked); /* select() must say when: fd 1 joins the write set */
    ck_assert_uint_eq(outq_pending(&stream.queue), 7);

    drain(ends[0], got, sizeof(got)); /* the teacher pressed Ctrl-Q */
    terminal_stream_write(&stream);
    ck_assert(!stream.blocked);
    ck_assert_str_eq(drain(ends[0], got, sizeof(got)), "tunggu\n");
    terminal_stream_free(&stream);
}
END_TEST

/*
 * A full queue drops whole lines and counts them; it keeps dropping until the
 * terminal has taken half of the queue (one stretch of narration, one notice,
 * the next stretch), and then says how many, once.
 */
START_TEST(test_full_queue_drops_and_counts)
{
    struct terminal_stream stream;
    int ends[2];
    char got[256];

    open_pipe(ends);
    terminal_stream_init(&stream, ends[1], 100);
    for (int i = 0; i < 30; i++)
        print_text(&stream, "123456789\n"); /* 10 bytes: 10 fit, 20 are dropped */
    ck_assert_uint_eq(outq_pending(&stream.queue), 100);
    ck_assert_uint_eq(stream.skipped, 20);
    ck_assert_uint_eq(terminal_stream_caught_up(&stream), 0); /* the terminal took nothing */

    outq_consume(&stream.queue, 30);    /* the terminal took 30 bytes: 70 wait, more than half */
    print_text(&stream, "123456789\n"); /* it would fit, but the queue is still catching up */
    ck_assert_uint_eq(stream.skipped, 21);
    ck_assert_uint_eq(terminal_stream_caught_up(&stream), 0);

    terminal_stream_write(&stream); /* all of it: caught up */
    ck_assert_uint_eq(terminal_stream_caught_up(&stream), 21);
    ck_assert_uint_eq(terminal_stream_caught_up(&stream), 0); /* said once */
    print_text(&stream, "lagi\n");
    ck_assert_uint_eq(outq_pending(&stream.queue), 5); /* queued again */
    ck_assert_uint_eq(stream.skipped, 0);
    drain(ends[0], got, sizeof(got));
    terminal_stream_free(&stream);
}
END_TEST

/* A line is never cut: one that does not fit is dropped whole, the queue stays as it was. */
START_TEST(test_a_line_is_never_cut)
{
    struct terminal_stream stream;

    terminal_stream_init(&stream, STDOUT_FILENO, 16);
    print_text(&stream, "0123456789\n");
    print_text(&stream, "abcdefghij\n");
    size_t count;
    const char *bytes = outq_peek(&stream.queue, &count);
    ck_assert_uint_eq(count, 11);
    ck_assert(memcmp(bytes, "0123456789\n", 11) == 0);
    ck_assert_uint_eq(stream.skipped, 1);
    terminal_stream_free(&stream);
}
END_TEST

/* Step mode drops nothing: the queue passes its bound (the loop waits instead). */
START_TEST(test_lossless_drops_nothing)
{
    struct terminal_stream stream;

    terminal_stream_init(&stream, STDOUT_FILENO, 100);
    terminal_stream_set_lossless(&stream, true);
    for (int i = 0; i < 30; i++)
        print_text(&stream, "123456789\n");
    ck_assert_uint_eq(outq_pending(&stream.queue), 300);
    ck_assert_uint_eq(stream.skipped, 0);
    terminal_stream_set_lossless(&stream, false); /* running freely: the bound again */
    print_text(&stream, "123456789\n");
    ck_assert_uint_eq(stream.skipped, 1);
    terminal_stream_free(&stream);
}
END_TEST

/* A frame of the dashboard goes whole or not at all. */
START_TEST(test_frame_whole_or_not_at_all)
{
    struct terminal_stream stream;
    char frame[80];

    memset(frame, '#', sizeof(frame));
    terminal_stream_init(&stream, STDOUT_FILENO, 100);
    ck_assert(terminal_stream_queue(&stream, frame, sizeof(frame)));
    ck_assert(!terminal_stream_queue(&stream, frame, sizeof(frame)));
    ck_assert_uint_eq(outq_pending(&stream.queue), 80);
    ck_assert_uint_eq(stream.skipped, 0); /* frames are skipped by the dashboard, not counted */
    terminal_stream_free(&stream);
}
END_TEST

/* The reader left (EPIPE): the stream ends, quietly; later lines go nowhere. */
START_TEST(test_reader_gone_ends_the_stream)
{
    struct terminal_stream stream;
    int ends[2];

    signal(SIGPIPE, SIG_IGN); /* as the server does */
    open_pipe(ends);
    close(ends[0]);
    terminal_stream_init(&stream, ends[1], 100);
    print_text(&stream, "halo?\n");
    terminal_stream_write(&stream);
    ck_assert_int_eq(stream.fd, -1);
    ck_assert_uint_eq(outq_pending(&stream.queue), 0);
    print_text(&stream, "halo?\n");
    ck_assert_uint_eq(outq_pending(&stream.queue), 0);
    close(ends[1]);
}
END_TEST

/* ---- terminal_open(): the shell's description is left alone ------------------------ */

/* `fd` shares the open file description of `shell`: non-blocking on one is on the other. */
static bool is_non_blocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    ck_assert_int_ge(flags, 0);
    return (flags & O_NONBLOCK) != 0;
}

/*
 * Standard output is a pipe (`obrol-server -v | less`): the server's fd 1 is
 * non-blocking, the shell's copy of the same pipe is not, before or after.
 */
START_TEST(test_open_reopens_a_pipe)
{
    int ends[2];
    char got[256];

    ck_assert_int_eq(pipe(ends), 0);
    int shell = dup(ends[1]); /* what the shell (and less) keep */
    ck_assert_int_eq(dup2(ends[1], STDOUT_FILENO), STDOUT_FILENO);
    terminal_open(TERMINAL_QUEUE_MAX);
    ck_assert(is_non_blocking(STDOUT_FILENO));
    ck_assert(!is_non_blocking(shell));

    terminal_print("halo\n", 5, false);
    ck_assert(terminal_pending());
    fd_set write_set;
    int highest = -1;
    FD_ZERO(&write_set);
    terminal_write_before_sleep(&write_set, &highest);
    ck_assert(!FD_ISSET(STDOUT_FILENO, &write_set)); /* all written: nothing to wait for */
    ck_assert(!terminal_pending());
    fcntl(ends[0], F_SETFL, O_NONBLOCK);
    ck_assert_str_eq(drain(ends[0], got, sizeof(got)), "halo\n");

    terminal_close();
    ck_assert(!is_non_blocking(shell));
}
END_TEST

/* A regular file is not reopened (its offset stays shared with the shell: `>> log` works). */
START_TEST(test_open_leaves_a_file_alone)
{
    FILE *file = tmpfile();

    ck_assert_ptr_nonnull(file);
    int shell = fileno(file);
    ck_assert_int_eq(dup2(shell, STDOUT_FILENO), STDOUT_FILENO);
    terminal_open(TERMINAL_QUEUE_MAX);
    ck_assert(!is_non_blocking(shell));
    terminal_print("log\n", 4, false);
    terminal_close();
    ck_assert_int_eq(lseek(shell, 0, SEEK_CUR), 4); /* the same description wrote it */
}
END_TEST

/* 2>&1: errors share stdout's queue and keep their place among the lines. */
START_TEST(test_errors_in_order_with_2_to_1)
{
    int ends[2];
    char got[256];

    ck_assert_int_eq(pipe(ends), 0);
    ck_assert_int_eq(dup2(ends[1], STDOUT_FILENO), STDOUT_FILENO);
    ck_assert_int_eq(dup2(ends[1], STDERR_FILENO), STDERR_FILENO);
    terminal_open(TERMINAL_QUEUE_MAX);
    terminal_print("a\n", 2, false);
    terminal_print("b\n", 2, true);
    terminal_print("c\n", 2, false);
    terminal_close();
    fcntl(ends[0], F_SETFL, O_NONBLOCK);
    ck_assert_str_eq(drain(ends[0], got, sizeof(got)), "a\nb\nc\n");
}
END_TEST

/* A paused terminal at exit: terminal_close() gives up after its time-out, never hangs. */
START_TEST(test_close_gives_up_on_a_paused_terminal)
{
    int ends[2];

    ck_assert_int_eq(pipe(ends), 0);
    ck_assert_int_eq(dup2(ends[1], STDOUT_FILENO), STDOUT_FILENO);
    terminal_open(TERMINAL_QUEUE_MAX);
    fcntl(STDOUT_FILENO, F_SETFL, O_NONBLOCK); /* already so; fill() needs it */
    fill(STDOUT_FILENO);
    terminal_print("tidak terbaca\n", 14, false);
    terminal_close(); /* the test's time-out would catch a hang */
    ck_assert(!terminal_pending());
}
END_TEST

static Suite *terminal_suite(void)
{
    Suite *suite = suite_create("terminal");
    TCase *stream = tcase_create("stream");
    TCase *open = tcase_create("open");

    tcase_add_test(stream, test_lines_wait_for_the_write);
    tcase_add_test(stream, test_paused_terminal_never_blocks);
    tcase_add_test(stream, test_full_queue_drops_and_counts);
    tcase_add_test(stream, test_a_line_is_never_cut);
    tcase_add_test(stream, test_lossless_drops_nothing);
    tcase_add_test(stream, test_frame_whole_or_not_at_all);
    tcase_add_test(stream, test_reader_gone_ends_the_stream);
    suite_add_tcase(suite, stream);

    tcase_add_test(open, test_open_reopens_a_pipe);
    tcase_add_test(open, test_open_leaves_a_file_alone);
    tcase_add_test(open, test_errors_in_order_with_2_to_1);
    tcase_add_test(open, test_close_gives_up_on_a_paused_terminal);
    suite_add_tcase(suite, open);
    return suite;
}

CHECK_MAIN(terminal_suite)
