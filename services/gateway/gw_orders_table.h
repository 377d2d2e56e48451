/*  gw_orders_table.h - the gateway's orders, found in O(1) by coid, IB order id or permId.

    One fixed pool of `capacity` entries, allocated once, and three chained hash indexes
    over it. The coid (sent to IB as orderRef) is the client's key and the idempotency key;
    the IB order id is what placeOrder, cancelOrder, orderStatus and errors name; the permId
    is IB's key for life (the only one valid across client ids and sessions).

    Order ids are per client id at IB, so two entries may share one (an order another
    client placed, seen through reqAllOpenOrders): the id index keeps the newest entry for
    an id, which is the one errors and statuses of this session refer to. Lookups therefore
    prefer permId, then coid, then the order id.

    Bounded: when the pool is full the entry that became terminal (FILLED, CANCELLED,
    REJECTED) first is evicted; with no terminal entry, add fails (RT_EAGAIN) and the caller
    refuses the order.
*/
#ifndef GW_ORDERS_TABLE_H_INCLUDED
#define GW_ORDERS_TABLE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define GW_OTABLE_CAPACITY_DEFAULT 8192

typedef struct {
    //  Identity
    char coid [RT_COID_MAX];            //  "" for orders placed elsewhere (no orderRef)
    int64_t order_id;                   //  0: none yet
    int64_t perm_id;                    //  0: not yet known
    //  What was asked
    char symbol [RT_SYMBOL_MAX];
    char sec_type [RT_SECTYPE_MAX];
    char exchange [RT_EXCH_MAX];
    char currency [RT_CCY_MAX];
    char account [RT_ACCOUNT_MAX];
    rt_side_t side;
    rt_ord_type_t order_type;
    rt_tif_t tif;
    double qty;
    double limit_price;
    double stop_price;
    //  What IB said (the last published state)
    rt_ord_status_t status;             //  NONE until the first publication
    double filled;
    double remaining;
    double avg_fill_price;
    double last_fill_price;
    char reason [RT_TEXT_MAX];
    int64_t published_order_id;         //  ids as last published (a new one is a change)
    int64_t published_perm_id;
    //  Bookkeeping
    bool placed_here;                   //  this process sent its placeOrder
    bool acked;                         //  IB has reported it (status, openOrder, execution)
    bool lost;                          //  declared lost by a reconciliation (IB may still win)
    bool seen;                          //  reported by IB during the current reconciliation
    uint64_t placed_ms;
} gw_order_t;

typedef struct _gw_otable_t gw_otable_t;

//  A table of capacity entries (0: GW_OTABLE_CAPACITY_DEFAULT). NULL when out of memory.
gw_otable_t *gw_otable_new (uint32_t capacity);
void gw_otable_destroy (gw_otable_t **self_p);

gw_order_t *gw_otable_by_coid (gw_otable_t *self, const char *coid);
gw_order_t *gw_otable_by_order_id (gw_otable_t *self, int64_t order_id);
gw_order_t *gw_otable_by_perm_id (gw_otable_t *self, int64_t perm_id);

//  A new zeroed entry for coid ("" allowed: indexed by ids only). Evicts the oldest terminal
//  entry when full. RT_EAGAIN when full of live orders, RT_EINVAL when coid is already there.
int gw_otable_add (gw_otable_t *self, const char *coid, gw_order_t **order);

//  Gives an entry its IB ids (re-indexing it). 0 leaves the id as it is.
void gw_otable_set_ids (gw_otable_t *self, gw_order_t *order, int64_t order_id, int64_t perm_id);

//  Removes an entry (a placement that failed before reaching the socket).
void gw_otable_remove (gw_otable_t *self, gw_order_t *order);

//  Call after changing order->status: a terminal entry joins the eviction queue.
void gw_otable_status_changed (gw_otable_t *self, gw_order_t *order);

//  Iteration over live entries: index 0..capacity-1, NULL for a free slot.
uint32_t gw_otable_capacity (const gw_otable_t *self);
gw_order_t *gw_otable_at (gw_otable_t *self, uint32_t index);
uint32_t gw_otable_size (const gw_otable_t *self);

//  FILLED, CANCELLED and REJECTED: IB will not change them any more.
bool gw_order_status_terminal (rt_ord_status_t status);

#endif
