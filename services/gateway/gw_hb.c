/*  gw_hb.c - the gateway's counters and its heartbeat (sys.hb.gateway) each second.

    The heartbeat carries at most RT_COUNTERS_MAX (8) counters: the fixed set below, always
    in this order, so dashboards find them. Modules may count other names with gw_count; those
    appear in the `status` reply. qwait_max_ms is the longest pacer queue wait since the
    previous heartbeat.
*/
#include <string.h>
#include <unistd.h>
#include "gw_loop.h"
#include "rt_clock.h"
#include "rt_log.h"

static const char *const s_hb_names [RT_COUNTERS_MAX] = {
    "ticks", "quotes", "orders", "fills", "reconnects", "paced", "errors", "qwait_max_ms"
};

void
gw_hb_init (gw_t *self)
{
    for (size_t i = 0; i < RT_COUNTERS_MAX; i++)
        gw_count (self, s_hb_names [i], 0);
}

void
gw_count (gw_t *self, const char *name, uint64_t by)
{
    for (size_t i = 0; i < self->counter_n; i++)
        if (strcmp (self->counters [i].name, name) == 0) {
            self->counters [i].value += by;
            return;
        }
    if (self->counter_n == GW_COUNTERS_MAX || strlen (name) >= RT_COUNTER_NAME_MAX)
        return;
    gw_counter_t *c = &self->counters [self->counter_n++];
    snprintf (c->name, sizeof c->name, "%s", name);
    c->value = by;
}

static uint64_t
s_get (gw_t *self, const char *name)
{
    for (size_t i = 0; i < self->counter_n; i++)
        if (strcmp (self->counters [i].name, name) == 0)
            return self->counters [i].value;
    return 0;
}

void
gw_hb_fill (gw_t *self, rt_heartbeat_t *hb)
{
    memset (hb, 0, sizeof *hb);
    snprintf (hb->service, sizeof hb->service, "gateway");
    hb->pid = (int32_t) getpid ();
    hb->uptime_ms = rt_clock_mono_ms () - self->start_ms;
    gw_state_t state = gw_fsm_state (self->fsm);
    if (state == GW_STATE_READY)
        snprintf (hb->status, sizeof hb->status, "ok");
    else {
        const char *name = gw_state_name (state);
        size_t i = 0;
        for (; name [i] && i + 1 < sizeof hb->status; i++)
            hb->status [i] = (char) (name [i] >= 'A' && name [i] <= 'Z'? name [i] + 32: name [i]);
        hb->status [i] = 0;
    }
    hb->msgs_in = self->msgs_in;
    hb->msgs_out = self->msgs_out;
    hb->errors = self->errors;
    gw_fsm_stats_t st;
    gw_fsm_stats (self->fsm, &st);
    for (size_t i = 0; i < RT_COUNTERS_MAX; i++) {
        uint64_t v = s_get (self, s_hb_names [i]);
        if (strcmp (s_hb_names [i], "reconnects") == 0)
            v = st.attempts > 0? st.attempts - 1: 0;
        else
        if (strcmp (s_hb_names [i], "qwait_max_ms") == 0)
            v = self->qwait_max_ms;
        rt_counters_set (&hb->counters, s_hb_names [i], v);
    }
}

void
gw_hb_format (gw_t *self, char *buf, size_t cap)
{
    size_t off = 0;
    buf [0] = 0;
    gw_fsm_stats_t st;
    gw_fsm_stats (self->fsm, &st);
    int n = snprintf (buf, cap, "attempts=%llu sessions=%llu lost=%llu trips=%llu",
                      (unsigned long long) st.attempts, (unsigned long long) st.sessions,
                      (unsigned long long) st.sessions_lost,
                      (unsigned long long) st.breaker_trips);
    if (n < 0 || (size_t) n >= cap)
        return;
    off = (size_t) n;
    for (size_t i = 0; i < self->counter_n && off < cap; i++) {
        if (self->counters [i].value == 0)
            continue;
        n = snprintf (buf + off, cap - off, " %s=%llu", self->counters [i].name,
                      (unsigned long long) self->counters [i].value);
        if (n < 0 || (size_t) n >= cap - off)
            break;
        off += (size_t) n;
    }
}

int
gw_hb_on_timer (zloop_t *loop, int timer_id, void *arg)
{
    gw_t *self = (gw_t *) arg;
    rt_heartbeat_t hb;
    gw_hb_fill (self, &hb);
    self->qwait_max_ms = 0;
    gw_publish (self, GW_STREAM_STATE, RT_TYPE_HEARTBEAT, &hb, NULL);
    return 0;
}
