/*  sim_world.c - model glue: clock, broker sink, market step, record conversions. */
#include "sim_world.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto/rt_error.h"
#include "rt_log.h"
#include "sim_send.h"
#include "sim_server_int.h"

//  ---------------------------------------------------------------------------------------
//  Conversions

void
sim_world_time_text (int64_t utc_sec, char *buf, size_t cap)
{
    int64_t local = utc_sec + sim_eastern_offset (utc_sec);
    time_t t = (time_t) local;
    struct tm tm;
    if (!gmtime_r (&t, &tm) || strftime (buf, cap, "%Y%m%d %H:%M:%S US/Eastern", &tm) == 0)
        snprintf (buf, cap, "%lld", (long long) utc_sec);
}

void
sim_world_contract (const sim_contract_t *c, tws_contract_t *out, bool with_primary)
{
    tws_contract_init (out);
    out->con_id = c->con_id;
    sim_copy (out->symbol, sizeof out->symbol, c->symbol);
    sim_copy (out->sec_type, sizeof out->sec_type, c->sec_type);
    out->strike = 0.0;                  //  stocks come as strike 0 and right "?" (ib_insync #235)
    snprintf (out->right, sizeof out->right, "?");
    sim_copy (out->exchange, sizeof out->exchange, c->exchange);
    if (with_primary)
        snprintf (out->primary_exchange, sizeof out->primary_exchange, "%s",
                  c->primary_exchange);
    sim_copy (out->currency, sizeof out->currency, c->currency);
    sim_copy (out->local_symbol, sizeof out->local_symbol, c->local_symbol);
    sim_copy (out->trading_class, sizeof out->trading_class, c->trading_class);
}

void
sim_world_open_order (const sim_order_t *o, tws_open_order_t *out)
{
    memset (out, 0, sizeof *out);
    out->order_id = (int) o->order_id;
    sim_world_contract (o->contract, &out->contract, false);
    tws_order_init (&out->order);
    tws_order_state_init (&out->state);
    tws_order_t *d = &out->order;
    d->order_id = (int) o->order_id;
    d->client_id = o->client_id;
    d->perm_id = o->perm_id;
    sim_copy (d->action, sizeof d->action, o->action);
    d->total_quantity = o->total_qty;
    sim_copy (d->order_type, sizeof d->order_type, o->order_type);
    //  openOrder shows 0 for a price the order type does not use (MKT's lmtPrice...).
    d->lmt_price = o->lmt_price == SIM_UNSET_DOUBLE ? 0.0 : o->lmt_price;
    d->aux_price = o->aux_price == SIM_UNSET_DOUBLE ? 0.0 : o->aux_price;
    sim_copy (d->tif, sizeof d->tif, o->tif [0] ? o->tif : "DAY");
    sim_copy (d->account, sizeof d->account, o->account);
    sim_copy (d->order_ref, sizeof d->order_ref, o->order_ref);
    d->outside_rth = o->outside_rth;
    d->transmit = true;
    snprintf (out->state.status, sizeof out->state.status, "%s",
              sim_order_status_str (o->status));
}

void
sim_world_order_status (const sim_order_t *o, tws_order_status_t *out)
{
    memset (out, 0, sizeof *out);
    out->order_id = (int) o->order_id;
    sim_copy (out->status, sizeof out->status, sim_order_status_str (o->status));
    out->filled = o->filled;
    out->remaining = o->remaining;
    out->avg_fill_price = o->avg_fill_price;
    out->perm_id = o->perm_id;
    out->parent_id = 0;
    out->last_fill_price = o->last_fill_price;
    out->client_id = o->client_id;
    out->mkt_cap_price = 0;
}

void
sim_world_exec (const sim_execution_t *e, int req_id, tws_exec_details_t *out)
{
    memset (out, 0, sizeof *out);
    out->req_id = req_id;
    out->order_id = (int) e->order_id;
    sim_world_contract (e->contract, &out->contract, false);
    tws_execution_t *x = &out->execution;
    sim_copy (x->exec_id, sizeof x->exec_id, e->exec_id);
    sim_world_time_text (e->time_ms / 1000, x->time, sizeof x->time);
    sim_copy (x->acct_number, sizeof x->acct_number, e->account);
    sim_copy (x->exchange, sizeof x->exchange, e->exchange);
    sim_copy (x->side, sizeof x->side, e->side);
    x->shares = e->shares;
    x->price = e->price;
    x->perm_id = e->perm_id;
    x->client_id = e->client_id;
    x->liquidation = 0;
    x->cum_qty = e->cum_qty;
    x->avg_price = e->avg_price;
    sim_copy (x->order_ref, sizeof x->order_ref, e->order_ref);
    x->ev_multiplier = 0;
    x->last_liquidity = e->last_liquidity;
}

void
sim_world_commission (const sim_execution_t *e, tws_commission_report_t *out)
{
    memset (out, 0, sizeof *out);
    sim_copy (out->exec_id, sizeof out->exec_id, e->exec_id);
    out->commission = e->commission;
    sim_copy (out->currency, sizeof out->currency, e->commission_currency);
    out->realized_pnl = e->realized_pnl;
    out->yield = TWS_UNSET_DOUBLE;
    out->yield_redemption_date = 0;
}

//  ---------------------------------------------------------------------------------------
//  Broker events -> the owning client's session

static void
s_queue_failed (sim_session_t *s, const char *what, int rc)
{
    if (s->overflow)
        return;                         //  reported once, by the server, when it disconnects
    rt_log_warn ("s%llu client %d: %s not queued: %s", (unsigned long long) s->id, s->client_id,
              what, rt_strerror (rc));
}

static void
s_on_open_order (void *ctx, const sim_order_t *order)
{
    sim_server_t *srv = ctx;
    sim_session_t *s = sim_server_find_client (srv, order->client_id);
    if (!s)
        return;                         //  the client is away; the order lives on at the broker
    tws_open_order_t m;
    sim_world_open_order (order, &m);
    int rc = sim_send_open_order (s, &m);
    if (rc)
        s_queue_failed (s, "openOrder", rc);
}

static void
s_on_order_status (void *ctx, const sim_order_t *order)
{
    sim_server_t *srv = ctx;
    sim_session_t *s = sim_server_find_client (srv, order->client_id);
    if (!s)
        return;
    tws_order_status_t m;
    sim_world_order_status (order, &m);
    int rc = sim_send_order_status (s, &m);
    if (rc)
        s_queue_failed (s, "orderStatus", rc);
}

static void
s_on_execution (void *ctx, const sim_execution_t *exec, const sim_order_t *order)
{
    (void) order;
    sim_server_t *srv = ctx;
    rt_log_info ("fill: client %d order %lld %s %g %s @ %g (%s)", exec->client_id,
              (long long) exec->order_id, exec->side, exec->shares,
              exec->contract ? exec->contract->symbol : "?", exec->price, exec->exec_id);
    sim_session_t *s = sim_server_find_client (srv, exec->client_id);
    if (!s)
        return;
    tws_exec_details_t m;
    sim_world_exec (exec, -1, &m);
    int rc = sim_send_exec_details (s, &m);
    if (rc)
        s_queue_failed (s, "execDetails", rc);
}

static void
s_on_commission (void *ctx, const sim_execution_t *exec)
{
    sim_server_t *srv = ctx;
    sim_session_t *s = sim_server_find_client (srv, exec->client_id);
    if (!s)
        return;
    tws_commission_report_t m;
    sim_world_commission (exec, &m);
    int rc = sim_send_commission_report (s, &m);
    if (rc)
        s_queue_failed (s, "commissionReport", rc);
}

static void
s_on_error (void *ctx, int client_id, int64_t order_id, int code, const char *text)
{
    sim_server_t *srv = ctx;
    rt_log_info ("order error: client %d order %lld: %d %s", client_id, (long long) order_id,
              code, text);
    sim_session_t *s = sim_server_find_client (srv, client_id);
    if (s)
        sim_server_error (srv, s, (int) order_id, code, text);
}

int
sim_world_send_position (sim_session_t *s, const sim_position_t *p)
{
    tws_position_t m;
    memset (&m, 0, sizeof m);
    sim_copy (m.account, sizeof m.account, p->account);
    sim_world_contract (p->contract, &m.contract, false);
    m.position = p->position;
    m.avg_cost = p->avg_cost;
    return sim_send_position (s, &m);
}

int
sim_world_send_portfolio (sim_session_t *s, const sim_position_t *p)
{
    tws_update_portfolio_t m;
    memset (&m, 0, sizeof m);
    sim_world_contract (p->contract, &m.contract, true);
    m.contract.exchange [0] = 0;        //  updatePortfolio carries no exchange
    m.position = p->position;
    m.market_price = p->market_price;
    m.market_value = p->market_value;
    m.average_cost = p->avg_cost;
    m.unrealized_pnl = p->unrealized_pnl;
    m.realized_pnl = p->realized_pnl;
    sim_copy (m.account, sizeof m.account, p->account);
    return sim_send_update_portfolio (s, &m);
}

static void
s_on_position (void *ctx, const sim_position_t *p)
{
    sim_server_t *srv = ctx;
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY)
            continue;
        int rc = 0;
        if (s->positions)
            rc = sim_world_send_position (s, p);
        if (rc == 0 && s->acct_updates && strcmp (s->acct_code, p->account) == 0)
            rc = sim_world_send_portfolio (s, p);
        if (rc)
            s_queue_failed (s, "position", rc);
    }
}

static void
s_on_account_changed (void *ctx, const char *account)
{
    sim_server_t *srv = ctx;
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY)
            continue;
        if (s->acct_updates && strcmp (s->acct_code, account) == 0)
            sim_world_send_account (srv, s, false);
        for (int k = 0; k < SIM_MAX_SUBS; k++)
            if (s->subs [k].kind == SIM_SUB_ACCT_SUMMARY)
                sim_world_send_account_summary (srv, s, &s->subs [k], false);
    }
}

//  ---------------------------------------------------------------------------------------
//  Life cycle

sim_world_t *
sim_world_new (sim_server_t *srv, const sim_opts_t *opts)
{
    sim_world_t *w = calloc (1, sizeof *w);
    if (!w)
        return NULL;
    w->srv = srv;
    w->now_ms = opts->start_ms;
    w->last_second = w->now_ms / 1000;
    w->market = sim_market_new (opts->seed);
    if (!w->market)
        goto fail;
    sim_broker_config_t config = { .seed = opts->seed, .accounts = opts->accounts };
    sim_sink_t sink = {
        .ctx = srv,
        .on_open_order = s_on_open_order,
        .on_order_status = s_on_order_status,
        .on_execution = s_on_execution,
        .on_commission = s_on_commission,
        .on_error = s_on_error,
        .on_position = s_on_position,
        .on_account_changed = s_on_account_changed,
    };
    w->broker = sim_broker_new (&config, w->market, &sink, w->now_ms);
    if (!w->broker)
        goto fail;
    return w;
fail:
    sim_world_destroy (&w);
    return NULL;
}

void
sim_world_destroy (sim_world_t **p)
{
    assert (p);
    sim_world_t *w = *p;
    if (!w)
        return;
    sim_broker_destroy (&w->broker);
    sim_market_destroy (&w->market);
    free (w);
    *p = NULL;
}

void
sim_world_session_gone (sim_server_t *srv, sim_session_t *s)
{
    (void) srv;
    rt_log_debug ("s%llu client %d: session state released", (unsigned long long) s->id,
               s->client_id);
}

//  ---------------------------------------------------------------------------------------
//  Pushes

void
sim_world_send_ticks (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub)
{
    sim_world_t *w = srv->world;
    bool delayed = sub->param >= 3;
    sim_quote_t q;
    int64_t at = delayed ? w->now_ms - SIM_DELAY_MS : w->now_ms;
    if (sim_market_quote (w->market, sub->sym, at, &q) < 0)
        return;
    if (sub->have_quote && q.sec == sub->last_quote.sec && q.version == sub->last_quote.version)
        return;
    sim_tick_t ticks [SIM_TICKS_MAX];
    size_t n = sim_market_tick_diff (sub->have_quote ? &sub->last_quote : NULL, &q, delayed,
                                     ticks);
    int rc = 0;
    bool last = false;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (ticks [i].is_size) {
            tws_tick_size_t m = { .req_id = sub->req_id, .tick_type = ticks [i].tick_type,
                                  .size = (double) ticks [i].size };
            rc = sim_send_tick_size (s, &m);
        }
        else {
            int type = ticks [i].tick_type;
            bool quote = type == TWS_TICK_BID || type == TWS_TICK_ASK;
            tws_tick_price_t m = { .req_id = sub->req_id, .tick_type = type,
                                   .price = ticks [i].price, .size = (double) ticks [i].size,
                                   .attr_mask = quote ? TWS_ATTR_CAN_AUTO_EXECUTE : 0 };
            rc = sim_send_tick_price (s, &m);
            if (type == TWS_TICK_LAST || type == TWS_TICK_DELAYED_LAST)
                last = true;
        }
    }
    if (rc == 0 && last) {
        tws_tick_string_t m = { .req_id = sub->req_id,
                                .tick_type = delayed ? 88 : TWS_TICK_LAST_TIMESTAMP };
        snprintf (m.value, sizeof m.value, "%lld", (long long) q.sec);
        rc = sim_send_tick_string (s, &m);
    }
    if (rc)
        s_queue_failed (s, "market data", rc);
    sub->last_quote = q;
    sub->have_quote = true;
}

static void
s_portfolio_cb (void *ctx, const sim_position_t *p)
{
    sim_session_t *s = ctx;
    int rc = sim_world_send_portfolio (s, p);
    if (rc)
        s_queue_failed (s, "updatePortfolio", rc);
}

void
sim_world_send_account (sim_server_t *srv, sim_session_t *s, bool download_end)
{
    sim_world_t *w = srv->world;
    sim_account_value_t values [SIM_ACCOUNT_VALUES_MAX];
    size_t n = 0;
    if (sim_broker_account_values (w->broker, s->acct_code, w->now_ms, values, &n) < 0)
        return;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        tws_update_account_value_t m;
        memset (&m, 0, sizeof m);
        sim_copy (m.key, sizeof m.key, values [i].key);
        sim_copy (m.value, sizeof m.value, values [i].value);
        sim_copy (m.currency, sizeof m.currency, values [i].currency);
        sim_copy (m.account, sizeof m.account, s->acct_code);
        rc = sim_send_update_account_value (s, &m);
    }
    if (rc == 0 && download_end)
        sim_broker_positions (w->broker, s->acct_code, w->now_ms, s_portfolio_cb, s);
    tws_update_account_time_t t;
    memset (&t, 0, sizeof t);
    int64_t sec = w->now_ms / 1000;
    int64_t local = sec + sim_eastern_offset (sec);
    snprintf (t.time, sizeof t.time, "%02d:%02d", (int) ((local / 3600) % 24),
              (int) ((local / 60) % 60));
    if (rc == 0)
        rc = sim_send_update_account_time (s, &t);
    if (rc == 0 && download_end) {
        tws_account_download_end_t e;
        sim_copy (e.account, sizeof e.account, s->acct_code);
        rc = sim_send_account_download_end (s, &e);
    }
    if (rc)
        s_queue_failed (s, "account update", rc);
}

static bool
s_tag_wanted (const char *tags, const char *key)
{
    if (!tags [0] || strcmp (tags, "All") == 0)
        return true;
    size_t klen = strlen (key);
    for (const char *p = tags; *p; ) {
        const char *comma = strchr (p, ',');
        size_t len = comma ? (size_t) (comma - p) : strlen (p);
        if (len == klen && strncmp (p, key, len) == 0)
            return true;
        if (!comma)
            break;
        p = comma + 1;
    }
    return false;
}

void
sim_world_send_account_summary (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub, bool end)
{
    sim_world_t *w = srv->world;
    const char *accounts = sim_broker_accounts (w->broker);
    int rc = 0;
    for (const char *p = accounts; *p && rc == 0; ) {
        const char *comma = strchr (p, ',');
        size_t len = comma ? (size_t) (comma - p) : strlen (p);
        char account [SIM_ACCOUNT_MAX];
        snprintf (account, sizeof account, "%.*s", (int) len, p);
        sim_account_value_t values [SIM_ACCOUNT_VALUES_MAX];
        size_t n = 0;
        if (sim_broker_account_values (w->broker, account, w->now_ms, values, &n) == 0)
            for (size_t i = 0; i < n && rc == 0; i++) {
                if (!values [i].summary || !s_tag_wanted (sub->tags, values [i].key))
                    continue;
                tws_account_summary_t m;
                memset (&m, 0, sizeof m);
                m.req_id = sub->req_id;
                sim_copy (m.account, sizeof m.account, account);
                sim_copy (m.tag, sizeof m.tag, values [i].key);
                sim_copy (m.value, sizeof m.value, values [i].value);
                sim_copy (m.currency, sizeof m.currency, values [i].currency);
                rc = sim_send_account_summary (s, &m);
            }
        if (!comma)
            break;
        p = comma + 1;
    }
    if (rc == 0 && end) {
        tws_account_summary_end_t m = { .req_id = sub->req_id };
        rc = sim_send_account_summary_end (s, &m);
    }
    if (rc)
        s_queue_failed (s, "account summary", rc);
}

void
sim_world_send_pnl (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub)
{
    sim_world_t *w = srv->world;
    int rc = 0;
    if (sub->kind == SIM_SUB_PNL) {
        sim_pnl_t p;
        if (sim_broker_pnl (w->broker, sub->account, w->now_ms, &p) < 0)
            return;
        tws_pnl_t m = { .req_id = sub->req_id, .daily_pnl = p.daily_pnl,
                        .unrealized_pnl = p.unrealized_pnl, .realized_pnl = p.realized_pnl };
        rc = sim_send_pnl (s, &m);
    }
    else {
        sim_position_t p;
        tws_pnl_single_t m = { .req_id = sub->req_id };
        if (sim_broker_pnl_single (w->broker, sub->account, sub->con_id, w->now_ms, &p) == 0) {
            m.pos = p.position;
            m.daily_pnl = p.daily_pnl;
            m.unrealized_pnl = p.unrealized_pnl;
            m.realized_pnl = p.realized_pnl;
            m.value = p.market_value;
        }
        else {
            //  No position in that contract: IB reports zero position and unset P&L.
            m.pos = 0;
            m.daily_pnl = m.unrealized_pnl = m.realized_pnl = TWS_UNSET_DOUBLE;
            m.value = TWS_UNSET_DOUBLE;
        }
        rc = sim_send_pnl_single (s, &m);
    }
    if (rc)
        s_queue_failed (s, "pnl", rc);
}

//  keepUpToDate: the bar being built, when it changed.
static void
s_hist_update (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub)
{
    sim_world_t *w = srv->world;
    int64_t sec = w->now_ms / 1000;
    int64_t start = sec - (sec % sub->param);
    sim_bar_t bar;
    if (sim_market_bar (w->market, sub->sym, start, sub->param, (sim_show_t) sub->param2,
                        sub->use_rth, w->now_ms + 1, &bar) < 0)
        return;
    if (sub->count > 0 && memcmp (&bar, &sub->last_bar, sizeof bar) == 0)
        return;
    sub->last_bar = bar;
    sub->count = 1;
    tws_historical_data_update_t m;
    memset (&m, 0, sizeof m);
    m.req_id = sub->req_id;
    m.bar.bar_count = bar.count;
    if (sub->format_date == 2)
        snprintf (m.bar.date, sizeof m.bar.date, "%lld", (long long) bar.time);
    else
        sim_world_time_text (bar.time, m.bar.date, sizeof m.bar.date);
    m.bar.open = bar.open;
    m.bar.high = bar.high;
    m.bar.low = bar.low;
    m.bar.close = bar.close;
    m.bar.volume = (double) bar.volume;
    m.bar.wap = bar.wap;
    int rc = sim_send_historical_data_update (s, &m);
    if (rc)
        s_queue_failed (s, "historicalDataUpdate", rc);
}

//  Real-time bars: every complete 5-second bar since the last one sent.
static void
s_rtbar (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub)
{
    sim_world_t *w = srv->world;
    while ((sub->bar_start + 5) * 1000 <= w->now_ms) {
        sim_bar_t bar;
        int rc = sim_market_bar (w->market, sub->sym, sub->bar_start, 5,
                                 (sim_show_t) sub->param2, sub->use_rth, w->now_ms, &bar);
        if (rc == 0) {
            tws_realtime_bar_t m = { .req_id = sub->req_id, .time = sub->bar_start,
                                     .open = bar.open, .high = bar.high, .low = bar.low,
                                     .close = bar.close,
                                     .volume = bar.volume < 0 ? -1 : (double) bar.volume,
                                     .wap = bar.wap, .count = bar.count };
            rc = sim_send_realtime_bar (s, &m);
            if (rc)
                s_queue_failed (s, "realtimeBar", rc);
        }
        sub->bar_start += 5;
    }
}

void
sim_world_publish (sim_server_t *srv)
{
    sim_world_t *w = srv->world;
    bool new_second = w->now_ms / 1000 != w->last_second;
    w->last_second = w->now_ms / 1000;
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY || s->overflow)
            continue;
        for (int k = 0; k < SIM_MAX_SUBS; k++) {
            sim_sub_t *sub = &s->subs [k];
            switch (sub->kind) {
                case SIM_SUB_MKT:
                    if (!w->farms_down)
                        sim_world_send_ticks (srv, s, sub);
                    break;
                case SIM_SUB_HIST:
                    if (!w->farms_down)
                        s_hist_update (srv, s, sub);
                    break;
                case SIM_SUB_RTBAR:
                    if (!w->farms_down)
                        s_rtbar (srv, s, sub);
                    break;
                case SIM_SUB_PNL:
                case SIM_SUB_PNL_SINGLE:
                    if (new_second)
                        sim_world_send_pnl (srv, s, sub);
                    break;
                default:
                    break;
            }
        }
    }
}

void
sim_world_step_by (sim_server_t *srv, int64_t step_ms)
{
    sim_world_t *w = srv->world;
    w->now_ms += step_ms;
    sim_broker_advance (w->broker, w->now_ms);
    sim_world_publish (srv);
}

void
sim_world_step (sim_server_t *srv)
{
    sim_world_step_by (srv, srv->opts.tick_ms);
}
