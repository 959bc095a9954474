/*
 * test_trace.c - the trace format's writer and reader (src/common/trace.c).
 *
 * What is written is read back field for field; bytes that are not text come
 * back byte for byte; the size cap ends a trace with its note; and every kind
 * of bad line is refused with its line number.
 */
#include "check-main.h"
#include "trace.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Helpers ------------------------------------------------------------------ */

static char trace_path[64];

static void temp_path(void)
{
    snprintf(trace_path, sizeof(trace_path), "/tmp/obrol-test-trace-XXXXXX");
    int fd = mkstemp(trace_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

/* Parse `text`: expect failure, with `expected` in the message. */
static void expect_refused(const char *text, const char *expected)
{
    struct trace trace;
    char error[TRACE_ERROR_MAX];

    ck_assert_msg(!trace_parse(&trace, text, strlen(text), error, sizeof(error)),
                  "accepted: %s", text);
    ck_assert_msg(strstr(error, expected) != NULL, "error \"%s\" lacks \"%s\"", error, expected);
    trace_free(&trace);
}

#define HEADER "{\"obrol_trace\":1,\"program\":\"server\"}\n"

/* ---- Round trips ---------------------------------------------------------------- */

START_TEST(test_written_events_read_back)
{
    struct trace_writer writer;
    struct trace trace;
    char error[TRACE_ERROR_MAX], bytes[64];
    fd_set set, back;

    temp_path();
    ck_assert(trace_writer_open(&writer, trace_path, "server", 0));
    FD_ZERO(&set);
    FD_SET(3, &set);
    FD_SET(7, &set);
    writer.turn = 4;
    trace_begin(&writer, "recv");
    trace_put_int(&writer, "fd", 7);
    trace_put_text(&writer, "nick", "budi");
    trace_put_int(&writer, "result", 12);
    trace_put_bytes(&writer, "Halo semua!\n", 12);
    trace_end(&writer);
    trace_begin(&writer, "select");
    trace_put_fds(&writer, "read", &set, 7);
    trace_put_fds(&writer, "write", &set, -1);
    trace_put_int(&writer, "max_fd", 7);
    trace_put_int(&writer, "timeout_ms", -1);
    trace_end(&writer);
    ck_assert_int_eq(trace_writer_close(&writer, 1000), 0);

    ck_assert_msg(trace_load(&trace, trace_path, error, sizeof(error)), "%s", error);
    ck_assert_str_eq(trace.program, "server");
    ck_assert_uint_eq(trace.count, 3); /* recv, select, end */
    ck_assert_str_eq(trace_kind(&trace, 0), "recv");
    ck_assert_int_eq(trace_int(&trace, 0, "n", 0), 1);
    ck_assert_int_eq(trace_int(&trace, 0, "turn", 0), 4);
    ck_assert_int_eq(trace_int(&trace, 0, "fd", 0), 7);
    ck_assert_str_eq(trace_text(&trace, 0, "nick", ""), "budi");
    ck_assert_uint_eq(trace_bytes(&trace, 0, bytes, sizeof(bytes)), 12);
    ck_assert_str_eq(bytes, "Halo semua!\n");
    ck_assert_int_eq(trace_fds(&trace, 1, "read", &back), 7);
    ck_assert(FD_ISSET(3, &back) && FD_ISSET(7, &back) && !FD_ISSET(4, &back));
    ck_assert_int_eq(trace_fds(&trace, 1, "write", &back), -1);
    ck_assert_str_eq(trace_kind(&trace, 2), "end");
    ck_assert_str_eq(trace_text(&trace, 0, "missing", "none"), "none");
    trace_free(&trace);
    unlink(trace_path);
}
END_TEST

START_TEST(test_bytes_that_are_not_text_come_back_whole)
{
    struct trace_writer writer;
    struct trace trace;
    char error[TRACE_ERROR_MAX], back[16];
    const char raw[] = {'a', '\0', (char)0xff, '\n', (char)0x80};

    temp_path();
    ck_assert(trace_writer_open(&writer, trace_path, "client", 0));
    trace_begin(&writer, "recv");
    trace_put_int(&writer, "fd", 3);
    trace_put_text(&writer, "nick", "x");
    trace_put_int(&writer, "result", 5);
    trace_put_bytes(&writer, raw, sizeof(raw));
    trace_end(&writer);
    ck_assert_int_eq(trace_writer_close(&writer, 1000), 0);
    ck_assert_msg(trace_load(&trace, trace_path, error, sizeof(error)), "%s", error);
    ck_assert_str_eq(trace.program, "client");
    ck_assert_ptr_nonnull(trace_text(&trace, 0, "bytes_hex", NULL));
    ck_assert_uint_eq(trace_bytes(&trace, 0, back, sizeof(back)), sizeof(raw));
    ck_assert_mem_eq(back, raw, sizeof(raw));
    trace_free(&trace);
    unlink(trace_path);
}
END_TEST

START_TEST(test_long_bytes_are_cut_and_said_so)
{
    struct trace_writer writer;
    struct trace trace;
    char error[TRACE_ERROR_MAX], big[TRACE_BYTES_MAX + 100], back[TRACE_BYTES_MAX + 200];

    memset(big, 'x', sizeof(big));
    big[TRACE_BYTES_MAX - 1] = (char)0xc3; /* a two-byte character across the cut */
    big[TRACE_BYTES_MAX] = (char)0xa9;
    temp_path();
    ck_assert(trace_writer_open(&writer, trace_path, "server", 0));
    trace_begin(&writer, "send");
    trace_put_int(&writer, "fd", 3);
    trace_put_text(&writer, "nick", "x");
    trace_put_int(&writer, "result", (long long)sizeof(big));
    trace_put_int(&writer, "offered", (long long)sizeof(big));
    trace_put_bytes(&writer, big, sizeof(big));
    trace_end(&writer);
    ck_assert_int_eq(trace_writer_close(&writer, 1000), 0);
    ck_assert_msg(trace_load(&trace, trace_path, error, sizeof(error)), "%s", error);
    ck_assert(trace_bool(&trace, 0, "cut"));
    ck_assert_ptr_nonnull(trace_text(&trace, 0, "bytes", NULL)); /* still text: cut before é */
    ck_assert_uint_eq(trace_bytes(&trace, 0, back, sizeof(back)), TRACE_BYTES_MAX - 1);
    trace_free(&trace);
    unlink(trace_path);
}
END_TEST

START_TEST(test_cap_ends_with_a_note)
{
    struct trace_writer writer;
    struct trace trace;
    char error[TRACE_ERROR_MAX];
    const size_t cap = 2000;

    temp_path();
    ck_assert(trace_writer_open(&writer, trace_path, "server", cap));
    for (int i = 0; i < 200; i++) {
        trace_begin(&writer, "line");
        trace_put_int(&writer, "fd", 5);
        trace_put_text(&writer, "nick", "siti");
        trace_put_int(&writer, "len", 20);
        trace_put_bytes(&writer, "a line of the lesson", 20);
        trace_end(&writer);
    }
    ck_assert(!trace_writer_active(&writer));
    ck_assert_int_eq(trace_writer_close(&writer, 1000), 0);
    ck_assert_msg(trace_load(&trace, trace_path, error, sizeof(error)), "%s", error);
    ck_assert_uint_gt(trace.count, 5);
    ck_assert_str_eq(trace_kind(&trace, trace.count - 1), "capped");
    ck_assert_int_eq(trace_int(&trace, trace.count - 1, "cap", 0), (long long)cap);
    struct stat info;
    ck_assert_int_eq(stat(trace_path, &info), 0);
    ck_assert_int_le(info.st_size, (long long)cap);
    trace_free(&trace);
    unlink(trace_path);
}
END_TEST

/* ---- Refusals ------------------------------------------------------------------- */

START_TEST(test_bad_lines_are_refused_with_their_number)
{
    expect_refused("", "line 1: the file is empty");
    expect_refused("hello\n", "line 1: not an obrol trace");
    expect_refused("{\"obrol_trace\":2,\"program\":\"server\"}\n", "line 1: trace format version 2");
    expect_refused("{\"obrol_trace\":1,\"program\":\"toaster\"}\n", "line 1:");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"stopped\"}\n{\"n\":2,", "line 3: cut short");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"stopped\"}\n[1,2]\n", "line 3: an event must");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"x\"}\n{nope}\n", "line 3: not JSON");
    expect_refused(HEADER "{\"n\":1,\"t\":0}\n", "line 2: an event needs");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"recv\",\"fd\":\"7\",\"nick\":\"a\",\"result\":1}\n",
                   "line 2: the field \"fd\"");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"recv\",\"fd\":99999,\"nick\":\"a\",\"result\":1}\n",
                   "line 2: the field \"fd\"");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"recv\",\"fd\":7,\"result\":1}\n",
                   "line 2: a \"recv\" event needs the field \"nick\"");
    expect_refused(HEADER "{\"n\":2,\"t\":0,\"ev\":\"x\"}\n{\"n\":1,\"t\":0,\"ev\":\"x\"}\n",
                   "line 3: events out of order");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"x\",\"bytes_hex\":\"abc\"}\n", "bytes_hex");
    expect_refused(HEADER "{\"n\":1,\"t\":0,\"ev\":\"x\",\"read\":[1,-4]}\n", "\"read\"");
    expect_refused(HEADER "\n", "line 2: empty line");
    expect_refused(HEADER "{\"n\":1,\"n\":2,\"t\":0,\"ev\":\"x\"}\n", "line 2: not JSON");
}
END_TEST

START_TEST(test_unknown_kinds_and_fields_are_kept)
{
    struct trace trace;
    char error[TRACE_ERROR_MAX];
    const char *text = HEADER "{\"n\":1,\"t\":5,\"ev\":\"from_the_future\",\"colour\":\"blue\"}\n";

    ck_assert_msg(trace_parse(&trace, text, strlen(text), error, sizeof(error)), "%s", error);
    ck_assert_uint_eq(trace.count, 1);
    ck_assert_str_eq(trace_kind(&trace, 0), "from_the_future");
    trace_free(&trace);
}
END_TEST

START_TEST(test_missing_file_is_an_error)
{
    struct trace trace;
    char error[TRACE_ERROR_MAX];

    ck_assert(!trace_load(&trace, "/nonexistent/obrol.jsonl", error, sizeof(error)));
    ck_assert_ptr_nonnull(strstr(error, "/nonexistent/obrol.jsonl: "));
    trace_free(&trace);
}
END_TEST

static Suite *trace_suite(void)
{
    Suite *suite = suite_create("trace");
    TCase *round = tcase_create("round trip");
    TCase *refused = tcase_create("refused");

    tcase_add_test(round, test_written_events_read_back);
    tcase_add_test(round, test_bytes_that_are_not_text_come_back_whole);
    tcase_add_test(round, test_long_bytes_are_cut_and_said_so);
    tcase_add_test(round, test_cap_ends_with_a_note);
    suite_add_tcase(suite, round);
    tcase_add_test(refused, test_bad_lines_are_refused_with_their_number);
    tcase_add_test(refused, test_unknown_kinds_and_fields_are_kept);
    tcase_add_test(refused, test_missing_file_is_an_error);
    suite_add_tcase(suite, refused);
    return suite;
}

CHECK_MAIN(trace_suite)
