/*
 * test_check_options.c - obrol-check's command line (src/check/options.c) and
 * the choice of checks (run_select in src/check/run.c).
 */
#include "check-main.h"
#include "check/options.h"
#include "check/run.h"

#include <string.h>

/* Parse a NULL-terminated list of arguments (after the program name). */
static enum grader_parse parse(struct grader_options *options, const char *const *args)
{
    char *argv[32] = {(char *)"obrol-check"};
    int argc = 1;
    FILE *sink = fopen("/dev/null", "w");

    while (args[argc - 1] != NULL)
        argv[argc] = (char *)args[argc - 1], argc++;
    enum grader_parse result = grader_options_parse(options, argc, argv, sink, sink);
    fclose(sink);
    return result;
}

START_TEST(test_spawn_with_port_marker)
{
    struct grader_options options;
    const char *args[] = {"--spawn", "python3 s.py {port}", "--quick", "--json", NULL};

    ck_assert_int_eq(parse(&options, args), GRADER_RUN);
    ck_assert_str_eq(options.spawn, "python3 s.py {port}");
    ck_assert(options.quick);
    ck_assert_int_eq(options.format, FORMAT_JSON);
    ck_assert_int_eq(options.profile, PROFILE_DETECT);
    ck_assert_str_eq(options.host, "127.0.0.1");
    ck_assert_uint_eq(options.clients, 200);
    ck_assert_uint_eq(options.fd_clients, 1100);
}
END_TEST

START_TEST(test_running_server)
{
    struct grader_options options;
    const char *args[] = {"--host", "::1", "-p", "4000", "--profile", "reply", "--tap", "-v", NULL};

    ck_assert_int_eq(parse(&options, args), GRADER_RUN);
    ck_assert_str_eq(options.host, "::1");
    ck_assert_uint_eq(options.port, 4000);
    ck_assert(options.port_given);
    ck_assert_ptr_null(options.spawn);
    ck_assert_int_eq(options.profile, PROFILE_REPLY);
    ck_assert_int_eq(options.format, FORMAT_TAP);
    ck_assert(options.verbose);
}
END_TEST

/* Without a target, a spawn command without {port} and no --port, bad values: usage errors. */
START_TEST(test_usage_errors)
{
    struct grader_options options;
    const char *no_target[] = {"--quick", NULL};
    const char *no_marker[] = {"--spawn", "./server 5000", NULL};
    const char *bad_profile[] = {"--port", "5000", "--profile", "chat", NULL};
    const char *bad_port[] = {"--port", "70000", NULL};
    const char *bad_clients[] = {"--port", "5000", "--clients", "1", NULL};
    const char *unknown[] = {"--port", "5000", "--frobnicate", NULL};
    const char *extra[] = {"--port", "5000", "stray", NULL};
    const char *const *cases[] = {no_target, no_marker, bad_profile, bad_port, bad_clients, unknown, extra};

    check_stderr_discard(); /* number_parse() says why on stderr */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(parse(&options, cases[i]) == GRADER_EXIT_USAGE, "case %zu accepted", i);
}
END_TEST

/* A fixed port makes {port} optional; --list needs no target; --help exits. */
START_TEST(test_fixed_port_list_help)
{
    struct grader_options options;
    const char *fixed[] = {"--spawn", "./server 5000", "--port", "5000", "--junit", NULL};
    const char *list[] = {"--list", NULL};
    const char *help[] = {"--help", NULL};

    ck_assert_int_eq(parse(&options, fixed), GRADER_RUN);
    ck_assert_int_eq(options.format, FORMAT_JUNIT);
    ck_assert_int_eq(parse(&options, list), GRADER_RUN);
    ck_assert(options.list);
    ck_assert_int_eq(parse(&options, help), GRADER_EXIT_SUCCESS);
}
END_TEST

/* --only names checks; an unknown id is refused; without --only the profile decides. */
START_TEST(test_select_checks)
{
    const struct check *chosen[64];
    size_t count;
    char error[256];

    ck_assert(run_select("split-line,connect", PROFILE_RELAY, chosen, &count, error, sizeof(error)));
    ck_assert_uint_eq(count, 2);
    ck_assert_str_eq(chosen[0]->id, "connect"); /* in the table's order */
    ck_assert_str_eq(chosen[1]->id, "split-line");
    ck_assert(!run_select("connect,nonsense", PROFILE_RELAY, chosen, &count, error, sizeof(error)));
    ck_assert_ptr_nonnull(strstr(error, "nonsense"));
    ck_assert(run_select(NULL, PROFILE_REPLY, chosen, &count, error, sizeof(error)));
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(checks_in_profile(chosen[i], PROFILE_REPLY), "%s", chosen[i]->id);
    ck_assert_ptr_nonnull(checks_find("no-newline"));
    ck_assert_ptr_null(checks_find("relay-good"));
}
END_TEST

/* Every check has an id, a title, a why and a hint, and runs in some profile. */
START_TEST(test_table_is_complete)
{
    for (size_t i = 0; i < checks_count; i++) {
        const struct check *check = &checks_table[i];
        ck_assert_msg(check->title && check->why && check->hint && check->run, "%s", check->id);
        ck_assert_msg(check->profiles != 0, "%s", check->id);
        ck_assert_ptr_eq(checks_find(check->id), check);
    }
}
END_TEST

static Suite *check_options_suite(void)
{
    Suite *suite = suite_create("check_options");
    TCase *cases = tcase_create("check_options");

    tcase_add_test(cases, test_spawn_with_port_marker);
    tcase_add_test(cases, test_running_server);
    tcase_add_test(cases, test_usage_errors);
    tcase_add_test(cases, test_fixed_port_list_help);
    tcase_add_test(cases, test_select_checks);
    tcase_add_test(cases, test_table_is_complete);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(check_options_suite)
