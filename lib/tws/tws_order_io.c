/*  tws_order_io.c - order sections shared by placeOrder, openOrder and completedOrder.

    The official client writes these sections in the same field order in both directions;
    only the form differs: placeOrder writes unset numbers as "" (handle empty) where the
    order decoder reads them back with SHOW_UNSET, and a few fields exist in placeOrder and
    openOrder but not in completedOrder. One walker per section keeps the three messages
    from drifting apart. Sections whose order differs between messages stay in their files.
*/
#include "tws_io.h"

static bool
s_is (const char *a, const char *b)
{
    return strcmp (a, b) == 0;
}

//  A double that placeOrder writes "handle empty" and the order decoder reads SHOW_UNSET.
static int
s_dbl (tws_io_t *io, double *v, twsio_order_form_t form)
{
    return form == TWSIO_PLACE? twsio_double_he (io, v): twsio_double_u (io, v);
}

//  Likewise for an int the order decoder reads SHOW_UNSET.
static int
s_int_u (tws_io_t *io, int *v, twsio_order_form_t form)
{
    return form == TWSIO_PLACE? twsio_int_he (io, v): twsio_int_u (io, v);
}

//  An int the order decoder reads plain (empty -> 0).
static int
s_int (tws_io_t *io, int *v, twsio_order_form_t form)
{
    return form == TWSIO_PLACE? twsio_int_he (io, v): twsio_int (io, v);
}

bool
tws_is_peg_bench (const char *order_type)
{
    return s_is (order_type, "PEG BENCH") || s_is (order_type, "PEGBENCH");
}

//  The 8-field combo legs of placeOrder and openOrder/completedOrder.
int
twsio_combo_legs_full (tws_io_t *io, tws_contract_t *c)
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

//  Contract combo legs, order combo leg prices, smart combo routing params.
int
twsio_order_combo (tws_io_t *io, tws_contract_t *c, tws_order_t *o, twsio_order_form_t form)
{
    T (twsio_combo_legs_full (io, c));
    int count = IO_DEC (io)? 0: o->order_combo_legs_n;
    T (twsio_count (io, &count));
    for (int i = 0; i < count; i++) {
        double spare;
        T (s_dbl (io, i < TWS_MAX_COMBO_LEGS? &o->order_combo_leg_prices [i]: &spare, form));
    }
    if (IO_DEC (io)) {
        o->order_combo_legs_count = count;
        o->order_combo_legs_n = count < TWS_MAX_COMBO_LEGS? count: TWS_MAX_COMBO_LEGS;
    }
    return twsio_tag_values (io, &o->smart_combo_routing_params_count,
                             &o->smart_combo_routing_params_n, o->smart_combo_routing_params,
                             TWS_MAX_TAG_VALUES);
}

//  From action to orderRef.
int
twsio_order_head (tws_io_t *io, tws_order_t *o, twsio_order_form_t form)
{
    T (IO_STR (io, o->action));
    T (twsio_dec (io, &o->total_quantity));
    T (IO_STR (io, o->order_type));
    T (s_dbl (io, &o->lmt_price, form));
    T (s_dbl (io, &o->aux_price, form));
    T (IO_STR (io, o->tif));
    T (IO_STR (io, o->oca_group));
    T (IO_STR (io, o->account));
    T (IO_STR (io, o->open_close));
    T (twsio_int (io, &o->origin));
    return IO_STR (io, o->order_ref);
}

//  Financial-advisor fields and the model code.
int
twsio_order_fa (tws_io_t *io, tws_order_t *o)
{
    T (IO_STR (io, o->fa_group));
    T (IO_STR (io, o->fa_method));
    T (IO_STR (io, o->fa_percentage));
    if (io->sv < TWS_SV_FA_PROFILE_DESUPPORT)
        T (twsio_skip (io, ""));                        //  faProfile
    return IO_STR (io, o->model_code);
}

//  Box/volatility order prices: startingPrice .. stockRangeUpper.
int
twsio_order_stock_range (tws_io_t *io, tws_order_t *o, twsio_order_form_t form)
{
    T (s_dbl (io, &o->starting_price, form));
    T (s_dbl (io, &o->stock_ref_price, form));
    T (s_dbl (io, &o->delta, form));
    T (s_dbl (io, &o->stock_range_lower, form));
    return s_dbl (io, &o->stock_range_upper, form);
}

//  Volatility order parameters with the delta-neutral order, up to trailingPercent.
int
twsio_order_volatility (tws_io_t *io, tws_order_t *o, twsio_order_form_t form)
{
    T (s_dbl (io, &o->volatility, form));
    T (s_int (io, &o->volatility_type, form));
    T (IO_STR (io, o->delta_neutral_order_type));
    T (s_dbl (io, &o->delta_neutral_aux_price, form));
    if (o->delta_neutral_order_type [0]) {
        T (twsio_int (io, &o->delta_neutral_con_id));
        if (form != TWSIO_COMPLETED) {
            T (IO_STR (io, o->delta_neutral_settling_firm));
            T (IO_STR (io, o->delta_neutral_clearing_account));
            T (IO_STR (io, o->delta_neutral_clearing_intent));
            T (IO_STR (io, o->delta_neutral_open_close));
        }
        T (twsio_bool (io, &o->delta_neutral_short_sale));
        T (twsio_int (io, &o->delta_neutral_short_sale_slot));
        T (IO_STR (io, o->delta_neutral_designated_location));
    }
    T (twsio_bool (io, &o->continuous_update));
    T (s_int (io, &o->reference_price_type, form));
    T (s_dbl (io, &o->trail_stop_price, form));
    return s_dbl (io, &o->trailing_percent, form);
}

//  Scale order parameters; the detail only when a price increment is set.
int
twsio_order_scale (tws_io_t *io, tws_order_t *o, twsio_order_form_t form)
{
    T (s_int_u (io, &o->scale_init_level_size, form));
    T (s_int_u (io, &o->scale_subs_level_size, form));
    T (s_dbl (io, &o->scale_price_increment, form));
    if (o->scale_price_increment > 0 && o->scale_price_increment != TWS_UNSET_DOUBLE) {
        T (s_dbl (io, &o->scale_price_adjust_value, form));
        T (s_int_u (io, &o->scale_price_adjust_interval, form));
        T (s_dbl (io, &o->scale_profit_offset, form));
        T (twsio_bool (io, &o->scale_auto_reset));
        T (s_int_u (io, &o->scale_init_position, form));
        T (s_int_u (io, &o->scale_init_fill_qty, form));
        T (twsio_bool (io, &o->scale_random_percent));
    }
    return 0;
}

//  Hedge, clearing, notHeld, the contract's delta-neutral block and the algo.
int
twsio_order_hedge_to_algo (tws_io_t *io, tws_contract_t *c, tws_order_t *o,
                           twsio_order_form_t form)
{
    T (IO_STR (io, o->hedge_type));
    if (o->hedge_type [0])
        T (IO_STR (io, o->hedge_param));
    if (form != TWSIO_COMPLETED)
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
    return 0;
}

//  randomizeSize/Price, the PEG BENCH fields and the conditions.
int
twsio_order_peg_bench_conditions (tws_io_t *io, tws_order_t *o)
{
    T (twsio_bool (io, &o->randomize_size));
    T (twsio_bool (io, &o->randomize_price));
    if (tws_is_peg_bench (o->order_type)) {
        T (twsio_int (io, &o->reference_contract_id));
        T (twsio_bool (io, &o->is_pegged_change_amount_decrease));
        T (twsio_double (io, &o->pegged_change_amount));
        T (twsio_double (io, &o->reference_change_amount));
        T (IO_STR (io, o->reference_exchange_id));
    }
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

//  customerAccount and professionalCustomer, each behind its version.
int
twsio_order_customer (tws_io_t *io, tws_order_t *o)
{
    if (io->sv >= TWS_SV_CUSTOMER_ACCOUNT)
        T (IO_STR (io, o->customer_account));
    if (io->sv >= TWS_SV_PROFESSIONAL_CUSTOMER)
        T (twsio_bool (io, &o->professional_customer));
    return 0;
}
