/*  sim_universe.c - the instrument table and US/Eastern calendar helpers.
    conIds are IB's for these listings; prices are plausible 2024 levels.
*/
#include "sim_universe.h"

#include <stdio.h>
#include <string.h>

#include "rt_error.h"

#define S_ORDER_TYPES "ACTIVETIM,AD,ALGO,AON,DAY,GAT,GTC,GTD,IOC,LIT,LMT,MIT,MKT,MOC,OCA,REL,STP,STPLMT,TRAIL,WHATIF"
#define S_EXCHANGES   "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX"
#define S_RULES       "26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26"

//  trading_class and market_name: IB gives "NMS" for NASDAQ listings, the symbol otherwise.
static const sim_contract_t s_table [] = {
    { 265598, "AAPL", "STK", "SMART", "NASDAQ", "USD", "AAPL", "NMS", "NMS", "APPLE INC",
      "Technology", "Computers", "Computers", "COMMON", "US/Eastern",
      S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 190.00, 0.018, 2, 55000000 },
    { 272093, "MSFT", "STK", "SMART", "NASDAQ", "USD", "MSFT", "NMS", "NMS", "MICROSOFT CORP",
      "Technology", "Software", "Applications Software", "COMMON", "US/Eastern",
      S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 410.00, 0.016, 3, 20000000 },
    { 4815747, "NVDA", "STK", "SMART", "NASDAQ", "USD", "NVDA", "NMS", "NMS", "NVIDIA CORP",
      "Technology", "Semiconductors", "Electronic Compo-Semicon", "COMMON", "US/Eastern",
      S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 120.00, 0.032, 1, 300000000 },
    { 76792991, "TSLA", "STK", "SMART", "NASDAQ", "USD", "TSLA", "NMS", "NMS", "TESLA INC",
      "Consumer, Cyclical", "Auto Manufacturers", "Auto-Cars/Light Trucks", "COMMON",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 250.00, 0.035, 3, 90000000 },
    { 3691937, "AMZN", "STK", "SMART", "NASDAQ", "USD", "AMZN", "NMS", "NMS", "AMAZON.COM INC",
      "Communications", "Internet", "E-Commerce/Products", "COMMON", "US/Eastern",
      S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 180.00, 0.020, 2, 45000000 },
    { 208813719, "GOOGL", "STK", "SMART", "NASDAQ", "USD", "GOOGL", "NMS", "NMS",
      "ALPHABET INC-CL A", "Communications", "Internet", "Web Portals/ISP", "COMMON",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 170.00, 0.019, 2, 25000000 },
    { 107113386, "META", "STK", "SMART", "NASDAQ", "USD", "META", "NMS", "NMS",
      "META PLATFORMS INC-CLASS A", "Communications", "Internet", "Internet Content-Entmnt",
      "COMMON", "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 500.00, 0.024, 4,
      15000000 },
    { 756733, "SPY", "STK", "SMART", "ARCA", "USD", "SPY", "SPY", "SPY",
      "SPDR S&P 500 ETF TRUST", "Funds", "Equity Fund", "Growth&Income-Large Cap", "ETF",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 540.00, 0.009, 1, 60000000 },
    { 320227571, "QQQ", "STK", "SMART", "NASDAQ", "USD", "QQQ", "NMS", "NMS",
      "INVESCO QQQ TRUST SERIES 1", "Funds", "Equity Fund", "Growth-Large Cap", "ETF",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 460.00, 0.012, 1, 35000000 },
    { 8314, "IBM", "STK", "SMART", "NYSE", "USD", "IBM", "IBM", "IBM",
      "INTL BUSINESS MACHINES CORP", "Technology", "Computers", "Computer Services", "COMMON",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 190.00, 0.014, 3, 4000000 },
    { 1520593, "JPM", "STK", "SMART", "NYSE", "USD", "JPM", "JPM", "JPM",
      "JPMORGAN CHASE & CO", "Financial", "Banks", "Diversified Banking Inst", "COMMON",
      "US/Eastern", S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 200.00, 0.013, 2, 9000000 },
    { 13977, "XOM", "STK", "SMART", "NYSE", "USD", "XOM", "XOM", "XOM", "EXXON MOBIL CORP",
      "Energy", "Oil&Gas", "Oil Comp-Integrated", "COMMON", "US/Eastern",
      S_ORDER_TYPES, S_EXCHANGES, S_RULES, 0.01, 115.00, 0.015, 2, 16000000 },
};

#define S_COUNT (sizeof s_table / sizeof s_table [0])

size_t
sim_universe_count (void)
{
    return S_COUNT;
}

const sim_contract_t *
sim_universe_at (size_t i)
{
    return i < S_COUNT ? &s_table [i] : NULL;
}

int
sim_universe_find_conid (int32_t con_id)
{
    for (size_t i = 0; i < S_COUNT; i++)
        if (s_table [i].con_id == con_id)
            return (int) i;
    return -1;
}

int
sim_universe_find_symbol (const char *symbol)
{
    if (!symbol)
        return -1;
    for (size_t i = 0; i < S_COUNT; i++)
        if (strcmp (s_table [i].symbol, symbol) == 0)
            return (int) i;
    return -1;
}

static bool
s_empty (const char *s)
{
    return !s || !*s;
}

int
sim_universe_match (int32_t con_id, const char *symbol, const char *sec_type,
                    const char *exchange, const char *currency)
{
    int idx = -1;
    if (con_id != 0) {
        idx = sim_universe_find_conid (con_id);
        //  IB rejects a conId whose other given fields contradict it.
        if (idx >= 0 && !s_empty (symbol) && strcmp (symbol, s_table [idx].symbol) != 0)
            idx = -1;
    }
    else
        idx = sim_universe_find_symbol (symbol);
    if (idx < 0)
        return -1;
    const sim_contract_t *c = &s_table [idx];
    if (!s_empty (sec_type) && strcmp (sec_type, c->sec_type) != 0)
        return -1;
    if (!s_empty (currency) && strcmp (currency, c->currency) != 0)
        return -1;
    if (!s_empty (exchange) && strcmp (exchange, "SMART") != 0
    &&  strcmp (exchange, c->primary_exchange) != 0)
        return -1;
    return idx;
}

//  Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's era arithmetic).
int64_t
sim_days_from_civil (int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void
sim_civil_from_days (int64_t days, int *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    *year = (int) (yoe + era * 400 + (m <= 2));
    *month = m;
    *day = d;
}

static int64_t
s_floor_div (int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

//  Day of week, 0 = Sunday.
static int
s_weekday (int64_t days)
{
    int64_t w = (days + 4) % 7;
    return (int) (w < 0 ? w + 7 : w);
}

//  Days-since-epoch of the n-th Sunday (1-based) of a month.
static int64_t
s_nth_sunday (int year, int month, int n)
{
    int64_t first = sim_days_from_civil (year, month, 1);
    int64_t sunday = first + (7 - s_weekday (first)) % 7;
    return sunday + 7 * (n - 1);
}

int
sim_eastern_offset (int64_t utc_sec)
{
    int y, m, d;
    sim_civil_from_days (s_floor_div (utc_sec, 86400), &y, &m, &d);
    //  02:00 EST = 07:00 UTC starts DST; 02:00 EDT = 06:00 UTC ends it.
    int64_t start = s_nth_sunday (y, 3, 2) * 86400 + 7 * 3600;
    int64_t end = s_nth_sunday (y, 11, 1) * 86400 + 6 * 3600;
    return (utc_sec >= start && utc_sec < end) ? -4 * 3600 : -5 * 3600;
}

int
sim_universe_trading_hours (int64_t now_ms, bool liquid, char *buf, size_t cap)
{
    int64_t utc_sec = s_floor_div (now_ms, 1000);
    int64_t et_day = s_floor_div (utc_sec + sim_eastern_offset (utc_sec), 86400);
    size_t used = 0;
    if (cap == 0)
        return RT_ERANGE;
    buf [0] = '\0';
    for (int i = 0; i < 7; i++) {
        int y, m, d;
        sim_civil_from_days (et_day + i, &y, &m, &d);
        int wd = s_weekday (et_day + i);
        int n;
        if (wd == 0 || wd == 6)
            n = snprintf (buf + used, cap - used, "%s%04d%02d%02d:CLOSED",
                          i ? ";" : "", y, m, d);
        else
            n = snprintf (buf + used, cap - used, "%s%04d%02d%02d:%s-%04d%02d%02d:%s",
                          i ? ";" : "", y, m, d, liquid ? "0930" : "0400",
                          y, m, d, liquid ? "1600" : "2000");
        if (n < 0 || (size_t) n >= cap - used)
            return RT_ERANGE;
        used += (size_t) n;
    }
    return 0;
}
