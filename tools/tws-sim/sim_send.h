/*  sim_send.h - encode a server message straight into a session's output queue.

    sim_send_<msg> (s, &m) encodes with rttws at the session's negotiated version. The frame is
    written in place (no copy); a message bigger than the first reservation (a long
    historicalData reply) is encoded again into a larger one.
*/
#ifndef SIM_SEND_H_INCLUDED
#define SIM_SEND_H_INCLUDED

#include "proto/rt_error.h"
#include "tws_frame.h"
#include "tws_msg.h"
#include "sim_session.h"

#define SIM_FRAME_RESERVE 8192

#define SIM_DEFINE_SEND(name)                                                        \
static inline int                                                                    \
sim_send_##name (sim_session_t *s, const tws_##name##_t *m)                          \
{                                                                                    \
    for (size_t cap = SIM_FRAME_RESERVE; ; cap *= 16) {                              \
        tws_writer_t w;                                                              \
        int rc = sim_session_frame_begin (s, &w, cap);                               \
        if (rc)                                                                      \
            return rc;                                                               \
        rc = tws_##name##_encode (&w, s->version, m);                                \
        if (rc == 0)                                                                 \
            rc = sim_session_frame_end (s, &w);                                      \
        if (rc != RT_ERANGE || w.err == 0 || cap > TWS_MAX_PAYLOAD)                  \
            return rc;                                                               \
    }                                                                                \
}

SIM_DEFINE_SEND (err_msg)
SIM_DEFINE_SEND (next_valid_id)
SIM_DEFINE_SEND (managed_accts)
SIM_DEFINE_SEND (current_time)
SIM_DEFINE_SEND (current_time_millis)
SIM_DEFINE_SEND (position)
SIM_DEFINE_SEND (position_end)
SIM_DEFINE_SEND (account_summary)
SIM_DEFINE_SEND (account_summary_end)
SIM_DEFINE_SEND (update_account_value)
SIM_DEFINE_SEND (update_portfolio)
SIM_DEFINE_SEND (update_account_time)
SIM_DEFINE_SEND (account_download_end)
SIM_DEFINE_SEND (tick_price)
SIM_DEFINE_SEND (tick_size)
SIM_DEFINE_SEND (tick_string)
SIM_DEFINE_SEND (tick_generic)
SIM_DEFINE_SEND (market_data_type)
SIM_DEFINE_SEND (tick_req_params)
SIM_DEFINE_SEND (tick_snapshot_end)
SIM_DEFINE_SEND (historical_data)
SIM_DEFINE_SEND (historical_data_end)
SIM_DEFINE_SEND (historical_data_update)
SIM_DEFINE_SEND (realtime_bar)
SIM_DEFINE_SEND (contract_data)
SIM_DEFINE_SEND (contract_data_end)
SIM_DEFINE_SEND (order_status)
SIM_DEFINE_SEND (open_order)
SIM_DEFINE_SEND (open_order_end)
SIM_DEFINE_SEND (completed_order)
SIM_DEFINE_SEND (completed_orders_end)
SIM_DEFINE_SEND (exec_details)
SIM_DEFINE_SEND (exec_details_end)
SIM_DEFINE_SEND (commission_report)
SIM_DEFINE_SEND (pnl)
SIM_DEFINE_SEND (pnl_single)

#endif
