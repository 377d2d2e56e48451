/*  test_clock.c - rt_clock: monotonic, and ms agrees with ns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>
#include "rt_clock.h"

static void
test_monotonic_and_consistent (void **state)
{
    uint64_t last = rt_clock_mono_ns ();
    assert_true (last > 0);
    for (int i = 0; i < 100000; i++) {
        uint64_t now = rt_clock_mono_ns ();
        assert_true (now >= last);
        last = now;
    }
    uint64_t ns = rt_clock_mono_ns ();
    uint64_t ms = rt_clock_mono_ms ();
    uint64_t ns_after = rt_clock_mono_ns ();
    assert_true (ms >= ns / 1000000 && ms <= ns_after / 1000000);
    struct timespec ts;
    assert_int_equal (clock_gettime (CLOCK_MONOTONIC, &ts), 0);
    uint64_t direct_ms = (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
    assert_true (direct_ms >= ms);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_monotonic_and_consistent),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
