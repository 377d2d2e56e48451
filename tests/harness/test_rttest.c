/*  test_rttest.c - the test harness tested: children (environment, output to pipe and file,
    exit statuses, SIGTERM then SIGKILL, the kill-all net), line waits, free ports, /proc
    accounting against sockets made here, the tws-sim fixture, a service run, frozen and
    restarted (tws-sim standing in for one), and the bus fixture against a real PUB and ROUTER.
*/
#include "rt_test_bus.h"
#include "rt_test_net.h"
#include "rt_test_proc.h"
#include "rt_test_sim.h"
#include "rt_test_svc.h"
#include "rt_test_time.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

static char s_dir [64];

static int
s_setup (void **state)
{
    snprintf (s_dir, sizeof s_dir, "/tmp/rttest-XXXXXX");
    return mkdtemp (s_dir) ? 0 : -1;
}

static int
s_teardown (void **state)
{
    rt_test_kill_all ();
    zdir_t *dir = zdir_new (s_dir, NULL);
    if (dir)
        zdir_remove (dir, true);
    zdir_destroy (&dir);
    return 0;
}

static void
test_spawn_env_pipe_and_status (void **state)
{
    setenv ("RT_TEST_GONE", "present", 1);
    const char *argv [] = { "/bin/sh", "-c",
        "echo first; echo \"v=$RT_TEST_V g=${RT_TEST_GONE:-unset}\"; echo oops >&2; exit 3",
        NULL };
    const char *env [] = { "RT_TEST_V=42", "RT_TEST_GONE", NULL };
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE, .err = RT_TEST_IO_PIPE };
    rt_test_proc_t *p = rt_test_proc_spawn (argv, &opts);
    assert_non_null (p);
    assert_true (rt_test_proc_pid (p) > 0);
    assert_string_equal (rt_test_proc_name (p), "sh");
    char line [128];
    assert_int_equal (rt_test_proc_wait_line (p, "v=", line, sizeof line, 5000), 0);
    assert_string_equal (line, "v=42 g=unset");
    assert_int_equal (rt_test_lines_next (rt_test_proc_stderr (p), line, sizeof line, 5000), 0);
    assert_string_equal (line, "oops");
    assert_int_equal (rt_test_proc_wait (p, 5000), 3);
    assert_false (rt_test_proc_running (p));
    assert_int_equal (rt_test_proc_wait (p, 0), 3);       //  the same status again
    assert_int_equal (rt_test_proc_signal (p, SIGTERM), RT_ECLOSED);
    //  stdout is at its end: nothing more, then closed.
    assert_int_equal (rt_test_lines_next (rt_test_proc_stdout (p), line, sizeof line, 1000),
                      RT_ECLOSED);
    rt_test_proc_destroy (&p);
    assert_null (p);
    unsetenv ("RT_TEST_GONE");
}

static void
test_stop_term_and_kill (void **state)
{
    //  Dies of SIGTERM: 128 + 15.
    const char *sleeper [] = { "/bin/sleep", "30", NULL };
    rt_test_proc_t *p = rt_test_proc_spawn (sleeper, NULL);
    assert_non_null (p);
    assert_true (rt_test_proc_running (p));
    assert_int_equal (rt_test_proc_wait (p, 50), RT_ETIMEOUT);
    assert_int_equal (rt_test_proc_stop (p, 5000), 128 + SIGTERM);
    rt_test_proc_destroy (&p);

    //  Ignores SIGTERM: SIGKILL after the timeout, reported as RT_ETIMEOUT, and reaped.
    const char *stubborn [] = { "/bin/sh", "-c", "trap '' TERM; echo armed; exec sleep 30", NULL };
    rt_test_spawn_opts_t opts = { .out = RT_TEST_IO_PIPE };
    p = rt_test_proc_spawn (stubborn, &opts);
    assert_non_null (p);
    assert_int_equal (rt_test_proc_wait_line (p, "armed", NULL, 0, 5000), 0);
    pid_t pid = rt_test_proc_pid (p);
    int64_t t0 = rt_test_now_ms ();
    assert_int_equal (rt_test_proc_stop (p, 200), RT_ETIMEOUT);
    assert_true (rt_test_now_ms () - t0 >= 200);
    assert_false (rt_test_proc_running (p));
    assert_int_equal (kill (pid, 0), -1);                   //  gone, not a zombie
    rt_test_proc_destroy (&p);

    //  The net: rt_test_kill_all kills and reaps what is still registered.
    p = rt_test_proc_spawn (sleeper, NULL);
    assert_non_null (p);
    pid = rt_test_proc_pid (p);
    assert_int_equal (rt_test_kill_all (), 1);
    assert_int_equal (kill (pid, 0), -1);
    assert_int_equal (rt_test_kill_all (), 0);
    rt_test_proc_destroy (&p);                              //  nothing left to stop
    //  The same as a group teardown.
    p = rt_test_proc_spawn (sleeper, NULL);
    assert_non_null (p);
    pid = rt_test_proc_pid (p);
    assert_int_equal (rt_test_group_teardown (NULL), 0);
    assert_int_equal (kill (pid, 0), -1);
    rt_test_proc_destroy (&p);

    //  Not executable: NULL, nothing registered.
    const char *missing [] = { "/nonexistent/rt-nothing", NULL };
    assert_null (rt_test_proc_spawn (missing, NULL));
}

static void
test_output_to_file_and_run (void **state)
{
    char path [128];
    snprintf (path, sizeof path, "%s/out.log", s_dir);
    //  A growing file: the line arrives after the reader started waiting.
    const char *argv [] = { "/bin/sh", "-c", "sleep 0.2; echo late line; echo warn >&2",
                            NULL };
    rt_test_spawn_opts_t opts = { .out = RT_TEST_IO_FILE, .out_path = path,
                                  .err = RT_TEST_IO_STDOUT };
    rt_test_proc_t *p = rt_test_proc_spawn (argv, &opts);
    assert_non_null (p);
    char line [128];
    assert_int_equal (rt_test_lines_wait (rt_test_proc_stdout (p), "late", RT_TEST_MATCH_PREFIX,
                                          line, sizeof line, 5000), 0);
    assert_string_equal (line, "late line");
    assert_int_equal (rt_test_lines_next (rt_test_proc_stdout (p), line, sizeof line, 5000), 0);
    assert_string_equal (line, "warn");
    assert_int_equal (rt_test_proc_wait (p, 5000), 0);
    //  A file never closes: no more lines is a timeout.
    assert_int_equal (rt_test_lines_next (rt_test_proc_stdout (p), line, sizeof line, 20),
                      RT_ETIMEOUT);
    rt_test_proc_destroy (&p);

    char out [64];
    const char *run [] = { "/bin/sh", "-c", "printf 'a\\n'; printf 'b' >&2; exit 2", NULL };
    assert_int_equal (rt_test_run (run, NULL, out, sizeof out, 5000), 2);
    assert_string_equal (out, "a\nb");
    const char *slow [] = { "/bin/sleep", "30", NULL };
    assert_int_equal (rt_test_run (slow, NULL, out, sizeof out, 100), RT_ETIMEOUT);
}

static int
s_listen (int *port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true (fd >= 0);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    assert_int_equal (bind (fd, (struct sockaddr *) &sa, sizeof sa), 0);
    assert_int_equal (listen (fd, 4), 0);
    socklen_t len = sizeof sa;
    assert_int_equal (getsockname (fd, (struct sockaddr *) &sa, &len), 0);
    *port = ntohs (sa.sin_port);
    return fd;
}

static void
test_ports_fds_and_close_wait (void **state)
{
    int port = rt_test_free_port ();
    assert_true (port > 0 && port < 65536);
    //  It is free: it binds.
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    assert_int_equal (bind (fd, (struct sockaddr *) &sa, sizeof sa), 0);
    assert_int_equal (close (fd), 0);

    int before = rt_test_fd_count (getpid ());
    assert_true (before >= 3);
    int extra = open ("/dev/null", O_RDONLY | O_CLOEXEC);
    assert_true (extra >= 0);
    assert_int_equal (rt_test_fd_count (getpid ()), before + 1);
    assert_int_equal (close (extra), 0);
    assert_int_equal (rt_test_fd_count (getpid ()), before);
    assert_true (rt_test_fd_count (999999999) < 0);

    //  A server socket whose peer closed and that we keep open: CLOSE_WAIT, ours.
    int lport;
    int lfd = s_listen (&lport);
    assert_int_equal (rt_test_tcp_count (getpid (), lport, RT_TEST_TCP_LISTEN), 1);
    int cfd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sa.sin_port = htons ((uint16_t) lport);
    assert_int_equal (connect (cfd, (struct sockaddr *) &sa, sizeof sa), 0);
    int afd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
    assert_true (afd >= 0);
    assert_int_equal (rt_test_tcp_count (getpid (), lport, RT_TEST_TCP_ESTABLISHED), 2);
    assert_int_equal (rt_test_close_wait_count (getpid (), lport), 0);
    assert_int_equal (close (cfd), 0);
    int64_t deadline = rt_test_now_ms () + 2000;
    while (rt_test_close_wait_count (getpid (), lport) != 1 && rt_test_now_ms () < deadline)
        rt_test_sleep_ms (2);
    assert_int_equal (rt_test_close_wait_count (getpid (), lport), 1);
    assert_int_equal (rt_test_close_wait_count (0, lport), 1);
    //  Another process holds none of it.
    assert_int_equal (rt_test_close_wait_count (getppid (), lport), 0);
    assert_int_equal (close (afd), 0);
    assert_int_equal (rt_test_close_wait_count (getpid (), lport), 0);
    assert_int_equal (close (lfd), 0);
}

static void
test_endpoint_and_dir_remove (void **state)
{
    (void) state;
    char ep [64];
    assert_int_equal (rt_test_free_endpoint (ep, sizeof ep), 0);
    assert_int_equal (strncmp (ep, "tcp://127.0.0.1:", 16), 0);
    int port = atoi (ep + 16);
    assert_true (port > 0 && port < 65536);
    char tiny [8];
    assert_int_equal (rt_test_free_endpoint (tiny, sizeof tiny), RT_ERANGE);

    //  Removed with what it holds; kept when the variable says so.
    char dir [64] = "/tmp/rttest-dir-XXXXXX";
    assert_non_null (mkdtemp (dir));
    char file [128];
    snprintf (file, sizeof file, "%s/a.log", dir);
    FILE *f = fopen (file, "we");
    assert_non_null (f);
    assert_int_equal (fclose (f), 0);
    assert_int_equal (setenv ("RTTEST_KEEP_DIR", "1", 1), 0);
    rt_test_dir_remove (dir, "RTTEST_KEEP_DIR", "test_rttest");
    assert_int_equal (access (file, F_OK), 0);
    assert_int_equal (unsetenv ("RTTEST_KEEP_DIR"), 0);
    rt_test_dir_remove (dir, "RTTEST_KEEP_DIR", "test_rttest");
    assert_int_not_equal (access (dir, F_OK), 0);
}

static void
test_sim_fixture (void **state)
{
    const char *flags [] = { "--seed", "7", NULL };
    rt_test_sim_t *sim = rt_test_sim_start (flags, NULL);
    assert_non_null (sim);
    assert_true (rt_test_sim_port (sim) > 0);
    assert_true (rt_test_sim_control_port (sim) > 0);
    assert_int_equal (rt_test_tcp_count (rt_test_sim_pid (sim), rt_test_sim_port (sim),
                                         RT_TEST_TCP_LISTEN), 1);
    json_t *status = rt_test_sim_ctl (sim, "status");
    assert_non_null (status);
    assert_true (json_is_true (json_object_get (status, "ok")));
    json_decref (status);
    assert_true (rt_test_sim_ctl_ok (sim, "price %s %.2f", "AAPL", 150.0));
    assert_false (rt_test_sim_ctl_ok (sim, "no-such-command"));
    char *line = rt_test_sim_ctl_line (sim, "orders");
    assert_non_null (line);
    assert_non_null (strstr (line, "\"open\""));
    free (line);
    assert_int_equal (rt_test_sim_stop (sim), 0);
    assert_null (rt_test_sim_ctl (sim, "status"));          //  no control connection
    rt_test_sim_destroy (&sim);
    assert_null (sim);
}

//  tws-sim as a service: environment, ready line, freeze (bytes sent to it wait unread in
//  its socket, /proc/net/tcp says how many), thaw, stop, a second run, kill -9, the log with
//  a marker per run, its tail, and the sanitizer check.
static void
test_svc (void **state)
{
    char log [128];
    snprintf (log, sizeof log, "%s/svc.log", s_dir);
    rt_test_svc_t *svc = rt_test_svc_new ("tws-sim", log);
    assert_non_null (svc);
    assert_int_equal (rt_test_svc_setenv (svc, "LOG_LEVEL", "%s", "info"), 0);
    assert_int_equal (rt_test_svc_setenv (svc, "LOG_LEVEL", "%s", "warn"), 0);   //  replaced
    assert_int_equal (rt_test_svc_unsetenv (svc, "LOG_FILE"), 0);
    assert_int_equal (rt_test_svc_unsetenv (svc, "A=B"), RT_EINVAL);
    const char *args [] = { "--port", "0", "--control-port", "-1", NULL };
    assert_int_equal (rt_test_svc_start (svc, args, "listening on", 10000), 0);
    assert_int_equal (rt_test_svc_start (svc, args, "listening on", 10000), RT_EINVAL);
    int port = 0;
    const char *at = strstr (rt_test_svc_ready_line (svc), "127.0.0.1:");
    assert_non_null (at);
    port = atoi (at + strlen ("127.0.0.1:"));
    assert_true (port > 0);
    pid_t pid = rt_test_svc_pid (svc);
    assert_true (pid > 0 && rt_test_svc_running (svc));

    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    assert_int_equal (connect (fd, (struct sockaddr *) &sa, sizeof sa), 0);
    //  Accepted first: a connection still in the listen queue belongs to no process.
    int64_t deadline = rt_test_now_ms () + 2000;
    while (rt_test_tcp_count (pid, port, RT_TEST_TCP_ESTABLISHED) != 1
       &&  rt_test_now_ms () < deadline)
        rt_test_sleep_ms (2);
    assert_int_equal (rt_test_svc_freeze (svc), 0);
    assert_true (rt_test_svc_frozen (svc));
    assert_int_equal (write (fd, "API\0", 4), 4);
    deadline = rt_test_now_ms () + 2000;
    while (rt_test_tcp_rx_queue (pid, port) != 4 && rt_test_now_ms () < deadline)
        rt_test_sleep_ms (2);
    assert_int_equal (rt_test_tcp_rx_queue (pid, port), 4);
    assert_int_equal (rt_test_tcp_rx_queue (getpid (), port), 0);     //  not ours to read
    assert_int_equal (rt_test_svc_thaw (svc), 0);
    deadline = rt_test_now_ms () + 2000;
    while (rt_test_tcp_rx_queue (pid, port) != 0 && rt_test_now_ms () < deadline)
        rt_test_sleep_ms (2);
    assert_int_equal (rt_test_tcp_rx_queue (pid, port), 0);
    assert_int_equal (close (fd), 0);

    //  Frozen again, a stop thaws it first: a clean exit, not SIGKILL.
    assert_int_equal (rt_test_svc_freeze (svc), 0);
    assert_int_equal (rt_test_svc_stop (svc, 5000), 0);
    assert_false (rt_test_svc_running (svc));
    assert_int_equal (rt_test_svc_start (svc, args, "listening on", 10000), 0);
    assert_int_equal (rt_test_svc_runs (svc), 2);
    assert_int_not_equal (rt_test_svc_pid (svc), pid);
    assert_int_equal (rt_test_svc_kill (svc, SIGKILL, 5000), 128 + SIGKILL);
    assert_false (rt_test_svc_running (svc));
    assert_int_equal (rt_test_svc_stop (svc, 100), 128 + SIGKILL);   //  the same status

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream (&text, &len);
    assert_non_null (mem);
    rt_test_log_tail (mem, log, "tws-sim", 10);
    assert_int_equal (fclose (mem), 0);
    assert_non_null (strstr (text, "=== start 1 of tws-sim ==="));
    assert_non_null (strstr (text, "=== start 2 of tws-sim ==="));
    free (text);
    assert_false (rt_test_log_has_sanitizer (log));
    FILE *f = fopen (log, "ae");
    assert_non_null (f);
    fprintf (f, "x.c:1:2: runtime error: signed integer overflow\n");
    assert_int_equal (fclose (f), 0);
    assert_true (rt_test_log_has_sanitizer (log));
    rt_test_svc_destroy (&svc);
    assert_null (svc);
}

//  Publishes conn_state until the subscriber hears one (the slow joiner), then returns.
static void
s_join (rt_pub_t *pub, rt_test_events_t *events)
{
    rt_conn_state_t cs = { .state = RT_CONN_DISCONNECTED };
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    rt_test_event_t ev;
    bool heard = false;
    for (int i = 0; i < 500 && !heard; i++) {
        assert_int_equal (rt_msg_pack (RT_TYPE_CONN_STATE, &cs, &sbuf), 0);
        assert_int_equal (rt_pub_send (pub, "gw.conn", RT_TYPE_CONN_STATE, NULL, sbuf.data,
                                       sbuf.size), 0);
        heard = rt_test_events_next (events, &ev, 10) == 0;
    }
    assert_true (heard);
    rt_test_events_drain (events);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
s_publish_conn (rt_pub_t *pub, rt_conn_t state, uint32_t attempt)
{
    rt_conn_state_t cs = { .state = state, .attempt = attempt, .server_version = 200,
                           .client_id = 7 };
    snprintf (cs.reason, sizeof cs.reason, "attempt %u", attempt);
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    assert_int_equal (rt_msg_pack (RT_TYPE_CONN_STATE, &cs, &sbuf), 0);
    assert_int_equal (rt_pub_send (pub, "gw.conn", RT_TYPE_CONN_STATE, NULL, sbuf.data,
                                   sbuf.size), 0);
    msgpack_sbuffer_destroy (&sbuf);
}

static bool
s_attempt_at_least (const rt_test_event_t *ev, const void *arg)
{
    return ev->u.conn.attempt >= *(const uint32_t *) arg;
}

static void
test_events_fixture (void **state)
{
    rt_pub_t *pub = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    rt_pub_t *md = rt_pub_new ("tcp://127.0.0.1:*", "gateway-md");
    assert_non_null (pub);
    assert_non_null (md);
    rt_test_events_t *events = rt_test_events_new (rt_pub_endpoint (pub), rt_pub_endpoint (md));
    assert_non_null (events);
    s_join (pub, events);

    s_publish_conn (pub, RT_CONN_BACKOFF, 1);
    s_publish_conn (pub, RT_CONN_BACKOFF, 2);
    s_publish_conn (pub, RT_CONN_READY, 0);
    rt_test_event_t ev;
    uint32_t two = 2;
    assert_int_equal (rt_test_events_wait (events, RT_TYPE_CONN_STATE, s_attempt_at_least, &two,
                                           &ev, 2000), 0);
    assert_int_equal (ev.u.conn.attempt, 2);
    assert_string_equal (ev.u.conn.reason, "attempt 2");
    assert_string_equal (ev.header.src, "gateway");
    assert_int_equal (rt_test_events_wait_conn (events, RT_CONN_READY, &ev, 2000), 0);
    assert_int_equal (ev.u.conn.client_id, 7);
    assert_int_equal (rt_test_events_wait_conn (events, RT_CONN_READY, &ev, 50), RT_ETIMEOUT);

    //  A quote on the md stream, a body that does not decode, a gap.
    rt_quote_t q = { .bid = 1.5, .ask = 1.75 };
    snprintf (q.symbol, sizeof q.symbol, "AAPL");
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    assert_int_equal (rt_msg_pack (RT_TYPE_QUOTE, &q, &sbuf), 0);
    //  The md SUB may still be joining: publish until it hears.
    int rc = RT_ETIMEOUT;
    for (int i = 0; i < 500 && rc != 0; i++) {
        assert_int_equal (rt_pub_send (md, "md.quote.AAPL", RT_TYPE_QUOTE, NULL, sbuf.data,
                                       sbuf.size), 0);
        rc = rt_test_events_wait (events, RT_TYPE_QUOTE, NULL, NULL, &ev, 10);
    }
    assert_int_equal (rc, 0);
    assert_true (ev.md);
    assert_true (ev.u.quote.ask == 1.75);
    assert_int_equal (rt_pub_send (pub, "gw.conn", RT_TYPE_CONN_STATE, NULL, "\x80", 1), 0);
    rt_pub_set_next_seq (pub, rt_pub_seq (pub) + 3);
    s_publish_conn (pub, RT_CONN_DEGRADED, 0);
    assert_int_equal (rt_test_events_wait_conn (events, RT_CONN_DEGRADED, &ev, 2000), 0);
    assert_int_equal (ev.seq.kind, RT_SEQ_GAP);
    rt_test_events_stats_t stats;
    rt_test_events_stats (events, &stats);
    assert_int_equal (stats.decode_errors, 1);
    assert_int_equal (stats.gaps, 1);
    assert_true (stats.by_type [RT_TYPE_CONN_STATE] >= 6);
    const char *trace = rt_test_events_trace (events);
    assert_non_null (strstr (trace, "gw.conn BACKOFF at=2 sv=200 ci=7 nr=0 'attempt 2'"));
    assert_non_null (strstr (trace, "not decoded"));
    assert_non_null (strstr (trace, "DEGRADED"));
    assert_non_null (strstr (trace, "[gap: expected"));
    assert_non_null (strstr (trace, "md.quote.AAPL 1.5/1.75"));
    rt_test_events_trace_clear (events);
    assert_non_null (strstr (rt_test_events_trace (events), "(no events)"));

    msgpack_sbuffer_destroy (&sbuf);
    rt_test_events_destroy (&events);
    assert_null (events);
    rt_pub_destroy (&md);
    rt_pub_destroy (&pub);
}

//  A command server in a thread: answers a snapshot with one part and a reply.
static void
s_server_actor (zsock_t *pipe, void *args)
{
    rt_cmd_server_t *server = (rt_cmd_server_t *) args;
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, rt_cmd_server_sock (server), NULL);
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which != rt_cmd_server_sock (server))
            break;                  //  $TERM or interrupted
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        if (rt_cmd_server_recv (server, &msg, &peer, 0) != 0)
            continue;
        rt_conn_state_t cs = { .state = RT_CONN_READY, .client_id = 3 };
        if (rt_msg_pack (RT_TYPE_CONN_STATE, &cs, &sbuf) == 0)
            rt_cmd_server_reply (server, &peer, "gw.conn", RT_TYPE_CONN_STATE, sbuf.data,
                                 sbuf.size);
        rt_reply_t reply = { .ok = true, .seq = 41 };
        snprintf (reply.id, sizeof reply.id, "snap");
        if (rt_msg_pack (RT_TYPE_REPLY, &reply, &sbuf) == 0)
            rt_cmd_server_reply (server, &peer, "cmd.reply", RT_TYPE_REPLY, sbuf.data,
                                 sbuf.size);
    }
    msgpack_sbuffer_destroy (&sbuf);
    zpoller_destroy (&poller);
}

static void
s_count_part (const rt_test_event_t *part, void *arg)
{
    if (part->decoded && part->type == RT_TYPE_CONN_STATE && part->u.conn.client_id == 3)
        (*(int *) arg)++;
}

static void
test_cmd_call (void **state)
{
    rt_cmd_server_t *server = rt_cmd_server_new ("tcp://127.0.0.1:*", "gateway");
    assert_non_null (server);
    zactor_t *actor = zactor_new (s_server_actor, server);
    assert_non_null (actor);
    rt_cmd_client_t *client = rt_cmd_client_new (rt_cmd_server_endpoint (server), "rt-ctl",
                                                 "gateway");
    assert_non_null (client);
    rt_snapshot_request_t req = { 0 };
    snprintf (req.what, sizeof req.what, "all");
    rt_reply_t reply;
    int parts = 0;
    assert_int_equal (rt_test_cmd_call (client, RT_TYPE_SNAPSHOT_REQUEST, &req, &reply,
                                        s_count_part, &parts, 5000), 0);
    assert_true (reply.ok);
    assert_int_equal (reply.seq, 41);
    assert_string_equal (reply.id, "snap");
    assert_int_equal (parts, 1);
    rt_cmd_client_destroy (&client);
    zactor_destroy (&actor);
    rt_cmd_server_destroy (&server);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_spawn_env_pipe_and_status),
        cmocka_unit_test (test_stop_term_and_kill),
        cmocka_unit_test (test_output_to_file_and_run),
        cmocka_unit_test (test_ports_fds_and_close_wait),
        cmocka_unit_test (test_endpoint_and_dir_remove),
        cmocka_unit_test (test_sim_fixture),
        cmocka_unit_test (test_svc),
        cmocka_unit_test (test_events_fixture),
        cmocka_unit_test (test_cmd_call),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
