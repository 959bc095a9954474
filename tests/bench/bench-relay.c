/*
 * bench-relay.c - relay mode: N clients, each says M things to everybody.
 *
 * Every client takes a nick (b0, b1, ...) and waits until all have theirs, so
 * that the server knows everybody before the first message. Then each client
 * sends M numbered messages:
 *
 *   SEQ SENDER SEND_TIME_US xxxxxxxx...      (padded to --size bytes)
 *
 * and the server relays each one to the N-1 others as "MSG bSENDER SEQ ...".
 * One relayed line arriving at one client is one *delivery*; a run expects
 * N * (N-1) * M of them. The receiver subtracts SEND_TIME_US from the time the
 * bytes arrived: both come from the same CLOCK_MONOTONIC on the same machine,
 * so the difference is the time the line spent in the kernels and the server.
 *
 * A client keeps at most --window messages in flight: it sends the next one
 * only when the "OK say" of an earlier one has come back. Without that window
 * every client would pour all M messages in at once, and the latency measured
 * would be the length of the queues, not the speed of the server.
 */
#include "bench.h"

#include "clock.h"
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for one message: three numbers, spaces, padding and the LF. */
#define RELAY_LINE_MAX (PROTO_DEFAULT_MAX_LINE + 2)

struct relay {
    struct bench_pool pool;
    unsigned clients, messages, window, size;
    uint32_t *highest; /* [receiver * clients + sender]: highest SEQ seen so far */
    uint8_t *seen;     /* one bit per (receiver, sender, SEQ): caught duplicates */
    uint64_t expected, delivered, duplicates, out_of_order, malformed, errors;
    unsigned finished; /* clients whose every message was acknowledged */
    struct bench_latency latency;
    int64_t first_send_us, last_delivery_us;
    char *batch; /* the lines one client sends at once */
};

/* ---- Sending --------------------------------------------------------------------- */

/* Append one message line; returns its length. */
static size_t relay_compose(const struct relay *relay, char *out, unsigned seq, unsigned sender,
                            int64_t now_us)
{
    int len = snprintf(out, RELAY_LINE_MAX, "%u %u %lld ", seq, sender, (long long)now_us);
    size_t used = len > 0 ? (size_t)len : 0;

    while (used < relay->size && used < RELAY_LINE_MAX - 1)
        out[used++] = 'x';
    out[used++] = '\n';
    return used;
}

/* Send as many messages as the client's window allows, in one send(). */
static void relay_fill(struct relay *relay, struct bench_conn *conn)
{
    size_t len = 0;
    int64_t now = clock_us(); /* taken just before send(): the time the lines leave */

    while (conn->sent < relay->messages && conn->sent - conn->acked < relay->window) {
        conn->sent++;
        len += relay_compose(relay, relay->batch + len, conn->sent, conn->id, now);
    }
    if (len > 0)
        bench_conn_send(&relay->pool, conn, relay->batch, len);
}

/* ---- Receiving ------------------------------------------------------------------- */

/* Read a decimal number at *p (before end) and step past the space after it. */
static bool relay_number(const char **p, const char *end, unsigned long long *value)
{
    const char *at = *p; /* locals, not *p and *value: this runs millions of times */
    unsigned long long number = 0;

    while (at < end && *at >= '0' && *at <= '9')
        number = number * 10 + (unsigned long long)(*at++ - '0');
    if (at == *p)
        return false;
    *value = number;
    *p = at < end && *at == ' ' ? at + 1 : at;
    return true;
}

/* One "MSG bSENDER SEQ SENDER TIME ..." arrived at `conn`: check it and time it. */
static void relay_delivery(struct relay *relay, const struct bench_conn *conn,
                           struct proto_slice text, int64_t now_us)
{
    const char *p = text.text, *end = text.text + text.len;
    unsigned long long seq, sender, sent_us;

    if (!relay_number(&p, end, &seq) || !relay_number(&p, end, &sender) ||
        !relay_number(&p, end, &sent_us) || seq < 1 || seq > relay->messages ||
        sender >= relay->clients || sender == conn->id) {
        relay->malformed++;
        return;
    }
    size_t pair = (size_t)conn->id * relay->clients + sender;
    size_t bit = pair * relay->messages + (seq - 1);
    if (relay->seen[bit / 8] & (1u << (bit % 8))) {
        relay->duplicates++;
        return;
    }
    relay->seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
    if (seq < relay->highest[pair])
        relay->out_of_order++; /* TCP and the server both keep order: this must not happen */
    else
        relay->highest[pair] = (uint32_t)seq;
    relay->delivered++;
    relay->last_delivery_us = now_us;
    bench_latency_add(&relay->latency, now_us - (int64_t)sent_us);
}

static bool relay_is_verb(const struct proto_line *parsed, const char *verb)
{
    size_t len = strlen(verb);

    return parsed->word.len == len && memcmp(parsed->word.text, verb, len) == 0;
}

static void relay_line(void *context, struct bench_conn *conn, const char *line, size_t len,
                       int64_t now_us)
{
    struct relay *relay = context;
    struct proto_line parsed;

    proto_parse_line(line, len, &parsed);
    switch (parsed.kind) {
    case PROTO_LINE_MSG:
        relay_delivery(relay, conn, parsed.rest, now_us);
        break;
    case PROTO_LINE_OK:
        if (!relay_is_verb(&parsed, "say"))
            break;
        if (conn->acked >= conn->sent) {
            relay->malformed++; /* an answer to a request never made */
            break;
        }
        if (++conn->acked == relay->messages)
            relay->finished++;
        break;
    case PROTO_LINE_ERR:
    case PROTO_LINE_LEAVE:
    case PROTO_LINE_BYE:
        if (relay->errors++ < 5)
            fprintf(stderr, "obrol-bench: b%u received: %.*s\n", conn->id, (int)len, line);
        break;
    default:
        break; /* JOIN, NICK, WELCOME: part of connecting, not of the measurement */
    }
}

/* After every read: the "OK say" lines in it may have opened the window. */
static void relay_after_read(void *context, struct bench_conn *conn, int64_t now_us)
{
    (void)now_us; /* relay_fill takes its own time, just before sending */
    relay_fill(context, conn);
}

/* ---- The run ----------------------------------------------------------------------- */

static int relay_init(struct relay *relay, const struct bench_options *options)
{
    unsigned n = options->clients;
    uint64_t bits = (uint64_t)n * n * options->messages;

    memset(relay, 0, sizeof(*relay));
    relay->clients = n;
    relay->messages = options->messages;
    relay->window = options->window;
    relay->size = options->size;
    relay->expected = (uint64_t)n * (n - 1) * options->messages;
    if (bits > (uint64_t)8 << 30) {
        fprintf(stderr, "obrol-bench: %u clients x %u messages is too many to track\n", n,
                options->messages);
        return -1;
    }
    relay->highest = calloc((size_t)n * n, sizeof(*relay->highest));
    relay->seen = calloc((size_t)(bits / 8 + 1), 1);
    relay->batch = malloc((size_t)options->window * RELAY_LINE_MAX);
    if (relay->highest == NULL || relay->seen == NULL || relay->batch == NULL) {
        fprintf(stderr, "obrol-bench: out of memory\n");
        return -1;
    }
    int64_t deadline = clock_us() + (int64_t)options->deadline * 1000000;
    if (bench_latency_init(&relay->latency) != 0 ||
        bench_pool_init(&relay->pool, n, options->port, deadline) != 0)
        return -1;
    return 0;
}

static void relay_free(struct relay *relay)
{
    bench_pool_free(&relay->pool);
    bench_latency_free(&relay->latency);
    free(relay->highest);
    free(relay->seen);
    free(relay->batch);
}

/*
 * Send and receive until every delivery has arrived, or until BENCH_DRAIN_MS
 * after the last acknowledgement (or a lost connection): what has not arrived
 * by then is lost. The overall deadline bounds the whole loop.
 */
static void relay_measure(struct relay *relay)
{
    struct bench_handler handler = {relay_line, relay_after_read, relay};
    int64_t drain_until = 0;

    relay->first_send_us = clock_us();
    for (unsigned i = 0; i < relay->clients; i++)
        relay_fill(relay, &relay->pool.conns[i]);
    while (relay->delivered < relay->expected || relay->finished < relay->clients) {
        if (drain_until == 0 && (relay->finished == relay->clients || relay->pool.closed > 0))
            drain_until = clock_us() + (int64_t)BENCH_DRAIN_MS * 1000;
        if (drain_until != 0 && clock_us() >= drain_until)
            break;
        if (bench_pool_turn(&relay->pool, BENCH_POLL_SLICE_MS, &handler) != 0)
            break;
    }
}

static void relay_report(const struct relay *relay)
{
    uint64_t lost = relay->expected - relay->delivered;
    double seconds = (double)(relay->last_delivery_us - relay->first_send_us) / 1e6;
    double rate = seconds > 0 ? (double)relay->delivered / seconds : 0;
    const struct bench_latency *latency = &relay->latency;

    printf("relay: %u clients x %u messages (window %u, %u bytes): %llu of %llu delivered, "
           "%llu lost, %llu duplicates, %llu out of order; %.2f M deliveries/s over %.3f s; "
           "latency p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
           relay->clients, relay->messages, relay->window, relay->size,
           (unsigned long long)relay->delivered, (unsigned long long)relay->expected,
           (unsigned long long)lost, (unsigned long long)relay->duplicates,
           (unsigned long long)relay->out_of_order, rate / 1e6, seconds,
           (double)bench_latency_percentile(latency, 0.50) / 1000,
           (double)bench_latency_percentile(latency, 0.99) / 1000, (double)latency->max_us / 1000);
    printf("mode=relay\n");
    bench_report_int("clients", relay->clients);
    bench_report_int("messages", relay->messages);
    bench_report_int("window", relay->window);
    bench_report_int("size", relay->size);
    bench_report_int("expected", (long long)relay->expected);
    bench_report_int("delivered", (long long)relay->delivered);
    bench_report_int("lost", (long long)lost);
    bench_report_int("duplicates", (long long)relay->duplicates);
    bench_report_int("out_of_order", (long long)relay->out_of_order);
    bench_report_int("malformed", (long long)relay->malformed);
    bench_report_int("errors", (long long)relay->errors);
    bench_report_int("closed", relay->pool.closed);
    bench_report_double("seconds", seconds, 6);
    bench_report_double("deliveries_per_s", rate, 0);
    bench_report_latency("latency", latency);
}

int bench_relay(const struct bench_options *options)
{
    struct relay relay;
    int status = 1;

    if (relay_init(&relay, options) == 0 && bench_pool_connect(&relay.pool, NULL) == 0 &&
        bench_pool_name_all(&relay.pool) == 0) {
        relay_measure(&relay);
        relay_report(&relay);
        bool wrong = relay.delivered != relay.expected || relay.duplicates > 0 ||
                     relay.out_of_order > 0 || relay.malformed > 0 || relay.errors > 0;
        status = wrong ? 2 : 0;
    }
    relay_free(&relay);
    return status;
}
