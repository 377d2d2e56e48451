/*  sim_world.h - the model (market + broker) as the server sees it: the simulated clock,
    the broker's event sink routed to sessions, the periodic market step, and conversions
    from model records to rttws message structs.

    The simulated clock starts at opts.start_ms and moves only by market steps (tick_ms each)
    or the `advance` control command, never by the wall clock: same seed + same client input
    = same events.
*/
#ifndef SIM_WORLD_H_INCLUDED
#define SIM_WORLD_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "tws_msg.h"
#include "sim_broker.h"
#include "sim_market.h"
#include "sim_opts.h"
#include "sim_session.h"

typedef struct sim_server_t sim_server_t;

typedef struct {
    sim_market_t *market;
    sim_broker_t *broker;
    int64_t now_ms;                     //  simulated clock (UTC epoch ms)
    int64_t last_second;                //  last whole second PnL was pushed for
    bool farms_down;                    //  between the two halves of a `reset`
    sim_server_t *srv;                  //  back pointer for the sink
} sim_world_t;

sim_world_t *sim_world_new (sim_server_t *srv, const sim_opts_t *opts);
void sim_world_destroy (sim_world_t **p);
static inline int64_t sim_world_now_ms (const sim_world_t *w) { return w ? w->now_ms : 0; }

//  One market step: the clock moves by the step, the broker matches, and every subscription
//  gets what changed (ticks, keepUpToDate bars, 5-second bars, PnL once a second).
void sim_world_step_by (sim_server_t *srv, int64_t step_ms);
void sim_world_step (sim_server_t *srv);
//  Pushes what subscriptions are due without moving the clock (after `price`).
void sim_world_publish (sim_server_t *srv);
//  A session is being destroyed (nothing of it is kept: orders live at the broker).
void sim_world_session_gone (sim_server_t *srv, sim_session_t *s);

//  Model -> rttws records.
void sim_world_contract (const sim_contract_t *c, tws_contract_t *out, bool with_primary);
void sim_world_open_order (const sim_order_t *o, tws_open_order_t *out);
void sim_world_order_status (const sim_order_t *o, tws_order_status_t *out);
void sim_world_exec (const sim_execution_t *e, int req_id, tws_exec_details_t *out);
void sim_world_commission (const sim_execution_t *e, tws_commission_report_t *out);
//  "yyyymmdd hh:mm:ss US/Eastern" of a UTC epoch second.
void sim_world_time_text (int64_t utc_sec, char *buf, size_t cap);

//  Market data for one subscription: the ticks since what it was last sent.
void sim_world_send_ticks (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub);
//  Account pushes.
int sim_world_send_position (sim_session_t *s, const sim_position_t *p);
int sim_world_send_portfolio (sim_session_t *s, const sim_position_t *p);
void sim_world_send_account (sim_server_t *srv, sim_session_t *s, bool download_end);
void sim_world_send_account_summary (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub,
                                     bool end);
void sim_world_send_pnl (sim_server_t *srv, sim_session_t *s, sim_sub_t *sub);

#endif
