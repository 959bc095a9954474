/*
 * test_ratelimit.c - the token bucket (src/common/ratelimit.c).
 *
 * The bucket holds up to `burst` tokens and gains `rate` per second; a line
 * costs one. Time is passed in explicitly (now_ms), so these tests move a
 * pretend clock forward instead of sleeping: they are exact and instant.
 */
#include "check-main.h"
#include "ratelimit.h"

#define RATE 5   /* tokens per second: one every 200 ms */
#define BURST 20 /* the server's default */
#define START_MS 1000000

/* Take tokens at one instant until refused (at most `limit` tries); returns how many. */
static unsigned take_all(struct ratelimit *bucket, unsigned rate, unsigned burst, int64_t now,
                         unsigned limit)
{
    unsigned taken = 0;

    while (taken < limit && ratelimit_take(bucket, rate, burst, now))
        taken++;
    return taken;
}

/* A full bucket allows exactly `burst` lines at one instant, then refuses. */
START_TEST(test_full_bucket_allows_burst)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    ck_assert_uint_eq(take_all(&bucket, RATE, BURST, START_MS, 1000), BURST);
    ck_assert(!ratelimit_take(&bucket, RATE, BURST, START_MS));
}
END_TEST

/* An empty bucket gains one token every 1000 / rate ms, not earlier. */
START_TEST(test_refills_at_rate)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    take_all(&bucket, RATE, BURST, START_MS, 1000);
    ck_assert(!ratelimit_take(&bucket, RATE, BURST, START_MS + 199)); /* 0.995 tokens */
    ck_assert(ratelimit_take(&bucket, RATE, BURST, START_MS + 200));  /* exactly one */
    ck_assert(!ratelimit_take(&bucket, RATE, BURST, START_MS + 200));
    /* one second later: five more tokens, no more */
    ck_assert_uint_eq(take_all(&bucket, RATE, BURST, START_MS + 1200, 1000), RATE);
}
END_TEST

/* Checking early does not lose the time already earned (partial tokens are kept). */
START_TEST(test_partial_tokens_are_kept)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    take_all(&bucket, RATE, BURST, START_MS, 1000);
    for (int64_t t = START_MS + 10; t < START_MS + 200; t += 10)
        ck_assert(!ratelimit_take(&bucket, RATE, BURST, t));         /* many early looks ... */
    ck_assert(ratelimit_take(&bucket, RATE, BURST, START_MS + 200)); /* ... still on time */
}
END_TEST

/* After a long pause the bucket is full, never fuller: `burst` lines, then wait. */
START_TEST(test_never_more_than_burst)
{
    static const int64_t pauses[] = {60 * 1000, 3600 * 1000, (int64_t)365 * 24 * 3600 * 1000};
    struct ratelimit bucket;

    for (size_t i = 0; i < sizeof(pauses) / sizeof(pauses[0]); i++) {
        ratelimit_init(&bucket, BURST, START_MS);
        take_all(&bucket, RATE, BURST, START_MS, 1000);
        ck_assert_uint_eq(take_all(&bucket, RATE, BURST, START_MS + pauses[i], 1000), BURST);
    }
    ratelimit_init(&bucket, BURST, START_MS); /* full, and then a pause: still burst */
    ck_assert_uint_eq(take_all(&bucket, RATE, BURST, START_MS + 3600 * 1000, 1000), BURST);
}
END_TEST

/*
 * Over one simulated minute, a client trying every millisecond gets exactly
 * burst + rate * 60 lines: the long-run rate is the configured one.
 */
START_TEST(test_long_run_rate)
{
    struct ratelimit bucket;
    unsigned taken = 0;

    ratelimit_init(&bucket, BURST, 0);
    for (int64_t t = 0; t <= 60 * 1000; t++) {
        if (ratelimit_take(&bucket, RATE, BURST, t))
            taken++;
    }
    ck_assert_uint_eq(taken, BURST + RATE * 60);
}
END_TEST

/* A clock that goes backwards adds no tokens. */
START_TEST(test_time_going_backwards)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    take_all(&bucket, RATE, BURST, START_MS, 1000);
    ck_assert(!ratelimit_take(&bucket, RATE, BURST, START_MS - 5000));
    ck_assert(!ratelimit_take(&bucket, RATE, BURST, START_MS + 199));
    ck_assert(ratelimit_take(&bucket, RATE, BURST, START_MS + 200));
}
END_TEST

/* A rate of 0 means no limit: every take succeeds and nobody waits. */
START_TEST(test_rate_zero_always_allows)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    ck_assert_uint_eq(take_all(&bucket, 0, BURST, START_MS, 10000), 10000);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, 0, BURST, START_MS), 0);
}
END_TEST

/* ratelimit_wait_ms: 0 with a token in the bucket, otherwise the time until one. */
START_TEST(test_wait_ms)
{
    struct ratelimit bucket;

    ratelimit_init(&bucket, BURST, START_MS);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, RATE, BURST, START_MS), 0);
    take_all(&bucket, RATE, BURST, START_MS, 1000);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, RATE, BURST, START_MS), 200);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, RATE, BURST, START_MS + 150), 50);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, RATE, BURST, START_MS + 200), 0);
    ck_assert_int_eq(ratelimit_wait_ms(&bucket, RATE, BURST, START_MS + 200), 0); /* no take */
    ck_assert(ratelimit_take(&bucket, RATE, BURST, START_MS + 200));
}
END_TEST

/* The wait is rounded up: sleeping exactly that long is always enough, one ms less never. */
START_TEST(test_wait_ms_is_exact)
{
    static const unsigned rates[] = {1, 3, 5, 7, 1000, 3000};

    for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        struct ratelimit bucket;
        unsigned rate = rates[i];

        ratelimit_init(&bucket, 1, START_MS);
        ck_assert(ratelimit_take(&bucket, rate, 1, START_MS));
        int64_t wait = ratelimit_wait_ms(&bucket, rate, 1, START_MS);
        ck_assert_int_eq(wait, (1000 + rate - 1) / rate); /* ceil(1000 / rate) */
        if (wait > 1) {
            struct ratelimit early = bucket;
            ck_assert(!ratelimit_take(&early, rate, 1, START_MS + wait - 1));
        }
        ck_assert(ratelimit_take(&bucket, rate, 1, START_MS + wait));
    }
}
END_TEST

static Suite *ratelimit_suite(void)
{
    Suite *suite = suite_create("ratelimit");
    TCase *bucket = tcase_create("bucket");
    TCase *wait = tcase_create("wait");

    tcase_add_test(bucket, test_full_bucket_allows_burst);
    tcase_add_test(bucket, test_refills_at_rate);
    tcase_add_test(bucket, test_partial_tokens_are_kept);
    tcase_add_test(bucket, test_never_more_than_burst);
    tcase_add_test(bucket, test_long_run_rate);
    tcase_add_test(bucket, test_time_going_backwards);
    tcase_add_test(bucket, test_rate_zero_always_allows);
    suite_add_tcase(suite, bucket);

    tcase_add_test(wait, test_wait_ms);
    tcase_add_test(wait, test_wait_ms_is_exact);
    suite_add_tcase(suite, wait);
    return suite;
}

CHECK_MAIN(ratelimit_suite)
