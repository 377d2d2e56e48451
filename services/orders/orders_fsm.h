/*  orders_fsm.h - the order lifecycle: which state an event moves an order to (pure).

    States are the catalogue's rt_ord_status_t, so what is journalled, published and
    reported by the gateway is one vocabulary. The lifecycle the issue names maps onto it:

        issue name         catalogue value        meaning here
        NEW                NEW                    journalled, waiting for risk
        REJECTED           REJECTED               refused by risk, by the gateway, or by IB
        SUBMITTED          PENDING_SUBMIT         risk accepted, journalled, sent to the
                                                  gateway, not yet acknowledged by IB
        ACCEPTED           PRE_SUBMITTED or       IB acknowledged it (PreSubmitted: held
                           SUBMITTED              until its trigger / the session opens)
        PARTIALLY_FILLED   PARTIALLY_FILLED       filled > 0, still working
        FILLED             FILLED                 done
        CANCEL_PENDING     PENDING_CANCEL         cancel sent
        CANCELLED          CANCELLED              IB cancelled it (also how IB reports an
                                                  expired DAY order: IB has no Expired status)
        INACTIVE           INACTIVE               IB holds it inactive (not working); IB may
                                                  still move it on, so it is not final

    Final states: FILLED, CANCELLED, REJECTED. A REJECTED order the gateway declared "lost
    before acknowledgement" is *revivable*: if IB reports it after all, IB's word wins.

    Verdicts: APPLY (move to *to), DUPLICATE (same state and fill: nothing changes, IB and
    the gateway repeat themselves), STALE (a report older than what we know, e.g. SUBMITTED
    after PARTIALLY_FILLED with less filled: ignored), ILLEGAL (refused and counted: e.g. a
    gateway status for an order never sent, anything after FILLED).
*/
#ifndef ORDERS_FSM_H_INCLUDED
#define ORDERS_FSM_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_catalogue.h"

typedef enum {
    ORDERS_EV_RISK_ACCEPT = 1,  //  risk said yes: NEW -> PENDING_SUBMIT
    ORDERS_EV_RISK_REJECT,      //  risk said no, or did not answer: NEW -> REJECTED
    ORDERS_EV_GW_REFUSED,       //  the gateway refused it for good: -> REJECTED
    ORDERS_EV_CANCEL_REQ,       //  a client asked to cancel
    ORDERS_EV_GW_STATUS,        //  the gateway reported a status (ord.status, snapshot)
    ORDERS_EV_COUNT
} orders_ev_t;

typedef enum {
    ORDERS_FSM_APPLY = 0,
    ORDERS_FSM_DUPLICATE,
    ORDERS_FSM_STALE,
    ORDERS_FSM_ILLEGAL,
} orders_verdict_t;

typedef struct {
    uint64_t applied;
    uint64_t duplicates;
    uint64_t stale;
    uint64_t illegal;
} orders_fsm_stats_t;

//  The order as the machine sees it.
typedef struct {
    rt_ord_status_t state;
    double filled;              //  cumulative quantity filled
    bool revivable;             //  REJECTED as "lost before acknowledgement"
} orders_fsm_order_t;

//  What happened: for GW_STATUS the reported status and cumulative filled quantity.
typedef struct {
    orders_ev_t kind;
    rt_ord_status_t status;
    double filled;
} orders_fsm_event_t;

//  Decides the next state of `order` on `ev`; *to is the state after (unchanged unless
//  APPLY). CANCEL_REQ from NEW goes straight to CANCELLED (nothing was sent anywhere);
//  from a working state to PENDING_CANCEL. stats may be NULL.
orders_verdict_t orders_fsm_step (const orders_fsm_order_t *order, const orders_fsm_event_t *ev,
                                  rt_ord_status_t *to, orders_fsm_stats_t *stats);

//  FILLED, CANCELLED, REJECTED.
bool orders_fsm_final (rt_ord_status_t state);

//  Working at IB or on its way there: an order a cancel_all must cancel, a snapshot lists
//  as open, and risk counts (PENDING_SUBMIT .. PENDING_CANCEL, INACTIVE; also NEW).
bool orders_fsm_open (rt_ord_status_t state);

//  "NEW", "PENDING_SUBMIT"... ("?" if out of range).
const char *orders_fsm_state_name (rt_ord_status_t state);

//  "RISK_ACCEPT"...
const char *orders_fsm_event_name (orders_ev_t ev);

#endif
