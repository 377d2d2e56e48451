/*  test_sim_broker.c - orders, fills, executions, commissions and accounts of the tws-sim
    model, with P&L checked against hand-computed values. Prices are pinned with
    sim_market_set_volatility (0) + sim_market_set_price, which quote exactly one cent either
    side of the set price.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_error.h"
#include "sim_broker.h"

//  Friday 2024-01-05 15:00:00 UTC
#define T0 (1704466800LL * 1000)
#define EPS 1e-6

//  ---------------------------------------------------------------------------------------
//  A sink that records: a text log of every event (for determinism and order checks) and
//  the last execution / error for assertions.

typedef struct {
    char    log [65536];
    size_t  len;
    int     nexec, nerr, nstatus, nopen, ncomm, npos;
    sim_execution_t exec [64];
    int     err_code;
    int64_t err_id;
    char    err_text [320];
    char    kinds [256];        //  one letter per event: O open, S status, E exec, C comm, X err
    size_t  nkinds;
} rec_t;

static void
s_log (rec_t *r, char kind, const char *fmt, ...)
{
    if (r->nkinds < sizeof r->kinds - 1)
        r->kinds [r->nkinds++] = kind;
    va_list ap;
    va_start (ap, fmt);
    int n = vsnprintf (r->log + r->len, sizeof r->log - r->len, fmt, ap);
    va_end (ap);
    if (n > 0 && (size_t) n < sizeof r->log - r->len)
        r->len += (size_t) n;
}

static void
on_open (void *ctx, const sim_order_t *o)
{
    rec_t *r = ctx;
    r->nopen++;
    s_log (r, 'O', "open %d %lld %lld %s %s %.0f %s %.2f %.2f %s %s %s\n", o->client_id,
           (long long) o->order_id, (long long) o->perm_id, o->contract->symbol, o->action,
           o->total_qty, o->order_type, o->lmt_price == SIM_UNSET_DOUBLE ? 0 : o->lmt_price,
           o->aux_price == SIM_UNSET_DOUBLE ? 0 : o->aux_price, o->tif, o->order_ref,
           sim_order_status_str (o->status));
}

static void
on_status (void *ctx, const sim_order_t *o)
{
    rec_t *r = ctx;
    r->nstatus++;
    s_log (r, 'S', "status %lld %s %.0f %.0f %.4f %.2f\n", (long long) o->order_id,
           sim_order_status_str (o->status), o->filled, o->remaining, o->avg_fill_price,
           o->last_fill_price);
}

static void
on_exec (void *ctx, const sim_execution_t *e, const sim_order_t *o)
{
    rec_t *r = ctx;
    if (r->nexec < 64)
        r->exec [r->nexec] = *e;
    r->nexec++;
    s_log (r, 'E', "exec %s %lld %s %s %.0f %.2f %.0f %s\n", e->exec_id,
           (long long) e->order_id, e->contract->symbol, e->side, e->shares, e->price,
           e->cum_qty, e->order_ref);
}

static void
on_comm (void *ctx, const sim_execution_t *e)
{
    rec_t *r = ctx;
    r->ncomm++;
    s_log (r, 'C', "comm %s %.4f %s %.4f\n", e->exec_id, e->commission,
           e->commission_currency, e->realized_pnl == SIM_UNSET_DOUBLE ? 0 : e->realized_pnl);
}

static void
on_error (void *ctx, int client_id, int64_t order_id, int code, const char *text)
{
    rec_t *r = ctx;
    r->nerr++;
    r->err_code = code;
    r->err_id = order_id;
    snprintf (r->err_text, sizeof r->err_text, "%s", text);
    s_log (r, 'X', "error %d %lld %d %s\n", client_id, (long long) order_id, code, text);
}

static void
on_position (void *ctx, const sim_position_t *p)
{
    rec_t *r = ctx;
    r->npos++;
    s_log (r, 'P', "pos %s %s %.0f %.4f\n", p->account, p->contract->symbol, p->position,
           p->avg_cost);
}

static void
on_account (void *ctx, const char *account)
{
    rec_t *r = ctx;
    s_log (r, 'A', "acct %s\n", account);
}

typedef struct {
    sim_market_t *market;
    sim_broker_t *broker;
    rec_t rec;
    int aapl, msft;
} fx_t;

static fx_t *
s_fx (uint64_t seed, const sim_broker_config_t *config)
{
    static fx_t fx;
    memset (&fx, 0, sizeof fx);
    fx.market = sim_market_new (seed);
    assert_non_null (fx.market);
    sim_sink_t sink = { &fx.rec, on_open, on_status, on_exec, on_comm, on_error,
                        on_position, on_account };
    sim_broker_config_t def = { .seed = seed };
    fx.broker = sim_broker_new (config ? config : &def, fx.market, &sink, T0);
    assert_non_null (fx.broker);
    fx.aapl = sim_universe_find_symbol ("AAPL");
    fx.msft = sim_universe_find_symbol ("MSFT");
    return &fx;
}

static void
s_fx_free (fx_t *fx)
{
    sim_broker_destroy (&fx->broker);
    sim_market_destroy (&fx->market);
    assert_null (fx->broker);
}

//  Pins sym at price from now_ms on (bid = price - 0.01, ask = price + 0.01).
static void
s_pin (fx_t *fx, int sym, int64_t now_ms, double price)
{
    assert_int_equal (sim_market_set_volatility (fx->market, sym, now_ms, 0), 0);
    assert_int_equal (sim_market_set_price (fx->market, sym, now_ms, price), 0);
}

static sim_order_request_t
s_req (int client, int64_t id, const char *sym, const char *action, double qty,
       const char *type, double lmt, double aux, const char *tif)
{
    sim_order_request_t r;
    memset (&r, 0, sizeof r);
    r.client_id = client;
    r.order_id = id;
    snprintf (r.symbol, sizeof r.symbol, "%s", sym);
    snprintf (r.sec_type, sizeof r.sec_type, "STK");
    snprintf (r.exchange, sizeof r.exchange, "SMART");
    snprintf (r.currency, sizeof r.currency, "USD");
    snprintf (r.action, sizeof r.action, "%s", action);
    r.total_qty = qty;
    snprintf (r.order_type, sizeof r.order_type, "%s", type);
    r.lmt_price = lmt;
    r.aux_price = aux;
    snprintf (r.tif, sizeof r.tif, "%s", tif);
    snprintf (r.order_ref, sizeof r.order_ref, "cl-%lld", (long long) id);
    r.transmit = true;
    return r;
}

#define U SIM_UNSET_DOUBLE

static double
s_value (fx_t *fx, const char *key, const char *currency)
{
    sim_account_value_t v [SIM_ACCOUNT_VALUES_MAX];
    size_t n = 0;
    assert_int_equal (sim_broker_account_values (fx->broker, "DU123456", T0 + 3600000, v, &n),
                      0);
    for (size_t i = 0; i < n; i++)
        if (strcmp (v [i].key, key) == 0 && strcmp (v [i].currency, currency) == 0) {
            double x;
            assert_int_equal (sscanf (v [i].value, "%lf", &x), 1);
            return x;
        }
    fail_msg ("no account value %s/%s", key, currency);
    return 0;
}

//  ---------------------------------------------------------------------------------------

static void
test_market_order_event_order (void **state)
{
    fx_t *fx = s_fx (1, NULL);
    s_pin (fx, fx->aapl, T0, 150.00);
    sim_order_request_t r = s_req (7, 1, "AAPL", "BUY", 100, "MKT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, T0), 0);
    //  accepted: openOrder + orderStatus Submitted; fill: exec, openOrder, status, commission,
    //  then position and account notifications.
    fx->rec.kinds [fx->rec.nkinds] = 0;
    assert_string_equal (fx->rec.kinds, "OSEOSCPA");
    assert_non_null (strstr (fx->rec.log, "status 1 Submitted 0 100"));
    assert_non_null (strstr (fx->rec.log, "status 1 Filled 100 0 150.0100 150.01"));
    assert_int_equal (fx->rec.nexec, 1);
    const sim_execution_t *e = &fx->rec.exec [0];
    assert_string_equal (e->side, "BOT");
    assert_true (fabs (e->price - 150.01) < EPS && e->shares == 100);
    assert_true (fabs (e->commission - 1.00) < EPS);       //  0.5 -> the $1 minimum
    assert_true (e->realized_pnl == SIM_UNSET_DOUBLE);
    assert_string_equal (e->order_ref, "cl-1");
    assert_string_equal (e->account, "DU123456");
    assert_string_equal (e->exchange, "NASDAQ");
    assert_int_equal (e->last_liquidity, 2);
    //  "0000e0d5.6553a1c4.01.01" shape
    assert_int_equal (strlen (e->exec_id), 23);
    assert_true (e->exec_id [8] == '.' && e->exec_id [17] == '.' && e->exec_id [20] == '.');
    assert_string_equal (e->exec_id + 17, ".01.01");
    const sim_order_t *o = sim_broker_order (fx->broker, 7, 1);
    assert_non_null (o);
    assert_int_equal (o->status, SIM_ST_FILLED);
    assert_true (o->perm_id > 0 && o->perm_id == e->perm_id);
    //  cash and position: 100 * 150.01 + 1.00
    double cash;
    assert_int_equal (sim_broker_cash (fx->broker, "DU123456", &cash), 0);
    assert_true (fabs (cash - (1000000 - 15001 - 1)) < EPS);
    sim_position_t p;
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU123456", 265598, T0, &p), 0);
    assert_true (p.position == 100 && fabs (p.avg_cost - 150.02) < EPS);
    s_fx_free (fx);
}

static void
test_pnl_round_trip_long_and_short (void **state)
{
    fx_t *fx = s_fx (2, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    sim_order_request_t r = s_req (1, 1, "AAPL", "BUY", 100, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);     //  @150.01, comm 1
    t += 1000;
    s_pin (fx, fx->aapl, t, 151.00);                                //  bid 150.99
    sim_quote_t q;
    sim_market_quote (fx->market, fx->aapl, T0 + 3600000, &q);
    //  unrealised: 100 * (last - 150.02)
    sim_position_t p;
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU123456", 265598, T0 + 3600000, &p),
                      0);
    assert_true (fabs (p.unrealized_pnl - 100 * (q.last - 150.02)) < EPS);
    assert_true (fabs (s_value (fx, "NetLiquidation", "USD")
                       - (1000000 - 15002 + 100 * q.last)) < 0.006);
    r = s_req (1, 2, "AAPL", "SELL", 100, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);     //  @150.99, comm 1
    //  realised: 100 * (150.99 - 150.02) - 1 = 96
    assert_true (fabs (fx->rec.exec [1].realized_pnl - 96.0) < EPS);
    assert_true (fabs (fx->rec.exec [1].price - 150.99) < EPS);
    double cash;
    sim_broker_cash (fx->broker, "", &cash);
    assert_true (fabs (cash - 1000096.0) < EPS);
    assert_true (fabs (s_value (fx, "NetLiquidation", "USD") - 1000096.0) < 0.006);
    assert_true (fabs (s_value (fx, "RealizedPnL", "USD") - 96.0) < 0.006);
    assert_true (fabs (s_value (fx, "GrossPositionValue", "USD")) < 0.006);
    sim_pnl_t pnl;
    assert_int_equal (sim_broker_pnl (fx->broker, "DU123456", t, &pnl), 0);
    assert_true (fabs (pnl.daily_pnl - 96.0) < EPS && fabs (pnl.realized_pnl - 96.0) < EPS);
    assert_true (fabs (pnl.unrealized_pnl) < EPS);

    //  Short 200 @149.99 (comm 1): avg cost = (200 * 149.99 - 1) / 200 = 149.985
    t += 1000;
    s_pin (fx, fx->aapl, t, 150.00);
    r = s_req (1, 3, "AAPL", "SELL", 200, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU123456", 265598, t, &p), 0);
    assert_true (p.position == -200 && fabs (p.avg_cost - 149.985) < EPS);
    //  Buy 300 @150.01, comm 1.50: closes 200 (realised 200 * (149.985 - 150.01) - 1.00 = -6),
    //  opens 100 long at 150.01 + 0.50 / 100 = 150.015.
    t += 1000;
    r = s_req (1, 4, "AAPL", "BUY", 300, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    const sim_order_t *o = sim_broker_order (fx->broker, 1, 4);
    //  300 may need several seconds of displayed size; drive the clock until filled.
    for (int i = 0; i < 10 && o->status != SIM_ST_FILLED; i++) {
        t += 1000;
        sim_broker_advance (fx->broker, t);
    }
    assert_int_equal (o->status, SIM_ST_FILLED);
    assert_true (fabs (o->commission - 1.50) < EPS);
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU123456", 265598, t, &p), 0);
    assert_true (p.position == 100);
    assert_true (fabs (p.avg_cost - 150.015) < EPS);
    assert_true (fabs (p.realized_pnl - (96.0 - 6.0)) < EPS);
    //  cash: 1000096 + 29998 - 1 - 45003 - 1.5
    sim_broker_cash (fx->broker, "DU123456", &cash);
    assert_true (fabs (cash - (1000096 + 29998 - 1 - 45003 - 1.5)) < EPS);
    s_fx_free (fx);
}

static void
test_limit_crosses_only_when_market_does (void **state)
{
    fx_t *fx = s_fx (3, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    //  Resting buy at 149.50: no fill while the ask is 150.01.
    sim_order_request_t r = s_req (1, 10, "AAPL", "BUY", 100, "LMT", 149.50, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    for (int i = 0; i < 20; i++) {
        t += 1000;
        sim_broker_advance (fx->broker, t);
    }
    assert_int_equal (fx->rec.nexec, 0);
    assert_int_equal (sim_broker_order (fx->broker, 1, 10)->status, SIM_ST_SUBMITTED);
    //  A move to 149.51 puts the ask at 149.52: still above the limit.
    s_pin (fx, fx->aapl, t, 149.51);
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 0);
    //  Ask 149.41 crosses: the resting order fills at its limit.
    t += 1000;
    s_pin (fx, fx->aapl, t, 149.40);
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 1);
    assert_true (fabs (fx->rec.exec [0].price - 149.50) < EPS);
    assert_int_equal (fx->rec.exec [0].last_liquidity, 1);
    //  A marketable limit fills at the touch (price improvement).
    r = s_req (1, 11, "AAPL", "BUY", 100, "LMT", 151.00, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (fx->rec.nexec, 2);
    assert_true (fabs (fx->rec.exec [1].price - 149.41) < EPS);
    //  Sell limit above the market waits for the bid.
    r = s_req (1, 12, "AAPL", "SELL", 100, "LMT", 150.50, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (fx->rec.nexec, 2);
    t += 1000;
    s_pin (fx, fx->aapl, t, 150.50);            //  bid 150.49: not yet
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 2);
    t += 1000;
    s_pin (fx, fx->aapl, t, 150.51);            //  bid 150.50: touches the limit
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 3);
    assert_true (fabs (fx->rec.exec [2].price - 150.50) < EPS);
    assert_string_equal (fx->rec.exec [2].side, "SLD");
    s_fx_free (fx);
}

static void
test_stops (void **state)
{
    fx_t *fx = s_fx (4, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    //  Sell stop at 149.00: PreSubmitted (IB holds simulated stops) until the last trades
    //  at or below it, then a market order.
    sim_order_request_t r = s_req (1, 1, "AAPL", "SELL", 100, "STP", U, 149.00, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_order (fx->broker, 1, 1)->status, SIM_ST_PRESUBMITTED);
    for (int i = 0; i < 5; i++)
        sim_broker_advance (fx->broker, t += 1000);
    assert_int_equal (fx->rec.nexec, 0);
    s_pin (fx, fx->aapl, t += 1000, 148.90);    //  last 148.89 or 148.91
    fx->rec.nkinds = 0;
    sim_broker_advance (fx->broker, t);
    fx->rec.kinds [fx->rec.nkinds] = 0;
    assert_string_equal (fx->rec.kinds, "OSEOSCPA");   //  Submitted on trigger, then the fill
    assert_true (fabs (fx->rec.exec [0].price - 148.89) < EPS);
    //  Buy stop limit: triggers at 151, limit 151.00; the ask runs away to 151.51 so it rests,
    //  and fills at its limit when the ask comes back under it.
    r = s_req (1, 2, "AAPL", "BUY", 100, "STP LMT", 151.00, 151.00, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_order (fx->broker, 1, 2)->status, SIM_ST_PRESUBMITTED);
    s_pin (fx, fx->aapl, t += 1000, 151.50);
    sim_broker_advance (fx->broker, t);
    const sim_order_t *o = sim_broker_order (fx->broker, 1, 2);
    assert_true (o->triggered);
    assert_int_equal (o->status, SIM_ST_SUBMITTED);
    assert_int_equal (fx->rec.nexec, 1);
    s_pin (fx, fx->aapl, t += 1000, 150.90);
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 2);
    assert_true (fabs (fx->rec.exec [1].price - 151.00) < EPS);
    //  Buy stop limit that is marketable when triggered fills at the ask.
    r = s_req (1, 3, "AAPL", "BUY", 100, "STP LMT", 152.00, 151.50, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    s_pin (fx, fx->aapl, t += 1000, 151.60);
    sim_broker_advance (fx->broker, t);
    assert_int_equal (fx->rec.nexec, 3);
    assert_true (fabs (fx->rec.exec [2].price - 151.61) < EPS);
    s_fx_free (fx);
}

static void
test_partial_fills (void **state)
{
    fx_t *fx = s_fx (5, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    sim_quote_t q;
    sim_market_quote (fx->market, fx->aapl, t, &q);
    //  AAPL displays at most 1500 shares, so 5000 needs several updates.
    sim_order_request_t r = s_req (1, 1, "AAPL", "BUY", 5000, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (fx->rec.nexec, 1);
    assert_true (fx->rec.exec [0].shares == (double) q.ask_size);
    const sim_order_t *o = sim_broker_order (fx->broker, 1, 1);
    assert_int_equal (o->status, SIM_ST_SUBMITTED);
    assert_true (o->filled == (double) q.ask_size && o->remaining == 5000 - o->filled);
    //  A second order in the same second finds the displayed size taken.
    r = s_req (1, 2, "AAPL", "BUY", 100, "MKT", U, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (fx->rec.nexec, 1);
    double total = o->filled;
    while (o->status != SIM_ST_FILLED) {
        t += 1000;
        int before = fx->rec.nexec;
        sim_market_quote (fx->market, fx->aapl, t, &q);
        sim_broker_advance (fx->broker, t);
        //  Older order first (time priority), each fill within the displayed size.
        assert_true (fx->rec.nexec > before);
        assert_int_equal (fx->rec.exec [before].order_id, 1);
        assert_true (fx->rec.exec [before].shares <= (double) q.ask_size);
        total += fx->rec.exec [before].shares;
        assert_true (fabs (fx->rec.exec [before].cum_qty - total) < EPS);
    }
    assert_true (total == 5000);
    assert_non_null (strstr (fx->rec.log, "status 1 Filled 5000 0 150.0100"));
    //  Commission for the whole order: 5000 * 0.005 = 25, the $1 minimum paid once.
    assert_true (fabs (o->commission - 25.0) < EPS);
    double comm = 0;
    for (int i = 0; i < fx->rec.nexec && i < 64; i++)
        if (fx->rec.exec [i].order_id == 1)
            comm += fx->rec.exec [i].commission;
    assert_true (fabs (comm - 25.0) < EPS);
    s_fx_free (fx);
}

static void
test_tif (void **state)
{
    fx_t *fx = s_fx (6, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    sim_order_request_t r = s_req (1, 1, "AAPL", "BUY", 100, "LMT", 140.00, U, "DAY");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    r = s_req (1, 2, "AAPL", "BUY", 100, "LMT", 140.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    r = s_req (1, 3, "AAPL", "BUY", 100, "LMT", 140.00, U, "");       //  "" = DAY
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_string_equal (sim_broker_order (fx->broker, 1, 3)->tif, "DAY");
    //  IOC: what cannot fill at once is cancelled.
    r = s_req (1, 4, "AAPL", "BUY", 100, "LMT", 140.00, U, "IOC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_order (fx->broker, 1, 4)->status, SIM_ST_CANCELLED);
    assert_int_equal (fx->rec.err_code, 202);
    //  Past 00:00 UTC (9 hours later) the DAY orders expire, the GTC stays.
    sim_broker_advance (fx->broker, T0 + 9 * 3600 * 1000);
    assert_int_equal (sim_broker_order (fx->broker, 1, 1)->status, SIM_ST_CANCELLED);
    assert_int_equal (sim_broker_order (fx->broker, 1, 3)->status, SIM_ST_CANCELLED);
    assert_int_equal (sim_broker_order (fx->broker, 1, 2)->status, SIM_ST_SUBMITTED);
    r = s_req (1, 5, "AAPL", "BUY", 100, "LMT", 140.00, U, "OPG");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    s_fx_free (fx);
}

static void
test_modify_and_cancel (void **state)
{
    fx_t *fx = s_fx (7, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    sim_order_request_t r = s_req (3, 5, "AAPL", "BUY", 100, "LMT", 149.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    int64_t perm = sim_broker_order (fx->broker, 3, 5)->perm_id;
    //  Modify quantity and price (same id): openOrder + orderStatus with the new fields.
    r.total_qty = 200;
    r.lmt_price = 149.10;
    fx->rec.nkinds = 0;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    fx->rec.kinds [fx->rec.nkinds] = 0;
    assert_string_equal (fx->rec.kinds, "OS");
    const sim_order_t *o = sim_broker_order (fx->broker, 3, 5);
    assert_true (o->total_qty == 200 && fabs (o->lmt_price - 149.10) < EPS);
    assert_int_equal (o->perm_id, perm);
    //  Changing the side is not a modification: 105.
    sim_order_request_t bad = r;
    snprintf (bad.action, sizeof bad.action, "SELL");
    assert_int_equal (sim_broker_place (fx->broker, &bad, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 105);
    //  Cancel: 202 then Cancelled; again: 161; unknown: 135.
    fx->rec.nkinds = 0;
    assert_int_equal (sim_broker_cancel (fx->broker, 3, 5, t), 0);
    fx->rec.kinds [fx->rec.nkinds] = 0;
    assert_string_equal (fx->rec.kinds, "XS");
    assert_non_null (strstr (fx->rec.log, "error 3 5 202 Order Canceled - reason:"));
    assert_int_equal (o->status, SIM_ST_CANCELLED);
    assert_int_equal (sim_broker_cancel (fx->broker, 3, 5, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 161);
    assert_int_equal (sim_broker_cancel (fx->broker, 3, 99, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 135);
    //  Re-placing a cancelled id is a duplicate.
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 103);
    //  A modification that makes the order marketable fills it at once.
    r = s_req (3, 6, "AAPL", "BUY", 100, "LMT", 149.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    r.lmt_price = 150.05;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (fx->rec.nexec, 1);
    assert_true (fabs (fx->rec.exec [0].price - 150.01) < EPS);
    //  Modifying a filled order: 104.
    r.lmt_price = 150.10;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 104);
    //  Global cancel takes every client's open orders.
    r = s_req (3, 7, "AAPL", "BUY", 100, "LMT", 140.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    r = s_req (4, 1, "MSFT", "SELL", 10, "LMT", 500.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_global_cancel (fx->broker, t), 2);
    assert_int_equal (sim_broker_global_cancel (fx->broker, t), 0);
    s_fx_free (fx);
}

static void
s_count_order (void *ctx, const sim_order_t *o)
{
    (*(int *) ctx)++;
}

static void
s_count_exec (void *ctx, const sim_execution_t *e)
{
    (*(int *) ctx)++;
}

static void
s_count_pos (void *ctx, const sim_position_t *p)
{
    (*(int *) ctx)++;
}

static void
test_order_ids (void **state)
{
    fx_t *fx = s_fx (8, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    assert_int_equal (sim_broker_next_order_id (fx->broker, 1), 1);
    sim_order_request_t r = s_req (1, 10, "AAPL", "BUY", 1, "LMT", 100.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_next_order_id (fx->broker, 1), 11);
    //  Lower id of the same client: 103, nothing created.
    r = s_req (1, 9, "AAPL", "BUY", 1, "LMT", 100.00, U, "GTC");
    fx->rec.nkinds = 0;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 103);
    assert_int_equal (fx->rec.err_id, 9);
    fx->rec.kinds [fx->rec.nkinds] = 0;
    assert_string_equal (fx->rec.kinds, "X");
    assert_null (sim_broker_order (fx->broker, 1, 9));
    //  Ids are per client: client 2 may use 9.
    r.client_id = 2;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    assert_int_equal (sim_broker_next_order_id (fx->broker, 2), 10);
    //  An id consumed by a refused order cannot be reused.
    r = s_req (1, 11, "AAPL", "BUY", 1, "LMT", 100.005, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 110);
    r.lmt_price = 100.00;
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 103);
    //  Open orders per client and for all; they belong to the broker, not a session.
    int n = 0;
    assert_int_equal (sim_broker_open_orders (fx->broker, 1, s_count_order, &n), 1);
    assert_int_equal (sim_broker_open_orders (fx->broker, 2, s_count_order, &n), 1);
    assert_int_equal (sim_broker_open_orders (fx->broker, SIM_ALL_CLIENTS, s_count_order, &n),
                      2);
    assert_int_equal (n, 4);
    //  Perm ids are unique.
    assert_true (sim_broker_order (fx->broker, 1, 10)->perm_id
                 != sim_broker_order (fx->broker, 2, 9)->perm_id);
    s_fx_free (fx);
}

static void
test_rejections (void **state)
{
    fx_t *fx = s_fx (9, NULL);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    sim_order_request_t r = s_req (1, 1, "ZZZZ", "BUY", 1, "MKT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 200);
    r = s_req (1, 2, "AAPL", "BUY", 0, "MKT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    r = s_req (1, 3, "AAPL", "BUY", 1, "LMT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    r = s_req (1, 4, "AAPL", "BUY", 1, "TRAIL", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 387);
    r = s_req (1, 5, "AAPL", "HOLD", 1, "MKT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    r = s_req (1, 6, "AAPL", "BUY", 1, "MKT", U, U, "");
    snprintf (r.account, sizeof r.account, "DU999");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    //  Margin: 30000 AAPL is 4.5M of stock, 1.125M initial margin > 1M equity.
    r = s_req (1, 7, "AAPL", "BUY", 30000, "MKT", U, U, "");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_EINVAL);
    assert_int_equal (fx->rec.err_code, 201);
    assert_non_null (strstr (fx->rec.err_text, "EQUITY WITH LOAN VALUE"));
    assert_int_equal (fx->rec.nexec, 0);
    assert_int_equal (fx->rec.nopen, 0);
    s_fx_free (fx);
}

static void
test_capacity_and_queries (void **state)
{
    sim_broker_config_t config = { .seed = 10, .max_orders = 4, .max_executions = 3,
                                   .accounts = "DU111,DU222", .initial_cash = 50000,
                                   .first_order_id = 100 };
    fx_t *fx = s_fx (10, &config);
    int64_t t = T0;
    s_pin (fx, fx->aapl, t, 150.00);
    assert_string_equal (sim_broker_accounts (fx->broker), "DU111,DU222");
    assert_int_equal (sim_broker_next_order_id (fx->broker, 0), 100);
    double cash;
    assert_int_equal (sim_broker_cash (fx->broker, "DU222", &cash), 0);
    assert_true (cash == 50000);
    assert_int_equal (sim_broker_cash (fx->broker, "DU333", &cash), RT_EINVAL);
    //  Four open orders fill the table; a fifth is refused.
    for (int i = 0; i < 4; i++) {
        sim_order_request_t r = s_req (1, 100 + i, "AAPL", "BUY", 1, "LMT", 100.00, U, "GTC");
        assert_int_equal (sim_broker_place (fx->broker, &r, t), 0);
    }
    sim_order_request_t r = s_req (1, 104, "AAPL", "BUY", 1, "LMT", 100.00, U, "GTC");
    assert_int_equal (sim_broker_place (fx->broker, &r, t), RT_ERANGE);
    assert_int_equal (fx->rec.err_code, 201);
    //  Completed orders make room: the oldest completed is forgotten first.
    sim_broker_global_cancel (fx->broker, t);
    int n = 0;
    assert_int_equal (sim_broker_completed_orders (fx->broker, s_count_order, &n), 4);
    for (int i = 0; i < 5; i++) {
        r = s_req (2, 200 + i, "AAPL", i % 2 ? "SELL" : "BUY", 10, "MKT", U, U, "");
        snprintf (r.account, sizeof r.account, "%s", i < 3 ? "DU222" : "DU111");
        assert_int_equal (sim_broker_place (fx->broker, &r, t += 1000), 0);
    }
    assert_null (sim_broker_order (fx->broker, 1, 100));
    assert_non_null (sim_broker_order (fx->broker, 2, 204));
    n = 0;
    assert_int_equal (sim_broker_completed_orders (fx->broker, s_count_order, &n), 4);
    //  Executions: a ring of 3; filters by client, account, side, symbol, time.
    n = 0;
    assert_int_equal (sim_broker_executions (fx->broker, NULL, s_count_exec, &n), 3);
    sim_exec_filter_t f = { 0 };
    snprintf (f.account, sizeof f.account, "DU111");
    assert_int_equal (sim_broker_executions (fx->broker, &f, s_count_exec, &n), 2);
    memset (&f, 0, sizeof f);
    snprintf (f.side, sizeof f.side, "SELL");
    assert_int_equal (sim_broker_executions (fx->broker, &f, s_count_exec, &n), 1);
    memset (&f, 0, sizeof f);
    f.client_id = 1;
    assert_int_equal (sim_broker_executions (fx->broker, &f, s_count_exec, &n), 0);
    memset (&f, 0, sizeof f);
    snprintf (f.symbol, sizeof f.symbol, "MSFT");
    assert_int_equal (sim_broker_executions (fx->broker, &f, s_count_exec, &n), 0);
    memset (&f, 0, sizeof f);
    f.since_ms = t;
    assert_int_equal (sim_broker_executions (fx->broker, &f, s_count_exec, &n), 1);
    //  Positions per account: DU222 bought 10, sold 10, bought 10; DU111 sold 10, bought 10.
    sim_position_t p;
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU222", 265598, t, &p), 0);
    assert_true (p.position == 10);
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU111", 265598, t, &p), 0);
    assert_true (p.position == 0);
    assert_int_equal (sim_broker_pnl_single (fx->broker, "DU111", 272093, t, &p), RT_EINVAL);
    n = 0;
    assert_int_equal (sim_broker_positions (fx->broker, NULL, t, s_count_pos, &n), 2);
    //  Account values carry the keys IB sends.
    sim_account_value_t v [SIM_ACCOUNT_VALUES_MAX];
    size_t nv = 0;
    assert_int_equal (sim_broker_account_values (fx->broker, "DU111", t, v, &nv), 0);
    const char *keys [] = { "NetLiquidation", "TotalCashValue", "BuyingPower",
                            "AvailableFunds", "GrossPositionValue", "UnrealizedPnL",
                            "RealizedPnL", "ExcessLiquidity", "AccountReady",
                            "InitMarginReq", "MaintMarginReq", "EquityWithLoanValue" };
    for (size_t k = 0; k < sizeof keys / sizeof keys [0]; k++) {
        bool found = false;
        for (size_t i = 0; i < nv; i++)
            found |= strcmp (v [i].key, keys [k]) == 0;
        assert_true (found);
    }
    assert_int_equal (sim_broker_account_values (fx->broker, "NOPE", t, v, &nv), RT_EINVAL);
    //  Reset forgets orders and executions, restores cash; ids start again.
    sim_broker_reset (fx->broker, t);
    n = 0;
    assert_int_equal (sim_broker_executions (fx->broker, NULL, s_count_exec, &n), 0);
    assert_int_equal (sim_broker_completed_orders (fx->broker, s_count_order, &n), 0);
    sim_broker_cash (fx->broker, "DU222", &cash);
    assert_true (cash == 50000);
    s_fx_free (fx);
}

//  A scripted session; returns the event log.
static void
s_script (uint64_t seed, int64_t tick_ms, char *out, size_t cap)
{
    fx_t *fx = s_fx (seed, NULL);
    int64_t t = T0;
    const char *syms [] = { "AAPL", "MSFT", "NVDA", "SPY" };
    for (int i = 0; i < 40; i++) {
        sim_quote_t q;
        int sym = sim_universe_find_symbol (syms [i % 4]);
        sim_market_quote (fx->market, sym, t, &q);
        const char *side = i % 3 ? "BUY" : "SELL";
        sim_order_request_t r;
        if (i % 2)
            r = s_req (1, 1 + i, syms [i % 4], side, 100 * (1 + i % 7), "MKT", U, U, "DAY");
        else
            r = s_req (1, 1 + i, syms [i % 4], side, 300, "LMT",
                       i % 3 ? q.bid - 0.02 : q.ask + 0.02, U, "GTC");
        r.lmt_price = r.lmt_price == U ? U : round (r.lmt_price * 100) / 100;
        sim_broker_place (fx->broker, &r, t);
        //  The server's timer cadence (tick_ms) must not change the events.
        for (int64_t k = tick_ms; k < 700; k += tick_ms)
            sim_broker_advance (fx->broker, t + k);
        t += 700;
        sim_broker_advance (fx->broker, t);
    }
    for (int i = 0; i < 600; i++)
        sim_broker_advance (fx->broker, t += 1000);
    snprintf (out, cap, "%s", fx->rec.log);
    assert_true (fx->rec.nexec > 10);
    s_fx_free (fx);
}

static void
test_determinism (void **state)
{
    static char a [65536], b [65536], c [65536];
    s_script (1234, 1000, a, sizeof a);
    s_script (1234, 1000, b, sizeof b);
    s_script (4321, 1000, c, sizeof c);
    assert_true (strlen (a) > 1000);
    assert_string_equal (a, b);
    assert_true (strcmp (a, c) != 0);
    s_script (1234, 37, b, sizeof b);
    assert_string_equal (a, b);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_market_order_event_order),
        cmocka_unit_test (test_pnl_round_trip_long_and_short),
        cmocka_unit_test (test_limit_crosses_only_when_market_does),
        cmocka_unit_test (test_stops),
        cmocka_unit_test (test_partial_fills),
        cmocka_unit_test (test_tif),
        cmocka_unit_test (test_modify_and_cancel),
        cmocka_unit_test (test_order_ids),
        cmocka_unit_test (test_rejections),
        cmocka_unit_test (test_capacity_and_queries),
        cmocka_unit_test (test_determinism),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
