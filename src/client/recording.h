/*
 * recording.h - obrol-client --record FILE and /save FILE: the flow as a trace.
 *
 * Every row of the flow pane (connect, request, response with its round trip,
 * event, /trickle fragment, close; model/flow.h) becomes one event of a trace
 * (src/common/trace.h, docs/trace.md) that obrol-replay tells again, prints
 * and exports. --record keeps the whole session: once a turn, before select()
 * sleeps, the rows added since the last turn are queued (the model stays pure:
 * nothing in it knows about files). /save FILE writes the rows the pane still
 * holds (the last FLOW_ROWS_MAX). Both are written like the server's trace:
 * queued, one write() a turn, a pipe that is slow watched by select().
 */
#ifndef OBROL_CLIENT_RECORDING_H
#define OBROL_CLIENT_RECORDING_H

#include "model/flow.h"
#include "trace.h"

#include <stdbool.h>
#include <sys/select.h>

struct recording {
    struct trace_writer live;  /* --record FILE */
    unsigned long next_row;    /* the first flow row not yet recorded */
    unsigned long lost;        /* rows the pane forgot before they were recorded */
    struct trace_writer saved; /* /save FILE, until written */
};

void recording_init(struct recording *recording);
/* --record FILE: false with errno set. */
bool recording_open(struct recording *recording, const char *path);
/* /save FILE: the rows the flow still holds. Returns how many, or -1 with errno set. */
long recording_save(struct recording *recording, const struct flow *flow, const char *path);
/* Before select() sleeps: queue the new rows, write, watch what a pipe did not take. */
void recording_before_sleep(struct recording *recording, const struct flow *flow, fd_set *writable,
                            int *max_fd);
/* At exit: the last rows written (bounded wait). errno of a failed write, or 0. */
int recording_close(struct recording *recording, const struct flow *flow);

/* The front ends' two calls: --record FILE opened (none when path is NULL), and at the end
 * closed; each says on stderr what went wrong, and returns false then. */
bool recording_start(struct recording *recording, const char *path);
bool recording_finish(struct recording *recording, const struct flow *flow, const char *path);

#endif
