/*
 * test_hostile.c - the server does not trust its clients.
 *
 * A client may send a line of megabytes, binary junk, terminal escape
 * sequences, or vanish with a TCP reset halfway through a line. The server must
 * keep its memory bounded, pass nothing dangerous on, and go on serving the others.
 */
#include "check-main.h"
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct harness_server server;

/* ---- Checking what receivers get --------------------------------------------------- */

/*
 * Why `line` (len bytes, without its LF) could harm a terminal, or NULL if it
 * is safe: a control byte other than TAB, DEL, invalid or overlong UTF-8, a
 * surrogate, a C1 control or a bidi override. Written here independently of
 * src/common/sanitize.c, so that the test does not trust the code it tests.
 */
static const char *unsafe_for_terminal(const unsigned char *line, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char lead = line[i];
        uint32_t codepoint;
        size_t extra;

        if (lead == '\t' || (lead >= 0x20 && lead < 0x7F)) {
            i++;
            continue;
        }
        if (lead < 0x20)
            return "a C0 control byte";
        if (lead == 0x7F)
            return "DEL";
        if (lead >= 0xC2 && lead <= 0xDF)
            extra = 1, codepoint = lead & 0x1Fu;
        else if (lead >= 0xE0 && lead <= 0xEF)
            extra = 2, codepoint = lead & 0x0Fu;
        else if (lead >= 0xF0 && lead <= 0xF4)
            extra = 3, codepoint = lead & 0x07u;
        else
            return "a byte that cannot start UTF-8";
        if (i + extra >= len)
            return "truncated UTF-8";
        for (size_t k = 1; k <= extra; k++) {
            if ((line[i + k] & 0xC0) != 0x80)
                return "a missing UTF-8 continuation byte";
            codepoint = (codepoint << 6) | (line[i + k] & 0x3Fu);
        }
        if ((extra == 2 && codepoint < 0x800) || (extra == 3 && codepoint < 0x10000))
            return "overlong UTF-8";
        if (codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF))
            return "a surrogate or a code point beyond Unicode";
        if (codepoint >= 0x80 && codepoint <= 0x9F)
            return "a C1 control";
        if ((codepoint >= 0x202A && codepoint <= 0x202E) ||
            (codepoint >= 0x2066 && codepoint <= 0x2069))
            return "a bidi override";
        i += extra + 1;
    }
    return NULL;
}

/* A small fixed-seed generator (xorshift32): the same "random" bytes every run. */
static uint32_t junk_next(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* How many requests the server will see in `bytes`: non-empty lines, each ended
 * by LF, CR LF or a CR alone (docs/protocol.md, "What a line is"). */
static size_t count_requests(const char *bytes, size_t len)
{
    size_t count = 0, start = 0;

    for (size_t i = 0; i < len; i++) {
        if (bytes[i] != '\n' && bytes[i] != '\r')
            continue;
        count += i > start;
        if (bytes[i] == '\r' && i + 1 < len && bytes[i + 1] == '\n')
            i++; /* CR LF: one line end */
        start = i + 1;
    }
    return count;
}

/* ---- A line of 4 MiB ------------------------------------------------------------------ */

/* 4 MiB without a newline: the sender gets "ERR line", the rest of the line is
 * thrown away as it arrives (never stored: VmRSS grows by less than the line),
 * the sender stays connected, and its next line is relayed. */
START_TEST(test_four_megabyte_line)
{
    const size_t huge = 4u << 20;
    struct harness_conn sender, bob;
    char line[512], joined[128], expected[256];

    harness_shrink_asan_quarantine();
    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_connect(&sender, server.port)); /* has never sent a newline */
    ck_assert_int_gt(harness_expect(&bob, "JOIN ", joined, sizeof(joined), 3000), 0);
    long rss_before = harness_server_rss_kb(&server);
    ck_assert_int_gt(rss_before, 0);

    char *flood = malloc(huge);
    ck_assert_ptr_nonnull(flood);
    memset(flood, 'A', huge);
    ck_assert(harness_send(&sender, flood, huge));
    free(flood);
    ck_assert(harness_send_text(&sender, "\nafter the flood\n"));

    ck_assert_int_gt(harness_read_line(&sender, line, sizeof(line), 5000), 0);
    ck_assert_str_eq(line, "ERR line Line too long (more than 1024 bytes); it was discarded");
    ck_assert_int_gt(harness_read_line(&sender, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "OK say "));
    snprintf(expected, sizeof(expected), "MSG %s after the flood", joined + strlen("JOIN "));
    ck_assert_int_gt(harness_expect(&bob, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, expected);

    long rss_after = harness_server_rss_kb(&server);
    /* Under valgrind VmRSS is valgrind's own; its leak check covers memory there. */
    ck_assert_msg(harness_valgrind() || rss_after - rss_before < 4 * 1024 + HARNESS_RSS_SLACK_KB,
                  "VmRSS grew from %ld to %ld KiB", rss_before, rss_after);
    ck_assert(harness_settle(&sender)); /* still connected */

    harness_close(&sender);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* The limit is exact: 1024 bytes are a line, 1025 are too long, whether the line
 * ends in LF, in CRLF, or (for a client that never sent a newline) in silence. */
START_TEST(test_line_limit_is_exact)
{
    struct harness_conn typist, quiet;
    char text[1100], line[2048];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    memset(text, 'b', sizeof(text));

    /* Ended by silence: this client never sends a newline. */
    ck_assert(harness_connect(&quiet, server.port));
    ck_assert(harness_send(&quiet, text, 1024));
    ck_assert_int_gt(harness_read_line(&quiet, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "OK say "));
    harness_close(&quiet);
    ck_assert(harness_connect(&quiet, server.port));
    ck_assert(harness_send(&quiet, text, 1025));
    ck_assert_int_gt(harness_read_line(&quiet, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "ERR line "));
    harness_close(&quiet);

    /* Ended by LF and CRLF. */
    ck_assert(harness_connect(&typist, server.port));
    const size_t lengths[] = {1024, 1025, 1024, 1025};
    for (int i = 0; i < 4; i++) {
        ck_assert(harness_send(&typist, text, lengths[i]));
        ck_assert(harness_send_text(&typist, i < 2 ? "\n" : "\r\n"));
    }
    const char *expected[] = {"OK say ", "ERR line ", "OK say ", "ERR line "};
    for (int i = 0; i < 4; i++) {
        /* Responses only: the quiet client's LEAVE may come first (an event, not an answer). */
        do
            ck_assert_int_gt(harness_read_line(&typist, line, sizeof(line), 3000), 0);
        while (harness_starts_with(line, "LEAVE ") || harness_starts_with(line, "JOIN "));
        ck_assert_msg(harness_starts_with(line, expected[i]), "line %d: %s", i, line);
    }
    harness_close(&typist);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Junk and escape sequences ------------------------------------------------------- */

/* Read bob's lines until alice's END line; every line must be safe for a terminal. */
static size_t receive_junk(struct harness_conn *bob, struct harness_lines *relayed)
{
    static char line[HARNESS_LINE_MAX];
    size_t messages = 0;

    for (int round = 0; round < 10000; round++) {
        int len = harness_read_line(bob, line, sizeof(line), 5000);
        ck_assert_int_ge(len, 0);
        ck_assert_msg((size_t)len == strlen(line), "a NUL byte was relayed");
        const char *problem = unsafe_for_terminal((const unsigned char *)line, (size_t)len);
        ck_assert_msg(problem == NULL, "relayed %s in line %d", problem, round);
        if (!harness_starts_with(line, "MSG alice "))
            continue;
        messages++;
        ck_assert(harness_lines_add(relayed, line));
        if (strcmp(line, "MSG alice END of junk") == 0)
            break;
    }
    return messages;
}

/* Every byte value, random bytes and escape sequences: receivers get only
 * printable UTF-8 (control characters made visible), and the server keeps going. */
START_TEST(test_junk_and_escapes_are_defused)
{
    static const char escapes[] = "\x1b[2J cleared?\n"       /* clear the screen */
                                  "\x1b]52;c;SGVsbG8=\x07\n" /* OSC 52: write the clipboard */
                                  "hi\rFAKE\n"               /* CR: would print over "hi" */
                                  "csi \xc2\x9b"
                                  "31m\n"                   /* C1 CSI in UTF-8 */
                                  "\xe2\x80\xae reversed\n" /* bidi override */
                                  "\xc0\xaf overlong\n"     /* overlong '/' */
                                  "ad\xe2\x80\x8bmin\n";    /* ZERO WIDTH SPACE */
    struct harness_conn alice, bob;
    struct harness_lines relayed = {0}, said = {0};
    char junk[20000];
    size_t len = 0;
    uint32_t seed = 0x0b701u;

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_settle(&bob));

    for (int byte = 0; byte < 256; byte++) /* every byte value (0x0A and 0x0D end lines) */
        junk[len++] = (char)byte;
    junk[len++] = '\n';
    for (int i = 0; i < 64; i++) { /* random lines, none a command */
        size_t line_len = 1 + junk_next(&seed) % 200;
        size_t start = len;
        for (size_t k = 0; k < line_len; k++) {
            char byte = (char)(junk_next(&seed) & 0xFF);
            junk[len++] = byte == '\n' ? 'n' : byte == '\r' ? 'r' : byte; /* one line each */
        }
        if (junk[start] == '/')
            junk[start] = 'x';
        junk[len++] = '\n';
    }
    memcpy(junk + len, escapes, strlen(escapes));
    len += strlen(escapes);
    size_t requests = count_requests(junk, len);
    ck_assert(harness_send(&alice, junk, len));
    ck_assert(harness_send_text(&alice, "END of junk\n"));

    ck_assert_uint_eq(receive_junk(&bob, &relayed), requests + 1);
    ck_assert(harness_lines_has(&relayed, "MSG alice \xe2\x90\x9b[2J cleared?")); /* ␛ */
    ck_assert(harness_lines_has(&relayed, "MSG alice \xe2\x90\x9b]52;c;SGVsbG8=\xe2\x90\x87"));
    /* A CR ends a line: "FAKE" comes as a message of its own, with alice's name. */
    ck_assert(harness_lines_has(&relayed, "MSG alice hi"));
    ck_assert(harness_lines_has(&relayed, "MSG alice FAKE"));
    ck_assert(harness_lines_has(&relayed, "MSG alice csi \xef\xbf\xbd"
                                          "31m")); /* U+FFFD */
    ck_assert(harness_lines_has(&relayed, "MSG alice \xef\xbf\xbd reversed"));
    ck_assert(harness_lines_has(&relayed, "MSG alice \xef\xbf\xbd\xef\xbf\xbd overlong"));
    ck_assert(harness_lines_has(&relayed, "MSG alice admin")); /* the invisible is gone */

    /* alice got one OK per request, and the server still relays. */
    ck_assert(harness_sync(&alice, "a", &said));
    ck_assert_uint_eq(harness_lines_count(&said, "OK say "), requests + 1);
    ck_assert(harness_send_text(&alice, "still here\n"));
    char line[256];
    ck_assert_int_gt(harness_read_line(&bob, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice still here");

    harness_lines_free(&relayed);
    harness_lines_free(&said);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* ---- Connections reset halfway --------------------------------------------------------- */

/* 50 clients send half a line and reset the connection (RST, not FIN): each is
 * dropped with a LEAVE, /who forgets them, and the healthy clients go on talking. */
START_TEST(test_reset_connections)
{
    enum { RESETS = 50 };
    struct harness_conn watcher, alice, bob, victim;
    char line[4096];
    int joins = 0, leaves = 0;

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&watcher, server.port, "watcher"));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_settle(&watcher));

    for (int i = 0; i < RESETS; i++) {
        ck_assert(harness_connect(&victim, server.port));
        ck_assert(harness_send_text(&victim, "half a li"));
        harness_reset(&victim);
    }
    /* Every one that got in (JOIN) must also go (LEAVE). */
    int64_t deadline = harness_now_ms() + 10000;
    while (leaves < RESETS && harness_now_ms() < deadline) {
        int len = harness_read_line(&watcher, line, sizeof(line), 200);
        if (len == HARNESS_TIMEOUT)
            continue;
        ck_assert_int_ge(len, 0);
        joins += harness_starts_with(line, "JOIN guest");
        leaves += harness_starts_with(line, "LEAVE guest");
    }
    ck_assert_int_eq(joins, RESETS);
    ck_assert_int_eq(leaves, RESETS);

    ck_assert(harness_send_text(&watcher, "/who\n"));
    ck_assert_int_gt(harness_expect(&watcher, "OK who", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK who watcher alice bob");
    ck_assert(harness_settle(&bob));
    ck_assert(harness_send_text(&alice, "survived\n"));
    ck_assert_int_gt(harness_read_line(&bob, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "MSG alice survived");

    harness_close(&watcher);
    harness_close(&alice);
    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *hostile_suite(void)
{
    Suite *suite = suite_create("hostile");
    TCase *hostile = tcase_create("hostile clients");

    tcase_add_checked_fixture(hostile, NULL, harness_teardown);
    tcase_set_timeout(hostile, 60);
    tcase_add_test(hostile, test_four_megabyte_line);
    tcase_add_test(hostile, test_line_limit_is_exact);
    tcase_add_test(hostile, test_junk_and_escapes_are_defused);
    tcase_add_test(hostile, test_reset_connections);
    suite_add_tcase(suite, hostile);
    return suite;
}

CHECK_MAIN(hostile_suite)
