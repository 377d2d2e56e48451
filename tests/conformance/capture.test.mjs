// The committed vectors in tests/tws/vectors/captured are what the pinned @stoqey/ib really
// sends: regenerate them into a temporary directory and compare byte for byte.
import test from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const committed = path.resolve(here, "../tws/vectors/captured");

test("captured vectors are reproducible from the pinned client", async (t) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "rt-capture-"));
    t.after(() => fs.rmSync(out, { recursive: true, force: true }));
    await new Promise((resolve, reject) => {
        execFile(process.execPath, [path.join(here, "capture.mjs"), "--out", out], { timeout: 60000 },
            (err, stdout, stderr) => (err ? reject(new Error(`capture.mjs failed: ${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    const versions = fs.readdirSync(committed).filter((d) => /^\d+$/.test(d));
    assert.deepEqual(versions.sort(), ["176", "187", "193"]);
    for (const ver of versions) {
        const want = fs.readdirSync(path.join(committed, ver)).sort();
        const got = fs.readdirSync(path.join(out, ver)).sort();
        assert.deepEqual(got, want, `same set of files for ${ver}`);
        for (const f of want) {
            const a = fs.readFileSync(path.join(committed, ver, f));
            const b = fs.readFileSync(path.join(out, ver, f));
            assert.ok(a.equals(b), `${ver}/${f} differs from a fresh capture`);
            // Every frame's length prefix covers exactly its NUL-terminated payload.
            if (f !== "hello.bin") {
                assert.equal(a.readUInt32BE(0), a.length - 4, `${ver}/${f}: length prefix`);
                assert.equal(a[a.length - 1], 0, `${ver}/${f}: payload ends in NUL`);
            }
        }
    }
});
