/*  sys_fixture.h - tests/system: the whole order path as real processes over real sockets.

    One fixture per scenario: a fresh temporary RT_DATA_DIR (also holding every log),
    tws-sim with --tick-ms 0 (the market moves only when the test says `price`), rt-gateway,
    rt-risk and rt-orders on free loopback ports, a subscriber to each service's stream
    (connected before the service starts), a DEALER to each command socket, and rt-ctl run
    as a program with the same endpoints. Timeouts are short (environment). Each service can
    be stopped, killed (-9), frozen (SIGSTOP) and restarted by the scenario; everything is
    stopped by PID in the teardown, and rttest's nets catch a failed assertion.

    Assertions are made on what the SIMULATOR saw (its control port: `orders`,
    `executions`), on what the services published and answered, and on rt-ctl's output and
    exit status. A failure prints the events seen on every stream and the tail of every log.
*/
#ifndef SYS_FIXTURE_H_INCLUDED
#define SYS_FIXTURE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_test_bus.h"
#include "rt_test_net.h"
#include "rt_test_proc.h"
#include "rt_test_sim.h"
#include "rt_test_svc.h"
#include "rt_test_time.h"

//  Deadline of a wait for something the system does in well under a second.
#define SYS_WAIT_MS 5000
//  The market the scenarios trade in (the simulator's mid for SYS_SYMBOL).
#define SYS_SYMBOL "AAPL"
#define SYS_PRICE 150.0
//  Output captured from one rt-ctl run.
#define SYS_CTL_OUT 16384

typedef enum { SYS_GATEWAY = 0, SYS_RISK, SYS_ORDERS, SYS_SERVICES } sys_svc_t;

typedef struct {
    char dir [64];
    const char *scenario;               //  named in failure messages
    char sim_log [128];
    rt_test_sim_t *sim;
    rt_test_svc_t *svc [SYS_SERVICES];
    rt_test_events_t *events [SYS_SERVICES];
    rt_cmd_client_t *cmd [SYS_SERVICES];
    char pub_ep [SYS_SERVICES][64];
    char cmd_ep [SYS_SERVICES][64];
    char md_ep [64];                    //  the gateway's market-data stream
    double price;                       //  the last price set at the simulator
} syst_t;

//  tws-sim started, endpoints chosen, every service configured (extra "K=V" entries for
//  all three in env, may be NULL); nothing else runs yet.
syst_t *syst_new (const char *scenario, const char *const *env);
void syst_destroy (syst_t **self_p);
//  cmocka teardown of a scenario whose *state is its fixture: syst_destroy, then
//  rt_test_kill_all for anything a failed assertion left running.
int syst_teardown (void **state);

//  Sets one variable of one service for its next start.
void syst_setenv (syst_t *self, sys_svc_t which, const char *key, const char *value);

//  Starts the gateway (waits for READY), risk, orders (each: its ready line, then an
//  answered "status"), subscribes SYS_SYMBOL at the gateway and sets its price to
//  SYS_PRICE, so that risk and orders hold a reference price.
void syst_start_all (syst_t *self);
//  Starts one service and waits until the system takes intents: the gateway READY on
//  gw.conn; orders' status says "accepting" (journal replayed, reconciled with the
//  gateway); risk's status says "view=ready" (it holds the orders snapshot) whenever both
//  run.
void syst_start (syst_t *self, sys_svc_t which);
//  Polls a service's COMMAND "status" until its reply is ok and contains needle.
void syst_wait_status (syst_t *self, sys_svc_t which, const char *needle, int timeout_ms);
//  SIGTERM: fails unless it exits 0.
void syst_stop (syst_t *self, sys_svc_t which);
//  kill -9: fails unless it dies of it.
void syst_kill9 (syst_t *self, sys_svc_t which);
void syst_freeze (syst_t *self, sys_svc_t which);
void syst_thaw (syst_t *self, sys_svc_t which);
//  Waits until a frozen service has unread bytes on its command port (a request sits in
//  its socket's receive queue, to be read when it is thawed); fails otherwise.
void syst_wait_pending (syst_t *self, sys_svc_t which, int timeout_ms);

//  Prints the context (events of every stream, the tail of every log) and fails the test.
void syst_fail (syst_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

//  Moves the simulator's mid for SYS_SYMBOL to p (a new quote for everyone subscribed).
void syst_price (syst_t *self, double p);

//  Runs rt-ctl with args (NULL-terminated, without the program), its stdout and stderr
//  into out (SYS_CTL_OUT bytes). Returns its exit status; fails the test if it does not
//  exit within 10 s.
int syst_ctl (syst_t *self, char *out, const char *const *args);
//  The same with an expected exit status: fails with the output otherwise.
void syst_ctl_expect (syst_t *self, int status, char *out, const char *const *args);

//  A command on a service's command socket and its REPLY; fails when none comes.
void syst_call (syst_t *self, sys_svc_t which, rt_type_t type, const void *msg,
                rt_reply_t *reply);
//  SNAPSHOT_REQUEST what= to a service: every part to on_part, then its REPLY (fails
//  unless it comes and is ok).
void syst_snapshot (syst_t *self, sys_svc_t which, const char *what,
                    rt_test_part_fn_t *on_part, void *arg);
//  Sends a command without waiting for its reply (the reply is read and dropped later).
void syst_send (syst_t *self, sys_svc_t which, rt_type_t type, const void *msg);

//  An ORDER_INTENT for SYS_SYMBOL (STK SMART USD, DAY); limit <= 0 makes it MKT.
void syst_intent (rt_order_intent_t *in, const char *coid, rt_side_t side, double qty,
                  double limit);

//  What the simulator holds with orderRef coid (NULL: every order): how many, and the
//  status and filled quantity of the last one (may be NULL).
int syst_sim_orders (syst_t *self, const char *coid, char *status, size_t cap,
                     double *filled);
//  Executions at the simulator with orderRef coid, and their total shares.
int syst_sim_execs (syst_t *self, const char *coid, double *shares);
//  Waits until the simulator holds exactly n orders with orderRef coid, the last in status
//  (NULL: any); fails with what it holds instead.
void syst_sim_wait (syst_t *self, const char *coid, int n, const char *status,
                    int timeout_ms);

//  Waits for an ord.status from the orders service for coid in state status (NONE: any);
//  fails with `what`. The event into ev when not NULL.
void syst_wait_order (syst_t *self, const char *coid, rt_ord_status_t status,
                      rt_test_event_t *ev, int timeout_ms);
//  The predicate syst_wait_order uses: an ord.status for m->coid in m->status (NONE: any).
typedef struct {
    const char *coid;
    rt_ord_status_t status;
} syst_order_match_t;
bool syst_order_is (const rt_test_event_t *ev, const void *arg);

//  Events expected on one stream in any order: syst_wait_all returns once each has been
//  seen (the event kept in ev), or fails naming those still missing.
typedef struct {
    rt_type_t type;
    rt_test_event_pred_t *pred;
    const void *arg;
    const char *what;
    bool seen;
    rt_test_event_t ev;
} syst_expect_t;
#define SYST_EXPECT(type_, pred_, arg_, what_) \
    { .type = (type_), .pred = (pred_), .arg = (arg_), .what = (what_) }
void syst_wait_all (syst_t *self, sys_svc_t which, syst_expect_t *list, size_t n,
                    int timeout_ms);

//  Waits for any event of type on which's stream satisfying pred.
void syst_wait (syst_t *self, sys_svc_t which, rt_type_t type, rt_test_event_pred_t *pred,
                const void *arg, rt_test_event_t *ev, int timeout_ms, const char *what);

//  Ends a scenario cleanly and checks it: every event decoded, every service exits 0 on
//  SIGTERM, tws-sim exits 0, no log holds sanitizer output.
void syst_finish (syst_t *self);

//  Service names for messages ("rt-gateway"...).
const char *syst_name (sys_svc_t which);

#endif
