/*
 * ratelimit.h - a token bucket: allow bursts, limit the long-run rate.
 *
 * The bucket holds up to `burst` tokens and gains `rate` tokens per second.
 * Each line costs one token. A client that types normally never notices; one
 * that floods gets its lines processed at `rate` per second. The server does
 * not drop the extra lines: it stops reading from that client, so they wait in
 * the kernel's buffers (TCP flow control slows the sender down).
 *
 * Tokens are counted in thousandths so that everything stays in integers.
 */
#ifndef OBROL_RATELIMIT_H
#define OBROL_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit {
    int64_t millitokens; /* thousandths of a token in the bucket */
    int64_t updated_ms;  /* when millitokens was last brought up to date */
};

/* A full bucket at time now_ms. */
void ratelimit_init(struct ratelimit *bucket, unsigned burst, int64_t now_ms);

/* Take one token if there is one. A rate of 0 means unlimited (always true). */
bool ratelimit_take(struct ratelimit *bucket, unsigned rate, unsigned burst, int64_t now_ms);

/* Milliseconds until a token will be there (0 if there is one now). */
int64_t ratelimit_wait_ms(struct ratelimit *bucket, unsigned rate, unsigned burst, int64_t now_ms);

#endif
