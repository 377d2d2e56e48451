// Market data and contract details: reqMktData ticks (sane quotes, reaction to the control
// port's `price`, silence after cancelMktData) and reqContractDetails.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, AAPL, EventName, startSim, connect, quote, round2 } from "./harness.mjs";

// Round trip on the API socket: every frame the simulator queued before answering it has
// been decoded once currentTime is back.
async function barrier(s) {
    const m = s.mark();
    s.ib.reqCurrentTime();
    await s.waitFor(EventName.currentTime, () => true, { since: m, what: "currentTime (barrier)" });
}

for (const v of VERSIONS) {
    test(`market data ticks @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);

        let m = s.mark();
        s.ib.reqMktData(1001, AAPL, "", false, false);
        const { bid, ask } = await quote(s, 1001, m);
        assert.ok(bid < ask, `bid ${bid} < ask ${ask}`);
        assert.ok(ask - bid < 0.01 * ask, `spread ${round2(ask - bid)} is under 1% of the price`);
        // The size travels inside tickPrice; stoqey turns it into a tickSize for ASK (3) and
        // LAST (5) but never for BID (its BID_SIZE is 0 and it tests `if (sizeTickType)`), so
        // the BID size is read from the frame itself: 1|version|reqId|1|price|size|attrMask.
        const [, , askSize] = await s.waitFor(EventName.tickSize, (id, type) => id === 1001 && type === 3,
            { since: m, what: "ASK_SIZE for 1001" });
        const bidFrame = s.raw.find((f) => f[0] === "1" && f[2] === "1001" && f[3] === "1");
        assert.ok(bidFrame, "a BID tickPrice frame for 1001 was received");
        assert.equal(bidFrame.length, 7, `tickPrice has 6 fields after the id: ${bidFrame.join("|")}`);
        assert.ok(Number(bidFrame[1]) >= 3, `tickPrice version ${bidFrame[1]} >= 3 (size and attributes present)`);
        const bidSize = Number(bidFrame[5]);
        assert.ok(bidSize > 0 && askSize > 0, `sizes ${bidSize}/${askSize} > 0`);
        const [, , last] = await s.waitFor(EventName.tickPrice, (id, type) => id === 1001 && type === 4,
            { since: m, what: "LAST tickPrice for 1001" });
        assert.ok(last >= bid - 0.5 && last <= ask + 0.5, `last ${last} near the quote ${bid}/${ask}`);
        const [, , volume] = await s.waitFor(EventName.tickSize, (id, type) => id === 1001 && type === 8,
            { since: m, what: "VOLUME tickSize for 1001" });
        assert.ok(volume >= 0, `volume ${volume} >= 0`);

        // The control port moves the market: the next quote straddles the new price.
        const target = round2((bid + ask) / 2 * 1.05);
        m = s.mark();
        const reply = await sim.control(`price AAPL ${target}`);
        assert.notEqual(reply.ok, false, `control 'price' accepted: ${JSON.stringify(reply)}`);
        const moved = await quote(s, 1001, m);
        assert.ok(moved.bid < moved.ask, `after price: bid ${moved.bid} < ask ${moved.ask}`);
        assert.ok(Math.abs((moved.bid + moved.ask) / 2 - target) < 0.005 * target,
            `after 'price AAPL ${target}' the mid is ${round2((moved.bid + moved.ask) / 2)}`);

        // After cancelMktData no tick for 1001 may follow, even when the market moves.
        s.ib.cancelMktData(1001);
        await barrier(s);
        m = s.mark();
        await sim.control(`price AAPL ${round2(target * 0.97)}`);
        await barrier(s);
        const stray = s.events.slice(m).filter((e) => (e.name === EventName.tickPrice || e.name === EventName.tickSize)
            && e.args[0] === 1001);
        assert.equal(stray.length, 0, `no ticks for 1001 after cancelMktData, got ${JSON.stringify(stray.slice(0, 3))}`);
        s.assertNoProtocolErrors();
    });

    test(`contract details @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);
        const m = s.mark();
        s.ib.reqContractDetails(3001, AAPL);
        const details = await s.collect(EventName.contractDetails, (id) => id === 3001,
            EventName.contractDetailsEnd, (id) => id === 3001, { since: m, what: "contractDetailsEnd(3001)" });
        assert.equal(details.length, 1, "exactly one AAPL stock");
        const [, cd] = details[0];
        assert.equal(cd.contract.symbol, "AAPL");
        assert.equal(cd.contract.secType, "STK");
        assert.equal(cd.contract.currency, "USD");
        assert.ok(cd.contract.conId > 0, `conId ${cd.contract.conId}`);
        assert.ok(cd.minTick > 0 && cd.minTick <= 0.01, `minTick ${cd.minTick}`);
        assert.ok(cd.longName && cd.longName.length > 0, "longName present");
        assert.ok(cd.timeZoneId, "timeZoneId present");

        // The conId it gave resolves the same instrument.
        const m2 = s.mark();
        s.ib.reqContractDetails(3002, { conId: cd.contract.conId, exchange: "SMART" });
        const again = await s.collect(EventName.contractDetails, (id) => id === 3002,
            EventName.contractDetailsEnd, (id) => id === 3002, { since: m2, what: "contractDetailsEnd(3002)" });
        assert.equal(again.length, 1);
        assert.equal(again[0][1].contract.symbol, "AAPL");

        // An unknown symbol is IB error 200 on that reqId.
        s.ib.reqContractDetails(3003, { ...AAPL, symbol: "ZZZZQX" });
        const [err] = await s.waitFor(EventName.error, (e) => e.reqId === 3003,
            { what: "an error for reqId 3003 (unknown symbol)" });
        assert.equal(err.code, 200, `unknown symbol gives error 200, got ${err.code} ${err.message}`);
        s.assertNoProtocolErrors();
    });
}
