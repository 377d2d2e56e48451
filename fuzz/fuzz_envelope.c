/*  fuzz_envelope.c - the header decoder and the topic check on arbitrary bytes.

    Properties: never crash or read out of bounds; a header that decodes encodes again and
    decodes to the same struct.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rt_envelope.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    (void) rt_topic_check ((const char *) data, size);

    rt_header_t header;
    if (rt_header_decode (&header, (const char *) data, size) != 0)
        return 0;
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
    if (rt_header_encode (&header, &pk) != 0)
        abort ();
    rt_header_t again;
    if (rt_header_decode (&again, sbuf.data, sbuf.size) != 0)
        abort ();
    if (memcmp (&header, &again, sizeof header) != 0)
        abort ();
    msgpack_sbuffer_destroy (&sbuf);
    return 0;
}
