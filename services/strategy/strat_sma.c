/*  strat_sma.c - strat_sma_t: moving-average crossover on completed bars. */
#include "strat_sma.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_error.h"

struct _strat_sma_t {
    int fast, slow;
    size_t head, count;             //  ring of completed bars: oldest at head
    uint64_t ts [STRAT_SMA_BARS];
    double close [STRAT_SMA_BARS];
    bool has_forming;
    strat_bar_t forming;            //  committed when a newer bar arrives
    uint64_t stale;
};

strat_sma_t *
strat_sma_new (int fast, int slow)
{
    if (fast < 1 || slow <= fast || slow > STRAT_SMA_MAX_LEN)
        return NULL;
    strat_sma_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->fast = fast;
    self->slow = slow;
    return self;
}

void
strat_sma_destroy (strat_sma_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

static size_t
s_idx (const strat_sma_t *self, size_t i)
{
    return (self->head + i) % STRAT_SMA_BARS;
}

static uint64_t
s_last_ts (const strat_sma_t *self)
{
    return self->count? self->ts [s_idx (self, self->count - 1)]: 0;
}

static void
s_commit (strat_sma_t *self, uint64_t ts, double close)
{
    if (self->count && ts == s_last_ts (self)) {
        self->close [s_idx (self, self->count - 1)] = close;
        return;
    }
    if (self->count == STRAT_SMA_BARS) {
        self->head = (self->head + 1) % STRAT_SMA_BARS;
        self->count--;
    }
    size_t at = s_idx (self, self->count++);
    self->ts [at] = ts;
    self->close [at] = close;
}

void
strat_sma_on_bar (strat_sma_t *self, const strat_bar_t *bar)
{
    assert (self && bar);
    if (self->count && bar->ts_ns < s_last_ts (self)) {
        self->stale++;
        return;
    }
    if (self->has_forming) {
        if (bar->ts_ns < self->forming.ts_ns) {
            self->stale++;
            return;
        }
        if (bar->ts_ns > self->forming.ts_ns)
            s_commit (self, self->forming.ts_ns, self->forming.close);
        self->has_forming = false;
    }
    if (bar->is_final)
        s_commit (self, bar->ts_ns, bar->close);
    else {
        self->forming = *bar;
        self->has_forming = true;
    }
}

static void
s_when (uint64_t ts_ns, char *buf, size_t cap)
{
    time_t t = (time_t) (ts_ns / 1000000000ULL);
    struct tm tm;
    if (!gmtime_r (&t, &tm) || strftime (buf, cap, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf (buf, cap, "?");
}

void
strat_sma_decide (strat_sma_t *self, strat_signal_t *out)
{
    assert (self && out);
    memset (out, 0, sizeof *out);
    size_t n = self->count;
    if (n < (size_t) self->slow + 1) {
        snprintf (out->reason, sizeof out->reason, "not enough bars: %zu of the %d needed "
                  "(slow SMA %d + 1)", n, self->slow + 1, self->slow);
        return;
    }
    //  One pass with running sums: the sign of fast - slow at every bar where both exist,
    //  remembering the last bar where it changed.
    double sum_fast = 0, sum_slow = 0, fast = 0, slow = 0;
    int prev_sign = 0, sign = 0;
    bool have_prev = false;
    size_t cross_at = 0;
    int cross_dir = 0;
    for (size_t i = 0; i < n; i++) {
        double c = self->close [s_idx (self, i)];
        sum_fast += c;
        sum_slow += c;
        if (i >= (size_t) self->fast)
            sum_fast -= self->close [s_idx (self, i - (size_t) self->fast)];
        if (i >= (size_t) self->slow)
            sum_slow -= self->close [s_idx (self, i - (size_t) self->slow)];
        if (i + 1 < (size_t) self->slow)
            continue;
        fast = sum_fast / self->fast;
        slow = sum_slow / self->slow;
        sign = fast > slow? 1: fast < slow? -1: 0;
        if (have_prev && sign != 0 && sign != prev_sign) {
            cross_at = i;
            cross_dir = sign;
        }
        prev_sign = sign;
        have_prev = true;
    }
    int len;
    if (sign == 0) {
        snprintf (out->reason, sizeof out->reason, "fast SMA %.2f = slow SMA %.2f (no "
                  "regime)", fast, slow);
        return;
    }
    const char *rel = sign > 0? ">": "<";
    if (cross_dir == 0) {
        snprintf (out->reason, sizeof out->reason, "fast SMA %.2f %s slow SMA %.2f, no cross "
                  "in the last %zu bars", fast, rel, slow, n);
        return;
    }
    char when [32];
    s_when (self->ts [s_idx (self, cross_at)], when, sizeof when);
    len = snprintf (out->reason, sizeof out->reason, "fast SMA %.2f %s slow SMA %.2f (cross "
                    "%s at %s UTC", fast, rel, slow, sign > 0? "up": "down", when);
    size_t ago = n - 1 - cross_at;
    if (ago > 0 && len > 0 && (size_t) len < sizeof out->reason)
        snprintf (out->reason + len, sizeof out->reason - (size_t) len, ", %zu bar%s ago)",
                  ago, ago == 1? "": "s");
    else
    if (len > 0 && (size_t) len < sizeof out->reason)
        snprintf (out->reason + len, sizeof out->reason - (size_t) len, ")");
    out->action = sign > 0? STRAT_BUY: STRAT_SELL;
    out->ts_ns = self->ts [s_idx (self, cross_at)];
}

size_t
strat_sma_bars (const strat_sma_t *self)
{
    return self->count;
}

uint64_t
strat_sma_stale (const strat_sma_t *self)
{
    return self->stale;
}

//  --- The strat_def_t face -------------------------------------------------------------------

static int
s_create (void **state, const strat_params_t *p, char *err, size_t cap)
{
    *state = strat_sma_new (p->fast, p->slow);
    if (*state)
        return 0;
    snprintf (err, cap, "sma: need 1 <= STRATEGY_FAST (%d) < STRATEGY_SLOW (%d) <= %d",
              p->fast, p->slow, STRAT_SMA_MAX_LEN);
    return RT_EINVAL;
}

static void
s_destroy (void **state)
{
    strat_sma_t *self = *state;
    strat_sma_destroy (&self);
    *state = NULL;
}

static void
s_on_bar (void *state, const strat_bar_t *bar)
{
    strat_sma_on_bar ((strat_sma_t *) state, bar);
}

static void
s_decide (void *state, strat_signal_t *out)
{
    strat_sma_decide ((strat_sma_t *) state, out);
}

const strat_def_t strat_sma_def = {
    .name = "sma",
    .help = "moving-average crossover: one order per cross of the STRATEGY_FAST-bar SMA "
            "over the STRATEGY_SLOW-bar SMA of closes (up: BUY, down: SELL)",
    .create = s_create,
    .destroy = s_destroy,
    .on_bar = s_on_bar,
    .decide = s_decide,
};
