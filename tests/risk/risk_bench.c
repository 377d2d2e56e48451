/*  risk_bench.c - decisions per second in process (ad hoc, not a ctest): 200 symbols with
    quotes, holdings and open orders, intents cycling over them, every one fully checked
    (accepted: all eleven checks run, gross exposure summed over every symbol).
*/
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "risk_rules.h"
#include "risk_view.h"

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
main (void)
{
    static risk_limits_t lim;
    memset (&lim, 0, sizeof lim);
    lim.max_qty = 1000; lim.max_notional = 1e9; lim.max_position = 1e6; lim.max_gross = 1e12;
    lim.max_open_orders = 4000; lim.max_per_sec = 1000; lim.collar_pct = 5; lim.daily_loss = 1e9;
    lim.loss_action = RT_TRADING_HALTED;
    risk_state_t *st = risk_state_new ();
    risk_view_t *view = risk_view_new (st);
    if (!st || !view)
        return 1;
    risk_view_snapshot_begin (view);
    risk_view_snapshot_end (view, 0, 0);
    enum { SYMS = 200, N = 1000000 };
    char sym [SYMS][RT_SYMBOL_MAX];
    for (int i = 0; i < SYMS; i++) {
        snprintf (sym [i], sizeof sym [i], "S%03d", i);
        rt_quote_t q = { 0 };
        memcpy (q.symbol, sym [i], RT_SYMBOL_MAX);
        q.bid = 99; q.ask = 101; q.last = 100;
        risk_view_on_quote (view, &q);
        rt_holding_t h = { 0 };
        memcpy (h.symbol, sym [i], RT_SYMBOL_MAX);
        h.qty = 100; h.avg_cost = 100;
        risk_view_on_holding (view, &h, (uint64_t) i + 1);
        char coid [32];
        snprintf (coid, sizeof coid, "open%d", i);
        risk_state_order_set (st, coid, sym [i], 1, 10, false, 0);
    }
    rt_order_intent_t in;
    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "bench");
    in.side = RT_SIDE_BUY;
    in.qty = 10;
    in.order_type = RT_ORD_TYPE_LMT;
    in.limit_price = 101;
    risk_result_t res;
    unsigned accepted = 0;
    double t0 = s_now ();
    for (int i = 0; i < N; i++) {
        memcpy (in.symbol, sym [i % SYMS], RT_SYMBOL_MAX);
        accepted += risk_rules_decide (&lim, st, true, NULL, &in, 1000, &res);
    }
    double dt = s_now () - t0;
    printf ("risk_bench: %d decisions over %d symbols in %.3f s: %.0f decisions/s, %.2f us each "
            "(%u accepted)\n", N, SYMS, dt, N / dt, dt / N * 1e6, accepted);
    risk_view_destroy (&view);
    risk_state_destroy (&st);
    return accepted == N? 0: 1;
}
