/*  gw_fixture.h - tests/gateway: the real rt-gateway against the real tws-sim, over real
    sockets, observed only through what the gateway publishes and answers.

    One fixture per test: a fresh temporary RT_DATA_DIR (also holding both processes' logs),
    tws-sim on kernel-chosen ports, free loopback ports for the gateway's three endpoints, a
    subscriber to its state and market-data streams (connected before the gateway starts, so
    it hears it soon after the bind), and a DEALER to its command socket. Timeouts, backoff
    and breaker are scaled down through the environment so that each scenario takes seconds.
    Everything is stopped by PID in the teardown (and by rttest's nets if a test dies).

    Assertion helpers fail with the trace of the events seen and the tail of the gateway's
    log, so a failure says what was expected and what happened instead.
*/
#ifndef GW_FIXTURE_H_INCLUDED
#define GW_FIXTURE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_test_bus.h"
#include "rt_test_net.h"
#include "rt_test_proc.h"
#include "rt_test_sim.h"
#include "rt_test_svc.h"
#include "rt_test_time.h"
#include "rt_test_tws.h"

#define GWT_CLIENT_ID 7
//  Default deadline of a wait for a state the gateway reaches in well under a second.
#define GWT_WAIT_MS 5000

typedef struct {
    char dir [64];
    char sim_log [128];
    rt_test_sim_t *sim;
    rt_test_svc_t *gw;              //  its log: gateway.log in dir
    bool gw_up;                     //  started and not stopped by the test
    rt_test_events_t *events;
    rt_cmd_client_t *cmd;
    char pub_ep [64];
    char md_ep [64];
    char cmd_ep [64];
    const char *scenario;           //  named in failure messages
} gwt_t;

//  The fixture of the running test (cmocka state).
gwt_t *gwt_new (const char *scenario, const char *const *sim_flags, const char *const *env);
void gwt_destroy (gwt_t **self_p);
//  cmocka teardown of a test whose *state is its fixture: gwt_destroy.
int gwt_teardown (void **state);

//  Sets (or replaces) one gateway environment variable for the next gateway start.
void gwt_setenv (gwt_t *self, const char *key, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

//  Starts rt-gateway and waits for its ready line (checks the endpoints it reports).
void gwt_gateway_start (gwt_t *self);
//  Stops it with sig (SIGTERM: expects exit 0; SIGKILL: expects death by SIGKILL).
void gwt_gateway_stop (gwt_t *self, int sig);
pid_t gwt_gateway_pid (const gwt_t *self);

//  Prints the context (events seen, gateway log tail) and fails the test.
void gwt_fail (gwt_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

//  Waits for the next gw.conn in `state`; fails the test on timeout. The event is copied to
//  ev when not NULL.
void gwt_wait_conn (gwt_t *self, rt_conn_t state, int timeout_ms, rt_test_event_t *ev);

//  Waits for an event of type matching pred; fails with `what` on timeout.
void gwt_wait (gwt_t *self, rt_type_t type, rt_test_event_pred_t *pred, const void *arg,
               rt_test_event_t *ev, int timeout_ms, const char *what);

//  Sends a command and returns its reply; fails the test when none comes.
void gwt_call (gwt_t *self, rt_type_t type, const void *msg, rt_reply_t *reply,
               rt_test_part_fn_t *on_part, void *arg);

//  MD_SUBSCRIBE symbol (STK SMART USD); fails unless the reply is ok.
void gwt_subscribe (gwt_t *self, const char *symbol);

//  ORDER_INTENT (DAY LMT, STK SMART USD); returns the reply.
void gwt_place (gwt_t *self, const char *coid, const char *symbol, rt_side_t side, double qty,
                double limit, rt_reply_t *reply);

//  The simulator's orders (open and completed) whose order_ref is coid: count, and the
//  first one's order id and status into the out parameters (may be NULL).
int gwt_sim_orders_with_ref (gwt_t *self, const char *coid, int64_t *order_id,
                             char *status, size_t cap);

//  A control command that must succeed.
void gwt_ctl (gwt_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

//  Ends a scenario cleanly and checks it: no event lost or undecodable, the gateway exits 0
//  on SIGTERM, tws-sim exits 0, and neither log holds sanitizer output.
void gwt_finish (gwt_t *self);

//  Milliseconds between two events' publication times (b - a).
int64_t gwt_ms_between (const rt_test_event_t *a, const rt_test_event_t *b);

#endif
