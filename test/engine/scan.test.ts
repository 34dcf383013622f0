import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { scanPull, type EngineDeps } from "../../src/engine/scan.js";
import { decide } from "../../src/engine/verdict.js";
import type { RuleMeta, Verifier } from "../../src/verifiers/types.js";
import { verifier as containerRoot } from "../../src/verifiers/any/container-root.js";
import { verifier as gateTamper } from "../../src/verifiers/any/gate-tamper.js";
import { MemorySource } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const config = (raw: unknown = {}) => parseConfig(raw, catalogue);
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };

function meta(id: string, scopes: string[]): RuleMeta {
  return {
    id,
    description: "Flags lines that contain FLAG, for engine tests.",
    category: "sql-injection",
    cwe: ["CWE-89"],
    severity: "blocking",
    scopes,
    why: "Engine tests need a rule whose behaviour they control.",
    remediation: "Remove FLAG from the line.",
    messages: { flag: "Line contains FLAG ({{word}})." },
    examples: { bad: "FLAG", good: "ok" },
  };
}

/** Flags every line containing FLAG; throws on files containing BOOM. */
const marker: Verifier = {
  id: "test/marker",
  languages: ["python", "typescript"],
  messageIds: ["flag"],
  meta: meta("test/marker", ["data-layer", "query"]),
  check(ctx) {
    if (ctx.text.includes("BOOM")) throw new Error("cannot read this");
    ctx.text.split("\n").forEach((l, i) => {
      if (l.includes("FLAG")) ctx.report({ messageId: "flag", data: { word: "FLAG" }, line: i + 1 });
    });
  },
};

const tamper: Verifier = { ...gateTamper, meta: catalogue.rules.get(gateTamper.id)! };
const deps: EngineDeps = { catalogue, verifiers: [marker, tamper] };

describe("scanPull", () => {
  it("stops after detection for a human PR: no file list, no file text", async () => {
    const src = new MemorySource({ files: { "app/db/q.py": "FLAG\n" } });
    const scan = await scanPull(src, config(), deps);
    expect(scan.gated).toBe(false);
    expect(src.calls).toEqual(["pull", "commits"]);
    expect(decide(scan).conclusion).toBe("success");
  });

  it("reads nothing but the PR when the gate is turned off", async () => {
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": "FLAG\n" } });
    const scan = await scanPull(src, config({ enabled: false }), deps);
    expect(src.calls).toEqual(["pull"]);
    expect(decide(scan)).toMatchObject({ conclusion: "success", title: "agent-gate is turned off for this repository" });
  });

  it("gates a human PR under gate: all", async () => {
    const src = new MemorySource({ files: { "app/db/q.py": "x = 1\nFLAG\n" } });
    const scan = await scanPull(src, config({ gate: "all" }), deps);
    expect(scan.gated).toBe(true);
    expect(scan.findings.map((f) => [f.file, f.line])).toEqual([["app/db/q.py", 2]]);
    expect(decide(scan).conclusion).toBe("action_required");
  });

  describe("findings are the PR's when absent at the base", () => {
    const modified = (text: string, patch = "@@ -1 +1 @@\n-x\n+x") => ({ text, status: "modified" as const, patch });

    it("reports the finding the PR brings in and counts the one already on the base branch", async () => {
      const src = new MemorySource({
        meta: { author: COPILOT },
        files: { "app/db/q.py": modified("FLAG old\nx = 1\nFLAG new\n", "@@ -1,2 +1,3 @@\n FLAG old\n x = 1\n+FLAG new") },
        base: { "app/db/q.py": "FLAG old\nx = 1\n" },
      });
      const scan = await scanPull(src, config(), deps);
      expect(scan.findings.map((f) => f.line)).toEqual([3]);
      expect(scan.onBaseFindings).toBe(1);
      expect(src.calls.filter((c) => c === "fileTexts")).toHaveLength(1);
      expect(src.fetchedBase).toEqual(["app/db/q.py"]);
    });

    it("reports a finding on an unchanged line when the base did not have it (the PR made it a finding)", async () => {
      const src = new MemorySource({
        meta: { author: COPILOT },
        files: { "app/db/q.py": modified("x = 1\nFLAG\n", "@@ -1,2 +1,2 @@\n-y = 1\n+x = 1\n FLAG") },
        base: { "app/db/q.py": "y = 1\nFLOG\n" },
      });
      const scan = await scanPull(src, config(), deps);
      expect(scan.findings.map((f) => f.line)).toEqual([2]);
    });

    it("does not report a base finding that only moved down, and counts a second copy as new", async () => {
      const base = { "app/db/q.py": "FLAG here\n" };
      const shifted = await scanPull(new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": modified("\n\n  FLAG   here\n") }, base }), config(), deps);
      expect([shifted.findings, shifted.onBaseFindings]).toEqual([[], 1]);
      const copied = await scanPull(new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": modified("FLAG here\nFLAG here\n") }, base }), config(), deps);
      expect([copied.findings.length, copied.onBaseFindings]).toEqual([1, 1]);
    });

    it("treats every finding as new when the base revision could not be read (over the cap)", async () => {
      const big = "FLAG\n" + "x = 1\n".repeat(400);
      const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": modified("FLAG\n") }, base: { "app/db/q.py": big } });
      const scan = await scanPull(src, config({ limits: { max_file_bytes: 1024 } }), deps);
      expect([scan.findings.length, scan.onBaseFindings]).toEqual([1, 0]);
    });

    it("compares a renamed file with its previous path, under the new path", async () => {
      const src = new MemorySource({
        meta: { author: COPILOT },
        files: { "app/db/accounts.py": { ...modified("FLAG here\n"), status: "renamed", previousPath: "app/db/users.py" } },
        base: { "app/db/users.py": "FLAG here\n" },
      });
      const scan = await scanPull(src, config(), deps);
      expect([scan.findings, scan.onBaseFindings]).toEqual([[], 1]);
    });

    it("reports the findings of code moved by a rename from an ungated path into a gated one", async () => {
      const src = new MemorySource({
        meta: { author: COPILOT },
        files: { "app/db/accounts.py": { ...modified("FLAG here\n"), status: "renamed", previousPath: "attic/unused.py" } },
        base: { "attic/unused.py": "FLAG here\n" },
      });
      const scan = await scanPull(src, config(), deps);
      expect(scan.findings.map((f) => f.file)).toEqual(["app/db/accounts.py"]);
    });

    it("reports everything in a new file at a path another file was renamed away from", async () => {
      const src = new MemorySource({
        meta: { author: COPILOT },
        files: {
          "app/db/accounts.py": { ...modified("FLAG here\n"), status: "renamed", previousPath: "app/db/users.py" },
          "app/db/users.py": "FLAG here\n",
        },
        base: { "app/db/users.py": "FLAG here\n" },
      });
      const scan = await scanPull(src, config(), deps);
      expect([scan.findings.map((f) => f.file), scan.onBaseFindings]).toEqual([["app/db/users.py"], 1]);
    });

    it("always reports whole-file findings (a verifier failure) even when the base failed the same way", async () => {
      const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/a.py": modified("BOOM\n") }, base: { "app/db/a.py": "BOOM\n" } });
      const scan = await scanPull(src, config(), deps);
      expect(scan.findings.map((f) => f.category)).toEqual(["verifier-error"]);
    });
  });

  it("still reports findings when GitHub sends no patch, and says so", async () => {
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": { text: "FLAG\n", status: "modified", patch: null } } });
    const scan = await scanPull(src, config(), deps);
    expect(scan.findings).toHaveLength(1);
    expect(scan.scopedFiles[0]?.patchMissing).toBe(true);
    expect(scan.notices.map((n) => n.message).join()).toContain("no patch");
  });

  it("puts a file in scope by path glob or by content, and keeps the reason", async () => {
    const src = new MemorySource({
      meta: { author: COPILOT },
      files: {
        "app/models/user.py": "class User: pass\n",
        "app/views.py": "from sqlalchemy import select\n",
        "app/util.py": "def add(a, b):\n    return a + b\n",
      },
    });
    const scan = await scanPull(src, config(), deps);
    const byPath = Object.fromEntries(scan.scopedFiles.map((f) => [f.path, f.scopes]));
    expect(byPath["app/models/user.py"]).toEqual([
      { scope: "data-layer", reason: "path matches **/models/**" },
      { scope: "secrets", reason: "path matches **" },
    ]);
    expect(byPath["app/views.py"]).toContainEqual({ scope: "data-layer", reason: expect.stringContaining("imports an ORM or database driver (line 1") });
    // Only the secrets scope, which every file is in and no exclude or replace can narrow.
    expect(byPath["app/util.py"]).toEqual([{ scope: "secrets", reason: "path matches **" }]);
  });

  it("fetches only files a verifier could read: no images, no removed files", async () => {
    const src = new MemorySource({
      meta: { author: COPILOT },
      files: {
        "app/db/q.py": "x\n",
        "docs/logo.png": { text: "", binary: true },
        "app/db/old.py": { status: "removed", patch: "@@ -1 +0,0 @@\n-x" },
        "README.md": "hello\n",
      },
    });
    await scanPull(src, config(), deps);
    expect(src.fetched.sort()).toEqual(["app/db/q.py"]);
  });

  it("does not read a source file over the size cap, and blocks it as could not check", async () => {
    const big = "x = 1\n".repeat(400);
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/big.py": big } });
    const scan = await scanPull(src, config({ limits: { max_file_bytes: 1024 } }), deps);
    expect(scan.scopedFiles[0]?.skipped).toContain("over the 1024-byte limit");
    expect(scan.incomplete).toEqual([{ file: "app/db/big.py", reason: expect.stringContaining("did not read it") }]);
  });


  it("turns a verifier crash into a blocking verifier-error and still checks other files", async () => {
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/a.py": "BOOM\n", "app/db/b.py": "FLAG\n" } });
    const scan = await scanPull(src, config(), deps);
    expect(scan.findings.map((f) => [f.file, f.category, f.severity])).toEqual([
      ["app/db/a.py", "verifier-error", "blocking"],
      ["app/db/b.py", "sql-injection", "blocking"],
    ]);
    expect(scan.findings[0]?.message).toContain("cannot read this");
  });

  it("reports a PR's edit or deletion of the gate config, whatever the config says", async () => {
    const edit = new MemorySource({ meta: { author: COPILOT }, files: { ".github/agent-gate.yml": "enabled: false\n" } });
    const scan = await scanPull(edit, config(), deps);
    expect(scan.findings).toEqual([expect.objectContaining({ ruleId: "any/gate-tamper", category: "gate-tamper", severity: "blocking" })]);
    const del = new MemorySource({ meta: { author: COPILOT }, files: { ".github/agent-gate.yml": { status: "removed", patch: "@@ -1 +0,0 @@\n-gate: all" } } });
    expect((await scanPull(del, config(), deps)).findings[0]?.message).toContain("deletes");
  });

  it("honours rule severities from config, including off", async () => {
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": "FLAG\n" } });
    const warn = await scanPull(src, config(), { catalogue, verifiers: [{ ...marker, meta: { ...marker.meta, severity: "warning" } }] });
    expect(decide(warn).conclusion).toBe("success");
    expect(warn.findings[0]?.severity).toBe("warning");
  });

  it("blocks when GitHub's listing stopped short of the PR's files", async () => {
    const src = new MemorySource({ meta: { author: COPILOT, changedFiles: 3500 }, files: { "app/db/q.py": "ok\n" }, truncated: true });
    const scan = await scanPull(src, config(), deps);
    expect(scan.incomplete[0]?.reason).toContain("3499 files were not checked");
    expect(decide(scan).conclusion).toBe("action_required");
  });

  it("gives findings a fingerprint that survives a line shift", async () => {
    const a = await scanPull(new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": "FLAG here\n" } }), config(), deps);
    const b = await scanPull(new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": "\n\n  FLAG   here\n" } }), config(), deps);
    expect(a.findings[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(b.findings[0]?.line).toBe(3);
    expect(b.findings[0]?.fingerprint).toBe(a.findings[0]?.fingerprint);
  });

  describe("rules that compare with the base revision", () => {
    const rootRule: Verifier = { ...containerRoot, meta: catalogue.rules.get(containerRoot.id)! };
    const withRoot: EngineDeps = { catalogue, verifiers: [marker, rootRule] };
    const NON_ROOT = "FROM node:22-slim\nUSER node\nCMD [\"node\", \"s.js\"]\n";
    const ROOT = "FROM node:22-slim\nCMD [\"node\", \"s.js\"]\n";
    const modified = (text: string) => ({ text, status: "modified" as const, patch: "@@ -1,3 +1,2 @@\n FROM node:22-slim\n-USER node\n CMD [\"node\", \"s.js\"]" });

    it("reads the base text of the files such a rule wants, in one extra batch, and flags a regression", async () => {
      const src = new MemorySource({ meta: { author: COPILOT }, files: { Dockerfile: modified(ROOT), "app/db/q.py": "x\n" }, base: { Dockerfile: NON_ROOT } });
      const scan = await scanPull(src, config(), withRoot);
      expect(src.calls.filter((c) => c === "fileTexts")).toHaveLength(1);
      expect(src.fetchedBase).toEqual(["Dockerfile"]);
      expect(scan.findings.map((f) => [f.ruleId, f.file])).toEqual([["any/container-root", "Dockerfile"]]);
    });

    it("does not flag a Dockerfile that already ran as root at the base", async () => {
      const src = new MemorySource({ meta: { author: COPILOT }, files: { Dockerfile: modified(ROOT) }, base: { Dockerfile: ROOT } });
      expect((await scanPull(src, config(), withRoot)).findings).toEqual([]);
    });

    it("asks for no base text when every changed file is new", async () => {
      const src = new MemorySource({ meta: { author: COPILOT }, files: { "app/db/q.py": "x\n", Dockerfile: ROOT } });
      await scanPull(src, config(), withRoot);
      expect(src.fetchedBase).toEqual([]);
    });
  });
});
