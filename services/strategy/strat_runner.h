/*  strat_runner.h - strat_runner_t: rt-strategy's loop logic on lib/rt_service.

    Per symbol: the position from the orders service (SNAPSHOT_REQUEST "positions", then
    ord.pos.<SYMBOL> updates), historical bars from the gateway (HIST_REQUEST; bars on
    md.bar.<SYMBOL>, the end on md.hist.<SYMBOL>), the strategy fed and asked, the decision
    sized (strat_plan) and sent as ORDER_INTENT to the orders service. Every request is sent
    on a DEALER and its reply matched by correlation id in a callback; a 100 ms timer
    handles retries and deadlines. Nothing blocks the loop.

    --once: one decision per symbol from the historical load, printed to stdout with the
    answer to its intent; then the runner stops the loop. Without --once the historical
    request keeps the bars up to date (keepUpToDate), quotes are subscribed (MD_SUBSCRIBE)
    and a decision is made on every bar, an intent sent whenever the decision's coid is new.
*/
#ifndef STRAT_RUNNER_H_INCLUDED
#define STRAT_RUNNER_H_INCLUDED

#include "rt_service.h"
#include "strat_plan.h"
#include "strategy.h"

#define STRAT_SYMBOLS_MAX 32

typedef struct {
    char symbols [STRAT_SYMBOLS_MAX][RT_SYMBOL_MAX];
    size_t symbol_count;
    bool once;
    const strat_def_t *def;
    strat_params_t params;
    strat_limits_t lim;
    char bar_size [RT_BAR_SIZE_MAX];
    char duration [RT_DURATION_MAX];
    char what [RT_WHAT_MAX];
    bool use_rth;
    char sec_type [RT_SECTYPE_MAX];
    char exchange [RT_EXCH_MAX];
    char currency [RT_CCY_MAX];
    char account [RT_ACCOUNT_MAX];
    uint64_t timeout_ms;            //  --once: the whole cycle; always: one request's answer
} strat_cfg_t;

typedef struct _strat_runner_t strat_runner_t;

//  Creates the strategies, the clients and subscribers on svc, and sends the first
//  requests. cfg is copied. NULL on failure (logged).
strat_runner_t *strat_runner_new (rt_service_t *svc, const strat_cfg_t *cfg);
void strat_runner_destroy (strat_runner_t **self_p);
//  --once: 0 when every symbol was decided and every intent answered (a refusal counts as
//  an answer: it is printed), else 1.
int strat_runner_status (const strat_runner_t *self);

//  The bar length of an IB bar size ("1 min", "5 secs", "1 hour", "1 day"), ns; 0 unknown.
uint64_t strat_bar_size_ns (const char *bar_size);

#endif
