/*  risk_view.h - keeps risk_state in step with the bus (decoded messages in, no sockets).

    Live feeds: quotes (RT_GATEWAY_MD), the gateway's positions and its ord.status for
    orders placed outside robo-trader (RT_GATEWAY_PUB), the orders service's ord.status and
    ord.pos (RT_ORDERS_PUB, sequence-checked).

    Resynchronisation (the Clone pattern) with the orders service: risk subscribes first,
    then sends SNAPSHOT_REQUEST what="all"; the ORDER_STATUS and HOLDING messages of the
    answer are staged, and the final REPLY's seq S merges them: orders and holdings from the
    orders service are replaced by the snapshot, then live updates that arrived meanwhile
    with seq > S are applied again on top (they are newer), and from then on live updates
    with seq <= S are dropped. Orders accepted here but not yet seen (pending) survive the
    merge unless the snapshot knows them. Until the first merge, and from a sequence gap
    until the next merge, the view is not ready: decisions refuse with NO_VIEW (fail closed).
*/
#ifndef RISK_VIEW_H_INCLUDED
#define RISK_VIEW_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_catalogue.h"
#include "risk_state.h"

typedef struct _risk_view_t risk_view_t;

//  state is borrowed and must outlive the view.
risk_view_t *risk_view_new (risk_state_t *state);
void risk_view_destroy (risk_view_t **self_p);

bool risk_view_ready (const risk_view_t *self);
//  Why it is not ready ("waiting for the orders service's snapshot").
const char *risk_view_why (const risk_view_t *self);
//  Declares the view incomplete (a gap, a restart of orders): NO_VIEW until the next merge.
void risk_view_invalidate (risk_view_t *self, const char *why);
//  Makes the view usable without a snapshot (RISK_VIEW_GRACE expired; documented).
void risk_view_force_ready (risk_view_t *self);

//  Live feeds. seq is the orders stream's sequence.
void risk_view_on_quote (risk_view_t *self, const rt_quote_t *q);
void risk_view_on_position (risk_view_t *self, const rt_position_t *p);
void risk_view_on_gateway_status (risk_view_t *self, const rt_order_status_t *s, uint64_t now_ms);
void risk_view_on_orders_status (risk_view_t *self, const rt_order_status_t *s, uint64_t seq,
                                 uint64_t now_ms);
void risk_view_on_holding (risk_view_t *self, const rt_holding_t *h, uint64_t seq);

//  Snapshot: begin (a request was sent), parts, end with the REPLY's seq.
void risk_view_snapshot_begin (risk_view_t *self);
void risk_view_snapshot_status (risk_view_t *self, const rt_order_status_t *s);
void risk_view_snapshot_holding (risk_view_t *self, const rt_holding_t *h);
//  Merges; 0, or RT_ERANGE when the snapshot or the updates met meanwhile overflowed the
//  fixed tables (the view stays not ready; ask again).
int risk_view_snapshot_end (risk_view_t *self, uint64_t seq, uint64_t now_ms);
bool risk_view_in_snapshot (const risk_view_t *self);

//  Open remaining of an ORDER_STATUS (0 for a terminal status).
double risk_view_remaining (const rt_order_status_t *s);

#endif
