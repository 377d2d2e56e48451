/*  ctl_status.c - rt-ctl status: every service's health and the IB connection.

    For about CTL_LISTEN_MS it listens on every PUB endpoint for sys.hb.* and gw.conn, and
    asks each command endpoint for "status", all at once, so a service that is down costs
    no more than the window. A service is
        up     its heartbeat was seen on the bus and it answered status
        stale  only one of the two (a stuck loop, a wrong endpoint, a dead publisher)
        down   neither
    Heartbeats of services without a command socket get a row too (up when seen).
    It ends early once every service has shown both signs and the IB state is known.
*/
#include <string.h>
#include "ctl.h"
#include "ctl_table.h"
#include "rt_clock.h"

#define S_ROWS_MAX 12

typedef struct {
    char           name [RT_NAME_MAX];
    bool           has_cmd;
    rt_ep_t        cmd_ep;
    ctl_req_t      req;
    bool           started;         //  the status request went out
    bool           hb_bus;          //  a heartbeat came on the bus
    bool           hb_known;        //  hb holds one (from the bus or a status part)
    rt_heartbeat_t hb;
    json_t        *hb_json;
} s_row_t;

typedef struct {
    s_row_t   rows [S_ROWS_MAX];
    size_t    nrows;
    bool      conn_known;
    ctl_msg_t conn;
} s_status_t;

static s_row_t *
s_row (s_status_t *self, const char *name)
{
    for (size_t i = 0; i < self->nrows; i++)
        if (strcmp (self->rows [i].name, name) == 0)
            return &self->rows [i];
    if (self->nrows == S_ROWS_MAX)
        return NULL;
    s_row_t *row = &self->rows [self->nrows++];
    snprintf (row->name, sizeof (row->name), "%s", name);
    return row;
}

static void
s_take_hb (s_row_t *row, const ctl_msg_t *msg, bool bus)
{
    if (!msg->decoded || (row->hb_bus && !bus))
        return;                     //  the bus's heartbeat is the fresher word
    row->hb = msg->u.hb;
    row->hb_known = true;
    row->hb_bus = row->hb_bus || bus;
    json_decref (row->hb_json);
    row->hb_json = ctl_json_msg (msg);
}

static void
s_take_conn (s_status_t *self, ctl_msg_t *msg)
{
    if (!msg->decoded)
        return;
    ctl_msg_clear (&self->conn);
    self->conn = *msg;
    self->conn.json = msg->json ? json_incref (msg->json) : NULL;
    self->conn_known = true;
}

//  Reads what the bus has for us now. 0 or a negative code.
static int
s_drain_sub (ctl_t *ctl, s_status_t *self, rt_sub_t *sub)
{
    while (true) {
        rt_bus_msg_t in;
        int rc = rt_sub_recv (sub, &in, NULL, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            return 0;
        if (rc != 0)
            return rc;
        if (in.header.type != RT_TYPE_HEARTBEAT && in.header.type != RT_TYPE_CONN_STATE)
            continue;
        ctl_msg_t msg;
        rc = ctl_msg_from_bus (ctl, &in, &msg);
        if (rc != 0)
            return rc;
        if (msg.type == RT_TYPE_CONN_STATE)
            s_take_conn (self, &msg);
        else
        if (msg.decoded) {
            s_row_t *row = s_row (self, msg.u.hb.service);
            if (row)
                s_take_hb (row, &msg, true);
        }
        ctl_msg_clear (&msg);
    }
}

static bool
s_complete (const s_status_t *self)
{
    for (size_t i = 0; i < self->nrows; i++) {
        const s_row_t *row = &self->rows [i];
        if (!row->hb_bus || (row->has_cmd && !row->req.done))
            return false;
    }
    return self->conn_known;
}

static const char *
s_state (const s_row_t *row)
{
    bool answered = row->has_cmd && row->req.done;
    if (!row->has_cmd)
        return row->hb_bus ? "up" : "down";
    return row->hb_bus && answered ? "up" : row->hb_bus || answered ? "stale" : "down";
}

static const char *
s_uptime (char *buf, size_t cap, uint64_t ms)
{
    uint64_t s = ms / 1000;
    if (s < 60)
        snprintf (buf, cap, "%llu.%llus", (unsigned long long) s,
                  (unsigned long long) (ms % 1000 / 100));
    else
    if (s < 3600)
        snprintf (buf, cap, "%llum%02llus", (unsigned long long) (s / 60),
                  (unsigned long long) (s % 60));
    else
        snprintf (buf, cap, "%lluh%02llum", (unsigned long long) (s / 3600),
                  (unsigned long long) (s % 3600 / 60));
    return buf;
}

static int
s_print_table (const s_status_t *self)
{
    static const char *const headers [] = {
        "SERVICE", "STATE", ">PID", ">UPTIME", "STATUS", ">IN", ">OUT", ">ERRORS", "COUNTERS"
    };
    ctl_table_t *table = ctl_table_new (headers, 9);
    int rc = table ? 0 : RT_ENOMEM;
    for (size_t i = 0; rc == 0 && i < self->nrows; i++) {
        const s_row_t *row = &self->rows [i];
        const rt_heartbeat_t *hb = &row->hb;
        char pid [16] = "", up [32] = "", in [24] = "", out [24] = "", err [24] = "";
        char counters [512] = "";
        if (row->hb_known) {
            snprintf (pid, sizeof (pid), "%d", (int) hb->pid);
            s_uptime (up, sizeof (up), hb->uptime_ms);
            snprintf (in, sizeof (in), "%llu", (unsigned long long) hb->msgs_in);
            snprintf (out, sizeof (out), "%llu", (unsigned long long) hb->msgs_out);
            snprintf (err, sizeof (err), "%llu", (unsigned long long) hb->errors);
            size_t len = 0;
            for (uint32_t k = 0; k < hb->counters.count && k < RT_COUNTERS_MAX; k++) {
                int n = snprintf (counters + len, sizeof (counters) - len, "%s%s=%llu",
                                  len ? " " : "", hb->counters.item [k].name,
                                  (unsigned long long) hb->counters.item [k].value);
                if (n < 0 || (size_t) n >= sizeof (counters) - len)
                    break;
                len += (size_t) n;
            }
        }
        const char *cells [] = { row->name, s_state (row), pid, up,
                                 row->hb_known ? hb->status : "", in, out, err, counters };
        rc = ctl_table_add (table, cells);
    }
    if (rc == 0)
        rc = ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    if (rc != 0)
        return rc;
    if (!self->conn_known)
        return printf ("\nIB connection: unknown (no answer from the gateway)\n") < 0 ? RT_EIO : 0;
    const rt_conn_state_t *c = &self->conn.u.conn;
    int n = printf ("\nIB connection: %s", rt_conn_str (c->state));
    if (n >= 0 && c->client_id)
        n = printf (" (client %d, server %d)", (int) c->client_id, (int) c->server_version);
    if (n >= 0 && *c->reason)
        n = printf (": %s", c->reason);
    if (n >= 0 && c->next_retry_ms)
        n = printf ("; retry in %llu ms", (unsigned long long) c->next_retry_ms);
    if (n >= 0)
        n = printf ("\n");
    return n < 0 ? RT_EIO : 0;
}

static json_t *
s_json (const s_status_t *self, bool ok)
{
    json_t *services = json_array ();
    for (size_t i = 0; services && i < self->nrows; i++) {
        const s_row_t *row = &self->rows [i];
        const rt_reply_t *reply = &row->req.reply.u.reply;
        bool answered = row->has_cmd && row->req.done;
        json_t *item = json_pack ("{s:s,s:s,s:b,s:b,s:O}", "service", row->name,
                                  "state", s_state (row), "heartbeat_seen", row->hb_bus,
                                  "answered", answered,
                                  "heartbeat", row->hb_json ? row->hb_json : json_null ());
        if (item && answered)
            json_object_set_new (item, "summary", json_string (reply->reason));
        if (item && row->has_cmd)
            json_object_set_new (item, "endpoint", json_string (rt_bus_endpoint (row->cmd_ep)));
        if (!item || json_array_append_new (services, item) != 0) {
            json_decref (services);
            return NULL;
        }
    }
    if (!services)
        return NULL;
    return json_pack ("{s:b,s:o,s:O}", "ok", ok, "services", services,
                      "ib", self->conn_known && self->conn.json ? self->conn.json : json_null ());
}

int
ctl_cmd_status (ctl_t *ctl, int argc, char **argv)
{
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, NULL, NULL, NULL, &args);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    if (args.count > 0)
        return ctl_usage_error ("status", "unexpected argument '%s'", args.item [0]);

    static const rt_ep_t cmd_eps [] = { RT_EP_GATEWAY_CMD, RT_EP_ORDERS_CMD, RT_EP_RISK_CMD };
    s_status_t self;
    memset (&self, 0, sizeof (self));
    int status = CTL_EXIT_FAILED;
    uint64_t deadline = rt_clock_mono_ms ()
                      + (uint64_t) (ctl->timeout_ms < CTL_LISTEN_MS ? ctl->timeout_ms
                                                                    : CTL_LISTEN_MS);
    rt_sub_t *sub = rt_sub_new ("rt-ctl");
    const char *eps [8], *owners [8];
    size_t npub = rt_bus_pub_endpoints (eps, owners, 8);
    rc = sub ? 0 : RT_EIO;
    for (size_t i = 0; rc == 0 && i < npub && i < 8; i++)
        rc = rt_sub_connect (sub, eps [i], owners [i]);
    if (rc == 0)
        rc = rt_sub_subscribe (sub, "sys.hb.");
    if (rc == 0)
        rc = rt_sub_subscribe (sub, "gw.conn");
    if (rc != 0) {
        status = ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "cannot subscribe to the PUB "
                           "endpoints: %s", rt_strerror (rc));
        goto done;
    }
    for (size_t i = 0; i < sizeof (cmd_eps) / sizeof (cmd_eps [0]); i++) {
        s_row_t *row = s_row (&self, ctl_service (cmd_eps [i]));
        row->has_cmd = true;
        row->cmd_ep = cmd_eps [i];
        rt_command_t cmd = { .verb = "status" };
        if (ctl_req_start (ctl, &row->req, cmd_eps [i], RT_TYPE_COMMAND, &cmd) != 0)
            goto done;
        row->started = true;
    }
    while (true) {
        rc = s_drain_sub (ctl, &self, sub);
        zsock_t *socks [S_ROWS_MAX + 1];
        size_t nsocks = 0;
        for (size_t i = 0; rc == 0 && i < self.nrows; i++) {
            s_row_t *row = &self.rows [i];
            if (!row->started || row->req.done)
                continue;
            rc = ctl_req_drain (ctl, &row->req);
            if (rc != 0 || !row->req.done) {
                socks [nsocks++] = rt_cmd_client_sock (row->req.client);
                continue;
            }
            //  The status reply's parts: a heartbeat, and the gateway's session state.
            for (size_t k = 0; k < row->req.parts.count; k++) {
                ctl_msg_t *part = &row->req.parts.items [k];
                if (part->type == RT_TYPE_HEARTBEAT)
                    s_take_hb (row, part, false);
                else
                if (part->type == RT_TYPE_CONN_STATE && !self.conn_known)
                    s_take_conn (&self, part);
            }
        }
        if (rc != 0) {
            status = ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "%s", rt_strerror (rc));
            goto done;
        }
        uint64_t now = rt_clock_mono_ms ();
        if (s_complete (&self) || now >= deadline)
            break;
        socks [nsocks++] = rt_sub_sock (sub);
        if (ctl_poll (socks, nsocks, (int) (deadline - now)) != 0)
            goto done;
    }
    bool all = true;
    for (size_t i = 0; i < self.nrows; i++)
        if (self.rows [i].has_cmd && strcmp (s_state (&self.rows [i]), "down") == 0)
            all = false;
    status = all ? CTL_EXIT_OK : CTL_EXIT_TIMEOUT;
    rc = ctl->json ? ctl_json_print (s_json (&self, all)) : s_print_table (&self);
    if (rc != 0)
        status = CTL_EXIT_FAILED;
done:
    for (size_t i = 0; i < self.nrows; i++) {
        ctl_req_end (&self.rows [i].req);
        json_decref (self.rows [i].hb_json);
    }
    ctl_msg_clear (&self.conn);
    rt_sub_destroy (&sub);
    return status;
}
