/*  sim_control.h - the control interface: a line protocol on a loopback TCP port.

    One command per line, one JSON object per line back, so a test in any language drives
    the simulator with a socket and a line reader. Always bound to 127.0.0.1 (it is not
    authenticated). This class is only the transport; the server interprets the commands.
*/
#ifndef SIM_CONTROL_H_INCLUDED
#define SIM_CONTROL_H_INCLUDED

#include <poll.h>

typedef struct sim_control_t sim_control_t;

//  Interprets one command line (without the newline); returns a malloc'd JSON text without
//  newline, or NULL when out of memory.
typedef char *(sim_control_fn) (void *arg, const char *line);

#define SIM_CONTROL_MAX_CONNS 16

//  port 0 = any free port. NULL (logged) when it cannot listen.
sim_control_t *sim_control_new (int port, sim_control_fn *fn, void *arg);
void sim_control_destroy (sim_control_t **p);
int sim_control_port (const sim_control_t *c);

//  Fills at most max pollfds (listener + connections); returns how many.
int sim_control_pollfds (sim_control_t *c, struct pollfd *fds, int max);
//  Handles the events of the pollfds sim_control_pollfds filled.
void sim_control_handle (sim_control_t *c, const struct pollfd *fds, int n);

#endif
