/*  rt_catalogue_def.h - every bus message type, declared once.

    Included only by rt_catalogue.h, which turns these lists into C enums, structs, field
    descriptor tables, encoders, decoders and the topic table. Wire ids (the first column of
    RT_CATALOGUE) are forever: never renumber or reuse one; a retired type leaves a gap.
    A field's msgpack key is short and unique within its type; renaming a C field is free,
    changing a key or a meaning is a breaking change and bumps RT_SCHEMA_VERSION.

    RT_CATALOGUE (X):  X(wire id, UPPER_NAME, lower_name, topic, "meaning")
        topic ending in '.' takes a suffix: the value of the field marked `sfx`.

    RT_FIELDS_<name> (F, T):  F(T, KIND, c_name, "key", arg, presence, "meaning")
        KIND      U64 U32 I64 I32 F64 BOOL   numbers and flags
                  STR                          UTF-8 string; arg = char array size (max len + 1)
                  ENUM                         string on the wire, C enum rt_<arg>_t in memory
                  COUNTERS                     map of up to RT_COUNTERS_MAX name -> u64
                  ARGS                         array of up to RT_ARGS_MAX strings
        presence  req   the decoder refuses the message without it (and strings / enums must
                        be non-empty, both when encoding and when decoding)
                  opt   absent or nil decodes as zero / "" / false / *_NONE
                  sfx   required, and its value ends the topic ("md.quote.AAPL")
        meaning   one line for humans: proto/README.md and tools print it

    RT_ENUM_<name> (E, P):  E(P, C_NAME, "WIRE STRING"); value 0 is always RT_<P>_NONE, which
    travels as "" and means "not set".
*/
#ifndef RT_CATALOGUE_DEF_H_INCLUDED
#define RT_CATALOGUE_DEF_H_INCLUDED

//  String capacities, terminating NUL included.
#define RT_SYMBOL_MAX        16     //  IB symbols: up to 15 characters
#define RT_ACCOUNT_MAX       32
#define RT_COID_MAX          64     //  client order id, travels to IB as orderRef
#define RT_TEXT_MAX          256    //  free-text reasons and messages
#define RT_NAME_MAX          32     //  service names, strategy tags, reason codes, verbs
#define RT_CCY_MAX           8
#define RT_EXCH_MAX          16
#define RT_SECTYPE_MAX       8
#define RT_EXECID_MAX        64
#define RT_ACCT_KEY_MAX      48
#define RT_ACCT_VALUE_MAX    64
#define RT_BAR_SIZE_MAX      16     //  "1 min", "5 secs", "1 day"
#define RT_DURATION_MAX      16     //  "1 D", "2 W"
#define RT_WHAT_MAX          32     //  "TRADES", "MIDPOINT", "BID_ASK"
#define RT_DATETIME_MAX      48     //  "20240105 16:00:00 US/Eastern"
#define RT_TICKS_MAX         64     //  generic tick list "100,101,104,233"
#define RT_COUNTERS_MAX      8
#define RT_COUNTER_NAME_MAX  24
#define RT_ARGS_MAX          4
#define RT_ARG_MAX           64

//  ---------------------------------------------------------------------------------------
//  Enumerations (list name, C prefix)

#define RT_ENUMS(X) \
    X (conn,       CONN) \
    X (side,       SIDE) \
    X (ord_type,   ORD_TYPE) \
    X (tif,        TIF) \
    X (ord_status, ORD_STATUS) \
    X (trading,    TRADING) \
    X (severity,   SEVERITY)

//  Gateway session state (services/gateway's state machine).
#define RT_ENUM_conn(E, P) \
    E (P, DISCONNECTED, "DISCONNECTED") \
    E (P, CONNECTING,   "CONNECTING") \
    E (P, HANDSHAKE,    "HANDSHAKE") \
    E (P, STARTING,     "STARTING") \
    E (P, RECONCILING,  "RECONCILING") \
    E (P, READY,        "READY") \
    E (P, DEGRADED,     "DEGRADED") \
    E (P, BACKOFF,      "BACKOFF") \
    E (P, BREAKER_OPEN, "BREAKER_OPEN")

#define RT_ENUM_side(E, P) \
    E (P, BUY,  "BUY") \
    E (P, SELL, "SELL")

//  Wire strings are IB's orderType values.
#define RT_ENUM_ord_type(E, P) \
    E (P, MKT,     "MKT") \
    E (P, LMT,     "LMT") \
    E (P, STP,     "STP") \
    E (P, STP_LMT, "STP LMT")

#define RT_ENUM_tif(E, P) \
    E (P, DAY, "DAY") \
    E (P, GTC, "GTC") \
    E (P, IOC, "IOC")

//  The order lifecycle as robo-trader reports it. IB's statuses map onto it:
//  PendingSubmit, ApiPending -> PENDING_SUBMIT; PreSubmitted -> PRE_SUBMITTED; Submitted ->
//  SUBMITTED (PARTIALLY_FILLED once filled > 0); PendingCancel -> PENDING_CANCEL; Cancelled,
//  ApiCancelled -> CANCELLED; Filled -> FILLED; Inactive -> INACTIVE. NEW and REJECTED are
//  the orders service's own (journalled, not yet sent / refused by risk or by IB).
#define RT_ENUM_ord_status(E, P) \
    E (P, NEW,              "NEW") \
    E (P, PENDING_SUBMIT,   "PENDING_SUBMIT") \
    E (P, PRE_SUBMITTED,    "PRE_SUBMITTED") \
    E (P, SUBMITTED,        "SUBMITTED") \
    E (P, PARTIALLY_FILLED, "PARTIALLY_FILLED") \
    E (P, FILLED,           "FILLED") \
    E (P, PENDING_CANCEL,   "PENDING_CANCEL") \
    E (P, CANCELLED,        "CANCELLED") \
    E (P, REJECTED,         "REJECTED") \
    E (P, INACTIVE,         "INACTIVE")

//  Risk's trading state: REDUCING accepts only orders that shrink a position.
#define RT_ENUM_trading(E, P) \
    E (P, ACTIVE,   "ACTIVE") \
    E (P, REDUCING, "REDUCING") \
    E (P, HALTED,   "HALTED")

#define RT_ENUM_severity(E, P) \
    E (P, INFO,    "INFO") \
    E (P, WARNING, "WARNING") \
    E (P, ERROR,   "ERROR") \
    E (P, FATAL,   "FATAL")

//  ---------------------------------------------------------------------------------------
//  Message types. Events (published) are 1..31; commands and replies (ROUTER/DEALER) 32..63.

#define RT_CATALOGUE(X) \
    X (1,  CONN_STATE,       conn_state,       "gw.conn",            "the gateway's IB session: every state change and every scheduled retry") \
    X (2,  ACCOUNT_VALUE,    account_value,    "gw.acct",            "one account value line as IB reports it (IB's strings)") \
    X (3,  POSITION,         position,         "gw.pos",             "a position in one contract") \
    X (4,  QUOTE,            quote,            "md.quote.",          "top of book for one contract; a price or size not yet received is 0") \
    X (5,  BAR,              bar,              "md.bar.",            "one OHLC bar, historical or the forming one (keepUpToDate)") \
    X (6,  ORDER_STATUS,     order_status,     "ord.status",         "an order's lifecycle state changed") \
    X (7,  FILL,             fill,             "ord.fill",           "one execution; exec_id is unique for life and deduplicates") \
    X (8,  RISK_DECISION,    risk_decision,    "risk.decision",      "risk accepted or refused an order intent") \
    X (9,  RISK_STATE,       risk_state,       "risk.state",         "risk's trading state and the figures it decides on") \
    X (10, HEARTBEAT,        heartbeat,        "sys.hb.",            "once a second from every service, with its counters") \
    X (11, ERROR_EVENT,      error_event,      "sys.error",          "an error worth telling other services or an operator about") \
    X (12, HIST_END,         hist_end,         "md.hist.",           "a historical request finished: complete with its bar count, or failed") \
    X (13, HOLDING,          holding,          "ord.pos.",           "a position as the orders service books it from fills, with its P&L") \
    X (32, ORDER_INTENT,     order_intent,     "cmd.order.intent",   "place an order; coid makes it idempotent") \
    X (33, ORDER_CANCEL,     order_cancel,     "cmd.order.cancel",   "cancel the order with this coid") \
    X (34, MD_SUBSCRIBE,     md_subscribe,     "cmd.md.subscribe",   "start streaming quotes for a contract") \
    X (35, MD_UNSUBSCRIBE,   md_unsubscribe,   "cmd.md.unsubscribe", "stop streaming quotes for a contract") \
    X (36, HIST_REQUEST,     hist_request,     "cmd.hist",           "historical bars, optionally kept up to date") \
    X (37, SNAPSHOT_REQUEST, snapshot_request, "cmd.snapshot",       "current state, for a subscriber resynchronising (Clone pattern)") \
    X (38, REPLY,            reply,            "cmd.reply",          "the answer to every command") \
    X (39, COMMAND,          command,          "cmd.generic",        "a generic verb with arguments: status, halt, reduce, resume")

//  The gateway's session: every state change, and every retry it schedules.
#define RT_FIELDS_conn_state(F, T) \
    F (T, ENUM, state,          "st", conn,         req, "session state") \
    F (T, STR,  reason,         "r",  RT_TEXT_MAX,  opt, "human-readable explanation") \
    F (T, U32,  attempt,        "at", _,            opt, "consecutive failed attempts") \
    F (T, I32,  server_version, "sv", _,            opt, "negotiated TWS server version (0 until the handshake)") \
    F (T, I32,  client_id,      "ci", _,            opt, "TWS API client id in use") \
    F (T, U64,  next_retry_ms,  "nr", _,            opt, "ms until the next attempt (0: none scheduled)")

//  One accountValue / accountSummary line, as IB reports it (values are IB's strings).
#define RT_FIELDS_account_value(F, T) \
    F (T, STR, account,  "a", RT_ACCOUNT_MAX,    req, "IB account id") \
    F (T, STR, key,      "k", RT_ACCT_KEY_MAX,   req, "IB account value key (\"NetLiquidation\")") \
    F (T, STR, value,    "v", RT_ACCT_VALUE_MAX, opt, "value as IB sends it (a string)") \
    F (T, STR, currency, "c", RT_CCY_MAX,        opt, "currency of the value (\"\" if not money)")

#define RT_FIELDS_position(F, T) \
    F (T, STR, account,  "a",   RT_ACCOUNT_MAX, req, "IB account id") \
    F (T, STR, symbol,   "s",   RT_SYMBOL_MAX,  req, "IB symbol (up to 15 characters)") \
    F (T, I32, con_id,   "ci",  _,              opt, "IB contract id") \
    F (T, STR, sec_type, "sty", RT_SECTYPE_MAX, opt, "IB secType (\"\" = STK)") \
    F (T, STR, currency, "cu",  RT_CCY_MAX,     opt, "ISO currency (\"\" = USD)") \
    F (T, F64, qty,      "q",   _,              req, "position size, signed: negative is short") \
    F (T, F64, avg_cost, "ac",  _,              opt, "average cost per unit")

//  Top of book; a price or size not yet received is 0.
#define RT_FIELDS_quote(F, T) \
    F (T, STR,  symbol,     "s",  RT_SYMBOL_MAX, sfx, "IB symbol (up to 15 characters)") \
    F (T, I32,  con_id,     "ci", _,             opt, "IB contract id") \
    F (T, F64,  bid,        "b",  _,             opt, "best bid") \
    F (T, F64,  ask,        "a",  _,             opt, "best ask") \
    F (T, F64,  last,       "l",  _,             opt, "last trade price") \
    F (T, F64,  bid_size,   "bs", _,             opt, "size at the bid") \
    F (T, F64,  ask_size,   "as", _,             opt, "size at the ask") \
    F (T, F64,  last_size,  "ls", _,             opt, "size of the last trade") \
    F (T, F64,  volume,     "v",  _,             opt, "volume traded") \
    F (T, U64,  exch_ts_ns, "et", _,             opt, "exchange time, 0 if unknown") \
    F (T, U64,  recv_ts_ns, "rt", _,             opt, "when the gateway read it, ns since the epoch") \
    F (T, BOOL, delayed,    "d",  _,             opt, "delayed (not real-time) market data")

#define RT_FIELDS_bar(F, T) \
    F (T, STR,  symbol,   "s",  RT_SYMBOL_MAX,   sfx, "IB symbol (up to 15 characters)") \
    F (T, STR,  bar_size, "bz", RT_BAR_SIZE_MAX, opt, "IB bar size (\"1 min\", \"5 secs\")") \
    F (T, U64,  ts_ns,    "t",  _,               req, "bar start, ns since the epoch") \
    F (T, F64,  open,     "o",  _,               req, "first price") \
    F (T, F64,  high,     "h",  _,               req, "highest price") \
    F (T, F64,  low,      "l",  _,               req, "lowest price") \
    F (T, F64,  close,    "c",  _,               req, "last price") \
    F (T, F64,  volume,   "v",  _,               opt, "volume traded") \
    F (T, F64,  wap,      "w",  _,               opt, "volume-weighted average price") \
    F (T, I32,  count,    "n",  _,               opt, "number of trades") \
    F (T, I32,  req_id,   "ri", _,               opt, "TWS request id") \
    F (T, BOOL, is_final, "f",  _,               opt, "false: the forming bar, updated")

//  Ends every historical request the gateway accepted (its reply gave the req id).
#define RT_FIELDS_hist_end(F, T) \
    F (T, STR,  symbol,   "s",  RT_SYMBOL_MAX,   sfx, "IB symbol (up to 15 characters)") \
    F (T, I32,  req_id,   "ri", _,               req, "TWS request id, as in the reply and the bars") \
    F (T, BOOL, ok,       "ok", _,               req, "true: every bar was published") \
    F (T, U32,  bars,     "n",  _,               opt, "bars published by the initial load") \
    F (T, STR,  bar_size, "bz", RT_BAR_SIZE_MAX, opt, "IB bar size (\"1 min\", \"5 secs\")") \
    F (T, BOOL, updates,  "u",  _,               opt, "keepUpToDate: forming-bar updates follow") \
    F (T, STR,  reason,   "r",  RT_TEXT_MAX,     opt, "why it failed (IB's error text, or the session lost)")

//  The orders service's book: built from fills (deduplicated by execId), marked to market.
#define RT_FIELDS_holding(F, T) \
    F (T, STR, account,        "a",  RT_ACCOUNT_MAX, opt, "IB account id") \
    F (T, STR, symbol,         "s",  RT_SYMBOL_MAX,  sfx, "IB symbol (up to 15 characters)") \
    F (T, F64, qty,            "q",  _,              req, "position size, signed: negative is short") \
    F (T, F64, avg_cost,       "ac", _,              opt, "average cost per unit of the open position") \
    F (T, F64, realized_pnl,   "rp", _,              opt, "realised P&L, commissions included") \
    F (T, F64, unrealized_pnl, "up", _,              opt, "unrealised P&L at mark_price") \
    F (T, F64, mark_price,     "mp", _,              opt, "price the position is marked at (0: none yet)") \
    F (T, F64, commission,     "cm", _,              opt, "commissions paid on this symbol") \
    F (T, U32, fills,          "n",  _,              opt, "fills booked") \
    F (T, U64, ts_ns,          "t",  _,              opt, "last change, ns since the epoch")

#define RT_FIELDS_order_status(F, T) \
    F (T, STR,  coid,            "co", RT_COID_MAX,    opt, "client order id; \"\" for orders placed elsewhere") \
    F (T, I64,  order_id,        "oi", _,              opt, "IB order id (0 before it has one)") \
    F (T, I64,  perm_id,         "pi", _,              opt, "IB permId, the order's key for life") \
    F (T, ENUM, status,          "st", ord_status,     req, "lifecycle state") \
    F (T, F64,  filled,          "fq", _,              opt, "quantity filled so far") \
    F (T, F64,  remaining,       "rq", _,              opt, "quantity still working") \
    F (T, F64,  avg_fill_price,  "ap", _,              opt, "average fill price") \
    F (T, F64,  last_fill_price, "lp", _,              opt, "price of the latest fill") \
    F (T, STR,  symbol,          "s",  RT_SYMBOL_MAX,  opt, "IB symbol (up to 15 characters)") \
    F (T, ENUM, side,            "sd", side,           opt, "BUY or SELL") \
    F (T, F64,  qty,             "q",  _,              opt, "quantity") \
    F (T, STR,  account,         "a",  RT_ACCOUNT_MAX, opt, "IB account id") \
    F (T, STR,  reason,          "r",  RT_TEXT_MAX,    opt, "human-readable explanation")

//  One execution; execId is unique for life and is the deduplication key.
#define RT_FIELDS_fill(F, T) \
    F (T, STR,  exec_id,        "x",  RT_EXECID_MAX,  req, "IB execId, unique for life: the deduplication key") \
    F (T, STR,  coid,           "co", RT_COID_MAX,    opt, "client order id (travels to IB as orderRef)") \
    F (T, I64,  order_id,       "oi", _,              opt, "IB order id (0 before it has one)") \
    F (T, I64,  perm_id,        "pi", _,              opt, "IB permId, the order's key for life") \
    F (T, STR,  symbol,         "s",  RT_SYMBOL_MAX,  req, "IB symbol (up to 15 characters)") \
    F (T, ENUM, side,           "sd", side,           req, "BUY or SELL") \
    F (T, F64,  qty,            "q",  _,              req, "quantity of this execution, unsigned") \
    F (T, F64,  price,          "p",  _,              req, "execution price") \
    F (T, U64,  ts_ns,          "t",  _,              opt, "execution time, ns since the epoch") \
    F (T, STR,  exchange,       "ex", RT_EXCH_MAX,    opt, "IB exchange (\"\" = SMART)") \
    F (T, BOOL, has_commission, "hc", _,              opt, "commission is known (IB reports it after the fill)") \
    F (T, F64,  commission,     "cm", _,              opt, "commission charged") \
    F (T, STR,  commission_ccy, "cc", RT_CCY_MAX,     opt, "commission currency") \
    F (T, F64,  realized_pnl,   "rp", _,              opt, "realised P&L") \
    F (T, STR,  account,        "a",  RT_ACCOUNT_MAX, opt, "IB account id")

#define RT_FIELDS_risk_decision(F, T) \
    F (T, STR,  coid,     "co", RT_COID_MAX, req, "client order id (travels to IB as orderRef)") \
    F (T, BOOL, accepted, "ok", _,           req, "risk accepted the order") \
    F (T, STR,  code,     "cd", RT_NAME_MAX, opt, "machine-readable: \"MAX_QTY\", \"HALTED\"") \
    F (T, STR,  reason,   "r",  RT_TEXT_MAX, opt, "human-readable explanation") \
    F (T, ENUM, state,    "st", trading,     opt, "trading state when it decided")

#define RT_FIELDS_risk_state(F, T) \
    F (T, ENUM, state,          "st", trading,     req, "trading state") \
    F (T, STR,  reason,         "r",  RT_TEXT_MAX, opt, "human-readable explanation") \
    F (T, BOOL, kill_switch,    "ks", _,           opt, "kill switch engaged") \
    F (T, F64,  daily_pnl,      "pl", _,           opt, "P&L since the start of the day") \
    F (T, F64,  realized_pnl,   "rp", _,           opt, "realised P&L") \
    F (T, F64,  unrealized_pnl, "up", _,           opt, "unrealised P&L (mark to market)") \
    F (T, F64,  gross_exposure, "gx", _,           opt, "gross exposure (|long| + |short|), account currency") \
    F (T, F64,  net_exposure,   "nx", _,           opt, "net exposure (long - short), account currency") \
    F (T, U32,  open_orders,    "oo", _,           opt, "orders working now") \
    F (T, U32,  orders_today,   "ot", _,           opt, "orders accepted today")

//  Once a second from every service.
#define RT_FIELDS_heartbeat(F, T) \
    F (T, STR,      service,   "sv",  RT_NAME_MAX, sfx, "service name (\"gateway\", \"risk\")") \
    F (T, I32,      pid,       "pid", _,           opt, "process id") \
    F (T, U64,      uptime_ms, "up",  _,           opt, "ms since the service started") \
    F (T, STR,      status,    "st",  RT_NAME_MAX, opt, "\"ok\", \"degraded\", ...") \
    F (T, U64,      msgs_in,   "mi",  _,           opt, "messages received since start") \
    F (T, U64,      msgs_out,  "mo",  _,           opt, "messages sent since start") \
    F (T, U64,      errors,    "er",  _,           opt, "errors since start") \
    F (T, COUNTERS, counters,  "c",   _,           opt, "up to 8 named counters")

#define RT_FIELDS_error_event(F, T) \
    F (T, I32,  code,     "cd",  _,           req, "IB error code, or an rt_error_t") \
    F (T, ENUM, severity, "sv",  severity,    req, "INFO, WARNING, ERROR or FATAL") \
    F (T, STR,  message,  "m",   RT_TEXT_MAX, req, "error text") \
    F (T, STR,  source,   "src", RT_NAME_MAX, opt, "service or component that saw it") \
    F (T, I64,  req_id,   "ri",  _,           opt, "TWS request id (-1 or 0 when none)") \
    F (T, I64,  order_id, "oi",  _,           opt, "IB order id (0 before it has one)")

//  The coid is the idempotency key: sending the same intent twice places one order.
#define RT_FIELDS_order_intent(F, T) \
    F (T, STR,  coid,        "co",  RT_COID_MAX,    req, "client order id (travels to IB as orderRef)") \
    F (T, STR,  account,     "a",   RT_ACCOUNT_MAX, opt, "IB account (\"\" = the gateway's default)") \
    F (T, STR,  symbol,      "s",   RT_SYMBOL_MAX,  req, "IB symbol (up to 15 characters)") \
    F (T, STR,  sec_type,    "sty", RT_SECTYPE_MAX, opt, "IB secType (\"\" = STK)") \
    F (T, STR,  exchange,    "ex",  RT_EXCH_MAX,    opt, "IB exchange (\"\" = SMART)") \
    F (T, STR,  currency,    "cu",  RT_CCY_MAX,     opt, "currency (\"\" = USD)") \
    F (T, ENUM, side,        "sd",  side,           req, "BUY or SELL") \
    F (T, F64,  qty,         "q",   _,              req, "quantity") \
    F (T, ENUM, order_type,  "ot",  ord_type,       req, "MKT, LMT, STP or STP LMT") \
    F (T, F64,  limit_price, "lp",  _,              opt, "limit price (LMT, STP LMT)") \
    F (T, F64,  stop_price,  "sp",  _,              opt, "stop trigger price (STP, STP LMT)") \
    F (T, ENUM, tif,         "tif", tif,            opt, "time in force (NONE = DAY)") \
    F (T, STR,  strategy,    "sg",  RT_NAME_MAX,    opt, "strategy tag, for attribution") \
    F (T, U64,  ts_ns,       "t",   _,              opt, "when the client decided, ns since the epoch")

#define RT_FIELDS_order_cancel(F, T) \
    F (T, STR, coid,   "co", RT_COID_MAX, req, "client order id (travels to IB as orderRef)") \
    F (T, STR, reason, "r",  RT_TEXT_MAX, opt, "human-readable explanation")

#define RT_FIELDS_md_subscribe(F, T) \
    F (T, STR,  symbol,        "s",   RT_SYMBOL_MAX,  req, "IB symbol (up to 15 characters)") \
    F (T, STR,  sec_type,      "sty", RT_SECTYPE_MAX, opt, "IB secType (\"\" = STK)") \
    F (T, STR,  exchange,      "ex",  RT_EXCH_MAX,    opt, "IB exchange (\"\" = SMART)") \
    F (T, STR,  currency,      "cu",  RT_CCY_MAX,     opt, "ISO currency (\"\" = USD)") \
    F (T, STR,  generic_ticks, "gt",  RT_TICKS_MAX,   opt, "IB generic tick list (\"100,101,233\")") \
    F (T, BOOL, delayed,       "d",   _,              opt, "ask for delayed data")

#define RT_FIELDS_md_unsubscribe(F, T) \
    F (T, STR, symbol,   "s",   RT_SYMBOL_MAX,  req, "IB symbol (up to 15 characters)") \
    F (T, STR, sec_type, "sty", RT_SECTYPE_MAX, opt, "IB secType (\"\" = STK)") \
    F (T, STR, exchange, "ex",  RT_EXCH_MAX,    opt, "IB exchange (\"\" = SMART)") \
    F (T, STR, currency, "cu",  RT_CCY_MAX,     opt, "ISO currency (\"\" = USD)")

#define RT_FIELDS_hist_request(F, T) \
    F (T, STR,  symbol,          "s",    RT_SYMBOL_MAX,   req, "IB symbol (up to 15 characters)") \
    F (T, STR,  sec_type,        "sty",  RT_SECTYPE_MAX,  opt, "IB secType (\"\" = STK)") \
    F (T, STR,  exchange,        "ex",   RT_EXCH_MAX,     opt, "IB exchange (\"\" = SMART)") \
    F (T, STR,  currency,        "cu",   RT_CCY_MAX,      opt, "ISO currency (\"\" = USD)") \
    F (T, STR,  duration,        "du",   RT_DURATION_MAX, req, "IB duration (\"1 D\", \"2 W\")") \
    F (T, STR,  bar_size,        "bz",   RT_BAR_SIZE_MAX, req, "IB bar size (\"1 min\", \"5 secs\")") \
    F (T, STR,  what_to_show,    "ws",   RT_WHAT_MAX,     opt, "IB whatToShow (\"\" = TRADES)") \
    F (T, BOOL, use_rth,         "rth",  _,               opt, "regular trading hours only") \
    F (T, STR,  end,             "end",  RT_DATETIME_MAX, opt, "end date-time (\"\" = now)") \
    F (T, BOOL, keep_up_to_date, "kutd", _,               opt, "keep streaming the forming bar")

//  Clone pattern: subscribe first, then ask; the reply's seq is the snapshot's position.
#define RT_FIELDS_snapshot_request(F, T) \
    F (T, STR, what,    "w", RT_NAME_MAX,    req, "\"positions\", \"orders\", \"account\", \"all\"") \
    F (T, STR, account, "a", RT_ACCOUNT_MAX, opt, "IB account id")

//  The answer to every command.
#define RT_FIELDS_reply(F, T) \
    F (T, BOOL, ok,     "ok",  _,           req, "the command succeeded") \
    F (T, I32,  code,   "cd",  _,           opt, "0, or an rt_error_t") \
    F (T, STR,  reason, "r",   RT_TEXT_MAX, opt, "human-readable explanation") \
    F (T, STR,  corr,   "cid", RT_CORR_MAX, opt, "the request header's cid") \
    F (T, STR,  id,     "id",  RT_COID_MAX, opt, "what it acted on: coid, req id, symbol") \
    F (T, U64,  seq,    "sq",  _,           opt, "publisher sequence the reply is as of")

//  Verbs every service answers: "status"; risk: "halt", "reduce", "resume".
#define RT_FIELDS_command(F, T) \
    F (T, STR,  verb, "vb", RT_NAME_MAX, req, "command name") \
    F (T, ARGS, args, "ar", _,           opt, "up to 4 arguments")

#endif
