// tests/compose/native.mjs - compose.yaml proven without a Docker engine: every service of the
// default profile runs here as a native process with the command and environment the file
// gives it, host names and 0.0.0.0 mapped to 127.0.0.1, every (service, port) mapped to a
// free port, named volumes to temporary directories. Checked: the one-shot `keys` service
// writes the CURVE certificates and exits 0; every long-running service comes up (its ready
// line) and its healthcheck command passes; rt-ctl, over CURVE with the bus endpoints the
// services use, sees every service up and the IB session READY; when the strategy runs, an
// order placed with rt-ctl fills; SIGTERM stops each one with exit 0.
//
//   node tests/compose/native.mjs        (RT_BIN_DIR: the programs, default build/bin)
// Set COMPOSE_TEST_KEEP=1 to keep the scratch directory (logs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.RT_SOURCE_DIR || path.resolve(here, '../..');
const bin = path.resolve(process.env.RT_BIN_DIR || path.join(root, 'build/bin'));
const READY_MS = 20000;
const CORE = ['tws-sim', 'gateway', 'risk', 'orders'];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-compose-'));
const children = new Map();           // service -> ChildProcess
let failed = false;

function log(msg) { process.stdout.write(`compose-native: ${msg}\n`); }
function fail(msg) {
  failed = true;
  process.stdout.write(`compose-native: FAILED: ${msg}\n`);
  for (const f of fs.readdirSync(scratch).filter((n) => n.endsWith('.log'))) {
    const lines = fs.readFileSync(path.join(scratch, f), 'utf8').trimEnd().split('\n');
    process.stdout.write(`--- ${f} (last 25 lines)\n${lines.slice(-25).join('\n')}\n`);
  }
  throw new Error(msg);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- reading compose.yaml ----------------------------------------------------------------

// ${VAR}, ${VAR:-default}, ${VAR-default} as compose interpolates them, from a clean
// environment (the defaults), so the machine's own TWS_HOST cannot change what is tested.
function interpolate(v) {
  if (typeof v === 'string')
    return v.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
                     (all, n, d) => (all === '$$' ? '$' : d ?? ''));
  if (Array.isArray(v)) return v.map(interpolate);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x)]));
  return v;
}

const doc = interpolate(parse(fs.readFileSync(path.join(root, 'compose.yaml'), 'utf8'),
                              { merge: true }));
const services = Object.entries(doc.services).filter(([, s]) => !s.profiles);
const names = new Set(Object.keys(doc.services));

function envOf(svc) {
  const e = svc.environment || {};
  if (Array.isArray(e))
    return Object.fromEntries(e.map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v ?? '')]));
}

// --- mapping to this host ----------------------------------------------------------------

async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => res(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
const pool = await freePorts(48);
const portMap = new Map();            // "service:port" -> free port
function portFor(owner, port) {
  const key = `${owner}:${port}`;
  if (!portMap.has(key)) {
    if (!pool.length) fail('out of free ports');
    portMap.set(key, pool.shift());
  }
  return portMap.get(key);
}
// A host as written in the file -> the service whose port it is (0.0.0.0, 127.0.0.1 and
// localhost inside a container are that container's own service).
function ownerOf(host, self) {
  if (['0.0.0.0', '*', '127.0.0.1', 'localhost'].includes(host)) return self;
  if (names.has(host)) return host;
  return null;
}

function volumeDir(name) {
  const dir = path.join(scratch, `vol-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
function mountsOf(svc) {
  const m = [];
  for (const v of svc.volumes || []) {
    const [src, dst] = (typeof v === 'string' ? v : `${v.source}:${v.target}`).split(':');
    m.push([dst, volumeDir(src)]);
  }
  return m;
}

function mapString(s, self, mounts) {
  let out = s.replace(/tcp:\/\/([^:/\s]+):(\d+)/g, (all, host, port) => {
    const owner = ownerOf(host, self);
    return owner ? `tcp://127.0.0.1:${portFor(owner, port)}` : all;
  });
  out = out.replace(/\/dev\/tcp\/(127\.0\.0\.1|localhost)\/(\d+)/g,
                    (_, h, port) => `/dev/tcp/127.0.0.1/${portFor(self, port)}`);
  for (const [dst, dir] of mounts)
    if (out === dst || out.startsWith(`${dst}/`)) out = dir + out.slice(dst.length);
  return out;
}

function mapEnv(env, self, mounts) {
  const out = {};
  for (const [k, v] of Object.entries(env)) out[k] = mapString(v, self, mounts);
  // HOST / PORT pairs (TWS_HOST + TWS_PORT, DASH_HOST + DASH_PORT).
  for (const [k, v] of Object.entries(env)) {
    if (!k.endsWith('_HOST')) continue;
    const owner = ownerOf(v, self);
    if (!owner) continue;
    out[k] = '127.0.0.1';
    const pk = `${k.slice(0, -5)}_PORT`;
    if (env[pk]) out[pk] = String(portFor(owner, env[pk]));
  }
  return out;
}

function mapArgs(args, self, mounts) {
  return args.map((a, i) => {
    if (i > 0 && /port$/.test(args[i - 1]) && /^\d+$/.test(a)) return String(portFor(self, a));
    if (i > 0 && args[i - 1] === '--bind' && a === '0.0.0.0') return '127.0.0.1';
    return mapString(a, self, mounts);
  });
}

// --- running -------------------------------------------------------------------------------

const baseEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME || '/tmp' };
for (const k of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'])
  if (process.env[k]) baseEnv[k] = process.env[k];

function readLog(name) {
  try { return fs.readFileSync(path.join(scratch, `${name}.log`), 'utf8'); } catch { return ''; }
}

// A program of the image is in bin; anything else (bash) comes from PATH.
function programOf(prog) {
  const p = path.join(bin, prog);
  return fs.existsSync(p) ? p : prog;
}

function start(name, argv, env) {
  const fd = fs.openSync(path.join(scratch, `${name}.log`), 'a');
  const child = spawn(programOf(argv[0]), argv.slice(1),
                      { env: { ...baseEnv, ...env }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.exitStatus = null;
  child.on('exit', (code, sig) => { child.exitStatus = sig ? `signal ${sig}` : code; });
  children.set(name, child);
  return child;
}

async function waitFor(what, fn, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await fn();
    if (r) return r;
    if (Date.now() > end) fail(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

function sh(cmd, env, timeout = 15000) {
  return spawnSync('bash', ['-c', cmd], { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout });
}
function run(argv, env, timeout = 15000) {
  return spawnSync(programOf(argv[0]), argv.slice(1),
                   { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout });
}

async function stopAll() {
  const order = [...children.keys()].reverse();
  const statuses = {};
  for (const name of order) {
    const c = children.get(name);
    if (c.exitStatus === null) c.kill('SIGTERM');
  }
  const end = Date.now() + 10000;
  for (const name of order) {
    const c = children.get(name);
    while (c.exitStatus === null && Date.now() < end) await sleep(20);
    if (c.exitStatus === null) { c.kill('SIGKILL'); statuses[name] = 'SIGKILL needed'; }
    else statuses[name] = c.exitStatus;
  }
  children.clear();
  return statuses;
}

function killAllNow() {
  for (const c of children.values()) if (c.exitStatus === null) c.kill('SIGKILL');
}
process.on('exit', killAllNow);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { killAllNow(); process.exit(1); });

async function main() {
  const plan = [];
  for (const [name, svc] of services) {
    const cmd = svc.command;
    if (!Array.isArray(cmd)) fail(`${name}: command must be a list`);
    const mounts = mountsOf(svc);
    plan.push({ name, svc, mounts, argv: mapArgs(cmd, name, mounts),
                env: mapEnv(envOf(svc), name, mounts) });
  }
  for (const c of CORE)
    if (!plan.find((p) => p.name === c)) fail(`compose.yaml has no service ${c}`);

  // One-shot services first (restart "no"), as depends_on: service_completed_successfully.
  for (const p of plan.filter((q) => q.svc.restart === 'no')) {
    const r = run(p.argv, p.env);
    if (r.status !== 0) fail(`${p.name} (${p.argv.join(' ')}) exited ${r.status}: ${r.stderr}`);
    log(`${p.name}: ${p.argv.join(' ')}: exit 0`);
  }
  const keys = path.join(scratch, 'vol-keys');
  if (!fs.existsSync(path.join(keys, 'gateway.key_secret')))
    fail('the keys service wrote no gateway.key_secret');

  const daemons = plan.filter((q) => q.svc.restart !== 'no');
  const running = [];
  for (const p of daemons) {
    if (programOf(p.argv[0]) === p.argv[0]) {
      if (CORE.includes(p.name)) fail(`${p.argv[0]} is not built in ${bin}`);
      log(`${p.name}: ${p.argv[0]} not built, skipped`);
      continue;
    }
    if (!p.env.RT_CURVE_DIR && /0\.0\.0\.0/.test(JSON.stringify(envOf(p.svc))))
      fail(`${p.name} binds 0.0.0.0 without RT_CURVE_DIR`);
    start(p.name, p.argv, p.env);
    running.push(p);
  }
  for (const p of running) {
    await waitFor(`${p.name} ready line`, () => {
      const c = children.get(p.name);
      if (c.exitStatus !== null) fail(`${p.name} exited (${c.exitStatus}) before it was ready`);
      return / ready:|listening on/.test(readLog(p.name));
    }, READY_MS);
    log(`${p.name}: ready (${p.argv.join(' ')})`);
  }

  // Every healthcheck, as compose would run it inside the container.
  for (const p of running) {
    const hc = p.svc.healthcheck;
    if (!hc || !hc.test) continue;
    const [kind, ...rest] = hc.test;
    const cmd = kind === 'CMD-SHELL' ? mapString(rest.join(' '), p.name, p.mounts)
      : mapArgs(rest, p.name, p.mounts).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    let last;
    await waitFor(`${p.name} healthcheck (${cmd}) [${last?.stdout}${last?.stderr}]`, () => {
      last = sh(cmd, p.env);
      return last.status === 0;
    }, READY_MS);
    log(`${p.name}: healthcheck passes`);
  }

  // rt-ctl as an operator in the compose network: the bus endpoints and keys of a client.
  const client = running.find((p) => p.name === 'strategy') || running.find((p) => p.name === 'orders');
  const ctlEnv = { ...mapEnv(envOf(doc['x-bus'] ? { environment: doc['x-bus'] } : client.svc),
                             'rt-ctl', client.mounts) };
  let st;
  await waitFor('rt-ctl status: every service up, IB READY', () => {
    st = run(['rt-ctl', 'status'], ctlEnv);
    return st.status === 0 && /READY/.test(st.stdout);
  }, READY_MS);
  log(`rt-ctl status:\n${st.stdout.trimEnd()}`);

  if (running.find((p) => p.name === 'strategy')) {
    // The strategy subscribes its symbols, which gives risk a reference price.
    const coid = `compose-${process.pid}`;
    let r;
    await waitFor('rt-ctl buy AAPL 1 accepted', () => {
      r = run(['rt-ctl', 'buy', 'AAPL', '1', '--coid', coid], ctlEnv);
      if (r.status !== 0 && !/NO_REFERENCE_PRICE|NO_VIEW|RISK_UNAVAILABLE/.test(r.stdout + r.stderr))
        fail(`rt-ctl buy: ${r.status}: ${r.stdout}${r.stderr}`);
      return r.status === 0;
    }, READY_MS);
    await waitFor(`order ${coid} FILLED`, () => {
      const o = run(['rt-ctl', '--json', 'orders'], ctlEnv);
      return o.status === 0 && JSON.parse(o.stdout).items
        .some((i) => i.coid === coid && i.status === 'FILLED');
    }, READY_MS);
    log(`order ${coid} filled`);
  }
  else
    log('strategy not built: the order check is skipped (nothing subscribes a symbol)');

  const statuses = await stopAll();
  for (const [name, s] of Object.entries(statuses))
    if (s !== 0) fail(`${name} did not exit 0 on SIGTERM: ${s}`);
  log(`SIGTERM: ${Object.keys(statuses).length} services exited 0`);
}

try {
  await main();
  process.stdout.write('compose-native: 1 passed, 0 failed\n');
}
catch (e) {
  if (!failed) process.stdout.write(`compose-native: FAILED: ${e.stack}\n`);
  await stopAll().catch(() => {});
  process.exitCode = 1;
}
finally {
  if (process.env.COMPOSE_TEST_KEEP) log(`kept ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
}
