/*  rt_bus_pub.h - rt_pub: a service's event publisher (PUB, binds).

    Stamps every message with the schema version, type, source service, a sequence that
    starts at 1 and grows by one per message on this socket, and the time. The sequence is
    what lets a subscriber see a gap; rt_pub_seq gives a snapshot its position in the
    stream (the Clone pattern: a snapshot says "state as of seq N", the subscriber drops
    updates <= N).
*/
#ifndef RT_BUS_PUB_H_INCLUDED
#define RT_BUS_PUB_H_INCLUDED

#include "rt_bus.h"

typedef struct _rt_pub_t rt_pub_t;

//  Binds a PUB socket to endpoint ("tcp://127.0.0.1:5561", "tcp://127.0.0.1:*" for a free
//  port) for src_service (also its CURVE role: the socket is "<src_service>.pub", unless
//  opts->curve_role names another).
//  Returns NULL on failure (a refused non-local bind, a bad name, a failed bind or missing
//  cert: the reason is logged). opts may be NULL.
rt_pub_t *rt_pub_new (const char *endpoint, const char *src_service);
rt_pub_t *rt_pub_new_opts (const char *endpoint, const char *src_service,
                           const rt_bus_opts_t *opts);
void rt_pub_destroy (rt_pub_t **self_p);

//  Publishes topic | header | body. corr may be NULL. body is an encoded msgpack map
//  (body_len 0 sends an empty frame). Never blocks: a subscriber past its HWM loses the
//  message, and sees the gap. Returns 0, RT_EINVAL (bad topic, or corr too long), RT_EIO.
int rt_pub_send (rt_pub_t *self, const char *topic, uint16_t type, const char *corr,
                 const void *body, size_t body_len);

//  The sequence of the last message sent (0 before the first).
uint64_t rt_pub_seq (const rt_pub_t *self);

//  Test hook: the next message carries seq (>= 1), e.g. to make a gap.
void rt_pub_set_next_seq (rt_pub_t *self, uint64_t seq);

//  The bound endpoint with the port resolved ("tcp://127.0.0.1:40123").
const char *rt_pub_endpoint (const rt_pub_t *self);

//  For zloop/zpoller (a PUB is never readable; exposed for options and monitoring).
zsock_t *rt_pub_sock (rt_pub_t *self);

#endif
