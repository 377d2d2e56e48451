/*  sim_broker_int.h - internals shared by sim_broker.c, sim_orders.c and sim_account.c.
    Private to the model.
*/
#ifndef SIM_BROKER_INT_H_INCLUDED
#define SIM_BROKER_INT_H_INCLUDED

#include "sim_broker.h"
#include "sim_rng.h"

#define SIM_BRK_CLIENTS   256   //  remembered clientIds (last order id each), LRU beyond

typedef struct {
    bool    used;
    double  position;
    double  avg_cost;
    double  realized;           //  since the record was created
    double  day_start_value;    //  position * price at the last day roll
    double  day_cash_flow;      //  cash from today's fills of this symbol
    double  day_realized;
} sim_brk_pos_t;

typedef struct {
    char    name [SIM_ACCOUNT_MAX];
    double  cash;
    sim_brk_pos_t *pos;         //  one per universe symbol
} sim_brk_account_t;

typedef struct {
    bool    used;
    sim_order_t o;
    uint64_t seq;               //  placement order
    bool    rested;             //  has seen a market second without crossing
} sim_brk_order_t;

typedef struct {
    bool    used;
    int     client_id;
    int64_t last_id;
    uint64_t stamp;
} sim_brk_client_t;

typedef struct {
    int64_t  sec;               //  liquidity taken during (sec, version)
    uint32_t version;
    int64_t  used_bid, used_ask;
} sim_brk_liq_t;

struct sim_broker_t {
    sim_broker_config_t config;
    sim_market_t *market;
    sim_sink_t sink;
    char     accounts_text [SIM_ACCOUNTS_MAX * SIM_ACCOUNT_MAX];
    sim_brk_account_t account [SIM_ACCOUNTS_MAX];
    size_t   naccounts;
    size_t   nsym;
    //  orders: slots, open list in placement order, completed ring in completion order
    sim_brk_order_t *orders;
    size_t  *open;
    size_t   nopen;
    size_t  *done;
    size_t   done_head, ndone;
    uint64_t order_seq;
    int64_t  perm_base;
    //  executions ring
    sim_execution_t *execs;
    size_t   exec_head, nexecs;
    uint64_t exec_seq;
    uint32_t exec_prefix, exec_base;
    sim_brk_client_t clients [SIM_BRK_CLIENTS];
    uint64_t client_clock;
    sim_brk_liq_t *liq;         //  per symbol
    int64_t  last_sec;          //  last market second processed
    int64_t  day;               //  UTC day of the daily P&L
};

//  sim_account.c
sim_brk_account_t *sim_brk_account_find (const sim_broker_t *self, const char *name);
double  sim_brk_mark (sim_broker_t *self, int sym, int64_t now_ms);
//  Books a fill: cash, position, average cost; returns the realised P&L of the closing part
//  or SIM_UNSET_DOUBLE if the fill only opened or added.
double  sim_brk_book_fill (sim_broker_t *self, sim_brk_account_t *acct, int sym, bool buy,
                           double qty, double price, double commission);
void    sim_brk_roll_day (sim_broker_t *self, int64_t day, int64_t mark_ms);
void    sim_brk_fill_position (sim_broker_t *self, const sim_brk_account_t *acct, int sym,
                               int64_t now_ms, sim_position_t *out);
//  Equity with loan and initial margin after adding gross value extra (pre-trade check).
void    sim_brk_margin (sim_broker_t *self, const sim_brk_account_t *acct, int64_t now_ms,
                        double *equity, double *init_margin);
void    sim_brk_reset_accounts (sim_broker_t *self);

//  sim_orders.c
void    sim_brk_match_symbol (sim_broker_t *self, int sym, int64_t sec, int64_t now_ms);
void    sim_brk_expire_day (sim_broker_t *self, int64_t now_ms);
void    sim_brk_error (sim_broker_t *self, int client_id, int64_t order_id, int code,
                       const char *text);

#endif
