/*  test_sim_orders.c - an order's whole life through tws-sim, the event order a Gateway
    uses, determinism across runs with one seed, and orders surviving a reconnect.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "sim_harness.h"

static sim_proc_t s_sim;
static tc_t *s_a;

static int
s_setup (void **state)
{
    (void) state;
    s_a = tc_new ();
    return s_a? 0: -1;
}

static int
s_teardown (void **state)
{
    (void) state;
    tc_destroy (&s_a);
    if (s_sim.pid > 0)
        assert_int_equal (sim_stop (&s_sim), 0);
    return 0;
}

static void
s_start_sim (const char *seed)
{
    const char *flags [] = { "--tick-ms", "0", "--seed", seed, NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
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
s_decode_status (tc_t *c, tws_order_status_t *st)
{
    tws_reader_t r;
    tws_reader_init (&r, c->frame, c->frame_len);
    int id;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_order_status_decode (&r, c->version, st), 0);
}

//  The scenario: two LMT buys below the market, cancel the second, move the market through
//  the first's limit. Checks the event order as it goes; returns the number of fills.
static int
s_order_life (tc_t *c)
{
    assert_true (sim_ctl_ok (&s_sim, "price AAPL 190"));
    while (tc_recv (c, 100) == 0)
        ;
    c->keep_log = true;
    //  1. Accepted: openOrder then orderStatus, both Submitted.
    assert_int_equal (tc_place (c, 1, "AAPL", "BUY", 100, 150.0), 0);
    assert_int_equal (tc_recv (c, 3000), 0);
    assert_int_equal (c->msg_id, TWS_IN_OPEN_ORDER);
    assert_int_equal (tc_recv (c, 3000), 0);
    assert_int_equal (c->msg_id, TWS_IN_ORDER_STATUS);
    tws_order_status_t st;
    s_decode_status (c, &st);
    assert_int_equal (st.order_id, 1);
    assert_string_equal (st.status, "Submitted");
    assert_true (st.perm_id > 0);
    //  2. Another, cancelled: error 202 then orderStatus Cancelled.
    assert_int_equal (tc_place (c, 2, "AAPL", "BUY", 50, 140.0), 0);
    assert_int_equal (tc_wait_for (c, TWS_IN_ORDER_STATUS, 0, 3000), 0);
    assert_int_equal (tc_cancel (c, 2), 0);
    assert_int_equal (tc_recv (c, 3000), 0);
    tws_err_msg_t e;
    assert_int_equal (tc_error (c, &e), 0);
    assert_int_equal (e.req_id, 2);
    assert_int_equal (e.code, 202);
    assert_int_equal (tc_recv (c, 3000), 0);
    assert_int_equal (c->msg_id, TWS_IN_ORDER_STATUS);
    s_decode_status (c, &st);
    assert_string_equal (st.status, "Cancelled");
    //  3. The market moves through the limit: per fill execDetails, openOrder, orderStatus,
    //  commissionReport (same execId), until Filled.
    assert_true (sim_ctl_ok (&s_sim, "price AAPL 149"));
    int fills = 0;
    bool filled = false;
    double total = 0;
    while (!filled) {
        assert_int_equal (tc_recv (c, 3000), 0);
        assert_int_equal (c->msg_id, TWS_IN_EXECUTION_DATA);
        tws_reader_t r;
        tws_reader_init (&r, c->frame, c->frame_len);
        int id;
        tws_exec_details_t ex;
        assert_int_equal (tws_msg_id_read (&r, &id), 0);
        assert_int_equal (tws_exec_details_decode (&r, c->version, &ex), 0);
        assert_int_equal (ex.req_id, -1);
        assert_int_equal (ex.order_id, 1);
        assert_string_equal (ex.execution.side, "BOT");
        assert_true (ex.execution.price <= 150.0);
        total += ex.execution.shares;
        assert_int_equal (tc_recv (c, 3000), 0);
        assert_int_equal (c->msg_id, TWS_IN_OPEN_ORDER);
        assert_int_equal (tc_recv (c, 3000), 0);
        assert_int_equal (c->msg_id, TWS_IN_ORDER_STATUS);
        s_decode_status (c, &st);
        filled = strcmp (st.status, "Filled") == 0;
        assert_int_equal (tc_recv (c, 3000), 0);
        assert_int_equal (c->msg_id, TWS_IN_COMMISSION_REPORT);
        tws_reader_init (&r, c->frame, c->frame_len);
        tws_commission_report_t cr;
        assert_int_equal (tws_msg_id_read (&r, &id), 0);
        assert_int_equal (tws_commission_report_decode (&r, c->version, &cr), 0);
        assert_string_equal (cr.exec_id, ex.execution.exec_id);
        assert_true (cr.commission > 0);
        fills++;
    }
    assert_true (total == 100.0);
    assert_true (st.filled == 100.0 && st.remaining == 0.0);
    c->keep_log = false;
    return fills;
}

static void
test_order_life (void **state)
{
    (void) state;
    s_start_sim ("11");
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    int fills = s_order_life (s_a);
    //  The broker's own view: one execution per fill, no duplicate, nothing lost.
    json_t *j = s_ctl_json ("executions");
    json_t *execs = json_object_get (j, "executions");
    assert_int_equal ((int) json_array_size (execs), fills);
    for (size_t i = 0; i < json_array_size (execs); i++)
        for (size_t k = i + 1; k < json_array_size (execs); k++)
            assert_string_not_equal (
                json_string_value (json_object_get (json_array_get (execs, i), "exec_id")),
                json_string_value (json_object_get (json_array_get (execs, k), "exec_id")));
    json_decref (j);
    j = s_ctl_json ("orders");
    json_t *done = json_object_get (j, "completed");
    assert_int_equal (json_array_size (json_object_get (j, "open")), 0);
    assert_int_equal (json_array_size (done), 2);
    json_decref (j);
}

static void
test_same_seed_same_events (void **state)
{
    (void) state;
    uint8_t *logs [2] = { NULL, NULL };
    size_t lens [2] = { 0, 0 };
    for (int run = 0; run < 2; run++) {
        s_start_sim ("4242");
        assert_int_equal (tc_connect (s_a, s_sim.port), 0);
        assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
        s_a->keep_log = true;               //  everything after the connection time
        assert_int_equal (tc_start (s_a, 9, NULL), 0);
        assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 2158, 3000), 0);
        s_order_life (s_a);
        s_a->keep_log = true;
        tws_req_executions_t q;
        tws_req_executions_init (&q);
        q.req_id = 5;
        int rc;
        TC_SEND (rc, s_a, req_executions, &q);
        assert_int_equal (rc, 0);
        assert_int_equal (tc_wait_for (s_a, TWS_IN_EXECUTION_DATA_END, 0, 3000), 0);
        logs [run] = s_a->log;
        lens [run] = s_a->log_len;
        s_a->log = NULL;
        tc_close (s_a);
        assert_int_equal (sim_stop (&s_sim), 0);
    }
    assert_true (lens [0] > 1000);
    assert_int_equal (lens [0], lens [1]);
    assert_memory_equal (logs [0], logs [1], lens [0]);
    free (logs [0]);
    free (logs [1]);
}

static void
test_orders_survive_reconnect (void **state)
{
    (void) state;
    s_start_sim ("3");
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 4, NULL), 0);
    assert_true (sim_ctl_ok (&s_sim, "price IBM 190"));
    //  A fill, and an order that stays open.
    assert_int_equal (tc_place (s_a, 10, "IBM", "BUY", 10, 0), 0);          //  MKT
    assert_int_equal (tc_wait_for (s_a, TWS_IN_COMMISSION_REPORT, 0, 3000), 0);
    assert_int_equal (tc_place (s_a, 11, "IBM", "BUY", 10, 100.0), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ORDER_STATUS, 0, 3000), 0);
    tc_close (s_a);

    //  Fills while the client is away are kept at the broker.
    assert_true (sim_ctl_ok (&s_sim, "price IBM 99"));

    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    int next = 0;
    assert_int_equal (tc_start (s_a, 4, &next), 0);
    assert_int_equal (next, 12);
    tws_req_executions_t q;
    tws_req_executions_init (&q);
    q.req_id = 77;
    q.client_id = 4;
    int rc;
    TC_SEND (rc, s_a, req_executions, &q);
    assert_int_equal (rc, 0);
    int execs = 0, commissions = 0;
    for (;;) {
        assert_int_equal (tc_recv (s_a, 3000), 0);
        if (s_a->msg_id == TWS_IN_EXECUTION_DATA_END)
            break;
        if (s_a->msg_id == TWS_IN_EXECUTION_DATA)
            execs++;
        if (s_a->msg_id == TWS_IN_COMMISSION_REPORT)
            commissions++;
    }
    assert_true (execs >= 2);               //  order 10 and order 11 (filled while away)
    assert_int_equal (execs, commissions);
    tws_req_completed_orders_t cq = { .api_only = false };
    TC_SEND (rc, s_a, req_completed_orders, &cq);
    assert_int_equal (rc, 0);
    int completed = 0;
    for (;;) {
        assert_int_equal (tc_recv (s_a, 3000), 0);
        if (s_a->msg_id == TWS_IN_COMPLETED_ORDERS_END)
            break;
        completed += s_a->msg_id == TWS_IN_COMPLETED_ORDER;
    }
    assert_int_equal (completed, 2);
    //  An id not above the last used one, not an open order: 103.
    assert_int_equal (tc_place (s_a, 5, "IBM", "BUY", 1, 100.0), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 103, 3000), 0);
    tws_err_msg_t e;
    assert_int_equal (tc_error (s_a, &e), 0);
    assert_int_equal (e.req_id, 5);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_order_life, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_same_seed_same_events, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_orders_survive_reconnect, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
