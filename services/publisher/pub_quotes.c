/*  pub_quotes.c - per-symbol latest quote with a minimum send interval.
*/
#include <stdlib.h>
#include <string.h>
#include "pub_quotes.h"

typedef struct {
    rt_quote_t quote;
    uint64_t last_sent_ms;
    bool dirty;
    bool sent;                      //  sent at least once (the first send is never held)
} s_slot_t;

struct _pub_quotes_t {
    uint64_t min_ms;
    size_t count;
    uint64_t conflated;
    uint64_t dropped;
    s_slot_t slot [PUB_QUOTES_MAX];
};

pub_quotes_t *
pub_quotes_new (uint64_t min_ms)
{
    pub_quotes_t *self = (pub_quotes_t *) calloc (1, sizeof *self);
    if (self)
        self->min_ms = min_ms;
    return self;
}

void
pub_quotes_destroy (pub_quotes_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

static s_slot_t *
s_find (const pub_quotes_t *self, const char *symbol)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->slot [i].quote.symbol, symbol) == 0)
            return (s_slot_t *) &self->slot [i];
    return NULL;
}

int
pub_quotes_put (pub_quotes_t *self, const rt_quote_t *quote)
{
    s_slot_t *slot = s_find (self, quote->symbol);
    if (!slot) {
        if (self->count == PUB_QUOTES_MAX) {
            self->dropped++;
            return RT_ERANGE;
        }
        slot = &self->slot [self->count++];
        memset (slot, 0, sizeof *slot);
    }
    else
    if (slot->dirty)
        self->conflated++;
    slot->quote = *quote;
    slot->dirty = true;
    return 0;
}

size_t
pub_quotes_flush (pub_quotes_t *self, uint64_t now_ms, pub_quote_fn *fn, void *arg)
{
    size_t handed = 0;
    for (size_t i = 0; i < self->count; i++) {
        s_slot_t *slot = &self->slot [i];
        if (!slot->dirty)
            continue;
        if (slot->sent && now_ms - slot->last_sent_ms < self->min_ms)
            continue;
        if (fn (&slot->quote, arg) != 0)
            break;
        slot->dirty = false;
        slot->sent = true;
        slot->last_sent_ms = now_ms;
        handed++;
    }
    return handed;
}

size_t
pub_quotes_count (const pub_quotes_t *self)
{
    return self->count;
}

const rt_quote_t *
pub_quotes_at (const pub_quotes_t *self, size_t i)
{
    return i < self->count? &self->slot [i].quote: NULL;
}

const rt_quote_t *
pub_quotes_find (const pub_quotes_t *self, const char *symbol)
{
    const s_slot_t *slot = s_find (self, symbol);
    return slot? &slot->quote: NULL;
}

uint64_t
pub_quotes_conflated (const pub_quotes_t *self)
{
    return self->conflated;
}

uint64_t
pub_quotes_dropped (const pub_quotes_t *self)
{
    return self->dropped;
}
