/*  run_sup.c - the supervisor's loop: fork/exec, pipes into the logs, restarts, stop. */
#include "run_sup.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rt_backoff.h"
#include "rt_clock.h"
#include "rt_log.h"

#define S_LINE_MAX 512

typedef struct {
    const run_entry_t *entry;
    char path [PATH_MAX];           //  the program, resolved once
    bool skipped;
    pid_t pid;                      //  0 while not running
    int pipe_fd;                    //  its stdout + stderr; -1 when closed
    int log_fd;
    uint64_t started_ms;
    uint64_t restart_at_ms;         //  0: no restart pending
    unsigned runs;
    bool ready;
    char line [S_LINE_MAX];         //  the output line being assembled, for the ready check
    size_t line_len;
    rt_backoff_t backoff;
} s_child_t;

struct _run_sup_t {
    run_sup_opts_t opts;
    s_child_t children [RUN_TABLE_MAX];
    size_t count;
    int sig_fd;
    sigset_t old_mask;
    bool stopping;
    bool killed;                    //  SIGKILL sent to the stragglers
    uint64_t kill_at_ms;
};

static bool
s_executable (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0 && S_ISREG (st.st_mode) && access (path, X_OK) == 0;
}

//  PROGRAM with a '/' as given; else the binary directory, then PATH. 0 or RT_EMISSING.
static int
s_resolve (const char *prog, const char *bin_dir, char *out, size_t cap)
{
    if (strchr (prog, '/')) {
        snprintf (out, cap, "%s", prog);
        return s_executable (out) ? 0 : RT_EMISSING;
    }
    if (bin_dir && *bin_dir) {
        snprintf (out, cap, "%s/%s", bin_dir, prog);
        if (s_executable (out))
            return 0;
    }
    const char *path = getenv ("PATH");
    while (path && *path) {
        const char *colon = strchr (path, ':');
        int n = colon ? (int) (colon - path) : (int) strlen (path);
        snprintf (out, cap, "%.*s/%s", n, path, prog);
        if (n > 0 && s_executable (out))
            return 0;
        path = colon ? colon + 1 : NULL;
    }
    return RT_EMISSING;
}

//  Writes all of buf to the child's log; a full disk is reported, never fatal.
static void
s_log_write (s_child_t *c, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write (c->log_fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rt_log_warn ("%s: cannot write its log: %s", c->entry->name, strerror (errno));
            return;
        }
        buf += n;
        len -= (size_t) n;
    }
}

static void
s_marker (s_child_t *c, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

//  A "=== rt-run: ... ===" line in the child's log, with the wall-clock time.
static void
s_marker (s_child_t *c, const char *fmt, ...)
{
    char text [512], stamp [32], line [600];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (text, sizeof text, fmt, ap);
    va_end (ap);
    time_t t = time (NULL);
    struct tm tm;
    if (!gmtime_r (&t, &tm) || strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf (stamp, sizeof stamp, "?");
    int n = snprintf (line, sizeof line, "=== rt-run %s: %s ===\n", stamp, text);
    if (n > 0)
        s_log_write (c, line, (size_t) n < sizeof line ? (size_t) n : sizeof line - 1);
}

static void
s_status_text (int status, char *buf, size_t cap)
{
    if (WIFEXITED (status))
        snprintf (buf, cap, "exited with status %d", WEXITSTATUS (status));
    else
    if (WIFSIGNALED (status))
        snprintf (buf, cap, "was killed by signal %d (%s)", WTERMSIG (status),
                  strsignal (WTERMSIG (status)));
    else
        snprintf (buf, cap, "ended (status 0x%x)", status);
}

static int
s_start (run_sup_t *self, s_child_t *c, uint64_t now)
{
    int fds [2];
    if (pipe2 (fds, O_CLOEXEC) != 0) {
        rt_log_error ("%s: pipe: %s", c->entry->name, strerror (errno));
        return RT_EIO;
    }
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid < 0) {
        rt_log_error ("%s: fork: %s", c->entry->name, strerror (errno));
        close (fds [0]);
        close (fds [1]);
        return RT_EIO;
    }
    if (pid == 0) {
        //  The child: its own process group (a terminal's Ctrl-C reaches only the
        //  supervisor, which then stops everyone in order), dies with the supervisor.
        if (sigprocmask (SIG_SETMASK, &self->old_mask, NULL) != 0
        ||  signal (SIGPIPE, SIG_DFL) == SIG_ERR
        ||  setpgid (0, 0) != 0
        ||  prctl (PR_SET_PDEATHSIG, SIGTERM) != 0
        ||  getppid () != parent)
            _exit (127);
        int null_fd = open ("/dev/null", O_RDONLY);
        if (null_fd < 0 || dup2 (null_fd, 0) < 0 || dup2 (fds [1], 1) < 0
        ||  dup2 (fds [1], 2) < 0)
            _exit (127);
        //  LOG_FILE would send every service to one file: each has its own log here.
        unsetenv ("LOG_FILE");
        for (size_t i = 0; c->entry->env [i]; i++)
            if (putenv (c->entry->env [i]) != 0)
                _exit (127);
        execv (c->path, c->entry->argv);
        dprintf (2, "rt-run: cannot run %s: %s\n", c->path, strerror (errno));
        _exit (127);
    }
    //  Also from here, so a signal sent to the group right away cannot miss it.
    if (setpgid (pid, pid) != 0 && errno != EACCES && errno != ESRCH)
        rt_log_warn ("%s: setpgid: %s", c->entry->name, strerror (errno));
    close (fds [1]);
    int flags = fcntl (fds [0], F_GETFL);
    if (flags < 0 || fcntl (fds [0], F_SETFL, flags | O_NONBLOCK) != 0)
        rt_log_warn ("%s: cannot make its pipe non-blocking: %s", c->entry->name,
                     strerror (errno));
    c->pid = pid;
    c->pipe_fd = fds [0];
    c->started_ms = now;
    c->restart_at_ms = 0;
    c->ready = false;
    c->line_len = 0;
    c->runs++;
    if (c->runs == 1) {
        s_marker (c, "start of %s (pid %d)", c->path, (int) pid);
        rt_log_info ("%s started (pid %d), log %s/%s.log", c->entry->name, (int) pid,
                     self->opts.log_dir, c->entry->name);
    }
    else {
        s_marker (c, "restart %u of %s (pid %d)", c->runs - 1, c->path, (int) pid);
        rt_log_info ("%s restarted (pid %d, restart %u)", c->entry->name, (int) pid,
                     c->runs - 1);
    }
    return 0;
}

//  Looks at one complete output line for the ready line.
static void
s_line (s_child_t *c)
{
    c->line [c->line_len] = 0;
    if (!c->ready && (strstr (c->line, " ready:") || strstr (c->line, "listening on"))) {
        c->ready = true;
        rt_log_info ("%s ready (pid %d): %s", c->entry->name, (int) c->pid, c->line);
    }
    c->line_len = 0;
}

//  Reads what the child wrote into its log. Returns false at EOF or on error (pipe closed).
static bool
s_drain (s_child_t *c)
{
    char buf [4096];
    for (;;) {
        ssize_t n = read (c->pipe_fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n <= 0)
            break;
        s_log_write (c, buf, (size_t) n);
        for (ssize_t i = 0; i < n; i++) {
            if (buf [i] == '\n')
                s_line (c);
            else
            if (c->line_len < S_LINE_MAX - 1)
                c->line [c->line_len++] = buf [i];
        }
    }
    if (c->line_len > 0)
        s_line (c);
    close (c->pipe_fd);
    c->pipe_fd = -1;
    return false;
}

static void
s_reaped (run_sup_t *self, s_child_t *c, int status, uint64_t now)
{
    if (c->pipe_fd >= 0)
        s_drain (c);        //  what it wrote last; a grandchild holding the pipe is cut off
    if (c->pipe_fd >= 0) {
        close (c->pipe_fd);
        c->pipe_fd = -1;
    }
    char what [128];
    s_status_text (status, what, sizeof what);
    uint64_t ran = now - c->started_ms;
    pid_t pid = c->pid;
    c->pid = 0;
    if (self->stopping) {
        s_marker (c, "stopped: pid %d %s", (int) pid, what);
        rt_log_info ("%s (pid %d) %s", c->entry->name, (int) pid, what);
        return;
    }
    if (ran >= self->opts.stable_ms)
        rt_backoff_reset (&c->backoff);
    uint64_t delay = rt_backoff_next (&c->backoff);
    c->restart_at_ms = now + delay;
    if (c->restart_at_ms == 0)
        c->restart_at_ms = 1;
    s_marker (c, "pid %d %s after %llu ms; restart %u in %llu ms", (int) pid, what,
              (unsigned long long) ran, c->runs, (unsigned long long) delay);
    rt_log_warn ("%s (pid %d) %s after %llu ms; restart %u in %llu ms", c->entry->name,
                 (int) pid, what, (unsigned long long) ran, c->runs,
                 (unsigned long long) delay);
}

static void
s_reap_all (run_sup_t *self, uint64_t now)
{
    for (;;) {
        int status = 0;
        pid_t pid = waitpid (-1, &status, WNOHANG);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0)
            return;
        for (size_t i = 0; i < self->count; i++)
            if (self->children [i].pid == pid)
                s_reaped (self, &self->children [i], status, now);
    }
}

static void
s_signal_all (run_sup_t *self, int sig)
{
    for (size_t i = self->count; i-- > 0;) {
        s_child_t *c = &self->children [i];
        if (c->pid > 0 && kill (c->pid, sig) != 0 && errno != ESRCH)
            rt_log_warn ("%s: kill %d: %s", c->entry->name, sig, strerror (errno));
    }
}

static size_t
s_running (const run_sup_t *self)
{
    size_t n = 0;
    for (size_t i = 0; i < self->count; i++)
        n += self->children [i].pid > 0;
    return n;
}

static void
s_begin_stop (run_sup_t *self, uint64_t now, const char *why)
{
    if (self->stopping) {
        if (!self->killed) {
            rt_log_warn ("%s again: SIGKILL to the %zu still running", why, s_running (self));
            s_signal_all (self, SIGKILL);
            self->killed = true;
        }
        return;
    }
    self->stopping = true;
    self->kill_at_ms = now + self->opts.stop_timeout_ms;
    for (size_t i = 0; i < self->count; i++)
        self->children [i].restart_at_ms = 0;
    rt_log_info ("%s: stopping %zu process(es) (SIGTERM, SIGKILL after %llu ms)", why,
                 s_running (self), (unsigned long long) self->opts.stop_timeout_ms);
    s_signal_all (self, SIGTERM);
}

run_sup_t *
run_sup_new (const run_table_t *table, const run_sup_opts_t *opts, const char *const *skip)
{
    run_sup_t *self = calloc (1, sizeof *self);
    if (!self) {
        rt_log_error ("out of memory");
        return NULL;
    }
    self->opts = *opts;
    self->sig_fd = -1;
    if (mkdir (opts->log_dir, 0755) != 0 && errno != EEXIST) {
        rt_log_error ("cannot create %s: %s", opts->log_dir, strerror (errno));
        goto fail;
    }
    uint64_t seed = (uint64_t) getpid () ^ rt_clock_mono_ns ();
    for (size_t i = 0; i < run_table_size (table); i++) {
        s_child_t *c = &self->children [self->count++];
        c->entry = run_table_entry (table, i);
        c->pipe_fd = -1;
        c->log_fd = -1;
        rt_backoff_init (&c->backoff, opts->backoff_base_ms, opts->backoff_cap_ms, seed + i);
        for (size_t k = 0; skip && skip [k]; k++)
            if (strcmp (skip [k], c->entry->name) == 0)
                c->skipped = true;
        if (c->skipped) {
            rt_log_info ("%s: skipped", c->entry->name);
            continue;
        }
        if (s_resolve (c->entry->argv [0], opts->bin_dir, c->path, sizeof c->path) != 0) {
            rt_log_warn ("%s: %s not found (not built yet?), skipped", c->entry->name,
                         c->entry->argv [0]);
            c->skipped = true;
            continue;
        }
        char log [PATH_MAX];
        snprintf (log, sizeof log, "%s/%s.log", opts->log_dir, c->entry->name);
        c->log_fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
        if (c->log_fd < 0) {
            rt_log_error ("cannot open %s: %s", log, strerror (errno));
            goto fail;
        }
    }
    return self;
fail:
    run_sup_destroy (&self);
    return NULL;
}

void
run_sup_destroy (run_sup_t **self_p)
{
    run_sup_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->count; i++) {
        s_child_t *c = &self->children [i];
        if (c->pid > 0) {
            //  Only when run_sup_run was never called or failed half-way.
            if (kill (c->pid, SIGKILL) == 0)
                waitpid (c->pid, NULL, 0);
        }
        if (c->pipe_fd >= 0)
            close (c->pipe_fd);
        if (c->log_fd >= 0)
            close (c->log_fd);
    }
    if (self->sig_fd >= 0) {
        close (self->sig_fd);
        sigprocmask (SIG_SETMASK, &self->old_mask, NULL);
    }
    free (self);
    *self_p = NULL;
}

//  ms until the next timer (restart or SIGKILL deadline), -1 for none.
static int
s_timeout (const run_sup_t *self, uint64_t now)
{
    uint64_t next = UINT64_MAX;
    for (size_t i = 0; i < self->count; i++)
        if (self->children [i].restart_at_ms && self->children [i].restart_at_ms < next)
            next = self->children [i].restart_at_ms;
    if (self->stopping && !self->killed && self->kill_at_ms < next)
        next = self->kill_at_ms;
    if (next == UINT64_MAX)
        return -1;
    return next <= now ? 0 : (int) (next - now > 60000 ? 60000 : next - now);
}

int
run_sup_run (run_sup_t *self)
{
    int rc = 0;
    size_t runnable = 0;
    for (size_t i = 0; i < self->count; i++)
        runnable += !self->children [i].skipped;
    if (runnable == 0) {
        rt_log_error ("nothing to run");
        return RT_EINVAL;
    }
    sigset_t mask;
    sigemptyset (&mask);
    sigaddset (&mask, SIGCHLD);
    sigaddset (&mask, SIGINT);
    sigaddset (&mask, SIGTERM);
    if (sigprocmask (SIG_BLOCK, &mask, &self->old_mask) != 0) {
        rt_log_error ("sigprocmask: %s", strerror (errno));
        return RT_EIO;
    }
    self->sig_fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (self->sig_fd < 0 || signal (SIGPIPE, SIG_IGN) == SIG_ERR) {
        rt_log_error ("signalfd: %s", strerror (errno));
        rc = RT_EIO;
        goto stop;
    }
    uint64_t now = rt_clock_mono_ms ();
    for (size_t i = 0; i < self->count; i++)
        if (!self->children [i].skipped && s_start (self, &self->children [i], now) != 0) {
            rc = RT_EIO;
            goto stop;
        }

    struct pollfd fds [RUN_TABLE_MAX + 1];
    s_child_t *owners [RUN_TABLE_MAX + 1];
    while (!self->stopping || s_running (self) > 0) {
        size_t nfds = 0;
        fds [nfds++] = (struct pollfd) { .fd = self->sig_fd, .events = POLLIN };
        for (size_t i = 0; i < self->count; i++)
            if (self->children [i].pipe_fd >= 0) {
                owners [nfds] = &self->children [i];
                fds [nfds++] = (struct pollfd) { .fd = self->children [i].pipe_fd,
                                                 .events = POLLIN };
            }
        int n = poll (fds, nfds, s_timeout (self, rt_clock_mono_ms ()));
        if (n < 0 && errno != EINTR) {
            rt_log_error ("poll: %s", strerror (errno));
            rc = RT_EIO;
            goto stop;
        }
        now = rt_clock_mono_ms ();
        //  Output first, so a child's last lines precede the note of its exit.
        for (size_t i = 1; n > 0 && i < nfds; i++)
            if (fds [i].revents && owners [i]->pipe_fd >= 0)
                s_drain (owners [i]);
        if (n > 0 && (fds [0].revents & POLLIN)) {
            struct signalfd_siginfo si;
            while (read (self->sig_fd, &si, sizeof si) == (ssize_t) sizeof si) {
                if (si.ssi_signo == SIGCHLD)
                    s_reap_all (self, now);
                else
                    s_begin_stop (self, now, si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
            }
            s_reap_all (self, now);     //  SIGCHLDs coalesce: reap whatever has exited
        }
        for (size_t i = 0; i < self->count; i++) {
            s_child_t *c = &self->children [i];
            if (!self->stopping && c->restart_at_ms && c->restart_at_ms <= now
            &&  s_start (self, c, now) != 0) {
                //  fork or pipe failing: the machine is in trouble; try again later.
                c->restart_at_ms = now + rt_backoff_next (&c->backoff) + 1;
            }
        }
        if (self->stopping && !self->killed && now >= self->kill_at_ms && s_running (self)) {
            rt_log_warn ("%zu process(es) still running after %llu ms: SIGKILL",
                         s_running (self), (unsigned long long) self->opts.stop_timeout_ms);
            s_signal_all (self, SIGKILL);
            self->killed = true;
        }
    }
    rt_log_info ("every process stopped");
    return 0;

stop:
    //  A failure of the loop itself: nothing may outlive the supervisor.
    s_signal_all (self, SIGKILL);
    for (size_t i = 0; i < self->count; i++) {
        s_child_t *c = &self->children [i];
        if (c->pid > 0 && waitpid (c->pid, NULL, 0) == c->pid)
            c->pid = 0;
    }
    return rc;
}
