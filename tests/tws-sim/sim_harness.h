/*  sim_harness.h - tests/tws-sim: start the real tws-sim binary and talk to it over TCP.

    A thin layer over the shared test harness (tests/harness, library rttest): the process
    is rt_test_sim (kernel-chosen ports from the ready line, control port, stopped by its
    PID and never outliving the test), the client is rt_test_tws's tc_* (lib/tws only).
*/
#ifndef SIM_HARNESS_H_INCLUDED
#define SIM_HARNESS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rt_test_sim.h"
#include "rt_test_tws.h"

typedef struct {
    pid_t pid;                  //  0 when not running
    int port;
    int control_port;
    rt_test_sim_t *sim;
} sim_proc_t;

//  Starts tws-sim with extra flags (NULL-terminated list). Returns 0 or -1.
int sim_start (sim_proc_t *p, const char *const *flags);
//  SIGTERM, wait; returns the exit status (or -1).
int sim_stop (sim_proc_t *p);

//  Sends one control command, returns the reply line (malloc'd) or NULL on timeout.
char *sim_ctl (sim_proc_t *p, const char *command);
//  The same, parsed: true when the reply has "ok": true.
bool sim_ctl_ok (sim_proc_t *p, const char *command);

#endif
