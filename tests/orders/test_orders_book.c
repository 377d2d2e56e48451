/*  test_orders_book.c - average cost, realised P&L, flips, commissions, exec_id dedupe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "orders_book.h"

#define EPS 1e-9

static rt_fill_t
s_fill (const char *exec, rt_side_t side, double qty, double price)
{
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    snprintf (f.exec_id, sizeof f.exec_id, "%s", exec);
    snprintf (f.symbol, sizeof f.symbol, "AAPL");
    snprintf (f.account, sizeof f.account, "DU1");
    f.side = side;
    f.qty = qty;
    f.price = price;
    f.ts_ns = 1;
    return f;
}

static const orders_pos_t *
s_book (orders_book_t *b, rt_fill_t f, int want)
{
    const orders_pos_t *p = NULL;
    assert_int_equal (orders_book_fill (b, &f, &p), want);
    return orders_book_find (b, "DU1", "AAPL");
}

static void
test_average_cost_and_partial_close (void **state)
{
    (void) state;
    orders_book_t *b = orders_book_new ();
    assert_non_null (b);
    const orders_pos_t *p = s_book (b, s_fill ("e1", RT_SIDE_BUY, 100, 10), ORDERS_BOOK_BOOKED);
    p = s_book (b, s_fill ("e2", RT_SIDE_BUY, 100, 12), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, 200, EPS);
    assert_float_equal (p->avg_cost, 11, EPS);
    //  Partial close at 15: realised 50 * (15 - 11); the average is unchanged.
    p = s_book (b, s_fill ("e3", RT_SIDE_SELL, 50, 15), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, 150, EPS);
    assert_float_equal (p->avg_cost, 11, EPS);
    assert_float_equal (p->realized, 200, EPS);
    //  Close the rest at 9: -2 * 150.
    p = s_book (b, s_fill ("e4", RT_SIDE_SELL, 150, 9), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, 0, EPS);
    assert_float_equal (p->avg_cost, 0, EPS);
    assert_float_equal (p->realized, 200 - 300, EPS);
    assert_int_equal (p->fills, 4);
    orders_book_destroy (&b);
    assert_null (b);
}

static void
test_short_and_flip (void **state)
{
    (void) state;
    orders_book_t *b = orders_book_new ();
    const orders_pos_t *p = s_book (b, s_fill ("s1", RT_SIDE_SELL, 100, 20), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, -100, EPS);
    assert_float_equal (p->avg_cost, 20, EPS);
    p = s_book (b, s_fill ("s2", RT_SIDE_SELL, 100, 22), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->avg_cost, 21, EPS);
    //  Buy 300 at 18: closes 200 short (+3 each = 600), opens 100 long at 18.
    p = s_book (b, s_fill ("s3", RT_SIDE_BUY, 300, 18), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, 100, EPS);
    assert_float_equal (p->avg_cost, 18, EPS);
    assert_float_equal (p->realized, 600, EPS);
    //  Flip back: sell 150 at 17: closes 100 long (-100), opens 50 short at 17.
    p = s_book (b, s_fill ("s4", RT_SIDE_SELL, 150, 17), ORDERS_BOOK_BOOKED);
    assert_float_equal (p->qty, -50, EPS);
    assert_float_equal (p->avg_cost, 17, EPS);
    assert_float_equal (p->realized, 500, EPS);
    //  Unrealised at a mark: short 50 from 17 marked at 16 = +50.
    assert_int_equal (orders_book_mark (b, "AAPL", 16), 1);
    assert_float_equal (orders_book_unrealized (p), 50, EPS);
    rt_holding_t h;
    orders_book_holding (p, &h);
    assert_float_equal (h.unrealized_pnl, 50, EPS);
    assert_float_equal (h.mark_price, 16, EPS);
    assert_string_equal (h.symbol, "AAPL");
    assert_int_equal (orders_book_mark (b, "MSFT", 16), 0);
    assert_int_equal (orders_book_mark (b, "AAPL", -1), 0);
    orders_book_destroy (&b);
}

static void
test_commission_pair_dedupe (void **state)
{
    (void) state;
    orders_book_t *b = orders_book_new ();
    rt_fill_t f = s_fill ("c1", RT_SIDE_BUY, 100, 10);
    const orders_pos_t *p = s_book (b, f, ORDERS_BOOK_BOOKED);
    //  The same execution again without commission: a duplicate, quantity not doubled.
    p = s_book (b, f, ORDERS_BOOK_DUPLICATE);
    assert_float_equal (p->qty, 100, EPS);
    //  Then with its commission: only the commission is booked, into realised.
    f.has_commission = true;
    f.commission = 1.25;
    p = s_book (b, f, ORDERS_BOOK_COMMISSION);
    assert_float_equal (p->qty, 100, EPS);
    assert_float_equal (p->commission, 1.25, EPS);
    assert_float_equal (p->realized, -1.25, EPS);
    assert_float_equal (p->avg_cost, 10, EPS);
    p = s_book (b, f, ORDERS_BOOK_DUPLICATE);
    assert_float_equal (p->commission, 1.25, EPS);
    bool hc = false;
    assert_true (orders_book_has_exec (b, "c1", &hc));
    assert_true (hc);
    //  A fill whose first copy already carries the commission: both at once, once.
    rt_fill_t g = s_fill ("c2", RT_SIDE_SELL, 100, 11);
    g.has_commission = true;
    g.commission = 1.5;
    p = s_book (b, g, ORDERS_BOOK_BOOKED);
    p = s_book (b, g, ORDERS_BOOK_DUPLICATE);
    g.has_commission = false;
    p = s_book (b, g, ORDERS_BOOK_DUPLICATE);
    //  Realised: +100 gross, minus 2.75 of commissions.
    assert_float_equal (p->qty, 0, EPS);
    assert_float_equal (p->realized, 100 - 2.75, EPS);
    assert_float_equal (p->commission, 2.75, EPS);
    orders_book_stats_t st;
    orders_book_stats (b, &st);
    assert_int_equal (st.fills, 2);
    assert_int_equal (st.commissions, 2);
    assert_int_equal (st.duplicates, 4);
    assert_int_equal (orders_book_execs (b), 2);
    orders_book_destroy (&b);
}

static void
test_bad_fills_and_accounts (void **state)
{
    (void) state;
    orders_book_t *b = orders_book_new ();
    rt_fill_t f = s_fill ("", RT_SIDE_BUY, 1, 1);
    assert_int_equal (orders_book_fill (b, &f, NULL), RT_EINVAL);
    f = s_fill ("x", RT_SIDE_NONE, 1, 1);
    assert_int_equal (orders_book_fill (b, &f, NULL), RT_EINVAL);
    f = s_fill ("x", RT_SIDE_BUY, 0, 1);
    assert_int_equal (orders_book_fill (b, &f, NULL), RT_EINVAL);
    f = s_fill ("x", RT_SIDE_BUY, 1, 0.0 / 0.0);
    assert_int_equal (orders_book_fill (b, &f, NULL), RT_EINVAL);
    assert_int_equal (orders_book_size (b), 0);
    //  Same symbol in two accounts: two positions.
    f = s_fill ("a1", RT_SIDE_BUY, 10, 5);
    assert_int_equal (orders_book_fill (b, &f, NULL), ORDERS_BOOK_BOOKED);
    snprintf (f.account, sizeof f.account, "DU2");
    snprintf (f.exec_id, sizeof f.exec_id, "a2");
    assert_int_equal (orders_book_fill (b, &f, NULL), ORDERS_BOOK_BOOKED);
    assert_int_equal (orders_book_size (b), 2);
    size_t n = 0;
    for (const orders_pos_t *p = orders_book_first (b); p; p = orders_book_next (b))
        n++;
    assert_int_equal (n, 2);
    rt_quote_t q;
    memset (&q, 0, sizeof q);
    assert_float_equal (orders_book_quote_mark (&q), 0, EPS);
    q.bid = 9;
    q.ask = 11;
    assert_float_equal (orders_book_quote_mark (&q), 10, EPS);
    q.last = 10.5;
    assert_float_equal (orders_book_quote_mark (&q), 10.5, EPS);
    orders_book_destroy (&b);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_average_cost_and_partial_close),
        cmocka_unit_test (test_short_and_flip),
        cmocka_unit_test (test_commission_pair_dedupe),
        cmocka_unit_test (test_bad_fills_and_accounts),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
