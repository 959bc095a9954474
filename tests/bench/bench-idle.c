/*
 * bench-idle.c - idle mode: what quiet clients cost the server.
 *
 * A select() server that is written well sleeps while nobody talks: no timer
 * wakes it up and no client is polled in a loop. This mode connects N clients,
 * waits until the server has greeted every one (WELCOME comes after 300 ms of
 * silence, so after it the server has no timer left; b0 is named instead), and then keeps quiet for
 * --seconds. It reads from /proc/PID of the server:
 *
 *   the CPU time (user + system) used during the quiet seconds, which should be 0;
 *   the resident memory before the clients came and after they were greeted:
 *   the difference divided by N is what one idle client costs.
 */
#include "bench.h"

#include "clock.h"
#include "protocol.h"

#include <stdio.h>
#include <string.h>

struct idle {
    struct bench_pool pool;
    unsigned welcomed;
    uint64_t lines_while_quiet; /* anything the server sent while all were quiet */
    bool quiet;
};

static void idle_line(void *context, struct bench_conn *conn, const char *line, size_t len,
                      int64_t now_us)
{
    struct idle *idle = context;
    struct proto_line parsed;

    (void)now_us; /* nothing is timed here */
    if (idle->quiet)
        idle->lines_while_quiet++;
    proto_parse_line(line, len, &parsed);
    if (parsed.kind == PROTO_LINE_WELCOME && !conn->welcomed) {
        conn->welcomed = true;
        idle->welcomed++;
    }
}

/*
 * Turn the loop until every client is welcomed; -1 if the deadline passes first.
 * b0 is not greeted: it took its nick while connecting (bench_pool_connect).
 */
static int idle_wait_for_welcomes(struct idle *idle, const struct bench_handler *handler)
{
    while (idle->welcomed < idle->pool.count - 1) {
        if (idle->pool.closed > 0 ||
            bench_pool_turn(&idle->pool, BENCH_POLL_SLICE_MS, handler) != 0) {
            fprintf(stderr, "obrol-bench: only %u of %u clients were welcomed\n", idle->welcomed,
                    idle->pool.count);
            return -1;
        }
    }
    return 0;
}

/* Stay quiet for `seconds`, still reading (and counting) whatever arrives. */
static void idle_keep_quiet(struct idle *idle, const struct bench_handler *handler,
                            unsigned seconds)
{
    int64_t until = clock_us() + (int64_t)seconds * 1000000;

    idle->quiet = true;
    for (int64_t now = clock_us(); now < until; now = clock_us()) {
        int64_t left_ms = (until - now + 999) / 1000;
        if (bench_pool_turn(&idle->pool, left_ms > 1000 ? 1000 : (int)left_ms, handler) != 0)
            break;
    }
    idle->quiet = false;
}

int bench_idle(const struct bench_options *options)
{
    struct idle idle;
    struct bench_handler handler = {idle_line, NULL, &idle};
    int64_t deadline = clock_us() + (int64_t)options->deadline * 1000000;
    pid_t pid = options->server_pid;

    memset(&idle, 0, sizeof(idle));
    long rss_before = pid > 0 ? bench_proc_rss_kib(pid) : -1;
    if (bench_pool_init(&idle.pool, options->clients, options->port, deadline) != 0 ||
        bench_pool_connect(&idle.pool, &handler) != 0 ||
        idle_wait_for_welcomes(&idle, &handler) != 0) {
        bench_pool_free(&idle.pool);
        return 1;
    }
    long rss_after = pid > 0 ? bench_proc_rss_kib(pid) : -1;
    double cpu_before = pid > 0 ? bench_proc_cpu_seconds(pid) : -1;
    idle_keep_quiet(&idle, &handler, options->seconds);
    double cpu_after = pid > 0 ? bench_proc_cpu_seconds(pid) : -1;
    unsigned still_open = idle.pool.count - idle.pool.closed;
    bench_pool_free(&idle.pool);

    double cpu = cpu_before >= 0 && cpu_after >= 0 ? cpu_after - cpu_before : -1;
    double per_client = rss_before >= 0 && rss_after >= 0
                            ? (double)(rss_after - rss_before) / options->clients
                            : -1;
    printf("idle: %u clients quiet for %u s: server CPU %.2f s, memory %.2f KiB per client "
           "(RSS %ld -> %ld KiB), %llu lines received while quiet\n",
           options->clients, options->seconds, cpu, per_client, rss_before, rss_after,
           (unsigned long long)idle.lines_while_quiet);
    printf("mode=idle\n");
    bench_report_int("clients", options->clients);
    bench_report_int("seconds", options->seconds);
    bench_report_int("still_open", still_open);
    bench_report_int("lines_while_quiet", (long long)idle.lines_while_quiet);
    bench_report_double("cpu_seconds", cpu, 2);
    bench_report_int("rss_before_kib", rss_before);
    bench_report_int("rss_after_kib", rss_after);
    bench_report_double("kib_per_client", per_client, 2);
    if (pid > 0 && (cpu_before < 0 || cpu_after < 0 || rss_before < 0 || rss_after < 0))
        return 1;
    return still_open == options->clients ? 0 : 2;
}
