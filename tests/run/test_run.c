/*  test_run.c - rt-run, the supervisor of scripts/run, as a real process running the real
    table (tools/rt-run/robo-trader.conf) on free loopback ports: tws-sim, rt-gateway,
    rt-risk and rt-orders come up and answer rt-ctl; a kill -9 is followed by a logged
    restart; SIGTERM stops everything, exit 0, nothing left running. Also: table errors,
    a crash loop backing off, and a child that ignores SIGTERM being killed. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rt_test_net.h"
#include "rt_test_proc.h"
#include "rt_test_svc.h"
#include "rt_test_time.h"

#define S_WAIT_MS 15000
#define S_ENV_MAX 24
#define S_LINE 1024

typedef struct {
    char dir [64];
    char logs [96];
    char env_buf [S_ENV_MAX][160];
    const char *env [S_ENV_MAX + 1];
    size_t nenv;
    rt_test_proc_t *sup;
    rt_test_lines_t *out;
} s_fix_t;

static void
s_env (s_fix_t *f, const char *fmt, ...)
{
    assert_true (f->nenv < S_ENV_MAX);
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (f->env_buf [f->nenv], sizeof f->env_buf [0], fmt, ap);
    va_end (ap);
    f->env [f->nenv] = f->env_buf [f->nenv];
    f->env [++f->nenv] = NULL;
}

static s_fix_t *
s_fix_new (void)
{
    s_fix_t *f = calloc (1, sizeof *f);
    assert_non_null (f);
    snprintf (f->dir, sizeof f->dir, "/tmp/rtrun-XXXXXX");
    assert_non_null (mkdtemp (f->dir));
    snprintf (f->logs, sizeof f->logs, "%s/logs", f->dir);
    //  Every endpoint on a free port; the services find each other through these.
    static const char *vars [] = { "RT_GATEWAY_PUB", "RT_GATEWAY_CMD", "RT_GATEWAY_MD",
        "RT_ORDERS_PUB", "RT_ORDERS_CMD", "RT_RISK_PUB", "RT_RISK_CMD" };
    for (size_t i = 0; i < sizeof vars / sizeof vars [0]; i++) {
        char ep [64];
        assert_int_equal (rt_test_free_endpoint (ep, sizeof ep), 0);
        s_env (f, "%s=%s", vars [i], ep);
    }
    int port = rt_test_free_port ();
    assert_true (port > 0);
    s_env (f, "TWS_PORT=%d", port);
    s_env (f, "TWS_HOST=127.0.0.1");
    port = rt_test_free_port ();
    assert_true (port > 0);
    s_env (f, "DASH_PORT=%d", port);
    s_env (f, "RT_DATA_DIR=%s", f->dir);
    s_env (f, "LOG_FILE");
    s_env (f, "RT_CURVE_DIR");
    s_env (f, "RT_CONFIG_FILE");
    return f;
}

//  Starts rt-run with the table and extra arguments (NULL-terminated).
static void
s_start (s_fix_t *f, const char *table, const char *const *extra)
{
    char prog [512];
    assert_int_equal (rt_test_bin_path (prog, sizeof prog, "rt-run"), 0);
    const char *argv [32] = { prog, "--config", table, "--log-dir", f->logs,
                              "--backoff-base-ms", "100", "--stop-timeout-ms", "3000" };
    size_t n = 9;
    for (size_t i = 0; extra && extra [i]; i++)
        argv [n++] = extra [i];
    argv [n] = NULL;
    rt_test_spawn_opts_t opts = { .env = f->env, .out = RT_TEST_IO_PIPE,
                                  .err = RT_TEST_IO_STDOUT };
    f->sup = rt_test_proc_spawn (argv, &opts);
    assert_non_null (f->sup);
    f->out = rt_test_proc_stdout (f->sup);
    assert_non_null (f->out);
}

//  The next line of rt-run's output containing needle, or fails.
static void
s_expect (s_fix_t *f, const char *needle, char *line, size_t cap)
{
    char scratch [S_LINE];
    int rc = rt_test_lines_wait (f->out, needle, RT_TEST_MATCH_SUBSTR, line ? line : scratch,
                                 line ? cap : sizeof scratch, S_WAIT_MS);
    if (rc != 0)
        fail_msg ("rt-run did not print '%s' within %d ms: %s", needle, S_WAIT_MS,
                  rt_strerror (rc));
}

static void
s_fix_destroy (s_fix_t **f_p)
{
    s_fix_t *f = *f_p;
    if (!f)
        return;
    rt_test_proc_destroy (&f->sup);
    rt_test_dir_remove (f->dir, "RUN_TEST_KEEP", "test_run");
    free (f);
    *f_p = NULL;
}

static int
s_teardown (void **state)
{
    s_fix_t *f = *state;
    s_fix_destroy (&f);
    *state = NULL;
    rt_test_kill_all ();
    return 0;
}

//  How many processes hold "RT_DATA_DIR=<dir>" in their environment (the supervised ones
//  do; rt-run was given it too).
static int
s_processes_with (const char *dir)
{
    char needle [128];
    int n = snprintf (needle, sizeof needle, "RT_DATA_DIR=%s", dir);
    int found = 0;
    DIR *proc = opendir ("/proc");
    assert_non_null (proc);
    struct dirent *d;
    while ((d = readdir (proc))) {
        if (d->d_name [0] < '1' || d->d_name [0] > '9')
            continue;
        char path [300];
        snprintf (path, sizeof path, "/proc/%s/environ", d->d_name);
        FILE *fp = fopen (path, "r");
        if (!fp)
            continue;
        static char env [65536];
        size_t len = fread (env, 1, sizeof env - 1, fp);
        fclose (fp);
        for (size_t i = 0; i < len; i += strlen (env + i) + 1) {
            env [len] = 0;
            if (strncmp (env + i, needle, (size_t) n) == 0 && env [i + (size_t) n] == 0) {
                found++;
                break;
            }
        }
    }
    closedir (proc);
    return found;
}

static pid_t
s_pid_in (const char *line)
{
    const char *p = strstr (line, "(pid ");
    assert_non_null (p);
    return (pid_t) atoi (p + 5);
}

static bool
s_file_has (const char *path, const char *needle)
{
    FILE *fp = fopen (path, "r");
    if (!fp)
        return false;
    char line [S_LINE];
    bool found = false;
    while (!found && fgets (line, sizeof line, fp))
        found = strstr (line, needle) != NULL;
    fclose (fp);
    return found;
}

static void
test_run_restart_and_stop (void **state)
{
    s_fix_t *f = s_fix_new ();
    *state = f;
    char table [512];
    snprintf (table, sizeof table, "%s/tools/rt-run/robo-trader.conf",
              getenv ("RT_SOURCE_DIR") ? getenv ("RT_SOURCE_DIR") : ".");
    //  The publisher and the strategy are left out: their own tests cover them.
    const char *extra [] = { "--skip", "rt-publisher,rt-strategy", NULL };
    s_start (f, table, extra);

    //  Ready lines come in any order.
    static const char *names [] = { "tws-sim", "rt-gateway", "rt-risk", "rt-orders" };
    pid_t pids [4] = { 0 };
    int64_t deadline = rt_test_now_ms () + S_WAIT_MS;
    int ready = 0;
    while (ready < 4) {
        char line [S_LINE];
        int rc = rt_test_lines_next (f->out, line, sizeof line,
                                     (int) (deadline - rt_test_now_ms ()));
        if (rc != 0)
            fail_msg ("only %d of 4 processes ready: %s", ready, rt_strerror (rc));
        for (int i = 0; i < 4; i++) {
            char needle [64];
            snprintf (needle, sizeof needle, " %s ready (pid ", names [i]);
            if (strstr (line, needle) && pids [i] == 0) {
                pids [i] = s_pid_in (line);
                ready++;
            }
        }
    }

    //  They talk to each other: rt-ctl sees every service up and the IB session READY.
    char ctl [512], out [8192];
    assert_int_equal (rt_test_bin_path (ctl, sizeof ctl, "rt-ctl"), 0);
    const char *status [] = { ctl, "status", NULL };
    int rc = -1;
    for (int tries = 0; tries < 20 && rc != 0; tries++) {
        rc = rt_test_run (status, f->env, out, sizeof out, 10000);
        if (rc == 0 && !strstr (out, "READY"))
            rc = -1;
    }
    if (rc != 0)
        fail_msg ("rt-ctl status: %d\n%s", rc, out);

    //  kill -9 rt-risk: the crash is logged, and rt-risk comes back under a new pid.
    assert_int_equal (kill (pids [2], SIGKILL), 0);
    char line [S_LINE];
    s_expect (f, "rt-risk (pid ", line, sizeof line);
    assert_non_null (strstr (line, "killed by signal 9"));
    assert_int_equal (s_pid_in (line), pids [2]);
    s_expect (f, "rt-risk restarted (pid ", line, sizeof line);
    pid_t again = s_pid_in (line);
    assert_true (again > 0 && again != pids [2]);
    s_expect (f, "rt-risk ready (pid ", line, sizeof line);
    assert_int_equal (s_pid_in (line), again);
    char log [160];
    snprintf (log, sizeof log, "%s/rt-risk.log", f->logs);
    assert_true (s_file_has (log, "killed by signal 9"));
    assert_true (s_file_has (log, "restart 1 of "));
    pids [2] = again;

    //  SIGTERM: every service stopped, rt-run exits 0, nothing with our data dir remains.
    assert_int_equal (rt_test_proc_signal (f->sup, SIGTERM), 0);
    assert_int_equal (rt_test_proc_wait (f->sup, 10000), 0);
    for (int i = 0; i < 4; i++)
        assert_true (kill (pids [i], 0) != 0 && errno == ESRCH);
    assert_int_equal (s_processes_with (f->dir), 0);
    for (int i = 0; i < 4; i++) {
        snprintf (log, sizeof log, "%s/%s.log", f->logs, names [i]);
        assert_true (s_file_has (log, "stopped: pid"));
        assert_false (rt_test_log_has_sanitizer (log));
    }
}

//  A process that keeps failing is restarted with growing delays; one that ignores
//  SIGTERM is killed after the stop timeout; rt-run still exits 0.
static void
test_run_crash_loop_and_stubborn (void **state)
{
    s_fix_t *f = s_fix_new ();
    *state = f;
    char table [128], script [128];
    snprintf (script, sizeof script, "%s/stubborn.sh", f->dir);
    FILE *fp = fopen (script, "w");
    assert_non_null (fp);
    //  SIG_IGN survives exec: sleep ignores SIGTERM too.
    fprintf (fp, "#!/bin/sh\ntrap '' TERM\necho stubborn listening on nothing\nexec sleep 60\n");
    assert_int_equal (fclose (fp), 0);
    assert_int_equal (chmod (script, 0755), 0);
    snprintf (table, sizeof table, "%s/table.conf", f->dir);
    fp = fopen (table, "w");
    assert_non_null (fp);
    fprintf (fp, "# a crash loop and a process deaf to SIGTERM\n"
                 "flaky  false\n"
                 "stubborn  WHO=${NOBODY:-x} %s\n", script);
    assert_int_equal (fclose (fp), 0);
    s_start (f, table, NULL);
    char line [S_LINE];
    for (int i = 1; i <= 3; i++) {
        char want [64];
        snprintf (want, sizeof want, "exited with status 1 after %s", "");
        s_expect (f, "flaky (pid ", line, sizeof line);
        assert_non_null (strstr (line, want));
        snprintf (want, sizeof want, "; restart %d in ", i);
        assert_non_null (strstr (line, want));
        snprintf (want, sizeof want, "flaky restarted (pid %s", "");
        s_expect (f, want, line, sizeof line);
        snprintf (want, sizeof want, "restart %d)", i);
        assert_non_null (strstr (line, want));
    }
    //  The stubborn one has set its trap once it printed its line (in its own log).
    char slog [160];
    snprintf (slog, sizeof slog, "%s/stubborn.log", f->logs);
    rt_test_lines_t *lines = rt_test_lines_new_file (slog);
    assert_non_null (lines);
    int rc = rt_test_lines_wait (lines, "listening on nothing", RT_TEST_MATCH_SUBSTR, NULL, 0,
                                 S_WAIT_MS);
    rt_test_lines_destroy (&lines);
    assert_int_equal (rc, 0);
    int64_t t0 = rt_test_now_ms ();
    assert_int_equal (rt_test_proc_signal (f->sup, SIGINT), 0);
    s_expect (f, "SIGKILL", NULL, 0);
    assert_int_equal (rt_test_proc_wait (f->sup, 10000), 0);
    int64_t took = rt_test_now_ms () - t0;
    assert_true (took >= 2900 && took < 8000);
    assert_int_equal (s_processes_with (f->dir), 0);
}

//  Bad tables and options: exit 2 with the reason; --check prints the parsed table.
static void
test_run_usage (void **state)
{
    (void) state;
    char prog [512], out [4096], path [] = "/tmp/rtrun-table-XXXXXX";
    assert_int_equal (rt_test_bin_path (prog, sizeof prog, "rt-run"), 0);
    int fd = mkstemp (path);
    assert_true (fd >= 0);
    const char bad [] = "ok  true\nBad-Name  true\n";
    assert_int_equal (write (fd, bad, sizeof bad - 1), (ssize_t) (sizeof bad - 1));
    assert_int_equal (close (fd), 0);
    const char *check [] = { prog, "--config", path, "--check", NULL };
    assert_int_equal (rt_test_run (check, NULL, out, sizeof out, 5000), 2);
    assert_non_null (strstr (out, ":2: bad name 'Bad-Name'"));
    fd = open (path, O_WRONLY | O_TRUNC);
    assert_true (fd >= 0);
    const char good [] = "a  K=${RUN_TEST_UNSET:-v} prog x ${RUN_TEST_UNSET}y # note\n";
    assert_int_equal (write (fd, good, sizeof good - 1), (ssize_t) (sizeof good - 1));
    assert_int_equal (close (fd), 0);
    const char *env [] = { "RUN_TEST_UNSET", NULL };
    assert_int_equal (rt_test_run (check, env, out, sizeof out, 5000), 0);
    assert_string_equal (out, "a: K=v | prog x y\n");
    const char *none [] = { prog, NULL };
    assert_int_equal (rt_test_run (none, NULL, out, sizeof out, 5000), 2);
    const char *ms [] = { prog, "--config", path, "--stable-ms", "x", NULL };
    assert_int_equal (rt_test_run (ms, NULL, out, sizeof out, 5000), 2);
    const char *help [] = { prog, "--help", NULL };
    assert_int_equal (rt_test_run (help, NULL, out, sizeof out, 5000), 0);
    //  Nothing runnable (every program missing): exit 1 at once.
    fd = open (path, O_WRONLY | O_TRUNC);
    assert_true (fd >= 0);
    const char missing [] = "a  /nonexistent/prog\n";
    assert_int_equal (write (fd, missing, sizeof missing - 1), (ssize_t) (sizeof missing - 1));
    assert_int_equal (close (fd), 0);
    const char *run [] = { prog, "--config", path, "--log-dir", "/tmp", NULL };
    assert_int_equal (rt_test_run (run, NULL, out, sizeof out, 5000), 1);
    assert_non_null (strstr (out, "not found"));
    assert_int_equal (unlink (path), 0);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_run_usage),
        cmocka_unit_test_teardown (test_run_crash_loop_and_stubborn, s_teardown),
        cmocka_unit_test_teardown (test_run_restart_and_stop, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, rt_test_group_teardown);
}
