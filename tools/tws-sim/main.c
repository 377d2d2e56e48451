/*  tws-sim - IB Gateway simulator speaking the TWS API.

    Exit status: 0 after SIGTERM/SIGINT or `quit`, 2 on bad flags, 1 when it cannot start.
*/
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "rt_log.h"
#include "sim_opts.h"
#include "sim_server.h"

int
main (int argc, char **argv)
{
    sim_opts_t opts;
    sim_opts_defaults (&opts);
    int rc = sim_opts_parse (&opts, argc, argv);
    if (rc == 1)
        return 0;
    if (rc < 0)
        return 2;
    //  LOG_FILE applies (rt_log reads it); --log-level wins over LOG_LEVEL.
    char err [256];
    if (rt_log_init_r ("tws-sim", err, sizeof err) != 0) {
        fprintf (stderr, "tws-sim: %s; logging to stderr\n", err);
        if (rt_log_open ("tws-sim", opts.log_level, NULL) != 0)
            return 1;
    }
    rt_log_set_level (opts.log_level);

    //  Signals arrive as a readable fd in the loop: no handler races with poll.
    sigset_t mask;
    sigemptyset (&mask);
    sigaddset (&mask, SIGINT);
    sigaddset (&mask, SIGTERM);
    if (sigprocmask (SIG_BLOCK, &mask, NULL) < 0) {
        perror ("tws-sim: sigprocmask");
        return 1;
    }
    if (signal (SIGPIPE, SIG_IGN) == SIG_ERR) {
        perror ("tws-sim: signal");
        return 1;
    }
    int sfd = signalfd (-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) {
        perror ("tws-sim: signalfd");
        return 1;
    }
    int status = 1;
    sim_server_t *srv = sim_server_new (&opts);
    if (!srv)
        goto done;
    if (sim_server_control_port (srv) >= 0)
        printf ("tws-sim listening on %s:%d (control on %d)\n", opts.bind,
                sim_server_port (srv), sim_server_control_port (srv));
    else
        printf ("tws-sim listening on %s:%d (control off)\n", opts.bind, sim_server_port (srv));
    fflush (stdout);
    rt_log_info ("server version %d, seed %llu, accounts %s, tick %d ms%s",
              opts.server_version, (unsigned long long) opts.seed, opts.accounts,
              opts.tick_ms, opts.blast > 0 ? ", blast on" : "");
    status = sim_server_run (srv, sfd) == 0 ? 0 : 1;
    rt_log_info ("stopped");
done:
    sim_server_destroy (&srv);
    close (sfd);
    return status;
}
