/*
 * transcript.h - what happened during one check, as a text sequence diagram.
 *
 * Every event is one line: the time since the check began, who sent what to
 * whom, and the bytes (escaped, so that a newline or a broken UTF-8 sequence
 * is visible, and capped, so that 1 MiB does not flood the report):
 *
 *     0.000  A → server   "hel"
 *     0.412  server → B   "MSG guest1 hello\n"
 *     2.000  (C: nothing arrived in 2.0 s)
 *
 * The list is bounded: past TRANSCRIPT_MAX_EVENTS the newest events replace
 * the middle ones ("… N events not shown"), since the beginning says what was
 * tried and the end says how it ended.
 */
#ifndef OBROL_CHECK_TRANSCRIPT_H
#define OBROL_CHECK_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#define TRANSCRIPT_MAX_EVENTS 40
#define TRANSCRIPT_HEAD_EVENTS 28 /* kept from the beginning when it overflows */
#define TRANSCRIPT_MAX_BYTES 60   /* bytes of one event shown before "…" */
#define TRANSCRIPT_LINE_MAX 200

struct transcript {
    int64_t start_ms;
    char lines[TRANSCRIPT_MAX_EVENTS][TRANSCRIPT_LINE_MAX];
    size_t count;   /* lines held */
    size_t omitted; /* events dropped from the middle */
};

void transcript_init(struct transcript *transcript, int64_t start_ms);

/* `from` sent `count` bytes to `to` ("A" → "server", "server" → "B"). */
void transcript_bytes(struct transcript *transcript, int64_t now_ms, const char *from,
                      const char *to, const char *bytes, size_t count);

/* A remark in brackets: "(C: nothing arrived in 2.0 s)". */
void transcript_note(struct transcript *transcript, int64_t now_ms, const char *text);

/*
 * `count` bytes as a C-like string literal in `out`: quotes, \n \r \t \\ \",
 * \xNN for other control bytes and for bytes that are not valid UTF-8, valid
 * UTF-8 kept; cut after `max_bytes` input bytes with "…" and the total.
 */
void transcript_escape(const char *bytes, size_t count, size_t max_bytes, char *out, size_t room);

/* Line `nth` (0: the first shown); the omission marker is its own line. */
size_t transcript_lines(const struct transcript *transcript);
const char *transcript_line(const struct transcript *transcript, size_t nth, char *scratch,
                            size_t room);

#endif
