/*  rt_backoff.c - exponential backoff with full jitter. */
#include <assert.h>
#include "rt_backoff.h"

//  splitmix64 (Steele, Lea, Flood 2014): any seed, including 0, gives a full-period sequence.
static uint64_t
s_next_random (uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void
rt_backoff_init (rt_backoff_t *self, uint64_t base_ms, uint64_t cap_ms, uint64_t seed)
{
    assert (self);
    assert (base_ms >= 1 && cap_ms >= base_ms);
    self->base_ms = base_ms;
    self->cap_ms = cap_ms;
    self->attempt = 0;
    self->rng = seed;
}

void
rt_backoff_seed (rt_backoff_t *self, uint64_t seed)
{
    assert (self);
    self->rng = seed;
}

uint64_t
rt_backoff_ceiling (const rt_backoff_t *self)
{
    assert (self);
    //  base << attempt overflows long before attempt reaches 64; compare before shifting.
    if (self->attempt >= 63 || self->base_ms > (self->cap_ms >> self->attempt))
        return self->cap_ms;
    return self->base_ms << self->attempt;
}

uint64_t
rt_backoff_next (rt_backoff_t *self)
{
    assert (self);
    uint64_t ceiling = rt_backoff_ceiling (self);
    if (self->attempt < UINT32_MAX)
        self->attempt++;
    uint64_t random = s_next_random (&self->rng);
    if (ceiling == UINT64_MAX)
        return random;
    //  Multiply-shift maps the 64-bit draw onto [0, ceiling] without modulo's bias.
    return (uint64_t) (((unsigned __int128) random * (ceiling + 1)) >> 64);
}

void
rt_backoff_reset (rt_backoff_t *self)
{
    assert (self);
    self->attempt = 0;
}

uint32_t
rt_backoff_attempt (const rt_backoff_t *self)
{
    assert (self);
    return self->attempt;
}
