/*
 * bench-pool.c - the benchmark's connections and its one poll() loop.
 *
 * The mirror image of the server: many non-blocking sockets, one process, and
 * one place where it sleeps (poll()). poll() rather than select(), because the
 * benchmark opens more sockets than select() can watch (FD_SETSIZE is 1024).
 */
#include "bench.h"

#include "clock.h"
#include "net.h"
#include "protocol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- Setting up and tearing down ------------------------------------------------ */

int bench_pool_init(struct bench_pool *pool, unsigned count, unsigned port, int64_t deadline_us)
{
    memset(pool, 0, sizeof(*pool));
    pool->conns = calloc(count, sizeof(*pool->conns));
    pool->polls = calloc(count, sizeof(*pool->polls));
    if (pool->conns == NULL || pool->polls == NULL) {
        fprintf(stderr, "obrol-bench: out of memory for %u connections\n", count);
        bench_pool_free(pool);
        return -1;
    }
    pool->count = count;
    pool->port = port;
    pool->deadline_us = deadline_us;
    for (unsigned i = 0; i < count; i++) {
        struct bench_conn *conn = &pool->conns[i];
        conn->fd = -1;
        conn->id = i;
        linebuf_init(&conn->in, BENCH_MAX_LINE);
        outq_init(&conn->out, BENCH_MAX_QUEUE);
    }
    return 0;
}

void bench_pool_free(struct bench_pool *pool)
{
    for (unsigned i = 0; pool->conns != NULL && i < pool->count; i++) {
        struct bench_conn *conn = &pool->conns[i];
        if (conn->fd >= 0 && close(conn->fd) != 0)
            perror("obrol-bench: close()");
        linebuf_free(&conn->in);
        outq_free(&conn->out);
    }
    free(pool->conns);
    free(pool->polls);
    memset(pool, 0, sizeof(*pool));
}

/* A connection is finished: the server closed it, or it broke. Counted once. */
static void bench_conn_lost(struct bench_pool *pool, struct bench_conn *conn, const char *why)
{
    if (!conn->open)
        return;
    conn->open = false;
    pool->closed++;
    fprintf(stderr, "obrol-bench: connection b%u: %s\n", conn->id, why);
}

/* ---- Connecting ------------------------------------------------------------------- */

/* Start connecting conns[first .. first+count-1]; the sockets are non-blocking. */
static int bench_connect_start(struct bench_pool *pool, unsigned first, unsigned count)
{
    struct net_error error;

    for (unsigned i = first; i < first + count; i++) {
        int in_progress;
        int fd = net_connect_start("127.0.0.1", pool->port, &in_progress, &error);
        if (fd < 0) {
            fprintf(stderr, "obrol-bench: connection %u: %s\n", i, error.text);
            return -1;
        }
        pool->conns[i].fd = fd;
    }
    return 0;
}

/* Wait until conns[first .. first+count-1] are connected (writable, no error). */
static int bench_connect_wait(struct bench_pool *pool, unsigned first, unsigned count)
{
    unsigned waiting = count;

    while (waiting > 0) {
        int64_t left_ms = (pool->deadline_us - clock_us()) / 1000;
        if (left_ms <= 0) {
            fprintf(stderr, "obrol-bench: deadline passed while connecting\n");
            return -1;
        }
        for (unsigned i = 0; i < count; i++) {
            struct bench_conn *conn = &pool->conns[first + i];
            pool->polls[i].fd = conn->open ? -1 : conn->fd; /* -1: poll() skips it */
            pool->polls[i].events = POLLOUT;
            pool->polls[i].revents = 0;
        }
        int ready = poll(pool->polls, count,
                         left_ms < BENCH_POLL_SLICE_MS ? (int)left_ms : BENCH_POLL_SLICE_MS);
        if (ready < 0 && errno != EINTR) {
            perror("obrol-bench: poll()");
            return -1;
        }
        for (unsigned i = 0; ready > 0 && i < count; i++) {
            struct bench_conn *conn = &pool->conns[first + i];
            if (pool->polls[i].revents == 0)
                continue;
            int result = net_connect_result(conn->fd);
            if (result != 0) {
                fprintf(stderr, "obrol-bench: connect to 127.0.0.1:%u: %s\n", pool->port,
                        strerror(result));
                return -1;
            }
            conn->open = true;
            waiting--;
        }
    }
    return 0;
}

/* ---- Watching the door -------------------------------------------------------------- */

/*
 * A finished connect() only means the kernel completed the handshake: the
 * connection waits in the listen backlog until the server accept()s it. If we
 * connected faster than the server accepts, the backlog would overflow, the
 * kernel would drop our SYNs and retry only a second later. So b0 connects
 * first and takes its nick; then every batch waits until b0 has been told
 * "JOIN ..." for each member: the server has accepted them all.
 */
struct bench_door {
    const struct bench_handler *inner; /* the scenario's handler, for everything else */
    unsigned joins;                    /* JOIN lines b0 received */
};

static void bench_door_line(void *context, struct bench_conn *conn, const char *line, size_t len,
                            int64_t now_us)
{
    struct bench_door *door = context;
    struct proto_line parsed;

    if (conn->id == 0) {
        proto_parse_line(line, len, &parsed);
        if (parsed.kind == PROTO_LINE_JOIN)
            door->joins++;
        else if (parsed.kind == PROTO_LINE_OK && parsed.word.len == 4 &&
                 memcmp(parsed.word.text, "nick", 4) == 0)
            conn->named = true;
        else if (parsed.kind == PROTO_LINE_ERR) /* e.g. b0 is taken: another run is still here */
            fprintf(stderr, "obrol-bench: b0 received: %.*s\n", (int)len, line);
    }
    if (door->inner != NULL && door->inner->line != NULL)
        door->inner->line(door->inner->context, conn, line, len, now_us);
}

/* Turn the loop until b0 is named and has seen `joins` JOIN lines. */
static int bench_door_wait(struct bench_pool *pool, struct bench_door *door, unsigned joins)
{
    struct bench_handler handler = {bench_door_line, NULL, door};

    while (!pool->conns[0].named || door->joins < joins) {
        if (pool->closed > 0 || bench_pool_turn(pool, BENCH_POLL_SLICE_MS, &handler) != 0) {
            fprintf(stderr, "obrol-bench: the server accepted only %u of %u connections\n",
                    door->joins + 1, joins + 1);
            return -1;
        }
    }
    return 0;
}

int bench_pool_connect(struct bench_pool *pool, const struct bench_handler *handler)
{
    struct bench_door door = {handler, 0};
    static const char nick[] = "/nick b0\n";

    if (bench_connect_start(pool, 0, 1) != 0 || bench_connect_wait(pool, 0, 1) != 0)
        return -1;
    bench_conn_send(pool, &pool->conns[0], nick, sizeof(nick) - 1);
    for (unsigned first = 1; first < pool->count; first += BENCH_CONNECT_BATCH) {
        unsigned count = pool->count - first;
        if (count > BENCH_CONNECT_BATCH)
            count = BENCH_CONNECT_BATCH;
        if (bench_connect_start(pool, first, count) != 0 ||
            bench_connect_wait(pool, first, count) != 0 ||
            bench_door_wait(pool, &door, first + count - 1) != 0)
            return -1;
    }
    return bench_door_wait(pool, &door, pool->count - 1);
}

/* ---- Sending ------------------------------------------------------------------------ */

/* Offer everything queued to the kernel once; what it does not take stays queued. */
static void bench_conn_flush(struct bench_pool *pool, struct bench_conn *conn)
{
    if (conn->open && outq_send(&conn->out, conn->fd) < 0 && !net_would_block(errno))
        bench_conn_lost(pool, conn, strerror(errno));
}

void bench_conn_send(struct bench_pool *pool, struct bench_conn *conn, const char *bytes,
                     size_t len)
{
    if (!conn->open)
        return;
    if (!outq_push(&conn->out, bytes, len)) {
        bench_conn_lost(pool, conn, "more than BENCH_MAX_QUEUE bytes waiting to be sent");
        return;
    }
    bench_conn_flush(pool, conn);
}

/* ---- Receiving ------------------------------------------------------------------------ */

/* One recv() into the connection's line buffer; every complete line goes to the handler. */
static void bench_conn_read(struct bench_pool *pool, struct bench_conn *conn,
                            const struct bench_handler *handler)
{
    size_t room;
    char *space = linebuf_space(&conn->in, &room);

    if (space == NULL || room == 0) {
        bench_conn_lost(pool, conn, space == NULL ? "out of memory" : "line too long");
        return;
    }
    ssize_t count = recv(conn->fd, space, room, 0);
    if (count <= 0) {
        if (count == 0)
            bench_conn_lost(pool, conn, "closed by the server");
        else if (!net_would_block(errno))
            bench_conn_lost(pool, conn, strerror(errno));
        return;
    }
    int64_t now = clock_us(); /* the arrival time of every line in these bytes */
    const char *line;
    size_t len;
    enum linebuf_result result;

    linebuf_commit(&conn->in, (size_t)count);
    while ((result = linebuf_next(&conn->in, &line, &len)) != LINEBUF_NONE) {
        if (result == LINEBUF_TOO_LONG)
            bench_conn_lost(pool, conn, "line too long");
        else if (handler->line != NULL)
            handler->line(handler->context, conn, line, len, now);
    }
    linebuf_compact(&conn->in);
    if (handler->after_read != NULL)
        handler->after_read(handler->context, conn, now);
}

/* ---- The loop ----------------------------------------------------------------------------- */

int bench_pool_turn(struct bench_pool *pool, int timeout_ms, const struct bench_handler *handler)
{
    int64_t left_ms = (pool->deadline_us - clock_us()) / 1000;

    if (left_ms <= 0 || pool->closed == pool->count)
        return -1;
    if (timeout_ms < 0 || timeout_ms > left_ms)
        timeout_ms = (int)left_ms;
    for (unsigned i = 0; i < pool->count; i++) {
        const struct bench_conn *conn = &pool->conns[i];
        pool->polls[i].fd = conn->open ? conn->fd : -1;
        pool->polls[i].events = (short)(POLLIN | (outq_pending(&conn->out) > 0 ? POLLOUT : 0));
        pool->polls[i].revents = 0;
    }
    int ready = poll(pool->polls, pool->count, timeout_ms);
    if (ready < 0) {
        if (errno == EINTR)
            return 0;
        perror("obrol-bench: poll()");
        return -1;
    }
    for (unsigned i = 0; ready > 0 && i < pool->count; i++) {
        struct bench_conn *conn = &pool->conns[i];
        short revents = pool->polls[i].revents;
        if (revents & POLLOUT)
            bench_conn_flush(pool, conn);
        if (revents & (POLLIN | POLLHUP | POLLERR))
            bench_conn_read(pool, conn, handler);
    }
    return 0;
}

/* ---- Naming every client --------------------------------------------------------------- */

struct bench_naming {
    unsigned named;
    unsigned refused;
};

static void bench_naming_line(void *context, struct bench_conn *conn, const char *line, size_t len,
                              int64_t now_us)
{
    struct bench_naming *naming = context;
    struct proto_line parsed;

    (void)now_us; /* the time does not matter here */
    proto_parse_line(line, len, &parsed);
    if (parsed.kind == PROTO_LINE_OK && parsed.word.len == 4 &&
        memcmp(parsed.word.text, "nick", 4) == 0) {
        conn->named = true;
        naming->named++;
    } else if (parsed.kind == PROTO_LINE_ERR) {
        fprintf(stderr, "obrol-bench: b%u: %.*s\n", conn->id, (int)len, line);
        naming->refused++;
    }
    /* JOIN, NICK and WELCOME lines of the others are expected and ignored. */
}

/*
 * Once every client holds the answer to its /nick, the server has every client
 * in its table: a message sent after this point reaches all of them.
 */
int bench_pool_name_all(struct bench_pool *pool)
{
    struct bench_naming naming = {0, 0};
    struct bench_handler handler = {bench_naming_line, NULL, &naming};
    char line[32];

    for (unsigned i = 0; i < pool->count; i++) {
        int len = snprintf(line, sizeof(line), "/nick b%u\n", pool->conns[i].id);
        bench_conn_send(pool, &pool->conns[i], line, (size_t)len);
    }
    while (naming.named < pool->count) {
        if (naming.refused > 0 || pool->closed > 0 ||
            bench_pool_turn(pool, BENCH_POLL_SLICE_MS, &handler) != 0) {
            fprintf(stderr, "obrol-bench: only %u of %u clients could take their nick\n",
                    naming.named, pool->count);
            return -1;
        }
    }
    return 0;
}
