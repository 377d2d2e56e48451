/*  sim_pacing.c - sliding-window message rate limit. */
#include "sim_pacing.h"

#include <assert.h>
#include <string.h>

void
sim_pacing_init (sim_pacing_t *p, int limit)
{
    assert (limit >= 0 && limit <= SIM_PACING_MAX);
    memset (p, 0, sizeof *p);
    p->limit = limit;
    p->last_warn_ms = INT64_MIN / 2;
}

bool
sim_pacing_admit (sim_pacing_t *p, int64_t now_ms, bool *warn)
{
    *warn = false;
    if (p->limit == 0)
        return true;
    if (p->count < p->limit) {
        p->stamps [(p->head + p->count) % p->limit] = now_ms;
        p->count++;
        return true;
    }
    if (now_ms - p->stamps [p->head] >= 1000) {
        //  The oldest of the last `limit` messages left the window: reuse its slot.
        p->stamps [p->head] = now_ms;
        p->head = (p->head + 1) % p->limit;
        return true;
    }
    p->dropped++;
    if (now_ms - p->last_warn_ms >= 1000) {
        p->last_warn_ms = now_ms;
        *warn = true;
    }
    return false;
}
