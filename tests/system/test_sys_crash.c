/*  test_sys_crash.c - orders are never lost, never sent twice and never bypass risk,
    whatever crashes when: rt-orders killed (-9) after it journalled and sent an order but
    before the gateway acknowledged it, and killed while the order waited for risk; rt-risk
    killed (-9): orders refuses new intents (fail closed) until risk is back.

    The crash windows are made deterministic by freezing (SIGSTOP) the process the order is
    waiting for: the request sits unread in the frozen process's socket (checked in
    /proc/net/tcp) when rt-orders is killed, and is read when the process is thawed.
*/
#include "sys_fixture.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

//  What rt-orders' snapshot says about one order and the symbol's holding.
typedef struct {
    const char *coid;
    rt_ord_status_t status;
    double filled;
    double qty;
    int orders;                     //  parts about coid
} s_view_t;

static void
s_on_part (const rt_test_event_t *part, void *arg)
{
    s_view_t *v = arg;
    if (!part->decoded)
        return;
    if (part->type == RT_TYPE_ORDER_STATUS && strcmp (part->u.status.coid, v->coid) == 0) {
        v->orders++;
        v->status = part->u.status.status;
        v->filled = part->u.status.filled;
    }
    if (part->type == RT_TYPE_HOLDING && strcmp (part->u.holding.symbol, SYS_SYMBOL) == 0)
        v->qty = part->u.holding.qty;
}

//  Polls rt-orders' snapshot (the Clone pattern's truth: the events of a reconciliation may
//  go out before our subscriber has reconnected) until pred holds or timeout_ms passes.
static bool
s_poll_view (syst_t *t, const char *coid, bool (*pred) (const s_view_t *), s_view_t *v,
             int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    for (;;) {
        *v = (s_view_t) { .coid = coid };
        syst_snapshot (t, SYS_ORDERS, "all", s_on_part, v);
        if (pred (v))
            return true;
        if (rt_test_now_ms () >= deadline)
            return false;
        rt_test_sleep_ms (50);
    }
}

static bool
s_is_filled (const s_view_t *v)
{
    return v->orders == 1 && v->status == RT_ORD_STATUS_FILLED;
}

static bool
s_is_booked (const s_view_t *v)
{
    return s_is_filled (v) && v->filled == 10 && v->qty == 10;
}

//  After a restart of rt-orders: the simulator holds one order for coid, Filled, with 10
//  shares executed; rt-orders reports it FILLED, once; the coid sent again is a duplicate
//  and reaches the simulator no second time. Returns whether rt-orders also booked the fill
//  (FILLED 10 and a holding of 10), for the caller to require.
static bool
s_expect_filled_once (syst_t *t, const char *coid, s_view_t *v)
{
    syst_sim_wait (t, coid, 1, "Filled", SYS_WAIT_MS);
    double shares = 0;
    int execs = syst_sim_execs (t, coid, &shares);
    if (shares != 10)
        syst_fail (t, "tws-sim: %d executions of %g shares for %s, expected 10", execs,
                   shares, coid);
    if (!s_poll_view (t, coid, s_is_filled, v, SYS_WAIT_MS))
        syst_fail (t, "rt-orders' snapshot after the restart: %d parts for %s (last %s, "
                   "filled %g); expected one, FILLED", v->orders, coid,
                   rt_ord_status_str (v->status), v->filled);
    //  FILLED is final: its fill and holding come with it or very soon after.
    bool booked = s_poll_view (t, coid, s_is_booked, v, 1000);
    char out [SYS_CTL_OUT];
    syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "10", "--coid", coid,
                                                   NULL });
    if (!strcasestr (out, "duplicate"))
        syst_fail (t, "%s sent again after the restart is not a duplicate:\n%s", coid, out);
    if (syst_sim_orders (t, coid, NULL, 0, NULL) != 1)
        syst_fail (t, "%s sent again after the restart reached tws-sim a second time", coid);
    return booked;
}

//  4a. kill -9 of rt-orders between the journal write and the gateway's acknowledgement.
//  The gateway is frozen; the intent goes to rt-orders, which journals it, has risk accept
//  it, journals SUBMITTED (published as PENDING_SUBMIT) and sends it to the gateway, where
//  it sits unread. rt-orders is killed, the gateway thawed (it places the order, which
//  fills at once), rt-orders restarted on the same journal: exactly one order at the
//  simulator, and rt-orders reconciles it to FILLED with its holding.
static void
test_orders_killed_before_ack (void **state)
{
    syst_t *t = *state = syst_new ("4a: orders killed before the gateway's ack", NULL);
    syst_start_all (t);
    syst_freeze (t, SYS_GATEWAY);
    rt_order_intent_t in;
    syst_intent (&in, "s4-a", RT_SIDE_BUY, 10, 0);
    syst_send (t, SYS_ORDERS, RT_TYPE_ORDER_INTENT, &in);
    syst_wait_order (t, "s4-a", RT_ORD_STATUS_PENDING_SUBMIT, NULL, SYS_WAIT_MS);
    syst_wait_pending (t, SYS_GATEWAY, SYS_WAIT_MS);
    syst_kill9 (t, SYS_ORDERS);
    if (syst_sim_orders (t, "s4-a", NULL, 0, NULL) != 0)
        syst_fail (t, "s4-a reached tws-sim while the gateway was frozen");
    syst_thaw (t, SYS_GATEWAY);
    syst_sim_wait (t, "s4-a", 1, "Filled", SYS_WAIT_MS);
    syst_start (t, SYS_ORDERS);
    s_view_t v;
    if (!s_expect_filled_once (t, "s4-a", &v))
        syst_fail (t, "rt-orders after the restart: s4-a FILLED with %g filled, holding %g; "
                   "expected 10 and 10 (the fill made while it was dead is not booked)",
                   v.filled, v.qty);
    print_message ("[4a] s4-a: one order at tws-sim, FILLED 10 and booked after the "
                   "restart\n");
    syst_finish (t);
}

//  4b. kill -9 of rt-orders before anything was sent to the gateway: risk is frozen, so
//  the order sits journalled NEW, its check unread at risk. rt-orders is killed, risk
//  thawed (it answers a peer that is gone), rt-orders restarted on the same journal.
//  rt-orders' recovery (orders_recon.c: "orders back to risk"): an order found NEW at
//  start-up was never sent anywhere, so it is checked by risk again and then goes its
//  normal way: exactly one order at the simulator, FILLED, booked once.
static void
test_orders_killed_awaiting_risk (void **state)
{
    //  Long enough that the check does not time out while risk is frozen.
    const char *env [] = { "RISK_TIMEOUT_MS=4000", NULL };
    syst_t *t = *state = syst_new ("4b: orders killed while risk decides", env);
    syst_start_all (t);
    syst_freeze (t, SYS_RISK);
    rt_order_intent_t in;
    syst_intent (&in, "s4-b", RT_SIDE_BUY, 10, 0);
    syst_send (t, SYS_ORDERS, RT_TYPE_ORDER_INTENT, &in);
    syst_wait_order (t, "s4-b", RT_ORD_STATUS_NEW, NULL, SYS_WAIT_MS);
    syst_wait_pending (t, SYS_RISK, SYS_WAIT_MS);
    syst_kill9 (t, SYS_ORDERS);
    syst_thaw (t, SYS_RISK);
    if (syst_sim_orders (t, "s4-b", NULL, 0, NULL) != 0)
        syst_fail (t, "s4-b reached tws-sim with rt-orders dead");
    syst_start (t, SYS_ORDERS);
    s_view_t v;
    if (!s_expect_filled_once (t, "s4-b", &v))
        syst_fail (t, "rt-orders after the restart: s4-b FILLED with %g filled, holding %g; "
                   "expected 10 and 10", v.filled, v.qty);
    print_message ("[4b] s4-b: journalled NEW, crashed, restarted: one order at tws-sim\n");
    syst_finish (t);
}

//  5. kill -9 of rt-risk: rt-orders refuses new intents, fail closed (rt-ctl exits 1 with
//  "risk service not answering"; REJECTED with code RISK_UNAVAILABLE), and nothing reaches
//  the simulator; once rt-risk is restarted, an intent is accepted and works.
static void
test_risk_killed_fail_closed (void **state)
{
    syst_t *t = *state = syst_new ("5: risk killed, fail closed", NULL);
    syst_start_all (t);
    syst_kill9 (t, SYS_RISK);
    char out [SYS_CTL_OUT];
    const char *coids [] = { "s5-a", "s5-b" };
    for (int i = 0; i < 2; i++) {
        syst_ctl_expect (t, 1, out, (const char *[]) { "buy", SYS_SYMBOL, "10", "--coid",
                                                       coids [i], NULL });
        if (!strstr (out, "RISK_UNAVAILABLE") || !strstr (out, "risk service not answering"))
            syst_fail (t, "%s refused without code RISK_UNAVAILABLE and the reason 'risk "
                       "service not answering':\n%s", coids [i], out);
        if (i == 0)
            print_message ("[5] %s", out);
        rt_test_event_t ev;
        syst_wait_order (t, coids [i], RT_ORD_STATUS_REJECTED, &ev, SYS_WAIT_MS);
        if (!strstr (ev.u.status.reason, "RISK_UNAVAILABLE")
        &&  !strstr (ev.u.status.reason, "risk service not answering"))
            syst_fail (t, "%s REJECTED with reason '%s'", coids [i], ev.u.status.reason);
    }
    if (syst_sim_orders (t, NULL, NULL, 0, NULL) != 0)
        syst_fail (t, "an order reached tws-sim with rt-risk dead");

    syst_start (t, SYS_RISK);
    syst_price (t, SYS_PRICE + 0.01);       //  a fresh reference price for the new risk
    syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "10", "--coid", "s5-c",
                                                   NULL });
    syst_sim_wait (t, "s5-c", 1, "Filled", SYS_WAIT_MS);
    print_message ("[5] refused while rt-risk was dead; s5-c filled once it was back\n");
    syst_finish (t);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_orders_killed_before_ack, syst_teardown),
        cmocka_unit_test_teardown (test_orders_killed_awaiting_risk, syst_teardown),
        cmocka_unit_test_teardown (test_risk_killed_fail_closed, syst_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
