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
    T (twsio_order_head (io, o, TWSIO_PLACE));
    T (twsio_bool (io, &o->transmit));
    T (twsio_int (io, &o->parent_id));
    T (twsio_bool (io, &o->block_order));
    T (twsio_bool (io, &o->sweep_to_fill));
    T (twsio_int (io, &o->display_size));
    T (twsio_int (io, &o->trigger_method));
    T (twsio_bool (io, &o->outside_rth));
    T (twsio_bool (io, &o->hidden));
    if (s_is (c->sec_type, "BAG"))
        T (twsio_order_combo (io, c, o, TWSIO_PLACE));
    T (twsio_skip (io, ""));                            //  sharesAllocation, deprecated
    //  The official default is the int 0, sent as "0" (not "0.0").
    if (!IO_DEC (io) && o->discretionary_amt == 0)
        T (twsio_skip (io, "0"));
    else
        T (twsio_double (io, &o->discretionary_amt));
    T (IO_STR (io, o->good_after_time));
    T (IO_STR (io, o->good_till_date));
    T (twsio_order_fa (io, o));
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
    T (twsio_order_stock_range (io, o, TWSIO_PLACE));
    T (twsio_bool (io, &o->override_percentage_constraints));
    T (twsio_order_volatility (io, o, TWSIO_PLACE));
    T (twsio_order_scale (io, o, TWSIO_PLACE));
    T (IO_STR (io, o->scale_table));
    T (IO_STR (io, o->active_start_time));
    T (IO_STR (io, o->active_stop_time));
    T (twsio_order_hedge_to_algo (io, c, o, TWSIO_PLACE));
    T (IO_STR (io, o->algo_id));
    T (twsio_bool (io, &o->what_if));
    T (IO_STR (io, o->order_misc_options));
    T (twsio_bool (io, &o->solicited));
    T (twsio_order_peg_bench_conditions (io, o));
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
    T (twsio_order_customer (io, o));
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
