/*
 * check-main.h - one main() for every test program.
 *
 * Each tests/unit/test_X.c and tests/integration/test_X.c builds into its own
 * program (so that they can be written and run independently). It defines a
 * function returning its Suite and ends with CHECK_MAIN(that_function).
 * The program prints Check's summary and exits non-zero if anything failed.
 */
#ifndef OBROL_TESTS_CHECK_MAIN_H
#define OBROL_TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Expected error text stays out of the test output. check_stderr_to_file()
 * sends this test's standard error to a fresh temporary file (each test runs
 * in its own forked process, so nothing else is affected);
 * check_stderr_take() reads back what was written there since the last take,
 * for the test to check.
 */
static inline FILE *check_stderr_to_file(void)
{
    FILE *file = tmpfile();

    ck_assert_ptr_nonnull(file);
    fflush(stderr);
    ck_assert_int_eq(dup2(fileno(file), STDERR_FILENO), STDERR_FILENO);
    return file;
}

/* For a test that ends in an expected crash (an assert): its message is not shown. */
static inline void check_stderr_discard(void)
{
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

static inline const char *check_stderr_take(FILE *file, char *text, size_t room)
{
    fflush(stderr);
    rewind(file); /* the file offset is shared with STDERR_FILENO (dup2) */
    size_t len = fread(text, 1, room - 1, file);
    text[len] = '\0';
    ck_assert_int_eq(ftruncate(fileno(file), 0), 0);
    rewind(file);
    return text;
}

#define CHECK_MAIN(suite_function)                                                                 \
    int main(void)                                                                                 \
    {                                                                                              \
        SRunner *runner = srunner_create(suite_function());                                        \
        srunner_run_all(runner, CK_NORMAL);                                                        \
        int failed = srunner_ntests_failed(runner);                                                \
        srunner_free(runner);                                                                      \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                                          \
    }

#endif
