/*  ctl.h - rt-ctl, the operator's command line: shared state, received messages, requests.

    Every command is one short conversation with a service's command socket (ROUTER), and
    sometimes a short listen on PUB sockets. Every wait is bounded by --timeout-ms (status
    and risk listen at most CTL_LISTEN_MS), so the tool never hangs.

    Exit codes (the contract scripts rely on):
        0  done
        1  the service refused: order rejected, cancel or command refused (reason printed)
        2  usage error (message and usage line on stderr)
        3  a service did not answer within the timeout (or, for status: one is down)
        4  any other failure (socket, bad endpoint, malformed answer)
*/
#ifndef CTL_H_INCLUDED
#define CTL_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <getopt.h>
#include <stdio.h>
#include <jansson.h>
#include "rt_bus.h"
#include "rt_catalogue.h"

#define CTL_EXIT_OK       0
#define CTL_EXIT_REFUSED  1
#define CTL_EXIT_USAGE    2
#define CTL_EXIT_TIMEOUT  3
#define CTL_EXIT_FAILED   4

#define CTL_TIMEOUT_DEFAULT_MS 3000
//  How long status listens for heartbeats, and risk for risk.state (capped by the timeout).
#define CTL_LISTEN_MS     1500
//  Most parts a snapshot may bring (bounds memory against a runaway peer).
#define CTL_PARTS_MAX     100000

typedef struct {
    bool json;                      //  --json: one JSON document on stdout
    int  timeout_ms;                //  --timeout-ms
    msgpack_sbuffer sbuf;           //  reused for every request body
    msgpack_zone zone;              //  reused for every decode
} ctl_t;

//  One received message: the catalogue struct when the type is one rt-ctl reads, and
//  always the generic JSON view (fields under their C names) for --json.
typedef struct {
    rt_type_t   type;
    char        topic [RT_TOPIC_MAX];
    rt_header_t header;
    bool        decoded;            //  u holds the struct
    json_t     *json;               //  owned; NULL when the body is not msgpack at all
    union {
        rt_order_status_t  status;
        rt_holding_t       holding;
        rt_account_value_t acct;
        rt_position_t      pos;
        rt_heartbeat_t     hb;
        rt_conn_state_t    conn;
        rt_risk_state_t    risk;
        rt_risk_decision_t decision;
        rt_reply_t         reply;
    } u;
} ctl_msg_t;

//  Decodes a bus message into msg (json owned by msg: ctl_msg_clear). 0, or RT_ENOMEM.
//  A body that does not decode is not an error here: decoded stays false.
int ctl_msg_from_bus (ctl_t *ctl, const rt_bus_msg_t *in, ctl_msg_t *msg);
void ctl_msg_clear (ctl_msg_t *msg);

//  A growable list of received messages (a snapshot's parts).
typedef struct {
    ctl_msg_t *items;
    size_t     count;
    size_t     cap;
} ctl_list_t;

int  ctl_list_push (ctl_list_t *list, ctl_msg_t *msg);     //  takes msg's json
void ctl_list_clear (ctl_list_t *list);

//  One request to a service's command socket and what came back for it.
typedef struct {
    rt_ep_t          ep;
    rt_cmd_client_t *client;
    char             corr [RT_CORR_MAX];
    bool             done;          //  the REPLY arrived
    ctl_msg_t        reply;
    ctl_list_t       parts;         //  messages before the REPLY (snapshot parts)
} ctl_req_t;

//  Connects to the command endpoint ep and sends msg of type. 0 or a negative code
//  (printed to stderr).
int  ctl_req_start (ctl_t *ctl, ctl_req_t *req, rt_ep_t ep, rt_type_t type, const void *msg);
//  Reads what has arrived, without waiting. 0, or a negative code.
int  ctl_req_drain (ctl_t *ctl, ctl_req_t *req);
//  Waits until the REPLY arrives or timeout_ms passes. 0, RT_ETIMEOUT, or another code.
int  ctl_req_wait (ctl_t *ctl, ctl_req_t *req, int timeout_ms);
void ctl_req_end (ctl_req_t *req);

//  start + wait with the global timeout; on a timeout prints the standard message (and a
//  JSON error document with --json). Returns an exit code: CTL_EXIT_OK when the reply came.
int  ctl_call (ctl_t *ctl, ctl_req_t *req, rt_ep_t ep, rt_type_t type, const void *msg);

//  "orders", "risk", "gateway": the service owning an endpoint.
const char *ctl_service (rt_ep_t ep);

//  Waits for any of socks to be readable. 0 (something is, or the time passed), RT_EIO.
int  ctl_poll (zsock_t **socks, size_t n, int timeout_ms);

//  --json output: the generic JSON of a message ({"type": name, fields...}; a new
//  reference or NULL), and printing one document (consumes it). 0 or RT_EIO.
json_t *ctl_json_msg (const ctl_msg_t *msg);
//  The generic JSON of a body (consumed): wire keys renamed to the catalogue's C names
//  (unknown keys kept as they are), "type" first. A new reference, or NULL.
json_t *ctl_json_body (rt_type_t type, json_t *body);
json_t *ctl_json_list (const ctl_list_t *list);
int  ctl_json_print (json_t *doc);

//  Failure reporting: prints "rt-ctl: <text>" on stderr and, with --json, a document
//  {"ok": false, "error": <what>, "message": <text>} on stdout. Returns exit.
int  ctl_fail (ctl_t *ctl, int exit_code, const char *what, const char *fmt, ...)
     __attribute__ ((format (printf, 4, 5)));

//  Number formatting for tables: up to `decimals` places, trailing zeros trimmed (at
//  least min_decimals kept). Returns buf.
const char *ctl_num (char *buf, size_t cap, double value, int min_decimals, int decimals);

//  Argument parsing: 0 or RT_EINVAL (the caller prints the usage error).
int  ctl_parse_positive (const char *text, double *value);
int  ctl_parse_timeout (const char *text, int *value);

//  Commands (argc/argv start at the command name). Each returns an exit code.
int  ctl_cmd_order (ctl_t *ctl, int argc, char **argv);     //  buy, sell
int  ctl_cmd_cancel (ctl_t *ctl, int argc, char **argv);
int  ctl_cmd_snapshot (ctl_t *ctl, int argc, char **argv);  //  orders, positions, account
int  ctl_cmd_risk (ctl_t *ctl, int argc, char **argv);
int  ctl_cmd_verb (ctl_t *ctl, int argc, char **argv);      //  halt, kill, resume
int  ctl_cmd_status (ctl_t *ctl, int argc, char **argv);

//  Positional arguments of a command, in order.
#define CTL_ARGS_MAX 16
typedef struct {
    const char *item [CTL_ARGS_MAX];
    int count;
} ctl_args_t;

//  Parses a command's argv (argv [0] is the command) with its own options (extra, may be
//  NULL; on_opt is called for each) and the global ones (--json, --timeout-ms, --help),
//  in any order with the positionals. Returns 0 to go on, 1 after printing the command's
//  help (exit 0), or CTL_EXIT_USAGE (message printed; also when on_opt returns it).
typedef int (ctl_opt_fn_t) (int opt, const char *arg, void *state);
int  ctl_getopt (ctl_t *ctl, int argc, char **argv, const struct option *extra,
                 ctl_opt_fn_t *on_opt, void *state, ctl_args_t *args);

//  Prints a usage error for command (NULL: the program) and returns CTL_EXIT_USAGE.
int  ctl_usage_error (const char *command, const char *fmt, ...)
     __attribute__ ((format (printf, 2, 3)));
//  The one-line synopsis and the help text of a command (NULL: the whole program).
void ctl_help (const char *command, FILE *out);

#endif
