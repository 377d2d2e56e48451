/*  sim_log.c - tws-sim's logger: lib/rt_log when it is built (SIM_HAVE_RT_LOG), otherwise a
    stderr writer with the same line format.
*/
#include "sim_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#ifdef SIM_HAVE_RT_LOG
#include "rt_log.h"
#endif

static int s_level = SIM_LOG_INFO;

int
sim_log_level_parse (const char *name)
{
    const char *lower [] = { "error", "warn", "info", "debug" };
    for (int i = 0; i < 4; i++)
        if (strcmp (name, lower [i]) == 0)
            return i;
    return -1;
}

#ifdef SIM_HAVE_RT_LOG
static rt_log_level_t
s_rt_level (int level)
{
    static const rt_log_level_t map [] = { RT_LOG_ERROR, RT_LOG_WARN, RT_LOG_INFO, RT_LOG_DEBUG };
    return map [level < 0 ? 0 : level > 3 ? 3 : level];
}
#endif

void
sim_log_init (int level)
{
    s_level = level;
#ifdef SIM_HAVE_RT_LOG
    //  LOG_FILE still applies (rt_log reads it); --log-level wins over LOG_LEVEL.
    char err [256];
    if (rt_log_init_r ("tws-sim", err, sizeof err) < 0)
        rt_log_open ("tws-sim", s_rt_level (level), NULL);
    rt_log_set_level (s_rt_level (level));
#endif
}

void
sim_log_set_level (int level)
{
    s_level = level;
#ifdef SIM_HAVE_RT_LOG
    rt_log_set_level (s_rt_level (level));
#endif
}

int
sim_log_level (void)
{
    return s_level;
}

void
sim_log_write (int level, const char *fmt, ...)
{
    if (level > s_level || level < 0)
        return;
    va_list ap;
    va_start (ap, fmt);
#ifdef SIM_HAVE_RT_LOG
    rt_log_vwrite (s_rt_level (level), fmt, ap);
#else
    static const char *names [] = { "ERROR", "WARN", "INFO", "DEBUG" };
    struct timespec ts = { 0, 0 };
    struct tm tm;
    char stamp [32] = "";
    if (clock_gettime (CLOCK_REALTIME, &ts) == 0 && gmtime_r (&ts.tv_sec, &tm))
        strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    char line [1024];
    vsnprintf (line, sizeof line, fmt, ap);
    fprintf (stderr, "%s.%03ldZ tws-sim %s %s\n", stamp, ts.tv_nsec / 1000000L,
             names [level], line);
#endif
    va_end (ap);
}
