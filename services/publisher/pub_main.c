/*  pub_main.c - rt-publisher: the web dashboard.

    One zloop (lib/rt_service): four subscribers (the gateway's state and md streams, the
    orders service's and risk's streams: every topic but bars), DEALERs to the gateway and
    the orders service for snapshots (at start and after a gap or a restart in their
    stream: the Clone pattern) and to risk for the kill switch, and the lws server driven by
    a 5 ms timer (pub_web.h). A 20 ms timer sends the conflated quotes and handles request
    time-outs; a 1 s timer ages heartbeats and samples the equity series.
    README.md beside this file: variables, events, endpoints, the page.
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rt_service.h"
#include "rt_clock.h"
#include "rt_log.h"
#include "pub_json.h"
#include "pub_kill.h"
#include "pub_metrics.h"
#include "pub_state.h"
#include "pub_web.h"

#define LWS_TICK_MS    5
#define FAST_TICK_MS   20
#define KILL_TIMEOUT_MS 3000

static struct {
    char host [256];
    int port;
    char web_dir [PATH_MAX];
    char token [256];
    char pub [RT_ENDPOINT_MAX];
    char symbols [1024];
    int queue_max;
    int clients_max;
    uint64_t quote_ms;
    uint64_t snap_timeout_ms;
} cfg;

static const rt_config_var_t s_vars [] = {
    RT_CFG_HOST ("DASH_HOST", cfg.host, "127.0.0.1", "interface the dashboard listens on"),
    RT_CFG_INT ("DASH_PORT", &cfg.port, "5555", 0, 65535,
                "HTTP + WebSocket port (0: any free port, given on the ready line)"),
    RT_CFG_PATH ("DASH_WEB_DIR", cfg.web_dir, "",
                 "the page's files (empty: <bin>/../share/robo-trader/web)"),
    RT_CFG_SECRET ("DASH_TOKEN", cfg.token, "",
                   "token the page's kill switch must present (empty: kill switch disabled)"),
    RT_CFG_STRING ("DASH_PUB", cfg.pub, "",
                   "bind a PUB here for the publisher's own heartbeat (empty: none)"),
    RT_CFG_STRING ("DASH_SYMBOLS", cfg.symbols, "",
                   "symbols whose quotes the dashboard asks the gateway to stream, "
                   "comma-separated (empty: only what others subscribed)"),
    RT_CFG_INT ("DASH_QUEUE_MAX", &cfg.queue_max, "1024", 16, 65536,
                "messages queued for one browser; beyond, it is sent a fresh snapshot"),
    RT_CFG_INT ("DASH_MAX_BROWSERS", &cfg.clients_max, "32", 1, 1024,
                "WebSocket clients at once"),
    RT_CFG_DURATION ("DASH_QUOTE_INTERVAL", &cfg.quote_ms, "100ms", 10, 60000,
                     "a symbol's quotes reach browsers at most once per interval (latest "
                     "wins)"),
    RT_CFG_DURATION ("DASH_SNAPSHOT_TIMEOUT", &cfg.snap_timeout_ms, "2s", 100, 600000,
                     "ask the gateway / orders service for a snapshot again after this long"),
};

typedef struct {
    const char *role;               //  "gateway", "orders"
    rt_cmd_client_t *client;
    char corr [RT_CORR_MAX];
    bool pending;
    uint64_t sent_ms;
} s_snap_t;

typedef struct {
    rt_service_t *svc;
    pub_state_t *state;
    pub_web_t *web;
    pub_families_t families;
    uint64_t bad;
    s_snap_t snap [2];
    rt_cmd_client_t *risk;
    char kill_corr [RT_CORR_MAX];
    uint64_t kill_client;
    uint64_t kill_sent_ms;
    uint64_t start_ms;
} pub_t;

//  Any catalogue struct, decoded in place (no allocation per message).
static _Alignas (16) unsigned char s_msgbuf [16384];

static uint64_t
s_wall_ms (void)
{
    return rt_now_ns () / 1000000;
}

static void
s_broadcast (json_t *event, void *arg)
{
    pub_t *self = (pub_t *) arg;
    if (pub_web_broadcast (self->web, event) != 0)
        rt_log_warn ("no memory to send an update to the browsers");
    json_decref (event);
}

static bool
s_shown (rt_type_t type)
{
    switch (type) {
        case RT_TYPE_CONN_STATE: case RT_TYPE_ACCOUNT_VALUE: case RT_TYPE_POSITION:
        case RT_TYPE_QUOTE: case RT_TYPE_ORDER_STATUS: case RT_TYPE_FILL:
        case RT_TYPE_RISK_DECISION: case RT_TYPE_RISK_STATE: case RT_TYPE_HEARTBEAT:
        case RT_TYPE_ERROR_EVENT: case RT_TYPE_HOLDING:
            return true;
        default:
            return false;
    }
}

static void
s_feed (pub_t *self, const rt_bus_msg_t *msg)
{
    rt_type_t type = (rt_type_t) msg->header.type;
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry || !s_shown (type))
        return;
    assert (entry->size <= sizeof s_msgbuf);
    if (rt_service_decode (self->svc, msg, type, s_msgbuf) != 0) {
        self->bad++;
        rt_service_error (self->svc);
        rt_log_warn ("bad %s from %s: dropped", rt_type_name (type), msg->header.src);
        return;
    }
    uint64_t wall = msg->header.ts_ns? msg->header.ts_ns / 1000000: s_wall_ms ();
    pub_state_apply (self->state, type, s_msgbuf, msg->header.src, rt_clock_mono_ms (), wall,
                     s_broadcast, self);
}

//  ---------------------------------------------------------------------------------------
//  Snapshots (Clone pattern: subscribed first, then asked)

static void
s_snap_send (pub_t *self, s_snap_t *snap)
{
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "all");
    snap->pending = true;
    snap->sent_ms = rt_clock_mono_ms ();
    if (rt_service_send (self->svc, snap->client, RT_TYPE_SNAPSHOT_REQUEST, &req, snap->corr))
        snap->corr [0] = 0;         //  retried by the timer
}

//  DASH_SYMBOLS: asked after every gateway snapshot, so a restarted gateway (which starts
//  with no subscriptions) streams them again; "already subscribed" is an ok answer.
static void
s_subscribe_all (pub_t *self)
{
    char list [sizeof cfg.symbols];
    snprintf (list, sizeof list, "%s", cfg.symbols);
    char *save = NULL;
    for (char *sym = strtok_r (list, ", ", &save); sym; sym = strtok_r (NULL, ", ", &save)) {
        rt_md_subscribe_t sub;
        memset (&sub, 0, sizeof sub);
        if (strlen (sym) >= sizeof sub.symbol) {
            rt_log_warn ("DASH_SYMBOLS: '%s' is too long for a symbol: skipped", sym);
            continue;
        }
        snprintf (sub.symbol, sizeof sub.symbol, "%s", sym);
        snprintf (sub.sec_type, sizeof sub.sec_type, "STK");
        snprintf (sub.exchange, sizeof sub.exchange, "SMART");
        snprintf (sub.currency, sizeof sub.currency, "USD");
        if (rt_service_send (self->svc, self->snap [0].client, RT_TYPE_MD_SUBSCRIBE, &sub,
                             NULL) != 0)
            rt_log_warn ("md_subscribe %s: not sent", sym);
    }
}

static void
s_on_snap_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                 void *arg)
{
    pub_t *self = (pub_t *) arg;
    s_snap_t *snap = client == self->snap [0].client? &self->snap [0]: &self->snap [1];
    static rt_reply_t re;
    if (!snap->pending || strcmp (msg->header.corr, snap->corr) != 0) {
        //  An answer to a request given up on, or to a subscription.
        if (msg->header.type == RT_TYPE_REPLY && rt_service_decode (svc, msg, RT_TYPE_REPLY,
                                                                    &re) == 0 && !re.ok)
            rt_log_warn ("%s refused a request: %s", snap->role, re.reason);
        return;
    }
    if (msg->header.type != RT_TYPE_REPLY) {
        s_feed (self, msg);
        return;
    }
    if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &re) != 0 || !re.ok) {
        rt_log_warn ("%s snapshot refused: %s (asking again)", snap->role, re.reason);
        return;                     //  pending: the timer asks again
    }
    snap->pending = false;
    snap->corr [0] = 0;
    rt_log_info ("%s snapshot as of seq %llu", snap->role, (unsigned long long) re.seq);
    if (snap == &self->snap [0])
        s_subscribe_all (self);
}

static void
s_on_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
            const rt_seq_event_t *seq, void *arg)
{
    pub_t *self = (pub_t *) arg;
    pub_families_count (&self->families, msg->topic);
    if (seq->kind == RT_SEQ_GAP || seq->kind == RT_SEQ_RESTART) {
        for (size_t i = 0; i < 2; i++)
            if (strcmp (msg->header.src, self->snap [i].role) == 0) {
                rt_log_info ("%s stream: %s: asking for a snapshot", self->snap [i].role,
                             seq->kind == RT_SEQ_GAP? "messages lost": "publisher restarted");
                s_snap_send (self, &self->snap [i]);
            }
    }
    s_feed (self, msg);
}

//  ---------------------------------------------------------------------------------------
//  The browsers' kill switch

static void
s_cmd_result (pub_t *self, uint64_t client, bool ok, const char *message)
{
    json_t *res = json_pack ("{ss sb so}", "type", "cmd_result", "ok", ok, "message",
                             pub_json_string (message));
    if (res)
        pub_web_send (self->web, client, res);
    json_decref (res);
}

static void
s_on_command (pub_web_t *web, uint64_t client, const json_t *cmd, void *arg)
{
    pub_t *self = (pub_t *) arg;
    char why [256];
    int rc = pub_kill_check (cmd, cfg.token, why, sizeof why);
    if (rc) {
        rt_service_count (self->svc, "cmds_refused", 1);
        rt_log_warn ("browser %llu: %s", (unsigned long long) client, why);
        s_cmd_result (self, client, false, why);
        return;
    }
    if (self->kill_corr [0]) {
        s_cmd_result (self, client, false, "a kill is already on its way to risk");
        return;
    }
    rt_command_t kill;
    memset (&kill, 0, sizeof kill);
    snprintf (kill.verb, sizeof kill.verb, "kill");
    rt_args_push (&kill.args, "dashboard");
    if (rt_service_send (self->svc, self->risk, RT_TYPE_COMMAND, &kill, self->kill_corr)) {
        self->kill_corr [0] = 0;
        s_cmd_result (self, client, false, "kill not sent: the risk socket failed");
        return;
    }
    self->kill_client = client;
    self->kill_sent_ms = rt_clock_mono_ms ();
    rt_service_count (self->svc, "kills", 1);
    rt_log_warn ("browser %llu pressed the kill switch: kill sent to risk",
                 (unsigned long long) client);
}

static void
s_on_risk_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                 void *arg)
{
    pub_t *self = (pub_t *) arg;
    if (!self->kill_corr [0] || strcmp (msg->header.corr, self->kill_corr) != 0)
        return;
    static rt_reply_t re;
    if (msg->header.type != RT_TYPE_REPLY || rt_service_decode (svc, msg, RT_TYPE_REPLY, &re))
        return;
    self->kill_corr [0] = 0;
    char text [RT_TEXT_MAX + 32];
    snprintf (text, sizeof text, "risk: %s", re.reason);
    rt_log_warn ("kill: risk answered %s: %s", re.ok? "ok": "refused", re.reason);
    s_cmd_result (self, self->kill_client, re.ok, text);
}

//  ---------------------------------------------------------------------------------------
//  The web server's hooks

static json_t *
s_snapshot (void *arg)
{
    pub_t *self = (pub_t *) arg;
    json_t *snap = pub_state_snapshot (self->state, rt_clock_mono_ms ());
    if (snap && (json_object_set_new (snap, "kill_enabled", json_boolean (cfg.token [0]))
             ||  json_object_set_new (snap, "server_time", json_integer (
                                          (json_int_t) s_wall_ms ())))) {
        json_decref (snap);
        return NULL;
    }
    return snap;
}

static int
s_render (const char *path, char **body, size_t *len, const char **mime, void *arg)
{
    pub_t *self = (pub_t *) arg;
    if (strcmp (path, "/metrics") == 0) {
        pub_figures_t fig = {
            .conn = pub_state_conn (self->state),
            .browsers = pub_web_clients (self->web),
            .ws_sent = pub_web_sent (self->web),
            .ws_resyncs = pub_web_resyncs (self->web),
            .quotes_conflated = pub_state_quotes_conflated (self->state),
            .bad_msgs = self->bad,
            .uptime_ms = rt_service_uptime_ms (self->svc),
        };
        *mime = "text/plain; version=0.0.4; charset=utf-8";
        *body = pub_metrics_render (&self->families, &fig, len);
        return *body? 0: -1;
    }
    if (strcmp (path, "/healthz") == 0) {
        json_t *h = json_pack ("{ss ss sI si ss}", "status", "ok", "service", "publisher",
                               "uptime_ms", (json_int_t) rt_service_uptime_ms (self->svc),
                               "browsers", (int) pub_web_clients (self->web), "gateway",
                               rt_conn_str (pub_state_conn (self->state)));
        *body = h? json_dumps (h, JSON_COMPACT): NULL;
        json_decref (h);
        if (!*body)
            return -1;
        *len = strlen (*body);
        *mime = "application/json";
        return 0;
    }
    return -1;
}

//  ---------------------------------------------------------------------------------------
//  Timers

static int
s_on_lws (zloop_t *loop, int timer_id, void *arg)
{
    pub_web_service (((pub_t *) arg)->web);
    return 0;
}

static int
s_on_fast (zloop_t *loop, int timer_id, void *arg)
{
    pub_t *self = (pub_t *) arg;
    uint64_t now = rt_clock_mono_ms ();
    pub_state_flush_quotes (self->state, now, s_broadcast, self);
    for (size_t i = 0; i < 2; i++) {
        s_snap_t *snap = &self->snap [i];
        if (snap->pending && now - snap->sent_ms >= cfg.snap_timeout_ms)
            s_snap_send (self, snap);
    }
    if (self->kill_corr [0] && now - self->kill_sent_ms >= KILL_TIMEOUT_MS) {
        self->kill_corr [0] = 0;
        rt_log_error ("kill: risk did not answer in %d ms", KILL_TIMEOUT_MS);
        s_cmd_result (self, self->kill_client, false,
                      "risk did not answer the kill in 3 s: is rt-risk running? (use rt-ctl "
                      "risk kill)");
    }
    return 0;
}

static int
s_on_second (zloop_t *loop, int timer_id, void *arg)
{
    pub_t *self = (pub_t *) arg;
    pub_state_tick (self->state, rt_clock_mono_ms (), s_wall_ms (), s_broadcast, self);
    return 0;
}

//  ---------------------------------------------------------------------------------------

//  <dir of the binary>/../share/robo-trader/web unless DASH_WEB_DIR says otherwise; the
//  directory must hold index.html. A path that does not fit is an error, never truncated.
static int
s_web_dir (char *out, size_t cap)
{
    int n;
    if (cfg.web_dir [0])
        n = snprintf (out, cap, "%s", cfg.web_dir);
    else {
        char exe [PATH_MAX];
        ssize_t len = readlink ("/proc/self/exe", exe, sizeof exe - 1);
        if (len <= 0)
            return -1;
        exe [len] = 0;
        char *slash = strrchr (exe, '/');
        if (slash)
            *slash = 0;
        n = snprintf (out, cap, "%s/../share/robo-trader/web", exe);
    }
    if (n < 0 || (size_t) n >= cap)
        return -1;
    char index [PATH_MAX + 16];
    n = snprintf (index, sizeof index, "%s/index.html", out);
    char real [PATH_MAX];
    if (n < 0 || (size_t) n >= sizeof index || access (index, R_OK) != 0 || !realpath (out, real))
        return -1;
    n = snprintf (out, cap, "%s", real);
    return n < 0 || (size_t) n >= cap? -1: 0;
}

int
main (int argc, char *argv [])
{
    static pub_t app;
    pub_t *self = &app;
    self->svc = rt_service_new ("publisher", s_vars, RT_CFG_COUNT (s_vars), argc, argv);
    if (!self->svc)
        return 1;
    int status = 1;
    static char web_dir [PATH_MAX];
    if (s_web_dir (web_dir, sizeof web_dir) != 0) {
        fprintf (stderr, "configuration error: DASH_WEB_DIR: no readable index.html in '%s'\n",
                 cfg.web_dir [0]? cfg.web_dir: "<bin>/../share/robo-trader/web");
        status = 2;
        goto done;
    }
    self->start_ms = rt_clock_mono_ms ();
    self->state = pub_state_new (cfg.quote_ms);
    if (!self->state)
        goto done;
    pub_web_opts_t opts = {
        .host = cfg.host, .port = cfg.port, .web_dir = web_dir,
        .queue_max = (size_t) cfg.queue_max, .clients_max = (size_t) cfg.clients_max,
    };
    pub_web_hooks_t hooks = { s_snapshot, s_on_command, s_render, self };
    self->web = pub_web_new (&opts, &hooks);
    if (!self->web)
        goto done;
    self->snap [0].role = "gateway";
    self->snap [1].role = "orders";
    static const char *const md_topics [] = { "md.quote.", NULL };
    if ((cfg.pub [0] && rt_service_pub_bind (self->svc, cfg.pub) != 0)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_GATEWAY_PUB), "gateway", NULL,
                         s_on_event, self)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_GATEWAY_MD), "gateway", md_topics,
                         s_on_event, self)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_ORDERS_PUB), "orders", NULL,
                         s_on_event, self)
    ||  !rt_service_sub (self->svc, rt_bus_endpoint (RT_EP_RISK_PUB), "risk", NULL,
                         s_on_event, self)
    ||  !(self->snap [0].client = rt_service_client (self->svc,
                                    rt_bus_endpoint (RT_EP_GATEWAY_CMD), "gateway",
                                    s_on_snap_reply, self))
    ||  !(self->snap [1].client = rt_service_client (self->svc,
                                    rt_bus_endpoint (RT_EP_ORDERS_CMD), "orders",
                                    s_on_snap_reply, self))
    ||  !(self->risk = rt_service_client (self->svc, rt_bus_endpoint (RT_EP_RISK_CMD), "risk",
                                          s_on_risk_reply, self)))
        goto done;
    zloop_t *loop = rt_service_loop (self->svc);
    if (zloop_timer (loop, LWS_TICK_MS, 0, s_on_lws, self) < 0
    ||  zloop_timer (loop, FAST_TICK_MS, 0, s_on_fast, self) < 0
    ||  zloop_timer (loop, 1000, 0, s_on_second, self) < 0) {
        rt_log_error ("zloop: cannot arm the timers");
        goto done;
    }
    static const char *const names [] = { "kills", "cmds_refused" };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        rt_service_count (self->svc, names [i], 0);
    s_snap_send (self, &self->snap [0]);
    s_snap_send (self, &self->snap [1]);
    char url [320], port [16];
    snprintf (port, sizeof port, "%d", pub_web_port (self->web));
    snprintf (url, sizeof url, "http://%s%s%s:%d/", strchr (cfg.host, ':')? "[": "", cfg.host,
              strchr (cfg.host, ':')? "]": "", pub_web_port (self->web));
    rt_service_ready_kv (self->svc, "http", url);
    rt_service_ready_kv (self->svc, "port", port);
    rt_service_ready_kv (self->svc, "kill", cfg.token [0]? "enabled": "disabled");
    rt_log_info ("dashboard on %s (page from %s)", url, web_dir);
    status = rt_service_run (self->svc) == 0? 0: 1;
done:
    pub_web_destroy (&self->web);
    rt_service_destroy (&self->svc);
    pub_state_destroy (&self->state);
    rt_log_info ("stopped");
    return status;
}
