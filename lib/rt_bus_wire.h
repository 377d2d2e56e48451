/*  rt_bus_wire.h - internal: the envelope on a zmq socket, shared by the bus classes.

    A wire owns the reusable pieces of one socket's traffic: the msgpack buffer the header is
    packed into (cleared, never freed, between messages) and the zmq_msg_t parts a received
    message lives in until the next receive. Steady state allocates nothing here.
*/
#ifndef RT_BUS_WIRE_H_INCLUDED
#define RT_BUS_WIRE_H_INCLUDED

#include "rt_bus.h"

typedef struct {
    msgpack_sbuffer hbuf;               //  header being packed
    msgpack_packer  pk;
    zmq_msg_t       part [4];           //  [identity] topic header body
    zmq_msg_t       scratch;            //  extra frames of a malformed message
    char            topic [RT_TOPIC_MAX];
} rt_bus_wire_t;

void rt_bus_wire_init (rt_bus_wire_t *self);
void rt_bus_wire_fini (rt_bus_wire_t *self);

//  Sends [id |] topic | header | body without blocking. id may be NULL (then id_len is
//  ignored). Returns 0, RT_EINVAL (bad topic), RT_EAGAIN (HWM reached, nothing sent),
//  RT_ECLOSED (ROUTER: no such peer), RT_ERANGE / RT_EIO.
int rt_bus_wire_send (rt_bus_wire_t *self, void *handle, const void *id, size_t id_len,
                      const char *topic, const rt_header_t *header,
                      const void *body, size_t body_len);

//  Receives one message without blocking. With routed, the first frame is the peer's
//  identity, copied to id (RT_CMD_ID_MAX bytes). Returns 0, RT_EAGAIN (nothing waiting,
//  or interrupted), RT_EINVAL (malformed: wrong frame count, bad topic or header; the whole
//  message has been consumed; a sequence 0 is malformed too: senders number from 1), or
//  RT_EIO.
int rt_bus_wire_recv (rt_bus_wire_t *self, void *handle, bool routed,
                      uint8_t *id, size_t *id_len, rt_bus_msg_t *msg);

//  rt_bus_wire_recv that waits up to timeout_ms (-1 forever, 0 not at all) and skips
//  malformed messages, counting them in *malformed. Returns 0, RT_EAGAIN (timeout 0 and
//  nothing waiting, or a signal), RT_ETIMEOUT or RT_EIO.
int rt_bus_wire_recv_wait (rt_bus_wire_t *self, void *handle, bool routed,
                           uint8_t *id, size_t *id_len, rt_bus_msg_t *msg,
                           int timeout_ms, uint64_t *malformed);

//  Waits up to timeout_ms (-1 forever, 0 not at all) for handle to be readable.
//  Returns 0 when readable, RT_ETIMEOUT, RT_EAGAIN (interrupted by a signal), RT_EIO.
int rt_bus_wire_wait (void *handle, int timeout_ms);

//  Applies hwm / linger (opts may be NULL) to a new socket before it binds or connects.
void rt_bus_wire_apply_opts (zsock_t *sock, const rt_bus_opts_t *opts, int default_hwm);

//  Binds sock to endpoint after rt_curve_bind_check and copies the resolved endpoint (port
//  filled in) to bound. Returns 0, RT_EINVAL (refused), RT_EIO (logged) or RT_ERANGE.
int rt_bus_bind (zsock_t *sock, const char *endpoint, char *bound, size_t cap);

//  The bound, sending end of a service (rt_pub's PUB, rt_cmd_server's ROUTER): one socket
//  with its CURVE server role, the header its messages carry and their sequence numbers.
typedef struct {
    zsock_t *sock;
    void *handle;                       //  the libzmq socket, resolved once
    bool zap_held;
    rt_header_t header;                 //  src and version filled once
    uint64_t next_seq;
    rt_bus_wire_t wire;
    char endpoint [RT_ENDPOINT_MAX];    //  as bound (port filled in)
} rt_bus_bound_t;

//  Creates a socket of type with opts (default_hwm), the CURVE server role `service` on
//  socket `<service>.<suffix>`, binds it to endpoint. A ROUTER is made mandatory: a reply to
//  a vanished peer must fail visibly, not vanish. Returns 0 or RT_EINVAL / RT_EIO / RT_ENOMEM;
//  call rt_bus_bound_close either way.
int rt_bus_bound_open (rt_bus_bound_t *self, int type, const char *endpoint,
                       const char *service, const char *suffix, const rt_bus_opts_t *opts,
                       int default_hwm);
void rt_bus_bound_close (rt_bus_bound_t *self);

//  Whether name can be a service/role and a src header field. Logs when not.
bool rt_bus_service_ok (const char *name);

#endif
