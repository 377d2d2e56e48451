/*  risk_main.c - rt-risk: pre-trade checks on RT_RISK_CMD, trading state on RT_RISK_PUB.

    One zloop (lib/rt_service): the command ROUTER, three subscribers (orders' whole stream,
    the gateway's positions and order statuses, the gateway's quotes), a DEALER to the orders
    service (snapshots, cancel_all), a 1 s timer (RISK_STATE, loss check, pending expiry)
    and a 100 ms timer for request time-outs. Nothing waits for another service.
    README.md beside this file: rules, codes, variables, state machine.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rt_service.h"
#include "rt_clock.h"
#include "rt_log.h"
#include "risk_rules.h"
#include "risk_view.h"

#define CANCEL_TRIES 3

static struct {
    char allow [4096];
    char deny [4096];
    double max_qty, max_notional, max_position, max_gross, collar_pct, daily_loss;
    int max_open_orders, max_per_sec, loss_action;
    uint64_t view_grace_ms, snapshot_timeout_ms, cancel_timeout_ms;
} cfg;

static const char *const s_actions [] = { "REDUCING", "HALTED", NULL };

static const rt_config_var_t s_vars [] = {
    RT_CFG_STRING ("RISK_ALLOW_SYMBOLS", cfg.allow, "",
                   "symbols allowed to trade, comma-separated (empty: all not denied)"),
    RT_CFG_STRING ("RISK_DENY_SYMBOLS", cfg.deny, "", "symbols never traded, comma-separated"),
    RT_CFG_DOUBLE ("RISK_MAX_QTY", &cfg.max_qty, "1000", 1, 1e12, "shares per order"),
    RT_CFG_DOUBLE ("RISK_MAX_NOTIONAL", &cfg.max_notional, "100000", 1, 1e15,
                   "value per order (qty x price), account currency"),
    RT_CFG_DOUBLE ("RISK_MAX_POSITION", &cfg.max_position, "2000", 1, 1e12,
                   "shares per symbol after the order and the open orders would fill"),
    RT_CFG_DOUBLE ("RISK_MAX_GROSS", &cfg.max_gross, "1000000", 1, 1e15,
                   "gross exposure of the account (sum of |position| x price), projected"),
    RT_CFG_INT ("RISK_MAX_OPEN_ORDERS", &cfg.max_open_orders, "50", 1, RISK_ORDERS_MAX,
                "orders working at once"),
    RT_CFG_INT ("RISK_MAX_ORDERS_PER_SEC", &cfg.max_per_sec, "10", 1, RISK_RATE_MAX,
                "orders accepted in any one-second window"),
    RT_CFG_DOUBLE ("RISK_COLLAR_PCT", &cfg.collar_pct, "5", 0.01, 100,
                   "limit / stop price at most this % from the reference price"),
    RT_CFG_DOUBLE ("RISK_DAILY_LOSS", &cfg.daily_loss, "5000", 0.01, 1e15,
                   "daily loss (realised + unrealised) that trips RISK_LOSS_ACTION"),
    RT_CFG_ENUM ("RISK_LOSS_ACTION", &cfg.loss_action, "HALTED", s_actions,
                 "state when the daily loss limit is crossed: REDUCING or HALTED"),
    RT_CFG_DURATION ("RISK_VIEW_GRACE", &cfg.view_grace_ms, "0ms", 0, 86400000,
                     "decide without an orders snapshot after this long (0: never, refuse "
                     "with NO_VIEW until one arrives)"),
    RT_CFG_DURATION ("RISK_SNAPSHOT_TIMEOUT", &cfg.snapshot_timeout_ms, "2s", 100, 600000,
                     "ask the orders service for its snapshot again after this long"),
    RT_CFG_DURATION ("RISK_CANCEL_TIMEOUT", &cfg.cancel_timeout_ms, "2s", 100, 600000,
                     "resend the kill switch's cancel_all (3 tries) after this long"),
};

typedef struct {
    rt_service_t *svc;
    risk_state_t *st;
    risk_view_t *view;
    risk_limits_t lim;
    rt_cmd_client_t *orders;
    char snap_corr [RT_CORR_MAX];
    uint64_t snap_sent_ms;
    bool snap_pending;              //  a snapshot is wanted (not yet sent, or unanswered)
    char cancel_corr [RT_CORR_MAX];
    uint64_t cancel_sent_ms;
    int cancel_tries;
    char cancel_reason [RT_ARG_MAX];
    uint64_t start_ms;
    uint64_t refused;
} risk_t;

static risk_limits_t s_lim;         //  big (symbol sets): static, not on the stack

//  ---------------------------------------------------------------------------------------
//  Publishing

static void
s_publish_state (risk_t *self)
{
    rt_risk_state_t m;
    memset (&m, 0, sizeof m);
    risk_figures_t fig;
    risk_state_figures (self->st, &fig);
    m.state = risk_state_trading (self->st);
    snprintf (m.reason, sizeof m.reason, "%s", risk_state_reason (self->st));
    m.kill_switch = risk_state_kill_switch (self->st);
    m.daily_pnl = fig.daily;
    m.realized_pnl = fig.realized;
    m.unrealized_pnl = fig.unrealized;
    m.gross_exposure = fig.gross;
    m.net_exposure = fig.net;
    m.open_orders = risk_state_open_orders (self->st);
    m.orders_today = risk_state_accepted_today (self->st);
    rt_service_publish (self->svc, RT_TYPE_RISK_STATE, &m, NULL);
    const char *health = !risk_view_ready (self->view)? "no_view"
                       : m.state == RT_TRADING_HALTED? "halted"
                       : m.state == RT_TRADING_REDUCING? "reducing": "ok";
    rt_service_set_health (self->svc, health);
}

static void
s_state_changed (risk_t *self)
{
    rt_service_count (self->svc, "state_changes", 1);
    rt_log_warn ("trading state %s%s: %s", rt_trading_str (risk_state_trading (self->st)),
                 risk_state_kill_switch (self->st)? " (kill switch)": "",
                 risk_state_reason (self->st));
    s_publish_state (self);
}

static void
s_check_loss (risk_t *self)
{
    if (risk_rules_check_loss (&self->lim, self->st))
        s_state_changed (self);
}

static void
s_report (risk_t *self, rt_severity_t sev, const char *fmt, const char *text)
{
    rt_error_event_t ev;
    memset (&ev, 0, sizeof ev);
    ev.code = RT_ETIMEOUT;
    ev.severity = sev;
    snprintf (ev.message, sizeof ev.message, fmt, text);
    snprintf (ev.source, sizeof ev.source, "risk");
    rt_service_publish (self->svc, RT_TYPE_ERROR_EVENT, &ev, NULL);
}

//  ---------------------------------------------------------------------------------------
//  The orders service: snapshot and cancel_all, asynchronously

static void
s_snapshot_send (risk_t *self)
{
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "all");
    self->snap_pending = true;
    self->snap_sent_ms = rt_clock_mono_ms ();
    if (rt_service_send (self->svc, self->orders, RT_TYPE_SNAPSHOT_REQUEST, &req,
                         self->snap_corr) != 0) {
        self->snap_corr [0] = 0;    //  retried by the timer
        return;
    }
    risk_view_snapshot_begin (self->view);
    rt_log_info ("asked the orders service for a snapshot (%s)", self->snap_corr);
}

static void
s_resync (risk_t *self, const char *why)
{
    rt_service_count (self->svc, "resyncs", 1);
    rt_log_warn ("orders stream: %s: resynchronising from a snapshot", why);
    risk_view_invalidate (self->view, why);
    s_snapshot_send (self);
}

static void
s_cancel_send (risk_t *self)
{
    rt_command_t cmd;
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.verb, sizeof cmd.verb, "cancel_all");
    if (self->cancel_reason [0])
        rt_args_push (&cmd.args, self->cancel_reason);
    self->cancel_tries++;
    self->cancel_sent_ms = rt_clock_mono_ms ();
    if (rt_service_send (self->svc, self->orders, RT_TYPE_COMMAND, &cmd, self->cancel_corr) != 0)
        self->cancel_corr [0] = 0;
    rt_service_count (self->svc, "cancel_all", 1);
    rt_log_warn ("kill switch: cancel_all sent to the orders service (try %d)",
                 self->cancel_tries);
}

static void
s_on_orders_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                   void *arg)
{
    risk_t *self = (risk_t *) arg;
    const char *corr = msg->header.corr;
    bool is_snap = self->snap_corr [0] && strcmp (corr, self->snap_corr) == 0;
    bool is_cancel = self->cancel_corr [0] && strcmp (corr, self->cancel_corr) == 0;
    if (!is_snap && !is_cancel) {
        rt_service_count (svc, "stale_replies", 1);
        return;                     //  the answer to a request we gave up on
    }
    static rt_order_status_t os;
    static rt_holding_t ho;
    static rt_reply_t re;
    uint64_t now = rt_clock_mono_ms ();
    if (is_snap && rt_service_decode (svc, msg, RT_TYPE_ORDER_STATUS, &os) == 0)
        risk_view_snapshot_status (self->view, &os);
    else
    if (is_snap && rt_service_decode (svc, msg, RT_TYPE_HOLDING, &ho) == 0)
        risk_view_snapshot_holding (self->view, &ho);
    else
    if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &re) == 0) {
        if (is_cancel) {
            self->cancel_corr [0] = 0;
            rt_log_warn ("kill switch: orders answered cancel_all: %s: %s",
                         re.ok? "ok": "failed", re.reason);
            char text [RT_TEXT_MAX];
            snprintf (text, sizeof text, "kill switch: cancel_all %s (%.180s)",
                      re.ok? "done": "FAILED", re.reason);
            risk_state_set (self->st, risk_state_trading (self->st), risk_state_cause (self->st),
                            text);
            s_state_changed (self);
            if (!re.ok)
                s_report (self, RT_SEVERITY_ERROR, "%s", text);
            return;
        }
        self->snap_corr [0] = 0;
        if (!re.ok) {
            rt_log_warn ("orders refused the snapshot: %s (asking again)", re.reason);
            risk_view_invalidate (self->view, "the orders service refused its snapshot");
            self->snap_sent_ms = now;   //  asked again after RISK_SNAPSHOT_TIMEOUT
            return;
        }
        int rc = risk_view_snapshot_end (self->view, re.seq, now);
        if (rc) {
            rt_log_error ("orders snapshot: %s (asking again)", rt_strerror (rc));
            self->snap_sent_ms = now;
            return;
        }
        self->snap_pending = false;
        rt_log_info ("view ready: orders snapshot as of seq %llu, %u open orders",
                     (unsigned long long) re.seq, risk_state_open_orders (self->st));
        s_check_loss (self);
        s_publish_state (self);
    }
    else {
        rt_service_error (svc);
        rt_service_count (svc, "bad_msgs", 1);
        rt_log_warn ("orders sent an undecodable %s in reply", rt_type_name (msg->header.type));
    }
}

//  ---------------------------------------------------------------------------------------
//  Subscriptions

static void
s_bad (rt_service_t *svc, const rt_bus_msg_t *msg)
{
    rt_service_error (svc);
    rt_service_count (svc, "bad_msgs", 1);
    rt_log_warn ("bad %s on %s from %s: dropped", rt_type_name (msg->header.type), msg->topic,
                 msg->header.src);
}

static void
s_on_orders_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                   const rt_seq_event_t *seq, void *arg)
{
    risk_t *self = (risk_t *) arg;
    if (seq->kind == RT_SEQ_GAP || seq->kind == RT_SEQ_RESTART) {
        char why [RT_TEXT_MAX];
        snprintf (why, sizeof why, "%s in the orders stream (expected seq %llu, got %llu)",
                  seq->kind == RT_SEQ_GAP? "messages lost": "the orders service restarted",
                  (unsigned long long) seq->expected, (unsigned long long) seq->got);
        s_resync (self, why);
    }
    static rt_order_status_t os;
    static rt_holding_t ho;
    uint64_t now = rt_clock_mono_ms ();
    if (msg->header.type == RT_TYPE_ORDER_STATUS) {
        if (rt_service_decode (svc, msg, RT_TYPE_ORDER_STATUS, &os) != 0)
            return s_bad (svc, msg);
        risk_view_on_orders_status (self->view, &os, msg->header.seq, now);
    }
    else
    if (msg->header.type == RT_TYPE_HOLDING) {
        if (rt_service_decode (svc, msg, RT_TYPE_HOLDING, &ho) != 0)
            return s_bad (svc, msg);
        risk_view_on_holding (self->view, &ho, msg->header.seq);
        s_check_loss (self);
    }
}

static void
s_on_gateway_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                    const rt_seq_event_t *seq, void *arg)
{
    risk_t *self = (risk_t *) arg;
    static rt_order_status_t os;
    static rt_position_t po;
    static rt_quote_t qu;
    if (msg->header.type == RT_TYPE_QUOTE) {
        if (rt_service_decode (svc, msg, RT_TYPE_QUOTE, &qu) != 0)
            return s_bad (svc, msg);
        risk_view_on_quote (self->view, &qu);
    }
    else
    if (msg->header.type == RT_TYPE_POSITION) {
        if (rt_service_decode (svc, msg, RT_TYPE_POSITION, &po) != 0)
            return s_bad (svc, msg);
        risk_view_on_position (self->view, &po);
    }
    else
    if (msg->header.type == RT_TYPE_ORDER_STATUS) {
        if (rt_service_decode (svc, msg, RT_TYPE_ORDER_STATUS, &os) != 0)
            return s_bad (svc, msg);
        risk_view_on_gateway_status (self->view, &os, rt_clock_mono_ms ());
    }
}

//  ---------------------------------------------------------------------------------------
//  Commands

static void
s_on_intent (risk_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    static rt_order_intent_t in;
    int rc = rt_service_decode (self->svc, msg, RT_TYPE_ORDER_INTENT, &in);
    if (rc) {
        rt_service_error (self->svc);
        rt_service_count (self->svc, "bad_msgs", 1);
        rt_service_reply_ok (self->svc, peer, false, rc, NULL, "bad ORDER_INTENT: %s",
                             rt_strerror (rc));
        return;
    }
    rt_service_count (self->svc, "intents", 1);
    s_check_loss (self);
    uint64_t now = rt_clock_mono_ms ();
    risk_result_t res;
    bool ok = risk_rules_decide (&self->lim, self->st, risk_view_ready (self->view),
                                 risk_view_why (self->view), &in, now, &res);
    if (ok)
        risk_rules_accept (&self->lim, self->st, &in, now);
    rt_service_count (self->svc, ok? "accepted": "refused", 1);
    rt_risk_decision_t d;
    memset (&d, 0, sizeof d);
    snprintf (d.coid, sizeof d.coid, "%s", in.coid);
    d.accepted = ok;
    snprintf (d.code, sizeof d.code, "%s", res.code);
    snprintf (d.reason, sizeof d.reason, "%s", res.reason);
    d.state = risk_state_trading (self->st);
    rt_service_reply (self->svc, peer, RT_TYPE_RISK_DECISION, &d);
    rt_service_publish (self->svc, RT_TYPE_RISK_DECISION, &d, peer->corr);
    if (ok)
        rt_log_debug ("%s accepted: %s", in.coid, res.reason);
    else
        rt_log_info ("%s refused %s: %s", in.coid, res.code, res.reason);
}

static void
s_on_command (risk_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    static rt_command_t cmd;
    int rc = rt_service_decode (self->svc, msg, RT_TYPE_COMMAND, &cmd);
    if (rc) {
        rt_service_error (self->svc);
        rt_service_count (self->svc, "bad_msgs", 1);
        rt_service_reply_ok (self->svc, peer, false, rc, NULL, "bad COMMAND: %s",
                             rt_strerror (rc));
        return;
    }
    const char *arg = cmd.args.count > 0? cmd.args.item [0]: "";
    char reason [RT_TEXT_MAX];
    double daily = 0;
    bool loss = risk_rules_loss_holds (&self->lim, self->st, &daily);
    if (strcmp (cmd.verb, "halt") == 0) {
        snprintf (reason, sizeof reason, "halted by the operator%s%s", *arg? ": ": "", arg);
        if (risk_state_set (self->st, RT_TRADING_HALTED, RISK_CAUSE_OPERATOR, reason))
            s_state_changed (self);
        rt_service_reply_ok (self->svc, peer, true, 0, "HALTED", "trading HALTED: %s", reason);
    }
    else
    if (strcmp (cmd.verb, "kill") == 0) {
        snprintf (reason, sizeof reason, "kill switch%s%s: cancelling every open order",
                  *arg? ": ": "", arg);
        risk_state_set (self->st, RT_TRADING_HALTED, RISK_CAUSE_KILL, reason);
        s_state_changed (self);
        snprintf (self->cancel_reason, sizeof self->cancel_reason, "%s", *arg? arg: "kill switch");
        self->cancel_tries = 0;
        s_cancel_send (self);
        rt_service_reply_ok (self->svc, peer, true, 0, "HALTED",
                             "trading HALTED by the kill switch; cancel_all sent to the orders "
                             "service");
    }
    else
    if (strcmp (cmd.verb, "resume") == 0 || strcmp (cmd.verb, "reduce") == 0) {
        bool resume = cmd.verb [1] == 'e' && cmd.verb [2] == 's';
        if (loss && (resume || self->lim.loss_action == RT_TRADING_HALTED)) {
            rt_service_reply_ok (self->svc, peer, false, RT_EINVAL,
                                 rt_trading_str (risk_state_trading (self->st)),
                                 "%s refused: the daily P&L %.2f is still beyond the loss limit "
                                 "of -%.2f", cmd.verb, daily, self->lim.daily_loss);
            return;
        }
        if (resume)
            snprintf (reason, sizeof reason, "resumed by the operator%s%s", *arg? ": ": "", arg);
        else
            snprintf (reason, sizeof reason, "reducing only, by the operator%s%s",
                      *arg? ": ": "", arg);
        if (risk_state_set (self->st, resume? RT_TRADING_ACTIVE: RT_TRADING_REDUCING,
                            resume? RISK_CAUSE_NONE: RISK_CAUSE_OPERATOR, reason))
            s_state_changed (self);
        self->cancel_corr [0] = 0;  //  a resumed kill switch stops retrying
        rt_service_reply_ok (self->svc, peer, true, 0,
                             rt_trading_str (risk_state_trading (self->st)), "trading %s: %s",
                             rt_trading_str (risk_state_trading (self->st)), reason);
    }
    else
        rt_service_reply_ok (self->svc, peer, false, RT_EUNKNOWN, NULL,
                             "unknown command '%s' (risk answers halt, kill, resume, reduce, "
                             "status)", cmd.verb);
}

static void
s_on_request (rt_service_t *svc, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer, void *arg)
{
    risk_t *self = (risk_t *) arg;
    if (msg->header.type == RT_TYPE_ORDER_INTENT)
        s_on_intent (self, msg, peer);
    else
    if (msg->header.type == RT_TYPE_COMMAND)
        s_on_command (self, msg, peer);
    else {
        rt_service_error (svc);
        rt_service_count (svc, "bad_msgs", 1);
        rt_service_reply_ok (svc, peer, false, RT_EUNKNOWN, NULL,
                             "risk does not handle %s (it answers ORDER_INTENT and COMMAND)",
                             rt_type_name (msg->header.type));
    }
}

static void
s_status (rt_service_t *svc, char *buf, size_t cap, void *arg)
{
    risk_t *self = (risk_t *) arg;
    risk_figures_t fig;
    risk_state_figures (self->st, &fig);
    snprintf (buf, cap, "%s%s view=%s open=%u pnl=%.2f gross=%.2f accepted_today=%u%s%s",
              rt_trading_str (risk_state_trading (self->st)),
              risk_state_kill_switch (self->st)? " KILL": "",
              risk_view_ready (self->view)? "ready": "none", risk_state_open_orders (self->st),
              fig.daily, fig.gross, risk_state_accepted_today (self->st),
              *risk_state_reason (self->st)? " reason=": "", risk_state_reason (self->st));
}

//  ---------------------------------------------------------------------------------------
//  Timers

static int
s_on_second (zloop_t *loop, int timer_id, void *arg)
{
    risk_t *self = (risk_t *) arg;
    uint64_t now = rt_clock_mono_ms ();
    size_t dropped = risk_state_expire_pending (self->st, now, RISK_PENDING_TTL_MS);
    if (dropped)
        rt_log_warn ("%zu accepted orders never appeared on the orders stream: forgotten",
                     dropped);
    if (!risk_view_ready (self->view) && cfg.view_grace_ms
    &&  now - self->start_ms >= cfg.view_grace_ms) {
        rt_log_warn ("no orders snapshot after %llu ms (RISK_VIEW_GRACE): deciding on the "
                     "view from the bus", (unsigned long long) cfg.view_grace_ms);
        risk_view_force_ready (self->view);
    }
    s_check_loss (self);
    s_publish_state (self);
    return 0;
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    risk_t *self = (risk_t *) arg;
    uint64_t now = rt_clock_mono_ms ();
    if (self->snap_pending && now - self->snap_sent_ms >= cfg.snapshot_timeout_ms) {
        rt_service_count (self->svc, "snapshot_retries", 1);
        if (self->snap_corr [0])
            rt_log_warn ("the orders service did not answer the snapshot request in %llu ms: "
                         "asking again", (unsigned long long) cfg.snapshot_timeout_ms);
        s_snapshot_send (self);
    }
    if (self->cancel_corr [0] && now - self->cancel_sent_ms >= cfg.cancel_timeout_ms) {
        self->cancel_corr [0] = 0;
        if (self->cancel_tries < CANCEL_TRIES)
            s_cancel_send (self);
        else {
            char text [RT_TEXT_MAX];
            snprintf (text, sizeof text, "kill switch: the orders service did not answer "
                      "cancel_all after %d tries; open orders may still be working",
                      CANCEL_TRIES);
            rt_log_error ("%s", text);
            risk_state_set (self->st, risk_state_trading (self->st), risk_state_cause (self->st),
                            text);
            s_state_changed (self);
            s_report (self, RT_SEVERITY_ERROR, "%s", text);
        }
    }
    return 0;
}

//  ---------------------------------------------------------------------------------------

static int
s_limits (risk_limits_t *lim)
{
    char err [256];
    memset (lim, 0, sizeof *lim);
    if (risk_symset_parse (&lim->allow, cfg.allow, err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: RISK_ALLOW_SYMBOLS: %s\n", err);
        return -1;
    }
    if (risk_symset_parse (&lim->deny, cfg.deny, err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: RISK_DENY_SYMBOLS: %s\n", err);
        return -1;
    }
    lim->max_qty = cfg.max_qty;
    lim->max_notional = cfg.max_notional;
    lim->max_position = cfg.max_position;
    lim->max_gross = cfg.max_gross;
    lim->max_open_orders = (uint32_t) cfg.max_open_orders;
    lim->max_per_sec = (uint32_t) cfg.max_per_sec;
    lim->collar_pct = cfg.collar_pct;
    lim->daily_loss = cfg.daily_loss;
    lim->loss_action = cfg.loss_action == 0? RT_TRADING_REDUCING: RT_TRADING_HALTED;
    return 0;
}

int
main (int argc, char *argv [])
{
    static risk_t app;
    risk_t *self = &app;
    self->svc = rt_service_new ("risk", s_vars, RT_CFG_COUNT (s_vars), argc, argv);
    if (!self->svc)
        return 1;
    if (s_limits (&s_lim) != 0) {
        rt_service_destroy (&self->svc);
        return 2;
    }
    self->lim = s_lim;
    self->start_ms = rt_clock_mono_ms ();
    self->st = risk_state_new ();
    self->view = self->st? risk_view_new (self->st): NULL;
    int status = 1;
    if (!self->view)
        goto done;
    static const char *const names [] = { "intents", "accepted", "refused", "bad_msgs",
                                          "resyncs", "state_changes", "cancel_all",
                                          "snapshot_retries" };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        rt_service_count (self->svc, names [i], 0);
    static const char *const gw_topics [] = { "gw.pos", "ord.status", NULL };
    static const char *const md_topics [] = { "md.quote.", NULL };
    //  Subscribe first, then ask for the snapshot (Clone pattern).
    if (rt_service_pub_bind (self->svc, rt_bus_endpoint (RT_EP_RISK_PUB)) != 0
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_ORDERS_PUB), "orders", NULL,
                         s_on_orders_event, self)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_GATEWAY_PUB), "gateway", gw_topics,
                         s_on_gateway_event, self)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_GATEWAY_MD), "gateway", md_topics,
                         s_on_gateway_event, self)
    ||  !(self->orders = rt_service_client (self->svc, rt_bus_endpoint (RT_EP_ORDERS_CMD),
                                            "orders", s_on_orders_reply, self))
    ||  rt_service_cmd_bind (self->svc, rt_bus_endpoint (RT_EP_RISK_CMD), s_on_request, self))
        goto done;
    rt_service_on_status (self->svc, s_status, self);
    zloop_t *loop = rt_service_loop (self->svc);
    if (zloop_timer (loop, 1000, 0, s_on_second, self) < 0
    ||  zloop_timer (loop, 100, 0, s_on_tick, self) < 0) {
        rt_log_error ("zloop: cannot arm the timers");
        goto done;
    }
    s_snapshot_send (self);
    s_publish_state (self);
    rt_service_ready_kv (self->svc, "state", rt_trading_str (risk_state_trading (self->st)));
    status = rt_service_run (self->svc) == 0? 0: 1;
done:
    rt_service_destroy (&self->svc);
    risk_view_destroy (&self->view);
    risk_state_destroy (&self->st);
    rt_log_info ("stopped");
    return status;
}
