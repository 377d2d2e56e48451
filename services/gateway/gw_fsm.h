/*  gw_fsm.h - the gateway's TWS connection state machine, pure and clock-injected.

    One IB session for the life of the process. The event loop feeds events with now_ms and
    executes the actions that come back; the machine itself does no I/O and reads no clock,
    so every path (timeouts, backoff, breaker, heartbeat) is driven by tests with a fake clock.

        DISCONNECTED -start-> CONNECTING -tcp_connected-> HANDSHAKE -hello_reply-> STARTING
        STARTING -(next_valid_id AND managed_accounts)-> RECONCILING -reconcile_done-> READY
        READY/RECONCILING -1100-> DEGRADED -1101 (resubscribe) / 1102-> READY (or RECONCILING)
        any attempt failure -> BACKOFF (or BREAKER_OPEN after `breaker_threshold` failures)
        BACKOFF / BREAKER_OPEN -tick at deadline-> CONNECTING (half-open trial after the breaker)
        a live session lost (peer close, 1300, heartbeat miss) -> BACKOFF, not a failure
        stop -> DISCONNECTED from anywhere, closing the socket

    Failures (each closes the socket at once): connect refused/failed, connect timeout, hello
    timeout, server version below `min_server_version` ("Gateway too old"), version rejected,
    start timeout (nextValidId / managedAccounts), 326 or a peer close after START_API and
    before nextValidId ("client id in use?": the next attempt uses the next configured client
    id), reconciliation timeout. READY is reached only when the loop reports that
    reconciliation (open orders, executions, positions) is done; only READY accepts orders.

    Timer contract: after every call the loop arms one timer at gw_fsm_deadline (also given as
    a GW_ACT_ARM_TIMER action when it changes) and calls gw_fsm_tick when it fires. Calling
    tick early or twice is harmless.

    The README has the full transition table.
*/
#ifndef GW_FSM_H_INCLUDED
#define GW_FSM_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_error.h"

#define GW_FSM_MAX_CLIENT_IDS 8
#define GW_FSM_MAX_ACTIONS    8
#define GW_FSM_REASON_MAX     128
#define GW_FSM_NO_DEADLINE    UINT64_MAX

typedef enum {
    GW_STATE_DISCONNECTED = 0,  //  not started, or stopped
    GW_STATE_CONNECTING,        //  TCP connect in progress
    GW_STATE_HANDSHAKE,         //  hello sent, waiting for the server version
    GW_STATE_STARTING,          //  START_API sent, waiting for nextValidId + managedAccounts
    GW_STATE_RECONCILING,       //  subscriptions re-issued, open orders/executions/positions
    GW_STATE_READY,             //  accepting orders
    GW_STATE_DEGRADED,          //  1100: TWS lost IB; socket kept, waiting for 1101/1102
    GW_STATE_BACKOFF,           //  waiting before the next attempt
    GW_STATE_BREAKER_OPEN,      //  too many consecutive failures: waiting for the breaker
    GW_STATE_COUNT
} gw_state_t;

typedef enum {
    GW_EV_START = 0,
    GW_EV_TCP_CONNECTED,
    GW_EV_TCP_FAILED,           //  connect refused or failed (client-side 502)
    GW_EV_HELLO_REPLY,          //  arg: server version
    GW_EV_VERSION_REJECTED,     //  the server refused our version range
    GW_EV_NEXT_VALID_ID,        //  arg: the id
    GW_EV_MANAGED_ACCOUNTS,
    GW_EV_ERROR_CODE,           //  arg: TWS error code of a session-wide error (id -1)
    GW_EV_PEER_CLOSED,          //  EOF or a socket error on the TWS socket
    GW_EV_RECONCILE_DONE,
    GW_EV_HEARTBEAT_REPLY,      //  currentTime arrived
    GW_EV_TICK,                 //  the armed timer fired
    GW_EV_STOP,
    GW_EV_COUNT
} gw_event_kind_t;

typedef enum {
    GW_ACT_CONNECT = 0,         //  open a non-blocking TCP connection to TWS_HOST:TWS_PORT
    GW_ACT_CLOSE,               //  close the TWS socket now (never leave it half-open)
    GW_ACT_SEND_HELLO,          //  "API\0" + version range
    GW_ACT_SEND_START_API,      //  client_id
    GW_ACT_SEND_HEARTBEAT,      //  reqCurrentTime
    GW_ACT_START_RECONCILE,     //  reqOpenOrders/reqAllOpenOrders, reqExecutions, reqPositions...
    GW_ACT_RESUBSCRIBE_ALL,     //  re-issue every market data / bar / account subscription
    GW_ACT_SWITCH_CLIENT_ID,    //  client_id: the id the next attempt will use
    GW_ACT_PUBLISH_STATE,       //  state, reason, attempt: publish gw.conn
    GW_ACT_ARM_TIMER,           //  at_ms (GW_FSM_NO_DEADLINE: disarm)
} gw_action_kind_t;

typedef struct {
    gw_action_kind_t kind;
    int client_id;              //  CONNECT, SEND_START_API, SWITCH_CLIENT_ID
    gw_state_t state;           //  PUBLISH_STATE
    const char *reason;         //  PUBLISH_STATE; borrowed, valid until the next call
    uint32_t attempt;           //  PUBLISH_STATE: consecutive failed attempts so far
    uint64_t at_ms;             //  ARM_TIMER
} gw_action_t;

typedef struct {
    gw_action_t items [GW_FSM_MAX_ACTIONS];
    size_t count;
} gw_actions_t;

typedef struct {
    int client_ids [GW_FSM_MAX_CLIENT_IDS];   //  [0] = TWS_CLIENT_ID, then the fallbacks
    size_t client_id_count;
    uint64_t connect_timeout_ms;        //  TWS_CONNECT_TIMEOUT_MS, default 5000
    uint64_t handshake_timeout_ms;      //  TWS_HANDSHAKE_TIMEOUT_MS, default 4000, per phase
    uint64_t reconcile_timeout_ms;      //  GW_RECONCILE_TIMEOUT_MS, default 30000
    uint64_t backoff_base_ms;           //  BACKOFF_BASE_MS, default 500
    uint64_t backoff_cap_ms;            //  BACKOFF_CAP_MS, default 30000
    uint64_t backoff_seed;              //  jitter seed (a service uses pid ^ time)
    uint32_t breaker_threshold;         //  CIRCUIT_BREAKER_THRESHOLD, default 5
    uint64_t breaker_timeout_ms;        //  CIRCUIT_BREAKER_TIMEOUT, default 300 s
    uint64_t heartbeat_interval_ms;     //  HEARTBEAT_INTERVAL, default 5000
    uint64_t heartbeat_timeout_ms;      //  HEARTBEAT_TIMEOUT_MS, default 5000
    int min_server_version;             //  default 157 ("Gateway too old" below)
    int max_server_version;             //  default 200 (the codec's ceiling)
} gw_fsm_config_t;

typedef struct {
    uint64_t attempts;          //  connection attempts started
    uint64_t failures;          //  attempts that failed
    uint64_t sessions;          //  times READY was reached from a new connection
    uint64_t sessions_lost;     //  live sessions that ended (peer close, 1300, heartbeat)
    uint64_t breaker_trips;
    uint64_t heartbeats_sent;
    uint64_t heartbeat_misses;
    uint64_t client_id_switches;
    uint64_t farm_events;       //  farm-status codes seen (never acted on)
    uint64_t ignored_events;    //  events that meant nothing in the current state
} gw_fsm_stats_t;

typedef struct _gw_fsm_t gw_fsm_t;

void gw_fsm_config_defaults (gw_fsm_config_t *cfg);

//  Sets client_ids from TWS_CLIENT_ID and TWS_CLIENT_ID_FALLBACKS ("11,21", may be NULL or
//  empty). Ids are 0..2147483647, no duplicates, at most GW_FSM_MAX_CLIENT_IDS in all.
//  Returns 0 or RT_EINVAL / RT_ERANGE.
int gw_fsm_config_client_ids (gw_fsm_config_t *cfg, int primary, const char *fallbacks);

//  NULL on a bad config (no client id, zero timeouts, base > cap, threshold 0).
gw_fsm_t *gw_fsm_new (const gw_fsm_config_t *cfg);
void gw_fsm_destroy (gw_fsm_t **self_p);

//  Feeds one event; out (cleared first) receives the actions to execute in order.
//  arg: server version for HELLO_REPLY, the id for NEXT_VALID_ID, the code for ERROR_CODE.
//  Events that mean nothing in the current state are ignored (counted). Returns 0, or
//  RT_EINVAL for an unknown event kind.
int gw_fsm_event (gw_fsm_t *self, gw_event_kind_t kind, int64_t arg, uint64_t now_ms,
                  gw_actions_t *out);

gw_state_t gw_fsm_state (const gw_fsm_t *self);
bool gw_fsm_accepts_orders (const gw_fsm_t *self);
uint64_t gw_fsm_deadline (const gw_fsm_t *self);
int gw_fsm_client_id (const gw_fsm_t *self);
int gw_fsm_server_version (const gw_fsm_t *self);      //  0 before the hello reply
uint32_t gw_fsm_attempt (const gw_fsm_t *self);        //  consecutive failures
const char *gw_fsm_reason (const gw_fsm_t *self);      //  why the last state change happened
void gw_fsm_stats (const gw_fsm_t *self, gw_fsm_stats_t *stats);

const char *gw_state_name (gw_state_t state);
const char *gw_action_name (gw_action_kind_t kind);
const char *gw_event_name (gw_event_kind_t kind);

#endif
