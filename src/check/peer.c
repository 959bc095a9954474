/*
 * peer.c - a test client's state: socket, queues, received lines.
 */
#include "check/peer.h"

#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A thousand clients take a thousand local ports from the ephemeral range,
 * and a port a client holds on 127.0.0.1 cannot be listened on there: a
 * server that another program (a test running beside us) started on a port
 * it had just found free would fail to bind. Clients of a server on
 * 127.0.0.1 therefore come from 127.0.0.2, still loopback, whose ports are
 * its own. Where that address cannot be bound, they come from the default.
 */
static void peer_bind_aside(int fd, const struct sockaddr *address)
{
    const struct sockaddr_in *target = (const struct sockaddr_in *)address;
    struct sockaddr_in aside = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000002)};

    if (address->sa_family != AF_INET || target->sin_addr.s_addr != htonl(INADDR_LOOPBACK))
        return;
    if (bind(fd, (const struct sockaddr *)&aside, sizeof(aside)) != 0)
        return; /* not fatal: connect() picks the usual address */
}

bool peer_open(struct peer *peer, const char *name, const struct sockaddr *address,
               socklen_t length, int receive_buffer)
{
    memset(peer, 0, sizeof(*peer));
    snprintf(peer->name, sizeof(peer->name), "%s", name);
    linebuf_init(&peer->in, PEER_MAX_LINE);
    outq_init(&peer->out, PEER_MAX_QUEUE);
    peer->fd = socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (peer->fd < 0) {
        peer->state = PEER_FAILED;
        peer->connect_error = errno;
        return false;
    }
    if (receive_buffer > 0)
        setsockopt(peer->fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    peer_bind_aside(peer->fd, address);
    net_set_nodelay(peer->fd); /* pieces must leave as the check sends them */
    peer->state = PEER_CONNECTING;
    if (connect(peer->fd, address, length) == 0) {
        peer->state = PEER_OPEN;
    } else if (errno != EINPROGRESS) {
        peer->connect_error = errno;
        peer->state = PEER_FAILED;
    }
    return true;
}

void peer_close(struct peer *peer, bool reset)
{
    if (peer->fd < 0)
        return;
    if (reset) {
        struct linger linger = {.l_onoff = 1, .l_linger = 0};
        setsockopt(peer->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof(linger));
    }
    close(peer->fd);
    peer->fd = -1;
    if (peer->state == PEER_OPEN || peer->state == PEER_CONNECTING)
        peer->state = PEER_CLOSED;
}

void peer_shutdown(struct peer *peer)
{
    if (peer->fd >= 0 && shutdown(peer->fd, SHUT_WR) != 0)
        peer_close(peer, false); /* not connected any more: closing says the same */
}

void peer_free(struct peer *peer)
{
    peer_close(peer, false);
    linebuf_free(&peer->in);
    outq_free(&peer->out);
    for (size_t i = 0; peer->lines != NULL && i < peer->line_count; i++)
        free(peer->lines[i].text);
    free(peer->lines);
    peer->lines = NULL;
    peer->line_count = peer->line_cap = 0;
}

bool peer_queue(struct peer *peer, const char *bytes, size_t count)
{
    return outq_push(&peer->out, bytes, count);
}

void peer_keep_line(struct peer *peer, const char *text, size_t len, int64_t now_ms)
{
    peer->last_line_ms = now_ms;
    if (peer->discard) {
        peer->line_count++; /* counted only: lines is never read when discarding */
        return;
    }
    if (peer->bytes_kept + len > PEER_MAX_KEPT)
        return; /* bounded: a check never needs more */
    if (peer->line_count == peer->line_cap) {
        size_t cap = peer->line_cap ? peer->line_cap * 2 : 16;
        struct peer_line *lines = realloc(peer->lines, cap * sizeof(*lines));
        if (lines == NULL)
            return;
        peer->lines = lines;
        peer->line_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return;
    memcpy(copy, text, len);
    copy[len] = '\0';
    peer->lines[peer->line_count++] = (struct peer_line){.text = copy, .len = len, .at_ms = now_ms};
    peer->bytes_kept += len;
}

bool peer_contains(const char *haystack, size_t len, const char *needle)
{
    size_t needle_len = strlen(needle);

    if (needle_len == 0)
        return true;
    for (size_t at = 0; at + needle_len <= len; at++) {
        if (haystack[at] == needle[0] && memcmp(haystack + at, needle, needle_len) == 0)
            return true;
    }
    return false;
}

long peer_find(const struct peer *peer, const char *text, size_t from)
{
    if (peer->discard)
        return -1;
    for (size_t i = from; i < peer->line_count; i++) {
        if (peer_contains(peer->lines[i].text, peer->lines[i].len, text))
            return (long)i;
    }
    return -1;
}
