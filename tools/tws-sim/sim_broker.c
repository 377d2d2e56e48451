/*  sim_broker.c - broker life cycle, the clock, and the order / execution queries. */
#include "sim_broker_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_error.h"

#define S_CATCH_UP_MAX 3600     //  seconds of market replayed after a stall

static const char *s_status_words [] = {
    "PreSubmitted", "Submitted", "Filled", "Cancelled", "Inactive",
};

const char *
sim_order_status_str (sim_order_status_t status)
{
    if ((unsigned) status < sizeof s_status_words / sizeof s_status_words [0])
        return s_status_words [status];
    return "Unknown";
}

static int64_t
s_floor_div (int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

//  Splits "DU1,DU2" into the account table. Returns 0 or RT_EINVAL.
static int
s_parse_accounts (sim_broker_t *self, const char *list)
{
    if (!list || !*list)
        list = "DU123456";
    const char *p = list;
    while (*p) {
        const char *comma = strchr (p, ',');
        size_t len = comma ? (size_t) (comma - p) : strlen (p);
        if (len == 0 || len >= SIM_ACCOUNT_MAX || self->naccounts == SIM_ACCOUNTS_MAX)
            return RT_EINVAL;
        memcpy (self->account [self->naccounts].name, p, len);
        self->account [self->naccounts].name [len] = '\0';
        self->naccounts++;
        p += len;
        if (*p == ',') {
            p++;
            if (!*p)
                return RT_EINVAL;
        }
    }
    size_t used = 0;
    for (size_t i = 0; i < self->naccounts; i++) {
        int n = snprintf (self->accounts_text + used, sizeof self->accounts_text - used,
                          "%s%s", i ? "," : "", self->account [i].name);
        assert (n > 0 && (size_t) n < sizeof self->accounts_text - used);
        used += (size_t) n;
    }
    return 0;
}

sim_broker_t *
sim_broker_new (const sim_broker_config_t *config, sim_market_t *market,
                const sim_sink_t *sink, int64_t now_ms)
{
    assert (config && market);
    sim_broker_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->config = *config;
    self->config.accounts = NULL;       //  the text lives in accounts_text
    if (self->config.max_orders == 0)
        self->config.max_orders = 4096;
    if (self->config.max_executions == 0)
        self->config.max_executions = 8192;
    if (self->config.first_order_id <= 0)
        self->config.first_order_id = 1;
    self->market = market;
    if (sink)
        self->sink = *sink;
    self->nsym = sim_universe_count ();
    if (s_parse_accounts (self, config->accounts) != 0)
        goto fail;
    for (size_t a = 0; a < self->naccounts; a++) {
        self->account [a].pos = calloc (self->nsym, sizeof *self->account [a].pos);
        if (!self->account [a].pos)
            goto fail;
    }
    self->orders = calloc (self->config.max_orders, sizeof *self->orders);
    self->open = calloc (self->config.max_orders, sizeof *self->open);
    self->done = calloc (self->config.max_orders, sizeof *self->done);
    self->execs = calloc (self->config.max_executions, sizeof *self->execs);
    self->liq = calloc (self->nsym, sizeof *self->liq);
    if (!self->orders || !self->open || !self->done || !self->execs || !self->liq)
        goto fail;
    uint64_t seed = config->seed;
    self->exec_prefix = (uint32_t) sim_hash4 (seed, 0xe8ec, 1, 0);
    self->exec_base = (uint32_t) sim_hash4 (seed, 0xe8ec, 2, 0);
    self->perm_base = 1000000000LL + (int64_t) (sim_hash4 (seed, 0x9e53, 0, 0) % 900000000ULL);
    sim_broker_reset (self, now_ms);
    return self;
fail:
    sim_broker_destroy (&self);
    return NULL;
}

void
sim_broker_destroy (sim_broker_t **self_p)
{
    assert (self_p);
    sim_broker_t *self = *self_p;
    if (self) {
        for (size_t a = 0; a < SIM_ACCOUNTS_MAX; a++)
            free (self->account [a].pos);
        free (self->orders);
        free (self->open);
        free (self->done);
        free (self->execs);
        free (self->liq);
        free (self);
        *self_p = NULL;
    }
}

void
sim_broker_set_sink (sim_broker_t *self, const sim_sink_t *sink)
{
    assert (self);
    if (sink)
        self->sink = *sink;
    else
        memset (&self->sink, 0, sizeof self->sink);
}

void
sim_broker_reset (sim_broker_t *self, int64_t now_ms)
{
    assert (self);
    memset (self->orders, 0, self->config.max_orders * sizeof *self->orders);
    self->nopen = 0;
    self->done_head = self->ndone = 0;
    self->exec_head = self->nexecs = 0;
    memset (self->clients, 0, sizeof self->clients);
    memset (self->liq, 0, self->nsym * sizeof *self->liq);
    for (size_t i = 0; i < self->nsym; i++)
        self->liq [i].sec = INT64_MIN;
    sim_brk_reset_accounts (self);
    //  order_seq and exec_seq keep counting: permIds and execIds stay unique for the run.
    self->last_sec = s_floor_div (now_ms, 1000);
    self->day = s_floor_div (self->last_sec, 86400);
}

const char *
sim_broker_accounts (const sim_broker_t *self)
{
    assert (self);
    return self->accounts_text;
}

static void
s_second (sim_broker_t *self, int64_t sec)
{
    int64_t day = s_floor_div (sec, 86400);
    if (day != self->day) {
        //  The previous day ends: DAY orders expire, daily P&L restarts at the last prices.
        sim_brk_expire_day (self, sec * 1000);
        sim_brk_roll_day (self, day, sec * 1000 - 1);
    }
    for (size_t s = 0; s < self->nsym && self->nopen > 0; s++)
        sim_brk_match_symbol (self, (int) s, sec, sec * 1000);
}

int
sim_broker_advance (sim_broker_t *self, int64_t now_ms)
{
    assert (self);
    int64_t now_sec = s_floor_div (now_ms, 1000);
    if (now_sec - self->last_sec > S_CATCH_UP_MAX) {
        int64_t skip_to = now_sec - S_CATCH_UP_MAX;
        if (s_floor_div (skip_to, 86400) != self->day)
            s_second (self, skip_to);   //  rolls the day; matches that second too
        self->last_sec = skip_to;
    }
    for (int64_t sec = self->last_sec + 1; sec <= now_sec; sec++)
        s_second (self, sec);
    if (now_sec > self->last_sec)
        self->last_sec = now_sec;
    //  An override inside the current second is a new market update: match it too.
    for (size_t s = 0; s < self->nsym && self->nopen > 0; s++) {
        sim_quote_t q;
        if (sim_market_quote (self->market, (int) s, now_ms, &q) == 0
        &&  (self->liq [s].sec != q.sec || self->liq [s].version != q.version))
            sim_brk_match_symbol (self, (int) s, now_sec, now_ms);
    }
    return 0;
}

size_t
sim_broker_open_orders (const sim_broker_t *self, int client_id, sim_order_fn *fn, void *ctx)
{
    assert (self && fn);
    size_t n = 0;
    for (size_t i = 0; i < self->nopen; i++) {
        const sim_order_t *o = &self->orders [self->open [i]].o;
        if (client_id == SIM_ALL_CLIENTS || o->client_id == client_id) {
            fn (ctx, o);
            n++;
        }
    }
    return n;
}

size_t
sim_broker_completed_orders (const sim_broker_t *self, sim_order_fn *fn, void *ctx)
{
    assert (self && fn);
    for (size_t i = 0; i < self->ndone; i++)
        fn (ctx, &self->orders [self->done [(self->done_head + i) % self->config.max_orders]].o);
    return self->ndone;
}

static bool
s_exec_matches (const sim_execution_t *e, const sim_exec_filter_t *f)
{
    if (!f)
        return true;
    if (f->client_id != 0 && f->client_id != e->client_id)
        return false;
    if (f->account [0] && strcmp (f->account, e->account) != 0)
        return false;
    if (f->since_ms > 0 && e->time_ms < f->since_ms)
        return false;
    if (f->symbol [0] && strcmp (f->symbol, e->contract->symbol) != 0)
        return false;
    if (f->sec_type [0] && strcmp (f->sec_type, e->contract->sec_type) != 0)
        return false;
    if (f->exchange [0] && strcmp (f->exchange, e->exchange) != 0
    &&  strcmp (f->exchange, "SMART") != 0)
        return false;
    if (f->side [0]) {
        bool buy = strcmp (e->side, "BOT") == 0;
        if ((strcmp (f->side, "BUY") == 0 && !buy) || (strcmp (f->side, "SELL") == 0 && buy))
            return false;
    }
    return true;
}

size_t
sim_broker_executions (const sim_broker_t *self, const sim_exec_filter_t *filter,
                       sim_exec_fn *fn, void *ctx)
{
    assert (self && fn);
    size_t n = 0;
    for (size_t i = 0; i < self->nexecs; i++) {
        const sim_execution_t *e =
            &self->execs [(self->exec_head + i) % self->config.max_executions];
        if (s_exec_matches (e, filter)) {
            fn (ctx, e);
            n++;
        }
    }
    return n;
}
