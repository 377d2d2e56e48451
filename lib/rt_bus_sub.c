/*  rt_bus_sub.c - rt_sub, see rt_bus_sub.h. */
#include <string.h>
#include "rt_bus.h"
#include "rt_bus_wire.h"
#include "rt_log.h"

typedef struct {
    char src [RT_SRC_MAX];
    uint64_t last;
} s_source_t;

struct _rt_sub_t {
    zsock_t *sock;
    void *handle;
    char *role;
    rt_bus_wire_t wire;
    rt_sub_stats_t stats;
    rt_sub_gaps_t gaps;
    int all_subscriptions;          //  ZeroMQ counts repeated subscriptions, so do we
    size_t nsources;
    s_source_t sources [RT_SUB_SOURCES_MAX];
};

rt_sub_t *
rt_sub_new (const char *role)
{
    return rt_sub_new_opts (role, NULL);
}

rt_sub_t *
rt_sub_new_opts (const char *role, const rt_bus_opts_t *opts)
{
    assert (role);
    rt_sub_t *self = (rt_sub_t *) calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    rt_bus_wire_init (&self->wire);
    self->role = strdup (role);
    self->sock = zsock_new (ZMQ_SUB);
    if (!self->role || !self->sock) {
        rt_sub_destroy (&self);
        return NULL;
    }
    self->handle = zsock_resolve (self->sock);
    rt_bus_wire_apply_opts (self->sock, opts, RT_BUS_SUB_HWM);
    return self;
}

void
rt_sub_destroy (rt_sub_t **self_p)
{
    assert (self_p);
    rt_sub_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    rt_bus_wire_fini (&self->wire);
    free (self->role);
    free (self);
    *self_p = NULL;
}

int
rt_sub_connect (rt_sub_t *self, const char *endpoint, const char *server_role)
{
    assert (self);
    assert (endpoint);
    assert (server_role);
    int rc = rt_curve_client_apply (self->sock, self->role, server_role);
    if (rc != 0)
        return rc;
    if (zsock_connect (self->sock, "%s", endpoint) != 0) {
        rt_log_error ("bus: cannot connect to %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        return RT_EIO;
    }
    return 0;
}

static int
s_filter (rt_sub_t *self, const char *prefix, int option)
{
    assert (self);
    assert (prefix);
    size_t len = strlen (prefix);
    if (len >= RT_TOPIC_MAX)
        return RT_EINVAL;
    if (zmq_setsockopt (self->handle, option, prefix, len) != 0)
        return RT_EIO;
    if (len == 0 && option == ZMQ_SUBSCRIBE)
        self->all_subscriptions++;
    else
    if (len == 0 && self->all_subscriptions > 0)
        self->all_subscriptions--;
    return 0;
}

int
rt_sub_subscribe (rt_sub_t *self, const char *prefix)
{
    return s_filter (self, prefix, ZMQ_SUBSCRIBE);
}

int
rt_sub_unsubscribe (rt_sub_t *self, const char *prefix)
{
    return s_filter (self, prefix, ZMQ_UNSUBSCRIBE);
}

static void
s_check_seq (rt_sub_t *self, const rt_header_t *header, rt_seq_event_t *event)
{
    event->kind = RT_SEQ_OK;
    event->expected = header->seq;
    event->got = header->seq;
    s_source_t *source = NULL;
    for (size_t i = 0; i < self->nsources; i++) {
        if (streq (self->sources [i].src, header->src)) {
            source = &self->sources [i];
            break;
        }
    }
    if (!source) {
        if (self->nsources == RT_SUB_SOURCES_MAX) {
            self->stats.untracked++;
            return;
        }
        source = &self->sources [self->nsources++];
        //  rt_header_decode guarantees src fits and is terminated.
        memcpy (source->src, header->src, sizeof (source->src));
        event->kind = RT_SEQ_FIRST;
    }
    else {
        event->expected = source->last + 1;
        bool check = self->gaps == RT_SUB_GAPS_ON
                 || (self->gaps == RT_SUB_GAPS_AUTO && self->all_subscriptions > 0);
        if (header->seq > event->expected && !check)
            event->expected = header->seq;
        else
        if (header->seq > event->expected) {
            event->kind = RT_SEQ_GAP;
            self->stats.gaps++;
            self->stats.lost += header->seq - event->expected;
        }
        else
        if (header->seq < event->expected) {
            event->kind = RT_SEQ_RESTART;
            self->stats.restarts++;
        }
    }
    source->last = header->seq;
}

int
rt_sub_recv (rt_sub_t *self, rt_bus_msg_t *msg, rt_seq_event_t *seq, int timeout_ms)
{
    assert (self);
    assert (msg);
    int rc = rt_bus_wire_recv_wait (&self->wire, self->handle, false, NULL, NULL, msg,
                                    timeout_ms, &self->stats.malformed);
    if (rc != 0)
        return rc;
    rt_seq_event_t event;
    s_check_seq (self, &msg->header, &event);
    if (seq)
        *seq = event;
    self->stats.received++;
    return 0;
}

void
rt_sub_reset (rt_sub_t *self, const char *src)
{
    assert (self);
    if (!src) {
        self->nsources = 0;
        return;
    }
    for (size_t i = 0; i < self->nsources; i++) {
        if (streq (self->sources [i].src, src)) {
            self->sources [i] = self->sources [--self->nsources];
            return;
        }
    }
}

void
rt_sub_set_gap_check (rt_sub_t *self, rt_sub_gaps_t mode)
{
    assert (self);
    self->gaps = mode;
}

void
rt_sub_stats (const rt_sub_t *self, rt_sub_stats_t *stats)
{
    assert (self);
    assert (stats);
    *stats = self->stats;
}

zsock_t *
rt_sub_sock (rt_sub_t *self)
{
    assert (self);
    return self->sock;
}
