/*  sim_blast.h - --blast: a pre-encoded cyclic buffer of market-data frames.

    Encoded once when a client's first reqMktData arrives (its reqId is in every frame), then
    streamed straight from memory as fast as the socket takes it: no per-frame work, so the
    simulator is never the bottleneck of a decoding benchmark. The mix is realistic: tickPrice
    BID/ASK/LAST each followed by its tickSize, and a tickString 45 (last timestamp) after every
    fourth trade; prices walk from the seed.
*/
#ifndef SIM_BLAST_H_INCLUDED
#define SIM_BLAST_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef struct sim_blast_t sim_blast_t;

#define SIM_BLAST_CYCLE_FRAMES 4096

//  NULL when out of memory or the codec fails (logged).
sim_blast_t *sim_blast_new (int server_version, int req_id, uint64_t seed);
void sim_blast_destroy (sim_blast_t **p);
//  Bytes of the first n frames of the endless stream (whole cycles + a prefix).
uint64_t sim_blast_stream_bytes (const sim_blast_t *b, uint64_t frames);
//  Contiguous bytes from pos to the end of the cycle.
const uint8_t *sim_blast_bytes (const sim_blast_t *b, size_t pos, size_t *n);
//  Position after n more bytes (wraps to 0 at the end of the cycle).
size_t sim_blast_advance (const sim_blast_t *b, size_t pos, size_t n);

#endif
