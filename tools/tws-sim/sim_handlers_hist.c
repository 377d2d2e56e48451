/*  sim_handlers_hist.c - historical bars, keepUpToDate and real-time bars. */
#include "sim_handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_log.h"
#include "sim_send.h"

#define SIM_MAX_BARS 100000             //  beyond: 162 "Time length exceed max"
//  Bars under a day are walked second by second (~30 ns each): past a month a request
//  would hold the loop for more than ~0.1 s, so it gets 162 "Time length exceed max"
//  (IB's own table stops 30-minute and hourly bars at one month).
#define SIM_MAX_INTRADAY_SEC (31 * 86400)
//  Daily and longer bars: cold days computed before answering at once; beyond, the request
//  waits in srv->hist_jobs and the loop computes one day (~2-4 ms) per turn.
#define SIM_HIST_INLINE_DAYS 5
#define SIM_HIST_SLICE_DAYS  1

static const char s_exceed [] =
    "Historical Market Data Service error message:Time length exceed max.";

//  endDateTime: "" (now), "yyyymmdd hh:mm:ss[ zone]" (US/Eastern unless the zone is UTC/GMT)
//  or "yyyymmdd-hh:mm:ss" (UTC). -1 when unparsable.
static int64_t
s_end_ms (const char *text, int64_t now_ms)
{
    if (!text [0])
        return now_ms;
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    const char *rest = strptime (text, "%Y%m%d-%H:%M:%S", &tm);
    bool utc = rest && *rest == 0;
    if (!utc) {
        memset (&tm, 0, sizeof tm);
        rest = strptime (text, "%Y%m%d %H:%M:%S", &tm);
        if (!rest)
            return -1;
        while (*rest == ' ')
            rest++;
        utc = strcmp (rest, "UTC") == 0 || strcmp (rest, "GMT") == 0;
    }
    int64_t sec = (int64_t) timegm (&tm);
    if (!utc) {
        //  Local Eastern time: the offset at that instant (two passes for the DST edge).
        int64_t guess = sec - sim_eastern_offset (sec);
        sec = sec - sim_eastern_offset (guess);
    }
    return sec * 1000;
}

static void
s_bar_date (int64_t t, int bar_sec, int format_date, char *buf, size_t cap)
{
    if (bar_sec >= 86400) {
        time_t tt = (time_t) t;
        struct tm tm;
        if (gmtime_r (&tt, &tm))
            strftime (buf, cap, "%Y%m%d", &tm);
    }
    else
    if (format_date == 2)
        snprintf (buf, cap, "%lld", (long long) t);
    else
        sim_world_time_text (t, buf, cap);
}

//  Computes the bars of a validated request and queues historicalData (+ end); with
//  keep_up_to_date (bars under a day) the session then gets updates.
static int
s_answer (sim_server_t *srv, sim_session_t *s, const sim_hist_job_t *j, bool keep_up_to_date)
{
    int rc = 0;
    size_t cap = (size_t) (j->duration / j->bar_sec) + 2;
    sim_bar_t *bars = calloc (cap, sizeof *bars);
    tws_bar_t *out = calloc (cap, sizeof *out);
    size_t count = 0;
    if (!bars || !out)
        goto done;
    rc = sim_market_bars (srv->world->market, j->sym, j->end_ms, j->duration, j->bar_sec,
                          (sim_show_t) j->what, j->use_rth, bars, cap, &count);
    if (rc < 0) {
        sim_server_error (srv, s, j->req_id, 162, rc == RT_ERANGE ? s_exceed
                          : "Historical Market Data Service error message:HMDS query returned"
                            " no data");
        rc = 0;
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        s_bar_date (bars [i].time, j->bar_sec, j->format_date, out [i].date, sizeof out [i].date);
        out [i].open = bars [i].open;
        out [i].high = bars [i].high;
        out [i].low = bars [i].low;
        out [i].close = bars [i].close;
        out [i].volume = (double) bars [i].volume;
        out [i].wap = bars [i].wap;
        out [i].bar_count = bars [i].count;
    }
    tws_historical_data_t h;
    memset (&h, 0, sizeof h);
    h.req_id = j->req_id;
    sim_world_time_text ((j->end_ms - j->duration * 1000) / 1000, h.start_date,
                         sizeof h.start_date);
    sim_world_time_text (j->end_ms / 1000, h.end_date, sizeof h.end_date);
    h.bar_count = (int) count;
    h.bars = out;
    int qrc = sim_send_historical_data (s, &h);
    if (qrc == 0 && s->version >= TWS_SV_HISTORICAL_DATA_END) {
        tws_historical_data_end_t e;
        memset (&e, 0, sizeof e);
        e.req_id = j->req_id;
        sim_copy (e.start_date, sizeof e.start_date, h.start_date);
        sim_copy (e.end_date, sizeof e.end_date, h.end_date);
        qrc = sim_send_historical_data_end (s, &e);
    }
    if (qrc)
        rt_log_warn (SIM_REQ_FMT "historical data not queued: %s", SIM_REQ_ARGS (s),
                  rt_strerror (qrc));
    if (keep_up_to_date && j->bar_sec < 86400) {
        sim_sub_t *sub = sim_session_sub_find (s, SIM_SUB_HIST, j->req_id);
        if (!sub)
            sub = sim_session_sub_add (s, SIM_SUB_HIST, j->req_id);
        if (sub) {
            sub->sym = j->sym;
            sub->param = j->bar_sec;
            sub->param2 = j->what;
            sub->use_rth = j->use_rth;
            sub->format_date = j->format_date;
            sub->count = 0;
            if (count > 0) {
                sub->last_bar = bars [count - 1];
                sub->count = 1;
            }
        }
    }
done:
    free (bars);
    free (out);
    return rc;
}

int
sim_h_req_historical_data (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_historical_data_t m;
    int rc = tws_req_historical_data_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqHistoricalData reqId=%d %s end='%s' bar='%s' duration='%s'"
              " rth=%d show=%s format=%d keepUpToDate=%d", SIM_REQ_ARGS (s), m.req_id,
              m.contract.symbol, m.end_date_time, m.bar_size, m.duration, m.use_rth,
              m.what_to_show, m.format_date, m.keep_up_to_date);
    int sym = sim_h_resolve (srv, s, m.req_id, &m.contract);
    if (sym < 0)
        return 0;
    int bar_sec;
    int64_t duration;
    sim_show_t what;
    if (sim_bar_size_parse (m.bar_size, &bar_sec) < 0) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'bP' : cause -"
                          " Historical data bar size setting is invalid.");
        return 0;
    }
    if (sim_duration_parse (m.duration, &duration) < 0) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'bP' : cause -"
                          " Historical data duration format is invalid.");
        return 0;
    }
    if (sim_show_parse (m.what_to_show, &what) < 0) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'bP' : cause -"
                          " Historical data whatToShow is invalid.");
        return 0;
    }
    int64_t now = srv->world->now_ms;
    int64_t end = s_end_ms (m.end_date_time, now);
    if (end < 0 || (m.keep_up_to_date && m.end_date_time [0])) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'bP' : cause -"
                          " End date not supported with live updates or malformed");
        return 0;
    }
    if (end > now)
        end = now;
    if ((size_t) (duration / bar_sec) + 2 > SIM_MAX_BARS
    ||  (bar_sec < 86400 && duration > SIM_MAX_INTRADAY_SEC)) {
        sim_server_error (srv, s, m.req_id, 162, s_exceed);
        return 0;
    }
    sim_hist_job_t job = { s->id, m.req_id, sym, end, duration, bar_sec, (int) what,
                           m.use_rth, m.format_date };
    int cold = sim_market_cold_days (srv->world->market, sym, end, duration, bar_sec,
                                     SIM_HIST_INLINE_DAYS);
    if (cold == RT_ERANGE) {
        sim_server_error (srv, s, m.req_id, 162, s_exceed);
        return 0;
    }
    if (cold > 0) {
        if (srv->nhist_jobs == SIM_HIST_JOBS) {
            sim_server_error (srv, s, m.req_id, 162, "Historical Market Data Service error"
                              " message:Historical data request pacing violation");
            return 0;
        }
        srv->hist_jobs [srv->nhist_jobs++] = job;
        rt_log_debug (SIM_REQ_FMT "reqId=%d: %d days to compute first", SIM_REQ_ARGS (s),
                      m.req_id, cold);
        return 0;
    }
    return s_answer (srv, s, &job, m.keep_up_to_date);
}

static void
s_job_pop (sim_server_t *srv, int i)
{
    memmove (&srv->hist_jobs [i], &srv->hist_jobs [i + 1],
             (size_t) (srv->nhist_jobs - i - 1) * sizeof srv->hist_jobs [0]);
    srv->nhist_jobs--;
}

void
sim_hist_slice (sim_server_t *srv)
{
    if (srv->nhist_jobs == 0)
        return;
    const sim_hist_job_t *j = &srv->hist_jobs [0];
    sim_session_t *s = NULL;
    for (int i = 0; i < srv->nsessions; i++)
        if (srv->sessions [i]->id == j->session_id && srv->sessions [i]->state == SIM_S_READY)
            s = srv->sessions [i];
    if (s) {
        int cold = sim_market_cold_days (srv->world->market, j->sym, j->end_ms, j->duration,
                                         j->bar_sec, SIM_HIST_SLICE_DAYS);
        if (cold > 0)
            return;
        if (cold == 0)
            s_answer (srv, s, j, false);
        else
            sim_server_error (srv, s, j->req_id, 162, s_exceed);
    }
    s_job_pop (srv, 0);
}

int
sim_h_cancel_historical_data (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    int req_id;
    int rc = sim_h_cancel_sub (s, r, tws_cancel_historical_data_decode, "cancelHistoricalData",
                             SIM_SUB_HIST, &req_id);
    if (rc == 0)
        for (int i = 0; i < srv->nhist_jobs; i++)
            if (srv->hist_jobs [i].session_id == s->id && srv->hist_jobs [i].req_id == req_id) {
                s_job_pop (srv, i);
                break;
            }
    return rc;
}

int
sim_h_req_real_time_bars (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_real_time_bars_t m;
    int rc = tws_req_real_time_bars_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqRealTimeBars reqId=%d %s size=%d show=%s rth=%d",
              SIM_REQ_ARGS (s), m.req_id, m.contract.symbol, m.bar_size, m.what_to_show,
              m.use_rth);
    int sym = sim_h_resolve (srv, s, m.req_id, &m.contract);
    if (sym < 0)
        return 0;
    sim_show_t what;
    if (m.bar_size != 5 || sim_show_parse (m.what_to_show, &what) < 0 || what == SIM_SHOW_BID_ASK) {
        sim_server_error (srv, s, m.req_id, 420, "Invalid Real-time Query:Only 5 second bars"
                          " of TRADES, MIDPOINT, BID or ASK are supported.");
        return 0;
    }
    if (sim_session_sub_find (s, SIM_SUB_RTBAR, m.req_id)) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'bR' : cause -"
                          " Duplicate ticker id");
        return 0;
    }
    sim_sub_t *sub = sim_session_sub_add (s, SIM_SUB_RTBAR, m.req_id);
    if (!sub)
        return 0;
    sub->sym = sym;
    sub->param2 = (int) what;
    sub->use_rth = m.use_rth;
    int64_t sec = srv->world->now_ms / 1000;
    sub->bar_start = sec - sec % 5;     //  first bar: the one in progress, sent when complete
    return 0;
}

int
sim_h_cancel_real_time_bars (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    int req_id;
    return sim_h_cancel_sub (s, r, tws_cancel_real_time_bars_decode, "cancelRealTimeBars",
                             SIM_SUB_RTBAR, &req_id);
}
