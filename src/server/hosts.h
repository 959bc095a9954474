/*
 * hosts.h - what the server remembers about each computer that connects.
 *
 * A limit kept in a connection is wiped by reconnecting: a student who closes
 * and connects again gets a fresh rate bucket, three fresh room-code tries and
 * no mute. So what must outlive a connection is kept here, in one entry per
 * source address (the IP address without its port), shared by all of that
 * computer's connections and kept after they close:
 *
 *   budgets   how much one computer may use: its seats (--max-per-host), new
 *             connections per second, lines per second (--rate for each seat),
 *             seats at a locked room's door, and arrivals announced to the room.
 *             They scale with --max-per-host (0 turns them off), and 127.0.0.1
 *             and ::1 are exempt unless --limit-loopback: the teacher's demo,
 *             the tests and the benchmarks run many clients there.
 *   verdicts  what a computer did: wrong room codes (it must wait longer after
 *             each), the teacher's /mute and /kick. They apply to every address,
 *             loopback too.
 *
 * The table is fixed (LIMIT_HOSTS entries, never more memory): when it is
 * full, a newcomer takes the entry of an address with no connection open,
 * one with nothing to remember first, else the one seen least recently.
 *
 * Pure: no I/O, no narration, and no clock of its own (callers pass now_ms),
 * so the unit tests (tests/unit/test_hosts.c) drive it with a pretend clock.
 */
#ifndef OBROL_SERVER_HOSTS_H
#define OBROL_SERVER_HOSTS_H

#include "limit.h"
#include "net.h"
#include "protocol.h"
#include "ratelimit.h"

#include <stdbool.h>
#include <stdint.h>

struct host {
    char address[NET_ADDRESS_MAX];              /* without the port; "" marks a free entry */
    bool exempt;                                /* loopback without --limit-loopback: no budgets */
    int64_t seen_ms;                            /* last arrival or departure */
    unsigned connections;                       /* open now */
    unsigned at_the_door;                       /* of those, still without the room code */
    struct ratelimit lines;                     /* its line budget, shared by its connections */
    struct ratelimit arrivals;                  /* its budget of new connections */
    int64_t announced_ms[LIMIT_HOST_ANNOUNCED]; /* its last announced arrivals */
    unsigned wrong_codes;                       /* wrong room codes since its last right one */
    int64_t code_wait_until_ms;                 /* no /join from it is considered before this */
    bool muted;                                 /* /mute: its new connections start muted */
    int64_t banned_until_ms;                    /* /kick: it is refused until then */
    char nick[PROTO_NICK_MAX + 1];              /* its nick when last muted or kicked */
};

struct hosts_settings {
    unsigned rate;       /* --rate: lines per second per seat (0: no line budget) */
    unsigned seats;      /* --max-per-host (0: no budgets) */
    bool limit_loopback; /* --limit-loopback: loopback has budgets too */
};

struct hosts {
    struct hosts_settings settings;
    unsigned count; /* entries in use: table[0 .. count) */
    struct host table[LIMIT_HOSTS];
};

/* An empty table for these settings. */
void hosts_init(struct hosts *hosts, const struct hosts_settings *settings);

/* The entry for this address, made (or taken over from a forgotten one) if there is none. */
struct host *hosts_find(struct hosts *hosts, const char *address, bool loopback, int64_t now_ms);

/* Does `word` name this computer: its address, or the nick it had when last muted or kicked? */
bool hosts_named(const struct host *host, const char *word);

/* ---- Arrivals and departures ------------------------------------------------- */

enum hosts_arrival {
    HOSTS_ARRIVAL_OK,
    HOSTS_ARRIVAL_BANNED,    /* kicked by the teacher, still out (hosts_ban_left_ms) */
    HOSTS_ARRIVAL_TOO_FAST,  /* new connections faster than its budget */
    HOSTS_ARRIVAL_FULL,      /* every seat of this computer is taken */
    HOSTS_ARRIVAL_DOOR_FULL, /* its seats at the door are taken */
};

/* May this computer open one more connection now? (Spends one from its budget.) */
enum hosts_arrival hosts_arrive(struct hosts *hosts, struct host *host, int64_t now_ms);

/* A connection of this computer was added (at a locked room's door or not) / removed. */
void hosts_enter(struct host *host, bool at_the_door);
void hosts_leave(struct host *host, bool at_the_door, int64_t now_ms);

/* A connection of this computer gave the room code: it is no longer at the door. */
void hosts_admit(struct host *host);

/*
 * Should the room be told that this computer arrived (JOIN, later LEAVE)? Yes
 * for its first LIMIT_HOST_ANNOUNCED arrivals in any LIMIT_HOST_ANNOUNCE_WINDOW_MS;
 * a computer that reconnects more often than that joins quietly.
 */
bool hosts_announce(struct hosts *hosts, struct host *host, int64_t now_ms);

/* ---- Lines ------------------------------------------------------------------- */

/* Milliseconds until this computer may send another line (0: now). */
int64_t hosts_line_wait_ms(struct hosts *hosts, struct host *host, int64_t now_ms);

/* One line was taken from this computer: spend it from its budget. */
void hosts_take_line(struct hosts *hosts, struct host *host, int64_t now_ms);

/* ---- The room code ------------------------------------------------------------- */

enum hosts_code_report {
    HOSTS_CODE_QUIET, /* nothing to log */
    HOSTS_CODE_FIRST, /* this computer's first wrong code: log it */
    HOSTS_CODE_WAIT,  /* it must wait now (hosts_code_wait_ms): log the summary */
};

/* Milliseconds until a /join from this computer is considered again (0: now). */
int64_t hosts_code_wait_ms(const struct host *host, int64_t now_ms);

/* A wrong code: count it and, from the LIMIT_HOST_CODE_TRIES-th on, set the next wait. */
enum hosts_code_report hosts_code_wrong(struct host *host, int64_t now_ms);

/* The right code: the count starts again. */
void hosts_code_right(struct host *host);

/* ---- The teacher's verdicts ------------------------------------------------------ */

/* Mute this computer (and remember the nick); its new connections start muted. */
void hosts_mute(struct host *host, const char *nick);

/* Is `nick` remembered as muted (on any computer)? */
bool hosts_nick_muted(const struct hosts *hosts, const char *nick);

/* Unmute every computer whose address or remembered nick is `word`. Returns how many. */
unsigned hosts_unmute(struct hosts *hosts, const char *word);

/* Keep this computer out for LIMIT_HOST_KICK_BAN_MS (and remember the nick). */
void hosts_ban(struct host *host, const char *nick, int64_t now_ms);

/* Milliseconds this computer is still kept out (0: not banned). */
int64_t hosts_ban_left_ms(const struct host *host, int64_t now_ms);

/*
 * Let back every computer whose address or remembered nick is `word`: its ban
 * and its room-code wait are lifted. Returns how many were kept out.
 */
unsigned hosts_unban(struct hosts *hosts, const char *word, int64_t now_ms);

#endif
