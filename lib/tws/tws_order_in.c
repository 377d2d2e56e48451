/*  tws_order_in.c - openOrder and completedOrder (server -> client).

    Both share the official OrderDecoder steps; `open` selects the openOrder-only fields.
    Every variable-length section is walked even when we do not keep its content: a walk
    that skips one (the 195 preview block, say) goes out of step for the rest of the message
    (rust-ibapi #421).
*/
#include "tws_io.h"

//  A boolean kept in an int that may be UNSET (usePriceMgmtAlgo).
static int
s_bool_int (tws_io_t *io, int *v)
{
    bool b = *v == 1;
    T (twsio_bool (io, &b));
    if (IO_DEC (io))
        *v = b;
    return 0;
}

//  From action to solicited: the part both messages share, with open-only fields between.
static int
s_order_common (tws_io_t *io, tws_contract_t *c, tws_order_t *o, bool open)
{
    twsio_order_form_t form = open? TWSIO_OPEN: TWSIO_COMPLETED;
    T (twsio_order_head (io, o, form));
    if (open)
        T (twsio_int (io, &o->client_id));
    T (twsio_perm_id (io, &o->perm_id));
    T (twsio_bool (io, &o->outside_rth));
    T (twsio_bool (io, &o->hidden));
    T (twsio_double (io, &o->discretionary_amt));
    T (IO_STR (io, o->good_after_time));
    if (open)
        T (twsio_skip (io, ""));                        //  sharesAllocation
    T (twsio_order_fa (io, o));
    T (IO_STR (io, o->good_till_date));
    T (IO_STR (io, o->rule80a));
    T (twsio_double_u (io, &o->percent_offset));
    T (IO_STR (io, o->settling_firm));
    T (twsio_int (io, &o->short_sale_slot));
    T (IO_STR (io, o->designated_location));
    T (twsio_int (io, &o->exempt_code));
    if (open)
        T (twsio_int (io, &o->auction_strategy));
    T (twsio_order_stock_range (io, o, form));
    T (twsio_int_u (io, &o->display_size));
    if (open)
        T (twsio_bool (io, &o->block_order));
    T (twsio_bool (io, &o->sweep_to_fill));
    T (twsio_bool (io, &o->all_or_none));
    T (twsio_int_u (io, &o->min_qty));
    T (twsio_int (io, &o->oca_type));
    if (open) {
        T (twsio_skip (io, "0"));                       //  eTradeOnly
        T (twsio_skip (io, "0"));                       //  firmQuoteOnly
        T (twsio_skip (io, "1.7976931348623157E308"));  //  nbboPriceCap
        T (twsio_int (io, &o->parent_id));
    }
    T (twsio_int (io, &o->trigger_method));
    T (twsio_order_volatility (io, o, form));
    if (open) {
        T (twsio_double_u (io, &o->basis_points));
        T (twsio_int_u (io, &o->basis_points_type));
    }
    T (IO_STR (io, c->combo_legs_descrip));
    T (twsio_order_combo (io, c, o, form));
    T (twsio_order_scale (io, o, form));
    T (twsio_order_hedge_to_algo (io, c, o, form));
    return twsio_bool (io, &o->solicited);
}

static int
s_peg_best_mid (tws_io_t *io, tws_order_t *o)
{
    if (io->sv < TWS_SV_PEGBEST_PEGMID_OFFSETS)
        return 0;
    T (twsio_int_u (io, &o->min_trade_qty));
    T (twsio_int_u (io, &o->min_compete_size));
    T (twsio_double_u (io, &o->compete_against_best_offset));
    T (twsio_double_u (io, &o->mid_offset_at_whole));
    return twsio_double_u (io, &o->mid_offset_at_half);
}

//  whatIf, the order state and (>= 195) the full preview block.
static int
s_what_if_and_state (tws_io_t *io, tws_order_t *o, tws_order_state_t *s)
{
    T (twsio_bool (io, &o->what_if));
    T (IO_STR (io, s->status));
    T (IO_STR (io, s->init_margin_before));
    T (IO_STR (io, s->maint_margin_before));
    T (IO_STR (io, s->equity_with_loan_before));
    T (IO_STR (io, s->init_margin_change));
    T (IO_STR (io, s->maint_margin_change));
    T (IO_STR (io, s->equity_with_loan_change));
    T (IO_STR (io, s->init_margin_after));
    T (IO_STR (io, s->maint_margin_after));
    T (IO_STR (io, s->equity_with_loan_after));
    T (twsio_double_u (io, &s->commission));
    T (twsio_double_u (io, &s->min_commission));
    T (twsio_double_u (io, &s->max_commission));
    T (IO_STR (io, s->commission_currency));
    if (io->sv >= TWS_SV_FULL_ORDER_PREVIEW_FIELDS) {
        T (IO_STR (io, s->margin_currency));
        T (twsio_double_u (io, &s->init_margin_before_outside_rth));
        T (twsio_double_u (io, &s->maint_margin_before_outside_rth));
        T (twsio_double_u (io, &s->equity_with_loan_before_outside_rth));
        T (twsio_double_u (io, &s->init_margin_change_outside_rth));
        T (twsio_double_u (io, &s->maint_margin_change_outside_rth));
        T (twsio_double_u (io, &s->equity_with_loan_change_outside_rth));
        T (twsio_double_u (io, &s->init_margin_after_outside_rth));
        T (twsio_double_u (io, &s->maint_margin_after_outside_rth));
        T (twsio_double_u (io, &s->equity_with_loan_after_outside_rth));
        T (twsio_dec (io, &s->suggested_size));
        T (IO_STR (io, s->reject_reason));
        int count = IO_DEC (io)? 0: s->allocations_n;
        T (twsio_count (io, &count));
        for (int i = 0; i < count; i++) {
            tws_order_allocation_t spare;
            tws_order_allocation_t *a = i < TWS_MAX_ALLOCATIONS? &s->allocations [i]: &spare;
            T (IO_STR (io, a->account));
            T (twsio_dec (io, &a->position));
            T (twsio_dec (io, &a->position_desired));
            T (twsio_dec (io, &a->position_after));
            T (twsio_dec (io, &a->desired_alloc_qty));
            T (twsio_dec (io, &a->allowed_alloc_qty));
            T (twsio_bool (io, &a->is_monetary));
        }
        if (IO_DEC (io)) {
            s->allocations_count = count;
            s->allocations_n = count < TWS_MAX_ALLOCATIONS? count: TWS_MAX_ALLOCATIONS;
        }
    }
    return IO_STR (io, s->warning_text);
}

static int
s_open_order (tws_io_t *io, tws_open_order_t *m)
{
    tws_contract_t *c = &m->contract;
    tws_order_t *o = &m->order;
    T (twsio_msg_id (io, TWS_IN_OPEN_ORDER));
    T (twsio_int (io, &m->order_id));
    if (IO_DEC (io))
        o->order_id = m->order_id;
    T (twsio_contract_order (io, c));
    T (s_order_common (io, c, o, true));
    T (s_what_if_and_state (io, o, &m->state));
    T (twsio_order_peg_bench_conditions (io, o));
    T (IO_STR (io, o->adjusted_order_type));
    T (twsio_double (io, &o->trigger_price));
    T (twsio_double (io, &o->trail_stop_price));
    T (twsio_double (io, &o->lmt_price_offset));
    T (twsio_double (io, &o->adjusted_stop_price));
    T (twsio_double (io, &o->adjusted_stop_limit_price));
    T (twsio_double (io, &o->adjusted_trailing_amount));
    T (twsio_int (io, &o->adjustable_trailing_unit));
    T (IO_STR (io, o->soft_dollar_tier_name));
    T (IO_STR (io, o->soft_dollar_tier_value));
    T (IO_STR (io, o->soft_dollar_tier_display_name));
    T (twsio_double (io, &o->cash_qty));
    T (twsio_bool (io, &o->dont_use_auto_price_for_hedge));
    T (twsio_bool (io, &o->is_oms_container));
    T (twsio_bool (io, &o->discretionary_up_to_limit_price));
    T (s_bool_int (io, &o->use_price_mgmt_algo));
    T (twsio_int_u (io, &o->duration));
    T (twsio_int_u (io, &o->post_to_ats));
    if (io->sv >= TWS_SV_AUTO_CANCEL_PARENT)
        T (twsio_bool (io, &o->auto_cancel_parent));
    T (s_peg_best_mid (io, o));
    T (twsio_order_customer (io, o));
    if (io->sv >= TWS_SV_BOND_ACCRUED_INTEREST)
        T (IO_STR (io, o->bond_accrued_interest));
    if (io->sv >= TWS_SV_INCLUDE_OVERNIGHT)
        T (twsio_bool (io, &o->include_overnight));
    if (io->sv >= TWS_SV_CME_TAGGING_FIELDS_IN_OPEN_ORDER) {
        T (IO_STR (io, o->ext_operator));
        T (twsio_int_u (io, &o->manual_order_indicator));
    }
    if (io->sv >= TWS_SV_SUBMITTER)
        T (IO_STR (io, o->submitter));
    if (io->sv >= TWS_SV_IMBALANCE_ONLY)
        T (twsio_bool (io, &o->imbalance_only));
    return 0;
}
TWS_IO_PAIR (open_order, true,
    (TWS_ZERO (m), tws_contract_init (&m->contract), tws_order_init (&m->order),
     tws_order_state_init (&m->state)))

static int
s_completed_order (tws_io_t *io, tws_completed_order_t *m)
{
    tws_contract_t *c = &m->contract;
    tws_order_t *o = &m->order;
    T (twsio_msg_id (io, TWS_IN_COMPLETED_ORDER));
    T (twsio_contract_order (io, c));
    T (s_order_common (io, c, o, false));
    T (IO_STR (io, m->state.status));
    T (twsio_order_peg_bench_conditions (io, o));
    T (twsio_double (io, &o->trail_stop_price));
    T (twsio_double (io, &o->lmt_price_offset));
    T (twsio_double (io, &o->cash_qty));
    T (twsio_bool (io, &o->dont_use_auto_price_for_hedge));
    T (twsio_bool (io, &o->is_oms_container));
    T (IO_STR (io, o->auto_cancel_date));
    T (twsio_dec (io, &o->filled_quantity));
    T (twsio_int (io, &o->ref_futures_con_id));
    T (twsio_bool (io, &o->auto_cancel_parent));
    T (IO_STR (io, o->shareholder));
    T (twsio_bool (io, &o->imbalance_only));
    T (twsio_bool (io, &o->route_marketable_to_bbo));
    T (twsio_long (io, &o->parent_perm_id));
    T (IO_STR (io, m->state.completed_time));
    T (IO_STR (io, m->state.completed_status));
    T (s_peg_best_mid (io, o));
    T (twsio_order_customer (io, o));
    if (io->sv >= TWS_SV_SUBMITTER)
        T (IO_STR (io, o->submitter));
    return 0;
}
TWS_IO_PAIR (completed_order, true,
    (TWS_ZERO (m), tws_contract_init (&m->contract), tws_order_init (&m->order),
     tws_order_state_init (&m->state)))

static int
s_order_status (tws_io_t *io, tws_order_status_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ORDER_STATUS));
    T (twsio_int (io, &m->order_id));
    T (IO_STR (io, m->status));
    T (twsio_dec (io, &m->filled));
    T (twsio_dec (io, &m->remaining));
    T (twsio_double (io, &m->avg_fill_price));
    T (twsio_perm_id (io, &m->perm_id));
    T (twsio_int (io, &m->parent_id));
    T (twsio_double (io, &m->last_fill_price));
    T (twsio_int (io, &m->client_id));
    T (IO_STR (io, m->why_held));
    return twsio_double (io, &m->mkt_cap_price);
}
TWS_IO_PAIR (order_status, true, TWS_ZERO (m))

static int
s_exec_details (tws_io_t *io, tws_exec_details_t *m)
{
    tws_execution_t *e = &m->execution;
    T (twsio_msg_id (io, TWS_IN_EXECUTION_DATA));
    T (twsio_int (io, &m->req_id));
    T (twsio_int (io, &m->order_id));
    T (twsio_contract_order (io, &m->contract));
    T (IO_STR (io, e->exec_id));
    T (IO_STR (io, e->time));
    T (IO_STR (io, e->acct_number));
    T (IO_STR (io, e->exchange));
    T (IO_STR (io, e->side));
    T (twsio_dec (io, &e->shares));
    T (twsio_double (io, &e->price));
    T (twsio_perm_id (io, &e->perm_id));
    T (twsio_int (io, &e->client_id));
    T (twsio_int (io, &e->liquidation));
    T (twsio_dec (io, &e->cum_qty));
    T (twsio_double (io, &e->avg_price));
    T (IO_STR (io, e->order_ref));
    T (IO_STR (io, e->ev_rule));
    T (twsio_double (io, &e->ev_multiplier));
    T (IO_STR (io, e->model_code));
    T (twsio_int (io, &e->last_liquidity));
    if (io->sv >= TWS_SV_PENDING_PRICE_REVISION)
        T (twsio_bool (io, &e->pending_price_revision));
    if (io->sv >= TWS_SV_SUBMITTER)
        T (IO_STR (io, e->submitter));
    return 0;
}
TWS_IO_PAIR (exec_details, true, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_exec_details_end (tws_io_t *io, tws_exec_details_end_t *m)
{
    T (twsio_msg_id (io, TWS_IN_EXECUTION_DATA_END));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (exec_details_end, true, TWS_ZERO (m))

static int
s_commission_report (tws_io_t *io, tws_commission_report_t *m)
{
    T (twsio_msg_id (io, TWS_IN_COMMISSION_REPORT));
    T (twsio_skip (io, "1"));
    T (IO_STR (io, m->exec_id));
    T (twsio_double (io, &m->commission));
    T (IO_STR (io, m->currency));
    T (twsio_double (io, &m->realized_pnl));
    T (twsio_double (io, &m->yield));
    return twsio_int (io, &m->yield_redemption_date);
}
TWS_IO_PAIR (commission_report, true, TWS_ZERO (m))

static int
s_open_order_end (tws_io_t *io, tws_open_order_end_t *m)
{
    (void) m;
    T (twsio_msg_id (io, TWS_IN_OPEN_ORDER_END));
    return twsio_skip (io, "1");
}
TWS_IO_PAIR (open_order_end, true, TWS_ZERO (m))

static int
s_completed_orders_end (tws_io_t *io, tws_completed_orders_end_t *m)
{
    (void) m;
    return twsio_msg_id (io, TWS_IN_COMPLETED_ORDERS_END);
}
TWS_IO_PAIR (completed_orders_end, true, TWS_ZERO (m))
