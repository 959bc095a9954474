/*
 * probe.c - connect, relay, reply: the steps of the checks.
 */
#include "check/probe.h"

#include "check/loop.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

bool probe_is_relay(const struct trial *trial)
{
    return trial->profile == PROFILE_RELAY || trial->profile == PROFILE_OBROL;
}

struct probe_group {
    struct peer **peers;
    size_t count;
    const size_t *from;
    const char *text;
};

static bool probe_all_connected(struct trial *trial, void *arg)
{
    const struct probe_group *group = arg;
    (void)trial;

    for (size_t i = 0; i < group->count; i++) {
        if (group->peers[i]->state == PEER_CONNECTING)
            return false;
    }
    return true;
}

bool probe_connect(struct trial *trial, struct peer **peers, size_t count, int timeout_ms)
{
    struct probe_group group = {.peers = peers, .count = count};

    if (loop_until(trial, probe_all_connected, &group, timeout_ms) == LOOP_SERVER_DIED) {
        snprintf(trial->expected, sizeof(trial->expected), "%s", _("the server accepts connections"));
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        if (peers[i]->state != PEER_OPEN) {
            trial_fail(trial, _("the server accepts connections"),
                       _("%s could not connect: %s"), peers[i]->name,
                       peers[i]->state == PEER_CONNECTING ? _("no answer")
                                                          : strerror(peers[i]->connect_error));
            return false;
        }
    }
    for (size_t i = 0; i < count; i++)
        trial_note(trial, _("%s connected"), peers[i]->name);
    return true;
}

bool probe_open(struct trial *trial, const char *names, struct peer **peers, int timeout_ms)
{
    size_t count = strlen(names);

    for (size_t i = 0; i < count; i++) {
        char name[2] = {names[i], '\0'};
        peers[i] = trial_peer(trial, name, 0);
        if (peers[i] == NULL) {
            trial_fail(trial, _("the server accepts connections"), "%s",
                       _("the grader could not open a socket"));
            return false;
        }
    }
    return probe_connect(trial, peers, count, timeout_ms);
}

static bool probe_all_have(struct trial *trial, void *arg)
{
    const struct probe_group *group = arg;
    (void)trial;

    for (size_t i = 0; i < group->count; i++) {
        if (peer_find(group->peers[i], group->text, group->from ? group->from[i] : 0) < 0)
            return false;
    }
    return true;
}

void probe_describe(const struct peer *peer, size_t from, char *out, size_t room)
{
    char escaped[TRANSCRIPT_LINE_MAX];

    if (peer->line_count <= from || peer->lines == NULL) {
        snprintf(out, room, "%s",
                 peer->state == PEER_GONE ? _("nothing, and its connection was closed") : _("nothing"));
        return;
    }
    size_t count = peer->line_count - from, used;
    snprintf(out, room, ngettext("%zu line:", "%zu lines:", count), count);
    /* The first few say most: "s", "p", "l" is a line cut into pieces. */
    for (size_t i = 0; i < count && i < PROBE_DESCRIBE_LINES; i++) {
        const struct peer_line *line = &peer->lines[from + i];
        transcript_escape(line->text, line->len, 40, escaped, sizeof(escaped));
        used = strlen(out);
        snprintf(out + used, room - used, "%s %s", i > 0 ? "," : "", escaped);
    }
    used = strlen(out);
    if (count > PROBE_DESCRIBE_LINES)
        snprintf(out + used, room - used, ", …");
}

bool probe_lines(struct trial *trial, struct peer **to, size_t count, const size_t *from,
                 const char *text, int timeout_ms)
{
    struct probe_group group = {.peers = to, .count = count, .from = from, .text = text};
    enum loop_outcome outcome = loop_until(trial, probe_all_have, &group, timeout_ms);
    char expected[TRIAL_TEXT_MAX], seen[TRIAL_TEXT_MAX];

    if (outcome == LOOP_DONE)
        return true;
    snprintf(expected, sizeof(expected), _("a line containing \"%s\" at every other client"), text);
    snprintf(trial->expected, sizeof(trial->expected), "%s", expected);
    if (outcome == LOOP_SERVER_DIED)
        return false;
    for (size_t i = 0; i < count; i++) {
        if (peer_find(to[i], text, from ? from[i] : 0) >= 0)
            continue;
        probe_describe(to[i], from ? from[i] : 0, seen, sizeof(seen));
        trial_note(trial, _("%s: no line with \"%s\" after %.1f s"), to[i]->name, text,
                   timeout_ms / 1000.0);
        trial_fail(trial, expected, _("in %.1f s %s received %s"), timeout_ms / 1000.0,
                   to[i]->name, seen);
        break;
    }
    return false;
}

bool probe_relay(struct trial *trial, struct peer *from, struct peer **to, size_t count,
                 const char *text, int timeout_ms)
{
    size_t start[PROBE_MAX_PEERS];
    char line[256];

    for (size_t i = 0; i < count && i < PROBE_MAX_PEERS; i++)
        start[i] = to[i]->line_count;
    snprintf(line, sizeof(line), "%s\n", text);
    trial_send_text(trial, from, line);
    return probe_lines(trial, to, count < PROBE_MAX_PEERS ? count : PROBE_MAX_PEERS, start, text,
                       timeout_ms);
}

struct probe_answer {
    struct peer *peer;
    size_t bytes_before;
};

static bool probe_answered(struct trial *trial, void *arg)
{
    const struct probe_answer *answer = arg;
    (void)trial;

    return answer->peer->bytes_in > answer->bytes_before || answer->peer->state == PEER_GONE;
}

bool probe_reply(struct trial *trial, struct peer *peer, const char *bytes, int timeout_ms)
{
    struct probe_answer answer = {.peer = peer, .bytes_before = peer->bytes_in};

    trial_send_text(trial, peer, bytes);
    enum loop_outcome outcome = loop_until(trial, probe_answered, &answer, timeout_ms);
    char expected[TRIAL_TEXT_MAX];

    snprintf(expected, sizeof(expected), _("an answer to %s's message"), peer->name);
    snprintf(trial->expected, sizeof(trial->expected), "%s", expected);
    if (outcome == LOOP_SERVER_DIED)
        return false;
    if (peer->bytes_in > answer.bytes_before)
        return true;
    trial_note(trial, _("%s: no answer after %.1f s"), peer->name, timeout_ms / 1000.0);
    if (peer->state == PEER_GONE)
        trial_fail(trial, expected, _("the server closed %s's connection without answering"),
                   peer->name);
    else
        trial_fail(trial, expected, _("no answer to %s in %.1f s"), peer->name, timeout_ms / 1000.0);
    return false;
}

bool probe_serves(struct trial *trial, struct peer *a, struct peer *b, int timeout_ms)
{
    char text[64];

    snprintf(text, sizeof(text), "still-there-%s", trial->tag);
    if (probe_is_relay(trial))
        return probe_relay(trial, a, &b, 1, text, timeout_ms);
    strcat(text, "\n");
    return probe_reply(trial, a, text, timeout_ms);
}
