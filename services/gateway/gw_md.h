/*  gw_md.h - gw_md's insides, shared by gw_md.c (subscriptions, commands, sessions, errors),
    gw_md_tick.c (the tick path), gw_md_hist.c (historical bars) and gw_md_map.c (request id
    lookup). The module's contract with the loop is in gw.h; this file adds what gw.h does
    not have yet (error routing, the HMDS "done" call) and read-only views for tests.

    Decisions
    - A subscription is keyed by (symbol, secType, exchange, currency), defaults STK / SMART /
      USD, secType / exchange / currency upper-cased. A second subscribe to the same contract
      is an idempotent success, not a reference count: DEALER clients re-deliver requests
      queued while the gateway was away (rt_bus_cmd.h), and peers restart without saying
      goodbye, so a count would drift and never reach zero. One unsubscribe ends it.
    - Every TWS request id this module owns maps to its subscription or historical request
      through a fixed open-addressing table (linear probing, backward-shift delete, no
      tombstones), so a tick costs one multiply and usually one probe.
    - Subscribe while no session: remembered, reply ok "queued until connected", issued at
      the next gw_md_on_session. "No session" means no on_session since the last on_lost
      (not only !gw_tws_up): the loop calls on_session after nextValidId, and a request
      sent in STARTING would be issued twice. Paced (pacer full): the new subscription is dropped and the
      reply says "paced" so the caller retries; a re-issue after a reconnect that meets a full
      pacer stays pending and is retried on the next TWS message or command.
    - Historical: reply at once "accepted, req id N" (id = "N"); the bars follow on
      md.bar.SYMBOL with req_id N and is_final=true; every request ends with a hist_end on
      md.hist.SYMBOL (ok with the bar count, or failed with the reason: IB's error, or the
      session lost), so the requester needs no sys.error to learn the outcome. keepUpToDate requests
      stay open, stream is_final=false bars, are idempotent by their fields (a repeat returns
      the open request's id) and are re-issued with new ids after every reconnect / 1101
      (their bars then carry the new req_id: match them on symbol and bar size). One-shot
      requests in flight at a disconnect or 1101 end lost (hist_end ok=false, and sys.error
      RT_ECLOSED with their req_id), not silently re-issued under an id the requester never saw.
    - Bars are asked with formatDate 2 (epoch seconds). Daily and longer bars still come as
      yyyymmdd: those stamp midnight UTC of that date. Text dates "yyyymmdd hh:mm:ss [zone]"
      are converted for UTC / GMT / no zone and for US/Eastern / America/New_York (US DST
      rules since 2007); any other zone drops the bar (counted in bad_dates) rather than
      stamping it wrongly.
    - Counters (gw_count): "quotes" per quote published, "bars", "md_unknown". The loop
      counts "ticks" itself for every tick message.
*/
#ifndef GW_MD_H_INCLUDED
#define GW_MD_H_INCLUDED

#include "gw.h"

#define GW_MD_SUBS_MAX   256        //  IB's own default limit is 100 lines (error 101)
#define GW_MD_HIST_MAX   64         //  historical requests in flight or kept up to date
#define GW_MD_MAP_SIZE   1024       //  power of two, >= 2 x (subs + hist): short probes
#define GW_MD_RESUB_MAX  5          //  re-requests of one stream (10182 / 10225) per session

//  --- Beyond gw.h ----------------------------------------------------------------------

//  An errMsg (id 4), decoded. Returns 1 when err->req_id is one of gw_md's requests
//  (handled: mapped, reported, re-requested when the stream died), 0 otherwise. The loop
//  passes errMsg frames to gw_md_on_tws, which decodes a copy of the reader and calls this,
//  so a frame that is not gw_md's is left unread.
int gw_md_on_error (gw_md_t *self, const tws_err_msg_t *err);

//  --- Views for tests and status -------------------------------------------------------

typedef struct {
    uint64_t ticks;             //  tick messages for a known request
    uint64_t quotes;            //  quotes published
    uint64_t unknown;           //  market-data messages for a request id we do not know
    uint64_t malformed;         //  messages that failed to decode
    uint64_t bars;              //  bars published
    uint64_t bad_dates;         //  bars dropped because their date did not parse
    uint64_t errors;            //  TWS errors routed to a subscription or request
    uint64_t resubscribes;      //  streams re-requested after 10182 / 10225
    uint64_t publish_failed;
} gw_md_stats_t;

void gw_md_stats (const gw_md_t *self, gw_md_stats_t *stats);
//  Active subscriptions.
uint32_t gw_md_sub_count (const gw_md_t *self);
//  The quote of a subscription, NULL if not subscribed (sec_type/exchange/currency NULL or ""
//  take the defaults).
const rt_quote_t *gw_md_quote (const gw_md_t *self, const char *symbol, const char *sec_type,
                               const char *exchange, const char *currency);
//  Its current TWS request id (0 while not issued), -1 if not subscribed.
int gw_md_sub_req_id (const gw_md_t *self, const char *symbol, const char *sec_type,
                      const char *exchange, const char *currency);
//  Last TWS error code seen for it (0 none), -1 if not subscribed.
int gw_md_sub_error (const gw_md_t *self, const char *symbol, const char *sec_type,
                     const char *exchange, const char *currency);
//  Historical requests in the table (in flight or kept up to date).
uint32_t gw_md_hist_count (const gw_md_t *self);

//  Parses an IB bar date (epoch seconds, yyyymmdd, "yyyymmdd hh:mm:ss [zone]",
//  "yyyymmdd-hh:mm:ss") into ns since the epoch. 0 or RT_EINVAL.
int gw_md_parse_bar_date (const char *s, uint64_t *ts_ns);

//  --- Internals ------------------------------------------------------------------------

typedef enum { GW_MD_KIND_SUB = 1, GW_MD_KIND_HIST = 2 } gw_md_kind_t;

typedef struct {
    int32_t req_id;             //  0: empty (TWS request ids are positive)
    uint16_t kind;              //  gw_md_kind_t
    uint16_t idx;
} gw_md_slot_t;

typedef struct {
    bool used;
    bool delayed;               //  the subscriber asked for delayed data
    bool pending;               //  to be issued when the session and the pacer allow
    char symbol [RT_SYMBOL_MAX];
    char sec_type [RT_SECTYPE_MAX];
    char exchange [RT_EXCH_MAX];
    char currency [RT_CCY_MAX];
    char generic_ticks [RT_TICKS_MAX];
    int req_id;                 //  0 while not issued in this session
    int market_data_type;       //  last marketDataType (1 live ... 4 delayed-frozen)
    int last_error;             //  last TWS error code for it, 0 none
    uint32_t resubs;            //  re-requests this session
    rt_quote_t quote;           //  updated in place, published after every tick message
} gw_md_sub_t;

typedef struct {
    bool used;
    bool open;                  //  sent and not ended: holds an HMDS open slot
    bool loaded;                //  initial bars complete (keepUpToDate: updates follow)
    bool pending;               //  keepUpToDate waiting to be re-issued
    int req_id;                 //  0 while not issued in this session
    uint32_t bars;              //  bars of the initial load
    uint32_t resubs;
    rt_hist_request_t req;      //  defaults filled
    gw_hist_req_t hmds;
    rt_bar_t bar;               //  reused for every published bar
} gw_md_hist_t;

struct _gw_md_t {
    gw_t *gw;
    gw_md_sub_t subs [GW_MD_SUBS_MAX];
    uint32_t sub_count;
    gw_md_hist_t hist [GW_MD_HIST_MAX];
    uint32_t hist_count;
    gw_md_slot_t map [GW_MD_MAP_SIZE];
    uint32_t map_count;
    int session_mdt;            //  reqMarketDataType last queued this session (1 default)
    bool pending;               //  a stream waits to be (re)issued after a paced re-issue
    bool live;                  //  between on_session and on_lost: requests may go out
    msgpack_zone zone;          //  command decoding, reused
    gw_md_stats_t stats;
};

//  gw_md_map.c
void gw_md_map_clear (gw_md_t *self);
int gw_md_map_put (gw_md_t *self, int req_id, gw_md_kind_t kind, uint16_t idx);
const gw_md_slot_t *gw_md_map_get (const gw_md_t *self, int req_id);
void gw_md_map_del (gw_md_t *self, int req_id);

//  gw_md.c
int gw_md_sub_issue (gw_md_t *self, gw_md_sub_t *sub);
void gw_md_issue_pending (gw_md_t *self);

//  gw_md_tick.c: one tick-path message (ids 1, 2, 45, 46, 58, 81). 1 consumed, negative bad.
int gw_md_tick (gw_md_t *self, int msg_id, tws_reader_t *r);
//  Publishes a subscription's quote as it stands (also to answer a repeated subscribe).
void gw_md_quote_publish (gw_md_t *self, gw_md_sub_t *sub);

//  gw_md_hist.c
int gw_md_hist_command (gw_md_t *self, const rt_hist_request_t *req, const rt_cmd_peer_t *peer);
int gw_md_hist_on_tws (gw_md_t *self, int msg_id, tws_reader_t *r);
int gw_md_hist_issue (gw_md_t *self, gw_md_hist_t *h);
//  A TWS error for historical request h; returns 1.
int gw_md_hist_on_error (gw_md_t *self, gw_md_hist_t *h, const tws_err_msg_t *err);
void gw_md_hist_on_session (gw_md_t *self);
void gw_md_hist_on_lost (gw_md_t *self);
void gw_md_hist_snapshot (gw_md_t *self, const rt_cmd_peer_t *peer);

//  Shared helpers (gw_md.c)
//  Inside a session (on_session .. on_lost) and the loop can send.
bool gw_md_can_send (const gw_md_t *self);
rt_severity_t gw_md_severity (int gw_severity);
//  Upper-cases src into dst (cap), dflt when src is empty. RT_ERANGE if it does not fit.
int gw_md_norm (char *dst, size_t cap, const char *src, const char *dflt);
//  Normalises a contract in place (arrays of the catalogue's sizes): defaults, upper case,
//  secType one a command can name. NULL, or the name of the bad field.
const char *gw_md_contract_norm (char *symbol, char *sec_type, char *exchange, char *currency);

#endif
