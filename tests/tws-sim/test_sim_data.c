/*  test_sim_data.c - tws-sim's data requests: market data (live, delayed, snapshot, blast),
    historical bars at 200 and 176, keepUpToDate, real-time bars, contract details, account
    and position requests.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "sim_harness.h"

static sim_proc_t s_sim;
static tc_t *s_a;

static int
s_setup (void **state)
{
    (void) state;
    s_a = tc_new ();
    return s_a? 0: -1;
}

static int
s_teardown (void **state)
{
    (void) state;
    tc_destroy (&s_a);
    if (s_sim.pid > 0)
        assert_int_equal (sim_stop (&s_sim), 0);
    return 0;
}

static void
s_ready (const char *version, int client_max, const char *blast)
{
    const char *flags [] = { "--tick-ms", "0", "--server-version", version,
                             blast ? "--blast" : NULL, blast, NULL };
    assert_int_equal (sim_start (&s_sim, flags), 0);
    assert_int_equal (tc_connect (s_a, s_sim.port), 0);
    assert_int_equal (tc_hello (s_a, 100, client_max, 3000), 0);
    assert_int_equal (tc_start (s_a, 1, NULL), 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 2158, 3000), 0);
}

static void
s_contract (tws_contract_t *c, const char *symbol)
{
    tws_contract_init (c);
    snprintf (c->symbol, sizeof c->symbol, "%s", symbol);
    strcpy (c->sec_type, "STK");
    strcpy (c->exchange, "SMART");
    strcpy (c->currency, "USD");
}

static void
s_mkt (int req_id, const char *symbol, bool snapshot)
{
    static tws_req_mkt_data_t m;
    memset (&m, 0, sizeof m);
    m.req_id = req_id;
    s_contract (&m.contract, symbol);
    m.snapshot = snapshot;
    int rc;
    TC_SEND (rc, s_a, req_mkt_data, &m);
    assert_int_equal (rc, 0);
}

static void
s_tick (tws_tick_price_t *t)
{
    tws_reader_t r;
    tws_reader_init (&r, s_a->frame, s_a->frame_len);
    int id;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_tick_price_decode (&r, s_a->version, t), 0);
}

static void
test_market_data (void **state)
{
    (void) state;
    s_ready ("200", 200, NULL);
    //  Live: tickReqParams, marketDataType 1, then BID price.
    s_mkt (1, "AAPL", false);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_TICK_REQ_PARAMS);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_MARKET_DATA_TYPE);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_TICK_PRICE);
    tws_tick_price_t t;
    s_tick (&t);
    assert_int_equal (t.req_id, 1);
    assert_int_equal (t.tick_type, TWS_TICK_BID);
    assert_true (t.price > 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_STRING, 0, 3000), 0);
    while (tc_recv (s_a, 100) == 0)
        ;
    //  Ticks follow the market.
    assert_true (sim_ctl_ok (&s_sim, "advance 2000"));
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_PRICE, 0, 3000), 0);
    //  Delayed (type 3): delayed tick types.
    tws_req_market_data_type_t mdt = { .market_data_type = 3 };
    int rc;
    TC_SEND (rc, s_a, req_market_data_type, &mdt);
    assert_int_equal (rc, 0);
    s_mkt (2, "MSFT", false);
    bool delayed_bid = false;
    while (!delayed_bid && tc_recv (s_a, 1000) == 0)
        if (s_a->msg_id == TWS_IN_TICK_PRICE) {
            s_tick (&t);
            if (t.req_id == 2) {
                assert_true (t.tick_type >= 66);
                delayed_bid = t.tick_type == TWS_TICK_DELAYED_BID;
            }
        }
    assert_true (delayed_bid);
    //  Snapshot: ends with tickSnapshotEnd.
    s_mkt (3, "SPY", true);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_TICK_SNAPSHOT_END, 0, 3000), 0);
    //  Unknown contract: 200 for that reqId.
    s_mkt (4, "NOPE", false);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_ERR_MSG, 200, 3000), 0);
    //  Cancel: no more ticks for reqId 1.
    tws_cancel_mkt_data_t cm = { .req_id = 1 };
    TC_SEND (rc, s_a, cancel_mkt_data, &cm);
    assert_int_equal (rc, 0);
    tws_cancel_mkt_data_t cm2 = { .req_id = 2 };
    TC_SEND (rc, s_a, cancel_mkt_data, &cm2);
    assert_int_equal (rc, 0);
    while (tc_recv (s_a, 200) == 0)
        ;
    assert_true (sim_ctl_ok (&s_sim, "advance 5000"));
    assert_int_equal (tc_recv (s_a, 300), -1);
}

static void
s_hist (int req_id, bool keep)
{
    static tws_req_historical_data_t h;
    memset (&h, 0, sizeof h);
    h.req_id = req_id;
    s_contract (&h.contract, "AAPL");
    strcpy (h.bar_size, "1 min");
    strcpy (h.duration, "3600 S");
    strcpy (h.what_to_show, "TRADES");
    h.format_date = 1;
    h.keep_up_to_date = keep;
    int rc;
    TC_SEND (rc, s_a, req_historical_data, &h);
    assert_int_equal (rc, 0);
}

static int
s_bars (void)
{
    tws_reader_t r;
    tws_reader_init (&r, s_a->frame, s_a->frame_len);
    int id;
    tws_historical_data_t hd;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_historical_data_decode (&r, s_a->version, &hd), 0);
    for (int i = 0; i < hd.bar_count; i++) {
        tws_bar_t bar;
        assert_int_equal (tws_bar_decode (&r, s_a->version, &bar), 0);
        assert_true (bar.low <= bar.open && bar.open <= bar.high);
    }
    return hd.bar_count;
}

static void
test_historical_200 (void **state)
{
    (void) state;
    s_ready ("200", 200, NULL);
    s_hist (7, true);
    assert_int_equal (tc_recv (s_a, 5000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_HISTORICAL_DATA);
    int nbars = s_bars ();     //  the last bar may be partial, as IB gives it
    assert_true (nbars == 60 || nbars == 61);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_HISTORICAL_DATA_END);
    //  keepUpToDate: updates of the bar being built.
    assert_true (sim_ctl_ok (&s_sim, "advance 3000"));
    assert_int_equal (tc_wait_for (s_a, TWS_IN_HISTORICAL_DATA_UPDATE, 0, 3000), 0);
    //  Real-time bars: one per 5 s of market time.
    static tws_req_real_time_bars_t rt;
    memset (&rt, 0, sizeof rt);
    rt.req_id = 8;
    s_contract (&rt.contract, "AAPL");
    rt.bar_size = 5;
    strcpy (rt.what_to_show, "MIDPOINT");
    int rc;
    TC_SEND (rc, s_a, req_real_time_bars, &rt);
    assert_int_equal (rc, 0);
    tws_cancel_historical_data_t ch = { .req_id = 7 };
    TC_SEND (rc, s_a, cancel_historical_data, &ch);
    assert_int_equal (rc, 0);
    while (tc_recv (s_a, 200) == 0)
        ;
    assert_true (sim_ctl_ok (&s_sim, "advance 20000"));
    int bars = 0;
    while (tc_recv (s_a, 300) == 0) {
        assert_int_equal (s_a->msg_id, TWS_IN_REAL_TIME_BARS);
        bars++;
    }
    assert_true (bars >= 3 && bars <= 5);
}

static void
test_historical_176 (void **state)
{
    (void) state;
    s_ready ("176", 178, NULL);
    s_hist (9, false);
    assert_int_equal (tc_recv (s_a, 5000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_HISTORICAL_DATA);
    int nbars = s_bars ();     //  the last bar may be partial, as IB gives it
    assert_true (nbars == 60 || nbars == 61);
    //  No message 108 below 196: start/end travel in message 17.
    assert_int_equal (tc_recv (s_a, 300), -1);
}

static void
test_contract_and_account (void **state)
{
    (void) state;
    s_ready ("200", 200, NULL);
    static tws_req_contract_details_t cd;
    memset (&cd, 0, sizeof cd);
    cd.req_id = 3;
    s_contract (&cd.contract, "MSFT");
    int rc;
    TC_SEND (rc, s_a, req_contract_details, &cd);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_CONTRACT_DATA);
    static tws_contract_data_t d;
    tws_reader_t r;
    tws_reader_init (&r, s_a->frame, s_a->frame_len);
    int id;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_contract_data_decode (&r, s_a->version, &d), 0);
    assert_int_equal (d.contract.con_id, 272093);
    assert_int_equal (tc_recv (s_a, 3000), 0);
    assert_int_equal (s_a->msg_id, TWS_IN_CONTRACT_DATA_END);
    //  Account updates: values, then time, then download end.
    tws_req_account_updates_t au = { .subscribe = true };
    TC_SEND (rc, s_a, req_account_updates, &au);
    assert_int_equal (rc, 0);
    int values = 0;
    for (;;) {
        assert_int_equal (tc_recv (s_a, 3000), 0);
        if (s_a->msg_id == TWS_IN_ACCT_DOWNLOAD_END)
            break;
        values += s_a->msg_id == TWS_IN_ACCT_VALUE;
    }
    assert_true (values > 3);
    tws_req_account_summary_t as;
    memset (&as, 0, sizeof as);
    as.req_id = 4;
    strcpy (as.group, "All");
    strcpy (as.tags, "NetLiquidation,BuyingPower");
    TC_SEND (rc, s_a, req_account_summary, &as);
    assert_int_equal (rc, 0);
    int summary = 0;
    for (;;) {
        assert_int_equal (tc_recv (s_a, 3000), 0);
        if (s_a->msg_id == TWS_IN_ACCOUNT_SUMMARY_END)
            break;
        summary += s_a->msg_id == TWS_IN_ACCOUNT_SUMMARY;
    }
    assert_int_equal (summary, 2);
    tws_req_positions_t pq = { 0 };
    TC_SEND (rc, s_a, req_positions, &pq);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_POSITION_END, 0, 3000), 0);
    tws_req_pnl_t pnl;
    memset (&pnl, 0, sizeof pnl);
    pnl.req_id = 6;
    strcpy (pnl.account, "DU1234567");
    TC_SEND (rc, s_a, req_pnl, &pnl);
    assert_int_equal (rc, 0);
    assert_int_equal (tc_wait_for (s_a, TWS_IN_PNL, 0, 3000), 0);
}

static void
test_blast (void **state)
{
    (void) state;
    const long n = 200000;
    s_ready ("200", 200, "200000");
    struct timespec t0, t1;
    clock_gettime (CLOCK_MONOTONIC, &t0);
    s_mkt (5, "AAPL", false);
    long ticks = 0;
    while (tc_recv (s_a, 500) == 0) {
        int id = s_a->msg_id;
        assert_true (id == TWS_IN_TICK_PRICE || id == TWS_IN_TICK_SIZE
                  || id == TWS_IN_TICK_STRING || id == TWS_IN_TICK_REQ_PARAMS
                  || id == TWS_IN_MARKET_DATA_TYPE);
        if (id == TWS_IN_TICK_PRICE) {
            tws_tick_price_t t;
            s_tick (&t);
            assert_int_equal (t.req_id, 5);
        }
        ticks += id == TWS_IN_TICK_PRICE || id == TWS_IN_TICK_SIZE || id == TWS_IN_TICK_STRING;
    }
    clock_gettime (CLOCK_MONOTONIC, &t1);
    //  The initial full set (a handful of ticks) plus exactly n blast frames.
    assert_true (ticks >= n && ticks <= n + 16);
    double secs = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message ("blast: %ld frames in %.3f s (incl. 0.5 s idle wait) through the test"
                   " client\n", ticks, secs);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_market_data, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_historical_200, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_historical_176, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_contract_and_account, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_blast, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
