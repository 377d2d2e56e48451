/*  gw_loop.c - rt-gateway's event loop: one zloop over the TWS socket, the command ROUTER
    and three timers (the state machine's deadline, the pacer's next release, the heartbeat).

    The state machine decides; this file executes its actions in order. An event raised while
    actions run (a connect refused at once, a write failing inside a module's request, a
    module reporting reconciliation done from inside on_session) waits in a small queue and
    is fed after the current actions, so the machine never sees itself re-entered and an
    action list is never cut in half.
*/
#include <stdarg.h>
#include <sys/signalfd.h>
#include <string.h>
#include <unistd.h>
#include "gw_loop.h"
#include "rt_clock.h"
#include "rt_log.h"

//  ---------------------------------------------------------------------------------------
//  Timers

static int
s_on_fsm_timer (zloop_t *loop, int timer_id, void *arg)
{
    gw_t *self = (gw_t *) arg;
    if (timer_id == self->fsm_timer)
        self->fsm_timer = -1;
    self->fsm_timer_at = GW_FSM_NO_DEADLINE;
    gw_loop_feed (self, GW_EV_TICK, 0);
    return 0;
}

static int
s_on_pacer_timer (zloop_t *loop, int timer_id, void *arg)
{
    gw_t *self = (gw_t *) arg;
    if (timer_id == self->pacer_timer)
        self->pacer_timer = -1;
    self->pacer_timer_at = UINT64_MAX;
    gw_session_flush (self);
    return 0;
}

//  One-shot zloop timer at `at` (ms, our clock) replacing *id; UINT64_MAX disarms.
static void
s_arm (gw_t *self, int *id, uint64_t *armed_at, uint64_t at, zloop_timer_fn handler)
{
    if (*armed_at == at && (*id >= 0 || at == UINT64_MAX))
        return;
    if (*id >= 0)
        zloop_timer_end (self->loop, *id);
    *id = -1;
    *armed_at = at;
    if (at == UINT64_MAX)
        return;
    uint64_t now = gw_now_ms (self);
    size_t delay = at > now? (size_t) (at - now): 0;
    *id = zloop_timer (self->loop, delay, 1, handler, self);
    if (*id < 0) {
        rt_log_error ("zloop: cannot arm a timer");
        *armed_at = UINT64_MAX;
    }
}

void
gw_loop_arm_pacer (gw_t *self, uint64_t at)
{
    s_arm (self, &self->pacer_timer, &self->pacer_timer_at, at, s_on_pacer_timer);
}

//  ---------------------------------------------------------------------------------------
//  State

rt_conn_t
gw_loop_conn (gw_state_t state)
{
    switch (state) {
        case GW_STATE_DISCONNECTED: return RT_CONN_DISCONNECTED;
        case GW_STATE_CONNECTING:   return RT_CONN_CONNECTING;
        case GW_STATE_HANDSHAKE:    return RT_CONN_HANDSHAKE;
        case GW_STATE_STARTING:     return RT_CONN_STARTING;
        case GW_STATE_RECONCILING:  return RT_CONN_RECONCILING;
        case GW_STATE_READY:        return RT_CONN_READY;
        case GW_STATE_DEGRADED:     return RT_CONN_DEGRADED;
        case GW_STATE_BACKOFF:      return RT_CONN_BACKOFF;
        case GW_STATE_BREAKER_OPEN: return RT_CONN_BREAKER_OPEN;
        default:                    return RT_CONN_NONE;
    }
}

void
gw_loop_conn_state (gw_t *self, rt_conn_state_t *msg, const char *reason)
{
    memset (msg, 0, sizeof *msg);
    gw_state_t state = gw_fsm_state (self->fsm);
    msg->state = gw_loop_conn (state);
    snprintf (msg->reason, sizeof msg->reason, "%s", reason? reason: gw_fsm_reason (self->fsm));
    msg->attempt = gw_fsm_attempt (self->fsm);
    msg->server_version = gw_fsm_server_version (self->fsm);
    msg->client_id = gw_fsm_client_id (self->fsm);
    if (state == GW_STATE_BACKOFF || state == GW_STATE_BREAKER_OPEN) {
        uint64_t deadline = gw_fsm_deadline (self->fsm), now = gw_now_ms (self);
        if (deadline != GW_FSM_NO_DEADLINE)
            msg->next_retry_ms = deadline > now? deadline - now: 0;
    }
}

static void
s_publish_state (gw_t *self, const gw_action_t *act)
{
    rt_conn_state_t msg;
    gw_loop_conn_state (self, &msg, act->reason);
    //  The action's state, not the machine's: a later action of the same list may have
    //  moved it on, and every step is worth seeing.
    msg.state = gw_loop_conn (act->state);
    msg.attempt = act->attempt;
    rt_log_info ("state %s: %s (attempt %u, client id %d, server %d%s)",
                 gw_state_name (act->state), msg.reason, msg.attempt, msg.client_id,
                 msg.server_version, msg.next_retry_ms? ", retry scheduled": "");
    gw_publish (self, GW_STREAM_STATE, RT_TYPE_CONN_STATE, &msg, NULL);
}

static void
s_close (gw_t *self)
{
    bool had_socket = self->fd >= 0;
    gw_session_close (self);
    //  Queued orders never reached TWS: say so, each one, before the queue is dropped.
    const void *frame;
    size_t len;
    gw_pacer_meta_t meta;
    uint64_t now = gw_now_ms (self);
    while (gw_pacer_drop (self->pacer, now, &frame, &len, &meta) == 0) {
        if (meta.lane != GW_LANE_ORDER)
            break;
        gw_report (self, RT_ECLOSED, RT_SEVERITY_ERROR, -1, (int64_t) meta.tag,
                   "order request for id %llu not sent: the TWS session closed first",
                   (unsigned long long) meta.tag);
    }
    uint32_t dropped = gw_pacer_reset (self->pacer);
    if (dropped)
        rt_log_info ("pacer: %u queued requests dropped with the session", dropped);
    gw_loop_arm_pacer (self, UINT64_MAX);
    if (self->modules_up) {
        self->modules_up = false;
        if (self->orders)
            gw_orders_on_lost (self->orders);
        if (self->md)
            gw_md_on_lost (self->md);
    }
    if (had_socket)
        rt_log_debug ("tws: socket closed");
}

static int
s_send_simple (gw_t *self, int which, int client_id)
{
    tws_writer_t *w = gw_tws_begin (self);
    int sv = gw_server_version (self);
    if (which == GW_ACT_SEND_START_API) {
        tws_start_api_t m = { .client_id = client_id };
        tws_start_api_encode (w, sv, &m);
    }
    else {
        tws_req_current_time_t m = { 0 };
        tws_req_current_time_encode (w, sv, &m);
    }
    int rc = gw_tws_commit (self, GW_LANE_GENERAL, 0, NULL);
    if (rc)
        rt_log_warn ("tws: cannot queue %s: %s", gw_action_name ((gw_action_kind_t) which),
                     rt_strerror (rc));
    return rc;
}

static void
s_execute (gw_t *self, const gw_actions_t *acts)
{
    bool reconcile_in_list = false;
    for (size_t i = 0; i < acts->count; i++)
        if (acts->items [i].kind == GW_ACT_START_RECONCILE)
            reconcile_in_list = true;

    for (size_t i = 0; i < acts->count; i++) {
        const gw_action_t *act = &acts->items [i];
        rt_log_trace ("fsm action %s", gw_action_name (act->kind));
        switch (act->kind) {
            case GW_ACT_CONNECT:
                if (gw_session_connect (self) != 0)
                    gw_loop_feed (self, GW_EV_TCP_FAILED, 0);
                break;
            case GW_ACT_CLOSE:
                s_close (self);
                break;
            case GW_ACT_SEND_HELLO:
                if (gw_session_send_hello (self) != 0)
                    gw_loop_feed (self, GW_EV_PEER_CLOSED, 0);
                break;
            case GW_ACT_SEND_START_API:
            case GW_ACT_SEND_HEARTBEAT:
                s_send_simple (self, act->kind, act->client_id);
                break;
            case GW_ACT_START_RECONCILE:
                self->modules_up = true;
                if (self->orders)
                    gw_orders_on_session (self->orders, self->fresh);
                break;
            case GW_ACT_RESUBSCRIBE_ALL:
                self->modules_up = true;
                if (self->md)
                    gw_md_on_session (self->md, self->fresh);
                //  1101 with the session already reconciled: account streams and order
                //  states may have changed in the gap, so orders reconcile again too.
                if (!reconcile_in_list && !self->fresh && self->orders)
                    gw_orders_on_session (self->orders, false);
                break;
            case GW_ACT_SWITCH_CLIENT_ID:
                rt_log_warn ("tws: next attempt uses client id %d", act->client_id);
                break;
            case GW_ACT_PUBLISH_STATE:
                s_publish_state (self, act);
                break;
            case GW_ACT_ARM_TIMER:
                break;              //  armed from gw_fsm_deadline after the list
        }
    }
    for (size_t i = 0; i < acts->count; i++)
        if (acts->items [i].kind == GW_ACT_START_RECONCILE
        ||  acts->items [i].kind == GW_ACT_RESUBSCRIBE_ALL)
            self->fresh = false;
}

void
gw_loop_feed (gw_t *self, gw_event_kind_t kind, int64_t arg)
{
    if (self->in_fsm) {
        if (self->pending_n == GW_PENDING_MAX) {
            rt_log_error ("fsm: event queue full, %s dropped", gw_event_name (kind));
            return;
        }
        self->pending [self->pending_n].kind = kind;
        self->pending [self->pending_n].arg = arg;
        self->pending_n++;
        return;
    }
    self->in_fsm = true;
    while (true) {
        gw_actions_t acts;
        rt_log_trace ("fsm event %s %lld", gw_event_name (kind), (long long) arg);
        if (gw_fsm_event (self->fsm, kind, arg, gw_now_ms (self), &acts) == 0)
            s_execute (self, &acts);
        if (self->pending_n == 0)
            break;
        kind = self->pending [0].kind;
        arg = self->pending [0].arg;
        memmove (self->pending, self->pending + 1, (self->pending_n - 1) * sizeof self->pending [0]);
        self->pending_n--;
    }
    self->in_fsm = false;
    s_arm (self, &self->fsm_timer, &self->fsm_timer_at, gw_fsm_deadline (self->fsm),
           s_on_fsm_timer);
}

//  ---------------------------------------------------------------------------------------
//  Construction

gw_t *
gw_loop_new (const gw_config_t *cfg, int *status)
{
    *status = 1;
    gw_t *self = (gw_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = cfg;
    self->fd = -1;
    self->fsm_timer = self->pacer_timer = self->hb_timer = -1;
    self->fsm_timer_at = self->pacer_timer_at = UINT64_MAX;
    self->next_req_id = GW_REQ_ID_BASE;
    self->start_ms = rt_clock_mono_ms ();
    self->last_state = GW_STATE_DISCONNECTED;
    msgpack_sbuffer_init (&self->sbuf);
    msgpack_zone_init (&self->zone, 2048);
    gw_hb_init (self);

    char err [256];
    if (gw_session_resolve (self, err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: %s\n", err);
        *status = 2;
        goto fail;
    }
    gw_fsm_config_t fcfg = cfg->fsm;
    fcfg.backoff_seed = (uint64_t) getpid () ^ rt_clock_mono_ns ();
    self->fsm = gw_fsm_new (&fcfg);
    self->pacer = gw_pacer_new (&cfg->pacer, gw_now_ms (self));
    self->stage = (uint8_t *) malloc (cfg->pacer.frame_max);
    if (!self->fsm || !self->pacer || !self->stage
    ||  gw_rx_init (&self->rx, GW_RX_CAP) != 0) {
        rt_log_error ("gateway: cannot set up the state machine, pacer or buffers");
        goto fail;
    }
    self->loop = zloop_new ();
    self->pub [GW_STREAM_STATE] = rt_pub_new (cfg->pub_endpoint, "gateway");
    //  Market data is its own sequenced stream ("gateway-md") behind the gateway's CURVE
    //  key and allow list, so a subscriber trusts one gateway key for both streams.
    rt_bus_opts_t md_opts = { .curve_role = "gateway" };
    self->pub [GW_STREAM_MD] = rt_pub_new_opts (cfg->md_endpoint, "gateway-md", &md_opts);
    self->cmd = rt_cmd_server_new (cfg->cmd_endpoint, "gateway");
    if (!self->loop || !self->pub [0] || !self->pub [1] || !self->cmd) {
        rt_log_error ("gateway: cannot bind its sockets (pub %s, md %s, cmd %s)",
                      cfg->pub_endpoint, cfg->md_endpoint, cfg->cmd_endpoint);
        goto fail;
    }
    if (zloop_reader (self->loop, rt_cmd_server_sock (self->cmd), gw_cmd_on_readable, self) != 0)
        goto fail;
    self->hb_timer = zloop_timer (self->loop, 1000, 0, gw_hb_on_timer, self);
    if (self->hb_timer < 0)
        goto fail;
    //  Modules last: they may publish or ask for ids as soon as they exist.
    self->orders = gw_orders_new (self, cfg->data_dir);
    if (!self->orders) {
        fprintf (stderr, "configuration error: the order module could not start "
                 "(RT_DATA_DIR=%s; see the log)\n", cfg->data_dir);
        *status = 2;
        goto fail;
    }
    self->md = gw_md_new (self);
    if (!self->md) {
        rt_log_error ("gateway: the market-data module could not start");
        goto fail;
    }
    return self;
fail:
    gw_loop_destroy (&self);
    return NULL;
}

void
gw_loop_destroy (gw_t **self_p)
{
    assert (self_p);
    gw_t *self = *self_p;
    if (!self)
        return;
    gw_session_close (self);
    gw_md_destroy (&self->md);
    gw_orders_destroy (&self->orders);
    zloop_destroy (&self->loop);
    rt_cmd_server_destroy (&self->cmd);
    rt_pub_destroy (&self->pub [GW_STREAM_MD]);
    rt_pub_destroy (&self->pub [GW_STREAM_STATE]);
    gw_fsm_destroy (&self->fsm);
    gw_pacer_destroy (&self->pacer);
    gw_rx_fini (&self->rx);
    free (self->stage);
    msgpack_zone_destroy (&self->zone);
    msgpack_sbuffer_destroy (&self->sbuf);
    free (self);
    *self_p = NULL;
}

static int
s_on_signal (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    gw_t *self = (gw_t *) arg;
    struct signalfd_siginfo info;
    ssize_t n = read (item->fd, &info, sizeof info);
    if (n != (ssize_t) sizeof info)
        return 0;                   //  spurious wake-up: nothing to read yet
    rt_log_info ("signal %u: stopping", info.ssi_signo);
    self->stopping = true;
    return -1;                      //  ends zloop_start
}

int
gw_loop_run (gw_t *self, int sigfd)
{
    zmq_pollitem_t item = { NULL, sigfd, ZMQ_POLLIN, 0 };
    if (zloop_poller (self->loop, &item, s_on_signal, self) != 0) {
        rt_log_error ("zloop: cannot watch signals");
        return -1;
    }
    printf ("rt-gateway ready: pub=%s md=%s cmd=%s\n", rt_pub_endpoint (self->pub [GW_STREAM_STATE]),
            rt_pub_endpoint (self->pub [GW_STREAM_MD]), rt_cmd_server_endpoint (self->cmd));
    fflush (stdout);
    rt_log_info ("ready: pub=%s md=%s cmd=%s, TWS at %s:%d", rt_pub_endpoint (self->pub [0]),
                 rt_pub_endpoint (self->pub [1]), rt_cmd_server_endpoint (self->cmd),
                 self->cfg->tws_host, self->cfg->tws_port);
    gw_loop_feed (self, GW_EV_START, 0);
    int rc = zloop_start (self->loop);
    //  Stopping: close the TWS socket cleanly and say so before the sockets go.
    gw_loop_feed (self, GW_EV_STOP, 0);
    return self->stopping || zsys_interrupted? 0: rc;
}

//  ---------------------------------------------------------------------------------------
//  What the loop offers modules (gw.h)

int
gw_server_version (const gw_t *self)
{
    return gw_fsm_server_version (self->fsm);
}

uint64_t
gw_now_ms (const gw_t *self)
{
    (void) self;
    return rt_clock_mono_ms ();
}

bool
gw_tws_up (const gw_t *self)
{
    gw_state_t s = gw_fsm_state (self->fsm);
    return self->fd >= 0 && self->connected && !self->io_failed
        && (s == GW_STATE_STARTING || s == GW_STATE_RECONCILING || s == GW_STATE_READY
         || s == GW_STATE_DEGRADED);
}

tws_writer_t *
gw_tws_begin (gw_t *self)
{
    assert (!self->writing);
    self->writing = true;
    tws_writer_init (&self->writer, self->stage, self->cfg->pacer.frame_max);
    return &self->writer;
}

int
gw_tws_commit (gw_t *self, gw_lane_t lane, uint64_t tag, const gw_hist_req_t *hist)
{
    assert (self->writing);
    self->writing = false;
    size_t len = 0;
    if (tws_writer_finish (&self->writer, &len) != 0)
        return RT_ERANGE;
    if (!gw_tws_up (self))
        return RT_ECLOSED;
    int rc = gw_pacer_push (self->pacer, lane, self->stage, len, tag, hist, gw_now_ms (self));
    if (rc == RT_EAGAIN) {
        gw_count (self, "paced", 1);
        return rc;
    }
    if (rc)
        return rc;
    gw_session_flush (self);
    return 0;
}

void
gw_hist_done (gw_t *self)
{
    gw_pacer_hist_done (self->pacer);
    gw_session_flush (self);
}

int
gw_next_req_id (gw_t *self)
{
    if (self->next_req_id == INT32_MAX)
        self->next_req_id = GW_REQ_ID_BASE;
    return self->next_req_id++;
}

const char *
gw_account (const gw_t *self)
{
    return self->account [0]? self->account: self->cfg->account;
}

int
gw_publish (gw_t *self, gw_stream_t stream, rt_type_t type, const void *msg, const char *corr)
{
    char topic [128];
    int rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc == 0)
        rc = rt_pub_send (self->pub [stream], topic, (uint16_t) type, corr,
                          self->sbuf.data, self->sbuf.size);
    if (rc) {
        self->errors++;
        gw_count (self, "publish_errors", 1);
        rt_log_warn ("publish %s: %s", rt_type_name (type), rt_strerror (rc));
        return rc;
    }
    if (type == RT_TYPE_QUOTE)
        gw_count (self, "quotes", 1);
    else
    if (type == RT_TYPE_FILL)
        gw_count (self, "fills", 1);
    return 0;
}

void
gw_report (gw_t *self, int code, rt_severity_t severity, int64_t req_id, int64_t order_id,
           const char *fmt, ...)
{
    rt_error_event_t ev;
    memset (&ev, 0, sizeof ev);
    va_list args;
    va_start (args, fmt);
    vsnprintf (ev.message, sizeof ev.message, fmt, args);
    va_end (args);
    if (!ev.message [0])
        snprintf (ev.message, sizeof ev.message, "error %d", code);
    ev.code = code;
    ev.severity = severity;
    snprintf (ev.source, sizeof ev.source, "gateway");
    ev.req_id = req_id;
    ev.order_id = order_id;
    rt_log_level_t level = severity >= RT_SEVERITY_ERROR? RT_LOG_ERROR
                         : severity == RT_SEVERITY_WARNING? RT_LOG_WARN: RT_LOG_INFO;
    if (rt_log_enabled (level))
        rt_log_write (level, "error %d (id %lld, order %lld): %s", code, (long long) req_id,
                      (long long) order_id, ev.message);
    if (severity >= RT_SEVERITY_ERROR) {
        self->errors++;
        gw_count (self, "errors", 1);
    }
    gw_publish (self, GW_STREAM_STATE, RT_TYPE_ERROR_EVENT, &ev, NULL);
}

int
gw_send_to_peer (gw_t *self, const rt_cmd_peer_t *peer, rt_type_t type, const void *msg)
{
    char topic [128];
    int rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc == 0)
        rc = rt_cmd_server_reply (self->cmd, peer, topic, (uint16_t) type,
                                  self->sbuf.data, self->sbuf.size);
    if (rc)
        rt_log_warn ("send %s to a command peer: %s", rt_type_name (type), rt_strerror (rc));
    return rc;
}

int
gw_reply (gw_t *self, const rt_cmd_peer_t *peer, bool ok, int code, const char *id,
          const char *fmt, ...)
{
    rt_reply_t r;
    memset (&r, 0, sizeof r);
    r.ok = ok;
    r.code = code;
    if (fmt) {
        va_list args;
        va_start (args, fmt);
        vsnprintf (r.reason, sizeof r.reason, fmt, args);
        va_end (args);
    }
    snprintf (r.corr, sizeof r.corr, "%s", peer->corr);
    if (id)
        snprintf (r.id, sizeof r.id, "%s", id);
    //  Single-threaded: everything published so far is in the state this reply describes.
    r.seq = rt_pub_seq (self->pub [GW_STREAM_STATE]);
    return gw_send_to_peer (self, peer, RT_TYPE_REPLY, &r);
}

void
gw_reconcile_done (gw_t *self)
{
    gw_loop_feed (self, GW_EV_RECONCILE_DONE, 0);
}

bool
gw_accepts_orders (const gw_t *self)
{
    return gw_fsm_accepts_orders (self->fsm);
}
