/*  tws_req.c - client -> server requests other than orders (tws-api-protocol.md 4.1). */
#include "tws_io.h"

//  Empty-bodied requests: id and a version field.
#define S_SIMPLE(name, id, version) \
static int s_##name (tws_io_t *io, tws_##name##_t *m) \
{ \
    (void) m; \
    T (twsio_msg_id (io, id)); \
    return twsio_skip (io, version); \
} \
TWS_IO_PAIR (name, false, TWS_ZERO (m))

//  Request-id-only requests.
#define S_REQ_ID(name, id, version) \
static int s_##name (tws_io_t *io, tws_##name##_t *m) \
{ \
    T (twsio_msg_id (io, id)); \
    T (twsio_skip (io, version)); \
    return twsio_int (io, &m->req_id); \
} \
TWS_IO_PAIR (name, false, TWS_ZERO (m))

S_SIMPLE (req_current_time, TWS_OUT_REQ_CURRENT_TIME, "1")
S_SIMPLE (req_positions, TWS_OUT_REQ_POSITIONS, "1")
S_SIMPLE (cancel_positions, TWS_OUT_CANCEL_POSITIONS, "1")
S_SIMPLE (req_managed_accts, TWS_OUT_REQ_MANAGED_ACCTS, "1")
S_SIMPLE (req_open_orders, TWS_OUT_REQ_OPEN_ORDERS, "1")
S_SIMPLE (req_all_open_orders, TWS_OUT_REQ_ALL_OPEN_ORDERS, "1")
S_REQ_ID (cancel_account_summary, TWS_OUT_CANCEL_ACCOUNT_SUMMARY, "1")
S_REQ_ID (cancel_mkt_data, TWS_OUT_CANCEL_MKT_DATA, "2")
S_REQ_ID (cancel_historical_data, TWS_OUT_CANCEL_HISTORICAL_DATA, "1")
S_REQ_ID (cancel_real_time_bars, TWS_OUT_CANCEL_REAL_TIME_BARS, "1")

static int
s_start_api (tws_io_t *io, tws_start_api_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_START_API));
    T (twsio_skip (io, "2"));
    T (twsio_int (io, &m->client_id));
    return IO_STR (io, m->optional_capabilities);      //  sent from 72 on
}
TWS_IO_PAIR (start_api, false, TWS_ZERO (m))

static int
s_req_current_time_millis (tws_io_t *io, tws_req_current_time_millis_t *m)
{
    (void) m;
    if (io->sv < TWS_SV_CURRENT_TIME_IN_MILLIS)
        return RT_EVERSION;
    return twsio_msg_id (io, TWS_OUT_REQ_CURRENT_TIME_IN_MILLIS);
}
TWS_IO_PAIR (req_current_time_millis, false, TWS_ZERO (m))

static int
s_req_ids (tws_io_t *io, tws_req_ids_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_IDS));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->num_ids);
}
TWS_IO_PAIR (req_ids, false, TWS_ZERO (m))

static int
s_req_account_summary (tws_io_t *io, tws_req_account_summary_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_ACCOUNT_SUMMARY));
    T (twsio_skip (io, "1"));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, m->group));
    return IO_STR (io, m->tags);
}
TWS_IO_PAIR (req_account_summary, false, TWS_ZERO (m))

static int
s_req_account_updates (tws_io_t *io, tws_req_account_updates_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_ACCT_DATA));
    T (twsio_skip (io, "2"));
    T (twsio_bool (io, &m->subscribe));
    return IO_STR (io, m->acct_code);
}
TWS_IO_PAIR (req_account_updates, false, TWS_ZERO (m))

//  BAG legs in market-data requests: conId, ratio, action, exchange per leg.
static int
s_bag_legs_short (tws_io_t *io, tws_contract_t *c)
{
    if (strcmp (c->sec_type, "BAG") != 0)
        return 0;
    int count = IO_DEC (io)? 0: c->combo_legs_n;
    T (twsio_count (io, &count));
    tws_combo_leg_t spare;
    for (int i = 0; i < count; i++) {
        tws_combo_leg_t *l = i < TWS_MAX_COMBO_LEGS? &c->combo_legs [i]: &spare;
        T (twsio_int (io, &l->con_id));
        T (twsio_int (io, &l->ratio));
        T (IO_STR (io, l->action));
        T (IO_STR (io, l->exchange));
    }
    if (IO_DEC (io)) {
        c->combo_legs_count = count;
        c->combo_legs_n = count < TWS_MAX_COMBO_LEGS? count: TWS_MAX_COMBO_LEGS;
    }
    return 0;
}

static int
s_delta_neutral (tws_io_t *io, tws_delta_neutral_t *dn)
{
    T (twsio_bool (io, &dn->present));
    if (dn->present) {
        T (twsio_int (io, &dn->con_id));
        T (twsio_double (io, &dn->delta));
        T (twsio_double (io, &dn->price));
    }
    return 0;
}

static int
s_req_mkt_data (tws_io_t *io, tws_req_mkt_data_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_MKT_DATA));
    T (twsio_skip (io, "11"));
    T (twsio_int (io, &m->req_id));
    T (twsio_contract_req (io, &m->contract));
    T (s_bag_legs_short (io, &m->contract));
    T (s_delta_neutral (io, &m->contract.delta_neutral));
    T (IO_STR (io, m->generic_tick_list));
    T (twsio_bool (io, &m->snapshot));
    T (twsio_bool (io, &m->regulatory_snapshot));
    return IO_STR (io, m->mkt_data_options);
}
TWS_IO_PAIR (req_mkt_data, false, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_req_market_data_type (tws_io_t *io, tws_req_market_data_type_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_MARKET_DATA_TYPE));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->market_data_type);
}
TWS_IO_PAIR (req_market_data_type, false, TWS_ZERO (m))

static int
s_req_historical_data (tws_io_t *io, tws_req_historical_data_t *m)
{
    //  No version field from 124 (SYNT_REALTIME_BARS); note end, barSize, duration order.
    T (twsio_msg_id (io, TWS_OUT_REQ_HISTORICAL_DATA));
    T (twsio_int (io, &m->req_id));
    T (twsio_contract_req (io, &m->contract));
    T (twsio_bool (io, &m->contract.include_expired));
    T (IO_STR (io, m->end_date_time));
    T (IO_STR (io, m->bar_size));
    T (IO_STR (io, m->duration));
    T (twsio_bool (io, &m->use_rth));
    T (IO_STR (io, m->what_to_show));
    T (twsio_int (io, &m->format_date));
    T (s_bag_legs_short (io, &m->contract));
    T (twsio_bool (io, &m->keep_up_to_date));
    return IO_STR (io, m->chart_options);
}
TWS_IO_PAIR (req_historical_data, false, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_req_real_time_bars (tws_io_t *io, tws_req_real_time_bars_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_REAL_TIME_BARS));
    T (twsio_skip (io, "3"));
    T (twsio_int (io, &m->req_id));
    T (twsio_contract_req (io, &m->contract));
    T (twsio_int (io, &m->bar_size));
    T (IO_STR (io, m->what_to_show));
    T (twsio_bool (io, &m->use_rth));
    return IO_STR (io, m->options);
}
TWS_IO_PAIR (req_real_time_bars, false, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_req_contract_details (tws_io_t *io, tws_req_contract_details_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_CONTRACT_DATA));
    T (twsio_skip (io, "8"));
    T (twsio_int (io, &m->req_id));
    T (twsio_contract_req (io, &m->contract));
    T (twsio_bool (io, &m->contract.include_expired));
    T (IO_STR (io, m->contract.sec_id_type));
    T (IO_STR (io, m->contract.sec_id));
    if (io->sv >= TWS_SV_BOND_ISSUERID)
        T (IO_STR (io, m->contract.issuer_id));
    return 0;
}
TWS_IO_PAIR (req_contract_details, false, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_req_auto_open_orders (tws_io_t *io, tws_req_auto_open_orders_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_AUTO_OPEN_ORDERS));
    T (twsio_skip (io, "1"));
    return twsio_bool (io, &m->auto_bind);
}
TWS_IO_PAIR (req_auto_open_orders, false, TWS_ZERO (m))

static int
s_req_completed_orders (tws_io_t *io, tws_req_completed_orders_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_COMPLETED_ORDERS));
    return twsio_bool (io, &m->api_only);
}
TWS_IO_PAIR (req_completed_orders, false, TWS_ZERO (m))

static int
s_req_executions (tws_io_t *io, tws_req_executions_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_EXECUTIONS));
    T (twsio_skip (io, "3"));
    T (twsio_int (io, &m->req_id));
    T (twsio_int (io, &m->client_id));
    T (IO_STR (io, m->acct_code));
    T (IO_STR (io, m->time));
    T (IO_STR (io, m->symbol));
    T (IO_STR (io, m->sec_type));
    T (IO_STR (io, m->exchange));
    T (IO_STR (io, m->side));
    if (io->sv >= TWS_SV_PARAMETRIZED_DAYS_OF_EXECUTIONS) {
        T (twsio_int_u (io, &m->last_n_days));
        int count = IO_DEC (io)? 0: m->dates_n;
        T (twsio_count (io, &count));
        for (int i = 0; i < count; i++) {
            int spare;
            T (twsio_int (io, i < TWS_MAX_EXEC_DATES? &m->dates [i]: &spare));
        }
        if (IO_DEC (io)) {
            m->dates_count = count;
            m->dates_n = count < TWS_MAX_EXEC_DATES? count: TWS_MAX_EXEC_DATES;
        }
    }
    return 0;
}
TWS_IO_PAIR (req_executions, false, tws_req_executions_init (m))

static int
s_req_pnl (tws_io_t *io, tws_req_pnl_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_PNL));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, m->account));
    return IO_STR (io, m->model_code);
}
TWS_IO_PAIR (req_pnl, false, TWS_ZERO (m))

static int
s_cancel_pnl (tws_io_t *io, tws_cancel_pnl_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_CANCEL_PNL));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (cancel_pnl, false, TWS_ZERO (m))

static int
s_req_pnl_single (tws_io_t *io, tws_req_pnl_single_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_PNL_SINGLE));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, m->account));
    T (IO_STR (io, m->model_code));
    return twsio_int (io, &m->con_id);
}
TWS_IO_PAIR (req_pnl_single, false, TWS_ZERO (m))

static int
s_cancel_pnl_single (tws_io_t *io, tws_cancel_pnl_single_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_CANCEL_PNL_SINGLE));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (cancel_pnl_single, false, TWS_ZERO (m))
