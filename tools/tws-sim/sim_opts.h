/*  sim_opts.h - tws-sim's command line. */
#ifndef SIM_OPTS_H_INCLUDED
#define SIM_OPTS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_log.h"

#define SIM_MIN_SERVER_VERSION 157
#define SIM_MAX_SERVER_VERSION 200

typedef struct {
    int port;                   //  0 = any free port
    char bind [64];
    int control_port;           //  0 = any free port, -1 = no control interface
    uint64_t seed;
    int server_version;
    char accounts [256];        //  comma separated
    int tick_ms;                //  0 = the market moves only by the `price` command
    rt_log_level_t log_level;
    bool hang_hello;
    int handshake_delay_ms;
    int drop_after_s;           //  -1 = never
    long blast;                 //  0 = off
    size_t out_limit;           //  bytes queued for a client before it is disconnected
    int max_clients;
    int pace_limit;             //  messages per second per client, 0 = off
    int64_t start_ms;           //  simulated clock at start (UTC epoch ms); 0 = wall clock
} sim_opts_t;

void sim_opts_defaults (sim_opts_t *o);
//  0, 1 when --help was printed, or RT_EINVAL with a message on stderr (exit 2).
int sim_opts_parse (sim_opts_t *o, int argc, char **argv);
void sim_opts_usage (void);

#endif
