/*
 * stepping.h - step mode: the client stops before each send() and after each recv().
 *
 * In class the teacher wants to say "now the client is about to send 12
 * bytes", press a key, and watch the bytes go. With step mode on:
 *
 *   a typed line      waits as "about to send() N bytes" until a step;
 *   a readable socket is read at once (recv() returned N bytes: the bytes are
 *                     out of the kernel), but the bytes are framed and shown
 *                     only at the next step.
 *
 * Steps are taken by hand (Space or Enter on an empty input line) or, in slow
 * motion, by themselves every 2 s, 1 s or 0.5 s: the loop uses
 * stepping_due_ms() as a select() timeout. The waiting items form one queue,
 * oldest first, so the class sees things happen in the order they occurred.
 *
 * Pure: no sockets, no screen; times are passed in.
 */
#ifndef OBROL_CLIENT_STEPPING_H
#define OBROL_CLIENT_STEPPING_H

#include "ring.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STEPPING_QUEUE_MAX 64 /* items waiting for a step, at most */
#define STEPPING_SPEEDS 4     /* manual, then the slow-motion speeds */

enum stepping_kind {
    STEPPING_SEND, /* a request line (no newline) about to be sent */
    STEPPING_RECV, /* bytes recv() returned, not framed yet */
};

struct stepping_item {
    enum stepping_kind kind;
    unsigned long row;    /* the flow row that shows it waiting */
    bool trickle;         /* a send to be trickled (/trickle) */
    size_t fragment_size; /* /trickle: bytes per send() */
    int pause_ms;         /* /trickle: between two send()s */
    char *bytes;          /* the queue's own copy (stepping_push() makes it) */
    size_t len;
};

struct stepping {
    bool on;
    int speed; /* 0: manual; 1..: slow motion, see stepping_interval_ms() */
    struct stepping_item items[STEPPING_QUEUE_MAX];
    struct ring ring; /* which slot holds which item, oldest first */
    int64_t next_ms;  /* slow motion: when the next step is taken by itself */
};

void stepping_init(struct stepping *stepping, bool on);
/* Forget every waiting item (the connection closed). */
void stepping_clear(struct stepping *stepping);

/* Queue `item` with its own copy of the `len` bytes at `bytes` (item->bytes and
 * item->len are not read); false when the queue is full or memory ran out. */
bool stepping_push(struct stepping *stepping, const struct stepping_item *item, const char *bytes,
                   size_t len, int64_t now_ms);
/* The oldest waiting item, or NULL. */
const struct stepping_item *stepping_peek(const struct stepping *stepping);
/* Take the oldest item off the queue; the caller frees item->bytes. false: empty. */
bool stepping_pop(struct stepping *stepping, struct stepping_item *item, int64_t now_ms);
size_t stepping_count(const struct stepping *stepping);
/* True while received bytes wait: the loop then leaves the socket unread. */
bool stepping_holds_recv(const struct stepping *stepping);

/* +: faster (manual -> 2 s -> 1 s -> 0.5 s); -: slower. Returns the new speed. */
int stepping_faster(struct stepping *stepping, int64_t now_ms);
int stepping_slower(struct stepping *stepping, int64_t now_ms);
/* Milliseconds between automatic steps at a speed; 0 for manual. */
int stepping_interval_ms(int speed);
/* When slow motion takes the next step, or -1 (manual, off, or nothing waits). */
int64_t stepping_due_ms(const struct stepping *stepping);

/* The mode for the status bar: "" (off), "STEP", "STEP 2 waiting", "slow 1 s". */
void stepping_label(const struct stepping *stepping, char *out, size_t room);

#endif
