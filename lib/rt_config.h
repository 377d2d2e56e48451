/*  rt_config.h - service configuration from environment variables.

    A service declares one static table of variables and loads it once at start:

        static struct { char tws_host [256]; int tws_port; uint64_t timeout_ms; int level; } cfg;
        static const char *const levels [] = { "trace", "debug", "info", NULL };
        static const rt_config_var_t vars [] = {
            RT_CFG_HOST     ("TWS_HOST", cfg.tws_host, "127.0.0.1", "IB Gateway host"),
            RT_CFG_PORT     ("TWS_PORT", &cfg.tws_port, "4002", "IB Gateway API port"),
            RT_CFG_DURATION ("CIRCUIT_BREAKER_TIMEOUT", &cfg.timeout_ms, "30s", 1000, 3600000,
                             "how long the breaker stays open"),
            RT_CFG_ENUM     ("MY_LEVEL", &cfg.level, "info", levels, "verbosity"),
        };
        rt_config_load_or_exit (vars, RT_CFG_COUNT (vars));   // bad value: message, exit 2

    Where a value comes from, highest first: the environment, then the file named by
    RT_CONFIG_FILE (KEY=VALUE lines, see docs/CONFIG.md), then the table's default. A NULL
    default makes the variable required. Every value, defaults included, goes through the same
    parser, so a bad default is caught too.

    Targets are written in place, nothing is allocated: string-like kinds (string, host,
    endpoint, path, secret) copy into a char array whose size the macros take with sizeof, so
    pass the array itself, not a pointer. The macros check target types at compile time.
    On error, targets may be partly written; the caller is expected to stop.
*/
#ifndef RT_CONFIG_H_INCLUDED
#define RT_CONFIG_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "rt_error.h"

//  Name of the variable that points at an optional KEY=VALUE file.
#define RT_CONFIG_FILE_VAR "RT_CONFIG_FILE"

//  Longest value accepted from the environment or the file, in bytes.
#define RT_CONFIG_VALUE_MAX 4096

typedef enum {
    RT_CFG_KIND_STRING = 1, //  any text that fits the target      -> char [size]
    RT_CFG_KIND_INT,        //  decimal integer within [min, max]   -> int
    RT_CFG_KIND_U64,        //  decimal unsigned 64-bit [min, max]  -> uint64_t
    RT_CFG_KIND_DOUBLE,     //  finite number within [dmin, dmax]   -> double
    RT_CFG_KIND_BOOL,       //  1/0 true/false yes/no on/off        -> bool
    RT_CFG_KIND_DURATION,   //  integer + unit ms|s|m, in ms, [min, max] ms -> uint64_t
    RT_CFG_KIND_PORT,       //  integer 1..65535                    -> int
    RT_CFG_KIND_HOST,       //  host name, IPv4, or IPv6 ([..] ok)  -> char [size]
    RT_CFG_KIND_ENDPOINT,   //  tcp://host:port ipc://path inproc://name -> char [size]
    RT_CFG_KIND_PATH,       //  file system path (may be empty)     -> char [size]
    RT_CFG_KIND_ENUM,       //  one of a NULL-terminated word list  -> int (index)
} rt_config_kind_t;

typedef struct {
    const char *name;           //  environment variable name
    rt_config_kind_t kind;
    const char *def;            //  default as text; NULL = required
    const char *help;           //  one line
    int64_t min, max;           //  INT, U64, DURATION bounds; both 0 = the target's full range
    double dmin, dmax;          //  DOUBLE bounds; both 0 = any finite number
    const char *const *words;   //  ENUM: accepted words, NULL-terminated, matched ignoring case
    void *target;
    size_t size;                //  string-like kinds: capacity of the char array
    bool secret;                //  value never printed; registered with rt_log_redact
} rt_config_var_t;

#define RT_CFG_COUNT(table) (sizeof (table) / sizeof ((table) [0]))

//  Compile-time checks used by the macros: a pointer of the wrong type breaks the build, and
//  RT_CFG_ARRAY_SIZE_ refuses a pointer where an array is needed (sizeof would say 8).
#define RT_CFG_PTR_(type, p)    (1 ? (p) : (type *) 0)
#define RT_CFG_ARRAY_SIZE_(a) \
    (sizeof (a) + 0 * sizeof (struct { int rt_not_an_array_: \
        __builtin_types_compatible_p (__typeof__ (a), __typeof__ (&(a) [0])) ? -1 : 1; }))

#define RT_CFG_STRING(NAME, ARRAY, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_STRING, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (char, &(ARRAY) [0]), .size = RT_CFG_ARRAY_SIZE_ (ARRAY) }
#define RT_CFG_SECRET(NAME, ARRAY, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_STRING, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (char, &(ARRAY) [0]), .size = RT_CFG_ARRAY_SIZE_ (ARRAY), \
      .secret = true }
#define RT_CFG_INT(NAME, PTR, DEF, MIN, MAX, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_INT, .def = (DEF), .help = (HELP), \
      .min = (MIN), .max = (MAX), .target = RT_CFG_PTR_ (int, PTR) }
#define RT_CFG_U64(NAME, PTR, DEF, MIN, MAX, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_U64, .def = (DEF), .help = (HELP), \
      .min = (MIN), .max = (MAX), .target = RT_CFG_PTR_ (uint64_t, PTR) }
#define RT_CFG_DOUBLE(NAME, PTR, DEF, MIN, MAX, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_DOUBLE, .def = (DEF), .help = (HELP), \
      .dmin = (MIN), .dmax = (MAX), .target = RT_CFG_PTR_ (double, PTR) }
#define RT_CFG_BOOL(NAME, PTR, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_BOOL, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (bool, PTR) }
#define RT_CFG_DURATION(NAME, PTR, DEF, MIN_MS, MAX_MS, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_DURATION, .def = (DEF), .help = (HELP), \
      .min = (MIN_MS), .max = (MAX_MS), .target = RT_CFG_PTR_ (uint64_t, PTR) }
#define RT_CFG_PORT(NAME, PTR, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_PORT, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (int, PTR) }
#define RT_CFG_HOST(NAME, ARRAY, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_HOST, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (char, &(ARRAY) [0]), .size = RT_CFG_ARRAY_SIZE_ (ARRAY) }
#define RT_CFG_ENDPOINT(NAME, ARRAY, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_ENDPOINT, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (char, &(ARRAY) [0]), .size = RT_CFG_ARRAY_SIZE_ (ARRAY) }
#define RT_CFG_PATH(NAME, ARRAY, DEF, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_PATH, .def = (DEF), .help = (HELP), \
      .target = RT_CFG_PTR_ (char, &(ARRAY) [0]), .size = RT_CFG_ARRAY_SIZE_ (ARRAY) }
#define RT_CFG_ENUM(NAME, PTR, DEF, WORDS, HELP) \
    { .name = (NAME), .kind = RT_CFG_KIND_ENUM, .def = (DEF), .help = (HELP), \
      .words = (WORDS), .target = RT_CFG_PTR_ (int, PTR) }

//  Loads every variable of the table into its target. Returns 0, or RT_EINVAL with one line in
//  errbuf naming the variable, the bad value and the accepted form, e.g.
//  "TWS_PORT=abc: expected an integer port 1-65535". errbuf may be NULL when cap is 0.
int rt_config_load (const rt_config_var_t *table, size_t n, char *errbuf, size_t cap);

//  rt_config_load, and on error prints "configuration error: <message>" to stderr and exits
//  with status 2 (the project's rule for bad configuration).
void rt_config_load_or_exit (const rt_config_var_t *table, size_t n);

//  Parses one value as the variable would from the environment, writing its target.
//  Returns 0 or RT_EINVAL with the same message as rt_config_load.
int rt_config_parse (const rt_config_var_t *var, const char *value, char *errbuf, size_t cap);

//  Copies every KEY=VALUE of the RT_CONFIG_FILE file into the environment where that key is
//  not already set, so code that reads getenv directly sees the file too, with the same
//  precedence. Call it at the top of main, before any thread starts (setenv is not
//  thread-safe). As in rt_config_load, a later duplicate line wins. 0, or RT_EINVAL with a
//  message.
int rt_config_file_export (char *errbuf, size_t cap);

//  Prints every variable: name, accepted form, default, help. For a service's --help.
void rt_config_print_help (const rt_config_var_t *table, size_t n, FILE *out);

//  True when argv holds "--help" or "-h"; services then print help and exit 0.
bool rt_config_wants_help (int argc, char *const *argv);

#endif
