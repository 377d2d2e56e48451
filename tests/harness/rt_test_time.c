/*  rt_test_time.c - monotonic clock and pause for the test harness. */
#include "rt_test_time.h"

#include <errno.h>
#include <time.h>

int64_t
rt_test_now_ms (void)
{
    struct timespec ts;
    if (clock_gettime (CLOCK_MONOTONIC, &ts) != 0)
        return 0;               //  cannot happen with CLOCK_MONOTONIC on Linux
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
rt_test_sleep_ms (int ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
        ;
}
