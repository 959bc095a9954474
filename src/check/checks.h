/*
 * checks.h - the table of checks: what each one tries, why it matters, and
 * what to think about when it fails.
 *
 * A check is a function over a trial (trial.h) that opens clients, makes
 * them send, waits in the loop and returns pass, fail (with expected/saw
 * filled) or skip. The table says which profiles run it and whether it needs
 * the server to be started by the grader (--spawn).
 */
#ifndef OBROL_CHECK_CHECKS_H
#define OBROL_CHECK_CHECKS_H

#include "check/options.h"
#include "check/trial.h"

#include <stdbool.h>
#include <stddef.h>

#define FOR_RELAY (1u << PROFILE_RELAY)
#define FOR_REPLY (1u << PROFILE_REPLY)
#define FOR_OBROL (1u << PROFILE_OBROL)
#define FOR_ROOMS (FOR_RELAY | FOR_OBROL)
#define FOR_ALL (FOR_RELAY | FOR_REPLY | FOR_OBROL)

typedef enum check_result check_function(struct trial *trial);

struct check {
    const char *id;
    const char *title; /* what passes, in one line (N_: translated when shown) */
    const char *why;   /* why it matters: the lesson idea */
    const char *hint;  /* what to think about when it fails */
    unsigned profiles; /* FOR_... */
    bool needs_spawn;  /* only when the grader starts the server */
    check_function *run;
};

extern const struct check checks_table[];
extern const size_t checks_count;

/* The check with this id, or NULL. */
const struct check *checks_find(const char *id);

bool checks_in_profile(const struct check *check, enum grader_profile profile);

/* "relay, reply, obrol": the profiles that run it. */
void checks_profiles_text(const struct check *check, char *out, size_t room);

/* The checks themselves (checks-*.c). */
check_function checks_connect, checks_relay, checks_reply, checks_no_newline, checks_order,
    checks_many_lines;
check_function checks_split_line, checks_utf8_split, checks_half_line;
check_function checks_quiet_client, checks_slow_reader, checks_peer_reset, checks_long_line;
check_function checks_many_clients, checks_fd_limit, checks_idle_cpu;
check_function checks_obrol_welcome, checks_obrol_nick, checks_obrol_errors;

#endif
