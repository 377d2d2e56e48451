/*  tws_account.c - session, account, position and P&L messages (server -> client). */
#include "tws_io.h"

static int
s_err_msg (tws_io_t *io, tws_err_msg_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ERR_MSG));
    if (io->sv < TWS_SV_ERROR_TIME)
        T (twsio_skip (io, "2"));
    T (twsio_int (io, &m->req_id));
    T (twsio_int (io, &m->code));
    T (IO_STR (io, m->message));
    if (io->sv >= TWS_SV_ADVANCED_ORDER_REJECT)
        T (IO_STR (io, m->advanced_order_reject_json));
    if (io->sv >= TWS_SV_ERROR_TIME)
        T (twsio_long (io, &m->error_time));
    return 0;
}
TWS_IO_PAIR (err_msg, true, TWS_ZERO (m))

static int
s_next_valid_id (tws_io_t *io, tws_next_valid_id_t *m)
{
    T (twsio_msg_id (io, TWS_IN_NEXT_VALID_ID));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->order_id);
}
TWS_IO_PAIR (next_valid_id, true, TWS_ZERO (m))

static int
s_managed_accts (tws_io_t *io, tws_managed_accts_t *m)
{
    T (twsio_msg_id (io, TWS_IN_MANAGED_ACCTS));
    T (twsio_skip (io, "1"));
    return IO_STR (io, m->accounts);
}
TWS_IO_PAIR (managed_accts, true, TWS_ZERO (m))

static int
s_current_time (tws_io_t *io, tws_current_time_t *m)
{
    T (twsio_msg_id (io, TWS_IN_CURRENT_TIME));
    T (twsio_skip (io, "1"));
    return twsio_long (io, &m->time);
}
TWS_IO_PAIR (current_time, true, TWS_ZERO (m))

static int
s_current_time_millis (tws_io_t *io, tws_current_time_millis_t *m)
{
    if (io->sv < TWS_SV_CURRENT_TIME_IN_MILLIS)
        return RT_EVERSION;
    T (twsio_msg_id (io, TWS_IN_CURRENT_TIME_IN_MILLIS));
    return twsio_long (io, &m->time_ms);
}
TWS_IO_PAIR (current_time_millis, true, TWS_ZERO (m))

static int
s_position (tws_io_t *io, tws_position_t *m)
{
    tws_contract_t *c = &m->contract;
    int version = 3;
    T (twsio_msg_id (io, TWS_IN_POSITION_DATA));
    T (twsio_int (io, &version));
    T (IO_STR (io, m->account));
    T (twsio_contract_order_tc (io, c, version >= 2));
    T (twsio_dec (io, &m->position));
    if (version >= 3)
        T (twsio_double (io, &m->avg_cost));
    return 0;
}
TWS_IO_PAIR (position, true, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_position_end (tws_io_t *io, tws_position_end_t *m)
{
    (void) m;
    T (twsio_msg_id (io, TWS_IN_POSITION_END));
    return twsio_skip (io, "1");
}
TWS_IO_PAIR (position_end, true, TWS_ZERO (m))

static int
s_account_summary (tws_io_t *io, tws_account_summary_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ACCOUNT_SUMMARY));
    T (twsio_skip (io, "1"));
    T (twsio_int (io, &m->req_id));
    T (IO_STR (io, m->account));
    T (IO_STR (io, m->tag));
    T (IO_STR (io, m->value));
    return IO_STR (io, m->currency);
}
TWS_IO_PAIR (account_summary, true, TWS_ZERO (m))

static int
s_account_summary_end (tws_io_t *io, tws_account_summary_end_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ACCOUNT_SUMMARY_END));
    T (twsio_skip (io, "1"));
    return twsio_int (io, &m->req_id);
}
TWS_IO_PAIR (account_summary_end, true, TWS_ZERO (m))

static int
s_update_account_value (tws_io_t *io, tws_update_account_value_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ACCT_VALUE));
    T (twsio_skip (io, "2"));
    T (IO_STR (io, m->key));
    T (IO_STR (io, m->value));
    T (IO_STR (io, m->currency));
    return IO_STR (io, m->account);
}
TWS_IO_PAIR (update_account_value, true, TWS_ZERO (m))

static int
s_update_portfolio (tws_io_t *io, tws_update_portfolio_t *m)
{
    tws_contract_t *c = &m->contract;
    int version = 8;
    T (twsio_msg_id (io, TWS_IN_PORTFOLIO_VALUE));
    T (twsio_int (io, &version));
    T (twsio_int (io, &c->con_id));
    T (IO_STR (io, c->symbol));
    T (IO_STR (io, c->sec_type));
    T (IO_STR (io, c->last_trade_date_or_contract_month));
    T (twsio_double (io, &c->strike));
    T (IO_STR (io, c->right));
    if (version >= 7) {
        T (IO_STR (io, c->multiplier));
        T (IO_STR (io, c->primary_exchange));
    }
    T (IO_STR (io, c->currency));
    T (IO_STR (io, c->local_symbol));
    if (version >= 8)
        T (IO_STR (io, c->trading_class));
    T (twsio_dec (io, &m->position));
    T (twsio_double (io, &m->market_price));
    T (twsio_double (io, &m->market_value));
    T (twsio_double (io, &m->average_cost));
    T (twsio_double (io, &m->unrealized_pnl));
    T (twsio_double (io, &m->realized_pnl));
    return IO_STR (io, m->account);
}
TWS_IO_PAIR (update_portfolio, true, (TWS_ZERO (m), tws_contract_init (&m->contract)))

static int
s_update_account_time (tws_io_t *io, tws_update_account_time_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ACCT_UPDATE_TIME));
    T (twsio_skip (io, "1"));
    return IO_STR (io, m->time);
}
TWS_IO_PAIR (update_account_time, true, TWS_ZERO (m))

static int
s_account_download_end (tws_io_t *io, tws_account_download_end_t *m)
{
    T (twsio_msg_id (io, TWS_IN_ACCT_DOWNLOAD_END));
    T (twsio_skip (io, "1"));
    return IO_STR (io, m->account);
}
TWS_IO_PAIR (account_download_end, true, TWS_ZERO (m))

static int
s_pnl (tws_io_t *io, tws_pnl_t *m)
{
    T (twsio_msg_id (io, TWS_IN_PNL));
    T (twsio_int (io, &m->req_id));
    T (twsio_double (io, &m->daily_pnl));
    T (twsio_double (io, &m->unrealized_pnl));
    return twsio_double (io, &m->realized_pnl);
}
TWS_IO_PAIR (pnl, true, TWS_ZERO (m))

static int
s_pnl_single (tws_io_t *io, tws_pnl_single_t *m)
{
    T (twsio_msg_id (io, TWS_IN_PNL_SINGLE));
    T (twsio_int (io, &m->req_id));
    T (twsio_dec (io, &m->pos));
    T (twsio_double (io, &m->daily_pnl));
    T (twsio_double (io, &m->unrealized_pnl));
    T (twsio_double (io, &m->realized_pnl));
    return twsio_double (io, &m->value);
}
TWS_IO_PAIR (pnl_single, true, TWS_ZERO (m))
