/*  pub_web.c - libwebsockets server: static files, owner-rendered paths, /ws clients.
*/
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <libwebsockets.h>
#include "rt_error.h"
#include "rt_log.h"
#include "pub_web.h"

//  One serialised event, shared by every queue holding it.
typedef struct {
    unsigned refs;
    size_t len;
    unsigned char buf [];           //  LWS_PRE bytes for lws, then the text
} s_msg_t;

//  A WebSocket client: lws's per-session memory (zeroed by lws).
typedef struct {
    struct lws *wsi;
    uint64_t id;
    s_msg_t **queue;                //  ring of queue_max
    size_t head, count;
    bool resync;                    //  send a fresh snapshot before anything else
    size_t rx_len;
    bool rx_over;                   //  the message being received is too long
    char rx [PUB_WEB_CMD_MAX + 1];
} s_client_t;

//  An HTTP request for a rendered path.
typedef struct {
    unsigned char *out;             //  LWS_PRE + body
    size_t len;
} s_http_t;

struct _pub_web_t {
    pub_web_opts_t opts;
    pub_web_hooks_t hooks;
    struct lws_context *ctx;
    struct lws_http_mount mount;
    char web_dir [4096];
    int port;
    uint64_t next_id;
    s_client_t **clients;           //  clients_max slots
    size_t client_count;
    uint64_t sent, resyncs;
};

static void
s_unref (s_msg_t **msg_p)
{
    if (*msg_p && --(*msg_p)->refs == 0)
        free (*msg_p);
    *msg_p = NULL;
}

static s_msg_t *
s_msg_new (const json_t *event)
{
    char *text = json_dumps (event, JSON_COMPACT);
    if (!text)
        return NULL;
    size_t len = strlen (text);
    s_msg_t *msg = (s_msg_t *) malloc (sizeof *msg + LWS_PRE + len);
    if (msg) {
        msg->refs = 1;
        msg->len = len;
        memcpy (msg->buf + LWS_PRE, text, len);
    }
    free (text);
    return msg;
}

static void
s_queue_clear (s_client_t *c, size_t cap)
{
    while (c->count) {
        s_unref (&c->queue [c->head]);
        c->head = (c->head + 1) % cap;
        c->count--;
    }
}

//  Queues msg for c; a full queue becomes a pending snapshot instead.
static void
s_enqueue (pub_web_t *self, s_client_t *c, s_msg_t *msg)
{
    if (c->resync)
        return;                     //  the coming snapshot will hold this event
    size_t cap = self->opts.queue_max;
    if (c->count == cap) {
        s_queue_clear (c, cap);
        c->resync = true;
        self->resyncs++;
        rt_log_warn ("browser %llu is too slow: %zu messages queued, dropped; it gets a "
                     "fresh snapshot", (unsigned long long) c->id, cap);
    }
    else {
        msg->refs++;
        c->queue [(c->head + c->count++) % cap] = msg;
    }
    lws_callback_on_writable (c->wsi);
}

//  ---------------------------------------------------------------------------------------
//  The WebSocket protocol

static bool
s_origin_ok (struct lws *wsi)
{
    char origin [256], host [256];
    if (lws_hdr_copy (wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) <= 0)
        return true;                //  not a browser: nothing to protect against
    if (lws_hdr_copy (wsi, host, sizeof host, WSI_TOKEN_HOST) <= 0)
        return false;
    const char *o = strstr (origin, "://");
    o = o? o + 3: origin;
    return strcmp (o, host) == 0;
}

static int
s_ws_write (pub_web_t *self, s_client_t *c)
{
    s_msg_t *msg = NULL;
    if (c->resync) {
        c->resync = false;
        json_t *snap = self->hooks.snapshot (self->hooks.arg);
        msg = snap? s_msg_new (snap): NULL;
        json_decref (snap);
        if (!msg) {
            rt_log_error ("browser %llu: no memory for its snapshot: closing it",
                          (unsigned long long) c->id);
            return -1;
        }
    }
    else
    if (c->count) {
        msg = c->queue [c->head];
        c->queue [c->head] = NULL;
        c->head = (c->head + 1) % self->opts.queue_max;
        c->count--;
    }
    if (!msg)
        return 0;
    int n = lws_write (c->wsi, msg->buf + LWS_PRE, msg->len, LWS_WRITE_TEXT);
    s_unref (&msg);
    if (n < 0)
        return -1;
    self->sent++;
    if (c->count || c->resync)
        lws_callback_on_writable (c->wsi);
    return 0;
}

static void
s_ws_receive (pub_web_t *self, s_client_t *c, struct lws *wsi, const void *in, size_t len)
{
    if (c->rx_len + len > PUB_WEB_CMD_MAX)
        c->rx_over = true;
    else {
        memcpy (c->rx + c->rx_len, in, len);
        c->rx_len += len;
    }
    if (!lws_is_final_fragment (wsi))
        return;
    c->rx [c->rx_len] = 0;
    json_t *cmd = NULL;
    if (!c->rx_over && !lws_frame_is_binary (wsi))
        cmd = json_loadb (c->rx, c->rx_len, JSON_REJECT_DUPLICATES, NULL);
    if (cmd && json_is_object (cmd))
        self->hooks.command (self, c->id, cmd, self->hooks.arg);
    else {
        json_t *err = json_pack ("{ss sb ss}", "type", "cmd_result", "ok", 0, "message",
                                 c->rx_over? "command refused: longer than 4096 bytes"
                                           : "command refused: not a JSON object");
        if (err)
            pub_web_send (self, c->id, err);
        json_decref (err);
    }
    json_decref (cmd);
    c->rx_len = 0;
    c->rx_over = false;
}

static int
s_ws_callback (struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
               size_t len)
{
    pub_web_t *self = (pub_web_t *) lws_context_user (lws_get_context (wsi));
    s_client_t *c = (s_client_t *) user;
    switch (reason) {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
            char uri [64];
            if (lws_hdr_copy (wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0
            ||  strcmp (uri, "/ws") != 0)
                return 1;
            if (!s_origin_ok (wsi)) {
                rt_log_warn ("WebSocket from another origin refused");
                return 1;
            }
            if (self->client_count == self->opts.clients_max) {
                rt_log_warn ("WebSocket refused: %zu browsers already connected",
                             self->client_count);
                return 1;
            }
            return 0;
        }
        case LWS_CALLBACK_ESTABLISHED: {
            c->queue = (s_msg_t **) calloc (self->opts.queue_max, sizeof *c->queue);
            if (!c->queue || self->client_count == self->opts.clients_max) {
                free (c->queue);
                c->queue = NULL;
                return -1;
            }
            c->wsi = wsi;
            c->id = ++self->next_id;
            c->resync = true;       //  the snapshot first
            self->clients [self->client_count++] = c;
            rt_log_info ("browser %llu connected (%zu now)", (unsigned long long) c->id,
                         self->client_count);
            lws_callback_on_writable (wsi);
            return 0;
        }
        case LWS_CALLBACK_CLOSED:
            if (!c->queue)
                return 0;
            for (size_t i = 0; i < self->client_count; i++)
                if (self->clients [i] == c) {
                    self->clients [i] = self->clients [--self->client_count];
                    break;
                }
            s_queue_clear (c, self->opts.queue_max);
            free (c->queue);
            c->queue = NULL;
            rt_log_info ("browser %llu left (%zu now)", (unsigned long long) c->id,
                         self->client_count);
            return 0;
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return c->queue? s_ws_write (self, c): 0;
        case LWS_CALLBACK_RECEIVE:
            if (c->queue)
                s_ws_receive (self, c, wsi, in, len);
            return 0;
        default:
            return lws_callback_http_dummy (wsi, reason, user, in, len);
    }
}

//  ---------------------------------------------------------------------------------------
//  Rendered HTTP paths

static int
s_http_callback (struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                 size_t len)
{
    pub_web_t *self = (pub_web_t *) lws_context_user (lws_get_context (wsi));
    s_http_t *h = (s_http_t *) user;
    switch (reason) {
        case LWS_CALLBACK_HTTP: {
            char uri [256];
            char *body = NULL;
            size_t blen = 0;
            const char *mime = "text/plain";
            if (lws_hdr_copy (wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0
            ||  self->hooks.render (uri, &body, &blen, &mime, self->hooks.arg) != 0) {
                if (lws_return_http_status (wsi, HTTP_STATUS_NOT_FOUND, NULL))
                    return -1;
                return lws_http_transaction_completed (wsi)? -1: 0;
            }
            h->out = (unsigned char *) malloc (LWS_PRE + blen);
            if (!h->out) {
                free (body);
                return -1;
            }
            memcpy (h->out + LWS_PRE, body, blen);
            h->len = blen;
            free (body);
            unsigned char hdr [LWS_PRE + 512];
            unsigned char *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
            if (lws_add_http_common_headers (wsi, HTTP_STATUS_OK, mime, h->len, &p, end)
            ||  lws_add_http_header_by_token (wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
                                              (const unsigned char *) "no-store", 8, &p, end)
            ||  lws_finalize_write_http_header (wsi, start, &p, end))
                return 1;
            lws_callback_on_writable (wsi);
            return 0;
        }
        case LWS_CALLBACK_HTTP_WRITEABLE: {
            if (!h->out)
                return 0;
            int n = lws_write (wsi, h->out + LWS_PRE, h->len, LWS_WRITE_HTTP_FINAL);
            free (h->out);
            h->out = NULL;
            if (n < 0)
                return -1;
            return lws_http_transaction_completed (wsi)? -1: 0;
        }
        case LWS_CALLBACK_CLOSED_HTTP:
        case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
            free (h->out);
            h->out = NULL;
            return 0;
        default:
            return lws_callback_http_dummy (wsi, reason, user, in, len);
    }
}

//  ---------------------------------------------------------------------------------------

//  The WebSocket protocol comes first: a client naming no subprotocol gets protocols [0].
static const struct lws_protocols s_protocols [] = {
    { "rt-dash", s_ws_callback, sizeof (s_client_t), PUB_WEB_CMD_MAX, 0, NULL, 0 },
    { "pub-http", s_http_callback, sizeof (s_http_t), 0, 0, NULL, 0 },
    { NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const struct lws_http_mount s_mount_metrics = {
    .mountpoint = "/metrics", .mountpoint_len = 8, .origin = "pub-http",
    .origin_protocol = LWSMPRO_CALLBACK,
};
static const struct lws_http_mount s_mount_healthz = {
    .mount_next = &s_mount_metrics,
    .mountpoint = "/healthz", .mountpoint_len = 8, .origin = "pub-http",
    .origin_protocol = LWSMPRO_CALLBACK,
};

static void
s_lws_log (int level, const char *line)
{
    size_t len = strlen (line);
    while (len && (line [len - 1] == '\n' || line [len - 1] == '\r'))
        len--;
    if (level & LLL_ERR)
        rt_log_error ("lws: %.*s", (int) len, line);
    else
        rt_log_warn ("lws: %.*s", (int) len, line);
}

pub_web_t *
pub_web_new (const pub_web_opts_t *opts, const pub_web_hooks_t *hooks)
{
    assert (opts && hooks && opts->queue_max > 0 && opts->clients_max > 0);
    pub_web_t *self = (pub_web_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->opts = *opts;
    self->hooks = *hooks;
    snprintf (self->web_dir, sizeof self->web_dir, "%s", opts->web_dir);
    self->clients = (s_client_t **) calloc (opts->clients_max, sizeof *self->clients);
    if (!self->clients)
        goto fail;
    self->mount.mount_next = &s_mount_healthz;
    self->mount.mountpoint = "/";
    self->mount.mountpoint_len = 1;
    self->mount.origin = self->web_dir;
    self->mount.def = "index.html";
    self->mount.origin_protocol = LWSMPRO_FILE;

    lws_set_log_level (LLL_ERR | LLL_WARN, s_lws_log);
    struct lws_context_creation_info info;
    memset (&info, 0, sizeof info);
    info.port = opts->port;
    info.iface = opts->host;
    info.protocols = s_protocols;
    info.mounts = &self->mount;
    info.user = self;
    //  CSP, nosniff, frame denial: the page needs nothing from elsewhere.
    info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE
                 | LWS_SERVER_OPTION_VALIDATE_UTF8;
    self->ctx = lws_create_context (&info);
    if (!self->ctx) {
        rt_log_error ("cannot listen on %s:%d (in use, or a bad address)", opts->host,
                      opts->port);
        goto fail;
    }
    struct lws_vhost *vh = lws_get_vhost_by_name (self->ctx, "default");
    self->port = vh? lws_get_vhost_listen_port (vh): -1;
    if (self->port <= 0) {
        rt_log_error ("lws: no listening port");
        goto fail;
    }
    return self;
fail:
    pub_web_destroy (&self);
    return NULL;
}

void
pub_web_destroy (pub_web_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pub_web_t *self = *self_p;
    if (self->ctx)
        lws_context_destroy (self->ctx);    //  closes every client (LWS_CALLBACK_CLOSED)
    free (self->clients);
    free (self);
    *self_p = NULL;
}

int
pub_web_port (const pub_web_t *self)
{
    return self->port;
}

void
pub_web_service (pub_web_t *self)
{
    //  A negative timeout makes lws poll without waiting (lws >= 4: it otherwise sleeps
    //  until its own next event, which would stall the zloop).
    lws_service (self->ctx, -1);
}

int
pub_web_broadcast (pub_web_t *self, const json_t *event)
{
    if (self->client_count == 0)
        return 0;
    s_msg_t *msg = s_msg_new (event);
    if (!msg)
        return RT_ENOMEM;
    for (size_t i = 0; i < self->client_count; i++)
        s_enqueue (self, self->clients [i], msg);
    s_unref (&msg);
    return 0;
}

int
pub_web_send (pub_web_t *self, uint64_t client, const json_t *event)
{
    for (size_t i = 0; i < self->client_count; i++) {
        if (self->clients [i]->id != client)
            continue;
        s_msg_t *msg = s_msg_new (event);
        if (!msg)
            return RT_ENOMEM;
        s_enqueue (self, self->clients [i], msg);
        s_unref (&msg);
        return 0;
    }
    return RT_ECLOSED;
}

size_t
pub_web_clients (const pub_web_t *self)
{
    return self->client_count;
}

uint64_t
pub_web_sent (const pub_web_t *self)
{
    return self->sent;
}

uint64_t
pub_web_resyncs (const pub_web_t *self)
{
    return self->resyncs;
}
