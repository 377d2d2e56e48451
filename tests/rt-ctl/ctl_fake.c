/*  ctl_fake.c - fake orders / risk / gateway services over real sockets, and the rt-ctl
    runner that serves them while the child runs. See ctl_fake.h.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "ctl_fake.h"
#include "rt_test_net.h"
#include "rt_test_proc.h"
#include "rt_test_time.h"

enum { S_ORDERS = 0, S_RISK, S_GATEWAY };

static const char *const s_names [3] = { "orders", "risk", "gateway" };

static void
s_reply_msg (ctl_fake_t *self, int svc, const rt_cmd_peer_t *peer, rt_type_t type,
             const void *msg)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof (topic), type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &self->sbuf), 0);
    assert_int_equal (rt_cmd_server_reply (self->cmd [svc], peer, topic, (uint16_t) type,
                                           self->sbuf.data, self->sbuf.size), 0);
}

static void
s_reply (ctl_fake_t *self, int svc, const rt_cmd_peer_t *peer, bool ok, const char *id,
         const char *reason)
{
    rt_reply_t reply = { .ok = ok, .seq = 42 };
    snprintf (reply.id, sizeof (reply.id), "%s", id);
    snprintf (reply.reason, sizeof (reply.reason), "%s", reason);
    s_reply_msg (self, svc, peer, RT_TYPE_REPLY, &reply);
}

static void
s_conn (rt_conn_state_t *conn)
{
    memset (conn, 0, sizeof (*conn));
    conn->state = RT_CONN_READY;
    conn->client_id = 7;
    conn->server_version = 178;
    snprintf (conn->reason, sizeof (conn->reason), "reconciled");
}

static void
s_heartbeat (rt_heartbeat_t *hb, const char *service)
{
    memset (hb, 0, sizeof (*hb));
    snprintf (hb->service, sizeof (hb->service), "%s", service);
    hb->pid = 4242;
    hb->uptime_ms = 61500;
    snprintf (hb->status, sizeof (hb->status), "ok");
    hb->msgs_in = 10;
    hb->msgs_out = 20;
    rt_counters_set (&hb->counters, "orders", 3);
}

static void
s_orders (ctl_fake_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    const char *body = (const char *) msg->body;
    if (msg->header.type == RT_TYPE_ORDER_INTENT) {
        rt_order_intent_t *in = &self->last_intent;
        assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_INTENT, in, body, msg->body_len,
                                         &self->zone), 0);
        self->intents++;
        if (in->qty > 1000) {
            char reason [RT_TEXT_MAX];
            snprintf (reason, sizeof (reason), "MAX_QTY: order quantity %.0f exceeds the "
                      "limit of 1000 shares per order", in->qty);
            s_reply (self, S_ORDERS, peer, false, in->coid, reason);
        }
        else
            s_reply (self, S_ORDERS, peer, true, in->coid, "submitted");
    }
    else
    if (msg->header.type == RT_TYPE_ORDER_CANCEL) {
        rt_order_cancel_t *in = &self->last_cancel;
        assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_CANCEL, in, body, msg->body_len,
                                         &self->zone), 0);
        bool known = strcmp (in->coid, "unknown") != 0;
        s_reply (self, S_ORDERS, peer, known, in->coid,
                 known ? "cancel sent" : "no order with coid unknown");
    }
    else
    if (msg->header.type == RT_TYPE_SNAPSHOT_REQUEST) {
        rt_snapshot_request_t *req = &self->last_snapshot;
        assert_int_equal (rt_msg_decode (RT_TYPE_SNAPSHOT_REQUEST, req, body, msg->body_len,
                                         &self->zone), 0);
        if (strcmp (req->what, "orders") == 0) {
            rt_order_status_t st = { .order_id = 17, .perm_id = 900017, .status = RT_ORD_STATUS_FILLED,
                                     .filled = 100, .avg_fill_price = 150.25, .symbol = "AAPL",
                                     .side = RT_SIDE_BUY, .qty = 100, .coid = "ctl-1-1" };
            s_reply_msg (self, S_ORDERS, peer, RT_TYPE_ORDER_STATUS, &st);
            rt_order_status_t st2 = { .status = RT_ORD_STATUS_SUBMITTED, .symbol = "MSFT",
                                      .side = RT_SIDE_SELL, .qty = 5, .coid = "a-much-longer-coid-7" };
            s_reply_msg (self, S_ORDERS, peer, RT_TYPE_ORDER_STATUS, &st2);
        }
        else
        if (strcmp (req->what, "positions") == 0) {
            rt_holding_t h = { .symbol = "AAPL", .qty = 100, .avg_cost = 150.25,
                               .mark_price = 151, .unrealized_pnl = 75, .realized_pnl = -1.5 };
            s_reply_msg (self, S_ORDERS, peer, RT_TYPE_HOLDING, &h);
            rt_holding_t h2 = { .symbol = "MSFT", .qty = -5, .avg_cost = 400,
                                .unrealized_pnl = -10, .realized_pnl = 20 };
            s_reply_msg (self, S_ORDERS, peer, RT_TYPE_HOLDING, &h2);
        }
        s_reply (self, S_ORDERS, peer, true, req->what, "snapshot");
    }
    else
    if (msg->header.type == RT_TYPE_COMMAND)
        s_reply (self, S_ORDERS, peer, true, "status", "orders: 2 open, 1 filled");
}

static void
s_risk (ctl_fake_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    assert_int_equal (msg->header.type, RT_TYPE_COMMAND);
    rt_command_t *cmd = &self->last_command;
    assert_int_equal (rt_msg_decode (RT_TYPE_COMMAND, cmd, (const char *) msg->body,
                                     msg->body_len, &self->zone), 0);
    if (strcmp (cmd->verb, "resume") == 0)
        s_reply (self, S_RISK, peer, false, "resume",
                 "daily loss -6000.00 still beyond the limit of 5000.00: staying HALTED");
    else
    if (strcmp (cmd->verb, "status") == 0)
        s_reply (self, S_RISK, peer, true, "status", "HALTED pnl -6000.00 open 0");
    else
        s_reply (self, S_RISK, peer, true, cmd->verb, "HALTED");
}

static void
s_gateway (ctl_fake_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_conn_state_t conn;
    s_conn (&conn);
    if (msg->header.type == RT_TYPE_SNAPSHOT_REQUEST) {
        rt_snapshot_request_t *req = &self->last_snapshot;
        assert_int_equal (rt_msg_decode (RT_TYPE_SNAPSHOT_REQUEST, req, (const char *) msg->body,
                                         msg->body_len, &self->zone), 0);
        s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_CONN_STATE, &conn);
        rt_account_value_t a1 = { .account = "DU123", .key = "NetLiquidation",
                                  .value = "100000.00", .currency = "USD" };
        rt_account_value_t a2 = { .account = "DU123", .key = "BuyingPower",
                                  .value = "400000.00", .currency = "USD" };
        rt_position_t pos = { .account = "DU123", .symbol = "AAPL", .qty = 100, .avg_cost = 150.25 };
        rt_quote_t quote = { .symbol = "AAPL", .bid = 150, .ask = 150.5 };
        s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_ACCOUNT_VALUE, &a1);
        s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_ACCOUNT_VALUE, &a2);
        s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_POSITION, &pos);
        s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_QUOTE, &quote);
        s_reply (self, S_GATEWAY, peer, true, req->what, "snapshot of account");
        return;
    }
    rt_heartbeat_t hb;
    s_heartbeat (&hb, "gateway");
    s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_CONN_STATE, &conn);
    s_reply_msg (self, S_GATEWAY, peer, RT_TYPE_HEARTBEAT, &hb);
    s_reply (self, S_GATEWAY, peer, true, "status", "READY client 7 server 178");
}

static void
s_publish (ctl_fake_t *self, int svc, rt_type_t type, const void *msg)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof (topic), type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &self->sbuf), 0);
    assert_int_equal (rt_pub_send (self->pub [svc], topic, (uint16_t) type, NULL,
                                   self->sbuf.data, self->sbuf.size), 0);
}

static void
s_tick (ctl_fake_t *self)
{
    for (int svc = 0; svc < 3; svc++) {
        if (!self->pub [svc])
            continue;
        rt_heartbeat_t hb;
        s_heartbeat (&hb, s_names [svc]);
        s_publish (self, svc, RT_TYPE_HEARTBEAT, &hb);
    }
    if (self->pub [S_RISK]) {
        rt_risk_state_t st = { .state = RT_TRADING_HALTED, .kill_switch = true,
                               .daily_pnl = -6000, .realized_pnl = -5500,
                               .unrealized_pnl = -500, .gross_exposure = 15025,
                               .net_exposure = 15025, .open_orders = 0, .orders_today = 12 };
        snprintf (st.reason, sizeof (st.reason), "daily loss limit reached");
        s_publish (self, S_RISK, RT_TYPE_RISK_STATE, &st);
    }
    if (self->pub [S_GATEWAY]) {
        rt_conn_state_t conn;
        s_conn (&conn);
        s_publish (self, S_GATEWAY, RT_TYPE_CONN_STATE, &conn);
    }
}

void
ctl_fake_start (ctl_fake_t *self, unsigned what)
{
    memset (self, 0, sizeof (*self));
    unsetenv (RT_CURVE_DIR_ENV);
    assert_true (msgpack_zone_init (&self->zone, 4096));
    msgpack_sbuffer_init (&self->sbuf);
    static const struct { rt_ep_t ep; unsigned bit; int svc; bool pub; } eps [] = {
        { RT_EP_ORDERS_CMD,  CTL_FAKE_ORDERS_CMD,  S_ORDERS,  false },
        { RT_EP_ORDERS_PUB,  CTL_FAKE_ORDERS_PUB,  S_ORDERS,  true },
        { RT_EP_RISK_CMD,    CTL_FAKE_RISK_CMD,    S_RISK,    false },
        { RT_EP_RISK_PUB,    CTL_FAKE_RISK_PUB,    S_RISK,    true },
        { RT_EP_GATEWAY_CMD, CTL_FAKE_GATEWAY_CMD, S_GATEWAY, false },
        { RT_EP_GATEWAY_PUB, CTL_FAKE_GATEWAY_PUB, S_GATEWAY, true },
        { RT_EP_GATEWAY_MD,  0,                    S_GATEWAY, true },
    };
    for (size_t i = 0; i < sizeof (eps) / sizeof (eps [0]); i++) {
        const char *endpoint;
        char spare [64];
        if (eps [i].bit & what) {
            if (eps [i].pub) {
                self->pub [eps [i].svc] = rt_pub_new ("tcp://127.0.0.1:*", s_names [eps [i].svc]);
                assert_non_null (self->pub [eps [i].svc]);
                endpoint = rt_pub_endpoint (self->pub [eps [i].svc]);
            }
            else {
                self->cmd [eps [i].svc] = rt_cmd_server_new ("tcp://127.0.0.1:*",
                                                             s_names [eps [i].svc]);
                assert_non_null (self->cmd [eps [i].svc]);
                endpoint = rt_cmd_server_endpoint (self->cmd [eps [i].svc]);
            }
        }
        else {
            //  Nothing listens here: rt-ctl must time out, not hang.
            int port = rt_test_free_port ();
            assert_true (port > 0);
            snprintf (spare, sizeof (spare), "tcp://127.0.0.1:%d", port);
            endpoint = spare;
        }
        snprintf (self->env [i], sizeof (self->env [i]), "%s=%s",
                  rt_bus_endpoint_info (eps [i].ep)->env, endpoint);
    }
}

void
ctl_fake_stop (ctl_fake_t *self)
{
    for (int i = 0; i < 3; i++) {
        rt_cmd_server_destroy (&self->cmd [i]);
        rt_pub_destroy (&self->pub [i]);
    }
    msgpack_zone_destroy (&self->zone);
    msgpack_sbuffer_destroy (&self->sbuf);
}

static void
s_serve (ctl_fake_t *self, int timeout_ms)
{
    zmq_pollitem_t items [3];
    int svc_of [3];
    int n = 0;
    for (int i = 0; i < 3; i++)
        if (self->cmd [i]) {
            items [n] = (zmq_pollitem_t) { .socket = zsock_resolve (rt_cmd_server_sock (self->cmd [i])),
                                           .events = ZMQ_POLLIN };
            svc_of [n++] = i;
        }
    if (n == 0) {
        rt_test_sleep_ms (timeout_ms);
        return;
    }
    assert_true (zmq_poll (items, n, timeout_ms) >= 0);
    for (int k = 0; k < n; k++) {
        int svc = svc_of [k];
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        while (rt_cmd_server_recv (self->cmd [svc], &msg, &peer, 0) == 0) {
            if (svc == S_ORDERS)
                s_orders (self, &msg, &peer);
            else
            if (svc == S_RISK)
                s_risk (self, &msg, &peer);
            else
                s_gateway (self, &msg, &peer);
        }
    }
}

static void
s_collect (rt_test_lines_t *lines, char *buf, size_t cap)
{
    size_t len = 0;
    buf [0] = 0;
    static char line [RT_TEST_LINE_MAX];
    while (lines && rt_test_lines_next (lines, line, sizeof (line), 2000) == 0) {
        int n = snprintf (buf + len, cap - len, "%s\n", line);
        assert_true (n >= 0 && (size_t) n < cap - len);
        len += (size_t) n;
    }
}

void
ctl_fake_run (ctl_fake_t *self, ctl_run_t *run, const char *const *args)
{
    memset (run, 0, sizeof (*run));
    char path [512];
    assert_int_equal (rt_test_bin_path (path, sizeof (path), "rt-ctl"), 0);
    assert_int_equal (access (path, X_OK), 0);
    const char *argv [32] = { path };
    size_t argc = 1;
    for (size_t i = 0; args [i]; i++) {
        assert_true (argc + 1 < 32);
        argv [argc++] = args [i];
    }
    argv [argc] = NULL;
    const char *env [10];
    size_t nenv = 0;
    for (size_t i = 0; i < 7; i++)
        env [nenv++] = self->env [i];
    env [nenv++] = "RT_CONFIG_FILE";
    env [nenv] = NULL;
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE, .err = RT_TEST_IO_PIPE };
    int64_t start = rt_test_now_ms ();
    rt_test_proc_t *proc = rt_test_proc_spawn (argv, &opts);
    assert_non_null (proc);
    int64_t tick = 0;
    while (rt_test_proc_running (proc) && rt_test_now_ms () - start < 10000) {
        if (rt_test_now_ms () - tick >= 100) {
            s_tick (self);
            tick = rt_test_now_ms ();
        }
        s_serve (self, 10);
    }
    run->status = rt_test_proc_wait (proc, 1000);
    run->elapsed_ms = rt_test_now_ms () - start;
    s_collect (rt_test_proc_stdout (proc), run->out, sizeof (run->out));
    s_collect (rt_test_proc_stderr (proc), run->err, sizeof (run->err));
    rt_test_proc_destroy (&proc);
    if (run->status == RT_ETIMEOUT)
        fail_msg ("rt-ctl did not exit within 10 s; stderr:\n%s", run->err);
    if (strstr (run->err, "Sanitizer") || strstr (run->err, "runtime error"))
        fail_msg ("rt-ctl: sanitizer report:\n%s", run->err);
}

bool
ctl_line_with (const char *text, const char *needle, char *line, size_t cap)
{
    const char *hit = strstr (text, needle);
    if (!hit)
        return false;
    const char *begin = hit;
    while (begin > text && begin [-1] != '\n')
        begin--;
    const char *end = strchr (hit, '\n');
    size_t len = end ? (size_t) (end - begin) : strlen (begin);
    if (line) {
        assert_true (len < cap);
        memcpy (line, begin, len);
        line [len] = 0;
    }
    return true;
}
