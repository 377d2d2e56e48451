/*  risk_state.c - the view's fixed tables (see risk_state.h). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "risk_state.h"

#define SYM_SLOTS   (RISK_SYMBOLS_MAX * 2)      //  load factor <= 0.5
#define ORD_SLOTS   (RISK_ORDERS_MAX * 2)

typedef struct {
    bool used;
    risk_order_t o;
} s_oslot_t;

struct _risk_state_t {
    risk_sym_t syms [SYM_SLOTS];
    bool sym_used [SYM_SLOTS];
    int32_t sym_list [RISK_SYMBOLS_MAX];        //  slots in insertion order
    size_t sym_n;
    s_oslot_t ords [ORD_SLOTS];
    uint32_t ord_n;
    uint64_t rate [RISK_RATE_MAX];              //  ring of submission times (ms)
    uint32_t rate_head, rate_n;
    rt_trading_t trading;
    risk_cause_t cause;
    char reason [RT_TEXT_MAX];
    bool kill_switch;
    uint32_t accepted_today;
};

//  FNV-1a: short keys, good spread, no allocation.
static uint32_t
s_hash (const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *) key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

risk_state_t *
risk_state_new (void)
{
    risk_state_t *self = (risk_state_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->trading = RT_TRADING_ACTIVE;
    return self;
}

void
risk_state_destroy (risk_state_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

//  ---------------------------------------------------------------------------------------
//  Symbols

static bool
s_symbol_ok (const char *symbol)
{
    size_t len = strnlen (symbol, RT_SYMBOL_MAX);
    return len > 0 && len < RT_SYMBOL_MAX;
}

int32_t
risk_state_find (const risk_state_t *self, const char *symbol)
{
    if (!s_symbol_ok (symbol))
        return -1;
    uint32_t i = s_hash (symbol) % SYM_SLOTS;
    while (self->sym_used [i]) {
        if (strcmp (self->syms [i].symbol, symbol) == 0)
            return (int32_t) i;
        i = (i + 1) % SYM_SLOTS;
    }
    return -1;
}

int32_t
risk_state_intern (risk_state_t *self, const char *symbol)
{
    if (!s_symbol_ok (symbol))
        return -1;
    uint32_t i = s_hash (symbol) % SYM_SLOTS;
    while (self->sym_used [i]) {
        if (strcmp (self->syms [i].symbol, symbol) == 0)
            return (int32_t) i;
        i = (i + 1) % SYM_SLOTS;
    }
    if (self->sym_n == RISK_SYMBOLS_MAX)
        return -1;
    self->sym_used [i] = true;
    memset (&self->syms [i], 0, sizeof self->syms [i]);
    snprintf (self->syms [i].symbol, sizeof self->syms [i].symbol, "%s", symbol);
    self->sym_list [self->sym_n++] = (int32_t) i;
    return (int32_t) i;
}

const risk_sym_t *
risk_state_sym (const risk_state_t *self, int32_t slot)
{
    assert (slot >= 0 && slot < SYM_SLOTS && self->sym_used [slot]);
    return &self->syms [slot];
}

risk_sym_t *
risk_state_sym_mut (risk_state_t *self, int32_t slot)
{
    assert (slot >= 0 && slot < SYM_SLOTS && self->sym_used [slot]);
    return &self->syms [slot];
}

size_t
risk_state_sym_count (const risk_state_t *self)
{
    return self->sym_n;
}

const risk_sym_t *
risk_state_sym_at (const risk_state_t *self, size_t index)
{
    assert (index < self->sym_n);
    return &self->syms [self->sym_list [index]];
}

double
risk_sym_position (const risk_sym_t *sym)
{
    return sym->has_holding? sym->h_qty: sym->has_ib? sym->ib_qty: 0;
}

double
risk_sym_reference (const risk_sym_t *sym)
{
    if (sym->last > 0)
        return sym->last;
    if (sym->bid > 0 && sym->ask > 0)
        return (sym->bid + sym->ask) / 2;
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Orders

static int32_t
s_order_slot (const risk_state_t *self, const char *key)
{
    uint32_t i = s_hash (key) % ORD_SLOTS;
    while (self->ords [i].used) {
        if (strcmp (self->ords [i].o.key, key) == 0)
            return (int32_t) i;
        i = (i + 1) % ORD_SLOTS;
    }
    return -1;
}

//  Removes slot i, shifting later members of its probe run back (Knuth's algorithm R).
static void
s_order_remove (risk_state_t *self, uint32_t i)
{
    risk_order_t *o = &self->ords [i].o;
    risk_sym_t *sym = &self->syms [o->sym];
    sym->open_net -= o->side * o->remaining;
    if (fabs (sym->open_net) < 1e-9)
        sym->open_net = 0;
    sym->open_n--;
    self->ord_n--;
    self->ords [i].used = false;
    uint32_t j = i;
    while (true) {
        j = (j + 1) % ORD_SLOTS;
        if (!self->ords [j].used)
            break;
        uint32_t home = s_hash (self->ords [j].o.key) % ORD_SLOTS;
        //  j may move to i when its home is not cyclically in (i, j].
        bool stays = i <= j? (i < home && home <= j): (i < home || home <= j);
        if (!stays) {
            self->ords [i] = self->ords [j];
            self->ords [j].used = false;
            i = j;
        }
    }
}

int
risk_state_order_set (risk_state_t *self, const char *key, const char *symbol, int side,
                      double remaining, bool pending, uint64_t now_ms)
{
    size_t key_len = strnlen (key, RT_COID_MAX);
    if (key_len == 0 || key_len == RT_COID_MAX || !isfinite (remaining))
        return RT_EINVAL;
    int32_t at = s_order_slot (self, key);
    if (remaining <= 0) {
        if (at >= 0)
            s_order_remove (self, (uint32_t) at);
        return 0;
    }
    if (at >= 0) {
        risk_order_t *o = &self->ords [at].o;
        risk_sym_t *sym = &self->syms [o->sym];
        if (side == 0)
            side = o->side;
        sym->open_net += side * remaining - o->side * o->remaining;
        if (fabs (sym->open_net) < 1e-9)
            sym->open_net = 0;
        o->side = (int8_t) side;
        o->remaining = remaining;
        o->pending = pending;
        o->ts_ms = now_ms;
        return 0;
    }
    if (side != 1 && side != -1)
        return RT_EINVAL;           //  a new order without a side cannot be projected
    int32_t slot = risk_state_intern (self, symbol);
    if (slot < 0)
        return s_symbol_ok (symbol)? RT_ERANGE: RT_EINVAL;
    if (self->ord_n == RISK_ORDERS_MAX)
        return RT_ERANGE;
    uint32_t i = s_hash (key) % ORD_SLOTS;
    while (self->ords [i].used)
        i = (i + 1) % ORD_SLOTS;
    self->ords [i].used = true;
    risk_order_t *o = &self->ords [i].o;
    memcpy (o->key, key, key_len + 1);
    o->sym = slot;
    o->side = (int8_t) side;
    o->remaining = remaining;
    o->pending = pending;
    o->ts_ms = now_ms;
    self->ord_n++;
    risk_sym_t *sym = &self->syms [slot];
    sym->open_net += side * remaining;
    sym->open_n++;
    return 0;
}

const risk_order_t *
risk_state_order (const risk_state_t *self, const char *key)
{
    int32_t at = s_order_slot (self, key);
    return at >= 0? &self->ords [at].o: NULL;
}

uint32_t
risk_state_open_orders (const risk_state_t *self)
{
    return self->ord_n;
}

void
risk_state_orders_clear (risk_state_t *self)
{
    for (uint32_t i = 0; i < ORD_SLOTS; i++)
        self->ords [i].used = false;
    self->ord_n = 0;
    for (size_t i = 0; i < self->sym_n; i++) {
        risk_sym_t *sym = &self->syms [self->sym_list [i]];
        sym->open_net = 0;
        sym->open_n = 0;
    }
}

void
risk_state_orders_drop_confirmed (risk_state_t *self, const char *keep_prefix)
{
    size_t plen = strlen (keep_prefix);
    for (uint32_t i = 0; i < ORD_SLOTS; ) {
        const risk_order_t *o = &self->ords [i].o;
        if (self->ords [i].used && !o->pending && strncmp (o->key, keep_prefix, plen) != 0) {
            s_order_remove (self, i);
            continue;               //  slot i may now hold a shifted entry
        }
        i++;
    }
}

size_t
risk_state_expire_pending (risk_state_t *self, uint64_t now_ms, uint64_t ttl_ms)
{
    size_t dropped = 0;
    for (uint32_t i = 0; i < ORD_SLOTS; ) {
        const risk_order_t *o = &self->ords [i].o;
        if (self->ords [i].used && o->pending && now_ms - o->ts_ms > ttl_ms) {
            s_order_remove (self, i);
            dropped++;
            continue;               //  slot i may now hold a shifted entry
        }
        i++;
    }
    return dropped;
}

//  ---------------------------------------------------------------------------------------
//  Rate

uint32_t
risk_state_rate_count (const risk_state_t *self, uint64_t now_ms)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < self->rate_n; k++) {
        uint32_t i = (self->rate_head + RISK_RATE_MAX - 1 - k) % RISK_RATE_MAX;
        if (now_ms - self->rate [i] >= 1000)
            break;
        n++;
    }
    return n;
}

bool
risk_state_rate_ok (const risk_state_t *self, uint32_t limit, uint64_t now_ms)
{
    if (limit > RISK_RATE_MAX)
        limit = RISK_RATE_MAX;
    if (self->rate_n < limit)
        return true;
    //  The limit-th most recent submission must have left the window.
    uint32_t i = (self->rate_head + RISK_RATE_MAX - limit) % RISK_RATE_MAX;
    return now_ms - self->rate [i] >= 1000;
}

void
risk_state_rate_note (risk_state_t *self, uint32_t limit, uint64_t now_ms)
{
    self->rate [self->rate_head] = now_ms;
    self->rate_head = (self->rate_head + 1) % RISK_RATE_MAX;
    if (self->rate_n < RISK_RATE_MAX)
        self->rate_n++;
}

//  ---------------------------------------------------------------------------------------
//  Figures

void
risk_state_figures (const risk_state_t *self, risk_figures_t *out)
{
    memset (out, 0, sizeof *out);
    for (size_t i = 0; i < self->sym_n; i++) {
        const risk_sym_t *sym = &self->syms [self->sym_list [i]];
        double ref = risk_sym_reference (sym);
        double qty = risk_sym_position (sym);
        if (sym->has_holding) {
            out->realized += sym->h_realized;
            //  Marked again with the freshest reference: quotes move faster than the book.
            out->unrealized += ref > 0? sym->h_qty * (ref - sym->h_avg): sym->h_unrealized;
        }
        else
        if (sym->has_ib && ref > 0)
            out->unrealized += sym->ib_qty * (ref - sym->ib_avg);
        double price = ref > 0? ref: sym->has_holding? sym->h_avg: sym->ib_avg;
        out->gross += fabs (qty) * price;
        out->net += qty * price;
    }
    out->daily = out->realized + out->unrealized;
}

//  ---------------------------------------------------------------------------------------
//  Trading state

rt_trading_t
risk_state_trading (const risk_state_t *self)
{
    return self->trading;
}

risk_cause_t
risk_state_cause (const risk_state_t *self)
{
    return self->cause;
}

const char *
risk_state_reason (const risk_state_t *self)
{
    return self->reason;
}

bool
risk_state_kill_switch (const risk_state_t *self)
{
    return self->kill_switch;
}

bool
risk_state_set (risk_state_t *self, rt_trading_t state, risk_cause_t cause, const char *reason)
{
    assert (state == RT_TRADING_ACTIVE || state == RT_TRADING_REDUCING
         || state == RT_TRADING_HALTED);
    bool kill = state == RT_TRADING_ACTIVE? false: cause == RISK_CAUSE_KILL? true: self->kill_switch;
    if (state == RT_TRADING_ACTIVE)
        cause = RISK_CAUSE_NONE;
    bool changed = state != self->trading || cause != self->cause || kill != self->kill_switch
                || strncmp (reason? reason: "", self->reason, sizeof self->reason) != 0;
    self->trading = state;
    self->cause = cause;
    self->kill_switch = kill;
    snprintf (self->reason, sizeof self->reason, "%s", reason? reason: "");
    return changed;
}

uint32_t
risk_state_accepted_today (const risk_state_t *self)
{
    return self->accepted_today;
}

void
risk_state_count_accepted (risk_state_t *self)
{
    self->accepted_today++;
}
