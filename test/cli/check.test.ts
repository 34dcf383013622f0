import { afterAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";
import { sarifErrors } from "../support/sarif-schema.js";

// Real repositories in temporary directories: a base branch `main` and a feature branch on top.
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Dev",
  GIT_AUTHOR_EMAIL: "dev@example.com",
  GIT_COMMITTER_NAME: "Dev",
  GIT_COMMITTER_EMAIL: "dev@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: ENV, encoding: "utf8" });
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [rel, text] of Object.entries(files)) {
    const full = join(dir, rel);
    if (text === null) {
      unlinkSync(full);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** A repository whose main holds `base`, with a branch `feature` committing `change` on top. */
function repo(base: Record<string, string>, change: Record<string, string | null>, message = "Add user search"): string {
  const dir = mkdtempSync(join(tmpdir(), "agent-gate-check-test-"));
  made.push(dir);
  git(dir, "init", "-q", "-b", "main");
  write(dir, { "README.md": "# shop\n", ...base });
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  if (Object.keys(change).length > 0) {
    write(dir, change);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", message);
  }
  return dir;
}

async function check(dir: string, ...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(["check", ...argv], { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
  return { code, out, err };
}

interface Json {
  conclusion: string;
  findings: { file: string; line: number; ruleId: string; category: string; severity: string }[];
  incomplete: { file?: string; reason: string }[];
}

async function json(dir: string, ...argv: string[]): Promise<{ code: number; body: Json }> {
  const { code, out, err } = await check(dir, "--format", "json", ...argv);
  expect(err).toBe("");
  return { code, body: JSON.parse(out) as Json };
}

const INJECTION = 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n';
const SAFE = 'def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = %s", (name,))\n';
const VIEWS = (guarded: boolean) =>
  [
    "from flask import Blueprint",
    "from flask_login import login_required",
    "",
    'bp = Blueprint("admin", __name__)',
    "",
    "",
    '@bp.get("/stats")',
    "@login_required",
    "def stats():",
    "    return {}",
    "",
    "",
    '@bp.post("/purge")',
    ...(guarded ? ["@login_required"] : []),
    "def purge():",
    "    return {}",
    "",
  ].join("\n");

describe("agent-gate check", () => {
  it("passes a clean change with exit 0 and says what it compared", async () => {
    const dir = repo({ "app/db/users.py": "def noop():\n    pass\n" }, { "app/db/users.py": SAFE });
    const { code, out, err } = await check(dir);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("agent-gate check: feature at");
    expect(out).toContain("against main (merge base");
    expect(out).toContain("No blocking findings");
    expect(out).toContain("The pull request would pass.");
    // Each changed file came with its hunks, as GitHub lists them.
    expect(out).not.toContain("has no patch");
  });

  it("holds back a change that introduces SQL injection: exit 1, the finding and the instruction for the agent", async () => {
    const dir = repo({ "app/db/users.py": SAFE }, { "app/db/users.py": INJECTION });
    const { code, out } = await check(dir);
    expect(code).toBe(1);
    expect(out).toContain("python/sql-injection");
    expect(out).toContain("### For the agent that wrote this PR");
    expect(out).toMatch(/`app\/db\/users\.py:2` `python\/sql-injection`/);
    expect(out).toContain("would be held back");
  });

  it("prints JSON with the conclusion, findings and incomplete, paths relative to the repository root", async () => {
    const dir = repo({ "app/db/users.py": SAFE }, { "app/db/users.py": INJECTION });
    // Run from a subdirectory: paths are still the repository's.
    const { code, body } = await json(join(dir, "app"));
    expect(code).toBe(1);
    expect(body.conclusion).toBe("action_required");
    expect(body.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`)).toEqual(["app/db/users.py:2 python/sql-injection blocking"]);
    expect(body.incomplete).toEqual([]);
    expect(body.findings[0]).not.toHaveProperty("wholeFile");
  });

  it("writes valid SARIF with --format sarif: the change's finding at its line, the exit code unchanged", async () => {
    const dir = repo({ "app/db/users.py": SAFE }, { "app/db/users.py": INJECTION });
    const { code, out } = await check(dir, "--format", "sarif", "--rules-url", "https://example.test/docs/rules/");
    const log = JSON.parse(out) as { runs: { automationDetails: { id: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(code).toBe(1);
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.automationDetails.id).toBe("agent-gate/check/");
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ["python/sql-injection", "app/db/users.py", 2],
    ]);
    expect((await check(repo({ "app/db/users.py": SAFE }, {}), "--format", "sarif")).code).toBe(0);
  });

  it("does not report what the base already had (findings are new relative to the base)", async () => {
    const dir = repo({ "app/db/users.py": INJECTION }, { "app/db/users.py": `# search\n${INJECTION}` });
    const { code, body } = await json(dir);
    expect(body.findings).toEqual([]);
    expect(code).toBe(0);
    // Control: the same finding is reported against a base without it.
    const fresh = repo({ "app/db/users.py": "# search\n" }, { "app/db/users.py": `# search\n${INJECTION}` });
    expect((await json(fresh)).body.findings.map((f) => f.ruleId)).toEqual(["python/sql-injection"]);
  });

  it("reports deleting @login_required from a route, and passes the same file untouched", async () => {
    const dir = repo({ "app/blueprints/admin.py": VIEWS(true) }, { "app/blueprints/admin.py": VIEWS(false) });
    const { code, body } = await json(dir);
    expect(code).toBe(1);
    expect(body.findings.map((f) => `${f.file} ${f.category}`)).toContain("app/blueprints/admin.py missing-auth");
    const control = repo({ "app/blueprints/admin.py": VIEWS(true) }, { "README.md": "# shop\n\nSearch.\n" });
    expect(await json(control)).toEqual({ code: 0, body: expect.objectContaining({ findings: [] }) });
  });

  it("reads the config from the base: the change's own edit turning a rule off is not obeyed but reported as gate tamper", async () => {
    const dir = repo(
      { "app/db/users.py": SAFE },
      { "app/db/users.py": INJECTION, ".github/agent-gate.yml": "rules:\n  python/sql-injection: off\n  any/gate-tamper: off\n" },
    );
    const { code, body } = await json(dir);
    expect(code).toBe(1);
    const ids = body.findings.map((f) => `${f.file} ${f.ruleId}`);
    expect(ids).toContain("app/db/users.py python/sql-injection");
    expect(ids).toContain(".github/agent-gate.yml any/gate-tamper");
    // Control: the same setting on the base is obeyed.
    const onBase = repo({ "app/db/users.py": SAFE, ".github/agent-gate.yml": "rules:\n  python/sql-injection: off\n" }, { "app/db/users.py": INJECTION });
    expect(await json(onBase)).toEqual({ code: 0, body: expect.objectContaining({ findings: [] }) });
  });

  it("exits 2 naming a base ref it cannot read", async () => {
    const dir = repo({}, { "a.txt": "a\n" });
    const { code, err, out } = await check(dir, "--base", "no-such-branch");
    expect(code).toBe(2);
    expect(err).toContain("no-such-branch");
    expect(out).toBe("");
    // Control: an explicit base that exists is used.
    expect((await check(dir, "--base", "main")).code).toBe(0);
  });

  it("exits 2 naming the key when the base's config is invalid", async () => {
    const dir = repo({ ".github/agent-gate.yml": "gate: everyone\nscopez: {}\n" }, { "a.txt": "a\n" });
    const { code, err } = await check(dir);
    expect(code).toBe(2);
    expect(err).toContain("main:.github/agent-gate.yml");
    expect(err).toContain("`gate`");
    expect(err).toContain("`scopez`");
  });

  it("checks uncommitted and untracked changes by default, and only the commits with --committed", async () => {
    const dir = repo({ "app/db/users.py": SAFE }, { "README.md": "# shop\n\nSearch.\n" });
    write(dir, { "app/db/users.py": INJECTION, "app/db/orders.py": INJECTION.replace("users", "orders") });
    const { code, body } = await json(dir);
    expect(code).toBe(1);
    expect(body.findings.map((f) => f.file).sort()).toEqual(["app/db/orders.py", "app/db/users.py"]);
    const text = await check(dir);
    expect(text.out).toContain("plus the uncommitted changes (untracked files included)");
    expect(await json(dir, "--committed")).toEqual({ code: 0, body: expect.objectContaining({ findings: [] }) });
    // The user's staging area is left as it was.
    expect(git(dir, "status", "--porcelain")).toBe(" M app/db/users.py\n?? app/db/orders.py\n");
  });

  it("uses the upstream's merge base by default, not the branch's own pushed copy", async () => {
    const dir = repo({ "app/db/users.py": SAFE }, { "app/db/users.py": INJECTION });
    // A remote holding main and the pushed feature branch, tracked with -u as agents push.
    const remote = mkdtempSync(join(tmpdir(), "agent-gate-check-remote-"));
    made.push(remote);
    git(remote, "init", "-q", "--bare");
    git(dir, "remote", "add", "origin", remote);
    git(dir, "push", "-q", "origin", "main");
    git(dir, "push", "-q", "-u", "origin", "feature");
    git(dir, "branch", "-q", "-D", "main");
    const { code, body } = await json(dir);
    expect(body.findings.map((f) => f.ruleId)).toEqual(["python/sql-injection"]);
    expect(code).toBe(1);
  });

  it("follows a rename: a file moved unchanged brings no finding, a moved file given an injection does", async () => {
    const dir = repo({ "app/db/users.py": INJECTION }, {});
    git(dir, "mv", "app/db/users.py", "app/db/people.py");
    git(dir, "commit", "-q", "-m", "Rename");
    expect(await json(dir)).toEqual({ code: 0, body: expect.objectContaining({ findings: [] }) });
    const changed = repo({ "app/db/users.py": `${SAFE}\n\ndef other():\n    return 1\n` }, {});
    git(changed, "mv", "app/db/users.py", "app/db/people.py");
    write(changed, { "app/db/people.py": `${INJECTION}\n\ndef other():\n    return 1\n` });
    git(changed, "commit", "-q", "-am", "Rename and change");
    const { code, body } = await json(changed);
    expect(body.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["app/db/people.py:2 python/sql-injection"]);
    expect(code).toBe(1);
  });

  it("says when the base's config extends another repository, which it cannot read", async () => {
    const dir = repo({ ".github/agent-gate.yml": "_extends: .github\nrules:\n  python/sql-injection: off\n", "app/db/users.py": SAFE }, { "app/db/users.py": INJECTION });
    const { code, out } = await check(dir);
    expect(out).toContain("`_extends: .github` names another repository");
    // The file's own settings still apply.
    expect(out).not.toContain("python/sql-injection");
    expect(code).toBe(0);
  });

  it("exits 2 outside a git checkout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-gate-check-nogit-"));
    made.push(dir);
    const { code, err } = await check(dir);
    expect(code).toBe(2);
    expect(err).toContain("not inside a git work tree");
  });

  it("is in --help and in the README, with every flag", async () => {
    let help = "";
    expect(await main(["--help"], { out: (t) => (help += t), err: () => undefined })).toBe(0);
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const text of [help, readme]) {
      for (const flag of ["agent-gate check", "--base", "--format", "--committed", "--title", "--body"]) expect(text).toContain(flag);
    }
    for (const file of ["AGENTS.md", "CLAUDE.md", ".github/copilot-instructions.md"]) expect(readme).toContain(file);
  });

  it("rejects an unknown format with exit 2", async () => {
    const dir = repo({}, { "a.txt": "a\n" });
    const { code, err } = await check(dir, "--format", "xml");
    expect(code).toBe(2);
    expect(err).toContain("--format must be text, json or sarif");
  });
});
