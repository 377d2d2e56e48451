/*  gw_md_tick.c - the tick path: one TWS tick message -> the subscription's quote, updated in
    place -> published. Nothing is allocated: the decoders fill stack structs, the request id
    finds the subscription through the fixed map, the quote lives in the subscription.

    Every tick message that changes a field the quote carries publishes the quote once (a
    tickPrice carries its size too, so BID + BID_SIZE arrive as one quote, not two). Tick
    types the quote has no field for (HIGH, LOW, OPEN, CLOSE, HALTED...) are counted as
    ticks and publish nothing. No conflation here: the publisher service does that.
*/
#include <assert.h>
#include <string.h>
#include <time.h>
#include "gw_md.h"

static inline uint64_t
s_wall_ns (void)
{
    struct timespec ts;
    if (clock_gettime (CLOCK_REALTIME, &ts))
        return 0;
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static inline gw_md_sub_t *
s_sub (gw_md_t *self, int req_id)
{
    const gw_md_slot_t *slot = gw_md_map_get (self, req_id);
    if (!slot || slot->kind != GW_MD_KIND_SUB)
        return NULL;
    return &self->subs [slot->idx];
}

static inline bool
s_size_ok (tws_decimal_t size)
{
    return size != TWS_UNSET_DECIMAL && size >= 0;
}

//  Returns true when the quote changed shape (a field it carries was written).
static bool
s_price (rt_quote_t *q, int tick_type, double price, tws_decimal_t size)
{
    //  -1 is IB's "no quote on this side now": the catalogue says 0 for that.
    if (price < 0)
        price = 0;
    bool has_size = s_size_ok (size);
    switch (tick_type) {
        case TWS_TICK_BID:
        case TWS_TICK_DELAYED_BID:
            q->bid = price;
            if (has_size)
                q->bid_size = size;
            break;
        case TWS_TICK_ASK:
        case TWS_TICK_DELAYED_ASK:
            q->ask = price;
            if (has_size)
                q->ask_size = size;
            break;
        case TWS_TICK_LAST:
        case TWS_TICK_DELAYED_LAST:
            q->last = price;
            if (has_size)
                q->last_size = size;
            break;
        default:
            return false;
    }
    q->delayed = tick_type >= TWS_TICK_DELAYED_BID;
    return true;
}

static bool
s_size (rt_quote_t *q, int tick_type, tws_decimal_t size)
{
    if (!s_size_ok (size))
        return false;
    switch (tick_type) {
        case TWS_TICK_BID_SIZE:
        case TWS_TICK_DELAYED_BID_SIZE:
            q->bid_size = size;
            return true;
        case TWS_TICK_ASK_SIZE:
        case TWS_TICK_DELAYED_ASK_SIZE:
            q->ask_size = size;
            return true;
        case TWS_TICK_LAST_SIZE:
        case TWS_TICK_DELAYED_LAST_SIZE:
            q->last_size = size;
            return true;
        case TWS_TICK_VOLUME:
        case 74:                    //  DELAYED_VOLUME
            q->volume = size;
            return true;
        default:
            return false;
    }
}

//  Next ';'-separated token of an RT_VOLUME value.
static const char *
s_token (const char **cursor, size_t *len)
{
    const char *start = *cursor;
    const char *semi = strchr (start, ';');
    *len = semi? (size_t) (semi - start): strlen (start);
    *cursor = semi? semi + 1: start + *len;
    return start;
}

//  RT_VOLUME (48) / RT_TRD_VOLUME (77): "price;size;time ms;total volume;vwap;single".
//  A price-less entry (";0;...") only updates the volume.
static bool
s_rt_volume (rt_quote_t *q, const char *value)
{
    const char *cur = value;
    size_t len;
    const char *tok = s_token (&cur, &len);
    double price = tws_parse_double (tok, len, -1);
    tok = s_token (&cur, &len);
    double size = tws_parse_double (tok, len, -1);
    tok = s_token (&cur, &len);
    int64_t time_ms = tws_parse_long (tok, len, 0);
    tok = s_token (&cur, &len);
    double total = tws_parse_double (tok, len, -1);
    bool changed = false;
    if (price > 0) {
        q->last = price;
        if (size >= 0)
            q->last_size = size;
        if (time_ms > 0 && time_ms != TWS_UNSET_LONG)
            q->exch_ts_ns = (uint64_t) time_ms * 1000000ull;
        changed = true;
    }
    if (total >= 0 && total != TWS_UNSET_DOUBLE) {
        q->volume = total;
        changed = true;
    }
    return changed;
}

static bool
s_string (rt_quote_t *q, int tick_type, const char *value)
{
    switch (tick_type) {
        case TWS_TICK_LAST_TIMESTAMP:
        case 88: {                  //  DELAYED_LAST_TIMESTAMP
            int64_t s = tws_parse_long (value, strlen (value), 0);
            if (s <= 0 || s == TWS_UNSET_LONG || s > 4102444800)   //  up to 2100
                return false;
            q->exch_ts_ns = (uint64_t) s * 1000000000ull;
            return true;
        }
        case TWS_TICK_RT_VOLUME:
        case 77:                    //  RT_TRD_VOLUME
            return s_rt_volume (q, value);
        default:
            return false;
    }
}

void
gw_md_quote_publish (gw_md_t *self, gw_md_sub_t *sub)
{
    sub->quote.recv_ts_ns = s_wall_ns ();
    int rc = gw_publish (self->gw, GW_STREAM_MD, RT_TYPE_QUOTE, &sub->quote, NULL);
    if (rc == 0) {
        self->stats.quotes++;
        gw_count (self->gw, "quotes", 1);
    }
    else
        self->stats.publish_failed++;
}

static int
s_unknown (gw_md_t *self)
{
    self->stats.unknown++;
    gw_count (self->gw, "md_unknown", 1);
    return 1;
}

static int
s_malformed (gw_md_t *self, int rc)
{
    self->stats.malformed++;
    return rc < 0? rc: RT_EINVAL;
}

int
gw_md_tick (gw_md_t *self, int msg_id, tws_reader_t *r)
{
    int sv = gw_server_version (self->gw);
    gw_md_sub_t *sub;
    bool changed = false;
    int rc;

    switch (msg_id) {
        case TWS_IN_TICK_PRICE: {
            tws_tick_price_t m;
            if ((rc = tws_tick_price_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            changed = s_price (&sub->quote, m.tick_type, m.price, m.size);
            break;
        }
        case TWS_IN_TICK_SIZE: {
            tws_tick_size_t m;
            if ((rc = tws_tick_size_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            changed = s_size (&sub->quote, m.tick_type, m.size);
            break;
        }
        case TWS_IN_TICK_STRING: {
            tws_tick_string_t m;
            if ((rc = tws_tick_string_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            changed = s_string (&sub->quote, m.tick_type, m.value);
            break;
        }
        case TWS_IN_TICK_GENERIC: {
            //  HALTED, SHORTABLE...: the quote has no field for them.
            tws_tick_generic_t m;
            if ((rc = tws_tick_generic_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            break;
        }
        case TWS_IN_MARKET_DATA_TYPE: {
            tws_market_data_type_t m;
            if ((rc = tws_market_data_type_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            sub->market_data_type = m.market_data_type;
            bool delayed = m.market_data_type == 3 || m.market_data_type == 4;
            changed = delayed != sub->quote.delayed;
            sub->quote.delayed = delayed;
            break;
        }
        case TWS_IN_TICK_REQ_PARAMS: {
            tws_tick_req_params_t m;
            if ((rc = tws_tick_req_params_decode (r, sv, &m)))
                return s_malformed (self, rc);
            if (!(sub = s_sub (self, m.req_id)))
                return s_unknown (self);
            return 1;               //  minTick / BBO exchange: nothing the quote carries
        }
        case TWS_IN_TICK_SNAPSHOT_END: {
            tws_tick_snapshot_end_t m;
            if ((rc = tws_tick_snapshot_end_decode (r, sv, &m)))
                return s_malformed (self, rc);
            return s_sub (self, m.req_id)? 1: s_unknown (self);
        }
        default:
            return 0;
    }
    self->stats.ticks++;            //  the loop counts "ticks" for the heartbeat
    if (changed)
        gw_md_quote_publish (self, sub);
    return 1;
}
