/*  rt_test_tws.c - the raw TWS test client (tc_*). */
#include "rt_test_tws.h"
#include "rt_test_time.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
s_connect (int port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (connect (fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        close (fd);
        return -1;
    }
    int one = 1;
    if (setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        close (fd);
        return -1;
    }
    return fd;
}

int
tc_connect (tc_t *c, int port)
{
    memset (c, 0, offsetof (tc_t, buf));
    c->len = 0;
    c->off = 0;
    c->log = NULL;
    c->log_len = c->log_cap = 0;
    c->keep_log = false;
    c->fd = s_connect (port);
    return c->fd >= 0 ? 0 : -1;
}

tc_t *
tc_new (void)
{
    tc_t *c = calloc (1, sizeof *c);
    if (c)
        c->fd = -1;
    return c;
}

void
tc_destroy (tc_t **c_p)
{
    if (!*c_p)
        return;
    tc_close (*c_p);
    free (*c_p);
    *c_p = NULL;
}

void
tc_close (tc_t *c)
{
    if (c->fd >= 0)
        close (c->fd);
    c->fd = -1;
    free (c->log);
    c->log = NULL;
}

int
tc_send_raw (tc_t *c, const void *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = send (c->fd, (const char *) p + off, n - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        off += (size_t) w;
    }
    return 0;
}

//  One frame into c->frame; 0, -1 timeout, -2 EOF.
static int
s_frame (tc_t *c, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    for (;;) {
        const uint8_t *payload;
        size_t plen, used;
        int rc = tws_frame_split (c->buf + c->off, c->len, &payload, &plen, &used);
        if (rc == 0) {
            memcpy (c->frame, payload, plen);
            c->frame_len = plen;
            c->off += used;
            c->len -= used;
            return 0;
        }
        if (rc != RT_EAGAIN)
            return -3;
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0)
            return -1;
        struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
        int pr = poll (&pfd, 1, (int) left);
        if (pr < 0 && errno != EINTR)
            return -1;
        if (pr <= 0)
            continue;
        if (c->off > 0) {
            memmove (c->buf, c->buf + c->off, c->len);
            c->off = 0;
        }
        ssize_t r = recv (c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (r == 0)
            return -2;
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -2;
        }
        c->len += (size_t) r;
    }
}

int
tc_hello (tc_t *c, int min_version, int max_version, int timeout_ms)
{
    uint8_t hello [64];
    size_t n = 0;
    if (tws_hello_encode (hello, sizeof hello, min_version, max_version, NULL, &n) < 0
    ||  tc_send_raw (c, hello, n) < 0)
        return -1;
    int rc = s_frame (c, timeout_ms);
    if (rc < 0)
        return rc;
    tws_reader_t r;
    tws_reader_init (&r, c->frame, c->frame_len);
    tws_server_hello_t sh;
    if (tws_server_hello_decode (&r, &sh) < 0)
        return -3;
    c->version = sh.server_version;
    snprintf (c->conn_time, sizeof c->conn_time, "%s", sh.conn_time);
    return 0;
}

int
tc_recv (tc_t *c, int timeout_ms)
{
    int rc = s_frame (c, timeout_ms);
    if (rc < 0)
        return rc;
    if (tws_msg_id_peek (c->frame, c->frame_len, &c->msg_id) < 0)
        c->msg_id = -1;
    if (c->keep_log) {
        if (c->log_len + c->frame_len + 4 > c->log_cap) {
            size_t cap = c->log_cap ? c->log_cap * 2 : 65536;
            while (cap < c->log_len + c->frame_len + 4)
                cap *= 2;
            uint8_t *grown = realloc (c->log, cap);
            if (!grown)
                return -3;
            c->log = grown;
            c->log_cap = cap;
        }
        uint32_t len = (uint32_t) c->frame_len;
        memcpy (c->log + c->log_len, &len, 4);
        memcpy (c->log + c->log_len + 4, c->frame, c->frame_len);
        c->log_len += 4 + c->frame_len;
    }
    return 0;
}

int
tc_error (tc_t *c, tws_err_msg_t *e)
{
    if (c->msg_id != TWS_IN_ERR_MSG)
        return -1;
    tws_reader_t r;
    tws_reader_init (&r, c->frame, c->frame_len);
    int id;
    if (tws_msg_id_read (&r, &id) < 0)
        return -1;
    return tws_err_msg_decode (&r, c->version, e) < 0 ? -1 : 0;
}

int
tc_wait_for (tc_t *c, int id, int code, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0)
            return -1;
        int rc = tc_recv (c, (int) left);
        if (rc < 0)
            return rc;
        if (c->msg_id != id)
            continue;
        if (id == TWS_IN_ERR_MSG && code) {
            tws_err_msg_t e;
            if (tc_error (c, &e) < 0 || e.code != code)
                continue;
        }
        return 0;
    }
}

int
tc_start (tc_t *c, int client_id, int *next_id)
{
    tws_start_api_t m;
    memset (&m, 0, sizeof m);
    m.client_id = client_id;
    int rc;
    TC_SEND (rc, c, start_api, &m);
    if (rc < 0)
        return -1;
    if (tc_wait_for (c, TWS_IN_NEXT_VALID_ID, 0, 3000) < 0)
        return -1;
    tws_reader_t r;
    tws_reader_init (&r, c->frame, c->frame_len);
    int id;
    tws_next_valid_id_t nv;
    if (tws_msg_id_read (&r, &id) < 0 || tws_next_valid_id_decode (&r, c->version, &nv) < 0)
        return -1;
    if (next_id)
        *next_id = nv.order_id;
    return 0;
}

int
tc_place (tc_t *c, int order_id, const char *symbol, const char *action, double qty,
          double lmt)
{
    static tws_place_order_t m;
    memset (&m, 0, sizeof m);
    m.order_id = order_id;
    tws_contract_init (&m.contract);
    snprintf (m.contract.symbol, sizeof m.contract.symbol, "%s", symbol);
    snprintf (m.contract.sec_type, sizeof m.contract.sec_type, "STK");
    snprintf (m.contract.exchange, sizeof m.contract.exchange, "SMART");
    snprintf (m.contract.currency, sizeof m.contract.currency, "USD");
    tws_order_init (&m.order);
    m.order.order_id = order_id;
    snprintf (m.order.action, sizeof m.order.action, "%s", action);
    m.order.total_quantity = qty;
    snprintf (m.order.order_type, sizeof m.order.order_type, "%s", lmt > 0 ? "LMT" : "MKT");
    if (lmt > 0)
        m.order.lmt_price = lmt;
    snprintf (m.order.tif, sizeof m.order.tif, "DAY");
    m.order.transmit = true;
    int rc;
    TC_SEND (rc, c, place_order, &m);
    return rc;
}

int
tc_cancel (tc_t *c, int order_id)
{
    tws_cancel_order_t m;
    tws_cancel_order_init (&m);
    m.order_id = order_id;
    int rc;
    TC_SEND (rc, c, cancel_order, &m);
    return rc;
}

bool
tc_wait_eof (tc_t *c, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0)
            return false;
        int rc = tc_recv (c, (int) left);
        if (rc == -2)
            return true;
        if (rc == -1)
            return false;
    }
}

void
tc_pause_ms (int ms)
{
    rt_test_sleep_ms (ms);
}
