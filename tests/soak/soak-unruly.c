/*
 * soak-unruly.c - the 200 clients and their behaviours.
 *
 * Each of the 200 slots lives one session after another: it picks a behaviour
 * at random, connects, behaves, ends (politely or not), waits a moment and
 * starts again. A behaviour is a small state machine driven by two things: the
 * lines the server sends (responses and events) and a timer (next_us). Every
 * session has a hard end (end_us), so no slot can hang.
 *
 *   chat          /nick w<session>, numbered messages at a human pace (some in
 *                 bursts, some dribbled in two pieces), /who and /ping now and
 *                 then; /quit or just close at the end
 *   quit          connect, maybe wait for WELCOME, /quit, expect OK quit and EOF
 *   vanish-close  a few messages or none, half a line without LF, close()
 *   vanish-reset  the same, ended by SO_LINGER 0: the server gets RST
 *   flood         many numbered messages as fast as the socket takes them
 *   stop-reading  a tiny SO_RCVBUF, never recv(), and requests whose answers
 *                 fill its own queue: the server must drop it at --max-queue
 *   junk          random bytes, escape sequences, invalid UTF-8, overlong
 *                 lines; then /ping, which must still be answered
 *
 * Messages of chat, flood and vanishing clients go through the ledger: their
 * "OK say" responses say which ones the observers must receive.
 */
#include "soak.h"

#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Settings ------------------------------------------------------------------ */

/* How often each behaviour is picked, in percent. */
static const unsigned soak_weights[KIND_COUNT] = {
    [KIND_CHAT] = 30,  [KIND_QUIT] = 10,        [KIND_VANISH_CLOSE] = 8, [KIND_VANISH_RESET] = 7,
    [KIND_FLOOD] = 10, [KIND_STOP_READING] = 5, [KIND_JUNK] = 30,
};

static const char *const soak_kind_names[KIND_COUNT] = {
    "chat", "quit", "vanish-close", "vanish-reset", "flood", "stop-reading", "junk",
};

/* A stop-reading client that is still connected after this long fails the run. */
#define SOAK_STOP_TIMEOUT_US (90 * 1000000LL)
/* A /quit must be answered (OK quit, then EOF) within this time. */
#define SOAK_QUIT_TIMEOUT_US (10 * 1000000LL)
/* The /ping after a junk session must be answered within this time. */
#define SOAK_JUNK_TIMEOUT_US (40 * 1000000LL)
#define SOAK_CONNECT_TIMEOUT_US (5 * 1000000LL)
/* Longest junk line (past the server's 16 KiB input buffer). */
#define SOAK_JUNK_MAX 40000

enum soak_phase {
    PHASE_IDLE,       /* between sessions */
    PHASE_CONNECTING, /* connect() in progress */
    PHASE_ACTIVE,     /* behaving */
    PHASE_QUITTING,   /* /quit sent: waiting for OK quit and EOF */
    PHASE_WAIT_DROP,  /* stop-reading: waiting for the server to drop us */
};

struct soak_client {
    struct soak_conn conn;
    enum soak_kind kind;
    enum soak_phase phase;
    uint32_t session;
    char nick[24];
    bool named;      /* "OK nick" came back */
    unsigned stage;  /* where a behaviour is in its script */
    int64_t next_us; /* the next timed step */
    int64_t end_us;  /* the session ends by then, whatever happens */
    int64_t started_us, first_send_us;
    unsigned to_send; /* messages, flood lines or junk lines still to send */
    uint32_t seq;     /* the last message number used */
    unsigned acked;   /* "OK say" received */
    unsigned burst;   /* chat: messages sent at once */
    bool dribble;     /* chat: each message in two pieces */
    char rest[512];   /* chat: the second piece, sent a little later */
    size_t rest_len;
    bool with_nick; /* vanish: took a nick and said things first */
    bool got_ok_quit;
    bool dropped;       /* stop-reading: the prober saw our LEAVE */
    bool ping_answered; /* junk: the final /ping came back */
    unsigned overlong_sent, err_line_seen;
};

struct soak_unruly {
    struct soak_client *clients;
    uint32_t next_session;
    char *junk; /* one junk line at a time */
};

/* ---- Sending --------------------------------------------------------------------- */

/* Queue bytes for the server; false if the connection is closed or its queue full. */
static bool soak_send(struct soak_run *run, struct soak_client *client, const char *bytes,
                      size_t len)
{
    if (!soak_conn_send(&client->conn, bytes, len))
        return false;
    run->bytes_sent += len;
    for (size_t i = 0; i < len; i++)
        run->lines_sent += bytes[i] == '\n';
    return true;
}

/* Send a request line (with LF) whose response we will wait for. */
static void soak_request(struct soak_run *run, struct soak_client *client, enum soak_verb verb,
                         const char *line)
{
    if (!soak_ring_push(&client->conn, verb, 0))
        return;
    soak_send(run, client, line, strlen(line));
}

/* The next numbered message of this sender, through the ledger. */
static bool soak_say(struct soak_run *run, struct soak_client *client, int64_t now_us, bool dribble)
{
    char line[512];
    uint32_t gid;

    if (client->conn.ring_count >= SOAK_RING)
        return false;
    size_t len =
        soak_ledger_compose(&run->ledger, client->session, client->seq + 1, now_us, line, &gid);
    if (len == 0)
        return false;
    client->seq++;
    soak_ring_push(&client->conn, VERB_SAY, gid);
    if (client->first_send_us == 0)
        client->first_send_us = now_us;
    if (dribble && len > 8) { /* the server must wait for the rest of the line */
        size_t cut = soak_between(1, (unsigned)len - 2);
        memcpy(client->rest, line + cut, len - cut);
        client->rest_len = len - cut;
        len = cut;
    }
    soak_send(run, client, line, len);
    return true;
}

/* ---- Junk ----------------------------------------------------------------------------- */

static const char *const soak_escapes[] = {
    "\x1b[2J\x1b[H",
    "\x1b]52;c;b2Jyb2w=\x07",
    "\x1b[31mmerah\x1b[0m",
    "\xc2\x9b"
    "2J",
    "\x9b"
    "31m",
    "\xe2\x80\xae"
    "olleh",
    "\xe2\x81\xa6"
    "isolate",
    "\x1bP+q\x1b\\",
    "\x1b]0;title\x07",
    "\x1b[6n",
    "\x1b[?1049h",
    "\x1b"
    "c",
};
static const char *const soak_bad_utf8[] = {
    "\xc0\xaf", "\xe0\x80\xaf",         "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80\xbf", "\xe2\x82",
    "\xff\xfe", "\xf8\x88\x80\x80\x80", "\xc3",         "\xef\xbf",
};
static const char *const soak_commands[] = {
    "/nick \x1b[2J",
    "/nick server",
    "/NICK Admin",
    "/nick ",
    "/nick a b c",
    "/nick xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "/msg",
    "/msg nobody-here hi",
    "/msg \xff\xfe hi",
    "/me",
    "/me \x1b]0;pwn\x07",
    "/who extra args",
    "/ping \x1b[2J",
    "/help",
    "//\x1b[2J",
    "/\x1b",
    "/unknowncmd",
    "/",
    "/nick probe",
    "/msg probe \x1b[2Jhi",
    "/MSG   probe   spaces",
    "/me \xc2\x9b"
    "31m",
};
#define SOAK_COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Append strings picked from `list` until about `want` bytes; returns the new length. */
static size_t soak_append_from(char *out, size_t used, size_t want, const char *const *list,
                               size_t count)
{
    while (used < want) {
        const char *piece = list[soak_random() % count];
        size_t len = strlen(piece);
        memcpy(out + used, piece, len);
        used += len;
        if (soak_chance(40))
            out[used++] = ' ';
    }
    return used;
}

/* One bad input line of the given kind, ending in LF. */
static size_t soak_junk_line(enum soak_junk kind, char *out)
{
    static const char *const controls[] = {
        "a\0b",
        "fake\rMSG server you are hacked",
        "\x7f\x7f",
        "tab\there",
        "\b\b\bbackspace",
        "\abell",
        "\x01\x02\x03",
        "\x1f",
    };
    static const size_t control_len[] = {3, 31, 2, 8, 12, 5, 3, 1};
    static const char *const empties[] = {"", "\r", "   ", "\t"};
    size_t used = 0;

    switch (kind) {
    case JUNK_RANDOM:
        used = soak_between(1, 200);
        for (size_t i = 0; i < used; i++) {
            char c = (char)(soak_random() & 0xff);
            out[i] = c == '\n' ? 'n' : c == '\r' ? 'r' : c; /* one line: a CR ends one too */
        }
        if (out[0] == '/')
            out[0] = '_'; /* a random command could be /quit */
        break;
    case JUNK_ESCAPE:
        used = soak_append_from(out, 0, soak_between(1, 120), soak_escapes,
                                SOAK_COUNT_OF(soak_escapes));
        break;
    case JUNK_UTF8:
        used = soak_append_from(out, 0, soak_between(1, 80), soak_bad_utf8,
                                SOAK_COUNT_OF(soak_bad_utf8));
        break;
    case JUNK_CONTROL: {
        size_t pick = soak_random() % SOAK_COUNT_OF(controls);
        memcpy(out, controls[pick], control_len[pick]);
        used = control_len[pick];
        if (soak_chance(30))
            out[used++] = '\r'; /* and a bare CR before the LF */
        break;
    }
    case JUNK_EXACT:
        used = SOAK_SERVER_MAX_LINE;
        memset(out, 'a', used);
        if (soak_chance(50))
            out[used++] = '\r'; /* CRLF: the CR does not count */
        break;
    case JUNK_OVERLONG:
        used = soak_chance(30) ? soak_between(16385, SOAK_JUNK_MAX)
                               : soak_between(SOAK_SERVER_MAX_LINE + 1, 4000);
        for (size_t i = 0; i < used; i++)
            out[i] = (char)('a' + soak_random() % 26);
        break;
    case JUNK_COMMAND: {
        const char *command = soak_commands[soak_random() % SOAK_COUNT_OF(soak_commands)];
        used = strlen(command);
        memcpy(out, command, used);
        break;
    }
    case JUNK_EMPTY:
    case JUNK_COUNT: {
        const char *empty = empties[soak_random() % SOAK_COUNT_OF(empties)];
        used = strlen(empty);
        memcpy(out, empty, used);
        break;
    }
    }
    out[used++] = '\n';
    return used;
}

/* ---- Starting and ending sessions ---------------------------------------------------------- */

static enum soak_kind soak_pick_kind(void)
{
    unsigned roll = (unsigned)(soak_random() % 100);

    for (int kind = 0; kind < KIND_COUNT; kind++) {
        if (roll < soak_weights[kind])
            return (enum soak_kind)kind;
        roll -= soak_weights[kind];
    }
    return KIND_CHAT;
}

/* The session is over: close (gently or with RST) and rest a moment. */
static void soak_end(struct soak_client *client, bool reset, int64_t now_us)
{
    soak_conn_close(&client->conn, reset);
    client->phase = PHASE_IDLE;
    client->next_us = now_us + soak_between(0, 2000) * 1000LL;
}

static void soak_start(struct soak_run *run, struct soak_unruly *unruly, struct soak_client *client,
                       int64_t now_us)
{
    enum soak_kind kind = soak_pick_kind();
    int rcvbuf = kind == KIND_STOP_READING ? SOAK_SMALL_RCVBUF : 0;

    if (soak_conn_start(&client->conn, run->port, rcvbuf) != 0) {
        perror("obrol-soak: connect()");
        run->connect_failures++;
        client->next_us = now_us + 1000000;
        return;
    }
    struct soak_conn conn = client->conn; /* keep the socket and buffers, reset the rest */
    memset(client, 0, sizeof(*client));
    client->conn = conn;
    client->kind = kind;
    client->phase = PHASE_CONNECTING;
    client->session = ++unruly->next_session;
    client->started_us = now_us;
    client->next_us = now_us;
    client->end_us = now_us + SOAK_CONNECT_TIMEOUT_US;
    run->sessions[kind]++;
    run->connects++;
}

/* ---- Connected: each behaviour's first move ----------------------------------------------------
 */

static void soak_begin(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    client->phase = PHASE_ACTIVE;
    client->next_us = now_us;
    switch (client->kind) {
    case KIND_CHAT:
        snprintf(client->nick, sizeof(client->nick), "w%u", (unsigned)client->session);
        client->to_send = soak_between(5, 40);
        client->burst = soak_chance(20) ? soak_between(2, 6) : 1;
        client->dribble = soak_chance(20);
        client->end_us = now_us + 60 * 1000000LL;
        break;
    case KIND_QUIT:
        client->stage = soak_chance(50) ? 0 : 1; /* 0: wait for WELCOME first */
        client->end_us = now_us + SOAK_QUIT_TIMEOUT_US;
        break;
    case KIND_VANISH_CLOSE:
    case KIND_VANISH_RESET:
        client->with_nick = soak_chance(60);
        if (client->with_nick)
            snprintf(client->nick, sizeof(client->nick), "w%u", (unsigned)client->session);
        client->to_send = client->with_nick ? soak_between(0, 5) : 0;
        client->end_us = now_us + 20 * 1000000LL;
        break;
    case KIND_FLOOD:
        snprintf(client->nick, sizeof(client->nick), "w%u", (unsigned)client->session);
        client->to_send = run->rate > 0 ? soak_between(40, 300) : soak_between(100, 1000);
        client->end_us = now_us + soak_between(8, 20) * 1000000LL;
        break;
    case KIND_STOP_READING:
        snprintf(client->nick, sizeof(client->nick), "s%u", (unsigned)client->session);
        client->conn.reading = false;
        client->phase = PHASE_WAIT_DROP;
        client->end_us = now_us + SOAK_STOP_TIMEOUT_US;
        break;
    case KIND_JUNK:
        if (soak_chance(50))
            snprintf(client->nick, sizeof(client->nick), "j%u", (unsigned)client->session);
        client->to_send = soak_between(5, 25);
        client->end_us = now_us + SOAK_JUNK_TIMEOUT_US;
        break;
    case KIND_COUNT:
        break;
    }
    if (client->nick[0] != '\0') {
        char line[64];
        snprintf(line, sizeof(line), "/nick %s\n", client->nick);
        if (client->kind == KIND_JUNK || client->kind == KIND_STOP_READING)
            soak_send(run, client, line, strlen(line)); /* no response bookkeeping */
        else
            soak_request(run, client, VERB_NICK, line);
    } else {
        client->named = true;
    }
}

/* ---- Lines from the server ------------------------------------------------------------------ */

static bool soak_word_is(const struct proto_line *parsed, const char *word)
{
    size_t len = strlen(word);
    return parsed->word.len == len && memcmp(parsed->word.text, word, len) == 0;
}

/* "OK who a b c" contains the asker's nick. */
static bool soak_who_has(const struct proto_line *parsed, const char *nick)
{
    const char *at = parsed->rest.text, *end = at + parsed->rest.len;
    size_t len = strlen(nick);

    while (at < end) {
        const char *space = memchr(at, ' ', (size_t)(end - at));
        const char *stop = space ? space : end;
        if ((size_t)(stop - at) == len && memcmp(at, nick, len) == 0)
            return true;
        at = stop + 1;
    }
    return false;
}

/* A response for a client that keeps a ring of its requests: it must answer the oldest. */
static void soak_response(struct soak_run *run, struct soak_client *client,
                          const struct proto_line *parsed, int64_t now_us)
{
    static const char *const verbs[] = {"nick", "say", "who", "ping", "quit"};
    struct soak_request request;

    if ((client->kind == KIND_VANISH_CLOSE || client->kind == KIND_VANISH_RESET) &&
        !client->with_nick && parsed->kind == PROTO_LINE_OK && soak_word_is(parsed, "say")) {
        /* It never sent a LF: after 300 ms of silence its bytes were taken as a line. */
        run->idle_flushes++;
        return;
    }
    if (!soak_ring_pop(&client->conn, &request) || parsed->kind != PROTO_LINE_OK ||
        !soak_word_is(parsed, verbs[request.verb])) {
        run->response_mismatches++;
        fprintf(stderr, "obrol-soak: %s session %u: unexpected response \"%.*s %.*s\"\n",
                soak_kind_names[client->kind], (unsigned)client->session, (int)parsed->word.len,
                parsed->word.text, (int)parsed->rest.len, parsed->rest.text);
        return;
    }
    switch ((enum soak_verb)request.verb) {
    case VERB_NICK:
        client->named = true;
        break;
    case VERB_SAY:
        client->acked++;
        soak_ledger_ack(&run->ledger, request.gid, now_us);
        break;
    case VERB_WHO:
        if (!soak_who_has(parsed, client->nick))
            run->who_without_self++;
        break;
    case VERB_QUIT:
        client->got_ok_quit = true;
        break;
    case VERB_PING:
        break;
    }
}

/* Junk clients cannot predict their responses: they look for a few known ones. */
static void soak_junk_response(struct soak_client *client, const struct proto_line *parsed)
{
    char token[32];

    snprintf(token, sizeof(token), "junk%u", (unsigned)client->session);
    if (parsed->kind == PROTO_LINE_ERR && soak_word_is(parsed, "line"))
        client->err_line_seen++;
    else if (parsed->kind == PROTO_LINE_OK && soak_word_is(parsed, "ping") &&
             parsed->rest.len == strlen(token) &&
             memcmp(parsed->rest.text, token, parsed->rest.len) == 0)
        client->ping_answered = true;
    else if (parsed->kind == PROTO_LINE_OK && soak_word_is(parsed, "quit"))
        client->got_ok_quit = true;
}

struct soak_line_context {
    struct soak_run *run;
    struct soak_client *client;
};

static void soak_client_line(void *owner, const char *line, size_t len, int64_t now_us)
{
    struct soak_line_context *context = owner;
    struct soak_client *client = context->client;
    struct proto_line parsed;

    context->run->lines_received++;
    /* Events (most lines) are only counted; responses are checked. */
    if (len < 2 || !((line[0] == 'O' && line[1] == 'K') || line[0] == 'E'))
        return;
    proto_parse_line(line, len, &parsed);
    if (!proto_line_is_response(parsed.kind))
        return;
    if (client->kind == KIND_JUNK)
        soak_junk_response(client, &parsed);
    else
        soak_response(context->run, client, &parsed, now_us);
}

/* ---- The behaviours, one timed step each ------------------------------------------------------
 */

static void soak_quit(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    if (client->kind == KIND_JUNK) {
        static const char quit[] = "/quit junk over\n";
        soak_send(run, client, quit, sizeof(quit) - 1);
    } else {
        soak_request(run, client, VERB_QUIT, "/quit sampai jumpa\n");
    }
    client->phase = PHASE_QUITTING;
    client->end_us = now_us + SOAK_QUIT_TIMEOUT_US;
}

static void soak_step_chat(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    if (!client->named)
        return;
    if (client->rest_len > 0) { /* the second half of a dribbled line */
        soak_send(run, client, client->rest, client->rest_len);
        client->rest_len = 0;
        client->next_us = now_us + soak_between(80, 500) * 1000LL;
        return;
    }
    if (client->to_send > 0 && !run->ending) {
        if (soak_chance(5)) {
            soak_request(run, client, VERB_WHO, "/who\n");
        } else if (soak_chance(5)) {
            soak_request(run, client, VERB_PING, "/ping 42\n");
        } else {
            for (unsigned i = 0; i < client->burst && client->to_send > 0; i++) {
                bool dribble = client->dribble && client->burst == 1;
                if (!soak_say(run, client, now_us, dribble))
                    break;
                client->to_send--;
            }
        }
        client->next_us =
            now_us + (client->rest_len > 0 ? soak_between(5, 60) : soak_between(80, 500)) * 1000LL;
        return;
    }
    if (client->conn.ring_count == 0) { /* everything answered */
        if (soak_chance(60))
            soak_quit(run, client, now_us);
        else
            soak_end(client, false, now_us);
    }
}

static void soak_step_quit(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    if (client->stage == 0 && now_us - client->started_us < 600000)
        return; /* the WELCOME comes after 300 ms of silence */
    soak_quit(run, client, now_us);
}

static void soak_step_vanish(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    bool reset = client->kind == KIND_VANISH_RESET;

    switch (client->stage) {
    case 0: /* say a few things (or nothing), without waiting for the answers */
        if (!client->named)
            return;
        while (client->to_send > 0 && soak_say(run, client, now_us, false))
            client->to_send--;
        client->stage = 1;
        client->next_us = now_us + soak_between(0, 300) * 1000LL;
        break;
    case 1: { /* half a line, never finished: a close (FIN) ends it, a reset does not */
        char tail[96];
        const char *kind = !client->with_nick ? "cut" : reset ? "soak-cut" : SOAK_TAIL_AT_CLOSE;
        int len =
            snprintf(tail, sizeof(tail), "%s %u half a line", kind, (unsigned)client->session);
        if (len > 0 && soak_chance(80))
            soak_send(run, client, tail, (size_t)soak_between(1, (unsigned)len));
        client->stage = 2;
        /* Over 300 ms, a client that never sent a LF has its bytes taken as a line. */
        client->next_us = now_us + soak_between(0, client->with_nick ? 100 : 600) * 1000LL;
        break;
    }
    default:
        soak_end(client, reset, now_us);
        break;
    }
}

/* Flooders must not be served faster than the rate limit allows. */
static void soak_flood_check(struct soak_run *run, const struct soak_client *client, int64_t now_us)
{
    if (run->rate == 0 || client->first_send_us == 0)
        return;
    double seconds = (double)(now_us - client->first_send_us) / 1e6;
    double allowed = SOAK_SERVER_BURST + run->rate * seconds + 2;
    run->flood_checked++;
    if (client->acked > allowed) {
        run->flood_over_rate++;
        fprintf(stderr, "obrol-soak: flood session %u: %u lines accepted in %.1f s\n",
                (unsigned)client->session, client->acked, seconds);
    }
    if (seconds >= 2 && client->acked > SOAK_SERVER_BURST) {
        double rate = (client->acked - SOAK_SERVER_BURST) / seconds;
        if (rate > run->flood_max_rate)
            run->flood_max_rate = rate;
    }
}

static void soak_step_flood(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    if (!client->named)
        return;
    while (client->to_send > 0 && !run->ending &&
           soak_conn_queued(&client->conn) < SOAK_SEND_HIGH_WATER &&
           soak_say(run, client, now_us, false))
        client->to_send--;
    client->next_us = now_us + 20000;
    if ((client->to_send == 0 && client->conn.ring_count == 0) || now_us >= client->end_us) {
        soak_flood_check(run, client, now_us);
        if (client->conn.ring_count == 0 && soak_chance(50))
            soak_quit(run, client, now_us);
        else
            soak_end(client, false, now_us);
    }
}

static void soak_step_stop_reading(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    char line[1024];

    if (client->dropped) {
        soak_end(client, true, now_us);
        return;
    }
    client->next_us = now_us + soak_between(100, 200) * 1000LL;
    if (client->conn.fd < 0 || soak_conn_queued(&client->conn) > 16384)
        return;
    if (soak_chance(30)) {
        soak_send(run, client, "/who\n", 5);
        return;
    }
    /* A private message to itself: ~2.4 KB of "␛" to read, which it never will. */
    int len = snprintf(line, sizeof(line), "/msg %s ", client->nick);
    size_t used = len > 0 ? (size_t)len : 0;
    while (used < 800)
        line[used++] = '\x1b';
    line[used++] = '\n';
    soak_send(run, client, line, used);
}

static void soak_step_junk(struct soak_run *run, struct soak_unruly *unruly,
                           struct soak_client *client, int64_t now_us)
{
    if (client->stage == 0) {
        unsigned lines = soak_chance(50) ? client->to_send : soak_between(1, 3);
        for (unsigned i = 0; i < lines && client->to_send > 0; i++) {
            enum soak_junk kind = (enum soak_junk)(soak_random() % JUNK_COUNT);
            size_t len = soak_junk_line(kind, unruly->junk);
            if (!soak_send(run, client, unruly->junk, len))
                break;
            run->junk_lines[kind]++;
            client->overlong_sent += kind == JUNK_OVERLONG;
            client->to_send--;
        }
        client->next_us = now_us + soak_between(0, 200) * 1000LL;
        if (client->to_send == 0) {
            char ping[48];
            int len = snprintf(ping, sizeof(ping), "\n/ping junk%u\n", (unsigned)client->session);
            soak_send(run, client, ping, (size_t)len);
            client->stage = 1;
        }
        return;
    }
    if (!client->ping_answered)
        return;
    run->junk_checked++;
    if (client->err_line_seen != client->overlong_sent) {
        run->junk_err_mismatch++;
        fprintf(stderr, "obrol-soak: junk session %u: %u overlong lines, %u ERR line\n",
                (unsigned)client->session, client->overlong_sent, client->err_line_seen);
    }
    if (soak_chance(50))
        soak_quit(run, client, now_us);
    else
        soak_end(client, false, now_us);
}

/* ---- Time is up for a step, or for the whole session ------------------------------------------
 */

static void soak_timeout(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    switch (client->phase) {
    case PHASE_CONNECTING:
        run->connect_failures++;
        fprintf(stderr, "obrol-soak: session %u: connect() timed out\n", (unsigned)client->session);
        break;
    case PHASE_QUITTING:
        run->quit_unanswered++;
        fprintf(stderr, "obrol-soak: %s session %u: /quit not answered (OK quit %s)\n",
                soak_kind_names[client->kind], (unsigned)client->session,
                client->got_ok_quit ? "came, EOF did not" : "missing");
        break;
    case PHASE_WAIT_DROP:
        run->stop_not_dropped++;
        fprintf(stderr, "obrol-soak: stop-reading session %u: not dropped after %lld s\n",
                (unsigned)client->session, (long long)(SOAK_STOP_TIMEOUT_US / 1000000));
        break;
    case PHASE_ACTIVE:
        if (client->kind == KIND_JUNK) {
            run->junk_unanswered++;
            fprintf(stderr, "obrol-soak: junk session %u: /ping not answered\n",
                    (unsigned)client->session);
        } else if (client->kind == KIND_FLOOD) {
            soak_flood_check(run, client, now_us);
        }
        break;
    case PHASE_IDLE:
        break;
    }
    soak_end(client, false, now_us);
}

static void soak_step(struct soak_run *run, struct soak_unruly *unruly, struct soak_client *client,
                      int64_t now_us)
{
    if (client->phase == PHASE_IDLE) {
        if (!run->ending)
            soak_start(run, unruly, client, now_us);
        return;
    }
    /* (An active flooder checks its own end: it has figures to take first.) */
    if (now_us >= client->end_us &&
        !(client->kind == KIND_FLOOD && client->phase == PHASE_ACTIVE)) {
        soak_timeout(run, client, now_us);
        return;
    }
    if (client->phase != PHASE_ACTIVE && client->phase != PHASE_WAIT_DROP)
        return;
    switch (client->kind) {
    case KIND_CHAT:
        soak_step_chat(run, client, now_us);
        break;
    case KIND_QUIT:
        soak_step_quit(run, client, now_us);
        break;
    case KIND_VANISH_CLOSE:
    case KIND_VANISH_RESET:
        soak_step_vanish(run, client, now_us);
        break;
    case KIND_FLOOD:
        soak_step_flood(run, client, now_us);
        break;
    case KIND_STOP_READING:
        soak_step_stop_reading(run, client, now_us);
        break;
    case KIND_JUNK:
        soak_step_junk(run, unruly, client, now_us);
        break;
    case KIND_COUNT:
        break;
    }
}

/* ---- The module's interface ---------------------------------------------------------------------
 */

int soak_unruly_init(struct soak_run *run)
{
    struct soak_unruly *unruly = calloc(1, sizeof(*unruly));

    if (unruly == NULL)
        return -1;
    unruly->clients = calloc(run->clients, sizeof(*unruly->clients));
    unruly->junk = malloc(SOAK_JUNK_MAX + 8);
    run->unruly = unruly;
    if (unruly->clients == NULL || unruly->junk == NULL)
        return -1;
    for (unsigned i = 0; i < run->clients; i++) {
        soak_conn_init(&unruly->clients[i].conn);
        /* Spread the first connections over the first two seconds. */
        unruly->clients[i].next_us = run->start_us + (int64_t)i * 10000;
    }
    return 0;
}

void soak_unruly_free(struct soak_run *run)
{
    struct soak_unruly *unruly = run->unruly;

    if (unruly == NULL)
        return;
    for (unsigned i = 0; unruly->clients != NULL && i < run->clients; i++)
        soak_conn_free(&unruly->clients[i].conn);
    free(unruly->clients);
    free(unruly->junk);
    free(unruly);
    run->unruly = NULL;
}

unsigned soak_unruly_polls(struct soak_run *run, struct pollfd *polls)
{
    if (run->unruly == NULL) /* before the load starts */
        return 0;
    for (unsigned i = 0; i < run->clients; i++) {
        const struct soak_conn *conn = &run->unruly->clients[i].conn;
        polls[i].fd = conn->fd;
        polls[i].revents = 0;
        if (conn->connecting)
            polls[i].events = POLLOUT;
        else
            polls[i].events =
                (short)((conn->reading ? POLLIN : 0) | (soak_conn_queued(conn) > 0 ? POLLOUT : 0));
    }
    return run->clients;
}

/* The server closed a connection we did not expect it to close. */
static void soak_closed_by_server(struct soak_run *run, struct soak_client *client, int64_t now_us)
{
    if (client->phase == PHASE_QUITTING && client->got_ok_quit && client->conn.eof) {
        soak_end(client, false, now_us); /* the polite ending: OK quit, then EOF */
        return;
    }
    if (client->phase == PHASE_WAIT_DROP) { /* the drop we wait for; the LEAVE tells */
        soak_conn_close(&client->conn, true);
        return;
    }
    run->unexpected_closes++;
    fprintf(stderr, "obrol-soak: %s session %u: the server closed the connection (%s)\n",
            soak_kind_names[client->kind], (unsigned)client->session,
            client->conn.eof ? "EOF" : "error");
    soak_end(client, false, now_us);
}

void soak_unruly_events(struct soak_run *run, const struct pollfd *polls, int64_t now_us)
{
    if (run->unruly == NULL)
        return;
    for (unsigned i = 0; i < run->clients; i++) {
        struct soak_client *client = &run->unruly->clients[i];
        struct soak_conn *conn = &client->conn;
        short revents = polls[i].revents;

        if (revents == 0 || conn->fd < 0 || polls[i].fd != conn->fd)
            continue;
        if (conn->connecting) {
            int result = soak_conn_finish(conn);
            if (result != 0) {
                run->connect_failures++;
                fprintf(stderr, "obrol-soak: connect(): %s\n", strerror(result));
                soak_end(client, false, now_us);
            } else {
                soak_begin(run, client, now_us);
            }
            continue;
        }
        if (revents & POLLOUT)
            soak_conn_flush(conn);
        if (conn->reading && (revents & (POLLIN | POLLHUP | POLLERR))) {
            struct soak_line_context context = {run, client};
            soak_conn_read(conn, soak_client_line, &context, now_us);
        } else if (!conn->reading && (revents & (POLLHUP | POLLERR))) {
            conn->open = false;
        }
        if (!conn->open && conn->fd >= 0)
            soak_closed_by_server(run, client, now_us);
    }
}

void soak_unruly_timers(struct soak_run *run, int64_t now_us)
{
    if (run->unruly == NULL)
        return;
    for (unsigned i = 0; i < run->clients; i++) {
        struct soak_client *client = &run->unruly->clients[i];
        if (now_us >= client->next_us || (client->phase != PHASE_IDLE && now_us >= client->end_us))
            soak_step(run, run->unruly, client, now_us);
    }
}

int64_t soak_unruly_next_us(const struct soak_run *run)
{
    int64_t next = INT64_MAX;

    if (run->unruly == NULL)
        return next;
    for (unsigned i = 0; i < run->clients; i++) {
        const struct soak_client *client = &run->unruly->clients[i];
        if (client->next_us < next)
            next = client->next_us;
        if (client->phase != PHASE_IDLE && client->end_us < next)
            next = client->end_us;
    }
    return next;
}

void soak_unruly_stop(struct soak_run *run, int64_t now_us)
{
    for (unsigned i = 0; i < run->clients; i++) {
        struct soak_client *client = &run->unruly->clients[i];
        if (client->kind == KIND_FLOOD && client->phase == PHASE_ACTIVE)
            soak_flood_check(run, client, now_us);
        if (client->phase != PHASE_IDLE)
            soak_end(client, client->kind == KIND_STOP_READING, now_us);
    }
}

void soak_unruly_left(struct soak_run *run, const char *nick, size_t nick_len, const char *reason,
                      size_t reason_len, int64_t now_us)
{
    static const char expected[] = "not reading: output queue full";
    char *end;

    if (nick_len < 2 || nick[0] != 's' || run->unruly == NULL)
        return;
    unsigned long session = strtoul(nick + 1, &end, 10);
    if (end != nick + nick_len)
        return;
    for (unsigned i = 0; i < run->clients; i++) {
        struct soak_client *client = &run->unruly->clients[i];
        if (client->session != session || client->kind != KIND_STOP_READING ||
            client->phase != PHASE_WAIT_DROP)
            continue;
        client->dropped = true;
        client->next_us = now_us;
        if (reason_len == sizeof(expected) - 1 && memcmp(reason, expected, reason_len) == 0) {
            run->stop_dropped++;
            if (now_us - client->started_us > run->stop_drop_max_us)
                run->stop_drop_max_us = now_us - client->started_us;
        } else {
            run->stop_other_reason++;
            fprintf(stderr, "obrol-soak: stop-reading session %u left: %.*s\n",
                    (unsigned)client->session, (int)reason_len, reason);
        }
    }
}

const char *soak_kind_name(enum soak_kind kind)
{
    return soak_kind_names[kind];
}
