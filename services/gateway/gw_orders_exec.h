/*  gw_orders_exec.h - execIds already published, and fills waiting for their commission.

    IB repeats executions: reqExecutions after every reconnect answers the whole day again,
    and a live execDetails may cross a reconciliation reply. execId is unique for life, so a
    bounded set of recent execIds (FIFO eviction, default 65536: far above a day's fills
    for one account) decides "new or seen". Each entry remembers whether its commission has
    been published too.

    The commission comes later in its own message (commissionReport, keyed by execId only),
    so the fill it belongs to is kept in a smaller ring (default 1024) until it arrives; a
    fill evicted from the ring before its commission can be put back from a repeated
    execDetails (reqExecutions sends both again).
*/
#ifndef GW_ORDERS_EXEC_H_INCLUDED
#define GW_ORDERS_EXEC_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define GW_EXECSET_CAPACITY_DEFAULT  65536
#define GW_EXECSET_PENDING_DEFAULT   1024

typedef struct _gw_execset_t gw_execset_t;

gw_execset_t *gw_execset_new (uint32_t capacity, uint32_t pending);
void gw_execset_destroy (gw_execset_t **self_p);

//  -1 when unknown, else a handle valid until the entry is evicted.
int32_t gw_execset_find (const gw_execset_t *self, const char *exec_id);

//  Records a new execId (evicting the oldest when full); returns its handle.
int32_t gw_execset_add (gw_execset_t *self, const char *exec_id);

bool gw_execset_commission_done (const gw_execset_t *self, int32_t handle);
void gw_execset_set_commission_done (gw_execset_t *self, int32_t handle);

//  Keeps a copy of fill until its commission arrives (the oldest pending fill gives way).
void gw_execset_hold (gw_execset_t *self, int32_t handle, const rt_fill_t *fill);
//  The held fill of an execId, or NULL. Borrowed until the next hold or release.
rt_fill_t *gw_execset_held (gw_execset_t *self, int32_t handle);
void gw_execset_release (gw_execset_t *self, int32_t handle);

uint32_t gw_execset_size (const gw_execset_t *self);

#endif
