/*  rt_catalogue.h - the bus message catalogue: types, topics, structs, codecs.

    The lists live in rt_catalogue_def.h; this file turns them into:
      rt_type_t                  RT_TYPE_<NAME> = wire id, carried in the header's "t"
      rt_<name>_t                one struct per type, fixed-size char arrays for strings
      rt_<name>_encode / decode  per type, over msgpack_packer / msgpack_object
      rt_<enum>_t                RT_<P>_NONE = 0, then the values, then RT_<P>_COUNT
      rt_catalogue_get (type)    the table: name, topic, struct size, codecs, field list
    and the byte-level helpers rt_msg_encode / rt_msg_pack / rt_msg_decode / rt_topic_format.

    Encoding never truncates: a string that does not fit its array is RT_ERANGE on decode, and
    an unterminated array is RT_ERANGE on encode. Decoders ignore unknown keys, refuse wrong
    msgpack types (RT_ETYPE), missing required fields (RT_EMISSING) and a known key given
    twice (RT_EINVAL); a nil value reads as absent. Integers accept any msgpack integer form whose value fits; doubles also accept
    float32 and integers. See proto/README.md for every field.
*/
#ifndef RT_CATALOGUE_H_INCLUDED
#define RT_CATALOGUE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <msgpack.h>
#include "rt_error.h"
#include "rt_envelope.h"
#include "rt_catalogue_def.h"

//  ---------------------------------------------------------------------------------------
//  Enumerations

typedef struct {
    const char *name;               //  "side"
    const char *const *values;      //  wire strings; values [0] is "" (NONE)
    unsigned count;                 //  number of values including NONE
} rt_enum_info_t;

#define RT_ENUM_VALUE_(P, N, S) RT_##P##_##N,
#define RT_DECLARE_ENUM_(l, P) \
    typedef enum { RT_##P##_NONE = 0, RT_ENUM_##l (RT_ENUM_VALUE_, P) RT_##P##_COUNT } rt_##l##_t; \
    extern const rt_enum_info_t rt_##l##_enum; \
    const char *rt_##l##_str (rt_##l##_t value);
RT_ENUMS (RT_DECLARE_ENUM_)

//  The wire string for a value ("" for NONE or out of range, never NULL).
const char *rt_enum_str (const rt_enum_info_t *info, unsigned value);
//  Looks a wire string up: 0 and *value set, RT_ERANGE if unknown ("" is NONE).
int rt_enum_parse (const rt_enum_info_t *info, const char *str, size_t len, unsigned *value);

//  ---------------------------------------------------------------------------------------
//  Compound field kinds

typedef struct {
    char     name [RT_COUNTER_NAME_MAX];
    uint64_t value;
} rt_counter_t;

typedef struct {
    uint32_t     count;
    rt_counter_t item [RT_COUNTERS_MAX];
} rt_counters_t;

typedef struct {
    uint32_t count;
    char     item [RT_ARGS_MAX][RT_ARG_MAX];
} rt_args_t;

//  Sets a named counter, adding it if new. 0, or RT_ERANGE if full or the name is too long.
int rt_counters_set (rt_counters_t *self, const char *name, uint64_t value);
//  Appends an argument. 0, or RT_ERANGE if full or too long.
int rt_args_push (rt_args_t *self, const char *arg);

//  ---------------------------------------------------------------------------------------
//  Types and structs

#define RT_TYPE_ENUM_(id, NAME, name, topic, doc) RT_TYPE_##NAME = id,
typedef enum {
    RT_TYPE_NONE = 0,
    RT_CATALOGUE (RT_TYPE_ENUM_)
    RT_TYPE_END                     //  one past the highest id; ids may have gaps
} rt_type_t;

#define RT_MEMBER_U64_(n, a)      uint64_t n;
#define RT_MEMBER_U32_(n, a)      uint32_t n;
#define RT_MEMBER_I64_(n, a)      int64_t n;
#define RT_MEMBER_I32_(n, a)      int32_t n;
#define RT_MEMBER_F64_(n, a)      double n;
#define RT_MEMBER_BOOL_(n, a)     bool n;
#define RT_MEMBER_STR_(n, a)      char n [a];
#define RT_MEMBER_ENUM_(n, a)     rt_##a##_t n;
#define RT_MEMBER_COUNTERS_(n, a) rt_counters_t n;
#define RT_MEMBER_ARGS_(n, a)     rt_args_t n;
#define RT_MEMBER_(T, K, n, key, a, p, doc) RT_MEMBER_##K##_ (n, a)

#define RT_DECLARE_TYPE_(id, NAME, name, topic, doc) \
    typedef struct { RT_FIELDS_##name (RT_MEMBER_, _) } rt_##name##_t; \
    int rt_##name##_encode (const rt_##name##_t *self, msgpack_packer *pk); \
    int rt_##name##_decode (rt_##name##_t *self, const msgpack_object *obj);
RT_CATALOGUE (RT_DECLARE_TYPE_)

//  ---------------------------------------------------------------------------------------
//  The table

typedef enum {
    RT_KIND_U64, RT_KIND_U32, RT_KIND_I64, RT_KIND_I32, RT_KIND_F64, RT_KIND_BOOL,
    RT_KIND_STR, RT_KIND_ENUM, RT_KIND_COUNTERS, RT_KIND_ARGS
} rt_kind_t;

typedef struct {
    const char *name;               //  C member name
    const char *key;                //  msgpack key
    uint8_t     key_len;
    uint8_t     kind;               //  rt_kind_t
    bool        required;
    bool        suffix;             //  its value ends the topic
    uint16_t    offset;             //  in the struct
    uint16_t    size;               //  of the member; for STR the capacity
    const rt_enum_info_t *enum_info;  //  ENUM only
    const char *doc;                //  one line for humans
} rt_field_t;

typedef struct {
    rt_type_t   type;
    const char *name;               //  "quote"
    const char *doc;                //  one line for humans
    const char *topic;              //  "gw.conn", or the prefix "md.quote." when has_suffix
    bool        has_suffix;         //  one field is marked `suffix`
    size_t      size;               //  sizeof (rt_<name>_t)
    int (*encode) (const void *msg, msgpack_packer *pk);
    int (*decode) (void *msg, const msgpack_object *obj);
    const rt_field_t *fields;
    size_t      field_count;
} rt_catalogue_entry_t;

//  The entry for a type, or NULL for an id with no type.
const rt_catalogue_entry_t *rt_catalogue_get (rt_type_t type);
//  The entry whose name is `name` ("quote"), or NULL.
const rt_catalogue_entry_t *rt_catalogue_find (const char *name);
//  The type's name, or "?" for an unknown id.
const char *rt_type_name (rt_type_t type);

//  ---------------------------------------------------------------------------------------
//  Bytes

//  Appends msg's body map to the packer. 0, RT_EUNKNOWN, RT_ERANGE, RT_EMISSING or RT_EIO;
//  nothing is written unless the whole message is valid.
int rt_msg_encode (rt_type_t type, const void *msg, msgpack_packer *pk);

//  Resets a reusable buffer and packs msg's body into it (no allocation once the buffer has
//  grown to the largest message).
int rt_msg_pack (rt_type_t type, const void *msg, msgpack_sbuffer *sbuf);

//  Decodes an already unpacked body. The struct is zeroed first and again on failure.
int rt_msg_decode_object (rt_type_t type, void *out, const msgpack_object *obj);

//  Decodes one body frame into out (a rt_<name>_t of that type). The caller owns zone and
//  reuses it for every message (msgpack_zone_init once, msgpack_zone_destroy at the end);
//  it is cleared here, so nothing decoded earlier survives. The frame must be exactly one
//  map: RT_ETRUNC if it ends early, RT_EINVAL for garbage or trailing bytes.
int rt_msg_decode (rt_type_t type, void *out, const char *data, size_t size,
                   msgpack_zone *zone);

//  Writes the topic for a type into buf: "ord.status", or prefix + suffix ("md.quote." +
//  "AAPL") for types whose topic takes one. A suffix is required exactly for those types
//  (RT_EINVAL otherwise); bytes of it outside the topic alphabet (space, control, non-ASCII)
//  become '_', so IB's "BRK B" publishes as "md.quote.BRK_B". RT_ERANGE if cap is too small.
int rt_topic_format (char *buf, size_t cap, rt_type_t type, const char *suffix);

//  Same, taking the suffix from the message itself (its `sfx` field).
int rt_msg_topic (char *buf, size_t cap, rt_type_t type, const void *msg);

#endif
