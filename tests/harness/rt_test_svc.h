/*  rt_test_svc.h - rt_test_svc: one of the project's services (rt-gateway, rt-risk,
    rt-orders...) run by a test as a real process, any number of times in a row.

    A service is configured by its environment, prints a ready line on stdout once its
    sockets are bound, logs to stderr, exits 0 on SIGTERM. This class keeps what a test needs
    across the service's restarts: its environment (set, replaced or unset one variable at a
    time), one log file for every run (each run starts with a "=== start N ===" marker line),
    the ready line of the current run, and whether the test has frozen it (SIGSTOP) so that a
    stop thaws it first. The process is an rt_test_proc, so it never outlives the test.

    Also here: the two checks every scenario ends with, on any log file: its tail, for a
    failure message, and whether a sanitizer wrote a report into it.
*/
#ifndef RT_TEST_SVC_H_INCLUDED
#define RT_TEST_SVC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "rt_error.h"
#include "rt_test_proc.h"

//  Environment entries a service can be given, and the length of each.
#define RT_TEST_SVC_ENV_MAX 64
#define RT_TEST_SVC_ENV_LEN 256
#define RT_TEST_SVC_LINE_MAX 512

typedef struct _rt_test_svc_t rt_test_svc_t;

//  A service run from $RT_BIN_DIR/program, its stderr appended to log_path. Nothing runs
//  yet. NULL when out of memory or the path does not fit.
rt_test_svc_t *rt_test_svc_new (const char *program, const char *log_path);
//  Stops it if it runs (thawed first; SIGTERM, then SIGKILL) and frees.
void rt_test_svc_destroy (rt_test_svc_t **self_p);

//  Sets or replaces one variable ("KEY", printf value). RT_ERANGE when the table is full or
//  the entry too long.
int rt_test_svc_setenv (rt_test_svc_t *self, const char *key, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
//  Unsets a variable inherited from the test's own environment.
int rt_test_svc_unsetenv (rt_test_svc_t *self, const char *key);
//  Adds "KEY=VALUE" / "KEY" entries (NULL-terminated list; may be NULL), as the two above.
int rt_test_svc_env (rt_test_svc_t *self, const char *const *entries);

//  Starts it (args: extra arguments, NULL-terminated, may be NULL) and waits for a stdout
//  line containing ready (the program's own "<prog> ready:" when NULL); the line is kept
//  (rt_test_svc_ready_line). 0; RT_ECLOSED (it exited first: its status is in
//  rt_test_svc_wait), RT_ETIMEOUT, RT_EIO (could not spawn), RT_EINVAL (already running).
int rt_test_svc_start (rt_test_svc_t *self, const char *const *args, const char *ready,
                       int timeout_ms);
const char *rt_test_svc_ready_line (const rt_test_svc_t *self);

//  SIGTERM (after SIGCONT when frozen) and wait: the exit status (0 is a clean stop), or
//  RT_ETIMEOUT when SIGKILL was needed; RT_ECLOSED when it was not running.
int rt_test_svc_stop (rt_test_svc_t *self, int timeout_ms);
//  Sends sig and waits for the death it causes: the status (128 + sig expected), or
//  RT_ETIMEOUT. For SIGKILL: a crash at an arbitrary point.
int rt_test_svc_kill (rt_test_svc_t *self, int sig, int timeout_ms);
//  SIGSTOP / SIGCONT: the process keeps its sockets but reads and answers nothing. Freeze
//  returns once every thread is stopped (/proc/PID/task/*/stat), so whatever is sent to it
//  afterwards stays unread: 0, RT_ETIMEOUT (not all stopped within 2 s), RT_ECLOSED, RT_EIO.
int rt_test_svc_freeze (rt_test_svc_t *self);
int rt_test_svc_thaw (rt_test_svc_t *self);
bool rt_test_svc_frozen (const rt_test_svc_t *self);

//  True while the current run has not exited.
bool rt_test_svc_running (rt_test_svc_t *self);
//  Waits for the current run to exit: its status as rt_test_proc_wait.
int rt_test_svc_wait (rt_test_svc_t *self, int timeout_ms);
pid_t rt_test_svc_pid (const rt_test_svc_t *self);
const char *rt_test_svc_name (const rt_test_svc_t *self);
const char *rt_test_svc_log (const rt_test_svc_t *self);
//  Runs started so far.
int rt_test_svc_runs (const rt_test_svc_t *self);

//  rt-gateway's timeouts, backoff and breaker scaled down (and TWS_HOST loopback,
//  TWS_CLIENT_ID 7 without fallbacks, no account), so that a scenario of reconnects takes
//  seconds: entries for rt_test_svc_env. TWS_PORT and the endpoints are the test's to set.
extern const char *const rt_test_gateway_fast_env [];

//  Removes a test's scratch directory and everything in it, unless the variable keep_var
//  is set (then it says on stderr what it kept, under title). NULL keep_var: always.
void rt_test_dir_remove (const char *path, const char *keep_var, const char *title);

//  Prints the last `lines` lines of a file to out, under a title line.
void rt_test_log_tail (FILE *out, const char *path, const char *title, int lines);
//  True when the file holds a sanitizer report (AddressSanitizer, UBSan's "runtime error:").
bool rt_test_log_has_sanitizer (const char *path);

#endif
