/*  test_orders_svc.c - rt-orders over real sockets, with a fake risk (a ROUTER answering
    RISK_DECISION) and a fake gateway (a ROUTER answering REPLY, with the known order's
    order_status before it and the kept fills in its snapshot, and a PUB publishing
    ord.status and ord.fill) in this process. The fakes answer from pump (), which the test runs
    whenever it waits, so nothing here sleeps.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <cmocka.h>

#include "rt_bus.h"
#include "rt_catalogue.h"
#include "rt_clock.h"
#include "rt_test_proc.h"
#include "orders_journal.h"

#define S_MAX_COIDS 32

typedef struct {
    char dir [256];
    rt_cmd_server_t *risk;
    rt_cmd_server_t *gw;
    rt_pub_t *gw_pub;
    rt_pub_t *gw_md;
    rt_test_proc_t *proc;
    rt_cmd_client_t *client;
    rt_sub_t *sub;
    char pub_ep [RT_ENDPOINT_MAX];
    char cmd_ep [RT_ENDPOINT_MAX];
    //  behaviour of the fakes
    bool risk_silent;
    bool gw_silent_place;
    bool gw_known_part;             //  a known coid: order_status before the reply (as
                                    //  rt-gateway); else the reason text only (older one)
    rt_ord_status_t known_status;   //  the known order's state and fill, as the part says
    double known_filled;
    rt_fill_t snap_fills [4];       //  what the gateway's snapshot streams
    size_t n_snap_fills;
    int snapshots;                  //  snapshots the fake gateway answered
    //  what the fake gateway saw: distinct coids placed, and intents per coid
    char coids [S_MAX_COIDS][RT_COID_MAX];
    int intents [S_MAX_COIDS];
    size_t n_coids;
    int64_t next_order_id;
    //  what rt-orders published
    rt_order_status_t last_status;
    bool have_status;
    rt_holding_t last_holding;
    bool have_holding;
    int fills_seen;
    msgpack_sbuffer sbuf;
    msgpack_zone zone;
} fx_t;

static int
s_send (fx_t *fx, rt_cmd_server_t *srv, const rt_cmd_peer_t *peer, rt_type_t type,
        const void *msg)
{
    char topic [RT_TOPIC_MAX];
    if (rt_msg_topic (topic, sizeof topic, type, msg) || rt_msg_pack (type, msg, &fx->sbuf))
        return RT_EINVAL;
    return rt_cmd_server_reply (srv, peer, topic, (uint16_t) type, fx->sbuf.data, fx->sbuf.size);
}

static void
s_publish (fx_t *fx, rt_pub_t *pub, rt_type_t type, const void *msg)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &fx->sbuf), 0);
    assert_int_equal (rt_pub_send (pub, topic, (uint16_t) type, NULL, fx->sbuf.data,
                                   fx->sbuf.size), 0);
}

static void
s_reply (fx_t *fx, rt_cmd_server_t *srv, const rt_cmd_peer_t *peer, bool ok, int code,
         const char *id, const char *reason, uint64_t seq)
{
    rt_reply_t r;
    memset (&r, 0, sizeof r);
    r.ok = ok;
    r.code = code;
    snprintf (r.id, sizeof r.id, "%s", id? id: "");
    snprintf (r.reason, sizeof r.reason, "%s", reason);
    snprintf (r.corr, sizeof r.corr, "%s", peer->corr);
    r.seq = seq;
    //  A peer may be gone: the rt-orders killed earlier still had requests queued.
    int rc = s_send (fx, srv, peer, RT_TYPE_REPLY, &r);
    assert_true (rc == 0 || rc == RT_ECLOSED);
}

static int
s_coid_index (fx_t *fx, const char *coid, bool add)
{
    for (size_t i = 0; i < fx->n_coids; i++)
        if (strcmp (fx->coids [i], coid) == 0)
            return (int) i;
    if (!add || fx->n_coids == S_MAX_COIDS)
        return -1;
    snprintf (fx->coids [fx->n_coids], RT_COID_MAX, "%s", coid);
    return (int) fx->n_coids++;
}

static void
s_gw_status (fx_t *fx, const char *coid, rt_ord_status_t st, int64_t order_id, double filled)
{
    rt_order_status_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.coid, sizeof m.coid, "%s", coid);
    m.order_id = order_id;
    m.perm_id = 1000 + order_id;
    m.status = st;
    m.filled = filled;
    snprintf (m.symbol, sizeof m.symbol, "AAPL");
    s_publish (fx, fx->gw_pub, RT_TYPE_ORDER_STATUS, &m);
}

static void
s_fake_gateway (fx_t *fx, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    uint64_t seq = rt_pub_seq (fx->gw_pub);
    if (msg->header.type == RT_TYPE_SNAPSHOT_REQUEST) {
        for (size_t i = 0; i < fx->n_snap_fills; i++)
            assert_int_equal (s_send (fx, fx->gw, peer, RT_TYPE_FILL, &fx->snap_fills [i]), 0);
        s_reply (fx, fx->gw, peer, true, 0, "orders", "snapshot", seq);
        fx->snapshots++;
        return;
    }
    if (msg->header.type == RT_TYPE_MD_SUBSCRIBE) {
        s_reply (fx, fx->gw, peer, true, 0, "", "subscribed", seq);
        return;
    }
    if (msg->header.type == RT_TYPE_ORDER_CANCEL) {
        rt_order_cancel_t c;
        assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_CANCEL, &c, (const char *) msg->body,
                                         msg->body_len, &fx->zone), 0);
        s_reply (fx, fx->gw, peer, true, 0, c.coid, "cancel sent", seq);
        s_gw_status (fx, c.coid, RT_ORD_STATUS_CANCELLED, 1, 0);
        return;
    }
    assert_int_equal (msg->header.type, RT_TYPE_ORDER_INTENT);
    rt_order_intent_t in;
    assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_INTENT, &in, (const char *) msg->body,
                                     msg->body_len, &fx->zone), 0);
    bool known = s_coid_index (fx, in.coid, false) >= 0;
    int i = s_coid_index (fx, in.coid, true);
    assert_true (i >= 0);
    fx->intents [i]++;
    if (fx->gw_silent_place)
        return;
    if (known && fx->gw_known_part) {
        //  As rt-gateway: the order's order_status first, then a reply for people (here
        //  without ids or state: rt-orders must take them from the part).
        rt_order_status_t m;
        memset (&m, 0, sizeof m);
        snprintf (m.coid, sizeof m.coid, "%s", in.coid);
        m.order_id = i + 1;
        m.perm_id = 1001 + i;
        m.status = fx->known_status? fx->known_status: RT_ORD_STATUS_SUBMITTED;
        m.filled = fx->known_filled;
        m.remaining = in.qty - fx->known_filled;
        snprintf (m.symbol, sizeof m.symbol, "%s", in.symbol);
        assert_int_equal (s_send (fx, fx->gw, peer, RT_TYPE_ORDER_STATUS, &m), 0);
        s_reply (fx, fx->gw, peer, true, 0, in.coid, "known order", seq);
        return;
    }
    if (known) {
        //  Idempotent by coid, as an older rt-gateway: the state in the reason text only.
        char why [128];
        snprintf (why, sizeof why, "known order order_id=%d perm_id=%d status=SUBMITTED",
                  i + 1, 1001 + i);
        s_reply (fx, fx->gw, peer, true, 0, in.coid, why, seq);
        return;
    }
    char why [64];
    snprintf (why, sizeof why, "order_id=%d", i + 1);
    s_reply (fx, fx->gw, peer, true, 0, in.coid, why, seq);
    s_gw_status (fx, in.coid, RT_ORD_STATUS_PENDING_SUBMIT, i + 1, 0);
    s_gw_status (fx, in.coid, RT_ORD_STATUS_SUBMITTED, i + 1, 0);
}

static void
s_fake_risk (fx_t *fx, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    if (fx->risk_silent)
        return;
    rt_order_intent_t in;
    assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_INTENT, &in, (const char *) msg->body,
                                     msg->body_len, &fx->zone), 0);
    rt_risk_decision_t d;
    memset (&d, 0, sizeof d);
    snprintf (d.coid, sizeof d.coid, "%s", in.coid);
    d.accepted = in.qty <= 1000;
    d.state = RT_TRADING_ACTIVE;
    if (!d.accepted) {
        snprintf (d.code, sizeof d.code, "MAX_QTY");
        snprintf (d.reason, sizeof d.reason, "order quantity %.0f exceeds the limit of 1000 "
                  "shares per order", in.qty);
    }
    assert_int_equal (s_send (fx, fx->risk, peer, RT_TYPE_RISK_DECISION, &d), 0);
}

static void
s_on_orders_event (fx_t *fx, const rt_bus_msg_t *msg)
{
    if (msg->header.type == RT_TYPE_ORDER_STATUS) {
        assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_STATUS, &fx->last_status,
                                         (const char *) msg->body, msg->body_len, &fx->zone), 0);
        fx->have_status = true;
    }
    else
    if (msg->header.type == RT_TYPE_HOLDING) {
        assert_int_equal (rt_msg_decode (RT_TYPE_HOLDING, &fx->last_holding,
                                         (const char *) msg->body, msg->body_len, &fx->zone), 0);
        fx->have_holding = true;
    }
    else
    if (msg->header.type == RT_TYPE_FILL)
        fx->fills_seen++;
}

//  Serves the fakes and reads rt-orders' events for up to ms; stops early when the
//  client has a reply (returned into reply when not NULL).
static bool
s_pump (fx_t *fx, int ms, rt_reply_t *reply)
{
    uint64_t end = rt_clock_mono_ms () + (uint64_t) ms;
    zpoller_t *poller = zpoller_new (rt_cmd_server_sock (fx->risk), rt_cmd_server_sock (fx->gw),
                                     NULL);
    assert_non_null (poller);
    if (fx->client)
        assert_int_equal (zpoller_add (poller, rt_cmd_client_sock (fx->client)), 0);
    if (fx->sub)
        assert_int_equal (zpoller_add (poller, rt_sub_sock (fx->sub)), 0);
    bool got = false;
    while (!got) {
        uint64_t now = rt_clock_mono_ms ();
        if (now >= end)
            break;
        zpoller_wait (poller, (int) (end - now));
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        while (rt_cmd_server_recv (fx->risk, &msg, &peer, 0) == 0)
            s_fake_risk (fx, &msg, &peer);
        while (rt_cmd_server_recv (fx->gw, &msg, &peer, 0) == 0)
            s_fake_gateway (fx, &msg, &peer);
        while (fx->sub && rt_sub_recv (fx->sub, &msg, NULL, 0) == 0)
            s_on_orders_event (fx, &msg);
        while (fx->client && rt_cmd_client_recv (fx->client, &msg, 0) == 0) {
            if (msg.header.type == RT_TYPE_HOLDING
            ||  msg.header.type == RT_TYPE_ORDER_STATUS)  //  a snapshot's part
                s_on_orders_event (fx, &msg);
            if (msg.header.type != RT_TYPE_REPLY)
                continue;
            rt_reply_t r;
            assert_int_equal (rt_msg_decode (RT_TYPE_REPLY, &r, (const char *) msg.body,
                                             msg.body_len, &fx->zone), 0);
            if (reply)
                *reply = r;
            got = true;
        }
    }
    zpoller_destroy (&poller);
    return got;
}

static void
s_client_send (fx_t *fx, rt_type_t type, const void *msg)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &fx->sbuf), 0);
    assert_int_equal (rt_cmd_client_send (fx->client, topic, (uint16_t) type, fx->sbuf.data,
                                          fx->sbuf.size, NULL), 0);
}

static rt_reply_t
s_call (fx_t *fx, rt_type_t type, const void *msg, int timeout_ms)
{
    s_client_send (fx, type, msg);
    rt_reply_t r;
    memset (&r, 0, sizeof r);
    if (!s_pump (fx, timeout_ms, &r))
        fail_msg ("rt-orders did not answer a %s within %d ms", rt_type_name (type), timeout_ms);
    return r;
}

static rt_order_intent_t
s_intent (const char *coid, double qty)
{
    rt_order_intent_t in;
    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "%s", coid);
    snprintf (in.symbol, sizeof in.symbol, "AAPL");
    in.side = RT_SIDE_BUY;
    in.qty = qty;
    in.order_type = RT_ORD_TYPE_LMT;
    in.limit_price = 100;
    return in;
}

static void
s_token (const char *line, const char *key, char *out, size_t cap)
{
    const char *p = strstr (line, key);
    assert_non_null (p);
    p += strlen (key);
    size_t n = strcspn (p, " \n");
    assert_true (n < cap);
    memcpy (out, p, n);
    out [n] = 0;
}

static void
s_start_orders (fx_t *fx, const char *extra_env)
{
    char bin [512];
    assert_int_equal (rt_test_bin_path (bin, sizeof bin, "rt-orders"), 0);
    char e_dir [300], e_risk [300], e_gcmd [300], e_gpub [300], e_gmd [300];
    snprintf (e_dir, sizeof e_dir, "RT_DATA_DIR=%s", fx->dir);
    snprintf (e_risk, sizeof e_risk, "RT_RISK_CMD=%s", rt_cmd_server_endpoint (fx->risk));
    snprintf (e_gcmd, sizeof e_gcmd, "RT_GATEWAY_CMD=%s", rt_cmd_server_endpoint (fx->gw));
    snprintf (e_gpub, sizeof e_gpub, "RT_GATEWAY_PUB=%s", rt_pub_endpoint (fx->gw_pub));
    snprintf (e_gmd, sizeof e_gmd, "RT_GATEWAY_MD=%s", rt_pub_endpoint (fx->gw_md));
    const char *env [] = { e_dir, e_risk, e_gcmd, e_gpub, e_gmd,
                           "RT_ORDERS_PUB=tcp://127.0.0.1:*", "RT_ORDERS_CMD=tcp://127.0.0.1:*",
                           "RISK_TIMEOUT_MS=300", "GATEWAY_TIMEOUT_MS=300", "RT_CURVE_DIR",
                           extra_env, NULL };
    const char *argv [] = { bin, NULL };
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE, .err = RT_TEST_IO_INHERIT };
    fx->proc = rt_test_proc_spawn (argv, &opts);
    assert_non_null (fx->proc);
    char line [1024];
    assert_int_equal (rt_test_proc_wait_line (fx->proc, "rt-orders ready:", line, sizeof line,
                                              10000), 0);
    s_token (line, "pub=", fx->pub_ep, sizeof fx->pub_ep);
    s_token (line, "cmd=", fx->cmd_ep, sizeof fx->cmd_ep);
    fx->client = rt_cmd_client_new (fx->cmd_ep, "rt-ctl", "orders");
    assert_non_null (fx->client);
    fx->sub = rt_sub_new ("rt-tap");
    assert_non_null (fx->sub);
    assert_int_equal (rt_sub_connect (fx->sub, fx->pub_ep, "orders"), 0);
    assert_int_equal (rt_sub_subscribe (fx->sub, "ord."), 0);
    //  Accepting once reconciled with the (fake) gateway: ask until the status says so.
    rt_command_t st;
    memset (&st, 0, sizeof st);
    snprintf (st.verb, sizeof st.verb, "status");
    for (int i = 0; i < 100; i++) {
        rt_reply_t r = s_call (fx, RT_TYPE_COMMAND, &st, 2000);
        if (strstr (r.reason, "accepting"))
            return;
        s_pump (fx, 50, NULL);
    }
    fail_msg ("rt-orders never finished reconciling");
}

static void
s_stop_orders (fx_t *fx, bool kill9)
{
    rt_cmd_client_destroy (&fx->client);
    rt_sub_destroy (&fx->sub);
    if (kill9) {
        assert_int_equal (rt_test_proc_signal (fx->proc, SIGKILL), 0);
        assert_int_equal (rt_test_proc_wait (fx->proc, 5000), 128 + SIGKILL);
    }
    else
        assert_int_equal (rt_test_proc_stop (fx->proc, 5000), 0);
    rt_test_proc_destroy (&fx->proc);
}

static int
s_setup (void **state)
{
    fx_t *fx = calloc (1, sizeof *fx);
    snprintf (fx->dir, sizeof fx->dir, "/tmp/test_orders_svc.XXXXXX");
    if (!mkdtemp (fx->dir))
        return -1;
    msgpack_sbuffer_init (&fx->sbuf);
    msgpack_zone_init (&fx->zone, 4096);
    fx->risk = rt_cmd_server_new ("tcp://127.0.0.1:*", "risk");
    fx->gw = rt_cmd_server_new ("tcp://127.0.0.1:*", "gateway");
    fx->gw_pub = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    fx->gw_md = rt_pub_new ("tcp://127.0.0.1:*", "gateway-md");
    *state = fx;
    return fx->risk && fx->gw && fx->gw_pub && fx->gw_md? 0: -1;
}

static int
s_teardown (void **state)
{
    fx_t *fx = (fx_t *) *state;
    rt_cmd_client_destroy (&fx->client);
    rt_sub_destroy (&fx->sub);
    rt_test_proc_destroy (&fx->proc);
    rt_cmd_server_destroy (&fx->risk);
    rt_cmd_server_destroy (&fx->gw);
    rt_pub_destroy (&fx->gw_pub);
    rt_pub_destroy (&fx->gw_md);
    msgpack_sbuffer_destroy (&fx->sbuf);
    msgpack_zone_destroy (&fx->zone);
    char cmd [400];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    int rc = system (cmd);
    free (fx);
    return rc == 0? 0: -1;
}

typedef struct {
    orders_order_t order;
    int found;
    int fills;
    rt_fill_t fill;
    const char *coid;
} s_journal_view_t;

static int
s_view_order (const orders_order_t *o, void *arg)
{
    s_journal_view_t *v = (s_journal_view_t *) arg;
    if (strcmp (o->intent.coid, v->coid) == 0) {
        v->order = *o;
        v->found++;
    }
    return 0;
}

static int
s_view_fill (const rt_fill_t *f, void *arg)
{
    s_journal_view_t *v = (s_journal_view_t *) arg;
    v->fill = *f;
    v->fills++;
    return 0;
}

static s_journal_view_t
s_journal (fx_t *fx, const char *coid)
{
    char path [300], err [256] = "";
    snprintf (path, sizeof path, "%s/orders.db", fx->dir);
    orders_journal_t *j = orders_journal_open (path, ORDERS_SYNC_NORMAL, err, sizeof err);
    if (!j)
        fail_msg ("journal: %s", err);
    s_journal_view_t v;
    memset (&v, 0, sizeof v);
    v.coid = coid;
    assert_int_equal (orders_journal_replay (j, s_view_order, s_view_fill, &v), 0);
    orders_journal_destroy (&j);
    return v;
}

static bool
s_wait_status (fx_t *fx, const char *coid, rt_ord_status_t st, int ms)
{
    uint64_t end = rt_clock_mono_ms () + (uint64_t) ms;
    while (rt_clock_mono_ms () < end) {
        if (fx->have_status && strcmp (fx->last_status.coid, coid) == 0
        &&  fx->last_status.status == st)
            return true;
        s_pump (fx, 20, NULL);
    }
    return false;
}

//  Sends the (idempotent) intent again until rt-orders answers ok with this reason.
static bool
s_wait_reply_reason (fx_t *fx, const rt_order_intent_t *in, const char *reason, int ms)
{
    uint64_t end = rt_clock_mono_ms () + (uint64_t) ms;
    while (rt_clock_mono_ms () < end) {
        rt_reply_t r = s_call (fx, RT_TYPE_ORDER_INTENT, in, ms);
        if (r.ok && strcmp (r.reason, reason) == 0)
            return true;
        s_pump (fx, 50, NULL);
    }
    return false;
}

static void
test_intent_fill_duplicates_journal (void **state)
{
    fx_t *fx = (fx_t *) *state;
    s_start_orders (fx, NULL);

    rt_order_intent_t in = s_intent ("t-1", 10);
    rt_reply_t r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    assert_true (r.ok);
    assert_string_equal (r.id, "t-1");
    assert_string_equal (r.reason, "submitted");
    assert_true (s_wait_status (fx, "t-1", RT_ORD_STATUS_SUBMITTED, 3000));
    assert_int_equal (fx->last_status.order_id, 1);

    //  The gateway reports the fill twice (without, then with commission) and FILLED.
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    snprintf (f.exec_id, sizeof f.exec_id, "0001.01");
    snprintf (f.coid, sizeof f.coid, "t-1");
    snprintf (f.symbol, sizeof f.symbol, "AAPL");
    f.side = RT_SIDE_BUY;
    f.qty = 10;
    f.price = 99.5;
    s_publish (fx, fx->gw_pub, RT_TYPE_FILL, &f);
    f.has_commission = true;
    f.commission = 1;
    s_publish (fx, fx->gw_pub, RT_TYPE_FILL, &f);
    s_publish (fx, fx->gw_pub, RT_TYPE_FILL, &f);          //  a repeat: ignored
    s_gw_status (fx, "t-1", RT_ORD_STATUS_FILLED, 1, 10);
    assert_true (s_wait_status (fx, "t-1", RT_ORD_STATUS_FILLED, 3000));
    s_pump (fx, 200, NULL);
    assert_true (fx->have_holding);
    assert_string_equal (fx->last_holding.symbol, "AAPL");
    assert_float_equal (fx->last_holding.qty, 10, 1e-9);
    assert_float_equal (fx->last_holding.avg_cost, 99.5, 1e-9);
    assert_float_equal (fx->last_holding.commission, 1, 1e-9);
    assert_int_equal (fx->fills_seen, 2);                   //  once, then its commission

    //  The same coid twice more: the existing order, never a second one at the gateway.
    for (int i = 0; i < 2; i++) {
        r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
        assert_true (r.ok);
        assert_string_equal (r.reason, "duplicate: FILLED");
    }
    assert_int_equal (fx->intents [s_coid_index (fx, "t-1", false)], 1);

    //  Refused by risk: ok=false with the code and the sentence; never sent on.
    rt_order_intent_t big = s_intent ("t-2", 5000);
    r = s_call (fx, RT_TYPE_ORDER_INTENT, &big, 3000);
    assert_false (r.ok);
    assert_non_null (strstr (r.reason, "MAX_QTY"));
    assert_non_null (strstr (r.reason, "exceeds the limit"));
    assert_int_equal (s_coid_index (fx, "t-2", false), -1);
    r = s_call (fx, RT_TYPE_ORDER_INTENT, &big, 3000);
    assert_false (r.ok);
    assert_non_null (strstr (r.reason, "duplicate: REJECTED: MAX_QTY"));

    //  A bad field is named; nothing journalled.
    rt_order_intent_t bad = s_intent ("t-3", -5);
    r = s_call (fx, RT_TYPE_ORDER_INTENT, &bad, 3000);
    assert_false (r.ok);
    assert_non_null (strstr (r.reason, "bad field qty"));

    //  Cancel of a filled order is refused with its state.
    rt_order_cancel_t c;
    memset (&c, 0, sizeof c);
    snprintf (c.coid, sizeof c.coid, "t-1");
    r = s_call (fx, RT_TYPE_ORDER_CANCEL, &c, 3000);
    assert_false (r.ok);
    assert_string_equal (r.reason, "already FILLED");

    s_stop_orders (fx, false);
    s_journal_view_t v = s_journal (fx, "t-1");
    assert_int_equal (v.found, 1);
    assert_int_equal (v.order.state, RT_ORD_STATUS_FILLED);
    assert_int_equal (v.order.order_id, 1);
    assert_float_equal (v.order.filled, 10, 1e-9);
    assert_int_equal (v.fills, 1);
    assert_true (v.fill.has_commission);
    v = s_journal (fx, "t-2");
    assert_int_equal (v.order.state, RT_ORD_STATUS_REJECTED);
    assert_string_equal (v.order.code, "MAX_QTY");
    assert_int_equal (s_journal (fx, "t-3").found, 0);
}

static void
test_risk_silent_fails_closed (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx->risk_silent = true;
    s_start_orders (fx, NULL);
    rt_order_intent_t in = s_intent ("r-1", 10);
    uint64_t t0 = rt_clock_mono_ms ();
    rt_reply_t r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    uint64_t dt = rt_clock_mono_ms () - t0;
    assert_false (r.ok);
    assert_string_equal (r.reason, "RISK_UNAVAILABLE: risk service not answering: order refused");
    assert_true (dt >= 250);                //  RISK_TIMEOUT_MS=300 (the tick is 20 ms)
    assert_true (s_wait_status (fx, "r-1", RT_ORD_STATUS_REJECTED, 1000));
    assert_int_equal (s_coid_index (fx, "r-1", false), -1);     //  never reached the gateway
    s_stop_orders (fx, false);
    s_journal_view_t v = s_journal (fx, "r-1");
    assert_int_equal (v.order.state, RT_ORD_STATUS_REJECTED);
    assert_string_equal (v.order.code, "RISK_UNAVAILABLE");
}

static void
test_kill9_before_ack_then_restart (void **state)
{
    fx_t *fx = (fx_t *) *state;
    //  The gateway takes the intent but never answers: after GATEWAY_TIMEOUT_MS the client
    //  hears "submitted, not acknowledged" and the order stays PENDING_SUBMIT.
    fx->gw_silent_place = true;
    s_start_orders (fx, NULL);
    rt_order_intent_t in = s_intent ("k-1", 10);
    rt_reply_t r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    assert_true (r.ok);
    assert_non_null (strstr (r.reason, "not acknowledged"));
    s_stop_orders (fx, true);
    s_journal_view_t v = s_journal (fx, "k-1");
    assert_int_equal (v.order.state, RT_ORD_STATUS_PENDING_SUBMIT);

    //  Restart with a gateway that answers: the order is re-sent with the same coid, the
    //  gateway knows it, and it ends SUBMITTED: one order, never two.
    fx->gw_silent_place = false;
    int placed_before = fx->intents [s_coid_index (fx, "k-1", false)];
    assert_true (placed_before >= 1);
    s_start_orders (fx, NULL);
    //  Ask rt-orders rather than listen: the restarted service may publish SUBMITTED before
    //  our SUB has reconnected to its new PUB (ZeroMQ's slow joiner).
    assert_true (s_wait_reply_reason (fx, &in, "duplicate: SUBMITTED", 3000));
    assert_int_equal (fx->n_coids, 1);
    r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    assert_true (r.ok);
    assert_string_equal (r.reason, "duplicate: SUBMITTED");
    s_stop_orders (fx, false);
    v = s_journal (fx, "k-1");
    assert_int_equal (v.order.state, RT_ORD_STATUS_SUBMITTED);
    assert_true (v.order.acked);
}

static rt_fill_t
s_fill (const char *exec_id, const char *coid, double qty, double price, double commission)
{
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    snprintf (f.exec_id, sizeof f.exec_id, "%s", exec_id);
    snprintf (f.coid, sizeof f.coid, "%s", coid);
    snprintf (f.symbol, sizeof f.symbol, "AAPL");
    f.side = RT_SIDE_BUY;
    f.qty = qty;
    f.price = price;
    f.order_id = 1;
    f.perm_id = 1001;
    f.has_commission = commission > 0;
    f.commission = commission;
    return f;
}

//  Asks rt-orders for its orders until coid reads st (its own events may have gone out
//  before our SUB joined).
static bool
s_wait_order (fx_t *fx, const char *coid, rt_ord_status_t st, int ms)
{
    uint64_t end = rt_clock_mono_ms () + (uint64_t) ms;
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "orders");
    while (rt_clock_mono_ms () < end) {
        fx->have_status = false;
        rt_reply_t r = s_call (fx, RT_TYPE_SNAPSHOT_REQUEST, &req, 2000);
        assert_true (r.ok);
        if (fx->have_status && strcmp (fx->last_status.coid, coid) == 0
        &&  fx->last_status.status == st)
            return true;
        s_pump (fx, 20, NULL);
    }
    return false;
}

//  Asks rt-orders for its positions (events published before our SUB joined are lost)
//  until the AAPL holding reads qty and commission.
static bool
s_wait_holding (fx_t *fx, double qty, double commission, int ms)
{
    uint64_t end = rt_clock_mono_ms () + (uint64_t) ms;
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "positions");
    while (rt_clock_mono_ms () < end) {
        fx->have_holding = false;
        rt_reply_t r = s_call (fx, RT_TYPE_SNAPSHOT_REQUEST, &req, 2000);
        assert_true (r.ok);
        if (fx->have_holding && fx->last_holding.qty == qty
        &&  fx->last_holding.commission == commission)
            return true;
        s_pump (fx, 20, NULL);
    }
    return false;
}

//  The order fills while rt-orders is dead (the gateway stays up and keeps the fills): at
//  the restart the gateway's snapshot streams them, each is booked once, a later snapshot
//  adds only the commission that was missing, a live repeat changes nothing; the order's
//  final state comes from the known order's order_status sent before the gateway's reply.
static void
test_snapshot_fills_and_known_part (void **state)
{
    fx_t *fx = (fx_t *) *state;
    fx->gw_known_part = true;
    s_start_orders (fx, NULL);
    rt_order_intent_t in = s_intent ("s-1", 10);
    rt_reply_t r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    assert_true (r.ok);
    assert_true (s_wait_status (fx, "s-1", RT_ORD_STATUS_SUBMITTED, 3000));
    s_stop_orders (fx, true);

    //  Meanwhile at IB: two executions, the second one's commission not reported yet.
    fx->snap_fills [0] = s_fill ("S.1", "s-1", 4, 100, 0.4);
    fx->snap_fills [1] = s_fill ("S.2", "s-1", 6, 101, 0);
    fx->n_snap_fills = 2;
    fx->known_status = RT_ORD_STATUS_FILLED;
    fx->known_filled = 10;
    int snapshots = fx->snapshots;
    s_start_orders (fx, NULL);
    assert_true (fx->snapshots > snapshots);
    //  Booked from the snapshot: 4 + 6, commission 0.4 so far.
    assert_true (s_wait_holding (fx, 10, 0.4, 3000));
    assert_float_equal (fx->last_holding.avg_cost, (4 * 100 + 6 * 101) / 10.0, 1e-9);
    assert_int_equal (fx->last_holding.fills, 2);
    //  Not in the snapshot's open orders: re-sent by coid; the part says FILLED.
    assert_true (s_wait_order (fx, "s-1", RT_ORD_STATUS_FILLED, 3000));
    assert_int_equal (fx->last_status.order_id, 1);
    assert_int_equal (fx->last_status.perm_id, 1001);
    assert_float_equal (fx->last_status.filled, 10, 1e-9);
    assert_int_equal (fx->n_coids, 1);
    fx->fills_seen = 0;             //  from here on our SUB has certainly joined

    //  The gateway reconnects to IB (READY again): a new snapshot, now with S.2's
    //  commission. Only the commission is new.
    fx->snap_fills [1].has_commission = true;
    fx->snap_fills [1].commission = 0.6;
    snapshots = fx->snapshots;
    rt_conn_state_t cs;
    memset (&cs, 0, sizeof cs);
    cs.state = RT_CONN_DEGRADED;
    s_publish (fx, fx->gw_pub, RT_TYPE_CONN_STATE, &cs);
    cs.state = RT_CONN_READY;
    s_publish (fx, fx->gw_pub, RT_TYPE_CONN_STATE, &cs);
    assert_true (s_wait_holding (fx, 10, 1.0, 3000));
    assert_true (fx->snapshots > snapshots);
    assert_int_equal (fx->last_holding.fills, 2);
    //  A live repeat of a booked fill, and a third snapshot: nothing new.
    s_publish (fx, fx->gw_pub, RT_TYPE_FILL, &fx->snap_fills [0]);
    snapshots = fx->snapshots;
    cs.state = RT_CONN_DEGRADED;
    s_publish (fx, fx->gw_pub, RT_TYPE_CONN_STATE, &cs);
    cs.state = RT_CONN_READY;
    s_publish (fx, fx->gw_pub, RT_TYPE_CONN_STATE, &cs);
    uint64_t end = rt_clock_mono_ms () + 3000;
    while (fx->snapshots == snapshots && rt_clock_mono_ms () < end)
        s_pump (fx, 20, NULL);
    assert_true (fx->snapshots > snapshots);
    s_pump (fx, 200, NULL);
    assert_int_equal (fx->fills_seen, 1);       //  S.2's commission, once
    assert_float_equal (fx->last_holding.qty, 10, 1e-9);

    r = s_call (fx, RT_TYPE_ORDER_INTENT, &in, 3000);
    assert_true (r.ok);
    assert_string_equal (r.reason, "duplicate: FILLED");
    s_stop_orders (fx, false);
    s_journal_view_t v = s_journal (fx, "s-1");
    assert_int_equal (v.order.state, RT_ORD_STATUS_FILLED);
    assert_int_equal (v.order.perm_id, 1001);
    assert_int_equal (v.fills, 2);              //  one row per exec_id
    assert_true (v.fill.has_commission);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_intent_fill_duplicates_journal, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_risk_silent_fails_closed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_kill9_before_ack_then_restart, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_snapshot_fills_and_known_part, s_setup, s_teardown),
    };
    int rc = cmocka_run_group_tests (tests, NULL, NULL);
    rt_test_kill_all ();
    return rc;
}
