/*
 * checks-reset.c - clients that vanish: reset in the middle of a line, reset
 * while the server holds data for them, closed without reading. The server
 * must live on (a server that does not ignore SIGPIPE dies here) and relay.
 *
 * Writing to a reset connection kills the writer with SIGPIPE from the
 * second write on (the first reports ECONNRESET), or from the first when a
 * recv() already took the error. A server writes to a departed client when
 * it still holds output for it: so S first stops reading until the kernel
 * buffers toward it are full (seen in /proc/net/tcp: the server's send queue
 * toward S stops growing while W still receives) and the server must keep the
 * rest itself; then S resets.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "check/procnet.h"
#include "clock.h"
#include "i18n.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#define CHECKS_FILL_LINES 3000 /* 3 MB toward S: more than the kernel buffers hold */
#define CHECKS_FILL_BYTES 1000
#define CHECKS_FILL_MORE (192 * 1024) /* held by the server itself when S resets */
#define CHECKS_FILL_PACE 6400          /* bytes P sends per millisecond (6.4 MB/s) */

/* A sends three lines in one send() and B must get the last: the server relays on. */
static bool checks_after_reset(struct trial *trial, struct peer *a, struct peer *b, const char *what)
{
    char lines[256], last[64];

    snprintf(lines, sizeof(lines), "after-%s-%s-#1\nafter-%s-%s-#2\nafter-%s-%s-#3\n", what,
             trial->tag, what, trial->tag, what, trial->tag);
    snprintf(last, sizeof(last), "after-%s-%s-#3", what, trial->tag);
    trial_send_text(trial, a, lines);
    return probe_lines(trial, &b, 1, NULL, last, trial_pick(trial, 3000, 2000));
}

/* R sends half a line, then resets its connection. */
static bool checks_reset_mid_line(struct trial *trial, struct peer *a, struct peer *b)
{
    struct peer *r[1];
    char half[64];

    if (!probe_open(trial, "R", r, 3000))
        return false;
    snprintf(half, sizeof(half), "reset-%s half a line and then", trial->tag);
    trial_send_text(trial, r[0], half);
    if (loop_for(trial, 50) != LOOP_DONE)
        return false;
    peer_close(r[0], true);
    trial_note(trial, _("R resets its connection (RST) in the middle of its line"));
    return checks_after_reset(trial, a, b, "r");
}

struct checks_fill {
    struct peer *p, *w;
    unsigned port, s_port;
    int64_t start_ms, looked_ms;
    size_t queued, w_start;
    long kernel; /* the server's send queue toward S when last looked at */
    const char *tag;
};

/* P's lines go out at CHECKS_FILL_PACE bytes a millisecond: slow enough to look in between. */
static void checks_fill_pace(struct checks_fill *fill, int64_t now)
{
    char line[CHECKS_FILL_BYTES + 1];
    size_t allowed = (size_t)(now - fill->start_ms + 1) * CHECKS_FILL_PACE;

    while (fill->queued < allowed && fill->queued < (size_t)CHECKS_FILL_LINES * CHECKS_FILL_BYTES) {
        int length = snprintf(line, sizeof(line), "fill-%s-#%zu# ", fill->tag,
                              fill->queued / CHECKS_FILL_BYTES);
        memset(line + length, 'f', CHECKS_FILL_BYTES - 1 - (size_t)length);
        line[CHECKS_FILL_BYTES - 1] = '\n';
        peer_queue(fill->p, line, CHECKS_FILL_BYTES);
        fill->queued += CHECKS_FILL_BYTES;
    }
}

/*
 * The loop's condition: W has received much more than the kernel holds
 * toward S (the server's send queue to S, in /proc/net/tcp): everything W
 * got went to S too, so the server itself holds the difference for S.
 */
static bool checks_filled(struct trial *trial, void *arg)
{
    struct checks_fill *fill = arg;
    int64_t now = clock_ms();
    (void)trial;

    checks_fill_pace(fill, now);
    if (now - fill->looked_ms < 10)
        return false;
    fill->looked_ms = now;
    fill->kernel = procnet_send_queue(fill->port, fill->s_port);
    size_t relayed = fill->w->bytes_in - fill->w_start;
    return fill->kernel > 0 && relayed > (size_t)fill->kernel + CHECKS_FILL_MORE;
}

/* The local port of a connected socket (network order turned around). */
static unsigned checks_local_port(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return ntohs(((struct sockaddr_in *)&address)->sin_port);
}

/* P talks a lot; S does not read; when the server must hold S's data, S resets. */
static bool checks_reset_with_data(struct trial *trial, struct peer *a, struct peer *b)
{
    struct peer *s = trial_peer(trial, "S", 1024), *p = trial_quiet_peer(trial, "P", 0);
    struct peer *w = trial_quiet_peer(trial, "W", 0);

    if (s == NULL || p == NULL || w == NULL || !probe_connect(trial, (struct peer *[]){s, p, w}, 3, 3000))
        return false;
    s->no_read = true;
    w->discard = true;
    char hush[32];
    snprintf(hush, sizeof(hush), "fill-%s-#", trial->tag);
    trial->hush = hush; /* P's thousands of lines are not news */
    trial_note(trial, _("S stops reading; P sends up to %d lines of %d bytes, W reads them"),
               CHECKS_FILL_LINES, CHECKS_FILL_BYTES);
    struct checks_fill fill = {.p = p, .w = w, .port = trial->port, .s_port = checks_local_port(s->fd),
                               .start_ms = clock_ms(), .w_start = w->bytes_in, .tag = trial->tag};
    enum loop_outcome outcome = loop_until(trial, checks_filled, &fill, trial_pick(trial, 2500, 1000));
    if (outcome == LOOP_SERVER_DIED)
        return false;
    if (outcome == LOOP_DONE)
        trial_note(trial, _("W got %zu KiB; the kernel holds %ld KiB for S; the server keeps the rest"),
                   (w->bytes_in - fill.w_start) / 1024, fill.kernel / 1024);
    peer_close(s, true);
    trial_note(trial, _("S resets its connection (RST) with data still waiting for it"));
    peer_close(p, false);
    bool relays = checks_after_reset(trial, a, b, "s");
    trial->hush = NULL;
    return relays;
}

/* T closes normally without reading what was sent to it; A goes on talking. */
static bool checks_close_unread(struct trial *trial, struct peer *a, struct peer *b)
{
    struct peer *t[1];
    char text[64];

    if (!probe_open(trial, "T", t, 3000))
        return false;
    t[0]->no_read = true;
    snprintf(text, sizeof(text), "unread-%s", trial->tag);
    if (!probe_relay(trial, a, &b, 1, text, trial_pick(trial, 3000, 2000)))
        return false;
    peer_close(t[0], false);
    trial_note(trial, _("T closes its connection without reading what came"));
    for (int i = 0; i < 3; i++) {
        snprintf(text, sizeof(text), "talk-%s-#%d\n", trial->tag, i);
        trial_send_text(trial, a, text);
        if (loop_for(trial, 30) != LOOP_DONE)
            return false;
    }
    snprintf(text, sizeof(text), "talk-%s-#2", trial->tag);
    return probe_lines(trial, &b, 1, NULL, text, trial_pick(trial, 3000, 2000));
}

enum check_result checks_peer_reset(struct trial *trial)
{
    struct peer *peers[2];

    if (!probe_open(trial, "AB", peers, 3000) || !checks_reset_mid_line(trial, peers[0], peers[1]) ||
        !checks_reset_with_data(trial, peers[0], peers[1]) ||
        !checks_close_unread(trial, peers[0], peers[1])) {
        if (trial_server_died(trial))
            snprintf(trial->expected, sizeof(trial->expected), "%s",
                     _("the server lives on when clients vanish, and relays the others' lines"));
        return RESULT_FAIL;
    }
    if (trial->server != NULL && loop_for(trial, 100) != LOOP_DONE)
        return RESULT_FAIL;
    return probe_serves(trial, peers[0], peers[1], trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                                  : RESULT_FAIL;
}
