/*  tws_field.c - bounded field reader and fixed-capacity field writer (see tws_field.h). */
#include "tws_field.h"
#include "tws_frame.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  ---------------------------------------------------------------------------------------
//  Parsing

//  Exact powers of ten: a mantissa below 2^53 divided by one of these is correctly rounded,
//  which is what lets the common price "150.25" skip strtod.
static const double s_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

//  Plain decimal integer with optional sign; false on anything else or on overflow of
//  int64 (the caller then falls back to the slow path).
static bool
s_parse_integer (const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (len && (s [0] == '-' || s [0] == '+')) {
        neg = s [0] == '-';
        i = 1;
    }
    if (i == len || len - i > 19)
        return false;
    uint64_t v = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned char) s [i] - '0';
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    if (neg) {
        if (v > (uint64_t) INT64_MAX + 1)
            return false;
        *out = v == (uint64_t) INT64_MAX + 1? INT64_MIN: -(int64_t) v;
    }
    else {
        if (v > (uint64_t) INT64_MAX)
            return false;
        *out = (int64_t) v;
    }
    return true;
}

//  Copy a token into a NUL-terminated scratch buffer for strtod; false if too long.
static bool
s_scratch (const char *s, size_t len, char *buf, size_t cap)
{
    if (len >= cap)
        return false;
    memcpy (buf, s, len);
    buf [len] = 0;
    return true;
}

double
tws_parse_double (const char *s, size_t len, double empty_value)
{
    if (len == 0)
        return empty_value;
    //  Fast path: [-]digits[.digits], at most 15 significant digits.
    size_t i = 0;
    bool neg = false;
    if (s [0] == '-') {
        neg = true;
        i = 1;
    }
    uint64_t mant = 0;
    int digits = 0, frac = -1;
    bool simple = i < len;
    for (; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        if (c >= '0' && c <= '9') {
            if (mant || c != '0')
                digits++;
            mant = mant * 10 + (c - '0');
            if (frac >= 0)
                frac++;
            if (digits > 15) {
                simple = false;
                break;
            }
        }
        else
        if (c == '.' && frac < 0)
            frac = 0;
        else {
            simple = false;
            break;
        }
    }
    if (simple && frac <= 22) {
        double v = (double) mant;
        if (frac > 0)
            v /= s_pow10 [frac];
        return neg? -v: v;
    }
    //  Slow path: exponents, Infinity, the sentinels, garbage.
    if (len == 8 && memcmp (s, "Infinity", 8) == 0)
        return INFINITY;
    if (len == 9 && memcmp (s, "-Infinity", 9) == 0)
        return -INFINITY;
    char buf [64];
    if (!s_scratch (s, len, buf, sizeof buf))
        return empty_value;
    char *end = NULL;
    double v = strtod (buf, &end);
    if (end == buf || *end != 0 || isnan (v))
        return empty_value;
    //  C++ writes DBL_MAX as 1.797693135e+308 (%.10g), which parses a little below DBL_MAX.
    if (v >= 1.797693e308)
        return DBL_MAX;
    return v;
}

int64_t
tws_parse_long (const char *s, size_t len, int64_t empty_value)
{
    if (len == 0)
        return empty_value;
    int64_t v;
    if (s_parse_integer (s, len, &v))
        return v;
    //  "1.0", "1e3", overflow: go through double, clamped; garbage is empty_value.
    double d = tws_parse_double (s, len, NAN);
    if (isnan (d))
        return empty_value;
    if (d >= 9.2233720368547758e18)
        return INT64_MAX;
    if (d <= -9.2233720368547758e18)
        return INT64_MIN;
    return (int64_t) d;
}

int
tws_parse_int (const char *s, size_t len, int empty_value)
{
    if (len == 0)
        return empty_value;
    int64_t v = tws_parse_long (s, len, (int64_t) INT64_MIN + 1);
    if (v == (int64_t) INT64_MIN + 1)
        return empty_value;
    if (v > INT_MAX)
        return INT_MAX;
    if (v < INT_MIN)
        return INT_MIN;
    return (int) v;
}

//  ---------------------------------------------------------------------------------------
//  Reader

void
tws_reader_init (tws_reader_t *r, const void *payload, size_t len)
{
    assert (r);
    assert (payload || len == 0);
    r->pos = (const char *) payload;
    r->end = r->pos + len;
    r->fields = 0;
    r->truncated = 0;
}

size_t
tws_reader_remaining (const tws_reader_t *r)
{
    return (size_t) (r->end - r->pos);
}

bool
tws_reader_at_end (const tws_reader_t *r)
{
    return r->pos >= r->end;
}

int
tws_read_field (tws_reader_t *r, const char **s, size_t *len)
{
    const char *nul = r->pos < r->end?
        (const char *) memchr (r->pos, 0, (size_t) (r->end - r->pos)): NULL;
    if (!nul)
        return RT_ETRUNC;
    *s = r->pos;
    *len = (size_t) (nul - r->pos);
    r->pos = nul + 1;
    r->fields++;
    return 0;
}

int
tws_skip (tws_reader_t *r, int n)
{
    const char *s;
    size_t len;
    for (int i = 0; i < n; i++) {
        int rc = tws_read_field (r, &s, &len);
        if (rc)
            return rc;
    }
    return 0;
}

#define S_READ_TOKEN \
    const char *s; size_t len; \
    int rc = tws_read_field (r, &s, &len); \
    if (rc) \
        return rc;

int
tws_read_int (tws_reader_t *r, int *v)
{
    S_READ_TOKEN
    *v = tws_parse_int (s, len, 0);
    return 0;
}

int
tws_read_int_unset (tws_reader_t *r, int *v)
{
    S_READ_TOKEN
    *v = tws_parse_int (s, len, TWS_UNSET_INTEGER);
    return 0;
}

int
tws_read_long (tws_reader_t *r, int64_t *v)
{
    S_READ_TOKEN
    *v = tws_parse_long (s, len, 0);
    return 0;
}

int
tws_read_long_unset (tws_reader_t *r, int64_t *v)
{
    S_READ_TOKEN
    *v = tws_parse_long (s, len, TWS_UNSET_LONG);
    return 0;
}

int
tws_read_double (tws_reader_t *r, double *v)
{
    S_READ_TOKEN
    *v = tws_parse_double (s, len, 0.0);
    return 0;
}

int
tws_read_double_unset (tws_reader_t *r, double *v)
{
    S_READ_TOKEN
    *v = tws_parse_double (s, len, TWS_UNSET_DOUBLE);
    return 0;
}

int
tws_read_decimal (tws_reader_t *r, tws_decimal_t *v)
{
    S_READ_TOKEN
    //  The official decoder treats the int/long sentinels as "unset" here too.
    if ((len == 10 && memcmp (s, "2147483647", 10) == 0)
    ||  (len == 19 && memcmp (s, "9223372036854775807", 19) == 0)
    ||  (len == 20 && memcmp (s, "-9223372036854775808", 20) == 0)) {
        *v = TWS_UNSET_DECIMAL;
        return 0;
    }
    double d = tws_parse_double (s, len, TWS_UNSET_DECIMAL);
    *v = d >= 1.7e38? TWS_UNSET_DECIMAL: d;
    return 0;
}

int
tws_read_bool (tws_reader_t *r, bool *v)
{
    S_READ_TOKEN
    if (len == 1)
        *v = s [0] != '0';
    else
    if (len == 4 && memcmp (s, "true", 4) == 0)
        *v = true;
    else
        *v = tws_parse_int (s, len, 0) != 0;
    return 0;
}

int
tws_read_str (tws_reader_t *r, char *dst, size_t cap)
{
    assert (dst && cap > 0);
    S_READ_TOKEN
    if (len >= cap) {
        len = cap - 1;
        r->truncated++;
    }
    memcpy (dst, s, len);
    dst [len] = 0;
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Formatting

//  Shortest digits that round-trip, as Python's repr finds them: a digit string without
//  dot or trailing zeros, and the decimal exponent of its first digit.
static int
s_shortest_digits (double v, char *digits, int *exp10)
{
    char buf [40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf (buf, sizeof buf, "%.*e", prec - 1, v);
        if (prec == 17 || strtod (buf, NULL) == v)
            break;
    }
    //  buf = "d.dddde[+-]XX"
    int n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits [n++] = *p;
    *exp10 = *p == 'e'? atoi (p + 1): 0;
    while (n > 1 && digits [n - 1] == '0')
        n--;
    digits [n] = 0;
    return n;
}

//  Fixed notation from digits; python_float adds ".0" to integral values.
static size_t
s_fixed (char *dst, size_t cap, bool neg, const char *digits, int n, int decpt,
         bool python_float)
{
    char buf [400];
    size_t o = 0;
    if (neg)
        buf [o++] = '-';
    if (decpt <= 0) {
        buf [o++] = '0';
        buf [o++] = '.';
        for (int i = 0; i < -decpt; i++)
            buf [o++] = '0';
        memcpy (buf + o, digits, (size_t) n);
        o += (size_t) n;
    }
    else
    if (decpt >= n) {
        memcpy (buf + o, digits, (size_t) n);
        o += (size_t) n;
        for (int i = n; i < decpt; i++)
            buf [o++] = '0';
        if (python_float) {
            buf [o++] = '.';
            buf [o++] = '0';
        }
    }
    else {
        memcpy (buf + o, digits, (size_t) decpt);
        o += (size_t) decpt;
        buf [o++] = '.';
        memcpy (buf + o, digits + decpt, (size_t) (n - decpt));
        o += (size_t) (n - decpt);
    }
    if (o >= cap)
        o = cap - 1;
    memcpy (dst, buf, o);
    dst [o] = 0;
    return o;
}

size_t
tws_format_double (char *dst, size_t cap, double v)
{
    assert (cap >= 32);
    if (isnan (v))
        return (size_t) snprintf (dst, cap, "nan");
    if (isinf (v))
        return (size_t) snprintf (dst, cap, v > 0? "Infinity": "-Infinity");
    if (v == 0)
        return (size_t) snprintf (dst, cap, signbit (v)? "-0.0": "0.0");
    //  Integral values below 2^53 print exactly, without the digit search.
    if (fabs (v) < 9007199254740992.0 && v == (double) (int64_t) v && fabs (v) < 1e16)
        return (size_t) snprintf (dst, cap, "%" PRId64 ".0", (int64_t) v);
    char digits [24];
    int exp10;
    bool neg = v < 0;
    int n = s_shortest_digits (fabs (v), digits, &exp10);
    int decpt = exp10 + 1;
    if (decpt > -4 && decpt <= 16)
        return s_fixed (dst, cap, neg, digits, n, decpt, true);
    //  Exponent form, Python style: 1e+16, 1.5e-05.
    size_t o = 0;
    if (neg)
        dst [o++] = '-';
    dst [o++] = digits [0];
    if (n > 1) {
        dst [o++] = '.';
        memcpy (dst + o, digits + 1, (size_t) (n - 1));
        o += (size_t) (n - 1);
    }
    o += (size_t) snprintf (dst + o, cap - o, "e%c%02d", exp10 < 0? '-': '+',
                            exp10 < 0? -exp10: exp10);
    return o;
}

size_t
tws_format_decimal (char *dst, size_t cap, tws_decimal_t v)
{
    assert (cap >= 48);
    if (v == TWS_UNSET_DECIMAL)
        return (size_t) snprintf (dst, cap, "%s", TWS_UNSET_DECIMAL_STR);
    if (isnan (v) || isinf (v))
        return (size_t) snprintf (dst, cap, "%s", isnan (v)? "NaN": v > 0? "Infinity": "-Infinity");
    if (v == 0)
        return (size_t) snprintf (dst, cap, "0");
    if (fabs (v) < 9007199254740992.0 && v == (double) (int64_t) v)
        return (size_t) snprintf (dst, cap, "%" PRId64, (int64_t) v);
    char digits [24];
    int exp10;
    int n = s_shortest_digits (fabs (v), digits, &exp10);
    return s_fixed (dst, cap, v < 0, digits, n, exp10 + 1, false);
}

//  ---------------------------------------------------------------------------------------
//  Writer

void
tws_writer_init (tws_writer_t *w, void *buf, size_t cap)
{
    assert (w && buf && cap >= TWS_HEADER_LEN);
    w->buf = (uint8_t *) buf;
    w->cap = cap;
    tws_writer_reset (w);
}

void
tws_writer_reset (tws_writer_t *w)
{
    w->len = TWS_HEADER_LEN;
    w->err = 0;
    w->fields = 0;
}

int
tws_writer_finish (tws_writer_t *w, size_t *frame_len)
{
    if (w->err)
        return w->err;
    size_t payload = w->len - TWS_HEADER_LEN;
    if (payload > TWS_MAX_PAYLOAD) {
        w->err = RT_ERANGE;
        return w->err;
    }
    w->buf [0] = (uint8_t) (payload >> 24);
    w->buf [1] = (uint8_t) (payload >> 16);
    w->buf [2] = (uint8_t) (payload >> 8);
    w->buf [3] = (uint8_t) payload;
    if (frame_len)
        *frame_len = w->len;
    return 0;
}

const uint8_t *
tws_writer_payload (const tws_writer_t *w, size_t *len)
{
    if (len)
        *len = w->len - TWS_HEADER_LEN;
    return w->buf + TWS_HEADER_LEN;
}

void
tws_write_field (tws_writer_t *w, const char *s, size_t len)
{
    if (w->err)
        return;
    if (w->cap - w->len < len + 1) {
        w->err = RT_ERANGE;
        return;
    }
    //  As the official client: printable ASCII plus tab/CR/LF only; a NUL would split the
    //  field and shift every later one.
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c > 0x7e) {
            w->err = RT_EINVAL;
            return;
        }
    }
    memcpy (w->buf + w->len, s, len);
    w->len += len;
    w->buf [w->len++] = 0;
    w->fields++;
}

void
tws_write_str (tws_writer_t *w, const char *s)
{
    tws_write_field (w, s? s: "", s? strlen (s): 0);
}

void
tws_write_long (tws_writer_t *w, int64_t v)
{
    char buf [24];
    char *p = buf + sizeof buf;
    uint64_t u = v < 0? (uint64_t) 0 - (uint64_t) v: (uint64_t) v;
    do {
        *--p = (char) ('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    tws_write_field (w, p, (size_t) (buf + sizeof buf - p));
}

void
tws_write_int (tws_writer_t *w, int v)
{
    tws_write_long (w, v);
}

void
tws_write_bool (tws_writer_t *w, bool v)
{
    tws_write_field (w, v? "1": "0", 1);
}

void
tws_write_double (tws_writer_t *w, double v)
{
    char buf [400];
    size_t n = tws_format_double (buf, sizeof buf, v);
    tws_write_field (w, buf, n);
}

void
tws_write_decimal (tws_writer_t *w, tws_decimal_t v)
{
    char buf [400];
    size_t n = tws_format_decimal (buf, sizeof buf, v);
    tws_write_field (w, buf, n);
}

void
tws_write_int_he (tws_writer_t *w, int v)
{
    if (v == TWS_UNSET_INTEGER)
        tws_write_field (w, "", 0);
    else
        tws_write_int (w, v);
}

void
tws_write_double_he (tws_writer_t *w, double v)
{
    if (v == TWS_UNSET_DOUBLE || v == (double) TWS_UNSET_INTEGER)
        tws_write_field (w, "", 0);
    else
        tws_write_double (w, v);
}

void
tws_write_decimal_he (tws_writer_t *w, tws_decimal_t v)
{
    if (v == TWS_UNSET_DECIMAL)
        tws_write_field (w, "", 0);
    else
        tws_write_decimal (w, v);
}
