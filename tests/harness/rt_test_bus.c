/*  rt_test_bus.c - decoded events from a service's PUB streams; command calls. */
#include "rt_test_bus.h"
#include "rt_test_time.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  SUB reconnect interval: short, so a subscriber catches a publisher soon after its bind.
#define S_RECONNECT_IVL_MS 5
//  Distinct symbols whose first quote is traced.
#define S_TRACED_SYMBOLS 16

struct _rt_test_events_t {
    rt_sub_t *state;
    rt_sub_t *md;
    zpoller_t *poller;
    msgpack_zone zone;
    rt_test_events_stats_t stats;
    char trace [RT_TEST_TRACE_LINES][RT_TEST_TRACE_LINE_MAX];
    size_t trace_next;              //  ring position
    size_t trace_count;
    char *trace_text;               //  rendered by rt_test_events_trace
    char quoted [S_TRACED_SYMBOLS][RT_SYMBOL_MAX];
};

static rt_sub_t *
s_sub (const char *endpoint)
{
    rt_sub_t *sub = rt_sub_new ("rt-test");
    if (!sub)
        return NULL;
    zsock_set_reconnect_ivl (rt_sub_sock (sub), S_RECONNECT_IVL_MS);
    if (rt_sub_connect (sub, endpoint, "gateway") != 0 || rt_sub_subscribe (sub, "") != 0)
        rt_sub_destroy (&sub);
    return sub;
}

rt_test_events_t *
rt_test_events_new (const char *state_ep, const char *md_ep)
{
    assert (state_ep);
    rt_test_events_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    if (!msgpack_zone_init (&self->zone, 8192)) {
        free (self);
        return NULL;
    }
    self->state = s_sub (state_ep);
    if (md_ep)
        self->md = s_sub (md_ep);
    if (!self->state || (md_ep && !self->md))
        goto fail;
    self->poller = zpoller_new (rt_sub_sock (self->state), NULL);
    if (!self->poller || (self->md && zpoller_add (self->poller, rt_sub_sock (self->md)) != 0))
        goto fail;
    return self;
fail:
    rt_test_events_destroy (&self);
    return NULL;
}

void
rt_test_events_destroy (rt_test_events_t **self_p)
{
    assert (self_p);
    rt_test_events_t *self = *self_p;
    if (!self)
        return;
    zpoller_destroy (&self->poller);
    rt_sub_destroy (&self->state);
    rt_sub_destroy (&self->md);
    msgpack_zone_destroy (&self->zone);
    free (self->trace_text);
    free (self);
    *self_p = NULL;
}

//  --- Describing and tracing ----------------------------------------------------------------

void
rt_test_event_describe (const rt_test_event_t *ev, char *buf, size_t cap)
{
    int n = snprintf (buf, cap, "#%llu %s", (unsigned long long) ev->header.seq, ev->topic);
    if (n < 0 || (size_t) n >= cap)
        return;
    char *p = buf + n;
    size_t left = cap - (size_t) n;
    if (!ev->decoded) {
        snprintf (p, left, " (type %u, not decoded)", (unsigned) ev->type);
        return;
    }
    switch (ev->type) {
        case RT_TYPE_CONN_STATE:
            snprintf (p, left, " %s at=%u sv=%d ci=%d nr=%llu '%s'",
                      rt_conn_str (ev->u.conn.state), ev->u.conn.attempt,
                      ev->u.conn.server_version, ev->u.conn.client_id,
                      (unsigned long long) ev->u.conn.next_retry_ms, ev->u.conn.reason);
            break;
        case RT_TYPE_ORDER_STATUS:
            snprintf (p, left, " co=%s oi=%lld pi=%lld %s filled=%g rem=%g '%s'",
                      ev->u.status.coid, (long long) ev->u.status.order_id,
                      (long long) ev->u.status.perm_id, rt_ord_status_str (ev->u.status.status),
                      ev->u.status.filled, ev->u.status.remaining, ev->u.status.reason);
            break;
        case RT_TYPE_FILL:
            snprintf (p, left, " x=%s co=%s oi=%lld %s %g @ %g hc=%d cm=%g", ev->u.fill.exec_id,
                      ev->u.fill.coid, (long long) ev->u.fill.order_id,
                      rt_side_str (ev->u.fill.side), ev->u.fill.qty, ev->u.fill.price,
                      ev->u.fill.has_commission, ev->u.fill.commission);
            break;
        case RT_TYPE_ERROR_EVENT:
            snprintf (p, left, " %d %s ri=%lld oi=%lld '%s'", ev->u.error.code,
                      rt_severity_str (ev->u.error.severity), (long long) ev->u.error.req_id,
                      (long long) ev->u.error.order_id, ev->u.error.message);
            break;
        case RT_TYPE_QUOTE:
            snprintf (p, left, " %g/%g last %g", ev->u.quote.bid, ev->u.quote.ask,
                      ev->u.quote.last);
            break;
        case RT_TYPE_POSITION:
            snprintf (p, left, " %s %s %g", ev->u.pos.account, ev->u.pos.symbol, ev->u.pos.qty);
            break;
        case RT_TYPE_HOLDING:
            snprintf (p, left, " %s qty=%g ac=%g rp=%g up=%g mp=%g n=%u", ev->u.holding.symbol,
                      ev->u.holding.qty, ev->u.holding.avg_cost, ev->u.holding.realized_pnl,
                      ev->u.holding.unrealized_pnl, ev->u.holding.mark_price,
                      ev->u.holding.fills);
            break;
        case RT_TYPE_RISK_DECISION:
            snprintf (p, left, " co=%s %s %s %s '%s'", ev->u.decision.coid,
                      ev->u.decision.accepted ? "accepted" : "refused", ev->u.decision.code,
                      rt_trading_str (ev->u.decision.state), ev->u.decision.reason);
            break;
        case RT_TYPE_RISK_STATE:
            snprintf (p, left, " %s ks=%d oo=%u pl=%g '%s'", rt_trading_str (ev->u.risk.state),
                      ev->u.risk.kill_switch, ev->u.risk.open_orders, ev->u.risk.daily_pnl,
                      ev->u.risk.reason);
            break;
        case RT_TYPE_ACCOUNT_VALUE:
            snprintf (p, left, " %s %s=%s", ev->u.acct.account, ev->u.acct.key,
                      ev->u.acct.value);
            break;
        default:
            break;
    }
}

static void
s_trace_add (rt_test_events_t *self, const rt_test_event_t *ev)
{
    if (ev->decoded && ev->type == RT_TYPE_HEARTBEAT)
        return;
    if (ev->decoded && ev->type == RT_TYPE_QUOTE) {
        size_t i;
        for (i = 0; i < S_TRACED_SYMBOLS && self->quoted [i][0]; i++)
            if (strcmp (self->quoted [i], ev->u.quote.symbol) == 0)
                return;
        if (i == S_TRACED_SYMBOLS)
            return;
        snprintf (self->quoted [i], sizeof self->quoted [i], "%s", ev->u.quote.symbol);
    }
    char *line = self->trace [self->trace_next];
    rt_test_event_describe (ev, line, RT_TEST_TRACE_LINE_MAX);
    if (ev->seq.kind == RT_SEQ_GAP || ev->seq.kind == RT_SEQ_RESTART) {
        size_t len = strlen (line);
        snprintf (line + len, RT_TEST_TRACE_LINE_MAX - len, " [%s: expected %llu]",
                  ev->seq.kind == RT_SEQ_GAP ? "gap" : "restart",
                  (unsigned long long) ev->seq.expected);
    }
    self->trace_next = (self->trace_next + 1) % RT_TEST_TRACE_LINES;
    if (self->trace_count < RT_TEST_TRACE_LINES)
        self->trace_count++;
}

const char *
rt_test_events_trace (rt_test_events_t *self)
{
    free (self->trace_text);
    size_t cap = RT_TEST_TRACE_LINES * (RT_TEST_TRACE_LINE_MAX + 8) + 1;
    self->trace_text = malloc (cap);
    if (!self->trace_text)
        return "(out of memory)";
    size_t used = 0;
    self->trace_text [0] = 0;
    size_t first = (self->trace_next + RT_TEST_TRACE_LINES - self->trace_count)
                 % RT_TEST_TRACE_LINES;
    for (size_t i = 0; i < self->trace_count; i++) {
        const char *line = self->trace [(first + i) % RT_TEST_TRACE_LINES];
        int n = snprintf (self->trace_text + used, cap - used, "    %s\n", line);
        if (n < 0 || (size_t) n >= cap - used)
            break;
        used += (size_t) n;
    }
    if (self->trace_count == 0)
        snprintf (self->trace_text, cap, "    (no events)\n");
    return self->trace_text;
}

void
rt_test_events_trace_clear (rt_test_events_t *self)
{
    self->trace_count = 0;
    self->trace_next = 0;
}

void
rt_test_events_stats (const rt_test_events_t *self, rt_test_events_stats_t *stats)
{
    *stats = self->stats;
}

//  --- Receiving ---------------------------------------------------------------------------

//  Fills ev from a received bus message.
static void
s_decode (rt_test_events_t *self, const rt_bus_msg_t *msg, const rt_seq_event_t *seq,
          bool md, rt_test_event_t *ev)
{
    ev->type = (rt_type_t) msg->header.type;
    ev->md = md;
    ev->decoded = false;
    snprintf (ev->topic, sizeof ev->topic, "%s", msg->topic);
    ev->header = msg->header;
    if (seq)
        ev->seq = *seq;
    else
        memset (&ev->seq, 0, sizeof ev->seq);
    memset (&ev->u, 0, sizeof ev->u);
    const rt_catalogue_entry_t *entry = rt_catalogue_get (ev->type);
    if (!entry) {
        self->stats.unknown_types++;
        return;
    }
    assert (entry->size <= sizeof ev->u);
    int rc = rt_msg_decode (ev->type, &ev->u, (const char *) msg->body, msg->body_len,
                            &self->zone);
    if (rc == 0)
        ev->decoded = true;
    else
        self->stats.decode_errors++;
}

int
rt_test_events_next (rt_test_events_t *self, rt_test_event_t *ev, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        void *which = zpoller_wait (self->poller, left > 0 ? (int) left : 0);
        if (!which) {
            if (zpoller_terminated (self->poller))
                return RT_EIO;
            if (left <= 0 || zpoller_expired (self->poller))
                return RT_ETIMEOUT;
            continue;
        }
        bool md = self->md && which == rt_sub_sock (self->md);
        rt_sub_t *sub = md ? self->md : self->state;
        rt_bus_msg_t msg;
        rt_seq_event_t seq;
        int rc = rt_sub_recv (sub, &msg, &seq, 0);
        if (rc == RT_EAGAIN)
            continue;               //  a malformed message was skipped
        if (rc != 0)
            return rc;
        s_decode (self, &msg, &seq, md, ev);
        self->stats.received++;
        if ((unsigned) ev->type < sizeof self->stats.by_type / sizeof self->stats.by_type [0])
            self->stats.by_type [ev->type]++;
        if (seq.kind == RT_SEQ_GAP)
            self->stats.gaps++;
        if (seq.kind == RT_SEQ_RESTART)
            self->stats.restarts++;
        s_trace_add (self, ev);
        return 0;
    }
}

int
rt_test_events_wait (rt_test_events_t *self, rt_type_t type, rt_test_event_pred_t *pred,
                     const void *arg, rt_test_event_t *ev, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        int rc = rt_test_events_next (self, ev, left > 0 ? (int) left : 0);
        if (rc != 0)
            return rc;
        if (type != RT_TYPE_NONE && (ev->type != type || !ev->decoded))
            continue;
        if (!pred || pred (ev, arg))
            return 0;
    }
}

static bool
s_conn_is (const rt_test_event_t *ev, const void *arg)
{
    return ev->u.conn.state == *(const rt_conn_t *) arg;
}

int
rt_test_events_wait_conn (rt_test_events_t *self, rt_conn_t state, rt_test_event_t *ev,
                          int timeout_ms)
{
    return rt_test_events_wait (self, RT_TYPE_CONN_STATE, s_conn_is, &state, ev, timeout_ms);
}

void
rt_test_events_drain (rt_test_events_t *self)
{
    static rt_test_event_t ev;
    while (rt_test_events_next (self, &ev, 0) == 0)
        ;
}

//  --- Commands ----------------------------------------------------------------------------

int
rt_test_cmd_call (rt_cmd_client_t *client, rt_type_t type, const void *msg,
                  rt_reply_t *reply, rt_test_part_fn_t *on_part, void *arg, int timeout_ms)
{
    assert (client && msg && reply);
    memset (reply, 0, sizeof *reply);
    char topic [RT_TOPIC_MAX];
    int rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc != 0)
        return rc;
    msgpack_sbuffer body;
    msgpack_sbuffer_init (&body);
    msgpack_zone zone;
    if (!msgpack_zone_init (&zone, 8192)) {
        msgpack_sbuffer_destroy (&body);
        return RT_ENOMEM;
    }
    rt_test_event_t *part = malloc (sizeof *part);
    if (!part) {
        rc = RT_ENOMEM;
        goto done;
    }
    rc = rt_msg_pack (type, msg, &body);
    char corr [RT_CORR_MAX];
    if (rc == 0)
        rc = rt_cmd_client_send (client, topic, (uint16_t) type, body.data, body.size, corr);
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    while (rc == 0) {
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0) {
            rc = RT_ETIMEOUT;
            break;
        }
        rt_bus_msg_t in;
        rc = rt_cmd_client_recv (client, &in, (int) left);
        if (rc == RT_EAGAIN) {
            rc = 0;
            continue;
        }
        if (rc != 0)
            break;
        if (in.header.corr [0] && strcmp (in.header.corr, corr) != 0)
            continue;               //  a late answer to an earlier call
        if (in.header.type == RT_TYPE_REPLY) {
            rc = rt_msg_decode (RT_TYPE_REPLY, reply, (const char *) in.body, in.body_len,
                                &zone);
            break;
        }
        if (on_part) {
            memset (part, 0, sizeof *part);
            part->type = (rt_type_t) in.header.type;
            snprintf (part->topic, sizeof part->topic, "%s", in.topic);
            part->header = in.header;
            part->decoded = rt_catalogue_get (part->type)
                         && rt_msg_decode (part->type, &part->u, (const char *) in.body,
                                           in.body_len, &zone) == 0;
            on_part (part, arg);
        }
    }
done:
    free (part);
    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&body);
    return rc;
}
