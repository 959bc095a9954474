/*
 * test_commands.c - every request gets exactly one response, in request order.
 *
 * Many requests go out in one write(); the responses (the lines starting with
 * OK or ERR) must come back one per request, in the same order, while events
 * (MSG, PRIV, NICK, ...) reach only the clients they are meant for.
 */
#include "check-main.h"
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static struct harness_server server;

/*
 * The lines of `lines` that do (responses) or do not (events) start with OK or
 * ERR, cut to their first `words` words, joined by '|'.
 */
static void summarise(const struct harness_lines *lines, bool responses, int words, char *out,
                      size_t room)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < lines->count; i++) {
        const char *line = lines->items[i];
        bool is_response = harness_starts_with(line, "OK ") || harness_starts_with(line, "ERR ") ||
                           strcmp(line, "OK") == 0;
        if (is_response != responses)
            continue;
        size_t len = 0;
        for (int word = 0; word < words && line[len] != '\0'; word++) {
            if (word > 0)
                len++; /* the space */
            while (line[len] != '\0' && line[len] != ' ')
                len++;
        }
        if (used + len + 2 > room)
            break;
        if (used > 0)
            out[used++] = '|';
        memcpy(out + used, line, len);
        used += len;
        out[used] = '\0';
    }
}

/* Requests of every kind in one write: one response each, in order; an empty
 * line gets none. The texts say what went wrong. */
START_TEST(test_responses_in_request_order)
{
    struct harness_conn alice, bob, carol;
    struct harness_lines got = {0};
    char summary[2048], requests[512], long_nick[40];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_join(&carol, server.port, "carol"));
    ck_assert(harness_settle(&alice) && harness_settle(&bob) && harness_settle(&carol));

    memset(long_nick, 'n', 33); /* one more than the 32 allowed */
    long_nick[33] = '\0';
    snprintf(requests, sizeof(requests),
             "/nick BOB\n"      /* taken: nicks compare without case */
             "/nick server\n"   /* reserved */
             "/nick bad!name\n" /* a character a nick may not have */
             "/nick %s\n"       /* too long */
             "/NICK   alice2\n" /* command names ignore case; extra spaces are fine */
             "/who\n"
             "/msg bob psst\n"
             "/msg ghost hi\n" /* no such nick */
             "/msg\n"          /* usage */
             "/me waves\n"
             "/help\n"
             "/ping 42\n"
             "/frobnicate now\n" /* unknown command */
             "//x\n"             /* a message that starts with '/' */
             "\n"                /* not a request: no response */
             "/ping\n"
             "/ping end\n",
             long_nick);
    ck_assert(harness_send_text(&alice, requests));
    ck_assert(harness_collect_until(&alice, "OK ping end", &got, 3000));

    summarise(&got, true, 2, summary, sizeof(summary));
    ck_assert_str_eq(summary, "ERR nick|ERR nick|ERR nick|ERR nick|OK nick|OK who|OK msg|ERR msg|"
                              "ERR msg|OK me|OK help|OK ping|ERR unknown|OK say|OK ping|OK ping");
    ck_assert(harness_lines_has(&got, "ERR nick The nick bob is already taken"));
    ck_assert(harness_lines_has(&got, "ERR nick That nick is reserved: nobody may pretend to "
                                      "be the server"));
    ck_assert(harness_lines_has(&got, "ERR nick A nick may only use letters, digits, '_' and '-'"));
    ck_assert(harness_lines_has(&got, "ERR nick That nick is too long: at most 32 characters"));
    ck_assert(harness_lines_has(&got, "OK nick alice2"));
    ck_assert(harness_lines_has(&got, "OK who alice2 bob carol")); /* fd order: who came first */
    ck_assert(harness_lines_has(&got, "OK msg bob"));
    ck_assert_uint_eq(harness_lines_count(&got, "ERR msg No one here is called \"ghost\""), 1);
    ck_assert_uint_eq(harness_lines_count(&got, "ERR msg Usage: /msg NICK TEXT"), 1);
    ck_assert_uint_eq(harness_lines_count(&got, "OK help "), 1);
    ck_assert(harness_lines_has(&got, "OK ping 42"));
    ck_assert(harness_lines_has(&got, "OK ping"));
    ck_assert_uint_eq(harness_lines_count(&got, "ERR unknown Unknown command /frobnicate"), 1);
    summarise(&got, false, 99, summary, sizeof(summary));
    ck_assert_str_eq(summary, ""); /* no event for alice: she was alone in what she did */
    harness_lines_free(&got);

    /* bob hears the rename, the private message, the action and the message. */
    ck_assert(harness_sync(&bob, "b", &got));
    summarise(&got, false, 99, summary, sizeof(summary));
    ck_assert_str_eq(summary, "NICK alice alice2|PRIV alice2 psst|ME alice2 waves|MSG alice2 /x");
    harness_lines_free(&got);

    /* carol the same, except the private message, which was not for her. */
    ck_assert(harness_sync(&carol, "c", &got));
    summarise(&got, false, 99, summary, sizeof(summary));
    ck_assert_str_eq(summary, "NICK alice alice2|ME alice2 waves|MSG alice2 /x");
    harness_lines_free(&got);

    harness_close(&alice);
    harness_close(&bob);
    harness_close(&carol);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* /quit REASON: "OK quit", then end-of-file; the others get "LEAVE nick REASON". */
START_TEST(test_quit_closes_and_tells_the_others)
{
    struct harness_conn alice, bob;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_join(&bob, server.port, "bob"));
    ck_assert(harness_settle(&alice));

    ck_assert(harness_send_text(&alice, "/quit sampai jumpa\n/ping never\n"));
    ck_assert_int_gt(harness_read_line(&alice, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK quit Goodbye, alice!");
    /* The server shuts its side: end-of-file, and nothing for the line after /quit. */
    ck_assert_int_eq(harness_read_line(&alice, line, sizeof(line), 3000), HARNESS_EOF);
    harness_close(&alice);

    ck_assert_int_gt(harness_expect(&bob, "LEAVE ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "LEAVE alice sampai jumpa");
    ck_assert(harness_send_text(&bob, "/who\n"));
    ck_assert_int_gt(harness_read_line(&bob, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK who bob");

    /* Without a reason the reason is "quit". */
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert_int_gt(harness_expect(&bob, "NICK ", line, sizeof(line), 3000), 0);
    ck_assert(harness_send_text(&alice, "/QUIT\n"));
    ck_assert(harness_expect_eof(&alice, 3000));
    harness_close(&alice);
    ck_assert_int_gt(harness_expect(&bob, "LEAVE ", line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "LEAVE alice quit");

    harness_close(&bob);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* A client that sends its requests and closes its side at once (like
 * `echo /who | nc`) still gets every response, then end-of-file. */
START_TEST(test_half_closed_client_gets_its_answers)
{
    struct harness_conn alice, script;
    char line[512];

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_connect(&script, server.port));
    ck_assert(harness_send_text(&script, "/ping one\nhello from a script\n/who\n"));
    ck_assert_int_eq(shutdown(script.fd, SHUT_WR), 0);

    ck_assert_int_gt(harness_read_line(&script, line, sizeof(line), 3000), 0);
    ck_assert_str_eq(line, "OK ping one");
    ck_assert_int_gt(harness_read_line(&script, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "OK say "));
    ck_assert_int_gt(harness_read_line(&script, line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "OK who alice guest"));
    ck_assert_int_eq(harness_read_line(&script, line, sizeof(line), 3000), HARNESS_EOF);
    ck_assert_int_gt(harness_expect(&alice, "MSG ", line, sizeof(line), 3000), 0);
    ck_assert(harness_starts_with(line, "MSG guest"));
    ck_assert_int_gt(harness_expect(&alice, "LEAVE ", line, sizeof(line), 3000), 0);
    ck_assert(strstr(line, " connection closed") != NULL);

    harness_close(&script);
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

/* Reserved by the plain form of the name: decorated names are refused too, and a
 * nick with no letter is told why. */
START_TEST(test_reserved_nicks_in_disguise)
{
    struct harness_conn alice;
    struct harness_lines got = {0};

    ck_assert(harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0")));
    ck_assert(harness_join(&alice, server.port, "alice"));
    ck_assert(harness_send_text(&alice, "/nick Teacher_\n/nick Pak_Guru\n/nick guru-kelas\n"
                                        "/nick -\n/nick Sally\n/ping end\n"));
    ck_assert(harness_collect_until(&alice, "OK ping end", &got, 3000));
    ck_assert_uint_eq(harness_lines_count(&got, "ERR nick That nick is reserved"), 3);
    ck_assert(harness_lines_has(&got, "ERR nick A nick needs at least one letter"));
    ck_assert(harness_lines_has(&got, "OK nick Sally"));
    harness_lines_free(&got);
    harness_close(&alice);
    ck_assert_int_eq(harness_server_stop(&server), 0);
}
END_TEST

static Suite *commands_suite(void)
{
    Suite *suite = suite_create("commands");
    TCase *responses = tcase_create("responses");

    tcase_add_checked_fixture(responses, NULL, harness_teardown);
    tcase_set_timeout(responses, 30);
    tcase_add_test(responses, test_responses_in_request_order);
    tcase_add_test(responses, test_quit_closes_and_tells_the_others);
    tcase_add_test(responses, test_half_closed_client_gets_its_answers);
    tcase_add_test(responses, test_reserved_nicks_in_disguise);
    suite_add_tcase(suite, responses);
    return suite;
}

CHECK_MAIN(commands_suite)
