/*  test_rt_tap.c - the rt-tap binary as a subprocess: --json lines for real messages on a
    free loopback port (topic, src, seq, body decoded generically), a gap line when a
    sequence number is skipped, exit 0 on SIGTERM. The child never outlives the test.
*/
#include "rt_bus.h"
#include "rt_test_proc.h"
#include <jansson.h>
#include <signal.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

typedef struct {
    rt_test_proc_t *proc;           //  rt-tap, its stdout on a pipe (tests/harness)
    rt_pub_t *pub;
    char curve_dir [64];            //  removed by the teardown when set
} s_tap_t;

static s_tap_t s_tap;

static void
s_spawn (const char *endpoint, const char *extra, const char *extra2)
{
    char path [512];
    assert_int_equal (rt_test_bin_path (path, sizeof (path), "rt-tap"), 0);
    assert_int_equal (access (path, X_OK), 0);
    rt_test_proc_destroy (&s_tap.proc);
    const char *argv [] = { path, "--json", "--endpoint", endpoint, extra, extra2, NULL };
    rt_test_spawn_opts_t opts = { .out = RT_TEST_IO_PIPE };
    s_tap.proc = rt_test_proc_spawn (argv, &opts);
    assert_non_null (s_tap.proc);
}

//  The next line of rt-tap's output as parsed JSON, or NULL when none came in timeout_ms.
static json_t *
s_next_line (int timeout_ms)
{
    static char text [RT_TEST_LINE_MAX];
    int rc = rt_test_lines_next (rt_test_proc_stdout (s_tap.proc), text, sizeof (text),
                                 timeout_ms);
    if (rc == RT_ETIMEOUT)
        return NULL;
    assert_int_equal (rc, 0);       //  RT_ECLOSED would mean rt-tap died
    json_error_t error;
    json_t *line = json_loads (text, 0, &error);
    if (!line)
        fail_msg ("rt-tap printed a line that is not JSON: %s (%s)", text, error.text);
    return line;
}

//  Waits for the child to exit: its exit status, 128 + a signal that killed it, or -1 if it
//  is still running after timeout.
static int
s_wait_exit (int timeout_ms)
{
    int rc = rt_test_proc_wait (s_tap.proc, timeout_ms);
    return rc == RT_ETIMEOUT ? -1 : rc;
}

static int
s_setup (void **state)
{
    memset (&s_tap, 0, sizeof (s_tap));
    unsetenv (RT_CURVE_DIR_ENV);
    s_tap.pub = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    return s_tap.pub ? 0 : -1;
}

static int
s_teardown (void **state)
{
    if (s_tap.proc) {
        rt_test_proc_signal (s_tap.proc, SIGKILL);
        rt_test_proc_destroy (&s_tap.proc);
    }
    rt_pub_destroy (&s_tap.pub);
    unsetenv (RT_CURVE_DIR_ENV);
    if (*s_tap.curve_dir) {
        zdir_t *tree = zdir_new (s_tap.curve_dir, NULL);
        if (tree)
            zdir_remove (tree, true);
        zdir_destroy (&tree);
    }
    return 0;
}

//  Slow joiner: publish until rt-tap prints, then read up to the last message published.
static void
s_sync (void)
{
    json_t *line = NULL;
    for (int i = 0; i < 500 && !line; i++) {
        assert_int_equal (rt_pub_send (s_tap.pub, "t.sync", 1, NULL, "\x80", 1), 0);
        line = s_next_line (10);
    }
    assert_non_null (line);
    while ((uint64_t) json_integer_value (json_object_get (line, "seq"))
           != rt_pub_seq (s_tap.pub)) {
        json_decref (line);
        line = s_next_line (5000);
        assert_non_null (line);
    }
    json_decref (line);
}

static void
s_rich_body (msgpack_sbuffer *sbuf, int n)
{
    msgpack_sbuffer_clear (sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, sbuf, msgpack_sbuffer_write);
    assert_int_equal (msgpack_pack_map (&pk, 8), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "n", 1), 0);
    assert_int_equal (msgpack_pack_int (&pk, n), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "s", 1), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "AAPL", 4), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "i", 1), 0);
    assert_int_equal (msgpack_pack_int64 (&pk, -5), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "u", 1), 0);
    assert_int_equal (msgpack_pack_uint64 (&pk, UINT64_MAX), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "f", 1), 0);
    assert_int_equal (msgpack_pack_double (&pk, 1.5), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "b", 1), 0);
    assert_int_equal (msgpack_pack_bin_with_body (&pk, "\x01\x02\x03", 3), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "a", 1), 0);
    assert_int_equal (msgpack_pack_array (&pk, 3), 0);
    assert_int_equal (msgpack_pack_int (&pk, 1), 0);
    assert_int_equal (msgpack_pack_nil (&pk), 0);
    assert_int_equal (msgpack_pack_true (&pk), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "m", 1), 0);
    assert_int_equal (msgpack_pack_map (&pk, 1), 0);
    assert_int_equal (msgpack_pack_int (&pk, 1), 0);
    assert_int_equal (msgpack_pack_str_with_body (&pk, "one", 3), 0);
}

static void
test_json_lines_gap_and_sigterm (void **state)
{
    s_spawn (rt_pub_endpoint (s_tap.pub), NULL, NULL);
    s_sync ();

    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    uint64_t first = rt_pub_seq (s_tap.pub) + 1;
    for (int n = 0; n < 3; n++) {
        s_rich_body (&sbuf, n);
        assert_int_equal (rt_pub_send (s_tap.pub, "md.quote.AAPL", 7, "c1", sbuf.data,
                                       sbuf.size), 0);
    }
    for (int n = 0; n < 3; n++) {
        json_t *line = s_next_line (5000);
        assert_non_null (line);
        assert_string_equal (json_string_value (json_object_get (line, "topic")),
                             "md.quote.AAPL");
        assert_string_equal (json_string_value (json_object_get (line, "src")), "gateway");
        assert_int_equal (json_integer_value (json_object_get (line, "seq")), first + n);
        assert_int_equal (json_integer_value (json_object_get (line, "type")), 7);
        assert_string_equal (json_string_value (json_object_get (line, "cid")), "c1");
        assert_true (json_integer_value (json_object_get (line, "ts")) > 0);
        json_t *body = json_object_get (line, "body");
        assert_true (json_is_object (body));
        assert_int_equal (json_integer_value (json_object_get (body, "n")), n);
        assert_string_equal (json_string_value (json_object_get (body, "s")), "AAPL");
        assert_int_equal (json_integer_value (json_object_get (body, "i")), -5);
        assert_string_equal (json_string_value (json_object_get (body, "u")),
                             "18446744073709551615");
        assert_true (json_real_value (json_object_get (body, "f")) == 1.5);
        assert_string_equal (json_string_value (json_object_get (body, "b")), "AQID");
        json_t *a = json_object_get (body, "a");
        assert_int_equal (json_array_size (a), 3);
        assert_true (json_is_null (json_array_get (a, 1)));
        assert_true (json_is_true (json_array_get (a, 2)));
        assert_string_equal (json_string_value (json_object_get (json_object_get (body, "m"),
                                                                 "1")), "one");
        json_decref (line);
    }

    //  Skip two numbers: a gap line, then the message.
    uint64_t last = rt_pub_seq (s_tap.pub);
    rt_pub_set_next_seq (s_tap.pub, last + 3);
    assert_int_equal (rt_pub_send (s_tap.pub, "gw.conn", 2, NULL, "\x80", 1), 0);
    json_t *line = s_next_line (5000);
    assert_non_null (line);
    json_t *gap = json_object_get (line, "gap");
    assert_true (json_is_object (gap));
    assert_string_equal (json_string_value (json_object_get (gap, "src")), "gateway");
    assert_int_equal (json_integer_value (json_object_get (gap, "expected")), last + 1);
    assert_int_equal (json_integer_value (json_object_get (gap, "got")), last + 3);
    json_decref (line);
    line = s_next_line (5000);
    assert_non_null (line);
    assert_string_equal (json_string_value (json_object_get (line, "topic")), "gw.conn");
    assert_int_equal (json_integer_value (json_object_get (line, "seq")), last + 3);
    assert_int_equal (json_object_size (json_object_get (line, "body")), 0);
    json_decref (line);

    assert_int_equal (rt_test_proc_signal (s_tap.proc, SIGTERM), 0);
    int status = s_wait_exit (5000);
    assert_int_equal (status, 0);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
test_count_limits_and_bad_usage (void **state)
{
    //  --count 2: exactly two lines, then exit 0 by itself.
    s_spawn (rt_pub_endpoint (s_tap.pub), "--count=2", NULL);
    json_t *line = NULL;
    for (int i = 0; i < 500 && !line; i++) {
        assert_int_equal (rt_pub_send (s_tap.pub, "t.sync", 1, NULL, "\x80", 1), 0);
        line = s_next_line (10);
    }
    assert_non_null (line);
    json_decref (line);
    for (int i = 0; i < 500 && rt_test_proc_running (s_tap.proc); i++) {
        assert_int_equal (rt_pub_send (s_tap.pub, "t.sync", 1, NULL, "\x80", 1), 0);
        int status = s_wait_exit (10);
        if (status != -1)
            assert_int_equal (status, 0);
    }
    assert_false (rt_test_proc_running (s_tap.proc));
    //  It has exited: the rest of its output is one more line, then EOF.
    size_t lines = 1;
    char text [RT_TEST_LINE_MAX];
    int rc;
    while ((rc = rt_test_lines_next (rt_test_proc_stdout (s_tap.proc), text, sizeof (text),
                                     5000)) == 0)
        lines++;
    assert_int_equal (rc, RT_ECLOSED);
    assert_int_equal (lines, 2);

    //  A bad argument: status 2, at once.
    s_spawn (rt_pub_endpoint (s_tap.pub), "--count=zero", NULL);
    int status = s_wait_exit (5000);
    assert_int_equal (status, 2);
}

//  With CURVE: rt-tap, allowed on gateway.pub, hears the gateway; the same binary with a
//  cert that is not allowed hears nothing.
static void
test_curve (void **state)
{
    char *dir = s_tap.curve_dir;
    snprintf (dir, sizeof (s_tap.curve_dir), "/tmp/rt-tap-curve-XXXXXX");
    assert_non_null (mkdtemp (dir));
    assert_int_equal (rt_curve_keygen (dir, "gateway"), 0);
    assert_int_equal (rt_curve_keygen (dir, "rt-tap"), 0);
    assert_int_equal (rt_curve_keygen (dir, "stranger"), 0);
    assert_int_equal (rt_curve_allow (dir, "gateway.pub", "rt-tap"), 0);
    assert_int_equal (setenv (RT_CURVE_DIR_ENV, dir, 1), 0);
    rt_pub_t *pub = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    assert_non_null (pub);
    rt_pub_destroy (&s_tap.pub);
    s_tap.pub = pub;

    s_spawn (rt_pub_endpoint (pub), "--server=gateway", NULL);
    s_sync ();
    assert_int_equal (rt_test_proc_signal (s_tap.proc, SIGTERM), 0);
    int status = s_wait_exit (5000);
    assert_int_equal (status, 0);

    s_spawn (rt_pub_endpoint (pub), "--server=gateway", "--cert=stranger");
    for (int i = 0; i < 30; i++) {
        assert_int_equal (rt_pub_send (pub, "t.sync", 1, NULL, "\x80", 1), 0);
        assert_null (s_next_line (10));
    }
    assert_int_equal (rt_test_proc_signal (s_tap.proc, SIGTERM), 0);
    status = s_wait_exit (5000);
    assert_int_equal (status, 0);

}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_json_lines_gap_and_sigterm, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_count_limits_and_bad_usage, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_curve, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
