/*  orders_recon.c - the gateway's word: its events (ord.status, ord.fill, gw.conn), its
    snapshot and reconciliation against the journal, and the quotes that mark positions.

    Reconciliation runs at start, after a sequence gap or restart on the gateway's stream,
    and when the gateway comes back to READY. It asks the gateway for a snapshot (its open
    orders), applies every status in it, then for each order still open here that the
    snapshot did not list: NEW (the risk decision never came) -> risk again; anything that
    may be at IB -> the intent is re-sent with the same coid (the gateway places it if it
    never did, else answers with the order it knows, whose state we take). Intents are
    refused until the first reconciliation completes.
*/
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "orders_svc.h"
#include "rt_log.h"

void
orders_recon_start (orders_t *self, const char *why)
{
    if (self->reconciling) {
        self->resync_wanted = true;
        return;
    }
    self->snapshot_retry_at_ms = 0;
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "orders");
    char corr [RT_CORR_MAX] = "";
    int rc = rt_service_send (self->svc, self->gw, RT_TYPE_SNAPSHOT_REQUEST, &req, corr);
    orders_req_t *r = rc == 0? orders_req_add (self, ORDERS_REQ_SNAPSHOT, NULL, corr,
                                               self->cfg.gateway_timeout_ms): NULL;
    if (!r) {
        self->snapshot_retry_at_ms = self->now_ms + self->cfg.gateway_timeout_ms;
        rt_log_warn ("reconcile (%s): cannot ask the gateway (%s), retrying", why,
                     rc? rt_strerror (rc): "too many requests in flight");
        return;
    }
    snprintf (self->snapshot_corr, sizeof self->snapshot_corr, "%s", corr);
    self->reconciling = true;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        e->seen = false;
    rt_service_count (self->svc, "resyncs", 1);
    rt_log_info ("reconcile (%s): snapshot asked from the gateway", why);
}

void
orders_recon_snapshot_msg (orders_t *self, const rt_bus_msg_t *msg)
{
    if (msg->header.type == RT_TYPE_ORDER_STATUS) {
        rt_order_status_t st;
        if (rt_service_decode (self->svc, msg, RT_TYPE_ORDER_STATUS, &st) == 0)
            orders_apply_gw_status (self, &st, *self->snapshot_corr
                                    && strcmp (msg->header.corr, self->snapshot_corr) == 0);
        else
            rt_service_error (self->svc);
    }
    else
    if (msg->header.type == RT_TYPE_CONN_STATE) {
        rt_conn_state_t cs;
        if (rt_service_decode (self->svc, msg, RT_TYPE_CONN_STATE, &cs) == 0)
            self->gw_state = cs.state;
    }
    else
    if (msg->header.type == RT_TYPE_FILL) {
        rt_fill_t f;
        if (rt_service_decode (self->svc, msg, RT_TYPE_FILL, &f) == 0)
            orders_apply_fill (self, &f);
    }
    //  Account values and the rest of the gateway's snapshot are not ours to keep.
}

void
orders_recon_snapshot_done (orders_t *self, const rt_reply_t *reply, bool ok)
{
    self->reconciling = false;
    if (!ok || !reply || !reply->ok) {
        self->snapshot_retry_at_ms = self->now_ms + self->cfg.gateway_timeout_ms;
        rt_log_warn ("reconcile: the gateway %s; asking again in %llu ms",
                     !ok? "did not answer the snapshot": "refused the snapshot",
                     (unsigned long long) self->cfg.gateway_timeout_ms);
        return;
    }
    size_t risk = 0, resent = 0;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list)) {
        if (!orders_fsm_open (e->o.state) || e->seen)
            continue;
        if (e->o.state == RT_ORD_STATUS_NEW) {
            if (!e->risk_in_flight) {
                orders_flow_risk_check (self, e);
                risk++;
            }
            continue;
        }
        e->maybe_placed = true;
        orders_flow_place (self, e);
        resent++;
    }
    rt_log_info ("reconcile: done (gateway seq %llu): %zu orders back to risk, %zu re-sent by coid",
                 (unsigned long long) reply->seq, risk, resent);
    if (!self->ready) {
        self->ready = true;
        rt_service_set_health (self->svc, "ok");
        for (const orders_pos_t *p = orders_book_first (self->book); p;
             p = orders_book_next (self->book))
            orders_publish_holding (self, p);
        rt_log_info ("reconciled with the gateway: accepting order intents");
    }
    if (self->resync_wanted) {
        self->resync_wanted = false;
        orders_recon_start (self, "changes during the last reconciliation");
    }
}

void
orders_recon_tick (orders_t *self)
{
    if (self->snapshot_retry_at_ms && self->now_ms >= self->snapshot_retry_at_ms)
        orders_recon_start (self, "retry");
}

//  ---------------------------------------------------------------------------------------
//  The gateway's events

void
orders_apply_gw_status (orders_t *self, const rt_order_status_t *st, bool from_snapshot)
{
    orders_entry_t *e = orders_find (self, st->coid);
    if (!e)
        e = orders_find_perm (self, st->perm_id);
    if (!e) {
        rt_service_count (self->svc, "foreign", 1);
        return;                     //  placed elsewhere (TWS, another client): not ours
    }
    if (from_snapshot)
        e->seen = true;
    bool changed = false;
    if (st->order_id && st->order_id != e->o.order_id) {
        e->o.order_id = st->order_id;
        changed = true;
    }
    if (st->perm_id && st->perm_id != e->o.perm_id) {
        e->o.perm_id = st->perm_id;
        changed = true;
    }
    if (st->avg_fill_price > 0 && st->avg_fill_price != e->o.avg_price) {
        e->o.avg_price = st->avg_fill_price;
        changed = true;
    }
    if (!e->o.acked) {
        e->o.acked = true;          //  the gateway knows it: acknowledged
        changed = true;
    }
    bool lost = st->status == RT_ORD_STATUS_REJECTED
             && strstr (st->reason, "lost before acknowledgement") != NULL;
    orders_fsm_event_t ev = { ORDERS_EV_GW_STATUS, st->status,
                              st->filled >= 0? st->filled: e->o.filled };
    const char *code = st->status == RT_ORD_STATUS_REJECTED? (lost? "GATEWAY": "IB"): NULL;
    bool was_revivable = e->o.revivable;
    if (lost)
        e->o.revivable = true;
    orders_verdict_t v = orders_event (self, e, &ev, code, st->reason,
                                       from_snapshot? "gateway snapshot": "gateway status");
    if (v == ORDERS_FSM_APPLY)
        return;
    if (lost && v != ORDERS_FSM_APPLY)
        e->o.revivable = was_revivable;
    if (changed && orders_save (self, e, "gateway ids") == 0) {
        orders_publish_status (self, e);
        orders_answer (self, e);
    }
}

void
orders_apply_fill (orders_t *self, const rt_fill_t *fill)
{
    bool had_commission = false;
    bool known = orders_book_has_exec (self->book, fill->exec_id, &had_commission);
    if (known && (had_commission || !fill->has_commission)) {
        rt_service_count (self->svc, "fill_dups", 1);
        return;                     //  nothing new: not even journalled again
    }
    if (orders_journal_fill (self->journal, fill)) {
        rt_service_error (self->svc);
        rt_log_error ("journal: cannot record fill %s", fill->exec_id);
    }
    const orders_pos_t *pos = NULL;
    int rc = orders_book_fill (self->book, fill, &pos);
    if (rc < 0) {
        rt_service_error (self->svc);
        rt_log_warn ("fill %s refused: %s", fill->exec_id, rt_strerror (rc));
        return;
    }
    if (rc == ORDERS_BOOK_DUPLICATE || !pos)
        return;
    if (rc == ORDERS_BOOK_BOOKED)
        rt_service_count (self->svc, "fills", 1);
    rt_service_publish (self->svc, RT_TYPE_FILL, fill, fill->coid);
    orders_publish_holding (self, pos);
    orders_md_want (self, fill->symbol);
}

void
orders_on_gw_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                    const rt_seq_event_t *seq, void *arg)
{
    orders_t *self = (orders_t *) arg;
    orders_now (self);
    if (seq && (seq->kind == RT_SEQ_GAP || seq->kind == RT_SEQ_RESTART)) {
        rt_log_warn ("gateway stream %s (expected %llu, got %llu): resynchronising",
                     seq->kind == RT_SEQ_GAP? "gap": "restart",
                     (unsigned long long) seq->expected, (unsigned long long) seq->got);
        orders_recon_start (self, seq->kind == RT_SEQ_GAP? "gap": "gateway restarted");
    }
    switch (msg->header.type) {
        case RT_TYPE_ORDER_STATUS: {
            rt_order_status_t st;
            if (rt_service_decode (svc, msg, RT_TYPE_ORDER_STATUS, &st) == 0)
                orders_apply_gw_status (self, &st, false);
            else
                rt_service_error (svc);
            break;
        }
        case RT_TYPE_FILL: {
            rt_fill_t f;
            if (rt_service_decode (svc, msg, RT_TYPE_FILL, &f) == 0)
                orders_apply_fill (self, &f);
            else
                rt_service_error (svc);
            break;
        }
        case RT_TYPE_CONN_STATE: {
            rt_conn_state_t cs;
            if (rt_service_decode (svc, msg, RT_TYPE_CONN_STATE, &cs)) {
                rt_service_error (svc);
                break;
            }
            rt_conn_t before = self->gw_state;
            self->gw_state = cs.state;
            //  Back to READY: the gateway reconciled with IB; now we reconcile with it.
            if (cs.state == RT_CONN_READY && before != RT_CONN_READY && before != RT_CONN_NONE)
                orders_recon_start (self, "gateway ready again");
            break;
        }
        default:
            break;                  //  gw.acct, gw.pos, sys.*: not ours
    }
}

//  ---------------------------------------------------------------------------------------
//  Marks

void
orders_md_want (orders_t *self, const char *symbol)
{
    if (!self->md_sub || zhashx_lookup (self->md_symbols, symbol))
        return;
    char topic [RT_TOPIC_MAX];
    if (rt_topic_format (topic, sizeof topic, RT_TYPE_QUOTE, symbol)
    ||  rt_sub_subscribe (self->md_sub, topic)
    ||  zhashx_insert (self->md_symbols, symbol, (void *) "1")) {
        rt_service_error (self->svc);
        return;
    }
    if (!self->cfg.md_subscribe)
        return;
    //  Idempotent at the gateway; never unsubscribed here (one unsubscribe ends it for all).
    rt_md_subscribe_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "%s", symbol);
    char corr [RT_CORR_MAX] = "";
    if (rt_service_send (self->svc, self->gw, RT_TYPE_MD_SUBSCRIBE, &m, corr) == 0)
        orders_req_add (self, ORDERS_REQ_MD, NULL, corr, ORDERS_RETRY_CAP_MS);
}

void
orders_on_md (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
              const rt_seq_event_t *seq, void *arg)
{
    orders_t *self = (orders_t *) arg;
    if (msg->header.type != RT_TYPE_QUOTE)
        return;
    rt_quote_t q;
    if (rt_service_decode (svc, msg, RT_TYPE_QUOTE, &q)) {
        rt_service_error (svc);
        return;
    }
    double mark = orders_book_quote_mark (&q);
    if (orders_book_mark (self->book, q.symbol, mark) > 0)
        zhashx_update (self->dirty, q.symbol, (void *) "1");
}

//  Marked holdings go out at most once a second: quotes may come far faster than anyone
//  needs P&L.
int
orders_on_flush (zloop_t *loop, int timer_id, void *arg)
{
    orders_t *self = (orders_t *) arg;
    if (zhashx_size (self->dirty) == 0)
        return 0;
    for (const orders_pos_t *p = orders_book_first (self->book); p;
         p = orders_book_next (self->book))
        if (zhashx_lookup (self->dirty, p->symbol))
            orders_publish_holding (self, p);
    zhashx_purge (self->dirty);
    return 0;
}
