/*  gw_orderid_test.c - persisted order id high-water mark: blocks, crash, lower nextValidId,
    corrupt file. Each test works in its own mkdtemp directory under TMPDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw_orderid.h"

typedef struct {
    char dir [256];
    char path [300];
} s_fixture_t;

static int
s_setup (void **state)
{
    s_fixture_t *fx = calloc (1, sizeof *fx);
    if (!fx)
        return -1;
    const char *tmp = getenv ("TMPDIR");
    snprintf (fx->dir, sizeof fx->dir, "%s/gw_orderid_XXXXXX", tmp && *tmp? tmp: "/tmp");
    if (!mkdtemp (fx->dir)) {
        free (fx);
        return -1;
    }
    snprintf (fx->path, sizeof fx->path, "%s/%s", fx->dir, GW_ORDERID_FILE);
    *state = fx;
    return 0;
}

static int
s_teardown (void **state)
{
    s_fixture_t *fx = *state;
    char tmp [320];
    snprintf (tmp, sizeof tmp, "%s.tmp", fx->path);
    unlink (fx->path);      //  either may be absent
    unlink (tmp);
    rmdir (fx->dir);
    free (fx);
    return 0;
}

static void
s_write_file (const char *path, const char *text, size_t len)
{
    FILE *file = fopen (path, "wb");
    assert_non_null (file);
    assert_int_equal (fwrite (text, 1, len, file), len);
    assert_int_equal (fclose (file), 0);
}

static size_t
s_read_file (const char *path, char *buf, size_t cap)
{
    FILE *file = fopen (path, "rb");
    assert_non_null (file);
    size_t len = fread (buf, 1, cap - 1, file);
    buf [len] = 0;
    assert_int_equal (fclose (file), 0);
    return len;
}

static gw_orderid_t *
s_open (const s_fixture_t *fx, int64_t block)
{
    gw_orderid_t *ids = NULL;
    char err [256] = "";
    int rc = gw_orderid_open (&ids, fx->dir, block, err, sizeof err);
    if (rc != 0)
        print_error ("open: %s\n", err);
    assert_int_equal (rc, 0);
    assert_non_null (ids);
    return ids;
}

static int64_t
s_take (gw_orderid_t *ids)
{
    int64_t id = -1;
    assert_int_equal (gw_orderid_take (ids, &id), 0);
    return id;
}

static void
test_first_run_and_blocks (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = s_open (fx, 10);
    assert_int_equal (gw_orderid_reserved (ids), 0);
    assert_int_equal (gw_orderid_peek (ids), 1);
    assert_int_equal (access (fx->path, F_OK), -1);     //  nothing written before a take
    assert_int_equal (gw_orderid_sync (ids, 1), 0);
    //  Ten ids from one reservation, one disk write
    for (int64_t expect = 1; expect <= 10; expect++)
        assert_int_equal (s_take (ids), expect);
    assert_int_equal (gw_orderid_writes (ids), 1);
    assert_int_equal (gw_orderid_reserved (ids), 10);
    char text [128];
    s_read_file (fx->path, text, sizeof text);
    assert_non_null (strstr (text, "rt-orderid v1 10 "));
    //  The eleventh reserves the next block first
    assert_int_equal (s_take (ids), 11);
    assert_int_equal (gw_orderid_writes (ids), 2);
    assert_int_equal (gw_orderid_reserved (ids), 20);
    gw_orderid_destroy (&ids);
    assert_null (ids);

    //  Clean restart: continue above the reservation, never inside it
    ids = s_open (fx, 10);
    assert_int_equal (gw_orderid_reserved (ids), 20);
    assert_int_equal (gw_orderid_peek (ids), 21);
    assert_int_equal (s_take (ids), 21);
    assert_int_equal (gw_orderid_reserved (ids), 30);
    gw_orderid_destroy (&ids);
}

static void
test_crash_never_reuses (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *first = s_open (fx, 1000);
    int64_t last = 0;
    for (int i = 0; i < 5; i++)
        last = s_take (first);
    assert_int_equal (last, 5);
    //  "Crash": a second process opens the same directory while the first was never closed
    gw_orderid_t *second = s_open (fx, 1000);
    assert_true (gw_orderid_peek (second) > last);
    assert_int_equal (gw_orderid_peek (second), 1001);
    //  IB says 3 (lower than anything we used): ignored
    assert_int_equal (gw_orderid_sync (second, 3), 0);
    assert_int_equal (s_take (second), 1001);
    gw_orderid_destroy (&first);

    //  Crash exactly at a block boundary: every id of the block used, next take writes
    gw_orderid_t *third = s_open (fx, 1000);
    assert_int_equal (gw_orderid_peek (third), 2001);
    gw_orderid_destroy (&third);
    gw_orderid_destroy (&second);
}

static void
test_next_valid_id (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = s_open (fx, 100);
    assert_int_equal (s_take (ids), 1);
    //  A higher nextValidId moves us up, and the reservation follows it
    assert_int_equal (gw_orderid_sync (ids, 5000), 0);
    assert_int_equal (s_take (ids), 5000);
    assert_int_equal (gw_orderid_reserved (ids), 5099);
    //  A lower one afterwards changes nothing
    assert_int_equal (gw_orderid_sync (ids, 10), 0);
    assert_int_equal (s_take (ids), 5001);
    assert_int_equal (gw_orderid_sync (ids, -1), RT_ERANGE);
    assert_int_equal (gw_orderid_sync (ids, (int64_t) GW_ORDERID_MAX + 1), RT_ERANGE);
    gw_orderid_destroy (&ids);

    ids = s_open (fx, 100);
    assert_int_equal (gw_orderid_sync (ids, 7), 0);     //  IB restarted its counter
    assert_int_equal (s_take (ids), 5100);
    gw_orderid_destroy (&ids);
}

static void
test_id_space_end (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = s_open (fx, 1000);
    assert_int_equal (gw_orderid_sync (ids, GW_ORDERID_MAX - 1), 0);
    assert_int_equal (s_take (ids), GW_ORDERID_MAX - 1);
    assert_int_equal (gw_orderid_reserved (ids), GW_ORDERID_MAX);   //  capped
    assert_int_equal (s_take (ids), GW_ORDERID_MAX);
    int64_t id = 0;
    assert_int_equal (gw_orderid_take (ids, &id), RT_ERANGE);
    gw_orderid_destroy (&ids);
}

static void
s_expect_corrupt (const s_fixture_t *fx, const char *text, size_t len)
{
    s_write_file (fx->path, text, len);
    gw_orderid_t *ids = NULL;
    char err [256] = "";
    assert_int_equal (gw_orderid_open (&ids, fx->dir, 1000, err, sizeof err), RT_ETYPE);
    assert_null (ids);
    assert_non_null (strstr (err, "corrupt"));
    assert_non_null (strstr (err, GW_ORDERID_FILE));
}

static void
test_corrupt_file_refused (void **state)
{
    s_fixture_t *fx = *state;
    //  Make a valid file first and keep its text
    gw_orderid_t *ids = s_open (fx, 1000);
    s_take (ids);
    gw_orderid_destroy (&ids);
    char good [128];
    size_t len = s_read_file (fx->path, good, sizeof good);
    assert_true (len > 20);

    s_expect_corrupt (fx, "", 0);
    s_expect_corrupt (fx, "garbage\n", 8);
    s_expect_corrupt (fx, good, len - 1);              //  truncated
    char bad [128];
    memcpy (bad, good, len);
    bad [14] = bad [14] == '9'? '8': '9';              //  first digit of the value
    s_expect_corrupt (fx, bad, len);                   //  checksum mismatch
    memcpy (bad, good, len);
    bad [len] = 'x';
    s_expect_corrupt (fx, bad, len + 1);               //  trailing bytes
    s_expect_corrupt (fx, "rt-orderid v1 99999999999 0000000000000000\n", 43);
    char big [512];
    memset (big, '7', sizeof big);
    s_expect_corrupt (fx, big, sizeof big);             //  longer than any valid file

    //  The good text still opens
    s_write_file (fx->path, good, len);
    ids = s_open (fx, 1000);
    assert_int_equal (gw_orderid_peek (ids), 1001);
    gw_orderid_destroy (&ids);
}

static void
test_stale_temp_file_ignored (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = s_open (fx, 50);
    s_take (ids);
    gw_orderid_destroy (&ids);
    //  A crash between writing the temp file and the rename leaves it behind
    char tmp [320];
    snprintf (tmp, sizeof tmp, "%s.tmp", fx->path);
    s_write_file (tmp, "half-writ", 9);
    ids = s_open (fx, 50);
    assert_int_equal (gw_orderid_peek (ids), 51);
    assert_int_equal (s_take (ids), 51);               //  rewrites the temp file
    assert_int_equal (gw_orderid_reserved (ids), 100);
    gw_orderid_destroy (&ids);
}

static void
test_write_failure_hands_out_nothing (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = s_open (fx, 2);
    assert_int_equal (s_take (ids), 1);
    assert_int_equal (s_take (ids), 2);
    //  The directory disappears: the next reservation cannot be written
    assert_int_equal (unlink (fx->path), 0);
    assert_int_equal (rmdir (fx->dir), 0);
    int64_t id = -1;
    assert_int_equal (gw_orderid_take (ids, &id), RT_EIO);
    assert_int_equal (id, -1);
    assert_int_equal (gw_orderid_peek (ids), 3);
    assert_int_equal (gw_orderid_reserved (ids), 2);
    gw_orderid_destroy (&ids);
    assert_int_equal (mkdir (fx->dir, 0700), 0);       //  for the teardown
}

static void
test_bad_arguments (void **state)
{
    s_fixture_t *fx = *state;
    gw_orderid_t *ids = NULL;
    char err [256] = "";
    assert_int_equal (gw_orderid_open (&ids, fx->dir, 0, err, sizeof err), RT_EINVAL);
    assert_int_equal (gw_orderid_open (&ids, "", 10, err, sizeof err), RT_EINVAL);
    assert_int_equal (gw_orderid_open (&ids, NULL, 10, NULL, 0), RT_EINVAL);
    assert_null (ids);
    //  A directory where the file should be: cannot be read
    assert_int_equal (mkdir (fx->path, 0700), 0);
    assert_int_not_equal (gw_orderid_open (&ids, fx->dir, 10, err, sizeof err), 0);
    assert_null (ids);
    assert_int_equal (rmdir (fx->path), 0);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_first_run_and_blocks, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_crash_never_reuses, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_next_valid_id, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_id_space_end, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_corrupt_file_refused, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_stale_temp_file_ignored, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_write_failure_hands_out_nothing,
                                         s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_bad_arguments, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
