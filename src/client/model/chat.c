/*
 * chat.c - turn requests, responses and events into messages and flow rows.
 */
#include "model/chat.h"

#include "i18n.h"
#include "sanitize.h"
#include "teach/explain.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool chat_init(struct chat *chat)
{
    memset(chat, 0, sizeof(*chat));
    ring_init(&chat->waiting_ring, FLOW_PENDING_MAX);
    chat->last_rtt_us = -1;
    chat->path.at_ms = -1;
    if (!scrollback_init(&chat->messages))
        return false;
    if (!flow_init(&chat->flow)) {
        scrollback_free(&chat->messages);
        return false;
    }
    return true;
}

/* Take the oldest waiting request off the ring (a response was paired with it, or it is
 * forgotten). Its line, if any, goes with the copy returned. */
static struct chat_waiting chat_pop_waiting(struct chat *chat)
{
    if (ring_count(&chat->waiting_ring) == 0)
        return (struct chat_waiting){.kind = PROTO_REQUEST_UNKNOWN, .quiet = false};
    struct chat_waiting *slot = &chat->waiting[ring_pop(&chat->waiting_ring)];
    struct chat_waiting waiting = *slot;

    memset(&slot->line, 0, sizeof(slot->line));
    return waiting;
}

void chat_free(struct chat *chat)
{
    while (ring_count(&chat->waiting_ring) > 0) {
        struct chat_waiting waiting = chat_pop_waiting(chat);
        scrollback_entry_free(&waiting.line);
    }
    scrollback_free(&chat->messages);
    flow_free(&chat->flow);
}

/* ---- Typed lines and requests ------------------------------------------------ */

void chat_choose_nick(struct chat *chat, const char *nick)
{
    snprintf(chat->chosen, sizeof(chat->chosen), "%s", nick);
}

const char *chat_nick_to_ask(const struct chat *chat)
{
    return chat->chosen[0] != '\0' ? chat->chosen : NULL;
}

/* True when the slice is the word `name`, in any case. */
static bool chat_word_is(struct proto_slice word, const char *name)
{
    return word.len == strlen(name) && strncasecmp(word.text, name, word.len) == 0;
}

enum chat_action chat_command(const char *text, size_t len, char *request, size_t room,
                              size_t *request_len)
{
    struct proto_request parsed;

    *request_len = 0;
    if (room > 0)
        request[0] = '\0';
    proto_parse_request(text, len, &parsed);
    if (parsed.kind == PROTO_REQUEST_EMPTY)
        return CHAT_NOTHING;
    if (parsed.kind == PROTO_REQUEST_UNKNOWN && chat_word_is(parsed.command, "clear"))
        return CHAT_CLEAR;
    if (parsed.kind == PROTO_REQUEST_UNKNOWN && chat_word_is(parsed.command, "reconnect"))
        return CHAT_RECONNECT;
    if (parsed.kind == PROTO_REQUEST_UNKNOWN && chat_word_is(parsed.command, "save")) {
        size_t skip = 1 + parsed.command.len; /* "/save": the rest is the file's name */
        while (skip < len && text[skip] == ' ')
            skip++;
        *request_len = len - skip < room ? len - skip : room - 1;
        memcpy(request, text + skip, *request_len);
        request[*request_len] = '\0';
        return CHAT_SAVE;
    }
    if (parsed.kind == PROTO_REQUEST_UNKNOWN && chat_word_is(parsed.command, "trickle")) {
        size_t skip = 1 + parsed.command.len; /* "/trickle" */
        while (skip < len && text[skip] == ' ')
            skip++;
        text += skip;
        len -= skip;
        if (len >= room)
            len = room - 1;
        memcpy(request, text, len);
        request[len] = '\0';
        *request_len = len;
        return CHAT_TRICKLE;
    }
    if (len >= room)
        len = room - 1;
    memcpy(request, text, len);
    request[len] = '\0';
    *request_len = len;
    if (parsed.kind == PROTO_REQUEST_QUIT)
        return CHAT_QUIT;
    if (parsed.kind == PROTO_REQUEST_HELP)
        return CHAT_HELP;
    return CHAT_SEND;
}

bool chat_request(char *request, const char *command, const char *argument, size_t *len)
{
    int used = snprintf(request, CHAT_REQUEST_MAX, "%s %s", command, argument);

    if (used < 0 || (size_t)used >= CHAT_REQUEST_MAX)
        return false;
    *len = (size_t)used;
    return true;
}

/* Remember the way a message took, for the topology view (`to` NULL: everyone). */
static void chat_set_path(struct chat *chat, const char *from, size_t from_len, const char *to,
                          size_t to_len, int64_t mono_us)
{
    if (from_len > PROTO_NICK_MAX || to_len > PROTO_NICK_MAX)
        return;
    memcpy(chat->path.from, from, from_len);
    chat->path.from[from_len] = '\0';
    if (to != NULL)
        memcpy(chat->path.to, to, to_len);
    chat->path.to[to != NULL ? to_len : 0] = '\0';
    chat->path.at_ms = mono_us / 1000;
}

/* Our own line of a request that got its answer (or never will get one): into the
 * messages, here, in the order the answers came. Accepted, its way is lit in the
 * topology now: this is when the server relayed it. */
static void chat_settle_line(struct chat *chat, struct chat_waiting *waiting,
                             enum scrollback_state state, int64_t mono_us, int64_t wall_ms,
                             struct proto_slice note)
{
    struct scrollback_entry *line = &waiting->line;

    if (line->text == NULL)
        return;
    if (state == SCROLLBACK_SETTLED && line->kind == SCROLLBACK_PRIV_OUT)
        chat_set_path(chat, chat->nick, strlen(chat->nick), line->nick, strlen(line->nick),
                      mono_us);
    else if (state == SCROLLBACK_SETTLED)
        chat_set_path(chat, chat->nick, strlen(chat->nick), NULL, 0, mono_us);
    scrollback_entry_settle(line, state, wall_ms, note.text, note.len);
    scrollback_add_entry(&chat->messages, line);
}

/* Every request still waiting will get no answer: their lines are shown in `state`
 * (unanswered: the connection is gone; settled: the server is not obrol, and took
 * them without a word). */
static void chat_give_up_waiting(struct chat *chat, enum scrollback_state state, int64_t mono_us,
                                 int64_t wall_ms)
{
    struct proto_slice none = {.text = NULL, .len = 0};

    while (ring_count(&chat->waiting_ring) > 0) {
        struct chat_waiting waiting = chat_pop_waiting(chat);
        chat_settle_line(chat, &waiting, state, mono_us, wall_ms, none);
        scrollback_entry_free(&waiting.line); /* settled above, unless memory ran out */
    }
}

/* A new waiting request at the end of the ring. Full: the oldest is forgotten, as the
 * flow forgot its pending request, and its line is shown unanswered. */
static struct chat_waiting *chat_push_waiting(struct chat *chat, enum proto_request_kind kind,
                                              bool quiet, int64_t wall_ms)
{
    struct proto_slice none = {.text = NULL, .len = 0};

    if (ring_full(&chat->waiting_ring)) {
        struct chat_waiting oldest = chat_pop_waiting(chat);
        chat_settle_line(chat, &oldest, SCROLLBACK_UNANSWERED, 0, wall_ms, none);
    }
    struct chat_waiting *waiting = &chat->waiting[ring_push(&chat->waiting_ring)];
    *waiting = (struct chat_waiting){.kind = kind, .quiet = quiet};
    return waiting;
}

/* Our own words in a request (a message, /me, /msg): the line that waits for the
 * server's answer in `waiting` (NULL, to a server that is not obrol: shown, and its
 * way lit, at once). */
static void chat_own_words(struct chat *chat, const struct proto_request *parsed,
                           struct chat_waiting *waiting, int64_t mono_us, int64_t wall_ms)
{
    struct proto_slice nick = {.text = chat->nick, .len = strlen(chat->nick)};
    enum scrollback_kind kind = SCROLLBACK_OWN;

    if (parsed->kind == PROTO_REQUEST_ME) {
        kind = SCROLLBACK_ME;
    } else if (parsed->kind == PROTO_REQUEST_MSG) {
        kind = SCROLLBACK_PRIV_OUT;
        nick = parsed->first; /* to whom */
    } else if (parsed->kind != PROTO_REQUEST_SAY) {
        return;
    }
    if (waiting == NULL) { /* it will never say OK: shown as sent */
        chat_set_path(chat, chat->nick, strlen(chat->nick),
                      kind == SCROLLBACK_PRIV_OUT ? nick.text : NULL,
                      kind == SCROLLBACK_PRIV_OUT ? nick.len : 0, mono_us);
        scrollback_add(&chat->messages, kind, wall_ms, nick.text, nick.len, parsed->text.text,
                       parsed->text.len);
        return;
    }
    /* No memory for the copy: the line is not shown; the flow pane still has it. */
    scrollback_entry_init(&waiting->line, kind, wall_ms, nick.text, nick.len, parsed->text.text,
                          parsed->text.len);
}

void chat_sent(struct chat *chat, const char *line, size_t len, bool quiet, int64_t mono_us,
               int64_t wall_ms)
{
    struct proto_request parsed;
    const struct flow_row *row = flow_add_request(&chat->flow, line, len, mono_us, wall_ms);

    proto_parse_request(line, len, &parsed);
    /* in step with the flow: a server that is not obrol has no request waiting */
    struct chat_waiting *waiting =
        chat->server_is_other ? NULL : chat_push_waiting(chat, parsed.kind, quiet, wall_ms);
    chat_own_words(chat, &parsed, waiting, mono_us, wall_ms);
    if (chat->server_is_other)
        explain_sent_raw(chat->explain, sizeof(chat->explain), row->bytes);
    else
        explain_sent(chat->explain, sizeof(chat->explain), row->bytes);
}

size_t chat_pending_lines(const struct chat *chat)
{
    size_t lines = 0, count = ring_count(&chat->waiting_ring);

    for (size_t i = 0; i < count; i++)
        lines += chat->waiting[ring_slot(&chat->waiting_ring, i)].line.text != NULL;
    return lines;
}

const struct scrollback_entry *chat_pending_line(const struct chat *chat, size_t index)
{
    size_t count = ring_count(&chat->waiting_ring);

    for (size_t i = 0; i < count; i++) {
        const struct scrollback_entry *line =
            &chat->waiting[ring_slot(&chat->waiting_ring, i)].line;
        if (line->text != NULL && index-- == 0)
            return line;
    }
    return NULL;
}

void chat_queued(struct chat *chat, size_t bytes)
{
    explain_queued(chat->explain, sizeof(chat->explain), bytes);
}

/* ---- Received lines ------------------------------------------------------------ */

/* Add an entry whose text is a slice of the received line. */
static void chat_show(struct chat *chat, enum scrollback_kind kind, int64_t wall_ms,
                      struct proto_slice nick, struct proto_slice text)
{
    scrollback_add(&chat->messages, kind, wall_ms, nick.len ? nick.text : NULL, nick.len, text.text,
                   text.len);
}

/* Remember our own nick (from WELCOME, OK nick or a NICK event about us). */
static void chat_set_nick(struct chat *chat, struct proto_slice nick)
{
    if (proto_nick_check(nick.text, nick.len) != PROTO_NICK_OK)
        return;
    memcpy(chat->nick, nick.text, nick.len);
    chat->nick[nick.len] = '\0';
    nicks_add(&chat->nicks, nick.text, nick.len);
}

/* An OK response: most of them were shown when sent; some carry news. */
static void chat_on_ok(struct chat *chat, const struct proto_line *parsed,
                       struct chat_waiting request, int64_t wall_ms)
{
    struct proto_slice none = {.text = NULL, .len = 0};
    char text[128];

    if (chat_word_is(parsed->word, "nick")) {
        chat->who_stale = chat->nick[0] == '\0'; /* our old (guest) name is unknown */
        nicks_remove(&chat->nicks, chat->nick, strlen(chat->nick));
        chat_set_nick(chat, parsed->rest);
        chat_choose_nick(chat, chat->nick); /* kept for the next connection */
        snprintf(text, sizeof(text), _("You are now known as %s"), chat->nick);
        chat_info(chat, SCROLLBACK_INFO, text, wall_ms);
    } else if (chat_word_is(parsed->word, "who")) {
        nicks_set_from_who(&chat->nicks, parsed->rest.text, parsed->rest.len);
        if (!request.quiet) {
            snprintf(text, sizeof(text), _("%zu online:"), chat->nicks.count);
            scrollback_add(&chat->messages, SCROLLBACK_NOTICE, wall_ms, NULL, 0, text,
                           strlen(text));
            chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest);
        }
    } else if (chat_word_is(parsed->word, "ping")) {
        char rtt[32];
        explain_rtt(rtt, sizeof(rtt), chat->last_rtt_us);
        snprintf(text, sizeof(text), _("Pong from the server: round trip %s"), rtt);
        chat_info(chat, SCROLLBACK_INFO, text, wall_ms);
    } else if (chat_word_is(parsed->word, "join")) {
        chat->joined = true;
        chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest);
    } else if (chat_word_is(parsed->word, "pong")) {
        /* the answer to our automatic /pong: nothing to show */
    } else if (chat_word_is(parsed->word, "quit")) {
        chat->quit_answered = true;
        chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest);
    } else if (!chat_word_is(parsed->word, "say") && !chat_word_is(parsed->word, "msg") &&
               !chat_word_is(parsed->word, "me") && !request.quiet) {
        chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest); /* help, unknown */
    }
}

/*
 * The server asks whether we are still here: prepare "/pong TOKEN" for the loop
 * to send. The token is echoed only if it is plain letters and digits.
 */
static void chat_answer_ping(struct chat *chat, struct proto_slice token)
{
    size_t len = token.len <= PROTO_PING_TOKEN_MAX ? token.len : 0;

    for (size_t i = 0; i < len; i++) {
        char c = token.text[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            len = 0;
    }
    int used = snprintf(chat->answer, sizeof(chat->answer), "/pong%s%.*s", len ? " " : "", (int)len,
                        len ? token.text : "");
    assert(used > 0 && (size_t)used < sizeof(chat->answer)); /* room for the longest token */
}

bool chat_take_answer(struct chat *chat, char *line, size_t room)
{
    if (chat->answer[0] == '\0')
        return false;
    snprintf(line, room, "%s", chat->answer);
    chat->answer[0] = '\0';
    return true;
}

bool chat_take_joined(struct chat *chat)
{
    bool joined = chat->joined;

    chat->joined = false;
    return joined;
}

bool chat_take_nick_free(struct chat *chat)
{
    bool nick_free = chat->nick_free;

    chat->nick_free = false;
    return nick_free;
}

bool chat_take_who_stale(struct chat *chat)
{
    bool stale = chat->who_stale;

    chat->who_stale = false;
    return stale;
}

/* Someone left: if it was the nick we chose and we go by another now, it is free again. */
static void chat_note_leave(struct chat *chat, struct proto_slice nick)
{
    size_t chosen = strlen(chat->chosen);

    if (chosen > 0 && proto_nick_equal(nick.text, nick.len, chat->chosen, chosen) &&
        !proto_nick_equal(chat->nick, strlen(chat->nick), chat->chosen, chosen))
        chat->nick_free = true;
}

/* A pushed event: show it and keep the list of nicks up to date. */
static void chat_on_event(struct chat *chat, const struct proto_line *parsed, int64_t mono_us,
                          int64_t wall_ms)
{
    struct proto_slice none = {.text = NULL, .len = 0};

    if (parsed->kind == PROTO_LINE_MSG || parsed->kind == PROTO_LINE_ME)
        chat_set_path(chat, parsed->word.text, parsed->word.len, NULL, 0, mono_us);
    else if (parsed->kind == PROTO_LINE_PRIV)
        chat_set_path(chat, parsed->word.text, parsed->word.len, chat->nick, strlen(chat->nick),
                      mono_us);

    switch (parsed->kind) {
    case PROTO_LINE_WELCOME:
        chat_set_nick(chat, parsed->word);
        chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest);
        break;
    case PROTO_LINE_MSG:
        chat_show(chat, SCROLLBACK_SAY, wall_ms, parsed->word, parsed->rest);
        break;
    case PROTO_LINE_ME:
        chat_show(chat, SCROLLBACK_ME, wall_ms, parsed->word, parsed->rest);
        break;
    case PROTO_LINE_PRIV:
        chat_show(chat, SCROLLBACK_PRIV_IN, wall_ms, parsed->word, parsed->rest);
        break;
    case PROTO_LINE_JOIN:
        nicks_add(&chat->nicks, parsed->word.text, parsed->word.len);
        chat_show(chat, SCROLLBACK_JOIN, wall_ms, parsed->word, none);
        break;
    case PROTO_LINE_LEAVE:
        nicks_remove(&chat->nicks, parsed->word.text, parsed->word.len);
        chat_note_leave(chat, parsed->word);
        chat_show(chat, SCROLLBACK_LEAVE, wall_ms, parsed->word, parsed->rest);
        break;
    case PROTO_LINE_NICK:
        if (proto_nick_equal(parsed->word.text, parsed->word.len, chat->nick, strlen(chat->nick)))
            chat_set_nick(chat, parsed->rest);
        nicks_rename(&chat->nicks, parsed->word.text, parsed->word.len, parsed->rest.text,
                     parsed->rest.len);
        chat_show(chat, SCROLLBACK_NICK, wall_ms, parsed->word, parsed->rest);
        break;
    case PROTO_LINE_NOTICE:
    case PROTO_LINE_BYE:
        chat_show(chat, SCROLLBACK_NOTICE, wall_ms, none, parsed->rest);
        break;
    case PROTO_LINE_PING:
        chat_answer_ping(chat, parsed->word);
        break;
    default:
        chat_show(chat, SCROLLBACK_SERVER, wall_ms, none, parsed->rest);
        break;
    }
}

/* A nick from a received line, safe to print in the explain line. */
static void chat_safe_nick(struct proto_slice nick, char *out, size_t room)
{
    size_t used = sanitize_text(nick.text, nick.len < PROTO_NICK_MAX ? nick.len : PROTO_NICK_MAX,
                                out, room - 1);
    out[used] = '\0';
}

/* What the server says about the request it answered (or a pushed event): shown. */
static void chat_show_received(struct chat *chat, const struct proto_line *parsed,
                               struct chat_waiting *request, int64_t mono_us, int64_t wall_ms)
{
    struct proto_slice none = {.text = NULL, .len = 0};

    if (parsed->kind == PROTO_LINE_ERR && request->line.text != NULL) {
        chat_settle_line(chat, request, SCROLLBACK_REFUSED, mono_us, wall_ms, parsed->rest);
        return; /* the line itself says it was refused, and why */
    }
    /* OK; or a line that is not obrol's answered it: the server took it, shown as sent */
    chat_settle_line(chat, request, SCROLLBACK_SETTLED, mono_us, wall_ms, none);
    if (parsed->kind == PROTO_LINE_OK)
        chat_on_ok(chat, parsed, *request, wall_ms);
    else if (parsed->kind == PROTO_LINE_ERR)
        chat_show(chat, SCROLLBACK_ERROR, wall_ms, none, parsed->rest);
    else
        chat_on_event(chat, parsed, mono_us, wall_ms);
}

/* The explain line for a received line and its flow row. */
static void chat_explain_received(struct chat *chat, const struct proto_line *parsed,
                                  const struct flow_row *row, size_t len, bool partial, bool closed)
{
    if (partial) {
        explain_partial(chat->explain, sizeof(chat->explain), len, closed);
    } else if (parsed->kind == PROTO_LINE_ERR) {
        explain_error(chat->explain, sizeof(chat->explain), row->bytes);
    } else if (row->kind == FLOW_RESPONSE && row->paired) {
        explain_response(chat->explain, sizeof(chat->explain), row->bytes, row->rtt_us,
                         row->own_wait_us, row->own_wait & FLOW_WAIT_TRICKLE,
                         row->own_wait & FLOW_WAIT_STEP);
    } else if (row->kind == FLOW_RESPONSE) {
        explain_unpaired(chat->explain, sizeof(chat->explain), row->bytes);
    } else if (parsed->kind == PROTO_LINE_LEAVE) {
        char nick[PROTO_NICK_MAX * 3 + 1], reason[SANITIZE_MAX_OUTPUT(CHAT_REASON_MAX) + 1];
        chat_safe_nick(parsed->word, nick, sizeof(nick));
        size_t used =
            sanitize_text(parsed->rest.text,
                          parsed->rest.len < CHAT_REASON_MAX ? parsed->rest.len : CHAT_REASON_MAX,
                          reason, sizeof(reason) - 1);
        reason[used] = '\0';
        explain_leave(chat->explain, sizeof(chat->explain), nick, reason, row->bytes);
    } else {
        char nick[PROTO_NICK_MAX * 3 + 1];
        chat_safe_nick(parsed->word, nick, sizeof(nick));
        explain_event(chat->explain, sizeof(chat->explain), parsed->kind, nick, row->bytes);
    }
}

/*
 * What the server is, learnt from its lines: obrol once a line of obrol's protocol
 * came; not obrol when a line that is not came first. Found not obrol, it will never
 * answer: the requests waiting are given up, their words shown as sent.
 */
static void chat_learn_server(struct chat *chat, const struct proto_line *parsed, bool partial,
                              int64_t mono_us, int64_t wall_ms)
{
    if (chat->server_is_other)
        return;
    if (parsed->kind != PROTO_LINE_OTHER && !partial) {
        chat->server_is_obrol = true;
    } else if (parsed->kind == PROTO_LINE_OTHER && !chat->server_is_obrol) {
        chat->server_is_other = true; /* e.g. a student's relay, the lesson's reply */
        flow_set_raw(&chat->flow, true);
        chat_give_up_waiting(chat, SCROLLBACK_SETTLED, mono_us, wall_ms);
    }
}

/* How the flow should take a line: raw when it is not obrol's, or the server is not. */
static enum flow_class chat_classify(const struct chat *chat, const struct proto_line *parsed)
{
    if (chat->server_is_other || parsed->kind == PROTO_LINE_OTHER)
        return FLOW_AS_RAW;
    return proto_line_is_response(parsed->kind) ? FLOW_AS_RESPONSE : FLOW_AS_EVENT;
}

void chat_received(struct chat *chat, const char *line, size_t len, bool partial, bool closed,
                   int64_t mono_us, int64_t wall_ms)
{
    struct proto_line parsed;

    proto_parse_line(line, len, &parsed);
    chat_learn_server(chat, &parsed, partial, mono_us, wall_ms);
    const struct flow_row *row = flow_add_received(&chat->flow, chat_classify(chat, &parsed), line,
                                                   len, partial, mono_us, wall_ms);
    if (row->kind == FLOW_SERVER_SENT) { /* as it came, answering nothing */
        scrollback_add(&chat->messages, SCROLLBACK_SERVER, wall_ms, NULL, 0, line, len);
        if (partial)
            explain_partial(chat->explain, sizeof(chat->explain), len, closed);
        else
            explain_server_sent(chat->explain, sizeof(chat->explain), row->bytes);
        return;
    }
    struct chat_waiting request = {.kind = PROTO_REQUEST_UNKNOWN, .quiet = false};
    if (row->kind == FLOW_RESPONSE && row->paired) {
        request = chat_pop_waiting(chat);
        chat->last_rtt_us = row->rtt_us;
        chat->last_rtt_own = row->own_wait;
    }
    chat_show_received(chat, &parsed, &request, mono_us, wall_ms);
    scrollback_entry_free(&request.line); /* settled above, unless memory ran out */
    chat_explain_received(chat, &parsed, row, len, partial, closed);
}

void chat_tick(struct chat *chat, int64_t mono_us)
{
    if (flow_mark_overdue(&chat->flow, mono_us, (int64_t)CHAT_NO_ANSWER_MS * 1000) > 0)
        explain_no_answer(chat->explain, sizeof(chat->explain), CHAT_NO_ANSWER_MS / 1000,
                          chat->server_is_obrol);
}

int64_t chat_due_us(const struct chat *chat)
{
    return flow_overdue_due_us(&chat->flow, (int64_t)CHAT_NO_ANSWER_MS * 1000);
}

/* ---- The connection's life -------------------------------------------------------- */

void chat_connecting(struct chat *chat, const char *address, int64_t mono_us, int64_t wall_ms)
{
    flow_add_note(&chat->flow, FLOW_CONNECTING, address, mono_us, wall_ms);
    chat_give_up_waiting(chat, SCROLLBACK_UNANSWERED, mono_us, wall_ms);
    if (chat->attempts++ == 0)
        explain_connecting(chat->explain, sizeof(chat->explain), address);
    else
        explain_reconnect(chat->explain, sizeof(chat->explain), address);
}

void chat_connected(struct chat *chat, const char *address, int64_t mono_us, int64_t wall_ms)
{
    char text[160];

    flow_add_note(&chat->flow, FLOW_CONNECTED, address, mono_us, wall_ms);
    chat->server_is_obrol = false; /* not known until it says something */
    chat->server_is_other = false;
    chat->nick[0] = '\0'; /* a new connection: the server names us anew (WELCOME, OK nick) */
    snprintf(text, sizeof(text), _("Connected to %s"), address);
    chat_info(chat, SCROLLBACK_INFO, text, wall_ms);
    explain_connected(chat->explain, sizeof(chat->explain), address);
}

void chat_connect_failed(struct chat *chat, const char *address, const char *error,
                         unsigned retry_seconds, int64_t mono_us, int64_t wall_ms)
{
    char text[400];

    flow_add_note(&chat->flow, FLOW_CONNECT_FAILED, error, mono_us, wall_ms);
    snprintf(text, sizeof(text), _("Cannot connect to %s: %s (retrying in %u s)"), address, error,
             retry_seconds);
    chat_info(chat, SCROLLBACK_ERROR, text, wall_ms);
    explain_connect_failed(chat->explain, sizeof(chat->explain), address, error, retry_seconds);
}

/* The connection is gone: its waiting requests will get no answer, and who was here
 * will be asked again. */
static void chat_connection_ended(struct chat *chat, const char *note, int64_t mono_us,
                                  int64_t wall_ms)
{
    flow_add_note(&chat->flow, FLOW_CLOSED, note, mono_us, wall_ms);
    chat_give_up_waiting(chat, SCROLLBACK_UNANSWERED, mono_us, wall_ms);
    nicks_clear(&chat->nicks);
}

void chat_reconnect_asked(struct chat *chat, int64_t mono_us, int64_t wall_ms)
{
    chat_connection_ended(chat, _("closed by us: /reconnect"), mono_us, wall_ms);
    chat_info(chat, SCROLLBACK_INFO, _("Reconnecting (you asked with /reconnect)"), wall_ms);
    explain_closed_by_us(chat->explain, sizeof(chat->explain));
}

void chat_closed(struct chat *chat, const char *reason, unsigned retry_seconds, int64_t mono_us,
                 int64_t wall_ms)
{
    char text[400];

    chat_connection_ended(chat, reason, mono_us, wall_ms);
    if (retry_seconds > 0) {
        snprintf(text, sizeof(text), _("Disconnected: %s (reconnecting in %u s)"), reason,
                 retry_seconds);
        explain_closed(chat->explain, sizeof(chat->explain), reason, retry_seconds);
    } else {
        snprintf(text, sizeof(text), _("Disconnected: %s"), reason);
        explain_closed_leaving(chat->explain, sizeof(chat->explain), reason);
    }
    chat_info(chat, SCROLLBACK_ERROR, text, wall_ms);
}

/* ---- Teaching mode: /trickle and step mode ------------------------------------------ */

void chat_trickle_started(struct chat *chat, unsigned fragments)
{
    size_t count = flow_count(&chat->flow);

    if (count > 0)
        flow_set_fragments(&chat->flow, flow_row(&chat->flow, count - 1)->number, fragments);
}

void chat_fragment(struct chat *chat, const char *bytes, size_t len, unsigned fragment,
                   unsigned fragments, int64_t mono_us, int64_t wall_ms)
{
    flow_add_fragment(&chat->flow, bytes, len, fragment, fragments, mono_us, wall_ms);
    explain_fragment(chat->explain, sizeof(chat->explain), len, fragment, fragments);
}

unsigned long chat_step_send(struct chat *chat, const char *line, size_t len, int64_t mono_us,
                             int64_t wall_ms)
{
    const struct flow_row *row =
        flow_add_step(&chat->flow, FLOW_STEP_SEND, line, len, mono_us, wall_ms);

    explain_step_send(chat->explain, sizeof(chat->explain), row->bytes);
    return row->number;
}

unsigned long chat_step_recv(struct chat *chat, const char *bytes, size_t len, int64_t mono_us,
                             int64_t wall_ms)
{
    const struct flow_row *row =
        flow_add_step(&chat->flow, FLOW_STEP_RECV, bytes, len, mono_us, wall_ms);

    explain_step_recv(chat->explain, sizeof(chat->explain), len);
    return row->number;
}

void chat_step_settle(struct chat *chat, unsigned long row, bool taken)
{
    const struct flow_row *step = flow_find(&chat->flow, row);

    flow_step_settle(&chat->flow, row, taken ? FLOW_STEP_TAKEN : FLOW_STEP_DROPPED);
    if (taken && step != NULL && step->kind == FLOW_STEP_RECV)
        flow_hold(&chat->flow, step->mono_us); /* received then, framed now */
}

void chat_step_framed(struct chat *chat)
{
    flow_hold(&chat->flow, -1);
}

void chat_partial_recv(struct chat *chat, size_t bytes)
{
    explain_partial_recv(chat->explain, sizeof(chat->explain), bytes);
}

void chat_info(struct chat *chat, enum scrollback_kind kind, const char *text, int64_t wall_ms)
{
    scrollback_add(&chat->messages, kind, wall_ms, NULL, 0, text, strlen(text));
}

void chat_help(struct chat *chat, int64_t wall_ms)
{
    static const char *const lines[] = {
        N_("Client and server: the server provides a service and waits for requests, for many "
           "clients at once."),
        N_("This client connects to it, sends your lines as requests, and shows the server's "
           "responses (OK, ERR)"),
        N_("and the events it pushes (MSG, JOIN, ...). The flow pane shows every one of them, "
           "with its bytes."),
        N_("Keys: Enter send | Up/Down history | Tab complete a nick | PgUp/PgDn scroll, End back"),
        N_("Keys: Left/Right Home/End C-a C-e | C-u C-k C-w delete | Backspace Delete"),
        N_("Keys: F1 help | F2 show/hide the flow pane | F3 topology | F4 inspect flow rows "
           "(Up/Down select, Left/Right scroll the bytes, Esc)"),
        N_("Step mode: F5 on/off | Space or Enter on an empty line (or F6): next step | "
           "+/- on an empty line: slow motion"),
        N_("Commands: /nick NAME  /who  /msg NICK TEXT  /me ACTION  /ping [TOKEN]  /join CODE  "
           "/quit [REASON]  /help"),
        N_("Client commands: /clear (empty this pane)  /reconnect (connect again now)  "
           "/save FILE (the flow pane, for obrol-replay)"),
        N_("/trickle [-s BYTES] [-p MS] TEXT: send TEXT in pieces of 3 bytes, 300 ms apart"),
    };

    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        chat_info(chat, SCROLLBACK_INFO, _(lines[i]), wall_ms);
}
