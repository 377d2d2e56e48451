/*  ctl_fake.h - fake services for the rt-ctl tests, and a runner for the real rt-ctl binary.

    The fakes bind real sockets on free loopback ports and answer like the services do:
      orders   ROUTER: ORDER_INTENT -> REPLY (ok "submitted", or refused "MAX_QTY: ..." when
               qty > 1000); ORDER_CANCEL -> REPLY (refused for coid "unknown"); SNAPSHOT
               "orders" -> 2 ORDER_STATUS + REPLY, "positions" -> 2 HOLDING + REPLY;
               COMMAND status -> REPLY. PUB: sys.hb.orders.
      risk     ROUTER: COMMAND status -> REPLY; halt/kill -> REPLY ok; resume -> refused.
               PUB: risk.state (HALTED, figures below) and sys.hb.risk.
      gateway  ROUTER: SNAPSHOT "account" -> CONN_STATE, 2 ACCOUNT_VALUE, POSITION, QUOTE,
               REPLY; COMMAND status -> CONN_STATE + HEARTBEAT parts + REPLY. PUB: gw.conn,
               sys.hb.gateway.
    A service's PUB publishes every 100 ms while rt-ctl runs. Endpoints without a fake point
    at free ports where nothing listens.
*/
#ifndef CTL_FAKE_H_INCLUDED
#define CTL_FAKE_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_bus.h"
#include "rt_catalogue.h"

enum {
    CTL_FAKE_ORDERS_CMD  = 1 << 0,
    CTL_FAKE_ORDERS_PUB  = 1 << 1,
    CTL_FAKE_RISK_CMD    = 1 << 2,
    CTL_FAKE_RISK_PUB    = 1 << 3,
    CTL_FAKE_GATEWAY_CMD = 1 << 4,
    CTL_FAKE_GATEWAY_PUB = 1 << 5,
};

typedef struct {
    rt_cmd_server_t *cmd [3];       //  orders, risk, gateway (NULL: not served)
    rt_pub_t        *pub [3];
    char             env [8][300];  //  RT_*=endpoint for every well-known endpoint
    //  What the fakes saw.
    int              intents;
    rt_order_intent_t last_intent;
    rt_order_cancel_t last_cancel;
    rt_command_t     last_command;
    rt_snapshot_request_t last_snapshot;
    msgpack_zone     zone;
    msgpack_sbuffer  sbuf;
} ctl_fake_t;

typedef struct {
    int     status;                 //  exit status (128 + signal when killed)
    int64_t elapsed_ms;
    char    out [16384];            //  stdout, lines joined with '\n'
    char    err [8192];             //  stderr
} ctl_run_t;

//  Binds the fakes named by `what` (CTL_FAKE_* bits); asserts on failure.
void ctl_fake_start (ctl_fake_t *self, unsigned what);
void ctl_fake_stop (ctl_fake_t *self);

//  Runs rt-ctl with args (NULL-terminated, without the program) against the fakes, serving
//  them until it exits (killed after 10 s: a test failure). Output captured in run.
void ctl_fake_run (ctl_fake_t *self, ctl_run_t *run, const char *const *args);

//  The line of text that contains needle (copied to line), or false.
bool ctl_line_with (const char *text, const char *needle, char *line, size_t cap);

#endif
