/*  test_strat_sma.c - the SMA crossover, sizing within limits, deterministic coids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "rt_error.h"
#include "strat_plan.h"
#include "strat_sma.h"

#define T0   1736173800000000000ULL     //  2025-01-06 14:30:00 UTC
#define MIN  60000000000ULL

static void
s_feed (strat_sma_t *s, size_t from, const double *closes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        strat_bar_t b = { .ts_ns = T0 + (from + i) * MIN, .close = closes [i], .is_final = true };
        strat_sma_on_bar (s, &b);
    }
}

static void
s_flat (strat_sma_t *s, size_t from, size_t n, double price)
{
    for (size_t i = 0; i < n; i++) {
        strat_bar_t b = { .ts_ns = T0 + (from + i) * MIN, .close = price, .is_final = true };
        strat_sma_on_bar (s, &b);
    }
}

static void
test_bad_lengths (void **state)
{
    (void) state;
    assert_null (strat_sma_new (0, 30));
    assert_null (strat_sma_new (30, 30));
    assert_null (strat_sma_new (10, STRAT_SMA_MAX_LEN + 1));
    const strat_def_t *def = strat_find ("sma");
    assert_non_null (def);
    assert_null (strat_find ("nope"));
    void *st = NULL;
    char err [128];
    strat_params_t p = { .fast = 30, .slow = 10 };
    assert_int_equal (def->create (&st, &p, err, sizeof err), RT_EINVAL);
    assert_null (st);
    assert_non_null (strstr (err, "STRATEGY_FAST"));
}

static void
test_not_enough_bars (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (3, 5);
    assert_non_null (s);
    s_flat (s, 0, 5, 100);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    assert_int_equal (sig.action, STRAT_HOLD);
    assert_int_equal (sig.ts_ns, 0);
    assert_non_null (strstr (sig.reason, "not enough bars: 5 of the 6"));
    strat_sma_destroy (&s);
    assert_null (s);
}

static void
test_cross_up (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (3, 5);
    //  Falling, then a jump: fast drops below slow, then crosses above at bar 12.
    const double c [] = { 110, 109, 108, 107, 106, 105, 104, 103, 102, 101, 100, 100, 120, 121 };
    s_feed (s, 0, c, 14);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    assert_int_equal (sig.action, STRAT_BUY);
    assert_int_equal (sig.ts_ns, T0 + 12 * MIN);
    assert_non_null (strstr (sig.reason, "cross up at 2025-01-06 14:42 UTC, 1 bar ago"));
    assert_non_null (strstr (sig.reason, "fast SMA 113.67 > slow SMA 108.40"));
    //  Deciding again, and more bars in the same regime: the same signal bar.
    strat_signal_t again;
    strat_sma_decide (s, &again);
    assert_memory_equal (&sig, &again, sizeof sig);
    s_flat (s, 14, 3, 125);
    strat_sma_decide (s, &again);
    assert_int_equal (again.action, STRAT_BUY);
    assert_int_equal (again.ts_ns, T0 + 12 * MIN);
    strat_sma_destroy (&s);
}

static void
test_cross_down (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (3, 5);
    const double c [] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 90 };
    s_feed (s, 0, c, 10);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    assert_int_equal (sig.action, STRAT_SELL);
    assert_int_equal (sig.ts_ns, T0 + 9 * MIN);
    assert_non_null (strstr (sig.reason, "< slow SMA"));
    assert_non_null (strstr (sig.reason, "cross down at 2025-01-06 14:39 UTC)"));
    strat_sma_destroy (&s);
}

static void
test_no_cross_in_window (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (3, 5);
    const double c [] = { 100, 101, 102, 103, 104, 105, 106, 107 };
    s_feed (s, 0, c, 8);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    assert_int_equal (sig.action, STRAT_HOLD);
    assert_non_null (strstr (sig.reason, "no cross in the last 8 bars"));
    //  Equal averages: no regime.
    strat_sma_t *f = strat_sma_new (3, 5);
    s_flat (f, 0, 8, 50);
    strat_sma_decide (f, &sig);
    assert_int_equal (sig.action, STRAT_HOLD);
    assert_non_null (strstr (sig.reason, "no regime"));
    strat_sma_destroy (&s);
    strat_sma_destroy (&f);
}

static void
test_forming_bar_waits (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (3, 5);
    const double c [] = { 110, 109, 108, 107, 106, 105, 104, 103 };
    s_feed (s, 0, c, 8);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    assert_int_equal (sig.action, STRAT_HOLD);      //  falling from the start: no cross
    //  A forming bar that would cross up changes nothing until it is complete.
    strat_bar_t b = { .ts_ns = T0 + 8 * MIN, .close = 150, .is_final = false };
    strat_sma_on_bar (s, &b);
    b.close = 160;                                  //  updated in place
    strat_sma_on_bar (s, &b);
    assert_int_equal (strat_sma_bars (s), 8);
    strat_signal_t held;
    strat_sma_decide (s, &held);
    assert_int_equal (held.action, sig.action);
    //  The next bar commits it (at its last value).
    b.ts_ns = T0 + 9 * MIN;
    strat_sma_on_bar (s, &b);
    assert_int_equal (strat_sma_bars (s), 9);
    strat_sma_decide (s, &held);
    assert_int_equal (held.action, STRAT_BUY);
    assert_int_equal (held.ts_ns, T0 + 8 * MIN);
    //  Older bars are ignored and counted; the same bar again replaces it.
    b.ts_ns = T0;
    b.is_final = true;
    strat_sma_on_bar (s, &b);
    assert_int_equal (strat_sma_stale (s), 1);
    strat_sma_destroy (&s);
}

static void
test_ring_keeps_the_latest (void **state)
{
    (void) state;
    strat_sma_t *s = strat_sma_new (10, 30);
    s_flat (s, 0, 200, 100);
    s_flat (s, 200, 50, 90);
    s_flat (s, 250, STRAT_SMA_BARS, 95);            //  crosses up at bar 250, then flat
    assert_int_equal (strat_sma_bars (s), STRAT_SMA_BARS);
    strat_signal_t sig;
    strat_sma_decide (s, &sig);
    //  The cross left the window: no bar to key an order on.
    assert_int_equal (sig.action, STRAT_HOLD);
    strat_sma_destroy (&s);
}

static void
test_limits (void **state)
{
    (void) state;
    strat_limits_t lim = { .max_position = 100, .order_qty = 10, .allow_short = false };
    strat_signal_t buy = { .action = STRAT_BUY, .ts_ns = T0 + 12 * MIN };
    snprintf (buy.reason, sizeof buy.reason, "up");
    strat_signal_t sell = buy;
    sell.action = STRAT_SELL;
    strat_plan_t p;
    assert_int_equal (strat_plan ("sma", "AAPL", &buy, 0, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_BUY);
    assert_true (p.qty == 10);
    assert_int_equal (strat_plan ("sma", "AAPL", &buy, 95, &lim, &p), 0);
    assert_true (p.qty == 5);
    assert_int_equal (strat_plan ("sma", "AAPL", &buy, 100, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_HOLD);
    assert_string_equal (p.why, "at the position limit");
    assert_string_equal (p.coid, "");
    assert_int_equal (strat_plan ("sma", "AAPL", &sell, 0, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_HOLD);
    assert_string_equal (p.why, "flat and shorts are not allowed");
    assert_int_equal (strat_plan ("sma", "AAPL", &sell, 4, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_SELL);
    assert_true (p.qty == 4);
    lim.allow_short = true;
    assert_int_equal (strat_plan ("sma", "AAPL", &sell, 0, &lim, &p), 0);
    assert_true (p.qty == 10);
    assert_int_equal (strat_plan ("sma", "AAPL", &sell, -95, &lim, &p), 0);
    assert_true (p.qty == 5);
    assert_int_equal (strat_plan ("sma", "AAPL", &sell, -100, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_HOLD);
    assert_string_equal (p.why, "at the short limit");
    strat_signal_t hold = { .action = STRAT_HOLD };
    assert_int_equal (strat_plan ("sma", "AAPL", &hold, 0, &lim, &p), 0);
    assert_int_equal (p.action, STRAT_HOLD);

    char line [STRAT_LINE_MAX];
    lim.allow_short = false;
    strat_plan ("sma", "AAPL", &buy, 0, &lim, &p);
    strat_plan_line (line, sizeof line, "AAPL", &buy, &p, 0, &lim);
    assert_string_equal (line, "AAPL: up -> BUY 10 (position 0, limit 100) "
                               "coid=strat-sma-AAPL-20250106T144200-BUY");
    strat_plan ("sma", "AAPL", &sell, 0, &lim, &p);
    strat_plan_line (line, sizeof line, "AAPL", &sell, &p, 0, &lim);
    assert_string_equal (line, "AAPL: up -> HOLD: flat and shorts are not allowed "
                               "(position 0, limit 100)");
}

static void
test_coid (void **state)
{
    (void) state;
    char a [STRAT_COID_MAX], b [STRAT_COID_MAX];
    assert_int_equal (strat_coid (a, sizeof a, "sma", "AAPL", T0 + 12 * MIN + 7, STRAT_BUY), 0);
    assert_string_equal (a, "strat-sma-AAPL-20250106T144200-BUY");
    //  Same decision, same bar: the same id, whatever else changed.
    assert_int_equal (strat_coid (b, sizeof b, "sma", "AAPL", T0 + 12 * MIN, STRAT_BUY), 0);
    assert_string_equal (a, b);
    assert_int_equal (strat_coid (b, sizeof b, "sma", "AAPL", T0 + 12 * MIN, STRAT_SELL), 0);
    assert_string_not_equal (a, b);
    assert_int_equal (strat_coid (b, sizeof b, "sma", "BRK B", T0, STRAT_SELL), 0);
    assert_string_equal (b, "strat-sma-BRK_B-20250106T143000-SELL");
    assert_int_equal (strat_coid (b, sizeof b, "sma", "AAPL", T0, STRAT_HOLD), RT_EINVAL);
    assert_int_equal (strat_coid (b, sizeof b, "", "AAPL", T0, STRAT_BUY), RT_EINVAL);
    assert_int_equal (strat_coid (b, 20, "sma", "AAPL", T0, STRAT_BUY), RT_ERANGE);
    assert_string_equal (b, "");
    //  The longest names still fit the catalogue's 63 bytes.
    assert_int_equal (strat_coid (b, sizeof b, "abcdefghijklmno", "ABCDEFGHIJKLMNO", T0,
                                  STRAT_SELL), 0);
    assert_true (strlen (b) <= 63);
    //  Through the sizing: the plan's coid is the same id.
    strat_limits_t lim = { .max_position = 100, .order_qty = 10 };
    strat_signal_t sig = { .action = STRAT_BUY, .ts_ns = T0 + 12 * MIN };
    strat_plan_t p1, p2;
    strat_plan ("sma", "AAPL", &sig, 0, &lim, &p1);
    strat_plan ("sma", "AAPL", &sig, 50, &lim, &p2);
    assert_string_equal (p1.coid, a);
    assert_string_equal (p2.coid, a);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_bad_lengths),
        cmocka_unit_test (test_not_enough_bars),
        cmocka_unit_test (test_cross_up),
        cmocka_unit_test (test_cross_down),
        cmocka_unit_test (test_no_cross_in_window),
        cmocka_unit_test (test_forming_bar_waits),
        cmocka_unit_test (test_ring_keeps_the_latest),
        cmocka_unit_test (test_limits),
        cmocka_unit_test (test_coid),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
