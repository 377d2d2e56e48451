/*  gw_loop_rx.c - the TWS receive buffer (see gw_loop_rx.h). */
#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "gw_loop_rx.h"
#include "tws_frame.h"

int
gw_rx_init (gw_rx_t *self, size_t cap)
{
    assert (self);
    memset (self, 0, sizeof *self);
    if (cap < 2 * GW_RX_MIN_ROOM)
        return RT_EINVAL;
    self->buf = (uint8_t *) malloc (cap);
    if (!self->buf)
        return RT_ENOMEM;
    self->cap = cap;
    return 0;
}

void
gw_rx_fini (gw_rx_t *self)
{
    assert (self);
    free (self->buf);
    memset (self, 0, sizeof *self);
}

void
gw_rx_reset (gw_rx_t *self)
{
    self->head = self->tail = 0;
}

//  Bytes the frame in progress needs in all (prefix included), or 0 while its prefix is
//  incomplete.
static size_t
s_frame_need (const gw_rx_t *self)
{
    if (self->tail - self->head < TWS_HEADER_LEN)
        return 0;
    const uint8_t *p = self->buf + self->head;
    uint32_t len = ((uint32_t) p [0] << 24) | ((uint32_t) p [1] << 16)
                 | ((uint32_t) p [2] << 8) | (uint32_t) p [3];
    return (size_t) len + TWS_HEADER_LEN;
}

uint8_t *
gw_rx_room (gw_rx_t *self, size_t *room)
{
    assert (self && self->buf && room);
    if (self->head == self->tail)
        self->head = self->tail = 0;
    else
    if (self->head > 0) {
        size_t need = s_frame_need (self);
        bool short_of_room = self->cap - self->tail < GW_RX_MIN_ROOM;
        bool frame_overflows = need > 0 && need <= self->cap && self->head + need > self->cap;
        if (short_of_room || frame_overflows) {
            size_t keep = self->tail - self->head;
            memmove (self->buf, self->buf + self->head, keep);
            self->head = 0;
            self->tail = keep;
            self->compactions++;
            self->moved += keep;
        }
    }
    *room = self->cap - self->tail;
    return self->buf + self->tail;
}

void
gw_rx_commit (gw_rx_t *self, size_t n)
{
    assert (self->tail + n <= self->cap);
    self->tail += n;
}

int
gw_rx_next (gw_rx_t *self, const uint8_t **payload, size_t *len)
{
    size_t consumed;
    int rc = tws_frame_split (self->buf + self->head, self->tail - self->head,
                              payload, len, &consumed);
    if (rc == RT_EAGAIN && s_frame_need (self) > self->cap)
        return RT_ERANGE;
    if (rc)
        return rc;
    self->head += consumed;
    return 0;
}

size_t
gw_rx_pending (const gw_rx_t *self)
{
    return self->tail - self->head;
}
