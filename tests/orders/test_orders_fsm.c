/*  test_orders_fsm.c - every (state, event) pair of the order lifecycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orders_fsm.h"

#define N_STATES (RT_ORD_STATUS_COUNT - 1)

//  Gateway reports: row = current state, column = reported status, both in enum order
//  NEW PENDING_SUBMIT PRE_SUBMITTED SUBMITTED PARTIALLY_FILLED FILLED PENDING_CANCEL
//  CANCELLED REJECTED INACTIVE. A apply, D duplicate, S stale, I illegal.
static const char *s_gw_matrix [N_STATES] = {
    "IIIIIIIIII",   //  NEW: never sent, nobody can report on it
    "IDAAAAAAAA",   //  PENDING_SUBMIT
    "ISDAAAAAAA",   //  PRE_SUBMITTED
    "ISADAAAAAA",   //  SUBMITTED
    "ISSSDAAAIA",   //  PARTIALLY_FILLED
    "IIIIIDIIII",   //  FILLED
    "ISAAAADAAA",   //  PENDING_CANCEL
    "IIIIIIIDII",   //  CANCELLED
    "IIIIIIIIDI",   //  REJECTED
    "ISAAAAAAAD",   //  INACTIVE
};
//  A REJECTED order the gateway declared lost: IB's later word wins.
static const char *s_revivable_row = "IAAAAAAADA";

static orders_verdict_t
s_verdict (char c)
{
    return c == 'A'? ORDERS_FSM_APPLY: c == 'D'? ORDERS_FSM_DUPLICATE:
           c == 'S'? ORDERS_FSM_STALE: ORDERS_FSM_ILLEGAL;
}

static void
test_gateway_reports (void **state)
{
    (void) state;
    orders_fsm_stats_t stats;
    memset (&stats, 0, sizeof stats);
    size_t checked = 0;
    for (int from = 1; from <= N_STATES; from++)
        for (int rep = 1; rep <= N_STATES; rep++) {
            for (int revivable = 0; revivable < 2; revivable++) {
                if (revivable && from != RT_ORD_STATUS_REJECTED)
                    continue;
                orders_fsm_order_t o = { (rt_ord_status_t) from, 0, revivable };
                orders_fsm_event_t ev = { ORDERS_EV_GW_STATUS, (rt_ord_status_t) rep, 0 };
                rt_ord_status_t to;
                char want = revivable? s_revivable_row [rep - 1]: s_gw_matrix [from - 1][rep - 1];
                orders_verdict_t v = orders_fsm_step (&o, &ev, &to, &stats);
                if (v != s_verdict (want))
                    fail_msg ("%s reported in %s%s: verdict %d, want %c",
                              rt_ord_status_str (rep), rt_ord_status_str (from),
                              revivable? " (revivable)": "", v, want);
                assert_int_equal (to, v == ORDERS_FSM_APPLY? rep: from);
                checked++;
            }
        }
    assert_int_equal (checked, N_STATES * N_STATES + N_STATES);
    assert_int_equal (stats.applied + stats.duplicates + stats.stale + stats.illegal, checked);
    assert_true (stats.illegal > 0 && stats.stale > 0);
}

static void
test_fill_progress (void **state)
{
    (void) state;
    //  Same state, more filled: news. Same state, same or less filled: a repeat.
    orders_fsm_order_t o = { RT_ORD_STATUS_PARTIALLY_FILLED, 10, false };
    orders_fsm_event_t ev = { ORDERS_EV_GW_STATUS, RT_ORD_STATUS_PARTIALLY_FILLED, 20 };
    rt_ord_status_t to;
    assert_int_equal (orders_fsm_step (&o, &ev, &to, NULL), ORDERS_FSM_APPLY);
    ev.filled = 10;
    assert_int_equal (orders_fsm_step (&o, &ev, &to, NULL), ORDERS_FSM_DUPLICATE);
    ev.filled = 5;
    assert_int_equal (orders_fsm_step (&o, &ev, &to, NULL), ORDERS_FSM_DUPLICATE);
    //  Out-of-range statuses are refused, never applied.
    ev.status = RT_ORD_STATUS_NONE;
    assert_int_equal (orders_fsm_step (&o, &ev, &to, NULL), ORDERS_FSM_ILLEGAL);
    ev.status = RT_ORD_STATUS_COUNT;
    assert_int_equal (orders_fsm_step (&o, &ev, &to, NULL), ORDERS_FSM_ILLEGAL);
    assert_int_equal (to, RT_ORD_STATUS_PARTIALLY_FILLED);
}

//  Our own events in every state: expected next state, or D / I.
typedef struct {
    orders_ev_t ev;
    const char *row;                //  per state in enum order: A (see next), D, I
    rt_ord_status_t next [N_STATES];
} s_own_case_t;

static void
test_own_events (void **state)
{
    (void) state;
    const rt_ord_status_t P = RT_ORD_STATUS_PENDING_SUBMIT, R = RT_ORD_STATUS_REJECTED,
                          C = RT_ORD_STATUS_CANCELLED, PC = RT_ORD_STATUS_PENDING_CANCEL;
    const s_own_case_t cases [] = {
        { ORDERS_EV_RISK_ACCEPT, "ADIIIIIIII", { P } },
        { ORDERS_EV_RISK_REJECT, "AIIIIIIIDI", { R } },
        { ORDERS_EV_GW_REFUSED,  "IAIIIIIIDI", { 0, R } },
        { ORDERS_EV_CANCEL_REQ,  "AAAAAIDIIA", { C, PC, PC, PC, PC, 0, 0, 0, 0, PC } },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases [0]; c++)
        for (int from = 1; from <= N_STATES; from++) {
            orders_fsm_order_t o = { (rt_ord_status_t) from, 0, false };
            orders_fsm_event_t ev = { cases [c].ev, RT_ORD_STATUS_NONE, 0 };
            rt_ord_status_t to;
            orders_verdict_t v = orders_fsm_step (&o, &ev, &to, NULL);
            char want = cases [c].row [from - 1];
            if (v != s_verdict (want))
                fail_msg ("%s in %s: verdict %d, want %c", orders_fsm_event_name (cases [c].ev),
                          rt_ord_status_str (from), v, want);
            assert_int_equal (to, want == 'A'? cases [c].next [from - 1]: (rt_ord_status_t) from);
        }
    orders_fsm_order_t o = { RT_ORD_STATUS_NEW, 0, false };
    orders_fsm_event_t bad = { (orders_ev_t) 99, RT_ORD_STATUS_NONE, 0 };
    rt_ord_status_t to;
    assert_int_equal (orders_fsm_step (&o, &bad, &to, NULL), ORDERS_FSM_ILLEGAL);
}

static void
test_predicates (void **state)
{
    (void) state;
    assert_true (orders_fsm_final (RT_ORD_STATUS_FILLED));
    assert_true (orders_fsm_final (RT_ORD_STATUS_CANCELLED));
    assert_true (orders_fsm_final (RT_ORD_STATUS_REJECTED));
    assert_false (orders_fsm_final (RT_ORD_STATUS_INACTIVE));
    assert_true (orders_fsm_open (RT_ORD_STATUS_NEW));
    assert_true (orders_fsm_open (RT_ORD_STATUS_INACTIVE));
    assert_false (orders_fsm_open (RT_ORD_STATUS_NONE));
    assert_false (orders_fsm_open (RT_ORD_STATUS_FILLED));
    assert_string_equal (orders_fsm_state_name (RT_ORD_STATUS_PENDING_CANCEL), "PENDING_CANCEL");
    assert_string_equal (orders_fsm_state_name (RT_ORD_STATUS_COUNT), "?");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_gateway_reports),
        cmocka_unit_test (test_fill_progress),
        cmocka_unit_test (test_own_events),
        cmocka_unit_test (test_predicates),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
