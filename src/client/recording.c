/*
 * recording.c - the client's flow rows as trace events (recording.h).
 */
#include "recording.h"

#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define RECORDING_CLOSE_TIMEOUT_MS 1000

/* The event kind of each flow row (docs/trace.md, "obrol-client's"). */
static const char *const recording_kinds[] = {
    [FLOW_CONNECTING] = "connecting", [FLOW_CONNECTED] = "connected",
    [FLOW_CONNECT_FAILED] = "connect_failed", [FLOW_REQUEST] = "sent",
    [FLOW_RESPONSE] = "answer",       [FLOW_EVENT] = "pushed",
    [FLOW_CLOSED] = "closed",         [FLOW_STEP_SEND] = "step_send",
    [FLOW_STEP_RECV] = "step_recv",   [FLOW_FRAGMENT] = "fragment",
};

void recording_init(struct recording *recording)
{
    memset(recording, 0, sizeof(*recording));
    recording->live.fd = -1;
    recording->saved.fd = -1;
    recording->next_row = 1; /* flow rows are numbered from 1 */
}

bool recording_open(struct recording *recording, const char *path)
{
    return trace_writer_open(&recording->live, path, "client", 0);
}

/* One row, one event: its number, its bytes, and what the pane shows beside them. */
static void recording_row(struct trace_writer *writer, const struct flow_row *row)
{
    trace_begin_at(writer, recording_kinds[row->kind], row->mono_us);
    trace_put_int(writer, "row", (long long)row->number);
    if (row->raw == NULL) { /* a connect or close row: its note */
        trace_put_text(writer, "text", row->note);
    } else {
        trace_put_int(writer, "len", (long long)row->bytes);
        trace_put_bytes(writer, row->raw, row->raw_len);
    }
    if (row->paired && row->rtt_us >= 0)
        trace_put_int(writer, "rtt_us", row->rtt_us);
    if (row->paired)
        trace_put_int(writer, "partner", (long long)row->partner);
    if (row->partial)
        trace_put_bool(writer, "partial", true);
    if (row->kind == FLOW_FRAGMENT) {
        trace_put_int(writer, "fragment", row->fragment);
        trace_put_int(writer, "fragments", row->fragments);
    }
    trace_end(writer);
}

/* The rows added since the last call. A response is recorded with its request's pairing. */
static void recording_catch_up(struct recording *recording, const struct flow *flow)
{
    for (; recording->next_row < flow->next_number; recording->next_row++) {
        const struct flow_row *row = flow_find(flow, recording->next_row);
        if (row == NULL) {
            recording->lost++; /* forgotten by the pane already: more than it holds in a turn */
            continue;
        }
        if (trace_writer_active(&recording->live))
            recording_row(&recording->live, row);
    }
}

long recording_save(struct recording *recording, const struct flow *flow, const char *path)
{
    size_t count = flow_count(flow);

    if (recording->saved.fd >= 0)
        trace_writer_close(&recording->saved, RECORDING_CLOSE_TIMEOUT_MS); /* the one before */
    if (!trace_writer_open(&recording->saved, path, "client", 0))
        return -1;
    if (count > 0)
        recording->saved.start_us = flow_row(flow, 0)->mono_us;
    for (size_t i = 0; i < count; i++)
        recording_row(&recording->saved, flow_row(flow, i));
    return (long)count;
}

void recording_before_sleep(struct recording *recording, const struct flow *flow, fd_set *writable,
                            int *max_fd)
{
    recording_catch_up(recording, flow);
    trace_write(&recording->live);
    trace_watch(&recording->live, writable, max_fd);
    if (recording->saved.fd < 0)
        return;
    trace_write(&recording->saved);
    if (trace_pending(&recording->saved) == 0 || recording->saved.error != 0)
        trace_writer_close(&recording->saved, 0); /* written: the file is complete */
    else
        trace_watch(&recording->saved, writable, max_fd);
}

int recording_close(struct recording *recording, const struct flow *flow)
{
    recording_catch_up(recording, flow);
    if (recording->saved.fd >= 0)
        trace_writer_close(&recording->saved, RECORDING_CLOSE_TIMEOUT_MS);
    return trace_writer_close(&recording->live, RECORDING_CLOSE_TIMEOUT_MS);
}

/* ---- For the two front ends: start and finish, saying what went wrong ---------------- */

bool recording_start(struct recording *recording, const char *path)
{
    recording_init(recording);
    if (path == NULL || recording_open(recording, path))
        return true;
    fprintf(stderr, _("obrol-client: cannot record into %s: %s\n"), path, strerror(errno));
    return false;
}

bool recording_finish(struct recording *recording, const struct flow *flow, const char *path)
{
    int error = recording_close(recording, flow);

    if (error == 0)
        return true;
    fprintf(stderr, _("obrol-client: cannot record into %s: %s\n"), path, strerror(error));
    return false;
}
