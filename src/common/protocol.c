/*
 * protocol.c - parsing requests, server lines and nicks.
 */
#include "protocol.h"

#include <string.h>
#include <strings.h>

/* ---- Helpers ---------------------------------------------------------------- */

/*
 * Cut the first space-separated word off *rest. People typing requests may put
 * several spaces between words (all are skipped); the server puts exactly one,
 * so in its lines any further spaces belong to the text and are kept.
 */
static struct proto_slice proto_take_word_sep(struct proto_slice *rest, bool skip_all)
{
    struct proto_slice word = {rest->text, 0};

    while (word.len < rest->len && rest->text[word.len] != ' ')
        word.len++;
    size_t skip = word.len;
    while (skip < rest->len && rest->text[skip] == ' ') {
        skip++;
        if (!skip_all)
            break;
    }
    rest->text += skip;
    rest->len -= skip;
    return word;
}

static struct proto_slice proto_take_word(struct proto_slice *rest)
{
    return proto_take_word_sep(rest, true);
}

static bool proto_slice_is(struct proto_slice slice, const char *word)
{
    return slice.len == strlen(word) && strncasecmp(slice.text, word, slice.len) == 0;
}

/* ---- Requests --------------------------------------------------------------- */

static const struct {
    const char *name;
    enum proto_request_kind kind;
} proto_commands[] = {
    {"nick", PROTO_REQUEST_NICK}, {"who", PROTO_REQUEST_WHO},   {"msg", PROTO_REQUEST_MSG},
    {"me", PROTO_REQUEST_ME},     {"quit", PROTO_REQUEST_QUIT}, {"help", PROTO_REQUEST_HELP},
    {"ping", PROTO_REQUEST_PING}, {"join", PROTO_REQUEST_JOIN}, {"pong", PROTO_REQUEST_PONG},
};

void proto_parse_request(const char *line, size_t len, struct proto_request *request)
{
    struct proto_slice rest = {line, len};

    memset(request, 0, sizeof(*request));
    if (len == 0) {
        request->kind = PROTO_REQUEST_EMPTY;
        return;
    }
    if (line[0] != '/' || (len > 1 && line[1] == '/')) {
        /* A plain line is a message; "//text" sends "/text". */
        request->kind = PROTO_REQUEST_SAY;
        request->text = (struct proto_slice){line + (line[0] == '/'), len - (line[0] == '/')};
        return;
    }
    rest.text++, rest.len--;
    request->command = proto_take_word(&rest);
    request->kind = PROTO_REQUEST_UNKNOWN;
    for (size_t i = 0; i < sizeof(proto_commands) / sizeof(proto_commands[0]); i++) {
        if (proto_slice_is(request->command, proto_commands[i].name))
            request->kind = proto_commands[i].kind;
    }
    switch (request->kind) {
    case PROTO_REQUEST_NICK:
    case PROTO_REQUEST_PING:
    case PROTO_REQUEST_JOIN:
    case PROTO_REQUEST_PONG:
        request->first = proto_take_word(&rest);
        break;
    case PROTO_REQUEST_MSG:
        request->first = proto_take_word(&rest);
        request->text = rest;
        break;
    case PROTO_REQUEST_ME:
    case PROTO_REQUEST_QUIT:
        request->text = rest;
        break;
    default:
        break;
    }
}

const char *proto_request_verb(enum proto_request_kind kind)
{
    switch (kind) {
    case PROTO_REQUEST_SAY:
        return "say";
    case PROTO_REQUEST_NICK:
        return "nick";
    case PROTO_REQUEST_WHO:
        return "who";
    case PROTO_REQUEST_MSG:
        return "msg";
    case PROTO_REQUEST_ME:
        return "me";
    case PROTO_REQUEST_QUIT:
        return "quit";
    case PROTO_REQUEST_HELP:
        return "help";
    case PROTO_REQUEST_PING:
        return "ping";
    case PROTO_REQUEST_UNKNOWN:
        return "unknown";
    case PROTO_REQUEST_JOIN:
        return "join";
    case PROTO_REQUEST_PONG:
        return "pong";
    case PROTO_REQUEST_EMPTY:
        break;
    }
    return "line";
}

/* ---- Nicks ------------------------------------------------------------------- */

/* Names that would let a student pretend to be the server or the teacher. */
static const char *const proto_reserved_nicks[] = {
    "server", "obrol", "admin", "administrator", "root", "system", "operator",
    "teacher", "guru", "everyone", "all", "nobody", "notice", "anonymous",
};

enum proto_nick_check proto_nick_check(const char *nick, size_t len)
{
    if (len == 0)
        return PROTO_NICK_EMPTY;
    if (len > PROTO_NICK_MAX)
        return PROTO_NICK_TOO_LONG;
    for (size_t i = 0; i < len; i++) {
        char c = nick[i];
        bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed)
            return PROTO_NICK_BAD_CHAR;
    }
    for (size_t i = 0; i < sizeof(proto_reserved_nicks) / sizeof(proto_reserved_nicks[0]); i++) {
        const char *reserved = proto_reserved_nicks[i];
        if (proto_nick_equal(nick, len, reserved, strlen(reserved)))
            return PROTO_NICK_RESERVED;
    }
    return PROTO_NICK_OK;
}

bool proto_nick_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || strncasecmp(a, b, a_len) == 0); /* a may be NULL when empty */
}

/* ---- Server lines ------------------------------------------------------------ */

static const struct {
    const char *keyword;
    enum proto_line_kind kind;
    bool has_word; /* followed by a verb or a nick before the rest */
} proto_keywords[] = {
    {"OK", PROTO_LINE_OK, true},     {"ERR", PROTO_LINE_ERR, true},        {"WELCOME", PROTO_LINE_WELCOME, true},
    {"MSG", PROTO_LINE_MSG, true},   {"ME", PROTO_LINE_ME, true},          {"PRIV", PROTO_LINE_PRIV, true},
    {"JOIN", PROTO_LINE_JOIN, true}, {"LEAVE", PROTO_LINE_LEAVE, true},    {"NICK", PROTO_LINE_NICK, true},
    {"NOTICE", PROTO_LINE_NOTICE, false}, {"BYE", PROTO_LINE_BYE, false},   {"PING", PROTO_LINE_PING, true},
};

void proto_parse_line(const char *line, size_t len, struct proto_line *parsed)
{
    struct proto_slice rest = {line, len};
    struct proto_slice keyword = proto_take_word_sep(&rest, false);

    memset(parsed, 0, sizeof(*parsed));
    parsed->kind = PROTO_LINE_OTHER;
    parsed->rest = (struct proto_slice){line, len};
    for (size_t i = 0; i < sizeof(proto_keywords) / sizeof(proto_keywords[0]); i++) {
        const char *word = proto_keywords[i].keyword;
        if (keyword.len != strlen(word) || memcmp(keyword.text, word, keyword.len) != 0)
            continue; /* keywords are upper case, exactly */
        parsed->kind = proto_keywords[i].kind;
        if (proto_keywords[i].has_word)
            parsed->word = proto_take_word_sep(&rest, false);
        parsed->rest = rest;
        return;
    }
}

bool proto_line_is_response(enum proto_line_kind kind)
{
    return kind == PROTO_LINE_OK || kind == PROTO_LINE_ERR;
}
