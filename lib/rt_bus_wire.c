/*  rt_bus_wire.c - internal: the three-frame envelope on a zmq socket. */
#include <errno.h>
#include <string.h>
#include "rt_bus_wire.h"
#include "rt_clock.h"
#include "rt_log.h"

void
rt_bus_wire_init (rt_bus_wire_t *self)
{
    assert (self);
    memset (self, 0, sizeof (*self));
    msgpack_sbuffer_init (&self->hbuf);
    msgpack_packer_init (&self->pk, &self->hbuf, msgpack_sbuffer_write);
    //  zmq_msg_init cannot fail (it only zeroes the structure).
    for (size_t i = 0; i < sizeof (self->part) / sizeof (self->part [0]); i++)
        zmq_msg_init (&self->part [i]);
    zmq_msg_init (&self->scratch);
}

void
rt_bus_wire_fini (rt_bus_wire_t *self)
{
    assert (self);
    for (size_t i = 0; i < sizeof (self->part) / sizeof (self->part [0]); i++)
        zmq_msg_close (&self->part [i]);
    zmq_msg_close (&self->scratch);
    msgpack_sbuffer_destroy (&self->hbuf);
}

static int
s_send_errno (void)
{
    if (errno == EAGAIN)
        return RT_EAGAIN;
    if (errno == EHOSTUNREACH)
        return RT_ECLOSED;
    return RT_EIO;
}

static int
s_send_part (void *handle, const void *data, size_t size, int flags)
{
    //  zmq_send copies; a zero-length frame still needs a valid pointer for memcpy.
    if (size == 0)
        data = "";
    while (zmq_send (handle, data, size, flags | ZMQ_DONTWAIT) < 0) {
        if (errno != EINTR)
            return s_send_errno ();
    }
    return 0;
}

int
rt_bus_wire_send (rt_bus_wire_t *self, void *handle, const void *id, size_t id_len,
                  const char *topic, const rt_header_t *header,
                  const void *body, size_t body_len)
{
    assert (self);
    assert (handle);
    assert (topic);
    assert (header);
    assert (body || body_len == 0);

    size_t topic_len = strlen (topic);
    if (rt_topic_check (topic, topic_len) != 0)
        return RT_EINVAL;
    msgpack_sbuffer_clear (&self->hbuf);
    int rc = rt_header_encode (header, &self->pk);
    if (rc != 0)
        return rc;

    //  Only the first part can meet the HWM or an unknown peer; once it is accepted ZeroMQ
    //  takes the remaining parts of the message, so a failure after it means a dead context.
    if (id) {
        rc = s_send_part (handle, id, id_len, ZMQ_SNDMORE);
        if (rc != 0)
            return rc;
    }
    rc = s_send_part (handle, topic, topic_len, ZMQ_SNDMORE);
    if (rc != 0)
        return id ? RT_EIO : rc;
    if (s_send_part (handle, self->hbuf.data, self->hbuf.size, ZMQ_SNDMORE) != 0
    ||  s_send_part (handle, body, body_len, 0) != 0)
        return RT_EIO;
    return 0;
}

int
rt_bus_wire_recv (rt_bus_wire_t *self, void *handle, bool routed,
                  uint8_t *id, size_t *id_len, rt_bus_msg_t *msg)
{
    assert (self);
    assert (handle);
    assert (msg);
    assert (!routed || (id && id_len));

    const size_t want = routed ? 4 : 3;
    size_t got = 0;
    int more = 1;
    while (more) {
        zmq_msg_t *part = got < want ? &self->part [got] : &self->scratch;
        if (zmq_msg_recv (part, handle, ZMQ_DONTWAIT) < 0) {
            if (errno == EINTR && got > 0)
                continue;           //  the rest of a message is already queued
            if (got == 0 && (errno == EAGAIN || errno == EINTR))
                return RT_EAGAIN;
            return RT_EIO;
        }
        got++;
        more = zmq_msg_more (part);
    }
    if (got != want)
        return RT_EINVAL;

    size_t at = 0;
    if (routed) {
        size_t size = zmq_msg_size (&self->part [0]);
        if (size == 0 || size > RT_CMD_ID_MAX)
            return RT_EINVAL;
        memcpy (id, zmq_msg_data (&self->part [0]), size);
        *id_len = size;
        at = 1;
    }
    const char *topic = (const char *) zmq_msg_data (&self->part [at]);
    size_t topic_len = zmq_msg_size (&self->part [at]);
    if (rt_topic_check (topic, topic_len) != 0)
        return RT_EINVAL;
    memcpy (self->topic, topic, topic_len);
    self->topic [topic_len] = 0;

    if (rt_header_decode (&msg->header, (const char *) zmq_msg_data (&self->part [at + 1]),
                          zmq_msg_size (&self->part [at + 1])) != 0
    ||  msg->header.seq == 0)
        return RT_EINVAL;
    msg->topic = self->topic;
    msg->topic_len = topic_len;
    msg->body = (const uint8_t *) zmq_msg_data (&self->part [at + 2]);
    msg->body_len = zmq_msg_size (&self->part [at + 2]);
    return 0;
}

int
rt_bus_wire_recv_wait (rt_bus_wire_t *self, void *handle, bool routed,
                       uint8_t *id, size_t *id_len, rt_bus_msg_t *msg,
                       int timeout_ms, uint64_t *malformed)
{
    assert (malformed);
    uint64_t deadline = timeout_ms > 0 ? rt_clock_mono_ms () + (uint64_t) timeout_ms : 0;
    while (true) {
        int rc = rt_bus_wire_recv (self, handle, routed, id, id_len, msg);
        if (rc == 0)
            return 0;
        if (rc == RT_EINVAL) {
            (*malformed)++;
            if ((*malformed & (*malformed - 1)) == 0)
                rt_log_warn ("bus: skipped a malformed message (%llu so far)",
                             (unsigned long long) *malformed);
            continue;
        }
        if (rc != RT_EAGAIN)
            return rc;
        if (timeout_ms == 0)
            return RT_EAGAIN;
        int wait = -1;
        if (timeout_ms > 0) {
            uint64_t now = rt_clock_mono_ms ();
            if (now >= deadline)
                return RT_ETIMEOUT;
            wait = (int) (deadline - now);
        }
        rc = rt_bus_wire_wait (handle, wait);
        if (rc != 0)
            return rc;
    }
}

int
rt_bus_wire_wait (void *handle, int timeout_ms)
{
    assert (handle);
    zmq_pollitem_t item = { handle, 0, ZMQ_POLLIN, 0 };
    int rc = zmq_poll (&item, 1, timeout_ms);
    if (rc < 0)
        return errno == EINTR ? RT_EAGAIN : RT_EIO;
    return rc == 0 ? RT_ETIMEOUT : 0;
}

void
rt_bus_wire_apply_opts (zsock_t *sock, const rt_bus_opts_t *opts, int default_hwm)
{
    //  czmq's setters assert on failure; these options only fail on a closed context.
    int hwm = opts && opts->hwm > 0 ? opts->hwm : default_hwm;
    int linger = RT_BUS_LINGER_MS;
    if (opts && opts->linger_ms > 0)
        linger = opts->linger_ms;
    else
    if (opts && opts->linger_ms == RT_BUS_LINGER_NONE)
        linger = 0;
    zsock_set_sndhwm (sock, hwm);
    zsock_set_rcvhwm (sock, hwm);
    zsock_set_linger (sock, linger);
}

int
rt_bus_bound_open (rt_bus_bound_t *self, int type, const char *endpoint,
                   const char *service, const char *suffix, const rt_bus_opts_t *opts,
                   int default_hwm)
{
    assert (self && endpoint && service && suffix);
    rt_bus_wire_init (&self->wire);
    self->next_seq = 1;
    self->header.version = RT_SCHEMA_VERSION;
    memcpy (self->header.src, service, strlen (service) + 1);
    char socket_name [RT_CURVE_NAME_MAX];
    snprintf (socket_name, sizeof (socket_name), "%s.%s", service, suffix);
    self->sock = zsock_new (type);
    if (!self->sock)
        return RT_EIO;
    self->handle = zsock_resolve (self->sock);
    rt_bus_wire_apply_opts (self->sock, opts, default_hwm);
    if (type == ZMQ_ROUTER)
        zsock_set_router_mandatory (self->sock, 1);
    int rc = rt_curve_server_apply (self->sock, service, socket_name, &self->zap_held);
    if (rc == 0)
        rc = rt_bus_bind (self->sock, endpoint, self->endpoint, sizeof (self->endpoint));
    return rc;
}

void
rt_bus_bound_close (rt_bus_bound_t *self)
{
    assert (self);
    zsock_destroy (&self->sock);
    if (self->zap_held)
        rt_curve_server_release ();
    self->zap_held = false;
    rt_bus_wire_fini (&self->wire);
}
