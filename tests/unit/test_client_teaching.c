/*
 * test_client_teaching.c - teaching mode in the session model (src/client/model/chat.c):
 * /trickle rows and pairing, step rows, the topology's message path, and an
 * explain sentence for every kind of event.
 */
#include "check-main.h"
#include "model/chat.h"
#include "teach/explain.h"

#include <string.h>

static struct chat chat;

static void chat_setup(void)
{
    ck_assert(chat_init(&chat));
}

static void chat_teardown(void)
{
    chat_free(&chat);
}

static const struct flow_row *last_row(void)
{
    return flow_row(&chat.flow, flow_count(&chat.flow) - 1);
}

START_TEST(test_trickle_command)
{
    char request[64];
    size_t len;
    const char *text = "/trickle  -s 5 halo";

    ck_assert_int_eq(chat_command(text, strlen(text), request, sizeof(request), &len),
                     CHAT_TRICKLE);
    ck_assert_str_eq(request, "-s 5 halo");
    ck_assert_uint_eq(len, 9);
    text = "/TRICKLE";
    ck_assert_int_eq(chat_command(text, strlen(text), request, sizeof(request), &len),
                     CHAT_TRICKLE);
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* One request in three send()s: three fragment rows, and the OK pairs with the request. */
START_TEST(test_trickled_request_pairs)
{
    chat_sent(&chat, "hai", 3, false, 1000, 0);
    unsigned long request = last_row()->number;
    chat_trickle_started(&chat, 2);
    chat_fragment(&chat, "ha", 2, 1, 2, 1100, 0);
    ck_assert_int_eq(last_row()->kind, FLOW_FRAGMENT);
    ck_assert_ptr_nonnull(strstr(chat.explain, "1 of 2"));
    chat_fragment(&chat, "i\n", 2, 2, 2, 1400, 0);
    ck_assert_uint_eq(last_row()->fragment, 2);
    ck_assert(memcmp(last_row()->raw, "i\n", 2) == 0);
    chat_received(&chat, "OK say sent", 11, false, false, 1500, 0);
    ck_assert(last_row()->paired);
    ck_assert_uint_eq(last_row()->partner, request);
    ck_assert_uint_eq(flow_find(&chat.flow, request)->fragments, 2);
    ck_assert_uint_eq(flow_pending(&chat.flow), 0);
}
END_TEST

START_TEST(test_step_rows)
{
    unsigned long send = chat_step_send(&chat, "halo", 4, 0, 0);
    ck_assert_int_eq(last_row()->kind, FLOW_STEP_SEND);
    ck_assert_int_eq(last_row()->step, FLOW_STEP_WAITING);
    ck_assert_uint_eq(last_row()->bytes, 5); /* the newline that will go with it */
    ck_assert_ptr_nonnull(strstr(chat.explain, "about to send() 5 bytes"));
    unsigned long recv = chat_step_recv(&chat, "MSG a b\n", 8, 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "recv() returned 8 bytes"));
    chat_step_settle(&chat, send, true);
    chat_step_settle(&chat, recv, false);
    ck_assert_int_eq(flow_find(&chat.flow, send)->step, FLOW_STEP_TAKEN);
    ck_assert_int_eq(flow_find(&chat.flow, recv)->step, FLOW_STEP_DROPPED);
    ck_assert_uint_eq(flow_pending(&chat.flow), 0); /* not a request until it is sent */
}
END_TEST

/* The topology highlights sender -> server -> receivers. */
START_TEST(test_message_path)
{
    ck_assert_int_eq(chat.path.at_ms, -1);
    chat_received(&chat, "WELCOME budi hi", 15, false, false, 1000, 0);
    chat_received(&chat, "MSG siti halo", 13, false, false, 2000000, 0);
    ck_assert_str_eq(chat.path.from, "siti");
    ck_assert_str_eq(chat.path.to, "");
    ck_assert_int_eq(chat.path.at_ms, 2000);
    chat_received(&chat, "PRIV ani psst", 13, false, false, 3000000, 0);
    ck_assert_str_eq(chat.path.from, "ani");
    ck_assert_str_eq(chat.path.to, "budi");
    chat_sent(&chat, "/msg siti ok", 12, false, 4000000, 0);
    ck_assert_str_eq(chat.path.from, "ani"); /* not relayed yet: the server may be paused */
    chat_received(&chat, "OK msg siti", 11, false, false, 4500000, 0);
    ck_assert_str_eq(chat.path.from, "budi"); /* the server's OK: it was relayed now */
    ck_assert_str_eq(chat.path.to, "siti");
    ck_assert_int_eq(chat.path.at_ms, 4500);
    chat_sent(&chat, "halo", 4, false, 4600000, 0);
    chat_received(&chat, "ERR say The teacher has muted you", 33, false, false, 4700000, 0);
    ck_assert_int_eq(chat.path.at_ms, 4500); /* refused: it went nowhere */
    chat_received(&chat, "JOIN joko", 9, false, false, 5000000, 0);
    ck_assert_int_eq(chat.path.at_ms, 4500); /* a JOIN is no message */
}
END_TEST

/* Every event kind has its own sentence, naming the person where there is one. */
START_TEST(test_every_event_is_explained)
{
    static const enum proto_line_kind kinds[] = {
        PROTO_LINE_WELCOME, PROTO_LINE_MSG,  PROTO_LINE_ME,     PROTO_LINE_PRIV, PROTO_LINE_JOIN,
        PROTO_LINE_LEAVE,   PROTO_LINE_NICK, PROTO_LINE_NOTICE, PROTO_LINE_BYE,  PROTO_LINE_OTHER,
    };
    char seen[10][CHAT_EXPLAIN_MAX];

    for (size_t i = 0; i < 10; i++) {
        explain_event(seen[i], sizeof(seen[i]), kinds[i], "siti", 12);
        ck_assert_ptr_nonnull(strstr(seen[i], "12 bytes"));
        if (kinds[i] != PROTO_LINE_NOTICE && kinds[i] != PROTO_LINE_BYE &&
            kinds[i] != PROTO_LINE_OTHER)
            ck_assert_ptr_nonnull(strstr(seen[i], "siti"));
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(seen[i], seen[j]);
    }
    chat_received(&chat, "ERR nick taken", 14, false, false, 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "ERR"));
    chat_connecting(&chat, "127.0.0.1:1", 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "connect()"));
    chat_connecting(&chat, "127.0.0.1:1", 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "Reconnecting"));
}
END_TEST

/* A LEAVE is explained by its reason: /quit is not a closed socket. */
START_TEST(test_leave_explained_by_reason)
{
    chat_received(&chat, "LEAVE siti quit", 15, false, false, 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "siti typed /quit"));
    ck_assert_ptr_null(strstr(chat.explain, "closed socket"));
    chat_received(&chat, "LEAVE siti connection closed", 28, false, false, 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "noticed the closed socket"));
    chat_received(&chat, "LEAVE siti sampai jumpa", 23, false, false, 0, 0); /* /quit REASON */
    ck_assert_ptr_nonnull(strstr(chat.explain, "\"sampai jumpa\""));
    ck_assert_ptr_null(strstr(chat.explain, "closed socket"));
    chat_received(&chat, "LEAVE siti no answer to PING", 28, false, false, 0, 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "did not answer the server's PING"));
    chat_received(&chat, "LEAVE siti \x1b[2J", 15, false, false, 0, 0); /* quoted, but safe */
    ck_assert_ptr_null(strchr(chat.explain, '\x1b'));
}
END_TEST

static Suite *teaching_suite(void)
{
    Suite *suite = suite_create("client_teaching");
    TCase *basics = tcase_create("teaching");

    tcase_add_checked_fixture(basics, chat_setup, chat_teardown);
    tcase_add_test(basics, test_trickle_command);
    tcase_add_test(basics, test_trickled_request_pairs);
    tcase_add_test(basics, test_step_rows);
    tcase_add_test(basics, test_message_path);
    tcase_add_test(basics, test_every_event_is_explained);
    tcase_add_test(basics, test_leave_explained_by_reason);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(teaching_suite)
