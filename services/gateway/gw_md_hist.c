/*  gw_md_hist.c - historical bars: HIST_REQUEST -> reqHistoricalData on the pacer's HMDS
    lane, historicalData / historicalDataEnd / historicalDataUpdate -> md.bar.SYMBOL.
    Decisions (reply at once, end announced as an INFO event, dates) are in gw_md.h.
*/
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gw_md.h"
#include "gw_errors.h"

static const char *const s_what [] = {
    "TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST", "HISTORICAL_VOLATILITY",
    "OPTION_IMPLIED_VOLATILITY", "FEE_RATE", "SCHEDULE", "AGGTRADES", NULL
};

static const char *const s_bar_sizes [] = {
    "1 secs", "5 secs", "10 secs", "15 secs", "30 secs", "1 min", "2 mins", "3 mins",
    "5 mins", "10 mins", "15 mins", "20 mins", "30 mins", "1 hour", "2 hours", "3 hours",
    "4 hours", "8 hours", "1 day", "1 week", "1 month", NULL
};

static bool
s_in (const char *s, const char *const *list)
{
    for (; *list; list++)
        if (streq (s, *list))
            return true;
    return false;
}

//  "<n> S|D|W|M|Y", n > 0.
static bool
s_duration_ok (const char *s)
{
    const char *p = s;
    while (isdigit ((unsigned char) *p))
        p++;
    if (p == s || p - s > 9 || atoi (s) <= 0)
        return false;
    return p [0] == ' ' && strchr ("SDWMY", p [1]) && p [1] && p [2] == 0;
}

static bool
s_text_ok (const char *s)
{
    for (; *s; s++)
        if ((unsigned char) *s < 0x20 || (unsigned char) *s >= 0x7f)
            return false;
    return true;
}

static uint64_t
s_hash_str (uint64_t h, const char *s)
{
    return gw_pacer_hash (h, s, strlen (s) + 1);
}

//  HMDS identity: everything but the request id; the contract key is what IB's
//  same-contract rule counts (contract, exchange, what to show).
static void
s_hmds (const rt_hist_request_t *req, gw_hist_req_t *hmds)
{
    uint64_t c = GW_PACER_HASH_SEED;
    c = s_hash_str (c, req->symbol);
    c = s_hash_str (c, req->sec_type);
    c = s_hash_str (c, req->exchange);
    c = s_hash_str (c, req->currency);
    c = s_hash_str (c, req->what_to_show);
    uint64_t k = c;
    k = s_hash_str (k, req->duration);
    k = s_hash_str (k, req->bar_size);
    k = s_hash_str (k, req->end);
    uint8_t flags [2] = { req->use_rth, req->keep_up_to_date };
    k = gw_pacer_hash (k, flags, sizeof flags);
    hmds->key = k;
    hmds->contract_key = c;
    hmds->weight = streq (req->what_to_show, "BID_ASK")? 2: 1;
}

static void
s_free (gw_md_t *self, gw_md_hist_t *h)
{
    if (h->req_id)
        gw_md_map_del (self, h->req_id);
    if (h->open)
        gw_hist_done (self->gw);
    memset (h, 0, sizeof *h);
    self->hist_count--;
}

int
gw_md_hist_issue (gw_md_t *self, gw_md_hist_t *h)
{
    tws_writer_t *w = gw_tws_begin (self->gw);
    if (!w)
        return RT_ECLOSED;
    int req_id = gw_next_req_id (self->gw);
    tws_req_historical_data_t m;
    memset (&m, 0, sizeof m);
    tws_contract_init (&m.contract);
    m.req_id = req_id;
    const rt_hist_request_t *req = &h->req;
    snprintf (m.contract.symbol, sizeof m.contract.symbol, "%s", req->symbol);
    snprintf (m.contract.sec_type, sizeof m.contract.sec_type, "%s", req->sec_type);
    snprintf (m.contract.exchange, sizeof m.contract.exchange, "%s", req->exchange);
    snprintf (m.contract.currency, sizeof m.contract.currency, "%s", req->currency);
    snprintf (m.end_date_time, sizeof m.end_date_time, "%s", req->end);
    snprintf (m.bar_size, sizeof m.bar_size, "%s", req->bar_size);
    snprintf (m.duration, sizeof m.duration, "%s", req->duration);
    snprintf (m.what_to_show, sizeof m.what_to_show, "%s", req->what_to_show);
    m.use_rth = req->use_rth;
    m.format_date = 2;              //  epoch seconds: no time zone to guess
    m.keep_up_to_date = req->keep_up_to_date;
    int rc = tws_req_historical_data_encode (w, gw_server_version (self->gw), &m);
    if (rc == 0)
        rc = gw_tws_commit (self->gw, GW_LANE_HIST, (uint64_t) req_id, &h->hmds);
    if (rc)
        return rc;
    if (h->req_id)
        gw_md_map_del (self, h->req_id);
    rc = gw_md_map_put (self, req_id, GW_MD_KIND_HIST, (uint16_t) (h - self->hist));
    assert (rc == 0);
    h->req_id = req_id;
    h->open = true;
    h->loaded = false;
    h->pending = false;
    h->bars = 0;
    return 0;
}

int
gw_md_hist_command (gw_md_t *self, const rt_hist_request_t *cmd, const rt_cmd_peer_t *peer)
{
    rt_hist_request_t req = *cmd;
    const char *bad = gw_md_contract_norm (req.symbol, req.sec_type, req.exchange,
                                           req.currency);
    if (!bad && (gw_md_norm (req.what_to_show, sizeof req.what_to_show, req.what_to_show,
                             "TRADES") || !s_in (req.what_to_show, s_what)))
        bad = "what_to_show";
    if (!bad && !s_in (req.bar_size, s_bar_sizes))
        bad = "bar_size";
    if (!bad && !s_duration_ok (req.duration))
        bad = "duration";
    if (!bad && (!s_text_ok (req.end) || (req.keep_up_to_date && *req.end)))
        bad = "end";                //  keepUpToDate needs end "" (now)
    if (!bad && req.keep_up_to_date && streq (req.bar_size, "1 secs"))
        bad = "bar_size";           //  IB streams updates for bars of 5 s and more
    if (bad)
        return gw_reply (self->gw, peer, false, RT_EINVAL, cmd->symbol, "bad field %s", bad);

    gw_hist_req_t hmds;
    s_hmds (&req, &hmds);
    char id [16];
    if (req.keep_up_to_date) {
        for (uint32_t i = 0; i < GW_MD_HIST_MAX; i++) {
            const gw_md_hist_t *h = &self->hist [i];
            if (h->used && h->hmds.key == hmds.key) {
                snprintf (id, sizeof id, "%d", h->req_id);
                return gw_reply (self->gw, peer, true, 0, id,
                                 "already kept up to date, req id %d", h->req_id);
            }
        }
    }
    if (!gw_md_can_send (self))
        return gw_reply (self->gw, peer, false, RT_ECLOSED, req.symbol, "not connected");
    gw_md_hist_t *h = NULL;
    for (uint32_t i = 0; i < GW_MD_HIST_MAX && !h; i++)
        if (!self->hist [i].used)
            h = &self->hist [i];
    if (!h)
        return gw_reply (self->gw, peer, false, RT_ERANGE, req.symbol,
                         "historical request table full (%d)", GW_MD_HIST_MAX);
    memset (h, 0, sizeof *h);
    h->used = true;
    h->req = req;
    h->hmds = hmds;
    memcpy (h->bar.symbol, req.symbol, sizeof h->bar.symbol);
    memcpy (h->bar.bar_size, req.bar_size, sizeof h->bar.bar_size);
    self->hist_count++;
    int rc = gw_md_hist_issue (self, h);
    if (rc == 0) {
        snprintf (id, sizeof id, "%d", h->req_id);
        return gw_reply (self->gw, peer, true, 0, id, "accepted, req id %d", h->req_id);
    }
    s_free (self, h);
    if (rc == RT_EAGAIN)
        return gw_reply (self->gw, peer, false, rc, req.symbol, "paced");
    if (rc == RT_ECLOSED)
        return gw_reply (self->gw, peer, false, rc, req.symbol, "not connected");
    return gw_reply (self->gw, peer, false, rc, req.symbol,
                     "cannot encode reqHistoricalData: %s", rt_strerror (rc));
}

//  --- Bars -----------------------------------------------------------------------------

static gw_md_hist_t *
s_hist (gw_md_t *self, int req_id)
{
    const gw_md_slot_t *slot = gw_md_map_get (self, req_id);
    if (!slot || slot->kind != GW_MD_KIND_HIST)
        return NULL;
    return &self->hist [slot->idx];
}

static double
s_num (double v)
{
    return v == TWS_UNSET_DOUBLE || v < 0? 0: v;
}

static void
s_publish_bar (gw_md_t *self, gw_md_hist_t *h, const tws_bar_t *b, bool is_final)
{
    rt_bar_t *bar = &h->bar;
    if (gw_md_parse_bar_date (b->date, &bar->ts_ns)) {
        self->stats.bad_dates++;
        return;
    }
    bar->open = b->open;
    bar->high = b->high;
    bar->low = b->low;
    bar->close = b->close;
    bar->volume = s_num (b->volume);
    bar->wap = s_num (b->wap);
    bar->count = b->bar_count < 0? 0: b->bar_count;
    bar->req_id = h->req_id;
    bar->is_final = is_final;
    if (gw_publish (self->gw, GW_STREAM_MD, RT_TYPE_BAR, bar, NULL) == 0) {
        self->stats.bars++;
        gw_count (self->gw, "bars", 1);
    }
    else
        self->stats.publish_failed++;
}

//  Ends a request on md.hist.SYMBOL: complete (why NULL) or failed, so the requester, who was
//  given the req id in the reply, learns the outcome without watching sys.error.
static void
s_publish_end (gw_md_t *self, const gw_md_hist_t *h, const char *why)
{
    rt_hist_end_t end = { .req_id = h->req_id, .ok = why == NULL, .bars = h->bars,
                          .updates = why == NULL && h->req.keep_up_to_date };
    snprintf (end.symbol, sizeof end.symbol, "%s", h->req.symbol);
    snprintf (end.bar_size, sizeof end.bar_size, "%s", h->req.bar_size);
    if (why)
        snprintf (end.reason, sizeof end.reason, "%s", why);
    if (gw_publish (self->gw, GW_STREAM_MD, RT_TYPE_HIST_END, &end, NULL))
        self->stats.publish_failed++;
}

//  The initial load is complete: free the HMDS slot, tell the requester, and forget a
//  one-shot request.
static void
s_loaded (gw_md_t *self, gw_md_hist_t *h)
{
    if (h->open) {
        gw_hist_done (self->gw);
        h->open = false;
    }
    h->loaded = true;
    s_publish_end (self, h, NULL);
    if (!h->req.keep_up_to_date)
        s_free (self, h);
}

int
gw_md_hist_on_tws (gw_md_t *self, int msg_id, tws_reader_t *r)
{
    int sv = gw_server_version (self->gw);
    int rc;
    if (msg_id == TWS_IN_HISTORICAL_DATA) {
        tws_historical_data_t m;
        if ((rc = tws_historical_data_decode (r, sv, &m))) {
            self->stats.malformed++;
            return rc;
        }
        gw_md_hist_t *h = s_hist (self, m.req_id);
        if (!h) {
            self->stats.unknown++;
            gw_count (self->gw, "md_unknown", 1);
            return 1;           //  the length prefix bounds the bars we skip
        }
        for (int i = 0; i < m.bar_count; i++) {
            tws_bar_t bar;
            if ((rc = tws_bar_decode (r, sv, &bar))) {
                self->stats.malformed++;
                return rc;
            }
            h->bars++;
            s_publish_bar (self, h, &bar, true);
        }
        //  Below 196 the message carries the start / end dates and no 108 follows.
        if (sv < TWS_SV_HISTORICAL_DATA_END)
            s_loaded (self, h);
        return 1;
    }
    if (msg_id == TWS_IN_HISTORICAL_DATA_END) {
        tws_historical_data_end_t m;
        if ((rc = tws_historical_data_end_decode (r, sv, &m))) {
            self->stats.malformed++;
            return rc;
        }
        gw_md_hist_t *h = s_hist (self, m.req_id);
        if (!h) {
            self->stats.unknown++;
            return 1;
        }
        s_loaded (self, h);
        return 1;
    }
    if (msg_id == TWS_IN_HISTORICAL_DATA_UPDATE) {
        tws_historical_data_update_t m;
        if ((rc = tws_historical_data_update_decode (r, sv, &m))) {
            self->stats.malformed++;
            return rc;
        }
        gw_md_hist_t *h = s_hist (self, m.req_id);
        if (!h) {
            self->stats.unknown++;
            gw_count (self->gw, "md_unknown", 1);
            return 1;
        }
        s_publish_bar (self, h, &m.bar, false);
        return 1;
    }
    return 0;
}

int
gw_md_hist_on_error (gw_md_t *self, gw_md_hist_t *h, const tws_err_msg_t *err)
{
    gw_error_info_t info;
    gw_errors_classify (err->code, GW_ETARGET_REQUEST, &info);
    rt_severity_t sev = gw_md_severity (info.severity);
    if (info.resubscribe && h->req.keep_up_to_date && h->resubs < GW_MD_RESUB_MAX) {
        h->resubs++;
        self->stats.resubscribes++;
        gw_report (self->gw, err->code, sev, err->req_id, 0, "%s %s: %s; re-requesting",
                   h->req.symbol, h->req.bar_size, err->message);
        if (h->open) {
            gw_hist_done (self->gw);
            h->open = false;
        }
        int rc = gw_md_hist_issue (self, h);
        if (rc == RT_EAGAIN) {
            h->pending = true;
            self->pending = true;
        }
        return 1;
    }
    if (!info.request_failed && !info.resubscribe) {
        //  Warnings (366 "no query found", HMDS info): the request goes on.
        gw_report (self->gw, err->code, sev, err->req_id, 0, "%s %s: %s", h->req.symbol,
                   h->req.bar_size, err->message);
        return 1;
    }
    gw_report (self->gw, err->code, RT_SEVERITY_ERROR, err->req_id, 0,
               "historical %s %s failed: %s", h->req.symbol, h->req.bar_size, err->message);
    s_publish_end (self, h, err->message);
    s_free (self, h);
    return 1;
}

//  --- Sessions -------------------------------------------------------------------------

//  One-shot requests in flight die with the session (or with 1101's data loss): the
//  requester was given their request id, so they are reported, not re-issued under another.
static void
s_drop_in_flight (gw_md_t *self, gw_md_hist_t *h, const char *why)
{
    gw_report (self->gw, RT_ECLOSED, RT_SEVERITY_ERROR, h->req_id, 0,
               "historical %s %s (req id %d) lost %s: ask again", h->req.symbol,
               h->req.bar_size, h->req_id, why);
    char reason [RT_TEXT_MAX];
    snprintf (reason, sizeof reason, "lost %s: ask again", why);
    s_publish_end (self, h, reason);
    s_free (self, h);
}

void
gw_md_hist_on_session (gw_md_t *self)
{
    for (uint32_t i = 0; i < GW_MD_HIST_MAX; i++) {
        gw_md_hist_t *h = &self->hist [i];
        if (!h->used)
            continue;
        if (!h->req.keep_up_to_date) {
            s_drop_in_flight (self, h, "with 1101 (data lost)");
            continue;
        }
        //  After 1101 the old request is dead at TWS but still counted open by the pacer.
        if (h->open) {
            gw_hist_done (self->gw);
            h->open = false;
        }
        if (h->req_id)
            gw_md_map_del (self, h->req_id);
        h->req_id = 0;
        h->resubs = 0;
        h->pending = true;
    }
}

void
gw_md_hist_on_lost (gw_md_t *self)
{
    for (uint32_t i = 0; i < GW_MD_HIST_MAX; i++) {
        gw_md_hist_t *h = &self->hist [i];
        if (!h->used)
            continue;
        h->open = false;            //  the pacer's reset forgot its open requests
        if (!h->req.keep_up_to_date)
            s_drop_in_flight (self, h, "with the session");
        else
            h->req_id = 0;          //  the map was cleared already
    }
}

void
gw_md_hist_snapshot (gw_md_t *self, const rt_cmd_peer_t *peer)
{
    for (uint32_t i = 0; i < GW_MD_HIST_MAX; i++) {
        const gw_md_hist_t *h = &self->hist [i];
        if (h->used && h->req.keep_up_to_date)
            gw_send_to_peer (self->gw, peer, RT_TYPE_HIST_REQUEST, &h->req);
    }
}

//  --- Dates ----------------------------------------------------------------------------

//  Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
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

//  Day of week, 0 = Sunday.
static int
s_wday (int64_t days)
{
    return (int) ((days % 7 + 11) % 7);
}

//  US Eastern offset (seconds to add to local time to get UTC) for a local time, with the
//  rules in force since 2007: DST from the second Sunday of March 02:00 to the first
//  Sunday of November 02:00.
static int64_t
s_us_eastern (int y, int64_t local_s)
{
    int64_t mar1 = s_days (y, 3, 1);
    int64_t start = mar1 + (7 - s_wday (mar1)) % 7 + 7;
    int64_t nov1 = s_days (y, 11, 1);
    int64_t end = nov1 + (7 - s_wday (nov1)) % 7;
    bool dst = local_s >= start * 86400 + 7200 && local_s < end * 86400 + 7200;
    return dst? 4 * 3600: 5 * 3600;
}

static int
s_digits (const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit ((unsigned char) s [i]))
            return -1;
        v = v * 10 + (s [i] - '0');
    }
    return v;
}

int
gw_md_parse_bar_date (const char *s, uint64_t *ts_ns)
{
    size_t len = strlen (s);
    size_t ndig = 0;
    while (ndig < len && isdigit ((unsigned char) s [ndig]))
        ndig++;
    if (ndig == len && len > 0 && len != 8) {
        //  formatDate 2: epoch seconds.
        if (len > 11)
            return RT_EINVAL;
        *ts_ns = (uint64_t) strtoull (s, NULL, 10) * 1000000000ull;
        return 0;
    }
    if (ndig != 8)
        return RT_EINVAL;
    int y = s_digits (s, 4), mo = s_digits (s + 4, 2), d = s_digits (s + 6, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return RT_EINVAL;
    int64_t t = s_days (y, mo, d) * 86400;
    if (len == 8) {
        *ts_ns = (uint64_t) t * 1000000000ull;
        return 0;
    }
    //  "yyyymmdd hh:mm:ss[ zone]" or "yyyymmdd-hh:mm:ss" (UTC); IB pads with two spaces too.
    const char *p = s + 8;
    char sep = *p;
    if (sep != ' ' && sep != '-')
        return RT_EINVAL;
    while (*p == ' ' || *p == '-')
        p++;
    if (strlen (p) < 8 || p [2] != ':' || p [5] != ':')
        return RT_EINVAL;
    int hh = s_digits (p, 2), mm = s_digits (p + 3, 2), ss = s_digits (p + 6, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return RT_EINVAL;
    t += hh * 3600 + mm * 60 + ss;
    p += 8;
    while (*p == ' ')
        p++;
    if (*p && sep == ' ') {
        if (streq (p, "US/Eastern") || streq (p, "America/New_York") || streq (p, "EST5EDT"))
            t += s_us_eastern (y, t);
        else
        if (!streq (p, "UTC") && !streq (p, "GMT") && !streq (p, "Etc/UTC"))
            return RT_EINVAL;       //  a zone we cannot convert: better no bar than a wrong one
    }
    else
    if (*p)
        return RT_EINVAL;
    *ts_ns = (uint64_t) t * 1000000000ull;
    return 0;
}
