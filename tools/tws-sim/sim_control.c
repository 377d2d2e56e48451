/*  sim_control.c - loopback line-protocol transport for control commands. */
#include "sim_control.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto/rt_error.h"
#include "sim_buf.h"
#include "sim_buf.h"
#include "rt_log.h"

#define SIM_CONTROL_LINE_MAX 4096

typedef struct {
    int fd;
    sim_buf_t in;
    sim_buf_t out;
    int closing;                //  close once the output is flushed
} s_conn_t;

struct sim_control_t {
    int listen_fd;
    int port;
    sim_control_fn *fn;
    void *arg;
    s_conn_t conns [SIM_CONTROL_MAX_CONNS];
};

sim_control_t *
sim_control_new (int port, sim_control_fn *fn, void *arg)
{
    sim_control_t *c = calloc (1, sizeof *c);
    if (!c)
        return NULL;
    c->fn = fn;
    c->arg = arg;
    for (int i = 0; i < SIM_CONTROL_MAX_CONNS; i++)
        c->conns [i].fd = -1;
    c->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->listen_fd < 0) {
        rt_log_error ("control: socket: %s", strerror (errno));
        goto fail;
    }
    int one = 1;
    if (setsockopt (c->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        rt_log_error ("control: setsockopt: %s", strerror (errno));
        goto fail;
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (bind (c->listen_fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        rt_log_error ("control: bind 127.0.0.1:%d: %s", port, strerror (errno));
        goto fail;
    }
    if (listen (c->listen_fd, 16) < 0) {
        rt_log_error ("control: listen: %s", strerror (errno));
        goto fail;
    }
    socklen_t len = sizeof sa;
    if (getsockname (c->listen_fd, (struct sockaddr *) &sa, &len) < 0) {
        rt_log_error ("control: getsockname: %s", strerror (errno));
        goto fail;
    }
    c->port = ntohs (sa.sin_port);
    return c;
fail:
    sim_control_destroy (&c);
    return NULL;
}

static void
s_conn_close (s_conn_t *conn)
{
    if (conn->fd >= 0)
        close (conn->fd);
    conn->fd = -1;
    sim_buf_free (&conn->in);
    sim_buf_free (&conn->out);
    conn->closing = 0;
}

void
sim_control_destroy (sim_control_t **p)
{
    assert (p);
    sim_control_t *c = *p;
    if (!c)
        return;
    for (int i = 0; i < SIM_CONTROL_MAX_CONNS; i++)
        s_conn_close (&c->conns [i]);
    if (c->listen_fd >= 0)
        close (c->listen_fd);
    free (c);
    *p = NULL;
}

int
sim_control_port (const sim_control_t *c)
{
    return c->port;
}

int
sim_control_pollfds (sim_control_t *c, struct pollfd *fds, int max)
{
    int n = 0;
    if (n < max)
        fds [n++] = (struct pollfd) { .fd = c->listen_fd, .events = POLLIN };
    for (int i = 0; i < SIM_CONTROL_MAX_CONNS && n < max; i++) {
        s_conn_t *conn = &c->conns [i];
        if (conn->fd < 0)
            continue;
        short ev = conn->closing ? 0 : POLLIN;
        if (conn->out.len > 0)
            ev |= POLLOUT;
        fds [n++] = (struct pollfd) { .fd = conn->fd, .events = ev };
    }
    return n;
}

static void
s_accept (sim_control_t *c)
{
    int fd = accept4 (c->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            rt_log_warn ("control: accept: %s", strerror (errno));
        return;
    }
    for (int i = 0; i < SIM_CONTROL_MAX_CONNS; i++)
        if (c->conns [i].fd < 0) {
            c->conns [i].fd = fd;
            sim_buf_init (&c->conns [i].in, SIM_CONTROL_LINE_MAX);
            sim_buf_init (&c->conns [i].out, 64u << 20);
            return;
        }
    rt_log_warn ("control: too many connections, refusing one");
    close (fd);
}

static void
s_flush (s_conn_t *conn)
{
    while (conn->out.len > 0) {
        ssize_t n = send (conn->fd, sim_buf_head (&conn->out), conn->out.len,
                          MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                s_conn_close (conn);
            return;
        }
        sim_buf_consume (&conn->out, (size_t) n);
    }
    if (conn->closing)
        s_conn_close (conn);
}

static void
s_reply (s_conn_t *conn, const char *json)
{
    const char *text = json ? json : "{\"ok\":false,\"error\":\"out of memory\"}";
    if (sim_buf_append (&conn->out, text, strlen (text)) < 0
    ||  sim_buf_append (&conn->out, "\n", 1) < 0)
        rt_log_warn ("control: reply dropped (client not reading)");
}

static void
s_read (sim_control_t *c, s_conn_t *conn)
{
    int rc;
    size_t room;
    uint8_t *dst = sim_buf_reserve (&conn->in, 1, &room, &rc);
    if (!dst) {
        s_reply (conn, "{\"ok\":false,\"error\":\"line too long\"}");
        conn->closing = 1;
        return;
    }
    if (room > conn->in.limit - conn->in.len)
        room = conn->in.limit - conn->in.len;
    ssize_t n = recv (conn->fd, dst, room, 0);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            s_conn_close (conn);
        return;
    }
    if (n == 0) {
        conn->closing = 1;
        if (conn->out.len == 0)
            s_conn_close (conn);
        return;
    }
    sim_buf_commit (&conn->in, (size_t) n);
    //  One command per complete line; a command may close this very connection (quit).
    while (conn->fd >= 0 && conn->in.len > 0) {
        const char *head = (const char *) sim_buf_head (&conn->in);
        const char *nl = memchr (head, '\n', conn->in.len);
        if (!nl)
            break;
        size_t len = (size_t) (nl - head);
        char line [SIM_CONTROL_LINE_MAX + 1];
        memcpy (line, head, len);
        line [len] = 0;
        if (len > 0 && line [len - 1] == '\r')
            line [len - 1] = 0;
        sim_buf_consume (&conn->in, len + 1);
        char *json = c->fn (c->arg, line);
        s_reply (conn, json);
        free (json);
    }
}

void
sim_control_handle (sim_control_t *c, const struct pollfd *fds, int n)
{
    for (int i = 0; i < n; i++) {
        if (!fds [i].revents)
            continue;
        if (fds [i].fd == c->listen_fd) {
            s_accept (c);
            continue;
        }
        for (int k = 0; k < SIM_CONTROL_MAX_CONNS; k++) {
            s_conn_t *conn = &c->conns [k];
            if (conn->fd != fds [i].fd)
                continue;
            if (fds [i].revents & (POLLIN | POLLHUP | POLLERR))
                s_read (c, conn);
            if (conn->fd >= 0)
                s_flush (conn);
            break;
        }
    }
}
