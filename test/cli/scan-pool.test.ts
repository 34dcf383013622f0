// `agent-gate scan` runs the verifiers and the contracts' fact extraction on the worker pool when
// there are enough files, with the same result as one thread: findings, what could not be
// checked, and contract findings whose facts crossed the thread boundary.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";

let root: string;
const saved = process.env.AGENT_GATE_WORKERS;

function write(rel: string, text: string): void {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function scanWith(workers: string) {
  process.env.AGENT_GATE_WORKERS = workers;
  let out = "";
  const code = await main(["scan", "--format", "json", "--all-files", root], { out: (t) => (out += t), err: () => undefined });
  const parsed = JSON.parse(out) as { findings: { file: string; line: number; ruleId: string; fingerprint: string }[]; incomplete: { file?: string; reason: string }[] };
  return { code, ...parsed };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "agent-gate-pool-"));
  for (let i = 0; i < 40; i++) write(`app/util${i}.py`, `def add${i}(a, b):\n    return a + b\n`);
  write("app/db/users.py", 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n');
  write("src/routes/items.ts", 'router.post("/items", async (req, res) => res.sendStatus(201));\n');
  // A rule can report here (a query call), so the file is parsed and its nesting stops the parser.
  write("src/deep.ts", `const x = ${"[".repeat(5000)}${"]".repeat(5000)};\nexport const rows = db.query(\`SELECT * FROM t WHERE id = \${x}\`);\n`);
  write(".github/agent-gate.yml", "contracts:\n  require_auth:\n    routes: ['src/routes/**']\n    guards: [requireAuth]\n");
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (saved === undefined) delete process.env.AGENT_GATE_WORKERS;
  else process.env.AGENT_GATE_WORKERS = saved;
});

describe("agent-gate scan on the worker pool", () => {
  it("finds on two workers exactly what one thread finds, contracts included", async () => {
    const pooled = await scanWith("2");
    const inThread = await scanWith("1");
    const found = pooled.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();
    expect(found).toEqual(expect.arrayContaining(["app/db/users.py:2 python/sql-injection", "src/routes/items.ts:1 contracts/require-auth"]));
    expect(pooled.findings).toEqual(inThread.findings);
    expect(pooled.incomplete).toEqual(inThread.incomplete);
    expect(pooled.incomplete.map((u) => u.file)).toContain("src/deep.ts");
    expect(pooled.code).toBe(1);
  }, 120_000);
});
