/*  rt_codec.h - the table-driven body codec behind every rt_<name>_encode / _decode.
    Internal to proto/: callers use rt_catalogue.h. */
#ifndef RT_CODEC_H_INCLUDED
#define RT_CODEC_H_INCLUDED

#include "rt_catalogue.h"

int rt_codec_encode (const rt_catalogue_entry_t *entry, const void *msg, msgpack_packer *pk);
int rt_codec_decode (const rt_catalogue_entry_t *entry, void *msg, const msgpack_object *obj);

#endif
