/*  risk_view.c - the bus into risk_state (see risk_view.h). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "risk_view.h"

#define LOG_MAX 1024                //  live updates remembered during a resynchronisation

typedef struct {
    char   key [RT_COID_MAX];
    char   symbol [RT_SYMBOL_MAX];
    int8_t side;
    double remaining;
} s_ord_t;

typedef struct {
    bool   is_holding;
    uint64_t seq;
    s_ord_t ord;
    rt_holding_t hold;
} s_live_t;

struct _risk_view_t {
    risk_state_t *state;
    bool ready;
    char why [RT_TEXT_MAX];
    bool in_snapshot;
    bool overflow;
    uint64_t snapshot_seq;          //  orders' updates <= this are older than the view
    s_ord_t staged [RISK_ORDERS_MAX];
    size_t staged_n;
    rt_holding_t staged_hold [RISK_SYMBOLS_MAX];
    size_t staged_hold_n;
    s_live_t live [LOG_MAX];
    size_t live_n;
};

risk_view_t *
risk_view_new (risk_state_t *state)
{
    assert (state);
    risk_view_t *self = (risk_view_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->state = state;
    snprintf (self->why, sizeof self->why, "waiting for the orders service's snapshot");
    return self;
}

void
risk_view_destroy (risk_view_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

bool
risk_view_ready (const risk_view_t *self)
{
    return self->ready;
}

const char *
risk_view_why (const risk_view_t *self)
{
    return self->ready? "": self->why;
}

void
risk_view_invalidate (risk_view_t *self, const char *why)
{
    self->ready = false;
    snprintf (self->why, sizeof self->why, "%s", why);
}

void
risk_view_force_ready (risk_view_t *self)
{
    self->ready = true;
}

bool
risk_view_in_snapshot (const risk_view_t *self)
{
    return self->in_snapshot;
}

double
risk_view_remaining (const rt_order_status_t *s)
{
    switch (s->status) {
        case RT_ORD_STATUS_NEW:
        case RT_ORD_STATUS_PENDING_SUBMIT:
        case RT_ORD_STATUS_PRE_SUBMITTED:
        case RT_ORD_STATUS_SUBMITTED:
        case RT_ORD_STATUS_PARTIALLY_FILLED:
        case RT_ORD_STATUS_PENDING_CANCEL:
            break;
        default:
            return 0;               //  FILLED, CANCELLED, REJECTED, INACTIVE, unknown
    }
    if (isfinite (s->remaining) && s->remaining > 0)
        return s->remaining;
    //  Before IB says anything (NEW, PENDING_SUBMIT) only the quantity is known.
    double left = s->qty - s->filled;
    return isfinite (left) && left > 0? left: 0;
}

static int
s_side (rt_side_t side)
{
    return side == RT_SIDE_BUY? 1: side == RT_SIDE_SELL? -1: 0;
}

//  ---------------------------------------------------------------------------------------
//  Live feeds

void
risk_view_on_quote (risk_view_t *self, const rt_quote_t *q)
{
    int32_t slot = risk_state_intern (self->state, q->symbol);
    if (slot < 0)
        return;
    risk_sym_t *sym = risk_state_sym_mut (self->state, slot);
    //  A quote carries the whole top of book; 0 is "not received", and a bad number is
    //  treated the same rather than poisoning every later check.
    sym->bid = isfinite (q->bid) && q->bid > 0? q->bid: 0;
    sym->ask = isfinite (q->ask) && q->ask > 0? q->ask: 0;
    sym->last = isfinite (q->last) && q->last > 0? q->last: 0;
}

void
risk_view_on_position (risk_view_t *self, const rt_position_t *p)
{
    if (!isfinite (p->qty))
        return;
    int32_t slot = risk_state_intern (self->state, p->symbol);
    if (slot < 0)
        return;
    risk_sym_t *sym = risk_state_sym_mut (self->state, slot);
    sym->has_ib = true;
    sym->ib_qty = p->qty;
    sym->ib_avg = isfinite (p->avg_cost)? p->avg_cost: 0;
}

void
risk_view_on_gateway_status (risk_view_t *self, const rt_order_status_t *s, uint64_t now_ms)
{
    //  Orders with a coid are the orders service's, which says more (NEW, REJECTED) and
    //  says it in step with its book: only orders placed elsewhere are taken from here.
    if (s->coid [0] || (s->perm_id == 0 && s->order_id == 0))
        return;
    char key [RT_COID_MAX];
    snprintf (key, sizeof key, s->perm_id? "ib:%lld": "ib-id:%lld",
              (long long) (s->perm_id? s->perm_id: s->order_id));
    risk_state_order_set (self->state, key, s->symbol, s_side (s->side),
                          risk_view_remaining (s), false, now_ms);
}

static void
s_apply_ord (risk_view_t *self, const s_ord_t *o, uint64_t now_ms)
{
    risk_state_order_set (self->state, o->key, o->symbol, o->side, o->remaining, false, now_ms);
}

static void
s_apply_hold (risk_view_t *self, const rt_holding_t *h)
{
    if (!isfinite (h->qty))
        return;
    int32_t slot = risk_state_intern (self->state, h->symbol);
    if (slot < 0)
        return;
    risk_sym_t *sym = risk_state_sym_mut (self->state, slot);
    sym->has_holding = true;
    sym->h_qty = h->qty;
    sym->h_avg = isfinite (h->avg_cost)? h->avg_cost: 0;
    sym->h_realized = isfinite (h->realized_pnl)? h->realized_pnl: 0;
    sym->h_unrealized = isfinite (h->unrealized_pnl)? h->unrealized_pnl: 0;
}

static void
s_ord_from (s_ord_t *o, const rt_order_status_t *s)
{
    snprintf (o->key, sizeof o->key, "%s", s->coid);
    snprintf (o->symbol, sizeof o->symbol, "%s", s->symbol);
    o->side = (int8_t) s_side (s->side);
    o->remaining = risk_view_remaining (s);
}

static void
s_log (risk_view_t *self, bool is_holding, uint64_t seq, const s_ord_t *o, const rt_holding_t *h)
{
    if (self->live_n == LOG_MAX) {
        self->overflow = true;
        return;
    }
    s_live_t *l = &self->live [self->live_n++];
    l->is_holding = is_holding;
    l->seq = seq;
    if (o)
        l->ord = *o;
    if (h)
        l->hold = *h;
}

void
risk_view_on_orders_status (risk_view_t *self, const rt_order_status_t *s, uint64_t seq,
                            uint64_t now_ms)
{
    if (!s->coid [0] || (!self->in_snapshot && seq <= self->snapshot_seq))
        return;
    s_ord_t o;
    s_ord_from (&o, s);
    s_apply_ord (self, &o, now_ms);
    if (self->in_snapshot)
        s_log (self, false, seq, &o, NULL);
}

void
risk_view_on_holding (risk_view_t *self, const rt_holding_t *h, uint64_t seq)
{
    if (!self->in_snapshot && seq <= self->snapshot_seq)
        return;
    s_apply_hold (self, h);
    if (self->in_snapshot)
        s_log (self, true, seq, NULL, h);
}

//  ---------------------------------------------------------------------------------------
//  Snapshot

void
risk_view_snapshot_begin (risk_view_t *self)
{
    self->in_snapshot = true;
    self->overflow = false;
    self->staged_n = self->staged_hold_n = self->live_n = 0;
}

void
risk_view_snapshot_status (risk_view_t *self, const rt_order_status_t *s)
{
    if (!self->in_snapshot || !s->coid [0])
        return;
    if (self->staged_n == RISK_ORDERS_MAX) {
        self->overflow = true;
        return;
    }
    s_ord_from (&self->staged [self->staged_n++], s);
}

void
risk_view_snapshot_holding (risk_view_t *self, const rt_holding_t *h)
{
    if (!self->in_snapshot)
        return;
    if (self->staged_hold_n == RISK_SYMBOLS_MAX) {
        self->overflow = true;
        return;
    }
    self->staged_hold [self->staged_hold_n++] = *h;
}

int
risk_view_snapshot_end (risk_view_t *self, uint64_t seq, uint64_t now_ms)
{
    if (!self->in_snapshot)
        return RT_EINVAL;
    self->in_snapshot = false;
    if (self->overflow) {
        risk_view_invalidate (self, "the orders snapshot did not fit risk's tables");
        return RT_ERANGE;
    }
    //  Keep what the orders service cannot know: orders placed elsewhere and intents
    //  accepted here that it has not published yet. Everything else comes from the snapshot.
    risk_state_t *st = self->state;
    risk_state_orders_drop_confirmed (st, "ib");
    for (size_t i = 0; i < self->staged_n; i++)
        s_apply_ord (self, &self->staged [i], now_ms);
    //  Holdings: the snapshot's, replacing the book's.
    for (size_t i = 0; i < risk_state_sym_count (st); i++)
        ((risk_sym_t *) risk_state_sym_at (st, i))->has_holding = false;
    for (size_t i = 0; i < self->staged_hold_n; i++)
        s_apply_hold (self, &self->staged_hold [i]);
    //  Updates seen meanwhile and newer than the snapshot go on top.
    for (size_t i = 0; i < self->live_n; i++) {
        const s_live_t *l = &self->live [i];
        if (l->seq <= seq)
            continue;
        if (l->is_holding)
            s_apply_hold (self, &l->hold);
        else
            s_apply_ord (self, &l->ord, now_ms);
    }
    self->snapshot_seq = seq;
    self->ready = true;
    self->why [0] = 0;
    return 0;
}
