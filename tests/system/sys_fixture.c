/*  sys_fixture.c - tws-sim + rt-gateway + rt-risk + rt-orders + rt-ctl for the system tests. */
#include "sys_fixture.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#define S_LOG_TAIL_LINES 40
#define S_READY_MS 10000
#define S_CALL_MS 5000
#define S_CTL_MS 10000
#define S_STOP_MS 5000
#define S_POLL_MS 20
#define S_CTL_ENV_MAX 16

static const char *s_programs [SYS_SERVICES] = { "rt-gateway", "rt-risk", "rt-orders" };
static const char *s_roles [SYS_SERVICES] = { "gateway", "risk", "orders" };
static const char *s_pub_vars [SYS_SERVICES] = { "RT_GATEWAY_PUB", "RT_RISK_PUB",
                                                 "RT_ORDERS_PUB" };
static const char *s_cmd_vars [SYS_SERVICES] = { "RT_GATEWAY_CMD", "RT_RISK_CMD",
                                                 "RT_ORDERS_CMD" };

const char *
syst_name (sys_svc_t which)
{
    return s_programs [which];
}

void
syst_setenv (syst_t *self, sys_svc_t which, const char *key, const char *value)
{
    assert_int_equal (rt_test_svc_setenv (self->svc [which], key, "%s", value), 0);
}

//  What every service (and rt-ctl) is told: where everyone is, and nothing from outside.
static void
s_common_env (syst_t *self, rt_test_svc_t *svc)
{
    for (int i = 0; i < SYS_SERVICES; i++) {
        assert_int_equal (rt_test_svc_setenv (svc, s_pub_vars [i], "%s", self->pub_ep [i]), 0);
        assert_int_equal (rt_test_svc_setenv (svc, s_cmd_vars [i], "%s", self->cmd_ep [i]), 0);
    }
    assert_int_equal (rt_test_svc_setenv (svc, "RT_GATEWAY_MD", "%s", self->md_ep), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "RT_DATA_DIR", "%s", self->dir), 0);
    const char *level = getenv ("SYS_TEST_LOG");
    assert_int_equal (rt_test_svc_setenv (svc, "LOG_LEVEL", "%s", level ? level : "info"), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "LOG_FILE", "%s", ""), 0);
    assert_int_equal (rt_test_svc_unsetenv (svc, "RT_CONFIG_FILE"), 0);
    assert_int_equal (rt_test_svc_unsetenv (svc, "RT_CURVE_DIR"), 0);
}

//  The risk limits the scenarios rely on, spelled out rather than taken from the defaults.
static const char *s_risk_env [] = {
    "RISK_MAX_QTY=1000", "RISK_MAX_NOTIONAL=1000000", "RISK_MAX_POSITION=5000",
    "RISK_MAX_GROSS=10000000", "RISK_MAX_OPEN_ORDERS=50", "RISK_MAX_ORDERS_PER_SEC=50",
    "RISK_COLLAR_PCT=10", "RISK_DAILY_LOSS=100000", "RISK_ALLOW_SYMBOLS=",
    "RISK_DENY_SYMBOLS=", NULL
};

static const char *s_orders_env [] = {
    "RISK_TIMEOUT_MS=500", NULL
};

syst_t *
syst_new (const char *scenario, const char *const *env)
{
    syst_t *self = calloc (1, sizeof *self);
    assert_non_null (self);
    self->scenario = scenario;
    snprintf (self->dir, sizeof self->dir, "/tmp/systest-XXXXXX");
    assert_non_null (mkdtemp (self->dir));
    snprintf (self->sim_log, sizeof self->sim_log, "%s/tws-sim.log", self->dir);

    const char *flags [] = { "--tick-ms", "0", NULL };
    rt_test_spawn_opts_t sim_opts = { .err = RT_TEST_IO_FILE, .err_path = self->sim_log };
    self->sim = rt_test_sim_start (flags, &sim_opts);
    if (!self->sim) {
        //  No fixture for the teardown yet: leave nothing behind.
        remove (self->sim_log);
        rmdir (self->dir);
        free (self);
        fail_msg ("[%s] tws-sim did not start (RT_BIN_DIR=%s)", scenario,
                  getenv ("RT_BIN_DIR") ? getenv ("RT_BIN_DIR") : "unset: build/bin");
    }

    for (int i = 0; i < SYS_SERVICES; i++) {
        assert_int_equal (rt_test_free_endpoint (self->pub_ep [i], sizeof self->pub_ep [i]), 0);
        assert_int_equal (rt_test_free_endpoint (self->cmd_ep [i], sizeof self->cmd_ep [i]), 0);
    }
    assert_int_equal (rt_test_free_endpoint (self->md_ep, sizeof self->md_ep), 0);
    for (int i = 0; i < SYS_SERVICES; i++) {
        char log [128];
        snprintf (log, sizeof log, "%s/%s.log", self->dir, s_roles [i]);
        self->svc [i] = rt_test_svc_new (s_programs [i], log);
        assert_non_null (self->svc [i]);
        s_common_env (self, self->svc [i]);
        //  Subscribers first, so each hears its service soon after the bind.
        self->events [i] = rt_test_events_new (self->pub_ep [i],
                                               i == SYS_GATEWAY ? self->md_ep : NULL);
        assert_non_null (self->events [i]);
    }
    assert_int_equal (rt_test_svc_setenv (self->svc [SYS_GATEWAY], "TWS_PORT", "%d",
                                          rt_test_sim_port (self->sim)), 0);
    assert_int_equal (rt_test_svc_env (self->svc [SYS_GATEWAY], rt_test_gateway_fast_env), 0);
    assert_int_equal (rt_test_svc_env (self->svc [SYS_RISK], s_risk_env), 0);
    assert_int_equal (rt_test_svc_env (self->svc [SYS_ORDERS], s_orders_env), 0);
    for (int i = 0; i < SYS_SERVICES; i++)
        assert_int_equal (rt_test_svc_env (self->svc [i], env), 0);
    return self;
}

void
syst_destroy (syst_t **self_p)
{
    syst_t *self = *self_p;
    if (!self)
        return;
    //  Clients first, then the services in the reverse order of their start.
    for (int i = 0; i < SYS_SERVICES; i++)
        rt_cmd_client_destroy (&self->cmd [i]);
    for (int i = SYS_SERVICES - 1; i >= 0; i--)
        rt_test_svc_destroy (&self->svc [i]);
    for (int i = 0; i < SYS_SERVICES; i++)
        rt_test_events_destroy (&self->events [i]);
    rt_test_sim_destroy (&self->sim);
    rt_test_dir_remove (self->dir, "SYS_TEST_KEEP", self->scenario);
    free (self);
    *self_p = NULL;
}

int
syst_teardown (void **state)
{
    syst_t *self = *state;
    syst_destroy (&self);
    *state = NULL;
    rt_test_kill_all ();
    return 0;
}

void
syst_fail (syst_t *self, const char *fmt, ...)
{
    char msg [2048];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (msg, sizeof msg, fmt, ap);
    va_end (ap);
    fprintf (stderr, "=== [%s] FAILED: %s\n", self->scenario, msg);
    for (int i = 0; i < SYS_SERVICES; i++) {
        rt_test_events_drain (self->events [i]);
        fprintf (stderr, "--- events published by %s (oldest first):\n%s", s_programs [i],
                 rt_test_events_trace (self->events [i]));
    }
    for (int i = 0; i < SYS_SERVICES; i++)
        rt_test_log_tail (stderr, rt_test_svc_log (self->svc [i]), s_programs [i],
                          S_LOG_TAIL_LINES);
    rt_test_log_tail (stderr, self->sim_log, "tws-sim", S_LOG_TAIL_LINES);
    fail_msg ("[%s] %s", self->scenario, msg);
}

//  --- Services -------------------------------------------------------------------------------

void
syst_wait (syst_t *self, sys_svc_t which, rt_type_t type, rt_test_event_pred_t *pred,
           const void *arg, rt_test_event_t *ev, int timeout_ms, const char *what)
{
    static rt_test_event_t scratch;
    rt_test_event_t *into = ev ? ev : &scratch;
    int rc = rt_test_events_wait (self->events [which], type, pred, arg, into, timeout_ms);
    if (rc != 0)
        syst_fail (self, "expected %s from %s within %d ms: %s", what, s_programs [which],
                   timeout_ms, rt_strerror (rc));
}

//  A service's status reply, or fails.
static void
s_status (syst_t *self, sys_svc_t which, rt_reply_t *reply)
{
    rt_command_t cmd = { 0 };
    snprintf (cmd.verb, sizeof cmd.verb, "status");
    syst_call (self, which, RT_TYPE_COMMAND, &cmd, reply);
}

void
syst_start (syst_t *self, sys_svc_t which)
{
    rt_test_svc_t *svc = self->svc [which];
    int rc = rt_test_svc_start (svc, NULL, NULL, S_READY_MS);
    if (rc != 0)
        syst_fail (self, "%s (run %d): no ready line within %d ms: %s (exit status %d)",
                   s_programs [which], rt_test_svc_runs (svc), S_READY_MS, rt_strerror (rc),
                   rt_test_svc_wait (svc, 0));
    char expect [160];
    snprintf (expect, sizeof expect, "pub=%s", self->pub_ep [which]);
    if (!strstr (rt_test_svc_ready_line (svc), expect))
        syst_fail (self, "%s ready line '%s' does not say %s", s_programs [which],
                   rt_test_svc_ready_line (svc), expect);
    if (which == SYS_GATEWAY) {
        //  Ask rather than listen: a SUB that joins just after the gateway binds can miss
        //  the READY event itself (ZeroMQ's slow joiner), and its status reply never lies.
        syst_wait_status (self, SYS_GATEWAY, "ready client", SYS_WAIT_MS);
        return;
    }
    //  Takes intents: orders has replayed its journal and reconciled with the gateway;
    //  risk holds a complete view (the orders snapshot), without which it refuses NO_VIEW.
    if (rt_test_svc_running (self->svc [SYS_ORDERS]))
        syst_wait_status (self, SYS_ORDERS, "accepting", SYS_WAIT_MS);
    if (rt_test_svc_running (self->svc [SYS_RISK]) && !rt_test_svc_frozen (self->svc [SYS_RISK])
    &&  rt_test_svc_running (self->svc [SYS_ORDERS]))
        syst_wait_status (self, SYS_RISK, "view=ready", SYS_WAIT_MS);
}

void
syst_wait_status (syst_t *self, sys_svc_t which, const char *needle, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    rt_reply_t reply;
    for (;;) {
        s_status (self, which, &reply);
        if (reply.ok && strstr (reply.reason, needle))
            return;
        if (rt_test_now_ms () >= deadline)
            break;
        rt_test_sleep_ms (S_POLL_MS);
    }
    syst_fail (self, "%s status still '%s' (ok=%d) after %d ms, expected '%s' in it",
               s_programs [which], reply.reason, reply.ok, timeout_ms, needle);
}

void
syst_stop (syst_t *self, sys_svc_t which)
{
    int rc = rt_test_svc_stop (self->svc [which], S_STOP_MS);
    if (rc != 0)
        syst_fail (self, "%s exit status %d after SIGTERM, expected 0", s_programs [which],
                   rc);
}

void
syst_kill9 (syst_t *self, sys_svc_t which)
{
    int rc = rt_test_svc_kill (self->svc [which], SIGKILL, S_STOP_MS);
    if (rc != 128 + SIGKILL)
        syst_fail (self, "%s status %d after kill -9", s_programs [which], rc);
}

void
syst_freeze (syst_t *self, sys_svc_t which)
{
    if (rt_test_svc_freeze (self->svc [which]) != 0)
        syst_fail (self, "SIGSTOP %s failed", s_programs [which]);
}

void
syst_thaw (syst_t *self, sys_svc_t which)
{
    if (rt_test_svc_thaw (self->svc [which]) != 0)
        syst_fail (self, "SIGCONT %s failed", s_programs [which]);
}

void
syst_wait_pending (syst_t *self, sys_svc_t which, int timeout_ms)
{
    int port = atoi (strrchr (self->cmd_ep [which], ':') + 1);
    pid_t pid = rt_test_svc_pid (self->svc [which]);
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    long bytes;
    while ((bytes = rt_test_tcp_rx_queue (pid, port)) == 0 && rt_test_now_ms () < deadline)
        rt_test_sleep_ms (2);
    if (bytes <= 0)
        syst_fail (self, "nothing reached the command port of the frozen %s within %d ms "
                   "(%ld)", s_programs [which], timeout_ms, bytes);
}

static bool
s_quote_at (const rt_test_event_t *ev, const void *arg)
{
    double p = *(const double *) arg;
    return strcmp (ev->u.quote.symbol, SYS_SYMBOL) == 0 && ev->u.quote.bid > 0
        && ev->u.quote.ask > 0 && ev->u.quote.bid <= p && ev->u.quote.ask >= p;
}

void
syst_price (syst_t *self, double p)
{
    if (!rt_test_sim_ctl_ok (self->sim, "price %s %.2f", SYS_SYMBOL, p))
        syst_fail (self, "tws-sim 'price %s %.2f' failed", SYS_SYMBOL, p);
    self->price = p;
}

void
syst_start_all (syst_t *self)
{
    syst_start (self, SYS_GATEWAY);
    syst_start (self, SYS_RISK);
    syst_start (self, SYS_ORDERS);
    rt_md_subscribe_t sub = { 0 };
    snprintf (sub.symbol, sizeof sub.symbol, SYS_SYMBOL);
    snprintf (sub.sec_type, sizeof sub.sec_type, "STK");
    snprintf (sub.exchange, sizeof sub.exchange, "SMART");
    snprintf (sub.currency, sizeof sub.currency, "USD");
    rt_reply_t reply;
    syst_call (self, SYS_GATEWAY, RT_TYPE_MD_SUBSCRIBE, &sub, &reply);
    if (!reply.ok)
        syst_fail (self, "MD_SUBSCRIBE %s refused: %s", SYS_SYMBOL, reply.reason);
    syst_price (self, SYS_PRICE);
    double p = SYS_PRICE;
    syst_wait (self, SYS_GATEWAY, RT_TYPE_QUOTE, s_quote_at, &p, NULL, SYS_WAIT_MS,
               "md.quote." SYS_SYMBOL " around the price set");
}

//  --- Commands -------------------------------------------------------------------------------

static rt_cmd_client_t *
s_client (syst_t *self, sys_svc_t which)
{
    if (!self->cmd [which]) {
        self->cmd [which] = rt_cmd_client_new (self->cmd_ep [which], "rt-ctl",
                                               s_roles [which]);
        assert_non_null (self->cmd [which]);
    }
    return self->cmd [which];
}

void
syst_call (syst_t *self, sys_svc_t which, rt_type_t type, const void *msg, rt_reply_t *reply)
{
    int rc = rt_test_cmd_call (s_client (self, which), type, msg, reply, NULL, NULL,
                               S_CALL_MS);
    if (rc != 0)
        syst_fail (self, "%s to %s: no reply within %d ms (%s)", rt_type_name (type),
                   s_programs [which], S_CALL_MS, rt_strerror (rc));
}

void
syst_snapshot (syst_t *self, sys_svc_t which, const char *what, rt_test_part_fn_t *on_part,
               void *arg)
{
    rt_snapshot_request_t req = { 0 };
    snprintf (req.what, sizeof req.what, "%s", what);
    rt_reply_t reply;
    int rc = rt_test_cmd_call (s_client (self, which), RT_TYPE_SNAPSHOT_REQUEST, &req, &reply,
                               on_part, arg, S_CALL_MS);
    if (rc != 0)
        syst_fail (self, "SNAPSHOT_REQUEST %s to %s: no reply within %d ms (%s)", what,
                   s_programs [which], S_CALL_MS, rt_strerror (rc));
    if (!reply.ok)
        syst_fail (self, "SNAPSHOT_REQUEST %s to %s refused: '%s'", what, s_programs [which],
                   reply.reason);
}

void
syst_send (syst_t *self, sys_svc_t which, rt_type_t type, const void *msg)
{
    char topic [RT_TOPIC_MAX];
    msgpack_sbuffer body;
    msgpack_sbuffer_init (&body);
    int rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &body);
    if (rc == 0)
        rc = rt_cmd_client_send (s_client (self, which), topic, (uint16_t) type, body.data,
                                 body.size, NULL);
    msgpack_sbuffer_destroy (&body);
    if (rc != 0)
        syst_fail (self, "sending %s to %s: %s", rt_type_name (type), s_programs [which],
                   rt_strerror (rc));
}

void
syst_intent (rt_order_intent_t *in, const char *coid, rt_side_t side, double qty,
             double limit)
{
    memset (in, 0, sizeof *in);
    snprintf (in->coid, sizeof in->coid, "%s", coid);
    snprintf (in->symbol, sizeof in->symbol, SYS_SYMBOL);
    snprintf (in->sec_type, sizeof in->sec_type, "STK");
    snprintf (in->exchange, sizeof in->exchange, "SMART");
    snprintf (in->currency, sizeof in->currency, "USD");
    in->side = side;
    in->qty = qty;
    in->order_type = limit > 0 ? RT_ORD_TYPE_LMT : RT_ORD_TYPE_MKT;
    in->limit_price = limit > 0 ? limit : 0;
    in->tif = RT_TIF_DAY;
    snprintf (in->strategy, sizeof in->strategy, "systest");
}

//  --- rt-ctl ---------------------------------------------------------------------------------

int
syst_ctl (syst_t *self, char *out, const char *const *args)
{
    char path [1024];
    assert_int_equal (rt_test_bin_path (path, sizeof path, "rt-ctl"), 0);
    const char *argv [24] = { path };
    size_t argc = 1;
    char cmdline [512] = "rt-ctl";
    for (size_t i = 0; args [i]; i++) {
        assert_true (argc < 23);
        argv [argc++] = args [i];
        size_t len = strlen (cmdline);
        snprintf (cmdline + len, sizeof cmdline - len, " %s", args [i]);
    }
    argv [argc] = NULL;
    char env [S_CTL_ENV_MAX][128];
    const char *envp [S_CTL_ENV_MAX + 1];
    size_t n = 0;
    for (int i = 0; i < SYS_SERVICES; i++) {
        snprintf (env [n++], sizeof env [0], "%s=%s", s_pub_vars [i], self->pub_ep [i]);
        snprintf (env [n++], sizeof env [0], "%s=%s", s_cmd_vars [i], self->cmd_ep [i]);
    }
    snprintf (env [n++], sizeof env [0], "RT_GATEWAY_MD=%s", self->md_ep);
    snprintf (env [n++], sizeof env [0], "RT_CURVE_DIR");
    snprintf (env [n++], sizeof env [0], "RT_CONFIG_FILE");
    snprintf (env [n++], sizeof env [0], "LOG_LEVEL=warn");
    for (size_t i = 0; i < n; i++)
        envp [i] = env [i];
    envp [n] = NULL;
    int rc = rt_test_run (argv, envp, out, SYS_CTL_OUT, S_CTL_MS);
    if (rc < 0)
        syst_fail (self, "'%s' did not finish within %d ms (%s); output:\n%s", cmdline,
                   S_CTL_MS, rt_strerror (rc), out);
    print_message ("[%s] $ %s -> exit %d\n", self->scenario, cmdline, rc);
    return rc;
}

void
syst_ctl_expect (syst_t *self, int status, char *out, const char *const *args)
{
    int rc = syst_ctl (self, out, args);
    if (rc != status) {
        char cmdline [512] = "rt-ctl";
        for (size_t i = 0; args [i]; i++) {
            size_t len = strlen (cmdline);
            snprintf (cmdline + len, sizeof cmdline - len, " %s", args [i]);
        }
        syst_fail (self, "'%s' exited %d, expected %d; output:\n%s", cmdline, rc, status,
                   out);
    }
}

//  --- The simulator's view -------------------------------------------------------------------

static int
s_count_ref (json_t *list, const char *coid, char *status, size_t cap, double *filled)
{
    size_t i;
    json_t *o;
    int found = 0;
    json_array_foreach (list, i, o) {
        const char *ref = json_string_value (json_object_get (o, "order_ref"));
        if (coid && (!ref || strcmp (ref, coid) != 0))
            continue;
        found++;
        if (status)
            snprintf (status, cap, "%s", json_is_string (json_object_get (o, "status"))
                      ? json_string_value (json_object_get (o, "status")) : "");
        if (filled)
            *filled = json_number_value (json_object_get (o, "filled"));
    }
    return found;
}

int
syst_sim_orders (syst_t *self, const char *coid, char *status, size_t cap, double *filled)
{
    json_t *j = rt_test_sim_ctl (self->sim, "orders");
    if (!j || !json_is_true (json_object_get (j, "ok")))
        syst_fail (self, "tws-sim 'orders' failed");
    if (status && cap)
        status [0] = 0;
    if (filled)
        *filled = 0;
    int found = s_count_ref (json_object_get (j, "open"), coid, status, cap, filled);
    found += s_count_ref (json_object_get (j, "completed"), coid, found ? NULL : status, cap,
                          found ? NULL : filled);
    json_decref (j);
    return found;
}

int
syst_sim_execs (syst_t *self, const char *coid, double *shares)
{
    json_t *j = rt_test_sim_ctl (self->sim, "executions");
    if (!j || !json_is_true (json_object_get (j, "ok")))
        syst_fail (self, "tws-sim 'executions' failed");
    size_t i;
    json_t *e;
    int n = 0;
    double total = 0;
    json_array_foreach (json_object_get (j, "executions"), i, e) {
        const char *ref = json_string_value (json_object_get (e, "order_ref"));
        if (ref && strcmp (ref, coid) == 0) {
            n++;
            total += json_number_value (json_object_get (e, "shares"));
        }
    }
    json_decref (j);
    if (shares)
        *shares = total;
    return n;
}

void
syst_sim_wait (syst_t *self, const char *coid, int n, const char *status, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    char st [32];
    int held;
    for (;;) {
        held = syst_sim_orders (self, coid, st, sizeof st, NULL);
        if (held == n && (!status || strcmp (st, status) == 0))
            return;
        if (held > n || rt_test_now_ms () >= deadline)
            break;
        rt_test_sleep_ms (S_POLL_MS);
    }
    syst_fail (self, "tws-sim holds %d orders '%s' (last: %s), expected %d%s%s", held,
               coid ? coid : "*", held ? st : "-", n, status ? " in status " : "",
               status ? status : "");
}

//  --- Orders' events -------------------------------------------------------------------------

bool
syst_order_is (const rt_test_event_t *ev, const void *arg)
{
    const syst_order_match_t *m = arg;
    return strcmp (ev->u.status.coid, m->coid) == 0
        && (m->status == RT_ORD_STATUS_NONE || ev->u.status.status == m->status);
}

void
syst_wait_order (syst_t *self, const char *coid, rt_ord_status_t status, rt_test_event_t *ev,
                 int timeout_ms)
{
    syst_order_match_t m = { coid, status };
    char what [160];
    snprintf (what, sizeof what, "ord.status %s %s", coid,
              status == RT_ORD_STATUS_NONE ? "(any)" : rt_ord_status_str (status));
    syst_wait (self, SYS_ORDERS, RT_TYPE_ORDER_STATUS, syst_order_is, &m, ev, timeout_ms,
               what);
}

void
syst_wait_all (syst_t *self, sys_svc_t which, syst_expect_t *list, size_t n, int timeout_ms)
{
    static rt_test_event_t ev;
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    size_t missing = n;
    for (size_t i = 0; i < n; i++)
        list [i].seen = false;
    while (missing > 0) {
        int64_t left = deadline - rt_test_now_ms ();
        int rc = rt_test_events_next (self->events [which], &ev, left > 0 ? (int) left : 0);
        if (rc != 0) {
            char names [1024] = "";
            for (size_t i = 0; i < n; i++)
                if (!list [i].seen) {
                    size_t len = strlen (names);
                    snprintf (names + len, sizeof names - len, "%s%s", len ? ", " : "",
                              list [i].what);
                }
            syst_fail (self, "still missing from %s after %d ms: %s (%s)", s_programs [which],
                       timeout_ms, names, rt_strerror (rc));
        }
        if (!ev.decoded)
            continue;
        for (size_t i = 0; i < n; i++)
            if (!list [i].seen && ev.type == list [i].type
            &&  (!list [i].pred || list [i].pred (&ev, list [i].arg))) {
                list [i].seen = true;
                list [i].ev = ev;
                missing--;
                break;
            }
    }
}

//  --- End of a scenario ----------------------------------------------------------------------

void
syst_finish (syst_t *self)
{
    for (int i = 0; i < SYS_SERVICES; i++) {
        rt_test_events_drain (self->events [i]);
        rt_test_events_stats_t st;
        rt_test_events_stats (self->events [i], &st);
        if (st.decode_errors || st.unknown_types)
            syst_fail (self, "events of %s: %llu undecodable, %llu of unknown type",
                       s_programs [i], (unsigned long long) st.decode_errors,
                       (unsigned long long) st.unknown_types);
    }
    for (int i = 0; i < SYS_SERVICES; i++)
        rt_cmd_client_destroy (&self->cmd [i]);
    for (int i = SYS_SERVICES - 1; i >= 0; i--)
        if (rt_test_svc_running (self->svc [i]))
            syst_stop (self, (sys_svc_t) i);
    int rc = rt_test_sim_stop (self->sim);
    if (rc != 0)
        syst_fail (self, "tws-sim exit status %d after SIGTERM, expected 0", rc);
    for (int i = 0; i < SYS_SERVICES; i++)
        if (rt_test_log_has_sanitizer (rt_test_svc_log (self->svc [i])))
            syst_fail (self, "sanitizer output in the log of %s", s_programs [i]);
    if (rt_test_log_has_sanitizer (self->sim_log))
        syst_fail (self, "sanitizer output in the log of tws-sim");
}
