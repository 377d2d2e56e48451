/*  orders_book.h - positions and P&L per (account, symbol), booked from fills (pure).

    Fills are deduplicated by exec_id (unique for life at IB). The gateway publishes each
    fill twice: at once without its commission, then again with has_commission=true when
    IB's commissionReport arrives. Quantity and price are booked ONCE per exec_id (from
    whichever copy comes first); the commission is booked once, from the first copy that
    carries it. Anything else with a known exec_id is a duplicate.

    Accounting convention: AVERAGE COST (IB's convention for positions).
      - Adding to a position (or opening one): avg = (|q|*avg + |s|*price) / (|q| + |s|).
      - Reducing it: realised += closed * (price - avg) * sign(q); avg unchanged.
      - Flipping through zero: the part beyond zero opens a new position at the fill price.
      - Flat: avg = 0.
    avg_cost is the price average WITHOUT commissions, and every commission is charged to
    realised P&L when it becomes known (opening and closing ones alike). IB folds the opening
    commission into avgCost and realises it at the close instead; both agree once a position
    is closed, and ours never changes avg_cost after the fact when a commission arrives late.
    unrealised = qty * (mark - avg_cost) while a mark price is known (last trade, else the
    bid/ask midpoint), else 0.
*/
#ifndef ORDERS_BOOK_H_INCLUDED
#define ORDERS_BOOK_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt_catalogue.h"

typedef struct {
    char     account [RT_ACCOUNT_MAX];
    char     symbol [RT_SYMBOL_MAX];
    double   qty;                   //  signed: negative is short
    double   avg_cost;
    double   realized;              //  commissions included
    double   commission;
    double   mark;                  //  0: none yet
    uint32_t fills;
    uint64_t ts_ns;                 //  last change
} orders_pos_t;

typedef enum {
    ORDERS_BOOK_DUPLICATE = 0,      //  nothing changed
    ORDERS_BOOK_BOOKED,             //  quantity (and maybe commission) booked: a new exec
    ORDERS_BOOK_COMMISSION,         //  only the commission of a known exec was booked
} orders_book_result_t;

typedef struct {
    uint64_t fills;                 //  executions booked
    uint64_t commissions;           //  commissions booked
    uint64_t duplicates;
    uint64_t refused;               //  bad fills (no exec id, bad side, qty <= 0, NaN)
} orders_book_stats_t;

typedef struct _orders_book_t orders_book_t;

orders_book_t *orders_book_new (void);
void orders_book_destroy (orders_book_t **self_p);

//  Books one fill. Returns an orders_book_result_t (>= 0) and, unless DUPLICATE, the
//  position it changed in *pos (borrowed; may be NULL); RT_EINVAL for a bad fill, RT_ENOMEM.
int orders_book_fill (orders_book_t *self, const rt_fill_t *fill, const orders_pos_t **pos);

//  Marks every position in symbol at price (> 0). Returns how many positions it marked.
size_t orders_book_mark (orders_book_t *self, const char *symbol, double price);

//  The mark a quote gives: last if > 0, else the midpoint when bid and ask are > 0, else 0.
double orders_book_quote_mark (const rt_quote_t *quote);

//  The position, or NULL.
const orders_pos_t *orders_book_find (const orders_book_t *self, const char *account,
                                      const char *symbol);

//  True when exec_id was booked; *has_commission (may be NULL) says whether its commission
//  was booked too.
bool orders_book_has_exec (const orders_book_t *self, const char *exec_id,
                           bool *has_commission);

double orders_book_unrealized (const orders_pos_t *pos);

//  The HOLDING message for a position.
void orders_book_holding (const orders_pos_t *pos, rt_holding_t *out);

//  Iteration over positions (order unspecified): first, then next until NULL. Not valid
//  across a fill that adds a position.
const orders_pos_t *orders_book_first (orders_book_t *self);
const orders_pos_t *orders_book_next (orders_book_t *self);

size_t orders_book_size (const orders_book_t *self);
size_t orders_book_execs (const orders_book_t *self);
void orders_book_stats (const orders_book_t *self, orders_book_stats_t *out);

#endif
