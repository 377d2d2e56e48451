/*  test_catalogue_reject.c - what the catalogue's decoders and encoders refuse.

    Each case starts from a valid message of every type (from the field tables), changes one
    thing, and checks the exact error, both on the unpacked object and on the bytes.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rt_catalogue.h"
#include "proto_fixture.h"

#define S_ID(id, NAME, name, topic, doc) id,
static const unsigned s_ids [] = { RT_CATALOGUE (S_ID) };
#define S_NTYPES (sizeof s_ids / sizeof s_ids [0])

typedef struct {
    msgpack_sbuffer sbuf;
    msgpack_zone zone;          //  holds the unpacked valid message
    msgpack_zone scratch;       //  for rt_msg_decode
    msgpack_object obj;
    fixture_msg_t in;
    fixture_msg_t out;
} s_ctx_t;

static int
s_setup (void **state)
{
    s_ctx_t *ctx = calloc (1, sizeof *ctx);
    assert_non_null (ctx);
    msgpack_sbuffer_init (&ctx->sbuf);
    assert_true (msgpack_zone_init (&ctx->zone, 4096));
    assert_true (msgpack_zone_init (&ctx->scratch, 4096));
    *state = ctx;
    return 0;
}

static int
s_teardown (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_sbuffer_destroy (&ctx->sbuf);
    msgpack_zone_destroy (&ctx->zone);
    msgpack_zone_destroy (&ctx->scratch);
    free (ctx);
    return 0;
}

//  Packs a valid message of the type and unpacks it into ctx->obj.
static const rt_catalogue_entry_t *
s_valid (s_ctx_t *ctx, unsigned type, fixture_variant_t variant)
{
    const rt_catalogue_entry_t *e = rt_catalogue_get ((rt_type_t) type);
    assert_non_null (e);
    fixture_fill (e, &ctx->in, variant);
    assert_int_equal (rt_msg_pack (e->type, &ctx->in, &ctx->sbuf), 0);
    msgpack_zone_clear (&ctx->zone);
    size_t off = 0;
    assert_int_equal (msgpack_unpack (ctx->sbuf.data, ctx->sbuf.size, &off, &ctx->zone, &ctx->obj),
                      MSGPACK_UNPACK_SUCCESS);
    assert_int_equal (ctx->obj.via.map.size, e->field_count);
    return e;
}

//  Decodes obj through the object entry point and, packed again, through the byte entry
//  point; both must agree. Returns the code.
static int
s_decode (s_ctx_t *ctx, const rt_catalogue_entry_t *e, const msgpack_object *obj)
{
    int rc_obj = rt_msg_decode_object (e->type, &ctx->out, obj);
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
    assert_int_equal (msgpack_pack_object (&pk, *obj), 0);
    fixture_msg_t out;
    int rc_bytes = rt_msg_decode (e->type, &out, sbuf.data, sbuf.size, &ctx->scratch);
    msgpack_sbuffer_destroy (&sbuf);
    assert_int_equal (rc_obj, rc_bytes);
    if (rc_obj == 0)
        assert_memory_equal (ctx->out.bytes, out.bytes, e->size);
    else {
        //  A failed decode leaves a zeroed struct, never half a message.
        static const char zeros [sizeof (fixture_msg_t)];
        assert_memory_equal (ctx->out.bytes, zeros, e->size);
    }
    return rc_obj;
}

static msgpack_object
s_str (const char *str, size_t len)
{
    msgpack_object o = { .type = MSGPACK_OBJECT_STR };
    o.via.str.ptr = str;
    o.via.str.size = (uint32_t) len;
    return o;
}

static msgpack_object
s_uint (uint64_t value)
{
    msgpack_object o = { .type = MSGPACK_OBJECT_POSITIVE_INTEGER };
    o.via.u64 = value;
    return o;
}

static msgpack_object
s_neg (int64_t value)
{
    msgpack_object o = { .type = MSGPACK_OBJECT_NEGATIVE_INTEGER };
    o.via.i64 = value;
    return o;
}

static msgpack_object
s_float (msgpack_object_type type, double value)
{
    msgpack_object o = { .type = type };
    o.via.f64 = value;
    return o;
}

static msgpack_object
s_of_type (msgpack_object_type type)
{
    msgpack_object o = { .type = type };
    if (type == MSGPACK_OBJECT_BIN) {
        o.via.bin.ptr = "ab";
        o.via.bin.size = 2;
    }
    if (type == MSGPACK_OBJECT_BOOLEAN)
        o.via.boolean = true;
    return o;
}

//  Objects of a msgpack type that a field of this kind must refuse.
static size_t
s_wrong_for (rt_kind_t kind, msgpack_object *wrong)
{
    size_t n = 0;
    msgpack_object str = s_str ("1", 1);
    msgpack_object num = s_uint (1);
    msgpack_object dbl = s_float (MSGPACK_OBJECT_FLOAT64, 1.0);
    msgpack_object yes = s_of_type (MSGPACK_OBJECT_BOOLEAN);
    msgpack_object bin = s_of_type (MSGPACK_OBJECT_BIN);
    msgpack_object arr = s_of_type (MSGPACK_OBJECT_ARRAY);
    msgpack_object map = s_of_type (MSGPACK_OBJECT_MAP);
    switch (kind) {
        case RT_KIND_U64: case RT_KIND_U32: case RT_KIND_I64: case RT_KIND_I32:
            wrong [n++] = str; wrong [n++] = dbl; wrong [n++] = yes;
            wrong [n++] = bin; wrong [n++] = arr; wrong [n++] = map;
            break;
        case RT_KIND_F64:
            wrong [n++] = str; wrong [n++] = yes; wrong [n++] = bin;
            wrong [n++] = arr; wrong [n++] = map;
            break;
        case RT_KIND_BOOL:
            wrong [n++] = num; wrong [n++] = str; wrong [n++] = dbl; wrong [n++] = arr;
            break;
        case RT_KIND_STR: case RT_KIND_ENUM:
            wrong [n++] = num; wrong [n++] = yes; wrong [n++] = bin; wrong [n++] = dbl;
            wrong [n++] = arr; wrong [n++] = map;
            break;
        case RT_KIND_COUNTERS:
            wrong [n++] = arr; wrong [n++] = str; wrong [n++] = num;
            break;
        case RT_KIND_ARGS:
            wrong [n++] = map; wrong [n++] = str; wrong [n++] = num;
            break;
    }
    return n;
}

static void
test_wrong_types (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_object wrong [8];
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_SMALL);
        assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
        for (size_t i = 0; i < e->field_count; i++) {
            msgpack_object *val = &ctx->obj.via.map.ptr [i].val;
            msgpack_object saved = *val;
            size_t n = s_wrong_for ((rt_kind_t) e->fields [i].kind, wrong);
            assert_true (n > 0);
            for (size_t w = 0; w < n; w++) {
                *val = wrong [w];
                int rc = s_decode (ctx, e, &ctx->obj);
                if (rc != RT_ETYPE)
                    fail_msg ("%s.%s given msgpack type %d: %s", e->name, e->fields [i].name,
                              wrong [w].type, rt_strerror (rc));
            }
            *val = saved;
        }
        //  The body itself must be a map.
        msgpack_object arr = s_of_type (MSGPACK_OBJECT_ARRAY);
        assert_int_equal (s_decode (ctx, e, &arr), RT_ETYPE);
        msgpack_object str = s_str ("x", 1);
        assert_int_equal (s_decode (ctx, e, &str), RT_ETYPE);
    }
}

//  Nested values of the compound kinds are checked too.
static void
test_wrong_nested_types (void **state)
{
    s_ctx_t *ctx = *state;
    const rt_catalogue_entry_t *e = s_valid (ctx, RT_TYPE_HEARTBEAT, FIXTURE_LARGE);
    msgpack_object *counters = NULL;
    for (size_t i = 0; i < e->field_count; i++)
        if (e->fields [i].kind == RT_KIND_COUNTERS)
            counters = &ctx->obj.via.map.ptr [i].val;
    assert_non_null (counters);
    assert_int_equal (counters->via.map.size, RT_COUNTERS_MAX);
    msgpack_object_kv *kv = &counters->via.map.ptr [3];
    msgpack_object saved_key = kv->key, saved_val = kv->val;
    kv->val = s_str ("7", 1);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ETYPE);
    kv->val = s_neg (-7);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
    kv->val = saved_val;
    kv->key = s_uint (3);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ETYPE);
    char name [RT_COUNTER_NAME_MAX];
    memset (name, 'n', sizeof name);
    kv->key = s_str (name, sizeof name);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
    kv->key = s_str (name, sizeof name - 1);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
    kv->key = saved_key;
    //  One counter more than fits.
    msgpack_object_kv more [RT_COUNTERS_MAX + 1];
    memcpy (more, counters->via.map.ptr, sizeof (msgpack_object_kv) * RT_COUNTERS_MAX);
    more [RT_COUNTERS_MAX].key = s_str ("extra", 5);
    more [RT_COUNTERS_MAX].val = s_uint (1);
    msgpack_object_kv *orig = counters->via.map.ptr;
    counters->via.map.ptr = more;
    counters->via.map.size = RT_COUNTERS_MAX + 1;
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
    counters->via.map.ptr = orig;
    counters->via.map.size = RT_COUNTERS_MAX;
    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);

    e = s_valid (ctx, RT_TYPE_COMMAND, FIXTURE_LARGE);
    msgpack_object *args = &ctx->obj.via.map.ptr [1].val;
    assert_int_equal (args->type, MSGPACK_OBJECT_ARRAY);
    assert_int_equal (args->via.array.size, RT_ARGS_MAX);
    msgpack_object saved = args->via.array.ptr [2];
    args->via.array.ptr [2] = s_uint (2);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ETYPE);
    char arg [RT_ARG_MAX];
    memset (arg, 'a', sizeof arg);
    args->via.array.ptr [2] = s_str (arg, sizeof arg);
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
    args->via.array.ptr [2] = saved;
    msgpack_object items [RT_ARGS_MAX + 1];
    for (size_t i = 0; i < RT_ARGS_MAX + 1; i++)
        items [i] = s_str ("x", 1);
    args->via.array.ptr = items;
    args->via.array.size = RT_ARGS_MAX + 1;
    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
    args->via.array.size = RT_ARGS_MAX;
    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
}

static void
test_string_limits (void **state)
{
    s_ctx_t *ctx = *state;
    char big [RT_TEXT_MAX + 1];
    memset (big, 'x', sizeof big);
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_SMALL);
        for (size_t i = 0; i < e->field_count; i++) {
            const rt_field_t *f = &e->fields [i];
            msgpack_object *val = &ctx->obj.via.map.ptr [i].val;
            msgpack_object saved = *val;
            if (f->kind == RT_KIND_STR) {
                assert_true (f->size <= sizeof big);
                *val = s_str (big, f->size);                 //  one too long: never truncated
                assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                *val = s_str (big, f->size - 1);             //  the longest that fits
                assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                assert_int_equal (strlen (ctx->out.bytes + f->offset), f->size - 1);
                *val = s_str ("a\0b", 3);                    //  an embedded NUL
                assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_EINVAL);
                *val = s_str ("", 0);
                assert_int_equal (s_decode (ctx, e, &ctx->obj), f->required? RT_EMISSING: 0);
            }
            if (f->kind == RT_KIND_ENUM) {
                *val = s_str ("BOGUS", 5);
                assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                *val = s_str ("", 0);
                assert_int_equal (s_decode (ctx, e, &ctx->obj), f->required? RT_EMISSING: 0);
            }
            *val = saved;
        }
    }
}

static void
test_number_ranges (void **state)
{
    s_ctx_t *ctx = *state;
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_SMALL);
        for (size_t i = 0; i < e->field_count; i++) {
            const rt_field_t *f = &e->fields [i];
            msgpack_object *val = &ctx->obj.via.map.ptr [i].val;
            msgpack_object saved = *val;
            void *out = ctx->out.bytes + f->offset;
            switch (f->kind) {
                case RT_KIND_U64:
                    *val = s_neg (-1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_uint (UINT64_MAX);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(uint64_t *) out == UINT64_MAX);
                    break;
                case RT_KIND_U32:
                    *val = s_uint ((uint64_t) UINT32_MAX + 1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_neg (-1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_uint (UINT32_MAX);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(uint32_t *) out == UINT32_MAX);
                    break;
                case RT_KIND_I64:
                    *val = s_uint ((uint64_t) INT64_MAX + 1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_neg (INT64_MIN);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(int64_t *) out == INT64_MIN);
                    break;
                case RT_KIND_I32:
                    *val = s_uint ((uint64_t) INT32_MAX + 1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_neg ((int64_t) INT32_MIN - 1);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), RT_ERANGE);
                    *val = s_neg (INT32_MIN);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(int32_t *) out == INT32_MIN);
                    break;
                case RT_KIND_F64:
                    *val = s_float (MSGPACK_OBJECT_FLOAT32, 0.5);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(double *) out == 0.5);
                    *val = s_uint (7);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(double *) out == 7.0);
                    *val = s_neg (-7);
                    assert_int_equal (s_decode (ctx, e, &ctx->obj), 0);
                    assert_true (*(double *) out == -7.0);
                    break;
                default:
                    break;
            }
            *val = saved;
        }
    }
}

//  Removing a field, or sending it as nil: required -> RT_EMISSING, optional -> zero.
static void
test_missing_fields (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_object_kv kvs [64];
    static const char zeros [sizeof (fixture_msg_t)];
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_SMALL);
        for (size_t i = 0; i < e->field_count; i++) {
            const rt_field_t *f = &e->fields [i];
            uint32_t n = 0;
            for (uint32_t j = 0; j < ctx->obj.via.map.size; j++)
                if (j != i)
                    kvs [n++] = ctx->obj.via.map.ptr [j];
            msgpack_object less = { .type = MSGPACK_OBJECT_MAP };
            less.via.map.ptr = kvs;
            less.via.map.size = n;
            int rc = s_decode (ctx, e, &less);
            if (rc != (f->required? RT_EMISSING: 0))
                fail_msg ("%s without %s: %s", e->name, f->name, rt_strerror (rc));
            if (rc == 0)
                assert_memory_equal (ctx->out.bytes + f->offset, zeros, f->size);

            msgpack_object *val = &ctx->obj.via.map.ptr [i].val;
            msgpack_object saved = *val;
            *val = s_of_type (MSGPACK_OBJECT_NIL);
            assert_int_equal (s_decode (ctx, e, &ctx->obj), f->required? RT_EMISSING: 0);
            *val = saved;
        }
        msgpack_object empty = { .type = MSGPACK_OBJECT_MAP };
        bool any_required = false;
        for (size_t i = 0; i < e->field_count; i++)
            any_required |= e->fields [i].required;
        assert_true (any_required);
        assert_int_equal (s_decode (ctx, e, &empty), RT_EMISSING);
    }
}

//  Unknown keys, of any type and anywhere in the map, change nothing.
static void
test_unknown_keys_ignored (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_object_kv kvs [70];
    msgpack_object nested [2] = { s_uint (1), s_of_type (MSGPACK_OBJECT_MAP) };
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_LARGE);
        uint32_t n = 0;
        kvs [n].key = s_str ("zz-future", 9);
        kvs [n].val = s_of_type (MSGPACK_OBJECT_ARRAY);
        kvs [n].val.via.array.ptr = nested;
        kvs [n++].val.via.array.size = 2;
        kvs [n].key = s_uint (42);                    //  a non-string key
        kvs [n++].val = s_str ("x", 1);
        for (uint32_t j = 0; j < ctx->obj.via.map.size; j++) {
            kvs [n++] = ctx->obj.via.map.ptr [j];
            if (j == 1) {
                kvs [n].key = s_str ("", 0);
                kvs [n++].val = s_of_type (MSGPACK_OBJECT_NIL);
            }
        }
        kvs [n].key = s_of_type (MSGPACK_OBJECT_BIN);
        kvs [n++].val = s_float (MSGPACK_OBJECT_FLOAT64, 2.5);
        msgpack_object more = { .type = MSGPACK_OBJECT_MAP };
        more.via.map.ptr = kvs;
        more.via.map.size = n;
        assert_int_equal (s_decode (ctx, e, &more), 0);
        assert_memory_equal (ctx->in.bytes, ctx->out.bytes, e->size);
    }
}

//  A known key given twice is ambiguous (readers differ on which wins): refused.
static void
test_duplicate_keys (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_object_kv kvs [70];
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], FIXTURE_SMALL);
        for (size_t i = 0; i < e->field_count; i++) {
            uint32_t n = 0;
            for (uint32_t j = 0; j < ctx->obj.via.map.size; j++)
                kvs [n++] = ctx->obj.via.map.ptr [j];
            kvs [n++] = ctx->obj.via.map.ptr [i];
            msgpack_object twice = { .type = MSGPACK_OBJECT_MAP };
            twice.via.map.ptr = kvs;
            twice.via.map.size = n;
            assert_int_equal (s_decode (ctx, e, &twice), RT_EINVAL);
            //  ... but a nil next to a value is only "absent".
            kvs [n - 1].val = s_of_type (MSGPACK_OBJECT_NIL);
            assert_int_equal (s_decode (ctx, e, &twice), 0);
        }
    }
}

//  Cut the bytes at every offset: always RT_ETRUNC, and never a read past the cut (the
//  copy is exactly the cut's size, so ASan sees an overread).
static void
test_truncated_everywhere (void **state)
{
    s_ctx_t *ctx = *state;
    for (size_t k = 0; k < S_NTYPES; k++)
        for (int v = 0; v < FIXTURE_VARIANTS; v++) {
            const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], (fixture_variant_t) v);
            for (size_t cut = 0; cut < ctx->sbuf.size; cut++) {
                char *copy = malloc (cut? cut: 1);
                assert_non_null (copy);
                memcpy (copy, ctx->sbuf.data, cut);
                int rc = rt_msg_decode (e->type, &ctx->out, copy, cut, &ctx->scratch);
                free (copy);
                if (rc != RT_ETRUNC)
                    fail_msg ("%s cut at %zu of %zu: %s", e->name, cut, ctx->sbuf.size,
                              rt_strerror (rc));
            }
        }
}

static void
test_garbage (void **state)
{
    s_ctx_t *ctx = *state;
    static const struct {
        const char *bytes;
        size_t size;
        int rc;
    } cases [] = {
        { "\xc1", 1, RT_EINVAL },                           //  the one unused type byte
        { "\x81\xa1s\xc1", 4, RT_EINVAL },
        { "\x80\x80", 2, RT_EINVAL },                       //  trailing bytes
        { "\x80\xc0", 2, RT_EINVAL },
        { "\xdd\xff\xff\xff\xff", 5, RT_ETRUNC },           //  4 billion items, 0 bytes
        { "\xdf\xff\xff\xff\xff", 5, RT_ETRUNC },
        { "\x81\xa1s\xdb\xff\xff\xff\xff", 8, RT_ETRUNC },  //  a 4 GB string
        { "\x81\xa1s\xc6\x00\x00\x00\x01", 8, RT_ETRUNC },  //  bin 32
        { "\xc0", 1, RT_ETYPE },                            //  nil body
        { "\x90", 1, RT_ETYPE },
        { "\x2a", 1, RT_ETYPE },
    };
    for (size_t k = 0; k < S_NTYPES; k++) {
        rt_type_t type = (rt_type_t) s_ids [k];
        for (size_t c = 0; c < sizeof cases / sizeof cases [0]; c++) {
            int rc = rt_msg_decode (type, &ctx->out, cases [c].bytes, cases [c].size, &ctx->scratch);
            if (rc != cases [c].rc)
                fail_msg ("%s case %zu: %s", rt_type_name (type), c, rt_strerror (rc));
        }
        assert_int_equal (rt_msg_decode (type, &ctx->out, NULL, 0, &ctx->scratch), RT_ETRUNC);
    }
    //  Nesting deeper than any message of ours.
    char deep [64];
    memset (deep, 0x91, sizeof deep);
    deep [sizeof deep - 1] = (char) 0x80;
    assert_int_equal (rt_msg_decode (RT_TYPE_QUOTE, &ctx->out, deep, sizeof deep, &ctx->scratch),
                      RT_EINVAL);
    assert_int_equal (rt_msg_decode ((rt_type_t) 14, &ctx->out, "\x80", 1, &ctx->scratch),
                      RT_EUNKNOWN);
}

//  Every byte of every valid message replaced by a few telling values: whatever decodes
//  must be a message that encodes again.
static void
test_mutations (void **state)
{
    s_ctx_t *ctx = *state;
    static const unsigned char subs [] = { 0x00, 0x7f, 0x80, 0x90, 0xa0, 0xc0, 0xc1, 0xc3,
                                           0xca, 0xcb, 0xd0, 0xd9, 0xdc, 0xde, 0xff };
    msgpack_sbuffer again;
    msgpack_sbuffer_init (&again);
    for (size_t k = 0; k < S_NTYPES; k++)
        for (int v = 0; v < FIXTURE_VARIANTS; v++) {
            const rt_catalogue_entry_t *e = s_valid (ctx, s_ids [k], (fixture_variant_t) v);
            size_t size = ctx->sbuf.size;
            char *copy = malloc (size);
            assert_non_null (copy);
            for (size_t at = 0; at < size; at++)
                for (size_t s = 0; s < sizeof subs; s++) {
                    memcpy (copy, ctx->sbuf.data, size);
                    copy [at] = (char) subs [s];
                    int rc = rt_msg_decode (e->type, &ctx->out, copy, size, &ctx->scratch);
                    assert_true (rc <= 0 && rc >= RT_EAUTH);
                    if (rc == 0)
                        assert_int_equal (rt_msg_pack (e->type, &ctx->out, &again), 0);
                }
            free (copy);
        }
    msgpack_sbuffer_destroy (&again);
}

static void
test_encode_refuses (void **state)
{
    s_ctx_t *ctx = *state;
    msgpack_packer pk;
    msgpack_packer_init (&pk, &ctx->sbuf, msgpack_sbuffer_write);
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = rt_catalogue_get ((rt_type_t) s_ids [k]);
        for (size_t i = 0; i < e->field_count; i++) {
            const rt_field_t *f = &e->fields [i];
            char *p = ctx->in.bytes + f->offset;
            int want = 0;
            fixture_fill (e, &ctx->in, FIXTURE_SMALL);
            switch (f->kind) {
                case RT_KIND_STR:
                    memset (p, 'x', f->size);                  //  no room for the NUL
                    want = RT_ERANGE;
                    break;
                case RT_KIND_ENUM: {
                    unsigned bad = f->enum_info->count;
                    memcpy (p, &bad, sizeof bad);
                    want = RT_ERANGE;
                    break;
                }
                case RT_KIND_BOOL:
                    *(unsigned char *) p = 2;
                    want = RT_ERANGE;
                    break;
                case RT_KIND_COUNTERS:
                    ((rt_counters_t *) p)->count = RT_COUNTERS_MAX + 1;
                    want = RT_ERANGE;
                    break;
                case RT_KIND_ARGS:
                    ((rt_args_t *) p)->count = RT_ARGS_MAX + 1;
                    want = RT_ERANGE;
                    break;
                default:
                    continue;
            }
            //  Nothing is written when the message is refused.
            msgpack_sbuffer_clear (&ctx->sbuf);
            msgpack_pack_nil (&pk);
            assert_int_equal (rt_msg_encode (e->type, &ctx->in, &pk), want);
            assert_int_equal (ctx->sbuf.size, 1);
            if (f->required && (f->kind == RT_KIND_STR || f->kind == RT_KIND_ENUM)) {
                fixture_fill (e, &ctx->in, FIXTURE_SMALL);
                memset (p, 0, f->kind == RT_KIND_STR? f->size: sizeof (unsigned));
                assert_int_equal (rt_msg_encode (e->type, &ctx->in, &pk), RT_EMISSING);
                assert_int_equal (ctx->sbuf.size, 1);
            }
        }
    }
    assert_int_equal (rt_msg_encode ((rt_type_t) 0, &ctx->in, &pk), RT_EUNKNOWN);
    assert_int_equal (rt_msg_pack ((rt_type_t) 200, &ctx->in, &ctx->sbuf), RT_EUNKNOWN);
    assert_int_equal (ctx->sbuf.size, 0);
    assert_int_equal (rt_msg_decode_object ((rt_type_t) 200, &ctx->out, &ctx->obj), RT_EUNKNOWN);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_wrong_types, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_wrong_nested_types, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_string_limits, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_number_ranges, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_missing_fields, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unknown_keys_ignored, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_duplicate_keys, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_truncated_everywhere, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_garbage, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_mutations, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_encode_refuses, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
