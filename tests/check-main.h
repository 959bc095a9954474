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
#include <stdlib.h>

#define CHECK_MAIN(suite_function)                                                            \
    int main(void)                                                                            \
    {                                                                                         \
        SRunner *runner = srunner_create(suite_function());                                   \
        srunner_run_all(runner, CK_NORMAL);                                                   \
        int failed = srunner_ntests_failed(runner);                                           \
        srunner_free(runner);                                                                 \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                                     \
    }

#endif
