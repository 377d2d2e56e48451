/*  rt_bus.h - the bus: endpoints, the received-message view, and the socket classes.

    Every message on the bus is three frames, topic | header | body (proto/rt_envelope.h).
    Events go out on a PUB socket (rt_pub) with a per-publisher sequence so that a subscriber
    (rt_sub) sees a gap and resynchronises from a snapshot. Commands go over ROUTER/DEALER
    (rt_cmd_server / rt_cmd_client) with replies matched by correlation id, because PUB drops
    at its high-water mark and an order must never be dropped silently.

    Default endpoints (all loopback; each overridable by the environment variable beside it):

        service    PUB (events)                      CMD (ROUTER, commands)
        gateway    RT_GATEWAY_PUB tcp://127.0.0.1:5561   RT_GATEWAY_CMD tcp://127.0.0.1:5562
                   RT_GATEWAY_MD  tcp://127.0.0.1:5567   (market data: its own stream)
        orders     RT_ORDERS_PUB  tcp://127.0.0.1:5563   RT_ORDERS_CMD  tcp://127.0.0.1:5564
        risk       RT_RISK_PUB    tcp://127.0.0.1:5565   RT_RISK_CMD    tcp://127.0.0.1:5566
        publisher  HTTP/WebSocket dashboard on 5555 (not a bus socket)
        strategy   no bound socket (a client only)

    Servers (PUB, ROUTER) bind, clients (SUB, DEALER) connect. Without RT_CURVE_DIR a bind
    must be local (127.0.0.0/8, [::1], localhost, ipc://, inproc://); with it every socket
    uses CURVE and ZAP (rt_curve.h).

    Threading: like czmq sockets, each object belongs to one thread. The services are
    single-threaded (one zloop), so none of this takes a lock.
*/
#ifndef RT_BUS_H_INCLUDED
#define RT_BUS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <czmq.h>
#include "rt_envelope.h"
#include "rt_error.h"

//  The well-known sockets of the services.
typedef enum {
    RT_EP_GATEWAY_PUB = 0,
    RT_EP_GATEWAY_CMD,
    RT_EP_ORDERS_PUB,
    RT_EP_ORDERS_CMD,
    RT_EP_RISK_PUB,
    RT_EP_RISK_CMD,
    RT_EP_GATEWAY_MD,       //  quotes and bars: high rate, its own sequence (src "gateway-md")
    RT_EP_COUNT
} rt_ep_t;

typedef struct {
    const char *service;    //  owner service, also its CURVE role ("gateway")
    const char *env;        //  overriding environment variable ("RT_GATEWAY_PUB")
    const char *dflt;       //  loopback default
    bool is_pub;            //  true for PUB, false for the ROUTER command socket
} rt_ep_info_t;

//  Sane defaults: a PUB buffers ~0.1 s of the bus's peak rate per subscriber before it
//  drops; command sockets hold far fewer messages in flight. Linger is short so a process
//  exits promptly on SIGTERM yet a reply written just before close still leaves.
#define RT_BUS_PUB_HWM    100000
#define RT_BUS_SUB_HWM    100000
#define RT_BUS_CMD_HWM    10000
#define RT_BUS_LINGER_MS  100

//  Longest endpoint string kept by a socket (the resolved, bound endpoint).
#define RT_ENDPOINT_MAX   256
//  Longest routing identity ZeroMQ gives a peer.
#define RT_CMD_ID_MAX     256

//  Socket options for the *_new_opts constructors; zero fields mean "the default".
typedef struct {
    int hwm;                //  send HWM for PUB/ROUTER/DEALER, receive HWM for SUB/ROUTER
    int linger_ms;          //  ms to flush at close; RT_BUS_LINGER_NONE drops at once
    const char *curve_role; //  rt_pub: CURVE role when it is not the src service (a second
                            //  stream of one service, "gateway-md", serves the "gateway" key)
} rt_bus_opts_t;
#define RT_BUS_LINGER_NONE (-1)

//  The endpoint of a well-known socket: the environment override when set and non-empty,
//  else the default. Never NULL.
const char *rt_bus_endpoint (rt_ep_t which);

//  The static description of a well-known socket (its service, variable and default).
const rt_ep_info_t *rt_bus_endpoint_info (rt_ep_t which);

//  Fills up to max entries of the PUB sockets of every service, in table order: endpoints
//  (overrides honoured) and, when services is not NULL, their owner services. Returns the
//  number of PUB sockets (4 today), which may exceed max.
size_t rt_bus_pub_endpoints (const char **endpoints, const char **services, size_t max);

//  A received message, borrowed from the socket it came from: topic, body and header are
//  valid until the next receive on that socket (the body points into the zmq frame, so
//  nothing is copied or allocated per message).
typedef struct {
    const char    *topic;       //  NUL-terminated
    size_t         topic_len;
    rt_header_t    header;      //  decoded and checked
    const uint8_t *body;        //  msgpack map (not checked here: the catalogue decodes it)
    size_t         body_len;
} rt_bus_msg_t;

#include "rt_bus_pub.h"
#include "rt_bus_sub.h"
#include "rt_bus_cmd.h"
#include "rt_curve.h"

#endif
