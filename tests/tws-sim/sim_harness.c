/*  sim_harness.c - the tws-sim tests' process helpers, on top of rttest. */
#include "sim_harness.h"

#include <string.h>

int
sim_start (sim_proc_t *p, const char *const *flags)
{
    memset (p, 0, sizeof *p);
    p->sim = rt_test_sim_start (flags, NULL);
    if (!p->sim)
        return -1;
    p->pid = rt_test_sim_pid (p->sim);
    p->port = rt_test_sim_port (p->sim);
    p->control_port = rt_test_sim_control_port (p->sim);
    return 0;
}

int
sim_stop (sim_proc_t *p)
{
    if (!p->sim)
        return -1;
    int rc = rt_test_sim_stop (p->sim);
    rt_test_sim_destroy (&p->sim);
    p->pid = 0;
    return rc >= 0 ? rc : -1;
}

char *
sim_ctl (sim_proc_t *p, const char *command)
{
    return p->sim ? rt_test_sim_ctl_line (p->sim, "%s", command) : NULL;
}

bool
sim_ctl_ok (sim_proc_t *p, const char *command)
{
    return p->sim && rt_test_sim_ctl_ok (p->sim, "%s", command);
}
