/*  sim_fault.c - fault injection shared by the flags and the control commands. */
#include "sim_server_int.h"

#include <string.h>

#include "sim_handlers.h"
#include "rt_log.h"

void
sim_fault_reset_begin (sim_server_t *srv, int code, int gap_ms)
{
    static const struct { int code; const char *text; } lost [] = {
        { 1100, "Connectivity between IB and Trader Workstation has been lost." },
        { 2103, "Market data farm connection is broken:usfarm" },
        { 2105, "HMDS data farm connection is broken:ushmds" },
        { 2157, "Sec-def data farm connection is broken:secdefnj" },
    };
    srv->counters.resets++;
    rt_log_info ("reset %d: connectivity lost (restored in %d ms)", code, gap_ms);
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY)
            continue;
        for (size_t k = 0; k < sizeof lost / sizeof lost [0]; k++)
            sim_server_error (srv, s, -1, lost [k].code, lost [k].text);
    }
    srv->world->farms_down = true;
    srv->reset_code = code;
    srv->reset_at_ms = srv->mono_ms + gap_ms;
    if (gap_ms <= 0)
        sim_fault_reset_end (srv);
}

void
sim_fault_reset_end (sim_server_t *srv)
{
    int code = srv->reset_code;
    if (!code)
        return;
    const char *text = code == 1101
        ? "Connectivity between IB and Trader Workstation has been restored - data lost."
        : "Connectivity between IB and Trader Workstation has been restored - data maintained.";
    rt_log_info ("reset %d: connectivity restored", code);
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY)
            continue;
        if (code == 1101) {
            //  Data lost: market data, bar streams and keepUpToDate are dead until the
            //  client asks again (account, positions and PnL subscriptions survive).
            int dropped = 0;
            for (int k = 0; k < SIM_MAX_SUBS; k++) {
                int kind = s->subs [k].kind;
                if (kind == SIM_SUB_MKT || kind == SIM_SUB_RTBAR || kind == SIM_SUB_HIST) {
                    sim_session_sub_del (s, &s->subs [k]);
                    dropped++;
                }
            }
            if (dropped)
                rt_log_info ("s%llu client %d: %d market data subscriptions dropped by 1101",
                          (unsigned long long) s->id, s->client_id, dropped);
        }
        sim_server_error (srv, s, -1, code, text);
        sim_h_farms_ok (srv, s);
    }
    srv->world->farms_down = false;
    srv->reset_code = 0;
}

void
sim_fault_restart (sim_server_t *srv, int seconds)
{
    srv->counters.restarts++;
    rt_log_info ("restart: closing every session and the listener for %d s", seconds);
    sim_server_drop_all (srv, "restart");
    sim_server_unlisten (srv);
    srv->restart_at_ms = srv->mono_ms + (int64_t) seconds * 1000;
}

int
sim_fault_malformed (sim_server_t *srv, const char *kind)
{
    //  garbage: a frame whose payload is not NUL-terminated fields with a numeric id.
    static const uint8_t garbage [] = { 0, 0, 0, 8, 'x', 'y', 0x01, 0xff, 'b', 'a', 'd', '!' };
    //  length: a prefix no TWS client accepts (above 0xFFFFFF).
    static const uint8_t length [] = { 0x7f, 0xff, 0xff, 0xff, '1', 0 };
    //  truncated: a header promising 100 bytes, 6 of them, then EOF.
    static const uint8_t truncated [] = { 0, 0, 0, 100, '1', 0, '6', 0, '1', 0 };
    const uint8_t *bytes = garbage;
    size_t n = sizeof garbage;
    if (strcmp (kind, "length") == 0) {
        bytes = length;
        n = sizeof length;
    }
    else
    if (strcmp (kind, "truncated") == 0) {
        bytes = truncated;
        n = sizeof truncated;
    }
    int count = 0;
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state != SIM_S_READY)
            continue;
        if (sim_session_send_raw (s, bytes, n) == 0)
            count++;
        if (bytes == truncated)
            sim_server_close_soon (srv, s, "malformed truncated frame sent");
    }
    rt_log_info ("malformed %s: sent to %d clients", kind, count);
    return count;
}
