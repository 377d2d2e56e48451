/*  test_risk_rules.c - every rule of rt-risk, accept side and reject side: intent sanity, no
    view, allow / deny lists, max quantity, reference price and collar (LMT, STP, STP LMT,
    MKT), max notional, projected position (the edge exactly at the limit, open orders
    counted, the intent's own order not counted twice, reducing orders pass), gross exposure,
    open orders, the rate window with an injected clock, trading states and the daily loss.
*/
#include "risk_fixture.h"

static void
test_bad_intent (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 99, 101, 100);
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 0, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "BAD_INTENT");
    in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_LMT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "BAD_INTENT");
    assert_non_null (strstr (fx->res.reason, "limit price"));
    in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_STP, 0, -1);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "BAD_INTENT");
    in = fx_intent ("c1", "AAPL", RT_SIDE_NONE, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "BAD_INTENT");
    in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    assert_accepted (fx);
    assert_string_equal (fx->res.code, "");
}

static void
test_no_view_fails_closed (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 99, 101, 100);
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    risk_view_invalidate (fx->view, "messages lost in the orders stream");
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "NO_VIEW");
    assert_non_null (strstr (fx->res.reason, "messages lost"));
    risk_view_snapshot_begin (fx->view);
    assert_false (fx_decide (fx, &in));         //  still not ready while the snapshot streams
    assert_int_equal (risk_view_snapshot_end (fx->view, 7, fx->now), 0);
    assert_true (fx_decide (fx, &in));
}

static void
test_allow_and_deny_lists (void **state)
{
    fx_t *fx = (fx_t *) *state;
    char err [128];
    fx_quote (fx, "AAPL", 99, 101, 100);
    fx_quote (fx, "MSFT", 99, 101, 100);
    fx_quote (fx, "GME", 9, 11, 10);
    assert_int_equal (risk_symset_parse (&fx->lim.deny, "GME, AMC", err, sizeof err), 0);
    rt_order_intent_t in = fx_intent ("c1", "GME", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "DENY_LIST");
    in = fx_intent ("c2", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));

    assert_int_equal (risk_symset_parse (&fx->lim.allow, "AAPL,IBM", err, sizeof err), 0);
    assert_true (fx_decide (fx, &in));
    in = fx_intent ("c3", "MSFT", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "NOT_ALLOWED");
    //  Denied wins over allowed.
    assert_int_equal (risk_symset_parse (&fx->lim.deny, "AAPL", err, sizeof err), 0);
    in = fx_intent ("c4", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "DENY_LIST");
    //  Bad lists are refused with the entry named.
    assert_int_equal (risk_symset_parse (&fx->lim.deny, "A,WAYTOOLONGSYMBOLNAME", err, sizeof err),
                      RT_EINVAL);
    assert_non_null (strstr (err, "WAYTOOLONGSYMBOLNAME"));
    assert_int_equal (risk_symset_parse (&fx->lim.deny, " , ,", err, sizeof err), 0);
    assert_int_equal (fx->lim.deny.count, 0);
}

static void
test_max_qty (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 9, 11, 10);
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.qty = 1001;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_QTY");
    assert_string_equal (fx->res.reason,
                         "order quantity 1001 exceeds the limit of 1000 shares per order");
}

static void
test_reference_price_and_collar (void **state)
{
    fx_t *fx = (fx_t *) *state;
    //  No reference at all: MKT, LMT and STP are refused.
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "NO_REFERENCE_PRICE");
    assert_non_null (strstr (fx->res.reason, "market order"));
    in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_LMT, 100, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "NO_REFERENCE_PRICE");
    //  A one-sided quote is no reference either.
    fx_quote (fx, "AAPL", 99, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "NO_REFERENCE_PRICE");
    //  Two-sided quote: the mid (100).
    fx_quote (fx, "AAPL", 99, 101, 0);
    in.limit_price = 105;
    assert_true (fx_decide (fx, &in));
    in.limit_price = 105.01;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "COLLAR");
    in.limit_price = 95;
    assert_true (fx_decide (fx, &in));
    in.limit_price = 94.99;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "COLLAR");
    //  The last trade wins over the mid.
    fx_quote (fx, "AAPL", 99, 101, 110);
    in.limit_price = 115;
    assert_true (fx_decide (fx, &in));
    //  STP: the stop price is collared.
    in = fx_intent ("c2", "AAPL", RT_SIDE_SELL, 10, RT_ORD_TYPE_STP, 0, 104.5);
    assert_true (fx_decide (fx, &in));
    in.stop_price = 104.4;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "COLLAR");
    assert_non_null (strstr (fx->res.reason, "stop price"));
    //  STP LMT: both prices.
    in = fx_intent ("c3", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_STP_LMT, 120, 112);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "COLLAR");
    in.limit_price = 113;
    assert_true (fx_decide (fx, &in));
    //  MKT with a reference passes the collar.
    in = fx_intent ("c4", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    //  A wider collar.
    fx->lim.collar_pct = 20;
    in = fx_intent ("c5", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_LMT, 130, 0);
    assert_true (fx_decide (fx, &in));
}

static void
test_max_notional (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 99, 101, 100);
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_TYPE_LMT, 100, 0);
    assert_true (fx_decide (fx, &in));
    in.limit_price = 100.01;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_NOTIONAL");
    //  MKT is valued at the reference.
    in = fx_intent ("c2", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    fx_quote (fx, "AAPL", 99, 101, 100.5);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_NOTIONAL");
}

static void
test_projected_position_edge (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 9, 11, 10);
    fx_holding (fx, "AAPL", 1000, 10, 0, 1);
    fx_order (fx, "open1", "AAPL", RT_SIDE_BUY, 500, 2);
    //  1000 held + 500 open + 500 = 2000: exactly at the limit.
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 500, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.qty = 501;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
    assert_non_null (strstr (fx->res.reason, "2001"));
    //  An open sell counts the other way.
    fx_order (fx, "open2", "AAPL", RT_SIDE_SELL, 300, 3);
    in.qty = 800;
    assert_true (fx_decide (fx, &in));
    in.qty = 801;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
    //  The intent's own order, already published NEW by orders, is not counted twice.
    rt_order_status_t s = fx_status ("c9", "AAPL", RT_SIDE_BUY, 800, RT_ORD_STATUS_NEW, 0);
    risk_view_on_orders_status (fx->view, &s, 4, fx->now);
    assert_int_equal ((int) risk_state_sym (fx->st, risk_state_find (fx->st, "AAPL"))->open_net, 1000);
    in = fx_intent ("c9", "AAPL", RT_SIDE_BUY, 800, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    //  ... but it counts for another intent.
    in = fx_intent ("c10", "AAPL", RT_SIDE_BUY, 1, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
    //  When an order ends, its remaining no longer counts.
    s = fx_status ("c9", "AAPL", RT_SIDE_BUY, 800, RT_ORD_STATUS_CANCELLED, 0);
    risk_view_on_orders_status (fx->view, &s, 5, fx->now);
    assert_true (fx_decide (fx, &in));
    //  Short side: the limit is on |position|.
    in = fx_intent ("c11", "MSFT", RT_SIDE_SELL, 1000, RT_ORD_TYPE_MKT, 0, 0);
    fx_quote (fx, "MSFT", 9, 11, 10);
    fx_holding (fx, "MSFT", -1000, 10, 0, 6);
    assert_true (fx_decide (fx, &in));
    fx_holding (fx, "MSFT", -1001, 10, 0, 7);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
    //  Over the limit already (a lowered limit): an order that reduces still passes.
    fx->lim.max_position = 500;
    in = fx_intent ("c12", "MSFT", RT_SIDE_BUY, 100, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.side = RT_SIDE_SELL;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
}

static void
test_position_from_gateway_when_no_book (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "IBM", 9, 11, 10);
    rt_position_t p;
    memset (&p, 0, sizeof p);
    snprintf (p.symbol, sizeof p.symbol, "IBM");
    p.qty = 1900;
    p.avg_cost = 10;
    risk_view_on_position (fx->view, &p);
    rt_order_intent_t in = fx_intent ("c1", "IBM", RT_SIDE_BUY, 100, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.qty = 101;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_POSITION");
    //  The orders service's book, once it has one, is the position that counts.
    fx_holding (fx, "IBM", 0, 0, 0, 1);
    assert_true (fx_decide (fx, &in));
}

static void
test_max_gross (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx->lim.max_gross = 30000;
    fx_quote (fx, "AAPL", 99, 101, 100);
    fx_quote (fx, "MSFT", 199, 201, 200);
    fx_holding (fx, "AAPL", 100, 100, 0, 1);         //  10000
    fx_holding (fx, "MSFT", -50, 200, 0, 2);         //  10000 short
    fx_order (fx, "o1", "AAPL", RT_SIDE_BUY, 50, 3); //  +5000 projected
    //  25000 projected; 50 MSFT more short = 35000 > 30000.
    rt_order_intent_t in = fx_intent ("c1", "MSFT", RT_SIDE_SELL, 25, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.qty = 26;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_GROSS");
    //  Buying MSFT back reduces gross: passes even above the limit.
    fx->lim.max_gross = 1000;
    in = fx_intent ("c2", "MSFT", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    risk_figures_t fig;
    risk_state_figures (fx->st, &fig);
    assert_int_equal ((int) fig.gross, 20000);
    assert_int_equal ((int) fig.net, 0);
}

static void
test_max_open_orders (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx->lim.max_open_orders = 2;
    fx_quote (fx, "AAPL", 9, 11, 10);
    fx_order (fx, "o1", "AAPL", RT_SIDE_BUY, 10, 1);
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    fx_order (fx, "o2", "AAPL", RT_SIDE_SELL, 10, 2);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_OPEN_ORDERS");
    assert_string_equal (fx->res.reason, "2 orders are already open, the limit is 2");
    //  o2 is the intent itself (a repeat after orders published it): not counted.
    in = fx_intent ("o2", "AAPL", RT_SIDE_SELL, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    //  A fill ends o1.
    rt_order_status_t s = fx_status ("o1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_STATUS_FILLED, 0);
    risk_view_on_orders_status (fx->view, &s, 3, fx->now);
    in = fx_intent ("c1", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
}

static void
test_rate_with_injected_clock (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx->lim.max_per_sec = 3;
    fx_quote (fx, "AAPL", 9, 11, 10);
    char coid [16];
    uint64_t t0 = fx->now;
    for (int i = 0; i < 3; i++) {
        snprintf (coid, sizeof coid, "r%d", i);
        rt_order_intent_t in = fx_intent (coid, "AAPL", RT_SIDE_BUY, 1, RT_ORD_TYPE_MKT, 0, 0);
        fx->now = t0 + (uint64_t) i * 100;
        assert_true (fx_decide (fx, &in));
        risk_rules_accept (&fx->lim, fx->st, &in, fx->now);
    }
    rt_order_intent_t in = fx_intent ("r3", "AAPL", RT_SIDE_BUY, 1, RT_ORD_TYPE_MKT, 0, 0);
    fx->now = t0 + 999;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "RATE");
    assert_string_equal (fx->res.reason,
                         "3 orders were accepted in the last second, the limit is 3 per second");
    fx->now = t0 + 1000;                //  the first left the window
    assert_true (fx_decide (fx, &in));
    risk_rules_accept (&fx->lim, fx->st, &in, fx->now);
    fx->now = t0 + 1050;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "RATE");
    fx->now = t0 + 1100;
    assert_true (fx_decide (fx, &in));
    //  Accepted intents count as pending open orders until the bus confirms them.
    assert_int_equal (risk_state_open_orders (fx->st), 4);
    assert_int_equal (risk_state_accepted_today (fx->st), 4);
    assert_int_equal (risk_state_expire_pending (fx->st, t0 + 999 + RISK_PENDING_TTL_MS,
                                                 RISK_PENDING_TTL_MS), 3);
    assert_int_equal (risk_state_open_orders (fx->st), 1);
}

static void
test_pending_orders_count_at_once (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 9, 11, 10);
    rt_order_intent_t a = fx_intent ("a", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_TYPE_MKT, 0, 0);
    rt_order_intent_t b = fx_intent ("b", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_TYPE_MKT, 0, 0);
    rt_order_intent_t c = fx_intent ("c", "AAPL", RT_SIDE_BUY, 1, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &a));
    risk_rules_accept (&fx->lim, fx->st, &a, fx->now);
    assert_true (fx_decide (fx, &b));
    risk_rules_accept (&fx->lim, fx->st, &b, fx->now);
    assert_false (fx_decide (fx, &c));  //  2000 pending: one more share is over
    assert_refused (fx, "MAX_POSITION");
    //  Orders confirms a, then refuses b (the gateway said no): room again.
    rt_order_status_t s = fx_status ("b", "AAPL", RT_SIDE_BUY, 1000, RT_ORD_STATUS_REJECTED, 0);
    risk_view_on_orders_status (fx->view, &s, 1, fx->now);
    assert_true (fx_decide (fx, &c));
    assert_false (risk_state_order (fx->st, "a") == NULL);
    assert_true (risk_state_order (fx->st, "a")->pending);
    fx_order (fx, "a", "AAPL", RT_SIDE_BUY, 1000, 2);
    assert_false (risk_state_order (fx->st, "a")->pending);
}

static void
test_halted_refuses_everything (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 9, 11, 10);
    fx_holding (fx, "AAPL", 100, 10, 0, 1);
    assert_true (risk_state_set (fx->st, RT_TRADING_HALTED, RISK_CAUSE_OPERATOR, "lunch"));
    assert_false (risk_state_set (fx->st, RT_TRADING_HALTED, RISK_CAUSE_OPERATOR, "lunch"));
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_SELL, 100, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));     //  even one that would flatten
    assert_refused (fx, "HALTED");
    assert_non_null (strstr (fx->res.reason, "lunch"));
    assert_false (risk_state_kill_switch (fx->st));
    //  Kill: halted with the switch engaged; ACTIVE releases it.
    assert_true (risk_state_set (fx->st, RT_TRADING_HALTED, RISK_CAUSE_KILL, "kill"));
    assert_true (risk_state_kill_switch (fx->st));
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "HALTED");
    assert_true (risk_state_set (fx->st, RT_TRADING_ACTIVE, RISK_CAUSE_NONE, "resumed"));
    assert_false (risk_state_kill_switch (fx->st));
    assert_int_equal (risk_state_cause (fx->st), RISK_CAUSE_NONE);
    assert_true (fx_decide (fx, &in));
}

static void
test_reducing_accepts_only_reductions (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 9, 11, 10);
    fx_quote (fx, "MSFT", 9, 11, 10);
    fx_holding (fx, "AAPL", 300, 10, 0, 1);
    fx_order (fx, "o1", "AAPL", RT_SIDE_SELL, 100, 2);     //  projected 200
    risk_state_set (fx->st, RT_TRADING_REDUCING, RISK_CAUSE_OPERATOR, "end of day");
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_SELL, 200, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));      //  200 -> 0
    in.qty = 201;                           //  would flip to short
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "REDUCING");
    assert_non_null (strstr (fx->res.reason, "from 200 to -1"));
    in = fx_intent ("c2", "AAPL", RT_SIDE_BUY, 1, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));     //  grows it
    assert_refused (fx, "REDUCING");
    in = fx_intent ("c3", "MSFT", RT_SIDE_SELL, 1, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));     //  flat: nothing to reduce
    assert_refused (fx, "REDUCING");
    //  A short is reduced by buying.
    fx_holding (fx, "MSFT", -50, 10, 0, 3);
    in = fx_intent ("c4", "MSFT", RT_SIDE_BUY, 50, RT_ORD_TYPE_MKT, 0, 0);
    assert_true (fx_decide (fx, &in));
    in.side = RT_SIDE_SELL;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "REDUCING");
    //  Reducing orders still pass the per-order checks.
    fx_holding (fx, "MSFT", -5000, 10, 0, 4);
    in = fx_intent ("c5", "MSFT", RT_SIDE_BUY, 1001, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "MAX_QTY");
}

static void
test_daily_loss_transitions (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx_quote (fx, "AAPL", 99, 101, 100);
    fx_holding (fx, "AAPL", 100, 100, -4000, 1);            //  realised -4000, unrealised 0
    assert_false (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_ACTIVE);
    //  The price drops 10: unrealised -1000, daily -5000: at the limit, not beyond.
    fx_quote (fx, "AAPL", 89, 91, 90);
    double daily = 0;
    assert_false (risk_rules_loss_holds (&fx->lim, fx->st, &daily));
    assert_int_equal ((int) daily, -5000);
    //  One cent more: beyond. Default action HALTED.
    fx_quote (fx, "AAPL", 89, 91, 89.99);
    assert_true (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_HALTED);
    assert_int_equal (risk_state_cause (fx->st), RISK_CAUSE_LOSS);
    assert_false (risk_rules_check_loss (&fx->lim, fx->st));     //  no second change
    rt_order_intent_t in = fx_intent ("c1", "AAPL", RT_SIDE_SELL, 100, RT_ORD_TYPE_MKT, 0, 0);
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "DAILY_LOSS");
    //  The loss still holds: a resume would be refused (risk_main checks loss_holds).
    assert_true (risk_rules_loss_holds (&fx->lim, fx->st, NULL));
    //  The price recovers: the loss no longer holds, but the state waits for the operator.
    fx_quote (fx, "AAPL", 99, 101, 100);
    assert_false (risk_rules_loss_holds (&fx->lim, fx->st, NULL));
    assert_false (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_HALTED);
    risk_state_set (fx->st, RT_TRADING_ACTIVE, RISK_CAUSE_NONE, "resumed");
    assert_true (fx_decide (fx, &in));

    //  RISK_LOSS_ACTION=REDUCING: reductions pass, additions refused as DAILY_LOSS.
    fx->lim.loss_action = RT_TRADING_REDUCING;
    fx_holding (fx, "AAPL", 100, 100, -6000, 2);
    assert_true (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_REDUCING);
    assert_true (fx_decide (fx, &in));
    in.side = RT_SIDE_BUY;
    assert_false (fx_decide (fx, &in));
    assert_refused (fx, "DAILY_LOSS");
    //  From REDUCING with action HALTED, a loss goes on to HALTED.
    fx->lim.loss_action = RT_TRADING_HALTED;
    assert_true (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_HALTED);
}

static void
test_unrealised_from_gateway_positions (void **state)
{
    fx_t *fx = (fx_t *) *state;
    rt_position_t p;
    memset (&p, 0, sizeof p);
    snprintf (p.symbol, sizeof p.symbol, "TSLA");
    p.qty = -100;
    p.avg_cost = 200;
    risk_view_on_position (fx->view, &p);
    risk_figures_t fig;
    risk_state_figures (fx->st, &fig);
    assert_int_equal ((int) fig.unrealized, 0);     //  no price: not marked
    assert_int_equal ((int) fig.gross, 20000);      //  exposure at cost
    fx_quote (fx, "TSLA", 0, 0, 260);               //  short 100, up 60
    risk_state_figures (fx->st, &fig);
    assert_int_equal ((int) fig.unrealized, -6000);
    assert_true (risk_rules_check_loss (&fx->lim, fx->st));
    assert_int_equal (risk_state_trading (fx->st), RT_TRADING_HALTED);
}

int
main (void)
{
#define T(name) cmocka_unit_test_setup_teardown (name, fx_setup, fx_teardown)
    const struct CMUnitTest tests [] = {
        T (test_bad_intent),
        T (test_no_view_fails_closed),
        T (test_allow_and_deny_lists),
        T (test_max_qty),
        T (test_reference_price_and_collar),
        T (test_max_notional),
        T (test_projected_position_edge),
        T (test_position_from_gateway_when_no_book),
        T (test_max_gross),
        T (test_max_open_orders),
        T (test_rate_with_injected_clock),
        T (test_pending_orders_count_at_once),
        T (test_halted_refuses_everything),
        T (test_reducing_accepts_only_reductions),
        T (test_daily_loss_transitions),
        T (test_unrealised_from_gateway_positions),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
