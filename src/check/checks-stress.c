/*
 * checks-stress.c - clients that get in the way: one that never speaks, and
 * one that sends without end. (Ones that vanish: checks-reset.c.)
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKS_LONG_LINE (1024 * 1024)

/* What quiet-client expected, said for the case (unless the server died: that says more). */
static enum check_result checks_quiet_expected(struct trial *trial, const char *expected)
{
    if (!trial_server_died(trial))
        snprintf(trial->expected, sizeof(trial->expected), "%s", expected);
    return RESULT_FAIL;
}

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
        if (probe_relay(trial, peers[0], peers + 1, 1, text, wait_ms))
            return RESULT_PASS;
        return checks_quiet_expected(trial, _("C gets B's line while Q, connected first, says nothing"));
    }
    if (!probe_open(trial, "B", peers, 3000))
        return RESULT_FAIL;
    strcat(text, "\n");
    if (probe_reply(trial, peers[0], text, wait_ms))
        return RESULT_PASS;
    return checks_quiet_expected(trial, _("B gets an answer while Q, connected first, says nothing"));
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
