/*  orders_svc.h - rt-orders' insides, shared by orders_svc.c (state, journal-then-act
    transitions, publication, client commands), orders_flow.c (intent -> risk -> gateway,
    pending requests and their timeouts) and orders_recon.c (gateway events, snapshots,
    reconciliation, market data). Decisions are written down in README.md.
*/
#ifndef ORDERS_SVC_H_INCLUDED
#define ORDERS_SVC_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <czmq.h>
#include "rt_service.h"
#include "orders_book.h"
#include "orders_fsm.h"
#include "orders_journal.h"
#include "orders_order.h"

#define ORDERS_PENDING_MAX   4096       //  requests in flight to risk and the gateway
#define ORDERS_TICK_MS       20         //  timeout resolution
#define ORDERS_RETRY_CAP_MS  30000      //  longest wait between re-sends to the gateway
#define ORDERS_REFUSED_RETRY_MS 250     //  re-send after "not connected" / "reconciling"

typedef struct {
    char data_dir [1024];
    int sync;                       //  orders_sync_t
    uint64_t risk_timeout_ms;
    uint64_t gateway_timeout_ms;
    uint64_t gateway_retry_window_ms;
    bool md_subscribe;
} orders_cfg_t;

//  One order and what is not journalled about it (who waits for the answer, retries).
typedef struct {
    orders_order_t o;
    rt_cmd_peer_t peer;             //  the client waiting for REJECTED / SUBMITTED
    bool waiting;
    bool maybe_placed;              //  an ORDER_INTENT went out without a definitive answer
    bool risk_in_flight;
    bool gw_in_flight;
    bool gw_status_part;            //  the gateway's answer to the place in flight came with
                                    //  the order's order_status (a known coid)
    bool seen;                      //  listed by the gateway's snapshot being reconciled
    uint32_t retries;               //  re-sends to the gateway since the last answer
    uint64_t retry_at_ms;           //  re-send the intent then (0: not scheduled)
    uint64_t refused_since_ms;      //  first transient refusal ("not connected")
    rt_ord_status_t before_cancel;  //  restored when the gateway refuses the cancel
} orders_entry_t;

typedef enum {
    ORDERS_REQ_NONE = 0,
    ORDERS_REQ_RISK,
    ORDERS_REQ_PLACE,
    ORDERS_REQ_CANCEL,
    ORDERS_REQ_SNAPSHOT,
    ORDERS_REQ_MD,
} orders_req_kind_t;

typedef struct {
    orders_req_kind_t kind;
    char corr [RT_CORR_MAX];
    char coid [RT_COID_MAX];
    uint64_t deadline_ms;
    rt_cmd_peer_t peer;             //  CANCEL: the client to answer
    bool has_peer;
} orders_req_t;

typedef struct {
    rt_service_t *svc;
    orders_cfg_t cfg;
    orders_journal_t *journal;
    orders_book_t *book;
    zhashx_t *orders;               //  coid -> orders_entry_t
    zlistx_t *order_list;           //  orders_entry_t *, creation order (not owning)
    rt_cmd_client_t *risk;
    rt_cmd_client_t *gw;
    rt_sub_t *gw_sub;
    rt_sub_t *md_sub;
    zhashx_t *md_symbols;           //  symbols subscribed for marks
    zhashx_t *dirty;                //  "account\x1fsymbol" of holdings to publish
    orders_req_t pending [ORDERS_PENDING_MAX];
    orders_fsm_stats_t fsm;
    bool ready;                     //  reconciled once: intents accepted
    bool reconciling;
    bool resync_wanted;             //  a gap or reconnect while reconciling: once more
    char snapshot_corr [RT_CORR_MAX];
    uint64_t snapshot_retry_at_ms;
    rt_conn_t gw_state;
    uint64_t now_ms;                //  monotonic, refreshed per callback
} orders_t;

//  orders_svc.c
orders_t *orders_new (rt_service_t *svc, const orders_cfg_t *cfg);
void orders_destroy (orders_t **self_p);
uint64_t orders_now (orders_t *self);
orders_entry_t *orders_find (orders_t *self, const char *coid);
orders_entry_t *orders_find_perm (orders_t *self, int64_t perm_id);
//  Journal first, then publish: moves e to `to` with reason (NULL keeps it), records the
//  event name. 0, or the journal's error (the in-memory state is then left unchanged).
int orders_set_state (orders_t *self, orders_entry_t *e, rt_ord_status_t to,
                      const char *code, const char *reason, const char *event);
//  Runs the state machine on ev; applies (journal, publish) on APPLY. Returns the verdict.
orders_verdict_t orders_event (orders_t *self, orders_entry_t *e, const orders_fsm_event_t *ev,
                               const char *code, const char *reason, const char *event);
//  Journals the non-state fields of e (ids, fill, flags) under event.
int orders_save (orders_t *self, orders_entry_t *e, const char *event);
void orders_publish_status (orders_t *self, const orders_entry_t *e);
void orders_publish_holding (orders_t *self, const orders_pos_t *pos);
//  Answers the waiting client once the order is REJECTED or on its way (SUBMITTED).
void orders_answer (orders_t *self, orders_entry_t *e);
void orders_on_cmd (rt_service_t *svc, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer,
                    void *arg);

//  orders_flow.c
orders_req_t *orders_req_add (orders_t *self, orders_req_kind_t kind, const char *coid,
                              const char *corr, uint64_t timeout_ms);
orders_req_t *orders_req_find (orders_t *self, const char *corr);
void orders_req_drop (orders_req_t *req);
void orders_flow_intent (orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer);
void orders_flow_cancel (orders_t *self, orders_entry_t *e, const rt_cmd_peer_t *peer,
                         const char *why);
void orders_flow_risk_check (orders_t *self, orders_entry_t *e);
void orders_flow_place (orders_t *self, orders_entry_t *e);
void orders_on_risk_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                           void *arg);
void orders_on_gw_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                         void *arg);
int orders_on_tick (zloop_t *loop, int timer_id, void *arg);

//  orders_recon.c
void orders_recon_start (orders_t *self, const char *why);
void orders_recon_snapshot_msg (orders_t *self, const rt_bus_msg_t *msg);
void orders_recon_snapshot_done (orders_t *self, const rt_reply_t *reply, bool ok);
void orders_recon_tick (orders_t *self);
void orders_on_gw_event (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                         const rt_seq_event_t *seq, void *arg);
void orders_on_md (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                   const rt_seq_event_t *seq, void *arg);
void orders_apply_gw_status (orders_t *self, const rt_order_status_t *st, bool from_snapshot);
void orders_apply_fill (orders_t *self, const rt_fill_t *fill);
void orders_md_want (orders_t *self, const char *symbol);
int orders_on_flush (zloop_t *loop, int timer_id, void *arg);

#endif
