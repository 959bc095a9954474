/*
 * trace.h - obrol's recordings: one reader and one writer of the trace format.
 *
 * A trace is JSON Lines (docs/trace.md): a first line that says what it is
 *     {"obrol_trace":1,"program":"server","date":"2026-11-30T19:00:00Z",...}
 * then one event a line, each an object with at least
 *     {"n":12,"t":4512,"turn":3,"ev":"recv", ...}
 * (event number from 1, microseconds on the monotonic clock since the
 * recording began, the turn of the select() loop, the kind of event) and the
 * fields of its kind: fd, nick, result, bytes, the fd sets of select()...
 * Structure, not sentences: a trace recorded in English replays in Indonesian.
 *
 * The writer never blocks its program: events are queued (an outq) and
 * written with one write() when the loop says so (trace_write()). A trace has
 * a size cap; the event that would pass it is replaced by a final
 * {"ev":"capped"} note, and nothing is written after it.
 *
 * The reader takes a whole trace and checks every line: not JSON, not an
 * object, a field of the wrong type, an event without the fields of its kind,
 * a last line cut short. Any of these is an error naming the line, never a
 * crash (tests/fuzz/fuzz_trace.c). JSON itself is jansson's business
 * (libjansson, Debian's main JSON library): no hand-written parser.
 */
#ifndef OBROL_TRACE_H
#define OBROL_TRACE_H

#include "outq.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>

/* The format's version, the first line's "obrol_trace". */
#define TRACE_VERSION 1
/* Bytes of one recv() or send() kept in an event; the rest are counted, not kept. */
#define TRACE_BYTES_MAX 512
/* The default size cap of a trace file. */
#define TRACE_DEFAULT_CAP (64UL * 1024 * 1024)
/* Events waiting for a file that does not take them: past this, events are dropped and counted. */
#define TRACE_QUEUE_MAX (4UL * 1024 * 1024)
/* The longest line the reader takes. */
#define TRACE_LINE_MAX (1024UL * 1024)
/* The reader's error messages. */
#define TRACE_ERROR_MAX 256

struct json_t; /* jansson's: only trace.c sees inside */

/* ---- Writing ---------------------------------------------------------------------- */

struct trace_writer {
    int fd; /* -1: not recording */
    struct outq queue;
    size_t cap;           /* most bytes the file may hold */
    size_t size;          /* bytes given to the file so far (queued or written) */
    bool capped;          /* the cap was reached: the final note is written */
    unsigned long n;      /* events so far */
    unsigned long turn;   /* the loop's turn, set by the program */
    unsigned long dropped; /* events lost because the file did not take them */
    int64_t start_us;     /* the monotonic time of t = 0 */
    int64_t last_t;       /* the last event's t: no event goes back */
    struct json_t *event; /* the event being built */
    int error;            /* errno of a failed write(); recording then stops */
};

/*
 * Create (or truncate) `path` and write the header line for `program`
 * ("server" or "client"). `cap` 0 means TRACE_DEFAULT_CAP. False with errno set.
 */
bool trace_writer_open(struct trace_writer *writer, const char *path, const char *program,
                       size_t cap);
bool trace_writer_active(const struct trace_writer *writer);

/* Build one event: trace_begin(), any trace_put_*() for its fields, trace_end(). */
void trace_begin(struct trace_writer *writer, const char *kind);
/* The same, for something that happened at `mono_us` (clock_us()), not now. */
void trace_begin_at(struct trace_writer *writer, const char *kind, int64_t mono_us);
void trace_put_int(struct trace_writer *writer, const char *key, long long value);
void trace_put_bool(struct trace_writer *writer, const char *key, bool value);
void trace_put_text(struct trace_writer *writer, const char *key, const char *text);
/* Raw bytes, capped at TRACE_BYTES_MAX: "bytes" as text when they are UTF-8, else "bytes_hex";
 * "cut":true when some were left out. */
void trace_put_bytes(struct trace_writer *writer, const char *bytes, size_t count);
/* The fds of `set` up to max_fd, as an array. */
void trace_put_fds(struct trace_writer *writer, const char *key, const fd_set *set, int max_fd);
void trace_end(struct trace_writer *writer);

/* Bytes queued and not yet written. */
size_t trace_pending(const struct trace_writer *writer);
/*
 * One write() of what is queued (the fd is non-blocking unless it is a
 * regular file: a disk does not wait for a reader). False when a write
 * failed: writer->error says why, and nothing more is recorded.
 */
bool trace_write(struct trace_writer *writer);
/* Add the fd to the write set while bytes wait (a pipe that is slow to read). */
void trace_watch(const struct trace_writer *writer, fd_set *write_set, int *highest);

/* Write an "end" event and what is queued (waiting at most timeout_ms), close. errno or 0. */
int trace_writer_close(struct trace_writer *writer, int timeout_ms);

/* ---- Reading ---------------------------------------------------------------------- */

struct trace {
    struct json_t *header;
    struct json_t **events;
    size_t count;
    char program[16]; /* "server" or "client" */
};

/* Parse a whole trace held in memory. False with "line N: why" in `error`, and nothing
 * kept (trace_free() is still allowed). */
bool trace_parse(struct trace *trace, const char *data, size_t len, char *error, size_t room);
/* Read and parse a file. False with "FILE: line N: why" (or why it cannot be read). */
bool trace_load(struct trace *trace, const char *path, char *error, size_t room);
void trace_free(struct trace *trace);

/* The fields of event i, checked by the reader (so these never fail on a loaded trace). */
const char *trace_kind(const struct trace *trace, size_t i);
long long trace_int(const struct trace *trace, size_t i, const char *key, long long missing);
bool trace_bool(const struct trace *trace, size_t i, const char *key);
/* A text field, or `missing` when the event has none. */
const char *trace_text(const struct trace *trace, size_t i, const char *key, const char *missing);
/* The event's bytes (decoded), NUL-terminated in `out`; their count, or 0. */
size_t trace_bytes(const struct trace *trace, size_t i, char *out, size_t room);
/* An fd set field back into an fd_set; returns the highest fd in it (-1: none). */
int trace_fds(const struct trace *trace, size_t i, const char *key, fd_set *set);
/* A header field as text ("" when absent). */
const char *trace_header_text(const struct trace *trace, const char *key);

#endif
