/*  rt_bus_cmd.h - command sockets: rt_cmd_server (ROUTER, binds) and rt_cmd_client
    (DEALER, connects).

    A request and its reply are both topic | header | body; the server receives the client's
    routing identity in front. The client stamps a correlation id ("cid") unique to this
    client instance on every request and the server copies it into the reply, so a reply
    that arrives after its call timed out is recognised and dropped instead of being taken
    for the answer to the next call.

    Delivery: a request sent while the server is down waits in the client's queue and goes
    out when the server comes up, possibly after the call timed out. Commands are therefore
    idempotent by their ids (client order id, cid) on the server side.
*/
#ifndef RT_BUS_CMD_H_INCLUDED
#define RT_BUS_CMD_H_INCLUDED

#include "rt_bus.h"

//  Who to answer: a value the server can copy and keep to reply later (after asking risk).
typedef struct {
    uint8_t id [RT_CMD_ID_MAX];
    size_t  id_len;
    char    corr [RT_CORR_MAX];
} rt_cmd_peer_t;

typedef struct {
    uint64_t received;              //  well-formed requests
    uint64_t malformed;             //  skipped requests
    uint64_t replies;               //  replies sent
    uint64_t unroutable;            //  replies to a peer that is gone or full
} rt_cmd_server_stats_t;

typedef struct {
    uint64_t sent;                  //  requests sent
    uint64_t replies;               //  replies delivered to the caller
    uint64_t stale;                 //  late replies dropped by rt_cmd_client_call
    uint64_t timeouts;              //  calls that got no reply in time
    uint64_t malformed;             //  skipped replies
} rt_cmd_client_stats_t;

typedef struct _rt_cmd_server_t rt_cmd_server_t;
typedef struct _rt_cmd_client_t rt_cmd_client_t;

//  Binds a ROUTER for service (its CURVE role; the socket is "<service>.cmd", so only
//  the keys in allowed/<service>.cmd/ can send commands). NULL on failure (logged).
rt_cmd_server_t *rt_cmd_server_new (const char *endpoint, const char *service);
rt_cmd_server_t *rt_cmd_server_new_opts (const char *endpoint, const char *service,
                                         const rt_bus_opts_t *opts);
void rt_cmd_server_destroy (rt_cmd_server_t **self_p);

//  Receives the next well-formed request (borrowed until the next receive) and who sent it.
//  timeout_ms: -1 waits, 0 does not. Returns 0, RT_EAGAIN, RT_ETIMEOUT or RT_EIO.
int rt_cmd_server_recv (rt_cmd_server_t *self, rt_bus_msg_t *msg, rt_cmd_peer_t *peer,
                        int timeout_ms);

//  Replies to peer, carrying its correlation id. Never blocks. Returns 0, RT_ECLOSED (the
//  peer is gone), RT_EAGAIN (its queue is full), RT_EINVAL (bad topic) or RT_EIO.
int rt_cmd_server_reply (rt_cmd_server_t *self, const rt_cmd_peer_t *peer,
                         const char *topic, uint16_t type, const void *body, size_t body_len);

const char *rt_cmd_server_endpoint (const rt_cmd_server_t *self);
void rt_cmd_server_stats (const rt_cmd_server_t *self, rt_cmd_server_stats_t *stats);
zsock_t *rt_cmd_server_sock (rt_cmd_server_t *self);

//  Connects a DEALER for role ("orders", "rt-ctl", or a path to a secret cert file) to the
//  command socket of server_role ("gateway", or a path to its public cert). NULL on
//  failure (logged).
rt_cmd_client_t *rt_cmd_client_new (const char *endpoint, const char *role,
                                    const char *server_role);
rt_cmd_client_t *rt_cmd_client_new_opts (const char *endpoint, const char *role,
                                         const char *server_role, const rt_bus_opts_t *opts);
void rt_cmd_client_destroy (rt_cmd_client_t **self_p);

//  Sends a request without waiting for the reply; its fresh correlation id is copied to
//  corr (RT_CORR_MAX bytes) when not NULL. Returns 0, RT_EAGAIN (queue full, or no
//  connection to queue on: e.g. the server's ZAP refused this client), RT_EINVAL, RT_EIO.
int rt_cmd_client_send (rt_cmd_client_t *self, const char *topic, uint16_t type,
                        const void *body, size_t body_len, char *corr);

//  Receives the next reply, whatever request it answers (for an event loop that matches
//  correlation ids itself). Returns 0, RT_EAGAIN, RT_ETIMEOUT or RT_EIO.
int rt_cmd_client_recv (rt_cmd_client_t *self, rt_bus_msg_t *reply, int timeout_ms);

//  Sends a request and waits up to timeout_ms for the reply with its correlation id;
//  replies to earlier requests met meanwhile are dropped (stats.stale). The reply is
//  borrowed until the next receive. Returns 0, RT_ETIMEOUT, RT_EAGAIN (not sent, see
//  rt_cmd_client_send, or a signal arrived), RT_EINVAL or RT_EIO.
int rt_cmd_client_call (rt_cmd_client_t *self, const char *topic, uint16_t type,
                        const void *body, size_t body_len, rt_bus_msg_t *reply,
                        int timeout_ms);

void rt_cmd_client_stats (const rt_cmd_client_t *self, rt_cmd_client_stats_t *stats);
zsock_t *rt_cmd_client_sock (rt_cmd_client_t *self);

#endif
