/*  ctl_bus.c - rt-ctl's side of the command sockets: one request, its parts, its reply.

    Command sockets close without linger: after the reply nothing is left to send, and after
    a timeout the request must not go out later (to a service that comes up after rt-ctl has
    told the trader it did not answer).
*/
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "rt_bus_json.h"
#include "rt_clock.h"

const char *
ctl_service (rt_ep_t ep)
{
    return rt_bus_endpoint_info (ep)->service;
}

int
ctl_msg_from_bus (ctl_t *ctl, const rt_bus_msg_t *in, ctl_msg_t *msg)
{
    memset (msg, 0, sizeof (*msg));
    msg->type = (rt_type_t) in->header.type;
    msg->header = in->header;
    snprintf (msg->topic, sizeof (msg->topic), "%s", in->topic);
    const rt_catalogue_entry_t *entry = rt_catalogue_get (msg->type);
    //  Only the types rt-ctl reads are decoded into the union; the rest are JSON only.
    if (entry && entry->size <= sizeof (msg->u)
    &&  rt_msg_decode (msg->type, &msg->u, (const char *) in->body, in->body_len,
                       &ctl->zone) == 0)
        msg->decoded = true;
    json_t *body = NULL;
    int rc = rt_bus_json_from_msgpack (in->body, in->body_len, &body);
    if (rc == RT_ENOMEM)
        return rc;
    if (rc == 0)
        msg->json = ctl_json_body (msg->type, body);
    return 0;
}

void
ctl_msg_clear (ctl_msg_t *msg)
{
    json_decref (msg->json);
    msg->json = NULL;
}

int
ctl_list_push (ctl_list_t *list, ctl_msg_t *msg)
{
    if (list->count == CTL_PARTS_MAX)
        return RT_ERANGE;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        ctl_msg_t *items = realloc (list->items, cap * sizeof (*items));
        if (!items)
            return RT_ENOMEM;
        list->items = items;
        list->cap = cap;
    }
    list->items [list->count++] = *msg;
    msg->json = NULL;               //  the list owns it now
    return 0;
}

void
ctl_list_clear (ctl_list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        ctl_msg_clear (&list->items [i]);
    free (list->items);
    memset (list, 0, sizeof (*list));
}

int
ctl_req_start (ctl_t *ctl, ctl_req_t *req, rt_ep_t ep, rt_type_t type, const void *msg)
{
    memset (req, 0, sizeof (*req));
    req->ep = ep;
    char topic [RT_TOPIC_MAX];
    int rc = rt_msg_topic (topic, sizeof (topic), type, msg);
    if (rc == 0)
        rc = rt_msg_pack (type, msg, &ctl->sbuf);
    if (rc != 0) {
        fprintf (stderr, "rt-ctl: cannot encode the %s: %s\n", rt_type_name (type),
                 rt_strerror (rc));
        return rc;
    }
    rt_bus_opts_t opts = { .linger_ms = RT_BUS_LINGER_NONE };
    const char *endpoint = rt_bus_endpoint (ep);
    req->client = rt_cmd_client_new_opts (endpoint, "rt-ctl", ctl_service (ep), &opts);
    if (!req->client) {
        fprintf (stderr, "rt-ctl: cannot connect to the %s service at %s\n",
                 ctl_service (ep), endpoint);
        return RT_EIO;
    }
    rc = rt_cmd_client_send (req->client, topic, (uint16_t) type, ctl->sbuf.data,
                             ctl->sbuf.size, req->corr);
    if (rc != 0)
        fprintf (stderr, "rt-ctl: cannot send to the %s service at %s: %s\n",
                 ctl_service (ep), endpoint, rt_strerror (rc));
    return rc;
}

int
ctl_req_drain (ctl_t *ctl, ctl_req_t *req)
{
    while (!req->done) {
        rt_bus_msg_t in;
        int rc = rt_cmd_client_recv (req->client, &in, 0);
        if (rc == RT_EAGAIN || rc == RT_ETIMEOUT)
            return 0;
        if (rc != 0)
            return rc;
        if (strcmp (in.header.corr, req->corr) != 0)
            continue;               //  not ours (cannot happen on a fresh socket)
        ctl_msg_t msg;
        rc = ctl_msg_from_bus (ctl, &in, &msg);
        if (rc != 0)
            return rc;
        if (msg.type == RT_TYPE_REPLY) {
            if (!msg.decoded) {
                ctl_msg_clear (&msg);
                return RT_EINVAL;   //  a reply rt-ctl cannot read
            }
            req->reply = msg;
            req->done = true;
        }
        else {
            rc = ctl_list_push (&req->parts, &msg);
            ctl_msg_clear (&msg);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

int
ctl_poll (zsock_t **socks, size_t n, int timeout_ms)
{
    zmq_pollitem_t items [16];
    assert (n <= 16);
    for (size_t i = 0; i < n; i++)
        items [i] = (zmq_pollitem_t) { .socket = zsock_resolve (socks [i]), .events = ZMQ_POLLIN };
    if (zmq_poll (items, (int) n, timeout_ms) < 0 && zmq_errno () != EINTR)
        return RT_EIO;
    return 0;
}

int
ctl_req_wait (ctl_t *ctl, ctl_req_t *req, int timeout_ms)
{
    uint64_t deadline = rt_clock_mono_ms () + (uint64_t) timeout_ms;
    int rc = ctl_req_drain (ctl, req);
    while (rc == 0 && !req->done) {
        uint64_t now = rt_clock_mono_ms ();
        if (now >= deadline)
            return RT_ETIMEOUT;
        zsock_t *sock = rt_cmd_client_sock (req->client);
        rc = ctl_poll (&sock, 1, (int) (deadline - now));
        if (rc == 0)
            rc = ctl_req_drain (ctl, req);
    }
    return rc;
}

void
ctl_req_end (ctl_req_t *req)
{
    rt_cmd_client_destroy (&req->client);
    ctl_msg_clear (&req->reply);
    ctl_list_clear (&req->parts);
}

int
ctl_call (ctl_t *ctl, ctl_req_t *req, rt_ep_t ep, rt_type_t type, const void *msg)
{
    int rc = ctl_req_start (ctl, req, ep, type, msg);
    if (rc != 0)
        return CTL_EXIT_FAILED;
    rc = ctl_req_wait (ctl, req, ctl->timeout_ms);
    if (rc == RT_ETIMEOUT)
        return ctl_fail (ctl, CTL_EXIT_TIMEOUT, "timeout",
                         "%s service did not answer within %d ms (%s)", ctl_service (ep),
                         ctl->timeout_ms, rt_bus_endpoint (ep));
    if (rc != 0)
        return ctl_fail (ctl, CTL_EXIT_FAILED, "failed", "%s service: %s",
                         ctl_service (ep), rt_strerror (rc));
    return CTL_EXIT_OK;
}

int
ctl_fail (ctl_t *ctl, int exit_code, const char *what, const char *fmt, ...)
{
    char text [512];
    va_list args;
    va_start (args, fmt);
    vsnprintf (text, sizeof (text), fmt, args);
    va_end (args);
    fprintf (stderr, "rt-ctl: %s\n", text);
    if (ctl->json)
        ctl_json_print (json_pack ("{s:b,s:s,s:s}", "ok", 0, "error", what,
                                   "message", text));
    return exit_code;
}
