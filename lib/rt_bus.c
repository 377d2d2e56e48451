/*  rt_bus.c - the table of well-known endpoints, and binding shared by the servers. */
#include <stdio.h>
#include <string.h>
#include "rt_bus.h"
#include "rt_bus_wire.h"
#include "rt_log.h"

static const rt_ep_info_t s_endpoints [RT_EP_COUNT] = {
    [RT_EP_GATEWAY_PUB] = { "gateway", "RT_GATEWAY_PUB", "tcp://127.0.0.1:5561", true  },
    [RT_EP_GATEWAY_CMD] = { "gateway", "RT_GATEWAY_CMD", "tcp://127.0.0.1:5562", false },
    [RT_EP_ORDERS_PUB]  = { "orders",  "RT_ORDERS_PUB",  "tcp://127.0.0.1:5563", true  },
    [RT_EP_ORDERS_CMD]  = { "orders",  "RT_ORDERS_CMD",  "tcp://127.0.0.1:5564", false },
    [RT_EP_RISK_PUB]    = { "risk",    "RT_RISK_PUB",    "tcp://127.0.0.1:5565", true  },
    [RT_EP_RISK_CMD]    = { "risk",    "RT_RISK_CMD",    "tcp://127.0.0.1:5566", false },
    [RT_EP_GATEWAY_MD]  = { "gateway", "RT_GATEWAY_MD",  "tcp://127.0.0.1:5567", true  },
};

const rt_ep_info_t *
rt_bus_endpoint_info (rt_ep_t which)
{
    assert (which >= 0 && which < RT_EP_COUNT);
    return &s_endpoints [which];
}

const char *
rt_bus_endpoint (rt_ep_t which)
{
    const rt_ep_info_t *info = rt_bus_endpoint_info (which);
    const char *value = getenv (info->env);
    return value && *value ? value : info->dflt;
}

size_t
rt_bus_pub_endpoints (const char **endpoints, const char **services, size_t max)
{
    size_t count = 0;
    for (int i = 0; i < RT_EP_COUNT; i++) {
        if (!s_endpoints [i].is_pub)
            continue;
        if (count < max) {
            if (endpoints)
                endpoints [count] = rt_bus_endpoint ((rt_ep_t) i);
            if (services)
                services [count] = s_endpoints [i].service;
        }
        count++;
    }
    return count;
}

bool
rt_bus_service_ok (const char *name)
{
    if (name && rt_curve_name_ok (name) && strlen (name) < RT_SRC_MAX)
        return true;
    rt_log_error ("bus: bad service or role name '%s' (use [a-z0-9._-], under %d bytes)",
                  name ? name : "(null)", RT_SRC_MAX);
    return false;
}

int
rt_bus_bind (zsock_t *sock, const char *endpoint, char *bound, size_t cap)
{
    int rc = rt_curve_bind_check (endpoint);
    if (rc != 0)
        return rc;
    if (zsock_bind (sock, "%s", endpoint) < 0) {
        rt_log_error ("bus: cannot bind %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        return RT_EIO;
    }
    char *last = zsock_last_endpoint (sock);
    if (!last)
        return RT_ENOMEM;
    rc = snprintf (bound, cap, "%s", last) < (int) cap ? 0 : RT_ERANGE;
    zstr_free (&last);
    return rc;
}
