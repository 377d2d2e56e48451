/*  test_risk_service.c - rt-risk over real sockets on 127.0.0.1 (free ports). The test plays
    the orders service (its command ROUTER and its PUB) and the gateway (PUB and market
    data): rt-risk refuses with NO_VIEW until it has the orders snapshot, then decides on
    quotes; an oversize order is refused with its reason; halt -> HALTED refusal -> resume;
    kill -> cancel_all reaches the orders service, RISK_STATE shows the kill switch; a bad
    message is answered with an error; SIGTERM -> exit 0.
*/
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "rt_bus.h"
#include "rt_catalogue.h"
#include "rt_test_proc.h"

#define FREE "tcp://127.0.0.1:*"

typedef struct {
    rt_cmd_server_t *orders_cmd;
    rt_pub_t *orders_pub, *gw_pub, *md_pub;
    rt_test_proc_t *risk;
    rt_cmd_client_t *client;
    rt_sub_t *events;
    msgpack_sbuffer sbuf;
    msgpack_zone zone;
} ctx_t;

static void
s_field (const char *line, const char *key, char *out, size_t cap)
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
s_publish_quote (ctx_t *ctx, const char *symbol, double last)
{
    rt_quote_t q;
    memset (&q, 0, sizeof q);
    snprintf (q.symbol, sizeof q.symbol, "%s", symbol);
    q.bid = last - 0.01;
    q.ask = last + 0.01;
    q.last = last;
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, RT_TYPE_QUOTE, &q), 0);
    assert_int_equal (rt_msg_pack (RT_TYPE_QUOTE, &q, &ctx->sbuf), 0);
    assert_int_equal (rt_pub_send (ctx->md_pub, topic, RT_TYPE_QUOTE, NULL, ctx->sbuf.data,
                                   ctx->sbuf.size), 0);
}

//  One request to rt-risk; the reply decoded into out (type checked).
static void
s_call (ctx_t *ctx, rt_type_t type, const void *msg, rt_type_t reply_type, void *out)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &ctx->sbuf), 0);
    rt_bus_msg_t reply;
    assert_int_equal (rt_cmd_client_call (ctx->client, topic, (uint16_t) type, ctx->sbuf.data,
                                          ctx->sbuf.size, &reply, 3000), 0);
    assert_int_equal (reply.header.type, reply_type);
    assert_int_equal (rt_msg_decode (reply_type, out, (const char *) reply.body, reply.body_len,
                                     &ctx->zone), 0);
}

static rt_risk_decision_t
s_intent (ctx_t *ctx, const char *coid, const char *symbol, double qty)
{
    rt_order_intent_t in;
    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "%s", coid);
    snprintf (in.symbol, sizeof in.symbol, "%s", symbol);
    in.side = RT_SIDE_BUY;
    in.qty = qty;
    in.order_type = RT_ORD_TYPE_MKT;
    rt_risk_decision_t d;
    s_call (ctx, RT_TYPE_ORDER_INTENT, &in, RT_TYPE_RISK_DECISION, &d);
    assert_string_equal (d.coid, coid);
    return d;
}

static rt_reply_t
s_command (ctx_t *ctx, const char *verb, const char *arg)
{
    rt_command_t cmd;
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.verb, sizeof cmd.verb, "%s", verb);
    if (arg)
        assert_int_equal (rt_args_push (&cmd.args, arg), 0);
    rt_reply_t r;
    s_call (ctx, RT_TYPE_COMMAND, &cmd, RT_TYPE_REPLY, &r);
    return r;
}

//  The fake orders service: waits for one request of `type` and returns its body.
static void
s_orders_expect (ctx_t *ctx, rt_type_t type, void *out, rt_cmd_peer_t *peer)
{
    rt_bus_msg_t msg;
    assert_int_equal (rt_cmd_server_recv (ctx->orders_cmd, &msg, peer, 5000), 0);
    assert_int_equal (msg.header.type, type);
    assert_int_equal (rt_msg_decode (type, out, (const char *) msg.body, msg.body_len,
                                     &ctx->zone), 0);
}

static void
s_orders_reply (ctx_t *ctx, const rt_cmd_peer_t *peer, bool ok, const char *reason)
{
    rt_reply_t r;
    memset (&r, 0, sizeof r);
    r.ok = ok;
    snprintf (r.reason, sizeof r.reason, "%s", reason);
    snprintf (r.corr, sizeof r.corr, "%s", peer->corr);
    r.seq = rt_pub_seq (ctx->orders_pub);
    assert_int_equal (rt_msg_pack (RT_TYPE_REPLY, &r, &ctx->sbuf), 0);
    assert_int_equal (rt_cmd_server_reply (ctx->orders_cmd, peer, "cmd.reply", RT_TYPE_REPLY,
                                           ctx->sbuf.data, ctx->sbuf.size), 0);
}

static void
test_risk_service_end_to_end (void **state)
{
    ctx_t ctx;
    memset (&ctx, 0, sizeof ctx);
    msgpack_sbuffer_init (&ctx.sbuf);
    msgpack_zone_init (&ctx.zone, 2048);
    ctx.orders_cmd = rt_cmd_server_new (FREE, "orders");
    ctx.orders_pub = rt_pub_new (FREE, "orders");
    ctx.gw_pub = rt_pub_new (FREE, "gateway");
    ctx.md_pub = rt_pub_new (FREE, "gateway-md");
    assert_non_null (ctx.orders_cmd);
    assert_non_null (ctx.orders_pub);
    assert_non_null (ctx.gw_pub);
    assert_non_null (ctx.md_pub);

    char bin [512], e1 [320], e2 [320], e3 [320], e4 [320];
    assert_int_equal (rt_test_bin_path (bin, sizeof bin, "rt-risk"), 0);
    snprintf (e1, sizeof e1, "RT_ORDERS_CMD=%s", rt_cmd_server_endpoint (ctx.orders_cmd));
    snprintf (e2, sizeof e2, "RT_ORDERS_PUB=%s", rt_pub_endpoint (ctx.orders_pub));
    snprintf (e3, sizeof e3, "RT_GATEWAY_PUB=%s", rt_pub_endpoint (ctx.gw_pub));
    snprintf (e4, sizeof e4, "RT_GATEWAY_MD=%s", rt_pub_endpoint (ctx.md_pub));
    const char *env [] = { e1, e2, e3, e4, "RT_RISK_PUB=" FREE, "RT_RISK_CMD=" FREE,
                           "RISK_MAX_QTY=500", "RT_CURVE_DIR", "RT_CONFIG_FILE", NULL };
    const char *argv [] = { bin, NULL };
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE, .err = RT_TEST_IO_INHERIT };
    ctx.risk = rt_test_proc_spawn (argv, &opts);
    assert_non_null (ctx.risk);
    char line [1024], pub [RT_ENDPOINT_MAX], cmd [RT_ENDPOINT_MAX];
    assert_int_equal (rt_test_proc_wait_line (ctx.risk, "rt-risk ready:", line, sizeof line,
                                              10000), 0);
    s_field (line, "pub=", pub, sizeof pub);
    s_field (line, "cmd=", cmd, sizeof cmd);
    ctx.client = rt_cmd_client_new (cmd, "rt-ctl", "risk");
    assert_non_null (ctx.client);
    ctx.events = rt_sub_new ("test");
    assert_non_null (ctx.events);
    assert_int_equal (rt_sub_connect (ctx.events, pub, "risk"), 0);
    assert_int_equal (rt_sub_subscribe (ctx.events, "risk."), 0);

    //  Fail closed: no snapshot yet.
    rt_risk_decision_t d = s_intent (&ctx, "c0", "AAPL", 10);
    assert_false (d.accepted);
    assert_string_equal (d.code, "NO_VIEW");

    //  rt-risk asked the orders service for its snapshot: an empty one.
    rt_snapshot_request_t snap;
    rt_cmd_peer_t peer;
    s_orders_expect (&ctx, RT_TYPE_SNAPSHOT_REQUEST, &snap, &peer);
    assert_string_equal (snap.what, "all");
    s_orders_reply (&ctx, &peer, true, "snapshot");

    //  A quote (slow joiner: publish until a decision sees it).
    bool accepted = false;
    for (int i = 0; i < 100 && !accepted; i++) {
        s_publish_quote (&ctx, "AAPL", 100);
        d = s_intent (&ctx, "c1", "AAPL", 10);
        accepted = d.accepted;
        if (!accepted)
            assert_true (strcmp (d.code, "NO_REFERENCE_PRICE") == 0
                      || strcmp (d.code, "NO_VIEW") == 0);
    }
    assert_true (accepted);
    assert_int_equal (d.state, RT_TRADING_ACTIVE);

    //  Oversize: refused with its reason.
    d = s_intent (&ctx, "c2", "AAPL", 501);
    assert_false (d.accepted);
    assert_string_equal (d.code, "MAX_QTY");
    assert_string_equal (d.reason, "order quantity 501 exceeds the limit of 500 shares per order");

    //  halt -> refused with HALTED -> resume -> accepted.
    rt_reply_t r = s_command (&ctx, "halt", "testing");
    assert_true (r.ok);
    d = s_intent (&ctx, "c3", "AAPL", 10);
    assert_false (d.accepted);
    assert_string_equal (d.code, "HALTED");
    assert_int_equal (d.state, RT_TRADING_HALTED);
    assert_non_null (strstr (d.reason, "testing"));
    r = s_command (&ctx, "resume", NULL);
    assert_true (r.ok);
    d = s_intent (&ctx, "c4", "AAPL", 10);
    assert_true (d.accepted);

    //  kill -> HALTED and cancel_all at the orders service.
    r = s_command (&ctx, "kill", "drill");
    assert_true (r.ok);
    rt_command_t cancel;
    s_orders_expect (&ctx, RT_TYPE_COMMAND, &cancel, &peer);
    assert_string_equal (cancel.verb, "cancel_all");
    s_orders_reply (&ctx, &peer, true, "2 orders cancelled");
    d = s_intent (&ctx, "c5", "AAPL", 10);
    assert_false (d.accepted);
    assert_string_equal (d.code, "HALTED");
    r = s_command (&ctx, "status", NULL);
    assert_true (r.ok);
    assert_non_null (strstr (r.reason, "risk up "));
    assert_non_null (strstr (r.reason, "HALTED KILL"));

    //  RISK_STATE on risk.state shows the kill switch (published each second).
    bool seen_kill = false, seen_decision = false;
    for (int i = 0; i < 100 && !seen_kill; i++) {
        rt_bus_msg_t msg;
        if (rt_sub_recv (ctx.events, &msg, NULL, 100) != 0)
            continue;
        if (msg.header.type == RT_TYPE_RISK_DECISION)
            seen_decision = true;
        if (msg.header.type != RT_TYPE_RISK_STATE)
            continue;
        rt_risk_state_t st;
        assert_int_equal (rt_msg_decode (RT_TYPE_RISK_STATE, &st, (const char *) msg.body,
                                         msg.body_len, &ctx.zone), 0);
        seen_kill = st.kill_switch && st.state == RT_TRADING_HALTED;
    }
    assert_true (seen_kill);
    (void) seen_decision;           //  may precede the subscription (slow joiner)

    //  A message risk does not handle: an error reply, and it keeps working.
    rt_md_subscribe_t bogus;
    memset (&bogus, 0, sizeof bogus);
    snprintf (bogus.symbol, sizeof bogus.symbol, "AAPL");
    s_call (&ctx, RT_TYPE_MD_SUBSCRIBE, &bogus, RT_TYPE_REPLY, &r);
    assert_false (r.ok);
    r = s_command (&ctx, "dance", NULL);
    assert_false (r.ok);
    assert_non_null (strstr (r.reason, "unknown command"));
    r = s_command (&ctx, "resume", NULL);
    assert_true (r.ok);
    d = s_intent (&ctx, "c6", "AAPL", 10);
    assert_true (d.accepted);

    assert_int_equal (rt_test_proc_signal (ctx.risk, SIGTERM), 0);
    assert_int_equal (rt_test_proc_wait (ctx.risk, 5000), 0);
    rt_test_proc_destroy (&ctx.risk);
    rt_sub_destroy (&ctx.events);
    rt_cmd_client_destroy (&ctx.client);
    rt_cmd_server_destroy (&ctx.orders_cmd);
    rt_pub_destroy (&ctx.orders_pub);
    rt_pub_destroy (&ctx.gw_pub);
    rt_pub_destroy (&ctx.md_pub);
    msgpack_zone_destroy (&ctx.zone);
    msgpack_sbuffer_destroy (&ctx.sbuf);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_risk_service_end_to_end),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
