/*  rt_bus_pub.c - rt_pub, see rt_bus_pub.h. */
#include <string.h>
#include "rt_bus.h"
#include "rt_bus_wire.h"
#include "rt_log.h"

struct _rt_pub_t {
    rt_bus_bound_t b;
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
    if (!rt_bus_service_ok (src_service))
        return NULL;
    rt_pub_t *self = (rt_pub_t *) calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    const char *role = opts && opts->curve_role? opts->curve_role: src_service;
    if (rt_bus_bound_open (&self->b, ZMQ_PUB, endpoint, role, "pub", opts,
                           RT_BUS_PUB_HWM) != 0)
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
    rt_bus_bound_close (&self->b);
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
    self->b.header.type = type;
    self->b.header.seq = self->b.next_seq;
    self->b.header.ts_ns = rt_now_ns ();
    memcpy (self->b.header.corr, corr ? corr : "", corr_len + 1);
    int rc = rt_bus_wire_send (&self->b.wire, self->b.handle, NULL, 0, topic, &self->b.header,
                               body, body_len);
    //  PUB never blocks or refuses a peer, so only a bad topic or a dead context fails,
    //  and then no sequence number is spent.
    if (rc == 0)
        self->b.next_seq++;
    return rc;
}

uint64_t
rt_pub_seq (const rt_pub_t *self)
{
    assert (self);
    return self->b.next_seq - 1;
}

void
rt_pub_set_next_seq (rt_pub_t *self, uint64_t seq)
{
    assert (self);
    assert (seq >= 1);
    self->b.next_seq = seq;
}

const char *
rt_pub_endpoint (const rt_pub_t *self)
{
    assert (self);
    return self->b.endpoint;
}

zsock_t *
rt_pub_sock (rt_pub_t *self)
{
    assert (self);
    return self->b.sock;
}
