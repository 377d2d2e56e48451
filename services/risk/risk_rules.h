/*  risk_rules.h - the pre-trade decision: one function over the intent, the view and the
    limits, returning accepted, or a reason code and a sentence a trader understands.

    Checks, in this order (the first refusal wins; README "Order of checks" says why):
       1  BAD_INTENT          quantity, side, type, prices malformed
       2  NO_VIEW             no snapshot of the orders yet (or resynchronising after a gap)
       3  HALTED / DAILY_LOSS state HALTED refuses every intent (intents are never cancels)
          REDUCING / DAILY_LOSS  state REDUCING accepts only an intent that brings the
                              projected position closer to zero without crossing it
       4  DENY_LIST, NOT_ALLOWED   symbol lists
       5  MAX_QTY
       6  NO_REFERENCE_PRICE  MKT, LMT, STP with no last trade and no two-sided quote
          COLLAR              limit / stop price further than RISK_COLLAR_PCT from reference
       7  MAX_NOTIONAL        qty x (limit or stop price, else reference)
       8  MAX_POSITION        |projected position after the order| (reducing orders pass)
       9  MAX_GROSS           sum of |projected positions| x reference (reducing orders pass)
      10  MAX_OPEN_ORDERS
      11  RATE                accepted submissions in the last second
    Projected position = position + signed remaining of the symbol's open orders (the
    intent's own coid excluded, should orders have published it already) + this order.

    The decision reads the view and allocates nothing; risk_rules_accept records an accepted
    intent (rate window, pending open order, count).
*/
#ifndef RISK_RULES_H_INCLUDED
#define RISK_RULES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"
#include "risk_state.h"

#define RISK_LIST_MAX 256           //  symbols per allow / deny list

//  A small set of symbols (allow / deny lists), hashed.
typedef struct {
    char   items [RISK_LIST_MAX * 2][RT_SYMBOL_MAX];
    size_t count;
} risk_symset_t;

//  Parses "AAPL, MSFT,IBM" (commas and/or spaces; case kept: IB symbols are upper case).
//  0, or RT_EINVAL / RT_ERANGE with a message naming the bad entry in err.
int risk_symset_parse (risk_symset_t *self, const char *list, char *err, size_t cap);
bool risk_symset_has (const risk_symset_t *self, const char *symbol);

typedef struct {
    risk_symset_t allow;            //  empty: every symbol not denied
    risk_symset_t deny;
    double   max_qty;               //  shares per order
    double   max_notional;          //  per order, account currency
    double   max_position;          //  shares per symbol, projected
    double   max_gross;             //  account, projected
    uint32_t max_open_orders;
    uint32_t max_per_sec;           //  accepted submissions in any 1 s window
    double   collar_pct;            //  %
    double   daily_loss;            //  > 0: the loss that trips the state
    rt_trading_t loss_action;       //  REDUCING or HALTED
} risk_limits_t;

typedef struct {
    bool accepted;
    char code [RT_NAME_MAX];        //  "" when accepted
    char reason [RT_TEXT_MAX];
} risk_result_t;

//  Decides. view_ready false refuses with NO_VIEW (view_why says why, may be NULL).
//  Returns out->accepted.
bool risk_rules_decide (const risk_limits_t *lim, const risk_state_t *st, bool view_ready,
                        const char *view_why, const rt_order_intent_t *in, uint64_t now_ms,
                        risk_result_t *out);

//  Records an accepted intent: rate window, a pending open order under its coid, the count.
void risk_rules_accept (const risk_limits_t *lim, risk_state_t *st,
                        const rt_order_intent_t *in, uint64_t now_ms);

//  Checks the daily loss: beyond the limit while ACTIVE (or REDUCING when the action is
//  HALTED) moves the state to lim->loss_action, cause LOSS. True when the state changed.
bool risk_rules_check_loss (const risk_limits_t *lim, risk_state_t *st);

//  True while the daily loss is beyond the limit (resume and reduce are then refused).
bool risk_rules_loss_holds (const risk_limits_t *lim, const risk_state_t *st, double *daily);

#endif
