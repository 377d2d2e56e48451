/*  gw.h - rt-gateway's shared context: what the loop offers its modules, and the hooks each
    module gives the loop.

    One process, one zloop. The loop (gw_main.c, gw_session.c) owns the TWS socket, the pacer,
    the state machine and the bus sockets. Modules own one concern each and never touch a
    socket directly:

        gw_md       market data and historical bars: subscriptions keyed by contract, their
                    TWS request ids, re-issue after every reconnect and after 1101; quotes
                    published on the market-data stream without allocating per tick
        gw_orders   order identity (coid -> orderRef, IB order id, permId), place/cancel,
                    order status and fills (deduplicated by execId), accounts and positions,
                    reconciliation after every (re)connect

    Two publisher streams, each one sequence (lib/rt_bus_pub.h):
        "gateway"     RT_GATEWAY_PUB: gw.conn, gw.acct, gw.pos, ord.status, ord.fill,
                      sys.error, sys.hb.gateway (low rate; a subscriber takes it whole and
                      sees every gap)
        "gateway-md"  RT_GATEWAY_MD: md.quote.*, md.bar.* (high rate; subscribers filter by
                      symbol, and a slow one never holds up order events)

    Modules send TWS requests with gw_tws_begin / gw_tws_commit: the frame is encoded straight
    into a pacer slot's staging buffer, so nothing is allocated per message.
*/
#ifndef GW_H_INCLUDED
#define GW_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <msgpack.h>
#include "rt_catalogue.h"
#include "rt_bus.h"
#include "tws_field.h"
#include "tws_msg.h"
#include "gw_pacer.h"

typedef struct _gw_t gw_t;
typedef struct _gw_md_t gw_md_t;
typedef struct _gw_orders_t gw_orders_t;

typedef enum {
    GW_STREAM_STATE = 0,        //  "gateway"
    GW_STREAM_MD,               //  "gateway-md"
} gw_stream_t;

//  --- What the loop offers modules -------------------------------------------------------

//  Negotiated server version (0 while not connected); the codec gates fields on it.
int gw_server_version (const gw_t *self);

//  Monotonic ms, the same clock the state machine and pacer see.
uint64_t gw_now_ms (const gw_t *self);

//  True when a TWS session is up far enough to send requests (STARTING and later).
bool gw_tws_up (const gw_t *self);

//  Starts a TWS request: returns a writer positioned for the message id, valid until
//  gw_tws_commit. Then queue it on `lane` (tag: the caller's correlation, echoed in logs and
//  queue-wait events; hist: HMDS rule key for GW_LANE_HIST, else NULL). Returns 0, RT_EAGAIN
//  when the pacer is full ("paced"), RT_ECLOSED when no session, RT_ERANGE on overflow.
tws_writer_t *gw_tws_begin (gw_t *self);
int gw_tws_commit (gw_t *self, gw_lane_t lane, uint64_t tag, const gw_hist_req_t *hist);

//  A historical request finished (end marker, error, cancel): frees its HMDS open slot in
//  the pacer (gw_pacer_hist_done) and lets a waiting request go.
void gw_hist_done (gw_t *self);

//  Next TWS request id (market data, historical, executions...), unique for the process.
//  Ids start at 2^30, far above any IB order id, so an errMsg's id names one or the other.
int gw_next_req_id (gw_t *self);

//  The account for orders and account data: TWS_ACCOUNT, else the first managed account
//  ("" until managedAccounts arrives on the first session).
const char *gw_account (const gw_t *self);

//  Publishes one catalogue message on a stream; the topic comes from the message
//  (rt_msg_topic). corr may be NULL. Returns 0 or a negative rt_error_t (counted).
int gw_publish (gw_t *self, gw_stream_t stream, rt_type_t type, const void *msg,
                const char *corr);

//  Publishes an error event (sys.error) and logs it.
void gw_report (gw_t *self, int code, rt_severity_t severity, int64_t req_id,
                int64_t order_id, const char *fmt, ...) __attribute__ ((format (printf, 6, 7)));

//  Sends one catalogue message to a command peer (part of a snapshot), before its reply.
int gw_send_to_peer (gw_t *self, const rt_cmd_peer_t *peer, rt_type_t type, const void *msg);

//  Replies to a command. ok=false needs a reason a person understands.
int gw_reply (gw_t *self, const rt_cmd_peer_t *peer, bool ok, int code, const char *id,
              const char *fmt, ...) __attribute__ ((format (printf, 6, 7)));

//  Tells the loop reconciliation is complete (the state machine may go READY).
void gw_reconcile_done (gw_t *self);

//  True when the state machine accepts orders (READY).
bool gw_accepts_orders (const gw_t *self);

//  Increments a named heartbeat counter (bounded set; unknown names beyond it are dropped).
void gw_count (gw_t *self, const char *name, uint64_t by);

//  --- What each module gives the loop ----------------------------------------------------
//  on_tws: one decoded-id TWS message; the reader is positioned after the id. Returns 1 when
//  the module consumed it, 0 when it is not the module's, a negative code on a bad message.
//  on_session: the session reached STARTING (fresh=true: new socket) or came back from
//  1101 (fresh=false: same socket, data lost): re-issue what the module owns.
//  on_lost: the TWS socket closed; forget request ids, keep what must survive.
//  on_command: one command from the ROUTER; returns 1 when it was the module's.

gw_md_t *gw_md_new (gw_t *gw);
void gw_md_destroy (gw_md_t **self_p);
int gw_md_on_tws (gw_md_t *self, int msg_id, tws_reader_t *r);
void gw_md_on_session (gw_md_t *self, bool fresh);
void gw_md_on_lost (gw_md_t *self);
int gw_md_on_command (gw_md_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer);
void gw_md_snapshot (gw_md_t *self, const rt_cmd_peer_t *peer);

gw_orders_t *gw_orders_new (gw_t *gw, const char *data_dir);
void gw_orders_destroy (gw_orders_t **self_p);
int gw_orders_on_tws (gw_orders_t *self, int msg_id, tws_reader_t *r);
//  nextValidId arrived: sync the order-id high-water mark. Called just before the state
//  machine hears it, so ids are in sync before reconciliation starts.
void gw_orders_on_next_valid_id (gw_orders_t *self, int64_t id);
//  Starts reconciliation (open orders, executions, positions, account); calls
//  gw_reconcile_done when every answer is in.
void gw_orders_on_session (gw_orders_t *self, bool fresh);
void gw_orders_on_lost (gw_orders_t *self);
int gw_orders_on_command (gw_orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer);
void gw_orders_snapshot (gw_orders_t *self, const rt_cmd_peer_t *peer);

#endif
