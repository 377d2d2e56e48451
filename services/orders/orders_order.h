/*  orders_order.h - one order as the orders service keeps it: the client's intent, its
    lifecycle state and what IB said about it. The journal stores exactly this.
*/
#ifndef ORDERS_ORDER_H_INCLUDED
#define ORDERS_ORDER_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_catalogue.h"

typedef struct {
    rt_order_intent_t intent;       //  as the client sent it (coid is the key)
    rt_ord_status_t state;
    int64_t  order_id;              //  IB order id (0 before it has one)
    int64_t  perm_id;               //  IB permId (0 before it has one)
    double   filled;                //  cumulative, as the gateway reports it
    double   avg_price;
    char     code [RT_NAME_MAX];    //  rejection code ("MAX_QTY", "RISK_UNAVAILABLE", "GATEWAY")
    char     reason [RT_TEXT_MAX];
    uint64_t created_ns;
    uint64_t updated_ns;
    bool     revivable;             //  REJECTED "lost before acknowledgement" by the gateway
    bool     acked;                 //  the gateway answered ok to an ORDER_INTENT for it
} orders_order_t;

#endif
