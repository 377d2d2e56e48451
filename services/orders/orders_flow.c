/*  orders_flow.c - intent -> journal NEW -> risk -> journal SUBMITTED -> gateway, cancels,
    the requests in flight and their timeouts. Nothing here waits: a request is sent, kept
    by correlation id, and its reply (or its deadline, checked every ORDERS_TICK_MS) moves
    the order on.
*/
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders_svc.h"
#include "orders_check.h"
#include "rt_log.h"

//  ---------------------------------------------------------------------------------------
//  Requests in flight

orders_req_t *
orders_req_add (orders_t *self, orders_req_kind_t kind, const char *coid, const char *corr,
                uint64_t timeout_ms)
{
    for (size_t i = 0; i < ORDERS_PENDING_MAX; i++) {
        orders_req_t *r = &self->pending [i];
        if (r->kind != ORDERS_REQ_NONE)
            continue;
        memset (r, 0, sizeof *r);
        r->kind = kind;
        snprintf (r->corr, sizeof r->corr, "%s", corr);
        snprintf (r->coid, sizeof r->coid, "%s", coid? coid: "");
        r->deadline_ms = self->now_ms + timeout_ms;
        return r;
    }
    return NULL;
}

orders_req_t *
orders_req_find (orders_t *self, const char *corr)
{
    if (!*corr)
        return NULL;
    for (size_t i = 0; i < ORDERS_PENDING_MAX; i++)
        if (self->pending [i].kind != ORDERS_REQ_NONE
        &&  strcmp (self->pending [i].corr, corr) == 0)
            return &self->pending [i];
    return NULL;
}

void
orders_req_drop (orders_req_t *req)
{
    req->kind = ORDERS_REQ_NONE;
}

//  ---------------------------------------------------------------------------------------
//  Risk

static void
s_risk_unavailable (orders_t *self, orders_entry_t *e)
{
    orders_fsm_event_t ev = { ORDERS_EV_RISK_REJECT, RT_ORD_STATUS_NONE, 0 };
    orders_event (self, e, &ev, "RISK_UNAVAILABLE", "risk service not answering: order refused",
                  "risk timeout");
}

void
orders_flow_risk_check (orders_t *self, orders_entry_t *e)
{
    if (e->risk_in_flight)
        return;
    char corr [RT_CORR_MAX] = "";
    int rc = rt_service_send (self->svc, self->risk, RT_TYPE_ORDER_INTENT, &e->o.intent, corr);
    orders_req_t *r = rc == 0? orders_req_add (self, ORDERS_REQ_RISK, e->o.intent.coid, corr,
                                               self->cfg.risk_timeout_ms): NULL;
    if (!r) {
        rt_log_warn ("order %s: cannot ask risk (%s)", e->o.intent.coid,
                     rc? rt_strerror (rc): "too many requests in flight");
        s_risk_unavailable (self, e);
        return;
    }
    e->risk_in_flight = true;
}

static void
s_risk_decision (orders_t *self, orders_entry_t *e, const rt_risk_decision_t *d)
{
    orders_fsm_event_t ev = { d->accepted? ORDERS_EV_RISK_ACCEPT: ORDERS_EV_RISK_REJECT,
                              RT_ORD_STATUS_NONE, 0 };
    const char *code = d->accepted? "": (*d->code? d->code: "RISK");
    const char *reason = d->accepted? "accepted by risk": (*d->reason? d->reason: "refused by risk");
    orders_verdict_t v = orders_event (self, e, &ev, code, reason,
                                       d->accepted? "risk accepted": "risk rejected");
    if (v == ORDERS_FSM_APPLY && d->accepted)
        orders_flow_place (self, e);
}

void
orders_on_risk_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                      void *arg)
{
    orders_t *self = (orders_t *) arg;
    orders_now (self);
    orders_req_t *r = orders_req_find (self, msg->header.corr);
    if (!r || r->kind != ORDERS_REQ_RISK) {
        rt_service_count (svc, "stale", 1);
        return;                     //  late: the order was already refused at the deadline
    }
    orders_entry_t *e = orders_find (self, r->coid);
    orders_req_drop (r);
    if (!e)
        return;
    e->risk_in_flight = false;
    if (msg->header.type == RT_TYPE_RISK_DECISION) {
        rt_risk_decision_t d;
        if (rt_service_decode (svc, msg, RT_TYPE_RISK_DECISION, &d) == 0) {
            s_risk_decision (self, e, &d);
            return;
        }
    }
    else
    if (msg->header.type == RT_TYPE_REPLY) {
        rt_reply_t rep;
        if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &rep) == 0) {
            //  Risk answered, but not with a decision: fail closed with its words.
            orders_fsm_event_t ev = { ORDERS_EV_RISK_REJECT, RT_ORD_STATUS_NONE, 0 };
            orders_event (self, e, &ev, "RISK_ERROR", *rep.reason? rep.reason: "risk refused",
                          "risk error");
            return;
        }
    }
    rt_service_error (svc);
    rt_log_warn ("order %s: unreadable answer from risk: fail closed", e->o.intent.coid);
    s_risk_unavailable (self, e);
}

//  ---------------------------------------------------------------------------------------
//  Gateway

void
orders_flow_place (orders_t *self, orders_entry_t *e)
{
    //  Also for an acknowledged order the gateway's snapshot did not list (reconciliation):
    //  its answer to a known coid tells where the order is.
    if (e->gw_in_flight || e->o.state == RT_ORD_STATUS_NEW || !orders_fsm_open (e->o.state))
        return;
    char corr [RT_CORR_MAX] = "";
    e->retry_at_ms = 0;
    e->gw_status_part = false;
    int rc = rt_service_send (self->svc, self->gw, RT_TYPE_ORDER_INTENT, &e->o.intent, corr);
    uint64_t timeout = self->cfg.gateway_timeout_ms << (e->retries < 4? e->retries: 4);
    if (timeout > ORDERS_RETRY_CAP_MS)
        timeout = ORDERS_RETRY_CAP_MS;
    orders_req_t *r = rc == 0? orders_req_add (self, ORDERS_REQ_PLACE, e->o.intent.coid, corr,
                                               timeout): NULL;
    if (!r) {
        //  Not sent: nothing can have been placed by this attempt. Try again shortly.
        rt_log_warn ("order %s: cannot send to the gateway (%s), retrying", e->o.intent.coid,
                     rc? rt_strerror (rc): "too many requests in flight");
        e->retry_at_ms = self->now_ms + ORDERS_REFUSED_RETRY_MS;
        return;
    }
    e->gw_in_flight = true;
    rt_service_count (self->svc, "sent", 1);
}

static bool
s_transient (const rt_reply_t *rep)
{
    return rep->code == RT_EAGAIN || rep->code == RT_ECLOSED
        || strncmp (rep->reason, "not connected", 13) == 0
        || strncmp (rep->reason, "reconciling", 11) == 0
        || strcmp (rep->reason, "paced") == 0;
}

//  "known order order_id=N perm_id=P status=S": the gateway already has it (a re-send).
//  Only for a gateway that does not send the order's order_status before this reply: the
//  structured status (s_place_part) is the one taken when it came.
static void
s_known_order (orders_t *self, orders_entry_t *e, const char *reason)
{
    const char *p = strstr (reason, "status=");
    if (!p)
        return;
    p += 7;
    unsigned st = 0;
    size_t len = strcspn (p, " ");
    if (rt_enum_parse (&rt_ord_status_enum, p, len, &st) || st == RT_ORD_STATUS_NONE)
        return;
    rt_order_status_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.coid, sizeof m.coid, "%s", e->o.intent.coid);
    long long oid = 0, pid = 0;
    const char *q = strstr (reason, "order_id=");
    if (q)
        oid = strtoll (q + 9, NULL, 10);
    q = strstr (reason, "perm_id=");
    if (q)
        pid = strtoll (q + 8, NULL, 10);
    m.order_id = oid;
    m.perm_id = pid;
    m.status = (rt_ord_status_t) st;
    m.filled = -1;                  //  unknown here: keep ours
    orders_apply_gw_status (self, &m, false);
}

static void
s_place_reply (orders_t *self, orders_entry_t *e, const rt_reply_t *rep)
{
    e->gw_in_flight = false;
    if (rep->ok) {
        e->retries = 0;
        e->refused_since_ms = 0;
        bool first = !e->o.acked;
        e->o.acked = true;
        const char *q = strstr (rep->reason, "order_id=");
        if (q && e->o.order_id == 0)
            e->o.order_id = strtoll (q + 9, NULL, 10);
        if (first)
            orders_save (self, e, "gateway acknowledged");
        if (strncmp (rep->reason, "known order", 11) == 0 && !e->gw_status_part)
            s_known_order (self, e, rep->reason);
        e->gw_status_part = false;
        orders_answer (self, e);
        return;
    }
    if (s_transient (rep)) {
        if (!e->refused_since_ms)
            e->refused_since_ms = self->now_ms;
        bool window_over = self->now_ms - e->refused_since_ms >= self->cfg.gateway_retry_window_ms;
        if (e->maybe_placed || !window_over) {
            //  Possibly at IB already: never rejected on a refusal that says nothing of it.
            e->retry_at_ms = self->now_ms + ORDERS_REFUSED_RETRY_MS;
            return;
        }
    }
    if (e->maybe_placed && s_transient (rep))
        return;
    orders_fsm_event_t ev = { ORDERS_EV_GW_REFUSED, RT_ORD_STATUS_NONE, 0 };
    char reason [RT_TEXT_MAX];
    snprintf (reason, sizeof reason, "gateway: %.200s", *rep->reason? rep->reason: "refused");
    orders_event (self, e, &ev, "GATEWAY", reason, "gateway refused");
}

static void
s_cancel_reply (orders_t *self, orders_entry_t *e, orders_req_t *r, const rt_reply_t *rep)
{
    if (r->has_peer)
        rt_service_reply_ok (self->svc, &r->peer, rep->ok, rep->code, e->o.intent.coid, "%s",
                             rep->ok? "cancel sent": rep->reason);
    if (rep->ok || e->o.state != RT_ORD_STATUS_PENDING_CANCEL || s_transient (rep))
        return;
    //  Refused for good ("already FILLED", "unknown order"): the order is as it was; IB's
    //  next report or the next reconciliation says where it really is.
    rt_ord_status_t back = e->before_cancel? e->before_cancel: RT_ORD_STATUS_PENDING_SUBMIT;
    char reason [RT_TEXT_MAX];
    snprintf (reason, sizeof reason, "cancel refused by the gateway: %.180s", rep->reason);
    orders_set_state (self, e, back, NULL, reason, "cancel refused");
}

//  A part before the gateway's REPLY to a place: for a coid it already knows, the order's
//  order_status (its ids, state and fill figures, as the gateway holds them). True when
//  the message was that part.
static bool
s_place_part (orders_t *self, const rt_bus_msg_t *msg)
{
    orders_req_t *r = orders_req_find (self, msg->header.corr);
    if (!r || r->kind != ORDERS_REQ_PLACE || msg->header.type != RT_TYPE_ORDER_STATUS)
        return false;
    rt_order_status_t st;
    if (rt_service_decode (self->svc, msg, RT_TYPE_ORDER_STATUS, &st)) {
        rt_service_error (self->svc);
        return true;
    }
    orders_entry_t *e = orders_find (self, r->coid);
    if (!e || strcmp (st.coid, r->coid) != 0) {
        rt_service_count (self->svc, "stale", 1);
        return true;                //  not about the order asked for: ignored
    }
    e->gw_status_part = true;
    orders_apply_gw_status (self, &st, false);
    return true;
}

void
orders_on_gw_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                    void *arg)
{
    orders_t *self = (orders_t *) arg;
    orders_now (self);
    if (msg->header.type != RT_TYPE_REPLY) {
        if (!s_place_part (self, msg))
            orders_recon_snapshot_msg (self, msg);  //  one of a snapshot's stream
        return;
    }
    rt_reply_t rep;
    if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &rep)) {
        rt_service_error (svc);
        return;
    }
    orders_req_t *r = orders_req_find (self, msg->header.corr);
    orders_req_kind_t kind = r? r->kind: ORDERS_REQ_NONE;
    if (kind == ORDERS_REQ_SNAPSHOT) {
        orders_req_drop (r);
        orders_recon_snapshot_done (self, &rep, true);
        return;
    }
    if (kind == ORDERS_REQ_MD) {
        orders_req_drop (r);
        if (!rep.ok)
            rt_log_warn ("md subscribe %s refused: %s", rep.id, rep.reason);
        return;
    }
    //  A late answer to a place we timed out still tells the truth about the order.
    orders_entry_t *e = orders_find (self, r? r->coid: rep.id);
    if (!e) {
        if (r)
            orders_req_drop (r);
        rt_service_count (svc, "stale", 1);
        return;
    }
    if (kind == ORDERS_REQ_CANCEL)
        s_cancel_reply (self, e, r, &rep);
    else
    if (kind == ORDERS_REQ_PLACE || (rep.ok && e->o.state == RT_ORD_STATUS_PENDING_SUBMIT))
        s_place_reply (self, e, &rep);
    if (r)
        orders_req_drop (r);
}

//  ---------------------------------------------------------------------------------------
//  Intents and cancels from clients

void
orders_flow_intent (orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_order_intent_t in;
    char why [RT_TEXT_MAX];
    if (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, msg->body, msg->body_len, why,
                             sizeof why)
    ||  !orders_check_intent (&in, why, sizeof why)) {
        rt_service_error (self->svc);
        rt_service_count (self->svc, "bad", 1);
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, in.coid, "%s", why);
        return;
    }
    orders_entry_t *e = orders_find (self, in.coid);
    if (e) {
        //  Idempotent by coid: the existing order's state, never a second order.
        rt_service_count (self->svc, "duplicates", 1);
        bool rejected = e->o.state == RT_ORD_STATUS_REJECTED;
        if (rejected)
            rt_service_reply_ok (self->svc, peer, false, RT_EAUTH, in.coid,
                                 "duplicate: REJECTED: %s: %.180s", e->o.code, e->o.reason);
        else
            rt_service_reply_ok (self->svc, peer, true, 0, in.coid, "duplicate: %s",
                                 orders_fsm_state_name (e->o.state));
        return;
    }
    if (!self->ready) {
        rt_service_reply_ok (self->svc, peer, false, RT_EAGAIN, in.coid,
                             "starting: reconciling with the gateway");
        return;
    }
    e = calloc (1, sizeof *e);
    if (!e) {
        rt_service_reply_ok (self->svc, peer, false, RT_ENOMEM, in.coid, "out of memory");
        return;
    }
    e->o.intent = in;
    e->o.state = RT_ORD_STATUS_NEW;
    e->o.created_ns = e->o.updated_ns = rt_now_ns ();
    snprintf (e->o.reason, sizeof e->o.reason, "received");
    int rc = orders_journal_insert (self->journal, &e->o, "intent");
    if (rc) {
        free (e);
        rt_service_error (self->svc);
        rt_service_reply_ok (self->svc, peer, false, rc, in.coid,
                             "journal: cannot record the order (%s): refused", rt_strerror (rc));
        return;
    }
    if (zhashx_insert (self->orders, in.coid, e) || !zlistx_add_end (self->order_list, e)) {
        //  Journalled but not in memory: the restart's replay will pick it up.
        rt_log_error ("order %s: out of memory after journalling", in.coid);
        rt_service_reply_ok (self->svc, peer, false, RT_ENOMEM, in.coid, "out of memory");
        return;
    }
    rt_service_count (self->svc, "intents", 1);
    e->peer = *peer;
    e->waiting = true;
    orders_publish_status (self, e);
    orders_flow_risk_check (self, e);
}

void
orders_flow_cancel (orders_t *self, orders_entry_t *e, const rt_cmd_peer_t *peer,
                    const char *why)
{
    rt_ord_status_t before = e->o.state;
    orders_fsm_event_t ev = { ORDERS_EV_CANCEL_REQ, RT_ORD_STATUS_NONE, 0 };
    orders_verdict_t v = orders_event (self, e, &ev, NULL, why, "cancel requested");
    if (v == ORDERS_FSM_ILLEGAL) {
        if (peer)
            rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, e->o.intent.coid,
                                 "already %s", orders_fsm_state_name (e->o.state));
        return;
    }
    if (e->o.state == RT_ORD_STATUS_CANCELLED) {
        //  It was NEW: nothing left this process, nothing to tell the gateway.
        if (peer)
            rt_service_reply_ok (self->svc, peer, true, 0, e->o.intent.coid,
                                 "cancelled before it was sent");
        return;
    }
    if (v == ORDERS_FSM_APPLY)
        e->before_cancel = before;
    rt_order_cancel_t c;
    memset (&c, 0, sizeof c);
    snprintf (c.coid, sizeof c.coid, "%s", e->o.intent.coid);
    snprintf (c.reason, sizeof c.reason, "%s", why);
    char corr [RT_CORR_MAX] = "";
    int rc = rt_service_send (self->svc, self->gw, RT_TYPE_ORDER_CANCEL, &c, corr);
    orders_req_t *r = rc == 0? orders_req_add (self, ORDERS_REQ_CANCEL, c.coid, corr,
                                               self->cfg.gateway_timeout_ms): NULL;
    if (!r) {
        if (peer)
            rt_service_reply_ok (self->svc, peer, false, RT_EAGAIN, c.coid,
                                 "cannot reach the gateway: cancel pending, retry it");
        return;
    }
    if (peer) {
        r->peer = *peer;
        r->has_peer = true;
    }
}

//  ---------------------------------------------------------------------------------------
//  Deadlines

static void
s_expired (orders_t *self, orders_req_t *r)
{
    orders_req_kind_t kind = r->kind;
    orders_entry_t *e = orders_find (self, r->coid);
    rt_service_count (self->svc, "timeouts", 1);
    if (kind == ORDERS_REQ_SNAPSHOT) {
        orders_req_drop (r);
        orders_recon_snapshot_done (self, NULL, false);
        return;
    }
    if (kind == ORDERS_REQ_CANCEL && r->has_peer)
        rt_service_reply_ok (self->svc, &r->peer, false, RT_ETIMEOUT, r->coid,
                             "the gateway did not answer the cancel in time; cancel it again");
    orders_req_drop (r);
    if (!e)
        return;
    if (kind == ORDERS_REQ_RISK) {
        e->risk_in_flight = false;
        rt_log_warn ("order %s: risk did not answer within %" PRIu64 " ms", e->o.intent.coid,
                     self->cfg.risk_timeout_ms);
        s_risk_unavailable (self, e);
    }
    else
    if (kind == ORDERS_REQ_PLACE) {
        //  It may have been placed: from now on it is only ever re-sent (same coid; the
        //  gateway answers a known coid with the known order), never rejected for silence.
        e->gw_in_flight = false;
        e->maybe_placed = true;
        e->retries++;
        rt_log_warn ("order %s: the gateway did not acknowledge in time, re-sending (%u)",
                     e->o.intent.coid, e->retries);
        orders_answer (self, e);
        orders_flow_place (self, e);
    }
}

int
orders_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    orders_t *self = (orders_t *) arg;
    uint64_t now = orders_now (self);
    for (size_t i = 0; i < ORDERS_PENDING_MAX; i++) {
        orders_req_t *r = &self->pending [i];
        if (r->kind != ORDERS_REQ_NONE && now >= r->deadline_ms)
            s_expired (self, r);
    }
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        if (e->retry_at_ms && now >= e->retry_at_ms) {
            e->retry_at_ms = 0;
            orders_flow_place (self, e);
        }
    orders_recon_tick (self);
    return 0;
}
