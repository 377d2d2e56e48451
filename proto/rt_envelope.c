/*  rt_envelope.c - the bus envelope header and topic rules.

    The header is decoded with the bounded cursor (rt_mpread) rather than msgpack_unpack: it
    is read once per message by every subscriber, and the cursor needs no zone.
*/
#include <assert.h>
#include <string.h>
#include <time.h>
#include "rt_envelope.h"
#include "rt_mpread.h"

//  Packs a short literal key; msgpack_pack_str_with_body returns 0 or -1.
static int
s_key (msgpack_packer *pk, const char *key)
{
    return msgpack_pack_str_with_body (pk, key, strlen (key));
}

int
rt_header_encode (const rt_header_t *self, msgpack_packer *pk)
{
    assert (self);
    assert (pk);
    size_t src_len = strnlen (self->src, sizeof self->src);
    size_t corr_len = strnlen (self->corr, sizeof self->corr);
    if (src_len == sizeof self->src || corr_len == sizeof self->corr)
        return RT_ERANGE;           //  not terminated inside its array

    int fail = msgpack_pack_map (pk, corr_len? 6: 5)
        || s_key (pk, "v")   || msgpack_pack_uint16 (pk, self->version)
        || s_key (pk, "t")   || msgpack_pack_uint16 (pk, self->type)
        || s_key (pk, "src") || msgpack_pack_str_with_body (pk, self->src, src_len)
        || s_key (pk, "seq") || msgpack_pack_uint64 (pk, self->seq)
        || s_key (pk, "ts")  || msgpack_pack_uint64 (pk, self->ts_ns);
    if (!fail && corr_len)
        fail = s_key (pk, "cid") || msgpack_pack_str_with_body (pk, self->corr, corr_len);
    return fail? RT_EIO: 0;
}

static int
s_key_is (const char *key, uint32_t len, const char *want)
{
    return len == strlen (want) && memcmp (key, want, len) == 0;
}

static int
s_read_str (rt_mpread_t *rd, char *dest, size_t cap)
{
    const char *str;
    uint32_t len;
    int rc = rt_mpread_str (rd, &str, &len);
    if (rc)
        return rc;
    if (len >= cap || memchr (str, '\0', len))
        return RT_ERANGE;
    memcpy (dest, str, len);
    dest [len] = '\0';
    return 0;
}

static int
s_read_u16 (rt_mpread_t *rd, uint16_t *dest)
{
    uint64_t value;
    int rc = rt_mpread_uint (rd, &value);
    if (rc)
        return rc;
    if (value > UINT16_MAX)
        return RT_ERANGE;
    *dest = (uint16_t) value;
    return 0;
}

enum {
    S_HAVE_V   = 1 << 0,
    S_HAVE_T   = 1 << 1,
    S_HAVE_SRC = 1 << 2,
    S_HAVE_SEQ = 1 << 3,
    S_HAVE_TS  = 1 << 4,
    S_HAVE_CID = 1 << 5,
    S_REQUIRED = S_HAVE_V | S_HAVE_T | S_HAVE_SRC | S_HAVE_SEQ | S_HAVE_TS
};

static int
s_header_decode (rt_header_t *self, const char *data, size_t size)
{
    rt_mpread_t rd;
    rt_mpread_init (&rd, data, size);

    uint32_t count;
    int rc = rt_mpread_map (&rd, &count);
    if (rc)
        return rc;
    //  Each pair takes at least two bytes; saying otherwise is a truncated frame.
    if (count > rt_mpread_left (&rd) / 2)
        return RT_ETRUNC;

    unsigned have = 0;
    for (uint32_t i = 0; i < count; i++) {
        const char *key;
        uint32_t klen;
        rc = rt_mpread_str (&rd, &key, &klen);
        if (rc == RT_ETYPE) {
            rc = rt_mpread_skip (&rd);      //  a non-string key is simply unknown
            if (rc == 0)
                rc = rt_mpread_skip (&rd);
            if (rc)
                return rc;
            continue;
        }
        if (rc)
            return rc;
        unsigned bit = s_key_is (key, klen, "v")?   S_HAVE_V:
                       s_key_is (key, klen, "t")?   S_HAVE_T:
                       s_key_is (key, klen, "src")? S_HAVE_SRC:
                       s_key_is (key, klen, "seq")? S_HAVE_SEQ:
                       s_key_is (key, klen, "ts")?  S_HAVE_TS:
                       s_key_is (key, klen, "cid")? S_HAVE_CID: 0;
        //  A key given twice is ambiguous (another reader may keep the first): refuse.
        if (have & bit)
            return RT_EINVAL;
        have |= bit;
        switch (bit) {
            case S_HAVE_V:   rc = s_read_u16 (&rd, &self->version); break;
            case S_HAVE_T:   rc = s_read_u16 (&rd, &self->type); break;
            case S_HAVE_SRC: rc = s_read_str (&rd, self->src, sizeof self->src); break;
            case S_HAVE_SEQ: rc = rt_mpread_uint (&rd, &self->seq); break;
            case S_HAVE_TS:  rc = rt_mpread_uint (&rd, &self->ts_ns); break;
            case S_HAVE_CID: rc = s_read_str (&rd, self->corr, sizeof self->corr); break;
            default:         rc = rt_mpread_skip (&rd); break;
        }
        if (rc)
            return rc;
    }
    if (rt_mpread_left (&rd))
        return RT_EINVAL;                   //  the header frame holds exactly one map
    //  A newer writer may have changed meanings we would misread; refuse rather than guess.
    if ((have & S_HAVE_V) && (self->version == 0 || self->version > RT_SCHEMA_VERSION))
        return RT_EVERSION;
    if ((have & S_REQUIRED) != S_REQUIRED)
        return RT_EMISSING;
    return 0;
}

int
rt_header_decode (rt_header_t *self, const char *data, size_t size)
{
    assert (self);
    assert (data || size == 0);
    memset (self, 0, sizeof *self);
    int rc = s_header_decode (self, data, size);
    if (rc)
        memset (self, 0, sizeof *self);     //  no half-decoded header escapes
    return rc;
}

int
rt_topic_check (const char *topic, size_t size)
{
    if (!topic || size == 0 || size >= RT_TOPIC_MAX)
        return RT_EINVAL;
    for (size_t i = 0; i < size; i++)
        if ((unsigned char) topic [i] <= 0x20 || (unsigned char) topic [i] >= 0x7f)
            return RT_EINVAL;
    return 0;
}

uint64_t
rt_now_ns (void)
{
    struct timespec ts;
    //  CLOCK_REALTIME cannot fail with a valid pointer; a zero stamp would still be safe.
    if (clock_gettime (CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}
