/*  gw_orders_int.h - gw_orders' private state, shared by gw_orders.c (commands, session,
    reconciliation) and gw_orders_in.c (TWS messages). Not for other modules.
*/
#ifndef GW_ORDERS_INT_H_INCLUDED
#define GW_ORDERS_INT_H_INCLUDED

#include "gw_orders.h"
#include "gw_orders_table.h"
#include "gw_orders_exec.h"
#include "gw_orderid.h"
#include "gw_acct.h"

//  Answers reconciliation waits for (bits of recon_wait).
enum {
    GW_RECON_OPEN_ORDERS = 1 << 0,      //  openOrderEnd
    GW_RECON_COMPLETED   = 1 << 1,      //  completedOrdersEnd
    GW_RECON_EXECUTIONS  = 1 << 2,      //  execDetailsEnd for recon_exec_req
    GW_RECON_POSITIONS   = 1 << 3,      //  positionEnd
};

struct _gw_orders_t {
    gw_t *gw;
    gw_orderid_t *ids;
    gw_otable_t *table;
    gw_execset_t *execs;
    gw_acct_t *acct;
    msgpack_zone zone;                  //  command decoding, reused
    bool reconciling;
    unsigned recon_wait;
    int recon_exec_req;
    gw_orders_stats_t stats;
    //  Decoded TWS messages: large structs, kept here rather than on the stack each time.
    union {
        tws_open_order_t open_order;
        tws_completed_order_t completed;
        tws_exec_details_t exec;
        tws_place_order_t place;
        tws_order_status_t status;
        tws_err_msg_t err;
        tws_update_portfolio_t portfolio;
        tws_position_t position;
        tws_update_account_value_t value;
        tws_commission_report_t commission;
    } scratch;
};

//  Publishes the order's state when it differs from the last publication (gw_orders.c).
//  status/filled/remaining/avg/last: the new facts (filled etc. < 0: unchanged).
void gw_orders_update (gw_orders_t *self, gw_order_t *o, rt_ord_status_t status,
                       double filled, double remaining, double avg_fill_price,
                       double last_fill_price, const char *reason);

//  Fills an order_status message from an entry.
void gw_orders_status_msg (const gw_order_t *o, rt_order_status_t *m);

//  The reconciliation step: an end marker arrived (bit), finish when all are in.
void gw_orders_recon_answer (gw_orders_t *self, unsigned bit);

//  IB's status word -> ours (NONE for an unknown word).
rt_ord_status_t gw_orders_map_status (const char *ib_status, double filled);

//  "yyyymmdd hh:mm:ss[ zone]" or epoch seconds -> ns since the epoch; 0 when unknown.
uint64_t gw_orders_parse_time (const char *text);

//  Copies with truncation; always terminates.
void gw_orders_copy (char *dst, size_t cap, const char *src);

#endif
