/*  test_gw_orders.c - rt-gateway's data and orders across disruptions, against tws-sim,
    asserted on published events: quotes flow again after a nightly reset; an order placed
    before a full simulator restart is reconciled after it (one order at the simulator, its
    fill published once); a restart of the gateway process itself recognises its order and
    never reuses an order id.
*/
#include "gw_fixture.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

static bool
s_quote_of (const rt_test_event_t *ev, const void *arg)
{
    return strcmp (ev->u.quote.symbol, (const char *) arg) == 0
        && ev->u.quote.bid > 0 && ev->u.quote.ask > 0;
}

static void
s_next (gwt_t *t, rt_test_event_t *ev, int64_t deadline, const char *what)
{
    int64_t left = deadline - rt_test_now_ms ();
    int rc = rt_test_events_next (t->events, ev, left > 0 ? (int) left : 0);
    if (rc != 0)
        gwt_fail (t, "still waiting for %s: %s", what, rt_strerror (rc));
}

//  f. Nightly reset (1100, then 1101 after a gap): DEGRADED, then READY; no quote is read
//  during the gap (1101 means the data lines are dead), and quotes for the subscribed
//  symbol flow again afterwards, read after READY and moving.
static void
test_nightly_reset (void **state)
{
    const char *flags [] = { "--tick-ms", "50", NULL };
    gwt_t *t = *state = gwt_new ("f: nightly reset", flags, NULL);
    gwt_gateway_start (t);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, NULL);
    gwt_subscribe (t, "AAPL");
    rt_test_event_t ev;
    gwt_wait (t, RT_TYPE_QUOTE, s_quote_of, "AAPL", &ev, 3000, "a quote for AAPL");
    if (!ev.md || strcmp (ev.topic, "md.quote.AAPL") != 0)
        gwt_fail (t, "quote on %s (md stream: %d)", ev.topic, ev.md);

    gwt_ctl (t, "reset 1101 400");
    rt_test_event_t degraded, ready;
    gwt_wait_conn (t, RT_CONN_DEGRADED, GWT_WAIT_MS, &degraded);
    if (!strstr (degraded.u.conn.reason, "1100"))
        gwt_fail (t, "DEGRADED reason '%s', expected 1100", degraded.u.conn.reason);
    //  Up to READY: only RECONCILING may come between; count quotes read during the gap.
    int64_t deadline = rt_test_now_ms () + GWT_WAIT_MS;
    int gap_quotes = 0;
    for (;;) {
        s_next (t, &ev, deadline, "READY after 1101");
        if (ev.type == RT_TYPE_QUOTE && ev.u.quote.recv_ts_ns > degraded.header.ts_ns)
            gap_quotes++;
        if (ev.type != RT_TYPE_CONN_STATE)
            continue;
        if (ev.u.conn.state == RT_CONN_READY)
            break;
        if (ev.u.conn.state != RT_CONN_RECONCILING)
            gwt_fail (t, "%s between DEGRADED and READY", rt_conn_str (ev.u.conn.state));
    }
    ready = ev;
    if (gap_quotes)
        gwt_fail (t, "%d quotes read between DEGRADED and READY", gap_quotes);
    if (gwt_ms_between (&degraded, &ready) < 350)
        gwt_fail (t, "READY %lld ms after DEGRADED, the reset gap is 400 ms",
                  (long long) gwt_ms_between (&degraded, &ready));
    //  Quotes again: read after READY (by the gateway's clock), three of them, moving.
    double first_mid = 0;
    bool moved = false;
    int fresh = 0;
    deadline = rt_test_now_ms () + 5000;
    while (fresh < 3 || !moved) {
        s_next (t, &ev, deadline, "fresh, moving AAPL quotes after the reset");
        if (ev.type != RT_TYPE_QUOTE || !s_quote_of (&ev, "AAPL")
        ||  ev.u.quote.recv_ts_ns <= ready.header.ts_ns)
            continue;
        double mid = (ev.u.quote.bid + ev.u.quote.ask) / 2;
        if (fresh++ == 0)
            first_mid = mid;
        else
        if (mid != first_mid)
            moved = true;
    }
    print_message ("[f] DEGRADED -> READY in %lld ms; %d fresh AAPL quotes after READY\n",
                   (long long) gwt_ms_between (&degraded, &ready), fresh);
    gwt_finish (t);
}

//  What the collector has seen of one order.
typedef struct {
    const char *coid;
    int64_t order_id;
    int64_t perm_id;
    bool filled;                    //  an ord.status Filled
    int fills;                      //  ord.fill without commission
    int commissions;                //  ord.fill with commission
    char exec_id [RT_EXECID_MAX];
    bool exec_ids_differ;
    double filled_qty;
    int readies;
} s_order_view_t;

static void
s_observe (gwt_t *t, s_order_view_t *v, const rt_test_event_t *ev)
{
    if (ev->type == RT_TYPE_CONN_STATE && ev->u.conn.state == RT_CONN_READY)
        v->readies++;
    if (ev->type == RT_TYPE_ORDER_STATUS && strcmp (ev->u.status.coid, v->coid) == 0) {
        if (ev->u.status.order_id != v->order_id)
            gwt_fail (t, "ord.status %s with order id %lld, placed as %lld", v->coid,
                      (long long) ev->u.status.order_id, (long long) v->order_id);
        if (v->perm_id && ev->u.status.perm_id && ev->u.status.perm_id != v->perm_id)
            gwt_fail (t, "ord.status %s with perm id %lld, was %lld", v->coid,
                      (long long) ev->u.status.perm_id, (long long) v->perm_id);
        if (ev->u.status.status == RT_ORD_STATUS_FILLED)
            v->filled = true;
    }
    if (ev->type == RT_TYPE_FILL && strcmp (ev->u.fill.coid, v->coid) == 0) {
        if (v->exec_id [0] && strcmp (v->exec_id, ev->u.fill.exec_id) != 0)
            v->exec_ids_differ = true;
        snprintf (v->exec_id, sizeof v->exec_id, "%s", ev->u.fill.exec_id);
        if (ev->u.fill.has_commission)
            v->commissions++;
        else {
            v->fills++;
            v->filled_qty += ev->u.fill.qty;
        }
        if (ev->u.fill.order_id != v->order_id)
            gwt_fail (t, "ord.fill %s with order id %lld, placed as %lld", v->coid,
                      (long long) ev->u.fill.order_id, (long long) v->order_id);
    }
}

//  An ord.status that TWS acknowledged: the order is working at the simulator (a status
//  with the order id alone may still be "queued to TWS").
static bool
s_status_acked (const rt_test_event_t *ev, const void *arg)
{
    return strcmp (ev->u.status.coid, (const char *) arg) == 0 && ev->u.status.order_id > 0
        && ev->u.status.perm_id > 0
        && (ev->u.status.status == RT_ORD_STATUS_SUBMITTED
         || ev->u.status.status == RT_ORD_STATUS_PRE_SUBMITTED);
}

//  Places a LMT that cannot fill at the current price and waits for its acknowledgement.
static void
s_place_resting (gwt_t *t, const char *coid, double qty, rt_test_event_t *status)
{
    rt_reply_t reply;
    gwt_place (t, coid, "AAPL", RT_SIDE_BUY, qty, 100.0, &reply);
    if (!reply.ok || strcmp (reply.id, coid) != 0)
        gwt_fail (t, "ORDER_INTENT %s: ok=%d id '%s' '%s'", coid, reply.ok, reply.id,
                  reply.reason);
    gwt_wait (t, RT_TYPE_ORDER_STATUS, s_status_acked, coid, status, GWT_WAIT_MS,
              "ord.status SUBMITTED with the IB order id and perm id");
}

//  g. Full simulator restart with an order placed before it: the order fills at the broker
//  while the gateway is away; after the reconnection the reconciliation publishes the fill
//  (and its commission) and the Filled status. The simulator holds exactly one order with
//  that orderRef, and the fill is published once: another reconnection (whose
//  reconciliation reports the same execution again) publishes nothing new.
static void
test_sim_restart_reconciles_order (void **state)
{
    const char *flags [] = { "--tick-ms", "0", NULL };
    gwt_t *t = *state = gwt_new ("g: simulator restart", flags, NULL);
    gwt_gateway_start (t);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, NULL);
    gwt_ctl (t, "price AAPL 150");
    rt_test_event_t ev;
    s_place_resting (t, "g-1", 10, &ev);
    s_order_view_t v = { .coid = "g-1", .order_id = ev.u.status.order_id,
                         .perm_id = ev.u.status.perm_id };
    char status [32];
    if (gwt_sim_orders_with_ref (t, "g-1", NULL, status, sizeof status) != 1)
        gwt_fail (t, "tws-sim does not hold exactly one order g-1 before the restart");

    gwt_ctl (t, "restart 2");
    gwt_wait_conn (t, RT_CONN_BACKOFF, GWT_WAIT_MS, NULL);
    gwt_ctl (t, "price AAPL 99");           //  fills g-1 while nobody is connected
    json_t *x = rt_test_sim_ctl (t->sim, "executions");
    assert_non_null (x);
    size_t i;
    json_t *e;
    int sim_execs = 0;
    json_array_foreach (json_object_get (x, "executions"), i, e)
        sim_execs += strcmp (json_string_value (json_object_get (e, "order_ref")), "g-1") == 0;
    json_decref (x);
    if (sim_execs != 1)
        gwt_fail (t, "tws-sim has %d executions of g-1 after the price move, expected 1",
                  sim_execs);

    int64_t deadline = rt_test_now_ms () + 8000;
    while (!(v.readies >= 1 && v.filled && v.fills >= 1 && v.commissions >= 1)) {
        s_next (t, &ev, deadline, "READY, the fill, its commission and Filled for g-1");
        s_observe (t, &v, &ev);
    }
    //  Once more through a reconnection: its reconciliation reports the execution again.
    gwt_ctl (t, "drop");
    int readies = v.readies;
    deadline = rt_test_now_ms () + GWT_WAIT_MS;
    while (v.readies == readies) {
        s_next (t, &ev, deadline, "READY after the drop");
        s_observe (t, &v, &ev);
    }
    if (v.fills != 1 || v.commissions != 1 || v.exec_ids_differ || v.filled_qty != 10)
        gwt_fail (t, "g-1: %d fills and %d commission updates published (qty %g, exec ids "
                  "%s), expected one of each for 10", v.fills, v.commissions, v.filled_qty,
                  v.exec_ids_differ ? "differ" : "agree");
    int64_t order_id = 0;
    int held = gwt_sim_orders_with_ref (t, "g-1", &order_id, status, sizeof status);
    if (held != 1 || order_id != v.order_id || strcmp (status, "Filled") != 0)
        gwt_fail (t, "tws-sim holds %d orders g-1 (id %lld, %s), expected one, id %lld, Filled",
                  held, (long long) order_id, status, (long long) v.order_id);
    print_message ("[g] g-1 (order %lld) filled during the restart: fill %s published once, "
                   "with its commission once\n", (long long) v.order_id, v.exec_id);
    gwt_finish (t);
}

static bool
s_error_code (const rt_test_event_t *ev, const void *arg)
{
    return ev->u.error.code == *(const int *) arg;
}

//  Restarts the gateway (stopped with sig) and waits until it is READY again and has
//  published h-1's status with its order id; the simulator delays the new hello so that
//  the subscriber has rejoined by then.
static void
s_restart_gateway (gwt_t *t, int sig, const rt_test_event_t *placed)
{
    gwt_gateway_stop (t, sig);
    gwt_ctl (t, "delay 150");
    gwt_gateway_start (t);
    s_order_view_t v = { .coid = "h-1", .order_id = placed->u.status.order_id,
                         .perm_id = placed->u.status.perm_id };
    bool recognised = false;
    int64_t deadline = rt_test_now_ms () + 8000;
    rt_test_event_t ev;
    while (v.readies == 0) {
        s_next (t, &ev, deadline, "READY after the gateway restart");
        s_observe (t, &v, &ev);         //  fails on a different order id or perm id
        if (ev.type == RT_TYPE_ORDER_STATUS && strcmp (ev.u.status.coid, "h-1") == 0)
            recognised = true;
    }
    if (!recognised)
        gwt_fail (t, "READY after the restart (signal %d) without an ord.status for h-1", sig);
    gwt_ctl (t, "delay 0");
}

//  h. The gateway process itself restarts (SIGKILL, then SIGTERM) while tws-sim keeps
//  running: READY again, the earlier order recognised by its coid with the same IB ids, a
//  repeated intent for it places nothing, and a new order gets a new, higher id.
static void
test_gateway_restart (void **state)
{
    const char *flags [] = { "--tick-ms", "0", NULL };
    gwt_t *t = *state = gwt_new ("h: gateway restart", flags, NULL);
    gwt_gateway_start (t);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, NULL);
    gwt_ctl (t, "price AAPL 150");
    rt_test_event_t placed;
    s_place_resting (t, "h-1", 5, &placed);
    int64_t id1 = placed.u.status.order_id;

    s_restart_gateway (t, SIGKILL, &placed);
    //  The same intent again: the known order, nothing new at the simulator.
    rt_reply_t reply;
    gwt_place (t, "h-1", "AAPL", RT_SIDE_BUY, 5, 100.0, &reply);
    if (!reply.ok || strcmp (reply.id, "h-1") != 0)
        gwt_fail (t, "repeated ORDER_INTENT h-1: ok=%d '%s'", reply.ok, reply.reason);
    int64_t sim_id = 0;
    char status [32];
    if (gwt_sim_orders_with_ref (t, "h-1", &sim_id, status, sizeof status) != 1 || sim_id != id1)
        gwt_fail (t, "tws-sim: h-1 not held exactly once with id %lld", (long long) id1);

    rt_test_event_t ev;
    s_place_resting (t, "h-2", 5, &ev);
    int64_t id2 = ev.u.status.order_id;
    if (id2 <= id1)
        gwt_fail (t, "h-2 got order id %lld after h-1's %lld: ids must never be reused",
                  (long long) id2, (long long) id1);
    s_restart_gateway (t, SIGTERM, &placed);
    s_place_resting (t, "h-3", 5, &ev);
    int64_t id3 = ev.u.status.order_id;
    if (id3 <= id2)
        gwt_fail (t, "h-3 got order id %lld after h-2's %lld", (long long) id3,
                  (long long) id2);
    //  The simulator refused no id as a duplicate (103) and holds each order once.
    int dup = 103;
    if (rt_test_events_wait (t->events, RT_TYPE_ERROR_EVENT, s_error_code, &dup, &ev, 0) == 0)
        gwt_fail (t, "sys.error 103 (duplicate order id)");
    const char *coids [] = { "h-1", "h-2", "h-3" };
    const int64_t ids [] = { id1, id2, id3 };
    for (size_t i = 0; i < 3; i++)
        if (gwt_sim_orders_with_ref (t, coids [i], &sim_id, status, sizeof status) != 1
        ||  sim_id != ids [i])
            gwt_fail (t, "tws-sim: %s not held exactly once with id %lld", coids [i],
                      (long long) ids [i]);
    print_message ("[h] order ids across two gateway restarts: %lld, %lld, %lld\n",
                   (long long) id1, (long long) id2, (long long) id3);
    rt_test_events_stats_t st;
    rt_test_events_stats (t->events, &st);
    if (st.restarts < 1)
        gwt_fail (t, "the subscriber saw no publisher restart");
    gwt_finish (t);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_nightly_reset, gwt_teardown),
        cmocka_unit_test_teardown (test_sim_restart_reconciles_order, gwt_teardown),
        cmocka_unit_test_teardown (test_gateway_restart, gwt_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, rt_test_group_teardown);
}
