/*  rt_test_sim.c - tws-sim fixture: start, ready line, control client, stop. */
#include "rt_test_sim.h"
#include "rt_test_time.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define S_CTL_BUF (1 << 20)         //  `orders` / `executions` replies can be long

struct _rt_test_sim_t {
    rt_test_proc_t *proc;
    int port;
    int control_port;
    int control_fd;
    char *ctl_buf;
    size_t ctl_len;
};

static int
s_connect (int port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (connect (fd, (struct sockaddr *) &sa, sizeof sa) != 0) {
        close (fd);
        return -1;
    }
    return fd;
}

rt_test_sim_t *
rt_test_sim_start (const char *const *flags, const rt_test_spawn_opts_t *opts)
{
    rt_test_sim_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->control_fd = -1;
    self->ctl_buf = malloc (S_CTL_BUF);
    char path [1024];
    if (!self->ctl_buf || rt_test_bin_path (path, sizeof path, "tws-sim") != 0)
        goto fail;
    const char *argv [72];
    size_t n = 0;
    argv [n++] = path;
    argv [n++] = "--port";
    argv [n++] = "0";
    argv [n++] = "--control-port";
    argv [n++] = "0";
    argv [n++] = "--log-level";
    argv [n++] = getenv ("SIM_TEST_LOG") ? getenv ("SIM_TEST_LOG") : "warn";
    for (size_t i = 0; flags && flags [i]; i++) {
        if (n == sizeof argv / sizeof argv [0] - 1) {
            fprintf (stderr, "rt_test_sim: too many flags\n");
            goto fail;
        }
        argv [n++] = flags [i];
    }
    argv [n] = NULL;
    rt_test_spawn_opts_t spawn = { .out = RT_TEST_IO_PIPE };
    if (opts) {
        spawn.env = opts->env;
        spawn.err = opts->err;
        spawn.err_path = opts->err_path;
    }
    self->proc = rt_test_proc_spawn (argv, &spawn);
    if (!self->proc)
        goto fail;
    char line [512];
    int rc = rt_test_proc_wait_line (self->proc, "tws-sim listening on", line, sizeof line,
                                     RT_TEST_SIM_READY_MS);
    if (rc != 0) {
        fprintf (stderr, "rt_test_sim: no ready line within %d ms (%s)\n",
                 RT_TEST_SIM_READY_MS, rt_strerror (rc));
        goto fail;
    }
    if (sscanf (line, "tws-sim listening on 127.0.0.1:%d (control on %d)", &self->port,
                &self->control_port) != 2) {
        fprintf (stderr, "rt_test_sim: unexpected ready line '%s'\n", line);
        goto fail;
    }
    self->control_fd = s_connect (self->control_port);
    if (self->control_fd < 0) {
        fprintf (stderr, "rt_test_sim: control port %d: %s\n", self->control_port,
                 strerror (errno));
        goto fail;
    }
    return self;
fail:
    rt_test_sim_destroy (&self);
    return NULL;
}

int
rt_test_sim_stop (rt_test_sim_t *self)
{
    if (self->control_fd >= 0)
        close (self->control_fd);
    self->control_fd = -1;
    self->ctl_len = 0;
    if (!self->proc)
        return RT_ECLOSED;
    int rc = rt_test_proc_stop (self->proc, 5000);
    return rc;
}

void
rt_test_sim_destroy (rt_test_sim_t **self_p)
{
    assert (self_p);
    rt_test_sim_t *self = *self_p;
    if (!self)
        return;
    rt_test_sim_stop (self);
    rt_test_proc_destroy (&self->proc);
    free (self->ctl_buf);
    free (self);
    *self_p = NULL;
}

int
rt_test_sim_port (const rt_test_sim_t *self)
{
    return self->port;
}

int
rt_test_sim_control_port (const rt_test_sim_t *self)
{
    return self->control_port;
}

pid_t
rt_test_sim_pid (const rt_test_sim_t *self)
{
    return self->proc ? rt_test_proc_pid (self->proc) : 0;
}

rt_test_proc_t *
rt_test_sim_proc (rt_test_sim_t *self)
{
    return self->proc;
}

static char *
s_ctl_va (rt_test_sim_t *self, const char *fmt, va_list ap)
{
    if (self->control_fd < 0)
        return NULL;
    char cmd [512];
    int n = vsnprintf (cmd, sizeof cmd - 1, fmt, ap);
    if (n < 0 || (size_t) n >= sizeof cmd - 1)
        return NULL;
    cmd [n++] = '\n';
    if (send (self->control_fd, cmd, (size_t) n, MSG_NOSIGNAL) != n)
        return NULL;
    int64_t deadline = rt_test_now_ms () + RT_TEST_SIM_CTL_MS;
    for (;;) {
        char *nl = memchr (self->ctl_buf, '\n', self->ctl_len);
        if (nl) {
            size_t len = (size_t) (nl - self->ctl_buf);
            char *reply = strndup (self->ctl_buf, len);
            memmove (self->ctl_buf, nl + 1, self->ctl_len - len - 1);
            self->ctl_len -= len + 1;
            return reply;
        }
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0 || self->ctl_len == S_CTL_BUF)
            return NULL;
        struct pollfd pfd = { .fd = self->control_fd, .events = POLLIN };
        int rc = poll (&pfd, 1, (int) left);
        if (rc < 0 && errno != EINTR)
            return NULL;
        if (rc <= 0)
            continue;
        ssize_t got = recv (self->control_fd, self->ctl_buf + self->ctl_len,
                            S_CTL_BUF - self->ctl_len, 0);
        if (got == 0 || (got < 0 && errno != EINTR))
            return NULL;
        if (got > 0)
            self->ctl_len += (size_t) got;
    }
}

char *
rt_test_sim_ctl_line (rt_test_sim_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *reply = s_ctl_va (self, fmt, ap);
    va_end (ap);
    return reply;
}

static json_t *
s_ctl_json_va (rt_test_sim_t *self, const char *fmt, va_list ap)
{
    char *reply = s_ctl_va (self, fmt, ap);
    if (!reply) {
        fprintf (stderr, "rt_test_sim: no reply to a control command (closed, or none "
                 "within %d ms)\n", RT_TEST_SIM_CTL_MS);
        return NULL;
    }
    json_error_t error;
    json_t *j = json_loads (reply, 0, &error);
    if (!j)
        fprintf (stderr, "rt_test_sim: control reply is not JSON (%s): %s\n", error.text,
                 reply);
    free (reply);
    return j;
}

json_t *
rt_test_sim_ctl (rt_test_sim_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    json_t *j = s_ctl_json_va (self, fmt, ap);
    va_end (ap);
    return j;
}

bool
rt_test_sim_ctl_ok (rt_test_sim_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char cmd [512];
    va_list copy;
    va_copy (copy, ap);
    vsnprintf (cmd, sizeof cmd, fmt, copy);
    va_end (copy);
    json_t *j = s_ctl_json_va (self, fmt, ap);
    va_end (ap);
    bool ok = j && json_is_true (json_object_get (j, "ok"));
    if (!ok) {
        char *text = j ? json_dumps (j, JSON_COMPACT) : NULL;
        fprintf (stderr, "rt_test_sim: control '%s' -> %s\n", cmd, text ? text : "(none)");
        free (text);
    }
    json_decref (j);
    return ok;
}
