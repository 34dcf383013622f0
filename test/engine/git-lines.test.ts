// Line numbers are git's: lines end at "\n" only. A CR-only file is one line to git and GitHub,
// and U+2028/U+2029 in a comment or string start no line, whatever the parser thinks.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { GitLines, lineAt } from "../../src/engine/lines.js";
import { scanPull } from "../../src/engine/scan.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { MemorySource } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const deps = { catalogue, verifiers: loadVerifiers(catalogue) };
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };

describe("GitLines", () => {
  it("breaks lines at \\n only", () => {
    const text = "a\rb\u2028c\u2029d\r\ne\nf";
    const lines = new GitLines(text);
    expect([0, text.indexOf("d"), text.indexOf("\n"), text.indexOf("e"), text.indexOf("f")].map((o) => lines.lineOf(o))).toEqual([1, 1, 1, 2, 3]);
    expect(lineAt(text, text.indexOf("f"))).toBe(3);
    expect(new GitLines("").lineOf(0)).toBe(1);
  });
});

/** One file through the whole engine, as new or as modified from `base`; findings as "rule:line". */
async function found(path: string, text: string, base?: string): Promise<string[]> {
  const file = base === undefined ? text : { text, status: "modified" as const, patch: "@@ -1 +1 @@\n-x\n+x" };
  const src = new MemorySource({ meta: { author: COPILOT }, files: { [path]: file }, ...(base !== undefined ? { base: { [path]: base } } : {}) });
  const scan = await scanPull(src, parseConfig({}, catalogue), deps);
  return scan.findings.map((f) => `${f.ruleId}:${f.line}`);
}

const CASES = [
  {
    family: "typescript/*",
    path: "src/net/client.ts",
    rule: "typescript/tls",
    safe: "export const agent = new https.Agent({ keepAlive: true });",
    bad: "export const agent = new https.Agent({ rejectUnauthorized: false });",
  },
  {
    family: "python/*",
    path: "billing/client.py",
    rule: "python/tls-verify-disabled",
    safe: 'resp = requests.get("https://billing.internal/api", timeout=10)',
    bad: 'resp = requests.get("https://billing.internal/api", timeout=10, verify=False)',
  },
  {
    family: "any/*",
    path: "shop/settings.py",
    rule: "any/hardcoded-credentials",
    safe: 'DATABASES = {"default": {"PASSWORD": os.environ["DB_PASSWORD"]}}',
    bad: 'DATABASES = {"default": {"PASSWORD": "Tr0ub4dor&3"}}',
  },
];

describe.each(CASES)("$family", ({ path, rule, safe, bad }) => {
  const comment = path.endsWith(".py") ? "#" : "//";
  const quote = (s: string) => (path.endsWith(".py") ? `x = "${s}"` : `const x = "${s}";`);
  const imports = path.endsWith(".py") ? "import os\nimport requests" : 'import https from "node:https";';
  const withBreaks = (line: string) => [imports, `${comment} one\u2028two\u2029three`, quote("a\u2028b"), line, ""].join("\n");
  const lineOfBad = imports.split("\n").length + 3;

  it("U+2028/U+2029 in a comment and a string shift nothing: new file", async () => {
    expect((await found(path, withBreaks(bad))).filter((f) => f.startsWith(rule))).toEqual([`${rule}:${lineOfBad}`]);
  });

  it("U+2028/U+2029 in a comment and a string shift nothing: modified file, finding reported", async () => {
    expect((await found(path, withBreaks(bad), withBreaks(safe))).filter((f) => f.startsWith(rule))).toEqual([`${rule}:${lineOfBad}`]);
    expect(await found(path, withBreaks(bad), withBreaks(bad))).toEqual([]);
  });

  it("a CR-only file is one git line: the finding is on line 1, new or modified", async () => {
    const cr = (line: string) => [imports.replace(/\n/g, "\r"), "", line, ""].join("\r");
    expect((await found(path, cr(bad))).filter((f) => f.startsWith(rule))).toEqual([`${rule}:1`]);
    expect((await found(path, cr(bad), cr(safe))).filter((f) => f.startsWith(rule))).toEqual([`${rule}:1`]);
  });
});

describe("any/* YAML rules", () => {
  const workflow = (note: string) =>
    ["name: ci", `# ${note}`, 'env: { GREETING: "a\u2028b" }', "on: push", "jobs:", "  release:", "    runs-on: ubuntu-latest", "    permissions: write-all", "    steps:", "      - run: gh release create v1", ""].join("\n");

  it("U+2028/U+2029 in a comment and a string shift nothing, new or modified", async () => {
    const text = workflow("one\u2028two\u2029three");
    expect((await found(".github/workflows/release.yml", text)).filter((f) => f.startsWith("any/workflow-permissions"))).toEqual(["any/workflow-permissions:8"]);
    const base = text.replace("permissions: write-all", "permissions: { contents: write }");
    expect((await found(".github/workflows/release.yml", text, base)).filter((f) => f.startsWith("any/workflow-permissions"))).toEqual(["any/workflow-permissions:8"]);
  });
});
