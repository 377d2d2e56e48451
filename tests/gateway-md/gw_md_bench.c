/*  gw_md_bench.c - ad hoc: ns per tickPrice frame, from the frame's bytes to the packed
    quote (topic, header and body in the loop's reused buffers), zmq send excluded: the fake
    loop's gw_publish packs and stops. Not a test; run build/tests/gw_md_bench [frames]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gw_fake.h"
#include "gw_md.h"

#define S_DISTINCT 1024

static uint64_t
s_now_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

int
main (int argc, char **argv)
{
    long frames = argc > 1? atol (argv [1]): 5000000;
    gw_t *gw = gw_fake_new (200);
    gw_md_t *md = gw_md_new (gw);
    if (!gw || !md)
        return 1;
    gw_md_on_session (md, true);
    //  Subscribe 8 symbols the way a command would.
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    rt_cmd_peer_t peer;
    memset (&peer, 0, sizeof peer);
    const char *symbols [8] = { "AAPL", "MSFT", "IBM", "TSLA", "NVDA", "AMZN", "GOOG", "META" };
    for (int i = 0; i < 8; i++) {
        rt_md_subscribe_t m;
        memset (&m, 0, sizeof m);
        snprintf (m.symbol, sizeof m.symbol, "%s", symbols [i]);
        rt_msg_pack (RT_TYPE_MD_SUBSCRIBE, &m, &sbuf);
        rt_bus_msg_t msg = { .topic = "cmd", .body = (const uint8_t *) sbuf.data,
                             .body_len = sbuf.size };
        msg.header.type = RT_TYPE_MD_SUBSCRIBE;
        gw_md_on_command (md, &msg, &peer);
    }
    gw->record = false;

    //  Pre-encoded frames, as the socket would deliver them.
    static uint8_t buf [S_DISTINCT][64];
    static size_t len [S_DISTINCT];
    for (int i = 0; i < S_DISTINCT; i++) {
        tws_writer_t w;
        tws_writer_init (&w, buf [i], sizeof buf [i]);
        tws_tick_price_t t = { .req_id = 1000 + i % 8, .tick_type = 1 + (i % 3 == 2? 3: i % 3),
                               .price = 100 + (i % 97) * 0.01, .size = 100 + i % 13,
                               .attr_mask = 1 };
        tws_tick_price_encode (&w, 200, &t);
        tws_writer_finish (&w, &len [i]);
    }
    gw_md_stats_t st;
    for (int pass = 0; pass < 2; pass++) {
        //  Pass 0: the whole path, quote packed. Pass 1: decode + update only.
        gw->no_pack = pass == 1;
        gw_md_stats (md, &st);
        uint64_t q0 = st.quotes;
        uint64_t t0 = s_now_ns ();
        for (long n = 0; n < frames; n++) {
            int i = (int) (n & (S_DISTINCT - 1));
            tws_reader_t r;
            tws_reader_init (&r, buf [i] + 4, len [i] - 4);
            int id;
            if (tws_msg_id_read (&r, &id) || gw_md_on_tws (md, id, &r) != 1)
                return 1;
        }
        uint64_t t1 = s_now_ns ();
        gw_md_stats (md, &st);
        printf ("%-38s %ld frames, %6.1f ns/frame, %5.2f M frames/s\n",
                pass == 0? "tickPrice bytes -> packed quote:": "tickPrice bytes -> quote (no pack):",
                frames, (double) (t1 - t0) / (double) frames,
                (double) frames * 1e3 / (double) (t1 - t0));
        if (st.quotes - q0 != (uint64_t) frames) {
            fprintf (stderr, "gw_md_bench: %llu quotes for %ld frames\n",
                     (unsigned long long) (st.quotes - q0), frames);
            return 1;
        }
    }
    msgpack_sbuffer_destroy (&sbuf);
    gw_md_destroy (&md);
    gw_fake_destroy (&gw);
    return 0;
}
