/*  test_gw_conn.c - rt-gateway's connection life against tws-sim, asserted on gw.conn:
    clean start, a hello never answered, 20 forced drops (no CLOSE_WAIT, no fd growth),
    the circuit breaker, client id in use (326), and rt-tap showing it all.
*/
#include "gw_fixture.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

//  The states of one connection attempt that succeeds, in order.
static const rt_conn_t s_up [] = {
    RT_CONN_CONNECTING, RT_CONN_HANDSHAKE, RT_CONN_STARTING, RT_CONN_RECONCILING, RT_CONN_READY
};
#define S_UP_COUNT (sizeof s_up / sizeof s_up [0])

//  The next gw.conn, whatever its state.
static void
s_next_conn (gwt_t *t, rt_test_event_t *ev, int timeout_ms, const char *what)
{
    gwt_wait (t, RT_TYPE_CONN_STATE, NULL, NULL, ev, timeout_ms, what);
}

//  Expects the next gw.conn events to be exactly the successful attempt from `from` on,
//  each with the client id, and fills ready with the READY event.
static void
s_expect_up_from (gwt_t *t, rt_conn_t from, int client_id, rt_test_event_t *ready)
{
    size_t i = 0;
    while (i < S_UP_COUNT && s_up [i] != from)
        i++;
    assert_true (i < S_UP_COUNT);
    rt_test_event_t ev;
    for (; i < S_UP_COUNT; i++) {
        s_next_conn (t, &ev, GWT_WAIT_MS, "the next state of a successful attempt");
        if (ev.u.conn.state != s_up [i])
            gwt_fail (t, "gw.conn %s, expected %s", rt_conn_str (ev.u.conn.state),
                      rt_conn_str (s_up [i]));
        if (ev.u.conn.client_id != client_id)
            gwt_fail (t, "gw.conn %s with client id %d, expected %d",
                      rt_conn_str (ev.u.conn.state), ev.u.conn.client_id, client_id);
        if (s_up [i] >= RT_CONN_STARTING && ev.u.conn.server_version != 200)
            gwt_fail (t, "gw.conn %s with server version %d, expected 200",
                      rt_conn_str (ev.u.conn.state), ev.u.conn.server_version);
    }
    if (ev.u.conn.attempt != 0)
        gwt_fail (t, "READY with attempt %u, expected 0", ev.u.conn.attempt);
    *ready = ev;
}

static bool
s_conn_part (const rt_test_event_t *part, void *arg)
{
    return part->decoded && part->type == RT_TYPE_CONN_STATE;
}

static void
s_keep_conn (const rt_test_event_t *part, void *arg)
{
    if (s_conn_part (part, arg))
        *(rt_conn_state_t *) arg = part->u.conn;
}

//  a. Clean start: CONNECTING, HANDSHAKE, STARTING, RECONCILING, READY, server 200, our
//  client id; status and snapshot agree. tws-sim delays its hello reply so that the
//  subscriber, connected before the gateway binds, is listening by then: it may miss the
//  first two events, and their sequence numbers prove they were exactly those.
static void
test_clean_start (void **state)
{
    const char *flags [] = { "--handshake-delay-ms", "250", NULL };
    const char *env [] = { "TWS_HANDSHAKE_TIMEOUT_MS=3000", NULL };
    gwt_t *t = *state = gwt_new ("a: clean start", flags, env);
    gwt_gateway_start (t);

    rt_test_event_t ev;
    s_next_conn (t, &ev, GWT_WAIT_MS, "the first gw.conn");
    size_t i = 0;
    while (i < S_UP_COUNT && s_up [i] != ev.u.conn.state)
        i++;
    if (i >= S_UP_COUNT - 2)
        gwt_fail (t, "first gw.conn heard is %s (seq %llu): expected one of CONNECTING, "
                  "HANDSHAKE, STARTING", rt_conn_str (ev.u.conn.state),
                  (unsigned long long) ev.header.seq);
    //  Nothing else is published before the session is up: seq = position in the list.
    if (ev.header.seq != i + 1)
        gwt_fail (t, "gw.conn %s has seq %llu: expected %zu (the states before it)",
                  rt_conn_str (ev.u.conn.state), (unsigned long long) ev.header.seq, i + 1);
    if (ev.u.conn.client_id != GWT_CLIENT_ID || ev.u.conn.attempt != 0)
        gwt_fail (t, "first gw.conn: client id %d attempt %u", ev.u.conn.client_id,
                  ev.u.conn.attempt);
    print_message ("[a] first gw.conn heard: %s seq %llu (%zu published before the "
                   "subscriber joined)\n", rt_conn_str (ev.u.conn.state),
                   (unsigned long long) ev.header.seq, i);
    rt_test_event_t ready = ev;
    if (i + 1 < S_UP_COUNT)
        s_expect_up_from (t, s_up [i + 1], GWT_CLIENT_ID, &ready);
    if (ready.u.conn.state != RT_CONN_READY)
        gwt_fail (t, "no READY");

    //  The command socket agrees: status names READY, the snapshot is as of a sequence at
    //  or after READY and carries the same state.
    rt_command_t status = { 0 };
    snprintf (status.verb, sizeof status.verb, "status");
    rt_reply_t reply;
    rt_conn_state_t conn = { 0 };
    gwt_call (t, RT_TYPE_COMMAND, &status, &reply, s_keep_conn, &conn);
    if (!reply.ok || !strcasestr (reply.reason, "ready"))
        gwt_fail (t, "status: ok=%d '%s'", reply.ok, reply.reason);
    assert_int_equal (conn.state, RT_CONN_READY);
    assert_int_equal (conn.client_id, GWT_CLIENT_ID);
    assert_int_equal (conn.server_version, 200);
    rt_snapshot_request_t snap = { 0 };
    snprintf (snap.what, sizeof snap.what, "all");
    memset (&conn, 0, sizeof conn);
    gwt_call (t, RT_TYPE_SNAPSHOT_REQUEST, &snap, &reply, s_keep_conn, &conn);
    if (!reply.ok || reply.seq < ready.header.seq)
        gwt_fail (t, "snapshot: ok=%d seq %llu, READY was seq %llu", reply.ok,
                  (unsigned long long) reply.seq, (unsigned long long) ready.header.seq);
    assert_int_equal (conn.state, RT_CONN_READY);

    //  The simulator sees one API session: ours, at version 200.
    json_t *st = rt_test_sim_ctl (t->sim, "status");
    assert_non_null (st);
    json_t *sessions = json_object_get (st, "sessions");
    assert_int_equal (json_array_size (sessions), 1);
    json_t *s0 = json_array_get (sessions, 0);
    assert_int_equal (json_integer_value (json_object_get (s0, "client_id")), GWT_CLIENT_ID);
    assert_int_equal (json_integer_value (json_object_get (s0, "version")), 200);
    json_decref (st);
    gwt_finish (t);
}

static bool
s_backoff_attempt (const rt_test_event_t *ev, const void *arg)
{
    return ev->u.conn.state == RT_CONN_BACKOFF && ev->u.conn.attempt == *(const uint32_t *) arg;
}

//  b. Hello never answered: each attempt times out in HANDSHAKE after
//  TWS_HANDSHAKE_TIMEOUT_MS, closes its socket and backs off with a reason and a growing
//  attempt count; `hang off` lets the next attempt through to READY.
static void
test_hello_never_answered (void **state)
{
    const char *flags [] = { "--hang-hello", NULL };
    gwt_t *t = *state = gwt_new ("b: hello never answered", flags, NULL);
    gwt_gateway_start (t);
    rt_test_event_t ev, handshake;
    uint32_t one = 1;
    gwt_wait (t, RT_TYPE_CONN_STATE, s_backoff_attempt, &one, &ev, GWT_WAIT_MS,
              "BACKOFF attempt 1 after the handshake timeout");
    if (!strstr (ev.u.conn.reason, "no version reply within 300 ms"))
        gwt_fail (t, "BACKOFF reason '%s': expected the handshake timeout", ev.u.conn.reason);
    for (uint32_t attempt = 2; attempt <= 4; attempt++) {
        s_next_conn (t, &ev, GWT_WAIT_MS, "CONNECTING");
        if (ev.u.conn.state != RT_CONN_CONNECTING)
            gwt_fail (t, "%s after BACKOFF, expected CONNECTING", rt_conn_str (ev.u.conn.state));
        s_next_conn (t, &handshake, GWT_WAIT_MS, "HANDSHAKE");
        if (handshake.u.conn.state != RT_CONN_HANDSHAKE)
            gwt_fail (t, "%s, expected HANDSHAKE", rt_conn_str (handshake.u.conn.state));
        //  While it waits, it holds exactly one socket to the simulator, and none half-closed.
        int held = rt_test_tcp_count (gwt_gateway_pid (t), rt_test_sim_port (t->sim),
                                      RT_TEST_TCP_ANY);
        int close_wait = rt_test_close_wait_count (gwt_gateway_pid (t),
                                                   rt_test_sim_port (t->sim));
        if (held > 1 || close_wait != 0)
            gwt_fail (t, "attempt %u: gateway holds %d sockets to tws-sim, %d in CLOSE_WAIT",
                      attempt, held, close_wait);
        s_next_conn (t, &ev, GWT_WAIT_MS, "BACKOFF after the handshake timeout");
        if (ev.u.conn.state != RT_CONN_BACKOFF || ev.u.conn.attempt != attempt)
            gwt_fail (t, "%s attempt %u, expected BACKOFF attempt %u",
                      rt_conn_str (ev.u.conn.state), ev.u.conn.attempt, attempt);
        if (!strstr (ev.u.conn.reason, "no version reply"))
            gwt_fail (t, "BACKOFF reason '%s'", ev.u.conn.reason);
        if (gwt_ms_between (&handshake, &ev) < 290)
            gwt_fail (t, "timed out %lld ms after HANDSHAKE, configured 300",
                      (long long) gwt_ms_between (&handshake, &ev));
        if (ev.u.conn.next_retry_ms > 200)
            gwt_fail (t, "next retry in %llu ms, above BACKOFF_CAP_MS 200",
                      (unsigned long long) ev.u.conn.next_retry_ms);
    }
    gwt_ctl (t, "hang off");
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, &ev);
    if (ev.u.conn.attempt != 0 || ev.u.conn.server_version != 200)
        gwt_fail (t, "READY attempt %u server %d", ev.u.conn.attempt, ev.u.conn.server_version);
    gwt_finish (t);
}

//  The gateway's descriptors, listed for a failure message.
static void
s_print_fds (pid_t pid)
{
    char cmd [128];
    snprintf (cmd, sizeof cmd, "ls -l /proc/%d/fd 1>&2", (int) pid);
    if (system (cmd) != 0)
        fprintf (stderr, "(cannot list /proc/%d/fd)\n", (int) pid);
}

//  c. 20 forced drops in a row, each followed by READY; afterwards no socket of the gateway
//  in CLOSE_WAIT, one connection to the simulator, and as many descriptors as before.
static void
test_twenty_drops (void **state)
{
    gwt_t *t = *state = gwt_new ("c: 20 drops", NULL, NULL);
    gwt_gateway_start (t);
    rt_test_event_t ev;
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, &ev);
    pid_t pid = gwt_gateway_pid (t);
    int port = rt_test_sim_port (t->sim);
    int fds_before = rt_test_fd_count (pid);
    assert_true (fds_before > 0);
    for (int i = 1; i <= 20; i++) {
        json_t *r = rt_test_sim_ctl (t->sim, "drop");
        assert_non_null (r);
        json_int_t dropped = json_integer_value (json_object_get (r, "dropped"));
        json_decref (r);
        if (dropped != 1)
            gwt_fail (t, "drop %d: tws-sim dropped %lld clients, expected the gateway only",
                      i, (long long) dropped);
        s_next_conn (t, &ev, GWT_WAIT_MS, "BACKOFF after the drop");
        if (ev.u.conn.state != RT_CONN_BACKOFF || ev.u.conn.attempt != 0)
            gwt_fail (t, "drop %d: %s attempt %u, expected BACKOFF attempt 0 (a lost session "
                      "is not a failure)", i, rt_conn_str (ev.u.conn.state), ev.u.conn.attempt);
        s_expect_up_from (t, RT_CONN_CONNECTING, GWT_CLIENT_ID, &ev);
    }
    int close_wait = rt_test_close_wait_count (pid, port);
    int established = rt_test_tcp_count (pid, port, RT_TEST_TCP_ESTABLISHED);
    int all = rt_test_tcp_count (pid, port, RT_TEST_TCP_ANY);
    if (close_wait != 0 || established != 1 || all != 1)
        gwt_fail (t, "after 20 drops: %d CLOSE_WAIT, %d established, %d sockets to tws-sim "
                  "(expected 0, 1, 1)", close_wait, established, all);
    //  Descriptors: the same count as before the drops. Settles within the wait (a socket
    //  closed by the kernel a moment later would show as one more for an instant).
    int fds_after = rt_test_fd_count (pid);
    int64_t deadline = rt_test_now_ms () + 1000;
    while (fds_after != fds_before && rt_test_now_ms () < deadline) {
        rt_test_sleep_ms (10);
        fds_after = rt_test_fd_count (pid);
    }
    if (fds_after != fds_before) {
        s_print_fds (pid);
        gwt_fail (t, "gateway holds %d descriptors after 20 drops, %d before", fds_after,
                  fds_before);
    }
    print_message ("[c] 20 drops: %d descriptors before and after, 0 CLOSE_WAIT\n", fds_after);
    json_t *st = rt_test_sim_ctl (t->sim, "status");
    assert_non_null (st);
    assert_int_equal (json_array_size (json_object_get (st, "sessions")), 1);
    assert_int_equal (json_integer_value (json_object_get (json_object_get (st, "counters"),
                                                           "drops")), 20);
    json_decref (st);
    gwt_finish (t);
}

//  d. Circuit breaker: tws-sim restarts (its port closed for 2 s); after the lost session,
//  CIRCUIT_BREAKER_THRESHOLD (3) failed attempts open the breaker; no attempt for
//  CIRCUIT_BREAKER_TIMEOUT (1 s), then one half-open trial; READY once tws-sim is back;
//  the next drop meets a closed breaker (plain BACKOFF).
static void
test_breaker (void **state)
{
    const char *env [] = { "CIRCUIT_BREAKER_THRESHOLD=3", "CIRCUIT_BREAKER_TIMEOUT=1s", NULL };
    gwt_t *t = *state = gwt_new ("d: breaker", NULL, env);
    gwt_gateway_start (t);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, NULL);
    gwt_ctl (t, "restart 2");

    rt_test_event_t ev;
    s_next_conn (t, &ev, GWT_WAIT_MS, "BACKOFF after the restart");
    if (ev.u.conn.state != RT_CONN_BACKOFF || ev.u.conn.attempt != 0)
        gwt_fail (t, "%s attempt %u, expected BACKOFF attempt 0 (session lost)",
                  rt_conn_str (ev.u.conn.state), ev.u.conn.attempt);
    for (uint32_t attempt = 1; attempt <= 3; attempt++) {
        s_next_conn (t, &ev, GWT_WAIT_MS, "CONNECTING");
        if (ev.u.conn.state != RT_CONN_CONNECTING)
            gwt_fail (t, "%s, expected CONNECTING (attempt %u)", rt_conn_str (ev.u.conn.state),
                      attempt);
        s_next_conn (t, &ev, GWT_WAIT_MS, "the failure of a refused connect");
        rt_conn_t want = attempt < 3 ? RT_CONN_BACKOFF : RT_CONN_BREAKER_OPEN;
        if (ev.u.conn.state != want || ev.u.conn.attempt != attempt)
            gwt_fail (t, "%s attempt %u, expected %s attempt %u", rt_conn_str (ev.u.conn.state),
                      ev.u.conn.attempt, rt_conn_str (want), attempt);
    }
    if (!strstr (ev.u.conn.reason, "circuit breaker open")
    ||  ev.u.conn.next_retry_ms == 0 || ev.u.conn.next_retry_ms > 1000)
        gwt_fail (t, "BREAKER_OPEN reason '%s', next retry %llu ms (expected <= 1000)",
                  ev.u.conn.reason, (unsigned long long) ev.u.conn.next_retry_ms);
    //  Open: nothing until the timeout, then one trial; a failed trial reopens it.
    int trials = 0;
    rt_test_event_t opened = ev;
    for (;;) {
        s_next_conn (t, &ev, 3000, "the half-open trial");
        if (ev.u.conn.state != RT_CONN_CONNECTING || !strstr (ev.u.conn.reason, "trial"))
            gwt_fail (t, "%s '%s' while the breaker is open, expected the trial CONNECTING",
                      rt_conn_str (ev.u.conn.state), ev.u.conn.reason);
        if (gwt_ms_between (&opened, &ev) < 950)
            gwt_fail (t, "trial %lld ms after the breaker opened, CIRCUIT_BREAKER_TIMEOUT=1s",
                      (long long) gwt_ms_between (&opened, &ev));
        trials++;
        s_next_conn (t, &ev, GWT_WAIT_MS, "the trial's outcome");
        if (ev.u.conn.state == RT_CONN_HANDSHAKE)
            break;
        if (ev.u.conn.state != RT_CONN_BREAKER_OPEN)
            gwt_fail (t, "%s after a trial, expected HANDSHAKE or BREAKER_OPEN",
                      rt_conn_str (ev.u.conn.state));
        if (trials > 3)
            gwt_fail (t, "tws-sim back after 2 s, still failing after %d trials", trials);
        opened = ev;
    }
    s_expect_up_from (t, RT_CONN_STARTING, GWT_CLIENT_ID, &ev);
    print_message ("[d] READY after %d half-open trial(s)\n", trials);
    //  Closed again: a lost session backs off, the breaker does not open.
    gwt_ctl (t, "drop");
    s_next_conn (t, &ev, GWT_WAIT_MS, "BACKOFF after the drop");
    if (ev.u.conn.state != RT_CONN_BACKOFF || ev.u.conn.attempt != 0)
        gwt_fail (t, "%s attempt %u after a drop, expected BACKOFF 0 (breaker closed)",
                  rt_conn_str (ev.u.conn.state), ev.u.conn.attempt);
    s_expect_up_from (t, RT_CONN_CONNECTING, GWT_CLIENT_ID, &ev);
    gwt_finish (t);
}

static bool
s_error_code (const rt_test_event_t *ev, const void *arg)
{
    return ev->u.error.code == *(const int *) arg;
}

//  The 326 comes within a few ms of the gateway's start, before a subscriber that connects
//  as the gateway binds is listening: a delayed hello reply (below the handshake timeout)
//  gives it that time.
static const char *const s_join_delay [] = { "--handshake-delay-ms", "150", NULL };

//  A raw API client holding client id `id` at the simulator.
static void
s_hold_client_id (gwt_t *t, tc_t *c, int id)
{
    assert_int_equal (tc_connect (c, rt_test_sim_port (t->sim)), 0);
    assert_int_equal (tc_hello (c, 157, 200, 3000), 0);
    int next_id = 0;
    assert_int_equal (tc_start (c, id, &next_id), 0);
}

//  e1. 326 with a fallback id: another client holds TWS_CLIENT_ID; the gateway gets 326,
//  publishes it, backs off and comes up on the fallback id.
static void
test_client_id_in_use_fallback (void **state)
{
    const char *env [] = { "TWS_CLIENT_ID_FALLBACKS=17", NULL };
    gwt_t *t = *state = gwt_new ("e1: 326 then fallback id", s_join_delay, env);
    static tc_t holder;
    s_hold_client_id (t, &holder, GWT_CLIENT_ID);
    gwt_gateway_start (t);
    rt_test_event_t ev;
    int code = 326;
    gwt_wait (t, RT_TYPE_ERROR_EVENT, s_error_code, &code, &ev, GWT_WAIT_MS,
              "sys.error 326");
    uint32_t one = 1;
    gwt_wait (t, RT_TYPE_CONN_STATE, s_backoff_attempt, &one, &ev, GWT_WAIT_MS,
              "BACKOFF attempt 1 after 326");
    if (!strstr (ev.u.conn.reason, "326") || ev.u.conn.client_id != 17)
        gwt_fail (t, "BACKOFF '%s' client id %d: expected the 326 reason and the switch "
                  "to 17", ev.u.conn.reason, ev.u.conn.client_id);
    s_expect_up_from (t, RT_CONN_CONNECTING, 17, &ev);
    //  Both sessions live at the simulator: the holder's and the gateway's.
    json_t *st = rt_test_sim_ctl (t->sim, "status");
    assert_non_null (st);
    json_t *sessions = json_object_get (st, "sessions");
    size_t i;
    json_t *s;
    int seen7 = 0, seen17 = 0;
    json_array_foreach (sessions, i, s) {
        json_int_t id = json_integer_value (json_object_get (s, "client_id"));
        seen7 += id == GWT_CLIENT_ID;
        seen17 += id == 17;
    }
    json_decref (st);
    if (seen7 != 1 || seen17 != 1)
        gwt_fail (t, "tws-sim sessions: %d with id 7, %d with id 17", seen7, seen17);
    tc_close (&holder);
    gwt_finish (t);
}

//  e2. 326 without a fallback: the gateway keeps backing off on the same id (growing
//  attempt count) and comes up on it once the holder leaves.
static void
test_client_id_in_use_recovery (void **state)
{
    gwt_t *t = *state = gwt_new ("e2: 326 then recovery", s_join_delay, NULL);
    static tc_t holder;
    s_hold_client_id (t, &holder, GWT_CLIENT_ID);
    gwt_gateway_start (t);
    rt_test_event_t ev;
    for (uint32_t attempt = 1; attempt <= 2; attempt++) {
        gwt_wait (t, RT_TYPE_CONN_STATE, s_backoff_attempt, &attempt, &ev, GWT_WAIT_MS,
                  "BACKOFF after 326");
        if (!strstr (ev.u.conn.reason, "326") || ev.u.conn.client_id != GWT_CLIENT_ID)
            gwt_fail (t, "BACKOFF '%s' client id %d", ev.u.conn.reason, ev.u.conn.client_id);
    }
    tc_close (&holder);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, &ev);
    if (ev.u.conn.client_id != GWT_CLIENT_ID || ev.u.conn.attempt != 0)
        gwt_fail (t, "READY client id %d attempt %u", ev.u.conn.client_id, ev.u.conn.attempt);
    gwt_finish (t);
}

//  i. rt-tap, the real binary, shows the gateway's events: during a drop it prints the
//  gw.conn lines this test's own subscriber saw, with the same sequence numbers, and no gap.
static void
test_rt_tap_shows_events (void **state)
{
    gwt_t *t = *state = gwt_new ("i: rt-tap", NULL, NULL);
    gwt_gateway_start (t);
    gwt_wait_conn (t, RT_CONN_READY, GWT_WAIT_MS, NULL);
    char path [1024];
    assert_int_equal (rt_test_bin_path (path, sizeof path, "rt-tap"), 0);
    const char *argv [] = { path, "--json", "--endpoint", t->pub_ep, NULL };
    const char *env [] = { "RT_CURVE_DIR", NULL };
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE };
    rt_test_proc_t *tap = rt_test_proc_spawn (argv, &opts);
    assert_non_null (tap);
    //  Joined once it prints anything (sys.hb.gateway comes every second).
    static char line [RT_TEST_LINE_MAX];
    if (rt_test_lines_next (rt_test_proc_stdout (tap), line, sizeof line, 3000) != 0)
        gwt_fail (t, "rt-tap printed nothing within 3 s");
    gwt_ctl (t, "drop");
    rt_test_event_t ev;
    rt_conn_t seen [16];
    uint64_t seqs [16];
    size_t n = 0;
    do {
        s_next_conn (t, &ev, GWT_WAIT_MS, "the reconnection after the drop");
        assert_true (n < 16);
        seen [n] = ev.u.conn.state;
        seqs [n++] = ev.header.seq;
    } while (ev.u.conn.state != RT_CONN_READY);
    //  rt-tap's lines: every one of those gw.conn events, in order, nothing lost.
    size_t matched = 0;
    while (matched < n) {
        int rc = rt_test_lines_next (rt_test_proc_stdout (tap), line, sizeof line, 3000);
        if (rc != 0)
            gwt_fail (t, "rt-tap: %zu of %zu gw.conn lines, then %s", matched, n,
                      rt_strerror (rc));
        json_error_t error;
        json_t *j = json_loads (line, 0, &error);
        if (!j)
            gwt_fail (t, "rt-tap line is not JSON: %s", line);
        if (json_object_get (j, "gap"))
            gwt_fail (t, "rt-tap reports a gap: %s", line);
        const char *topic = json_string_value (json_object_get (j, "topic"));
        if (topic && strcmp (topic, "gw.conn") == 0) {
            json_t *body = json_object_get (j, "body");
            const char *st = json_string_value (json_object_get (body, "st"));
            uint64_t seq = (uint64_t) json_integer_value (json_object_get (j, "seq"));
            const char *src = json_string_value (json_object_get (j, "src"));
            if (seq >= seqs [0]) {
                if (seq != seqs [matched] || !st || strcmp (st, rt_conn_str (seen [matched]))
                ||  !src || strcmp (src, "gateway")
                ||  json_integer_value (json_object_get (j, "type")) != RT_TYPE_CONN_STATE)
                    gwt_fail (t, "rt-tap line %s, expected gw.conn seq %llu %s", line,
                              (unsigned long long) seqs [matched], rt_conn_str (seen [matched]));
                matched++;
            }
        }
        json_decref (j);
    }
    print_message ("[i] rt-tap printed the %zu gw.conn events of the drop (BACKOFF .. READY)\n",
                   n);
    int rc = rt_test_proc_stop (tap, 5000);
    rt_test_proc_destroy (&tap);
    if (rc != 0)
        gwt_fail (t, "rt-tap exit status %d after SIGTERM", rc);
    gwt_finish (t);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_clean_start, gwt_teardown),
        cmocka_unit_test_teardown (test_hello_never_answered, gwt_teardown),
        cmocka_unit_test_teardown (test_twenty_drops, gwt_teardown),
        cmocka_unit_test_teardown (test_breaker, gwt_teardown),
        cmocka_unit_test_teardown (test_client_id_in_use_fallback, gwt_teardown),
        cmocka_unit_test_teardown (test_client_id_in_use_recovery, gwt_teardown),
        cmocka_unit_test_teardown (test_rt_tap_shows_events, gwt_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, rt_test_group_teardown);
}
