/*  orders_check.c - naming the bad field. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "orders_check.h"

#define S_KV_MAX 64

static int
s_decode_obj (rt_type_t type, void *out, const msgpack_object *obj)
{
    return rt_msg_decode_object (type, out, obj);
}

static const rt_field_t *
s_field_by_key (const rt_catalogue_entry_t *e, const msgpack_object *key)
{
    if (key->type != MSGPACK_OBJECT_STR)
        return NULL;
    for (size_t i = 0; i < e->field_count; i++)
        if (e->fields [i].key_len == key->via.str.size
        &&  memcmp (e->fields [i].key, key->via.str.ptr, key->via.str.size) == 0)
            return &e->fields [i];
    return NULL;
}

static const msgpack_object *
s_find (const msgpack_object *map, const char *key, size_t key_len)
{
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr [i].key;
        if (k->type == MSGPACK_OBJECT_STR && k->via.str.size == key_len
        &&  memcmp (k->via.str.ptr, key, key_len) == 0)
            return &map->via.map.ptr [i].val;
    }
    return NULL;
}

//  Which field explains rc: a required one absent or empty, else the one whose removal
//  changes the outcome.
static const rt_field_t *
s_culprit (rt_type_t type, void *out, const msgpack_object *map, int rc)
{
    const rt_catalogue_entry_t *e = rt_catalogue_get (type);
    if (!e)
        return NULL;
    for (size_t i = 0; i < e->field_count; i++) {
        const rt_field_t *f = &e->fields [i];
        if (!f->required)
            continue;
        const msgpack_object *v = s_find (map, f->key, f->key_len);
        if (!v || v->type == MSGPACK_OBJECT_NIL
        ||  (v->type == MSGPACK_OBJECT_STR && v->via.str.size == 0))
            return f;
    }
    uint32_t n = map->via.map.size;
    if (n > S_KV_MAX)
        return NULL;
    msgpack_object_kv kvs [S_KV_MAX];
    for (uint32_t skip = 0; skip < n; skip++) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < n; i++)
            if (i != skip)
                kvs [k++] = map->via.map.ptr [i];
        msgpack_object m = *map;
        m.via.map.size = k;
        m.via.map.ptr = kvs;
        int rc2 = s_decode_obj (type, out, &m);
        if (rc2 != rc)
            return s_field_by_key (e, &map->via.map.ptr [skip].key);
    }
    return NULL;
}

int
orders_check_decode (rt_type_t type, void *out, const void *body, size_t len,
                     char *why, size_t cap)
{
    assert (out && why);
    msgpack_zone zone;
    if (!msgpack_zone_init (&zone, 2048)) {
        snprintf (why, cap, "bad message: out of memory");
        return RT_ENOMEM;
    }
    int rc = rt_msg_decode (type, out, (const char *) body, len, &zone);
    if (rc == 0)
        goto done;
    msgpack_object obj;
    size_t off = 0;
    msgpack_zone_clear (&zone);
    if (msgpack_unpack ((const char *) body, len, &off, &zone, &obj) != MSGPACK_UNPACK_SUCCESS
    ||  obj.type != MSGPACK_OBJECT_MAP) {
        snprintf (why, cap, "bad message: the body is not one msgpack map (%s)",
                  rt_strerror (rc));
        goto done;
    }
    const rt_field_t *f = s_culprit (type, out, &obj, rc);
    memset (out, 0, rt_catalogue_get (type)->size);
    if (f)
        snprintf (why, cap, "bad field %s: %s", f->name,
                  rc == RT_EMISSING? "missing or empty": rt_strerror (rc));
    else
        snprintf (why, cap, "bad message: %s", rt_strerror (rc));
done:
    msgpack_zone_destroy (&zone);
    return rc;
}

bool
orders_check_coid (const char *coid)
{
    if (!*coid)
        return false;
    for (const char *p = coid; *p; p++)
        if (*p <= ' ' || *p > '~')
            return false;
    return true;
}

static bool
s_price_ok (double p)
{
    return isfinite (p) && p > 0;
}

bool
orders_check_intent (const rt_order_intent_t *in, char *why, size_t cap)
{
    assert (in && why);
    bool needs_limit = in->order_type == RT_ORD_TYPE_LMT || in->order_type == RT_ORD_TYPE_STP_LMT;
    bool needs_stop = in->order_type == RT_ORD_TYPE_STP || in->order_type == RT_ORD_TYPE_STP_LMT;
    if (!orders_check_coid (in->coid))
        snprintf (why, cap, "bad field coid: printable ASCII without spaces, 1-%d characters",
                  RT_COID_MAX - 1);
    else if (!*in->symbol)
        snprintf (why, cap, "bad field symbol: empty");
    else if (in->side != RT_SIDE_BUY && in->side != RT_SIDE_SELL)
        snprintf (why, cap, "bad field side: BUY or SELL");
    else if (!isfinite (in->qty) || in->qty <= 0)
        snprintf (why, cap, "bad field qty: must be a finite number > 0");
    else if (in->order_type <= RT_ORD_TYPE_NONE || in->order_type >= RT_ORD_TYPE_COUNT)
        snprintf (why, cap, "bad field order_type: MKT, LMT, STP or STP LMT");
    else if (needs_limit && !s_price_ok (in->limit_price))
        snprintf (why, cap, "bad field limit_price: %s needs a finite limit price > 0",
                  rt_ord_type_str (in->order_type));
    else if (needs_stop && !s_price_ok (in->stop_price))
        snprintf (why, cap, "bad field stop_price: %s needs a finite stop price > 0",
                  rt_ord_type_str (in->order_type));
    else if (!needs_limit && in->limit_price != 0)
        snprintf (why, cap, "bad field limit_price: not used by %s orders",
                  rt_ord_type_str (in->order_type));
    else if (!needs_stop && in->stop_price != 0)
        snprintf (why, cap, "bad field stop_price: not used by %s orders",
                  rt_ord_type_str (in->order_type));
    else if (in->tif >= RT_TIF_COUNT)
        snprintf (why, cap, "bad field tif: DAY, GTC or IOC");
    else
        return true;
    return false;
}
