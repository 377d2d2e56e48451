/*  rt_catalogue_def.h - every bus message type, declared once.

    Included only by rt_catalogue.h, which turns these lists into C enums, structs, field
    descriptor tables, encoders, decoders and the topic table. Wire ids (the first column of
    RT_CATALOGUE) are forever: never renumber or reuse one; a retired type leaves a gap.
    A field's msgpack key is short and unique within its type; renaming a C field is free,
    changing a key or a meaning is a breaking change and bumps RT_SCHEMA_VERSION.

    RT_CATALOGUE (X):  X(wire id, UPPER_NAME, lower_name, topic)
        topic ending in '.' takes a suffix: the value of the field marked `sfx`.

    RT_FIELDS_<name> (F, T):  F(T, KIND, c_name, "key", arg, presence)
        KIND      U64 U32 I64 I32 F64 BOOL   numbers and flags
                  STR                          UTF-8 string; arg = char array size (max len + 1)
                  ENUM                         string on the wire, C enum rt_<arg>_t in memory
                  COUNTERS                     map of up to RT_COUNTERS_MAX name -> u64
                  ARGS                         array of up to RT_ARGS_MAX strings
        presence  req   the decoder refuses the message without it (and strings / enums must
                        be non-empty, both when encoding and when decoding)
                  opt   absent or nil decodes as zero / "" / false / *_NONE
                  sfx   required, and its value ends the topic ("md.quote.AAPL")

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
    X (1,  CONN_STATE,       conn_state,       "gw.conn") \
    X (2,  ACCOUNT_VALUE,    account_value,    "gw.acct") \
    X (3,  POSITION,         position,         "gw.pos") \
    X (4,  QUOTE,            quote,            "md.quote.") \
    X (5,  BAR,              bar,              "md.bar.") \
    X (6,  ORDER_STATUS,     order_status,     "ord.status") \
    X (7,  FILL,             fill,             "ord.fill") \
    X (8,  RISK_DECISION,    risk_decision,    "risk.decision") \
    X (9,  RISK_STATE,       risk_state,       "risk.state") \
    X (10, HEARTBEAT,        heartbeat,        "sys.hb.") \
    X (11, ERROR_EVENT,      error_event,      "sys.error") \
    X (32, ORDER_INTENT,     order_intent,     "cmd.order.intent") \
    X (33, ORDER_CANCEL,     order_cancel,     "cmd.order.cancel") \
    X (34, MD_SUBSCRIBE,     md_subscribe,     "cmd.md.subscribe") \
    X (35, MD_UNSUBSCRIBE,   md_unsubscribe,   "cmd.md.unsubscribe") \
    X (36, HIST_REQUEST,     hist_request,     "cmd.hist") \
    X (37, SNAPSHOT_REQUEST, snapshot_request, "cmd.snapshot") \
    X (38, REPLY,            reply,            "cmd.reply") \
    X (39, COMMAND,          command,          "cmd.generic")

//  The gateway's session: every state change, and every retry it schedules.
#define RT_FIELDS_conn_state(F, T) \
    F (T, ENUM, state,          "st", conn,         req) \
    F (T, STR,  reason,         "r",  RT_TEXT_MAX,  opt) \
    F (T, U32,  attempt,        "at", _,            opt)  /* consecutive failed attempts */ \
    F (T, I32,  server_version, "sv", _,            opt)  /* 0 until the handshake */ \
    F (T, I32,  client_id,      "ci", _,            opt) \
    F (T, U64,  next_retry_ms,  "nr", _,            opt)  /* 0: no retry scheduled */

//  One accountValue / accountSummary line, as IB reports it (values are IB's strings).
#define RT_FIELDS_account_value(F, T) \
    F (T, STR, account,  "a", RT_ACCOUNT_MAX,    req) \
    F (T, STR, key,      "k", RT_ACCT_KEY_MAX,   req) \
    F (T, STR, value,    "v", RT_ACCT_VALUE_MAX, opt) \
    F (T, STR, currency, "c", RT_CCY_MAX,        opt)

#define RT_FIELDS_position(F, T) \
    F (T, STR, account,  "a",   RT_ACCOUNT_MAX, req) \
    F (T, STR, symbol,   "s",   RT_SYMBOL_MAX,  req) \
    F (T, I32, con_id,   "ci",  _,              opt) \
    F (T, STR, sec_type, "sty", RT_SECTYPE_MAX, opt) \
    F (T, STR, currency, "cu",  RT_CCY_MAX,     opt) \
    F (T, F64, qty,      "q",   _,              req)  /* signed: negative is short */ \
    F (T, F64, avg_cost, "ac",  _,              opt)

//  Top of book; a price or size not yet received is 0.
#define RT_FIELDS_quote(F, T) \
    F (T, STR,  symbol,     "s",  RT_SYMBOL_MAX, sfx) \
    F (T, I32,  con_id,     "ci", _,             opt) \
    F (T, F64,  bid,        "b",  _,             opt) \
    F (T, F64,  ask,        "a",  _,             opt) \
    F (T, F64,  last,       "l",  _,             opt) \
    F (T, F64,  bid_size,   "bs", _,             opt) \
    F (T, F64,  ask_size,   "as", _,             opt) \
    F (T, F64,  last_size,  "ls", _,             opt) \
    F (T, F64,  volume,     "v",  _,             opt) \
    F (T, U64,  exch_ts_ns, "et", _,             opt)  /* exchange time, 0 if unknown */ \
    F (T, U64,  recv_ts_ns, "rt", _,             opt)  /* when the gateway read it */ \
    F (T, BOOL, delayed,    "d",  _,             opt)

#define RT_FIELDS_bar(F, T) \
    F (T, STR,  symbol,   "s",  RT_SYMBOL_MAX,   sfx) \
    F (T, STR,  bar_size, "bz", RT_BAR_SIZE_MAX, opt) \
    F (T, U64,  ts_ns,    "t",  _,               req)  /* bar start */ \
    F (T, F64,  open,     "o",  _,               req) \
    F (T, F64,  high,     "h",  _,               req) \
    F (T, F64,  low,      "l",  _,               req) \
    F (T, F64,  close,    "c",  _,               req) \
    F (T, F64,  volume,   "v",  _,               opt) \
    F (T, F64,  wap,      "w",  _,               opt) \
    F (T, I32,  count,    "n",  _,               opt) \
    F (T, I32,  req_id,   "ri", _,               opt) \
    F (T, BOOL, is_final, "f",  _,               opt)  /* false: the forming bar, updated */

#define RT_FIELDS_order_status(F, T) \
    F (T, STR,  coid,            "co", RT_COID_MAX,    opt)  /* "" for orders placed elsewhere */ \
    F (T, I64,  order_id,        "oi", _,              opt)  /* IB order id, 0 before it has one */ \
    F (T, I64,  perm_id,         "pi", _,              opt) \
    F (T, ENUM, status,          "st", ord_status,     req) \
    F (T, F64,  filled,          "fq", _,              opt) \
    F (T, F64,  remaining,       "rq", _,              opt) \
    F (T, F64,  avg_fill_price,  "ap", _,              opt) \
    F (T, F64,  last_fill_price, "lp", _,              opt) \
    F (T, STR,  symbol,          "s",  RT_SYMBOL_MAX,  opt) \
    F (T, ENUM, side,            "sd", side,           opt) \
    F (T, F64,  qty,             "q",  _,              opt) \
    F (T, STR,  account,         "a",  RT_ACCOUNT_MAX, opt) \
    F (T, STR,  reason,          "r",  RT_TEXT_MAX,    opt)

//  One execution; execId is unique for life and is the deduplication key.
#define RT_FIELDS_fill(F, T) \
    F (T, STR,  exec_id,        "x",  RT_EXECID_MAX,  req) \
    F (T, STR,  coid,           "co", RT_COID_MAX,    opt) \
    F (T, I64,  order_id,       "oi", _,              opt) \
    F (T, I64,  perm_id,        "pi", _,              opt) \
    F (T, STR,  symbol,         "s",  RT_SYMBOL_MAX,  req) \
    F (T, ENUM, side,           "sd", side,           req) \
    F (T, F64,  qty,            "q",  _,              req)  /* this execution, unsigned */ \
    F (T, F64,  price,          "p",  _,              req) \
    F (T, U64,  ts_ns,          "t",  _,              opt)  /* execution time */ \
    F (T, STR,  exchange,       "ex", RT_EXCH_MAX,    opt) \
    F (T, BOOL, has_commission, "hc", _,              opt)  /* commission arrives later */ \
    F (T, F64,  commission,     "cm", _,              opt) \
    F (T, STR,  commission_ccy, "cc", RT_CCY_MAX,     opt) \
    F (T, F64,  realized_pnl,   "rp", _,              opt) \
    F (T, STR,  account,        "a",  RT_ACCOUNT_MAX, opt)

#define RT_FIELDS_risk_decision(F, T) \
    F (T, STR,  coid,     "co", RT_COID_MAX, req) \
    F (T, BOOL, accepted, "ok", _,           req) \
    F (T, STR,  code,     "cd", RT_NAME_MAX, opt)  /* machine-readable: "MAX_QTY", "HALTED" */ \
    F (T, STR,  reason,   "r",  RT_TEXT_MAX, opt) \
    F (T, ENUM, state,    "st", trading,     opt)  /* trading state at decision time */

#define RT_FIELDS_risk_state(F, T) \
    F (T, ENUM, state,          "st", trading,     req) \
    F (T, STR,  reason,         "r",  RT_TEXT_MAX, opt) \
    F (T, BOOL, kill_switch,    "ks", _,           opt) \
    F (T, F64,  daily_pnl,      "pl", _,           opt) \
    F (T, F64,  realized_pnl,   "rp", _,           opt) \
    F (T, F64,  unrealized_pnl, "up", _,           opt) \
    F (T, F64,  gross_exposure, "gx", _,           opt) \
    F (T, F64,  net_exposure,   "nx", _,           opt) \
    F (T, U32,  open_orders,    "oo", _,           opt) \
    F (T, U32,  orders_today,   "ot", _,           opt)

//  Once a second from every service.
#define RT_FIELDS_heartbeat(F, T) \
    F (T, STR,      service,   "sv",  RT_NAME_MAX, sfx) \
    F (T, I32,      pid,       "pid", _,           opt) \
    F (T, U64,      uptime_ms, "up",  _,           opt) \
    F (T, STR,      status,    "st",  RT_NAME_MAX, opt)  /* "ok", "degraded", ... */ \
    F (T, U64,      msgs_in,   "mi",  _,           opt) \
    F (T, U64,      msgs_out,  "mo",  _,           opt) \
    F (T, U64,      errors,    "er",  _,           opt) \
    F (T, COUNTERS, counters,  "c",   _,           opt)

#define RT_FIELDS_error_event(F, T) \
    F (T, I32,  code,     "cd",  _,           req)  /* IB error code, or an rt_error_t */ \
    F (T, ENUM, severity, "sv",  severity,    req) \
    F (T, STR,  message,  "m",   RT_TEXT_MAX, req) \
    F (T, STR,  source,   "src", RT_NAME_MAX, opt) \
    F (T, I64,  req_id,   "ri",  _,           opt)  /* -1 or 0 when not tied to a request */ \
    F (T, I64,  order_id, "oi",  _,           opt)

//  The coid is the idempotency key: sending the same intent twice places one order.
#define RT_FIELDS_order_intent(F, T) \
    F (T, STR,  coid,        "co",  RT_COID_MAX,    req) \
    F (T, STR,  account,     "a",   RT_ACCOUNT_MAX, opt)  /* "" = the gateway's default */ \
    F (T, STR,  symbol,      "s",   RT_SYMBOL_MAX,  req) \
    F (T, STR,  sec_type,    "sty", RT_SECTYPE_MAX, opt)  /* "" = STK */ \
    F (T, STR,  exchange,    "ex",  RT_EXCH_MAX,    opt)  /* "" = SMART */ \
    F (T, STR,  currency,    "cu",  RT_CCY_MAX,     opt)  /* "" = USD */ \
    F (T, ENUM, side,        "sd",  side,           req) \
    F (T, F64,  qty,         "q",   _,              req) \
    F (T, ENUM, order_type,  "ot",  ord_type,       req) \
    F (T, F64,  limit_price, "lp",  _,              opt) \
    F (T, F64,  stop_price,  "sp",  _,              opt) \
    F (T, ENUM, tif,         "tif", tif,            opt)  /* NONE = DAY */ \
    F (T, STR,  strategy,    "sg",  RT_NAME_MAX,    opt) \
    F (T, U64,  ts_ns,       "t",   _,              opt)  /* when the client decided */

#define RT_FIELDS_order_cancel(F, T) \
    F (T, STR, coid,   "co", RT_COID_MAX, req) \
    F (T, STR, reason, "r",  RT_TEXT_MAX, opt)

#define RT_FIELDS_md_subscribe(F, T) \
    F (T, STR,  symbol,        "s",   RT_SYMBOL_MAX,  req) \
    F (T, STR,  sec_type,      "sty", RT_SECTYPE_MAX, opt) \
    F (T, STR,  exchange,      "ex",  RT_EXCH_MAX,    opt) \
    F (T, STR,  currency,      "cu",  RT_CCY_MAX,     opt) \
    F (T, STR,  generic_ticks, "gt",  RT_TICKS_MAX,   opt) \
    F (T, BOOL, delayed,       "d",   _,              opt)  /* ask for delayed data */

#define RT_FIELDS_md_unsubscribe(F, T) \
    F (T, STR, symbol,   "s",   RT_SYMBOL_MAX,  req) \
    F (T, STR, sec_type, "sty", RT_SECTYPE_MAX, opt) \
    F (T, STR, exchange, "ex",  RT_EXCH_MAX,    opt) \
    F (T, STR, currency, "cu",  RT_CCY_MAX,     opt)

#define RT_FIELDS_hist_request(F, T) \
    F (T, STR,  symbol,          "s",    RT_SYMBOL_MAX,   req) \
    F (T, STR,  sec_type,        "sty",  RT_SECTYPE_MAX,  opt) \
    F (T, STR,  exchange,        "ex",   RT_EXCH_MAX,     opt) \
    F (T, STR,  currency,        "cu",   RT_CCY_MAX,      opt) \
    F (T, STR,  duration,        "du",   RT_DURATION_MAX, req) \
    F (T, STR,  bar_size,        "bz",   RT_BAR_SIZE_MAX, req) \
    F (T, STR,  what_to_show,    "ws",   RT_WHAT_MAX,     opt)  /* "" = TRADES */ \
    F (T, BOOL, use_rth,         "rth",  _,               opt) \
    F (T, STR,  end,             "end",  RT_DATETIME_MAX, opt)  /* "" = now */ \
    F (T, BOOL, keep_up_to_date, "kutd", _,               opt)

//  Clone pattern: subscribe first, then ask; the reply's seq is the snapshot's position.
#define RT_FIELDS_snapshot_request(F, T) \
    F (T, STR, what,    "w", RT_NAME_MAX,    req)  /* "positions", "orders", "account", "all" */ \
    F (T, STR, account, "a", RT_ACCOUNT_MAX, opt)

//  The answer to every command.
#define RT_FIELDS_reply(F, T) \
    F (T, BOOL, ok,     "ok",  _,           req) \
    F (T, I32,  code,   "cd",  _,           opt)  /* 0, or an rt_error_t */ \
    F (T, STR,  reason, "r",   RT_TEXT_MAX, opt) \
    F (T, STR,  corr,   "cid", RT_CORR_MAX, opt)  /* the request header's cid */ \
    F (T, STR,  id,     "id",  RT_COID_MAX, opt)  /* what it acted on: coid, req id, symbol */ \
    F (T, U64,  seq,    "sq",  _,           opt)  /* publisher sequence the reply is as of */

//  Verbs every service answers: "status"; risk: "halt", "reduce", "resume".
#define RT_FIELDS_command(F, T) \
    F (T, STR,  verb, "vb", RT_NAME_MAX, req) \
    F (T, ARGS, args, "ar", _,           opt)

#endif
