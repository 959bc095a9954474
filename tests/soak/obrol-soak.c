/*
 * obrol-soak.c - the soak test: options, the one poll() loop, the report.
 *
 *   obrol-soak --port P --server-pid PID [--seconds 300] [--rate 5] [--clients 200]
 *              [--observers 4] [--seed N]
 *
 * The run has three parts, all bounded in time:
 *
 *   1. the watchers (observers and prober) connect and take their nicks;
 *   2. for --seconds, the 200 unruly clients live their random sessions;
 *   3. the load stops: the unruly clients are closed, every observer says /quit
 *      and reads up to its "OK quit" (at most 30 s), and the ledger is judged.
 *
 * It prints key=value lines (tests/soak/run.sh and docs/reliability.md use
 * them) and a verdict. Exit status: 0 passed, 2 a check failed, 1 could not run.
 */
#include "soak.h"
#include "number.h"

#include "clock.h"
#include "fdlimit.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long the watchers may take to connect before the load starts. */
#define SOAK_SETUP_US (10 * 1000000LL)

static const char *const soak_junk_names[JUNK_COUNT] = {
    "random", "escape", "bad_utf8", "control", "exact_1024", "overlong", "command", "empty",
};

/* ---- Report lines ----------------------------------------------------------------- */

void soak_report_int(const char *key, long long value)
{
    printf("%s=%lld\n", key, value);
}

void soak_report_double(const char *key, double value, int decimals)
{
    printf("%s=%.*f\n", key, decimals, value);
}

/* ---- Options ---------------------------------------------------------------------- */

static void soak_usage(FILE *out)
{
    fprintf(out, "Usage: obrol-soak --port PORT [--server-pid PID] [--seconds S] [--rate N]\n"
                 "                  [--clients N] [--observers N] [--seed N]\n"
                 "  --rate N   the server's --rate (0: no limit), for the flood check\n");
}

/* A whole number in [low, high] (number_parse() from src/common says why not). */
static bool soak_number(const char *name, const char *text, unsigned long low, unsigned long high,
                        unsigned long *value)
{
    char option[32];

    snprintf(option, sizeof(option), "--%s", name);
    return number_parse("obrol-soak", option, text, low, high, value);
}

/* Returns 0 to run, 1 on a usage error, -1 after --help. */
static int soak_parse_options(struct soak_run *run, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"port", required_argument, NULL, 'p'},
        {"server-pid", required_argument, NULL, 'P'},
        {"seconds", required_argument, NULL, 's'},
        {"rate", required_argument, NULL, 'r'},
        {"clients", required_argument, NULL, 'c'},
        {"observers", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned long value;
    bool ok = true;
    int option;

    run->clients = SOAK_DEFAULT_CLIENTS;
    run->observers = SOAK_DEFAULT_OBSERVERS;
    run->seconds = SOAK_DEFAULT_SECONDS;
    run->rate = 5;
    run->seed = (uint64_t)time(NULL);
    while (ok && (option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
        case 'p':
            if ((ok = soak_number("port", optarg, 1, 65535, &value)))
                run->port = (unsigned)value;
            break;
        case 'P':
            if ((ok = soak_number("server-pid", optarg, 1, INT_MAX, &value)))
                run->server_pid = (pid_t)value;
            break;
        case 's':
            if ((ok = soak_number("seconds", optarg, 1, 86400, &value)))
                run->seconds = (unsigned)value;
            break;
        case 'r':
            if ((ok = soak_number("rate", optarg, 0, 1000000, &value)))
                run->rate = (unsigned)value;
            break;
        case 'c':
            if ((ok = soak_number("clients", optarg, 1, 900, &value)))
                run->clients = (unsigned)value;
            break;
        case 'o':
            if ((ok = soak_number("observers", optarg, 1, SOAK_MAX_OBSERVERS, &value)))
                run->observers = (unsigned)value;
            break;
        case 'S':
            if ((ok = soak_number("seed", optarg, 1, ULONG_MAX - 1, &value)))
                run->seed = value;
            break;
        case 'h':
            soak_usage(stdout);
            return -1;
        default:
            ok = false;
            break;
        }
    }
    if (ok && (optind < argc || run->port == 0)) {
        fprintf(stderr, "obrol-soak: %s\n",
                optind < argc ? "unexpected argument" : "--port is required");
        ok = false;
    }
    if (!ok) {
        soak_usage(stderr);
        return 1;
    }
    return 0;
}

/* Every client is a socket: raise the soft limit on file descriptors if it is too low. */
static int soak_raise_fd_limit(unsigned needed)
{
    unsigned long in_force;

    if (fdlimit_raise(needed, &in_force) == 0)
        return 0;
    fprintf(stderr, "obrol-soak: %u file descriptors needed; the limit is %lu (%s)\n", needed,
            in_force, strerror(errno));
    return -1;
}

/* ---- The loop ------------------------------------------------------------------------- */

/* One turn: poll every socket (at most SOAK_TICK_MS), then act on answers and timers. */
static int soak_turn(struct soak_run *run, struct pollfd *polls)
{
    unsigned unruly = soak_unruly_polls(run, polls);
    unsigned total = unruly + soak_watch_polls(run, polls + unruly);
    int64_t now_us = clock_us();
    int64_t next_us = soak_unruly_next_us(run);
    int timeout_ms = SOAK_TICK_MS;

    if (next_us > now_us && (next_us - now_us) / 1000 < timeout_ms)
        timeout_ms = (int)((next_us - now_us) / 1000);
    if (next_us <= now_us)
        timeout_ms = 0;
    if (poll(polls, total, timeout_ms) < 0 && errno != EINTR) {
        perror("obrol-soak: poll()");
        return -1;
    }
    now_us = clock_us();
    soak_unruly_events(run, polls, now_us);
    soak_watch_events(run, polls + unruly, now_us);
    soak_unruly_timers(run, now_us);
    soak_watch_timers(run, now_us);
    return 0;
}

/* Part 1: the watchers connect and take their nicks. */
static int soak_setup(struct soak_run *run, struct pollfd *polls)
{
    int64_t deadline = clock_us() + SOAK_SETUP_US;

    run->ending = true; /* no unruly sessions yet */
    while (!soak_watch_ready(run)) {
        if (clock_us() > deadline) {
            fprintf(stderr, "obrol-soak: the observers and the prober could not connect\n");
            return -1;
        }
        if (soak_turn(run, polls) != 0)
            return -1;
    }
    run->ending = false;
    return 0;
}

/* Parts 2 and 3. */
static int soak_load(struct soak_run *run, struct pollfd *polls)
{
    int64_t hard_end;

    run->start_us = clock_us();
    run->load_end_us = run->start_us + (int64_t)run->seconds * 1000000;
    hard_end = run->load_end_us + SOAK_FINISH_US + 5000000;
    if (soak_unruly_init(run) != 0) {
        fprintf(stderr, "obrol-soak: out of memory\n");
        return -1;
    }
    for (;;) {
        int64_t now_us = clock_us();
        if (!run->ending && now_us >= run->load_end_us) {
            run->ending = true;
            soak_unruly_stop(run, now_us);
            soak_watch_stop(run, now_us);
        }
        if (run->ending && soak_watch_done(run))
            return 0;
        if (now_us >= hard_end) {
            fprintf(stderr, "obrol-soak: the observers did not finish in time\n");
            return 0; /* the verdict counts their windows as unfinished */
        }
        if (soak_turn(run, polls) != 0)
            return -1;
    }
}

/* ---- The report ------------------------------------------------------------------------------ */

static bool soak_report(struct soak_run *run, int64_t end_us)
{
    struct soak_verdict verdict;
    bool failed = false;
    double seconds = (double)(run->load_end_us - run->start_us) / 1e6;
    char key[64];

    soak_ledger_verdict(&run->ledger, &verdict);
    soak_report_int("seed", (long long)run->seed);
    soak_report_int("seconds", (long long)run->seconds);
    soak_report_int("rate", run->rate);
    soak_report_int("clients", run->clients);
    soak_report_int("observers", run->observers);
    soak_report_double("finish_seconds", (double)(end_us - run->load_end_us) / 1e6, 1);
    for (int kind = 0; kind < KIND_COUNT; kind++) {
        snprintf(key, sizeof(key), "sessions_%s", soak_kind_name((enum soak_kind)kind));
        for (char *c = key; *c; c++)
            *c = *c == '-' ? '_' : *c;
        soak_report_int(key, (long long)run->sessions[kind]);
    }
    for (int kind = 0; kind < JUNK_COUNT; kind++) {
        snprintf(key, sizeof(key), "junk_%s", soak_junk_names[kind]);
        soak_report_int(key, (long long)run->junk_lines[kind]);
    }
    soak_report_int("connects", (long long)run->connects);
    soak_report_double("connects_per_s", (double)run->connects / seconds, 1);
    soak_report_int("lines_sent", (long long)run->lines_sent);
    soak_report_double("lines_sent_per_s", (double)run->lines_sent / seconds, 1);
    soak_report_int("bytes_sent", (long long)run->bytes_sent);
    soak_report_int("lines_received", (long long)run->lines_received);
    soak_report_double("lines_received_per_s", (double)run->lines_received / seconds, 1);
    soak_report_int("messages_tracked", run->ledger.count);
    soak_report_int("messages_acked", (long long)verdict.acked);
    soak_report_int("observer_windows", run->ledger.window_count);
    soak_report_int("checked", (long long)verdict.checked);
    soak_report_int("lost", (long long)verdict.lost);
    soak_report_int("unfinished", (long long)verdict.unfinished);
    soak_report_int("deliveries", (long long)run->ledger.deliveries);
    soak_report_int("deliveries_not_required", (long long)verdict.maybe);
    soak_report_int("duplicates", (long long)run->ledger.duplicates);
    soak_report_int("out_of_order", (long long)run->ledger.out_of_order);
    soak_report_int("corrupted", (long long)run->ledger.corrupted);
    soak_report_int("unsafe_lines", (long long)run->ledger.unsafe_lines);
    soak_report_int("cut_tails_relayed", (long long)run->ledger.cut_tails);
    soak_report_int("tails_relayed_at_close", (long long)run->ledger.tails_at_close);
    soak_report_int("ledger_full", (long long)run->ledger.full);
    soak_report_int("connect_failures", (long long)run->connect_failures);
    soak_report_int("unexpected_closes", (long long)run->unexpected_closes);
    soak_report_int("response_mismatches", (long long)run->response_mismatches);
    soak_report_int("who_without_self", (long long)run->who_without_self);
    soak_report_int("quit_unanswered", (long long)run->quit_unanswered);
    soak_report_int("idle_flushes", (long long)run->idle_flushes);
    soak_report_int("junk_checked", (long long)run->junk_checked);
    soak_report_int("junk_unanswered", (long long)run->junk_unanswered);
    soak_report_int("junk_err_line_mismatch", (long long)run->junk_err_mismatch);
    soak_report_int("stop_reading_dropped", (long long)run->stop_dropped);
    soak_report_double("stop_reading_drop_max_s", (double)run->stop_drop_max_us / 1e6, 1);
    soak_report_int("stop_reading_not_dropped", (long long)run->stop_not_dropped);
    soak_report_int("stop_reading_other_reason", (long long)run->stop_other_reason);
    soak_report_int("flood_checked", (long long)run->flood_checked);
    soak_report_int("flood_over_rate", (long long)run->flood_over_rate);
    soak_report_double("flood_max_rate", run->flood_max_rate, 2);
    soak_watch_report(run, &failed);

    if (verdict.lost || verdict.unfinished || run->ledger.duplicates || run->ledger.out_of_order ||
        run->ledger.corrupted || run->ledger.unsafe_lines || run->ledger.cut_tails ||
        run->connect_failures || run->unexpected_closes || run->response_mismatches ||
        run->who_without_self || run->quit_unanswered || run->junk_unanswered ||
        run->junk_err_mismatch || run->stop_not_dropped || run->flood_over_rate ||
        verdict.checked == 0)
        failed = true;
    printf("verdict=%s\n", failed ? "FAIL" : "PASS");
    return !failed;
}

/* ---- main
 * ---------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    struct soak_run run;
    int parsed;

    memset(&run, 0, sizeof(run));
    parsed = soak_parse_options(&run, argc, argv);
    if (parsed != 0)
        return parsed < 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    if (soak_raise_fd_limit(run.clients + run.observers + 64) != 0)
        return EXIT_FAILURE;
    /* A send() to a connection the server closed must fail with EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    soak_random_seed(run.seed);

    struct pollfd *polls = calloc(run.clients + run.observers + 1, sizeof(*polls));
    int status = EXIT_FAILURE;
    if (polls == NULL || soak_ledger_init(&run.ledger, run.observers) != 0 ||
        soak_watch_init(&run) != 0 || soak_setup(&run, polls) != 0 || soak_load(&run, polls) != 0) {
        fprintf(stderr, "obrol-soak: could not run\n");
    } else {
        status = soak_report(&run, clock_us()) ? EXIT_SUCCESS : 2;
    }
    soak_unruly_free(&run);
    soak_watch_free(&run);
    soak_ledger_free(&run.ledger);
    free(polls);
    return status;
}
