/*  risk_rules.c - the decision (see risk_rules.h for the order of checks). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "risk_rules.h"

#define EPS 1e-9

//  ---------------------------------------------------------------------------------------
//  Symbol sets

static uint32_t
s_hash (const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *) key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

#define SET_SLOTS (RISK_LIST_MAX * 2)

bool
risk_symset_has (const risk_symset_t *self, const char *symbol)
{
    if (self->count == 0 || !*symbol)
        return false;
    uint32_t i = s_hash (symbol) % SET_SLOTS;
    while (self->items [i][0]) {
        if (strcmp (self->items [i], symbol) == 0)
            return true;
        i = (i + 1) % SET_SLOTS;
    }
    return false;
}

int
risk_symset_parse (risk_symset_t *self, const char *list, char *err, size_t cap)
{
    memset (self, 0, sizeof *self);
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t len = strcspn (p, ", \t");
        if (len >= RT_SYMBOL_MAX) {
            snprintf (err, cap, "symbol '%.*s' is longer than %d characters", (int) len, p,
                      RT_SYMBOL_MAX - 1);
            return RT_EINVAL;
        }
        char sym [RT_SYMBOL_MAX];
        memcpy (sym, p, len);
        sym [len] = 0;
        p += len;
        if (risk_symset_has (self, sym))
            continue;
        if (self->count == RISK_LIST_MAX) {
            snprintf (err, cap, "more than %d symbols in the list", RISK_LIST_MAX);
            return RT_ERANGE;
        }
        uint32_t i = s_hash (sym) % SET_SLOTS;
        while (self->items [i][0])
            i = (i + 1) % SET_SLOTS;
        memcpy (self->items [i], sym, len + 1);
        self->count++;
    }
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  The decision

static bool
s_refuse (risk_result_t *out, const char *code, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

static bool
s_refuse (risk_result_t *out, const char *code, const char *fmt, ...)
{
    out->accepted = false;
    snprintf (out->code, sizeof out->code, "%s", code);
    va_list args;
    va_start (args, fmt);
    vsnprintf (out->reason, sizeof out->reason, fmt, args);
    va_end (args);
    return false;
}

static const char *
s_type_word (rt_ord_type_t type)
{
    switch (type) {
        case RT_ORD_TYPE_MKT: return "market";
        case RT_ORD_TYPE_LMT: return "limit";
        case RT_ORD_TYPE_STP: return "stop";
        default:              return "stop-limit";
    }
}

static bool
s_bad_intent (const rt_order_intent_t *in, risk_result_t *out)
{
    if (!in->coid [0])
        return !s_refuse (out, "BAD_INTENT", "order has no client order id");
    if (!in->symbol [0])
        return !s_refuse (out, "BAD_INTENT", "order has no symbol");
    if (in->side != RT_SIDE_BUY && in->side != RT_SIDE_SELL)
        return !s_refuse (out, "BAD_INTENT", "order side must be BUY or SELL");
    if (!isfinite (in->qty) || in->qty <= 0)
        return !s_refuse (out, "BAD_INTENT", "order quantity must be a positive number of shares");
    if (in->order_type <= RT_ORD_TYPE_NONE || in->order_type >= RT_ORD_TYPE_COUNT)
        return !s_refuse (out, "BAD_INTENT", "order type must be MKT, LMT, STP or STP LMT");
    bool needs_limit = in->order_type == RT_ORD_TYPE_LMT || in->order_type == RT_ORD_TYPE_STP_LMT;
    bool needs_stop = in->order_type == RT_ORD_TYPE_STP || in->order_type == RT_ORD_TYPE_STP_LMT;
    if (needs_limit && (!isfinite (in->limit_price) || in->limit_price <= 0))
        return !s_refuse (out, "BAD_INTENT", "a %s order needs a positive limit price",
                          s_type_word (in->order_type));
    if (needs_stop && (!isfinite (in->stop_price) || in->stop_price <= 0))
        return !s_refuse (out, "BAD_INTENT", "a %s order needs a positive stop price",
                          s_type_word (in->order_type));
    return false;
}

//  |price - ref| / ref beyond the collar?
static bool
s_outside_collar (double price, double ref, double pct, double *off_pct)
{
    *off_pct = fabs (price - ref) / ref * 100.0;
    return *off_pct > pct + EPS;
}

//  Gross exposure of projected positions, with the intent's symbol at `mine` shares.
static double
s_gross (const risk_state_t *st, const risk_sym_t *own, double mine)
{
    double gross = 0;
    size_t n = risk_state_sym_count (st);
    for (size_t i = 0; i < n; i++) {
        const risk_sym_t *sym = risk_state_sym_at (st, i);
        double ref = risk_sym_reference (sym);
        double price = ref > 0? ref: sym->has_holding? sym->h_avg: sym->ib_avg;
        double qty = sym == own? mine: risk_sym_position (sym) + sym->open_net;
        gross += fabs (qty) * price;
    }
    return gross;
}

bool
risk_rules_decide (const risk_limits_t *lim, const risk_state_t *st, bool view_ready,
                   const char *view_why, const rt_order_intent_t *in, uint64_t now_ms,
                   risk_result_t *out)
{
    memset (out, 0, sizeof *out);
    if (s_bad_intent (in, out))
        return false;
    if (!view_ready)
        return s_refuse (out, "NO_VIEW", "risk has no complete view of open orders yet (%s): "
                         "order refused", view_why && *view_why? view_why: "starting");

    //  The symbol as the view knows it; an unknown one has no position, orders or price.
    int32_t slot = risk_state_find (st, in->symbol);
    static const risk_sym_t s_empty;
    const risk_sym_t *sym = slot >= 0? risk_state_sym (st, slot): &s_empty;
    double sign = in->side == RT_SIDE_BUY? 1: -1;
    double position = risk_sym_position (sym);
    double open_net = sym->open_net;
    uint32_t open_orders = risk_state_open_orders (st);
    const risk_order_t *self_order = risk_state_order (st, in->coid);
    if (self_order) {
        //  Orders may have published this intent (NEW) before asking: not a second order.
        if (slot >= 0 && self_order->sym == slot)
            open_net -= self_order->side * self_order->remaining;
        open_orders--;
    }
    double before = position + open_net;
    double after = before + sign * in->qty;
    bool reduces = fabs (before) > EPS && fabs (after) < fabs (before) - EPS
                && (fabs (after) <= EPS || (after > 0) == (before > 0));

    rt_trading_t state = risk_state_trading (st);
    bool by_loss = risk_state_cause (st) == RISK_CAUSE_LOSS;
    const char *why = risk_state_reason (st);
    if (state == RT_TRADING_HALTED)
        return s_refuse (out, by_loss? "DAILY_LOSS": "HALTED",
                         "trading is halted (%s): no new orders are accepted",
                         *why? why: "by the operator");
    if (state == RT_TRADING_REDUCING && !reduces)
        return s_refuse (out, by_loss? "DAILY_LOSS": "REDUCING",
                         "trading is reducing only (%s): this %s of %g %s would take the "
                         "position from %g to %g shares", *why? why: "by the operator",
                         rt_side_str (in->side), in->qty, in->symbol, before, after);

    if (risk_symset_has (&lim->deny, in->symbol))
        return s_refuse (out, "DENY_LIST", "%s is on the deny list: no orders in it are accepted",
                         in->symbol);
    if (lim->allow.count > 0 && !risk_symset_has (&lim->allow, in->symbol))
        return s_refuse (out, "NOT_ALLOWED", "%s is not on the list of symbols allowed to trade",
                         in->symbol);

    if (in->qty > lim->max_qty + EPS)
        return s_refuse (out, "MAX_QTY", "order quantity %g exceeds the limit of %g shares per "
                         "order", in->qty, lim->max_qty);

    double ref = risk_sym_reference (sym);
    if (ref <= 0)
        return s_refuse (out, "NO_REFERENCE_PRICE", "no reference price for %s (no last trade "
                         "and no two-sided quote): a %s order cannot be checked and is refused",
                         in->symbol, s_type_word (in->order_type));
    double off;
    bool has_limit = in->order_type == RT_ORD_TYPE_LMT || in->order_type == RT_ORD_TYPE_STP_LMT;
    bool has_stop = in->order_type == RT_ORD_TYPE_STP || in->order_type == RT_ORD_TYPE_STP_LMT;
    if (has_limit && s_outside_collar (in->limit_price, ref, lim->collar_pct, &off))
        return s_refuse (out, "COLLAR", "limit price %.4g is %.1f%% away from the reference "
                         "price %.4g of %s, beyond the %g%% collar", in->limit_price, off, ref,
                         in->symbol, lim->collar_pct);
    if (has_stop && s_outside_collar (in->stop_price, ref, lim->collar_pct, &off))
        return s_refuse (out, "COLLAR", "stop price %.4g is %.1f%% away from the reference "
                         "price %.4g of %s, beyond the %g%% collar", in->stop_price, off, ref,
                         in->symbol, lim->collar_pct);

    double price = in->order_type == RT_ORD_TYPE_MKT? ref
                 : in->order_type == RT_ORD_TYPE_LMT? in->limit_price
                 : in->order_type == RT_ORD_TYPE_STP? in->stop_price
                 : fmax (in->limit_price, in->stop_price);
    double notional = in->qty * price;
    if (notional > lim->max_notional + EPS)
        return s_refuse (out, "MAX_NOTIONAL", "order value %.2f (%g x %.4g) exceeds the limit "
                         "of %.2f per order", notional, in->qty, price, lim->max_notional);

    if (fabs (after) > lim->max_position + EPS && fabs (after) > fabs (before) + EPS)
        return s_refuse (out, "MAX_POSITION", "position in %s would reach %g shares (now %g, "
                         "open orders %+g, this order %+g), beyond the limit of %g",
                         in->symbol, after, position, open_net, sign * in->qty,
                         lim->max_position);

    //  A reference exists, so the symbol is in the view: its own term is `before` at ref.
    double gross_before = s_gross (st, sym, before);
    double gross_after = gross_before + (fabs (after) - fabs (before)) * ref;
    if (gross_after > lim->max_gross + EPS && gross_after > gross_before + EPS)
        return s_refuse (out, "MAX_GROSS", "gross exposure would reach %.2f, beyond the "
                         "account limit of %.2f", gross_after, lim->max_gross);

    if (open_orders >= lim->max_open_orders)
        return s_refuse (out, "MAX_OPEN_ORDERS", "%u orders are already open, the limit is %u",
                         open_orders, lim->max_open_orders);

    if (!risk_state_rate_ok (st, lim->max_per_sec, now_ms))
        return s_refuse (out, "RATE", "%u orders were accepted in the last second, the limit "
                         "is %u per second", risk_state_rate_count (st, now_ms),
                         lim->max_per_sec);

    out->accepted = true;
    snprintf (out->reason, sizeof out->reason, "accepted: %s %g %s, position would be %g",
              rt_side_str (in->side), in->qty, in->symbol, after);
    return true;
}

void
risk_rules_accept (const risk_limits_t *lim, risk_state_t *st, const rt_order_intent_t *in,
                   uint64_t now_ms)
{
    risk_state_rate_note (st, lim->max_per_sec, now_ms);
    risk_state_count_accepted (st);
    //  A table full of pending orders only loses the early count of this one.
    risk_state_order_set (st, in->coid, in->symbol, in->side == RT_SIDE_BUY? 1: -1, in->qty,
                          true, now_ms);
}

bool
risk_rules_loss_holds (const risk_limits_t *lim, const risk_state_t *st, double *daily)
{
    risk_figures_t fig;
    risk_state_figures (st, &fig);
    if (daily)
        *daily = fig.daily;
    return fig.daily < -lim->daily_loss - EPS;
}

bool
risk_rules_check_loss (const risk_limits_t *lim, risk_state_t *st)
{
    double daily;
    if (!risk_rules_loss_holds (lim, st, &daily))
        return false;
    rt_trading_t state = risk_state_trading (st);
    if (state == RT_TRADING_HALTED
    || (state == RT_TRADING_REDUCING && lim->loss_action == RT_TRADING_REDUCING))
        return false;
    char reason [RT_TEXT_MAX];
    snprintf (reason, sizeof reason, "daily loss limit: P&L %.2f is beyond -%.2f",
              daily, lim->daily_loss);
    return risk_state_set (st, lim->loss_action, RISK_CAUSE_LOSS, reason);
}
