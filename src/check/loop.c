/*
 * loop.c - connect, send, receive, frame: one select() loop for every check.
 */
#include "check/loop.h"

#include "clock.h"
#include "fdset.h"
#include "i18n.h"
#include "net.h"

#include <errno.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>

static int loop_build_sets(struct trial *trial, fd_set *readable, fd_set *writable);
static void loop_serve_peer(struct trial *trial, struct peer *peer, const fd_set *readable,
                            const fd_set *writable);

enum loop_outcome loop_until(struct trial *trial, loop_condition *done, void *arg, int timeout_ms)
{
    int64_t deadline = clock_ms() + timeout_ms;

    for (;;) {
        if (done != NULL && done(trial, arg))
            return LOOP_DONE;
        if (trial_server_died(trial))
            return LOOP_SERVER_DIED;
        int64_t now = clock_ms();
        if (now >= deadline)
            return LOOP_TIMEOUT;
        fd_set readable, writable;
        int highest = loop_build_sets(trial, &readable, &writable);
        int64_t wait_ms = deadline - now < LOOP_TICK_MS ? deadline - now : LOOP_TICK_MS;
        struct timeval timeout = {.tv_sec = 0, .tv_usec = (suseconds_t)(wait_ms * 1000)};
        int ready = select(highest + 1, &readable, &writable, NULL, &timeout);
        if (ready < 0 && errno != EINTR)
            return LOOP_TIMEOUT; /* cannot happen with valid sets */
        if (ready <= 0)
            continue;
        if (trial->server != NULL && trial->server->output_fd >= 0 &&
            FD_ISSET(trial->server->output_fd, &readable))
            spawn_drain(trial->server);
        for (size_t i = 0; i < trial->peer_count; i++)
            loop_serve_peer(trial, trial->peers[i], &readable, &writable);
    }
}

enum loop_outcome loop_for(struct trial *trial, int ms)
{
    enum loop_outcome outcome = loop_until(trial, NULL, NULL, ms);

    return outcome == LOOP_TIMEOUT ? LOOP_DONE : outcome;
}

/* Who waits for what: connecting and queued peers to write, the others to read. */
static int loop_build_sets(struct trial *trial, fd_set *readable, fd_set *writable)
{
    int highest = -1;

    FD_ZERO(readable);
    FD_ZERO(writable);
    if (trial->server != NULL && trial->server->output_fd >= 0 &&
        fdset_selectable(trial->server->output_fd))
        fdset_watch(readable, trial->server->output_fd, &highest);
    for (size_t i = 0; i < trial->peer_count; i++) {
        const struct peer *peer = trial->peers[i];
        if (peer->fd < 0 || !fdset_selectable(peer->fd)) /* past FD_SETSIZE: fd-limit's crowd */
            continue;
        if (peer->state == PEER_CONNECTING || (peer->state == PEER_OPEN && outq_pending(&peer->out) > 0))
            fdset_watch(writable, peer->fd, &highest);
        if (peer->state == PEER_OPEN && !peer->no_read)
            fdset_watch(readable, peer->fd, &highest);
    }
    return highest;
}

/* The server closed this peer (or reset it): note it once. */
static void loop_peer_gone(struct trial *trial, struct peer *peer, int error)
{
    peer->state = PEER_GONE;
    peer->gone_ms = clock_ms();
    if (peer->quiet)
        return;
    if (error == 0)
        trial_note(trial, _("the server closed %s's connection"), peer->name);
    else
        trial_note(trial, _("%s's connection was reset"), peer->name);
}

/* Receive once and hand every complete line to the peer. */
static void loop_receive(struct trial *trial, struct peer *peer)
{
    size_t room;
    char *space = linebuf_space(&peer->in, &room);
    if (space == NULL || room == 0)
        return;
    ssize_t got = recv(peer->fd, space, room, 0);
    if (got < 0 && net_would_block(errno))
        return;
    if (got <= 0) {
        loop_peer_gone(trial, peer, got < 0 ? errno : 0);
        return;
    }
    linebuf_commit(&peer->in, (size_t)got);
    peer->bytes_in += (size_t)got;
    int64_t now = clock_ms();
    const char *line;
    size_t len;
    enum linebuf_result result;
    while ((result = linebuf_next(&peer->in, &line, &len)) != LINEBUF_NONE) {
        if (result == LINEBUF_TOO_LONG) {
            peer->too_long++;
            continue;
        }
        if (trial->hush != NULL && peer_contains(line, len, trial->hush))
            continue; /* filler: read as fast as it comes, neither shown nor kept */
        if (!peer->quiet)
            transcript_bytes(&trial->transcript, now, "server", peer->name, line, len);
        peer_keep_line(peer, line, len, now);
    }
    linebuf_compact(&peer->in);
}

static void loop_serve_peer(struct trial *trial, struct peer *peer, const fd_set *readable,
                            const fd_set *writable)
{
    if (peer->fd < 0 || !fdset_selectable(peer->fd))
        return;
    if (peer->state == PEER_CONNECTING && FD_ISSET(peer->fd, writable)) {
        int error = net_connect_result(peer->fd);
        peer->state = error == 0 ? PEER_OPEN : PEER_FAILED;
        peer->connect_error = error;
        return;
    }
    if (peer->state == PEER_OPEN && FD_ISSET(peer->fd, writable)) {
        ssize_t sent = outq_send(&peer->out, peer->fd);
        if (sent > 0)
            peer->bytes_out += (size_t)sent;
        else if (sent < 0 && !net_would_block(errno))
            loop_peer_gone(trial, peer, errno);
    }
    if (peer->state == PEER_OPEN && FD_ISSET(peer->fd, readable))
        loop_receive(trial, peer);
}
