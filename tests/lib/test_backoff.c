/*  test_backoff.c - rt_backoff: every delay within [0, min(cap, base * 2^attempt)] over many
    samples, the cap, reset, determinism by seed, and that the jitter actually spreads.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "rt_backoff.h"

static void
test_ceiling_doubles_then_caps (void **state)
{
    rt_backoff_t b;
    rt_backoff_init (&b, 100, 30000, 1);
    const uint64_t expected [] = { 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600,
                                   30000, 30000, 30000 };
    for (size_t i = 0; i < sizeof expected / sizeof expected [0]; i++) {
        assert_int_equal (rt_backoff_attempt (&b), i);
        assert_int_equal (rt_backoff_ceiling (&b), expected [i]);
        rt_backoff_next (&b);
    }
}

static void
test_bounds_over_many_samples (void **state)
{
    rt_backoff_t b;
    rt_backoff_init (&b, 50, 10000, 0xC0FFEE);
    for (int round = 0; round < 2000; round++) {
        for (uint32_t attempt = 0; attempt < 20; attempt++) {
            uint64_t ceiling = 50ULL << (attempt < 10 ? attempt : 10);
            if (ceiling > 10000)
                ceiling = 10000;
            assert_int_equal (rt_backoff_ceiling (&b), ceiling);
            uint64_t delay = rt_backoff_next (&b);
            assert_true (delay <= ceiling);
        }
        rt_backoff_reset (&b);
    }
}

//  Full jitter must use the whole range: the low and the high tenth both show up, and the
//  mean is near half the ceiling.
static void
test_jitter_spreads_over_the_range (void **state)
{
    rt_backoff_t b;
    rt_backoff_init (&b, 1000, 1000, 42);
    int low = 0, high = 0;
    uint64_t sum = 0;
    const int samples = 20000;
    for (int i = 0; i < samples; i++) {
        uint64_t delay = rt_backoff_next (&b);
        assert_true (delay <= 1000);
        low += delay < 100;
        high += delay > 900;
        sum += delay;
    }
    assert_true (low > samples / 20 && high > samples / 20);
    double mean = (double) sum / samples;
    assert_true (mean > 470 && mean < 530);
}

static void
test_cap_is_reached_and_held (void **state)
{
    rt_backoff_t b;
    rt_backoff_init (&b, 1, 5000, 7);
    for (int i = 0; i < 200; i++)
        rt_backoff_next (&b);
    //  Attempt far past 64 doublings: no overflow, the ceiling is the cap.
    assert_int_equal (rt_backoff_attempt (&b), 200);
    assert_int_equal (rt_backoff_ceiling (&b), 5000);
    uint64_t max = 0;
    for (int i = 0; i < 5000; i++) {
        uint64_t delay = rt_backoff_next (&b);
        assert_true (delay <= 5000);
        if (delay > max)
            max = delay;
    }
    assert_true (max > 4900);

    rt_backoff_t huge;
    rt_backoff_init (&huge, UINT64_MAX / 4, UINT64_MAX, 3);
    for (int i = 0; i < 10; i++)
        rt_backoff_next (&huge);
    assert_true (rt_backoff_ceiling (&huge) == UINT64_MAX);
    rt_backoff_next (&huge);    //  the full 64-bit range must not overflow ceiling + 1
}

static void
test_reset (void **state)
{
    rt_backoff_t b;
    rt_backoff_init (&b, 200, 60000, 9);
    for (int i = 0; i < 8; i++)
        rt_backoff_next (&b);
    assert_int_equal (rt_backoff_ceiling (&b), 51200);
    rt_backoff_reset (&b);
    assert_int_equal (rt_backoff_attempt (&b), 0);
    assert_int_equal (rt_backoff_ceiling (&b), 200);
    for (int i = 0; i < 100; i++) {
        assert_true (rt_backoff_next (&b) <= 200);
        rt_backoff_reset (&b);
    }
}

static void
test_deterministic_by_seed (void **state)
{
    rt_backoff_t a, b, c;
    rt_backoff_init (&a, 100, 100000, 12345);
    rt_backoff_init (&b, 100, 100000, 12345);
    rt_backoff_init (&c, 100, 100000, 54321);
    int differ = 0;
    uint64_t first [16];
    for (int i = 0; i < 16; i++) {
        first [i] = rt_backoff_next (&a);
        assert_int_equal (first [i], rt_backoff_next (&b));
        differ += first [i] != rt_backoff_next (&c);
    }
    assert_true (differ > 8);
    //  Re-seeding restarts the same sequence.
    rt_backoff_reset (&a);
    rt_backoff_seed (&a, 12345);
    for (int i = 0; i < 16; i++)
        assert_int_equal (rt_backoff_next (&a), first [i]);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_ceiling_doubles_then_caps),
        cmocka_unit_test (test_bounds_over_many_samples),
        cmocka_unit_test (test_jitter_spreads_over_the_range),
        cmocka_unit_test (test_cap_is_reached_and_held),
        cmocka_unit_test (test_reset),
        cmocka_unit_test (test_deterministic_by_seed),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
