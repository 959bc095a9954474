/*
 * test_fdset.c - select()'s FD_SETSIZE bound (src/common/fdset.c), and the
 * places that make fds for select(): the self-pipe and the sockets of net.c.
 *
 * Filling every fd below FD_SETSIZE needs a limit above it: the tests raise
 * RLIMIT_NOFILE (fdlimit_raise) and skip with a message where they cannot.
 * Check runs each test in its own process, so the fds they fill die with it.
 */
#include "check-main.h"
#include "fdlimit.h"
#include "fdset.h"
#include "net.h"
#include "selfpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Open /dev/null until the lowest free fd is FD_SETSIZE or more. False: no limit for it. */
static bool fdset_test_fill_below_limit(void)
{
    if (fdlimit_raise(FD_SETSIZE + 64, NULL) != 0) {
        fprintf(stderr, "test_fdset: skipped: RLIMIT_NOFILE cannot reach %d\n", FD_SETSIZE + 64);
        return false;
    }
    for (int i = 0; i < FD_SETSIZE + 1; i++) {
        int fd = open("/dev/null", O_RDONLY);
        ck_assert_int_ge(fd, 0);
        if (fd >= FD_SETSIZE) {
            close(fd);
            return true;
        }
    }
    ck_abort_msg("could not fill the fds below FD_SETSIZE");
    return false;
}

START_TEST(test_selectable_bounds)
{
    ck_assert(!fdset_selectable(-1));
    ck_assert(fdset_selectable(0));
    ck_assert(fdset_selectable(FD_SETSIZE - 1));
    ck_assert(!fdset_selectable(FD_SETSIZE));
    ck_assert(!fdset_selectable(FD_SETSIZE + 6));
}
END_TEST

/* fdset_watch sets the bit and keeps the highest fd for select()'s first argument. */
START_TEST(test_watch_keeps_the_highest)
{
    fd_set set;
    int highest = -1;

    FD_ZERO(&set);
    fdset_watch(&set, 7, &highest);
    fdset_watch(&set, 3, &highest);
    ck_assert_int_eq(highest, 7);
    ck_assert(FD_ISSET(7, &set) && FD_ISSET(3, &set) && !FD_ISSET(4, &set));
    fdset_watch(&set, FD_SETSIZE - 1, &highest);
    ck_assert_int_eq(highest, FD_SETSIZE - 1);
}
END_TEST

/* An fd at FD_SETSIZE never reaches FD_SET: the assertion stops it first. */
START_TEST(test_watch_refuses_fd_setsize)
{
    fd_set set;
    int highest = -1;

    check_stderr_discard();
    FD_ZERO(&set);
    fdset_watch(&set, FD_SETSIZE, &highest); /* aborts (SIGABRT, expected) */
}
END_TEST

/* Every fd opened below FD_SETSIZE is one fewer free; closing gives it back. */
START_TEST(test_free_below_limit_counts)
{
    int before = fdset_free_below_limit();
    int fd = open("/dev/null", O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fdset_free_below_limit(), before - 1);
    close(fd);
    ck_assert_int_eq(fdset_free_below_limit(), before);
}
END_TEST

/* With every fd below FD_SETSIZE taken, nothing for select() can be made, and
 * each failure says so instead of aborting in FD_SET later. */
START_TEST(test_nothing_made_above_the_limit)
{
    struct net_error error = {.text = ""};
    int listeners[NET_MAX_LISTENERS], in_progress = 0;

    if (!fdset_test_fill_below_limit())
        return;
    ck_assert_int_eq(fdset_free_below_limit(), 0);
    ck_assert_int_eq(selfpipe_open(), -1);
    ck_assert_int_eq(errno, EMFILE);
    ck_assert_int_eq(net_listen("127.0.0.1", 0, listeners, &error), -1);
    ck_assert_msg(strstr(error.text, "below FD_SETSIZE") != NULL, "%s", error.text);
    error.text[0] = '\0';
    ck_assert_int_eq(net_connect_start("127.0.0.1", 9, &in_progress, &error), -1);
    ck_assert_msg(strstr(error.text, "below FD_SETSIZE") != NULL, "%s", error.text);
}
END_TEST

static Suite *fdset_suite(void)
{
    Suite *suite = suite_create("fdset");
    TCase *bound = tcase_create("bound");

    tcase_add_test(bound, test_selectable_bounds);
    tcase_add_test(bound, test_watch_keeps_the_highest);
    tcase_add_test_raise_signal(bound, test_watch_refuses_fd_setsize, SIGABRT);
    tcase_add_test(bound, test_free_below_limit_counts);
    tcase_add_test(bound, test_nothing_made_above_the_limit);
    suite_add_tcase(suite, bound);
    return suite;
}

CHECK_MAIN(fdset_suite)
