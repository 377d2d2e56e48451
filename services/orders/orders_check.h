/*  orders_check.h - what is wrong with a command, in words naming the field (pure).

    A client sending a malformed intent must learn which field to fix; the catalogue decoder
    only says what kind of error it met. orders_check_decode finds the culprit by decoding the
    body again without each key in turn (error path only), and orders_check_intent applies
    the semantic rules the gateway applies too, so an intent never reaches risk or the
    gateway just to be refused for its form.
*/
#ifndef ORDERS_CHECK_H_INCLUDED
#define ORDERS_CHECK_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include "rt_catalogue.h"

//  Decodes body as type into out. On failure writes "bad field <name>: <why>" (or "bad
//  message: <why>" when no single field is to blame) into why and returns the decode error.
int orders_check_decode (rt_type_t type, void *out, const void *body, size_t len,
                         char *why, size_t cap);

//  True when the intent can be placed; else "bad field <name>: <why>" in why.
bool orders_check_intent (const rt_order_intent_t *in, char *why, size_t cap);

//  True for a coid made of printable ASCII without spaces (it travels as IB's orderRef and
//  in log lines).
bool orders_check_coid (const char *coid);

#endif
