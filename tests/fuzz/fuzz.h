/*
 * fuzz.h - what the fuzz harnesses share.
 *
 * libFuzzer calls LLVMFuzzerTestOneInput() millions of times with bytes it
 * mutates to reach new code. A harness turns those bytes into calls of one
 * module (the "script": which call, how many bytes, what time it is) and checks
 * after every call that the module kept its promises. A broken promise calls
 * fuzz_fail(), which prints why and aborts: libFuzzer then saves the input that
 * did it (build/fuzz/artifacts/), and running the harness on that file
 * replays the failure.
 *
 * Three helpers live here:
 *   - fuzz_script: reads the script out of the input bytes, one piece at a time;
 *   - fuzz_check_safe_text: the promise of sanitize_text() (valid UTF-8, no
 *     control character), used on the server's and the client's output;
 *   - fuzz_model: a byte-at-a-time model of line framing, written as plainly
 *     as possible, that linebuf and incoming must agree with.
 */
#ifndef OBROL_FUZZ_H
#define OBROL_FUZZ_H

#include "sanitize.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Failing ------------------------------------------------------------------ */

/* A promise was broken: say which, and abort so that libFuzzer keeps the input. */
#define fuzz_fail(...)                                                                             \
    do {                                                                                           \
        fprintf(stderr, "fuzz: %s:%d: ", __FILE__, __LINE__);                                      \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

#define FUZZ_CHECK(condition, ...)                                                                 \
    do {                                                                                           \
        if (!(condition))                                                                          \
            fuzz_fail("check failed: " #condition ": " __VA_ARGS__);                               \
    } while (0)

/*
 * The checks themselves are not what is being fuzzed: leaving them out of
 * libFuzzer's coverage keeps it from chasing their branches, and makes the
 * byte-at-a-time model several times faster.
 */
#define FUZZ_ORACLE __attribute__((no_sanitize("coverage"), noinline))

/* ---- Reading the script out of the input --------------------------------------- */

struct fuzz_script {
    const uint8_t *data;
    size_t size;
    size_t at;
};

static inline bool fuzz_script_done(const struct fuzz_script *script)
{
    return script->at >= script->size;
}

/* The next byte of the script (0 once it is used up). */
static inline uint8_t fuzz_script_byte(struct fuzz_script *script)
{
    return fuzz_script_done(script) ? 0 : script->data[script->at++];
}

/* Up to `wanted` bytes of the script: returns where they start, sets *got. */
static inline const char *fuzz_script_bytes(struct fuzz_script *script, size_t wanted, size_t *got)
{
    size_t left = script->size - script->at;
    const char *bytes = (const char *)script->data + script->at;

    *got = wanted < left ? wanted : left;
    script->at += *got;
    return bytes;
}

/* ---- Safe text: what sanitize_text() promises ------------------------------------ */

/*
 * Every byte of `text` must form valid UTF-8 (as sanitize_utf8_decode() judges
 * it), with no C0 control except TAB, no DEL, no C1 control, no bidirectional
 * override, isolate or mark, no line separator and no invisible character
 * (docs/protocol.md, "Sanitising"): nothing a terminal would obey, nothing
 * that hides. (Joiners and tags depend on their neighbours: fuzz_sanitize.c.)
 */
FUZZ_ORACLE static inline void fuzz_check_safe_text(const char *text, size_t len)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;

    while (i < len) {
        unsigned long codepoint;
        size_t length = sanitize_utf8_decode(bytes + i, len - i, &codepoint);

        if (length == 0)
            fuzz_fail("invalid UTF-8 at byte %zu of %zu (0x%02x)", i, len, bytes[i]);
        if ((codepoint < 0x20 && codepoint != '\t') || codepoint == 0x7F)
            fuzz_fail("C0 control or DEL U+%04lX at byte %zu", codepoint, i);
        if (codepoint >= 0x80 && codepoint <= 0x9F)
            fuzz_fail("C1 control U+%04lX at byte %zu", codepoint, i);
        if ((codepoint >= 0x202A && codepoint <= 0x202E) ||
            (codepoint >= 0x2066 && codepoint <= 0x2069) || codepoint == 0x200E ||
            codepoint == 0x200F || codepoint == 0x061C)
            fuzz_fail("bidi control U+%04lX at byte %zu", codepoint, i);
        if (codepoint == 0x200B || codepoint == 0x2028 || codepoint == 0x2029 ||
            (codepoint >= 0x2060 && codepoint <= 0x2064) ||
            (codepoint >= 0x206A && codepoint <= 0x206F) || codepoint == 0xFEFF ||
            codepoint == 0x115F || codepoint == 0x1160 || codepoint == 0x3164 ||
            codepoint == 0xFFA0 || codepoint == 0x180E)
            fuzz_fail("invisible character U+%04lX at byte %zu", codepoint, i);
        i += length;
    }
}

/* ---- A model of line framing ---------------------------------------------------------- */

/*
 * The framing rules of docs/protocol.md ("What a line is"), one byte at a
 * time, with none of linebuf's buffer management: a line ends at LF, at CR, or
 * at CR LF (an LF right after a CR adds no line), a line longer than max_line
 * is reported once (as soon as it can no longer become a line) and discarded
 * up to its line end. What the model says comes out must be exactly what
 * linebuf hands out, in the same order.
 */
enum fuzz_model_result {
    FUZZ_MODEL_LINE,
    FUZZ_MODEL_TOO_LONG,
};

struct fuzz_model_output {
    enum fuzz_model_result result;
    char *text; /* LINE: the line, without LF or CRLF */
    size_t len;
};

struct fuzz_model {
    size_t max_line;
    char *current; /* the line being received (at most max_line + 1 bytes) */
    size_t current_len;
    bool discarding;
    bool seen_newline;
    bool after_cr; /* the last byte was a CR line end: an LF now belongs to it */
    /* What came out and linebuf has not handed out yet: a queue. */
    struct fuzz_model_output *outputs;
    size_t first, count, room;
};

static inline void fuzz_model_init(struct fuzz_model *model, size_t max_line)
{
    memset(model, 0, sizeof(*model));
    model->max_line = max_line;
    model->current = malloc(max_line + 2);
    if (model->current == NULL)
        fuzz_fail("out of memory");
}

static inline void fuzz_model_free(struct fuzz_model *model)
{
    for (size_t i = model->first; i < model->first + model->count; i++)
        free(model->outputs[i].text);
    free(model->outputs);
    free(model->current);
}

FUZZ_ORACLE static inline void fuzz_model_emit(struct fuzz_model *model,
                                               enum fuzz_model_result result, const char *text,
                                               size_t len)
{
    if (model->first > 0 && model->first + model->count == model->room) {
        memmove(model->outputs, model->outputs + model->first,
                model->count * sizeof(model->outputs[0]));
        model->first = 0;
    }
    if (model->count == model->room) {
        model->room = model->room ? model->room * 2 : 16;
        model->outputs = realloc(model->outputs, model->room * sizeof(model->outputs[0]));
        if (model->outputs == NULL)
            fuzz_fail("out of memory");
    }
    struct fuzz_model_output *out = &model->outputs[model->first + model->count++];
    out->result = result;
    out->len = len;
    out->text = NULL; /* an empty line needs no copy (a run of LFs makes thousands) */
    if (len > 0) {
        out->text = malloc(len);
        if (out->text == NULL)
            fuzz_fail("out of memory");
        memcpy(out->text, text, len);
    }
}

/* One byte arrives. */
FUZZ_ORACLE static inline void fuzz_model_byte(struct fuzz_model *model, char byte)
{
    bool lf_of_crlf = byte == '\n' && model->after_cr;

    model->after_cr = false;
    if (lf_of_crlf)
        return;
    if (byte == '\n' || byte == '\r') {
        model->seen_newline = true;
        model->after_cr = byte == '\r';
        if (model->discarding) /* the end of an overlong line: already reported */
            model->discarding = false;
        else
            fuzz_model_emit(model, FUZZ_MODEL_LINE, model->current, model->current_len);
        model->current_len = 0;
        return;
    }
    if (model->discarding)
        return;
    model->current[model->current_len++] = byte;
    /* max_line bytes can still become a line; one byte more cannot. */
    if (model->current_len == model->max_line + 1) {
        fuzz_model_emit(model, FUZZ_MODEL_TOO_LONG, NULL, 0);
        model->discarding = true;
        model->current_len = 0;
    }
}

FUZZ_ORACLE static inline void fuzz_model_bytes(struct fuzz_model *model, const char *bytes,
                                                size_t count)
{
    for (size_t i = 0; i < count; i++)
        fuzz_model_byte(model, bytes[i]);
}

/* The next output must be `result` (and, for a line, these bytes). */
FUZZ_ORACLE static inline void fuzz_model_expect(struct fuzz_model *model,
                                                 enum fuzz_model_result result, const char *text,
                                                 size_t len)
{
    if (model->count == 0)
        fuzz_fail("handed out a %s the model does not have",
                  result == FUZZ_MODEL_LINE ? "line" : "TOO_LONG");
    struct fuzz_model_output *out = &model->outputs[model->first];
    if (out->result != result)
        fuzz_fail("handed out a %s, the model has a %s",
                  result == FUZZ_MODEL_LINE ? "line" : "TOO_LONG",
                  out->result == FUZZ_MODEL_LINE ? "line" : "TOO_LONG");
    if (result == FUZZ_MODEL_LINE &&
        (out->len != len || (len > 0 && memcmp(out->text, text, len) != 0)))
        fuzz_fail("handed out a line of %zu bytes, the model has %zu (or other bytes)", len,
                  out->len);
    free(out->text);
    model->first++;
    model->count--;
}

/*
 * The unterminated rest is taken as a line (after silence, or at close). Returns
 * false when there is none: nothing waits, or the line is being discarded.
 */
FUZZ_ORACLE static inline bool fuzz_model_take_partial(struct fuzz_model *model, const char **text,
                                                       size_t *len)
{
    if (model->discarding || model->current_len == 0)
        return false;
    *text = model->current;
    *len = model->current_len;
    model->current_len = 0;
    return true;
}

#endif
