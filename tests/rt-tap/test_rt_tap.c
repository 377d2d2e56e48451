/*  test_rt_tap.c - the rt-tap binary as a subprocess: --json lines for real messages on a
    free loopback port (topic, src, seq, body decoded generically), a gap line when a
    sequence number is skipped, exit 0 on SIGTERM. The child never outlives the test.
*/
#include "rt_bus.h"
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

extern char **environ;

typedef struct {
    pid_t pid;
    int fd;                         //  read end of the child's stdout
    char buf [65536];
    size_t len;
    rt_pub_t *pub;
    char curve_dir [64];            //  removed by the teardown when set
} s_tap_t;

static s_tap_t s_tap;

static void
s_spawn (const char *endpoint, const char *extra, const char *extra2)
{
    const char *bin_dir = getenv ("RT_BIN_DIR");
    assert_non_null (bin_dir);
    char path [512];
    snprintf (path, sizeof (path), "%s/rt-tap", bin_dir);
    assert_int_equal (access (path, X_OK), 0);
    int fds [2];
    assert_int_equal (pipe (fds), 0);
    posix_spawn_file_actions_t actions;
    assert_int_equal (posix_spawn_file_actions_init (&actions), 0);
    assert_int_equal (posix_spawn_file_actions_adddup2 (&actions, fds [1], 1), 0);
    assert_int_equal (posix_spawn_file_actions_addclose (&actions, fds [0]), 0);
    assert_int_equal (posix_spawn_file_actions_addclose (&actions, fds [1]), 0);
    char *argv [] = { path, "--json", "--endpoint", (char *) endpoint, (char *) extra,
                     (char *) extra2, NULL };
    assert_int_equal (posix_spawn (&s_tap.pid, path, &actions, NULL, argv, environ), 0);
    assert_int_equal (posix_spawn_file_actions_destroy (&actions), 0);
    assert_int_equal (close (fds [1]), 0);
    s_tap.fd = fds [0];
    s_tap.len = 0;
}

//  The next line of rt-tap's output as parsed JSON, or NULL when none came in timeout_ms.
static json_t *
s_next_line (int timeout_ms)
{
    uint64_t deadline = zclock_mono () + timeout_ms;
    while (true) {
        char *nl = memchr (s_tap.buf, '\n', s_tap.len);
        if (nl) {
            *nl = 0;
            json_error_t error;
            json_t *line = json_loads (s_tap.buf, 0, &error);
            if (!line)
                fail_msg ("rt-tap printed a line that is not JSON: %s (%s)", s_tap.buf,
                          error.text);
            size_t used = (size_t) (nl - s_tap.buf) + 1;
            memmove (s_tap.buf, nl + 1, s_tap.len - used);
            s_tap.len -= used;
            return line;
        }
        int64_t left = (int64_t) deadline - zclock_mono ();
        if (left <= 0)
            return NULL;
        struct pollfd pfd = { .fd = s_tap.fd, .events = POLLIN };
        int rc = poll (&pfd, 1, (int) left);
        if (rc < 0 && errno == EINTR)
            continue;
        assert_true (rc >= 0);
        if (rc == 0)
            return NULL;
        assert_true (s_tap.len < sizeof (s_tap.buf) - 1);
        ssize_t got = read (s_tap.fd, s_tap.buf + s_tap.len, sizeof (s_tap.buf) - 1 - s_tap.len);
        assert_true (got > 0);      //  EOF would mean rt-tap died
        s_tap.len += (size_t) got;
    }
}

//  Waits for the child to exit; its status, or -1 if it is still running after timeout.
static int
s_wait_exit (int timeout_ms)
{
    uint64_t deadline = zclock_mono () + timeout_ms;
    while (zclock_mono () < (int64_t) deadline) {
        int status;
        pid_t rc = waitpid (s_tap.pid, &status, WNOHANG);
        if (rc == s_tap.pid) {
            s_tap.pid = 0;
            return status;
        }
        assert_true (rc == 0);
        zclock_sleep (10);
    }
    return -1;
}

static int
s_setup (void **state)
{
    memset (&s_tap, 0, sizeof (s_tap));
    s_tap.fd = -1;
    unsetenv (RT_CURVE_DIR_ENV);
    s_tap.pub = rt_pub_new ("tcp://127.0.0.1:*", "gateway");
    return s_tap.pub ? 0 : -1;
}

static int
s_teardown (void **state)
{
    if (s_tap.pid > 0) {
        kill (s_tap.pid, SIGKILL);
        waitpid (s_tap.pid, NULL, 0);
        s_tap.pid = 0;
    }
    if (s_tap.fd >= 0)
        close (s_tap.fd);
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

    assert_int_equal (kill (s_tap.pid, SIGTERM), 0);
    int status = s_wait_exit (5000);
    assert_true (status != -1);
    assert_true (WIFEXITED (status));
    assert_int_equal (WEXITSTATUS (status), 0);
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
    for (int i = 0; i < 500 && s_tap.pid; i++) {
        assert_int_equal (rt_pub_send (s_tap.pub, "t.sync", 1, NULL, "\x80", 1), 0);
        int status = s_wait_exit (10);
        if (status != -1) {
            assert_true (WIFEXITED (status));
            assert_int_equal (WEXITSTATUS (status), 0);
        }
    }
    assert_int_equal (s_tap.pid, 0);
    //  It has exited: the rest of its output is one more line, then EOF.
    size_t lines = 1;
    while (true) {
        for (size_t i = 0; i < s_tap.len; i++)
            lines += s_tap.buf [i] == '\n';
        s_tap.len = 0;
        ssize_t got = read (s_tap.fd, s_tap.buf, sizeof (s_tap.buf));
        assert_true (got >= 0);
        if (got == 0)
            break;
        s_tap.len = (size_t) got;
    }
    assert_int_equal (lines, 2);
    close (s_tap.fd);
    s_tap.fd = -1;

    //  A bad argument: status 2, at once.
    s_spawn (rt_pub_endpoint (s_tap.pub), "--count=zero", NULL);
    int status = s_wait_exit (5000);
    assert_true (WIFEXITED (status));
    assert_int_equal (WEXITSTATUS (status), 2);
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
    assert_int_equal (kill (s_tap.pid, SIGTERM), 0);
    int status = s_wait_exit (5000);
    assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    close (s_tap.fd);

    s_spawn (rt_pub_endpoint (pub), "--server=gateway", "--cert=stranger");
    for (int i = 0; i < 30; i++) {
        assert_int_equal (rt_pub_send (pub, "t.sync", 1, NULL, "\x80", 1), 0);
        assert_null (s_next_line (10));
    }
    assert_int_equal (kill (s_tap.pid, SIGTERM), 0);
    status = s_wait_exit (5000);
    assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

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
