/*
 * test_client_flow.c - the flow log (src/client/model/flow.c): pairing, RTT, notes.
 */
#include "check-main.h"
#include "model/flow.h"

#include <string.h>

static struct flow flow;

static void flow_setup(void)
{
    ck_assert(flow_init(&flow));
}

static void flow_teardown(void)
{
    flow_free(&flow);
}

START_TEST(test_request_keeps_bytes_and_newline)
{
    const struct flow_row *row = flow_add_request(&flow, "/who", 4, 1000, 0);

    ck_assert_int_eq(row->kind, FLOW_REQUEST);
    ck_assert_uint_eq(row->bytes, 5);
    ck_assert(memcmp(row->raw, "/who\n", 5) == 0);
    ck_assert_uint_eq(flow_pending(&flow), 1);
}
END_TEST

START_TEST(test_responses_pair_in_order)
{
    const struct flow_row *first = flow_add_request(&flow, "a", 1, 1000, 0);
    unsigned long first_number = first->number;
    flow_add_request(&flow, "/ping 2", 7, 1500, 0);
    const struct flow_row *event =
        flow_add_received(&flow, FLOW_AS_EVENT, "JOIN x", 6, false, 1600, 0);
    ck_assert_int_eq(event->kind, FLOW_EVENT);
    ck_assert(!event->paired);

    const struct flow_row *r1 =
        flow_add_received(&flow, FLOW_AS_RESPONSE, "OK say", 6, false, 2000, 0);
    ck_assert(r1->paired);
    ck_assert_uint_eq(r1->partner, first_number);
    ck_assert_int_eq(r1->rtt_us, 1000);
    const struct flow_row *r2 =
        flow_add_received(&flow, FLOW_AS_RESPONSE, "OK ping 2", 9, false, 2250, 0);
    ck_assert_int_eq(r2->rtt_us, 750);
    ck_assert_uint_eq(flow_pending(&flow), 0);
    ck_assert(flow_find(&flow, first_number)->paired); /* the request knows its answer */
    ck_assert_int_eq(flow_find(&flow, first_number)->rtt_us, 1000);
}
END_TEST

START_TEST(test_unpaired_response)
{
    const struct flow_row *row =
        flow_add_received(&flow, FLOW_AS_RESPONSE, "OK x", 4, false, 10, 0);

    ck_assert_int_eq(row->kind, FLOW_RESPONSE);
    ck_assert(!row->paired);
    ck_assert_int_eq(row->rtt_us, -1);
}
END_TEST

START_TEST(test_non_obrol_server_guess)
{
    /* --batch's guess: no request waiting -> an event; one waiting -> its answer. */
    const struct flow_row *hello = flow_add_received(&flow, FLOW_GUESS, "hello", 5, false, 5, 0);
    ck_assert_int_eq(hello->kind, FLOW_EVENT);
    flow_add_request(&flow, "Halo server!", 12, 100, 0);
    const struct flow_row *reply =
        flow_add_received(&flow, FLOW_GUESS, "Pesan diterima server", 21, true, 400, 0);
    ck_assert_int_eq(reply->kind, FLOW_RESPONSE);
    ck_assert(reply->paired && reply->partial);
    ck_assert_uint_eq(reply->bytes, 21); /* no newline was received */
    ck_assert_int_eq(reply->rtt_us, 300);
}
END_TEST

START_TEST(test_raw_line_never_pairs)
{
    const struct flow_row *request = flow_add_request(&flow, "/nick budi", 10, 0, 0);
    const struct flow_row *line = flow_add_received(&flow, FLOW_AS_RAW, "/nick siti", 10, false,
                                                    1006200, 0);
    ck_assert_int_eq(line->kind, FLOW_SERVER_SENT);
    ck_assert(!line->paired && !request->paired);
    ck_assert_int_eq(line->rtt_us, -1);
    ck_assert_uint_eq(flow_pending(&flow), 1); /* still waiting: that was not its answer */
    ck_assert(flow_is_pending(&flow, request->number));
}
END_TEST

START_TEST(test_raw_server_waits_for_nothing)
{
    const struct flow_row *first = flow_add_request(&flow, "a", 1, 0, 0);
    unsigned long number = first->number;
    flow_set_raw(&flow, true);
    ck_assert_uint_eq(flow_pending(&flow), 0);
    ck_assert(!flow_is_pending(&flow, number));
    flow_add_request(&flow, "b", 1, 10, 0);
    ck_assert_uint_eq(flow_pending(&flow), 0);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000000), -1);
    flow_add_note(&flow, FLOW_CONNECTING, "127.0.0.1:1", 20, 0); /* a new server: unknown */
    flow_add_request(&flow, "c", 1, 30, 0);
    ck_assert_uint_eq(flow_pending(&flow), 1);
}
END_TEST

START_TEST(test_overdue_marked_once)
{
    const struct flow_row *first = flow_add_request(&flow, "a", 1, 1000, 0);
    const struct flow_row *second = flow_add_request(&flow, "b", 1, 3000, 0);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000), 6000);
    ck_assert_uint_eq(flow_mark_overdue(&flow, 5999, 5000), 0);
    ck_assert_uint_eq(flow_mark_overdue(&flow, 6000, 5000), 1);
    ck_assert(first->overdue && !second->overdue);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000), 8000);
    ck_assert_uint_eq(flow_mark_overdue(&flow, 6500, 5000), 0); /* not again */
    ck_assert_uint_eq(flow_mark_overdue(&flow, 9000, 5000), 1);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000), -1);
    flow_add_received(&flow, FLOW_AS_RESPONSE, "OK a", 4, false, 10000, 0);
    ck_assert(first->paired && first->overdue); /* answered late: still marked */
}
END_TEST

START_TEST(test_trickle_pauses_are_our_own)
{
    const struct flow_row *request = flow_add_request(&flow, "halo", 4, 0, 0);
    flow_set_fragments(&flow, request->number, 2);
    flow_add_fragment(&flow, "ha", 2, 1, 2, 0, 0);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000000), 5000000);
    flow_add_fragment(&flow, "lo\n", 3, 2, 2, 300000, 0);
    ck_assert_int_eq(flow_overdue_due_us(&flow, 5000000), 5300000); /* from the last byte */
    const struct flow_row *reply =
        flow_add_received(&flow, FLOW_AS_RESPONSE, "OK say x", 8, false, 300400, 0);
    ck_assert_int_eq(reply->rtt_us, 300400);
    ck_assert_uint_eq(reply->own_wait, FLOW_WAIT_TRICKLE);
    ck_assert_int_eq(reply->own_wait_us, 300000);
}
END_TEST

START_TEST(test_step_hold_is_our_own)
{
    flow_add_request(&flow, "halo", 4, 1000, 0);
    flow_hold(&flow, 1500); /* received at 1.5 ms, framed at a step */
    const struct flow_row *reply =
        flow_add_received(&flow, FLOW_AS_RESPONSE, "OK say x", 8, false, 505700, 0);
    ck_assert_int_eq(reply->rtt_us, 504700);
    ck_assert_uint_eq(reply->own_wait, FLOW_WAIT_STEP);
    ck_assert_int_eq(reply->own_wait_us, 504200);
    flow_hold(&flow, -1);
    flow_add_request(&flow, "lagi", 4, 600000, 0);
    reply = flow_add_received(&flow, FLOW_AS_RESPONSE, "OK say x", 8, false, 600300, 0);
    ck_assert_uint_eq(reply->own_wait, 0);
    ck_assert_int_eq(reply->own_wait_us, 0);
}
END_TEST

START_TEST(test_connect_and_close_rows)
{
    flow_add_note(&flow, FLOW_CONNECTING, "127.0.0.1:1", 0, 0);
    flow_add_note(&flow, FLOW_CONNECTED, "127.0.0.1:1", 1, 0);
    flow_add_request(&flow, "x", 1, 2, 0);
    const struct flow_row *closed = flow_add_note(&flow, FLOW_CLOSED, "bye", 3, 0);
    ck_assert_int_eq(closed->kind, FLOW_CLOSED);
    ck_assert_str_eq(closed->note, "bye");
    ck_assert_uint_eq(flow_pending(&flow), 0); /* nobody will answer after a close */
    ck_assert_uint_eq(flow_count(&flow), 4);
    ck_assert_int_eq(flow_row(&flow, 0)->kind, FLOW_CONNECTING);
    ck_assert_uint_eq(flow_row(&flow, 3)->number, flow_row(&flow, 0)->number + 3);
}
END_TEST

START_TEST(test_ring_forgets_oldest)
{
    for (int i = 0; i < FLOW_ROWS_MAX + 10; i++)
        flow_add_received(&flow, FLOW_AS_EVENT, "MSG a b", 7, false, i, 0);
    ck_assert_uint_eq(flow_count(&flow), FLOW_ROWS_MAX);
    ck_assert_uint_eq(flow_row(&flow, 0)->number, 11);
    ck_assert_ptr_null(flow_find(&flow, 3));
    ck_assert_ptr_nonnull(flow_find(&flow, 11));
}
END_TEST

START_TEST(test_escape_and_hex)
{
    char out[64];

    flow_escape("a\tb\\\x1B\n", 6, out, sizeof(out));
    ck_assert_str_eq(out, "a\\tb\\\\\\x1b\\n");
    flow_hex("/w\n", 3, out, sizeof(out));
    ck_assert_str_eq(out, "2f 77 0a");
    flow_hex("abcdef", 6, out, 8); /* never overflows */
    ck_assert_uint_lt(strlen(out), 8);
}
END_TEST

static Suite *flow_suite(void)
{
    Suite *suite = suite_create("client_flow");
    TCase *basics = tcase_create("flow");

    tcase_add_checked_fixture(basics, flow_setup, flow_teardown);
    tcase_add_test(basics, test_request_keeps_bytes_and_newline);
    tcase_add_test(basics, test_responses_pair_in_order);
    tcase_add_test(basics, test_unpaired_response);
    tcase_add_test(basics, test_raw_line_never_pairs);
    tcase_add_test(basics, test_raw_server_waits_for_nothing);
    tcase_add_test(basics, test_overdue_marked_once);
    tcase_add_test(basics, test_trickle_pauses_are_our_own);
    tcase_add_test(basics, test_step_hold_is_our_own);
    tcase_add_test(basics, test_non_obrol_server_guess);
    tcase_add_test(basics, test_connect_and_close_rows);
    tcase_add_test(basics, test_ring_forgets_oldest);
    tcase_add_test(basics, test_escape_and_hex);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(flow_suite)
