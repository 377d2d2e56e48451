/*  rt_test_proc.c - spawn, watch and stop child processes; the kill-everything safety net. */
#include "rt_test_proc.h"
#include "rt_test_time.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

//  Granularity of the exit wait: waitpid has no timeout.
#define S_WAIT_POLL_MS 2
#define S_DESTROY_STOP_MS 2000

struct _rt_test_proc_t {
    pid_t pid;                      //  0 once reaped
    int status;                     //  normalised exit status once reaped
    char name [64];
    rt_test_lines_t *out;
    rt_test_lines_t *err;
};

//  --- The registry of live children --------------------------------------------------------

static pid_t s_live [RT_TEST_PROC_MAX];
static bool s_atexit_done;

static void
s_register (pid_t pid)
{
    for (size_t i = 0; i < RT_TEST_PROC_MAX; i++)
        if (s_live [i] == 0) {
            s_live [i] = pid;
            return;
        }
    //  Full: the child still dies with us (PDEATHSIG), it only escapes rt_test_kill_all.
    fprintf (stderr, "rt_test_proc: more than %d live children\n", RT_TEST_PROC_MAX);
}

static void
s_unregister (pid_t pid)
{
    for (size_t i = 0; i < RT_TEST_PROC_MAX; i++)
        if (s_live [i] == pid)
            s_live [i] = 0;
}

int
rt_test_kill_all (void)
{
    int killed = 0;
    for (size_t i = 0; i < RT_TEST_PROC_MAX; i++) {
        pid_t pid = s_live [i];
        if (pid <= 0)
            continue;
        if (kill (pid, SIGKILL) == 0)
            killed++;
        while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
            ;
        s_live [i] = 0;
    }
    return killed;
}

int
rt_test_group_teardown (void **state)
{
    (void) state;
    rt_test_kill_all ();
    return 0;
}

static void
s_atexit (void)
{
    int killed = rt_test_kill_all ();
    if (killed > 0)
        fprintf (stderr, "rt_test_proc: killed %d child process(es) left running at exit\n",
                 killed);
}

//  --- Spawning -------------------------------------------------------------------------------

static int
s_normalise (int status)
{
    if (WIFEXITED (status))
        return WEXITSTATUS (status);
    if (WIFSIGNALED (status))
        return 128 + WTERMSIG (status);
    return 255;
}

static size_t
s_key_len (const char *entry)
{
    const char *eq = strchr (entry, '=');
    return eq ? (size_t) (eq - entry) : strlen (entry);
}

//  environ minus the keys env names, plus env's "K=V" entries. A malloc'd array of borrowed
//  strings; NULL when out of memory.
static char **
s_build_env (const char *const *env)
{
    size_t n_env = 0, n_extra = 0;
    while (environ && environ [n_env])
        n_env++;
    while (env && env [n_extra])
        n_extra++;
    char **out = calloc (n_env + n_extra + 1, sizeof *out);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < n_env; i++) {
        size_t klen = s_key_len (environ [i]);
        bool overridden = false;
        for (size_t j = 0; j < n_extra && !overridden; j++)
            overridden = s_key_len (env [j]) == klen
                      && strncmp (env [j], environ [i], klen) == 0;
        if (!overridden)
            out [n++] = environ [i];
    }
    for (size_t j = 0; j < n_extra; j++)
        if (strchr (env [j], '='))
            out [n++] = (char *) env [j];
    out [n] = NULL;
    return out;
}

//  Opens the descriptor the child gets for one stream; *read_end gets the test's end of a
//  pipe. -1 means inherit; -2 means failure.
static int
s_open_target (rt_test_io_t how, const char *path, int *read_end)
{
    *read_end = -1;
    switch (how) {
        case RT_TEST_IO_INHERIT:
        case RT_TEST_IO_STDOUT:
            return -1;
        case RT_TEST_IO_NULL:
            return open ("/dev/null", O_WRONLY | O_CLOEXEC);
        case RT_TEST_IO_FILE:
            if (!path)
                return -2;
            return open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        case RT_TEST_IO_PIPE: {
            int fds [2];
            if (pipe2 (fds, O_CLOEXEC) != 0)
                return -2;
            *read_end = fds [0];
            return fds [1];
        }
    }
    return -2;
}

rt_test_proc_t *
rt_test_proc_spawn (const char *const *argv, const rt_test_spawn_opts_t *opts)
{
    assert (argv && argv [0]);
    static const rt_test_spawn_opts_t none;
    if (!opts)
        opts = &none;
    if (!s_atexit_done) {
        if (atexit (s_atexit) != 0)
            fprintf (stderr, "rt_test_proc: atexit failed\n");
        s_atexit_done = true;
    }
    rt_test_proc_t *self = calloc (1, sizeof *self);
    char **envp = s_build_env (opts->env);
    int out_w = -1, out_r = -1, err_w = -1, err_r = -1;
    if (!self || !envp)
        goto fail;
    const char *slash = strrchr (argv [0], '/');
    snprintf (self->name, sizeof self->name, "%s", slash ? slash + 1 : argv [0]);
    if (access (argv [0], X_OK) != 0) {
        fprintf (stderr, "rt_test_proc: %s is not executable: %s\n", argv [0],
                 strerror (errno));
        goto fail;
    }
    out_w = s_open_target (opts->out, opts->out_path, &out_r);
    err_w = s_open_target (opts->err, opts->err_path, &err_r);
    if (out_w == -2 || err_w == -2) {
        fprintf (stderr, "rt_test_proc: cannot set up output of %s: %s\n", self->name,
                 strerror (errno));
        goto fail;
    }
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid < 0) {
        fprintf (stderr, "rt_test_proc: fork: %s\n", strerror (errno));
        goto fail;
    }
    if (pid == 0) {
        //  Child: async-signal-safe calls only.
        if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () != parent)
            _exit (127);
        if (out_w >= 0 && dup2 (out_w, STDOUT_FILENO) < 0)
            _exit (127);
        if (err_w >= 0 && dup2 (err_w, STDERR_FILENO) < 0)
            _exit (127);
        if (opts->err == RT_TEST_IO_STDOUT && dup2 (STDOUT_FILENO, STDERR_FILENO) < 0)
            _exit (127);
        //  A test may run with SIGPIPE ignored or signals blocked; the child starts clean.
        sigset_t all;
        sigemptyset (&all);
        sigprocmask (SIG_SETMASK, &all, NULL);
        signal (SIGPIPE, SIG_DFL);
        execve (argv [0], (char *const *) argv, envp);
        _exit (127);
    }
    self->pid = pid;
    s_register (pid);
    if (out_w >= 0)
        close (out_w);
    if (err_w >= 0)
        close (err_w);
    out_w = err_w = -1;
    free (envp);
    envp = NULL;
    if (opts->out == RT_TEST_IO_PIPE)
        self->out = rt_test_lines_new (out_r, true);
    else
    if (opts->out == RT_TEST_IO_FILE)
        self->out = rt_test_lines_new_file (opts->out_path);
    if (opts->err == RT_TEST_IO_PIPE)
        self->err = rt_test_lines_new (err_r, true);
    else
    if (opts->err == RT_TEST_IO_FILE)
        self->err = rt_test_lines_new_file (opts->err_path);
    if ((opts->out == RT_TEST_IO_PIPE || opts->out == RT_TEST_IO_FILE) && !self->out)
        goto fail_started;
    if ((opts->err == RT_TEST_IO_PIPE || opts->err == RT_TEST_IO_FILE) && !self->err)
        goto fail_started;
    return self;

fail_started:
    rt_test_proc_destroy (&self);
    return NULL;
fail:
    if (out_w >= 0)
        close (out_w);
    if (out_r >= 0)
        close (out_r);
    if (err_w >= 0)
        close (err_w);
    if (err_r >= 0)
        close (err_r);
    free (envp);
    free (self);
    return NULL;
}

void
rt_test_proc_destroy (rt_test_proc_t **self_p)
{
    assert (self_p);
    rt_test_proc_t *self = *self_p;
    if (!self)
        return;
    if (self->pid > 0)
        rt_test_proc_stop (self, S_DESTROY_STOP_MS);
    rt_test_lines_destroy (&self->out);
    rt_test_lines_destroy (&self->err);
    free (self);
    *self_p = NULL;
}

pid_t
rt_test_proc_pid (const rt_test_proc_t *self)
{
    return self->pid;
}

const char *
rt_test_proc_name (const rt_test_proc_t *self)
{
    return self->name;
}

rt_test_lines_t *
rt_test_proc_stdout (rt_test_proc_t *self)
{
    return self->out;
}

rt_test_lines_t *
rt_test_proc_stderr (rt_test_proc_t *self)
{
    return self->err;
}

int
rt_test_proc_wait_line (rt_test_proc_t *self, const char *needle, char *line, size_t cap,
                        int timeout_ms)
{
    if (!self->out)
        return RT_EINVAL;
    return rt_test_lines_wait (self->out, needle, RT_TEST_MATCH_SUBSTR, line, cap, timeout_ms);
}

int
rt_test_proc_signal (rt_test_proc_t *self, int sig)
{
    if (self->pid <= 0)
        return RT_ECLOSED;
    return kill (self->pid, sig) == 0 ? 0 : RT_EIO;
}

//  Reaps the child if it has exited: true when it is gone.
static bool
s_reap (rt_test_proc_t *self, bool block)
{
    if (self->pid <= 0)
        return true;
    int status = 0;
    pid_t rc;
    do
        rc = waitpid (self->pid, &status, block ? 0 : WNOHANG);
    while (rc < 0 && errno == EINTR);
    if (rc == 0)
        return false;
    if (rc < 0)
        status = 255 << 8;          //  not our child any more: treat as gone
    s_unregister (self->pid);
    self->status = rc < 0 ? 255 : s_normalise (status);
    self->pid = 0;
    return true;
}

bool
rt_test_proc_running (rt_test_proc_t *self)
{
    return !s_reap (self, false);
}

int
rt_test_proc_wait (rt_test_proc_t *self, int timeout_ms)
{
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    while (!s_reap (self, false)) {
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0)
            return RT_ETIMEOUT;
        rt_test_sleep_ms (left < S_WAIT_POLL_MS ? (int) left : S_WAIT_POLL_MS);
    }
    return self->status;
}

int
rt_test_proc_stop (rt_test_proc_t *self, int timeout_ms)
{
    if (self->pid <= 0)
        return self->status;
    if (kill (self->pid, SIGTERM) != 0 && errno != ESRCH)
        fprintf (stderr, "rt_test_proc: kill %d: %s\n", (int) self->pid, strerror (errno));
    int rc = rt_test_proc_wait (self, timeout_ms);
    if (rc != RT_ETIMEOUT)
        return rc;
    fprintf (stderr, "rt_test_proc: %s (pid %d) ignored SIGTERM for %d ms: SIGKILL\n",
             self->name, (int) self->pid, timeout_ms);
    kill (self->pid, SIGKILL);
    s_reap (self, true);
    return RT_ETIMEOUT;
}

int
rt_test_run (const char *const *argv, const char *const *env, char *out, size_t cap,
             int timeout_ms)
{
    assert (out && cap > 0);
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE, .err = RT_TEST_IO_STDOUT };
    rt_test_proc_t *proc = rt_test_proc_spawn (argv, &opts);
    if (!proc)
        return RT_EIO;
    int fd = rt_test_lines_fd (rt_test_proc_stdout (proc));
    size_t used = 0;
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    int rc = 0;
    //  Read raw bytes to EOF: the output is compared whole, line structure and all.
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        if (left <= 0) {
            rc = RT_ETIMEOUT;
            break;
        }
        char chunk [4096];
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int pr = poll (&pfd, 1, (int) left);
        if (pr < 0 && errno != EINTR) {
            rc = RT_EIO;
            break;
        }
        if (pr <= 0)
            continue;
        ssize_t got = read (fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t room = cap - 1 - used;
        size_t copy = (size_t) got < room ? (size_t) got : room;
        memcpy (out + used, chunk, copy);
        used += copy;
    }
    out [used] = 0;
    if (rc == 0)
        rc = rt_test_proc_wait (proc, (int) (deadline - rt_test_now_ms () > 0
                                             ? deadline - rt_test_now_ms () : 0));
    if (rc < 0) {
        rt_test_proc_signal (proc, SIGKILL);
        rt_test_proc_wait (proc, 5000);
    }
    rt_test_proc_destroy (&proc);
    return rc;
}

int
rt_test_bin_path (char *buf, size_t cap, const char *name)
{
    const char *dir = getenv ("RT_BIN_DIR");
    int n = snprintf (buf, cap, "%s/%s", dir && *dir ? dir : "build/bin", name);
    return n >= 0 && (size_t) n < cap ? 0 : RT_ERANGE;
}
