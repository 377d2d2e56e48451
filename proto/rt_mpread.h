/*  rt_mpread.h - a bounded, allocation-free msgpack cursor.

    Reads values straight out of a received frame without building a msgpack_object tree, for
    the paths that run once per message (the envelope header). Every read checks the bytes
    left first, so a short or hostile frame yields RT_ETRUNC / RT_ETYPE, never an overread.
*/
#ifndef RT_MPREAD_H_INCLUDED
#define RT_MPREAD_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "rt_error.h"

//  Deeper nesting than this is refused by rt_mpread_skip, so recursion stays bounded.
#define RT_MPREAD_MAX_DEPTH 16

typedef struct {
    const uint8_t *cur;
    const uint8_t *end;
} rt_mpread_t;

void rt_mpread_init (rt_mpread_t *self, const void *data, size_t size);
size_t rt_mpread_left (const rt_mpread_t *self);

//  Each returns 0 and advances, or a negative code and leaves the cursor where it was.
int rt_mpread_map (rt_mpread_t *self, uint32_t *count);
int rt_mpread_str (rt_mpread_t *self, const char **str, uint32_t *len);
int rt_mpread_uint (rt_mpread_t *self, uint64_t *value);     //  negative -> RT_ERANGE
int rt_mpread_skip (rt_mpread_t *self);                      //  any one value, bounded depth

#endif
