/*  strat_main.c - rt-strategy: arguments, configuration, the service skeleton.

    rt-strategy --symbols AAPL,NVDA,TSLA [--once]; every other setting comes from the
    environment (--help lists them). README.md beside this file: the strategy, sizing,
    client order ids, exit statuses, adding a strategy.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_log.h"
#include "rt_service.h"
#include "strat_runner.h"

static struct {
    char name [STRAT_NAME_MAX];
    int fast, slow;
    char args [256];
    char bar_size [RT_BAR_SIZE_MAX];
    char duration [RT_DURATION_MAX];
    char what [RT_WHAT_MAX];
    bool use_rth;
    double max_position, order_qty;
    bool allow_short;
    char account [RT_ACCOUNT_MAX];
    char sec_type [RT_SECTYPE_MAX];
    char exchange [RT_EXCH_MAX];
    char currency [RT_CCY_MAX];
    uint64_t timeout_ms;
} cfg;

static const rt_config_var_t s_vars [] = {
    RT_CFG_STRING ("STRATEGY_NAME", cfg.name, "sma", "the strategy (--help lists them)"),
    RT_CFG_INT ("STRATEGY_FAST", &cfg.fast, "10", 1, 999, "sma: bars in the fast average"),
    RT_CFG_INT ("STRATEGY_SLOW", &cfg.slow, "30", 2, 1000, "sma: bars in the slow average"),
    RT_CFG_STRING ("STRATEGY_ARGS", cfg.args, "", "free text for strategies that want more"),
    RT_CFG_STRING ("STRATEGY_BAR_SIZE", cfg.bar_size, "1 min", "IB bar size of the bars"),
    RT_CFG_STRING ("STRATEGY_DURATION", cfg.duration, "1 D",
                   "IB duration of the historical load"),
    RT_CFG_STRING ("STRATEGY_WHAT_TO_SHOW", cfg.what, "TRADES", "IB whatToShow of the bars"),
    RT_CFG_BOOL ("STRATEGY_USE_RTH", &cfg.use_rth, "false", "regular trading hours only"),
    RT_CFG_DOUBLE ("STRATEGY_MAX_POSITION", &cfg.max_position, "100", 1, 1e9,
                   "largest position per symbol, shares (long, and short when allowed)"),
    RT_CFG_DOUBLE ("STRATEGY_ORDER_QTY", &cfg.order_qty, "10", 1, 1e9,
                   "shares per order (less when the limit leaves less room)"),
    RT_CFG_BOOL ("STRATEGY_ALLOW_SHORT", &cfg.allow_short, "false",
                 "a SELL signal may take the position below zero"),
    RT_CFG_STRING ("STRATEGY_ACCOUNT", cfg.account, "",
                   "IB account for orders and positions (empty: the gateway's default)"),
    RT_CFG_STRING ("STRATEGY_SEC_TYPE", cfg.sec_type, "STK", "IB secType of the symbols"),
    RT_CFG_STRING ("STRATEGY_EXCHANGE", cfg.exchange, "SMART", "IB exchange of the symbols"),
    RT_CFG_STRING ("STRATEGY_CURRENCY", cfg.currency, "USD", "currency of the symbols"),
    RT_CFG_DURATION ("STRATEGY_TIMEOUT", &cfg.timeout_ms, "30s", 100, 3600000,
                     "--once: the whole cycle; running: a request unanswered this long is "
                     "sent again"),
};

static void
s_usage (FILE *out)
{
    fprintf (out,
        "usage: rt-strategy --symbols SYM[,SYM...] [--once]\n"
        "  --symbols  symbols to trade (at most %d, each up to %d characters)\n"
        "  --once     one decision per symbol from the historical bars: print it, send the\n"
        "             intent, wait for its answer, exit (0: every symbol decided, refusals\n"
        "             included and printed; 1: a symbol could not be decided)\n"
        "Endpoints: RT_GATEWAY_CMD, RT_GATEWAY_MD, RT_ORDERS_CMD, RT_ORDERS_PUB (lib/rt_bus.h).\n"
        "Strategies (STRATEGY_NAME):\n", STRAT_SYMBOLS_MAX, RT_SYMBOL_MAX - 1);
    for (size_t i = 0; strat_at (i); i++)
        fprintf (out, "  %-6s %s\n", strat_at (i)->name, strat_at (i)->help);
}

//  Splits "AAPL,NVDA" into cfg->symbols. 0, or -1 with a message on stderr.
static int
s_symbols (strat_cfg_t *c, const char *list)
{
    const char *p = list;
    while (*p) {
        const char *end = strchr (p, ',');
        size_t len = end? (size_t) (end - p): strlen (p);
        if (len == 0 || len >= RT_SYMBOL_MAX || c->symbol_count == STRAT_SYMBOLS_MAX) {
            fprintf (stderr, "rt-strategy: bad --symbols '%s' (at most %d symbols of 1-%d "
                     "characters, comma-separated)\n", list, STRAT_SYMBOLS_MAX,
                     RT_SYMBOL_MAX - 1);
            return -1;
        }
        for (size_t i = 0; i < c->symbol_count; i++)
            if (strlen (c->symbols [i]) == len && memcmp (c->symbols [i], p, len) == 0) {
                fprintf (stderr, "rt-strategy: symbol %.*s given twice\n", (int) len, p);
                return -1;
            }
        memcpy (c->symbols [c->symbol_count], p, len);
        c->symbols [c->symbol_count++][len] = 0;
        p += len + (end? 1: 0);
        if (end && !*p) {
            fprintf (stderr, "rt-strategy: bad --symbols '%s' (trailing comma)\n", list);
            return -1;
        }
    }
    return c->symbol_count? 0: -1;
}

int
main (int argc, char *argv [])
{
    static strat_cfg_t c;
    const char *symbols = NULL;
    char *help_argv [] = { argv [0], "--help", NULL };
    for (int i = 1; i < argc; i++) {
        if (strcmp (argv [i], "--help") == 0 || strcmp (argv [i], "-h") == 0) {
            s_usage (stdout);
            //  The skeleton prints the variables and exits 0.
            rt_service_new ("strategy", s_vars, RT_CFG_COUNT (s_vars), 2, help_argv);
            return 0;
        }
        if (strcmp (argv [i], "--once") == 0)
            c.once = true;
        else
        if (strcmp (argv [i], "--symbols") == 0 && i + 1 < argc)
            symbols = argv [++i];
        else
        if (strncmp (argv [i], "--symbols=", 10) == 0)
            symbols = argv [i] + 10;
        else {
            fprintf (stderr, "rt-strategy: unknown argument '%s' (try --help)\n", argv [i]);
            return 2;
        }
    }
    if (!symbols) {
        fprintf (stderr, "rt-strategy: --symbols is required (try --help)\n");
        return 2;
    }
    if (s_symbols (&c, symbols) != 0)
        return 2;

    rt_service_t *svc = rt_service_new ("strategy", s_vars, RT_CFG_COUNT (s_vars), 1, argv);
    if (!svc)
        return 1;
    c.def = strat_find (cfg.name);
    if (!c.def) {
        fprintf (stderr, "configuration error: STRATEGY_NAME=%s: no such strategy (try "
                 "--help)\n", cfg.name);
        rt_service_destroy (&svc);
        return 2;
    }
    c.params = (strat_params_t) { .fast = cfg.fast, .slow = cfg.slow, .args = cfg.args };
    c.lim = (strat_limits_t) { .max_position = cfg.max_position, .order_qty = cfg.order_qty,
                               .allow_short = cfg.allow_short };
    snprintf (c.bar_size, sizeof c.bar_size, "%s", cfg.bar_size);
    snprintf (c.duration, sizeof c.duration, "%s", cfg.duration);
    snprintf (c.what, sizeof c.what, "%s", cfg.what);
    c.use_rth = cfg.use_rth;
    snprintf (c.sec_type, sizeof c.sec_type, "%s", cfg.sec_type);
    snprintf (c.exchange, sizeof c.exchange, "%s", cfg.exchange);
    snprintf (c.currency, sizeof c.currency, "%s", cfg.currency);
    snprintf (c.account, sizeof c.account, "%s", cfg.account);
    c.timeout_ms = cfg.timeout_ms;

    //  Bad strategy parameters are configuration: exit 2 like every service.
    void *probe = NULL;
    char err [256] = "";
    if (c.def->create (&probe, &c.params, err, sizeof err) != 0) {
        fprintf (stderr, "configuration error: %s\n", err);
        rt_service_destroy (&svc);
        return 2;
    }
    c.def->destroy (&probe);
    strat_runner_t *runner = strat_runner_new (svc, &c);
    if (!runner) {
        rt_service_destroy (&svc);
        return 1;
    }
    rt_service_ready_kv (svc, "strategy", c.def->name);
    rt_service_ready_kv (svc, "symbols", symbols);
    rt_service_ready_kv (svc, "mode", c.once? "once": "live");
    int rc = rt_service_run (svc);
    int status = rc != 0? 1: c.once? strat_runner_status (runner): 0;
    strat_runner_destroy (&runner);
    rt_service_destroy (&svc);
    return status;
}
