/*  rt-run - runs robo-trader's processes from a table, restarts the ones that die, stops
    them all on SIGINT / SIGTERM. scripts/run is its usual caller; the table format is in
    run_table.h, the behaviour in run_sup.h, both summed up in README.md.

    Exit status: 0 after SIGINT / SIGTERM (everything stopped), 1 when it could not run,
    2 on bad usage or a bad table.
*/
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_log.h"
#include "run_sup.h"
#include "run_table.h"

#define S_SKIP_MAX 32

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rt-run --config FILE [--log-dir DIR] [--skip NAME[,NAME...]]... [options]\n"
        "Runs every process of the table FILE, each with its stdout and stderr in\n"
        "DIR/NAME.log; restarts a process that exits (backoff with full jitter); SIGINT or\n"
        "SIGTERM stops them all (SIGTERM, then SIGKILL after --stop-timeout-ms) and exits 0.\n"
        "\n"
        "Table: one process a line, 'NAME [KEY=VALUE ...] PROGRAM [ARG ...]'; ${VAR} is\n"
        "replaced from the environment; '#' comments. PROGRAM without '/' is looked up in\n"
        "--bin-dir, then PATH; a program not found is skipped with a warning.\n"
        "\n"
        "  --config FILE           the table (tools/rt-run/robo-trader.conf for the system)\n"
        "  --log-dir DIR           where NAME.log go (default build/logs)\n"
        "  --bin-dir DIR           programs without '/' (default: rt-run's own directory)\n"
        "  --skip NAME[,NAME]      do not run these (repeatable)\n"
        "  --backoff-base-ms N     first restart delay ceiling (default 500)\n"
        "  --backoff-cap-ms N      largest restart delay ceiling (default 30000)\n"
        "  --stable-ms N           a run this long resets the backoff (default 10000)\n"
        "  --stop-timeout-ms N     SIGTERM to SIGKILL (default 5000)\n"
        "  --check                 print the table as parsed and exit\n"
        "  --help                  this text\n"
        "LOG_LEVEL applies to rt-run's own lines (stderr). LOG_FILE is not passed on: each\n"
        "process logs to its own file.\n"
        "Exit status: 0 stopped by a signal, 1 could not run, 2 bad usage or table.\n");
}

static int
s_ms (const char *name, const char *text, uint64_t *out)
{
    char *end = NULL;
    unsigned long long v = strtoull (text, &end, 10);
    if (!*text || *end || v == 0 || v > 86400000ULL) {
        fprintf (stderr, "rt-run: %s wants milliseconds in 1..86400000, got '%s'\n", name, text);
        return -1;
    }
    *out = v;
    return 0;
}

int
main (int argc, char *argv [])
{
    static const struct option longopts [] = {
        { "config", required_argument, NULL, 'c' },
        { "log-dir", required_argument, NULL, 'l' },
        { "bin-dir", required_argument, NULL, 'b' },
        { "skip", required_argument, NULL, 's' },
        { "backoff-base-ms", required_argument, NULL, 'B' },
        { "backoff-cap-ms", required_argument, NULL, 'C' },
        { "stable-ms", required_argument, NULL, 'S' },
        { "stop-timeout-ms", required_argument, NULL, 'T' },
        { "check", no_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    run_sup_opts_t opts = {
        .log_dir = "build/logs", .backoff_base_ms = 500, .backoff_cap_ms = 30000,
        .stable_ms = 10000, .stop_timeout_ms = 5000,
    };
    const char *config = NULL;
    const char *skip [S_SKIP_MAX + 1] = { NULL };
    char skip_buf [1024] = "";
    size_t nskip = 0, skip_used = 0;
    bool check = false;
    int opt;
    while ((opt = getopt_long (argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
            case 'c': config = optarg; break;
            case 'l': opts.log_dir = optarg; break;
            case 'b': opts.bin_dir = optarg; break;
            case 'k': check = true; break;
            case 'h': s_usage (stdout); return 0;
            case 'B': if (s_ms ("--backoff-base-ms", optarg, &opts.backoff_base_ms)) return 2; break;
            case 'C': if (s_ms ("--backoff-cap-ms", optarg, &opts.backoff_cap_ms)) return 2; break;
            case 'S': if (s_ms ("--stable-ms", optarg, &opts.stable_ms)) return 2; break;
            case 'T': if (s_ms ("--stop-timeout-ms", optarg, &opts.stop_timeout_ms)) return 2; break;
            case 's': {
                //  Names are kept in one buffer, split at commas.
                size_t len = strlen (optarg);
                if (skip_used + len + 1 > sizeof skip_buf) {
                    fprintf (stderr, "rt-run: too many --skip names\n");
                    return 2;
                }
                char *copy = skip_buf + skip_used;
                memcpy (copy, optarg, len + 1);
                skip_used += len + 1;
                char *save = NULL;
                for (char *w = strtok_r (copy, ",", &save); w; w = strtok_r (NULL, ",", &save)) {
                    if (nskip == S_SKIP_MAX) {
                        fprintf (stderr, "rt-run: more than %d --skip names\n", S_SKIP_MAX);
                        return 2;
                    }
                    skip [nskip++] = w;
                }
                break;
            }
            default: s_usage (stderr); return 2;
        }
    }
    if (optind < argc || !config) {
        fprintf (stderr, "rt-run: %s\n", config ? "unexpected argument" : "--config is required");
        s_usage (stderr);
        return 2;
    }
    if (opts.backoff_cap_ms < opts.backoff_base_ms) {
        fprintf (stderr, "rt-run: --backoff-cap-ms is below --backoff-base-ms\n");
        return 2;
    }
    rt_log_level_t level = RT_LOG_INFO;
    const char *lv = getenv ("LOG_LEVEL");
    if (lv && *lv && rt_log_level_parse (lv, &level) != 0) {
        fprintf (stderr, "rt-run: LOG_LEVEL: not one of trace, debug, info, warn, error: '%s'\n", lv);
        return 2;
    }
    if (rt_log_open ("rt-run", level, NULL) != 0)
        return 1;

    //  Programs sit beside rt-run unless told otherwise (build/bin).
    char self_dir [PATH_MAX];
    if (!opts.bin_dir) {
        ssize_t n = readlink ("/proc/self/exe", self_dir, sizeof self_dir - 1);
        if (n > 0) {
            self_dir [n] = 0;
            opts.bin_dir = dirname (self_dir);
        }
    }

    char err [512];
    run_table_t *table = run_table_load (config, err, sizeof err);
    if (!table) {
        fprintf (stderr, "rt-run: %s\n", err);
        return 2;
    }
    if (check) {
        for (size_t i = 0; i < run_table_size (table); i++) {
            const run_entry_t *e = run_table_entry (table, i);
            printf ("%s:", e->name);
            for (size_t k = 0; e->env [k]; k++)
                printf (" %s", e->env [k]);
            for (size_t k = 0; e->argv [k]; k++)
                printf (" %s%s", k == 0 ? "| " : "", e->argv [k]);
            printf ("\n");
        }
        run_table_destroy (&table);
        return 0;
    }
    int rc = 1;
    run_sup_t *sup = run_sup_new (table, &opts, skip);
    if (sup) {
        int r = run_sup_run (sup);
        rc = r == 0 ? 0 : 1;
        run_sup_destroy (&sup);
    }
    run_table_destroy (&table);
    return rc;
}
