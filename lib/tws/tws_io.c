/*  tws_io.c - the two-way walker primitives (see tws_io.h). */
#include "tws_io.h"

#include <string.h>

static void
s_write_double (tws_io_t *io, double v)
{
    if (io->server_msg && v == TWS_UNSET_DOUBLE)
        tws_write_str (io->w, "1.7976931348623157E308");
    else
        tws_write_double (io->w, v);
}

int
twsio_int (tws_io_t *io, int *v)
{
    if (IO_DEC (io))
        return tws_read_int (io->r, v);
    tws_write_int (io->w, *v);
    return 0;
}

int
twsio_int_u (tws_io_t *io, int *v)
{
    if (IO_DEC (io))
        return tws_read_int_unset (io->r, v);
    tws_write_int (io->w, *v);
    return 0;
}

int
twsio_int_he (tws_io_t *io, int *v)
{
    if (IO_DEC (io))
        return tws_read_int_unset (io->r, v);
    tws_write_int_he (io->w, *v);
    return 0;
}

int
twsio_long (tws_io_t *io, int64_t *v)
{
    if (IO_DEC (io))
        return tws_read_long (io->r, v);
    tws_write_long (io->w, *v);
    return 0;
}

int
twsio_double (tws_io_t *io, double *v)
{
    if (IO_DEC (io))
        return tws_read_double (io->r, v);
    s_write_double (io, *v);
    return 0;
}

int
twsio_double_u (tws_io_t *io, double *v)
{
    if (IO_DEC (io))
        return tws_read_double_unset (io->r, v);
    s_write_double (io, *v);
    return 0;
}

int
twsio_double_he (tws_io_t *io, double *v)
{
    if (IO_DEC (io))
        return tws_read_double_unset (io->r, v);
    tws_write_double_he (io->w, *v);
    return 0;
}

int
twsio_dec (tws_io_t *io, tws_decimal_t *v)
{
    if (IO_DEC (io))
        return tws_read_decimal (io->r, v);
    tws_write_decimal (io->w, *v);
    return 0;
}

int
twsio_dec_he (tws_io_t *io, tws_decimal_t *v)
{
    if (IO_DEC (io))
        return tws_read_decimal (io->r, v);
    tws_write_decimal_he (io->w, *v);
    return 0;
}

int
twsio_bool (tws_io_t *io, bool *v)
{
    if (IO_DEC (io))
        return tws_read_bool (io->r, v);
    tws_write_bool (io->w, *v);
    return 0;
}

int
twsio_str (tws_io_t *io, char *buf, size_t cap)
{
    if (IO_DEC (io))
        return tws_read_str (io->r, buf, cap);
    tws_write_str (io->w, buf);
    return 0;
}

int
twsio_skip (tws_io_t *io, const char *s)
{
    if (IO_DEC (io))
        return tws_skip (io->r, 1);
    tws_write_str (io->w, s);
    return 0;
}

int
twsio_perm_id (tws_io_t *io, int64_t *v)
{
    if (IO_DEC (io))
        return tws_read_long (io->r, v);
    //  Before 191 the server's permId is a 32-bit int; a larger value cannot be sent.
    if (io->sv < TWS_SV_PERM_ID_AS_LONG && (*v > INT32_MAX || *v < INT32_MIN)) {
        if (!io->w->err)
            io->w->err = RT_ERANGE;
        return 0;
    }
    tws_write_long (io->w, *v);
    return 0;
}

int
twsio_msg_id (tws_io_t *io, int id)
{
    if (!IO_DEC (io))
        tws_write_int (io->w, id);
    return 0;
}

int
twsio_check_version (int sv)
{
    return tws_server_version_supported (sv)? 0: RT_EVERSION;
}

int
twsio_count (tws_io_t *io, int *count)
{
    T (twsio_int (io, count));
    if (IO_DEC (io)) {
        //  Every entry takes at least one byte, so a count above the bytes left is a lie;
        //  refusing it keeps a hostile frame from spinning the walker.
        if (*count < 0)
            *count = 0;
        else
        if ((size_t) *count > tws_reader_remaining (io->r))
            return RT_ETRUNC;
    }
    return 0;
}

int
twsio_contract_req (tws_io_t *io, tws_contract_t *c)
{
    T (twsio_int (io, &c->con_id));
    T (IO_STR (io, c->symbol));
    T (IO_STR (io, c->sec_type));
    T (IO_STR (io, c->last_trade_date_or_contract_month));
    T (twsio_double_he (io, &c->strike));
    T (IO_STR (io, c->right));
    T (IO_STR (io, c->multiplier));
    T (IO_STR (io, c->exchange));
    T (IO_STR (io, c->primary_exchange));
    T (IO_STR (io, c->currency));
    T (IO_STR (io, c->local_symbol));
    T (IO_STR (io, c->trading_class));
    return 0;
}

int
twsio_contract_order (tws_io_t *io, tws_contract_t *c)
{
    return twsio_contract_order_tc (io, c, true);
}

int
twsio_contract_order_tc (tws_io_t *io, tws_contract_t *c, bool trading_class)
{
    T (twsio_int (io, &c->con_id));
    T (IO_STR (io, c->symbol));
    T (IO_STR (io, c->sec_type));
    T (IO_STR (io, c->last_trade_date_or_contract_month));
    T (twsio_double (io, &c->strike));
    T (IO_STR (io, c->right));
    T (IO_STR (io, c->multiplier));
    T (IO_STR (io, c->exchange));
    T (IO_STR (io, c->currency));
    T (IO_STR (io, c->local_symbol));
    if (trading_class)
        T (IO_STR (io, c->trading_class));
    return 0;
}

int
twsio_tag_values (tws_io_t *io, int *count, int *n, tws_tag_value_t *tv, int max)
{
    //  Encoding announces the entries stored (n); decoding keeps the wire count in *count.
    int wire = IO_DEC (io)? 0: (*n < max? *n: max);
    T (twsio_count (io, &wire));
    tws_tag_value_t spare;
    for (int i = 0; i < wire; i++) {
        tws_tag_value_t *e = i < max? &tv [i]: &spare;
        T (IO_STR (io, e->tag));
        T (IO_STR (io, e->value));
    }
    if (IO_DEC (io)) {
        *count = wire;
        *n = wire < max? wire: max;
    }
    return 0;
}

//  Layouts from the official order_condition.py: every condition starts with its connector
//  ("a"/"o"); operator conditions add isMore and the value as text; contract conditions
//  add conId and exchange; price adds the trigger method; execution has secType, exchange,
//  symbol instead.
int
twsio_order_condition (tws_io_t *io, tws_condition_t *c)
{
    T (twsio_int (io, &c->type));
    if (IO_DEC (io)) {
        char conn [8];
        T (IO_STR (io, conn));
        c->is_conjunction = conn [0] == 'a';
    }
    else
        tws_write_str (io->w, c->is_conjunction? "a": "o");
    switch (c->type) {
        case TWS_COND_EXECUTION:
            T (IO_STR (io, c->sec_type));
            T (IO_STR (io, c->exchange));
            T (IO_STR (io, c->symbol));
            return 0;
        case TWS_COND_TIME:
        case TWS_COND_MARGIN:
            T (twsio_bool (io, &c->is_more));
            T (IO_STR (io, c->value));
            return 0;
        case TWS_COND_PRICE:
        case TWS_COND_VOLUME:
        case TWS_COND_PERCENT_CHANGE:
            T (twsio_bool (io, &c->is_more));
            T (IO_STR (io, c->value));
            T (twsio_int (io, &c->con_id));
            T (IO_STR (io, c->exchange));
            if (c->type == TWS_COND_PRICE)
                T (twsio_int (io, &c->trigger_method));
            return 0;
        default:
            //  Unknown layout: the rest of the frame cannot be walked.
            return RT_EUNKNOWN;
    }
}
