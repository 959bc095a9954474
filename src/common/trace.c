/*
 * trace.c - the trace format's one writer and one reader (docs/trace.md).
 */
#include "trace.h"

#include "clock.h"
#include "fdset.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Room kept under the cap for the final "capped" note. */
#define TRACE_NOTE_ROOM 160

/* ==== Writing ========================================================================= */

static bool trace_queue_line(struct trace_writer *writer, const char *line, size_t len);

static int64_t trace_elapsed_us(const struct trace_writer *writer)
{
    return clock_us() - writer->start_us;
}

/* The first line: what this file is, which version, which program, when (wall clock). */
static bool trace_write_header(struct trace_writer *writer, const char *program)
{
    char date[32] = "";
    time_t now = time(NULL);
    struct tm utc;

    if (gmtime_r(&now, &utc) != NULL)
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &utc);
    json_t *header = json_pack("{s:i, s:s, s:s, s:s, s:i, s:I}", "obrol_trace", TRACE_VERSION,
                               "program", program, "date", date, "clock", "monotonic_us",
                               "bytes_max", TRACE_BYTES_MAX, "cap", (json_int_t)writer->cap);
    char *text = header != NULL ? json_dumps(header, JSON_COMPACT) : NULL;
    bool queued = false;

    if (text != NULL) {
        size_t len = strlen(text);
        text[len] = '\n'; /* json_dumps() gave room for its NUL, which becomes the newline */
        queued = trace_queue_line(writer, text, len + 1);
    }
    free(text);
    json_decref(header);
    return queued;
}

bool trace_writer_open(struct trace_writer *writer, const char *path, const char *program,
                       size_t cap)
{
    memset(writer, 0, sizeof(*writer));
    writer->fd = -1;
    writer->cap = cap > 0 ? cap : TRACE_DEFAULT_CAP;
    writer->start_us = clock_us();
    outq_init(&writer->queue, TRACE_QUEUE_MAX + TRACE_NOTE_ROOM * 2);
    /* O_NONBLOCK for a pipe or a FIFO; a regular file ignores it (a disk does not wait for a
     * reader). A FIFO nobody reads yet is refused (ENXIO), not waited for. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    writer->fd = fd;
    if (!trace_write_header(writer, program)) {
        close(fd);
        writer->fd = -1;
        errno = ENOMEM;
        return false;
    }
    return true;
}

bool trace_writer_active(const struct trace_writer *writer)
{
    return writer->fd >= 0 && writer->error == 0 && !writer->capped;
}

void trace_begin(struct trace_writer *writer, const char *kind)
{
    trace_begin_at(writer, kind, clock_us());
}

void trace_begin_at(struct trace_writer *writer, const char *kind, int64_t mono_us)
{
    int64_t t = mono_us - writer->start_us;

    json_decref(writer->event);
    writer->event = NULL;
    if (!trace_writer_active(writer))
        return;
    writer->n++;
    if (t < writer->last_t)
        t = writer->last_t; /* the reader's promise: time never goes back */
    writer->last_t = t;
    writer->event = json_pack("{s:I, s:I, s:I, s:s}", "n", (json_int_t)writer->n, "t",
                              (json_int_t)t, "turn", (json_int_t)writer->turn, "ev", kind);
}

static void trace_put(struct trace_writer *writer, const char *key, json_t *value)
{
    if (writer->event == NULL || value == NULL) {
        json_decref(value);
        return;
    }
    json_object_set_new(writer->event, key, value);
}

void trace_put_int(struct trace_writer *writer, const char *key, long long value)
{
    if (writer->event != NULL)
        trace_put(writer, key, json_integer((json_int_t)value));
}

void trace_put_bool(struct trace_writer *writer, const char *key, bool value)
{
    if (writer->event != NULL)
        trace_put(writer, key, json_boolean(value));
}

void trace_put_text(struct trace_writer *writer, const char *key, const char *text)
{
    json_t *value;

    if (writer->event == NULL)
        return;
    if ((value = json_string(text)) == NULL) { /* not UTF-8: its other bytes become '?' */
        char safe[TRACE_BYTES_MAX + 1];
        size_t i;
        for (i = 0; i < TRACE_BYTES_MAX && text[i] != '\0'; i++)
            safe[i] = (unsigned char)text[i] < 0x80 ? text[i] : '?';
        value = json_stringn(safe, i);
    }
    trace_put(writer, key, value);
}

/* Bytes as hexadecimal digits, for bytes that are not UTF-8 text. */
static json_t *trace_hex(const char *bytes, size_t count)
{
    static const char digits[] = "0123456789abcdef";
    char hex[TRACE_BYTES_MAX * 2 + 1];

    for (size_t i = 0; i < count; i++) {
        hex[2 * i] = digits[(unsigned char)bytes[i] >> 4];
        hex[2 * i + 1] = digits[(unsigned char)bytes[i] & 15];
    }
    return json_stringn(hex, count * 2);
}

void trace_put_bytes(struct trace_writer *writer, const char *bytes, size_t count)
{
    size_t kept = count < TRACE_BYTES_MAX ? count : TRACE_BYTES_MAX;

    if (writer->event == NULL || count == 0)
        return; /* no bytes: no field */
    /* Text when it is UTF-8 with no NUL (which the reader refuses in text); else hexadecimal. */
    bool textual = memchr(bytes, '\0', kept) == NULL;
    json_t *text = textual ? json_stringn(bytes, kept) : NULL;
    /* Cut inside a UTF-8 character, the text is still text without its last 1 to 3 bytes. */
    for (size_t back = 1; textual && text == NULL && kept < count && back <= 3 && back < kept;
         back++) {
        if ((text = json_stringn(bytes, kept - back)) != NULL)
            kept -= back;
    }
    if (text != NULL)
        trace_put(writer, "bytes", text);
    else
        trace_put(writer, "bytes_hex", trace_hex(bytes, kept));
    if (kept < count)
        trace_put_bool(writer, "cut", true);
}

void trace_put_fds(struct trace_writer *writer, const char *key, const fd_set *set, int max_fd)
{
    json_t *fds = writer->event != NULL ? json_array() : NULL;

    for (int fd = 0; fds != NULL && fd <= max_fd && fd < FD_SETSIZE; fd++) {
        if (FD_ISSET(fd, set))
            json_array_append_new(fds, json_integer(fd));
    }
    trace_put(writer, key, fds);
}

/* A note of the writer's own (no text in it): "capped", "dropped", "end". */
static bool trace_queue_note(struct trace_writer *writer, const char *kind, const char *key,
                             unsigned long long value)
{
    char note[TRACE_NOTE_ROOM];
    int64_t t = trace_elapsed_us(writer);

    if (t < writer->last_t)
        t = writer->last_t;
    int len = snprintf(note, sizeof(note), "{\"n\":%lu,\"t\":%lld,\"turn\":%lu,\"ev\":\"%s\"",
                       ++writer->n, (long long)t, writer->turn, kind);

    if (key != NULL)
        len += snprintf(note + len, sizeof(note) - (size_t)len, ",\"%s\":%llu", key, value);
    len += snprintf(note + len, sizeof(note) - (size_t)len, "}\n");
    if (!outq_push(&writer->queue, note, (size_t)len))
        return false;
    writer->size += (size_t)len;
    return true;
}

/*
 * Queue one whole line, or: past the cap, the final note instead (and nothing
 * after it); with the queue full (a pipe nobody reads), count it as dropped,
 * and say so once the file takes lines again.
 */
static bool trace_queue_line(struct trace_writer *writer, const char *line, size_t len)
{
    if (writer->capped)
        return false;
    if (writer->size + len + TRACE_NOTE_ROOM > writer->cap) {
        writer->capped = true;
        return trace_queue_note(writer, "capped", "cap", writer->cap);
    }
    if (outq_pending(&writer->queue) + len > TRACE_QUEUE_MAX) {
        writer->dropped++;
        return false;
    }
    if (writer->dropped > 0 && trace_queue_note(writer, "dropped", "count", writer->dropped))
        writer->dropped = 0;
    if (!outq_push(&writer->queue, line, len))
        return false;
    writer->size += len;
    return true;
}

void trace_end(struct trace_writer *writer)
{
    char *text = writer->event != NULL ? json_dumps(writer->event, JSON_COMPACT) : NULL;

    json_decref(writer->event);
    writer->event = NULL;
    if (text == NULL)
        return;
    size_t len = strlen(text);
    text[len] = '\n'; /* the NUL's place */
    trace_queue_line(writer, text, len + 1);
    free(text);
}

size_t trace_pending(const struct trace_writer *writer)
{
    return outq_pending(&writer->queue);
}

bool trace_write(struct trace_writer *writer)
{
    if (writer->fd < 0 || writer->error != 0 || trace_pending(writer) == 0)
        return writer->error == 0;
    ssize_t written = outq_write(&writer->queue, writer->fd);
    if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        writer->error = errno; /* a full disk, a reader gone: recording stops here */
        outq_free(&writer->queue);
        return false;
    }
    return true;
}

void trace_watch(const struct trace_writer *writer, fd_set *write_set, int *highest)
{
    if (writer->fd < 0 || writer->error != 0 || trace_pending(writer) == 0 ||
        writer->fd >= FD_SETSIZE)
        return;
    fdset_watch(write_set, writer->fd, highest); /* every FD_SET through fdset_watch() */
}

int trace_writer_close(struct trace_writer *writer, int timeout_ms)
{
    int64_t deadline = clock_ms() + timeout_ms;

    if (writer->fd < 0)
        return 0;
    json_decref(writer->event);
    writer->event = NULL;
    if (!writer->capped)
        trace_queue_note(writer, "end", NULL, 0);
    while (trace_write(writer) && trace_pending(writer) > 0 && clock_ms() < deadline) {
        fd_set set;
        int highest = -1;
        struct timeval wait = {0, 10000};
        FD_ZERO(&set);
        trace_watch(writer, &set, &highest);
        if (highest >= 0 && select(highest + 1, NULL, &set, NULL, &wait) < 0 && errno != EINTR)
            break;
    }
    int error = writer->error;
    if (close(writer->fd) != 0 && error == 0)
        error = errno;
    writer->fd = -1;
    outq_free(&writer->queue);
    return error;
}

/* ==== Reading ========================================================================== */

/* What each field must be: its JSON type and, for numbers, its range. */
struct trace_field {
    const char *key;
    json_type type; /* JSON_TRUE stands for either boolean */
    long long min, max;
};

static const struct trace_field trace_fields[] = {
    {"n", JSON_INTEGER, 1, INT64_MAX},
    {"t", JSON_INTEGER, 0, INT64_MAX},
    {"turn", JSON_INTEGER, 0, INT64_MAX},
    {"ev", JSON_STRING, 0, 0},
    {"fd", JSON_INTEGER, -1, FD_SETSIZE - 1},
    {"listen_fd", JSON_INTEGER, -1, FD_SETSIZE - 1},
    {"max_fd", JSON_INTEGER, -1, FD_SETSIZE - 1},
    {"timeout_ms", JSON_INTEGER, -1, INT32_MAX},
    {"result", JSON_INTEGER, -1, INT64_MAX},
    {"offered", JSON_INTEGER, 0, INT64_MAX},
    {"lines", JSON_INTEGER, 0, INT64_MAX},
    {"complete", JSON_INTEGER, 0, INT64_MAX},
    {"waiting", JSON_INTEGER, 0, INT64_MAX},
    {"len", JSON_INTEGER, 0, INT64_MAX},
    {"count", JSON_INTEGER, 0, INT64_MAX},
    {"tries", JSON_INTEGER, 0, INT32_MAX},
    {"clients", JSON_INTEGER, 0, INT32_MAX},
    {"cap", JSON_INTEGER, 0, INT64_MAX},
    {"errno", JSON_INTEGER, 0, INT32_MAX},
    {"rtt_us", JSON_INTEGER, 0, INT64_MAX},
    {"row", JSON_INTEGER, 0, INT64_MAX},
    {"partner", JSON_INTEGER, 0, INT64_MAX},
    {"fragment", JSON_INTEGER, 0, INT32_MAX},
    {"fragments", JSON_INTEGER, 0, INT32_MAX},
    {"partial", JSON_TRUE, 0, 0},
    {"nick", JSON_STRING, 0, 0},
    {"old", JSON_STRING, 0, 0},
    {"new", JSON_STRING, 0, 0},
    {"address", JSON_STRING, 0, 0},
    {"reason", JSON_STRING, 0, 0},
    {"text", JSON_STRING, 0, 0},
    {"what", JSON_STRING, 0, 0},
    {"bytes", JSON_STRING, 0, 0},
    {"bytes_hex", JSON_STRING, 0, 0},
    {"cut", JSON_TRUE, 0, 0},
    {"peer_closed", JSON_TRUE, 0, 0},
    {"read", JSON_ARRAY, 0, FD_SETSIZE - 1},
    {"write", JSON_ARRAY, 0, FD_SETSIZE - 1},
};

/* The fields each kind of event must have (besides n, t, turn and ev). */
static const struct trace_kind {
    const char *kind;
    const char *required; /* space-separated keys */
} trace_kinds[] = {
    {"listen", "fd address"},
    {"select", "read write max_fd timeout_ms"},
    {"selected", "result read write"},
    {"accept", "listen_fd fd address nick"},
    {"refuse", "fd address reason"},
    {"recv", "fd nick result"},
    {"framing", "fd nick lines complete waiting"},
    {"line", "fd nick len"},
    {"request", "fd nick len"},
    {"flush", "fd nick len"},
    {"send", "fd nick result offered"},
    {"nick", "old new"},
    {"leave", "fd nick reason"},
    {"admit", "fd nick"},
    {"wrong_code", "fd nick address tries"},
    {"stopping", "clients"},
    {"error", "what errno"},
    {"capped", "cap"},
    /* obrol-client's (its flow pane's rows) */
    {"connecting", "row text"},
    {"connected", "row text"},
    {"connect_failed", "row text"},
    {"closed", "row text"},
    {"sent", "row len"},
    {"answer", "row len"},
    {"pushed", "row len"},
    {"fragment", "row len fragment fragments"},
    {"step_send", "row len"},
    {"step_recv", "row len"},
    {"dropped", "count"},
};

static bool trace_fail(char *error, size_t room, size_t line, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* "line N: why" into `error`; always false, for `return trace_fail(...)`. */
static bool trace_fail(char *error, size_t room, size_t line, const char *format, ...)
{
    va_list args;
    int used = snprintf(error, room, "line %zu: ", line);

    va_start(args, format);
    if (used >= 0 && (size_t)used < room)
        vsnprintf(error + used, room - (size_t)used, format, args);
    va_end(args);
    return false;
}

static bool trace_hex_valid(const char *text)
{
    size_t len = strlen(text);

    return len % 2 == 0 && strspn(text, "0123456789abcdefABCDEF") == len;
}

/* One field's value against its rule. */
static bool trace_value_valid(const struct trace_field *field, json_t *value)
{
    size_t index;
    json_t *item;

    switch (field->type) {
    case JSON_INTEGER:
        return json_is_integer(value) && json_integer_value(value) >= field->min &&
               json_integer_value(value) <= field->max;
    case JSON_STRING:
        return json_is_string(value) &&
               (strcmp(field->key, "bytes_hex") != 0 || trace_hex_valid(json_string_value(value)));
    case JSON_TRUE:
        return json_is_boolean(value);
    case JSON_ARRAY:
        if (!json_is_array(value) || json_array_size(value) > FD_SETSIZE)
            return false;
        json_array_foreach(value, index, item) {
            if (!json_is_integer(item) || json_integer_value(item) < field->min ||
                json_integer_value(item) > field->max)
                return false;
        }
        return true;
    default:
        return false;
    }
}

/* Every known field has its type; unknown fields are let be (a later version may add some). */
static bool trace_fields_valid(json_t *event, size_t line, char *error, size_t room)
{
    for (size_t f = 0; f < sizeof(trace_fields) / sizeof(trace_fields[0]); f++) {
        json_t *value = json_object_get(event, trace_fields[f].key);
        if (value != NULL && !trace_value_valid(&trace_fields[f], value))
            return trace_fail(error, room, line, "the field \"%s\" has the wrong type or value",
                              trace_fields[f].key);
    }
    return true;
}

/* The fields its kind needs are there (an unknown kind needs none: it is skipped). */
static bool trace_kind_complete(json_t *event, size_t line, char *error, size_t room)
{
    const char *kind = json_string_value(json_object_get(event, "ev"));

    for (size_t k = 0; k < sizeof(trace_kinds) / sizeof(trace_kinds[0]); k++) {
        if (strcmp(trace_kinds[k].kind, kind) != 0)
            continue;
        char keys[64], *save = NULL;
        snprintf(keys, sizeof(keys), "%s", trace_kinds[k].required);
        for (char *key = strtok_r(keys, " ", &save); key; key = strtok_r(NULL, " ", &save)) {
            if (json_object_get(event, key) == NULL)
                return trace_fail(error, room, line, "a \"%s\" event needs the field \"%s\"",
                                  kind, key);
        }
        return true;
    }
    return true;
}

/* One event line: a JSON object with n (growing), t (never going back), ev, and its fields. */
static json_t *trace_parse_event(const char *text, size_t len, size_t line, const json_t *previous,
                                 char *error, size_t room)
{
    json_error_t why;
    json_t *event = json_loadb(text, len, JSON_REJECT_DUPLICATES, &why);

    if (event == NULL) {
        trace_fail(error, room, line, "not JSON: %s", why.text);
        return NULL;
    }
    bool valid = false;
    if (!json_is_object(event))
        trace_fail(error, room, line, "%s", "an event must be a JSON object");
    else if (!json_is_integer(json_object_get(event, "n")) ||
             !json_is_integer(json_object_get(event, "t")) ||
             !json_is_string(json_object_get(event, "ev")))
        trace_fail(error, room, line, "%s", "an event needs \"n\", \"t\" and \"ev\"");
    else if (trace_fields_valid(event, line, error, room) &&
             trace_kind_complete(event, line, error, room))
        valid = true;
    if (valid && previous != NULL &&
        (json_integer_value(json_object_get(event, "n")) <=
             json_integer_value(json_object_get(previous, "n")) ||
         json_integer_value(json_object_get(event, "t")) <
             json_integer_value(json_object_get(previous, "t"))))
        valid = trace_fail(error, room, line, "%s", "events out of order (\"n\" or \"t\" goes back)");
    if (!valid)
        json_decref(event);
    return valid ? event : NULL;
}

/* Line 1: {"obrol_trace":1,"program":"server"|"client",...}. */
static bool trace_parse_header(struct trace *trace, const char *text, size_t len, char *error,
                               size_t room)
{
    json_error_t why;
    json_t *header = json_loadb(text, len, JSON_REJECT_DUPLICATES, &why);
    json_t *version = json_object_get(header, "obrol_trace"); /* NULL-safe */
    const char *program = json_string_value(json_object_get(header, "program"));

    if (header == NULL)
        return trace_fail(error, room, 1, "not an obrol trace (not JSON: %s)", why.text);
    trace->header = header;
    if (!json_is_object(header) || !json_is_integer(version))
        return trace_fail(error, room, 1, "%s",
                          "not an obrol trace (the first line has no \"obrol_trace\")");
    if (json_integer_value(version) != TRACE_VERSION)
        return trace_fail(error, room, 1, "trace format version %lld; this program reads version %d",
                          (long long)json_integer_value(version), TRACE_VERSION);
    if (program == NULL || (strcmp(program, "server") != 0 && strcmp(program, "client") != 0))
        return trace_fail(error, room, 1, "%s", "\"program\" must be \"server\" or \"client\"");
    snprintf(trace->program, sizeof(trace->program), "%s", program);
    return true;
}

static bool trace_append(struct trace *trace, json_t *event, size_t *capacity)
{
    if (trace->count == *capacity) {
        size_t bigger = *capacity ? *capacity * 2 : 256;
        json_t **grown = realloc(trace->events, bigger * sizeof(*grown));
        if (grown == NULL) {
            json_decref(event);
            return false;
        }
        trace->events = grown;
        *capacity = bigger;
    }
    trace->events[trace->count++] = event;
    return true;
}

/* The next line of data from *at: its start and length (without the newline). False at the end. */
static bool trace_next_line(const char *data, size_t len, size_t *at, const char **start,
                            size_t *line_len, bool *ended)
{
    if (*at >= len)
        return false;
    const char *newline = memchr(data + *at, '\n', len - *at);
    *start = data + *at;
    *line_len = newline != NULL ? (size_t)(newline - *start) : len - *at;
    *ended = newline != NULL;
    *at += *line_len + (newline != NULL);
    return true;
}

static bool trace_parse_lines(struct trace *trace, const char *data, size_t len, char *error,
                              size_t room)
{
    size_t at = 0, line = 0, capacity = 0, line_len;
    const char *start;
    bool ended;

    memset(trace, 0, sizeof(*trace));
    while (trace_next_line(data, len, &at, &start, &line_len, &ended)) {
        line++;
        if (!ended)
            return trace_fail(error, room, line, "%s",
                              "cut short (no newline at its end): the trace is truncated");
        if (line_len > TRACE_LINE_MAX)
            return trace_fail(error, room, line, "longer than %lu bytes", TRACE_LINE_MAX);
        if (line_len == 0)
            return trace_fail(error, room, line, "%s", "empty line");
        if (line == 1) {
            if (!trace_parse_header(trace, start, line_len, error, room))
                return false;
            continue;
        }
        json_t *event = trace_parse_event(start, line_len, line,
                                          trace->count ? trace->events[trace->count - 1] : NULL,
                                          error, room);
        if (event == NULL)
            return false;
        if (!trace_append(trace, event, &capacity))
            return trace_fail(error, room, line, "%s", "out of memory");
    }
    if (line == 0)
        return trace_fail(error, room, 1, "%s", "the file is empty: not an obrol trace");
    return true;
}

bool trace_parse(struct trace *trace, const char *data, size_t len, char *error, size_t room)
{
    if (trace_parse_lines(trace, data, len, error, room))
        return true;
    trace_free(trace); /* a trace is read whole or not at all */
    return false;
}

bool trace_load(struct trace *trace, const char *path, char *error, size_t room)
{
    char why[TRACE_ERROR_MAX];
    FILE *file = fopen(path, "rb");
    char *data = NULL;
    size_t len = 0, capacity = 0, got;

    memset(trace, 0, sizeof(*trace));
    if (file == NULL) {
        snprintf(error, room, "%s: %s", path, strerror(errno));
        return false;
    }
    do {
        if (len == capacity) {
            char *bigger = realloc(data, capacity = capacity ? capacity * 2 : 65536);
            if (bigger == NULL)
                break;
            data = bigger;
        }
        got = fread(data + len, 1, capacity - len, file);
        len += got;
    } while (got > 0);
    bool read_all = feof(file) && !ferror(file);
    fclose(file);
    bool parsed = read_all && trace_parse(trace, data, len, why, sizeof(why));
    if (!read_all)
        snprintf(error, room, "%s: cannot read it whole", path);
    else if (!parsed)
        snprintf(error, room, "%s: %s", path, why);
    free(data);
    return parsed;
}

void trace_free(struct trace *trace)
{
    for (size_t i = 0; i < trace->count; i++)
        json_decref(trace->events[i]);
    free(trace->events);
    json_decref(trace->header);
    memset(trace, 0, sizeof(*trace));
}

/* ---- The fields of a loaded event ------------------------------------------------------- */

static json_t *trace_field(const struct trace *trace, size_t i, const char *key)
{
    return i < trace->count ? json_object_get(trace->events[i], key) : NULL;
}

const char *trace_kind(const struct trace *trace, size_t i)
{
    return trace_text(trace, i, "ev", "");
}

long long trace_int(const struct trace *trace, size_t i, const char *key, long long missing)
{
    json_t *value = trace_field(trace, i, key);

    return json_is_integer(value) ? (long long)json_integer_value(value) : missing;
}

bool trace_bool(const struct trace *trace, size_t i, const char *key)
{
    return json_is_true(trace_field(trace, i, key));
}

const char *trace_text(const struct trace *trace, size_t i, const char *key, const char *missing)
{
    const char *text = json_string_value(trace_field(trace, i, key));

    return text != NULL ? text : missing;
}

static int trace_hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

size_t trace_bytes(const struct trace *trace, size_t i, char *out, size_t room)
{
    json_t *text = trace_field(trace, i, "bytes");
    const char *hex = json_string_value(trace_field(trace, i, "bytes_hex"));
    size_t count = 0;

    if (room == 0)
        return 0;
    if (json_is_string(text)) {
        count = json_string_length(text) < room - 1 ? json_string_length(text) : room - 1;
        memcpy(out, json_string_value(text), count);
    } else if (hex != NULL) {
        for (; hex[2 * count] != '\0' && hex[2 * count + 1] != '\0' && count < room - 1; count++)
            out[count] = (char)(trace_hex_digit(hex[2 * count]) * 16 +
                                trace_hex_digit(hex[2 * count + 1]));
    }
    out[count] = '\0';
    return count;
}

int trace_fds(const struct trace *trace, size_t i, const char *key, fd_set *set)
{
    json_t *fds = trace_field(trace, i, key), *item;
    size_t index;
    int highest = -1;

    FD_ZERO(set);
    json_array_foreach(fds, index, item) {
        json_int_t fd = json_integer_value(item);
        if (fd < 0 || fd >= FD_SETSIZE)
            continue; /* the reader refused these already */
        FD_SET((int)fd, set);
        if (fd > highest)
            highest = (int)fd;
    }
    return highest;
}

const char *trace_header_text(const struct trace *trace, const char *key)
{
    const char *text = json_string_value(json_object_get(trace->header, key));

    return text != NULL ? text : "";
}
