/*  rt_service.c - the shared service skeleton (see rt_service.h).

    The loop reads sockets in bounded batches (RT_SERVICE_BATCH per wake-up) so one busy
    stream cannot starve the others or the timers; zloop polls zmq sockets level-triggered,
    so whatever is left is read on the next turn.
*/
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "rt_service.h"
#include "rt_clock.h"
#include "rt_log.h"

#define RT_SERVICE_CLIENTS_MAX 8
#define RT_SERVICE_SUBS_MAX    8
#define RT_SERVICE_BATCH       256
#define RT_SERVICE_READY_MAX   1024

typedef struct {
    rt_cmd_client_t *client;
    rt_service_reply_fn *fn;
    void *arg;
} s_client_t;

typedef struct {
    rt_sub_t *sub;
    rt_service_sub_fn *fn;
    void *arg;
} s_sub_t;

struct _rt_service_t {
    char name [RT_NAME_MAX];
    zloop_t *loop;
    int sigfd;
    bool stopping;
    bool signalled;
    rt_pub_t *pub;
    int hb_timer;
    size_t hb_ms;
    char health [RT_NAME_MAX];
    rt_cmd_server_t *cmd;
    rt_service_cmd_fn *cmd_fn;
    void *cmd_arg;
    s_client_t clients [RT_SERVICE_CLIENTS_MAX];
    size_t client_n;
    s_sub_t subs [RT_SERVICE_SUBS_MAX];
    size_t sub_n;
    rt_service_status_fn *status_fn;
    void *status_arg;
    rt_counters_t counters;
    uint64_t start_ms;
    uint64_t msgs_in, msgs_out, errors;
    char ready [RT_SERVICE_READY_MAX];
    msgpack_sbuffer sbuf;
    msgpack_zone zone;
};

//  ---------------------------------------------------------------------------------------
//  Start-up

static void
s_usage (const char *name, const rt_config_var_t *vars, size_t n, FILE *out)
{
    fprintf (out, "Usage: rt-%s [--help]\n\n"
             "Configured by environment variables (or a KEY=VALUE file named by %s):\n\n",
             name, RT_CONFIG_FILE_VAR);
    if (n)
        rt_config_print_help (vars, n, out);
    rt_log_print_help (out);
    fprintf (out, "\nStops on SIGTERM/SIGINT. Exit status: 0 after a signal, 1 when it cannot "
             "start, 2 on bad configuration or usage.\n");
}

rt_service_t *
rt_service_new (const char *name, const rt_config_var_t *vars, size_t n, int argc, char *argv [])
{
    assert (name && *name && strlen (name) < RT_NAME_MAX);
    assert (vars || n == 0);
    if (rt_config_wants_help (argc, argv)) {
        s_usage (name, vars, n, stdout);
        exit (0);
    }
    if (argc > 1) {
        fprintf (stderr, "rt-%s: unknown argument '%s' (try --help)\n", name, argv [1]);
        exit (2);
    }
    //  SIGTERM/SIGINT blocked before libzmq starts its threads (they inherit the mask), and
    //  read from a signalfd in the loop.
    sigset_t mask;
    sigemptyset (&mask);
    sigaddset (&mask, SIGTERM);
    sigaddset (&mask, SIGINT);
    if (sigprocmask (SIG_BLOCK, &mask, NULL) != 0) {
        perror ("sigprocmask");
        return NULL;
    }
    if (signal (SIGPIPE, SIG_IGN) == SIG_ERR) {
        perror ("signal");
        return NULL;
    }
    zsys_handler_set (NULL);        //  czmq must not install its own handler over ours
    zsys_init ();

    char err [512];
    if (rt_config_file_export (err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: %s\n", err);
        exit (2);
    }
    rt_log_init (name);
    if (n)
        rt_config_load_or_exit (vars, n);

    rt_service_t *self = (rt_service_t *) calloc (1, sizeof *self);
    if (!self) {
        rt_log_error ("out of memory");
        return NULL;
    }
    snprintf (self->name, sizeof self->name, "%s", name);
    snprintf (self->health, sizeof self->health, "ok");
    self->sigfd = -1;
    self->hb_timer = -1;
    self->hb_ms = 1000;
    self->start_ms = rt_clock_mono_ms ();
    msgpack_sbuffer_init (&self->sbuf);
    msgpack_zone_init (&self->zone, 2048);

    self->sigfd = signalfd (-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (self->sigfd < 0) {
        rt_log_error ("signalfd: %s", strerror (errno));
        goto fail;
    }
    self->loop = zloop_new ();
    if (!self->loop) {
        rt_log_error ("zloop_new failed");
        goto fail;
    }
    return self;
fail:
    rt_service_destroy (&self);
    return NULL;
}

void
rt_service_destroy (rt_service_t **self_p)
{
    assert (self_p);
    rt_service_t *self = *self_p;
    if (!self)
        return;
    //  The loop first: it refers to the sockets but does not own them.
    zloop_destroy (&self->loop);
    for (size_t i = 0; i < self->sub_n; i++)
        rt_sub_destroy (&self->subs [i].sub);
    for (size_t i = 0; i < self->client_n; i++)
        rt_cmd_client_destroy (&self->clients [i].client);
    rt_cmd_server_destroy (&self->cmd);
    rt_pub_destroy (&self->pub);
    if (self->sigfd >= 0 && close (self->sigfd) != 0)
        rt_log_warn ("close signalfd: %s", strerror (errno));
    msgpack_zone_destroy (&self->zone);
    msgpack_sbuffer_destroy (&self->sbuf);
    free (self);
    *self_p = NULL;
}

//  ---------------------------------------------------------------------------------------
//  Counters and heartbeat

int
rt_service_count (rt_service_t *self, const char *name, uint64_t by)
{
    rt_counters_t *c = &self->counters;
    for (uint32_t i = 0; i < c->count; i++)
        if (strcmp (c->item [i].name, name) == 0) {
            c->item [i].value += by;
            return 0;
        }
    return rt_counters_set (c, name, by);
}

uint64_t
rt_service_counter (const rt_service_t *self, const char *name)
{
    const rt_counters_t *c = &self->counters;
    for (uint32_t i = 0; i < c->count; i++)
        if (strcmp (c->item [i].name, name) == 0)
            return c->item [i].value;
    return 0;
}

void
rt_service_error (rt_service_t *self)
{
    self->errors++;
}

void
rt_service_set_health (rt_service_t *self, const char *word)
{
    snprintf (self->health, sizeof self->health, "%s", word && *word? word: "ok");
}

uint64_t
rt_service_uptime_ms (const rt_service_t *self)
{
    return rt_clock_mono_ms () - self->start_ms;
}

static int
s_on_hb (zloop_t *loop, int timer_id, void *arg)
{
    rt_service_t *self = (rt_service_t *) arg;
    rt_heartbeat_t hb;
    memset (&hb, 0, sizeof hb);
    snprintf (hb.service, sizeof hb.service, "%s", self->name);
    hb.pid = (int32_t) getpid ();
    hb.uptime_ms = rt_service_uptime_ms (self);
    snprintf (hb.status, sizeof hb.status, "%s", self->health);
    //  The heartbeat itself is counted after it is sent, so the figures describe the work.
    hb.msgs_in = self->msgs_in;
    hb.msgs_out = self->msgs_out;
    hb.errors = self->errors;
    hb.counters = self->counters;
    rt_service_publish (self, RT_TYPE_HEARTBEAT, &hb, NULL);
    return self->stopping? -1: 0;
}

int
rt_service_set_hb_interval (rt_service_t *self, size_t ms)
{
    assert (ms > 0);
    self->hb_ms = ms;
    if (!self->pub)
        return 0;                   //  armed by rt_service_pub_bind
    if (self->hb_timer >= 0)
        zloop_timer_end (self->loop, self->hb_timer);
    self->hb_timer = zloop_timer (self->loop, ms, 0, s_on_hb, self);
    if (self->hb_timer < 0) {
        rt_log_error ("zloop: cannot arm the heartbeat timer");
        return RT_EIO;
    }
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Sending

int
rt_service_publish (rt_service_t *self, rt_type_t type, const void *msg, const char *corr)
{
    int rc = RT_EINVAL;
    char topic [RT_TOPIC_MAX];
    if (self->pub)
        rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc == 0)
        rc = rt_pub_send (self->pub, topic, (uint16_t) type, corr, self->sbuf.data,
                          self->sbuf.size);
    if (rc) {
        self->errors++;
        rt_log_warn ("publish %s: %s", rt_type_name (type), rt_strerror (rc));
        return rc;
    }
    self->msgs_out++;
    return 0;
}

int
rt_service_reply (rt_service_t *self, const rt_cmd_peer_t *peer, rt_type_t type,
                  const void *msg)
{
    int rc = RT_EINVAL;
    char topic [RT_TOPIC_MAX];
    if (self->cmd)
        rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc == 0)
        rc = rt_cmd_server_reply (self->cmd, peer, topic, (uint16_t) type, self->sbuf.data,
                                  self->sbuf.size);
    if (rc) {
        self->errors++;
        rt_log_warn ("reply %s: %s", rt_type_name (type), rt_strerror (rc));
        return rc;
    }
    self->msgs_out++;
    return 0;
}

int
rt_service_reply_ok (rt_service_t *self, const rt_cmd_peer_t *peer, bool ok, int code,
                     const char *id, const char *fmt, ...)
{
    rt_reply_t r;
    memset (&r, 0, sizeof r);
    r.ok = ok;
    r.code = code;
    if (fmt) {
        va_list args;
        va_start (args, fmt);
        vsnprintf (r.reason, sizeof r.reason, fmt, args);
        va_end (args);
    }
    snprintf (r.corr, sizeof r.corr, "%s", peer->corr);
    if (id)
        snprintf (r.id, sizeof r.id, "%s", id);
    //  Single-threaded: everything published so far is in the state this reply describes.
    r.seq = self->pub? rt_pub_seq (self->pub): 0;
    return rt_service_reply (self, peer, RT_TYPE_REPLY, &r);
}

int
rt_service_send (rt_service_t *self, rt_cmd_client_t *client, rt_type_t type,
                 const void *msg, char *corr)
{
    char topic [RT_TOPIC_MAX];
    int rc = rt_msg_topic (topic, sizeof topic, type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &self->sbuf);
    if (rc == 0)
        rc = rt_cmd_client_send (client, topic, (uint16_t) type, self->sbuf.data,
                                 self->sbuf.size, corr);
    if (rc) {
        self->errors++;
        rt_log_warn ("send %s: %s", rt_type_name (type), rt_strerror (rc));
        return rc;
    }
    self->msgs_out++;
    return 0;
}

int
rt_service_decode (rt_service_t *self, const rt_bus_msg_t *msg, rt_type_t type, void *out)
{
    if (msg->header.type != (uint16_t) type)
        return RT_EUNKNOWN;
    return rt_msg_decode (type, out, (const char *) msg->body, msg->body_len, &self->zone);
}

//  ---------------------------------------------------------------------------------------
//  The command server

static void
s_status (rt_service_t *self, const rt_cmd_peer_t *peer)
{
    char buf [RT_TEXT_MAX];
    size_t off = 0;
    int n = snprintf (buf, sizeof buf, "%s up %llus in=%llu out=%llu errors=%llu", self->name,
                      (unsigned long long) (rt_service_uptime_ms (self) / 1000),
                      (unsigned long long) self->msgs_in, (unsigned long long) self->msgs_out,
                      (unsigned long long) self->errors);
    off = n > 0 && (size_t) n < sizeof buf? (size_t) n: sizeof buf - 1;
    for (uint32_t i = 0; i < self->counters.count && off + 1 < sizeof buf; i++) {
        n = snprintf (buf + off, sizeof buf - off, " %s=%llu", self->counters.item [i].name,
                      (unsigned long long) self->counters.item [i].value);
        off = n > 0 && (size_t) n < sizeof buf - off? off + (size_t) n: sizeof buf - 1;
    }
    if (self->status_fn && off + 3 < sizeof buf) {
        char tail [RT_TEXT_MAX];
        tail [0] = 0;
        self->status_fn (self, tail, sizeof tail, self->status_arg);
        //  A status line longer than a reply holds is cut: what fits is still useful.
        if (tail [0] && snprintf (buf + off, sizeof buf - off, "; %s", tail) >= (int) (sizeof buf - off))
            rt_log_debug ("status reply cut to %zu bytes", sizeof buf - 1);
    }
    rt_service_reply_ok (self, peer, true, 0, "status", "%s", buf);
}

static int
s_on_cmd (zloop_t *loop, zsock_t *sock, void *arg)
{
    rt_service_t *self = (rt_service_t *) arg;
    for (int i = 0; i < RT_SERVICE_BATCH && !self->stopping; i++) {
        rt_bus_msg_t msg;
        rt_cmd_peer_t peer;
        int rc = rt_cmd_server_recv (self->cmd, &msg, &peer, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            break;
        if (rc) {
            self->errors++;
            rt_log_warn ("command socket: %s", rt_strerror (rc));
            break;
        }
        self->msgs_in++;
        if (msg.header.type == RT_TYPE_COMMAND) {
            rt_command_t cmd;
            if (rt_service_decode (self, &msg, RT_TYPE_COMMAND, &cmd) == 0
            &&  strcmp (cmd.verb, "status") == 0) {
                s_status (self, &peer);
                continue;
            }
        }
        if (self->cmd_fn)
            self->cmd_fn (self, &msg, &peer, self->cmd_arg);
        else
            rt_service_reply_ok (self, &peer, false, RT_EUNKNOWN, NULL,
                                 "%s answers only the status command", self->name);
    }
    return self->stopping? -1: 0;
}

//  ---------------------------------------------------------------------------------------
//  Clients and subscribers

//  zloop hands one pointer to a handler; a handler finds its slot by the socket.
static int
s_on_client (zloop_t *loop, zsock_t *sock, void *arg)
{
    rt_service_t *self = (rt_service_t *) arg;
    s_client_t *c = NULL;
    for (size_t i = 0; i < self->client_n; i++)
        if (rt_cmd_client_sock (self->clients [i].client) == sock)
            c = &self->clients [i];
    if (!c)
        return 0;
    for (int i = 0; i < RT_SERVICE_BATCH && !self->stopping; i++) {
        rt_bus_msg_t msg;
        int rc = rt_cmd_client_recv (c->client, &msg, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            break;
        if (rc) {
            self->errors++;
            rt_log_warn ("client socket: %s", rt_strerror (rc));
            break;
        }
        self->msgs_in++;
        c->fn (self, c->client, &msg, c->arg);
    }
    return self->stopping? -1: 0;
}

static int
s_on_sub (zloop_t *loop, zsock_t *sock, void *arg)
{
    rt_service_t *self = (rt_service_t *) arg;
    s_sub_t *s = NULL;
    for (size_t i = 0; i < self->sub_n; i++)
        if (rt_sub_sock (self->subs [i].sub) == sock)
            s = &self->subs [i];
    if (!s)
        return 0;
    for (int i = 0; i < RT_SERVICE_BATCH && !self->stopping; i++) {
        rt_bus_msg_t msg;
        rt_seq_event_t seq;
        int rc = rt_sub_recv (s->sub, &msg, &seq, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            break;
        if (rc) {
            self->errors++;
            rt_log_warn ("subscriber socket: %s", rt_strerror (rc));
            break;
        }
        self->msgs_in++;
        s->fn (self, s->sub, &msg, &seq, s->arg);
    }
    return self->stopping? -1: 0;
}

rt_cmd_client_t *
rt_service_client (rt_service_t *self, const char *endpoint, const char *server_role,
                   rt_service_reply_fn *fn, void *arg)
{
    assert (fn);
    if (self->client_n == RT_SERVICE_CLIENTS_MAX) {
        rt_log_error ("too many command clients (%d)", RT_SERVICE_CLIENTS_MAX);
        return NULL;
    }
    rt_cmd_client_t *client = rt_cmd_client_new (endpoint, self->name, server_role);
    if (!client)
        return NULL;
    if (zloop_reader (self->loop, rt_cmd_client_sock (client), s_on_client, self) != 0) {
        rt_log_error ("zloop: cannot watch the client of %s", endpoint);
        rt_cmd_client_destroy (&client);
        return NULL;
    }
    s_client_t *c = &self->clients [self->client_n++];
    c->client = client;
    c->fn = fn;
    c->arg = arg;
    return client;
}

rt_sub_t *
rt_service_sub (rt_service_t *self, const char *endpoint, const char *server_role,
                const char *const *prefixes, rt_service_sub_fn *fn, void *arg)
{
    assert (fn);
    if (self->sub_n == RT_SERVICE_SUBS_MAX) {
        rt_log_error ("too many subscribers (%d)", RT_SERVICE_SUBS_MAX);
        return NULL;
    }
    rt_sub_t *sub = rt_sub_new (self->name);
    if (!sub)
        return NULL;
    int rc = rt_sub_connect (sub, endpoint, server_role);
    if (rc == 0 && !prefixes)
        rc = rt_sub_subscribe (sub, "");
    for (size_t i = 0; rc == 0 && prefixes && prefixes [i]; i++)
        rc = rt_sub_subscribe (sub, prefixes [i]);
    if (rc == 0 && zloop_reader (self->loop, rt_sub_sock (sub), s_on_sub, self) != 0)
        rc = RT_EIO;
    if (rc) {
        rt_log_error ("cannot subscribe to %s: %s", endpoint, rt_strerror (rc));
        rt_sub_destroy (&sub);
        return NULL;
    }
    s_sub_t *s = &self->subs [self->sub_n++];
    s->sub = sub;
    s->fn = fn;
    s->arg = arg;
    return sub;
}

//  ---------------------------------------------------------------------------------------
//  Binding, running

static void
s_ready_add (rt_service_t *self, const char *key, const char *value)
{
    size_t len = strlen (self->ready);
    snprintf (self->ready + len, sizeof self->ready - len, " %s=%s", key, value);
}

void
rt_service_ready_kv (rt_service_t *self, const char *key, const char *value)
{
    s_ready_add (self, key, value);
}

int
rt_service_pub_bind (rt_service_t *self, const char *endpoint)
{
    assert (!self->pub);
    self->pub = rt_pub_new (endpoint, self->name);
    if (!self->pub) {
        rt_log_error ("cannot bind the PUB socket at %s", endpoint);
        return RT_EIO;
    }
    s_ready_add (self, "pub", rt_pub_endpoint (self->pub));
    return rt_service_set_hb_interval (self, self->hb_ms);
}

int
rt_service_cmd_bind (rt_service_t *self, const char *endpoint, rt_service_cmd_fn *fn, void *arg)
{
    assert (!self->cmd);
    self->cmd = rt_cmd_server_new (endpoint, self->name);
    if (!self->cmd) {
        rt_log_error ("cannot bind the command socket at %s", endpoint);
        return RT_EIO;
    }
    self->cmd_fn = fn;
    self->cmd_arg = arg;
    if (zloop_reader (self->loop, rt_cmd_server_sock (self->cmd), s_on_cmd, self) != 0) {
        rt_log_error ("zloop: cannot watch the command socket");
        rt_cmd_server_destroy (&self->cmd);
        return RT_EIO;
    }
    s_ready_add (self, "cmd", rt_cmd_server_endpoint (self->cmd));
    return 0;
}

void
rt_service_on_status (rt_service_t *self, rt_service_status_fn *fn, void *arg)
{
    self->status_fn = fn;
    self->status_arg = arg;
}

static int
s_on_signal (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    rt_service_t *self = (rt_service_t *) arg;
    struct signalfd_siginfo info;
    ssize_t n = read (item->fd, &info, sizeof info);
    if (n != (ssize_t) sizeof info)
        return 0;                   //  spurious wake-up: nothing to read yet
    rt_log_info ("signal %u: stopping", info.ssi_signo);
    self->signalled = true;
    self->stopping = true;
    return -1;                      //  ends zloop_start
}

static int
s_on_stop (zloop_t *loop, int timer_id, void *arg)
{
    return -1;
}

void
rt_service_stop (rt_service_t *self)
{
    if (self->stopping)
        return;
    self->stopping = true;
    //  Handlers outside this file (the service's own timers) cannot return -1 for us: a
    //  zero-delay timer ends the loop on its next turn.
    if (zloop_timer (self->loop, 0, 1, s_on_stop, self) < 0)
        rt_log_error ("zloop: cannot arm the stop timer");
}

int
rt_service_run (rt_service_t *self)
{
    zmq_pollitem_t item = { NULL, self->sigfd, ZMQ_POLLIN, 0 };
    if (zloop_poller (self->loop, &item, s_on_signal, self) != 0) {
        rt_log_error ("zloop: cannot watch signals");
        return -1;
    }
    if (printf ("rt-%s ready:%s\n", self->name, self->ready) < 0 || fflush (stdout) != 0)
        rt_log_warn ("stdout: cannot print the ready line");
    rt_log_info ("ready:%s", self->ready);
    int rc = self->stopping? 0: zloop_start (self->loop);
    zloop_poller_end (self->loop, &item);
    if (self->stopping)
        return 0;
    rt_log_error ("the loop failed (%d)", rc);
    return -1;
}

zloop_t *
rt_service_loop (rt_service_t *self)
{
    return self->loop;
}

rt_pub_t *
rt_service_pub (rt_service_t *self)
{
    return self->pub;
}

rt_cmd_server_t *
rt_service_cmd (rt_service_t *self)
{
    return self->cmd;
}

const char *
rt_service_name (const rt_service_t *self)
{
    return self->name;
}
