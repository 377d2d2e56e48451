// Records every frame tws-sim sends to @stoqey/ib during a broad scenario (handshake, account,
// positions, market data, snapshot, historical incl. keepUpToDate, contract details, orders:
// fill, cancel, market, stop, open/completed orders, executions, PnL, global cancel), one JSON
// array of fields per line. Feed the output to official-decode.py to have the official
// decoder judge it.
//
// usage: RT_BIN_DIR=build/bin node tools/dump-frames.mjs OUT.jsonl [SERVER_VERSION]
import fs from "node:fs";
import { startSim, connect, AAPL, ACCOUNT, quote, round2 } from "../harness.mjs";

const [out, version] = process.argv.slice(2);
if (!out) {
    console.error("usage: node tools/dump-frames.mjs OUT.jsonl [SERVER_VERSION]");
    process.exit(2);
}
const hooks = [];
const t = { after: (fn) => hooks.push(fn) };
const pause = (ms) => new Promise((r) => setTimeout(r, ms));   // lets replies arrive; not a test

try {
    const sim = await startSim(t, { serverVersion: version ? Number(version) : undefined });
    const s = await connect(t, sim);
    const id = s.nextValidId;
    s.ib.reqCurrentTime(); s.ib.reqManagedAccts(); s.ib.reqIds(1);
    s.ib.reqAccountSummary(9001, "All", "NetLiquidation,BuyingPower,TotalCashValue");
    s.ib.reqAccountUpdates(true, ACCOUNT); s.ib.reqPositions();
    s.ib.reqMktData(1001, AAPL, "233,236", false, false);
    s.ib.reqMktData(1002, AAPL, "", true, false);
    s.ib.reqHistoricalData(2001, AAPL, "", "1 D", "1 hour", "TRADES", 0, 1, false);
    s.ib.reqHistoricalData(2002, AAPL, "", "3 D", "1 day", "MIDPOINT", 1, 2, false);
    s.ib.reqHistoricalData(2003, AAPL, "", "1800 S", "5 mins", "TRADES", 0, 1, true);
    s.ib.reqRealTimeBars(2004, AAPL, 5, "TRADES", false);
    s.ib.reqContractDetails(3001, AAPL); s.ib.reqContractDetails(3002, { ...AAPL, symbol: "ZZZZQX" });
    const { bid } = await quote(s, 1001);
    const lmt = round2(bid - 5);
    s.ib.placeOrder(id, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 100, lmtPrice: lmt, tif: "DAY", transmit: true });
    s.ib.placeOrder(id + 1, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 10, lmtPrice: round2(lmt * 0.8), tif: "DAY", transmit: true });
    s.ib.placeOrder(id + 2, AAPL, { action: "SELL", orderType: "STP", totalQuantity: 10, auxPrice: round2(lmt * 0.7), tif: "DAY", transmit: true });
    await pause(500);
    await sim.control(`price AAPL ${round2(lmt - 1)}`);
    await pause(300);
    s.ib.cancelOrder(id + 1);
    s.ib.placeOrder(id + 3, AAPL, { action: "SELL", orderType: "MKT", totalQuantity: 50, tif: "DAY", transmit: true });
    s.ib.placeOrder(id + 4, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 10, lmtPrice: 0.001, tif: "DAY", transmit: true });
    await pause(500);
    s.ib.reqOpenOrders(); s.ib.reqAllOpenOrders(); s.ib.reqExecutions(77, {}); s.ib.reqCompletedOrders(false);
    s.ib.reqPnL(5001, ACCOUNT, ""); s.ib.reqPnLSingle(5002, ACCOUNT, "", 265598);
    await pause(800);
    s.ib.reqGlobalCancel();
    await pause(500);
    fs.writeFileSync(out, s.raw.map((f) => JSON.stringify(f)).join("\n") + "\n");
    console.log(`${s.raw.length} frames at server version ${s.serverVersion} -> ${out}`);
    for (const e of [...s.protocolErrors, ...s.knownClientBugs])
        console.log(`stoqey: [${e.code}] ${e.message}`);
} finally {
    for (const fn of hooks.reverse())
        await Promise.resolve().then(fn).catch((e) => console.error(e.message));
}
