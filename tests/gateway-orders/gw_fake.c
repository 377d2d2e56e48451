/*  gw_fake.c - the loop side of gw.h, recorded for tests (see gw_fake.h). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_fake.h"

gw_t *
fake_new (void)
{
    gw_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->server_version = TWS_MAX_SERVER_VERSION;
    self->now_ms = 1000;
    self->tws_up = true;
    self->accepts = true;
    self->next_req_id = 1 << 30;
    snprintf (self->account, sizeof self->account, "DU111");
    msgpack_sbuffer_init (&self->sbuf);
    msgpack_zone_init (&self->zone, 4096);
    return self;
}

void
fake_destroy (gw_t **self_p)
{
    gw_t *self = *self_p;
    if (!self)
        return;
    msgpack_sbuffer_destroy (&self->sbuf);
    msgpack_zone_destroy (&self->zone);
    free (self);
    *self_p = NULL;
}

void
fake_clear (gw_t *self)
{
    self->nframes = self->npubs = self->npeer = self->nreplies = self->nreports = 0;
    self->reconcile_done = 0;
}

//  --- gw.h, loop side ---------------------------------------------------------------------

int gw_server_version (const gw_t *self) { return self->tws_up? self->server_version: 0; }
uint64_t gw_now_ms (const gw_t *self) { return self->now_ms; }
bool gw_tws_up (const gw_t *self) { return self->tws_up; }
bool gw_accepts_orders (const gw_t *self) { return self->accepts; }
void gw_reconcile_done (gw_t *self) { self->reconcile_done++; }
int gw_next_req_id (gw_t *self) { return self->next_req_id++; }
const char *gw_account (const gw_t *self) { return self->account; }
void gw_hist_done (gw_t *self) { (void) self; }

void
gw_count (gw_t *self, const char *name, uint64_t by)
{
    if (strcmp (name, "orders") == 0)
        self->orders_counted += by;
    else if (strcmp (name, "fills") == 0)
        self->fills_counted += by;
}

tws_writer_t *
gw_tws_begin (gw_t *self)
{
    if (!self->tws_up)
        return NULL;
    assert (!self->begun);
    self->begun = true;
    tws_writer_init (&self->writer, self->wbuf, sizeof self->wbuf);
    return &self->writer;
}

int
gw_tws_commit (gw_t *self, gw_lane_t lane, uint64_t tag, const gw_hist_req_t *hist)
{
    (void) hist;
    assert (self->begun);
    self->begun = false;
    size_t len = 0;
    int rc = tws_writer_finish (&self->writer, &len);
    if (rc)
        return rc;
    if (self->commit_rc)
        return self->commit_rc;
    assert (self->nframes < FAKE_FRAMES_MAX);
    assert (len - 4 <= FAKE_FRAME_MAX);
    fake_frame_t *f = &self->frames [self->nframes++];
    f->lane = lane;
    f->tag = tag;
    f->len = len - 4;
    memcpy (f->payload, self->wbuf + 4, len - 4);
    return 0;
}

static int
s_decode_back (gw_t *self, rt_type_t type, const void *msg, fake_pub_t *out)
{
    //  Through the bytes, as a subscriber would see it.
    int rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc)
        return rc;
    out->type = type;
    return rt_msg_decode (type, &out->m, self->sbuf.data, self->sbuf.size, &self->zone);
}

int
gw_publish (gw_t *self, gw_stream_t stream, rt_type_t type, const void *msg, const char *corr)
{
    (void) corr;
    assert (stream == GW_STREAM_STATE);
    assert (self->npubs < FAKE_PUBS_MAX);
    int rc = s_decode_back (self, type, msg, &self->pubs [self->npubs]);
    assert (rc == 0);           //  the catalogue must accept every publication
    self->npubs++;
    return rc;
}

int
gw_send_to_peer (gw_t *self, const rt_cmd_peer_t *peer, rt_type_t type, const void *msg)
{
    (void) peer;
    assert (self->npeer < FAKE_PUBS_MAX);
    int rc = s_decode_back (self, type, msg, &self->peer_msgs [self->npeer]);
    assert (rc == 0);
    self->npeer++;
    return rc;
}

void
gw_report (gw_t *self, int code, rt_severity_t severity, int64_t req_id, int64_t order_id,
           const char *fmt, ...)
{
    (void) req_id;
    if (self->nreports == FAKE_REPORTS_MAX)
        return;
    fake_report_t *r = &self->reports [self->nreports++];
    r->code = code;
    r->severity = severity;
    r->order_id = order_id;
    va_list args;
    va_start (args, fmt);
    vsnprintf (r->text, sizeof r->text, fmt, args);
    va_end (args);
}

int
gw_reply (gw_t *self, const rt_cmd_peer_t *peer, bool ok, int code, const char *id,
          const char *fmt, ...)
{
    (void) peer;
    assert (self->nreplies < FAKE_REPLIES_MAX);
    fake_reply_t *r = &self->replies [self->nreplies++];
    r->ok = ok;
    r->code = code;
    snprintf (r->id, sizeof r->id, "%s", id? id: "");
    va_list args;
    va_start (args, fmt);
    vsnprintf (r->reason, sizeof r->reason, fmt, args);
    va_end (args);
    assert (ok || r->reason [0]);       //  a refusal always says why
    return 0;
}

//  --- inspection --------------------------------------------------------------------------

int
fake_frame_id (const gw_t *self, int i)
{
    int id = -1;
    if (tws_msg_id_peek (self->frames [i].payload, self->frames [i].len, &id))
        return -1;
    return id;
}

void
fake_frame_reader (const gw_t *self, int i, tws_reader_t *r)
{
    tws_reader_init (r, self->frames [i].payload, self->frames [i].len);
    int id;
    int rc = tws_msg_id_read (r, &id);
    assert (rc == 0);
    (void) rc;
}

int
fake_count_frames (const gw_t *self, int id)
{
    int n = 0;
    for (int i = 0; i < self->nframes; i++)
        if (fake_frame_id (self, i) == id)
            n++;
    return n;
}

int
fake_count_pubs (const gw_t *self, rt_type_t type)
{
    int n = 0;
    for (int i = 0; i < self->npubs; i++)
        if (self->pubs [i].type == type)
            n++;
    return n;
}

const fake_msg_t *
fake_pub (const gw_t *self, rt_type_t type, int n)
{
    for (int i = 0; i < self->npubs; i++)
        if (self->pubs [i].type == type && n-- == 0)
            return &self->pubs [i].m;
    return NULL;
}

const fake_msg_t *
fake_last_pub (const gw_t *self, rt_type_t type)
{
    for (int i = self->npubs - 1; i >= 0; i--)
        if (self->pubs [i].type == type)
            return &self->pubs [i].m;
    return NULL;
}

const fake_reply_t *
fake_last_reply (const gw_t *self)
{
    return self->nreplies? &self->replies [self->nreplies - 1]: NULL;
}

//  --- feeding -----------------------------------------------------------------------------

int
fake_feed_payload (gw_t *self, gw_orders_t *orders, const uint8_t *payload, size_t len)
{
    (void) self;
    tws_reader_t r;
    tws_reader_init (&r, payload, len);
    int id;
    int rc = tws_msg_id_read (&r, &id);
    if (rc)
        return rc;
    return gw_orders_on_tws (orders, id, &r);
}

#define FAKE_DEFINE_FEED(name) \
    int fake_feed_ ## name (gw_t *gw, gw_orders_t *orders, const tws_ ## name ## _t *m) \
    { \
        static uint8_t buf [16384]; \
        tws_writer_t w; \
        tws_writer_init (&w, buf, sizeof buf); \
        int rc = tws_ ## name ## _encode (&w, gw->server_version, m); \
        size_t len = 0; \
        if (rc == 0) \
            rc = tws_writer_finish (&w, &len); \
        assert (rc == 0); \
        return fake_feed_payload (gw, orders, buf + 4, len - 4); \
    }
FAKE_DEFINE_FEED (order_status)
FAKE_DEFINE_FEED (open_order)
FAKE_DEFINE_FEED (open_order_end)
FAKE_DEFINE_FEED (completed_order)
FAKE_DEFINE_FEED (completed_orders_end)
FAKE_DEFINE_FEED (exec_details)
FAKE_DEFINE_FEED (exec_details_end)
FAKE_DEFINE_FEED (commission_report)
FAKE_DEFINE_FEED (err_msg)
FAKE_DEFINE_FEED (update_account_value)
FAKE_DEFINE_FEED (update_portfolio)
FAKE_DEFINE_FEED (position)
FAKE_DEFINE_FEED (position_end)
FAKE_DEFINE_FEED (managed_accts)

int
fake_command_raw (gw_t *self, gw_orders_t *orders, rt_type_t type, const void *body, size_t len)
{
    (void) self;
    rt_bus_msg_t msg;
    memset (&msg, 0, sizeof msg);
    msg.topic = "cmd";
    msg.topic_len = 3;
    msg.header.version = RT_SCHEMA_VERSION;
    msg.header.type = (uint16_t) type;
    msg.body = body;
    msg.body_len = len;
    rt_cmd_peer_t peer;
    memset (&peer, 0, sizeof peer);
    return gw_orders_on_command (orders, &msg, &peer);
}

int
fake_command (gw_t *self, gw_orders_t *orders, rt_type_t type, const void *msg)
{
    msgpack_sbuffer sb;
    msgpack_sbuffer_init (&sb);
    int rc = rt_msg_pack (type, msg, &sb);
    assert (rc == 0);
    rc = fake_command_raw (self, orders, type, sb.data, sb.size);
    msgpack_sbuffer_destroy (&sb);
    return rc;
}
