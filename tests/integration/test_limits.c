/*
 * test_limits.c - the server's limits hold under load, and cost no one else.
 *
 * A client that does not read is dropped before its queue eats the memory; a
 * full server refuses politely; a flooding client is slowed down, not cut off.
 */
#include "check-main.h"
#include "fdlimit.h"
#include "harness.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

static struct harness_server server;

/* ---- A client that never reads, while four others flood ---------------------------- */

/*
 * The kernel buffers a lot before the server's own queue (--max-queue) even
 * starts to fill: on loopback the send buffer of one socket autotunes up to
 * net.ipv4.tcp_wmem's maximum (4 MiB), about as much as the 5000 x 4 lines
 * themselves. So the flooders go on past FLOOD_LINES while the sleeper is
 * still connected, up to FLOOD_MAX_LINES, which is well past that.
 */
enum {
    FLOODERS = 4,
    FLOOD_LINES = 5000,      /* every reader must get at least these */
    FLOOD_MAX_LINES = 20000, /* while the sleeper is still connected */
    FLOOD_LINE_BYTES = 100,  /* with its LF */
    FLOOD_WINDOW = 200,      /* lines of a flooder that some reader has not yet received */
    READERS = FLOODERS + 1,  /* the flooders and one watcher */
};

struct flooder {
    struct harness_conn conn;
    char out[FLOOD_WINDOW * FLOOD_LINE_BYTES];
    size_t out_len, out_sent;
    int composed; /* lines put in `out` so far */
};

struct flood {
    struct flooder flooders[FLOODERS];
    struct harness_conn watcher;
    struct harness_conn *readers[READERS];
    int next_seq[READERS][FLOODERS]; /* the line each reader expects next from each flooder */
    bool sleepy_dropped;
    long peak_rss_kb;
};

/* How many of flooder `sender`'s lines every reader has (its own count on "OK say"). */
static int flood_slowest(const struct flood *flood, int sender)
{
    int slowest = FLOOD_MAX_LINES;

    for (int reader = 0; reader < READERS; reader++) {
        if (flood->next_seq[reader][sender] < slowest)
            slowest = flood->next_seq[reader][sender];
    }
    return slowest;
}

/*
 * Refill a flooder's output with the next lines, and send what the socket takes.
 * A window keeps the test honest: a flooder runs at most FLOOD_WINDOW lines ahead
 * of its slowest reader, so a reader is never dropped because the test itself
 * fell behind - only the sleeper, who never reads.
 */
static void flood_send(struct flood *flood, int index)
{
    struct flooder *flooder = &flood->flooders[index];

    if (flooder->out_sent == flooder->out_len) {
        int limit = flood->sleepy_dropped ? FLOOD_LINES : FLOOD_MAX_LINES;
        flooder->out_len = flooder->out_sent = 0;
        while (flooder->composed < limit &&
               flooder->composed - flood_slowest(flood, index) < FLOOD_WINDOW) {
            char *line = flooder->out + flooder->out_len;
            int len = snprintf(line, FLOOD_LINE_BYTES, "f%d %05d ", index, flooder->composed);
            memset(line + len, 'x', FLOOD_LINE_BYTES - 1 - (size_t)len);
            line[FLOOD_LINE_BYTES - 1] = '\n';
            flooder->out_len += FLOOD_LINE_BYTES;
            flooder->composed++;
        }
    }
    if (flooder->out_sent == flooder->out_len)
        return;
    ssize_t sent = send(flooder->conn.fd, flooder->out + flooder->out_sent,
                        flooder->out_len - flooder->out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0)
        flooder->out_sent += (size_t)sent;
    else
        ck_assert_msg(errno == EAGAIN || errno == EWOULDBLOCK, "send(): %s", strerror(errno));
}

/* Check one line a reader received: flood lines in per-sender order, nobody else dropped. */
static void flood_check_line(struct flood *flood, int reader, const char *line)
{
    int sender, seq;

    if (sscanf(line, "MSG flood%d f%*d %d ", &sender, &seq) == 2) {
        ck_assert_msg(sender >= 0 && sender < FLOODERS && sender != reader, "%s", line);
        ck_assert_msg(seq == flood->next_seq[reader][sender],
                      "reader %d expected line %d from flood%d, got %d", reader,
                      flood->next_seq[reader][sender], sender, seq);
        flood->next_seq[reader][sender]++;
    } else if (harness_starts_with(line, "OK say ")) {
        ck_assert_int_lt(reader, FLOODERS);
        flood->next_seq[reader][reader]++; /* its own line: answered instead of relayed */
    } else if (harness_starts_with(line, "LEAVE sleepy")) {
        ck_assert_str_eq(line, "LEAVE sleepy not reading: output queue full");
        flood->sleepy_dropped = true;
    } else {
        ck_assert_msg(!harness_starts_with(line, "LEAVE") && !harness_starts_with(line, "ERR"),
                      "unexpected: %s", line);
    }
}

/* Done when the sleeper is gone and every reader has every line that was sent. */
static bool flood_done(const struct flood *flood)
{
    for (int sender = 0; sender < FLOODERS; sender++) {
        const struct flooder *flooder = &flood->flooders[sender];
        if (flooder->composed < FLOOD_LINES || flooder->out_sent < flooder->out_len ||
            flood_slowest(flood, sender) < flooder->composed)
            return false;
    }
    return flood->sleepy_dropped;
}

/* One poll() loop: the flooders send while every reader reads, nobody blocks. */
static void flood_run(struct flood *flood, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms, next_sample = 0;
    struct pollfd fds[READERS];

    for (int round = 0; round < 1000000 && !flood_done(flood); round++) {
        ck_assert_msg(harness_now_ms() < deadline,
                      "flood not done in %d ms: the slowest readers have %d %d %d %d lines of "
                      "%d %d %d %d sent; the sleeper %s",
                      timeout_ms, flood_slowest(flood, 0), flood_slowest(flood, 1),
                      flood_slowest(flood, 2), flood_slowest(flood, 3), flood->flooders[0].composed,
                      flood->flooders[1].composed, flood->flooders[2].composed,
                      flood->flooders[3].composed,
                      flood->sleepy_dropped ? "was dropped" : "is still connected");
        for (int i = 0; i < READERS; i++) {
            fds[i] = (struct pollfd){flood->readers[i]->fd, POLLIN, 0};
            if (i < FLOODERS) {
                const struct flooder *flooder = &flood->flooders[i];
                flood_send(flood, i);
                if (flooder->out_sent < flooder->out_len)
                    fds[i].events |= POLLOUT;
            }
        }
        ck_assert_int_ge(poll(fds, READERS, 100), 0);
        for (int i = 0; i < READERS; i++) {
            char *line;
            size_t len;
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ck_assert_msg(harness_pump(flood->readers[i]), "reader %d was disconnected", i);
            while (harness_take_line(flood->readers[i], &line, &len))
                flood_check_line(flood, i, line);
        }
        if (harness_now_ms() >= next_sample) {
            long rss = harness_server_rss_kb(&server);
            if (rss > flood->peak_rss_kb)
                flood->peak_rss_kb = rss;
            next_sample = harness_now_ms() + 50;
        }
    }
}

/* A client with a tiny receive buffer that never reads, while four clients send
 * 5000 lines each or more (--rate 0): every reader gets every line, in each
 * sender's order; the sleeper is dropped as "not reading: output queue full";
 * the server's memory stays bounded. */
START_TEST(test_flood_with_a_client_that_never_reads)
{
    static struct flood flood;
    struct harness_conn sleepy;
    char line[256], nick[32];

    harness_shrink_asan_quarantine();
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_connect_rcvbuf(&sleepy, server.port, 4096));
    ck_assert(harness_send_text(&sleepy, "/nick sleepy\n"));
    ck_assert_int_gt(harness_read_line(&sleepy, line, sizeof(line), 3000), 0); /* and no more */
    ck_assert(harness_join(&flood.watcher, server.port, "watcher"));
    for (int i = 0; i < FLOODERS; i++) {
        snprintf(nick, sizeof(nick), "flood%d", i);
        ck_assert(harness_join(&flood.flooders[i].conn, server.port, nick));
        flood.readers[i] = &flood.flooders[i].conn;
    }
    flood.readers[FLOODERS] = &flood.watcher;
    for (int i = 0; i < READERS; i++)
        ck_assert(harness_settle(flood.readers[i]));
    long rss_before = harness_server_rss_kb(&server);

    flood_run(&flood, 45000);

    ck_assert(flood.sleepy_dropped);
    /* Under valgrind VmRSS is valgrind's own; its leak check covers memory there. */
    ck_assert_msg(harness_valgrind() || flood.peak_rss_kb < 64 * 1024 + HARNESS_RSS_SLACK_KB,
                  "VmRSS went from %ld up to %ld KiB", rss_before, flood.peak_rss_kb);
    ck_assert(harness_expect_eof(&sleepy, 5000)); /* the server closed it */
    harness_close(&sleepy);
    for (int i = 0; i < READERS; i++)
        harness_close(flood.readers[i]);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- More connections than --max-clients -------------------------------------------- */

/* Read `watcher`'s lines until it has seen `wanted` JOINs in all; none may be a BYE. */
static void count_joins(struct harness_conn *watcher, int *joins, int wanted)
{
    char line[512];

    for (int round = 0; round < 100000 && *joins < wanted; round++) {
        int len = harness_read_line(watcher, line, sizeof(line), 5000);
        ck_assert_msg(len > 0, "only %d of %d clients were let in", *joins, wanted);
        ck_assert_msg(!harness_starts_with(line, "BYE "), "the first client got: %s", line);
        *joins += harness_starts_with(line, "JOIN ");
    }
}

/*
 * Open `admitted + extra` connections to a server started with `max_clients`
 * (NULL: the default): the extras get one "BYE ..." line and end-of-file, the
 * admitted ones stay, and two of them can still talk. The first client counts
 * the JOINs, so that the test never has more connections waiting in the
 * server's listen backlog (128) than it takes: a full backlog drops SYNs, and
 * each costs a one-second retransmission.
 */
static void overfill(const char *max_clients, int admitted, int extra)
{
    int total = admitted + extra, joins = 0;
    struct harness_conn *conns = calloc((size_t)total, sizeof(*conns));
    char line[512];

    ck_assert_ptr_nonnull(conns);
    const char *const *args =
        max_clients ? HARNESS_ARGS("-q", "--max-clients", max_clients) : HARNESS_ARGS("-q");
    ck_assert(harness_server_start(&server, 0, args));
    for (int i = 0; i < admitted; i++) {
        ck_assert_msg(harness_connect(&conns[i], server.port), "connection %d", i);
        if (i - joins > 64)
            count_joins(&conns[0], &joins, i - 32);
    }
    count_joins(&conns[0], &joins, admitted - 1);

    /* The server is full now: every further connection is told so and closed. */
    for (int i = admitted; i < total; i++) {
        ck_assert_msg(harness_connect(&conns[i], server.port), "connection %d", i);
        ck_assert_int_gt(harness_read_line(&conns[i], line, sizeof(line), 5000), 0);
        ck_assert_msg(harness_starts_with(line, "BYE Server full"), "connection %d: %s", i, line);
        ck_assert_msg(harness_expect_eof(&conns[i], 3000), "connection %d not closed", i);
    }
    /* The admitted ones were not: each has its JOINs or WELCOME, and no BYE. */
    for (int i = 1; i < admitted; i++) {
        ck_assert_msg(harness_read_line(&conns[i], line, sizeof(line), 5000) > 0,
                      "connection %d got nothing", i);
        ck_assert_msg(!harness_starts_with(line, "BYE "), "connection %d: %s", i, line);
    }
    /* The first two clients (guest1 and guest2) still talk. */
    ck_assert(harness_send_text(&conns[0], "still room for us\n"));
    ck_assert_int_gt(harness_expect(&conns[1], "MSG ", line, sizeof(line), 5000), 0);
    ck_assert_str_eq(line, "MSG guest1 still room for us");

    for (int i = 0; i < total; i++)
        harness_close(&conns[i]);
    free(conns);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}

/* The file-descriptor limit must allow the server (and the test) that many sockets;
 * the server, started later, inherits the limit raised here. */
static bool raise_fd_limit_or_skip(void)
{
    unsigned long in_force;

    if (fdlimit_raise(4096, &in_force) == 0)
        return true;
    fprintf(stderr,
            "SKIPPED: cannot raise RLIMIT_NOFILE to 4096 (it stays at %lu: hard limit too low); "
            "the max-clients test needs that many descriptors\n",
            in_force);
    return false;
}

/* --max-clients 100 and 150 connections: 50 are told "BYE Server full" and closed. */
START_TEST(test_max_clients_small)
{
    if (raise_fd_limit_or_skip())
        overfill("100", 100, 50);
}
END_TEST

/* The default limit, FD_SETSIZE - 16 = 1008 clients, plus 50: the same. */
START_TEST(test_max_clients_default)
{
    if (raise_fd_limit_or_skip())
        overfill(NULL, 1008, 50);
}
END_TEST

/* Out of file descriptors (RLIMIT_NOFILE 64 for the server, which also bounds
 * its clients): accept() fails with EMFILE, and the server frees its spare fd to
 * take the waiting connection, say "BYE" and close it, instead of spinning. When
 * clients leave, new ones are admitted again: the spare fd was taken back. */
START_TEST(test_out_of_file_descriptors)
{
    enum { TRIES = 80 };
    static struct harness_conn conns[TRIES];
    struct harness_conn late;
    struct rlimit saved, low;
    char line[512];
    int admitted = 0, refused = 0;

    if (harness_valgrind()) { /* valgrind keeps file descriptors of its own below the limit */
        fprintf(stderr, "skipped under valgrind: the fd limit would count valgrind's own fds\n");
        return;
    }

    /* The server inherits the limit in force when it starts; then ours comes back. */
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
    low = saved;
    low.rlim_cur = 64;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    bool started = harness_server_start(&server, 0, HARNESS_ARGS("-q"));
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &saved), 0);
    ck_assert(started);

    for (int i = 0; i < TRIES; i++) {
        ck_assert(harness_connect(&conns[i], server.port));
        ck_assert(harness_send_text(&conns[i], "/ping in\n"));
        ck_assert_int_gt(harness_read_line(&conns[i], line, sizeof(line), 3000), 0);
        if (strcmp(line, "OK ping in") == 0) {
            admitted++;
            continue;
        }
        ck_assert_str_eq(line, "BYE Server has no free file descriptors; try again later");
        ck_assert(harness_expect_eof(&conns[i], 3000));
        refused++;
    }
    ck_assert_int_gt(admitted, 40);
    ck_assert_int_gt(refused, 0);
    ck_assert_int_eq(admitted + refused, TRIES);

    /* Make room: the next connection is admitted again. */
    for (int i = 0; i < 5; i++)
        harness_close(&conns[i]);
    int64_t deadline = harness_now_ms() + 3000;
    bool in = false;
    while (!in && harness_now_ms() < deadline) {
        ck_assert(harness_connect(&late, server.port));
        ck_assert(harness_send_text(&late, "/ping late\n"));
        ck_assert_int_gt(harness_read_line(&late, line, sizeof(line), 3000), 0);
        in = strcmp(line, "OK ping late") == 0;
        harness_close(&late);
        if (!in)
            harness_sleep_ms(20); /* the server may not have seen the closes yet */
    }
    ck_assert(in);
    for (int i = 5; i < TRIES; i++)
        harness_close(&conns[i]);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Rate limit ---------------------------------------------------------------------- */

/* With the default --rate (bursts of 20, then 5 lines a second), 30 requests at
 * once all get their response, in order: 20 at once, the last ones ~2 s later. */
START_TEST(test_rate_limit_delays_but_never_drops)
{
    struct harness_conn client;
    char requests[30 * 16], line[256], expected[32];
    int64_t arrived[30];
    size_t len = 0;

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_connect(&client, server.port));
    for (int i = 0; i < 30; i++)
        len += (size_t)snprintf(requests + len, sizeof(requests) - len, "/ping %d\n", i);
    int64_t sent = harness_now_ms();
    ck_assert(harness_send(&client, requests, len));
    for (int i = 0; i < 30; i++) {
        ck_assert_int_gt(harness_read_line(&client, line, sizeof(line), 3000), 0);
        arrived[i] = harness_now_ms();
        snprintf(expected, sizeof(expected), "OK ping %d", i);
        ck_assert_str_eq(line, expected);
    }
    ck_assert_msg(arrived[19] - sent < 1000, "the burst took %lld ms",
                  (long long)(arrived[19] - sent));
    ck_assert_msg(arrived[29] - arrived[19] >= 1000, "the last 10 came after only %lld ms",
                  (long long)(arrived[29] - arrived[19]));
    ck_assert_msg(arrived[29] - sent < 6000, "30 lines took %lld ms",
                  (long long)(arrived[29] - sent));

    harness_close(&client);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *limits_suite(void)
{
    Suite *suite = suite_create("limits");
    TCase *flood = tcase_create("flood");
    TCase *full = tcase_create("max clients");
    TCase *rate = tcase_create("rate");
    TCase *all[] = {flood, full, rate};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], NULL, harness_teardown);
        tcase_set_timeout(all[i], 60);
        suite_add_tcase(suite, all[i]);
    }
    tcase_add_test(flood, test_flood_with_a_client_that_never_reads);
    tcase_add_test(full, test_max_clients_small);
    tcase_add_test(full, test_max_clients_default);
    tcase_add_test(full, test_out_of_file_descriptors);
    tcase_add_test(rate, test_rate_limit_delays_but_never_drops);
    return suite;
}

CHECK_MAIN(limits_suite)
