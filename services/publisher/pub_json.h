/*  pub_json.h - a decoded catalogue message as a JSON object with the C field names
    ("symbol", "avg_cost"), for the browser: the catalogue's field table drives it, so a field
    added to proto/ shows up on the page without a change here.

    Enums become their wire strings; non-finite doubles become null (JSON cannot hold them);
    a string that is not UTF-8 has its bad bytes replaced by '?'; a uint64 above the exact
    range of a double in JavaScript stays an integer (the page only shows it).
*/
#ifndef PUB_JSON_H_INCLUDED
#define PUB_JSON_H_INCLUDED

#include <jansson.h>
#include "rt_catalogue.h"

//  A new object for msg of type, or NULL (unknown type, out of memory).
json_t *pub_json_from_msg (rt_type_t type, const void *msg);

//  A JSON string of text, with bytes that are not UTF-8 replaced by '?'. Never NULL unless
//  out of memory.
json_t *pub_json_string (const char *text);

//  {"type": type, "data": data} (steals data). NULL if data is NULL or out of memory.
json_t *pub_json_event (const char *type, json_t *data);

#endif
