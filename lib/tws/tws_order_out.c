/*  tws_order_out.c - placeOrder, cancelOrder, reqGlobalCancel (client -> server).

    Field order and gates follow the official client's placeOrder text path (10.46.01) for
    server versions 157..200; tws-api-protocol.md 4.1 numbers the fields of a simple order.
*/
#include "tws_io.h"

static bool
s_is (const char *a, const char *b)
{
    return strcmp (a, b) == 0;
}

bool tws_is_peg_bench (const char *order_type);
bool
tws_is_peg_bench (const char *order_type)
{
    return s_is (order_type, "PEG BENCH") || s_is (order_type, "PEGBENCH");
}

//  The 8-field combo legs of placeOrder and openOrder/completedOrder.
int tws_io_combo_legs_full (tws_io_t *io, tws_contract_t *c);
int
tws_io_combo_legs_full (tws_io_t *io, tws_contract_t *c)
{
    int count = IO_DEC (io)? 0: c->combo_legs_n;
    T (twsio_count (io, &count));
    tws_combo_leg_t spare;
    for (int i = 0; i < count; i++) {
        tws_combo_leg_t *l = i < TWS_MAX_COMBO_LEGS? &c->combo_legs [i]: &spare;
        T (twsio_int (io, &l->con_id));
        T (twsio_int (io, &l->ratio));
        T (IO_STR (io, l->action));
        T (IO_STR (io, l->exchange));
        T (twsio_int (io, &l->open_close));
        T (twsio_int (io, &l->short_sale_slot));
        T (IO_STR (io, l->designated_location));
        T (twsio_int (io, &l->exempt_code));
    }
    if (IO_DEC (io)) {
        c->combo_legs_count = count;
        c->combo_legs_n = count < TWS_MAX_COMBO_LEGS? count: TWS_MAX_COMBO_LEGS;
    }
    return 0;
}

//  Order combo leg prices; he: placeOrder writes unset as "".
int tws_io_order_combo_legs (tws_io_t *io, tws_order_t *o, bool he);
int
tws_io_order_combo_legs (tws_io_t *io, tws_order_t *o, bool he)
{
    int count = IO_DEC (io)? 0: o->order_combo_legs_n;
    T (twsio_count (io, &count));
    for (int i = 0; i < count; i++) {
        double spare;
        double *p = i < TWS_MAX_COMBO_LEGS? &o->order_combo_leg_prices [i]: &spare;
        T (he? twsio_double_he (io, p): twsio_double_u (io, p));
    }
    if (IO_DEC (io)) {
        o->order_combo_legs_count = count;
        o->order_combo_legs_n = count < TWS_MAX_COMBO_LEGS? count: TWS_MAX_COMBO_LEGS;
    }
    return 0;
}

int tws_io_conditions (tws_io_t *io, tws_order_t *o);
int
tws_io_conditions (tws_io_t *io, tws_order_t *o)
{
    int count = IO_DEC (io)? 0: o->conditions_n;
    T (twsio_count (io, &count));
    if (count > 0) {
        for (int i = 0; i < count; i++) {
            tws_condition_t spare;
            T (twsio_order_condition (io, i < TWS_MAX_CONDITIONS? &o->conditions [i]: &spare));
        }
        T (twsio_bool (io, &o->conditions_ignore_rth));
        T (twsio_bool (io, &o->conditions_cancel_order));
    }
    if (IO_DEC (io)) {
        o->conditions_count = count;
        o->conditions_n = count < TWS_MAX_CONDITIONS? count: TWS_MAX_CONDITIONS;
    }
    return 0;
}

static int
s_place_order (tws_io_t *io, tws_place_order_t *m)
{
    tws_contract_t *c = &m->contract;
    tws_order_t *o = &m->order;
    T (twsio_msg_id (io, TWS_OUT_PLACE_ORDER));
    T (twsio_int (io, &m->order_id));
    if (IO_DEC (io))
        o->order_id = m->order_id;
    T (twsio_contract_req (io, c));
    T (IO_STR (io, c->sec_id_type));
    T (IO_STR (io, c->sec_id));
    T (IO_STR (io, o->action));
    T (twsio_dec (io, &o->total_quantity));
    T (IO_STR (io, o->order_type));
    T (twsio_double_he (io, &o->lmt_price));
    T (twsio_double_he (io, &o->aux_price));
    T (IO_STR (io, o->tif));
    T (IO_STR (io, o->oca_group));
    T (IO_STR (io, o->account));
    T (IO_STR (io, o->open_close));
    T (twsio_int (io, &o->origin));
    T (IO_STR (io, o->order_ref));
    T (twsio_bool (io, &o->transmit));
    T (twsio_int (io, &o->parent_id));
    T (twsio_bool (io, &o->block_order));
    T (twsio_bool (io, &o->sweep_to_fill));
    T (twsio_int (io, &o->display_size));
    T (twsio_int (io, &o->trigger_method));
    T (twsio_bool (io, &o->outside_rth));
    T (twsio_bool (io, &o->hidden));
    if (s_is (c->sec_type, "BAG")) {
        T (tws_io_combo_legs_full (io, c));
        T (tws_io_order_combo_legs (io, o, true));
        T (twsio_tag_values (io, &o->smart_combo_routing_params_count,
                          &o->smart_combo_routing_params_n, o->smart_combo_routing_params,
                          TWS_MAX_TAG_VALUES));
    }
    T (twsio_skip (io, ""));                            //  sharesAllocation, deprecated
    //  The official default is the int 0, sent as "0" (not "0.0").
    if (!IO_DEC (io) && o->discretionary_amt == 0)
        T (twsio_skip (io, "0"));
    else
        T (twsio_double (io, &o->discretionary_amt));
    T (IO_STR (io, o->good_after_time));
    T (IO_STR (io, o->good_till_date));
    T (IO_STR (io, o->fa_group));
    T (IO_STR (io, o->fa_method));
    T (IO_STR (io, o->fa_percentage));
    if (io->sv < TWS_SV_FA_PROFILE_DESUPPORT)
        T (twsio_skip (io, ""));                        //  faProfile
    T (IO_STR (io, o->model_code));
    T (twsio_int (io, &o->short_sale_slot));
    T (IO_STR (io, o->designated_location));
    T (twsio_int (io, &o->exempt_code));
    T (twsio_int (io, &o->oca_type));
    T (IO_STR (io, o->rule80a));
    T (IO_STR (io, o->settling_firm));
    T (twsio_bool (io, &o->all_or_none));
    T (twsio_int_he (io, &o->min_qty));
    T (twsio_double_he (io, &o->percent_offset));
    T (twsio_skip (io, "0"));                           //  eTradeOnly
    T (twsio_skip (io, "0"));                           //  firmQuoteOnly
    T (twsio_skip (io, ""));                            //  nbboPriceCap
    T (twsio_int (io, &o->auction_strategy));
    T (twsio_double_he (io, &o->starting_price));
    T (twsio_double_he (io, &o->stock_ref_price));
    T (twsio_double_he (io, &o->delta));
    T (twsio_double_he (io, &o->stock_range_lower));
    T (twsio_double_he (io, &o->stock_range_upper));
    T (twsio_bool (io, &o->override_percentage_constraints));
    T (twsio_double_he (io, &o->volatility));
    T (twsio_int_he (io, &o->volatility_type));
    T (IO_STR (io, o->delta_neutral_order_type));
    T (twsio_double_he (io, &o->delta_neutral_aux_price));
    if (o->delta_neutral_order_type [0]) {
        T (twsio_int (io, &o->delta_neutral_con_id));
        T (IO_STR (io, o->delta_neutral_settling_firm));
        T (IO_STR (io, o->delta_neutral_clearing_account));
        T (IO_STR (io, o->delta_neutral_clearing_intent));
        T (IO_STR (io, o->delta_neutral_open_close));
        T (twsio_bool (io, &o->delta_neutral_short_sale));
        T (twsio_int (io, &o->delta_neutral_short_sale_slot));
        T (IO_STR (io, o->delta_neutral_designated_location));
    }
    T (twsio_bool (io, &o->continuous_update));
    T (twsio_int_he (io, &o->reference_price_type));
    T (twsio_double_he (io, &o->trail_stop_price));
    T (twsio_double_he (io, &o->trailing_percent));
    T (twsio_int_he (io, &o->scale_init_level_size));
    T (twsio_int_he (io, &o->scale_subs_level_size));
    T (twsio_double_he (io, &o->scale_price_increment));
    if (o->scale_price_increment > 0 && o->scale_price_increment != TWS_UNSET_DOUBLE) {
        T (twsio_double_he (io, &o->scale_price_adjust_value));
        T (twsio_int_he (io, &o->scale_price_adjust_interval));
        T (twsio_double_he (io, &o->scale_profit_offset));
        T (twsio_bool (io, &o->scale_auto_reset));
        T (twsio_int_he (io, &o->scale_init_position));
        T (twsio_int_he (io, &o->scale_init_fill_qty));
        T (twsio_bool (io, &o->scale_random_percent));
    }
    T (IO_STR (io, o->scale_table));
    T (IO_STR (io, o->active_start_time));
    T (IO_STR (io, o->active_stop_time));
    T (IO_STR (io, o->hedge_type));
    if (o->hedge_type [0])
        T (IO_STR (io, o->hedge_param));
    T (twsio_bool (io, &o->opt_out_smart_routing));
    T (IO_STR (io, o->clearing_account));
    T (IO_STR (io, o->clearing_intent));
    T (twsio_bool (io, &o->not_held));
    tws_delta_neutral_t *dn = &c->delta_neutral;
    T (twsio_bool (io, &dn->present));
    if (dn->present) {
        T (twsio_int (io, &dn->con_id));
        T (twsio_double (io, &dn->delta));
        T (twsio_double (io, &dn->price));
    }
    T (IO_STR (io, o->algo_strategy));
    if (o->algo_strategy [0])
        T (twsio_tag_values (io, &o->algo_params_count, &o->algo_params_n, o->algo_params,
                          TWS_MAX_TAG_VALUES));
    T (IO_STR (io, o->algo_id));
    T (twsio_bool (io, &o->what_if));
    T (IO_STR (io, o->order_misc_options));
    T (twsio_bool (io, &o->solicited));
    T (twsio_bool (io, &o->randomize_size));
    T (twsio_bool (io, &o->randomize_price));
    if (tws_is_peg_bench (o->order_type)) {
        T (twsio_int (io, &o->reference_contract_id));
        T (twsio_bool (io, &o->is_pegged_change_amount_decrease));
        T (twsio_double (io, &o->pegged_change_amount));
        T (twsio_double (io, &o->reference_change_amount));
        T (IO_STR (io, o->reference_exchange_id));
    }
    T (tws_io_conditions (io, o));
    T (IO_STR (io, o->adjusted_order_type));
    T (twsio_double_u (io, &o->trigger_price));
    T (twsio_double_u (io, &o->lmt_price_offset));
    T (twsio_double_u (io, &o->adjusted_stop_price));
    T (twsio_double_u (io, &o->adjusted_stop_limit_price));
    T (twsio_double_u (io, &o->adjusted_trailing_amount));
    T (twsio_int (io, &o->adjustable_trailing_unit));
    T (IO_STR (io, o->ext_operator));
    T (IO_STR (io, o->soft_dollar_tier_name));
    T (IO_STR (io, o->soft_dollar_tier_value));
    T (twsio_double_u (io, &o->cash_qty));
    T (IO_STR (io, o->mifid2_decision_maker));
    T (IO_STR (io, o->mifid2_decision_algo));
    T (IO_STR (io, o->mifid2_execution_trader));
    T (IO_STR (io, o->mifid2_execution_algo));
    T (twsio_bool (io, &o->dont_use_auto_price_for_hedge));
    T (twsio_bool (io, &o->is_oms_container));
    T (twsio_bool (io, &o->discretionary_up_to_limit_price));
    T (twsio_int_he (io, &o->use_price_mgmt_algo));
    T (twsio_int_u (io, &o->duration));                 //  >= 158: always in range
    T (twsio_int_u (io, &o->post_to_ats));              //  >= 160
    if (io->sv >= TWS_SV_AUTO_CANCEL_PARENT)
        T (twsio_bool (io, &o->auto_cancel_parent));
    if (io->sv >= TWS_SV_ADVANCED_ORDER_REJECT)
        T (IO_STR (io, o->advanced_error_override));
    if (io->sv >= TWS_SV_MANUAL_ORDER_TIME)
        T (IO_STR (io, o->manual_order_time));
    if (io->sv >= TWS_SV_PEGBEST_PEGMID_OFFSETS) {
        bool send_mid = false;
        if (s_is (c->exchange, "IBKRATS"))
            T (twsio_int_he (io, &o->min_trade_qty));
        if (s_is (o->order_type, "PEG BEST")) {
            T (twsio_int_he (io, &o->min_compete_size));
            T (twsio_double_he (io, &o->compete_against_best_offset));
            //  COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID is +infinity upstream
            send_mid = o->compete_against_best_offset == INFINITY;
        }
        else
        if (s_is (o->order_type, "PEG MID"))
            send_mid = true;
        if (send_mid) {
            T (twsio_double_he (io, &o->mid_offset_at_whole));
            T (twsio_double_he (io, &o->mid_offset_at_half));
        }
    }
    if (io->sv >= TWS_SV_CUSTOMER_ACCOUNT)
        T (IO_STR (io, o->customer_account));
    if (io->sv >= TWS_SV_PROFESSIONAL_CUSTOMER)
        T (twsio_bool (io, &o->professional_customer));
    if (io->sv >= TWS_SV_RFQ_FIELDS && io->sv < TWS_SV_UNDO_RFQ_FIELDS) {
        T (twsio_skip (io, ""));
        T (twsio_skip (io, "2147483647"));
    }
    if (io->sv >= TWS_SV_INCLUDE_OVERNIGHT)
        T (twsio_bool (io, &o->include_overnight));
    if (io->sv >= TWS_SV_CME_TAGGING_FIELDS)
        T (twsio_int_u (io, &o->manual_order_indicator));
    if (io->sv >= TWS_SV_IMBALANCE_ONLY)
        T (twsio_bool (io, &o->imbalance_only));
    return 0;
}
TWS_IO_PAIR (place_order, false,
    (TWS_ZERO (m), tws_contract_init (&m->contract), tws_order_init (&m->order)))

static int
s_cancel_order (tws_io_t *io, tws_cancel_order_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_CANCEL_ORDER));
    if (io->sv < TWS_SV_CME_TAGGING_FIELDS)
        T (twsio_skip (io, "1"));
    T (twsio_int (io, &m->order_id));
    T (IO_STR (io, m->manual_order_cancel_time));    //  >= 169
    if (io->sv >= TWS_SV_RFQ_FIELDS && io->sv < TWS_SV_UNDO_RFQ_FIELDS) {
        T (twsio_skip (io, ""));
        T (twsio_skip (io, ""));
        T (twsio_skip (io, "2147483647"));
    }
    if (io->sv >= TWS_SV_CME_TAGGING_FIELDS) {
        T (IO_STR (io, m->ext_operator));
        T (twsio_int_u (io, &m->manual_order_indicator));
    }
    return 0;
}
TWS_IO_PAIR (cancel_order, false, tws_cancel_order_init (m))

static int
s_req_global_cancel (tws_io_t *io, tws_req_global_cancel_t *m)
{
    T (twsio_msg_id (io, TWS_OUT_REQ_GLOBAL_CANCEL));
    if (io->sv < TWS_SV_CME_TAGGING_FIELDS)
        return twsio_skip (io, "1");
    T (IO_STR (io, m->ext_operator));
    return twsio_int_u (io, &m->manual_order_indicator);
}
TWS_IO_PAIR (req_global_cancel, false, tws_req_global_cancel_init (m))
