/*  sim_handlers_conn.c - START_API and the connection-level requests. */
#include "sim_handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt_log.h"
#include "sim_send.h"

static const struct { int code; const char *text; } s_farms_ok [] = {
    { 2104, "Market data farm connection is OK:usfarm" },
    { 2106, "HMDS data farm connection is OK:ushmds" },
    { 2158, "Sec-def data farm connection is OK:secdefnj" },
};

static int
s_next_valid_id (sim_server_t *srv, sim_session_t *s)
{
    int64_t next = sim_broker_next_order_id (srv->world->broker, s->client_id);
    tws_next_valid_id_t m = { .order_id = (int) next };
    return sim_send_next_valid_id (s, &m);
}

int
sim_h_start_api (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_start_api_t m;
    int rc = tws_start_api_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "startApi clientId=%d capabilities='%s'", SIM_REQ_ARGS (s),
              m.client_id, m.optional_capabilities);
    if (s->state == SIM_S_READY) {
        rt_log_warn (SIM_REQ_FMT "second startApi ignored", SIM_REQ_ARGS (s));
        return 0;
    }
    if (sim_server_find_client (srv, m.client_id)) {
        srv->counters.dup_client_id++;
        s->client_id = m.client_id;
        rt_log_warn (SIM_REQ_FMT "clientId %d already in use: 326 and close", SIM_REQ_ARGS (s),
                  m.client_id);
        sim_server_error (srv, s, -1, 326, "Unable to connect as the client id is already in"
                          " use. Retry with a unique client id.");
        sim_server_close_soon (srv, s, "duplicate clientId");
        return 0;
    }
    s->client_id = m.client_id;
    s->state = SIM_S_READY;
    rc = s_next_valid_id (srv, s);
    tws_managed_accts_t acc;
    memset (&acc, 0, sizeof acc);
    sim_copy (acc.accounts, sizeof acc.accounts, sim_broker_accounts (srv->world->broker));
    if (rc == 0)
        rc = sim_send_managed_accts (s, &acc);
    for (size_t i = 0; i < sizeof s_farms_ok / sizeof s_farms_ok [0] && rc == 0; i++)
        rc = sim_server_error (srv, s, -1, s_farms_ok [i].code, s_farms_ok [i].text);
    if (rc)
        sim_server_kill (srv, s, "cannot queue the start-up messages");
    return 0;
}

void
sim_h_farms_ok (sim_server_t *srv, sim_session_t *s)
{
    for (size_t i = 0; i < sizeof s_farms_ok / sizeof s_farms_ok [0]; i++)
        sim_server_error (srv, s, -1, s_farms_ok [i].code, s_farms_ok [i].text);
}

int
sim_h_req_ids (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_ids_t m;
    int rc = tws_req_ids_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqIds numIds=%d", SIM_REQ_ARGS (s), m.num_ids);
    s_next_valid_id (srv, s);
    return 0;
}

int
sim_h_req_current_time (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    tws_req_current_time_t m;
    int rc = tws_req_current_time_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqCurrentTime", SIM_REQ_ARGS (s));
    //  Wall clock on purpose: a client checks its own clock against it.
    tws_current_time_t t = { .time = (int64_t) time (NULL) };
    sim_send_current_time (s, &t);
    return 0;
}

int
sim_h_req_current_time_millis (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    (void) srv;
    tws_req_current_time_millis_t m;
    int rc = tws_req_current_time_millis_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqCurrentTimeInMillis", SIM_REQ_ARGS (s));
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    tws_current_time_millis_t t = { .time_ms = (int64_t) ts.tv_sec * 1000
                                             + ts.tv_nsec / 1000000 };
    sim_send_current_time_millis (s, &t);
    return 0;
}

int
sim_h_req_managed_accts (sim_server_t *srv, sim_session_t *s, tws_reader_t *r)
{
    tws_req_managed_accts_t m;
    int rc = tws_req_managed_accts_decode (r, s->version, &m);
    if (rc < 0)
        return rc;
    rt_log_info (SIM_REQ_FMT "reqManagedAccts", SIM_REQ_ARGS (s));
    tws_managed_accts_t acc;
    memset (&acc, 0, sizeof acc);
    sim_copy (acc.accounts, sizeof acc.accounts, sim_broker_accounts (srv->world->broker));
    sim_send_managed_accts (s, &acc);
    return 0;
}
