/*
 * test_ring.c - the slot arithmetic of a bounded ring (src/common/ring.c).
 *
 * The tests keep a small typed array beside the ring, the way its users do,
 * and check that entries come back oldest first, that a full ring forgets its
 * oldest entry (and hands out that entry's slot), and that popping frees slots.
 */
#include "check-main.h"
#include "ring.h"

#include <signal.h>

#define TEST_RING_CAPACITY 4

static struct ring ring;
static int values[TEST_RING_CAPACITY];

static void setup(void)
{
    ring_init(&ring, TEST_RING_CAPACITY);
}

/* Add `value` as the newest entry. */
static void push(int value)
{
    values[ring_push(&ring)] = value;
}

/* Entry `nth` (0: the oldest). */
static int at(size_t nth)
{
    return values[ring_slot(&ring, nth)];
}

START_TEST(test_starts_empty)
{
    ck_assert_uint_eq(ring_count(&ring), 0);
    ck_assert(!ring_full(&ring));
}
END_TEST

/* Entries keep their order: 0 is the oldest, count - 1 the newest. */
START_TEST(test_push_keeps_order)
{
    push(10);
    push(20);
    push(30);
    ck_assert_uint_eq(ring_count(&ring), 3);
    ck_assert_int_eq(at(0), 10);
    ck_assert_int_eq(at(1), 20);
    ck_assert_int_eq(at(2), 30);
}
END_TEST

/* Full: the oldest makes room, and the slot handed out is the one it had. */
START_TEST(test_full_ring_forgets_the_oldest)
{
    for (int i = 1; i <= TEST_RING_CAPACITY; i++)
        push(i);
    ck_assert(ring_full(&ring));
    size_t oldest_slot = ring_slot(&ring, 0);
    size_t slot = ring_push(&ring);
    ck_assert_uint_eq(slot, oldest_slot);
    ck_assert_int_eq(values[slot], 1); /* still there: its owner may free what it held */
    values[slot] = 5;
    ck_assert_uint_eq(ring_count(&ring), TEST_RING_CAPACITY);
    for (size_t i = 0; i < TEST_RING_CAPACITY; i++)
        ck_assert_int_eq(at(i), (int)i + 2);
}
END_TEST

/* Pop takes the oldest first (a FIFO), also after the ring wrapped around. */
START_TEST(test_pop_is_first_in_first_out)
{
    for (int i = 1; i <= 10; i++)
        push(i); /* wraps twice: 7 8 9 10 stay */
    for (int expected = 7; expected <= 10; expected++)
        ck_assert_int_eq(values[ring_pop(&ring)], expected);
    ck_assert_uint_eq(ring_count(&ring), 0);
    push(11);
    ck_assert_int_eq(at(0), 11);
}
END_TEST

/* Popped slots are free again: a queue that pops never forgets. */
START_TEST(test_pop_makes_room)
{
    for (int round = 0; round < 3 * TEST_RING_CAPACITY; round++) {
        push(round);
        push(round + 100);
        ck_assert_int_eq(values[ring_pop(&ring)], round);
        ck_assert_int_eq(values[ring_pop(&ring)], round + 100);
    }
    ck_assert_uint_eq(ring_count(&ring), 0);
}
END_TEST

START_TEST(test_clear_forgets_everything)
{
    push(1);
    push(2);
    ring_clear(&ring);
    ck_assert_uint_eq(ring_count(&ring), 0);
    push(3);
    ck_assert_uint_eq(ring_count(&ring), 1);
    ck_assert_int_eq(at(0), 3);
}
END_TEST

/* Asking for an entry that is not there is a bug in the caller: an assert. */
START_TEST(test_slot_past_the_count_asserts)
{
    push(1);
    check_stderr_discard(); /* the assertion's own message is expected */
    ck_assert_int_eq(at(1), 0); /* never returns */
}
END_TEST

START_TEST(test_pop_of_empty_ring_asserts)
{
    check_stderr_discard(); /* the assertion's own message is expected */
    ck_assert_uint_eq(ring_pop(&ring), 0); /* never returns */
}
END_TEST

static Suite *ring_suite(void)
{
    Suite *suite = suite_create("ring");
    TCase *cases = tcase_create("ring");

    tcase_add_checked_fixture(cases, setup, NULL);
    tcase_add_test(cases, test_starts_empty);
    tcase_add_test(cases, test_push_keeps_order);
    tcase_add_test(cases, test_full_ring_forgets_the_oldest);
    tcase_add_test(cases, test_pop_is_first_in_first_out);
    tcase_add_test(cases, test_pop_makes_room);
    tcase_add_test(cases, test_clear_forgets_everything);
    tcase_add_test_raise_signal(cases, test_slot_past_the_count_asserts, SIGABRT);
    tcase_add_test_raise_signal(cases, test_pop_of_empty_ring_asserts, SIGABRT);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(ring_suite)
