/*
 * commands.c - what the server does with each kind of request.
 *
 * One table (command_table) says, for every kind of request, which function
 * answers it and whether it may be made at a locked room's door or while
 * muted. command_execute() parses the line, asks the table, and calls.
 */
#include "commands.h"

#include "i18n.h"
#include "narrate.h"
#include "protocol.h"
#include "sanitize.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest response text composed from a translated sentence. */
#define COMMAND_TEXT_MAX 512
/* Longest piece of a request quoted back in an error (bytes, before sanitising). */
#define COMMAND_QUOTE_MAX 48

typedef void command_handler(struct room *room, struct conn *conn,
                             const struct proto_request *request, int64_t now_ms);

static command_handler command_say, command_me, command_msg, command_nick, command_who,
    command_quit, command_help, command_ping, command_pong, command_join, command_unknown;

/*
 * What each request does. `at_the_door`: allowed before /join in a room with a
 * code. `speaks`: puts the client's words before other people (a message, an
 * action, a new nick), so a muted client may not make it.
 * An empty line has no handler: it is not a request and gets no response.
 */
static const struct command_entry {
    command_handler *run;
    bool at_the_door;
    bool speaks;
} command_table[] = {
    [PROTO_REQUEST_EMPTY] = {.run = NULL, .at_the_door = true},
    [PROTO_REQUEST_SAY] = {.run = command_say, .speaks = true},
    [PROTO_REQUEST_ME] = {.run = command_me, .speaks = true},
    [PROTO_REQUEST_MSG] = {.run = command_msg, .speaks = true},
    [PROTO_REQUEST_NICK] = {.run = command_nick, .speaks = true}, /* the others see the name */
    [PROTO_REQUEST_WHO] = {.run = command_who},
    [PROTO_REQUEST_QUIT] = {.run = command_quit, .at_the_door = true},
    [PROTO_REQUEST_HELP] = {.run = command_help, .at_the_door = true},
    [PROTO_REQUEST_PING] = {.run = command_ping, .at_the_door = true},
    [PROTO_REQUEST_PONG] = {.run = command_pong, .at_the_door = true},
    [PROTO_REQUEST_JOIN] = {.run = command_join, .at_the_door = true},
    [PROTO_REQUEST_UNKNOWN] = {.run = command_unknown},
};

/*
 * May this client make this request now? At a locked room's door only the
 * requests marked `at_the_door` are allowed; a muted client may not speak.
 */
static bool command_allowed(struct room *room, struct conn *conn,
                            const struct proto_request *request);
static void command_replyf(struct room *room, struct conn *conn, bool ok, const char *verb,
                           const char *format, ...) __attribute__((format(printf, 5, 6)));

void command_execute(struct room *room, struct conn *conn, const char *line, size_t len,
                     int64_t now_ms)
{
    struct proto_request request;

    narrate_request(conn, line, len); /* the recording keeps every request (record.h) */
    proto_parse_request(line, len, &request);
    assert((size_t)request.kind < sizeof(command_table) / sizeof(command_table[0]));
    const struct command_entry *entry = &command_table[request.kind];
    if (entry->run != NULL && command_allowed(room, conn, &request))
        entry->run(room, conn, &request, now_ms);
}

void command_line_too_long(struct room *room, struct conn *conn)
{
    command_replyf(room, conn, false, "line",
                   _("Line too long (more than %zu bytes); it was discarded"),
                   room->options->max_line);
}

void command_welcome(struct room *room, struct conn *conn)
{
    char text[COMMAND_TEXT_MAX];
    int len = conn->admitted
                  ? snprintf(text, sizeof(text),
                             _("Welcome to obrol, %s! Type a line and press Enter to talk to "
                               "everyone; /help lists the commands."),
                             conn->nick)
                  : snprintf(text, sizeof(text),
                             _("Welcome to obrol, %s! This room is locked: type /join CODE with "
                               "the code from your teacher."),
                             conn->nick);

    assert(len > 0 && (size_t)len < sizeof(text)); /* a sentence and a nick: it fits */
    room_tell(room, conn, "WELCOME", conn->nick, text, (size_t)len);
}

/* ---- Responses ---------------------------------------------------------------- */

/* Queue "OK VERB TEXT" or "ERR VERB TEXT" for the client (TEXT may be empty). */
static void command_reply(struct room *room, struct conn *conn, bool ok, const char *verb,
                          const char *text, size_t len)
{
    room_tell(room, conn, ok ? "OK" : "ERR", verb, text, len);
}

/* The same, with a printf-style sentence (already translated by the caller). */
static void command_replyf(struct room *room, struct conn *conn, bool ok, const char *verb,
                           const char *format, ...)
{
    char text[COMMAND_TEXT_MAX];
    va_list args;

    va_start(args, format);
    int len = vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    /* Our sentences with a nick or a quoted word in them: they always fit. */
    assert(len >= 0 && (size_t)len < sizeof(text));
    command_reply(room, conn, ok, verb, text, (size_t)len);
}

/* A slice of the request as a short, safe, NUL-terminated string for messages. */
static const char *command_quote(struct proto_slice slice, char *out, size_t room)
{
    size_t len = slice.len < COMMAND_QUOTE_MAX ? slice.len : COMMAND_QUOTE_MAX;

    out[sanitize_text(slice.text, len, out, room - 1)] = '\0';
    return out;
}

static bool command_allowed(struct room *room, struct conn *conn,
                            const struct proto_request *request)
{
    const struct command_entry *entry = &command_table[request->kind];
    const char *verb = proto_request_verb(request->kind);

    if (!conn->admitted && !entry->at_the_door) {
        command_replyf(room, conn, false, verb,
                       _("This room is locked: type /join CODE with the code from your teacher"));
        return false;
    }
    if (conn->muted && entry->speaks) {
        command_replyf(room, conn, false, verb, _("The teacher has muted you"));
        return false;
    }
    return true;
}

/* ---- Messages ----------------------------------------------------------------- */

static void command_say(struct room *room, struct conn *conn, const struct proto_request *request,
                        int64_t now_ms)
{
    (void)now_ms; /* every handler has the same signature; this one needs no clock */
    unsigned delivered =
        room_tell_others(room, conn, "MSG", conn->nick, request->text.text, request->text.len);

    narrate_line(conn, request->text.text, request->text.len);
    command_replyf(room, conn, true, "say",
                   ngettext("Message received by the server, relayed to %u other client",
                            "Message received by the server, relayed to %u other clients",
                            delivered),
                   delivered);
}

static void command_me(struct room *room, struct conn *conn, const struct proto_request *request,
                       int64_t now_ms)
{
    (void)now_ms;
    if (request->text.len == 0) {
        command_replyf(room, conn, false, "me", _("Usage: /me TEXT (an action, e.g. /me waves)"));
        return;
    }
    unsigned delivered =
        room_tell_others(room, conn, "ME", conn->nick, request->text.text, request->text.len);

    narrate_line(conn, request->text.text, request->text.len);
    command_replyf(room, conn, true, "me",
                   ngettext("Action relayed to %u other client",
                            "Action relayed to %u other clients", delivered),
                   delivered);
}

static void command_msg(struct room *room, struct conn *conn, const struct proto_request *request,
                        int64_t now_ms)
{
    (void)now_ms;
    if (request->first.len == 0 || request->text.len == 0) {
        command_replyf(room, conn, false, "msg",
                       _("Usage: /msg NICK TEXT (a private message to one person)"));
        return;
    }
    struct conn *target = room_find_nick(room, request->first.text, request->first.len);
    if (target == NULL || !target->admitted) { /* someone still at the door is not here */
        char quoted[SANITIZE_MAX_OUTPUT(COMMAND_QUOTE_MAX) + 1];
        command_replyf(room, conn, false, "msg",
                       _("No one here is called \"%s\"; /who lists who is here"),
                       command_quote(request->first, quoted, sizeof(quoted)));
        return;
    }
    room_tell(room, target, "PRIV", conn->nick, request->text.text, request->text.len);
    command_reply(room, conn, true, "msg", target->nick, strlen(target->nick));
}

/* ---- Nicks ------------------------------------------------------------------- */

/* Why a nick cannot be taken, for every answer of proto_nick_check() but OK. */
static const char *command_nick_problem(struct proto_slice name, enum proto_nick_check check,
                                        char *out, size_t room)
{
    static const char *const problems[] = {
        [PROTO_NICK_EMPTY] = N_("Usage: /nick NAME"),
        [PROTO_NICK_BAD_CHAR] = N_("A nick may only use letters, digits, '_' and '-'"),
        [PROTO_NICK_RESERVED] = N_("That nick is reserved: nobody may pretend to be the server"),
    };

    if (check == PROTO_NICK_RESERVED && !proto_nick_has_letter(name.text, name.len))
        return _("A nick needs at least one letter");
    if (check == PROTO_NICK_TOO_LONG) {
        snprintf(out, room, _("That nick is too long: at most %d characters"), PROTO_NICK_MAX);
        return out;
    }
    assert((size_t)check < sizeof(problems) / sizeof(problems[0]) && problems[check] != NULL);
    return _(problems[check]);
}

static void command_nick(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    struct proto_slice name = request->first;
    enum proto_nick_check check = proto_nick_check(name.text, name.len);
    char new_nick[PROTO_NICK_MAX + 1];

    (void)now_ms;
    if (check != PROTO_NICK_OK) {
        char problem[COMMAND_TEXT_MAX];
        const char *why = command_nick_problem(name, check, problem, sizeof(problem));
        command_reply(room, conn, false, "nick", why, strlen(why));
        return;
    }
    struct conn *holder = room_find_nick(room, name.text, name.len);
    if (holder != NULL && holder != conn) {
        command_replyf(room, conn, false, "nick", _("The nick %s is already taken"), holder->nick);
        return;
    }
    memcpy(new_nick, name.text, name.len);
    new_nick[name.len] = '\0';
    if (strcmp(new_nick, conn->nick) != 0) {
        if (conn->announced) /* those never told it came are not told its new name */
            room_tell_others(room, conn, "NICK", conn->nick, new_nick, name.len);
        narrate_nick(conn->nick, new_nick);
        memcpy(conn->nick, new_nick, name.len + 1);
    }
    command_reply(room, conn, true, "nick", conn->nick, strlen(conn->nick));
    if (!conn->muted && hosts_nick_muted(&room->hosts, conn->nick)) {
        const char *notice = _("The teacher has muted you: your messages are not relayed");
        conn->muted = true; /* a mute follows the nick, too */
        room_tell(room, conn, "NOTICE", NULL, notice, strlen(notice));
    }
}

/* "OK who budi siti andi": every nick, in fd order, separated by one space. */
static void command_who(struct room *room, struct conn *conn, const struct proto_request *request,
                        int64_t now_ms)
{
    size_t used = (size_t)snprintf(room->line, room->line_room, "OK who");

    (void)request, (void)now_ms;
    for (int fd = 0; fd <= room->max_fd; fd++) {
        const struct conn *other = room->conns[fd];
        if (other == NULL || other->state != CONN_OPEN || !other->admitted)
            continue;
        size_t len = strlen(other->nick);
        assert(used + len + 2 < room->line_room); /* line_room is sized for max_clients nicks */
        room->line[used++] = ' ';
        memcpy(room->line + used, other->nick, len);
        used += len;
    }
    room->line[used++] = '\n';
    conn_queue(conn, room->line, used);
}

/* ---- Everything else ----------------------------------------------------------- */

static void command_quit(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    if (request->text.len > 0 && !conn->muted) { /* a muted client's reason reaches nobody */
        char safe[LIMIT_REASON_MAX];
        safe[sanitize_text(request->text.text, request->text.len, safe, sizeof(safe) - 1)] = '\0';
        conn_set_reason(conn, safe);
    }
    command_replyf(room, conn, true, "quit", _("Goodbye, %s!"), conn->nick);
    conn_close_gracefully(conn, _("quit"), now_ms);
}

static void command_help(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    (void)request, (void)now_ms;
    command_replyf(room, conn, true, "help",
                   _("Any line is a message to everyone. Commands: /nick NAME, /who, "
                     "/msg NICK TEXT, /me TEXT, /ping [TOKEN], /join CODE, /quit [REASON], /help"));
}

static void command_ping(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    (void)now_ms;
    command_reply(room, conn, true, "ping", request->first.text, request->first.len);
}

static void command_pong(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    (void)request, (void)now_ms;
    command_reply(room, conn, true, "pong", NULL, 0); /* reading it was the answer */
}

static void command_unknown(struct room *room, struct conn *conn,
                            const struct proto_request *request, int64_t now_ms)
{
    char quoted[SANITIZE_MAX_OUTPUT(COMMAND_QUOTE_MAX) + 1];

    (void)now_ms;
    command_replyf(room, conn, false, "unknown", _("Unknown command /%s; /help lists the commands"),
                   command_quote(request->command, quoted, sizeof(quoted)));
}

/* ---- The room's code ------------------------------------------------------------ */

/* Compare in constant time, so that timing does not tell how much of a guess was right. */
static bool command_code_matches(const char *code, struct proto_slice guess)
{
    size_t code_len = strlen(code);
    unsigned char difference = (unsigned char)(code_len != guess.len);

    for (size_t i = 0; i < guess.len; i++)
        difference |= (unsigned char)(guess.text[i] ^ code[i < code_len ? i : 0]);
    return difference == 0;
}

/*
 * A wrong code counts twice: for the connection (LIMIT_ROOM_CODE_TRIES, then
 * goodbye) and for its computer, which must wait longer after each one from
 * its LIMIT_HOST_CODE_TRIES-th on, however often it reconnects. The log gets a
 * computer's first wrong code and then one summary per wait, not every guess.
 */
static void command_wrong_code(struct room *room, struct conn *conn, int64_t now_ms)
{
    enum hosts_code_report report = hosts_code_wrong(conn->host, now_ms);
    long long wait_s = (hosts_code_wait_ms(conn->host, now_ms) + 999) / 1000;

    conn->wrong_codes++;
    if (report == HOSTS_CODE_FIRST)
        narrate_wrong_code(conn, conn->host->wrong_codes);
    else if (report == HOSTS_CODE_WAIT)
        narrate_code_wait(conn->host->address, conn->host->wrong_codes, wait_s);
    if (conn->wrong_codes >= LIMIT_ROOM_CODE_TRIES) {
        command_replyf(room, conn, false, "join", _("Wrong room code, %u times: goodbye"),
                       conn->wrong_codes);
        const char *reason = _("Too many wrong room codes");
        room_tell(room, conn, "BYE", NULL, reason, strlen(reason));
        conn_close_gracefully(conn, reason, now_ms);
    } else if (wait_s > 0) {
        command_replyf(room, conn, false, "join",
                       _("Wrong room code (try %u of %u); your computer must wait %lld s before "
                         "the next try"),
                       conn->wrong_codes, LIMIT_ROOM_CODE_TRIES, wait_s);
    } else {
        command_replyf(room, conn, false, "join", _("Wrong room code (try %u of %u)"),
                       conn->wrong_codes, LIMIT_ROOM_CODE_TRIES);
    }
}

static void command_join(struct room *room, struct conn *conn, const struct proto_request *request,
                         int64_t now_ms)
{
    const char *room_code = room->options->room_code;
    int64_t wait_ms = hosts_code_wait_ms(conn->host, now_ms);

    if (room_code == NULL || conn->admitted) {
        command_replyf(room, conn, true, "join", _("You are in the room already"));
        return;
    }
    if (wait_ms > 0) { /* its computer guessed wrong too often: not even compared */
        command_replyf(room, conn, false, "join",
                       _("Too many wrong room codes from your computer: wait %lld s and try again"),
                       (long long)((wait_ms + 999) / 1000));
        return;
    }
    if (command_code_matches(room_code, request->first)) {
        command_replyf(room, conn, true, "join", _("Welcome in, %s!"), conn->nick);
        narrate_admitted(conn);
        hosts_code_right(conn->host);
        room_admit(room, conn, now_ms);
        return;
    }
    command_wrong_code(room, conn, now_ms);
}
