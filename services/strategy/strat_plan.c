/*  strat_plan.c - sizing, client order ids, decision lines. */
#include "strat_plan.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt_error.h"

int
strat_coid (char *buf, size_t cap, const char *strategy, const char *symbol, uint64_t ts_ns,
            strat_action_t side)
{
    assert (buf && cap > 0);
    buf [0] = 0;
    if (!strategy || !*strategy || !symbol || !*symbol
    ||  (side != STRAT_BUY && side != STRAT_SELL))
        return RT_EINVAL;
    char sym [32];
    size_t n = 0;
    for (const char *c = symbol; *c && n + 1 < sizeof sym; c++) {
        bool plain = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z')
                  || (*c >= '0' && *c <= '9') || *c == '.';
        sym [n++] = plain? *c: '_';
    }
    sym [n] = 0;
    time_t t = (time_t) (ts_ns / 1000000000ULL);
    struct tm tm;
    char when [32];
    if (!gmtime_r (&t, &tm) || strftime (when, sizeof when, "%Y%m%dT%H%M%S", &tm) == 0)
        return RT_EINVAL;
    int len = snprintf (buf, cap, "strat-%s-%s-%s-%s", strategy, sym, when,
                        side == STRAT_BUY? "BUY": "SELL");
    if (len < 0 || (size_t) len >= cap || len >= STRAT_COID_MAX) {
        buf [0] = 0;
        return RT_ERANGE;
    }
    return 0;
}

int
strat_plan (const char *strategy, const char *symbol, const strat_signal_t *sig,
            double position, const strat_limits_t *lim, strat_plan_t *out)
{
    assert (sig && lim && out);
    memset (out, 0, sizeof *out);
    if (sig->action == STRAT_HOLD)
        return 0;
    double room;
    if (sig->action == STRAT_BUY) {
        room = lim->max_position - position;
        if (room <= 0) {
            snprintf (out->why, sizeof out->why, "at the position limit");
            return 0;
        }
    }
    else {
        double floor = lim->allow_short? -lim->max_position: 0;
        room = position - floor;
        if (room <= 0) {
            snprintf (out->why, sizeof out->why, "%s", lim->allow_short
                      ? "at the short limit": "flat and shorts are not allowed");
            return 0;
        }
    }
    int rc = strat_coid (out->coid, sizeof out->coid, strategy, symbol, sig->ts_ns,
                         sig->action);
    if (rc) {
        snprintf (out->why, sizeof out->why, "no client order id: %s", rt_strerror (rc));
        return rc;
    }
    out->action = sig->action;
    out->qty = lim->order_qty < room? lim->order_qty: room;
    return 0;
}

void
strat_plan_line (char *buf, size_t cap, const char *symbol, const strat_signal_t *sig,
                 const strat_plan_t *plan, double position, const strat_limits_t *lim)
{
    if (plan->action == STRAT_HOLD)
        snprintf (buf, cap, "%s: %s -> HOLD%s%s (position %g, limit %g)", symbol,
                  sig->reason, plan->why [0]? ": ": "", plan->why, position,
                  lim->max_position);
    else
        snprintf (buf, cap, "%s: %s -> %s %g (position %g, limit %g) coid=%s", symbol,
                  sig->reason, plan->action == STRAT_BUY? "BUY": "SELL", plan->qty,
                  position, lim->max_position, plan->coid);
}
