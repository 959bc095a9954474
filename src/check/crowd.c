/*
 * crowd.c - open many clients, a batch at a time, and count them.
 */
#include "check/crowd.h"

#include "check/loop.h"
#include "check/procnet.h"
#include "clock.h"
#include "fdset.h"
#include "i18n.h"
#include "net.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A client select() cannot watch: ask the kernel how its connection is. */
static void crowd_update_unwatched(struct peer *peer)
{
    struct tcp_info info;
    socklen_t length = sizeof(info);

    if (peer->fd < 0 || fdset_selectable(peer->fd) ||
        getsockopt(peer->fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return;
    if (peer->state == PEER_CONNECTING && info.tcpi_state == TCP_ESTABLISHED)
        peer->state = PEER_OPEN;
    else if (peer->state == PEER_CONNECTING && info.tcpi_state == TCP_CLOSE)
        peer->state = PEER_FAILED;
    else if (peer->state == PEER_OPEN && info.tcpi_state != TCP_ESTABLISHED)
        peer->state = PEER_GONE; /* CLOSE_WAIT: the server closed it */
    if (peer->state == PEER_OPEN && outq_pending(&peer->out) > 0 &&
        outq_send(&peer->out, peer->fd) < 0 && !net_would_block(errno))
        peer->state = PEER_GONE;
}

void crowd_count(struct crowd *crowd)
{
    int64_t now = clock_ms();

    crowd->open = crowd->gone = crowd->failed = crowd->connecting = crowd->starting = 0;
    for (size_t i = 0; i < crowd->opened; i++) {
        struct peer *peer = crowd->peers[i];
        crowd_update_unwatched(peer);
        crowd->open += peer->state == PEER_OPEN;
        crowd->gone += peer->state == PEER_GONE;
        crowd->failed += peer->state == PEER_FAILED;
        crowd->connecting += peer->state == PEER_CONNECTING;
        /* A connect() that has waited this long waits in a full backlog: let it. */
        crowd->starting += peer->state == PEER_CONNECTING && now - peer->opened_ms < CROWD_PATIENCE_MS;
    }
}

/* The loop's condition: open the next batch; done when all are opened and none connects. */
static bool crowd_step(struct trial *trial, void *arg)
{
    struct crowd *crowd = arg;
    char name[32];

    crowd_count(crowd);
    /* Connections the server has not accepted yet hold up the next ones too:
     * past its backlog the kernel drops SYNs, each retried only a second later. */
    long waiting = crowd->port != 0 ? procnet_accept_queue(crowd->port) : -1;
    size_t in_flight = crowd->starting + (waiting > 0 ? (size_t)waiting : 0);
    size_t opened_before = crowd->opened;
    while (crowd->opened < crowd->want && in_flight++ < CROWD_BATCH) {
        snprintf(name, sizeof(name), "C%zu", crowd->opened + 1);
        struct peer *peer = trial_quiet_peer(trial, name, 0);
        if (peer == NULL) {
            crowd->error = errno;
            return true; /* out of fds: gather() tells */
        }
        if (crowd->line != NULL)
            peer_queue(peer, crowd->line, strlen(crowd->line));
        peer->discard = crowd->discard;
        crowd->peers[crowd->opened++] = peer;
        crowd->starting++;
    }
    return crowd->opened == crowd->want && crowd->opened == opened_before &&
           (crowd->wait_all ? crowd->connecting == 0 : crowd->starting == 0);
}

bool crowd_gather(struct trial *trial, struct crowd *crowd, size_t want, const char *line,
                  bool wait_all, int timeout_ms)
{
    bool discard = crowd->discard;

    memset(crowd, 0, sizeof(*crowd));
    crowd->discard = discard;
    crowd->wait_all = wait_all;
    crowd->port = trial->port; /* -1 from /proc when the server is on another machine */
    crowd->peers = calloc(want, sizeof(*crowd->peers));
    if (crowd->peers == NULL)
        return false;
    crowd->want = want;
    crowd->line = line;
    enum loop_outcome outcome = loop_until(trial, crowd_step, crowd, timeout_ms);
    crowd_count(crowd);
    trial_note(trial, _("%zu clients: %zu connected, %zu closed by the server, %zu refused, %zu waiting in the backlog"),
               crowd->want, crowd->open, crowd->gone, crowd->failed + (crowd->want - crowd->opened),
               crowd->connecting);
    if (outcome == LOOP_SERVER_DIED)
        return false;
    if (crowd->opened < crowd->want && crowd->error != 0) {
        trial_fail(trial, _("the grader opens every client"), _("the grader could open only %zu sockets: %s"),
                   crowd->opened, strerror(crowd->error));
        return false;
    }
    if (crowd->opened < crowd->want) {
        trial_fail(trial, _("the grader opens every client"),
                   _("in %.1f s only %zu of %zu clients could start connecting: the server accepted "
                     "them too slowly (or this machine is very busy)"),
                   timeout_ms / 1000.0, crowd->opened, crowd->want);
        return false;
    }
    return true;
}

void crowd_free(struct crowd *crowd)
{
    free(crowd->peers); /* the peers themselves belong to the trial */
    crowd->peers = NULL;
}
