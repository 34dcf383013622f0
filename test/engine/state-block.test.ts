import { describe, expect, it } from "@jest/globals";
import { decodeState, encodeState, MAX_BLOCK, type GateState } from "../../src/engine/state-block.js";

function state(findings = 1): GateState {
  return {
    v: 1,
    headSha: "a".repeat(40),
    headSeenAt: "2026-01-01T00:00:00.000Z",
    scan: {
      version: 3,
      headSha: "a".repeat(40),
      pull: { number: 1, title: "t", author: { login: "Copilot" }, headRef: "copilot/x" },
      enabled: true,
      gateMode: "agents",
      gated: true,
      detection: { isAgent: true, agents: ["Copilot"], signals: [], checked: [] },
      filesChanged: 1,
      scopedFiles: [],
      findings: Array.from({ length: findings }, (_, i) => ({
        ruleId: "python/sql-injection",
        category: "sql-injection" as const,
        cwe: ["CWE-89"],
        severity: "blocking" as const,
        file: `app/db/f${i}.py`,
        line: i + 1,
        endLine: i + 1,
        message: `finding ${i} ${Math.random()}`,
        remediation: "Use parameters.",
        scope: "data-layer",
        fingerprint: i.toString(16).padStart(16, "0"),
      })),
      onBaseFindings: 0,
      notices: [],
      incomplete: [],
      rulesRun: [],
    },
    buttons: [{ login: "carol", at: "2026-01-01T00:01:00.000Z", sha: "a".repeat(40) }],
    accepted: [],
  };
}

describe("state block", () => {
  it("round-trips inside other text", () => {
    const s = state();
    const block = encodeState(s, "key")!;
    expect(decodeState(`details\n\n${block}\n`, "key")).toEqual(s);
  });

  it("is not trusted when signed with another key or altered", () => {
    const block = encodeState(state(), "key")!;
    expect(decodeState(block, "other")).toBeUndefined();
    const data = block.slice(block.indexOf("v1:") + 3, block.indexOf("."));
    const altered = block.replace(data, encodeState(state(0), "x")!.split("v1:")[1]!.split(".")[0]!);
    expect(decodeState(altered, "key")).toBeUndefined();
  });

  it("ignores text without a block or with garbage in it", () => {
    expect(decodeState(undefined, "k")).toBeUndefined();
    expect(decodeState("no block here", "k")).toBeUndefined();
    expect(decodeState("<!-- agent-gate-state:v1:!!!.??? -->", "k")).toBeUndefined();
  });

  it("gives up rather than exceed GitHub's text limit", () => {
    expect(encodeState(state(5000), "key")).toBeUndefined();
    expect(encodeState(state(50), "key")!.length).toBeLessThan(MAX_BLOCK);
  });
});
