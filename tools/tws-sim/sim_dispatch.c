/*  sim_dispatch.c - message id -> handler. */
#include "sim_handlers.h"

#include <string.h>

#include "rt_log.h"

typedef struct {
    int id;
    const char *name;
    sim_handler_fn *fn;
} s_route_t;

static const s_route_t s_routes [] = {
    { TWS_OUT_REQ_MKT_DATA,           "reqMktData",            sim_h_req_mkt_data },
    { TWS_OUT_CANCEL_MKT_DATA,        "cancelMktData",         sim_h_cancel_mkt_data },
    { TWS_OUT_PLACE_ORDER,            "placeOrder",            sim_h_place_order },
    { TWS_OUT_CANCEL_ORDER,           "cancelOrder",           sim_h_cancel_order },
    { TWS_OUT_REQ_OPEN_ORDERS,        "reqOpenOrders",         sim_h_req_open_orders },
    { TWS_OUT_REQ_ACCT_DATA,          "reqAccountUpdates",     sim_h_req_account_updates },
    { TWS_OUT_REQ_EXECUTIONS,         "reqExecutions",         sim_h_req_executions },
    { TWS_OUT_REQ_IDS,                "reqIds",                sim_h_req_ids },
    { TWS_OUT_REQ_CONTRACT_DATA,      "reqContractDetails",    sim_h_req_contract_details },
    { TWS_OUT_REQ_AUTO_OPEN_ORDERS,   "reqAutoOpenOrders",     sim_h_req_auto_open_orders },
    { TWS_OUT_REQ_ALL_OPEN_ORDERS,    "reqAllOpenOrders",      sim_h_req_all_open_orders },
    { TWS_OUT_REQ_MANAGED_ACCTS,      "reqManagedAccts",       sim_h_req_managed_accts },
    { TWS_OUT_REQ_HISTORICAL_DATA,    "reqHistoricalData",     sim_h_req_historical_data },
    { TWS_OUT_CANCEL_HISTORICAL_DATA, "cancelHistoricalData",  sim_h_cancel_historical_data },
    { TWS_OUT_REQ_CURRENT_TIME,       "reqCurrentTime",        sim_h_req_current_time },
    { TWS_OUT_REQ_REAL_TIME_BARS,     "reqRealTimeBars",       sim_h_req_real_time_bars },
    { TWS_OUT_CANCEL_REAL_TIME_BARS,  "cancelRealTimeBars",    sim_h_cancel_real_time_bars },
    { TWS_OUT_REQ_GLOBAL_CANCEL,      "reqGlobalCancel",       sim_h_req_global_cancel },
    { TWS_OUT_REQ_MARKET_DATA_TYPE,   "reqMarketDataType",     sim_h_req_market_data_type },
    { TWS_OUT_REQ_POSITIONS,          "reqPositions",          sim_h_req_positions },
    { TWS_OUT_REQ_ACCOUNT_SUMMARY,    "reqAccountSummary",     sim_h_req_account_summary },
    { TWS_OUT_CANCEL_ACCOUNT_SUMMARY, "cancelAccountSummary",  sim_h_cancel_account_summary },
    { TWS_OUT_CANCEL_POSITIONS,       "cancelPositions",       sim_h_cancel_positions },
    { TWS_OUT_START_API,              "startApi",              sim_h_start_api },
    { TWS_OUT_REQ_PNL,                "reqPnL",                sim_h_req_pnl },
    { TWS_OUT_CANCEL_PNL,             "cancelPnL",             sim_h_cancel_pnl },
    { TWS_OUT_REQ_PNL_SINGLE,         "reqPnLSingle",          sim_h_req_pnl_single },
    { TWS_OUT_CANCEL_PNL_SINGLE,      "cancelPnLSingle",       sim_h_cancel_pnl_single },
    { TWS_OUT_REQ_COMPLETED_ORDERS,   "reqCompletedOrders",    sim_h_req_completed_orders },
    { TWS_OUT_REQ_CURRENT_TIME_IN_MILLIS, "reqCurrentTimeInMillis",
                                                               sim_h_req_current_time_millis },
};

int
sim_dispatch (sim_server_t *srv, sim_session_t *s, const uint8_t *payload, size_t len)
{
    tws_reader_t r;
    tws_reader_init (&r, payload, len);
    int id = 0;
    int rc = tws_msg_id_read (&r, &id);
    if (rc < 0)
        return rc;
    const s_route_t *route = NULL;
    for (size_t i = 0; i < sizeof s_routes / sizeof s_routes [0]; i++)
        if (s_routes [i].id == id) {
            route = &s_routes [i];
            break;
        }
    if (s->state == SIM_S_WAIT_START && id != TWS_OUT_START_API) {
        //  The official client sends START_API first; anything earlier is not served.
        rt_log_warn (SIM_REQ_FMT "%s (id %d) before startApi: ignored", SIM_REQ_ARGS (s),
                  route ? route->name : "?", id);
        return 0;
    }
    if (!route) {
        //  Well-formed but unknown to us: logged and skipped, the session stays (the
        //  length prefix already delimited it).
        srv->counters.unknown_msgs++;
        rt_log_warn (SIM_REQ_FMT "unsupported message id %d (%zu bytes): ignored",
                  SIM_REQ_ARGS (s), id, len);
        return 0;
    }
    if (s->version > 0 && id == TWS_OUT_REQ_CURRENT_TIME_IN_MILLIS
    &&  s->version < TWS_SV_CURRENT_TIME_IN_MILLIS) {
        rt_log_warn (SIM_REQ_FMT "reqCurrentTimeInMillis below version %d: ignored",
                  SIM_REQ_ARGS (s), TWS_SV_CURRENT_TIME_IN_MILLIS);
        return 0;
    }
    srv->counters.requests++;
    return route->fn (srv, s, &r);
}
