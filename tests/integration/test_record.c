/*
 * test_record.c - obrol-server --record FILE (src/server/record.c), driven for real.
 *
 * A session recorded into a file reads back as a trace with every step of it;
 * a pipe that nobody reads does not stop the server (the loop never waits for
 * its recording), and what the pipe took meanwhile is still a well-formed
 * trace. Under `make test VALGRIND=1` the server runs under memcheck.
 */
#include "check-main.h"
#include "harness.h"
#include "trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static struct harness_server server;

/* How many events of `kind` the trace has, with `text` in their bytes if not NULL. */
static size_t count_events(const struct trace *trace, const char *kind, const char *text)
{
    char bytes[TRACE_BYTES_MAX + 1];
    size_t count = 0;

    for (size_t i = 0; i < trace->count; i++) {
        if (strcmp(trace_kind(trace, i), kind) != 0)
            continue;
        trace_bytes(trace, i, bytes, sizeof(bytes));
        count += text == NULL || strstr(bytes, text) != NULL;
    }
    return count;
}

START_TEST(test_a_session_is_recorded_whole)
{
    char path[] = "/tmp/obrol-record-XXXXXX", error[TRACE_ERROR_MAX];
    struct harness_conn budi, siti;
    struct trace trace;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--record", path)));
    ck_assert(harness_join(&budi, server.port, "budi"));
    ck_assert(harness_join(&siti, server.port, "siti"));
    ck_assert(harness_settle(&budi));
    ck_assert(harness_send_text(&budi, "Halo semua!\n"));
    char line[256];
    ck_assert_int_gt(harness_expect(&siti, "MSG budi Halo semua!", line, sizeof(line), 3000), 0);
    harness_close(&budi);
    harness_close(&siti);
    ck_assert_int_eq(harness_server_stop(&server), 0);

    ck_assert_msg(trace_load(&trace, path, error, sizeof(error)), "%s", error);
    ck_assert_str_eq(trace.program, "server");
    ck_assert_uint_eq(count_events(&trace, "accept", NULL), 2);
    ck_assert_uint_eq(count_events(&trace, "line", "Halo semua!"), 1);
    ck_assert_uint_ge(count_events(&trace, "recv", "Halo semua!\n"), 1);
    ck_assert_uint_ge(count_events(&trace, "send", "MSG budi Halo semua!\n"), 1);
    ck_assert_uint_eq(count_events(&trace, "leave", NULL), 2);
    ck_assert_uint_ge(count_events(&trace, "select", NULL), 3);
    ck_assert_str_eq(trace_kind(&trace, trace.count - 1), "end");
    trace_free(&trace);
    unlink(path);
}
END_TEST

/* Read what the FIFO holds now (non-blocking) into *data. */
static void drain_fifo(int fd, char **data, size_t *len, size_t *cap)
{
    for (;;) {
        if (*cap - *len < 65536) {
            *cap = *cap * 2 + 65536;
            *data = realloc(*data, *cap);
            ck_assert_ptr_nonnull(*data);
        }
        ssize_t got = read(fd, *data + *len, *cap - *len);
        if (got <= 0)
            return;
        *len += (size_t)got;
    }
}

/* Nobody reads the recording's pipe: the server still answers at once. */
START_TEST(test_a_pipe_nobody_reads_does_not_stop_the_server)
{
    char dir[] = "/tmp/obrol-record-fifo-XXXXXX", path[64], line[256], error[TRACE_ERROR_MAX];
    struct harness_conn flooder;
    char *data = NULL, text[200];
    size_t len = 0, cap = 0;
    struct trace trace;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/trace", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    int reader = open(path, O_RDONLY | O_NONBLOCK); /* open, never read until the end */
    ck_assert_int_ge(reader, 0);
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0", "--record", path)));
    ck_assert(harness_join(&flooder, server.port, "flood"));
    memset(text, 'x', sizeof(text) - 2);
    text[sizeof(text) - 2] = '\n', text[sizeof(text) - 1] = '\0';
    for (int i = 0; i < 600; i++) /* far more trace than a pipe holds (64 KiB) */
        ck_assert(harness_send_text(&flooder, text));
    ck_assert(harness_send_text(&flooder, "/ping after-the-flood\n"));
    ck_assert_int_gt(harness_expect(&flooder, "OK ping after-the-flood", line, sizeof(line),
                                    HARNESS_REPLY_TIMEOUT_MS),
                     0);
    harness_close(&flooder);
    /* Now read it, so that the server can write its last events, and let it stop. */
    harness_server_signal(&server, SIGTERM);
    siginfo_t exited = {.si_pid = 0};
    for (int i = 0; i < 1000 && exited.si_pid == 0; i++) {
        drain_fifo(reader, &data, &len, &cap);
        ck_assert_int_eq(waitid(P_PID, (id_t)server.pid, &exited, WEXITED | WNOHANG | WNOWAIT), 0);
        if (exited.si_pid == 0)
            harness_sleep_ms(10);
    }
    ck_assert_int_eq(harness_server_wait(&server, 1000), 0);
    drain_fifo(reader, &data, &len, &cap);
    close(reader);
    ck_assert_msg(trace_parse(&trace, data, len, error, sizeof(error)), "%s", error);
    ck_assert_uint_gt(trace.count, 600);
    trace_free(&trace);
    free(data);
    unlink(path);
    rmdir(dir);
}
END_TEST

static Suite *record_suite(void)
{
    Suite *suite = suite_create("record");
    TCase *record = tcase_create("record");

    tcase_add_checked_fixture(record, NULL, harness_teardown);
    tcase_set_timeout(record, 30);
    tcase_add_test(record, test_a_session_is_recorded_whole);
    tcase_add_test(record, test_a_pipe_nobody_reads_does_not_stop_the_server);
    suite_add_tcase(suite, record);
    return suite;
}

CHECK_MAIN(record_suite)
