// An order's full life through @stoqey/ib: limit order acknowledged (openOrder + orderStatus),
// filled by moving the market (execDetails + commissionReport with the same execId), a second
// order cancelled (202 + Cancelled), a market order, a stop order held as PreSubmitted, and
// the open/completed order and execution queries.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, ACCOUNT, AAPL, EventName, startSim, connect, quote, round2 } from "./harness.mjs";

const FILLED = (id) => (oid, status) => oid === id && status === "Filled";

// Everything that happened to order `id` after `since`, once it reached `status`.
async function lifeUntil(s, id, status, since, what) {
    await s.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === status, { since, what });
    const execs = s.events.slice(since).filter((e) => e.name === EventName.execDetails && e.args[2].orderId === id)
        .map((e) => e.args[2]);
    return { execs };
}

function commissionsFor(s, since, execIds) {
    return s.events.slice(since).filter((e) => e.name === EventName.commissionReport && execIds.includes(e.args[0].execId))
        .map((e) => e.args[0]);
}

for (const v of VERSIONS) {
    test(`order life @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);
        let id = s.nextValidId;

        let m = s.mark();
        s.ib.reqMktData(1, AAPL, "", false, false);
        const { bid } = await quote(s, 1, m);

        // 1. A resting BUY limit below the market: acknowledged, not filled.
        const lmt = round2(bid - 5);
        const lmtId = id++;
        m = s.mark();
        s.ib.placeOrder(lmtId, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 100, lmtPrice: lmt, tif: "DAY", transmit: true });
        const [, oc, oo, ostate] = await s.waitFor(EventName.openOrder, (oid) => oid === lmtId,
            { since: m, what: `openOrder for LMT order ${lmtId}` });
        assert.equal(oc.symbol, "AAPL", "openOrder contract symbol");
        assert.equal(oc.secType, "STK");
        assert.ok(oc.conId > 0, `openOrder conId ${oc.conId}`);
        assert.equal(oo.action, "BUY");
        assert.equal(Number(oo.totalQuantity), 100);
        assert.equal(oo.orderType, "LMT");
        assert.equal(oo.lmtPrice, lmt, "openOrder lmtPrice");
        assert.equal(oo.tif, "DAY");
        assert.equal(oo.account, ACCOUNT, "openOrder account");
        assert.equal(oo.clientId, s.clientId, "openOrder clientId");
        assert.ok(oo.permId > 0, `openOrder permId ${oo.permId}`);
        assert.equal(ostate.status, "Submitted", "openOrder orderState.status");
        const [, st, filled, remaining, , permId, , , clientId] = await s.waitFor(EventName.orderStatus,
            (oid) => oid === lmtId, { since: m, what: `orderStatus for LMT order ${lmtId}` });
        assert.equal(st, "Submitted");
        assert.equal(Number(filled), 0);
        assert.equal(Number(remaining), 100);
        assert.equal(permId, oo.permId, "orderStatus permId matches openOrder");
        assert.equal(clientId, s.clientId, "orderStatus clientId");

        // 2. Move the market through the limit: it fills at the limit or better.
        m = s.mark();
        const reply = await sim.control(`price AAPL ${round2(lmt - 1)}`);
        assert.notEqual(reply.ok, false, `control 'price' accepted: ${JSON.stringify(reply)}`);
        const { execs } = await lifeUntil(s, lmtId, "Filled", m, `LMT order ${lmtId} Filled after 'price AAPL ${round2(lmt - 1)}'`);
        assert.ok(execs.length >= 1, "at least one execDetails for the limit order");
        assert.equal(execs.reduce((n, e) => n + Number(e.shares), 0), 100, "executions add up to 100 shares");
        for (const e of execs) {
            assert.equal(e.side, "BOT", "execution side");
            assert.ok(e.price <= lmt + 1e-9, `execution price ${e.price} <= limit ${lmt}`);
            assert.equal(e.acctNumber, ACCOUNT, "execution account");
            assert.equal(e.permId, oo.permId, "execution permId");
            assert.ok(e.execId && e.execId.length > 0, "execId present");
        }
        const [, , fFilled, fRemaining, avg] = await s.waitFor(EventName.orderStatus, FILLED(lmtId), { since: m });
        assert.equal(Number(fFilled), 100);
        assert.equal(Number(fRemaining), 0);
        assert.ok(avg > 0 && avg <= lmt + 1e-9, `avgFillPrice ${avg} <= limit ${lmt}`);
        const execIds = execs.map((e) => e.execId);
        assert.equal(new Set(execIds).size, execIds.length, "execIds are unique");
        for (const execId of execIds)
            await s.waitFor(EventName.commissionReport, (r) => r.execId === execId,
                { since: m, what: `commissionReport for execId ${execId}` });
        const reports = commissionsFor(s, m, execIds);
        for (const r of reports) {
            assert.ok(r.commission > 0 && r.commission < 100, `commission ${r.commission}`);
            assert.equal(r.currency, "USD");
        }
        // IB sends the commission report after its execution.
        for (const execId of execIds) {
            const ie = s.events.findIndex((e, i) => i >= m && e.name === EventName.execDetails && e.args[2].execId === execId);
            const ic = s.events.findIndex((e, i) => i >= m && e.name === EventName.commissionReport && e.args[0].execId === execId);
            assert.ok(ie >= 0 && ic > ie, `commissionReport for ${execId} follows its execDetails`);
        }

        // 3. Another resting limit, cancelled: 202 then Cancelled.
        const cxlId = id++;
        const far = round2((lmt - 1) * 0.8);
        m = s.mark();
        s.ib.placeOrder(cxlId, AAPL, { action: "BUY", orderType: "LMT", totalQuantity: 50, lmtPrice: far, tif: "DAY", transmit: true });
        await s.waitFor(EventName.orderStatus, (oid, st2) => oid === cxlId && st2 === "Submitted",
            { since: m, what: `orderStatus Submitted for order ${cxlId}` });
        m = s.mark();
        s.ib.cancelOrder(cxlId);
        await s.waitFor(EventName.orderStatus, (oid, st2) => oid === cxlId && st2 === "Cancelled",
            { since: m, what: `orderStatus Cancelled for order ${cxlId}` });
        const [e202] = await s.waitFor(EventName.error, (e) => e.reqId === cxlId, { since: m, what: `error 202 for order ${cxlId}` });
        assert.equal(e202.code, 202, `cancel notice is 202, got ${e202.code} ${e202.message}`);
        assert.ok(!s.events.slice(m).some((e) => e.name === EventName.execDetails && e.args[2].orderId === cxlId),
            "a cancelled order has no executions");

        // 4. A market order sells the position back.
        const mktId = id++;
        m = s.mark();
        s.ib.placeOrder(mktId, AAPL, { action: "SELL", orderType: "MKT", totalQuantity: 100, tif: "DAY", transmit: true });
        const mkt = await lifeUntil(s, mktId, "Filled", m, `MKT order ${mktId} Filled`);
        assert.equal(mkt.execs.reduce((n, e) => n + Number(e.shares), 0), 100);
        for (const e of mkt.execs)
            assert.equal(e.side, "SLD");
        for (const e of mkt.execs)
            await s.waitFor(EventName.commissionReport, (r) => r.execId === e.execId,
                { since: m, what: `commissionReport for MKT execution ${e.execId}` });

        // 5. A stop below the market is held (PreSubmitted) and shows up in reqOpenOrders.
        const stpId = id++;
        m = s.mark();
        s.ib.placeOrder(stpId, AAPL, { action: "SELL", orderType: "STP", totalQuantity: 100, auxPrice: far, tif: "DAY", transmit: true });
        const [, , so, sstate] = await s.waitFor(EventName.openOrder, (oid) => oid === stpId,
            { since: m, what: `openOrder for STP order ${stpId}` });
        assert.equal(so.orderType, "STP");
        assert.equal(so.auxPrice, far, "stop price travels in auxPrice");
        assert.equal(sstate.status, "PreSubmitted", "a stop waits as PreSubmitted");
        m = s.mark();
        s.ib.reqOpenOrders();
        const open = await s.collect(EventName.openOrder, () => true, EventName.openOrderEnd, () => true,
            { since: m, what: "openOrderEnd after reqOpenOrders" });
        assert.deepEqual(open.map(([oid]) => oid), [stpId], "only the stop is still open");

        m = s.mark();
        s.ib.reqAllOpenOrders();
        const all = await s.collect(EventName.openOrder, () => true, EventName.openOrderEnd, () => true,
            { since: m, what: "openOrderEnd after reqAllOpenOrders" });
        assert.ok(all.some(([oid]) => oid === stpId), "reqAllOpenOrders lists the stop");

        // 6. reqExecutions replays today's executions under its reqId.
        m = s.mark();
        s.ib.reqExecutions(77, {});
        const replay = await s.collect(EventName.execDetails, (rid) => rid === 77, EventName.execDetailsEnd, (rid) => rid === 77,
            { since: m, what: "execDetailsEnd(77)" });
        const replayed = replay.map(([, , e]) => e.execId);
        for (const execId of [...execIds, ...mkt.execs.map((e) => e.execId)])
            assert.ok(replayed.includes(execId), `reqExecutions replays ${execId}`);

        // 7. Completed orders: the filled and the cancelled ones.
        m = s.mark();
        const rawMark = s.raw.length;
        s.ib.reqCompletedOrders(false);
        const done = await s.collect(EventName.completedOrder, () => true, EventName.completedOrdersEnd, () => true,
            { since: m, what: "completedOrdersEnd" });
        if (s.serverVersion >= 177) {
            const statuses = done.map(([, , state]) => state.status);
            assert.ok(statuses.includes("Filled"), `completed orders include Filled: ${statuses}`);
            assert.ok(statuses.includes("Cancelled"), `completed orders include Cancelled: ${statuses}`);
            for (const [c, o] of done) {
                assert.equal(c.symbol, "AAPL");
                assert.ok(o.permId > 0, "completedOrder permId");
            }
        } else {
            // stoqey cannot decode completedOrder below 177 (see KNOWN_CLIENT_BUGS in
            // harness.mjs): check the frames against the official decoder's field count.
            const frames = s.raw.slice(rawMark).filter((f) => f[0] === "101");
            assert.ok(frames.length >= 3, `three completedOrder frames, got ${frames.length}`);
            for (const f of frames)
                assert.equal(f.length - 1, 96, `completedOrder at ${s.serverVersion} has 96 fields after the id (faProfile included)`);
            assert.ok(frames.some((f) => f.includes("Filled")) && frames.some((f) => f.includes("Cancelled")),
                "completedOrder frames carry Filled and Cancelled");
            assert.ok(s.knownClientBugs.length > 0, "the known stoqey completedOrder bug is still there (drop the workaround if not)");
        }

        // 8. Global cancel takes the stop down.
        m = s.mark();
        s.ib.reqGlobalCancel();
        await s.waitFor(EventName.orderStatus, (oid, st2) => oid === stpId && st2 === "Cancelled",
            { since: m, what: `stop ${stpId} Cancelled by reqGlobalCancel` });
        s.assertNoProtocolErrors();
    });
}
