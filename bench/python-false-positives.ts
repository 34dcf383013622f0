// False positives of the Python rules on real code: every rule over every file of Django,
// Flask and SQLAlchemy (all files counted as in scope, like `scan --all-files`), reported as
// blocking findings and warnings per 1,000 lines per rule and in total, then every finding.
// Usage: node dist/bench/python-false-positives.js [--quiet]
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import { loadSources } from "./python-sources.js";
import { tierTable } from "./tiers.js";

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

console.log(`${sources.length} files, ${totalLines} lines (Django, Flask, SQLAlchemy from Debian)`);
for (const line of tierTable(verifiers.map((v) => v.id), findings, totalLines)) console.log(line);
console.log(`notices: ${notices.length}`);
if (!process.argv.includes("--quiet")) {
  console.log("\nEvery finding:");
  for (const f of findings) console.log(`${f.file}:${f.line} ${f.ruleId} [${f.severity}] ${f.message}`);
}
