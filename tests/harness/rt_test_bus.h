/*  rt_test_bus.h - the bus side of a service under test: its published events, decoded with
    the catalogue, and its command socket.

    rt_test_events subscribes to everything on a service's state stream and, optionally, its
    market-data stream (the gateway has both), and hands out events decoded into their
    catalogue structs. Waiting for "the next event of type T that satisfies P" skips the
    others, but every event is accounted for: a text trace of the recent ones (for failure
    messages that say what was seen instead), counters per type, sequence gaps and
    restarts, and bodies that did not decode (a test should assert there were none).

    SUB sockets reconnect every few milliseconds, not ZeroMQ's default 100 ms, so a
    subscriber created before its publisher binds is listening soon after the bind. Events
    published before that are lost (PUB semantics); the sequence numbers tell how many.
*/
#ifndef RT_TEST_BUS_H_INCLUDED
#define RT_TEST_BUS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_bus.h"
#include "rt_catalogue.h"

//  Largest decoded body kept (every catalogue struct fits: checked at run time).
#define RT_TEST_EVENT_BODY_MAX 8192
//  Lines of the trace kept (oldest dropped first) and the bytes of each.
#define RT_TEST_TRACE_LINES 96
#define RT_TEST_TRACE_LINE_MAX 200

typedef struct {
    rt_type_t type;
    bool md;                        //  from the market-data stream
    bool decoded;                   //  false: unknown type or a body that did not decode
    char topic [RT_TOPIC_MAX];
    rt_header_t header;
    rt_seq_event_t seq;
    union {
        rt_conn_state_t conn;
        rt_account_value_t acct;
        rt_position_t pos;
        rt_quote_t quote;
        rt_bar_t bar;
        rt_order_status_t status;
        rt_fill_t fill;
        rt_heartbeat_t hb;
        rt_error_event_t error;
        rt_reply_t reply;
        rt_holding_t holding;
        rt_risk_decision_t decision;
        rt_risk_state_t risk;
        long double align_;
        unsigned char raw [RT_TEST_EVENT_BODY_MAX];
    } u;
} rt_test_event_t;

//  A condition on an event of the awaited type; arg is the caller's.
typedef bool (rt_test_event_pred_t) (const rt_test_event_t *ev, const void *arg);

typedef struct {
    uint64_t received;              //  every event, both streams
    uint64_t by_type [64];          //  indexed by rt_type_t (ids below 64)
    uint64_t decode_errors;         //  known type, body refused by the catalogue
    uint64_t unknown_types;
    uint64_t gaps;                  //  sequence gaps (either stream)
    uint64_t restarts;              //  publisher restarts (either stream)
} rt_test_events_stats_t;

typedef struct _rt_test_events_t rt_test_events_t;

//  Subscribes to "" on state_ep and (when not NULL) md_ep. NULL on failure.
rt_test_events_t *rt_test_events_new (const char *state_ep, const char *md_ep);
void rt_test_events_destroy (rt_test_events_t **self_p);

//  The next event from either stream. 0, RT_ETIMEOUT, or RT_EIO.
int rt_test_events_next (rt_test_events_t *self, rt_test_event_t *ev, int timeout_ms);

//  Skips events until one of `type` (RT_TYPE_NONE: any) for which pred (may be NULL) is
//  true. 0, RT_ETIMEOUT or RT_EIO.
int rt_test_events_wait (rt_test_events_t *self, rt_type_t type, rt_test_event_pred_t *pred,
                         const void *arg, rt_test_event_t *ev, int timeout_ms);

//  Waits for a gw.conn event in `state`.
int rt_test_events_wait_conn (rt_test_events_t *self, rt_conn_t state, rt_test_event_t *ev,
                              int timeout_ms);

//  Drops what has arrived so far (counted and traced), without waiting.
void rt_test_events_drain (rt_test_events_t *self);

//  One line describing an event ("#12 gw.conn READY at=0 sv=200 ci=7 'reconciled'").
void rt_test_event_describe (const rt_test_event_t *ev, char *buf, size_t cap);

//  The recent trace, oldest first, one event per line (heartbeats and quotes are counted,
//  not traced, except the first quote per symbol). Valid until the next call on self.
const char *rt_test_events_trace (rt_test_events_t *self);
void rt_test_events_trace_clear (rt_test_events_t *self);

void rt_test_events_stats (const rt_test_events_t *self, rt_test_events_stats_t *stats);

//  Sends a command (a catalogue struct of `type`) and waits for the REPLY with its
//  correlation id, decoded into reply. Messages that come before the reply for the same
//  request (a snapshot's parts) go to on_part when not NULL. 0 (the reply arrived, whatever
//  its ok), RT_ETIMEOUT, or another negative code (encode, send, decode).
typedef void (rt_test_part_fn_t) (const rt_test_event_t *part, void *arg);
int rt_test_cmd_call (rt_cmd_client_t *client, rt_type_t type, const void *msg,
                      rt_reply_t *reply, rt_test_part_fn_t *on_part, void *arg,
                      int timeout_ms);

#endif
