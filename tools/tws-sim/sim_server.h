/*  sim_server.h - tws-sim's listener and single-threaded event loop.

    One poll(2) loop over the API listening socket, every client socket, the control
    interface, a signalfd and the timers (market steps, real-time bars, PnL, faults). Nothing
    in it blocks: sockets are non-blocking and output goes through bounded per-session queues.
*/
#ifndef SIM_SERVER_H_INCLUDED
#define SIM_SERVER_H_INCLUDED

#include "sim_opts.h"

typedef struct sim_server_t sim_server_t;

//  Binds the API port and the control port; NULL (logged) on failure.
sim_server_t *sim_server_new (const sim_opts_t *opts);
void sim_server_destroy (sim_server_t **p);

int sim_server_port (const sim_server_t *srv);
//  -1 when the control interface is off.
int sim_server_control_port (const sim_server_t *srv);

//  Runs until `quit` on the control interface or a signal on signal_fd (a signalfd, or -1).
//  Returns 0, or a negative code when the loop itself failed.
int sim_server_run (sim_server_t *srv, int signal_fd);

#endif
