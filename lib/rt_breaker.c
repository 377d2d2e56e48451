/*  rt_breaker.c - circuit breaker over an injected clock. */
#include <assert.h>
#include "rt_breaker.h"

void
rt_breaker_init (rt_breaker_t *self, uint32_t threshold, uint64_t timeout_ms)
{
    assert (self);
    assert (threshold >= 1);
    *self = (rt_breaker_t) { .threshold = threshold, .timeout_ms = timeout_ms,
                             .state = RT_BREAKER_CLOSED };
}

static void
s_open (rt_breaker_t *self, uint64_t now_ms)
{
    self->state = RT_BREAKER_OPEN;
    self->opened_at_ms = now_ms;
    self->trial_out = false;
    self->failures = 0;
    self->trips++;
}

//  A clock that steps back (a test, or a caller mixing clocks) must not wrap the subtraction.
static uint64_t
s_elapsed (const rt_breaker_t *self, uint64_t now_ms)
{
    return now_ms > self->opened_at_ms ? now_ms - self->opened_at_ms : 0;
}

bool
rt_breaker_allow (rt_breaker_t *self, uint64_t now_ms)
{
    assert (self);
    switch (self->state) {
        case RT_BREAKER_CLOSED:
            return true;
        case RT_BREAKER_OPEN:
            if (s_elapsed (self, now_ms) < self->timeout_ms)
                return false;
            self->state = RT_BREAKER_HALF_OPEN;
            self->trial_out = true;
            return true;
        case RT_BREAKER_HALF_OPEN:
            if (self->trial_out)
                return false;
            self->trial_out = true;
            return true;
    }
    return false;
}

void
rt_breaker_success (rt_breaker_t *self, uint64_t now_ms)
{
    assert (self);
    //  A late success from an attempt started before the breaker opened does not close it:
    //  only the half-open trial proves the far side is back.
    if (self->state == RT_BREAKER_OPEN)
        return;
    self->state = RT_BREAKER_CLOSED;
    self->failures = 0;
    self->trial_out = false;
}

void
rt_breaker_failure (rt_breaker_t *self, uint64_t now_ms)
{
    assert (self);
    switch (self->state) {
        case RT_BREAKER_CLOSED:
            if (++self->failures >= self->threshold)
                s_open (self, now_ms);
            break;
        case RT_BREAKER_HALF_OPEN:
            s_open (self, now_ms);
            break;
        case RT_BREAKER_OPEN:
            break;      //  a late failure adds nothing; the timer keeps running
    }
}

rt_breaker_state_t
rt_breaker_state (const rt_breaker_t *self)
{
    assert (self);
    return self->state;
}

uint64_t
rt_breaker_wait_ms (const rt_breaker_t *self, uint64_t now_ms)
{
    assert (self);
    switch (self->state) {
        case RT_BREAKER_CLOSED:
            return 0;
        case RT_BREAKER_OPEN: {
            uint64_t elapsed = s_elapsed (self, now_ms);
            return elapsed >= self->timeout_ms ? 0 : self->timeout_ms - elapsed;
        }
        case RT_BREAKER_HALF_OPEN:
            return self->trial_out ? UINT64_MAX : 0;
    }
    return 0;
}

const char *
rt_breaker_state_name (rt_breaker_state_t state)
{
    switch (state) {
        case RT_BREAKER_CLOSED:    return "closed";
        case RT_BREAKER_OPEN:      return "open";
        case RT_BREAKER_HALF_OPEN: return "half-open";
    }
    return "?";
}
