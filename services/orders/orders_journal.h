/*  orders_journal.h - the write-ahead journal of orders and fills (SQLite, WAL).

    Every intent and every state change is one short transaction, committed BEFORE the
    service acts on it (before asking risk, before sending to the gateway, before replying),
    so after any crash the journal holds at least everything the world may have seen.

    Durability: journal_mode=WAL with synchronous=NORMAL (the default) survives a killed
    process (kill -9: the WAL is in the OS page cache and is replayed at the next open);
    FULL also survives power loss, at the cost of an fsync per commit (ORDERS_JOURNAL_SYNC).

    Schema (PRAGMA user_version = 1):
      orders (coid PK, the intent's fields, state, order_id, perm_id, filled, avg_price, code,
              reason, revivable, acked, created_ns, updated_ns)      one row per order
      events (id PK autoincrement, coid, ts_ns, event, from_state, to_state, reason)
              append-only: every state change, for audit and post-mortems
      fills  (exec_id PK, coid, order_id, perm_id, account, symbol, side, qty, price, ts_ns,
              exchange, has_commission, commission, commission_ccy)   one row per execution;
              the commission is filled in when it becomes known
    A lock file (<db>.lock, flock) makes a second rt-orders on the same journal refuse to
    start: two would both send the orders they find unacknowledged.
*/
#ifndef ORDERS_JOURNAL_H_INCLUDED
#define ORDERS_JOURNAL_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "orders_order.h"

typedef enum {
    ORDERS_SYNC_NORMAL = 0,
    ORDERS_SYNC_FULL,
} orders_sync_t;

typedef struct _orders_journal_t orders_journal_t;

typedef struct {
    uint64_t commits;               //  transactions committed
    uint64_t failures;              //  transactions that failed (rolled back)
} orders_journal_stats_t;

//  Opens (creating it and its schema if needed) the journal at path. NULL on failure with a
//  sentence in err (a locked journal, a file that is not a database, a newer schema).
orders_journal_t *orders_journal_open (const char *path, orders_sync_t sync,
                                       char *err, size_t cap);
//  Closes cleanly (checkpoints the WAL). Nulls *self_p.
void orders_journal_destroy (orders_journal_t **self_p);

//  A new order (its state is normally NEW): the orders row and its first event, one
//  transaction. RT_EINVAL if the coid is already journalled, RT_EIO on a database error.
int orders_journal_insert (orders_journal_t *self, const orders_order_t *order,
                           const char *event);

//  The order's row rewritten (state, ids, fill, reason, flags) and one event from `from`
//  to order->state, one transaction. RT_EINVAL for an unknown coid, RT_EIO.
int orders_journal_update (orders_journal_t *self, const orders_order_t *order,
                           rt_ord_status_t from, const char *event);

//  An execution: inserted when new; when known, its commission is set if this copy has one
//  and the row had none. 0 or RT_EIO.
int orders_journal_fill (orders_journal_t *self, const rt_fill_t *fill);

//  Replay: every order (in creation order), then every fill (in the order first seen).
//  A callback returning non-zero stops the replay with that value.
typedef int (orders_journal_order_fn) (const orders_order_t *order, void *arg);
typedef int (orders_journal_fill_fn) (const rt_fill_t *fill, void *arg);
int orders_journal_replay (orders_journal_t *self, orders_journal_order_fn *on_order,
                           orders_journal_fill_fn *on_fill, void *arg);

//  Events journalled for coid (tests, status). -1 on error.
int64_t orders_journal_events (orders_journal_t *self, const char *coid);

void orders_journal_stats (const orders_journal_t *self, orders_journal_stats_t *out);

#endif
