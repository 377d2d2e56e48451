/*  rt_codec.c - the table-driven body codec.

    One interpreter over the field descriptors generated from rt_catalogue_def.h replaces a
    hand-written encoder and decoder per type: the lists stay the single declaration and a
    fix here fixes every type. Nothing here allocates; strings are copied into the struct's
    fixed arrays, never truncated.
*/
#include <assert.h>
#include <string.h>
#include "rt_codec.h"

//  Every type fits the 64-bit "seen" mask used by the decoder.
#define S_MAX_FIELDS 64

static const void *
s_at (const void *msg, const rt_field_t *f)
{
    return (const char *) msg + f->offset;
}

static void *
s_at_mut (void *msg, const rt_field_t *f)
{
    return (char *) msg + f->offset;
}

static unsigned
s_enum_get (const void *msg, const rt_field_t *f)
{
    unsigned value;
    memcpy (&value, s_at (msg, f), sizeof value);
    return value;
}

//  Length of a fixed array's string: RT_ERANGE when it fills the array without a NUL.
static int
s_strlen (const char *str, size_t cap, size_t *len)
{
    *len = strnlen (str, cap);
    return *len == cap? RT_ERANGE: 0;
}

//  Validates the whole message before a byte is packed, so a failed encode leaves the
//  caller's buffer as it was.
static int
s_validate_field (const void *msg, const rt_field_t *f)
{
    size_t len;
    int rc = 0;
    switch (f->kind) {
        case RT_KIND_STR:
            rc = s_strlen (s_at (msg, f), f->size, &len);
            if (rc == 0 && f->required && len == 0)
                rc = RT_EMISSING;
            break;
        case RT_KIND_ENUM: {
            unsigned value = s_enum_get (msg, f);
            if (value >= f->enum_info->count)
                rc = RT_ERANGE;
            else
            if (f->required && value == 0)
                rc = RT_EMISSING;
            break;
        }
        case RT_KIND_COUNTERS: {
            const rt_counters_t *counters = s_at (msg, f);
            if (counters->count > RT_COUNTERS_MAX)
                return RT_ERANGE;
            for (uint32_t i = 0; i < counters->count && rc == 0; i++)
                rc = s_strlen (counters->item [i].name, RT_COUNTER_NAME_MAX, &len);
            break;
        }
        case RT_KIND_ARGS: {
            const rt_args_t *args = s_at (msg, f);
            if (args->count > RT_ARGS_MAX)
                return RT_ERANGE;
            for (uint32_t i = 0; i < args->count && rc == 0; i++)
                rc = s_strlen (args->item [i], RT_ARG_MAX, &len);
            break;
        }
        case RT_KIND_BOOL: {
            //  A bool holding anything but 0/1 is memory corruption or an uninitialised
            //  struct; packing it would hide the bug.
            unsigned char raw;
            memcpy (&raw, s_at (msg, f), 1);
            if (raw > 1)
                rc = RT_ERANGE;
            break;
        }
        default:
            break;
    }
    return rc;
}

static int
s_pack_str (msgpack_packer *pk, const char *str, size_t len)
{
    return msgpack_pack_str_with_body (pk, str, len);
}

//  Returns msgpack's 0 / -1; the caller maps a failure to RT_EIO.
static int
s_pack_field (msgpack_packer *pk, const void *msg, const rt_field_t *f)
{
    const void *p = s_at (msg, f);
    if (s_pack_str (pk, f->key, f->key_len))
        return -1;
    switch (f->kind) {
        case RT_KIND_U64: return msgpack_pack_uint64 (pk, *(const uint64_t *) p);
        case RT_KIND_U32: return msgpack_pack_uint64 (pk, *(const uint32_t *) p);
        case RT_KIND_I64: return msgpack_pack_int64 (pk, *(const int64_t *) p);
        case RT_KIND_I32: return msgpack_pack_int64 (pk, *(const int32_t *) p);
        case RT_KIND_F64: return msgpack_pack_double (pk, *(const double *) p);
        case RT_KIND_BOOL:
            return *(const bool *) p? msgpack_pack_true (pk): msgpack_pack_false (pk);
        case RT_KIND_STR:
            return s_pack_str (pk, p, strnlen (p, f->size));
        case RT_KIND_ENUM: {
            const char *str = rt_enum_str (f->enum_info, s_enum_get (msg, f));
            return s_pack_str (pk, str, strlen (str));
        }
        case RT_KIND_COUNTERS: {
            const rt_counters_t *counters = p;
            if (msgpack_pack_map (pk, counters->count))
                return -1;
            for (uint32_t i = 0; i < counters->count; i++) {
                const rt_counter_t *c = &counters->item [i];
                if (s_pack_str (pk, c->name, strnlen (c->name, sizeof c->name))
                ||  msgpack_pack_uint64 (pk, c->value))
                    return -1;
            }
            return 0;
        }
        case RT_KIND_ARGS: {
            const rt_args_t *args = p;
            if (msgpack_pack_array (pk, args->count))
                return -1;
            for (uint32_t i = 0; i < args->count; i++)
                if (s_pack_str (pk, args->item [i], strnlen (args->item [i], RT_ARG_MAX)))
                    return -1;
            return 0;
        }
        default:
            assert (!"unknown field kind");
            return -1;
    }
}

int
rt_codec_encode (const rt_catalogue_entry_t *entry, const void *msg, msgpack_packer *pk)
{
    assert (entry);
    assert (msg);
    assert (pk);
    for (size_t i = 0; i < entry->field_count; i++) {
        int rc = s_validate_field (msg, &entry->fields [i]);
        if (rc)
            return rc;
    }
    //  Every field is always written: a sniffer sees the whole message, and a message's
    //  size does not depend on its values' zeroness.
    if (msgpack_pack_map (pk, entry->field_count))
        return RT_EIO;
    for (size_t i = 0; i < entry->field_count; i++)
        if (s_pack_field (pk, msg, &entry->fields [i]))
            return RT_EIO;
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Decoding

static int
s_get_uint (const msgpack_object *o, uint64_t max, uint64_t *value)
{
    if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
        if (o->via.u64 > max)
            return RT_ERANGE;
        *value = o->via.u64;
        return 0;
    }
    return o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER? RT_ERANGE: RT_ETYPE;
}

static int
s_get_int (const msgpack_object *o, int64_t min, int64_t max, int64_t *value)
{
    if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
        if (o->via.u64 > (uint64_t) max)
            return RT_ERANGE;
        *value = (int64_t) o->via.u64;
        return 0;
    }
    if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
        if (o->via.i64 < min)
            return RT_ERANGE;
        *value = o->via.i64;
        return 0;
    }
    return RT_ETYPE;
}

static int
s_get_double (const msgpack_object *o, double *value)
{
    switch (o->type) {
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64:
            *value = o->via.f64;
            return 0;
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            *value = (double) o->via.u64;
            return 0;
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            *value = (double) o->via.i64;
            return 0;
        default:
            return RT_ETYPE;
    }
}

//  Copies a msgpack string into a fixed array of cap bytes, NUL-terminated.
static int
s_get_str (const msgpack_object *o, char *dest, size_t cap)
{
    if (o->type != MSGPACK_OBJECT_STR)
        return RT_ETYPE;
    size_t len = o->via.str.size;
    if (len >= cap)
        return RT_ERANGE;
    //  An embedded NUL would silently shorten the C string.
    if (len && memchr (o->via.str.ptr, '\0', len))
        return RT_EINVAL;
    if (len)
        memcpy (dest, o->via.str.ptr, len);
    dest [len] = '\0';
    return 0;
}

static int
s_get_counters (const msgpack_object *o, rt_counters_t *counters)
{
    if (o->type != MSGPACK_OBJECT_MAP)
        return RT_ETYPE;
    if (o->via.map.size > RT_COUNTERS_MAX)
        return RT_ERANGE;
    for (uint32_t i = 0; i < o->via.map.size; i++) {
        const msgpack_object_kv *kv = &o->via.map.ptr [i];
        rt_counter_t *c = &counters->item [i];
        int rc = s_get_str (&kv->key, c->name, sizeof c->name);
        if (rc == 0)
            rc = s_get_uint (&kv->val, UINT64_MAX, &c->value);
        if (rc)
            return rc;
    }
    counters->count = o->via.map.size;
    return 0;
}

static int
s_get_args (const msgpack_object *o, rt_args_t *args)
{
    if (o->type != MSGPACK_OBJECT_ARRAY)
        return RT_ETYPE;
    if (o->via.array.size > RT_ARGS_MAX)
        return RT_ERANGE;
    for (uint32_t i = 0; i < o->via.array.size; i++) {
        int rc = s_get_str (&o->via.array.ptr [i], args->item [i], RT_ARG_MAX);
        if (rc)
            return rc;
    }
    args->count = o->via.array.size;
    return 0;
}

static int
s_decode_field (void *msg, const rt_field_t *f, const msgpack_object *o)
{
    void *p = s_at_mut (msg, f);
    uint64_t u;
    int64_t i;
    int rc;
    switch (f->kind) {
        case RT_KIND_U64:
            return s_get_uint (o, UINT64_MAX, (uint64_t *) p);
        case RT_KIND_U32:
            rc = s_get_uint (o, UINT32_MAX, &u);
            if (rc == 0)
                *(uint32_t *) p = (uint32_t) u;
            return rc;
        case RT_KIND_I64:
            return s_get_int (o, INT64_MIN, INT64_MAX, (int64_t *) p);
        case RT_KIND_I32:
            rc = s_get_int (o, INT32_MIN, INT32_MAX, &i);
            if (rc == 0)
                *(int32_t *) p = (int32_t) i;
            return rc;
        case RT_KIND_F64:
            return s_get_double (o, (double *) p);
        case RT_KIND_BOOL:
            if (o->type != MSGPACK_OBJECT_BOOLEAN)
                return RT_ETYPE;
            *(bool *) p = o->via.boolean;
            return 0;
        case RT_KIND_STR:
            rc = s_get_str (o, p, f->size);
            if (rc == 0 && f->required && ((const char *) p) [0] == '\0')
                rc = RT_EMISSING;
            return rc;
        case RT_KIND_ENUM: {
            if (o->type != MSGPACK_OBJECT_STR)
                return RT_ETYPE;
            unsigned value;
            rc = rt_enum_parse (f->enum_info, o->via.str.ptr, o->via.str.size, &value);
            if (rc == 0 && f->required && value == 0)
                rc = RT_EMISSING;
            if (rc == 0)
                memcpy (p, &value, sizeof value);
            return rc;
        }
        case RT_KIND_COUNTERS:
            return s_get_counters (o, p);
        case RT_KIND_ARGS:
            return s_get_args (o, p);
        default:
            assert (!"unknown field kind");
            return RT_EINVAL;
    }
}

//  Our own encoder writes fields in table order, so the key at map position i is almost
//  always field i: try it first, fall back to a scan for other writers.
static int
s_find (const rt_catalogue_entry_t *entry, const char *key, uint32_t len, uint32_t hint)
{
    if (hint < entry->field_count) {
        const rt_field_t *f = &entry->fields [hint];
        if (f->key_len == len && memcmp (f->key, key, len) == 0)
            return (int) hint;
    }
    for (size_t i = 0; i < entry->field_count; i++) {
        const rt_field_t *f = &entry->fields [i];
        if (f->key_len == len && memcmp (f->key, key, len) == 0)
            return (int) i;
    }
    return -1;
}

static int
s_decode_map (const rt_catalogue_entry_t *entry, void *msg, const msgpack_object *obj)
{
    if (obj->type != MSGPACK_OBJECT_MAP)
        return RT_ETYPE;
    assert (entry->field_count <= S_MAX_FIELDS);
    uint64_t seen = 0;
    for (uint32_t i = 0; i < obj->via.map.size; i++) {
        const msgpack_object_kv *kv = &obj->via.map.ptr [i];
        if (kv->key.type != MSGPACK_OBJECT_STR)
            continue;                       //  not one of ours: unknown key
        int index = s_find (entry, kv->key.via.str.ptr, kv->key.via.str.size, i);
        if (index < 0 || kv->val.type == MSGPACK_OBJECT_NIL)
            continue;                       //  unknown key, or explicitly absent
        //  Two values for one field are ambiguous (other readers may keep the first): refuse.
        if (seen & ((uint64_t) 1 << index))
            return RT_EINVAL;
        int rc = s_decode_field (msg, &entry->fields [index], &kv->val);
        if (rc)
            return rc;
        seen |= (uint64_t) 1 << index;
    }
    for (size_t i = 0; i < entry->field_count; i++)
        if (entry->fields [i].required && !(seen & ((uint64_t) 1 << i)))
            return RT_EMISSING;
    return 0;
}

int
rt_codec_decode (const rt_catalogue_entry_t *entry, void *msg, const msgpack_object *obj)
{
    assert (entry);
    assert (msg);
    assert (obj);
    memset (msg, 0, entry->size);
    int rc = s_decode_map (entry, msg, obj);
    if (rc)
        memset (msg, 0, entry->size);       //  no half-decoded message escapes
    return rc;
}
