/*  test_breaker.c - rt_breaker walked through every state with a fake clock (now_ms is just a
    variable the test advances), so nothing sleeps.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "rt_breaker.h"

static void
test_opens_after_threshold_consecutive_failures (void **state)
{
    rt_breaker_t b;
    uint64_t now = 1000;
    rt_breaker_init (&b, 3, 30000);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_CLOSED);
    assert_true (rt_breaker_allow (&b, now));
    rt_breaker_failure (&b, now);
    rt_breaker_failure (&b, now);
    //  A success in between resets the count: failures must be consecutive.
    rt_breaker_success (&b, now);
    rt_breaker_failure (&b, now);
    rt_breaker_failure (&b, now);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_CLOSED);
    assert_true (rt_breaker_allow (&b, now));
    assert_int_equal (rt_breaker_wait_ms (&b, now), 0);
    now += 5;
    rt_breaker_failure (&b, now);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    assert_int_equal (b.trips, 1);
    assert_false (rt_breaker_allow (&b, now));
    assert_int_equal (rt_breaker_wait_ms (&b, now), 30000);
}

static void
test_open_for_timeout_then_one_trial (void **state)
{
    rt_breaker_t b;
    uint64_t t0 = 500000;
    rt_breaker_init (&b, 1, 10000);
    rt_breaker_failure (&b, t0);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    assert_false (rt_breaker_allow (&b, t0 + 1));
    assert_false (rt_breaker_allow (&b, t0 + 9999));
    assert_int_equal (rt_breaker_wait_ms (&b, t0 + 9999), 1);
    assert_int_equal (rt_breaker_wait_ms (&b, t0 + 10000), 0);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    assert_true (rt_breaker_allow (&b, t0 + 10000));
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_HALF_OPEN);
    //  Only one trial until its outcome is known.
    assert_false (rt_breaker_allow (&b, t0 + 10001));
    assert_false (rt_breaker_allow (&b, t0 + 99999));
    assert_true (rt_breaker_wait_ms (&b, t0 + 10001) == UINT64_MAX);
}

static void
test_half_open_success_closes (void **state)
{
    rt_breaker_t b;
    uint64_t now = 0;
    rt_breaker_init (&b, 2, 1000);
    rt_breaker_failure (&b, now);
    rt_breaker_failure (&b, now);
    now += 1000;
    assert_true (rt_breaker_allow (&b, now));
    rt_breaker_success (&b, now + 3);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_CLOSED);
    assert_true (rt_breaker_allow (&b, now + 4));
    assert_true (rt_breaker_allow (&b, now + 4));
    //  Closed again with a fresh count: one failure is not enough.
    rt_breaker_failure (&b, now + 5);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_CLOSED);
    rt_breaker_failure (&b, now + 6);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    assert_int_equal (b.trips, 2);
}

static void
test_half_open_failure_reopens_with_a_new_timer (void **state)
{
    rt_breaker_t b;
    uint64_t now = 100;
    rt_breaker_init (&b, 1, 5000);
    rt_breaker_failure (&b, now);
    now += 5000;
    assert_true (rt_breaker_allow (&b, now));
    now += 250;                         //  the trial takes a while, then fails
    rt_breaker_failure (&b, now);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    assert_false (rt_breaker_allow (&b, now + 4999));
    assert_int_equal (rt_breaker_wait_ms (&b, now), 5000);
    assert_true (rt_breaker_allow (&b, now + 5000));
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_HALF_OPEN);
    rt_breaker_success (&b, now + 5001);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_CLOSED);
    assert_int_equal (b.trips, 2);
}

static void
test_late_outcomes_while_open (void **state)
{
    rt_breaker_t b;
    rt_breaker_init (&b, 1, 1000);
    rt_breaker_failure (&b, 10);
    //  An attempt started before the breaker opened reports late: neither closes nor
    //  extends the open period.
    rt_breaker_success (&b, 20);
    assert_int_equal (rt_breaker_state (&b), RT_BREAKER_OPEN);
    rt_breaker_failure (&b, 900);
    assert_int_equal (rt_breaker_wait_ms (&b, 900), 110);
    assert_true (rt_breaker_allow (&b, 1010));
    //  A clock read earlier than the opening must not wrap around.
    rt_breaker_t c;
    rt_breaker_init (&c, 1, 1000);
    rt_breaker_failure (&c, 5000);
    assert_false (rt_breaker_allow (&c, 4000));
    assert_int_equal (rt_breaker_wait_ms (&c, 4000), 1000);
}

static void
test_state_names (void **state)
{
    assert_string_equal (rt_breaker_state_name (RT_BREAKER_CLOSED), "closed");
    assert_string_equal (rt_breaker_state_name (RT_BREAKER_OPEN), "open");
    assert_string_equal (rt_breaker_state_name (RT_BREAKER_HALF_OPEN), "half-open");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_opens_after_threshold_consecutive_failures),
        cmocka_unit_test (test_open_for_timeout_then_one_trial),
        cmocka_unit_test (test_half_open_success_closes),
        cmocka_unit_test (test_half_open_failure_reopens_with_a_new_timer),
        cmocka_unit_test (test_late_outcomes_while_open),
        cmocka_unit_test (test_state_names),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
