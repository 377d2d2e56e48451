/*  test_log.c - rt_log: level filtering, the line format read back from LOG_FILE, redaction,
    cut lines, rt_log_init from the environment and its exit status 2 on a bad LOG_LEVEL.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "rt_config.h"
#include "rt_log.h"
#include "rt_test_proc.h"

typedef struct {
    char path [64];
} fixture_t;

static int
s_setup (void **state)
{
    fixture_t *self = calloc (1, sizeof *self);
    assert_non_null (self);
    snprintf (self->path, sizeof self->path, "/tmp/rt-test-log-XXXXXX");
    int fd = mkstemp (self->path);
    assert_true (fd >= 0);
    assert_int_equal (close (fd), 0);
    unsetenv (RT_CONFIG_FILE_VAR);
    unsetenv ("LOG_LEVEL");
    unsetenv ("LOG_FILE");
    *state = self;
    return 0;
}

static int
s_teardown (void **state)
{
    fixture_t *self = *state;
    rt_log_close ();
    rt_log_redact_clear ();
    unlink (self->path);
    free (self);
    return 0;
}

//  The whole file as a string; caller frees.
static char *
s_slurp (const char *path)
{
    FILE *file = fopen (path, "r");
    assert_non_null (file);
    char *text = calloc (1, 1 << 16);
    assert_non_null (text);
    size_t got = fread (text, 1, (1 << 16) - 1, file);
    assert_int_equal (ferror (file), 0);
    text [got] = 0;
    assert_int_equal (fclose (file), 0);
    return text;
}

static size_t
s_count_lines (const char *text)
{
    size_t lines = 0;
    for (; *text; text++)
        lines += *text == '\n';
    return lines;
}

static int s_evaluations;
static int
s_side_effect (void)
{
    return ++s_evaluations;
}

static void
test_level_filtering (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (rt_log_open ("svc", RT_LOG_WARN, self->path), 0);
    assert_int_equal (rt_log_level (), RT_LOG_WARN);
    assert_false (rt_log_enabled (RT_LOG_INFO));
    assert_true (rt_log_enabled (RT_LOG_ERROR));
    s_evaluations = 0;
    rt_log_trace ("trace %d", s_side_effect ());
    rt_log_debug ("debug %d", s_side_effect ());
    rt_log_info ("info %d", s_side_effect ());
    rt_log_warn ("warn %d", s_side_effect ());
    rt_log_error ("error %d", s_side_effect ());
    //  Disabled levels do not even evaluate their arguments.
    assert_int_equal (s_evaluations, 2);
    rt_log_set_level (RT_LOG_TRACE);
    rt_log_trace ("trace again");
    char *text = s_slurp (self->path);
    assert_int_equal (s_count_lines (text), 3);
    assert_non_null (strstr (text, " svc WARN warn 1\n"));
    assert_non_null (strstr (text, " svc ERROR error 2\n"));
    assert_non_null (strstr (text, " svc TRACE trace again\n"));
    assert_null (strstr (text, "info"));
    free (text);
}

static void
test_line_format (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (rt_log_open ("gate way", RT_LOG_INFO, self->path), 0);
    time_t before = time (NULL);
    rt_log_info ("connected to %s:%d as client %d\nsecond line\ttab", "127.0.0.1", 4002, 7);
    time_t after = time (NULL);
    char *text = s_slurp (self->path);
    regex_t re;
    assert_int_equal (regcomp (&re, "^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):"
                                    "([0-9]{2})\\.([0-9]{3})Z ([^ ]+) ([A-Z]+) (.*)\n$",
                               REG_EXTENDED), 0);
    regmatch_t m [11];
    if (regexec (&re, text, 11, m, 0) != 0)
        fail_msg ("line does not parse: \"%s\"", text);
    regfree (&re);
    struct tm tm = { 0 };
    assert_int_equal (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                              &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t stamp = timegm (&tm);
    assert_true (stamp >= before && stamp <= after);
    //  Spaces in the service name would shift the fields; they become '_'.
    assert_int_equal (m [8].rm_eo - m [8].rm_so, 8);
    assert_memory_equal (text + m [8].rm_so, "gate_way", 8);
    assert_memory_equal (text + m [9].rm_so, "INFO", 4);
    assert_string_equal (text + m [10].rm_so,
                         "connected to 127.0.0.1:4002 as client 7 second line tab\n");
    free (text);
}

static void
test_file_appends (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (rt_log_open ("a", RT_LOG_INFO, self->path), 0);
    rt_log_info ("one");
    rt_log_close ();
    assert_int_equal (rt_log_open ("b", RT_LOG_INFO, self->path), 0);
    rt_log_info ("two");
    char *text = s_slurp (self->path);
    assert_int_equal (s_count_lines (text), 2);
    assert_non_null (strstr (text, " a INFO one\n"));
    assert_non_null (strstr (text, " b INFO two\n"));
    free (text);
    struct stat st;
    assert_int_equal (stat (self->path, &st), 0);
    assert_int_equal (rt_log_dropped (), 0);
}

static void
test_redaction (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (rt_log_open ("svc", RT_LOG_INFO, self->path), 0);
    assert_int_equal (rt_log_redact ("tok-9f8e7d6c5b4a"), 0);
    assert_int_equal (rt_log_redact ("tok-9f8e7d6c5b4a"), 0);      //  twice is fine
    assert_int_equal (rt_log_redact ("pass-word"), 0);
    assert_int_equal (rt_log_redact ("abc"), RT_EINVAL);            //  would mask prose
    assert_int_equal (rt_log_redact (NULL), RT_EINVAL);
    rt_log_info ("auth token=%s again:%s pw=%s end", "tok-9f8e7d6c5b4a",
                 "tok-9f8e7d6c5b4a", "pass-word");
    rt_log_info ("abc stays");
    char *text = s_slurp (self->path);
    assert_non_null (strstr (text, " svc INFO auth token=*** again:*** pw=*** end\n"));
    assert_non_null (strstr (text, " svc INFO abc stays\n"));
    assert_null (strstr (text, "tok-"));
    assert_null (strstr (text, "pass-word"));
    free (text);
}

static void
test_registry_full (void **state)
{
    char secret [32];
    for (int i = 0; i < RT_LOG_SECRETS_MAX; i++) {
        snprintf (secret, sizeof secret, "secret-%02d", i);
        assert_int_equal (rt_log_redact (secret), 0);
    }
    assert_int_equal (rt_log_redact ("one-too-many"), RT_ERANGE);
}

static void
test_long_line_is_cut_without_leaking_a_secret (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (rt_log_open ("svc", RT_LOG_INFO, self->path), 0);
    const char *secret = "ZYXWVUTSRQ-secret";
    assert_int_equal (rt_log_redact (secret), 0);
    //  The formatted message is cut at RT_LOG_LINE_MAX - 1 bytes; put the secret across that
    //  cut, after ten masked copies that shrink the line enough for its end to be written.
    size_t slen = strlen (secret);
    size_t pad = RT_LOG_LINE_MAX - 1 - 6 - 10 * slen;
    char *padding = malloc (pad + 1);
    assert_non_null (padding);
    memset (padding, 'p', pad);
    padding [pad] = 0;
    rt_log_info ("%s%s%s%s%s%s%s%s%s%s%s%s tail", secret, secret, secret, secret, secret,
                 secret, secret, secret, secret, secret, padding, secret);
    free (padding);
    char *text = s_slurp (self->path);
    size_t len = strlen (text);
    assert_true (len <= RT_LOG_LINE_MAX);
    assert_int_equal (s_count_lines (text), 1);
    assert_memory_equal (text + len - 4, "...\n", 4);
    assert_null (strstr (text, "ZYXW"));
    assert_null (strstr (text, "tail"));
    //  The padding came through to its end: the cut was at the secret, not before it.
    assert_memory_equal (text + len - 9, "ppppp...\n", 9);
    free (text);
}

static void
test_init_from_environment (void **state)
{
    fixture_t *self = *state;
    assert_int_equal (setenv ("LOG_LEVEL", "DEBUG", 1), 0);
    assert_int_equal (setenv ("LOG_FILE", self->path, 1), 0);
    rt_log_init ("envsvc");
    assert_int_equal (rt_log_level (), RT_LOG_DEBUG);
    rt_log_debug ("debug shown");
    rt_log_trace ("trace hidden");
    char *text = s_slurp (self->path);
    assert_int_equal (s_count_lines (text), 1);
    assert_non_null (strstr (text, " envsvc DEBUG debug shown\n"));
    free (text);

    char err [512];
    assert_int_equal (setenv ("LOG_LEVEL", "loud", 1), 0);
    assert_int_equal (rt_log_init_r ("envsvc", err, sizeof err), RT_EINVAL);
    assert_string_equal (err, "LOG_LEVEL=loud: expected one of: trace, debug, info, warn, error");
    assert_int_equal (unsetenv ("LOG_LEVEL"), 0);
    assert_int_equal (setenv ("LOG_FILE", "/nonexistent-dir/rt.log", 1), 0);
    assert_int_equal (rt_log_init_r ("envsvc", err, sizeof err), RT_EIO);
    assert_string_equal (err, "LOG_FILE=/nonexistent-dir/rt.log: cannot open for appending: "
                              "No such file or directory");
    assert_int_equal (unsetenv ("LOG_FILE"), 0);
    assert_int_equal (rt_log_init_r ("envsvc", err, sizeof err), 0);
    assert_int_equal (rt_log_level (), RT_LOG_INFO);
}

static void
test_secret_variable_is_redacted (void **state)
{
    fixture_t *self = *state;
    char token [64];
    const rt_config_var_t vars [] = {
        RT_CFG_SECRET ("T_LOG_TOKEN", token, NULL, "token"),
    };
    assert_int_equal (setenv ("T_LOG_TOKEN", "Bearer-0123456789", 1), 0);
    char err [256];
    assert_int_equal (rt_config_load (vars, 1, err, sizeof err), 0);
    assert_int_equal (unsetenv ("T_LOG_TOKEN"), 0);
    assert_int_equal (rt_log_open ("svc", RT_LOG_INFO, self->path), 0);
    rt_log_warn ("sending header Authorization: %s", token);
    char *text = s_slurp (self->path);
    assert_non_null (strstr (text, "Authorization: ***\n"));
    assert_null (strstr (text, "0123456789"));
    free (text);
}

static void
test_level_names (void **state)
{
    rt_log_level_t level;
    assert_int_equal (rt_log_level_parse ("Warn", &level), 0);
    assert_int_equal (level, RT_LOG_WARN);
    assert_int_equal (rt_log_level_parse ("warning", &level), RT_EINVAL);
    assert_string_equal (rt_log_level_name (RT_LOG_TRACE), "trace");
    assert_string_equal (rt_log_level_name (RT_LOG_ERROR), "error");
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert_non_null (out);
    rt_log_print_help (out);
    assert_int_equal (fclose (out), 0);
    assert_non_null (strstr (text, "LOG_LEVEL (default: \"info\")"));
    assert_non_null (strstr (text, "LOG_FILE (default: \"\")"));
    free (text);
}

static void
test_bad_level_exits_2 (void **state)
{
    const char *argv [] = { RT_CONFIG_CHILD, "log", NULL };
    const char *env [] = { "LOG_LEVEL=chatty", NULL };
    char out [512];
    assert_int_equal (rt_test_run (argv, env, out, sizeof out, 5000), 2);
    assert_string_equal (out, "configuration error: LOG_LEVEL=chatty: expected one of: "
                              "trace, debug, info, warn, error\n");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_level_filtering, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_line_format, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_file_appends, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_redaction, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_registry_full, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_long_line_is_cut_without_leaking_a_secret,
                                         s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_init_from_environment, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_secret_variable_is_redacted, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_level_names, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_bad_level_exits_2, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
