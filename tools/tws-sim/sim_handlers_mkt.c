/*  sim_handlers_mkt.c - market data and contract details. */
#include "sim_handlers.h"

#include <stdio.h>
#include <string.h>

#include "sim_blast.h"
#include "rt_log.h"
#include "sim_send.h"

#define SIM_MAX_TICKERS 100             //  IB's default market data lines

int
sim_h_cancel_sub (sim_session_t *s, tws_reader_t *r, sim_cancel_decode_fn *decode,
                  const char *name, sim_sub_kind_t kind, int *req_id)
{
    tws_req_id_t m;
    int rc = decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "%s reqId=%d", SIM_REQ_ARGS (s), name, m.req_id);
    sim_session_sub_del (s, sim_session_sub_find (s, kind, m.req_id));
    *req_id = m.req_id;
    return 0;
}

int
sim_h_resolve (sim_server_t *srv, sim_session_t *s, int req_id, const tws_contract_t *c)
{
    int sym = sim_universe_match (c->con_id, c->symbol, c->sec_type, c->exchange, c->currency);
    if (sym < 0)
        sim_server_error (srv, s, req_id, 200, "No security definition has been found for"
                          " the request");
    return sym;
}

int
sim_h_req_mkt_data (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_mkt_data_t m;
    int rc = tws_req_mkt_data_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqMktData reqId=%d %s %s %s ticks='%s' snapshot=%d type=%d",
              SIM_REQ_ARGS (s), m.req_id, m.contract.symbol, m.contract.sec_type,
              m.contract.exchange, m.generic_tick_list, m.snapshot, s->market_data_type);
    if (sim_session_sub_find (s, SIM_SUB_MKT, m.req_id)) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'bW' : cause -"
                          " Duplicate ticker id");
        return 0;
    }
    int sym = sim_h_resolve (srv, s, m.req_id, &m.contract);
    if (sym < 0)
        return 0;
    int lines = 0;
    for (int i = 0; i < SIM_MAX_SUBS; i++)
        lines += s->subs [i].kind == SIM_SUB_MKT;
    if (!m.snapshot && lines >= SIM_MAX_TICKERS) {
        sim_server_error (srv, s, m.req_id, 101, "Max number of tickers has been reached");
        return 0;
    }
    const sim_contract_t *c = sim_universe_at ((size_t) sym);
    //  A real Gateway answers tickReqParams first, then marketDataType, then the ticks.
    tws_tick_req_params_t params = { .req_id = m.req_id, .min_tick = c->min_tick,
                                     .snapshot_permissions = 3 };
    snprintf (params.bbo_exchange, sizeof params.bbo_exchange, "9c0001");
    rc = sim_send_tick_req_params (s, &params);
    bool delayed = s->market_data_type >= 3;
    tws_market_data_type_t mdt = { .req_id = m.req_id,
                                   .market_data_type = delayed ? 3 : 1 };
    if (s->market_data_type == 2 || s->market_data_type == 4)
        mdt.market_data_type = s->market_data_type;
    if (rc == 0)
        rc = sim_send_market_data_type (s, &mdt);
    if (rc)
        return 0;
    if (delayed)
        sim_server_error (srv, s, m.req_id, 10167, "Requested market data is not subscribed."
                          " Displaying delayed market data.");
    sim_sub_t tmp;
    sim_sub_t *sub = m.snapshot ? &tmp : sim_session_sub_add (s, SIM_SUB_MKT, m.req_id);
    if (!sub) {
        sim_server_error (srv, s, m.req_id, 101, "Max number of tickers has been reached");
        return 0;
    }
    memset (sub, 0, sizeof *sub);
    sub->kind = SIM_SUB_MKT;
    sub->req_id = m.req_id;
    sub->sym = sym;
    sub->con_id = c->con_id;
    sub->param = delayed ? 3 : 1;
    sim_world_send_ticks (srv, s, sub);
    if (m.snapshot) {
        tws_tick_snapshot_end_t end = { .req_id = m.req_id };
        sim_send_tick_snapshot_end (s, &end);
        return 0;
    }
    if (srv->opts.blast > 0 && !s->blast_started) {
        s->blast_started = true;
        s->blast = sim_blast_new (s->version, m.req_id, srv->opts.seed);
        if (s->blast) {
            s->blast_left = sim_blast_stream_bytes (s->blast, (uint64_t) srv->opts.blast);
            s->blast_pos = 0;
            srv->counters.blast_frames += (uint64_t) srv->opts.blast;
            rt_log_info (SIM_REQ_FMT "blast: %ld frames (%llu bytes) for reqId %d",
                      SIM_REQ_ARGS (s), srv->opts.blast,
                      (unsigned long long) s->blast_left, m.req_id);
        }
    }
    return 0;
}

int
sim_h_cancel_mkt_data (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_cancel_mkt_data_t m;
    int rc = tws_cancel_mkt_data_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "cancelMktData reqId=%d", SIM_REQ_ARGS (s), m.req_id);
    sim_sub_t *sub = sim_session_sub_find (s, SIM_SUB_MKT, m.req_id);
    if (!sub) {
        char text [96];
        snprintf (text, sizeof text, "Can't find EId with tickerId:%d", m.req_id);
        sim_server_error (srv, s, m.req_id, 300, text);
        return 0;
    }
    sim_session_sub_del (s, sub);
    return 0;
}

int
sim_h_req_market_data_type (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_market_data_type_t m;
    int rc = tws_req_market_data_type_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqMarketDataType type=%d", SIM_REQ_ARGS (s), m.market_data_type);
    if (m.market_data_type < 1 || m.market_data_type > 4) {
        sim_server_error (srv, s, -1, 321, "Error validating request.-'bS' : cause - Invalid"
                          " market data type");
        return 0;
    }
    s->market_data_type = m.market_data_type;
    return 0;
}

int
sim_h_req_contract_details (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_contract_details_t m;
    int rc = tws_req_contract_details_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqContractDetails reqId=%d conId=%d %s %s %s %s",
              SIM_REQ_ARGS (s), m.req_id, m.contract.con_id, m.contract.symbol,
              m.contract.sec_type, m.contract.exchange, m.contract.currency);
    int sym = sim_h_resolve (srv, s, m.req_id, &m.contract);
    if (sym < 0)
        return 0;
    const sim_contract_t *c = sim_universe_at ((size_t) sym);
    static tws_contract_data_t d;       //  ~8 KB: kept off the stack, the loop is single-threaded
    tws_contract_data_init (&d);
    d.req_id = m.req_id;
    sim_world_contract (c, &d.contract, true);
    d.contract.strike = 0.0;
    d.contract.right [0] = 0;
    sim_copy (d.market_name, sizeof d.market_name, c->market_name);
    d.min_tick = c->min_tick;
    sim_copy (d.order_types, sizeof d.order_types, c->order_types);
    sim_copy (d.valid_exchanges, sizeof d.valid_exchanges, c->valid_exchanges);
    d.price_magnifier = 1;
    d.under_con_id = 0;
    sim_copy (d.long_name, sizeof d.long_name, c->long_name);
    sim_copy (d.industry, sizeof d.industry, c->industry);
    sim_copy (d.category, sizeof d.category, c->category);
    sim_copy (d.subcategory, sizeof d.subcategory, c->subcategory);
    sim_copy (d.time_zone_id, sizeof d.time_zone_id, c->time_zone_id);
    sim_universe_trading_hours (srv->world->now_ms, false, d.trading_hours,
                                sizeof d.trading_hours);
    sim_universe_trading_hours (srv->world->now_ms, true, d.liquid_hours,
                                sizeof d.liquid_hours);
    d.ev_multiplier = 0;
    d.agg_group = 1;
    sim_copy (d.market_rule_ids, sizeof d.market_rule_ids, c->market_rule_ids);
    sim_copy (d.stock_type, sizeof d.stock_type, c->stock_type);
    d.min_size = 0.0001;
    d.size_increment = 0.0001;
    d.suggested_size_increment = 100;
    rc = sim_send_contract_data (s, &d);
    tws_contract_data_end_t end = { .req_id = m.req_id };
    if (rc == 0)
        sim_send_contract_data_end (s, &end);
    return 0;
}
