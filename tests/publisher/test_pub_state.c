/*  test_pub_state.c - the publisher's pure parts: the state model and its events, quote
    conflation, the equity series, topic families and /metrics text, the kill check.
    Time is injected: nothing here sleeps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pub_json.h"
#include "pub_kill.h"
#include "pub_metrics.h"
#include "pub_quotes.h"
#include "pub_series.h"
#include "pub_state.h"

//  Collects events for inspection.
typedef struct {
    json_t *events;
} s_sink_t;

static void
s_collect (json_t *event, void *arg)
{
    s_sink_t *sink = (s_sink_t *) arg;
    json_array_append_new (sink->events, event);
}

static const char *
s_type (s_sink_t *sink, size_t i)
{
    return json_string_value (json_object_get (json_array_get (sink->events, i), "type"));
}

static int
s_setup (void **state)
{
    s_sink_t *sink = calloc (1, sizeof *sink);
    sink->events = json_array ();
    *state = sink;
    return 0;
}

static int
s_teardown (void **state)
{
    s_sink_t *sink = *state;
    json_decref (sink->events);
    free (sink);
    return 0;
}

static rt_conn_state_t
s_conn (rt_conn_t st, uint32_t attempt)
{
    rt_conn_state_t m;
    memset (&m, 0, sizeof m);
    m.state = st;
    m.attempt = attempt;
    snprintf (m.reason, sizeof m.reason, "because");
    return m;
}

static void
test_conn_history (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    assert_non_null (st);
    assert_int_equal (pub_state_conn (st), RT_CONN_NONE);
    rt_conn_state_t m = s_conn (RT_CONN_CONNECTING, 0);
    assert_int_equal (pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 1000,
                                       s_collect, sink), 1);
    //  The very same message again (a snapshot repeating it): nothing to tell.
    assert_int_equal (pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 1001,
                                       s_collect, sink), 0);
    m = s_conn (RT_CONN_READY, 0);
    pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 2000, s_collect, sink);
    assert_int_equal (pub_state_conn (st), RT_CONN_READY);
    json_t *ev = json_array_get (sink->events, 1);
    assert_string_equal (s_type (sink, 1), "conn");
    assert_string_equal (json_string_value (json_object_get (json_object_get (ev, "data"),
                                                             "state")), "READY");
    json_t *entry = json_object_get (ev, "entry");
    assert_non_null (entry);
    assert_int_equal (json_integer_value (json_object_get (entry, "t")), 2000);
    //  Backoff retries: same state, a new attempt each: each is history.
    for (uint32_t a = 1; a <= 60; a++) {
        m = s_conn (RT_CONN_BACKOFF, a);
        pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 3000 + a, s_collect, sink);
    }
    json_t *snap = pub_state_snapshot (st, 0);
    json_t *hist = json_object_get (snap, "conn_history");
    assert_int_equal (json_array_size (hist), PUB_CONN_HISTORY);   //  bounded, newest kept
    json_t *last = json_array_get (hist, PUB_CONN_HISTORY - 1);
    assert_int_equal (json_integer_value (json_object_get (last, "attempt")), 60);
    assert_string_equal (json_string_value (json_object_get (last, "state")), "BACKOFF");
    json_decref (snap);
    pub_state_destroy (&st);
    assert_null (st);
}

static rt_heartbeat_t
s_hb (const char *name, int pid)
{
    rt_heartbeat_t hb;
    memset (&hb, 0, sizeof hb);
    snprintf (hb.service, sizeof hb.service, "%s", name);
    hb.pid = pid;
    hb.uptime_ms = 5000;
    snprintf (hb.status, sizeof hb.status, "ok");
    return hb;
}

static void
test_heartbeats (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    rt_heartbeat_t hb = s_hb ("gateway", 10);
    pub_state_apply (st, RT_TYPE_HEARTBEAT, &hb, "gateway", 1000, 0, s_collect, sink);
    pub_svc_status_t s;
    assert_true (pub_state_service (st, "gateway", 1000, &s));
    assert_int_equal (s, PUB_SVC_UP);
    assert_false (pub_state_service (st, "risk", 1000, &s));
    //  Ticks with no news: no events until the age crosses a threshold.
    size_t before = json_array_size (sink->events);
    pub_state_tick (st, 2000, 0, s_collect, sink);
    assert_int_equal (json_array_size (sink->events), before);
    pub_state_tick (st, 1000 + PUB_HB_STALE_MS, 0, s_collect, sink);
    assert_string_equal (s_type (sink, before), "service");
    assert_string_equal (json_string_value (json_object_get (json_object_get (
        json_array_get (sink->events, before), "data"), "status")), "stale");
    pub_state_tick (st, 1000 + PUB_HB_DOWN_MS, 0, s_collect, sink);
    assert_true (pub_state_service (st, "gateway", 1000 + PUB_HB_DOWN_MS, &s));
    assert_int_equal (s, PUB_SVC_DOWN);
    //  A new pid: the gateway restarted, which the connection history must show.
    rt_conn_state_t m = s_conn (RT_CONN_READY, 0);
    pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 1, s_collect, sink);
    hb = s_hb ("gateway", 11);
    before = json_array_size (sink->events);
    assert_int_equal (pub_state_apply (st, RT_TYPE_HEARTBEAT, &hb, "gateway", 20000, 5,
                                       s_collect, sink), 2);
    assert_string_equal (s_type (sink, before), "conn_note");
    //  Then READY again is news (a new history entry), though it equals the last state.
    before = json_array_size (sink->events);
    pub_state_apply (st, RT_TYPE_CONN_STATE, &m, "gateway", 0, 6, s_collect, sink);
    assert_non_null (json_object_get (json_array_get (sink->events, before), "entry"));
    json_t *snap = pub_state_snapshot (st, 20000);
    json_t *hist = json_object_get (snap, "conn_history");
    assert_int_equal (json_array_size (hist), 3);
    assert_string_equal (json_string_value (json_object_get (json_array_get (hist, 1),
                                                             "state")), "RESTARTED");
    json_t *svc = json_array_get (json_object_get (snap, "services"), 0);
    assert_string_equal (json_string_value (json_object_get (svc, "status")), "up");
    assert_int_equal (json_integer_value (json_object_get (json_object_get (svc, "hb"),
                                                           "pid")), 11);
    json_decref (snap);
    pub_state_destroy (&st);
}

static rt_order_status_t
s_order (const char *coid, rt_ord_status_t status, double filled)
{
    rt_order_status_t o;
    memset (&o, 0, sizeof o);
    snprintf (o.coid, sizeof o.coid, "%s", coid);
    o.status = status;
    o.filled = filled;
    o.qty = 10;
    o.side = RT_SIDE_BUY;
    snprintf (o.symbol, sizeof o.symbol, "AAPL");
    return o;
}

static void
test_orders (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    rt_order_status_t o = s_order ("c1", RT_ORD_STATUS_SUBMITTED, 0);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "orders", 0, 0,
                                       s_collect, sink), 1);
    assert_int_equal (pub_state_open_orders (st), 1);
    //  The gateway's view of an order the orders service tracks does not override it.
    o = s_order ("c1", RT_ORD_STATUS_PRE_SUBMITTED, 0);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "gateway", 0, 0,
                                       s_collect, sink), 0);
    //  An order placed elsewhere (no coid) is keyed by its perm id.
    o = s_order ("", RT_ORD_STATUS_SUBMITTED, 0);
    o.perm_id = 900017;
    pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "gateway", 0, 0, s_collect, sink);
    assert_int_equal (pub_state_open_orders (st), 2);
    json_t *ev = json_array_get (sink->events, json_array_size (sink->events) - 1);
    assert_string_equal (json_string_value (json_object_get (json_object_get (ev, "data"),
                                                             "key")), "perm:900017");
    assert_true (json_is_true (json_object_get (ev, "open")));
    //  Filled: leaves the open orders, told with open=false.
    o = s_order ("c1", RT_ORD_STATUS_FILLED, 10);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "orders", 0, 0,
                                       s_collect, sink), 1);
    ev = json_array_get (sink->events, json_array_size (sink->events) - 1);
    assert_true (json_is_false (json_object_get (ev, "open")));
    assert_int_equal (pub_state_open_orders (st), 1);
    //  A final state of an order never seen open (a snapshot's history): nothing.
    o = s_order ("old", RT_ORD_STATUS_CANCELLED, 0);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "orders", 0, 0,
                                       s_collect, sink), 0);
    //  Nothing to key by: ignored.
    o = s_order ("", RT_ORD_STATUS_SUBMITTED, 0);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ORDER_STATUS, &o, "gateway", 0, 0,
                                       s_collect, sink), 0);
    pub_state_destroy (&st);
}

static void
test_fills_positions (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    snprintf (f.exec_id, sizeof f.exec_id, "x1");
    snprintf (f.symbol, sizeof f.symbol, "AAPL");
    f.side = RT_SIDE_BUY;
    f.qty = 10;
    f.price = 150.25;
    assert_int_equal (pub_state_apply (st, RT_TYPE_FILL, &f, "gateway", 0, 0, s_collect,
                                       sink), 1);
    //  The same execution from the orders service: once only.
    assert_int_equal (pub_state_apply (st, RT_TYPE_FILL, &f, "orders", 0, 0, s_collect,
                                       sink), 0);
    //  Its commission arrives: an update of the same fill.
    f.has_commission = true;
    f.commission = 1.0;
    assert_int_equal (pub_state_apply (st, RT_TYPE_FILL, &f, "gateway", 0, 0, s_collect,
                                       sink), 1);
    assert_int_equal (pub_state_fills (st), 1);
    for (int i = 0; i < PUB_FILLS_MAX + 5; i++) {
        snprintf (f.exec_id, sizeof f.exec_id, "y%d", i);
        pub_state_apply (st, RT_TYPE_FILL, &f, "gateway", 0, 0, s_collect, sink);
    }
    assert_int_equal (pub_state_fills (st), PUB_FILLS_MAX);

    rt_holding_t h;
    memset (&h, 0, sizeof h);
    snprintf (h.symbol, sizeof h.symbol, "AAPL");
    h.qty = 10;
    h.avg_cost = 150.25;
    h.unrealized_pnl = 7.5;
    assert_int_equal (pub_state_apply (st, RT_TYPE_HOLDING, &h, "orders", 0, 0, s_collect,
                                       sink), 1);
    assert_int_equal (pub_state_apply (st, RT_TYPE_HOLDING, &h, "orders", 0, 0, s_collect,
                                       sink), 0);
    rt_position_t p;
    memset (&p, 0, sizeof p);
    snprintf (p.account, sizeof p.account, "DU1");
    snprintf (p.symbol, sizeof p.symbol, "AAPL");
    p.qty = 10;
    assert_int_equal (pub_state_apply (st, RT_TYPE_POSITION, &p, "gateway", 0, 0, s_collect,
                                       sink), 1);
    json_t *snap = pub_state_snapshot (st, 0);
    json_t *hold = json_array_get (json_object_get (snap, "holdings"), 0);
    assert_true (json_real_value (json_object_get (hold, "avg_cost")) == 150.25);
    json_t *fills = json_object_get (snap, "fills");
    assert_int_equal (json_array_size (fills), PUB_FILLS_MAX);
    //  Oldest first: x1 and y0..y4 were pushed out.
    assert_string_equal (json_string_value (json_object_get (json_array_get (fills, 0),
                                                             "exec_id")), "y5");
    assert_string_equal (json_string_value (json_object_get (json_array_get (fills, 0),
                                                             "side")), "BUY");
    json_decref (snap);
    //  The equity series: P&L from the holdings until risk says.
    size_t before = json_array_size (sink->events);
    pub_state_tick (st, 0, 777, s_collect, sink);
    json_t *ev = json_array_get (sink->events, before);
    assert_string_equal (s_type (sink, before), "equity");
    assert_true (json_real_value (json_object_get (json_object_get (ev, "data"), "pnl")) == 7.5);
    pub_state_destroy (&st);
}

static void
test_risk_account (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    rt_risk_decision_t d;
    memset (&d, 0, sizeof d);
    snprintf (d.coid, sizeof d.coid, "c9");
    d.accepted = true;
    assert_int_equal (pub_state_apply (st, RT_TYPE_RISK_DECISION, &d, "risk", 0, 0, s_collect,
                                       sink), 0);
    d.accepted = false;
    snprintf (d.code, sizeof d.code, "MAX_QTY");
    assert_int_equal (pub_state_apply (st, RT_TYPE_RISK_DECISION, &d, "risk", 0, 42,
                                       s_collect, sink), 1);
    assert_string_equal (s_type (sink, 0), "rejection");
    rt_risk_state_t r;
    memset (&r, 0, sizeof r);
    r.state = RT_TRADING_ACTIVE;
    r.daily_pnl = -12.5;
    assert_int_equal (pub_state_apply (st, RT_TYPE_RISK_STATE, &r, "risk", 0, 0, s_collect,
                                       sink), 1);
    assert_int_equal (pub_state_apply (st, RT_TYPE_RISK_STATE, &r, "risk", 0, 0, s_collect,
                                       sink), 0);
    rt_account_value_t a;
    memset (&a, 0, sizeof a);
    snprintf (a.account, sizeof a.account, "DU1");
    snprintf (a.key, sizeof a.key, "NetLiquidation");
    snprintf (a.value, sizeof a.value, "100000.50");
    snprintf (a.currency, sizeof a.currency, "USD");
    assert_int_equal (pub_state_apply (st, RT_TYPE_ACCOUNT_VALUE, &a, "gateway", 0, 0,
                                       s_collect, sink), 1);
    assert_int_equal (pub_state_apply (st, RT_TYPE_ACCOUNT_VALUE, &a, "gateway", 0, 0,
                                       s_collect, sink), 0);
    size_t before = json_array_size (sink->events);
    pub_state_tick (st, 0, 1000, s_collect, sink);
    json_t *pt = json_object_get (json_array_get (sink->events, before), "data");
    assert_true (json_real_value (json_object_get (pt, "equity")) == 100000.50);
    assert_true (json_real_value (json_object_get (pt, "pnl")) == -12.5);
    //  A type the page does not show.
    rt_bar_t bar;
    memset (&bar, 0, sizeof bar);
    assert_int_equal (pub_state_apply (st, RT_TYPE_BAR, &bar, "gateway", 0, 0, s_collect,
                                       sink), 0);
    json_t *snap = pub_state_snapshot (st, 0);
    assert_string_equal (json_string_value (json_object_get (json_object_get (snap, "risk"),
                                                             "state")), "ACTIVE");
    assert_int_equal (json_array_size (json_object_get (snap, "rejections")), 1);
    assert_int_equal (json_array_size (json_object_get (snap, "equity")), 1);
    assert_true (json_is_null (json_object_get (snap, "conn")));
    json_decref (snap);
    pub_state_destroy (&st);
}

static rt_quote_t
s_quote (const char *sym, double bid)
{
    rt_quote_t q;
    memset (&q, 0, sizeof q);
    snprintf (q.symbol, sizeof q.symbol, "%s", sym);
    q.bid = bid;
    q.ask = bid + 0.02;
    return q;
}

static void
test_quote_conflation (void **state)
{
    s_sink_t *sink = *state;
    pub_state_t *st = pub_state_new (100);
    rt_quote_t q = s_quote ("AAPL", 100);
    assert_int_equal (pub_state_apply (st, RT_TYPE_QUOTE, &q, "gateway-md", 0, 0, s_collect,
                                       sink), 0);
    //  The first quote of a symbol goes at once.
    assert_int_equal (pub_state_flush_quotes (st, 1000, s_collect, sink), 1);
    //  1000 quotes within the window: held, then only the latest goes.
    for (int i = 1; i <= 1000; i++) {
        q = s_quote ("AAPL", 100 + i);
        pub_state_apply (st, RT_TYPE_QUOTE, &q, "gateway-md", 0, 0, s_collect, sink);
        assert_int_equal (pub_state_flush_quotes (st, 1000 + (uint64_t) i % 99, s_collect,
                                                  sink), 0);
    }
    assert_int_equal (pub_state_flush_quotes (st, 1100, s_collect, sink), 1);
    json_t *last = json_array_get (sink->events, json_array_size (sink->events) - 1);
    assert_true (json_real_value (json_object_get (json_object_get (last, "data"), "bid"))
                 == 1100.0);
    assert_int_equal (pub_state_quotes_conflated (st), 999);
    //  Nothing new: nothing sent, however long we wait.
    assert_int_equal (pub_state_flush_quotes (st, 5000, s_collect, sink), 0);
    //  Symbols are independent.
    q = s_quote ("NVDA", 5);
    pub_state_apply (st, RT_TYPE_QUOTE, &q, "gateway-md", 0, 0, s_collect, sink);
    q = s_quote ("AAPL", 7);
    pub_state_apply (st, RT_TYPE_QUOTE, &q, "gateway-md", 0, 0, s_collect, sink);
    assert_int_equal (pub_state_flush_quotes (st, 5001, s_collect, sink), 2);
    pub_state_destroy (&st);

    //  The table is bounded.
    pub_quotes_t *qs = pub_quotes_new (100);
    char sym [16];
    for (int i = 0; i < PUB_QUOTES_MAX; i++) {
        snprintf (sym, sizeof sym, "S%d", i);
        q = s_quote (sym, 1);
        assert_int_equal (pub_quotes_put (qs, &q), 0);
    }
    q = s_quote ("ONEMORE", 1);
    assert_int_equal (pub_quotes_put (qs, &q), RT_ERANGE);
    assert_int_equal (pub_quotes_dropped (qs), 1);
    assert_non_null (pub_quotes_find (qs, "S7"));
    assert_null (pub_quotes_find (qs, "ONEMORE"));
    pub_quotes_destroy (&qs);
    assert_null (qs);
}

static void
test_series (void **state)
{
    pub_series_t *s = malloc (sizeof *s);
    pub_series_init (s);
    size_t recorded = 0;
    for (uint64_t t = 0; t < 10 * PUB_SERIES_MAX; t++) {
        pub_point_t p = { .t_ms = t, .equity = (double) t };
        if (pub_series_offer (s, &p))
            recorded++;
        assert_true (s->count <= PUB_SERIES_MAX);
    }
    //  Bounded, starts at the session's start, reaches its end, evenly spaced.
    assert_int_equal (s->point [0].t_ms, 0);
    assert_true (s->point [s->count - 1].t_ms >= 10 * PUB_SERIES_MAX - s->stride);
    assert_true (s->stride >= 8);
    uint64_t step = s->point [1].t_ms - s->point [0].t_ms;
    for (size_t i = 1; i < s->count; i++)
        assert_int_equal (s->point [i].t_ms - s->point [i - 1].t_ms, step);
    assert_true (recorded < 10 * PUB_SERIES_MAX);
    free (s);
}

static void
test_metrics (void **state)
{
    char fam [PUB_FAMILY_MAX];
    pub_topic_family ("md.quote.AAPL", fam, sizeof fam);
    assert_string_equal (fam, "md.quote");
    pub_topic_family ("gw.conn", fam, sizeof fam);
    assert_string_equal (fam, "gw.conn");
    pub_topic_family ("sys.hb.risk", fam, sizeof fam);
    assert_string_equal (fam, "sys.hb");
    pub_families_t f;
    memset (&f, 0, sizeof f);
    pub_families_count (&f, "md.quote.AAPL");
    pub_families_count (&f, "md.quote.NVDA");
    pub_families_count (&f, "gw.conn");
    char name [32];
    for (int i = 0; i < PUB_FAMILIES_MAX + 3; i++) {
        snprintf (name, sizeof name, "x.f%d.y", i);
        pub_families_count (&f, name);
    }
    assert_int_equal (f.count, PUB_FAMILIES_MAX);
    assert_int_equal (f.other, 5);
    pub_figures_t fig = { .conn = RT_CONN_READY, .browsers = 2, .ws_sent = 9 };
    size_t len = 0;
    char *text = pub_metrics_render (&f, &fig, &len);
    assert_non_null (text);
    assert_int_equal (strlen (text), len);
    assert_non_null (strstr (text, "rt_publisher_messages_total{family=\"md.quote\"} 2\n"));
    assert_non_null (strstr (text, "rt_publisher_messages_total{family=\"other\"} 5\n"));
    assert_non_null (strstr (text, "rt_publisher_browsers 2\n"));
    assert_non_null (strstr (text, "rt_gateway_state{state=\"READY\"} 1\n"));
    assert_non_null (strstr (text, "rt_gateway_state{state=\"BACKOFF\"} 0\n"));
    assert_non_null (strstr (text, "# TYPE rt_gateway_state gauge\n"));
    free (text);
}

static void
test_kill_check (void **state)
{
    char why [256];
    json_t *cmd = json_pack ("{ss ss}", "cmd", "kill", "token", "s3cret");
    assert_int_equal (pub_kill_check (cmd, "", why, sizeof why), RT_EAUTH);
    assert_non_null (strstr (why, "DASH_TOKEN is not set"));
    assert_int_equal (pub_kill_check (cmd, "other", why, sizeof why), RT_EAUTH);
    assert_string_equal (why, "kill refused: wrong token");
    assert_int_equal (pub_kill_check (cmd, "s3cret", why, sizeof why), 0);
    //  A prefix or an extension of the token is not the token.
    assert_false (pub_token_matches ("s3cret", "s3cre"));
    assert_false (pub_token_matches ("s3cret", "s3cret!"));
    assert_false (pub_token_matches ("", ""));
    assert_false (pub_token_matches ("x", NULL));
    json_decref (cmd);
    cmd = json_pack ("{ss}", "cmd", "kill");
    assert_int_equal (pub_kill_check (cmd, "s3cret", why, sizeof why), RT_EINVAL);
    json_decref (cmd);
    cmd = json_pack ("{ss ss}", "cmd", "buy", "token", "s3cret");
    assert_int_equal (pub_kill_check (cmd, "s3cret", why, sizeof why), RT_EUNKNOWN);
    json_decref (cmd);
}

static void
test_json (void **state)
{
    rt_quote_t q = s_quote ("AAPL", 1.5);
    q.delayed = true;
    q.recv_ts_ns = UINT64_MAX;      //  beyond int64: still a number
    json_t *o = pub_json_from_msg (RT_TYPE_QUOTE, &q);
    assert_non_null (o);
    assert_string_equal (json_string_value (json_object_get (o, "symbol")), "AAPL");
    assert_true (json_is_true (json_object_get (o, "delayed")));
    assert_true (json_is_number (json_object_get (o, "recv_ts_ns")));
    json_decref (o);
    //  Bytes that are not UTF-8 do not lose the message.
    rt_error_event_t e;
    memset (&e, 0, sizeof e);
    snprintf (e.message, sizeof e.message, "bad \xff byte");
    o = pub_json_from_msg (RT_TYPE_ERROR_EVENT, &e);
    assert_string_equal (json_string_value (json_object_get (o, "message")), "bad ? byte");
    json_decref (o);
    assert_null (pub_json_from_msg ((rt_type_t) 999, &e));
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_conn_history, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_heartbeats, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_orders, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_fills_positions, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_risk_account, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_quote_conflation, s_setup, s_teardown),
        cmocka_unit_test (test_series),
        cmocka_unit_test (test_metrics),
        cmocka_unit_test (test_kill_check),
        cmocka_unit_test (test_json),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
