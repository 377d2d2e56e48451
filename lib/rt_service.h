/*  rt_service.h - the skeleton every bus service shares (rt-risk, rt-orders, ...).

    One object owns what a service needs around its own logic:
      - start-up: --help (the config table, LOG_* and exit statuses, then exit 0), an unknown
        argument (exit 2), RT_CONFIG_FILE export, rt_log_init (name), the config table
        loaded with rt_config_load_or_exit (bad value: message, exit 2);
      - one zloop, with SIGTERM/SIGINT blocked and read from a signalfd in the loop, so a
        signal ends rt_service_run at once (it returns 0), whatever the loop was waiting for;
      - the service's PUB (rt_pub, src = name), shared with the service for its events;
      - the heartbeat: sys.hb.<name> every second on that PUB with pid, uptime, messages
        in/out, errors and up to RT_COUNTERS_MAX (8) named counters (rt_service_count);
      - a ROUTER command server whose requests go to a callback, with COMMAND "status"
        answered here: "<name> up 12s in=.. out=.. errors=..[ counter=n ...][; <hook text>]";
      - DEALER clients and SUB subscribers read in the loop and handed to callbacks, so a
        service never blocks waiting for another (send, keep the correlation id, match it
        in the reply callback, time out with a zloop timer);
      - the ready line on stdout once everything is bound:
            "rt-<name> ready: pub=EP cmd=EP[ k=v ...]"
      - destruction closes every socket it owns (linger RT_BUS_LINGER_MS).

    Typical main:

        static struct { uint64_t max_qty; } cfg;
        static const rt_config_var_t vars [] = { RT_CFG_U64 ("RISK_MAX_QTY", ...) };
        int main (int argc, char *argv []) {
            rt_service_t *svc = rt_service_new ("risk", vars, RT_CFG_COUNT (vars), argc, argv);
            if (!svc || rt_service_pub_bind (svc, rt_bus_endpoint (RT_EP_RISK_PUB))
            ||  rt_service_cmd_bind (svc, rt_bus_endpoint (RT_EP_RISK_CMD), s_on_cmd, app))
                { rt_service_destroy (&svc); return 1; }
            int rc = rt_service_run (svc);      //  0 after SIGTERM/SIGINT
            rt_service_destroy (&svc);
            return rc == 0? 0: 1;
        }

    Message counting: every request, reply and subscribed message read here counts as one in;
    every message sent through rt_service_publish / _reply / _send counts as one out; a
    failed send counts as an error. Services count their own bad input with
    rt_service_error.

    Single-threaded, like the zloop it wraps. Callbacks may call anything here except
    rt_service_destroy.
*/
#ifndef RT_SERVICE_H_INCLUDED
#define RT_SERVICE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <czmq.h>
#include "rt_bus.h"
#include "rt_catalogue.h"
#include "rt_config.h"

typedef struct _rt_service_t rt_service_t;

//  A request on the command server. msg and peer are borrowed for the call; copy the peer
//  (it is a plain value) to reply later. COMMAND "status" never reaches it.
typedef void (rt_service_cmd_fn) (rt_service_t *svc, const rt_bus_msg_t *msg,
                                  const rt_cmd_peer_t *peer, void *arg);
//  A reply on a DEALER client (match msg->header.corr with the id rt_service_send gave).
typedef void (rt_service_reply_fn) (rt_service_t *svc, rt_cmd_client_t *client,
                                    const rt_bus_msg_t *msg, void *arg);
//  A message on a subscriber, with its sequence check (rt_bus_sub.h: FIRST, GAP, RESTART).
typedef void (rt_service_sub_fn) (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                                  const rt_seq_event_t *seq, void *arg);
//  Writes the service's own one-line summary into buf (the "status" reply's tail).
typedef void (rt_service_status_fn) (rt_service_t *svc, char *buf, size_t cap, void *arg);

//  Starts a service named name ("risk": log name, PUB source, heartbeat topic
//  sys.hb.risk, program "rt-risk"). Handles --help (prints and exits 0), a stray argument
//  (exit 2), configuration (table of n variables, may be empty; exit 2 when bad), logging,
//  signals and the loop. NULL when something cannot be set up (logged; exit 1).
rt_service_t *rt_service_new (const char *name, const rt_config_var_t *vars, size_t n,
                              int argc, char *argv []);
//  Closes every socket and the signalfd; the blocked signal mask stays (a second service in
//  the same process, as in tests, relies on it). Nulls *self_p.
void rt_service_destroy (rt_service_t **self_p);

//  Binds the service's PUB (endpoint "tcp://127.0.0.1:0" or ":*" for a free port) and
//  starts the heartbeat timer. Once only. 0, or RT_EIO (logged).
int rt_service_pub_bind (rt_service_t *self, const char *endpoint);
//  Binds the ROUTER command server; fn receives every well-formed request except COMMAND
//  "status". Once only. 0, or RT_EIO (logged).
int rt_service_cmd_bind (rt_service_t *self, const char *endpoint,
                         rt_service_cmd_fn *fn, void *arg);
//  A DEALER to server_role's command socket at endpoint, its replies to fn. The service
//  owns it (closed by rt_service_destroy). NULL on failure (logged).
rt_cmd_client_t *rt_service_client (rt_service_t *self, const char *endpoint,
                                    const char *server_role, rt_service_reply_fn *fn,
                                    void *arg);
//  A SUB connected to endpoint (publisher server_role), subscribed to each prefix of the
//  NULL-terminated list (NULL list = everything), its messages to fn. Owned by the service.
//  NULL on failure (logged).
rt_sub_t *rt_service_sub (rt_service_t *self, const char *endpoint, const char *server_role,
                          const char *const *prefixes, rt_service_sub_fn *fn, void *arg);

//  The tail of the "status" reply.
void rt_service_on_status (rt_service_t *self, rt_service_status_fn *fn, void *arg);
//  Heartbeat period (default 1000 ms; tests shorten it). Takes effect at once.
int rt_service_set_hb_interval (rt_service_t *self, size_t ms);
//  The heartbeat's status word ("ok" by default; "degraded", "halted", ...).
void rt_service_set_health (rt_service_t *self, const char *word);
//  Adds "key=value" to the ready line (call before rt_service_run).
void rt_service_ready_kv (rt_service_t *self, const char *key, const char *value);

//  Adds by to a named counter, creating it if new; the first RT_COUNTERS_MAX names ride in
//  the heartbeat and the status reply. 0, or RT_ERANGE (table full, name too long).
int rt_service_count (rt_service_t *self, const char *name, uint64_t by);
//  A counter's value (0 if unknown).
uint64_t rt_service_counter (const rt_service_t *self, const char *name);
//  Counts one error (bad input, a failed call).
void rt_service_error (rt_service_t *self);

//  Publishes a catalogue message on the PUB (topic from the message). corr may be NULL.
//  0, or the packing / sending error (counted as an error, logged).
int rt_service_publish (rt_service_t *self, rt_type_t type, const void *msg, const char *corr);
//  Sends a catalogue message to a command peer (a reply, or one of a snapshot's stream).
int rt_service_reply (rt_service_t *self, const rt_cmd_peer_t *peer, rt_type_t type,
                      const void *msg);
//  Sends a REPLY (ok, code, id, reason from fmt; seq = the PUB's sequence now).
int rt_service_reply_ok (rt_service_t *self, const rt_cmd_peer_t *peer, bool ok, int code,
                         const char *id, const char *fmt, ...)
    __attribute__ ((format (printf, 6, 7)));
//  Sends a request on a client; its correlation id into corr (RT_CORR_MAX) when not NULL.
int rt_service_send (rt_service_t *self, rt_cmd_client_t *client, rt_type_t type,
                     const void *msg, char *corr);

//  Decodes msg's body as type into out, checking the header says that type. Uses a reused
//  zone: nothing allocated once warm. 0, RT_EUNKNOWN (another type) or the decode error.
int rt_service_decode (rt_service_t *self, const rt_bus_msg_t *msg, rt_type_t type, void *out);

//  Prints the ready line and runs the loop until SIGTERM/SIGINT (returns 0),
//  rt_service_stop (0), or a loop failure (-1).
int rt_service_run (rt_service_t *self);
//  Ends rt_service_run after the current callback (tests, fatal conditions).
void rt_service_stop (rt_service_t *self);

zloop_t *rt_service_loop (rt_service_t *self);
rt_pub_t *rt_service_pub (rt_service_t *self);
rt_cmd_server_t *rt_service_cmd (rt_service_t *self);
const char *rt_service_name (const rt_service_t *self);
uint64_t rt_service_uptime_ms (const rt_service_t *self);

#endif
