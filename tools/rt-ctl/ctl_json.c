/*  ctl_json.c - --json output and number formatting.

    Messages are shown through the generic msgpack -> JSON conversion (lib/rt_bus_json.h),
    with keys renamed by the catalogue's field table: one code path for every type, and a
    field a newer service sends that this rt-ctl does not know still shows (under its key).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"

json_t *
ctl_json_body (rt_type_t type, json_t *body)
{
    if (!json_is_object (body)) {
        json_decref (body);
        return NULL;
    }
    json_t *out = json_object ();
    if (!out || json_object_set_new (out, "type", json_string (rt_type_name (type))) != 0) {
        json_decref (out);
        json_decref (body);
        return NULL;
    }
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    const char *key;
    json_t *value;
    json_object_foreach (body, key, value) {
        const char *name = key;
        for (size_t i = 0; entry && i < entry->field_count; i++)
            if (strcmp (entry->fields [i].key, key) == 0)
                name = entry->fields [i].name;
        if (strcmp (name, "type") == 0)
            name = "type_";         //  never hide the message type
        if (json_object_set (out, name, value) != 0) {
            json_decref (out);
            out = NULL;
            break;
        }
    }
    json_decref (body);
    return out;
}

json_t *
ctl_json_msg (const ctl_msg_t *msg)
{
    return msg->json ? json_incref (msg->json) : json_null ();
}

json_t *
ctl_json_list (const ctl_list_t *list)
{
    json_t *array = json_array ();
    for (size_t i = 0; array && i < list->count; i++)
        if (json_array_append_new (array, ctl_json_msg (&list->items [i])) != 0) {
            json_decref (array);
            array = NULL;
        }
    return array;
}

int
ctl_json_print (json_t *doc)
{
    int rc = 0;
    char *text = doc ? json_dumps (doc, JSON_INDENT (2) | JSON_PRESERVE_ORDER) : NULL;
    if (!text || puts (text) == EOF || fflush (stdout) == EOF)
        rc = RT_EIO;
    if (!text)
        fprintf (stderr, "rt-ctl: cannot build the JSON output\n");
    free (text);
    json_decref (doc);
    return rc;
}

const char *
ctl_num (char *buf, size_t cap, double value, int min_decimals, int decimals)
{
    if (!isfinite (value)) {
        snprintf (buf, cap, "%s", isnan (value) ? "nan" : value > 0 ? "inf" : "-inf");
        return buf;
    }
    int len = snprintf (buf, cap, "%.*f", decimals, value);
    if (len < 0 || (size_t) len >= cap)
        return buf;
    char *dot = strchr (buf, '.');
    if (dot) {
        char *end = buf + len - 1;
        while (end > dot + min_decimals && *end == '0')
            *end-- = 0;
        if (end == dot)
            *end = 0;
    }
    if (strcmp (buf, "-0") == 0 || strncmp (buf, "-0.", 3) == 0) {
        //  -0.00 reads as a loss to a trader: print zero as zero.
        bool zero = true;
        for (const char *p = buf + 1; *p; p++)
            if (*p != '0' && *p != '.')
                zero = false;
        if (zero)
            memmove (buf, buf + 1, strlen (buf));
    }
    return buf;
}
