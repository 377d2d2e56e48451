/*  strat_plan.h - from a strategy's signal to an order: sizing within the limits, the
    deterministic client order id, and the decision line rt-strategy prints.

    Sizing (the same for every strategy): BUY takes min(order_qty, max_position - position)
    shares; SELL takes min(order_qty, position - floor), the floor being -max_position when
    shorts are allowed and 0 (flat) otherwise. No room left: HOLD, saying which limit.

    Client order id: "strat-<strategy>-<SYMBOL>-<yyyymmddThhmmss of the signal bar, UTC>-
    <BUY|SELL>", e.g. "strat-sma-AAPL-20250106T154200-BUY" (bytes of the symbol outside
    [A-Za-z0-9.] become '_'). The same signal on the same bar always gives the same id,
    whatever the clock, the position or the process: a restart re-sends the same id and
    the orders service answers "duplicate" (services/orders/README.md) instead of placing
    a second order. The size is not part of the id on purpose: a position that changed in
    between must not turn the same decision into a new order.
*/
#ifndef STRAT_PLAN_H_INCLUDED
#define STRAT_PLAN_H_INCLUDED

#include "strategy.h"

#define STRAT_COID_MAX 64           //  the catalogue's coid: str <= 63
#define STRAT_LINE_MAX 512

typedef struct {
    double max_position;            //  STRATEGY_MAX_POSITION, shares, > 0
    double order_qty;               //  STRATEGY_ORDER_QTY, shares, > 0
    bool allow_short;               //  STRATEGY_ALLOW_SHORT
} strat_limits_t;

typedef struct {
    strat_action_t action;          //  HOLD when the signal is HOLD or no room is left
    double qty;                     //  shares to trade (0 with HOLD)
    char coid [STRAT_COID_MAX];     //  "" with HOLD
    char why [96];                  //  with HOLD from sizing: the limit that stopped it
} strat_plan_t;

//  The client order id of (strategy, symbol, signal bar, side) into buf. 0, RT_EINVAL
//  (side not BUY/SELL, empty names), RT_ERANGE (does not fit buf or 63 bytes).
int strat_coid (char *buf, size_t cap, const char *strategy, const char *symbol,
                uint64_t ts_ns, strat_action_t side);

//  Sizes sig for a position. 0, or the error of strat_coid (out then holds HOLD).
int strat_plan (const char *strategy, const char *symbol, const strat_signal_t *sig,
                double position, const strat_limits_t *lim, strat_plan_t *out);

//  "AAPL: <reason> -> BUY 10 (position 0, limit 100) coid=..." or
//  "AAPL: <reason> -> HOLD[: why] (position 0, limit 100)" into buf.
void strat_plan_line (char *buf, size_t cap, const char *symbol, const strat_signal_t *sig,
                      const strat_plan_t *plan, double position, const strat_limits_t *lim);

#endif
