/*
 * test_protocol.c - parsing requests, nicks and server lines (src/common/protocol.c).
 *
 * Every request and every server line of docs/protocol.md is parsed here, with
 * the spellings people really type (extra spaces, upper case, missing
 * arguments) and the lines a program must not mistake for the protocol.
 */
#include "check-main.h"
#include "protocol.h"

#include <stdio.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------------ */

/* A slice must hold exactly `expected` (an empty slice may have a NULL text). */
static void expect_slice(struct proto_slice slice, const char *expected)
{
    ck_assert_msg(slice.len == strlen(expected) &&
                      (slice.len == 0 || memcmp(slice.text, expected, slice.len) == 0),
                  "expected \"%s\", got \"%.*s\"", expected, (int)slice.len,
                  slice.len ? slice.text : "");
}

static struct proto_request parse_request(const char *line)
{
    struct proto_request request;

    proto_parse_request(line, strlen(line), &request);
    return request;
}

static struct proto_line parse_line(const char *line)
{
    struct proto_line parsed;

    proto_parse_line(line, strlen(line), &parsed);
    return parsed;
}

static enum proto_nick_check check_nick(const char *nick)
{
    return proto_nick_check(nick, strlen(nick));
}

/* ---- Requests ------------------------------------------------------------------- */

/* A line not starting with '/' is a message to everyone, kept byte for byte. */
START_TEST(test_request_plain_text)
{
    struct proto_request r = parse_request("Halo semua!  apa kabar? ");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_SAY);
    expect_slice(r.text, "Halo semua!  apa kabar? ");
    r = parse_request(" /nick budi"); /* a space first: text, not a command */
    ck_assert_int_eq(r.kind, PROTO_REQUEST_SAY);
    expect_slice(r.text, " /nick budi");
}
END_TEST

/* "//text" sends "/text" as a message (the way to start a message with '/'). */
START_TEST(test_request_double_slash)
{
    struct proto_request r = parse_request("//nick is a command");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_SAY);
    expect_slice(r.text, "/nick is a command");
    r = parse_request("//");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_SAY);
    expect_slice(r.text, "/");
}
END_TEST

/* /nick: the name is the first word; several spaces are accepted; case is ignored. */
START_TEST(test_request_nick)
{
    struct proto_request r = parse_request("/nick budi");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_NICK);
    expect_slice(r.first, "budi");
    r = parse_request("/nick  budi");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_NICK);
    expect_slice(r.first, "budi");
    r = parse_request("/NICK Siti");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_NICK);
    expect_slice(r.first, "Siti");
    r = parse_request("/Nick");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_NICK);
    expect_slice(r.first, ""); /* missing: the server answers ERR nick */
}
END_TEST

/* /who and /help take no arguments. */
START_TEST(test_request_who_and_help)
{
    ck_assert_int_eq(parse_request("/who").kind, PROTO_REQUEST_WHO);
    ck_assert_int_eq(parse_request("/WHO").kind, PROTO_REQUEST_WHO);
    ck_assert_int_eq(parse_request("/help").kind, PROTO_REQUEST_HELP);
    ck_assert_int_eq(parse_request("/Help me").kind, PROTO_REQUEST_HELP);
}
END_TEST

/* /msg NICK TEXT: the nick is one word, the text is the rest with its own spaces. */
START_TEST(test_request_msg)
{
    struct proto_request r = parse_request("/msg siti  psst,  besok libur");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_MSG);
    expect_slice(r.first, "siti");
    expect_slice(r.text, "psst,  besok libur");
    r = parse_request("/msg siti"); /* text missing */
    ck_assert_int_eq(r.kind, PROTO_REQUEST_MSG);
    expect_slice(r.first, "siti");
    expect_slice(r.text, "");
    r = parse_request("/msg"); /* both missing */
    ck_assert_int_eq(r.kind, PROTO_REQUEST_MSG);
    expect_slice(r.first, "");
    expect_slice(r.text, "");
}
END_TEST

/* /me TEXT: the action is everything after the command. */
START_TEST(test_request_me)
{
    struct proto_request r = parse_request("/me waves  to everyone");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_ME);
    expect_slice(r.text, "waves  to everyone");
    r = parse_request("/me");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_ME);
    expect_slice(r.text, "");
}
END_TEST

/* /quit with a reason, and without one. */
START_TEST(test_request_quit)
{
    struct proto_request r = parse_request("/quit sampai jumpa");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_QUIT);
    expect_slice(r.text, "sampai jumpa");
    r = parse_request("/quit");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_QUIT);
    expect_slice(r.text, "");
    r = parse_request("/QUIT   bye");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_QUIT);
    expect_slice(r.text, "bye");
}
END_TEST

/* /ping with a token (echoed back), and without one. */
START_TEST(test_request_ping)
{
    struct proto_request r = parse_request("/ping 17");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_PING);
    expect_slice(r.first, "17");
    r = parse_request("/ping");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_PING);
    expect_slice(r.first, "");
}
END_TEST

/* A command the server does not know keeps its name, for "ERR unknown". */
START_TEST(test_request_unknown)
{
    struct proto_request r = parse_request("/dance wildly");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_UNKNOWN);
    expect_slice(r.command, "dance");
    r = parse_request("/nickname budi"); /* a prefix of a command is not the command */
    ck_assert_int_eq(r.kind, PROTO_REQUEST_UNKNOWN);
    expect_slice(r.command, "nickname");
    r = parse_request("/ni");
    ck_assert_int_eq(r.kind, PROTO_REQUEST_UNKNOWN);
}
END_TEST

/* "/" alone is an unknown (empty) command, not a message. */
START_TEST(test_request_slash_alone)
{
    struct proto_request r = parse_request("/");

    ck_assert_int_eq(r.kind, PROTO_REQUEST_UNKNOWN);
    expect_slice(r.command, "");
}
END_TEST

/* An empty line is not a request at all (it gets no response). */
START_TEST(test_request_empty)
{
    struct proto_request r;

    proto_parse_request("", 0, &r);
    ck_assert_int_eq(r.kind, PROTO_REQUEST_EMPTY);
}
END_TEST

/* The parser stops at `len`: the bytes after it are not part of the line. */
START_TEST(test_request_respects_length)
{
    struct proto_request r;

    proto_parse_request("/nick budiXYZ", 9, &r); /* "/nick bud" */
    ck_assert_int_eq(r.kind, PROTO_REQUEST_NICK);
    expect_slice(r.first, "bud");
}
END_TEST

/* The verb that names each kind of request in "OK verb" / "ERR verb". */
START_TEST(test_request_verbs)
{
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_SAY), "say");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_NICK), "nick");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_WHO), "who");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_MSG), "msg");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_ME), "me");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_QUIT), "quit");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_HELP), "help");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_PING), "ping");
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_UNKNOWN), "unknown");
    ck_assert_ptr_nonnull(proto_request_verb(PROTO_REQUEST_EMPTY));
}
END_TEST

/* ---- Nicks ------------------------------------------------------------------------ */

/* Letters, digits, '_' and '-' make a valid nick. */
START_TEST(test_nick_ok)
{
    ck_assert_int_eq(check_nick("budi"), PROTO_NICK_OK);
    ck_assert_int_eq(check_nick("Siti_2"), PROTO_NICK_OK);
    ck_assert_int_eq(check_nick("a-b"), PROTO_NICK_OK);
    ck_assert_int_eq(check_nick("x"), PROTO_NICK_OK);
    ck_assert_int_eq(check_nick("guest1"), PROTO_NICK_OK);
}
END_TEST

START_TEST(test_nick_empty)
{
    ck_assert_int_eq(check_nick(""), PROTO_NICK_EMPTY);
}
END_TEST

/* 32 characters are allowed, 33 are too many. */
START_TEST(test_nick_length)
{
    char nick[PROTO_NICK_MAX + 2];

    memset(nick, 'n', sizeof(nick) - 1);
    nick[sizeof(nick) - 1] = '\0';
    ck_assert_int_eq(proto_nick_check(nick, PROTO_NICK_MAX), PROTO_NICK_OK);
    ck_assert_int_eq(proto_nick_check(nick, PROTO_NICK_MAX + 1), PROTO_NICK_TOO_LONG);
}
END_TEST

/* Spaces, punctuation, controls and non-ASCII letters are refused. */
START_TEST(test_nick_bad_chars)
{
    static const char *const bad[] = {
        "budi santoso", "budi!", "b.udi", "@budi", "budi\t", "bud\x1B[2J", "J\xC3\xBCrgen", /* ü */
        "\xE5\xB0\x8F", /* 小 */
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(check_nick(bad[i]) == PROTO_NICK_BAD_CHAR, "\"%s\" was accepted", bad[i]);
    ck_assert_int_eq(proto_nick_check("bu\0di", 5), PROTO_NICK_BAD_CHAR); /* NUL inside */
}
END_TEST

/* Names that pose as the server or the teacher are reserved, in any case. */
START_TEST(test_nick_reserved)
{
    static const char *const reserved[] = {
        "server",        "SERVER", "Guru",   "obrol",    "Admin",
        "administrator", "root",   "system", "operator", "teacher",
        "everyone",      "ALL",    "nobody", "notice",   "anonymous",
    };

    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
        ck_assert_msg(check_nick(reserved[i]) == PROTO_NICK_RESERVED, "\"%s\" was allowed",
                      reserved[i]);
    ck_assert_int_eq(check_nick("al"), PROTO_NICK_OK);
}
END_TEST

/*
 * Reserved by their words and their plain form: a reserved name between '_',
 * '-', digits or a capital after a small letter, or spelled by the letters
 * alone, is reserved; a name that merely contains one ("observer", "ngobrol",
 * "Sally", "badminton") is not.
 */
START_TEST(test_nick_reserved_words)
{
    static const char *const reserved[] = {
        "Teacher_", "Pak_Guru", "guru-kelas", "server2", "_ADMIN_",    "s-e-r-v-e-r",
        "Root99",   "all_",     "A-L-L",      "2all",    "TheTeacher", "obrol-bot",
        "notice1",  "GuruBudi", "budi_guru",  "adminKu", "NoBody",     "iAdmin",
    };
    static const char *const allowed[] = {
        "Sally",     "Allan", "budi_2", "siti-a", "guest12",   "observer", "ngobrol",
        "badminton", "Guruh", "guruku", "x1",     "ecosystem", "Rooted",
    };

    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
        ck_assert_msg(check_nick(reserved[i]) == PROTO_NICK_RESERVED, "\"%s\" was allowed",
                      reserved[i]);
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
        ck_assert_msg(check_nick(allowed[i]) == PROTO_NICK_OK, "\"%s\" was refused", allowed[i]);
}
END_TEST

/* A nick with no letter at all ("-", "123", "__") is reserved: it would pass for a marker. */
START_TEST(test_nick_without_a_letter)
{
    static const char *const letterless[] = {"-", "_", "123", "__--", "0"};

    for (size_t i = 0; i < sizeof(letterless) / sizeof(letterless[0]); i++) {
        ck_assert_msg(check_nick(letterless[i]) == PROTO_NICK_RESERVED, "\"%s\" was allowed",
                      letterless[i]);
        ck_assert(!proto_nick_has_letter(letterless[i], strlen(letterless[i])));
    }
    ck_assert(proto_nick_has_letter("7a", 2));
    ck_assert(proto_nick_has_letter("Z", 1));
}
END_TEST

/* Nick comparison ignores case and needs the same length. */
START_TEST(test_nick_equal)
{
    ck_assert(proto_nick_equal("Budi", 4, "budi", 4));
    ck_assert(proto_nick_equal("SITI_2", 6, "siti_2", 6));
    ck_assert(!proto_nick_equal("budi", 4, "budio", 5));
    ck_assert(!proto_nick_equal("budi", 4, "bud", 3));
    ck_assert(!proto_nick_equal("budi", 4, "badi", 4));
    ck_assert(proto_nick_equal("budiXYZ", 4, "BUDIabc", 4)); /* only `len` bytes count */
}
END_TEST

/* ---- Server lines ----------------------------------------------------------------- */

/* OK and ERR: word is the verb, rest the data or reason. */
START_TEST(test_line_ok_err)
{
    struct proto_line p = parse_line("OK nick budi");

    ck_assert_int_eq(p.kind, PROTO_LINE_OK);
    expect_slice(p.word, "nick");
    expect_slice(p.rest, "budi");
    p = parse_line("ERR nick That nick is reserved: nobody may pretend to be the server");
    ck_assert_int_eq(p.kind, PROTO_LINE_ERR);
    expect_slice(p.word, "nick");
    expect_slice(p.rest, "That nick is reserved: nobody may pretend to be the server");
    p = parse_line("OK ping");
    ck_assert_int_eq(p.kind, PROTO_LINE_OK);
    expect_slice(p.word, "ping");
    expect_slice(p.rest, "");
    p = parse_line("OK who budi siti guest3");
    expect_slice(p.word, "who");
    expect_slice(p.rest, "budi siti guest3");
}
END_TEST

/* WELCOME: the first word is your nick. */
START_TEST(test_line_welcome)
{
    struct proto_line p = parse_line("WELCOME guest1 Welcome to obrol, guest1!");

    ck_assert_int_eq(p.kind, PROTO_LINE_WELCOME);
    expect_slice(p.word, "guest1");
    expect_slice(p.rest, "Welcome to obrol, guest1!");
}
END_TEST

/* MSG keeps every space of the text (the server puts exactly one before it). */
START_TEST(test_line_msg_keeps_spaces)
{
    struct proto_line p = parse_line("MSG budi  hi");

    ck_assert_int_eq(p.kind, PROTO_LINE_MSG);
    expect_slice(p.word, "budi");
    expect_slice(p.rest, " hi");
    p = parse_line("MSG siti Halo semua!  ");
    expect_slice(p.rest, "Halo semua!  ");
}
END_TEST

/* ME, PRIV, JOIN, LEAVE, NICK: a nick, then the rest. */
START_TEST(test_line_events_with_nick)
{
    struct proto_line p = parse_line("ME budi waves");

    ck_assert_int_eq(p.kind, PROTO_LINE_ME);
    expect_slice(p.word, "budi");
    expect_slice(p.rest, "waves");

    p = parse_line("PRIV siti psst");
    ck_assert_int_eq(p.kind, PROTO_LINE_PRIV);
    expect_slice(p.word, "siti");
    expect_slice(p.rest, "psst");

    p = parse_line("JOIN guest2");
    ck_assert_int_eq(p.kind, PROTO_LINE_JOIN);
    expect_slice(p.word, "guest2");
    expect_slice(p.rest, "");

    p = parse_line("LEAVE budi sampai jumpa");
    ck_assert_int_eq(p.kind, PROTO_LINE_LEAVE);
    expect_slice(p.word, "budi");
    expect_slice(p.rest, "sampai jumpa");

    p = parse_line("NICK guest2 siti");
    ck_assert_int_eq(p.kind, PROTO_LINE_NICK);
    expect_slice(p.word, "guest2");
    expect_slice(p.rest, "siti");
}
END_TEST

/* NOTICE and BYE have no word: everything after the keyword is the text. */
START_TEST(test_line_notice_bye)
{
    struct proto_line p = parse_line("NOTICE The server restarts at 10:00");

    ck_assert_int_eq(p.kind, PROTO_LINE_NOTICE);
    expect_slice(p.word, "");
    expect_slice(p.rest, "The server restarts at 10:00");

    p = parse_line("BYE The server is shutting down. Goodbye!");
    ck_assert_int_eq(p.kind, PROTO_LINE_BYE);
    expect_slice(p.word, "");
    expect_slice(p.rest, "The server is shutting down. Goodbye!");

    p = parse_line("BYE");
    ck_assert_int_eq(p.kind, PROTO_LINE_BYE);
    expect_slice(p.rest, "");
}
END_TEST

/* Keywords are upper case exactly; anything else is not obrol's protocol. */
START_TEST(test_line_other)
{
    static const char *const others[] = {
        "ok nick budi", "Ok say hi",  "Pesan diterima server", "OKAY fine", "",
        " OK say hi",   "MSGbudi hi",
    };

    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        struct proto_line p = parse_line(others[i]);
        ck_assert_msg(p.kind == PROTO_LINE_OTHER, "\"%s\" was taken for a keyword", others[i]);
        expect_slice(p.rest, others[i]); /* the whole line, for showing as it is */
    }
}
END_TEST

/* Only OK and ERR answer a request; every event is something else. */
START_TEST(test_line_is_response)
{
    ck_assert(proto_line_is_response(PROTO_LINE_OK));
    ck_assert(proto_line_is_response(PROTO_LINE_ERR));
    ck_assert(!proto_line_is_response(PROTO_LINE_WELCOME));
    ck_assert(!proto_line_is_response(PROTO_LINE_MSG));
    ck_assert(!proto_line_is_response(PROTO_LINE_ME));
    ck_assert(!proto_line_is_response(PROTO_LINE_PRIV));
    ck_assert(!proto_line_is_response(PROTO_LINE_JOIN));
    ck_assert(!proto_line_is_response(PROTO_LINE_LEAVE));
    ck_assert(!proto_line_is_response(PROTO_LINE_NICK));
    ck_assert(!proto_line_is_response(PROTO_LINE_NOTICE));
    ck_assert(!proto_line_is_response(PROTO_LINE_BYE));
    ck_assert(!proto_line_is_response(PROTO_LINE_OTHER));
}
END_TEST

/* The classroom requests: /join CODE and /pong TOKEN take one word. */
START_TEST(test_request_join_and_pong)
{
    struct proto_request request;

    proto_parse_request("/join  kelas7 extra", 19, &request);
    ck_assert_int_eq(request.kind, PROTO_REQUEST_JOIN);
    ck_assert_uint_eq(request.first.len, 6);
    ck_assert(memcmp(request.first.text, "kelas7", 6) == 0);
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_JOIN), "join");
    proto_parse_request("/PONG 123", 9, &request);
    ck_assert_int_eq(request.kind, PROTO_REQUEST_PONG);
    ck_assert_uint_eq(request.first.len, 3);
    ck_assert_str_eq(proto_request_verb(PROTO_REQUEST_PONG), "pong");
}
END_TEST

/* "PING TOKEN text" is an event (never a response) whose word is the token. */
START_TEST(test_line_ping)
{
    struct proto_line line;
    const char *text = "PING 42 Are you still there?";

    proto_parse_line(text, strlen(text), &line);
    ck_assert_int_eq(line.kind, PROTO_LINE_PING);
    ck_assert_uint_eq(line.word.len, 2);
    ck_assert(memcmp(line.word.text, "42", 2) == 0);
    ck_assert_uint_eq(line.rest.len, strlen("Are you still there?"));
    ck_assert(!proto_line_is_response(PROTO_LINE_PING));
}
END_TEST

static Suite *protocol_suite(void)
{
    Suite *suite = suite_create("protocol");
    TCase *requests = tcase_create("requests");
    TCase *nicks = tcase_create("nicks");
    TCase *lines = tcase_create("server lines");

    tcase_add_test(requests, test_request_plain_text);
    tcase_add_test(requests, test_request_double_slash);
    tcase_add_test(requests, test_request_nick);
    tcase_add_test(requests, test_request_who_and_help);
    tcase_add_test(requests, test_request_msg);
    tcase_add_test(requests, test_request_me);
    tcase_add_test(requests, test_request_quit);
    tcase_add_test(requests, test_request_ping);
    tcase_add_test(requests, test_request_unknown);
    tcase_add_test(requests, test_request_slash_alone);
    tcase_add_test(requests, test_request_empty);
    tcase_add_test(requests, test_request_respects_length);
    tcase_add_test(requests, test_request_verbs);
    suite_add_tcase(suite, requests);

    tcase_add_test(nicks, test_nick_ok);
    tcase_add_test(nicks, test_nick_empty);
    tcase_add_test(nicks, test_nick_length);
    tcase_add_test(nicks, test_nick_bad_chars);
    tcase_add_test(nicks, test_nick_reserved);
    tcase_add_test(nicks, test_nick_reserved_words);
    tcase_add_test(nicks, test_nick_without_a_letter);
    tcase_add_test(nicks, test_nick_equal);
    suite_add_tcase(suite, nicks);

    tcase_add_test(lines, test_line_ok_err);
    tcase_add_test(lines, test_line_welcome);
    tcase_add_test(lines, test_line_msg_keeps_spaces);
    tcase_add_test(lines, test_line_events_with_nick);
    tcase_add_test(lines, test_line_notice_bye);
    tcase_add_test(lines, test_line_other);
    tcase_add_test(lines, test_line_is_response);
    tcase_add_test(lines, test_request_join_and_pong);
    tcase_add_test(lines, test_line_ping);
    suite_add_tcase(suite, lines);
    return suite;
}

CHECK_MAIN(protocol_suite)
