/*
 * crowd.h - many clients at once (many-clients, fd-limit).
 *
 * Clients are opened a batch at a time (at most CROWD_BATCH connecting at
 * once), so that a server with a short listen() backlog is not flooded with
 * SYNs it would drop (each retried only a second later). Clients whose fd is
 * past FD_SETSIZE cannot be watched by the grader's select(): their state is
 * read from the kernel (TCP_INFO) instead, and what they have to send is sent
 * as soon as they are connected.
 */
#ifndef OBROL_CHECK_CROWD_H
#define OBROL_CHECK_CROWD_H

#include "check/trial.h"

#include <stdbool.h>
#include <stddef.h>

#define CROWD_BATCH 16
#define CROWD_PATIENCE_MS 500 /* a connect() this old no longer holds up the next batch */

struct crowd {
    struct peer **peers;
    size_t want, opened;
    const char *line; /* what each sends once connected, or NULL */
    size_t open, gone, failed, connecting;
    size_t starting; /* connecting for less than CROWD_PATIENCE_MS */
    int error;     /* why the grader could not open more */
    bool wait_all; /* wait for connects in the backlog too */
    bool discard;  /* the clients count lines without keeping them (set before gathering) */
    unsigned port; /* the server's: its accept queue is read when it runs here */
};

/*
 * Open `want` quiet clients named C1, C2, ... (each sending `line`, if not
 * NULL) and wait until none is connecting any more (`wait_all`), or none has
 * been for less than CROWD_PATIENCE_MS (older ones wait in a full backlog:
 * a server that is full may leave them there), or `timeout_ms`. False only
 * if the server died or the grader could not open sockets; the counts say
 * how many are open, gone (closed by the server) or failed.
 */
bool crowd_gather(struct trial *trial, struct crowd *crowd, size_t want, const char *line,
                  bool wait_all, int timeout_ms);

/* Read the state of every client again (for those past FD_SETSIZE). */
void crowd_count(struct crowd *crowd);

void crowd_free(struct crowd *crowd);

#endif
