/*  sim_handlers_acct.c - accounts, portfolio, positions, PnL. */
#include "sim_handlers.h"

#include <stdio.h>
#include <string.h>

#include "rt_log.h"
#include "sim_send.h"

//  An account code the broker knows, or the first one when code is empty.
static bool
s_account (sim_server_t *srv, const char *code, char *out, size_t cap)
{
    const char *all = sim_broker_accounts (srv->world->broker);
    if (!code [0]) {
        const char *comma = strchr (all, ',');
        size_t len = comma ? (size_t) (comma - all) : strlen (all);
        snprintf (out, cap, "%.*s", (int) len, all);
        return true;
    }
    size_t len = strlen (code);
    for (const char *p = all; *p; ) {
        const char *comma = strchr (p, ',');
        size_t n = comma ? (size_t) (comma - p) : strlen (p);
        if (n == len && strncmp (p, code, n) == 0) {
            snprintf (out, cap, "%s", code);
            return true;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return false;
}

int
sim_h_req_account_updates (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_account_updates_t m;
    int rc = tws_req_account_updates_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqAccountUpdates subscribe=%d account='%s'", SIM_REQ_ARGS (s),
              m.subscribe, m.acct_code);
    if (!m.subscribe) {
        s->acct_updates = false;
        return 0;
    }
    char account [32];
    if (!s_account (srv, m.acct_code, account, sizeof account)) {
        sim_server_error (srv, s, -1, 321, "Error validating request.-'bd' : cause - Invalid"
                          " account code");
        return 0;
    }
    s->acct_updates = true;
    sim_copy (s->acct_code, sizeof s->acct_code, account);
    //  updateAccountValue..., updatePortfolio..., updateAccountTime, accountDownloadEnd.
    sim_world_send_account (srv, s, true);
    return 0;
}

int
sim_h_req_account_summary (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_account_summary_t m;
    int rc = tws_req_account_summary_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqAccountSummary reqId=%d group='%s' tags='%s'", SIM_REQ_ARGS (s),
              m.req_id, m.group, m.tags);
    if (sim_session_sub_find (s, SIM_SUB_ACCT_SUMMARY, m.req_id)) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'bb' : cause -"
                          " Duplicate ticker id");
        return 0;
    }
    sim_sub_t *sub = sim_session_sub_add (s, SIM_SUB_ACCT_SUMMARY, m.req_id);
    if (!sub) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'bb' : cause -"
                          " Maximum number of account summary requests exceeded");
        return 0;
    }
    sim_copy (sub->tags, sizeof sub->tags, m.tags);
    sim_world_send_account_summary (srv, s, sub, true);
    return 0;
}

int
sim_h_cancel_account_summary (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    int req_id;
    return sim_h_cancel_sub (s, r, tws_cancel_account_summary_decode, "cancelAccountSummary",
                             SIM_SUB_ACCT_SUMMARY, &req_id);
}

static void
s_position_cb (void *ctx, const sim_position_t *p)
{
    sim_session_t *s = ctx;
    int rc = sim_world_send_position (s, p);
    if (rc)
        rt_log_warn ("s%llu: position not queued", (unsigned long long) s->id);
}

int
sim_h_req_positions (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_positions_t m;
    int rc = tws_req_positions_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqPositions", SIM_REQ_ARGS (s));
    s->positions = true;
    sim_broker_positions (srv->world->broker, NULL, srv->world->now_ms, s_position_cb, s);
    tws_position_end_t e = { 0 };
    sim_send_position_end (s, &e);
    return 0;
}

int
sim_h_cancel_positions (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    tws_cancel_positions_t m;
    int rc = tws_cancel_positions_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "cancelPositions", SIM_REQ_ARGS (s));
    s->positions = false;
    return 0;
}

int
sim_h_req_pnl (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_pnl_t m;
    int rc = tws_req_pnl_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqPnL reqId=%d account='%s' model='%s'", SIM_REQ_ARGS (s),
              m.req_id, m.account, m.model_code);
    char account [32];
    if (!m.account [0] || !s_account (srv, m.account, account, sizeof account)) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'cp' : cause -"
                          " Invalid account");
        return 0;
    }
    if (sim_session_sub_find (s, SIM_SUB_PNL, m.req_id)) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'cp' : cause -"
                          " Duplicate ticker id");
        return 0;
    }
    sim_sub_t *sub = sim_session_sub_add (s, SIM_SUB_PNL, m.req_id);
    if (!sub)
        return 0;
    sim_copy (sub->account, sizeof sub->account, account);
    sim_world_send_pnl (srv, s, sub);
    return 0;
}

int
sim_h_cancel_pnl (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    int req_id;
    return sim_h_cancel_sub (s, r, tws_cancel_pnl_decode, "cancelPnL",
                             SIM_SUB_PNL, &req_id);
}

int
sim_h_req_pnl_single (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_pnl_single_t m;
    int rc = tws_req_pnl_single_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqPnLSingle reqId=%d account='%s' conId=%d", SIM_REQ_ARGS (s),
              m.req_id, m.account, m.con_id);
    char account [32];
    if (!m.account [0] || !s_account (srv, m.account, account, sizeof account)) {
        sim_server_error (srv, s, m.req_id, 321, "Error validating request.-'cq' : cause -"
                          " Invalid account");
        return 0;
    }
    if (sim_session_sub_find (s, SIM_SUB_PNL_SINGLE, m.req_id)) {
        sim_server_error (srv, s, m.req_id, 322, "Error processing request.-'cq' : cause -"
                          " Duplicate ticker id");
        return 0;
    }
    sim_sub_t *sub = sim_session_sub_add (s, SIM_SUB_PNL_SINGLE, m.req_id);
    if (!sub)
        return 0;
    sim_copy (sub->account, sizeof sub->account, account);
    sub->con_id = m.con_id;
    sim_world_send_pnl (srv, s, sub);
    return 0;
}

int
sim_h_cancel_pnl_single (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    int req_id;
    return sim_h_cancel_sub (s, r, tws_cancel_pnl_single_decode, "cancelPnLSingle",
                             SIM_SUB_PNL_SINGLE, &req_id);
}
