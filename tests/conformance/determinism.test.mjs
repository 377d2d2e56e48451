// Same seed, same client input -> the same order events. tws-sim runs on a simulated clock
// that moves only by market steps (--tick-ms 0: only by the `price` command), so two runs with
// one seed must agree on every field, prices and execution times included. A third run with
// another seed must differ (execIds and prices come from the seed), which shows the comparison
// can fail.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, AAPL, SEED, EventName, startSim, connect, quote, round2 } from "./harness.mjs";

const ORDER_EVENTS = new Set([EventName.openOrder, EventName.orderStatus, EventName.execDetails, EventName.commissionReport]);

function normalise(ev) {
    const a = ev.args;
    switch (ev.name) {
        case EventName.openOrder:
            return [ev.name, a[0], a[1].symbol, a[2].action, Number(a[2].totalQuantity), a[2].orderType,
                a[2].lmtPrice, a[2].auxPrice, a[2].permId, a[3].status];
        case EventName.orderStatus:
            return [ev.name, a[0], a[1], Number(a[2]), Number(a[3]), a[4], a[5], a[7]];
        case EventName.execDetails:
            return [ev.name, a[0], a[2].orderId, a[2].execId, a[2].time, a[2].side, Number(a[2].shares), a[2].price,
                a[2].permId, Number(a[2].cumQty), a[2].avgPrice];
        case EventName.commissionReport:
            return [ev.name, a[0].execId, a[0].commission, a[0].currency, a[0].realizedPNL];
        default:
            return [ev.name];
    }
}

async function scenario(t, serverVersion, seed = SEED) {
    const sim = await startSim(t, { serverVersion, seed, tickMs: 0 });
    const s = await connect(t, sim);
    let id = s.nextValidId;
    let m = s.mark();
    s.ib.reqMktData(1, AAPL, "", false, false);
    const { bid } = await quote(s, 1, m);
    const start = s.mark();
    const lmt = round2(bid - 5);
    const a = id++, b = id++, c = id++;
    s.ib.placeOrder(a, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 100, lmtPrice: lmt, tif: "DAY", transmit: true });
    await s.waitFor(EventName.orderStatus, (oid) => oid === a, { since: start, what: `orderStatus for ${a}` });
    s.ib.placeOrder(b, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 30, lmtPrice: round2(lmt * 0.8), tif: "DAY", transmit: true });
    await s.waitFor(EventName.orderStatus, (oid) => oid === b, { since: start, what: `orderStatus for ${b}` });
    await sim.control(`price AAPL ${round2(lmt - 1)}`);
    await s.waitFor(EventName.orderStatus, (oid, st) => oid === a && st === "Filled", { since: start, what: `${a} Filled` });
    s.ib.cancelOrder(b);
    await s.waitFor(EventName.orderStatus, (oid, st) => oid === b && st === "Cancelled", { since: start, what: `${b} Cancelled` });
    s.ib.placeOrder(c, AAPL, { action: "SELL", orderType: "MKT", totalQuantity: 100, tif: "DAY", transmit: true });
    await s.waitFor(EventName.orderStatus, (oid, st) => oid === c && st === "Filled", { since: start, what: `${c} Filled` });
    const lastExec = s.events.filter((e) => e.name === EventName.execDetails && e.args[2].orderId === c).pop();
    await s.waitFor(EventName.commissionReport, (r) => r.execId === lastExec.args[2].execId,
        { since: start, what: `commissionReport of ${c}` });
    s.assertNoProtocolErrors();
    const seq = s.events.slice(start).filter((e) => ORDER_EVENTS.has(e.name)).map(normalise);
    await sim.stop();
    return { first: s.nextValidId, seq };
}

for (const v of VERSIONS) {
    test(`same seed, same order events @ ${v.label}`, async (t) => {
        const one = await scenario(t, v.serverVersion);
        const two = await scenario(t, v.serverVersion);
        assert.equal(one.first, two.first, "nextValidId");
        assert.ok(one.seq.length >= 8, `a non-trivial sequence (${one.seq.length} events)`);
        assert.deepEqual(two.seq, one.seq, "order event sequences of two runs with the same seed");
        const other = await scenario(t, v.serverVersion, SEED + 1);
        assert.notDeepEqual(other.seq, one.seq, "another seed gives other executions");
    });
}
