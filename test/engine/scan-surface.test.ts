// What the scan sees of a PR's renames, .gitattributes, vendored files and scope excludes,
// written as the agent would try it, each next to a control.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { ConfigError, parseConfig } from "../../src/engine/config.js";
import { scanPull, type EngineDeps } from "../../src/engine/scan.js";
import { decide } from "../../src/engine/verdict.js";
import { VENDORED_RULE } from "../../src/engine/vendored.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { MemorySource, type MemoryPull } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const deps: EngineDeps = { catalogue, verifiers: loadVerifiers(catalogue) };
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };
const scan = (files: MemoryPull["files"], raw: unknown = {}, base: Record<string, string> = {}) =>
  scanPull(new MemorySource({ meta: { author: COPILOT }, files, base }), parseConfig(raw, catalogue), deps);
const rules = (s: Awaited<ReturnType<typeof scan>>) => s.findings.map((f) => `${f.ruleId} ${f.file}`);

describe("renames are scoped by their previous path", () => {
  it("moving CODEOWNERS out of place is reported as removing it, and blocks", async () => {
    const s = await scan({ "old/CODEOWNERS.bak": { text: "* @acme/maintainers\n", status: "renamed", previousPath: ".github/CODEOWNERS", patch: null } });
    expect(s.findings).toEqual([expect.objectContaining({ ruleId: "any/gate-tamper", severity: "blocking", message: expect.stringContaining("moves .github/CODEOWNERS") })]);
    expect(s.scopedFiles[0]?.scopes).toContainEqual({ scope: "gate", reason: "previous path .github/CODEOWNERS: path matches .github/CODEOWNERS" });
    expect(decide(s).conclusion).toBe("action_required");
  });

  it("moving the gate config out of place is reported", async () => {
    const s = await scan({ "docs/agent-gate.yml": { text: "enabled: true\n", status: "renamed", previousPath: ".github/agent-gate.yml", patch: null } });
    expect(s.findings.map((f) => f.message)).toEqual([expect.stringContaining("moves .github/agent-gate.yml, the agent-gate configuration")]);
  });

  it("control: a rename inside .github/workflows stays scoped and reported as a change", async () => {
    const s = await scan({ ".github/workflows/test.yml": { text: "on: push\njobs: {}\n", status: "renamed", previousPath: ".github/workflows/ci.yml", patch: null } });
    expect(s.findings.filter((f) => f.ruleId === "any/gate-tamper").map((f) => f.message)).toEqual([expect.stringContaining("changes .github/workflows/test.yml")]);
  });

  it("control: renaming an ordinary file is not gate tamper", async () => {
    const s = await scan({ "docs/guide.md": { text: "# Guide\n", status: "renamed", previousPath: "docs/intro.md", patch: null } });
    expect(rules(s)).toEqual([]);
    expect(decide(s).conclusion).toBe("success");
  });
});

describe(".gitattributes", () => {
  it("a filter on Python files is tamper and leaves them not checked", async () => {
    const s = await scan({ ".gitattributes": "*.py filter=clean-it\n", "app/db/q.py": "x = 1\n" });
    expect(s.findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining("gives files matching *.py the .gitattributes filter=clean-it")]));
    expect(s.incomplete).toEqual([expect.objectContaining({ file: ".gitattributes", reason: expect.stringContaining("files matching *.py") })]);
    expect(decide(s).conclusion).toBe("action_required");
  });

  it("control: binary images and line endings leave nothing unchecked", async () => {
    const s = await scan({ ".gitattributes": "*.png binary\n* text=auto eol=lf\n" });
    expect(s.incomplete).toEqual([]);
    expect(s.findings.map((f) => f.message)).toEqual([expect.stringContaining("changes .gitattributes")]);
  });
});

describe("vendored files", () => {
  it("a PR that adds files under vendor/ or node_modules/ at any depth gets one warning listing them", async () => {
    const s = await scan({ "vendor/lib/a.py": "A = 1\n", "web/node_modules/left-pad/index.js": "module.exports = 1;\n", "src/app.py": "x = 1\n" });
    const warned = s.findings.filter((f) => f.ruleId === VENDORED_RULE);
    expect(warned).toEqual([expect.objectContaining({ severity: "warning", category: "supply-chain" })]);
    expect(warned[0]!.message).toContain("adds 2 file(s) under vendor/ or node_modules/: vendor/lib/a.py, web/node_modules/left-pad/index.js.");
    expect(decide(s).conclusion).toBe("success");
  });

  it("control: a changed vendored file, or a path that only looks vendored, is not warned about", async () => {
    const s = await scan({ "vendor/lib/a.py": { text: "A = 2\n", status: "modified" }, "src/vendors.py": "x = 1\n", "node_modules.md": "no\n" });
    expect(s.findings.filter((f) => f.ruleId === VENDORED_RULE)).toEqual([]);
  });
});

describe("excludes never blind the secrets and gate scopes", () => {
  const KEY = 'DB_PASSWORD = "kX9vQ2mT7pL4wR8zN3bY"\n';
  it("a credential in a vendored file is found", async () => {
    const s = await scan({ "vendor/sdk/config.py": KEY });
    expect(s.findings.map((f) => f.ruleId)).toContain("any/hardcoded-credentials");
  });

  it("a gate file under vendor/ is still gate tamper", async () => {
    const s = await scan({ "vendor/lib/.gitattributes": "*.py -text\n" });
    expect(s.findings.map((f) => f.ruleId)).toContain("any/gate-tamper");
    expect(s.incomplete).toHaveLength(1);
  });

  it("a config that excludes paths from secrets or gate, or replaces them, is an error naming the key", () => {
    const problems = (raw: unknown) => {
      try {
        parseConfig(raw, catalogue);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ scopes: { secrets: { exclude: ["vendor/**"] } } })).toEqual([expect.stringMatching(/^`scopes\.secrets\.exclude`: exclude globs never remove a file from the `secrets` or `gate` scopes/)]);
    expect(problems({ scopes: { gate: { replace: true, include: ["x"] } } })).toEqual([expect.stringMatching(/^`scopes\.gate\.replace`: /)]);
    // Control: other scopes may still exclude, and secrets/gate may still add paths.
    expect(problems({ scopes: { "data-layer": { exclude: ["legacy/**"] }, gate: { include: ["deploy/**"] } } })).toEqual([]);
  });
});
