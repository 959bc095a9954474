/*
 * checks-basic.c - can we connect, does a line get through, in order, and
 * do several lines in one send() stay several lines.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum check_result checks_connect(struct trial *trial)
{
    struct peer *peers[1];

    return probe_open(trial, "A", peers, 3000) ? RESULT_PASS : RESULT_FAIL;
}

enum check_result checks_relay(struct trial *trial)
{
    struct peer *peers[3];
    char text[64];

    if (!probe_open(trial, "ABC", peers, 3000))
        return RESULT_FAIL;
    snprintf(text, sizeof(text), "relay-%s hello from A", trial->tag);
    return probe_relay(trial, peers[0], peers + 1, 2, text, trial_pick(trial, 3000, 2000))
               ? RESULT_PASS
               : RESULT_FAIL;
}

enum check_result checks_reply(struct trial *trial)
{
    struct peer *peers[1];
    char text[64];

    if (!probe_open(trial, "A", peers, 3000))
        return RESULT_FAIL;
    snprintf(text, sizeof(text), "reply-%s hello\n", trial->tag);
    return probe_reply(trial, peers[0], text, trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                            : RESULT_FAIL;
}

enum check_result checks_no_newline(struct trial *trial)
{
    struct peer *peers[1];

    if (!probe_open(trial, "A", peers, 3000))
        return RESULT_FAIL;
    return probe_reply(trial, peers[0], "Halo server!", trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                                     : RESULT_FAIL;
}

/* The number in "order-TAG-#17#", or -1 if the line has none. */
static int checks_order_number(const char *line, const char *prefix)
{
    const char *at = strstr(line, prefix);

    return at != NULL ? atoi(at + strlen(prefix)) : -1;
}

/* B's numbered lines must be 0, 1, 2, ... with none missing or doubled. */
static enum check_result checks_order_verify(struct trial *trial, const struct peer *b,
                                             const char *prefix, int count)
{
    int expected_next = 0;

    for (size_t i = 0; i < b->line_count; i++) {
        int number = checks_order_number(b->lines[i].text, prefix);
        if (number < 0)
            continue;
        if (number != expected_next)
            return trial_fail(trial, _("B receives lines 0, 1, 2, ... in the order A sent them"),
                              _("after line %d, B received line %d"), expected_next - 1, number);
        expected_next++;
    }
    if (expected_next != count)
        return trial_fail(trial, _("B receives every line A sent"), _("B received %d of %d lines"),
                          expected_next, count);
    return RESULT_PASS;
}

enum check_result checks_order(struct trial *trial)
{
    struct peer *peers[2];
    char prefix[32], line[64], last[64];
    int count = trial_pick(trial, 50, 20);

    if (!probe_open(trial, "AB", peers, 3000))
        return RESULT_FAIL;
    snprintf(prefix, sizeof(prefix), "order-%s-#", trial->tag);
    for (int i = 0; i < count; i++) {
        snprintf(line, sizeof(line), "%s%02d#\n", prefix, i);
        trial_send_text(trial, peers[0], line);
    }
    snprintf(last, sizeof(last), "%s%02d#", prefix, count - 1);
    /* A server may pace a client's lines (obrol: 5 a second after a burst of 20). */
    if (!probe_lines(trial, peers + 1, 1, NULL, last, count * 200 + 3000) &&
        peer_find(peers[1], prefix, 0) < 0)
        return RESULT_FAIL;
    return checks_order_verify(trial, peers[1], prefix, count);
}

#define CHECKS_MANY_LINES 5

/* Which of the many-lines texts a line holds: how many, and the first. */
static int checks_many_count(const struct peer_line *line, const char *prefix, int *first)
{
    char text[64];
    int found = 0;

    for (int k = CHECKS_MANY_LINES - 1; k >= 0; k--) {
        snprintf(text, sizeof(text), "%s%d#", prefix, k);
        if (peer_contains(line->text, line->len, text)) {
            found++;
            *first = k;
        }
    }
    return found;
}

enum check_result checks_many_lines(struct trial *trial)
{
    struct peer *peers[2];
    char prefix[32], lines[CHECKS_MANY_LINES * 40] = "", last[64], shown[TRANSCRIPT_LINE_MAX];

    if (!probe_open(trial, "AB", peers, 3000))
        return RESULT_FAIL;
    snprintf(prefix, sizeof(prefix), "many-%s-#", trial->tag);
    for (int k = 0; k < CHECKS_MANY_LINES; k++)
        snprintf(lines + strlen(lines), sizeof(lines) - strlen(lines), "%s%d#\n", prefix, k);
    trial_send_text(trial, peers[0], lines); /* one send(): the loop sends a queue at once */
    snprintf(last, sizeof(last), "%s%d#", prefix, CHECKS_MANY_LINES - 1);
    bool complete = probe_lines(trial, peers + 1, 1, NULL, last, trial_pick(trial, 3000, 2000));
    int seen = 0;
    for (size_t i = 0; i < peers[1]->line_count; i++) {
        int first = -1, found = checks_many_count(&peers[1]->lines[i], prefix, &first);
        if (found > 1) {
            transcript_escape(peers[1]->lines[i].text, peers[1]->lines[i].len, 120, shown,
                              sizeof(shown));
            return trial_fail(trial, _("B receives 5 separate lines"),
                              _("%d of A's lines arrived at B as one line: %s"), found, shown);
        }
        seen += found;
    }
    if (!complete || seen != CHECKS_MANY_LINES)
        return trial_fail(trial, _("B receives 5 separate lines"), _("B received %d of the 5 lines"),
                          seen);
    return RESULT_PASS;
}
