/*
 * ring.c - which slot holds which entry of a bounded ring.
 */
#include "ring.h"

#include <assert.h>

void ring_init(struct ring *ring, size_t capacity)
{
    assert(capacity > 0);
    ring->capacity = capacity;
    ring_clear(ring);
}

void ring_clear(struct ring *ring)
{
    ring->first = 0;
    ring->count = 0;
}

size_t ring_count(const struct ring *ring)
{
    return ring->count;
}

bool ring_full(const struct ring *ring)
{
    return ring->count == ring->capacity;
}

size_t ring_slot(const struct ring *ring, size_t nth)
{
    assert(nth < ring->count);
    return (ring->first + nth) % ring->capacity;
}

size_t ring_push(struct ring *ring)
{
    if (ring_full(ring)) { /* the oldest makes room: its slot becomes the newest */
        size_t slot = ring->first;
        ring->first = (ring->first + 1) % ring->capacity;
        return slot;
    }
    ring->count++;
    return ring_slot(ring, ring->count - 1);
}

size_t ring_pop(struct ring *ring)
{
    assert(ring->count > 0);
    size_t slot = ring_slot(ring, 0);

    ring->first = (ring->first + 1) % ring->capacity;
    ring->count--;
    return slot;
}
