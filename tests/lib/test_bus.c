/*  test_bus.c - rt_bus over real sockets on 127.0.0.1 (free ports): sequence stamping, gap
    and restart detection, malformed messages skipped and counted, ROUTER/DEALER calls
    with reply, timeout and a late reply dropped by correlation id.
*/
#include "rt_bus.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define FREE_PORT "tcp://127.0.0.1:*"

//  {"x": x} as msgpack, into sbuf (cleared first).
static void
s_body (msgpack_sbuffer *sbuf, int64_t x)
{
    msgpack_sbuffer_clear (sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, sbuf, msgpack_sbuffer_write);
    assert_int_equal (msgpack_pack_map (&pk, 1), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "x", 1), 0);
    assert_int_equal (msgpack_pack_int64 (&pk, x), 0);
}

static int64_t
s_body_x (const rt_bus_msg_t *msg)
{
    msgpack_unpacked up;
    msgpack_unpacked_init (&up);
    assert_int_equal (msgpack_unpack_next (&up, (const char *) msg->body, msg->body_len, NULL),
                      MSGPACK_UNPACK_SUCCESS);
    assert_int_equal (up.data.type, MSGPACK_OBJECT_MAP);
    assert_int_equal (up.data.via.map.size, 1);
    int64_t x = up.data.via.map.ptr [0].val.via.i64;
    msgpack_unpacked_destroy (&up);
    return x;
}

//  Slow joiner: publish "t.sync" until the subscriber sees one, then drain up to the last
//  one sent, so the next message the subscriber reads is the next one published.
static void
s_sync (rt_pub_t *pub, rt_sub_t *sub)
{
    rt_bus_msg_t msg;
    bool seen = false;
    for (int i = 0; i < 500 && !seen; i++) {
        assert_int_equal (rt_pub_send (pub, "t.sync", 0, NULL, NULL, 0), 0);
        seen = rt_sub_recv (sub, &msg, NULL, 10) == 0;
    }
    assert_true (seen);
    while (msg.header.seq != rt_pub_seq (pub))
        assert_int_equal (rt_sub_recv (sub, &msg, NULL, 1000), 0);
}

static void
test_endpoints_defaults_and_overrides (void **state)
{
    assert_int_equal (unsetenv ("RT_GATEWAY_PUB"), 0);
    assert_string_equal (rt_bus_endpoint (RT_EP_GATEWAY_PUB), "tcp://127.0.0.1:5561");
    assert_string_equal (rt_bus_endpoint (RT_EP_RISK_CMD), "tcp://127.0.0.1:5566");
    assert_string_equal (rt_bus_endpoint_info (RT_EP_ORDERS_CMD)->env, "RT_ORDERS_CMD");

    assert_int_equal (setenv ("RT_GATEWAY_PUB", "tcp://127.0.0.1:7000", 1), 0);
    const char *eps [8];
    const char *services [8];
    assert_int_equal (rt_bus_pub_endpoints (eps, services, 8), 4);
    assert_string_equal (eps [0], "tcp://127.0.0.1:7000");
    assert_string_equal (services [0], "gateway");
    assert_string_equal (eps [1], "tcp://127.0.0.1:5563");
    assert_string_equal (services [2], "risk");
    //  An empty override means "unset".
    assert_int_equal (setenv ("RT_GATEWAY_PUB", "", 1), 0);
    assert_string_equal (rt_bus_endpoint (RT_EP_GATEWAY_PUB), "tcp://127.0.0.1:5561");
    assert_int_equal (unsetenv ("RT_GATEWAY_PUB"), 0);
}

static void
test_pub_sub_stamps_sequence (void **state)
{
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "gateway");
    assert_non_null (pub);
    assert_int_equal (strncmp (rt_pub_endpoint (pub), "tcp://127.0.0.1:", 16), 0);
    assert_int_equal (rt_pub_seq (pub), 0);
    rt_sub_t *sub = rt_sub_new ("risk");
    assert_non_null (sub);
    assert_int_equal (rt_sub_subscribe (sub, "t."), 0);
    assert_int_equal (rt_sub_connect (sub, rt_pub_endpoint (pub), "gateway"), 0);
    s_sync (pub, sub);

    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    uint64_t first = rt_pub_seq (pub) + 1;
    uint64_t before = rt_now_ns ();
    for (int i = 0; i < 100; i++) {
        s_body (&sbuf, i);
        assert_int_equal (rt_pub_send (pub, i % 2 ? "t.odd" : "t.even", 42, "c-1",
                                       sbuf.data, sbuf.size), 0);
    }
    assert_int_equal (rt_pub_send (pub, "other.topic", 1, NULL, NULL, 0), 0);
    assert_int_equal (rt_pub_send (pub, "t.last", 1, NULL, NULL, 0), 0);
    for (int i = 0; i < 100; i++) {
        rt_bus_msg_t msg;
        rt_seq_event_t ev;
        assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
        assert_string_equal (msg.topic, i % 2 ? "t.odd" : "t.even");
        assert_int_equal (msg.topic_len, strlen (msg.topic));
        assert_int_equal (msg.header.version, RT_SCHEMA_VERSION);
        assert_int_equal (msg.header.type, 42);
        assert_string_equal (msg.header.src, "gateway");
        assert_string_equal (msg.header.corr, "c-1");
        assert_int_equal (msg.header.seq, first + (uint64_t) i);
        assert_true (msg.header.ts_ns >= before && msg.header.ts_ns <= rt_now_ns ());
        assert_int_equal (ev.kind, RT_SEQ_OK);
        assert_int_equal (s_body_x (&msg), i);
    }
    //  "other.topic" is filtered out: with a prefix filter its number is not a gap...
    rt_bus_msg_t msg;
    rt_seq_event_t ev;
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_string_equal (msg.topic, "t.last");
    assert_int_equal (msg.body_len, 0);
    assert_int_equal (ev.kind, RT_SEQ_OK);
    assert_int_equal (rt_pub_seq (pub), first + 101);
    //  ...unless the caller says its filter takes whole streams.
    rt_sub_set_gap_check (sub, RT_SUB_GAPS_ON);
    assert_int_equal (rt_pub_send (pub, "other.topic", 1, NULL, NULL, 0), 0);
    assert_int_equal (rt_pub_send (pub, "t.last", 1, NULL, NULL, 0), 0);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_int_equal (ev.kind, RT_SEQ_GAP);
    assert_int_equal (ev.expected, first + 102);
    assert_int_equal (ev.got, first + 103);
    assert_int_equal (rt_pub_seq (pub), first + 103);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 0), RT_EAGAIN);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 20), RT_ETIMEOUT);

    //  Bad arguments are refused without spending a sequence number.
    assert_int_equal (rt_pub_send (pub, "bad topic", 1, NULL, NULL, 0), RT_EINVAL);
    assert_int_equal (rt_pub_send (pub, "", 1, NULL, NULL, 0), RT_EINVAL);
    char long_corr [RT_CORR_MAX + 1];
    memset (long_corr, 'c', RT_CORR_MAX);
    long_corr [RT_CORR_MAX] = 0;
    assert_int_equal (rt_pub_send (pub, "t.x", 1, long_corr, NULL, 0), RT_EINVAL);
    assert_int_equal (rt_pub_seq (pub), first + 103);

    msgpack_sbuffer_destroy (&sbuf);
    rt_sub_destroy (&sub);
    rt_pub_destroy (&pub);
    assert_null (sub);
    assert_null (pub);
}

static void
test_gap_is_reported (void **state)
{
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "orders");
    rt_sub_t *sub = rt_sub_new ("risk");
    assert_non_null (pub);
    assert_non_null (sub);
    assert_int_equal (rt_sub_subscribe (sub, ""), 0);
    assert_int_equal (rt_sub_connect (sub, rt_pub_endpoint (pub), "orders"), 0);
    s_sync (pub, sub);
    rt_sub_stats_t stats;
    rt_sub_stats (sub, &stats);
    assert_int_equal (stats.gaps, 0);

    uint64_t last = rt_pub_seq (pub);
    rt_pub_set_next_seq (pub, last + 4);        //  three messages "lost"
    assert_int_equal (rt_pub_send (pub, "ord.status", 7, NULL, NULL, 0), 0);
    assert_int_equal (rt_pub_send (pub, "ord.status", 7, NULL, NULL, 0), 0);

    rt_bus_msg_t msg;
    rt_seq_event_t ev;
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_int_equal (ev.kind, RT_SEQ_GAP);
    assert_int_equal (ev.expected, last + 1);
    assert_int_equal (ev.got, last + 4);
    assert_int_equal (msg.header.seq, last + 4);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_int_equal (ev.kind, RT_SEQ_OK);
    assert_int_equal (msg.header.seq, last + 5);
    rt_sub_stats (sub, &stats);
    assert_int_equal (stats.gaps, 1);
    assert_int_equal (stats.lost, 3);
    assert_int_equal (stats.restarts, 0);

    //  After a resync the caller may forget the source: its next message is FIRST again.
    rt_sub_reset (sub, "orders");
    assert_int_equal (rt_pub_send (pub, "ord.status", 7, NULL, NULL, 0), 0);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_int_equal (ev.kind, RT_SEQ_FIRST);

    rt_sub_destroy (&sub);
    rt_pub_destroy (&pub);
}

static void
test_publisher_restart_is_reported (void **state)
{
    rt_pub_t *pub = rt_pub_new (FREE_PORT, "gateway");
    assert_non_null (pub);
    char endpoint [RT_ENDPOINT_MAX];
    snprintf (endpoint, sizeof (endpoint), "%s", rt_pub_endpoint (pub));
    rt_sub_t *sub = rt_sub_new ("orders");
    assert_non_null (sub);
    assert_int_equal (rt_sub_subscribe (sub, ""), 0);
    assert_int_equal (rt_sub_connect (sub, endpoint, "gateway"), 0);
    s_sync (pub, sub);
    //  Far ahead, so whatever the new incarnation's first seen message is, it is behind.
    rt_pub_set_next_seq (pub, 1000);
    rt_bus_msg_t msg;
    rt_seq_event_t ev;
    assert_int_equal (rt_pub_send (pub, "t.x", 1, NULL, NULL, 0), 0);
    assert_int_equal (rt_sub_recv (sub, &msg, &ev, 2000), 0);
    assert_int_equal (ev.kind, RT_SEQ_GAP);
    rt_pub_destroy (&pub);

    //  The same port again; the old listener is closed by libzmq's reaper, so the first
    //  binds may still find it in use.
    for (int i = 0; i < 200 && !pub; i++) {
        pub = rt_pub_new (endpoint, "gateway");
        if (!pub)
            zclock_sleep (10);
    }
    assert_non_null (pub);
    bool seen = false;
    for (int i = 0; i < 500 && !seen; i++) {
        assert_int_equal (rt_pub_send (pub, "t.again", 1, NULL, NULL, 0), 0);
        seen = rt_sub_recv (sub, &msg, &ev, 10) == 0;
    }
    assert_true (seen);
    assert_string_equal (msg.topic, "t.again");
    assert_int_equal (ev.kind, RT_SEQ_RESTART);
    assert_int_equal (ev.expected, 1001);
    assert_true (ev.got >= 1 && ev.got < 1000);
    rt_sub_stats_t stats;
    rt_sub_stats (sub, &stats);
    assert_int_equal (stats.restarts, 1);
    rt_sub_destroy (&sub);
    rt_pub_destroy (&pub);
}

static void
s_send_frames (zsock_t *sock, const char **frames, const size_t *sizes, size_t count)
{
    for (size_t i = 0; i < count; i++)
        assert_true (zmq_send (zsock_resolve (sock), frames [i], sizes [i],
                               i + 1 < count ? ZMQ_SNDMORE : 0) >= 0);
}

static void
test_malformed_messages_are_counted_and_skipped (void **state)
{
    //  A raw PUB, so anything can be sent.
    zsock_t *raw = zsock_new (ZMQ_PUB);
    assert_non_null (raw);
    assert_true (zsock_bind (raw, FREE_PORT) > 0);
    char *endpoint = zsock_last_endpoint (raw);
    assert_non_null (endpoint);
    rt_sub_t *sub = rt_sub_new ("risk");
    assert_non_null (sub);
    assert_int_equal (rt_sub_subscribe (sub, ""), 0);
    assert_int_equal (rt_sub_connect (sub, endpoint, "gateway"), 0);

    msgpack_sbuffer good;
    msgpack_sbuffer_init (&good);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &good, msgpack_sbuffer_write);
    rt_header_t h = { .version = RT_SCHEMA_VERSION, .type = 3, .src = "raw", .seq = 1 };
    assert_int_equal (rt_header_encode (&h, &pk), 0);
    msgpack_sbuffer zero;
    msgpack_sbuffer_init (&zero);
    msgpack_packer_init (&pk, &zero, msgpack_sbuffer_write);
    h.seq = 0;
    assert_int_equal (rt_header_encode (&h, &pk), 0);

    const char *ok [] = { "a.ok", good.data, "\x80" };
    size_t ok_sizes [] = { 4, good.size, 1 };
    bool seen = false;
    rt_bus_msg_t msg;
    for (int i = 0; i < 500 && !seen; i++) {
        s_send_frames (raw, ok, ok_sizes, 3);
        seen = rt_sub_recv (sub, &msg, NULL, 10) == 0;
    }
    assert_true (seen);
    while (rt_sub_recv (sub, &msg, NULL, 50) == 0)
        ;                           //  the other probes still in flight
    rt_sub_stats_t stats;
    rt_sub_stats (sub, &stats);
    uint64_t received = stats.received;
    assert_int_equal (stats.malformed, 0);

    const char *one [] = { "a.one" };
    size_t one_sizes [] = { 5 };
    s_send_frames (raw, one, one_sizes, 1);
    const char *two [] = { "a.two", good.data };
    size_t two_sizes [] = { 5, good.size };
    s_send_frames (raw, two, two_sizes, 2);
    const char *four [] = { "a.four", good.data, "\x80", "extra" };
    size_t four_sizes [] = { 6, good.size, 1, 5 };
    s_send_frames (raw, four, four_sizes, 4);
    const char *bad_topic [] = { "a bad", good.data, "\x80" };
    size_t bad_topic_sizes [] = { 5, good.size, 1 };
    s_send_frames (raw, bad_topic, bad_topic_sizes, 3);
    const char *bad_header [] = { "a.hdr", "\xc1\xff\x00garbage", "\x80" };
    size_t bad_header_sizes [] = { 5, 10, 1 };
    s_send_frames (raw, bad_header, bad_header_sizes, 3);
    const char *truncated [] = { "a.trunc", good.data, "\x80" };
    size_t truncated_sizes [] = { 7, good.size - 3, 1 };
    s_send_frames (raw, truncated, truncated_sizes, 3);
    const char *seq_zero [] = { "a.zero", zero.data, "\x80" };
    size_t seq_zero_sizes [] = { 6, zero.size, 1 };
    s_send_frames (raw, seq_zero, seq_zero_sizes, 3);
    const char *last [] = { "a.last", good.data, "\x80" };
    size_t last_sizes [] = { 6, good.size, 1 };
    s_send_frames (raw, last, last_sizes, 3);

    assert_int_equal (rt_sub_recv (sub, &msg, NULL, 2000), 0);
    assert_string_equal (msg.topic, "a.last");
    assert_string_equal (msg.header.src, "raw");
    rt_sub_stats (sub, &stats);
    assert_int_equal (stats.malformed, 7);
    assert_int_equal (stats.received, received + 1);

    msgpack_sbuffer_destroy (&good);
    msgpack_sbuffer_destroy (&zero);
    zstr_free (&endpoint);
    rt_sub_destroy (&sub);
    zsock_destroy (&raw);
}

//  A command server in its own thread: "cmd.echo" is answered at once (after first
//  answering a held "cmd.slow", which makes that answer late); "cmd.slow" is held.
static void
s_server_actor (zsock_t *pipe, void *arg)
{
    rt_cmd_server_t *server = (rt_cmd_server_t *) arg;
    zpoller_t *poller = zpoller_new (pipe, rt_cmd_server_sock (server), NULL);
    zsock_signal (pipe, 0);
    rt_cmd_peer_t held;
    bool holding = false;
    while (poller) {
        void *which = zpoller_wait (poller, -1);
        if (which != rt_cmd_server_sock (server))
            break;                  //  $TERM or interrupted
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        while (rt_cmd_server_recv (server, &msg, &peer, 0) == 0) {
            if (streq (msg.topic, "cmd.slow")) {
                held = peer;
                holding = true;
                continue;
            }
            if (holding) {
                if (rt_cmd_server_reply (server, &held, "cmd.reply", 99, NULL, 0) != 0)
                    zsys_error ("late reply failed");
                holding = false;
            }
            if (rt_cmd_server_reply (server, &peer, "cmd.reply", msg.header.type,
                                     msg.body, msg.body_len) != 0)
                zsys_error ("reply failed");
        }
    }
    zpoller_destroy (&poller);
}

static void
test_command_call_timeout_and_late_reply (void **state)
{
    rt_cmd_server_t *server = rt_cmd_server_new (FREE_PORT, "gateway");
    assert_non_null (server);
    rt_cmd_client_t *client = rt_cmd_client_new (rt_cmd_server_endpoint (server), "orders",
                                                 "gateway");
    assert_non_null (client);
    zactor_t *actor = zactor_new (s_server_actor, server);
    assert_non_null (actor);

    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    s_body (&sbuf, 7);
    rt_bus_msg_t reply;
    assert_int_equal (rt_cmd_client_call (client, "cmd.echo", 12, sbuf.data, sbuf.size,
                                          &reply, 5000), 0);
    assert_string_equal (reply.topic, "cmd.reply");
    assert_int_equal (reply.header.type, 12);
    assert_string_equal (reply.header.src, "gateway");
    assert_int_equal (s_body_x (&reply), 7);
    assert_true (strlen (reply.header.corr) > 0);

    //  No answer in time.
    assert_int_equal (rt_cmd_client_call (client, "cmd.slow", 13, NULL, 0, &reply, 100),
                      RT_ETIMEOUT);
    //  The slow answer now arrives first; it must not pass for this call's answer.
    s_body (&sbuf, 8);
    assert_int_equal (rt_cmd_client_call (client, "cmd.echo", 14, sbuf.data, sbuf.size,
                                          &reply, 5000), 0);
    assert_int_equal (reply.header.type, 14);
    assert_int_equal (s_body_x (&reply), 8);
    rt_cmd_client_stats_t stats;
    rt_cmd_client_stats (client, &stats);
    assert_int_equal (stats.sent, 3);
    assert_int_equal (stats.replies, 2);
    assert_int_equal (stats.timeouts, 1);
    assert_int_equal (stats.stale, 1);

    zactor_destroy (&actor);
    rt_cmd_server_stats_t sstats;
    rt_cmd_server_stats (server, &sstats);
    assert_int_equal (sstats.received, 3);
    assert_int_equal (sstats.replies, 3);
    msgpack_sbuffer_destroy (&sbuf);
    rt_cmd_client_destroy (&client);
    rt_cmd_server_destroy (&server);
    assert_null (client);
    assert_null (server);
}

static void
test_command_async_and_unroutable (void **state)
{
    rt_cmd_server_t *server = rt_cmd_server_new (FREE_PORT, "risk");
    assert_non_null (server);
    rt_cmd_client_t *client = rt_cmd_client_new (rt_cmd_server_endpoint (server), "orders",
                                                 "risk");
    assert_non_null (client);
    char corr [RT_CORR_MAX];
    assert_int_equal (rt_cmd_client_send (client, "risk.check", 5, "\x80", 1, corr), 0);
    rt_bus_msg_t msg;
    rt_cmd_peer_t peer;
    assert_int_equal (rt_cmd_server_recv (server, &msg, &peer, 5000), 0);
    assert_string_equal (msg.topic, "risk.check");
    assert_string_equal (msg.header.src, "orders");
    assert_string_equal (msg.header.corr, corr);
    assert_string_equal (peer.corr, corr);
    assert_int_equal (msg.body_len, 1);
    //  The peer is a value: a reply after other receives still reaches it.
    rt_cmd_peer_t kept = peer;
    assert_int_equal (rt_cmd_server_recv (server, &msg, &peer, 0), RT_EAGAIN);
    assert_int_equal (rt_cmd_server_reply (server, &kept, "risk.ok", 6, "\x80", 1), 0);
    assert_int_equal (rt_cmd_client_recv (client, &msg, 5000), 0);
    assert_string_equal (msg.topic, "risk.ok");
    assert_string_equal (msg.header.corr, corr);

    //  A peer that is not connected: the reply fails visibly.
    rt_cmd_peer_t ghost = { .id = "ghost", .id_len = 5, .corr = "x" };
    assert_int_equal (rt_cmd_server_reply (server, &ghost, "risk.ok", 6, NULL, 0),
                      RT_ECLOSED);
    rt_cmd_server_stats_t stats;
    rt_cmd_server_stats (server, &stats);
    assert_int_equal (stats.unroutable, 1);
    rt_cmd_client_destroy (&client);
    rt_cmd_server_destroy (&server);
}

static void
test_command_without_server_times_out (void **state)
{
    //  Bind and close to learn a port nobody listens on.
    rt_cmd_server_t *server = rt_cmd_server_new (FREE_PORT, "orders");
    assert_non_null (server);
    char endpoint [RT_ENDPOINT_MAX];
    snprintf (endpoint, sizeof (endpoint), "%s", rt_cmd_server_endpoint (server));
    rt_cmd_server_destroy (&server);
    rt_cmd_client_t *client = rt_cmd_client_new (endpoint, "rt-ctl", "orders");
    assert_non_null (client);
    rt_bus_msg_t reply;
    assert_int_equal (rt_cmd_client_call (client, "ord.status", 1, NULL, 0, &reply, 50),
                      RT_ETIMEOUT);
    rt_cmd_client_destroy (&client);
}

static void
test_bad_names_and_binds_are_refused (void **state)
{
    assert_null (rt_pub_new (FREE_PORT, "Bad Name"));
    assert_null (rt_pub_new (FREE_PORT, ""));
    assert_null (rt_cmd_server_new (FREE_PORT, "../etc"));
    assert_null (rt_pub_new ("tcp://127.0.0.1:notaport", "gateway"));
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_endpoints_defaults_and_overrides),
        cmocka_unit_test (test_pub_sub_stamps_sequence),
        cmocka_unit_test (test_gap_is_reported),
        cmocka_unit_test (test_publisher_restart_is_reported),
        cmocka_unit_test (test_malformed_messages_are_counted_and_skipped),
        cmocka_unit_test (test_command_call_timeout_and_late_reply),
        cmocka_unit_test (test_command_async_and_unroutable),
        cmocka_unit_test (test_command_without_server_times_out),
        cmocka_unit_test (test_bad_names_and_binds_are_refused),
    };
    //  These tests never use CURVE; test_curve covers it.
    assert_int_equal (unsetenv (RT_CURVE_DIR_ENV), 0);
    return cmocka_run_group_tests (tests, NULL, NULL);
}
