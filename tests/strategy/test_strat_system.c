/*  test_strat_system.c - rt-strategy --once against the whole system: tws-sim, rt-gateway,
    rt-risk and rt-orders started by tests/system's fixture (sys_fixture.h).

    The simulator runs with --tick-ms 0, so its clock (2025-01-06 14:30:00 UTC at start)
    and its prices move only when the test says. AAPL's model price is near 190; the
    fixture sets 150 at 14:30:00. Two minutes there make the fast SMA (10) fall below the
    slow one (30); then 400 for one minute makes it cross back up on the 14:32 bar: a
    deterministic BUY keyed on that bar. Run again in the same (simulated) minute, the
    same decision gives the same client order id, which the orders service answers as a
    duplicate: the simulator still holds one order.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sys_fixture.h"

#define S_RUN_MS 60000              //  the second run waits ~15 s: IB's identical-request rule
#define S_OUT 16384
#define S_COID "strat-sma-AAPL-20250106T143200-BUY"

//  Runs rt-strategy with args and the fixture's endpoints (plus extra "K=V"); its output
//  (stdout and stderr) into out. Returns its exit status.
static int
s_strategy (syst_t *sys, char *out, const char *const *args, const char *const *extra)
{
    char path [1024];
    assert_int_equal (rt_test_bin_path (path, sizeof path, "rt-strategy"), 0);
    const char *argv [8] = { path };
    size_t argc = 1;
    for (size_t i = 0; args [i]; i++) {
        assert_true (argc < 7);
        argv [argc++] = args [i];
    }
    argv [argc] = NULL;
    char env [32][128];
    const char *envp [33];
    size_t n = 0;
    snprintf (env [n++], sizeof env [0], "RT_GATEWAY_CMD=%s", sys->cmd_ep [SYS_GATEWAY]);
    snprintf (env [n++], sizeof env [0], "RT_GATEWAY_MD=%s", sys->md_ep);
    snprintf (env [n++], sizeof env [0], "RT_ORDERS_CMD=%s", sys->cmd_ep [SYS_ORDERS]);
    snprintf (env [n++], sizeof env [0], "RT_ORDERS_PUB=%s", sys->pub_ep [SYS_ORDERS]);
    const char *fixed [] = {
        "RT_CURVE_DIR", "RT_CONFIG_FILE", "LOG_FILE", "LOG_LEVEL=warn", "STRATEGY_NAME=sma",
        "STRATEGY_FAST=10", "STRATEGY_SLOW=30", "STRATEGY_BAR_SIZE=1 min",
        "STRATEGY_DURATION=1 D", "STRATEGY_WHAT_TO_SHOW=TRADES", "STRATEGY_USE_RTH=false",
        "STRATEGY_MAX_POSITION=100", "STRATEGY_ORDER_QTY=10", "STRATEGY_ALLOW_SHORT=false",
        "STRATEGY_ACCOUNT", "STRATEGY_TIMEOUT=45s", NULL
    };
    for (size_t i = 0; fixed [i]; i++) {
        size_t klen = strcspn (fixed [i], "=");
        bool overridden = false;
        for (size_t j = 0; extra && extra [j]; j++)
            overridden |= strncmp (extra [j], fixed [i], klen) == 0 && extra [j][klen] == '=';
        if (!overridden)
            snprintf (env [n++], sizeof env [0], "%s", fixed [i]);
    }
    for (size_t i = 0; extra && extra [i]; i++) {
        assert_true (n < 32);
        snprintf (env [n++], sizeof env [0], "%s", extra [i]);
    }
    for (size_t i = 0; i < n; i++)
        envp [i] = env [i];
    envp [n] = NULL;
    int rc = rt_test_run (argv, envp, out, S_OUT, S_RUN_MS);
    print_message ("[%s] $ rt-strategy %s -> exit %d\n%s", sys->scenario, args [0], rc, out);
    if (rc < 0)
        syst_fail (sys, "rt-strategy did not finish within %d ms (%s)", S_RUN_MS,
                   rt_strerror (rc));
    if (strstr (out, "Sanitizer") || strstr (out, "runtime error:"))
        syst_fail (sys, "sanitizer output from rt-strategy:\n%s", out);
    return rc;
}

static void
s_expect (syst_t *sys, const char *out, const char *needle)
{
    if (!strstr (out, needle))
        syst_fail (sys, "rt-strategy's output lacks '%s':\n%s", needle, out);
}

static void
s_sim (syst_t *sys, const char *cmd)
{
    if (!rt_test_sim_ctl_ok (sys->sim, "%s", cmd))
        syst_fail (sys, "tws-sim '%s' failed", cmd);
}

static void
test_once_buys_once (void **state)
{
    syst_t *sys = syst_new ("strategy-once", NULL);
    *state = sys;
    syst_start_all (sys);
    s_sim (sys, "advance 120000");                  //  14:30, 14:31 near 150: below
    syst_price (sys, 400);
    s_sim (sys, "advance 60000");                   //  14:32 near 400: crosses up

    static char out [S_OUT];
    const char *const once [] = { "--once", "--symbols", "AAPL", NULL };
    int rc = s_strategy (sys, out, once, NULL);
    if (rc != 0)
        syst_fail (sys, "rt-strategy --once exited %d, expected 0:\n%s", rc, out);
    s_expect (sys, out, "AAPL: fast SMA ");
    s_expect (sys, out, "(cross up at 2025-01-06 14:32 UTC");
    s_expect (sys, out, "-> BUY 10 (position 0, limit 100) coid=" S_COID);
    s_expect (sys, out, "AAPL: coid=" S_COID " sent: ");
    syst_wait_order (sys, S_COID, RT_ORD_STATUS_FILLED, NULL, SYS_WAIT_MS);
    syst_sim_wait (sys, S_COID, 1, NULL, SYS_WAIT_MS);

    //  Again in the same minute: the same decision, the same coid, no second order.
    rc = s_strategy (sys, out, once, NULL);
    if (rc != 0)
        syst_fail (sys, "second rt-strategy --once exited %d, expected 0:\n%s", rc, out);
    s_expect (sys, out, "coid=" S_COID);
    s_expect (sys, out, "AAPL: coid=" S_COID " already sent, not doubled (duplicate");
    syst_sim_wait (sys, S_COID, 1, NULL, SYS_WAIT_MS);
    if (syst_sim_orders (sys, NULL, NULL, 0, NULL) != 1)
        syst_fail (sys, "tws-sim holds %d orders, expected 1",
                   syst_sim_orders (sys, NULL, NULL, 0, NULL));

    //  The position comes from the orders service: at a limit of 10 there is no room.
    const char *const limit [] = { "STRATEGY_MAX_POSITION=10", "STRATEGY_DURATION=2 D", NULL };
    rc = s_strategy (sys, out, once, limit);
    if (rc != 0)
        syst_fail (sys, "rt-strategy --once at the limit exited %d, expected 0:\n%s", rc, out);
    s_expect (sys, out, "-> HOLD: at the position limit (position 10, limit 10)");
    if (syst_sim_orders (sys, NULL, NULL, 0, NULL) != 1)
        syst_fail (sys, "tws-sim holds more than the one order");
    syst_finish (sys);
}

static void
test_once_unknown_symbol_fails (void **state)
{
    syst_t *sys = syst_new ("strategy-unknown", NULL);
    *state = sys;
    syst_start_all (sys);
    static char out [S_OUT];
    const char *const once [] = { "--once", "--symbols", "NOSUCHSYM", NULL };
    const char *const quick [] = { "STRATEGY_TIMEOUT=5s", NULL };
    int rc = s_strategy (sys, out, once, quick);
    if (rc != 1)
        syst_fail (sys, "rt-strategy on an unknown symbol exited %d, expected 1:\n%s", rc,
                   out);
    s_expect (sys, out, "NOSUCHSYM: no decision: ");
    if (syst_sim_orders (sys, NULL, NULL, 0, NULL) != 0)
        syst_fail (sys, "tws-sim holds an order");
    syst_finish (sys);
}

//  Without --once: the same cross, traded once while it runs; SIGTERM ends it with 0.
static void
test_live_trades_once_and_stops (void **state)
{
    syst_t *sys = syst_new ("strategy-live", NULL);
    *state = sys;
    syst_start_all (sys);
    s_sim (sys, "advance 120000");
    syst_price (sys, 400);
    s_sim (sys, "advance 60000");

    char log [160];
    snprintf (log, sizeof log, "%s/strategy.log", sys->dir);
    rt_test_svc_t *svc = rt_test_svc_new ("rt-strategy", log);
    assert_non_null (svc);
    const char *const env [] = {
        "RT_CURVE_DIR", "RT_CONFIG_FILE", "LOG_FILE", "LOG_LEVEL=info", "STRATEGY_NAME",
        "STRATEGY_FAST", "STRATEGY_SLOW", "STRATEGY_BAR_SIZE", "STRATEGY_DURATION",
        "STRATEGY_WHAT_TO_SHOW", "STRATEGY_USE_RTH", "STRATEGY_MAX_POSITION",
        "STRATEGY_ORDER_QTY", "STRATEGY_ALLOW_SHORT", "STRATEGY_ACCOUNT", "STRATEGY_TIMEOUT",
        NULL
    };
    assert_int_equal (rt_test_svc_env (svc, env), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "RT_GATEWAY_CMD", "%s",
                                          sys->cmd_ep [SYS_GATEWAY]), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "RT_GATEWAY_MD", "%s", sys->md_ep), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "RT_ORDERS_CMD", "%s",
                                          sys->cmd_ep [SYS_ORDERS]), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "RT_ORDERS_PUB", "%s",
                                          sys->pub_ep [SYS_ORDERS]), 0);
    const char *const args [] = { "--symbols", "AAPL", NULL };
    int rc = rt_test_svc_start (svc, args, NULL, 10000);
    if (rc != 0) {
        rt_test_log_tail (stderr, log, "rt-strategy", 40);
        rt_test_svc_destroy (&svc);
        syst_fail (sys, "rt-strategy did not start: %s", rt_strerror (rc));
    }
    syst_wait_order (sys, S_COID, RT_ORD_STATUS_FILLED, NULL, 10000);
    //  More time, more bars (the forming one updates): still the one order.
    s_sim (sys, "advance 30000");
    rt_test_sleep_ms (500);
    int held = syst_sim_orders (sys, NULL, NULL, 0, NULL);
    rc = rt_test_svc_stop (svc, 5000);
    bool dirty = rt_test_log_has_sanitizer (log);
    if (held != 1 || rc != 0 || dirty)
        rt_test_log_tail (stderr, log, "rt-strategy", 40);
    rt_test_svc_destroy (&svc);
    if (held != 1)
        syst_fail (sys, "tws-sim holds %d orders, expected 1", held);
    if (rc != 0)
        syst_fail (sys, "rt-strategy exit status %d after SIGTERM, expected 0", rc);
    if (dirty)
        syst_fail (sys, "sanitizer output in rt-strategy's log");
    syst_finish (sys);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_once_buys_once, syst_teardown),
        cmocka_unit_test_teardown (test_once_unknown_symbol_fails, syst_teardown),
        cmocka_unit_test_teardown (test_live_trades_once_and_stops, syst_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, rt_test_group_teardown);
}
