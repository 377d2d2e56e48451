/*  gw_fixture.c - rt-gateway + tws-sim + bus observers for the gateway integration tests. */
#include "gw_fixture.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#define S_LOG_TAIL_LINES 40
#define S_READY_MS 10000
#define S_CALL_MS 5000

static void
s_env_set (gwt_t *self, const char *entry)
{
    const char *eq = strchr (entry, '=');
    size_t klen = eq ? (size_t) (eq - entry) : strlen (entry);
    size_t i;
    for (i = 0; i < self->env_count; i++)
        if (strncmp (self->env [i], entry, klen) == 0
        &&  (self->env [i][klen] == '=' || self->env [i][klen] == 0))
            break;
    assert_true (i < GWT_ENV_MAX);
    assert_true (strlen (entry) < GWT_ENV_LEN);
    snprintf (self->env [i], GWT_ENV_LEN, "%s", entry);
    if (i == self->env_count)
        self->env_count++;
}

void
gwt_setenv (gwt_t *self, const char *key, const char *fmt, ...)
{
    char value [GWT_ENV_LEN];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (value, sizeof value, fmt, ap);
    va_end (ap);
    char entry [GWT_ENV_LEN * 2];
    snprintf (entry, sizeof entry, "%s=%s", key, value);
    s_env_set (self, entry);
}

static void
s_endpoint (char *buf, size_t cap)
{
    int port = rt_test_free_port ();
    assert_true (port > 0);
    snprintf (buf, cap, "tcp://127.0.0.1:%d", port);
}

gwt_t *
gwt_new (const char *scenario, const char *const *sim_flags, const char *const *env)
{
    gwt_t *self = calloc (1, sizeof *self);
    assert_non_null (self);
    self->scenario = scenario;
    snprintf (self->dir, sizeof self->dir, "/tmp/gwtest-XXXXXX");
    assert_non_null (mkdtemp (self->dir));
    snprintf (self->gw_log, sizeof self->gw_log, "%s/gateway.log", self->dir);
    snprintf (self->sim_log, sizeof self->sim_log, "%s/tws-sim.log", self->dir);

    rt_test_spawn_opts_t sim_opts = { .err = RT_TEST_IO_FILE, .err_path = self->sim_log };
    self->sim = rt_test_sim_start (sim_flags, &sim_opts);
    assert_non_null (self->sim);

    s_endpoint (self->pub_ep, sizeof self->pub_ep);
    s_endpoint (self->md_ep, sizeof self->md_ep);
    s_endpoint (self->cmd_ep, sizeof self->cmd_ep);
    self->events = rt_test_events_new (self->pub_ep, self->md_ep);
    assert_non_null (self->events);

    //  Scaled-down timing: every scenario runs in seconds. Units as gw_config.c takes them.
    gwt_setenv (self, "TWS_HOST", "127.0.0.1");
    gwt_setenv (self, "TWS_PORT", "%d", rt_test_sim_port (self->sim));
    gwt_setenv (self, "TWS_CLIENT_ID", "%d", GWT_CLIENT_ID);
    gwt_setenv (self, "TWS_CLIENT_ID_FALLBACKS", "%s", "");
    gwt_setenv (self, "TWS_CONNECT_TIMEOUT_MS", "1000");
    gwt_setenv (self, "TWS_HANDSHAKE_TIMEOUT_MS", "300");
    gwt_setenv (self, "GW_RECONCILE_TIMEOUT_MS", "3000");
    gwt_setenv (self, "BACKOFF_BASE_MS", "20");
    gwt_setenv (self, "BACKOFF_CAP_MS", "200");
    gwt_setenv (self, "CIRCUIT_BREAKER_THRESHOLD", "50");
    gwt_setenv (self, "CIRCUIT_BREAKER_TIMEOUT", "1s");
    gwt_setenv (self, "HEARTBEAT_INTERVAL", "1s");
    gwt_setenv (self, "HEARTBEAT_TIMEOUT_MS", "3000");
    gwt_setenv (self, "RT_GATEWAY_PUB", "%s", self->pub_ep);
    gwt_setenv (self, "RT_GATEWAY_MD", "%s", self->md_ep);
    gwt_setenv (self, "RT_GATEWAY_CMD", "%s", self->cmd_ep);
    gwt_setenv (self, "RT_DATA_DIR", "%s", self->dir);
    gwt_setenv (self, "TWS_ACCOUNT", "%s", "");
    gwt_setenv (self, "LOG_LEVEL", "%s", getenv ("GW_TEST_LOG") ? getenv ("GW_TEST_LOG") : "info");
    gwt_setenv (self, "LOG_FILE", "%s", "");
    s_env_set (self, "RT_CONFIG_FILE");     //  unset: nothing from a file
    s_env_set (self, "RT_CURVE_DIR");       //  unset: plain loopback
    for (size_t i = 0; env && env [i]; i++)
        s_env_set (self, env [i]);
    return self;
}

void
gwt_destroy (gwt_t **self_p)
{
    gwt_t *self = *self_p;
    if (!self)
        return;
    if (self->gw) {
        int rc = rt_test_proc_stop (self->gw, 5000);
        if (rc != 0)
            fprintf (stderr, "[%s] rt-gateway exit status at teardown: %d\n", self->scenario,
                     rc);
        rt_test_proc_destroy (&self->gw);
    }
    rt_cmd_client_destroy (&self->cmd);
    rt_test_events_destroy (&self->events);
    rt_test_sim_destroy (&self->sim);
    if (getenv ("GW_TEST_KEEP"))
        fprintf (stderr, "[%s] kept %s\n", self->scenario, self->dir);
    else {
        zdir_t *dir = zdir_new (self->dir, NULL);
        if (dir)
            zdir_remove (dir, true);
        zdir_destroy (&dir);
    }
    free (self);
    *self_p = NULL;
}

pid_t
gwt_gateway_pid (const gwt_t *self)
{
    return self->gw ? rt_test_proc_pid (self->gw) : 0;
}

static void
s_log_tail (const char *path, const char *title)
{
    FILE *f = fopen (path, "re");
    if (!f)
        return;
    char *lines [S_LOG_TAIL_LINES] = { 0 };
    size_t n = 0;
    char buf [1024];
    while (fgets (buf, sizeof buf, f)) {
        free (lines [n % S_LOG_TAIL_LINES]);
        lines [n % S_LOG_TAIL_LINES] = strdup (buf);
        n++;
    }
    fclose (f);
    fprintf (stderr, "--- %s (last %d lines of %zu)\n", title, S_LOG_TAIL_LINES, n);
    size_t first = n > S_LOG_TAIL_LINES ? n - S_LOG_TAIL_LINES : 0;
    for (size_t i = first; i < n; i++)
        fprintf (stderr, "    %s", lines [i % S_LOG_TAIL_LINES] ? lines [i % S_LOG_TAIL_LINES]
                                                                 : "\n");
    for (size_t i = 0; i < S_LOG_TAIL_LINES; i++)
        free (lines [i]);
}

void
gwt_fail (gwt_t *self, const char *fmt, ...)
{
    char msg [1024];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (msg, sizeof msg, fmt, ap);
    va_end (ap);
    fprintf (stderr, "=== [%s] FAILED: %s\n--- events seen (oldest first):\n%s", self->scenario,
             msg, rt_test_events_trace (self->events));
    s_log_tail (self->gw_log, "rt-gateway log");
    s_log_tail (self->sim_log, "tws-sim log");
    fail_msg ("[%s] %s", self->scenario, msg);
}

void
gwt_gateway_start (gwt_t *self)
{
    assert_null (self->gw);
    char path [1024];
    assert_int_equal (rt_test_bin_path (path, sizeof path, "rt-gateway"), 0);
    const char *argv [] = { path, NULL };
    const char *env [GWT_ENV_MAX + 1];
    for (size_t i = 0; i < self->env_count; i++)
        env [i] = self->env [i];
    env [self->env_count] = NULL;
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE,
                                  .err = RT_TEST_IO_FILE, .err_path = self->gw_log };
    self->gw = rt_test_proc_spawn (argv, &opts);
    if (!self->gw)
        gwt_fail (self, "rt-gateway did not start");
    char line [512];
    int rc = rt_test_proc_wait_line (self->gw, "rt-gateway ready:", line, sizeof line,
                                     S_READY_MS);
    if (rc != 0)
        gwt_fail (self, "no 'rt-gateway ready:' line within %d ms (%s)", S_READY_MS,
                  rt_strerror (rc));
    char expect [256];
    snprintf (expect, sizeof expect, "rt-gateway ready: pub=%s md=%s cmd=%s", self->pub_ep,
              self->md_ep, self->cmd_ep);
    if (strcmp (line, expect) != 0)
        gwt_fail (self, "ready line '%s', expected '%s'", line, expect);
}

void
gwt_gateway_stop (gwt_t *self, int sig)
{
    assert_non_null (self->gw);
    int rc;
    if (sig == SIGTERM) {
        rc = rt_test_proc_stop (self->gw, 5000);
        if (rc != 0)
            gwt_fail (self, "rt-gateway exit status %d after SIGTERM, expected 0", rc);
    }
    else {
        assert_int_equal (rt_test_proc_signal (self->gw, sig), 0);
        rc = rt_test_proc_wait (self->gw, 5000);
        if (rc != 128 + sig)
            gwt_fail (self, "rt-gateway status %d after signal %d", rc, sig);
    }
    rt_test_proc_destroy (&self->gw);
}

void
gwt_wait (gwt_t *self, rt_type_t type, rt_test_event_pred_t *pred, const void *arg,
          rt_test_event_t *ev, int timeout_ms, const char *what)
{
    static rt_test_event_t scratch;
    rt_test_event_t *into = ev ? ev : &scratch;
    int rc = rt_test_events_wait (self->events, type, pred, arg, into, timeout_ms);
    if (rc != 0)
        gwt_fail (self, "expected %s within %d ms: %s", what, timeout_ms, rt_strerror (rc));
}

void
gwt_wait_conn (gwt_t *self, rt_conn_t state, int timeout_ms, rt_test_event_t *ev)
{
    static rt_test_event_t scratch;
    rt_test_event_t *into = ev ? ev : &scratch;
    int rc = rt_test_events_wait_conn (self->events, state, into, timeout_ms);
    if (rc != 0)
        gwt_fail (self, "expected gw.conn %s within %d ms: %s", rt_conn_str (state),
                  timeout_ms, rt_strerror (rc));
}

void
gwt_call (gwt_t *self, rt_type_t type, const void *msg, rt_reply_t *reply,
          rt_test_part_fn_t *on_part, void *arg)
{
    if (!self->cmd) {
        self->cmd = rt_cmd_client_new (self->cmd_ep, "rt-ctl", "gateway");
        assert_non_null (self->cmd);
    }
    int rc = rt_test_cmd_call (self->cmd, type, msg, reply, on_part, arg, S_CALL_MS);
    if (rc != 0)
        gwt_fail (self, "%s command: no reply (%s)", rt_type_name (type), rt_strerror (rc));
}

void
gwt_subscribe (gwt_t *self, const char *symbol)
{
    rt_md_subscribe_t sub = { 0 };
    snprintf (sub.symbol, sizeof sub.symbol, "%s", symbol);
    snprintf (sub.sec_type, sizeof sub.sec_type, "STK");
    snprintf (sub.exchange, sizeof sub.exchange, "SMART");
    snprintf (sub.currency, sizeof sub.currency, "USD");
    rt_reply_t reply;
    gwt_call (self, RT_TYPE_MD_SUBSCRIBE, &sub, &reply, NULL, NULL);
    if (!reply.ok)
        gwt_fail (self, "MD_SUBSCRIBE %s refused: %s", symbol, reply.reason);
}

void
gwt_place (gwt_t *self, const char *coid, const char *symbol, rt_side_t side, double qty,
           double limit, rt_reply_t *reply)
{
    rt_order_intent_t in = { 0 };
    snprintf (in.coid, sizeof in.coid, "%s", coid);
    snprintf (in.symbol, sizeof in.symbol, "%s", symbol);
    snprintf (in.sec_type, sizeof in.sec_type, "STK");
    snprintf (in.exchange, sizeof in.exchange, "SMART");
    snprintf (in.currency, sizeof in.currency, "USD");
    in.side = side;
    in.qty = qty;
    in.order_type = RT_ORD_TYPE_LMT;
    in.limit_price = limit;
    in.tif = RT_TIF_DAY;
    snprintf (in.strategy, sizeof in.strategy, "gwtest");
    gwt_call (self, RT_TYPE_ORDER_INTENT, &in, reply, NULL, NULL);
}

void
gwt_ctl (gwt_t *self, const char *fmt, ...)
{
    char cmd [256];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (cmd, sizeof cmd, fmt, ap);
    va_end (ap);
    if (!rt_test_sim_ctl_ok (self->sim, "%s", cmd))
        gwt_fail (self, "tws-sim control '%s' failed", cmd);
}

static int
s_count_ref (json_t *list, const char *coid, int64_t *order_id, char *status, size_t cap,
             int found)
{
    size_t i;
    json_t *o;
    json_array_foreach (list, i, o) {
        const char *ref = json_string_value (json_object_get (o, "order_ref"));
        if (!ref || strcmp (ref, coid) != 0)
            continue;
        if (found == 0) {
            if (order_id)
                *order_id = json_integer_value (json_object_get (o, "order_id"));
            if (status)
                snprintf (status, cap, "%s",
                          json_is_string (json_object_get (o, "status"))
                          ? json_string_value (json_object_get (o, "status")) : "");
        }
        found++;
    }
    return found;
}

int
gwt_sim_orders_with_ref (gwt_t *self, const char *coid, int64_t *order_id, char *status,
                         size_t cap)
{
    json_t *j = rt_test_sim_ctl (self->sim, "orders");
    if (!j || !json_is_true (json_object_get (j, "ok")))
        gwt_fail (self, "tws-sim 'orders' failed");
    int found = s_count_ref (json_object_get (j, "open"), coid, order_id, status, cap, 0);
    found = s_count_ref (json_object_get (j, "completed"), coid, order_id, status, cap, found);
    json_decref (j);
    return found;
}

//  True when the log holds a sanitizer report (the child's stderr goes to it).
static bool
s_log_has_sanitizer (const char *path)
{
    FILE *f = fopen (path, "re");
    if (!f)
        return false;
    char buf [1024];
    bool found = false;
    while (!found && fgets (buf, sizeof buf, f))
        found = strstr (buf, "Sanitizer") || strstr (buf, "runtime error:");
    fclose (f);
    return found;
}

void
gwt_finish (gwt_t *self)
{
    rt_test_events_stats_t st;
    rt_test_events_stats (self->events, &st);
    if (st.decode_errors || st.unknown_types || st.gaps)
        gwt_fail (self, "events: %llu undecodable, %llu of unknown type, %llu sequence gaps",
                  (unsigned long long) st.decode_errors,
                  (unsigned long long) st.unknown_types, (unsigned long long) st.gaps);
    if (self->gw)
        gwt_gateway_stop (self, SIGTERM);
    int rc = rt_test_sim_stop (self->sim);
    if (rc != 0)
        gwt_fail (self, "tws-sim exit status %d after SIGTERM, expected 0", rc);
    if (s_log_has_sanitizer (self->gw_log) || s_log_has_sanitizer (self->sim_log))
        gwt_fail (self, "sanitizer output in the logs");
}

int64_t
gwt_ms_between (const rt_test_event_t *a, const rt_test_event_t *b)
{
    return ((int64_t) b->header.ts_ns - (int64_t) a->header.ts_ns) / 1000000;
}
