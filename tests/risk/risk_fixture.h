/*  risk_fixture.h - shared helpers of the rt-risk unit tests: default limits (the README's
    defaults), a state with a view, intents, quotes, holdings and order statuses.
*/
#ifndef RISK_FIXTURE_H_INCLUDED
#define RISK_FIXTURE_H_INCLUDED

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "risk_rules.h"
#include "risk_view.h"

typedef struct {
    risk_limits_t lim;
    risk_state_t *st;
    risk_view_t *view;
    risk_result_t res;
    uint64_t now;
} fx_t;

static inline void
fx_limits (risk_limits_t *lim)
{
    memset (lim, 0, sizeof *lim);
    lim->max_qty = 1000;
    lim->max_notional = 100000;
    lim->max_position = 2000;
    lim->max_gross = 1000000;
    lim->max_open_orders = 50;
    lim->max_per_sec = 10;
    lim->collar_pct = 5;
    lim->daily_loss = 5000;
    lim->loss_action = RT_TRADING_HALTED;
}

static inline int
fx_setup (void **state)
{
    static fx_t fx;
    memset (&fx, 0, sizeof fx);
    fx_limits (&fx.lim);
    fx.st = risk_state_new ();
    fx.view = risk_view_new (fx.st);
    assert_non_null (fx.st);
    assert_non_null (fx.view);
    fx.now = 1000000;
    //  An empty snapshot: the view is ready.
    risk_view_snapshot_begin (fx.view);
    assert_int_equal (risk_view_snapshot_end (fx.view, 0, fx.now), 0);
    *state = &fx;
    return 0;
}

static inline int
fx_teardown (void **state)
{
    fx_t *fx = (fx_t *) *state;
    risk_view_destroy (&fx->view);
    risk_state_destroy (&fx->st);
    return 0;
}

static inline rt_order_intent_t
fx_intent (const char *coid, const char *symbol, rt_side_t side, double qty,
           rt_ord_type_t type, double limit, double stop)
{
    rt_order_intent_t in;
    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "%s", coid);
    snprintf (in.symbol, sizeof in.symbol, "%s", symbol);
    in.side = side;
    in.qty = qty;
    in.order_type = type;
    in.limit_price = limit;
    in.stop_price = stop;
    return in;
}

static inline void
fx_quote (fx_t *fx, const char *symbol, double bid, double ask, double last)
{
    rt_quote_t q;
    memset (&q, 0, sizeof q);
    snprintf (q.symbol, sizeof q.symbol, "%s", symbol);
    q.bid = bid;
    q.ask = ask;
    q.last = last;
    risk_view_on_quote (fx->view, &q);
}

static inline void
fx_holding (fx_t *fx, const char *symbol, double qty, double avg, double realized, uint64_t seq)
{
    rt_holding_t h;
    memset (&h, 0, sizeof h);
    snprintf (h.symbol, sizeof h.symbol, "%s", symbol);
    h.qty = qty;
    h.avg_cost = avg;
    h.realized_pnl = realized;
    risk_view_on_holding (fx->view, &h, seq);
}

static inline rt_order_status_t
fx_status (const char *coid, const char *symbol, rt_side_t side, double qty,
           rt_ord_status_t status, double remaining)
{
    rt_order_status_t s;
    memset (&s, 0, sizeof s);
    snprintf (s.coid, sizeof s.coid, "%s", coid);
    snprintf (s.symbol, sizeof s.symbol, "%s", symbol);
    s.side = side;
    s.qty = qty;
    s.status = status;
    s.remaining = remaining;
    return s;
}

//  Live ord.status from the orders stream.
static inline void
fx_order (fx_t *fx, const char *coid, const char *symbol, rt_side_t side, double remaining,
          uint64_t seq)
{
    rt_order_status_t s = fx_status (coid, symbol, side, remaining, RT_ORD_STATUS_SUBMITTED,
                                     remaining);
    risk_view_on_orders_status (fx->view, &s, seq, fx->now);
}

static inline bool
fx_decide (fx_t *fx, const rt_order_intent_t *in)
{
    return risk_rules_decide (&fx->lim, fx->st, risk_view_ready (fx->view),
                              risk_view_why (fx->view), in, fx->now, &fx->res);
}

#define assert_refused(fx, code_) do { \
    assert_false ((fx)->res.accepted); \
    assert_string_equal ((fx)->res.code, (code_)); \
    assert_true (strlen ((fx)->res.reason) > 10); \
} while (0)

#define assert_accepted(fx) do { \
    if (!(fx)->res.accepted) \
        fail_msg ("refused %s: %s", (fx)->res.code, (fx)->res.reason); \
} while (0)

#endif
