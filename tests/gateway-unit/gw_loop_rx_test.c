/*  gw_loop_rx_test.c - the gateway's TWS receive buffer: frames in place, copies only when
    the space left cannot take the frame in progress, bad lengths refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "gw_loop_rx.h"
#include "tws_frame.h"

#define CAP (2 * GW_RX_MIN_ROOM)

//  Appends one frame whose payload is `len` bytes of `fill` (ending in NUL).
static size_t
s_put (gw_rx_t *rx, size_t len, uint8_t fill)
{
    size_t room;
    uint8_t *at = gw_rx_room (rx, &room);
    assert_true (room >= len + 4);
    at [0] = (uint8_t) (len >> 24); at [1] = (uint8_t) (len >> 16);
    at [2] = (uint8_t) (len >> 8);  at [3] = (uint8_t) len;
    memset (at + 4, fill, len);
    at [4 + len - 1] = 0;
    gw_rx_commit (rx, len + 4);
    return len + 4;
}

static void
test_frames_in_place (void **state)
{
    gw_rx_t rx;
    assert_int_equal (gw_rx_init (&rx, CAP), 0);
    s_put (&rx, 10, 'a');
    s_put (&rx, 20, 'b');
    const uint8_t *p;
    size_t len;
    assert_int_equal (gw_rx_next (&rx, &p, &len), 0);
    assert_int_equal (len, 10);
    assert_ptr_equal (p, rx.buf + 4);           //  no copy: a pointer into the buffer
    assert_int_equal (p [0], 'a');
    assert_int_equal (gw_rx_next (&rx, &p, &len), 0);
    assert_int_equal (len, 20);
    assert_int_equal (p [0], 'b');
    assert_int_equal (gw_rx_next (&rx, &p, &len), RT_EAGAIN);
    assert_int_equal (gw_rx_pending (&rx), 0);
    //  Everything consumed: the next read starts at 0 again, nothing moved.
    size_t room;
    assert_ptr_equal (gw_rx_room (&rx, &room), rx.buf);
    assert_int_equal (room, CAP);
    assert_int_equal (rx.compactions, 0);
    gw_rx_fini (&rx);
}

static void
test_partial_frame_across_reads (void **state)
{
    gw_rx_t rx;
    assert_int_equal (gw_rx_init (&rx, CAP), 0);
    s_put (&rx, 100, 'x');
    //  Simulate a read that ended inside the frame: take back the last 30 bytes.
    rx.tail -= 30;
    const uint8_t *p;
    size_t len;
    assert_int_equal (gw_rx_next (&rx, &p, &len), RT_EAGAIN);
    rx.tail += 30;
    assert_int_equal (gw_rx_next (&rx, &p, &len), 0);
    assert_int_equal (len, 100);
    assert_int_equal (rx.compactions, 0);
    gw_rx_fini (&rx);
}

static void
test_compacts_only_when_short_of_room (void **state)
{
    gw_rx_t rx;
    assert_int_equal (gw_rx_init (&rx, CAP), 0);
    //  Fill most of the buffer, the last frame only partly read, then consume the rest.
    size_t used = 0;
    while (CAP - used > GW_RX_MIN_ROOM + 500)
        used += s_put (&rx, 1000, 'f');
    s_put (&rx, 1500, 'p');
    rx.tail -= 700;                             //  700 bytes of it not yet read
    const uint8_t *p;
    size_t len;
    while (gw_rx_next (&rx, &p, &len) == 0)
        assert_int_equal (len, 1000);
    size_t pending = gw_rx_pending (&rx);
    size_t room;
    uint8_t *at = gw_rx_room (&rx, &room);
    assert_int_equal (rx.compactions, 1);
    assert_int_equal (rx.moved, pending);       //  only the partial frame moved
    assert_ptr_equal (at, rx.buf + pending);
    //  The rest of the frame arrives; it comes out whole.
    memset (at, 'p', 700);
    at [699] = 0;
    gw_rx_commit (&rx, 700);
    assert_int_equal (gw_rx_next (&rx, &p, &len), 0);
    assert_int_equal (len, 1500);
    assert_int_equal (p [0], 'p');
    assert_int_equal (p [1498], 'p');
    gw_rx_fini (&rx);
}

static void
test_bad_lengths (void **state)
{
    gw_rx_t rx;
    assert_int_equal (gw_rx_init (&rx, CAP), 0);
    size_t room;
    uint8_t *at = gw_rx_room (&rx, &room);
    //  Above the protocol's limit.
    memcpy (at, "\x01\x00\x00\x00zz", 6);
    gw_rx_commit (&rx, 6);
    const uint8_t *p;
    size_t len;
    assert_int_equal (gw_rx_next (&rx, &p, &len), RT_ERANGE);
    //  Legal for TWS but larger than this buffer: refused rather than waited for forever.
    gw_rx_reset (&rx);
    at = gw_rx_room (&rx, &room);
    memcpy (at, "\x00\x10\x00\x00zz", 6);
    gw_rx_commit (&rx, 6);
    assert_int_equal (gw_rx_next (&rx, &p, &len), RT_ERANGE);
    gw_rx_fini (&rx);
    gw_rx_t small;
    assert_int_equal (gw_rx_init (&small, 16), RT_EINVAL);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_frames_in_place),
        cmocka_unit_test (test_partial_frame_across_reads),
        cmocka_unit_test (test_compacts_only_when_short_of_room),
        cmocka_unit_test (test_bad_lengths),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
