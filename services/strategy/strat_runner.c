/*  strat_runner.c - strat_runner_t: requests, replies, bars, decisions, intents. */
#include "strat_runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_clock.h"
#include "rt_log.h"

#define S_TICK_MS 100
#define S_RETRY_MS 1000             //  a refused request ("paced", "not connected") again

typedef enum {
    SYM_WAIT_POSITIONS = 0,         //  the orders snapshot first: sizing needs the position
    SYM_WAIT_HIST,                  //  HIST_REQUEST sent (or to be retried at retry_ms)
    SYM_LOADING,                    //  accepted: bars until hist_end
    SYM_LIVE,                       //  loaded: deciding (--once: ORDER or DONE next)
    SYM_ORDER,                      //  ORDER_INTENT sent, waiting for its answer
    SYM_DONE,
    SYM_FAILED
} sym_state_t;

typedef struct {
    char symbol [RT_SYMBOL_MAX];
    void *strat;
    sym_state_t state;
    int req_id;                     //  the gateway's id for our historical request
    int ended_req_id;               //  a hist_end seen before the reply gave req_id
    bool ended_ok;
    char ended_reason [RT_TEXT_MAX];
    char hist_corr [RT_CORR_MAX];
    uint64_t sent_ms, retry_ms;
    double position;
    char sent_coid [RT_COID_MAX];   //  the last intent sent: never sent twice from here
    char order_corr [RT_CORR_MAX];
    rt_order_intent_t intent;       //  kept to re-send (same coid) when unanswered
    char last_line [STRAT_LINE_MAX];
    char md_corr [RT_CORR_MAX];
    bool md_ok;
    bool quoted;                //  a usable quote seen: risk has a reference price too
} strat_sym_t;

struct _strat_runner_t {
    rt_service_t *svc;
    strat_cfg_t cfg;
    uint64_t bar_ns;
    strat_sym_t sym [STRAT_SYMBOLS_MAX];
    rt_cmd_client_t *gw, *orders;
    char pos_corr [RT_CORR_MAX];
    bool pos_known;
    uint64_t pos_sent_ms, pos_retry_ms;
    uint64_t start_ms;
    int timer;
    int status;
    //  Scratch for decoding (big structs: not on the stack).
    rt_reply_t reply;
    rt_holding_t holding;
    rt_bar_t bar;
    rt_hist_end_t end;
    rt_quote_t quote;
};

//  ---------------------------------------------------------------------------------------

uint64_t
strat_bar_size_ns (const char *bar_size)
{
    char unit [16] = "";
    int n = 0;
    if (sscanf (bar_size, "%d %15s", &n, unit) != 2 || n <= 0)
        return 0;
    uint64_t sec = 0;
    if (strncmp (unit, "sec", 3) == 0)
        sec = 1;
    else
    if (strncmp (unit, "min", 3) == 0)
        sec = 60;
    else
    if (strncmp (unit, "hour", 4) == 0)
        sec = 3600;
    else
    if (strncmp (unit, "day", 3) == 0)
        sec = 86400;
    else
    if (strncmp (unit, "week", 4) == 0)
        sec = 7 * 86400;
    return sec * (uint64_t) n * 1000000000ULL;
}

static strat_sym_t *
s_sym (strat_runner_t *self, const char *symbol)
{
    for (size_t i = 0; i < self->cfg.symbol_count; i++)
        if (strcmp (self->sym [i].symbol, symbol) == 0)
            return &self->sym [i];
    return NULL;
}

//  A line for the user: stdout (--once, and every new decision when running), and the log.
static void
s_say (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
static void
s_say (const char *fmt, ...)
{
    char line [STRAT_LINE_MAX + 128];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (line, sizeof line, fmt, ap);
    va_end (ap);
    if (printf ("%s\n", line) < 0 || fflush (stdout) != 0)
        rt_log_warn ("stdout: cannot print the decision");
    rt_log_info ("%s", line);
}

static void
s_fail (strat_runner_t *self, strat_sym_t *sym, const char *why)
{
    s_say ("%s: no decision: %s", sym->symbol, why);
    rt_service_count (self->svc, "failed", 1);
    sym->state = SYM_FAILED;
}

//  --once ends when every symbol is DONE or FAILED.
static void
s_maybe_finish (strat_runner_t *self)
{
    if (!self->cfg.once)
        return;
    int status = 0;
    for (size_t i = 0; i < self->cfg.symbol_count; i++) {
        if (self->sym [i].state != SYM_DONE && self->sym [i].state != SYM_FAILED)
            return;
        if (self->sym [i].state == SYM_FAILED)
            status = 1;
    }
    self->status = status;
    rt_service_stop (self->svc);
}

//  ---------------------------------------------------------------------------------------
//  Requests

static void
s_send_positions (strat_runner_t *self)
{
    rt_snapshot_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.what, sizeof req.what, "positions");
    snprintf (req.account, sizeof req.account, "%s", self->cfg.account);
    self->pos_sent_ms = rt_clock_mono_ms ();
    self->pos_retry_ms = 0;
    if (rt_service_send (self->svc, self->orders, RT_TYPE_SNAPSHOT_REQUEST, &req,
                         self->pos_corr) != 0) {
        self->pos_corr [0] = 0;
        self->pos_retry_ms = self->pos_sent_ms + S_RETRY_MS;
    }
}

static void
s_contract (const strat_cfg_t *cfg, char *sec_type, char *exchange, char *currency)
{
    snprintf (sec_type, RT_SECTYPE_MAX, "%s", cfg->sec_type);
    snprintf (exchange, RT_EXCH_MAX, "%s", cfg->exchange);
    snprintf (currency, RT_CCY_MAX, "%s", cfg->currency);
}

static void
s_send_hist (strat_runner_t *self, strat_sym_t *sym)
{
    rt_hist_request_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.symbol, sizeof req.symbol, "%s", sym->symbol);
    s_contract (&self->cfg, req.sec_type, req.exchange, req.currency);
    snprintf (req.duration, sizeof req.duration, "%s", self->cfg.duration);
    snprintf (req.bar_size, sizeof req.bar_size, "%s", self->cfg.bar_size);
    snprintf (req.what_to_show, sizeof req.what_to_show, "%s", self->cfg.what);
    req.use_rth = self->cfg.use_rth;
    req.keep_up_to_date = !self->cfg.once;
    sym->state = SYM_WAIT_HIST;
    sym->req_id = 0;
    sym->ended_req_id = 0;
    sym->sent_ms = rt_clock_mono_ms ();
    sym->retry_ms = 0;
    if (rt_service_send (self->svc, self->gw, RT_TYPE_HIST_REQUEST, &req, sym->hist_corr)) {
        sym->hist_corr [0] = 0;
        sym->retry_ms = sym->sent_ms + S_RETRY_MS;
    }
}

static void
s_send_md (strat_runner_t *self, strat_sym_t *sym)
{
    rt_md_subscribe_t req;
    memset (&req, 0, sizeof req);
    snprintf (req.symbol, sizeof req.symbol, "%s", sym->symbol);
    s_contract (&self->cfg, req.sec_type, req.exchange, req.currency);
    if (rt_service_send (self->svc, self->gw, RT_TYPE_MD_SUBSCRIBE, &req, sym->md_corr))
        sym->md_corr [0] = 0;
}

static void
s_send_order (strat_runner_t *self, strat_sym_t *sym)
{
    sym->state = SYM_ORDER;
    sym->sent_ms = rt_clock_mono_ms ();
    sym->retry_ms = 0;
    if (rt_service_send (self->svc, self->orders, RT_TYPE_ORDER_INTENT, &sym->intent,
                         sym->order_corr)) {
        sym->order_corr [0] = 0;
        sym->retry_ms = sym->sent_ms + S_RETRY_MS;
    }
}

//  ---------------------------------------------------------------------------------------
//  Deciding

static void
s_decide (strat_runner_t *self, strat_sym_t *sym)
{
    strat_signal_t sig;
    self->cfg.def->decide (sym->strat, &sig);
    strat_plan_t plan;
    strat_plan (self->cfg.def->name, sym->symbol, &sig, sym->position, &self->cfg.lim, &plan);
    char line [STRAT_LINE_MAX];
    strat_plan_line (line, sizeof line, sym->symbol, &sig, &plan, sym->position,
                     &self->cfg.lim);
    bool act = plan.action != STRAT_HOLD && strcmp (plan.coid, sym->sent_coid) != 0;
    //  Running: say it when it changes, not on every bar.
    if (self->cfg.once || act || strcmp (line, sym->last_line) != 0) {
        snprintf (sym->last_line, sizeof sym->last_line, "%s", line);
        if (self->cfg.once || act)
            s_say ("%s", line);
        else
            rt_log_info ("%s", line);
    }
    rt_service_count (self->svc, "decisions", 1);
    if (!act) {
        if (self->cfg.once)
            sym->state = SYM_DONE;
        return;
    }
    rt_order_intent_t *in = &sym->intent;
    memset (in, 0, sizeof *in);
    snprintf (in->coid, sizeof in->coid, "%s", plan.coid);
    snprintf (in->account, sizeof in->account, "%s", self->cfg.account);
    snprintf (in->symbol, sizeof in->symbol, "%s", sym->symbol);
    s_contract (&self->cfg, in->sec_type, in->exchange, in->currency);
    in->side = plan.action == STRAT_BUY? RT_SIDE_BUY: RT_SIDE_SELL;
    in->qty = plan.qty;
    in->order_type = RT_ORD_TYPE_MKT;
    in->tif = RT_TIF_DAY;
    snprintf (in->strategy, sizeof in->strategy, "%s", self->cfg.def->name);
    in->ts_ns = rt_now_ns ();
    snprintf (sym->sent_coid, sizeof sym->sent_coid, "%s", plan.coid);
    rt_service_count (self->svc, "intents", 1);
    s_send_order (self, sym);
}

static void
s_loaded (strat_runner_t *self, strat_sym_t *sym, bool ok, const char *reason)
{
    if (!ok) {
        char why [RT_TEXT_MAX + 64];
        snprintf (why, sizeof why, "historical bars failed: %s", reason);
        if (self->cfg.once) {
            s_fail (self, sym, why);
            return;
        }
        rt_log_warn ("%s: %s (asking again)", sym->symbol, why);
        sym->state = SYM_WAIT_HIST;
        sym->retry_ms = rt_clock_mono_ms () + 5 * S_RETRY_MS;
        return;
    }
    sym->state = SYM_LIVE;
    if (!self->cfg.once && !sym->md_ok)
        s_send_md (self, sym);
    //  Running: decide once the symbol is quoted. Risk refuses an order it cannot price
    //  (NO_REFERENCE_PRICE), and a refused coid is final, so deciding before the first
    //  quote would spend this cross's only order.
    if (self->cfg.once || sym->quoted)
        s_decide (self, sym);
    else
        rt_log_info ("%s: bars loaded; deciding at the first quote", sym->symbol);
}

//  ---------------------------------------------------------------------------------------
//  Replies

static void
s_on_orders_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg,
                   void *arg)
{
    strat_runner_t *self = (strat_runner_t *) arg;
    const char *corr = msg->header.corr;
    if (self->pos_corr [0] && strcmp (corr, self->pos_corr) == 0) {
        if (rt_service_decode (svc, msg, RT_TYPE_HOLDING, &self->holding) == 0) {
            strat_sym_t *sym = s_sym (self, self->holding.symbol);
            if (sym && (!self->cfg.account [0]
                    ||  strcmp (self->holding.account, self->cfg.account) == 0))
                sym->position += self->holding.qty;
            return;
        }
        if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &self->reply) != 0)
            return;                 //  order statuses: not needed here
        self->pos_corr [0] = 0;
        if (!self->reply.ok) {
            rt_log_warn ("orders refused the positions snapshot: %s (asking again)",
                         self->reply.reason);
            for (size_t i = 0; i < self->cfg.symbol_count; i++)
                self->sym [i].position = 0;
            self->pos_retry_ms = rt_clock_mono_ms () + S_RETRY_MS;
            return;
        }
        bool first = !self->pos_known;
        self->pos_known = true;
        for (size_t i = 0; first && i < self->cfg.symbol_count; i++)
            s_send_hist (self, &self->sym [i]);
        return;
    }
    if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &self->reply) != 0)
        return;
    for (size_t i = 0; i < self->cfg.symbol_count; i++) {
        strat_sym_t *sym = &self->sym [i];
        if (!sym->order_corr [0] || strcmp (corr, sym->order_corr) != 0)
            continue;
        sym->order_corr [0] = 0;
        const rt_reply_t *r = &self->reply;
        //  A known coid: "duplicate: <STATE>" (ok=true, or false when it was REJECTED).
        if (strncmp (r->reason, "duplicate", 9) == 0)
            s_say ("%s: coid=%s already sent, not doubled (%s)", sym->symbol,
                   sym->intent.coid, r->reason);
        else
        if (r->ok)
            s_say ("%s: coid=%s sent: %s", sym->symbol, sym->intent.coid, r->reason);
        else
        if (r->code == RT_EAGAIN) {
            //  Orders is starting (reconciling): the same coid again shortly.
            rt_log_info ("%s: coid=%s: %s (sending again)", sym->symbol, sym->intent.coid,
                         r->reason);
            sym->retry_ms = rt_clock_mono_ms () + S_RETRY_MS;
            return;
        }
        else {
            s_say ("%s: coid=%s refused: %s", sym->symbol, sym->intent.coid, r->reason);
            rt_service_count (svc, "refused", 1);
        }
        sym->state = self->cfg.once? SYM_DONE: SYM_LIVE;
        s_maybe_finish (self);
        return;
    }
    rt_service_count (svc, "stale_replies", 1);
}

static void
s_on_gw_reply (rt_service_t *svc, rt_cmd_client_t *client, const rt_bus_msg_t *msg, void *arg)
{
    strat_runner_t *self = (strat_runner_t *) arg;
    const char *corr = msg->header.corr;
    if (rt_service_decode (svc, msg, RT_TYPE_REPLY, &self->reply) != 0)
        return;
    const rt_reply_t *r = &self->reply;
    for (size_t i = 0; i < self->cfg.symbol_count; i++) {
        strat_sym_t *sym = &self->sym [i];
        if (sym->md_corr [0] && strcmp (corr, sym->md_corr) == 0) {
            sym->md_corr [0] = 0;
            sym->md_ok = r->ok;
            if (!r->ok)
                rt_log_warn ("%s: MD_SUBSCRIBE refused: %s", sym->symbol, r->reason);
            return;
        }
        if (!sym->hist_corr [0] || strcmp (corr, sym->hist_corr) != 0)
            continue;
        sym->hist_corr [0] = 0;
        if (!r->ok) {
            if (r->code == RT_EAGAIN || r->code == RT_ECLOSED) {
                rt_log_info ("%s: HIST_REQUEST: %s (asking again)", sym->symbol, r->reason);
                sym->retry_ms = rt_clock_mono_ms () + S_RETRY_MS;
                return;
            }
            char why [RT_TEXT_MAX + 32];
            snprintf (why, sizeof why, "HIST_REQUEST refused: %s", r->reason);
            s_fail (self, sym, why);
            s_maybe_finish (self);
            return;
        }
        sym->req_id = atoi (r->id);
        sym->state = SYM_LOADING;
        sym->sent_ms = rt_clock_mono_ms ();
        if (sym->ended_req_id && sym->ended_req_id == sym->req_id) {
            s_loaded (self, sym, sym->ended_ok, sym->ended_reason);
            s_maybe_finish (self);
        }
        return;
    }
    rt_service_count (svc, "stale_replies", 1);
}

//  ---------------------------------------------------------------------------------------
//  Streams

static void
s_on_md (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg, const rt_seq_event_t *seq,
         void *arg)
{
    strat_runner_t *self = (strat_runner_t *) arg;
    if (msg->header.type == RT_TYPE_BAR) {
        if (rt_service_decode (svc, msg, RT_TYPE_BAR, &self->bar) != 0) {
            rt_service_error (svc);
            return;
        }
        const rt_bar_t *b = &self->bar;
        strat_sym_t *sym = s_sym (self, b->symbol);
        //  Bars of any request for this symbol and bar size: the gateway re-issues a
        //  keepUpToDate request under a new id after a reconnect, and another client's
        //  copy of a bar is the same bar (it replaces ours).
        if (!sym || (b->bar_size [0] && strcmp (b->bar_size, self->cfg.bar_size) != 0))
            return;
        if (sym->state != SYM_LOADING && sym->state != SYM_LIVE && sym->state != SYM_ORDER)
            return;
        strat_bar_t sb = { .ts_ns = b->ts_ns, .open = b->open, .high = b->high, .low = b->low,
                           .close = b->close, .volume = b->volume, .is_final = b->is_final };
        //  A bar whose interval has not ended is still forming, whatever the flag says.
        if (self->bar_ns && b->ts_ns + self->bar_ns > rt_now_ns ())
            sb.is_final = false;
        self->cfg.def->on_bar (sym->strat, &sb);
        rt_service_count (svc, "bars", 1);
        if (sym->state == SYM_LIVE && !self->cfg.once && sym->quoted)
            s_decide (self, sym);
        return;
    }
    if (msg->header.type == RT_TYPE_QUOTE) {
        if (rt_service_decode (svc, msg, RT_TYPE_QUOTE, &self->quote) != 0) {
            rt_service_error (svc);
            return;
        }
        const rt_quote_t *q = &self->quote;
        strat_sym_t *sym = s_sym (self, q->symbol);
        if (!sym || sym->quoted || !((q->bid > 0 && q->ask > 0) || q->last > 0))
            return;
        sym->quoted = true;
        if (sym->state == SYM_LIVE && !self->cfg.once)
            s_decide (self, sym);
        return;
    }
    if (msg->header.type == RT_TYPE_HIST_END) {
        if (rt_service_decode (svc, msg, RT_TYPE_HIST_END, &self->end) != 0) {
            rt_service_error (svc);
            return;
        }
        strat_sym_t *sym = s_sym (self, self->end.symbol);
        if (!sym)
            return;
        if (sym->state == SYM_WAIT_HIST && sym->hist_corr [0]) {
            //  Before the reply that names our request: keep it for then.
            sym->ended_req_id = self->end.req_id;
            sym->ended_ok = self->end.ok;
            snprintf (sym->ended_reason, sizeof sym->ended_reason, "%s", self->end.reason);
            return;
        }
        if (sym->state != SYM_LOADING || self->end.req_id != sym->req_id)
            return;
        s_loaded (self, sym, self->end.ok, self->end.reason);
        s_maybe_finish (self);
    }
}

static void
s_on_orders_pub (rt_service_t *svc, rt_sub_t *sub, const rt_bus_msg_t *msg,
                 const rt_seq_event_t *seq, void *arg)
{
    strat_runner_t *self = (strat_runner_t *) arg;
    if (seq->kind == RT_SEQ_RESTART && self->pos_known && !self->pos_corr [0]) {
        //  The orders service restarted: take the positions again from its snapshot.
        for (size_t i = 0; i < self->cfg.symbol_count; i++)
            self->sym [i].position = 0;
        s_send_positions (self);
    }
    if (msg->header.type != RT_TYPE_HOLDING
    ||  rt_service_decode (svc, msg, RT_TYPE_HOLDING, &self->holding) != 0)
        return;
    strat_sym_t *sym = s_sym (self, self->holding.symbol);
    if (sym && !self->pos_corr [0]
    &&  (!self->cfg.account [0] || strcmp (self->holding.account, self->cfg.account) == 0))
        sym->position = self->holding.qty;
}

//  ---------------------------------------------------------------------------------------
//  Timer: retries and deadlines

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    strat_runner_t *self = (strat_runner_t *) arg;
    uint64_t now = rt_clock_mono_ms ();
    if (self->cfg.once && now - self->start_ms >= self->cfg.timeout_ms) {
        for (size_t i = 0; i < self->cfg.symbol_count; i++) {
            strat_sym_t *sym = &self->sym [i];
            const char *what = sym->state == SYM_WAIT_POSITIONS? "no positions from the "
                                   "orders service"
                             : sym->state == SYM_WAIT_HIST? "the gateway did not accept the "
                                   "historical request"
                             : sym->state == SYM_LOADING? "historical bars did not end"
                             : sym->state == SYM_ORDER? "the orders service did not answer "
                                   "the intent" : NULL;
            if (what) {
                char why [160];
                snprintf (why, sizeof why, "%s within %llu ms", what,
                          (unsigned long long) self->cfg.timeout_ms);
                s_fail (self, sym, why);
            }
        }
        s_maybe_finish (self);
        return 0;
    }
    if (!self->pos_known && !self->pos_corr [0] && self->pos_retry_ms && now >= self->pos_retry_ms)
        s_send_positions (self);
    if (!self->pos_known && self->pos_corr [0] && now - self->pos_sent_ms >= self->cfg.timeout_ms)
        s_send_positions (self);    //  (the late answer to the old one is dropped)
    for (size_t i = 0; i < self->cfg.symbol_count; i++) {
        strat_sym_t *sym = &self->sym [i];
        bool due = sym->retry_ms && now >= sym->retry_ms;
        bool silent = now - sym->sent_ms >= self->cfg.timeout_ms;
        if (sym->state == SYM_WAIT_HIST && (due || (sym->hist_corr [0] && silent)))
            s_send_hist (self, sym);
        else
        if (sym->state == SYM_ORDER && (due || (sym->order_corr [0] && silent)))
            s_send_order (self, sym);   //  the same coid: the orders service dedupes it
        else
        if (sym->state == SYM_LOADING && silent && !self->cfg.once) {
            rt_log_warn ("%s: no hist_end within %llu ms (asking again)", sym->symbol,
                         (unsigned long long) self->cfg.timeout_ms);
            s_send_hist (self, sym);
        }
    }
    return 0;
}

//  ---------------------------------------------------------------------------------------

strat_runner_t *
strat_runner_new (rt_service_t *svc, const strat_cfg_t *cfg)
{
    strat_runner_t *self = calloc (1, sizeof *self);
    if (!self) {
        rt_log_error ("out of memory");
        return NULL;
    }
    self->svc = svc;
    self->cfg = *cfg;
    self->bar_ns = strat_bar_size_ns (cfg->bar_size);
    self->start_ms = rt_clock_mono_ms ();
    self->timer = -1;
    self->status = 1;
    for (size_t i = 0; i < cfg->symbol_count; i++) {
        strat_sym_t *sym = &self->sym [i];
        snprintf (sym->symbol, sizeof sym->symbol, "%s", cfg->symbols [i]);
        char err [256] = "";
        if (cfg->def->create (&sym->strat, &cfg->params, err, sizeof err) != 0) {
            rt_log_error ("strategy %s: %s", cfg->def->name, err);
            goto fail;
        }
    }
    //  Topic prefixes: bars and hist ends (and quotes when running) of our symbols.
    static char topics [STRAT_SYMBOLS_MAX * 3][RT_TOPIC_MAX];
    static const char *md [STRAT_SYMBOLS_MAX * 3 + 1];
    size_t n = 0;
    for (size_t i = 0; i < cfg->symbol_count; i++) {
        rt_type_t types [] = { RT_TYPE_BAR, RT_TYPE_HIST_END, RT_TYPE_QUOTE };
        for (size_t t = 0; t < (cfg->once? 2u: 3u); t++) {
            if (rt_topic_format (topics [n], sizeof topics [n], types [t], cfg->symbols [i])) {
                rt_log_error ("symbol '%s' makes no topic", cfg->symbols [i]);
                goto fail;
            }
            md [n] = topics [n];
            n++;
        }
    }
    md [n] = NULL;
    static const char *const pos_topics [] = { "ord.pos.", NULL };
    self->gw = rt_service_client (svc, rt_bus_endpoint (RT_EP_GATEWAY_CMD), "gateway",
                                  s_on_gw_reply, self);
    self->orders = rt_service_client (svc, rt_bus_endpoint (RT_EP_ORDERS_CMD), "orders",
                                      s_on_orders_reply, self);
    //  Subscribed before any request, so the bars the request brings find us listening.
    if (!self->gw || !self->orders
    ||  !rt_service_sub (svc, rt_bus_endpoint (RT_EP_GATEWAY_MD), "gateway", md, s_on_md, self)
    ||  (!cfg->once && !rt_service_sub (svc, rt_bus_endpoint (RT_EP_ORDERS_PUB), "orders",
                                        pos_topics, s_on_orders_pub, self)))
        goto fail;
    self->timer = zloop_timer (rt_service_loop (svc), S_TICK_MS, 0, s_on_tick, self);
    if (self->timer < 0) {
        rt_log_error ("zloop: cannot arm the timer");
        goto fail;
    }
    s_send_positions (self);
    return self;
fail:
    strat_runner_destroy (&self);
    return NULL;
}

void
strat_runner_destroy (strat_runner_t **self_p)
{
    strat_runner_t *self = *self_p;
    if (!self)
        return;
    if (self->timer >= 0)
        zloop_timer_end (rt_service_loop (self->svc), self->timer);
    for (size_t i = 0; i < self->cfg.symbol_count; i++)
        if (self->sym [i].strat)
            self->cfg.def->destroy (&self->sym [i].strat);
    //  Clients and subscribers belong to the service (closed by rt_service_destroy).
    free (self);
    *self_p = NULL;
}

int
strat_runner_status (const strat_runner_t *self)
{
    return self->status;
}
