/*
 * test_check_report.c - the reports (src/check/report.c, report-machine.c)
 * of a made-up run: the JSON parsed back with jansson, TAP and JUnit read
 * for their key lines, the human text for its marks and its words.
 */
#include "check-main.h"
#include "check/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *made_up_transcript[] = {(char *)"  0.000  A → server  \"hel\"",
                                   (char *)"  1.000  (B: no line in 1.0 s)"};

/* connect passed, split-line failed, fd-limit skipped. */
static void made_up_run(struct run *run, struct grader_options *options, struct outcome outcomes[3])
{
    *options = (struct grader_options){.host = "127.0.0.1", .spawn = "python3 s.py {port}",
                                       .profile = PROFILE_DETECT, .quick = true};
    memset(outcomes, 0, 3 * sizeof(*outcomes));
    outcomes[0] = (struct outcome){.check = checks_find("connect"), .result = RESULT_PASS, .seconds = 0.01};
    outcomes[1] = (struct outcome){.check = checks_find("split-line"), .result = RESULT_FAIL,
                                   .seconds = 1.5, .transcript = made_up_transcript, .transcript_count = 2,
                                   .server_tail = (char *)"ready <on> port & more\n"};
    strcpy(outcomes[1].expected, "B receives the line whole");
    strcpy(outcomes[1].saw, "B received \"s\", \"p\"");
    outcomes[2] = (struct outcome){.check = checks_find("fd-limit"), .result = RESULT_SKIP};
    strcpy(outcomes[2].saw, "needs --spawn");
    *run = (struct run){.options = options, .profile = PROFILE_RELAY, .profile_detected = true,
                        .port = 40123, .outcomes = outcomes, .count = 3, .passed = 1, .failed = 1,
                        .skipped = 1, .seconds = 1.51};
}

/* What a report function writes, as a string (freed by the caller). */
static char *written(void (*report)(FILE *, const struct run *), const struct run *run)
{
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);

    report(out, run);
    fclose(out);
    return text;
}

START_TEST(test_json_parses_back)
{
    struct run run;
    struct grader_options options;
    struct outcome outcomes[3];
    json_error_t error;

    made_up_run(&run, &options, outcomes);
    char *text = written(report_json, &run);
    json_t *document = json_loads(text, 0, &error);
    ck_assert_msg(document != NULL, "%s", error.text);
    ck_assert_str_eq(json_string_value(json_object_get(document, "tool")), "obrol-check");
    ck_assert_int_eq(json_integer_value(json_object_get(document, "format")), 1);
    json_t *target = json_object_get(document, "target");
    ck_assert_int_eq(json_integer_value(json_object_get(target, "port")), 40123);
    ck_assert_str_eq(json_string_value(json_object_get(target, "spawn")), "python3 s.py {port}");
    ck_assert_str_eq(json_string_value(json_object_get(document, "profile")), "relay");
    ck_assert(json_is_true(json_object_get(document, "profile_detected")));
    json_t *summary = json_object_get(document, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "failed")), 1);
    json_t *checks = json_object_get(document, "checks");
    ck_assert_uint_eq(json_array_size(checks), 3);
    json_t *failed = json_array_get(checks, 1);
    ck_assert_str_eq(json_string_value(json_object_get(failed, "id")), "split-line");
    ck_assert_str_eq(json_string_value(json_object_get(failed, "result")), "fail");
    ck_assert_str_eq(json_string_value(json_object_get(failed, "detail")), "B received \"s\", \"p\"");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(failed, "hint")));
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(failed, "transcript"), 0)),
                     "  0.000  A → server  \"hel\"");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(checks, 0), "detail")), "");
    ck_assert_ptr_null(json_object_get(json_array_get(checks, 0), "hint"));
    json_decref(document);
    free(text);
}
END_TEST

START_TEST(test_tap)
{
    struct run run;
    struct grader_options options;
    struct outcome outcomes[3];

    made_up_run(&run, &options, outcomes);
    char *text = written(report_tap, &run);
    ck_assert_ptr_nonnull(strstr(text, "TAP version 13\n1..3\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nok 1 - connect\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nnot ok 2 - split-line\n  ---\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nok 3 - fd-limit # SKIP needs --spawn\n"));
    free(text);
}
END_TEST

START_TEST(test_junit)
{
    struct run run;
    struct grader_options options;
    struct outcome outcomes[3];

    made_up_run(&run, &options, outcomes);
    char *text = written(report_junit, &run);
    ck_assert_ptr_nonnull(strstr(text, "tests=\"3\" failures=\"1\" skipped=\"1\""));
    ck_assert_ptr_nonnull(strstr(text, "<testcase classname=\"obrol-check\" name=\"split-line\""));
    ck_assert_ptr_nonnull(strstr(text, "<failure message=\"B received &quot;s&quot;, &quot;p&quot;\">"));
    ck_assert_ptr_nonnull(strstr(text, "<skipped message=\"needs --spawn\"/>"));
    free(text);
}
END_TEST

START_TEST(test_human)
{
    struct run run;
    struct grader_options options;
    struct outcome outcomes[3];

    made_up_run(&run, &options, outcomes);
    char *text = written(report_human, &run);
    ck_assert_ptr_nonnull(strstr(text, "✓ connect "));
    ck_assert_ptr_nonnull(strstr(text, "✗ split-line "));
    ck_assert_ptr_nonnull(strstr(text, "– fd-limit "));
    ck_assert_ptr_nonnull(strstr(text, "expected: B receives the line whole\n"));
    ck_assert_ptr_nonnull(strstr(text, "hint:     One recv() is not one message."));
    ck_assert_ptr_nonnull(strstr(text, "      | ready <on> port & more\n"));
    ck_assert_ptr_nonnull(strstr(text, "1 passed, 1 failed, 1 skipped"));
    free(text);
}
END_TEST

static Suite *check_report_suite(void)
{
    Suite *suite = suite_create("check_report");
    TCase *cases = tcase_create("check_report");

    tcase_add_test(cases, test_json_parses_back);
    tcase_add_test(cases, test_tap);
    tcase_add_test(cases, test_junit);
    tcase_add_test(cases, test_human);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(check_report_suite)
