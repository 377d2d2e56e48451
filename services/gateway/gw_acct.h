/*  gw_acct.h - account values and positions: the latest of each, published on change.

    Fed by updateAccountValue (6), updatePortfolio (7), position (61) and positionEnd (62).
    IB resends every account value every few minutes and repeats positions after each
    request, so a value or position is published (gw.acct / gw.pos) only when it differs
    from the one kept. Both tables are bounded (GW_ACCT_VALUES_MAX, GW_ACCT_POSITIONS_MAX);
    a full table drops the newcomer and counts it.

    Positions collected between a reqPositions and its positionEnd are compared with what
    was kept: a position IB no longer lists went to zero while we were away, and is
    published as zero (the difference, as reconciliation requires).
*/
#ifndef GW_ACCT_H_INCLUDED
#define GW_ACCT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "gw.h"

#define GW_ACCT_VALUES_MAX     2048
#define GW_ACCT_POSITIONS_MAX  1024

typedef struct _gw_acct_t gw_acct_t;

typedef struct {
    uint64_t values_published;
    uint64_t positions_published;
    uint64_t duplicates;                //  unchanged repeats, not published
    uint64_t dropped;                   //  table full
} gw_acct_stats_t;

gw_acct_t *gw_acct_new (gw_t *gw);
void gw_acct_destroy (gw_acct_t **self_p);

void gw_acct_on_value (gw_acct_t *self, const tws_update_account_value_t *m);
void gw_acct_on_portfolio (gw_acct_t *self, const tws_update_portfolio_t *m);
void gw_acct_on_position (gw_acct_t *self, const tws_position_t *m);

//  A reqPositions went out: start collecting. positionEnd: zero what IB no longer lists.
void gw_acct_positions_begin (gw_acct_t *self);
void gw_acct_positions_end (gw_acct_t *self);

//  Sends every position and account value to peer (account "" = all accounts).
void gw_acct_snapshot (gw_acct_t *self, const rt_cmd_peer_t *peer, const char *account);

void gw_acct_stats (const gw_acct_t *self, gw_acct_stats_t *out);

#endif
