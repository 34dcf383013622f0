// The verifier pool runs the same rules in real worker threads: same findings as in-thread,
// a file over its time budget is stopped and becomes "could not check" without hiding the
// others' findings, and an evaluation's signal terminates its work.
import { afterAll, describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { batchesOf, VerifierPool } from "../../src/engine/pool.js";
import { runVerifiers, type FileToCheck } from "../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { LOOP_MARKER, LOOPING_MODULE, verifier as looping } from "../support/looping-verifier.js";
import { GATE_WORD, LOOPING_TREE_MODULE, verifier as loopingTree } from "../support/looping-tree-verifier.js";

const catalogue = loadCatalogue();
const config = defaultConfig(catalogue);
const verifiers = [...loadVerifiers(catalogue), looping];
// One thread: a looping worker that was not terminated would starve every later task.
const pool = new VerifierPool({ threads: 1, fileTimeoutMs: 1500, extraModules: [LOOPING_MODULE] });
afterAll(() => pool.close());

const SQL = `from django.db import connection


def orders(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM orders WHERE id = {request.GET['id']}")
`;
const SECRET = `export const client = new Client({ password: "hunter2-prod-Zx81!q" });\n`;

function file(path: string, text: string): FileToCheck {
  return { path, status: "added", language: path.endsWith(".py") ? "python" : "typescript", text, scopes: ["data-layer", "query", "secrets"] };
}

describe("verifier pool", () => {
  it("finds what the in-thread run finds, in the same order", async () => {
    const files = [file("shop/db/orders.py", SQL), file("src/db/client.ts", SECRET)];
    const pooled = await pool.run(files, verifiers, config);
    const inThread = await runVerifiers(files, verifiers, config);
    expect(pooled.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["python/sql-injection"]));
    expect(pooled).toEqual(inThread);
  });

  it("stops a file over its time budget and reports it as could-not-check; the other file's finding stands", async () => {
    const files = [file("shop/db/slow.py", `# ${LOOP_MARKER}\n`), file("shop/db/orders.py", SQL)];
    const result = await pool.run(files, verifiers, config);
    expect(result.incomplete).toEqual([{ file: "shop/db/slow.py", reason: expect.stringContaining("longer than the 1.5 s per-file budget") }]);
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain("shop/db/orders.py python/sql-injection");
    expect(pool.busy).toBe(0);
  });

  it("control: the same files without the pathological one are all checked", async () => {
    const result = await pool.run([file("shop/db/fast.py", "x = 1\n"), file("shop/db/orders.py", SQL)], verifiers, config);
    expect(result.incomplete).toEqual([]);
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain("shop/db/orders.py python/sql-injection");
  });

  it("a file over its budget in the middle of a batch: it alone is could-not-check, every other file of the batch is checked", async () => {
    const many = Array.from({ length: 12 }, (_, i) => file(`shop/db/orders${i}.py`, SQL));
    const slow = file("shop/db/slow.py", `# ${LOOP_MARKER}\n${"# padding\n".repeat(20)}`);
    expect(batchesOf([...many, slow].map((f) => ({ file: f })))).toHaveLength(1);
    const result = await pool.run([...many.slice(0, 6), slow, ...many.slice(6)], verifiers, config);
    expect(result.incomplete).toEqual([{ file: "shop/db/slow.py", reason: expect.stringContaining("per-file budget") }]);
    expect(result.findings.filter((f) => f.ruleId === "python/sql-injection").map((f) => f.file)).toEqual(many.map((f) => f.path));
  });

  it("a rule the workers do not have fails its file closed; the batch's other files are checked", async () => {
    const stranger = { ...looping, id: "test/not-in-workers", languages: ["typescript" as const], meta: { ...looping.meta, id: "test/not-in-workers" } };
    const files = [file("shop/db/orders.py", SQL), file("src/db/client.ts", SECRET)];
    const result = await pool.run(files, [...verifiers, stranger], config);
    expect(result.incomplete).toEqual([{ file: "src/db/client.ts", reason: expect.stringContaining("the worker has no verifier test/not-in-workers") }]);
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["shop/db/orders.py python/sql-injection"]);
  });

  it("the evaluation's signal terminates the running file and rejects; the pool serves the next run", async () => {
    const controller = new AbortController();
    const stopped = new Error("evaluation budget spent");
    const running = pool.run([file("shop/db/slow.py", `# ${LOOP_MARKER}\n`)], verifiers, config, { signal: controller.signal });
    while (pool.busy === 0) await new Promise((r) => setTimeout(r, 20));
    controller.abort(stopped);
    await expect(running).rejects.toBe(stopped);
    const next = await pool.run([file("shop/db/orders.py", SQL)], verifiers, config);
    expect(next.findings.map((f) => f.ruleId)).toContain("python/sql-injection");
  });
});

describe("split run (the CLI): text rules and gates in the caller's thread, parsing rules on the workers", () => {
  const split = new VerifierPool({ threads: 1, fileTimeoutMs: 1500, extraModules: [LOOPING_TREE_MODULE] });
  afterAll(() => split.close());
  // The text rule that loops would loop here, in the caller's thread, which has no budget: left out.
  const all = [...loadVerifiers(catalogue), loopingTree];
  const YAML = `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: "Zq81-prod-hunter2!"\n`;

  it("finds what the in-thread run finds, in the same order, over more files than the workers hold (this thread parses some), facts included", async () => {
    const files = [
      ...Array.from({ length: 120 }, (_, i) => file(`shop/db/orders${i}.py`, SQL)),
      file("src/db/client.ts", SECRET),
      { ...file("docker-compose.yml", YAML), language: "text" as const },
      file("shop/util.py", "x = 1\n"),
      { ...file("shop/models.py", "from django.db import models\n"), facts: { withRoutes: false } },
    ];
    const result = await split.runSplit(files, all, config);
    expect(result.findings.filter((f) => f.ruleId === "python/sql-injection")).toHaveLength(120);
    expect(result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["any/hardcoded-credentials"]));
    expect(result.facts?.map((f) => f.path)).toEqual(["shop/models.py"]);
    expect(result).toEqual(await runVerifiers(files, all, config));
  });

  it("a parse over its budget is could-not-check; the file's text findings and the other files' stand", async () => {
    const slow = file("shop/db/slow.py", `# ${LOOP_MARKER} ${GATE_WORD}\npassword = "Zq81-prod-hunter2!"\n`);
    const result = await split.runSplit([slow, file("shop/db/orders.py", SQL)], all, config);
    expect(result.incomplete).toEqual([{ file: "shop/db/slow.py", reason: expect.stringContaining("per-file budget") }]);
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["shop/db/slow.py any/hardcoded-credentials", "shop/db/orders.py python/sql-injection"]);
  });

  it("gates are tried here: a parsing rule whose gate the file fails is never run, so the loop never starts", async () => {
    const result = await split.runSplit([file("shop/db/closed.py", `# ${LOOP_MARKER}\n`), file("shop/db/orders.py", SQL)], all, config);
    expect(result.incomplete).toEqual([]);
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["shop/db/orders.py python/sql-injection"]);
  });

  it("a file whose text cannot be read again is could-not-check once, with no parse", async () => {
    const gone: FileToCheck = { path: "shop/db/gone.py", status: "added", language: "python", scopes: ["data-layer"], onDisk: { file: "/nonexistent/agent-gate/gone.py", byteSize: 10, maxBytes: 1 << 20 } };
    const result = await split.runSplit([gone], all, config);
    expect(result.incomplete).toEqual([{ file: "shop/db/gone.py", reason: "its text could not be read again from disk" }]);
    expect(result.findings).toEqual([]);
  });
});

describe("batches", () => {
  const sized = (path: string, bytes: number): { file: FileToCheck } => ({ file: file(path, "x".repeat(bytes)) });

  it("largest first, a large file alone, small files together up to 32 files or 64 KB", () => {
    const jobs = [sized("a.py", 100), sized("big.ts", 300 * 1024), sized("b.py", 40 * 1024), sized("c.py", 30 * 1024), ...Array.from({ length: 40 }, (_, i) => sized(`s${i}.py`, 10))];
    const paths = batchesOf(jobs).map((b) => b.map((j) => j.file.path));
    expect(paths[0]).toEqual(["big.ts"]);
    expect(paths[1]).toEqual(["b.py"]);
    expect(paths[2]).toEqual(["c.py", "a.py", ...Array.from({ length: 30 }, (_, i) => `s${i}.py`)]);
    expect(paths[3]).toEqual(Array.from({ length: 10 }, (_, i) => `s${i + 30}.py`));
    expect(paths.flat().sort()).toEqual(jobs.map((j) => j.file.path).sort());
  });
});
