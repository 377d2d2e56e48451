/*  pub_metrics.h - what /metrics and /healthz tell: messages seen per topic family, and the
    Prometheus text rendering of the publisher's figures.

    A topic's family is its first two components ("md.quote.AAPL" -> "md.quote",
    "sys.hb.risk" -> "sys.hb", "gw.conn" -> "gw.conn"); up to PUB_FAMILIES_MAX families are
    counted by name, the rest as "other".
*/
#ifndef PUB_METRICS_H_INCLUDED
#define PUB_METRICS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define PUB_FAMILIES_MAX 32
#define PUB_FAMILY_MAX   32

typedef struct {
    size_t count;
    struct {
        char name [PUB_FAMILY_MAX];
        uint64_t seen;
    } family [PUB_FAMILIES_MAX];
    uint64_t other;
} pub_families_t;

//  Everything /metrics shows besides the families.
typedef struct {
    rt_conn_t conn;                 //  gateway session state (NONE: never seen)
    size_t browsers;                //  WebSocket clients connected now
    uint64_t ws_sent;               //  messages sent to browsers
    uint64_t ws_resyncs;            //  browsers resent a snapshot after a full queue
    uint64_t quotes_conflated;      //  quotes overwritten before a browser saw them
    uint64_t bad_msgs;              //  bus messages that did not decode
    uint64_t uptime_ms;
} pub_figures_t;

//  Writes the family of topic into out (cap >= PUB_FAMILY_MAX).
void pub_topic_family (const char *topic, char *out, size_t cap);
//  Counts one message on topic.
void pub_families_count (pub_families_t *self, const char *topic);

//  The Prometheus text exposition (version 0.0.4) into a new malloc'd string (caller frees),
//  its length in *len. NULL if out of memory.
char *pub_metrics_render (const pub_families_t *families, const pub_figures_t *fig,
                          size_t *len);

#endif
