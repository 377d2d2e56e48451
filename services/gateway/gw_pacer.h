/*  gw_pacer.h - the one queue in front of the TWS socket writer.

    TWS allows 50 client messages per second, all types together (error 100, then a
    disconnect), and historical data has its own limits (tws-api-protocol.md section 7). Every
    outgoing message goes through this queue; the loop pops a message only when the pacer says
    it may be sent, so the limits hold by construction.

    Message rate: a token bucket, `rate` tokens per second, at most `burst` stored. Exact
    integer arithmetic at millisecond resolution: a full bucket releases `burst` messages at
    once and then one every 1000/rate ms, so any window of 1000 ms carries at most
    burst + rate - 1 messages (defaults 45/s, burst 4: at most 48 < 50).

    Lanes, and why: three FIFO lanes share the bucket, served in strict priority
        GW_LANE_ORDER    placeOrder, cancelOrder, reqGlobalCancel: an order must never wait
                         behind a burst of re-subscriptions or a historical backlog
        GW_LANE_GENERAL  everything else (subscriptions, account, reconciliation, heartbeat)
        GW_LANE_HIST     historical bars / real-time bars / head timestamps, also gated by
                         the HMDS rules below
    Order within a lane is kept (a cancel never overtakes its placeOrder). Across lanes there
    is no ordering dependency in the TWS API worth keeping. The lower lanes can wait while a
    higher one is busy; that is the point.

    Historical rules (small-bar rules, applied to every HMDS request for simplicity):
        no identical request (same `key`) within `hist_identical_ms` (15 s)
        at most `hist_window_max` (60) request weights in any `hist_window_ms` (10 min);
            BID_ASK requests weigh 2
        at most `hist_open_max` (50) requests open at once (gw_pacer_hist_done closes one)
        fewer than 6 requests for the same `contract_key` within 2 s
    The lane is FIFO: a head blocked by a rule holds the requests behind it.

    Memory: `capacity` fixed slots of `frame_max` bytes, allocated once. Nothing is allocated
    per message. A full pool is RT_EAGAIN ("paced"): the caller reports it upstream. The
    general and historical lanes cannot take the last `order_reserve` slots, and the
    historical lane at most `hist_max` slots, so a flood of requests never locks out orders.
*/
#ifndef GW_PACER_H_INCLUDED
#define GW_PACER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_error.h"

typedef enum {
    GW_LANE_ORDER = 0,
    GW_LANE_GENERAL,
    GW_LANE_HIST,
    GW_LANE_COUNT
} gw_lane_t;

typedef struct {
    uint32_t rate;              //  messages per second (TWS_PACING_RATE, default 45)
    uint32_t burst;             //  bucket size (TWS_PACING_BURST, default 4)
    uint32_t capacity;          //  slots (default 1024)
    uint32_t frame_max;         //  bytes per slot (default 4096)
    uint32_t order_reserve;     //  slots only the order lane may use (default capacity / 8)
    uint32_t hist_max;          //  slots the historical lane may use (default capacity / 4)
    uint64_t hist_identical_ms; //  default 15000
    uint64_t hist_window_ms;    //  default 600000
    uint32_t hist_window_max;   //  default 60
    uint32_t hist_open_max;     //  default 50
    uint64_t hist_burst_ms;     //  same-contract window, default 2000
    uint32_t hist_burst_max;    //  requests per contract within it, default 5
} gw_pacer_config_t;

//  What identifies a historical request for the HMDS rules. key: hash of everything but the
//  request id (contract, end, duration, bar size, what to show, RTH...). contract_key: hash of
//  contract + exchange + what to show. weight: 1, or 2 for BID_ASK.
typedef struct {
    uint64_t key;
    uint64_t contract_key;
    uint32_t weight;
} gw_hist_req_t;

//  Reported with every popped message, so the gateway can publish queue waits.
typedef struct {
    gw_lane_t lane;
    uint64_t tag;               //  caller's correlation (order id, request id...)
    uint64_t enqueued_ms;
    uint64_t wait_ms;           //  time spent queued
} gw_pacer_meta_t;

typedef struct {
    uint64_t pushed [GW_LANE_COUNT];
    uint64_t sent [GW_LANE_COUNT];
    uint64_t refused;           //  pushes answered RT_EAGAIN
    uint64_t max_wait_ms;
    uint32_t queued [GW_LANE_COUNT];
    uint32_t hist_open;
} gw_pacer_stats_t;

typedef struct _gw_pacer_t gw_pacer_t;

//  Fills cfg with the defaults above.
void gw_pacer_config_defaults (gw_pacer_config_t *cfg);

//  A pacer whose bucket starts full at now_ms. NULL on bad config (zero rate, burst or
//  capacity, frame_max < 16, reserves not below capacity) or out of memory.
gw_pacer_t *gw_pacer_new (const gw_pacer_config_t *cfg, uint64_t now_ms);
void gw_pacer_destroy (gw_pacer_t **self_p);

//  Copies one encoded frame into the queue. hist is required for GW_LANE_HIST and ignored
//  otherwise. Returns 0, RT_EAGAIN when the lane's share of the pool is full ("paced"),
//  RT_ERANGE when len exceeds frame_max, RT_EINVAL for a bad lane or missing hist.
int gw_pacer_push (gw_pacer_t *self, gw_lane_t lane, const void *frame, size_t len,
                   uint64_t tag, const gw_hist_req_t *hist, uint64_t now_ms);

//  Takes the next message that may be sent at now_ms, consuming a token (and, for
//  historical requests, recording it against the HMDS rules). *frame points into the
//  pacer and stays valid until the next push, pop or reset. RT_EAGAIN when nothing may be
//  sent yet (see gw_pacer_next_ms).
int gw_pacer_pop (gw_pacer_t *self, uint64_t now_ms, const void **frame, size_t *len,
                  gw_pacer_meta_t *meta);

//  Earliest time at which pop may return a message, or UINT64_MAX when nothing is queued or
//  only requests blocked on an open-request slot (which only gw_pacer_hist_done frees).
//  The loop arms its timer at this time.
uint64_t gw_pacer_next_ms (const gw_pacer_t *self, uint64_t now_ms);

//  A historical request finished (end marker, error or cancel): frees an open slot.
void gw_pacer_hist_done (gw_pacer_t *self);

//  The session is gone: every queued message is dropped (its ids meant nothing to the next
//  session) and open historical requests are forgotten. The HMDS history and the bucket are
//  kept: IB's server counts across reconnects. Returns how many messages were dropped; the
//  caller fails the orders among them before calling, using gw_pacer_drop.
uint32_t gw_pacer_reset (gw_pacer_t *self);

//  Removes the oldest queued message of the highest lane without pacing, for the caller to
//  fail it (e.g. reject queued orders on disconnect). RT_EAGAIN when empty.
int gw_pacer_drop (gw_pacer_t *self, uint64_t now_ms, const void **frame, size_t *len,
                   gw_pacer_meta_t *meta);

void gw_pacer_stats (const gw_pacer_t *self, gw_pacer_stats_t *stats);

//  FNV-1a, for building gw_hist_req_t keys from request fields.
uint64_t gw_pacer_hash (uint64_t seed, const void *data, size_t len);
#define GW_PACER_HASH_SEED 0xcbf29ce484222325ULL

#endif
