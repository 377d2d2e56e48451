/*  gw_main.c - rt-gateway: the one process that holds the IB session.

    Exit status: 0 after SIGTERM/SIGINT, 2 on bad configuration (a message on stderr says
    which variable and why), 1 when it cannot start (a socket that will not bind...).
    Prints "rt-gateway ready: pub=EP md=EP cmd=EP" on stdout once every socket is bound.
*/
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include "gw_loop.h"
#include "rt_config.h"
#include "rt_log.h"

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rt-gateway [--help]\n"
        "\n"
        "Holds the one IB Gateway / TWS session of robo-trader: reconnects with backoff and a\n"
        "circuit breaker, paces every request, reconciles orders after every reconnect, and\n"
        "publishes events (RT_GATEWAY_PUB), market data (RT_GATEWAY_MD) and answers commands\n"
        "(RT_GATEWAY_CMD). Configured by environment variables (or RT_CONFIG_FILE):\n\n");
    gw_config_print_help (out);
    fprintf (out, "\nExit status: 0 on SIGTERM/SIGINT, 1 when it cannot start, 2 on bad "
             "configuration.\n");
}

int
main (int argc, char *argv [])
{
    if (rt_config_wants_help (argc, argv)) {
        s_usage (stdout);
        return 0;
    }
    if (argc > 1) {
        fprintf (stderr, "rt-gateway: unknown argument '%s' (try --help)\n", argv [1]);
        return 2;
    }
    //  SIGTERM/SIGINT are blocked in every thread (libzmq's inherit the mask) and read from
    //  a signalfd in the loop: the loop wakes at once, whatever timer it was waiting for.
    sigset_t mask;
    sigemptyset (&mask);
    sigaddset (&mask, SIGTERM);
    sigaddset (&mask, SIGINT);
    if (sigprocmask (SIG_BLOCK, &mask, NULL) != 0) {
        perror ("rt-gateway: sigprocmask");
        return 1;
    }
    int sigfd = signalfd (-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd < 0) {
        perror ("rt-gateway: signalfd");
        return 1;
    }
    signal (SIGPIPE, SIG_IGN);
    zsys_handler_set (NULL);        //  czmq must not install its own handler over ours
    zsys_init ();

    char err [512];
    if (rt_config_file_export (err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: %s\n", err);
        return 2;
    }
    rt_log_init ("gateway");
    static gw_config_t cfg;
    if (gw_config_load (&cfg, err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: %s\n", err);
        return 2;
    }
    int status = 1;
    gw_t *gw = gw_loop_new (&cfg, &status);
    if (!gw) {
        close (sigfd);
        return status;
    }
    int rc = gw_loop_run (gw, sigfd);
    gw_loop_destroy (&gw);
    close (sigfd);
    rt_log_info ("stopped");
    return rc == 0? 0: 1;
}
