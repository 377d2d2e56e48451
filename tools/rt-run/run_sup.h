/*  run_sup.h - run_sup: the supervisor behind rt-run.

    Starts every process of a run_table (in order), each in its own process group with its
    stdout and stderr through a pipe into LOG_DIR/NAME.log (truncated when the supervisor
    starts; every run of the process begins with a "=== rt-run: ..." marker line), and
    logs through rt_log when each one starts, prints its ready line (" ready:" or
    "listening on"), and exits. A process that exits by itself is started again after an
    rt_backoff delay (full jitter, base..cap); a run that lasted stable_ms resets the
    backoff. SIGTERM / SIGINT stop everything: SIGTERM to each process (reverse order),
    SIGKILL to those still alive after stop_timeout_ms (a second signal: at once), every
    child reaped, then run_sup_run returns 0. Children get SIGTERM from the kernel if the
    supervisor itself dies (PR_SET_PDEATHSIG), so none outlives it.

    One thread, one poll(2) over the pipes and a signalfd (SIGCHLD, SIGINT, SIGTERM).
*/
#ifndef RUN_SUP_H_INCLUDED
#define RUN_SUP_H_INCLUDED

#include <stdint.h>
#include <sys/types.h>
#include "run_table.h"

typedef struct {
    const char *log_dir;            //  required, created if missing
    const char *bin_dir;            //  where PROGRAM without '/' is looked up first
    uint64_t backoff_base_ms;       //  first restart delay ceiling (500)
    uint64_t backoff_cap_ms;        //  largest delay ceiling (30000)
    uint64_t stable_ms;             //  a run this long resets the backoff (10000)
    uint64_t stop_timeout_ms;       //  SIGTERM -> SIGKILL (5000)
} run_sup_opts_t;

typedef struct _run_sup_t run_sup_t;

//  skip: NULL-terminated names not to run (may be NULL). Programs that are not found are
//  skipped with a warning (a service still being written). NULL on error (logged).
run_sup_t *run_sup_new (const run_table_t *table, const run_sup_opts_t *opts,
                        const char *const *skip);
void run_sup_destroy (run_sup_t **self_p);

//  Runs until SIGTERM / SIGINT, then stops everything. 0, or RT_EIO when the loop failed
//  (everything is stopped then too). Returns at once with RT_EINVAL if nothing is runnable.
int run_sup_run (run_sup_t *self);

#endif
