/*  test_bus_json.c - generic msgpack -> JSON: every msgpack type, odd keys, and malformed
    input (truncated, trailing bytes, too deep, invalid bytes) refused without a crash.
*/
#include "rt_bus_json.h"
#include <math.h>
#include <msgpack.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

static char *
s_json_of (const msgpack_sbuffer *sbuf)
{
    json_t *value = NULL;
    assert_int_equal (rt_bus_json_from_msgpack (sbuf->data, sbuf->size, &value), 0);
    char *text = json_dumps (value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    json_decref (value);
    assert_non_null (text);
    return text;
}

static void
test_every_type (void **state)
{
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
    assert_int_equal (msgpack_pack_map (&pk, 12), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "nil", 3), 0);
    assert_int_equal (msgpack_pack_nil (&pk), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "f", 1), 0);
    assert_int_equal (msgpack_pack_false (&pk), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "neg", 3), 0);
    assert_int_equal (msgpack_pack_int64 (&pk, INT64_MIN), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "big", 3), 0);
    assert_int_equal (msgpack_pack_uint64 (&pk, (uint64_t) INT64_MAX + 1), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "f32", 3), 0);
    assert_int_equal (msgpack_pack_float (&pk, 0.25f), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "nan", 3), 0);
    assert_int_equal (msgpack_pack_double (&pk, NAN), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "inf", 3), 0);
    assert_int_equal (msgpack_pack_double (&pk, -INFINITY), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "bin", 3), 0);
    assert_int_equal (msgpack_pack_bin_with_body (&pk, "hi!?", 4), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "ext", 3), 0);
    assert_int_equal (msgpack_pack_ext_with_body (&pk, "\x00", 1, 5), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "bad", 3), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "\xff\xfe", 2), 0);
    //  Non-string keys become their JSON text.
    assert_int_equal (msgpack_pack_int (&pk, -7), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "", 0), 0);
    assert_int_equal (msgpack_pack_array (&pk, 2), 0);
    assert_int_equal (msgpack_pack_int (&pk, 1), 0);
    assert_int_equal (msgpack_pack_true (&pk), 0);
    assert_int_equal (msgpack_pack_map (&pk, 0), 0);
    char *text = s_json_of (&sbuf);
    assert_string_equal (text,
        "{\"-7\":\"\",\"[1,true]\":{},\"bad\":{\"utf8_invalid_b64\":\"//4=\"},"
        "\"big\":\"9223372036854775808\",\"bin\":\"aGkhPw==\",\"ext\":{\"data\":\"AA==\","
        "\"ext\":5},\"f\":false,\"f32\":0.25,\"inf\":\"-Infinity\",\"nan\":\"NaN\","
        "\"neg\":-9223372036854775808,\"nil\":null}");
    free (text);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
test_base64_padding (void **state)
{
    const char *want [] = { "", "YQ==", "YWI=", "YWJj", "YWJjZA==" };
    for (size_t n = 0; n < 5; n++) {
        json_t *s = rt_bus_json_base64 ("abcd", n);
        assert_string_equal (json_string_value (s), want [n]);
        json_decref (s);
    }
}

static void
test_malformed_refused (void **state)
{
    json_t *value = (json_t *) 1;
    assert_int_equal (rt_bus_json_from_msgpack ("", 0, &value), RT_ETRUNC);
    assert_null (value);
    assert_int_equal (rt_bus_json_from_msgpack ("\x82\xa1x", 3, &value), RT_ETRUNC);
    assert_int_equal (rt_bus_json_from_msgpack ("\x80\x80", 2, &value), RT_EINVAL);
    assert_int_equal (rt_bus_json_from_msgpack ("\xc1", 1, &value), RT_EINVAL);
    assert_int_equal (rt_bus_json_from_msgpack ("\xdf\xff\xff\xff\xff", 5, &value), RT_ETRUNC);
    //  Deep nesting: 10000 one-element arrays.
    char deep [10000];
    memset (deep, 0x91, sizeof (deep));
    int rc = rt_bus_json_from_msgpack (deep, sizeof (deep), &value);
    assert_true (rc == RT_EINVAL || rc == RT_ETRUNC);
    assert_null (value);
    //  Random bytes never crash.
    uint32_t seed = 12345;
    char noise [64];
    for (int round = 0; round < 20000; round++) {
        for (size_t i = 0; i < sizeof (noise); i++) {
            seed = seed * 1103515245u + 12345u;
            noise [i] = (char) (seed >> 16);
        }
        value = NULL;
        if (rt_bus_json_from_msgpack (noise, 1 + round % sizeof (noise), &value) == 0)
            assert_non_null (value);
        json_decref (value);
    }
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_every_type),
        cmocka_unit_test (test_base64_padding),
        cmocka_unit_test (test_malformed_refused),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
