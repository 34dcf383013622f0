import { describe, expect, it } from "@jest/globals";
import { OUTPUT_LIMIT, renderCheckRun } from "../../src/engine/render.js";
import type { Scan } from "../../src/engine/scan.js";
import type { Finding } from "../../src/engine/types.js";
import { decide, failed, type ApprovalOutcome } from "../../src/engine/verdict.js";

function finding(i: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "python/sql-injection",
    category: "sql-injection",
    cwe: ["CWE-89"],
    severity: "blocking",
    file: "app/db/users.py",
    line: 10 + i,
    endLine: 10 + i,
    message: `SQL built with an f-string interpolating \`user_id\` reaches \`cursor.execute\` (${i}).`,
    remediation: "Pass values as parameters: cursor.execute(\"... WHERE id = %s\", (user_id,)).",
    scope: "data-layer",
    fingerprint: `fp${i}`,
    ...over,
  };
}

function scan(findings: Finding[], over: Partial<Scan> = {}): Scan {
  return {
    version: 3,
    headSha: "c0ffee".padEnd(40, "0"),
    pull: { number: 7, title: "Add search", author: { login: "Copilot", type: "Bot" }, headRef: "copilot/search" },
    enabled: true,
    gateMode: "agents",
    gated: true,
    detection: {
      isAgent: true,
      agents: ["GitHub Copilot coding agent"],
      signals: [{ kind: "author-login", agent: "copilot", detail: "PR opened by Copilot" }],
      checked: [],
    },
    filesChanged: 3,
    scopedFiles: [{ path: "app/db/users.py", status: "added", language: "python", scopes: [{ scope: "data-layer", reason: "path matches **/db/**" }], patchMissing: false }],
    findings,
    onBaseFindings: 0,
    notices: [],
    incomplete: [],
    rulesRun: ["python/sql-injection"],
    ...over,
  };
}

describe("renderCheckRun", () => {
  it("shows the agent signal, the gated files, each finding, how to approve, and instructions for the agent", () => {
    const out = renderCheckRun(decide(scan([finding(0)])));
    expect(out.title).toBe("1 blocking finding: needs 1 qualified human approval");
    expect(out.summary).toContain("Agent-authored: **GitHub Copilot coding agent**");
    expect(out.summary).toContain("- author-login: PR opened by Copilot");
    expect(out.summary).toContain("| `app/db/users.py` | data-layer: path matches \\*\\*/db/\\*\\* |");
    expect(out.summary).toContain("| ⛔ blocking | `python/sql-injection` (sql-injection CWE-89) | `app/db/users.py:10` |");
    expect(out.summary).toContain("commit `c0ffee0`");
    // The suggested comment names the full head SHA, so it cannot count for a later push.
    expect(out.summary).toContain(`<code>/agent-gate approve c0ffee0${"0".repeat(33)} &lt;reason&gt;</code>`);
    expect(out.summary).toContain("or with the **Approve** button above");
    expect(renderCheckRun(decide(scan([finding(0)])), { button: false }).summary).not.toContain("**Approve** button");
    expect(out.summary).toContain("### For the agent that wrote this PR");
    expect(out.summary).toContain("1. `app/db/users.py:10` `python/sql-injection`: SQL built with an f-string interpolating \\`user_id\\`");
    expect(out.summary).toContain("**Fix:** Pass values as parameters");
    expect(out.annotations).toEqual([
      {
        path: "app/db/users.py",
        start_line: 10,
        end_line: 10,
        annotation_level: "failure",
        title: "python/sql-injection (sql-injection, CWE-89)",
        message: expect.stringContaining("Fix: Pass values as parameters"),
      },
    ]);
    expect(out.actions.map((a) => a.identifier)).toEqual(["approve", "rerun"]);
  });

  it("lists what was checked when there is nothing to block", () => {
    const out = renderCheckRun(decide(scan([])));
    expect(out.title).toBe("No blocking findings in 1 gated file");
    expect(out.summary).toContain("No findings. Rules run: `python/sql-injection`.");
    expect(out.actions.map((a) => a.identifier)).toEqual(["rerun"]);
  });

  it("explains why a human PR is not gated", () => {
    const out = renderCheckRun(
      decide(scan([], { gated: false, detection: { isAgent: false, agents: [], signals: [], checked: ["author bob (User)", "head branch feature/x"] } })),
    );
    expect(out.title).toBe("Not agent-authored: no agent signal fired");
    expect(out.summary).toContain("- author bob (User)");
    expect(out.summary).toContain("`gate: all`");
  });

  it("shows on an ungated PR the evidence that does not gate on its own", () => {
    const signals = [
      { kind: "review-suggestion" as const, agent: "copilot-review", detail: "commit bbbbbbb has Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>, a review suggestion", weight: "evidence" as const },
      { kind: "branch-shape" as const, agent: "jules", detail: "head branch fix-15310490098518802366 has the shape of Google Jules's branches (a weak signal)", weight: "weak" as const },
    ];
    const out = renderCheckRun(decide(scan([], { gated: false, detection: { isAgent: false, agents: [], signals, checked: ["author bob (User)"] } })));
    expect(out.summary).toContain("Recorded, but not enough to gate on its own:");
    expect(out.summary).toContain("- review-suggestion: commit bbbbbbb has Co-authored-by: Copilot");
    expect(out.summary).toContain("- branch-shape: head branch fix-15310490098518802366");
  });

  it("keeps the summary under GitHub's limit and says how many findings it left out", () => {
    const many = Array.from({ length: 3000 }, (_, i) => finding(i));
    const out = renderCheckRun(decide(scan(many)));
    expect(out.summary.length).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(out.summary).toMatch(/_\d+ more finding\(s\) not shown here/);
    expect(out.annotations).toHaveLength(3000);
  });

  it("lists warnings in their own section, passes when only warnings remain, and asks the agent to consider them", () => {
    const warn = finding(1, { ruleId: "typescript/cors", category: "cors", cwe: ["CWE-942"], severity: "warning", file: "src/app.ts", message: "`cors()` with no options lets every origin read responses." });
    const onlyWarning = renderCheckRun(decide(scan([warn])));
    expect(onlyWarning.title).toBe("No blocking findings in 1 gated file");
    expect(onlyWarning.summary).toContain("### Findings (0 blocking, 1 other)");
    expect(onlyWarning.summary).toContain("Nothing blocks the merge.");
    expect(onlyWarning.summary).toContain("### Warnings (1): worth a reviewer's look, never blocking");
    expect(onlyWarning.summary).toContain("| ⚠️ warning | `typescript/cors` (cors CWE-942) | `src/app.ts:11` |");
    expect(onlyWarning.summary).not.toContain("Make these changes");
    expect(onlyWarning.summary).toContain("Also consider these (they do not block the merge, but a reviewer will read them):\n1. `src/app.ts:11` `typescript/cors`");
    expect(onlyWarning.annotations.map((a) => a.annotation_level)).toEqual(["warning"]);
    expect(onlyWarning.actions.map((a) => a.identifier)).toEqual(["rerun"]);

    const both = renderCheckRun(decide(scan([warn, finding(0)]))).summary;
    expect(both.indexOf("| ⛔ blocking |")).toBeLessThan(both.indexOf("### Warnings (1)"));
    expect(both.indexOf("### Warnings (1)")).toBeLessThan(both.indexOf("| ⚠️ warning |"));
    expect(both).toMatch(/Make these changes[^\n]*\n1\. `app\/db\/users\.py:10`[\s\S]*Also consider these[^\n]*\n1\. `src\/app\.ts:11`/);
  });

  it("cuts warnings before blocking findings when the summary is too long", () => {
    const warnings = Array.from({ length: 3000 }, (_, i) => finding(i, { severity: "warning", fingerprint: `w${i}` }));
    const out = renderCheckRun(decide(scan([finding(0), ...warnings])));
    expect(out.summary.length).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(out.summary).toContain("| ⛔ blocking | `python/sql-injection`");
    expect(out.summary).toMatch(/### Warnings \(3000\)[\s\S]*_\d+ more finding\(s\) not shown here/);
  });

  it("escapes pipes so a finding cannot break the table", () => {
    const out = renderCheckRun(decide(scan([finding(0, { message: "a | b" })])));
    expect(out.summary).toContain("a \\| b");
  });

  it("renders an undecidable gate as failure with the reason and a Re-run button", () => {
    const out = renderCheckRun(failed("a".repeat(40), "GitHub answered 500 on GET /repos/acme/shop/pulls/7/files: boom"));
    expect(out.title).toBe("agent-gate could not decide: re-run it");
    expect(out.summary).toContain("GitHub answered 500");
    expect(out.actions).toEqual([{ label: "Re-run", description: "Run agent-gate again on this commit", identifier: "rerun" }]);
  });
});

// The agent writes the branch name, the paths, the messages' quoted code, the commit subjects and
// e-mails: none of it may hide the findings or the approvals, or add a section of its own.
describe("renderCheckRun with attacker-controlled text", () => {
  const HIDE = "x <!-- hide everything after";
  const refused: ApprovalOutcome = {
    needed: 1,
    accepted: [],
    refused: [{ login: "mallory", at: "2025-06-02T09:00:00Z", via: "comment", why: "the PR's author cannot approve it" }],
  };
  const hostile = () =>
    scan([finding(0, { file: `app/db/${HIDE}.py`, message: "SQL from `q` </details> | ## Approved by @carol\n### Approvals\n- ✅ fake" }), finding(1, { file: "app/db/b.py" })], {
      pull: { number: 7, title: `t ${HIDE}`, author: { login: "Copilot", type: "Bot" }, headRef: `copilot/${HIDE}` },
      detection: {
        isAgent: true,
        agents: ["copilot"],
        signals: [
          { kind: "branch-prefix", agent: "copilot", detail: `head branch copilot/${HIDE} starts with copilot/` },
          { kind: "co-author", agent: "copilot", detail: "has Co-authored-by: <details><summary>ok</summary> <evil@x.example>" },
        ],
        checked: [],
      },
      scopedFiles: [{ path: `app/db/${HIDE}.py`, status: "added", language: "python", scopes: [{ scope: "query", reason: "calls a query API (line 1: cur.execute(`|`) <!--)" }], patchMissing: false }],
      notices: [{ file: "app/db/b.py", message: "# Fake heading\n<img src=x>" }],
      incomplete: [{ file: `vendor/${HIDE}.py`, reason: "[click](https://evil.example) ![i](https://evil.example/i.png)" }],
    });

  it("shows the findings and the approvals section, with no raw comment, tag or new line from the agent", () => {
    const out = renderCheckRun(decide(hostile(), refused));
    expect(out.summary).not.toContain("<!--");
    expect(out.summary).not.toMatch(/<\/?(?:details|summary|img)/i);
    expect(out.summary).toContain("### Approvals\n- ❌ @mallory (comment, 2025-06-02T09:00:00Z): not counted: the PR's author cannot approve it");
    expect(out.summary.match(/^### Approvals$/gm)).toHaveLength(1);
    expect(out.summary).not.toMatch(/^#+ Approved/m);
    expect(out.summary).not.toMatch(/^#+ Fake/m);
    // Both finding rows are whole table rows of four cells, the hostile one included.
    const rows = out.summary.split("\n").filter((l) => l.startsWith("| ⛔ blocking |"));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
    expect(rows[0]).toContain("<code>app/db/x &lt;!-- hide everything after.py:10</code>");
    expect(rows[0]).toContain("SQL from \\`q\\` &lt;/details&gt; \\| ## Approved by @carol ### Approvals - ✅ fake");
    expect(out.summary).toContain("head branch copilot/x &lt;!-- hide everything after starts with copilot/");
    expect(out.summary).toContain("\\[click\\](https://evil.example) !\\[i\\](https://evil.example/i.png)");
    expect(out.summary).toContain("`app/db/b.py` \\# Fake heading &lt;img src=x&gt;");
  });

  it("keeps an error's list and key names but escapes what they quote", () => {
    const out = renderCheckRun(failed("a".repeat(40), ".github/agent-gate.yml is invalid:\n- `gate` must be one of: agents, all\n- unknown key `x<!--y`; see <!-- here"));
    expect(out.summary).toContain("- `gate` must be one of: agents, all\n- unknown key <code>x&lt;!--y</code>; see &lt;!-- here");
    expect(out.summary).not.toContain("<!--");
  });

  it("control: ordinary values read as before, as code spans and plain text", () => {
    const out = renderCheckRun(decide(scan([finding(0)]), refused));
    expect(out.summary).toContain("| ⛔ blocking | `python/sql-injection` (sql-injection CWE-89) | `app/db/users.py:10` |");
    expect(out.summary).toContain("- author-login: PR opened by Copilot");
    expect(out.summary).toContain("### Approvals\n- ❌ @mallory");
  });

  it("shows invisible and direction-changing characters by code point and cuts very long values", () => {
    const out = renderCheckRun(decide(scan([finding(0, { file: "app/db/a\u202Eyp.exe", message: "m".repeat(5000) })])));
    expect(out.summary).toContain("app/db/aU+202Eyp.exe");
    expect(out.summary).not.toContain("\u202E");
    expect(out.summary).not.toContain("m".repeat(1001));
  });
});
