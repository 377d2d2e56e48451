/*  gw_md_map.c - TWS request id -> subscription / historical request, O(1) on the tick path.

    Open addressing with linear probing over a fixed table at most half full (the module
    holds at most GW_MD_SUBS_MAX + GW_MD_HIST_MAX ids). Deletion shifts the following run
    back instead of leaving tombstones, so churn across thousands of reconnects never
    lengthens the probes.
*/
#include <string.h>
#include "gw_md.h"

#define S_BITS 10
#define S_MASK (GW_MD_MAP_SIZE - 1)
_Static_assert (GW_MD_MAP_SIZE == 1u << S_BITS, "map size is 2^S_BITS");

static inline uint32_t
s_home (int req_id)
{
    //  Fibonacci hashing: request ids are consecutive, this spreads them.
    return ((uint32_t) req_id * 2654435769u) >> (32 - S_BITS);
}

void
gw_md_map_clear (gw_md_t *self)
{
    memset (self->map, 0, sizeof self->map);
    self->map_count = 0;
}

int
gw_md_map_put (gw_md_t *self, int req_id, gw_md_kind_t kind, uint16_t idx)
{
    if (req_id <= 0)
        return RT_EINVAL;
    if (self->map_count >= GW_MD_MAP_SIZE / 2)
        return RT_ERANGE;
    uint32_t i = s_home (req_id);
    while (self->map [i].req_id != 0 && self->map [i].req_id != req_id)
        i = (i + 1) & S_MASK;
    if (self->map [i].req_id == 0)
        self->map_count++;
    self->map [i] = (gw_md_slot_t) { req_id, (uint16_t) kind, idx };
    return 0;
}

const gw_md_slot_t *
gw_md_map_get (const gw_md_t *self, int req_id)
{
    if (req_id <= 0)
        return NULL;
    uint32_t i = s_home (req_id);
    while (self->map [i].req_id != 0) {
        if (self->map [i].req_id == req_id)
            return &self->map [i];
        i = (i + 1) & S_MASK;
    }
    return NULL;
}

void
gw_md_map_del (gw_md_t *self, int req_id)
{
    if (req_id <= 0)
        return;
    uint32_t i = s_home (req_id);
    while (self->map [i].req_id != req_id) {
        if (self->map [i].req_id == 0)
            return;
        i = (i + 1) & S_MASK;
    }
    //  Backward shift: move later members of the run into the hole when their home
    //  position does not lie cyclically in (hole, j].
    uint32_t hole = i;
    uint32_t j = i;
    while (true) {
        j = (j + 1) & S_MASK;
        if (self->map [j].req_id == 0)
            break;
        uint32_t home = s_home (self->map [j].req_id);
        bool between = hole <= j? (home > hole && home <= j): (home > hole || home <= j);
        if (!between) {
            self->map [hole] = self->map [j];
            hole = j;
        }
    }
    self->map [hole] = (gw_md_slot_t) { 0, 0, 0 };
    self->map_count--;
}
