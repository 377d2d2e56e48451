/*  pub_state.c - the dashboard's model: fixed tables fed by catalogue messages.
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pub_json.h"
#include "pub_quotes.h"
#include "pub_series.h"
#include "pub_state.h"

typedef struct {
    uint64_t t_ms;
    char state [24];                //  a conn state, or RESTARTED (the gateway process)
    uint32_t attempt;
    char reason [RT_TEXT_MAX];
} s_transition_t;

typedef struct {
    rt_heartbeat_t hb;
    uint64_t seen_ms;
    pub_svc_status_t status;
} s_service_t;

typedef struct {
    char key [RT_COID_MAX + 24];
    bool from_orders;               //  the orders service's lifecycle: authoritative
    rt_order_status_t st;
} s_order_t;

typedef struct {
    uint64_t t_ms;
    rt_risk_decision_t d;
} s_reject_t;

typedef struct {
    uint64_t t_ms;
    rt_error_event_t e;
} s_error_t;

//  A ring's bookkeeping: head is the oldest entry.
typedef struct {
    size_t head, count, cap;
} s_ring_t;

struct _pub_state_t {
    bool conn_seen;
    rt_conn_state_t conn;
    s_ring_t hist_ring;
    s_transition_t hist [PUB_CONN_HISTORY];
    size_t svc_count;
    s_service_t svc [PUB_SERVICES_MAX];
    size_t acct_count;
    rt_account_value_t acct [PUB_ACCOUNT_MAX];
    size_t pos_count;
    rt_position_t pos [PUB_POSITIONS_MAX];
    size_t hold_count;
    rt_holding_t hold [PUB_POSITIONS_MAX];
    size_t ord_count;
    s_order_t ord [PUB_ORDERS_MAX];
    s_ring_t fill_ring;
    rt_fill_t fill [PUB_FILLS_MAX];
    pub_quotes_t *quotes;
    bool risk_seen;
    rt_risk_state_t risk;
    s_ring_t rej_ring;
    s_reject_t rej [PUB_REJECTS_MAX];
    s_ring_t err_ring;
    s_error_t err [PUB_ERRORS_MAX];
    bool equity_seen;
    double equity;
    pub_series_t series;
};

static const char *const s_svc_words [] = { "up", "stale", "down" };

const char *
pub_svc_status_str (pub_svc_status_t status)
{
    return (unsigned) status <= PUB_SVC_DOWN? s_svc_words [status]: "?";
}

//  ---------------------------------------------------------------------------------------

static size_t
s_ring_push (s_ring_t *r)
{
    if (r->count < r->cap)
        return (r->head + r->count++) % r->cap;
    size_t idx = r->head;
    r->head = (r->head + 1) % r->cap;
    return idx;
}

static size_t
s_ring_at (const s_ring_t *r, size_t i)
{
    return (r->head + i) % r->cap;
}

pub_state_t *
pub_state_new (uint64_t quote_ms)
{
    pub_state_t *self = (pub_state_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->quotes = pub_quotes_new (quote_ms);
    if (!self->quotes) {
        free (self);
        return NULL;
    }
    self->hist_ring.cap = PUB_CONN_HISTORY;
    self->fill_ring.cap = PUB_FILLS_MAX;
    self->rej_ring.cap = PUB_REJECTS_MAX;
    self->err_ring.cap = PUB_ERRORS_MAX;
    pub_series_init (&self->series);
    return self;
}

void
pub_state_destroy (pub_state_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pub_quotes_destroy (&(*self_p)->quotes);
    free (*self_p);
    *self_p = NULL;
}

//  ---------------------------------------------------------------------------------------
//  JSON of the entries

static json_t *
s_transition_json (const s_transition_t *t)
{
    return json_pack ("{sI ss si so}", "t", (json_int_t) t->t_ms, "state",
                      t->state, "attempt", (int) t->attempt, "reason",
                      pub_json_string (t->reason));
}

static pub_svc_status_t
s_liveness (const s_service_t *s, uint64_t now_ms)
{
    uint64_t age = now_ms >= s->seen_ms? now_ms - s->seen_ms: 0;
    return age >= PUB_HB_DOWN_MS? PUB_SVC_DOWN: age >= PUB_HB_STALE_MS? PUB_SVC_STALE
                                                                     : PUB_SVC_UP;
}

static json_t *
s_service_json (const s_service_t *s, uint64_t now_ms)
{
    json_t *hb = pub_json_from_msg (RT_TYPE_HEARTBEAT, &s->hb);
    if (!hb)
        return NULL;
    return json_pack ("{ss ss sI so}", "name", s->hb.service, "status",
                      pub_svc_status_str (s->status), "age_ms",
                      (json_int_t) (now_ms >= s->seen_ms? now_ms - s->seen_ms: 0), "hb", hb);
}

static json_t *
s_order_json (const s_order_t *o)
{
    json_t *data = pub_json_from_msg (RT_TYPE_ORDER_STATUS, &o->st);
    if (data && (json_object_set_new (data, "key", json_string (o->key)) != 0
             ||  json_object_set_new (data, "src", json_string (o->from_orders? "orders"
                                                                               : "gateway"))
                 != 0)) {
        json_decref (data);
        return NULL;
    }
    return data;
}

static json_t *
s_stamped (rt_type_t type, const void *msg, uint64_t t_ms)
{
    json_t *data = pub_json_from_msg (type, msg);
    if (data && json_object_set_new (data, "t", json_integer ((json_int_t) t_ms)) != 0) {
        json_decref (data);
        return NULL;
    }
    return data;
}

static size_t
s_emit (json_t *event, pub_event_fn *fn, void *arg)
{
    if (!event)
        return 0;                   //  out of memory: the browser misses one update
    fn (event, arg);
    return 1;
}

//  ---------------------------------------------------------------------------------------
//  Appliers

static size_t
s_on_conn (pub_state_t *self, const rt_conn_state_t *m, uint64_t wall_ms, pub_event_fn *fn,
           void *arg)
{
    if (self->conn_seen && memcmp (&self->conn, m, sizeof *m) == 0)
        return 0;                   //  a snapshot repeating what we know
    bool moved = !self->conn_seen || self->conn.state != m->state
              || self->conn.attempt != m->attempt;
    self->conn = *m;
    self->conn_seen = true;
    json_t *ev = pub_json_event ("conn", pub_json_from_msg (RT_TYPE_CONN_STATE, m));
    if (moved) {
        s_transition_t *t = &self->hist [s_ring_push (&self->hist_ring)];
        t->t_ms = wall_ms;
        snprintf (t->state, sizeof t->state, "%s", rt_conn_str (m->state));
        t->attempt = m->attempt;
        memcpy (t->reason, m->reason, sizeof t->reason);
        if (ev)
            json_object_set_new (ev, "entry", s_transition_json (t));
    }
    return s_emit (ev, fn, arg);
}

static size_t
s_on_heartbeat (pub_state_t *self, const rt_heartbeat_t *m, uint64_t now_ms,
                uint64_t wall_ms, pub_event_fn *fn, void *arg)
{
    s_service_t *s = NULL;
    for (size_t i = 0; i < self->svc_count && !s; i++)
        if (strcmp (self->svc [i].hb.service, m->service) == 0)
            s = &self->svc [i];
    size_t n = 0;
    if (s && s->hb.pid && m->pid && s->hb.pid != m->pid)
        n += pub_state_note_restart (self, m->service, wall_ms, fn, arg);
    if (!s) {
        if (self->svc_count == PUB_SERVICES_MAX)
            return 0;
        s = &self->svc [self->svc_count++];
    }
    s->hb = *m;
    s->seen_ms = now_ms;
    s->status = PUB_SVC_UP;
    return n + s_emit (pub_json_event ("service", s_service_json (s, now_ms)), fn, arg);
}

static size_t
s_on_account (pub_state_t *self, const rt_account_value_t *m, pub_event_fn *fn, void *arg)
{
    rt_account_value_t *slot = NULL;
    for (size_t i = 0; i < self->acct_count && !slot; i++) {
        rt_account_value_t *a = &self->acct [i];
        if (strcmp (a->account, m->account) == 0 && strcmp (a->key, m->key) == 0
        &&  strcmp (a->currency, m->currency) == 0)
            slot = a;
    }
    if (strcmp (m->key, "NetLiquidation") == 0 && m->value [0]) {
        char *end;
        double v = strtod (m->value, &end);
        if (end != m->value && *end == 0 && isfinite (v)) {
            self->equity = v;
            self->equity_seen = true;
        }
    }
    if (slot && strcmp (slot->value, m->value) == 0)
        return 0;
    if (!slot) {
        if (self->acct_count == PUB_ACCOUNT_MAX)
            return 0;
        slot = &self->acct [self->acct_count++];
    }
    *slot = *m;
    return s_emit (pub_json_event ("account", pub_json_from_msg (RT_TYPE_ACCOUNT_VALUE, m)),
                   fn, arg);
}

//  Positions (gw.pos) and holdings (ord.pos.*) share the upsert by account and symbol.
static size_t
s_upsert (void *table, size_t *count, size_t size, const void *m, const char *account,
          const char *symbol, size_t account_off, size_t symbol_off)
{
    unsigned char *base = (unsigned char *) table;
    for (size_t i = 0; i < *count; i++) {
        unsigned char *row = base + i * size;
        if (strcmp ((char *) row + account_off, account) == 0
        &&  strcmp ((char *) row + symbol_off, symbol) == 0) {
            if (memcmp (row, m, size) == 0)
                return 0;
            memcpy (row, m, size);
            return 1;
        }
    }
    if (*count == PUB_POSITIONS_MAX)
        return 0;
    memcpy (base + (*count)++ * size, m, size);
    return 1;
}

static bool
s_terminal (rt_ord_status_t s)
{
    return s == RT_ORD_STATUS_FILLED || s == RT_ORD_STATUS_CANCELLED
        || s == RT_ORD_STATUS_REJECTED || s == RT_ORD_STATUS_INACTIVE;
}

static size_t
s_on_order (pub_state_t *self, const rt_order_status_t *m, const char *src,
            pub_event_fn *fn, void *arg)
{
    char key [sizeof self->ord [0].key];
    if (m->coid [0])
        snprintf (key, sizeof key, "%s", m->coid);
    else
    if (m->perm_id)
        snprintf (key, sizeof key, "perm:%lld", (long long) m->perm_id);
    else
    if (m->order_id)
        snprintf (key, sizeof key, "id:%lld", (long long) m->order_id);
    else
        return 0;                   //  nothing to key it by
    bool from_orders = strcmp (src, "orders") == 0;
    size_t i = 0;
    while (i < self->ord_count && strcmp (self->ord [i].key, key) != 0)
        i++;
    bool known = i < self->ord_count;
    if (known && self->ord [i].from_orders && !from_orders)
        return 0;                   //  IB's view of an order the orders service tracks
    s_order_t o;
    memset (&o, 0, sizeof o);
    memcpy (o.key, key, sizeof o.key);
    o.from_orders = from_orders;
    o.st = *m;
    bool open = !s_terminal (m->status);
    if (!open) {
        if (!known)
            return 0;
        self->ord [i] = self->ord [--self->ord_count];
    }
    else {
        if (known && memcmp (&self->ord [i], &o, sizeof o) == 0)
            return 0;
        if (!known && self->ord_count == PUB_ORDERS_MAX)
            return 0;
        self->ord [known? i: self->ord_count++] = o;
    }
    json_t *ev = pub_json_event ("order", s_order_json (&o));
    if (ev)
        json_object_set_new (ev, "open", json_boolean (open));
    return s_emit (ev, fn, arg);
}

static size_t
s_on_fill (pub_state_t *self, const rt_fill_t *m, pub_event_fn *fn, void *arg)
{
    for (size_t i = 0; i < self->fill_ring.count; i++) {
        rt_fill_t *f = &self->fill [s_ring_at (&self->fill_ring, i)];
        if (strcmp (f->exec_id, m->exec_id) != 0)
            continue;
        if (!m->has_commission || f->has_commission)
            return 0;               //  the same execution from the other publisher
        *f = *m;                    //  its commission arrived
        return s_emit (pub_json_event ("fill", pub_json_from_msg (RT_TYPE_FILL, m)), fn, arg);
    }
    self->fill [s_ring_push (&self->fill_ring)] = *m;
    return s_emit (pub_json_event ("fill", pub_json_from_msg (RT_TYPE_FILL, m)), fn, arg);
}

size_t
pub_state_note_restart (pub_state_t *self, const char *service, uint64_t wall_ms,
                        pub_event_fn *fn, void *arg)
{
    if (strcmp (service, "gateway") != 0)
        return 0;
    //  A gateway that restarts quickly may be READY again before our SUB reconnects: the
    //  history must still show that the session was lost and rebuilt.
    s_transition_t *t = &self->hist [s_ring_push (&self->hist_ring)];
    t->t_ms = wall_ms;
    snprintf (t->state, sizeof t->state, "RESTARTED");
    t->attempt = 0;
    snprintf (t->reason, sizeof t->reason, "the gateway process restarted (new session)");
    self->conn_seen = false;        //  its next conn_state is news, even if unchanged
    json_t *ev = json_pack ("{ss so}", "type", "conn_note", "entry", s_transition_json (t));
    return s_emit (ev, fn, arg);
}

size_t
pub_state_apply (pub_state_t *self, rt_type_t type, const void *msg, const char *src,
                 uint64_t now_ms, uint64_t wall_ms, pub_event_fn *fn, void *arg)
{
    switch (type) {
        case RT_TYPE_CONN_STATE:
            return s_on_conn (self, (const rt_conn_state_t *) msg, wall_ms, fn, arg);
        case RT_TYPE_HEARTBEAT:
            return s_on_heartbeat (self, (const rt_heartbeat_t *) msg, now_ms, wall_ms, fn, arg);
        case RT_TYPE_ACCOUNT_VALUE:
            return s_on_account (self, (const rt_account_value_t *) msg, fn, arg);
        case RT_TYPE_POSITION: {
            const rt_position_t *m = (const rt_position_t *) msg;
            if (!s_upsert (self->pos, &self->pos_count, sizeof *m, m, m->account, m->symbol,
                           offsetof (rt_position_t, account), offsetof (rt_position_t, symbol)))
                return 0;
            return s_emit (pub_json_event ("position", pub_json_from_msg (type, m)), fn, arg);
        }
        case RT_TYPE_HOLDING: {
            const rt_holding_t *m = (const rt_holding_t *) msg;
            if (!s_upsert (self->hold, &self->hold_count, sizeof *m, m, m->account, m->symbol,
                           offsetof (rt_holding_t, account), offsetof (rt_holding_t, symbol)))
                return 0;
            return s_emit (pub_json_event ("holding", pub_json_from_msg (type, m)), fn, arg);
        }
        case RT_TYPE_ORDER_STATUS:
            return s_on_order (self, (const rt_order_status_t *) msg, src, fn, arg);
        case RT_TYPE_FILL:
            return s_on_fill (self, (const rt_fill_t *) msg, fn, arg);
        case RT_TYPE_QUOTE:
            pub_quotes_put (self->quotes, (const rt_quote_t *) msg);
            return 0;
        case RT_TYPE_RISK_STATE: {
            const rt_risk_state_t *m = (const rt_risk_state_t *) msg;
            if (self->risk_seen && memcmp (&self->risk, m, sizeof *m) == 0)
                return 0;
            self->risk = *m;
            self->risk_seen = true;
            return s_emit (pub_json_event ("risk", pub_json_from_msg (type, m)), fn, arg);
        }
        case RT_TYPE_RISK_DECISION: {
            const rt_risk_decision_t *m = (const rt_risk_decision_t *) msg;
            if (m->accepted)
                return 0;
            s_reject_t *r = &self->rej [s_ring_push (&self->rej_ring)];
            r->t_ms = wall_ms;
            r->d = *m;
            return s_emit (pub_json_event ("rejection", s_stamped (type, m, wall_ms)), fn, arg);
        }
        case RT_TYPE_ERROR_EVENT: {
            const rt_error_event_t *m = (const rt_error_event_t *) msg;
            s_error_t *e = &self->err [s_ring_push (&self->err_ring)];
            e->t_ms = wall_ms;
            e->e = *m;
            return s_emit (pub_json_event ("error", s_stamped (type, m, wall_ms)), fn, arg);
        }
        default:
            return 0;
    }
}

//  ---------------------------------------------------------------------------------------

typedef struct {
    pub_event_fn *fn;
    void *arg;
} s_quote_sink_t;

static int
s_quote_out (const rt_quote_t *quote, void *arg)
{
    s_quote_sink_t *sink = (s_quote_sink_t *) arg;
    json_t *ev = pub_json_event ("quote", pub_json_from_msg (RT_TYPE_QUOTE, quote));
    if (!ev)
        return -1;                  //  out of memory: stays dirty, tried again
    sink->fn (ev, sink->arg);
    return 0;
}

size_t
pub_state_flush_quotes (pub_state_t *self, uint64_t now_ms, pub_event_fn *fn, void *arg)
{
    s_quote_sink_t sink = { fn, arg };
    return pub_quotes_flush (self->quotes, now_ms, s_quote_out, &sink);
}

static json_t *
s_point_json (const pub_point_t *p)
{
    return json_pack ("{sI sf sf}", "t", (json_int_t) p->t_ms, "equity", p->equity, "pnl",
                      p->pnl);
}

size_t
pub_state_tick (pub_state_t *self, uint64_t now_ms, uint64_t wall_ms, pub_event_fn *fn,
                void *arg)
{
    size_t n = 0;
    for (size_t i = 0; i < self->svc_count; i++) {
        s_service_t *s = &self->svc [i];
        pub_svc_status_t now = s_liveness (s, now_ms);
        if (now == s->status)
            continue;
        s->status = now;
        n += s_emit (pub_json_event ("service", s_service_json (s, now_ms)), fn, arg);
    }
    if (!self->equity_seen && !self->risk_seen && self->hold_count == 0)
        return n;                   //  nothing to chart yet
    pub_point_t p = { .t_ms = wall_ms, .equity = self->equity_seen? self->equity: 0 };
    if (self->risk_seen)
        p.pnl = self->risk.daily_pnl;
    else
        for (size_t i = 0; i < self->hold_count; i++)
            p.pnl += self->hold [i].realized_pnl + self->hold [i].unrealized_pnl;
    if (pub_series_offer (&self->series, &p))
        n += s_emit (pub_json_event ("equity", s_point_json (&p)), fn, arg);
    return n;
}

//  ---------------------------------------------------------------------------------------
//  Snapshot

static int
s_append (json_t *arr, json_t *item)
{
    return item? json_array_append_new (arr, item): -1;
}

json_t *
pub_state_snapshot (const pub_state_t *self, uint64_t now_ms)
{
    json_t *snap = json_object ();
    json_t *hist = json_array (), *svcs = json_array (), *acct = json_array ();
    json_t *pos = json_array (), *hold = json_array (), *ords = json_array ();
    json_t *fills = json_array (), *quotes = json_array (), *rejs = json_array ();
    json_t *errs = json_array (), *eq = json_array ();
    int rc = snap && hist && svcs && acct && pos && hold && ords && fills && quotes && rejs
          && errs && eq? 0: -1;
    for (size_t i = 0; rc == 0 && i < self->hist_ring.count; i++)
        rc = s_append (hist, s_transition_json (
                 &self->hist [s_ring_at (&self->hist_ring, i)]));
    for (size_t i = 0; rc == 0 && i < self->svc_count; i++) {
        s_service_t s = self->svc [i];
        s.status = s_liveness (&s, now_ms);
        rc = s_append (svcs, s_service_json (&s, now_ms));
    }
    for (size_t i = 0; rc == 0 && i < self->acct_count; i++)
        rc = s_append (acct, pub_json_from_msg (RT_TYPE_ACCOUNT_VALUE, &self->acct [i]));
    for (size_t i = 0; rc == 0 && i < self->pos_count; i++)
        rc = s_append (pos, pub_json_from_msg (RT_TYPE_POSITION, &self->pos [i]));
    for (size_t i = 0; rc == 0 && i < self->hold_count; i++)
        rc = s_append (hold, pub_json_from_msg (RT_TYPE_HOLDING, &self->hold [i]));
    for (size_t i = 0; rc == 0 && i < self->ord_count; i++)
        rc = s_append (ords, s_order_json (&self->ord [i]));
    for (size_t i = 0; rc == 0 && i < self->fill_ring.count; i++)
        rc = s_append (fills, pub_json_from_msg (
                 RT_TYPE_FILL, &self->fill [s_ring_at (&self->fill_ring, i)]));
    for (size_t i = 0; rc == 0 && i < pub_quotes_count (self->quotes); i++)
        rc = s_append (quotes, pub_json_from_msg (RT_TYPE_QUOTE,
                                                  pub_quotes_at (self->quotes, i)));
    for (size_t i = 0; rc == 0 && i < self->rej_ring.count; i++) {
        const s_reject_t *r = &self->rej [s_ring_at (&self->rej_ring, i)];
        rc = s_append (rejs, s_stamped (RT_TYPE_RISK_DECISION, &r->d, r->t_ms));
    }
    for (size_t i = 0; rc == 0 && i < self->err_ring.count; i++) {
        const s_error_t *e = &self->err [s_ring_at (&self->err_ring, i)];
        rc = s_append (errs, s_stamped (RT_TYPE_ERROR_EVENT, &e->e, e->t_ms));
    }
    for (size_t i = 0; rc == 0 && i < self->series.count; i++)
        rc = s_append (eq, s_point_json (&self->series.point [i]));
    json_t *conn = self->conn_seen? pub_json_from_msg (RT_TYPE_CONN_STATE, &self->conn)
                                  : json_null ();
    json_t *risk = self->risk_seen? pub_json_from_msg (RT_TYPE_RISK_STATE, &self->risk)
                                  : json_null ();
    if (rc == 0 && conn && risk) {
        rc = json_object_set_new (snap, "type", json_string ("snapshot"))
           | json_object_set_new (snap, "conn", conn)
           | json_object_set_new (snap, "conn_history", hist)
           | json_object_set_new (snap, "services", svcs)
           | json_object_set_new (snap, "account", acct)
           | json_object_set_new (snap, "positions", pos)
           | json_object_set_new (snap, "holdings", hold)
           | json_object_set_new (snap, "orders", ords)
           | json_object_set_new (snap, "fills", fills)
           | json_object_set_new (snap, "quotes", quotes)
           | json_object_set_new (snap, "risk", risk)
           | json_object_set_new (snap, "rejections", rejs)
           | json_object_set_new (snap, "errors", errs)
           | json_object_set_new (snap, "equity", eq);
        if (rc == 0)
            return snap;
        json_decref (snap);
        return NULL;
    }
    json_decref (conn);
    json_decref (risk);
    json_decref (hist);
    json_decref (svcs);
    json_decref (acct);
    json_decref (pos);
    json_decref (hold);
    json_decref (ords);
    json_decref (fills);
    json_decref (quotes);
    json_decref (rejs);
    json_decref (errs);
    json_decref (eq);
    json_decref (snap);
    return NULL;
}

//  ---------------------------------------------------------------------------------------

rt_conn_t
pub_state_conn (const pub_state_t *self)
{
    return self->conn_seen? self->conn.state: RT_CONN_NONE;
}

size_t
pub_state_open_orders (const pub_state_t *self)
{
    return self->ord_count;
}

size_t
pub_state_fills (const pub_state_t *self)
{
    return self->fill_ring.count;
}

uint64_t
pub_state_quotes_conflated (const pub_state_t *self)
{
    return pub_quotes_conflated (self->quotes);
}

bool
pub_state_service (const pub_state_t *self, const char *name, uint64_t now_ms,
                   pub_svc_status_t *status)
{
    for (size_t i = 0; i < self->svc_count; i++)
        if (strcmp (self->svc [i].hb.service, name) == 0) {
            *status = s_liveness (&self->svc [i], now_ms);
            return true;
        }
    return false;
}
