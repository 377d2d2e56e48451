/*  tws_io.h - internal: one walker for both directions.

    Each message layout is written once as a sequence of io_* calls over the struct; with a
    reader the calls decode into the struct, with a writer they encode from it. Encoder and
    decoder therefore cannot drift apart, which is the classic failure of hand-written TWS
    codecs (a field added on one side only misaligns everything after it).

    Naming of the numeric ops (read style / write style):
      io_x     reads plain (empty -> 0), writes the value (UNSET as its sentinel)
      io_x_u   reads SHOW_UNSET (empty -> UNSET), writes the value
      io_x_he  reads SHOW_UNSET, writes "handle empty" ("" for UNSET)
*/
#ifndef TWS_IO_H_INCLUDED
#define TWS_IO_H_INCLUDED

#include "tws_msg.h"

#include <assert.h>
#include <math.h>
#include <string.h>

typedef struct {
    tws_reader_t *r;            //  decoding when set
    tws_writer_t *w;            //  encoding when set
    int sv;                     //  negotiated server version
    bool server_msg;            //  encoding a server message: DBL_MAX in Java form
} tws_io_t;

#define IO_DEC(io) ((io)->r != NULL)
#define T(x) do { int rc_ = (x); if (rc_) return rc_; } while (0)

static inline tws_io_t
tws_io_reader (tws_reader_t *r, int sv)
{
    tws_io_t io = { r, NULL, sv, false };
    return io;
}

static inline tws_io_t
tws_io_writer (tws_writer_t *w, int sv, bool server_msg)
{
    tws_io_t io = { NULL, w, sv, server_msg };
    return io;
}

int twsio_int (tws_io_t *io, int *v);
int twsio_int_u (tws_io_t *io, int *v);
int twsio_int_he (tws_io_t *io, int *v);
int twsio_long (tws_io_t *io, int64_t *v);
int twsio_double (tws_io_t *io, double *v);
int twsio_double_u (tws_io_t *io, double *v);
int twsio_double_he (tws_io_t *io, double *v);
int twsio_dec (tws_io_t *io, tws_decimal_t *v);
int twsio_dec_he (tws_io_t *io, tws_decimal_t *v);
int twsio_bool (tws_io_t *io, bool *v);
int twsio_str (tws_io_t *io, char *buf, size_t cap);
#define IO_STR(io, field) twsio_str ((io), (field), sizeof (field))
//  A field whose value we do not keep: decode skips it, encode writes s.
int twsio_skip (tws_io_t *io, const char *s);
//  perm ids: a long from 191 (PERM_ID_AS_LONG), decoded as long on every version.
int twsio_perm_id (tws_io_t *io, int64_t *v);
//  The message id (encode only; decoders start after it).
int twsio_msg_id (tws_io_t *io, int id);
//  Range check shared by every codec.
int twsio_check_version (int sv);
//  A count that guards a variable-length section: negative or absurd counts read as 0.
int twsio_count (tws_io_t *io, int *count);

//  Contract blocks.
int twsio_contract_req (tws_io_t *io, tws_contract_t *c);          //  C12 (strike "" if unset)
int twsio_contract_order (tws_io_t *io, tws_contract_t *c);        //  openOrder/exec/position (11)
//  The same block; position data before its version 2 has no tradingClass.
int twsio_contract_order_tc (tws_io_t *io, tws_contract_t *c, bool trading_class);
int twsio_tag_values (tws_io_t *io, int *count, int *n, tws_tag_value_t *tv, int max);
int twsio_order_condition (tws_io_t *io, tws_condition_t *c);

//  Order sections shared by placeOrder, openOrder and completedOrder (tws_order_io.c).
typedef enum { TWSIO_PLACE, TWSIO_OPEN, TWSIO_COMPLETED } twsio_order_form_t;
bool tws_is_peg_bench (const char *order_type);
int twsio_combo_legs_full (tws_io_t *io, tws_contract_t *c);
int twsio_order_combo (tws_io_t *io, tws_contract_t *c, tws_order_t *o, twsio_order_form_t form);
int twsio_order_head (tws_io_t *io, tws_order_t *o, twsio_order_form_t form);
int twsio_order_fa (tws_io_t *io, tws_order_t *o);
int twsio_order_stock_range (tws_io_t *io, tws_order_t *o, twsio_order_form_t form);
int twsio_order_volatility (tws_io_t *io, tws_order_t *o, twsio_order_form_t form);
int twsio_order_scale (tws_io_t *io, tws_order_t *o, twsio_order_form_t form);
int twsio_order_hedge_to_algo (tws_io_t *io, tws_contract_t *c, tws_order_t *o,
                               twsio_order_form_t form);
int twsio_order_peg_bench_conditions (tws_io_t *io, tws_order_t *o);
int twsio_order_customer (tws_io_t *io, tws_order_t *o);

#endif

//  Defines tws_<name>_encode / _decode around a walker `static int s_<name> (tws_io_t *,
//  tws_<name>_t *)`. The walker never writes to the struct when encoding, so the cast
//  of the const input is sound. RESET prepares the struct for decoding.
#define TWS_IO_PAIR(name, server_msg_, RESET) \
int tws_##name##_encode (tws_writer_t *w, int server_version, const tws_##name##_t *m) \
{ \
    T (twsio_check_version (server_version)); \
    tws_io_t io = tws_io_writer (w, server_version, server_msg_); \
    int rc = s_##name (&io, (tws_##name##_t *) m); \
    return rc? rc: w->err; \
} \
int tws_##name##_decode (tws_reader_t *r, int server_version, tws_##name##_t *m) \
{ \
    T (twsio_check_version (server_version)); \
    RESET; \
    tws_io_t io = tws_io_reader (r, server_version); \
    return s_##name (&io, m); \
}
#define TWS_ZERO(m) memset ((m), 0, sizeof *(m))
