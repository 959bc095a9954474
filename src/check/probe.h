/*
 * probe.h - the small steps checks are made of.
 *
 * Connect these clients; send this line and wait until those clients have a
 * line containing it; send a line and wait for any answer. Each step waits in
 * the loop (loop.c) and, when it fails, fills the trial's "expected" and
 * "saw" in words and returns false.
 */
#ifndef OBROL_CHECK_PROBE_H
#define OBROL_CHECK_PROBE_H

#include "check/trial.h"

#include <stdbool.h>
#include <stddef.h>

#define PROBE_MAX_PEERS 8
#define PROBE_DESCRIBE_LINES 4 /* received lines quoted when a line did not come */

/* Wait until every peer is connected. */
bool probe_connect(struct trial *trial, struct peer **peers, size_t count, int timeout_ms);

/* Open `count` peers named by the letters of `names` ("ABC") and connect them. */
bool probe_open(struct trial *trial, const char *names, struct peer **peers, int timeout_ms);

/*
 * Wait until each of `to` has a line (received after its line number
 * `from[i]`, or any when `from` is NULL) containing `text`.
 */
bool probe_lines(struct trial *trial, struct peer **to, size_t count, const size_t *from,
                 const char *text, int timeout_ms);

/* `from` sends `text` + "\n"; every one of `to` must get a line containing it. */
bool probe_relay(struct trial *trial, struct peer *from, struct peer **to, size_t count,
                 const char *text, int timeout_ms);

/* `peer` sends `bytes` (a line, or not); some bytes must come back to it. */
bool probe_reply(struct trial *trial, struct peer *peer, const char *bytes, int timeout_ms);

/*
 * The server still does its job: in a relay profile, `a` sends a line and `b`
 * gets it; in the reply profile, `a` gets an answer (and `b` is not used).
 */
bool probe_serves(struct trial *trial, struct peer *a, struct peer *b, int timeout_ms);

/* "nothing", or "3 lines: "a", "b", "c"" - what `peer` received from line `from` on. */
void probe_describe(const struct peer *peer, size_t from, char *out, size_t room);

/* True in the relay and obrol profiles. */
bool probe_is_relay(const struct trial *trial);

#endif
