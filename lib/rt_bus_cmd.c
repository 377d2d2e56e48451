/*  rt_bus_cmd.c - rt_cmd_server and rt_cmd_client, see rt_bus_cmd.h. */
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "rt_bus.h"
#include "rt_bus_wire.h"
#include "rt_clock.h"
#include "rt_log.h"

struct _rt_cmd_server_t {
    rt_bus_bound_t b;               //  replies carry its header and sequence
    rt_cmd_server_stats_t stats;
};

struct _rt_cmd_client_t {
    zsock_t *sock;
    void *handle;
    rt_header_t header;
    uint64_t next_seq;              //  also numbers the correlation ids
    uint64_t instance;              //  random: ids stay unique across client restarts
    rt_bus_wire_t wire;
    rt_cmd_client_stats_t stats;
};

rt_cmd_server_t *
rt_cmd_server_new (const char *endpoint, const char *service)
{
    return rt_cmd_server_new_opts (endpoint, service, NULL);
}

rt_cmd_server_t *
rt_cmd_server_new_opts (const char *endpoint, const char *service, const rt_bus_opts_t *opts)
{
    assert (endpoint);
    assert (service);
    if (!rt_bus_service_ok (service))
        return NULL;
    rt_cmd_server_t *self = (rt_cmd_server_t *) calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    if (rt_bus_bound_open (&self->b, ZMQ_ROUTER, endpoint, service, "cmd", opts,
                           RT_BUS_CMD_HWM) != 0)
        goto fail;
    return self;
fail:
    rt_cmd_server_destroy (&self);
    return NULL;
}

void
rt_cmd_server_destroy (rt_cmd_server_t **self_p)
{
    assert (self_p);
    rt_cmd_server_t *self = *self_p;
    if (!self)
        return;
    rt_bus_bound_close (&self->b);
    free (self);
    *self_p = NULL;
}

int
rt_cmd_server_recv (rt_cmd_server_t *self, rt_bus_msg_t *msg, rt_cmd_peer_t *peer,
                    int timeout_ms)
{
    assert (self);
    assert (msg);
    assert (peer);
    int rc = rt_bus_wire_recv_wait (&self->b.wire, self->b.handle, true, peer->id, &peer->id_len,
                                    msg, timeout_ms, &self->stats.malformed);
    if (rc != 0)
        return rc;
    //  rt_header_decode terminates corr within RT_CORR_MAX.
    memcpy (peer->corr, msg->header.corr, sizeof (peer->corr));
    self->stats.received++;
    return 0;
}

int
rt_cmd_server_reply (rt_cmd_server_t *self, const rt_cmd_peer_t *peer,
                     const char *topic, uint16_t type, const void *body, size_t body_len)
{
    assert (self);
    assert (peer);
    assert (peer->id_len > 0 && peer->id_len <= RT_CMD_ID_MAX);
    size_t corr_len = strnlen (peer->corr, RT_CORR_MAX);
    if (corr_len == RT_CORR_MAX)
        return RT_EINVAL;
    self->b.header.type = type;
    self->b.header.seq = self->b.next_seq;
    self->b.header.ts_ns = rt_now_ns ();
    memcpy (self->b.header.corr, peer->corr, corr_len + 1);
    int rc = rt_bus_wire_send (&self->b.wire, self->b.handle, peer->id, peer->id_len, topic,
                               &self->b.header, body, body_len);
    if (rc == 0) {
        self->b.next_seq++;
        self->stats.replies++;
    }
    else
    if (rc == RT_ECLOSED || rc == RT_EAGAIN)
        self->stats.unroutable++;
    return rc;
}

const char *
rt_cmd_server_endpoint (const rt_cmd_server_t *self)
{
    assert (self);
    return self->b.endpoint;
}

void
rt_cmd_server_stats (const rt_cmd_server_t *self, rt_cmd_server_stats_t *stats)
{
    assert (self);
    assert (stats);
    *stats = self->stats;
}

zsock_t *
rt_cmd_server_sock (rt_cmd_server_t *self)
{
    assert (self);
    return self->b.sock;
}

rt_cmd_client_t *
rt_cmd_client_new (const char *endpoint, const char *role, const char *server_role)
{
    return rt_cmd_client_new_opts (endpoint, role, server_role, NULL);
}

rt_cmd_client_t *
rt_cmd_client_new_opts (const char *endpoint, const char *role, const char *server_role,
                        const rt_bus_opts_t *opts)
{
    assert (endpoint);
    assert (role);
    assert (server_role);
    rt_cmd_client_t *self = (rt_cmd_client_t *) calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    rt_bus_wire_init (&self->wire);
    self->next_seq = 1;
    self->header.version = RT_SCHEMA_VERSION;
    //  A role given as a cert path is not a service name: such clients sign as "client".
    const char *src = rt_curve_name_ok (role) && strlen (role) < RT_SRC_MAX ? role : "client";
    memcpy (self->header.src, src, strlen (src) + 1);
    if (getrandom (&self->instance, sizeof (self->instance), GRND_NONBLOCK)
        != (ssize_t) sizeof (self->instance))
        self->instance = rt_now_ns () ^ ((uint64_t) getpid () << 32);

    self->sock = zsock_new (ZMQ_DEALER);
    if (!self->sock)
        goto fail;
    self->handle = zsock_resolve (self->sock);
    rt_bus_wire_apply_opts (self->sock, opts, RT_BUS_CMD_HWM);
    if (rt_curve_client_apply (self->sock, role, server_role) != 0)
        goto fail;
    if (zsock_connect (self->sock, "%s", endpoint) != 0) {
        rt_log_error ("bus: cannot connect to %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        goto fail;
    }
    return self;
fail:
    rt_cmd_client_destroy (&self);
    return NULL;
}

void
rt_cmd_client_destroy (rt_cmd_client_t **self_p)
{
    assert (self_p);
    rt_cmd_client_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    rt_bus_wire_fini (&self->wire);
    free (self);
    *self_p = NULL;
}

int
rt_cmd_client_send (rt_cmd_client_t *self, const char *topic, uint16_t type,
                    const void *body, size_t body_len, char *corr)
{
    assert (self);
    self->header.type = type;
    self->header.seq = self->next_seq;
    self->header.ts_ns = rt_now_ns ();
    //  At most 16 + 1 + 20 characters: always fits RT_CORR_MAX.
    snprintf (self->header.corr, sizeof (self->header.corr), "%016llx-%llu",
              (unsigned long long) self->instance, (unsigned long long) self->next_seq);
    int rc = rt_bus_wire_send (&self->wire, self->handle, NULL, 0, topic, &self->header,
                               body, body_len);
    if (rc != 0)
        return rc;
    self->next_seq++;
    self->stats.sent++;
    if (corr)
        memcpy (corr, self->header.corr, sizeof (self->header.corr));
    return 0;
}

int
rt_cmd_client_recv (rt_cmd_client_t *self, rt_bus_msg_t *reply, int timeout_ms)
{
    assert (self);
    assert (reply);
    int rc = rt_bus_wire_recv_wait (&self->wire, self->handle, false, NULL, NULL, reply,
                                    timeout_ms, &self->stats.malformed);
    if (rc == 0)
        self->stats.replies++;
    return rc;
}

int
rt_cmd_client_call (rt_cmd_client_t *self, const char *topic, uint16_t type,
                    const void *body, size_t body_len, rt_bus_msg_t *reply, int timeout_ms)
{
    assert (self);
    assert (reply);
    assert (timeout_ms >= 0);
    char corr [RT_CORR_MAX];
    int rc = rt_cmd_client_send (self, topic, type, body, body_len, corr);
    if (rc != 0)
        return rc;
    uint64_t deadline = rt_clock_mono_ms () + (uint64_t) timeout_ms;
    while (true) {
        uint64_t now = rt_clock_mono_ms ();
        int left = now < deadline ? (int) (deadline - now) : 0;
        rc = rt_bus_wire_recv_wait (&self->wire, self->handle, false, NULL, NULL, reply,
                                    left, &self->stats.malformed);
        if (rc == RT_ETIMEOUT || (rc == RT_EAGAIN && left == 0)) {
            self->stats.timeouts++;
            return RT_ETIMEOUT;
        }
        if (rc != 0)
            return rc;
        if (streq (reply->header.corr, corr)) {
            self->stats.replies++;
            return 0;
        }
        self->stats.stale++;
    }
}

void
rt_cmd_client_stats (const rt_cmd_client_t *self, rt_cmd_client_stats_t *stats)
{
    assert (self);
    assert (stats);
    *stats = self->stats;
}

zsock_t *
rt_cmd_client_sock (rt_cmd_client_t *self)
{
    assert (self);
    return self->sock;
}
