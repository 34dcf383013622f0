import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, Result } from "sarif";
import { main } from "../../src/cli/main.js";
import { COULD_NOT_CHECK_RULE } from "../../src/engine/sarif.js";
import { sarifErrors } from "../support/sarif-schema.js";

let root: string;

function write(rel: string, text: string): void {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function sarif(...argv: string[]): Promise<{ code: number; log: Log; results: Result[]; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["scan", "--format", "sarif", ...argv], { out: (t) => (out += t), err: (t) => (err += t) });
  const log = JSON.parse(out) as Log;
  return { code, log, results: log.runs[0]!.results!, err };
}

const SQL = 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "agent-gate-sarif-"));
  write("blocking/app/db/my users ü数据.py", SQL);
  write("clean/app/util.py", "def add(a, b):\n    return a + b\n");
  write("levels/app/db/users.py", SQL);
  write("levels/settings.py", "DEBUG = True\n");
  write("big/app/db/big.py", "x = 1\n".repeat(400));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("agent-gate scan --format sarif", () => {
  it("writes a schema-valid run, the path relative to the scanned root and percent-encoded, and exits 1 on a blocking finding", async () => {
    const { code, log, results } = await sarif("--rules-url", "https://example.com/agent-gate/docs/rules", join(root, "blocking"));
    expect(sarifErrors(log)).toEqual([]);
    expect(code).toBe(1);
    const run = log.runs[0]!;
    expect(run.automationDetails!.id).toBe("agent-gate/scan/");
    expect(run.originalUriBaseIds!["%SRCROOT%"]!.uri).toBe(`${pathToFileURL(join(root, "blocking")).href}/`);
    expect(results.map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation!.artifactLocation, r.locations![0]!.physicalLocation!.region])).toEqual([
      ["python/sql-injection", "error", { uri: "app/db/my%20users%20%C3%BC%E6%95%B0%E6%8D%AE.py", uriBaseId: "%SRCROOT%" }, { startLine: 2, endLine: 2 }],
    ]);
    expect(results[0]!.partialFingerprints!["agentGateFingerprint/v1"]).toMatch(/^[0-9a-f]{8,}$/);
    const rule = run.tool.driver.rules![results[0]!.ruleIndex!]!;
    expect(rule.helpUri).toBe("https://example.com/agent-gate/docs/rules/python/sql-injection.md");
    // gate-tamper rules do not run on disk, so they are not active rules of this run.
    expect(run.tool.driver.rules!.some((r) => r.id === "any/gate-tamper")).toBe(false);
  });

  it("maps configured severities to levels: blocking error, warning warning, notice note, and off leaves the rule out", async () => {
    write("levels/.github/agent-gate.yml", "rules:\n  python/sql-injection: notice\n  python/debug-enabled: warning\n  python/secret-key-literal: off\n");
    const { code, log, results } = await sarif("--all-files", join(root, "levels"));
    expect(sarifErrors(log)).toEqual([]);
    expect(code).toBe(0);
    expect(results.map((r) => `${r.ruleId} ${r.level}`)).toEqual(["python/debug-enabled warning", "python/sql-injection note"]);
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.find((r) => r.id === "python/sql-injection")!.defaultConfiguration).toEqual({ level: "note" });
    expect(rules.some((r) => r.id === "python/secret-key-literal")).toBe(false);
  });

  it("writes a valid, empty run for a clean scan and exits 0", async () => {
    const { code, log, results } = await sarif(join(root, "clean"));
    expect(sarifErrors(log)).toEqual([]);
    expect(code).toBe(0);
    expect(results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules!.length).toBeGreaterThan(10);
  });

  it("reports a file it could not check as an error result on that file", async () => {
    write("big/.github/agent-gate.yml", "limits:\n  max_file_bytes: 1024\n");
    const { log, results, err } = await sarif(join(root, "big"));
    expect(sarifErrors(log)).toEqual([]);
    expect(err).toContain("could not check: app/db/big.py");
    expect(results.map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation!.artifactLocation!.uri])).toEqual([[COULD_NOT_CHECK_RULE, "error", "app/db/big.py"]]);
    expect(results[0]!.message.text).toContain("limits.max_file_bytes");
  });
});
