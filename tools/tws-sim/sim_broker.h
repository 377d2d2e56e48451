/*  sim_broker.h - the simulated IB back end: accounts, orders, fills, executions.

    Pure and I/O-free: time comes in as now_ms (the simulated clock), prices from a borrowed
    sim_market_t, randomness from the seed. Everything that happens comes out through the
    sim_sink_t the server implements, synchronously, inside the call that caused it. Same
    seed + same calls with the same now_ms -> the same events, byte for byte. place, cancel
    and global_cancel first settle every market second up to now_ms (as advance does), so
    how often the server's timer calls advance changes when events come out, not which.

    Orders and executions belong to the broker, not to a session: they survive client
    disconnects and simulated Gateway restarts (sim_broker_reset clears them on request).
    Order ids are per clientId, as at IB.

    EVENT ORDER (what a real Gateway sends; the server forwards in this order):

    -   accepted order:   open_order (status), order_status (same status).  MKT and LMT are
        "Submitted"; STP and STP LMT are "PreSubmitted" until triggered (IB simulates stops),
        then open_order + order_status "Submitted".
    -   each fill:        execution (execDetails, reqId -1), open_order (new status),
        order_status ("Submitted" with filled/remaining while partial, then "Filled"),
        commission (commissionReport for that execId), then position and account_changed.
        Execution first, commission last is what captures of real sessions show (rust-ibapi
        #811: ExecutionData, then OpenOrder/OrderStatus, then CommissionReport).
    -   modification:     open_order + order_status with the new fields (same status).
    -   cancel:           error 202 "Order Canceled - reason:" then order_status "Cancelled".
        DAY orders still open at 00:00 UTC expire the same way.
    -   rejection:        error (103, 104, 105, 110, 200, 201, 135, 161 ...) and nothing else;
        a rejected new order never exists at the broker (it is not in open/completed orders).

    Prices and P&L use IB's conventions: average cost includes commissions; realised P&L of a
    closing trade is (price - avgCost) * qty - its commission for a long (mirrored for a
    short); unrealised is position * (last - avgCost); market price is the last trade.
    Commission per execution is the increment of the order's cumulative commission
    min(max(0.005 * shares, 1.00), 1% of value), so the $1 minimum is paid once per order.
*/
#ifndef SIM_BROKER_H_INCLUDED
#define SIM_BROKER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_market.h"
#include "sim_universe.h"

typedef struct sim_broker_t sim_broker_t;

#define SIM_UNSET_DOUBLE   1.7976931348623157e308   //  IB's "no value" (DBL_MAX)
#define SIM_ACCOUNT_MAX    16                        //  bytes, "DU123456"
#define SIM_ACCOUNTS_MAX   8
#define SIM_ORDER_REF_MAX  64
#define SIM_EXEC_ID_MAX    32
#define SIM_ALL_CLIENTS    (-1)                      //  filter value: every clientId

//  ---------------------------------------------------------------------------------------
//  Orders

typedef enum {
    SIM_ST_PRESUBMITTED = 0,     //  accepted, held (stop not triggered)
    SIM_ST_SUBMITTED,            //  working (also while partially filled)
    SIM_ST_FILLED,
    SIM_ST_CANCELLED,
    SIM_ST_INACTIVE,
} sim_order_status_t;

//  The IB word for a status: "PreSubmitted", "Submitted", "Filled", "Cancelled", "Inactive".
const char *sim_order_status_str (sim_order_status_t status);

//  What placeOrder asked for, as the server decoded it. Unset prices are SIM_UNSET_DOUBLE.
typedef struct {
    int     client_id;
    int64_t order_id;
    //  contract as requested (resolved through sim_universe_match)
    int32_t con_id;
    char    symbol [SIM_SYMBOL_MAX];
    char    sec_type [8];
    char    exchange [16];
    char    currency [8];
    //  order
    char    action [8];                  //  "BUY", "SELL" (or "SSHORT", treated as SELL)
    double  total_qty;                   //  whole shares
    char    order_type [16];             //  "MKT", "LMT", "STP", "STP LMT"
    double  lmt_price;                   //  LMT, STP LMT
    double  aux_price;                   //  STP, STP LMT: the stop price
    char    tif [8];                     //  "DAY", "GTC", "IOC"; "" = DAY
    char    account [SIM_ACCOUNT_MAX];   //  "" = the first account
    char    order_ref [SIM_ORDER_REF_MAX];
    bool    outside_rth;
    bool    transmit;                    //  ignored: the simulator always transmits
} sim_order_request_t;

//  An order at the broker, as open_order / order_status / completed orders describe it.
typedef struct {
    int     client_id;
    int64_t order_id;
    int64_t perm_id;                     //  unique 64-bit, keys the order for life
    int     sym;                         //  universe index
    const sim_contract_t *contract;      //  borrowed from the universe table
    char    action [8];                  //  "BUY" or "SELL"
    double  total_qty;
    char    order_type [16];
    double  lmt_price;                   //  SIM_UNSET_DOUBLE when not used
    double  aux_price;
    char    tif [8];
    char    account [SIM_ACCOUNT_MAX];
    char    order_ref [SIM_ORDER_REF_MAX];
    bool    outside_rth;
    sim_order_status_t status;
    bool    triggered;                   //  stop has fired
    double  filled;
    double  remaining;
    double  avg_fill_price;              //  0 until the first fill
    double  last_fill_price;
    double  commission;                  //  cumulative, USD
    int64_t placed_ms;
    int64_t completed_ms;                //  when it became Filled / Cancelled, else 0
    char    completed_status [48];       //  completedOrder's text, e.g. "Filled at 150.25"
} sim_order_t;

//  ---------------------------------------------------------------------------------------
//  Executions

typedef struct {
    char    exec_id [SIM_EXEC_ID_MAX];   //  "0000e0d5.6553a1c4.01.01" style, unique per run
    int64_t time_ms;
    int     client_id;
    int64_t order_id;
    int64_t perm_id;
    int     sym;
    const sim_contract_t *contract;
    char    account [SIM_ACCOUNT_MAX];
    char    exchange [16];               //  where it "executed": the primary exchange
    char    side [4];                    //  "BOT" or "SLD"
    double  shares;
    double  price;
    double  cum_qty;                     //  order's cumulative quantity after this execution
    double  avg_price;                   //  order's average price after this execution
    char    order_ref [SIM_ORDER_REF_MAX];
    int     last_liquidity;              //  1 added, 2 removed
    //  commissionReport
    double  commission;
    char    commission_currency [8];     //  "USD"
    double  realized_pnl;                //  SIM_UNSET_DOUBLE when the execution opened/added
} sim_execution_t;

//  reqExecutions filter (IB ExecutionFilter). Zero / empty fields match everything.
typedef struct {
    int     client_id;                   //  0 = all (as IB treats an unset filter)
    char    account [SIM_ACCOUNT_MAX];
    int64_t since_ms;                    //  executions at or after; 0 = all kept
    char    symbol [SIM_SYMBOL_MAX];
    char    sec_type [8];
    char    exchange [16];
    char    side [8];                    //  "BUY"/"SELL" (IB's filter words) or ""
} sim_exec_filter_t;

//  ---------------------------------------------------------------------------------------
//  Accounts

typedef struct {
    char    account [SIM_ACCOUNT_MAX];
    int     sym;
    const sim_contract_t *contract;
    double  position;                    //  shares, negative when short
    double  avg_cost;                    //  per share, commissions included
    double  market_price;                //  last trade
    double  market_value;                //  position * market_price
    double  unrealized_pnl;
    double  realized_pnl;                //  since the position record was created
    double  daily_pnl;                   //  since 00:00 UTC (or since the broker started)
} sim_position_t;

//  One account value, as updateAccountValue / accountSummary carry it.
typedef struct {
    char    key [32];                    //  "NetLiquidation", "AccountReady", ...
    char    value [32];                  //  formatted as IB does: "1000000.00", "true"
    char    currency [8];                //  "USD", "BASE" or ""
    bool    summary;                     //  also an accountSummary tag
} sim_account_value_t;

#define SIM_ACCOUNT_VALUES_MAX 40

typedef struct {
    double  daily_pnl;
    double  unrealized_pnl;
    double  realized_pnl;                //  today
} sim_pnl_t;

//  ---------------------------------------------------------------------------------------
//  Events out

typedef struct {
    void *ctx;
    //  openOrder: the order with its current status.
    void (*on_open_order) (void *ctx, const sim_order_t *order);
    //  orderStatus.
    void (*on_order_status) (void *ctx, const sim_order_t *order);
    //  execDetails (reqId -1: unsolicited). The order is already updated with this fill.
    void (*on_execution) (void *ctx, const sim_execution_t *exec, const sim_order_t *order);
    //  commissionReport for exec->exec_id (commission, currency, realized_pnl).
    void (*on_commission) (void *ctx, const sim_execution_t *exec);
    //  errMsg concerning an order id of client_id (code 103, 202, 201, ...).
    void (*on_error) (void *ctx, int client_id, int64_t order_id, int code, const char *text);
    //  A position changed (position / updatePortfolio subscribers).
    void (*on_position) (void *ctx, const sim_position_t *position);
    //  Cash or positions of the account changed (updateAccountValue / accountSummary /
    //  pnl subscribers re-read with sim_broker_account_values or sim_broker_pnl).
    void (*on_account_changed) (void *ctx, const char *account);
} sim_sink_t;

//  ---------------------------------------------------------------------------------------
//  Life cycle

typedef struct {
    uint64_t    seed;                    //  execIds, permIds
    const char *accounts;                //  comma list; NULL or "" = "DU123456"
    double      initial_cash;            //  per account; 0 = 1,000,000 USD
    size_t      max_orders;              //  open + remembered completed; 0 = 4096
    size_t      max_executions;          //  ring of kept executions; 0 = 8192
    int64_t     first_order_id;          //  nextValidId of a client never seen; 0 = 1
} sim_broker_config_t;

//  market is borrowed and must outlive the broker; sink is copied (NULL: events dropped).
//  now_ms starts the day-P&L clock. Returns NULL on allocation failure or a bad account list
//  (empty names, more than SIM_ACCOUNTS_MAX, a name of SIM_ACCOUNT_MAX bytes or more).
sim_broker_t *sim_broker_new (const sim_broker_config_t *config, sim_market_t *market,
                              const sim_sink_t *sink, int64_t now_ms);
void sim_broker_destroy (sim_broker_t **self_p);
void sim_broker_set_sink (sim_broker_t *self, const sim_sink_t *sink);

//  Forgets every order, execution and position and restores initial cash (a Gateway
//  restart "told otherwise"; a plain restart keeps the broker as it is).
void sim_broker_reset (sim_broker_t *self, int64_t now_ms);

//  Drives time: processes every market second in (last processed, now_ms] in order, matching
//  open orders against each second's quote (at most 3600 seconds of catch-up; older seconds
//  are skipped), expires DAY orders at 00:00 UTC and rolls daily P&L. Call it on a timer
//  (e.g. every 100-250 ms) and after sim_market_set_price (the changed second is matched
//  again). Returns 0.
int sim_broker_advance (sim_broker_t *self, int64_t now_ms);

//  ---------------------------------------------------------------------------------------
//  Requests

//  managedAccounts: "DU123456" or "DU1,DU2". Never NULL.
const char *sim_broker_accounts (const sim_broker_t *self);
//  nextValidId for client_id: one above the highest id that client ever used (at least
//  first_order_id). Ids of other clients don't count, as at IB.
int64_t sim_broker_next_order_id (const sim_broker_t *self, int client_id);

//  placeOrder: a new order or, with the id of an open order of the same client, a
//  modification. A new id is consumed once it passes the duplicate check, even if a later
//  check refuses the order (as at IB: resending it gives 103). A filled order's id gives 104. Accepted: events as above, returns 0. Refused: on_error with IB's code and
//  text, returns RT_EINVAL (bad request, including 103 duplicate id) or RT_ERANGE (the order
//  table is full of open orders: 201 "...maximum number of orders"). An order that can fill
//  at once fills inside this call.
int sim_broker_place (sim_broker_t *self, const sim_order_request_t *request, int64_t now_ms);

//  cancelOrder: 202 + Cancelled and returns 0; an unknown id gives 135, a filled or cancelled
//  order 161 ("Cancel attempted when order is not in a cancellable state"); both RT_EINVAL.
int sim_broker_cancel (sim_broker_t *self, int client_id, int64_t order_id, int64_t now_ms);

//  reqGlobalCancel: cancels every open order of every client. Returns the number cancelled.
int sim_broker_global_cancel (sim_broker_t *self, int64_t now_ms);

//  Finds an order of client_id by order id (open or remembered), or NULL.
const sim_order_t *sim_broker_order (const sim_broker_t *self, int client_id, int64_t order_id);

//  Iteration for the server's replies. The callback's pointers are valid during the call
//  only; a callback must not call back into the broker.
typedef void (sim_order_fn) (void *ctx, const sim_order_t *order);
typedef void (sim_exec_fn) (void *ctx, const sim_execution_t *exec);
typedef void (sim_position_fn) (void *ctx, const sim_position_t *position);

//  reqOpenOrders (client_id = the caller: its own orders only; the simulator has no manual
//  TWS orders for client 0 to see) and reqAllOpenOrders (SIM_ALL_CLIENTS). Placement order.
//  Returns the number visited.
size_t sim_broker_open_orders (const sim_broker_t *self, int client_id, sim_order_fn *fn,
                               void *ctx);
//  reqCompletedOrders: filled and cancelled orders still remembered, oldest completion first.
size_t sim_broker_completed_orders (const sim_broker_t *self, sim_order_fn *fn, void *ctx);
//  reqExecutions: kept executions matching filter (NULL = all), oldest first.
size_t sim_broker_executions (const sim_broker_t *self, const sim_exec_filter_t *filter,
                              sim_exec_fn *fn, void *ctx);

//  reqPositions (account NULL = all accounts) / updatePortfolio (one account): every
//  position record, closed ones (0 shares) included as IB reports them, valued at now_ms.
size_t sim_broker_positions (sim_broker_t *self, const char *account, int64_t now_ms,
                             sim_position_fn *fn, void *ctx);

//  reqAccountUpdates / reqAccountSummary: the account's values at now_ms. Writes up to
//  SIM_ACCOUNT_VALUES_MAX entries to out, sets *count. Returns 0 or RT_EINVAL (unknown
//  account).
int sim_broker_account_values (sim_broker_t *self, const char *account, int64_t now_ms,
                               sim_account_value_t *out, size_t *count);

//  reqPnL (account) and reqPnLSingle (account + conId: position and value too). Return 0 or
//  RT_EINVAL (unknown account or no position record for con_id).
int sim_broker_pnl (sim_broker_t *self, const char *account, int64_t now_ms, sim_pnl_t *pnl);
int sim_broker_pnl_single (sim_broker_t *self, const char *account, int32_t con_id,
                           int64_t now_ms, sim_position_t *position);

//  Cash of an account (tests and the control interface). RT_EINVAL if unknown.
int sim_broker_cash (const sim_broker_t *self, const char *account, double *cash);

#endif
