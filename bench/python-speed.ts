// Speed and memory of the Python rules over Django, Flask and SQLAlchemy, next to tree-sitter's
// bare parse of the same files. Three figures, each the best of RUNS rounds:
//   parse     parsing every file alone;
//   rules     running every Python rule on the already parsed trees (parse time excluded);
//   engine    runVerifiers end to end (parse, rules, findings), as the gate runs it.
// Usage: node dist/bench/python-speed.js
import type { Tree } from "web-tree-sitter";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { initPython, parsePython } from "../src/verifiers/python/parser.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import type { VerifierContext } from "../src/verifiers/types.js";
import { loadSources } from "./python-sources.js";

const RUNS = 3;
const TARGET = 1.5;

const sources = loadSources();
const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue).filter((v) => v.id.startsWith("python/"));
const lines = sources.reduce((n, s) => n + s.lines, 0);
const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);
await initPython();

let peakRss = process.memoryUsage().rss;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function parseAll(): number {
  const start = performance.now();
  for (const s of sources) {
    parsePython(s.text).delete();
    sample();
  }
  return performance.now() - start;
}

function rulesAll(perRule: Map<string, number>): number {
  let total = 0;
  for (const s of sources) {
    const tree: Tree = parsePython(s.text);
    const ctx: VerifierContext = {
      path: s.path,
      language: "python",
      text: s.text,
      status: "added",
      baseText: () => undefined,
      python: () => tree,
      typescript: () => {
        throw new Error("not a TypeScript file");
      },
      report: () => undefined,
      incomplete: () => undefined,
    };
    for (const v of verifiers) {
      const start = performance.now();
      v.check(ctx);
      const spent = performance.now() - start;
      total += spent;
      perRule.set(v.id, (perRule.get(v.id) ?? 0) + spent);
    }
    tree.delete();
    sample();
  }
  return total;
}

async function engineAll(): Promise<number> {
  const start = performance.now();
  await runVerifiers(
    sources.map((s) => ({ path: s.path, status: "added", language: "python" as const, text: s.text, scopes: [] })),
    verifiers,
    defaultConfig(catalogue),
    { allFiles: true },
  );
  sample();
  return performance.now() - start;
}

const best = { parse: Infinity, rules: Infinity, engine: Infinity };
let perRule = new Map<string, number>();
for (let i = 0; i < RUNS; i++) {
  best.parse = Math.min(best.parse, parseAll());
  const round = new Map<string, number>();
  const rules = rulesAll(round);
  if (rules < best.rules) {
    best.rules = rules;
    perRule = round;
  }
  best.engine = Math.min(best.engine, await engineAll());
}

const ms = (t: number): string => `${t.toFixed(0)} ms`;
const rate = (t: number): string => `${Math.round((lines * 1000) / t).toLocaleString("en-US")} lines/s`;
console.log(`${sources.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB; ${verifiers.length} Python rules; best of ${RUNS}`);
console.log(`bare parse (tree-sitter)      ${ms(best.parse).padStart(9)}  ${rate(best.parse)}`);
console.log(`all rules, parse excluded     ${ms(best.rules).padStart(9)}  ${rate(best.rules)}`);
console.log(`engine end to end (runVerifiers, parse + rules) ${ms(best.engine)}  ${rate(best.engine)}`);
const ratio = best.rules / best.parse;
console.log(`rules / parse: ${ratio.toFixed(2)}x (target < ${TARGET}x): ${ratio < TARGET ? "met" : "NOT met"}`);
console.log(`(parse + rules) / parse: ${((best.parse + best.rules) / best.parse).toFixed(2)}x`);
console.log(`peak memory: rss ${(peakRss / 1e6).toFixed(0)} MB sampled, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log("\nper rule (parse excluded):");
for (const [id, t] of [...perRule].sort((a, b) => b[1] - a[1])) console.log(`  ${id.padEnd(36)} ${ms(t).padStart(8)}  ${((100 * t) / best.parse).toFixed(1)}% of parse`);
