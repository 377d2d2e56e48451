/*  strat_sma.h - strat_sma_t: the sample strategy, a moving-average crossover.

    fast and slow simple moving averages of the closes of completed bars (fast < slow).
    The regime is the sign of fast - slow at the last completed bar. A cross is the bar
    where the sign changed from the bar before (<= 0 to > 0: cross up; >= 0 to < 0: cross
    down). The signal is the direction of the most recent cross inside the window kept
    (STRAT_SMA_BARS completed bars), keyed by that cross's bar: one signal per cross,
    however often decide is called, so one order per cross. HOLD when there are fewer than
    slow + 1 bars, when fast == slow now, or when no cross happened in the window (a
    regime whose start is not seen has no bar to key an order on).
*/
#ifndef STRAT_SMA_H_INCLUDED
#define STRAT_SMA_H_INCLUDED

#include "strategy.h"

#define STRAT_SMA_BARS 4096         //  completed bars kept (a day of 1 min bars is 1440)
#define STRAT_SMA_MAX_LEN 1000      //  longest average

typedef struct _strat_sma_t strat_sma_t;

//  NULL when the lengths are bad (1 <= fast < slow <= STRAT_SMA_MAX_LEN) or out of memory.
strat_sma_t *strat_sma_new (int fast, int slow);
void strat_sma_destroy (strat_sma_t **self_p);
void strat_sma_on_bar (strat_sma_t *self, const strat_bar_t *bar);
void strat_sma_decide (strat_sma_t *self, strat_signal_t *out);
//  Completed bars held, and bars ignored as older than the last one.
size_t strat_sma_bars (const strat_sma_t *self);
uint64_t strat_sma_stale (const strat_sma_t *self);

extern const strat_def_t strat_sma_def;

#endif
