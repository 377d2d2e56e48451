/*  rt_envelope.h - the three-frame bus envelope: topic | header | body.

    topic   ASCII, most general first ("md.quote.AAPL", "ord.status", "gw.conn"), at most
            RT_TOPIC_MAX - 1 bytes, so a SUB prefix filter selects naturally.
    header  msgpack map with short fixed keys:
              "v"   u16  schema version (RT_SCHEMA_VERSION)
              "t"   u16  message type (rt_type_t, see rt_catalogue.h)
              "src" str  source service ("gateway", "orders", ...)
              "seq" u64  per-publisher sequence, starts at 1, +1 per message on that socket
              "ts"  u64  time of publication, ns since the Unix epoch
              "cid" str  correlation id, optional ("" when absent)
            Unknown keys are ignored; a header whose "v" is above RT_SCHEMA_VERSION is refused.
    body    msgpack map, one per catalogue type (rt_catalogue.h).
*/
#ifndef RT_ENVELOPE_H_INCLUDED
#define RT_ENVELOPE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <msgpack.h>
#include "rt_error.h"

#define RT_SCHEMA_VERSION 1
#define RT_TOPIC_MAX      128
#define RT_SRC_MAX        32
#define RT_CORR_MAX       64

typedef struct {
    uint16_t version;
    uint16_t type;
    char     src [RT_SRC_MAX];
    uint64_t seq;
    uint64_t ts_ns;
    char     corr [RT_CORR_MAX];
} rt_header_t;

//  Appends the header map to the packer's buffer. Returns 0 or RT_ERANGE / RT_EIO.
int rt_header_encode (const rt_header_t *self, msgpack_packer *pk);

//  Decodes exactly one header map from data. Never reads past size; ignores unknown keys.
//  Returns 0, or RT_ETRUNC / RT_ETYPE / RT_ERANGE / RT_EMISSING / RT_EVERSION, or RT_EINVAL
//  for garbage, trailing bytes or a key given twice. Allocates nothing; on failure *self is
//  zeroed.
int rt_header_decode (rt_header_t *self, const char *data, size_t size);

//  Checks a topic: printable ASCII without spaces, 1..RT_TOPIC_MAX-1 bytes. 0 or RT_EINVAL.
int rt_topic_check (const char *topic, size_t size);

//  Nanoseconds since the Unix epoch (CLOCK_REALTIME).
uint64_t rt_now_ns (void);

#endif
