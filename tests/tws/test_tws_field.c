/*  Field reader/writer, framing and hello tests for rttws. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "tws_frame.h"
#include "tws_msg.h"

#define LIT(s) (s), (sizeof (s) - 1)

static void
test_double_format (void **state)
{
    (void) state;
    struct { double v; const char *s; } cases [] = {
        { 150.25, "150.25" }, { 140.0, "140.0" }, { 0.0, "0.0" }, { -1.0, "-1.0" },
        { 0.1, "0.1" }, { 1e-4, "0.0001" }, { 1e-5, "1e-05" }, { 1e16, "1e+16" },
        { 1234567890123456.0, "1234567890123456.0" }, { 0.3, "0.3" },
        { 1.0 / 3, "0.3333333333333333" }, { DBL_MAX, "1.7976931348623157e+308" },
        { INFINITY, "Infinity" }, { 2.5e-7, "2.5e-07" }, { 123.456, "123.456" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        char buf [64];
        tws_format_double (buf, sizeof buf, cases [i].v);
        assert_string_equal (buf, cases [i].s);
    }
    char buf [64];
    tws_format_decimal (buf, sizeof buf, 100);
    assert_string_equal (buf, "100");
    tws_format_decimal (buf, sizeof buf, 0.5);
    assert_string_equal (buf, "0.5");
    tws_format_decimal (buf, sizeof buf, TWS_UNSET_DECIMAL);
    assert_string_equal (buf, TWS_UNSET_DECIMAL_STR);
}

static void
test_reader_tolerance (void **state)
{
    (void) state;
    const char p [] = "\0" "Infinity\0" "1.7976931348623157E308\0" "1.7976931348623157e+308\0"
                      "1.797693135e+308\0" "?\0" "None\0" "abc\0" "2147483647\0" "-5\0"
                      "150.25\0" "1e3\0";
    tws_reader_t r;
    tws_reader_init (&r, p, sizeof p - 1);
    double d;
    int i;
    assert_int_equal (tws_read_double (&r, &d), 0);           //  "" -> 0
    assert_true (d == 0.0);
    assert_int_equal (tws_read_double (&r, &d), 0);
    assert_true (isinf (d) && d > 0);
    assert_int_equal (tws_read_double (&r, &d), 0);
    assert_true (d == TWS_UNSET_DOUBLE);
    assert_int_equal (tws_read_double (&r, &d), 0);
    assert_true (d == TWS_UNSET_DOUBLE);
    assert_int_equal (tws_read_double (&r, &d), 0);
    assert_true (d == TWS_UNSET_DOUBLE);
    assert_int_equal (tws_read_double (&r, &d), 0);           //  "?" -> 0
    assert_true (d == 0.0);
    assert_int_equal (tws_read_int_unset (&r, &i), 0);        //  "None" -> UNSET
    assert_int_equal (i, TWS_UNSET_INTEGER);
    assert_int_equal (tws_read_int (&r, &i), 0);              //  garbage -> 0
    assert_int_equal (i, 0);
    tws_decimal_t q;
    assert_int_equal (tws_read_decimal (&r, &q), 0);
    assert_true (q == TWS_UNSET_DECIMAL);
    assert_int_equal (tws_read_int (&r, &i), 0);
    assert_int_equal (i, -5);
    assert_int_equal (tws_read_double (&r, &d), 0);
    assert_true (d == 150.25);
    assert_int_equal (tws_read_int (&r, &i), 0);              //  "1e3" via double
    assert_int_equal (i, 1000);
    assert_true (tws_reader_at_end (&r));
    assert_int_equal (tws_read_int (&r, &i), RT_ETRUNC);

    //  Empty numerics: plain getters give 0, _unset getters UNSET.
    const char e [] = "\0\0\0";
    tws_reader_init (&r, e, sizeof e - 1);
    int64_t l;
    assert_int_equal (tws_read_double_unset (&r, &d), 0);
    assert_true (d == TWS_UNSET_DOUBLE);
    assert_int_equal (tws_read_long_unset (&r, &l), 0);
    assert_true (l == TWS_UNSET_LONG);
    assert_int_equal (tws_read_decimal (&r, &q), 0);
    assert_true (q == TWS_UNSET_DECIMAL);

    //  A field without its NUL is truncation, not a value.
    tws_reader_init (&r, "12", 2);
    assert_int_equal (tws_read_int (&r, &i), RT_ETRUNC);

    //  Long strings are cut, counted, and the walk stays aligned.
    const char s [] = "abcdefgh\0" "7\0";
    char small [4];
    tws_reader_init (&r, s, sizeof s - 1);
    assert_int_equal (tws_read_str (&r, small, sizeof small), 0);
    assert_string_equal (small, "abc");
    assert_int_equal (r.truncated, 1);
    assert_int_equal (tws_read_int (&r, &i), 0);
    assert_int_equal (i, 7);
}

static void
test_writer (void **state)
{
    (void) state;
    uint8_t buf [32];
    tws_writer_t w;
    tws_writer_init (&w, buf, sizeof buf);
    tws_write_int (&w, 71);
    tws_write_int (&w, 2);
    tws_write_int (&w, 7);
    tws_write_str (&w, "");
    size_t n;
    assert_int_equal (tws_writer_finish (&w, &n), 0);
    //  The START_API capture for clientId 7.
    const uint8_t cap [] = { 0, 0, 0, 8, '7', '1', 0, '2', 0, '7', 0, 0 };
    assert_int_equal (n, sizeof cap);
    assert_memory_equal (buf, cap, sizeof cap);

    //  Handle-empty variants.
    tws_writer_reset (&w);
    tws_write_double_he (&w, TWS_UNSET_DOUBLE);
    tws_write_int_he (&w, TWS_UNSET_INTEGER);
    tws_write_double_he (&w, 1.5);
    size_t plen;
    const uint8_t *p = tws_writer_payload (&w, &plen);
    assert_int_equal (plen, 6);
    assert_memory_equal (p, "\0\0" "1.5\0", 6);

    //  Overflow is sticky and reported by finish.
    tws_writer_reset (&w);
    for (int i = 0; i < 20; i++)
        tws_write_str (&w, "abcdef");
    assert_int_equal (tws_writer_finish (&w, &n), RT_ERANGE);

    //  Non-printable characters are refused (the official INVALID_SYMBOL).
    tws_writer_reset (&w);
    tws_write_str (&w, "a\001b");
    assert_int_equal (tws_writer_finish (&w, &n), RT_EINVAL);
}

static void
test_frame_split (void **state)
{
    (void) state;
    const uint8_t two [] = { 0, 0, 0, 2, '1', 0, 0, 0, 0, 3, 'a', 'b' };
    const uint8_t *pl;
    size_t plen, used;
    assert_int_equal (tws_frame_split (two, 3, &pl, &plen, &used), RT_EAGAIN);
    assert_int_equal (tws_frame_split (two, 5, &pl, &plen, &used), RT_EAGAIN);
    assert_int_equal (tws_frame_split (two, sizeof two, &pl, &plen, &used), 0);
    assert_int_equal (plen, 2);
    assert_int_equal (used, 6);
    assert_ptr_equal (pl, two + 4);
    assert_int_equal (tws_frame_split (two + used, sizeof two - used, &pl, &plen, &used),
                      RT_EAGAIN);
    //  The length limit: 0xFFFFFF passes (waits for bytes), one more is refused.
    const uint8_t max [] = { 0, 0xff, 0xff, 0xff };
    const uint8_t over [] = { 1, 0, 0, 0 };
    assert_int_equal (tws_frame_split (max, 4, &pl, &plen, &used), RT_EAGAIN);
    assert_int_equal (tws_frame_split (over, 4, &pl, &plen, &used), RT_ERANGE);
    //  Frame writer.
    uint8_t out [16];
    size_t olen;
    assert_int_equal (tws_frame_write (out, sizeof out, "9\0" "1\0", 4, &olen), 0);
    assert_int_equal (olen, 8);
    assert_memory_equal (out, "\0\0\0\4" "9\0" "1\0", 8);
    assert_int_equal (tws_frame_write (out, 6, "9\0" "1\0", 4, &olen), RT_ERANGE);
}

static void
test_hello (void **state)
{
    (void) state;
    uint8_t buf [64];
    size_t n;
    assert_int_equal (tws_hello_encode (buf, sizeof buf, 100, 200, NULL, &n), 0);
    const uint8_t expect [] = { 'A', 'P', 'I', 0, 0, 0, 0, 9,
                                'v', '1', '0', '0', '.', '.', '2', '0', '0' };
    assert_int_equal (n, sizeof expect);
    assert_memory_equal (buf, expect, sizeof expect);

    tws_hello_t h;
    size_t used;
    for (size_t i = 0; i < n; i++)
        assert_int_equal (tws_hello_parse (buf, i, &h, &used), RT_EAGAIN);
    assert_int_equal (tws_hello_parse (buf, n, &h, &used), 0);
    assert_int_equal (used, n);
    assert_int_equal (h.min_version, 100);
    assert_int_equal (h.max_version, 200);
    assert_string_equal (h.options, "");

    assert_int_equal (tws_hello_encode (buf, sizeof buf, 100, 200, "+PACEAPI", &n), 0);
    assert_int_equal (tws_hello_parse (buf, n, &h, &used), 0);
    assert_string_equal (h.options, "+PACEAPI");
    assert_int_equal (tws_hello_encode (buf, sizeof buf, 176, 176, NULL, &n), 0);
    assert_memory_equal (buf + 8, "v176", 4);
    assert_int_equal (tws_hello_parse (buf, n, &h, &used), 0);
    assert_int_equal (h.min_version, 176);
    assert_int_equal (h.max_version, 176);

    assert_int_equal (tws_hello_parse ("GET / HTTP", 10, &h, &used), RT_EINVAL);
    const uint8_t bad [] = { 'A', 'P', 'I', 0, 0, 0, 0, 4, 'v', '9', '.', 'x' };
    assert_int_equal (tws_hello_parse (bad, sizeof bad, &h, &used), RT_EINVAL);
    const uint8_t big [] = { 'A', 'P', 'I', 0, 0, 1, 0, 0 };
    assert_int_equal (tws_hello_parse (big, sizeof big, &h, &used), RT_ERANGE);

    //  Server reply: two fields.
    tws_writer_t w;
    tws_writer_init (&w, buf, sizeof buf);
    tws_server_hello_t sh = { 200, "20250625 09:26:58 CET" }, back;
    assert_int_equal (tws_server_hello_encode (&w, &sh), 0);
    size_t plen;
    const uint8_t *p = tws_writer_payload (&w, &plen);
    tws_reader_t r;
    tws_reader_init (&r, p, plen);
    assert_int_equal (tws_server_hello_decode (&r, &back), 0);
    assert_int_equal (back.server_version, 200);
    assert_string_equal (back.conn_time, "20250625 09:26:58 CET");
    tws_reader_init (&r, LIT ("200\0" "x\0" "y\0"));
    assert_int_equal (tws_server_hello_decode (&r, &back), RT_EINVAL);
}

static void
test_msg_id (void **state)
{
    (void) state;
    int id;
    assert_int_equal (tws_msg_id_peek (LIT ("17\0" "x\0"), &id), 0);
    assert_int_equal (id, 17);
    assert_int_equal (tws_msg_id_peek (LIT ("17"), &id), RT_ETRUNC);
    assert_int_equal (tws_msg_id_peek (LIT ("x1\0"), &id), RT_EINVAL);
    //  An unknown id is skipped with the frame: the splitter bounds it, the next is intact.
    const uint8_t stream [] = { 0, 0, 0, 6, '9', '9', '9', 0, 'z', 0,
                                0, 0, 0, 6, '9', 0, '1', 0, '5', 0 };
    const uint8_t *pl;
    size_t plen, used;
    assert_int_equal (tws_frame_split (stream, sizeof stream, &pl, &plen, &used), 0);
    assert_int_equal (tws_msg_id_peek (pl, plen, &id), 0);
    assert_int_equal (id, 999);
    assert_int_equal (tws_frame_split (stream + used, sizeof stream - used, &pl, &plen, &used), 0);
    tws_reader_t r;
    tws_reader_init (&r, pl, plen);
    assert_int_equal (tws_msg_id_read (&r, &id), 0);
    assert_int_equal (id, TWS_IN_NEXT_VALID_ID);
    tws_next_valid_id_t nv;
    assert_int_equal (tws_next_valid_id_decode (&r, 200, &nv), 0);
    assert_int_equal (nv.order_id, 5);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_double_format),
        cmocka_unit_test (test_reader_tolerance),
        cmocka_unit_test (test_writer),
        cmocka_unit_test (test_frame_split),
        cmocka_unit_test (test_hello),
        cmocka_unit_test (test_msg_id),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
