/*  pub_json.c - catalogue structs to JSON, driven by the field table.
*/
#include <math.h>
#include <string.h>
#include "pub_json.h"

json_t *
pub_json_string (const char *text)
{
    json_t *s = json_string (text);
    if (s)
        return s;
    //  Not UTF-8 (IB text is usually ASCII, but the bus does not promise it).
    char clean [RT_TEXT_MAX + 1];
    size_t i = 0;
    for (; text [i] && i < sizeof clean - 1; i++)
        clean [i] = (unsigned char) text [i] < 0x80? text [i]: '?';
    clean [i] = 0;
    return json_string (clean);
}

static json_t *
s_field (const rt_field_t *f, const unsigned char *p)
{
    switch ((rt_kind_t) f->kind) {
        case RT_KIND_U64: {
            uint64_t v;
            memcpy (&v, p, sizeof v);
            return v > INT64_MAX? json_real ((double) v): json_integer ((json_int_t) v);
        }
        case RT_KIND_U32: {
            uint32_t v;
            memcpy (&v, p, sizeof v);
            return json_integer ((json_int_t) v);
        }
        case RT_KIND_I64: {
            int64_t v;
            memcpy (&v, p, sizeof v);
            return json_integer ((json_int_t) v);
        }
        case RT_KIND_I32: {
            int32_t v;
            memcpy (&v, p, sizeof v);
            return json_integer ((json_int_t) v);
        }
        case RT_KIND_F64: {
            double v;
            memcpy (&v, p, sizeof v);
            return isfinite (v)? json_real (v): json_null ();
        }
        case RT_KIND_BOOL: {
            bool v;
            memcpy (&v, p, sizeof v);
            return json_boolean (v);
        }
        case RT_KIND_STR:
            return pub_json_string ((const char *) p);
        case RT_KIND_ENUM: {
            //  Every catalogue enum is a C enum, which is int-sized here.
            int v;
            memcpy (&v, p, sizeof v);
            return json_string (rt_enum_str (f->enum_info, (unsigned) v));
        }
        case RT_KIND_COUNTERS: {
            const rt_counters_t *c = (const rt_counters_t *) p;
            json_t *o = json_object ();
            for (uint32_t i = 0; o && i < c->count && i < RT_COUNTERS_MAX; i++)
                json_object_set_new (o, c->item [i].name,
                                     json_integer ((json_int_t) c->item [i].value));
            return o;
        }
        case RT_KIND_ARGS: {
            const rt_args_t *a = (const rt_args_t *) p;
            json_t *arr = json_array ();
            for (uint32_t i = 0; arr && i < a->count && i < RT_ARGS_MAX; i++)
                json_array_append_new (arr, pub_json_string (a->item [i]));
            return arr;
        }
    }
    return json_null ();
}

json_t *
pub_json_from_msg (rt_type_t type, const void *msg)
{
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry || !msg)
        return NULL;
    json_t *obj = json_object ();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < entry->field_count; i++) {
        const rt_field_t *f = &entry->fields [i];
        json_t *v = s_field (f, (const unsigned char *) msg + f->offset);
        if (!v || json_object_set_new (obj, f->name, v) != 0) {
            json_decref (obj);
            return NULL;
        }
    }
    return obj;
}

json_t *
pub_json_event (const char *type, json_t *data)
{
    if (!data)
        return NULL;
    json_t *ev = json_object ();
    if (!ev || json_object_set_new (ev, "type", json_string (type)) != 0
    ||  json_object_set_new (ev, "data", data) != 0) {
        json_decref (ev);
        if (!ev)
            json_decref (data);
        return NULL;
    }
    return ev;
}
