/*  gw_loop_rx.h - the TWS receive buffer: one fixed buffer, frames handed out in place.

    The loop reads straight into the free space at the end, then takes every complete frame
    as a pointer into the buffer (tws_frame_split), so a burst of ticks costs no copy at all.
    Bytes move only when the space left cannot take the rest of the frame in progress or
    falls below GW_RX_MIN_ROOM: then the partial tail (never more than one frame) moves to
    the front. When every byte has been consumed the buffer simply starts again at 0.

    Pure: no I/O, one allocation at init. The capacity must hold the largest frame the
    protocol allows, or such a frame is RT_ERANGE (the stream cannot be resynchronised).
*/
#ifndef GW_LOOP_RX_H_INCLUDED
#define GW_LOOP_RX_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "rt_error.h"

#define GW_RX_MIN_ROOM  (64 * 1024)

typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t head;            //  first byte not yet handed out
    size_t tail;            //  one past the last byte read
    uint64_t compactions;   //  times the partial tail was moved to the front
    uint64_t moved;         //  bytes moved by compactions
} gw_rx_t;

//  Allocates cap bytes (at least 2 * GW_RX_MIN_ROOM). 0, RT_EINVAL or RT_ENOMEM.
int gw_rx_init (gw_rx_t *self, size_t cap);
void gw_rx_fini (gw_rx_t *self);

//  Forgets every byte (a new connection).
void gw_rx_reset (gw_rx_t *self);

//  Where to read next and how many bytes fit; compacts first when needed. *room is 0 only
//  when an incomplete frame fills the whole buffer (then gw_rx_next says RT_ERANGE).
uint8_t *gw_rx_room (gw_rx_t *self, size_t *room);

//  n bytes were read into the room.
void gw_rx_commit (gw_rx_t *self, size_t n);

//  The next complete frame's payload, pointing into the buffer and valid until the next
//  gw_rx_room. RT_EAGAIN when no complete frame is left, RT_ERANGE for a length prefix above
//  TWS_MAX_PAYLOAD or the buffer's capacity.
int gw_rx_next (gw_rx_t *self, const uint8_t **payload, size_t *len);

//  Bytes held that are not yet handed out.
size_t gw_rx_pending (const gw_rx_t *self);

#endif
