/*
 * fuzz_protocol.c - the protocol parsers (src/common/protocol.c) on any line.
 *
 * What it proves: for any bytes (as a request from a client, and as a line
 * from a server),
 *   - proto_parse_request and proto_parse_line read nothing outside the line
 *     (the line is copied into a buffer of exactly its size, so AddressSanitizer
 *     catches a read one byte past it), and every slice they return lies inside
 *     the line (or is empty);
 *   - words are words: a nick, verb or command never holds a space;
 *   - the parts are where the protocol says: a plain line's text is the line
 *     (less a leading '/' for "//"), a request's parts follow its command, and
 *     a server line's rest follows its word;
 *   - proto_nick_check accepts only 1..PROTO_NICK_MAX letters, digits, '_'
 *     and '-', never a reserved name, and proto_nick_equal is symmetric.
 */
#include "fuzz.h"
#include "protocol.h"

/* The slice lies inside [line, line + len), or is empty. */
static void protocol_fuzz_check_slice(const char *what, struct proto_slice slice, const char *line,
                                      size_t len)
{
    if (slice.len == 0)
        return;
    FUZZ_CHECK(slice.text != NULL, "%s: %zu bytes at NULL", what, slice.len);
    FUZZ_CHECK(slice.text >= line && slice.len <= len &&
                   (size_t)(slice.text - line) <= len - slice.len,
               "%s: slice of %zu bytes outside the line of %zu", what, slice.len, len);
}

static void protocol_fuzz_check_word(const char *what, struct proto_slice word)
{
    FUZZ_CHECK(word.len == 0 || memchr(word.text, ' ', word.len) == NULL, "%s holds a space", what);
}

/* `later` starts at or after the end of `earlier` (when both are non-empty). */
static void protocol_fuzz_check_order(const char *what, struct proto_slice earlier,
                                      struct proto_slice later)
{
    if (earlier.len == 0 || later.len == 0)
        return;
    FUZZ_CHECK(later.text >= earlier.text + earlier.len, "%s overlap or out of order", what);
}

static void protocol_fuzz_request(const char *line, size_t len)
{
    struct proto_request request;

    proto_parse_request(line, len, &request);
    protocol_fuzz_check_slice("command", request.command, line, len);
    protocol_fuzz_check_slice("first", request.first, line, len);
    protocol_fuzz_check_slice("text", request.text, line, len);
    protocol_fuzz_check_word("command", request.command);
    protocol_fuzz_check_word("first", request.first);
    protocol_fuzz_check_order("command, first", request.command, request.first);
    protocol_fuzz_check_order("first, text", request.first, request.text);
    protocol_fuzz_check_order("command, text", request.command, request.text);
    FUZZ_CHECK(proto_request_verb(request.kind) != NULL, "no verb");

    switch (request.kind) {
    case PROTO_REQUEST_EMPTY:
        FUZZ_CHECK(len == 0, "a line of %zu bytes taken as empty", len);
        break;
    case PROTO_REQUEST_SAY: {
        size_t skip = line[0] == '/' ? 1 : 0;
        FUZZ_CHECK(line[0] != '/' || (len > 1 && line[1] == '/'), "a command taken as text");
        FUZZ_CHECK(request.text.len == len - skip &&
                       (request.text.len == 0 || request.text.text == line + skip),
                   "the text of a plain line is not the line");
        break;
    }
    default:
        FUZZ_CHECK(len > 0 && line[0] == '/', "a plain line taken as a command");
        FUZZ_CHECK(request.command.len == 0 || request.command.text == line + 1,
                   "the command does not follow the '/'");
        break;
    }
}

static void protocol_fuzz_server_line(const char *line, size_t len)
{
    struct proto_line parsed;

    proto_parse_line(line, len, &parsed);
    protocol_fuzz_check_slice("word", parsed.word, line, len);
    protocol_fuzz_check_slice("rest", parsed.rest, line, len);
    protocol_fuzz_check_word("word", parsed.word);
    protocol_fuzz_check_order("word, rest", parsed.word, parsed.rest);
    if (parsed.kind == PROTO_LINE_OTHER)
        FUZZ_CHECK(parsed.rest.len == len, "an unknown line was cut");
    else
        FUZZ_CHECK(parsed.rest.len < len, "a known line has no keyword");
    FUZZ_CHECK(proto_line_is_response(parsed.kind) ==
                   (parsed.kind == PROTO_LINE_OK || parsed.kind == PROTO_LINE_ERR),
               "response kinds");
}

static void protocol_fuzz_nick(const char *nick, size_t len)
{
    enum proto_nick_check check = proto_nick_check(nick, len);

    FUZZ_CHECK(check != PROTO_NICK_EMPTY || len == 0, "PROTO_NICK_EMPTY for %zu bytes", len);
    FUZZ_CHECK(check != PROTO_NICK_TOO_LONG || len > PROTO_NICK_MAX,
               "PROTO_NICK_TOO_LONG for %zu bytes", len);
    if (check == PROTO_NICK_OK) {
        FUZZ_CHECK(len >= 1 && len <= PROTO_NICK_MAX, "accepted a nick of %zu bytes", len);
        for (size_t i = 0; i < len; i++) {
            char c = nick[i];
            FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '_' || c == '-',
                       "accepted byte 0x%02x in a nick", (unsigned char)c);
        }
        FUZZ_CHECK(!proto_nick_equal(nick, len, "server", 6), "accepted \"server\"");
    }
    FUZZ_CHECK(proto_nick_equal(nick, len, nick, len), "a nick differs from itself");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact copy, so that reading one byte past the line is caught. */
    char *line = malloc(size ? size : 1);
    FUZZ_CHECK(line != NULL, "out of memory");
    if (size > 0)
        memcpy(line, data, size);

    protocol_fuzz_request(line, size);
    protocol_fuzz_server_line(line, size);
    protocol_fuzz_nick(line, size);

    /*
     * Nicks also arrive as the word of a server line: check that one, and compare.
     * A slice the parser did not fill is {NULL, 0}; proto_nick_equal hands its
     * pointers to strncasecmp, which must not get NULL even for 0 bytes, so
     * (like the client, whose slices there are always filled) pass "" instead.
     */
    struct proto_line parsed;
    proto_parse_line(line, size, &parsed);
    const char *word = parsed.word.text ? parsed.word.text : "";
    const char *rest = parsed.rest.text ? parsed.rest.text : "";
    protocol_fuzz_nick(word, parsed.word.len);
    protocol_fuzz_nick(rest, parsed.rest.len);
    FUZZ_CHECK(proto_nick_equal(word, parsed.word.len, rest, parsed.rest.len) ==
                   proto_nick_equal(rest, parsed.rest.len, word, parsed.word.len),
               "proto_nick_equal is not symmetric");
    free(line);
    return 0;
}
