/*  rt_log.c - one line per event with a single write(2); registered secrets masked. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "rt_config.h"
#include "rt_log.h"

#define S_SERVICE_MAX 64
#define S_FILE_MAX    4096

static const char *const s_level_words [] = { "trace", "debug", "info", "warn", "error", NULL };
static const char *const s_level_tags [] = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR" };

static struct {
    char service [S_SERVICE_MAX];
    rt_log_level_t level;
    int fd;                                 //  2 (stderr) or the LOG_FILE descriptor
    bool own_fd;
    char *secrets [RT_LOG_SECRETS_MAX];
    size_t secret_len [RT_LOG_SECRETS_MAX];
    size_t secret_count;
    unsigned long dropped;
} s_log = { .level = RT_LOG_INFO, .fd = STDERR_FILENO };

//  The variables rt_log_init reads; targets are file-scope so --help can print the table.
static struct {
    int level;
    char file [S_FILE_MAX];
} s_cfg;

static const rt_config_var_t s_vars [] = {
    RT_CFG_ENUM ("LOG_LEVEL", &s_cfg.level, "info", s_level_words,
                 "least severe level written: trace, debug, info, warn or error"),
    RT_CFG_PATH ("LOG_FILE", s_cfg.file, "",
                 "append log lines to this file instead of stderr (empty: stderr)"),
};

int
rt_log_level_parse (const char *word, rt_log_level_t *level)
{
    assert (word && level);
    for (int i = 0; s_level_words [i]; i++)
        if (strcasecmp (word, s_level_words [i]) == 0) {
            *level = (rt_log_level_t) i;
            return 0;
        }
    return RT_EINVAL;
}

const char *
rt_log_level_name (rt_log_level_t level)
{
    return (unsigned) level <= RT_LOG_ERROR ? s_level_words [level] : "?";
}

static void
s_set_service (const char *service)
{
    if (!service || !*service)
        service = program_invocation_short_name;
    //  One token per field keeps the line parseable by splitting on spaces.
    size_t i = 0;
    for (; service [i] && i < sizeof s_log.service - 1; i++) {
        unsigned char c = (unsigned char) service [i];
        s_log.service [i] = (c <= 0x20 || c >= 0x7f) ? '_' : (char) c;
    }
    s_log.service [i] = 0;
}

int
rt_log_open (const char *service, rt_log_level_t level, const char *file)
{
    assert ((unsigned) level <= RT_LOG_ERROR);
    int fd = STDERR_FILENO;
    if (file && *file) {
        //  0640: log lines are operational data, not for every local user.
        fd = open (file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (fd < 0)
            return RT_EIO;
    }
    rt_log_close ();
    s_set_service (service);
    s_log.level = level;
    s_log.fd = fd;
    s_log.own_fd = fd != STDERR_FILENO;
    return 0;
}

void
rt_log_close (void)
{
    if (s_log.own_fd)
        close (s_log.fd);       //  nothing useful to do if close fails on a log file
    s_log.fd = STDERR_FILENO;
    s_log.own_fd = false;
    s_log.level = RT_LOG_INFO;
}

int
rt_log_init_r (const char *service, char *errbuf, size_t cap)
{
    int rc = rt_config_load (s_vars, RT_CFG_COUNT (s_vars), errbuf, cap);
    if (rc)
        return rc;
    rc = rt_log_open (service, (rt_log_level_t) s_cfg.level, s_cfg.file);
    if (rc && cap)
        snprintf (errbuf, cap, "LOG_FILE=%.200s: cannot open for appending: %s",
                  s_cfg.file, strerror (errno));
    return rc;
}

void
rt_log_init (const char *service)
{
    char errbuf [512];
    if (rt_log_init_r (service, errbuf, sizeof errbuf) != 0) {
        fprintf (stderr, "configuration error: %s\n", errbuf);
        exit (2);
    }
}

void
rt_log_print_help (FILE *out)
{
    rt_config_print_help (s_vars, RT_CFG_COUNT (s_vars), out);
}

void
rt_log_set_level (rt_log_level_t level)
{
    assert ((unsigned) level <= RT_LOG_ERROR);
    s_log.level = level;
}

rt_log_level_t
rt_log_level (void)
{
    return s_log.level;
}

bool
rt_log_enabled (rt_log_level_t level)
{
    return level >= s_log.level;
}

int
rt_log_redact (const char *secret)
{
    if (!secret || strlen (secret) < 4)
        return RT_EINVAL;
    size_t len = strlen (secret);
    for (size_t i = 0; i < s_log.secret_count; i++)
        if (s_log.secret_len [i] == len && memcmp (s_log.secrets [i], secret, len) == 0)
            return 0;
    if (s_log.secret_count == RT_LOG_SECRETS_MAX)
        return RT_ERANGE;
    char *copy = strdup (secret);
    if (!copy)
        return RT_ENOMEM;
    s_log.secrets [s_log.secret_count] = copy;
    s_log.secret_len [s_log.secret_count] = len;
    s_log.secret_count++;
    return 0;
}

void
rt_log_redact_clear (void)
{
    for (size_t i = 0; i < s_log.secret_count; i++) {
        //  Do not leave the secret readable in freed memory.
        explicit_bzero (s_log.secrets [i], s_log.secret_len [i]);
        free (s_log.secrets [i]);
        s_log.secrets [i] = NULL;
    }
    s_log.secret_count = 0;
}

unsigned long
rt_log_dropped (void)
{
    return s_log.dropped;
}

//  When the message was cut, its end may hold the start of a secret; cut that off too.
static size_t
s_trim_partial_secret (const char *msg, size_t len)
{
    for (size_t i = 0; i < s_log.secret_count; i++) {
        size_t max = s_log.secret_len [i] - 1;
        for (size_t k = max < len ? max : len; k > 0; k--)
            if (memcmp (msg + len - k, s_log.secrets [i], k) == 0) {
                len -= k;
                break;
            }
    }
    return len;
}

//  Copies msg into out with secrets masked and control bytes as spaces; returns bytes
//  written, and in *consumed the bytes of msg taken.
static size_t
s_copy_redacted (char *out, size_t cap, const char *msg, size_t len, size_t *consumed)
{
    size_t used = 0;
    size_t i = 0;
    while (i < len && used < cap) {
        size_t match = 0;
        for (size_t s = 0; s < s_log.secret_count && !match; s++)
            if (s_log.secret_len [s] <= len - i
            &&  memcmp (msg + i, s_log.secrets [s], s_log.secret_len [s]) == 0)
                match = s_log.secret_len [s];
        if (match) {
            if (cap - used < 3)
                break;
            memcpy (out + used, "***", 3);
            used += 3;
            i += match;
            continue;
        }
        unsigned char c = (unsigned char) msg [i++];
        out [used++] = (c < 0x20 || c == 0x7f) ? ' ' : (char) c;
    }
    *consumed = i;
    return used;
}

static void
s_write_all (const char *data, size_t size)
{
    //  Bounded retries: a log line must not hold the loop, so a stuck output drops lines.
    for (int tries = 0; size > 0 && tries < 4; tries++) {
        ssize_t rc = write (s_log.fd, data, size);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        data += rc;
        size -= (size_t) rc;
    }
    if (size > 0)
        s_log.dropped++;
}

void
rt_log_vwrite (rt_log_level_t level, const char *format, va_list args)
{
    if (!rt_log_enabled (level) || (unsigned) level > RT_LOG_ERROR)
        return;
    if (!s_log.service [0])
        s_set_service (NULL);

    char msg [RT_LOG_LINE_MAX];
    int rc = vsnprintf (msg, sizeof msg, format, args);
    if (rc < 0) {
        snprintf (msg, sizeof msg, "(bad log format \"%s\")", format);
        rc = (int) strlen (msg);
    }
    bool cut = (size_t) rc >= sizeof msg;
    size_t len = cut ? sizeof msg - 1 : (size_t) rc;
    if (cut)
        len = s_trim_partial_secret (msg, len);

    struct timespec ts;
    struct tm tm;
    if (clock_gettime (CLOCK_REALTIME, &ts) != 0 || !gmtime_r (&ts.tv_sec, &tm)) {
        memset (&tm, 0, sizeof tm);
        ts.tv_nsec = 0;
    }
    char line [RT_LOG_LINE_MAX + 1];
    size_t cap = RT_LOG_LINE_MAX - 4;       //  room for "..." and the newline
    int head = snprintf (line, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s ",
                         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                         tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L,
                         s_log.service, s_level_tags [level]);
    size_t used = head > 0 ? (size_t) head : 0;
    if (used >= cap)
        used = cap - 1;
    size_t consumed;
    used += s_copy_redacted (line + used, cap - used, msg, len, &consumed);
    if (consumed < len)
        cut = true;
    if (cut) {
        memcpy (line + used, "...", 3);
        used += 3;
    }
    line [used++] = '\n';
    s_write_all (line, used);
}

void
rt_log_write (rt_log_level_t level, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    rt_log_vwrite (level, format, args);
    va_end (args);
}
