/*  test_orders_journal.c - the journal: write, close, reopen, same state; a crash (a child
    that writes and _exit()s without closing) replayed from the WAL; the lock; intent checks
    naming the bad field; and the append rate at NORMAL and FULL (printed, not asserted).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <msgpack.h>

#include "orders_check.h"
#include "orders_journal.h"

typedef struct {
    char dir [256];
    char path [300];
} fixture_t;

static int
s_setup (void **state)
{
    fixture_t *f = calloc (1, sizeof *f);
    snprintf (f->dir, sizeof f->dir, "/tmp/test_orders_journal.XXXXXX");
    if (!mkdtemp (f->dir))
        return -1;
    snprintf (f->path, sizeof f->path, "%s/orders.db", f->dir);
    *state = f;
    return 0;
}

static int
s_teardown (void **state)
{
    fixture_t *f = (fixture_t *) *state;
    char cmd [400];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system (cmd) != 0)
        return -1;
    free (f);
    return 0;
}

static orders_order_t
s_order (const char *coid, double qty)
{
    orders_order_t o;
    memset (&o, 0, sizeof o);
    snprintf (o.intent.coid, sizeof o.intent.coid, "%s", coid);
    snprintf (o.intent.symbol, sizeof o.intent.symbol, "AAPL");
    snprintf (o.intent.account, sizeof o.intent.account, "DU1");
    o.intent.side = RT_SIDE_BUY;
    o.intent.qty = qty;
    o.intent.order_type = RT_ORD_TYPE_LMT;
    o.intent.limit_price = 101.5;
    o.intent.tif = RT_TIF_GTC;
    snprintf (o.intent.strategy, sizeof o.intent.strategy, "meanrev");
    o.state = RT_ORD_STATUS_NEW;
    o.created_ns = o.updated_ns = 1000;
    return o;
}

static rt_fill_t
s_fill (const char *exec, const char *coid, double qty, double price)
{
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    snprintf (f.exec_id, sizeof f.exec_id, "%s", exec);
    snprintf (f.coid, sizeof f.coid, "%s", coid);
    snprintf (f.symbol, sizeof f.symbol, "AAPL");
    snprintf (f.account, sizeof f.account, "DU1");
    f.side = RT_SIDE_BUY;
    f.qty = qty;
    f.price = price;
    f.ts_ns = 5;
    return f;
}

typedef struct {
    orders_order_t orders [16];
    size_t n_orders;
    rt_fill_t fills [16];
    size_t n_fills;
} s_replayed_t;

static int
s_on_order (const orders_order_t *o, void *arg)
{
    s_replayed_t *r = (s_replayed_t *) arg;
    if (r->n_orders < 16)
        r->orders [r->n_orders++] = *o;
    return 0;
}

static int
s_on_fill (const rt_fill_t *f, void *arg)
{
    s_replayed_t *r = (s_replayed_t *) arg;
    if (r->n_fills < 16)
        r->fills [r->n_fills++] = *f;
    return 0;
}

//  Writes a short life: A NEW -> PENDING_SUBMIT -> SUBMITTED -> PARTIALLY_FILLED, B NEW ->
//  REJECTED, one fill then its commission.
static void
s_write_sequence (orders_journal_t *j)
{
    orders_order_t a = s_order ("A-1", 100), b = s_order ("B-1", 5000);
    assert_int_equal (orders_journal_insert (j, &a, "intent"), 0);
    assert_int_equal (orders_journal_insert (j, &b, "intent"), 0);
    a.state = RT_ORD_STATUS_PENDING_SUBMIT;
    assert_int_equal (orders_journal_update (j, &a, RT_ORD_STATUS_NEW, "risk accepted"), 0);
    a.state = RT_ORD_STATUS_SUBMITTED;
    a.order_id = 7;
    a.perm_id = 99001;
    a.acked = true;
    assert_int_equal (orders_journal_update (j, &a, RT_ORD_STATUS_PENDING_SUBMIT, "gateway"), 0);
    a.state = RT_ORD_STATUS_PARTIALLY_FILLED;
    a.filled = 40;
    a.avg_price = 101.25;
    assert_int_equal (orders_journal_update (j, &a, RT_ORD_STATUS_SUBMITTED, "gateway"), 0);
    b.state = RT_ORD_STATUS_REJECTED;
    snprintf (b.code, sizeof b.code, "MAX_QTY");
    snprintf (b.reason, sizeof b.reason, "order quantity 5000 exceeds the limit of 1000");
    assert_int_equal (orders_journal_update (j, &b, RT_ORD_STATUS_NEW, "risk rejected"), 0);
    rt_fill_t f = s_fill ("0001.01", "A-1", 40, 101.25);
    assert_int_equal (orders_journal_fill (j, &f), 0);
    f.has_commission = true;
    f.commission = 1.0;
    assert_int_equal (orders_journal_fill (j, &f), 0);
    f.commission = 7.0;             //  a second commission copy changes nothing
    assert_int_equal (orders_journal_fill (j, &f), 0);
}

static void
s_check_sequence (const s_replayed_t *r)
{
    assert_int_equal (r->n_orders, 2);
    const orders_order_t *a = &r->orders [0], *b = &r->orders [1];
    assert_string_equal (a->intent.coid, "A-1");
    assert_int_equal (a->state, RT_ORD_STATUS_PARTIALLY_FILLED);
    assert_int_equal (a->order_id, 7);
    assert_int_equal (a->perm_id, 99001);
    assert_true (a->acked);
    assert_float_equal (a->filled, 40, 1e-9);
    assert_float_equal (a->avg_price, 101.25, 1e-9);
    assert_int_equal (a->intent.side, RT_SIDE_BUY);
    assert_int_equal (a->intent.order_type, RT_ORD_TYPE_LMT);
    assert_int_equal (a->intent.tif, RT_TIF_GTC);
    assert_float_equal (a->intent.limit_price, 101.5, 1e-9);
    assert_string_equal (a->intent.strategy, "meanrev");
    assert_string_equal (b->intent.coid, "B-1");
    assert_int_equal (b->state, RT_ORD_STATUS_REJECTED);
    assert_string_equal (b->code, "MAX_QTY");
    assert_int_equal (r->n_fills, 1);
    assert_string_equal (r->fills [0].exec_id, "0001.01");
    assert_true (r->fills [0].has_commission);
    assert_float_equal (r->fills [0].commission, 1.0, 1e-9);
    assert_float_equal (r->fills [0].qty, 40, 1e-9);
}

static void
test_replay_after_close (void **state)
{
    fixture_t *f = (fixture_t *) *state;
    char err [256] = "";
    orders_journal_t *j = orders_journal_open (f->path, ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_non_null (j);
    s_write_sequence (j);
    assert_int_equal (orders_journal_events (j, "A-1"), 4);
    assert_int_equal (orders_journal_events (j, "B-1"), 2);
    //  A coid journalled twice is refused; an update of an unknown coid too.
    orders_order_t dup = s_order ("A-1", 1);
    assert_int_equal (orders_journal_insert (j, &dup, "intent"), RT_EINVAL);
    orders_order_t ghost = s_order ("nobody", 1);
    assert_int_equal (orders_journal_update (j, &ghost, RT_ORD_STATUS_NEW, "x"), RT_EINVAL);
    assert_int_equal (orders_journal_events (j, "A-1"), 4);
    orders_journal_destroy (&j);
    assert_null (j);

    j = orders_journal_open (f->path, ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_non_null (j);
    s_replayed_t r;
    memset (&r, 0, sizeof r);
    assert_int_equal (orders_journal_replay (j, s_on_order, s_on_fill, &r), 0);
    s_check_sequence (&r);
    orders_journal_destroy (&j);
}

static void
test_replay_after_crash (void **state)
{
    fixture_t *f = (fixture_t *) *state;
    pid_t pid = fork ();
    assert_true (pid >= 0);
    if (pid == 0) {
        char err [256];
        orders_journal_t *j = orders_journal_open (f->path, ORDERS_SYNC_NORMAL, err, sizeof err);
        if (!j)
            _exit (3);
        s_write_sequence (j);
        _exit (0);                  //  no close, no checkpoint: what kill -9 leaves behind
    }
    int status = 0;
    assert_int_equal (waitpid (pid, &status, 0), pid);
    assert_true (WIFEXITED (status));
    assert_int_equal (WEXITSTATUS (status), 0);
    char wal [320];
    snprintf (wal, sizeof wal, "%s-wal", f->path);
    assert_int_equal (access (wal, F_OK), 0);       //  the changes live in the WAL only

    char err [256] = "";
    orders_journal_t *j = orders_journal_open (f->path, ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_non_null (j);
    s_replayed_t r;
    memset (&r, 0, sizeof r);
    assert_int_equal (orders_journal_replay (j, s_on_order, s_on_fill, &r), 0);
    s_check_sequence (&r);
    orders_journal_destroy (&j);
}

static void
test_lock_and_bad_files (void **state)
{
    fixture_t *f = (fixture_t *) *state;
    char err [256] = "";
    orders_journal_t *j = orders_journal_open (f->path, ORDERS_SYNC_FULL, err, sizeof err);
    assert_non_null (j);
    //  A second journal on the same file is refused while the first is open (flock is
    //  per open file description, so this holds within one process too).
    orders_journal_t *j2 = orders_journal_open (f->path, ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_null (j2);
    assert_non_null (strstr (err, "locked"));
    orders_journal_destroy (&j);

    char junk [320];
    snprintf (junk, sizeof junk, "%s/junk.db", f->dir);
    FILE *fp = fopen (junk, "w");
    assert_non_null (fp);
    fputs ("this is not an SQLite database, just text long enough to have a header......"
           "...............................................................", fp);
    fclose (fp);
    err [0] = 0;
    j = orders_journal_open (junk, ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_null (j);
    assert_true (strlen (err) > 0);
    j = orders_journal_open ("/nonexistent-dir/orders.db", ORDERS_SYNC_NORMAL, err, sizeof err);
    assert_null (j);
}

static double
s_now_s (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
s_rate (const char *path, orders_sync_t sync, int n)
{
    char err [256] = "";
    orders_journal_t *j = orders_journal_open (path, sync, err, sizeof err);
    assert_non_null (j);
    double t0 = s_now_s ();
    for (int i = 0; i < n; i++) {
        char coid [32];
        snprintf (coid, sizeof coid, "bench-%d-%d", (int) sync, i);
        orders_order_t o = s_order (coid, 1);
        assert_int_equal (orders_journal_insert (j, &o, "intent"), 0);
        o.state = RT_ORD_STATUS_PENDING_SUBMIT;
        assert_int_equal (orders_journal_update (j, &o, RT_ORD_STATUS_NEW, "risk accepted"), 0);
    }
    double dt = s_now_s () - t0;
    orders_journal_destroy (&j);
    return 2.0 * n / dt;
}

static void
test_append_rate (void **state)
{
    fixture_t *f = (fixture_t *) *state;
    //  Figures for the README, not assertions: timing depends on the machine and the disk.
    double normal = s_rate (f->path, ORDERS_SYNC_NORMAL, 2000);
    double full = s_rate (f->path, ORDERS_SYNC_FULL, 300);
    printf ("journal appends (one transaction per state change): NORMAL %.0f/s, FULL %.0f/s\n",
            normal, full);
    assert_true (normal > 0 && full > 0);
}

//  ---------------------------------------------------------------------------------------
//  Intent checks

static size_t
s_pack_intent (msgpack_sbuffer *sb, const char *drop, const char *bad_key)
{
    msgpack_packer pk;
    msgpack_packer_init (&pk, sb, msgpack_sbuffer_write);
    const char *keys [] = { "co", "s", "sd", "q", "ot", "lp" };
    size_t n = 0;
    for (size_t i = 0; i < 6; i++)
        n += !(drop && strcmp (drop, keys [i]) == 0);
    msgpack_pack_map (&pk, n);
    for (size_t i = 0; i < 6; i++) {
        const char *k = keys [i];
        if (drop && strcmp (drop, k) == 0)
            continue;
        msgpack_pack_str_with_body (&pk, k, strlen (k));
        if (bad_key && strcmp (bad_key, k) == 0) {
            msgpack_pack_array (&pk, 0);            //  the wrong msgpack type
            continue;
        }
        const char *sv = strcmp (k, "co") == 0? "c-1": strcmp (k, "s") == 0? "AAPL":
                         strcmp (k, "sd") == 0? "BUY": strcmp (k, "ot") == 0? "LMT": NULL;
        if (sv)
            msgpack_pack_str_with_body (&pk, sv, strlen (sv));
        else
            msgpack_pack_double (&pk, strcmp (k, "q") == 0? 10: 99.5);
    }
    return sb->size;
}

static void
test_checks_name_the_field (void **state)
{
    (void) state;
    rt_order_intent_t in;
    char why [RT_TEXT_MAX];
    msgpack_sbuffer sb;
    msgpack_sbuffer_init (&sb);
    s_pack_intent (&sb, NULL, NULL);
    assert_int_equal (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, sb.data, sb.size, why,
                                           sizeof why), 0);
    assert_true (orders_check_intent (&in, why, sizeof why));

    msgpack_sbuffer_clear (&sb);
    s_pack_intent (&sb, "s", NULL);
    assert_true (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, sb.data, sb.size, why,
                                      sizeof why) < 0);
    assert_string_equal (why, "bad field symbol: missing or empty");

    msgpack_sbuffer_clear (&sb);
    s_pack_intent (&sb, NULL, "q");
    assert_true (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, sb.data, sb.size, why,
                                      sizeof why) < 0);
    assert_non_null (strstr (why, "bad field qty"));

    msgpack_sbuffer_clear (&sb);
    s_pack_intent (&sb, NULL, "lp");
    assert_true (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, sb.data, sb.size, why,
                                      sizeof why) < 0);
    assert_non_null (strstr (why, "bad field limit_price"));

    assert_true (orders_check_decode (RT_TYPE_ORDER_INTENT, &in, "\xc1garbage", 8, why,
                                      sizeof why) < 0);
    assert_non_null (strstr (why, "bad message"));
    msgpack_sbuffer_destroy (&sb);

    memset (&in, 0, sizeof in);
    snprintf (in.coid, sizeof in.coid, "ok-1");
    snprintf (in.symbol, sizeof in.symbol, "AAPL");
    in.side = RT_SIDE_SELL;
    in.qty = 10;
    in.order_type = RT_ORD_TYPE_MKT;
    assert_true (orders_check_intent (&in, why, sizeof why));
    in.qty = -1;
    assert_false (orders_check_intent (&in, why, sizeof why));
    assert_non_null (strstr (why, "bad field qty"));
    in.qty = 10;
    in.limit_price = 5;
    assert_false (orders_check_intent (&in, why, sizeof why));
    assert_non_null (strstr (why, "bad field limit_price"));
    in.limit_price = 0;
    in.order_type = RT_ORD_TYPE_STP;
    assert_false (orders_check_intent (&in, why, sizeof why));
    assert_non_null (strstr (why, "bad field stop_price"));
    in.order_type = RT_ORD_TYPE_MKT;
    snprintf (in.coid, sizeof in.coid, "has space");
    assert_false (orders_check_intent (&in, why, sizeof why));
    assert_non_null (strstr (why, "bad field coid"));
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_replay_after_close, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_replay_after_crash, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_lock_and_bad_files, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_append_rate, s_setup, s_teardown),
        cmocka_unit_test (test_checks_name_the_field),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
