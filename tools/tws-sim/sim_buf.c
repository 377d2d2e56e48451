/*  sim_buf.c - bounded byte queue. */
#include "sim_buf.h"

#include <stdlib.h>
#include <string.h>

#include "proto/rt_error.h"

void
sim_buf_init (sim_buf_t *b, size_t limit)
{
    memset (b, 0, sizeof *b);
    b->limit = limit;
}

void
sim_buf_free (sim_buf_t *b)
{
    free (b->data);
    memset (b, 0, sizeof *b);
}

uint8_t *
sim_buf_reserve (sim_buf_t *b, size_t want, size_t *room, int *rc)
{
    *rc = 0;
    if (b->len + want > b->limit) {
        *rc = RT_ERANGE;
        return NULL;
    }
    if (b->off > 0 && b->off + b->len + want > b->cap) {
        //  Compact before growing: the head moved on since the last time.
        memmove (b->data, b->data + b->off, b->len);
        b->off = 0;
    }
    if (b->off + b->len + want > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + want)
            cap *= 2;
        uint8_t *data = realloc (b->data, cap);
        if (!data) {
            *rc = RT_ENOMEM;
            return NULL;
        }
        b->data = data;
        b->cap = cap;
    }
    if (room)
        *room = b->cap - b->off - b->len;
    return b->data + b->off + b->len;
}

void
sim_buf_commit (sim_buf_t *b, size_t n)
{
    b->len += n;
}

void
sim_buf_consume (sim_buf_t *b, size_t n)
{
    if (n >= b->len) {
        b->off = 0;
        b->len = 0;
    }
    else {
        b->off += n;
        b->len -= n;
    }
}

int
sim_buf_append (sim_buf_t *b, const void *p, size_t n)
{
    int rc;
    uint8_t *dst = sim_buf_reserve (b, n, NULL, &rc);
    if (!dst)
        return rc;
    memcpy (dst, p, n);
    sim_buf_commit (b, n);
    return 0;
}
