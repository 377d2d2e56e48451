/*  rt_config_int.h - shared between rt_config.c and rt_config_parse.c; not a public API. */
#ifndef RT_CONFIG_INT_H_INCLUDED
#define RT_CONFIG_INT_H_INCLUDED

#include <stddef.h>
#include "rt_config.h"

//  snprintf into errbuf when cap > 0.
void rt_config_error_ (char *errbuf, size_t cap, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  The accepted form of a variable, as in "expected <form>".
void rt_config_form_ (const rt_config_var_t *var, char *buf, size_t cap);

#endif
