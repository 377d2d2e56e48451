/*  proto_fixture.h - sample messages for the proto tests, built from the field tables. */
#ifndef PROTO_FIXTURE_H_INCLUDED
#define PROTO_FIXTURE_H_INCLUDED

#include "rt_catalogue.h"

typedef enum {
    FIXTURE_LARGE,      //  wide integer forms, full-length strings, every slot used
    FIXTURE_SMALL,      //  fixint forms, short strings, one-item lists
    FIXTURE_VARIANTS    //  number of variants
} fixture_variant_t;

//  Zeroes msg and sets every field of a `entry` message to a non-default value.
void fixture_fill (const rt_catalogue_entry_t *entry, void *msg, fixture_variant_t variant);

//  The largest struct in the catalogue, for stack buffers that hold any message.
typedef union {
    max_align_t align;
    char bytes [4096];
} fixture_msg_t;

#endif
