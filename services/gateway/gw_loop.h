/*  gw_loop.h - the gw_t behind gw.h, shared by the loop's own files only.

        gw_loop.c     construction, zloop, timers, the state machine's actions, gw.h offers
        gw_session.c  the TWS socket: connect, hello, frames in, pacer frames out, close
        gw_cmd.c      the command ROUTER: status, snapshot, order gating, module dispatch
        gw_hb.c       counters and the heartbeat each second

    Modules include gw.h only; nothing here is part of their contract.
*/
#ifndef GW_LOOP_H_INCLUDED
#define GW_LOOP_H_INCLUDED

#include <netinet/in.h>
#include <sys/socket.h>
#include "gw.h"
#include "gw_config.h"
#include "gw_fsm.h"
#include "gw_loop_rx.h"

//  Request ids start far above any IB order id, so an errMsg's id names one or the other.
#define GW_REQ_ID_BASE      (1 << 30)
#define GW_COUNTERS_MAX     32
#define GW_PENDING_MAX      16
#define GW_WBUF_MAX         8192
#define GW_RX_CAP           ((size_t) 0xFFFFFF + 4 + 64 * 1024)
//  Reading stops after this many bytes per wake-up, so commands and timers keep their turn
//  during a flood of ticks.
#define GW_READ_BUDGET      (1024 * 1024)

typedef struct {
    char name [RT_COUNTER_NAME_MAX];
    uint64_t value;
} gw_counter_t;

struct _gw_t {
    const gw_config_t *cfg;
    zloop_t *loop;
    rt_pub_t *pub [2];                  //  GW_STREAM_STATE, GW_STREAM_MD
    rt_cmd_server_t *cmd;
    msgpack_sbuffer sbuf;               //  reused for every message published
    msgpack_zone zone;                  //  reused for every command decoded
    gw_fsm_t *fsm;
    gw_pacer_t *pacer;
    gw_md_t *md;
    gw_orders_t *orders;

    //  TWS socket
    struct sockaddr_storage addr;
    socklen_t addr_len;
    int fd;                             //  -1 when closed
    int poll_events;                    //  registered with zloop (0: not registered)
    bool connected;                     //  TCP connect completed
    bool io_failed;                     //  a write failed: nothing more until CLOSE
    bool modules_up;                    //  on_session given, on_lost owed
    bool fresh;                         //  the next on_session is for a new socket
    gw_rx_t rx;
    uint8_t wbuf [GW_WBUF_MAX];         //  hello, or the unwritten rest of one frame
    size_t wlen, woff;
    uint8_t *stage;                     //  gw_tws_begin's buffer (frame_max bytes)
    tws_writer_t writer;
    bool writing;
    int next_req_id;
    char accounts [512];                //  managedAccounts as received
    char account [RT_ACCOUNT_MAX];      //  TWS_ACCOUNT or the first managed account

    //  State machine feeding: events raised while actions run wait here.
    bool in_fsm;
    struct { gw_event_kind_t kind; int64_t arg; } pending [GW_PENDING_MAX];
    size_t pending_n;
    gw_state_t last_state;

    //  Timers (zloop ids, -1 when not armed)
    int fsm_timer;
    uint64_t fsm_timer_at;
    int pacer_timer;
    uint64_t pacer_timer_at;
    int hb_timer;
    bool stopping;                      //  a signal arrived

    //  Counters
    uint64_t start_ms;
    uint64_t msgs_in, msgs_out, errors;
    uint64_t qwait_max_ms;              //  since the last heartbeat
    uint64_t bad_frames;
    gw_counter_t counters [GW_COUNTERS_MAX];
    size_t counter_n;
};

//  gw_loop.c
//  NULL on failure, *status then 2 (configuration: TWS_HOST, RT_DATA_DIR) or 1.
gw_t *gw_loop_new (const gw_config_t *cfg, int *status);
void gw_loop_destroy (gw_t **self_p);
//  Runs until sigfd (a signalfd for SIGTERM/SIGINT) is readable. 0 after a signal, -1 when
//  the loop failed.
int gw_loop_run (gw_t *self, int sigfd);
//  Feeds the state machine; queued when called while its actions run.
void gw_loop_feed (gw_t *self, gw_event_kind_t kind, int64_t arg);
//  Arms (or moves) the pacer timer at `at` (UINT64_MAX: disarm).
void gw_loop_arm_pacer (gw_t *self, uint64_t at);
//  Maps the machine's state to the catalogue's.
rt_conn_t gw_loop_conn (gw_state_t state);
//  Fills a conn_state message with the current state.
void gw_loop_conn_state (gw_t *self, rt_conn_state_t *msg, const char *reason);

//  gw_session.c
int gw_session_resolve (gw_t *self, char *errbuf, size_t cap);
//  Starts a non-blocking connect: 0 (in progress or done) or RT_EIO.
int gw_session_connect (gw_t *self);
//  Closes the socket at once; safe when closed.
void gw_session_close (gw_t *self);
int gw_session_send_hello (gw_t *self);
//  Writes what the pacer releases; arms POLLOUT or the pacer timer.
void gw_session_flush (gw_t *self);

//  gw_cmd.c
int gw_cmd_on_readable (zloop_t *loop, zsock_t *reader, void *arg);

//  gw_hb.c
void gw_hb_init (gw_t *self);
int gw_hb_on_timer (zloop_t *loop, int timer_id, void *arg);
//  Publishes the heartbeat message (also sent to a `status` peer when peer is not NULL).
void gw_hb_fill (gw_t *self, rt_heartbeat_t *hb);
//  One line of every counter, for the status reply.
void gw_hb_format (gw_t *self, char *buf, size_t cap);

#endif
