/*  orders_main.c - rt-orders: configuration, sockets, timers; the rest is orders_svc.h. */
#include <stdio.h>
#include <string.h>

#include "orders_svc.h"
#include "rt_log.h"

static orders_cfg_t s_cfg;
static const char *const s_sync_words [] = { "NORMAL", "FULL", NULL };

static const rt_config_var_t s_vars [] = {
    RT_CFG_PATH ("RT_DATA_DIR", s_cfg.data_dir, NULL,
                 "directory of the journal orders.db (created if missing; must exist)"),
    RT_CFG_ENUM ("ORDERS_JOURNAL_SYNC", &s_cfg.sync, "NORMAL", s_sync_words,
                 "NORMAL survives kill -9; FULL also survives power loss (an fsync per change)"),
    RT_CFG_U64 ("RISK_TIMEOUT_MS", &s_cfg.risk_timeout_ms, "500", 1, 60000,
                "no risk decision within this: the order is REJECTED RISK_UNAVAILABLE"),
    RT_CFG_U64 ("GATEWAY_TIMEOUT_MS", &s_cfg.gateway_timeout_ms, "2000", 10, 600000,
                "no gateway answer within this: the intent is re-sent with the same coid"),
    RT_CFG_U64 ("GATEWAY_RETRY_WINDOW_MS", &s_cfg.gateway_retry_window_ms, "5000", 0, 3600000,
                "how long a new order is retried while the gateway says not connected / "
                "reconciling / paced before it is REJECTED"),
    RT_CFG_BOOL ("ORDERS_MD_SUBSCRIBE", &s_cfg.md_subscribe, "true",
                 "ask the gateway to stream quotes of held symbols (for unrealised P&L)"),
};

static void
s_status (rt_service_t *svc, char *buf, size_t cap, void *arg)
{
    orders_t *self = (orders_t *) arg;
    size_t open = 0;
    for (orders_entry_t *e = (orders_entry_t *) zlistx_first (self->order_list); e;
         e = (orders_entry_t *) zlistx_next (self->order_list))
        open += orders_fsm_open (e->o.state);
    snprintf (buf, cap, "%s orders=%zu open=%zu positions=%zu fills=%zu gateway=%s illegal=%llu",
              self->ready? "accepting": "reconciling", zhashx_size (self->orders), open,
              orders_book_size (self->book), orders_book_execs (self->book),
              self->gw_state? rt_conn_str (self->gw_state): "unknown",
              (unsigned long long) self->fsm.illegal);
}

int
main (int argc, char *argv [])
{
    rt_service_t *svc = rt_service_new ("orders", s_vars, RT_CFG_COUNT (s_vars), argc, argv);
    if (!svc)
        return 1;
    int status = 1;
    orders_t *self = orders_new (svc, &s_cfg);
    if (!self)
        goto done;
    static const char *const no_prefix [] = { NULL };
    if (rt_service_pub_bind (svc, rt_bus_endpoint (RT_EP_ORDERS_PUB))
    ||  rt_service_cmd_bind (svc, rt_bus_endpoint (RT_EP_ORDERS_CMD), orders_on_cmd, self))
        goto done;
    self->risk = rt_service_client (svc, rt_bus_endpoint (RT_EP_RISK_CMD), "risk",
                                    orders_on_risk_reply, self);
    self->gw = rt_service_client (svc, rt_bus_endpoint (RT_EP_GATEWAY_CMD), "gateway",
                                  orders_on_gw_reply, self);
    //  The whole state stream: gap detection needs every sequence number.
    self->gw_sub = rt_service_sub (svc, rt_bus_endpoint (RT_EP_GATEWAY_PUB), "gateway", NULL,
                                   orders_on_gw_event, self);
    self->md_sub = rt_service_sub (svc, rt_bus_endpoint (RT_EP_GATEWAY_MD), "gateway",
                                   no_prefix, orders_on_md, self);
    if (!self->risk || !self->gw || !self->gw_sub || !self->md_sub)
        goto done;
    rt_sub_set_gap_check (self->md_sub, RT_SUB_GAPS_OFF);
    zloop_t *loop = rt_service_loop (svc);
    if (zloop_timer (loop, ORDERS_TICK_MS, 0, orders_on_tick, self) < 0
    ||  zloop_timer (loop, 1000, 0, orders_on_flush, self) < 0) {
        rt_log_error ("cannot arm the timers");
        goto done;
    }
    rt_service_on_status (svc, s_status, self);
    rt_service_set_health (svc, "reconciling");
    char text [32];
    snprintf (text, sizeof text, "%zu", zhashx_size (self->orders));
    rt_service_ready_kv (svc, "orders", text);
    orders_now (self);
    for (const orders_pos_t *p = orders_book_first (self->book); p;
         p = orders_book_next (self->book))
        if (p->qty != 0)
            orders_md_want (self, p->symbol);
    orders_recon_start (self, "start");
    status = rt_service_run (svc) == 0? 0: 1;
done:
    rt_service_destroy (&svc);
    orders_destroy (&self);
    return status;
}
