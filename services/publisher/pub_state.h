/*  pub_state.h - the dashboard's model: the latest state of the system as seen on the bus.

    Fed with decoded catalogue messages (from the subscriptions and from the gateway's and
    the orders service's snapshots), it keeps:
      - the gateway's connection state and its last PUB_CONN_HISTORY transitions;
      - every service's latest heartbeat and its liveness (up / stale / down by age);
      - account values, IB positions (gw.pos), booked holdings with P&L (ord.pos.*);
      - open orders (terminal ones leave the table), the latest PUB_FILLS_MAX fills (one per
        exec_id: both the gateway and the orders service publish each fill);
      - the latest quote per symbol, conflated (pub_quotes.h);
      - risk's state, its recent rejections, recent error events;
      - the session's equity / P&L series (pub_series.h), sampled by pub_state_tick.

    Each change comes back as one JSON event {"type": ..., "data": {...}} for the browsers;
    pub_state_snapshot gives everything at once for a browser that connects. Time is passed
    in (monotonic ms for ages, wall ms for what is shown), so tests need no clock.
    Orders: the orders service's lifecycle is authoritative for an order with a coid; the
    gateway's view fills in orders without one (placed elsewhere). Fixed tables, no growth.
*/
#ifndef PUB_STATE_H_INCLUDED
#define PUB_STATE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "rt_catalogue.h"

#define PUB_CONN_HISTORY   50
#define PUB_SERVICES_MAX   32
#define PUB_ACCOUNT_MAX    256
#define PUB_POSITIONS_MAX  256
#define PUB_ORDERS_MAX     512
#define PUB_FILLS_MAX      100
#define PUB_REJECTS_MAX    20
#define PUB_ERRORS_MAX     20

//  A service is "stale" after this long without a heartbeat, "down" after PUB_HB_DOWN_MS.
#define PUB_HB_STALE_MS    3000
#define PUB_HB_DOWN_MS     10000

typedef enum { PUB_SVC_UP = 0, PUB_SVC_STALE, PUB_SVC_DOWN } pub_svc_status_t;

typedef struct _pub_state_t pub_state_t;

//  Receives each event; takes ownership of it.
typedef void (pub_event_fn) (json_t *event, void *arg);

//  quote_ms: the minimum interval between two quotes of one symbol sent to the browsers.
pub_state_t *pub_state_new (uint64_t quote_ms);
void pub_state_destroy (pub_state_t **self_p);

//  Applies one decoded message of type from service src. Events go to fn (none when
//  nothing visible changed; quotes wait for pub_state_flush_quotes). Types the dashboard
//  does not show are ignored. Returns the number of events.
size_t pub_state_apply (pub_state_t *self, rt_type_t type, const void *msg, const char *src,
                        uint64_t now_ms, uint64_t wall_ms, pub_event_fn *fn, void *arg);
//  service's process restarted (seen as a new pid in its heartbeat; called by apply): for
//  the gateway, a history entry "RESTARTED" and a {"type": "conn_note", "entry": ...}
//  event. Returns the events sent.
size_t pub_state_note_restart (pub_state_t *self, const char *service, uint64_t wall_ms,
                               pub_event_fn *fn, void *arg);
//  The quotes due now (one event each).
size_t pub_state_flush_quotes (pub_state_t *self, uint64_t now_ms, pub_event_fn *fn,
                               void *arg);
//  Once a second: liveness changes of services, and one equity sample when recorded.
size_t pub_state_tick (pub_state_t *self, uint64_t now_ms, uint64_t wall_ms,
                       pub_event_fn *fn, void *arg);
//  Everything, as {"type": "snapshot", ...}. NULL if out of memory.
json_t *pub_state_snapshot (const pub_state_t *self, uint64_t now_ms);

//  The gateway's session state (RT_CONN_NONE until one is seen).
rt_conn_t pub_state_conn (const pub_state_t *self);
size_t pub_state_open_orders (const pub_state_t *self);
size_t pub_state_fills (const pub_state_t *self);
uint64_t pub_state_quotes_conflated (const pub_state_t *self);
//  A service's liveness by name; false when never seen.
bool pub_state_service (const pub_state_t *self, const char *name, uint64_t now_ms,
                        pub_svc_status_t *status);
const char *pub_svc_status_str (pub_svc_status_t status);

#endif
