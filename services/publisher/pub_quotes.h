/*  pub_quotes.h - the latest quote per symbol, conflated for browsers.

    The gateway may publish thousands of quotes a second; a browser needs at most a few per
    symbol. A quote only overwrites the symbol's slot (no allocation, no JSON) and marks it
    dirty; pub_quotes_flush, run from a short timer, hands out each dirty symbol whose last
    send is at least min_ms old. So a symbol is sent at most 1000/min_ms times a second,
    always its latest quote, and the bus never waits for a browser.

    Time is a parameter (monotonic ms), so the logic is tested without sleeping.
*/
#ifndef PUB_QUOTES_H_INCLUDED
#define PUB_QUOTES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"

#define PUB_QUOTES_MAX 512          //  symbols tracked; more are counted and dropped

typedef struct _pub_quotes_t pub_quotes_t;

//  Called for each quote due; return non-zero to stop the flush (it stays dirty).
typedef int (pub_quote_fn) (const rt_quote_t *quote, void *arg);

pub_quotes_t *pub_quotes_new (uint64_t min_ms);
void pub_quotes_destroy (pub_quotes_t **self_p);

//  Stores quote as its symbol's latest. 0, or RT_ERANGE when the table is full (counted).
int pub_quotes_put (pub_quotes_t *self, const rt_quote_t *quote);
//  Hands every due quote to fn, in table order; returns how many were handed out.
size_t pub_quotes_flush (pub_quotes_t *self, uint64_t now_ms, pub_quote_fn *fn, void *arg);

size_t pub_quotes_count (const pub_quotes_t *self);
//  The i-th symbol's latest quote (0 <= i < count), for the snapshot.
const rt_quote_t *pub_quotes_at (const pub_quotes_t *self, size_t i);
//  The latest quote of symbol, or NULL.
const rt_quote_t *pub_quotes_find (const pub_quotes_t *self, const char *symbol);
//  Quotes overwritten before they were sent (the conflation at work).
uint64_t pub_quotes_conflated (const pub_quotes_t *self);
//  Quotes dropped because the table was full.
uint64_t pub_quotes_dropped (const pub_quotes_t *self);

#endif
