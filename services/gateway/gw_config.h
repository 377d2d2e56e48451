/*  gw_config.h - rt-gateway's configuration: one rt_config table, loaded once at start.

    Every variable is documented in services/gateway/README.md and printed by
    `rt-gateway --help`. A bad value is a configuration error: the caller exits 2.
*/
#ifndef GW_CONFIG_H_INCLUDED
#define GW_CONFIG_H_INCLUDED

#include <stdint.h>
#include <stdio.h>
#include "rt_bus.h"
#include "rt_catalogue.h"
#include "gw_fsm.h"
#include "gw_pacer.h"

typedef struct {
    char tws_host [256];
    int tws_port;
    int client_id;
    char client_id_fallbacks [128];
    uint64_t connect_timeout_ms;
    uint64_t handshake_timeout_ms;
    uint64_t reconcile_timeout_ms;
    uint64_t backoff_base_ms;
    uint64_t backoff_cap_ms;
    int breaker_threshold;
    uint64_t breaker_timeout_ms;
    uint64_t heartbeat_interval_ms;
    uint64_t heartbeat_timeout_ms;
    int pacing_rate;
    int pacing_burst;
    int queue_slots;
    int orderid_block;
    char pub_endpoint [RT_ENDPOINT_MAX];
    char md_endpoint [RT_ENDPOINT_MAX];
    char cmd_endpoint [RT_ENDPOINT_MAX];
    char data_dir [1024];
    char account [RT_ACCOUNT_MAX];
    //  Derived by gw_config_load, checked there.
    gw_fsm_config_t fsm;
    gw_pacer_config_t pacer;
} gw_config_t;

//  Loads every variable (environment, then RT_CONFIG_FILE, then defaults) and derives the
//  state machine's and the pacer's configuration. 0, or RT_EINVAL with one line in errbuf.
int gw_config_load (gw_config_t *self, char *errbuf, size_t cap);

//  The variables, for --help.
void gw_config_print_help (FILE *out);

#endif
