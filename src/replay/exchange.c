/*
 * exchange.c - who talked to whom: the sequence diagram's columns and arrows (pure).
 *
 * A participant is one connection, from accept() to close(): fds are used
 * again after a close, so a participant is found by the fd it holds now. A
 * request is an arrow to the server; every line of a send() is an arrow to
 * the client (what was offered and taken: the bytes of a partial send() that
 * stayed queued appear with the send() that took them).
 */
#include "replay.h"

#include "sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

struct exchange_state {
    struct replay_exchange *exchange;
    size_t capacity_participants, capacity_arrows;
    long holder[FD_SETSIZE]; /* participant holding each fd now, or -1 */
};

static bool exchange_grow(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return true;
    size_t bigger = *capacity ? *capacity * 2 : 16;
    void *grown = realloc(*items, bigger * size);
    if (grown == NULL)
        return false;
    *items = grown;
    *capacity = bigger;
    return true;
}

static bool exchange_join(struct exchange_state *state, int fd, const char *nick)
{
    struct replay_exchange *exchange = state->exchange;

    if (!exchange_grow((void **)&exchange->participants, &state->capacity_participants,
                       exchange->participant_count, sizeof(*exchange->participants)))
        return false;
    struct replay_participant *joined = &exchange->participants[exchange->participant_count];
    joined->fd = fd;
    snprintf(joined->nick, sizeof(joined->nick), "%s", nick);
    if (fd >= 0) /* the client of a client's trace has no fd in it */
        state->holder[fd] = (long)exchange->participant_count;
    exchange->participant_count++;
    return true;
}

static bool exchange_arrow(struct exchange_state *state, enum replay_arrow_kind kind, long who,
                           const struct trace *trace, size_t i, const char *text, size_t len)
{
    struct replay_exchange *exchange = state->exchange;

    if (who < 0)
        return true; /* a connection accepted before the recording began */
    if (!exchange_grow((void **)&exchange->arrows, &state->capacity_arrows, exchange->arrow_count,
                       sizeof(*exchange->arrows)))
        return false;
    struct replay_arrow *arrow = &exchange->arrows[exchange->arrow_count++];
    arrow->kind = kind;
    arrow->participant = (size_t)who;
    arrow->step = (unsigned long)trace_int(trace, i, "n", 0);
    arrow->t_us = trace_int(trace, i, "t", 0);
    bool cut = len > REPLAY_TEXT_MAX / 3 - 1;
    arrow->text[sanitize_text(text, cut ? REPLAY_TEXT_MAX / 3 - 4 : len, arrow->text,
                              REPLAY_TEXT_MAX - 4)] = '\0';
    if (cut)
        strcat(arrow->text, "...");
    return true;
}

/* Every line of what a send() took: one arrow each (a last half line too). */
static bool exchange_sent(struct exchange_state *state, long who, const struct trace *trace,
                          size_t i)
{
    char bytes[TRACE_BYTES_MAX + 1];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes));
    long long sent = trace_int(trace, i, "result", 0);

    if (sent <= 0)
        return true;
    if ((unsigned long long)sent < len)
        len = (size_t)sent;
    for (size_t at = 0; at < len;) {
        const char *newline = memchr(bytes + at, '\n', len - at);
        size_t line_len = newline != NULL ? (size_t)(newline - (bytes + at)) : len - at;
        if (!exchange_arrow(state, REPLAY_TO_CLIENT, who, trace, i, bytes + at, line_len))
            return false;
        at += line_len + 1;
    }
    return true;
}

/* One event: it may add a participant, rename one, or draw arrows (inside the range). */
static bool exchange_event(struct exchange_state *state, const struct trace *trace, size_t i,
                           bool inside)
{
    const char *kind = trace_kind(trace, i);
    int fd = (int)trace_int(trace, i, "fd", -1);
    long who = fd >= 0 ? state->holder[fd] : -1;

    if (fd >= 0 && strcmp(kind, "accept") == 0) {
        if (!exchange_join(state, fd, trace_text(trace, i, "nick", "?")))
            return false;
        who = state->holder[fd];
        return !inside || exchange_arrow(state, REPLAY_CONNECTED, who, trace, i, "", 0);
    }
    if (who >= 0 && trace_text(trace, i, "nick", NULL) != NULL)
        snprintf(state->exchange->participants[who].nick,
                 sizeof(state->exchange->participants[who].nick), "%s",
                 trace_text(trace, i, "nick", "?"));
    if (fd >= 0 && strcmp(kind, "leave") == 0) {
        state->holder[fd] = -1;
        return !inside || exchange_arrow(state, REPLAY_LEFT, who, trace, i, "", 0);
    }
    if (!inside)
        return true;
    if (strcmp(kind, "request") == 0) {
        char bytes[TRACE_BYTES_MAX + 1];
        size_t len = trace_bytes(trace, i, bytes, sizeof(bytes));
        return exchange_arrow(state, REPLAY_TO_SERVER, who, trace, i, bytes, len);
    }
    if (strcmp(kind, "send") == 0)
        return exchange_sent(state, who, trace, i);
    return true;
}

/* A client's trace: one participant, the client itself; its rows are the arrows. */
static bool exchange_client_event(struct exchange_state *state, const struct trace *trace,
                                  size_t i)
{
    const char *kind = trace_kind(trace, i);
    char bytes[TRACE_BYTES_MAX + 1], note[REPLAY_TEXT_MAX];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes));

    if (len > 0 && bytes[len - 1] == '\n')
        len--; /* a line is shown without its newline, as the server's side shows it */
    if (strcmp(kind, "sent") == 0)
        return exchange_arrow(state, REPLAY_TO_SERVER, 0, trace, i, bytes, len);
    if (strcmp(kind, "answer") == 0 || strcmp(kind, "pushed") == 0)
        return exchange_arrow(state, REPLAY_TO_CLIENT, 0, trace, i, bytes, len);
    if (strcmp(kind, "connected") != 0 && strcmp(kind, "closed") != 0)
        return true;
    snprintf(note, sizeof(note), "%s %s", strcmp(kind, "connected") == 0 ? "connect()" : "close()",
             trace_text(trace, i, "text", ""));
    return exchange_arrow(state, strcmp(kind, "connected") == 0 ? REPLAY_CONNECTED : REPLAY_LEFT,
                          0, trace, i, note, strlen(note));
}

bool replay_exchange_build(const struct trace *trace, const struct replay_range *range,
                           struct replay_exchange *exchange)
{
    struct exchange_state *state = calloc(1, sizeof(*state));

    memset(exchange, 0, sizeof(*exchange));
    if (state == NULL)
        return false;
    state->exchange = exchange;
    for (int fd = 0; fd < FD_SETSIZE; fd++)
        state->holder[fd] = -1;
    bool client = strcmp(trace->program, "client") == 0;
    bool built = !client || exchange_join(state, -1, "obrol-client");
    for (size_t i = 0; built && i < trace->count && !replay_after_range(trace, i, range); i++) {
        if (client)
            built = !replay_in_range(trace, i, range) || exchange_client_event(state, trace, i);
        else
            built = exchange_event(state, trace, i, replay_in_range(trace, i, range));
    }
    free(state);
    return built;
}

void replay_exchange_free(struct replay_exchange *exchange)
{
    free(exchange->participants);
    free(exchange->arrows);
    memset(exchange, 0, sizeof(*exchange));
}
