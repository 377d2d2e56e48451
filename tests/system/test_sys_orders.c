/*  test_sys_orders.c - the order path end to end, every process real: an order placed with
    rt-ctl fills and shows in `rt-ctl positions`; an oversize order is refused with the
    limit it broke and never reaches the simulator; one coid sent three times (rt-ctl, and
    three intents back to back on one DEALER) is one order at the simulator; the kill switch
    cancels every open order at the simulator and refuses new ones until `rt-ctl resume`.
*/
#include "sys_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

//  A resting buy: below the market, inside risk's price collar.
#define S_RESTING "145"

static bool
s_holding (const rt_test_event_t *ev, const void *arg)
{
    return strcmp (ev->u.holding.symbol, SYS_SYMBOL) == 0
        && ev->u.holding.qty == *(const double *) arg;
}

static bool
s_filled (const rt_test_event_t *ev, const void *arg)
{
    return strcmp (ev->u.status.coid, (const char *) arg) == 0
        && ev->u.status.status == RT_ORD_STATUS_FILLED && ev->u.status.filled == 10;
}

//  True when some object inside j has "symbol": SYS_SYMBOL and a number qty equal to qty
//  (whatever the document's shape: a list, {"positions": [...]}, ...).
static bool
s_json_has_position (json_t *j, double qty)
{
    if (json_is_object (j)) {
        const char *sym = json_string_value (json_object_get (j, "symbol"));
        json_t *q = json_object_get (j, "qty");
        if (sym && strcmp (sym, SYS_SYMBOL) == 0 && json_is_number (q)
        &&  json_number_value (q) == qty)
            return true;
        const char *key;
        json_t *v;
        json_object_foreach (j, key, v)
            if (s_json_has_position (v, qty))
                return true;
    }
    if (json_is_array (j)) {
        size_t i;
        json_t *v;
        json_array_foreach (j, i, v)
            if (s_json_has_position (v, qty))
                return true;
    }
    return false;
}

//  True when one line of text holds both words (a table row).
static bool
s_line_has (const char *text, const char *a, const char *b)
{
    const char *p = text;
    while (*p) {
        const char *end = strchr (p, '\n');
        size_t len = end ? (size_t) (end - p) : strlen (p);
        char line [1024];
        snprintf (line, sizeof line, "%.*s", (int) (len < sizeof line ? len : sizeof line - 1),
                  p);
        if (strstr (line, a) && strstr (line, b))
            return true;
        p += len + (end ? 1 : 0);
    }
    return false;
}

//  1. `rt-ctl buy AAPL 10` (MKT, marketable) fills: one order and one execution of 10 at
//  the simulator, FILLED published by orders, the holding booked, and `rt-ctl positions`
//  (table and --json) shows 10 AAPL.
static void
test_buy_fills_and_shows (void **state)
{
    syst_t *t = *state = syst_new ("1: buy fills, positions", NULL);
    syst_start_all (t);
    char out [SYS_CTL_OUT];
    syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "10", "--coid", "s1-buy",
                                                   NULL });
    if (!strstr (out, "s1-buy"))
        syst_fail (t, "rt-ctl buy does not name the order s1-buy:\n%s", out);
    //  The holding and the FILLED status come in either order.
    double qty = 10;
    syst_expect_t ex [] = {
        SYST_EXPECT (RT_TYPE_ORDER_STATUS, s_filled, "s1-buy", "ord.status s1-buy FILLED 10"),
        SYST_EXPECT (RT_TYPE_HOLDING, s_holding, &qty, "ord.pos." SYS_SYMBOL " with qty 10"),
    };
    syst_wait_all (t, SYS_ORDERS, ex, 2, SYS_WAIT_MS);
    if (!(ex [1].ev.u.holding.avg_cost > 0))
        syst_fail (t, "holding booked with average cost %g", ex [1].ev.u.holding.avg_cost);
    char st [32];
    double filled = 0, shares = 0;
    int held = syst_sim_orders (t, "s1-buy", st, sizeof st, &filled);
    int execs = syst_sim_execs (t, "s1-buy", &shares);
    if (held != 1 || strcmp (st, "Filled") != 0 || filled != 10 || shares != 10)
        syst_fail (t, "tws-sim: %d orders s1-buy (%s, filled %g), %d executions of %g shares; "
                   "expected one order Filled 10", held, st, filled, execs, shares);

    syst_ctl_expect (t, 0, out, (const char *[]) { "positions", NULL });
    if (!s_line_has (out, SYS_SYMBOL, "10"))
        syst_fail (t, "rt-ctl positions has no row with %s and 10:\n%s", SYS_SYMBOL, out);
    syst_ctl_expect (t, 0, out, (const char *[]) { "positions", "--json", NULL });
    json_error_t err;
    json_t *j = json_loads (out, 0, &err);
    if (!j)
        syst_fail (t, "rt-ctl positions --json is not JSON (%s):\n%s", err.text, out);
    bool has = s_json_has_position (j, 10);
    json_decref (j);
    if (!has)
        syst_fail (t, "rt-ctl positions --json holds no %s with qty 10:\n%s", SYS_SYMBOL, out);
    print_message ("[1] s1-buy filled 10 @ %g; positions show it\n",
                   ex [1].ev.u.holding.avg_cost);
    syst_finish (t);
}

static bool
s_decision_refused (const rt_test_event_t *ev, const void *arg)
{
    return strcmp (ev->u.decision.coid, (const char *) arg) == 0 && !ev->u.decision.accepted;
}

//  2. `rt-ctl buy AAPL 100000` is refused: exit 1, the reason names the limit (777 shares
//  here, a number found nowhere else in the command); risk published the refusal with
//  code MAX_QTY, orders published REJECTED, and nothing reached the simulator.
static void
test_oversize_refused (void **state)
{
    const char *env [] = { "RISK_MAX_QTY=777", NULL };
    syst_t *t = *state = syst_new ("2: oversize refused", env);
    syst_start_all (t);
    char out [SYS_CTL_OUT];
    syst_ctl_expect (t, 1, out, (const char *[]) { "buy", SYS_SYMBOL, "100000", "--coid",
                                                   "s2-big", NULL });
    if (!strstr (out, "777"))
        syst_fail (t, "the refusal does not name the limit (777 shares):\n%s", out);
    rt_test_event_t ev;
    syst_wait (t, SYS_RISK, RT_TYPE_RISK_DECISION, s_decision_refused, "s2-big", &ev,
               SYS_WAIT_MS, "risk.decision refusing s2-big");
    if (strcmp (ev.u.decision.code, "MAX_QTY") != 0 || !strstr (ev.u.decision.reason, "777"))
        syst_fail (t, "risk refused s2-big with %s '%s', expected MAX_QTY naming 777",
                   ev.u.decision.code, ev.u.decision.reason);
    syst_wait_order (t, "s2-big", RT_ORD_STATUS_REJECTED, &ev, SYS_WAIT_MS);
    int held = syst_sim_orders (t, NULL, NULL, 0, NULL);
    if (held != 0)
        syst_fail (t, "tws-sim holds %d orders after a refused intent, expected none", held);
    print_message ("[2] refused: %s", out);
    syst_finish (t);
}

//  Sends n copies of one intent on one DEALER without waiting, then reads the n replies.
static void
s_burst (syst_t *t, const rt_order_intent_t *in, int n, rt_reply_t *replies)
{
    for (int i = 0; i < n; i++)
        syst_send (t, SYS_ORDERS, RT_TYPE_ORDER_INTENT, in);
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 4096));
    int64_t deadline = rt_test_now_ms () + SYS_WAIT_MS;
    int got = 0;
    while (got < n) {
        int64_t left = deadline - rt_test_now_ms ();
        rt_bus_msg_t msg;
        int rc = left > 0 ? rt_cmd_client_recv (t->cmd [SYS_ORDERS], &msg, (int) left)
                          : RT_ETIMEOUT;
        if (rc == RT_EAGAIN)
            continue;
        if (rc != 0) {
            msgpack_zone_destroy (&zone);
            syst_fail (t, "%d of %d replies to the burst of %s: %s", got, n, in->coid,
                       rt_strerror (rc));
        }
        if (msg.header.type != RT_TYPE_REPLY)
            continue;
        rc = rt_msg_decode (RT_TYPE_REPLY, &replies [got], (const char *) msg.body,
                            msg.body_len, &zone);
        if (rc != 0) {
            msgpack_zone_destroy (&zone);
            syst_fail (t, "reply %d to the burst does not decode: %s", got, rt_strerror (rc));
        }
        got++;
    }
    msgpack_zone_destroy (&zone);
}

//  3. One coid, three times: with rt-ctl one after the other (three exits 0, the repeats
//  told "duplicate"), and as three ORDER_INTENTs back to back on one DEALER (the repeats
//  arrive while the first is still with risk or the gateway). Each coid is one order at
//  the simulator, also once the dust has settled (both acknowledged by IB).
static void
test_same_coid_three_times (void **state)
{
    syst_t *t = *state = syst_new ("3: same coid three times", NULL);
    syst_start_all (t);
    char out [SYS_CTL_OUT];
    for (int i = 0; i < 3; i++) {
        syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "5", "--limit",
                                                       S_RESTING, "--coid", "s3-ctl", NULL });
        if (i > 0 && !strcasestr (out, "duplicate"))
            syst_fail (t, "repeat %d of s3-ctl not reported as a duplicate:\n%s", i, out);
    }
    syst_wait_order (t, "s3-ctl", RT_ORD_STATUS_SUBMITTED, NULL, SYS_WAIT_MS);
    rt_order_intent_t in;
    syst_intent (&in, "s3-burst", RT_SIDE_BUY, 5, atof (S_RESTING));
    rt_reply_t replies [3];
    s_burst (t, &in, 3, replies);
    for (int i = 0; i < 3; i++)
        if (!replies [i].ok || strcmp (replies [i].id, "s3-burst") != 0)
            syst_fail (t, "reply %d to the burst: ok=%d id '%s' '%s', expected ok for s3-burst",
                       i, replies [i].ok, replies [i].id, replies [i].reason);
    syst_wait_order (t, "s3-burst", RT_ORD_STATUS_SUBMITTED, NULL, SYS_WAIT_MS);
    syst_sim_wait (t, "s3-ctl", 1, "Submitted", SYS_WAIT_MS);
    syst_sim_wait (t, "s3-burst", 1, "Submitted", SYS_WAIT_MS);
    int all = syst_sim_orders (t, NULL, NULL, 0, NULL);
    if (all != 2)
        syst_fail (t, "tws-sim holds %d orders, expected 2 (s3-ctl, s3-burst)", all);
    print_message ("[3] replies to the burst: '%s' / '%s' / '%s'\n", replies [0].reason,
                   replies [1].reason, replies [2].reason);
    syst_finish (t);
}

//  6. Kill switch: three resting orders working at the simulator; `rt-ctl kill` cancels
//  every one of them there (and orders publishes CANCELLED); a new order is refused
//  (exit 1, HALTED) and never reaches the simulator until `rt-ctl resume`, after which one
//  is accepted and works.
static void
test_kill_switch (void **state)
{
    syst_t *t = *state = syst_new ("6: kill switch", NULL);
    syst_start_all (t);
    char out [SYS_CTL_OUT];
    const char *coids [] = { "s6-1", "s6-2", "s6-3" };
    for (int i = 0; i < 3; i++) {
        syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "5", "--limit",
                                                       S_RESTING, "--coid", coids [i], NULL });
        syst_sim_wait (t, coids [i], 1, "Submitted", SYS_WAIT_MS);
    }
    syst_ctl_expect (t, 0, out, (const char *[]) { "kill", "systest kill switch", NULL });
    syst_order_match_t m [3];
    syst_expect_t ex [3];
    for (int i = 0; i < 3; i++) {
        m [i] = (syst_order_match_t) { coids [i], RT_ORD_STATUS_CANCELLED };
        ex [i] = (syst_expect_t) SYST_EXPECT (RT_TYPE_ORDER_STATUS, syst_order_is, &m [i],
                                              coids [i]);
    }
    syst_wait_all (t, SYS_ORDERS, ex, 3, SYS_WAIT_MS);
    for (int i = 0; i < 3; i++)
        syst_sim_wait (t, coids [i], 1, "Cancelled", SYS_WAIT_MS);
    syst_ctl_expect (t, 1, out, (const char *[]) { "buy", SYS_SYMBOL, "5", "--limit",
                                                   S_RESTING, "--coid", "s6-halted", NULL });
    if (!strcasestr (out, "halt"))
        syst_fail (t, "the refusal while halted does not say HALTED:\n%s", out);
    if (syst_sim_orders (t, "s6-halted", NULL, 0, NULL) != 0)
        syst_fail (t, "an order refused while halted reached tws-sim");
    syst_ctl_expect (t, 0, out, (const char *[]) { "resume", NULL });
    syst_ctl_expect (t, 0, out, (const char *[]) { "buy", SYS_SYMBOL, "5", "--limit",
                                                   S_RESTING, "--coid", "s6-resumed", NULL });
    syst_sim_wait (t, "s6-resumed", 1, "Submitted", SYS_WAIT_MS);
    print_message ("[6] kill switch cancelled 3 orders at tws-sim; resumed\n");
    syst_finish (t);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_buy_fills_and_shows, syst_teardown),
        cmocka_unit_test_teardown (test_oversize_refused, syst_teardown),
        cmocka_unit_test_teardown (test_same_coid_three_times, syst_teardown),
        cmocka_unit_test_teardown (test_kill_switch, syst_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
