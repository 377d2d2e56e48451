/*  tws_frame.c - hello, version reply and length-prefixed frames (see tws_frame.h). */
#include "tws_frame.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static uint32_t
s_get_u32be (const uint8_t *p)
{
    return (uint32_t) p [0] << 24 | (uint32_t) p [1] << 16 | (uint32_t) p [2] << 8 | p [3];
}

static void
s_put_u32be (uint8_t *p, uint32_t v)
{
    p [0] = (uint8_t) (v >> 24);
    p [1] = (uint8_t) (v >> 16);
    p [2] = (uint8_t) (v >> 8);
    p [3] = (uint8_t) v;
}

int
tws_hello_encode (void *buf, size_t cap, int min_version, int max_version,
                  const char *options, size_t *out_len)
{
    assert (buf);
    if (min_version <= 0 || max_version < min_version)
        return RT_EINVAL;
    char text [TWS_HELLO_MAX_TEXT + 1];
    int n;
    if (min_version == max_version)
        n = snprintf (text, sizeof text, "v%d", min_version);
    else
        n = snprintf (text, sizeof text, "v%d..%d", min_version, max_version);
    if (options && *options)
        n += snprintf (text + n, sizeof text - (size_t) n, " %s", options);
    if (n < 0 || (size_t) n > TWS_HELLO_MAX_TEXT)
        return RT_ERANGE;
    size_t total = TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN + (size_t) n;
    if (total > cap)
        return RT_ERANGE;
    uint8_t *p = (uint8_t *) buf;
    memcpy (p, "API", TWS_HELLO_PREFIX_LEN);       //  with its NUL
    s_put_u32be (p + TWS_HELLO_PREFIX_LEN, (uint32_t) n);
    memcpy (p + TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN, text, (size_t) n);
    if (out_len)
        *out_len = total;
    return 0;
}

//  Positive decimal without sign; -1 on anything else.
static int
s_version_number (const char *s, size_t len)
{
    if (len == 0 || len > 6)
        return -1;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s [i] < '0' || s [i] > '9')
            return -1;
        v = v * 10 + (s [i] - '0');
    }
    return v;
}

int
tws_hello_parse (const void *buf, size_t len, tws_hello_t *hello, size_t *consumed)
{
    assert (hello && consumed);
    const uint8_t *p = (const uint8_t *) buf;
    //  Reject a wrong prefix as early as its first byte, so garbage never waits for more.
    size_t check = len < TWS_HELLO_PREFIX_LEN? len: TWS_HELLO_PREFIX_LEN;
    if (check && memcmp (p, "API", check) != 0)
        return RT_EINVAL;
    if (len < TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN)
        return RT_EAGAIN;
    uint32_t n = s_get_u32be (p + TWS_HELLO_PREFIX_LEN);
    if (n > TWS_HELLO_MAX_TEXT)
        return RT_ERANGE;
    if (len < TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN + n)
        return RT_EAGAIN;
    const char *text = (const char *) p + TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN;
    if (n < 2 || text [0] != 'v')
        return RT_EINVAL;
    //  "v<min>..<max>[ options]" or "v<n>[ options]"
    const char *end = text + n;
    const char *space = memchr (text, ' ', n);
    const char *vend = space? space: end;
    const char *dots = NULL;
    for (const char *q = text + 1; q + 1 < vend; q++)
        if (q [0] == '.' && q [1] == '.') {
            dots = q;
            break;
        }
    int lo, hi;
    if (dots) {
        lo = s_version_number (text + 1, (size_t) (dots - text - 1));
        hi = s_version_number (dots + 2, (size_t) (vend - dots - 2));
    }
    else
        lo = hi = s_version_number (text + 1, (size_t) (vend - text - 1));
    if (lo <= 0 || hi < lo)
        return RT_EINVAL;
    hello->min_version = lo;
    hello->max_version = hi;
    hello->options [0] = 0;
    if (space) {
        size_t olen = (size_t) (end - space - 1);
        if (olen >= sizeof hello->options)
            return RT_ERANGE;
        for (size_t i = 0; i < olen; i++)
            if (space [1 + i] == 0)
                return RT_EINVAL;
        memcpy (hello->options, space + 1, olen);
        hello->options [olen] = 0;
    }
    *consumed = TWS_HELLO_PREFIX_LEN + TWS_HEADER_LEN + n;
    return 0;
}

int
tws_frame_split (const void *buf, size_t len,
                 const uint8_t **payload, size_t *payload_len, size_t *consumed)
{
    assert (payload && payload_len && consumed);
    if (len < TWS_HEADER_LEN)
        return RT_EAGAIN;
    const uint8_t *p = (const uint8_t *) buf;
    uint32_t n = s_get_u32be (p);
    if (n > TWS_MAX_PAYLOAD)
        return RT_ERANGE;
    if (len - TWS_HEADER_LEN < n)
        return RT_EAGAIN;
    *payload = p + TWS_HEADER_LEN;
    *payload_len = n;
    *consumed = TWS_HEADER_LEN + (size_t) n;
    return 0;
}

int
tws_frame_write (void *buf, size_t cap, const void *payload, size_t payload_len,
                 size_t *out_len)
{
    assert (buf);
    if (payload_len > TWS_MAX_PAYLOAD || cap < TWS_HEADER_LEN
    ||  cap - TWS_HEADER_LEN < payload_len)
        return RT_ERANGE;
    uint8_t *p = (uint8_t *) buf;
    s_put_u32be (p, (uint32_t) payload_len);
    if (payload_len)
        memmove (p + TWS_HEADER_LEN, payload, payload_len);
    if (out_len)
        *out_len = TWS_HEADER_LEN + payload_len;
    return 0;
}

int
tws_server_hello_encode (tws_writer_t *w, const tws_server_hello_t *m)
{
    tws_write_int (w, m->server_version);
    tws_write_str (w, m->conn_time);
    return w->err;
}

int
tws_server_hello_decode (tws_reader_t *r, tws_server_hello_t *m)
{
    const char *s;
    size_t len;
    int rc = tws_read_field (r, &s, &len);
    if (rc)
        return rc;
    int v = s_version_number (s, len);
    if (v <= 0)
        return RT_EINVAL;
    rc = tws_read_str (r, m->conn_time, sizeof m->conn_time);
    if (rc)
        return rc;
    if (!tws_reader_at_end (r))
        return RT_EINVAL;
    m->server_version = v;
    return 0;
}
