/*  test_config.c - rt_config: every kind good and bad, defaults, bounds, messages, the
    KEY=VALUE file and its precedence, and the exit status 2 of a real child process.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rt_config.h"
#include "rt_test_proc.h"
#include "rt_log.h"

#define ERRCAP 512

//  Loads a one-variable table with NAME=value in the environment.
static int
s_load_one (const rt_config_var_t *var, const char *value, char *err)
{
    if (value)
        assert_int_equal (setenv (var->name, value, 1), 0);
    else
        assert_int_equal (unsetenv (var->name), 0);
    int rc = rt_config_load (var, 1, err, ERRCAP);
    assert_int_equal (unsetenv (var->name), 0);
    return rc;
}

static void
s_expect_bad (const rt_config_var_t *var, const char *value, const char *message)
{
    char err [ERRCAP];
    assert_int_equal (s_load_one (var, value, err), RT_EINVAL);
    if (strcmp (err, message) != 0)
        fail_msg ("%s=%s: message \"%s\", expected \"%s\"", var->name, value, err, message);
}

static int
s_setup (void **state)
{
    unsetenv (RT_CONFIG_FILE_VAR);
    return 0;
}

static void
test_defaults (void **state)
{
    struct {
        char s [16]; int i; uint64_t u; double d; bool b; uint64_t dur; int port;
        char host [64]; char ep [64]; char path [64]; int e;
    } c;
    memset (&c, 0x55, sizeof c);
    static const char *const words [] = { "red", "green", "blue", NULL };
    const rt_config_var_t vars [] = {
        RT_CFG_STRING   ("T_DEF_S", c.s, "hello", "s"),
        RT_CFG_INT      ("T_DEF_I", &c.i, "-7", -10, 10, "i"),
        RT_CFG_U64      ("T_DEF_U", &c.u, "18446744073709551615", 0, 0, "u"),
        RT_CFG_DOUBLE   ("T_DEF_D", &c.d, "0.25", 0, 1, "d"),
        RT_CFG_BOOL     ("T_DEF_B", &c.b, "on", "b"),
        RT_CFG_DURATION ("T_DEF_DUR", &c.dur, "2m", 0, 0, "dur"),
        RT_CFG_PORT     ("T_DEF_PORT", &c.port, "4002", "port"),
        RT_CFG_HOST     ("T_DEF_HOST", c.host, "127.0.0.1", "host"),
        RT_CFG_ENDPOINT ("T_DEF_EP", c.ep, "tcp://127.0.0.1:5555", "ep"),
        RT_CFG_PATH     ("T_DEF_PATH", c.path, "", "path"),
        RT_CFG_ENUM     ("T_DEF_E", &c.e, "Blue", words, "e"),
    };
    char err [ERRCAP];
    assert_int_equal (rt_config_load (vars, RT_CFG_COUNT (vars), err, sizeof err), 0);
    assert_string_equal (err, "");
    assert_string_equal (c.s, "hello");
    assert_int_equal (c.i, -7);
    assert_true (c.u == UINT64_MAX);
    assert_true (c.d == 0.25);
    assert_true (c.b);
    assert_int_equal (c.dur, 120000);
    assert_int_equal (c.port, 4002);
    assert_string_equal (c.host, "127.0.0.1");
    assert_string_equal (c.ep, "tcp://127.0.0.1:5555");
    assert_string_equal (c.path, "");
    assert_int_equal (c.e, 2);
}

static void
test_env_overrides_default (void **state)
{
    int port = 0;
    const rt_config_var_t var = RT_CFG_PORT ("T_ENV_PORT", &port, "4002", "p");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "7497", err), 0);
    assert_int_equal (port, 7497);
    assert_int_equal (s_load_one (&var, NULL, err), 0);
    assert_int_equal (port, 4002);
}

static void
test_string (void **state)
{
    char s [8];
    const rt_config_var_t var = RT_CFG_STRING ("T_STR", s, "x", "s");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "", err), 0);
    assert_string_equal (s, "");
    assert_int_equal (s_load_one (&var, "1234567", err), 0);
    assert_string_equal (s, "1234567");
    s_expect_bad (&var, "12345678", "T_STR=12345678: expected a string of at most 7 bytes");
    assert_string_equal (s, "1234567");     //  a refused value leaves the target alone
}

static void
test_int (void **state)
{
    int i = 0;
    const rt_config_var_t var = RT_CFG_INT ("T_INT", &i, "5", 1, 100, "i");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "1", err), 0);
    assert_int_equal (i, 1);
    assert_int_equal (s_load_one (&var, "100", err), 0);
    assert_int_equal (i, 100);
    assert_int_equal (s_load_one (&var, "+42", err), 0);
    assert_int_equal (i, 42);
    const char *msg = "expected an integer from 1 to 100";
    const char *bad [] = { "0", "101", "abc", "", " 5", "5 ", "5x", "0x10", "1e2", "-", "99999999999999999999" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want, "T_INT=%s: %s", bad [k], msg);
        s_expect_bad (&var, bad [k], want);
    }
    const rt_config_var_t wide = RT_CFG_INT ("T_INT_WIDE", &i, "0", 0, 0, "i");
    assert_int_equal (s_load_one (&wide, "-2147483648", err), 0);
    assert_int_equal (i, -2147483647 - 1);
    assert_int_equal (s_load_one (&wide, "2147483647", err), 0);
    assert_int_equal (i, 2147483647);
    s_expect_bad (&wide, "2147483648",
                  "T_INT_WIDE=2147483648: expected an integer from -2147483648 to 2147483647");
    s_expect_bad (&wide, "-2147483649",
                  "T_INT_WIDE=-2147483649: expected an integer from -2147483648 to 2147483647");
}

static void
test_u64 (void **state)
{
    uint64_t u = 0;
    const rt_config_var_t var = RT_CFG_U64 ("T_U64", &u, "0", 0, 0, "u");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "18446744073709551615", err), 0);
    assert_true (u == UINT64_MAX);
    s_expect_bad (&var, "18446744073709551616",
                  "T_U64=18446744073709551616: expected an unsigned integer from 0 to 18446744073709551615");
    s_expect_bad (&var, "-1", "T_U64=-1: expected an unsigned integer from 0 to 18446744073709551615");
    const rt_config_var_t bounded = RT_CFG_U64 ("T_U64_B", &u, "10", 10, 1000000, "u");
    assert_int_equal (s_load_one (&bounded, "1000000", err), 0);
    assert_true (u == 1000000);
    s_expect_bad (&bounded, "9", "T_U64_B=9: expected an unsigned integer from 10 to 1000000");
    s_expect_bad (&bounded, "1000001", "T_U64_B=1000001: expected an unsigned integer from 10 to 1000000");
}

static void
test_double (void **state)
{
    double d = 0;
    const rt_config_var_t var = RT_CFG_DOUBLE ("T_DBL", &d, "1", -1.5, 2.5, "d");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "-1.5", err), 0);
    assert_true (d == -1.5);
    assert_int_equal (s_load_one (&var, "2.5", err), 0);
    assert_true (d == 2.5);
    assert_int_equal (s_load_one (&var, ".5", err), 0);
    assert_true (d == 0.5);
    assert_int_equal (s_load_one (&var, "1e-3", err), 0);
    assert_true (d == 1e-3);
    const char *bad [] = { "2.6", "-1.6", "nan", "inf", "", " 1", "1 ", "1.0x", "abc" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want, "T_DBL=%s: expected a number from -1.5 to 2.5", bad [k]);
        s_expect_bad (&var, bad [k], want);
    }
    const rt_config_var_t any = RT_CFG_DOUBLE ("T_DBL_ANY", &d, "1", 0, 0, "d");
    assert_int_equal (s_load_one (&any, "-1e300", err), 0);
    assert_true (d == -1e300);
    s_expect_bad (&any, "1e999", "T_DBL_ANY=1e999: expected a finite number");
}

static void
test_bool (void **state)
{
    bool b = false;
    const rt_config_var_t var = RT_CFG_BOOL ("T_BOOL", &b, "0", "b");
    char err [ERRCAP];
    const char *yes [] = { "1", "true", "TRUE", "yes", "Yes", "on", "ON" };
    const char *no [] = { "0", "false", "False", "no", "NO", "off", "Off" };
    for (size_t k = 0; k < 7; k++) {
        assert_int_equal (s_load_one (&var, yes [k], err), 0);
        assert_true (b);
        assert_int_equal (s_load_one (&var, no [k], err), 0);
        assert_false (b);
    }
    const char *bad [] = { "2", "y", "n", "", "truee", "enabled" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want,
                  "T_BOOL=%s: expected a boolean: 1/0, true/false, yes/no, on/off", bad [k]);
        s_expect_bad (&var, bad [k], want);
    }
}

static void
test_duration (void **state)
{
    uint64_t ms = 0;
    const rt_config_var_t var = RT_CFG_DURATION ("T_DUR", &ms, "1s", 0, 0, "d");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "250ms", err), 0);
    assert_int_equal (ms, 250);
    assert_int_equal (s_load_one (&var, "30s", err), 0);
    assert_int_equal (ms, 30000);
    assert_int_equal (s_load_one (&var, "5m", err), 0);
    assert_int_equal (ms, 300000);
    assert_int_equal (s_load_one (&var, "0ms", err), 0);
    assert_int_equal (ms, 0);
    const char *bad [] = { "30", "s", "", "1.5s", "-1s", "10 s", "10sec", "1h", "10S",
                           "99999999999999999999ms", "9999999999999999m" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want, "T_DUR=%s: expected a duration: an integer with unit ms, "
                  "s or m (e.g. 500ms, 30s, 5m)", bad [k]);
        s_expect_bad (&var, bad [k], want);
    }
    const rt_config_var_t bounded = RT_CFG_DURATION ("T_DUR_B", &ms, "1s", 1000, 3600000, "d");
    assert_int_equal (s_load_one (&bounded, "60m", err), 0);
    assert_int_equal (ms, 3600000);
    assert_int_equal (s_load_one (&bounded, "1000ms", err), 0);
    assert_int_equal (ms, 1000);
    s_expect_bad (&bounded, "999ms", "T_DUR_B=999ms: expected a duration from 1s to 60m: an "
                  "integer with unit ms, s or m (e.g. 500ms, 30s, 5m)");
    s_expect_bad (&bounded, "61m", "T_DUR_B=61m: expected a duration from 1s to 60m: an "
                  "integer with unit ms, s or m (e.g. 500ms, 30s, 5m)");
}

static void
test_port (void **state)
{
    int port = 0;
    const rt_config_var_t var = RT_CFG_PORT ("TWS_PORT", &port, "4002", "p");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "1", err), 0);
    assert_int_equal (port, 1);
    assert_int_equal (s_load_one (&var, "65535", err), 0);
    assert_int_equal (port, 65535);
    //  The example from the brief, verbatim.
    s_expect_bad (&var, "abc", "TWS_PORT=abc: expected an integer port 1-65535");
    const char *bad [] = { "0", "65536", "-1", "", "80a", "+80" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want, "TWS_PORT=%s: expected an integer port 1-65535", bad [k]);
        s_expect_bad (&var, bad [k], want);
    }
}

static void
test_host (void **state)
{
    char host [64];
    const rt_config_var_t var = RT_CFG_HOST ("T_HOST", host, "localhost", "h");
    char err [ERRCAP];
    const char *good [] = { "localhost", "127.0.0.1", "ib-gateway", "a.b.example.com",
                            "example.com.", "::1", "[::1]", "fe80::1", "h1" };
    for (size_t k = 0; k < sizeof good / sizeof good [0]; k++) {
        if (s_load_one (&var, good [k], err) != 0)
            fail_msg ("host %s refused: %s", good [k], err);
        assert_string_equal (host, good [k]);
    }
    const char *bad [] = { "", "-bad", "bad-", "a..b", "a b", "tcp://x", "host:80", "[::1",
                           "under_score", ".lead", "[1.2.3.4]",
                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char err2 [ERRCAP];
        assert_int_equal (s_load_one (&var, bad [k], err2), RT_EINVAL);
        assert_non_null (strstr (err2, "expected a host name or IP address of at most 63 bytes"));
        assert_true (strncmp (err2, "T_HOST=", 7) == 0);
    }
}

static void
test_endpoint (void **state)
{
    char ep [128];
    const rt_config_var_t var = RT_CFG_ENDPOINT ("GW_PUB", ep, "tcp://127.0.0.1:5560", "e");
    char err [ERRCAP];
    const char *good [] = { "tcp://127.0.0.1:5560", "tcp://localhost:1", "tcp://*:5560",
                            "tcp://127.0.0.1:*", "tcp://[::1]:5560", "tcp://gateway:65535",
                            "ipc:///tmp/rt-gw.sock", "ipc://@abstract", "inproc://gw-events" };
    for (size_t k = 0; k < sizeof good / sizeof good [0]; k++) {
        if (s_load_one (&var, good [k], err) != 0)
            fail_msg ("endpoint %s refused: %s", good [k], err);
        assert_string_equal (ep, good [k]);
    }
    const char *bad [] = { "", "127.0.0.1:5560", "tcp://127.0.0.1", "tcp://127.0.0.1:0",
                           "tcp://127.0.0.1:65536", "tcp://:5560", "tcp://bad host:1",
                           "udp://127.0.0.1:1", "ipc://", "inproc://", "inproc://a b",
                           "tcp://127.0.0.1:5560 ", "TCP://127.0.0.1:5560", "tcp://::1:5560" };
    for (size_t k = 0; k < sizeof bad / sizeof bad [0]; k++) {
        char want [ERRCAP];
        snprintf (want, sizeof want, "GW_PUB=%s: expected a ZeroMQ endpoint: tcp://host:port, "
                  "ipc://path or inproc://name", bad [k]);
        s_expect_bad (&var, bad [k], want);
    }
}

static void
test_path (void **state)
{
    char path [16];
    const rt_config_var_t var = RT_CFG_PATH ("RT_DATA_DIR", path, "./data", "p");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "/var/lib/rt", err), 0);
    assert_string_equal (path, "/var/lib/rt");
    assert_int_equal (s_load_one (&var, "", err), 0);
    assert_string_equal (path, "");
    s_expect_bad (&var, "/a/very/long/path/indeed",
                  "RT_DATA_DIR=/a/very/long/path/indeed: expected a path of at most 15 bytes");
}

static void
test_enum (void **state)
{
    int level = -1;
    static const char *const words [] = { "trace", "debug", "info", "warn", "error", NULL };
    const rt_config_var_t var = RT_CFG_ENUM ("LOG_LEVEL", &level, "info", words, "l");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "trace", err), 0);
    assert_int_equal (level, 0);
    assert_int_equal (s_load_one (&var, "ERROR", err), 0);
    assert_int_equal (level, 4);
    s_expect_bad (&var, "verbose",
                  "LOG_LEVEL=verbose: expected one of: trace, debug, info, warn, error");
    s_expect_bad (&var, "", "LOG_LEVEL=: expected one of: trace, debug, info, warn, error");
}

static void
test_required_and_bad_default (void **state)
{
    int i = 0;
    const rt_config_var_t req = RT_CFG_INT ("T_REQ", &i, NULL, 1, 9, "r");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&req, NULL, err), RT_EINVAL);
    assert_string_equal (err, "T_REQ is required: expected an integer from 1 to 9");
    assert_int_equal (s_load_one (&req, "3", err), 0);
    assert_int_equal (i, 3);
    //  A default goes through the same parser: a bad one is caught at start, not in use.
    const rt_config_var_t bad_def = RT_CFG_INT ("T_BAD_DEF", &i, "12", 1, 9, "r");
    assert_int_equal (s_load_one (&bad_def, NULL, err), RT_EINVAL);
    assert_string_equal (err, "T_BAD_DEF=12: expected an integer from 1 to 9");
}

static void
test_first_error_stops (void **state)
{
    int a = 0, b = 0;
    const rt_config_var_t vars [] = {
        RT_CFG_PORT ("T_FIRST_A", &a, "1", "a"),
        RT_CFG_PORT ("T_FIRST_B", &b, "2", "b"),
    };
    setenv ("T_FIRST_A", "x", 1);
    setenv ("T_FIRST_B", "y", 1);
    char err [ERRCAP];
    assert_int_equal (rt_config_load (vars, 2, err, sizeof err), RT_EINVAL);
    assert_string_equal (err, "T_FIRST_A=x: expected an integer port 1-65535");
    //  NULL errbuf with cap 0 is allowed.
    assert_int_equal (rt_config_load (vars, 2, NULL, 0), RT_EINVAL);
    unsetenv ("T_FIRST_A");
    unsetenv ("T_FIRST_B");
}

static void
test_long_and_odd_values_are_quoted_safely (void **state)
{
    int port = 0;
    const rt_config_var_t var = RT_CFG_PORT ("T_ODD", &port, "1", "p");
    char value [300];
    memset (value, '9', sizeof value - 1);
    value [sizeof value - 1] = 0;
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, value, err), RT_EINVAL);
    //  64 bytes quoted then "...": the message stays one short line.
    assert_non_null (strstr (err, "9999...: expected an integer port 1-65535"));
    assert_true (strlen (err) < 140);
    assert_int_equal (s_load_one (&var, "1\n2", err), RT_EINVAL);
    assert_string_equal (err, "T_ODD=1?2: expected an integer port 1-65535");
}

static void
test_secret_never_shown (void **state)
{
    char token [8];
    const rt_config_var_t var = RT_CFG_SECRET ("T_TOKEN", token, "", "t");
    char err [ERRCAP];
    assert_int_equal (s_load_one (&var, "hunter2-is-too-long", err), RT_EINVAL);
    assert_null (strstr (err, "hunter2"));
    assert_string_equal (err, "T_TOKEN=***: expected a string of at most 7 bytes");
    assert_int_equal (s_load_one (&var, "s3cr3t!", err), 0);
    assert_string_equal (token, "s3cr3t!");
    rt_log_redact_clear ();
}

//  Writes text to a fresh temporary file; returns its path in path.
static void
s_write_file (char *path, size_t cap, const char *text)
{
    snprintf (path, cap, "/tmp/rt-test-config-XXXXXX");
    int fd = mkstemp (path);
    assert_true (fd >= 0);
    size_t len = strlen (text);
    assert_int_equal (write (fd, text, len), (ssize_t) len);
    assert_int_equal (close (fd), 0);
}

static void
test_file_and_precedence (void **state)
{
    struct { int port; char host [64]; char name [32]; char quoted [32]; uint64_t ms; int other; } c;
    memset (&c, 0, sizeof c);
    const rt_config_var_t vars [] = {
        RT_CFG_PORT     ("T_F_PORT", &c.port, "1", "p"),
        RT_CFG_HOST     ("T_F_HOST", c.host, "localhost", "h"),
        RT_CFG_STRING   ("T_F_NAME", c.name, "dflt", "n"),
        RT_CFG_STRING   ("T_F_QUOTED", c.quoted, "", "q"),
        RT_CFG_DURATION ("T_F_MS", &c.ms, "1s", 0, 0, "d"),
        RT_CFG_PORT     ("T_F_OTHER", &c.other, "9", "o"),
    };
    char path [64];
    s_write_file (path, sizeof path,
        "# a comment\n"
        "\n"
        "T_F_PORT=1111\n"
        "  T_F_HOST = file-host  \n"
        "export T_F_NAME=from-file\n"
        "T_F_QUOTED=\"  spaced value \"\n"
        "T_F_MS=5s\n"
        "T_F_MS=7s\n"                       //  a later line wins
        "UNKNOWN_TO_THIS_SERVICE=whatever\n"
        "\r\n");
    setenv (RT_CONFIG_FILE_VAR, path, 1);
    setenv ("T_F_PORT", "2222", 1);         //  environment beats the file
    char err [ERRCAP];
    int rc = rt_config_load (vars, RT_CFG_COUNT (vars), err, sizeof err);
    if (rc)
        fail_msg ("%s", err);
    assert_int_equal (c.port, 2222);
    assert_string_equal (c.host, "file-host");
    assert_string_equal (c.name, "from-file");
    assert_string_equal (c.quoted, "  spaced value ");
    assert_int_equal (c.ms, 7000);
    assert_int_equal (c.other, 9);          //  neither: the default
    unsetenv ("T_F_PORT");
    assert_int_equal (rt_config_load (vars, RT_CFG_COUNT (vars), err, sizeof err), 0);
    assert_int_equal (c.port, 1111);
    unsetenv (RT_CONFIG_FILE_VAR);
    assert_int_equal (unlink (path), 0);
}

static void
test_file_errors (void **state)
{
    int port = 0;
    const rt_config_var_t var = RT_CFG_PORT ("T_FE_PORT", &port, "1", "p");
    char path [64], err [ERRCAP], want [ERRCAP];

    s_write_file (path, sizeof path, "T_FE_PORT=1\nthis line has no equals\n");
    setenv (RT_CONFIG_FILE_VAR, path, 1);
    assert_int_equal (rt_config_load (&var, 1, err, sizeof err), RT_EINVAL);
    snprintf (want, sizeof want, "RT_CONFIG_FILE=%s: line 2: expected KEY=VALUE", path);
    assert_string_equal (err, want);
    assert_int_equal (unlink (path), 0);

    s_write_file (path, sizeof path, "1BAD=2\n");
    setenv (RT_CONFIG_FILE_VAR, path, 1);
    assert_int_equal (rt_config_load (&var, 1, err, sizeof err), RT_EINVAL);
    snprintf (want, sizeof want, "RT_CONFIG_FILE=%s: line 1: expected KEY=VALUE", path);
    assert_string_equal (err, want);

    //  A bad value from the file is reported like one from the environment.
    s_write_file (path, sizeof path, "T_FE_PORT=http\n");
    setenv (RT_CONFIG_FILE_VAR, path, 1);
    assert_int_equal (rt_config_load (&var, 1, err, sizeof err), RT_EINVAL);
    assert_string_equal (err, "T_FE_PORT=http: expected an integer port 1-65535");
    assert_int_equal (unlink (path), 0);

    setenv (RT_CONFIG_FILE_VAR, "/nonexistent/rt-config", 1);
    assert_int_equal (rt_config_load (&var, 1, err, sizeof err), RT_EINVAL);
    assert_string_equal (err, "RT_CONFIG_FILE=/nonexistent/rt-config: cannot open: "
                              "No such file or directory");
    setenv (RT_CONFIG_FILE_VAR, "", 1);     //  empty: no file
    assert_int_equal (rt_config_load (&var, 1, err, sizeof err), 0);
    unsetenv (RT_CONFIG_FILE_VAR);
}

static void
test_file_export (void **state)
{
    char path [64], err [ERRCAP];
    s_write_file (path, sizeof path, "T_X_A=from-file\nT_X_B=first\nT_X_B=second\nT_X_C=file\n");
    assert_int_equal (setenv ("T_X_C", "env", 1), 0);
    assert_int_equal (rt_config_file_export (err, sizeof err), 0);    //  no file set: no-op
    assert_null (getenv ("T_X_A"));
    assert_int_equal (setenv (RT_CONFIG_FILE_VAR, path, 1), 0);
    assert_int_equal (rt_config_file_export (err, sizeof err), 0);
    assert_string_equal (getenv ("T_X_A"), "from-file");
    assert_string_equal (getenv ("T_X_B"), "second");
    assert_string_equal (getenv ("T_X_C"), "env");
    unsetenv ("T_X_A");
    unsetenv ("T_X_B");
    unsetenv ("T_X_C");
    assert_int_equal (unlink (path), 0);
    assert_int_equal (rt_config_file_export (err, sizeof err), RT_EINVAL);
    assert_non_null (strstr (err, "cannot open"));
    unsetenv (RT_CONFIG_FILE_VAR);
}

static void
test_print_help (void **state)
{
    int port = 0;
    char token [32];
    static const char *const words [] = { "a", "b", NULL };
    int e = 0;
    const rt_config_var_t vars [] = {
        RT_CFG_PORT   ("TWS_PORT", &port, "4002", "IB Gateway API port"),
        RT_CFG_SECRET ("T_TOKEN", token, "default-secret", "API token"),
        RT_CFG_ENUM   ("T_MODE", &e, NULL, words, "mode"),
    };
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert_non_null (out);
    rt_config_print_help (vars, RT_CFG_COUNT (vars), out);
    assert_int_equal (fclose (out), 0);
    assert_non_null (strstr (text, "  TWS_PORT (default: \"4002\")\n"
                                   "      IB Gateway API port\n"
                                   "      expects an integer port 1-65535\n"));
    assert_non_null (strstr (text, "T_TOKEN (default: ***)"));
    assert_null (strstr (text, "default-secret"));
    assert_non_null (strstr (text, "T_MODE (required)"));
    assert_non_null (strstr (text, "expects one of: a, b"));
    free (text);

    char *argv1 [] = { "prog", "--symbols", "AAPL", "--help", NULL };
    char *argv2 [] = { "prog", "-x", NULL };
    assert_true (rt_config_wants_help (4, argv1));
    assert_false (rt_config_wants_help (2, argv2));
}

//  Runs the helper child with one extra environment variable (and RT_CONFIG_FILE unset);
//  returns its exit status, its stdout and stderr in err.
static int
s_run_child (const char *mode, const char *assignment, char *err, size_t cap)
{
    const char *argv [] = { RT_CONFIG_CHILD, mode, NULL };
    const char *env [] = { RT_CONFIG_FILE_VAR, assignment, NULL };
    int status = rt_test_run (argv, env, err, cap, 5000);
    assert_true (status >= 0 && status < 128);
    return status;
}

static void
test_bad_value_exits_2 (void **state)
{
    char out [1024];
    assert_int_equal (s_run_child ("config", "CHILD_PORT=abc", out, sizeof out), 2);
    assert_string_equal (out,
        "configuration error: CHILD_PORT=abc: expected an integer port 1-65535\n");
    assert_int_equal (s_run_child ("config", "CHILD_PORT=7497", out, sizeof out), 0);
    assert_string_equal (out, "7497\n");
    assert_int_equal (s_run_child ("config", NULL, out, sizeof out), 0);
    assert_string_equal (out, "4002\n");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup (test_defaults, s_setup),
        cmocka_unit_test_setup (test_env_overrides_default, s_setup),
        cmocka_unit_test_setup (test_string, s_setup),
        cmocka_unit_test_setup (test_int, s_setup),
        cmocka_unit_test_setup (test_u64, s_setup),
        cmocka_unit_test_setup (test_double, s_setup),
        cmocka_unit_test_setup (test_bool, s_setup),
        cmocka_unit_test_setup (test_duration, s_setup),
        cmocka_unit_test_setup (test_port, s_setup),
        cmocka_unit_test_setup (test_host, s_setup),
        cmocka_unit_test_setup (test_endpoint, s_setup),
        cmocka_unit_test_setup (test_path, s_setup),
        cmocka_unit_test_setup (test_enum, s_setup),
        cmocka_unit_test_setup (test_required_and_bad_default, s_setup),
        cmocka_unit_test_setup (test_first_error_stops, s_setup),
        cmocka_unit_test_setup (test_long_and_odd_values_are_quoted_safely, s_setup),
        cmocka_unit_test_setup (test_secret_never_shown, s_setup),
        cmocka_unit_test_setup (test_file_and_precedence, s_setup),
        cmocka_unit_test_setup (test_file_errors, s_setup),
        cmocka_unit_test_setup (test_file_export, s_setup),
        cmocka_unit_test_setup (test_print_help, s_setup),
        cmocka_unit_test_setup (test_bad_value_exits_2, s_setup),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
