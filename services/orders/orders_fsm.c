/*  orders_fsm.c - the order lifecycle table. The decisions are in orders_fsm.h. */
#include <assert.h>
#include "orders_fsm.h"

bool
orders_fsm_final (rt_ord_status_t state)
{
    return state == RT_ORD_STATUS_FILLED || state == RT_ORD_STATUS_CANCELLED
        || state == RT_ORD_STATUS_REJECTED;
}

bool
orders_fsm_open (rt_ord_status_t state)
{
    return state > RT_ORD_STATUS_NONE && state < RT_ORD_STATUS_COUNT
        && !orders_fsm_final (state);
}

const char *
orders_fsm_state_name (rt_ord_status_t state)
{
    const char *s = rt_ord_status_str (state);
    return *s? s: "?";
}

const char *
orders_fsm_event_name (orders_ev_t ev)
{
    switch (ev) {
        case ORDERS_EV_RISK_ACCEPT: return "RISK_ACCEPT";
        case ORDERS_EV_RISK_REJECT: return "RISK_REJECT";
        case ORDERS_EV_GW_REFUSED:  return "GW_REFUSED";
        case ORDERS_EV_CANCEL_REQ:  return "CANCEL_REQ";
        case ORDERS_EV_GW_STATUS:   return "GW_STATUS";
        default:                    return "?";
    }
}

//  A gateway report about an order we sent. Working states are ordered
//  PENDING_SUBMIT < PRE_SUBMITTED = SUBMITTED < PARTIALLY_FILLED; going back down that
//  order is a late repeat, not news.
static orders_verdict_t
s_gw_status (const orders_fsm_order_t *o, rt_ord_status_t s, double f)
{
    rt_ord_status_t cur = o->state;
    if (s <= RT_ORD_STATUS_NONE || s >= RT_ORD_STATUS_COUNT || s == RT_ORD_STATUS_NEW)
        return ORDERS_FSM_ILLEGAL;
    if (cur == RT_ORD_STATUS_NEW)
        return ORDERS_FSM_ILLEGAL;          //  never sent: nobody can report on it
    if (s == cur)
        return f > o->filled? ORDERS_FSM_APPLY: ORDERS_FSM_DUPLICATE;
    if (orders_fsm_final (cur)) {
        if (cur == RT_ORD_STATUS_REJECTED && o->revivable)
            return ORDERS_FSM_APPLY;        //  IB knew the "lost" order after all
        return ORDERS_FSM_ILLEGAL;
    }
    bool back_to_submit = s == RT_ORD_STATUS_PENDING_SUBMIT;
    bool back_to_ack = s == RT_ORD_STATUS_PRE_SUBMITTED || s == RT_ORD_STATUS_SUBMITTED;
    switch (cur) {
        case RT_ORD_STATUS_PENDING_SUBMIT:
            return ORDERS_FSM_APPLY;
        case RT_ORD_STATUS_PRE_SUBMITTED:
        case RT_ORD_STATUS_SUBMITTED:
        case RT_ORD_STATUS_PENDING_CANCEL:  //  PRE_SUBMITTED/SUBMITTED here: cancel refused
        case RT_ORD_STATUS_INACTIVE:
            return back_to_submit? ORDERS_FSM_STALE: ORDERS_FSM_APPLY;
        case RT_ORD_STATUS_PARTIALLY_FILLED:
            if (back_to_submit || back_to_ack)
                return ORDERS_FSM_STALE;
            if (s == RT_ORD_STATUS_REJECTED)
                return ORDERS_FSM_ILLEGAL;  //  IB does not reject an order it has filled
            return ORDERS_FSM_APPLY;
        default:
            return ORDERS_FSM_ILLEGAL;
    }
}

//  An event that moves an order one way only, from `from` to `to`: seen again once the
//  order is there, it is a repeat; in any other state it is illegal.
static orders_verdict_t
s_one_step (rt_ord_status_t cur, rt_ord_status_t from, rt_ord_status_t to,
            rt_ord_status_t *next)
{
    if (cur == from) {
        *next = to;
        return ORDERS_FSM_APPLY;
    }
    return cur == to? ORDERS_FSM_DUPLICATE: ORDERS_FSM_ILLEGAL;
}

orders_verdict_t
orders_fsm_step (const orders_fsm_order_t *order, const orders_fsm_event_t *ev,
                 rt_ord_status_t *to, orders_fsm_stats_t *stats)
{
    assert (order && ev && to);
    rt_ord_status_t cur = order->state;
    rt_ord_status_t next = cur;
    orders_verdict_t v = ORDERS_FSM_ILLEGAL;
    switch (ev->kind) {
        case ORDERS_EV_RISK_ACCEPT:
            v = s_one_step (cur, RT_ORD_STATUS_NEW, RT_ORD_STATUS_PENDING_SUBMIT, &next);
            break;
        case ORDERS_EV_RISK_REJECT:
            v = s_one_step (cur, RT_ORD_STATUS_NEW, RT_ORD_STATUS_REJECTED, &next);
            break;
        case ORDERS_EV_GW_REFUSED:
            v = s_one_step (cur, RT_ORD_STATUS_PENDING_SUBMIT, RT_ORD_STATUS_REJECTED, &next);
            break;
        case ORDERS_EV_CANCEL_REQ:
            if (cur == RT_ORD_STATUS_NEW) {
                v = ORDERS_FSM_APPLY;
                next = RT_ORD_STATUS_CANCELLED;
            }
            else
            if (cur == RT_ORD_STATUS_PENDING_CANCEL)
                v = ORDERS_FSM_DUPLICATE;
            else
            if (orders_fsm_open (cur)) {
                v = ORDERS_FSM_APPLY;
                next = RT_ORD_STATUS_PENDING_CANCEL;
            }
            break;
        case ORDERS_EV_GW_STATUS:
            v = s_gw_status (order, ev->status, ev->filled);
            if (v == ORDERS_FSM_APPLY)
                next = ev->status;
            break;
        default:
            break;
    }
    *to = v == ORDERS_FSM_APPLY? next: cur;
    if (stats) {
        if (v == ORDERS_FSM_APPLY)          stats->applied++;
        else if (v == ORDERS_FSM_DUPLICATE) stats->duplicates++;
        else if (v == ORDERS_FSM_STALE)     stats->stale++;
        else                                stats->illegal++;
    }
    return v;
}
