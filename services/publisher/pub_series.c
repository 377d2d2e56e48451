/*  pub_series.c - fixed-size series thinned by halving.
*/
#include <string.h>
#include "pub_series.h"

void
pub_series_init (pub_series_t *self)
{
    memset (self, 0, sizeof *self);
    self->stride = 1;
}

bool
pub_series_offer (pub_series_t *self, const pub_point_t *point)
{
    if (self->skip > 0) {
        self->skip--;
        return false;
    }
    if (self->count == PUB_SERIES_MAX) {
        //  Keep the even points: the first survives, so the chart keeps its start.
        size_t kept = 0;
        for (size_t i = 0; i < self->count; i += 2)
            self->point [kept++] = self->point [i];
        self->count = kept;
        self->stride *= 2;
    }
    self->point [self->count++] = *point;
    self->skip = self->stride - 1;
    return true;
}
