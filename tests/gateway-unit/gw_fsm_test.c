/*  gw_fsm_test.c - connection state machine walks on a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "gw_fsm.h"

//  A fake event loop: feeds events at `now`, keeps the last actions and models the socket.
typedef struct {
    gw_fsm_t *fsm;
    uint64_t now;
    gw_actions_t out;
    bool socket_open;
    int connected_client_id;
} s_loop_t;

static void
s_run_actions (s_loop_t *loop)
{
    for (size_t i = 0; i < loop->out.count; i++) {
        const gw_action_t *action = &loop->out.items [i];
        if (action->kind == GW_ACT_CONNECT) {
            assert_false (loop->socket_open);           //  never two sockets
            loop->socket_open = true;
            loop->connected_client_id = action->client_id;
        }
        else
        if (action->kind == GW_ACT_CLOSE) {
            assert_true (loop->socket_open);
            loop->socket_open = false;
        }
        else
        if (action->kind == GW_ACT_PUBLISH_STATE) {
            assert_non_null (action->reason);
            assert_int_equal (action->state, gw_fsm_state (loop->fsm));
        }
    }
    //  Invariant: no socket is left open while the machine waits or is stopped
    gw_state_t state = gw_fsm_state (loop->fsm);
    if (state == GW_STATE_BACKOFF || state == GW_STATE_BREAKER_OPEN
    ||  state == GW_STATE_DISCONNECTED)
        assert_false (loop->socket_open);
    else
        assert_true (loop->socket_open);
}

static void
s_ev (s_loop_t *loop, gw_event_kind_t kind, int64_t arg)
{
    assert_int_equal (gw_fsm_event (loop->fsm, kind, arg, loop->now, &loop->out), 0);
    s_run_actions (loop);
}

static const gw_action_t *
s_find (const s_loop_t *loop, gw_action_kind_t kind)
{
    for (size_t i = 0; i < loop->out.count; i++)
        if (loop->out.items [i].kind == kind)
            return &loop->out.items [i];
    return NULL;
}

static bool
s_has (const s_loop_t *loop, gw_action_kind_t kind)
{
    return s_find (loop, kind) != NULL;
}

//  Moves the clock to the armed deadline and ticks.
static void
s_fire (s_loop_t *loop)
{
    uint64_t deadline = gw_fsm_deadline (loop->fsm);
    assert_int_not_equal (deadline, GW_FSM_NO_DEADLINE);
    if (deadline > loop->now)
        loop->now = deadline;
    s_ev (loop, GW_EV_TICK, 0);
}

static void
s_state (const s_loop_t *loop, gw_state_t state)
{
    if (gw_fsm_state (loop->fsm) != state)
        print_error ("state %s, expected %s (reason: %s)\n",
                     gw_state_name (gw_fsm_state (loop->fsm)), gw_state_name (state),
                     gw_fsm_reason (loop->fsm));
    assert_int_equal (gw_fsm_state (loop->fsm), state);
}

static void
s_reason_has (const s_loop_t *loop, const char *text)
{
    if (!strstr (gw_fsm_reason (loop->fsm), text))
        print_error ("reason '%s' lacks '%s'\n", gw_fsm_reason (loop->fsm), text);
    assert_non_null (strstr (gw_fsm_reason (loop->fsm), text));
}

static void
s_open (s_loop_t *loop, const gw_fsm_config_t *cfg_in)
{
    gw_fsm_config_t cfg;
    if (cfg_in)
        cfg = *cfg_in;
    else
        gw_fsm_config_defaults (&cfg);
    memset (loop, 0, sizeof *loop);
    loop->now = 1000000;
    loop->fsm = gw_fsm_new (&cfg);
    assert_non_null (loop->fsm);
    s_state (loop, GW_STATE_DISCONNECTED);
}

static void
s_close_loop (s_loop_t *loop)
{
    gw_fsm_destroy (&loop->fsm);
    assert_null (loop->fsm);
}

//  From CONNECTING (after start or a retry) to READY.
static void
s_connect_to_ready (s_loop_t *loop)
{
    s_state (loop, GW_STATE_CONNECTING);
    s_ev (loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (loop, GW_EV_HELLO_REPLY, 176);
    s_ev (loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_ev (loop, GW_EV_RECONCILE_DONE, 0);
    s_state (loop, GW_STATE_READY);
}

static void
test_clean_start_to_ready (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    assert_false (gw_fsm_accepts_orders (loop.fsm));
    s_ev (&loop, GW_EV_START, 0);
    s_state (&loop, GW_STATE_CONNECTING);
    assert_int_equal (s_find (&loop, GW_ACT_CONNECT)->client_id, 1);
    assert_int_equal (s_find (&loop, GW_ACT_PUBLISH_STATE)->state, GW_STATE_CONNECTING);
    assert_int_equal (s_find (&loop, GW_ACT_ARM_TIMER)->at_ms, loop.now + 5000);

    loop.now += 3;
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_state (&loop, GW_STATE_HANDSHAKE);
    assert_true (s_has (&loop, GW_ACT_SEND_HELLO));
    assert_int_equal (s_find (&loop, GW_ACT_ARM_TIMER)->at_ms, loop.now + 4000);

    loop.now += 2;
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_state (&loop, GW_STATE_STARTING);
    assert_int_equal (s_find (&loop, GW_ACT_SEND_START_API)->client_id, 1);
    assert_int_equal (gw_fsm_server_version (loop.fsm), 176);

    //  Both are needed, in either order; farm notices in between change nothing
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_state (&loop, GW_STATE_STARTING);
    s_ev (&loop, GW_EV_ERROR_CODE, 2104);
    assert_int_equal (loop.out.count, 0);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 42);
    s_state (&loop, GW_STATE_RECONCILING);
    assert_true (s_has (&loop, GW_ACT_START_RECONCILE));
    assert_true (s_has (&loop, GW_ACT_RESUBSCRIBE_ALL));
    assert_false (gw_fsm_accepts_orders (loop.fsm));     //  not before reconciliation

    s_ev (&loop, GW_EV_RECONCILE_DONE, 0);
    s_state (&loop, GW_STATE_READY);
    assert_true (gw_fsm_accepts_orders (loop.fsm));
    assert_int_equal (gw_fsm_attempt (loop.fsm), 0);
    s_reason_has (&loop, "reconciled");
    //  Late or repeated events are harmless
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 50);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_START, 0);
    s_state (&loop, GW_STATE_READY);
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.attempts, 1);
    assert_int_equal (stats.sessions, 1);
    assert_int_equal (stats.farm_events, 1);
    assert_int_equal (stats.ignored_events, 2);
    s_close_loop (&loop);
}

static void
test_handshake_timeout_closes_and_backs_off (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    uint64_t deadline = gw_fsm_deadline (loop.fsm);
    //  An early tick changes nothing
    loop.now = deadline - 1;
    s_ev (&loop, GW_EV_TICK, 0);
    s_state (&loop, GW_STATE_HANDSHAKE);
    assert_int_equal (loop.out.count, 0);
    //  TCP accepted, no version reply: timeout, socket closed at once, backoff
    s_fire (&loop);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    assert_false (loop.socket_open);
    s_reason_has (&loop, "no version reply");
    assert_int_equal (gw_fsm_attempt (loop.fsm), 1);
    assert_int_equal (s_find (&loop, GW_ACT_PUBLISH_STATE)->attempt, 1);
    uint64_t delay = gw_fsm_deadline (loop.fsm) - loop.now;
    assert_true (delay <= 500);                         //  first delay within [0, base]
    //  When the backoff ends, a new attempt
    s_fire (&loop);
    s_state (&loop, GW_STATE_CONNECTING);
    assert_true (s_has (&loop, GW_ACT_CONNECT));
    //  Connect timeout too
    s_fire (&loop);
    s_state (&loop, GW_STATE_BACKOFF);
    s_reason_has (&loop, "connect timeout");
    //  And a start that never completes (nextValidId but no managedAccounts)
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_fire (&loop);
    s_state (&loop, GW_STATE_BACKOFF);
    s_reason_has (&loop, "no managedAccounts");
    assert_int_equal (gw_fsm_attempt (loop.fsm), 3);
    //  Success resets the count
    s_fire (&loop);
    s_connect_to_ready (&loop);
    assert_int_equal (gw_fsm_attempt (loop.fsm), 0);
    s_close_loop (&loop);
}

static void
test_backoff_full_jitter_bounds (void **state)
{
    gw_fsm_config_t cfg;
    gw_fsm_config_defaults (&cfg);
    cfg.breaker_threshold = 1000;                       //  keep the breaker out of it
    cfg.backoff_base_ms = 100;
    cfg.backoff_cap_ms = 5000;
    s_loop_t loop;
    s_open (&loop, &cfg);
    s_ev (&loop, GW_EV_START, 0);
    uint64_t distinct = 0, previous = UINT64_MAX, at_cap = 0;
    for (uint32_t k = 0; k < 200; k++) {
        s_ev (&loop, GW_EV_TCP_FAILED, 0);
        s_state (&loop, GW_STATE_BACKOFF);
        assert_true (s_has (&loop, GW_ACT_CLOSE));
        uint64_t delay = gw_fsm_deadline (loop.fsm) - loop.now;
        uint64_t ceiling = k < 6? 100ULL << k: 5000;    //  min (cap, base * 2^k)
        assert_true (delay <= ceiling);
        if (delay != previous)
            distinct++;
        if (k >= 6 && delay > 2500)
            at_cap++;
        previous = delay;
        s_fire (&loop);
        s_state (&loop, GW_STATE_CONNECTING);
    }
    //  Jitter really spreads the delays over [0, ceiling]
    assert_true (distinct > 150);
    assert_true (at_cap > 40 && at_cap < 160);
    s_close_loop (&loop);

    //  Different seeds, different sequences
    cfg.backoff_seed = 1;
    s_open (&loop, &cfg);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_FAILED, 0);
    s_ev (&loop, GW_EV_TICK, 0);                        //  early: nothing
    uint64_t a = gw_fsm_deadline (loop.fsm);
    s_close_loop (&loop);
    cfg.backoff_seed = 2;
    s_open (&loop, &cfg);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_FAILED, 0);
    assert_int_not_equal (a, gw_fsm_deadline (loop.fsm));
    s_close_loop (&loop);
}

static void
test_breaker_opens_then_half_open (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    for (int i = 1; i <= 4; i++) {
        s_ev (&loop, GW_EV_TCP_FAILED, 0);
        s_state (&loop, GW_STATE_BACKOFF);
        s_fire (&loop);
        s_state (&loop, GW_STATE_CONNECTING);
    }
    //  The fifth consecutive failure opens the breaker for 300 s
    s_ev (&loop, GW_EV_TCP_FAILED, 0);
    s_state (&loop, GW_STATE_BREAKER_OPEN);
    s_reason_has (&loop, "circuit breaker open");
    assert_int_equal (gw_fsm_attempt (loop.fsm), 5);
    uint64_t opened = loop.now;
    assert_int_equal (gw_fsm_deadline (loop.fsm), opened + 300000);
    loop.now = opened + 299999;
    s_ev (&loop, GW_EV_TICK, 0);
    s_state (&loop, GW_STATE_BREAKER_OPEN);
    assert_int_equal (loop.out.count, 0);
    //  After the timeout: one half-open trial; it fails, the breaker reopens
    s_fire (&loop);
    s_state (&loop, GW_STATE_CONNECTING);
    s_reason_has (&loop, "half-open");
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_fire (&loop);                                      //  hello timeout
    s_state (&loop, GW_STATE_BREAKER_OPEN);
    assert_int_equal (gw_fsm_deadline (loop.fsm), loop.now + 300000);
    //  The next trial succeeds: breaker closed, counters reset
    s_fire (&loop);
    s_connect_to_ready (&loop);
    assert_int_equal (gw_fsm_attempt (loop.fsm), 0);
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.breaker_trips, 2);
    assert_int_equal (stats.failures, 6);
    //  A later failure is back to ordinary backoff
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_FAILED, 0);
    s_state (&loop, GW_STATE_BACKOFF);
    s_close_loop (&loop);
}

static void
test_breaker_trial_that_never_gets_ready (void **state)
{
    gw_fsm_config_t cfg;
    gw_fsm_config_defaults (&cfg);
    cfg.breaker_threshold = 1;
    s_loop_t loop;
    s_open (&loop, &cfg);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_FAILED, 0);
    s_state (&loop, GW_STATE_BREAKER_OPEN);
    //  The trial comes up under a 1100 (DEGRADED, never READY) and then the peer closes:
    //  that is the trial's failure, so the breaker reopens instead of waiting forever
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_state (&loop, GW_STATE_DEGRADED);
    assert_false (gw_fsm_accepts_orders (loop.fsm));
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_state (&loop, GW_STATE_BREAKER_OPEN);
    s_reason_has (&loop, "before the session was ready");
    assert_int_equal (gw_fsm_deadline (loop.fsm), loop.now + 300000);
    s_fire (&loop);
    s_connect_to_ready (&loop);
    s_close_loop (&loop);
}

static void
test_client_id_in_use_rotates (void **state)
{
    gw_fsm_config_t cfg;
    gw_fsm_config_defaults (&cfg);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 1, "11,21"), 0);
    s_loop_t loop;
    s_open (&loop, &cfg);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    //  326: close, fall back to 11, back off (quick reconnects hit 326 again)
    s_ev (&loop, GW_EV_ERROR_CODE, 326);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    assert_int_equal (s_find (&loop, GW_ACT_SWITCH_CLIENT_ID)->client_id, 11);
    s_reason_has (&loop, "326");
    s_reason_has (&loop, "client id 1 in use");
    //  The server's close that follows 326 is ignored (socket already gone)
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    assert_int_equal (loop.out.count, 0);
    //  Recovery with the fallback id
    s_fire (&loop);
    assert_int_equal (loop.connected_client_id, 11);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    assert_int_equal (s_find (&loop, GW_ACT_SEND_START_API)->client_id, 11);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_ev (&loop, GW_EV_RECONCILE_DONE, 0);
    s_state (&loop, GW_STATE_READY);
    assert_int_equal (gw_fsm_client_id (loop.fsm), 11);
    //  Session lost, reconnect keeps 11; a bare peer close before nextValidId rotates to 21
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    assert_false (s_has (&loop, GW_ACT_SWITCH_CLIENT_ID));
    s_fire (&loop);
    assert_int_equal (loop.connected_client_id, 11);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_reason_has (&loop, "client id 11 in use?");
    assert_int_equal (s_find (&loop, GW_ACT_SWITCH_CLIENT_ID)->client_id, 21);
    //  ...and then wraps around to the primary
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_ERROR_CODE, 326);
    assert_int_equal (s_find (&loop, GW_ACT_SWITCH_CLIENT_ID)->client_id, 1);
    //  A close before the version reply is not blamed on the client id
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    assert_false (s_has (&loop, GW_ACT_SWITCH_CLIENT_ID));
    s_state (&loop, GW_STATE_BACKOFF);
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.client_id_switches, 3);
    s_close_loop (&loop);

    //  With a single id there is nothing to switch to
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_ERROR_CODE, 326);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_false (s_has (&loop, GW_ACT_SWITCH_CLIENT_ID));
    s_close_loop (&loop);
}

static void
test_connectivity_1100_1101_1102 (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_connect_to_ready (&loop);
    //  1100: degraded, socket kept, no orders, no heartbeat
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);
    s_state (&loop, GW_STATE_DEGRADED);
    assert_false (s_has (&loop, GW_ACT_CLOSE));
    assert_false (gw_fsm_accepts_orders (loop.fsm));
    assert_int_equal (gw_fsm_deadline (loop.fsm), GW_FSM_NO_DEADLINE);
    //  1102: resume, data maintained
    s_ev (&loop, GW_EV_ERROR_CODE, 1102);
    s_state (&loop, GW_STATE_READY);
    assert_false (s_has (&loop, GW_ACT_RESUBSCRIBE_ALL));
    assert_true (gw_fsm_accepts_orders (loop.fsm));
    //  1100 then 1101: resume and resubscribe everything
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);
    s_ev (&loop, GW_EV_ERROR_CODE, 1101);
    s_state (&loop, GW_STATE_READY);
    assert_true (s_has (&loop, GW_ACT_RESUBSCRIBE_ALL));
    //  1101 without a 1100 first still resubscribes
    s_ev (&loop, GW_EV_ERROR_CODE, 1101);
    s_state (&loop, GW_STATE_READY);
    assert_true (s_has (&loop, GW_ACT_RESUBSCRIBE_ALL));
    //  2110 (TWS <-> server broken, auto-restores) changes nothing
    s_ev (&loop, GW_EV_ERROR_CODE, 2110);
    assert_int_equal (loop.out.count, 0);
    //  1300: socket port reset: reconnect
    s_ev (&loop, GW_EV_ERROR_CODE, 1300);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    s_reason_has (&loop, "1300");

    //  1100 during reconciliation: degraded; reconciliation may finish meanwhile
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);
    s_state (&loop, GW_STATE_DEGRADED);
    s_ev (&loop, GW_EV_RECONCILE_DONE, 0);
    s_state (&loop, GW_STATE_DEGRADED);
    s_ev (&loop, GW_EV_ERROR_CODE, 1102);
    s_state (&loop, GW_STATE_READY);
    //  ...or not: then 1102 goes back to reconciling, with its timeout
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);              //  before the session is up
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_state (&loop, GW_STATE_DEGRADED);
    assert_true (s_has (&loop, GW_ACT_START_RECONCILE));
    s_ev (&loop, GW_EV_ERROR_CODE, 1101);
    s_state (&loop, GW_STATE_RECONCILING);
    assert_true (s_has (&loop, GW_ACT_RESUBSCRIBE_ALL));
    assert_true (s_has (&loop, GW_ACT_START_RECONCILE));
    s_ev (&loop, GW_EV_RECONCILE_DONE, 0);
    s_state (&loop, GW_STATE_READY);
    //  Peer close while degraded: session lost, reconnect
    s_ev (&loop, GW_EV_ERROR_CODE, 1100);
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_state (&loop, GW_STATE_BACKOFF);
    s_close_loop (&loop);
}

static void
test_farm_codes_never_tear_down (void **state)
{
    const int farm [] = { 2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158 };
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    for (size_t i = 0; i < 9; i++) {
        s_ev (&loop, GW_EV_ERROR_CODE, farm [i]);
        assert_int_equal (loop.out.count, 0);
        s_state (&loop, GW_STATE_STARTING);
    }
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    s_ev (&loop, GW_EV_RECONCILE_DONE, 0);
    for (size_t i = 0; i < 9; i++) {
        s_ev (&loop, GW_EV_ERROR_CODE, farm [i]);
        assert_int_equal (loop.out.count, 0);
        s_state (&loop, GW_STATE_READY);
    }
    //  Order and request errors are the loop's business, not the session's
    s_ev (&loop, GW_EV_ERROR_CODE, 201);
    s_ev (&loop, GW_EV_ERROR_CODE, 162);
    s_ev (&loop, GW_EV_ERROR_CODE, 100);
    s_state (&loop, GW_STATE_READY);
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.farm_events, 18);
    s_close_loop (&loop);
}

static void
test_heartbeat_miss_reconnects (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_connect_to_ready (&loop);
    uint64_t ready_at = loop.now;
    //  Every 5 s a reqCurrentTime; an answer keeps the session
    for (int i = 1; i <= 3; i++) {
        s_fire (&loop);
        assert_int_equal (loop.now, ready_at + 5000 * (uint64_t) i);
        assert_true (s_has (&loop, GW_ACT_SEND_HEARTBEAT));
        loop.now += 40;
        s_ev (&loop, GW_EV_HEARTBEAT_REPLY, 0);
        s_state (&loop, GW_STATE_READY);
    }
    //  No answer within the timeout: dead peer, close, reconnect
    s_fire (&loop);
    assert_true (s_has (&loop, GW_ACT_SEND_HEARTBEAT));
    uint64_t sent = loop.now;
    s_fire (&loop);
    assert_int_equal (loop.now, sent + 5000);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    s_reason_has (&loop, "heartbeat missed");
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.heartbeats_sent, 4);
    assert_int_equal (stats.heartbeat_misses, 1);
    assert_int_equal (stats.sessions_lost, 1);
    assert_int_equal (stats.failures, 0);               //  a lost session is not a failed attempt
    s_fire (&loop);
    s_connect_to_ready (&loop);
    gw_fsm_stats (loop.fsm, &stats);
    assert_int_equal (stats.sessions, 2);
    s_close_loop (&loop);
}

static void
test_version_checks (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 156);
    s_state (&loop, GW_STATE_BACKOFF);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    assert_false (s_has (&loop, GW_ACT_SEND_START_API));
    s_reason_has (&loop, "Gateway too old");
    s_reason_has (&loop, "156 < 157");
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 201);
    s_state (&loop, GW_STATE_BACKOFF);
    s_reason_has (&loop, "above");
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_VERSION_REJECTED, 0);
    s_state (&loop, GW_STATE_BACKOFF);
    s_reason_has (&loop, "rejected");
    s_fire (&loop);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 157);               //  the minimum is accepted
    s_state (&loop, GW_STATE_STARTING);
    s_close_loop (&loop);
}

static void
test_reconcile_timeout_and_stop (void **state)
{
    s_loop_t loop;
    s_open (&loop, NULL);
    s_ev (&loop, GW_EV_START, 0);
    s_ev (&loop, GW_EV_TCP_CONNECTED, 0);
    s_ev (&loop, GW_EV_HELLO_REPLY, 176);
    s_ev (&loop, GW_EV_NEXT_VALID_ID, 1);
    s_ev (&loop, GW_EV_MANAGED_ACCOUNTS, 0);
    uint64_t started = loop.now;
    //  Heartbeats run during reconciliation too; then the reconciliation deadline
    for (;;) {
        s_fire (&loop);
        if (gw_fsm_state (loop.fsm) != GW_STATE_RECONCILING)
            break;
        if (s_has (&loop, GW_ACT_SEND_HEARTBEAT))
            s_ev (&loop, GW_EV_HEARTBEAT_REPLY, 0);
    }
    s_state (&loop, GW_STATE_BACKOFF);
    assert_int_equal (loop.now, started + 30000);
    s_reason_has (&loop, "reconciliation timeout");
    //  Stop from any state; then nothing happens until start
    s_ev (&loop, GW_EV_STOP, 0);
    s_state (&loop, GW_STATE_DISCONNECTED);
    assert_int_equal (gw_fsm_deadline (loop.fsm), GW_FSM_NO_DEADLINE);
    assert_int_equal (s_find (&loop, GW_ACT_ARM_TIMER)->at_ms, GW_FSM_NO_DEADLINE);
    s_ev (&loop, GW_EV_TICK, 0);
    s_ev (&loop, GW_EV_PEER_CLOSED, 0);
    s_state (&loop, GW_STATE_DISCONNECTED);
    s_ev (&loop, GW_EV_START, 0);
    s_connect_to_ready (&loop);
    s_ev (&loop, GW_EV_STOP, 0);
    assert_true (s_has (&loop, GW_ACT_CLOSE));
    s_state (&loop, GW_STATE_DISCONNECTED);
    s_reason_has (&loop, "stopped");
    assert_int_equal (gw_fsm_event (loop.fsm, GW_EV_COUNT, 0, loop.now, &loop.out), RT_EINVAL);
    s_close_loop (&loop);
}

static void
test_config (void **state)
{
    gw_fsm_config_t cfg;
    gw_fsm_config_defaults (&cfg);
    assert_int_equal (cfg.client_id_count, 1);
    assert_int_equal (cfg.breaker_threshold, 5);
    assert_int_equal (cfg.breaker_timeout_ms, 300000);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, " 11 , 21 "), 0);
    assert_int_equal (cfg.client_id_count, 3);
    assert_int_equal (cfg.client_ids [0], 7);
    assert_int_equal (cfg.client_ids [2], 21);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, NULL), 0);
    assert_int_equal (cfg.client_id_count, 1);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, ""), 0);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "11,,21"), RT_EINVAL);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "11,"), RT_EINVAL);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "abc"), RT_EINVAL);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "-3"), RT_EINVAL);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "7"), RT_EINVAL);       //  duplicate
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "99999999999"), RT_ERANGE);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 7, "1,2,3,4,5,6,8,9"), RT_ERANGE);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, -1, NULL), RT_ERANGE);
    assert_int_equal (cfg.client_id_count, 1);          //  failures leave cfg as it was
    gw_fsm_config_defaults (&cfg);
    cfg.backoff_cap_ms = 10;
    assert_null (gw_fsm_new (&cfg));
    gw_fsm_config_defaults (&cfg);
    cfg.breaker_threshold = 0;
    assert_null (gw_fsm_new (&cfg));
    assert_string_equal (gw_state_name (GW_STATE_BREAKER_OPEN), "breaker_open");
    assert_string_equal (gw_action_name (GW_ACT_ARM_TIMER), "arm_timer");
    assert_string_equal (gw_event_name (GW_EV_STOP), "stop");
    assert_string_equal (gw_state_name ((gw_state_t) 77), "unknown");
}

//  Random events on a fixed seed: the socket invariant holds (checked in s_run_actions)
//  and the machine never emits more actions than fit.
static void
test_random_walk_invariants (void **state)
{
    gw_fsm_config_t cfg;
    gw_fsm_config_defaults (&cfg);
    assert_int_equal (gw_fsm_config_client_ids (&cfg, 1, "2,3"), 0);
    s_loop_t loop;
    s_open (&loop, &cfg);
    const int codes [] = { 326, 1100, 1101, 1102, 1300, 2104, 2110, 201 };
    uint64_t rng = 12345;
    for (int i = 0; i < 200000; i++) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        uint32_t r = (uint32_t) (rng >> 33);
        gw_event_kind_t kind = (gw_event_kind_t) (r % GW_EV_COUNT);
        int64_t arg = 0;
        //  Half the time, the event the state waits for, so that sessions do come up
        if ((r >> 20) % 2) {
            switch (gw_fsm_state (loop.fsm)) {
                case GW_STATE_CONNECTING:  kind = GW_EV_TCP_CONNECTED; break;
                case GW_STATE_HANDSHAKE:   kind = GW_EV_HELLO_REPLY; break;
                case GW_STATE_STARTING:    kind = (r >> 21) % 2? GW_EV_NEXT_VALID_ID
                                                               : GW_EV_MANAGED_ACCOUNTS; break;
                case GW_STATE_RECONCILING: kind = GW_EV_RECONCILE_DONE; break;
                case GW_STATE_BACKOFF:
                case GW_STATE_BREAKER_OPEN: kind = GW_EV_TICK; break;
                default: break;
            }
        }
        if (kind == GW_EV_HELLO_REPLY)
            arg = (r >> 8) % 4? 176: 150 + (r >> 8) % 60;
        else
        if (kind == GW_EV_ERROR_CODE)
            arg = codes [(r >> 8) % 8];
        else
        if (kind == GW_EV_TICK) {
            uint64_t deadline = gw_fsm_deadline (loop.fsm);
            if (deadline != GW_FSM_NO_DEADLINE && (r >> 8) % 2)
                loop.now = deadline > loop.now? deadline: loop.now;
        }
        loop.now += (r >> 12) % 50;
        gw_state_t before = gw_fsm_state (loop.fsm);
        bool due = loop.now >= gw_fsm_deadline (loop.fsm);
        s_ev (&loop, kind, arg);
        //  Liveness: a waiting state always has a deadline, and the breaker's deadline
        //  always lets a trial through (never stuck on an outcome that cannot come)
        gw_state_t after = gw_fsm_state (loop.fsm);
        if (after == GW_STATE_BACKOFF || after == GW_STATE_BREAKER_OPEN)
            assert_int_not_equal (gw_fsm_deadline (loop.fsm), GW_FSM_NO_DEADLINE);
        if (kind == GW_EV_TICK && due && before == GW_STATE_BREAKER_OPEN)
            assert_int_equal (after, GW_STATE_CONNECTING);
    }
    gw_fsm_stats_t stats;
    gw_fsm_stats (loop.fsm, &stats);
    print_message ("random walk: %llu attempts, %llu failures, %llu sessions, %llu lost\n", (unsigned long long) stats.attempts, (unsigned long long) stats.failures, (unsigned long long) stats.sessions, (unsigned long long) stats.sessions_lost);
    assert_true (stats.attempts > 1000);
    assert_true (stats.sessions > 1000);
    //  Liveness: whatever state the walk ended in, stop + start reaches a connect attempt
    //  after at most the breaker's timeout
    s_ev (&loop, GW_EV_STOP, 0);
    s_ev (&loop, GW_EV_START, 0);
    if (gw_fsm_state (loop.fsm) == GW_STATE_BREAKER_OPEN)
        s_fire (&loop);
    s_state (&loop, GW_STATE_CONNECTING);
    s_connect_to_ready (&loop);
    s_close_loop (&loop);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_clean_start_to_ready),
        cmocka_unit_test (test_handshake_timeout_closes_and_backs_off),
        cmocka_unit_test (test_backoff_full_jitter_bounds),
        cmocka_unit_test (test_breaker_opens_then_half_open),
        cmocka_unit_test (test_breaker_trial_that_never_gets_ready),
        cmocka_unit_test (test_client_id_in_use_rotates),
        cmocka_unit_test (test_connectivity_1100_1101_1102),
        cmocka_unit_test (test_farm_codes_never_tear_down),
        cmocka_unit_test (test_heartbeat_miss_reconnects),
        cmocka_unit_test (test_version_checks),
        cmocka_unit_test (test_reconcile_timeout_and_stop),
        cmocka_unit_test (test_config),
        cmocka_unit_test (test_random_walk_invariants),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
