// bench:speed — the gate's cost next to the bare parse of the same files, in one run:
//   bare parse   tree-sitter (Python) and ts.createSourceFile (TS/JS) over every code file, one thread;
//   agent-gate   `agent-gate scan --format json --all-files` over the same directories (worker pool);
// each in its own process, so each peak RSS is that side's alone. Prints the ratio (target ≤ 1.5×),
// the peak RSS (target ≤ 512 MB) and the blocking findings per rule.
// Usage: npm run bench:speed -- [--profile] CORPUS_DIR [CORPUS_DIR...]
//   --profile  also runs every rule in one thread over the same files and prints each rule's CPU
//              time and the parse's (a third process; not part of the ratio).
// Corpora used for the figures (real public projects, ≥ 400k lines each, from npm and Debian):
//   TS/JS   Babylon.js 9 (written in TypeScript, shipped as ES modules + .d.ts; 6,775 code files, 654k lines):
//             npm install --prefix /tmp/corpus-ts --no-save --ignore-scripts @babylonjs/core@9
//             (or: npm pack @babylonjs/core && mkdir corpus-ts && tar xzf babylonjs-core-*.tgz -C corpus-ts;
//              the corpus is then corpus-ts/package)
//             npm run bench:speed -- /tmp/corpus-ts/node_modules/@babylonjs/core
//   Python  SymPy 1.11 from Debian's python3-sympy (1,473 files, 754k lines):
//             (cd /tmp && apt-get download python3-sympy && dpkg -x python3-sympy_*.deb corpus-py)
//             npm run bench:speed -- /tmp/corpus-py/usr/lib/python3/dist-packages/sympy
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 512;

interface Side {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  files?: number;
  lines?: number;
  perRule?: Record<string, number>;
}

function side(args: string[], env: NodeJS.ProcessEnv = {}): Side {
  const child = fileURLToPath(new URL("./speed-child.js", import.meta.url));
  const r = spawnSync(process.execPath, [child, ...args], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`${args[0]} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(last) as Side;
}

function perRule(jsonFile: string): [string, number][] {
  const { findings } = JSON.parse(readFileSync(jsonFile, "utf8")) as { findings: { ruleId: string; severity: string }[] };
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === "blocking") counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Each rule's CPU time in one thread, largest first, next to the bare parse's. */
function printProfile(p: Side, parseCpuMs: number): void {
  const rows = Object.entries(p.perRule ?? {}).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((n, [, ms]) => n + ms, 0);
  console.log(`per rule, one thread (${(p.cpuMs / 1000).toFixed(1)} s CPU in all, ${(total / 1000).toFixed(1)} s in rules and parse):`);
  for (const [id, ms] of rows) {
    if (ms < 1) continue;
    console.log(`  ${`${(ms / 1000).toFixed(2)} s`.padStart(9)}  ${((100 * ms) / parseCpuMs).toFixed(1).padStart(6)}% of bare parse  ${id}`);
  }
}

const wantProfile = process.argv.includes("--profile");
const dirs = process.argv.slice(2).filter((a) => a !== "--profile");
if (dirs.length === 0) {
  console.error("usage: npm run bench:speed -- [--profile] CORPUS_DIR [CORPUS_DIR...]");
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), "agent-gate-speed-"));
try {
  const out = join(tmp, "scan.json");
  const parse = side(["parse", ...dirs]);
  const gate = side(["scan", "--format", "json", "--all-files", ...dirs], { SPEED_OUT: out });
  const ratio = gate.ms / parse.ms;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`corpus: ${dirs.join(" ")}`);
  console.log(`code files: ${parse.files}, lines: ${parse.lines}`);
  console.log(`bare parse:  ${s(parse.ms)} wall, ${s(parse.cpuMs)} CPU, peak RSS ${parse.maxRssMb.toFixed(0)} MB`);
  console.log(`agent-gate:  ${s(gate.ms)} wall, ${s(gate.cpuMs)} CPU (all threads), peak RSS ${gate.maxRssMb.toFixed(0)} MB`);
  // On a shared machine wall time swings with the load; CPU time does not.
  console.log(`CPU ratio: ${(gate.cpuMs / parse.cpuMs).toFixed(2)}×`);
  console.log(`wall ratio: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×${ratio <= TARGET_RATIO ? ", met" : ", MISSED"}); peak RSS ${gate.maxRssMb <= TARGET_RSS_MB ? "within" : "OVER"} ${TARGET_RSS_MB} MB`);
  console.log("blocking findings per rule:");
  const counts = perRule(out);
  if (counts.length === 0) console.log("  (none)");
  for (const [rule, n] of counts) console.log(`  ${String(n).padStart(6)}  ${rule}`);
  if (wantProfile) printProfile(side(["profile", ...dirs]), parse.cpuMs);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
