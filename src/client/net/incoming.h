/*
 * incoming.h - the client's framing of what the server sends.
 *
 * obrol's server ends every line with LF, and linebuf (src/common) turns the
 * byte stream back into those lines. But the client also talks to servers that
 * are not obrol: the lesson's Python server replies "Pesan diterima server"
 * with no newline at all and then closes. Those bytes must still be shown, so
 * the unterminated rest is handed out as a line of its own ("partial") when the
 * server closes, or once it has been silent for INCOMING_IDLE_MS - but only if
 * it has never ended a line: from a server that does (obrol), half a line
 * after a pause is the first half of a line whose rest is delayed on the
 * network, and it waits for its line end (the server's own rule, linebuf's
 * seen_newline).
 *
 * Pure: the caller passes the time in; no I/O happens here.
 */
#ifndef OBROL_CLIENT_INCOMING_H
#define OBROL_CLIENT_INCOMING_H

#include "linebuf.h"

#include <stdbool.h>
#include <stdint.h>

/* Lines from the server may be long (a /who of a full room): accept 64 KiB. */
#define INCOMING_LINE_MAX 65536

/* Silence after which bytes without a newline are shown anyway (if no line end came before). */
#define INCOMING_IDLE_MS 300

struct incoming {
    struct linebuf lines;
    int64_t last_byte_ms; /* when the last bytes arrived */
    bool closed;          /* the server closed: whatever is left is complete */
};

enum incoming_result {
    INCOMING_NONE,     /* nothing to hand out now */
    INCOMING_LINE,     /* a line that ended in LF, CR LF or CR */
    INCOMING_PARTIAL,  /* bytes without a line end: at close, or after silence (see above) */
    INCOMING_TOO_LONG, /* a line over INCOMING_LINE_MAX was dropped */
};

void incoming_init(struct incoming *in);
void incoming_free(struct incoming *in);

/* Room for recv(): a pointer and *room bytes (NULL when memory ran out). */
char *incoming_space(struct incoming *in, size_t *room);
void incoming_commit(struct incoming *in, size_t count, int64_t now_ms);

/* Copy bytes in (for tests and for callers without recv()); returns how many fitted. */
size_t incoming_feed(struct incoming *in, const char *bytes, size_t count, int64_t now_ms);

/* The server closed its side: the unterminated rest may be handed out now. */
void incoming_close(struct incoming *in);

/* The next line; the pointer is valid until the next incoming_* call that adds bytes. */
enum incoming_result incoming_next(struct incoming *in, int64_t now_ms, const char **line,
                                   size_t *len);

/* When the waiting partial line will be due (ms on the same clock), or -1: nothing
 * waits, or the server ends its lines and the rest of this one is still to come. */
int64_t incoming_due_ms(const struct incoming *in);

#endif
