/*
 * ratelimit.c - token bucket in integer arithmetic.
 */
#include "ratelimit.h"

void ratelimit_init(struct ratelimit *bucket, unsigned burst, int64_t now_ms)
{
    bucket->millitokens = (int64_t)burst * 1000;
    bucket->updated_ms = now_ms;
}

/* Add the tokens earned since the last update, up to a full bucket. */
static void ratelimit_refill(struct ratelimit *bucket, unsigned rate, unsigned burst,
                             int64_t now_ms)
{
    int64_t elapsed = now_ms - bucket->updated_ms;
    int64_t full = (int64_t)burst * 1000;

    if (elapsed > 0) {
        /* rate tokens per second = rate thousandths per millisecond */
        bucket->millitokens += elapsed * rate;
        if (bucket->millitokens > full)
            bucket->millitokens = full;
        bucket->updated_ms = now_ms;
    }
}

bool ratelimit_take(struct ratelimit *bucket, unsigned rate, unsigned burst, int64_t now_ms)
{
    if (rate == 0)
        return true;
    ratelimit_refill(bucket, rate, burst, now_ms);
    if (bucket->millitokens < 1000)
        return false;
    bucket->millitokens -= 1000;
    return true;
}

int64_t ratelimit_wait_ms(struct ratelimit *bucket, unsigned rate, unsigned burst, int64_t now_ms)
{
    if (rate == 0)
        return 0;
    ratelimit_refill(bucket, rate, burst, now_ms);
    if (bucket->millitokens >= 1000)
        return 0;
    return (1000 - bucket->millitokens + rate - 1) / rate; /* round up */
}
