/*  test_curve.c - CURVE with per-socket ZAP allow lists, on real loopback sockets, with a
    temporary RT_CURVE_DIR: allowed clients get messages and replies, others get nothing;
    without CURVE a non-loopback bind is refused (checked, never attempted).

    Roles: gateway (server), risk (allowed on gateway.pub and gateway.cmd), rt-tap (allowed
    on gateway.pub only), intruder (a valid keypair allowed nowhere).
*/
#include "rt_bus.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define FREE_PORT "tcp://127.0.0.1:*"

static char s_dir [64];

static int
s_setup (void **state)
{
    snprintf (s_dir, sizeof (s_dir), "/tmp/rt-curve-test-XXXXXX");
    if (!mkdtemp (s_dir))
        return -1;
    const char *roles [] = { "gateway", "risk", "rt-tap", "intruder" };
    for (size_t i = 0; i < sizeof (roles) / sizeof (roles [0]); i++)
        if (rt_curve_keygen (s_dir, roles [i]) != 0)
            return -1;
    if (rt_curve_allow (s_dir, "gateway.pub", "risk") != 0
    ||  rt_curve_allow (s_dir, "gateway.pub", "rt-tap") != 0
    ||  rt_curve_allow (s_dir, "gateway.cmd", "risk") != 0)
        return -1;
    return setenv (RT_CURVE_DIR_ENV, s_dir, 1);
}

static int
s_teardown (void **state)
{
    unsetenv (RT_CURVE_DIR_ENV);
    zdir_t *dir = zdir_new (s_dir, NULL);
    if (!dir)
        return -1;
    zdir_remove (dir, true);
    zdir_destroy (&dir);
    return 0;
}

static void
test_layout_written_by_keygen (void **state)
{
    char path [256];
    snprintf (path, sizeof (path), "%s/gateway.key", s_dir);
    assert_true (zsys_file_exists (path));
    snprintf (path, sizeof (path), "%s/gateway.key_secret", s_dir);
    assert_true (zsys_file_exists (path));
    assert_int_equal (zsys_file_mode (path) & 077, 0);
    snprintf (path, sizeof (path), "%s/allowed/gateway.cmd/risk.key", s_dir);
    assert_true (zsys_file_exists (path));
    //  Only the public half is copied into an allow list.
    snprintf (path, sizeof (path), "%s/allowed/gateway.cmd/risk.key_secret", s_dir);
    assert_false (zsys_file_exists (path));
    assert_int_equal (rt_curve_allow (s_dir, "gateway.cmd", "nobody"), RT_EINVAL);
    assert_int_equal (rt_curve_keygen (s_dir, "Bad/Role"), RT_EINVAL);
    assert_string_equal (rt_curve_dir (), s_dir);
}

static void
test_allowed_subscriber_receives_others_nothing (void **state)
{
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "gateway");
    assert_non_null (pub);
    rt_sub_t *risk = rt_sub_new ("risk");
    rt_sub_t *tap = rt_sub_new ("rt-tap");
    rt_sub_t *intruder = rt_sub_new ("intruder");
    assert_non_null (risk);
    assert_non_null (tap);
    assert_non_null (intruder);
    assert_int_equal (rt_sub_subscribe (risk, ""), 0);
    assert_int_equal (rt_sub_subscribe (tap, ""), 0);
    assert_int_equal (rt_sub_subscribe (intruder, ""), 0);
    //  The intruder connects first, so it has every chance the others have.
    assert_int_equal (rt_sub_connect (intruder, rt_pub_endpoint (pub), "gateway"), 0);
    assert_int_equal (rt_sub_connect (risk, rt_pub_endpoint (pub), "gateway"), 0);
    assert_int_equal (rt_sub_connect (tap, rt_pub_endpoint (pub), "gateway"), 0);

    //  Publish until both allowed subscribers hear it.
    rt_bus_msg_t msg;
    bool risk_seen = false, tap_seen = false;
    for (int i = 0; i < 500 && !(risk_seen && tap_seen); i++) {
        assert_int_equal (rt_pub_send (pub, "gw.conn", 1, NULL, "\x80", 1), 0);
        if (!risk_seen)
            risk_seen = rt_sub_recv (risk, &msg, NULL, 10) == 0;
        if (!tap_seen)
            tap_seen = rt_sub_recv (tap, &msg, NULL, 10) == 0;
    }
    assert_true (risk_seen);
    assert_true (tap_seen);
    for (int i = 0; i < 20; i++)
        assert_int_equal (rt_pub_send (pub, "gw.conn", 1, NULL, "\x80", 1), 0);
    while (rt_sub_recv (risk, &msg, NULL, 1000) == 0 && msg.header.seq != rt_pub_seq (pub))
        ;
    assert_int_equal (msg.header.seq, rt_pub_seq (pub));
    assert_string_equal (msg.header.src, "gateway");
    //  Everything sent so far has reached risk; the intruder has had it all along.
    assert_int_equal (rt_sub_recv (intruder, &msg, NULL, 300), RT_ETIMEOUT);
    rt_sub_stats_t stats;
    rt_sub_stats (intruder, &stats);
    assert_int_equal (stats.received, 0);

    rt_sub_destroy (&intruder);
    rt_sub_destroy (&tap);
    rt_sub_destroy (&risk);
    rt_pub_destroy (&pub);
}

//  Answers every request in its own thread (the caller blocks in rt_cmd_client_call).
static void
s_echo_actor (zsock_t *pipe, void *arg)
{
    rt_cmd_server_t *server = (rt_cmd_server_t *) arg;
    zpoller_t *poller = zpoller_new (pipe, rt_cmd_server_sock (server), NULL);
    zsock_signal (pipe, 0);
    while (poller && zpoller_wait (poller, -1) == rt_cmd_server_sock (server)) {
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        while (rt_cmd_server_recv (server, &msg, &peer, 0) == 0)
            if (rt_cmd_server_reply (server, &peer, "cmd.reply", msg.header.type,
                                     msg.body, msg.body_len) != 0)
                zsys_error ("reply failed");
    }
    zpoller_destroy (&poller);
}

static void
test_only_allowed_keys_send_commands (void **state)
{
    rt_cmd_server_t *server = rt_cmd_server_new (FREE_PORT, "gateway");
    assert_non_null (server);
    const char *endpoint = rt_cmd_server_endpoint (server);
    rt_cmd_client_t *risk = rt_cmd_client_new (endpoint, "risk", "gateway");
    rt_cmd_client_t *tap = rt_cmd_client_new (endpoint, "rt-tap", "gateway");
    rt_cmd_client_t *intruder = rt_cmd_client_new (endpoint, "intruder", "gateway");
    assert_non_null (risk);
    assert_non_null (tap);
    assert_non_null (intruder);
    zactor_t *actor = zactor_new (s_echo_actor, server);
    assert_non_null (actor);

    rt_bus_msg_t reply;
    assert_int_equal (rt_cmd_client_call (risk, "cmd.status", 5, "\x80", 1, &reply, 5000), 0);
    assert_int_equal (reply.header.type, 5);
    assert_string_equal (reply.header.src, "gateway");
    //  rt-tap may listen to the gateway's events, not command it. Once ZAP has refused a
    //  DEALER it holds no connection, so the request may not even be queued (RT_EAGAIN);
    //  either way no reply ever comes.
    rt_cmd_client_t *refused [] = { tap, intruder };
    for (size_t i = 0; i < 2; i++) {
        int rc = rt_cmd_client_call (refused [i], "cmd.status", 6, NULL, 0, &reply, 300);
        assert_true (rc == RT_ETIMEOUT || rc == RT_EAGAIN);
        assert_int_equal (rt_cmd_client_recv (refused [i], &reply, 100), RT_ETIMEOUT);
    }
    //  And the allowed client still works after the refusals.
    assert_int_equal (rt_cmd_client_call (risk, "cmd.status", 8, NULL, 0, &reply, 5000), 0);
    assert_int_equal (reply.header.type, 8);

    zactor_destroy (&actor);
    rt_cmd_server_stats_t stats;
    rt_cmd_server_stats (server, &stats);
    assert_int_equal (stats.received, 2);
    rt_cmd_client_destroy (&intruder);
    rt_cmd_client_destroy (&tap);
    rt_cmd_client_destroy (&risk);
    rt_cmd_server_destroy (&server);
}

static void
test_curve_needs_certs (void **state)
{
    //  No keypair for the role: the server refuses to start rather than run open.
    assert_null (rt_pub_new (FREE_PORT, "orders"));
    //  A client without its secret cert or the server's public cert cannot start either.
    assert_null (rt_cmd_client_new ("tcp://127.0.0.1:9", "orders", "gateway"));
    assert_null (rt_cmd_client_new ("tcp://127.0.0.1:9", "risk", "orders"));
    rt_sub_t *sub = rt_sub_new ("risk");
    assert_non_null (sub);
    assert_int_equal (rt_sub_connect (sub, "tcp://127.0.0.1:9", "nobody"), RT_EINVAL);
    rt_sub_destroy (&sub);
    //  The ZAP handler stops with the last server socket and starts again with the next.
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "gateway");
    assert_non_null (pub);
    rt_pub_destroy (&pub);
    pub = rt_pub_new (FREE_PORT, "gateway");
    assert_non_null (pub);
    rt_pub_destroy (&pub);
}

static void
test_non_loopback_bind_refused_without_curve (void **state)
{
    //  With CURVE any address may be bound (only checked here, never bound).
    assert_int_equal (rt_curve_bind_check ("tcp://0.0.0.0:5561"), 0);
    assert_int_equal (unsetenv (RT_CURVE_DIR_ENV), 0);
    assert_null (rt_curve_dir ());
    const char *refused [] = {
        "tcp://0.0.0.0:5561", "tcp://*:5561", "tcp://192.168.1.10:5561", "tcp://eth0:5561",
        "tcp://[::]:5561", "tcp://10.0.0.1;127.0.0.1:5561", "udp://127.0.0.1:5561",
        "pgm://eth0;239.192.1.1:5555", "tcp://127.0.0.1", "",
    };
    for (size_t i = 0; i < sizeof (refused) / sizeof (refused [0]); i++)
        assert_int_equal (rt_curve_bind_check (refused [i]), RT_EINVAL);
    const char *allowed [] = {
        "tcp://127.0.0.1:5561", "tcp://127.0.0.1:*", "tcp://127.1.2.3:0", "tcp://[::1]:5561",
        "tcp://localhost:5561", "ipc:///tmp/rt-gateway.pub", "inproc://bus",
    };
    for (size_t i = 0; i < sizeof (allowed) / sizeof (allowed [0]); i++)
        assert_int_equal (rt_curve_bind_check (allowed [i]), 0);
    //  The constructors apply the check before binding.
    assert_null (rt_pub_new ("tcp://0.0.0.0:*", "gateway"));
    assert_null (rt_cmd_server_new ("tcp://*:*", "gateway"));
    //  And without CURVE a plain loopback pair works with no certs at all.
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "nocerts");
    assert_non_null (pub);
    rt_pub_destroy (&pub);
    assert_int_equal (setenv (RT_CURVE_DIR_ENV, s_dir, 1), 0);
}

int
main (void)
{
    if (!zsys_has_curve ()) {
        fprintf (stderr, "libzmq without CURVE: test_curve cannot run\n");
        return 1;
    }
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_layout_written_by_keygen),
        cmocka_unit_test (test_allowed_subscriber_receives_others_nothing),
        cmocka_unit_test (test_only_allowed_keys_send_commands),
        cmocka_unit_test (test_curve_needs_certs),
        cmocka_unit_test (test_non_loopback_bind_refused_without_curve),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
