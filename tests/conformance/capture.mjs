// Records the exact bytes @stoqey/ib puts on the wire, so lib/tws can be tested against frames
// written by an independent client rather than by our own encoder.
//
// A throw-away TCP server on 127.0.0.1 plays just enough of IB Gateway (hello reply,
// nextValidId, managedAccounts) and saves every frame the client sends as
//   <out>/<version>/<name>.bin   (4-byte length prefix + payload; hello.bin keeps "API\0")
//
// usage: node capture.mjs [--out DIR] [VERSION...]      default: 176 187 193
// A version above the client's advertised maximum is reported and skipped.

import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IBApi, EventName } from "@stoqey/ib";

const here = path.dirname(fileURLToPath(import.meta.url));
const FRAME_TIMEOUT_MS = 3000;
const CLIENT_ID = 7;
const ACCOUNT = "DU1234567";
const FIRST_ORDER_ID = 11;

const AAPL = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };

// name, expected message id, action. Every action must make the client send exactly one frame.
const STEPS = [
    ["reqCurrentTime", 49, (ib) => ib.reqCurrentTime()],
    ["reqIds", 8, (ib) => ib.reqIds(1)],
    ["reqManagedAccts", 17, (ib) => ib.reqManagedAccts()],
    ["reqAccountSummary", 62, (ib) => ib.reqAccountSummary(9001, "All", "NetLiquidation,BuyingPower")],
    ["cancelAccountSummary", 63, (ib) => ib.cancelAccountSummary(9001)],
    ["reqAccountUpdates", 6, (ib) => ib.reqAccountUpdates(true, ACCOUNT)],
    ["reqPositions", 61, (ib) => ib.reqPositions()],
    ["cancelPositions", 64, (ib) => ib.cancelPositions()],
    ["reqMarketDataType", 59, (ib) => ib.reqMarketDataType(1)],
    ["reqMktData", 1, (ib) => ib.reqMktData(1001, AAPL, "", false, false)],
    ["reqMktData_conId", 1, (ib) => ib.reqMktData(1002, { ...AAPL, conId: 265598 }, "233", false, false)],
    ["cancelMktData", 2, (ib) => ib.cancelMktData(1001)],
    ["reqHistoricalData", 20,
        (ib) => ib.reqHistoricalData(2001, AAPL, "", "1 D", "1 hour", "TRADES", 1, 1, false)],
    ["cancelHistoricalData", 25, (ib) => ib.cancelHistoricalData(2001)],
    ["reqRealTimeBars", 50, (ib) => ib.reqRealTimeBars(2002, AAPL, 5, "TRADES", true)],
    ["cancelRealTimeBars", 51, (ib) => ib.cancelRealTimeBars(2002)],
    ["reqContractDetails", 9, (ib) => ib.reqContractDetails(3001, AAPL)],
    ["placeOrder_LMT", 3, (ib) => ib.placeOrder(FIRST_ORDER_ID, AAPL, {
        action: "BUY", orderType: "LMT", totalQuantity: 100, lmtPrice: 150.25, tif: "DAY", transmit: true,
    })],
    ["placeOrder_MKT", 3, (ib) => ib.placeOrder(FIRST_ORDER_ID + 1, AAPL, {
        action: "SELL", orderType: "MKT", totalQuantity: 10, tif: "DAY", transmit: true,
    })],
    ["placeOrder_STP", 3, (ib) => ib.placeOrder(FIRST_ORDER_ID + 2, AAPL, {
        action: "SELL", orderType: "STP", totalQuantity: 100, auxPrice: 140, tif: "DAY", transmit: true,
    })],
    ["cancelOrder", 4, (ib) => ib.cancelOrder(FIRST_ORDER_ID)],
    ["reqOpenOrders", 5, (ib) => ib.reqOpenOrders()],
    ["reqAllOpenOrders", 16, (ib) => ib.reqAllOpenOrders()],
    ["reqAutoOpenOrders", 15, (ib) => ib.reqAutoOpenOrders(true)],
    ["reqCompletedOrders", 99, (ib) => ib.reqCompletedOrders(false)],
    ["reqExecutions", 7, (ib) => ib.reqExecutions(4001, {})],
    ["reqExecutions_filter", 7,
        (ib) => ib.reqExecutions(4002, { clientId: CLIENT_ID, acctCode: ACCOUNT, symbol: "AAPL", secType: "STK" })],
    ["reqGlobalCancel", 58, (ib) => ib.reqGlobalCancel()],
    ["reqPnL", 92, (ib) => ib.reqPnL(5001, ACCOUNT, "")],
    ["cancelPnL", 93, (ib) => ib.cancelPnL(5001)],
    ["reqPnLSingle", 94, (ib) => ib.reqPnLSingle(5002, ACCOUNT, "", 265598)],
    ["cancelPnLSingle", 95, (ib) => ib.cancelPnLSingle(5002)],
];

function frame(...fields) {
    const payload = Buffer.from(fields.map((f) => `${f}\0`).join(""), "ascii");
    const head = Buffer.alloc(4);
    head.writeUInt32BE(payload.length);
    return Buffer.concat([head, payload]);
}

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The fake Gateway. frames() yields each client frame in order; hello is kept apart.
class Recorder {
    constructor(version) {
        this.version = version;
        this.buf = Buffer.alloc(0);
        this.hello = null;
        this.queue = [];
        this.waiters = [];
        this.negotiated = 0;
        this.clientRange = "";
        this.server = net.createServer((sock) => this.onConnection(sock));
    }

    listen() {
        return new Promise((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(0, "127.0.0.1", () => resolve(this.server.address().port));
        });
    }

    close() {
        this.sock?.destroy();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    onConnection(sock) {
        this.sock = sock;
        sock.on("data", (d) => {
            this.buf = Buffer.concat([this.buf, d]);
            this.drain();
        });
        sock.on("error", () => {});
    }

    drain() {
        if (!this.hello) {
            if (this.buf.length < 8)
                return;
            if (this.buf.subarray(0, 4).toString("latin1") !== "API\0")
                throw new Error("client did not start with API\\0");
            const len = this.buf.readUInt32BE(4);
            if (this.buf.length < 8 + len)
                return;
            this.hello = this.buf.subarray(0, 8 + len);
            this.buf = this.buf.subarray(8 + len);
            this.clientRange = this.hello.subarray(8).toString("latin1");
            const m = /^v(\d+)(?:\.\.(\d+))?/.exec(this.clientRange);
            const max = m ? Number(m[2] ?? m[1]) : 0;
            this.negotiated = Math.min(this.version, max);
            this.sock.write(frame(this.negotiated, "20260105 09:30:00 US/Eastern"));
        }
        while (this.buf.length >= 4) {
            const len = this.buf.readUInt32BE(0);
            if (this.buf.length < 4 + len)
                return;
            const raw = Buffer.from(this.buf.subarray(0, 4 + len));
            this.buf = this.buf.subarray(4 + len);
            if (raw.subarray(4).toString("latin1").split("\0")[0] === "71") {
                this.sock.write(frame(9, 1, FIRST_ORDER_ID));
                this.sock.write(frame(15, 1, ACCOUNT));
            }
            const w = this.waiters.shift();
            if (w)
                w(raw);
            else
                this.queue.push(raw);
        }
    }

    next(what) {
        const p = this.queue.length
            ? Promise.resolve(this.queue.shift())
            : new Promise((resolve) => this.waiters.push(resolve));
        return withTimeout(p, FRAME_TIMEOUT_MS, what);
    }
}

function msgId(raw) {
    return Number(raw.subarray(4).toString("latin1").split("\0")[0]);
}

function fieldCount(raw) {
    return raw.subarray(4).toString("latin1").split("\0").length - 1;
}

async function captureVersion(version, outRoot) {
    const rec = new Recorder(version);
    const port = await rec.listen();
    const ib = new IBApi({ host: "127.0.0.1", port, clientId: CLIENT_ID });
    const errors = [];
    ib.on(EventName.error, (err, code) => errors.push(`${code} ${err?.message}`));
    const saved = [];
    try {
        const gotId = new Promise((resolve) => ib.once(EventName.nextValidId, resolve));
        ib.connect();
        const startApi = await rec.next("START_API");
        if (rec.negotiated !== version) {
            console.error(`capture: client range ${rec.clientRange} does not reach ${version}; skipped`);
            return null;
        }
        const dir = path.join(outRoot, String(version));
        fs.mkdirSync(dir, { recursive: true });
        const save = (name, raw) => {
            fs.writeFileSync(path.join(dir, `${name}.bin`), raw);
            saved.push([name, msgId(raw), fieldCount(raw) - 1, raw.length]);
        };
        save("hello", rec.hello);
        if (msgId(startApi) !== 71)
            throw new Error(`first frame is ${msgId(startApi)}, not START_API`);
        save("startApi", startApi);
        await withTimeout(gotId, FRAME_TIMEOUT_MS, "nextValidId event in the client");

        for (const [name, id, act] of STEPS) {
            act(ib);
            const raw = await rec.next(name);
            if (msgId(raw) !== id)
                throw new Error(`${name}: expected message id ${id}, client sent ${msgId(raw)}`);
            save(name, raw);
        }
        if (errors.length)
            throw new Error(`client reported errors: ${errors.join("; ")}`);
        return { version, range: rec.clientRange, saved };
    } finally {
        ib.disconnect();
        await rec.close();
    }
}

async function main() {
    const args = process.argv.slice(2);
    let out = path.resolve(here, "../tws/vectors/captured");
    const versions = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--out")
            out = path.resolve(args[++i]);
        else
            versions.push(Number(args[i]));
    }
    if (!versions.length)
        versions.push(176, 187, 193);
    const pkg = JSON.parse(fs.readFileSync(path.join(here, "node_modules/@stoqey/ib/package.json"), "utf8"));
    for (const v of versions) {
        const r = await captureVersion(v, out);
        if (!r)
            continue;
        console.log(`# @stoqey/ib ${pkg.version}, client hello "${r.range}", negotiated ${r.version}`);
        for (const [name, id, fields, bytes] of r.saved) {
            const what = name === "hello" ? "(API\\0 + length + range)" : `id ${String(id).padEnd(3)} fields after id ${fields}`;
            console.log(`${String(v).padEnd(4)} ${name.padEnd(22)} ${what.padEnd(30)} ${bytes} bytes`);
        }
    }
}

main().catch((e) => {
    console.error(`capture: ${e.message}`);
    process.exit(1);
});
