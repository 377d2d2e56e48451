/*  rt_clock.h - the monotonic clock, read in one place.

    Only the event loop's edge reads the clock; backoff, breaker and timers take now_ms as an
    argument so that tests drive them with a fake clock.
*/
#ifndef RT_CLOCK_H_INCLUDED
#define RT_CLOCK_H_INCLUDED

#include <stdint.h>

//  CLOCK_MONOTONIC in nanoseconds / milliseconds since an arbitrary start (boot).
uint64_t rt_clock_mono_ns (void);
uint64_t rt_clock_mono_ms (void);

#endif
