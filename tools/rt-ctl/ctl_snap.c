/*  ctl_snap.c - rt-ctl orders / positions / account: a SNAPSHOT_REQUEST, its parts, a table.

    orders and positions ask the orders service (order_status and holding parts), account
    asks the gateway (account_value and position parts; the other parts of its snapshot,
    such as the session state and quotes, are not shown). --json prints the shown parts as
    an array under "items", with the reply.
*/
#include <string.h>
#include "ctl.h"
#include "ctl_table.h"

typedef struct {
    const char *account;
} s_snap_opts_t;

static int
s_snap_opt (int opt, const char *arg, void *state)
{
    s_snap_opts_t *self = state;
    if (opt != 'a')
        return CTL_EXIT_USAGE;
    self->account = arg;
    return 0;
}

//  The order type when the service sends one (the catalogue's order_status has no field
//  for it yet: a newer service may add it under "ot" or "order_type").
static const char *
s_order_type (const ctl_msg_t *msg)
{
    json_t *value = msg->json ? json_object_get (msg->json, "order_type") : NULL;
    if (!value && msg->json)
        value = json_object_get (msg->json, "ot");
    return json_is_string (value) ? json_string_value (value) : NULL;
}

static int
s_orders_row (ctl_table_t *table, const ctl_msg_t *msg)
{
    const rt_order_status_t *st = &msg->u.status;
    char qty [32], filled [32], avg [32], ib [48];
    ctl_num (qty, sizeof (qty), st->qty, 0, 6);
    ctl_num (filled, sizeof (filled), st->filled, 0, 6);
    ctl_num (avg, sizeof (avg), st->avg_fill_price, 2, 6);
    if (st->order_id || st->perm_id)
        snprintf (ib, sizeof (ib), "%lld/%lld", (long long) st->order_id,
                  (long long) st->perm_id);
    else
        *ib = 0;
    const char *cells [] = {
        st->coid, st->symbol, rt_side_str (st->side), st->qty > 0 ? qty : NULL,
        s_order_type (msg), rt_ord_status_str (st->status), filled,
        st->avg_fill_price > 0 ? avg : NULL, ib
    };
    return ctl_table_add (table, cells);
}

static int
s_positions_row (ctl_table_t *table, const ctl_msg_t *msg, double *unreal, double *real)
{
    const rt_holding_t *h = &msg->u.holding;
    char qty [32], cost [32], mark [32], up [32], rp [32];
    *unreal += h->unrealized_pnl;
    *real += h->realized_pnl;
    const char *cells [] = {
        h->symbol, ctl_num (qty, sizeof (qty), h->qty, 0, 6),
        ctl_num (cost, sizeof (cost), h->avg_cost, 2, 6),
        h->mark_price > 0 ? ctl_num (mark, sizeof (mark), h->mark_price, 2, 6) : NULL,
        ctl_num (up, sizeof (up), h->unrealized_pnl, 2, 2),
        ctl_num (rp, sizeof (rp), h->realized_pnl, 2, 2)
    };
    return ctl_table_add (table, cells);
}

static int
s_acct_row (ctl_table_t *table, const ctl_msg_t *msg)
{
    const rt_account_value_t *a = &msg->u.acct;
    const char *cells [] = { a->account, a->key, a->value, a->currency };
    return ctl_table_add (table, cells);
}

static int
s_pos_row (ctl_table_t *table, const ctl_msg_t *msg)
{
    const rt_position_t *p = &msg->u.pos;
    char qty [32], cost [32];
    const char *cells [] = {
        p->account, p->symbol, ctl_num (qty, sizeof (qty), p->qty, 0, 6),
        ctl_num (cost, sizeof (cost), p->avg_cost, 2, 6)
    };
    return ctl_table_add (table, cells);
}

static int
s_print_tables (const char *what, const ctl_list_t *shown)
{
    static const char *const orders_h [] = {
        "COID", "SYMBOL", "SIDE", ">QTY", "TYPE", "STATUS", ">FILLED", ">AVG PRICE", "IB ID/PERM"
    };
    static const char *const positions_h [] = {
        "SYMBOL", ">QTY", ">AVG COST", ">MARK", ">UNREALISED", ">REALISED"
    };
    static const char *const acct_h [] = { "ACCOUNT", "KEY", "VALUE", "CURRENCY" };
    static const char *const pos_h [] = { "ACCOUNT", "SYMBOL", ">QTY", ">AVG COST" };
    bool orders = strcmp (what, "orders") == 0;
    bool positions = strcmp (what, "positions") == 0;
    ctl_table_t *main_t = orders ? ctl_table_new (orders_h, 9)
                        : positions ? ctl_table_new (positions_h, 6)
                        : ctl_table_new (acct_h, 4);
    ctl_table_t *pos_t = orders || positions ? NULL : ctl_table_new (pos_h, 4);
    int rc = main_t && (orders || positions || pos_t) ? 0 : RT_ENOMEM;
    double unreal = 0, real = 0;
    for (size_t i = 0; rc == 0 && i < shown->count; i++) {
        const ctl_msg_t *msg = &shown->items [i];
        if (msg->type == RT_TYPE_ORDER_STATUS)
            rc = s_orders_row (main_t, msg);
        else
        if (msg->type == RT_TYPE_HOLDING)
            rc = s_positions_row (main_t, msg, &unreal, &real);
        else
        if (msg->type == RT_TYPE_ACCOUNT_VALUE)
            rc = s_acct_row (main_t, msg);
        else
            rc = s_pos_row (pos_t, msg);
    }
    if (rc == 0 && positions && ctl_table_rows (main_t) > 1) {
        char up [32], rp [32];
        const char *cells [] = { "TOTAL", "", "", "", ctl_num (up, sizeof (up), unreal, 2, 2),
                                 ctl_num (rp, sizeof (rp), real, 2, 2) };
        rc = ctl_table_add (main_t, cells);
    }
    if (rc == 0) {
        if (ctl_table_rows (main_t) == 0)
            rc = printf ("no %s\n", orders ? "orders" : positions ? "positions"
                                                                  : "account values") < 0
               ? RT_EIO : 0;
        else
            rc = ctl_table_print (main_t, stdout);
    }
    if (rc == 0 && pos_t && ctl_table_rows (pos_t) > 0)
        rc = fputs ("\n", stdout) == EOF ? RT_EIO : ctl_table_print (pos_t, stdout);
    ctl_table_destroy (&main_t);
    ctl_table_destroy (&pos_t);
    return rc;
}

static bool
s_shown (const char *what, const ctl_msg_t *msg)
{
    if (!msg->decoded)
        return false;
    if (strcmp (what, "orders") == 0)
        return msg->type == RT_TYPE_ORDER_STATUS;
    if (strcmp (what, "positions") == 0)
        return msg->type == RT_TYPE_HOLDING;
    return msg->type == RT_TYPE_ACCOUNT_VALUE || msg->type == RT_TYPE_POSITION;
}

int
ctl_cmd_snapshot (ctl_t *ctl, int argc, char **argv)
{
    static const struct option options [] = {
        { "account", required_argument, NULL, 'a' },
        { NULL, 0, NULL, 0 }
    };
    const char *what = argv [0];
    bool account = strcmp (what, "account") == 0;
    s_snap_opts_t opts = { NULL };
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, account ? options : NULL, s_snap_opt, &opts, &args);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    if (args.count > 0)
        return ctl_usage_error (what, "unexpected argument '%s'", args.item [0]);
    rt_snapshot_request_t request = { .what = "" };
    snprintf (request.what, sizeof (request.what), "%s", what);
    if (opts.account) {
        if (strlen (opts.account) >= sizeof (request.account))
            return ctl_usage_error (what, "--account is too long");
        snprintf (request.account, sizeof (request.account), "%s", opts.account);
    }
    rt_ep_t ep = account ? RT_EP_GATEWAY_CMD : RT_EP_ORDERS_CMD;

    ctl_req_t req;
    ctl_list_t shown = { NULL, 0, 0 };
    int status = ctl_call (ctl, &req, ep, RT_TYPE_SNAPSHOT_REQUEST, &request);
    if (status != CTL_EXIT_OK)
        goto done;
    const rt_reply_t *reply = &req.reply.u.reply;
    if (!reply->ok) {
        status = ctl_fail (ctl, CTL_EXIT_REFUSED, "refused", "%s service refused the "
                           "snapshot: %s", ctl_service (ep), reply->reason);
        goto done;
    }
    //  The account filter is applied here too: a gateway may send every account.
    for (size_t i = 0; i < req.parts.count; i++) {
        ctl_msg_t *msg = &req.parts.items [i];
        if (!s_shown (what, msg))
            continue;
        if (opts.account
        &&  ((msg->type == RT_TYPE_ACCOUNT_VALUE && strcmp (msg->u.acct.account, opts.account))
          || (msg->type == RT_TYPE_POSITION && strcmp (msg->u.pos.account, opts.account))))
            continue;
        ctl_msg_t copy = *msg;
        copy.json = msg->json ? json_incref (msg->json) : NULL;
        if (ctl_list_push (&shown, &copy) != 0) {
            ctl_msg_clear (&copy);
            status = ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "out of memory");
            goto done;
        }
    }
    if (ctl->json) {
        json_t *doc = json_pack ("{s:b,s:s,s:I,s:o,s:O}", "ok", 1, "what", what,
                                 "seq", (json_int_t) reply->seq, "items", ctl_json_list (&shown),
                                 "reply", req.reply.json ? req.reply.json : json_null ());
        rc = ctl_json_print (doc);
    }
    else
        rc = s_print_tables (what, &shown);
    if (rc != 0)
        status = CTL_EXIT_FAILED;
done:
    ctl_list_clear (&shown);
    ctl_req_end (&req);
    return status;
}
