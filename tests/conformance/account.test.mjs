// Accounts and positions: reqAccountSummary, reqAccountUpdates (account values, portfolio,
// download end), reqPositions before and after a fill.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, ACCOUNT, AAPL, EventName, startSim, connect } from "./harness.mjs";

const TAGS = ["NetLiquidation", "TotalCashValue", "BuyingPower"];

function aaplPosition(positions) {
    return positions.filter(([acct, c]) => acct === ACCOUNT && c.symbol === "AAPL")
        .reduce((sum, [, , pos]) => sum + Number(pos), 0);
}

for (const v of VERSIONS) {
    test(`account summary @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);
        const m = s.mark();
        s.ib.reqAccountSummary(9001, "All", TAGS.join(","));
        const rows = await s.collect(EventName.accountSummary, (id) => id === 9001,
            EventName.accountSummaryEnd, (id) => id === 9001, { since: m, what: "accountSummaryEnd(9001)" });
        assert.ok(rows.length >= TAGS.length, `at least one row per tag, got ${rows.length}`);
        for (const [, account, tag, value, currency] of rows) {
            assert.equal(account, ACCOUNT, "accountSummary account");
            assert.ok(TAGS.includes(tag), `only the requested tags come back, got ${tag}`);
            assert.ok(Number.isFinite(Number(value)), `${tag} value ${value} is numeric`);
            assert.equal(currency, "USD", `${tag} currency`);
        }
        for (const tag of TAGS)
            assert.ok(rows.some((r) => r[2] === tag), `tag ${tag} answered`);
        const nlv = Number(rows.find((r) => r[2] === "NetLiquidation")[3]);
        assert.ok(nlv > 0, `NetLiquidation ${nlv} > 0 on a fresh account`);
        s.ib.cancelAccountSummary(9001);
        s.assertNoProtocolErrors();
    });

    test(`account updates and positions @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);

        let m = s.mark();
        s.ib.reqPositions();
        const before = await s.collect(EventName.position, () => true, EventName.positionEnd, () => true,
            { since: m, what: "positionEnd (first reqPositions)" });
        const pos0 = aaplPosition(before);

        m = s.mark();
        s.ib.reqAccountUpdates(true, ACCOUNT);
        const values = await s.collect(EventName.updateAccountValue, () => true,
            EventName.accountDownloadEnd, (acct) => acct === ACCOUNT, { since: m, what: `accountDownloadEnd(${ACCOUNT})` });
        const keys = new Set(values.map(([key]) => key));
        for (const key of ["NetLiquidation", "TotalCashValue"])
            assert.ok(keys.has(key), `updateAccountValue carries ${key}: got ${[...keys].join(",")}`);
        for (const [key, , , acct] of values)
            assert.equal(acct, ACCOUNT, `updateAccountValue ${key} account name`);

        // Buy 10 AAPL at market: the position and the portfolio must follow.
        const id = s.nextValidId;
        m = s.mark();
        s.ib.placeOrder(id, AAPL, { action: "BUY", orderType: "MKT", totalQuantity: 10, tif: "DAY", transmit: true });
        await s.waitFor(EventName.orderStatus, (oid, status) => oid === id && status === "Filled",
            { since: m, what: `orderStatus Filled for MKT order ${id}` });
        const [contract, qty, mktPrice, mktValue, avgCost, , , acct] = await s.waitFor(EventName.updatePortfolio,
            (c, p) => c.symbol === "AAPL" && Number(p) === pos0 + 10, { since: m, what: "updatePortfolio AAPL after the fill" });
        assert.equal(acct, ACCOUNT, "updatePortfolio account");
        assert.ok(contract.conId > 0, `updatePortfolio conId ${contract.conId}`);
        assert.ok(mktPrice > 0 && avgCost > 0, `marketPrice ${mktPrice} and averageCost ${avgCost} > 0`);
        assert.ok(Math.abs(mktValue - Number(qty) * mktPrice) < 0.01 * Math.abs(mktValue) + 0.01,
            `marketValue ${mktValue} = position ${qty} x marketPrice ${mktPrice}`);

        m = s.mark();
        s.ib.reqPositions();
        const after = await s.collect(EventName.position, () => true, EventName.positionEnd, () => true,
            { since: m, what: "positionEnd (second reqPositions)" });
        assert.equal(aaplPosition(after), pos0 + 10, "AAPL position grew by the 10 shares bought");
        const row = after.find(([a, c]) => a === ACCOUNT && c.symbol === "AAPL");
        assert.equal(row[1].secType, "STK");
        assert.equal(row[1].currency, "USD");
        assert.ok(row[3] > 0, `position avgCost ${row[3]} > 0`);

        s.ib.cancelPositions();
        s.ib.reqAccountUpdates(false, ACCOUNT);
        s.assertNoProtocolErrors();
    });
}
