/*
 * flow.h - the flow log: every message that crossed the connection, in order.
 *
 * This is the model behind the sequence diagram. Each row is one arrow:
 *
 *   client                     server
 *     |---- /who (5 bytes) ------->|     a request
 *     |<--- OK who budi  0.21 ms --|     its response, with the round trip
 *     |<--- JOIN siti -------------|     a pushed event
 *
 * plus rows for connecting and closing. Responses are paired with requests the
 * way the protocol promises: in order (first in, first out). The round-trip
 * time (RTT) is measured in microseconds from the request to its response;
 * when part of it was the client's own doing (the pauses of a /trickle, received
 * bytes held for a step), the row says how much, so that it is not taken for
 * the network's.
 *
 * A line that is not obrol's protocol is never paired with a request: a server
 * that is not obrol (a student's relay) sends what it likes, when it likes, and
 * an arrow labelled with a round trip would be a lie. It becomes a
 * FLOW_SERVER_SENT row, "the server sent", with no request attached. Once the
 * server is known not to speak obrol (flow_set_raw()), requests wait for no
 * response at all. (--batch keeps FLOW_GUESS, its documented "< " for a line
 * that came while a request waited.)
 *
 * A request with no response after a limit the caller names is marked overdue
 * (flow_mark_overdue()), once; the caller asks when the next one falls due
 * (flow_overdue_due_us()) for its select() time-out.
 *
 * Pure: times are passed in, nothing is printed or sent.
 */
#ifndef OBROL_CLIENT_FLOW_H
#define OBROL_CLIENT_FLOW_H

#include "ring.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLOW_ROWS_MAX 2000   /* the oldest rows are forgotten beyond this */
#define FLOW_RAW_MAX 4096    /* bytes of each message kept for inspection */
#define FLOW_PENDING_MAX 256 /* requests waiting for a response */
#define FLOW_NOTE_MAX 160    /* bytes of a connect or close row's note */

enum flow_kind {
    FLOW_CONNECTING,     /* connect() started */
    FLOW_CONNECTED,      /* the connection is up */
    FLOW_CONNECT_FAILED, /* connect() failed */
    FLOW_REQUEST,        /* client -> server */
    FLOW_RESPONSE,       /* server -> client, answering a request */
    FLOW_EVENT,          /* server -> client, pushed */
    FLOW_CLOSED,         /* the connection ended */
    FLOW_STEP_SEND,      /* step mode: a request about to be sent, waiting for a step */
    FLOW_STEP_RECV,      /* step mode: bytes recv() returned, waiting to be framed */
    FLOW_FRAGMENT,       /* /trickle: one send() of a piece of a request */
    FLOW_SERVER_SENT,    /* server -> client, a line that is not obrol's: no request paired */
};

/* Where a step-mode row stands. */
enum flow_step {
    FLOW_STEP_NONE,    /* not a step row */
    FLOW_STEP_WAITING, /* waiting for Space */
    FLOW_STEP_TAKEN,   /* the step was taken: sent, or framed and shown */
    FLOW_STEP_DROPPED, /* the connection closed first */
};

/* How a received line should be classified. */
enum flow_class {
    FLOW_AS_RESPONSE, /* OK or ERR */
    FLOW_AS_EVENT,    /* WELCOME, MSG, JOIN, ... */
    FLOW_AS_RAW,      /* not obrol's protocol: "the server sent", never a response */
    FLOW_GUESS,       /* --batch only: not obrol's, a response if a request is waiting */
};

/* What part of a round trip was the client's own doing (flags of flow_row.own_wait). */
enum flow_own_wait {
    FLOW_WAIT_TRICKLE = 1, /* the request went out in pieces, with pauses between */
    FLOW_WAIT_STEP = 2,    /* the response's bytes were received, then held for a step */
};

struct flow_row {
    enum flow_kind kind;
    unsigned long number; /* 1, 2, 3 ... for the whole session */
    int64_t mono_us;      /* monotonic time, for round trips */
    int64_t wall_ms;      /* wall-clock time, for showing */
    size_t bytes;         /* bytes on the wire, newline included */
    char *raw;            /* the first FLOW_RAW_MAX of them (NULL for notes) */
    size_t raw_len;
    bool partial;                 /* received without a newline (idle or close flush) */
    bool paired;                  /* request answered / response matched to a request */
    int64_t rtt_us;               /* round trip, when paired; -1 otherwise */
    unsigned long partner;        /* number of the matching request or response */
    char note[FLOW_NOTE_MAX];     /* address or reason, for connect and close rows */
    enum flow_step step;          /* step rows only */
    unsigned fragment, fragments; /* a fragment: which one of how many; a request: its
                                   * number of fragments when trickled (0: one send) */
    bool overdue;                 /* a request: no response came within the caller's limit */
    int64_t own_wait_us;          /* a response: how much of rtt_us was our own waiting */
    unsigned own_wait;            /* ... and which (enum flow_own_wait flags) */
};

struct flow_pending {
    unsigned long number;
    int64_t sent_us;
    int64_t last_byte_us; /* when its last byte was handed to send() (trickled: later) */
    bool overdue;         /* marked already */
};

struct flow {
    struct flow_row *rows; /* FLOW_ROWS_MAX slots */
    struct ring row_ring;  /* which slot holds which row, oldest first */
    unsigned long next_number;
    struct flow_pending pending[FLOW_PENDING_MAX];
    struct ring pending_ring; /* the requests waiting for a response, oldest first */
    bool raw;                 /* the server is not obrol: no request waits for a response */
    unsigned long trickling;  /* the request going out in fragments, or 0 */
    int64_t held_since_us;    /* the bytes being framed now were received then (-1: now) */
};

bool flow_init(struct flow *flow);
void flow_free(struct flow *flow);

/* A request line (without its newline, which the row adds) was sent. */
const struct flow_row *flow_add_request(struct flow *flow, const char *line, size_t len,
                                        int64_t mono_us, int64_t wall_ms);

/* A line was received (without its newline; `partial` when it had none).
 * Returns the new row (paired and rtt_us set for a response). */
const struct flow_row *flow_add_received(struct flow *flow, enum flow_class how, const char *line,
                                         size_t len, bool partial, int64_t mono_us,
                                         int64_t wall_ms);

/* A connect or close row with a note. A close forgets the waiting requests:
 * a closed connection will not answer them. */
const struct flow_row *flow_add_note(struct flow *flow, enum flow_kind kind, const char *note,
                                     int64_t mono_us, int64_t wall_ms);

/* Step mode: a row that waits for a step. A FLOW_STEP_SEND row keeps the line
 * and the newline that will be sent; a FLOW_STEP_RECV row the bytes received. */
const struct flow_row *flow_add_step(struct flow *flow, enum flow_kind kind, const char *bytes,
                                     size_t len, int64_t mono_us, int64_t wall_ms);
/* The step row `number` was taken (or dropped); nothing happens if it is forgotten. */
void flow_step_settle(struct flow *flow, unsigned long number, enum flow_step step);

/* /trickle: one fragment (its raw bytes) was handed to send(). */
const struct flow_row *flow_add_fragment(struct flow *flow, const char *bytes, size_t len,
                                         unsigned fragment, unsigned fragments, int64_t mono_us,
                                         int64_t wall_ms);
/* The request `number` goes out in `fragments` send()s. */
void flow_set_fragments(struct flow *flow, unsigned long number, unsigned fragments);

/* The server is not obrol (`raw`): the waiting requests are forgotten, and new
 * ones wait for nothing. A connect or close row makes it unknown again. */
void flow_set_raw(struct flow *flow, bool raw);

/* Step mode: the bytes framed from now on were received at `received_us`, and
 * held for a step until now (-1: they are framed as they come). */
void flow_hold(struct flow *flow, int64_t received_us);

/* Mark every waiting request with no response `limit_us` after its last byte
 * went out as overdue. Returns how many were marked just now. */
size_t flow_mark_overdue(struct flow *flow, int64_t now_us, int64_t limit_us);
/* When the next waiting request will be overdue (same clock), or -1: none will. */
int64_t flow_overdue_due_us(const struct flow *flow, int64_t limit_us);
/* True while the request `number` still waits for its response. */
bool flow_is_pending(const struct flow *flow, unsigned long number);

size_t flow_count(const struct flow *flow);
/* Row `index`, 0 being the oldest still kept. */
const struct flow_row *flow_row(const struct flow *flow, size_t index);
/* The row with this number, or NULL when forgotten. */
const struct flow_row *flow_find(const struct flow *flow, unsigned long number);
/* Requests still waiting for their response. */
size_t flow_pending(const struct flow *flow);

/* Show bytes as C-style text: \n \r \t \\ and \xNN for other control bytes. */
size_t flow_escape(const char *raw, size_t len, char *out, size_t room);
/* Show bytes as hex pairs separated by spaces ("2f 77 0a"). */
size_t flow_hex(const char *raw, size_t len, char *out, size_t room);

#endif
