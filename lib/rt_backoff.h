/*  rt_backoff.h - exponential backoff with full jitter, pure and deterministic.

    delay(attempt) = uniform random in [0, min(cap_ms, base_ms * 2^attempt)], attempt counted
    from 0 and increased by each rt_backoff_next; rt_backoff_reset after a success. Full jitter
    spreads reconnecting clients apart (AWS architecture blog, "Exponential Backoff And
    Jitter"). The random source is a splitmix64 state inside the struct, so a test that sets
    the seed gets the same delays every run, and nothing reads a clock: the caller adds the
    delay to its own now_ms.

    A value type: embed it, no allocation, no destroy.
*/
#ifndef RT_BACKOFF_H_INCLUDED
#define RT_BACKOFF_H_INCLUDED

#include <stdint.h>

typedef struct {
    uint64_t base_ms;
    uint64_t cap_ms;
    uint32_t attempt;       //  delays handed out since the last reset
    uint64_t rng;           //  splitmix64 state
} rt_backoff_t;

//  base_ms >= 1, cap_ms >= base_ms (asserted). seed picks the jitter sequence.
void rt_backoff_init (rt_backoff_t *self, uint64_t base_ms, uint64_t cap_ms, uint64_t seed);

//  Restarts the jitter sequence (e.g. with pid ^ time in a service, a constant in a test).
void rt_backoff_seed (rt_backoff_t *self, uint64_t seed);

//  The next delay in ms, then attempt + 1.
uint64_t rt_backoff_next (rt_backoff_t *self);

//  The upper bound the next delay is drawn below: min(cap, base * 2^attempt).
uint64_t rt_backoff_ceiling (const rt_backoff_t *self);

//  After a success: the next delay is drawn from [0, base] again.
void rt_backoff_reset (rt_backoff_t *self);

uint32_t rt_backoff_attempt (const rt_backoff_t *self);

#endif
