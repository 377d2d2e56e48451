/*  run_table.c - parsing of rt-run's process table (format in run_table.h). */
#include "run_table.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _run_table_t {
    run_entry_t entries [RUN_TABLE_MAX];
    size_t size;
};

static bool
s_name_ok (const char *s)
{
    size_t n = strlen (s);
    if (n == 0 || n >= RUN_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower ((unsigned char) s [i]) || isdigit ((unsigned char) s [i])
              || s [i] == '-' || s [i] == '_' || s [i] == '.'))
            return false;
    return true;
}

//  KEY=VALUE with KEY a shell variable name: an environment word, not the program.
static bool
s_is_assignment (const char *w)
{
    if (!(isalpha ((unsigned char) *w) || *w == '_'))
        return false;
    const char *p = w;
    while (isalnum ((unsigned char) *p) || *p == '_')
        p++;
    return *p == '=';
}

//  Copies line into out with every ${VAR} replaced. 0, or RT_EINVAL (unclosed ${ or a bad
//  name) / RT_ERANGE (too long), with err set.
static int
s_expand (const char *line, size_t len, char *out, size_t cap, char *err, size_t errcap)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        const char *val = NULL;
        char one [2] = { line [i], 0 };
        char var [128];         //  val may point into it (a default): lives for the copy
        if (line [i] == '$' && i + 1 < len && line [i + 1] == '{') {
            const char *end = memchr (line + i + 2, '}', len - i - 2);
            size_t n = end ? (size_t) (end - line - i - 2) : 0;
            if (!end || n == 0 || n >= 128) {
                snprintf (err, errcap, "unclosed or empty ${...}");
                return RT_EINVAL;
            }
            memcpy (var, line + i + 2, n);
            var [n] = 0;
            //  ${VAR:-default}: the default when VAR is unset or empty, as in sh.
            char *dflt = strstr (var, ":-");
            if (dflt) {
                *dflt = 0;
                dflt += 2;
            }
            val = getenv (var);
            if (!val || !*val)
                val = dflt ? dflt : "";
            i += n + 2;
        }
        else
            val = one;
        size_t vn = strlen (val);
        if (o + vn >= cap) {
            snprintf (err, errcap, "line longer than %d bytes", RUN_LINE_MAX);
            return RT_ERANGE;
        }
        memcpy (out + o, val, vn);
        o += vn;
    }
    out [o] = 0;
    return 0;
}

//  Splits the expanded line into the entry. 0 or RT_EINVAL / RT_ERANGE with err set.
static int
s_entry (run_entry_t *e, char *storage, char *err, size_t errcap)
{
    size_t nargs = 0, nenv = 0;
    bool have_name = false;
    char *save = NULL;
    for (char *w = strtok_r (storage, " \t\r", &save); w; w = strtok_r (NULL, " \t\r", &save)) {
        if (!have_name) {
            if (!s_name_ok (w)) {
                snprintf (err, errcap, "bad name '%s' (1..%d of a-z 0-9 . _ -)", w,
                          RUN_NAME_MAX - 1);
                return RT_EINVAL;
            }
            snprintf (e->name, sizeof e->name, "%s", w);
            have_name = true;
        }
        else
        if (nargs == 0 && s_is_assignment (w)) {
            if (nenv == RUN_ENV_MAX) {
                snprintf (err, errcap, "more than %d KEY=VALUE words", RUN_ENV_MAX);
                return RT_ERANGE;
            }
            e->env [nenv++] = w;
        }
        else {
            if (nargs == RUN_ARGS_MAX) {
                snprintf (err, errcap, "more than %d words in the command", RUN_ARGS_MAX);
                return RT_ERANGE;
            }
            e->argv [nargs++] = w;
        }
    }
    if (nargs == 0) {
        snprintf (err, errcap, "'%s' has no program", e->name);
        return RT_EINVAL;
    }
    e->argv [nargs] = NULL;
    e->env [nenv] = NULL;
    return 0;
}

run_table_t *
run_table_parse (const char *text, const char *origin, char *err, size_t cap)
{
    run_table_t *self = calloc (1, sizeof *self);
    char *expanded = malloc (RUN_LINE_MAX);
    char why [256] = "";
    int lineno = 0;
    if (!self || !expanded) {
        snprintf (err, cap, "out of memory");
        goto fail;
    }
    const char *p = text;
    while (*p) {
        lineno++;
        const char *nl = strchr (p, '\n');
        size_t len = nl ? (size_t) (nl - p) : strlen (p);
        const char *hash = memchr (p, '#', len);
        size_t use = hash ? (size_t) (hash - p) : len;
        size_t k = 0;
        while (k < use && isspace ((unsigned char) p [k]))
            k++;
        if (k < use) {
            if (self->size == RUN_TABLE_MAX) {
                snprintf (why, sizeof why, "more than %d processes", RUN_TABLE_MAX);
                goto bad_line;
            }
            if (s_expand (p, use, expanded, RUN_LINE_MAX, why, sizeof why) != 0)
                goto bad_line;
            run_entry_t *e = &self->entries [self->size];
            e->storage = strdup (expanded);
            if (!e->storage) {
                snprintf (why, sizeof why, "out of memory");
                goto bad_line;
            }
            self->size++;
            if (s_entry (e, e->storage, why, sizeof why) != 0)
                goto bad_line;
            for (size_t i = 0; i + 1 < self->size; i++)
                if (strcmp (self->entries [i].name, e->name) == 0) {
                    snprintf (why, sizeof why, "'%s' appears twice", e->name);
                    goto bad_line;
                }
        }
        p += len + (nl ? 1 : 0);
    }
    if (self->size == 0) {
        snprintf (err, cap, "%s: no process in the table", origin);
        goto fail;
    }
    free (expanded);
    return self;

bad_line:
    snprintf (err, cap, "%s:%d: %s", origin, lineno, why);
fail:
    free (expanded);
    run_table_destroy (&self);
    return NULL;
}

run_table_t *
run_table_load (const char *path, char *err, size_t cap)
{
    run_table_t *table = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *f = fopen (path, "r");
    if (!f) {
        snprintf (err, cap, "%s: %s", path, strerror (errno));
        return NULL;
    }
    //  The whole file at once: a table is a few hundred bytes, 64 KiB is far more than enough.
    const size_t max = 65536;
    text = malloc (max + 1);
    if (!text) {
        snprintf (err, cap, "out of memory");
        goto done;
    }
    len = fread (text, 1, max + 1, f);
    if (ferror (f) || len > max) {
        snprintf (err, cap, "%s: %s", path, ferror (f) ? "read error" : "larger than 64 KiB");
        goto done;
    }
    text [len] = 0;
    table = run_table_parse (text, path, err, cap);
done:
    free (text);
    fclose (f);
    return table;
}

void
run_table_destroy (run_table_t **self_p)
{
    run_table_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->size; i++)
        free (self->entries [i].storage);
    free (self);
    *self_p = NULL;
}

size_t
run_table_size (const run_table_t *self)
{
    return self->size;
}

const run_entry_t *
run_table_entry (const run_table_t *self, size_t index)
{
    return index < self->size ? &self->entries [index] : NULL;
}

const run_entry_t *
run_table_find (const run_table_t *self, const char *name)
{
    for (size_t i = 0; i < self->size; i++)
        if (strcmp (self->entries [i].name, name) == 0)
            return &self->entries [i];
    return NULL;
}
