/*  orders_journal.c - SQLite write-ahead journal. Decisions in orders_journal.h.

    Statements are prepared once at open; each write is BEGIN .. COMMIT on those, so a
    state change costs one WAL append (and one fsync with FULL). Enums are stored as their
    wire strings so the journal reads well with the sqlite3 shell.
*/
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <sqlite3.h>

#include "orders_journal.h"
#include "rt_log.h"

#define S_SCHEMA_VERSION 1

static const char *s_schema =
    "CREATE TABLE IF NOT EXISTS orders ("
    " coid TEXT PRIMARY KEY, account TEXT, symbol TEXT NOT NULL, sec_type TEXT,"
    " exchange TEXT, currency TEXT, side TEXT, qty REAL, order_type TEXT,"
    " limit_price REAL, stop_price REAL, tif TEXT, strategy TEXT, intent_ts INTEGER,"
    " state TEXT NOT NULL, order_id INTEGER, perm_id INTEGER, filled REAL, avg_price REAL,"
    " code TEXT, reason TEXT, revivable INTEGER, acked INTEGER,"
    " created_ns INTEGER, updated_ns INTEGER);"
    "CREATE TABLE IF NOT EXISTS events ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, coid TEXT NOT NULL, ts_ns INTEGER,"
    " event TEXT, from_state TEXT, to_state TEXT, reason TEXT);"
    "CREATE INDEX IF NOT EXISTS events_coid ON events (coid);"
    "CREATE TABLE IF NOT EXISTS fills ("
    " exec_id TEXT PRIMARY KEY, coid TEXT, order_id INTEGER, perm_id INTEGER, account TEXT,"
    " symbol TEXT, side TEXT, qty REAL, price REAL, ts_ns INTEGER, exchange TEXT,"
    " has_commission INTEGER, commission REAL, commission_ccy TEXT);";

static const char *s_insert_order_sql =
    "INSERT INTO orders (coid, account, symbol, sec_type, exchange, currency, side, qty,"
    " order_type, limit_price, stop_price, tif, strategy, intent_ts, state, order_id, perm_id,"
    " filled, avg_price, code, reason, revivable, acked, created_ns, updated_ns)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,"
    "?23,?24,?25)";
static const char *s_update_order_sql =
    "UPDATE orders SET state=?2, order_id=?3, perm_id=?4, filled=?5, avg_price=?6, code=?7,"
    " reason=?8, revivable=?9, acked=?10, updated_ns=?11 WHERE coid=?1";
static const char *s_insert_event_sql =
    "INSERT INTO events (coid, ts_ns, event, from_state, to_state, reason)"
    " VALUES (?1,?2,?3,?4,?5,?6)";
static const char *s_upsert_fill_sql =
    "INSERT INTO fills (exec_id, coid, order_id, perm_id, account, symbol, side, qty, price,"
    " ts_ns, exchange, has_commission, commission, commission_ccy)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)"
    " ON CONFLICT (exec_id) DO UPDATE SET has_commission=1, commission=excluded.commission,"
    " commission_ccy=excluded.commission_ccy"
    " WHERE excluded.has_commission=1 AND fills.has_commission=0";
static const char *s_select_orders_sql =
    "SELECT coid, account, symbol, sec_type, exchange, currency, side, qty, order_type,"
    " limit_price, stop_price, tif, strategy, intent_ts, state, order_id, perm_id, filled,"
    " avg_price, code, reason, revivable, acked, created_ns, updated_ns"
    " FROM orders ORDER BY rowid";
static const char *s_select_fills_sql =
    "SELECT exec_id, coid, order_id, perm_id, account, symbol, side, qty, price, ts_ns,"
    " exchange, has_commission, commission, commission_ccy FROM fills ORDER BY rowid";

struct _orders_journal_t {
    sqlite3 *db;
    int lock_fd;
    sqlite3_stmt *begin, *commit, *rollback;
    sqlite3_stmt *insert_order, *update_order, *insert_event, *upsert_fill, *count_events;
    orders_journal_stats_t stats;
};

static int
s_prepare (orders_journal_t *self, const char *sql, sqlite3_stmt **stmt)
{
    int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);
    return rc == SQLITE_OK? 0: RT_EIO;
}

static int
s_lock (orders_journal_t *self, const char *path, char *err, size_t cap)
{
    char lock_path [4096];
    if (snprintf (lock_path, sizeof lock_path, "%s.lock", path) >= (int) sizeof lock_path) {
        snprintf (err, cap, "journal path too long: %s", path);
        return RT_ERANGE;
    }
    self->lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (self->lock_fd < 0) {
        snprintf (err, cap, "cannot open %s: %s", lock_path, strerror (errno));
        return RT_EIO;
    }
    if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        snprintf (err, cap, "%s is locked: another rt-orders uses this journal (%s)",
                  lock_path, strerror (errno));
        return RT_EIO;
    }
    return 0;
}

orders_journal_t *
orders_journal_open (const char *path, orders_sync_t sync, char *err, size_t cap)
{
    assert (path && (err || cap == 0));
    orders_journal_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, cap, "out of memory");
        return NULL;
    }
    self->lock_fd = -1;
    if (s_lock (self, path, err, cap))
        goto fail;
    int rc = sqlite3_open_v2 (path, &self->db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                              NULL);
    if (rc != SQLITE_OK) {
        snprintf (err, cap, "cannot open %s: %s", path,
                  self->db? sqlite3_errmsg (self->db): sqlite3_errstr (rc));
        goto fail;
    }
    sqlite3_busy_timeout (self->db, 1000);
    char pragmas [160];
    snprintf (pragmas, sizeof pragmas,
              "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=OFF;",
              sync == ORDERS_SYNC_FULL? "FULL": "NORMAL");
    char *emsg = NULL;
    if (sqlite3_exec (self->db, pragmas, NULL, NULL, &emsg) != SQLITE_OK)
        goto fail_exec;
    //  Refuses a journal written by a newer rt-orders rather than misread it.
    sqlite3_stmt *ver = NULL;
    int version = -1;
    if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &ver, NULL) == SQLITE_OK
    &&  sqlite3_step (ver) == SQLITE_ROW)
        version = sqlite3_column_int (ver, 0);
    sqlite3_finalize (ver);
    if (version < 0) {
        snprintf (err, cap, "%s is not a readable SQLite database: %s", path,
                  sqlite3_errmsg (self->db));
        goto fail;
    }
    if (version > S_SCHEMA_VERSION) {
        snprintf (err, cap, "%s has journal schema %d, this rt-orders knows %d", path,
                  version, S_SCHEMA_VERSION);
        goto fail;
    }
    if (sqlite3_exec (self->db, s_schema, NULL, NULL, &emsg) != SQLITE_OK
    ||  sqlite3_exec (self->db, "PRAGMA user_version=1", NULL, NULL, &emsg) != SQLITE_OK)
        goto fail_exec;
    if (s_prepare (self, "BEGIN", &self->begin)
    ||  s_prepare (self, "COMMIT", &self->commit)
    ||  s_prepare (self, "ROLLBACK", &self->rollback)
    ||  s_prepare (self, s_insert_order_sql, &self->insert_order)
    ||  s_prepare (self, s_update_order_sql, &self->update_order)
    ||  s_prepare (self, s_insert_event_sql, &self->insert_event)
    ||  s_prepare (self, s_upsert_fill_sql, &self->upsert_fill)
    ||  s_prepare (self, "SELECT count(*) FROM events WHERE coid=?1", &self->count_events)) {
        snprintf (err, cap, "cannot prepare the journal statements: %s",
                  sqlite3_errmsg (self->db));
        goto fail;
    }
    return self;
fail_exec:
    snprintf (err, cap, "cannot set up %s: %s", path, emsg? emsg: "unknown error");
    sqlite3_free (emsg);
fail:
    orders_journal_destroy (&self);
    return NULL;
}

void
orders_journal_destroy (orders_journal_t **self_p)
{
    assert (self_p);
    orders_journal_t *self = *self_p;
    if (!self)
        return;
    sqlite3_stmt *stmts [] = { self->begin, self->commit, self->rollback, self->insert_order,
                               self->update_order, self->insert_event, self->upsert_fill,
                               self->count_events };
    for (size_t i = 0; i < sizeof stmts / sizeof stmts [0]; i++)
        sqlite3_finalize (stmts [i]);
    if (self->db && sqlite3_close (self->db) != SQLITE_OK)
        rt_log_error ("orders journal: close: %s", sqlite3_errmsg (self->db));
    if (self->lock_fd >= 0)
        close (self->lock_fd);          //  releases the flock
    free (self);
    *self_p = NULL;
}

//  Runs a statement that returns no rows, then resets it for the next use.
static int
s_run (orders_journal_t *self, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    int ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok)
        rt_log_error ("orders journal: %s", sqlite3_errmsg (self->db));
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return ok? 0: RT_EIO;
}

static int
s_begin (orders_journal_t *self)
{
    return s_run (self, self->begin);
}

//  A write's outcome, counted: rc.
static int
s_tally (orders_journal_t *self, int rc)
{
    if (rc)
        self->stats.failures++;
    else
        self->stats.commits++;
    return rc;
}

static int
s_end (orders_journal_t *self, int rc)
{
    if (rc == 0)
        rc = s_run (self, self->commit);
    if (rc && sqlite3_get_autocommit (self->db) == 0)
        s_run (self, self->rollback);
    return s_tally (self, rc);
}

static void
s_text (sqlite3_stmt *s, int i, const char *text)
{
    sqlite3_bind_text (s, i, text, -1, SQLITE_STATIC);
}

static int
s_event (orders_journal_t *self, const orders_order_t *o, const char *event,
         rt_ord_status_t from)
{
    sqlite3_stmt *s = self->insert_event;
    s_text (s, 1, o->intent.coid);
    sqlite3_bind_int64 (s, 2, (sqlite3_int64) o->updated_ns);
    s_text (s, 3, event? event: "");
    s_text (s, 4, rt_ord_status_str (from));
    s_text (s, 5, rt_ord_status_str (o->state));
    s_text (s, 6, o->reason);
    return s_run (self, s);
}

int
orders_journal_insert (orders_journal_t *self, const orders_order_t *o, const char *event)
{
    assert (self && o);
    const rt_order_intent_t *in = &o->intent;
    sqlite3_stmt *s = self->insert_order;
    s_text (s, 1, in->coid);
    s_text (s, 2, in->account);
    s_text (s, 3, in->symbol);
    s_text (s, 4, in->sec_type);
    s_text (s, 5, in->exchange);
    s_text (s, 6, in->currency);
    s_text (s, 7, rt_side_str (in->side));
    sqlite3_bind_double (s, 8, in->qty);
    s_text (s, 9, rt_ord_type_str (in->order_type));
    sqlite3_bind_double (s, 10, in->limit_price);
    sqlite3_bind_double (s, 11, in->stop_price);
    s_text (s, 12, rt_tif_str (in->tif));
    s_text (s, 13, in->strategy);
    sqlite3_bind_int64 (s, 14, (sqlite3_int64) in->ts_ns);
    s_text (s, 15, rt_ord_status_str (o->state));
    sqlite3_bind_int64 (s, 16, o->order_id);
    sqlite3_bind_int64 (s, 17, o->perm_id);
    sqlite3_bind_double (s, 18, o->filled);
    sqlite3_bind_double (s, 19, o->avg_price);
    s_text (s, 20, o->code);
    s_text (s, 21, o->reason);
    sqlite3_bind_int (s, 22, o->revivable);
    sqlite3_bind_int (s, 23, o->acked);
    sqlite3_bind_int64 (s, 24, (sqlite3_int64) o->created_ns);
    sqlite3_bind_int64 (s, 25, (sqlite3_int64) o->updated_ns);
    int rc = s_begin (self);
    if (rc)
        return s_end (self, rc);
    rc = sqlite3_step (s) == SQLITE_DONE? 0: RT_EINVAL;
    if (rc)
        rt_log_warn ("orders journal: insert %s: %s", in->coid, sqlite3_errmsg (self->db));
    sqlite3_reset (s);
    sqlite3_clear_bindings (s);
    if (rc == 0)
        rc = s_event (self, o, event? event: "intent", RT_ORD_STATUS_NONE);
    return s_end (self, rc);
}

int
orders_journal_update (orders_journal_t *self, const orders_order_t *o, rt_ord_status_t from,
                       const char *event)
{
    assert (self && o);
    sqlite3_stmt *s = self->update_order;
    s_text (s, 1, o->intent.coid);
    s_text (s, 2, rt_ord_status_str (o->state));
    sqlite3_bind_int64 (s, 3, o->order_id);
    sqlite3_bind_int64 (s, 4, o->perm_id);
    sqlite3_bind_double (s, 5, o->filled);
    sqlite3_bind_double (s, 6, o->avg_price);
    s_text (s, 7, o->code);
    s_text (s, 8, o->reason);
    sqlite3_bind_int (s, 9, o->revivable);
    sqlite3_bind_int (s, 10, o->acked);
    sqlite3_bind_int64 (s, 11, (sqlite3_int64) o->updated_ns);
    int rc = s_begin (self);
    if (rc)
        return s_end (self, rc);
    rc = s_run (self, s);
    if (rc == 0 && sqlite3_changes (self->db) != 1)
        rc = RT_EINVAL;
    if (rc == 0)
        rc = s_event (self, o, event, from);
    return s_end (self, rc);
}

int
orders_journal_fill (orders_journal_t *self, const rt_fill_t *f)
{
    assert (self && f);
    sqlite3_stmt *s = self->upsert_fill;
    s_text (s, 1, f->exec_id);
    s_text (s, 2, f->coid);
    sqlite3_bind_int64 (s, 3, f->order_id);
    sqlite3_bind_int64 (s, 4, f->perm_id);
    s_text (s, 5, f->account);
    s_text (s, 6, f->symbol);
    s_text (s, 7, rt_side_str (f->side));
    sqlite3_bind_double (s, 8, f->qty);
    sqlite3_bind_double (s, 9, f->price);
    sqlite3_bind_int64 (s, 10, (sqlite3_int64) f->ts_ns);
    s_text (s, 11, f->exchange);
    sqlite3_bind_int (s, 12, f->has_commission);
    sqlite3_bind_double (s, 13, f->commission);
    s_text (s, 14, f->commission_ccy);
    //  One statement is its own transaction: no BEGIN/COMMIT round needed.
    return s_tally (self, s_run (self, s));
}

//  Column helpers for replay: copy bounded, parse enums by their wire strings.
static void
s_col_text (sqlite3_stmt *s, int i, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text (s, i);
    snprintf (dst, cap, "%s", t? (const char *) t: "");
}

static unsigned
s_col_enum (sqlite3_stmt *s, int i, const rt_enum_info_t *info)
{
    const unsigned char *t = sqlite3_column_text (s, i);
    unsigned v = 0;
    if (t && rt_enum_parse (info, (const char *) t, strlen ((const char *) t), &v) != 0)
        v = 0;
    return v;
}

//  The caller's replay callbacks, handed to every row.
typedef struct {
    orders_journal_order_fn *on_order;
    orders_journal_fill_fn *on_fill;
    void *arg;
} s_replay_t;

typedef int (s_row_fn) (sqlite3_stmt *s, const s_replay_t *r);

//  Runs a query and hands each row to row_fn, stopping at the first non-zero code (its
//  result); RT_EIO when the query fails.
static int
s_each_row (orders_journal_t *self, const char *sql, s_row_fn *row_fn, const s_replay_t *r)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL) != SQLITE_OK)
        return RT_EIO;
    int rc = 0, step;
    while ((step = sqlite3_step (s)) == SQLITE_ROW)
        if ((rc = row_fn (s, r)) != 0)
            break;
    if (rc == 0 && step != SQLITE_DONE)
        rc = RT_EIO;
    sqlite3_finalize (s);
    return rc;
}

static int
s_order_row (sqlite3_stmt *s, const s_replay_t *r)
{
    orders_order_t o;
    memset (&o, 0, sizeof o);
    rt_order_intent_t *in = &o.intent;
    s_col_text (s, 0, in->coid, sizeof in->coid);
    s_col_text (s, 1, in->account, sizeof in->account);
    s_col_text (s, 2, in->symbol, sizeof in->symbol);
    s_col_text (s, 3, in->sec_type, sizeof in->sec_type);
    s_col_text (s, 4, in->exchange, sizeof in->exchange);
    s_col_text (s, 5, in->currency, sizeof in->currency);
    in->side = (rt_side_t) s_col_enum (s, 6, &rt_side_enum);
    in->qty = sqlite3_column_double (s, 7);
    in->order_type = (rt_ord_type_t) s_col_enum (s, 8, &rt_ord_type_enum);
    in->limit_price = sqlite3_column_double (s, 9);
    in->stop_price = sqlite3_column_double (s, 10);
    in->tif = (rt_tif_t) s_col_enum (s, 11, &rt_tif_enum);
    s_col_text (s, 12, in->strategy, sizeof in->strategy);
    in->ts_ns = (uint64_t) sqlite3_column_int64 (s, 13);
    o.state = (rt_ord_status_t) s_col_enum (s, 14, &rt_ord_status_enum);
    o.order_id = sqlite3_column_int64 (s, 15);
    o.perm_id = sqlite3_column_int64 (s, 16);
    o.filled = sqlite3_column_double (s, 17);
    o.avg_price = sqlite3_column_double (s, 18);
    s_col_text (s, 19, o.code, sizeof o.code);
    s_col_text (s, 20, o.reason, sizeof o.reason);
    o.revivable = sqlite3_column_int (s, 21) != 0;
    o.acked = sqlite3_column_int (s, 22) != 0;
    o.created_ns = (uint64_t) sqlite3_column_int64 (s, 23);
    o.updated_ns = (uint64_t) sqlite3_column_int64 (s, 24);
    if (o.state == RT_ORD_STATUS_NONE || !*in->coid) {
        rt_log_warn ("orders journal: skipping an unreadable order row (coid '%s')",
                     in->coid);
        return 0;
    }
    return r->on_order? r->on_order (&o, r->arg): 0;
}

static int
s_fill_row (sqlite3_stmt *s, const s_replay_t *r)
{
    rt_fill_t f;
    memset (&f, 0, sizeof f);
    s_col_text (s, 0, f.exec_id, sizeof f.exec_id);
    s_col_text (s, 1, f.coid, sizeof f.coid);
    f.order_id = sqlite3_column_int64 (s, 2);
    f.perm_id = sqlite3_column_int64 (s, 3);
    s_col_text (s, 4, f.account, sizeof f.account);
    s_col_text (s, 5, f.symbol, sizeof f.symbol);
    f.side = (rt_side_t) s_col_enum (s, 6, &rt_side_enum);
    f.qty = sqlite3_column_double (s, 7);
    f.price = sqlite3_column_double (s, 8);
    f.ts_ns = (uint64_t) sqlite3_column_int64 (s, 9);
    s_col_text (s, 10, f.exchange, sizeof f.exchange);
    f.has_commission = sqlite3_column_int (s, 11) != 0;
    f.commission = sqlite3_column_double (s, 12);
    s_col_text (s, 13, f.commission_ccy, sizeof f.commission_ccy);
    return r->on_fill? r->on_fill (&f, r->arg): 0;
}

int
orders_journal_replay (orders_journal_t *self, orders_journal_order_fn *on_order,
                       orders_journal_fill_fn *on_fill, void *arg)
{
    assert (self);
    s_replay_t r = { on_order, on_fill, arg };
    int rc = s_each_row (self, s_select_orders_sql, s_order_row, &r);
    if (rc == 0)
        rc = s_each_row (self, s_select_fills_sql, s_fill_row, &r);
    return rc;
}

int64_t
orders_journal_events (orders_journal_t *self, const char *coid)
{
    assert (self && coid);
    s_text (self->count_events, 1, coid);
    int64_t n = -1;
    if (sqlite3_step (self->count_events) == SQLITE_ROW)
        n = sqlite3_column_int64 (self->count_events, 0);
    sqlite3_reset (self->count_events);
    sqlite3_clear_bindings (self->count_events);
    return n;
}

void
orders_journal_stats (const orders_journal_t *self, orders_journal_stats_t *out)
{
    assert (self && out);
    *out = self->stats;
}
