/*  rt_mpread.c - a bounded, allocation-free msgpack cursor. */
#include "rt_mpread.h"

void
rt_mpread_init (rt_mpread_t *self, const void *data, size_t size)
{
    self->cur = (const uint8_t *) data;
    self->end = self->cur + size;
}

size_t
rt_mpread_left (const rt_mpread_t *self)
{
    return (size_t) (self->end - self->cur);
}

static uint64_t
s_be (const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | p [i];
    return v;
}

//  Reads a big-endian length of n bytes located at offset 1 (after the type byte).
static int
s_len_at (const rt_mpread_t *self, size_t n, uint64_t *len)
{
    if (rt_mpread_left (self) < 1 + n)
        return RT_ETRUNC;
    *len = s_be (self->cur + 1, n);
    return 0;
}

int
rt_mpread_map (rt_mpread_t *self, uint32_t *count)
{
    if (rt_mpread_left (self) < 1)
        return RT_ETRUNC;
    uint8_t b = self->cur [0];
    uint64_t n;
    size_t hdr;
    if ((b & 0xf0) == 0x80) {
        n = b & 0x0f;
        hdr = 1;
    }
    else
    if (b == 0xde || b == 0xdf) {
        hdr = b == 0xde? 3: 5;
        int rc = s_len_at (self, hdr - 1, &n);
        if (rc)
            return rc;
    }
    else
        return RT_ETYPE;
    self->cur += hdr;
    *count = (uint32_t) n;
    return 0;
}

int
rt_mpread_str (rt_mpread_t *self, const char **str, uint32_t *len)
{
    if (rt_mpread_left (self) < 1)
        return RT_ETRUNC;
    uint8_t b = self->cur [0];
    uint64_t n;
    size_t hdr;
    if ((b & 0xe0) == 0xa0) {
        n = b & 0x1f;
        hdr = 1;
    }
    else
    if (b >= 0xd9 && b <= 0xdb) {
        hdr = 1 + ((size_t) 1 << (b - 0xd9));
        int rc = s_len_at (self, hdr - 1, &n);
        if (rc)
            return rc;
    }
    else
        return RT_ETYPE;
    if (rt_mpread_left (self) - hdr < n)
        return RT_ETRUNC;
    *str = (const char *) self->cur + hdr;
    *len = (uint32_t) n;
    self->cur += hdr + n;
    return 0;
}

int
rt_mpread_uint (rt_mpread_t *self, uint64_t *value)
{
    if (rt_mpread_left (self) < 1)
        return RT_ETRUNC;
    uint8_t b = self->cur [0];
    if (b <= 0x7f) {
        *value = b;
        self->cur += 1;
        return 0;
    }
    if (b >= 0xe0)
        return RT_ERANGE;           //  negative fixint
    size_t n;
    int is_signed = 0;
    if (b >= 0xcc && b <= 0xcf)
        n = (size_t) 1 << (b - 0xcc);
    else
    if (b >= 0xd0 && b <= 0xd3) {
        n = (size_t) 1 << (b - 0xd0);
        is_signed = 1;
    }
    else
        return RT_ETYPE;
    if (rt_mpread_left (self) < 1 + n)
        return RT_ETRUNC;
    uint64_t v = s_be (self->cur + 1, n);
    if (is_signed && (v >> (8 * n - 1)) & 1)
        return RT_ERANGE;           //  a negative value in a signed encoding
    *value = v;
    self->cur += 1 + n;
    return 0;
}

//  Length in bytes of the value's header and inline payload, and how many nested values
//  follow it (array items, or twice the map pairs).
static int
s_measure (const rt_mpread_t *self, size_t *skip, uint64_t *children)
{
    if (rt_mpread_left (self) < 1)
        return RT_ETRUNC;
    uint8_t b = self->cur [0];
    uint64_t n = 0;
    int rc = 0;
    *children = 0;
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
        *skip = 1;
    else
    if ((b & 0xf0) == 0x80) {
        *skip = 1;
        *children = 2 * (uint64_t) (b & 0x0f);
    }
    else
    if ((b & 0xf0) == 0x90) {
        *skip = 1;
        *children = b & 0x0f;
    }
    else
    if ((b & 0xe0) == 0xa0)
        *skip = 1 + (b & 0x1f);
    else
    switch (b) {
        case 0xcc: case 0xd0: *skip = 2; break;
        case 0xcd: case 0xd1: *skip = 3; break;
        case 0xce: case 0xd2: case 0xca: *skip = 5; break;
        case 0xcf: case 0xd3: case 0xcb: *skip = 9; break;
        case 0xd4: *skip = 3; break;                //  fixext 1..16: type byte + data
        case 0xd5: *skip = 4; break;
        case 0xd6: *skip = 6; break;
        case 0xd7: *skip = 10; break;
        case 0xd8: *skip = 18; break;
        case 0xc4: case 0xd9:
            rc = s_len_at (self, 1, &n); *skip = 2 + n; break;
        case 0xc5: case 0xda:
            rc = s_len_at (self, 2, &n); *skip = 3 + n; break;
        case 0xc6: case 0xdb:
            rc = s_len_at (self, 4, &n); *skip = 5 + n; break;
        case 0xc7:
            rc = s_len_at (self, 1, &n); *skip = 3 + n; break;
        case 0xc8:
            rc = s_len_at (self, 2, &n); *skip = 4 + n; break;
        case 0xc9:
            rc = s_len_at (self, 4, &n); *skip = 6 + n; break;
        case 0xdc:
            rc = s_len_at (self, 2, &n); *skip = 3; *children = n; break;
        case 0xdd:
            rc = s_len_at (self, 4, &n); *skip = 5; *children = n; break;
        case 0xde:
            rc = s_len_at (self, 2, &n); *skip = 3; *children = 2 * n; break;
        case 0xdf:
            rc = s_len_at (self, 4, &n); *skip = 5; *children = 2 * n; break;
        default:
            return RT_EINVAL;                       //  0xc1 is never used
    }
    if (rc)
        return rc;
    if (rt_mpread_left (self) < *skip)
        return RT_ETRUNC;
    return 0;
}

//  Iterative rather than recursive: one stack slot per nesting level holds how many values
//  that level still owes, so depth is bounded and each value costs one s_measure.
int
rt_mpread_skip (rt_mpread_t *self)
{
    const uint8_t *start = self->cur;
    uint64_t owed [RT_MPREAD_MAX_DEPTH + 1];
    int depth = 0;
    int rc = 0;
    owed [0] = 1;
    while (depth >= 0) {
        if (owed [depth] == 0) {
            depth--;
            continue;
        }
        owed [depth]--;
        size_t skip;
        uint64_t children;
        rc = s_measure (self, &skip, &children);
        if (rc)
            break;
        self->cur += skip;
        if (children == 0)
            continue;
        //  Every child takes at least one byte, so a count above the bytes left is a
        //  truncation we can report without looping billions of times.
        if (children > rt_mpread_left (self)) {
            rc = RT_ETRUNC;
            break;
        }
        if (depth == RT_MPREAD_MAX_DEPTH) {
            rc = RT_EINVAL;             //  no message of ours nests deeper: garbage
            break;
        }
        owed [++depth] = children;
    }
    if (rc)
        self->cur = start;
    return rc;
}
