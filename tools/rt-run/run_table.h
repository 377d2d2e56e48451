/*  run_table.h - the table rt-run supervises, read from a text file.

    One process a line, words separated by blanks (no quoting: a word never holds a blank):

        NAME [KEY=VALUE ...] PROGRAM [ARG ...]

    NAME is the log name (build/logs/NAME.log) and the name --skip takes; the KEY=VALUE
    words before PROGRAM are added to that process's environment (as env(1) does); PROGRAM
    without a '/' is looked up in the binary directory, then in PATH. `${VAR}` in any word
    is replaced by the supervisor's environment variable VAR (empty when unset or empty;
    `${VAR:-default}` gives default then), so one file serves every port layout. '#' starts a
    comment; blank lines are skipped. Lines start in file order and stop in reverse order.
*/
#ifndef RUN_TABLE_H_INCLUDED
#define RUN_TABLE_H_INCLUDED

#include <stddef.h>
#include "rt_error.h"

#define RUN_TABLE_MAX   16      //  processes in one table
#define RUN_ARGS_MAX    32      //  words of one command, program included
#define RUN_ENV_MAX     32      //  KEY=VALUE words of one line
#define RUN_NAME_MAX    32
#define RUN_LINE_MAX    4096    //  one line after ${VAR} expansion

typedef struct {
    char name [RUN_NAME_MAX];
    char *argv [RUN_ARGS_MAX + 1];      //  NULL-terminated, into the entry's own storage
    char *env [RUN_ENV_MAX + 1];        //  NULL-terminated "KEY=VALUE"
    char *storage;                      //  the expanded line, owned
} run_entry_t;

typedef struct _run_table_t run_table_t;

//  Reads path. NULL on error, with the reason (file and line) in err.
run_table_t *run_table_load (const char *path, char *err, size_t cap);
//  The same from a string (tests, --config -).
run_table_t *run_table_parse (const char *text, const char *origin, char *err, size_t cap);
void run_table_destroy (run_table_t **self_p);

size_t run_table_size (const run_table_t *self);
const run_entry_t *run_table_entry (const run_table_t *self, size_t index);
//  The entry named name, or NULL.
const run_entry_t *run_table_find (const run_table_t *self, const char *name);

#endif
