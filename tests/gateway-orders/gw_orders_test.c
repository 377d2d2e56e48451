/*  gw_orders_test.c - gw_orders against the fake loop (tests/gateway-fake): placement and
    its exact placeOrder, idempotency (the known order's status sent before the reply),
    refusals, cancel, status mapping, fills and commissions, the kept fills and the
    snapshot that streams them, order errors, reconciliation across a reconnect and across
    a gateway restart. Each test has its own RT_DATA_DIR (mkdtemp). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_fake.h"
#include "gw_orders_int.h"
#include "gw_orderid.h"

typedef struct {
    char dir [256];
    gw_t *gw;
    gw_orders_t *orders;
    tws_reader_t reader;            //  the server message being fed
    int msg_id;
} s_fx_t;

static int
s_setup (void **state)
{
    s_fx_t *fx = calloc (1, sizeof *fx);
    if (!fx)
        return -1;
    const char *tmp = getenv ("TMPDIR");
    snprintf (fx->dir, sizeof fx->dir, "%s/gw_orders_XXXXXX", tmp && *tmp? tmp: "/tmp");
    if (!mkdtemp (fx->dir))
        return -1;
    fx->gw = gw_fake_new (TWS_MAX_SERVER_VERSION);
    if (!fx->gw)
        return -1;
    //  A READY loop with an account, handing out ids from 2^30 as gw.h says.
    fx->gw->accepts_orders = true;
    snprintf (fx->gw->account, sizeof fx->gw->account, "DU111");
    fx->gw->next_req_id = 1 << 30;
    fx->orders = gw_orders_new (fx->gw, fx->dir);
    if (!fx->orders)
        return -1;
    *state = fx;
    return 0;
}

static int
s_teardown (void **state)
{
    s_fx_t *fx = *state;
    //  Everything gw_orders published or sent went through the catalogue, on the state
    //  stream only, and nothing was dropped.
    assert_int_equal (fx->gw->publish_errors, 0);
    assert_int_equal (fx->gw->seq [GW_STREAM_MD], 0);
    assert_int_equal (fx->gw->overflow, 0);
    gw_orders_destroy (&fx->orders);
    gw_fake_destroy (&fx->gw);
    char path [400];
    snprintf (path, sizeof path, "%s/%s", fx->dir, GW_ORDERID_FILE);
    unlink (path);
    rmdir (fx->dir);
    free (fx);
    return 0;
}

//  --- helpers -----------------------------------------------------------------------------

//  One server message to gw_orders_on_tws, encoded at the fake's server version:
//  S_FEED (fx, order_status, &msg) returns what gw_orders_on_tws returned.
#define S_FEED(fx, name, msg) \
    s_feed ((fx), GW_FAKE_SERVER_MSG ((fx)->gw, name, (msg), &(fx)->reader, &(fx)->msg_id))

static int
s_feed (s_fx_t *fx, int encode_rc)
{
    assert_int_equal (encode_rc, 0);
    return gw_orders_on_tws (fx->orders, fx->msg_id, &fx->reader);
}

//  Sends a raw msgpack body as a command of `type` to gw_orders_on_command.
static int
s_command_raw (s_fx_t *fx, rt_type_t type, const void *body, size_t len)
{
    rt_bus_msg_t msg;
    memset (&msg, 0, sizeof msg);
    msg.topic = "cmd";
    msg.topic_len = 3;
    msg.header.version = RT_SCHEMA_VERSION;
    msg.header.type = (uint16_t) type;
    msg.body = body;
    msg.body_len = len;
    rt_cmd_peer_t peer;
    memset (&peer, 0, sizeof peer);
    return gw_orders_on_command (fx->orders, &msg, &peer);
}

//  Sends one command, packed with the catalogue.
static int
s_command (s_fx_t *fx, rt_type_t type, const void *msg)
{
    msgpack_sbuffer sb;
    msgpack_sbuffer_init (&sb);
    assert_int_equal (rt_msg_pack (type, msg, &sb), 0);
    int rc = s_command_raw (fx, type, sb.data, sb.size);
    msgpack_sbuffer_destroy (&sb);
    return rc;
}

//  Reader positioned after the message id of recorded frame i.
static void
s_frame_reader (s_fx_t *fx, uint32_t i, tws_reader_t *r)
{
    int id;
    assert_int_equal (gw_fake_frame_reader (fx->gw, i, r, &id), 0);
}

//  The n-th publication of a type (n = -1: the last one); fails the test when there is none.
static const void *
s_pub (s_fx_t *fx, rt_type_t type, int n)
{
    const void *m = n < 0? gw_fake_last_msg (fx->gw, type)
                         : gw_fake_msg (fx->gw, type, (uint32_t) n);
    if (!m)
        fail_msg ("no publication %d of type %d", n, (int) type);
    return m;
}

static const rt_order_status_t *
s_status_pub (s_fx_t *fx, int n)
{
    return s_pub (fx, RT_TYPE_ORDER_STATUS, n);
}

static const rt_fill_t *
s_fill_pub (s_fx_t *fx, int n)
{
    return s_pub (fx, RT_TYPE_FILL, n);
}

//  The n-th sys.error gw_orders reported.
static const rt_error_event_t *
s_report (s_fx_t *fx, int n)
{
    return s_pub (fx, RT_TYPE_ERROR_EVENT, n);
}

static rt_order_intent_t
s_intent (const char *coid, rt_ord_type_t type, double qty, double lmt, double stp)
{
    rt_order_intent_t in;
    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "%s", coid);
    snprintf (in.symbol, sizeof in.symbol, "AAPL");
    in.side = RT_SIDE_BUY;
    in.qty = qty;
    in.order_type = type;
    in.limit_price = lmt;
    in.stop_price = stp;
    return in;
}

static const gw_fake_reply_t *
s_place (s_fx_t *fx, const char *coid)
{
    rt_order_intent_t in = s_intent (coid, RT_ORD_TYPE_LMT, 100, 150.25, 0);
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_INTENT, &in), 1);
    return gw_fake_last_reply (fx->gw);
}

static int64_t
s_placed_id (const gw_fake_reply_t *r)
{
    long long id = 0;
    assert_int_equal (sscanf (r->reason, "order_id=%lld", &id), 1);
    return id;
}

static void
s_status (s_fx_t *fx, int order_id, int64_t perm, const char *status, double filled,
          double remaining, double avg)
{
    tws_order_status_t m;
    memset (&m, 0, sizeof m);
    m.order_id = order_id;
    snprintf (m.status, sizeof m.status, "%s", status);
    m.filled = filled;
    m.remaining = remaining;
    m.avg_fill_price = avg;
    m.perm_id = perm;
    m.last_fill_price = avg;
    m.client_id = 1;
    assert_int_equal (S_FEED (fx, order_status, &m), 1);
}

static void
s_exec (s_fx_t *fx, int order_id, int64_t perm, const char *coid, const char *exec_id,
        double shares, double price)
{
    static tws_exec_details_t m;
    memset (&m, 0, sizeof m);
    m.req_id = -1;
    m.order_id = order_id;
    tws_contract_init (&m.contract);
    m.contract.con_id = 265598;
    snprintf (m.contract.symbol, sizeof m.contract.symbol, "AAPL");
    snprintf (m.contract.sec_type, sizeof m.contract.sec_type, "STK");
    snprintf (m.contract.exchange, sizeof m.contract.exchange, "SMART");
    snprintf (m.contract.currency, sizeof m.contract.currency, "USD");
    tws_execution_t *x = &m.execution;
    snprintf (x->exec_id, sizeof x->exec_id, "%s", exec_id);
    snprintf (x->time, sizeof x->time, "20240105 10:15:30 US/Eastern");
    snprintf (x->acct_number, sizeof x->acct_number, "DU111");
    snprintf (x->exchange, sizeof x->exchange, "NASDAQ");
    snprintf (x->side, sizeof x->side, "BOT");
    x->shares = shares;
    x->price = price;
    x->perm_id = perm;
    x->client_id = 1;
    x->cum_qty = shares;
    x->avg_price = price;
    snprintf (x->order_ref, sizeof x->order_ref, "%s", coid);
    assert_int_equal (S_FEED (fx, exec_details, &m), 1);
}

static void
s_commission (s_fx_t *fx, const char *exec_id, double commission)
{
    tws_commission_report_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.exec_id, sizeof m.exec_id, "%s", exec_id);
    m.commission = commission;
    snprintf (m.currency, sizeof m.currency, "USD");
    m.realized_pnl = TWS_UNSET_DOUBLE;
    m.yield = TWS_UNSET_DOUBLE;
    assert_int_equal (S_FEED (fx, commission_report, &m), 1);
}

static void
s_open_order (s_fx_t *fx, int order_id, int64_t perm, const char *coid, const char *status)
{
    static tws_open_order_t m;
    memset (&m, 0, sizeof m);
    m.order_id = order_id;
    tws_contract_init (&m.contract);
    m.contract.con_id = 265598;
    snprintf (m.contract.symbol, sizeof m.contract.symbol, "AAPL");
    snprintf (m.contract.sec_type, sizeof m.contract.sec_type, "STK");
    snprintf (m.contract.exchange, sizeof m.contract.exchange, "SMART");
    snprintf (m.contract.currency, sizeof m.contract.currency, "USD");
    tws_order_init (&m.order);
    m.order.order_id = order_id;
    m.order.perm_id = perm;
    m.order.client_id = 1;
    snprintf (m.order.action, sizeof m.order.action, "BUY");
    m.order.total_quantity = 100;
    snprintf (m.order.order_type, sizeof m.order.order_type, "LMT");
    m.order.lmt_price = 150.25;
    snprintf (m.order.tif, sizeof m.order.tif, "DAY");
    snprintf (m.order.account, sizeof m.order.account, "DU111");
    snprintf (m.order.order_ref, sizeof m.order.order_ref, "%s", coid);
    tws_order_state_init (&m.state);
    snprintf (m.state.status, sizeof m.state.status, "%s", status);
    assert_int_equal (S_FEED (fx, open_order, &m), 1);
}

static void
s_error (s_fx_t *fx, int id, int code, const char *text)
{
    tws_err_msg_t m;
    memset (&m, 0, sizeof m);
    m.req_id = id;
    m.code = code;
    snprintf (m.message, sizeof m.message, "%s", text);
    S_FEED (fx, err_msg, &m);
}

//  Answers every reconciliation request the way an empty broker would.
static void
s_recon_ends (s_fx_t *fx, int exec_req)
{
    tws_open_order_end_t oe = {0};
    tws_completed_orders_end_t ce = {0};
    tws_exec_details_end_t ee = { .req_id = exec_req };
    tws_position_end_t pe = {0};
    assert_int_equal (S_FEED (fx, open_order_end, &oe), 1);
    assert_int_equal (S_FEED (fx, completed_orders_end, &ce), 1);
    assert_int_equal (S_FEED (fx, exec_details_end, &ee), 1);
    assert_int_equal (S_FEED (fx, position_end, &pe), 1);
}

//  The request id of the reqExecutions among the recorded frames.
static int
s_exec_req_id (s_fx_t *fx)
{
    for (uint32_t i = 0; i < fx->gw->frame_count; i++)
        if (gw_fake_frame_id (fx->gw, i) == TWS_OUT_REQ_EXECUTIONS) {
            tws_reader_t r;
            s_frame_reader (fx, i, &r);
            tws_req_executions_t m;
            assert_int_equal (tws_req_executions_decode (&r, fx->gw->server_version, &m), 0);
            return m.req_id;
        }
    fail_msg ("no reqExecutions sent");
    return -1;
}

//  gw_orders_snapshot into a cleared fake; returns how many parts it sent.
static uint32_t
s_snapshot (s_fx_t *fx)
{
    fx->gw->peer_msg_count = 0;
    rt_cmd_peer_t peer;
    memset (&peer, 0, sizeof peer);
    gw_orders_snapshot (fx->orders, &peer);
    return fx->gw->peer_msg_count;
}

//  The n-th part of a type the last snapshot (or command) sent to the peer, or NULL.
static const void *
s_part (s_fx_t *fx, rt_type_t type, uint32_t n)
{
    for (uint32_t i = 0; i < fx->gw->peer_msg_count; i++)
        if (fx->gw->peer_msgs [i].type == type && n-- == 0)
            return fx->gw->peer_msgs [i].body;
    return NULL;
}

static uint32_t
s_part_count (s_fx_t *fx, rt_type_t type)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < fx->gw->peer_msg_count; i++)
        n += fx->gw->peer_msgs [i].type == type;
    return n;
}

//  --- tests -------------------------------------------------------------------------------

static void
test_place_exact_fields (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 100);
    const gw_fake_reply_t *r = s_place (fx, "c-1");
    assert_true (r->ok);
    assert_string_equal (r->id, "c-1");
    assert_int_equal (s_placed_id (r), 100);
    assert_int_equal (fx->gw->frame_count, 1);
    assert_int_equal (fx->gw->frames [0].lane, GW_LANE_ORDER);
    assert_int_equal (fx->gw->frames [0].tag, 100);
    assert_int_equal (gw_fake_frame_id (fx->gw, 0), TWS_OUT_PLACE_ORDER);
    static tws_place_order_t po;
    tws_reader_t rd;
    s_frame_reader (fx, 0, &rd);
    assert_int_equal (tws_place_order_decode (&rd, fx->gw->server_version, &po), 0);
    assert_true (tws_reader_at_end (&rd));
    assert_int_equal (po.order_id, 100);
    assert_string_equal (po.contract.symbol, "AAPL");
    assert_string_equal (po.contract.sec_type, "STK");
    assert_string_equal (po.contract.exchange, "SMART");
    assert_string_equal (po.contract.currency, "USD");
    assert_string_equal (po.order.action, "BUY");
    assert_true (po.order.total_quantity == 100);
    assert_string_equal (po.order.order_type, "LMT");
    assert_true (po.order.lmt_price == 150.25);
    assert_true (po.order.aux_price == TWS_UNSET_DOUBLE);
    assert_string_equal (po.order.tif, "DAY");
    assert_string_equal (po.order.account, "DU111");
    assert_string_equal (po.order.order_ref, "c-1");
    assert_true (po.order.transmit);
    //  The order id goes out on the bus at once, as PENDING_SUBMIT.
    const rt_order_status_t *st = s_status_pub (fx, -1);
    assert_non_null (st);
    assert_string_equal (st->coid, "c-1");
    assert_int_equal (st->order_id, 100);
    assert_int_equal (st->status, RT_ORD_STATUS_PENDING_SUBMIT);
    assert_int_equal (gw_fake_counter (fx->gw, "orders"), 1);

    //  A stop-limit carries both prices; a second order takes the next id.
    rt_order_intent_t in = s_intent ("c-2", RT_ORD_TYPE_STP_LMT, 5, 99.5, 100.5);
    in.side = RT_SIDE_SELL;
    in.tif = RT_TIF_GTC;
    snprintf (in.account, sizeof in.account, "DU222");
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_INTENT, &in), 1);
    assert_true (gw_fake_last_reply (fx->gw)->ok);
    s_frame_reader (fx, 1, &rd);
    assert_int_equal (tws_place_order_decode (&rd, fx->gw->server_version, &po), 0);
    assert_int_equal (po.order_id, 101);
    assert_string_equal (po.order.order_type, "STP LMT");
    assert_string_equal (po.order.action, "SELL");
    assert_true (po.order.lmt_price == 99.5);
    assert_true (po.order.aux_price == 100.5);
    assert_string_equal (po.order.tif, "GTC");
    assert_string_equal (po.order.account, "DU222");
}

static void
test_same_coid_three_times (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 7);
    for (int i = 0; i < 3; i++) {
        fx->gw->peer_msg_count = 0;
        const gw_fake_reply_t *r = s_place (fx, "dup");
        assert_true (r->ok);
        assert_string_equal (r->id, "dup");
        if (i == 0) {
            assert_int_equal (fx->gw->peer_msg_count, 0);     //  a new order: the reply only
            continue;
        }
        //  A known coid: the order's order_status goes to the caller before the reply,
        //  whose reason stays readable.
        assert_non_null (strstr (r->reason, "known order order_id=7"));
        assert_non_null (strstr (r->reason, "status=PENDING_SUBMIT"));
        assert_int_equal (fx->gw->peer_msg_count, 1);
        const rt_order_status_t *m = s_part (fx, RT_TYPE_ORDER_STATUS, 0);
        assert_non_null (m);
        assert_string_equal (m->coid, "dup");
        assert_int_equal (m->order_id, 7);
        assert_int_equal (m->status, RT_ORD_STATUS_PENDING_SUBMIT);
        assert_true (m->qty == 100 && m->remaining == 100);
        assert_string_equal (m->symbol, "AAPL");
    }
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 1);
    gw_orders_stats_t st;
    gw_orders_stats (fx->orders, &st);
    assert_int_equal (st.placed, 1);
    assert_int_equal (st.replays, 2);
}

static void
test_refused_when_not_accepting (void **state)
{
    s_fx_t *fx = *state;
    fx->gw->accepts_orders = false;
    fx->gw->up = false;
    const gw_fake_reply_t *r = s_place (fx, "r-1");
    assert_false (r->ok);
    assert_string_equal (r->reason, "not connected");
    //  Session up, reconciliation under way.
    fx->gw->up = true;
    gw_orders_on_session (fx->orders, true);
    r = s_place (fx, "r-1");
    assert_false (r->ok);
    assert_string_equal (r->reason, "reconciling");
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 0);
    //  Paced: the pacer refuses, the reply says so, nothing is remembered for the coid.
    fx->gw->accepts_orders = true;
    fx->gw->commit_rc = RT_EAGAIN;
    r = s_place (fx, "r-2");
    assert_false (r->ok);
    assert_string_equal (r->reason, "paced");
    fx->gw->commit_rc = 0;
    r = s_place (fx, "r-2");
    assert_true (r->ok);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 1);
}

static void
s_expect_bad (s_fx_t *fx, rt_order_intent_t in, const char *prefix)
{
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_INTENT, &in), 1);
    const gw_fake_reply_t *r = gw_fake_last_reply (fx->gw);
    assert_false (r->ok);
    if (strncmp (r->reason, prefix, strlen (prefix)) != 0)
        fail_msg ("reason '%s' does not start with '%s'", r->reason, prefix);
}

static void
test_bad_fields_named (void **state)
{
    s_fx_t *fx = *state;
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_LMT, 0, 10, 0), "bad field qty");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_LMT, -3, 10, 0), "bad field qty");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_LMT, NAN, 10, 0), "bad field qty");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_LMT, INFINITY, 10, 0), "bad field qty");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_LMT, 1, 0, 0), "bad field limit_price");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_STP, 1, 0, 0), "bad field stop_price");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_STP_LMT, 1, 10, 0), "bad field stop_price");
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_STP_LMT, 1, NAN, 10), "bad field limit_price");
    fx->gw->account [0] = 0;
    s_expect_bad (fx, s_intent ("b", RT_ORD_TYPE_MKT, 1, 0, 0), "bad field account");
    //  What the catalogue itself refuses is named too: a raw map without a symbol, and one
    //  with an unknown side.
    msgpack_sbuffer sb;
    msgpack_sbuffer_init (&sb);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sb, msgpack_sbuffer_write);
    msgpack_pack_map (&pk, 4);
    msgpack_pack_str_with_body (&pk, "co", 2); msgpack_pack_str_with_body (&pk, "x", 1);
    msgpack_pack_str_with_body (&pk, "sd", 2); msgpack_pack_str_with_body (&pk, "BUY", 3);
    msgpack_pack_str_with_body (&pk, "q", 1); msgpack_pack_double (&pk, 1);
    msgpack_pack_str_with_body (&pk, "ot", 2); msgpack_pack_str_with_body (&pk, "MKT", 3);
    assert_int_equal (s_command_raw (fx, RT_TYPE_ORDER_INTENT, sb.data, sb.size), 1);
    assert_string_equal (gw_fake_last_reply (fx->gw)->reason, "bad field symbol: missing");
    msgpack_sbuffer_clear (&sb);
    msgpack_pack_map (&pk, 5);
    msgpack_pack_str_with_body (&pk, "co", 2); msgpack_pack_str_with_body (&pk, "x", 1);
    msgpack_pack_str_with_body (&pk, "s", 1); msgpack_pack_str_with_body (&pk, "AAPL", 4);
    msgpack_pack_str_with_body (&pk, "sd", 2); msgpack_pack_str_with_body (&pk, "HOLD", 4);
    msgpack_pack_str_with_body (&pk, "q", 1); msgpack_pack_double (&pk, 1);
    msgpack_pack_str_with_body (&pk, "ot", 2); msgpack_pack_str_with_body (&pk, "MKT", 3);
    assert_int_equal (s_command_raw (fx, RT_TYPE_ORDER_INTENT, sb.data, sb.size), 1);
    assert_string_equal (gw_fake_last_reply (fx->gw)->reason, "bad field side: not a known side");
    //  Garbage bytes are a bad message, not a crash.
    assert_int_equal (s_command_raw (fx, RT_TYPE_ORDER_INTENT, "\xc1\xff", 2), 1);
    assert_false (gw_fake_last_reply (fx->gw)->ok);
    msgpack_sbuffer_destroy (&sb);
    assert_int_equal (fx->gw->frame_count, 0);
}

static void
test_cancel (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 40);
    assert_true (s_place (fx, "k-1")->ok);
    rt_order_cancel_t c;
    memset (&c, 0, sizeof c);
    snprintf (c.coid, sizeof c.coid, "k-1");
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_CANCEL, &c), 1);
    assert_true (gw_fake_last_reply (fx->gw)->ok);
    assert_int_equal (fx->gw->frame_count, 2);
    assert_int_equal (gw_fake_frame_id (fx->gw, 1), TWS_OUT_CANCEL_ORDER);
    assert_int_equal (fx->gw->frames [1].lane, GW_LANE_ORDER);
    tws_reader_t r;
    s_frame_reader (fx, 1, &r);
    tws_cancel_order_t m;
    assert_int_equal (tws_cancel_order_decode (&r, fx->gw->server_version, &m), 0);
    assert_int_equal (m.order_id, 40);

    snprintf (c.coid, sizeof c.coid, "nope");
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_CANCEL, &c), 1);
    assert_false (gw_fake_last_reply (fx->gw)->ok);
    assert_string_equal (gw_fake_last_reply (fx->gw)->reason, "unknown order");

    s_status (fx, 40, 9040, "Filled", 100, 0, 150.0);
    snprintf (c.coid, sizeof c.coid, "k-1");
    assert_int_equal (s_command (fx, RT_TYPE_ORDER_CANCEL, &c), 1);
    assert_false (gw_fake_last_reply (fx->gw)->ok);
    assert_string_equal (gw_fake_last_reply (fx->gw)->reason, "already FILLED");
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_CANCEL_ORDER), 1);
}

static void
test_status_mapping_and_duplicates (void **state)
{
    s_fx_t *fx = *state;
    assert_int_equal (gw_orders_map_status ("PendingSubmit", 0), RT_ORD_STATUS_PENDING_SUBMIT);
    assert_int_equal (gw_orders_map_status ("ApiPending", 0), RT_ORD_STATUS_PENDING_SUBMIT);
    assert_int_equal (gw_orders_map_status ("PreSubmitted", 0), RT_ORD_STATUS_PRE_SUBMITTED);
    assert_int_equal (gw_orders_map_status ("Submitted", 0), RT_ORD_STATUS_SUBMITTED);
    assert_int_equal (gw_orders_map_status ("Submitted", 5), RT_ORD_STATUS_PARTIALLY_FILLED);
    assert_int_equal (gw_orders_map_status ("PendingCancel", 5), RT_ORD_STATUS_PENDING_CANCEL);
    assert_int_equal (gw_orders_map_status ("Cancelled", 5), RT_ORD_STATUS_CANCELLED);
    assert_int_equal (gw_orders_map_status ("ApiCancelled", 0), RT_ORD_STATUS_CANCELLED);
    assert_int_equal (gw_orders_map_status ("Filled", 100), RT_ORD_STATUS_FILLED);
    assert_int_equal (gw_orders_map_status ("Inactive", 0), RT_ORD_STATUS_INACTIVE);
    assert_int_equal (gw_orders_map_status ("Bogus", 0), RT_ORD_STATUS_NONE);

    gw_orders_on_next_valid_id (fx->orders, 10);
    assert_true (s_place (fx, "s-1")->ok);
    gw_fake_clear (fx->gw);
    s_status (fx, 10, 5010, "PreSubmitted", 0, 100, 0);
    s_status (fx, 10, 5010, "PreSubmitted", 0, 100, 0);
    s_status (fx, 10, 5010, "Submitted", 0, 100, 0);
    s_status (fx, 10, 5010, "Submitted", 0, 100, 0);
    s_status (fx, 10, 5010, "Submitted", 0, 100, 0);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), 2);
    const rt_order_status_t *m = s_status_pub (fx, 0);
    assert_int_equal (m->status, RT_ORD_STATUS_PRE_SUBMITTED);
    assert_int_equal (m->perm_id, 5010);
    assert_string_equal (m->coid, "s-1");
    m = s_status_pub (fx, 1);
    assert_int_equal (m->status, RT_ORD_STATUS_SUBMITTED);
    gw_orders_stats_t st;
    gw_orders_stats (fx->orders, &st);
    assert_int_equal (st.status_duplicates, 3);
    //  Final is final: a reordered Submitted after Filled changes nothing.
    s_status (fx, 10, 5010, "Filled", 100, 0, 150);
    s_status (fx, 10, 5010, "Submitted", 0, 100, 0);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), 3);
    assert_int_equal (s_status_pub (fx, -1)->status, RT_ORD_STATUS_FILLED);
}

static void
test_partial_then_full_fill_with_commission (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 20);
    assert_true (s_place (fx, "f-1")->ok);
    gw_fake_clear (fx->gw);
    s_status (fx, 20, 7020, "Submitted", 0, 100, 0);
    s_exec (fx, 20, 7020, "f-1", "0001.01", 40, 150.1);
    s_status (fx, 20, 7020, "Submitted", 40, 60, 150.1);
    s_commission (fx, "0001.01", 0.4);
    s_exec (fx, 20, 7020, "f-1", "0001.02", 60, 150.2);
    //  IB's order: openOrder "Filled" (no quantities) comes before orderStatus. It must not
    //  publish FILLED with the old filled quantity: only orderStatus makes an order FILLED.
    s_open_order (fx, 20, 7020, "f-1", "Filled");
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), 2);
    s_status (fx, 20, 7020, "Filled", 100, 0, 150.16);
    s_commission (fx, "0001.02", 0.6);

    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), 3);
    const rt_order_status_t *m = s_status_pub (fx, 1);
    assert_int_equal (m->status, RT_ORD_STATUS_PARTIALLY_FILLED);
    assert_true (m->filled == 40 && m->remaining == 60);
    m = s_status_pub (fx, 2);
    assert_int_equal (m->status, RT_ORD_STATUS_FILLED);
    assert_true (m->filled == 100 && m->avg_fill_price == 150.16);

    //  Each fill twice: at once without commission, then with it; same exec_id.
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_FILL), 4);
    const rt_fill_t *f = s_fill_pub (fx, 0);
    assert_string_equal (f->exec_id, "0001.01");
    assert_string_equal (f->coid, "f-1");
    assert_int_equal (f->order_id, 20);
    assert_int_equal (f->perm_id, 7020);
    assert_int_equal (f->side, RT_SIDE_BUY);
    assert_true (f->qty == 40 && f->price == 150.1);
    assert_false (f->has_commission);
    //  20240105 10:15:30 US/Eastern (EST, UTC-5) = 15:15:30 UTC = 1704467730.
    assert_true (f->ts_ns == 1704467730ULL * 1000000000ULL);
    f = s_fill_pub (fx, 1);
    assert_string_equal (f->exec_id, "0001.01");
    assert_true (f->has_commission);
    assert_true (f->commission == 0.4);
    assert_string_equal (f->commission_ccy, "USD");
    assert_true (f->qty == 40);
    f = s_fill_pub (fx, 3);
    assert_string_equal (f->exec_id, "0001.02");
    assert_true (f->has_commission && f->commission == 0.6);
    assert_int_equal (gw_fake_counter (fx->gw, "fills"), 2);

    //  A snapshot streams both fills, oldest first, each with its commission (kept in
    //  place); the order is FILLED, so no order_status.
    assert_int_equal (s_snapshot (fx), 2);
    assert_int_equal (s_part_count (fx, RT_TYPE_FILL), 2);
    f = s_part (fx, RT_TYPE_FILL, 0);
    assert_string_equal (f->exec_id, "0001.01");
    assert_string_equal (f->coid, "f-1");
    assert_int_equal (f->perm_id, 7020);
    assert_true (f->qty == 40 && f->price == 150.1);
    assert_true (f->has_commission && f->commission == 0.4);
    assert_string_equal (f->commission_ccy, "USD");
    assert_true (f->ts_ns == 1704467730ULL * 1000000000ULL);
    f = s_part (fx, RT_TYPE_FILL, 1);
    assert_string_equal (f->exec_id, "0001.02");
    assert_true (f->qty == 60 && f->has_commission && f->commission == 0.6);

    //  A fill whose commission has not come yet is streamed as published: without it.
    s_exec (fx, 20, 7020, "f-1", "0001.03", 1, 150.3);
    assert_int_equal (s_snapshot (fx), 3);
    f = s_part (fx, RT_TYPE_FILL, 2);
    assert_string_equal (f->exec_id, "0001.03");
    assert_false (f->has_commission);
}

static void
test_exec_dedupe_across_reconnect (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 30);
    assert_true (s_place (fx, "d-1")->ok);
    s_status (fx, 30, 8030, "Submitted", 0, 100, 0);
    s_exec (fx, 30, 8030, "d-1", "A.1", 50, 10);
    s_commission (fx, "A.1", 1.0);
    s_exec (fx, 30, 8030, "d-1", "A.2", 50, 11);
    //  The socket dies before A.2's commission.
    gw_orders_on_lost (fx->orders);
    gw_fake_clear (fx->gw);
    fx->gw->accepts_orders = false;
    gw_orders_on_session (fx->orders, true);
    int req = s_exec_req_id (fx);
    //  reqExecutions answers the whole day again, each with its commission.
    s_exec (fx, 30, 8030, "d-1", "A.1", 50, 10);
    s_commission (fx, "A.1", 1.0);
    s_exec (fx, 30, 8030, "d-1", "A.2", 50, 11);
    s_commission (fx, "A.2", 1.1);
    s_open_order (fx, 30, 8030, "d-1", "Filled");
    s_recon_ends (fx, req);
    //  Nothing republished but the commission still owed.
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_FILL), 1);
    const rt_fill_t *f = s_fill_pub (fx, -1);
    assert_string_equal (f->exec_id, "A.2");
    assert_true (f->has_commission && f->commission == 1.1);
    gw_orders_stats_t st;
    gw_orders_stats (fx->orders, &st);
    assert_int_equal (st.fills, 2);
    assert_int_equal (st.fill_duplicates, 2);
    assert_int_equal (st.commission_duplicates, 1);
    assert_int_equal (fx->gw->reconcile_done, 1);
    //  Kept once each, with the commissions: what a snapshot sends.
    s_snapshot (fx);
    assert_int_equal (s_part_count (fx, RT_TYPE_FILL), 2);
    f = s_part (fx, RT_TYPE_FILL, 0);
    assert_string_equal (f->exec_id, "A.1");
    assert_true (f->has_commission && f->commission == 1.0);
    f = s_part (fx, RT_TYPE_FILL, 1);
    assert_string_equal (f->exec_id, "A.2");
    assert_true (f->has_commission && f->commission == 1.1);
}

static void
test_order_errors (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 60);
    assert_true (s_place (fx, "e-1")->ok);
    assert_true (s_place (fx, "e-2")->ok);
    assert_true (s_place (fx, "e-3")->ok);
    gw_fake_clear (fx->gw);
    s_error (fx, 60, 201, "Order rejected - reason:No trading permissions");
    const rt_order_status_t *m = s_status_pub (fx, -1);
    assert_non_null (m);
    assert_string_equal (m->coid, "e-1");
    assert_int_equal (m->status, RT_ORD_STATUS_REJECTED);
    assert_non_null (strstr (m->reason, "No trading permissions"));
    s_status (fx, 61, 9061, "Submitted", 0, 100, 0);
    s_error (fx, 61, 202, "Order Canceled - reason:");
    m = s_status_pub (fx, -1);
    assert_string_equal (m->coid, "e-2");
    assert_int_equal (m->status, RT_ORD_STATUS_CANCELLED);
    //  A warning: sys.error only, the order stays as it is.
    int before = gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS);
    s_error (fx, 62, 399, "Order Message: Warning: your order will not be placed at the exchange until");
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), before);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ERROR_EVENT), 3);
    assert_int_equal (s_report (fx, 2)->code, 399);
    assert_int_equal (s_report (fx, 2)->severity, RT_SEVERITY_WARNING);
    assert_int_equal (s_report (fx, 2)->order_id, 62);
    //  An id that is not an order of ours is left to the others (returns 0).
    tws_err_msg_t e;
    memset (&e, 0, sizeof e);
    e.req_id = 1 << 30;
    e.code = 200;
    assert_int_equal (S_FEED (fx, err_msg, &e), 0);
}

static void
test_restart_reconciles_by_order_ref (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 100);
    assert_true (s_place (fx, "keep-1")->ok);
    assert_true (s_place (fx, "gone-1")->ok);       //  will fill while we are away
    //  The gateway process ends; a new one starts from the same RT_DATA_DIR.
    gw_orders_destroy (&fx->orders);
    gw_fake_clear (fx->gw);
    fx->orders = gw_orders_new (fx->gw, fx->dir);
    assert_non_null (fx->orders);
    fx->gw->accepts_orders = false;
    gw_orders_on_next_valid_id (fx->orders, 50);        //  IB forgot: lower than ours
    gw_orders_on_session (fx->orders, true);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_ALL_OPEN_ORDERS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_COMPLETED_ORDERS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_EXECUTIONS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_POSITIONS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_ACCT_DATA), 1);
    int req = s_exec_req_id (fx);

    //  IB reports keep-1 open (bound by orderRef) and gone-1 completed with its execution.
    s_open_order (fx, 100, 9100, "keep-1", "Submitted");
    s_status (fx, 100, 9100, "Submitted", 0, 100, 0);
    static tws_completed_order_t co;
    memset (&co, 0, sizeof co);
    tws_contract_init (&co.contract);
    snprintf (co.contract.symbol, sizeof co.contract.symbol, "AAPL");
    tws_order_init (&co.order);
    co.order.perm_id = 9101;
    snprintf (co.order.action, sizeof co.order.action, "BUY");
    co.order.total_quantity = 100;
    snprintf (co.order.order_type, sizeof co.order.order_type, "LMT");
    co.order.lmt_price = 150.25;
    snprintf (co.order.order_ref, sizeof co.order.order_ref, "gone-1");
    co.order.filled_quantity = 100;
    tws_order_state_init (&co.state);
    snprintf (co.state.status, sizeof co.state.status, "Filled");
    assert_int_equal (S_FEED (fx, completed_order, &co), 1);
    s_exec (fx, 101, 9101, "gone-1", "G.1", 100, 150.2);
    s_exec (fx, 101, 9101, "gone-1", "G.1", 100, 150.2);     //  the live copy crosses it
    s_commission (fx, "G.1", 1.0);

    //  Not done until every end is in.
    tws_open_order_end_t oe = {0};
    tws_completed_orders_end_t ce = {0};
    tws_exec_details_end_t other = { .req_id = req + 1 };
    tws_exec_details_end_t ee = { .req_id = req };
    tws_position_end_t pe = {0};
    S_FEED (fx, open_order_end, &oe);
    S_FEED (fx, completed_orders_end, &ce);
    S_FEED (fx, exec_details_end, &other);
    assert_int_equal (fx->gw->reconcile_done, 0);
    S_FEED (fx, exec_details_end, &ee);
    assert_int_equal (fx->gw->reconcile_done, 0);
    S_FEED (fx, position_end, &pe);
    assert_int_equal (fx->gw->reconcile_done, 1);

    //  keep-1 published as SUBMITTED with its ids; gone-1 FILLED; one fill, then its commission.
    bool keep = false, gone = false;
    for (int i = 0; i < (int) gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS); i++) {
        const rt_order_status_t *s = s_status_pub (fx, i);
        if (strcmp (s->coid, "keep-1") == 0 && s->status == RT_ORD_STATUS_SUBMITTED)
            keep = s->order_id == 100 && s->perm_id == 9100;
        if (strcmp (s->coid, "gone-1") == 0 && s->status == RT_ORD_STATUS_FILLED)
            gone = s->perm_id == 9101 && s->filled == 100;
    }
    assert_true (keep && gone);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_FILL), 2);
    assert_false (s_fill_pub (fx, 0)->has_commission);
    assert_true (s_fill_pub (fx, 1)->has_commission);
    assert_string_equal (s_fill_pub (fx, 0)->coid, "gone-1");

    //  READY: the same coids are known (no second placeOrder), a new one gets a new id that
    //  was never used, although nextValidId came back lower.
    fx->gw->accepts_orders = true;
    const gw_fake_reply_t *r = s_place (fx, "keep-1");
    assert_true (r->ok);
    assert_non_null (strstr (r->reason, "known order order_id=100"));
    fx->gw->peer_msg_count = 0;
    r = s_place (fx, "gone-1");
    assert_true (r->ok);
    assert_non_null (strstr (r->reason, "status=FILLED"));
    const rt_order_status_t *known = s_part (fx, RT_TYPE_ORDER_STATUS, 0);
    assert_non_null (known);
    assert_string_equal (known->coid, "gone-1");
    assert_int_equal (known->perm_id, 9101);
    assert_int_equal (known->status, RT_ORD_STATUS_FILLED);
    assert_true (known->filled == 100);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 0);
    r = s_place (fx, "new-1");
    assert_true (r->ok);
    assert_true (s_placed_id (r) > 101);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 1);
}

static void
test_lost_before_ack_not_resent (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 70);
    assert_true (s_place (fx, "l-1")->ok);      //  never acknowledged
    assert_true (s_place (fx, "l-2")->ok);
    s_status (fx, 71, 9071, "Submitted", 0, 100, 0);  //  acknowledged
    gw_orders_on_lost (fx->orders);
    gw_fake_clear (fx->gw);
    fx->gw->accepts_orders = false;
    gw_orders_on_session (fx->orders, true);
    int req = s_exec_req_id (fx);
    s_recon_ends (fx, req);         //  IB lists nothing at all
    assert_int_equal (fx->gw->reconcile_done, 1);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ORDER_STATUS), 1);
    const rt_order_status_t *m = s_status_pub (fx, -1);
    assert_string_equal (m->coid, "l-1");
    assert_int_equal (m->status, RT_ORD_STATUS_REJECTED);
    assert_non_null (strstr (m->reason, "lost before acknowledgement"));
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_PLACE_ORDER), 0);
    //  The acknowledged one is kept and an operator is told.
    assert_true (gw_fake_msg_count (fx->gw, RT_TYPE_ERROR_EVENT) >= 1);
    assert_non_null (strstr (s_report (fx, -1)->message, "l-2"));
    //  If IB reports the lost one after all, its word wins.
    s_status (fx, 70, 9070, "Submitted", 0, 100, 0);
    m = s_status_pub (fx, -1);
    assert_string_equal (m->coid, "l-1");
    assert_int_equal (m->status, RT_ORD_STATUS_SUBMITTED);
}

static void
test_accounts_positions_snapshot (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_session (fx->orders, true);
    int req = s_exec_req_id (fx);
    tws_update_account_value_t v;
    memset (&v, 0, sizeof v);
    snprintf (v.key, sizeof v.key, "NetLiquidation");
    snprintf (v.value, sizeof v.value, "100000.00");
    snprintf (v.currency, sizeof v.currency, "USD");
    snprintf (v.account, sizeof v.account, "DU111");
    S_FEED (fx, update_account_value, &v);
    S_FEED (fx, update_account_value, &v);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ACCOUNT_VALUE), 1);
    snprintf (v.value, sizeof v.value, "100010.00");
    S_FEED (fx, update_account_value, &v);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_ACCOUNT_VALUE), 2);
    static tws_position_t p;
    memset (&p, 0, sizeof p);
    snprintf (p.account, sizeof p.account, "DU111");
    tws_contract_init (&p.contract);
    p.contract.con_id = 265598;
    snprintf (p.contract.symbol, sizeof p.contract.symbol, "AAPL");
    snprintf (p.contract.sec_type, sizeof p.contract.sec_type, "STK");
    snprintf (p.contract.currency, sizeof p.contract.currency, "USD");
    p.position = 100;
    p.avg_cost = 150.5;
    S_FEED (fx, position, &p);
    S_FEED (fx, position, &p);
    assert_int_equal (gw_fake_msg_count (fx->gw, RT_TYPE_POSITION), 1);
    s_open_order (fx, 5, 9005, "o-1", "Submitted");
    s_recon_ends (fx, req);
    assert_int_equal (fx->gw->reconcile_done, 1);

    gw_fake_clear (fx->gw);
    rt_cmd_peer_t peer;
    memset (&peer, 0, sizeof peer);
    gw_orders_snapshot (fx->orders, &peer);
    assert_int_equal (fx->gw->peer_msg_count, 3);
    const rt_position_t *pos = (const void *) fx->gw->peer_msgs [0].body;
    const rt_account_value_t *val = (const void *) fx->gw->peer_msgs [1].body;
    const rt_order_status_t *ord = (const void *) fx->gw->peer_msgs [2].body;
    assert_int_equal (fx->gw->peer_msgs [0].type, RT_TYPE_POSITION);
    assert_true (pos->qty == 100);
    assert_int_equal (fx->gw->peer_msgs [1].type, RT_TYPE_ACCOUNT_VALUE);
    assert_string_equal (val->value, "100010.00");
    assert_int_equal (fx->gw->peer_msgs [2].type, RT_TYPE_ORDER_STATUS);
    assert_string_equal (ord->coid, "o-1");

    //  After a reconnect IB lists no position: it went to zero while we were away.
    gw_orders_on_lost (fx->orders);
    gw_orders_on_session (fx->orders, true);
    req = s_exec_req_id (fx);
    s_recon_ends (fx, req);
    const rt_position_t *m = s_pub (fx, RT_TYPE_POSITION, -1);
    assert_non_null (m);
    assert_true (m->qty == 0);
    assert_string_equal (m->symbol, "AAPL");
}

static void
test_reconcile_restarts_after_1101 (void **state)
{
    s_fx_t *fx = *state;
    fx->gw->accepts_orders = false;
    gw_orders_on_session (fx->orders, true);
    int first = s_exec_req_id (fx);
    tws_open_order_end_t oe = {0};
    S_FEED (fx, open_order_end, &oe);
    //  1100 then 1101 before the answers are in: everything is asked again.
    gw_fake_clear (fx->gw);
    gw_orders_on_session (fx->orders, false);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_ALL_OPEN_ORDERS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_CANCEL_POSITIONS), 1);
    int second = s_exec_req_id (fx);
    assert_int_not_equal (first, second);
    s_recon_ends (fx, first);
    assert_int_equal (fx->gw->reconcile_done, 0);
    s_recon_ends (fx, second);
    assert_int_equal (fx->gw->reconcile_done, 1);
    //  1101 once reconciled: account data only.
    gw_fake_clear (fx->gw);
    gw_orders_on_session (fx->orders, false);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_ALL_OPEN_ORDERS), 0);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_POSITIONS), 1);
    assert_int_equal (gw_fake_frame_count (fx->gw, TWS_OUT_REQ_ACCT_DATA), 1);
}

//  The fills ring on its own: FIFO, oldest first, commission in place, evicted fills put
//  back only while their commission is owed, holes when an execId leaves the set.
static void
test_execset_fills_ring (void **state)
{
    (void) state;
    gw_execset_t *x = gw_execset_new (6, 3);
    assert_non_null (x);
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    int32_t h [8];
    for (int i = 0; i < 4; i++) {
        snprintf (f.exec_id, sizeof f.exec_id, "X.%d", i);
        f.qty = i + 1;
        h [i] = gw_execset_add (x, f.exec_id);
        gw_execset_keep (x, h [i], &f);
    }
    //  Three kept: X.0 gave way to X.3, but its execId is still known.
    assert_int_equal (gw_execset_fill_count (x), 3);
    assert_int_equal (gw_execset_fill_slots (x), 3);
    assert_null (gw_execset_fill (x, h [0]));
    assert_int_equal (gw_execset_find (x, "X.0"), h [0]);
    assert_string_equal (gw_execset_fill_at (x, 0)->exec_id, "X.1");
    assert_string_equal (gw_execset_fill_at (x, 1)->exec_id, "X.2");
    assert_string_equal (gw_execset_fill_at (x, 2)->exec_id, "X.3");
    assert_null (gw_execset_fill_at (x, 3));
    //  The commission is filled in place, and stays.
    rt_fill_t *k = gw_execset_fill (x, h [2]);
    assert_non_null (k);
    k->has_commission = true;
    k->commission = 0.5;
    gw_execset_set_commission_done (x, h [2]);
    assert_true (gw_execset_fill_at (x, 1)->has_commission);
    //  Put back (owed a commission): it is the newest now, X.1 gives way.
    snprintf (f.exec_id, sizeof f.exec_id, "X.0");
    f.qty = 1;
    gw_execset_keep (x, h [0], &f);
    assert_string_equal (gw_execset_fill_at (x, 0)->exec_id, "X.2");
    assert_string_equal (gw_execset_fill_at (x, 2)->exec_id, "X.0");
    assert_null (gw_execset_fill (x, h [1]));
    //  Replacing a kept fill takes no new slot.
    f.qty = 9;
    gw_execset_keep (x, h [0], &f);
    assert_true (gw_execset_fill_at (x, 2)->qty == 9);
    assert_int_equal (gw_execset_fill_count (x), 3);
    //  The execId set (6) evicts X.0 (the oldest) when X.6 comes: its kept fill goes too,
    //  leaving a hole the iteration skips.
    snprintf (f.exec_id, sizeof f.exec_id, "X.4");
    h [4] = gw_execset_add (x, f.exec_id);
    snprintf (f.exec_id, sizeof f.exec_id, "X.5");
    h [5] = gw_execset_add (x, f.exec_id);
    snprintf (f.exec_id, sizeof f.exec_id, "X.6");
    h [6] = gw_execset_add (x, f.exec_id);
    assert_int_equal (gw_execset_find (x, "X.0"), -1);
    assert_int_equal (gw_execset_fill_count (x), 2);
    assert_int_equal (gw_execset_fill_slots (x), 3);
    assert_string_equal (gw_execset_fill_at (x, 0)->exec_id, "X.2");
    assert_string_equal (gw_execset_fill_at (x, 1)->exec_id, "X.3");
    assert_null (gw_execset_fill_at (x, 2));
    gw_execset_destroy (&x);
    assert_null (x);
}

//  Fills that happened while a consumer was away all reach it through the snapshot, in
//  order, each once, with or without its commission as it stands.
static void
test_snapshot_fills_many (void **state)
{
    s_fx_t *fx = *state;
    gw_orders_on_next_valid_id (fx->orders, 40);
    assert_true (s_place (fx, "m-1")->ok);
    s_status (fx, 40, 8040, "Submitted", 0, 100, 0);
    char id [32];
    for (int i = 0; i < 100; i++) {
        snprintf (id, sizeof id, "M.%03d", i);
        s_exec (fx, 40, 8040, "m-1", id, 1, 10 + i * 0.01);
        if (i % 2 == 0)
            s_commission (fx, id, 0.01);
    }
    s_snapshot (fx);
    assert_int_equal (s_part_count (fx, RT_TYPE_FILL), 100);
    double qty = 0;
    uint32_t with_commission = 0;
    for (uint32_t i = 0; i < 100; i++) {
        const rt_fill_t *f = s_part (fx, RT_TYPE_FILL, i);
        snprintf (id, sizeof id, "M.%03u", i);
        assert_string_equal (f->exec_id, id);
        qty += f->qty;
        with_commission += f->has_commission;
        assert_true (f->has_commission == (i % 2 == 0));
    }
    assert_true (qty == 100);
    assert_int_equal (with_commission, 50);
    //  The open order is there too, before the fills.
    assert_int_equal (fx->gw->peer_msgs [0].type, RT_TYPE_ORDER_STATUS);
}

static void
test_time_parse (void **state)
{
    (void) state;
    assert_true (gw_orders_parse_time ("20240105 10:15:30 US/Eastern") == 1704467730ULL * 1000000000ULL);
    //  Summer: EDT, UTC-4.
    assert_true (gw_orders_parse_time ("20240705 10:00:00 US/Eastern") == 1720188000ULL * 1000000000ULL);
    assert_true (gw_orders_parse_time ("20240105-15:15:30") == 1704467730ULL * 1000000000ULL);
    assert_true (gw_orders_parse_time ("1704467730") == 1704467730ULL * 1000000000ULL);
    assert_true (gw_orders_parse_time ("20240105  10:15:30") == 0);      //  zone unknown
    assert_true (gw_orders_parse_time ("garbage") == 0);
    assert_true (gw_orders_parse_time ("") == 0);
    assert_true (gw_orders_parse_time ("2024010x 10:15:30 UTC") == 0);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_place_exact_fields, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_same_coid_three_times, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_refused_when_not_accepting, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_bad_fields_named, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_cancel, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_status_mapping_and_duplicates, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_partial_then_full_fill_with_commission, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exec_dedupe_across_reconnect, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_order_errors, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_restart_reconciles_by_order_ref, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_lost_before_ack_not_resent, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_accounts_positions_snapshot, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_reconcile_restarts_after_1101, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_snapshot_fills_many, s_setup, s_teardown),
        cmocka_unit_test (test_execset_fills_ring),
        cmocka_unit_test (test_time_parse),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
