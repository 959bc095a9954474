/*
 * obrol-bench.c - a load generator for obrol-server: options, limits, the run.
 *
 *   obrol-bench --port P --mode relay --clients 50 --messages 500 [--window 16]
 *   obrol-bench --port P --mode pingpong [--messages 20000]
 *   obrol-bench --port P --mode idle --clients 900 --seconds 10 --server-pid PID
 *
 * It prints one summary line for people and then key=value lines for scripts
 * (tests/bench/run.sh reads those). Exit status: 0 the run completed and nothing
 * was lost, 2 it completed but messages were lost or wrong, 1 it could not run.
 * Every loop is bounded by --deadline, so the tool always stops.
 */
#include "bench.h"
#include "fdlimit.h"
#include "number.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* File descriptors kept free for stdio and the like. */
#define BENCH_FD_RESERVE 16

#define BENCH_DEFAULT_CLIENTS 50
#define BENCH_DEFAULT_MESSAGES 500
#define BENCH_DEFAULT_ROUNDS 20000
#define BENCH_DEFAULT_WINDOW 16
#define BENCH_DEFAULT_SIZE 48
#define BENCH_DEFAULT_SECONDS 10
#define BENCH_DEFAULT_DEADLINE 60

/* ---- Options --------------------------------------------------------------------- */

static void bench_usage(FILE *out)
{
    fprintf(out,
            "Usage: obrol-bench --port PORT [--mode relay|pingpong|idle] [options]\n"
            "  --clients N      connections (relay, idle; default %d)\n"
            "  --messages M     messages per client (relay, default %d) or round trips\n"
            "                   (pingpong, default %d)\n"
            "  --window W       relay: own messages in flight per client (default %d)\n"
            "  --size B         relay: bytes of text per message, padded (default %d)\n"
            "  --seconds S      idle: how long the clients stay quiet (default %d)\n"
            "  --server-pid PID idle: the server whose CPU time and memory are read\n"
            "  --deadline S     stop the whole run after S seconds (default %d)\n",
            BENCH_DEFAULT_CLIENTS, BENCH_DEFAULT_MESSAGES, BENCH_DEFAULT_ROUNDS,
            BENCH_DEFAULT_WINDOW, BENCH_DEFAULT_SIZE, BENCH_DEFAULT_SECONDS,
            BENCH_DEFAULT_DEADLINE);
}

/* A whole number in [low, high] (number_parse() from src/common says why not). */
static bool bench_parse_number(const char *name, const char *text, unsigned long low,
                               unsigned long high, unsigned *value)
{
    char option[32];
    unsigned long number;

    snprintf(option, sizeof(option), "--%s", name);
    if (!number_parse("obrol-bench", option, text, low, high, &number))
        return false;
    *value = (unsigned)number;
    return true;
}

static bool bench_parse_mode(const char *text, enum bench_mode *mode)
{
    if (strcmp(text, "relay") == 0)
        *mode = BENCH_RELAY;
    else if (strcmp(text, "pingpong") == 0)
        *mode = BENCH_PINGPONG;
    else if (strcmp(text, "idle") == 0)
        *mode = BENCH_IDLE;
    else {
        fprintf(stderr, "obrol-bench: --mode is relay, pingpong or idle, not \"%s\"\n", text);
        return false;
    }
    return true;
}

/* Returns 0 to run, 1 on a usage error, -1 after --help. */
static int bench_parse_options(struct bench_options *options, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"port", required_argument, NULL, 'p'},
        {"mode", required_argument, NULL, 'm'},
        {"clients", required_argument, NULL, 'c'},
        {"messages", required_argument, NULL, 'n'},
        {"window", required_argument, NULL, 'w'},
        {"size", required_argument, NULL, 's'},
        {"seconds", required_argument, NULL, 't'},
        {"server-pid", required_argument, NULL, 'P'},
        {"deadline", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned pid = 0;
    bool ok = true;
    int option;

    memset(options, 0, sizeof(*options));
    options->mode = BENCH_RELAY;
    options->clients = BENCH_DEFAULT_CLIENTS;
    options->window = BENCH_DEFAULT_WINDOW;
    options->size = BENCH_DEFAULT_SIZE;
    options->seconds = BENCH_DEFAULT_SECONDS;
    options->deadline = BENCH_DEFAULT_DEADLINE;
    while (ok && (option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
        case 'p':
            ok = bench_parse_number("port", optarg, 1, 65535, &options->port);
            break;
        case 'm':
            ok = bench_parse_mode(optarg, &options->mode);
            break;
        case 'c':
            ok = bench_parse_number("clients", optarg, 2, 100000, &options->clients);
            break;
        case 'n':
            ok = bench_parse_number("messages", optarg, 1, 10000000, &options->messages);
            break;
        case 'w':
            ok = bench_parse_number("window", optarg, 1, 4096, &options->window);
            break;
        case 's':
            ok = bench_parse_number("size", optarg, 1, 1000, &options->size);
            break;
        case 't':
            ok = bench_parse_number("seconds", optarg, 0, 3600, &options->seconds);
            break;
        case 'P':
            ok = bench_parse_number("server-pid", optarg, 1, INT_MAX, &pid);
            break;
        case 'd':
            ok = bench_parse_number("deadline", optarg, 1, 86400, &options->deadline);
            break;
        case 'h':
            bench_usage(stdout);
            return -1;
        default:
            ok = false;
            break;
        }
    }
    options->server_pid = (pid_t)pid;
    if (ok && (optind < argc || options->port == 0)) {
        fprintf(stderr, "obrol-bench: %s\n",
                optind < argc ? "unexpected argument" : "--port is required");
        ok = false;
    }
    if (!ok) {
        bench_usage(stderr);
        return 1;
    }
    if (options->messages == 0)
        options->messages =
            options->mode == BENCH_PINGPONG ? BENCH_DEFAULT_ROUNDS : BENCH_DEFAULT_MESSAGES;
    if (options->mode == BENCH_PINGPONG)
        options->clients = 2;
    return 0;
}

/* ---- The file descriptor limit ------------------------------------------------------ */

/*
 * Every client is one socket. The soft limit (often 1024) may be raised by the
 * process itself up to the hard limit: it is raised as far as the clients need.
 */
static int bench_raise_fd_limit(unsigned clients)
{
    unsigned long needed = (unsigned long)clients + BENCH_FD_RESERVE;
    unsigned long in_force;

    if (fdlimit_raise(needed, &in_force) == 0)
        return 0;
    fprintf(stderr, "obrol-bench: %u clients need %lu file descriptors; the limit is %lu (%s)\n",
            clients, needed, in_force, strerror(errno));
    return -1;
}

/* ---- main ---------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    struct bench_options options;
    int parsed = bench_parse_options(&options, argc, argv);

    if (parsed != 0)
        return parsed < 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    if (bench_raise_fd_limit(options.clients) != 0)
        return EXIT_FAILURE;
    /* A send() to a connection the server closed must fail with EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);

    switch (options.mode) {
    case BENCH_RELAY:
        return bench_relay(&options);
    case BENCH_PINGPONG:
        return bench_pingpong(&options);
    case BENCH_IDLE:
        return bench_idle(&options);
    }
    return EXIT_FAILURE;
}
