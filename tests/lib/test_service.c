/*  test_service.c - rt_service over real sockets on 127.0.0.1 (free ports): --help and bad
    configuration exit statuses, the heartbeat with its counters, the generic status command,
    a command to the service's callback answered through its own DEALER client, a subscriber
    to its own PUB, SIGTERM and rt_service_stop ending the loop.

    The loop runs in the test's thread, so the test's own sockets are polled from a timer of
    that loop; a guard timer ends every run after 5 s so a failure never hangs.
*/
#include "rt_service.h"
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define FREE_PORT "tcp://127.0.0.1:*"

static char *s_argv [] = { "test_service", NULL };

typedef struct {
    rt_service_t *svc;
    rt_sub_t *sub;                  //  test's SUB to the service
    rt_cmd_client_t *client;        //  test's DEALER to the service
    bool got;
    bool timed_out;
    rt_heartbeat_t hb;
    rt_reply_t reply;
    char corr [RT_CORR_MAX];
    int cmd_calls;
    rt_seq_kind_t first_kind;
} ctx_t;

static int
s_guard (zloop_t *loop, int timer_id, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    ctx->timed_out = true;
    rt_service_stop (ctx->svc);
    return 0;
}

static rt_service_t *
s_new (ctx_t *ctx)
{
    memset (ctx, 0, sizeof *ctx);
    ctx->svc = rt_service_new ("svctest", NULL, 0, 1, s_argv);
    assert_non_null (ctx->svc);
    assert_true (zloop_timer (rt_service_loop (ctx->svc), 5000, 1, s_guard, ctx) >= 0);
    return ctx->svc;
}

//  ---------------------------------------------------------------------------------------
//  Start-up exit statuses (first, before this process has zmq threads to fork with)

static int
s_child_status (const char *argument, const char *bad_value)
{
    pid_t pid = fork ();
    assert_true (pid >= 0);
    if (pid == 0) {
        static int n;
        static const rt_config_var_t vars [] = {
            RT_CFG_INT ("SVCTEST_N", &n, "3", 1, 10, "a number"),
        };
        if (bad_value)
            setenv ("SVCTEST_N", bad_value, 1);
        if (!freopen ("/dev/null", "w", stdout) || !freopen ("/dev/null", "w", stderr))
            _exit (9);
        char *argv [] = { "svctest", (char *) argument, NULL };
        rt_service_t *svc = rt_service_new ("svctest", vars, 1, argument? 2: 1, argv);
        int code = svc? 7: 8;       //  7: constructed and returned
        rt_service_destroy (&svc);
        _exit (code);
    }
    int status = 0;
    assert_int_equal (waitpid (pid, &status, 0), pid);
    assert_true (WIFEXITED (status));
    return WEXITSTATUS (status);
}

static void
test_help_usage_and_bad_config_exit (void **state)
{
    assert_int_equal (s_child_status ("--help", NULL), 0);
    assert_int_equal (s_child_status ("--bogus", NULL), 2);
    assert_int_equal (s_child_status (NULL, "abc"), 2);
    assert_int_equal (s_child_status (NULL, "11"), 2);
    assert_int_equal (s_child_status (NULL, "4"), 7);
}

//  ---------------------------------------------------------------------------------------
//  Heartbeat

static int
s_poll_hb (zloop_t *loop, int timer_id, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    rt_bus_msg_t msg;
    while (rt_sub_recv (ctx->sub, &msg, NULL, 0) == 0) {
        assert_string_equal (msg.topic, "sys.hb.svctest");
        assert_int_equal (msg.header.type, RT_TYPE_HEARTBEAT);
        assert_string_equal (msg.header.src, "svctest");
        assert_int_equal (rt_service_decode (ctx->svc, &msg, RT_TYPE_HEARTBEAT, &ctx->hb), 0);
        ctx->got = true;
        rt_service_stop (ctx->svc);
    }
    return 0;
}

static void
test_heartbeat_carries_counters (void **state)
{
    ctx_t ctx;
    rt_service_t *svc = s_new (&ctx);
    assert_int_equal (rt_service_pub_bind (svc, FREE_PORT), 0);
    assert_int_equal (rt_service_set_hb_interval (svc, 20), 0);
    assert_int_equal (rt_service_count (svc, "widgets", 2), 0);
    assert_int_equal (rt_service_count (svc, "widgets", 1), 0);
    assert_int_equal (rt_service_count (svc, "gadgets", 0), 0);
    for (int i = 2; i < RT_COUNTERS_MAX; i++) {
        char name [16];
        snprintf (name, sizeof name, "c%d", i);
        assert_int_equal (rt_service_count (svc, name, (uint64_t) i), 0);
    }
    assert_int_equal (rt_service_count (svc, "one_too_many", 1), RT_ERANGE);
    assert_int_equal (rt_service_counter (svc, "widgets"), 3);
    assert_int_equal (rt_service_counter (svc, "nope"), 0);
    rt_service_error (svc);
    rt_service_set_health (svc, "degraded");

    ctx.sub = rt_sub_new ("test");
    assert_non_null (ctx.sub);
    assert_int_equal (rt_sub_connect (ctx.sub, rt_pub_endpoint (rt_service_pub (svc)), "svctest"), 0);
    assert_int_equal (rt_sub_subscribe (ctx.sub, "sys.hb."), 0);
    assert_true (zloop_timer (rt_service_loop (svc), 5, 0, s_poll_hb, &ctx) >= 0);

    assert_int_equal (rt_service_run (svc), 0);
    assert_false (ctx.timed_out);
    assert_true (ctx.got);
    assert_string_equal (ctx.hb.service, "svctest");
    assert_int_equal (ctx.hb.pid, getpid ());
    assert_string_equal (ctx.hb.status, "degraded");
    assert_int_equal (ctx.hb.errors, 1);
    assert_true (ctx.hb.uptime_ms < 5000);
    assert_int_equal (ctx.hb.counters.count, RT_COUNTERS_MAX);
    assert_string_equal (ctx.hb.counters.item [0].name, "widgets");
    assert_int_equal (ctx.hb.counters.item [0].value, 3);
    assert_string_equal (ctx.hb.counters.item [1].name, "gadgets");
    rt_sub_destroy (&ctx.sub);
    rt_service_destroy (&svc);
    assert_null (svc);
}

//  ---------------------------------------------------------------------------------------
//  Commands: generic status, the service's callback, its own client and subscriber

static void
s_status_tail (rt_service_t *svc, char *buf, size_t cap, void *arg)
{
    snprintf (buf, cap, "all quiet");
}

static void
s_on_cmd (rt_service_t *svc, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    ctx->cmd_calls++;
    rt_command_t cmd;
    if (rt_service_decode (svc, msg, RT_TYPE_COMMAND, &cmd) != 0) {
        rt_service_error (svc);
        rt_service_reply_ok (svc, peer, false, RT_EINVAL, NULL, "bad command");
        return;
    }
    rt_service_reply_ok (svc, peer, true, 0, cmd.verb, "did %s", cmd.verb);
}

static int
s_poll_status (zloop_t *loop, int timer_id, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    rt_bus_msg_t msg;
    if (rt_cmd_client_recv (ctx->client, &msg, 0) == 0) {
        assert_int_equal (rt_service_decode (ctx->svc, &msg, RT_TYPE_REPLY, &ctx->reply), 0);
        ctx->got = true;
        rt_service_stop (ctx->svc);
    }
    return 0;
}

static void
test_status_is_answered_generically (void **state)
{
    ctx_t ctx;
    rt_service_t *svc = s_new (&ctx);
    assert_int_equal (rt_service_pub_bind (svc, FREE_PORT), 0);
    assert_int_equal (rt_service_cmd_bind (svc, FREE_PORT, s_on_cmd, &ctx), 0);
    rt_service_on_status (svc, s_status_tail, NULL);
    rt_service_count (svc, "widgets", 5);
    ctx.client = rt_cmd_client_new (rt_cmd_server_endpoint (rt_service_cmd (svc)), "test",
                                    "svctest");
    assert_non_null (ctx.client);
    rt_command_t cmd;
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.verb, sizeof cmd.verb, "status");
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    assert_int_equal (rt_msg_pack (RT_TYPE_COMMAND, &cmd, &sbuf), 0);
    assert_int_equal (rt_cmd_client_send (ctx.client, "cmd.generic", RT_TYPE_COMMAND,
                                          sbuf.data, sbuf.size, ctx.corr), 0);
    msgpack_sbuffer_destroy (&sbuf);
    assert_true (zloop_timer (rt_service_loop (svc), 5, 0, s_poll_status, &ctx) >= 0);

    assert_int_equal (rt_service_run (svc), 0);
    assert_false (ctx.timed_out);
    assert_true (ctx.got);
    assert_true (ctx.reply.ok);
    assert_string_equal (ctx.reply.corr, ctx.corr);
    assert_string_equal (ctx.reply.id, "status");
    assert_int_equal (strncmp (ctx.reply.reason, "svctest up ", 11), 0);
    assert_non_null (strstr (ctx.reply.reason, " in=1 "));
    assert_non_null (strstr (ctx.reply.reason, " widgets=5"));
    assert_non_null (strstr (ctx.reply.reason, "; all quiet"));
    assert_int_equal (ctx.cmd_calls, 0);    //  status never reaches the service
    rt_cmd_client_destroy (&ctx.client);
    rt_service_destroy (&svc);
}

static void
s_on_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    assert_string_equal (msg->header.corr, ctx->corr);
    assert_int_equal (rt_service_decode (svc, msg, RT_TYPE_REPLY, &ctx->reply), 0);
    ctx->got = true;
}

static void
s_on_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
            const rt_seq_event_t *seq, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    if (msg->header.type != RT_TYPE_ERROR_EVENT)
        return;
    ctx->first_kind = seq->kind;
    rt_service_stop (svc);
}

//  Publishes until the subscriber (slow joiner) sees one, once the reply is in.
static int
s_publish_until_seen (zloop_t *loop, int timer_id, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    if (!ctx->got)
        return 0;
    rt_error_event_t ev;
    memset (&ev, 0, sizeof ev);
    ev.code = 1;
    ev.severity = RT_SEVERITY_INFO;
    snprintf (ev.message, sizeof ev.message, "hello");
    assert_int_equal (rt_service_publish (ctx->svc, RT_TYPE_ERROR_EVENT, &ev, NULL), 0);
    return 0;
}

static void
test_command_client_and_subscriber_in_the_loop (void **state)
{
    ctx_t ctx;
    rt_service_t *svc = s_new (&ctx);
    assert_int_equal (rt_service_pub_bind (svc, FREE_PORT), 0);
    assert_int_equal (rt_service_cmd_bind (svc, FREE_PORT, s_on_cmd, &ctx), 0);
    const char *cmd_ep = rt_cmd_server_endpoint (rt_service_cmd (svc));
    rt_cmd_client_t *client = rt_service_client (svc, cmd_ep, "svctest", s_on_reply, &ctx);
    assert_non_null (client);
    const char *prefixes [] = { "sys.error", NULL };
    assert_non_null (rt_service_sub (svc, rt_pub_endpoint (rt_service_pub (svc)), "svctest",
                                     prefixes, s_on_event, &ctx));
    rt_command_t cmd;
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.verb, sizeof cmd.verb, "ping");
    assert_int_equal (rt_service_send (svc, client, RT_TYPE_COMMAND, &cmd, ctx.corr), 0);
    assert_true (zloop_timer (rt_service_loop (svc), 5, 0, s_publish_until_seen, &ctx) >= 0);

    assert_int_equal (rt_service_run (svc), 0);
    assert_false (ctx.timed_out);
    assert_true (ctx.got);
    assert_int_equal (ctx.cmd_calls, 1);
    assert_true (ctx.reply.ok);
    assert_string_equal (ctx.reply.id, "ping");
    assert_string_equal (ctx.reply.reason, "did ping");
    assert_int_equal (ctx.first_kind, RT_SEQ_FIRST);
    rt_service_destroy (&svc);
}

//  ---------------------------------------------------------------------------------------
//  Ending the loop

static int
s_raise_term (zloop_t *loop, int timer_id, void *arg)
{
    assert_int_equal (raise (SIGTERM), 0);
    return 0;
}

static void
test_sigterm_ends_the_loop (void **state)
{
    ctx_t ctx;
    rt_service_t *svc = s_new (&ctx);
    assert_int_equal (rt_service_pub_bind (svc, FREE_PORT), 0);
    assert_true (zloop_timer (rt_service_loop (svc), 10, 1, s_raise_term, &ctx) >= 0);
    assert_int_equal (rt_service_run (svc), 0);
    assert_false (ctx.timed_out);
    rt_service_destroy (&svc);
    //  Still blocked, not pending: a second service starts clean.
    sigset_t pending;
    assert_int_equal (sigpending (&pending), 0);
    assert_false (sigismember (&pending, SIGTERM));
}

static int
s_stop_now (zloop_t *loop, int timer_id, void *arg)
{
    ctx_t *ctx = (ctx_t *) arg;
    ctx->got = true;
    rt_service_stop (ctx->svc);
    return 0;
}

static void
test_stop_from_any_callback (void **state)
{
    ctx_t ctx;
    rt_service_t *svc = s_new (&ctx);
    assert_true (zloop_timer (rt_service_loop (svc), 10, 1, s_stop_now, &ctx) >= 0);
    assert_int_equal (rt_service_run (svc), 0);
    assert_true (ctx.got);
    assert_false (ctx.timed_out);
    rt_service_destroy (&svc);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_help_usage_and_bad_config_exit),
        cmocka_unit_test (test_heartbeat_carries_counters),
        cmocka_unit_test (test_status_is_answered_generically),
        cmocka_unit_test (test_command_client_and_subscriber_in_the_loop),
        cmocka_unit_test (test_sigterm_ends_the_loop),
        cmocka_unit_test (test_stop_from_any_callback),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
