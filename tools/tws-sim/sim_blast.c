/*  sim_blast.c - pre-encoded cyclic market-data stream. */
#include "sim_blast.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/rt_error.h"
#include "tws_msg.h"
#include "rt_log.h"
#include "sim_rng.h"

struct sim_blast_t {
    uint8_t *data;
    size_t len;                                     //  bytes of one cycle
    size_t offsets [SIM_BLAST_CYCLE_FRAMES + 1];    //  frame starts, offsets[K] = len
};

typedef struct {
    sim_blast_t *b;
    size_t cap;
    int n;
    int version;
    int rc;
} s_enc_t;

static void
s_begin (s_enc_t *e, tws_writer_t *w)
{
    if (e->b->len + 512 > e->cap) {
        size_t cap = e->cap * 2;
        uint8_t *data = realloc (e->b->data, cap);
        if (!data) {
            e->rc = RT_ENOMEM;
            return;
        }
        e->b->data = data;
        e->cap = cap;
    }
    tws_writer_init (w, e->b->data + e->b->len, 512);
}

static void
s_end (s_enc_t *e, tws_writer_t *w, int rc)
{
    size_t n = 0;
    if (rc == 0)
        rc = tws_writer_finish (w, &n);
    if (rc) {
        e->rc = rc;
        return;
    }
    e->b->offsets [e->n++] = e->b->len;
    e->b->len += n;
}

sim_blast_t *
sim_blast_new (int server_version, int req_id, uint64_t seed)
{
    sim_blast_t *b = calloc (1, sizeof *b);
    if (!b)
        return NULL;
    s_enc_t e = { .b = b, .cap = 1u << 17, .version = server_version };
    b->data = malloc (e.cap);
    if (!b->data) {
        free (b);
        return NULL;
    }
    sim_rng_t rng;
    sim_rng_seed (&rng, seed ^ 0xb1a57ULL);
    double mid = 100.0;
    int64_t stamp = 1736173800;                     //  2025-01-06 14:30:00 UTC
    int trades = 0;
    //  Groups of BID, BID_SIZE, ASK, ASK_SIZE, LAST, LAST_SIZE (+ tickString 45 every 4th).
    while (e.n < SIM_BLAST_CYCLE_FRAMES && e.rc == 0) {
        mid += (sim_rng_uniform (&rng) - 0.5) * 0.04;
        if (mid < 1.0)
            mid = 1.0;
        double bid = (double) (int64_t) (mid * 100.0 - 1.0) / 100.0;
        double ask = bid + 0.01 * (double) (1 + sim_rng_below (&rng, 3));
        double last = sim_rng_below (&rng, 2) ? bid : ask;
        const struct { int type, size_type; double price; } prices [3] = {
            { TWS_TICK_BID,  TWS_TICK_BID_SIZE,  bid },
            { TWS_TICK_ASK,  TWS_TICK_ASK_SIZE,  ask },
            { TWS_TICK_LAST, TWS_TICK_LAST_SIZE, last },
        };
        for (int i = 0; i < 3 && e.n + 1 < SIM_BLAST_CYCLE_FRAMES && e.rc == 0; i++) {
            double size = (double) (100 * (1 + sim_rng_below (&rng, 20)));
            tws_writer_t w;
            tws_tick_price_t tp = { .req_id = req_id, .tick_type = prices [i].type,
                                    .price = prices [i].price, .size = size,
                                    .attr_mask = 0 };
            s_begin (&e, &w);
            if (e.rc)
                break;
            s_end (&e, &w, tws_tick_price_encode (&w, server_version, &tp));
            tws_tick_size_t ts = { .req_id = req_id, .tick_type = prices [i].size_type,
                                   .size = size };
            s_begin (&e, &w);
            if (e.rc)
                break;
            s_end (&e, &w, tws_tick_size_encode (&w, server_version, &ts));
        }
        if (++trades % 4 == 0 && e.n < SIM_BLAST_CYCLE_FRAMES && e.rc == 0) {
            tws_writer_t w;
            tws_tick_string_t str = { .req_id = req_id, .tick_type = TWS_TICK_LAST_TIMESTAMP };
            snprintf (str.value, sizeof str.value, "%lld", (long long) stamp++);
            s_begin (&e, &w);
            if (e.rc)
                break;
            s_end (&e, &w, tws_tick_string_encode (&w, server_version, &str));
        }
    }
    if (e.rc || e.n != SIM_BLAST_CYCLE_FRAMES) {
        rt_log_error ("blast: cannot pre-encode frames (%s)", rt_strerror (e.rc));
        sim_blast_destroy (&b);
        return NULL;
    }
    b->offsets [SIM_BLAST_CYCLE_FRAMES] = b->len;
    return b;
}

void
sim_blast_destroy (sim_blast_t **p)
{
    assert (p);
    if (*p) {
        free ((*p)->data);
        free (*p);
        *p = NULL;
    }
}

uint64_t
sim_blast_stream_bytes (const sim_blast_t *b, uint64_t frames)
{
    return (frames / SIM_BLAST_CYCLE_FRAMES) * (uint64_t) b->len
         + b->offsets [frames % SIM_BLAST_CYCLE_FRAMES];
}

const uint8_t *
sim_blast_bytes (const sim_blast_t *b, size_t pos, size_t *n)
{
    assert (pos < b->len);
    *n = b->len - pos;
    return b->data + pos;
}

size_t
sim_blast_advance (const sim_blast_t *b, size_t pos, size_t n)
{
    pos += n;
    return pos >= b->len ? pos - b->len : pos;
}
