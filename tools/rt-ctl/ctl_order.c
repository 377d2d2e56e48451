/*  ctl_order.c - rt-ctl buy / sell / cancel.

    The orders service answers an intent only once the order is SUBMITTED (to the gateway)
    or REJECTED, so the reply is the verdict. A refusal's machine code comes from the
    reply's reason when it reads "CODE: sentence" (the orders service forwards risk's code
    that way), else from a risk_decision sent before the reply, else from the reply's
    numeric code.
*/
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ctl.h"
#include "rt_clock.h"

enum { S_OPT_LIMIT = 'l', S_OPT_STOP = 's', S_OPT_TIF = 't', S_OPT_COID = 'c',
       S_OPT_ACCOUNT = 'a' };

typedef struct {
    const char *command;
    rt_order_intent_t intent;
    bool has_limit, has_stop;
} s_order_t;

int
ctl_parse_positive (const char *text, double *value)
{
    char *end = NULL;
    errno = 0;
    double v = strtod (text, &end);
    //  Finite, positive, and no hex or exponent surprises from strtod.
    if (errno || end == text || *end || !isfinite (v) || v <= 0 || v >= 1e12
    ||  strpbrk (text, "xXpPeEnN"))
        return RT_EINVAL;
    *value = v;
    return 0;
}

//  Printable ASCII without spaces, 1..cap-1 bytes.
static bool
s_token_ok (const char *text, size_t cap)
{
    size_t len = strlen (text);
    if (len == 0 || len >= cap)
        return false;
    for (size_t i = 0; i < len; i++)
        if (text [i] <= ' ' || text [i] > '~')
            return false;
    return true;
}

static int
s_order_opt (int opt, const char *arg, void *state)
{
    s_order_t *self = state;
    rt_order_intent_t *in = &self->intent;
    switch (opt) {
        case S_OPT_LIMIT:
        case S_OPT_STOP: {
            double price;
            if (ctl_parse_positive (arg, &price) != 0)
                return ctl_usage_error (self->command, "--%s needs a positive price, got '%s'",
                                        opt == S_OPT_LIMIT ? "limit" : "stop", arg);
            if (opt == S_OPT_LIMIT) {
                in->limit_price = price;
                self->has_limit = true;
            }
            else {
                in->stop_price = price;
                self->has_stop = true;
            }
            return 0;
        }
        case S_OPT_TIF: {
            char upper [8] = "";
            for (size_t i = 0; arg [i] && i + 1 < sizeof (upper); i++)
                upper [i] = (char) toupper ((unsigned char) arg [i]);
            unsigned value;
            if (strlen (arg) >= sizeof (upper)
            ||  rt_enum_parse (&rt_tif_enum, upper, strlen (upper), &value) != 0
            ||  value == RT_TIF_NONE)
                return ctl_usage_error (self->command, "--tif must be DAY, GTC or IOC, got '%s'",
                                        arg);
            in->tif = (rt_tif_t) value;
            return 0;
        }
        case S_OPT_COID:
            if (!s_token_ok (arg, sizeof (in->coid)))
                return ctl_usage_error (self->command, "--coid must be 1-%zu printable "
                                        "characters without spaces", sizeof (in->coid) - 1);
            snprintf (in->coid, sizeof (in->coid), "%s", arg);
            return 0;
        case S_OPT_ACCOUNT:
            if (!s_token_ok (arg, sizeof (in->account)))
                return ctl_usage_error (self->command, "--account must be 1-%zu printable "
                                        "characters without spaces", sizeof (in->account) - 1);
            snprintf (in->account, sizeof (in->account), "%s", arg);
            return 0;
        default:
            return ctl_usage_error (self->command, "unexpected option");
    }
}

static int
s_parse_order (ctl_t *ctl, int argc, char **argv, s_order_t *self)
{
    static const struct option options [] = {
        { "limit",   required_argument, NULL, S_OPT_LIMIT },
        { "stop",    required_argument, NULL, S_OPT_STOP },
        { "tif",     required_argument, NULL, S_OPT_TIF },
        { "coid",    required_argument, NULL, S_OPT_COID },
        { "account", required_argument, NULL, S_OPT_ACCOUNT },
        { NULL, 0, NULL, 0 }
    };
    memset (self, 0, sizeof (*self));
    self->command = argv [0];
    rt_order_intent_t *in = &self->intent;
    in->side = strcmp (argv [0], "buy") == 0 ? RT_SIDE_BUY : RT_SIDE_SELL;
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, options, s_order_opt, self, &args);
    if (rc != 0)
        return rc;
    if (args.count < 1)
        return ctl_usage_error (self->command, "missing SYMBOL and QTY");
    if (args.count < 2)
        return ctl_usage_error (self->command, "missing QTY");
    if (args.count > 2)
        return ctl_usage_error (self->command, "unexpected argument '%s'", args.item [2]);
    const char *symbol = args.item [0];
    if (strlen (symbol) == 0 || strlen (symbol) >= sizeof (in->symbol))
        return ctl_usage_error (self->command, "SYMBOL must be 1-%zu characters, got '%s'",
                                sizeof (in->symbol) - 1, symbol);
    for (size_t i = 0; symbol [i]; i++) {
        if (symbol [i] < ' ' || symbol [i] > '~')
            return ctl_usage_error (self->command, "SYMBOL must be printable ASCII");
        in->symbol [i] = (char) toupper ((unsigned char) symbol [i]);
    }
    if (ctl_parse_positive (args.item [1], &in->qty) != 0)
        return ctl_usage_error (self->command, "QTY must be a positive number, got '%s'",
                                args.item [1]);
    in->order_type = self->has_limit && self->has_stop ? RT_ORD_TYPE_STP_LMT
                   : self->has_limit ? RT_ORD_TYPE_LMT
                   : self->has_stop ? RT_ORD_TYPE_STP : RT_ORD_TYPE_MKT;
    if (in->tif == RT_TIF_NONE)
        in->tif = RT_TIF_DAY;
    if (!*in->coid)
        snprintf (in->coid, sizeof (in->coid), "ctl-%llu-%ld",
                  (unsigned long long) (rt_now_ns () / 1000000ULL), (long) getpid ());
    snprintf (in->strategy, sizeof (in->strategy), "rt-ctl");
    in->ts_ns = rt_now_ns ();
    return 0;
}

//  "BUY 100 AAPL LMT 150.25 DAY"
static void
s_describe (const rt_order_intent_t *in, char *buf, size_t cap)
{
    char qty [32], lmt [32], stp [32];
    ctl_num (qty, sizeof (qty), in->qty, 0, 6);
    ctl_num (lmt, sizeof (lmt), in->limit_price, 2, 6);
    ctl_num (stp, sizeof (stp), in->stop_price, 2, 6);
    snprintf (buf, cap, "%s %s %s %s%s%s%s%s %s", rt_side_str (in->side), qty, in->symbol,
              rt_ord_type_str (in->order_type),
              in->stop_price > 0 ? " stop " : "", in->stop_price > 0 ? stp : "",
              in->limit_price > 0 ? " limit " : "", in->limit_price > 0 ? lmt : "",
              rt_tif_str (in->tif));
}

//  Splits "CODE: sentence" into code and sentence when the prefix is an upper-case code.
static bool
s_split_code (const char *reason, char *code, size_t cap, const char **rest)
{
    size_t n = 0;
    while (reason [n] && (isupper ((unsigned char) reason [n]) || isdigit ((unsigned char) reason [n])
                          || reason [n] == '_'))
        n++;
    if (n < 2 || n >= cap || reason [n] != ':' || !isupper ((unsigned char) reason [0]))
        return false;
    memcpy (code, reason, n);
    code [n] = 0;
    *rest = reason + n + 1;
    while (**rest == ' ')
        (*rest)++;
    return true;
}

static void
s_refusal_code (const ctl_req_t *req, char *code, size_t cap, const char **reason)
{
    const rt_reply_t *reply = &req->reply.u.reply;
    *reason = reply->reason;
    if (s_split_code (reply->reason, code, cap, reason))
        return;
    for (size_t i = 0; i < req->parts.count; i++) {
        const ctl_msg_t *part = &req->parts.items [i];
        if (part->type == RT_TYPE_RISK_DECISION && part->decoded && *part->u.decision.code) {
            snprintf (code, cap, "%s", part->u.decision.code);
            if (!**reason)
                *reason = part->u.decision.reason;
            return;
        }
    }
    if (reply->code != 0)
        snprintf (code, cap, "E%d", -reply->code);
    else
        snprintf (code, cap, "REJECTED");
}

int
ctl_cmd_order (ctl_t *ctl, int argc, char **argv)
{
    s_order_t order;
    int rc = s_parse_order (ctl, argc, argv, &order);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    const rt_order_intent_t *in = &order.intent;
    char what [160];
    s_describe (in, what, sizeof (what));

    ctl_req_t req;
    int status = ctl_call (ctl, &req, RT_EP_ORDERS_CMD, RT_TYPE_ORDER_INTENT, in);
    if (status == CTL_EXIT_TIMEOUT)
        fprintf (stderr, "rt-ctl: the order (coid=%s) may still reach the orders service: "
                         "check 'rt-ctl orders' before sending it again with the same --coid\n",
                 in->coid);
    if (status != CTL_EXIT_OK)
        goto done;
    const rt_reply_t *reply = &req.reply.u.reply;
    char code [RT_NAME_MAX] = "";
    const char *reason = reply->reason;
    if (!reply->ok) {
        s_refusal_code (&req, code, sizeof (code), &reason);
        fprintf (stderr, "rejected: %s: %s\n", code, *reason ? reason : "no reason given");
        status = CTL_EXIT_REFUSED;
    }
    if (ctl->json) {
        json_t *doc = json_pack ("{s:b,s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:s,s:O}",
                                 "ok", reply->ok, "status", reply->ok ? "submitted" : "rejected",
                                 "coid", in->coid, "side", rt_side_str (in->side),
                                 "symbol", in->symbol, "qty", in->qty,
                                 "order_type", rt_ord_type_str (in->order_type),
                                 "code", code, "reason", reason,
                                 "reply", req.reply.json ? req.reply.json : json_null ());
        if (ctl_json_print (doc) != 0 && status == CTL_EXIT_OK)
            status = CTL_EXIT_FAILED;
    }
    else
    if (reply->ok) {
        bool plain = !*reply->reason || strcmp (reply->reason, "submitted") == 0;
        printf ("submitted coid=%s %s%s%s%s\n", in->coid, what, plain ? "" : " (",
                plain ? "" : reply->reason, plain ? "" : ")");
    }
    else
        printf ("rejected coid=%s %s\n", in->coid, what);
done:
    ctl_req_end (&req);
    return status;
}

int
ctl_cmd_cancel (ctl_t *ctl, int argc, char **argv)
{
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, NULL, NULL, NULL, &args);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    if (args.count != 1)
        return ctl_usage_error ("cancel", args.count ? "expected one COID" : "missing COID");
    rt_order_cancel_t cancel = { .coid = "" };
    if (!s_token_ok (args.item [0], sizeof (cancel.coid)))
        return ctl_usage_error ("cancel", "COID must be 1-%zu printable characters without "
                                "spaces", sizeof (cancel.coid) - 1);
    snprintf (cancel.coid, sizeof (cancel.coid), "%s", args.item [0]);
    snprintf (cancel.reason, sizeof (cancel.reason), "rt-ctl cancel");

    ctl_req_t req;
    int status = ctl_call (ctl, &req, RT_EP_ORDERS_CMD, RT_TYPE_ORDER_CANCEL, &cancel);
    if (status != CTL_EXIT_OK)
        goto done;
    const rt_reply_t *reply = &req.reply.u.reply;
    if (!reply->ok) {
        fprintf (stderr, "cancel refused: %s\n", *reply->reason ? reply->reason : "no reason");
        status = CTL_EXIT_REFUSED;
    }
    if (ctl->json) {
        json_t *doc = json_pack ("{s:b,s:s,s:s,s:O}", "ok", reply->ok, "coid", cancel.coid,
                                 "reason", reply->reason,
                                 "reply", req.reply.json ? req.reply.json : json_null ());
        if (ctl_json_print (doc) != 0 && status == CTL_EXIT_OK)
            status = CTL_EXIT_FAILED;
    }
    else
    if (reply->ok)
        printf ("cancel requested coid=%s%s%s\n", cancel.coid, *reply->reason ? ": " : "",
                reply->reason);
done:
    ctl_req_end (&req);
    return status;
}
