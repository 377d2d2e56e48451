/*  gw_errors.c - TWS error code table (tws-api-protocol.md section 6). */
#include <assert.h>
#include <stddef.h>
#include "gw_errors.h"

//  Flags of a table row.
#define F_KEEP_ORDER  0x01  //  names an order but only a modify/cancel failed: order unchanged
#define F_RESUB       0x02  //  the stream must be issued again
#define F_PENDING_ERR 0x04  //  a warning, except for a pending order/request (110)

typedef struct {
    int code;
    gw_severity_t severity;
    gw_eclass_t eclass;
    gw_session_effect_t session;
    unsigned flags;
} s_row_t;

//  Sorted by code (binary search).
static const s_row_t s_rows [] = {
    { 100,   GW_SEV_ERROR,   GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 101,   GW_SEV_ERROR,   GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 103,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 104,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 105,   GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 110,   GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, F_PENDING_ERR },
    { 135,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 161,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 162,   GW_SEV_ERROR,   GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 165,   GW_SEV_INFO,    GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 200,   GW_SEV_ERROR,   GW_ECLASS_CONTRACT,     GW_SESSION_NONE, 0 },
    { 201,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 202,   GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 320,   GW_SEV_ERROR,   GW_ECLASS_PROTOCOL,     GW_SESSION_NONE, 0 },
    { 321,   GW_SEV_WARNING, GW_ECLASS_PROTOCOL,     GW_SESSION_NONE, 0 },
    { 322,   GW_SEV_ERROR,   GW_ECLASS_PROTOCOL,     GW_SESSION_NONE, 0 },
    { 326,   GW_SEV_FATAL,   GW_ECLASS_CLIENT_ID,    GW_SESSION_CLIENT_ID, 0 },
    { 354,   GW_SEV_ERROR,   GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 366,   GW_SEV_WARNING, GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 399,   GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 404,   GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 420,   GW_SEV_ERROR,   GW_ECLASS_PACING,       GW_SESSION_NONE, 0 },
    { 501,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 502,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 503,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 504,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 505,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 507,   GW_SEV_ERROR,   GW_ECLASS_CLIENT_SIDE,  GW_SESSION_NONE, 0 },
    { 1100,  GW_SEV_ERROR,   GW_ECLASS_CONNECTIVITY, GW_SESSION_DEGRADED, 0 },
    { 1101,  GW_SEV_WARNING, GW_ECLASS_CONNECTIVITY, GW_SESSION_RESTORED_LOST, F_RESUB },
    { 1102,  GW_SEV_INFO,    GW_ECLASS_CONNECTIVITY, GW_SESSION_RESTORED, 0 },
    { 1300,  GW_SEV_FATAL,   GW_ECLASS_CONNECTIVITY, GW_SESSION_RECONNECT, 0 },
    { 2103,  GW_SEV_WARNING, GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2104,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2105,  GW_SEV_WARNING, GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2106,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2107,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2108,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2109,  GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 2110,  GW_SEV_WARNING, GW_ECLASS_CONNECTIVITY, GW_SESSION_NONE, 0 },
    { 2119,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2137,  GW_SEV_WARNING, GW_ECLASS_ORDER,        GW_SESSION_NONE, 0 },
    { 2157,  GW_SEV_WARNING, GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2158,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 2159,  GW_SEV_INFO,    GW_ECLASS_FARM,         GW_SESSION_NONE, 0 },
    { 10089, GW_SEV_ERROR,   GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10090, GW_SEV_WARNING, GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10147, GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 10148, GW_SEV_ERROR,   GW_ECLASS_ORDER,        GW_SESSION_NONE, F_KEEP_ORDER },
    { 10167, GW_SEV_WARNING, GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10168, GW_SEV_ERROR,   GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10182, GW_SEV_WARNING, GW_ECLASS_RESUBSCRIBE,  GW_SESSION_NONE, F_RESUB },
    { 10186, GW_SEV_ERROR,   GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10197, GW_SEV_ERROR,   GW_ECLASS_MKTDATA_PERM, GW_SESSION_NONE, 0 },
    { 10225, GW_SEV_WARNING, GW_ECLASS_RESUBSCRIBE,  GW_SESSION_NONE, F_RESUB },
};

static const s_row_t *
s_find (int code)
{
    size_t lo = 0, hi = sizeof (s_rows) / sizeof (s_rows [0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s_rows [mid].code == code)
            return &s_rows [mid];
        if (s_rows [mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool
gw_errors_is_farm (int code)
{
    const s_row_t *row = s_find (code);
    return row && row->eclass == GW_ECLASS_FARM;
}

bool
gw_errors_is_warning (int code)
{
    if (code >= 2100 && code <= 2199)
        return true;
    switch (code) {
        case 105: case 110: case 165: case 321: case 329:
        case 399: case 404: case 434: case 492: case 10167:
            return true;
        default:
            return false;
    }
}

void
gw_errors_classify (int code, gw_etarget_t target, gw_error_info_t *out)
{
    assert (out);
    *out = (gw_error_info_t) { .code = code };
    bool names_order = target == GW_ETARGET_ORDER || target == GW_ETARGET_ORDER_PENDING;
    const s_row_t *row = s_find (code);
    unsigned flags = 0;
    if (row) {
        out->severity = row->severity;
        out->eclass = row->eclass;
        out->session = row->session;
        flags = row->flags;
    }
    else {
        //  Unknown code: ib_async's rule. Naming something makes it fail; a session-wide
        //  unknown is only worth a warning, never a teardown.
        out->eclass = GW_ECLASS_OTHER;
        if (gw_errors_is_warning (code))
            out->severity = GW_SEV_WARNING;
        else
            out->severity = target == GW_ETARGET_NONE? GW_SEV_WARNING: GW_SEV_ERROR;
    }
    //  110 (price vs tick size) is a warning on a live order but rejects a pending one.
    if ((flags & F_PENDING_ERR) && target == GW_ETARGET_ORDER_PENDING)
        out->severity = GW_SEV_ERROR;
    bool fails = out->severity >= GW_SEV_ERROR;
    //  Codes answering a cancel/modify (104, 135, 161, ...) say the *request* failed; the order
    //  itself is as it was, and reconciliation tells its real state.
    out->order_done = names_order && fails && !(flags & F_KEEP_ORDER);
    out->request_failed = target == GW_ETARGET_REQUEST && fails;
    out->resubscribe = (flags & F_RESUB) != 0;
}

const char *
gw_severity_name (gw_severity_t severity)
{
    switch (severity) {
        case GW_SEV_INFO:    return "info";
        case GW_SEV_WARNING: return "warning";
        case GW_SEV_ERROR:   return "error";
        case GW_SEV_FATAL:   return "fatal";
        default:             return "unknown";
    }
}

const char *
gw_eclass_name (gw_eclass_t eclass)
{
    switch (eclass) {
        case GW_ECLASS_OTHER:        return "other";
        case GW_ECLASS_FARM:         return "farm";
        case GW_ECLASS_CONNECTIVITY: return "connectivity";
        case GW_ECLASS_CLIENT_ID:    return "client_id";
        case GW_ECLASS_PACING:       return "pacing";
        case GW_ECLASS_ORDER:        return "order";
        case GW_ECLASS_MKTDATA_PERM: return "mktdata_perm";
        case GW_ECLASS_RESUBSCRIBE:  return "resubscribe";
        case GW_ECLASS_CONTRACT:     return "contract";
        case GW_ECLASS_PROTOCOL:     return "protocol";
        case GW_ECLASS_CLIENT_SIDE:  return "client_side";
        default:                     return "unknown";
    }
}
