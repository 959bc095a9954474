/*
 * hosts.c - the table of computers: budgets that survive reconnecting, and verdicts.
 */
#include "hosts.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void hosts_init(struct hosts *hosts, const struct hosts_settings *settings)
{
    memset(hosts, 0, sizeof(*hosts));
    hosts->settings = *settings;
}

/* Do the budgets apply to this computer? */
static bool hosts_budgeted(const struct hosts *hosts, const struct host *host)
{
    return hosts->settings.seats > 0 && !host->exempt;
}

/* ---- The table ----------------------------------------------------------------- */

/* Something that must not be forgotten lightly: a mute, a ban, wrong room codes. */
static bool hosts_remembers(const struct host *host, int64_t now_ms)
{
    return host->muted || host->banned_until_ms > now_ms || host->wrong_codes > 0;
}

/*
 * The table is full: the entry to forget. Only an address with no connection
 * open may be forgotten (a connection points to its entry); of those, one with
 * nothing to remember, and of equals the one seen least recently.
 */
static struct host *hosts_forgettable(struct hosts *hosts, int64_t now_ms)
{
    struct host *best = NULL;

    for (unsigned i = 0; i < hosts->count; i++) {
        struct host *host = &hosts->table[i];
        if (host->connections > 0)
            continue;
        bool better = best == NULL ||
                      (!hosts_remembers(host, now_ms) && hosts_remembers(best, now_ms)) ||
                      (hosts_remembers(host, now_ms) == hosts_remembers(best, now_ms) &&
                       host->seen_ms < best->seen_ms);
        if (better)
            best = host;
    }
    assert(best != NULL); /* LIMIT_HOSTS > LIMIT_MAX_CLIENTS: someone has no connection */
    return best;
}

/* A fresh entry for a computer: full budgets, no verdict. */
static void hosts_start(struct hosts *hosts, struct host *host, const char *address, bool loopback,
                        int64_t now_ms)
{
    const struct hosts_settings *settings = &hosts->settings;

    memset(host, 0, sizeof(*host));
    snprintf(host->address, sizeof(host->address), "%s", address);
    host->exempt = loopback && !settings->limit_loopback;
    host->seen_ms = now_ms;
    ratelimit_init(&host->lines, LIMIT_RATE_BURST * settings->seats, now_ms);
    ratelimit_init(&host->arrivals, LIMIT_HOST_ARRIVAL_BURST, now_ms);
    for (int i = 0; i < LIMIT_HOST_ANNOUNCED; i++)
        host->announced_ms[i] = now_ms - LIMIT_HOST_ANNOUNCE_WINDOW_MS; /* long enough ago */
}

struct host *hosts_find(struct hosts *hosts, const char *address, bool loopback, int64_t now_ms)
{
    struct host *host;

    for (unsigned i = 0; i < hosts->count; i++) {
        host = &hosts->table[i];
        if (strcmp(host->address, address) == 0) {
            host->seen_ms = now_ms;
            return host;
        }
    }
    if (hosts->count < LIMIT_HOSTS)
        host = &hosts->table[hosts->count++];
    else
        host = hosts_forgettable(hosts, now_ms);
    hosts_start(hosts, host, address, loopback, now_ms);
    return host;
}

bool hosts_named(const struct host *host, const char *word)
{
    return strcmp(host->address, word) == 0 ||
           (host->nick[0] != '\0' &&
            proto_nick_equal(host->nick, strlen(host->nick), word, strlen(word)));
}

/* ---- Arrivals and departures ------------------------------------------------- */

enum hosts_arrival hosts_arrive(struct hosts *hosts, struct host *host, int64_t now_ms)
{
    if (hosts_ban_left_ms(host, now_ms) > 0)
        return HOSTS_ARRIVAL_BANNED;
    if (!hosts_budgeted(hosts, host))
        return HOSTS_ARRIVAL_OK;
    if (!ratelimit_take(&host->arrivals, LIMIT_HOST_ARRIVALS_PER_S, LIMIT_HOST_ARRIVAL_BURST,
                        now_ms))
        return HOSTS_ARRIVAL_TOO_FAST;
    if (host->connections >= hosts->settings.seats)
        return HOSTS_ARRIVAL_FULL;
    if (host->at_the_door >= LIMIT_HOST_AT_THE_DOOR)
        return HOSTS_ARRIVAL_DOOR_FULL;
    return HOSTS_ARRIVAL_OK;
}

void hosts_enter(struct host *host, bool at_the_door)
{
    host->connections++;
    if (at_the_door)
        host->at_the_door++;
}

void hosts_admit(struct host *host)
{
    assert(host->at_the_door > 0);
    host->at_the_door--;
}

void hosts_leave(struct host *host, bool at_the_door, int64_t now_ms)
{
    assert(host->connections > 0 && (!at_the_door || host->at_the_door > 0));
    host->connections--;
    if (at_the_door)
        host->at_the_door--;
    host->seen_ms = now_ms;
}

bool hosts_announce(struct hosts *hosts, struct host *host, int64_t now_ms)
{
    int oldest = 0;

    if (!hosts_budgeted(hosts, host))
        return true;
    for (int i = 1; i < LIMIT_HOST_ANNOUNCED; i++) {
        if (host->announced_ms[i] < host->announced_ms[oldest])
            oldest = i;
    }
    if (now_ms - host->announced_ms[oldest] < LIMIT_HOST_ANNOUNCE_WINDOW_MS)
        return false; /* LIMIT_HOST_ANNOUNCED arrivals announced within the window already */
    host->announced_ms[oldest] = now_ms;
    return true;
}

/* ---- Lines ------------------------------------------------------------------- */

int64_t hosts_line_wait_ms(struct hosts *hosts, struct host *host, int64_t now_ms)
{
    const struct hosts_settings *settings = &hosts->settings;

    if (!hosts_budgeted(hosts, host))
        return 0;
    return ratelimit_wait_ms(&host->lines, settings->rate * settings->seats,
                             LIMIT_RATE_BURST * settings->seats, now_ms);
}

void hosts_take_line(struct hosts *hosts, struct host *host, int64_t now_ms)
{
    const struct hosts_settings *settings = &hosts->settings;

    if (hosts_budgeted(hosts, host))
        ratelimit_take(&host->lines, settings->rate * settings->seats,
                       LIMIT_RATE_BURST * settings->seats, now_ms);
}

/* ---- The room code ------------------------------------------------------------- */

int64_t hosts_code_wait_ms(const struct host *host, int64_t now_ms)
{
    return host->code_wait_until_ms > now_ms ? host->code_wait_until_ms - now_ms : 0;
}

enum hosts_code_report hosts_code_wrong(struct host *host, int64_t now_ms)
{
    int64_t wait = LIMIT_HOST_CODE_WAIT_FIRST_MS;

    host->wrong_codes++;
    if (host->wrong_codes < LIMIT_HOST_CODE_TRIES)
        return host->wrong_codes == 1 ? HOSTS_CODE_FIRST : HOSTS_CODE_QUIET;
    /* 1 s after the LIMIT_HOST_CODE_TRIES-th, then 2 s, 4 s, ... up to the maximum */
    for (unsigned n = LIMIT_HOST_CODE_TRIES; n < host->wrong_codes; n++) {
        wait *= 2;
        if (wait >= LIMIT_HOST_CODE_WAIT_MAX_MS) {
            wait = LIMIT_HOST_CODE_WAIT_MAX_MS;
            break;
        }
    }
    host->code_wait_until_ms = now_ms + wait;
    return HOSTS_CODE_WAIT;
}

void hosts_code_right(struct host *host)
{
    host->wrong_codes = 0;
    host->code_wait_until_ms = 0;
}

/* ---- The teacher's verdicts ------------------------------------------------------ */

static void hosts_remember_nick(struct host *host, const char *nick)
{
    snprintf(host->nick, sizeof(host->nick), "%s", nick);
}

void hosts_mute(struct host *host, const char *nick)
{
    host->muted = true;
    hosts_remember_nick(host, nick);
}

bool hosts_nick_muted(const struct hosts *hosts, const char *nick)
{
    for (unsigned i = 0; i < hosts->count; i++) {
        const struct host *host = &hosts->table[i];
        if (host->muted && proto_nick_equal(host->nick, strlen(host->nick), nick, strlen(nick)))
            return true;
    }
    return false;
}

unsigned hosts_unmute(struct hosts *hosts, const char *word)
{
    unsigned count = 0;

    for (unsigned i = 0; i < hosts->count; i++) {
        struct host *host = &hosts->table[i];
        if (host->muted && hosts_named(host, word)) {
            host->muted = false;
            count++;
        }
    }
    return count;
}

void hosts_ban(struct host *host, const char *nick, int64_t now_ms)
{
    host->banned_until_ms = now_ms + LIMIT_HOST_KICK_BAN_MS;
    hosts_remember_nick(host, nick);
}

int64_t hosts_ban_left_ms(const struct host *host, int64_t now_ms)
{
    return host->banned_until_ms > now_ms ? host->banned_until_ms - now_ms : 0;
}

unsigned hosts_unban(struct hosts *hosts, const char *word, int64_t now_ms)
{
    unsigned count = 0;

    for (unsigned i = 0; i < hosts->count; i++) {
        struct host *host = &hosts->table[i];
        if (!hosts_named(host, word))
            continue;
        if (hosts_ban_left_ms(host, now_ms) > 0 || hosts_code_wait_ms(host, now_ms) > 0)
            count++;
        host->banned_until_ms = 0;
        hosts_code_right(host);
    }
    return count;
}
