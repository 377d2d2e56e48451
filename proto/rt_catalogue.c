/*  rt_catalogue.c - the tables generated from rt_catalogue_def.h, and topics.

    Everything per type here is produced by expanding the lists; adding a type or a field
    means editing rt_catalogue_def.h (and proto/README.md, which a test holds to it).
*/
#include <assert.h>
#include <string.h>
#include "rt_catalogue.h"
#include "rt_codec.h"

//  ---------------------------------------------------------------------------------------
//  Enumerations

#define S_ENUM_NAME(P, N, S) S,
#define S_DEFINE_ENUM(l, P) \
    _Static_assert (sizeof (rt_##l##_t) == sizeof (unsigned), "enum fields are read as unsigned"); \
    static const char *const s_##l##_values [] = { "", RT_ENUM_##l (S_ENUM_NAME, P) }; \
    const rt_enum_info_t rt_##l##_enum = { #l, s_##l##_values, RT_##P##_COUNT }; \
    const char *rt_##l##_str (rt_##l##_t value) { return rt_enum_str (&rt_##l##_enum, value); }
RT_ENUMS (S_DEFINE_ENUM)

const char *
rt_enum_str (const rt_enum_info_t *info, unsigned value)
{
    assert (info);
    return value < info->count? info->values [value]: "";
}

int
rt_enum_parse (const rt_enum_info_t *info, const char *str, size_t len, unsigned *value)
{
    assert (info);
    assert (value);
    for (unsigned i = 0; i < info->count; i++) {
        const char *candidate = info->values [i];
        if (strlen (candidate) == len && (len == 0 || memcmp (candidate, str, len) == 0)) {
            *value = i;
            return 0;
        }
    }
    return RT_ERANGE;
}

//  ---------------------------------------------------------------------------------------
//  Compound kinds

int
rt_counters_set (rt_counters_t *self, const char *name, uint64_t value)
{
    assert (self);
    assert (name);
    assert (self->count <= RT_COUNTERS_MAX);
    size_t len = strlen (name);
    if (len >= RT_COUNTER_NAME_MAX)
        return RT_ERANGE;
    for (uint32_t i = 0; i < self->count; i++)
        if (strcmp (self->item [i].name, name) == 0) {
            self->item [i].value = value;
            return 0;
        }
    if (self->count == RT_COUNTERS_MAX)
        return RT_ERANGE;
    rt_counter_t *c = &self->item [self->count++];
    memcpy (c->name, name, len + 1);
    c->value = value;
    return 0;
}

int
rt_args_push (rt_args_t *self, const char *arg)
{
    assert (self);
    assert (arg);
    assert (self->count <= RT_ARGS_MAX);
    size_t len = strlen (arg);
    if (len >= RT_ARG_MAX || self->count == RT_ARGS_MAX)
        return RT_ERANGE;
    memcpy (self->item [self->count++], arg, len + 1);
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Field tables

#define S_REQUIRED_req 1
#define S_REQUIRED_opt 0
#define S_REQUIRED_sfx 1
#define S_SUFFIX_req 0
#define S_SUFFIX_opt 0
#define S_SUFFIX_sfx 1
#define S_ENUM_INFO_U64(a)      NULL
#define S_ENUM_INFO_U32(a)      NULL
#define S_ENUM_INFO_I64(a)      NULL
#define S_ENUM_INFO_I32(a)      NULL
#define S_ENUM_INFO_F64(a)      NULL
#define S_ENUM_INFO_BOOL(a)     NULL
#define S_ENUM_INFO_STR(a)      NULL
#define S_ENUM_INFO_ENUM(a)     &rt_##a##_enum
#define S_ENUM_INFO_COUNTERS(a) NULL
#define S_ENUM_INFO_ARGS(a)     NULL

#define S_FIELD(T, K, n, key, a, p, doc) \
    { #n, key, sizeof (key) - 1, RT_KIND_##K, S_REQUIRED_##p, S_SUFFIX_##p, \
      offsetof (T, n), sizeof (((T *) 0)->n), S_ENUM_INFO_##K (a), doc },
#define S_COUNT_SUFFIX(T, K, n, key, a, p, doc) + S_SUFFIX_##p
#define S_COUNT_FIELD(T, K, n, key, a, p, doc) + 1

#define S_DEFINE_FIELDS(id, NAME, name, topic, doc) \
    _Static_assert (sizeof (rt_##name##_t) <= UINT16_MAX, "offsets are 16 bits"); \
    _Static_assert ((0 RT_FIELDS_##name (S_COUNT_FIELD, _)) <= 64, "at most 64 fields"); \
    _Static_assert ((0 RT_FIELDS_##name (S_COUNT_SUFFIX, _)) <= 1, "one suffix field at most"); \
    static const rt_field_t s_##name##_fields [] = { RT_FIELDS_##name (S_FIELD, rt_##name##_t) };
RT_CATALOGUE (S_DEFINE_FIELDS)

//  ---------------------------------------------------------------------------------------
//  Per-type codecs

#define S_DEFINE_CODECS(id, NAME, name, topic, doc) \
    static const rt_catalogue_entry_t s_##name##_entry; \
    int rt_##name##_encode (const rt_##name##_t *self, msgpack_packer *pk) \
    { \
        return rt_codec_encode (&s_##name##_entry, self, pk); \
    } \
    int rt_##name##_decode (rt_##name##_t *self, const msgpack_object *obj) \
    { \
        return rt_codec_decode (&s_##name##_entry, self, obj); \
    } \
    static int s_##name##_encode (const void *msg, msgpack_packer *pk) \
    { \
        return rt_##name##_encode (msg, pk); \
    } \
    static int s_##name##_decode (void *msg, const msgpack_object *obj) \
    { \
        return rt_##name##_decode (msg, obj); \
    } \
    static const rt_catalogue_entry_t s_##name##_entry = { \
        RT_TYPE_##NAME, #name, doc, topic, (0 RT_FIELDS_##name (S_COUNT_SUFFIX, _)) == 1, \
        sizeof (rt_##name##_t), s_##name##_encode, s_##name##_decode, \
        s_##name##_fields, sizeof s_##name##_fields / sizeof s_##name##_fields [0] \
    };
RT_CATALOGUE (S_DEFINE_CODECS)

#define S_TABLE_ROW(id, NAME, name, topic, doc) [id] = &s_##name##_entry,
static const rt_catalogue_entry_t *const s_table [RT_TYPE_END] = {
    RT_CATALOGUE (S_TABLE_ROW)
};

const rt_catalogue_entry_t *
rt_catalogue_get (rt_type_t type)
{
    if ((unsigned) type >= RT_TYPE_END)
        return NULL;
    return s_table [type];
}

const rt_catalogue_entry_t *
rt_catalogue_find (const char *name)
{
    assert (name);
    for (unsigned t = 0; t < RT_TYPE_END; t++)
        if (s_table [t] && strcmp (s_table [t]->name, name) == 0)
            return s_table [t];
    return NULL;
}

const char *
rt_type_name (rt_type_t type)
{
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    return entry? entry->name: "?";
}

//  ---------------------------------------------------------------------------------------
//  Topics

static int
s_topic_write (char *buf, size_t cap, const rt_catalogue_entry_t *entry,
               const char *suffix, size_t suffix_len)
{
    if (entry->has_suffix != (suffix_len > 0))
        return RT_EINVAL;
    size_t prefix_len = strlen (entry->topic);
    size_t total = prefix_len + suffix_len;
    if (total >= cap || total >= RT_TOPIC_MAX)
        return RT_ERANGE;
    memcpy (buf, entry->topic, prefix_len);
    for (size_t i = 0; i < suffix_len; i++) {
        unsigned char c = (unsigned char) suffix [i];
        buf [prefix_len + i] = c <= 0x20 || c >= 0x7f? '_': (char) c;
    }
    buf [total] = '\0';
    return 0;
}

int
rt_topic_format (char *buf, size_t cap, rt_type_t type, const char *suffix)
{
    assert (buf || cap == 0);
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry)
        return RT_EUNKNOWN;
    return s_topic_write (buf, cap, entry, suffix, suffix? strlen (suffix): 0);
}

int
rt_msg_topic (char *buf, size_t cap, rt_type_t type, const void *msg)
{
    assert (buf || cap == 0);
    assert (msg);
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry)
        return RT_EUNKNOWN;
    const char *suffix = NULL;
    size_t suffix_len = 0;
    for (size_t i = 0; i < entry->field_count; i++) {
        const rt_field_t *f = &entry->fields [i];
        if (f->suffix) {
            suffix = (const char *) msg + f->offset;
            suffix_len = strnlen (suffix, f->size);
            if (suffix_len == f->size)
                return RT_ERANGE;
        }
    }
    return s_topic_write (buf, cap, entry, suffix, suffix_len);
}
