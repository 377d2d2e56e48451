/*  test_sim_faults.c - tws-sim fault injection driven through the control interface:
    hang, delay, drop, restart, nightly reset (1101), malformed frames to clients.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <sys/socket.h>

#include "sim_harness.h"

static sim_proc_t s_sim;
static tc_t *s_a, *s_b;

static int
s_setup (void **state)
{
    (void) state;
    s_a = tc_new ();
    s_b = tc_new ();
    const char *flags [] = { "--tick-ms", "0", NULL };
    return s_a && s_b ? sim_start (&s_sim, flags) : -1;
}

static int
s_teardown (void **state)
{
    (void) state;
    tc_destroy (&s_a);
    tc_destroy (&s_b);
    if (s_sim.pid > 0)
        assert_int_equal (sim_stop (&s_sim), 0);
    return 0;
}

static void
s_ready (tc_t *c, int client_id)
{
    assert_int_equal (tc_connect (c, s_sim.port), 0);
    assert_int_equal (tc_hello (c, 100, 200, 3000), 0);
    assert_int_equal (tc_start (c, client_id, NULL), 0);
    //  Drain managedAccounts and the farm messages.
    assert_int_equal (tc_wait_for (c, TWS_IN_ERR_MSG, 2158, 3000), 0);
}

static json_t *
s_ctl_json (const char *command)
{
    char *reply = sim_ctl (&s_sim, command);
    assert_non_null (reply);
    json_t *j = json_loads (reply, 0, NULL);
    free (reply);
    assert_non_null (j);
    assert_true (json_is_true (json_object_get (j, "ok")));
    return j;
}

static void
test_hang_and_delay (void **state)
{
    (void) state;
    assert_true (sim_ctl_ok (&s_sim, "hang on"));
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    //  TCP accepted, hello never answered.
    assert_int_equal (tc_hello (s_a, 100, 200, 500), -1);
    //  hang off answers the pending hello.
    assert_true (sim_ctl_ok (&s_sim, "hang off"));
    assert_int_equal (tc_recv (s_a, 3000), 0);
    tc_close (s_a);
    //  delay: the reply comes, late.
    assert_true (sim_ctl_ok (&s_sim, "delay 400"));
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 150), -1);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_true (sim_ctl_ok (&s_sim, "delay 0"));
    assert_false (sim_ctl_ok (&s_sim, "hang maybe"));
}

static void
test_drop (void **state)
{
    (void) state;
    s_ready (s_a, 1);
    s_ready (s_b, 2);
    json_t *j = s_ctl_json ("drop");
    assert_int_equal (json_integer_value (json_object_get (j, "dropped")), 2);
    json_decref (j);
    assert_true (tc_wait_eof (s_a, 3000));
    assert_true (tc_wait_eof (s_b, 3000));
    tc_close (s_a);
    //  The clientId is free again at once.
    s_ready (s_a, 1);
}

static void
test_drop_after (void **state)
{
    (void) state;
    s_ready (s_a, 1);
    assert_true (sim_ctl_ok (&s_sim, "drop-after 1"));
    //  Still up before the deadline...
    assert_int_equal (tc_recv (s_a, 300), -1);
    //  ...closed after it.
    assert_true (tc_wait_eof (s_a, 3000));
    assert_false (sim_ctl_ok (&s_sim, "drop-after soon"));
}

static void
test_restart_keeps_broker (void **state)
{
    (void) state;
    s_ready (s_a, 1);
    assert_int_equal (tc_place (s_a, 1, "AAPL", "BUY", 100, 10.0), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ORDER_STATUS, 0, 3000), 0);
    assert_true (sim_ctl_ok (&s_sim, "restart 1"));
    assert_true (tc_wait_eof (s_a, 3000));
    tc_close (s_a);
    //  The port is closed while restarting...
    assert_int_equal (tc_connect (s_a, s_sim.port), -1);
    //  ...and open again after about a second.
    int ok = -1;
    for (int i = 0; i < 40 && ok < 0; i++) {
        tc_close (s_a);
        ok = tc_connect (s_a, s_sim.port);
        if (ok < 0)
            tc_pause_ms (100);
    }
    assert_int_equal (ok, 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    int next = 0;
    assert_int_equal (tc_start (s_a, 1, &next), 0);
    assert_int_equal (next, 2);
    //  The order is still at the broker.
    tws_req_open_orders_t q = { 0 };
    int rc;
    TC_SEND (rc, s_a, req_open_orders, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_OPEN_ORDER, 0, 3000), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_OPEN_ORDER_END, 0, 3000), 0);
}

static void
test_reset_1101 (void **state)
{
    (void) state;
    s_ready (s_a, 1);
    tws_req_mkt_data_t m;
    memset (&m, 0, sizeof m);
    m.req_id = 42;
    tws_contract_init (&m.contract);
    strcpy (m.contract.symbol, "MSFT");
    strcpy (m.contract.sec_type, "STK");
    strcpy (m.contract.exchange, "SMART");
    strcpy (m.contract.currency, "USD");
    int rc;
    TC_SEND (rc, s_a, req_mkt_data, &m);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_REQ_PARAMS, 0, 3000), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_PRICE, 0, 3000), 0);
    while (tc_recv (s_a, 200) == 0)
        ;
    assert_true (sim_ctl_ok (&s_sim, "reset 1101"));
    static const int expected [] = { 1100, 2103, 2105, 2157, 1101, 2104, 2106, 2158 };
    for (size_t i = 0; i < sizeof expected / sizeof expected [0]; i++) {
        assert_int_equal (tc_recv (s_a, 3000), 0);
        tws_err_msg_t e;
        assert_int_equal (tc_error (s_a, &e), 0);
        assert_int_equal (e.req_id, -1);
        assert_int_equal (e.code, expected [i]);
    }
    //  After 1101 the subscription is dead: the market moves, nothing comes.
    assert_true (sim_ctl_ok (&s_sim, "price MSFT 300"));
    assert_true (sim_ctl_ok (&s_sim, "advance 3000"));
    assert_int_equal (tc_recv (s_a, 300), -1);
    //  Re-requesting brings it back.
    TC_SEND (rc, s_a, req_mkt_data, &m);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_PRICE, 0, 3000), 0);
    //  1102 keeps the subscription.
    while (tc_recv (s_a, 200) == 0)
        ;
    assert_true (sim_ctl_ok (&s_sim, "reset 1102"));
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 2158, 3000), 0);
    assert_true (sim_ctl_ok (&s_sim, "price MSFT 310"));
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_PRICE, 0, 3000), 0);
}

static void
test_malformed_to_clients (void **state)
{
    (void) state;
    s_ready (s_a, 1);
    json_t *j = s_ctl_json ("malformed");
    assert_int_equal (json_integer_value (json_object_get (j, "sent")), 1);
    json_decref (j);
    //  The frame is well delimited but its payload is not fields with a numeric id.
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, -1);
    j = s_ctl_json ("malformed truncated");
    json_decref (j);
    assert_true (tc_wait_eof (s_a, 3000));
}

static void
test_slow_client_disconnected (void **state)
{
    (void) state;
    assert_int_equal (sim_stop (&s_sim), 0);
    const char *flags [] = { "--tick-ms", "0", "--out-limit", "65536", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    s_ready (s_b, 2);
    s_ready (s_a, 1);
    //  A tiny receive window so the kernel holds little of what the client does not read.
    int small = 4096;
    assert_int_equal (setsockopt (s_a->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    static tws_req_mkt_data_t m;
    memset (&m, 0, sizeof m);
    m.req_id = 1;
    tws_contract_init (&m.contract);
    strcpy (m.contract.symbol, "NVDA");
    strcpy (m.contract.sec_type, "STK");
    strcpy (m.contract.exchange, "SMART");
    strcpy (m.contract.currency, "USD");
    int rc;
    TC_SEND (rc, s_a, req_mkt_data, &m);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_PRICE, 0, 3000), 0);
    //  Hours of market time while the client reads nothing.
    for (int i = 0; i < 6; i++)
        assert_true (sim_ctl_ok (&s_sim, "advance 3600000"));
    json_t *j = s_ctl_json ("status");
    json_t *counters = json_object_get (j, "counters");
    assert_int_equal (json_integer_value (json_object_get (counters, "slow_drops")), 1);
    assert_int_equal (json_array_size (json_object_get (j, "sessions")), 1);
    json_decref (j);
    //  The other client is served as before.
    tws_req_current_time_t q = { 0 };
    TC_SEND (rc, s_b, req_current_time, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_b, TWS_IN_CURRENT_TIME, 0, 3000), 0);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_hang_and_delay, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_drop, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_drop_after, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_restart_keeps_broker, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_reset_1101, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_malformed_to_clients, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_slow_client_disconnected, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
