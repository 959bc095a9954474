/*
 * fuzz_incoming.c - the client's framing (src/client/net/incoming.c) with its
 * idle and close flush, against any bytes at any times.
 *
 * What it proves: whatever a server sends, in whatever chunks, with whatever
 * pauses, and whenever it closes:
 *   - every INCOMING_LINE and INCOMING_PARTIAL holds at most INCOMING_LINE_MAX
 *     bytes and no LF, and points inside the buffer;
 *   - a partial line comes out only after the close, or after INCOMING_IDLE_MS
 *     of silence from a server that has never ended a line, and then at once:
 *     after incoming_next() says INCOMING_NONE, no partial line is overdue;
 *   - incoming_due_ms() tells the truth: -1 when nothing waits or nothing will
 *     be flushed before more bytes come, otherwise the moment the waiting bytes
 *     will be flushed (later than now);
 *   - the storage stays bounded (at most INCOMING_LINE_MAX + 2 bytes);
 *   - lines, TOO_LONGs and partial lines are exactly those of the byte-at-a-
 *     time model of the framing (fuzz.h), with a partial taken where the
 *     client flushed one.
 *
 * Time starts at 0 and only moves forward, as the monotonic clock does.
 */
#include "fuzz.h"
#include "net/incoming.h"

struct incoming_fuzz {
    struct incoming in;
    struct fuzz_model model;
    int64_t now_ms;
    int64_t last_byte_ms; /* when bytes last arrived, as the harness saw it */
    bool closed;
};

FUZZ_ORACLE static void incoming_fuzz_check_state(const struct incoming_fuzz *fuzz)
{
    const struct linebuf *lb = &fuzz->in.lines;

    FUZZ_CHECK(lb->start <= lb->len && lb->len <= lb->cap, "start %zu len %zu cap %zu", lb->start,
               lb->len, lb->cap);
    FUZZ_CHECK(lb->cap <= INCOMING_LINE_MAX + 2, "storage of %zu bytes", lb->cap);
}

FUZZ_ORACLE static void incoming_fuzz_check_line(const struct incoming_fuzz *fuzz, const char *line,
                                                 size_t len)
{
    const struct linebuf *lb = &fuzz->in.lines;

    FUZZ_CHECK(len <= INCOMING_LINE_MAX, "a line of %zu bytes", len);
    if (len == 0)
        return;
    FUZZ_CHECK(lb->data != NULL && line >= lb->data && line + len <= lb->data + lb->cap,
               "line outside the storage");
    FUZZ_CHECK(memchr(line, '\n', len) == NULL && memchr(line, '\r', len) == NULL,
               "line end inside a line of %zu bytes", len);
}

/* Would the model flush a partial line now? */
static bool incoming_fuzz_partial_due(const struct incoming_fuzz *fuzz)
{
    bool waiting = !fuzz->model.discarding && fuzz->model.current_len > 0;
    bool quiet = fuzz->now_ms - fuzz->last_byte_ms >= INCOMING_IDLE_MS;

    return waiting && (fuzz->closed || (quiet && !fuzz->model.seen_newline));
}

/* Take everything incoming_next() hands out now, as the client's loop does. */
static void incoming_fuzz_drain(struct incoming_fuzz *fuzz)
{
    const char *line, *expected;
    size_t len, expected_len;
    enum incoming_result result;

    while ((result = incoming_next(&fuzz->in, fuzz->now_ms, &line, &len)) != INCOMING_NONE) {
        switch (result) {
        case INCOMING_LINE:
            incoming_fuzz_check_line(fuzz, line, len);
            fuzz_model_expect(&fuzz->model, FUZZ_MODEL_LINE, line, len);
            break;
        case INCOMING_TOO_LONG:
            fuzz_model_expect(&fuzz->model, FUZZ_MODEL_TOO_LONG, NULL, 0);
            break;
        case INCOMING_PARTIAL:
            incoming_fuzz_check_line(fuzz, line, len);
            FUZZ_CHECK(fuzz->model.count == 0, "a partial line before %zu waiting results",
                       fuzz->model.count);
            FUZZ_CHECK(incoming_fuzz_partial_due(fuzz), "a partial line %lld ms after a byte",
                       (long long)(fuzz->now_ms - fuzz->last_byte_ms));
            FUZZ_CHECK(fuzz_model_take_partial(&fuzz->model, &expected, &expected_len),
                       "a partial line the model does not have");
            FUZZ_CHECK(len == expected_len && (len == 0 || memcmp(line, expected, len) == 0),
                       "partial line of %zu bytes, model %zu", len, expected_len);
            break;
        default:
            fuzz_fail("unknown result %d", (int)result);
        }
        incoming_fuzz_check_state(fuzz);
    }
    FUZZ_CHECK(fuzz->model.count == 0, "incoming kept back %zu results", fuzz->model.count);
    FUZZ_CHECK(!incoming_fuzz_partial_due(fuzz), "a partial line is overdue");

    int64_t due = incoming_due_ms(&fuzz->in);
    if (!fuzz->model.discarding && fuzz->model.current_len > 0 && !fuzz->model.seen_newline)
        FUZZ_CHECK(due == fuzz->last_byte_ms + INCOMING_IDLE_MS && due > fuzz->now_ms,
                   "due at %lld, now %lld, last byte %lld", (long long)due, (long long)fuzz->now_ms,
                   (long long)fuzz->last_byte_ms);
    else
        FUZZ_CHECK(due == -1, "due at %lld with nothing waiting", (long long)due);
}

/* Bytes arrive now, through incoming_feed or incoming_space + commit. */
static size_t incoming_fuzz_put(struct incoming_fuzz *fuzz, const char *bytes, size_t count,
                                bool use_space)
{
    size_t fitted;

    if (use_space) {
        size_t room;
        char *space = incoming_space(&fuzz->in, &room);
        FUZZ_CHECK(space != NULL, "out of memory");
        fitted = count < room ? count : room;
        memcpy(space, bytes, fitted);
        incoming_commit(&fuzz->in, fitted, fuzz->now_ms);
    } else {
        fitted = incoming_feed(&fuzz->in, bytes, count, fuzz->now_ms);
    }
    FUZZ_CHECK(fitted <= count, "took %zu of %zu bytes", fitted, count);
    fuzz_model_bytes(&fuzz->model, bytes, fitted);
    if (fitted > 0)
        fuzz->last_byte_ms = fuzz->now_ms;
    incoming_fuzz_check_state(fuzz);
    return fitted;
}

/* A long run of one byte, received as recv() does and taking lines between chunks:
 * the way to reach INCOMING_LINE_MAX. */
static void incoming_fuzz_run(struct incoming_fuzz *fuzz, char byte, size_t count)
{
    static char chunk[16384];

    memset(chunk, byte, sizeof(chunk));
    while (count > 0) {
        size_t piece = count < sizeof(chunk) ? count : sizeof(chunk);
        size_t fitted = incoming_fuzz_put(fuzz, chunk, piece, true);
        incoming_fuzz_drain(fuzz);
        if (fitted == 0) {
            fitted = incoming_fuzz_put(fuzz, chunk, piece, true);
            FUZZ_CHECK(fitted > 0, "no room after every line was taken");
        }
        count -= fitted;
    }
}

static void incoming_fuzz_step(struct incoming_fuzz *fuzz, struct fuzz_script *script)
{
    uint8_t operation = fuzz_script_byte(script) % 8;
    const char *bytes;
    size_t count;

    switch (operation) {
    case 0: /* a recv() of some bytes */
    case 1:
        bytes = fuzz_script_bytes(script, fuzz_script_byte(script), &count);
        incoming_fuzz_put(fuzz, bytes, count, operation == 1);
        break;
    case 2: /* a short pause: up to 255 ms, around the idle limit */
        fuzz->now_ms += fuzz_script_byte(script);
        break;
    case 3: /* a long pause */
        fuzz->now_ms += (int64_t)fuzz_script_byte(script) * 64;
        break;
    case 4: /* the server closes */
        incoming_close(&fuzz->in);
        fuzz->closed = true;
        break;
    case 5: { /* a long run of one byte */
        char byte = (char)fuzz_script_byte(script);
        size_t high = fuzz_script_byte(script), low = fuzz_script_byte(script);
        incoming_fuzz_run(fuzz, byte, ((high << 8) | low) + 16);
        break;
    }
    default: /* the loop takes what is there */
        incoming_fuzz_drain(fuzz);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_script script = {.data = data, .size = size, .at = 0};
    struct incoming_fuzz fuzz = {.now_ms = 0, .last_byte_ms = 0, .closed = false};

    incoming_init(&fuzz.in);
    fuzz_model_init(&fuzz.model, INCOMING_LINE_MAX);
    while (!fuzz_script_done(&script))
        incoming_fuzz_step(&fuzz, &script);
    /* The end: the server closes and the client takes the rest. */
    incoming_close(&fuzz.in);
    fuzz.closed = true;
    incoming_fuzz_drain(&fuzz);
    FUZZ_CHECK(incoming_due_ms(&fuzz.in) == -1, "bytes left after the close");
    incoming_free(&fuzz.in);
    fuzz_model_free(&fuzz.model);
    return 0;
}
