/*  test_sim_market.c - the universe, the price path, ticks and bars of the tws-sim model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "rt_error.h"
#include "sim_market.h"
#include "sim_rng.h"
#include "sim_universe.h"

//  Friday 2024-01-05 15:00:00 UTC (10:00 EST): inside regular hours.
#define T0_MS (1704466800LL * 1000)

static void
test_rng (void **state)
{
    sim_rng_t a, b, c;
    sim_rng_seed (&a, 42);
    sim_rng_seed (&b, 42);
    sim_rng_seed (&c, 43);
    int differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = sim_rng_next (&a);
        assert_int_equal (x, sim_rng_next (&b));
        differ += x != sim_rng_next (&c);
        uint64_t k = sim_rng_below (&a, 7);
        (void) sim_rng_below (&b, 7);
        assert_true (k < 7);
    }
    assert_true (differ > 95);
    double sum = 0, sq = 0;
    for (uint64_t i = 0; i < 20000; i++) {
        double n = sim_hash_normal (sim_hash4 (1, 2, 3, i));
        sum += n;
        sq += n * n;
    }
    assert_true (fabs (sum / 20000) < 0.05);
    assert_true (fabs (sq / 20000 - 1.0) < 0.05);
}

static void
test_universe (void **state)
{
    assert_true (sim_universe_count () >= 12);
    int aapl = sim_universe_find_symbol ("AAPL");
    assert_true (aapl >= 0);
    assert_int_equal (sim_universe_at ((size_t) aapl)->con_id, 265598);
    assert_int_equal (sim_universe_find_conid (756733), sim_universe_find_symbol ("SPY"));
    assert_int_equal (sim_universe_find_conid (8314), sim_universe_find_symbol ("IBM"));
    assert_string_equal (sim_universe_at ((size_t) sim_universe_find_symbol ("SPY"))
                         ->primary_exchange, "ARCA");
    //  IB-style matching
    assert_int_equal (sim_universe_match (0, "AAPL", "STK", "SMART", "USD"), aapl);
    assert_int_equal (sim_universe_match (0, "AAPL", "", "", ""), aapl);
    assert_int_equal (sim_universe_match (265598, "", "", "", ""), aapl);
    assert_int_equal (sim_universe_match (265598, "AAPL", "STK", "NASDAQ", "USD"), aapl);
    assert_int_equal (sim_universe_match (265598, "MSFT", "", "", ""), -1);
    assert_int_equal (sim_universe_match (0, "AAPL", "OPT", "SMART", "USD"), -1);
    assert_int_equal (sim_universe_match (0, "AAPL", "STK", "SMART", "EUR"), -1);
    assert_int_equal (sim_universe_match (0, "AAPL", "STK", "NYSE", "USD"), -1);
    assert_int_equal (sim_universe_match (0, "NOPE", "STK", "SMART", "USD"), -1);
    assert_int_equal (sim_universe_match (0, NULL, NULL, NULL, NULL), -1);
    assert_int_equal (sim_universe_match (1, NULL, NULL, NULL, NULL), -1);
    for (size_t i = 0; i < sim_universe_count (); i++) {
        const sim_contract_t *c = sim_universe_at (i);
        assert_true (c->con_id > 0 && c->start_price > 0 && c->min_tick == 0.01);
        assert_string_equal (c->currency, "USD");
        assert_true (strlen (c->long_name) > 0);
        for (size_t j = 0; j < i; j++)
            assert_true (sim_universe_at (j)->con_id != c->con_id);
    }
    assert_null (sim_universe_at (sim_universe_count ()));
}

static void
test_calendar (void **state)
{
    assert_int_equal (sim_days_from_civil (1970, 1, 1), 0);
    assert_int_equal (sim_days_from_civil (2024, 1, 5), 19727);
    int y, m, d;
    sim_civil_from_days (19727, &y, &m, &d);
    assert_true (y == 2024 && m == 1 && d == 5);
    sim_civil_from_days (sim_days_from_civil (2024, 2, 29), &y, &m, &d);
    assert_true (y == 2024 && m == 2 && d == 29);
    //  2024: DST from 10 March 07:00 UTC to 3 November 06:00 UTC
    assert_int_equal (sim_eastern_offset (1704466800), -5 * 3600);
    assert_int_equal (sim_eastern_offset (1710054000 - 1), -5 * 3600);
    assert_int_equal (sim_eastern_offset (1710054000), -4 * 3600);
    assert_int_equal (sim_eastern_offset (1730613600 - 1), -4 * 3600);
    assert_int_equal (sim_eastern_offset (1730613600), -5 * 3600);
    char buf [512];
    assert_int_equal (sim_universe_trading_hours (T0_MS, false, buf, sizeof buf), 0);
    assert_non_null (strstr (buf, "20240105:0400-20240105:2000;20240106:CLOSED;20240107:CLOSED;"
                                   "20240108:0400-20240108:2000"));
    assert_int_equal (sim_universe_trading_hours (T0_MS, true, buf, sizeof buf), 0);
    assert_true (strncmp (buf, "20240105:0930-20240105:1600;", 28) == 0);
    assert_int_equal (sim_universe_trading_hours (T0_MS, true, buf, 20), RT_ERANGE);
}

static void
s_quote_sane (const sim_quote_t *q)
{
    assert_true (q->bid > 0 && q->ask > q->bid);
    assert_true (q->ask - q->bid < 0.045);
    assert_true (q->last == q->bid || q->last == q->ask);
    assert_true (q->bid_size >= 100 && q->bid_size % 100 == 0);
    assert_true (q->ask_size >= 100 && q->ask_size % 100 == 0);
    assert_true (q->last_size > 0);
    assert_true (q->low <= q->last && q->last <= q->high);
    assert_true (q->low <= q->open && q->open <= q->high);
    assert_true (q->volume >= q->last_size);
    //  prices on the tick grid
    assert_true (fabs (q->bid * 100 - round (q->bid * 100)) < 1e-6);
    assert_true (fabs (q->ask * 100 - round (q->ask * 100)) < 1e-6);
}

static void
test_quote_determinism (void **state)
{
    sim_market_t *a = sim_market_new (7);
    sim_market_t *b = sim_market_new (7);
    sim_market_t *c = sim_market_new (8);
    assert_non_null (a);
    int differ = 0;
    for (int sym = 0; sym < (int) sim_universe_count (); sym++)
        for (int64_t t = T0_MS; t < T0_MS + 300 * 1000; t += 1000) {
            sim_quote_t qa, qb, qc;
            assert_int_equal (sim_market_quote (a, sym, t, &qa), 0);
            assert_int_equal (sim_market_quote (b, sym, t, &qb), 0);
            assert_int_equal (sim_market_quote (c, sym, t, &qc), 0);
            assert_memory_equal (&qa, &qb, sizeof qa);
            s_quote_sane (&qa);
            differ += qa.last != qc.last;
        }
    assert_true (differ > 1000);
    //  Random access gives what sequential reading gave: the path is a function of time.
    sim_quote_t q1, q2;
    sim_market_quote (a, 0, T0_MS + 123456, &q1);
    sim_market_quote (a, 0, T0_MS - 5000 * 1000, &q2);
    sim_market_quote (b, 0, T0_MS + 123999, &q2);
    assert_memory_equal (&q1, &q2, sizeof q1);
    //  Starting prices are near the table's, and prev close is a real price.
    sim_market_quote (a, 0, T0_MS, &q1);
    assert_true (q1.last > 0.5 * 190 && q1.last < 2 * 190);
    assert_true (q1.prev_close > 0.5 * 190 && q1.prev_close < 2 * 190);
    assert_int_equal (sim_market_quote (a, -1, T0_MS, &q1), RT_EINVAL);
    assert_int_equal (sim_market_quote (a, 99, T0_MS, &q1), RT_EINVAL);
    sim_market_destroy (&a);
    sim_market_destroy (&b);
    sim_market_destroy (&c);
    assert_null (a);
}

static void
test_day_stats (void **state)
{
    sim_market_t *m = sim_market_new (11);
    //  Walk a whole UTC day second by second and check the running statistics.
    int64_t day0 = (T0_MS / 1000 / 86400) * 86400;
    sim_quote_t q, prev_day_last;
    sim_market_quote (m, 2, (day0 - 1) * 1000, &prev_day_last);
    double hi = 0, lo = 1e9, open = 0;
    int64_t vol = 0;
    for (int64_t s = day0; s < day0 + 86400; s += 1) {
        sim_market_quote (m, 2, s * 1000, &q);
        if (s == day0)
            open = q.last;
        hi = fmax (hi, q.last);
        lo = fmin (lo, q.last);
        vol += q.last_size;
        if (s % 1000 == 0 || s == day0 + 86399) {
            assert_true (q.high == hi && q.low == lo && q.open == open);
            assert_int_equal (q.volume, vol);
            assert_true (q.prev_close == prev_day_last.last);
        }
    }
    sim_market_destroy (&m);
}

static void
test_delayed (void **state)
{
    sim_market_t *live = sim_market_new (5);
    sim_market_t *other = sim_market_new (5);
    //  A delayed feed read at now shows exactly what the live feed showed 15 minutes ago.
    for (int64_t t = T0_MS; t < T0_MS + 60 * 1000; t += 250) {
        sim_quote_t live_then, delayed_now;
        sim_market_quote (other, 1, t, &live_then);
        sim_market_quote (live, 1, t + SIM_DELAY_MS, &delayed_now);     //  keep live cursor busy
        sim_market_quote (live, 1, t + SIM_DELAY_MS - SIM_DELAY_MS, &delayed_now);
        assert_memory_equal (&live_then, &delayed_now, sizeof live_then);
    }
    assert_int_equal (SIM_DELAY_MS, 900000);
    sim_quote_t a, b;
    sim_market_quote (live, 1, T0_MS, &a);
    sim_market_quote (live, 1, T0_MS + 1000, &b);
    sim_tick_t ticks [SIM_TICKS_MAX];
    size_t n = sim_market_tick_diff (NULL, &a, true, ticks);
    assert_int_equal (n, 8);       //  BID ASK LAST VOLUME HIGH LOW OPEN CLOSE
    assert_int_equal (ticks [0].tick_type, 66);         //  DELAYED_BID
    assert_false (ticks [0].is_size);
    assert_true (ticks [0].price == a.bid && ticks [0].size == a.bid_size);
    assert_int_equal (ticks [1].tick_type, 67);         //  DELAYED_ASK
    assert_int_equal (ticks [2].tick_type, 68);         //  DELAYED_LAST
    for (size_t i = 0; i < n; i++)
        assert_true (ticks [i].tick_type >= 66 && ticks [i].tick_type <= 76);
    n = sim_market_tick_diff (NULL, &a, false, ticks);
    assert_int_equal (ticks [0].tick_type, 1);
    assert_int_equal (ticks [1].tick_type, 2);
    assert_int_equal (ticks [2].tick_type, 4);
    assert_int_equal (ticks [3].tick_type, 8);
    n = sim_market_tick_diff (&a, &a, false, ticks);
    assert_int_equal (n, 0);
    n = sim_market_tick_diff (&a, &b, false, ticks);
    assert_true (n >= 2);       //  a new trade at least: LAST or LAST_SIZE, and VOLUME
    bool volume = false;
    for (size_t i = 0; i < n; i++)
        volume |= ticks [i].tick_type == 8 && ticks [i].size == b.volume;
    assert_true (volume);
    sim_market_destroy (&live);
    sim_market_destroy (&other);
}

static void
test_bars_contain_ticks (void **state)
{
    sim_market_t *m = sim_market_new (99);
    static sim_bar_t bars [400];
    size_t n = 0;
    int64_t end = T0_MS + 3599 * 1000;          //  16:00 UTC is the end of the hour
    assert_int_equal (sim_market_bars (m, 0, end, 3600, 60, SIM_SHOW_TRADES, false,
                                       bars, 400, &n), 0);
    assert_int_equal (n, 60);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal (bars [i].time, T0_MS / 1000 + 60 * (int64_t) i);
        int64_t vol = 0;
        for (int s = 0; s < 60; s++) {
            sim_quote_t q;
            sim_market_quote (m, 0, (bars [i].time + s) * 1000, &q);
            assert_true (q.last >= bars [i].low && q.last <= bars [i].high);
            if (s == 0)
                assert_true (q.last == bars [i].open);
            if (s == 59)
                assert_true (q.last == bars [i].close);
            vol += q.last_size;
        }
        assert_int_equal (bars [i].volume, vol);
        assert_int_equal (bars [i].count, 60);
        assert_true (bars [i].wap >= bars [i].low && bars [i].wap <= bars [i].high);
        total += vol;
    }
    //  The hourly bar is the union of the minute bars.
    sim_bar_t hour [4];
    assert_int_equal (sim_market_bars (m, 0, end, 3600, 3600, SIM_SHOW_TRADES, false,
                                       hour, 4, &n), 0);
    assert_int_equal (n, 1);
    assert_int_equal (hour [0].volume, total);
    assert_true (hour [0].open == bars [0].open && hour [0].close == bars [59].close);
    double hi = 0, lo = 1e9;
    for (int i = 0; i < 60; i++) {
        hi = fmax (hi, bars [i].high);
        lo = fmin (lo, bars [i].low);
    }
    assert_true (hour [0].high == hi && hour [0].low == lo);
    //  MIDPOINT / BID / ASK bars carry no volume and bracket their quotes.
    assert_int_equal (sim_market_bars (m, 0, end, 300, 60, SIM_SHOW_BID, false,
                                       bars, 400, &n), 0);
    assert_int_equal (n, 5);
    assert_int_equal (bars [0].volume, -1);
    sim_quote_t q;
    sim_market_quote (m, 0, (bars [0].time + 30) * 1000, &q);
    assert_true (q.bid >= bars [0].low && q.bid <= bars [0].high);
    sim_market_destroy (&m);
}

static void
test_daily_bars (void **state)
{
    sim_market_t *m = sim_market_new (3);
    static sim_bar_t bars [800];
    size_t n = 0;
    int64_t now = T0_MS;
    assert_int_equal (sim_market_bars (m, 7, now, 30 * 86400, 86400, SIM_SHOW_TRADES, false,
                                       bars, 800, &n), 0);
    assert_int_equal (n, 31);       //  30 whole days back plus today's partial bar
    int64_t today = (now / 1000 / 86400) * 86400;
    assert_int_equal (bars [n - 1].time, today);
    //  Today's bar contains every tick so far, and its volume is the day volume tick.
    sim_quote_t q;
    sim_market_quote (m, 7, now, &q);
    assert_int_equal (bars [n - 1].volume, q.volume);
    assert_true (bars [n - 1].high == q.high && bars [n - 1].low == q.low);
    assert_true (bars [n - 1].open == q.open && bars [n - 1].close == q.last);
    //  Yesterday's bar: sampled ticks inside, close = today's prev close.
    const sim_bar_t *y = &bars [n - 2];
    for (int64_t s = y->time; s < y->time + 86400; s += 613) {
        sim_market_quote (m, 7, s * 1000, &q);
        assert_true (q.last >= y->low && q.last <= y->high);
    }
    sim_market_quote (m, 7, now, &q);
    assert_true (q.prev_close == y->close);
    //  A second request (cached days) gives identical bars.
    static sim_bar_t again [800];
    size_t n2 = 0;
    assert_int_equal (sim_market_bars (m, 7, now, 30 * 86400, 86400, SIM_SHOW_TRADES, false,
                                       again, 800, &n2), 0);
    assert_int_equal (n2, n);
    assert_memory_equal (bars, again, n * sizeof bars [0]);
    //  RTH daily bars skip the weekend and are inside the full-day range.
    assert_int_equal (sim_market_bars (m, 7, now, 7 * 86400, 86400, SIM_SHOW_TRADES, true,
                                       again, 800, &n2), 0);
    assert_int_equal (n2, 6);       //  Fri 29 Dec .. Fri 5 Jan: 6 weekdays (no holidays)
    //  A year of daily bars, weekly and monthly bars.
    assert_int_equal (sim_market_bars (m, 7, now, 365 * 86400, 86400, SIM_SHOW_MIDPOINT, false,
                                       bars, 800, &n), 0);
    assert_int_equal (n, 366);
    assert_int_equal (sim_market_bars (m, 7, now, 365 * 86400, 604800, SIM_SHOW_TRADES, false,
                                       bars, 800, &n), 0);
    assert_true (n == 53 || n == 54);
    int64_t wd = (bars [1].time / 86400 + 3) % 7;
    assert_int_equal (wd, 0);                               //  weeks start on Monday
    assert_int_equal (sim_market_bars (m, 7, now, 365 * 86400, 2592000, SIM_SHOW_TRADES, false,
                                       bars, 800, &n), 0);
    assert_int_equal (n, 13);
    assert_int_equal (bars [n - 1].time, sim_days_from_civil (2024, 1, 1) * 86400);
    //  Too many bars for the buffer is an error, not a truncation.
    assert_int_equal (sim_market_bars (m, 7, now, 86400, 1, SIM_SHOW_TRADES, false,
                                       bars, 800, &n), RT_ERANGE);
    assert_int_equal (sim_market_bars (m, 7, now, 3600, 7, SIM_SHOW_TRADES, false,
                                       bars, 800, &n), RT_EINVAL);
    sim_market_destroy (&m);
}

static void
test_rth_and_partial_bars (void **state)
{
    sim_market_t *m = sim_market_new (21);
    static sim_bar_t bars [100];
    size_t n = 0;
    //  One day of hourly RTH bars ending 21:30 UTC: 14:30 .. 20:59:59 UTC (EST) -> 7 bars
    //  (the 14:00 bar holds 14:30-14:59 only).
    int64_t end = (1704466800LL + 6 * 3600 + 1800) * 1000;
    assert_int_equal (sim_market_bars (m, 0, end, 86400, 3600, SIM_SHOW_TRADES, true,
                                       bars, 100, &n), 0);
    assert_int_equal (n, 7);
    assert_int_equal (bars [0].time, 1704463200);        //  14:00 UTC
    assert_int_equal (bars [0].count, 1800);
    //  keepUpToDate: the current 5-minute bar grows and equals the historical one once done.
    int64_t start = 1704466800;
    sim_bar_t part, full;
    assert_int_equal (sim_market_bar (m, 0, start, 300, SIM_SHOW_TRADES, false,
                                      (start - 1) * 1000, &part), RT_EAGAIN);
    assert_int_equal (sim_market_bar (m, 0, start, 300, SIM_SHOW_TRADES, false,
                                      (start + 10) * 1000 + 500, &part), 0);
    assert_int_equal (part.count, 11);
    assert_int_equal (sim_market_bar (m, 0, start, 300, SIM_SHOW_TRADES, false,
                                      (start + 400) * 1000, &full), 0);
    assert_int_equal (full.count, 300);
    assert_true (full.high >= part.high && full.low <= part.low && full.open == part.open);
    assert_int_equal (sim_market_bars (m, 0, (start + 299) * 1000, 300, 300, SIM_SHOW_TRADES,
                                       false, bars, 100, &n), 0);
    assert_int_equal (n, 1);
    assert_memory_equal (&bars [0], &full, sizeof full);
    //  Real-time 5-second bar and the daily bar through sim_market_bar.
    assert_int_equal (sim_market_bar (m, 0, start, 5, SIM_SHOW_TRADES, false,
                                      (start + 4) * 1000, &part), 0);
    assert_int_equal (part.count, 5);
    assert_int_equal (sim_market_bar (m, 0, start, 86400, SIM_SHOW_TRADES, false,
                                      start * 1000, &part), 0);
    sim_quote_t q;
    sim_market_quote (m, 0, start * 1000, &q);
    assert_int_equal (part.volume, q.volume);
    assert_int_equal (part.time, (start / 86400) * 86400);
    sim_market_destroy (&m);
}

static void
test_overrides (void **state)
{
    sim_market_t *m = sim_market_new (1);
    int aapl = sim_universe_find_symbol ("AAPL");
    sim_quote_t before, q;
    sim_market_quote (m, aapl, T0_MS - 60000, &before);
    assert_int_equal (sim_market_set_volatility (m, aapl, T0_MS, 0), 0);
    assert_int_equal (sim_market_set_price (m, aapl, T0_MS, 150.00), 0);
    for (int64_t t = T0_MS; t < T0_MS + 30000; t += 1000) {
        sim_market_quote (m, aapl, t, &q);
        assert_true (fabs (q.bid - 149.99) < 1e-9 && fabs (q.ask - 150.01) < 1e-9);
        assert_true (q.version > before.version);
    }
    //  History before the override is untouched.
    sim_quote_t again;
    sim_market_quote (m, aapl, T0_MS - 60000, &again);
    assert_true (again.last == before.last && again.bid == before.bid);
    assert_int_equal (sim_market_move_price (m, aapl, T0_MS + 30000, -1.25), 0);
    sim_market_quote (m, aapl, T0_MS + 31000, &q);
    assert_true (fabs (q.bid - 148.74) < 1e-9 && fabs (q.ask - 148.76) < 1e-9);
    //  Bars agree with the overridden path.
    sim_bar_t bars [4];
    size_t n;
    assert_int_equal (sim_market_bars (m, aapl, T0_MS + 59000, 60, 60, SIM_SHOW_BID, false,
                                       bars, 4, &n), 0);
    assert_int_equal (n, 1);
    assert_true (fabs (bars [0].high - 149.99) < 1e-9 && fabs (bars [0].low - 148.74) < 1e-9);
    //  Volatility back on: the walk resumes from the set price.
    assert_int_equal (sim_market_set_volatility (m, aapl, T0_MS + 60000, 1.0), 0);
    sim_market_quote (m, aapl, T0_MS + 61000, &q);
    assert_true (fabs (q.mid - 148.75) < 0.5);
    //  Many overrides stay bounded.
    for (int i = 0; i < 100; i++)
        assert_int_equal (sim_market_set_price (m, aapl, T0_MS + 100000 + i * 1000,
                                                100.0 + i), 0);
    sim_market_quote (m, aapl, T0_MS + 199000, &q);
    assert_true (fabs (q.mid - 199.0) < 0.03);
    assert_int_equal (sim_market_set_price (m, aapl, T0_MS, -1), RT_EINVAL);
    assert_int_equal (sim_market_set_price (m, 77, T0_MS, 10), RT_EINVAL);
    assert_int_equal (sim_market_set_volatility (m, aapl, T0_MS, -1), RT_EINVAL);
    assert_int_equal (sim_market_move_price (m, aapl, T0_MS + 300000, -1000), RT_EINVAL);
    sim_market_destroy (&m);
}

static void
test_parsers (void **state)
{
    int b;
    int64_t d;
    sim_show_t w;
    assert_int_equal (sim_bar_size_parse ("1 secs", &b), 0);
    assert_int_equal (b, 1);
    assert_int_equal (sim_bar_size_parse ("5 mins", &b), 0);
    assert_int_equal (b, 300);
    assert_int_equal (sim_bar_size_parse ("1 min", &b), 0);
    assert_int_equal (b, 60);
    assert_int_equal (sim_bar_size_parse ("1 hour", &b), 0);
    assert_int_equal (b, 3600);
    assert_int_equal (sim_bar_size_parse ("4 hours", &b), 0);
    assert_int_equal (b, 14400);
    assert_int_equal (sim_bar_size_parse ("1 day", &b), 0);
    assert_int_equal (b, 86400);
    assert_int_equal (sim_bar_size_parse ("1 week", &b), 0);
    assert_int_equal (sim_bar_size_parse ("1 month", &b), 0);
    assert_int_equal (sim_bar_size_parse ("7 secs", &b), RT_EINVAL);
    assert_int_equal (sim_bar_size_parse ("2 days", &b), RT_EINVAL);
    assert_int_equal (sim_bar_size_parse ("1 secsX", &b), RT_EINVAL);
    assert_int_equal (sim_bar_size_parse ("", &b), RT_EINVAL);
    assert_int_equal (sim_bar_size_parse ("-1 secs", &b), RT_EINVAL);
    assert_int_equal (sim_duration_parse ("1 D", &d), 0);
    assert_int_equal (d, 86400);
    assert_int_equal (sim_duration_parse ("3600 S", &d), 0);
    assert_int_equal (d, 3600);
    assert_int_equal (sim_duration_parse ("2 W", &d), 0);
    assert_int_equal (d, 14 * 86400);
    assert_int_equal (sim_duration_parse ("1 Y", &d), 0);
    assert_int_equal (d, 365 * 86400);
    assert_int_equal (sim_duration_parse ("1 X", &d), RT_EINVAL);
    assert_int_equal (sim_duration_parse ("D", &d), RT_EINVAL);
    assert_int_equal (sim_duration_parse ("0 D", &d), RT_EINVAL);
    assert_int_equal (sim_duration_parse ("1 DD", &d), RT_EINVAL);
    assert_int_equal (sim_show_parse ("TRADES", &w), 0);
    assert_int_equal (w, SIM_SHOW_TRADES);
    assert_int_equal (sim_show_parse ("BID_ASK", &w), 0);
    assert_int_equal (w, SIM_SHOW_BID_ASK);
    assert_int_equal (sim_show_parse ("trades", &w), RT_EINVAL);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_rng),
        cmocka_unit_test (test_universe),
        cmocka_unit_test (test_calendar),
        cmocka_unit_test (test_quote_determinism),
        cmocka_unit_test (test_day_stats),
        cmocka_unit_test (test_delayed),
        cmocka_unit_test (test_bars_contain_ticks),
        cmocka_unit_test (test_daily_bars),
        cmocka_unit_test (test_rth_and_partial_bars),
        cmocka_unit_test (test_overrides),
        cmocka_unit_test (test_parsers),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
