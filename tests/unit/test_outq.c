/*
 * test_outq.c - the per-connection output queue (src/common/outq.c).
 *
 * send() on a non-blocking socket may take all, part or none of what it is
 * offered. Whatever it did not take waits in the outq, in order, until the
 * socket is writable again. These tests play the part of send(): they peek at
 * the waiting bytes, "send" some of them with outq_consume(), and check that
 * the bytes come out in order, that the limit holds, and that an empty queue
 * holds no memory.
 */
#include "check-main.h"
#include "outq.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* ---- Helpers ------------------------------------------------------------------ */

/* The waiting bytes must be exactly `expected`. */
static void expect_queued(const struct outq *q, const char *expected, size_t expected_len)
{
    size_t count = 12345;
    const char *bytes = outq_peek(q, &count);

    ck_assert_uint_eq(count, expected_len);
    ck_assert_uint_eq(outq_pending(q), expected_len);
    if (expected_len == 0) {
        ck_assert_ptr_null(bytes);
        return;
    }
    ck_assert_ptr_nonnull(bytes);
    ck_assert_msg(memcmp(bytes, expected, expected_len) == 0, "queued bytes differ");
}

static void expect_queued_string(const struct outq *q, const char *expected)
{
    expect_queued(q, expected, strlen(expected));
}

static bool push_string(struct outq *q, const char *text)
{
    return outq_push(q, text, strlen(text));
}

/* A small pseudo-random generator: the same numbers on every run. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 8) & 0xFFFFFF;
}

/* ---- Order ---------------------------------------------------------------------- */

/* Bytes pushed in three calls come out as one run, in the order they were pushed. */
START_TEST(test_push_peek_consume_in_order)
{
    struct outq q;

    outq_init(&q, 1024);
    expect_queued(&q, NULL, 0);
    ck_assert(push_string(&q, "OK nick budi\n"));
    ck_assert(push_string(&q, "JOIN siti\n"));
    ck_assert(push_string(&q, "MSG siti Halo!\n"));
    expect_queued_string(&q, "OK nick budi\nJOIN siti\nMSG siti Halo!\n");
    outq_consume(&q, outq_pending(&q)); /* send() took everything */
    expect_queued(&q, NULL, 0);
    outq_free(&q);
}
END_TEST

/* A partial send(): only the bytes that were sent are forgotten, the rest waits. */
START_TEST(test_partial_consume)
{
    struct outq q;

    outq_init(&q, 1024);
    ck_assert(push_string(&q, "OK ping 17\n"));
    outq_consume(&q, 3); /* send() wrote "OK " only */
    expect_queued_string(&q, "ping 17\n");
    ck_assert(push_string(&q, "JOIN dewi\n")); /* new bytes go after the waiting ones */
    expect_queued_string(&q, "ping 17\nJOIN dewi\n");
    outq_consume(&q, 0); /* EAGAIN: nothing written, nothing changes */
    expect_queued_string(&q, "ping 17\nJOIN dewi\n");
    outq_consume(&q, 8);
    expect_queued_string(&q, "JOIN dewi\n");
    outq_free(&q);
}
END_TEST

/* Consuming more than is waiting empties the queue (and does not underflow). */
START_TEST(test_consume_more_than_pending)
{
    struct outq q;

    outq_init(&q, 1024);
    ck_assert(push_string(&q, "abc"));
    outq_consume(&q, 100);
    expect_queued(&q, NULL, 0);
    ck_assert_ptr_null(q.data);
    outq_consume(&q, 5); /* on an empty queue: harmless */
    expect_queued(&q, NULL, 0);
    outq_free(&q);
}
END_TEST

/* ---- Storage ----------------------------------------------------------------------- */

/* The storage grows past its first size when needed, keeping every byte. */
START_TEST(test_growth)
{
    char big[5000];
    struct outq q;

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    outq_init(&q, 64 * 1024);
    ck_assert(outq_push(&q, big, 10));
    ck_assert_uint_eq(q.cap, OUTQ_INITIAL_CAPACITY);
    ck_assert(outq_push(&q, big + 10, sizeof(big) - 10));
    ck_assert_uint_ge(q.cap, sizeof(big));
    expect_queued(&q, big, sizeof(big));
    outq_free(&q);
}
END_TEST

/* After a partial send, new bytes slide the old ones down in the same buffer. */
START_TEST(test_reuses_space_before_growing)
{
    char block[1000];
    struct outq q;

    memset(block, 'r', sizeof(block));
    outq_init(&q, 64 * 1024);
    ck_assert(outq_push(&q, block, sizeof(block)));
    ck_assert_uint_eq(q.cap, OUTQ_INITIAL_CAPACITY);
    outq_consume(&q, 900);
    const char *storage = q.data;
    memset(block, 's', sizeof(block));
    ck_assert(outq_push(&q, block, 900)); /* 100 + 900 fit in the 1024 bytes */
    ck_assert_uint_eq(q.cap, OUTQ_INITIAL_CAPACITY);
    ck_assert_ptr_eq(q.data, storage); /* the same buffer: no new allocation, no copy */
    ck_assert_uint_eq(outq_pending(&q), 1000);
    size_t count;
    const char *bytes = outq_peek(&q, &count);
    ck_assert(bytes[0] == 'r' && bytes[99] == 'r' && bytes[100] == 's' && bytes[999] == 's');
    outq_free(&q);
}
END_TEST

/* An empty queue holds no memory: not before the first push, not after the last send. */
START_TEST(test_storage_freed_when_empty)
{
    struct outq q;

    outq_init(&q, 1024);
    ck_assert_ptr_null(q.data);
    ck_assert(push_string(&q, "BYE\n"));
    ck_assert_ptr_nonnull(q.data);
    outq_consume(&q, 2);
    ck_assert_ptr_nonnull(q.data); /* "E\n" still waits */
    outq_consume(&q, 2);
    ck_assert_ptr_null(q.data);
    ck_assert_uint_eq(q.cap, 0);
    ck_assert_uint_eq(outq_pending(&q), 0);
    ck_assert(push_string(&q, "again\n")); /* and it can be used again */
    expect_queued_string(&q, "again\n");
    outq_free(&q);
    ck_assert_ptr_null(q.data);
}
END_TEST

/* Pushing nothing succeeds and allocates nothing. */
START_TEST(test_push_nothing)
{
    struct outq q;

    outq_init(&q, 16);
    ck_assert(outq_push(&q, "", 0));
    ck_assert_ptr_null(q.data);
    expect_queued(&q, NULL, 0);
    outq_free(&q);
}
END_TEST

/* ---- The limit ---------------------------------------------------------------------- */

/*
 * A push that would pass the limit is refused and queues nothing (not even the
 * part that would fit); a push that reaches the limit exactly is accepted.
 */
START_TEST(test_limit)
{
    struct outq q;

    outq_init(&q, 10);
    ck_assert(push_string(&q, "123456"));
    ck_assert(!push_string(&q, "abcde")); /* 6 + 5 > 10 */
    expect_queued_string(&q, "123456");   /* nothing of "abcde" was queued */
    ck_assert(push_string(&q, "7890"));   /* 6 + 4 = 10: exactly the limit */
    expect_queued_string(&q, "1234567890");
    ck_assert(!push_string(&q, "x")); /* full */
    expect_queued_string(&q, "1234567890");
    outq_consume(&q, 3); /* a send() makes room again */
    ck_assert(push_string(&q, "abc"));
    expect_queued_string(&q, "4567890abc");
    outq_free(&q);
}
END_TEST

/* On an empty queue a push bigger than the limit is refused and allocates nothing. */
START_TEST(test_limit_on_empty_queue)
{
    char big[100];
    struct outq q;

    memset(big, 'b', sizeof(big));
    outq_init(&q, 50);
    ck_assert(!outq_push(&q, big, 51));
    ck_assert_ptr_null(q.data);
    expect_queued(&q, NULL, 0);
    ck_assert(outq_push(&q, big, 50)); /* the limit itself fits */
    ck_assert_uint_eq(outq_pending(&q), 50);
    outq_free(&q);
}
END_TEST

/* A huge count cannot wrap the limit arithmetic around. */
START_TEST(test_limit_huge_count)
{
    struct outq q;

    outq_init(&q, 100);
    ck_assert(push_string(&q, "x"));
    ck_assert(!outq_push(&q, "y", SIZE_MAX)); /* refused before reading any byte */
    expect_queued_string(&q, "x");
    outq_free(&q);
}
END_TEST

/* ---- Many cycles ------------------------------------------------------------------ */

/*
 * Thousands of pushes and partial sends of pseudo-random sizes, compared after
 * every step with a plain reference array: the queue never loses, repeats or
 * reorders a byte, honours the limit, and is empty (no storage) at the end.
 */
START_TEST(test_many_cycles_match_reference)
{
    enum { LIMIT = 4096, STEPS = 20000 };
    static char reference[LIMIT];
    size_t reference_len = 0;
    uint32_t random_state = 2024;
    unsigned counter = 0;
    struct outq q;

    outq_init(&q, LIMIT);
    for (int step = 0; step < STEPS; step++) {
        uint32_t choice = next_random(&random_state);

        if (choice % 2 == 0) {
            char chunk[600];
            size_t size = next_random(&random_state) % sizeof(chunk);
            for (size_t i = 0; i < size; i++)
                chunk[i] = (char)(counter++ % 251); /* a pattern that does not repeat often */
            bool fits = reference_len + size <= LIMIT;
            ck_assert(outq_push(&q, chunk, size) == fits);
            if (fits) {
                memcpy(reference + reference_len, chunk, size);
                reference_len += size;
            }
        } else {
            size_t sent = next_random(&random_state) % 700; /* what send() accepted */
            if (sent > reference_len)
                sent = reference_len;
            outq_consume(&q, sent);
            memmove(reference, reference + sent, reference_len - sent);
            reference_len -= sent;
        }
        expect_queued(&q, reference, reference_len);
        ck_assert_uint_le(q.cap, 2 * LIMIT);
    }
    outq_consume(&q, reference_len);
    ck_assert_ptr_null(q.data);
    outq_free(&q);
}
END_TEST

/* ---- outq_write(): a pipe stands in for a terminal -------------------------------- */

/* One write() of everything queued; a full pipe takes part of it, then nothing (EAGAIN). */
START_TEST(test_write_to_a_pipe_keeps_the_rest)
{
    struct outq q;
    int ends[2];
    char block[4096], got[4096];

    ck_assert_int_eq(pipe(ends), 0);
    ck_assert_int_eq(fcntl(ends[1], F_SETFL, O_NONBLOCK), 0);
    outq_init(&q, 4 << 20);
    for (int i = 0; i < 256; i++) { /* 1 MiB: more than any pipe holds by default */
        memset(block, 'a' + i % 26, sizeof(block));
        ck_assert(outq_push(&q, block, sizeof(block)));
    }
    size_t queued = outq_pending(&q);

    ssize_t taken = outq_write(&q, ends[1]); /* what the pipe had room for */
    ck_assert_int_gt(taken, 0);
    ck_assert_int_lt(taken, (ssize_t)queued);
    ck_assert_uint_eq(outq_pending(&q), queued - (size_t)taken);
    ck_assert_int_eq(outq_write(&q, ends[1]), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_uint_eq(outq_pending(&q), queued - (size_t)taken); /* nothing lost */

    /* The bytes arrive in order: the first block is all 'a'. */
    ck_assert_int_eq(read(ends[0], got, sizeof(got)), (ssize_t)sizeof(got));
    memset(block, 'a', sizeof(block));
    ck_assert(memcmp(got, block, sizeof(got)) == 0);
    ck_assert_int_gt(outq_write(&q, ends[1]), 0); /* room again: the rest goes on */
    outq_free(&q);
    close(ends[0]);
    close(ends[1]);
}
END_TEST

/* Nothing queued: no write() at all, 0. */
START_TEST(test_write_nothing)
{
    struct outq q;

    outq_init(&q, 64);
    ck_assert_int_eq(outq_write(&q, -1), 0); /* an invalid fd is never touched */
}
END_TEST

static Suite *outq_suite(void)
{
    Suite *suite = suite_create("outq");
    TCase *order = tcase_create("order");
    TCase *storage = tcase_create("storage");
    TCase *limit = tcase_create("limit");
    TCase *cycles = tcase_create("cycles");
    TCase *writes = tcase_create("write");

    tcase_add_test(order, test_push_peek_consume_in_order);
    tcase_add_test(order, test_partial_consume);
    tcase_add_test(order, test_consume_more_than_pending);
    suite_add_tcase(suite, order);

    tcase_add_test(storage, test_growth);
    tcase_add_test(storage, test_reuses_space_before_growing);
    tcase_add_test(storage, test_storage_freed_when_empty);
    tcase_add_test(storage, test_push_nothing);
    suite_add_tcase(suite, storage);

    tcase_add_test(limit, test_limit);
    tcase_add_test(limit, test_limit_on_empty_queue);
    tcase_add_test(limit, test_limit_huge_count);
    suite_add_tcase(suite, limit);

    tcase_add_test(writes, test_write_to_a_pipe_keeps_the_rest);
    tcase_add_test(writes, test_write_nothing);
    suite_add_tcase(suite, writes);

    tcase_add_test(cycles, test_many_cycles_match_reference);
    tcase_set_timeout(cycles, 30);
    suite_add_tcase(suite, cycles);
    return suite;
}

CHECK_MAIN(outq_suite)
