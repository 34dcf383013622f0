// False positives of every rule on real applications rather than libraries: three Django web
// applications Debian ships (graphite-web, HyperKitty, Postorius), with their settings, views,
// templates and bundled JavaScript, run through `agent-gate scan --all-files` as a user would.
// Prints blocking findings and warnings per 1,000 lines per rule, then every finding.
// Usage: node dist/bench/apps-false-positives.js [--quiet]
// The packages are downloaded (not installed) into $AGENT_GATE_APPS or /tmp/agent-gate-apps.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../src/engine/types.js";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import { tierTable } from "./tiers.js";

const PACKAGES = ["graphite-web", "python3-django-hyperkitty", "python3-django-postorius"];
const ROOT = process.env.AGENT_GATE_APPS ?? "/tmp/agent-gate-apps";
/** What the scan reads as text, for the per-1,000-lines figures (it skips files over 1 MiB). */
const MAX_BYTES = 1024 * 1024;

function run(cmd: string, args: string[], cwd: string): boolean {
  console.error(`$ ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { cwd, stdio: ["ignore", 2, 2] }).status === 0;
}

function fetchApps(): void {
  mkdirSync(ROOT, { recursive: true });
  for (const pkg of PACKAGES) {
    const dir = join(ROOT, pkg);
    if (existsSync(dir)) continue;
    if (!run("apt-get", ["download", pkg], ROOT) && !(run("apt-get", ["update"], ROOT) && run("apt-get", ["download", pkg], ROOT))) {
      throw new Error(`could not download ${pkg} with apt-get`);
    }
    const deb = readdirSync(ROOT).find((f) => f.startsWith(`${pkg}_`) && f.endsWith(".deb"));
    if (!deb || !run("dpkg-deb", ["-x", deb, pkg], ROOT)) throw new Error(`could not unpack ${pkg}`);
  }
}

function countLines(dir: string, only?: RegExp): number {
  let lines = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isDirectory()) lines += countLines(full, only);
    else if (st.isFile() && st.size <= MAX_BYTES && (!only || only.test(name))) {
      const buf = readFileSync(full);
      if (!buf.includes(0)) lines += buf.toString("utf8").split("\n").length;
    }
  }
  return lines;
}

fetchApps();
const cli = new URL("../src/cli.js", import.meta.url).pathname;
const scan = spawnSync(process.execPath, [cli, "scan", "--format", "json", "--all-files", ...PACKAGES], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
if (!scan.stdout) throw new Error(`scan failed: ${scan.stderr}`);
const { findings, incomplete } = JSON.parse(scan.stdout) as { findings: Finding[]; incomplete: { file: string }[] };
const lines = PACKAGES.reduce((n, p) => n + countLines(join(ROOT, p)), 0);
const python = PACKAGES.reduce((n, p) => n + countLines(join(ROOT, p), /\.py$/), 0);
const ruleIds = loadVerifiers(loadCatalogue()).map((v) => v.id);

console.log(`${PACKAGES.join(", ")}: ${lines} lines of text, ${python} of them Python (Debian packages, scanned whole)`);
for (const line of tierTable(ruleIds, findings, lines)) console.log(line);
console.log(`could not check (blocks until approved): ${incomplete.length}${incomplete.length ? ` (${incomplete.map((i) => i.file).join(", ")})` : ""}`);
if (!process.argv.includes("--quiet")) {
  console.log("\nEvery finding:");
  for (const f of findings) console.log(`${f.file}:${f.line} ${f.ruleId} [${f.severity}] ${f.message}`);
}
