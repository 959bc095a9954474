/*
 * checks-stress.c - clients that get in the way: one that never speaks, one
 * that sends without end, and ones that vanish (reset) mid-line or while
 * data waits for them.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKS_LONG_LINE (1024 * 1024)

enum check_result checks_quiet_client(struct trial *trial)
{
    struct peer *quiet[1], *peers[2];
    char text[64];
    int wait_ms = trial_pick(trial, 2000, 1500);

    if (!probe_open(trial, "Q", quiet, 3000))
        return RESULT_FAIL;
    trial_note(trial, _("Q stays connected and says nothing"));
    if (loop_for(trial, 100) != LOOP_DONE) /* the server accepts Q first */
        return RESULT_FAIL;
    snprintf(text, sizeof(text), "quiet-%s hello", trial->tag);
    if (probe_is_relay(trial)) {
        if (!probe_open(trial, "BC", peers, 3000))
            return RESULT_FAIL;
        return probe_relay(trial, peers[0], peers + 1, 1, text, wait_ms) ? RESULT_PASS : RESULT_FAIL;
    }
    if (!probe_open(trial, "B", peers, 3000))
        return RESULT_FAIL;
    strcat(text, "\n");
    return probe_reply(trial, peers[0], text, wait_ms) ? RESULT_PASS : RESULT_FAIL;
}

struct checks_drain {
    const struct peer *peer;
};

/* L has sent everything, or cannot send more (closed, or the server stopped reading). */
static bool checks_sent_all(struct trial *trial, void *arg)
{
    const struct checks_drain *drain = arg;
    (void)trial;

    return outq_pending(&drain->peer->out) == 0 || drain->peer->state != PEER_OPEN;
}

enum check_result checks_long_line(struct trial *trial)
{
    struct peer *l[1], *peers[2];
    char *bytes = malloc(CHECKS_LONG_LINE);

    if (bytes == NULL)
        return trial_skip(trial, _("the grader ran out of memory"));
    memset(bytes, 'x', CHECKS_LONG_LINE);
    bool opened = probe_open(trial, "L", l, 3000);
    if (opened)
        trial_send(trial, l[0], bytes, CHECKS_LONG_LINE);
    free(bytes);
    if (!opened)
        return RESULT_FAIL;
    struct checks_drain drain = {.peer = l[0]};
    if (loop_until(trial, checks_sent_all, &drain, trial_pick(trial, 3000, 2000)) == LOOP_SERVER_DIED) {
        snprintf(trial->expected, sizeof(trial->expected), "%s",
                 _("the server lives on and serves the others"));
        return RESULT_FAIL;
    }
    trial_note(trial, _("L has sent %zu bytes without a newline"), l[0]->bytes_out);
    if (!probe_open(trial, "AB", peers, 3000))
        return RESULT_FAIL;
    return probe_serves(trial, peers[0], peers[1], trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                                  : RESULT_FAIL;
}

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

/* S stops reading while P fills its buffers; then S resets with data waiting for it. */
static bool checks_reset_with_data(struct trial *trial, struct peer *a, struct peer *b)
{
    struct peer *s = trial_peer(trial, "S", 1024), *p = trial_quiet_peer(trial, "P", 0);
    char line[1024], last[64];
    int lines = trial_pick(trial, 15, 12);

    if (s == NULL || p == NULL || !probe_connect(trial, (struct peer *[]){s, p}, 2, 3000))
        return false;
    s->no_read = true;
    for (int i = 0; i < lines; i++) {
        snprintf(line, sizeof(line), "fill-%s-#%02d# %0*d\n", trial->tag, i, 880, 0);
        peer_queue(p, line, strlen(line));
    }
    trial_note(trial, _("S stops reading; P sends %d lines of 900 bytes"), lines);
    snprintf(last, sizeof(last), "fill-%s-#%02d#", trial->tag, lines - 1);
    b->quiet = true; /* B's copies of the filler stay out of the transcript */
    bool relayed = probe_lines(trial, &b, 1, NULL, last, trial_pick(trial, 4000, 3000));
    b->quiet = false;
    if (!relayed)
        return false;
    peer_close(s, true);
    trial_note(trial, _("S resets its connection (RST) with data still waiting for it"));
    return checks_after_reset(trial, a, b, "s");
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
        !checks_close_unread(trial, peers[0], peers[1]))
        return RESULT_FAIL;
    if (trial->server != NULL && loop_for(trial, 100) != LOOP_DONE)
        return RESULT_FAIL;
    return probe_serves(trial, peers[0], peers[1], trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                                  : RESULT_FAIL;
}
