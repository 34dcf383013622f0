// Verifiers and contracts are two strategies behind one runner: a changed file is parsed once, its
// contracts' facts come from the verifiers' parse, and the parser's guards apply to both, so a
// file crafted to overflow the parser is "could not check" in both and a crash in neither.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { parseConfig } from "../../../src/engine/config.js";
import { runVerifiers, type FileToCheck } from "../../../src/engine/run-verifiers.js";
import { candidatesOf, checkCandidates } from "../../../src/engine/scan.js";
import { Scoper } from "../../../src/engine/scope.js";
import { activeVerifiers } from "../../../src/engine/run-verifiers.js";
import type { FileText } from "../../../src/engine/types.js";
import { loadVerifiers } from "../../../src/verifiers/registry.js";
import { initPython } from "../../../src/verifiers/python/parser.js";

const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue);
const AUTH = { require_auth: { routes: ["**/routes/**"], guards: ["requireAuth", "login_required"] } };

beforeAll(async () => {
  await initPython();
});

/** A local scan (no base) of `files` with the require_auth contract, recording every runner call. */
async function scan(files: Record<string, string>, contracts: object = AUTH) {
  const config = parseConfig({ contracts }, catalogue);
  const scoper = new Scoper(catalogue, config);
  const active = activeVerifiers(verifiers, config);
  const changed = Object.keys(files).map((path) => ({ path, status: "added" as const }));
  const texts = new Map<string, FileText>(Object.entries(files).map(([path, text]) => [path, { path, byteSize: text.length, binary: false, text }]));
  const calls: FileToCheck[][] = [];
  const checked = await checkCandidates(candidatesOf(changed, scoper, active), texts, scoper, active, config, {
    local: true,
    runner: async (batch, vs, cfg, options) => {
      calls.push(batch);
      return runVerifiers(batch, vs, cfg, options);
    },
    contracts: { deps: { catalogue, verifiers }, tree: Object.keys(files), read: async () => new Map() },
  });
  return { checked, calls, found: checked.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort() };
}

const deep = (depth: number) => `router.post("/items", create);\nconst x = ${"[".repeat(depth)}${"]".repeat(depth)};\n`;

describe("one parse for verifiers and contracts", () => {
  it.each([
    ["TypeScript", "src/routes/a.ts", 'router.post("/items", async (req, res) => res.sendStatus(201));\n'],
    ["Python", "app/routes/a.py", '@bp.route("/items", methods=["POST"])\ndef items():\n    pass\n'],
  ])("extracts a changed %s file's facts in the verifiers' run: one runner call, the contract still fires", async (_lang, path, text) => {
    const { calls, found } = await scan({ [path]: text });
    expect(found).toContain(`${path}:1 contracts/require-auth`);
    // One call: the head's verifiers and the contracts' facts; no second parse for the contracts.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.find((f) => f.path === path)?.facts).toEqual({ withRoutes: true });
  });

  it("asks no facts of a file no contract reads (control)", async () => {
    const { calls, found } = await scan({ "src/lib/a.ts": 'router.post("/items", create);\n' });
    expect(found).toEqual([]);
    expect(calls.flat().some((f) => f.facts)).toBe(false);
  });

  it("passes a guarded route when the facts come from the shared parse (control)", async () => {
    const { found } = await scan({ "src/routes/a.ts": 'router.post("/items", requireAuth, create);\n' });
    expect(found).toEqual([]);
  });
});

describe("the parser's guards apply to the contracts too", () => {
  it("makes a route file nested past the parser's stack could-not-check, never a contracts crash", async () => {
    // Deep enough to overflow the TypeScript parser's recursion without the nesting guard.
    const { checked } = await scan({ "src/routes/a.ts": deep(5000) });
    expect(checked.findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(checked.incomplete.some((u) => u.file === "src/routes/a.ts" && /nests brackets deeper than/.test(u.reason))).toBe(true);
    // The rest of the file was still checked against the contract.
    expect(checked.findings.map((f) => f.ruleId)).toContain("contracts/require-auth");
  });

  it("checks a moderately nested route file with nothing left unchecked (control)", async () => {
    const { checked } = await scan({ "src/routes/a.ts": deep(20) });
    expect(checked.incomplete).toEqual([]);
    expect(checked.findings.map((f) => f.ruleId)).toContain("contracts/require-auth");
  });

  it("reports a Python syntax error in a file only the contracts read as could-not-check", async () => {
    const { checked } = await scan({ "app/routes/a.py": '@bp.route("/items", methods=["POST"])\ndef items(:\n    pass\n' });
    expect(checked.incomplete.some((u) => u.file === "app/routes/a.py" && /syntax error on line 2/.test(u.reason))).toBe(true);
  });
});
