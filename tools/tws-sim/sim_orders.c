/*  sim_orders.c - order validation, placement, modification, cancellation and matching.

    Matching happens once per market update (a quote second, or a price override within the
    second): open orders are visited in placement order (time priority) and take liquidity
    from the displayed size at the touch, which is shared by all orders of the update; what
    is left fills on later updates. A limit order that was marketable when it arrived fills at
    the touch (price improvement); one that rested and is later crossed fills at its limit,
    as a resting order on a real book does. Stops trigger on the last trade (IB's default
    trigger method for US stocks) and then act as MKT / LMT.
*/
#include "sim_broker_int.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_error.h"

#define S_COMM_PER_SHARE 0.005
#define S_COMM_MIN       1.00
#define S_COMM_MAX_RATE  0.01

void
sim_brk_error (sim_broker_t *self, int client_id, int64_t order_id, int code,
               const char *text)
{
    if (self->sink.on_error)
        self->sink.on_error (self->sink.ctx, client_id, order_id, code, text);
}

static void
s_emit_state (sim_broker_t *self, const sim_order_t *o)
{
    if (self->sink.on_open_order)
        self->sink.on_open_order (self->sink.ctx, o);
    if (self->sink.on_order_status)
        self->sink.on_order_status (self->sink.ctx, o);
}

static bool
s_is_open (const sim_order_t *o)
{
    return o->status == SIM_ST_PRESUBMITTED || o->status == SIM_ST_SUBMITTED;
}

static bool
s_is_stop (const sim_order_t *o)
{
    return strcmp (o->order_type, "STP") == 0 || strcmp (o->order_type, "STP LMT") == 0;
}

static bool
s_has_limit (const sim_order_t *o)
{
    return strcmp (o->order_type, "LMT") == 0 || strcmp (o->order_type, "STP LMT") == 0;
}

//  Order's cumulative commission after qty shares worth value.
static double
s_commission (double qty, double value)
{
    double c = qty * S_COMM_PER_SHARE;
    if (c < S_COMM_MIN)
        c = S_COMM_MIN;
    if (c > S_COMM_MAX_RATE * value)
        c = S_COMM_MAX_RATE * value;
    return c;
}

static sim_brk_client_t *
s_client (sim_broker_t *self, int client_id, bool create)
{
    sim_brk_client_t *oldest = NULL;
    for (size_t i = 0; i < SIM_BRK_CLIENTS; i++) {
        sim_brk_client_t *c = &self->clients [i];
        if (c->used && c->client_id == client_id) {
            c->stamp = ++self->client_clock;
            return c;
        }
        if (!oldest || !c->used || (oldest->used && c->stamp < oldest->stamp))
            oldest = c;
    }
    if (!create)
        return NULL;
    //  Beyond SIM_BRK_CLIENTS distinct ids the least recently seen is forgotten.
    memset (oldest, 0, sizeof *oldest);
    oldest->used = true;
    oldest->client_id = client_id;
    oldest->last_id = self->config.first_order_id - 1;
    oldest->stamp = ++self->client_clock;
    return oldest;
}

int64_t
sim_broker_next_order_id (const sim_broker_t *self, int client_id)
{
    assert (self);
    for (size_t i = 0; i < SIM_BRK_CLIENTS; i++)
        if (self->clients [i].used && self->clients [i].client_id == client_id)
            return self->clients [i].last_id + 1;
    return self->config.first_order_id;
}

static sim_brk_order_t *
s_find (const sim_broker_t *self, int client_id, int64_t order_id)
{
    for (size_t i = 0; i < self->config.max_orders; i++) {
        sim_brk_order_t *o = &self->orders [i];
        if (o->used && o->o.client_id == client_id && o->o.order_id == order_id)
            return o;
    }
    return NULL;
}

const sim_order_t *
sim_broker_order (const sim_broker_t *self, int client_id, int64_t order_id)
{
    assert (self);
    const sim_brk_order_t *o = s_find (self, client_id, order_id);
    return o ? &o->o : NULL;
}

//  Moves an order from the open list to the completed ring, evicting the oldest completed
//  order if the ring is full (it shares capacity with the slots, so it never is).
static void
s_complete (sim_broker_t *self, sim_brk_order_t *o, sim_order_status_t status, int64_t now_ms)
{
    size_t slot = (size_t) (o - self->orders);
    o->o.status = status;
    o->o.completed_ms = now_ms;
    if (status == SIM_ST_FILLED)
        snprintf (o->o.completed_status, sizeof o->o.completed_status, "Filled");
    else
        snprintf (o->o.completed_status, sizeof o->o.completed_status, "Cancelled by Trader");
    for (size_t i = 0; i < self->nopen; i++)
        if (self->open [i] == slot) {
            memmove (&self->open [i], &self->open [i + 1],
                     (self->nopen - i - 1) * sizeof self->open [0]);
            self->nopen--;
            break;
        }
    size_t cap = self->config.max_orders;
    self->done [(self->done_head + self->ndone) % cap] = slot;
    self->ndone++;
}

//  A free slot: unused, or else the oldest completed order is forgotten.
static sim_brk_order_t *
s_alloc (sim_broker_t *self)
{
    for (size_t i = 0; i < self->config.max_orders; i++)
        if (!self->orders [i].used)
            return &self->orders [i];
    if (self->ndone == 0)
        return NULL;
    size_t slot = self->done [self->done_head];
    self->done_head = (self->done_head + 1) % self->config.max_orders;
    self->ndone--;
    memset (&self->orders [slot], 0, sizeof self->orders [slot]);
    return &self->orders [slot];
}

static void
s_cancel (sim_broker_t *self, sim_brk_order_t *o, int64_t now_ms, const char *reason)
{
    char text [128];
    snprintf (text, sizeof text, "Order Canceled - reason:%s", reason);
    s_complete (self, o, SIM_ST_CANCELLED, now_ms);
    sim_brk_error (self, o->o.client_id, o->o.order_id, 202, text);
    if (self->sink.on_order_status)
        self->sink.on_order_status (self->sink.ctx, &o->o);
}

static void
s_fill (sim_broker_t *self, sim_brk_order_t *bo, double qty, double price, bool added,
        int64_t now_ms)
{
    sim_order_t *o = &bo->o;
    bool buy = strcmp (o->action, "BUY") == 0;
    double before_qty = o->filled;
    double before_value = o->avg_fill_price * o->filled;
    double after_value = before_value + qty * price;
    double commission = s_commission (before_qty + qty, after_value)
                      - (before_qty > 0 ? s_commission (before_qty, before_value) : 0);
    o->filled += qty;
    o->remaining = o->total_qty - o->filled;
    o->avg_fill_price = after_value / o->filled;
    o->last_fill_price = price;
    o->commission += commission;
    if (o->remaining <= 0)
        o->status = SIM_ST_FILLED;

    sim_brk_account_t *acct = sim_brk_account_find (self, o->account);
    assert (acct);
    double realized = sim_brk_book_fill (self, acct, o->sym, buy, qty, price, commission);

    sim_execution_t *e = &self->execs [(self->exec_head + self->nexecs)
                                       % self->config.max_executions];
    if (self->nexecs == self->config.max_executions)
        self->exec_head = (self->exec_head + 1) % self->config.max_executions;
    else
        self->nexecs++;
    memset (e, 0, sizeof *e);
    self->exec_seq++;
    snprintf (e->exec_id, sizeof e->exec_id, "%08x.%08x.01.01", self->exec_prefix,
              (uint32_t) (self->exec_base + self->exec_seq));
    e->time_ms = now_ms;
    e->client_id = o->client_id;
    e->order_id = o->order_id;
    e->perm_id = o->perm_id;
    e->sym = o->sym;
    e->contract = o->contract;
    snprintf (e->account, sizeof e->account, "%s", o->account);
    snprintf (e->exchange, sizeof e->exchange, "%s", o->contract->primary_exchange);
    snprintf (e->side, sizeof e->side, "%s", buy ? "BOT" : "SLD");
    e->shares = qty;
    e->price = price;
    e->cum_qty = o->filled;
    e->avg_price = o->avg_fill_price;
    snprintf (e->order_ref, sizeof e->order_ref, "%s", o->order_ref);
    e->last_liquidity = added ? 1 : 2;
    e->commission = commission;
    snprintf (e->commission_currency, sizeof e->commission_currency, "USD");
    e->realized_pnl = realized;

    //  execDetails, openOrder, orderStatus, commissionReport (see sim_broker.h).
    if (self->sink.on_execution)
        self->sink.on_execution (self->sink.ctx, e, o);
    if (o->status == SIM_ST_FILLED)
        s_complete (self, bo, SIM_ST_FILLED, now_ms);
    s_emit_state (self, o);
    if (self->sink.on_commission)
        self->sink.on_commission (self->sink.ctx, e);
    if (self->sink.on_position) {
        sim_position_t p;
        sim_brk_fill_position (self, acct, o->sym, now_ms, &p);
        self->sink.on_position (self->sink.ctx, &p);
    }
    if (self->sink.on_account_changed)
        self->sink.on_account_changed (self->sink.ctx, acct->name);
}

//  Liquidity record of sym for the update (sec, version), reset when the update is new.
static sim_brk_liq_t *
s_liquidity (sim_broker_t *self, const sim_quote_t *q)
{
    sim_brk_liq_t *l = &self->liq [q->sym];
    if (l->sec != q->sec || l->version != q->version) {
        l->sec = q->sec;
        l->version = q->version;
        l->used_bid = l->used_ask = 0;
    }
    return l;
}

//  One order against one market update. Returns true if the order is still open.
static bool
s_match_order (sim_broker_t *self, sim_brk_order_t *bo, const sim_quote_t *q, int64_t now_ms)
{
    sim_order_t *o = &bo->o;
    bool buy = strcmp (o->action, "BUY") == 0;
    if (s_is_stop (o) && !o->triggered) {
        bool fire = buy ? q->last >= o->aux_price : q->last <= o->aux_price;
        if (!fire)
            return true;
        o->triggered = true;
        o->status = SIM_ST_SUBMITTED;
        s_emit_state (self, o);
    }
    sim_brk_liq_t *l = s_liquidity (self, q);
    double touch = buy ? q->ask : q->bid;
    int64_t avail = buy ? q->ask_size - l->used_ask : q->bid_size - l->used_bid;
    bool crosses = true;
    if (s_has_limit (o))
        crosses = buy ? touch <= o->lmt_price + 1e-9 : touch >= o->lmt_price - 1e-9;
    if (!crosses) {
        bo->rested = true;
        return true;
    }
    if (avail <= 0)
        return true;
    double qty = o->remaining < (double) avail ? o->remaining : (double) avail;
    double price = (s_has_limit (o) && bo->rested) ? o->lmt_price : touch;
    if (buy)
        l->used_ask += (int64_t) qty;
    else
        l->used_bid += (int64_t) qty;
    s_fill (self, bo, qty, price, s_has_limit (o) && bo->rested, now_ms);
    return s_is_open (o);
}

void
sim_brk_match_symbol (sim_broker_t *self, int sym, int64_t sec, int64_t now_ms)
{
    bool any = false;
    for (size_t i = 0; i < self->nopen && !any; i++)
        any = self->orders [self->open [i]].o.sym == sym;
    if (!any)
        return;
    sim_quote_t q;
    if (sim_market_quote (self->market, sym, sec * 1000, &q) != 0)
        return;
    //  Completion removes entries from the open list, so walk by placement sequence.
    uint64_t next_seq = 0;
    for (;;) {
        sim_brk_order_t *bo = NULL;
        for (size_t i = 0; i < self->nopen; i++) {
            sim_brk_order_t *c = &self->orders [self->open [i]];
            if (c->o.sym == sym && c->seq >= next_seq) {
                bo = c;
                break;
            }
        }
        if (!bo)
            break;
        next_seq = bo->seq + 1;
        s_match_order (self, bo, &q, now_ms);
    }
}

void
sim_brk_expire_day (sim_broker_t *self, int64_t now_ms)
{
    size_t i = 0;
    while (i < self->nopen) {
        sim_brk_order_t *bo = &self->orders [self->open [i]];
        if (strcmp (bo->o.tif, "DAY") == 0)
            s_cancel (self, bo, now_ms, "DAY order expired");
        else
            i++;
    }
}

static bool
s_on_tick (double price, double tick)
{
    double n = price / tick;
    return fabs (n - floor (n + 0.5)) < 1e-6;
}

static bool
s_set (double v)
{
    return v != SIM_UNSET_DOUBLE && isfinite (v);
}

//  Checks a request's order fields (not the id, contract or account). Returns 0 or the
//  IB code with text filled in.
static int
s_validate (const sim_order_request_t *r, const sim_contract_t *c, char *text, size_t cap)
{
    bool is_lmt = strcmp (r->order_type, "LMT") == 0;
    bool is_stp = strcmp (r->order_type, "STP") == 0;
    bool is_stl = strcmp (r->order_type, "STP LMT") == 0;
    if (strcmp (r->action, "BUY") != 0 && strcmp (r->action, "SELL") != 0
    &&  strcmp (r->action, "SSHORT") != 0) {
        snprintf (text, cap, "Order rejected - reason:Invalid action '%s'", r->action);
        return 201;
    }
    if (!(r->total_qty > 0) || !isfinite (r->total_qty) || r->total_qty > 1e7
    ||  r->total_qty != floor (r->total_qty)) {
        snprintf (text, cap, "Order rejected - reason:Invalid order size");
        return 201;
    }
    if (!is_lmt && !is_stp && !is_stl && strcmp (r->order_type, "MKT") != 0) {
        snprintf (text, cap, "Unsupported order type for this exchange and security type.");
        return 387;
    }
    if ((is_lmt || is_stl) && (!s_set (r->lmt_price) || r->lmt_price <= 0)) {
        snprintf (text, cap, "Order rejected - reason:The limit price is missing or invalid");
        return 201;
    }
    if ((is_stp || is_stl) && (!s_set (r->aux_price) || r->aux_price <= 0)) {
        snprintf (text, cap, "Order rejected - reason:The stop price is missing or invalid");
        return 201;
    }
    if (((is_lmt || is_stl) && !s_on_tick (r->lmt_price, c->min_tick))
    ||  ((is_stp || is_stl) && !s_on_tick (r->aux_price, c->min_tick))) {
        snprintf (text, cap, "The price does not conform to the minimum price variation "
                  "for this contract.");
        return 110;
    }
    if (r->tif [0] && strcmp (r->tif, "DAY") != 0 && strcmp (r->tif, "GTC") != 0
    &&  strcmp (r->tif, "IOC") != 0) {
        snprintf (text, cap, "Order rejected - reason:Invalid time in force '%s'", r->tif);
        return 201;
    }
    return 0;
}

static double
s_price_or_unset (const sim_order_request_t *r, bool limit)
{
    bool lmt = strcmp (r->order_type, "LMT") == 0 || strcmp (r->order_type, "STP LMT") == 0;
    bool stp = strcmp (r->order_type, "STP") == 0 || strcmp (r->order_type, "STP LMT") == 0;
    if (limit)
        return lmt ? r->lmt_price : SIM_UNSET_DOUBLE;
    return stp ? r->aux_price : SIM_UNSET_DOUBLE;
}

//  Initial-margin check for an order that adds exposure.
static bool
s_margin_ok (sim_broker_t *self, const sim_brk_account_t *acct, int sym, bool buy,
             double qty, double price, int64_t now_ms, char *text, size_t cap)
{
    double pos = acct->pos [sym].position;
    if ((buy && pos < 0) || (!buy && pos > 0))
        return true;
    double equity, init;
    sim_brk_margin (self, acct, now_ms, &equity, &init);
    double after = init + 0.25 * qty * price;
    if (after <= equity)
        return true;
    snprintf (text, cap, "Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO "
              "OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [%.2f USD] MUST "
              "EXCEED THE INITIAL MARGIN [%.2f USD]", equity, after);
    return false;
}

static int
s_reject (sim_broker_t *self, const sim_order_request_t *r, int code, const char *text,
          int rc)
{
    sim_brk_error (self, r->client_id, r->order_id, code, text);
    return rc;
}

static int
s_modify (sim_broker_t *self, sim_brk_order_t *bo, const sim_order_request_t *r, int sym,
          int64_t now_ms)
{
    sim_order_t *o = &bo->o;
    char text [256];
    const char *action = strcmp (r->action, "SSHORT") == 0 ? "SELL" : r->action;
    if (sym != o->sym || strcmp (action, o->action) != 0
    ||  (r->account [0] && strcmp (r->account, o->account) != 0))
        return s_reject (self, r, 105, "Order being modified does not match original order.",
                         RT_EINVAL);
    int code = s_validate (r, o->contract, text, sizeof text);
    if (code)
        return s_reject (self, r, code, text, RT_EINVAL);
    if (r->total_qty <= o->filled)
        return s_reject (self, r, 201, "Order rejected - reason:The new quantity is not "
                         "above the filled quantity", RT_EINVAL);
    snprintf (o->order_type, sizeof o->order_type, "%s", r->order_type);
    o->total_qty = r->total_qty;
    o->remaining = r->total_qty - o->filled;
    o->lmt_price = s_price_or_unset (r, true);
    o->aux_price = s_price_or_unset (r, false);
    snprintf (o->tif, sizeof o->tif, "%s", r->tif [0] ? r->tif : "DAY");
    snprintf (o->order_ref, sizeof o->order_ref, "%s", r->order_ref);
    o->outside_rth = r->outside_rth;
    if (!s_is_stop (o))
        o->triggered = false;
    o->status = (s_is_stop (o) && !o->triggered) ? SIM_ST_PRESUBMITTED : SIM_ST_SUBMITTED;
    //  A new price may cross at once: treat it as a new arrival for the improvement rule.
    bo->rested = false;
    s_emit_state (self, o);
    sim_quote_t q;
    if (sim_market_quote (self->market, sym, now_ms, &q) == 0 && s_is_open (o))
        s_match_order (self, bo, &q, now_ms);
    return 0;
}

int
sim_broker_place (sim_broker_t *self, const sim_order_request_t *r, int64_t now_ms)
{
    assert (self && r);
    //  Market seconds up to now are settled first, so the outcome does not depend on how
    //  often the server's timer ran: only on the command times.
    sim_broker_advance (self, now_ms);
    char text [320];
    int sym = sim_universe_match (r->con_id, r->symbol, r->sec_type, r->exchange, r->currency);
    if (sym < 0)
        return s_reject (self, r, 200, "No security definition has been found for the request",
                         RT_EINVAL);
    sim_brk_order_t *existing = s_find (self, r->client_id, r->order_id);
    if (existing && s_is_open (&existing->o))
        return s_modify (self, existing, r, sym, now_ms);
    if (existing && existing->o.status == SIM_ST_FILLED)
        return s_reject (self, r, 104, "Cannot modify a filled order.", RT_EINVAL);
    sim_brk_client_t *client = s_client (self, r->client_id, true);
    if (existing || r->order_id <= client->last_id) {
        snprintf (text, sizeof text, "Duplicate order id");
        return s_reject (self, r, 103, text, RT_EINVAL);
    }
    //  The id is used from here on, even if the order is refused below (as at IB).
    client->last_id = r->order_id;
    const sim_contract_t *c = sim_universe_at ((size_t) sym);
    int code = s_validate (r, c, text, sizeof text);
    if (code)
        return s_reject (self, r, code, text, RT_EINVAL);
    sim_brk_account_t *acct = sim_brk_account_find (self, r->account);
    if (!acct) {
        snprintf (text, sizeof text, "Order rejected - reason:Invalid account '%s'",
                  r->account);
        return s_reject (self, r, 201, text, RT_EINVAL);
    }
    bool buy = strcmp (r->action, "BUY") == 0;
    sim_quote_t q;
    sim_market_quote (self->market, sym, now_ms, &q);
    double est = s_set (r->lmt_price) && strcmp (r->order_type, "MKT") != 0
               && strcmp (r->order_type, "STP") != 0 ? r->lmt_price : (buy ? q.ask : q.bid);
    if (!s_margin_ok (self, acct, sym, buy, r->total_qty, est, now_ms, text, sizeof text))
        return s_reject (self, r, 201, text, RT_EINVAL);
    if (self->nopen == self->config.max_orders)
        return s_reject (self, r, 201, "Order rejected - reason:The maximum number of open "
                         "orders has been reached", RT_ERANGE);
    sim_brk_order_t *bo = s_alloc (self);
    assert (bo);        //  fewer open orders than slots, so a slot or a completed one exists
    memset (bo, 0, sizeof *bo);
    bo->used = true;
    bo->seq = ++self->order_seq;
    sim_order_t *o = &bo->o;
    o->client_id = r->client_id;
    o->order_id = r->order_id;
    o->perm_id = self->perm_base + (int64_t) bo->seq;
    o->sym = sym;
    o->contract = c;
    snprintf (o->action, sizeof o->action, "%s", buy ? "BUY" : "SELL");
    o->total_qty = r->total_qty;
    snprintf (o->order_type, sizeof o->order_type, "%s", r->order_type);
    o->lmt_price = s_price_or_unset (r, true);
    o->aux_price = s_price_or_unset (r, false);
    snprintf (o->tif, sizeof o->tif, "%s", r->tif [0] ? r->tif : "DAY");
    snprintf (o->account, sizeof o->account, "%s", acct->name);
    snprintf (o->order_ref, sizeof o->order_ref, "%s", r->order_ref);
    o->outside_rth = r->outside_rth;
    o->status = s_is_stop (o) ? SIM_ST_PRESUBMITTED : SIM_ST_SUBMITTED;
    o->remaining = o->total_qty;
    o->placed_ms = now_ms;
    self->open [self->nopen++] = (size_t) (bo - self->orders);
    s_emit_state (self, o);
    bool open = s_match_order (self, bo, &q, now_ms);
    if (open && strcmp (o->tif, "IOC") == 0)
        s_cancel (self, bo, now_ms, "IOC remainder");
    return 0;
}

int
sim_broker_cancel (sim_broker_t *self, int client_id, int64_t order_id, int64_t now_ms)
{
    assert (self);
    sim_broker_advance (self, now_ms);
    char text [128];
    sim_brk_order_t *bo = s_find (self, client_id, order_id);
    if (!bo) {
        snprintf (text, sizeof text, "Can't find order with id = %lld", (long long) order_id);
        sim_brk_error (self, client_id, order_id, 135, text);
        return RT_EINVAL;
    }
    if (!s_is_open (&bo->o)) {
        snprintf (text, sizeof text, "Cancel attempted when order is not in a cancellable "
                  "state.  Order permId =%lld", (long long) bo->o.perm_id);
        sim_brk_error (self, client_id, order_id, 161, text);
        return RT_EINVAL;
    }
    s_cancel (self, bo, now_ms, "");
    return 0;
}

int
sim_broker_global_cancel (sim_broker_t *self, int64_t now_ms)
{
    assert (self);
    sim_broker_advance (self, now_ms);
    int n = 0;
    while (self->nopen > 0) {
        s_cancel (self, &self->orders [self->open [0]], now_ms, "");
        n++;
    }
    return n;
}
