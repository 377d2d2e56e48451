/*  gw_session.c - the TWS socket: non-blocking connect, hello, frames in, paced frames out.

    Reading: straight into the fixed receive buffer (gw_loop_rx), every complete frame handed
    out in place and dispatched by message id. Session messages (server hello, nextValidId,
    managedAccounts, errMsg, currentTime) feed the state machine; the rest go to gw_orders
    then gw_md. A frame that cannot be read (bad length, bad id, a decoder refusing it) is
    counted, reported and ends the session: after a bad frame nothing later on the stream
    can be trusted to mean what it says.

    Writing: the hello goes out directly (it precedes framing); everything else comes from
    the pacer, one frame at a time, and POLLOUT is asked for only while the kernel refuses
    bytes. The unwritten rest of a frame waits in wbuf.

    Closing: shutdown + close at once, poller removed first, so no socket ever lingers in
    CLOSE_WAIT on our side.
*/
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include "gw_loop.h"
#include "gw_errors.h"
#include "rt_log.h"
#include "tws_frame.h"

static int s_on_fd (zloop_t *loop, zmq_pollitem_t *item, void *arg);

int
gw_session_resolve (gw_t *self, char *errbuf, size_t cap)
{
    //  Resolved once, at start (the only moment a blocking lookup is acceptable); an address
    //  literal never touches DNS.
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *res = NULL;
    char port [16];
    snprintf (port, sizeof port, "%d", self->cfg->tws_port);
    const char *host = self->cfg->tws_host;
    char bare [256];
    size_t hl = strlen (host);
    if (hl >= 2 && host [0] == '[' && host [hl - 1] == ']') {
        snprintf (bare, sizeof bare, "%.*s", (int) (hl - 2), host + 1);
        host = bare;
    }
    int rc = getaddrinfo (host, port, &hints, &res);
    if (rc != 0 || !res) {
        snprintf (errbuf, cap, "TWS_HOST=%s: cannot resolve: %s", self->cfg->tws_host,
                  gai_strerror (rc));
        return RT_EINVAL;
    }
    memcpy (&self->addr, res->ai_addr, res->ai_addrlen);
    self->addr_len = res->ai_addrlen;
    freeaddrinfo (res);
    return 0;
}

static void
s_poll_set (gw_t *self, int events)
{
    if (self->poll_events == events)
        return;
    zmq_pollitem_t item = { NULL, self->fd, 0, 0 };
    if (self->poll_events)
        zloop_poller_end (self->loop, &item);
    self->poll_events = 0;
    if (events && self->fd >= 0) {
        item.events = (short) events;
        if (zloop_poller (self->loop, &item, s_on_fd, self) != 0) {
            rt_log_error ("tws: cannot poll fd %d", self->fd);
            gw_loop_feed (self, GW_EV_PEER_CLOSED, 0);
            return;
        }
        //  A POLLERR must reach us (it is how a refused connect shows), not end the poller.
        zloop_poller_set_tolerant (self->loop, &item);
        self->poll_events = events;
    }
}

int
gw_session_connect (gw_t *self)
{
    assert (self->fd < 0);
    int fd = socket (self->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        rt_log_error ("tws: socket: %s", strerror (errno));
        return RT_EIO;
    }
    int one = 1;
    if (setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
        rt_log_warn ("tws: TCP_NODELAY: %s", strerror (errno));
    self->fd = fd;
    self->connected = false;
    self->io_failed = false;
    self->fresh = true;
    self->wlen = self->woff = 0;
    gw_rx_reset (&self->rx);
    int rc = connect (fd, (struct sockaddr *) &self->addr, self->addr_len);
    if (rc != 0 && errno != EINPROGRESS) {
        rt_log_info ("tws: connect to %s:%d: %s", self->cfg->tws_host, self->cfg->tws_port,
                     strerror (errno));
        return RT_EIO;              //  the machine's CLOSE follows and closes fd
    }
    //  Completion (or refusal) shows as writable.
    s_poll_set (self, ZMQ_POLLOUT);
    if (rc == 0) {
        self->connected = true;
        s_poll_set (self, ZMQ_POLLIN);
        gw_loop_feed (self, GW_EV_TCP_CONNECTED, 0);
    }
    return 0;
}

void
gw_session_close (gw_t *self)
{
    if (self->fd < 0)
        return;
    s_poll_set (self, 0);
    //  shutdown sends our FIN now whatever else holds the descriptor; close frees it.
    if (shutdown (self->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
        rt_log_debug ("tws: shutdown: %s", strerror (errno));
    if (close (self->fd) != 0)
        rt_log_warn ("tws: close: %s", strerror (errno));
    self->fd = -1;
    self->connected = false;
    self->io_failed = false;
    self->wlen = self->woff = 0;
    gw_rx_reset (&self->rx);
}

//  The socket is unusable (err: errno, 0 for end of stream, -1 for a protocol error).
static void
s_io_failed (gw_t *self, const char *what, int err)
{
    if (self->io_failed)
        return;
    self->io_failed = true;
    rt_log_info ("tws: %s: %s", what, err > 0? strerror (err)
                                    : err == 0? "end of stream": "closing");
    gw_loop_feed (self, GW_EV_PEER_CLOSED, 0);
}

int
gw_session_send_hello (gw_t *self)
{
    size_t len = 0;
    //  We offer from 100 so that an old Gateway answers with its version and the machine can
    //  say "too old" instead of seeing a silent close.
    int rc = tws_hello_encode (self->wbuf, sizeof self->wbuf, TWS_CLIENT_MIN_VERSION,
                               TWS_MAX_SERVER_VERSION, NULL, &len);
    if (rc)
        return rc;
    self->wlen = len;
    self->woff = 0;
    gw_session_flush (self);
    return 0;
}

static void
s_note_wait (gw_t *self, const gw_pacer_meta_t *meta)
{
    if (meta->wait_ms > self->qwait_max_ms)
        self->qwait_max_ms = meta->wait_ms;
    if (meta->wait_ms > 0)
        gw_count (self, "paced", 1);
    if (meta->wait_ms >= 1000)
        rt_log_info ("pacer: lane %d tag %llu waited %llu ms", (int) meta->lane,
                     (unsigned long long) meta->tag, (unsigned long long) meta->wait_ms);
}

void
gw_session_flush (gw_t *self)
{
    if (self->fd < 0 || !self->connected || self->io_failed)
        return;
    uint64_t now = gw_now_ms (self);
    while (true) {
        if (self->wlen > self->woff) {
            ssize_t n = send (self->fd, self->wbuf + self->woff, self->wlen - self->woff,
                              MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                s_io_failed (self, "write", errno);
                return;
            }
            self->woff += (size_t) n;
            if (self->woff == self->wlen)
                self->wlen = self->woff = 0;
            continue;
        }
        const void *frame;
        size_t len;
        gw_pacer_meta_t meta;
        if (gw_pacer_pop (self->pacer, now, &frame, &len, &meta) != 0)
            break;
        s_note_wait (self, &meta);
        self->msgs_out++;
        ssize_t n = send (self->fd, frame, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                s_io_failed (self, "write", errno);
                return;
            }
            n = 0;
        }
        if ((size_t) n < len) {
            assert (len - (size_t) n <= sizeof self->wbuf);
            memcpy (self->wbuf, (const uint8_t *) frame + n, len - (size_t) n);
            self->wlen = len - (size_t) n;
            self->woff = 0;
        }
    }
    bool blocked = self->wlen > self->woff;
    s_poll_set (self, ZMQ_POLLIN | (blocked? ZMQ_POLLOUT: 0));
    gw_loop_arm_pacer (self, blocked? UINT64_MAX: gw_pacer_next_ms (self->pacer, now));
}

//  ---------------------------------------------------------------------------------------
//  Incoming messages

static void
s_bad_frame (gw_t *self, int rc, const char *what)
{
    self->bad_frames++;
    gw_count (self, "bad_frames", 1);
    gw_report (self, rc, RT_SEVERITY_ERROR, -1, 0,
               "bad frame from TWS (%s: %s): closing the session", what, rt_strerror (rc));
    s_io_failed (self, "bad frame", -1);
}

static rt_severity_t
s_severity (gw_severity_t s)
{
    switch (s) {
        case GW_SEV_INFO:    return RT_SEVERITY_INFO;
        case GW_SEV_WARNING: return RT_SEVERITY_WARNING;
        case GW_SEV_ERROR:   return RT_SEVERITY_ERROR;
        default:             return RT_SEVERITY_FATAL;
    }
}

static bool
s_session_code (int code)
{
    return code == 1100 || code == 1101 || code == 1102 || code == 1300 || code == 326
        || code == 2110 || gw_errors_is_farm (code);
}

static int
s_on_err_msg (gw_t *self, tws_reader_t *r, const uint8_t *payload, size_t len)
{
    tws_err_msg_t m;
    int rc = tws_err_msg_decode (r, gw_server_version (self), &m);
    if (rc)
        return rc;
    if (m.req_id == -1 || s_session_code (m.code)) {
        gw_error_info_t info;
        gw_errors_classify (m.code, GW_ETARGET_NONE, &info);
        gw_report (self, m.code, s_severity (info.severity), m.req_id, 0, "%s", m.message);
        gw_loop_feed (self, GW_EV_ERROR_CODE, m.code);
        return 0;
    }
    //  An id: an order's (gw_orders) or a request's (gw_md); each module re-reads the frame.
    tws_reader_t again;
    int id;
    tws_reader_init (&again, payload, len);
    tws_msg_id_read (&again, &id);
    rc = self->orders? gw_orders_on_tws (self->orders, TWS_IN_ERR_MSG, &again): 0;
    if (rc == 0 && self->md) {
        tws_reader_init (&again, payload, len);
        tws_msg_id_read (&again, &id);
        rc = gw_md_on_tws (self->md, TWS_IN_ERR_MSG, &again);
    }
    if (rc == 0) {
        gw_error_info_t info;
        gw_errors_classify (m.code, GW_ETARGET_REQUEST, &info);
        gw_report (self, m.code, s_severity (info.severity), m.req_id, 0,
                   "%s (id %d not known)", m.message, m.req_id);
        return 0;
    }
    return rc < 0? rc: 0;
}

static int
s_on_message (gw_t *self, const uint8_t *payload, size_t len)
{
    tws_reader_t r;
    tws_reader_init (&r, payload, len);
    int sv = gw_server_version (self);
    if (gw_fsm_state (self->fsm) == GW_STATE_HANDSHAKE) {
        tws_server_hello_t hello;
        int rc = tws_server_hello_decode (&r, &hello);
        if (rc)
            return rc;
        rt_log_info ("tws: server version %d, connection time %s", hello.server_version,
                     hello.conn_time);
        gw_loop_feed (self, GW_EV_HELLO_REPLY, hello.server_version);
        return 0;
    }
    int id;
    int rc = tws_msg_id_read (&r, &id);
    if (rc)
        return rc;
    switch (id) {
        case TWS_IN_ERR_MSG:
            return s_on_err_msg (self, &r, payload, len);
        case TWS_IN_NEXT_VALID_ID: {
            tws_next_valid_id_t m;
            rc = tws_next_valid_id_decode (&r, sv, &m);
            if (rc)
                return rc;
            //  The order ids first: reconciliation may start as soon as the machine hears it.
            if (self->orders)
                gw_orders_on_next_valid_id (self->orders, m.order_id);
            gw_loop_feed (self, GW_EV_NEXT_VALID_ID, m.order_id);
            return 0;
        }
        case TWS_IN_MANAGED_ACCTS: {
            tws_managed_accts_t m;
            rc = tws_managed_accts_decode (&r, sv, &m);
            if (rc)
                return rc;
            snprintf (self->accounts, sizeof self->accounts, "%s", m.accounts);
            if (self->cfg->account [0])
                snprintf (self->account, sizeof self->account, "%s", self->cfg->account);
            else {
                size_t n = strcspn (m.accounts, ",");
                snprintf (self->account, sizeof self->account, "%.*s", (int) n, m.accounts);
            }
            rt_log_info ("tws: managed accounts %s (using %s)", m.accounts, self->account);
            gw_loop_feed (self, GW_EV_MANAGED_ACCOUNTS, 0);
            return 0;
        }
        case TWS_IN_CURRENT_TIME:
        case TWS_IN_CURRENT_TIME_IN_MILLIS:
            gw_loop_feed (self, GW_EV_HEARTBEAT_REPLY, 0);
            return 0;
        case TWS_IN_TICK_PRICE:
        case TWS_IN_TICK_SIZE:
        case TWS_IN_TICK_STRING:
        case TWS_IN_TICK_GENERIC:
            gw_count (self, "ticks", 1);
            break;
        default:
            break;
    }
    rc = self->orders? gw_orders_on_tws (self->orders, id, &r): 0;
    if (rc == 0 && self->md) {
        tws_reader_init (&r, payload, len);
        tws_msg_id_read (&r, &id);
        rc = gw_md_on_tws (self->md, id, &r);
    }
    if (rc == 0)
        rt_log_debug ("tws: message %d not handled", id);
    return rc < 0? rc: 0;
}

static void
s_on_connect_done (gw_t *self)
{
    //  The poll that woke us may predate this socket (a descriptor number reused within
    //  one loop iteration): confirm the connect really finished.
    struct pollfd p = { .fd = self->fd, .events = POLLOUT };
    if (poll (&p, 1, 0) < 0 || !(p.revents & (POLLOUT | POLLERR | POLLHUP)))
        return;
    int err = 0;
    socklen_t elen = sizeof err;
    if (getsockopt (self->fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
        err = errno;
    if (err) {
        rt_log_info ("tws: connect to %s:%d: %s", self->cfg->tws_host, self->cfg->tws_port,
                     strerror (err));
        self->io_failed = true;
        gw_loop_feed (self, GW_EV_TCP_FAILED, 0);
        return;
    }
    self->connected = true;
    s_poll_set (self, ZMQ_POLLIN);
    gw_loop_feed (self, GW_EV_TCP_CONNECTED, 0);
}

static void
s_on_readable (gw_t *self)
{
    int fd = self->fd;
    size_t budget = GW_READ_BUDGET;
    while (self->fd == fd && !self->io_failed && budget > 0) {
        size_t room;
        uint8_t *at = gw_rx_room (&self->rx, &room);
        if (room == 0) {
            s_bad_frame (self, RT_ERANGE, "frame larger than the receive buffer");
            return;
        }
        ssize_t n = recv (fd, at, room, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                s_io_failed (self, "read", errno);
            return;
        }
        if (n == 0) {
            s_io_failed (self, "read", 0);
            return;
        }
        gw_rx_commit (&self->rx, (size_t) n);
        budget = (size_t) n < budget? budget - (size_t) n: 0;
        const uint8_t *payload;
        size_t len;
        int rc;
        //  Every dispatch may end the session (326, a bad frame): stop at once if it did.
        while (self->fd == fd && !self->io_failed
               && (rc = gw_rx_next (&self->rx, &payload, &len)) != RT_EAGAIN) {
            if (rc) {
                s_bad_frame (self, rc, "length prefix");
                return;
            }
            self->msgs_in++;
            rc = s_on_message (self, payload, len);
            if (rc)
                s_bad_frame (self, rc, "decoding");
        }
        if ((size_t) n < room)
            return;                 //  the kernel had no more for now
    }
}

static int
s_on_fd (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    gw_t *self = (gw_t *) arg;
    if (item->fd != self->fd || self->fd < 0)
        return 0;                   //  stale: that socket is gone
    if (!self->connected) {
        s_on_connect_done (self);
        return 0;
    }
    if (item->revents & (ZMQ_POLLIN | ZMQ_POLLERR))
        s_on_readable (self);
    if (self->fd >= 0 && self->connected && (item->revents & ZMQ_POLLOUT))
        gw_session_flush (self);
    return 0;
}
