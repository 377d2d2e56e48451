/*  gw_acct.c - latest account values and positions; publish on change.

    Tables are small (a few hundred rows for one account) and change a few times a minute,
    so a linear scan comparing a 64-bit key hash first is simpler than an index and as fast.
*/
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gw_acct.h"

typedef struct {
    uint64_t hash;
    rt_account_value_t v;
} s_value_t;

typedef struct {
    uint64_t hash;
    bool seen;                          //  listed since the last gw_acct_positions_begin
    rt_position_t p;
} s_position_t;

struct _gw_acct_t {
    gw_t *gw;
    uint32_t nvalues;
    uint32_t npositions;
    bool collecting;
    gw_acct_stats_t stats;
    s_value_t values [GW_ACCT_VALUES_MAX];
    s_position_t positions [GW_ACCT_POSITIONS_MAX];
};

static uint64_t
s_hash_add (uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (uint8_t) *s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff;                          //  separator: ("ab","c") != ("a","bc")
    h *= 1099511628211ULL;
    return h;
}

static void
s_copy (char *dst, size_t cap, const char *src)
{
    size_t n = strlen (src);
    if (n >= cap)
        n = cap - 1;
    memcpy (dst, src, n);
    dst [n] = 0;
}

gw_acct_t *
gw_acct_new (gw_t *gw)
{
    gw_acct_t *self = calloc (1, sizeof *self);
    if (self)
        self->gw = gw;
    return self;
}

void
gw_acct_destroy (gw_acct_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

void
gw_acct_on_value (gw_acct_t *self, const tws_update_account_value_t *m)
{
    assert (self && m);
    if (!*m->account || !*m->key) {
        self->stats.dropped++;
        return;
    }
    rt_account_value_t v;
    memset (&v, 0, sizeof v);
    s_copy (v.account, sizeof v.account, m->account);
    s_copy (v.key, sizeof v.key, m->key);
    s_copy (v.value, sizeof v.value, m->value);
    s_copy (v.currency, sizeof v.currency, m->currency);
    uint64_t h = s_hash_add (s_hash_add (s_hash_add (14695981039346656037ULL, v.account), v.key),
                             v.currency);
    s_value_t *slot = NULL;
    for (uint32_t i = 0; i < self->nvalues; i++) {
        s_value_t *e = &self->values [i];
        if (e->hash == h && strcmp (e->v.account, v.account) == 0
        &&  strcmp (e->v.key, v.key) == 0 && strcmp (e->v.currency, v.currency) == 0) {
            slot = e;
            break;
        }
    }
    if (slot && strcmp (slot->v.value, v.value) == 0) {
        self->stats.duplicates++;
        return;
    }
    if (!slot) {
        if (self->nvalues == GW_ACCT_VALUES_MAX) {
            self->stats.dropped++;
            return;
        }
        slot = &self->values [self->nvalues++];
        slot->hash = h;
    }
    slot->v = v;
    if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_ACCOUNT_VALUE, &slot->v, NULL) == 0)
        self->stats.values_published++;
}

//  Upserts one position; publishes when qty or average cost changed.
static void
s_position (gw_acct_t *self, const char *account, const tws_contract_t *c, double qty,
            double avg_cost)
{
    if (!*account || !*c->symbol) {
        self->stats.dropped++;
        return;
    }
    if (qty == TWS_UNSET_DECIMAL)
        qty = 0;
    if (avg_cost == TWS_UNSET_DOUBLE)
        avg_cost = 0;
    rt_position_t p;
    memset (&p, 0, sizeof p);
    s_copy (p.account, sizeof p.account, account);
    s_copy (p.symbol, sizeof p.symbol, c->symbol);
    s_copy (p.sec_type, sizeof p.sec_type, c->sec_type);
    s_copy (p.currency, sizeof p.currency, c->currency);
    p.con_id = c->con_id;
    p.qty = qty;
    p.avg_cost = avg_cost;
    uint64_t h = s_hash_add (14695981039346656037ULL, p.account);
    h = c->con_id > 0? (h ^ (uint64_t) c->con_id) * 1099511628211ULL: s_hash_add (h, p.symbol);
    s_position_t *slot = NULL;
    for (uint32_t i = 0; i < self->npositions; i++) {
        s_position_t *e = &self->positions [i];
        if (e->hash == h && strcmp (e->p.account, p.account) == 0
        &&  (c->con_id > 0? e->p.con_id == c->con_id: strcmp (e->p.symbol, p.symbol) == 0)) {
            slot = e;
            break;
        }
    }
    if (slot) {
        slot->seen = true;
        if (slot->p.qty == p.qty && slot->p.avg_cost == p.avg_cost) {
            self->stats.duplicates++;
            return;
        }
    }
    else {
        if (self->npositions == GW_ACCT_POSITIONS_MAX) {
            self->stats.dropped++;
            return;
        }
        slot = &self->positions [self->npositions++];
        slot->hash = h;
        slot->seen = true;
    }
    slot->p = p;
    if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_POSITION, &slot->p, NULL) == 0)
        self->stats.positions_published++;
}

void
gw_acct_on_portfolio (gw_acct_t *self, const tws_update_portfolio_t *m)
{
    assert (self && m);
    //  updatePortfolio's averageCost is the same figure position (61) reports.
    s_position (self, m->account, &m->contract, m->position, m->average_cost);
}

void
gw_acct_on_position (gw_acct_t *self, const tws_position_t *m)
{
    assert (self && m);
    s_position (self, m->account, &m->contract, m->position, m->avg_cost);
}

void
gw_acct_positions_begin (gw_acct_t *self)
{
    assert (self);
    self->collecting = true;
    for (uint32_t i = 0; i < self->npositions; i++)
        self->positions [i].seen = false;
}

void
gw_acct_positions_end (gw_acct_t *self)
{
    assert (self);
    if (!self->collecting)
        return;
    self->collecting = false;
    for (uint32_t i = 0; i < self->npositions; i++) {
        s_position_t *e = &self->positions [i];
        if (!e->seen && e->p.qty != 0) {
            e->p.qty = 0;
            if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_POSITION, &e->p, NULL) == 0)
                self->stats.positions_published++;
        }
    }
}

void
gw_acct_snapshot (gw_acct_t *self, const rt_cmd_peer_t *peer, const char *account)
{
    assert (self && peer);
    bool all = !account || !*account;
    for (uint32_t i = 0; i < self->npositions; i++)
        if (all || strcmp (self->positions [i].p.account, account) == 0)
            if (gw_send_to_peer (self->gw, peer, RT_TYPE_POSITION, &self->positions [i].p) < 0)
                return;         //  the peer is gone or full: the rest would fail too
    for (uint32_t i = 0; i < self->nvalues; i++)
        if (all || strcmp (self->values [i].v.account, account) == 0)
            if (gw_send_to_peer (self->gw, peer, RT_TYPE_ACCOUNT_VALUE, &self->values [i].v) < 0)
                return;
}

void
gw_acct_stats (const gw_acct_t *self, gw_acct_stats_t *out)
{
    assert (self && out);
    *out = self->stats;
}
