/*  orders_book.c - positions from fills, average cost. Decisions in orders_book.h. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <czmq.h>
#include "orders_book.h"

//  Key separator: a byte no IB account or symbol contains.
#define S_SEP '\x1f'
#define S_KEY_MAX (RT_ACCOUNT_MAX + RT_SYMBOL_MAX + 1)

typedef struct {
    bool commission;                //  its commission is booked
} s_exec_t;

struct _orders_book_t {
    zhashx_t *positions;            //  "account\x1fsymbol" -> orders_pos_t
    zhashx_t *execs;                //  exec_id -> s_exec_t
    orders_book_stats_t stats;
};

static void
s_free (void **item)
{
    free (*item);
    *item = NULL;
}

orders_book_t *
orders_book_new (void)
{
    orders_book_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->positions = zhashx_new ();
    self->execs = zhashx_new ();
    if (!self->positions || !self->execs) {
        orders_book_destroy (&self);
        return NULL;
    }
    zhashx_set_destructor (self->positions, s_free);
    zhashx_set_destructor (self->execs, s_free);
    return self;
}

void
orders_book_destroy (orders_book_t **self_p)
{
    assert (self_p);
    orders_book_t *self = *self_p;
    if (!self)
        return;
    zhashx_destroy (&self->positions);
    zhashx_destroy (&self->execs);
    free (self);
    *self_p = NULL;
}

static void
s_key (char *key, const char *account, const char *symbol)
{
    snprintf (key, S_KEY_MAX, "%s%c%s", account, S_SEP, symbol);
}

static void
s_copy (char *dst, size_t cap, const char *src)
{
    snprintf (dst, cap, "%s", src);
}

//  Applies a signed quantity at price under the average-cost rules.
static void
s_apply (orders_pos_t *p, double s, double price)
{
    double q = p->qty;
    if (q == 0 || (q > 0) == (s > 0)) {
        double aq = fabs (q), as = fabs (s);
        p->avg_cost = (aq * p->avg_cost + as * price) / (aq + as);
        p->qty = q + s;
        return;
    }
    double closed = fmin (fabs (s), fabs (q));
    p->realized += closed * (price - p->avg_cost) * (q > 0? 1: -1);
    p->qty = q + s;
    //  Guards against float dust: quantities are whole or IB's decimal lots.
    if (fabs (p->qty) < 1e-9) {
        p->qty = 0;
        p->avg_cost = 0;
    }
    else
    if ((p->qty > 0) != (q > 0))
        p->avg_cost = price;        //  flipped: the rest opened at this fill's price
}

static bool
s_fill_ok (const rt_fill_t *f)
{
    return *f->exec_id && *f->symbol
        && (f->side == RT_SIDE_BUY || f->side == RT_SIDE_SELL)
        && isfinite (f->qty) && f->qty > 0 && isfinite (f->price) && f->price >= 0
        && (!f->has_commission || isfinite (f->commission));
}

int
orders_book_fill (orders_book_t *self, const rt_fill_t *fill, const orders_pos_t **pos)
{
    assert (self && fill);
    if (pos)
        *pos = NULL;
    if (!s_fill_ok (fill)) {
        self->stats.refused++;
        return RT_EINVAL;
    }
    char key [S_KEY_MAX];
    s_key (key, fill->account, fill->symbol);
    orders_pos_t *p = (orders_pos_t *) zhashx_lookup (self->positions, key);
    s_exec_t *x = (s_exec_t *) zhashx_lookup (self->execs, fill->exec_id);
    if (x && (x->commission || !fill->has_commission)) {
        self->stats.duplicates++;
        return ORDERS_BOOK_DUPLICATE;
    }
    if (!p) {
        p = calloc (1, sizeof *p);
        if (!p)
            return RT_ENOMEM;
        s_copy (p->account, sizeof p->account, fill->account);
        s_copy (p->symbol, sizeof p->symbol, fill->symbol);
        if (zhashx_insert (self->positions, key, p)) {
            free (p);
            return RT_ENOMEM;
        }
    }
    int result = ORDERS_BOOK_COMMISSION;
    if (!x) {
        x = calloc (1, sizeof *x);
        if (!x)
            return RT_ENOMEM;
        if (zhashx_insert (self->execs, fill->exec_id, x)) {
            free (x);
            return RT_ENOMEM;
        }
        s_apply (p, fill->side == RT_SIDE_BUY? fill->qty: -fill->qty, fill->price);
        p->fills++;
        self->stats.fills++;
        result = ORDERS_BOOK_BOOKED;
    }
    if (fill->has_commission) {
        x->commission = true;
        p->commission += fill->commission;
        p->realized -= fill->commission;
        self->stats.commissions++;
    }
    p->ts_ns = fill->ts_ns? fill->ts_ns: p->ts_ns;
    if (pos)
        *pos = p;
    return result;
}

double
orders_book_quote_mark (const rt_quote_t *q)
{
    assert (q);
    if (isfinite (q->last) && q->last > 0)
        return q->last;
    if (isfinite (q->bid) && isfinite (q->ask) && q->bid > 0 && q->ask > 0)
        return (q->bid + q->ask) / 2;
    return 0;
}

size_t
orders_book_mark (orders_book_t *self, const char *symbol, double price)
{
    assert (self && symbol);
    if (!isfinite (price) || price <= 0)
        return 0;
    size_t n = 0;
    for (orders_pos_t *p = (orders_pos_t *) zhashx_first (self->positions); p;
         p = (orders_pos_t *) zhashx_next (self->positions))
        if (strcmp (p->symbol, symbol) == 0) {
            p->mark = price;
            n++;
        }
    return n;
}

const orders_pos_t *
orders_book_find (const orders_book_t *self, const char *account, const char *symbol)
{
    assert (self && account && symbol);
    char key [S_KEY_MAX];
    s_key (key, account, symbol);
    return (const orders_pos_t *) zhashx_lookup (self->positions, key);
}

bool
orders_book_has_exec (const orders_book_t *self, const char *exec_id, bool *has_commission)
{
    assert (self && exec_id);
    const s_exec_t *x = (const s_exec_t *) zhashx_lookup (self->execs, exec_id);
    if (has_commission)
        *has_commission = x && x->commission;
    return x != NULL;
}

double
orders_book_unrealized (const orders_pos_t *p)
{
    assert (p);
    return p->mark > 0 && p->qty != 0? p->qty * (p->mark - p->avg_cost): 0;
}

void
orders_book_holding (const orders_pos_t *p, rt_holding_t *out)
{
    assert (p && out);
    memset (out, 0, sizeof *out);
    s_copy (out->account, sizeof out->account, p->account);
    s_copy (out->symbol, sizeof out->symbol, p->symbol);
    out->qty = p->qty;
    out->avg_cost = p->avg_cost;
    out->realized_pnl = p->realized;
    out->unrealized_pnl = orders_book_unrealized (p);
    out->mark_price = p->mark;
    out->commission = p->commission;
    out->fills = p->fills;
    out->ts_ns = p->ts_ns;
}

const orders_pos_t *
orders_book_first (orders_book_t *self)
{
    assert (self);
    return (const orders_pos_t *) zhashx_first (self->positions);
}

const orders_pos_t *
orders_book_next (orders_book_t *self)
{
    assert (self);
    return (const orders_pos_t *) zhashx_next (self->positions);
}

size_t
orders_book_size (const orders_book_t *self)
{
    assert (self);
    return zhashx_size ((zhashx_t *) self->positions);
}

size_t
orders_book_execs (const orders_book_t *self)
{
    assert (self);
    return zhashx_size ((zhashx_t *) self->execs);
}

void
orders_book_stats (const orders_book_t *self, orders_book_stats_t *out)
{
    assert (self && out);
    *out = self->stats;
}
