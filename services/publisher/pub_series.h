/*  pub_series.h - the session's equity / P&L time series, bounded.

    One sample a second is offered. The series holds at most PUB_SERIES_MAX points; when
    full it keeps every other point and from then on records one offer in two (then one in
    four, ...), so a session of any length fits in fixed memory with an even resolution.
*/
#ifndef PUB_SERIES_H_INCLUDED
#define PUB_SERIES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PUB_SERIES_MAX 1800         //  30 minutes at one point a second before thinning

typedef struct {
    uint64_t t_ms;                  //  wall clock, ms since the epoch
    double equity;                  //  NetLiquidation (0: not known)
    double pnl;                     //  the day's P&L
} pub_point_t;

typedef struct {
    pub_point_t point [PUB_SERIES_MAX];
    size_t count;
    unsigned stride;                //  offers per recorded point (1, 2, 4, ...)
    unsigned skip;                  //  offers still to skip before the next record
} pub_series_t;

void pub_series_init (pub_series_t *self);
//  Offers a sample; true when it was recorded (then it is the last point).
bool pub_series_offer (pub_series_t *self, const pub_point_t *point);

#endif
