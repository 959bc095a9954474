/*
 * replay.h - obrol-replay: a recorded lesson told again, printed, reported.
 *
 * The program reads a trace (src/common/trace.h) and never a socket:
 *   tell.c      one event back into the server's own sentence (narrate.c's texts)
 *   range.c     --from / --to: which events a report covers (pure)
 *   exchange.c  who talked to whom: participants and arrows (pure)
 *   report.c    --export md: the lab-report page
 *   svg.c       --export svg: the sequence diagram, drawn by hand
 *   play.c      obrol-replay FILE: the recording in the --tui dashboard, forward and back
 *   play_client.c  the same for a client's trace, in the client's own screen
 *   main.c      the command line
 */
#ifndef OBROL_REPLAY_H
#define OBROL_REPLAY_H

#include "trace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- tell.c ---------------------------------------------------------------------- */

/* Where a told sentence goes (without its newline). */
typedef void (*replay_sink)(const char *line, bool is_error, void *context);

/* Tell event i as the live server would have said it with -v (nothing for some events). */
void replay_tell(const struct trace *trace, size_t i, replay_sink sink, void *context);

/* ---- range.c --------------------------------------------------------------------- */

/* A bound: an event number ("12"), or a time since the recording began ("2.5s", "300ms"). */
struct replay_bound {
    bool set;
    bool is_time;
    unsigned long long value; /* event number, or microseconds */
};

struct replay_range {
    struct replay_bound from, to;
};

/* Parse "12", "2.5s" or "300ms". False if it is none of these. */
bool replay_bound_parse(const char *text, struct replay_bound *bound);
/* Whether event i is inside the range (both ends included). */
bool replay_in_range(const struct trace *trace, size_t i, const struct replay_range *range);
/* Whether event i comes after the range's end (nothing later is inside either). */
bool replay_after_range(const struct trace *trace, size_t i, const struct replay_range *range);

/* ---- exchange.c ------------------------------------------------------------------ */

#define REPLAY_TEXT_MAX 200 /* one arrow's label, sanitised and cut */
#define REPLAY_SERVER (-1)  /* the server, as one end of an arrow */

/* One connection from accept() to close(): a column of the sequence diagram. */
struct replay_participant {
    int fd;
    char nick[48];
};

enum replay_arrow_kind {
    REPLAY_TO_SERVER,   /* a request line the server read */
    REPLAY_TO_CLIENT,   /* a line the server sent */
    REPLAY_CONNECTED,   /* accept() */
    REPLAY_LEFT,        /* close() */
};

struct replay_arrow {
    enum replay_arrow_kind kind;
    size_t participant;   /* index into participants */
    unsigned long step;   /* the event's number */
    int64_t t_us;
    char text[REPLAY_TEXT_MAX];
};

struct replay_exchange {
    struct replay_participant *participants;
    size_t participant_count;
    struct replay_arrow *arrows;
    size_t arrow_count;
};

/* Who took part and every line exchanged, within the range. False if out of memory. */
bool replay_exchange_build(const struct trace *trace, const struct replay_range *range,
                           struct replay_exchange *exchange);
void replay_exchange_free(struct replay_exchange *exchange);

/* ---- report.c, svg.c ------------------------------------------------------------- */

/* The lab-report page in Markdown. `name` is the trace's file name, for the title. */
bool replay_export_md(const struct trace *trace, const struct replay_range *range,
                      const char *name, FILE *out);
/* The sequence diagram as a standalone SVG. */
bool replay_export_svg(const struct trace *trace, const struct replay_range *range,
                       const char *name, FILE *out);

/* ---- play.c ---------------------------------------------------------------------- */

/* The recording in the --tui dashboard, step by step (needs a terminal). The exit status. */
int replay_play(const struct trace *trace, const char *name);
/* A client's trace in the client's own screen (play_client.c): messages, flow, explain line. */
int replay_play_client(const struct trace *trace, const char *name);

#endif
