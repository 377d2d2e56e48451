/*  test_risk_view.c - the view: snapshot merge (Clone pattern: staged parts, updates newer
    than the snapshot kept, older ones dropped after it), pending and gateway-only orders
    surviving a merge, overflow, remaining quantities per status, and the order table's
    removal (backward shift) checked against a brute-force model.
*/
#include "risk_fixture.h"
#include <math.h>
#include <stdlib.h>

static double
s_open_net (fx_t *fx, const char *symbol)
{
    int32_t slot = risk_state_find (fx->st, symbol);
    return slot < 0? 0: risk_state_sym (fx->st, slot)->open_net;
}

static void
test_remaining_per_status (void **state)
{
    rt_order_status_t s = fx_status ("a", "X", RT_SIDE_BUY, 100, RT_ORD_STATUS_NEW, 0);
    assert_true (risk_view_remaining (&s) == 100);
    s.status = RT_ORD_STATUS_PARTIALLY_FILLED;
    s.filled = 30;
    s.remaining = 70;
    assert_true (risk_view_remaining (&s) == 70);
    s.remaining = 0;
    assert_true (risk_view_remaining (&s) == 70);       //  from qty - filled
    s.remaining = NAN;
    assert_true (risk_view_remaining (&s) == 70);
    s.status = RT_ORD_STATUS_FILLED;
    assert_true (risk_view_remaining (&s) == 0);
    s.status = RT_ORD_STATUS_CANCELLED;
    assert_true (risk_view_remaining (&s) == 0);
    s.status = RT_ORD_STATUS_REJECTED;
    assert_true (risk_view_remaining (&s) == 0);
    s.status = RT_ORD_STATUS_INACTIVE;
    assert_true (risk_view_remaining (&s) == 0);
}

static void
test_snapshot_merge_clone_pattern (void **state)
{
    fx_t *fx = (fx_t *) *state;
    //  Before: a stale order and a stale holding from the orders stream, one pending order
    //  accepted here, one order placed elsewhere (gateway).
    fx_order (fx, "stale", "AAPL", RT_SIDE_BUY, 100, 5);
    fx_holding (fx, "AAPL", 999, 10, 0, 6);
    rt_order_intent_t in = fx_intent ("pend", "AAPL", RT_SIDE_BUY, 10, RT_ORD_TYPE_MKT, 0, 0);
    risk_rules_accept (&fx->lim, fx->st, &in, fx->now);
    rt_order_status_t g = fx_status ("", "AAPL", RT_SIDE_SELL, 7, RT_ORD_STATUS_SUBMITTED, 7);
    g.perm_id = 4242;
    risk_view_on_gateway_status (fx->view, &g, fx->now);
    assert_int_equal ((int) s_open_net (fx, "AAPL"), 100 + 10 - 7);

    //  A gap: resync.
    risk_view_invalidate (fx->view, "gap");
    risk_view_snapshot_begin (fx->view);
    assert_true (risk_view_in_snapshot (fx->view));
    //  The snapshot (as of seq 20): one open order, one holding.
    rt_order_status_t s = fx_status ("snap1", "AAPL", RT_SIDE_BUY, 50, RT_ORD_STATUS_SUBMITTED, 50);
    risk_view_snapshot_status (fx->view, &s);
    s = fx_status ("done", "AAPL", RT_SIDE_BUY, 50, RT_ORD_STATUS_FILLED, 0);
    risk_view_snapshot_status (fx->view, &s);
    rt_holding_t h;
    memset (&h, 0, sizeof h);
    snprintf (h.symbol, sizeof h.symbol, "AAPL");
    h.qty = 200;
    h.avg_cost = 10;
    risk_view_snapshot_holding (fx->view, &h);
    //  Live updates meanwhile: one older than the snapshot (19), one newer (21).
    fx_order (fx, "old", "AAPL", RT_SIDE_BUY, 1000, 19);
    fx_order (fx, "snap1", "AAPL", RT_SIDE_BUY, 20, 21);     //  partly filled since
    fx_holding (fx, "MSFT", 5, 10, 0, 22);
    assert_false (risk_view_ready (fx->view));
    assert_int_equal (risk_view_snapshot_end (fx->view, 20, fx->now), 0);
    assert_true (risk_view_ready (fx->view));

    assert_null (risk_state_order (fx->st, "stale"));
    assert_null (risk_state_order (fx->st, "old"));         //  the snapshot knows better
    assert_null (risk_state_order (fx->st, "done"));
    assert_non_null (risk_state_order (fx->st, "pend"));    //  not yet seen by orders
    assert_non_null (risk_state_order (fx->st, "ib:4242")); //  placed elsewhere
    assert_true (risk_state_order (fx->st, "snap1")->remaining == 20);   //  newer update kept
    assert_int_equal ((int) s_open_net (fx, "AAPL"), 20 + 10 - 7);
    assert_int_equal (risk_state_open_orders (fx->st), 3);
    const risk_sym_t *aapl = risk_state_sym (fx->st, risk_state_find (fx->st, "AAPL"));
    assert_true (aapl->has_holding && aapl->h_qty == 200);
    const risk_sym_t *msft = risk_state_sym (fx->st, risk_state_find (fx->st, "MSFT"));
    assert_true (msft->has_holding && msft->h_qty == 5);

    //  After the merge, updates at or below the snapshot's seq are old news.
    fx_order (fx, "late", "AAPL", RT_SIDE_BUY, 500, 20);
    assert_null (risk_state_order (fx->st, "late"));
    fx_order (fx, "late", "AAPL", RT_SIDE_BUY, 500, 23);
    assert_non_null (risk_state_order (fx->st, "late"));
    //  A gateway status for an order with a coid is the orders service's business.
    g = fx_status ("late", "AAPL", RT_SIDE_BUY, 500, RT_ORD_STATUS_CANCELLED, 0);
    risk_view_on_gateway_status (fx->view, &g, fx->now);
    assert_non_null (risk_state_order (fx->st, "late"));
    //  The gateway's own order ends.
    g = fx_status ("", "AAPL", RT_SIDE_SELL, 7, RT_ORD_STATUS_CANCELLED, 0);
    g.perm_id = 4242;
    risk_view_on_gateway_status (fx->view, &g, fx->now);
    assert_null (risk_state_order (fx->st, "ib:4242"));
}

static void
test_snapshot_refused_parts_and_end_without_begin (void **state)
{
    fx_t *fx = (fx_t *) *state;
    rt_order_status_t s = fx_status ("x", "AAPL", RT_SIDE_BUY, 5, RT_ORD_STATUS_SUBMITTED, 5);
    risk_view_snapshot_status (fx->view, &s);               //  no snapshot under way: ignored
    assert_null (risk_state_order (fx->st, "x"));
    assert_int_equal (risk_view_snapshot_end (fx->view, 1, fx->now), RT_EINVAL);
    //  A new order without a side cannot be projected: refused, not guessed.
    assert_int_equal (risk_state_order_set (fx->st, "y", "AAPL", 0, 5, false, fx->now), RT_EINVAL);
    assert_int_equal (risk_state_order_set (fx->st, "y", "", 1, 5, false, fx->now), RT_EINVAL);
    assert_int_equal (risk_state_order_set (fx->st, "", "AAPL", 1, 5, false, fx->now), RT_EINVAL);
    assert_int_equal (risk_state_order_set (fx->st, "y", "AAPL", 1, 5, false, fx->now), 0);
    //  An update without a side keeps the known one.
    assert_int_equal (risk_state_order_set (fx->st, "y", "AAPL", 0, 3, false, fx->now), 0);
    assert_int_equal ((int) s_open_net (fx, "AAPL"), 3);
}

static void
test_snapshot_overflow_stays_not_ready (void **state)
{
    fx_t *fx = (fx_t *) *state;
    risk_view_invalidate (fx->view, "gap");
    risk_view_snapshot_begin (fx->view);
    char coid [32];
    for (int i = 0; i <= RISK_ORDERS_MAX; i++) {
        snprintf (coid, sizeof coid, "o%d", i);
        rt_order_status_t s = fx_status (coid, "AAPL", RT_SIDE_BUY, 1, RT_ORD_STATUS_SUBMITTED, 1);
        risk_view_snapshot_status (fx->view, &s);
    }
    assert_int_equal (risk_view_snapshot_end (fx->view, 5, fx->now), RT_ERANGE);
    assert_false (risk_view_ready (fx->view));
    assert_non_null (strstr (risk_view_why (fx->view), "did not fit"));
}

//  Random inserts, updates and removals against a brute-force model: the hash table with
//  backward-shift removal must keep every order findable and the sums right.
static void
test_order_table_against_model (void **state)
{
    fx_t *fx = (fx_t *) *state;
    enum { KEYS = 6000, OPS = 60000 };
    static double model [KEYS];
    static int8_t side [KEYS];
    memset (model, 0, sizeof model);
    srand (12345);
    const char *syms [] = { "AAPL", "MSFT", "IBM" };
    char key [32];
    uint32_t open = 0;
    for (int op = 0; op < OPS; op++) {
        int k = rand () % KEYS;
        snprintf (key, sizeof key, "k%d", k);
        double rem = (rand () % 3 == 0)? 0: (double) (1 + rand () % 100);
        if (model [k] == 0 && rem > 0 && open == RISK_ORDERS_MAX)
            continue;
        int sd = model [k] > 0? 0: (rand () % 2? 1: -1);
        int rc = risk_state_order_set (fx->st, key, syms [k % 3], sd, rem, false, fx->now);
        assert_int_equal (rc, 0);
        if (model [k] == 0 && rem > 0) {
            side [k] = (int8_t) sd;
            open++;
        }
        if (model [k] > 0 && rem == 0)
            open--;
        model [k] = rem;
    }
    double net [3] = { 0, 0, 0 };
    for (int k = 0; k < KEYS; k++) {
        snprintf (key, sizeof key, "k%d", k);
        const risk_order_t *o = risk_state_order (fx->st, key);
        if (model [k] > 0) {
            assert_non_null (o);
            assert_true (o->remaining == model [k]);
            assert_int_equal (o->side, side [k]);
            net [k % 3] += side [k] * model [k];
        }
        else
            assert_null (o);
    }
    assert_int_equal (risk_state_open_orders (fx->st), open);
    for (int i = 0; i < 3; i++)
        assert_true (fabs (s_open_net (fx, syms [i]) - net [i]) < 1e-6);
}

int
main (void)
{
#define T(name) cmocka_unit_test_setup_teardown (name, fx_setup, fx_teardown)
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_remaining_per_status),
        T (test_snapshot_merge_clone_pattern),
        T (test_snapshot_refused_parts_and_end_without_begin),
        T (test_snapshot_overflow_stays_not_ready),
        T (test_order_table_against_model),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
