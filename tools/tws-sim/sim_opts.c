/*  sim_opts.c - parse and document tws-sim's flags. */
#include "sim_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto/rt_error.h"
#include "sim_buf.h"
#include "rt_log.h"

//  2025-01-06 14:30:00 UTC, a Monday at the 09:30 ET open: a fixed instant, so that the same
//  seed gives the same prices, bars and events on every run.
#define SIM_DEFAULT_START_MS 1736173800000LL

void
sim_opts_defaults (sim_opts_t *o)
{
    memset (o, 0, sizeof *o);
    o->port = 4002;
    snprintf (o->bind, sizeof o->bind, "127.0.0.1");
    o->control_port = 0;
    o->seed = 1;
    o->server_version = SIM_MAX_SERVER_VERSION;
    snprintf (o->accounts, sizeof o->accounts, "DU1234567");
    o->tick_ms = 250;
    o->log_level = RT_LOG_INFO;
    o->drop_after_s = -1;
    o->out_limit = 16u << 20;
    o->max_clients = 32;
    o->pace_limit = 50;
    o->start_ms = SIM_DEFAULT_START_MS;
}

void
sim_opts_usage (void)
{
    printf (
"usage: tws-sim [flags]\n"
"IB Gateway simulator speaking the TWS API (text protocol, server versions %d..%d).\n"
"\n"
"  --port N               TCP port for API clients (default 4002; 0 = any free port)\n"
"  --bind ADDR            address to listen on (default 127.0.0.1)\n"
"  --control-port N       loopback port of the control interface (default 0 = any free\n"
"                         port, printed in the ready line; -1 = no control interface)\n"
"  --seed N               seed of the market model; same seed + same client input = same\n"
"                         events (default 1)\n"
"  --server-version N     highest server version to negotiate, %d..%d (default %d)\n"
"  --accounts A,B         managed accounts (default DU1234567)\n"
"  --tick-ms N            market step period in ms; 0 = market moves only by the `price`\n"
"                         control command (default 250)\n"
"  --log-level L          error|warn|info|debug (default info); info logs one line per\n"
"                         client request\n"
"  --hang-hello           accept TCP but never answer the hello (control: hang on)\n"
"  --handshake-delay-ms N delay the hello reply by N ms (control: delay N)\n"
"  --drop-after S         close every client S seconds after start (control: drop-after S)\n"
"  --blast N              on a client's first reqMktData, stream N pre-encoded market-data\n"
"                         frames for that reqId as fast as the socket takes them\n"
"  --out-limit BYTES      output queued for one client before it is disconnected as a\n"
"                         slow reader (default 16777216)\n"
"  --max-clients N        simultaneous API sessions (default 32, as IB Gateway)\n"
"  --pace-limit N         messages per second per client before error 100 (default 50;\n"
"                         0 = off); excess messages are dropped, the session stays up\n"
"  --start-time T         simulated clock at start: yyyymmdd-hh:mm:ss (UTC), epoch seconds\n"
"                         or \"now\" (default 20250106-14:30:00, fixed for reproducibility;\n"
"                         the clock then advances by --tick-ms per market step)\n"
"  --help                 this text\n"
"\n"
"Ready line on stdout: \"tws-sim listening on ADDR:PORT (control on PORT2)\".\n"
"Control interface: one command per line, one JSON line back. Commands: hang on|off,\n"
"delay MS, drop, drop-after S, reset 1101|1102, restart S, malformed [garbage|length|\n"
"truncated], price SYMBOL P, orders, executions, status, quit, help.\n"
"Exit status: 0 on SIGTERM/SIGINT/quit, 2 on bad flags, 1 on a start-up failure.\n",
        SIM_MIN_SERVER_VERSION, SIM_MAX_SERVER_VERSION,
        SIM_MIN_SERVER_VERSION, SIM_MAX_SERVER_VERSION, SIM_MAX_SERVER_VERSION);
}

static int
s_long (const char *flag, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol (text, &end, 10);
    if (errno || !end || end == text || *end || v < lo || v > hi) {
        fprintf (stderr, "tws-sim: %s needs an integer in %ld..%ld, got '%s'\n",
                 flag, lo, hi, text);
        return RT_EINVAL;
    }
    *out = v;
    return 0;
}

static int
s_start_time (const char *text, int64_t *ms)
{
    if (strcmp (text, "now") == 0) {
        struct timespec ts;
        if (clock_gettime (CLOCK_REALTIME, &ts) != 0)
            return RT_EIO;
        *ms = (int64_t) ts.tv_sec * 1000;
        return 0;
    }
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    const char *end = strptime (text, "%Y%m%d-%H:%M:%S", &tm);
    if (end && *end == 0) {
        *ms = (int64_t) timegm (&tm) * 1000;
        return 0;
    }
    long v;
    if (s_long ("--start-time", text, 1, 4102444800L, &v) == 0) {
        *ms = (int64_t) v * 1000;
        return 0;
    }
    return RT_EINVAL;
}

enum {
    OPT_PORT = 1000, OPT_BIND, OPT_CONTROL, OPT_SEED, OPT_VERSION, OPT_ACCOUNTS, OPT_TICK,
    OPT_LOG, OPT_HANG, OPT_DELAY, OPT_DROP_AFTER, OPT_BLAST, OPT_OUT_LIMIT, OPT_MAX_CLIENTS,
    OPT_PACE, OPT_START, OPT_HELP
};

int
sim_opts_parse (sim_opts_t *o, int argc, char **argv)
{
    static const struct option longopts [] = {
        { "port", required_argument, NULL, OPT_PORT },
        { "bind", required_argument, NULL, OPT_BIND },
        { "control-port", required_argument, NULL, OPT_CONTROL },
        { "seed", required_argument, NULL, OPT_SEED },
        { "server-version", required_argument, NULL, OPT_VERSION },
        { "accounts", required_argument, NULL, OPT_ACCOUNTS },
        { "tick-ms", required_argument, NULL, OPT_TICK },
        { "log-level", required_argument, NULL, OPT_LOG },
        { "hang-hello", no_argument, NULL, OPT_HANG },
        { "handshake-delay-ms", required_argument, NULL, OPT_DELAY },
        { "drop-after", required_argument, NULL, OPT_DROP_AFTER },
        { "blast", required_argument, NULL, OPT_BLAST },
        { "out-limit", required_argument, NULL, OPT_OUT_LIMIT },
        { "max-clients", required_argument, NULL, OPT_MAX_CLIENTS },
        { "pace-limit", required_argument, NULL, OPT_PACE },
        { "start-time", required_argument, NULL, OPT_START },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    optind = 1;
    opterr = 0;
    int c;
    long v;
    while ((c = getopt_long (argc, argv, "", longopts, NULL)) != -1) {
        int rc = 0;
        switch (c) {
            case OPT_PORT:
                if ((rc = s_long ("--port", optarg, 0, 65535, &v)) == 0) o->port = (int) v;
                break;
            case OPT_BIND:
                if (strlen (optarg) == 0 || strlen (optarg) >= sizeof o->bind) {
                    fprintf (stderr, "tws-sim: --bind needs an IPv4 address\n");
                    rc = RT_EINVAL;
                }
                else
                    sim_copy (o->bind, sizeof o->bind, optarg);
                break;
            case OPT_CONTROL:
                if ((rc = s_long ("--control-port", optarg, -1, 65535, &v)) == 0)
                    o->control_port = (int) v;
                break;
            case OPT_SEED: {
                char *end = NULL;
                errno = 0;
                unsigned long long s = strtoull (optarg, &end, 10);
                if (errno || !end || end == optarg || *end || optarg [0] == '-') {
                    fprintf (stderr, "tws-sim: --seed needs an unsigned integer\n");
                    rc = RT_EINVAL;
                }
                else
                    o->seed = s;
                break;
            }
            case OPT_VERSION:
                if ((rc = s_long ("--server-version", optarg, SIM_MIN_SERVER_VERSION,
                                  SIM_MAX_SERVER_VERSION, &v)) == 0)
                    o->server_version = (int) v;
                break;
            case OPT_ACCOUNTS:
                if (strlen (optarg) == 0 || strlen (optarg) >= sizeof o->accounts
                ||  strspn (optarg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,")
                    != strlen (optarg)) {
                    fprintf (stderr, "tws-sim: --accounts needs a comma-separated list of"
                                     " alphanumeric account codes\n");
                    rc = RT_EINVAL;
                }
                else
                    sim_copy (o->accounts, sizeof o->accounts, optarg);
                break;
            case OPT_TICK:
                if ((rc = s_long ("--tick-ms", optarg, 0, 3600000, &v)) == 0) o->tick_ms = (int) v;
                break;
            case OPT_LOG:
                //  The flag keeps its four words; rt_log's "trace" is not one of them.
                if (rt_log_level_parse (optarg, &o->log_level) != 0
                ||  o->log_level == RT_LOG_TRACE) {
                    fprintf (stderr, "tws-sim: --log-level is error|warn|info|debug\n");
                    rc = RT_EINVAL;
                }
                break;
            case OPT_HANG:
                o->hang_hello = true;
                break;
            case OPT_DELAY:
                if ((rc = s_long ("--handshake-delay-ms", optarg, 0, 3600000, &v)) == 0)
                    o->handshake_delay_ms = (int) v;
                break;
            case OPT_DROP_AFTER:
                if ((rc = s_long ("--drop-after", optarg, 0, 86400, &v)) == 0)
                    o->drop_after_s = (int) v;
                break;
            case OPT_BLAST:
                if ((rc = s_long ("--blast", optarg, 0, 2000000000L, &v)) == 0) o->blast = v;
                break;
            case OPT_OUT_LIMIT:
                if ((rc = s_long ("--out-limit", optarg, 65536, 1L << 30, &v)) == 0)
                    o->out_limit = (size_t) v;
                break;
            case OPT_MAX_CLIENTS:
                if ((rc = s_long ("--max-clients", optarg, 1, 256, &v)) == 0)
                    o->max_clients = (int) v;
                break;
            case OPT_PACE:
                if ((rc = s_long ("--pace-limit", optarg, 0, 1000, &v)) == 0)
                    o->pace_limit = (int) v;
                break;
            case OPT_START:
                if ((rc = s_start_time (optarg, &o->start_ms)) < 0)
                    fprintf (stderr, "tws-sim: --start-time is yyyymmdd-hh:mm:ss (UTC), epoch"
                                     " seconds or now\n");
                break;
            case OPT_HELP:
                sim_opts_usage ();
                return 1;
            default:
                fprintf (stderr, "tws-sim: unknown or incomplete flag '%s' (see --help)\n",
                         argv [optind - 1]);
                return RT_EINVAL;
        }
        if (rc)
            return rc;
    }
    if (optind < argc) {
        fprintf (stderr, "tws-sim: unexpected argument '%s' (see --help)\n", argv [optind]);
        return RT_EINVAL;
    }
    return 0;
}
