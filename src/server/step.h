/*
 * step.h - step-through teaching: pause before every step of the loop.
 *
 * Network events take microseconds; a class needs minutes. In step mode the
 * server announces each step before it takes it (select() returned, accept()
 * one client, recv() from one client, relay one line, send() to one client,
 * drop one client) and waits for the operator: Enter runs one step, "c" runs
 * freely, "s" goes back to stepping, "q" shuts the server down. With a delay
 * (slow motion) a waiting step also runs by itself after delay_ms.
 *
 * This module is the decision only: the loop asks step_gate() before each
 * step; the operator's keys arrive through step_key(). No I/O happens here.
 */
#ifndef OBROL_SERVER_STEP_H
#define OBROL_SERVER_STEP_H

#include <stdbool.h>
#include <stdint.h>

#define STEP_TEXT_MAX 320

enum step_mode {
    STEP_RUN,    /* no pauses: the normal server */
    STEP_MANUAL, /* wait for Enter before each step */
    STEP_DELAY,  /* wait delay_ms before each step (Enter: at once) */
};

/* The steps of the loop that step mode pauses before (see server.c). */
enum step_kind {
    STEP_SELECT,  /* select() returned: which fds are ready */
    STEP_ACCEPT,  /* accept() one client */
    STEP_RECV,    /* recv() from one client */
    STEP_LINE,    /* act on one complete line */
    STEP_FLUSH,   /* take a quiet client's unterminated bytes as a line */
    STEP_WELCOME, /* greet a quiet newcomer */
    STEP_SEND,    /* send() to one client */
    STEP_DROP,    /* close() one client that has gone */
};

enum step_key_result {
    STEP_KEY_NONE,     /* nothing to do (or not a step key) */
    STEP_KEY_STEP,     /* run the waiting step */
    STEP_KEY_RUN,      /* run freely from now on */
    STEP_KEY_STEPPING, /* pause before each step again */
    STEP_KEY_QUIT,     /* shut the server down */
    STEP_KEY_UNKNOWN,  /* a line that is not a step key */
};

struct step {
    enum step_mode mode;
    enum step_mode paused_mode; /* what "s" returns to: MANUAL or DELAY */
    unsigned delay_ms;
    bool waiting;             /* a step has been announced and waits */
    bool approved;            /* the announced step may run */
    int64_t due_ms;           /* STEP_DELAY: when the waiting step runs by itself */
    char next[STEP_TEXT_MAX]; /* what the waiting step will do, and why */
    unsigned long taken;      /* steps taken so far (numbered in the narration) */
};

/* mode STEP_RUN unless stepping was asked for; delay_ms > 0 means slow motion. */
void step_init(struct step *step, bool stepping, unsigned delay_ms);

/*
 * Before a step: true if it may run now. Otherwise the step is announced
 * (*announce set true the first time, with its text stored in step->next) and
 * the loop must stop its turn and wait for the operator (or the delay).
 */
bool step_gate(struct step *step, const char *description, int64_t now_ms, bool *announce);

/* A line the operator typed ("" for Enter). Updates the mode; says what happened. */
enum step_key_result step_key(struct step *step, const char *line);

/* The delay has passed for the waiting step: approve it. True if it did. */
bool step_tick(struct step *step, int64_t now_ms);

/* Milliseconds the loop may sleep before step_tick() matters (-1: forever). */
long step_wait_ms(const struct step *step, int64_t now_ms);

/* True while the loop must wait: a step is announced and not yet approved. */
bool step_is_waiting(const struct step *step);

#endif
