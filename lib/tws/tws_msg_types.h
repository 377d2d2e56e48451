/*  tws_msg_types.h - the TWS message structs (requests, server messages) and their encoders
    and decoders. Part of tws_msg.h, split off to keep each header readable; include
    tws_msg.h. The ids, version gates, sentinels and shared blocks are there.
*/
#ifndef TWS_MSG_TYPES_H_INCLUDED
#define TWS_MSG_TYPES_H_INCLUDED

#include "tws_msg.h"

#ifdef __cplusplus
extern "C" {
#endif

//  ---------------------------------------------------------------------------------------
//  Requests (client -> server)

typedef struct { int client_id; char optional_capabilities[128]; } tws_start_api_t;
typedef tws_empty_t tws_req_current_time_t;
typedef tws_empty_t tws_req_current_time_millis_t;
typedef struct { int num_ids; } tws_req_ids_t;
typedef tws_empty_t tws_req_positions_t;
typedef tws_empty_t tws_cancel_positions_t;
typedef tws_empty_t tws_req_managed_accts_t;
typedef struct { int req_id; char group[32]; char tags[512]; } tws_req_account_summary_t;
typedef tws_req_id_t tws_cancel_account_summary_t;
typedef struct { bool subscribe; char acct_code[32]; } tws_req_account_updates_t;

typedef struct {
    int req_id;
    tws_contract_t contract;              //  BAG legs and delta neutral come from here
    char generic_tick_list[128];
    bool snapshot;
    bool regulatory_snapshot;
    char mkt_data_options[128];
} tws_req_mkt_data_t;
typedef tws_req_id_t tws_cancel_mkt_data_t;
typedef struct { int market_data_type; } tws_req_market_data_type_t;

typedef struct {
    int req_id;
    tws_contract_t contract;
    char end_date_time[64];
    char bar_size[16];
    char duration[16];
    bool use_rth;
    char what_to_show[32];
    int format_date;
    bool keep_up_to_date;
    char chart_options[128];
} tws_req_historical_data_t;
typedef tws_req_id_t tws_cancel_historical_data_t;

typedef struct {
    int req_id;
    tws_contract_t contract;
    int bar_size;
    char what_to_show[32];
    bool use_rth;
    char options[128];
} tws_req_real_time_bars_t;
typedef tws_req_id_t tws_cancel_real_time_bars_t;

typedef struct { int req_id; tws_contract_t contract; } tws_req_contract_details_t;

typedef struct {
    int order_id;
    tws_contract_t contract;
    tws_order_t order;
} tws_place_order_t;

typedef struct {
    int order_id;
    char manual_order_cancel_time[32];
    char ext_operator[64];                //  >= 192
    int manual_order_indicator;           //  >= 192, UNSET by default
} tws_cancel_order_t;
void tws_cancel_order_init (tws_cancel_order_t *m);

typedef tws_empty_t tws_req_open_orders_t;
typedef tws_empty_t tws_req_all_open_orders_t;
typedef struct { bool auto_bind; } tws_req_auto_open_orders_t;
typedef struct { bool api_only; } tws_req_completed_orders_t;

typedef struct {
    int req_id;
    int client_id;
    char acct_code[32];
    char time[64];
    char symbol[32];
    char sec_type[16];
    char exchange[32];
    char side[8];
    int last_n_days;                      //  >= 200, UNSET by default
    int dates_count;                      //  >= 200
    int dates_n;
    int dates[TWS_MAX_EXEC_DATES];        //  yyyymmdd
} tws_req_executions_t;
void tws_req_executions_init (tws_req_executions_t *m);

typedef struct {
    char ext_operator[64];                //  >= 192
    int manual_order_indicator;           //  >= 192, UNSET by default
} tws_req_global_cancel_t;
void tws_req_global_cancel_init (tws_req_global_cancel_t *m);

typedef struct { int req_id; char account[32]; char model_code[64]; } tws_req_pnl_t;
typedef tws_req_id_t tws_cancel_pnl_t;
typedef struct { int req_id; char account[32]; char model_code[64]; int con_id; }
    tws_req_pnl_single_t;
typedef tws_req_id_t tws_cancel_pnl_single_t;

//  ---------------------------------------------------------------------------------------
//  Server messages (server -> client)

typedef struct {
    int req_id;                           //  -1: system message; order errors: the order id
    int code;
    char message[1024];
    char advanced_order_reject_json[1024]; //  >= 166
    int64_t error_time;                   //  >= 194, epoch ms
} tws_err_msg_t;

typedef struct { int order_id; } tws_next_valid_id_t;
typedef struct { char accounts[512]; } tws_managed_accts_t;
typedef struct { int64_t time; } tws_current_time_t;
typedef struct { int64_t time_ms; } tws_current_time_millis_t;

typedef struct {
    char account[32];
    tws_contract_t contract;
    tws_decimal_t position;
    double avg_cost;
} tws_position_t;
typedef tws_empty_t tws_position_end_t;

typedef struct {
    int req_id;
    char account[32];
    char tag[64];
    char value[64];
    char currency[16];
} tws_account_summary_t;
typedef tws_req_id_t tws_account_summary_end_t;

typedef struct { char key[64]; char value[64]; char currency[16]; char account[32]; }
    tws_update_account_value_t;

typedef struct {
    tws_contract_t contract;
    tws_decimal_t position;
    double market_price;
    double market_value;
    double average_cost;
    double unrealized_pnl;
    double realized_pnl;
    char account[32];
} tws_update_portfolio_t;

typedef struct { char time[16]; } tws_update_account_time_t;
typedef struct { char account[32]; } tws_account_download_end_t;

//  Hot path: a tick decode is one pass over 5-6 fields, no allocation.
typedef struct {
    int req_id;
    int tick_type;
    double price;
    tws_decimal_t size;
    int attr_mask;                        //  TWS_ATTR_*
} tws_tick_price_t;

typedef struct { int req_id; int tick_type; tws_decimal_t size; } tws_tick_size_t;
typedef struct { int req_id; int tick_type; char value[256]; } tws_tick_string_t;
typedef struct { int req_id; int tick_type; double value; } tws_tick_generic_t;
typedef struct { int req_id; int market_data_type; } tws_market_data_type_t;
typedef struct {
    int req_id;
    double min_tick;
    char bbo_exchange[32];
    int snapshot_permissions;
} tws_tick_req_params_t;
typedef tws_req_id_t tws_tick_snapshot_end_t;

typedef struct {
    char date[32];                        //  text or epoch seconds (formatDate 2)
    double open;
    double high;
    double low;
    double close;
    tws_decimal_t volume;
    tws_decimal_t wap;
    int bar_count;
} tws_bar_t;

//  historicalData (17): header then bar_count bars. Bars are streamed so a 5000-bar reply
//  needs no big struct: the decoder reads the header and leaves the reader on the first bar;
//  call tws_bar_decode () bar_count times. The encoder writes m->bars[0..bar_count).
typedef struct {
    int req_id;
    char start_date[32];                  //  < 196 only (>= 196: message 108)
    char end_date[32];
    int bar_count;
    const tws_bar_t *bars;                //  encode only; NULL after decode
} tws_historical_data_t;

typedef struct { int req_id; char start_date[32]; char end_date[32]; }
    tws_historical_data_end_t;

//  historicalDataUpdate (90): note the wire order open, CLOSE, high, low, wap, volume.
typedef struct { int req_id; tws_bar_t bar; } tws_historical_data_update_t;

typedef struct {
    int req_id;
    int64_t time;
    double open;
    double high;
    double low;
    double close;
    tws_decimal_t volume;
    tws_decimal_t wap;
    int count;
} tws_realtime_bar_t;

typedef struct {
    int req_id;
    tws_contract_t contract;
    char market_name[32];
    double min_tick;
    char order_types[1024];
    char valid_exchanges[1024];
    int price_magnifier;
    int under_con_id;
    char long_name[128];
    char contract_month[16];
    char industry[64];
    char category[64];
    char subcategory[64];
    char time_zone_id[64];
    char trading_hours[1024];
    char liquid_hours[1024];
    char ev_rule[64];
    int ev_multiplier;
    int sec_id_list_count;
    int sec_id_list_n;
    tws_tag_value_t sec_id_list[TWS_MAX_SEC_IDS];
    int agg_group;
    char under_symbol[32];
    char under_sec_type[16];
    char market_rule_ids[256];
    char real_expiration_date[32];
    char stock_type[32];
    tws_decimal_t min_size;
    tws_decimal_t size_increment;
    tws_decimal_t suggested_size_increment;
    //  FUND only, >= 179
    char fund_name[64];
    char fund_family[64];
    char fund_type[32];
    char fund_front_load[32];
    char fund_back_load[32];
    char fund_back_load_time_interval[32];
    char fund_management_fee[32];
    bool fund_closed;
    bool fund_closed_for_new_investors;
    bool fund_closed_for_new_money;
    char fund_notify_amount[32];
    char fund_minimum_initial_purchase[32];
    char fund_subsequent_minimum_purchase[32];
    char fund_blue_sky_states[64];
    char fund_blue_sky_territories[64];
    char fund_distribution_policy_indicator[32];
    char fund_asset_type[32];
    //  >= 186
    int ineligibility_reasons_count;
    int ineligibility_reasons_n;
    tws_tag_value_t ineligibility_reasons[TWS_MAX_INELIGIBLE];   //  tag = id
} tws_contract_data_t;
void tws_contract_data_init (tws_contract_data_t *m);
typedef tws_req_id_t tws_contract_data_end_t;

typedef struct {
    int order_id;
    char status[32];
    tws_decimal_t filled;
    tws_decimal_t remaining;
    double avg_fill_price;
    int64_t perm_id;
    int parent_id;
    double last_fill_price;
    int client_id;
    char why_held[64];
    double mkt_cap_price;
} tws_order_status_t;

typedef struct {
    int order_id;
    tws_contract_t contract;
    tws_order_t order;
    tws_order_state_t state;
} tws_open_order_t;
typedef tws_empty_t tws_open_order_end_t;

typedef struct {
    tws_contract_t contract;
    tws_order_t order;
    tws_order_state_t state;
} tws_completed_order_t;
typedef tws_empty_t tws_completed_orders_end_t;

typedef struct {
    int req_id;                           //  -1 when unsolicited
    int order_id;
    tws_contract_t contract;
    tws_execution_t execution;
} tws_exec_details_t;
typedef tws_req_id_t tws_exec_details_end_t;

typedef struct {
    char exec_id[64];
    double commission;
    char currency[16];
    double realized_pnl;
    double yield;
    int yield_redemption_date;            //  yyyymmdd
} tws_commission_report_t;

typedef struct { int req_id; double daily_pnl; double unrealized_pnl; double realized_pnl; }
    tws_pnl_t;
typedef struct {
    int req_id;
    tws_decimal_t pos;
    double daily_pnl;
    double unrealized_pnl;
    double realized_pnl;
    double value;
} tws_pnl_single_t;

//  ---------------------------------------------------------------------------------------
//  Encoders and decoders

#define TWS_CODEC(name) \
    int tws_##name##_encode (tws_writer_t *w, int server_version, const tws_##name##_t *m); \
    int tws_##name##_decode (tws_reader_t *r, int server_version, tws_##name##_t *m);

//  Requests
TWS_CODEC (start_api)
TWS_CODEC (req_current_time)
TWS_CODEC (req_current_time_millis)
TWS_CODEC (req_ids)
TWS_CODEC (req_positions)
TWS_CODEC (cancel_positions)
TWS_CODEC (req_managed_accts)
TWS_CODEC (req_account_summary)
TWS_CODEC (cancel_account_summary)
TWS_CODEC (req_account_updates)
TWS_CODEC (req_mkt_data)
TWS_CODEC (cancel_mkt_data)
TWS_CODEC (req_market_data_type)
TWS_CODEC (req_historical_data)
TWS_CODEC (cancel_historical_data)
TWS_CODEC (req_real_time_bars)
TWS_CODEC (cancel_real_time_bars)
TWS_CODEC (req_contract_details)
TWS_CODEC (place_order)
TWS_CODEC (cancel_order)
TWS_CODEC (req_open_orders)
TWS_CODEC (req_all_open_orders)
TWS_CODEC (req_auto_open_orders)
TWS_CODEC (req_completed_orders)
TWS_CODEC (req_executions)
TWS_CODEC (req_global_cancel)
TWS_CODEC (req_pnl)
TWS_CODEC (cancel_pnl)
TWS_CODEC (req_pnl_single)
TWS_CODEC (cancel_pnl_single)

//  Server messages
TWS_CODEC (err_msg)
TWS_CODEC (next_valid_id)
TWS_CODEC (managed_accts)
TWS_CODEC (current_time)
TWS_CODEC (current_time_millis)
TWS_CODEC (position)
TWS_CODEC (position_end)
TWS_CODEC (account_summary)
TWS_CODEC (account_summary_end)
TWS_CODEC (update_account_value)
TWS_CODEC (update_portfolio)
TWS_CODEC (update_account_time)
TWS_CODEC (account_download_end)
TWS_CODEC (tick_price)
TWS_CODEC (tick_size)
TWS_CODEC (tick_string)
TWS_CODEC (tick_generic)
TWS_CODEC (market_data_type)
TWS_CODEC (tick_req_params)
TWS_CODEC (tick_snapshot_end)
TWS_CODEC (historical_data)
TWS_CODEC (historical_data_end)
TWS_CODEC (historical_data_update)
TWS_CODEC (realtime_bar)
TWS_CODEC (contract_data)
TWS_CODEC (contract_data_end)
TWS_CODEC (order_status)
TWS_CODEC (open_order)
TWS_CODEC (open_order_end)
TWS_CODEC (completed_order)
TWS_CODEC (completed_orders_end)
TWS_CODEC (exec_details)
TWS_CODEC (exec_details_end)
TWS_CODEC (commission_report)
TWS_CODEC (pnl)
TWS_CODEC (pnl_single)

#undef TWS_CODEC

//  One bar of historicalData (17); the per-bar layout depends on nothing >= 157.
int tws_bar_encode (tws_writer_t *w, int server_version, const tws_bar_t *bar);
int tws_bar_decode (tws_reader_t *r, int server_version, tws_bar_t *bar);

//  Version field values this codec writes in server messages (the decoders ignore them).
#define TWS_TICK_MSG_VERSION 6

#ifdef __cplusplus
}
#endif

#endif
