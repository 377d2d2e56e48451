/*  test_pub_http.c - rt-publisher as a real process, fed by a fake gateway PUB: /healthz and
    /metrics over real HTTP requests, a WebSocket client (raw RFC 6455 over TCP) that gets
    the snapshot then a live update, the kill command refused while DASH_TOKEN is unset,
    static files, 404, and SIGTERM -> exit 0 with no sanitizer report. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include "rt_bus.h"
#include "rt_catalogue.h"
#include "rt_test_net.h"
#include "rt_test_svc.h"
#include "rt_test_time.h"

#define S_WAIT_MS 10000

typedef struct {
    char dir [64];
    char log [128];
    rt_pub_t *gw;
    rt_test_svc_t *svc;
    int port;
    msgpack_sbuffer sbuf;
} s_fix_t;

static void
s_publish (s_fix_t *f, rt_type_t type, const void *msg)
{
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, type, msg), 0);
    assert_int_equal (rt_msg_pack (type, msg, &f->sbuf), 0);
    assert_int_equal (rt_pub_send (f->gw, topic, (uint16_t) type, NULL, f->sbuf.data,
                                   f->sbuf.size), 0);
}

static int
s_connect (int port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true (fd >= 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    assert_int_equal (connect (fd, (struct sockaddr *) &sa, sizeof sa), 0);
    return fd;
}

//  Reads into buf until EOF, cap, or the deadline; returns bytes read.
static size_t
s_read_all (int fd, char *buf, size_t cap, int timeout_ms)
{
    size_t len = 0;
    int64_t end = rt_test_now_ms () + timeout_ms;
    while (len < cap - 1) {
        struct pollfd p = { fd, POLLIN, 0 };
        int left = (int) (end - rt_test_now_ms ());
        if (left <= 0 || poll (&p, 1, left) <= 0)
            break;
        ssize_t n = read (fd, buf + len, cap - 1 - len);
        if (n <= 0)
            break;
        len += (size_t) n;
    }
    buf [len] = 0;
    return len;
}

//  GET path with Connection: close; the status code, the body into body.
static int
s_get (int port, const char *path, char *body, size_t cap)
{
    int fd = s_connect (port);
    char req [256];
    int n = snprintf (req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                      "Connection: close\r\n\r\n", path, port);
    assert_int_equal (write (fd, req, (size_t) n), n);
    static char resp [65536];
    s_read_all (fd, resp, sizeof resp, 3000);
    close (fd);
    int status = 0;
    if (sscanf (resp, "HTTP/1.1 %d", &status) != 1)
        return -1;
    const char *b = strstr (resp, "\r\n\r\n");
    snprintf (body, cap, "%s", b? b + 4: "");
    return status;
}

//  --- A minimal WebSocket client (RFC 6455): enough to read text frames and send one ----

static bool
s_read_exact (int fd, unsigned char *buf, size_t len, int64_t end)
{
    size_t got = 0;
    while (got < len) {
        struct pollfd p = { fd, POLLIN, 0 };
        int left = (int) (end - rt_test_now_ms ());
        if (left <= 0 || poll (&p, 1, left) <= 0)
            return false;
        ssize_t n = read (fd, buf + got, len - got);
        if (n <= 0)
            return false;
        got += (size_t) n;
    }
    return true;
}

//  The next text message as a JSON object (new reference), or NULL by the deadline.
static json_t *
s_ws_next (int fd, int timeout_ms)
{
    int64_t end = rt_test_now_ms () + timeout_ms;
    unsigned char h [8];
    if (!s_read_exact (fd, h, 2, end))
        return NULL;
    assert_int_equal (h [1] & 0x80, 0);         //  server frames are never masked
    uint64_t len = h [1] & 0x7f;
    if (len == 126) {
        assert_true (s_read_exact (fd, h, 2, end));
        len = ((uint64_t) h [0] << 8) | h [1];
    }
    else
    if (len == 127) {
        assert_true (s_read_exact (fd, h, 8, end));
        len = 0;
        for (int i = 0; i < 8; i++)
            len = (len << 8) | h [i];
    }
    assert_true (len < 4 * 1024 * 1024);
    unsigned char *payload = malloc (len + 1);
    assert_non_null (payload);
    assert_true (s_read_exact (fd, payload, len, end));
    json_t *msg = json_loadb ((const char *) payload, len, 0, NULL);
    free (payload);
    assert_non_null (msg);
    return msg;
}

static json_t *
s_ws_wait_type (int fd, const char *type, int timeout_ms)
{
    int64_t end = rt_test_now_ms () + timeout_ms;
    while (rt_test_now_ms () < end) {
        json_t *m = s_ws_next (fd, (int) (end - rt_test_now_ms ()));
        if (!m)
            return NULL;
        const char *t = json_string_value (json_object_get (m, "type"));
        if (t && strcmp (t, type) == 0)
            return m;
        json_decref (m);
    }
    return NULL;
}

static void
s_ws_send (int fd, const char *text)
{
    size_t len = strlen (text);
    assert_true (len < 126);
    unsigned char frame [256];
    const unsigned char mask [4] = { 0x12, 0x34, 0x56, 0x78 };
    frame [0] = 0x81;                           //  FIN, text
    frame [1] = (unsigned char) (0x80 | len);   //  clients mask
    memcpy (frame + 2, mask, 4);
    for (size_t i = 0; i < len; i++)
        frame [6 + i] = (unsigned char) text [i] ^ mask [i % 4];
    assert_int_equal (write (fd, frame, 6 + len), (ssize_t) (6 + len));
}

static int
s_ws_open (int port, const char *origin)
{
    int fd = s_connect (port);
    char req [512];
    int n = snprintf (req, sizeof req,
                      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: rt-dash\r\n"
                      "%s%s%s\r\n", port, origin? "Origin: ": "", origin? origin: "",
                      origin? "\r\n": "");
    assert_int_equal (write (fd, req, (size_t) n), n);
    //  The 101 response ends with an empty line; read it byte by byte so no frame is eaten.
    char resp [1024];
    size_t len = 0;
    int64_t end = rt_test_now_ms () + 3000;
    while (len < sizeof resp - 1 && !(len >= 4 && memcmp (resp + len - 4, "\r\n\r\n", 4) == 0)) {
        if (!s_read_exact (fd, (unsigned char *) resp + len, 1, end))
            break;
        len++;
    }
    resp [len] = 0;
    if (strncmp (resp, "HTTP/1.1 101", 12) != 0) {
        close (fd);
        return -1;
    }
    return fd;
}

//  ---------------------------------------------------------------------------------------

static int
s_setup (void **state)
{
    s_fix_t *f = calloc (1, sizeof *f);
    assert_non_null (f);
    snprintf (f->dir, sizeof f->dir, "/tmp/rtpub-XXXXXX");
    assert_non_null (mkdtemp (f->dir));
    snprintf (f->log, sizeof f->log, "%s/publisher.log", f->dir);
    msgpack_sbuffer_init (&f->sbuf);
    f->gw = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    assert_non_null (f->gw);
    f->svc = rt_test_svc_new ("rt-publisher", f->log);
    assert_non_null (f->svc);
    assert_int_equal (rt_test_svc_setenv (f->svc, "RT_GATEWAY_PUB", "%s",
                                          rt_pub_endpoint (f->gw)), 0);
    static const char *const others [] = { "RT_GATEWAY_MD", "RT_GATEWAY_CMD", "RT_ORDERS_PUB",
        "RT_ORDERS_CMD", "RT_RISK_PUB", "RT_RISK_CMD" };
    for (size_t i = 0; i < sizeof others / sizeof others [0]; i++) {
        char ep [64];
        assert_int_equal (rt_test_free_endpoint (ep, sizeof ep), 0);
        assert_int_equal (rt_test_svc_setenv (f->svc, others [i], "%s", ep), 0);
    }
    assert_int_equal (rt_test_svc_setenv (f->svc, "DASH_PORT", "0"), 0);
    assert_int_equal (rt_test_svc_unsetenv (f->svc, "DASH_TOKEN"), 0);
    assert_int_equal (rt_test_svc_unsetenv (f->svc, "LOG_FILE"), 0);
    assert_int_equal (rt_test_svc_unsetenv (f->svc, "RT_CURVE_DIR"), 0);
    assert_int_equal (rt_test_svc_start (f->svc, NULL, NULL, S_WAIT_MS), 0);
    const char *p = strstr (rt_test_svc_ready_line (f->svc), " port=");
    assert_non_null (p);
    f->port = atoi (p + 6);
    assert_true (f->port > 0);
    *state = f;
    return 0;
}

static int
s_teardown (void **state)
{
    s_fix_t *f = *state;
    if (!f)
        return 0;
    if (rt_test_svc_running (f->svc))
        rt_test_svc_stop (f->svc, 3000);
    bool asan = rt_test_log_has_sanitizer (f->log);
    if (asan)
        rt_test_log_tail (stderr, f->log, "rt-publisher", 40);
    rt_test_svc_destroy (&f->svc);
    rt_pub_destroy (&f->gw);
    msgpack_sbuffer_destroy (&f->sbuf);
    rt_test_dir_remove (f->dir, "PUB_TEST_KEEP", "test_pub_http");
    free (f);
    rt_test_kill_all ();
    assert_false (asan);
    return 0;
}

//  Publishes READY until /healthz reports it (the SUB joins a moment after the start).
static void
s_until_ready (s_fix_t *f)
{
    rt_conn_state_t c;
    memset (&c, 0, sizeof c);
    c.state = RT_CONN_READY;
    c.server_version = 200;
    c.client_id = 7;
    snprintf (c.reason, sizeof c.reason, "test");
    char body [4096];
    int64_t end = rt_test_now_ms () + S_WAIT_MS;
    while (rt_test_now_ms () < end) {
        s_publish (f, RT_TYPE_CONN_STATE, &c);
        if (s_get (f->port, "/healthz", body, sizeof body) == 200
        &&  strstr (body, "\"gateway\":\"READY\""))
            return;
        rt_test_sleep_ms (50);
    }
    fail_msg ("/healthz never said READY: %s", body);
}

static void
test_healthz_metrics (void **state)
{
    s_fix_t *f = *state;
    char body [65536];
    assert_int_equal (s_get (f->port, "/healthz", body, sizeof body), 200);
    json_t *h = json_loads (body, 0, NULL);
    assert_non_null (h);
    assert_string_equal (json_string_value (json_object_get (h, "status")), "ok");
    json_decref (h);
    s_until_ready (f);
    rt_quote_t q;
    memset (&q, 0, sizeof q);
    snprintf (q.symbol, sizeof q.symbol, "AAPL");
    q.bid = 10;
    s_publish (f, RT_TYPE_QUOTE, &q);
    //  A message that does not decode as its type: counted, never fatal.
    assert_int_equal (rt_pub_send (f->gw, "gw.pos", RT_TYPE_POSITION, NULL, "\x81\xa1q\xa1x",
                                   5), 0);
    int64_t end = rt_test_now_ms () + S_WAIT_MS;
    while (rt_test_now_ms () < end) {
        assert_int_equal (s_get (f->port, "/metrics", body, sizeof body), 200);
        if (strstr (body, "rt_publisher_messages_total{family=\"md.quote\"} 1\n")
        &&  strstr (body, "rt_publisher_bad_messages_total 1\n"))
            break;
        rt_test_sleep_ms (50);
    }
    assert_non_null (strstr (body, "rt_gateway_state{state=\"READY\"} 1\n"));
    assert_non_null (strstr (body, "rt_gateway_state{state=\"BACKOFF\"} 0\n"));
    assert_non_null (strstr (body, "rt_publisher_messages_total{family=\"gw.conn\"}"));
    assert_non_null (strstr (body, "rt_publisher_messages_total{family=\"md.quote\"} 1\n"));
    assert_non_null (strstr (body, "rt_publisher_bad_messages_total 1\n"));
    assert_non_null (strstr (body, "rt_publisher_browsers 0\n"));
    //  The page, and a path nobody serves.
    assert_int_equal (s_get (f->port, "/", body, sizeof body), 200);
    assert_non_null (strstr (body, "robo-trader"));
    assert_int_equal (s_get (f->port, "/app.js", body, sizeof body), 200);
    assert_int_equal (s_get (f->port, "/nope.txt", body, sizeof body), 404);
    assert_true (rt_test_svc_running (f->svc));
    assert_int_equal (rt_test_svc_stop (f->svc, 5000), 0);
}

static void
test_websocket (void **state)
{
    s_fix_t *f = *state;
    s_until_ready (f);
    //  A page from another site may not open the socket.
    assert_int_equal (s_ws_open (f->port, "http://evil.example"), -1);
    char origin [64];
    snprintf (origin, sizeof origin, "http://127.0.0.1:%d", f->port);
    int fd = s_ws_open (f->port, origin);
    assert_true (fd >= 0);
    json_t *snap = s_ws_next (fd, S_WAIT_MS);
    assert_non_null (snap);
    assert_string_equal (json_string_value (json_object_get (snap, "type")), "snapshot");
    assert_string_equal (json_string_value (json_object_get (json_object_get (snap, "conn"),
                                                             "state")), "READY");
    assert_true (json_is_false (json_object_get (snap, "kill_enabled")));
    json_decref (snap);
    char body [4096];
    assert_int_equal (s_get (f->port, "/metrics", body, sizeof body), 200);
    assert_non_null (strstr (body, "rt_publisher_browsers 1\n"));
    //  A live update: the gateway goes into backoff.
    rt_conn_state_t c;
    memset (&c, 0, sizeof c);
    c.state = RT_CONN_BACKOFF;
    c.attempt = 3;
    s_publish (f, RT_TYPE_CONN_STATE, &c);
    json_t *ev = s_ws_wait_type (fd, "conn", S_WAIT_MS);
    assert_non_null (ev);
    assert_string_equal (json_string_value (json_object_get (json_object_get (ev, "entry"),
                                                             "state")), "BACKOFF");
    json_decref (ev);
    //  The kill switch without DASH_TOKEN: refused, plainly.
    s_ws_send (fd, "{\"cmd\":\"kill\",\"token\":\"guess\"}");
    ev = s_ws_wait_type (fd, "cmd_result", S_WAIT_MS);
    assert_non_null (ev);
    assert_true (json_is_false (json_object_get (ev, "ok")));
    assert_non_null (strstr (json_string_value (json_object_get (ev, "message")),
                             "DASH_TOKEN is not set"));
    json_decref (ev);
    s_ws_send (fd, "not json");
    ev = s_ws_wait_type (fd, "cmd_result", S_WAIT_MS);
    assert_non_null (ev);
    json_decref (ev);
    close (fd);
    assert_int_equal (rt_test_svc_stop (f->svc, 5000), 0);
    //  The token never reaches the log (it was not set here; the word is never printed).
    char log [65536];
    FILE *lf = fopen (f->log, "r");
    assert_non_null (lf);
    size_t n = fread (log, 1, sizeof log - 1, lf);
    log [n] = 0;
    fclose (lf);
    assert_null (strstr (log, "guess"));
}

int
main (void)
{
    signal (SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_healthz_metrics, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_websocket, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
