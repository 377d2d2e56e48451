/*  ctl_table.h - ctl_table: a table for people, columns aligned to their widest cell.

    Text columns are left-aligned, number columns right-aligned; two spaces between
    columns, no trailing blanks. Cells are copied.
*/
#ifndef CTL_TABLE_H_INCLUDED
#define CTL_TABLE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CTL_TABLE_COLS_MAX 12

typedef struct _ctl_table_t ctl_table_t;

//  headers: ncols column titles; a title starting with '>' marks a right-aligned column
//  (the '>' is not printed). NULL when out of memory.
ctl_table_t *ctl_table_new (const char *const *headers, size_t ncols);
void ctl_table_destroy (ctl_table_t **self_p);

//  Appends a row of ncols cells (NULL prints as "-"). 0 or RT_ENOMEM.
int ctl_table_add (ctl_table_t *self, const char *const *cells);

size_t ctl_table_rows (const ctl_table_t *self);

//  Prints the header and the rows. 0 or RT_EIO.
int ctl_table_print (const ctl_table_t *self, FILE *out);

#endif
