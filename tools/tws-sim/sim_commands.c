/*  sim_commands.c - the control interface's commands (one line in, one JSON line out).

        hang on|off          accept TCP but never answer hellos (pending ones answered on off)
        delay MS             delay every hello reply by MS
        drop                 close every client now
        drop-after S         close every client S seconds from now
        reset 1101|1102 [MS] nightly reset: 1100 + farms broken, then (after MS) the code +
                             farms OK; after 1101 market data subscriptions are dead
        restart S            close every session and the listener, listen again after S s
        malformed [KIND]     garbage (default) | length | truncated frame to every client
        price SYMBOL P       move SYMBOL's market so its mid is P now (orders may fill)
        advance MS           move the simulated clock by MS (in tick-sized market steps)
        orders               every order at the broker, open and completed
        executions           every execution kept by the broker
        status               sessions, counters, clock
        quit                 exit 0
*/
#include "sim_server_int.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rt_log.h"

static char *
s_dump (json_t *obj)
{
    char *text = json_dumps (obj, JSON_COMPACT);
    json_decref (obj);
    return text;
}

static char *
s_ok (void)
{
    return s_dump (json_pack ("{s:b}", "ok", 1));
}

static char *
s_fail (const char *error)
{
    return s_dump (json_pack ("{s:b,s:s}", "ok", 0, "error", error));
}

static bool
s_int_arg (const char *text, long lo, long hi, long *out)
{
    if (!text)
        return false;
    char *end = NULL;
    errno = 0;
    long v = strtol (text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static void
s_order_json (void *ctx, const sim_order_t *o)
{
    json_t *arr = ctx;
    json_t *j = json_pack ("{s:i,s:I,s:I,s:s,s:s,s:f,s:s,s:s,s:s,s:s,s:f,s:f,s:f,s:f}",
        "client_id", o->client_id, "order_id", (json_int_t) o->order_id,
        "perm_id", (json_int_t) o->perm_id,
        "symbol", o->contract ? o->contract->symbol : "?", "action", o->action,
        "total_qty", o->total_qty, "order_type", o->order_type,
        "status", sim_order_status_str (o->status), "account", o->account,
        "order_ref", o->order_ref, "filled", o->filled, "remaining", o->remaining,
        "avg_fill_price", o->avg_fill_price, "commission", o->commission);
    if (j) {
        if (o->lmt_price != SIM_UNSET_DOUBLE)
            json_object_set_new (j, "lmt_price", json_real (o->lmt_price));
        if (o->aux_price != SIM_UNSET_DOUBLE)
            json_object_set_new (j, "aux_price", json_real (o->aux_price));
        json_array_append_new (arr, j);
    }
}

static void
s_exec_json (void *ctx, const sim_execution_t *e)
{
    json_t *arr = ctx;
    json_t *j = json_pack ("{s:s,s:I,s:i,s:I,s:I,s:s,s:s,s:s,s:f,s:f,s:f,s:f,s:s}",
        "exec_id", e->exec_id, "time_ms", (json_int_t) e->time_ms, "client_id", e->client_id,
        "order_id", (json_int_t) e->order_id, "perm_id", (json_int_t) e->perm_id,
        "symbol", e->contract ? e->contract->symbol : "?", "account", e->account,
        "side", e->side, "shares", e->shares, "price", e->price, "cum_qty", e->cum_qty,
        "commission", e->commission, "order_ref", e->order_ref);
    if (j)
        json_array_append_new (arr, j);
}

static char *
s_status (sim_server_t *srv)
{
    json_t *sessions = json_array ();
    for (int i = 0; i < srv->nsessions; i++) {
        sim_session_t *s = srv->sessions [i];
        if (s->state == SIM_S_DEAD)
            continue;
        int subs = 0;
        for (int k = 0; k < SIM_MAX_SUBS; k++)
            subs += s->subs [k].kind != 0;
        json_array_append_new (sessions, json_pack (
            "{s:I,s:s,s:i,s:i,s:s,s:I,s:I,s:I,s:I,s:i,s:I}",
            "id", (json_int_t) s->id, "peer", s->peer, "client_id", s->client_id,
            "version", s->version, "state", sim_session_state_name (s->state),
            "msgs_in", (json_int_t) s->msgs_in, "msgs_out", (json_int_t) s->msgs_out,
            "bytes_out", (json_int_t) s->bytes_out, "paced", (json_int_t) s->paced,
            "subscriptions", subs, "queued", (json_int_t) s->out.len));
    }
    const sim_counters_t *c = &srv->counters;
    json_t *counters = json_pack (
        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
        "accepted", (json_int_t) c->accepted, "refused_full", (json_int_t) c->refused_full,
        "refused_version", (json_int_t) c->refused_version,
        "bad_hello", (json_int_t) c->bad_hello, "dup_client_id", (json_int_t) c->dup_client_id,
        "malformed_in", (json_int_t) c->malformed_in,
        "eof_mid_frame", (json_int_t) c->eof_mid_frame,
        "slow_drops", (json_int_t) c->slow_drops, "paced", (json_int_t) c->paced,
        "requests", (json_int_t) c->requests, "unknown_msgs", (json_int_t) c->unknown_msgs,
        "drops", (json_int_t) c->drops, "resets", (json_int_t) c->resets,
        "restarts", (json_int_t) c->restarts, "blast_frames", (json_int_t) c->blast_frames);
    return s_dump (json_pack ("{s:b,s:o,s:o,s:I,s:i,s:b,s:b,s:i,s:i}",
        "ok", 1, "sessions", sessions, "counters", counters,
        "sim_time_ms", (json_int_t) srv->world->now_ms, "port", srv->port,
        "listening", srv->listen_fd >= 0, "hang", srv->hang, "delay_ms", srv->delay_ms,
        "server_version", srv->opts.server_version));
}

char *
sim_commands_run (void *arg, const char *line)
{
    sim_server_t *srv = arg;
    char buf [512];
    sim_copy (buf, sizeof buf, line);
    char *save = NULL;
    char *cmd = strtok_r (buf, " \t", &save);
    char *a1 = cmd ? strtok_r (NULL, " \t", &save) : NULL;
    char *a2 = a1 ? strtok_r (NULL, " \t", &save) : NULL;
    long v;
    if (!cmd)
        return s_fail ("empty command");
    rt_log_info ("control: %s", line);
    srv->mono_ms = sim_mono_ms ();
    if (strcmp (cmd, "hang") == 0) {
        if (!a1 || (strcmp (a1, "on") && strcmp (a1, "off")))
            return s_fail ("usage: hang on|off");
        srv->hang = strcmp (a1, "on") == 0;
        if (!srv->hang)
            for (int i = 0; i < srv->nsessions; i++)
                if (srv->sessions [i]->state == SIM_S_HUNG)
                    sim_server_answer_pending (srv, srv->sessions [i]);
        return s_ok ();
    }
    if (strcmp (cmd, "delay") == 0) {
        if (!s_int_arg (a1, 0, 3600000, &v))
            return s_fail ("usage: delay MS");
        srv->delay_ms = (int) v;
        return s_ok ();
    }
    if (strcmp (cmd, "drop") == 0) {
        int n = 0;
        for (int i = 0; i < srv->nsessions; i++)
            n += srv->sessions [i]->state != SIM_S_DEAD;
        srv->counters.drops++;
        sim_server_drop_all (srv, "drop");
        return s_dump (json_pack ("{s:b,s:i}", "ok", 1, "dropped", n));
    }
    if (strcmp (cmd, "drop-after") == 0) {
        if (!s_int_arg (a1, 0, 86400, &v))
            return s_fail ("usage: drop-after S");
        srv->drop_at_ms = srv->mono_ms + v * 1000;
        return s_ok ();
    }
    if (strcmp (cmd, "reset") == 0) {
        long gap = 0;
        if (!s_int_arg (a1, 1101, 1102, &v) || (a2 && !s_int_arg (a2, 0, 3600000, &gap)))
            return s_fail ("usage: reset 1101|1102 [GAP_MS]");
        if (srv->reset_code)
            sim_fault_reset_end (srv);
        sim_fault_reset_begin (srv, (int) v, (int) gap);
        return s_ok ();
    }
    if (strcmp (cmd, "restart") == 0) {
        if (!s_int_arg (a1, 0, 86400, &v))
            return s_fail ("usage: restart S");
        sim_fault_restart (srv, (int) v);
        return s_ok ();
    }
    if (strcmp (cmd, "malformed") == 0) {
        const char *kind = a1 ? a1 : "garbage";
        if (strcmp (kind, "garbage") && strcmp (kind, "length") && strcmp (kind, "truncated"))
            return s_fail ("usage: malformed [garbage|length|truncated]");
        int n = sim_fault_malformed (srv, kind);
        return s_dump (json_pack ("{s:b,s:i}", "ok", 1, "sent", n));
    }
    if (strcmp (cmd, "price") == 0) {
        char *end = NULL;
        double p = a2 ? strtod (a2, &end) : 0;
        int sym = a1 ? sim_universe_find_symbol (a1) : -1;
        if (sym < 0 || !end || *end || !(p > 0))
            return s_fail ("usage: price SYMBOL PRICE (a known symbol, price > 0)");
        sim_world_t *w = srv->world;
        if (sim_market_set_price (w->market, sym, w->now_ms, p) < 0)
            return s_fail ("price refused by the market model");
        sim_broker_advance (w->broker, w->now_ms);
        sim_world_publish (srv);
        sim_quote_t q;
        sim_market_quote (w->market, sym, w->now_ms, &q);
        return s_dump (json_pack ("{s:b,s:s,s:f,s:f,s:f}", "ok", 1, "symbol", a1,
                                  "bid", q.bid, "ask", q.ask, "last", q.last));
    }
    if (strcmp (cmd, "advance") == 0) {
        if (!s_int_arg (a1, 0, 86400000, &v))
            return s_fail ("usage: advance MS");
        int64_t step = srv->opts.tick_ms > 0 ? srv->opts.tick_ms : 250;
        for (int64_t left = v; left > 0; left -= step)
            sim_world_step_by (srv, left < step ? left : step);
        return s_dump (json_pack ("{s:b,s:I}", "ok", 1, "sim_time_ms",
                                  (json_int_t) srv->world->now_ms));
    }
    if (strcmp (cmd, "orders") == 0) {
        json_t *open = json_array (), *done = json_array ();
        sim_broker_open_orders (srv->world->broker, SIM_ALL_CLIENTS, s_order_json, open);
        sim_broker_completed_orders (srv->world->broker, s_order_json, done);
        return s_dump (json_pack ("{s:b,s:o,s:o}", "ok", 1, "open", open, "completed", done));
    }
    if (strcmp (cmd, "executions") == 0) {
        json_t *arr = json_array ();
        sim_broker_executions (srv->world->broker, NULL, s_exec_json, arr);
        return s_dump (json_pack ("{s:b,s:o}", "ok", 1, "executions", arr));
    }
    if (strcmp (cmd, "status") == 0)
        return s_status (srv);
    if (strcmp (cmd, "quit") == 0) {
        srv->quit = true;
        return s_ok ();
    }
    if (strcmp (cmd, "help") == 0)
        return s_dump (json_pack ("{s:b,s:s}", "ok", 1, "commands",
            "hang on|off; delay MS; drop; drop-after S; reset 1101|1102 [GAP_MS]; restart S;"
            " malformed [garbage|length|truncated]; price SYMBOL P; advance MS; orders;"
            " executions; status; quit"));
    return s_fail ("unknown command (try help)");
}
