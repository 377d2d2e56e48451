/*  gw_orders_table.c - order pool with three chained hash indexes and an eviction queue.

    Slots are linked into their bucket chains by index (int32, -1 ends a chain), so the
    whole table is five arrays allocated once. Chains stay short: buckets = 2 x capacity.
*/
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gw_orders_table.h"

enum { S_COID = 0, S_OID, S_PERM, S_INDEXES };
#define S_NIL (-1)

typedef struct {
    int32_t next [S_INDEXES];           //  chain links per index
    int32_t q_prev, q_next;             //  terminal queue (oldest first)
    uint32_t hash [S_INDEXES];          //  hash under which it is linked
    bool linked [S_INDEXES];
    bool queued;
    bool used;
    int32_t next_free;
} s_meta_t;

struct _gw_otable_t {
    uint32_t capacity;
    uint32_t size;
    uint32_t mask;                      //  buckets - 1
    gw_order_t *orders;
    s_meta_t *meta;
    int32_t *heads [S_INDEXES];
    int32_t free_head;
    int32_t q_head, q_tail;
};

static uint32_t
s_hash_str (const char *s)
{
    uint32_t h = 2166136261u;               //  FNV-1a
    for (; *s; s++) {
        h ^= (uint8_t) *s;
        h *= 16777619u;
    }
    return h;
}

static uint32_t
s_hash_id (int64_t id)
{
    uint64_t x = (uint64_t) id;             //  splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (uint32_t) x;
}

gw_otable_t *
gw_otable_new (uint32_t capacity)
{
    if (capacity == 0)
        capacity = GW_OTABLE_CAPACITY_DEFAULT;
    if (capacity > (1u << 24))
        return NULL;
    gw_otable_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    uint32_t buckets = 16;
    while (buckets < 2 * capacity)
        buckets <<= 1;
    self->capacity = capacity;
    self->mask = buckets - 1;
    self->orders = calloc (capacity, sizeof *self->orders);
    self->meta = calloc (capacity, sizeof *self->meta);
    if (!self->orders || !self->meta)
        goto fail;
    for (int i = 0; i < S_INDEXES; i++) {
        self->heads [i] = malloc (buckets * sizeof (int32_t));
        if (!self->heads [i])
            goto fail;
        for (uint32_t b = 0; b < buckets; b++)
            self->heads [i][b] = S_NIL;
    }
    for (uint32_t i = 0; i < capacity; i++)
        self->meta [i].next_free = i + 1 < capacity? (int32_t) (i + 1): S_NIL;
    self->free_head = 0;
    self->q_head = self->q_tail = S_NIL;
    return self;
fail:
    gw_otable_destroy (&self);
    return NULL;
}

void
gw_otable_destroy (gw_otable_t **self_p)
{
    assert (self_p);
    gw_otable_t *self = *self_p;
    if (!self)
        return;
    for (int i = 0; i < S_INDEXES; i++)
        free (self->heads [i]);
    free (self->meta);
    free (self->orders);
    free (self);
    *self_p = NULL;
}

static int32_t
s_slot (const gw_otable_t *self, const gw_order_t *order)
{
    assert (order >= self->orders && order < self->orders + self->capacity);
    return (int32_t) (order - self->orders);
}

static void
s_link (gw_otable_t *self, int idx, int32_t slot, uint32_t hash)
{
    s_meta_t *m = &self->meta [slot];
    assert (!m->linked [idx]);
    uint32_t b = hash & self->mask;
    m->hash [idx] = hash;
    m->next [idx] = self->heads [idx][b];
    m->linked [idx] = true;
    self->heads [idx][b] = slot;
}

static void
s_unlink (gw_otable_t *self, int idx, int32_t slot)
{
    s_meta_t *m = &self->meta [slot];
    if (!m->linked [idx])
        return;
    int32_t *link = &self->heads [idx][m->hash [idx] & self->mask];
    while (*link != S_NIL && *link != slot)
        link = &self->meta [*link].next [idx];
    assert (*link == slot);
    *link = m->next [idx];
    m->linked [idx] = false;
    m->next [idx] = S_NIL;
}

static void
s_dequeue (gw_otable_t *self, int32_t slot)
{
    s_meta_t *m = &self->meta [slot];
    if (!m->queued)
        return;
    if (m->q_prev != S_NIL)
        self->meta [m->q_prev].q_next = m->q_next;
    else
        self->q_head = m->q_next;
    if (m->q_next != S_NIL)
        self->meta [m->q_next].q_prev = m->q_prev;
    else
        self->q_tail = m->q_prev;
    m->queued = false;
}

static void
s_release (gw_otable_t *self, int32_t slot)
{
    for (int i = 0; i < S_INDEXES; i++)
        s_unlink (self, i, slot);
    s_dequeue (self, slot);
    s_meta_t *m = &self->meta [slot];
    m->used = false;
    m->next_free = self->free_head;
    self->free_head = slot;
    self->size--;
}

gw_order_t *
gw_otable_by_coid (gw_otable_t *self, const char *coid)
{
    assert (self);
    if (!coid || !*coid)
        return NULL;
    uint32_t h = s_hash_str (coid);
    for (int32_t s = self->heads [S_COID][h & self->mask]; s != S_NIL;
         s = self->meta [s].next [S_COID])
        if (self->meta [s].hash [S_COID] == h && strcmp (self->orders [s].coid, coid) == 0)
            return &self->orders [s];
    return NULL;
}

static gw_order_t *
s_by_id (gw_otable_t *self, int idx, int64_t id)
{
    if (id <= 0)
        return NULL;
    uint32_t h = s_hash_id (id);
    for (int32_t s = self->heads [idx][h & self->mask]; s != S_NIL; s = self->meta [s].next [idx]) {
        const gw_order_t *o = &self->orders [s];
        if ((idx == S_OID? o->order_id: o->perm_id) == id)
            return &self->orders [s];
    }
    return NULL;
}

gw_order_t *
gw_otable_by_order_id (gw_otable_t *self, int64_t order_id)
{
    assert (self);
    return s_by_id (self, S_OID, order_id);
}

gw_order_t *
gw_otable_by_perm_id (gw_otable_t *self, int64_t perm_id)
{
    assert (self);
    return s_by_id (self, S_PERM, perm_id);
}

int
gw_otable_add (gw_otable_t *self, const char *coid, gw_order_t **order)
{
    assert (self && coid && order);
    *order = NULL;
    if (*coid && gw_otable_by_coid (self, coid))
        return RT_EINVAL;
    if (self->free_head == S_NIL) {
        if (self->q_head == S_NIL)
            return RT_EAGAIN;
        s_release (self, self->q_head);
    }
    int32_t slot = self->free_head;
    s_meta_t *m = &self->meta [slot];
    self->free_head = m->next_free;
    memset (m, 0, sizeof *m);
    for (int i = 0; i < S_INDEXES; i++)
        m->next [i] = S_NIL;
    m->q_prev = m->q_next = S_NIL;
    m->used = true;
    self->size++;
    gw_order_t *o = &self->orders [slot];
    memset (o, 0, sizeof *o);
    size_t n = strlen (coid);
    if (n >= sizeof o->coid)
        n = sizeof o->coid - 1;
    memcpy (o->coid, coid, n);
    o->coid [n] = 0;
    if (*o->coid)
        s_link (self, S_COID, slot, s_hash_str (o->coid));
    *order = o;
    return 0;
}

void
gw_otable_set_ids (gw_otable_t *self, gw_order_t *order, int64_t order_id, int64_t perm_id)
{
    assert (self && order);
    int32_t slot = s_slot (self, order);
    if (order_id > 0 && (order->order_id != order_id || !self->meta [slot].linked [S_OID])) {
        s_unlink (self, S_OID, slot);
        //  The newest entry owns an id (see the header): unlink an older holder.
        gw_order_t *other = s_by_id (self, S_OID, order_id);
        if (other && other != order)
            s_unlink (self, S_OID, s_slot (self, other));
        order->order_id = order_id;
        s_link (self, S_OID, slot, s_hash_id (order_id));
    }
    if (perm_id > 0 && (order->perm_id != perm_id || !self->meta [slot].linked [S_PERM])) {
        s_unlink (self, S_PERM, slot);
        gw_order_t *other = s_by_id (self, S_PERM, perm_id);
        if (other && other != order)
            s_unlink (self, S_PERM, s_slot (self, other));
        order->perm_id = perm_id;
        s_link (self, S_PERM, slot, s_hash_id (perm_id));
    }
}

void
gw_otable_remove (gw_otable_t *self, gw_order_t *order)
{
    assert (self && order);
    int32_t slot = s_slot (self, order);
    assert (self->meta [slot].used);
    s_release (self, slot);
}

bool
gw_order_status_terminal (rt_ord_status_t status)
{
    return status == RT_ORD_STATUS_FILLED || status == RT_ORD_STATUS_CANCELLED
        || status == RT_ORD_STATUS_REJECTED;
}

void
gw_otable_status_changed (gw_otable_t *self, gw_order_t *order)
{
    assert (self && order);
    int32_t slot = s_slot (self, order);
    s_meta_t *m = &self->meta [slot];
    bool terminal = gw_order_status_terminal (order->status);
    if (terminal && !m->queued) {
        m->q_prev = self->q_tail;
        m->q_next = S_NIL;
        if (self->q_tail != S_NIL)
            self->meta [self->q_tail].q_next = slot;
        else
            self->q_head = slot;
        self->q_tail = slot;
        m->queued = true;
    }
    else
    if (!terminal && m->queued)
        s_dequeue (self, slot);     //  a "lost" order IB reported after all
}

uint32_t
gw_otable_capacity (const gw_otable_t *self)
{
    assert (self);
    return self->capacity;
}

gw_order_t *
gw_otable_at (gw_otable_t *self, uint32_t index)
{
    assert (self);
    if (index >= self->capacity || !self->meta [index].used)
        return NULL;
    return &self->orders [index];
}

uint32_t
gw_otable_size (const gw_otable_t *self)
{
    assert (self);
    return self->size;
}
