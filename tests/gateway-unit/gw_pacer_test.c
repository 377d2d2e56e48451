/*  gw_pacer_test.c - token bucket, lanes, HMDS rules, queue waits; all on a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "gw_pacer.h"

static gw_pacer_t *
s_pacer (uint32_t rate, uint32_t burst, uint64_t now_ms)
{
    gw_pacer_config_t cfg;
    gw_pacer_config_defaults (&cfg);
    cfg.rate = rate;
    cfg.burst = burst;
    gw_pacer_t *pacer = gw_pacer_new (&cfg, now_ms);
    assert_non_null (pacer);
    return pacer;
}

static void
s_push (gw_pacer_t *pacer, gw_lane_t lane, uint64_t tag, uint64_t now_ms)
{
    char frame [32];
    int len = snprintf (frame, sizeof frame, "msg-%llu", (unsigned long long) tag);
    gw_hist_req_t hist = { .key = tag, .contract_key = tag, .weight = 1 };
    assert_int_equal (gw_pacer_push (pacer, lane, frame, (size_t) len, tag, &hist, now_ms), 0);
}

static void
s_push_hist (gw_pacer_t *pacer, uint64_t tag, uint64_t key, uint64_t contract,
             uint32_t weight, uint64_t now_ms)
{
    gw_hist_req_t hist = { .key = key, .contract_key = contract, .weight = weight };
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_HIST, "h", 1, tag, &hist, now_ms), 0);
}

//  Pops one message; returns its tag, or -1 when the pacer says wait.
static int64_t
s_pop (gw_pacer_t *pacer, uint64_t now_ms, gw_pacer_meta_t *meta)
{
    const void *frame;
    size_t len;
    gw_pacer_meta_t local;
    int rc = gw_pacer_pop (pacer, now_ms, &frame, &len, &local);
    if (rc == RT_EAGAIN)
        return -1;
    assert_int_equal (rc, 0);
    if (meta)
        *meta = local;
    return (int64_t) local.tag;
}

static void
test_rate_exact_over_a_second (void **state)
{
    gw_pacer_t *pacer = s_pacer (45, 4, 0);
    for (uint64_t i = 0; i < 100; i++)
        s_push (pacer, GW_LANE_GENERAL, i, 0);
    //  The full bucket goes at once, then nothing
    for (int i = 0; i < 4; i++)
        assert_int_equal (s_pop (pacer, 0, NULL), i);
    assert_int_equal (s_pop (pacer, 0, NULL), -1);
    //  Over the next simulated second, polled every millisecond: exactly 45, the 45th at
    //  t = 1000, and one every 1000/45 ms in between
    int sent = 0;
    uint64_t last_ms = 0;
    for (uint64_t t = 1; t <= 1000; t++)
        while (s_pop (pacer, t, NULL) >= 0) {
            sent++;
            last_ms = t;
        }
    assert_int_equal (sent, 45);
    assert_int_equal (last_ms, 1000);
    assert_int_equal (s_pop (pacer, 1000, NULL), -1);
    gw_pacer_destroy (&pacer);
    assert_null (pacer);
}

static void
test_sliding_window_bound (void **state)
{
    //  Saturated for 10 s: every 1000 ms window holds at most burst + rate - 1 = 48 (< 50,
    //  TWS's limit), and the loop that only wakes at next_ms sends the same as polling.
    gw_pacer_t *pacer = s_pacer (45, 4, 0);
    static uint64_t sent_at [1000];
    size_t sent = 0;
    uint64_t tag = 0;
    uint64_t now = 0;
    while (now < 10000) {
        while (tag - sent < 50)
            s_push (pacer, GW_LANE_GENERAL, tag++, now);
        if (s_pop (pacer, now, NULL) >= 0) {
            assert_true (sent < 1000);
            sent_at [sent++] = now;
            continue;
        }
        uint64_t next = gw_pacer_next_ms (pacer, now);
        assert_true (next > now && next != UINT64_MAX);
        now = next;
    }
    assert_int_equal (sent, 4 + 45 * 10 - 1);          //  the 450th token lands at t=10000
    size_t first = 0;
    for (size_t i = 0; i < sent; i++) {
        while (sent_at [i] - sent_at [first] >= 1000)
            first++;
        assert_true (i - first + 1 <= 48);
    }
    gw_pacer_destroy (&pacer);
}

static void
test_burst_after_idle (void **state)
{
    gw_pacer_t *pacer = s_pacer (45, 10, 0);
    for (uint64_t i = 0; i < 12; i++)
        s_push (pacer, GW_LANE_GENERAL, i, 5000);
    //  Idle time refills only up to the burst
    for (int i = 0; i < 10; i++)
        assert_int_equal (s_pop (pacer, 5000, NULL), i);
    assert_int_equal (s_pop (pacer, 5000, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 5000), 5023);   //  ceil (1000 / 45)
    assert_int_equal (s_pop (pacer, 5022, NULL), -1);
    assert_int_equal (s_pop (pacer, 5023, NULL), 10);
    gw_pacer_destroy (&pacer);
}

static void
test_lanes_priority_and_fifo (void **state)
{
    gw_pacer_t *pacer = s_pacer (1000, 100, 0);
    s_push (pacer, GW_LANE_HIST, 30, 0);
    s_push (pacer, GW_LANE_GENERAL, 20, 0);
    s_push (pacer, GW_LANE_GENERAL, 21, 0);
    s_push (pacer, GW_LANE_ORDER, 10, 0);
    s_push (pacer, GW_LANE_GENERAL, 22, 0);
    s_push (pacer, GW_LANE_ORDER, 11, 0);
    const int64_t expect [] = { 10, 11, 20, 21, 22, 30 };
    for (size_t i = 0; i < 6; i++) {
        gw_pacer_meta_t meta;
        assert_int_equal (s_pop (pacer, 1, &meta), expect [i]);
        assert_int_equal (meta.lane, i < 2? GW_LANE_ORDER: i < 5? GW_LANE_GENERAL: GW_LANE_HIST);
    }
    assert_int_equal (s_pop (pacer, 1, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 1), UINT64_MAX);
    gw_pacer_destroy (&pacer);
}

static void
test_frame_content_and_queue_wait (void **state)
{
    gw_pacer_t *pacer = s_pacer (45, 1, 0);
    s_push (pacer, GW_LANE_ORDER, 7, 100);
    s_push (pacer, GW_LANE_ORDER, 8, 150);
    const void *frame;
    size_t len;
    gw_pacer_meta_t meta;
    assert_int_equal (gw_pacer_pop (pacer, 200, &frame, &len, &meta), 0);
    assert_int_equal (len, 5);
    assert_memory_equal (frame, "msg-7", 5);
    assert_int_equal (meta.tag, 7);
    assert_int_equal (meta.enqueued_ms, 100);
    assert_int_equal (meta.wait_ms, 100);
    //  The second waits for a token: 23 ms after the first
    assert_int_equal (gw_pacer_pop (pacer, 200, &frame, &len, &meta), RT_EAGAIN);
    assert_int_equal (gw_pacer_next_ms (pacer, 200), 223);
    assert_int_equal (gw_pacer_pop (pacer, 223, &frame, &len, &meta), 0);
    assert_memory_equal (frame, "msg-8", 5);
    assert_int_equal (meta.wait_ms, 73);
    gw_pacer_stats_t stats;
    gw_pacer_stats (pacer, &stats);
    assert_int_equal (stats.max_wait_ms, 100);
    assert_int_equal (stats.sent [GW_LANE_ORDER], 2);
    assert_int_equal (stats.pushed [GW_LANE_ORDER], 2);
    gw_pacer_destroy (&pacer);
}

static void
test_bounded_queue_and_reserves (void **state)
{
    gw_pacer_config_t cfg;
    gw_pacer_config_defaults (&cfg);
    cfg.capacity = 16;
    cfg.order_reserve = 4;
    cfg.hist_max = 3;
    cfg.frame_max = 64;
    gw_pacer_t *pacer = gw_pacer_new (&cfg, 0);
    assert_non_null (pacer);
    char big [65] = { 0 };
    gw_hist_req_t hist = { .key = 1, .contract_key = 1, .weight = 1 };
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_GENERAL, big, 65, 0, NULL, 0), RT_ERANGE);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_GENERAL, big, 64, 0, NULL, 0), 0);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_HIST, "x", 1, 0, NULL, 0), RT_EINVAL);
    assert_int_equal (gw_pacer_push (pacer, (gw_lane_t) 9, "x", 1, 0, NULL, 0), RT_EINVAL);
    //  Historical lane: its own cap
    for (int i = 0; i < 3; i++)
        assert_int_equal (gw_pacer_push (pacer, GW_LANE_HIST, "h", 1, 0, &hist, 0), 0);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_HIST, "h", 1, 0, &hist, 0), RT_EAGAIN);
    //  General fills up to capacity - order_reserve (12 with the 4 above)
    for (int i = 0; i < 8; i++)
        assert_int_equal (gw_pacer_push (pacer, GW_LANE_GENERAL, "g", 1, 0, NULL, 0), 0);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_GENERAL, "g", 1, 0, NULL, 0), RT_EAGAIN);
    //  Orders still get the reserve
    for (int i = 0; i < 4; i++)
        assert_int_equal (gw_pacer_push (pacer, GW_LANE_ORDER, "o", 1, 0, NULL, 0), 0);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_ORDER, "o", 1, 0, NULL, 0), RT_EAGAIN);
    gw_pacer_stats_t stats;
    gw_pacer_stats (pacer, &stats);
    assert_int_equal (stats.refused, 3);
    assert_int_equal (stats.queued [GW_LANE_GENERAL], 9);
    //  A pop frees a slot (after the next call, when the popped frame is released)
    assert_true (s_pop (pacer, 0, NULL) >= 0);
    assert_int_equal (gw_pacer_push (pacer, GW_LANE_ORDER, "o", 1, 0, NULL, 0), 0);

    //  Disconnect: queued orders can be failed one by one, the rest dropped
    const void *frame;
    size_t len;
    gw_pacer_meta_t meta;
    assert_int_equal (gw_pacer_drop (pacer, 0, &frame, &len, &meta), 0);
    assert_int_equal (meta.lane, GW_LANE_ORDER);
    assert_int_equal (gw_pacer_reset (pacer), 15);
    gw_pacer_stats (pacer, &stats);
    assert_int_equal (stats.queued [GW_LANE_ORDER] + stats.queued [GW_LANE_GENERAL]
                      + stats.queued [GW_LANE_HIST], 0);
    assert_int_equal (gw_pacer_drop (pacer, 0, &frame, &len, &meta), RT_EAGAIN);
    //  The whole pool is usable again
    for (int i = 0; i < 16; i++)
        assert_int_equal (gw_pacer_push (pacer, GW_LANE_ORDER, "o", 1, 0, NULL, 0), 0);
    gw_pacer_destroy (&pacer);

    //  Bad configurations are refused
    gw_pacer_config_defaults (&cfg);
    cfg.rate = 0;
    assert_null (gw_pacer_new (&cfg, 0));
    gw_pacer_config_defaults (&cfg);
    cfg.order_reserve = cfg.capacity;
    assert_null (gw_pacer_new (&cfg, 0));
}

static void
test_hist_identical_within_15s (void **state)
{
    gw_pacer_t *pacer = s_pacer (1000, 100, 0);
    s_push_hist (pacer, 1, 0xAA, 1, 1, 0);
    s_push_hist (pacer, 2, 0xBB, 2, 1, 0);
    s_push_hist (pacer, 3, 0xAA, 3, 1, 0);             //  identical to the first
    s_push_hist (pacer, 4, 0xCC, 4, 1, 0);
    assert_int_equal (s_pop (pacer, 1000, NULL), 1);
    assert_int_equal (s_pop (pacer, 1000, NULL), 2);
    //  The third must wait until 15 s after the first, holding the fourth behind it (FIFO)
    assert_int_equal (s_pop (pacer, 1000, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 1000), 16000);
    assert_int_equal (s_pop (pacer, 15999, NULL), -1);
    gw_pacer_meta_t meta;
    assert_int_equal (s_pop (pacer, 16000, &meta), 3);
    assert_int_equal (meta.wait_ms, 16000);
    assert_int_equal (s_pop (pacer, 16000, NULL), 4);
    //  General messages are not held by a blocked historical head
    s_push_hist (pacer, 5, 0xCC, 5, 1, 16000);
    s_push (pacer, GW_LANE_GENERAL, 6, 16000);
    assert_int_equal (s_pop (pacer, 16001, NULL), 6);
    assert_int_equal (s_pop (pacer, 16001, NULL), -1);
    assert_int_equal (s_pop (pacer, 31000, NULL), 5);
    gw_pacer_destroy (&pacer);
}

static void
test_hist_60_per_10_minutes (void **state)
{
    gw_pacer_t *pacer = s_pacer (1000, 100, 0);
    //  61 distinct requests, one every 100 ms, each answered at once
    for (uint64_t i = 0; i < 61; i++)
        s_push_hist (pacer, i, 1000 + i, 1000 + i, 1, 0);
    uint64_t now = 0;
    for (uint64_t i = 0; i < 60; i++) {
        now = 1000 + i * 100;
        assert_int_equal (s_pop (pacer, now, NULL), (int64_t) i);
        gw_pacer_hist_done (pacer);
    }
    //  The 61st waits for the first to leave the 10-minute window
    assert_int_equal (s_pop (pacer, now + 100, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, now + 100), 1000 + 600000);
    assert_int_equal (s_pop (pacer, 600999, NULL), -1);
    assert_int_equal (s_pop (pacer, 601000, NULL), 60);
    gw_pacer_hist_done (pacer);

    //  BID_ASK weighs two: with 59 in the window (the 2nd..60th), 1 free... plus the 61st
    //  just sent makes 60: the next one waits for two expiries
    s_push_hist (pacer, 99, 0xB1D, 0xB1D, 2, 601000);
    assert_int_equal (s_pop (pacer, 601000, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 601000), 1000 + 200 + 600000);
    assert_int_equal (s_pop (pacer, 601200, NULL), 99);
    gw_pacer_destroy (&pacer);
}

static void
test_hist_open_limit (void **state)
{
    gw_pacer_t *pacer = s_pacer (1000, 100, 0);
    for (uint64_t i = 0; i < 51; i++)
        s_push_hist (pacer, i, i, i, 1, 0);
    for (uint64_t i = 0; i < 50; i++)
        assert_int_equal (s_pop (pacer, 1000 + i * 10, NULL), (int64_t) i);
    //  50 open: only an answer frees a slot, so no timer is worth arming
    assert_int_equal (s_pop (pacer, 5000, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 5000), UINT64_MAX);
    gw_pacer_stats_t stats;
    gw_pacer_stats (pacer, &stats);
    assert_int_equal (stats.hist_open, 50);
    gw_pacer_hist_done (pacer);
    assert_int_equal (gw_pacer_next_ms (pacer, 5000), 5000);
    assert_int_equal (s_pop (pacer, 5000, NULL), 50);
    //  A reset (disconnect) forgets the open requests
    gw_pacer_reset (pacer);
    gw_pacer_stats (pacer, &stats);
    assert_int_equal (stats.hist_open, 0);
    gw_pacer_destroy (&pacer);
}

static void
test_hist_same_contract_burst (void **state)
{
    gw_pacer_t *pacer = s_pacer (1000, 100, 0);
    //  Six different requests for one contract: the sixth within 2 s must wait
    for (uint64_t i = 0; i < 6; i++)
        s_push_hist (pacer, i, 100 + i, 0xC0, 1, 0);
    for (uint64_t i = 0; i < 5; i++)
        assert_int_equal (s_pop (pacer, 1000 + i * 100, NULL), (int64_t) i);
    assert_int_equal (s_pop (pacer, 1500, NULL), -1);
    assert_int_equal (gw_pacer_next_ms (pacer, 1500), 3000);
    assert_int_equal (s_pop (pacer, 3000, NULL), 5);
    assert_int_equal (gw_pacer_hash (GW_PACER_HASH_SEED, "ab", 2),
                      gw_pacer_hash (gw_pacer_hash (GW_PACER_HASH_SEED, "a", 1), "b", 1));
    gw_pacer_destroy (&pacer);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_rate_exact_over_a_second),
        cmocka_unit_test (test_sliding_window_bound),
        cmocka_unit_test (test_burst_after_idle),
        cmocka_unit_test (test_lanes_priority_and_fifo),
        cmocka_unit_test (test_frame_content_and_queue_wait),
        cmocka_unit_test (test_bounded_queue_and_reserves),
        cmocka_unit_test (test_hist_identical_within_15s),
        cmocka_unit_test (test_hist_60_per_10_minutes),
        cmocka_unit_test (test_hist_open_limit),
        cmocka_unit_test (test_hist_same_contract_burst),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
