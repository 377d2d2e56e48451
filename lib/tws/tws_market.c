/*  tws_market.c - market data: ticks, bars, historical data, contract details.

    The four tick decoders are the gateway's hot path: one pass over the fields, straight
    into the struct, no allocation and no copy except tickString's value.
*/
#include "tws_io.h"

//  ---------------------------------------------------------------------------------------
//  Ticks (hand-written: hot path)

#define S_CHECK_SV(sv) do { if (!tws_server_version_supported (sv)) return RT_EVERSION; } while (0)
#define S_RD(x) do { int rc_ = (x); if (rc_) return rc_; } while (0)

int
tws_tick_price_encode (tws_writer_t *w, int server_version, const tws_tick_price_t *m)
{
    S_CHECK_SV (server_version);
    tws_write_int (w, TWS_IN_TICK_PRICE);
    tws_write_int (w, TWS_TICK_MSG_VERSION);
    tws_write_int (w, m->req_id);
    tws_write_int (w, m->tick_type);
    tws_write_double (w, m->price);
    tws_write_decimal (w, m->size);
    tws_write_int (w, m->attr_mask);
    return w->err;
}

int
tws_tick_price_decode (tws_reader_t *r, int server_version, tws_tick_price_t *m)
{
    S_CHECK_SV (server_version);
    S_RD (tws_skip (r, 1));                          //  version, ignored upstream too
    S_RD (tws_read_int (r, &m->req_id));
    S_RD (tws_read_int (r, &m->tick_type));
    S_RD (tws_read_double (r, &m->price));
    S_RD (tws_read_decimal (r, &m->size));
    return tws_read_int (r, &m->attr_mask);
}

int
tws_tick_size_encode (tws_writer_t *w, int server_version, const tws_tick_size_t *m)
{
    S_CHECK_SV (server_version);
    tws_write_int (w, TWS_IN_TICK_SIZE);
    tws_write_int (w, TWS_TICK_MSG_VERSION);
    tws_write_int (w, m->req_id);
    tws_write_int (w, m->tick_type);
    tws_write_decimal (w, m->size);
    return w->err;
}

int
tws_tick_size_decode (tws_reader_t *r, int server_version, tws_tick_size_t *m)
{
    S_CHECK_SV (server_version);
    S_RD (tws_skip (r, 1));
    S_RD (tws_read_int (r, &m->req_id));
    S_RD (tws_read_int (r, &m->tick_type));
    return tws_read_decimal (r, &m->size);
}

int
tws_tick_string_encode (tws_writer_t *w, int server_version, const tws_tick_string_t *m)
{
    S_CHECK_SV (server_version);
    tws_write_int (w, TWS_IN_TICK_STRING);
    tws_write_int (w, TWS_TICK_MSG_VERSION);
    tws_write_int (w, m->req_id);
    tws_write_int (w, m->tick_type);
    tws_write_str (w, m->value);
    return w->err;
}

int
tws_tick_string_decode (tws_reader_t *r, int server_version, tws_tick_string_t *m)
{
    S_CHECK_SV (server_version);
    S_RD (tws_skip (r, 1));
    S_RD (tws_read_int (r, &m->req_id));
    S_RD (tws_read_int (r, &m->tick_type));
    return tws_read_str (r, m->value, sizeof m->value);
}

int
tws_tick_generic_encode (tws_writer_t *w, int server_version, const tws_tick_generic_t *m)
{
    S_CHECK_SV (server_version);
    tws_write_int (w, TWS_IN_TICK_GENERIC);
    tws_write_int (w, TWS_TICK_MSG_VERSION);
    tws_write_int (w, m->req_id);
    tws_write_int (w, m->tick_type);
    tws_write_double (w, m->value);
    return w->err;
}

int
tws_tick_generic_decode (tws_reader_t *r, int server_version, tws_tick_generic_t *m)
{
    S_CHECK_SV (server_version);
    S_RD (tws_skip (r, 1));
    S_RD (tws_read_int (r, &m->req_id));
    S_RD (tws_read_int (r, &m->tick_type));
    return tws_read_double (r, &m->value);
}

//  ---------------------------------------------------------------------------------------
//  Other market-data messages

static int
s_market_data_type (tws_io_t *io, tws_market_data_type_t *m)
{
    T (twsio_msg_id (io, TWS_IN_MARKET_DATA_TYPE));
    T (twsio_skip (io, "1"));
    T (twsio_int (io, &m->req_id));
    return twsio_int (io, &m->market_data_type);
}
TWS_IO_PAIR (market_data_type, true, TWS_ZERO (m))

static int
s_tick_req_params (tws_io_t *io, tws_tick_req_params_t *m)
{
    T (twsio_msg_id (io, TWS_IN_TICK_REQ_PARAMS));
    T (twsio_int (io, &m->req_id));
    T (twsio_double (io, &m->min_tick));
    T (IO_STR (io, m->bbo_exchange));
    return twsio_int (io, &m->snapshot_permissions);
}
TWS_IO_PAIR (tick_req_params, true, TWS_ZERO (m))

static int
s_tick_snapshot_end (tws_io_t *io, tws_tick_snapshot_end_t *m)
{
    T (twsio_msg_id (io, TWS_IN_TICK_SNAPSHOT_END));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (tick_snapshot_end, true, TWS_ZERO (m))

//  ---------------------------------------------------------------------------------------
//  Bars

static int
s_bar (tws_io_t *io, tws_bar_t *b)
{
    T (IO_STR (io, b->date));
    T (twsio_double (io, &b->open));
    T (twsio_double (io, &b->high));
    T (twsio_double (io, &b->low));
    T (twsio_double (io, &b->close));
    T (twsio_dec (io, &b->volume));
    T (twsio_dec (io, &b->wap));
    return twsio_int (io, &b->bar_count);
}

int
tws_bar_encode (tws_writer_t *w, int server_version, const tws_bar_t *bar)
{
    T (twsio_check_version (server_version));
    tws_io_t io = tws_io_writer (w, server_version, true);
    T (s_bar (&io, (tws_bar_t *) bar));
    return w->err;
}

int
tws_bar_decode (tws_reader_t *r, int server_version, tws_bar_t *bar)
{
    T (twsio_check_version (server_version));
    memset (bar, 0, sizeof *bar);
    tws_io_t io = tws_io_reader (r, server_version);
    return s_bar (&io, bar);
}

static int
s_historical_data (tws_io_t *io, tws_historical_data_t *m)
{
    T (twsio_msg_id (io, TWS_IN_HISTORICAL_DATA));
    T (twsio_int (io, &m->req_id));
    if (io->sv < TWS_SV_HISTORICAL_DATA_END) {
        T (IO_STR (io, m->start_date));
        T (IO_STR (io, m->end_date));
    }
    if (IO_DEC (io)) {
        //  Header only: the caller streams the bars with tws_bar_decode ().
        T (twsio_count (io, &m->bar_count));
        m->bars = NULL;
        return 0;
    }
    assert (m->bar_count == 0 || m->bars);
    T (twsio_int (io, &m->bar_count));
    for (int i = 0; i < m->bar_count; i++)
        T (s_bar (io, (tws_bar_t *) &m->bars [i]));
    return 0;
}
TWS_IO_PAIR (historical_data, true, TWS_ZERO (m))

static int
s_historical_data_end (tws_io_t *io, tws_historical_data_end_t *m)
{
    if (io->sv < TWS_SV_HISTORICAL_DATA_END)
        return RT_EVERSION;
    T (twsio_msg_id (io, TWS_IN_HISTORICAL_DATA_END));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, m->start_date));
    return IO_STR (io, m->end_date);
}
TWS_IO_PAIR (historical_data_end, true, TWS_ZERO (m))

static int
s_historical_data_update (tws_io_t *io, tws_historical_data_update_t *m)
{
    tws_bar_t *b = &m->bar;
    T (twsio_msg_id (io, TWS_IN_HISTORICAL_DATA_UPDATE));
    T (twsio_int (io, &m->req_id));
    T (twsio_int (io, &b->bar_count));
    T (IO_STR (io, b->date));
    T (twsio_double (io, &b->open));
    T (twsio_double (io, &b->close));
    T (twsio_double (io, &b->high));
    T (twsio_double (io, &b->low));
    T (twsio_dec (io, &b->wap));
    return twsio_dec (io, &b->volume);
}
TWS_IO_PAIR (historical_data_update, true, TWS_ZERO (m))

static int
s_realtime_bar (tws_io_t *io, tws_realtime_bar_t *m)
{
    T (twsio_msg_id (io, TWS_IN_REAL_TIME_BARS));
    T (twsio_skip (io, "3"));
    T (twsio_int (io, &m->req_id));
    T (twsio_long (io, &m->time));
    T (twsio_double (io, &m->open));
    T (twsio_double (io, &m->high));
    T (twsio_double (io, &m->low));
    T (twsio_double (io, &m->close));
    T (twsio_dec (io, &m->volume));
    T (twsio_dec (io, &m->wap));
    return twsio_int (io, &m->count);
}
TWS_IO_PAIR (realtime_bar, true, TWS_ZERO (m))

//  ---------------------------------------------------------------------------------------
//  Contract details

static int
s_contract_data (tws_io_t *io, tws_contract_data_t *m)
{
    tws_contract_t *c = &m->contract;
    T (twsio_msg_id (io, TWS_IN_CONTRACT_DATA));
    if (io->sv < TWS_SV_SIZE_RULES)
        T (twsio_skip (io, "8"));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, c->symbol));
    T (IO_STR (io, c->sec_type));
    T (IO_STR (io, c->last_trade_date_or_contract_month));
    if (io->sv >= TWS_SV_LAST_TRADE_DATE)
        T (IO_STR (io, c->last_trade_date));
    T (twsio_double (io, &c->strike));
    T (IO_STR (io, c->right));
    T (IO_STR (io, c->exchange));
    T (IO_STR (io, c->currency));
    T (IO_STR (io, c->local_symbol));
    T (IO_STR (io, m->market_name));
    T (IO_STR (io, c->trading_class));
    T (twsio_int (io, &c->con_id));
    T (twsio_double (io, &m->min_tick));
    if (io->sv < TWS_SV_SIZE_RULES)
        T (twsio_skip (io, "1"));                       //  mdSizeMultiplier
    T (IO_STR (io, c->multiplier));
    T (IO_STR (io, m->order_types));
    T (IO_STR (io, m->valid_exchanges));
    T (twsio_int (io, &m->price_magnifier));
    T (twsio_int (io, &m->under_con_id));
    T (IO_STR (io, m->long_name));
    T (IO_STR (io, c->primary_exchange));
    T (IO_STR (io, m->contract_month));
    T (IO_STR (io, m->industry));
    T (IO_STR (io, m->category));
    T (IO_STR (io, m->subcategory));
    T (IO_STR (io, m->time_zone_id));
    T (IO_STR (io, m->trading_hours));
    T (IO_STR (io, m->liquid_hours));
    T (IO_STR (io, m->ev_rule));
    T (twsio_int (io, &m->ev_multiplier));
    T (twsio_tag_values (io, &m->sec_id_list_count, &m->sec_id_list_n, m->sec_id_list,
                      TWS_MAX_SEC_IDS));
    T (twsio_int (io, &m->agg_group));
    T (IO_STR (io, m->under_symbol));
    T (IO_STR (io, m->under_sec_type));
    T (IO_STR (io, m->market_rule_ids));
    T (IO_STR (io, m->real_expiration_date));
    T (IO_STR (io, m->stock_type));
    if (io->sv < TWS_SV_SIZE_RULES) {
        if (io->sv >= TWS_SV_FRACTIONAL_SIZE_SUPPORT)
            T (twsio_skip (io, "1"));                   //  sizeMinTick
    }
    else {
        T (twsio_dec (io, &m->min_size));
        T (twsio_dec (io, &m->size_increment));
        T (twsio_dec (io, &m->suggested_size_increment));
    }
    if (io->sv >= TWS_SV_FUND_DATA_FIELDS && strcmp (c->sec_type, "FUND") == 0) {
        T (IO_STR (io, m->fund_name));
        T (IO_STR (io, m->fund_family));
        T (IO_STR (io, m->fund_type));
        T (IO_STR (io, m->fund_front_load));
        T (IO_STR (io, m->fund_back_load));
        T (IO_STR (io, m->fund_back_load_time_interval));
        T (IO_STR (io, m->fund_management_fee));
        T (twsio_bool (io, &m->fund_closed));
        T (twsio_bool (io, &m->fund_closed_for_new_investors));
        T (twsio_bool (io, &m->fund_closed_for_new_money));
        T (IO_STR (io, m->fund_notify_amount));
        T (IO_STR (io, m->fund_minimum_initial_purchase));
        T (IO_STR (io, m->fund_subsequent_minimum_purchase));
        T (IO_STR (io, m->fund_blue_sky_states));
        T (IO_STR (io, m->fund_blue_sky_territories));
        T (IO_STR (io, m->fund_distribution_policy_indicator));
        T (IO_STR (io, m->fund_asset_type));
    }
    if (io->sv >= TWS_SV_INELIGIBILITY_REASONS)
        T (twsio_tag_values (io, &m->ineligibility_reasons_count, &m->ineligibility_reasons_n,
                          m->ineligibility_reasons, TWS_MAX_INELIGIBLE));
    return 0;
}
TWS_IO_PAIR (contract_data, true, tws_contract_data_init (m))

static int
s_contract_data_end (tws_io_t *io, tws_contract_data_end_t *m)
{
    T (twsio_msg_id (io, TWS_IN_CONTRACT_DATA_END));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (contract_data_end, true, TWS_ZERO (m))
