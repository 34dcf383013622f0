import { describe, expect, it } from "@jest/globals";
import { decodeState, decodeStates, encodeState, MAX_BLOCK, type GateState, type StateBinding } from "../../src/engine/state-block.js";

const BINDING: StateBinding = { owner: "acme", repo: "shop", number: 2, baseSha: "b".repeat(40), headSha: "a".repeat(40) };

function state(findings = 1, binding: StateBinding = BINDING): GateState {
  return {
    v: 2,
    ...binding,
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
    expect(decodeState(`details\n\n${block}\n`, "key", BINDING)).toEqual(s);
  });

  it("is trusted only for the owner, repo, PR, base and head it was written for", () => {
    const block = encodeState(state(), "key")!;
    const others: Partial<StateBinding>[] = [{ owner: "evil" }, { repo: "other" }, { number: 3 }, { baseSha: "c".repeat(40) }, { headSha: "d".repeat(40) }];
    for (const other of others) expect([other, decodeState(block, "key", { ...BINDING, ...other })]).toEqual([other, undefined]);
    expect(decodeState(block, "key", { ...BINDING, owner: "ACME" })).toBeDefined();
  });

  it("finds the block of each PR when several share a run", () => {
    const two = { ...BINDING, number: 7, baseSha: "e".repeat(40) };
    const text = `${encodeState(state(), "key")}\n${encodeState(state(2, two), "key")}\n${encodeState(state(3, { ...two, number: 8 }), "other")}`;
    expect(decodeStates(text, "key").map((s) => s.number)).toEqual([2, 7]);
    expect(decodeState(text, "key", two)?.scan.findings).toHaveLength(2);
  });

  it("is not trusted when signed with another key or altered", () => {
    const block = encodeState(state(), "key")!;
    expect(decodeState(block, "other", BINDING)).toBeUndefined();
    const data = block.slice(block.indexOf("v2:") + 3, block.indexOf("."));
    const altered = block.replace(data, encodeState(state(0), "x")!.split("v2:")[1]!.split(".")[0]!);
    expect(decodeState(altered, "key", BINDING)).toBeUndefined();
  });

  it("ignores text without a block or with garbage in it", () => {
    expect(decodeState(undefined, "k", BINDING)).toBeUndefined();
    expect(decodeState("no block here", "k", BINDING)).toBeUndefined();
    expect(decodeStates("<!-- agent-gate-state:v2:!!!.??? -->", "k")).toEqual([]);
  });

  it("gives up rather than exceed GitHub's text limit", () => {
    expect(encodeState(state(5000), "key")).toBeUndefined();
    expect(encodeState(state(50), "key")!.length).toBeLessThan(MAX_BLOCK);
  });
});
