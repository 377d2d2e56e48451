/*  orders_svc.c - rt-orders' state: the order table, journal-then-act transitions,
    publication, and the client commands. See README.md for the decisions.
*/
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders_svc.h"
#include "orders_check.h"
#include "rt_clock.h"
#include "rt_log.h"

//  Terminal orders older than this are left out of an "orders" / "all" snapshot.
#define S_SNAPSHOT_TERMINAL_NS (24ULL * 3600 * 1000000000ULL)

static void
s_entry_free (void **item)
{
    free (*item);
    *item = NULL;
}

uint64_t
orders_now (orders_t *self)
{
    self->now_ms = rt_clock_mono_ms ();
    return self->now_ms;
}

static int
s_replay_order (const orders_order_t *order, void *arg)
{
    orders_t *self = (orders_t *) arg;
    orders_entry_t *e = calloc (1, sizeof *e);
    if (!e)
        return RT_ENOMEM;
    e->o = *order;
    //  An order that may have reached the gateway is never rejected for a transient refusal.
    e->maybe_placed = order->state != RT_ORD_STATUS_NEW;
    if (zhashx_insert (self->orders, order->intent.coid, e)) {
        free (e);
        return RT_EINVAL;
    }
    if (!zlistx_add_end (self->order_list, e))
        return RT_ENOMEM;
    return 0;
}

static int
s_replay_fill (const rt_fill_t *fill, void *arg)
{
    orders_t *self = (orders_t *) arg;
    const orders_pos_t *pos = NULL;
    int rc = orders_book_fill (self->book, fill, &pos);
    if (rc < 0)
        rt_log_warn ("journal replay: fill %s refused by the book: %s", fill->exec_id,
                     rt_strerror (rc));
    return 0;
}

orders_t *
orders_new (rt_service_t *svc, const orders_cfg_t *cfg)
{
    assert (svc && cfg);
    orders_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->svc = svc;
    self->cfg = *cfg;
    self->gw_state = RT_CONN_NONE;
    self->orders = zhashx_new ();
    self->order_list = zlistx_new ();
    self->md_symbols = zhashx_new ();
    self->dirty = zhashx_new ();
    self->book = orders_book_new ();
    if (!self->orders || !self->order_list || !self->md_symbols || !self->dirty || !self->book)
        goto fail;
    zhashx_set_destructor (self->orders, s_entry_free);
    char path [1100], err [512] = "";
    snprintf (path, sizeof path, "%s/orders.db", cfg->data_dir);
    self->journal = orders_journal_open (path, (orders_sync_t) cfg->sync, err, sizeof err);
    if (!self->journal) {
        rt_log_error ("journal: %s", err);
        goto fail;
    }
    int rc = orders_journal_replay (self->journal, s_replay_order, s_replay_fill, self);
    if (rc) {
        rt_log_error ("journal replay failed: %s", rt_strerror (rc));
        goto fail;
    }
    size_t open = 0;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        open += orders_fsm_open (e->o.state);
    rt_log_info ("journal %s: %zu orders (%zu open), %zu fills, %zu positions", path,
                 zhashx_size (self->orders), open, orders_book_execs (self->book),
                 orders_book_size (self->book));
    return self;
fail:
    orders_destroy (&self);
    return NULL;
}

void
orders_destroy (orders_t **self_p)
{
    assert (self_p);
    orders_t *self = *self_p;
    if (!self)
        return;
    orders_journal_destroy (&self->journal);
    zlistx_destroy (&self->order_list);
    zhashx_destroy (&self->orders);
    zhashx_destroy (&self->md_symbols);
    zhashx_destroy (&self->dirty);
    orders_book_destroy (&self->book);
    free (self);
    *self_p = NULL;
}

orders_entry_t *
orders_find (orders_t *self, const char *coid)
{
    return *coid? (orders_entry_t *) zhashx_lookup (self->orders, coid): NULL;
}

orders_entry_t *
orders_find_perm (orders_t *self, int64_t perm_id)
{
    if (perm_id == 0)
        return NULL;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        if (e->o.perm_id == perm_id)
            return e;
    return NULL;
}

int
orders_save (orders_t *self, orders_entry_t *e, const char *event)
{
    e->o.updated_ns = rt_now_ns ();
    int rc = orders_journal_update (self->journal, &e->o, e->o.state, event);
    if (rc) {
        rt_service_error (self->svc);
        rt_log_error ("journal: cannot record %s of %s: %s", event, e->o.intent.coid,
                      rt_strerror (rc));
    }
    return rc;
}

int
orders_set_state (orders_t *self, orders_entry_t *e, rt_ord_status_t to, const char *code,
                  const char *reason, const char *event)
{
    orders_order_t before = e->o;
    e->o.state = to;
    if (code)
        snprintf (e->o.code, sizeof e->o.code, "%s", code);
    if (reason)
        snprintf (e->o.reason, sizeof e->o.reason, "%s", reason);
    e->o.updated_ns = rt_now_ns ();
    int rc = orders_journal_update (self->journal, &e->o, before.state, event);
    if (rc) {
        //  Not journalled: not acted on. The order keeps its last recorded state.
        e->o = before;
        rt_service_error (self->svc);
        rt_log_error ("journal: cannot record %s -> %s of %s: %s", rt_ord_status_str (before.state),
                      rt_ord_status_str (to), e->o.intent.coid, rt_strerror (rc));
        return rc;
    }
    if (to != before.state)
        rt_log_info ("order %s: %s -> %s%s%s", e->o.intent.coid,
                     orders_fsm_state_name (before.state), orders_fsm_state_name (to),
                     *e->o.reason? ": ": "", e->o.reason);
    if (to == RT_ORD_STATUS_REJECTED && before.state != to)
        rt_service_count (self->svc, "rejected", 1);
    orders_publish_status (self, e);
    orders_answer (self, e);
    return 0;
}

orders_verdict_t
orders_event (orders_t *self, orders_entry_t *e, const orders_fsm_event_t *ev,
              const char *code, const char *reason, const char *event)
{
    orders_fsm_order_t fo = { e->o.state, e->o.filled, e->o.revivable };
    rt_ord_status_t to;
    orders_verdict_t v = orders_fsm_step (&fo, ev, &to, &self->fsm);
    if (v == ORDERS_FSM_ILLEGAL) {
        rt_service_count (self->svc, "illegal", 1);
        rt_log_warn ("order %s: %s%s%s refused in %s", e->o.intent.coid,
                     orders_fsm_event_name (ev->kind), ev->kind == ORDERS_EV_GW_STATUS? " ": "",
                     ev->kind == ORDERS_EV_GW_STATUS? orders_fsm_state_name (ev->status): "",
                     orders_fsm_state_name (e->o.state));
    }
    if (v != ORDERS_FSM_APPLY)
        return v;
    if (ev->kind == ORDERS_EV_GW_STATUS && ev->filled > e->o.filled)
        e->o.filled = ev->filled;
    if (e->o.state == RT_ORD_STATUS_REJECTED && to != RT_ORD_STATUS_REJECTED)
        e->o.revivable = false;
    if (orders_set_state (self, e, to, code, reason, event))
        return ORDERS_FSM_ILLEGAL;
    return v;
}

static void
s_copy (char *dst, size_t cap, const char *src)
{
    snprintf (dst, cap, "%s", src);
}

static void
s_status_msg (const orders_entry_t *e, rt_order_status_t *m)
{
    const orders_order_t *o = &e->o;
    memset (m, 0, sizeof *m);
    s_copy (m->coid, sizeof m->coid, o->intent.coid);
    m->order_id = o->order_id;
    m->perm_id = o->perm_id;
    m->status = o->state;
    m->filled = o->filled;
    m->remaining = orders_fsm_final (o->state)? 0: fmax (0, o->intent.qty - o->filled);
    m->avg_fill_price = o->avg_price;
    s_copy (m->symbol, sizeof m->symbol, o->intent.symbol);
    m->side = o->intent.side;
    m->qty = o->intent.qty;
    s_copy (m->account, sizeof m->account, o->intent.account);
    if (*o->code)
        snprintf (m->reason, sizeof m->reason, "%s: %.200s", o->code, o->reason);
    else
        s_copy (m->reason, sizeof m->reason, o->reason);
}

void
orders_publish_status (orders_t *self, const orders_entry_t *e)
{
    rt_order_status_t m;
    s_status_msg (e, &m);
    rt_service_publish (self->svc, RT_TYPE_ORDER_STATUS, &m, e->o.intent.coid);
}

void
orders_publish_holding (orders_t *self, const orders_pos_t *pos)
{
    rt_holding_t h;
    orders_book_holding (pos, &h);
    rt_service_publish (self->svc, RT_TYPE_HOLDING, &h, NULL);
}

void
orders_answer (orders_t *self, orders_entry_t *e)
{
    if (!e->waiting)
        return;
    const orders_order_t *o = &e->o;
    if (o->state == RT_ORD_STATUS_NEW)
        return;                     //  still with risk
    if (o->state == RT_ORD_STATUS_PENDING_SUBMIT && !o->acked && !e->maybe_placed)
        return;                     //  still with the gateway
    e->waiting = false;
    if (o->state == RT_ORD_STATUS_REJECTED)
        rt_service_reply_ok (self->svc, &e->peer, false,
                             strcmp (o->code, "RISK_UNAVAILABLE") == 0? RT_ETIMEOUT: RT_EAUTH,
                             o->intent.coid, "%s: %s", o->code, o->reason);
    else
    if (o->state == RT_ORD_STATUS_CANCELLED && o->order_id == 0 && !o->acked)
        rt_service_reply_ok (self->svc, &e->peer, false, RT_ECLOSED, o->intent.coid,
                             "cancelled before it was sent");
    else
    if (!o->acked && o->state == RT_ORD_STATUS_PENDING_SUBMIT)
        rt_service_reply_ok (self->svc, &e->peer, true, 0, o->intent.coid,
                             "submitted: the gateway has not acknowledged it yet; "
                             "it is journalled and will be reconciled");
    else
        rt_service_reply_ok (self->svc, &e->peer, true, 0, o->intent.coid, "submitted");
}

//  ---------------------------------------------------------------------------------------
//  Client commands

static void
s_cancel_cmd (orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_order_cancel_t c;
    char why [RT_TEXT_MAX];
    if (orders_check_decode (RT_TYPE_ORDER_CANCEL, &c, msg->body, msg->body_len, why,
                             sizeof why)) {
        rt_service_error (self->svc);
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, NULL, "%s", why);
        return;
    }
    orders_entry_t *e = orders_find (self, c.coid);
    if (!e) {
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, c.coid, "unknown order");
        return;
    }
    orders_flow_cancel (self, e, peer, *c.reason? c.reason: "cancelled by request");
}

static void
s_cancel_all (orders_t *self, const rt_cmd_peer_t *peer, const char *why)
{
    size_t n = 0;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        if (orders_fsm_open (e->o.state) && e->o.state != RT_ORD_STATUS_PENDING_CANCEL) {
            orders_flow_cancel (self, e, NULL, why);
            n++;
        }
    rt_log_warn ("cancel_all (%s): %zu orders", why, n);
    rt_service_count (self->svc, "cancel_all", 1);
    rt_service_reply_ok (self->svc, peer, true, 0, "cancel_all", "cancelling %zu orders", n);
}

static void
s_snapshot (orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_snapshot_request_t req;
    char why [RT_TEXT_MAX];
    if (orders_check_decode (RT_TYPE_SNAPSHOT_REQUEST, &req, msg->body, msg->body_len, why,
                             sizeof why)) {
        rt_service_error (self->svc);
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, NULL, "%s", why);
        return;
    }
    bool all = strcmp (req.what, "all") == 0;
    bool orders = all || strcmp (req.what, "orders") == 0;
    bool positions = all || strcmp (req.what, "positions") == 0;
    if (!orders && !positions) {
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, req.what,
                             "bad field what: orders, positions or all");
        return;
    }
    uint64_t now = rt_now_ns ();
    size_t n_orders = 0, n_pos = 0;
    if (orders)
        for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
             e = (orders_entry_t *) zlistx_next (self->order_list)) {
            if (*req.account && strcmp (req.account, e->o.intent.account) != 0)
                continue;
            if (!orders_fsm_open (e->o.state) && now - e->o.updated_ns > S_SNAPSHOT_TERMINAL_NS)
                continue;
            rt_order_status_t m;
            s_status_msg (e, &m);
            if (rt_service_reply (self->svc, peer, RT_TYPE_ORDER_STATUS, &m) == 0)
                n_orders++;
        }
    if (positions)
        for (const orders_pos_t *p = orders_book_first (self->book); p;
             p = orders_book_next (self->book)) {
            if (*req.account && strcmp (req.account, p->account) != 0)
                continue;
            rt_holding_t h;
            orders_book_holding (p, &h);
            if (rt_service_reply (self->svc, peer, RT_TYPE_HOLDING, &h) == 0)
                n_pos++;
        }
    rt_service_reply_ok (self->svc, peer, true, 0, req.what,
                         "snapshot of %s: %zu orders, %zu positions", req.what, n_orders, n_pos);
}

static void
s_command (orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_command_t cmd;
    char why [RT_TEXT_MAX];
    if (orders_check_decode (RT_TYPE_COMMAND, &cmd, msg->body, msg->body_len, why, sizeof why)) {
        rt_service_error (self->svc);
        rt_service_reply_ok (self->svc, peer, false, RT_EINVAL, NULL, "%s", why);
        return;
    }
    if (strcmp (cmd.verb, "cancel_all") == 0)
        s_cancel_all (self, peer, cmd.args.count? cmd.args.item [0]: "cancel_all");
    else
        rt_service_reply_ok (self->svc, peer, false, RT_EUNKNOWN, cmd.verb,
                             "unknown verb %s: status or cancel_all", cmd.verb);
}

void
orders_on_cmd (rt_service_t *svc, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer, void *arg)
{
    orders_t *self = (orders_t *) arg;
    orders_now (self);
    switch (msg->header.type) {
        case RT_TYPE_ORDER_INTENT:
            orders_flow_intent (self, msg, peer);
            break;
        case RT_TYPE_ORDER_CANCEL:
            s_cancel_cmd (self, msg, peer);
            break;
        case RT_TYPE_COMMAND:
            s_command (self, msg, peer);
            break;
        case RT_TYPE_SNAPSHOT_REQUEST:
            s_snapshot (self, msg, peer);
            break;
        default:
            rt_service_error (svc);
            rt_service_reply_ok (svc, peer, false, RT_EUNKNOWN, NULL,
                                 "rt-orders does not take %s commands",
                                 rt_type_name ((rt_type_t) msg->header.type));
            break;
    }
}
