import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";

let root: string;

function write(rel: string, text: string): void {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "agent-gate-cli-"));
  write("app/db/users.py", 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n');
  write("app/util.py", 'def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = " + name)\n');
  write("app/clean.py", "def add(a, b):\n    return a + b\n");
  write("node_modules/dep/db/x.py", 'cur.execute(f"SELECT {x}")\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("agent-gate scan", () => {
  it("prints findings as JSON with paths relative to the scanned root and exits 1 on a blocking one", async () => {
    const { code, out } = await run("scan", "--format", "json", root);
    expect(code).toBe(1);
    const { findings } = JSON.parse(out) as { findings: { file: string; ruleId: string; line: number; fingerprint: string; wholeFile?: boolean }[] };
    // app/util.py is not in a gated scope by path, but its SQL text puts it in the query scope.
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort()).toEqual([
      "app/db/users.py:2 python/sql-injection",
      "app/util.py:2 python/sql-injection",
    ]);
    expect(findings[0]).not.toHaveProperty("wholeFile");
  });

  it("does not report the repository's own workflows, CODEOWNERS or gate config as tampering", async () => {
    write("repo/.github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n");
    write("repo/.github/CODEOWNERS", "* @acme/platform\n");
    write("repo/.github/agent-gate.yml", "gate: all\n");
    const { code, out } = await run("scan", "--format", "json", join(root, "repo"));
    expect(JSON.parse(out).findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("exits 0 when nothing blocks, with a text summary", async () => {
    const { code, out } = await run("scan", join(root, "app", "clean.py"));
    expect(code).toBe(0);
    expect(out).toContain("0 finding(s), 0 blocking");
  });

  it("applies a config file: a rule turned off no longer blocks", async () => {
    write("cfg/agent-gate.yml", "rules:\n  python/sql-injection: off\n");
    const { code } = await run("scan", "--config", join(root, "cfg", "agent-gate.yml"), join(root, "app"));
    expect(code).toBe(0);
  });

  it("runs every verifier on every file of its language with --all-files", async () => {
    write("lib/app.py", "from flask import Flask\n\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n");
    write("cfg/narrow.yml", "scopes:\n  auth: { replace: true, signals: false }\n  web: { replace: true, signals: false }\n");
    const narrow = join(root, "cfg", "narrow.yml");
    expect((await run("scan", "--config", narrow, join(root, "lib"))).out).not.toContain("python/debug-enabled");
    expect((await run("scan", "--config", narrow, "--all-files", join(root, "lib"))).out).toContain("python/debug-enabled");
  });

  it("follows links as it walks: a linked file and a linked folder are scanned like the others", async () => {
    const outside = mkdtempSync(join(tmpdir(), "agent-gate-cli-outside-"));
    try {
      writeFileSync(join(outside, "orders.py"), 'def find(cur, oid):\n    cur.execute(f"SELECT * FROM orders WHERE id = \'{oid}\'")\n');
      mkdirSync(join(root, "linked"), { recursive: true });
      symlinkSync(join(outside, "orders.py"), join(root, "linked", "orders.py"));
      symlinkSync(outside, join(root, "linked", "folder"));
      const { out } = await run("scan", "--format", "json", join(root, "linked"));
      const files = (JSON.parse(out) as { findings: { file: string; ruleId: string }[] }).findings.map((f) => `${f.file} ${f.ruleId}`);
      expect(files).toEqual(expect.arrayContaining(["orders.py python/sql-injection", "folder/orders.py python/sql-injection"]));
    } finally {
      rmSync(join(root, "linked"), { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("names what it could not check on stderr: a NUL byte in source, a binary module", async () => {
    write("odd/a.py", "x = 1\n\0import os\n");
    write("odd/speedups.so", "\x7fELF\0");
    const { code, err, out } = await run("scan", join(root, "odd"));
    expect(err).toContain("could not check: a.py This file has a Python extension but");
    // Nothing blocking was found, yet what could not be checked is not passed.
    expect(out).toContain("0 blocking");
    expect(code).toBe(1);
    expect(err).toContain("could not check: speedups.so This .so file is executable");
  });

  it("runs the SQL rules on every file of their language, whatever the scopes", async () => {
    write("lib/helpers.py", 'def q(cur, t):\n    return cur.execute("DELETE FROM jobs WHERE id = " + t)\n');
    write("cfg/narrow.yml", "scopes:\n  query: { replace: true, signals: false }\n  data-layer: { replace: true, signals: false }\n");
    const { code, out } = await run("scan", "--config", join(root, "cfg", "narrow.yml"), join(root, "lib"));
    expect(code).toBe(1);
    expect(out).toContain("helpers.py:2  blocking  python/sql-injection");
  });

  it.each([
    [["scan"], "scan needs at least one path"],
    [["scan", "--format", "xml", "."], "--format must be text, json or sarif, not xml"],
    [["scan", "--format", "sarif", "--rules-url", "docs/rules", "."], "--rules-url must be an absolute http(s) URL"],
    [["scan", "--bogus", "."], "Unknown option"],
    [["scan", "/no/such/path"], "no such file or directory"],
    [["frobnicate"], "unknown command frobnicate"],
  ])("exits 2 on usage errors: %j", async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it("exits 2 with the key and allowed values on a bad config", async () => {
    write("cfg/bad.yml", "gate: sometimes\n");
    const { code, err } = await run("scan", "--config", join(root, "cfg", "bad.yml"), root);
    expect(code).toBe(2);
    expect(err).toContain("`gate` must be one of: agents, all");
  });
});
