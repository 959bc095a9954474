/*
 * checks-framing.c - TCP delivers bytes, not lines: a line in pieces, a
 * character in pieces, and one client's half line beside another's whole one.
 *
 * Before sending a line in pieces, each check first sends one whole line on
 * that connection: a server may take the unterminated bytes of a client that
 * has never sent a newline as a whole line after a quiet pause (obrol does,
 * for the lesson's client), and that is not the mistake looked for here.
 */
#include "check/checks.h"

#include "check/loop.h"
#include "check/probe.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

/* `peer` sends the given pieces one by one, `pause_ms` apart; false if the server died. */
static bool checks_send_pieces(struct trial *trial, struct peer *peer, const char *const *pieces,
                               size_t count, int pause_ms)
{
    for (size_t i = 0; i < count; i++) {
        trial_send_text(trial, peer, pieces[i]);
        if (loop_for(trial, pause_ms) != LOOP_DONE)
            return false;
    }
    return true;
}

/* A's warm-up line reaches B (so that A has sent a newline before). */
static bool checks_warm_up(struct trial *trial, struct peer *a, struct peer **others, size_t count)
{
    char text[64];

    snprintf(text, sizeof(text), "warm-up-%s", trial->tag);
    return probe_relay(trial, a, others, count, text, trial_pick(trial, 3000, 2000));
}

enum check_result checks_split_line(struct trial *trial)
{
    struct peer *peers[2];
    char text[64], seen[TRIAL_TEXT_MAX];
    const char *pieces[64];
    char bytes[64][2];

    if (!probe_open(trial, "AB", peers, 3000) || !checks_warm_up(trial, peers[0], peers + 1, 1))
        return RESULT_FAIL;
    size_t from = peers[1]->line_count;
    snprintf(text, sizeof(text), "split-%s-in-pieces", trial->tag);
    size_t count = strlen(text);
    for (size_t i = 0; i < count; i++) {
        bytes[i][0] = text[i];
        bytes[i][1] = '\0';
        pieces[i] = bytes[i];
    }
    pieces[count++] = "\n";
    if (!checks_send_pieces(trial, peers[0], pieces, count, trial_pick(trial, 100, 20)))
        return RESULT_FAIL;
    if (probe_lines(trial, peers + 1, 1, &from, text, trial_pick(trial, 2000, 1000)))
        return RESULT_PASS;
    if (trial_server_died(trial))
        return RESULT_FAIL;
    probe_describe(peers[1], from, seen, sizeof(seen));
    return trial_fail(trial, _("B receives the line whole, once the newline has come"),
                      _("B received %s"), seen);
}

enum check_result checks_utf8_split(struct trial *trial)
{
    struct peer *peers[2];
    char text[96], prefix[32], seen[TRIAL_TEXT_MAX];

    if (!probe_open(trial, "AB", peers, 3000) || !checks_warm_up(trial, peers[0], peers + 1, 1))
        return RESULT_FAIL;
    size_t from = peers[1]->line_count;
    snprintf(prefix, sizeof(prefix), "utf8-%s caf", trial->tag);
    snprintf(text, sizeof(text), "%s\xc3\xa9 \xc3\xbc" "ber \xf0\x9f\x99\x82", prefix);
    /* é = C3 A9, ü = C3 BC, 🙂 = F0 9F 99 82: every piece ends inside a character. */
    const char *pieces[] = {prefix, "\xc3", "\xa9 \xc3", "\xbc" "ber \xf0\x9f", "\x99", "\x82\n"};
    if (!checks_send_pieces(trial, peers[0], pieces, sizeof(pieces) / sizeof(pieces[0]),
                            trial_pick(trial, 100, 40)))
        return RESULT_FAIL;
    if (probe_lines(trial, peers + 1, 1, &from, text, trial_pick(trial, 2000, 1000)))
        return RESULT_PASS;
    if (trial_server_died(trial))
        return RESULT_FAIL;
    probe_describe(peers[1], from, seen, sizeof(seen));
    return trial_fail(trial, _("B receives \"café über 🙂\" with every character intact"),
                      _("B received %s"), seen);
}

/* C's line that holds `b_text`: it must not hold A's unfinished `a_text`. */
static enum check_result checks_half_mixed(struct trial *trial, const struct peer *c,
                                           const char *b_text, const char *a_text)
{
    long at = peer_find(c, b_text, 0);

    if (at >= 0 && peer_contains(c->lines[at].text, c->lines[at].len, a_text)) {
        char shown[TRANSCRIPT_LINE_MAX];
        transcript_escape(c->lines[at].text, c->lines[at].len, 120, shown, sizeof(shown));
        return trial_fail(trial, _("B's line reaches C without A's unfinished bytes"),
                          _("C received B's line mixed with A's half line: %s"), shown);
    }
    return RESULT_PASS;
}

enum check_result checks_half_line(struct trial *trial)
{
    struct peer *peers[3];
    char a_half[64], a_whole[80], b_text[64];

    if (!probe_open(trial, "ABC", peers, 3000) || !checks_warm_up(trial, peers[0], peers + 1, 2))
        return RESULT_FAIL;
    snprintf(a_half, sizeof(a_half), "half-%s-from-A-", trial->tag);
    snprintf(b_text, sizeof(b_text), "whole-%s-from-B", trial->tag);
    trial_send_text(trial, peers[0], a_half);
    if (loop_for(trial, trial_pick(trial, 200, 100)) != LOOP_DONE)
        return RESULT_FAIL;
    if (!probe_relay(trial, peers[1], peers + 2, 1, b_text, trial_pick(trial, 1500, 1000))) {
        if (!trial_server_died(trial))
            trial_note(trial, _("A's line is still unfinished: B's complete line waits behind it"));
        return RESULT_FAIL;
    }
    if (checks_half_mixed(trial, peers[2], b_text, a_half) == RESULT_FAIL)
        return RESULT_FAIL;
    /* A's end must still arrive; whether whole or in pieces is split-line's business. */
    snprintf(a_whole, sizeof(a_whole), "rest-%s", trial->tag);
    char rest[96];
    snprintf(rest, sizeof(rest), "%s\n", a_whole);
    trial_send_text(trial, peers[0], rest);
    if (!probe_lines(trial, peers + 2, 1, NULL, a_whole, trial_pick(trial, 2000, 1000)))
        return RESULT_FAIL;
    return RESULT_PASS;
}
