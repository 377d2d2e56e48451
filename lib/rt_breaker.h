/*  rt_breaker.h - circuit breaker, pure: every call takes now_ms, nothing reads a clock.

        CLOSED    --threshold consecutive failures-->  OPEN
        OPEN      --timeout_ms elapsed, allow()-->     HALF_OPEN (one trial let through)
        HALF_OPEN --success-->                         CLOSED
        HALF_OPEN --failure-->                         OPEN (timer restarts)

    Use: before an attempt, `if (!rt_breaker_allow (&b, now)) wait rt_breaker_wait_ms (&b, now)`;
    after it, rt_breaker_success or rt_breaker_failure. While HALF_OPEN only the one trial is
    allowed until its outcome is reported. A value type: embed it, no allocation.
*/
#ifndef RT_BREAKER_H_INCLUDED
#define RT_BREAKER_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    RT_BREAKER_CLOSED = 0,
    RT_BREAKER_OPEN,
    RT_BREAKER_HALF_OPEN,
} rt_breaker_state_t;

typedef struct {
    uint32_t threshold;         //  consecutive failures that open the breaker, >= 1
    uint64_t timeout_ms;        //  how long it stays open
    rt_breaker_state_t state;
    uint32_t failures;          //  consecutive failures while closed
    uint64_t opened_at_ms;
    bool trial_out;             //  HALF_OPEN: the trial was let through, outcome pending
    uint64_t trips;             //  times it opened, for heartbeat counters
} rt_breaker_t;

void rt_breaker_init (rt_breaker_t *self, uint32_t threshold, uint64_t timeout_ms);

//  May an attempt start now? Moves OPEN to HALF_OPEN once the timeout has passed.
bool rt_breaker_allow (rt_breaker_t *self, uint64_t now_ms);

void rt_breaker_success (rt_breaker_t *self, uint64_t now_ms);
void rt_breaker_failure (rt_breaker_t *self, uint64_t now_ms);

//  Stored state (an OPEN breaker whose timeout passed stays OPEN until allow is called).
rt_breaker_state_t rt_breaker_state (const rt_breaker_t *self);

//  Milliseconds until allow can return true: 0 when closed or ready for its trial,
//  UINT64_MAX while a half-open trial is pending.
uint64_t rt_breaker_wait_ms (const rt_breaker_t *self, uint64_t now_ms);

//  "closed", "open", "half-open".
const char *rt_breaker_state_name (rt_breaker_state_t state);

#endif
