// Browser test of the dashboard against the whole system, started with the one-command run's
// machinery (rt-run and tools/rt-run/robo-trader.conf) on free loopback ports:
// tws-sim + rt-gateway + rt-risk + rt-orders + rt-publisher (rt-strategy skipped: its orders
// would race ours). Headless Debian chromium driven by playwright-core.
//   1. the page connects and shows READY;
//   2. AAPL quotes stream (DASH_SYMBOLS); `rt-ctl buy AAPL 10` appears as a fill and a position within a few seconds;
//   3. rt-gateway SIGKILLed (rt-run restarts it): the history shows RESTARTED, then READY;
//   4. rt-publisher SIGKILLed: the page says disconnected, then reconnects by itself;
//   5. a wrong kill-switch token is refused with a clear message;
//   (before 4) a screenshot goes to build/dashboard.png (DASH_SCREENSHOT overrides).
// Exit 0 on success, 1 with the failing step and the logs' tails. RT_BIN_DIR: the programs
// (default build/bin). E2E_KEEP=1 keeps the scratch directory.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const bin = process.env.RT_BIN_DIR || path.join(root, 'build', 'bin');
const shot = process.env.DASH_SCREENSHOT || path.join(path.dirname(bin), 'dashboard.png');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 20000;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-dash-e2e-'));
const logs = path.join(scratch, 'logs');
let sup = null, context = null, step = 'start';

function log(msg) { process.stdout.write(`[e2e] ${msg}\n`); }

// A port the kernel calls free and this test has not handed out yet: the kernel may offer a
// just-closed port again, and two services on one port is a failed start.
const handedOut = new Set();
async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address();
        srv.close(() => resolve(p));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, ms = STEP_MS) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e.message; }
    await sleep(100);
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

// The pid of a supervised program: its comm, and our scratch directory in its environment.
function pidOf(program) {
  const mark = `RT_DATA_DIR=${scratch}`;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== program.slice(0, 15)) continue;
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (env.includes(mark)) return Number(d);
    } catch { /* gone meanwhile */ }
  }
  return 0;
}

async function main() {
  for (const p of ['rt-run', 'tws-sim', 'rt-gateway', 'rt-risk', 'rt-orders', 'rt-publisher', 'rt-ctl'])
    if (!fs.existsSync(path.join(bin, p))) throw new Error(`${bin}/${p} is not built`);
  const env = { ...process.env };
  for (const k of ['LOG_FILE', 'RT_CURVE_DIR', 'RT_CONFIG_FILE', 'DASH_TOKEN', 'TWS_ACCOUNT'])
    delete env[k];
  for (const v of ['RT_GATEWAY_PUB', 'RT_GATEWAY_CMD', 'RT_GATEWAY_MD', 'RT_ORDERS_PUB',
                   'RT_ORDERS_CMD', 'RT_RISK_PUB', 'RT_RISK_CMD'])
    env[v] = `tcp://127.0.0.1:${await freePort()}`;
  Object.assign(env, {
    TWS_HOST: '127.0.0.1', TWS_PORT: String(await freePort()), DASH_HOST: '127.0.0.1',
    DASH_PORT: String(await freePort()), DASH_TOKEN: 'e2e-token-123', DASH_SYMBOLS: 'AAPL', RT_DATA_DIR: scratch,
    // rt-gateway's reconnect timing scaled down (as tests/harness rt_test_gateway_fast_env)
    TWS_CLIENT_ID: '7', TWS_CONNECT_TIMEOUT_MS: '1000', TWS_HANDSHAKE_TIMEOUT_MS: '1000',
    BACKOFF_BASE_MS: '50', BACKOFF_CAP_MS: '500', RISK_VIEW_GRACE: '0ms',
  });
  const dash = `http://127.0.0.1:${env.DASH_PORT}/`;

  step = 'rt-run';
  sup = spawn(path.join(bin, 'rt-run'), [
    '--config', path.join(root, 'tools', 'rt-run', 'robo-trader.conf'), '--log-dir', logs,
    '--bin-dir', bin, '--skip', 'rt-strategy', '--backoff-base-ms', '100',
    '--stop-timeout-ms', '3000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const supOut = fs.createWriteStream(path.join(scratch, 'rt-run.out'));
  sup.stdout.pipe(supOut);
  sup.stderr.pipe(supOut);

  step = 'system READY (/healthz)';
  await until(step, async () => {
    const r = await fetch(dash + 'healthz');
    const j = await r.json();
    return r.status === 200 && j.status === 'ok' && j.gateway === 'READY' && j;
  }, 30000);
  log(`system up, dashboard on ${dash}`);

  step = 'metrics';
  await until('metrics: gateway READY and heartbeats counted', async () => {
    const text = await (await fetch(dash + 'metrics')).text();
    return /rt_gateway_state\{state="READY"\} 1/.test(text)
        && /rt_publisher_messages_total\{family="sys.hb"\} \d+/.test(text);
  }, 5000);

  step = 'browser';
  const profile = fs.mkdtempSync(path.join(scratch, 'chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1300 },
  });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  // While the publisher is down the browser logs its failed WebSocket attempts: expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket|ERR_CONNECTION_REFUSED/.test(m.text()))
      consoleErrors.push(m.text() + ' ' + JSON.stringify(m.location()));
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(dash);

  step = 'page shows live and READY';
  await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: STEP_MS });
  await page.locator('#gw-state', { hasText: 'READY' }).waitFor({ timeout: STEP_MS });
  await page.locator('#services tr[data-service="gateway"]').waitFor({ timeout: STEP_MS });
  log('page: live, IB READY');
  step = 'AAPL quotes on the page (DASH_SYMBOLS)';
  await page.locator('#quotes tr[data-symbol="AAPL"]').waitFor({ timeout: STEP_MS });

  step = 'rt-ctl buy AAPL 10';
  const out = execFileSync(path.join(bin, 'rt-ctl'), ['buy', 'AAPL', '10'],
                           { env, encoding: 'utf8', timeout: 15000 });
  const coid = (out.match(/coid=(\S+)/) || [])[1];
  log(`rt-ctl: ${out.trim()}`);
  if (!coid) throw new Error('rt-ctl printed no coid: ' + out);

  step = 'fill and position on the page';
  const t0 = Date.now();
  await page.locator('#fills tr[data-symbol="AAPL"]', { hasText: coid }).waitFor({ timeout: 10000 });
  await page.locator('#positions tr[data-symbol="AAPL"]').waitFor({ timeout: 10000 });
  await until('AAPL position 10 on the page', async () => {
    const cells = await page.locator('#positions tr[data-symbol="AAPL"] td').allTextContents();
    return cells[1] === '10' || cells[2] === '10' ? cells : false;
  }, 10000);
  log(`page: fill ${coid} and position AAPL 10 after ${Date.now() - t0} ms`);

  step = 'wrong kill token refused';
  await page.fill('#kill-token', 'not-the-token');
  await page.click('#kill-btn');
  await page.click('#kill-btn');                    // two clicks: armed, then sent
  await page.locator('#kill-msg', { hasText: 'wrong token' }).waitFor({ timeout: 5000 });
  log('page: a wrong kill token is refused');

  step = 'gateway SIGKILL: restart on the page';
  const gw = pidOf('rt-gateway');
  if (!gw) throw new Error('rt-gateway pid not found');
  process.kill(gw, 'SIGKILL');
  log(`rt-gateway ${gw} killed`);
  await page.locator('#conn-history li', { hasText: 'RESTARTED' }).waitFor({ timeout: 30000 });
  await until('a new rt-gateway', () => { const p = pidOf('rt-gateway'); return p && p !== gw && p; });
  await page.locator('#gw-state', { hasText: 'READY' }).waitFor({ timeout: 30000 });
  log('page: gateway RESTARTED in the history, READY again');

  step = 'screenshot (the fill, the position, the gateway restart in the history)';
  await sleep(2500);                                // a few equity points on the chart
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  log(`screenshot: ${shot}`);

  step = 'publisher SIGKILL: the page reconnects by itself';
  const pub = pidOf('rt-publisher');
  process.kill(pub, 'SIGKILL');
  await page.locator('#link', { hasText: 'disconnected' }).waitFor({ timeout: 10000 });
  if (!(await page.locator('#banner').isVisible())) throw new Error('no disconnected banner');
  log('page: disconnected shown');
  await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30000 });
  await page.locator('#gw-state', { hasText: 'READY' }).waitFor({ timeout: STEP_MS });
  await page.locator('#fills tr[data-symbol="AAPL"]').waitFor({ timeout: STEP_MS });
  log('page: reconnected, state back from the snapshots');

  if (consoleErrors.length) throw new Error('browser console errors: ' + consoleErrors.join(' | '));
}

async function cleanup() {
  if (context) await context.close().catch(() => {});
  if (sup && sup.exitCode === null) {
    sup.kill('SIGTERM');
    const end = Date.now() + 8000;
    while (sup.exitCode === null && sup.signalCode === null && Date.now() < end) await sleep(50);
    if (sup.exitCode === null && sup.signalCode === null) sup.kill('SIGKILL');
  }
}

function tails() {
  for (const f of ['rt-run.out', ...fs.existsSync(logs) ? fs.readdirSync(logs).map((n) => 'logs/' + n) : []]) {
    const p = path.join(scratch, f);
    if (!fs.existsSync(p)) continue;
    const lines = fs.readFileSync(p, 'utf8').trimEnd().split('\n').slice(-15);
    process.stdout.write(`--- ${f} (last ${lines.length} lines)\n${lines.join('\n')}\n`);
  }
}

let status = 0;
try {
  await main();
  log('PASS');
} catch (e) {
  status = 1;
  process.stdout.write(`[e2e] FAIL at '${step}': ${e.message}\n`);
  tails();
}
await cleanup();
if (!status) {
  // A sanitizer build reports into the logs: that fails the test too.
  for (const n of fs.existsSync(logs) ? fs.readdirSync(logs) : []) {
    const t = fs.readFileSync(path.join(logs, n), 'utf8');
    if (/AddressSanitizer|runtime error:|LeakSanitizer/.test(t)) {
      status = 1;
      process.stdout.write(`[e2e] FAIL: sanitizer report in ${n}\n`);
      tails();
    }
  }
}
if (process.env.E2E_KEEP) log(`kept ${scratch}`);
else fs.rmSync(scratch, { recursive: true, force: true });
process.exit(status);
