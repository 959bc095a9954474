/*
 * flow.c - the flow log: a ring of rows and a FIFO of waiting requests.
 */
#include "model/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool flow_init(struct flow *flow)
{
    memset(flow, 0, sizeof(*flow));
    flow->next_number = 1;
    flow->held_since_us = -1;
    ring_init(&flow->row_ring, FLOW_ROWS_MAX);
    ring_init(&flow->pending_ring, FLOW_PENDING_MAX);
    flow->rows = calloc(FLOW_ROWS_MAX, sizeof(*flow->rows));
    return flow->rows != NULL;
}

void flow_free(struct flow *flow)
{
    if (flow->rows != NULL) {
        for (size_t i = 0; i < FLOW_ROWS_MAX; i++)
            free(flow->rows[i].raw);
    }
    free(flow->rows);
    flow->rows = NULL;
    ring_clear(&flow->row_ring);
}

size_t flow_count(const struct flow *flow)
{
    return ring_count(&flow->row_ring);
}

const struct flow_row *flow_row(const struct flow *flow, size_t index)
{
    if (index >= flow_count(flow))
        return NULL;
    return &flow->rows[ring_slot(&flow->row_ring, index)];
}

/* The slot of the row with this number; false when it is forgotten (or never was). */
static bool flow_slot_of(const struct flow *flow, unsigned long number, size_t *slot)
{
    size_t count = flow_count(flow);

    if (count == 0)
        return false;
    unsigned long oldest = flow_row(flow, 0)->number;
    if (number < oldest || number - oldest >= count)
        return false;
    *slot = ring_slot(&flow->row_ring, number - oldest); /* numbers are consecutive */
    return true;
}

const struct flow_row *flow_find(const struct flow *flow, unsigned long number)
{
    size_t slot;

    return flow_slot_of(flow, number, &slot) ? &flow->rows[slot] : NULL;
}

/* flow_find() for the changes this file makes to a row it already holds. */
static struct flow_row *flow_find_to_change(struct flow *flow, unsigned long number)
{
    size_t slot;

    return flow_slot_of(flow, number, &slot) ? &flow->rows[slot] : NULL;
}

size_t flow_pending(const struct flow *flow)
{
    return ring_count(&flow->pending_ring);
}

/* A fresh row at the end of the ring; the oldest is recycled when it is full. */
static struct flow_row *flow_append(struct flow *flow, enum flow_kind kind, int64_t mono_us,
                                    int64_t wall_ms)
{
    struct flow_row *row = &flow->rows[ring_push(&flow->row_ring)];

    free(row->raw); /* a recycled row's copy of its bytes (NULL in a fresh one) */
    *row = (struct flow_row){
        .kind = kind,
        .number = flow->next_number++,
        .mono_us = mono_us,
        .wall_ms = wall_ms,
        .rtt_us = -1,
    };
    return row;
}

/* Keep a copy of the line and its newline, as they were on the wire, up to
 * FLOW_RAW_MAX bytes (none if memory ran out). */
static void flow_keep_raw(struct flow_row *row, const char *line, size_t len, bool newline)
{
    size_t total = len + (newline ? 1 : 0);
    size_t keep = total < FLOW_RAW_MAX ? total : FLOW_RAW_MAX;

    row->bytes = total;
    row->raw = malloc(keep + 1); /* + 1: never malloc(0) */
    if (row->raw == NULL)
        return;
    memcpy(row->raw, line, keep < len ? keep : len);
    if (newline && keep == total)
        row->raw[len] = '\n';
    row->raw_len = keep;
}

const struct flow_row *flow_add_request(struct flow *flow, const char *line, size_t len,
                                        int64_t mono_us, int64_t wall_ms)
{
    struct flow_row *row = flow_append(flow, FLOW_REQUEST, mono_us, wall_ms);

    flow_keep_raw(row, line, len, true);
    if (flow->raw)
        return row; /* a server that is not obrol: no response will come */
    /* Full: the oldest waiting request is forgotten; it will never pair. */
    flow->pending[ring_push(&flow->pending_ring)] = (struct flow_pending){
        .number = row->number, .sent_us = mono_us, .last_byte_us = mono_us};
    return row;
}

/* The slot of the waiting request `number`; false when it waits no more. */
static bool flow_pending_slot(const struct flow *flow, unsigned long number, size_t *slot)
{
    for (size_t i = 0; i < ring_count(&flow->pending_ring); i++) {
        *slot = ring_slot(&flow->pending_ring, i);
        if (flow->pending[*slot].number == number)
            return true;
    }
    return false;
}

bool flow_is_pending(const struct flow *flow, unsigned long number)
{
    size_t slot;

    return flow_pending_slot(flow, number, &slot);
}

/* How much of a response's round trip was our own waiting: the pauses of a
 * /trickle (its first byte to its last), and the time its bytes were held for a
 * step after recv() (from when they came, or from the request's last byte). */
static void flow_own_wait(const struct flow *flow, const struct flow_pending *request,
                          struct flow_row *response)
{
    int64_t trickle = request->last_byte_us - request->sent_us;

    if (trickle > 0) {
        response->own_wait |= FLOW_WAIT_TRICKLE;
        response->own_wait_us += trickle;
    }
    if (flow->held_since_us >= 0) {
        int64_t from = flow->held_since_us > request->last_byte_us ? flow->held_since_us
                                                                   : request->last_byte_us;
        if (response->mono_us > from) {
            response->own_wait |= FLOW_WAIT_STEP;
            response->own_wait_us += response->mono_us - from;
        }
    }
    if (response->own_wait_us > response->rtt_us)
        response->own_wait_us = response->rtt_us;
}

/* Pair a response with the oldest waiting request (there is one). */
static void flow_pair(struct flow *flow, struct flow_row *row)
{
    const struct flow_pending *oldest = &flow->pending[ring_pop(&flow->pending_ring)];

    row->paired = true;
    row->partner = oldest->number;
    row->rtt_us = row->mono_us - oldest->sent_us;
    if (row->rtt_us < 0)
        row->rtt_us = 0;
    flow_own_wait(flow, oldest, row);
    struct flow_row *request = flow_find_to_change(flow, oldest->number);
    if (request != NULL) {
        request->paired = true;
        request->partner = row->number;
        request->rtt_us = row->rtt_us;
    }
}

const struct flow_row *flow_add_received(struct flow *flow, enum flow_class how, const char *line,
                                         size_t len, bool partial, int64_t mono_us, int64_t wall_ms)
{
    bool waiting = flow_pending(flow) > 0;
    bool response = how == FLOW_AS_RESPONSE || (how == FLOW_GUESS && waiting);
    enum flow_kind kind = response ? FLOW_RESPONSE
                          : how == FLOW_AS_RAW ? FLOW_SERVER_SENT
                                               : FLOW_EVENT;
    struct flow_row *row = flow_append(flow, kind, mono_us, wall_ms);

    flow_keep_raw(row, line, len, !partial);
    row->partial = partial;
    if (response && waiting)
        flow_pair(flow, row);
    return row;
}

const struct flow_row *flow_add_note(struct flow *flow, enum flow_kind kind, const char *note,
                                     int64_t mono_us, int64_t wall_ms)
{
    struct flow_row *row = flow_append(flow, kind, mono_us, wall_ms);

    snprintf(row->note, sizeof(row->note), "%s", note != NULL ? note : "");
    if (kind == FLOW_CLOSED || kind == FLOW_CONNECT_FAILED || kind == FLOW_CONNECTING) {
        ring_clear(&flow->pending_ring);
        flow->raw = false; /* the next server is not known yet */
        flow->trickling = 0;
    }
    return row;
}

const struct flow_row *flow_add_step(struct flow *flow, enum flow_kind kind, const char *bytes,
                                     size_t len, int64_t mono_us, int64_t wall_ms)
{
    struct flow_row *row = flow_append(flow, kind, mono_us, wall_ms);

    flow_keep_raw(row, bytes, len, kind == FLOW_STEP_SEND); /* a send will carry a newline */
    row->step = FLOW_STEP_WAITING;
    return row;
}

void flow_step_settle(struct flow *flow, unsigned long number, enum flow_step step)
{
    struct flow_row *row = flow_find_to_change(flow, number);

    if (row != NULL && row->step != FLOW_STEP_NONE)
        row->step = step;
}

const struct flow_row *flow_add_fragment(struct flow *flow, const char *bytes, size_t len,
                                         unsigned fragment, unsigned fragments, int64_t mono_us,
                                         int64_t wall_ms)
{
    struct flow_row *row = flow_append(flow, FLOW_FRAGMENT, mono_us, wall_ms);

    flow_keep_raw(row, bytes, len, false); /* the last fragment's newline is in `bytes` */
    row->fragment = fragment;
    row->fragments = fragments;
    size_t slot;
    if (flow->trickling != 0 && flow_pending_slot(flow, flow->trickling, &slot))
        flow->pending[slot].last_byte_us = mono_us; /* the wait for its answer starts here */
    if (fragment >= fragments)
        flow->trickling = 0;
    return row;
}

void flow_set_fragments(struct flow *flow, unsigned long number, unsigned fragments)
{
    struct flow_row *row = flow_find_to_change(flow, number);

    if (row != NULL && row->kind == FLOW_REQUEST) {
        row->fragments = fragments;
        flow->trickling = number;
    }
}

void flow_set_raw(struct flow *flow, bool raw)
{
    flow->raw = raw;
    if (raw)
        ring_clear(&flow->pending_ring);
}

void flow_hold(struct flow *flow, int64_t received_us)
{
    flow->held_since_us = received_us;
}

size_t flow_mark_overdue(struct flow *flow, int64_t now_us, int64_t limit_us)
{
    size_t marked = 0;

    for (size_t i = 0; i < ring_count(&flow->pending_ring); i++) {
        struct flow_pending *pending = &flow->pending[ring_slot(&flow->pending_ring, i)];
        if (pending->overdue || now_us - pending->last_byte_us < limit_us)
            continue;
        pending->overdue = true;
        struct flow_row *request = flow_find_to_change(flow, pending->number);
        if (request != NULL)
            request->overdue = true;
        marked++;
    }
    return marked;
}

int64_t flow_overdue_due_us(const struct flow *flow, int64_t limit_us)
{
    int64_t due = -1;

    for (size_t i = 0; i < ring_count(&flow->pending_ring); i++) {
        const struct flow_pending *pending = &flow->pending[ring_slot(&flow->pending_ring, i)];
        if (!pending->overdue && (due < 0 || pending->last_byte_us + limit_us < due))
            due = pending->last_byte_us + limit_us;
    }
    return due;
}

size_t flow_escape(const char *raw, size_t len, char *out, size_t room)
{
    size_t used = 0;

    if (room == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char byte = (unsigned char)raw[i];
        char piece[8];

        if (byte == '\n')
            snprintf(piece, sizeof(piece), "\\n");
        else if (byte == '\r')
            snprintf(piece, sizeof(piece), "\\r");
        else if (byte == '\t')
            snprintf(piece, sizeof(piece), "\\t");
        else if (byte == '\\')
            snprintf(piece, sizeof(piece), "\\\\");
        else if (byte < 0x20 || byte == 0x7F)
            snprintf(piece, sizeof(piece), "\\x%02x", byte);
        else
            piece[0] = (char)byte, piece[1] = '\0'; /* UTF-8 passes; the view sanitises */
        size_t piece_len = strlen(piece);
        if (used + piece_len >= room)
            break;
        memcpy(out + used, piece, piece_len);
        used += piece_len;
    }
    out[used] = '\0';
    return used;
}

size_t flow_hex(const char *raw, size_t len, char *out, size_t room)
{
    size_t used = 0;

    if (room == 0)
        return 0;
    out[0] = '\0';
    for (size_t i = 0; i < len && used + 4 <= room; i++)
        used +=
            (size_t)snprintf(out + used, room - used, i ? " %02x" : "%02x", (unsigned char)raw[i]);
    return used;
}
