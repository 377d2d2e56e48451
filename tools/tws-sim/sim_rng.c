/*  sim_rng.c - xoshiro256** streams and splitmix64-based stateless hashing.
    Both algorithms are public domain designs (Vigna, Blackman); written here from their
    published definitions.
*/
#include "sim_rng.h"

#include <assert.h>

static uint64_t
s_splitmix (uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t
s_rotl (uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void
sim_rng_seed (sim_rng_t *self, uint64_t seed)
{
    assert (self);
    uint64_t state = seed;
    for (int i = 0; i < 4; i++)
        self->s [i] = s_splitmix (&state);
}

uint64_t
sim_rng_next (sim_rng_t *self)
{
    uint64_t *s = self->s;
    uint64_t result = s_rotl (s [1] * 5, 7) * 9;
    uint64_t t = s [1] << 17;
    s [2] ^= s [0];
    s [3] ^= s [1];
    s [1] ^= s [2];
    s [0] ^= s [3];
    s [2] ^= t;
    s [3] = s_rotl (s [3], 45);
    return result;
}

double
sim_rng_uniform (sim_rng_t *self)
{
    return (double) (sim_rng_next (self) >> 11) * 0x1.0p-53;
}

uint64_t
sim_rng_below (sim_rng_t *self, uint64_t n)
{
    assert (n > 0);
    //  Rejection keeps the result exactly uniform; the loop almost never repeats.
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = sim_rng_next (self);
    while (x >= limit);
    return x % n;
}

uint64_t
sim_hash4 (uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    uint64_t state = a;
    uint64_t h = s_splitmix (&state);
    state = h ^ b;
    h = s_splitmix (&state);
    state = h ^ c;
    h = s_splitmix (&state);
    state = h ^ d;
    return s_splitmix (&state);
}

double
sim_hash_unit (uint64_t h)
{
    return (double) (h >> 11) * 0x1.0p-53;
}

double
sim_hash_normal (uint64_t h)
{
    //  Irwin-Hall with four 16-bit uniforms: mean 2, variance 4/12; rescaled to N(0,1).
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += (double) ((h >> (16 * i)) & 0xffff) / 65536.0;
    return (sum - 2.0) * 1.7320508075688772;
}
