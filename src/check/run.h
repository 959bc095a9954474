/*
 * run.h - run the chosen checks, one after the other, and keep each outcome.
 *
 * With --spawn every check gets a freshly started server on a free port, and
 * the server is stopped after it; without, every check talks to the same
 * running server. Before the checks, the profile is found out (unless given)
 * by one probe: A sends a line; if B receives it, the server relays; if only
 * A gets an answer, it replies.
 */
#ifndef OBROL_CHECK_RUN_H
#define OBROL_CHECK_RUN_H

#include "check/checks.h"
#include "check/options.h"

#include <stdbool.h>
#include <stddef.h>

#define RUN_TAIL_LINES 12

struct outcome {
    const struct check *check;
    enum check_result result;
    double seconds;
    char expected[TRIAL_TEXT_MAX];
    char saw[TRIAL_TEXT_MAX]; /* why it failed, or why it was skipped */
    char **transcript;        /* lines, owned */
    size_t transcript_count;
    char *server_tail; /* the server's last output lines (--spawn, on failure), or NULL */
};

struct run {
    const struct grader_options *options;
    enum grader_profile profile;
    bool profile_detected;
    unsigned port; /* the last port the server was on */
    struct outcome *outcomes;
    size_t count;
    unsigned passed, failed, skipped;
    double seconds;
    char error[TRIAL_TEXT_MAX + SPAWN_TAIL_BYTES]; /* why it could not run */
};

/*
 * Which checks to run: `only` ("id,id", or NULL for all) filtered by the
 * profile. False (with `error`) for an unknown id.
 */
bool run_select(const char *only, enum grader_profile profile, const struct check **chosen,
                size_t *count, char *error, size_t room);

/* Run everything; false if it could not run at all (run->error says why: exit 2). */
bool run_all(struct run *run, const struct grader_options *options);

void run_free(struct run *run);

#endif
