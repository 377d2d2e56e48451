/*  sim_server_int.h - the server's state, shared by the loop, the request handlers, the
    fault injection and the control commands (all in this directory, one thread).
*/
#ifndef SIM_SERVER_INT_H_INCLUDED
#define SIM_SERVER_INT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "sim_opts.h"
#include "sim_server.h"
#include "sim_session.h"
#include "sim_control.h"
#include "sim_world.h"

#define SIM_MAX_SESSIONS 512            //  hard cap on sockets (opts.max_clients is the soft one)

typedef struct {
    uint64_t accepted;
    uint64_t refused_full;
    uint64_t refused_version;
    uint64_t bad_hello;
    uint64_t dup_client_id;
    uint64_t malformed_in;
    uint64_t eof_mid_frame;
    uint64_t slow_drops;
    uint64_t paced;
    uint64_t requests;
    uint64_t unknown_msgs;
    uint64_t drops;
    uint64_t resets;
    uint64_t restarts;
    uint64_t blast_frames;
} sim_counters_t;

//  A historical request whose daily bars are being computed in slices (sim_handlers_hist.c).
typedef struct {
    uint64_t session_id;
    int req_id;
    int sym;
    int64_t end_ms;
    int64_t duration;
    int bar_sec;
    int what;                           //  sim_show_t
    bool use_rth;
    int format_date;
} sim_hist_job_t;

#define SIM_HIST_JOBS 64                //  queued beyond: 162 pacing violation

struct sim_server_t {
    sim_opts_t opts;
    int listen_fd;                      //  -1 while restarting
    int port;
    sim_control_t *control;
    sim_session_t *sessions [SIM_MAX_SESSIONS];
    int nsessions;
    uint64_t next_session_id;
    sim_counters_t counters;
    bool quit;
    int64_t mono_ms;                    //  monotonic clock, read once per loop turn
    //  Faults
    bool hang;
    int delay_ms;
    int64_t drop_at_ms;                 //  -1 = none
    int64_t restart_at_ms;              //  listen again then; -1 = not restarting
    int reset_code;                     //  1101/1102 while a reset is in progress, else 0
    int64_t reset_at_ms;                //  when its second half (restored) is sent
    //  Timers
    int64_t next_step_ms;               //  market step (tick_ms), -1 = off
    //  The model and what connects it to sessions
    sim_world_t *world;
    //  Historical requests waiting for their days, oldest first.
    sim_hist_job_t hist_jobs [SIM_HIST_JOBS];
    int nhist_jobs;
};

//  Milliseconds on the monotonic clock (the loop's clock, never sent to a client).
int64_t sim_mono_ms (void);

//  Closes a session at once (EOF for the client); `why` is logged at info unless NULL.
void sim_server_kill (sim_server_t *srv, sim_session_t *s, const char *why);
//  Sends what is queued, then closes (used after 326 / 320); gives up after a second.
void sim_server_close_soon (sim_server_t *srv, sim_session_t *s, const char *why);
//  error (4) to one session at its version; req_id -1 for system messages.
int sim_server_error (sim_server_t *srv, sim_session_t *s, int req_id, int code,
                      const char *message);
//  The ready session of clientId, or NULL.
sim_session_t *sim_server_find_client (sim_server_t *srv, int client_id);

//  Stops listening (restart) / listens again on opts.port. 0 or a negative code.
int sim_server_unlisten (sim_server_t *srv);
int sim_server_listen (sim_server_t *srv);
//  Closes every session (drop, restart).
void sim_server_drop_all (sim_server_t *srv, const char *why);

//  The hello has been parsed and is due an answer now (also used by `hang off`).
void sim_server_answer_hello (sim_server_t *srv, sim_session_t *s);
//  The same, then serves requests that arrived meanwhile (delay elapsed, hang off).
void sim_server_answer_pending (sim_server_t *srv, sim_session_t *s);

//  sim_fault.c: faults shared by flags and control commands.
//  Nightly reset, first half: 1100 + farms broken; the second half (1101/1102 + farms OK) is
//  sent after gap_ms (0 = now). After 1101 market data subscriptions are gone.
void sim_fault_reset_begin (sim_server_t *srv, int code, int gap_ms);
void sim_fault_reset_end (sim_server_t *srv);
//  Closes every session and the listening socket; listens again after seconds.
void sim_fault_restart (sim_server_t *srv, int seconds);
//  A malformed frame to every ready client: "garbage" (undecodable payload), "length"
//  (length prefix above 0xFFFFFF), "truncated" (half a frame, then close). Returns the count.
int sim_fault_malformed (sim_server_t *srv, const char *kind);

//  sim_handlers_hist.c: computes the next slice of the oldest waiting historical request
//  and answers it once its days are ready (the loop calls it each turn while jobs wait).
void sim_hist_slice (sim_server_t *srv);

//  sim_dispatch.c: one request frame of a session in SIM_S_WAIT_START or SIM_S_READY.
//  Returns 0, or a negative code when the frame does not decode (the caller sends 320 and
//  closes the session).
int sim_dispatch (sim_server_t *srv, sim_session_t *s, const uint8_t *payload, size_t len);

//  sim_commands.c: the control interface's command interpreter (sim_control_fn).
char *sim_commands_run (void *srv, const char *line);

#endif
