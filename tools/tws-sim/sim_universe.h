/*  sim_universe.h - the fixed set of instruments the simulator knows.

    A static, read-only table of US stocks and ETFs with IB's conIds (real ones where known),
    exchanges and the fields contract details need. Matching follows IB: a non-zero conId must
    match exactly; otherwise symbol + secType (STK or empty) + currency (USD or empty), and an
    exchange of SMART, empty or the primary exchange. No match is IB error 200.
*/
#ifndef SIM_UNIVERSE_H_INCLUDED
#define SIM_UNIVERSE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_SYMBOL_MAX 16

typedef struct {
    int32_t con_id;
    char    symbol [SIM_SYMBOL_MAX];
    char    sec_type [8];                //  "STK"
    char    exchange [16];               //  "SMART"
    char    primary_exchange [16];       //  "NASDAQ", "NYSE", "ARCA"
    char    currency [8];                //  "USD"
    char    local_symbol [SIM_SYMBOL_MAX];
    char    trading_class [SIM_SYMBOL_MAX];
    char    market_name [SIM_SYMBOL_MAX];
    char    long_name [64];
    char    industry [48];
    char    category [48];
    char    subcategory [48];
    char    stock_type [12];             //  "COMMON" or "ETF"
    char    time_zone_id [16];           //  "US/Eastern"
    char    order_types [128];
    char    valid_exchanges [128];
    char    market_rule_ids [80];
    double  min_tick;                    //  0.01
    double  start_price;                 //  anchor of the random walk, USD
    double  daily_vol;                   //  1-day standard deviation of log price (e.g. 0.02)
    int     spread_ticks_max;            //  quoted spread is 1..this many ticks
    int64_t avg_volume;                  //  shares per day, for AVG_VOLUME and trade sizes
} sim_contract_t;

//  Number of instruments, and the one at index i (0 <= i < count); indexes are stable and are
//  the "symbol index" used by sim_market.
size_t sim_universe_count (void);
const sim_contract_t *sim_universe_at (size_t i);

//  Index of the instrument, or -1. Symbol match is case-sensitive (IB symbols are upper case).
int sim_universe_find_conid (int32_t con_id);
int sim_universe_find_symbol (const char *symbol);

//  IB-style resolution of a request's contract fields (any may be NULL or ""). Returns the
//  index or -1 (the caller answers 200 "No security definition has been found").
int sim_universe_match (int32_t con_id, const char *symbol, const char *sec_type,
                        const char *exchange, const char *currency);

//  IB's tradingHours / liquidHours strings for the 7 days starting at the ET date of now_ms,
//  e.g. "20240105:0400-20240105:2000;20240106:CLOSED;...". Weekends are CLOSED (the simulator
//  itself trades around the clock; these strings only describe the real venue).
//  Returns 0 or RT_ERANGE if cap is too small.
int sim_universe_trading_hours (int64_t now_ms, bool liquid, char *buf, size_t cap);

//  Offset of US/Eastern from UTC at the UTC instant (seconds, -14400 or -18000), with the US
//  daylight-saving rule (second Sunday of March to first Sunday of November, 02:00 local).
int sim_eastern_offset (int64_t utc_sec);

//  Proleptic Gregorian calendar helpers (days since 1970-01-01).
int64_t sim_days_from_civil (int year, int month, int day);
void sim_civil_from_days (int64_t days, int *year, int *month, int *day);

#endif
