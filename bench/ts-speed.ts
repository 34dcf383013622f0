// Speed and memory of the TypeScript/JavaScript rules over the same packages as
// ts-false-positives, next to the compiler's bare parse of the same files. Each figure comes
// from its own process (so peak memory is that mode's alone) and is the best of RUNS rounds:
//   parse    ts.createSourceFile on every file, nothing else;
//   rules    every TS/JS rule on already parsed files (the shared index walk included);
//   engine   runVerifiers end to end (bracket pre-scan, parse, rules, findings), as the gate runs it.
// Usage: node dist/bench/ts-speed.js  (or --mode parse|rules|engine for one mode, as JSON)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ts } from "ts-morph";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { languageOf } from "../src/engine/language.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { indexOf } from "../src/analysis/typescript/file-index.js";
import { parseTypeScript } from "../src/verifiers/typescript/parser.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import type { VerifierContext } from "../src/verifiers/types.js";
import { loadSources } from "./ts-sources.js";

const RUNS = 3;
const TARGET = 1.5;
type Mode = "parse" | "rules" | "engine";

interface Result {
  mode: Mode;
  ms: number;
  perRule: Record<string, number>;
  maxRssMb: number;
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (path.endsWith(".jsx")) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

async function measure(mode: Mode): Promise<Result> {
  const { sources } = loadSources();
  const catalogue = loadCatalogue();
  const verifiers = loadVerifiers(catalogue).filter((v) => v.id.startsWith("typescript/"));
  let best = Infinity;
  let perRule: Record<string, number> = {};
  for (let round = 0; round < RUNS; round++) {
    const spent: Record<string, number> = {};
    let total = 0;
    if (mode === "parse") {
      const start = performance.now();
      for (const s of sources) ts.createSourceFile(s.path, s.text, ts.ScriptTarget.Latest, true, scriptKind(s.path));
      total = performance.now() - start;
    } else if (mode === "rules") {
      for (const s of sources) {
        const sf = parseTypeScript(s.path, s.text).sourceFile;
        const ctx: VerifierContext = {
          path: s.path,
          language: languageOf(s.path),
          text: s.text,
          status: "added",
          baseText: () => undefined,
          python: () => {
            throw new Error("not a Python file");
          },
          typescript: () => sf,
          report: () => undefined,
          incomplete: () => undefined,
        };
        let start = performance.now();
        indexOf(sf);
        let t = performance.now() - start;
        spent["(shared index walk)"] = (spent["(shared index walk)"] ?? 0) + t;
        total += t;
        for (const v of verifiers) {
          start = performance.now();
          v.check(ctx);
          t = performance.now() - start;
          spent[v.id] = (spent[v.id] ?? 0) + t;
          total += t;
        }
      }
    } else {
      const start = performance.now();
      await runVerifiers(
        sources.map((s) => ({ path: s.path, status: "added", language: languageOf(s.path), text: s.text, scopes: [] })),
        verifiers,
        defaultConfig(catalogue),
        { allFiles: true },
      );
      total = performance.now() - start;
    }
    if (total < best) {
      best = total;
      perRule = spent;
    }
  }
  return { mode, ms: best, perRule, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

const modeArg = process.argv[process.argv.indexOf("--mode") + 1];
if (process.argv.includes("--mode") && (modeArg === "parse" || modeArg === "rules" || modeArg === "engine")) {
  console.log(JSON.stringify(await measure(modeArg)));
} else {
  const { sources } = loadSources();
  const lines = sources.reduce((n, s) => n + s.lines, 0);
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);
  const run = (mode: Mode): Result => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--mode", mode], { encoding: "utf8", stdio: ["ignore", "pipe", 2], maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`${mode} run failed`);
    return JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as Result;
  };
  const parse = run("parse");
  const rules = run("rules");
  const engine = run("engine");
  const ms = (t: number): string => `${t.toFixed(0)} ms`.padStart(9);
  const rate = (t: number): string => `${Math.round((lines * 1000) / t).toLocaleString("en-US")} lines/s`.padStart(18);
  const mem = (r: Result): string => `peak RSS ${r.maxRssMb.toFixed(0)} MB`;
  console.log(`${sources.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB; best of ${RUNS}, each mode in its own process`);
  console.log(`bare parse (ts.createSourceFile)   ${ms(parse.ms)} ${rate(parse.ms)}  ${mem(parse)}`);
  console.log(`all TS/JS rules, parse excluded    ${ms(rules.ms)} ${rate(rules.ms)}  ${mem(rules)} (parse + rules)`);
  console.log(`engine end to end (runVerifiers)   ${ms(engine.ms)} ${rate(engine.ms)}  ${mem(engine)}`);
  const ratio = rules.ms / parse.ms;
  console.log(`rules / parse: ${ratio.toFixed(2)}x (target < ${TARGET}x): ${ratio < TARGET ? "met" : "NOT met"}`);
  console.log(`engine / parse: ${(engine.ms / parse.ms).toFixed(2)}x`);
  console.log("\nper rule (parse excluded):");
  for (const [id, t] of Object.entries(rules.perRule).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${id.padEnd(34)} ${ms(t)}  ${((100 * t) / parse.ms).toFixed(1)}% of parse`);
  }
}
