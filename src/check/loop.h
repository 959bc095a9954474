/*
 * loop.h - the grader's one select() loop.
 *
 * A check says what it waits for (a condition over its peers) and for how
 * long; loop_until() moves bytes until the condition holds, the time is up
 * or the spawned server dies. Every turn it connects, sends what each peer
 * has queued, receives and frames lines, and drains the server's output, so
 * nothing ever blocks and no pipe ever fills. It never sleeps: select()'s
 * time-out is the only wait (at most LOOP_TICK_MS, so that conditions that
 * act on time, such as sending the next piece of a line, run on time).
 */
#ifndef OBROL_CHECK_LOOP_H
#define OBROL_CHECK_LOOP_H

#include "check/trial.h"

#include <stdbool.h>

#define LOOP_TICK_MS 10

enum loop_outcome {
    LOOP_DONE,        /* the condition holds */
    LOOP_TIMEOUT,     /* the time was up first */
    LOOP_SERVER_DIED, /* the spawned server ended (trial->saw says how) */
};

/* A condition: true when the wait is over. It may also act (send, close). */
typedef bool loop_condition(struct trial *trial, void *arg);

enum loop_outcome loop_until(struct trial *trial, loop_condition *done, void *arg, int timeout_ms);

/* Just let `ms` pass while the loop keeps moving bytes (the server may die). */
enum loop_outcome loop_for(struct trial *trial, int ms);

#endif
