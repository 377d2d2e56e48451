/*  sim_account.c - cash, positions, P&L and the account values IB reports.

    Conventions (IB's): average cost includes commissions (a long's cost is raised by them, a
    short's proceeds lowered); realised P&L belongs to the closing part of a fill; the
    commission of a fill that both closes and opens is split in proportion to the shares.
    Margin is a flat Reg-T-like 25% of gross position value for initial and maintenance,
    buying power 4x available funds (IB's intraday figure for a margin account).
*/
#include "sim_broker_int.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_error.h"

#define S_MARGIN_RATE  0.25
#define S_LEVERAGE     4.0

//  Like strchr, a const broker gives a mutable account: callers holding a mutable broker
//  need one, and the const queries only read it.
sim_brk_account_t *
sim_brk_account_find (const sim_broker_t *self, const char *name)
{
    if (!name || !*name)
        return (sim_brk_account_t *) &self->account [0];
    for (size_t i = 0; i < self->naccounts; i++)
        if (strcmp (self->account [i].name, name) == 0)
            return (sim_brk_account_t *) &self->account [i];
    return NULL;
}

double
sim_brk_mark (sim_broker_t *self, int sym, int64_t now_ms)
{
    sim_quote_t q;
    if (sim_market_quote (self->market, sym, now_ms, &q) != 0)
        return 0;
    return q.last;
}

double
sim_brk_book_fill (sim_broker_t *self, sim_brk_account_t *acct, int sym, bool buy,
                   double qty, double price, double commission)
{
    sim_brk_pos_t *p = &acct->pos [sym];
    p->used = true;
    double flow = buy ? -(qty * price) - commission : qty * price - commission;
    acct->cash += flow;
    p->day_cash_flow += flow;

    double realized = SIM_UNSET_DOUBLE;
    double pos = p->position;
    //  Part of the fill that closes an existing position of the other sign.
    double closing = 0;
    if (pos > 0 && !buy)
        closing = fmin (qty, pos);
    else
    if (pos < 0 && buy)
        closing = fmin (qty, -pos);
    if (closing > 0) {
        double comm_close = commission * closing / qty;
        realized = buy ? closing * (p->avg_cost - price) - comm_close
                       : closing * (price - p->avg_cost) - comm_close;
        p->realized += realized;
        p->day_realized += realized;
        pos += buy ? closing : -closing;
    }
    double opening = qty - closing;
    if (opening > 0) {
        double comm_open = commission * opening / qty;
        double held = fabs (pos);
        //  Long cost adds commission; short proceeds net of it.
        double unit = buy ? price + comm_open / opening : price - comm_open / opening;
        p->avg_cost = (held * p->avg_cost + opening * unit) / (held + opening);
        pos += buy ? opening : -opening;
    }
    if (pos == 0)
        p->avg_cost = 0;
    p->position = pos;
    return realized;
}

void
sim_brk_roll_day (sim_broker_t *self, int64_t day, int64_t mark_ms)
{
    for (size_t a = 0; a < self->naccounts; a++)
        for (size_t s = 0; s < self->nsym; s++) {
            sim_brk_pos_t *p = &self->account [a].pos [s];
            if (!p->used)
                continue;
            p->day_start_value = p->position * sim_brk_mark (self, (int) s, mark_ms);
            p->day_cash_flow = 0;
            p->day_realized = 0;
        }
    self->day = day;
}

void
sim_brk_fill_position (sim_broker_t *self, const sim_brk_account_t *acct, int sym,
                       int64_t now_ms, sim_position_t *out)
{
    const sim_brk_pos_t *p = &acct->pos [sym];
    memset (out, 0, sizeof *out);
    snprintf (out->account, sizeof out->account, "%s", acct->name);
    out->sym = sym;
    out->contract = sim_universe_at ((size_t) sym);
    out->position = p->position;
    out->avg_cost = p->avg_cost;
    out->market_price = sim_brk_mark (self, sym, now_ms);
    out->market_value = p->position * out->market_price;
    out->unrealized_pnl = p->position * (out->market_price - p->avg_cost);
    out->realized_pnl = p->realized;
    out->daily_pnl = out->market_value - p->day_start_value + p->day_cash_flow;
}

typedef struct {
    double cash, stock_value, gross, unrealized, realized_today, daily;
} s_totals_t;

static void
s_totals (sim_broker_t *self, const sim_brk_account_t *acct, int64_t now_ms, s_totals_t *t)
{
    memset (t, 0, sizeof *t);
    t->cash = acct->cash;
    for (size_t s = 0; s < self->nsym; s++) {
        if (!acct->pos [s].used)
            continue;
        sim_position_t p;
        sim_brk_fill_position (self, acct, (int) s, now_ms, &p);
        t->stock_value += p.market_value;
        t->gross += fabs (p.market_value);
        t->unrealized += p.unrealized_pnl;
        t->realized_today += acct->pos [s].day_realized;
        t->daily += p.daily_pnl;
    }
}

void
sim_brk_margin (sim_broker_t *self, const sim_brk_account_t *acct, int64_t now_ms,
                double *equity, double *init_margin)
{
    s_totals_t t;
    s_totals (self, acct, now_ms, &t);
    *equity = t.cash + t.stock_value;
    *init_margin = S_MARGIN_RATE * t.gross;
}

void
sim_brk_reset_accounts (sim_broker_t *self)
{
    double cash = self->config.initial_cash > 0 ? self->config.initial_cash : 1000000.0;
    for (size_t a = 0; a < self->naccounts; a++) {
        self->account [a].cash = cash;
        memset (self->account [a].pos, 0, self->nsym * sizeof self->account [a].pos [0]);
    }
}

static void
s_put (sim_account_value_t *out, size_t *n, const char *key, const char *currency,
       bool summary, const char *fmt, double value)
{
    if (*n >= SIM_ACCOUNT_VALUES_MAX)
        return;
    sim_account_value_t *v = &out [(*n)++];
    snprintf (v->key, sizeof v->key, "%s", key);
    snprintf (v->value, sizeof v->value, fmt, value);
    snprintf (v->currency, sizeof v->currency, "%s", currency);
    v->summary = summary;
}

static void
s_put_text (sim_account_value_t *out, size_t *n, const char *key, const char *currency,
            bool summary, const char *text)
{
    if (*n >= SIM_ACCOUNT_VALUES_MAX)
        return;
    sim_account_value_t *v = &out [(*n)++];
    snprintf (v->key, sizeof v->key, "%s", key);
    snprintf (v->value, sizeof v->value, "%s", text);
    snprintf (v->currency, sizeof v->currency, "%s", currency);
    v->summary = summary;
}

int
sim_broker_account_values (sim_broker_t *self, const char *account, int64_t now_ms,
                           sim_account_value_t *out, size_t *count)
{
    assert (self && out && count);
    *count = 0;
    const sim_brk_account_t *acct = sim_brk_account_find (self, account);
    if (!acct)
        return RT_EINVAL;
    s_totals_t t;
    s_totals (self, acct, now_ms, &t);
    double netliq = t.cash + t.stock_value;
    double margin = S_MARGIN_RATE * t.gross;
    double available = netliq - margin;
    double excess = netliq - margin;
    double cushion = netliq != 0 ? excess / netliq : 0;
    double leverage = netliq != 0 ? t.gross / netliq : 0;
    size_t n = 0;
    const char *m = "%.2f";
    s_put_text (out, &n, "AccountCode", "", false, acct->name);
    s_put_text (out, &n, "AccountType", "", true, "INDIVIDUAL");
    s_put_text (out, &n, "AccountReady", "", false, "true");
    s_put_text (out, &n, "Currency", "USD", false, "USD");
    s_put (out, &n, "NetLiquidation", "USD", true, m, netliq);
    s_put (out, &n, "NetLiquidationByCurrency", "BASE", false, m, netliq);
    s_put (out, &n, "TotalCashValue", "USD", true, m, t.cash);
    s_put (out, &n, "SettledCash", "USD", true, m, t.cash);
    s_put (out, &n, "AccruedCash", "USD", true, m, 0.0);
    s_put (out, &n, "CashBalance", "USD", false, m, t.cash);
    s_put (out, &n, "CashBalance", "BASE", false, m, t.cash);
    s_put (out, &n, "BuyingPower", "USD", true, m, available > 0 ? S_LEVERAGE * available : 0);
    s_put (out, &n, "EquityWithLoanValue", "USD", true, m, netliq);
    s_put (out, &n, "PreviousDayEquityWithLoanValue", "USD", true, m, netliq - t.daily);
    s_put (out, &n, "GrossPositionValue", "USD", true, m, t.gross);
    s_put (out, &n, "StockMarketValue", "USD", false, m, t.stock_value);
    s_put (out, &n, "RegTEquity", "USD", true, m, netliq);
    s_put (out, &n, "RegTMargin", "USD", true, m, margin);
    s_put (out, &n, "SMA", "USD", true, m, available);
    s_put (out, &n, "InitMarginReq", "USD", true, m, margin);
    s_put (out, &n, "MaintMarginReq", "USD", true, m, margin);
    s_put (out, &n, "AvailableFunds", "USD", true, m, available);
    s_put (out, &n, "ExcessLiquidity", "USD", true, m, excess);
    s_put (out, &n, "Cushion", "", true, "%.6f", cushion);
    s_put (out, &n, "FullInitMarginReq", "USD", true, m, margin);
    s_put (out, &n, "FullMaintMarginReq", "USD", true, m, margin);
    s_put (out, &n, "FullAvailableFunds", "USD", true, m, available);
    s_put (out, &n, "FullExcessLiquidity", "USD", true, m, excess);
    s_put (out, &n, "LookAheadInitMarginReq", "USD", true, m, margin);
    s_put (out, &n, "LookAheadMaintMarginReq", "USD", true, m, margin);
    s_put (out, &n, "LookAheadAvailableFunds", "USD", true, m, available);
    s_put (out, &n, "LookAheadExcessLiquidity", "USD", true, m, excess);
    s_put (out, &n, "Leverage-S", "", false, "%.2f", leverage);
    s_put_text (out, &n, "DayTradesRemaining", "", true, "-1");
    s_put (out, &n, "UnrealizedPnL", "USD", false, m, t.unrealized);
    s_put (out, &n, "UnrealizedPnL", "BASE", false, m, t.unrealized);
    s_put (out, &n, "RealizedPnL", "USD", false, m, t.realized_today);
    s_put (out, &n, "RealizedPnL", "BASE", false, m, t.realized_today);
    s_put (out, &n, "ExchangeRate", "USD", false, m, 1.0);
    *count = n;
    return 0;
}

int
sim_broker_pnl (sim_broker_t *self, const char *account, int64_t now_ms, sim_pnl_t *pnl)
{
    assert (self && pnl);
    const sim_brk_account_t *acct = sim_brk_account_find (self, account);
    if (!acct || !account || !*account)
        return RT_EINVAL;
    s_totals_t t;
    s_totals (self, acct, now_ms, &t);
    pnl->daily_pnl = t.daily;
    pnl->unrealized_pnl = t.unrealized;
    pnl->realized_pnl = t.realized_today;
    return 0;
}

int
sim_broker_pnl_single (sim_broker_t *self, const char *account, int32_t con_id,
                       int64_t now_ms, sim_position_t *position)
{
    assert (self && position);
    const sim_brk_account_t *acct = sim_brk_account_find (self, account);
    int sym = sim_universe_find_conid (con_id);
    if (!acct || !account || !*account || sym < 0 || !acct->pos [sym].used)
        return RT_EINVAL;
    sim_brk_fill_position (self, acct, sym, now_ms, position);
    return 0;
}

int
sim_broker_cash (const sim_broker_t *self, const char *account, double *cash)
{
    assert (self && cash);
    const sim_brk_account_t *acct = sim_brk_account_find (self, account);
    if (!acct)
        return RT_EINVAL;
    *cash = acct->cash;
    return 0;
}

size_t
sim_broker_positions (sim_broker_t *self, const char *account, int64_t now_ms,
                      sim_position_fn *fn, void *ctx)
{
    assert (self && fn);
    size_t visited = 0;
    for (size_t a = 0; a < self->naccounts; a++) {
        const sim_brk_account_t *acct = &self->account [a];
        if (account && *account && strcmp (account, acct->name) != 0)
            continue;
        for (size_t s = 0; s < self->nsym; s++) {
            if (!acct->pos [s].used)
                continue;
            sim_position_t p;
            sim_brk_fill_position (self, acct, (int) s, now_ms, &p);
            fn (ctx, &p);
            visited++;
        }
    }
    return visited;
}
