/*  rt_msg.c - whole message bodies to and from bytes.

    Receiving is the one place hostile bytes meet msgpack-c. msgpack_unpack sizes its
    allocations from the counts in the input (an array header claiming four billion items
    costs 5 bytes), so the frame is first walked with the bounded cursor, which refuses any
    count larger than the bytes that remain and any deep nesting. Only a frame that is
    structurally one whole value reaches msgpack_unpack, and then its zone holds at most a
    small multiple of the frame's size.
*/
#include <assert.h>
#include <string.h>
#include "rt_catalogue.h"
#include "rt_codec.h"
#include "rt_mpread.h"

int
rt_msg_encode (rt_type_t type, const void *msg, msgpack_packer *pk)
{
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry)
        return RT_EUNKNOWN;
    return entry->encode (msg, pk);
}

int
rt_msg_pack (rt_type_t type, const void *msg, msgpack_sbuffer *sbuf)
{
    assert (sbuf);
    msgpack_sbuffer_clear (sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, sbuf, msgpack_sbuffer_write);
    int rc = rt_msg_encode (type, msg, &pk);
    if (rc)
        msgpack_sbuffer_clear (sbuf);
    return rc;
}

int
rt_msg_decode_object (rt_type_t type, void *out, const msgpack_object *obj)
{
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry)
        return RT_EUNKNOWN;
    return entry->decode (out, obj);
}

int
rt_msg_decode (rt_type_t type, void *out, const char *data, size_t size, msgpack_zone *zone)
{
    assert (out);
    assert (zone);
    assert (data || size == 0);
    const rt_catalogue_entry_t *entry = rt_catalogue_get (type);
    if (!entry)
        return RT_EUNKNOWN;
    memset (out, 0, entry->size);

    rt_mpread_t rd;
    rt_mpread_init (&rd, data, size);
    int rc = rt_mpread_skip (&rd);
    if (rc)
        return rc;
    if (rt_mpread_left (&rd))
        return RT_EINVAL;                   //  a body frame is exactly one map

    //  Drops what the previous message left; the zone keeps its first chunk, so steady
    //  state allocates nothing.
    msgpack_zone_clear (zone);
    size_t offset = 0;
    msgpack_object obj;
    switch (msgpack_unpack (data, size, &offset, zone, &obj)) {
        case MSGPACK_UNPACK_SUCCESS:
            break;
        case MSGPACK_UNPACK_EXTRA_BYTES:
            return RT_EINVAL;
        case MSGPACK_UNPACK_CONTINUE:
            return RT_ETRUNC;
        case MSGPACK_UNPACK_NOMEM_ERROR:
            return RT_ENOMEM;
        default:
            return RT_EINVAL;
    }
    return entry->decode (out, &obj);
}
