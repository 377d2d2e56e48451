/*  ctl_risk.c - rt-ctl risk / halt / kill / resume: risk's command socket and its state.

    risk asks for "status" (a one-line summary) and listens on RT_RISK_PUB for risk.state,
    which risk publishes at every change and every second; a risk_state sent as part of the
    status reply counts too. The listen is bounded by CTL_LISTEN_MS (and the timeout).
*/
#include <string.h>
#include "ctl.h"
#include "rt_clock.h"

static int
s_print_state (const rt_risk_state_t *st, const char *summary)
{
    char pnl [32], rp [32], up [32], gx [32], nx [32];
    int rc = printf ("state           %s\n"
                     "reason          %s\n"
                     "kill switch     %s\n"
                     "daily P&L       %s\n"
                     "realised        %s\n"
                     "unrealised      %s\n"
                     "gross exposure  %s\n"
                     "net exposure    %s\n"
                     "open orders     %u\n"
                     "orders today    %u\n"
                     "summary         %s\n",
                     rt_trading_str (st->state), *st->reason ? st->reason : "-",
                     st->kill_switch ? "ENGAGED" : "off",
                     ctl_num (pnl, sizeof (pnl), st->daily_pnl, 2, 2),
                     ctl_num (rp, sizeof (rp), st->realized_pnl, 2, 2),
                     ctl_num (up, sizeof (up), st->unrealized_pnl, 2, 2),
                     ctl_num (gx, sizeof (gx), st->gross_exposure, 2, 2),
                     ctl_num (nx, sizeof (nx), st->net_exposure, 2, 2),
                     (unsigned) st->open_orders, (unsigned) st->orders_today,
                     *summary ? summary : "-");
    return rc < 0 ? RT_EIO : 0;
}

int
ctl_cmd_risk (ctl_t *ctl, int argc, char **argv)
{
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, NULL, NULL, NULL, &args);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    if (args.count > 0)
        return ctl_usage_error ("risk", "unexpected argument '%s'", args.item [0]);

    uint64_t start = rt_clock_mono_ms ();
    uint64_t cmd_deadline = start + (uint64_t) ctl->timeout_ms;
    uint64_t listen_deadline = start + (uint64_t) (ctl->timeout_ms < CTL_LISTEN_MS
                                                   ? ctl->timeout_ms : CTL_LISTEN_MS);
    ctl_req_t req;
    memset (&req, 0, sizeof (req));
    ctl_msg_t state = { .type = RT_TYPE_NONE };
    bool have_state = false;
    int status = CTL_EXIT_FAILED;
    //  Subscribe first, so the state published while the command travels is seen.
    rt_sub_t *sub = rt_sub_new ("rt-ctl");
    if (!sub || rt_sub_connect (sub, rt_bus_endpoint (RT_EP_RISK_PUB), "risk") != 0
    ||  rt_sub_subscribe (sub, "risk.state") != 0) {
        status = ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "cannot subscribe to %s",
                           rt_bus_endpoint (RT_EP_RISK_PUB));
        goto done;
    }
    rt_command_t cmd = { .verb = "status" };
    if (ctl_req_start (ctl, &req, RT_EP_RISK_CMD, RT_TYPE_COMMAND, &cmd) != 0)
        goto done;
    while (true) {
        rc = ctl_req_drain (ctl, &req);
        while (rc == 0) {
            rt_bus_msg_t in;
            rc = rt_sub_recv (sub, &in, NULL, 0);
            if (rc == RT_EAGAIN || rc == RT_ETIMEOUT) {
                rc = 0;
                break;
            }
            if (rc == 0 && in.header.type == RT_TYPE_RISK_STATE) {
                ctl_msg_clear (&state);
                rc = ctl_msg_from_bus (ctl, &in, &state);
                have_state = rc == 0 && state.decoded;
            }
        }
        for (size_t i = 0; rc == 0 && !have_state && i < req.parts.count; i++)
            if (req.parts.items [i].type == RT_TYPE_RISK_STATE && req.parts.items [i].decoded) {
                state = req.parts.items [i];
                state.json = state.json ? json_incref (state.json) : NULL;
                have_state = true;
            }
        if (rc != 0) {
            status = ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "risk service: %s",
                               rt_strerror (rc));
            goto done;
        }
        uint64_t now = rt_clock_mono_ms ();
        if (req.done && (have_state || now >= listen_deadline))
            break;
        if (now >= cmd_deadline) {
            status = ctl_fail (ctl, CTL_EXIT_TIMEOUT, "timeout",
                               "risk service did not answer within %d ms (%s)",
                               ctl->timeout_ms, rt_bus_endpoint (RT_EP_RISK_CMD));
            goto done;
        }
        uint64_t until = req.done ? listen_deadline : cmd_deadline;
        zsock_t *socks [] = { rt_cmd_client_sock (req.client), rt_sub_sock (sub) };
        if (ctl_poll (socks, 2, (int) (until - now)) != 0)
            goto done;
    }
    const rt_reply_t *reply = &req.reply.u.reply;
    status = reply->ok ? CTL_EXIT_OK : CTL_EXIT_REFUSED;
    if (!reply->ok)
        fprintf (stderr, "rt-ctl: risk refused status: %s\n", reply->reason);
    if (ctl->json) {
        json_t *doc = json_pack ("{s:b,s:s,s:o,s:O}", "ok", reply->ok,
                                 "summary", reply->reason,
                                 "state", have_state ? ctl_json_msg (&state) : json_null (),
                                 "reply", req.reply.json ? req.reply.json : json_null ());
        rc = ctl_json_print (doc);
    }
    else
    if (have_state)
        rc = s_print_state (&state.u.risk, reply->reason);
    else
        rc = printf ("state           unknown (no risk.state within %d ms)\n"
                     "summary         %s\n", (int) (listen_deadline - start),
                     reply->reason) < 0 ? RT_EIO : 0;
    if (rc != 0 && status == CTL_EXIT_OK)
        status = CTL_EXIT_FAILED;
done:
    ctl_msg_clear (&state);
    ctl_req_end (&req);
    rt_sub_destroy (&sub);
    return status;
}

int
ctl_cmd_verb (ctl_t *ctl, int argc, char **argv)
{
    const char *verb = argv [0];
    ctl_args_t args;
    int rc = ctl_getopt (ctl, argc, argv, NULL, NULL, NULL, &args);
    if (rc != 0)
        return rc == 1 ? CTL_EXIT_OK : rc;
    rt_command_t cmd = { .verb = "" };
    snprintf (cmd.verb, sizeof (cmd.verb), "%s", verb);
    if (strcmp (verb, "resume") == 0 && args.count > 0)
        return ctl_usage_error (verb, "unexpected argument '%s'", args.item [0]);
    if (args.count > 0) {
        //  The words of the reason, as typed: "rt-ctl halt fat finger on AAPL".
        char reason [RT_ARG_MAX] = "";
        size_t len = 0;
        for (int i = 0; i < args.count; i++) {
            int n = snprintf (reason + len, sizeof (reason) - len, "%s%s", i ? " " : "",
                              args.item [i]);
            if (n < 0 || (size_t) n >= sizeof (reason) - len)
                return ctl_usage_error (verb, "REASON is longer than %zu characters",
                                        sizeof (reason) - 1);
            len += (size_t) n;
        }
        if (rt_args_push (&cmd.args, reason) != 0)
            return ctl_usage_error (verb, "bad REASON");
    }
    ctl_req_t req;
    int status = ctl_call (ctl, &req, RT_EP_RISK_CMD, RT_TYPE_COMMAND, &cmd);
    if (status != CTL_EXIT_OK)
        goto done;
    const rt_reply_t *reply = &req.reply.u.reply;
    if (!reply->ok) {
        fprintf (stderr, "refused: %s\n", *reply->reason ? reply->reason : "no reason given");
        status = CTL_EXIT_REFUSED;
    }
    if (ctl->json) {
        json_t *doc = json_pack ("{s:b,s:s,s:s,s:O}", "ok", reply->ok, "verb", verb,
                                 "reason", reply->reason,
                                 "reply", req.reply.json ? req.reply.json : json_null ());
        if (ctl_json_print (doc) != 0 && status == CTL_EXIT_OK)
            status = CTL_EXIT_FAILED;
    }
    else
    if (reply->ok)
        printf ("%s: %s\n", verb, *reply->reason ? reply->reason : "done");
done:
    ctl_req_end (&req);
    return status;
}
