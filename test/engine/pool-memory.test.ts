// Memory in the pool: a file whose analysis needs more heap than a worker has is "could not
// check" (its worker ends, the others' findings stand, the pool goes on); files left on disk
// (the CLI's scan) are read at their turn and checked exactly as texts handed over are.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { VerifierPool } from "../../src/engine/pool.js";
import { runVerifiers, type FileToCheck } from "../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { HOARD_MARKER, HOARDING_MODULE, verifier as hoarding } from "../support/hoarding-verifier.js";

const catalogue = loadCatalogue();
const verifiers = [...loadVerifiers(catalogue), hoarding];
const config = defaultConfig(catalogue);
const pool = new VerifierPool({ threads: 1, workerHeapMb: 192, extraModules: [HOARDING_MODULE] });
const dir = mkdtempSync(join(tmpdir(), "agent-gate-pool-memory-"));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const SQL = 'import sqlite3\n\n\ndef find(db, name):\n    return db.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n';
const sqlFile = (path: string): FileToCheck => ({ path, status: "added", language: "python", text: SQL, scopes: ["query"] });
const onDisk = (path: string, text: string | undefined): FileToCheck => {
  const file = join(dir, path.replace(/\//g, "_"));
  if (text !== undefined) writeFileSync(file, text);
  return { path, status: "added", language: "python", onDisk: { file, byteSize: text?.length ?? 0, maxBytes: 1024 * 1024 }, scopes: ["query"] };
};
const rulesOf = (r: { findings: { file: string; ruleId: string; line: number }[] }) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();

describe("worker heap", () => {
  it("a file that exhausts its worker's heap is could-not-check; the other file's finding stands", async () => {
    const hog = { path: "shop/db/hog.py", status: "added", language: "python" as const, text: `# ${HOARD_MARKER}\nx = 1\n`, scopes: ["query"] };
    const got = await pool.run([hog, sqlFile("shop/db/users.py")], verifiers, config);
    expect(got.incomplete).toEqual([{ file: "shop/db/hog.py", reason: expect.stringMatching(/^its analysis stopped with an error \(.*memory/i) }]);
    expect(rulesOf(got)).toEqual(["shop/db/users.py:5 python/sql-injection"]);
  }, 60_000);

  it("the pool goes on after a worker ran out of memory", async () => {
    const got = await pool.run([sqlFile("shop/db/after.py")], verifiers, config);
    expect(got.incomplete).toEqual([]);
    expect(rulesOf(got)).toEqual(["shop/db/after.py:5 python/sql-injection"]);
  }, 60_000);

  it("control: the same files without the marker are all checked", async () => {
    const got = await pool.run([{ ...sqlFile("shop/db/hog.py"), text: "x = 1\n" }, sqlFile("shop/db/users.py")], verifiers, config);
    expect(got.incomplete).toEqual([]);
  }, 60_000);
});

describe("texts left on disk", () => {
  it("a worker reads the file at its turn: the same findings as the text handed over", async () => {
    const got = await pool.run([onDisk("shop/db/disk.py", SQL)], verifiers, config);
    expect(got.incomplete).toEqual([]);
    expect(rulesOf(got)).toEqual(["shop/db/disk.py:5 python/sql-injection"]);
  }, 60_000);

  it("in this thread too", async () => {
    const got = await runVerifiers([onDisk("shop/db/here.py", SQL)], verifiers, config);
    expect(rulesOf(got)).toEqual(["shop/db/here.py:5 python/sql-injection"]);
  });

  it("a file gone from disk before its turn is could-not-check, never an empty pass", async () => {
    for (const got of [await pool.run([onDisk("shop/db/gone.py", undefined)], verifiers, config), await runVerifiers([onDisk("shop/db/gone2.py", undefined)], verifiers, config)]) {
      expect(got.incomplete).toEqual([{ file: expect.stringMatching(/^shop\/db\/gone2?\.py$/), reason: expect.stringContaining("could not be read again from disk") }]);
      expect(got.findings).toEqual([]);
    }
  }, 60_000);

  it("a file that became binary before its turn is could-not-check", async () => {
    const got = await runVerifiers([onDisk("shop/db/now-binary.py", "x = 1\u0000\n")], verifiers, config);
    expect(got.incomplete).toEqual([{ file: "shop/db/now-binary.py", reason: expect.stringContaining("could not be read again from disk") }]);
  });
});
