/*  Byte-level vectors at server versions 176, 187 and 200, written from
    tws-api-protocol.md section 4 (fields separated as "x\0" literals so a reader can check
    them against the doc), plus the field counts the doc gives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tws_frame.h"
#include "tws_msg.h"

static uint8_t s_buf [65536];
static const uint8_t *s_payload;
static size_t s_len;

#define ENCODE(name, sv, m) do { \
    tws_writer_t w_; \
    tws_writer_init (&w_, s_buf, sizeof s_buf); \
    assert_int_equal (tws_##name##_encode (&w_, (sv), (m)), 0); \
    assert_int_equal (tws_writer_finish (&w_, NULL), 0); \
    s_payload = tws_writer_payload (&w_, &s_len); \
} while (0)

#define EXPECT(lit) do { \
    assert_int_equal (s_len, sizeof (lit) - 1); \
    assert_memory_equal (s_payload, (lit), sizeof (lit) - 1); \
} while (0)

//  Decode a literal (after its id) into m.
#define DECODE(name, sv, lit, m) do { \
    tws_reader_t r_; \
    int id_; \
    tws_reader_init (&r_, (lit), sizeof (lit) - 1); \
    assert_int_equal (tws_msg_id_read (&r_, &id_), 0); \
    assert_int_equal (tws_##name##_decode (&r_, (sv), (m)), 0); \
    assert_true (tws_reader_at_end (&r_)); \
} while (0)

//  Fields after the id in the last encoded payload.
static int
s_fields_after_id (void)
{
    int n = 0;
    for (size_t i = 0; i < s_len; i++)
        n += s_payload [i] == 0;
    return n - 1;
}

static void
s_aapl (tws_contract_t *c)
{
    tws_contract_init (c);
    strcpy (c->symbol, "AAPL");
    strcpy (c->sec_type, "STK");
    strcpy (c->exchange, "SMART");
    strcpy (c->currency, "USD");
}

static void
s_lmt_order (tws_place_order_t *m)
{
    memset (m, 0, sizeof *m);
    s_aapl (&m->contract);
    tws_order_init (&m->order);
    m->order_id = m->order.order_id = 11;
    strcpy (m->order.action, "BUY");
    m->order.total_quantity = 100;
    strcpy (m->order.order_type, "LMT");
    m->order.lmt_price = 150.25;
    strcpy (m->order.tif, "DAY");
}

#define MAX "1.7976931348623157e+308\0"

//  placeOrder (3), simple DAY LMT BUY 100 AAPL @150.25: section 4.1's 118 fields at 200.
static const char s_place_200 [] =
    "3\0"
    "11\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0" "\0" "SMART\0" "\0"           //  1-10
    "USD\0" "\0" "\0" "\0" "\0" "BUY\0" "100\0" "LMT\0" "150.25\0" "\0"        //  11-20
    "DAY\0" "\0" "\0" "\0" "0\0" "\0" "1\0" "0\0" "0\0" "0\0"                  //  21-30
    "0\0" "0\0" "0\0" "0\0" "\0" "0\0" "\0" "\0" "\0" "\0"                     //  31-40
    "\0" "\0" "0\0" "\0" "-1\0" "0\0" "\0" "\0" "0\0" "\0"                     //  41-50
    "\0" "0\0" "0\0" "\0" "0\0" "\0" "\0" "\0" "\0" "\0"                       //  51-60
    "0\0" "\0" "\0" "\0" "\0" "0\0" "\0" "\0" "\0" "\0"                        //  61-70
    "\0" "\0" "\0" "\0" "\0" "\0" "0\0" "\0" "\0" "0\0"                        //  71-80
    "0\0" "\0" "\0" "0\0" "\0" "0\0" "0\0" "0\0" "0\0" "\0"                    //  81-90
    MAX MAX MAX MAX MAX "0\0" "\0" "\0" "\0" MAX                               //  91-100
    "\0" "\0" "\0" "\0" "0\0" "0\0" "0\0" "\0" "2147483647\0" "2147483647\0"   //  101-110
    "0\0" "\0" "\0" "\0" "0\0" "0\0" "2147483647\0" "0\0";                     //  111-118

static void
test_place_order (void **state)
{
    (void) state;
    tws_place_order_t m, back;
    s_lmt_order (&m);
    ENCODE (place_order, 200, &m);
    assert_int_equal (s_fields_after_id (), 118);
    EXPECT (s_place_200);
    DECODE (place_order, 200, s_place_200, &back);
    assert_memory_equal (&back.contract, &m.contract, sizeof m.contract);
    assert_memory_equal (&back.order, &m.order, sizeof m.order);
    assert_int_equal (back.order_id, 11);

    ENCODE (place_order, 176, &m);
    assert_int_equal (s_fields_after_id (), 114);
    ENCODE (place_order, 187, &m);
    assert_int_equal (s_fields_after_id (), 117);
    ENCODE (place_order, 190, &m);
    assert_int_equal (s_fields_after_id (), 116);
    ENCODE (place_order, 192, &m);
    assert_int_equal (s_fields_after_id (), 117);
    //  STP: the stop price goes in auxPrice.
    strcpy (m.order.order_type, "STP");
    m.order.lmt_price = TWS_UNSET_DOUBLE;
    m.order.aux_price = 140.0;
    ENCODE (place_order, 200, &m);
    assert_non_null (memmem (s_payload, s_len, "STP\0\0" "140.0\0", 11));
}

static void
test_cancel_order (void **state)
{
    (void) state;
    tws_cancel_order_t m, back;
    tws_cancel_order_init (&m);
    m.order_id = 11;
    ENCODE (cancel_order, 176, &m);
    EXPECT ("4\0" "1\0" "11\0" "\0");
    ENCODE (cancel_order, 187, &m);
    EXPECT ("4\0" "1\0" "11\0" "\0" "\0" "\0" "2147483647\0");
    ENCODE (cancel_order, 200, &m);
    EXPECT ("4\0" "11\0" "\0" "\0" "2147483647\0");
    DECODE (cancel_order, 200, "4\0" "11\0" "\0" "\0" "2147483647\0", &back);
    assert_memory_equal (&back, &m, sizeof m);
    DECODE (cancel_order, 187, "4\0" "1\0" "11\0" "\0" "\0" "\0" "2147483647\0", &back);
    assert_int_equal (back.order_id, 11);

    tws_req_global_cancel_t g;
    tws_req_global_cancel_init (&g);
    ENCODE (req_global_cancel, 176, &g);
    EXPECT ("58\0" "1\0");
    ENCODE (req_global_cancel, 187, &g);
    EXPECT ("58\0" "1\0");
    ENCODE (req_global_cancel, 200, &g);
    EXPECT ("58\0" "\0" "2147483647\0");
}

static void
test_requests (void **state)
{
    (void) state;
    const int versions [] = { 176, 187, 200 };
    for (int i = 0; i < 3; i++) {
        int sv = versions [i];
        tws_start_api_t sa = { 7, "" };
        ENCODE (start_api, sv, &sa);
        EXPECT ("71\0" "2\0" "7\0" "\0");
        tws_empty_t e = { 0 };
        ENCODE (req_current_time, sv, &e);      EXPECT ("49\0" "1\0");
        ENCODE (req_positions, sv, &e);         EXPECT ("61\0" "1\0");
        ENCODE (cancel_positions, sv, &e);      EXPECT ("64\0" "1\0");
        ENCODE (req_open_orders, sv, &e);       EXPECT ("5\0" "1\0");
        ENCODE (req_all_open_orders, sv, &e);   EXPECT ("16\0" "1\0");
        ENCODE (req_managed_accts, sv, &e);     EXPECT ("17\0" "1\0");
        tws_req_ids_t ids = { 1 };
        ENCODE (req_ids, sv, &ids);             EXPECT ("8\0" "1\0" "1\0");
        tws_req_account_summary_t as = { 3, "All", "NetLiquidation,BuyingPower" };
        ENCODE (req_account_summary, sv, &as);
        EXPECT ("62\0" "1\0" "3\0" "All\0" "NetLiquidation,BuyingPower\0");
        tws_req_id_t rid = { 3 };
        ENCODE (cancel_account_summary, sv, &rid); EXPECT ("63\0" "1\0" "3\0");
        ENCODE (cancel_mkt_data, sv, &rid);        EXPECT ("2\0" "2\0" "3\0");
        ENCODE (cancel_historical_data, sv, &rid); EXPECT ("25\0" "1\0" "3\0");
        ENCODE (cancel_real_time_bars, sv, &rid);  EXPECT ("51\0" "1\0" "3\0");
        ENCODE (cancel_pnl, sv, &rid);             EXPECT ("93\0" "3\0");
        ENCODE (cancel_pnl_single, sv, &rid);      EXPECT ("95\0" "3\0");
        tws_req_account_updates_t au = { true, "DU123" };
        ENCODE (req_account_updates, sv, &au);  EXPECT ("6\0" "2\0" "1\0" "DU123\0");
        tws_req_market_data_type_t mdt = { 3 };
        ENCODE (req_market_data_type, sv, &mdt); EXPECT ("59\0" "1\0" "3\0");
        tws_req_auto_open_orders_t ao = { true };
        ENCODE (req_auto_open_orders, sv, &ao); EXPECT ("15\0" "1\0" "1\0");
        tws_req_completed_orders_t co = { false };
        ENCODE (req_completed_orders, sv, &co); EXPECT ("99\0" "0\0");
        tws_req_pnl_t pnl = { 5, "DU123", "" };
        ENCODE (req_pnl, sv, &pnl);             EXPECT ("92\0" "5\0" "DU123\0" "\0");
        tws_req_pnl_single_t ps = { 6, "DU123", "", 265598 };
        ENCODE (req_pnl_single, sv, &ps);       EXPECT ("94\0" "6\0" "DU123\0" "\0" "265598\0");

        tws_req_mkt_data_t md;
        memset (&md, 0, sizeof md);
        s_aapl (&md.contract);
        strcpy (md.contract.primary_exchange, "NASDAQ");
        md.req_id = 9;
        strcpy (md.generic_tick_list, "233");
        ENCODE (req_mkt_data, sv, &md);
        EXPECT ("1\0" "11\0" "9\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0" "\0" "SMART\0"
                "NASDAQ\0" "USD\0" "\0" "\0" "0\0" "233\0" "0\0" "0\0" "\0");

        tws_req_historical_data_t hd;
        memset (&hd, 0, sizeof hd);
        s_aapl (&hd.contract);
        hd.req_id = 4;
        strcpy (hd.bar_size, "1 min");
        strcpy (hd.duration, "1 D");
        hd.use_rth = true;
        strcpy (hd.what_to_show, "TRADES");
        hd.format_date = 2;
        ENCODE (req_historical_data, sv, &hd);
        EXPECT ("20\0" "4\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0" "\0" "SMART\0" "\0" "USD\0"
                "\0" "\0" "0\0" "\0" "1 min\0" "1 D\0" "1\0" "TRADES\0" "2\0" "0\0" "\0");

        tws_req_real_time_bars_t rb;
        memset (&rb, 0, sizeof rb);
        s_aapl (&rb.contract);
        rb.req_id = 5;
        rb.bar_size = 5;
        strcpy (rb.what_to_show, "MIDPOINT");
        ENCODE (req_real_time_bars, sv, &rb);
        EXPECT ("50\0" "3\0" "5\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0" "\0" "SMART\0" "\0"
                "USD\0" "\0" "\0" "5\0" "MIDPOINT\0" "0\0" "\0");

        tws_req_contract_details_t cd;
        memset (&cd, 0, sizeof cd);
        s_aapl (&cd.contract);
        cd.req_id = 6;
        ENCODE (req_contract_details, sv, &cd);
        EXPECT ("9\0" "8\0" "6\0" "0\0" "AAPL\0" "STK\0" "\0" "\0" "\0" "\0" "SMART\0" "\0"
                "USD\0" "\0" "\0" "0\0" "\0" "\0" "\0");

        tws_req_executions_t ex;
        tws_req_executions_init (&ex);
        ex.req_id = 4;
        ENCODE (req_executions, sv, &ex);
        if (sv >= 200)
            EXPECT ("7\0" "3\0" "4\0" "0\0" "\0" "\0" "\0" "\0" "\0" "\0" "2147483647\0" "0\0");
        else
            EXPECT ("7\0" "3\0" "4\0" "0\0" "\0" "\0" "\0" "\0" "\0" "\0");
    }
    tws_empty_t e = { 0 };
    ENCODE (req_current_time_millis, 200, &e);
    EXPECT ("105\0");
    tws_writer_t w;
    tws_writer_init (&w, s_buf, sizeof s_buf);
    assert_int_equal (tws_req_current_time_millis_encode (&w, 187, &e), RT_EVERSION);
    assert_int_equal (tws_req_current_time_millis_encode (&w, 156, &e), RT_EVERSION);
}

static void
test_err_msg (void **state)
{
    (void) state;
    tws_err_msg_t m;
    static const char v200 [] = "4\0" "9002\0" "10089\0"
        "Requested market data requires additional subscription for API\0" "\0"
        "1772160892101\0";
    DECODE (err_msg, 200, v200, &m);
    assert_int_equal (m.req_id, 9002);
    assert_int_equal (m.code, 10089);
    assert_true (m.error_time == 1772160892101LL);
    ENCODE (err_msg, 200, &m);
    EXPECT (v200);
    static const char v176 [] = "4\0" "2\0" "-1\0" "2104\0"
        "Market data farm connection is OK:usfarm\0" "\0";
    DECODE (err_msg, 176, v176, &m);
    assert_int_equal (m.req_id, -1);
    assert_int_equal (m.code, 2104);
    assert_true (m.error_time == 0);
    ENCODE (err_msg, 187, &m);
    EXPECT (v176);
}

static void
test_server_messages (void **state)
{
    (void) state;
    tws_tick_price_t tp;
    DECODE (tick_price, 200, "1\0" "6\0" "9\0" "1\0" "150.25\0" "300\0" "3\0", &tp);
    assert_int_equal (tp.req_id, 9);
    assert_int_equal (tp.tick_type, TWS_TICK_BID);
    assert_true (tp.price == 150.25 && tp.size == 300);
    assert_int_equal (tp.attr_mask, TWS_ATTR_CAN_AUTO_EXECUTE | TWS_ATTR_PAST_LIMIT);
    DECODE (tick_price, 176, "1\0" "2\0" "9\0" "2\0" "-1.0\0" "\0" "0\0", &tp);
    assert_true (tp.price == -1.0 && tp.size == TWS_UNSET_DECIMAL);
    tws_tick_price_t tp2 = { 9, 4, 140.0, 0.5, 0 };
    ENCODE (tick_price, 200, &tp2);
    EXPECT ("1\0" "6\0" "9\0" "4\0" "140.0\0" "0.5\0" "0\0");
    tws_tick_size_t tsz;
    DECODE (tick_size, 200, "2\0" "6\0" "9\0" "8\0" "123456\0", &tsz);
    assert_true (tsz.size == 123456);
    tws_tick_string_t tstr;
    DECODE (tick_string, 200, "46\0" "6\0" "9\0" "45\0" "1750000000\0", &tstr);
    assert_string_equal (tstr.value, "1750000000");
    tws_tick_generic_t tg;
    DECODE (tick_generic, 200, "45\0" "6\0" "9\0" "49\0" "0.0\0", &tg);
    assert_int_equal (tg.tick_type, TWS_TICK_HALTED);

    tws_order_status_t os;
    DECODE (order_status, 200, "3\0" "11\0" "Filled\0" "100\0" "0\0" "150.25\0"
            "9223372036854775000\0" "0\0" "150.25\0" "7\0" "\0" "0.0\0", &os);
    assert_true (os.perm_id == 9223372036854775000LL);     //  64-bit from 191
    assert_string_equal (os.status, "Filled");

    //  historicalData: dates in the message below 196, in message 108 from 196.
    tws_bar_t bar = { "1750000000", 1.5, 2.0, 1.0, 1.75, 1000, 1.5, 12 };
    tws_historical_data_t hd = { 4, "20250101 00:00:00", "20250102 00:00:00", 1, &bar };
    ENCODE (historical_data, 187, &hd);
    EXPECT ("17\0" "4\0" "20250101 00:00:00\0" "20250102 00:00:00\0" "1\0"
            "1750000000\0" "1.5\0" "2.0\0" "1.0\0" "1.75\0" "1000\0" "1.5\0" "12\0");
    ENCODE (historical_data, 200, &hd);
    EXPECT ("17\0" "4\0" "1\0" "1750000000\0" "1.5\0" "2.0\0" "1.0\0" "1.75\0" "1000\0" "1.5\0"
            "12\0");
    tws_historical_data_end_t he = { 4, "a", "b" };
    ENCODE (historical_data_end, 200, &he);
    EXPECT ("108\0" "4\0" "a\0" "b\0");

    //  execDetails: 30 fields after the id at 176, 31 from 178, 32 from 198 (submitter).
    tws_exec_details_t ed;
    memset (&ed, 0, sizeof ed);
    s_aapl (&ed.contract);
    ed.contract.strike = 0;
    ENCODE (exec_details, 176, &ed);
    assert_int_equal (s_fields_after_id (), 30);
    ENCODE (exec_details, 187, &ed);
    assert_int_equal (s_fields_after_id (), 31);
    ENCODE (exec_details, 200, &ed);
    assert_int_equal (s_fields_after_id (), 32);

    //  contractData gating: lastTradeDate (182) and ineligibility count (186).
    tws_contract_data_t cd;
    tws_contract_data_init (&cd);
    s_aapl (&cd.contract);
    ENCODE (contract_data, 176, &cd);
    int n176 = s_fields_after_id ();
    ENCODE (contract_data, 187, &cd);
    assert_int_equal (s_fields_after_id (), n176 + 2);
    ENCODE (contract_data, 200, &cd);
    assert_int_equal (s_fields_after_id (), n176 + 2);
    strcpy (cd.contract.sec_type, "FUND");
    ENCODE (contract_data, 200, &cd);
    assert_int_equal (s_fields_after_id (), n176 + 2 + 17);
}

//  openOrder / completedOrder simple-order field counts from section 4.2.
static void
test_open_completed_counts (void **state)
{
    (void) state;
    static tws_open_order_t oo;
    static tws_completed_order_t co;
    memset (&oo, 0, sizeof oo);
    s_aapl (&oo.contract);
    tws_order_init (&oo.order);
    tws_order_state_init (&oo.state);
    strcpy (oo.order.order_type, "LMT");
    strcpy (oo.state.status, "Submitted");
    struct { int sv, n; } open_counts [] = {
        { 176, 127 }, { 177, 126 }, { 182, 126 }, { 183, 127 }, { 184, 128 }, { 185, 129 },
        { 187, 129 }, { 188, 129 }, { 189, 130 }, { 192, 130 }, { 193, 132 }, { 194, 132 },
        { 195, 145 }, { 197, 145 }, { 198, 146 }, { 199, 147 }, { 200, 147 } };
    for (size_t i = 0; i < sizeof open_counts / sizeof open_counts [0]; i++) {
        ENCODE (open_order, open_counts [i].sv, &oo);
        if (s_fields_after_id () != open_counts [i].n)
            fail_msg ("openOrder@%d: %d fields, doc says %d", open_counts [i].sv,
                      s_fields_after_id (), open_counts [i].n);
    }
    memset (&co, 0, sizeof co);
    s_aapl (&co.contract);
    tws_order_init (&co.order);
    tws_order_state_init (&co.state);
    ENCODE (completed_order, 176, &co);
    assert_int_equal (s_fields_after_id (), 96);
    ENCODE (completed_order, 187, &co);
    assert_int_equal (s_fields_after_id (), 97);
    ENCODE (completed_order, 200, &co);
    assert_int_equal (s_fields_after_id (), 98);

    //  The rust-ibapi #421 shape: at 200 a MAX double sits where the 195 block's doubles
    //  are; a decoder without the block would read it as the allocation count.
    ENCODE (open_order, 200, &oo);
    static uint8_t copy [65536];
    memcpy (copy, s_payload, s_len);
    tws_reader_t r;
    tws_reader_init (&r, copy, s_len);
    int id;
    static tws_open_order_t back;
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (tws_open_order_decode (&r, 200, &back), 0);
    assert_true (tws_reader_at_end (&r));
    assert_string_equal (back.state.status, "Submitted");
    assert_true (back.state.init_margin_before_outside_rth == TWS_UNSET_DOUBLE);
    //  The same bytes read as 194 must not come out aligned.
    tws_reader_init (&r, copy, s_len);
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    int rc = tws_open_order_decode (&r, 194, &back);
    assert_true (rc != 0 || !tws_reader_at_end (&r));
}

static void
test_version_range (void **state)
{
    (void) state;
    tws_next_valid_id_t nv = { 1 };
    tws_writer_t w;
    tws_writer_init (&w, s_buf, sizeof s_buf);
    assert_int_equal (tws_next_valid_id_encode (&w, 156, &nv), RT_EVERSION);
    assert_int_equal (tws_next_valid_id_encode (&w, 201, &nv), RT_EVERSION);
    ENCODE (next_valid_id, 157, &nv);
    EXPECT ("9\0" "1\0" "1\0");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_place_order),
        cmocka_unit_test (test_cancel_order),
        cmocka_unit_test (test_requests),
        cmocka_unit_test (test_err_msg),
        cmocka_unit_test (test_server_messages),
        cmocka_unit_test (test_open_completed_counts),
        cmocka_unit_test (test_version_range),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
