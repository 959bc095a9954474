/*
 * test_client_chat.c - the session model (src/client/model/chat.c): protocol lines
 * become messages, nicks and flow rows; received text is sanitised for display.
 */
#include "check-main.h"
#include "model/chat.h"

#include <stdio.h>
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

static void receive(const char *line)
{
    chat_received(&chat, line, strlen(line), false, false, 0, 0);
}

static const struct scrollback_entry *last_entry(void)
{
    return scrollback_at(&chat.messages, scrollback_count(&chat.messages) - 1);
}

START_TEST(test_welcome_and_nick)
{
    receive("WELCOME guest1 Welcome to obrol, guest1!");
    ck_assert_str_eq(chat.nick, "guest1");
    chat_sent(&chat, "/nick budi", 10, false, 100, 0);
    chat_received(&chat, "OK nick budi", 12, false, false, 350, 0);
    ck_assert_str_eq(chat.nick, "budi");
    ck_assert(!chat_take_who_stale(&chat)); /* guest1 was known: the list stays right */
    ck_assert_int_eq(chat.last_rtt_us, 250);
    ck_assert(nicks_contains(&chat.nicks, "budi", 4));
    ck_assert(!nicks_contains(&chat.nicks, "guest1", 6));
}
END_TEST

START_TEST(test_who_join_leave_nick)
{
    chat_sent(&chat, "/who", 4, true, 0, 0);
    size_t before = scrollback_count(&chat.messages);
    receive("OK who budi siti");
    ck_assert_uint_eq(scrollback_count(&chat.messages), before); /* quiet: no text */
    ck_assert_uint_eq(chat.nicks.count, 2);
    receive("JOIN rina");
    ck_assert_uint_eq(chat.nicks.count, 3);
    receive("NICK rina rini");
    ck_assert(nicks_contains(&chat.nicks, "rini", 4));
    receive("LEAVE siti bye");
    ck_assert_uint_eq(chat.nicks.count, 2);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_LEAVE);
}
END_TEST

START_TEST(test_kinds_are_distinguished)
{
    receive("MSG siti halo");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_SAY);
    ck_assert_str_eq(last_entry()->nick, "siti");
    receive("PRIV siti psst");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_PRIV_IN);
    receive("NOTICE hi all");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_NOTICE);
    receive("something else");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_SERVER);
    chat_sent(&chat, "halo", 4, false, 0, 0);
    ck_assert_int_eq(chat_pending_line(&chat, 0)->kind, SCROLLBACK_OWN);
    receive("OK say relayed");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_OWN);
    chat_sent(&chat, "/nick server", 12, false, 0, 0);
    receive("ERR nick taken");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_ERROR);
    ck_assert_int_eq(flow_row(&chat.flow, flow_count(&chat.flow) - 1)->kind, FLOW_RESPONSE);
}
END_TEST

START_TEST(test_received_text_is_sanitised)
{
    receive("MSG siti \x1b]52;c;aGk=\x07 \x1b[2J done");
    const char *text = last_entry()->text;
    ck_assert_ptr_null(strchr(text, '\x1b'));
    ck_assert_ptr_null(strchr(text, '\x07'));
    ck_assert_ptr_nonnull(strstr(text, "\xE2\x90\x9B]52")); /* ␛ shown visibly */
}
END_TEST

START_TEST(test_seed_server_partial_reply)
{
    chat_sent(&chat, "Halo server!", 12, false, 0, 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 1); /* not known yet: it may say OK */
    chat_received(&chat, "Pesan diterima server", 21, true, true, 300000, 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 0); /* its answer settles the line */
    const struct scrollback_entry *own = scrollback_at(&chat.messages, 0);
    ck_assert_int_eq(own->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(own->state, SCROLLBACK_SETTLED);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_SERVER);
    ck_assert_str_eq(last_entry()->text, "Pesan diterima server");
    const struct flow_row *row = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(row->kind, FLOW_SERVER_SENT); /* not obrol's: answers no request */
    ck_assert(row->partial && !row->paired);
    ck_assert(!flow_row(&chat.flow, 0)->paired);
    ck_assert_int_eq(chat.last_rtt_us, -1);
    chat_closed(&chat, "closed", 1, 300001, 0);
    ck_assert_int_eq(flow_row(&chat.flow, flow_count(&chat.flow) - 1)->kind, FLOW_CLOSED);
}
END_TEST

START_TEST(test_commands)
{
    char request[64];
    size_t len;

    ck_assert_int_eq(chat_command("", 0, request, sizeof(request), &len), CHAT_NOTHING);
    ck_assert_int_eq(chat_command("/clear", 6, request, sizeof(request), &len), CHAT_CLEAR);
    ck_assert_int_eq(chat_command("/RECONNECT", 10, request, sizeof(request), &len),
                     CHAT_RECONNECT);
    ck_assert_int_eq(chat_command("/quit bye", 9, request, sizeof(request), &len), CHAT_QUIT);
    ck_assert_str_eq(request, "/quit bye");
    ck_assert_int_eq(chat_command("/help", 5, request, sizeof(request), &len), CHAT_HELP);
    ck_assert_int_eq(chat_command("halo", 4, request, sizeof(request), &len), CHAT_SEND);
    ck_assert_uint_eq(len, 4);
}
END_TEST

/* The requests the client makes up itself: whole, or not at all (a cut code is a wrong one). */
START_TEST(test_own_requests_are_never_cut)
{
    char request[CHAT_REQUEST_MAX], code[CHAT_REQUEST_MAX];
    size_t len = 0;

    ck_assert(chat_request(request, "/join", "kelas7", &len));
    ck_assert_str_eq(request, "/join kelas7");
    ck_assert_uint_eq(len, 12);
    memset(code, 'x', sizeof(code) - 1);
    code[sizeof(code) - 1] = '\0';
    ck_assert(!chat_request(request, "/join", code, &len));
    code[sizeof(code) - sizeof("/join ")] = '\0'; /* exactly as long as a request may be */
    ck_assert(chat_request(request, "/join", code, &len));
    ck_assert_uint_eq(len, CHAT_REQUEST_MAX - 1);
}
END_TEST

/* ---- Our own lines: pending until the server answers ------------------------------ */

static size_t count(void)
{
    return scrollback_count(&chat.messages);
}

/* A line we send waits below the messages; its OK puts it where the OK came, after
 * what the server relayed first (three screens, one order: the server's). */
START_TEST(test_own_line_pending_until_ok)
{
    receive("WELCOME budi Welcome");
    size_t before = count();
    chat_sent(&chat, "halo semua", 10, false, 1000, 5000);
    ck_assert_uint_eq(count(), before); /* not a message yet */
    ck_assert_uint_eq(chat_pending_lines(&chat), 1);
    const struct scrollback_entry *line = chat_pending_line(&chat, 0);
    ck_assert_int_eq(line->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(line->state, SCROLLBACK_PENDING);
    ck_assert_str_eq(line->text, "halo semua");
    ck_assert_str_eq(line->nick, "budi");
    ck_assert_ptr_null(chat_pending_line(&chat, 1));

    receive("MSG siti aku duluan"); /* the server relayed siti's line before ours */
    ck_assert_uint_eq(chat_pending_lines(&chat), 1);
    chat_received(&chat, "OK say relayed to 1 other client", 32, false, false, 2000, 6000);
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
    ck_assert_uint_eq(count(), before + 2);
    ck_assert_str_eq(scrollback_at(&chat.messages, before)->nick, "siti");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(last_entry()->state, SCROLLBACK_SETTLED);
    ck_assert_str_eq(last_entry()->text, "halo semua");
    ck_assert_int_eq(last_entry()->wall_ms, 6000); /* when the server's OK came */
}
END_TEST

/* ERR: the line is shown refused, with the server's reason, and nothing else. */
START_TEST(test_own_line_refused_with_reason)
{
    chat_sent(&chat, "halo", 4, false, 0, 0);
    size_t before = count();
    receive("ERR say The teacher has muted you");
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
    ck_assert_uint_eq(count(), before + 1);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(last_entry()->state, SCROLLBACK_REFUSED);
    ck_assert_str_eq(last_entry()->text, "halo");
    ck_assert_str_eq(last_entry()->note, "The teacher has muted you");
}
END_TEST

/* /me and /msg wait too, each for its own answer, in the order they were sent. */
START_TEST(test_me_and_msg_pending)
{
    receive("WELCOME budi Welcome");
    chat_sent(&chat, "/me melambai", 12, false, 0, 0);
    chat_sent(&chat, "/msg siti psst", 14, false, 0, 0);
    chat_sent(&chat, "/who", 4, true, 0, 0); /* shows no line */
    ck_assert_uint_eq(chat_pending_lines(&chat), 2);
    ck_assert_int_eq(chat_pending_line(&chat, 0)->kind, SCROLLBACK_ME);
    ck_assert_int_eq(chat_pending_line(&chat, 1)->kind, SCROLLBACK_PRIV_OUT);
    ck_assert_str_eq(chat_pending_line(&chat, 1)->nick, "siti");
    receive("OK me done");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_ME);
    ck_assert_uint_eq(chat_pending_lines(&chat), 1);
    receive("ERR msg No one called siti is here");
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_PRIV_OUT);
    ck_assert_int_eq(last_entry()->state, SCROLLBACK_REFUSED);
    receive("OK who budi");
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
}
END_TEST

/* The connection closes before the answer: the line is shown unanswered. */
START_TEST(test_own_line_unanswered_at_close)
{
    chat_sent(&chat, "halo", 4, false, 0, 0);
    chat_closed(&chat, "the server closed the connection", 1, 10, 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
    const struct scrollback_entry *own = scrollback_at(&chat.messages, count() - 2);
    ck_assert_int_eq(own->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(own->state, SCROLLBACK_UNANSWERED);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_ERROR); /* then: disconnected */
}
END_TEST

/* A server known not to speak obrol never says OK: lines are shown as sent at once. */
START_TEST(test_other_server_lines_shown_as_sent)
{
    receive("Selamat datang di server Python");
    chat_sent(&chat, "halo", 4, false, 0, 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_OWN);
    ck_assert_int_eq(last_entry()->state, SCROLLBACK_SETTLED);
    chat_connected(&chat, "127.0.0.1:1", 0, 0); /* a new connection: not known again */
    chat_sent(&chat, "halo", 4, false, 0, 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 1);
}
END_TEST

/* ---- A server that is not obrol ------------------------------------------------------ */

/* The case: a student's raw relay passes another student's "/nick siti" on to
 * us while our "/nick budi" waits. It is what the server sent, not our answer. */
START_TEST(test_raw_relay_line_is_not_a_response)
{
    chat_connected(&chat, "127.0.0.1:1", 0, 0);
    chat_sent(&chat, "/nick budi", 10, false, 0, 0);
    ck_assert_uint_eq(flow_pending(&chat.flow), 1);
    chat_received(&chat, "/nick siti", 10, false, false, 1006200, 0);
    const struct flow_row *row = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(row->kind, FLOW_SERVER_SENT);
    ck_assert(!row->paired);
    ck_assert_int_eq(row->rtt_us, -1);
    ck_assert_int_eq(chat.last_rtt_us, -1);
    ck_assert(chat.server_is_other && !chat.server_is_obrol);
    ck_assert_uint_eq(flow_pending(&chat.flow), 0); /* it will never answer /nick */
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_SERVER);
    ck_assert_str_eq(last_entry()->text, "/nick siti");
    ck_assert_str_eq(chat.nick, "");
    ck_assert_ptr_nonnull(strstr(chat.explain, "not obrol's protocol"));
    /* our words go out and are shown at once; nothing waits for an answer */
    chat_sent(&chat, "halo semua", 10, false, 2000000, 0);
    ck_assert_uint_eq(flow_pending(&chat.flow), 0);
    ck_assert_uint_eq(chat_pending_lines(&chat), 0);
    ck_assert_ptr_nonnull(strstr(chat.explain, "no response is awaited"));
    ck_assert_int_eq(chat_due_us(&chat), -1); /* and no "no answer" diagnosis */
    /* once not obrol, even a line that looks like obrol's is only what it sent */
    chat_sent(&chat, "/nick rina", 10, false, 3000000, 0);
    receive("OK nick rina");
    receive("PING 42 still there?");
    ck_assert_int_eq(flow_row(&chat.flow, flow_count(&chat.flow) - 1)->kind, FLOW_SERVER_SENT);
    ck_assert_str_eq(chat.nick, "");
    ck_assert(!chat_take_answer(&chat, (char[CHAT_ANSWER_MAX]){0}, CHAT_ANSWER_MAX));
    ck_assert_int_eq(chat.last_rtt_us, -1);
}
END_TEST

/* An obrol server's line that is not its protocol is not a response either. */
START_TEST(test_unknown_line_from_obrol_is_not_a_response)
{
    receive("WELCOME budi hi");
    chat_sent(&chat, "halo", 4, false, 0, 0);
    chat_received(&chat, "something new", 13, false, false, 500, 0);
    ck_assert_int_eq(flow_row(&chat.flow, flow_count(&chat.flow) - 1)->kind, FLOW_SERVER_SENT);
    ck_assert_uint_eq(chat_pending_lines(&chat), 1); /* still waits for its OK */
    ck_assert(!chat.server_is_other);
    chat_received(&chat, "OK say relayed", 14, false, false, 900, 0);
    ck_assert_int_eq(chat.last_rtt_us, 900);
}
END_TEST

/* ---- No answer: the diagnosis, on a fake clock ---------------------------------------- */

START_TEST(test_no_answer_is_diagnosed_once)
{
    const int64_t limit = (int64_t)CHAT_NO_ANSWER_MS * 1000;

    receive("WELCOME budi hi"); /* an obrol server that then stops answering */
    chat_sent(&chat, "halo", 4, false, 1000000, 0);
    const struct flow_row *request = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(chat_due_us(&chat), 1000000 + limit);
    chat_tick(&chat, 1000000 + limit - 1);
    ck_assert(!request->overdue);
    ck_assert_ptr_null(strstr(chat.explain, "no answer"));
    chat_tick(&chat, 1000000 + limit);
    ck_assert(request->overdue);
    ck_assert_str_eq(chat.explain,
                     "no answer for 5 s: is the server blocked in recv() or send() on another "
                     "client?");
    ck_assert_int_eq(chat_due_us(&chat), -1); /* marked once */
    chat.explain[0] = '\0';
    chat_tick(&chat, 1000000 + 2 * limit);
    ck_assert_str_eq(chat.explain, "");
    chat_received(&chat, "OK say late", 11, false, false, 8000000, 0); /* it comes, late */
    ck_assert(request->paired);
    ck_assert_int_eq(chat.last_rtt_us, 7000000);
}
END_TEST

START_TEST(test_no_answer_from_a_silent_server)
{
    chat_connected(&chat, "127.0.0.1:1", 0, 0);
    chat_sent(&chat, "/nick budi", 10, false, 0, 0);
    chat_tick(&chat, (int64_t)CHAT_NO_ANSWER_MS * 1000);
    ck_assert_ptr_nonnull(strstr(chat.explain, "no answer for 5 s, and not one line"));
    ck_assert(flow_row(&chat.flow, flow_count(&chat.flow) - 1)->overdue);
    chat_closed(&chat, "closed", 1, 1, 0);
    ck_assert_int_eq(chat_due_us(&chat), -1); /* a closed connection answers nothing */
}
END_TEST

/* ---- What a round trip includes -------------------------------------------------------- */

START_TEST(test_rtt_names_the_trickle_pauses)
{
    receive("WELCOME budi hi");
    chat_sent(&chat, "halo", 4, false, 0, 0);
    chat_trickle_started(&chat, 3);
    chat_fragment(&chat, "hal", 3, 1, 3, 0, 0);
    chat_fragment(&chat, "o", 1, 2, 3, 300000, 0);
    chat_fragment(&chat, "\n", 1, 3, 3, 600000, 0);
    ck_assert_int_eq(chat_due_us(&chat), 600000 + (int64_t)CHAT_NO_ANSWER_MS * 1000);
    chat_received(&chat, "OK say relayed", 14, false, false, 601700, 0);
    const struct flow_row *row = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(row->rtt_us, 601700);
    ck_assert_uint_eq(row->own_wait, FLOW_WAIT_TRICKLE);
    ck_assert_int_eq(row->own_wait_us, 600000);
    ck_assert_uint_eq(chat.last_rtt_own, FLOW_WAIT_TRICKLE);
    ck_assert_str_eq(chat.explain, "recv() got the response (15 bytes), 601.7 ms after the "
                                   "request; 600.0 ms of it were our own /trickle pauses, not "
                                   "the network");
    chat_sent(&chat, "lagi", 4, false, 1000000, 0); /* the next one is plain again */
    chat_received(&chat, "OK say relayed", 14, false, false, 1000300, 0);
    ck_assert_uint_eq(chat.last_rtt_own, 0);
}
END_TEST

START_TEST(test_rtt_names_the_step_wait)
{
    receive("WELCOME budi hi");
    chat_sent(&chat, "halo", 4, false, 0, 0);
    unsigned long held = chat_step_recv(&chat, "OK say relayed\n", 15, 1200, 0);
    chat_step_settle(&chat, held, true); /* the student pressed Space 0.9 s later */
    chat_received(&chat, "OK say relayed", 14, false, false, 901200, 0);
    chat_step_framed(&chat);
    const struct flow_row *row = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(row->rtt_us, 901200);
    ck_assert_uint_eq(row->own_wait, FLOW_WAIT_STEP);
    ck_assert_int_eq(row->own_wait_us, 900000);
    ck_assert_ptr_nonnull(strstr(chat.explain, "waited here for a step"));
    chat_sent(&chat, "lagi", 4, false, 1000000, 0);
    chat_received(&chat, "OK say relayed", 14, false, false, 1000300, 0);
    ck_assert_uint_eq(chat.last_rtt_own, 0); /* framed as it came */
}
END_TEST

/* The explain line says plainly whether the sender gets its own line back: it does not. */
START_TEST(test_msg_explained_without_contradiction)
{
    receive("MSG siti halo");
    ck_assert_ptr_nonnull(strstr(chat.explain, "every client but the sender"));
    ck_assert_ptr_null(strstr(chat.explain, "us among them"));
}
END_TEST

/* ---- The connection's life --------------------------------------------------------- */

/* A nick changed with /nick is the one asked for after a reconnect, not --nick's. */
START_TEST(test_nick_kept_across_reconnect)
{
    ck_assert_ptr_null(chat_nick_to_ask(&chat)); /* no --nick: the server names us */
    receive("WELCOME guest1 Welcome");
    ck_assert_ptr_null(chat_nick_to_ask(&chat)); /* a guest name is not a choice */
    chat_choose_nick(&chat, "budi");             /* --nick budi */
    ck_assert_str_eq(chat_nick_to_ask(&chat), "budi");
    chat_sent(&chat, "/nick rina", 10, false, 0, 0);
    receive("OK nick rina");
    chat_closed(&chat, "the server closed the connection", 1, 0, 0);
    chat_connecting(&chat, "127.0.0.1:1", 0, 0);
    chat_connected(&chat, "127.0.0.1:1", 0, 0);
    ck_assert_str_eq(chat_nick_to_ask(&chat), "rina");
    ck_assert_str_eq(chat.nick, ""); /* a new connection: not known until the server says */
    chat_sent(&chat, "/nick server", 12, false, 0, 0);
    receive("ERR nick That name is reserved");
    ck_assert_str_eq(chat_nick_to_ask(&chat), "rina"); /* a refused nick is not kept */
}
END_TEST

/* Reconnected before the server noticed the old connection close: the nick is "taken"
 * by our own ghost; its LEAVE frees it, and the client asks again (once). */
START_TEST(test_nick_asked_again_when_free)
{
    chat_choose_nick(&chat, "rina");
    chat_connected(&chat, "127.0.0.1:1", 0, 0);
    chat_sent(&chat, "/nick rina", 10, false, 0, 0);
    receive("ERR nick The nick rina is already taken");
    ck_assert(!chat_take_nick_free(&chat));
    receive("LEAVE siti quit"); /* someone else */
    ck_assert(!chat_take_nick_free(&chat));
    receive("LEAVE rina connection closed");
    ck_assert(chat_take_nick_free(&chat));
    ck_assert(!chat_take_nick_free(&chat)); /* once */
    chat_sent(&chat, "/nick rina", 10, false, 0, 0);
    receive("OK nick rina");
    ck_assert(chat_take_who_stale(&chat)); /* /who listed us by a guest name we never knew */
    receive("LEAVE RINA quit");            /* we are rina now: nothing to ask */
    ck_assert(!chat_take_nick_free(&chat));
}
END_TEST

/* /reconnect says what happens: we close, and connect again at once. */
START_TEST(test_reconnect_says_so)
{
    chat_sent(&chat, "halo", 4, false, 0, 0);
    chat_reconnect_asked(&chat, 0, 0);
    ck_assert_int_eq(last_entry()->kind, SCROLLBACK_INFO);
    ck_assert_str_eq(last_entry()->text, "Reconnecting (you asked with /reconnect)");
    ck_assert_ptr_null(strstr(last_entry()->text, "Disconnected"));
    const struct flow_row *row = flow_row(&chat.flow, flow_count(&chat.flow) - 1);
    ck_assert_int_eq(row->kind, FLOW_CLOSED);
    ck_assert_ptr_nonnull(strstr(row->note, "/reconnect"));
    ck_assert_uint_eq(chat_pending_lines(&chat), 0); /* "halo" got no answer */
}
END_TEST

/* F1 lists every command the server knows, and the client's own. */
START_TEST(test_help_lists_every_command)
{
    static const enum proto_request_kind sent[] = {
        PROTO_REQUEST_NICK, PROTO_REQUEST_WHO,  PROTO_REQUEST_MSG,  PROTO_REQUEST_ME,
        PROTO_REQUEST_PING, PROTO_REQUEST_JOIN, PROTO_REQUEST_QUIT, PROTO_REQUEST_HELP,
    };
    static const char *const client_only[] = {"/clear", "/reconnect", "/trickle"};
    char help[8192] = "", word[32];

    chat_help(&chat, 0);
    for (size_t i = 0; i < scrollback_count(&chat.messages); i++) {
        strncat(help, scrollback_at(&chat.messages, i)->text, sizeof(help) - strlen(help) - 2);
        strcat(help, " ");
    }
    for (size_t i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
        snprintf(word, sizeof(word), "/%s ", proto_request_verb(sent[i]));
        ck_assert_msg(strstr(help, word) != NULL, "F1 help does not list %s", word);
    }
    for (size_t i = 0; i < sizeof(client_only) / sizeof(client_only[0]); i++)
        ck_assert_msg(strstr(help, client_only[i]) != NULL, "F1 help lacks %s", client_only[i]);
}
END_TEST

static Suite *chat_suite(void)
{
    Suite *suite = suite_create("client_chat");
    TCase *basics = tcase_create("chat");

    tcase_add_checked_fixture(basics, chat_setup, chat_teardown);
    tcase_add_test(basics, test_welcome_and_nick);
    tcase_add_test(basics, test_own_requests_are_never_cut);
    tcase_add_test(basics, test_who_join_leave_nick);
    tcase_add_test(basics, test_kinds_are_distinguished);
    tcase_add_test(basics, test_received_text_is_sanitised);
    tcase_add_test(basics, test_seed_server_partial_reply);
    tcase_add_test(basics, test_commands);
    suite_add_tcase(suite, basics);

    TCase *own = tcase_create("own lines");
    tcase_add_checked_fixture(own, chat_setup, chat_teardown);
    tcase_add_test(own, test_own_line_pending_until_ok);
    tcase_add_test(own, test_own_line_refused_with_reason);
    tcase_add_test(own, test_me_and_msg_pending);
    tcase_add_test(own, test_own_line_unanswered_at_close);
    tcase_add_test(own, test_other_server_lines_shown_as_sent);
    suite_add_tcase(suite, own);

    TCase *other = tcase_create("other servers and time");
    tcase_add_checked_fixture(other, chat_setup, chat_teardown);
    tcase_add_test(other, test_raw_relay_line_is_not_a_response);
    tcase_add_test(other, test_unknown_line_from_obrol_is_not_a_response);
    tcase_add_test(other, test_no_answer_is_diagnosed_once);
    tcase_add_test(other, test_no_answer_from_a_silent_server);
    tcase_add_test(other, test_rtt_names_the_trickle_pauses);
    tcase_add_test(other, test_rtt_names_the_step_wait);
    tcase_add_test(other, test_msg_explained_without_contradiction);
    suite_add_tcase(suite, other);

    TCase *life = tcase_create("connection");
    tcase_add_checked_fixture(life, chat_setup, chat_teardown);
    tcase_add_test(life, test_nick_kept_across_reconnect);
    tcase_add_test(life, test_nick_asked_again_when_free);
    tcase_add_test(life, test_reconnect_says_so);
    tcase_add_test(life, test_help_lists_every_command);
    suite_add_tcase(suite, life);
    return suite;
}

CHECK_MAIN(chat_suite)
