// What comparing with the base costs: a pull request of FILES Python and FILES TypeScript files,
// each with one finding, through scanPull twice: as new files (no base to read or check) and as
// modified files (the base texts join the head's GraphQL batches and the rules run again on the
// base of every file with a finding). Prints wall time (best of RUNS) and the requests GitHub
// would be asked for file text. Usage: node dist/bench/baseline.js (npm run bench:baseline)
import { loadCatalogue } from "../src/engine/catalogue.js";
import { parseConfig } from "../src/engine/config.js";
import { scanPull } from "../src/engine/scan.js";
import type { FileRequest, PullSource, TextsByRef } from "../src/engine/types.js";
import { loadVerifiers } from "../src/verifiers/registry.js";

const FILES = 150;
const RUNS = 3;
const BATCH = 100;
const HEAD = "h".repeat(40);
const BASE = "b".repeat(40);
const PAD_PY = "def helper_{i}_{n}(x):\n    return x + {n}\n\n";
const PAD_TS = "export function helper{n}(x: number): number {\n  return x + {n};\n}\n";

function pad(template: string, i: number): string {
  return Array.from({ length: 30 }, (_, n) => template.replaceAll("{i}", String(i)).replaceAll("{n}", String(n))).join("");
}

function headText(path: string, i: number): string {
  return path.endsWith(".py")
    ? `import sqlite3\n\n${pad(PAD_PY, i)}def q(cur, x):\n    cur.execute(f"SELECT * FROM t WHERE id = {x}")\n`
    : `import https from "node:https";\n${pad(PAD_TS, i)}export const agent = new https.Agent({ rejectUnauthorized: false });\n`;
}

function baseText(path: string, i: number): string {
  return headText(path, i).replace('f"SELECT * FROM t WHERE id = {x}"', '"SELECT * FROM t WHERE id = ?", (x,)').replace("rejectUnauthorized: false", "keepAlive: true");
}

const PATHS = Array.from({ length: FILES * 2 }, (_, i) => (i % 2 === 0 ? `app/db/q${i}.py` : `src/db/q${i}.ts`));

class Source implements PullSource {
  textRequests = 0;
  constructor(private readonly modified: boolean) {}
  async pull() {
    return { owner: "acme", repo: "bench", number: 1, title: "t", body: "", author: { login: "Copilot", id: 198982749, type: "Bot" }, headSha: HEAD, headRef: "copilot/x", baseRef: "main", baseSha: BASE, labels: [], changedFiles: PATHS.length, commits: 1, draft: false };
  }
  async commits() {
    return [];
  }
  async commitAuthors() {
    return [];
  }
  async files() {
    return { files: PATHS.map((path) => ({ path, status: this.modified ? ("modified" as const) : ("added" as const), patch: "@@ -1 +1 @@\n-x\n+x" })), truncated: false };
  }
  async fileTexts(requests: FileRequest[]): Promise<TextsByRef> {
    this.textRequests += Math.ceil(requests.length / BATCH);
    const out: TextsByRef = new Map();
    for (const { path, ref } of requests) {
      const i = PATHS.indexOf(path);
      const text = ref === HEAD ? headText(path, i) : baseText(path, i);
      if (!out.has(ref)) out.set(ref, new Map());
      out.get(ref)!.set(path, { path, byteSize: text.length, binary: false, text });
    }
    return out;
  }
  async tree() {
    return { paths: PATHS, truncated: false };
  }
  async reviews() {
    return [];
  }
  async comments() {
    return [];
  }
  async role() {
    return "none";
  }
  async teamMembership() {
    return "none" as const;
  }
}

const catalogue = loadCatalogue();
const deps = { catalogue, verifiers: loadVerifiers(catalogue) };
const config = parseConfig({}, catalogue);

async function measure(modified: boolean): Promise<string> {
  let best = Infinity;
  let line = "";
  for (let r = 0; r < RUNS; r++) {
    const source = new Source(modified);
    const started = process.hrtime.bigint();
    const scan = await scanPull(source, config, deps);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ms < best) {
      best = ms;
      line = `${modified ? "modified, base compared" : "added, no base        "}  ${ms.toFixed(0)} ms  ${source.textRequests} text request(s)  ${scan.findings.length} findings, ${scan.onBaseFindings} on base`;
    }
  }
  return line;
}

await scanPull(new Source(false), config, deps);
console.log(`${PATHS.length} files (${FILES} Python, ${FILES} TypeScript), one finding each, best of ${RUNS}:`);
console.log(await measure(false));
console.log(await measure(true));
