/*
 * fuzz_trace.c - the trace reader (src/common/trace.c) on any bytes.
 *
 * obrol-replay reads files a student downloaded, edited or cut short. Its
 * promise: any input is either a trace whose every event can be read through
 * the accessors (fds in range, bytes within the buffer), or an error that
 * names a line — never a crash, a leak or an out-of-range read.
 */
#include "fuzz.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every field replay reads, of every event: nothing may be out of range. */
static FUZZ_ORACLE void fuzz_trace_walk(const struct trace *trace)
{
    char bytes[TRACE_BYTES_MAX + 1];
    fd_set set;

    for (size_t i = 0; i < trace->count; i++) {
        long long fd = trace_int(trace, i, "fd", -1);
        FUZZ_CHECK(fd >= -1 && fd < FD_SETSIZE, "fd %lld", fd);
        FUZZ_CHECK(trace_kind(trace, i) != NULL, "no kind");
        size_t count = trace_bytes(trace, i, bytes, sizeof(bytes));
        FUZZ_CHECK(count < sizeof(bytes) && bytes[count] == '\0', "bytes overrun");
        int highest = trace_fds(trace, i, "read", &set);
        FUZZ_CHECK(highest >= -1 && highest < FD_SETSIZE, "fd set %d", highest);
        (void)trace_text(trace, i, "nick", "");
        (void)trace_bool(trace, i, "cut");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace trace;
    char error[TRACE_ERROR_MAX] = "";

    if (trace_parse(&trace, (const char *)data, size, error, sizeof(error))) {
        FUZZ_CHECK(trace.program[0] != '\0', "a trace without a program");
        fuzz_trace_walk(&trace);
    } else {
        FUZZ_CHECK(strncmp(error, "line ", 5) == 0, "error without a line number: %s", error);
    }
    trace_free(&trace);
    return 0;
}
