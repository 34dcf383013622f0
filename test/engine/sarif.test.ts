import { describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Log, Result } from "sarif";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { COULD_NOT_CHECK_RULE, GITHUB_LIMITS, rulesInForce, SarifLimitError, sarifLog, type SarifOptions } from "../../src/engine/sarif.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import type { Finding, Severity } from "../../src/engine/types.js";
import { sarifErrors } from "../support/sarif-schema.js";

const catalogue = loadCatalogue();
const rules = [...catalogue.rules.values()];
const options: SarifOptions = { rules, automationId: "agent-gate/scan/", root: "/srv/repo", version: "0.1.0", rulesUrl: "https://example.com/agent-gate/docs/rules/" };

function finding(severity: Severity, i = 0, file = "app/db/users.py"): Finding {
  return {
    ruleId: "python/sql-injection",
    category: "sql-injection",
    cwe: ["CWE-89"],
    severity,
    file,
    line: 2 + i,
    endLine: 3 + i,
    message: `SQL built from input (${i})`,
    remediation: "Use placeholders.",
    scope: "queries",
    fingerprint: `fp-${severity}-${i}`,
  };
}

function results(log: Log): Result[] {
  return log.runs[0]!.results!;
}

describe("sarifLog", () => {
  it("writes a schema-valid run with every active rule and one result per severity", () => {
    const { log, leftOut } = sarifLog([finding("notice"), finding("warning", 1), finding("blocking", 2)], [], options);
    expect(sarifErrors(log)).toEqual([]);
    expect(leftOut).toBe(0);
    const run = log.runs[0]!;
    expect(run.automationDetails).toEqual({ id: "agent-gate/scan/" });
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///srv/repo/" } });
    const ids = run.tool.driver.rules!.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([...catalogue.rules.keys(), COULD_NOT_CHECK_RULE]));
    expect(ids).toHaveLength(catalogue.rules.size + 1);
    const sql = run.tool.driver.rules!.find((r) => r.id === "python/sql-injection")!;
    expect(sql.helpUri).toBe("https://example.com/agent-gate/docs/rules/python/sql-injection.md");
    expect(sql.defaultConfiguration).toEqual({ level: "error" });
    expect(sql.properties!.tags).toEqual(["security", "sql-injection", "CWE-89"]);
    expect(sql.fullDescription!.text.length).toBeGreaterThan(20);
    // Most severe first; levels follow the severities; ruleIndex points at the rule.
    expect(results(log).map((r) => [r.level, r.partialFingerprints])).toEqual([
      ["error", { "agentGateFingerprint/v1": "fp-blocking-2" }],
      ["warning", { "agentGateFingerprint/v1": "fp-warning-1" }],
      ["note", { "agentGateFingerprint/v1": "fp-notice-0" }],
    ]);
    for (const r of results(log)) expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    expect(results(log)[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "app/db/users.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, endLine: 5 },
    });
  });

  it("writes a valid log with no results for an empty scan, and no helpUri without a rules URL", () => {
    const { log } = sarifLog([], [], { rules, automationId: "agent-gate/scan/" });
    expect(sarifErrors(log)).toEqual([]);
    expect(results(log)).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules!.every((r) => r.helpUri === undefined && r.help?.markdown)).toBe(true);
  });

  it("reports could-not-check entries as error results, and a file-less one also as a notification", () => {
    const { log } = sarifLog([], [{ file: "big file.py", reason: "over the limit" }, { reason: "GitHub cut the file list" }], options);
    expect(sarifErrors(log)).toEqual([]);
    expect(results(log).map((r) => [r.ruleId, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri])).toEqual([
      [COULD_NOT_CHECK_RULE, "error", "big%20file.py"],
      [COULD_NOT_CHECK_RULE, "error", undefined],
    ]);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications).toEqual([
      { level: "error", message: { text: "Could not check the pull request: GitHub cut the file list" }, descriptor: { id: COULD_NOT_CHECK_RULE } },
    ]);
  });

  it("percent-encodes paths with spaces, unicode and URI metacharacters, relative to the root", () => {
    const { log } = sarifLog([finding("blocking", 0, "src/my app/ünï 数据/a#b?c%d.py")], [], options);
    expect(sarifErrors(log)).toEqual([]);
    const uri = results(log)[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri!;
    expect(uri).toBe("src/my%20app/%C3%BCn%C3%AF%20%E6%95%B0%E6%8D%AE/a%23b%3Fc%25d.py");
    expect(decodeURIComponent(uri)).toBe("src/my app/ünï 数据/a#b?c%d.py");
  });

  it("keeps a finding whose rule was not listed, with a descriptor of its own", () => {
    const { log } = sarifLog([{ ...finding("blocking"), ruleId: "contracts/layers", category: "layering" }], [], options);
    expect(sarifErrors(log)).toEqual([]);
    const r = results(log)[0]!;
    expect(log.runs[0]!.tool.driver.rules![r.ruleIndex!]!.id).toBe("contracts/layers");
  });

  it("stays within GitHub's documented limits for the shipped rules", () => {
    const { log } = sarifLog([finding("blocking")], [], options);
    const driver = log.runs[0]!.tool.driver;
    expect(log.runs).toHaveLength(1);
    expect(driver.rules!.length).toBeLessThanOrEqual(GITHUB_LIMITS.rulesPerRun);
    for (const r of driver.rules!) expect((r.properties!.tags as string[]).length).toBeLessThanOrEqual(GITHUB_LIMITS.tagsPerRule);
    for (const r of results(log)) expect(r.locations!.length).toBeLessThanOrEqual(1);
  });

  it("past the results limit keeps the most severe, and says how many it left out", () => {
    const limits = { ...GITHUB_LIMITS, resultsPerRun: 10 };
    const many = [...Array.from({ length: 8 }, (_, i) => finding("notice", i)), ...Array.from({ length: 8 }, (_, i) => finding("blocking", i))];
    const { log, leftOut } = sarifLog(many, [], { ...options, limits });
    expect(sarifErrors(log)).toEqual([]);
    expect(results(log)).toHaveLength(10);
    expect(leftOut).toBe(7);
    expect(results(log).filter((r) => r.ruleId === "python/sql-injection" && r.level === "error")).toHaveLength(8);
    const last = results(log)[9]!;
    expect([last.ruleId, last.level]).toEqual([COULD_NOT_CHECK_RULE, "error"]);
    expect(last.message.text).toMatch(/^7 more result\(s\) left out/);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toBe(last.message.text);
  });

  it("control: exactly at the results limit nothing is left out", () => {
    const limits = { ...GITHUB_LIMITS, resultsPerRun: 10 };
    const { log, leftOut } = sarifLog(Array.from({ length: 10 }, (_, i) => finding("warning", i)), [], { ...options, limits });
    expect(leftOut).toBe(0);
    expect(results(log).every((r) => r.ruleId === "python/sql-injection")).toBe(true);
  });

  it("past the gzipped size limit leaves out results until the file fits", () => {
    const noisy = Array.from({ length: 400 }, (_, i) => ({ ...finding("warning", i), message: randomBytes(1000).toString("hex") }));
    const full = gzipSync(JSON.stringify(sarifLog(noisy, [], options).log)).length;
    const limits = { ...GITHUB_LIMITS, gzipBytes: Math.floor(full / 2) };
    const { log, leftOut } = sarifLog(noisy, [], { ...options, limits });
    expect(gzipSync(JSON.stringify(log)).length).toBeLessThanOrEqual(limits.gzipBytes);
    expect(leftOut).toBeGreaterThan(0);
    expect(results(log)).toHaveLength(400 - leftOut + 1);
    expect(sarifErrors(log)).toEqual([]);
  });

  it("fails (SarifLimitError) rather than write a file GitHub would refuse when the rules alone are too large", () => {
    const limits = { ...GITHUB_LIMITS, gzipBytes: 1000 };
    expect(() => sarifLog([finding("blocking")], [], { ...options, limits })).toThrow(SarifLimitError);
    expect(() => sarifLog([], [], { ...options, limits: { ...GITHUB_LIMITS, rulesPerRun: 3 } })).toThrow(/rules exceed GitHub's 3 rules per run/);
  });
});

describe("rulesInForce", () => {
  const verifiers = loadVerifiers(catalogue);
  const ids = (raw: unknown) => rulesInForce(verifiers, parseConfig(raw, catalogue), catalogue).map((r) => `${r.id}:${r.severity}`);

  it("lists a declared contract at its configured severity, and leaves out rules turned off", () => {
    const listed = ids({ contracts: { orm: { require: "sqlalchemy" } }, rules: { "contracts/orm": "warning", "python/sql-injection": "off" } });
    expect(listed).toContain("contracts/orm:warning");
    expect(listed.some((r) => r.startsWith("python/sql-injection:"))).toBe(false);
    expect(listed).toContain("any/hardcoded-credentials:blocking");
  });

  it("control: an undeclared or switched-off contract is not listed", () => {
    expect(ids({}).some((r) => r.startsWith("contracts/"))).toBe(false);
    expect(ids({ contracts: { orm: { require: "sqlalchemy" } }, rules: { "contracts/orm": "off" } }).some((r) => r.startsWith("contracts/orm"))).toBe(false);
  });
});
