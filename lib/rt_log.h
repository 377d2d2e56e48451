/*  rt_log.h - one line per event, to stderr or to LOG_FILE.

        2025-11-23T22:31:05.123Z gateway INFO connected to 127.0.0.1:4002 as client 7

    Fields are separated by one space: ISO-8601 UTC time with milliseconds, service name,
    level (TRACE DEBUG INFO WARN ERROR), message. Newlines and other control characters in the
    message become spaces, so a line is always one event. Every registered secret is replaced
    by "***" before the line leaves the process. A line is at most RT_LOG_LINE_MAX bytes
    (longer messages are cut and end in "...") and goes out with a single write(2), so
    logging never holds the event loop for long and lines from several processes appending
    to one file do not interleave.

    Variables (read by rt_log_init through rt_config, a bad value exits 2):
        LOG_LEVEL   trace|debug|info|warn|error   default info
        LOG_FILE    path, appended to; empty = stderr   default empty

    The logger is process-wide state without a lock. rt_log_write may be called from any
    thread (it only reads that state and formats on the stack); the setup calls (init, open,
    close, set_level, redact) belong to the main thread, at start, before other threads log.
*/
#ifndef RT_LOG_H_INCLUDED
#define RT_LOG_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "rt_error.h"

#define RT_LOG_LINE_MAX   2048
#define RT_LOG_SECRETS_MAX 32

typedef enum {
    RT_LOG_TRACE = 0,
    RT_LOG_DEBUG,
    RT_LOG_INFO,
    RT_LOG_WARN,
    RT_LOG_ERROR,
} rt_log_level_t;

//  Reads LOG_LEVEL and LOG_FILE (environment, then RT_CONFIG_FILE) and opens the output.
//  Prints a message and exits 2 when a value is bad or LOG_FILE cannot be opened.
void rt_log_init (const char *service);

//  The same without exiting: 0, or RT_EINVAL / RT_EIO with a message in errbuf.
int rt_log_init_r (const char *service, char *errbuf, size_t cap);

//  Direct setup for programs and tests: file NULL or "" means stderr. 0 or RT_EIO.
int rt_log_open (const char *service, rt_log_level_t level, const char *file);

//  Closes LOG_FILE if open and returns to stderr at level info; secrets stay registered.
void rt_log_close (void);

void rt_log_set_level (rt_log_level_t level);
rt_log_level_t rt_log_level (void);
bool rt_log_enabled (rt_log_level_t level);

//  "trace" .. "error" -> level; returns 0 or RT_EINVAL.
int rt_log_level_parse (const char *word, rt_log_level_t *level);
const char *rt_log_level_name (rt_log_level_t level);

//  Writes one line when level is enabled.
void rt_log_write (rt_log_level_t level, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));
void rt_log_vwrite (rt_log_level_t level, const char *format, va_list args)
    __attribute__ ((format (printf, 2, 0)));

//  The macros skip argument evaluation when the level is off.
#define RT_LOG_AT_(level, ...) \
    do { if (rt_log_enabled (level)) rt_log_write ((level), __VA_ARGS__); } while (0)
#define rt_log_trace(...) RT_LOG_AT_ (RT_LOG_TRACE, __VA_ARGS__)
#define rt_log_debug(...) RT_LOG_AT_ (RT_LOG_DEBUG, __VA_ARGS__)
#define rt_log_info(...)  RT_LOG_AT_ (RT_LOG_INFO,  __VA_ARGS__)
#define rt_log_warn(...)  RT_LOG_AT_ (RT_LOG_WARN,  __VA_ARGS__)
#define rt_log_error(...) RT_LOG_AT_ (RT_LOG_ERROR, __VA_ARGS__)

//  Registers a secret (token, key, password): it is copied, and from now on every occurrence
//  in a log line is written as "***". Secrets shorter than 4 bytes are refused (they would
//  mask ordinary text). Returns 0, RT_EINVAL, RT_ERANGE (registry full) or RT_ENOMEM.
int rt_log_redact (const char *secret);

//  Forgets every registered secret (tests).
void rt_log_redact_clear (void);

//  Lines that could not be written (write(2) failed); a service puts it in its heartbeat.
unsigned long rt_log_dropped (void);

//  Prints LOG_LEVEL and LOG_FILE help lines, for a service's --help.
void rt_log_print_help (FILE *out);

#endif
