/*
 * commands.c - what the server does with each kind of request.
 */
#include "commands.h"

#include "i18n.h"
#include "narrate.h"
#include "protocol.h"
#include "sanitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest response text composed from a translated sentence. */
#define COMMAND_TEXT_MAX 512

/* ---- Responses ---------------------------------------------------------------- */

/* Queue "OK VERB TEXT" or "ERR VERB TEXT" for the client (TEXT may be empty). */
static void command_reply(struct server *server, struct client *client, bool ok, const char *verb,
                          const char *text, size_t len)
{
    size_t line_len = server_compose(server, ok ? "OK" : "ERR", verb, text, len);

    server_send(client, server->line, line_len);
}

/* The same, with a printf-style sentence (already translated by the caller). */
static void command_replyf(struct server *server, struct client *client, bool ok,
                           const char *verb, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

static void command_replyf(struct server *server, struct client *client, bool ok,
                           const char *verb, const char *format, ...)
{
    char text[COMMAND_TEXT_MAX];
    va_list args;

    va_start(args, format);
    int len = vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    if (len < 0)
        len = 0;
    if ((size_t)len >= sizeof(text))
        len = sizeof(text) - 1;
    command_reply(server, client, ok, verb, text, (size_t)len);
}

/* A slice of the request as a short, safe, NUL-terminated string for messages. */
static const char *command_quote(struct proto_slice slice, char *out, size_t room)
{
    size_t len = slice.len < 48 ? slice.len : 48;

    out[sanitize_text(slice.text, len, out, room - 1)] = '\0';
    return out;
}

/* ---- Messages ----------------------------------------------------------------- */

static void command_say(struct server *server, struct client *client, struct proto_slice text)
{
    size_t len = server_compose(server, "MSG", client->nick, text.text, text.len);
    unsigned delivered = server_broadcast(server, client, server->line, len);

    narrate_line(client, text.text, text.len);
    command_replyf(server, client, true, "say",
                   ngettext("Message received by the server, relayed to %u other client",
                            "Message received by the server, relayed to %u other clients",
                            delivered),
                   delivered);
}

static void command_me(struct server *server, struct client *client, struct proto_slice text)
{
    if (text.len == 0) {
        command_replyf(server, client, false, "me", _("Usage: /me TEXT (an action, e.g. /me waves)"));
        return;
    }
    size_t len = server_compose(server, "ME", client->nick, text.text, text.len);
    unsigned delivered = server_broadcast(server, client, server->line, len);

    narrate_line(client, text.text, text.len);
    command_replyf(server, client, true, "me",
                   ngettext("Action relayed to %u other client",
                            "Action relayed to %u other clients", delivered),
                   delivered);
}

static void command_msg(struct server *server, struct client *client,
                        const struct proto_request *request)
{
    if (request->first.len == 0 || request->text.len == 0) {
        command_replyf(server, client, false, "msg",
                       _("Usage: /msg NICK TEXT (a private message to one person)"));
        return;
    }
    struct client *target = server_find_nick(server, request->first.text, request->first.len);
    if (target == NULL || !target->admitted) { /* someone still at the door is not here */
        char quoted[160];
        command_replyf(server, client, false, "msg", _("No one here is called \"%s\"; /who lists who is here"),
                       command_quote(request->first, quoted, sizeof(quoted)));
        return;
    }
    size_t len = server_compose(server, "PRIV", client->nick, request->text.text,
                                request->text.len);
    server_send(target, server->line, len);
    command_reply(server, client, true, "msg", target->nick, strlen(target->nick));
}

/* ---- Nicks ------------------------------------------------------------------- */

static const char *command_nick_problem(enum proto_nick_check check)
{
    switch (check) {
    case PROTO_NICK_EMPTY:
        return _("Usage: /nick NAME");
    case PROTO_NICK_TOO_LONG:
        return _("That nick is too long: at most 32 characters");
    case PROTO_NICK_BAD_CHAR:
        return _("A nick may only use letters, digits, '_' and '-'");
    case PROTO_NICK_RESERVED:
        return _("That nick is reserved: nobody may pretend to be the server");
    case PROTO_NICK_OK:
        break;
    }
    return "";
}

static void command_nick(struct server *server, struct client *client, struct proto_slice name)
{
    enum proto_nick_check check = proto_nick_check(name.text, name.len);
    char new_nick[PROTO_NICK_MAX + 1];

    if (check != PROTO_NICK_OK) {
        const char *problem = command_nick_problem(check);
        command_reply(server, client, false, "nick", problem, strlen(problem));
        return;
    }
    struct client *holder = server_find_nick(server, name.text, name.len);
    if (holder != NULL && holder != client) {
        command_replyf(server, client, false, "nick", _("The nick %s is already taken"),
                       holder->nick);
        return;
    }
    memcpy(new_nick, name.text, name.len);
    new_nick[name.len] = '\0';
    if (strcmp(new_nick, client->nick) != 0) {
        size_t len = server_compose(server, "NICK", client->nick, new_nick, name.len);
        server_broadcast(server, client, server->line, len);
        narrate_nick(client->nick, new_nick);
        memcpy(client->nick, new_nick, name.len + 1);
    }
    command_reply(server, client, true, "nick", client->nick, strlen(client->nick));
}

/* "OK who budi siti andi": every nick, in fd order, separated by one space. */
static void command_who(struct server *server, struct client *client)
{
    size_t used = (size_t)snprintf(server->line, server->line_room, "OK who");

    for (int fd = 0; fd <= server->max_fd; fd++) {
        const struct client *other = server->clients[fd];
        if (other == NULL || other->state != CLIENT_OPEN || !other->admitted)
            continue;
        size_t len = strlen(other->nick);
        if (used + len + 2 >= server->line_room)
            break; /* cannot happen: line_room is sized for max_clients nicks */
        server->line[used++] = ' ';
        memcpy(server->line + used, other->nick, len);
        used += len;
    }
    server->line[used++] = '\n';
    server_send(client, server->line, used);
}

/* ---- Everything else ----------------------------------------------------------- */

static void command_quit(struct server *server, struct client *client, struct proto_slice reason,
                         int64_t now_ms)
{
    if (reason.len > 0) {
        char safe[CLIENT_REASON_MAX];
        safe[sanitize_text(reason.text, reason.len, safe, sizeof(safe) - 1)] = '\0';
        client_set_reason(client, safe);
    }
    command_replyf(server, client, true, "quit", _("Goodbye, %s!"), client->nick);
    client_close_gracefully(client, _("quit"), now_ms);
}

static void command_help(struct server *server, struct client *client)
{
    command_replyf(server, client, true, "help",
                   _("Any line is a message to everyone. Commands: /nick NAME, /who, "
                     "/msg NICK TEXT, /me TEXT, /ping [TOKEN], /join CODE, /quit [REASON], /help"));
}

/* ---- The room: its code, and who may speak ----------------------------------------- */

/* Compare in constant time, so that timing does not tell how much of a guess was right. */
static bool command_code_matches(const char *code, struct proto_slice guess)
{
    size_t code_len = strlen(code);
    unsigned char difference = (unsigned char)(code_len != guess.len);

    for (size_t i = 0; i < guess.len; i++)
        difference |= (unsigned char)(guess.text[i] ^ code[i < code_len ? i : 0]);
    return difference == 0;
}

static void command_join(struct server *server, struct client *client, struct proto_slice code,
                         int64_t now_ms)
{
    const char *room_code = server->options.room_code;

    if (room_code == NULL || client->admitted) {
        command_replyf(server, client, true, "join", _("You are in the room already"));
        return;
    }
    if (command_code_matches(room_code, code)) {
        command_replyf(server, client, true, "join", _("Welcome in, %s!"), client->nick);
        narrate_admitted(client);
        server_admit(server, client);
        return;
    }
    client->wrong_codes++;
    narrate_wrong_code(client, client->wrong_codes);
    if (client->wrong_codes < OPTIONS_ROOM_CODE_TRIES) {
        command_replyf(server, client, false, "join", _("Wrong room code (try %u of %u)"),
                       client->wrong_codes, OPTIONS_ROOM_CODE_TRIES);
        return;
    }
    command_replyf(server, client, false, "join", _("Wrong room code, %u times: goodbye"),
                   client->wrong_codes);
    const char *reason = _("Too many wrong room codes");
    size_t line_len = server_compose(server, "BYE", NULL, reason, strlen(reason));
    server_send(client, server->line, line_len);
    client_close_gracefully(client, reason, now_ms);
}

/*
 * May this client make this request now? At a locked room's door only /join,
 * /help, /ping, /pong and /quit are allowed; a muted client may not talk.
 */
static bool command_allowed(struct server *server, struct client *client,
                            const struct proto_request *request)
{
    enum proto_request_kind kind = request->kind;
    const char *verb = proto_request_verb(kind);

    if (!client->admitted && kind != PROTO_REQUEST_JOIN && kind != PROTO_REQUEST_HELP &&
        kind != PROTO_REQUEST_PING && kind != PROTO_REQUEST_PONG && kind != PROTO_REQUEST_QUIT &&
        kind != PROTO_REQUEST_EMPTY) {
        command_replyf(server, client, false, verb,
                       _("This room is locked: type /join CODE with the code from your teacher"));
        return false;
    }
    if (client->muted && (kind == PROTO_REQUEST_SAY || kind == PROTO_REQUEST_ME || kind == PROTO_REQUEST_MSG)) {
        command_replyf(server, client, false, verb, _("The teacher has muted you"));
        return false;
    }
    return true;
}

void command_execute(struct server *server, struct client *client, const char *line, size_t len,
                     int64_t now_ms)
{
    struct proto_request request;
    char quoted[160];

    proto_parse_request(line, len, &request);
    if (!command_allowed(server, client, &request))
        return;
    switch (request.kind) {
    case PROTO_REQUEST_EMPTY:
        break; /* an empty line is not a request: no response */
    case PROTO_REQUEST_SAY:
        command_say(server, client, request.text);
        break;
    case PROTO_REQUEST_NICK:
        command_nick(server, client, request.first);
        break;
    case PROTO_REQUEST_WHO:
        command_who(server, client);
        break;
    case PROTO_REQUEST_MSG:
        command_msg(server, client, &request);
        break;
    case PROTO_REQUEST_ME:
        command_me(server, client, request.text);
        break;
    case PROTO_REQUEST_QUIT:
        command_quit(server, client, request.text, now_ms);
        break;
    case PROTO_REQUEST_HELP:
        command_help(server, client);
        break;
    case PROTO_REQUEST_PING:
        command_reply(server, client, true, "ping", request.first.text, request.first.len);
        break;
    case PROTO_REQUEST_PONG:
        command_reply(server, client, true, "pong", NULL, 0); /* reading it was the answer */
        break;
    case PROTO_REQUEST_JOIN:
        command_join(server, client, request.first, now_ms);
        break;
    case PROTO_REQUEST_UNKNOWN:
        command_replyf(server, client, false, "unknown",
                       _("Unknown command /%s; /help lists the commands"),
                       command_quote(request.command, quoted, sizeof(quoted)));
        break;
    }
}

void command_line_too_long(struct server *server, struct client *client)
{
    command_replyf(server, client, false, "line",
                   _("Line too long (more than %zu bytes); it was discarded"),
                   server->options.max_line);
}

void command_welcome(struct server *server, struct client *client)
{
    char text[COMMAND_TEXT_MAX];
    int len = client->admitted
                  ? snprintf(text, sizeof(text),
                             _("Welcome to obrol, %s! Type a line and press Enter to talk to "
                               "everyone; /help lists the commands."),
                             client->nick)
                  : snprintf(text, sizeof(text),
                             _("Welcome to obrol, %s! This room is locked: type /join CODE with "
                               "the code from your teacher."),
                             client->nick);

    if (len < 0)
        return;
    if ((size_t)len >= sizeof(text))
        len = sizeof(text) - 1;
    size_t line_len = server_compose(server, "WELCOME", client->nick, text, (size_t)len);
    server_send(client, server->line, line_len);
}
