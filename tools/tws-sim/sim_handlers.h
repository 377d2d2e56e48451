/*  sim_handlers.h - one function per client request. Each decodes its message (the reader
    is past the message id), logs one line (session, clientId, name, key fields), serves it
    from the model and queues the replies. Returns 0, or the decoder's negative code when the
    frame does not decode (the server answers 320 and closes the session).
*/
#ifndef SIM_HANDLERS_H_INCLUDED
#define SIM_HANDLERS_H_INCLUDED

#include "tws_msg.h"
#include "sim_server_int.h"

typedef int (sim_handler_fn) (sim_server_t *srv, sim_session_t *s, tws_reader_t *r);

//  sim_handlers_conn.c
sim_handler_fn sim_h_start_api, sim_h_req_ids, sim_h_req_current_time,
               sim_h_req_current_time_millis, sim_h_req_managed_accts;
//  2104/2106/2158 to one session (START_API, end of a reset).
void sim_h_farms_ok (sim_server_t *srv, sim_session_t *s);
//  sim_handlers_acct.c
sim_handler_fn sim_h_req_account_updates, sim_h_req_account_summary,
               sim_h_cancel_account_summary, sim_h_req_positions, sim_h_cancel_positions,
               sim_h_req_pnl, sim_h_cancel_pnl, sim_h_req_pnl_single, sim_h_cancel_pnl_single;
//  sim_handlers_mkt.c
sim_handler_fn sim_h_req_mkt_data, sim_h_cancel_mkt_data, sim_h_req_market_data_type,
               sim_h_req_contract_details;
//  sim_handlers_hist.c
sim_handler_fn sim_h_req_historical_data, sim_h_cancel_historical_data,
               sim_h_req_real_time_bars, sim_h_cancel_real_time_bars;
//  sim_handlers_orders.c
sim_handler_fn sim_h_place_order, sim_h_cancel_order, sim_h_req_global_cancel,
               sim_h_req_open_orders, sim_h_req_all_open_orders, sim_h_req_auto_open_orders,
               sim_h_req_completed_orders, sim_h_req_executions;

//  Log prefix helper: "s3 c7".
#define SIM_REQ_FMT "s%llu c%d "
#define SIM_REQ_ARGS(s) (unsigned long long) (s)->id, (s)->client_id

//  The common cancel: decodes the reqId with decode, logs `name reqId=N` and drops the
//  session's subscription of kind with that id (none: nothing to drop). Returns the
//  decoder's code; *req_id is the id when it returns 0.
typedef int (sim_cancel_decode_fn) (tws_reader_t *r, int server_version, tws_req_id_t *m);
int sim_h_cancel_sub (sim_session_t *s, tws_reader_t *r, sim_cancel_decode_fn *decode,
                      const char *name, sim_sub_kind_t kind, int *req_id);

//  Resolves a request's contract to a universe index; answers error 200 and returns -1
//  when nothing matches.
int sim_h_resolve (sim_server_t *srv, sim_session_t *s, int req_id, const tws_contract_t *c);

#endif
