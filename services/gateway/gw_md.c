/*  gw_md.c - market data: subscriptions, their commands, sessions, errors and snapshots.
    The tick path is in gw_md_tick.c, historical bars in gw_md_hist.c; decisions in gw_md.h.
*/
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gw_md.h"
#include "gw_errors.h"

//  secTypes a subscription can name without an expiry, strike or legs (which the commands
//  do not carry): anything else would only earn error 200 from TWS.
static const char *const s_sec_types [] = {
    "STK", "CASH", "IND", "CFD", "CRYPTO", "CMDTY", "BOND", "FUND", "CONTFUT", NULL
};

gw_md_t *
gw_md_new (gw_t *gw)
{
    assert (gw);
    gw_md_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->gw = gw;
    if (!msgpack_zone_init (&self->zone, 2048)) {
        free (self);
        return NULL;
    }
    return self;
}

void
gw_md_destroy (gw_md_t **self_p)
{
    assert (self_p);
    gw_md_t *self = *self_p;
    if (!self)
        return;
    msgpack_zone_destroy (&self->zone);
    free (self);
    *self_p = NULL;
}

//  --- Helpers ----------------------------------------------------------------------------

rt_severity_t
gw_md_severity (int gw_severity)
{
    switch (gw_severity) {
        case GW_SEV_INFO:    return RT_SEVERITY_INFO;
        case GW_SEV_WARNING: return RT_SEVERITY_WARNING;
        case GW_SEV_FATAL:   return RT_SEVERITY_FATAL;
        default:             return RT_SEVERITY_ERROR;
    }
}

int
gw_md_norm (char *dst, size_t cap, const char *src, const char *dflt)
{
    if (!src || !*src)
        src = dflt;
    size_t len = strlen (src);
    if (len >= cap)
        return RT_ERANGE;
    for (size_t i = 0; i < len; i++)
        dst [i] = (char) toupper ((unsigned char) src [i]);
    dst [len] = 0;
    return 0;
}

static bool
s_printable (const char *s)
{
    for (; *s; s++)
        if ((unsigned char) *s < 0x20 || (unsigned char) *s >= 0x7f)
            return false;
    return true;
}

static bool
s_sec_type_ok (const char *sec_type)
{
    for (int i = 0; s_sec_types [i]; i++)
        if (streq (sec_type, s_sec_types [i]))
            return true;
    return false;
}

typedef struct {
    char symbol [RT_SYMBOL_MAX];
    char sec_type [RT_SECTYPE_MAX];
    char exchange [RT_EXCH_MAX];
    char currency [RT_CCY_MAX];
} s_key_t;

const char *
gw_md_contract_norm (char *symbol, char *sec_type, char *exchange, char *currency)
{
    if (!*symbol || !s_printable (symbol))
        return "symbol";
    if (gw_md_norm (sec_type, RT_SECTYPE_MAX, sec_type, "STK") || !s_sec_type_ok (sec_type))
        return "sec_type";
    if (gw_md_norm (exchange, RT_EXCH_MAX, exchange, "SMART") || !s_printable (exchange)
    ||  strchr (exchange, ' '))
        return "exchange";
    if (gw_md_norm (currency, RT_CCY_MAX, currency, "USD") || !s_printable (currency)
    ||  strchr (currency, ' '))
        return "currency";
    return NULL;
}

//  Normalises a contract; on failure *field names the bad one.
static int
s_key_make (s_key_t *key, const char *symbol, const char *sec_type, const char *exchange,
            const char *currency, const char **field)
{
    *field = "symbol";
    if (!symbol || strlen (symbol) >= sizeof key->symbol)
        return RT_EINVAL;
    strcpy (key->symbol, symbol);
    *field = "sec_type";
    if (sec_type && strlen (sec_type) >= sizeof key->sec_type)
        return RT_EINVAL;
    snprintf (key->sec_type, sizeof key->sec_type, "%s", sec_type? sec_type: "");
    *field = "exchange";
    if (exchange && strlen (exchange) >= sizeof key->exchange)
        return RT_EINVAL;
    snprintf (key->exchange, sizeof key->exchange, "%s", exchange? exchange: "");
    *field = "currency";
    if (currency && strlen (currency) >= sizeof key->currency)
        return RT_EINVAL;
    snprintf (key->currency, sizeof key->currency, "%s", currency? currency: "");
    *field = gw_md_contract_norm (key->symbol, key->sec_type, key->exchange, key->currency);
    return *field? RT_EINVAL: 0;
}

static gw_md_sub_t *
s_find (const gw_md_t *self, const s_key_t *key)
{
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX; i++) {
        const gw_md_sub_t *sub = &self->subs [i];
        if (sub->used && streq (sub->symbol, key->symbol)
        &&  streq (sub->sec_type, key->sec_type) && streq (sub->exchange, key->exchange)
        &&  streq (sub->currency, key->currency))
            return (gw_md_sub_t *) sub;
    }
    return NULL;
}

static const gw_md_sub_t *
s_lookup (const gw_md_t *self, const char *symbol, const char *sec_type,
          const char *exchange, const char *currency)
{
    s_key_t key;
    const char *field;
    if (s_key_make (&key, symbol, sec_type, exchange, currency, &field))
        return NULL;
    return s_find (self, &key);
}

//  Requests go out only inside a session as gw_md sees it (on_session .. on_lost).
static bool
s_can_send (const gw_md_t *self)
{
    return self->live && gw_tws_up (self->gw);
}

bool
gw_md_can_send (const gw_md_t *self)
{
    return s_can_send (self);
}

static void
s_sub_free (gw_md_t *self, gw_md_sub_t *sub)
{
    if (sub->req_id)
        gw_md_map_del (self, sub->req_id);
    memset (sub, 0, sizeof *sub);
    self->sub_count--;
}

//  --- Issuing requests -----------------------------------------------------------------

static int
s_send_market_data_type (gw_md_t *self, int type)
{
    tws_writer_t *w = gw_tws_begin (self->gw);
    if (!w)
        return RT_ECLOSED;
    tws_req_market_data_type_t m = { .market_data_type = type };
    int rc = tws_req_market_data_type_encode (w, gw_server_version (self->gw), &m);
    if (rc == 0)
        rc = gw_tws_commit (self->gw, GW_LANE_GENERAL, 0, NULL);
    if (rc == 0)
        self->session_mdt = type;
    return rc;
}

//  Queues reqMktData with a new request id (and reqMarketDataType first when the session's
//  type differs from what this subscription wants: the type applies to later requests).
int
gw_md_sub_issue (gw_md_t *self, gw_md_sub_t *sub)
{
    int want = sub->delayed? 3: 1;
    if (self->session_mdt != want) {
        int rc = s_send_market_data_type (self, want);
        if (rc)
            return rc;
    }
    tws_writer_t *w = gw_tws_begin (self->gw);
    if (!w)
        return RT_ECLOSED;
    int req_id = gw_next_req_id (self->gw);
    tws_req_mkt_data_t m;
    memset (&m, 0, sizeof m);
    tws_contract_init (&m.contract);
    m.req_id = req_id;
    snprintf (m.contract.symbol, sizeof m.contract.symbol, "%s", sub->symbol);
    snprintf (m.contract.sec_type, sizeof m.contract.sec_type, "%s", sub->sec_type);
    snprintf (m.contract.exchange, sizeof m.contract.exchange, "%s", sub->exchange);
    snprintf (m.contract.currency, sizeof m.contract.currency, "%s", sub->currency);
    snprintf (m.generic_tick_list, sizeof m.generic_tick_list, "%s", sub->generic_ticks);
    int rc = tws_req_mkt_data_encode (w, gw_server_version (self->gw), &m);
    if (rc == 0)
        rc = gw_tws_commit (self->gw, GW_LANE_GENERAL, (uint64_t) req_id, NULL);
    if (rc)
        return rc;
    if (sub->req_id)
        gw_md_map_del (self, sub->req_id);
    rc = gw_md_map_put (self, req_id, GW_MD_KIND_SUB, (uint16_t) (sub - self->subs));
    assert (rc == 0);           //  the map holds twice the table sizes
    sub->req_id = req_id;
    sub->pending = false;
    return 0;
}

static int
s_cancel_mkt_data (gw_md_t *self, int req_id)
{
    tws_writer_t *w = gw_tws_begin (self->gw);
    if (!w)
        return RT_ECLOSED;
    tws_cancel_mkt_data_t m = { .req_id = req_id };
    int rc = tws_cancel_mkt_data_encode (w, gw_server_version (self->gw), &m);
    if (rc == 0)
        rc = gw_tws_commit (self->gw, GW_LANE_GENERAL, (uint64_t) req_id, NULL);
    return rc;
}

//  Issues what a paced re-issue left behind, in table order, until the pacer is full again.
void
gw_md_issue_pending (gw_md_t *self)
{
    if (!self->pending || !s_can_send (self))
        return;
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX; i++) {
        gw_md_sub_t *sub = &self->subs [i];
        if (sub->used && sub->pending) {
            int rc = gw_md_sub_issue (self, sub);
            if (rc == RT_EAGAIN || rc == RT_ECLOSED)
                return;
            if (rc)
                sub->pending = false;       //  cannot encode: never will
        }
    }
    for (uint32_t i = 0; i < GW_MD_HIST_MAX; i++) {
        gw_md_hist_t *h = &self->hist [i];
        if (h->used && h->pending) {
            int rc = gw_md_hist_issue (self, h);
            if (rc == RT_EAGAIN || rc == RT_ECLOSED)
                return;
            if (rc)
                h->pending = false;
        }
    }
    self->pending = false;
}

//  --- Commands -------------------------------------------------------------------------

static int
s_subscribe (gw_md_t *self, const rt_md_subscribe_t *cmd, const rt_cmd_peer_t *peer)
{
    s_key_t key;
    const char *field;
    if (s_key_make (&key, cmd->symbol, cmd->sec_type, cmd->exchange, cmd->currency, &field))
        return gw_reply (self->gw, peer, false, RT_EINVAL, cmd->symbol, "bad field %s", field);
    for (const char *c = cmd->generic_ticks; *c; c++)
        if (!isdigit ((unsigned char) *c) && *c != ',')
            return gw_reply (self->gw, peer, false, RT_EINVAL, cmd->symbol,
                             "bad field generic_ticks");
    gw_md_sub_t *sub = s_find (self, &key);
    if (sub) {
        int rc = gw_reply (self->gw, peer, true, 0, sub->symbol, "already subscribed%s",
                           sub->req_id? "": ", queued until connected");
        //  A late subscriber gets the last value at once rather than at the next tick,
        //  which in a quiet market may be a long wait.
        const rt_quote_t *q = &sub->quote;
        if (q->bid > 0 || q->ask > 0 || q->last > 0)
            gw_md_quote_publish (self, sub);
        return rc;
    }
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX && !sub; i++)
        if (!self->subs [i].used)
            sub = &self->subs [i];
    if (!sub)
        return gw_reply (self->gw, peer, false, RT_ERANGE, key.symbol,
                         "subscription table full (%d)", GW_MD_SUBS_MAX);
    memset (sub, 0, sizeof *sub);
    sub->used = true;
    sub->delayed = cmd->delayed;
    memcpy (sub->symbol, key.symbol, sizeof key.symbol);
    memcpy (sub->sec_type, key.sec_type, sizeof key.sec_type);
    memcpy (sub->exchange, key.exchange, sizeof key.exchange);
    memcpy (sub->currency, key.currency, sizeof key.currency);
    snprintf (sub->generic_ticks, sizeof sub->generic_ticks, "%s", cmd->generic_ticks);
    memcpy (sub->quote.symbol, key.symbol, sizeof key.symbol);
    self->sub_count++;

    int rc = s_can_send (self)? gw_md_sub_issue (self, sub): RT_ECLOSED;
    if (rc == 0)
        return gw_reply (self->gw, peer, true, 0, sub->symbol, "subscribed, req id %d",
                         sub->req_id);
    if (rc == RT_ECLOSED) {
        sub->pending = true;        //  gw_md_on_session issues it
        return gw_reply (self->gw, peer, true, 0, sub->symbol, "queued until connected");
    }
    s_sub_free (self, sub);
    if (rc == RT_EAGAIN)
        return gw_reply (self->gw, peer, false, rc, key.symbol, "paced");
    return gw_reply (self->gw, peer, false, rc, key.symbol, "cannot encode reqMktData: %s",
                     rt_strerror (rc));
}

static int
s_unsubscribe (gw_md_t *self, const rt_md_unsubscribe_t *cmd, const rt_cmd_peer_t *peer)
{
    s_key_t key;
    const char *field;
    if (s_key_make (&key, cmd->symbol, cmd->sec_type, cmd->exchange, cmd->currency, &field))
        return gw_reply (self->gw, peer, false, RT_EINVAL, cmd->symbol, "bad field %s", field);
    gw_md_sub_t *sub = s_find (self, &key);
    if (!sub)
        return gw_reply (self->gw, peer, true, 0, key.symbol, "not subscribed");
    if (sub->req_id && s_can_send (self)) {
        int rc = s_cancel_mkt_data (self, sub->req_id);
        if (rc == RT_EAGAIN)
            return gw_reply (self->gw, peer, false, rc, key.symbol, "paced");
        //  RT_ECLOSED: the session is gone and took the stream with it.
    }
    s_sub_free (self, sub);
    return gw_reply (self->gw, peer, true, 0, key.symbol, "unsubscribed");
}

int
gw_md_on_command (gw_md_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{
    assert (self && msg && peer);
    rt_type_t type = (rt_type_t) msg->header.type;
    if (type != RT_TYPE_MD_SUBSCRIBE && type != RT_TYPE_MD_UNSUBSCRIBE
    &&  type != RT_TYPE_HIST_REQUEST)
        return 0;
    gw_md_issue_pending (self);

    union {
        rt_md_subscribe_t sub;
        rt_md_unsubscribe_t unsub;
        rt_hist_request_t hist;
    } cmd;
    int rc = rt_msg_decode (type, &cmd, (const char *) msg->body, msg->body_len, &self->zone);
    if (rc) {
        gw_reply (self->gw, peer, false, RT_EINVAL, NULL, "bad field: %s", rt_strerror (rc));
        return 1;
    }
    if (type == RT_TYPE_MD_SUBSCRIBE)
        s_subscribe (self, &cmd.sub, peer);
    else
    if (type == RT_TYPE_MD_UNSUBSCRIBE)
        s_unsubscribe (self, &cmd.unsub, peer);
    else
        gw_md_hist_command (self, &cmd.hist, peer);
    return 1;
}

//  --- TWS messages and errors ----------------------------------------------------------

int
gw_md_on_tws (gw_md_t *self, int msg_id, tws_reader_t *r)
{
    assert (self && r);
    if (self->pending)
        gw_md_issue_pending (self);
    switch (msg_id) {
        case TWS_IN_TICK_PRICE:
        case TWS_IN_TICK_SIZE:
        case TWS_IN_TICK_STRING:
        case TWS_IN_TICK_GENERIC:
        case TWS_IN_MARKET_DATA_TYPE:
        case TWS_IN_TICK_REQ_PARAMS:
        case TWS_IN_TICK_SNAPSHOT_END:
            return gw_md_tick (self, msg_id, r);
        case TWS_IN_HISTORICAL_DATA:
        case TWS_IN_HISTORICAL_DATA_END:
        case TWS_IN_HISTORICAL_DATA_UPDATE:
            return gw_md_hist_on_tws (self, msg_id, r);
        case TWS_IN_ERR_MSG: {
            //  Decoded from a copy: a message that is not ours leaves the reader untouched
            //  for the next module.
            tws_reader_t peek = *r;
            tws_err_msg_t err;
            if (tws_err_msg_decode (&peek, gw_server_version (self->gw), &err))
                return 0;
            int mine = gw_md_on_error (self, &err);
            if (mine)
                *r = peek;
            return mine;
        }
        default:
            return 0;
    }
}

int
gw_md_on_error (gw_md_t *self, const tws_err_msg_t *err)
{
    assert (self && err);
    const gw_md_slot_t *slot = gw_md_map_get (self, err->req_id);
    if (!slot)
        return 0;
    self->stats.errors++;
    if (slot->kind == GW_MD_KIND_HIST)
        return gw_md_hist_on_error (self, &self->hist [slot->idx], err);

    gw_md_sub_t *sub = &self->subs [slot->idx];
    gw_error_info_t info;
    gw_errors_classify (err->code, GW_ETARGET_REQUEST, &info);
    sub->last_error = err->code;
    rt_severity_t sev = gw_md_severity (info.severity);

    if (info.resubscribe) {
        //  The stream died at IB (10182 lost live updates, 10225 bust): ask again, a
        //  bounded number of times per session so a flapping feed cannot loop us.
        gw_md_map_del (self, sub->req_id);
        sub->req_id = 0;
        if (sub->resubs >= GW_MD_RESUB_MAX) {
            gw_report (self->gw, err->code, RT_SEVERITY_ERROR, err->req_id, 0,
                       "%s: %s; gave up after %d re-requests this session", sub->symbol,
                       err->message, GW_MD_RESUB_MAX);
            return 1;
        }
        sub->resubs++;
        self->stats.resubscribes++;
        gw_report (self->gw, err->code, sev, err->req_id, 0, "%s: %s; re-requesting",
                   sub->symbol, err->message);
        int rc = gw_md_sub_issue (self, sub);
        if (rc == RT_EAGAIN) {
            sub->pending = true;
            self->pending = true;
        }
        return 1;
    }
    if (err->code == 10167) {
        //  Delayed data shown instead of live: information, the stream is alive.
        sub->quote.delayed = true;
        gw_report (self->gw, err->code, RT_SEVERITY_INFO, err->req_id, 0, "%s: %s",
                   sub->symbol, err->message);
        return 1;
    }
    gw_report (self->gw, err->code, sev, err->req_id, 0, "%s: %s", sub->symbol,
               err->message);
    if (info.request_failed) {
        //  No permission (354, 10089...), no contract (200), too many lines (101): the
        //  request is over at TWS. The subscription stays, marked with the code, and is
        //  tried again at the next session.
        gw_md_map_del (self, sub->req_id);
        sub->req_id = 0;
    }
    return 1;
}

//  --- Sessions and snapshots -----------------------------------------------------------

void
gw_md_on_session (gw_md_t *self, bool fresh)
{
    assert (self);
    //  A new socket starts live (type 1); after 1101 we do not know what TWS kept.
    self->session_mdt = fresh? 1: 0;
    self->live = true;
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX; i++) {
        gw_md_sub_t *sub = &self->subs [i];
        if (!sub->used)
            continue;
        //  Old ids are dead after a reconnect or 1101: every stream gets a new one.
        if (sub->req_id)
            gw_md_map_del (self, sub->req_id);
        sub->req_id = 0;
        sub->resubs = 0;
        sub->last_error = 0;
        sub->pending = true;
    }
    gw_md_hist_on_session (self);
    self->pending = true;
    gw_md_issue_pending (self);
}

void
gw_md_on_lost (gw_md_t *self)
{
    assert (self);
    gw_md_map_clear (self);
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX; i++) {
        gw_md_sub_t *sub = &self->subs [i];
        if (sub->used) {
            sub->req_id = 0;
            sub->pending = true;
        }
    }
    gw_md_hist_on_lost (self);
    self->session_mdt = 0;
    self->live = false;
    self->pending = false;      //  nothing can be sent before the next on_session
}

void
gw_md_snapshot (gw_md_t *self, const rt_cmd_peer_t *peer)
{
    assert (self && peer);
    for (uint32_t i = 0; i < GW_MD_SUBS_MAX; i++) {
        const gw_md_sub_t *sub = &self->subs [i];
        if (!sub->used)
            continue;
        rt_md_subscribe_t m;
        memset (&m, 0, sizeof m);
        memcpy (m.symbol, sub->symbol, sizeof m.symbol);
        memcpy (m.sec_type, sub->sec_type, sizeof m.sec_type);
        memcpy (m.exchange, sub->exchange, sizeof m.exchange);
        memcpy (m.currency, sub->currency, sizeof m.currency);
        memcpy (m.generic_ticks, sub->generic_ticks, sizeof m.generic_ticks);
        m.delayed = sub->delayed;
        gw_send_to_peer (self->gw, peer, RT_TYPE_MD_SUBSCRIBE, &m);
    }
    gw_md_hist_snapshot (self, peer);
}

//  --- Views ----------------------------------------------------------------------------

void
gw_md_stats (const gw_md_t *self, gw_md_stats_t *stats)
{
    assert (self && stats);
    *stats = self->stats;
}

uint32_t
gw_md_sub_count (const gw_md_t *self)
{
    return self->sub_count;
}

const rt_quote_t *
gw_md_quote (const gw_md_t *self, const char *symbol, const char *sec_type,
             const char *exchange, const char *currency)
{
    const gw_md_sub_t *sub = s_lookup (self, symbol, sec_type, exchange, currency);
    return sub? &sub->quote: NULL;
}

int
gw_md_sub_req_id (const gw_md_t *self, const char *symbol, const char *sec_type,
                  const char *exchange, const char *currency)
{
    const gw_md_sub_t *sub = s_lookup (self, symbol, sec_type, exchange, currency);
    return sub? sub->req_id: -1;
}

int
gw_md_sub_error (const gw_md_t *self, const char *symbol, const char *sec_type,
                 const char *exchange, const char *currency)
{
    const gw_md_sub_t *sub = s_lookup (self, symbol, sec_type, exchange, currency);
    return sub? sub->last_error: -1;
}

uint32_t
gw_md_hist_count (const gw_md_t *self)
{
    return self->hist_count;
}
