/*  ctl_table.c - ctl_table: aligned columns for rt-ctl's tables. */
#include <stdlib.h>
#include <string.h>
#include "ctl_table.h"
#include "rt_error.h"

struct _ctl_table_t {
    size_t ncols;
    char  *header [CTL_TABLE_COLS_MAX];
    bool   right [CTL_TABLE_COLS_MAX];
    size_t width [CTL_TABLE_COLS_MAX];
    char **cells;                   //  rows * ncols
    size_t rows;
    size_t cap;
};

ctl_table_t *
ctl_table_new (const char *const *headers, size_t ncols)
{
    if (ncols == 0 || ncols > CTL_TABLE_COLS_MAX)
        return NULL;
    ctl_table_t *self = calloc (1, sizeof (*self));
    if (!self)
        return NULL;
    self->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        const char *title = headers [i];
        self->right [i] = title [0] == '>';
        self->header [i] = strdup (title + (self->right [i] ? 1 : 0));
        if (!self->header [i]) {
            ctl_table_destroy (&self);
            return NULL;
        }
        self->width [i] = strlen (self->header [i]);
    }
    return self;
}

void
ctl_table_destroy (ctl_table_t **self_p)
{
    if (!*self_p)
        return;
    ctl_table_t *self = *self_p;
    for (size_t i = 0; i < self->ncols; i++)
        free (self->header [i]);
    for (size_t i = 0; i < self->rows * self->ncols; i++)
        free (self->cells [i]);
    free (self->cells);
    free (self);
    *self_p = NULL;
}

int
ctl_table_add (ctl_table_t *self, const char *const *cells)
{
    if (self->rows == self->cap) {
        size_t cap = self->cap ? self->cap * 2 : 16;
        char **grown = realloc (self->cells, cap * self->ncols * sizeof (*grown));
        if (!grown)
            return RT_ENOMEM;
        self->cells = grown;
        self->cap = cap;
    }
    char **row = self->cells + self->rows * self->ncols;
    for (size_t i = 0; i < self->ncols; i++) {
        row [i] = strdup (cells [i] && *cells [i] ? cells [i] : "-");
        if (!row [i]) {
            for (size_t k = 0; k < i; k++)
                free (row [k]);
            return RT_ENOMEM;
        }
        size_t len = strlen (row [i]);
        if (len > self->width [i])
            self->width [i] = len;
    }
    self->rows++;
    return 0;
}

size_t
ctl_table_rows (const ctl_table_t *self)
{
    return self->rows;
}

static int
s_print_row (const ctl_table_t *self, char *const *cells, FILE *out)
{
    for (size_t i = 0; i < self->ncols; i++) {
        bool last = i + 1 == self->ncols;
        int width = (int) self->width [i];
        int rc;
        if (self->right [i])
            rc = fprintf (out, "%*s", width, cells [i]);
        else
            rc = fprintf (out, "%-*s", last ? 0 : width, cells [i]);
        if (rc < 0 || fputs (last ? "\n" : "  ", out) == EOF)
            return RT_EIO;
    }
    return 0;
}

int
ctl_table_print (const ctl_table_t *self, FILE *out)
{
    int rc = s_print_row (self, self->header, out);
    for (size_t r = 0; rc == 0 && r < self->rows; r++)
        rc = s_print_row (self, self->cells + r * self->ncols, out);
    return rc;
}
