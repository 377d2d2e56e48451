/*  test_envelope.c - the bus envelope header and topic rules. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "rt_envelope.h"

static void
s_sample (rt_header_t *h)
{
    memset (h, 0, sizeof *h);
    h->version = RT_SCHEMA_VERSION;
    h->type = 7;
    strcpy (h->src, "gateway");
    h->seq = 0x123456789abcull;
    h->ts_ns = 1700000000123456789ull;
    strcpy (h->corr, "corr-42");
}

static void
s_encode (const rt_header_t *h, msgpack_sbuffer *sb)
{
    msgpack_sbuffer_init (sb);
    msgpack_packer pk;
    msgpack_packer_init (&pk, sb, msgpack_sbuffer_write);
    assert_int_equal (rt_header_encode (h, &pk), 0);
}

static void
test_header_round_trip (void **state)
{
    rt_header_t in, out;
    s_sample (&in);
    msgpack_sbuffer sb;
    s_encode (&in, &sb);
    assert_int_equal (rt_header_decode (&out, sb.data, sb.size), 0);
    assert_int_equal (out.version, in.version);
    assert_int_equal (out.type, in.type);
    assert_string_equal (out.src, in.src);
    assert_true (out.seq == in.seq);
    assert_true (out.ts_ns == in.ts_ns);
    assert_string_equal (out.corr, in.corr);
    msgpack_sbuffer_destroy (&sb);
}

static void
test_header_no_corr (void **state)
{
    rt_header_t in, out;
    s_sample (&in);
    in.corr [0] = '\0';
    msgpack_sbuffer sb;
    s_encode (&in, &sb);
    assert_int_equal (rt_header_decode (&out, sb.data, sb.size), 0);
    assert_string_equal (out.corr, "");
    msgpack_sbuffer_destroy (&sb);
}

static void
test_header_truncated_everywhere (void **state)
{
    rt_header_t in, out;
    s_sample (&in);
    msgpack_sbuffer sb;
    s_encode (&in, &sb);
    for (size_t cut = 0; cut < sb.size; cut++) {
        //  A heap copy of exactly cut bytes, so ASan sees any overread.
        char *copy = test_malloc (cut? cut: 1);
        memcpy (copy, sb.data, cut);
        int rc = rt_header_decode (&out, copy, cut);
        assert_true (rc == RT_ETRUNC || rc == RT_EMISSING);
        test_free (copy);
    }
    msgpack_sbuffer_destroy (&sb);
}

//  Packs a header map by hand: n pairs given as alternating key / packing step.
typedef struct {
    msgpack_sbuffer sb;
    msgpack_packer pk;
} s_buf_t;

static void
s_buf_init (s_buf_t *b)
{
    msgpack_sbuffer_init (&b->sb);
    msgpack_packer_init (&b->pk, &b->sb, msgpack_sbuffer_write);
}

static void
s_key (s_buf_t *b, const char *key)
{
    assert_int_equal (msgpack_pack_str_with_body (&b->pk, key, strlen (key)), 0);
}

static void
s_str (s_buf_t *b, const char *str)
{
    assert_int_equal (msgpack_pack_str_with_body (&b->pk, str, strlen (str)), 0);
}

//  The required pairs with the given version, but for the key `omit` (NULL: all five).
static void
s_required_but (s_buf_t *b, uint64_t version, const char *omit)
{
    #define S_WANT(key) (!omit || strcmp (omit, key) != 0)
    if (S_WANT ("v"))   { s_key (b, "v");   msgpack_pack_uint64 (&b->pk, version); }
    if (S_WANT ("t"))   { s_key (b, "t");   msgpack_pack_uint16 (&b->pk, 4); }
    if (S_WANT ("src")) { s_key (b, "src"); s_str (b, "gw"); }
    if (S_WANT ("seq")) { s_key (b, "seq"); msgpack_pack_uint64 (&b->pk, 9); }
    if (S_WANT ("ts"))  { s_key (b, "ts");  msgpack_pack_uint64 (&b->pk, 10); }
    #undef S_WANT
}

static void
s_required (s_buf_t *b, uint64_t version)
{
    s_required_but (b, version, NULL);
}

static int
s_decode (s_buf_t *b, rt_header_t *out)
{
    //  An exact-size heap copy, so ASan sees any overread.
    char *copy = test_malloc (b->sb.size? b->sb.size: 1);
    memcpy (copy, b->sb.data, b->sb.size);
    int rc = rt_header_decode (out, copy, b->sb.size);
    test_free (copy);
    msgpack_sbuffer_destroy (&b->sb);
    return rc;
}

static void
test_header_version (void **state)
{
    rt_header_t out;
    s_buf_t b;
    uint64_t versions [] = { RT_SCHEMA_VERSION, RT_SCHEMA_VERSION + 1, 0, 65535, 65536 };
    int want [] = { 0, RT_EVERSION, RT_EVERSION, RT_EVERSION, RT_ERANGE };
    for (size_t i = 0; i < sizeof versions / sizeof versions [0]; i++) {
        s_buf_init (&b);
        msgpack_pack_map (&b.pk, 5);
        s_required (&b, versions [i]);
        assert_int_equal (s_decode (&b, &out), want [i]);
    }
    //  A version above ours is refused even when other fields are missing.
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 1);
    s_key (&b, "v"); msgpack_pack_uint8 (&b.pk, RT_SCHEMA_VERSION + 1);
    assert_int_equal (s_decode (&b, &out), RT_EVERSION);
    //  The encoder writes what it is given; the decoder is the gate.
    rt_header_t in;
    s_sample (&in);
    in.version = RT_SCHEMA_VERSION + 1;
    msgpack_sbuffer sb;
    s_encode (&in, &sb);
    assert_int_equal (rt_header_decode (&out, sb.data, sb.size), RT_EVERSION);
    msgpack_sbuffer_destroy (&sb);
}

static void
test_header_missing (void **state)
{
    static const char *const keys [] = { "v", "t", "src", "seq", "ts" };
    for (size_t skip = 0; skip < 5; skip++) {
        s_buf_t b;
        s_buf_init (&b);
        msgpack_pack_map (&b.pk, 4);
        for (size_t i = 0; i < 5; i++) {
            if (i == skip)
                continue;
            s_key (&b, keys [i]);
            if (i == 2)
                s_str (&b, "gw");
            else
                msgpack_pack_uint8 (&b.pk, 1);
        }
        rt_header_t out;
        assert_int_equal (s_decode (&b, &out), RT_EMISSING);
    }
}

//  Unknown keys of every msgpack form are skipped, wherever they are.
static void
test_header_unknown_keys (void **state)
{
    s_buf_t b;
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 16);
    s_key (&b, "zz");    msgpack_pack_array (&b.pk, 3);
                         msgpack_pack_nil (&b.pk); msgpack_pack_true (&b.pk);
                         msgpack_pack_map (&b.pk, 1); s_str (&b, "k"); msgpack_pack_float (&b.pk, 1.5f);
    msgpack_pack_int (&b.pk, 7);  s_str (&b, "non-string key");
    s_key (&b, "bin");   msgpack_pack_bin_with_body (&b.pk, "\0\1\2", 3);
    s_key (&b, "ext");   msgpack_pack_ext_with_body (&b.pk, "abcd", 4, 5);     //  fixext 4
    s_key (&b, "ext3");  msgpack_pack_ext_with_body (&b.pk, "abc", 3, 5);      //  ext 8
    s_key (&b, "dbl");   msgpack_pack_double (&b.pk, -2.5);
    s_key (&b, "neg");   msgpack_pack_int64 (&b.pk, -1000000000000);
    s_key (&b, "u16");   msgpack_pack_uint16 (&b.pk, 60000);
    char long_str [300];
    memset (long_str, 'q', sizeof long_str - 1);
    long_str [sizeof long_str - 1] = '\0';
    s_key (&b, "str16"); s_str (&b, long_str);
    s_key (&b, "arr16"); msgpack_pack_array (&b.pk, 20);
    for (int i = 0; i < 20; i++)
        msgpack_pack_int (&b.pk, -i);
    s_key (&b, "map16"); msgpack_pack_map (&b.pk, 16);
    for (int i = 0; i < 16; i++) {
        msgpack_pack_int (&b.pk, i);
        msgpack_pack_nil (&b.pk);
    }
    s_required (&b, RT_SCHEMA_VERSION);
    rt_header_t out;
    assert_int_equal (s_decode (&b, &out), 0);
    assert_int_equal (out.type, 4);
    assert_string_equal (out.src, "gw");
    assert_true (out.seq == 9 && out.ts_ns == 10);
    assert_string_equal (out.corr, "");
}

static void
test_header_wrong_types (void **state)
{
    static const char *const keys [] = { "v", "t", "src", "seq", "ts", "cid" };
    for (size_t bad = 0; bad < 6; bad++) {
        s_buf_t b;
        s_buf_init (&b);
        msgpack_pack_map (&b.pk, 6);
        for (size_t i = 0; i < 6; i++) {
            s_key (&b, keys [i]);
            bool is_str = i == 2 || i == 5;
            if (i == bad) {
                if (is_str)
                    msgpack_pack_uint8 (&b.pk, 1);
                else
                    s_str (&b, "1");
            }
            else
            if (is_str)
                s_str (&b, "x");
            else
                msgpack_pack_uint8 (&b.pk, 1);
        }
        rt_header_t out;
        assert_int_equal (s_decode (&b, &out), RT_ETYPE);
    }
    //  Negative numbers are out of range for the unsigned fields.
    s_buf_t b;
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 5);
    s_required_but (&b, RT_SCHEMA_VERSION, "seq");
    s_key (&b, "seq"); msgpack_pack_int8 (&b.pk, -1);
    rt_header_t out;
    assert_int_equal (s_decode (&b, &out), RT_ERANGE);
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 5);
    s_required_but (&b, RT_SCHEMA_VERSION, "ts");
    s_key (&b, "ts"); msgpack_pack_int64 (&b.pk, -5000000000);
    assert_int_equal (s_decode (&b, &out), RT_ERANGE);
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 5);
    s_required_but (&b, RT_SCHEMA_VERSION, "t");
    s_key (&b, "t"); msgpack_pack_uint32 (&b.pk, 70000);
    assert_int_equal (s_decode (&b, &out), RT_ERANGE);
    //  Signed forms holding non-negative values are fine.
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 5);
    s_required_but (&b, RT_SCHEMA_VERSION, "seq");
    s_key (&b, "seq"); msgpack_pack_fix_int64 (&b.pk, 77);
    assert_int_equal (s_decode (&b, &out), 0);
    assert_true (out.seq == 77);
}

static void
test_header_strings (void **state)
{
    char src [RT_SRC_MAX + 1], corr [RT_CORR_MAX + 1];
    memset (src, 's', sizeof src);
    memset (corr, 'c', sizeof corr);
    struct { size_t src_len, corr_len; int rc; } cases [] = {
        { RT_SRC_MAX - 1, RT_CORR_MAX - 1, 0 },
        { RT_SRC_MAX,     1,               RT_ERANGE },
        { 1,              RT_CORR_MAX,     RT_ERANGE },
    };
    for (size_t c = 0; c < 3; c++) {
        s_buf_t b;
        s_buf_init (&b);
        msgpack_pack_map (&b.pk, 6);
        s_required_but (&b, RT_SCHEMA_VERSION, "src");
        s_key (&b, "src"); msgpack_pack_str_with_body (&b.pk, src, cases [c].src_len);
        s_key (&b, "cid"); msgpack_pack_str_with_body (&b.pk, corr, cases [c].corr_len);
        rt_header_t out;
        assert_int_equal (s_decode (&b, &out), cases [c].rc);
        if (cases [c].rc == 0) {
            assert_int_equal (strlen (out.src), RT_SRC_MAX - 1);
            assert_int_equal (strlen (out.corr), RT_CORR_MAX - 1);
        }
    }
    s_buf_t b;
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 5);
    s_required (&b, RT_SCHEMA_VERSION);
    //  Overwrite "gw" with "g\0": an embedded NUL would shorten the name silently.
    char *at = memmem (b.sb.data, b.sb.size, "gw", 2);
    assert_non_null (at);
    at [1] = '\0';
    rt_header_t out;
    assert_int_equal (s_decode (&b, &out), RT_ERANGE);

    //  The encoder refuses unterminated arrays and writes nothing.
    rt_header_t in;
    s_sample (&in);
    memset (in.src, 'x', sizeof in.src);
    msgpack_sbuffer sb;
    msgpack_sbuffer_init (&sb);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sb, msgpack_sbuffer_write);
    assert_int_equal (rt_header_encode (&in, &pk), RT_ERANGE);
    s_sample (&in);
    memset (in.corr, 'x', sizeof in.corr);
    assert_int_equal (rt_header_encode (&in, &pk), RT_ERANGE);
    assert_int_equal (sb.size, 0);
    msgpack_sbuffer_destroy (&sb);
}

static void
test_header_garbage (void **state)
{
    static const struct { const char *bytes; size_t size; int rc; } cases [] = {
        { "", 0, RT_ETRUNC },
        { "\xc1", 1, RT_ETYPE },
        { "\x90", 1, RT_ETYPE },                            //  an array, not a map
        { "\xdf\xff\xff\xff\xff", 5, RT_ETRUNC },           //  4 billion pairs, no bytes
        { "\x81\xa1v\xc1", 4, RT_ETYPE },
        { "\x81\xa2zz\xc1", 5, RT_EINVAL },                 //  unknown key, invalid value
        { "\x81\xa2zz\xdb\xff\xff\xff\xff", 9, RT_ETRUNC }, //  a 4 GB string
        { "\x81\xa2zz\xdd\x00\x01\x00\x00", 9, RT_ETRUNC },
        { "\x80\x00", 2, RT_EINVAL },                       //  trailing bytes
    };
    rt_header_t out;
    for (size_t c = 0; c < sizeof cases / sizeof cases [0]; c++) {
        int rc = rt_header_decode (&out, cases [c].bytes, cases [c].size);
        if (rc != cases [c].rc)
            fail_msg ("case %zu: %s", c, rt_strerror (rc));
    }
    //  Deep nesting in an unknown value.
    char deep [80] = "\x81\xa2zz";
    memset (deep + 4, 0x91, sizeof deep - 5);
    deep [sizeof deep - 1] = (char) 0xc0;
    assert_int_equal (rt_header_decode (&out, deep, sizeof deep), RT_EINVAL);
    //  Trailing bytes after a valid header.
    rt_header_t in;
    s_sample (&in);
    msgpack_sbuffer sb;
    s_encode (&in, &sb);
    msgpack_sbuffer_write (&sb, "\x00", 1);
    assert_int_equal (rt_header_decode (&out, sb.data, sb.size), RT_EINVAL);
    msgpack_sbuffer_destroy (&sb);
}

static void
test_header_duplicate_keys (void **state)
{
    static const char *const keys [] = { "v", "t", "src", "seq", "ts", "cid" };
    for (size_t dup = 0; dup < 6; dup++) {
        s_buf_t b;
        s_buf_init (&b);
        msgpack_pack_map (&b.pk, 6);
        s_required (&b, RT_SCHEMA_VERSION);
        s_key (&b, keys [dup]);
        if (dup == 2 || dup == 5)
            s_str (&b, "y");
        else
            msgpack_pack_uint8 (&b.pk, 1);
        rt_header_t out;
        assert_int_equal (s_decode (&b, &out), dup == 5? 0: RT_EINVAL);
    }
    //  Unknown keys may repeat.
    s_buf_t b;
    s_buf_init (&b);
    msgpack_pack_map (&b.pk, 7);
    s_required (&b, RT_SCHEMA_VERSION);
    s_key (&b, "zz"); msgpack_pack_nil (&b.pk);
    s_key (&b, "zz"); msgpack_pack_nil (&b.pk);
    rt_header_t out;
    assert_int_equal (s_decode (&b, &out), 0);
}

static void
test_topic_check (void **state)
{
    assert_int_equal (rt_topic_check ("md.quote.AAPL", 13), 0);
    assert_int_equal (rt_topic_check ("x", 1), 0);
    assert_int_equal (rt_topic_check ("md.quote.AAPL", 0), RT_EINVAL);
    assert_int_equal (rt_topic_check (NULL, 3), RT_EINVAL);
    assert_int_equal (rt_topic_check ("a b", 3), RT_EINVAL);
    assert_int_equal (rt_topic_check ("a\tb", 3), RT_EINVAL);
    assert_int_equal (rt_topic_check ("a\0b", 3), RT_EINVAL);
    assert_int_equal (rt_topic_check ("a\x7f", 2), RT_EINVAL);
    assert_int_equal (rt_topic_check ("a\xc3\xa9", 3), RT_EINVAL);
    char topic [RT_TOPIC_MAX];
    memset (topic, 'a', sizeof topic);
    assert_int_equal (rt_topic_check (topic, RT_TOPIC_MAX - 1), 0);
    assert_int_equal (rt_topic_check (topic, RT_TOPIC_MAX), RT_EINVAL);
}

static void
test_now_and_strerror (void **state)
{
    uint64_t a = rt_now_ns ();
    uint64_t b = rt_now_ns ();
    assert_true (a > 1600000000ull * 1000000000ull);       //  after September 2020
    assert_true (b >= a);
    for (int rc = 0; rc >= RT_EAUTH; rc--) {
        assert_non_null (rt_strerror (rc));
        assert_string_not_equal (rt_strerror (rc), "unknown error");
    }
    assert_string_equal (rt_strerror (-999), "unknown error");
    assert_string_equal (rt_strerror (5), "unknown error");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_header_round_trip),
        cmocka_unit_test (test_header_no_corr),
        cmocka_unit_test (test_header_truncated_everywhere),
        cmocka_unit_test (test_header_version),
        cmocka_unit_test (test_header_missing),
        cmocka_unit_test (test_header_unknown_keys),
        cmocka_unit_test (test_header_wrong_types),
        cmocka_unit_test (test_header_strings),
        cmocka_unit_test (test_header_garbage),
        cmocka_unit_test (test_header_duplicate_keys),
        cmocka_unit_test (test_topic_check),
        cmocka_unit_test (test_now_and_strerror),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
