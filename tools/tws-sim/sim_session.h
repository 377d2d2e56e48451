/*  sim_session.h - one API client connection of tws-sim.

    A session owns its socket, a bounded input buffer (frames are decoded in place), a
    bounded output queue (a client that stops reading is disconnected when it is full), its
    pacing window and its subscriptions. It never blocks: the server's loop reads when the
    socket is readable and flushes when it is writable.
*/
#ifndef SIM_SESSION_H_INCLUDED
#define SIM_SESSION_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "tws_field.h"
#include "sim_buf.h"
#include "sim_pacing.h"
#include "sim_market.h"

typedef enum {
    SIM_S_HELLO,                //  waiting for "API\0" + version range
    SIM_S_HUNG,                 //  hello received, never answered (fault: hang)
    SIM_S_DELAYED,              //  hello received, answer due at reply_at_ms (fault: delay)
    SIM_S_WAIT_START,           //  version sent, waiting for START_API
    SIM_S_READY,                //  START_API accepted: requests are served
    SIM_S_CLOSING,              //  flushing a last message, then close
    SIM_S_DEAD,                 //  closed; reaped by the server loop
} sim_state_t;

typedef enum {
    SIM_SUB_MKT = 1,            //  reqMktData (streaming)
    SIM_SUB_HIST,               //  reqHistoricalData keepUpToDate
    SIM_SUB_RTBAR,              //  reqRealTimeBars
    SIM_SUB_ACCT_SUMMARY,       //  reqAccountSummary
    SIM_SUB_PNL,                //  reqPnL
    SIM_SUB_PNL_SINGLE,         //  reqPnLSingle
} sim_sub_kind_t;

typedef struct {
    int kind;                   //  sim_sub_kind_t, 0 = free slot
    int req_id;
    int sym;                    //  instrument index in the universe, -1 if none
    int con_id;
    int param;                  //  mkt: data type; hist: bar seconds; summary: tag mask
    int param2;                 //  hist: formatDate; rtbar: whatToShow kind
    int64_t bar_start;          //  hist/rtbar: start of the bar being built (sim seconds)
    double open, high, low, close, volume;
    int count;
    bool use_rth;
    int format_date;            //  hist: 1 text, 2 epoch seconds
    bool have_quote;            //  mkt: last_quote holds what the client was sent
    sim_quote_t last_quote;
    sim_bar_t last_bar;         //  hist: last update sent
    char account [32];
    char tags [512];            //  summary: requested tags ("" = all)
} sim_sub_t;

#define SIM_MAX_SUBS 256

typedef struct sim_blast_t sim_blast_t;

typedef struct {
    uint64_t id;                //  session number, for logs
    int fd;
    sim_state_t state;
    char peer [64];
    int client_id;              //  -1 until START_API
    int version;                //  negotiated server version, 0 before the hello
    char hello_options [128];
    sim_buf_t in;
    sim_buf_t out;
    sim_pacing_t pacing;
    int64_t reply_at_ms;        //  SIM_S_DELAYED
    int64_t close_at_ms;        //  SIM_S_CLOSING: give up flushing then
    bool overflow;              //  the output limit was hit: disconnected on the next turn
    //  Request state
    int market_data_type;       //  reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 both
    bool auto_bind;             //  reqAutoOpenOrders(true) on client 0
    bool acct_updates;
    char acct_code [32];
    bool positions;
    sim_sub_t subs [SIM_MAX_SUBS];
    //  --blast: a cyclic buffer of frames streamed straight from memory
    bool blast_started;
    sim_blast_t *blast;         //  owned
    uint64_t blast_left;        //  bytes still to stream
    size_t blast_pos;           //  offset in the cyclic buffer
    //  Counters
    uint64_t msgs_in;
    uint64_t msgs_out;
    uint64_t bytes_out;
    uint64_t paced;
} sim_session_t;

//  A session over an accepted, non-blocking socket (ownership of fd moves in).
sim_session_t *sim_session_new (uint64_t id, int fd, const char *peer, size_t out_limit,
                                int pace_limit);
void sim_session_destroy (sim_session_t **p);

//  Begin a frame in the output queue with room for `cap` bytes; the writer's prefix is
//  reserved. RT_ERANGE when the output limit would be passed.
int sim_session_frame_begin (sim_session_t *s, tws_writer_t *w, size_t cap);
//  Finish it (length prefix) and queue it.
int sim_session_frame_end (sim_session_t *s, tws_writer_t *w);
//  Raw bytes into the output queue (fault injection).
int sim_session_send_raw (sim_session_t *s, const void *p, size_t n);

bool sim_session_wants_write (const sim_session_t *s);

sim_sub_t *sim_session_sub_find (sim_session_t *s, int kind, int req_id);
sim_sub_t *sim_session_sub_add (sim_session_t *s, int kind, int req_id);
void sim_session_sub_del (sim_session_t *s, sim_sub_t *sub);

//  Readable name of a state, for logs and status.
const char *sim_session_state_name (sim_state_t state);

#endif
