/*
 * checks-obrol.c - obrol's own protocol (docs/protocol.md), for the obrol
 * profile only: the greeting, a request and its event, and errors.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

struct checks_expect {
    const struct peer *peer;
    size_t from;
    const char *start; /* the line must begin with this */
    const char *end;   /* and end with this (or NULL) */
    long found;
};

static bool checks_line_matches(const struct peer_line *line, const char *start, const char *end)
{
    size_t start_len = strlen(start), end_len = end != NULL ? strlen(end) : 0;

    return line->len >= start_len + end_len && memcmp(line->text, start, start_len) == 0 &&
           (end == NULL || memcmp(line->text + line->len - end_len, end, end_len) == 0);
}

static bool checks_expected_line(struct trial *trial, void *arg)
{
    struct checks_expect *expect = arg;
    (void)trial;

    for (size_t i = expect->from; i < expect->peer->line_count; i++) {
        if (checks_line_matches(&expect->peer->lines[i], expect->start, expect->end)) {
            expect->found = (long)i;
            return true;
        }
    }
    return false;
}

/* Wait for a line of `peer` (from line `from` on) that begins with `start` (and ends with `end`). */
static bool checks_obrol_expect(struct trial *trial, const struct peer *peer, size_t from,
                                const char *start, const char *end)
{
    struct checks_expect expect = {.peer = peer, .from = from, .start = start, .end = end, .found = -1};
    char expected[TRIAL_TEXT_MAX], seen[TRIAL_TEXT_MAX];

    if (loop_until(trial, checks_expected_line, &expect, 2000) == LOOP_DONE)
        return true;
    snprintf(expected, sizeof(expected), _("%s receives a line \"%s…%s\""), peer->name, start,
             end != NULL ? end : "");
    probe_describe(peer, from, seen, sizeof(seen));
    if (!trial_server_died(trial))
        trial_fail(trial, expected, _("%s received %s"), peer->name, seen);
    else
        snprintf(trial->expected, sizeof(trial->expected), "%s", expected);
    return false;
}

enum check_result checks_obrol_welcome(struct trial *trial)
{
    struct peer *peers[1];

    if (!probe_open(trial, "A", peers, 3000) ||
        !checks_obrol_expect(trial, peers[0], 0, "WELCOME guest", NULL))
        return RESULT_FAIL;
    return peers[0]->lines[0].len > 8 && strncmp(peers[0]->lines[0].text, "WELCOME ", 8) == 0
               ? RESULT_PASS
               : trial_fail(trial, _("the first line is the WELCOME"), _("the first line was: %s"),
                            peers[0]->lines[0].text);
}

enum check_result checks_obrol_nick(struct trial *trial)
{
    struct peer *peers[2];
    char request[64], answer[64], event[64];

    if (!probe_open(trial, "AB", peers, 3000) ||
        !checks_obrol_expect(trial, peers[1], 0, "WELCOME ", NULL))
        return RESULT_FAIL;
    snprintf(request, sizeof(request), "/nick chk%s\n", trial->tag);
    snprintf(answer, sizeof(answer), "OK nick chk%s", trial->tag);
    snprintf(event, sizeof(event), " chk%s", trial->tag);
    size_t from_a = peers[0]->line_count, from_b = peers[1]->line_count;
    trial_send_text(trial, peers[0], request);
    if (!checks_obrol_expect(trial, peers[0], from_a, answer, NULL) ||
        !checks_obrol_expect(trial, peers[1], from_b, "NICK guest", event))
        return RESULT_FAIL;
    return RESULT_PASS;
}

enum check_result checks_obrol_errors(struct trial *trial)
{
    struct peer *peers[1];

    if (!probe_open(trial, "A", peers, 3000) ||
        !checks_obrol_expect(trial, peers[0], 0, "WELCOME ", NULL))
        return RESULT_FAIL;
    size_t from = peers[0]->line_count;
    trial_send_text(trial, peers[0], "/frobnicate\n/nick admin\n");
    if (!checks_obrol_expect(trial, peers[0], from, "ERR unknown ", NULL) ||
        !checks_obrol_expect(trial, peers[0], from + 1, "ERR nick ", NULL))
        return RESULT_FAIL;
    return RESULT_PASS;
}
