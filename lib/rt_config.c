/*  rt_config.c - configuration from environment variables (and an optional KEY=VALUE file).

    The value parsers live in rt_config_parse.c; this file finds the values (environment,
    file, default), reports errors and prints help.
*/
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rt_config.h"
#include "rt_config_int.h"
#include "rt_log.h"

//  The optional file, read fully at each load: a service loads a handful of tables once.
typedef struct {
    char **keys;
    char **values;
    size_t count;
    size_t alloc;
} s_file_t;

static void
s_file_free (s_file_t *file)
{
    for (size_t i = 0; i < file->count; i++) {
        free (file->keys [i]);
        free (file->values [i]);
    }
    free (file->keys);
    free (file->values);
    memset (file, 0, sizeof *file);
}

//  Later lines win, as in a shell script.
static const char *
s_file_lookup (const s_file_t *file, const char *key)
{
    for (size_t i = file->count; i > 0; i--)
        if (strcmp (file->keys [i - 1], key) == 0)
            return file->values [i - 1];
    return NULL;
}

static bool
s_is_key (const char *key)
{
    if (!(*key == '_' || (*key >= 'A' && *key <= 'Z') || (*key >= 'a' && *key <= 'z')))
        return false;
    for (key++; *key; key++)
        if (!(*key == '_' || (*key >= 'A' && *key <= 'Z') || (*key >= 'a' && *key <= 'z')
              || (*key >= '0' && *key <= '9')))
            return false;
    return true;
}

static char *
s_trim (char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen (text);
    while (len > 0 && (text [len - 1] == ' ' || text [len - 1] == '\t'
                       || text [len - 1] == '\n' || text [len - 1] == '\r'))
        text [--len] = 0;
    return text;
}

static int
s_file_add (s_file_t *file, const char *key, const char *value)
{
    if (file->count == file->alloc) {
        size_t alloc = file->alloc ? file->alloc * 2 : 16;
        char **keys = realloc (file->keys, alloc * sizeof *keys);
        if (!keys)
            return RT_ENOMEM;
        file->keys = keys;
        char **values = realloc (file->values, alloc * sizeof *values);
        if (!values)
            return RT_ENOMEM;
        file->values = values;
        file->alloc = alloc;
    }
    char *k = strdup (key);
    char *v = strdup (value);
    if (!k || !v) {
        free (k);
        free (v);
        return RT_ENOMEM;
    }
    file->keys [file->count] = k;
    file->values [file->count] = v;
    file->count++;
    return 0;
}

//  Reads KEY=VALUE lines: '#' comments and blank lines skipped, an optional "export " prefix,
//  whitespace around key and value trimmed, one pair of matching quotes around the value
//  removed (no escapes). Keys the table does not know are ignored: one file may serve several
//  services.
static int
s_file_load (s_file_t *file, const char *path, char *errbuf, size_t cap)
{
    int rc = 0;
    char *line = NULL;
    size_t line_cap = 0;
    FILE *handle = fopen (path, "re");
    if (!handle) {
        rt_config_error_ (errbuf, cap, "%s=%s: cannot open: %s",
                          RT_CONFIG_FILE_VAR, path, strerror (errno));
        return RT_EINVAL;
    }
    unsigned lineno = 0;
    ssize_t len;
    while ((len = getline (&line, &line_cap, handle)) >= 0) {
        lineno++;
        if ((size_t) len != strlen (line) || len > RT_CONFIG_VALUE_MAX + 256) {
            rt_config_error_ (errbuf, cap, "%s=%s: line %u: too long or holds a NUL byte",
                              RT_CONFIG_FILE_VAR, path, lineno);
            rc = RT_EINVAL;
            goto cleanup;
        }
        char *text = s_trim (line);
        if (*text == 0 || *text == '#')
            continue;
        if (strncmp (text, "export ", 7) == 0)
            text = s_trim (text + 7);
        char *equals = strchr (text, '=');
        if (equals)
            *equals = 0;
        char *key = s_trim (text);
        if (!equals || !s_is_key (key)) {
            rt_config_error_ (errbuf, cap, "%s=%s: line %u: expected KEY=VALUE",
                              RT_CONFIG_FILE_VAR, path, lineno);
            rc = RT_EINVAL;
            goto cleanup;
        }
        char *value = s_trim (equals + 1);
        size_t vlen = strlen (value);
        if (vlen >= 2 && (value [0] == '"' || value [0] == '\'') && value [vlen - 1] == value [0]) {
            value [vlen - 1] = 0;
            value++;
        }
        rc = s_file_add (file, key, value);
        if (rc) {
            rt_config_error_ (errbuf, cap, "%s=%s: out of memory", RT_CONFIG_FILE_VAR, path);
            goto cleanup;
        }
    }
    if (ferror (handle)) {
        rt_config_error_ (errbuf, cap, "%s=%s: read failed: %s",
                          RT_CONFIG_FILE_VAR, path, strerror (errno));
        rc = RT_EINVAL;
    }
cleanup:
    free (line);
    if (fclose (handle) != 0 && rc == 0) {
        rt_config_error_ (errbuf, cap, "%s=%s: close failed: %s",
                          RT_CONFIG_FILE_VAR, path, strerror (errno));
        rc = RT_EINVAL;
    }
    return rc;
}

int
rt_config_load (const rt_config_var_t *table, size_t n, char *errbuf, size_t cap)
{
    assert (table || n == 0);
    assert (errbuf || cap == 0);
    if (cap)
        errbuf [0] = 0;
    int rc = 0;
    s_file_t file = { 0 };
    const char *path = getenv (RT_CONFIG_FILE_VAR);
    if (path && *path) {
        rc = s_file_load (&file, path, errbuf, cap);
        if (rc)
            goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const rt_config_var_t *var = &table [i];
        const char *value = getenv (var->name);
        if (!value)
            value = s_file_lookup (&file, var->name);
        if (!value)
            value = var->def;
        if (!value) {
            char form [256];
            rt_config_form_ (var, form, sizeof form);
            rt_config_error_ (errbuf, cap, "%s is required: expected %s", var->name, form);
            rc = RT_EINVAL;
            goto cleanup;
        }
        rc = rt_config_parse (var, value, errbuf, cap);
        if (rc)
            goto cleanup;
        //  Short secrets are refused by the registry; they are still loaded.
        if (var->secret && strlen (value) >= 4) {
            rc = rt_log_redact (value);
            if (rc == RT_ENOMEM || rc == RT_ERANGE) {
                rt_config_error_ (errbuf, cap, "%s: cannot register the secret for redaction",
                                  var->name);
                rc = RT_EINVAL;
                goto cleanup;
            }
            rc = 0;
        }
    }
cleanup:
    s_file_free (&file);
    return rc;
}

int
rt_config_file_export (char *errbuf, size_t cap)
{
    assert (errbuf || cap == 0);
    if (cap)
        errbuf [0] = 0;
    const char *path = getenv (RT_CONFIG_FILE_VAR);
    if (!path || !*path)
        return 0;
    s_file_t file = { 0 };
    int rc = s_file_load (&file, path, errbuf, cap);
    //  Last line first, so that with overwrite 0 a later duplicate wins as in rt_config_load,
    //  and the environment keeps its precedence over the file.
    for (size_t i = file.count; rc == 0 && i > 0; i--)
        if (setenv (file.keys [i - 1], file.values [i - 1], 0) != 0) {
            rt_config_error_ (errbuf, cap, "%s=%s: cannot set %s: %s", RT_CONFIG_FILE_VAR,
                              path, file.keys [i - 1], strerror (errno));
            rc = RT_EINVAL;
        }
    s_file_free (&file);
    return rc;
}

void
rt_config_load_or_exit (const rt_config_var_t *table, size_t n)
{
    char errbuf [512];
    if (rt_config_load (table, n, errbuf, sizeof errbuf) != 0) {
        fprintf (stderr, "configuration error: %s\n", errbuf);
        exit (2);
    }
}

void
rt_config_print_help (const rt_config_var_t *table, size_t n, FILE *out)
{
    assert (out);
    for (size_t i = 0; i < n; i++) {
        const rt_config_var_t *var = &table [i];
        char form [256];
        rt_config_form_ (var, form, sizeof form);
        if (!var->def)
            fprintf (out, "  %s (required)\n", var->name);
        else
        if (var->secret && *var->def)
            fprintf (out, "  %s (default: ***)\n", var->name);
        else
            fprintf (out, "  %s (default: \"%s\")\n", var->name, var->def);
        fprintf (out, "      %s\n      expects %s\n", var->help ? var->help : "", form);
    }
}

bool
rt_config_wants_help (int argc, char *const *argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp (argv [i], "--help") == 0 || strcmp (argv [i], "-h") == 0)
            return true;
    return false;
}
