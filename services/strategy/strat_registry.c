/*  strat_registry.c - the strategies rt-strategy knows (STRATEGY_NAME picks one). */
#include <string.h>

#include "strategy.h"
#include "strat_sma.h"

//  A new strategy: its file defines a strat_def_t; add it here (README.md, "Adding").
static const strat_def_t *const s_list [] = {
    &strat_sma_def,
};

const strat_def_t *
strat_at (size_t i)
{
    return i < sizeof s_list / sizeof s_list [0]? s_list [i]: NULL;
}

const strat_def_t *
strat_find (const char *name)
{
    for (size_t i = 0; strat_at (i); i++)
        if (strcmp (strat_at (i)->name, name) == 0)
            return strat_at (i);
    return NULL;
}
