/*  rt_test_time.h - the monotonic clock and a bounded pause for test deadlines. */
#ifndef RT_TEST_TIME_H_INCLUDED
#define RT_TEST_TIME_H_INCLUDED

#include <stdint.h>

//  Monotonic milliseconds (CLOCK_MONOTONIC).
int64_t rt_test_now_ms (void);

//  Sleeps ms (restarting after signals). Only for polling something that has no readiness
//  to wait on (a growing file, a child's exit, /proc): never as a fixed wait for an event.
void rt_test_sleep_ms (int ms);

#endif
