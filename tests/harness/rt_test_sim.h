/*  rt_test_sim.h - rt_test_sim: the real tws-sim binary as a test fixture.

    Started from $RT_BIN_DIR/tws-sim with --port 0 --control-port 0 (kernel-chosen ports,
    unless flags name others: later flags win) and --log-level $SIM_TEST_LOG or "warn"; the
    ready line "tws-sim listening on 127.0.0.1:P (control on P2)" gives both ports. The control
    port takes one command per line and answers one JSON object per line (tools/tws-sim/
    README.md); rt_test_sim_ctl parses it with jansson. Stopped by its PID (rt_test_proc).
*/
#ifndef RT_TEST_SIM_H_INCLUDED
#define RT_TEST_SIM_H_INCLUDED

#include <stdbool.h>
#include <jansson.h>

#include "rt_test_proc.h"

//  Deadline for the ready line and for each control reply.
#define RT_TEST_SIM_READY_MS 10000
#define RT_TEST_SIM_CTL_MS   5000

typedef struct _rt_test_sim_t rt_test_sim_t;

//  Starts tws-sim with extra flags (NULL-terminated, may be NULL). opts: only its env and
//  err (stderr) are used; stdout is the fixture's. NULL on failure (reason on stderr).
rt_test_sim_t *rt_test_sim_start (const char *const *flags, const rt_test_spawn_opts_t *opts);

//  Stops (SIGTERM, then SIGKILL) and frees. Safe on NULL.
void rt_test_sim_destroy (rt_test_sim_t **self_p);

//  SIGTERM and wait: the exit status (rt_test_proc_stop). The object stays valid (ports,
//  for a restart on the same port); only destroy frees it.
int rt_test_sim_stop (rt_test_sim_t *self);

int rt_test_sim_port (const rt_test_sim_t *self);
int rt_test_sim_control_port (const rt_test_sim_t *self);
pid_t rt_test_sim_pid (const rt_test_sim_t *self);
rt_test_proc_t *rt_test_sim_proc (rt_test_sim_t *self);

//  Sends one control command (printf format, no newline) and returns the reply line
//  (malloc'd, without '\n'), or NULL on timeout / closed connection.
char *rt_test_sim_ctl_line (rt_test_sim_t *self, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

//  The same, parsed: a new JSON reference, or NULL (timeout, or not JSON: printed).
json_t *rt_test_sim_ctl (rt_test_sim_t *self, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

//  True when the reply has "ok": true (else the command and reply are printed).
bool rt_test_sim_ctl_ok (rt_test_sim_t *self, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

#endif
