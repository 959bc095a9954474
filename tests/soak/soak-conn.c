/*
 * soak-conn.c - one connection of the soak test: connect, send, receive, close.
 *
 * The same moves as the server's own I/O, seen from the other end: non-blocking
 * sockets, an outq for what the kernel did not take, a linebuf that turns the
 * byte stream back into lines. Two moves only a test makes on purpose:
 *
 *   - a small SO_RCVBUF set *before* connect() (the window is agreed in the
 *     handshake), for a client that will never read;
 *   - close() after SO_LINGER {on, 0}: the kernel throws the connection away
 *     and sends RST instead of FIN, the way a crashed program's socket ends.
 */
#include "soak.h"

#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- Chance --------------------------------------------------------------------- */

static uint64_t soak_state = 0x9e3779b97f4a7c15ULL;

void soak_random_seed(uint64_t seed)
{
    soak_state = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t soak_random(void)
{
    soak_state ^= soak_state >> 12;
    soak_state ^= soak_state << 25;
    soak_state ^= soak_state >> 27;
    return soak_state * 0x2545f4914f6cdd1dULL;
}

unsigned soak_between(unsigned low, unsigned high)
{
    if (high <= low)
        return low;
    return low + (unsigned)(soak_random() % ((uint64_t)high - low + 1));
}

bool soak_chance(unsigned percent)
{
    return soak_random() % 100 < percent;
}

/* ---- Setting up ----------------------------------------------------------------- */

void soak_conn_init(struct soak_conn *conn)
{
    memset(conn, 0, sizeof(*conn));
    conn->fd = -1;
    linebuf_init(&conn->in, SOAK_MAX_LINE);
    outq_init(&conn->out, SOAK_MAX_QUEUE);
}

void soak_conn_free(struct soak_conn *conn)
{
    soak_conn_close(conn, false);
    linebuf_free(&conn->in);
    outq_free(&conn->out);
}

int soak_conn_start(struct soak_conn *conn, unsigned port, int rcvbuf)
{
    struct sockaddr_in address;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0) {
        perror("obrol-soak: socket()");
        return -1;
    }
    /* Before connect(): the receive window is announced in the handshake. */
    if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) != 0)
        perror("obrol-soak: setsockopt(SO_RCVBUF)");
    if (net_set_nonblocking(fd) != 0 || net_set_nodelay(fd) != 0) {
        perror("obrol-soak: fcntl()/setsockopt()");
        close(fd);
        return -1;
    }
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0 && errno != EINPROGRESS) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    conn->fd = fd;
    conn->connecting = true;
    conn->open = false;
    conn->reading = true;
    conn->eof = conn->reset = false;
    conn->ring_head = conn->ring_count = 0;
    return 0;
}

int soak_conn_finish(struct soak_conn *conn)
{
    int result = net_connect_result(conn->fd);

    conn->connecting = false;
    conn->open = result == 0;
    return result;
}

void soak_conn_close(struct soak_conn *conn, bool reset)
{
    if (conn->fd >= 0) {
        if (reset) {
            struct linger linger = {1, 0}; /* on, 0 seconds: discard and send RST */
            if (setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof(linger)) != 0)
                perror("obrol-soak: setsockopt(SO_LINGER)");
        }
        if (close(conn->fd) != 0)
            perror("obrol-soak: close()");
    }
    conn->fd = -1;
    conn->connecting = conn->open = false;
    /* The next session starts with empty buffers (freed: an idle slot costs nothing). */
    linebuf_free(&conn->in);
    linebuf_init(&conn->in, SOAK_MAX_LINE);
    outq_free(&conn->out);
    outq_init(&conn->out, SOAK_MAX_QUEUE);
    conn->ring_head = conn->ring_count = 0;
}

/* ---- Sending ------------------------------------------------------------------------- */

void soak_conn_flush(struct soak_conn *conn)
{
    if (conn->open && outq_send(&conn->out, conn->fd) < 0 && !net_would_block(errno)) {
        conn->reset = true; /* EPIPE, ECONNRESET: the server is gone for us */
        conn->open = false;
    }
}

bool soak_conn_send(struct soak_conn *conn, const char *bytes, size_t len)
{
    if (!conn->open)
        return false;
    if (!outq_push(&conn->out, bytes, len))
        return false;
    soak_conn_flush(conn);
    return true;
}

size_t soak_conn_queued(const struct soak_conn *conn)
{
    return outq_pending(&conn->out);
}

/* ---- Receiving --------------------------------------------------------------------------- */

size_t soak_conn_read(struct soak_conn *conn, soak_line_fn *line_fn, void *owner, int64_t now_us)
{
    size_t room;
    char *space = linebuf_space(&conn->in, &room);

    if (space == NULL || room == 0) {
        fprintf(stderr, "obrol-soak: %s\n", space == NULL ? "out of memory" : "line too long");
        conn->reset = true;
        conn->open = false;
        return 0;
    }
    ssize_t count = recv(conn->fd, space, room, 0);
    if (count <= 0) {
        if (count == 0) {
            conn->eof = true;
            conn->open = false;
        } else if (!net_would_block(errno)) {
            conn->reset = true;
            conn->open = false;
        }
        return 0;
    }
    const char *line;
    size_t len;
    enum linebuf_result result;

    linebuf_commit(&conn->in, (size_t)count);
    while ((result = linebuf_next(&conn->in, &line, &len)) != LINEBUF_NONE) {
        if (result == LINEBUF_TOO_LONG)
            fprintf(stderr, "obrol-soak: the server sent a line over %d bytes\n", SOAK_MAX_LINE);
        else
            line_fn(owner, line, len, now_us);
    }
    linebuf_compact(&conn->in);
    return (size_t)count;
}

/* ---- The request ring ----------------------------------------------------------------------- */

bool soak_ring_push(struct soak_conn *conn, enum soak_verb verb, uint32_t gid)
{
    if (conn->ring_count == SOAK_RING)
        return false;
    struct soak_request *slot = &conn->ring[(conn->ring_head + conn->ring_count) % SOAK_RING];
    slot->verb = (uint8_t)verb;
    slot->gid = gid;
    conn->ring_count++;
    return true;
}

bool soak_ring_pop(struct soak_conn *conn, struct soak_request *request)
{
    if (conn->ring_count == 0)
        return false;
    *request = conn->ring[conn->ring_head];
    conn->ring_head = (conn->ring_head + 1) % SOAK_RING;
    conn->ring_count--;
    return true;
}
