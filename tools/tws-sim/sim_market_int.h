/*  sim_market_int.h - internals shared by sim_market.c and sim_market_bars.c. Private. */
#ifndef SIM_MARKET_INT_H_INCLUDED
#define SIM_MARKET_INT_H_INCLUDED

#include "sim_market.h"

#define SIM_MKT_DAY        86400
#define SIM_MKT_CURSORS    3       //  per symbol: live feed, delayed feed, one spare
#define SIM_MKT_DAY_CACHE  4096    //  direct-mapped whole-day aggregates (~1.4 MB)

//  One second of the path, prices in ticks.
typedef struct {
    int64_t bid, ask, bid_size, ask_size, last, last_size;
} sim_mkt_second_t;

//  Override segment: from second t on, x(s) = base_x + scale * (base(s) - base_at_t).
typedef struct {
    int64_t t;
    double  base_x;
    double  base_at_t;
    double  scale;
} sim_mkt_segment_t;

//  Sequential walker over one UTC day of one symbol.
typedef struct {
    bool    valid;
    int64_t day;
    int64_t sec;             //  last second computed (day * 86400 - 1 before the first)
    double  w;               //  raw walk through sec
    double  anchor;          //  log anchor of the day
    int     seg;             //  index of the segment in force at sec, -1 none
    sim_mkt_second_t cur;
    int64_t volume;
    int64_t open, high, low; //  0 = no trade yet
    int64_t prev_close;      //  0 = not computed (bar walks do not need it)
    uint64_t stamp;          //  LRU
} sim_mkt_cursor_t;

//  Aggregate of a run of seconds; prices in ticks, mid in half ticks.
typedef struct {
    int64_t n;
    int64_t t_o, t_h, t_l, t_c;
    int64_t m_o, m_h, m_l, m_c;
    int64_t b_o, b_h, b_l, b_c;
    int64_t a_o, a_h, a_l, a_c;
    int64_t volume, count;
    double  pv;              //  sum of price ticks * size
} sim_mkt_agg_t;

typedef struct {
    bool     valid;
    int      sym;
    int64_t  day;
    uint32_t gen;
    sim_mkt_agg_t  all, rth;
} sim_mkt_day_t;

typedef struct {
    uint64_t    key;         //  per-symbol hash key
    double      sigma;       //  per-second log step
    double      tpu;         //  ticks per unit of currency (100)
    int64_t     lots;        //  size range of displayed quotes, in round lots
    sim_mkt_segment_t seg [SIM_MARKET_OVERRIDES];
    int         nseg;
    uint32_t    gen;         //  bumps with every override
    sim_mkt_cursor_t  cursor [SIM_MKT_CURSORS];
} sim_mkt_symbol_t;

struct sim_market_t {
    uint64_t    seed;
    size_t      nsym;
    sim_mkt_symbol_t *sym;
    uint64_t    clock;       //  LRU stamps
    sim_mkt_day_t *days;
};

void    sim_mkt_cursor_start (sim_market_t *self, int sym, sim_mkt_cursor_t *cursor, int64_t day,
                        bool prev_close);
void    sim_mkt_cursor_step (sim_market_t *self, int sym, sim_mkt_cursor_t *cursor);
void    sim_mkt_agg_reset (sim_mkt_agg_t *agg);
void    sim_mkt_agg_add (sim_mkt_agg_t *agg, const sim_mkt_second_t *sec);
void    sim_mkt_agg_merge (sim_mkt_agg_t *into, const sim_mkt_agg_t *from);
//  Both aggregates of a whole day, cached.
void    sim_mkt_day_aggs (sim_market_t *self, int sym, int64_t day, sim_mkt_agg_t *all, sim_mkt_agg_t *rth);
//  Regular-hours window [start, end) of a UTC day, in UTC seconds; empty on weekends.
void    sim_mkt_rth_window (int64_t day, int64_t *start, int64_t *end);
int64_t sim_mkt_floor_div (int64_t a, int64_t b);

#endif
