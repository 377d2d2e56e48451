/*  gw_md_test.c - gw_md driven through the fake loop (gw_fake.c): commands in, TWS request
    bytes out (decoded with lib/tws), TWS server messages in (encoded with lib/tws), bus
    messages out (decoded with the catalogue). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_fake.h"
#include "gw_md.h"

typedef struct {
    gw_t *gw;
    gw_md_t *md;
    rt_cmd_peer_t peer;
    msgpack_sbuffer sbuf;
} fixture_t;

static int
s_setup_sv (void **state, int sv)
{
    fixture_t *f = calloc (1, sizeof *f);
    assert_non_null (f);
    f->gw = gw_fake_new (sv);
    assert_non_null (f->gw);
    f->md = gw_md_new (f->gw);
    assert_non_null (f->md);
    msgpack_sbuffer_init (&f->sbuf);
    //  As the loop does: the session reached STARTING.
    gw_md_on_session (f->md, true);
    *state = f;
    return 0;
}

static int s_setup (void **state) { return s_setup_sv (state, 200); }
static int s_setup_187 (void **state) { return s_setup_sv (state, 187); }

static int
s_teardown (void **state)
{
    fixture_t *f = *state;
    //  Everything gw_md published went through the catalogue, and nothing was dropped.
    assert_int_equal (f->gw->publish_errors, 0);
    assert_int_equal (f->gw->overflow, 0);
    gw_md_destroy (&f->md);
    assert_null (f->md);
    gw_fake_destroy (&f->gw);
    msgpack_sbuffer_destroy (&f->sbuf);
    free (f);
    return 0;
}

//  --- Helpers --------------------------------------------------------------------------

static void
s_command (fixture_t *f, rt_type_t type, const void *body)
{
    assert_int_equal (rt_msg_pack (type, body, &f->sbuf), 0);
    rt_bus_msg_t msg;
    memset (&msg, 0, sizeof msg);
    msg.topic = "cmd";
    msg.header.type = (uint16_t) type;
    msg.body = (const uint8_t *) f->sbuf.data;
    msg.body_len = f->sbuf.size;
    assert_int_equal (gw_md_on_command (f->md, &msg, &f->peer), 1);
}

static void
s_subscribe (fixture_t *f, const char *symbol, bool delayed)
{
    rt_md_subscribe_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "%s", symbol);
    m.delayed = delayed;
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &m);
}

static void
s_unsubscribe (fixture_t *f, const char *symbol)
{
    rt_md_unsubscribe_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "%s", symbol);
    s_command (f, RT_TYPE_MD_UNSUBSCRIBE, &m);
}

static void
s_hist_req (fixture_t *f, const char *symbol, const char *what, bool kutd)
{
    rt_hist_request_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "%s", symbol);
    snprintf (m.duration, sizeof m.duration, "1 D");
    snprintf (m.bar_size, sizeof m.bar_size, "1 min");
    snprintf (m.what_to_show, sizeof m.what_to_show, "%s", what);
    m.use_rth = true;
    m.keep_up_to_date = kutd;
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
}

static const gw_fake_reply_t *
s_reply (fixture_t *f, bool ok)
{
    const gw_fake_reply_t *r = gw_fake_last_reply (f->gw);
    assert_non_null (r);
    if (r->ok != ok)
        fail_msg ("reply ok=%d (%d %s), wanted %d", r->ok, r->code, r->reason, ok);
    return r;
}

//  Feeds one server message through the encoder, as the loop would after splitting.
#define FEED(f, name, ...) do { \
    tws_##name##_t m_ = { __VA_ARGS__ }; \
    tws_reader_t r_; \
    int id_; \
    assert_int_equal (GW_FAKE_SERVER_MSG ((f)->gw, name, &m_, &r_, &id_), 0); \
    assert_int_equal (gw_md_on_tws ((f)->md, id_, &r_), 1); \
} while (0)

static const rt_quote_t *
s_last_quote (fixture_t *f)
{
    uint32_t n = gw_fake_msg_count (f->gw, RT_TYPE_QUOTE);
    assert_true (n > 0);
    return gw_fake_msg (f->gw, RT_TYPE_QUOTE, n - 1);
}

static const rt_error_event_t *
s_last_error (fixture_t *f)
{
    uint32_t n = gw_fake_msg_count (f->gw, RT_TYPE_ERROR_EVENT);
    assert_true (n > 0);
    return gw_fake_msg (f->gw, RT_TYPE_ERROR_EVENT, n - 1);
}

//  Decodes recorded frame i as reqMktData.
static void
s_frame_mkt_data (fixture_t *f, uint32_t i, tws_req_mkt_data_t *m)
{
    tws_reader_t r;
    int id;
    assert_int_equal (gw_fake_frame_reader (f->gw, i, &r, &id), 0);
    assert_int_equal (id, TWS_OUT_REQ_MKT_DATA);
    assert_int_equal (tws_req_mkt_data_decode (&r, f->gw->server_version, m), 0);
    assert_true (tws_reader_at_end (&r));
    assert_int_equal (f->gw->frames [i].lane, GW_LANE_GENERAL);
}

static void
s_frame_hist (fixture_t *f, uint32_t i, tws_req_historical_data_t *m)
{
    tws_reader_t r;
    int id;
    assert_int_equal (gw_fake_frame_reader (f->gw, i, &r, &id), 0);
    assert_int_equal (id, TWS_OUT_REQ_HISTORICAL_DATA);
    assert_int_equal (tws_req_historical_data_decode (&r, f->gw->server_version, m), 0);
    assert_true (tws_reader_at_end (&r));
    assert_int_equal (f->gw->frames [i].lane, GW_LANE_HIST);
    assert_true (f->gw->frames [i].has_hist);
}

static int
s_req_id (fixture_t *f, const char *symbol)
{
    return gw_md_sub_req_id (f->md, symbol, NULL, NULL, NULL);
}

//  --- Subscriptions --------------------------------------------------------------------

static void
test_subscribe_sends_req_mkt_data (void **state)
{
    fixture_t *f = *state;
    rt_md_subscribe_t cmd;
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.symbol, sizeof cmd.symbol, "AAPL");
    snprintf (cmd.exchange, sizeof cmd.exchange, "smart");
    snprintf (cmd.generic_ticks, sizeof cmd.generic_ticks, "233,236");
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &cmd);

    const gw_fake_reply_t *r = s_reply (f, true);
    assert_string_equal (r->id, "AAPL");
    assert_int_equal (f->gw->frame_count, 1);     //  live: no reqMarketDataType needed
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 0, &m);
    assert_int_equal (m.req_id, 1000);
    assert_int_equal (f->gw->frames [0].tag, 1000);
    assert_string_equal (m.contract.symbol, "AAPL");
    assert_string_equal (m.contract.sec_type, "STK");
    assert_string_equal (m.contract.exchange, "SMART");
    assert_string_equal (m.contract.currency, "USD");
    assert_string_equal (m.generic_tick_list, "233,236");
    assert_false (m.snapshot);
    //  The exact bytes of the official encoder for this request.
    static const char want [] = "1\0" "11\0" "1000\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0"
                                "\0" "SMART\0" "\0" "USD\0" "\0" "\0" "0\0" "233,236\0"
                                "0\0" "0\0" "\0";
    assert_int_equal (f->gw->frames [0].len - 4, sizeof want - 1);
    assert_memory_equal (f->gw->frames [0].bytes + 4, want, sizeof want - 1);

    //  The same contract again: idempotent, nothing sent.
    s_subscribe (f, "AAPL", false);
    r = s_reply (f, true);
    assert_non_null (strstr (r->reason, "already subscribed"));
    assert_int_equal (f->gw->frame_count, 1);
    assert_int_equal (gw_md_sub_count (f->md), 1);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);     //  nothing to repeat yet
    //  Once quoted, a repeated subscribe republishes the last value for the late subscriber.
    FEED (f, tick_price, .req_id = 1000, .tick_type = TWS_TICK_BID, .price = 189.5, .size = 100);
    uint32_t quotes = gw_fake_msg_count (f->gw, RT_TYPE_QUOTE);
    assert_true (quotes > 0);
    s_subscribe (f, "AAPL", false);
    s_reply (f, true);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), quotes + 1);
    assert_true (s_last_quote (f)->bid == 189.5);
    assert_int_equal (f->gw->frame_count, 1);
    //  A different exchange is a different contract.
    memset (&cmd, 0, sizeof cmd);
    snprintf (cmd.symbol, sizeof cmd.symbol, "AAPL");
    snprintf (cmd.exchange, sizeof cmd.exchange, "NASDAQ");
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &cmd);
    s_reply (f, true);
    assert_int_equal (gw_md_sub_count (f->md), 2);
}

static void
test_subscribe_delayed_sets_market_data_type (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "MSFT", true);
    s_reply (f, true);
    assert_int_equal (f->gw->frame_count, 2);
    tws_reader_t r;
    int id;
    assert_int_equal (gw_fake_frame_reader (f->gw, 0, &r, &id), 0);
    assert_int_equal (id, TWS_OUT_REQ_MARKET_DATA_TYPE);
    tws_req_market_data_type_t t;
    assert_int_equal (tws_req_market_data_type_decode (&r, 200, &t), 0);
    assert_int_equal (t.market_data_type, 3);
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 1, &m);
    assert_string_equal (m.contract.symbol, "MSFT");

    //  Another delayed one: the type is already 3. A live one switches back to 1.
    s_subscribe (f, "IBM", true);
    assert_int_equal (f->gw->frame_count, 3);
    s_subscribe (f, "AAPL", false);
    assert_int_equal (f->gw->frame_count, 5);
    assert_int_equal (gw_fake_frame_reader (f->gw, 3, &r, &id), 0);
    assert_int_equal (id, TWS_OUT_REQ_MARKET_DATA_TYPE);
    assert_int_equal (tws_req_market_data_type_decode (&r, 200, &t), 0);
    assert_int_equal (t.market_data_type, 1);
}

static void
test_bad_fields (void **state)
{
    fixture_t *f = *state;
    rt_md_subscribe_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "ES");
    snprintf (m.sec_type, sizeof m.sec_type, "FUT");
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &m);
    const gw_fake_reply_t *r = s_reply (f, false);
    assert_string_equal (r->reason, "bad field sec_type");
    assert_int_equal (r->code, RT_EINVAL);

    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "AA\tPL");
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field symbol");

    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "AAPL");
    snprintf (m.generic_ticks, sizeof m.generic_ticks, "233;x");
    s_command (f, RT_TYPE_MD_SUBSCRIBE, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field generic_ticks");

    //  A body the catalogue refuses (symbol missing).
    msgpack_sbuffer_clear (&f->sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &f->sbuf, msgpack_sbuffer_write);
    msgpack_pack_map (&pk, 1);
    msgpack_pack_str_with_body (&pk, "d", 1);
    msgpack_pack_true (&pk);
    rt_bus_msg_t msg = { .topic = "cmd", .body = (const uint8_t *) f->sbuf.data,
                         .body_len = f->sbuf.size };
    msg.header.type = RT_TYPE_MD_SUBSCRIBE;
    assert_int_equal (gw_md_on_command (f->md, &msg, &f->peer), 1);
    assert_non_null (strstr (s_reply (f, false)->reason, "bad field"));
    //  Not ours.
    msg.header.type = RT_TYPE_ORDER_INTENT;
    assert_int_equal (gw_md_on_command (f->md, &msg, &f->peer), 0);

    assert_int_equal (f->gw->frame_count, 0);
    assert_int_equal (gw_md_sub_count (f->md), 0);
}

//  --- Ticks ----------------------------------------------------------------------------

static void
test_ticks_make_quotes (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    int id = s_req_id (f, "AAPL");
    assert_int_equal (id, 1000);

    FEED (f, tick_req_params, .req_id = id, .min_tick = 0.01, .bbo_exchange = "9c0001",
          .snapshot_permissions = 3);
    FEED (f, market_data_type, .req_id = id, .market_data_type = 1);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);

    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_BID, .price = 189.5,
          .size = 300, .attr_mask = 1);
    const gw_fake_msg_t *raw = &f->gw->msgs [f->gw->msg_count - 1];
    assert_string_equal (raw->topic, "md.quote.AAPL");
    assert_int_equal (raw->stream, GW_STREAM_MD);
    const rt_quote_t *q = s_last_quote (f);
    assert_string_equal (q->symbol, "AAPL");
    assert_true (q->bid == 189.5);
    assert_true (q->bid_size == 300);
    assert_true (q->ask == 0);
    assert_true (q->recv_ts_ns > 0);
    assert_false (q->delayed);

    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_ASK, .price = 189.52,
          .size = 200);
    FEED (f, tick_size, .req_id = id, .tick_type = TWS_TICK_ASK_SIZE, .size = 250);
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_LAST, .price = 189.51,
          .size = 100);
    FEED (f, tick_size, .req_id = id, .tick_type = TWS_TICK_VOLUME, .size = 123456);
    FEED (f, tick_string, .req_id = id, .tick_type = TWS_TICK_LAST_TIMESTAMP,
          .value = "1736175000");
    q = s_last_quote (f);
    assert_true (q->bid == 189.5 && q->ask == 189.52 && q->last == 189.51);
    assert_true (q->ask_size == 250 && q->last_size == 100 && q->volume == 123456);
    assert_true (q->exch_ts_ns == 1736175000ull * 1000000000ull);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 6);

    //  Ticks the quote has no field for: counted, not published.
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_HIGH, .price = 191, .size = 0);
    FEED (f, tick_generic, .req_id = id, .tick_type = TWS_TICK_HALTED, .value = 0);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 6);

    //  -1: no bid right now -> 0.
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_BID, .price = -1, .size = 0);
    q = s_last_quote (f);
    assert_true (q->bid == 0 && q->bid_size == 0);

    //  RT_VOLUME: last, size, time (ms) and total volume in one string.
    FEED (f, tick_string, .req_id = id, .tick_type = TWS_TICK_RT_VOLUME,
          .value = "189.55;300;1736175001234;124000;189.40;true");
    q = s_last_quote (f);
    assert_true (q->last == 189.55 && q->last_size == 300 && q->volume == 124000);
    assert_true (q->exch_ts_ns == 1736175001234ull * 1000000ull);

    gw_md_stats_t st;
    gw_md_stats (f->md, &st);
    assert_int_equal (st.ticks, 11);
    assert_int_equal (st.quotes, 8);
    assert_int_equal (gw_fake_counter (f->gw, "ticks"), 0);      //  the loop counts those
    assert_int_equal (gw_fake_counter (f->gw, "quotes"), 8);
    assert_int_equal (gw_fake_msg (f->gw, RT_TYPE_QUOTE, 7) != NULL, true);
    //  Sequence numbers on the md stream are 1..8, one per quote.
    assert_int_equal (f->gw->seq [GW_STREAM_MD], 8);
}

static void
test_delayed_ticks (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "MSFT", true);
    int id = s_req_id (f, "MSFT");
    FEED (f, market_data_type, .req_id = id, .market_data_type = 3);
    const rt_quote_t *q = s_last_quote (f);
    assert_true (q->delayed);
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_DELAYED_BID, .price = 410.1,
          .size = 5);
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_DELAYED_ASK, .price = 410.2,
          .size = 7);
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_DELAYED_LAST, .price = 410.15,
          .size = 1);
    FEED (f, tick_size, .req_id = id, .tick_type = TWS_TICK_DELAYED_BID_SIZE, .size = 6);
    FEED (f, tick_size, .req_id = id, .tick_type = TWS_TICK_DELAYED_ASK_SIZE, .size = 8);
    FEED (f, tick_size, .req_id = id, .tick_type = TWS_TICK_DELAYED_LAST_SIZE, .size = 2);
    FEED (f, tick_size, .req_id = id, .tick_type = 74, .size = 9999);
    FEED (f, tick_string, .req_id = id, .tick_type = 88, .value = "1736175002");
    FEED (f, tick_price, .req_id = id, .tick_type = 72, .price = 415, .size = 0);   //  HIGH
    q = s_last_quote (f);
    assert_true (q->delayed);
    assert_true (q->bid == 410.1 && q->ask == 410.2 && q->last == 410.15);
    assert_true (q->bid_size == 6 && q->ask_size == 8 && q->last_size == 2);
    assert_true (q->volume == 9999);
    assert_true (q->exch_ts_ns == 1736175002ull * 1000000000ull);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 9);
}

static void
test_unknown_req_id_ignored (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    FEED (f, tick_price, .req_id = 4242, .tick_type = TWS_TICK_BID, .price = 1, .size = 1);
    FEED (f, tick_size, .req_id = 4242, .tick_type = TWS_TICK_BID_SIZE, .size = 1);
    FEED (f, tick_string, .req_id = -1, .tick_type = 45, .value = "1");
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);
    gw_md_stats_t st;
    gw_md_stats (f->md, &st);
    assert_int_equal (st.unknown, 3);
    assert_int_equal (st.ticks, 0);
    assert_int_equal (gw_fake_counter (f->gw, "md_unknown"), 3);

    //  A truncated tick is an error, never a crash.
    tws_reader_t r;
    tws_reader_init (&r, "1000\0" "1", 6);
    assert_true (gw_md_on_tws (f->md, TWS_IN_TICK_PRICE, &r) < 0);
    gw_md_stats (f->md, &st);
    assert_int_equal (st.malformed, 1);
    //  Not a market-data message.
    tws_reader_init (&r, "1\0", 2);
    assert_int_equal (gw_md_on_tws (f->md, TWS_IN_ORDER_STATUS, &r), 0);
}

static void
test_unsubscribe (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    int id = s_req_id (f, "AAPL");
    gw_fake_clear (f->gw);
    s_unsubscribe (f, "aapl");        //  symbols are case-sensitive: not ours
    assert_string_equal (s_reply (f, true)->reason, "not subscribed");
    assert_int_equal (f->gw->frame_count, 0);
    s_unsubscribe (f, "AAPL");
    assert_string_equal (s_reply (f, true)->reason, "unsubscribed");
    assert_int_equal (f->gw->frame_count, 1);
    tws_reader_t r;
    int msg_id;
    assert_int_equal (gw_fake_frame_reader (f->gw, 0, &r, &msg_id), 0);
    assert_int_equal (msg_id, TWS_OUT_CANCEL_MKT_DATA);
    tws_cancel_mkt_data_t c;
    assert_int_equal (tws_cancel_mkt_data_decode (&r, 200, &c), 0);
    assert_int_equal (c.req_id, id);
    assert_int_equal (gw_md_sub_count (f->md), 0);
    //  Late ticks for the cancelled id are unknown.
    FEED (f, tick_price, .req_id = id, .tick_type = TWS_TICK_BID, .price = 1, .size = 1);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);
}

//  --- Sessions -------------------------------------------------------------------------

static void
test_resubscribe_on_session_with_new_ids (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    s_subscribe (f, "MSFT", true);
    int aapl = s_req_id (f, "AAPL"), msft = s_req_id (f, "MSFT");

    //  The socket drops: ids forgotten, subscriptions kept, nothing sent.
    f->gw->up = false;
    gw_md_on_lost (f->md);
    assert_int_equal (s_req_id (f, "AAPL"), 0);
    assert_int_equal (gw_md_sub_count (f->md), 2);
    gw_fake_clear (f->gw);
    f->gw->up = true;
    gw_md_on_session (f->md, true);
    int aapl2 = s_req_id (f, "AAPL"), msft2 = s_req_id (f, "MSFT");
    assert_true (aapl2 > msft && msft2 > msft && aapl2 != msft2);
    //  AAPL (live, the new socket's default) then the type switch and MSFT.
    assert_int_equal (f->gw->frame_count, 3);
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 0, &m);
    assert_int_equal (m.req_id, aapl2);
    s_frame_mkt_data (f, 2, &m);
    assert_int_equal (m.req_id, msft2);
    //  Old ids are dead, new ones live.
    FEED (f, tick_price, .req_id = aapl, .tick_type = TWS_TICK_BID, .price = 1, .size = 1);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);
    FEED (f, tick_price, .req_id = aapl2, .tick_type = TWS_TICK_BID, .price = 2, .size = 1);
    assert_true (s_last_quote (f)->bid == 2);

    //  1101 on the same socket: new ids again, the market data type sent again.
    gw_fake_clear (f->gw);
    gw_md_on_session (f->md, false);
    assert_true (s_req_id (f, "AAPL") > msft2);
    assert_int_equal (f->gw->frame_count, 4);
    FEED (f, tick_price, .req_id = aapl2, .tick_type = TWS_TICK_BID, .price = 3, .size = 1);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_QUOTE), 0);
}

static void
test_subscribe_while_disconnected (void **state)
{
    fixture_t *f = *state;
    f->gw->up = false;
    gw_md_on_lost (f->md);
    s_subscribe (f, "AAPL", false);
    const gw_fake_reply_t *r = s_reply (f, true);
    assert_string_equal (r->reason, "queued until connected");
    assert_string_equal (r->id, "AAPL");
    assert_int_equal (f->gw->frame_count, 0);
    assert_int_equal (s_req_id (f, "AAPL"), 0);
    s_subscribe (f, "AAPL", false);
    assert_non_null (strstr (s_reply (f, true)->reason, "queued until connected"));

    f->gw->up = true;
    gw_md_on_session (f->md, true);
    assert_int_equal (f->gw->frame_count, 1);
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 0, &m);
    assert_int_equal (m.req_id, s_req_id (f, "AAPL"));
    assert_string_equal (m.contract.symbol, "AAPL");
}

//  gw_tws_up is already true in STARTING, but the loop calls on_session only after
//  nextValidId: a subscribe in between waits, or it would go out twice.
static void
test_subscribe_before_first_session (void **state)
{
    fixture_t *f = *state;
    gw_md_destroy (&f->md);
    f->md = gw_md_new (f->gw);
    assert_non_null (f->md);
    s_subscribe (f, "AAPL", false);
    assert_string_equal (s_reply (f, true)->reason, "queued until connected");
    s_hist_req (f, "AAPL", "TRADES", false);
    assert_string_equal (s_reply (f, false)->reason, "not connected");
    assert_int_equal (f->gw->frame_count, 0);
    gw_md_on_session (f->md, true);
    assert_int_equal (f->gw->frame_count, 1);
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 0, &m);
    assert_int_equal (m.req_id, s_req_id (f, "AAPL"));
}

static void
test_paced_and_pending (void **state)
{
    fixture_t *f = *state;
    f->gw->commit_rc = RT_EAGAIN;
    s_subscribe (f, "AAPL", false);
    const gw_fake_reply_t *r = s_reply (f, false);
    assert_string_equal (r->reason, "paced");
    assert_int_equal (r->code, RT_EAGAIN);
    assert_int_equal (gw_md_sub_count (f->md), 0);

    //  A re-issue after a reconnect that meets a full pacer stays pending and goes out with
    //  the next TWS message once the pacer has room.
    f->gw->commit_rc = 0;
    s_subscribe (f, "AAPL", false);
    s_subscribe (f, "MSFT", false);
    gw_md_on_lost (f->md);
    f->gw->commit_rc = RT_EAGAIN;
    gw_md_on_session (f->md, true);
    assert_int_equal (s_req_id (f, "AAPL"), 0);
    gw_fake_clear (f->gw);
    f->gw->commit_rc = 0;
    FEED (f, tick_price, .req_id = 1, .tick_type = 1, .price = 1, .size = 1);
    assert_int_equal (f->gw->frame_count, 2);
    assert_true (s_req_id (f, "AAPL") > 0 && s_req_id (f, "MSFT") > 0);
}

static void
test_table_full (void **state)
{
    fixture_t *f = *state;
    char sym [16];
    for (int i = 0; i < GW_MD_SUBS_MAX; i++) {
        snprintf (sym, sizeof sym, "S%d", i);
        s_subscribe (f, sym, false);
        s_reply (f, true);
    }
    assert_int_equal (gw_md_sub_count (f->md), GW_MD_SUBS_MAX);
    s_subscribe (f, "ONEMORE", false);
    const gw_fake_reply_t *r = s_reply (f, false);
    assert_int_equal (r->code, RT_ERANGE);
    assert_non_null (strstr (r->reason, "table full"));
    //  Every one of them still maps its ticks.
    for (int i = 0; i < GW_MD_SUBS_MAX; i += 17) {
        snprintf (sym, sizeof sym, "S%d", i);
        FEED (f, tick_price, .req_id = s_req_id (f, sym), .tick_type = 1, .price = i + 1,
              .size = 1);
        assert_string_equal (s_last_quote (f)->symbol, sym);
    }
    //  Free one: room again.
    s_unsubscribe (f, "S3");
    s_subscribe (f, "ONEMORE", false);
    s_reply (f, true);
    //  Reconnect churn keeps the map healthy (no tombstones).
    for (int k = 0; k < 50; k++) {
        gw_md_on_lost (f->md);
        gw_fake_clear (f->gw);
        gw_md_on_session (f->md, true);
    }
    assert_int_equal (f->md->map_count, GW_MD_SUBS_MAX);
    FEED (f, tick_price, .req_id = s_req_id (f, "S200"), .tick_type = 2, .price = 5, .size = 1);
    assert_string_equal (s_last_quote (f)->symbol, "S200");
}

static void
test_snapshot (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    s_subscribe (f, "MSFT", true);
    s_hist_req (f, "IBM", "TRADES", true);
    s_hist_req (f, "IBM", "MIDPOINT", false);       //  one-shot: not part of the state
    gw_md_snapshot (f->md, &f->peer);
    assert_int_equal (f->gw->peer_msg_count, 3);
    const rt_md_subscribe_t *a = (const void *) f->gw->peer_msgs [0].body;
    const rt_md_subscribe_t *b = (const void *) f->gw->peer_msgs [1].body;
    assert_int_equal (f->gw->peer_msgs [0].type, RT_TYPE_MD_SUBSCRIBE);
    assert_string_equal (a->symbol, "AAPL");
    assert_string_equal (a->exchange, "SMART");
    assert_false (a->delayed);
    assert_string_equal (b->symbol, "MSFT");
    assert_true (b->delayed);
    assert_int_equal (f->gw->peer_msgs [2].type, RT_TYPE_HIST_REQUEST);
    const rt_hist_request_t *h = (const void *) f->gw->peer_msgs [2].body;
    assert_string_equal (h->symbol, "IBM");
    assert_true (h->keep_up_to_date);
}

//  --- Errors ---------------------------------------------------------------------------

static void
test_errors_routed (void **state)
{
    fixture_t *f = *state;
    s_subscribe (f, "AAPL", false);
    s_subscribe (f, "MSFT", false);
    s_subscribe (f, "IBM", false);
    int aapl = s_req_id (f, "AAPL"), msft = s_req_id (f, "MSFT"), ibm = s_req_id (f, "IBM");

    //  Permission: sys.error at ERROR, the subscription kept and marked.
    FEED (f, err_msg, .req_id = aapl, .code = 10089,
          .message = "Requested market data requires additional subscription for API.");
    const rt_error_event_t *e = s_last_error (f);
    assert_int_equal (e->code, 10089);
    assert_int_equal (e->severity, RT_SEVERITY_ERROR);
    assert_int_equal (e->req_id, aapl);
    assert_non_null (strstr (e->message, "AAPL"));
    assert_int_equal (gw_md_sub_error (f->md, "AAPL", NULL, NULL, NULL), 10089);
    assert_int_equal (gw_md_sub_count (f->md), 3);
    assert_int_equal (s_req_id (f, "AAPL"), 0);

    //  10167: delayed shown instead, information only.
    FEED (f, err_msg, .req_id = msft, .code = 10167,
          .message = "Requested market data is not subscribed. Displaying delayed market data.");
    e = s_last_error (f);
    assert_int_equal (e->severity, RT_SEVERITY_INFO);
    assert_true (gw_md_quote (f->md, "MSFT", NULL, NULL, NULL)->delayed);
    assert_int_equal (s_req_id (f, "MSFT"), msft);

    //  10225 bust: re-requested with a new id.
    gw_fake_clear (f->gw);
    FEED (f, err_msg, .req_id = ibm, .code = 10225, .message = "Bust event occurred");
    int ibm2 = s_req_id (f, "IBM");
    assert_true (ibm2 > ibm);
    assert_int_equal (f->gw->frame_count, 1);
    tws_req_mkt_data_t m;
    s_frame_mkt_data (f, 0, &m);
    assert_int_equal (m.req_id, ibm2);
    //  ... a bounded number of times.
    for (int i = 0; i < GW_MD_RESUB_MAX + 2; i++) {
        int cur = s_req_id (f, "IBM");
        if (cur <= 0)
            break;
        FEED (f, err_msg, .req_id = cur, .code = 10182, .message = "Failed to request live updates");
    }
    assert_int_equal (s_req_id (f, "IBM"), 0);
    assert_int_equal (s_last_error (f)->severity, RT_SEVERITY_ERROR);

    //  101: IB's line limit, routed back as an error.
    s_subscribe (f, "TSLA", false);
    int tsla = s_req_id (f, "TSLA");
    FEED (f, err_msg, .req_id = tsla, .code = 101, .message = "Max number of tickers has been reached");
    e = s_last_error (f);
    assert_int_equal (e->code, 101);
    assert_int_equal (e->severity, RT_SEVERITY_ERROR);
    assert_non_null (strstr (e->message, "TSLA"));
    assert_int_equal (s_req_id (f, "TSLA"), 0);

    //  Not ours: left for the next module, reader untouched.
    tws_err_msg_t em = { .req_id = 777, .code = 200, .message = "No security definition" };
    tws_reader_t r;
    int id;
    assert_int_equal (GW_FAKE_SERVER_MSG (f->gw, err_msg, &em, &r, &id), 0);
    tws_reader_t before = r;
    assert_int_equal (gw_md_on_tws (f->md, id, &r), 0);
    assert_ptr_equal (r.pos, before.pos);
    assert_int_equal (gw_md_on_error (f->md, &em), 0);
    //  The loop may hand the decoded error directly.
    em.req_id = s_req_id (f, "MSFT");
    em.code = 354;
    assert_int_equal (gw_md_on_error (f->md, &em), 1);
    assert_int_equal (gw_md_sub_error (f->md, "MSFT", NULL, NULL, NULL), 354);

    //  A new session clears the marks and re-issues everything.
    gw_md_on_lost (f->md);
    gw_md_on_session (f->md, true);
    assert_int_equal (gw_md_sub_error (f->md, "AAPL", NULL, NULL, NULL), 0);
    assert_true (s_req_id (f, "AAPL") > 0 && s_req_id (f, "IBM") > 0);
}

//  --- Historical -----------------------------------------------------------------------

static void
test_hist_request_and_bars (void **state)
{
    fixture_t *f = *state;
    s_hist_req (f, "AAPL", "", false);
    const gw_fake_reply_t *r = s_reply (f, true);
    assert_string_equal (r->id, "1000");
    assert_non_null (strstr (r->reason, "accepted, req id 1000"));
    assert_int_equal (f->gw->frame_count, 1);
    tws_req_historical_data_t m;
    s_frame_hist (f, 0, &m);
    assert_int_equal (m.req_id, 1000);
    assert_string_equal (m.contract.symbol, "AAPL");
    assert_string_equal (m.contract.exchange, "SMART");
    assert_string_equal (m.bar_size, "1 min");
    assert_string_equal (m.duration, "1 D");
    assert_string_equal (m.what_to_show, "TRADES");
    assert_string_equal (m.end_date_time, "");
    assert_int_equal (m.format_date, 2);
    assert_true (m.use_rth);
    assert_false (m.keep_up_to_date);
    gw_hist_req_t k1 = f->gw->frames [0].hist;
    assert_int_equal (k1.weight, 1);

    //  Identical request: same key (the pacer holds it 15 s), another id.
    s_hist_req (f, "AAPL", "TRADES", false);
    gw_hist_req_t k2 = f->gw->frames [1].hist;
    assert_true (k1.key == k2.key && k1.contract_key == k2.contract_key);
    //  BID_ASK: another key, another contract key, weight 2.
    s_hist_req (f, "AAPL", "BID_ASK", false);
    gw_hist_req_t k3 = f->gw->frames [2].hist;
    assert_true (k3.key != k1.key && k3.contract_key != k1.contract_key);
    assert_int_equal (k3.weight, 2);
    assert_int_equal (gw_md_hist_count (f->md), 3);

    //  Bars for 1000, then the end marker.
    tws_bar_t bars [3] = {
        { .date = "1736173800", .open = 1, .high = 2, .low = 0.5, .close = 1.5, .volume = 100,
          .wap = 1.2, .bar_count = 10 },
        { .date = "1736173860", .open = 1.5, .high = 2.5, .low = 1, .close = 2, .volume = 200,
          .wap = 1.7, .bar_count = 20 },
        { .date = "1736173920", .open = 2, .high = 3, .low = 2, .close = 3, .volume = 300,
          .wap = 2.5, .bar_count = 30 },
    };
    FEED (f, historical_data, .req_id = 1000, .bar_count = 3, .bars = bars);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_BAR), 3);
    const rt_bar_t *b = gw_fake_msg (f->gw, RT_TYPE_BAR, 1);
    assert_string_equal (b->symbol, "AAPL");
    assert_string_equal (b->bar_size, "1 min");
    assert_true (b->ts_ns == 1736173860ull * 1000000000ull);
    assert_true (b->open == 1.5 && b->high == 2.5 && b->low == 1 && b->close == 2);
    assert_true (b->volume == 200 && b->wap == 1.7);
    assert_int_equal (b->count, 20);
    assert_int_equal (b->req_id, 1000);
    assert_true (b->is_final);
    uint32_t i;
    for (i = 0; i < f->gw->msg_count; i++)
        if (f->gw->msgs [i].type == RT_TYPE_BAR)
            break;
    assert_string_equal (f->gw->msgs [i].topic, "md.bar.AAPL");
    assert_int_equal (f->gw->hist_done, 0);

    FEED (f, historical_data_end, .req_id = 1000, .start_date = "20250105 09:30:00",
          .end_date = "20250106 09:30:00");
    assert_int_equal (f->gw->hist_done, 1);
    //  The end is its own message on md.hist.SYMBOL, not an error event.
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_ERROR_EVENT), 0);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_HIST_END), 1);
    const rt_hist_end_t *end = gw_fake_msg (f->gw, RT_TYPE_HIST_END, 0);
    assert_int_equal (end->req_id, 1000);
    assert_true (end->ok);
    assert_int_equal (end->bars, 3);
    assert_false (end->updates);
    assert_string_equal (end->symbol, "AAPL");
    for (i = 0; i < f->gw->msg_count; i++)
        if (f->gw->msgs [i].type == RT_TYPE_HIST_END)
            break;
    assert_string_equal (f->gw->msgs [i].topic, "md.hist.AAPL");
    assert_int_equal (gw_md_hist_count (f->md), 2);
    //  Finished: its id is forgotten.
    FEED (f, historical_data_end, .req_id = 1000);
    assert_int_equal (f->gw->hist_done, 1);

    //  A failed request frees its HMDS slot and says so.
    FEED (f, err_msg, .req_id = 1001, .code = 162,
          .message = "Historical Market Data Service error message:HMDS query returned no data");
    assert_int_equal (f->gw->hist_done, 2);
    const rt_error_event_t *e = s_last_error (f);
    assert_int_equal (e->severity, RT_SEVERITY_ERROR);
    assert_int_equal (e->req_id, 1001);
    end = gw_fake_msg (f->gw, RT_TYPE_HIST_END, 1);
    assert_int_equal (end->req_id, 1001);
    assert_false (end->ok);
    assert_non_null (strstr (end->reason, "no data"));
    assert_int_equal (gw_md_hist_count (f->md), 1);

    //  Lost with the session: the one-shot in flight is reported and forgotten.
    gw_md_on_lost (f->md);
    assert_int_equal (gw_md_hist_count (f->md), 0);
    e = s_last_error (f);
    assert_int_equal (e->code, RT_ECLOSED);
    assert_int_equal (e->req_id, 1002);
    end = gw_fake_msg (f->gw, RT_TYPE_HIST_END, 2);
    assert_int_equal (end->req_id, 1002);
    assert_false (end->ok);
    assert_non_null (strstr (end->reason, "lost with the session"));
    assert_int_equal (f->gw->hist_done, 2);       //  the pacer's reset forgot it

    //  Not connected: refused.
    f->gw->up = false;
    s_hist_req (f, "AAPL", "TRADES", false);
    assert_string_equal (s_reply (f, false)->reason, "not connected");
}

static void
test_hist_bad_fields (void **state)
{
    fixture_t *f = *state;
    rt_hist_request_t m;
    memset (&m, 0, sizeof m);
    snprintf (m.symbol, sizeof m.symbol, "AAPL");
    snprintf (m.duration, sizeof m.duration, "1 D");
    snprintf (m.bar_size, sizeof m.bar_size, "7 mins");
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field bar_size");
    snprintf (m.bar_size, sizeof m.bar_size, "5 mins");
    snprintf (m.duration, sizeof m.duration, "1 X");
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field duration");
    snprintf (m.duration, sizeof m.duration, "2 W");
    snprintf (m.what_to_show, sizeof m.what_to_show, "QUOTES");
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field what_to_show");
    snprintf (m.what_to_show, sizeof m.what_to_show, "midpoint");
    snprintf (m.end, sizeof m.end, "20250106-16:00:00");
    m.keep_up_to_date = true;
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    assert_string_equal (s_reply (f, false)->reason, "bad field end");
    assert_int_equal (f->gw->frame_count, 0);
    m.keep_up_to_date = false;
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    s_reply (f, true);
    tws_req_historical_data_t h;
    s_frame_hist (f, 0, &h);
    assert_string_equal (h.what_to_show, "MIDPOINT");
    assert_string_equal (h.end_date_time, "20250106-16:00:00");
    //  The pacer is full: "paced", nothing kept.
    f->gw->commit_rc = RT_EAGAIN;
    snprintf (m.duration, sizeof m.duration, "3 W");
    s_command (f, RT_TYPE_HIST_REQUEST, &m);
    assert_string_equal (s_reply (f, false)->reason, "paced");
    assert_int_equal (gw_md_hist_count (f->md), 1);
}

static void
test_hist_keep_up_to_date (void **state)
{
    fixture_t *f = *state;
    s_hist_req (f, "AAPL", "TRADES", true);
    assert_string_equal (s_reply (f, true)->id, "1000");
    tws_req_historical_data_t m;
    s_frame_hist (f, 0, &m);
    assert_true (m.keep_up_to_date);
    //  The same request again: the open one.
    s_hist_req (f, "AAPL", "TRADES", true);
    const gw_fake_reply_t *r = s_reply (f, true);
    assert_string_equal (r->id, "1000");
    assert_non_null (strstr (r->reason, "already"));
    assert_int_equal (f->gw->frame_count, 1);

    tws_bar_t bars [1] = {
        { .date = "1736173800", .open = 1, .high = 2, .low = 0.5, .close = 1.5, .volume = 100,
          .wap = 1.2, .bar_count = 10 } };
    FEED (f, historical_data, .req_id = 1000, .bar_count = 1, .bars = bars);
    FEED (f, historical_data_end, .req_id = 1000);
    assert_int_equal (f->gw->hist_done, 1);
    assert_int_equal (gw_md_hist_count (f->md), 1);
    uint32_t ends = gw_fake_msg_count (f->gw, RT_TYPE_HIST_END);
    assert_true (ends > 0);
    const rt_hist_end_t *end = gw_fake_msg (f->gw, RT_TYPE_HIST_END, ends - 1);
    assert_true (end->ok);
    assert_true (end->updates);

    //  The forming bar: note the wire order open, close, high, low.
    FEED (f, historical_data_update, .req_id = 1000,
          .bar = { .bar_count = -1, .date = "1736173860", .open = 1.5, .close = 1.6,
                   .high = 1.7, .low = 1.4, .wap = 1.55, .volume = 50 });
    const rt_bar_t *b = gw_fake_msg (f->gw, RT_TYPE_BAR, 1);
    assert_non_null (b);
    assert_false (b->is_final);
    assert_true (b->open == 1.5 && b->close == 1.6 && b->high == 1.7 && b->low == 1.4);
    assert_true (b->volume == 50 && b->wap == 1.55);
    assert_int_equal (b->count, 0);
    assert_true (b->ts_ns == 1736173860ull * 1000000000ull);

    //  Reconnect: re-issued with a new id; the old id is dead.
    gw_md_on_lost (f->md);
    gw_fake_clear (f->gw);
    gw_md_on_session (f->md, true);
    assert_int_equal (f->gw->frame_count, 1);
    s_frame_hist (f, 0, &m);
    assert_true (m.req_id > 1000);
    assert_true (m.keep_up_to_date);
    FEED (f, historical_data_update, .req_id = 1000, .bar = { .date = "1736173860" });
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_BAR), 0);
    FEED (f, historical_data_update, .req_id = m.req_id,
          .bar = { .date = "1736173920", .open = 1, .close = 1, .high = 1, .low = 1 });
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_BAR), 1);
    assert_int_equal (((const rt_bar_t *) gw_fake_msg (f->gw, RT_TYPE_BAR, 0))->req_id,
                      m.req_id);

    //  1101 while the initial load is open: the pacer's open slot is given back; a one-shot
    //  in flight is reported lost under its own id.
    s_hist_req (f, "MSFT", "TRADES", false);
    int one_shot = atoi (s_reply (f, true)->id);
    uint32_t done = f->gw->hist_done;
    gw_md_on_session (f->md, false);
    assert_int_equal (f->gw->hist_done, done + 2);
    assert_int_equal (gw_md_hist_count (f->md), 1);
    const rt_error_event_t *e = s_last_error (f);
    assert_int_equal (e->code, RT_ECLOSED);
    assert_int_equal (e->req_id, one_shot);
}

//  Below 196: start/end in message 17, no 108; the end is implied.
static void
test_hist_old_form (void **state)
{
    fixture_t *f = *state;
    s_hist_req (f, "AAPL", "TRADES", false);
    tws_bar_t bars [2] = {
        { .date = "20250106", .open = 1, .high = 2, .low = 1, .close = 2, .volume = 5,
          .wap = 1.5, .bar_count = 1 },
        { .date = "20250107", .open = 2, .high = 3, .low = 2, .close = 3, .volume = 6,
          .wap = 2.5, .bar_count = 2 } };
    FEED (f, historical_data, .req_id = 1000, .start_date = "20250106 00:00:00",
          .end_date = "20250108 00:00:00", .bar_count = 2, .bars = bars);
    assert_int_equal (gw_fake_msg_count (f->gw, RT_TYPE_BAR), 2);
    const rt_bar_t *b = gw_fake_msg (f->gw, RT_TYPE_BAR, 1);
    assert_true (b->ts_ns == 1736208000ull * 1000000000ull);     //  2025-01-07 00:00 UTC
    assert_int_equal (f->gw->hist_done, 1);
    assert_int_equal (gw_md_hist_count (f->md), 0);
}

static void
test_bar_dates (void **state)
{
    (void) state;
    uint64_t t;
    assert_int_equal (gw_md_parse_bar_date ("1736173800", &t), 0);
    assert_true (t == 1736173800ull * 1000000000ull);
    assert_int_equal (gw_md_parse_bar_date ("19700102", &t), 0);
    assert_true (t == 86400ull * 1000000000ull);
    assert_int_equal (gw_md_parse_bar_date ("20250106-14:30:00", &t), 0);
    assert_true (t == 1736173800ull * 1000000000ull);
    assert_int_equal (gw_md_parse_bar_date ("20250106 14:30:00 UTC", &t), 0);
    assert_true (t == 1736173800ull * 1000000000ull);
    //  Winter: EST, UTC-5.
    assert_int_equal (gw_md_parse_bar_date ("20250106 09:30:00 US/Eastern", &t), 0);
    assert_true (t == 1736173800ull * 1000000000ull);
    //  Summer: EDT, UTC-4 (2025-07-01 09:30 EDT = 13:30 UTC = 1751376600).
    assert_int_equal (gw_md_parse_bar_date ("20250701  09:30:00 America/New_York", &t), 0);
    assert_true (t == 1751376600ull * 1000000000ull);
    //  DST edges 2025: starts Sun 9 March 02:00, ends Sun 2 November 02:00.
    assert_int_equal (gw_md_parse_bar_date ("20250309 01:59:00 US/Eastern", &t), 0);
    assert_true (t == (1741503540ull) * 1000000000ull);          //  06:59 UTC
    assert_int_equal (gw_md_parse_bar_date ("20250309 03:00:00 US/Eastern", &t), 0);
    assert_true (t == (1741503600ull) * 1000000000ull);          //  07:00 UTC
    assert_int_equal (gw_md_parse_bar_date ("20251102 02:30:00 US/Eastern", &t), 0);
    assert_true (t == (1762068600ull) * 1000000000ull);          //  07:30 UTC (EST)

    assert_int_equal (gw_md_parse_bar_date ("", &t), RT_EINVAL);
    assert_int_equal (gw_md_parse_bar_date ("2025010", &t), 0);  //  7 digits: epoch s
    assert_int_equal (gw_md_parse_bar_date ("20251301", &t), RT_EINVAL);
    assert_int_equal (gw_md_parse_bar_date ("20250106 9:30", &t), RT_EINVAL);
    assert_int_equal (gw_md_parse_bar_date ("20250106 09:30:00 Europe/Paris", &t), RT_EINVAL);
    assert_int_equal (gw_md_parse_bar_date ("123456789012345", &t), RT_EINVAL);
    assert_int_equal (gw_md_parse_bar_date ("abc", &t), RT_EINVAL);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_subscribe_sends_req_mkt_data, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_subscribe_delayed_sets_market_data_type, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_bad_fields, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_ticks_make_quotes, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_ticks_make_quotes, s_setup_187, s_teardown),
        cmocka_unit_test_setup_teardown (test_delayed_ticks, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unknown_req_id_ignored, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unsubscribe, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_resubscribe_on_session_with_new_ids, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_subscribe_while_disconnected, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_subscribe_before_first_session, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_paced_and_pending, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_table_full, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_snapshot, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_errors_routed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_errors_routed, s_setup_187, s_teardown),
        cmocka_unit_test_setup_teardown (test_hist_request_and_bars, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_hist_bad_fields, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_hist_keep_up_to_date, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_hist_old_form, s_setup_187, s_teardown),
        cmocka_unit_test (test_bar_dates),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
