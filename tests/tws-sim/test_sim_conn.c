/*  test_sim_conn.c - tws-sim handshake, START_API, duplicate clientId, pacing, malformed
    frames; over real TCP against the real binary.
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
static tc_t *s_a, *s_b;

static int
s_setup (void **state)
{
    (void) state;
    s_a = tc_new ();
    s_b = tc_new ();
    return s_a && s_b ? 0 : -1;
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
s_expect_error (tc_t *c, int req_id, int code)
{
    assert_int_equal (tc_recv (c, 3000), 0);
    tws_err_msg_t e;
    assert_int_equal (tc_error (c, &e), 0);
    assert_int_equal (e.req_id, req_id);
    assert_int_equal (e.code, code);
}

//  The start-up sequence as a real Gateway sends it.
static void
s_check_startup (tc_t *c, int client_id)
{
    tws_start_api_t m = { .client_id = client_id };
    int rc;
    TC_SEND (rc, c, start_api, &m);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_recv (c, 3000), 0);
    assert_int_equal (c->msg_id, TWS_IN_NEXT_VALID_ID);
    assert_int_equal (tc_recv (c, 3000), 0);
    assert_int_equal (c->msg_id, TWS_IN_MANAGED_ACCTS);
    tws_reader_t r;
    tws_reader_init (&r, c->frame, c->frame_len);
    int id;
    tws_managed_accts_t acc;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_managed_accts_decode (&r, c->version, &acc), 0);
    assert_string_equal (acc.accounts, "DU111,DU222");
    s_expect_error (c, -1, 2104);
    s_expect_error (c, -1, 2106);
    s_expect_error (c, -1, 2158);
}

static void
test_handshake_200 (void **state)
{
    (void) state;
    const char *flags [] = { "--accounts", "DU111,DU222", "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (s_a->version, 200);
    //  "yyyymmdd hh:mm:ss <zone>"
    assert_true (strlen (s_a->conn_time) > 18);
    assert_int_equal (s_a->conn_time [8], ' ');
    assert_int_equal (s_a->conn_time [11], ':');
    s_check_startup (s_a, 7);
    //  currentTime on request.
    tws_req_current_time_t q = { 0 };
    int rc;
    TC_SEND (rc, s_a, req_current_time, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_CURRENT_TIME, 0, 3000), 0);
}

static void
test_handshake_176 (void **state)
{
    (void) state;
    const char *flags [] = { "--accounts", "DU111,DU222", "--server-version", "176",
                             "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    //  Client max above ours: ours wins.
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 193, 3000), 0);
    assert_int_equal (s_a->version, 176);
    s_check_startup (s_a, 1);       //  errors in the < 194 form decode at 176
    tc_close (s_a);
    //  ib_async's range v157..178 -> 176.
    assert_int_equal (tc_connect (s_b, s_sim.port), 0);
    assert_int_equal (tc_hello (s_b, 157, 178, 3000), 0);
    assert_int_equal (s_b->version, 176);
    tc_close (s_b);
    //  A client that cannot speak 157 or above is refused too.
    assert_int_equal (tc_connect (s_b, s_sim.port), 0);
    assert_int_equal (tc_hello (s_b, 100, 150, 3000), -2);
    tc_close (s_b);
    //  A range entirely above ours is refused: closed without a reply.
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 190, 200, 3000), -2);
    tc_close (s_a);
}

static void
test_handshake_200_client_178 (void **state)
{
    (void) state;
    const char *flags [] = { "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 157, 178, 3000), 0);
    assert_int_equal (s_a->version, 178);
    int next = 0;
    assert_int_equal (tc_start (s_a, 3, &next), 0);
    assert_true (next >= 1);
}

static void
test_duplicate_client_id (void **state)
{
    (void) state;
    const char *flags [] = { "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 5, NULL), 0);
    assert_int_equal (tc_connect (s_b, s_sim.port), 0);
    assert_int_equal (tc_hello (s_b, 100, 200, 3000), 0);
    tws_start_api_t m = { .client_id = 5 };
    int rc;
    TC_SEND (rc, s_b, start_api, &m);
    assert_int_equal (rc, 0);
    s_expect_error (s_b, -1, 326);
    tws_err_msg_t e;
    assert_int_equal (tc_error (s_b, &e), 0);
    assert_string_equal (e.message, "Unable to connect as the client id is already in use."
                                    " Retry with a unique client id.");
    assert_true (tc_wait_eof (s_b, 3000));
    //  The first session is untouched.
    tws_req_ids_t q = { .num_ids = 1 };
    TC_SEND (rc, s_a, req_ids, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_NEXT_VALID_ID, 0, 3000), 0);
}

static void
test_pacing (void **state)
{
    (void) state;
    const char *flags [] = { "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    //  120 requests in one burst: well over 50 in a second.
    int rc;
    for (int i = 0; i < 120; i++) {
        tws_req_ids_t q = { .num_ids = 1 };
        TC_SEND (rc, s_a, req_ids, &q);
        assert_int_equal (rc, 0);
    }
    int answers = 0, pacing = 0;
    while (tc_recv (s_a, 500) == 0) {
        if (s_a->msg_id == TWS_IN_NEXT_VALID_ID)
            answers++;
        tws_err_msg_t e;
        if (tc_error (s_a, &e) == 0 && e.code == 100) {
            pacing++;
            assert_non_null (strstr (e.message, "Max rate of messages per second has been"
                                                " exceeded"));
        }
    }
    assert_int_equal (pacing, 1);           //  once per second, not once per message
    assert_true (answers < 120);            //  the excess was dropped
    assert_true (answers >= 40);
    //  The session stays and is served again once the window has passed.
    assert_int_equal (tc_recv (s_a, 700), -1);
    tws_req_ids_t q = { .num_ids = 1 };
    TC_SEND (rc, s_a, req_ids, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_NEXT_VALID_ID, 0, 3000), 0);
    char *status = sim_ctl (&s_sim, "status");
    assert_non_null (status);
    json_t *j = json_loads (status, 0, NULL);
    assert_non_null (j);
    assert_int_equal (json_integer_value (json_object_get (json_object_get (j, "counters"),
                                                           "paced")), 120 - answers);
    json_decref (j);
    free (status);
}

static void
test_malformed_only_that_session (void **state)
{
    (void) state;
    const char *flags [] = { "--tick-ms", "0", NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_b, s_sim.port), 0);
    assert_int_equal (tc_hello (s_b, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_b, 2, NULL), 0);
    int rc;

    //  1. A length prefix above 0xFFFFFF: 320, then closed.
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    static const uint8_t huge [] = { 0x01, 0x00, 0x00, 0x00, '4', '9', 0 };
    assert_int_equal (tc_send_raw (s_a, huge, sizeof huge), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 320, 3000), 0);
    assert_true (tc_wait_eof (s_a, 3000));
    tc_close (s_a);

    //  2. A frame that does not decode (non-numeric message id).
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    static const uint8_t junk [] = { 0, 0, 0, 4, 'x', 'y', 'z', 0 };
    assert_int_equal (tc_send_raw (s_a, junk, sizeof junk), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 320, 3000), 0);
    assert_true (tc_wait_eof (s_a, 3000));
    tc_close (s_a);

    //  3. A truncated request (placeOrder cut short inside its frame).
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    static const uint8_t cut [] = { 0, 0, 0, 6, '3', 0, '1', '1', 0, 'A' };
    assert_int_equal (tc_send_raw (s_a, cut, sizeof cut), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 320, 3000), 0);
    assert_true (tc_wait_eof (s_a, 3000));
    tc_close (s_a);

    //  4. EOF in the middle of a frame.
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, 200, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    static const uint8_t half [] = { 0, 0, 0, 40, '4', '9', 0 };
    assert_int_equal (tc_send_raw (s_a, half, sizeof half), 0);
    tc_close (s_a);

    //  The other session never noticed.
    tws_req_current_time_t q = { 0 };
    TC_SEND (rc, s_b, req_current_time, &q);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_b, TWS_IN_CURRENT_TIME, 0, 3000), 0);
    char *status = sim_ctl (&s_sim, "status");
    assert_non_null (status);
    json_t *j = json_loads (status, 0, NULL);
    json_t *counters = json_object_get (j, "counters");
    assert_int_equal (json_integer_value (json_object_get (counters, "malformed_in")), 3);
    assert_int_equal (json_integer_value (json_object_get (counters, "eof_mid_frame")), 1);
    assert_int_equal (json_array_size (json_object_get (j, "sessions")), 1);
    json_decref (j);
    free (status);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_handshake_200, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_handshake_176, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_handshake_200_client_178, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_duplicate_client_id, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_pacing, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_malformed_only_that_session, s_setup,
                                         s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
