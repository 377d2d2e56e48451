/*  gw_fsm.c - TWS connection state machine (see gw_fsm.h and README.md). */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_errors.h"
#include "gw_fsm.h"
#include "rt_backoff.h"
#include "rt_breaker.h"

struct _gw_fsm_t {
    gw_fsm_config_t cfg;
    gw_state_t state;
    char reason [GW_FSM_REASON_MAX];
    uint32_t attempt;               //  consecutive failed attempts
    size_t client_index;
    int server_version;
    bool socket_open;               //  the loop holds a TWS socket we must close on failure
    bool have_next_id;
    bool have_accounts;
    bool reconciled;                //  this session's reconciliation finished
    bool link_down;                 //  1100 seen, no 1101/1102 yet
    bool was_ready;                 //  this connection reached READY (else its end is a failure)
    uint64_t phase_deadline;        //  connect / hello / start / reconcile / backoff / breaker
    uint64_t hb_due;                //  next heartbeat (NO_DEADLINE when none)
    uint64_t hb_reply_by;           //  outstanding heartbeat's deadline (NO_DEADLINE: none)
    uint64_t armed;                 //  last deadline given to the loop
    rt_backoff_t backoff;
    rt_breaker_t breaker;
    gw_fsm_stats_t stats;
};

void
gw_fsm_config_defaults (gw_fsm_config_t *cfg)
{
    assert (cfg);
    *cfg = (gw_fsm_config_t) {
        .client_ids = { 1 }, .client_id_count = 1,
        .connect_timeout_ms = 5000, .handshake_timeout_ms = 4000,
        .reconcile_timeout_ms = 30000,
        .backoff_base_ms = 500, .backoff_cap_ms = 30000, .backoff_seed = 0x5eed,
        .breaker_threshold = 5, .breaker_timeout_ms = 300000,
        .heartbeat_interval_ms = 5000, .heartbeat_timeout_ms = 5000,
        .min_server_version = 157, .max_server_version = 200,
    };
}

int
gw_fsm_config_client_ids (gw_fsm_config_t *cfg, int primary, const char *fallbacks)
{
    assert (cfg);
    if (primary < 0)
        return RT_ERANGE;
    int ids [GW_FSM_MAX_CLIENT_IDS] = { primary };
    size_t count = 1;
    const char *p = fallbacks? fallbacks: "";
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p < '0' || *p > '9')
            return RT_EINVAL;
        char *end;
        errno = 0;
        long value = strtol (p, &end, 10);
        if (errno == ERANGE || value > INT_MAX)
            return RT_ERANGE;
        for (size_t i = 0; i < count; i++)
            if (ids [i] == (int) value)
                return RT_EINVAL;
        if (count == GW_FSM_MAX_CLIENT_IDS)
            return RT_ERANGE;
        ids [count++] = (int) value;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ',') {
            p++;
            if (!*p)
                return RT_EINVAL;       //  trailing comma
        }
        else
        if (*p)
            return RT_EINVAL;
    }
    memcpy (cfg->client_ids, ids, sizeof ids);
    cfg->client_id_count = count;
    return 0;
}

gw_fsm_t *
gw_fsm_new (const gw_fsm_config_t *cfg)
{
    assert (cfg);
    if (cfg->client_id_count < 1 || cfg->client_id_count > GW_FSM_MAX_CLIENT_IDS
    ||  cfg->connect_timeout_ms == 0 || cfg->handshake_timeout_ms == 0
    ||  cfg->reconcile_timeout_ms == 0 || cfg->heartbeat_interval_ms == 0
    ||  cfg->heartbeat_timeout_ms == 0 || cfg->backoff_base_ms == 0
    ||  cfg->backoff_cap_ms < cfg->backoff_base_ms || cfg->breaker_threshold == 0
    ||  cfg->min_server_version > cfg->max_server_version)
        return NULL;
    gw_fsm_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = *cfg;
    self->state = GW_STATE_DISCONNECTED;
    snprintf (self->reason, sizeof self->reason, "not started");
    self->phase_deadline = GW_FSM_NO_DEADLINE;
    self->hb_due = GW_FSM_NO_DEADLINE;
    self->hb_reply_by = GW_FSM_NO_DEADLINE;
    self->armed = GW_FSM_NO_DEADLINE;
    rt_backoff_init (&self->backoff, cfg->backoff_base_ms, cfg->backoff_cap_ms,
                     cfg->backoff_seed);
    rt_breaker_init (&self->breaker, cfg->breaker_threshold, cfg->breaker_timeout_ms);
    return self;
}

void
gw_fsm_destroy (gw_fsm_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

static uint64_t
s_after (uint64_t now_ms, uint64_t delay_ms)
{
    return delay_ms >= GW_FSM_NO_DEADLINE - now_ms? GW_FSM_NO_DEADLINE - 1: now_ms + delay_ms;
}

static gw_action_t *
s_push (gw_actions_t *out, gw_action_kind_t kind)
{
    assert (out->count < GW_FSM_MAX_ACTIONS);
    gw_action_t *action = &out->items [out->count++];
    *action = (gw_action_t) { .kind = kind };
    return action;
}

static int
s_client_id (const gw_fsm_t *self)
{
    return self->cfg.client_ids [self->client_index];
}

static void
s_enter (gw_fsm_t *self, gw_state_t state, gw_actions_t *out, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

//  Every state change is published with its reason and the failure count.
static void
s_enter (gw_fsm_t *self, gw_state_t state, gw_actions_t *out, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (self->reason, sizeof self->reason, fmt, args);
    va_end (args);
    self->state = state;
    gw_action_t *action = s_push (out, GW_ACT_PUBLISH_STATE);
    action->state = state;
    action->reason = self->reason;
    action->attempt = self->attempt;
}

static void
s_close (gw_fsm_t *self, gw_actions_t *out)
{
    if (self->socket_open) {
        s_push (out, GW_ACT_CLOSE);
        self->socket_open = false;
    }
    self->hb_due = GW_FSM_NO_DEADLINE;
    self->hb_reply_by = GW_FSM_NO_DEADLINE;
}

static void
s_try_connect (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out)
{
    //  No attempt runs when we get here, so a half-open trial still waiting for its outcome
    //  was abandoned: settle it as failed rather than wait for an outcome that cannot come.
    if (rt_breaker_state (&self->breaker) == RT_BREAKER_HALF_OPEN
    &&  rt_breaker_wait_ms (&self->breaker, now_ms) == UINT64_MAX)
        rt_breaker_failure (&self->breaker, now_ms);
    if (!rt_breaker_allow (&self->breaker, now_ms)) {
        uint64_t wait = rt_breaker_wait_ms (&self->breaker, now_ms);
        if (wait == UINT64_MAX || wait == 0)
            wait = self->cfg.breaker_timeout_ms;
        self->phase_deadline = s_after (now_ms, wait);
        if (self->state != GW_STATE_BREAKER_OPEN)
            s_enter (self, GW_STATE_BREAKER_OPEN, out, "circuit breaker open");
        return;
    }
    bool trial = rt_breaker_state (&self->breaker) == RT_BREAKER_HALF_OPEN;
    self->stats.attempts++;
    self->socket_open = true;
    self->server_version = 0;
    self->have_next_id = false;
    self->have_accounts = false;
    self->reconciled = false;
    self->link_down = false;
    self->was_ready = false;
    self->phase_deadline = s_after (now_ms, self->cfg.connect_timeout_ms);
    s_push (out, GW_ACT_CONNECT)->client_id = s_client_id (self);
    s_enter (self, GW_STATE_CONNECTING, out, "%s (client id %d)",
             trial? "breaker half-open: trial connect": "connecting", s_client_id (self));
}

//  A failed attempt: close at once, count it, rotate the client id when it looks taken, and
//  wait (backoff, or the breaker once it opens).
static void
s_fail (gw_fsm_t *self, bool rotate, uint64_t now_ms, gw_actions_t *out,
        const char *fmt, ...) __attribute__ ((format (printf, 5, 6)));

static void
s_fail (gw_fsm_t *self, bool rotate, uint64_t now_ms, gw_actions_t *out, const char *fmt, ...)
{
    char why [GW_FSM_REASON_MAX];
    va_list args;
    va_start (args, fmt);
    vsnprintf (why, sizeof why, fmt, args);
    va_end (args);

    s_close (self, out);
    self->stats.failures++;
    self->attempt++;
    if (rotate && self->cfg.client_id_count > 1) {
        self->client_index = (self->client_index + 1) % self->cfg.client_id_count;
        self->stats.client_id_switches++;
        s_push (out, GW_ACT_SWITCH_CLIENT_ID)->client_id = s_client_id (self);
    }
    rt_breaker_failure (&self->breaker, now_ms);
    if (rt_breaker_state (&self->breaker) == RT_BREAKER_OPEN) {
        self->stats.breaker_trips = self->breaker.trips;
        self->phase_deadline = s_after (now_ms, rt_breaker_wait_ms (&self->breaker, now_ms));
        s_enter (self, GW_STATE_BREAKER_OPEN, out, "%s; circuit breaker open for %llu ms",
                 why, (unsigned long long) self->cfg.breaker_timeout_ms);
    }
    else {
        uint64_t delay = rt_backoff_next (&self->backoff);
        self->phase_deadline = s_after (now_ms, delay);
        s_enter (self, GW_STATE_BACKOFF, out, "%s; retry in %llu ms",
                 why, (unsigned long long) delay);
    }
}

//  A live session ended (not a failed attempt): reconnect after a short jittered wait.
static void
s_lost (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out, const char *why)
{
    s_close (self, out);
    self->stats.sessions_lost++;
    uint64_t delay = rt_backoff_next (&self->backoff);
    self->phase_deadline = s_after (now_ms, delay);
    s_enter (self, GW_STATE_BACKOFF, out, "session lost: %s; reconnect in %llu ms",
             why, (unsigned long long) delay);
}

static bool
s_session_up (const gw_fsm_t *self)
{
    return self->state == GW_STATE_RECONCILING || self->state == GW_STATE_READY
        || self->state == GW_STATE_DEGRADED;
}

static void
s_maybe_started (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out)
{
    if (!self->have_next_id || !self->have_accounts)
        return;
    //  Reconciliation first: it gates orders; subscriptions follow in the same pacer lane.
    s_push (out, GW_ACT_START_RECONCILE);
    s_push (out, GW_ACT_RESUBSCRIBE_ALL);
    self->phase_deadline = s_after (now_ms, self->cfg.reconcile_timeout_ms);
    self->hb_due = s_after (now_ms, self->cfg.heartbeat_interval_ms);
    self->hb_reply_by = GW_FSM_NO_DEADLINE;
    if (self->link_down) {
        self->phase_deadline = GW_FSM_NO_DEADLINE;
        s_enter (self, GW_STATE_DEGRADED, out, "session up but TWS has no IB link (1100)");
    }
    else
        s_enter (self, GW_STATE_RECONCILING, out, "session up (client id %d, server %d)",
                 s_client_id (self), self->server_version);
}

static void
s_ready (gw_fsm_t *self, gw_actions_t *out, const char *why)
{
    self->phase_deadline = GW_FSM_NO_DEADLINE;
    if (self->state == GW_STATE_RECONCILING)
        self->stats.sessions++;
    rt_breaker_success (&self->breaker, 0);
    rt_backoff_reset (&self->backoff);
    self->attempt = 0;
    self->was_ready = true;
    s_enter (self, GW_STATE_READY, out, "%s", why);
}

static void
s_on_error_code (gw_fsm_t *self, int code, uint64_t now_ms, gw_actions_t *out)
{
    gw_error_info_t info;
    gw_errors_classify (code, GW_ETARGET_NONE, &info);
    if (info.eclass == GW_ECLASS_FARM) {
        self->stats.farm_events++;      //  never a reason to touch the session
        return;
    }
    bool connected = self->state == GW_STATE_HANDSHAKE || self->state == GW_STATE_STARTING
                  || s_session_up (self);
    switch (info.session) {
        case GW_SESSION_DEGRADED:
            if (!connected)
                break;
            self->link_down = true;
            if (self->state == GW_STATE_READY || self->state == GW_STATE_RECONCILING) {
                //  No deadline: IB documents 1101/1102 as the way out; a dead socket still
                //  shows up as a peer close.
                self->phase_deadline = GW_FSM_NO_DEADLINE;
                self->hb_due = GW_FSM_NO_DEADLINE;
                self->hb_reply_by = GW_FSM_NO_DEADLINE;
                s_enter (self, GW_STATE_DEGRADED, out, "1100: TWS lost connectivity to IB");
            }
            break;
        case GW_SESSION_RESTORED_LOST:
        case GW_SESSION_RESTORED: {
            if (!connected)
                break;
            bool lost = info.session == GW_SESSION_RESTORED_LOST;
            self->link_down = false;
            if (lost && s_session_up (self))
                s_push (out, GW_ACT_RESUBSCRIBE_ALL);
            if (self->state != GW_STATE_DEGRADED)
                break;
            self->hb_due = s_after (now_ms, self->cfg.heartbeat_interval_ms);
            if (self->reconciled)
                s_ready (self, out, lost? "1101: restored, data lost: resubscribed"
                                        : "1102: restored, data maintained");
            else {
                if (lost)
                    s_push (out, GW_ACT_START_RECONCILE);
                self->phase_deadline = s_after (now_ms, self->cfg.reconcile_timeout_ms);
                s_enter (self, GW_STATE_RECONCILING, out, "%d: restored, reconciling", code);
            }
            break;
        }
        case GW_SESSION_RECONNECT:
            if (self->was_ready && s_session_up (self))
                s_lost (self, now_ms, out, "1300: socket port reset");
            else
            if (connected)
                s_fail (self, false, now_ms, out, "1300: socket port reset");
            break;
        case GW_SESSION_CLIENT_ID:
            if (connected)
                s_fail (self, true, now_ms, out, "326: client id %d in use?",
                        s_client_id (self));
            break;
        case GW_SESSION_NONE:
            break;
    }
}

static void
s_on_peer_closed (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out)
{
    switch (self->state) {
        case GW_STATE_CONNECTING:
            s_fail (self, false, now_ms, out, "connect failed");
            break;
        case GW_STATE_HANDSHAKE:
            s_fail (self, false, now_ms, out, "peer closed before the version reply");
            break;
        case GW_STATE_STARTING:
            //  The server drops a second session on a taken id, often without 326 (ib_async:
            //  "Peer closed connection. clientId N already in use?").
            s_fail (self, true, now_ms, out,
                    "peer closed before nextValidId: client id %d in use?", s_client_id (self));
            break;
        case GW_STATE_RECONCILING:
        case GW_STATE_READY:
        case GW_STATE_DEGRADED:
            if (self->was_ready)
                s_lost (self, now_ms, out, "peer closed");
            else
                s_fail (self, false, now_ms, out, "peer closed before the session was ready");
            break;
        default:
            self->stats.ignored_events++;
            break;
    }
}

static void
s_on_heartbeat_tick (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out)
{
    if (self->hb_reply_by != GW_FSM_NO_DEADLINE && now_ms >= self->hb_reply_by) {
        self->stats.heartbeat_misses++;
        if (self->was_ready)
            s_lost (self, now_ms, out, "heartbeat missed (dead peer)");
        else
            s_fail (self, false, now_ms, out, "heartbeat missed (dead peer)");
        return;
    }
    if (self->hb_reply_by == GW_FSM_NO_DEADLINE && now_ms >= self->hb_due) {
        s_push (out, GW_ACT_SEND_HEARTBEAT);
        self->stats.heartbeats_sent++;
        self->hb_reply_by = s_after (now_ms, self->cfg.heartbeat_timeout_ms);
        self->hb_due = s_after (now_ms, self->cfg.heartbeat_interval_ms);
    }
}

static void
s_on_tick (gw_fsm_t *self, uint64_t now_ms, gw_actions_t *out)
{
    bool due = now_ms >= self->phase_deadline;
    switch (self->state) {
        case GW_STATE_CONNECTING:
            if (due)
                s_fail (self, false, now_ms, out, "connect timeout after %llu ms",
                        (unsigned long long) self->cfg.connect_timeout_ms);
            break;
        case GW_STATE_HANDSHAKE:
            if (due)
                s_fail (self, false, now_ms, out,
                        "no version reply within %llu ms (accept dialog? Gateway starting?)",
                        (unsigned long long) self->cfg.handshake_timeout_ms);
            break;
        case GW_STATE_STARTING:
            if (due)
                s_fail (self, false, now_ms, out, "no %s within %llu ms",
                        !self->have_next_id? "nextValidId": "managedAccounts",
                        (unsigned long long) self->cfg.handshake_timeout_ms);
            break;
        case GW_STATE_RECONCILING:
            if (due)
                s_fail (self, false, now_ms, out, "reconciliation timeout after %llu ms",
                        (unsigned long long) self->cfg.reconcile_timeout_ms);
            else
                s_on_heartbeat_tick (self, now_ms, out);
            break;
        case GW_STATE_READY:
            s_on_heartbeat_tick (self, now_ms, out);
            break;
        case GW_STATE_BACKOFF:
        case GW_STATE_BREAKER_OPEN:
            if (due)
                s_try_connect (self, now_ms, out);
            break;
        default:
            break;
    }
}

static void
s_dispatch (gw_fsm_t *self, gw_event_kind_t kind, int64_t arg, uint64_t now_ms,
            gw_actions_t *out)
{
    gw_state_t state = self->state;
    switch (kind) {
        case GW_EV_START:
            if (state != GW_STATE_DISCONNECTED)
                goto ignored;
            s_try_connect (self, now_ms, out);
            return;
        case GW_EV_STOP:
            if (state == GW_STATE_DISCONNECTED)
                goto ignored;
            //  A half-open trial abandoned by a stop must still be settled, or the breaker
            //  would wait forever for its outcome.
            if (rt_breaker_state (&self->breaker) == RT_BREAKER_HALF_OPEN)
                rt_breaker_failure (&self->breaker, now_ms);
            s_close (self, out);
            self->phase_deadline = GW_FSM_NO_DEADLINE;
            s_enter (self, GW_STATE_DISCONNECTED, out, "stopped");
            return;
        case GW_EV_TCP_CONNECTED:
            if (state != GW_STATE_CONNECTING)
                goto ignored;
            s_push (out, GW_ACT_SEND_HELLO);
            self->phase_deadline = s_after (now_ms, self->cfg.handshake_timeout_ms);
            s_enter (self, GW_STATE_HANDSHAKE, out, "TCP connected, hello sent");
            return;
        case GW_EV_TCP_FAILED:
            if (state != GW_STATE_CONNECTING)
                goto ignored;
            s_fail (self, false, now_ms, out, "connect failed");
            return;
        case GW_EV_HELLO_REPLY:
            if (state != GW_STATE_HANDSHAKE)
                goto ignored;
            if (arg < self->cfg.min_server_version)
                s_fail (self, false, now_ms, out, "Gateway too old: server version %lld < %d",
                        (long long) arg, self->cfg.min_server_version);
            else
            if (arg > self->cfg.max_server_version)
                s_fail (self, false, now_ms, out, "server version %lld above our maximum %d",
                        (long long) arg, self->cfg.max_server_version);
            else {
                self->server_version = (int) arg;
                s_push (out, GW_ACT_SEND_START_API)->client_id = s_client_id (self);
                self->phase_deadline = s_after (now_ms, self->cfg.handshake_timeout_ms);
                s_enter (self, GW_STATE_STARTING, out, "server version %d, START_API sent",
                         self->server_version);
            }
            return;
        case GW_EV_VERSION_REJECTED:
            if (state != GW_STATE_HANDSHAKE)
                goto ignored;
            s_fail (self, false, now_ms, out, "server rejected our version range");
            return;
        case GW_EV_NEXT_VALID_ID:
        case GW_EV_MANAGED_ACCOUNTS:
            if (state == GW_STATE_STARTING) {
                if (kind == GW_EV_NEXT_VALID_ID)
                    self->have_next_id = true;
                else
                    self->have_accounts = true;
                s_maybe_started (self, now_ms, out);
            }
            else
            if (!s_session_up (self))           //  later ones (reqIds) are normal
                goto ignored;
            return;
        case GW_EV_RECONCILE_DONE:
            if (state != GW_STATE_RECONCILING && state != GW_STATE_DEGRADED)
                goto ignored;
            self->reconciled = true;
            if (state == GW_STATE_RECONCILING)
                s_ready (self, out, "reconciled: accepting orders");
            return;
        case GW_EV_ERROR_CODE:
            s_on_error_code (self, (int) (arg > INT_MAX || arg < INT_MIN? 0: arg), now_ms, out);
            return;
        case GW_EV_PEER_CLOSED:
            s_on_peer_closed (self, now_ms, out);
            return;
        case GW_EV_HEARTBEAT_REPLY:
            self->hb_reply_by = GW_FSM_NO_DEADLINE;
            return;
        case GW_EV_TICK:
            s_on_tick (self, now_ms, out);
            return;
        case GW_EV_COUNT:
            break;
    }
ignored:
    self->stats.ignored_events++;
}

uint64_t
gw_fsm_deadline (const gw_fsm_t *self)
{
    assert (self);
    uint64_t deadline = self->phase_deadline;
    if (self->state == GW_STATE_READY || self->state == GW_STATE_RECONCILING) {
        uint64_t hb = self->hb_reply_by != GW_FSM_NO_DEADLINE? self->hb_reply_by: self->hb_due;
        if (hb < deadline)
            deadline = hb;
    }
    return deadline;
}

int
gw_fsm_event (gw_fsm_t *self, gw_event_kind_t kind, int64_t arg, uint64_t now_ms,
              gw_actions_t *out)
{
    assert (self);
    assert (out);
    out->count = 0;
    if ((int) kind < 0 || kind >= GW_EV_COUNT)
        return RT_EINVAL;
    s_dispatch (self, kind, arg, now_ms, out);
    uint64_t deadline = gw_fsm_deadline (self);
    if (deadline != self->armed) {
        self->armed = deadline;
        s_push (out, GW_ACT_ARM_TIMER)->at_ms = deadline;
    }
    return 0;
}

gw_state_t
gw_fsm_state (const gw_fsm_t *self)
{
    assert (self);
    return self->state;
}

bool
gw_fsm_accepts_orders (const gw_fsm_t *self)
{
    assert (self);
    return self->state == GW_STATE_READY;
}

int
gw_fsm_client_id (const gw_fsm_t *self)
{
    assert (self);
    return s_client_id (self);
}

int
gw_fsm_server_version (const gw_fsm_t *self)
{
    assert (self);
    return self->server_version;
}

uint32_t
gw_fsm_attempt (const gw_fsm_t *self)
{
    assert (self);
    return self->attempt;
}

const char *
gw_fsm_reason (const gw_fsm_t *self)
{
    assert (self);
    return self->reason;
}

void
gw_fsm_stats (const gw_fsm_t *self, gw_fsm_stats_t *stats)
{
    assert (self && stats);
    *stats = self->stats;
    stats->breaker_trips = self->breaker.trips;
}

const char *
gw_state_name (gw_state_t state)
{
    static const char *const names [GW_STATE_COUNT] = {
        "disconnected", "connecting", "handshake", "starting", "reconciling",
        "ready", "degraded", "backoff", "breaker_open"
    };
    return (int) state >= 0 && state < GW_STATE_COUNT? names [state]: "unknown";
}

const char *
gw_action_name (gw_action_kind_t kind)
{
    static const char *const names [] = {
        "connect", "close", "send_hello", "send_start_api", "send_heartbeat",
        "start_reconcile", "resubscribe_all", "switch_client_id", "publish_state", "arm_timer"
    };
    return (int) kind >= 0 && (size_t) kind < sizeof names / sizeof names [0]?
           names [kind]: "unknown";
}

const char *
gw_event_name (gw_event_kind_t kind)
{
    static const char *const names [GW_EV_COUNT] = {
        "start", "tcp_connected", "tcp_failed", "hello_reply", "version_rejected",
        "next_valid_id", "managed_accounts", "error_code", "peer_closed", "reconcile_done",
        "heartbeat_reply", "tick", "stop"
    };
    return (int) kind >= 0 && kind < GW_EV_COUNT? names [kind]: "unknown";
}
