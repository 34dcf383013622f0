// False positives of the Python rules on real code: every rule over every file of Django,
// Flask and SQLAlchemy (all files counted as in scope, like `scan --all-files`), reported as
// findings per 1,000 lines per rule and in total, followed by every finding for reading.
// Usage: node dist/bench/python-false-positives.js [--quiet]
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import { loadSources } from "./python-sources.js";

const TARGET = 0.2;

const sources = loadSources();
const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue).filter((v) => v.id.startsWith("python/"));
const totalLines = sources.reduce((n, s) => n + s.lines, 0);

const { findings, notices } = await runVerifiers(
  sources.map((s) => ({ path: s.path, status: "added", language: "python" as const, text: s.text, scopes: [] })),
  verifiers,
  defaultConfig(catalogue),
  { allFiles: true },
);

const per1k = (n: number): string => ((n * 1000) / totalLines).toFixed(3);
console.log(`${sources.length} files, ${totalLines} lines (Django, Flask, SQLAlchemy from Debian)`);
console.log(`${"rule".padEnd(36)} ${"findings".padStart(8)} ${"blocking".padStart(8)} ${"per 1k".padStart(8)}`);
for (const v of verifiers) {
  const mine = findings.filter((f) => f.ruleId === v.id);
  const blocking = mine.filter((f) => f.severity === "blocking").length;
  console.log(`${v.id.padEnd(36)} ${String(mine.length).padStart(8)} ${String(blocking).padStart(8)} ${per1k(mine.length).padStart(8)}`);
}
const blocking = findings.filter((f) => f.severity === "blocking").length;
console.log(`${"total".padEnd(36)} ${String(findings.length).padStart(8)} ${String(blocking).padStart(8)} ${per1k(findings.length).padStart(8)}`);
console.log(`blocking findings per 1,000 lines: ${per1k(blocking)} (target < ${TARGET}): ${(blocking * 1000) / totalLines < TARGET ? "met" : "NOT met"}`);
console.log(`notices: ${notices.length}`);
if (!process.argv.includes("--quiet")) {
  console.log("\nEvery finding:");
  for (const f of findings) console.log(`${f.file}:${f.line} ${f.ruleId} [${f.severity}] ${f.message}`);
}
