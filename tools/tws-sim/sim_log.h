/*  sim_log.h - tws-sim's logging.

    Every call site goes through these macros; they write through lib/rt_log when the build
    has it (SIM_HAVE_RT_LOG), else to stderr in the same format.
*/
#ifndef SIM_LOG_H_INCLUDED
#define SIM_LOG_H_INCLUDED

typedef enum {
    SIM_LOG_ERROR = 0,
    SIM_LOG_WARN  = 1,
    SIM_LOG_INFO  = 2,
    SIM_LOG_DEBUG = 3,
} sim_log_level_t;

//  Parses "error|warn|info|debug"; returns -1 when unknown.
int sim_log_level_parse (const char *name);
//  Sets the level; routes to lib/rt_log when it is built (SIM_HAVE_RT_LOG).
void sim_log_init (int level);
void sim_log_set_level (int level);
int sim_log_level (void);
void sim_log_write (int level, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

#define sim_error(...) sim_log_write (SIM_LOG_ERROR, __VA_ARGS__)
#define sim_warn(...)  sim_log_write (SIM_LOG_WARN, __VA_ARGS__)
#define sim_info(...)  sim_log_write (SIM_LOG_INFO, __VA_ARGS__)
#define sim_debug(...) do { if (sim_log_level () >= SIM_LOG_DEBUG) \
                                sim_log_write (SIM_LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
