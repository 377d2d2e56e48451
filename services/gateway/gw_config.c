/*  gw_config.c - rt-gateway's configuration table.

    Names ending in _MS take plain milliseconds (BACKOFF_BASE_MS=1); the two durations named
    without a unit (CIRCUIT_BREAKER_TIMEOUT, HEARTBEAT_INTERVAL) take a unit (300s, 5s).
*/
#include <string.h>
#include "gw_config.h"
#include "rt_config.h"
#include "rt_log.h"
#include "gw_orderid.h"

//  The table writes into this file-wide copy; gw_config_load copies it out, so the table
//  can be static (rt_config needs the target addresses at compile time).
static gw_config_t s_cfg;

#define MS_MAX 86400000         //  one day: longer waits are configuration mistakes

static const rt_config_var_t s_vars [] = {
    RT_CFG_HOST ("TWS_HOST", s_cfg.tws_host, "127.0.0.1", "IB Gateway / TWS host"),
    RT_CFG_PORT ("TWS_PORT", &s_cfg.tws_port, "4002",
                 "API port (4002 paper Gateway, 4001 live, 7497/7496 TWS)"),
    RT_CFG_INT ("TWS_CLIENT_ID", &s_cfg.client_id, "1", 0, 2147483647, "API client id"),
    RT_CFG_STRING ("TWS_CLIENT_ID_FALLBACKS", s_cfg.client_id_fallbacks, "",
                   "comma-separated client ids tried in turn when the id is in use (at most 7)"),
    RT_CFG_U64 ("TWS_CONNECT_TIMEOUT_MS", &s_cfg.connect_timeout_ms, "5000", 1, MS_MAX,
                "TCP connect deadline, ms"),
    RT_CFG_U64 ("TWS_HANDSHAKE_TIMEOUT_MS", &s_cfg.handshake_timeout_ms, "4000", 1, MS_MAX,
                "deadline for the version reply, and again for nextValidId + managedAccounts, ms"),
    RT_CFG_U64 ("GW_RECONCILE_TIMEOUT_MS", &s_cfg.reconcile_timeout_ms, "30000", 1, MS_MAX,
                "deadline for reconciliation after a (re)connect, ms"),
    RT_CFG_U64 ("BACKOFF_BASE_MS", &s_cfg.backoff_base_ms, "500", 1, MS_MAX,
                "first reconnect delay ceiling, ms"),
    RT_CFG_U64 ("BACKOFF_CAP_MS", &s_cfg.backoff_cap_ms, "30000", 1, MS_MAX,
                "largest reconnect delay ceiling, ms (delay = uniform [0, min(cap, base*2^n)])"),
    RT_CFG_INT ("CIRCUIT_BREAKER_THRESHOLD", &s_cfg.breaker_threshold, "5", 1, 1000,
                "consecutive failed attempts that open the circuit breaker"),
    RT_CFG_DURATION ("CIRCUIT_BREAKER_TIMEOUT", &s_cfg.breaker_timeout_ms, "300s", 1, MS_MAX,
                     "how long the breaker stays open before a half-open trial"),
    RT_CFG_DURATION ("HEARTBEAT_INTERVAL", &s_cfg.heartbeat_interval_ms, "5s", 1, MS_MAX,
                     "reqCurrentTime period while the session is up"),
    RT_CFG_U64 ("HEARTBEAT_TIMEOUT_MS", &s_cfg.heartbeat_timeout_ms, "5000", 1, MS_MAX,
                "a heartbeat unanswered this long means a dead peer: close and reconnect, ms"),
    RT_CFG_INT ("TWS_PACING_RATE", &s_cfg.pacing_rate, "45", 1, 50,
                "messages per second to TWS (TWS refuses more than 50)"),
    RT_CFG_INT ("TWS_PACING_BURST", &s_cfg.pacing_burst, "4", 1, 50, "token bucket size"),
    RT_CFG_INT ("GW_QUEUE_SLOTS", &s_cfg.queue_slots, "1024", 16, 1048576,
                "outgoing queue slots of 4 KiB"),
    RT_CFG_INT ("GW_ORDERID_BLOCK", &s_cfg.orderid_block, "1000", 1, 1000000,
                "order ids reserved per disk write"),
    RT_CFG_STRING ("RT_GATEWAY_PUB", s_cfg.pub_endpoint, "tcp://127.0.0.1:5561",
                     "events PUB (gw.conn, gw.acct, gw.pos, ord.*, sys.*); port * or 0 = any free port"),
    RT_CFG_STRING ("RT_GATEWAY_MD", s_cfg.md_endpoint, "tcp://127.0.0.1:5567",
                     "market data PUB (md.quote.*, md.bar.*); port * or 0 = any free port"),
    RT_CFG_STRING ("RT_GATEWAY_CMD", s_cfg.cmd_endpoint, "tcp://127.0.0.1:5562",
                     "command ROUTER; port * or 0 = any free port"),
    RT_CFG_PATH ("RT_DATA_DIR", s_cfg.data_dir, NULL,
                 "directory of gw-orderid.hwm (the order-id high-water mark); required"),
    RT_CFG_STRING ("TWS_ACCOUNT", s_cfg.account, "",
                   "IB account for orders and account data (empty: the first managed account)"),
};

//  An endpoint as rt_config checks it, except that port 0 means "any free port" (ZeroMQ's
//  '*'), the usual spelling for tests that let the kernel choose.
static int
s_endpoint (const char *name, char *value, size_t size, char *errbuf, size_t cap)
{
    size_t len = strlen (value);
    if (len > 2 && strncmp (value, "tcp://", 6) == 0 && strcmp (value + len - 2, ":0") == 0)
        value [len - 1] = '*';
    char check [RT_ENDPOINT_MAX];
    rt_config_var_t var = RT_CFG_ENDPOINT (name, check, "", "");
    return rt_config_parse (&var, value, errbuf, cap);
}

int
gw_config_load (gw_config_t *self, char *errbuf, size_t cap)
{
    memset (&s_cfg, 0, sizeof s_cfg);
    int rc = rt_config_load (s_vars, RT_CFG_COUNT (s_vars), errbuf, cap);
    if (rc)
        return rc;
    if ((rc = s_endpoint ("RT_GATEWAY_PUB", s_cfg.pub_endpoint, sizeof s_cfg.pub_endpoint,
                          errbuf, cap))
    ||  (rc = s_endpoint ("RT_GATEWAY_MD", s_cfg.md_endpoint, sizeof s_cfg.md_endpoint,
                          errbuf, cap))
    ||  (rc = s_endpoint ("RT_GATEWAY_CMD", s_cfg.cmd_endpoint, sizeof s_cfg.cmd_endpoint,
                          errbuf, cap)))
        return rc;
    if (!s_cfg.data_dir [0]) {
        snprintf (errbuf, cap, "RT_DATA_DIR is empty: the order-id high-water mark needs a directory");
        return RT_EINVAL;
    }
    gw_fsm_config_t *f = &s_cfg.fsm;
    gw_fsm_config_defaults (f);
    rc = gw_fsm_config_client_ids (f, s_cfg.client_id, s_cfg.client_id_fallbacks);
    if (rc) {
        snprintf (errbuf, cap, "TWS_CLIENT_ID_FALLBACKS=%s: expected up to %d distinct ids "
                  "0-2147483647 separated by commas, none equal to TWS_CLIENT_ID",
                  s_cfg.client_id_fallbacks, GW_FSM_MAX_CLIENT_IDS - 1);
        return RT_EINVAL;
    }
    if (s_cfg.backoff_base_ms > s_cfg.backoff_cap_ms) {
        snprintf (errbuf, cap, "BACKOFF_BASE_MS=%llu is above BACKOFF_CAP_MS=%llu",
                  (unsigned long long) s_cfg.backoff_base_ms,
                  (unsigned long long) s_cfg.backoff_cap_ms);
        return RT_EINVAL;
    }
    f->connect_timeout_ms = s_cfg.connect_timeout_ms;
    f->handshake_timeout_ms = s_cfg.handshake_timeout_ms;
    f->reconcile_timeout_ms = s_cfg.reconcile_timeout_ms;
    f->backoff_base_ms = s_cfg.backoff_base_ms;
    f->backoff_cap_ms = s_cfg.backoff_cap_ms;
    f->breaker_threshold = (uint32_t) s_cfg.breaker_threshold;
    f->breaker_timeout_ms = s_cfg.breaker_timeout_ms;
    f->heartbeat_interval_ms = s_cfg.heartbeat_interval_ms;
    f->heartbeat_timeout_ms = s_cfg.heartbeat_timeout_ms;

    gw_pacer_config_t *p = &s_cfg.pacer;
    gw_pacer_config_defaults (p);
    p->rate = (uint32_t) s_cfg.pacing_rate;
    p->burst = (uint32_t) s_cfg.pacing_burst;
    p->capacity = (uint32_t) s_cfg.queue_slots;
    p->order_reserve = p->capacity / 8;
    p->hist_max = p->capacity / 4;
    *self = s_cfg;
    return 0;
}

void
gw_config_print_help (FILE *out)
{
    rt_config_print_help (s_vars, RT_CFG_COUNT (s_vars), out);
    rt_log_print_help (out);
}
