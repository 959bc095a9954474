/*
 * test_step.c - the step-mode state machine (src/server/step.c).
 */
#include "check-main.h"
#include "step.h"

/* Without --step the gate never stops anything and nothing is announced. */
START_TEST(test_running_freely_never_waits)
{
    struct step step;
    bool announce;

    step_init(&step, false, 0);
    for (int i = 0; i < 100; i++) {
        ck_assert(step_gate(&step, "accept()", i, &announce));
        ck_assert(!announce);
    }
    ck_assert(!step_is_waiting(&step));
    ck_assert_int_eq(step_wait_ms(&step, 0), -1);
}
END_TEST

/* Stepping: a step is announced once, waits, and runs after exactly one Enter. */
START_TEST(test_manual_step_needs_enter)
{
    struct step step;
    bool announce;

    step_init(&step, true, 0);
    ck_assert(!step_gate(&step, "recv() from budi", 0, &announce));
    ck_assert(announce);
    ck_assert_str_eq(step.next, "recv() from budi");
    ck_assert(step_is_waiting(&step));
    /* Asking again (the turn is retried) does not announce it a second time. */
    ck_assert(!step_gate(&step, "recv() from budi", 5, &announce));
    ck_assert(!announce);
    ck_assert_int_eq(step_wait_ms(&step, 5), -1); /* no time-out: wait for the operator */
    ck_assert_int_eq(step_key(&step, ""), STEP_KEY_STEP);
    ck_assert(!step_is_waiting(&step));
    ck_assert(step_gate(&step, "recv() from budi", 6, &announce));
    ck_assert_uint_eq(step.taken, 1);
    /* The next step waits again. */
    ck_assert(!step_gate(&step, "send() to siti", 7, &announce));
    ck_assert(announce);
}
END_TEST

/* Enter with no step waiting does not pre-approve a future step. */
START_TEST(test_enter_without_waiting_step_is_ignored)
{
    struct step step;
    bool announce;

    step_init(&step, true, 0);
    ck_assert_int_eq(step_key(&step, ""), STEP_KEY_NONE);
    ck_assert(!step_gate(&step, "accept()", 0, &announce));
}
END_TEST

/* "c" runs the waiting step and every later one; "s" pauses again. */
START_TEST(test_continue_and_step_again)
{
    struct step step;
    bool announce;

    step_init(&step, true, 0);
    ck_assert(!step_gate(&step, "a", 0, &announce));
    ck_assert_int_eq(step_key(&step, "c"), STEP_KEY_RUN);
    for (int i = 0; i < 10; i++)
        ck_assert(step_gate(&step, "b", 1, &announce));
    ck_assert_uint_eq(step.taken, 1); /* the step "c" released counts: numbers never repeat */
    ck_assert_int_eq(step_key(&step, "s"), STEP_KEY_STEPPING);
    ck_assert(!step_gate(&step, "c", 2, &announce));
    ck_assert(announce);
}
END_TEST

/* "q" asks to quit; anything else is not a step key. */
START_TEST(test_quit_and_unknown_keys)
{
    struct step step;

    step_init(&step, true, 0);
    ck_assert_int_eq(step_key(&step, "q"), STEP_KEY_QUIT);
    ck_assert_int_eq(step_key(&step, "  q"), STEP_KEY_QUIT);
    ck_assert_int_eq(step_key(&step, "/kick budi"), STEP_KEY_UNKNOWN);
    ck_assert_int_eq(step_key(&step, "x"), STEP_KEY_UNKNOWN);
}
END_TEST

/* Slow motion: a waiting step runs by itself once its delay has passed. */
START_TEST(test_delay_advances_alone)
{
    struct step step;
    bool announce;

    step_init(&step, false, 500); /* --step-delay alone means slow motion */
    ck_assert_int_eq(step.mode, STEP_DELAY);
    ck_assert(!step_gate(&step, "select() returned", 1000, &announce));
    ck_assert(announce);
    ck_assert_int_eq(step_wait_ms(&step, 1000), 500);
    ck_assert_int_eq(step_wait_ms(&step, 1400), 100);
    ck_assert(!step_tick(&step, 1499));
    ck_assert(step_tick(&step, 1500));
    ck_assert(step_gate(&step, "select() returned", 1500, &announce));
    /* Enter still runs a waiting step at once. */
    ck_assert(!step_gate(&step, "accept()", 1600, &announce));
    ck_assert_int_eq(step_key(&step, ""), STEP_KEY_STEP);
    ck_assert(step_gate(&step, "accept()", 1601, &announce));
}
END_TEST

static Suite *step_suite(void)
{
    Suite *suite = suite_create("step");
    TCase *cases = tcase_create("step");

    tcase_add_test(cases, test_running_freely_never_waits);
    tcase_add_test(cases, test_manual_step_needs_enter);
    tcase_add_test(cases, test_enter_without_waiting_step_is_ignored);
    tcase_add_test(cases, test_continue_and_step_again);
    tcase_add_test(cases, test_quit_and_unknown_keys);
    tcase_add_test(cases, test_delay_advances_alone);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(step_suite)
