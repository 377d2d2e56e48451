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

//  The message structs and their encoders and decoders.
#include "tws_msg_types.h"

#ifdef __cplusplus
}
#endif

#endif
