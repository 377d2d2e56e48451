// robo-trader dashboard: one WebSocket (/ws, subprotocol "rt-dash"), a snapshot then one JSON
// event per change (services/publisher/README.md lists them). No framework, no build step.
'use strict';

const HISTORY_MAX = 50, FILLS_MAX = 100, LIST_MAX = 20, EQUITY_MAX = 1800;

const S = {
  conn: null, history: [], services: new Map(), account: new Map(), positions: new Map(),
  holdings: new Map(), orders: new Map(), fills: [], quotes: new Map(), risk: null,
  rejections: [], errors: [], equity: [], killEnabled: false,
};

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function num(v, d = 2) {
  return typeof v === 'number' && isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '';
}

function signed(td, v) {
  td.classList.add('num');
  if (typeof v === 'number' && v > 0) td.classList.add('pos');
  if (typeof v === 'number' && v < 0) td.classList.add('neg');
  return td;
}

function time(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return d.toLocaleTimeString('en-GB', { hour12: false });
}

function ns(t) { return t ? Math.floor(t / 1e6) : 0; }

function duration(ms) {
  const s = Math.floor((ms || 0) / 1000);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
  return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
}

function stateClass(state) {
  switch (state) {
    case 'READY': case 'ACTIVE': case 'up': return 'ok';
    case 'RECONCILING': case 'CONNECTING': case 'HANDSHAKE': case 'STARTING':
    case 'DEGRADED': case 'BACKOFF': case 'REDUCING': case 'stale': return 'warn';
    case 'DISCONNECTED': case 'BREAKER_OPEN': case 'HALTED': case 'down': case 'RESTARTED':
      return 'bad';
    default: return '';
  }
}

function badge(node, text) {
  node.textContent = text || '?';
  node.classList.remove('ok', 'warn', 'bad');
  const c = stateClass(text);
  if (c) node.classList.add(c);
}

function row(cells) {
  const tr = el('tr');
  for (const c of cells) tr.appendChild(c instanceof Node ? c : el('td', c));
  return tr;
}

function numCell(v, d) { const td = el('td', num(v, d)); td.classList.add('num'); return td; }

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

// ---------------------------------------------------------------------------------------
// Model

function keyOf(...parts) { return parts.join('|'); }

function applySnapshot(m) {
  S.conn = m.conn;
  S.history = (m.conn_history || []).slice(-HISTORY_MAX);
  S.services = new Map((m.services || []).map((s) => [s.name, s]));
  S.account = new Map((m.account || []).map((a) => [keyOf(a.account, a.key, a.currency), a]));
  S.positions = new Map((m.positions || []).map((p) => [keyOf(p.account, p.symbol), p]));
  S.holdings = new Map((m.holdings || []).map((h) => [keyOf(h.account, h.symbol), h]));
  S.orders = new Map((m.orders || []).map((o) => [o.key, o]));
  S.fills = (m.fills || []).slice(-FILLS_MAX);
  S.quotes = new Map((m.quotes || []).map((q) => [q.symbol, q]));
  S.risk = m.risk;
  S.rejections = (m.rejections || []).slice(-LIST_MAX);
  S.errors = (m.errors || []).slice(-LIST_MAX);
  S.equity = (m.equity || []).slice(-EQUITY_MAX);
  S.killEnabled = !!m.kill_enabled;
  markAll();
}

function apply(m) {
  const d = m.data;
  switch (m.type) {
    case 'snapshot': applySnapshot(m); break;
    case 'conn':
      S.conn = d;
      if (m.entry) { S.history.push(m.entry); if (S.history.length > HISTORY_MAX) S.history.shift(); }
      mark('conn');
      break;
    case 'conn_note':
      S.history.push(m.entry); if (S.history.length > HISTORY_MAX) S.history.shift();
      mark('conn');
      break;
    case 'service': S.services.set(d.name, d); mark('services'); break;
    case 'account': S.account.set(keyOf(d.account, d.key, d.currency), d); mark('account'); break;
    case 'position': S.positions.set(keyOf(d.account, d.symbol), d); mark('positions'); break;
    case 'holding': S.holdings.set(keyOf(d.account, d.symbol), d); mark('positions'); break;
    case 'order':
      if (m.open) S.orders.set(d.key, d); else S.orders.delete(d.key);
      mark('orders');
      break;
    case 'fill': {
      const i = S.fills.findIndex((f) => f.exec_id === d.exec_id);
      if (i >= 0) S.fills[i] = d; else S.fills.push(d);
      if (S.fills.length > FILLS_MAX) S.fills.shift();
      mark('fills');
      break;
    }
    case 'quote': S.quotes.set(d.symbol, d); mark('quotes'); break;
    case 'risk': S.risk = d; mark('risk'); break;
    case 'rejection':
      S.rejections.push(d); if (S.rejections.length > LIST_MAX) S.rejections.shift();
      mark('risk');
      break;
    case 'error':
      S.errors.push(d); if (S.errors.length > LIST_MAX) S.errors.shift();
      mark('errors');
      break;
    case 'equity':
      S.equity.push(d);
      if (S.equity.length > EQUITY_MAX) S.equity = S.equity.filter((_, i) => i % 2 === 0);
      mark('equity');
      break;
    case 'cmd_result': notice(m.message, m.ok); break;
    default: break;
  }
}

// ---------------------------------------------------------------------------------------
// Rendering, at most once a frame

const dirty = new Set();
let frame = 0;

function mark(what) {
  dirty.add(what);
  if (!frame) frame = requestAnimationFrame(render);
}

function markAll() {
  for (const w of ['conn', 'services', 'account', 'positions', 'orders', 'fills', 'quotes',
                   'risk', 'errors', 'equity', 'kill']) mark(w);
}

function render() {
  frame = 0;
  const todo = [...dirty];
  dirty.clear();
  for (const w of todo) RENDER[w]();
}

const RENDER = {
  conn() {
    const c = S.conn || {};
    badge($('gw-state'), c.state);
    badge($('conn-state'), c.state);
    $('conn-reason').textContent = c.reason || '';
    $('conn-attempt').textContent = c.attempt ? String(c.attempt) : '';
    $('conn-ids').textContent = c.server_version ? c.server_version + ' / ' + c.client_id : '';
    $('conn-retry').textContent = c.next_retry_ms ? 'in ' + duration(c.next_retry_ms) : '';
    const items = S.history.slice().reverse().map((h) => {
      const li = el('li');
      li.appendChild(el('span', time(h.t), 't'));
      const b = el('span', h.state, 'badge');
      const cls = stateClass(h.state);
      if (cls) b.classList.add(cls);
      li.appendChild(b);
      const extra = (h.attempt ? ' attempt ' + h.attempt : '') + (h.reason ? ' — ' + h.reason : '');
      li.appendChild(document.createTextNode(extra));
      return li;
    });
    $('conn-history').replaceChildren(...items);
  },
  services() {
    const rows = [...S.services.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => {
      const st = el('td'); const b = el('span', s.status, 'badge');
      if (stateClass(s.status)) b.classList.add(stateClass(s.status));
      st.appendChild(b);
      const hb = s.hb || {};
      const tr = row([s.name, st, duration(hb.uptime_ms), numCell(hb.msgs_in, 0),
                      numCell(hb.msgs_out, 0), numCell(hb.errors, 0), hb.status || '']);
      tr.dataset.service = s.name;
      return tr;
    });
    fill($('services'), rows);
  },
  account() {
    const rows = [...S.account.values()]
      .sort((a, b) => (a.account + a.key).localeCompare(b.account + b.key))
      .map((a) => row([a.account, a.key, a.value, a.currency]));
    fill($('account'), rows);
  },
  positions() {
    const bySym = new Map();
    for (const p of S.positions.values()) bySym.set(p.symbol, { sym: p.symbol, ib: p });
    for (const h of S.holdings.values()) {
      const r = bySym.get(h.symbol) || { sym: h.symbol };
      r.book = h; bySym.set(h.symbol, r);
    }
    const rows = [...bySym.values()].sort((a, b) => a.sym.localeCompare(b.sym)).map((r) => {
      const ib = r.ib || {}, bk = r.book || {};
      const tr = row([r.sym, numCell(r.ib ? ib.qty : null, 0), numCell(r.book ? bk.qty : null, 0),
                      numCell(bk.avg_cost || ib.avg_cost), numCell(bk.mark_price),
                      signed(el('td', num(bk.unrealized_pnl)), bk.unrealized_pnl),
                      signed(el('td', num(bk.realized_pnl)), bk.realized_pnl),
                      numCell(bk.fills, 0)]);
      tr.dataset.symbol = r.sym;
      return tr;
    });
    fill($('positions'), rows);
  },
  orders() {
    const rows = [...S.orders.values()].map((o) => {
      const tr = row([o.coid || '—', o.symbol, o.side, numCell(o.qty, 0), numCell(o.filled, 0),
                      o.status, numCell(o.avg_fill_price), o.order_id || '', o.reason || '']);
      tr.dataset.coid = o.coid || o.key;
      return tr;
    });
    fill($('orders'), rows);
  },
  fills() {
    const rows = S.fills.slice().reverse().map((f) => {
      const tr = row([time(ns(f.ts_ns)), f.symbol, f.side, numCell(f.qty, 0), numCell(f.price),
                      f.has_commission ? num(f.commission) + ' ' + (f.commission_ccy || '') : '',
                      f.coid || '', f.exec_id]);
      tr.dataset.execId = f.exec_id;
      tr.dataset.symbol = f.symbol;
      return tr;
    });
    fill($('fills'), rows);
  },
  quotes() {
    const rows = [...S.quotes.values()].sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map((q) => {
        const tr = row([q.symbol + (q.delayed ? ' (delayed)' : ''), numCell(q.bid), numCell(q.ask),
                        numCell(q.last), numCell(q.volume, 0)]);
        tr.dataset.symbol = q.symbol;
        return tr;
      });
    fill($('quotes'), rows);
  },
  risk() {
    const r = S.risk || {};
    badge($('risk-state'), r.state ? r.state + (r.kill_switch ? ' (KILL)' : '') : '');
    badge($('risk-state2'), r.state);
    $('risk-reason').textContent = r.reason || '';
    $('risk-pnl').textContent = num(r.daily_pnl);
    $('risk-exposure').textContent = S.risk ? num(r.gross_exposure) + ' / ' + num(r.net_exposure) : '';
    $('risk-orders').textContent = S.risk ? r.open_orders + ' / ' + r.orders_today : '';
    const rows = S.rejections.slice().reverse().map((d) => row([time(d.t), d.coid, d.code, d.reason]));
    fill($('rejections'), rows);
  },
  errors() {
    const rows = S.errors.slice().reverse()
      .map((e) => row([time(e.t), e.source, e.severity, e.code, e.message]));
    fill($('errors'), rows);
  },
  equity() { drawEquity(); },
  kill() {
    const btn = $('kill-btn');
    btn.disabled = !S.killEnabled;
    btn.title = S.killEnabled ? 'halt trading and cancel every open order (needs the token)'
                              : 'disabled: DASH_TOKEN is not set on the publisher';
  },
};

function drawEquity() {
  const cv = $('equity');
  const ratio = window.devicePixelRatio || 1;
  const w = cv.clientWidth || cv.width, h = cv.clientHeight || cv.height;
  if (cv.width !== Math.round(w * ratio)) { cv.width = Math.round(w * ratio); cv.height = Math.round(h * ratio); }
  const g = cv.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  const pts = S.equity;
  g.fillStyle = '#8593a3';
  g.font = '11px system-ui, sans-serif';
  if (pts.length < 2) { g.fillText('waiting for data…', 10, 20); return; }
  const pad = 40, t0 = pts[0].t, t1 = pts[pts.length - 1].t || t0 + 1;
  const x = (t) => pad + (w - 2 * pad) * (t - t0) / Math.max(1, t1 - t0);
  const series = (key, color, side) => {
    let lo = Infinity, hi = -Infinity;
    for (const p of pts) { lo = Math.min(lo, p[key]); hi = Math.max(hi, p[key]); }
    if (lo === hi) { lo -= 1; hi += 1; }
    const y = (v) => h - 16 - (h - 32) * (v - lo) / (hi - lo);
    g.strokeStyle = color; g.lineWidth = 1.5; g.beginPath();
    pts.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p[key])) : g.moveTo(x(p.t), y(p[key]))));
    g.stroke();
    g.fillStyle = color;
    const tx = side === 'left' ? 2 : w - pad + 2;
    g.fillText(num(hi, 0), tx, 12); g.fillText(num(lo, 0), tx, h - 4);
  };
  if (pts.some((p) => p.equity)) series('equity', '#4ea1ff', 'left');
  series('pnl', '#e0a526', 'right');
  g.fillStyle = '#8593a3';
  g.fillText(time(t0), pad, h - 2);
  g.fillText(time(t1), w - pad - 50, h - 2);
  const last = pts[pts.length - 1];
  $('equity-last').textContent = 'now: equity ' + num(last.equity) + ', P&L ' + num(last.pnl);
}

// ---------------------------------------------------------------------------------------
// Link: reconnects with capped, jittered exponential backoff

let ws = null, backoff = 500, retryAt = 0;

function setLink(text) {
  const link = $('link');
  link.textContent = text;
  link.classList.remove('ok', 'warn', 'bad');
  link.classList.add(text === 'live' ? 'ok' : text === 'connecting' ? 'warn' : 'bad');
  document.body.classList.toggle('down', text !== 'live');
}

function connect() {
  setLink('connecting');
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  try {
    ws = new WebSocket(url, 'rt-dash');
  } catch (e) {
    retry();
    return;
  }
  ws.onopen = () => { backoff = 500; setLink('live'); };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    apply(m);
  };
  ws.onclose = () => { ws = null; setLink('disconnected'); retry(); };
  ws.onerror = () => { /* onclose follows and retries */ };
}

function retry() {
  const delay = Math.round(backoff * (0.5 + Math.random() / 2));
  backoff = Math.min(backoff * 2, 10000);
  retryAt = Date.now() + delay;
  setTimeout(connect, delay);
}

setInterval(() => {
  if (ws) return;
  const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
  $('banner').textContent = 'DISCONNECTED from the publisher — reconnecting' + (s ? ' in ' + s + 's' : '…');
}, 250);

// ---------------------------------------------------------------------------------------
// Kill switch: two clicks within 3 s, then the token goes to the publisher over the socket

let armed = 0;

function notice(text, ok) {
  const n = $('kill-msg');
  n.textContent = text;
  n.hidden = false;
  n.classList.remove('ok', 'bad');
  n.classList.add(ok ? 'ok' : 'bad');
}

$('kill-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const btn = $('kill-btn');
  if (!S.killEnabled) { notice('kill switch disabled: DASH_TOKEN is not set on the publisher', false); return; }
  if (!ws || ws.readyState !== WebSocket.OPEN) { notice('not connected to the publisher', false); return; }
  if (Date.now() - armed > 3000) {
    armed = Date.now();
    btn.textContent = 'CONFIRM KILL';
    setTimeout(() => { btn.textContent = 'KILL SWITCH'; }, 3000);
    return;
  }
  armed = 0;
  btn.textContent = 'KILL SWITCH';
  ws.send(JSON.stringify({ cmd: 'kill', token: $('kill-token').value }));
});

window.addEventListener('resize', () => mark('equity'));
connect();
