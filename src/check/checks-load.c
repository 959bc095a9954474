/*
 * checks-load.c - numbers: many clients at once, more clients than select()
 * can watch, and a server that should be asleep.
 */
#include "check/checks.h"

#include "check/crowd.h"
#include "check/loop.h"
#include "check/probe.h"
#include "clock.h"
#include "i18n.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECKS_RELAY_TRIES 4
#define CHECKS_IDLE_CPU_PERCENT 5.0

/* Relay: C1 speaks (again, if some were not yet in the room) until all others heard it. */
static enum check_result checks_crowd_relay(struct trial *trial, struct crowd *crowd)
{
    char text[64], prefix[48];
    size_t *from = calloc(crowd->opened, sizeof(*from));
    bool heard = false;

    if (from == NULL)
        return trial_skip(trial, _("the grader ran out of memory"));
    snprintf(prefix, sizeof(prefix), "many-%s-", trial->tag);
    for (size_t i = 1; i < crowd->opened; i++)
        from[i] = crowd->peers[i]->line_count;
    for (int attempt = 1; attempt <= CHECKS_RELAY_TRIES && !heard; attempt++) {
        snprintf(text, sizeof(text), "%s%d\n", prefix, attempt);
        trial_send_text(trial, crowd->peers[0], text);
        heard = probe_lines(trial, crowd->peers + 1, crowd->opened - 1, from + 1, prefix,
                            trial_pick(trial, 1500, 1000));
        if (trial_server_died(trial))
            break;
    }
    free(from);
    return heard ? RESULT_PASS : RESULT_FAIL;
}

/* The loop's condition: every client of the crowd got an answer (or was closed). */
static bool checks_all_answered(struct trial *trial, void *arg)
{
    const struct crowd *crowd = arg;
    (void)trial;

    for (size_t i = 0; i < crowd->opened; i++) {
        if (crowd->peers[i]->bytes_in == 0 && crowd->peers[i]->state == PEER_OPEN)
            return false;
    }
    return true;
}

static enum check_result checks_crowd_reply(struct trial *trial, struct crowd *crowd)
{
    size_t unanswered = 0;

    if (loop_until(trial, checks_all_answered, crowd, trial_pick(trial, 5000, 3000)) == LOOP_SERVER_DIED)
        return RESULT_FAIL;
    for (size_t i = 0; i < crowd->opened; i++)
        unanswered += crowd->peers[i]->bytes_in == 0;
    if (unanswered == 0)
        return RESULT_PASS;
    return trial_fail(trial, _("every client gets an answer"), _("%zu of %zu clients got no answer"),
                      unanswered, crowd->opened);
}

enum check_result checks_many_clients(struct trial *trial)
{
    struct crowd crowd = {.discard = false};
    char line[64];
    size_t want = trial->options->clients;

    snprintf(line, sizeof(line), "hello-%s\n", trial->tag);
    enum check_result result = RESULT_FAIL;
    if (crowd_gather(trial, &crowd, want, probe_is_relay(trial) ? NULL : line, true,
                     trial_pick(trial, 10000, 8000))) {
        /* A reply server may close a client once it has answered: gone is fine there. */
        size_t in = crowd.open + (probe_is_relay(trial) ? 0 : crowd.gone);
        if (in < want)
            result = trial_fail(trial, _("every client is connected"),
                                _("%zu of %zu clients are connected"), in, want);
        else
            result = probe_is_relay(trial) ? checks_crowd_relay(trial, &crowd)
                                           : checks_crowd_reply(trial, &crowd);
    }
    crowd_free(&crowd);
    return result;
}

struct checks_fds {
    const struct spawn *server;
    size_t last;
    int64_t changed_ms, looked_ms;
};

/* The loop's condition: the server's count of open fds has not moved for 300 ms. */
static bool checks_fds_settled(struct trial *trial, void *arg)
{
    struct checks_fds *fds = arg;
    int64_t now = clock_ms();
    (void)trial;

    if (now - fds->looked_ms < 50)
        return false;
    fds->looked_ms = now;
    size_t count = spawn_open_fds(fds->server);
    if (count != fds->last) {
        fds->last = count;
        fds->changed_ms = now;
    }
    return now - fds->changed_ms >= 300;
}

/*
 * Keep two fds below FD_SETSIZE for the clients that talk after the crowd:
 * opened later, they would get fds past it, which the grader's own select()
 * cannot watch. (A reply server serving one client at a time would wait on
 * them forever if they were connected before the crowd and silent.)
 */
static void checks_reserve_fds(int reserved[2], bool take)
{
    for (int i = 0; i < 2; i++) {
        if (take)
            reserved[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        else if (reserved[i] >= 0)
            close(reserved[i]);
    }
}

enum check_result checks_fd_limit(struct trial *trial)
{
    struct peer *peers[2];
    struct crowd crowd = {.discard = true};
    char line[64];
    int reserved[2];
    bool relay = probe_is_relay(trial);

    if (relay && !probe_open(trial, "AB", peers, 3000))
        return RESULT_FAIL;
    checks_reserve_fds(reserved, true);
    snprintf(line, sizeof(line), "hello-%s\n", trial->tag);
    bool gathered = crowd_gather(trial, &crowd, trial->options->fd_clients, relay ? NULL : line, false,
                                 trial_pick(trial, 10000, 8000));
    checks_reserve_fds(reserved, false);
    struct checks_fds fds = {.server = trial->server, .changed_ms = clock_ms()};
    if (!gathered || loop_until(trial, checks_fds_settled, &fds, 3000) == LOOP_SERVER_DIED) {
        crowd_free(&crowd);
        return RESULT_FAIL;
    }
    trial_note(trial, _("the server has %zu files open"), fds.last);
    if (!relay) { /* a reply server may be full of the crowd: it leaves first */
        for (size_t i = 0; i < crowd.opened; i++)
            peer_close(crowd.peers[i], false);
        trial_note(trial, _("the %zu clients close their connections"), crowd.opened);
    }
    crowd_free(&crowd);
    if (!relay && !probe_open(trial, "AB", peers, 3000))
        return RESULT_FAIL;
    return probe_serves(trial, peers[0], peers[1], trial_pick(trial, 3000, 2000)) ? RESULT_PASS
                                                                                  : RESULT_FAIL;
}

/*
 * C and D end their side with shutdown(), not close(): a close() with unread
 * bytes would be a reset, and the mistake looked for is a server that forgets
 * a client whose recv() says 0.
 */
static void checks_idle_leave(struct trial *trial, struct peer *c, struct peer *d)
{
    peer_shutdown(c);
    peer_shutdown(d);
    trial_note(trial, _("C and D close their connections; A and B stay, silent"));
}

/* A room: A's line reaches B, C and D; then C and D leave. */
static bool checks_idle_room(struct trial *trial, const char *text)
{
    struct peer *peers[4];

    if (!probe_open(trial, "ABCD", peers, 3000) ||
        !probe_relay(trial, peers[0], peers + 1, 3, text, 2000))
        return false;
    checks_idle_leave(trial, peers[2], peers[3]);
    return true;
}

/*
 * A reply server, which may serve one client at a time: A gets its answer,
 * C and D come and leave one after the other, B comes last and stays.
 */
static bool checks_idle_replies(struct trial *trial, const char *text)
{
    struct peer *a[1], *b[1], *c[1], *d[1];
    char line[80];

    snprintf(line, sizeof(line), "%s\n", text);
    if (!probe_open(trial, "A", a, 3000) || !probe_reply(trial, a[0], line, 2000) ||
        !probe_open(trial, "C", c, 3000) || !probe_open(trial, "D", d, 3000))
        return false;
    checks_idle_leave(trial, c[0], d[0]);
    return probe_open(trial, "B", b, 3000);
}

/* Clients connected, two of them gone, all silent: the server has been told. */
static bool checks_idle_setup(struct trial *trial)
{
    char text[64];

    snprintf(text, sizeof(text), "idle-%s", trial->tag);
    if (!(probe_is_relay(trial) ? checks_idle_room(trial, text) : checks_idle_replies(trial, text)))
        return false;
    return loop_for(trial, trial_pick(trial, 500, 300)) == LOOP_DONE;
}

enum check_result checks_idle_cpu(struct trial *trial)
{
    if (trial->server == NULL)
        return trial_skip(trial, _("needs --spawn: the grader must start the server itself"));
    if (!checks_idle_setup(trial))
        return RESULT_FAIL;
    unsigned long long before = spawn_cpu_ticks(trial->server);
    int64_t start = clock_ms();
    if (loop_for(trial, trial_pick(trial, 2000, 1000)) != LOOP_DONE)
        return RESULT_FAIL;
    double seconds = (double)(clock_ms() - start) / 1000.0;
    double used = (double)(spawn_cpu_ticks(trial->server) - before) / (double)sysconf(_SC_CLK_TCK);
    double percent = 100.0 * used / seconds;
    trial_note(trial, _("the server used %.2f s of CPU in %.1f s of quiet (%.0f%%)"), used, seconds,
               percent);
    if (percent > CHECKS_IDLE_CPU_PERCENT)
        return trial_fail(trial, _("an idle server sleeps in select() and uses almost no CPU (under 5 percent)"),
                          _("the server used %.0f%% of a CPU while every client was quiet: it is "
                            "looping without waiting"),
                          percent);
    return RESULT_PASS;
}
