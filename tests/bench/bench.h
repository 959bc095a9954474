/*
 * bench.h - obrol-bench, the load generator: what its parts share.
 *
 * One process drives many client connections to one obrol-server through one
 * poll() loop, the way the server drives its clients through one select()
 * loop. The files, one per idea:
 *
 *   obrol-bench.c    options, the file descriptor limit, the report
 *   bench-pool.c     the connections: connect, send, poll, frame lines
 *   bench-stats.c    latency histogram, percentiles, /proc/PID readings
 *   bench-relay.c    relay mode: everybody talks to everybody
 *   bench-pingpong.c pingpong mode: two clients bounce one message
 *   bench-idle.c     idle mode: many quiet clients, what they cost the server
 *
 * docs/performance.md explains the method and the figures.
 */
#ifndef OBROL_BENCH_H
#define OBROL_BENCH_H

#include "linebuf.h"
#include "outq.h"

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- Settings --------------------------------------------------------------- */

/* Lines from the server may be this long (docs/protocol.md: clients accept 64 KiB). */
#define BENCH_MAX_LINE 65536
/* Bytes one connection may have waiting to be sent before the run is called broken. */
#define BENCH_MAX_QUEUE (1024 * 1024)
/* Connections being set up at the same time (the server's listen backlog is 128). */
#define BENCH_CONNECT_BATCH 64
/* How long poll() sleeps at most, so that every deadline is looked at. */
#define BENCH_POLL_SLICE_MS 100
/* After the last message is acknowledged, wait at most this long for deliveries. */
#define BENCH_DRAIN_MS 5000
/* Ping-pong rounds left out of the figures while caches and the scheduler warm up. */
#define BENCH_WARMUP_ROUNDS 200

enum bench_mode {
    BENCH_RELAY,
    BENCH_PINGPONG,
    BENCH_IDLE,
};

struct bench_options {
    enum bench_mode mode;
    unsigned port;
    unsigned clients;  /* relay and idle */
    unsigned messages; /* relay: per client; pingpong: rounds */
    unsigned window;   /* relay: own messages in flight per client */
    unsigned size;     /* relay: bytes of text per message (padded) */
    unsigned seconds;  /* idle: how long the clients stay quiet */
    unsigned deadline; /* seconds: the whole run stops after this, whatever happens */
    pid_t server_pid;  /* idle: whose CPU time and memory to read (0: none) */
};

/* ---- The connections (bench-pool.c) ------------------------------------------ */

struct bench_conn {
    int fd;
    unsigned id;       /* 0 .. clients-1: the nick is "b<id>" */
    bool open;         /* false once the server closed it, or on an error */
    struct linebuf in; /* bytes received, framed into lines */
    struct outq out;   /* bytes the kernel has not taken yet */
    /* What the scenarios keep per client. */
    bool named;     /* "OK nick b<id>" came back */
    bool welcomed;  /* a WELCOME line arrived */
    unsigned sent;  /* messages sent */
    unsigned acked; /* "OK say" responses received */
};

/* Called for every line a connection receives (without its LF), and once after
 * every recv() that brought lines, with the time the bytes arrived. */
struct bench_handler {
    void (*line)(void *context, struct bench_conn *conn, const char *line, size_t len,
                 int64_t now_us);
    void (*after_read)(void *context, struct bench_conn *conn, int64_t now_us);
    void *context;
};

struct bench_pool {
    struct bench_conn *conns;
    struct pollfd *polls;
    unsigned count;
    unsigned port;
    int64_t deadline_us; /* the overall deadline (clock_us) */
    unsigned closed;     /* connections the server closed */
    bool failed;         /* a fatal error was printed */
};

/* Allocate `count` connections (not yet connected). Returns -1 if out of memory. */
int bench_pool_init(struct bench_pool *pool, unsigned count, unsigned port, int64_t deadline_us);
void bench_pool_free(struct bench_pool *pool);

/*
 * Connect every connection to 127.0.0.1:port, BENCH_CONNECT_BATCH at a time,
 * and return once the server has accepted all of them. b0 takes its nick on
 * the way. Lines that arrive meanwhile go to `handler` (may be NULL).
 */
int bench_pool_connect(struct bench_pool *pool, const struct bench_handler *handler);

/* Queue bytes for a connection and offer them to the kernel at once. */
void bench_conn_send(struct bench_pool *pool, struct bench_conn *conn, const char *bytes,
                     size_t len);

/*
 * One turn of the loop: poll() every open connection for at most timeout_ms,
 * write what is queued, read what arrived and hand each line to the handler.
 * Returns -1 when the overall deadline has passed or nothing can be polled.
 */
int bench_pool_turn(struct bench_pool *pool, int timeout_ms, const struct bench_handler *handler);

/* Send "/nick b<id>" on every connection and turn until every one is answered. */
int bench_pool_name_all(struct bench_pool *pool);

/* ---- Figures (bench-stats.c) ---------------------------------------------------- */

/* Microsecond buckets up to 100 ms, millisecond buckets above (up to 100 s). */
#define BENCH_HIST_FINE 100000
#define BENCH_HIST_COARSE 100000

struct bench_latency {
    uint64_t *buckets; /* BENCH_HIST_FINE + BENCH_HIST_COARSE counters */
    uint64_t count;
    int64_t max_us;
    int64_t min_us;
    double sum_us;
};

int bench_latency_init(struct bench_latency *latency);
void bench_latency_free(struct bench_latency *latency);
void bench_latency_add(struct bench_latency *latency, int64_t us);
/* The latency below which `fraction` (0.5, 0.99) of the samples lie, in microseconds. */
int64_t bench_latency_percentile(const struct bench_latency *latency, double fraction);

/* CPU time (user + system) of a process in seconds, from /proc/PID/stat; -1 on error. */
double bench_proc_cpu_seconds(pid_t pid);
/* Resident memory of a process in KiB, from /proc/PID/status; -1 on error. */
long bench_proc_rss_kib(pid_t pid);

/* ---- The scenarios ------------------------------------------------------------------ */

/* Each runs one measurement, prints its summary and key=value lines, and returns
 * 0 (done, nothing lost), 2 (done, but messages lost or wrong) or 1 (could not run). */
int bench_relay(const struct bench_options *options);
int bench_pingpong(const struct bench_options *options);
int bench_idle(const struct bench_options *options);

/* Print "key=value" for the machine-readable part of the report. */
void bench_report_int(const char *key, long long value);
void bench_report_double(const char *key, double value, int decimals);
void bench_report_latency(const char *prefix, const struct bench_latency *latency);

#endif
