/*  rt_bus_json.h - any msgpack value as JSON, without the catalogue (maps describe
    themselves). For rt-tap and for anything that shows bus messages to people.

    nil, bool, str, array and map map to their JSON twins; integers are JSON integers, except
    unsigned ones above INT64_MAX, which become decimal strings; floats are JSON reals, and
    NaN / Infinity / -Infinity, which JSON cannot hold, become those strings; bin becomes a
    base64 string; ext becomes {"ext": type, "data": base64}; a str that is not UTF-8 becomes
    {"utf8_invalid_b64": base64}. Map keys that are not strings are written as their compact
    JSON text (1, true, [1,2]); a later duplicate key wins.
*/
#ifndef RT_BUS_JSON_H_INCLUDED
#define RT_BUS_JSON_H_INCLUDED

#include <stddef.h>
#include <jansson.h>
#include "rt_error.h"

//  Decodes exactly one msgpack value filling data[0..size). *out is a new reference.
//  Returns 0, RT_ETRUNC (ends early), RT_EINVAL (malformed, too deep, or bytes left over)
//  or RT_ENOMEM.
int rt_bus_json_from_msgpack (const void *data, size_t size, json_t **out);

//  Standard base64 (RFC 4648, padded) of data into a new JSON string; NULL if out of memory.
json_t *rt_bus_json_base64 (const void *data, size_t size);

#endif
