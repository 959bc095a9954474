/*
 * ring.h - the position arithmetic of a bounded ring buffer, in one place.
 *
 * A ring keeps the newest `capacity` entries of something in a fixed array:
 * the flow log's rows, the scrollback's messages, the requests waiting for a
 * response, step mode's queue, the dashboard's event lines. The array and its
 * element type stay with their owner (a typed array, no casts); struct ring
 * only says which slot holds which entry:
 *
 *     slot:   0     1     2     3     4          capacity 5, count 3
 *           [ c ] [   ] [   ] [ a ] [ b ]        first = 3: a is the oldest
 *
 *     struct flow_row *row = &rows[ring_push(&ring)];    add a newest entry
 *     const struct flow_row *oldest = &rows[ring_slot(&ring, 0)];
 *
 * Entries are numbered 0 (the oldest) to count - 1 (the newest). When the ring
 * is full, ring_push() forgets the oldest entry and hands out its slot: the
 * owner frees whatever that entry owned (an owner that must not forget checks
 * ring_full() first). Pure: no memory is allocated here.
 */
#ifndef OBROL_RING_H
#define OBROL_RING_H

#include <stdbool.h>
#include <stddef.h>

struct ring {
    size_t capacity; /* slots in the owner's array */
    size_t first;    /* slot of the oldest entry */
    size_t count;    /* entries held, 0..capacity */
};

/* An empty ring over an array of `capacity` slots (at least one). */
void ring_init(struct ring *ring, size_t capacity);

/* Forget every entry (the owner frees what they owned first). */
void ring_clear(struct ring *ring);

size_t ring_count(const struct ring *ring);
bool ring_full(const struct ring *ring);

/* The slot of entry `nth`, 0 being the oldest. `nth` must be below the count. */
size_t ring_slot(const struct ring *ring, size_t nth);

/* The slot for a new newest entry. When the ring is full, the oldest entry is
 * forgotten and this is its slot, still holding it. */
size_t ring_push(struct ring *ring);

/* Take the oldest entry off; returns its slot, whose contents stay valid until
 * the next ring_push(). The ring must not be empty. */
size_t ring_pop(struct ring *ring);

#endif
