// Handshake: version negotiation, START_API, nextValidId, managedAccounts, currentTime.
import test from "node:test";
import assert from "node:assert/strict";
import { VERSIONS, ACCOUNT, EventName, startSim, connect } from "./harness.mjs";

for (const v of VERSIONS) {
    test(`handshake @ ${v.label}`, async (t) => {
        const sim = await startSim(t, { serverVersion: v.serverVersion });
        const s = await connect(t, sim, { clientId: 7 });

        assert.equal(s.ib.isConnected, true, "client says it is connected");
        assert.equal(s.serverVersion, v.expect, `negotiated server version (client advertised v100..193)`);
        assert.ok(Number.isInteger(s.nextValidId) && s.nextValidId > 0,
            `nextValidId is a positive integer, got ${s.nextValidId}`);
        assert.ok(s.accounts.includes(ACCOUNT), `managedAccounts lists ${ACCOUNT}: got ${s.accounts}`);

        const before = Math.floor(Date.now() / 1000);
        s.ib.reqCurrentTime();
        const [time] = await s.waitFor(EventName.currentTime, () => true, { what: "currentTime" });
        assert.ok(Math.abs(time - before) <= 5, `currentTime ${time} is within 5 s of the host clock ${before}`);

        // reqIds: answered with a nextValidId that is not below the first one.
        const m = s.mark();
        s.ib.reqIds(1);
        const [again] = await s.waitFor(EventName.nextValidId, () => true, { since: m, what: "nextValidId after reqIds" });
        assert.ok(again >= s.nextValidId, `reqIds answer ${again} >= first nextValidId ${s.nextValidId}`);

        s.assertNoProtocolErrors();
    });
}
