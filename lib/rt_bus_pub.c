/*  rt_bus_pub.c - rt_pub, see rt_bus_pub.h. */
#include <string.h>
#include "rt_bus.h"
#include "rt_bus_wire.h"
#include "rt_log.h"

struct _rt_pub_t {
    zsock_t *sock;
    void *handle;                   //  the libzmq socket, resolved once
    bool zap_held;
    uint64_t next_seq;
    rt_header_t header;             //  src and version filled once
    rt_bus_wire_t wire;
    char endpoint [RT_ENDPOINT_MAX];
};

rt_pub_t *
rt_pub_new (const char *endpoint, const char *src_service)
{
    return rt_pub_new_opts (endpoint, src_service, NULL);
}

rt_pub_t *
rt_pub_new_opts (const char *endpoint, const char *src_service, const rt_bus_opts_t *opts)
{
    assert (endpoint);
    assert (src_service);
    char socket_name [RT_CURVE_NAME_MAX];
    if (!rt_bus_service_ok (src_service))
        return NULL;
    snprintf (socket_name, sizeof (socket_name), "%s.pub", src_service);
    rt_pub_t *self = (rt_pub_t *) calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    rt_bus_wire_init (&self->wire);
    self->next_seq = 1;
    self->header.version = RT_SCHEMA_VERSION;
    memcpy (self->header.src, src_service, strlen (src_service) + 1);

    self->sock = zsock_new (ZMQ_PUB);
    if (!self->sock)
        goto fail;
    self->handle = zsock_resolve (self->sock);
    rt_bus_wire_apply_opts (self->sock, opts, RT_BUS_PUB_HWM);
    if (rt_curve_server_apply (self->sock, src_service, socket_name, &self->zap_held) != 0
    ||  rt_bus_bind (self->sock, endpoint, self->endpoint, sizeof (self->endpoint)) != 0)
        goto fail;
    return self;
fail:
    rt_pub_destroy (&self);
    return NULL;
}

void
rt_pub_destroy (rt_pub_t **self_p)
{
    assert (self_p);
    rt_pub_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    if (self->zap_held)
        rt_curve_server_release ();
    rt_bus_wire_fini (&self->wire);
    free (self);
    *self_p = NULL;
}

int
rt_pub_send (rt_pub_t *self, const char *topic, uint16_t type, const char *corr,
             const void *body, size_t body_len)
{
    assert (self);
    size_t corr_len = corr ? strlen (corr) : 0;
    if (corr_len >= RT_CORR_MAX)
        return RT_EINVAL;
    self->header.type = type;
    self->header.seq = self->next_seq;
    self->header.ts_ns = rt_now_ns ();
    memcpy (self->header.corr, corr ? corr : "", corr_len + 1);
    int rc = rt_bus_wire_send (&self->wire, self->handle, NULL, 0, topic, &self->header,
                               body, body_len);
    //  PUB never blocks or refuses a peer, so only a bad topic or a dead context fails,
    //  and then no sequence number is spent.
    if (rc == 0)
        self->next_seq++;
    return rc;
}

uint64_t
rt_pub_seq (const rt_pub_t *self)
{
    assert (self);
    return self->next_seq - 1;
}

void
rt_pub_set_next_seq (rt_pub_t *self, uint64_t seq)
{
    assert (self);
    assert (seq >= 1);
    self->next_seq = seq;
}

const char *
rt_pub_endpoint (const rt_pub_t *self)
{
    assert (self);
    return self->endpoint;
}

zsock_t *
rt_pub_sock (rt_pub_t *self)
{
    assert (self);
    return self->sock;
}
