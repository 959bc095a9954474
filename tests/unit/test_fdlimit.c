/*
 * test_fdlimit.c - raising the limit on open file descriptors (src/common/fdlimit.c).
 *
 * Each test lowers or raises this process's own soft limit and puts it back;
 * Check also runs every test in a child process of its own.
 */
#include "check-main.h"
#include "fdlimit.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>

static struct rlimit saved;

static void fdlimit_test_save(void)
{
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
}

static void fdlimit_test_restore(void)
{
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

/* Set the soft limit to `soft`, keeping the hard limit. */
static void fdlimit_test_set_soft(rlim_t soft)
{
    struct rlimit limit = saved;

    limit.rlim_cur = soft;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &limit), 0);
}

static rlim_t fdlimit_test_soft(void)
{
    struct rlimit limit;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    return limit.rlim_cur;
}

/* A limit already high enough is left alone (and never lowered). */
START_TEST(test_enough_already)
{
    unsigned long in_force = 0;

    fdlimit_test_set_soft(256);
    ck_assert_int_eq(fdlimit_raise(100, &in_force), 0);
    ck_assert_uint_eq(in_force, 256);
    ck_assert_int_eq(fdlimit_raise(256, &in_force), 0);
    ck_assert_uint_eq(in_force, 256);
    ck_assert_uint_eq(fdlimit_test_soft(), 256);
    ck_assert_int_eq(fdlimit_raise(0, NULL), 0);
}
END_TEST

/* A lower soft limit is raised to what is wanted, not further. */
START_TEST(test_raised_to_want)
{
    unsigned long in_force = 0;

    if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < 128) {
        fprintf(stderr, "skipped: the hard limit is below 128\n");
        return;
    }
    fdlimit_test_set_soft(64);
    ck_assert_int_eq(fdlimit_raise(128, &in_force), 0);
    ck_assert_uint_eq(in_force, 128);
    ck_assert_uint_eq(fdlimit_test_soft(), 128);
}
END_TEST

/* Beyond the hard limit: raised as far as it goes, then -1 with EPERM. */
START_TEST(test_capped_at_hard_limit)
{
    unsigned long in_force = 0;

    if (saved.rlim_max == RLIM_INFINITY || saved.rlim_max < 64) {
        fprintf(stderr, "skipped: no finite hard limit above 64 to run into\n");
        return;
    }
    fdlimit_test_set_soft(32);
    errno = 0;
    ck_assert_int_eq(fdlimit_raise((unsigned long)saved.rlim_max + 1, &in_force), -1);
    ck_assert_int_eq(errno, EPERM);
    ck_assert_uint_eq(in_force, saved.rlim_max);
    ck_assert_uint_eq(fdlimit_test_soft(), saved.rlim_max);
    /* Without somewhere to report to, the answer is the same. */
    ck_assert_int_eq(fdlimit_raise((unsigned long)saved.rlim_max + 1, NULL), -1);
}
END_TEST

static Suite *fdlimit_suite(void)
{
    Suite *suite = suite_create("fdlimit");
    TCase *cases = tcase_create("fdlimit");

    tcase_add_checked_fixture(cases, fdlimit_test_save, fdlimit_test_restore);
    tcase_add_test(cases, test_enough_already);
    tcase_add_test(cases, test_raised_to_want);
    tcase_add_test(cases, test_capped_at_hard_limit);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(fdlimit_suite)
