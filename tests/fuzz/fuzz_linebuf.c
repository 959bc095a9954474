/*
 * fuzz_linebuf.c - line framing (src/common/linebuf.c) against any byte stream.
 *
 * What it proves: whatever bytes a peer sends, in whatever chunks, and however
 * the server interleaves linebuf_feed / linebuf_space+commit / linebuf_next /
 * linebuf_take_partial / linebuf_compact:
 *   - every LINEBUF_LINE points inside the buffer, holds at most max_line bytes
 *     and no LF or CR; so does every partial line;
 *   - the storage never grows beyond max(max_line + 2, LINEBUF_MIN_CAPACITY),
 *     and start <= len <= cap always;
 *   - a feed always makes progress once the waiting lines are taken;
 *   - the lines, TOO_LONGs and partial lines that come out are exactly those of
 *     a plain byte-at-a-time model of the framing rules (fuzz.h), in order.
 *
 * The input is a script: the first byte picks max_line, then each step is an
 * operation byte followed by its arguments (see linebuf_fuzz_step).
 */
#include "fuzz.h"
#include "linebuf.h"

/* Lengths around the interesting edges: tiny lines, and the minimum capacity. */
static const size_t fuzz_max_lines[] = {
    0, 1, 2, 3, 4, 5, 8, 15, 16, 17, 100, 1024, 16381, 16382, 16383, 65536,
};

/* ---- Invariants ------------------------------------------------------------------ */

static size_t linebuf_fuzz_capacity_bound(size_t max_line)
{
    return max_line + 2 > LINEBUF_MIN_CAPACITY ? max_line + 2 : LINEBUF_MIN_CAPACITY;
}

/* The bookkeeping is consistent and the storage bounded. */
FUZZ_ORACLE static void linebuf_fuzz_check_state(const struct linebuf *lb)
{
    FUZZ_CHECK(lb->start <= lb->len, "start %zu len %zu", lb->start, lb->len);
    FUZZ_CHECK(lb->len <= lb->cap, "len %zu cap %zu", lb->len, lb->cap);
    FUZZ_CHECK(lb->cap <= linebuf_fuzz_capacity_bound(lb->max_line), "cap %zu", lb->cap);
    if (lb->data == NULL)
        FUZZ_CHECK(lb->cap == 0 && lb->len == 0 && lb->start == 0, "no storage but cap %zu",
                   lb->cap);
    FUZZ_CHECK(linebuf_pending(lb) == lb->len - lb->start, "pending");
}

/* A handed-out line lies inside the storage, is short enough and has no LF. */
FUZZ_ORACLE static void linebuf_fuzz_check_line(const struct linebuf *lb, const char *line,
                                                size_t len)
{
    FUZZ_CHECK(len <= lb->max_line, "line of %zu bytes, max_line %zu", len, lb->max_line);
    if (len == 0)
        return;
    FUZZ_CHECK(lb->data != NULL && line >= lb->data && line + len <= lb->data + lb->cap,
               "line outside the storage");
    FUZZ_CHECK(memchr(line, '\n', len) == NULL, "LF inside a line of %zu bytes", len);
    FUZZ_CHECK(memchr(line, '\r', len) == NULL, "CR inside a line of %zu bytes", len);
}

/* ---- Operations ------------------------------------------------------------------- */

/* Take every line that is waiting, as the server does after each recv(). */
static void linebuf_fuzz_drain(struct linebuf *lb, struct fuzz_model *model)
{
    enum linebuf_result result;
    const char *line;
    size_t len;

    while ((result = linebuf_next(lb, &line, &len)) != LINEBUF_NONE) {
        if (result == LINEBUF_LINE) {
            linebuf_fuzz_check_line(lb, line, len);
            fuzz_model_expect(model, FUZZ_MODEL_LINE, line, len);
        } else {
            FUZZ_CHECK(result == LINEBUF_TOO_LONG, "unknown result %d", (int)result);
            fuzz_model_expect(model, FUZZ_MODEL_TOO_LONG, NULL, 0);
        }
        linebuf_fuzz_check_state(lb);
    }
    FUZZ_CHECK(model->count == 0, "linebuf kept back %zu results", model->count);
    FUZZ_CHECK(!linebuf_has_line(lb), "a line is left after draining");
    FUZZ_CHECK(lb->discarding == model->discarding, "discarding %d, model %d", lb->discarding,
               model->discarding);
    FUZZ_CHECK(lb->seen_newline == model->seen_newline, "seen_newline");
    FUZZ_CHECK(lb->after_cr == model->after_cr, "after_cr %d, model %d", lb->after_cr,
               model->after_cr);
    FUZZ_CHECK(linebuf_pending(lb) == (model->discarding ? 0 : model->current_len),
               "pending %zu, model %zu", linebuf_pending(lb), model->current_len);
}

/* Copy bytes in with linebuf_feed or with space+commit; returns how many fitted. */
static size_t linebuf_fuzz_put(struct linebuf *lb, const char *bytes, size_t count, bool use_space)
{
    if (!use_space)
        return linebuf_feed(lb, bytes, count);
    size_t room;
    char *space = linebuf_space(lb, &room);
    FUZZ_CHECK(space != NULL, "out of memory");
    FUZZ_CHECK(space + room == lb->data + lb->cap, "space does not end at the storage's end");
    if (count > room)
        count = room;
    memcpy(space, bytes, count);
    linebuf_commit(lb, count);
    return count;
}

/* Feed all `count` bytes, taking lines whenever the storage is full. */
static void linebuf_fuzz_feed_all(struct linebuf *lb, struct fuzz_model *model, const char *bytes,
                                  size_t count, bool use_space)
{
    while (count > 0) {
        size_t fitted = linebuf_fuzz_put(lb, bytes, count, use_space);
        fuzz_model_bytes(model, bytes, fitted);
        linebuf_fuzz_check_state(lb);
        linebuf_fuzz_drain(lb, model);
        if (fitted == 0) {
            /* With every line taken, room is guaranteed: the next put must fit. */
            fitted = linebuf_fuzz_put(lb, bytes, count, use_space);
            FUZZ_CHECK(fitted > 0, "no room after every line was taken (pending %zu)",
                       linebuf_pending(lb));
            fuzz_model_bytes(model, bytes, fitted);
            linebuf_fuzz_drain(lb, model);
        }
        bytes += fitted;
        count -= fitted;
    }
}

/* A long run of one byte: the only way to reach the 16 KiB and 64 KiB edges. */
static void linebuf_fuzz_feed_run(struct linebuf *lb, struct fuzz_model *model, char byte,
                                  size_t count)
{
    static char chunk[LINEBUF_MIN_CAPACITY];

    memset(chunk, byte, sizeof(chunk));
    while (count > 0) {
        size_t piece = count < sizeof(chunk) ? count : sizeof(chunk);
        linebuf_fuzz_feed_all(lb, model, chunk, piece, false);
        count -= piece;
    }
}

/* One step of the script. */
static void linebuf_fuzz_step(struct linebuf *lb, struct fuzz_model *model,
                              struct fuzz_script *script)
{
    uint8_t operation = fuzz_script_byte(script) % 8;
    const char *bytes, *line, *expected;
    size_t count, len, expected_len;

    switch (operation) {
    case 0: /* feed a chunk, then take the lines */
    case 1: /* the same through linebuf_space + linebuf_commit (what recv() uses) */
        bytes = fuzz_script_bytes(script, fuzz_script_byte(script), &count);
        linebuf_fuzz_feed_all(lb, model, bytes, count, operation == 1);
        break;
    case 2: /* feed without taking lines: the storage may fill up */
        bytes = fuzz_script_bytes(script, fuzz_script_byte(script), &count);
        count = linebuf_feed(lb, bytes, count);
        fuzz_model_bytes(model, bytes, count);
        break;
    case 3:
        linebuf_fuzz_drain(lb, model);
        break;
    case 4: /* silence or close: the unterminated rest becomes a line */
        linebuf_fuzz_drain(lb, model);
        if (linebuf_take_partial(lb, &line, &len)) {
            linebuf_fuzz_check_line(lb, line, len);
            FUZZ_CHECK(fuzz_model_take_partial(model, &expected, &expected_len),
                       "partial line the model does not have");
            FUZZ_CHECK(len == expected_len && (len == 0 || memcmp(line, expected, len) == 0),
                       "partial line of %zu bytes, model %zu", len, expected_len);
        } else {
            FUZZ_CHECK(!fuzz_model_take_partial(model, &expected, &expected_len),
                       "no partial line, the model has %zu bytes", expected_len);
        }
        FUZZ_CHECK(linebuf_pending(lb) == 0, "bytes left after take_partial");
        break;
    case 5:
        linebuf_compact(lb);
        if (lb->data != NULL)
            FUZZ_CHECK(lb->start == 0 && lb->len > 0, "compact left start %zu len %zu", lb->start,
                       lb->len);
        break;
    case 6: { /* a long run of one byte */
        char byte = (char)fuzz_script_byte(script);
        size_t high = fuzz_script_byte(script), low = fuzz_script_byte(script);
        linebuf_fuzz_feed_run(lb, model, byte, ((high << 8) | low) + 16);
        break;
    }
    default: /* look without taking: peek, has_line and count_lines agree */
        if (linebuf_peek(lb, &line, &len)) {
            FUZZ_CHECK(linebuf_has_line(lb) && linebuf_count_lines(lb) > 0, "peek disagrees");
            FUZZ_CHECK(line == lb->data + lb->start, "peek not at the first line");
            FUZZ_CHECK(memchr(line, '\n', len) == NULL && memchr(line, '\r', len) == NULL,
                       "line end inside a peeked line");
        } else {
            FUZZ_CHECK(!linebuf_has_line(lb) && linebuf_count_lines(lb) == 0, "peek disagrees");
        }
        break;
    }
    linebuf_fuzz_check_state(lb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_script script = {data, size, 0};
    size_t max_line = fuzz_max_lines[fuzz_script_byte(&script) % 16];
    struct linebuf lb;
    struct fuzz_model model;

    linebuf_init(&lb, max_line);
    fuzz_model_init(&model, max_line);
    while (!fuzz_script_done(&script))
        linebuf_fuzz_step(&lb, &model, &script);
    linebuf_fuzz_drain(&lb, &model);
    linebuf_compact(&lb);
    linebuf_fuzz_check_state(&lb);
    linebuf_free(&lb);
    fuzz_model_free(&model);
    return 0;
}
