/*  pub_metrics.c - topic families and the Prometheus text format.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pub_metrics.h"

void
pub_topic_family (const char *topic, char *out, size_t cap)
{
    const char *dot = strchr (topic, '.');
    if (dot)
        dot = strchr (dot + 1, '.');
    size_t len = dot? (size_t) (dot - topic): strlen (topic);
    if (len >= cap)
        len = cap - 1;
    memcpy (out, topic, len);
    out [len] = 0;
}

void
pub_families_count (pub_families_t *self, const char *topic)
{
    char name [PUB_FAMILY_MAX];
    pub_topic_family (topic, name, sizeof name);
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->family [i].name, name) == 0) {
            self->family [i].seen++;
            return;
        }
    if (self->count == PUB_FAMILIES_MAX) {
        self->other++;
        return;
    }
    memcpy (self->family [self->count].name, name, sizeof name);
    self->family [self->count++].seen = 1;
}

//  Topic families come from the bus: keep a label value to the safe alphabet.
static void
s_label (char *out, size_t cap, const char *in)
{
    size_t i = 0;
    for (; in [i] && i < cap - 1; i++) {
        char c = in [i];
        out [i] = c == '"' || c == '\\' || (unsigned char) c < 0x20? '_': c;
    }
    out [i] = 0;
}

char *
pub_metrics_render (const pub_families_t *families, const pub_figures_t *fig, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&buf, &size);
    if (!f)
        return NULL;
    fprintf (f, "# HELP rt_publisher_messages_total Bus messages seen, by topic family.\n"
                "# TYPE rt_publisher_messages_total counter\n");
    for (size_t i = 0; i < families->count; i++) {
        char label [PUB_FAMILY_MAX];
        s_label (label, sizeof label, families->family [i].name);
        fprintf (f, "rt_publisher_messages_total{family=\"%s\"} %llu\n", label,
                 (unsigned long long) families->family [i].seen);
    }
    if (families->other)
        fprintf (f, "rt_publisher_messages_total{family=\"other\"} %llu\n",
                 (unsigned long long) families->other);
    fprintf (f, "# HELP rt_publisher_browsers WebSocket clients connected.\n"
                "# TYPE rt_publisher_browsers gauge\n"
                "rt_publisher_browsers %zu\n", fig->browsers);
    fprintf (f, "# HELP rt_gateway_state The gateway's IB session state (1 for the current "
                "one).\n# TYPE rt_gateway_state gauge\n");
    for (unsigned s = 1; s < RT_CONN_COUNT; s++)
        fprintf (f, "rt_gateway_state{state=\"%s\"} %d\n", rt_conn_str ((rt_conn_t) s),
                 fig->conn == (rt_conn_t) s);
    fprintf (f, "# HELP rt_publisher_ws_messages_total Messages sent to browsers.\n"
                "# TYPE rt_publisher_ws_messages_total counter\n"
                "rt_publisher_ws_messages_total %llu\n"
                "# HELP rt_publisher_ws_resyncs_total Browsers too slow for their queue, "
                "sent a fresh snapshot instead.\n"
                "# TYPE rt_publisher_ws_resyncs_total counter\n"
                "rt_publisher_ws_resyncs_total %llu\n"
                "# HELP rt_publisher_quotes_conflated_total Quotes replaced by a newer one "
                "before being sent.\n"
                "# TYPE rt_publisher_quotes_conflated_total counter\n"
                "rt_publisher_quotes_conflated_total %llu\n"
                "# HELP rt_publisher_bad_messages_total Bus messages that did not decode.\n"
                "# TYPE rt_publisher_bad_messages_total counter\n"
                "rt_publisher_bad_messages_total %llu\n"
                "# HELP rt_publisher_uptime_seconds Seconds since the publisher started.\n"
                "# TYPE rt_publisher_uptime_seconds gauge\n"
                "rt_publisher_uptime_seconds %.3f\n",
             (unsigned long long) fig->ws_sent, (unsigned long long) fig->ws_resyncs,
             (unsigned long long) fig->quotes_conflated, (unsigned long long) fig->bad_msgs,
             (double) fig->uptime_ms / 1000.0);
    if (fclose (f) != 0) {
        free (buf);
        return NULL;
    }
    *len = size;
    return buf;
}
