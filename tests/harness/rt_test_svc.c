/*  rt_test_svc.c - a service process under test: environment, runs, log, ready line. */
#include "rt_test_svc.h"
#include "rt_test_time.h"

#include <assert.h>
#include <czmq.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define S_ARGS_MAX 16
//  How long a SIGSTOP may take to stop every thread.
#define S_FREEZE_MS 2000

struct _rt_test_svc_t {
    char program [64];
    char path [1024];
    char log [512];
    char env [RT_TEST_SVC_ENV_MAX][RT_TEST_SVC_ENV_LEN];
    size_t env_count;
    rt_test_proc_t *proc;
    bool frozen;
    int runs;
    char ready [RT_TEST_SVC_LINE_MAX];
};

rt_test_svc_t *
rt_test_svc_new (const char *program, const char *log_path)
{
    assert (program && log_path);
    rt_test_svc_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    if (strlen (program) >= sizeof self->program || strlen (log_path) >= sizeof self->log
    ||  rt_test_bin_path (self->path, sizeof self->path, program) != 0) {
        free (self);
        return NULL;
    }
    snprintf (self->program, sizeof self->program, "%s", program);
    snprintf (self->log, sizeof self->log, "%s", log_path);
    return self;
}

void
rt_test_svc_destroy (rt_test_svc_t **self_p)
{
    assert (self_p);
    rt_test_svc_t *self = *self_p;
    if (!self)
        return;
    if (rt_test_svc_running (self)) {
        int rc = rt_test_svc_stop (self, 3000);
        if (rc != 0)
            fprintf (stderr, "rt_test_svc: %s exit status %d at teardown\n", self->program,
                     rc);
    }
    rt_test_proc_destroy (&self->proc);
    free (self);
    *self_p = NULL;
}

//  Sets entry ("K=V" or "K") in the table, replacing the entry with the same key.
static int
s_env_put (rt_test_svc_t *self, const char *entry)
{
    const char *eq = strchr (entry, '=');
    size_t klen = eq ? (size_t) (eq - entry) : strlen (entry);
    if (strlen (entry) >= RT_TEST_SVC_ENV_LEN || klen == 0)
        return RT_ERANGE;
    size_t i;
    for (i = 0; i < self->env_count; i++)
        if (strncmp (self->env [i], entry, klen) == 0
        &&  (self->env [i][klen] == '=' || self->env [i][klen] == 0))
            break;
    if (i == RT_TEST_SVC_ENV_MAX)
        return RT_ERANGE;
    snprintf (self->env [i], RT_TEST_SVC_ENV_LEN, "%s", entry);
    if (i == self->env_count)
        self->env_count++;
    return 0;
}

int
rt_test_svc_setenv (rt_test_svc_t *self, const char *key, const char *fmt, ...)
{
    char value [RT_TEST_SVC_ENV_LEN];
    va_list ap;
    va_start (ap, fmt);
    int n = vsnprintf (value, sizeof value, fmt, ap);
    va_end (ap);
    if (n < 0 || (size_t) n >= sizeof value)
        return RT_ERANGE;
    char entry [RT_TEST_SVC_ENV_LEN * 2];
    snprintf (entry, sizeof entry, "%s=%s", key, value);
    return s_env_put (self, entry);
}

int
rt_test_svc_unsetenv (rt_test_svc_t *self, const char *key)
{
    if (strchr (key, '='))
        return RT_EINVAL;
    return s_env_put (self, key);
}

int
rt_test_svc_env (rt_test_svc_t *self, const char *const *entries)
{
    for (size_t i = 0; entries && entries [i]; i++) {
        int rc = s_env_put (self, entries [i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

//  A marker between runs in the shared log, so a tail shows which run said what.
static void
s_log_marker (rt_test_svc_t *self)
{
    FILE *f = fopen (self->log, "ae");
    if (!f)
        return;
    fprintf (f, "=== start %d of %s ===\n", self->runs, self->program);
    fclose (f);
}

int
rt_test_svc_start (rt_test_svc_t *self, const char *const *args, const char *ready,
                   int timeout_ms)
{
    if (self->proc && rt_test_proc_running (self->proc))
        return RT_EINVAL;
    rt_test_proc_destroy (&self->proc);
    self->frozen = false;
    self->ready [0] = 0;
    const char *argv [S_ARGS_MAX + 2] = { self->path };
    size_t argc = 1;
    for (size_t i = 0; args && args [i]; i++) {
        if (argc == S_ARGS_MAX + 1)
            return RT_ERANGE;
        argv [argc++] = args [i];
    }
    argv [argc] = NULL;
    const char *env [RT_TEST_SVC_ENV_MAX + 1];
    for (size_t i = 0; i < self->env_count; i++)
        env [i] = self->env [i];
    env [self->env_count] = NULL;
    self->runs++;
    s_log_marker (self);
    rt_test_spawn_opts_t opts = { .env = env, .out = RT_TEST_IO_PIPE,
                                  .err = RT_TEST_IO_FILE, .err_path = self->log };
    self->proc = rt_test_proc_spawn (argv, &opts);
    if (!self->proc)
        return RT_EIO;
    char needle [96];
    if (!ready) {
        snprintf (needle, sizeof needle, "%s ready:", self->program);
        ready = needle;
    }
    return rt_test_proc_wait_line (self->proc, ready, self->ready, sizeof self->ready,
                                   timeout_ms);
}

const char *
rt_test_svc_ready_line (const rt_test_svc_t *self)
{
    return self->ready;
}

int
rt_test_svc_stop (rt_test_svc_t *self, int timeout_ms)
{
    if (!self->proc || !rt_test_proc_running (self->proc))
        return self->proc ? rt_test_proc_wait (self->proc, 0) : RT_ECLOSED;
    if (self->frozen)
        rt_test_svc_thaw (self);
    return rt_test_proc_stop (self->proc, timeout_ms);
}

int
rt_test_svc_kill (rt_test_svc_t *self, int sig, int timeout_ms)
{
    if (!self->proc)
        return RT_ECLOSED;
    int rc = rt_test_proc_signal (self->proc, sig);
    if (rc != 0)
        return rc;
    if (self->frozen && sig != SIGKILL)
        rt_test_svc_thaw (self);        //  a stopped process would never act on it
    self->frozen = false;
    return rt_test_proc_wait (self->proc, timeout_ms);
}

//  True when every thread of pid is stopped ('T' in /proc/PID/task/TID/stat).
static bool
s_all_stopped (pid_t pid)
{
    char path [64];
    snprintf (path, sizeof path, "/proc/%d/task", (int) pid);
    DIR *dir = opendir (path);
    if (!dir)
        return false;
    bool stopped = true;
    struct dirent *entry;
    while (stopped && (entry = readdir (dir)) != NULL) {
        if (entry->d_name [0] == '.')
            continue;
        char stat [320];
        snprintf (stat, sizeof stat, "/proc/%d/task/%s/stat", (int) pid, entry->d_name);
        FILE *f = fopen (stat, "re");
        if (!f)
            continue;               //  the thread ended meanwhile
        char line [512] = "";
        if (!fgets (line, sizeof line, f))
            line [0] = 0;
        fclose (f);
        //  "tid (comm) S ...": the state follows the last ')' (comm may hold one).
        const char *paren = strrchr (line, ')');
        stopped = paren && paren [1] == ' ' && (paren [2] == 'T' || paren [2] == 't');
    }
    closedir (dir);
    return stopped;
}

int
rt_test_svc_freeze (rt_test_svc_t *self)
{
    if (!self->proc)
        return RT_ECLOSED;
    int rc = rt_test_proc_signal (self->proc, SIGSTOP);
    if (rc != 0)
        return rc;
    self->frozen = true;
    //  SIGSTOP is asynchronous: wait until no thread of it can read a socket any more.
    pid_t pid = rt_test_proc_pid (self->proc);
    int64_t deadline = rt_test_now_ms () + S_FREEZE_MS;
    while (!s_all_stopped (pid)) {
        if (rt_test_now_ms () >= deadline)
            return RT_ETIMEOUT;
        rt_test_sleep_ms (1);
    }
    return 0;
}

int
rt_test_svc_thaw (rt_test_svc_t *self)
{
    if (!self->proc)
        return RT_ECLOSED;
    int rc = rt_test_proc_signal (self->proc, SIGCONT);
    if (rc == 0)
        self->frozen = false;
    return rc;
}

bool
rt_test_svc_frozen (const rt_test_svc_t *self)
{
    return self->frozen;
}

bool
rt_test_svc_running (rt_test_svc_t *self)
{
    return self->proc && rt_test_proc_running (self->proc);
}

int
rt_test_svc_wait (rt_test_svc_t *self, int timeout_ms)
{
    return self->proc ? rt_test_proc_wait (self->proc, timeout_ms) : RT_ECLOSED;
}

pid_t
rt_test_svc_pid (const rt_test_svc_t *self)
{
    return self->proc ? rt_test_proc_pid (self->proc) : 0;
}

const char *
rt_test_svc_name (const rt_test_svc_t *self)
{
    return self->program;
}

const char *
rt_test_svc_log (const rt_test_svc_t *self)
{
    return self->log;
}

int
rt_test_svc_runs (const rt_test_svc_t *self)
{
    return self->runs;
}

//  --- What scenarios share --------------------------------------------------------------------

//  Units as services/gateway/gw_config.c takes them.
const char *const rt_test_gateway_fast_env [] = {
    "TWS_HOST=127.0.0.1", "TWS_CLIENT_ID=7", "TWS_CLIENT_ID_FALLBACKS=",
    "TWS_CONNECT_TIMEOUT_MS=1000", "TWS_HANDSHAKE_TIMEOUT_MS=300",
    "GW_RECONCILE_TIMEOUT_MS=3000", "BACKOFF_BASE_MS=20", "BACKOFF_CAP_MS=200",
    "CIRCUIT_BREAKER_THRESHOLD=50", "CIRCUIT_BREAKER_TIMEOUT=1s", "HEARTBEAT_INTERVAL=1s",
    "HEARTBEAT_TIMEOUT_MS=3000", "TWS_ACCOUNT=", NULL
};

void
rt_test_dir_remove (const char *path, const char *keep_var, const char *title)
{
    if (keep_var && getenv (keep_var)) {
        fprintf (stderr, "[%s] kept %s\n", title, path);
        return;
    }
    zdir_t *dir = zdir_new (path, NULL);
    if (dir)
        zdir_remove (dir, true);
    zdir_destroy (&dir);
}

//  --- Log files -------------------------------------------------------------------------------

void
rt_test_log_tail (FILE *out, const char *path, const char *title, int lines)
{
    assert (lines > 0);
    FILE *f = fopen (path, "re");
    if (!f) {
        fprintf (out, "--- %s: no log (%s)\n", title, path);
        return;
    }
    char **ring = calloc ((size_t) lines, sizeof *ring);
    if (!ring) {
        fclose (f);
        return;
    }
    size_t n = 0;
    char buf [1024];
    while (fgets (buf, sizeof buf, f)) {
        free (ring [n % (size_t) lines]);
        ring [n % (size_t) lines] = strdup (buf);
        n++;
    }
    fclose (f);
    fprintf (out, "--- %s (last %d lines of %zu)\n", title, lines, n);
    size_t first = n > (size_t) lines ? n - (size_t) lines : 0;
    for (size_t i = first; i < n; i++) {
        const char *line = ring [i % (size_t) lines];
        fprintf (out, "    %s%s", line ? line : "", line && strchr (line, '\n') ? "" : "\n");
    }
    for (int i = 0; i < lines; i++)
        free (ring [i]);
    free (ring);
}

bool
rt_test_log_has_sanitizer (const char *path)
{
    FILE *f = fopen (path, "re");
    if (!f)
        return false;
    char buf [1024];
    bool found = false;
    while (!found && fgets (buf, sizeof buf, f))
        found = strstr (buf, "Sanitizer") || strstr (buf, "runtime error:");
    fclose (f);
    return found;
}
