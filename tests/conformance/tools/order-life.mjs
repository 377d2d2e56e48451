// By-hand check: drive one order's whole life through @stoqey/ib against a running tws-sim
// (or any Gateway on loopback) and print every event, one line each, so two runs can be
// compared with diff. Usage: node order-life.mjs [PORT] [CLIENT_ID]
//   build/bin/tws-sim --port 4002 --seed 7 &   node tests/conformance/tools/order-life.mjs 4002
import { IBApi, EventName } from "@stoqey/ib";

const port = Number(process.argv[2] || 4002);
const clientId = Number(process.argv[3] || 7);
const ib = new IBApi({ host: "127.0.0.1", port });
const AAPL = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
const log = (...a) => console.log(a.join(" "));
const fail = (why) => { console.error(`order-life: ${why}`); process.exit(1); };
setTimeout(() => fail("timed out after 10 s"), 10000).unref();

let nextId = 0;
let stage = "connect";
ib.on(EventName.error, (err, code, reqId) => log("error", reqId, code, err.message));
ib.on(EventName.nextValidId, (id) => {
    if (stage !== "connect") return;
    nextId = id; stage = "quote";
    log("nextValidId", id);
    ib.reqMktData(1, AAPL, "", true, false);
});
let bid = 0, ask = 0;
ib.on(EventName.tickPrice, (reqId, type, price) => {
    if (type === 1) bid = price;
    if (type === 2) ask = price;
});
ib.on(EventName.tickSnapshotEnd, () => {
    if (stage !== "quote") return;
    stage = "fill";
    log("quote", "bid", bid, "ask", ask);
    // A marketable BUY limit: fills at once against the simulated ask.
    ib.placeOrder(nextId, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 100,
        lmtPrice: Math.round((ask + 1) * 100) / 100, tif: "DAY", transmit: true });
});
ib.on(EventName.openOrder, (id, c, o, st) => log("openOrder", id, o.action, o.totalQuantity, o.orderType, st.status));
ib.on(EventName.orderStatus, (id, status, filled, remaining, avg) => {
    log("orderStatus", id, status, filled, remaining, avg);
    if (id === nextId + 1 && status === "Cancelled") { ib.disconnect(); process.exit(0); }
});
ib.on(EventName.execDetails, (reqId, c, e) => log("execDetails", e.orderId, e.execId, e.side, e.shares, e.price));
ib.on(EventName.commissionReport, (r) => {
    log("commissionReport", r.execId, r.commission, r.currency);
    if (stage !== "fill") return;
    stage = "cancel";
    // A far limit that rests, then is cancelled.
    ib.placeOrder(nextId + 1, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 50,
        lmtPrice: Math.round((bid * 0.5) * 100) / 100, tif: "GTC", transmit: true });
    setTimeout(() => ib.cancelOrder(nextId + 1), 200);
});
ib.connect(clientId);
