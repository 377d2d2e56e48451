/*  gw_cmd.c - the command ROUTER: status and snapshot here, everything else to the modules.

    Order commands (place, cancel) are refused here unless the session accepts orders
    (READY): "reconciling" while the session reconciles, "not connected" otherwise. The
    refusal comes before the module sees the command, so no order is ever queued toward a
    session that is not known to be reconciled.

    A snapshot is consistent with the state stream's sequence at the moment it is assembled:
    the loop is single-threaded, so nothing is published between its parts and its reply.
*/
#include <string.h>
#include "gw_loop.h"
#include "rt_log.h"

//  Enough requests per wake-up to keep up with any client; then timers get their turn.
#define GW_CMD_BATCH 64

static void
s_snapshot (gw_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_snapshot_request_t req;
    int rc = rt_msg_decode (RT_TYPE_SNAPSHOT_REQUEST, &req, (const char *) msg->body,
                            msg->body_len, &self->zone);
    if (rc) {
        gw_reply (self, peer, false, rc, NULL, "bad field: %s", rt_strerror (rc));
        return;
    }
    rt_conn_state_t conn;
    gw_loop_conn_state (self, &conn, NULL);
    gw_send_to_peer (self, peer, RT_TYPE_CONN_STATE, &conn);
    if (self->md)
        gw_md_snapshot (self->md, peer);
    if (self->orders)
        gw_orders_snapshot (self->orders, peer);
    gw_reply (self, peer, true, 0, req.what, "snapshot of %s as of seq %llu", req.what,
              (unsigned long long) rt_pub_seq (self->pub [GW_STREAM_STATE]));
}

static void
s_status (gw_t *self, const rt_cmd_peer_t *peer)
{
    rt_conn_state_t conn;
    gw_loop_conn_state (self, &conn, NULL);
    gw_send_to_peer (self, peer, RT_TYPE_CONN_STATE, &conn);
    rt_heartbeat_t hb;
    gw_hb_fill (self, &hb);
    gw_send_to_peer (self, peer, RT_TYPE_HEARTBEAT, &hb);
    char counters [RT_TEXT_MAX - 64];
    gw_hb_format (self, counters, sizeof counters);
    gw_reply (self, peer, true, 0, "status", "%s client %d server %d account %s; %s",
              gw_state_name (gw_fsm_state (self->fsm)), gw_fsm_client_id (self->fsm),
              gw_server_version (self), gw_account (self), counters);
}

static void
s_command (gw_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    rt_command_t cmd;
    int rc = rt_msg_decode (RT_TYPE_COMMAND, &cmd, (const char *) msg->body, msg->body_len,
                            &self->zone);
    if (rc) {
        gw_reply (self, peer, false, rc, NULL, "bad field: %s", rt_strerror (rc));
        return;
    }
    if (strcmp (cmd.verb, "status") == 0) {
        s_status (self, peer);
        return;
    }
    if (self->md && gw_md_on_command (self->md, msg, peer) == 1)
        return;
    if (self->orders && gw_orders_on_command (self->orders, msg, peer) == 1)
        return;
    gw_reply (self, peer, false, RT_EUNKNOWN, cmd.verb, "unknown verb \"%s\"", cmd.verb);
}

static bool
s_order_gate (gw_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    if (gw_accepts_orders (self))
        return true;
    //  Echo the coid when it reads, so the caller can match the refusal.
    char id [RT_COID_MAX] = "";
    if (msg->header.type == RT_TYPE_ORDER_INTENT) {
        rt_order_intent_t in;
        if (rt_msg_decode (RT_TYPE_ORDER_INTENT, &in, (const char *) msg->body, msg->body_len,
                           &self->zone) == 0)
            snprintf (id, sizeof id, "%s", in.coid);
    }
    else {
        rt_order_cancel_t in;
        if (rt_msg_decode (RT_TYPE_ORDER_CANCEL, &in, (const char *) msg->body, msg->body_len,
                           &self->zone) == 0)
            snprintf (id, sizeof id, "%s", in.coid);
    }
    gw_state_t state = gw_fsm_state (self->fsm);
    if (state == GW_STATE_RECONCILING)
        gw_reply (self, peer, false, RT_EAGAIN, id,
                  "reconciling: orders are accepted once the session is reconciled");
    else
        gw_reply (self, peer, false, RT_ECLOSED, id, "not connected (session %s)",
                  gw_state_name (state));
    return false;
}

static void
s_dispatch (gw_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    switch (msg->header.type) {
        case RT_TYPE_SNAPSHOT_REQUEST:
            s_snapshot (self, msg, peer);
            return;
        case RT_TYPE_COMMAND:
            s_command (self, msg, peer);
            return;
        case RT_TYPE_ORDER_INTENT:
        case RT_TYPE_ORDER_CANCEL:
            if (msg->header.type == RT_TYPE_ORDER_INTENT)
                gw_count (self, "orders", 1);
            if (!s_order_gate (self, msg, peer))
                return;
            if (self->orders && gw_orders_on_command (self->orders, msg, peer) == 1)
                return;
            break;
        default:
            if (self->md && gw_md_on_command (self->md, msg, peer) == 1)
                return;
            if (self->orders && gw_orders_on_command (self->orders, msg, peer) == 1)
                return;
            break;
    }
    gw_reply (self, peer, false, RT_EUNKNOWN, NULL, "the gateway does not take %s commands",
              rt_type_name ((rt_type_t) msg->header.type));
}

int
gw_cmd_on_readable (zloop_t *loop, zsock_t *reader, void *arg)
{
    gw_t *self = (gw_t *) arg;
    for (int i = 0; i < GW_CMD_BATCH; i++) {
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        int rc = rt_cmd_server_recv (self->cmd, &msg, &peer, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            break;
        if (rc) {
            //  Malformed requests are skipped (and counted) by the server; an I/O error
            //  here is worth a line but never stops the loop.
            rt_log_warn ("command socket: %s", rt_strerror (rc));
            break;
        }
        self->msgs_in++;
        rt_log_debug ("command %s (%s) cid %s", msg.topic,
                      rt_type_name ((rt_type_t) msg.header.type), peer.corr);
        s_dispatch (self, &msg, &peer);
    }
    return 0;
}
