/*
 * protocol.c - parsing requests, server lines and nicks.
 */
#include "protocol.h"

#include <assert.h>
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
    struct proto_slice word = {.text = rest->text, .len = 0};

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

/* What follows a command's name. */
enum proto_shape {
    PROTO_SHAPE_NOTHING,   /* /who, /help */
    PROTO_SHAPE_WORD,      /* /nick NAME, /ping TOKEN, /join CODE, /pong TOKEN */
    PROTO_SHAPE_WORD_TEXT, /* /msg NICK TEXT */
    PROTO_SHAPE_TEXT,      /* /me TEXT, /quit REASON */
};

/*
 * Every kind of request: the verb it is typed as ("/nick") and answered with
 * ("OK nick ..."), and the shape of its arguments. Kinds that are not typed
 * after a '/' (a plain line, an unknown command) are not `typed`.
 */
static const struct proto_command {
    const char *verb;
    enum proto_shape shape;
    bool typed;
} proto_commands[] = {
    [PROTO_REQUEST_EMPTY] = {.verb = "line"},
    [PROTO_REQUEST_SAY] = {.verb = "say"},
    [PROTO_REQUEST_UNKNOWN] = {.verb = "unknown"},
    [PROTO_REQUEST_NICK] = {.verb = "nick", .shape = PROTO_SHAPE_WORD, .typed = true},
    [PROTO_REQUEST_WHO] = {.verb = "who", .shape = PROTO_SHAPE_NOTHING, .typed = true},
    [PROTO_REQUEST_MSG] = {.verb = "msg", .shape = PROTO_SHAPE_WORD_TEXT, .typed = true},
    [PROTO_REQUEST_ME] = {.verb = "me", .shape = PROTO_SHAPE_TEXT, .typed = true},
    [PROTO_REQUEST_QUIT] = {.verb = "quit", .shape = PROTO_SHAPE_TEXT, .typed = true},
    [PROTO_REQUEST_HELP] = {.verb = "help", .shape = PROTO_SHAPE_NOTHING, .typed = true},
    [PROTO_REQUEST_PING] = {.verb = "ping", .shape = PROTO_SHAPE_WORD, .typed = true},
    [PROTO_REQUEST_JOIN] = {.verb = "join", .shape = PROTO_SHAPE_WORD, .typed = true},
    [PROTO_REQUEST_PONG] = {.verb = "pong", .shape = PROTO_SHAPE_WORD, .typed = true},
};

#define PROTO_COMMAND_COUNT (sizeof(proto_commands) / sizeof(proto_commands[0]))

/* The kind of request typed as "/WORD" (any case), or PROTO_REQUEST_UNKNOWN. */
static enum proto_request_kind proto_command_kind(struct proto_slice word)
{
    for (size_t kind = 0; kind < PROTO_COMMAND_COUNT; kind++) {
        if (proto_commands[kind].typed && proto_slice_is(word, proto_commands[kind].verb))
            return (enum proto_request_kind)kind;
    }
    return PROTO_REQUEST_UNKNOWN;
}

void proto_parse_request(const char *line, size_t len, struct proto_request *request)
{
    struct proto_slice rest = {.text = line, .len = len};

    memset(request, 0, sizeof(*request));
    if (len == 0) {
        request->kind = PROTO_REQUEST_EMPTY;
        return;
    }
    if (line[0] != '/' || (len > 1 && line[1] == '/')) {
        /* A plain line is a message; "//text" sends "/text". */
        size_t slash = line[0] == '/';
        request->kind = PROTO_REQUEST_SAY;
        request->text = (struct proto_slice){.text = line + slash, .len = len - slash};
        return;
    }
    rest.text++, rest.len--;
    request->command = proto_take_word(&rest);
    request->kind = proto_command_kind(request->command);
    enum proto_shape shape = proto_commands[request->kind].shape;
    if (shape == PROTO_SHAPE_WORD || shape == PROTO_SHAPE_WORD_TEXT)
        request->first = proto_take_word(&rest);
    if (shape == PROTO_SHAPE_TEXT || shape == PROTO_SHAPE_WORD_TEXT)
        request->text = rest;
}

const char *proto_request_verb(enum proto_request_kind kind)
{
    assert((size_t)kind < PROTO_COMMAND_COUNT && proto_commands[kind].verb != NULL);
    return proto_commands[kind].verb;
}

/* ---- Nicks ------------------------------------------------------------------- */

/*
 * Names that would let a student pretend to be the server, the teacher or
 * everyone. They are looked for in every word of a nick and in its plain form
 * (proto_nick_reserved), so "Teacher_", "Pak_Guru" and "guru-kelas" are
 * reserved as well as "teacher", but "observer" and "ngobrol" are not.
 */
static const char *const proto_reserved_nicks[] = {
    "server",  "obrol", "admin",    "administrator", "root",   "system", "operator",
    "teacher", "guru",  "everyone", "all",           "nobody", "notice", "anonymous",
};

#define PROTO_RESERVED_COUNT (sizeof(proto_reserved_nicks) / sizeof(proto_reserved_nicks[0]))

static bool proto_is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char proto_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Is the lower-case text `word` (len bytes) one of the reserved names? */
static bool proto_word_reserved(const char *word, size_t len)
{
    for (size_t i = 0; i < PROTO_RESERVED_COUNT; i++) {
        if (strlen(proto_reserved_nicks[i]) == len &&
            memcmp(proto_reserved_nicks[i], word, len) == 0)
            return true;
    }
    return false;
}

/*
 * Reserved: a nick with no letter at all ("-", "123"); one whose plain form
 * (its letters, lower case: "s-e-r-v-e-r2" -> "server") is a reserved name;
 * or one with a reserved name among its words, which '_', '-', digits and a
 * capital after a small letter separate ("Pak_Guru", "TheTeacher", "admin2").
 */
static bool proto_nick_reserved(const char *nick, size_t len)
{
    char plain[PROTO_NICK_MAX + 1], word[PROTO_NICK_MAX + 1];
    size_t plain_len = 0, word_len = 0;

    for (size_t i = 0; i <= len; i++) {
        bool letter = i < len && proto_is_letter(nick[i]);
        bool new_word = letter && word_len > 0 && nick[i] >= 'A' && nick[i] <= 'Z' &&
                        nick[i - 1] >= 'a' && nick[i - 1] <= 'z';
        if ((!letter || new_word) && word_len > 0) {
            if (proto_word_reserved(word, word_len))
                return true;
            word_len = 0;
        }
        if (letter)
            plain[plain_len++] = word[word_len++] = proto_lower(nick[i]);
    }
    return plain_len == 0 || proto_word_reserved(plain, plain_len);
}

enum proto_nick_check proto_nick_check(const char *nick, size_t len)
{
    if (len == 0)
        return PROTO_NICK_EMPTY;
    if (len > PROTO_NICK_MAX)
        return PROTO_NICK_TOO_LONG;
    for (size_t i = 0; i < len; i++) {
        char c = nick[i];
        bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-';
        if (!allowed)
            return PROTO_NICK_BAD_CHAR;
    }
    return proto_nick_reserved(nick, len) ? PROTO_NICK_RESERVED : PROTO_NICK_OK;
}

bool proto_nick_has_letter(const char *nick, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (proto_is_letter(nick[i]))
            return true;
    }
    return false;
}

bool proto_nick_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return a_len == b_len &&
           (a_len == 0 || strncasecmp(a, b, a_len) == 0); /* a may be NULL when empty */
}

/* ---- Server lines ------------------------------------------------------------ */

/* Every keyword a server line may start with; `has_word`: a verb or a nick follows it. */
static const struct {
    const char *keyword;
    enum proto_line_kind kind;
    bool has_word;
} proto_keywords[] = {
    {.keyword = "OK", .kind = PROTO_LINE_OK, .has_word = true},
    {.keyword = "ERR", .kind = PROTO_LINE_ERR, .has_word = true},
    {.keyword = "WELCOME", .kind = PROTO_LINE_WELCOME, .has_word = true},
    {.keyword = "MSG", .kind = PROTO_LINE_MSG, .has_word = true},
    {.keyword = "ME", .kind = PROTO_LINE_ME, .has_word = true},
    {.keyword = "PRIV", .kind = PROTO_LINE_PRIV, .has_word = true},
    {.keyword = "JOIN", .kind = PROTO_LINE_JOIN, .has_word = true},
    {.keyword = "LEAVE", .kind = PROTO_LINE_LEAVE, .has_word = true},
    {.keyword = "NICK", .kind = PROTO_LINE_NICK, .has_word = true},
    {.keyword = "NOTICE", .kind = PROTO_LINE_NOTICE, .has_word = false},
    {.keyword = "BYE", .kind = PROTO_LINE_BYE, .has_word = false},
    {.keyword = "PING", .kind = PROTO_LINE_PING, .has_word = true},
};

void proto_parse_line(const char *line, size_t len, struct proto_line *parsed)
{
    struct proto_slice rest = {.text = line, .len = len};
    struct proto_slice keyword = proto_take_word_sep(&rest, false);

    memset(parsed, 0, sizeof(*parsed));
    parsed->kind = PROTO_LINE_OTHER;
    parsed->rest = (struct proto_slice){.text = line, .len = len};
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
