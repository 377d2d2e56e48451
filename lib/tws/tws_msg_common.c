/*  tws_msg_common.c - message id peek, version range, struct defaults. */
#include "tws_io.h"

#include <string.h>

bool
tws_server_version_supported (int server_version)
{
    return server_version >= TWS_MIN_SERVER_VERSION
        && server_version <= TWS_MAX_SERVER_VERSION;
}

static int
s_parse_id (const char *s, size_t len, int *id)
{
    if (len == 0 || len > 9)
        return RT_EINVAL;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s [i] < '0' || s [i] > '9')
            return RT_EINVAL;
        v = v * 10 + (s [i] - '0');
    }
    *id = v;
    return 0;
}

int
tws_msg_id_peek (const void *payload, size_t len, int *id)
{
    const char *p = (const char *) payload;
    const char *nul = len? (const char *) memchr (p, 0, len): NULL;
    if (!nul)
        return RT_ETRUNC;
    return s_parse_id (p, (size_t) (nul - p), id);
}

int
tws_msg_id_read (tws_reader_t *r, int *id)
{
    const char *s;
    size_t len;
    int rc = tws_read_field (r, &s, &len);
    if (rc)
        return rc;
    return s_parse_id (s, len, id);
}

void
tws_contract_init (tws_contract_t *c)
{
    memset (c, 0, sizeof *c);
    c->strike = TWS_UNSET_DOUBLE;
}

void
tws_order_init (tws_order_t *o)
{
    //  Defaults of the official Order class: what an untouched field sends.
    memset (o, 0, sizeof *o);
    o->total_quantity = TWS_UNSET_DECIMAL;
    o->lmt_price = TWS_UNSET_DOUBLE;
    o->aux_price = TWS_UNSET_DOUBLE;
    o->transmit = true;
    o->exempt_code = -1;
    o->min_qty = TWS_UNSET_INTEGER;
    o->percent_offset = TWS_UNSET_DOUBLE;
    o->starting_price = TWS_UNSET_DOUBLE;
    o->stock_ref_price = TWS_UNSET_DOUBLE;
    o->delta = TWS_UNSET_DOUBLE;
    o->stock_range_lower = TWS_UNSET_DOUBLE;
    o->stock_range_upper = TWS_UNSET_DOUBLE;
    o->volatility = TWS_UNSET_DOUBLE;
    o->volatility_type = TWS_UNSET_INTEGER;
    o->delta_neutral_aux_price = TWS_UNSET_DOUBLE;
    o->reference_price_type = TWS_UNSET_INTEGER;
    o->trail_stop_price = TWS_UNSET_DOUBLE;
    o->trailing_percent = TWS_UNSET_DOUBLE;
    o->basis_points = TWS_UNSET_DOUBLE;
    o->basis_points_type = TWS_UNSET_INTEGER;
    o->scale_init_level_size = TWS_UNSET_INTEGER;
    o->scale_subs_level_size = TWS_UNSET_INTEGER;
    o->scale_price_increment = TWS_UNSET_DOUBLE;
    o->scale_price_adjust_value = TWS_UNSET_DOUBLE;
    o->scale_price_adjust_interval = TWS_UNSET_INTEGER;
    o->scale_profit_offset = TWS_UNSET_DOUBLE;
    o->scale_init_position = TWS_UNSET_INTEGER;
    o->scale_init_fill_qty = TWS_UNSET_INTEGER;
    o->trigger_price = TWS_UNSET_DOUBLE;
    o->lmt_price_offset = TWS_UNSET_DOUBLE;
    o->adjusted_stop_price = TWS_UNSET_DOUBLE;
    o->adjusted_stop_limit_price = TWS_UNSET_DOUBLE;
    o->adjusted_trailing_amount = TWS_UNSET_DOUBLE;
    o->cash_qty = TWS_UNSET_DOUBLE;
    o->use_price_mgmt_algo = TWS_UNSET_INTEGER;
    o->duration = TWS_UNSET_INTEGER;
    o->post_to_ats = TWS_UNSET_INTEGER;
    o->min_trade_qty = TWS_UNSET_INTEGER;
    o->min_compete_size = TWS_UNSET_INTEGER;
    o->compete_against_best_offset = TWS_UNSET_DOUBLE;
    o->mid_offset_at_whole = TWS_UNSET_DOUBLE;
    o->mid_offset_at_half = TWS_UNSET_DOUBLE;
    o->manual_order_indicator = TWS_UNSET_INTEGER;
    o->filled_quantity = TWS_UNSET_DECIMAL;
    o->parent_perm_id = TWS_UNSET_LONG;
    o->ref_futures_con_id = TWS_UNSET_INTEGER;
}

void
tws_order_state_init (tws_order_state_t *s)
{
    memset (s, 0, sizeof *s);
    s->commission = TWS_UNSET_DOUBLE;
    s->min_commission = TWS_UNSET_DOUBLE;
    s->max_commission = TWS_UNSET_DOUBLE;
    s->init_margin_before_outside_rth = TWS_UNSET_DOUBLE;
    s->maint_margin_before_outside_rth = TWS_UNSET_DOUBLE;
    s->equity_with_loan_before_outside_rth = TWS_UNSET_DOUBLE;
    s->init_margin_change_outside_rth = TWS_UNSET_DOUBLE;
    s->maint_margin_change_outside_rth = TWS_UNSET_DOUBLE;
    s->equity_with_loan_change_outside_rth = TWS_UNSET_DOUBLE;
    s->init_margin_after_outside_rth = TWS_UNSET_DOUBLE;
    s->maint_margin_after_outside_rth = TWS_UNSET_DOUBLE;
    s->equity_with_loan_after_outside_rth = TWS_UNSET_DOUBLE;
    s->suggested_size = TWS_UNSET_DECIMAL;
}

void
tws_cancel_order_init (tws_cancel_order_t *m)
{
    memset (m, 0, sizeof *m);
    m->manual_order_indicator = TWS_UNSET_INTEGER;
}

void
tws_req_executions_init (tws_req_executions_t *m)
{
    memset (m, 0, sizeof *m);
    m->last_n_days = TWS_UNSET_INTEGER;
}

void
tws_req_global_cancel_init (tws_req_global_cancel_t *m)
{
    memset (m, 0, sizeof *m);
    m->manual_order_indicator = TWS_UNSET_INTEGER;
}

void
tws_contract_data_init (tws_contract_data_t *m)
{
    memset (m, 0, sizeof *m);
    tws_contract_init (&m->contract);
    m->min_size = TWS_UNSET_DECIMAL;
    m->size_increment = TWS_UNSET_DECIMAL;
    m->suggested_size_increment = TWS_UNSET_DECIMAL;
    m->agg_group = TWS_UNSET_INTEGER;
}
