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
#define S_STOP_MS 5000

void
gwt_setenv (gwt_t *self, const char *key, const char *fmt, ...)
{
    char value [RT_TEST_SVC_ENV_LEN];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (value, sizeof value, fmt, ap);
    va_end (ap);
    assert_int_equal (rt_test_svc_setenv (self->gw, key, "%s", value), 0);
}

gwt_t *
gwt_new (const char *scenario, const char *const *sim_flags, const char *const *env)
{
    gwt_t *self = calloc (1, sizeof *self);
    assert_non_null (self);
    self->scenario = scenario;
    snprintf (self->dir, sizeof self->dir, "/tmp/gwtest-XXXXXX");
    assert_non_null (mkdtemp (self->dir));
    snprintf (self->sim_log, sizeof self->sim_log, "%s/tws-sim.log", self->dir);

    rt_test_spawn_opts_t sim_opts = { .err = RT_TEST_IO_FILE, .err_path = self->sim_log };
    self->sim = rt_test_sim_start (sim_flags, &sim_opts);
    assert_non_null (self->sim);

    assert_int_equal (rt_test_free_endpoint (self->pub_ep, sizeof self->pub_ep), 0);
    assert_int_equal (rt_test_free_endpoint (self->md_ep, sizeof self->md_ep), 0);
    assert_int_equal (rt_test_free_endpoint (self->cmd_ep, sizeof self->cmd_ep), 0);
    self->events = rt_test_events_new (self->pub_ep, self->md_ep);
    assert_non_null (self->events);

    char log [128];
    snprintf (log, sizeof log, "%s/gateway.log", self->dir);
    self->gw = rt_test_svc_new ("rt-gateway", log);
    assert_non_null (self->gw);
    //  Scaled-down timing: every scenario runs in seconds.
    assert_int_equal (rt_test_svc_env (self->gw, rt_test_gateway_fast_env), 0);
    gwt_setenv (self, "TWS_PORT", "%d", rt_test_sim_port (self->sim));
    gwt_setenv (self, "TWS_CLIENT_ID", "%d", GWT_CLIENT_ID);
    gwt_setenv (self, "RT_GATEWAY_PUB", "%s", self->pub_ep);
    gwt_setenv (self, "RT_GATEWAY_MD", "%s", self->md_ep);
    gwt_setenv (self, "RT_GATEWAY_CMD", "%s", self->cmd_ep);
    gwt_setenv (self, "RT_DATA_DIR", "%s", self->dir);
    gwt_setenv (self, "LOG_LEVEL", "%s", getenv ("GW_TEST_LOG") ? getenv ("GW_TEST_LOG") : "info");
    gwt_setenv (self, "LOG_FILE", "%s", "");
    //  Nothing from a file, plain loopback.
    assert_int_equal (rt_test_svc_unsetenv (self->gw, "RT_CONFIG_FILE"), 0);
    assert_int_equal (rt_test_svc_unsetenv (self->gw, "RT_CURVE_DIR"), 0);
    assert_int_equal (rt_test_svc_env (self->gw, env), 0);
    return self;
}

void
gwt_destroy (gwt_t **self_p)
{
    gwt_t *self = *self_p;
    if (!self)
        return;
    rt_test_svc_destroy (&self->gw);
    rt_cmd_client_destroy (&self->cmd);
    rt_test_events_destroy (&self->events);
    rt_test_sim_destroy (&self->sim);
    rt_test_dir_remove (self->dir, "GW_TEST_KEEP", self->scenario);
    free (self);
    *self_p = NULL;
}

int
gwt_teardown (void **state)
{
    gwt_t *self = *state;
    gwt_destroy (&self);
    *state = NULL;
    return 0;
}

pid_t
gwt_gateway_pid (const gwt_t *self)
{
    return rt_test_svc_pid (self->gw);
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
    rt_test_log_tail (stderr, rt_test_svc_log (self->gw), "rt-gateway log", S_LOG_TAIL_LINES);
    rt_test_log_tail (stderr, self->sim_log, "tws-sim log", S_LOG_TAIL_LINES);
    fail_msg ("[%s] %s", self->scenario, msg);
}

void
gwt_gateway_start (gwt_t *self)
{
    assert_false (self->gw_up);
    int rc = rt_test_svc_start (self->gw, NULL, NULL, S_READY_MS);
    if (rc == RT_EIO)
        gwt_fail (self, "rt-gateway did not start");
    self->gw_up = true;
    if (rc != 0)
        gwt_fail (self, "no 'rt-gateway ready:' line within %d ms (%s)", S_READY_MS,
                  rt_strerror (rc));
    char expect [256];
    snprintf (expect, sizeof expect, "rt-gateway ready: pub=%s md=%s cmd=%s", self->pub_ep,
              self->md_ep, self->cmd_ep);
    if (strcmp (rt_test_svc_ready_line (self->gw), expect) != 0)
        gwt_fail (self, "ready line '%s', expected '%s'", rt_test_svc_ready_line (self->gw),
                  expect);
}

void
gwt_gateway_stop (gwt_t *self, int sig)
{
    assert_true (self->gw_up);
    self->gw_up = false;
    int rc;
    if (sig == SIGTERM) {
        rc = rt_test_svc_stop (self->gw, S_STOP_MS);
        if (rc != 0)
            gwt_fail (self, "rt-gateway exit status %d after SIGTERM, expected 0", rc);
    }
    else {
        rc = rt_test_svc_kill (self->gw, sig, S_STOP_MS);
        if (rc != 128 + sig)
            gwt_fail (self, "rt-gateway status %d after signal %d", rc, sig);
    }
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

void
gwt_finish (gwt_t *self)
{
    rt_test_events_stats_t st;
    rt_test_events_stats (self->events, &st);
    if (st.decode_errors || st.unknown_types || st.gaps)
        gwt_fail (self, "events: %llu undecodable, %llu of unknown type, %llu sequence gaps",
                  (unsigned long long) st.decode_errors,
                  (unsigned long long) st.unknown_types, (unsigned long long) st.gaps);
    if (self->gw_up)
        gwt_gateway_stop (self, SIGTERM);
    int rc = rt_test_sim_stop (self->sim);
    if (rc != 0)
        gwt_fail (self, "tws-sim exit status %d after SIGTERM, expected 0", rc);
    if (rt_test_log_has_sanitizer (rt_test_svc_log (self->gw))
    ||  rt_test_log_has_sanitizer (self->sim_log))
        gwt_fail (self, "sanitizer output in the logs");
}

int64_t
gwt_ms_between (const rt_test_event_t *a, const rt_test_event_t *b)
{
    return ((int64_t) b->header.ts_ns - (int64_t) a->header.ts_ns) / 1000000;
}
