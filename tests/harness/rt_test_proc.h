/*  rt_test_proc.h - rt_test_proc: a child process started by a test, watched, and stopped
    by its PID so that it never outlives the test.

    Three nets make sure nothing is left behind:
      - the owner stops it (rt_test_proc_stop / rt_test_proc_destroy: SIGTERM, then SIGKILL);
      - every live child is in a registry that an atexit handler (and rt_test_kill_all, for
        a cmocka teardown) kills and reaps, so a failed assertion leaves nothing running;
      - the child asks the kernel for SIGKILL when the test process dies (PR_SET_PDEATHSIG),
        which covers the test itself being killed (a ctest timeout).

    The child's environment is the test's plus `env` ("KEY=VALUE" sets, "KEY" alone unsets),
    built before fork so that the child runs only async-signal-safe calls before exec.
    stdout / stderr each go to the test's own, a pipe, a file (appended), or /dev/null;
    stderr can also follow stdout. A file never fills up, so a chatty child cannot block on
    output nobody reads; prefer it for logs and use a pipe for short outputs.
*/
#ifndef RT_TEST_PROC_H_INCLUDED
#define RT_TEST_PROC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "rt_error.h"
#include "rt_test_lines.h"

//  Children alive at once, over every rt_test_proc of the process.
#define RT_TEST_PROC_MAX 64

typedef enum {
    RT_TEST_IO_INHERIT = 0,     //  the test's own descriptor
    RT_TEST_IO_PIPE,            //  a pipe, read with rt_test_proc_stdout / _stderr
    RT_TEST_IO_FILE,            //  appended to a file (path given), readable as lines
    RT_TEST_IO_NULL,            //  /dev/null
    RT_TEST_IO_STDOUT,          //  stderr only: wherever stdout goes
} rt_test_io_t;

typedef struct {
    const char *const *env;     //  NULL-terminated "K=V" / "K" list, or NULL
    rt_test_io_t out;
    const char *out_path;       //  RT_TEST_IO_FILE
    rt_test_io_t err;
    const char *err_path;       //  RT_TEST_IO_FILE
} rt_test_spawn_opts_t;

typedef struct _rt_test_proc_t rt_test_proc_t;

//  Starts argv [0] (a path) with argv (NULL-terminated). opts may be NULL (everything
//  inherited). NULL on failure (printed to stderr with the reason).
rt_test_proc_t *rt_test_proc_spawn (const char *const *argv, const rt_test_spawn_opts_t *opts);

//  Stops the child if it still runs (SIGTERM, 2 s, SIGKILL), closes the pipes.
void rt_test_proc_destroy (rt_test_proc_t **self_p);

pid_t rt_test_proc_pid (const rt_test_proc_t *self);
const char *rt_test_proc_name (const rt_test_proc_t *self);     //  basename of argv [0]

//  Readers of the child's stdout / stderr when they go to a pipe or a file; else NULL.
//  When stderr follows stdout, it is read through rt_test_proc_stdout.
rt_test_lines_t *rt_test_proc_stdout (rt_test_proc_t *self);
rt_test_lines_t *rt_test_proc_stderr (rt_test_proc_t *self);

//  Waits for a stdout line containing needle (copied to line when not NULL). 0, RT_ETIMEOUT,
//  RT_ECLOSED (the child closed stdout, usually: it died), RT_EINVAL (stdout not captured).
int rt_test_proc_wait_line (rt_test_proc_t *self, const char *needle, char *line, size_t cap,
                            int timeout_ms);

//  Sends a signal to the child (by its PID). 0, RT_ECLOSED (already reaped), RT_EIO.
int rt_test_proc_signal (rt_test_proc_t *self, int sig);

//  True until the child has been reaped (a zombie counts as exited).
bool rt_test_proc_running (rt_test_proc_t *self);

//  Waits up to timeout_ms for the child to exit. Returns its exit status 0..255, 128 + the
//  signal that killed it, or RT_ETIMEOUT. Once reaped, returns the same status again.
int rt_test_proc_wait (rt_test_proc_t *self, int timeout_ms);

//  SIGTERM, wait up to timeout_ms, then SIGKILL. Returns the status as rt_test_proc_wait,
//  or RT_ETIMEOUT when SIGKILL was needed (the child is reaped either way).
int rt_test_proc_stop (rt_test_proc_t *self, int timeout_ms);

//  Runs argv to completion with stdout and stderr captured together into out (cap bytes,
//  terminated; more is read and dropped). Returns the status as rt_test_proc_wait, or
//  RT_ETIMEOUT (killed after timeout_ms), or RT_EIO when it could not start.
int rt_test_run (const char *const *argv, const char *const *env, char *out, size_t cap,
                 int timeout_ms);

//  Kills (SIGKILL) and reaps every child still registered. For a cmocka group teardown;
//  also installed with atexit on the first spawn. Returns how many it had to kill.
int rt_test_kill_all (void);
//  rt_test_kill_all as a cmocka group teardown (state unused); always 0.
int rt_test_group_teardown (void **state);

//  $RT_BIN_DIR/name into buf (ctest sets RT_BIN_DIR; "build/bin" without it).
//  0, or RT_ERANGE when it does not fit.
int rt_test_bin_path (char *buf, size_t cap, const char *name);

#endif
