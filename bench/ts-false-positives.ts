// False positives of the TypeScript/JavaScript rules on real code: every TS/JS rule over every
// shipped .js/.mjs/.cjs/.ts file of express, fastify, koa, hono, @nestjs/core, typeorm,
// sequelize, knex, mongoose and @prisma/client (all files in scope, like `scan --all-files`),
// reported as blocking findings and warnings per 1,000 lines per rule and in total, then every
// finding for reading.
// Usage: node dist/bench/ts-false-positives.js [--quiet]
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { languageOf } from "../src/engine/language.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import { PACKAGES, loadSources } from "./ts-sources.js";
import { tierTable } from "./tiers.js";

const { dir, sources, skipped } = loadSources();
const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue).filter((v) => v.id.startsWith("typescript/"));
const totalLines = sources.reduce((n, s) => n + s.lines, 0);

const { findings, notices, incomplete } = await runVerifiers(
  sources.map((s) => ({ path: s.path, status: "added", language: languageOf(s.path), text: s.text, scopes: [] })),
  verifiers,
  defaultConfig(catalogue),
  { allFiles: true },
);

console.log(`${sources.length} files, ${totalLines} lines from ${PACKAGES.join(", ")} (installed in ${dir})`);
console.log(`${skipped.length} files over the 1 MiB cap skipped, as the gate would: ${skipped.map((s) => `${s.path} (${(s.bytes / 1e6).toFixed(1)} MB)`).join(", ") || "none"}`);
for (const line of tierTable(verifiers.map((v) => v.id), findings, totalLines)) console.log(line);
const errors = findings.filter((f) => f.category === "verifier-error");
console.log(`verifier errors: ${errors.length}; notices: ${notices.length}; could not check (blocks until approved): ${incomplete.length}`);
for (const u of incomplete) console.log(`  ${u.file ?? ""}: ${u.reason}`);
console.log("\nblocking findings per package (rule: count):");
for (const p of PACKAGES) {
  const mine = findings.filter((f) => f.severity === "blocking" && f.file.startsWith(`${p}/`));
  const lines = sources.filter((s) => s.path.startsWith(`${p}/`)).reduce((n, s) => n + s.lines, 0);
  const byRule = new Map<string, number>();
  for (const f of mine) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const rules = [...byRule].map(([id, n]) => `${id.replace("typescript/", "")}: ${n}`).join(", ");
  console.log(`  ${p.padEnd(16)} ${String(lines).padStart(7)} lines  ${String(mine.length).padStart(4)} blocking${rules ? `  (${rules})` : ""}`);
}
if (!process.argv.includes("--quiet")) {
  console.log("\nEvery finding:");
  for (const f of findings) console.log(`${f.file}:${f.line} ${f.ruleId} [${f.severity}] ${f.message}`);
  console.log("\nNotices:");
  for (const n of notices) console.log(`${n.file ?? ""} ${n.message}`);
}
