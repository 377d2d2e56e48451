/*  sim_market.h - a deterministic, I/O-free market for the IB Gateway simulator.

    The price of every instrument is a pure function of (seed, symbol index, UTC second):

    -   each UTC day d starts at an anchor  A(d) = log(start) + slow value noise over days
        (bounded, so a month-long run never drifts to zero or to the moon);
    -   within the day the log mid walks:  x(s) = A(d) + sigma * sum of N(0,1)(seed, sym, i)
        for the seconds i of the day up to s, sigma = daily_vol / sqrt(86400).  The walk
        restarts at the next anchor at 00:00 UTC (19:00/20:00 ET), which looks like an
        overnight gap;
    -   every second carries one quote (bid/ask 1..spread_ticks_max ticks apart, sizes in
        round lots) and one trade (at the bid or the ask, with a size), all hashed from
        (seed, sym, second).

    Live ticks for second s, delayed ticks (s - 15 min) and historical bars are all read from
    that one path, so a bar always contains the ticks inside it. A price override (tests make
    a limit cross with it) is a segment [t, ...) in which the path is shifted (and optionally
    scaled: scale 0 freezes the price); overrides are part of the path too, so bars after one
    agree with the ticks sent after it. At most SIM_MARKET_OVERRIDES segments per symbol:
    when full, the two oldest are merged (the oldest history moves slightly; stated, bounded).

    The simulator trades 24 hours a day, 7 days a week: users test at night and on weekends.
    Day statistics (open, high, low, volume, prior close) and daily bars use UTC days, whose
    date equals the ET trading date for the regular session. useRTH selects 09:30-16:00 ET.

    Cost: a quote at an arbitrary second walks from the start of its day (<= 86400 cheap
    steps, ~0.3 ms); sequential reads (live and delayed feeds, bars) reuse cursors and cost
    O(1) per second. Whole days are cached (bounded, direct-mapped) for daily bars.
*/
#ifndef SIM_MARKET_H_INCLUDED
#define SIM_MARKET_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_universe.h"

typedef struct sim_market_t sim_market_t;

#define SIM_DELAY_MS          (15 * 60 * 1000)   //  delayed data is 15 minutes old
#define SIM_MARKET_OVERRIDES  32

//  Snapshot of one instrument at one second. Prices are multiples of min_tick.
typedef struct {
    int     sym;                 //  universe index
    int64_t sec;                 //  UTC epoch second this snapshot describes
    double  bid, ask;
    int64_t bid_size, ask_size;  //  shares
    double  last;                //  the trade of this second
    int64_t last_size;
    int64_t volume;              //  day volume so far, this trade included
    double  open, high, low;     //  of the day so far (trades)
    double  prev_close;          //  last trade of the previous UTC day
    double  mid;                 //  (bid + ask) / 2
    uint32_t version;            //  bumps when an override changed this symbol's path
} sim_quote_t;

typedef enum {
    SIM_SHOW_TRADES = 0,
    SIM_SHOW_MIDPOINT,
    SIM_SHOW_BID,
    SIM_SHOW_ASK,
    SIM_SHOW_BID_ASK,            //  open=bid open, high=max ask, low=min bid, close=ask close
} sim_show_t;

typedef struct {
    int64_t time;                //  bar start, UTC epoch seconds (daily bars: 00:00 UTC of the day)
    double  open, high, low, close;
    int64_t volume;              //  shares; -1 unless TRADES
    double  wap;                 //  volume-weighted average price; -1 unless TRADES
    int     count;               //  number of trades; -1 unless TRADES
} sim_bar_t;

//  One tick to send, for the server's reqMktData: IB tick type number and value.
typedef struct {
    int     tick_type;           //  IB tick type (1 BID, 0 BID_SIZE, 66 DELAYED_BID, ...)
    bool    is_size;             //  tickSize rather than tickPrice
    double  price;               //  when !is_size (a tickPrice also carries a size: see size)
    int64_t size;                //  for tickSize, and the size attached to BID/ASK/LAST tickPrice
} sim_tick_t;

#define SIM_TICKS_MAX 16

//  Creates a market; seed drives every price. Returns NULL on allocation failure.
sim_market_t *sim_market_new (uint64_t seed);
void sim_market_destroy (sim_market_t **self_p);
uint64_t sim_market_seed (const sim_market_t *self);

//  Snapshot of symbol sym at the second containing t_ms (live: t_ms = now; delayed:
//  t_ms = now - SIM_DELAY_MS). Returns 0, or RT_EINVAL for a bad symbol index.
int sim_market_quote (sim_market_t *self, int sym, int64_t t_ms, sim_quote_t *quote);

//  The ticks a subscriber must be sent to go from prev to cur (prev NULL: the first full
//  set, including OPEN/HIGH/LOW/CLOSE/VOLUME). delayed selects the delayed tick types
//  (66.. instead of 1..). Writes at most SIM_TICKS_MAX ticks to out and returns the count.
//  Order follows IB: BID, BID_SIZE, ASK, ASK_SIZE, LAST, LAST_SIZE, VOLUME, HIGH, LOW,
//  OPEN, CLOSE (each only if changed).
size_t sim_market_tick_diff (const sim_quote_t *prev, const sim_quote_t *cur, bool delayed,
                             sim_tick_t *out);

//  Which seconds are "visible" at an instant t_ms: those with s <= floor(t_ms / 1000), i.e.
//  the second whose quote a live tick at t_ms shows is included in bars read at t_ms.
//
//  Historical bars ending at end_ms (visible seconds only; the last bar may be partial),
//  covering duration_sec, each bar_sec long (1 s .. 1 day, or 7 days / 30 days for weekly and
//  monthly, which align to Monday / the 1st). Bars align to multiples of bar_sec from 00:00 UTC.
//  use_rth keeps only 09:30-16:00 ET. Writes up to cap bars oldest first into out, sets
//  *count. Returns 0, RT_EINVAL (bad symbol, bar size or what), RT_ERANGE (more than cap
//  bars would be needed: the server answers 162 "Time length exceed max").
int sim_market_bars (sim_market_t *self, int sym, int64_t end_ms, int64_t duration_sec,
                     int bar_sec, sim_show_t what, bool use_rth,
                     sim_bar_t *out, size_t cap, size_t *count);

//  Daily and longer bars come from whole-day aggregates, cached; a cold day costs a walk of
//  its 86400 seconds (~2-4 ms), so a year of cold days would hold a single-threaded server
//  for a second or more. The server therefore warms the days a request needs in slices:
//  this computes at most max_warm cold days of the range sim_market_bars would read (same
//  arguments) and returns how many stay cold (0: sim_market_bars now walks at most the
//  current partial day). 0 for bars under a day (not cached), RT_EINVAL for a bad symbol,
//  RT_ERANGE when the range spans more than SIM_MARKET_MAX_DAYS days (more than the cache
//  holds for one symbol without evicting its own days).
#define SIM_MARKET_MAX_DAYS 1000
int sim_market_cold_days (sim_market_t *self, int sym, int64_t end_ms, int64_t duration_sec,
                          int bar_sec, int64_t max_warm);

//  One bar starting at bar_start (UTC second, aligned by the caller) and bar_sec long,
//  containing only seconds visible at upto_ms: the partial current bar for keepUpToDate, or
//  a complete real-time 5-second bar once upto_ms >= (bar_start + 4) * 1000. bar_sec >= 86400
//  means the day (week, month) containing bar_start. Returns 0, RT_EINVAL, or RT_EAGAIN when
//  no second of the bar is visible yet (or, with use_rth, none is in regular hours).
int sim_market_bar (sim_market_t *self, int sym, int64_t bar_start, int bar_sec,
                    sim_show_t what, bool use_rth, int64_t upto_ms, sim_bar_t *bar);

//  IB strings: "1 secs" "5 secs" "10 secs" "15 secs" "30 secs" "1 min" "2 mins" "3 mins"
//  "5 mins" "10 mins" "15 mins" "20 mins" "30 mins" "1 hour" "2 hours" "3 hours" "4 hours"
//  "8 hours" "1 day" "1 week" "1 month" -> seconds (week 604800, month 2592000).
int sim_bar_size_parse (const char *text, int *bar_sec);
//  "<n> S|D|W|M|Y" -> seconds (M = 30 days, Y = 365 days). RT_EINVAL if malformed.
int sim_duration_parse (const char *text, int64_t *seconds);
//  "TRADES" "MIDPOINT" "BID" "ASK" "BID_ASK" -> sim_show_t. RT_EINVAL otherwise.
int sim_show_parse (const char *text, sim_show_t *what);

//  Control hooks (the server's control interface and the tests use them). From the second
//  containing now_ms on, the mid of sym is moved so that it equals price (set) or moves by
//  delta (move); the random walk continues from there. Returns 0, RT_EINVAL (bad symbol or
//  a non-positive price).
int sim_market_set_price (sim_market_t *self, int sym, int64_t now_ms, double price);
int sim_market_move_price (sim_market_t *self, int sym, int64_t now_ms, double delta);
//  Scales the random walk of sym from now on: 1 normal, 0 frozen (the quote stays put), 3
//  three times as wild. Returns 0 or RT_EINVAL (bad symbol or negative scale).
int sim_market_set_volatility (sim_market_t *self, int sym, int64_t now_ms, double scale);

#endif
