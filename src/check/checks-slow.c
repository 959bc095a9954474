/*
 * checks-slow.c - a client that stops reading must not freeze the room.
 *
 * S connects with a small receive buffer and never reads. Senders P0, P1, ...
 * each hand the server a few hundred lines of ~1,000 bytes at once: a few MiB
 * in all, more than the kernel buffers on the way to S can hold (on loopback
 * the server's send buffer alone may take over a MiB). Everything is relayed
 * to S too: once those buffers are full, a server whose send() blocks stops
 * for everyone. W reads and watches the room breathe: while lines are still
 * on their way, some line must reach W at least every 1.5 s (1 s with --quick). A
 * server may pace each sender (obrol reads 5 lines a second from each after a
 * burst of 20) and may drop S; it may not freeze.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "clock.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKS_SLOW_SENDERS_MAX 12
#define CHECKS_SLOW_LINES 400     /* each sender's */
#define CHECKS_SLOW_LINE_BYTES 1000

struct checks_slow {
    struct peer *w, *s, *senders[CHECKS_SLOW_SENDERS_MAX];
    int sender_count;
    int64_t start_ms, last_arrival_ms;
    int duration_ms;
    int gap_ms;          /* the longest silence allowed while lines are on their way */
    size_t seen;         /* W's lines counted so far */
    int64_t longest_gap; /* the longest W waited for a line */
    bool froze;
};

/* Every sender queues all of its lines now; the loop sends them as the server reads. */
static void checks_slow_queue(struct checks_slow *slow, const char *tag)
{
    char line[CHECKS_SLOW_LINE_BYTES + 1];

    for (int i = 0; i < slow->sender_count; i++) {
        for (int n = 0; n < CHECKS_SLOW_LINES; n++) {
            int length = snprintf(line, sizeof(line), "slow-%s-p%d-%d# ", tag, i, n);
            memset(line + length, 'a' + i % 26, CHECKS_SLOW_LINE_BYTES - 1 - (size_t)length);
            line[CHECKS_SLOW_LINE_BYTES - 1] = '\n';
            peer_queue(slow->senders[i], line, CHECKS_SLOW_LINE_BYTES);
        }
    }
}

/* Lines still on their way: queued by a sender, or not yet seen by W. */
static bool checks_slow_pending(const struct checks_slow *slow)
{
    size_t total = (size_t)slow->sender_count * CHECKS_SLOW_LINES;

    return slow->w->line_count < total && slow->w->state == PEER_OPEN;
}

/* The loop's condition: done when the time is up, everything came, or the room froze. */
static bool checks_slow_step(struct trial *trial, void *arg)
{
    struct checks_slow *slow = arg;
    int64_t now = clock_ms();
    (void)trial;

    if (slow->w->line_count > slow->seen) {
        slow->seen = slow->w->line_count;
        slow->last_arrival_ms = slow->w->last_line_ms;
    }
    int64_t gap = now - slow->last_arrival_ms;
    if (checks_slow_pending(slow) && gap > slow->longest_gap)
        slow->longest_gap = gap;
    if (checks_slow_pending(slow) && gap > slow->gap_ms) {
        slow->froze = true;
        return true;
    }
    return now - slow->start_ms >= slow->duration_ms || !checks_slow_pending(slow);
}

/* W, S (small buffer, never reads) and the senders, connected. */
static bool checks_slow_open(struct trial *trial, struct checks_slow *slow)
{
    struct peer *all[CHECKS_SLOW_SENDERS_MAX + 2];
    char name[16];

    slow->w = trial_quiet_peer(trial, "W", 0);
    slow->s = trial_peer(trial, "S", 1024);
    if (slow->w == NULL || slow->s == NULL)
        return false;
    slow->s->no_read = true;
    slow->w->discard = true; /* W counts the lines and notes when the last came */
    all[0] = slow->w;
    all[1] = slow->s;
    for (int i = 0; i < slow->sender_count; i++) {
        snprintf(name, sizeof(name), "P%d", i);
        slow->senders[i] = trial_quiet_peer(trial, name, 0);
        if (slow->senders[i] == NULL)
            return false;
        slow->senders[i]->discard = true; /* they read what comes, but nobody looks at it */
        all[i + 2] = slow->senders[i];
    }
    return probe_connect(trial, all, (size_t)slow->sender_count + 2, 3000);
}

static enum check_result checks_slow_verdict(struct trial *trial, const struct checks_slow *slow)
{
    size_t total = (size_t)slow->sender_count * CHECKS_SLOW_LINES;

    trial_note(trial, _("W received %zu of %zu lines; the longest wait for the next line: %.1f s"),
               slow->w->line_count, total, slow->longest_gap / 1000.0);
    if (slow->froze)
        return trial_fail(trial, _("the others' lines keep reaching W while S does not read"),
                          _("W received nothing for %.1f s while %zu lines were still on their way: "
                            "the room froze while S was not reading"),
                          slow->gap_ms / 1000.0, total - slow->w->line_count);
    if (slow->w->state != PEER_OPEN)
        return trial_fail(trial, _("the others' lines keep reaching W while S does not read"), "%s",
                          _("the server closed W's connection, and W was reading"));
    return RESULT_PASS;
}

enum check_result checks_slow_reader(struct trial *trial)
{
    struct checks_slow *slow = calloc(1, sizeof(*slow));

    if (slow == NULL)
        return trial_skip(trial, _("the grader ran out of memory"));
    slow->sender_count = trial_pick(trial, 10, 6);
    slow->duration_ms = trial_pick(trial, 4000, 1800);
    slow->gap_ms = trial_pick(trial, 1500, 1000);
    if (!checks_slow_open(trial, slow)) {
        free(slow);
        return RESULT_FAIL;
    }
    trial_note(trial, _("S stops reading (a small receive buffer); P0..P%d send %d lines of %d bytes "
                        "each (%d KiB in all); W listens"),
               slow->sender_count - 1, CHECKS_SLOW_LINES, CHECKS_SLOW_LINE_BYTES,
               slow->sender_count * CHECKS_SLOW_LINES * CHECKS_SLOW_LINE_BYTES / 1024);
    checks_slow_queue(slow, trial->tag);
    slow->start_ms = slow->last_arrival_ms = clock_ms();
    enum loop_outcome outcome = loop_until(trial, checks_slow_step, slow, slow->duration_ms + 1000);
    enum check_result result = RESULT_FAIL;
    if (outcome == LOOP_SERVER_DIED)
        snprintf(trial->expected, sizeof(trial->expected), "%s",
                 _("the server lives on while S does not read"));
    else
        result = checks_slow_verdict(trial, slow);
    free(slow);
    return result;
}
