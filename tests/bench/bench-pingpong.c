/*
 * bench-pingpong.c - pingpong mode: the time one message takes, with no crowd.
 *
 * Two clients, b0 and b1, and one message in flight at any time:
 *
 *   b0 says "SEQ 0 T"        T: b0's clock when it sent the line
 *   b1 receives "MSG b0 SEQ 0 T" and at once says "SEQ 1 T" (the same T)
 *   b0 receives "MSG b1 SEQ 1 T": the round trip is now - T
 *
 * One round trip is two passes through the server and four through the
 * loopback device. The one-way time (b0 sends, b1 receives) is measured too,
 * and afterwards the same number of "/ping SEQ" -> "OK ping SEQ" round trips of
 * b0 alone: one pass through the server, nothing relayed.
 */
#include "bench.h"

#include "clock.h"
#include "protocol.h"

#include <stdio.h>
#include <string.h>

enum pingpong_phase {
    PINGPONG_RELAY, /* b0 -> b1 -> b0 through the server */
    PINGPONG_PING,  /* b0: /ping -> OK ping */
    PINGPONG_DONE,
};

struct pingpong {
    struct bench_pool pool;
    enum pingpong_phase phase;
    unsigned rounds; /* measured rounds per phase (plus BENCH_WARMUP_ROUNDS) */
    unsigned round;  /* the round in flight, from 1 */
    uint64_t errors, malformed;
    struct bench_latency round_trip, one_way, ping;
};

/* ---- Sending -------------------------------------------------------------------------- */

/* b0 starts round `round` of the current phase. */
static void pingpong_serve(struct pingpong *game)
{
    char line[64];
    struct bench_conn *b0 = &game->pool.conns[0];
    long long now = (long long)clock_us();
    int len = game->phase == PINGPONG_RELAY
                  ? snprintf(line, sizeof(line), "%u 0 %lld\n", game->round, now)
                  : snprintf(line, sizeof(line), "/ping %u:%lld\n", game->round, now);

    bench_conn_send(&game->pool, b0, line, (size_t)len);
}

/* Round `game->round` is back at b0: record it and start the next (or the next phase). */
static void pingpong_returned(struct pingpong *game, struct bench_latency *latency,
                              long long sent_us, int64_t now_us)
{
    if (game->round > BENCH_WARMUP_ROUNDS)
        bench_latency_add(latency, now_us - sent_us);
    if (++game->round > game->rounds + BENCH_WARMUP_ROUNDS) {
        game->phase++;
        game->round = 1;
    }
    if (game->phase != PINGPONG_DONE)
        pingpong_serve(game);
}

/* ---- Receiving ---------------------------------------------------------------------------- */

/* "SEQ SENDER T" or "SEQ:T": the three (or two) numbers; false if not ours. */
static bool pingpong_parse(struct proto_slice text, unsigned *seq, unsigned *sender,
                           long long *sent_us)
{
    char copy[64];

    if (text.len >= sizeof(copy))
        return false;
    memcpy(copy, text.text, text.len);
    copy[text.len] = '\0';
    *sender = 0;
    return sscanf(copy, "%u %u %lld", seq, sender, sent_us) == 3 ||
           sscanf(copy, "%u:%lld", seq, sent_us) == 2;
}

static void pingpong_line(void *context, struct bench_conn *conn, const char *line, size_t len,
                          int64_t now_us)
{
    struct pingpong *game = context;
    struct proto_line parsed;
    unsigned seq, sender;
    long long sent_us;

    proto_parse_line(line, len, &parsed);
    if (parsed.kind == PROTO_LINE_ERR || parsed.kind == PROTO_LINE_LEAVE ||
        parsed.kind == PROTO_LINE_BYE) {
        if (game->errors++ < 5)
            fprintf(stderr, "obrol-bench: b%u received: %.*s\n", conn->id, (int)len, line);
        return;
    }
    bool is_ping = parsed.kind == PROTO_LINE_OK && parsed.word.len == 4 &&
                   memcmp(parsed.word.text, "ping", 4) == 0;
    if (parsed.kind != PROTO_LINE_MSG && !is_ping)
        return; /* "OK say", JOIN, NICK, WELCOME */
    if (!pingpong_parse(parsed.rest, &seq, &sender, &sent_us) || seq != game->round) {
        game->malformed++;
        return;
    }
    if (conn->id == 1 && parsed.kind == PROTO_LINE_MSG && game->phase == PINGPONG_RELAY) {
        /* b1: the ball arrived; send it straight back with b0's time in it. */
        if (game->round > BENCH_WARMUP_ROUNDS)
            bench_latency_add(&game->one_way, now_us - sent_us);
        char reply[64];
        int reply_len = snprintf(reply, sizeof(reply), "%u 1 %lld\n", seq, sent_us);
        bench_conn_send(&game->pool, conn, reply, (size_t)reply_len);
    } else if (conn->id == 0 && parsed.kind == PROTO_LINE_MSG && sender == 1 &&
               game->phase == PINGPONG_RELAY) {
        pingpong_returned(game, &game->round_trip, sent_us, now_us);
    } else if (conn->id == 0 && is_ping && game->phase == PINGPONG_PING) {
        pingpong_returned(game, &game->ping, sent_us, now_us);
    } else {
        game->malformed++;
    }
}

/* ---- The run ----------------------------------------------------------------------------- */

static void pingpong_report(const struct pingpong *game)
{
    const struct bench_latency *trip = &game->round_trip;

    printf("pingpong: %u round trips b0 -> b1 -> b0: p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
           "one way p50 %.3f ms; /ping p50 %.3f ms, p99 %.3f ms\n",
           (unsigned)trip->count, (double)bench_latency_percentile(trip, 0.50) / 1000,
           (double)bench_latency_percentile(trip, 0.99) / 1000, (double)trip->max_us / 1000,
           (double)bench_latency_percentile(&game->one_way, 0.50) / 1000,
           (double)bench_latency_percentile(&game->ping, 0.50) / 1000,
           (double)bench_latency_percentile(&game->ping, 0.99) / 1000);
    printf("mode=pingpong\n");
    bench_report_int("rounds", game->rounds);
    bench_report_int("warmup_rounds", BENCH_WARMUP_ROUNDS);
    bench_report_int("errors", (long long)game->errors);
    bench_report_int("malformed", (long long)game->malformed);
    bench_report_int("completed", game->phase == PINGPONG_DONE);
    bench_report_latency("rtt", trip);
    bench_report_latency("oneway", &game->one_way);
    bench_report_latency("ping", &game->ping);
}

int bench_pingpong(const struct bench_options *options)
{
    struct pingpong game;
    struct bench_handler handler = {pingpong_line, NULL, &game};
    int64_t deadline = clock_us() + (int64_t)options->deadline * 1000000;
    int status = 1;

    memset(&game, 0, sizeof(game));
    game.rounds = options->messages;
    game.round = 1;
    if (bench_latency_init(&game.round_trip) == 0 && bench_latency_init(&game.one_way) == 0 &&
        bench_latency_init(&game.ping) == 0 &&
        bench_pool_init(&game.pool, 2, options->port, deadline) == 0 &&
        bench_pool_connect(&game.pool, NULL) == 0 && bench_pool_name_all(&game.pool) == 0) {
        pingpong_serve(&game);
        while (game.phase != PINGPONG_DONE && game.errors == 0 &&
               bench_pool_turn(&game.pool, BENCH_POLL_SLICE_MS, &handler) == 0) {
            /* each turn handles what arrived; the handler moves the game on */
        }
        pingpong_report(&game);
        if (game.phase != PINGPONG_DONE)
            fprintf(stderr, "obrol-bench: ping-pong stopped in round %u\n", game.round);
        status = game.phase == PINGPONG_DONE && game.errors == 0 && game.malformed == 0 ? 0 : 2;
    }
    bench_pool_free(&game.pool);
    bench_latency_free(&game.round_trip);
    bench_latency_free(&game.one_way);
    bench_latency_free(&game.ping);
    return status;
}
