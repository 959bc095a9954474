/*
 * linebuf.h - line framing: turn a TCP byte stream back into lines.
 *
 * TCP delivers bytes, not messages. One recv() may return half a line, a line
 * and a half, or ten lines; a line may arrive one byte at a time. A linebuf
 * collects the bytes of one connection and hands out complete lines in the
 * order they were sent. A line ends at LF, at CR LF, or at a CR alone (old
 * Macs, some serial terminals); a CR LF is one line end even when its LF
 * arrives in the next recv(). At end of file the caller may take the
 * unterminated rest as the last line (linebuf_take_partial). docs/protocol.md,
 * "What a line is", says the same for people.
 *
 * Memory stays bounded whatever the peer sends: a line longer than max_line is
 * reported once (LINEBUF_TOO_LONG) and the rest of it, up to the next line
 * end, is thrown away. The storage is allocated when the first byte arrives and freed
 * again when everything has been consumed, so an idle connection costs nothing.
 *
 * The module does no I/O: the caller reads into linebuf_space() and calls
 * linebuf_commit(), or hands over bytes with linebuf_feed().
 */
#ifndef OBROL_LINEBUF_H
#define OBROL_LINEBUF_H

#include <stdbool.h>
#include <stddef.h>

/* The storage is at least this large, so one recv() can take many lines. */
#define LINEBUF_MIN_CAPACITY 16384

struct linebuf {
    char *data;        /* NULL while empty (allocated lazily) */
    size_t start;      /* first byte not yet handed out */
    size_t len;        /* bytes stored, from data[0] */
    size_t cap;        /* size of data */
    size_t max_line;   /* longest line accepted, without its LF or CRLF */
    bool discarding;   /* inside an overlong line: drop bytes up to the next line end */
    bool seen_newline; /* the peer has ended at least one line (LF, CR LF or CR) */
    bool after_cr;     /* the last byte stored was a CR line end: an LF next belongs to it */
};

enum linebuf_result {
    LINEBUF_NONE,     /* no complete line yet */
    LINEBUF_LINE,     /* *line and *len hold a complete line (without its line end) */
    LINEBUF_TOO_LONG, /* a line longer than max_line was found and is being discarded */
};

void linebuf_init(struct linebuf *lb, size_t max_line);
void linebuf_free(struct linebuf *lb);

/*
 * Where the next bytes can be written: returns a pointer and sets *room to the
 * number of bytes that fit (0 if full, NULL if memory ran out). Allocates the
 * storage on first use. Follow with linebuf_commit().
 */
char *linebuf_space(struct linebuf *lb, size_t *room);
void linebuf_commit(struct linebuf *lb, size_t count);

/* Copy up to `count` bytes in; returns how many fitted (call linebuf_next between). */
size_t linebuf_feed(struct linebuf *lb, const char *bytes, size_t count);

/*
 * Hand out the next complete line. The pointer stays valid until the next call
 * to linebuf_space(), linebuf_feed() or linebuf_compact().
 */
enum linebuf_result linebuf_next(struct linebuf *lb, const char **line, size_t *len);

/* True when a complete line (ending in LF, CR LF or CR) is waiting. */
bool linebuf_has_line(const struct linebuf *lb);

/*
 * Look at the next complete line without taking it (without its line end, its
 * length not yet checked against max_line). False if no whole line waits.
 */
bool linebuf_peek(const struct linebuf *lb, const char **line, size_t *len);

/* How many complete lines are waiting (a CR LF counts once). */
size_t linebuf_count_lines(const struct linebuf *lb);

/* Bytes received but not yet handed out (a partial line, or waiting lines). */
size_t linebuf_pending(const struct linebuf *lb);

/*
 * Hand out the unterminated rest as if it were a line: used when a peer that
 * never sends newlines goes quiet, and when any peer closes (its last line
 * needs no line end). Call linebuf_next() until LINEBUF_NONE first: then the
 * rest is never longer than max_line. Returns false if nothing is left.
 */
bool linebuf_take_partial(struct linebuf *lb, const char **line, size_t *len);

/* Move the unconsumed bytes to the front; free the storage when it is empty. */
void linebuf_compact(struct linebuf *lb);

#endif
