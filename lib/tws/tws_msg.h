/*  tws_msg.h - TWS API messages (text protocol, server versions 157..200): ids, version
    gates, one C struct per message and for each an encoder and a decoder.

    Both sides use this file: the gateway encodes requests and decodes server messages, the
    simulator (tools/tws-sim) decodes requests and encodes server messages.

    Conventions
    - tws_<msg>_encode (w, server_version, m) writes the whole frame payload INCLUDING the
      message id (and the version field where the protocol has one); the caller did
      tws_writer_init () before and calls tws_writer_finish () after.
    - tws_<msg>_decode (r, server_version, m) starts AFTER the message id: read it first with
      tws_msg_id_read () (or peek with tws_msg_id_peek ()) and dispatch. Decoders fill the
      whole struct (call no init first), never allocate, and return 0, RT_ETRUNC when the frame
      ends early, or RT_EVERSION for a server version outside TWS_MIN..MAX_SERVER_VERSION.
      Fields the server sends after the ones we know are left unread: the frame's length
      prefix bounds them, so they are harmless.
    - Variable-length sections (combo legs, tag/value lists, conditions, allocations, secId
      lists) are walked in full; entries beyond the fixed array are read and dropped and the
      section's *_count keeps the count announced on the wire (the *_n fields say how many
      were stored).
    - Strings are fixed arrays; an over-long incoming value is cut (the reader counts it in
      r->truncated) and the walk stays aligned.
    - Init functions set the official defaults (UNSET sentinels etc.) before an encoder is
      filled by hand.
*/
#ifndef TWS_MSG_H_INCLUDED
#define TWS_MSG_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "tws_field.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TWS_MIN_SERVER_VERSION 157
#define TWS_MAX_SERVER_VERSION 200

//  Version gates (MIN_SERVER_VER_*) that change the wire between 157 and 200.
enum {
    TWS_SV_DURATION                  = 158,
    TWS_SV_POST_TO_ATS               = 160,
    TWS_SV_AUTO_CANCEL_PARENT        = 162,
    TWS_SV_FRACTIONAL_SIZE_SUPPORT   = 163,
    TWS_SV_SIZE_RULES                = 164,
    TWS_SV_ADVANCED_ORDER_REJECT     = 166,
    TWS_SV_MANUAL_ORDER_TIME         = 169,
    TWS_SV_PEGBEST_PEGMID_OFFSETS    = 170,
    TWS_SV_BOND_ISSUERID             = 176,
    TWS_SV_FA_PROFILE_DESUPPORT      = 177,
    TWS_SV_PENDING_PRICE_REVISION    = 178,
    TWS_SV_FUND_DATA_FIELDS          = 179,
    TWS_SV_LAST_TRADE_DATE           = 182,
    TWS_SV_CUSTOMER_ACCOUNT          = 183,
    TWS_SV_PROFESSIONAL_CUSTOMER     = 184,
    TWS_SV_BOND_ACCRUED_INTEREST     = 185,
    TWS_SV_INELIGIBILITY_REASONS     = 186,
    TWS_SV_RFQ_FIELDS                = 187,
    TWS_SV_INCLUDE_OVERNIGHT         = 189,
    TWS_SV_UNDO_RFQ_FIELDS           = 190,
    TWS_SV_PERM_ID_AS_LONG           = 191,
    TWS_SV_CME_TAGGING_FIELDS        = 192,
    TWS_SV_CME_TAGGING_FIELDS_IN_OPEN_ORDER = 193,
    TWS_SV_ERROR_TIME                = 194,
    TWS_SV_FULL_ORDER_PREVIEW_FIELDS = 195,
    TWS_SV_HISTORICAL_DATA_END       = 196,
    TWS_SV_CURRENT_TIME_IN_MILLIS    = 197,
    TWS_SV_SUBMITTER                 = 198,
    TWS_SV_IMBALANCE_ONLY            = 199,
    TWS_SV_PARAMETRIZED_DAYS_OF_EXECUTIONS = 200,
};

//  Server -> client message ids.
typedef enum {
    TWS_IN_TICK_PRICE            = 1,
    TWS_IN_TICK_SIZE             = 2,
    TWS_IN_ORDER_STATUS          = 3,
    TWS_IN_ERR_MSG               = 4,
    TWS_IN_OPEN_ORDER            = 5,
    TWS_IN_ACCT_VALUE            = 6,
    TWS_IN_PORTFOLIO_VALUE       = 7,
    TWS_IN_ACCT_UPDATE_TIME      = 8,
    TWS_IN_NEXT_VALID_ID         = 9,
    TWS_IN_CONTRACT_DATA         = 10,
    TWS_IN_EXECUTION_DATA        = 11,
    TWS_IN_MANAGED_ACCTS         = 15,
    TWS_IN_HISTORICAL_DATA       = 17,
    TWS_IN_BOND_CONTRACT_DATA    = 18,
    TWS_IN_TICK_OPTION_COMPUTATION = 21,
    TWS_IN_TICK_GENERIC          = 45,
    TWS_IN_TICK_STRING           = 46,
    TWS_IN_CURRENT_TIME          = 49,
    TWS_IN_REAL_TIME_BARS        = 50,
    TWS_IN_CONTRACT_DATA_END     = 52,
    TWS_IN_OPEN_ORDER_END        = 53,
    TWS_IN_ACCT_DOWNLOAD_END     = 54,
    TWS_IN_EXECUTION_DATA_END    = 55,
    TWS_IN_TICK_SNAPSHOT_END     = 57,
    TWS_IN_MARKET_DATA_TYPE      = 58,
    TWS_IN_COMMISSION_REPORT     = 59,
    TWS_IN_POSITION_DATA         = 61,
    TWS_IN_POSITION_END          = 62,
    TWS_IN_ACCOUNT_SUMMARY       = 63,
    TWS_IN_ACCOUNT_SUMMARY_END   = 64,
    TWS_IN_TICK_REQ_PARAMS       = 81,
    TWS_IN_HISTORICAL_DATA_UPDATE = 90,
    TWS_IN_PNL                   = 94,
    TWS_IN_PNL_SINGLE            = 95,
    TWS_IN_COMPLETED_ORDER       = 101,
    TWS_IN_COMPLETED_ORDERS_END  = 102,
    TWS_IN_HISTORICAL_DATA_END   = 108,
    TWS_IN_CURRENT_TIME_IN_MILLIS = 109,
} tws_in_id_t;

//  Client -> server message ids.
typedef enum {
    TWS_OUT_REQ_MKT_DATA           = 1,
    TWS_OUT_CANCEL_MKT_DATA        = 2,
    TWS_OUT_PLACE_ORDER            = 3,
    TWS_OUT_CANCEL_ORDER           = 4,
    TWS_OUT_REQ_OPEN_ORDERS        = 5,
    TWS_OUT_REQ_ACCT_DATA          = 6,
    TWS_OUT_REQ_EXECUTIONS         = 7,
    TWS_OUT_REQ_IDS                = 8,
    TWS_OUT_REQ_CONTRACT_DATA      = 9,
    TWS_OUT_REQ_AUTO_OPEN_ORDERS   = 15,
    TWS_OUT_REQ_ALL_OPEN_ORDERS    = 16,
    TWS_OUT_REQ_MANAGED_ACCTS      = 17,
    TWS_OUT_REQ_HISTORICAL_DATA    = 20,
    TWS_OUT_CANCEL_HISTORICAL_DATA = 25,
    TWS_OUT_REQ_CURRENT_TIME       = 49,
    TWS_OUT_REQ_REAL_TIME_BARS     = 50,
    TWS_OUT_CANCEL_REAL_TIME_BARS  = 51,
    TWS_OUT_REQ_GLOBAL_CANCEL      = 58,
    TWS_OUT_REQ_MARKET_DATA_TYPE   = 59,
    TWS_OUT_REQ_POSITIONS          = 61,
    TWS_OUT_REQ_ACCOUNT_SUMMARY    = 62,
    TWS_OUT_CANCEL_ACCOUNT_SUMMARY = 63,
    TWS_OUT_CANCEL_POSITIONS       = 64,
    TWS_OUT_START_API              = 71,
    TWS_OUT_REQ_PNL                = 92,
    TWS_OUT_CANCEL_PNL             = 93,
    TWS_OUT_REQ_PNL_SINGLE         = 94,
    TWS_OUT_CANCEL_PNL_SINGLE      = 95,
    TWS_OUT_REQ_COMPLETED_ORDERS   = 99,
    TWS_OUT_REQ_CURRENT_TIME_IN_MILLIS = 105,
} tws_out_id_t;

//  Tick types used by the gateway (the number is the tickType field).
enum {
    TWS_TICK_BID_SIZE = 0, TWS_TICK_BID = 1, TWS_TICK_ASK = 2, TWS_TICK_ASK_SIZE = 3,
    TWS_TICK_LAST = 4, TWS_TICK_LAST_SIZE = 5, TWS_TICK_HIGH = 6, TWS_TICK_LOW = 7,
    TWS_TICK_VOLUME = 8, TWS_TICK_CLOSE = 9, TWS_TICK_OPEN = 14,
    TWS_TICK_LAST_TIMESTAMP = 45, TWS_TICK_SHORTABLE = 46, TWS_TICK_RT_VOLUME = 48,
    TWS_TICK_HALTED = 49,
    TWS_TICK_DELAYED_BID = 66, TWS_TICK_DELAYED_ASK = 67, TWS_TICK_DELAYED_LAST = 68,
    TWS_TICK_DELAYED_BID_SIZE = 69, TWS_TICK_DELAYED_ASK_SIZE = 70,
    TWS_TICK_DELAYED_LAST_SIZE = 71,
};

//  tickPrice attribute bits.
#define TWS_ATTR_CAN_AUTO_EXECUTE 0x1
#define TWS_ATTR_PAST_LIMIT       0x2
#define TWS_ATTR_PRE_OPEN         0x4

//  Fixed capacities of the variable-length sections we store.
#define TWS_MAX_COMBO_LEGS     8
#define TWS_MAX_TAG_VALUES     16
#define TWS_MAX_CONDITIONS     8
#define TWS_MAX_ALLOCATIONS    8
#define TWS_MAX_SEC_IDS        8
#define TWS_MAX_INELIGIBLE     8
#define TWS_MAX_EXEC_DATES     16

//  ---------------------------------------------------------------------------------------
//  Peek / read the message id

//  Id of a payload without moving anything. RT_ETRUNC if the payload has no complete first
//  field, RT_EINVAL if it is not a decimal number.
int tws_msg_id_peek (const void *payload, size_t len, int *id);
//  Read the id field through the reader (the decoders start after it).
int tws_msg_id_read (tws_reader_t *r, int *id);
//  Whether a server version is inside the range this codec speaks.
bool tws_server_version_supported (int server_version);

//  ---------------------------------------------------------------------------------------
//  Shared blocks

typedef struct { char tag[64]; char value[128]; } tws_tag_value_t;

typedef struct {
    int con_id;
    int ratio;
    char action[8];
    char exchange[32];
    int open_close;
    int short_sale_slot;
    char designated_location[32];
    int exempt_code;
} tws_combo_leg_t;

typedef struct {
    bool present;
    int con_id;
    double delta;
    double price;
} tws_delta_neutral_t;

typedef struct {
    int con_id;
    char symbol[32];
    char sec_type[16];
    char last_trade_date_or_contract_month[32];
    char last_trade_date[32];             //  contractData >= 182 only
    double strike;                        //  UNSET: "" on the wire
    char right[8];
    char multiplier[16];
    char exchange[32];
    char primary_exchange[32];
    char currency[16];
    char local_symbol[32];
    char trading_class[32];
    bool include_expired;
    char sec_id_type[16];
    char sec_id[32];
    char issuer_id[32];
    char combo_legs_descrip[128];
    int combo_legs_count;                 //  on the wire
    int combo_legs_n;                     //  stored
    tws_combo_leg_t combo_legs[TWS_MAX_COMBO_LEGS];
    tws_delta_neutral_t delta_neutral;
} tws_contract_t;

void tws_contract_init (tws_contract_t *c);

//  Order conditions (openOrder / placeOrder / completedOrder).
enum {
    TWS_COND_PRICE = 1, TWS_COND_TIME = 3, TWS_COND_MARGIN = 4, TWS_COND_EXECUTION = 5,
    TWS_COND_VOLUME = 6, TWS_COND_PERCENT_CHANGE = 7,
};
typedef struct {
    int type;
    bool is_conjunction;                  //  connector "a" (and) vs "o" (or)
    bool is_more;                         //  operator conditions
    char value[32];                       //  price/percent/volume/margin/time as sent
    int con_id;                           //  contract conditions
    char exchange[32];
    int trigger_method;                   //  price condition
    char sec_type[16];                    //  execution condition
    char symbol[32];
} tws_condition_t;

typedef struct {
    int order_id;
    int client_id;
    int64_t perm_id;
    char action[8];
    tws_decimal_t total_quantity;
    char order_type[32];
    double lmt_price;
    double aux_price;
    char tif[16];
    char oca_group[64];
    char account[32];
    char open_close[8];
    int origin;
    char order_ref[128];
    bool transmit;
    int parent_id;
    bool block_order;
    bool sweep_to_fill;
    int display_size;
    int trigger_method;
    bool outside_rth;
    bool hidden;
    double discretionary_amt;
    char good_after_time[32];
    char good_till_date[32];
    char fa_group[64];
    char fa_method[32];
    char fa_percentage[32];
    char model_code[64];
    int short_sale_slot;
    char designated_location[32];
    int exempt_code;
    int oca_type;
    char rule80a[8];
    char settling_firm[32];
    bool all_or_none;
    int min_qty;
    double percent_offset;
    int auction_strategy;
    double starting_price;
    double stock_ref_price;
    double delta;
    double stock_range_lower;
    double stock_range_upper;
    bool override_percentage_constraints;
    double volatility;
    int volatility_type;
    char delta_neutral_order_type[32];
    double delta_neutral_aux_price;
    int delta_neutral_con_id;
    char delta_neutral_settling_firm[32];
    char delta_neutral_clearing_account[32];
    char delta_neutral_clearing_intent[16];
    char delta_neutral_open_close[8];
    bool delta_neutral_short_sale;
    int delta_neutral_short_sale_slot;
    char delta_neutral_designated_location[32];
    bool continuous_update;
    int reference_price_type;
    double trail_stop_price;
    double trailing_percent;
    double basis_points;                  //  openOrder only
    int basis_points_type;
    int order_combo_legs_count;
    int order_combo_legs_n;
    double order_combo_leg_prices[TWS_MAX_COMBO_LEGS];
    int smart_combo_routing_params_count;
    int smart_combo_routing_params_n;
    tws_tag_value_t smart_combo_routing_params[TWS_MAX_TAG_VALUES];
    int scale_init_level_size;
    int scale_subs_level_size;
    double scale_price_increment;
    double scale_price_adjust_value;
    int scale_price_adjust_interval;
    double scale_profit_offset;
    bool scale_auto_reset;
    int scale_init_position;
    int scale_init_fill_qty;
    bool scale_random_percent;
    char scale_table[64];
    char active_start_time[32];
    char active_stop_time[32];
    char hedge_type[8];
    char hedge_param[32];
    bool opt_out_smart_routing;
    char clearing_account[32];
    char clearing_intent[16];
    bool not_held;
    char algo_strategy[64];
    int algo_params_count;
    int algo_params_n;
    tws_tag_value_t algo_params[TWS_MAX_TAG_VALUES];
    char algo_id[64];
    bool what_if;
    char order_misc_options[256];         //  "tag=value;..." as sent
    bool solicited;
    bool randomize_size;
    bool randomize_price;
    //  PEG BENCH
    int reference_contract_id;
    bool is_pegged_change_amount_decrease;
    double pegged_change_amount;
    double reference_change_amount;
    char reference_exchange_id[32];
    int conditions_count;
    int conditions_n;
    tws_condition_t conditions[TWS_MAX_CONDITIONS];
    bool conditions_ignore_rth;
    bool conditions_cancel_order;
    char adjusted_order_type[32];
    double trigger_price;
    double lmt_price_offset;
    double adjusted_stop_price;
    double adjusted_stop_limit_price;
    double adjusted_trailing_amount;
    int adjustable_trailing_unit;
    char ext_operator[64];
    char soft_dollar_tier_name[64];
    char soft_dollar_tier_value[64];
    char soft_dollar_tier_display_name[64];
    double cash_qty;
    char mifid2_decision_maker[64];
    char mifid2_decision_algo[64];
    char mifid2_execution_trader[64];
    char mifid2_execution_algo[64];
    bool dont_use_auto_price_for_hedge;
    bool is_oms_container;
    bool discretionary_up_to_limit_price;
    int use_price_mgmt_algo;              //  UNSET (default), 0, 1
    int duration;
    int post_to_ats;
    bool auto_cancel_parent;
    char advanced_error_override[128];
    char manual_order_time[32];
    int min_trade_qty;
    int min_compete_size;
    double compete_against_best_offset;
    double mid_offset_at_whole;
    double mid_offset_at_half;
    char customer_account[64];
    bool professional_customer;
    char bond_accrued_interest[32];
    bool include_overnight;
    int manual_order_indicator;
    char submitter[64];
    bool imbalance_only;
    //  completedOrder only
    char auto_cancel_date[32];
    tws_decimal_t filled_quantity;
    int ref_futures_con_id;
    char shareholder[64];
    bool route_marketable_to_bbo;
    int64_t parent_perm_id;
} tws_order_t;

void tws_order_init (tws_order_t *o);

typedef struct {
    char account[32];
    tws_decimal_t position;
    tws_decimal_t position_desired;
    tws_decimal_t position_after;
    tws_decimal_t desired_alloc_qty;
    tws_decimal_t allowed_alloc_qty;
    bool is_monetary;
} tws_order_allocation_t;

typedef struct {
    char status[32];
    char init_margin_before[32];
    char maint_margin_before[32];
    char equity_with_loan_before[32];
    char init_margin_change[32];
    char maint_margin_change[32];
    char equity_with_loan_change[32];
    char init_margin_after[32];
    char maint_margin_after[32];
    char equity_with_loan_after[32];
    double commission;
    double min_commission;
    double max_commission;
    char commission_currency[16];
    //  >= 195
    char margin_currency[16];
    double init_margin_before_outside_rth;
    double maint_margin_before_outside_rth;
    double equity_with_loan_before_outside_rth;
    double init_margin_change_outside_rth;
    double maint_margin_change_outside_rth;
    double equity_with_loan_change_outside_rth;
    double init_margin_after_outside_rth;
    double maint_margin_after_outside_rth;
    double equity_with_loan_after_outside_rth;
    tws_decimal_t suggested_size;
    char reject_reason[256];
    int allocations_count;
    int allocations_n;
    tws_order_allocation_t allocations[TWS_MAX_ALLOCATIONS];
    char warning_text[256];
    //  completedOrder only
    char completed_time[64];
    char completed_status[128];
} tws_order_state_t;

void tws_order_state_init (tws_order_state_t *s);

typedef struct {
    char exec_id[64];
    char time[64];
    char acct_number[32];
    char exchange[32];
    char side[8];                         //  BOT / SLD
    tws_decimal_t shares;
    double price;
    int64_t perm_id;
    int client_id;
    int liquidation;
    tws_decimal_t cum_qty;
    double avg_price;
    char order_ref[128];
    char ev_rule[64];
    double ev_multiplier;
    char model_code[64];
    int last_liquidity;
    bool pending_price_revision;          //  >= 178
    char submitter[64];                   //  >= 198
} tws_execution_t;

//  A simple form of many messages: no body, or only a request id.
typedef struct { int unused; } tws_empty_t;
typedef struct { int req_id; } tws_req_id_t;

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
