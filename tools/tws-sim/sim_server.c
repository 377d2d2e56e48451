/*  sim_server.c - listener, poll(2) loop, handshake, framing and flushing.

    Everything runs on one thread. A loop turn: read the monotonic clock, fire due timers
    (handshake delays, closing deadlines, faults, market steps), poll, then accept, read,
    decode and dispatch, and flush what each session has queued. Output is written as soon as
    it is produced; POLLOUT is asked for only while a session has bytes the kernel refused.
*/
#include "sim_server_int.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proto/rt_error.h"
#include "tws_frame.h"
#include "sim_blast.h"
#include "rt_log.h"
#include "sim_send.h"

int64_t
sim_mono_ms (void)
{
    struct timespec ts;
    if (clock_gettime (CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

//  ---------------------------------------------------------------------------------------
//  Listening

int
sim_server_listen (sim_server_t *srv)
{
    assert (srv->listen_fd < 0);
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        rt_log_error ("socket: %s", strerror (errno));
        return RT_EIO;
    }
    int one = 1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) srv->port) };
    socklen_t len = sizeof sa;
    if (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        rt_log_error ("setsockopt SO_REUSEADDR: %s", strerror (errno));
        goto fail;
    }
    if (inet_pton (AF_INET, srv->opts.bind, &sa.sin_addr) != 1) {
        rt_log_error ("--bind %s is not an IPv4 address", srv->opts.bind);
        goto fail;
    }
    if (bind (fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        rt_log_error ("bind %s:%d: %s", srv->opts.bind, srv->port, strerror (errno));
        goto fail;
    }
    if (listen (fd, 64) < 0) {
        rt_log_error ("listen: %s", strerror (errno));
        goto fail;
    }
    if (getsockname (fd, (struct sockaddr *) &sa, &len) < 0) {
        rt_log_error ("getsockname: %s", strerror (errno));
        goto fail;
    }
    srv->port = ntohs (sa.sin_port);     //  port 0 becomes the kernel's pick, kept on restart
    srv->listen_fd = fd;
    return 0;
fail:
    close (fd);
    return RT_EIO;
}

int
sim_server_unlisten (sim_server_t *srv)
{
    if (srv->listen_fd >= 0 && close (srv->listen_fd) < 0)
        rt_log_warn ("close listener: %s", strerror (errno));
    srv->listen_fd = -1;
    return 0;
}

sim_server_t *
sim_server_new (const sim_opts_t *opts)
{
    sim_server_t *srv = calloc (1, sizeof *srv);
    if (!srv)
        return NULL;
    srv->opts = *opts;
    srv->listen_fd = -1;
    srv->port = opts->port;
    srv->hang = opts->hang_hello;
    srv->delay_ms = opts->handshake_delay_ms;
    srv->restart_at_ms = -1;
    srv->mono_ms = sim_mono_ms ();
    srv->drop_at_ms = opts->drop_after_s >= 0
                    ? srv->mono_ms + (int64_t) opts->drop_after_s * 1000 : -1;
    srv->next_step_ms = opts->tick_ms > 0 ? srv->mono_ms + opts->tick_ms : -1;
    srv->world = sim_world_new (srv, opts);
    if (!srv->world) {
        rt_log_error ("cannot create the market and broker model");
        goto fail;
    }
    if (sim_server_listen (srv) < 0)
        goto fail;
    if (opts->control_port >= 0) {
        srv->control = sim_control_new (opts->control_port, sim_commands_run, srv);
        if (!srv->control)
            goto fail;
    }
    return srv;
fail:
    sim_server_destroy (&srv);
    return NULL;
}

void
sim_server_destroy (sim_server_t **p)
{
    assert (p);
    sim_server_t *srv = *p;
    if (!srv)
        return;
    for (int i = 0; i < srv->nsessions; i++)
        sim_session_destroy (&srv->sessions [i]);
    sim_server_unlisten (srv);
    sim_control_destroy (&srv->control);
    sim_world_destroy (&srv->world);
    free (srv);
    *p = NULL;
}

int
sim_server_port (const sim_server_t *srv)
{
    return srv->port;
}

int
sim_server_control_port (const sim_server_t *srv)
{
    return srv->control ? sim_control_port (srv->control) : -1;
}

//  ---------------------------------------------------------------------------------------
//  Session life

void
sim_server_kill (sim_server_t *srv, sim_session_t *s, const char *why)
{
    (void) srv;
    if (s->state == SIM_S_DEAD)
        return;
    if (why)
        rt_log_info ("s%llu client %d %s: session closed (%s; in %llu msgs, out %llu msgs)",
                  (unsigned long long) s->id, s->client_id, s->peer, why,
                  (unsigned long long) s->msgs_in, (unsigned long long) s->msgs_out);
    if (s->fd >= 0 && close (s->fd) < 0)
        rt_log_warn ("s%llu close: %s", (unsigned long long) s->id, strerror (errno));
    s->fd = -1;
    s->state = SIM_S_DEAD;
}

void
sim_server_close_soon (sim_server_t *srv, sim_session_t *s, const char *why)
{
    if (s->state == SIM_S_DEAD || s->state == SIM_S_CLOSING)
        return;
    rt_log_info ("s%llu client %d %s: closing (%s)", (unsigned long long) s->id, s->client_id,
              s->peer, why);
    s->state = SIM_S_CLOSING;
    s->close_at_ms = srv->mono_ms + 1000;
    s->blast_left = 0;
}

void
sim_server_drop_all (sim_server_t *srv, const char *why)
{
    for (int i = 0; i < srv->nsessions; i++)
        sim_server_kill (srv, srv->sessions [i], why);
}

sim_session_t *
sim_server_find_client (sim_server_t *srv, int client_id)
{
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state == SIM_S_READY && s->client_id == client_id)
            return s;
    }
    return NULL;
}

int
sim_server_error (sim_server_t *srv, sim_session_t *s, int req_id, int code,
                  const char *message)
{
    tws_err_msg_t m;
    memset (&m, 0, sizeof m);
    m.req_id = req_id;
    m.code = code;
    sim_copy (m.message, sizeof m.message, message);
    m.error_time = sim_world_now_ms (srv->world);
    int rc = sim_send_err_msg (s, &m);
    if (rc)
        rt_log_warn ("s%llu: error %d not queued: %s", (unsigned long long) s->id, code,
                  rt_strerror (rc));
    return rc;
}

static void
s_accept (sim_server_t *srv)
{
    for (int burst = 0; burst < 64; burst++) {
        struct sockaddr_in sa;
        socklen_t len = sizeof sa;
        int fd = accept4 (srv->listen_fd, (struct sockaddr *) &sa, &len,
                          SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
            &&  errno != ECONNABORTED)
                rt_log_warn ("accept: %s", strerror (errno));
            return;
        }
        char peer [64];
        char addr [INET_ADDRSTRLEN] = "?";
        if (!inet_ntop (AF_INET, &sa.sin_addr, addr, sizeof addr))
            snprintf (addr, sizeof addr, "?");
        snprintf (peer, sizeof peer, "%s:%d", addr, ntohs (sa.sin_port));
        int live = 0;
        for (int i = 0; i < srv->nsessions; i++)
            if (srv->sessions [i]->state != SIM_S_DEAD)
                live++;
        if (live >= srv->opts.max_clients || srv->nsessions >= SIM_MAX_SESSIONS) {
            rt_log_warn ("%s: refused, %d connections already (--max-clients %d)", peer, live,
                      srv->opts.max_clients);
            srv->counters.refused_full++;
            close (fd);
            continue;
        }
        int one = 1;
        if (setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
            rt_log_warn ("%s: TCP_NODELAY: %s", peer, strerror (errno));
        sim_session_t *s = sim_session_new (++srv->next_session_id, fd, peer,
                                            srv->opts.out_limit, srv->opts.pace_limit);
        if (!s) {
            rt_log_error ("%s: out of memory, connection refused", peer);
            close (fd);
            continue;
        }
        srv->sessions [srv->nsessions++] = s;
        srv->counters.accepted++;
        rt_log_debug ("s%llu %s: connected", (unsigned long long) s->id, peer);
    }
}

//  ---------------------------------------------------------------------------------------
//  Handshake

void
sim_server_answer_hello (sim_server_t *srv, sim_session_t *s)
{
    tws_server_hello_t hello;
    memset (&hello, 0, sizeof hello);
    hello.server_version = s->version;
    time_t now = time (NULL);
    struct tm tm;
    //  The one wall-clock value a client sees besides currentTime (as a real Gateway).
    if (!localtime_r (&now, &tm)
    ||  strftime (hello.conn_time, sizeof hello.conn_time, "%Y%m%d %H:%M:%S %Z", &tm) == 0)
        snprintf (hello.conn_time, sizeof hello.conn_time, "19700101 00:00:00 UTC");
    tws_writer_t w;
    int rc = sim_session_frame_begin (s, &w, 256);
    if (rc == 0)
        rc = tws_server_hello_encode (&w, &hello);
    if (rc == 0)
        rc = sim_session_frame_end (s, &w);
    if (rc) {
        sim_server_kill (srv, s, "cannot queue the version reply");
        return;
    }
    s->state = SIM_S_WAIT_START;
    rt_log_debug ("s%llu %s: version %d sent", (unsigned long long) s->id, s->peer, s->version);
}

//  Returns false when the session was closed.
static bool
s_hello (sim_server_t *srv, sim_session_t *s)
{
    tws_hello_t hello;
    size_t used = 0;
    int rc = tws_hello_parse (sim_buf_head (&s->in), s->in.len, &hello, &used);
    if (rc == RT_EAGAIN)
        return true;
    if (rc) {
        srv->counters.bad_hello++;
        rt_log_warn ("s%llu %s: bad hello (%s)", (unsigned long long) s->id, s->peer,
                  rt_strerror (rc));
        sim_server_kill (srv, s, "bad hello");
        return false;
    }
    sim_buf_consume (&s->in, used);
    sim_copy (s->hello_options, sizeof s->hello_options, hello.options);
    int ours = srv->opts.server_version;
    if (hello.min_version > ours || hello.max_version < SIM_MIN_SERVER_VERSION) {
        //  No version both sides speak. A real Gateway's behaviour here is unverified
        //  (tws-api-protocol.md section 9); closing without a reply is the clear signal.
        srv->counters.refused_version++;
        rt_log_warn ("s%llu %s: refused: client range v%d..%d, ours v%d..%d",
                  (unsigned long long) s->id, s->peer, hello.min_version, hello.max_version,
                  SIM_MIN_SERVER_VERSION, ours);
        sim_server_kill (srv, s, "no common version");
        return false;
    }
    s->version = hello.max_version < ours ? hello.max_version : ours;
    rt_log_info ("s%llu %s: hello v%d..%d%s%s -> version %d", (unsigned long long) s->id,
              s->peer, hello.min_version, hello.max_version, hello.options [0] ? " " : "",
              hello.options, s->version);
    if (srv->hang) {
        s->state = SIM_S_HUNG;
        rt_log_info ("s%llu %s: hello not answered (hang on)", (unsigned long long) s->id, s->peer);
    }
    else
    if (srv->delay_ms > 0) {
        s->state = SIM_S_DELAYED;
        s->reply_at_ms = srv->mono_ms + srv->delay_ms;
    }
    else
        sim_server_answer_hello (srv, s);
    return true;
}

//  ---------------------------------------------------------------------------------------
//  Input

static void s_frames (sim_server_t *srv, sim_session_t *s);

void
sim_server_answer_pending (sim_server_t *srv, sim_session_t *s)
{
    sim_server_answer_hello (srv, s);
    s_frames (srv, s);                  //  a START_API may already be waiting
}

static void
s_frames (sim_server_t *srv, sim_session_t *s)
{
    while (s->state == SIM_S_WAIT_START || s->state == SIM_S_READY) {
        const uint8_t *payload;
        size_t plen, used;
        int rc = tws_frame_split (sim_buf_head (&s->in), s->in.len, &payload, &plen, &used);
        if (rc == RT_EAGAIN)
            return;
        if (rc) {
            srv->counters.malformed_in++;
            rt_log_error ("s%llu client %d %s: frame length above 0x%X: stream cannot be"
                       " resynchronised", (unsigned long long) s->id, s->client_id, s->peer,
                       TWS_MAX_PAYLOAD);
            sim_server_error (srv, s, -1, 320, "Error reading request. Message length"
                              " exceeds the maximum.");
            sim_buf_consume (&s->in, s->in.len);
            sim_server_close_soon (srv, s, "malformed frame length");
            return;
        }
        s->msgs_in++;
        bool warn = false;
        if (!sim_pacing_admit (&s->pacing, srv->mono_ms, &warn)) {
            s->paced++;
            srv->counters.paced++;
            if (warn) {
                char text [128];
                snprintf (text, sizeof text, "Max rate of messages per second has been"
                          " exceeded:max=%d rec=%d (1)", s->pacing.limit, s->pacing.limit + 1);
                rt_log_warn ("s%llu client %d: pacing: more than %d msgs/s, excess dropped",
                          (unsigned long long) s->id, s->client_id, s->pacing.limit);
                sim_server_error (srv, s, -1, 100, text);
            }
            sim_buf_consume (&s->in, used);
            continue;
        }
        rc = sim_dispatch (srv, s, payload, plen);
        sim_buf_consume (&s->in, used);
        if (rc < 0 && s->state != SIM_S_DEAD) {
            srv->counters.malformed_in++;
            rt_log_error ("s%llu client %d %s: request does not decode (%s)",
                       (unsigned long long) s->id, s->client_id, s->peer, rt_strerror (rc));
            sim_server_error (srv, s, -1, 320, "Error reading request. Unable to parse"
                              " data.");
            sim_server_close_soon (srv, s, "malformed request");
            return;
        }
    }
}

static void
s_read (sim_server_t *srv, sim_session_t *s)
{
    for (int turn = 0; turn < 16; turn++) {
        int rc;
        size_t room;
        uint8_t *dst = sim_buf_reserve (&s->in, 65536, &room, &rc);
        if (!dst) {
            srv->counters.malformed_in++;
            sim_server_kill (srv, s, "input buffer limit");
            return;
        }
        ssize_t n = recv (s->fd, dst, room, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                sim_server_kill (srv, s, strerror (errno));
            return;
        }
        if (n == 0) {
            if (s->in.len > 0 && s->state != SIM_S_HUNG && s->state != SIM_S_CLOSING) {
                srv->counters.eof_mid_frame++;
                rt_log_error ("s%llu client %d %s: EOF in the middle of a frame (%zu bytes"
                           " pending)", (unsigned long long) s->id, s->client_id, s->peer,
                           s->in.len);
                sim_server_kill (srv, s, "EOF mid-frame");
            }
            else
                sim_server_kill (srv, s, "client closed");
            return;
        }
        sim_buf_commit (&s->in, (size_t) n);
        if (s->state == SIM_S_CLOSING) {
            sim_buf_consume (&s->in, s->in.len);
            continue;
        }
        if (s->state == SIM_S_HELLO && !s_hello (srv, s))
            return;
        s_frames (srv, s);
        if (s->state == SIM_S_DEAD)
            return;
        if ((size_t) n < room)
            return;                     //  drained the socket
    }
}

//  ---------------------------------------------------------------------------------------
//  Output

static void
s_flush (sim_server_t *srv, sim_session_t *s)
{
    while (s->state != SIM_S_DEAD) {
        const uint8_t *p;
        size_t n;
        bool from_blast = false;
        //  The blast streams whole cycles; queued messages go out between cycles (frame
        //  boundaries), so the two never interleave inside a frame.
        if (s->blast_left > 0 && (s->blast_pos != 0 || s->out.len == 0)) {
            p = sim_blast_bytes (s->blast, s->blast_pos, &n);
            if (n > s->blast_left)
                n = (size_t) s->blast_left;
            from_blast = true;
        }
        else
        if (s->out.len > 0) {
            p = sim_buf_head (&s->out);
            n = s->out.len;
        }
        else
            break;
        ssize_t w = send (s->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                sim_server_kill (srv, s, strerror (errno));
            return;
        }
        s->bytes_out += (uint64_t) w;
        if (from_blast) {
            s->blast_left -= (uint64_t) w;
            s->blast_pos = sim_blast_advance (s->blast, s->blast_pos, (size_t) w);
            if (s->blast_left == 0) {
                s->blast_pos = 0;
                rt_log_info ("s%llu client %d: blast done", (unsigned long long) s->id,
                          s->client_id);
            }
        }
        else
            sim_buf_consume (&s->out, (size_t) w);
        if ((size_t) w < n)
            return;                     //  kernel buffer full: wait for POLLOUT
    }
    if (s->state == SIM_S_CLOSING && s->out.len == 0) {
        if (shutdown (s->fd, SHUT_WR) < 0 && errno != ENOTCONN)
            rt_log_warn ("s%llu shutdown: %s", (unsigned long long) s->id, strerror (errno));
        sim_server_kill (srv, s, NULL);
    }
}

//  A session whose queue hit its limit is a client that does not read: it goes.
static void
s_check_limits (sim_server_t *srv, sim_session_t *s)
{
    if (s->state != SIM_S_DEAD && s->overflow) {
        srv->counters.slow_drops++;
        rt_log_error ("s%llu client %d %s: output limit %zu bytes reached, client is not"
                   " reading: disconnected", (unsigned long long) s->id, s->client_id,
                   s->peer, s->out.limit);
        sim_server_kill (srv, s, "slow client");
    }
}

//  ---------------------------------------------------------------------------------------
//  Timers

static int64_t
s_min_deadline (int64_t a, int64_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

static void
s_timers (sim_server_t *srv)
{
    int64_t now = srv->mono_ms;
    if (srv->drop_at_ms >= 0 && now >= srv->drop_at_ms) {
        srv->drop_at_ms = -1;
        srv->counters.drops++;
        rt_log_info ("drop-after: closing every client");
        sim_server_drop_all (srv, "drop-after");
    }
    if (srv->restart_at_ms >= 0 && now >= srv->restart_at_ms) {
        if (sim_server_listen (srv) == 0) {
            srv->restart_at_ms = -1;
            rt_log_info ("restart: listening again on %s:%d", srv->opts.bind, srv->port);
        }
        else
            srv->restart_at_ms = now + 200;      //  port still busy: try again shortly
    }
    if (srv->reset_code && now >= srv->reset_at_ms)
        sim_fault_reset_end (srv);
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state == SIM_S_DELAYED && now >= s->reply_at_ms)
            sim_server_answer_pending (srv, s);
        else
        if (s->state == SIM_S_CLOSING && now >= s->close_at_ms)
            sim_server_kill (srv, s, "closing timed out");
    }
    if (srv->next_step_ms >= 0 && now >= srv->next_step_ms) {
        //  Catch up at most a few steps after a stall; the sim clock moves one tick per step.
        int steps = 0;
        while (now >= srv->next_step_ms && steps < 4) {
            sim_world_step (srv);
            srv->next_step_ms += srv->opts.tick_ms;
            steps++;
        }
        if (now >= srv->next_step_ms)
            srv->next_step_ms = now + srv->opts.tick_ms;
    }
}

static int
s_poll_timeout (sim_server_t *srv)
{
    int64_t next = -1;
    next = s_min_deadline (next, srv->drop_at_ms);
    next = s_min_deadline (next, srv->restart_at_ms);
    next = s_min_deadline (next, srv->next_step_ms);
    if (srv->reset_code)
        next = s_min_deadline (next, srv->reset_at_ms);
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state == SIM_S_DELAYED)
            next = s_min_deadline (next, s->reply_at_ms);
        else
        if (s->state == SIM_S_CLOSING)
            next = s_min_deadline (next, s->close_at_ms);
    }
    if (srv->nhist_jobs > 0)
        return 0;                       //  historical days to compute: poll, do not wait
    if (next < 0)
        return 1000;
    int64_t wait = next - srv->mono_ms;
    if (wait < 0)
        wait = 0;
    return wait > 1000 ? 1000 : (int) wait;
}

static void
s_reap (sim_server_t *srv)
{
    int k = 0;
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state == SIM_S_DEAD) {
            sim_world_session_gone (srv, s);
            sim_session_destroy (&s);
        }
        else
            srv->sessions [k++] = s;
    }
    srv->nsessions = k;
}

//  ---------------------------------------------------------------------------------------
//  The loop

int
sim_server_run (sim_server_t *srv, int signal_fd)
{
    struct pollfd fds [2 + SIM_MAX_SESSIONS + 1 + SIM_CONTROL_MAX_CONNS];
    sim_session_t *polled [SIM_MAX_SESSIONS];
    while (!srv->quit) {
        srv->mono_ms = sim_mono_ms ();
        s_timers (srv);
        for (int i = 0; i < srv->nsessions; i++)
            if (sim_session_wants_write (srv->sessions [i]))
                s_flush (srv, srv->sessions [i]);
        for (int i = 0; i < srv->nsessions; i++)
            s_check_limits (srv, srv->sessions [i]);
        s_reap (srv);

        int n = 0;
        int listen_at = -1, signal_at = -1, control_at = -1;
        if (signal_fd >= 0) {
            signal_at = n;
            fds [n++] = (struct pollfd) { .fd = signal_fd, .events = POLLIN };
        }
        if (srv->listen_fd >= 0) {
            listen_at = n;
            fds [n++] = (struct pollfd) { .fd = srv->listen_fd, .events = POLLIN };
        }
        int first_session = n;
        for (int i = 0; i < srv->nsessions; i++) {
            sim_session_t *s = srv->sessions [i];
            short ev = POLLIN;
            if (sim_session_wants_write (s))
                ev |= POLLOUT;
            polled [n - first_session] = s;
            fds [n++] = (struct pollfd) { .fd = s->fd, .events = ev };
        }
        int nsess = n - first_session;
        int ncontrol = 0;
        if (srv->control) {
            control_at = n;
            ncontrol = sim_control_pollfds (srv->control, fds + n,
                                            (int) (sizeof fds / sizeof fds [0]) - n);
            n += ncontrol;
        }
        int rc = poll (fds, (nfds_t) n, s_poll_timeout (srv));
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            rt_log_error ("poll: %s", strerror (errno));
            return RT_EIO;
        }
        srv->mono_ms = sim_mono_ms ();
        if (signal_at >= 0 && (fds [signal_at].revents & POLLIN)) {
            struct signalfd_siginfo info;
            if (read (signal_fd, &info, sizeof info) == (ssize_t) sizeof info)
                rt_log_info ("signal %u: shutting down", info.ssi_signo);
            srv->quit = true;
            break;
        }
        for (int i = 0; i < nsess; i++) {
            sim_session_t *s = polled [i];
            short re = fds [first_session + i].revents;
            if (!re || s->state == SIM_S_DEAD)
                continue;
            if (re & (POLLIN | POLLHUP | POLLERR))
                s_read (srv, s);
            if (s->state != SIM_S_DEAD && (re & POLLOUT))
                s_flush (srv, s);
        }
        if (control_at >= 0)
            sim_control_handle (srv->control, fds + control_at, ncontrol);
        if (listen_at >= 0 && srv->listen_fd >= 0 && (fds [listen_at].revents & POLLIN))
            s_accept (srv);
        if (srv->nhist_jobs > 0)
            sim_hist_slice (srv);
    }
    sim_server_drop_all (srv, NULL);
    s_reap (srv);
    return 0;
}
