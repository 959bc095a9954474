/*
 * trickle.h - send one line in small pieces, with pauses: /trickle.
 *
 * TCP is a byte stream. The receiver's recv() does not see the sender's
 * send() calls, only bytes, so a line may arrive in any number of pieces and
 * the application must frame it (obrol: up to the newline). /trickle makes
 * that visible: the line and its newline are cut into fragments of
 * `fragment_size` bytes, and each fragment is its own send(), `pause_ms`
 * apart. Only the last fragment carries the newline, so the server sees
 * several partial recv()s, waits for the newline, and then one whole message.
 *
 * Pure: the loop asks when the next fragment is due (a select() timeout, no
 * sleep()) and takes it when the time has come.
 */
#ifndef OBROL_CLIENT_TRICKLE_H
#define OBROL_CLIENT_TRICKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRICKLE_DEFAULT_SIZE 3    /* bytes per fragment */
#define TRICKLE_DEFAULT_PAUSE 300 /* ms between fragments */
#define TRICKLE_SIZE_MIN 1        /* -s and --trickle-size: bytes per fragment */
#define TRICKLE_SIZE_MAX 1024
#define TRICKLE_PAUSE_MIN 0 /* -p and --trickle-pause: ms between fragments */
#define TRICKLE_PAUSE_MAX 10000
#define TRICKLE_LINE_MAX 4096 /* the longest line /trickle sends */

struct trickle {
    bool active;
    char bytes[TRICKLE_LINE_MAX + 1]; /* the line and its newline */
    size_t len, sent;
    size_t fragment_size;
    int pause_ms;
    unsigned fragment, fragments; /* fragments sent so far, and in all */
    int64_t next_ms;              /* when the next fragment is due */
};

/* What a /trickle command asks for. */
struct trickle_request {
    size_t fragment_size;
    int pause_ms;
    const char *text; /* the line to send, inside the command's text */
    size_t text_len;
};

/* How many fragments a line of `bytes` bytes (newline included) makes. */
unsigned trickle_fragment_count(size_t bytes, size_t fragment_size);

/*
 * Read the arguments of /trickle: "[-s SIZE] [-p MS] TEXT". The defaults come
 * in `request`. false: a bad option or no text (then `request->text` is NULL).
 */
bool trickle_parse(const char *args, size_t len, struct trickle_request *request);

/* Begin sending `line` (no newline: it is added); the first fragment is due at once. */
bool trickle_start(struct trickle *trickle, const char *line, size_t len, size_t fragment_size,
                   int pause_ms, int64_t now_ms);

/* When the next fragment is due (ms), or -1 when nothing is being trickled. */
int64_t trickle_due_ms(const struct trickle *trickle);

/*
 * The next fragment, if it is due at `now_ms`: its bytes and length. The
 * trickle ends (active false) after the last one. false: nothing due yet.
 */
bool trickle_next(struct trickle *trickle, int64_t now_ms, const char **bytes, size_t *count);

/* Give up (the connection closed). */
void trickle_cancel(struct trickle *trickle);

#endif
