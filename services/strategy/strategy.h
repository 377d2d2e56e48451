/*  strategy.h - the interface every strategy of rt-strategy implements.

    A strategy sees one symbol's bars and says what it wants: BUY, SELL or HOLD, the bar
    that made the signal, and a sentence saying why. It does not size orders, know the
    position, or talk to the bus: the runner (strat_main.c) does that with strat_plan, the
    same for every strategy, so limits and client order ids cannot differ between them.

    One instance per symbol. Bars arrive oldest first; a bar whose ts_ns equals the last
    one replaces it (the forming bar updated, or a second copy of the same bar); an older
    bar is ignored. is_final=false marks the forming bar (keepUpToDate updates, or the last
    bar of a load whose interval has not ended): a strategy decides on completed bars only,
    so that a signal cannot appear and vanish within one bar.

    The signal's ts_ns keys the client order id ("strat-<name>-<SYMBOL>-<ts>-<side>"):
    the same decision on the same bar must give the same ts, so that a restarted runner
    re-sends the same id and the orders service answers "duplicate" instead of placing a
    second order. Derive it from the bars, never from the clock.

    Adding a strategy: see README.md beside this file (one .c file defining a strat_def_t,
    and its line in strat_registry.c).
*/
#ifndef STRATEGY_H_INCLUDED
#define STRATEGY_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STRAT_NAME_MAX   16         //  a strategy's name, NUL included (it goes in the coid)
#define STRAT_REASON_MAX 200

typedef struct {
    uint64_t ts_ns;                 //  bar start, ns since the epoch
    double open, high, low, close, volume;
    bool is_final;                  //  false: the forming bar
} strat_bar_t;

typedef enum { STRAT_HOLD = 0, STRAT_BUY, STRAT_SELL } strat_action_t;

typedef struct {
    strat_action_t action;
    uint64_t ts_ns;                 //  the bar that made the signal (BUY/SELL), else 0
    char reason [STRAT_REASON_MAX]; //  "fast SMA 187.32 > slow SMA 186.90 (cross up at ...)"
} strat_signal_t;

//  Parameters from the environment (strat_main.c); a strategy reads those it needs.
typedef struct {
    int fast;                       //  STRATEGY_FAST
    int slow;                       //  STRATEGY_SLOW
    const char *args;               //  STRATEGY_ARGS: free text for other strategies
} strat_params_t;

typedef struct {
    const char *name;               //  [a-z0-9]+, < STRAT_NAME_MAX: STRATEGY_NAME, the coid
    const char *help;               //  one line for --help: what it does, its parameters
    //  A new instance into *state. 0, or RT_EINVAL with a sentence in err (bad params).
    int  (*create)  (void **state, const strat_params_t *params, char *err, size_t cap);
    void (*destroy) (void **state);
    void (*on_bar)  (void *state, const strat_bar_t *bar);
    void (*decide)  (void *state, strat_signal_t *out);
} strat_def_t;

//  The strategy called name, or NULL. strat_registry.c holds the list.
const strat_def_t *strat_find (const char *name);
//  The i-th strategy (NULL past the end), for --help.
const strat_def_t *strat_at (size_t i);

#endif
