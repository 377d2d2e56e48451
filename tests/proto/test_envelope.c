/*  test_envelope.c - the bus envelope header and topic rules. */
#include <stdarg.h>
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

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_header_round_trip),
        cmocka_unit_test (test_header_no_corr),
        cmocka_unit_test (test_header_truncated_everywhere),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
