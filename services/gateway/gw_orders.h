/*  gw_orders.h - order identity, place/cancel, order status, fills, accounts, positions and
    reconciliation: the gw_orders module of rt-gateway (the hooks the loop calls are in gw.h;
    this file adds what the loop must feed besides TWS messages, and statistics).

    Identity. The client order id (coid) travels to IB as orderRef; the IB order id comes from
    gw_orderid (persisted high-water mark, never reused); IB's permId keys the order for life.
    A restarted gateway knows nothing of earlier orders until IB reports them: openOrder,
    completedOrder and execDetails carry orderRef, which binds them back to their coid.

    Commands (gw_orders_on_command): ORDER_INTENT and ORDER_CANCEL, each answered by a REPLY.
      place: bad field -> ok=false "bad field <name>: <why>"; not READY -> ok=false
             "not connected" / "reconciling" (never queued silently: the orders service
             retries); a known coid -> the order's order_status sent to the caller (a
             part, same cid), then ok=true, reason "known order order_id=N perm_id=P
             status=S" for people (never a second placeOrder); else placeOrder on the ORDER lane and ok=true, id=coid, reason
             "order_id=N" (and an ord.status PENDING_SUBMIT carrying order_id); pacer full
             -> ok=false "paced". The order id is burnt either way (never reused).
      cancel: unknown coid -> "unknown order"; terminal -> "already FILLED" (etc.); else
             cancelOrder on the ORDER lane, ok=true. Cancels are allowed whenever a session is
             up (also while reconciling or degraded): taking risk off is never refused here.

    Status (ord.status): IB's statuses map as rt_catalogue_def.h documents; SUBMITTED or
    PRE_SUBMITTED with filled > 0 is PARTIALLY_FILLED. Published only when status, filled,
    remaining, average price or an IB id changed (IB repeats itself). A terminal state
    (FILLED, CANCELLED, REJECTED) is final: later contrary reports are ignored, except for an
    order this module declared lost, where IB's word wins.

    Order errors (errMsg naming an order id we know), via gw_errors: an error that ends the
    order -> CANCELLED (202) or REJECTED (everything else) with IB's text as reason; every
    order error is also reported on sys.error. Warnings (399, 404, 2109...) only sys.error.

    Fills (ord.fill), deduplicated by execId (gw_orders_exec.h). COMMISSION DECISION: a fill
    is published at once with has_commission=false (quantity and price matter to risk now),
    and published a second time, same exec_id, with has_commission=true when its
    commissionReport arrives. Consumers apply quantity once per exec_id and take the
    commission from the has_commission=true copy. Repeated execDetails / commissionReports
    (reconnects, reqExecutions) are counted, never republished. The most recent fills (4096)
    are kept as last published, the commission filled in place (gw_orders_exec.h).

    Snapshot (gw_orders_snapshot, whatever the request's `what`: the gateway's snapshot is
    whole): account values and positions (gw_acct), every open order's order_status, then
    every kept fill, oldest first, as last published (has_commission=true once its report
    came). A consumer that was down while the gateway stayed up (rt-orders restarted) books
    the fills it missed by exec_id; one that saw them counts them as repeats.

    Reconciliation (gw_orders_on_session (fresh=true), every new socket):
      reqAllOpenOrders  (not reqOpenOrders: after a client-id fallback the orders we placed
                         belong to the old client id and reqOpenOrders would not list them;
                         ours are recognised by orderRef)
      reqCompletedOrders(apiOnly=1)  orders that ended while we were away, with orderRef
      reqExecutions     (empty filter: every client, today; lastNDays left UNSET)
      reqPositions, reqAccountUpdates(gw_account ())
    The answers update and publish as they arrive (fills deduplicated). When openOrderEnd,
    completedOrdersEnd, execDetailsEnd and positionEnd are all in: an order placed here that
    IB never acknowledged and does not report is published REJECTED "lost before
    acknowledgement" (NEVER resent: the orders service decides); an acknowledged order IB
    does not report keeps its state and is reported on sys.error; positions IB no longer
    lists are published as zero; then gw_reconcile_done. The state machine bounds the wait.
    fresh=false (1101, same socket): account updates and positions are requested again; but
    if a reconciliation is still waiting (1100 then 1101 before it finished: its answers may
    be lost in the gap) the whole reconciliation starts again.
    Orders use the intent's account, else gw_account () (TWS_ACCOUNT or the first managed).

    Limitation: orderStatus for orders of another client id (an earlier fallback id) is not
    streamed to this session; their state is refreshed at each reconciliation only.
*/
#ifndef GW_ORDERS_H_INCLUDED
#define GW_ORDERS_H_INCLUDED

#include <stdint.h>
#include "gw.h"

typedef struct {
    uint64_t placed;                    //  placeOrder queued
    uint64_t refused;                   //  intents answered ok=false
    uint64_t replays;                   //  intents for a known coid (no placeOrder)
    uint64_t cancels;                   //  cancelOrder queued
    uint64_t status_published;
    uint64_t status_duplicates;         //  IB repeats, not published
    uint64_t fills;                     //  new executions published
    uint64_t fill_duplicates;           //  repeated execIds, not republished
    uint64_t commissions;               //  fills republished with their commission
    uint64_t commission_duplicates;
    uint64_t commission_orphans;        //  commissionReport for an execId we do not hold
    uint64_t lost;                      //  declared lost before acknowledgement
    uint64_t bound;                     //  orders learnt from IB by orderRef / permId
    uint64_t bad_messages;              //  TWS or bus messages that did not decode
    uint64_t reconciliations;           //  completed
} gw_orders_stats_t;

void gw_orders_stats (const gw_orders_t *self, gw_orders_stats_t *out);

#endif
