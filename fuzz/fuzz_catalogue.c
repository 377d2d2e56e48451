/*  fuzz_catalogue.c - every catalogue decoder on arbitrary bytes.

    The first byte picks the type (modulo the id range), the rest is the body. Properties:
    never crash or read out of bounds; whatever decodes is a valid message, so it encodes
    again, decodes to the same struct, and its topic can be formed.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rt_catalogue.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  As in a service: one zone reused for every message.
static msgpack_zone s_zone;
static int s_zone_ready;

static union {
    max_align_t align;
    char bytes [4096];
} s_msg, s_again;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!s_zone_ready) {
        if (!msgpack_zone_init (&s_zone, MSGPACK_ZONE_CHUNK_SIZE))
            abort ();
        s_zone_ready = 1;
    }
    const rt_catalogue_entry_t *entry = rt_catalogue_get ((rt_type_t) (data [0] % RT_TYPE_END));
    if (!entry)
        return 0;
    if (entry->size > sizeof s_msg.bytes)
        abort ();
    if (rt_msg_decode (entry->type, &s_msg, (const char *) data + 1, size - 1, &s_zone) != 0)
        return 0;

    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    if (rt_msg_pack (entry->type, &s_msg, &sbuf) != 0)
        abort ();
    if (rt_msg_decode (entry->type, &s_again, sbuf.data, sbuf.size, &s_zone) != 0)
        abort ();
    if (memcmp (s_msg.bytes, s_again.bytes, entry->size) != 0)
        abort ();
    msgpack_sbuffer_destroy (&sbuf);

    char topic [RT_TOPIC_MAX];
    int rc = rt_msg_topic (topic, sizeof topic, entry->type, &s_msg);
    if (rc == 0 && rt_topic_check (topic, strlen (topic)) != 0)
        abort ();
    return 0;
}
