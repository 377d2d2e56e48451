/*  rt_config_parse.c - one parser per variable kind, strict: no leading or trailing blanks,
    no partial numbers, no silent clamping. A bad value is reported with the accepted form so
    that the operator can fix it without reading the source.
*/
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rt_config.h"
#include "rt_config_int.h"

#define S_SHOW_MAX 64       //  bytes of a bad value quoted back in a message

void
rt_config_error_ (char *errbuf, size_t cap, const char *format, ...)
{
    if (cap == 0)
        return;
    va_list args;
    va_start (args, format);
    vsnprintf (errbuf, cap, format, args);
    va_end (args);
}

//  A printable, shortened copy of a value for messages; secrets are never shown.
static void
s_show (const rt_config_var_t *var, const char *value, char *buf, size_t cap)
{
    assert (cap > S_SHOW_MAX + 4);
    if (var->secret) {
        snprintf (buf, cap, "***");
        return;
    }
    size_t i = 0;
    for (; value [i] && i < S_SHOW_MAX; i++)
        buf [i] = ((unsigned char) value [i] < 0x20 || value [i] == 0x7f) ? '?' : value [i];
    if (value [i])
        memcpy (buf + i, "...", 3), i += 3;
    buf [i] = 0;
}

//  Duration in the largest unit that divides it exactly: 60000 -> "1m", 1500 -> "1500ms".
static void
s_duration_text (uint64_t ms, char *buf, size_t cap)
{
    if (ms != 0 && ms % 60000 == 0)
        snprintf (buf, cap, "%llum", (unsigned long long) (ms / 60000));
    else
    if (ms != 0 && ms % 1000 == 0)
        snprintf (buf, cap, "%llus", (unsigned long long) (ms / 1000));
    else
        snprintf (buf, cap, "%llums", (unsigned long long) ms);
}

static bool
s_unbounded (const rt_config_var_t *var)
{
    return var->min == 0 && var->max == 0;
}

void
rt_config_form_ (const rt_config_var_t *var, char *buf, size_t cap)
{
    switch (var->kind) {
        case RT_CFG_KIND_STRING:
            snprintf (buf, cap, "a string of at most %zu bytes", var->size - 1);
            break;
        case RT_CFG_KIND_INT:
            snprintf (buf, cap, "an integer from %lld to %lld",
                      s_unbounded (var) ? (long long) INT_MIN : (long long) var->min,
                      s_unbounded (var) ? (long long) INT_MAX : (long long) var->max);
            break;
        case RT_CFG_KIND_U64:
            snprintf (buf, cap, "an unsigned integer from %llu to %llu",
                      s_unbounded (var) ? 0ULL : (unsigned long long) var->min,
                      s_unbounded (var) ? (unsigned long long) UINT64_MAX
                                        : (unsigned long long) var->max);
            break;
        case RT_CFG_KIND_DOUBLE:
            if (var->dmin == 0 && var->dmax == 0)
                snprintf (buf, cap, "a finite number");
            else
                snprintf (buf, cap, "a number from %g to %g", var->dmin, var->dmax);
            break;
        case RT_CFG_KIND_BOOL:
            snprintf (buf, cap, "a boolean: 1/0, true/false, yes/no, on/off");
            break;
        case RT_CFG_KIND_DURATION: {
            char lo [32], hi [32];
            s_duration_text ((uint64_t) var->min, lo, sizeof lo);
            s_duration_text ((uint64_t) var->max, hi, sizeof hi);
            if (s_unbounded (var))
                snprintf (buf, cap, "a duration: an integer with unit ms, s or m (e.g. 500ms, 30s, 5m)");
            else
                snprintf (buf, cap, "a duration from %s to %s: an integer with unit ms, s or m "
                          "(e.g. 500ms, 30s, 5m)", lo, hi);
            break;
        }
        case RT_CFG_KIND_PORT:
            snprintf (buf, cap, "an integer port 1-65535");
            break;
        case RT_CFG_KIND_HOST:
            snprintf (buf, cap, "a host name or IP address of at most %zu bytes", var->size - 1);
            break;
        case RT_CFG_KIND_ENDPOINT:
            snprintf (buf, cap, "a ZeroMQ endpoint: tcp://host:port, ipc://path or inproc://name");
            break;
        case RT_CFG_KIND_PATH:
            snprintf (buf, cap, "a path of at most %zu bytes", var->size - 1);
            break;
        case RT_CFG_KIND_ENUM: {
            size_t used = (size_t) snprintf (buf, cap, "one of:");
            for (size_t i = 0; var->words [i] && used < cap; i++)
                used += (size_t) snprintf (buf + used, cap - used, "%s %s",
                                           i ? "," : "", var->words [i]);
            break;
        }
        default:
            snprintf (buf, cap, "(unknown kind)");
    }
}

//  Decimal digits only, at least one, no sign; false on overflow.
static bool
s_parse_digits (const char *text, uint64_t *value)
{
    if (*text < '0' || *text > '9')
        return false;
    uint64_t result = 0;
    for (; *text; text++) {
        if (*text < '0' || *text > '9')
            return false;
        unsigned digit = (unsigned) (*text - '0');
        if (result > (UINT64_MAX - digit) / 10)
            return false;
        result = result * 10 + digit;
    }
    *value = result;
    return true;
}

static bool
s_parse_int (const rt_config_var_t *var, const char *text, int *target)
{
    bool negative = *text == '-';
    if (*text == '-' || *text == '+')
        text++;
    uint64_t magnitude;
    if (!s_parse_digits (text, &magnitude) || magnitude > (uint64_t) INT_MAX + 1)
        return false;
    int64_t value = negative ? -(int64_t) magnitude : (int64_t) magnitude;
    int64_t lo = s_unbounded (var) ? INT_MIN : var->min;
    int64_t hi = s_unbounded (var) ? INT_MAX : var->max;
    assert (lo >= INT_MIN && hi <= INT_MAX);
    if (value < lo || value > hi)
        return false;
    *target = (int) value;
    return true;
}

//  Stores value when the variable is unbounded or value lies in [min, max].
static bool
s_set_u64 (const rt_config_var_t *var, uint64_t value, uint64_t *target)
{
    if (!s_unbounded (var)) {
        assert (var->min >= 0 && var->max >= var->min);
        if (value < (uint64_t) var->min || value > (uint64_t) var->max)
            return false;
    }
    *target = value;
    return true;
}

static bool
s_parse_u64 (const rt_config_var_t *var, const char *text, uint64_t *target)
{
    uint64_t value;
    if (!s_parse_digits (text, &value))
        return false;
    return s_set_u64 (var, value, target);
}

static bool
s_parse_double (const rt_config_var_t *var, const char *text, double *target)
{
    //  strtod would skip leading blanks and accept "inf" / "nan"; neither is a setting.
    if (!*text || !(text [0] == '-' || text [0] == '+' || text [0] == '.'
                    || (text [0] >= '0' && text [0] <= '9')))
        return false;
    char *end;
    errno = 0;
    double value = strtod (text, &end);
    if (*end || errno == ERANGE || !isfinite (value))
        return false;
    if (!(var->dmin == 0 && var->dmax == 0) && (value < var->dmin || value > var->dmax))
        return false;
    *target = value;
    return true;
}

static bool
s_parse_bool (const char *text, bool *target)
{
    static const char *const yes [] = { "1", "true", "yes", "on" };
    static const char *const no [] = { "0", "false", "no", "off" };
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp (text, yes [i]) == 0) {
            *target = true;
            return true;
        }
        if (strcasecmp (text, no [i]) == 0) {
            *target = false;
            return true;
        }
    }
    return false;
}

static bool
s_parse_duration (const rt_config_var_t *var, const char *text, uint64_t *target)
{
    size_t digits = strspn (text, "0123456789");
    if (digits == 0 || digits > 19)
        return false;
    char number [20];
    memcpy (number, text, digits);
    number [digits] = 0;
    uint64_t value;
    if (!s_parse_digits (number, &value))
        return false;
    const char *unit = text + digits;
    uint64_t scale;
    if (strcmp (unit, "ms") == 0)
        scale = 1;
    else
    if (strcmp (unit, "s") == 0)
        scale = 1000;
    else
    if (strcmp (unit, "m") == 0)
        scale = 60000;
    else
        return false;
    if (value > UINT64_MAX / scale)
        return false;
    value *= scale;
    return s_set_u64 (var, value, target);
}

static bool
s_parse_port_text (const char *text, int *port)
{
    uint64_t value;
    if (!s_parse_digits (text, &value) || value < 1 || value > 65535)
        return false;
    *port = (int) value;
    return true;
}

//  RFC 1123 host name: dot-separated labels of letters, digits and hyphens, 1..63 bytes each,
//  not starting or ending with a hyphen, 253 bytes at most; a trailing dot is allowed.
static bool
s_is_hostname (const char *text, size_t len)
{
    if (len == 0 || len > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text [i];
        if (c == '.') {
            if (label == 0 || text [i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || (c == '-' && label > 0);
        if (!ok || ++label > 63)
            return false;
    }
    return text [len - 1] != '-';
}

static bool
s_is_ip (const char *text, size_t len, bool bracketed_v6)
{
    char copy [INET6_ADDRSTRLEN + 2];
    unsigned char addr [16];
    if (bracketed_v6) {
        if (len < 3 || text [0] != '[' || text [len - 1] != ']' || len - 2 >= sizeof copy)
            return false;
        memcpy (copy, text + 1, len - 2);
        copy [len - 2] = 0;
        return inet_pton (AF_INET6, copy, addr) == 1;
    }
    if (len >= sizeof copy)
        return false;
    memcpy (copy, text, len);
    copy [len] = 0;
    return inet_pton (AF_INET, copy, addr) == 1 || inet_pton (AF_INET6, copy, addr) == 1;
}

static bool
s_is_host (const char *text, size_t len)
{
    if (len > 0 && text [0] == '[')
        return s_is_ip (text, len, true);
    return s_is_ip (text, len, false) || s_is_hostname (text, len);
}

//  tcp://host:port with host a name, IPv4, [IPv6] or '*', port 1-65535 or '*' (ephemeral);
//  ipc://path and inproc://name need a non-empty rest without blanks.
static bool
s_is_endpoint (const char *text)
{
    if (strncmp (text, "ipc://", 6) == 0 || strncmp (text, "inproc://", 9) == 0) {
        const char *rest = strstr (text, "://") + 3;
        if (!*rest)
            return false;
        for (; *rest; rest++)
            if ((unsigned char) *rest <= 0x20 || *rest == 0x7f)
                return false;
        return true;
    }
    if (strncmp (text, "tcp://", 6) != 0)
        return false;
    const char *host = text + 6;
    const char *colon = strrchr (host, ':');
    if (!colon)
        return false;
    size_t host_len = (size_t) (colon - host);
    const char *port = colon + 1;
    int port_value;
    if (strcmp (port, "*") != 0 && !s_parse_port_text (port, &port_value))
        return false;
    if (host_len == 1 && host [0] == '*')
        return true;
    //  An IPv6 address needs brackets here, or its colons would blur into the port's.
    if (host_len > 0 && host [0] != '[' && memchr (host, ':', host_len))
        return false;
    return s_is_host (host, host_len);
}

static bool
s_parse_enum (const rt_config_var_t *var, const char *text, int *target)
{
    assert (var->words);
    for (int i = 0; var->words [i]; i++)
        if (strcasecmp (text, var->words [i]) == 0) {
            *target = i;
            return true;
        }
    return false;
}

int
rt_config_parse (const rt_config_var_t *var, const char *value, char *errbuf, size_t cap)
{
    assert (var && var->name && var->target && value);
    bool ok = false;
    size_t len = strnlen (value, RT_CONFIG_VALUE_MAX + 1);
    bool stringish = var->kind == RT_CFG_KIND_STRING || var->kind == RT_CFG_KIND_HOST
                  || var->kind == RT_CFG_KIND_ENDPOINT || var->kind == RT_CFG_KIND_PATH;
    if (stringish)
        assert (var->size > 0);
    if (len > RT_CONFIG_VALUE_MAX || (stringish && len >= var->size))
        ok = false;
    else
    switch (var->kind) {
        case RT_CFG_KIND_STRING:
        case RT_CFG_KIND_PATH:
            ok = true;
            break;
        case RT_CFG_KIND_HOST:
            ok = s_is_host (value, len);
            break;
        case RT_CFG_KIND_ENDPOINT:
            ok = s_is_endpoint (value);
            break;
        case RT_CFG_KIND_INT:
            ok = s_parse_int (var, value, (int *) var->target);
            break;
        case RT_CFG_KIND_U64:
            ok = s_parse_u64 (var, value, (uint64_t *) var->target);
            break;
        case RT_CFG_KIND_DOUBLE:
            ok = s_parse_double (var, value, (double *) var->target);
            break;
        case RT_CFG_KIND_BOOL:
            ok = s_parse_bool (value, (bool *) var->target);
            break;
        case RT_CFG_KIND_DURATION:
            ok = s_parse_duration (var, value, (uint64_t *) var->target);
            break;
        case RT_CFG_KIND_PORT:
            ok = s_parse_port_text (value, (int *) var->target);
            break;
        case RT_CFG_KIND_ENUM:
            ok = s_parse_enum (var, value, (int *) var->target);
            break;
        default:
            assert (!"rt_config: unknown variable kind");
    }
    if (ok && stringish)
        memcpy (var->target, value, len + 1);
    if (!ok) {
        char shown [S_SHOW_MAX + 8];
        char form [256];
        s_show (var, value, shown, sizeof shown);
        rt_config_form_ (var, form, sizeof form);
        rt_config_error_ (errbuf, cap, "%s=%s: expected %s", var->name, shown, form);
        return RT_EINVAL;
    }
    return 0;
}
