/*  test_rt_ctl.c - the real rt-ctl binary against fake services on free loopback ports
    (ctl_fake.h): order replies (submitted, rejected with its code), the generated coid,
    order types, tables with aligned columns, --json documents, risk state from the bus,
    halt / resume, status (up / stale / down, the IB connection), usage errors (exit 2) and
    timeouts (exit 3, bounded).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "ctl_fake.h"
#include "rt_test_proc.h"

static ctl_fake_t s_fake;

static int
s_teardown (void **state)
{
    ctl_fake_stop (&s_fake);
    rt_test_kill_all ();
    return 0;
}

#define RUN(run, ...) do { \
    const char *const args_ [] = { __VA_ARGS__, NULL }; \
    ctl_fake_run (&s_fake, (run), args_); \
} while (0)

static void
s_expect (const ctl_run_t *run, int status)
{
    if (run->status != status)
        fail_msg ("rt-ctl exited %d, expected %d\nstdout:\n%sstderr:\n%s", run->status,
                  status, run->out, run->err);
}

static json_t *
s_json (const ctl_run_t *run)
{
    json_error_t error;
    json_t *doc = json_loads (run->out, 0, &error);
    if (!doc)
        fail_msg ("stdout is not one JSON document (%s):\n%s", error.text, run->out);
    return doc;
}

//  The column where `word` starts in a line.
static long
s_col (const char *line, const char *word)
{
    const char *hit = strstr (line, word);
    if (!hit)
        fail_msg ("'%s' not in '%s'", word, line);
    return hit - line;
}

//  The line holding needle must read exactly `expect`.
static void
s_line_is (const ctl_run_t *run, const char *needle, const char *expect)
{
    char line [512];
    if (!ctl_line_with (run->out, needle, line, sizeof (line)))
        fail_msg ("no line with '%s' in:\n%s", needle, run->out);
    if (strcmp (line, expect) != 0)
        fail_msg ("line\n'%s'\nexpected\n'%s'\nin:\n%s", line, expect, run->out);
}

static void
test_usage_errors (void **state)
{
    ctl_fake_start (&s_fake, 0);
    static const char *const cases [][6] = {
        { "frobnicate", NULL },
        { "buy", "AAPL", NULL },
        { "buy", NULL },
        { "sell", "AAPL", "-5", NULL },
        { "buy", "AAPL", "0", NULL },
        { "buy", "AAPL", "ten", NULL },
        { "buy", "AAPL", "10", "--limit", "abc", NULL },
        { "buy", "AAPL", "10", "--limit", "-1", NULL },
        { "buy", "AAPL", "10", "--tif", "WEEK", NULL },
        { "buy", "AAPL", "10", "--tif", "", NULL },
        { "buy", "AAPL", "10", "--bogus", NULL },
        { "buy", "AAPL", "10", "extra", NULL },
        { "--timeout-ms", "0", "orders", NULL },
        { "cancel", NULL },
        { "resume", "now", NULL },
    };
    static const char *const messages [] = {
        "unknown command 'frobnicate'", "missing QTY", "missing SYMBOL and QTY",
        "positive numbers, got '-5'", "QTY must be a positive number, got '0'",
        "QTY must be a positive number, got 'ten'", "--limit needs a positive price, got 'abc'",
        "--limit needs a positive price, got '-1'", "--tif must be DAY, GTC or IOC, got 'WEEK'",
        "--tif must be DAY, GTC or IOC", "unknown option '--bogus'", "unexpected argument 'extra'",
        "--timeout-ms needs a positive number", "missing COID", "unexpected argument 'now'",
    };
    for (size_t i = 0; i < sizeof (cases) / sizeof (cases [0]); i++) {
        ctl_run_t run;
        ctl_fake_run (&s_fake, &run, cases [i]);
        s_expect (&run, 2);
        if (!strstr (run.err, messages [i]))
            fail_msg ("case %zu: expected '%s' in stderr:\n%s", i, messages [i], run.err);
        assert_non_null (strstr (run.err, "Usage: rt-ctl"));
        assert_string_equal (run.out, "");
    }
    //  No command at all, and --help (exit 0, usage on stdout, per command too).
    ctl_run_t run;
    const char *const none [] = { NULL };
    ctl_fake_run (&s_fake, &run, none);
    s_expect (&run, 2);
    assert_non_null (strstr (run.err, "no command given"));
    RUN (&run, "--help");
    s_expect (&run, 0);
    assert_non_null (strstr (run.out, "Usage: rt-ctl"));
    assert_non_null (strstr (run.out, "status"));
    RUN (&run, "buy", "--help");
    s_expect (&run, 0);
    assert_non_null (strstr (run.out, "buy SYMBOL QTY"));
    assert_non_null (strstr (run.out, "--limit P"));
}

static void
test_buy_submitted_with_generated_coid (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD);
    ctl_run_t run;
    RUN (&run, "buy", "aapl", "100", "--limit", "150.25", "--tif", "gtc");
    s_expect (&run, 0);
    assert_int_equal (s_fake.intents, 1);
    const rt_order_intent_t *in = &s_fake.last_intent;
    assert_string_equal (in->symbol, "AAPL");
    assert_int_equal (in->side, RT_SIDE_BUY);
    assert_true (in->qty == 100);
    assert_int_equal (in->order_type, RT_ORD_TYPE_LMT);
    assert_true (in->limit_price == 150.25);
    assert_int_equal (in->tif, RT_TIF_GTC);
    assert_int_equal (strncmp (in->coid, "ctl-", 4), 0);
    //  The coid printed is the one sent, so the trader can cancel it.
    char expect [200];
    snprintf (expect, sizeof (expect), "submitted coid=%s BUY 100 AAPL LMT limit 150.25 GTC\n",
              in->coid);
    assert_string_equal (run.out, expect);

    //  Both prices: STP LMT; options before the positionals; an explicit coid.
    RUN (&run, "sell", "--stop", "99.5", "--limit", "99", "--coid", "my-1", "MSFT", "7");
    s_expect (&run, 0);
    assert_int_equal (s_fake.last_intent.order_type, RT_ORD_TYPE_STP_LMT);
    assert_int_equal (s_fake.last_intent.side, RT_SIDE_SELL);
    assert_true (s_fake.last_intent.stop_price == 99.5);
    assert_string_equal (s_fake.last_intent.coid, "my-1");
    assert_int_equal (s_fake.last_intent.tif, RT_TIF_DAY);
    assert_non_null (strstr (run.out, "submitted coid=my-1 SELL 7 MSFT STP LMT"));

    //  Neither: MKT; only --stop: STP.
    RUN (&run, "buy", "AAPL", "1");
    s_expect (&run, 0);
    assert_int_equal (s_fake.last_intent.order_type, RT_ORD_TYPE_MKT);
    RUN (&run, "buy", "AAPL", "1", "--stop", "10");
    s_expect (&run, 0);
    assert_int_equal (s_fake.last_intent.order_type, RT_ORD_TYPE_STP);

    //  --json after the command.
    RUN (&run, "buy", "AAPL", "2", "--coid", "j-1", "--json");
    s_expect (&run, 0);
    json_t *doc = s_json (&run);
    assert_true (json_is_true (json_object_get (doc, "ok")));
    assert_string_equal (json_string_value (json_object_get (doc, "status")), "submitted");
    assert_string_equal (json_string_value (json_object_get (doc, "coid")), "j-1");
    json_t *reply = json_object_get (doc, "reply");
    assert_string_equal (json_string_value (json_object_get (reply, "type")), "reply");
    assert_string_equal (json_string_value (json_object_get (reply, "id")), "j-1");
    json_decref (doc);
}

static void
test_order_rejected (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD);
    ctl_run_t run;
    RUN (&run, "sell", "AAPL", "5000", "--coid", "big-1");
    s_expect (&run, 1);
    assert_string_equal (run.err, "rejected: MAX_QTY: order quantity 5000 exceeds the limit "
                                  "of 1000 shares per order\n");
    assert_non_null (strstr (run.out, "rejected coid=big-1"));

    RUN (&run, "--json", "buy", "AAPL", "5000", "--coid", "big-2");
    s_expect (&run, 1);
    assert_non_null (strstr (run.err, "rejected: MAX_QTY:"));
    json_t *doc = s_json (&run);
    assert_true (json_is_false (json_object_get (doc, "ok")));
    assert_string_equal (json_string_value (json_object_get (doc, "status")), "rejected");
    assert_string_equal (json_string_value (json_object_get (doc, "code")), "MAX_QTY");
    assert_string_equal (json_string_value (json_object_get (doc, "reason")),
                         "order quantity 5000 exceeds the limit of 1000 shares per order");
    json_decref (doc);
}

static void
test_cancel (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD);
    ctl_run_t run;
    RUN (&run, "cancel", "ctl-1-1");
    s_expect (&run, 0);
    assert_string_equal (s_fake.last_cancel.coid, "ctl-1-1");
    assert_string_equal (run.out, "cancel requested coid=ctl-1-1: cancel sent\n");
    RUN (&run, "cancel", "unknown");
    s_expect (&run, 1);
    assert_string_equal (run.err, "cancel refused: no order with coid unknown\n");
}

static void
test_orders_table_and_json (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD);
    ctl_run_t run;
    RUN (&run, "orders");
    s_expect (&run, 0);
    assert_string_equal (s_fake.last_snapshot.what, "orders");
    char header [512], row1 [512], row2 [512];
    assert_true (ctl_line_with (run.out, "COID", header, sizeof (header)));
    assert_true (ctl_line_with (run.out, "ctl-1-1", row1, sizeof (row1)));
    assert_true (ctl_line_with (run.out, "a-much-longer-coid-7", row2, sizeof (row2)));
    assert_int_equal (strncmp (header, "COID                  SYMBOL  SIDE  QTY  TYPE  STATUS",
                               53), 0);
    //  Text columns start together, number columns end together.
    assert_int_equal (s_col (header, "SYMBOL"), s_col (row1, "AAPL"));
    assert_int_equal (s_col (header, "SYMBOL"), s_col (row2, "MSFT"));
    assert_int_equal (s_col (header, "STATUS"), s_col (row1, "FILLED"));
    assert_int_equal (s_col (header, "STATUS"), s_col (row2, "SUBMITTED"));
    assert_int_equal (s_col (header, "AVG PRICE") + 9, s_col (row1, "150.25") + 6);
    assert_non_null (strstr (row1, "17/900017"));
    assert_null (strchr (row1, '\t'));
    assert_true (row1 [strlen (row1) - 1] != ' ');

    RUN (&run, "orders", "--json");
    s_expect (&run, 0);
    json_t *doc = s_json (&run);
    json_t *items = json_object_get (doc, "items");
    assert_int_equal (json_array_size (items), 2);
    json_t *first = json_array_get (items, 0);
    assert_string_equal (json_string_value (json_object_get (first, "type")), "order_status");
    assert_string_equal (json_string_value (json_object_get (first, "coid")), "ctl-1-1");
    assert_string_equal (json_string_value (json_object_get (first, "status")), "FILLED");
    assert_true (json_real_value (json_object_get (first, "avg_fill_price")) == 150.25);
    assert_int_equal (json_integer_value (json_object_get (first, "perm_id")), 900017);
    assert_int_equal (json_integer_value (json_object_get (doc, "seq")), 42);
    json_decref (doc);
}

static void
test_positions_and_account (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD | CTL_FAKE_GATEWAY_CMD);
    ctl_run_t run;
    RUN (&run, "positions");
    s_expect (&run, 0);
    s_line_is (&run, "SYMBOL", "SYMBOL  QTY  AVG COST    MARK  UNREALISED  REALISED");
    s_line_is (&run, "AAPL",   "AAPL    100    150.25  151.00       75.00     -1.50");
    s_line_is (&run, "MSFT",   "MSFT     -5    400.00       -      -10.00     20.00");
    s_line_is (&run, "TOTAL",  "TOTAL     -         -       -       65.00     18.50");

    RUN (&run, "account");
    s_expect (&run, 0);
    assert_string_equal (s_fake.last_snapshot.what, "account");
    s_line_is (&run, "NetLiquidation", "DU123    NetLiquidation  100000.00  USD");
    s_line_is (&run, "AAPL", "DU123    AAPL    100    150.25");
    //  The quote and the session state of the gateway's snapshot are not account data.
    RUN (&run, "account", "--json");
    s_expect (&run, 0);
    json_t *doc = s_json (&run);
    json_t *items = json_object_get (doc, "items");
    assert_int_equal (json_array_size (items), 3);
    assert_string_equal (json_string_value (json_object_get (json_array_get (items, 2), "type")),
                         "position");
    json_decref (doc);
}

static void
test_risk_state_and_verbs (void **state)
{
    ctl_fake_start (&s_fake, CTL_FAKE_RISK_CMD | CTL_FAKE_RISK_PUB);
    ctl_run_t run;
    RUN (&run, "risk");
    s_expect (&run, 0);
    assert_non_null (strstr (run.out, "state           HALTED\n"));
    assert_non_null (strstr (run.out, "reason          daily loss limit reached\n"));
    assert_non_null (strstr (run.out, "daily P&L       -6000.00\n"));
    assert_non_null (strstr (run.out, "gross exposure  15025.00\n"));
    assert_non_null (strstr (run.out, "summary         HALTED pnl -6000.00 open 0\n"));

    RUN (&run, "--json", "risk");
    s_expect (&run, 0);
    json_t *doc = s_json (&run);
    json_t *st = json_object_get (doc, "state");
    assert_string_equal (json_string_value (json_object_get (st, "state")), "HALTED");
    assert_true (json_is_true (json_object_get (st, "kill_switch")));
    assert_int_equal (json_integer_value (json_object_get (st, "orders_today")), 12);
    json_decref (doc);

    RUN (&run, "halt", "fat", "finger");
    s_expect (&run, 0);
    assert_string_equal (s_fake.last_command.verb, "halt");
    assert_int_equal (s_fake.last_command.args.count, 1);
    assert_string_equal (s_fake.last_command.args.item [0], "fat finger");
    assert_string_equal (run.out, "halt: HALTED\n");
    RUN (&run, "kill");
    s_expect (&run, 0);
    assert_string_equal (s_fake.last_command.verb, "kill");
    assert_int_equal (s_fake.last_command.args.count, 0);
    RUN (&run, "resume");
    s_expect (&run, 1);
    assert_non_null (strstr (run.err, "refused: daily loss -6000.00 still beyond"));
}

static void
test_timeouts (void **state)
{
    ctl_fake_start (&s_fake, 0);
    ctl_run_t run;
    RUN (&run, "--timeout-ms", "300", "buy", "AAPL", "1", "--coid", "t-1");
    s_expect (&run, 3);
    //  env [0] is RT_ORDERS_CMD=<endpoint> (ctl_fake.c's table order).
    assert_int_equal (strncmp (s_fake.env [0], "RT_ORDERS_CMD=", 14), 0);
    char expect [512];
    snprintf (expect, sizeof (expect), "rt-ctl: orders service did not answer within 300 ms "
              "(%.300s)", s_fake.env [0] + 14);
    char line [512];
    assert_true (ctl_line_with (run.err, "did not answer", line, sizeof (line)));
    assert_string_equal (line, expect);
    assert_non_null (strstr (run.err, "coid=t-1"));
    assert_true (run.elapsed_ms < 2500);

    static const char *const commands [] = { "orders", "positions", "account", "risk",
                                             "halt", "cancel" };
    for (size_t i = 0; i < sizeof (commands) / sizeof (commands [0]); i++) {
        RUN (&run, "--timeout-ms", "200", commands [i], i == 5 ? "x" : "--json");
        s_expect (&run, 3);
        assert_non_null (strstr (run.err, "did not answer within 200 ms"));
        assert_true (run.elapsed_ms < 2500);
    }
    RUN (&run, "--json", "--timeout-ms", "200", "positions");
    s_expect (&run, 3);
    json_t *doc = s_json (&run);
    assert_string_equal (json_string_value (json_object_get (doc, "error")), "timeout");
    json_decref (doc);
}

static void
test_status (void **state)
{
    //  Everything up: ends early, once every service has shown both signs.
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD | CTL_FAKE_ORDERS_PUB | CTL_FAKE_RISK_CMD
                           | CTL_FAKE_RISK_PUB | CTL_FAKE_GATEWAY_CMD | CTL_FAKE_GATEWAY_PUB);
    ctl_run_t run;
    RUN (&run, "status");
    s_expect (&run, 0);
    char row [512];
    assert_true (ctl_line_with (run.out, "SERVICE", row, sizeof (row)));
    assert_true (ctl_line_with (run.out, "orders ", row, sizeof (row)));
    assert_non_null (strstr (row, " up "));
    assert_non_null (strstr (row, "4242"));
    assert_non_null (strstr (row, "1m01s"));
    assert_non_null (strstr (row, "orders=3"));
    assert_true (ctl_line_with (run.out, "IB connection", row, sizeof (row)));
    assert_string_equal (row, "IB connection: READY (client 7, server 178): reconciled");
    assert_true (run.elapsed_ms < 2500);
    ctl_fake_stop (&s_fake);

    //  Gateway down, risk publishing but not answering (stale), orders up: exit 3.
    ctl_fake_start (&s_fake, CTL_FAKE_ORDERS_CMD | CTL_FAKE_ORDERS_PUB | CTL_FAKE_RISK_PUB);
    RUN (&run, "status");
    s_expect (&run, 3);
    assert_true (ctl_line_with (run.out, "gateway", row, sizeof (row)));
    assert_non_null (strstr (row, " down"));
    assert_true (ctl_line_with (run.out, "risk ", row, sizeof (row)));
    assert_non_null (strstr (row, " stale "));
    assert_true (ctl_line_with (run.out, "orders ", row, sizeof (row)));
    assert_non_null (strstr (row, " up "));
    assert_non_null (strstr (run.out, "IB connection: unknown"));
    assert_true (run.elapsed_ms < 3000);

    RUN (&run, "--json", "status");
    s_expect (&run, 3);
    json_t *doc = s_json (&run);
    assert_true (json_is_false (json_object_get (doc, "ok")));
    json_t *services = json_object_get (doc, "services");
    assert_int_equal (json_array_size (services), 3);
    json_t *gw = json_array_get (services, 0);
    assert_string_equal (json_string_value (json_object_get (gw, "service")), "gateway");
    assert_string_equal (json_string_value (json_object_get (gw, "state")), "down");
    assert_true (json_is_null (json_object_get (doc, "ib")));
    json_decref (doc);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_teardown (test_usage_errors, s_teardown),
        cmocka_unit_test_teardown (test_buy_submitted_with_generated_coid, s_teardown),
        cmocka_unit_test_teardown (test_order_rejected, s_teardown),
        cmocka_unit_test_teardown (test_cancel, s_teardown),
        cmocka_unit_test_teardown (test_orders_table_and_json, s_teardown),
        cmocka_unit_test_teardown (test_positions_and_account, s_teardown),
        cmocka_unit_test_teardown (test_risk_state_and_verbs, s_teardown),
        cmocka_unit_test_teardown (test_timeouts, s_teardown),
        cmocka_unit_test_teardown (test_status, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
