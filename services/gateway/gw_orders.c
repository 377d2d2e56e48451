/*  gw_orders.c - commands (place, cancel), session hooks, reconciliation, snapshot.
    TWS messages are in gw_orders_in.c; the decisions are written down in gw_orders.h.
*/
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_orders_int.h"
#include "rt_log.h"

void
gw_orders_copy (char *dst, size_t cap, const char *src)
{
    size_t n = strlen (src);
    if (n >= cap)
        n = cap - 1;
    memcpy (dst, src, n);
    dst [n] = 0;
}

gw_orders_t *
gw_orders_new (gw_t *gw, const char *data_dir)
{
    assert (gw);
    if (!data_dir || !*data_dir) {
        rt_log_error ("gw_orders: RT_DATA_DIR is required (order ids are persisted there)");
        return NULL;
    }
    gw_orders_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->gw = gw;
    msgpack_zone_init (&self->zone, 4096);
    char err [256] = "";
    int rc = gw_orderid_open (&self->ids, data_dir, GW_ORDERID_BLOCK_DEFAULT, err, sizeof err);
    if (rc) {
        rt_log_error ("gw_orders: %s (%s)", err, rt_strerror (rc));
        goto fail;
    }
    self->table = gw_otable_new (GW_OTABLE_CAPACITY_DEFAULT);
    self->execs = gw_execset_new (GW_EXECSET_CAPACITY_DEFAULT, GW_EXECSET_FILLS_DEFAULT);
    self->acct = gw_acct_new (gw);
    if (!self->table || !self->execs || !self->acct) {
        rt_log_error ("gw_orders: out of memory");
        goto fail;
    }
    return self;
fail:
    gw_orders_destroy (&self);
    return NULL;
}

void
gw_orders_destroy (gw_orders_t **self_p)
{
    assert (self_p);
    gw_orders_t *self = *self_p;
    if (!self)
        return;
    gw_acct_destroy (&self->acct);
    gw_execset_destroy (&self->execs);
    gw_otable_destroy (&self->table);
    gw_orderid_destroy (&self->ids);
    msgpack_zone_destroy (&self->zone);
    free (self);
    *self_p = NULL;
}

void
gw_orders_stats (const gw_orders_t *self, gw_orders_stats_t *out)
{
    assert (self && out);
    *out = self->stats;
}

//  ---------------------------------------------------------------------------------------
//  Status publication

rt_ord_status_t
gw_orders_map_status (const char *s, double filled)
{
    rt_ord_status_t st = RT_ORD_STATUS_NONE;
    if (strcmp (s, "PendingSubmit") == 0 || strcmp (s, "ApiPending") == 0)
        st = RT_ORD_STATUS_PENDING_SUBMIT;
    else if (strcmp (s, "PreSubmitted") == 0)
        st = RT_ORD_STATUS_PRE_SUBMITTED;
    else if (strcmp (s, "Submitted") == 0)
        st = RT_ORD_STATUS_SUBMITTED;
    else if (strcmp (s, "PendingCancel") == 0)
        st = RT_ORD_STATUS_PENDING_CANCEL;
    else if (strcmp (s, "Cancelled") == 0 || strcmp (s, "ApiCancelled") == 0)
        st = RT_ORD_STATUS_CANCELLED;
    else if (strcmp (s, "Filled") == 0)
        st = RT_ORD_STATUS_FILLED;
    else if (strcmp (s, "Inactive") == 0)
        st = RT_ORD_STATUS_INACTIVE;
    if ((st == RT_ORD_STATUS_SUBMITTED || st == RT_ORD_STATUS_PRE_SUBMITTED) && filled > 0)
        st = RT_ORD_STATUS_PARTIALLY_FILLED;
    return st;
}

void
gw_orders_status_msg (const gw_order_t *o, rt_order_status_t *m)
{
    memset (m, 0, sizeof *m);
    gw_orders_copy (m->coid, sizeof m->coid, o->coid);
    m->order_id = o->order_id;
    m->perm_id = o->perm_id;
    m->status = o->status;
    m->filled = o->filled;
    m->remaining = o->remaining;
    m->avg_fill_price = o->avg_fill_price;
    m->last_fill_price = o->last_fill_price;
    gw_orders_copy (m->symbol, sizeof m->symbol, o->symbol);
    m->side = o->side;
    m->qty = o->qty;
    gw_orders_copy (m->account, sizeof m->account, o->account);
    gw_orders_copy (m->reason, sizeof m->reason, o->reason);
}

void
gw_orders_update (gw_orders_t *self, gw_order_t *o, rt_ord_status_t status,
                  double filled, double remaining, double avg_fill_price,
                  double last_fill_price, const char *reason)
{
    if (status == RT_ORD_STATUS_NONE)
        status = o->status;
    if (gw_order_status_terminal (o->status) && status != o->status) {
        if (!o->lost) {
            //  Final is final: a late Submitted after Filled is a reordered repeat.
            self->stats.status_duplicates++;
            return;
        }
        o->lost = false;            //  IB knew it after all: its word wins
        reason = "reported by IB after it was declared lost";
    }
    bool changed = status != o->status
        || o->order_id != o->published_order_id || o->perm_id != o->published_perm_id;
    if (filled >= 0 && filled != TWS_UNSET_DECIMAL && filled != o->filled) {
        o->filled = filled;
        changed = true;
    }
    if (remaining >= 0 && remaining != TWS_UNSET_DECIMAL && remaining != o->remaining) {
        o->remaining = remaining;
        changed = true;
    }
    if (avg_fill_price > 0 && avg_fill_price != TWS_UNSET_DOUBLE
    &&  avg_fill_price != o->avg_fill_price) {
        o->avg_fill_price = avg_fill_price;
        changed = true;
    }
    if (last_fill_price > 0 && last_fill_price != TWS_UNSET_DOUBLE)
        o->last_fill_price = last_fill_price;
    if (!changed) {
        self->stats.status_duplicates++;
        return;
    }
    if (status != o->status)
        gw_orders_copy (o->reason, sizeof o->reason, reason? reason: "");
    else
    if (reason)
        gw_orders_copy (o->reason, sizeof o->reason, reason);
    o->status = status;
    o->published_order_id = o->order_id;
    o->published_perm_id = o->perm_id;
    gw_otable_status_changed (self->table, o);
    if (o->status == RT_ORD_STATUS_NONE)
        return;                     //  nothing to say yet (ids only)
    rt_order_status_t m;
    gw_orders_status_msg (o, &m);
    if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_ORDER_STATUS, &m, o->coid) == 0)
        self->stats.status_published++;
}

//  ---------------------------------------------------------------------------------------
//  Commands

//  Queues one TWS request. The encoder's failure (a version the codec refuses) is made the
//  writer's sticky error, so the commit refuses the half-written frame.
#define S_QUEUE(self, lane, tag, name, msg, rc) do { \
        tws_writer_t *w_ = gw_tws_begin ((self)->gw); \
        if (!w_) { (rc) = RT_ECLOSED; break; } \
        int erc_ = tws_##name##_encode (w_, gw_server_version ((self)->gw), (msg)); \
        if (erc_ && !w_->err) w_->err = erc_; \
        (rc) = gw_tws_commit ((self)->gw, (lane), (uint64_t) (tag), NULL); \
    } while (0)

static const char *
s_refusal_text (int rc)
{
    return rc == RT_EAGAIN? "paced": rc == RT_ECLOSED? "not connected": rt_strerror (rc);
}

static bool
s_price_ok (double p)
{
    return isfinite (p) && p > 0;
}

//  Names the first bad field in why; returns false when the intent is not placeable.
static bool
s_validate (const gw_orders_t *self, const rt_order_intent_t *in, char *why, size_t cap)
{
    (void) self;
    if (!*in->coid)
        snprintf (why, cap, "bad field coid: empty");
    else if (!*in->symbol)
        snprintf (why, cap, "bad field symbol: empty");
    else if (in->side != RT_SIDE_BUY && in->side != RT_SIDE_SELL)
        snprintf (why, cap, "bad field side: BUY or SELL");
    else if (!isfinite (in->qty) || in->qty <= 0)
        snprintf (why, cap, "bad field qty: must be finite and > 0");
    else if (in->order_type <= RT_ORD_TYPE_NONE || in->order_type >= RT_ORD_TYPE_COUNT)
        snprintf (why, cap, "bad field order_type: MKT, LMT, STP or STP LMT");
    else if ((in->order_type == RT_ORD_TYPE_LMT || in->order_type == RT_ORD_TYPE_STP_LMT)
         &&  !s_price_ok (in->limit_price))
        snprintf (why, cap, "bad field limit_price: %s needs a finite limit price > 0",
                  rt_ord_type_str (in->order_type));
    else if ((in->order_type == RT_ORD_TYPE_STP || in->order_type == RT_ORD_TYPE_STP_LMT)
         &&  !s_price_ok (in->stop_price))
        snprintf (why, cap, "bad field stop_price: %s needs a finite stop price > 0",
                  rt_ord_type_str (in->order_type));
    else if (in->tif >= RT_TIF_COUNT)
        snprintf (why, cap, "bad field tif: DAY, GTC or IOC");
    else
        return true;
    return false;
}

//  The order's state travels as its order_status, sent to the caller right before the
//  REPLY (like a snapshot's parts, same cid): the caller reads it instead of parsing the
//  reason, which stays for people and for callers that skip the part.
static void
s_reply_known (gw_orders_t *self, const rt_cmd_peer_t *peer, const gw_order_t *o)
{
    self->stats.replays++;
    if (o->status != RT_ORD_STATUS_NONE) {
        rt_order_status_t m;
        gw_orders_status_msg (o, &m);
        gw_send_to_peer (self->gw, peer, RT_TYPE_ORDER_STATUS, &m);
    }
    gw_reply (self->gw, peer, true, 0, o->coid, "known order order_id=%lld perm_id=%lld status=%s",
              (long long) o->order_id, (long long) o->perm_id,
              o->status? rt_ord_status_str (o->status): "UNKNOWN");
}

static void
s_place (gw_orders_t *self, const rt_order_intent_t *in, const rt_cmd_peer_t *peer)
{
    char why [RT_TEXT_MAX];
    if (!s_validate (self, in, why, sizeof why)) {
        self->stats.refused++;
        gw_reply (self->gw, peer, false, RT_EINVAL, in->coid, "%s", why);
        return;
    }
    if (!gw_accepts_orders (self->gw)) {
        self->stats.refused++;
        bool recon = self->reconciling && gw_tws_up (self->gw);
        gw_reply (self->gw, peer, false, recon? RT_EAGAIN: RT_ECLOSED, in->coid, "%s",
                  recon? "reconciling": "not connected");
        return;
    }
    gw_order_t *known = gw_otable_by_coid (self->table, in->coid);
    if (known) {
        s_reply_known (self, peer, known);
        return;
    }
    const char *account = *in->account? in->account: gw_account (self->gw);
    if (!*account) {
        self->stats.refused++;
        gw_reply (self->gw, peer, false, RT_EINVAL, in->coid,
                  "bad field account: none given and no managed account known");
        return;
    }
    int sv = gw_server_version (self->gw);
    if (!tws_server_version_supported (sv)) {
        self->stats.refused++;
        gw_reply (self->gw, peer, false, RT_ECLOSED, in->coid, "not connected");
        return;
    }
    gw_order_t *o = NULL;
    int rc = gw_otable_add (self->table, in->coid, &o);
    if (rc) {
        self->stats.refused++;
        gw_reply (self->gw, peer, false, rc, in->coid, "order table full of live orders");
        return;
    }
    int64_t id = 0;
    rc = gw_orderid_take (self->ids, &id);
    if (rc) {
        gw_otable_remove (self->table, o);
        self->stats.refused++;
        gw_report (self->gw, rc, RT_SEVERITY_ERROR, -1, 0, "order id store: %s", rt_strerror (rc));
        gw_reply (self->gw, peer, false, rc, in->coid, "no order id: %s", rt_strerror (rc));
        return;
    }
    tws_place_order_t *po = &self->scratch.place;
    po->order_id = (int) id;
    tws_contract_init (&po->contract);
    gw_orders_copy (po->contract.symbol, sizeof po->contract.symbol, in->symbol);
    gw_orders_copy (po->contract.sec_type, sizeof po->contract.sec_type,
                    *in->sec_type? in->sec_type: "STK");
    gw_orders_copy (po->contract.exchange, sizeof po->contract.exchange,
                    *in->exchange? in->exchange: "SMART");
    gw_orders_copy (po->contract.currency, sizeof po->contract.currency,
                    *in->currency? in->currency: "USD");
    tws_order_t *ord = &po->order;
    tws_order_init (ord);
    gw_orders_copy (ord->action, sizeof ord->action, rt_side_str (in->side));
    ord->total_quantity = in->qty;
    gw_orders_copy (ord->order_type, sizeof ord->order_type, rt_ord_type_str (in->order_type));
    if (in->order_type == RT_ORD_TYPE_LMT || in->order_type == RT_ORD_TYPE_STP_LMT)
        ord->lmt_price = in->limit_price;
    if (in->order_type == RT_ORD_TYPE_STP || in->order_type == RT_ORD_TYPE_STP_LMT)
        ord->aux_price = in->stop_price;
    rt_tif_t tif = in->tif == RT_TIF_NONE? RT_TIF_DAY: in->tif;
    gw_orders_copy (ord->tif, sizeof ord->tif, rt_tif_str (tif));
    gw_orders_copy (ord->account, sizeof ord->account, account);
    gw_orders_copy (ord->order_ref, sizeof ord->order_ref, in->coid);
    ord->transmit = true;
    S_QUEUE (self, GW_LANE_ORDER, id, place_order, po, rc);
    if (rc) {
        //  The id stays burnt: it may never be reused, and a gap costs nothing.
        gw_otable_remove (self->table, o);
        self->stats.refused++;
        gw_reply (self->gw, peer, false, rc, in->coid, "%s", s_refusal_text (rc));
        return;
    }
    gw_orders_copy (o->symbol, sizeof o->symbol, in->symbol);
    gw_orders_copy (o->sec_type, sizeof o->sec_type, po->contract.sec_type);
    gw_orders_copy (o->exchange, sizeof o->exchange, po->contract.exchange);
    gw_orders_copy (o->currency, sizeof o->currency, po->contract.currency);
    gw_orders_copy (o->account, sizeof o->account, account);
    o->side = in->side;
    o->order_type = in->order_type;
    o->tif = tif;
    o->qty = in->qty;
    o->remaining = in->qty;
    o->limit_price = ord->lmt_price == TWS_UNSET_DOUBLE? 0: ord->lmt_price;
    o->stop_price = ord->aux_price == TWS_UNSET_DOUBLE? 0: ord->aux_price;
    o->placed_here = true;
    o->placed_ms = gw_now_ms (self->gw);
    gw_otable_set_ids (self->table, o, id, 0);
    self->stats.placed++;
    gw_count (self->gw, "orders", 1);
    gw_orders_update (self, o, RT_ORD_STATUS_PENDING_SUBMIT, 0, in->qty, -1, -1,
                      "queued to TWS");
    gw_reply (self->gw, peer, true, 0, in->coid, "order_id=%lld", (long long) id);
}

static void
s_cancel (gw_orders_t *self, const rt_order_cancel_t *in, const rt_cmd_peer_t *peer)
{
    gw_order_t *o = gw_otable_by_coid (self->table, in->coid);
    if (!o) {
        gw_reply (self->gw, peer, false, RT_EUNKNOWN, in->coid, "unknown order");
        return;
    }
    if (gw_order_status_terminal (o->status)) {
        gw_reply (self->gw, peer, false, RT_EINVAL, in->coid, "already %s",
                  rt_ord_status_str (o->status));
        return;
    }
    if (o->order_id <= 0) {
        gw_reply (self->gw, peer, false, RT_EINVAL, in->coid,
                  "no IB order id known for this order yet");
        return;
    }
    if (!gw_tws_up (self->gw) || !tws_server_version_supported (gw_server_version (self->gw))) {
        gw_reply (self->gw, peer, false, RT_ECLOSED, in->coid, "not connected");
        return;
    }
    tws_cancel_order_t m;
    tws_cancel_order_init (&m);
    m.order_id = (int) o->order_id;
    int rc;
    S_QUEUE (self, GW_LANE_ORDER, o->order_id, cancel_order, &m, rc);
    if (rc) {
        gw_reply (self->gw, peer, false, rc, in->coid, "%s", s_refusal_text (rc));
        return;
    }
    self->stats.cancels++;
    gw_reply (self->gw, peer, true, 0, in->coid, "cancel sent order_id=%lld",
              (long long) o->order_id);
}

//  The catalogue refused a command: name the field when it is one (missing, empty, not a
//  known enum value), so the sender reads "bad field side" rather than a generic code.
static void
s_explain (gw_orders_t *self, rt_type_t type, const rt_bus_msg_t *msg, int rc, char *why,
           size_t cap)
{
    snprintf (why, cap, "bad message: %s", rt_strerror (rc));
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    msgpack_zone_clear (&self->zone);
    msgpack_object obj;
    size_t off = 0;
    if (!entry || msgpack_unpack ((const char *) msg->body, msg->body_len, &off, &self->zone,
                                  &obj) != MSGPACK_UNPACK_SUCCESS
    ||  obj.type != MSGPACK_OBJECT_MAP)
        return;
    for (size_t i = 0; i < entry->field_count; i++) {
        const rt_field_t *f = &entry->fields [i];
        const msgpack_object *v = NULL;
        for (uint32_t k = 0; k < obj.via.map.size; k++) {
            const msgpack_object *key = &obj.via.map.ptr [k].key;
            if (key->type == MSGPACK_OBJECT_STR && key->via.str.size == f->key_len
            &&  memcmp (key->via.str.ptr, f->key, f->key_len) == 0) {
                v = &obj.via.map.ptr [k].val;
                break;
            }
        }
        bool absent = !v || v->type == MSGPACK_OBJECT_NIL;
        if (f->required && (absent || (v->type == MSGPACK_OBJECT_STR && v->via.str.size == 0))) {
            snprintf (why, cap, "bad field %s: missing", f->name);
            return;
        }
        if (absent)
            continue;
        if (f->kind == RT_KIND_ENUM && f->enum_info) {
            unsigned value;
            if (v->type != MSGPACK_OBJECT_STR
            ||  rt_enum_parse (f->enum_info, v->via.str.ptr, v->via.str.size, &value) != 0) {
                snprintf (why, cap, "bad field %s: not a known %s", f->name, f->enum_info->name);
                return;
            }
        }
        else
        if (f->kind == RT_KIND_STR
        &&  (v->type != MSGPACK_OBJECT_STR || v->via.str.size >= f->size)) {
            snprintf (why, cap, "bad field %s: %s", f->name, v->type != MSGPACK_OBJECT_STR?
                      "not a string": "too long");
            return;
        }
        else
        if (f->kind == RT_KIND_F64 && v->type != MSGPACK_OBJECT_FLOAT64
        &&  v->type != MSGPACK_OBJECT_FLOAT32 && v->type != MSGPACK_OBJECT_POSITIVE_INTEGER
        &&  v->type != MSGPACK_OBJECT_NEGATIVE_INTEGER) {
            snprintf (why, cap, "bad field %s: not a number", f->name);
            return;
        }
    }
}

int
gw_orders_on_command (gw_orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    assert (self && msg && peer);
    int type = msg->header.type;
    if (type != RT_TYPE_ORDER_INTENT && type != RT_TYPE_ORDER_CANCEL)
        return 0;
    union {
        rt_order_intent_t intent;
        rt_order_cancel_t cancel;
    } in;
    int rc = rt_msg_decode ((rt_type_t) type, &in, (const char *) msg->body, msg->body_len,
                            &self->zone);
    if (rc) {
        self->stats.bad_messages++;
        self->stats.refused++;
        char why [RT_TEXT_MAX];
        s_explain (self, (rt_type_t) type, msg, rc, why, sizeof why);
        gw_reply (self->gw, peer, false, rc, NULL, "%s", why);
        return 1;
    }
    if (type == RT_TYPE_ORDER_INTENT)
        s_place (self, &in.intent, peer);
    else
        s_cancel (self, &in.cancel, peer);
    return 1;
}

//  ---------------------------------------------------------------------------------------
//  Session and reconciliation

void
gw_orders_on_next_valid_id (gw_orders_t *self, int64_t id)
{
    assert (self);
    int rc = gw_orderid_sync (self->ids, id);
    if (rc)
        gw_report (self->gw, rc, RT_SEVERITY_WARNING, -1, 0,
                   "nextValidId %lld refused: %s", (long long) id, rt_strerror (rc));
}

static void
s_failed (gw_orders_t *self, const char *what, int rc)
{
    //  Nothing else to do: without the answer reconciliation cannot finish, and the state
    //  machine's reconcile timeout closes the session and tries again.
    gw_report (self->gw, rc, RT_SEVERITY_ERROR, -1, 0, "%s not sent: %s", what,
               rt_strerror (rc));
}

static void
s_request_account (gw_orders_t *self, bool fresh)
{
    int rc;
    if (!fresh) {
        tws_cancel_positions_t cp = {0};
        S_QUEUE (self, GW_LANE_GENERAL, 0, cancel_positions, &cp, rc);
        if (rc)
            s_failed (self, "cancelPositions", rc);
    }
    tws_req_positions_t rp = {0};
    S_QUEUE (self, GW_LANE_GENERAL, 0, req_positions, &rp, rc);
    if (rc)
        s_failed (self, "reqPositions", rc);
    else
        gw_acct_positions_begin (self->acct);
    const char *account = gw_account (self->gw);
    if (*account) {
        tws_req_account_updates_t ru;
        memset (&ru, 0, sizeof ru);
        ru.subscribe = true;
        gw_orders_copy (ru.acct_code, sizeof ru.acct_code, account);
        S_QUEUE (self, GW_LANE_GENERAL, 0, req_account_updates, &ru, rc);
        if (rc)
            s_failed (self, "reqAccountUpdates", rc);
    }
}

void
gw_orders_on_session (gw_orders_t *self, bool fresh)
{
    assert (self);
    //  A reconciliation still waiting when 1101 comes (1100 interrupted it) starts again:
    //  its answers may have been lost in the gap.
    if (fresh || self->reconciling) {
        self->reconciling = true;
        self->recon_wait = GW_RECON_OPEN_ORDERS | GW_RECON_COMPLETED | GW_RECON_EXECUTIONS
                         | GW_RECON_POSITIONS;
        for (uint32_t i = 0; i < gw_otable_capacity (self->table); i++) {
            gw_order_t *o = gw_otable_at (self->table, i);
            if (o)
                o->seen = false;
        }
        int rc;
        tws_req_all_open_orders_t ao = {0};
        S_QUEUE (self, GW_LANE_GENERAL, 0, req_all_open_orders, &ao, rc);
        if (rc)
            s_failed (self, "reqAllOpenOrders", rc);
        tws_req_completed_orders_t co = { .api_only = true };
        S_QUEUE (self, GW_LANE_GENERAL, 0, req_completed_orders, &co, rc);
        if (rc)
            s_failed (self, "reqCompletedOrders", rc);
        tws_req_executions_t ex;
        tws_req_executions_init (&ex);
        self->recon_exec_req = gw_next_req_id (self->gw);
        ex.req_id = self->recon_exec_req;
        S_QUEUE (self, GW_LANE_GENERAL, ex.req_id, req_executions, &ex, rc);
        if (rc)
            s_failed (self, "reqExecutions", rc);
    }
    s_request_account (self, fresh);
}

void
gw_orders_on_lost (gw_orders_t *self)
{
    assert (self);
    //  Orders, fills and execIds survive: they are what the next reconciliation compares.
    self->reconciling = false;
    self->recon_wait = 0;
    self->recon_exec_req = 0;
}

void
gw_orders_recon_answer (gw_orders_t *self, unsigned bit)
{
    if (!self->reconciling || !(self->recon_wait & bit))
        return;
    self->recon_wait &= ~bit;
    if (self->recon_wait)
        return;
    for (uint32_t i = 0; i < gw_otable_capacity (self->table); i++) {
        gw_order_t *o = gw_otable_at (self->table, i);
        if (!o || o->seen || gw_order_status_terminal (o->status))
            continue;
        if (o->placed_here && !o->acked) {
            //  Sent, never acknowledged, unknown to IB now: it died with the old socket.
            //  Never resent here: the orders service decides.
            self->stats.lost++;
            gw_orders_update (self, o, RT_ORD_STATUS_REJECTED, -1, -1, -1, -1,
                              "lost before acknowledgement: IB does not know this order "
                              "after the reconnect (not resent)");
            o->lost = true;
        }
        else
        if (o->acked)
            gw_report (self->gw, 0, RT_SEVERITY_WARNING, -1, o->order_id,
                       "order %s (perm %lld) not reported by IB after the reconnect; "
                       "its state %s is kept", o->coid, (long long) o->perm_id,
                       rt_ord_status_str (o->status));
    }
    self->reconciling = false;
    self->stats.reconciliations++;
    gw_reconcile_done (self->gw);
}

void
gw_orders_snapshot (gw_orders_t *self, const rt_cmd_peer_t *peer)
{
    assert (self && peer);
    gw_acct_snapshot (self->acct, peer, "");
    for (uint32_t i = 0; i < gw_otable_capacity (self->table); i++) {
        const gw_order_t *o = gw_otable_at (self->table, i);
        if (!o || o->status == RT_ORD_STATUS_NONE || gw_order_status_terminal (o->status))
            continue;
        rt_order_status_t m;
        gw_orders_status_msg (o, &m);
        if (gw_send_to_peer (self->gw, peer, RT_TYPE_ORDER_STATUS, &m) < 0)
            return;
    }
    //  The kept fills, oldest first, each as last published (with its commission once it
    //  came): a consumer that was away while they happened books them by exec_id.
    for (uint32_t i = 0; i < gw_execset_fill_slots (self->execs); i++) {
        const rt_fill_t *f = gw_execset_fill_at (self->execs, i);
        if (f && gw_send_to_peer (self->gw, peer, RT_TYPE_FILL, f) < 0)
            return;
    }
}
