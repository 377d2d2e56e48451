/*  sim_pacing.h - the Gateway's 50 messages per second rule, per client.

    A sliding one-second window: a message is admitted when fewer than `limit` messages were
    admitted in the last 1000 ms. Decision (documented in README.md): an excess message is
    DROPPED (not processed) and answered with error 100 at most once per second, and the
    session stays up. A real Gateway may disconnect a client that keeps flooding; the simulator
    deliberately does not, so that clients can test their own recovery from error 100.
*/
#ifndef SIM_PACING_H_INCLUDED
#define SIM_PACING_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#define SIM_PACING_MAX 1000

typedef struct {
    int limit;                          //  messages per second; 0 = no pacing
    int head;                           //  oldest admitted stamp
    int count;
    int64_t last_warn_ms;
    uint64_t dropped;
    int64_t stamps [SIM_PACING_MAX];
} sim_pacing_t;

void sim_pacing_init (sim_pacing_t *p, int limit);
//  true when the message may be processed; *warn is set when error 100 should be sent now.
bool sim_pacing_admit (sim_pacing_t *p, int64_t now_ms, bool *warn);

#endif
