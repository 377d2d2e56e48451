/*  sim_market.c - the price path, cursors, quotes, ticks and overrides.
    See sim_market.h for the model; bars live in sim_market_bars.c.
*/
#include "sim_market_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_error.h"
#include "sim_rng.h"

//  Seconds of a day the intraday walk spreads the daily volatility over, and how much of
//  the daily variance it carries (the rest comes from the day-to-day anchors).
#define S_INTRADAY_SHARE 0.8
#define S_ANCHOR_LEVELS  7          //  value noise over 1 .. 64 days
#define S_ANCHOR_SHARE   0.6

int64_t
sim_mkt_floor_div (int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

sim_market_t *
sim_market_new (uint64_t seed)
{
    sim_market_t *self = calloc (1, sizeof *self);
    if (!self)
        goto fail;
    self->seed = seed;
    self->nsym = sim_universe_count ();
    self->sym = calloc (self->nsym, sizeof *self->sym);
    self->days = calloc (SIM_MKT_DAY_CACHE, sizeof *self->days);
    if (!self->sym || !self->days)
        goto fail;
    for (size_t i = 0; i < self->nsym; i++) {
        const sim_contract_t *c = sim_universe_at (i);
        sim_mkt_symbol_t *s = &self->sym [i];
        s->key = sim_hash4 (seed, 0x5349u, (uint64_t) c->con_id, i);
        s->sigma = c->daily_vol * sqrt (S_INTRADAY_SHARE) / sqrt ((double) SIM_MKT_DAY);
        s->tpu = floor (1.0 / c->min_tick + 0.5);
        int64_t lots = 10 + c->avg_volume / 10000000;
        s->lots = lots > 40 ? 40 : lots;
    }
    return self;
fail:
    sim_market_destroy (&self);
    return NULL;
}

void
sim_market_destroy (sim_market_t **self_p)
{
    assert (self_p);
    sim_market_t *self = *self_p;
    if (self) {
        free (self->sym);
        free (self->days);
        free (self);
        *self_p = NULL;
    }
}

uint64_t
sim_market_seed (const sim_market_t *self)
{
    return self->seed;
}

//  Log price anchor at 00:00 UTC of a day: bounded multi-scale value noise, linearly
//  interpolated between knots, so consecutive days move like a walk without unbounded drift.
static double
s_anchor (const sim_market_t *self, int sym, int64_t day)
{
    const sim_contract_t *c = sim_universe_at ((size_t) sym);
    const sim_mkt_symbol_t *s = &self->sym [sym];
    double x = log (c->start_price);
    for (int k = 0; k < S_ANCHOR_LEVELS; k++) {
        int64_t period = (int64_t) 1 << k;
        int64_t knot = sim_mkt_floor_div (day, period);
        double frac = (double) (day - knot * period) / (double) period;
        double a = sim_hash_normal (sim_hash4 (s->key, 0xa7c, (uint64_t) k, (uint64_t) knot));
        double b = sim_hash_normal (sim_hash4 (s->key, 0xa7c, (uint64_t) k,
                                               (uint64_t) (knot + 1)));
        double amp = c->daily_vol * sqrt ((double) period * (1 - S_INTRADAY_SHARE + 0.2))
                   * S_ANCHOR_SHARE;
        x += amp * (a + (b - a) * frac);
    }
    return x;
}

static inline uint64_t
s_mix (uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

//  Maps 32 random bits onto [0, n) without a division (Lemire's multiply-shift).
static inline int64_t
s_below (uint64_t bits32, uint64_t n)
{
    return (int64_t) (((bits32 & 0xffffffffULL) * n) >> 32);
}

//  Builds the quote and the trade of second s from the log mid x.
static void
s_make_second (const sim_market_t *self, int sym, int64_t sec, double x, bool frozen,
               sim_mkt_second_t *out)
{
    const sim_contract_t *c = sim_universe_at ((size_t) sym);
    const sim_mkt_symbol_t *s = &self->sym [sym];
    uint64_t h1 = s_mix (s->key ^ ((uint64_t) sec * 0x9e3779b97f4a7c15ULL) ^ 0x51u);
    uint64_t h2 = s_mix (h1 + 0x632be59bd9b4e019ULL);
    double mid = exp (x) * s->tpu;
    int64_t k, bid;
    if (frozen) {
        //  A frozen symbol quotes exactly one tick either side of its set price.
        k = 2;
        bid = llround (mid) - 1;
    }
    else {
        k = 1 + s_below (h1, (uint64_t) c->spread_ticks_max);
        bid = llround (mid - (double) k / 2.0);
    }
    if (bid < 1)
        bid = 1;
    out->bid = bid;
    out->ask = bid + k;
    out->bid_size = 100 * (1 + s_below (h1 >> 16, (uint64_t) s->lots));
    out->ask_size = 100 * (1 + s_below (h1 >> 32, (uint64_t) s->lots));
    out->last = (h2 & 1) ? out->ask : out->bid;
    if (((h2 >> 1) & 3) == 0)
        out->last_size = 1 + s_below (h2 >> 8, 99);              //  odd lot
    else
        out->last_size = 100 * (1 + s_below (h2 >> 8, 5));
}

void
sim_mkt_cursor_start (sim_market_t *self, int sym, sim_mkt_cursor_t *cursor, int64_t day, bool prev_close)
{
    memset (cursor, 0, sizeof *cursor);
    cursor->valid = true;
    cursor->day = day;
    cursor->sec = day * SIM_MKT_DAY - 1;
    cursor->seg = -1;
    cursor->anchor = s_anchor (self, sym, day);
    if (prev_close) {
        sim_mkt_agg_t all, rth;
        sim_mkt_day_aggs (self, sym, day - 1, &all, &rth);
        cursor->prev_close = all.t_c;
    }
}

void
sim_mkt_cursor_step (sim_market_t *self, int sym, sim_mkt_cursor_t *cursor)
{
    sim_mkt_symbol_t *s = &self->sym [sym];
    int64_t sec = ++cursor->sec;
    double n = sim_hash_normal (s_mix (s->key ^ ((uint64_t) sec * 0xd1b54a32d192ed03ULL)));
    cursor->w += n;
    double x = cursor->anchor + s->sigma * cursor->w;
    while (cursor->seg + 1 < s->nseg && s->seg [cursor->seg + 1].t <= sec)
        cursor->seg++;
    bool frozen = false;
    if (cursor->seg >= 0) {
        const sim_mkt_segment_t *g = &s->seg [cursor->seg];
        x = g->base_x + g->scale * (x - g->base_at_t);
        frozen = g->scale == 0;
    }
    s_make_second (self, sym, sec, x, frozen, &cursor->cur);
    const sim_mkt_second_t *c = &cursor->cur;
    cursor->volume += c->last_size;
    if (cursor->open == 0)
        cursor->open = cursor->high = cursor->low = c->last;
    if (c->last > cursor->high)
        cursor->high = c->last;
    if (c->last < cursor->low)
        cursor->low = c->last;
}

//  Base log mid (no overrides) at second sec, the way the cursor computes it.
static double
s_base_at (sim_market_t *self, int sym, int64_t sec)
{
    const sim_mkt_symbol_t *s = &self->sym [sym];
    int64_t day = sim_mkt_floor_div (sec, SIM_MKT_DAY);
    double w = 0;
    for (int64_t i = day * SIM_MKT_DAY; i <= sec; i++)
        w += sim_hash_normal (s_mix (s->key ^ ((uint64_t) i * 0xd1b54a32d192ed03ULL)));
    return s_anchor (self, sym, day) + s->sigma * w;
}

static sim_mkt_cursor_t *
s_cursor_for (sim_market_t *self, int sym, int64_t sec)
{
    sim_mkt_symbol_t *s = &self->sym [sym];
    int64_t day = sim_mkt_floor_div (sec, SIM_MKT_DAY);
    sim_mkt_cursor_t *best = NULL;
    for (int i = 0; i < SIM_MKT_CURSORS; i++) {
        sim_mkt_cursor_t *c = &s->cursor [i];
        if (c->valid && c->day == day && c->sec <= sec && (!best || c->sec > best->sec))
            best = c;
    }
    if (!best) {
        best = &s->cursor [0];
        for (int i = 1; i < SIM_MKT_CURSORS; i++)
            if (!s->cursor [i].valid || s->cursor [i].stamp < best->stamp)
                best = &s->cursor [i];
        sim_mkt_cursor_start (self, sym, best, day, true);
    }
    while (best->sec < sec)
        sim_mkt_cursor_step (self, sym, best);
    best->stamp = ++self->clock;
    return best;
}

int
sim_market_quote (sim_market_t *self, int sym, int64_t t_ms, sim_quote_t *quote)
{
    assert (self && quote);
    if (sym < 0 || (size_t) sym >= self->nsym)
        return RT_EINVAL;
    int64_t sec = sim_mkt_floor_div (t_ms, 1000);
    sim_mkt_cursor_t *c = s_cursor_for (self, sym, sec);
    double tpu = self->sym [sym].tpu;
    memset (quote, 0, sizeof *quote);
    quote->sym = sym;
    quote->sec = sec;
    quote->bid = (double) c->cur.bid / tpu;
    quote->ask = (double) c->cur.ask / tpu;
    quote->bid_size = c->cur.bid_size;
    quote->ask_size = c->cur.ask_size;
    quote->last = (double) c->cur.last / tpu;
    quote->last_size = c->cur.last_size;
    quote->volume = c->volume;
    quote->open = (double) c->open / tpu;
    quote->high = (double) c->high / tpu;
    quote->low = (double) c->low / tpu;
    quote->prev_close = (double) c->prev_close / tpu;
    quote->mid = (double) (c->cur.bid + c->cur.ask) / (2 * tpu);
    quote->version = self->sym [sym].gen;
    return 0;
}

static size_t
s_push (sim_tick_t *out, size_t n, int type, bool is_size, double price, int64_t size)
{
    if (n < SIM_TICKS_MAX) {
        out [n].tick_type = type;
        out [n].is_size = is_size;
        out [n].price = price;
        out [n].size = size;
        n++;
    }
    return n;
}

size_t
sim_market_tick_diff (const sim_quote_t *prev, const sim_quote_t *cur, bool delayed,
                      sim_tick_t *out)
{
    assert (cur && out);
    //  live, delayed
    static const int bid [2] = { 1, 66 }, bid_sz [2] = { 0, 69 }, ask [2] = { 2, 67 },
        ask_sz [2] = { 3, 70 }, last [2] = { 4, 68 }, last_sz [2] = { 5, 71 },
        high [2] = { 6, 72 }, low [2] = { 7, 73 }, vol [2] = { 8, 74 }, close [2] = { 9, 75 },
        open [2] = { 14, 76 };
    int d = delayed ? 1 : 0;
    size_t n = 0;
    //  A tickPrice carries its size (the client reports the size tick from it), so a
    //  separate size tick goes out only when the size alone changed.
    if (!prev || prev->bid != cur->bid)
        n = s_push (out, n, bid [d], false, cur->bid, cur->bid_size);
    else
    if (prev->bid_size != cur->bid_size)
        n = s_push (out, n, bid_sz [d], true, 0, cur->bid_size);
    if (!prev || prev->ask != cur->ask)
        n = s_push (out, n, ask [d], false, cur->ask, cur->ask_size);
    else
    if (prev->ask_size != cur->ask_size)
        n = s_push (out, n, ask_sz [d], true, 0, cur->ask_size);
    if (!prev || prev->last != cur->last)
        n = s_push (out, n, last [d], false, cur->last, cur->last_size);
    else
    if (prev->sec != cur->sec || prev->last_size != cur->last_size)
        n = s_push (out, n, last_sz [d], true, 0, cur->last_size);
    if (!prev || prev->volume != cur->volume)
        n = s_push (out, n, vol [d], true, 0, cur->volume);
    if (!prev || prev->high != cur->high)
        n = s_push (out, n, high [d], false, cur->high, 0);
    if (!prev || prev->low != cur->low)
        n = s_push (out, n, low [d], false, cur->low, 0);
    if (!prev || prev->open != cur->open)
        n = s_push (out, n, open [d], false, cur->open, 0);
    if ((!prev || prev->prev_close != cur->prev_close) && cur->prev_close > 0)
        n = s_push (out, n, close [d], false, cur->prev_close, 0);
    return n;
}

//  Adds a segment at second sec with log mid target_x and scale. Later segments (a clock
//  that went back) are dropped; when the table is full the two oldest merge.
static void
s_add_segment (sim_market_t *self, int sym, int64_t sec, double target_x, double scale)
{
    sim_mkt_symbol_t *s = &self->sym [sym];
    while (s->nseg > 0 && s->seg [s->nseg - 1].t >= sec)
        s->nseg--;
    if (s->nseg == SIM_MARKET_OVERRIDES) {
        memmove (&s->seg [1], &s->seg [2], (size_t) (s->nseg - 2) * sizeof s->seg [0]);
        s->nseg--;
    }
    sim_mkt_segment_t *g = &s->seg [s->nseg++];
    g->t = sec;
    g->base_x = target_x;
    g->base_at_t = s_base_at (self, sym, sec);
    g->scale = scale;
    s->gen++;
    for (int i = 0; i < SIM_MKT_CURSORS; i++)
        s->cursor [i].valid = false;
}

//  Current log mid and scale of sym at second sec, overrides included.
static void
s_current (sim_market_t *self, int sym, int64_t sec, double *x, double *scale)
{
    sim_quote_t q;
    sim_market_quote (self, sym, sec * 1000, &q);
    *x = log (q.mid);
    const sim_mkt_symbol_t *s = &self->sym [sym];
    *scale = 1.0;
    for (int i = 0; i < s->nseg; i++)
        if (s->seg [i].t <= sec)
            *scale = s->seg [i].scale;
}

int
sim_market_set_price (sim_market_t *self, int sym, int64_t now_ms, double price)
{
    assert (self);
    if (sym < 0 || (size_t) sym >= self->nsym || !(price > 0) || !isfinite (price))
        return RT_EINVAL;
    int64_t sec = sim_mkt_floor_div (now_ms, 1000);
    double x, scale;
    s_current (self, sym, sec, &x, &scale);
    s_add_segment (self, sym, sec, log (price), scale);
    return 0;
}

int
sim_market_move_price (sim_market_t *self, int sym, int64_t now_ms, double delta)
{
    assert (self);
    if (sym < 0 || (size_t) sym >= self->nsym || !isfinite (delta))
        return RT_EINVAL;
    int64_t sec = sim_mkt_floor_div (now_ms, 1000);
    double x, scale;
    s_current (self, sym, sec, &x, &scale);
    double price = exp (x) + delta;
    if (!(price > 0))
        return RT_EINVAL;
    s_add_segment (self, sym, sec, log (price), scale);
    return 0;
}

int
sim_market_set_volatility (sim_market_t *self, int sym, int64_t now_ms, double scale)
{
    assert (self);
    if (sym < 0 || (size_t) sym >= self->nsym || !(scale >= 0) || !isfinite (scale))
        return RT_EINVAL;
    int64_t sec = sim_mkt_floor_div (now_ms, 1000);
    double x, old_scale;
    s_current (self, sym, sec, &x, &old_scale);
    s_add_segment (self, sym, sec, x, scale);
    return 0;
}
