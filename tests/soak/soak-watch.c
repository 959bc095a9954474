/*
 * soak-watch.c - the well-behaved watchers: observers, the prober, the memory.
 *
 * Observers read everything, as fast as it comes, and hand every message of a
 * well-behaved sender to the ledger. Each one leaves with /quit now and then
 * and comes back under a new nick, so the rule "must receive what was sent
 * while it was there" is exercised at both ends of its stay; every stay is
 * one window in the ledger (soak-ledger.c).
 *
 * The prober stays all along: "/ping N" every 500 ms, the time until "OK ping
 * N" is the server's answer time. It also reads every LEAVE (why the server
 * says each client left) and tells stop-reading clients when they were dropped.
 *
 * Once a second the server's resident memory is read from /proc/PID/status.
 */
#include "soak.h"

#include "clock.h"
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOAK_REASONS 16

enum soak_observer_state {
    OBSERVER_CONNECTING,
    OBSERVER_NAMING,   /* /nick sent */
    OBSERVER_WATCHING, /* in the server's table: its window is open */
    OBSERVER_QUITTING, /* /quit sent: reading up to OK quit and EOF */
    OBSERVER_RESTING,  /* between two stays */
    OBSERVER_DONE,     /* the run is over */
};

struct soak_observer {
    struct soak_conn conn;
    enum soak_observer_state state;
    unsigned slot, stays;
    int window;      /* index in the ledger, -1 while none is open */
    int64_t next_us; /* WATCHING: time to leave; RESTING: time to come back */
    int64_t deadline_us;
};

struct soak_ping {
    int64_t sent_us;
    int64_t rtt_us; /* -1 while unanswered */
    bool late;      /* counted as late already */
};

struct soak_prober {
    struct soak_conn conn;
    bool named, dropped;
    struct soak_ping *pings;
    unsigned count, cap;
    int64_t next_us;
};

struct soak_reason {
    char text[80];
    uint64_t count;
};

struct soak_watch {
    struct soak_observer observers[SOAK_MAX_OBSERVERS];
    struct soak_prober prober;
    uint64_t observer_drops, late_pings, joins, leaves, priv_to_prober;
    struct soak_reason reasons[SOAK_REASONS];
    long rss_first_kib, rss_max_kib, rss_last_kib;
    unsigned rss_samples;
    int64_t next_rss_us, stop_us;
};

/* ---- The server's memory ----------------------------------------------------------- */

static long soak_rss_kib(pid_t pid)
{
    char path[64], line[256];
    long kib = -1;

    snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return -1;
    while (fgets(line, sizeof(line), file) != NULL) {
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    }
    fclose(file);
    return kib;
}

static void soak_sample_rss(struct soak_run *run, struct soak_watch *watch, int64_t now_us)
{
    if (run->server_pid <= 0 || now_us < watch->next_rss_us)
        return;
    watch->next_rss_us = now_us + 1000000;
    long kib = soak_rss_kib(run->server_pid);
    if (kib < 0)
        return;
    if (watch->rss_samples++ == 0)
        watch->rss_first_kib = kib;
    if (kib > watch->rss_max_kib)
        watch->rss_max_kib = kib;
    watch->rss_last_kib = kib;
}

/* ---- Observers -------------------------------------------------------------------------- */

static void soak_observer_connect(struct soak_run *run, struct soak_observer *observer,
                                  int64_t now_us)
{
    if (soak_conn_start(&observer->conn, run->port, 0) != 0) {
        perror("obrol-soak: observer connect()");
        run->connect_failures++;
        observer->state = OBSERVER_RESTING;
        observer->next_us = now_us + 1000000;
        return;
    }
    observer->state = OBSERVER_CONNECTING;
    observer->deadline_us = now_us + 5000000;
}

/* Leave for a while (or for good at the end of the run). */
static void soak_observer_leave(struct soak_run *run, struct soak_observer *observer,
                                int64_t now_us)
{
    char line[48];

    snprintf(line, sizeof(line), "/quit o%ux%u rests\n", observer->slot, observer->stays);
    run->ledger.windows[observer->window].quit_sent_us = now_us;
    soak_conn_send(&observer->conn, line, strlen(line));
    observer->state = OBSERVER_QUITTING;
    observer->deadline_us = now_us + SOAK_FINISH_US;
}

/* The connection ended: rest, then come back (unless the run is over). */
static void soak_observer_rest(struct soak_run *run, struct soak_observer *observer, int64_t now_us)
{
    soak_conn_close(&observer->conn, false);
    observer->window = -1;
    observer->state = run->ending ? OBSERVER_DONE : OBSERVER_RESTING;
    observer->next_us = now_us + soak_between(0, 500) * 1000LL;
}

/* Something went wrong with an observer: that is a failure of the run. */
static void soak_observer_lost(struct soak_run *run, struct soak_observer *observer,
                               const char *why, int64_t now_us)
{
    fprintf(stderr, "obrol-soak: observer %u (stay %u): %s\n", observer->slot, observer->stays,
            why);
    run->watch->observer_drops++;
    if (observer->window >= 0) {
        struct soak_window *window = &run->ledger.windows[observer->window];
        window->dropped = true;
        if (window->quit_sent_us == 0)
            window->quit_sent_us = now_us;
    }
    soak_observer_rest(run, observer, now_us);
}

struct soak_observer_context {
    struct soak_run *run;
    struct soak_observer *observer;
};

static void soak_observer_line(void *owner, const char *line, size_t len, int64_t now_us)
{
    struct soak_observer_context *context = owner;
    struct soak_run *run = context->run;
    struct soak_observer *observer = context->observer;
    struct proto_line parsed;

    run->lines_received++;
    if (!soak_line_is_safe(line, len)) {
        run->ledger.unsafe_lines++;
        fprintf(stderr, "obrol-soak: unsafe line relayed: %.*s\n", (int)(len < 200 ? len : 200),
                line);
    }
    proto_parse_line(line, len, &parsed);
    if (parsed.kind == PROTO_LINE_MSG && parsed.word.len > 1 && parsed.word.text[0] == 'w' &&
        parsed.word.text[1] >= '0' && parsed.word.text[1] <= '9') {
        /* Also before "OK nick": the server counts us in from accept(). Such early
         * messages are never required (soak-ledger.c), but must not come twice. */
        soak_ledger_receive(&run->ledger, observer->slot, parsed.word.text, parsed.word.len,
                            parsed.rest.text, parsed.rest.len);
    } else if (parsed.kind == PROTO_LINE_OK && observer->state == OBSERVER_NAMING &&
               parsed.word.len == 4 && memcmp(parsed.word.text, "nick", 4) == 0) {
        observer->window = soak_ledger_open_window(&run->ledger, observer->slot, now_us);
        observer->state = observer->window >= 0 ? OBSERVER_WATCHING : OBSERVER_DONE;
        observer->next_us = now_us + soak_between(40, 80) * 1000000LL;
    } else if (parsed.kind == PROTO_LINE_OK && observer->state == OBSERVER_QUITTING &&
               parsed.word.len == 4 && memcmp(parsed.word.text, "quit", 4) == 0) {
        run->ledger.windows[observer->window].finished = true;
    } else if (parsed.kind == PROTO_LINE_ERR) {
        run->response_mismatches++;
        fprintf(stderr, "obrol-soak: observer %u: %.*s\n", observer->slot, (int)len, line);
    }
}

static void soak_observer_connected(struct soak_run *run, struct soak_observer *observer,
                                    int64_t now_us)
{
    char line[48];

    if (soak_conn_finish(&observer->conn) != 0) {
        run->connect_failures++;
        soak_observer_lost(run, observer, "connect() failed", now_us);
        return;
    }
    observer->stays++;
    snprintf(line, sizeof(line), "/nick o%ux%u\n", observer->slot, observer->stays);
    soak_conn_send(&observer->conn, line, strlen(line));
    observer->state = OBSERVER_NAMING;
}

static void soak_observer_event(struct soak_run *run, struct soak_observer *observer, short revents,
                                int64_t now_us)
{
    struct soak_observer_context context = {run, observer};
    struct soak_conn *conn = &observer->conn;

    if (conn->connecting) {
        soak_observer_connected(run, observer, now_us);
        return;
    }
    if (revents & POLLOUT)
        soak_conn_flush(conn);
    if (revents & (POLLIN | POLLHUP | POLLERR))
        soak_conn_read(conn, soak_observer_line, &context, now_us);
    if (conn->open || conn->fd < 0)
        return;
    if (observer->state == OBSERVER_QUITTING && run->ledger.windows[observer->window].finished)
        soak_observer_rest(run, observer, now_us); /* OK quit, then EOF: a clean goodbye */
    else
        soak_observer_lost(run, observer, conn->eof ? "closed by the server" : "connection error",
                           now_us);
}

static void soak_observer_timer(struct soak_run *run, struct soak_observer *observer,
                                int64_t now_us)
{
    switch (observer->state) {
    case OBSERVER_RESTING:
        if (now_us >= observer->next_us)
            soak_observer_connect(run, observer, now_us);
        break;
    case OBSERVER_CONNECTING:
    case OBSERVER_NAMING:
        if (now_us >= observer->deadline_us + 5000000)
            soak_observer_lost(run, observer, "no answer to /nick", now_us);
        break;
    case OBSERVER_WATCHING:
        if (now_us >= observer->next_us)
            soak_observer_leave(run, observer, now_us);
        break;
    case OBSERVER_QUITTING:
        if (now_us >= observer->deadline_us)
            soak_observer_lost(run, observer, "no OK quit and EOF in time", now_us);
        break;
    case OBSERVER_DONE:
        break;
    }
}

/* ---- The prober ---------------------------------------------------------------------------- */

static void soak_count_reason(struct soak_watch *watch, const char *reason, size_t len)
{
    if (len >= sizeof(watch->reasons[0].text))
        len = sizeof(watch->reasons[0].text) - 1;
    for (unsigned i = 0; i < SOAK_REASONS; i++) {
        struct soak_reason *entry = &watch->reasons[i];
        if (entry->count == 0) {
            memcpy(entry->text, reason, len);
            entry->text[len] = '\0';
        } else if (strlen(entry->text) != len || memcmp(entry->text, reason, len) != 0) {
            continue;
        }
        entry->count++;
        return;
    }
}

static void soak_prober_line(void *owner, const char *line, size_t len, int64_t now_us)
{
    struct soak_run *run = owner;
    struct soak_watch *watch = run->watch;
    struct soak_prober *prober = &watch->prober;
    struct proto_line parsed;

    run->lines_received++;
    if (!soak_line_is_safe(line, len))
        run->ledger.unsafe_lines++;
    proto_parse_line(line, len, &parsed);
    switch (parsed.kind) {
    case PROTO_LINE_OK:
        if (parsed.word.len == 4 && memcmp(parsed.word.text, "nick", 4) == 0) {
            prober->named = true;
        } else if (parsed.word.len == 4 && memcmp(parsed.word.text, "ping", 4) == 0) {
            unsigned long token = strtoul(parsed.rest.text, NULL, 10);
            if (token < prober->count && prober->pings[token].rtt_us < 0)
                prober->pings[token].rtt_us = now_us - prober->pings[token].sent_us;
        }
        break;
    case PROTO_LINE_JOIN:
        watch->joins++;
        break;
    case PROTO_LINE_LEAVE:
        watch->leaves++;
        soak_count_reason(watch, parsed.rest.text, parsed.rest.len);
        soak_unruly_left(run, parsed.word.text, parsed.word.len, parsed.rest.text, parsed.rest.len,
                         now_us);
        break;
    case PROTO_LINE_PRIV:
        watch->priv_to_prober++; /* junk clients write to "probe" too */
        break;
    default:
        break;
    }
}

static void soak_prober_ping(struct soak_run *run, struct soak_prober *prober, int64_t now_us)
{
    char line[32];

    if (!prober->named || run->ending || now_us < prober->next_us)
        return;
    prober->next_us = now_us + SOAK_PING_INTERVAL_US;
    if (prober->count == prober->cap) {
        unsigned cap = prober->cap ? prober->cap * 2 : 1024;
        struct soak_ping *grown = realloc(prober->pings, cap * sizeof(*grown));
        if (grown == NULL)
            return;
        prober->pings = grown;
        prober->cap = cap;
    }
    prober->pings[prober->count] = (struct soak_ping){now_us, -1, false};
    snprintf(line, sizeof(line), "/ping %u\n", prober->count++);
    soak_conn_send(&prober->conn, line, strlen(line));
}

/* A ping unanswered for longer than the limit is late, whether or not it comes later. */
static void soak_prober_check(struct soak_watch *watch, int64_t now_us)
{
    struct soak_prober *prober = &watch->prober;

    for (unsigned i = 0; i < prober->count; i++) {
        struct soak_ping *ping = &prober->pings[i];
        int64_t waited = ping->rtt_us >= 0 ? ping->rtt_us : now_us - ping->sent_us;
        if (!ping->late && waited > SOAK_PING_LIMIT_US) {
            ping->late = true;
            watch->late_pings++;
            fprintf(stderr, "obrol-soak: /ping %u took more than %d ms\n", i,
                    SOAK_PING_LIMIT_US / 1000);
        }
    }
}

/* ---- The module's interface ------------------------------------------------------------------ */

int soak_watch_init(struct soak_run *run)
{
    struct soak_watch *watch = calloc(1, sizeof(*watch));
    int64_t now_us = clock_us();

    if (watch == NULL)
        return -1;
    run->watch = watch;
    for (unsigned i = 0; i < run->observers; i++) {
        struct soak_observer *observer = &watch->observers[i];
        soak_conn_init(&observer->conn);
        observer->slot = i;
        observer->window = -1;
        soak_observer_connect(run, observer, now_us);
    }
    soak_conn_init(&watch->prober.conn);
    if (soak_conn_start(&watch->prober.conn, run->port, 0) != 0) {
        perror("obrol-soak: prober connect()");
        return -1;
    }
    return 0;
}

void soak_watch_free(struct soak_run *run)
{
    struct soak_watch *watch = run->watch;

    if (watch == NULL)
        return;
    for (unsigned i = 0; i < run->observers; i++)
        soak_conn_free(&watch->observers[i].conn);
    soak_conn_free(&watch->prober.conn);
    free(watch->prober.pings);
    free(watch);
    run->watch = NULL;
}

static void soak_poll_entry(struct pollfd *poll_entry, const struct soak_conn *conn)
{
    poll_entry->fd = conn->fd;
    poll_entry->revents = 0;
    poll_entry->events =
        conn->connecting ? POLLOUT : (short)(POLLIN | (soak_conn_queued(conn) ? POLLOUT : 0));
}

/* Observers first, then the prober. */
unsigned soak_watch_polls(struct soak_run *run, struct pollfd *polls)
{
    for (unsigned i = 0; i < run->observers; i++)
        soak_poll_entry(&polls[i], &run->watch->observers[i].conn);
    soak_poll_entry(&polls[run->observers], &run->watch->prober.conn);
    return run->observers + 1;
}

static void soak_prober_event(struct soak_run *run, short revents, int64_t now_us)
{
    static const char nick[] = "/nick probe\n";
    struct soak_prober *prober = &run->watch->prober;
    struct soak_conn *conn = &prober->conn;

    if (conn->connecting) {
        if (soak_conn_finish(conn) != 0) {
            run->connect_failures++;
            prober->dropped = true;
            soak_conn_close(conn, false);
            return;
        }
        soak_conn_send(conn, nick, sizeof(nick) - 1);
        return;
    }
    if (revents & POLLOUT)
        soak_conn_flush(conn);
    if (revents & (POLLIN | POLLHUP | POLLERR))
        soak_conn_read(conn, soak_prober_line, run, now_us);
    if (!conn->open && conn->fd >= 0) {
        fprintf(stderr, "obrol-soak: the prober's connection was closed\n");
        prober->dropped = true;
        soak_conn_close(conn, false);
    }
}

void soak_watch_events(struct soak_run *run, const struct pollfd *polls, int64_t now_us)
{
    struct soak_watch *watch = run->watch;

    for (unsigned i = 0; i < run->observers; i++) {
        struct soak_observer *observer = &watch->observers[i];
        if (polls[i].revents != 0 && observer->conn.fd >= 0 && polls[i].fd == observer->conn.fd)
            soak_observer_event(run, observer, polls[i].revents, now_us);
    }
    const struct pollfd *entry = &polls[run->observers];
    if (entry->revents != 0 && watch->prober.conn.fd >= 0 && entry->fd == watch->prober.conn.fd)
        soak_prober_event(run, entry->revents, now_us);
}

void soak_watch_timers(struct soak_run *run, int64_t now_us)
{
    struct soak_watch *watch = run->watch;

    for (unsigned i = 0; i < run->observers; i++)
        soak_observer_timer(run, &watch->observers[i], now_us);
    soak_prober_ping(run, &watch->prober, now_us);
    soak_prober_check(watch, now_us);
    soak_sample_rss(run, watch, now_us);
}

void soak_watch_stop(struct soak_run *run, int64_t now_us)
{
    struct soak_watch *watch = run->watch;

    watch->stop_us = now_us;
    for (unsigned i = 0; i < run->observers; i++) {
        struct soak_observer *observer = &watch->observers[i];
        if (observer->state == OBSERVER_WATCHING)
            soak_observer_leave(run, observer, now_us);
        else if (observer->state != OBSERVER_QUITTING)
            soak_observer_rest(run, observer, now_us); /* had no window open: nothing to check */
    }
}

bool soak_watch_done(const struct soak_run *run)
{
    const struct soak_watch *watch = run->watch;

    for (unsigned i = 0; i < run->observers; i++) {
        if (watch->observers[i].state != OBSERVER_DONE)
            return false;
    }
    /* Every ping sent has come back, or has been waited for long enough to be late. */
    for (unsigned i = 0; i < watch->prober.count; i++) {
        const struct soak_ping *ping = &watch->prober.pings[i];
        if (ping->rtt_us < 0 && !ping->late)
            return false;
    }
    return true;
}

bool soak_watch_ready(const struct soak_run *run)
{
    const struct soak_watch *watch = run->watch;

    for (unsigned i = 0; i < run->observers; i++) {
        if (watch->observers[i].state != OBSERVER_WATCHING)
            return false;
    }
    return watch->prober.named;
}

static int soak_compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void soak_watch_report(const struct soak_run *run, bool *failed)
{
    const struct soak_watch *watch = run->watch;
    const struct soak_prober *prober = &watch->prober;
    int64_t *rtts = malloc((prober->count + 1) * sizeof(*rtts));
    unsigned answered = 0, unanswered = 0;

    for (unsigned i = 0; rtts != NULL && i < prober->count; i++) {
        if (prober->pings[i].rtt_us >= 0)
            rtts[answered++] = prober->pings[i].rtt_us;
        else
            unanswered++;
    }
    if (rtts != NULL && answered > 0)
        qsort(rtts, answered, sizeof(*rtts), soak_compare_i64);
    int64_t p50 = answered ? rtts[(answered - 1) / 2] : 0;
    int64_t p99 = answered ? rtts[(size_t)((answered - 1) * 0.99 + 0.5)] : 0;
    int64_t max = answered ? rtts[answered - 1] : 0;
    free(rtts);

    soak_report_int("pings_sent", prober->count);
    soak_report_int("pings_unanswered", unanswered);
    soak_report_int("pings_late", (long long)watch->late_pings);
    soak_report_int("ping_p50_us", p50);
    soak_report_int("ping_p99_us", p99);
    soak_report_int("ping_max_us", max);
    soak_report_int("rss_first_kib", watch->rss_first_kib);
    soak_report_int("rss_max_kib", watch->rss_max_kib);
    soak_report_int("rss_last_kib", watch->rss_last_kib);
    soak_report_int("rss_samples", watch->rss_samples);
    soak_report_int("observer_drops", (long long)watch->observer_drops);
    soak_report_int("prober_dropped", prober->dropped);
    soak_report_int("joins_seen", (long long)watch->joins);
    soak_report_int("leaves_seen", (long long)watch->leaves);
    for (unsigned i = 0; i < SOAK_REASONS && watch->reasons[i].count > 0; i++)
        printf("leave_reason=%llu %s\n", (unsigned long long)watch->reasons[i].count,
               watch->reasons[i].text);
    if (watch->late_pings > 0 || unanswered > 0 || watch->observer_drops > 0 || prober->dropped ||
        prober->count == 0)
        *failed = true;
}
