// Historical bars: reqHistoricalData answers with consistent OHLC bars in time order and the
// end-of-data marker, for intraday (epoch dates) and daily (text dates) bars.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, AAPL, SIM_START, EventName, startSim, connect } from "./harness.mjs";

async function bars(s, reqId, duration, barSize, what, formatDate) {
    const m = s.mark();
    s.ib.reqHistoricalData(reqId, AAPL, "", duration, barSize, what, 0, formatDate, false);
    // stoqey turns the end of the data into a bar whose date starts with "finished".
    const rows = await s.collect(EventName.historicalData, (id, date) => id === reqId && !String(date).startsWith("finished"),
        EventName.historicalData, (id, date) => id === reqId && String(date).startsWith("finished"),
        { since: m, what: `the end of historicalData ${reqId} (${duration} of ${barSize} ${what})` });
    return rows.map(([, date, open, high, low, close, volume, count, wap]) => ({ date, open, high, low, close, volume, count, wap }));
}

function checkOhlc(b, label) {
    for (const x of [b.open, b.high, b.low, b.close])
        assert.ok(Number.isFinite(x) && x > 0, `${label}: prices are positive numbers ${JSON.stringify(b)}`);
    assert.ok(b.low <= Math.min(b.open, b.close) && Math.max(b.open, b.close) <= b.high,
        `${label}: low <= open,close <= high ${JSON.stringify(b)}`);
}

for (const v of VERSIONS) {
    test(`historical bars @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim);

        // One day of hourly TRADES bars, dates as epoch seconds (formatDate 2).
        const now = SIM_START;             // the simulator's clock, not the host's
        const hourly = await bars(s, 2001, "1 D", "1 hour", "TRADES", 2);
        assert.ok(hourly.length >= 20 && hourly.length <= 25, `about 24 hourly bars in 1 D (the simulator trades 24 h), got ${hourly.length}`);
        let prev = 0;
        for (const [i, b] of hourly.entries()) {
            const label = `hourly bar ${i}`;
            checkOhlc(b, label);
            const time = Number(b.date);
            assert.ok(Number.isInteger(time), `${label}: formatDate 2 gives epoch seconds, got '${b.date}'`);
            assert.ok(time > prev, `${label}: bars are in ascending time order`);
            assert.equal(time % 3600, 0, `${label}: hourly bars start on the hour`);
            assert.ok(time <= now + 1 && time >= now - 2 * 86400, `${label}: time ${time} within the day before the simulated now ${now}`);
            assert.ok(b.volume >= 0 && b.count >= 0, `${label}: volume ${b.volume} and count ${b.count} >= 0`);
            if (b.volume > 0)
                assert.ok(b.wap >= b.low - 1e-9 && b.wap <= b.high + 1e-9, `${label}: WAP ${b.wap} inside [low, high]`);
            prev = time;
        }

        // Five days of daily MIDPOINT bars, dates as text (formatDate 1: yyyymmdd).
        const daily = await bars(s, 2002, "5 D", "1 day", "MIDPOINT", 1);
        assert.ok(daily.length >= 3 && daily.length <= 6, `about 5 daily bars, got ${daily.length}`);
        let prevDate = "";
        for (const [i, b] of daily.entries()) {
            checkOhlc(b, `daily bar ${i}`);
            assert.match(String(b.date), /^\d{8}$/, `daily bar ${i}: date is yyyymmdd`);
            assert.ok(b.date > prevDate, `daily bar ${i}: ascending dates`);
            prevDate = b.date;
        }
        s.assertNoProtocolErrors();
    });
}
