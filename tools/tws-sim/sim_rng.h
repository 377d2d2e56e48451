/*  sim_rng.h - seeded, reproducible randomness for the simulator model.

    Two kinds: a stream generator (xoshiro256**) for things that happen in sequence, and a
    stateless hash (splitmix64 finaliser over several keys) for the price path, so that the
    market at any instant is a pure function of (seed, symbol, time) and past bars agree with
    the ticks sent live. Nothing here reads the wall clock or /dev/urandom.
*/
#ifndef SIM_RNG_H_INCLUDED
#define SIM_RNG_H_INCLUDED

#include <stdint.h>

typedef struct {
    uint64_t s [4];
} sim_rng_t;

//  Seeds the stream; any seed (0 included) gives a valid, distinct state.
void     sim_rng_seed (sim_rng_t *self, uint64_t seed);
uint64_t sim_rng_next (sim_rng_t *self);
//  Uniform in [0, 1).
double   sim_rng_uniform (sim_rng_t *self);
//  Uniform integer in [0, n); n > 0.
uint64_t sim_rng_below (sim_rng_t *self, uint64_t n);

//  Stateless mixing of up to four keys into 64 well-spread bits.
uint64_t sim_hash4 (uint64_t a, uint64_t b, uint64_t c, uint64_t d);
//  Uniform in [0, 1) from a hash value.
double   sim_hash_unit (uint64_t h);
//  Approximately standard normal (mean 0, variance 1, bounded to +-~3.5) from a hash value;
//  cheap enough to call once per simulated second per symbol.
double   sim_hash_normal (uint64_t h);

#endif
