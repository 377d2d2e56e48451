/*  rt_bus_json.c - generic msgpack -> JSON, see rt_bus_json.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>
#include "rt_bus_json.h"
#include "rt_mpread.h"

//  msgpack-c's unpacker refuses deeper nesting than its stack anyway; this keeps the
//  recursion bounded even if that changes.
#define S_MAX_DEPTH (RT_MPREAD_MAX_DEPTH + 2)

json_t *
rt_bus_json_base64 (const void *data, size_t size)
{
    static const char alphabet [] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uint8_t *in = (const uint8_t *) data;
    size_t len = (size + 2) / 3 * 4;
    char *text = (char *) malloc (len + 1);
    if (!text)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < size; i += 3) {
        uint32_t v = (uint32_t) in [i] << 16;
        if (i + 1 < size)
            v |= (uint32_t) in [i + 1] << 8;
        if (i + 2 < size)
            v |= in [i + 2];
        text [o++] = alphabet [(v >> 18) & 63];
        text [o++] = alphabet [(v >> 12) & 63];
        text [o++] = i + 1 < size ? alphabet [(v >> 6) & 63] : '=';
        text [o++] = i + 2 < size ? alphabet [v & 63] : '=';
    }
    text [o] = 0;
    json_t *result = json_stringn (text, o);
    free (text);
    return result;
}

static json_t *s_convert (const msgpack_object *obj, int depth);

static json_t *
s_float (double value)
{
    if (isnan (value))
        return json_string ("NaN");
    if (isinf (value))
        return json_string (value > 0 ? "Infinity" : "-Infinity");
    return json_real (value);
}

static json_t *
s_str (const char *ptr, size_t size)
{
    json_t *result = json_stringn (ptr, size);
    if (result)
        return result;
    //  Not UTF-8 (or out of memory, where the next call fails as well).
    json_t *raw = rt_bus_json_base64 (ptr, size);
    return raw ? json_pack ("{s:o}", "utf8_invalid_b64", raw) : NULL;
}

//  The key of a map entry as text: the string itself, else its JSON form. Caller frees.
static char *
s_key (const msgpack_object *key, int depth, size_t *len)
{
    if (key->type == MSGPACK_OBJECT_STR) {
        json_t *probe = json_stringn (key->via.str.ptr, key->via.str.size);
        if (probe) {
            json_decref (probe);
            char *text = (char *) malloc (key->via.str.size + 1);
            if (text) {
                memcpy (text, key->via.str.ptr, key->via.str.size);
                text [key->via.str.size] = 0;
                *len = key->via.str.size;
            }
            return text;
        }
    }
    json_t *value = s_convert (key, depth + 1);
    if (!value)
        return NULL;
    char *text = json_dumps (value, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref (value);
    if (text)
        *len = strlen (text);
    return text;
}

static json_t *
s_convert (const msgpack_object *obj, int depth)
{
    if (depth > S_MAX_DEPTH)
        return NULL;
    switch (obj->type) {
        case MSGPACK_OBJECT_NIL:
            return json_null ();
        case MSGPACK_OBJECT_BOOLEAN:
            return json_boolean (obj->via.boolean);
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            if (obj->via.u64 <= (uint64_t) INT64_MAX)
                return json_integer ((json_int_t) obj->via.u64);
            else {
                char text [24];
                snprintf (text, sizeof (text), "%llu", (unsigned long long) obj->via.u64);
                return json_string (text);
            }
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            return json_integer ((json_int_t) obj->via.i64);
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64:
            return s_float (obj->via.f64);
        case MSGPACK_OBJECT_STR:
            return s_str (obj->via.str.ptr, obj->via.str.size);
        case MSGPACK_OBJECT_BIN:
            return rt_bus_json_base64 (obj->via.bin.ptr, obj->via.bin.size);
        case MSGPACK_OBJECT_EXT: {
            json_t *data = rt_bus_json_base64 (obj->via.ext.ptr, obj->via.ext.size);
            return data ? json_pack ("{s:i,s:o}", "ext", (int) obj->via.ext.type, "data", data)
                        : NULL;
        }
        case MSGPACK_OBJECT_ARRAY: {
            json_t *array = json_array ();
            for (uint32_t i = 0; array && i < obj->via.array.size; i++) {
                json_t *item = s_convert (&obj->via.array.ptr [i], depth + 1);
                if (!item || json_array_append_new (array, item) != 0) {
                    json_decref (array);
                    array = NULL;
                }
            }
            return array;
        }
        case MSGPACK_OBJECT_MAP: {
            json_t *map = json_object ();
            for (uint32_t i = 0; map && i < obj->via.map.size; i++) {
                const msgpack_object_kv *kv = &obj->via.map.ptr [i];
                size_t len = 0;
                char *key = s_key (&kv->key, depth, &len);
                json_t *value = key ? s_convert (&kv->val, depth + 1) : NULL;
                if (!value || json_object_setn_new (map, key, len, value) != 0) {
                    json_decref (map);
                    map = NULL;
                }
                free (key);
            }
            return map;
        }
    }
    return NULL;
}

int
rt_bus_json_from_msgpack (const void *data, size_t size, json_t **out)
{
    assert (out);
    assert (data || size == 0);
    *out = NULL;
    //  msgpack-c allocates a container as large as its declared count before reading it,
    //  so a hostile "map of 4 billion" would ask for gigabytes. The bounded cursor proves
    //  first, without allocating, that the value is whole and its counts are real.
    rt_mpread_t rd;
    rt_mpread_init (&rd, data, size);
    int rc = rt_mpread_skip (&rd);
    if (rc == 0 && rt_mpread_left (&rd) != 0)
        rc = RT_EINVAL;
    if (rc != 0)
        return rc == RT_ETRUNC ? RT_ETRUNC : RT_EINVAL;
    msgpack_unpacked up;
    msgpack_unpacked_init (&up);
    size_t off = 0;
    msgpack_unpack_return ret = msgpack_unpack_next (&up, (const char *) data, size, &off);
    if (ret == MSGPACK_UNPACK_CONTINUE)
        rc = RT_ETRUNC;
    else
    if (ret == MSGPACK_UNPACK_NOMEM_ERROR)
        rc = RT_ENOMEM;
    else
    if (ret != MSGPACK_UNPACK_SUCCESS || off != size)
        rc = RT_EINVAL;
    else {
        *out = s_convert (&up.data, 0);
        rc = *out ? 0 : RT_EINVAL;
    }
    msgpack_unpacked_destroy (&up);
    return rc;
}
