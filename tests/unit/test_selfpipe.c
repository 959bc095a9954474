/*
 * test_selfpipe.c - the self-pipe trick (src/common/selfpipe.c).
 *
 * select() must wake when a signal handler calls selfpipe_wake(), even for a
 * signal that came before select() was called; a flood of wakes must never
 * block the handler; and after selfpipe_drain() select() sleeps again.
 * Check runs each test in its own process, so each one opens a fresh pipe.
 */
#include "check-main.h"
#include "selfpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

/* True when select() says `fd` is readable, without waiting. */
static bool readable_now(int fd)
{
    fd_set set;
    struct timeval no_wait = {.tv_sec = 0, .tv_usec = 0};

    FD_ZERO(&set);
    FD_SET(fd, &set);
    return select(fd + 1, &set, NULL, NULL, &no_wait) == 1 && FD_ISSET(fd, &set);
}

/* Both ends are non-blocking and close-on-exec. */
START_TEST(test_open_sets_the_flags)
{
    int fd = selfpipe_open();

    ck_assert_int_ge(fd, 0);
    ck_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
    ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    ck_assert(!readable_now(fd));
}
END_TEST

/* A wake makes the read end readable; a drain empties it again. */
START_TEST(test_wake_then_drain)
{
    int fd = selfpipe_open();

    selfpipe_wake();
    selfpipe_wake();
    ck_assert(readable_now(fd));
    selfpipe_drain(fd);
    ck_assert(!readable_now(fd));
}
END_TEST

/* More wakes than the pipe holds: none blocks, and one drain empties it. */
START_TEST(test_full_pipe_never_blocks)
{
    int fd = selfpipe_open();

    for (int i = 0; i < 200000; i++) /* a pipe holds 64 KiB on Linux */
        selfpipe_wake();
    ck_assert(readable_now(fd));
    selfpipe_drain(fd);
    ck_assert(!readable_now(fd));
}
END_TEST

/* The handler's write must not change errno under the interrupted code. */
START_TEST(test_wake_keeps_errno)
{
    selfpipe_open();
    errno = ENOENT;
    selfpipe_wake();
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static void on_signal(int signal_number)
{
    (void)signal_number; /* one handler, for SIGUSR1 only */
    selfpipe_wake();
}

/* A signal raised before select() is still seen by it: the point of the trick. */
START_TEST(test_signal_before_select_wakes_it)
{
    int fd = selfpipe_open();
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_signal;
    ck_assert_int_eq(sigaction(SIGUSR1, &action, NULL), 0);
    ck_assert_int_eq(kill(getpid(), SIGUSR1), 0); /* delivered before kill() returns */
    ck_assert(readable_now(fd));
}
END_TEST

static Suite *selfpipe_suite(void)
{
    Suite *suite = suite_create("selfpipe");
    TCase *cases = tcase_create("selfpipe");

    tcase_add_test(cases, test_open_sets_the_flags);
    tcase_add_test(cases, test_wake_then_drain);
    tcase_add_test(cases, test_full_pipe_never_blocks);
    tcase_add_test(cases, test_wake_keeps_errno);
    tcase_add_test(cases, test_signal_before_select_wakes_it);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(selfpipe_suite)
