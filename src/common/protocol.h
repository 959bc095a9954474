/*
 * protocol.h - the obrol line protocol, shared by server, client and tests.
 *
 * Every message is one line of UTF-8 text ending in LF (CRLF is accepted).
 * docs/protocol.md describes it byte for byte. In short:
 *
 *   client -> server (requests)       server -> client
 *   Halo semua!                       OK say <text for people>
 *   /nick NAME                        OK nick NAME
 *   /who                              OK who NICK NICK ...
 *   /msg NICK TEXT                    OK msg NICK
 *   /me TEXT                          OK me <text for people>
 *   /quit [REASON]                    OK quit <text for people>
 *   /help                             OK help <text for people>
 *   /ping [TOKEN]                     OK ping [TOKEN]
 *   /join CODE                        OK join <text for people>  (rooms with a code)
 *   /pong [TOKEN]                     OK pong                    (answers PING)
 *   (any failure)                     ERR <verb> <reason for people>
 *
 * Each request gets exactly one response (OK or ERR), in request order. The
 * server also pushes events at any time; their first word is never OK or ERR:
 *
 *   WELCOME NICK <text>   MSG NICK TEXT    ME NICK TEXT    PRIV NICK TEXT
 *   JOIN NICK             LEAVE NICK <reason>              NICK OLD NEW
 *   NOTICE <text>         BYE <reason>  (the server is about to close)
 *   PING TOKEN <text>     (are you still there? any line answers it)
 *
 * The parsers here do no I/O and no allocation: they point into the line.
 */
#ifndef OBROL_PROTOCOL_H
#define OBROL_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>

#define PROTO_DEFAULT_PORT 12345
#define PROTO_DEFAULT_MAX_LINE 1024
#define PROTO_NICK_MAX 32
/* A PING token is at most this many letters and digits (the server sends its clock). */
#define PROTO_PING_TOKEN_MAX 23

/* A piece of a line: not NUL-terminated. */
struct proto_slice {
    const char *text;
    size_t len;
};

/* ---- Requests (what a client sends) ---------------------------------------- */

enum proto_request_kind {
    PROTO_REQUEST_EMPTY, /* an empty line: not a request, no response */
    PROTO_REQUEST_SAY,   /* a plain line: a message to everyone */
    PROTO_REQUEST_NICK,
    PROTO_REQUEST_WHO,
    PROTO_REQUEST_MSG,
    PROTO_REQUEST_ME,
    PROTO_REQUEST_QUIT,
    PROTO_REQUEST_HELP,
    PROTO_REQUEST_PING,
    PROTO_REQUEST_UNKNOWN, /* a /command the server does not know */
    PROTO_REQUEST_JOIN,    /* /join CODE: enter a room that has a room code */
    PROTO_REQUEST_PONG,    /* /pong [TOKEN]: the answer to the server's PING */
};

struct proto_request {
    enum proto_request_kind kind;
    struct proto_slice command; /* the word after '/', for PROTO_REQUEST_UNKNOWN */
    struct proto_slice first;   /* NICK for /nick and /msg, TOKEN for /ping */
    struct proto_slice text;    /* the message, the /me action, the quit reason */
};

/* Split a request line (without its LF) into its parts. */
void proto_parse_request(const char *line, size_t len, struct proto_request *request);

/* The word used for a request kind in responses ("say", "nick", ...). */
const char *proto_request_verb(enum proto_request_kind kind);

/* ---- Nicks ----------------------------------------------------------------- */

enum proto_nick_check {
    PROTO_NICK_OK,
    PROTO_NICK_EMPTY,
    PROTO_NICK_TOO_LONG, /* more than PROTO_NICK_MAX characters */
    PROTO_NICK_BAD_CHAR, /* only letters, digits, '_' and '-' are allowed */
    PROTO_NICK_RESERVED, /* would let someone impersonate ("server", "Pak_Guru"), or no letter */
};

/*
 * Is this a nick a client may take? Reserved are the names with no letter at
 * all ("-", "123"), those whose letters alone spell a reserved name
 * ("s-e-r-v-e-r"), and those with a reserved name among their words, which
 * '_', '-', digits and a capital after a small letter separate ("Teacher_",
 * "Pak_Guru", "guru-kelas", "server2", "TheTeacher"). docs/protocol.md lists
 * the names.
 */
enum proto_nick_check proto_nick_check(const char *nick, size_t len);

/* True if the nick has at least one letter (the reason a letterless one is reserved). */
bool proto_nick_has_letter(const char *nick, size_t len);

/* Nicks are compared without regard to case: "Budi" and "budi" are the same person. */
bool proto_nick_equal(const char *a, size_t a_len, const char *b, size_t b_len);

/* ---- Server lines (what a client receives) --------------------------------- */

enum proto_line_kind {
    PROTO_LINE_OK,      /* response: word = verb, rest = data */
    PROTO_LINE_ERR,     /* response: word = verb, rest = reason */
    PROTO_LINE_WELCOME, /* event: word = your nick, rest = text */
    PROTO_LINE_MSG,     /* event: word = sender, rest = text */
    PROTO_LINE_ME,      /* event: word = sender, rest = action */
    PROTO_LINE_PRIV,    /* event: word = sender, rest = text */
    PROTO_LINE_JOIN,    /* event: word = nick */
    PROTO_LINE_LEAVE,   /* event: word = nick, rest = reason */
    PROTO_LINE_NICK,    /* event: word = old nick, rest = new nick */
    PROTO_LINE_NOTICE,  /* event: rest = text (word empty) */
    PROTO_LINE_BYE,     /* event: rest = reason (word empty) */
    PROTO_LINE_PING,    /* event: word = token, rest = text (answer with /pong TOKEN) */
    PROTO_LINE_OTHER,   /* not obrol's protocol: rest = the whole line */
};

struct proto_line {
    enum proto_line_kind kind;
    struct proto_slice word;
    struct proto_slice rest;
};

void proto_parse_line(const char *line, size_t len, struct proto_line *parsed);

/* True for OK and ERR: the lines that answer a request. */
bool proto_line_is_response(enum proto_line_kind kind);

#endif
