/*
 * clock.h - a clock that only moves forward.
 *
 * Timers (idle flush, rate limits, time-outs) use CLOCK_MONOTONIC: the wall
 * clock can jump when someone sets the date, this one cannot.
 */
#ifndef OBROL_CLOCK_H
#define OBROL_CLOCK_H

#include <stdint.h>

/* Milliseconds since an arbitrary point in the past. */
int64_t clock_ms(void);

/* Microseconds since the same point (for round-trip times and benchmarks). */
int64_t clock_us(void);

#endif
