/*  gw_fake.c - gw.h's loop side, faked for module tests (see gw_fake.h). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gw_fake.h"

gw_t *
gw_fake_new (int server_version)
{
    gw_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->frames = calloc (GW_FAKE_FRAMES, sizeof *self->frames);
    self->msgs = calloc (GW_FAKE_MSGS, sizeof *self->msgs);
    self->peer_msgs = calloc (GW_FAKE_REPLIES, sizeof *self->peer_msgs);
    self->server = malloc (GW_FAKE_SERVER_MAX);
    if (!self->frames || !self->msgs || !self->peer_msgs || !self->server
    ||  !msgpack_zone_init (&self->zone, 4096)) {
        free (self->frames);
        free (self->msgs);
        free (self->peer_msgs);
        free (self->server);
        free (self);
        return NULL;
    }
    self->server_version = server_version;
    self->now_ms = 1000;
    self->up = true;
    self->next_req_id = 1000;
    self->record = true;
    msgpack_sbuffer_init (&self->head);
    msgpack_sbuffer_init (&self->body);
    return self;
}

void
gw_fake_destroy (gw_t **self_p)
{
    gw_t *self = *self_p;
    if (!self)
        return;
    msgpack_sbuffer_destroy (&self->head);
    msgpack_sbuffer_destroy (&self->body);
    msgpack_zone_destroy (&self->zone);
    free (self->frames);
    free (self->msgs);
    free (self->peer_msgs);
    free (self->server);
    free (self);
    *self_p = NULL;
}

void
gw_fake_clear (gw_t *self)
{
    self->frame_count = 0;
    self->msg_count = 0;
    self->reply_count = 0;
    self->peer_msg_count = 0;
}

uint64_t
gw_fake_counter (const gw_t *self, const char *name)
{
    for (uint32_t i = 0; i < self->counter_count; i++)
        if (strcmp (self->counters [i].name, name) == 0)
            return self->counters [i].value;
    return 0;
}

int
gw_fake_frame_reader (const gw_t *self, uint32_t i, tws_reader_t *r, int *msg_id)
{
    if (i >= self->frame_count)
        return RT_ERANGE;
    const gw_fake_frame_t *f = &self->frames [i];
    tws_reader_init (r, f->bytes + 4, f->len - 4);
    return tws_msg_id_read (r, msg_id);
}

int
gw_fake_frame_id (const gw_t *self, uint32_t i)
{
    tws_reader_t r;
    int id;
    return gw_fake_frame_reader (self, i, &r, &id) == 0? id: -1;
}

uint32_t
gw_fake_frame_count (const gw_t *self, int msg_id)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < self->frame_count; i++)
        n += gw_fake_frame_id (self, i) == msg_id;
    return n;
}

const void *
gw_fake_msg (const gw_t *self, rt_type_t type, uint32_t n)
{
    for (uint32_t i = 0; i < self->msg_count; i++)
        if (self->msgs [i].type == type && n-- == 0)
            return self->msgs [i].body;
    return NULL;
}

const void *
gw_fake_last_msg (const gw_t *self, rt_type_t type)
{
    for (uint32_t i = self->msg_count; i-- > 0;)
        if (self->msgs [i].type == type)
            return self->msgs [i].body;
    return NULL;
}

uint32_t
gw_fake_msg_count (const gw_t *self, rt_type_t type)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < self->msg_count; i++)
        n += self->msgs [i].type == type;
    return n;
}

const gw_fake_reply_t *
gw_fake_last_reply (const gw_t *self)
{
    return self->reply_count? &self->replies [(self->reply_count - 1) % GW_FAKE_REPLIES]: NULL;
}

tws_writer_t *
gw_fake_server_msg_begin (gw_t *self)
{
    tws_writer_init (&self->server_writer, self->server, GW_FAKE_SERVER_MAX);
    return &self->server_writer;
}

int
gw_fake_server_msg_end (gw_t *self, int encode_rc, tws_reader_t *r, int *msg_id)
{
    if (encode_rc)
        return encode_rc;
    int rc = tws_writer_finish (&self->server_writer, &self->server_len);
    if (rc)
        return rc;
    //  As the loop hands a frame to a module: without the length prefix, after the id.
    tws_reader_init (r, self->server + 4, self->server_len - 4);
    return tws_msg_id_read (r, msg_id);
}

//  --- gw.h, loop side ------------------------------------------------------------------

int
gw_server_version (const gw_t *self)
{
    return self->up? self->server_version: 0;
}

uint64_t
gw_now_ms (const gw_t *self)
{
    return self->now_ms;
}

bool
gw_tws_up (const gw_t *self)
{
    return self->up;
}

tws_writer_t *
gw_tws_begin (gw_t *self)
{
    assert (!self->writing);
    if (!self->up)
        return NULL;
    tws_writer_init (&self->writer, self->stage, sizeof self->stage);
    self->writing = true;
    return &self->writer;
}

int
gw_tws_commit (gw_t *self, gw_lane_t lane, uint64_t tag, const gw_hist_req_t *hist)
{
    assert (self->writing);
    self->writing = false;
    if (!self->up)
        return RT_ECLOSED;
    if (self->commit_rc)
        return self->commit_rc;
    if (lane == GW_LANE_HIST && !hist)
        return RT_EINVAL;
    size_t len;
    int rc = tws_writer_finish (&self->writer, &len);
    if (rc)
        return rc;
    if (!self->record)
        return 0;
    if (self->frame_count == GW_FAKE_FRAMES) {
        self->overflow++;
        return 0;
    }
    gw_fake_frame_t *f = &self->frames [self->frame_count++];
    memcpy (f->bytes, self->stage, len);
    f->len = len;
    f->lane = lane;
    f->tag = tag;
    f->has_hist = hist != NULL;
    if (hist)
        f->hist = *hist;
    return 0;
}

int
gw_next_req_id (gw_t *self)
{
    return self->next_req_id++;
}

static uint64_t
s_wall_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static gw_fake_msg_t *
s_record (gw_t *self)
{
    if (self->msg_count == GW_FAKE_MSGS) {
        self->overflow++;
        return NULL;
    }
    return &self->msgs [self->msg_count++];
}

//  Packs like the loop (topic, header, body into reused buffers); records the message
//  decoded back from the packed body, so a test sees what a subscriber would.
static int
s_publish (gw_t *self, gw_stream_t stream, rt_type_t type, const void *msg, const char *corr)
{
    int rc = rt_msg_topic (self->topic, sizeof self->topic, type, msg);
    if (rc)
        return rc;
    rt_header_t h = { .version = RT_SCHEMA_VERSION, .type = (uint16_t) type,
                      .seq = ++self->seq [stream], .ts_ns = s_wall_ns () };
    strcpy (h.src, stream == GW_STREAM_MD? "gateway-md": "gateway");
    if (corr)
        snprintf (h.corr, sizeof h.corr, "%s", corr);
    msgpack_sbuffer_clear (&self->head);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &self->head, msgpack_sbuffer_write);
    if ((rc = rt_header_encode (&h, &pk)))
        return rc;
    if ((rc = rt_msg_pack (type, msg, &self->body)))
        return rc;
    if (!self->record)
        return 0;
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry || entry->size > GW_FAKE_BODY_MAX)
        return RT_ERANGE;
    gw_fake_msg_t *m = s_record (self);
    if (!m)
        return 0;
    m->stream = stream;
    m->type = type;
    m->seq = h.seq;
    snprintf (m->topic, sizeof m->topic, "%s", self->topic);
    return rt_msg_decode (type, m->body, self->body.data, self->body.size, &self->zone);
}

int
gw_publish (gw_t *self, gw_stream_t stream, rt_type_t type, const void *msg, const char *corr)
{
    if (self->no_pack)
        return 0;
    int rc = s_publish (self, stream, type, msg, corr);
    self->publish_errors += rc != 0;
    return rc;
}

void
gw_report (gw_t *self, int code, rt_severity_t severity, int64_t req_id, int64_t order_id,
           const char *fmt, ...)
{
    rt_error_event_t e;
    memset (&e, 0, sizeof e);
    e.code = code;
    e.severity = severity;
    e.req_id = req_id;
    e.order_id = order_id;
    snprintf (e.source, sizeof e.source, "gateway");
    va_list args;
    va_start (args, fmt);
    vsnprintf (e.message, sizeof e.message, fmt, args);
    va_end (args);
    if (!e.message [0])
        snprintf (e.message, sizeof e.message, "(no text)");
    int rc = gw_publish (self, GW_STREAM_STATE, RT_TYPE_ERROR_EVENT, &e, NULL);
    assert (rc == 0);
    (void) rc;
}

int
gw_send_to_peer (gw_t *self, const rt_cmd_peer_t *peer, rt_type_t type, const void *msg)
{
    (void) peer;
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    int rc = entry && entry->size <= GW_FAKE_BODY_MAX? rt_msg_pack (type, msg, &self->body)
                                                     : RT_ERANGE;
    if (rc == 0 && self->peer_msg_count < GW_FAKE_REPLIES) {
        gw_fake_peer_msg_t *m = &self->peer_msgs [self->peer_msg_count++];
        m->type = type;
        rc = rt_msg_decode (type, m->body, self->body.data, self->body.size, &self->zone);
    }
    else
    if (rc == 0)
        self->overflow++;
    self->publish_errors += rc != 0;
    return rc;
}

int
gw_reply (gw_t *self, const rt_cmd_peer_t *peer, bool ok, int code, const char *id,
          const char *fmt, ...)
{
    (void) peer;
    //  A ring: the latest replies are what tests look at.
    gw_fake_reply_t *r = &self->replies [self->reply_count++ % GW_FAKE_REPLIES];
    memset (r, 0, sizeof *r);
    r->ok = ok;
    r->code = code;
    snprintf (r->id, sizeof r->id, "%s", id? id: "");
    va_list args;
    va_start (args, fmt);
    vsnprintf (r->reason, sizeof r->reason, fmt, args);
    va_end (args);
    //  A real reply must encode: an ok=false without a reason is a bug in the caller.
    assert (ok || r->reason [0]);
    return 0;
}

void
gw_reconcile_done (gw_t *self)
{
    self->reconcile_done++;
}

bool
gw_accepts_orders (const gw_t *self)
{
    return self->accepts_orders;
}

void
gw_count (gw_t *self, const char *name, uint64_t by)
{
    for (uint32_t i = 0; i < self->counter_count; i++)
        if (strcmp (self->counters [i].name, name) == 0) {
            self->counters [i].value += by;
            return;
        }
    if (self->counter_count < GW_FAKE_COUNTERS) {
        gw_fake_counter_t *c = &self->counters [self->counter_count++];
        snprintf (c->name, sizeof c->name, "%s", name);
        c->value = by;
    }
}

void
gw_hist_done (gw_t *self)
{
    self->hist_done++;
}

const char *
gw_account (const gw_t *self)
{
    return self->account;
}
