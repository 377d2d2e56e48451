/*  tws_field.h - bounded field reader and writer for TWS API text frames.

    A TWS payload (server version <= 200) is a run of ASCII fields, each ended by one NUL.
    The reader is a cursor over one frame's payload: every field comes back as a pointer and
    length into the frame (zero copy), and the typed getters are tolerant the way the official
    decoder is (see tws-api-protocol.md section 1): an empty numeric is 0 (or UNSET for the
    "_unset" getters), `Infinity` is +inf, the Java/C++/Python forms of DBL_MAX and the integer
    sentinels map onto our UNSET constants, and an unparsable numeric (`?`, `None`, garbage)
    becomes 0 / UNSET instead of failing. Only running off the end of the frame fails
    (RT_ETRUNC), because then the walk is out of step and nothing after it can be trusted.

    The writer fills a caller buffer of fixed capacity (no allocation). It reserves the 4-byte
    length prefix, so tws_writer_finish () turns the buffer into one complete frame. Errors
    are sticky: after the first overflow every write is a no-op and finish returns RT_ERANGE,
    so encoders need not test each field.
*/
#ifndef TWS_FIELD_H_INCLUDED
#define TWS_FIELD_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <float.h>
#include <limits.h>

#include "rt_error.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Sentinels of the official API ("no value").
#define TWS_UNSET_INTEGER   INT_MAX                 //  2147483647
#define TWS_UNSET_LONG      INT64_MAX               //  9223372036854775807
#define TWS_UNSET_DOUBLE    DBL_MAX                 //  1.7976931348623157e+308
//  Decimal quantities are carried as double (exact for every quantity IB uses: < 2^53,
//  at most a few decimals); UNSET_DECIMAL (2^127-1 upstream) is DBL_MAX here too, and it is
//  written as the upstream 39-digit integer so the server sees the same bytes.
#define TWS_UNSET_DECIMAL   DBL_MAX
#define TWS_UNSET_DECIMAL_STR "170141183460469231731687303715884105727"
#define TWS_INFINITY_STR    "Infinity"

typedef double tws_decimal_t;

//  ---------------------------------------------------------------------------------------
//  Reader

typedef struct {
    const char *pos;            //  next field
    const char *end;            //  one past the payload
    int fields;                 //  fields consumed so far
    int truncated;              //  strings cut to fit a fixed buffer (the walk stays aligned)
} tws_reader_t;

//  Cursor over one payload (without the 4-byte length prefix).
void tws_reader_init (tws_reader_t *r, const void *payload, size_t len);

//  Bytes not consumed yet.
size_t tws_reader_remaining (const tws_reader_t *r);
bool tws_reader_at_end (const tws_reader_t *r);

//  Next raw field: *s points into the frame and is NUL-terminated there, *len excludes the
//  NUL. RT_ETRUNC when no complete field is left.
int tws_read_field (tws_reader_t *r, const char **s, size_t *len);
//  Skip n fields.
int tws_skip (tws_reader_t *r, int n);

//  Typed getters. "_unset" variants are the official decoder's SHOW_UNSET reads: an empty
//  field gives UNSET instead of 0.
int tws_read_int (tws_reader_t *r, int *v);
int tws_read_int_unset (tws_reader_t *r, int *v);
int tws_read_long (tws_reader_t *r, int64_t *v);
int tws_read_long_unset (tws_reader_t *r, int64_t *v);
int tws_read_double (tws_reader_t *r, double *v);
int tws_read_double_unset (tws_reader_t *r, double *v);
//  Empty or any sentinel (2147483647, 9223372036854775807, -9223372036854775808,
//  1.7976931348623157E308, 2^127-1) gives TWS_UNSET_DECIMAL.
int tws_read_decimal (tws_reader_t *r, tws_decimal_t *v);
//  "1"/"true" are true, other non-zero integers are true, anything else false.
int tws_read_bool (tws_reader_t *r, bool *v);
//  Copy into dst (capacity cap, always NUL-terminated); a longer value is cut and counted in
//  r->truncated.
int tws_read_str (tws_reader_t *r, char *dst, size_t cap);

//  Parse a standalone token the way the getters do (exposed for tests and the sim).
int tws_parse_int (const char *s, size_t len, int empty_value);
int64_t tws_parse_long (const char *s, size_t len, int64_t empty_value);
double tws_parse_double (const char *s, size_t len, double empty_value);

//  ---------------------------------------------------------------------------------------
//  Writer

typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t len;                 //  bytes used, prefix included
    int err;                    //  0 or the first error (sticky)
    int fields;                 //  fields written
} tws_writer_t;

//  Start a frame in buf; reserves the 4-byte length prefix. cap must be >= 4.
void tws_writer_init (tws_writer_t *w, void *buf, size_t cap);
//  Start again in the same buffer.
void tws_writer_reset (tws_writer_t *w);
//  Write the length prefix. *frame_len (may be NULL) gets prefix + payload bytes.
//  RT_ERANGE if anything overflowed or the payload is above TWS_MAX_PAYLOAD.
int tws_writer_finish (tws_writer_t *w, size_t *frame_len);
//  Payload written so far (after the prefix).
const uint8_t *tws_writer_payload (const tws_writer_t *w, size_t *len);

void tws_write_field (tws_writer_t *w, const char *s, size_t len);
void tws_write_str (tws_writer_t *w, const char *s);           //  NULL writes ""
void tws_write_int (tws_writer_t *w, int v);
void tws_write_long (tws_writer_t *w, int64_t v);
void tws_write_bool (tws_writer_t *w, bool v);                 //  "1" / "0"
//  Python str(float): shortest round-trip digits, ".0" for integral values, exponent form
//  outside 1e-4 <= |v| < 1e16 (1e+16, 1.7976931348623157e+308), `Infinity`, `-Infinity`.
void tws_write_double (tws_writer_t *w, double v);
//  Python str(Decimal) for our double-backed decimal: "100", "0.5"; UNSET writes the
//  upstream sentinel.
void tws_write_decimal (tws_writer_t *w, tws_decimal_t v);
//  "handle empty" variants: UNSET writes "" (official make_field_handle_empty).
void tws_write_int_he (tws_writer_t *w, int v);
void tws_write_double_he (tws_writer_t *w, double v);
void tws_write_decimal_he (tws_writer_t *w, tws_decimal_t v);

//  Format like tws_write_double into dst (cap >= 32); returns the length.
size_t tws_format_double (char *dst, size_t cap, double v);
size_t tws_format_decimal (char *dst, size_t cap, tws_decimal_t v);

#ifdef __cplusplus
}
#endif

#endif
