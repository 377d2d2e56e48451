/*  gw_orders_in.c - TWS messages for gw_orders: order status, open and completed orders,
    executions, commissions, order errors, account values and positions.

    Every message is decoded whole by lib/tws into self->scratch (no allocation; the walk
    through openOrder's variable sections is the codec's), then matched to an order by
    permId, orderRef (= coid) or order id, in that order of trust.
*/
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gw_orders_int.h"
#include "gw_errors.h"

//  ---------------------------------------------------------------------------------------
//  Execution times

static int
s_digits (const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s [i] < '0' || s [i] > '9')
            return -1;
        v = v * 10 + (s [i] - '0');
    }
    return v;
}

//  Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
static int64_t
s_days (int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0? y: y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2? -3: 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

//  Day of month of the n-th Sunday of (y, m).
static int
s_nth_sunday (int y, int m, int n)
{
    int64_t first = s_days (y, m, 1);
    int wday = (int) ((first % 7 + 11) % 7);    //  1970-01-01 was a Thursday (4)
    int first_sunday = 1 + (7 - wday) % 7;
    return first_sunday + 7 * (n - 1);
}

//  US Eastern offset in seconds for a local civil time (DST since 2007: second Sunday of
//  March 02:00 to first Sunday of November 02:00).
static int
s_eastern_offset (int y, int mo, int d, int h)
{
    bool dst = false;
    if (mo > 3 && mo < 11)
        dst = true;
    else if (mo == 3) {
        int start = s_nth_sunday (y, 3, 2);
        dst = d > start || (d == start && h >= 2);
    }
    else if (mo == 11) {
        int end = s_nth_sunday (y, 11, 1);
        dst = d < end || (d == end && h < 2);
    }
    return dst? -4 * 3600: -5 * 3600;
}

uint64_t
gw_orders_parse_time (const char *t)
{
    //  "20240105 10:15:30 US/Eastern", "20240105-15:15:30" (UTC), "20240105  10:15:30"
    //  (TWS local zone: unknown here, so 0), or epoch seconds.
    size_t len = strlen (t);
    if (len >= 9 && len <= 12 && strspn (t, "0123456789") == len) {
        long long sec = 0;
        if (sscanf (t, "%lld", &sec) == 1 && sec > 0)
            return (uint64_t) sec * 1000000000ULL;
        return 0;
    }
    if (len < 17)
        return 0;
    int y = s_digits (t, 4), mo = s_digits (t + 4, 2), d = s_digits (t + 6, 2);
    const char *p = t + 8;
    bool utc = *p == '-';
    while (*p == ' ' || *p == '-')
        p++;
    if ((size_t) (p - t) + 8 > len || p [2] != ':' || p [5] != ':')
        return 0;
    int h = s_digits (p, 2), mi = s_digits (p + 3, 2), s = s_digits (p + 6, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0
    ||  mi > 59 || s < 0 || s > 60)
        return 0;
    const char *zone = p + 8;
    while (*zone == ' ')
        zone++;
    int offset;
    if (utc || strcmp (zone, "UTC") == 0 || strcmp (zone, "GMT") == 0
    ||  strcmp (zone, "Etc/UTC") == 0)
        offset = 0;
    else
    if (strcmp (zone, "US/Eastern") == 0 || strcmp (zone, "America/New_York") == 0
    ||  strcmp (zone, "EST") == 0 || strcmp (zone, "EDT") == 0 || strcmp (zone, "EST5EDT") == 0)
        offset = s_eastern_offset (y, mo, d, h);
    else
        return 0;
    int64_t sec = s_days (y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    return sec > 0? (uint64_t) sec * 1000000000ULL: 0;
}

//  ---------------------------------------------------------------------------------------
//  Orders

static rt_side_t
s_side (const char *action)
{
    if (strcmp (action, "BUY") == 0 || strcmp (action, "BOT") == 0)
        return RT_SIDE_BUY;
    if (strcmp (action, "SELL") == 0 || strcmp (action, "SLD") == 0
    ||  strcmp (action, "SSHORT") == 0)
        return RT_SIDE_SELL;
    return RT_SIDE_NONE;
}

static double
s_price (double p)
{
    return p == TWS_UNSET_DOUBLE? 0: p;
}

//  The entry of an order IB reports (openOrder / completedOrder), created when a restarted
//  gateway meets it for the first time (bound by orderRef). NULL when it is not bindable.
static gw_order_t *
s_bind (gw_orders_t *self, int order_id, const tws_contract_t *c, const tws_order_t *ord,
        bool create_without_ref)
{
    gw_order_t *o = gw_otable_by_perm_id (self->table, ord->perm_id);
    if (!o && *ord->order_ref) {
        o = gw_otable_by_coid (self->table, ord->order_ref);
        if (o && o->perm_id > 0 && ord->perm_id > 0 && o->perm_id != ord->perm_id) {
            gw_report (self->gw, 0, RT_SEVERITY_WARNING, -1, order_id,
                       "orderRef %s names two IB orders (perm %lld and %lld): the second is "
                       "not tracked", ord->order_ref, (long long) o->perm_id,
                       (long long) ord->perm_id);
            return NULL;
        }
    }
    if (!o && !*ord->order_ref && !create_without_ref)
        return NULL;
    if (!o) {
        char coid [RT_COID_MAX];
        gw_orders_copy (coid, sizeof coid, ord->order_ref);
        int rc = gw_otable_add (self->table, coid, &o);
        if (rc) {
            gw_report (self->gw, rc, RT_SEVERITY_ERROR, -1, order_id,
                       "order table full: order %s (perm %lld) not tracked", coid,
                       (long long) ord->perm_id);
            return NULL;
        }
        gw_orders_copy (o->symbol, sizeof o->symbol, c->symbol);
        gw_orders_copy (o->sec_type, sizeof o->sec_type, c->sec_type);
        gw_orders_copy (o->exchange, sizeof o->exchange, c->exchange);
        gw_orders_copy (o->currency, sizeof o->currency, c->currency);
        gw_orders_copy (o->account, sizeof o->account, ord->account);
        o->side = s_side (ord->action);
        unsigned v = 0;
        if (rt_enum_parse (&rt_ord_type_enum, ord->order_type, strlen (ord->order_type), &v) == 0)
            o->order_type = (rt_ord_type_t) v;
        v = 0;
        if (rt_enum_parse (&rt_tif_enum, ord->tif, strlen (ord->tif), &v) == 0)
            o->tif = (rt_tif_t) v;
        o->qty = ord->total_quantity == TWS_UNSET_DECIMAL? 0: ord->total_quantity;
        o->remaining = o->qty;
        o->limit_price = s_price (ord->lmt_price);
        o->stop_price = s_price (ord->aux_price);
        self->stats.bound++;
    }
    gw_otable_set_ids (self->table, o, order_id, ord->perm_id);
    o->acked = true;
    o->seen = true;
    return o;
}

static int
s_open_order (gw_orders_t *self, tws_reader_t *r)
{
    tws_open_order_t *m = &self->scratch.open_order;
    int rc = tws_open_order_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    gw_order_t *o = s_bind (self, m->order_id, &m->contract, &m->order, true);
    if (!o)
        return 1;
    //  openOrder carries no filled quantity or fill price: a "Filled" here would publish
    //  FILLED with filled 0. IB follows it with orderStatus, which has the quantities, so
    //  that is where an order becomes FILLED.
    rt_ord_status_t status = gw_orders_map_status (m->state.status, o->filled);
    if (status != RT_ORD_STATUS_FILLED)
        gw_orders_update (self, o, status, -1, -1, -1, -1, NULL);
    return 1;
}

static int
s_completed_order (gw_orders_t *self, tws_reader_t *r)
{
    tws_completed_order_t *m = &self->scratch.completed;
    int rc = tws_completed_order_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    //  Only ours (with an orderRef) are worth keeping: they make a replayed coid idempotent.
    gw_order_t *o = s_bind (self, m->order.order_id, &m->contract, &m->order, false);
    if (!o)
        return 1;
    double filled = m->order.filled_quantity;
    double remaining = -1;
    if (filled == TWS_UNSET_DECIMAL)
        filled = -1;
    else
    if (o->qty > 0 && filled <= o->qty)
        remaining = o->qty - filled;
    const char *status = *m->state.status? m->state.status: m->state.completed_status;
    gw_orders_update (self, o, gw_orders_map_status (status, filled), filled, remaining,
                      -1, -1, NULL);
    return 1;
}

static int
s_order_status (gw_orders_t *self, tws_reader_t *r)
{
    tws_order_status_t *m = &self->scratch.status;
    int rc = tws_order_status_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    gw_order_t *o = gw_otable_by_perm_id (self->table, m->perm_id);
    if (!o)
        o = gw_otable_by_order_id (self->table, m->order_id);
    if (!o)
        return 1;       //  an order we never heard of (openOrder comes first and binds)
    gw_otable_set_ids (self->table, o, m->order_id, m->perm_id);
    o->acked = true;
    o->seen = true;
    gw_orders_update (self, o, gw_orders_map_status (m->status, m->filled), m->filled,
                      m->remaining, m->avg_fill_price, m->last_fill_price, NULL);
    return 1;
}

//  ---------------------------------------------------------------------------------------
//  Executions and commissions

static int
s_exec_details (gw_orders_t *self, tws_reader_t *r)
{
    tws_exec_details_t *m = &self->scratch.exec;
    int rc = tws_exec_details_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    const tws_execution_t *x = &m->execution;
    rt_side_t side = s_side (x->side);
    if (!*x->exec_id || side == RT_SIDE_NONE || !*m->contract.symbol) {
        self->stats.bad_messages++;
        gw_report (self->gw, RT_EINVAL, RT_SEVERITY_ERROR, m->req_id, m->order_id,
                   "execDetails without execId, side or symbol (execId '%s') ignored",
                   x->exec_id);
        return 1;
    }
    gw_order_t *o = gw_otable_by_perm_id (self->table, x->perm_id);
    if (!o && *x->order_ref)
        o = gw_otable_by_coid (self->table, x->order_ref);
    if (!o && !*x->order_ref)
        o = gw_otable_by_order_id (self->table, m->order_id);
    if (o) {
        gw_otable_set_ids (self->table, o, o->order_id? 0: m->order_id, x->perm_id);
        o->acked = true;
        o->seen = true;
    }
    char exec_id [RT_EXECID_MAX];
    gw_orders_copy (exec_id, sizeof exec_id, x->exec_id);
    int32_t h = gw_execset_find (self->execs, exec_id);
    bool fresh = h < 0;
    if (!fresh) {
        self->stats.fill_duplicates++;
        //  Still owed a commission and no longer kept: keep it again for the report that
        //  reqExecutions sends right after. A kept fill stays as published (a repeat
        //  never takes its commission away).
        if (gw_execset_commission_done (self->execs, h) || gw_execset_fill (self->execs, h))
            return 1;
    }
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    gw_orders_copy (f.exec_id, sizeof f.exec_id, exec_id);
    gw_orders_copy (f.coid, sizeof f.coid, *x->order_ref? x->order_ref: o? o->coid: "");
    f.order_id = m->order_id;
    f.perm_id = x->perm_id;
    gw_orders_copy (f.symbol, sizeof f.symbol, m->contract.symbol);
    f.side = side;
    f.qty = x->shares == TWS_UNSET_DECIMAL? 0: x->shares;
    f.price = s_price (x->price);
    f.ts_ns = gw_orders_parse_time (x->time);
    gw_orders_copy (f.exchange, sizeof f.exchange, x->exchange);
    gw_orders_copy (f.account, sizeof f.account, x->acct_number);
    if (fresh) {
        h = gw_execset_add (self->execs, exec_id);
        if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_FILL, &f, f.coid) == 0) {
            self->stats.fills++;
            gw_count (self->gw, "fills", 1);
        }
    }
    gw_execset_keep (self->execs, h, &f);
    return 1;
}

static int
s_commission (gw_orders_t *self, tws_reader_t *r)
{
    tws_commission_report_t *m = &self->scratch.commission;
    int rc = tws_commission_report_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    char exec_id [RT_EXECID_MAX];
    gw_orders_copy (exec_id, sizeof exec_id, m->exec_id);
    int32_t h = gw_execset_find (self->execs, exec_id);
    if (h >= 0 && gw_execset_commission_done (self->execs, h)) {
        self->stats.commission_duplicates++;
        return 1;
    }
    rt_fill_t *f = h >= 0? gw_execset_fill (self->execs, h): NULL;
    if (!f) {
        self->stats.commission_orphans++;
        return 1;
    }
    if (m->commission == TWS_UNSET_DOUBLE)
        return 1;           //  no figure yet: keep waiting for a report that has one
    f->has_commission = true;
    f->commission = m->commission;
    gw_orders_copy (f->commission_ccy, sizeof f->commission_ccy, m->currency);
    f->realized_pnl = m->realized_pnl == TWS_UNSET_DOUBLE? 0: m->realized_pnl;
    if (gw_publish (self->gw, GW_STREAM_STATE, RT_TYPE_FILL, f, f->coid) == 0)
        self->stats.commissions++;
    //  The kept fill now carries its commission: a snapshot streams it that way.
    gw_execset_set_commission_done (self->execs, h);
    return 1;
}

//  ---------------------------------------------------------------------------------------
//  Order errors

static rt_severity_t
s_severity (gw_severity_t s)
{
    switch (s) {
        case GW_SEV_INFO:    return RT_SEVERITY_INFO;
        case GW_SEV_WARNING: return RT_SEVERITY_WARNING;
        case GW_SEV_ERROR:   return RT_SEVERITY_ERROR;
        default:             return RT_SEVERITY_FATAL;
    }
}

static int
s_error (gw_orders_t *self, tws_reader_t *r)
{
    tws_err_msg_t *m = &self->scratch.err;
    int rc = tws_err_msg_decode (r, gw_server_version (self->gw), m);
    if (rc)
        return rc;
    if (m->req_id <= 0)
        return 0;           //  session-wide: the loop's
    gw_order_t *o = gw_otable_by_order_id (self->table, m->req_id);
    if (!o)
        return 0;           //  a request id, or an order we do not track
    gw_error_info_t info;
    gw_errors_classify (m->code, o->acked? GW_ETARGET_ORDER: GW_ETARGET_ORDER_PENDING, &info);
    gw_report (self->gw, m->code, s_severity (info.severity), -1, m->req_id,
               "order %s (id %d): %s", o->coid, m->req_id, m->message);
    if (info.order_done) {
        o->acked = true;    //  IB has seen it: it is not lost
        o->seen = true;
        gw_orders_update (self, o, m->code == 202? RT_ORD_STATUS_CANCELLED:
                          RT_ORD_STATUS_REJECTED, -1, -1, -1, -1, m->message);
    }
    return 1;
}

//  ---------------------------------------------------------------------------------------
//  Dispatch

#define S_DECODE(name, field) \
    rc = tws_##name##_decode (r, gw_server_version (self->gw), &self->scratch.field)

int
gw_orders_on_tws (gw_orders_t *self, int msg_id, tws_reader_t *r)
{
    assert (self && r);
    int rc = 1;
    switch (msg_id) {
        case TWS_IN_ORDER_STATUS:       rc = s_order_status (self, r); break;
        case TWS_IN_OPEN_ORDER:         rc = s_open_order (self, r); break;
        case TWS_IN_COMPLETED_ORDER:    rc = s_completed_order (self, r); break;
        case TWS_IN_EXECUTION_DATA:     rc = s_exec_details (self, r); break;
        case TWS_IN_COMMISSION_REPORT:  rc = s_commission (self, r); break;
        case TWS_IN_ERR_MSG:            rc = s_error (self, r); break;
        case TWS_IN_OPEN_ORDER_END:
            gw_orders_recon_answer (self, GW_RECON_OPEN_ORDERS);
            break;
        case TWS_IN_COMPLETED_ORDERS_END:
            gw_orders_recon_answer (self, GW_RECON_COMPLETED);
            break;
        case TWS_IN_EXECUTION_DATA_END: {
            tws_exec_details_end_t e;
            rc = tws_exec_details_end_decode (r, gw_server_version (self->gw), &e);
            if (rc == 0) {
                if (e.req_id == self->recon_exec_req)
                    gw_orders_recon_answer (self, GW_RECON_EXECUTIONS);
                rc = 1;
            }
            break;
        }
        case TWS_IN_ACCT_VALUE:
            S_DECODE (update_account_value, value);
            if (rc == 0) {
                gw_acct_on_value (self->acct, &self->scratch.value);
                rc = 1;
            }
            break;
        case TWS_IN_PORTFOLIO_VALUE:
            S_DECODE (update_portfolio, portfolio);
            if (rc == 0) {
                gw_acct_on_portfolio (self->acct, &self->scratch.portfolio);
                rc = 1;
            }
            break;
        case TWS_IN_POSITION_DATA:
            S_DECODE (position, position);
            if (rc == 0) {
                gw_acct_on_position (self->acct, &self->scratch.position);
                rc = 1;
            }
            break;
        case TWS_IN_POSITION_END:
            gw_acct_positions_end (self->acct);
            gw_orders_recon_answer (self, GW_RECON_POSITIONS);
            break;
        case TWS_IN_ACCT_UPDATE_TIME:
        case TWS_IN_ACCT_DOWNLOAD_END:
            break;          //  ours (we asked), nothing to publish
        default:
            rc = 0;
    }
    if (rc < 0)
        self->stats.bad_messages++;
    return rc;
}
