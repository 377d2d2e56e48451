/*  sim_handlers_orders.c - orders, open/completed orders, executions. */
#include "sim_handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt_log.h"
#include "sim_send.h"

static double
s_price (double v)
{
    return v == TWS_UNSET_DOUBLE ? SIM_UNSET_DOUBLE : v;
}

int
sim_h_place_order (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    static tws_place_order_t m;         //  large; the loop is single-threaded
    int rc = tws_place_order_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    const tws_order_t *o = &m.order;
    rt_log_info (SIM_REQ_FMT "placeOrder id=%d %s %g %s %s lmt=%g aux=%g tif=%s account='%s'"
              " ref='%s'", SIM_REQ_ARGS (s), m.order_id, o->action, o->total_quantity,
              m.contract.symbol, o->order_type,
              o->lmt_price == TWS_UNSET_DOUBLE ? 0 : o->lmt_price,
              o->aux_price == TWS_UNSET_DOUBLE ? 0 : o->aux_price, o->tif, o->account,
              o->order_ref);
    sim_order_request_t q;
    memset (&q, 0, sizeof q);
    q.client_id = s->client_id;
    q.order_id = m.order_id;
    q.con_id = m.contract.con_id;
    sim_copy (q.symbol, sizeof q.symbol, m.contract.symbol);
    sim_copy (q.sec_type, sizeof q.sec_type, m.contract.sec_type);
    sim_copy (q.exchange, sizeof q.exchange, m.contract.exchange);
    sim_copy (q.currency, sizeof q.currency, m.contract.currency);
    sim_copy (q.action, sizeof q.action, o->action);
    q.total_qty = o->total_quantity == TWS_UNSET_DECIMAL ? 0 : o->total_quantity;
    sim_copy (q.order_type, sizeof q.order_type, o->order_type);
    q.lmt_price = s_price (o->lmt_price);
    q.aux_price = s_price (o->aux_price);
    sim_copy (q.tif, sizeof q.tif, o->tif);
    sim_copy (q.account, sizeof q.account, o->account);
    sim_copy (q.order_ref, sizeof q.order_ref, o->order_ref);
    q.outside_rth = o->outside_rth;
    q.transmit = o->transmit;
    //  Refusals come back through the sink as errors (103, 200, 201, ...).
    sim_broker_place (srv->world->broker, &q, srv->world->now_ms);
    return 0;
}

int
sim_h_cancel_order (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_cancel_order_t m;
    int rc = tws_cancel_order_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "cancelOrder id=%d", SIM_REQ_ARGS (s), m.order_id);
    sim_broker_cancel (srv->world->broker, s->client_id, m.order_id, srv->world->now_ms);
    return 0;
}

int
sim_h_req_global_cancel (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_global_cancel_t m;
    int rc = tws_req_global_cancel_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    int n = sim_broker_global_cancel (srv->world->broker, srv->world->now_ms);
    rt_log_info (SIM_REQ_FMT "reqGlobalCancel (%d orders cancelled)", SIM_REQ_ARGS (s), n);
    return 0;
}

static void
s_open_order_cb (void *ctx, const sim_order_t *o)
{
    sim_session_t *s = ctx;
    static tws_open_order_t oo;
    sim_world_open_order (o, &oo);
    tws_order_status_t st;
    sim_world_order_status (o, &st);
    if (sim_send_open_order (s, &oo) || sim_send_order_status (s, &st))
        rt_log_warn ("s%llu: open order not queued", (unsigned long long) s->id);
}

static void
s_open_orders (sim_server_t *srv, sim_session_t *s, int client_id)
{
    sim_broker_open_orders (srv->world->broker, client_id, s_open_order_cb, s);
    tws_open_order_end_t e = { 0 };
    sim_send_open_order_end (s, &e);
}

int
sim_h_req_open_orders (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_open_orders_t m;
    int rc = tws_req_open_orders_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqOpenOrders", SIM_REQ_ARGS (s));
    s_open_orders (srv, s, s->client_id);
    return 0;
}

int
sim_h_req_all_open_orders (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_all_open_orders_t m;
    int rc = tws_req_all_open_orders_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqAllOpenOrders", SIM_REQ_ARGS (s));
    s_open_orders (srv, s, SIM_ALL_CLIENTS);
    return 0;
}

int
sim_h_req_auto_open_orders (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_auto_open_orders_t m;
    int rc = tws_req_auto_open_orders_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqAutoOpenOrders autoBind=%d", SIM_REQ_ARGS (s), m.auto_bind);
    if (s->client_id != 0) {
        sim_server_error (srv, s, -1, 321, "Error validating request.-'bK' : cause - Auto"
                          " bind is only allowed for client id 0");
        return 0;
    }
    s->auto_bind = m.auto_bind;
    return 0;
}

static void
s_completed_cb (void *ctx, const sim_order_t *o)
{
    sim_session_t *s = ctx;
    static tws_completed_order_t c;
    static tws_open_order_t oo;
    sim_world_open_order (o, &oo);
    memset (&c, 0, sizeof c);
    c.contract = oo.contract;
    c.order = oo.order;
    c.order.filled_quantity = o->filled;
    c.state = oo.state;
    if (o->completed_ms > 0)
        sim_world_time_text (o->completed_ms / 1000, c.state.completed_time,
                             sizeof c.state.completed_time);
    snprintf (c.state.completed_status, sizeof c.state.completed_status, "%s",
              o->completed_status);
    if (sim_send_completed_order (s, &c))
        rt_log_warn ("s%llu: completed order not queued", (unsigned long long) s->id);
}

int
sim_h_req_completed_orders (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_completed_orders_t m;
    int rc = tws_req_completed_orders_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqCompletedOrders apiOnly=%d", SIM_REQ_ARGS (s), m.api_only);
    sim_broker_completed_orders (srv->world->broker, s_completed_cb, s);
    tws_completed_orders_end_t e = { 0 };
    sim_send_completed_orders_end (s, &e);
    return 0;
}

typedef struct {
    sim_session_t *s;
    int req_id;
} s_exec_ctx_t;

static void
s_exec_cb (void *ctx, const sim_execution_t *e)
{
    s_exec_ctx_t *x = ctx;
    tws_exec_details_t d;
    sim_world_exec (e, x->req_id, &d);
    tws_commission_report_t c;
    sim_world_commission (e, &c);
    if (sim_send_exec_details (x->s, &d) || sim_send_commission_report (x->s, &c))
        rt_log_warn ("s%llu: execution not queued", (unsigned long long) x->s->id);
}

//  ExecutionFilter.time: "yyyymmdd hh:mm:ss[ zone]" or "yyyymmdd-hh:mm:ss" (UTC).
static int64_t
s_filter_time (const char *text)
{
    if (!text [0])
        return 0;
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    const char *rest = strptime (text, "%Y%m%d-%H:%M:%S", &tm);
    if (!rest) {
        memset (&tm, 0, sizeof tm);
        rest = strptime (text, "%Y%m%d %H:%M:%S", &tm);
    }
    if (!rest)
        return 0;
    return (int64_t) timegm (&tm) * 1000;
}

int
sim_h_req_executions (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_executions_t m;
    int rc = tws_req_executions_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqExecutions reqId=%d filter client=%d account='%s' time='%s'"
              " symbol='%s' side='%s' lastNDays=%d", SIM_REQ_ARGS (s), m.req_id, m.client_id,
              m.acct_code, m.time, m.symbol, m.side, m.last_n_days);
    sim_exec_filter_t f;
    memset (&f, 0, sizeof f);
    f.client_id = m.client_id;
    sim_copy (f.account, sizeof f.account, m.acct_code);
    f.since_ms = s_filter_time (m.time);
    if (m.last_n_days != TWS_UNSET_INTEGER && m.last_n_days > 0) {
        int64_t since = srv->world->now_ms - (int64_t) m.last_n_days * 86400000LL;
        if (since > f.since_ms)
            f.since_ms = since;
    }
    sim_copy (f.symbol, sizeof f.symbol, m.symbol);
    sim_copy (f.sec_type, sizeof f.sec_type, m.sec_type);
    sim_copy (f.exchange, sizeof f.exchange, m.exchange);
    sim_copy (f.side, sizeof f.side, m.side);
    s_exec_ctx_t x = { .s = s, .req_id = m.req_id };
    sim_broker_executions (srv->world->broker, &f, s_exec_cb, &x);
    tws_exec_details_end_t e = { .req_id = m.req_id };
    sim_send_exec_details_end (s, &e);
    return 0;
}
