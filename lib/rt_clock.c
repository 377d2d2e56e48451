/*  rt_clock.c - the monotonic clock. */
#include <assert.h>
#include <time.h>
#include "rt_clock.h"

uint64_t
rt_clock_mono_ns (void)
{
    struct timespec ts;
    //  CLOCK_MONOTONIC cannot fail on Linux with a valid pointer; a failure is a broken system.
    int rc = clock_gettime (CLOCK_MONOTONIC, &ts);
    assert (rc == 0);
    (void) rc;
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

uint64_t
rt_clock_mono_ms (void)
{
    return rt_clock_mono_ns () / 1000000u;
}
