/*
 * test_client_stepping.c - step mode (src/client/teach/stepping.c): queue, speeds, labels.
 */
#include "check-main.h"
#include "teach/stepping.h"

#include <stdlib.h>
#include <string.h>

static struct stepping stepping;

static void stepping_setup(void)
{
    stepping_init(&stepping, true);
}

static void stepping_teardown(void)
{
    stepping_clear(&stepping);
}

static void push(enum stepping_kind kind, const char *text, unsigned long row, int64_t now)
{
    struct stepping_item item = {.kind = kind, .row = row};
    ck_assert(stepping_push(&stepping, &item, text, strlen(text), now));
}

/* Items come out oldest first, as copies: the caller's buffer may be reused. */
START_TEST(test_queue_is_first_in_first_out)
{
    char buffer[16] = "halo";
    struct stepping_item item;

    push(STEPPING_SEND, buffer, 7, 0);
    strcpy(buffer, "XXXX");
    push(STEPPING_RECV, "OK say\n", 8, 0);
    ck_assert_uint_eq(stepping_count(&stepping), 2);
    ck_assert(stepping_holds_recv(&stepping));
    ck_assert_uint_eq(stepping_peek(&stepping)->row, 7);

    ck_assert(stepping_pop(&stepping, &item, 0));
    ck_assert_int_eq(item.kind, STEPPING_SEND);
    ck_assert(item.len == 4 && memcmp(item.bytes, "halo", 4) == 0);
    free(item.bytes);
    ck_assert(stepping_pop(&stepping, &item, 0));
    ck_assert_uint_eq(item.row, 8);
    free(item.bytes);
    ck_assert(!stepping_holds_recv(&stepping));
    ck_assert(!stepping_pop(&stepping, &item, 0));
}
END_TEST

START_TEST(test_queue_has_a_limit)
{
    struct stepping_item item = {.kind = STEPPING_SEND};

    for (int i = 0; i < STEPPING_QUEUE_MAX; i++)
        ck_assert(stepping_push(&stepping, &item, "x", 1, 0));
    ck_assert(!stepping_push(&stepping, &item, "x", 1, 0));
    ck_assert_uint_eq(stepping_count(&stepping), STEPPING_QUEUE_MAX);
}
END_TEST

/* + goes manual -> 2 s -> 1 s -> 0.5 s and stays; - goes back to manual and stays. */
START_TEST(test_speeds)
{
    ck_assert_int_eq(stepping_interval_ms(stepping.speed), 0);
    ck_assert_int_eq(stepping_interval_ms(stepping_faster(&stepping, 0)), 2000);
    ck_assert_int_eq(stepping_interval_ms(stepping_faster(&stepping, 0)), 1000);
    ck_assert_int_eq(stepping_interval_ms(stepping_faster(&stepping, 0)), 500);
    ck_assert_int_eq(stepping_interval_ms(stepping_faster(&stepping, 0)), 500);
    for (int i = 0; i < 5; i++)
        stepping_slower(&stepping, 0);
    ck_assert_int_eq(stepping.speed, 0);
}
END_TEST

/* Manual: never due. Slow motion: one interval after an item starts waiting,
 * then one interval after each step. */
START_TEST(test_slow_motion_due_times)
{
    struct stepping_item item;

    push(STEPPING_SEND, "a", 1, 100);
    ck_assert_int_eq(stepping_due_ms(&stepping), -1); /* manual */
    stepping_faster(&stepping, 200);                  /* 2 s */
    ck_assert_int_eq(stepping_due_ms(&stepping), 2200);
    stepping_faster(&stepping, 300); /* 1 s */
    ck_assert_int_eq(stepping_due_ms(&stepping), 1300);
    push(STEPPING_RECV, "b", 2, 400);
    ck_assert_int_eq(stepping_due_ms(&stepping), 1300); /* the head's time is kept */
    ck_assert(stepping_pop(&stepping, &item, 1300));
    free(item.bytes);
    ck_assert_int_eq(stepping_due_ms(&stepping), 2300);
    ck_assert(stepping_pop(&stepping, &item, 2300));
    free(item.bytes);
    ck_assert_int_eq(stepping_due_ms(&stepping), -1); /* nothing waits */
    push(STEPPING_SEND, "c", 3, 5000);
    ck_assert_int_eq(stepping_due_ms(&stepping), 6000);
    stepping.on = false;
    ck_assert_int_eq(stepping_due_ms(&stepping), -1);
}
END_TEST

START_TEST(test_labels)
{
    char label[64];

    push(STEPPING_SEND, "a", 1, 0);
    stepping_label(&stepping, label, sizeof(label));
    ck_assert_str_eq(label, "STEP, 1 waiting");
    stepping_faster(&stepping, 0);
    stepping_faster(&stepping, 0);
    stepping_label(&stepping, label, sizeof(label));
    ck_assert_str_eq(label, "slow 1 s, 1 waiting");
    stepping_faster(&stepping, 0);
    stepping_clear(&stepping);
    stepping_label(&stepping, label, sizeof(label));
    ck_assert_str_eq(label, "slow 0.5 s");
    stepping.on = false;
    stepping_label(&stepping, label, sizeof(label));
    ck_assert_str_eq(label, "");
}
END_TEST

static Suite *stepping_suite(void)
{
    Suite *suite = suite_create("client_stepping");
    TCase *basics = tcase_create("stepping");

    tcase_add_checked_fixture(basics, stepping_setup, stepping_teardown);
    tcase_add_test(basics, test_queue_is_first_in_first_out);
    tcase_add_test(basics, test_queue_has_a_limit);
    tcase_add_test(basics, test_speeds);
    tcase_add_test(basics, test_slow_motion_due_times);
    tcase_add_test(basics, test_labels);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(stepping_suite)
