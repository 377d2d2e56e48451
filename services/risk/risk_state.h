/*  risk_state.h - what rt-risk knows: positions, open orders, reference prices, P&L, recent
    submissions, and the trading state (ACTIVE / REDUCING / HALTED).

    Fixed tables allocated once by risk_state_new, nothing allocated afterwards: symbols and
    orders are found by hashing their name (open addressing, linear probing; orders are
    removed with backward shift, so no tombstones pile up over a day).

    Sources, per symbol (see README "The view"):
      position   the orders service's book (ord.pos.SYMBOL, HOLDING) when it has one for
                 the symbol, else the gateway's (gw.pos, IB's truth for positions opened
                 elsewhere). Orders' book and orders' ord.status move together (a fill moves
                 quantity from "remaining" to "position" in the same service), so the
                 projection never counts a fill twice or not at all.
      open orders  ord.status from the orders service, by coid; orders placed outside
                 robo-trader (no coid) from the gateway's ord.status, by IB permId.
                 An intent risk accepted counts as "pending" at once, so two quick intents
                 cannot each pass a limit they break together; a pending order not confirmed
                 by the bus within RISK_PENDING_TTL_MS is dropped.
      prices     md.quote.SYMBOL: the reference is the last trade, else the mid, else none.
*/
#ifndef RISK_STATE_H_INCLUDED
#define RISK_STATE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define RISK_SYMBOLS_MAX     1024           //  distinct symbols
#define RISK_ORDERS_MAX      4096           //  orders open (or pending) at once
#define RISK_RATE_MAX        1000           //  highest RISK_MAX_ORDERS_PER_SEC
#define RISK_PENDING_TTL_MS  10000

//  Why the state is not ACTIVE.
typedef enum {
    RISK_CAUSE_NONE = 0,
    RISK_CAUSE_OPERATOR,        //  "halt" or "reduce" command
    RISK_CAUSE_KILL,            //  kill switch
    RISK_CAUSE_LOSS,            //  daily loss limit crossed
} risk_cause_t;

typedef struct {
    char   symbol [RT_SYMBOL_MAX];
    bool   has_holding;             //  orders' book
    double h_qty, h_avg, h_realized, h_unrealized;
    bool   has_ib;                  //  gateway's position
    double ib_qty, ib_avg;
    double bid, ask, last;          //  0: not known
    double open_net;                //  signed remaining of open orders (buy +, sell -)
    uint32_t open_n;
} risk_sym_t;

typedef struct {
    char     key [RT_COID_MAX];     //  coid, or "ib:<permId>" for orders placed elsewhere
    int32_t  sym;                   //  slot of its symbol
    int8_t   side;                  //  +1 buy, -1 sell
    double   remaining;
    bool     pending;               //  accepted here, not yet seen on the bus
    uint64_t ts_ms;                 //  when it was last updated
} risk_order_t;

typedef struct _risk_state_t risk_state_t;

risk_state_t *risk_state_new (void);
void risk_state_destroy (risk_state_t **self_p);

//  ---------------------------------------------------------------------------------------
//  Symbols

//  The symbol's slot, or -1 when unknown.
int32_t risk_state_find (const risk_state_t *self, const char *symbol);
//  The symbol's slot, created if new; -1 when the table is full or the name is bad.
int32_t risk_state_intern (risk_state_t *self, const char *symbol);
const risk_sym_t *risk_state_sym (const risk_state_t *self, int32_t slot);
risk_sym_t *risk_state_sym_mut (risk_state_t *self, int32_t slot);
//  Iteration over the symbols known: index 0 .. risk_state_sym_count - 1.
size_t risk_state_sym_count (const risk_state_t *self);
const risk_sym_t *risk_state_sym_at (const risk_state_t *self, size_t index);

//  The position that counts (orders' book, else the gateway's) and the reference price
//  (last, else mid, else 0).
double risk_sym_position (const risk_sym_t *sym);
double risk_sym_reference (const risk_sym_t *sym);

//  ---------------------------------------------------------------------------------------
//  Orders

//  Sets an order's open remaining quantity (0 or a terminal status: removed). side is
//  +1/-1; 0 keeps the side already known. Keeps the symbol's open_net / open_n in step.
//  0, RT_ERANGE (table full), RT_EINVAL (bad symbol).
int risk_state_order_set (risk_state_t *self, const char *key, const char *symbol, int side,
                          double remaining, bool pending, uint64_t now_ms);
const risk_order_t *risk_state_order (const risk_state_t *self, const char *key);
uint32_t risk_state_open_orders (const risk_state_t *self);
//  Drops every order (before a snapshot is merged).
void risk_state_orders_clear (risk_state_t *self);
//  Drops every order that is neither pending nor keyed with keep_prefix (the gateway's
//  "ib:..." orders placed elsewhere): before an orders snapshot is merged.
void risk_state_orders_drop_confirmed (risk_state_t *self, const char *keep_prefix);
//  Drops pending orders older than ttl_ms; returns how many.
size_t risk_state_expire_pending (risk_state_t *self, uint64_t now_ms, uint64_t ttl_ms);

//  ---------------------------------------------------------------------------------------
//  Submissions in the last second (sliding window, O(1))

//  True when fewer than limit submissions were recorded in (now_ms - 1000, now_ms].
bool risk_state_rate_ok (const risk_state_t *self, uint32_t limit, uint64_t now_ms);
void risk_state_rate_note (risk_state_t *self, uint32_t limit, uint64_t now_ms);
uint32_t risk_state_rate_count (const risk_state_t *self, uint64_t now_ms);

//  ---------------------------------------------------------------------------------------
//  Figures

typedef struct {
    double realized, unrealized, daily;     //  daily = realized + unrealized
    double gross, net;                      //  exposure of current positions, at reference
} risk_figures_t;
void risk_state_figures (const risk_state_t *self, risk_figures_t *out);

//  ---------------------------------------------------------------------------------------
//  Trading state

rt_trading_t risk_state_trading (const risk_state_t *self);
risk_cause_t risk_state_cause (const risk_state_t *self);
const char *risk_state_reason (const risk_state_t *self);
bool risk_state_kill_switch (const risk_state_t *self);
//  Moves to state for cause with a reason; kill also engages the kill switch, ACTIVE
//  releases it. Returns true when anything changed (the caller publishes RISK_STATE).
bool risk_state_set (risk_state_t *self, rt_trading_t state, risk_cause_t cause,
                     const char *reason);
uint32_t risk_state_accepted_today (const risk_state_t *self);
void risk_state_count_accepted (risk_state_t *self);

#endif
