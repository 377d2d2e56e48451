/*  gw_orders_exec.c - FIFO execId set (chained hash over a ring) and the ring of kept fills.
*/
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gw_orders_exec.h"

#define S_NIL (-1)

typedef struct {
    char exec_id [RT_EXECID_MAX];
    uint32_t hash;
    int32_t next;                       //  bucket chain
    int32_t held;                       //  slot in the fills ring, or S_NIL
    bool commission_done;
    bool used;
} s_entry_t;

typedef struct {
    int32_t owner;                      //  entry handle, or S_NIL
    rt_fill_t fill;
} s_held_t;

struct _gw_execset_t {
    uint32_t capacity;
    uint32_t size;
    uint32_t oldest;                    //  ring position evicted next when full
    uint32_t mask;
    s_entry_t *entries;
    int32_t *heads;
    uint32_t held_cap;
    uint32_t held_next;                 //  written next: the oldest once the ring is full
    uint32_t held_used;                 //  slots written so far (up to held_cap)
    uint32_t held_count;                //  slots holding a fill
    s_held_t *held;
};

static uint32_t
s_hash (const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (uint8_t) *s;
        h *= 16777619u;
    }
    return h;
}

gw_execset_t *
gw_execset_new (uint32_t capacity, uint32_t fills)
{
    if (capacity == 0)
        capacity = GW_EXECSET_CAPACITY_DEFAULT;
    if (fills == 0)
        fills = GW_EXECSET_FILLS_DEFAULT;
    if (capacity > (1u << 24) || fills > (1u << 20))
        return NULL;
    gw_execset_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    uint32_t buckets = 16;
    while (buckets < 2 * capacity)
        buckets <<= 1;
    self->capacity = capacity;
    self->mask = buckets - 1;
    self->held_cap = fills;
    self->entries = calloc (capacity, sizeof *self->entries);
    self->heads = malloc (buckets * sizeof *self->heads);
    self->held = calloc (fills, sizeof *self->held);
    if (!self->entries || !self->heads || !self->held) {
        gw_execset_destroy (&self);
        return NULL;
    }
    for (uint32_t b = 0; b < buckets; b++)
        self->heads [b] = S_NIL;
    for (uint32_t i = 0; i < fills; i++)
        self->held [i].owner = S_NIL;
    return self;
}

void
gw_execset_destroy (gw_execset_t **self_p)
{
    assert (self_p);
    gw_execset_t *self = *self_p;
    if (!self)
        return;
    free (self->held);
    free (self->heads);
    free (self->entries);
    free (self);
    *self_p = NULL;
}

int32_t
gw_execset_find (const gw_execset_t *self, const char *exec_id)
{
    assert (self && exec_id);
    uint32_t h = s_hash (exec_id);
    for (int32_t s = self->heads [h & self->mask]; s != S_NIL; s = self->entries [s].next)
        if (self->entries [s].hash == h && strcmp (self->entries [s].exec_id, exec_id) == 0)
            return s;
    return S_NIL;
}

static void
s_release (gw_execset_t *self, int32_t handle)
{
    s_entry_t *e = &self->entries [handle];
    if (e->held != S_NIL) {
        self->held [e->held].owner = S_NIL;
        e->held = S_NIL;
        self->held_count--;
    }
}

static void
s_evict (gw_execset_t *self, int32_t slot)
{
    s_entry_t *e = &self->entries [slot];
    int32_t *link = &self->heads [e->hash & self->mask];
    while (*link != S_NIL && *link != slot)
        link = &self->entries [*link].next;
    assert (*link == slot);
    *link = e->next;
    s_release (self, slot);
    e->used = false;
    self->size--;
}

int32_t
gw_execset_add (gw_execset_t *self, const char *exec_id)
{
    assert (self && exec_id);
    //  The ring position is the FIFO order: slot `oldest` is both the next free one while
    //  filling up and the oldest entry once full.
    int32_t slot = (int32_t) self->oldest;
    if (self->entries [slot].used)
        s_evict (self, slot);
    self->oldest = (self->oldest + 1) % self->capacity;
    s_entry_t *e = &self->entries [slot];
    memset (e, 0, sizeof *e);
    size_t n = strlen (exec_id);
    if (n >= sizeof e->exec_id)
        n = sizeof e->exec_id - 1;
    memcpy (e->exec_id, exec_id, n);
    e->hash = s_hash (e->exec_id);
    e->held = S_NIL;
    e->used = true;
    e->next = self->heads [e->hash & self->mask];
    self->heads [e->hash & self->mask] = slot;
    self->size++;
    return slot;
}

bool
gw_execset_commission_done (const gw_execset_t *self, int32_t handle)
{
    assert (self && handle >= 0 && (uint32_t) handle < self->capacity);
    return self->entries [handle].commission_done;
}

void
gw_execset_set_commission_done (gw_execset_t *self, int32_t handle)
{
    assert (self && handle >= 0 && (uint32_t) handle < self->capacity);
    self->entries [handle].commission_done = true;
}

void
gw_execset_keep (gw_execset_t *self, int32_t handle, const rt_fill_t *fill)
{
    assert (self && fill && handle >= 0 && (uint32_t) handle < self->capacity);
    s_entry_t *e = &self->entries [handle];
    if (e->held == S_NIL) {
        uint32_t h = self->held_next;
        self->held_next = (self->held_next + 1) % self->held_cap;
        if (self->held_used < self->held_cap)
            self->held_used++;
        if (self->held [h].owner != S_NIL)
            s_release (self, self->held [h].owner);
        self->held [h].owner = handle;
        e->held = (int32_t) h;
        self->held_count++;
    }
    self->held [e->held].fill = *fill;
}

rt_fill_t *
gw_execset_fill (gw_execset_t *self, int32_t handle)
{
    assert (self && handle >= 0 && (uint32_t) handle < self->capacity);
    s_entry_t *e = &self->entries [handle];
    return e->held == S_NIL? NULL: &self->held [e->held].fill;
}

uint32_t
gw_execset_fill_slots (const gw_execset_t *self)
{
    assert (self);
    return self->held_used;
}

const rt_fill_t *
gw_execset_fill_at (const gw_execset_t *self, uint32_t index)
{
    assert (self);
    if (index >= self->held_used)
        return NULL;
    //  Until the ring wraps, slot 0 is the oldest; after, the slot written next is.
    uint32_t first = self->held_used < self->held_cap? 0: self->held_next;
    const s_held_t *h = &self->held [(first + index) % self->held_cap];
    return h->owner == S_NIL? NULL: &h->fill;
}

uint32_t
gw_execset_fill_count (const gw_execset_t *self)
{
    assert (self);
    return self->held_count;
}

uint32_t
gw_execset_size (const gw_execset_t *self)
{
    assert (self);
    return self->size;
}
