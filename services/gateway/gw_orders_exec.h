/*  gw_orders_exec.h - execIds already published, and the day's fills as last published.

    IB repeats executions: reqExecutions after every reconnect answers the whole day again,
    and a live execDetails may cross a reconciliation reply. execId is unique for life, so a
    bounded set of recent execIds (FIFO eviction, default 65536: far above a day's fills
    for one account) decides "new or seen". Each entry remembers whether its commission has
    been published too.

    The fills themselves live in ONE place: a ring of rt_fill_t (default 4096, 1.1 MB when full)
    holding the most recent fills as they were last published. A fill is kept there from
    its execDetails; its commissionReport (keyed by execId only) updates it in place
    (has_commission = true). The ring serves both needs: the commission finds its fill, and
    a snapshot streams the day's fills to a consumer that was away (rt-orders restarted
    while the gateway stayed up). When full, the oldest fill gives way (its execId stays in
    the set, so it is never republished); a fill evicted before its commission is put back
    by a repeated execDetails (reqExecutions sends both again).
*/
#ifndef GW_ORDERS_EXEC_H_INCLUDED
#define GW_ORDERS_EXEC_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define GW_EXECSET_CAPACITY_DEFAULT  65536
#define GW_EXECSET_FILLS_DEFAULT     4096

typedef struct _gw_execset_t gw_execset_t;

//  capacity execIds, fills kept (0: the defaults). NULL when out of memory or too large.
gw_execset_t *gw_execset_new (uint32_t capacity, uint32_t fills);
void gw_execset_destroy (gw_execset_t **self_p);

//  -1 when unknown, else a handle valid until the entry is evicted.
int32_t gw_execset_find (const gw_execset_t *self, const char *exec_id);

//  Records a new execId (evicting the oldest when full); returns its handle.
int32_t gw_execset_add (gw_execset_t *self, const char *exec_id);

bool gw_execset_commission_done (const gw_execset_t *self, int32_t handle);
void gw_execset_set_commission_done (gw_execset_t *self, int32_t handle);

//  Keeps fill as the execId's fill (a copy; the oldest kept fill gives way when the ring is
//  full), or replaces the copy already kept.
void gw_execset_keep (gw_execset_t *self, int32_t handle, const rt_fill_t *fill);
//  The kept fill of an execId, or NULL (never kept, or evicted). Update it in place;
//  borrowed until the next keep.
rt_fill_t *gw_execset_fill (gw_execset_t *self, int32_t handle);

//  The kept fills, oldest first: index 0..gw_execset_fill_slots ()-1; NULL for a slot that
//  holds nothing (its execId was evicted) and past the end.
uint32_t gw_execset_fill_slots (const gw_execset_t *self);
const rt_fill_t *gw_execset_fill_at (const gw_execset_t *self, uint32_t index);
uint32_t gw_execset_fill_count (const gw_execset_t *self);

uint32_t gw_execset_size (const gw_execset_t *self);

#endif
