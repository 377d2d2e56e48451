/*  sim_market_bars.c - historical, real-time and keepUpToDate bars from the price path,
    the whole-day cache, and IB's bar-size / duration / whatToShow words.
*/
#include "sim_market_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_error.h"
#include "sim_rng.h"

void
sim_mkt_agg_reset (sim_mkt_agg_t *agg)
{
    memset (agg, 0, sizeof *agg);
}

static inline void
s_ohlc (int64_t *o, int64_t *h, int64_t *l, int64_t *c, int64_t v, bool first)
{
    if (first)
        *o = *h = *l = v;
    if (v > *h)
        *h = v;
    if (v < *l)
        *l = v;
    *c = v;
}

void
sim_mkt_agg_add (sim_mkt_agg_t *agg, const sim_mkt_second_t *sec)
{
    bool first = agg->n == 0;
    s_ohlc (&agg->t_o, &agg->t_h, &agg->t_l, &agg->t_c, sec->last, first);
    s_ohlc (&agg->m_o, &agg->m_h, &agg->m_l, &agg->m_c, sec->bid + sec->ask, first);
    s_ohlc (&agg->b_o, &agg->b_h, &agg->b_l, &agg->b_c, sec->bid, first);
    s_ohlc (&agg->a_o, &agg->a_h, &agg->a_l, &agg->a_c, sec->ask, first);
    agg->volume += sec->last_size;
    agg->count++;
    agg->pv += (double) sec->last * (double) sec->last_size;
    agg->n++;
}

static inline void
s_merge4 (int64_t *o, int64_t *h, int64_t *l, int64_t *c, const int64_t *fo,
          const int64_t *fh, const int64_t *fl, const int64_t *fc, bool first)
{
    if (first) {
        *o = *fo;
        *h = *fh;
        *l = *fl;
    }
    if (*fh > *h)
        *h = *fh;
    if (*fl < *l)
        *l = *fl;
    *c = *fc;
}

void
sim_mkt_agg_merge (sim_mkt_agg_t *into, const sim_mkt_agg_t *from)
{
    if (from->n == 0)
        return;
    bool first = into->n == 0;
    s_merge4 (&into->t_o, &into->t_h, &into->t_l, &into->t_c,
              &from->t_o, &from->t_h, &from->t_l, &from->t_c, first);
    s_merge4 (&into->m_o, &into->m_h, &into->m_l, &into->m_c,
              &from->m_o, &from->m_h, &from->m_l, &from->m_c, first);
    s_merge4 (&into->b_o, &into->b_h, &into->b_l, &into->b_c,
              &from->b_o, &from->b_h, &from->b_l, &from->b_c, first);
    s_merge4 (&into->a_o, &into->a_h, &into->a_l, &into->a_c,
              &from->a_o, &from->a_h, &from->a_l, &from->a_c, first);
    into->volume += from->volume;
    into->count += from->count;
    into->pv += from->pv;
    into->n += from->n;
}

void
sim_mkt_rth_window (int64_t day, int64_t *start, int64_t *end)
{
    int64_t noon = day * SIM_MKT_DAY + 12 * 3600;
    int64_t w = (day + 4) % 7;          //  0 = Sunday
    if (w < 0)
        w += 7;
    if (w == 0 || w == 6) {
        *start = *end = day * SIM_MKT_DAY;
        return;
    }
    //  DST switches at 06:00/07:00 UTC, so the offset at noon holds for the whole session.
    int off = sim_eastern_offset (noon);
    *start = day * SIM_MKT_DAY + 9 * 3600 + 1800 - off;
    *end = day * SIM_MKT_DAY + 16 * 3600 - off;
}

//  The cache entry of (sym, day); *hit tells whether it holds that day's current aggregates.
static sim_mkt_day_t *
s_day_entry (sim_market_t *self, int sym, int64_t day, bool *hit)
{
    const sim_mkt_symbol_t *s = &self->sym [sym];
    //  Consecutive days of one symbol never collide within 1024 days (12 * 1024 = 3 * 4096).
    uint64_t slot = ((uint64_t) day * 12 + (uint64_t) sym) % SIM_MKT_DAY_CACHE;
    sim_mkt_day_t *e = &self->days [slot];
    //  An entry stays good if no override has touched the symbol since it was made, or if
    //  the day ended before the first override began.
    *hit = e->valid && e->sym == sym && e->day == day
        && (e->gen == s->gen || (s->nseg > 0 && (day + 1) * SIM_MKT_DAY <= s->seg [0].t));
    return e;
}

void
sim_mkt_day_aggs (sim_market_t *self, int sym, int64_t day, sim_mkt_agg_t *all, sim_mkt_agg_t *rth)
{
    const sim_mkt_symbol_t *s = &self->sym [sym];
    bool hit;
    sim_mkt_day_t *e = s_day_entry (self, sym, day, &hit);
    if (hit) {
        *all = e->all;
        *rth = e->rth;
        return;
    }
    sim_mkt_cursor_t cursor;
    sim_mkt_cursor_start (self, sym, &cursor, day, false);
    int64_t rs, re;
    sim_mkt_rth_window (day, &rs, &re);
    sim_mkt_agg_reset (all);
    sim_mkt_agg_reset (rth);
    for (int64_t i = 0; i < SIM_MKT_DAY; i++) {
        sim_mkt_cursor_step (self, sym, &cursor);
        sim_mkt_agg_add (all, &cursor.cur);
        if (cursor.sec >= rs && cursor.sec < re)
            sim_mkt_agg_add (rth, &cursor.cur);
    }
    e->valid = true;
    e->sym = sym;
    e->day = day;
    e->gen = s->gen;
    e->all = *all;
    e->rth = *rth;
}

static int
s_to_bar (const sim_mkt_agg_t *agg, sim_show_t what, double tpu, int64_t time, sim_bar_t *bar)
{
    memset (bar, 0, sizeof *bar);
    bar->time = time;
    bar->volume = -1;
    bar->wap = -1;
    bar->count = -1;
    switch (what) {
        case SIM_SHOW_TRADES:
            bar->open = (double) agg->t_o / tpu;
            bar->high = (double) agg->t_h / tpu;
            bar->low = (double) agg->t_l / tpu;
            bar->close = (double) agg->t_c / tpu;
            bar->volume = agg->volume;
            bar->wap = agg->volume > 0 ? agg->pv / (double) agg->volume / tpu : bar->close;
            bar->count = (int) agg->count;
            break;
        case SIM_SHOW_MIDPOINT:
            bar->open = (double) agg->m_o / (2 * tpu);
            bar->high = (double) agg->m_h / (2 * tpu);
            bar->low = (double) agg->m_l / (2 * tpu);
            bar->close = (double) agg->m_c / (2 * tpu);
            break;
        case SIM_SHOW_BID:
            bar->open = (double) agg->b_o / tpu;
            bar->high = (double) agg->b_h / tpu;
            bar->low = (double) agg->b_l / tpu;
            bar->close = (double) agg->b_c / tpu;
            break;
        case SIM_SHOW_ASK:
            bar->open = (double) agg->a_o / tpu;
            bar->high = (double) agg->a_h / tpu;
            bar->low = (double) agg->a_l / tpu;
            bar->close = (double) agg->a_c / tpu;
            break;
        case SIM_SHOW_BID_ASK:
            bar->open = (double) agg->b_o / tpu;
            bar->high = (double) agg->a_h / tpu;
            bar->low = (double) agg->b_l / tpu;
            bar->close = (double) agg->a_c / tpu;
            break;
        default:
            return RT_EINVAL;
    }
    return 0;
}

//  Start (UTC day number) of the multi-day period containing day, and of the next one.
static void
s_period (int64_t day, int bar_sec, int64_t *first, int64_t *next)
{
    if (bar_sec == 7 * SIM_MKT_DAY) {
        int64_t w = (day + 3) % 7;              //  0 = Monday
        if (w < 0)
            w += 7;
        *first = day - w;
        *next = *first + 7;
    }
    else
    if (bar_sec > 7 * SIM_MKT_DAY) {
        int y, m, d;
        sim_civil_from_days (day, &y, &m, &d);
        *first = sim_days_from_civil (y, m, 1);
        *next = m == 12 ? sim_days_from_civil (y + 1, 1, 1) : sim_days_from_civil (y, m + 1, 1);
    }
    else {
        *first = day;
        *next = day + 1;
    }
}

static bool
s_bar_size_ok (int bar_sec)
{
    static const int sizes [] = { 1, 5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800,
                                  3600, 7200, 10800, 14400, 28800, 86400, 604800, 2592000 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes [0]; i++)
        if (sizes [i] == bar_sec)
            return true;
    return false;
}

//  Aggregate of sym over the visible seconds [from, to] (inclusive), RTH-filtered if asked.
//  Whole days come from the cache; partial days are walked.
static void
s_range (sim_market_t *self, int sym, int64_t from, int64_t to, bool use_rth, sim_mkt_agg_t *agg)
{
    sim_mkt_agg_reset (agg);
    int64_t day = sim_mkt_floor_div (from, SIM_MKT_DAY);
    for (; day * SIM_MKT_DAY <= to; day++) {
        int64_t ds = day * SIM_MKT_DAY, de = ds + SIM_MKT_DAY - 1;
        int64_t a = from > ds ? from : ds, b = to < de ? to : de;
        int64_t rs = ds, re = ds + SIM_MKT_DAY;
        if (use_rth)
            sim_mkt_rth_window (day, &rs, &re);
        if (a == ds && b == de) {
            sim_mkt_agg_t all, rth;
            sim_mkt_day_aggs (self, sym, day, &all, &rth);
            sim_mkt_agg_merge (agg, use_rth ? &rth : &all);
            continue;
        }
        if (use_rth) {
            if (a < rs)
                a = rs;
            if (b > re - 1)
                b = re - 1;
        }
        if (a > b)
            continue;
        sim_mkt_cursor_t cursor;
        sim_mkt_cursor_start (self, sym, &cursor, day, false);
        while (cursor.sec < b) {
            sim_mkt_cursor_step (self, sym, &cursor);
            if (cursor.sec >= a)
                sim_mkt_agg_add (agg, &cursor.cur);
        }
    }
}

int
sim_market_bars (sim_market_t *self, int sym, int64_t end_ms, int64_t duration_sec,
                 int bar_sec, sim_show_t what, bool use_rth,
                 sim_bar_t *out, size_t cap, size_t *count)
{
    assert (self && count && (out || cap == 0));
    *count = 0;
    if (sym < 0 || (size_t) sym >= self->nsym || !s_bar_size_ok (bar_sec)
    ||  duration_sec <= 0 || (unsigned) what > SIM_SHOW_BID_ASK)
        return RT_EINVAL;
    //  Refuse before walking: the path is cheap per second, not free.
    if (duration_sec / bar_sec > 4 * (int64_t) cap + 4)
        return RT_ERANGE;
    const double tpu = self->sym [sym].tpu;
    int64_t last = sim_mkt_floor_div (end_ms, 1000);
    int64_t first = last - duration_sec + 1;
    if (bar_sec >= SIM_MKT_DAY) {
        int64_t d0, dn;
        s_period (sim_mkt_floor_div (first, SIM_MKT_DAY), bar_sec, &d0, &dn);
        for (int64_t d = d0; d * SIM_MKT_DAY <= last; d = dn) {
            s_period (d, bar_sec, &d, &dn);
            sim_mkt_agg_t agg;
            s_range (self, sym, d * SIM_MKT_DAY, last < dn * SIM_MKT_DAY - 1 ? last : dn * SIM_MKT_DAY - 1,
                     use_rth, &agg);
            if (agg.n == 0)
                continue;
            if (*count == cap)
                return RT_ERANGE;
            s_to_bar (&agg, what, tpu, d * SIM_MKT_DAY, &out [(*count)++]);
        }
        return 0;
    }
    int64_t start = sim_mkt_floor_div (first, bar_sec) * bar_sec;
    sim_mkt_cursor_t cursor = { 0 };
    sim_mkt_agg_t agg;
    sim_mkt_agg_reset (&agg);
    int64_t bar_start = start;
    int64_t rs = 0, re = 0, rday = INT64_MIN;
    for (int64_t sec = start; sec <= last; sec++) {
        int64_t day = sim_mkt_floor_div (sec, SIM_MKT_DAY);
        if (sec >= bar_start + bar_sec) {
            if (agg.n > 0) {
                if (*count == cap)
                    return RT_ERANGE;
                s_to_bar (&agg, what, tpu, bar_start, &out [(*count)++]);
            }
            sim_mkt_agg_reset (&agg);
            bar_start = sim_mkt_floor_div (sec, bar_sec) * bar_sec;
        }
        if (use_rth) {
            if (day != rday) {
                sim_mkt_rth_window (day, &rs, &re);
                rday = day;
            }
            if (sec < rs || sec >= re) {
                //  Jump over the closed hours instead of walking them one by one.
                int64_t next = sec < rs ? rs : (day + 1) * SIM_MKT_DAY;
                if (next > last + 1)
                    next = last + 1;
                sec = next - 1;
                continue;
            }
        }
        if (!cursor.valid || cursor.day != day || cursor.sec >= sec)
            sim_mkt_cursor_start (self, sym, &cursor, day, false);
        while (cursor.sec < sec)
            sim_mkt_cursor_step (self, sym, &cursor);
        sim_mkt_agg_add (&agg, &cursor.cur);
    }
    if (agg.n > 0) {
        if (*count == cap)
            return RT_ERANGE;
        s_to_bar (&agg, what, tpu, bar_start, &out [(*count)++]);
    }
    return 0;
}

int
sim_market_cold_days (sim_market_t *self, int sym, int64_t end_ms, int64_t duration_sec,
                      int bar_sec, int64_t max_warm)
{
    assert (self);
    if (sym < 0 || (size_t) sym >= self->nsym || duration_sec <= 0)
        return RT_EINVAL;
    if (bar_sec < SIM_MKT_DAY)
        return 0;
    int64_t last = sim_mkt_floor_div (end_ms, 1000);
    int64_t first = last - duration_sec + 1;
    int64_t d0, dn;
    s_period (sim_mkt_floor_div (first, SIM_MKT_DAY), bar_sec, &d0, &dn);
    //  The whole days sim_market_bars takes from the cache: every day that ends by `last`.
    int64_t d_end = sim_mkt_floor_div (last + 1, SIM_MKT_DAY);
    if (d_end - d0 > SIM_MARKET_MAX_DAYS)
        return RT_ERANGE;
    int64_t cold = 0;
    for (int64_t d = d0; d < d_end; d++) {
        bool hit;
        s_day_entry (self, sym, d, &hit);
        if (hit)
            continue;
        if (max_warm > 0) {
            sim_mkt_agg_t all, rth;
            sim_mkt_day_aggs (self, sym, d, &all, &rth);
            max_warm--;
        }
        else
            cold++;
    }
    return cold > INT32_MAX ? INT32_MAX : (int) cold;
}

int
sim_market_bar (sim_market_t *self, int sym, int64_t bar_start, int bar_sec,
                sim_show_t what, bool use_rth, int64_t upto_ms, sim_bar_t *bar)
{
    assert (self && bar);
    if (sym < 0 || (size_t) sym >= self->nsym || bar_sec <= 0
    ||  (unsigned) what > SIM_SHOW_BID_ASK)
        return RT_EINVAL;
    int64_t from = bar_start, to;
    if (bar_sec >= SIM_MKT_DAY) {
        int64_t d0, dn;
        s_period (sim_mkt_floor_div (bar_start, SIM_MKT_DAY), bar_sec, &d0, &dn);
        from = d0 * SIM_MKT_DAY;
        to = dn * SIM_MKT_DAY - 1;
    }
    else
        to = bar_start + bar_sec - 1;
    int64_t last = sim_mkt_floor_div (upto_ms, 1000);
    if (to > last)
        to = last;
    if (to < from)
        return RT_EAGAIN;
    sim_mkt_agg_t agg;
    s_range (self, sym, from, to, use_rth, &agg);
    if (agg.n == 0)
        return RT_EAGAIN;
    return s_to_bar (&agg, what, self->sym [sym].tpu, from, bar);
}

int
sim_bar_size_parse (const char *text, int *bar_sec)
{
    static const struct {
        const char *word;
        int seconds;
    } s_sizes [] = {
        { "secs", 1 }, { "sec", 1 }, { "mins", 60 }, { "min", 60 }, { "hours", 3600 },
        { "hour", 3600 }, { "day", 86400 }, { "days", 86400 }, { "week", 604800 },
        { "weeks", 604800 }, { "month", 2592000 }, { "months", 2592000 },
    };
    if (!text || !bar_sec)
        return RT_EINVAL;
    char unit [16];
    int n = 0, used = 0;
    if (sscanf (text, "%d %15s%n", &n, unit, &used) != 2 || text [used] != '\0' || n <= 0)
        return RT_EINVAL;
    for (size_t i = 0; i < sizeof s_sizes / sizeof s_sizes [0]; i++)
        if (strcmp (unit, s_sizes [i].word) == 0) {
            if (s_sizes [i].seconds >= 86400 && n != 1)
                return RT_EINVAL;
            int64_t sec = (int64_t) n * s_sizes [i].seconds;
            if (!s_bar_size_ok ((int) sec))
                return RT_EINVAL;
            *bar_sec = (int) sec;
            return 0;
        }
    return RT_EINVAL;
}

int
sim_duration_parse (const char *text, int64_t *seconds)
{
    if (!text || !seconds)
        return RT_EINVAL;
    long long n = 0;
    char unit = 0;
    int used = 0;
    if (sscanf (text, "%lld %c%n", &n, &unit, &used) != 2 || text [used] != '\0'
    ||  n <= 0 || n > 100000)
        return RT_EINVAL;
    int64_t mult;
    switch (unit) {
        case 'S': mult = 1; break;
        case 'D': mult = 86400; break;
        case 'W': mult = 7 * 86400; break;
        case 'M': mult = 30 * 86400; break;
        case 'Y': mult = 365 * 86400; break;
        default: return RT_EINVAL;
    }
    *seconds = (int64_t) n * mult;
    return 0;
}

int
sim_show_parse (const char *text, sim_show_t *what)
{
    static const char *s_words [] = { "TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK" };
    if (!text || !what)
        return RT_EINVAL;
    for (size_t i = 0; i < sizeof s_words / sizeof s_words [0]; i++)
        if (strcmp (text, s_words [i]) == 0) {
            *what = (sim_show_t) i;
            return 0;
        }
    return RT_EINVAL;
}
