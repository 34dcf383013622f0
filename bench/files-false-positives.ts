// False positives of the any/* rules on real files: the workflows, Dockerfiles, shell scripts,
// Makefiles and package.json files shipped inside well-known npm packages (fetched with
// `npm pack`, never installed or run), and Debian's examples and shell scripts under /usr/share.
// Every line counts as changed and every rule runs on every file; blocking findings and warnings
// per 1,000 lines are printed per rule, then each finding for a human to read.
// Set AGENT_GATE_FILES_BENCH_DIR to reuse the unpacked packages.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { languageOf } from "../src/engine/language.js";
import { runVerifiers, type FileToCheck } from "../src/engine/run-verifiers.js";
import { fileKind } from "../src/verifiers/any/formats/kind.js";
import { Scoper } from "../src/engine/scope.js";
import type { Finding } from "../src/engine/types.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import { tierTable } from "./tiers.js";

/** Pinned, so two runs read the same files. */
const PACKAGES = [
  "n@10.2.0",
  "bats@1.13.0",
  "npm@11.21.2",
  "node-gyp@12.4.0",
  "playwright-core@1.65.1",
  "react-native@1000.0.0",
  "pm2@7.0.4",
  "zeromq@6.8.0",
  "app-builder-lib@26.17.0",
  "bcrypt@6.0.0",
  "pino@10.4.0",
  "pino-pretty@13.2.0",
  "thread-stream@4.2.1",
  "secure-json-parse@4.1.1",
  "fastify@5.12.8",
  "husky@9.1.7",
  "fastify-cli@8.0.2",
  "@tensorflow/tfjs-node@4.22.0",
  "better-sqlite3@12.11.1",
  "@sentry/cli@3.8.0",
  "@fastify/cors@11.4.3",
  "@fastify/static@10.1.11",
  "avvio@9.3.1",
  "light-my-request@6.8.1",
  "fastify-plugin@6.0.1",
  "find-my-way@9.10.1",
  "process-warning@5.1.1",
  "help-me@5.0.0",
  "universal-user-agent@7.0.3",
  "@probot/pino@5.0.1",
];
const MAX_BYTES = 1024 * 1024;
const SHEBANG = /^#!\s{0,10}\S{0,100}?\/(?:env\s{1,10})?(?:ba|z|k|da|a)?sh\b/;
const WANTED =
  /(?:^|\/)(?:Dockerfile[^/]*|Containerfile[^/]*|[^/]+\.dockerfile|Makefile|GNUmakefile|[^/]+\.mk|package\.json|action\.ya?ml|\.gitlab-ci\.yml|requirements[^/]*\.txt|[^/]+\.(?:sh|bash|zsh|ksh|tf))$|(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;

interface Source {
  /** Where the file came from: "npm pino" or "debian". */
  origin: string;
  /** Path as the rules see it: relative to the package root, or the absolute Debian path without its leading slash. */
  path: string;
  text: string;
}

function firstBytes(full: string): string {
  const fd = openSync(full, "r");
  try {
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, 128, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function walk(dir: string, keep: (full: string, rel: string) => boolean, root = dir, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const full = join(dir, name);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) walk(full, keep, root, out);
    else if (st.isFile() && st.size > 0 && st.size <= MAX_BYTES && keep(full, relative(root, full))) out.push(full);
  }
  return out;
}

function readText(full: string): string | undefined {
  const buf = readFileSync(full);
  return buf.includes(0) ? undefined : buf.toString("utf8");
}

function unpackPackages(dir: string): { name: string; root: string }[] {
  mkdirSync(dir, { recursive: true });
  const out: { name: string; root: string }[] = [];
  for (const spec of PACKAGES) {
    const name = spec.slice(0, spec.lastIndexOf("@"));
    const root = join(dir, spec.replace(/[/@]/g, "_"));
    if (!existsSync(join(root, "package", "package.json"))) {
      mkdirSync(root, { recursive: true });
      const packed = spawnSync("npm", ["pack", "--silent", "--pack-destination", root, spec], { encoding: "utf8", stdio: ["ignore", "pipe", 2] });
      const tarball = packed.stdout.trim().split("\n").at(-1);
      if (packed.status !== 0 || !tarball) throw new Error(`npm pack ${spec} failed`);
      const untar = spawnSync("tar", ["xzf", join(root, tarball), "-C", root], { stdio: ["ignore", 2, 2] });
      if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed`);
    }
    out.push({ name, root: join(root, "package") });
  }
  return out;
}

function npmSources(dir: string): Source[] {
  const out: Source[] = [];
  for (const { name, root } of unpackPackages(dir)) {
    const files = walk(root, (full, rel) => WANTED.test(rel) || (!/\.[A-Za-z0-9]{1,8}$/.test(rel) && SHEBANG.test(firstBytes(full))));
    for (const full of files) {
      const text = readText(full);
      if (text !== undefined) out.push({ origin: `npm ${name}`, path: relative(root, full), text });
    }
  }
  return out;
}

/** Debian's /usr/share/doc/*\/examples, and the shell scripts, Dockerfiles and Makefiles anywhere under /usr/share. */
function debianSources(): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  const add = (full: string) => {
    if (seen.has(full)) return;
    seen.add(full);
    const text = readText(full);
    if (text !== undefined) out.push({ origin: "debian", path: full.slice(1), text });
  };
  for (const full of walk("/usr/share/doc", (_f, rel) => /(?:^|\/)examples\//.test(rel))) add(full);
  const scripts = walk("/usr/share", (full, rel) => WANTED.test(rel) || (!/\.[A-Za-z0-9]{1,8}$/.test(rel) && SHEBANG.test(firstBytes(full))));
  for (const full of scripts) add(full);
  return out;
}

async function main(): Promise<void> {
  const dir = process.env.AGENT_GATE_FILES_BENCH_DIR ?? join(tmpdir(), "agent-gate-files-bench");
  const sources = [...npmSources(dir), ...debianSources()];
  const catalogue = loadCatalogue();
  const config = defaultConfig(catalogue);
  const rules = loadVerifiers(catalogue).filter((v) => v.id.startsWith("any/") && !v.languages.includes("path"));
  const scoper = new Scoper(catalogue, config);

  const byFile = new Map<Source, Finding[]>();
  const started = Date.now();
  let bytes = 0;
  for (const source of sources) {
    bytes += source.text.length;
    const file: FileToCheck = {
      path: source.path,
      status: "added",
      language: languageOf(source.path),
      text: source.text,
      scopes: scoper.byPath(source.path).map((s) => s.scope),
    };
    // allFiles: a script outside the scope globs (an extensionless file with a shebang) is read too.
    const { findings } = await runVerifiers([file], rules, config, { allFiles: true });
    if (findings.length > 0) byFile.set(source, findings);
  }
  const ms = Date.now() - started;

  const origins = new Map<string, number>();
  for (const s of sources) origins.set(s.origin, (origins.get(s.origin) ?? 0) + 1);
  console.log(`# any/* rules on ${sources.length} real files (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${ms} ms`);
  console.log([...origins].map(([o, n]) => `${o}: ${n}`).join(", "));
  const kinds = new Map<string, number>();
  for (const s of sources) kinds.set(fileKind(s.path, s.text), (kinds.get(fileKind(s.path, s.text)) ?? 0) + 1);
  console.log(`by kind: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  const lines = sources.reduce((n, s) => n + s.text.split("\n").length, 0);
  console.log(`\n## Findings per rule (${lines} lines)`);
  for (const line of tierTable(rules.map((v) => v.id), [...byFile.values()].flat(), lines)) console.log(line);
  console.log("\n## Findings per file, by rule");
  for (const [source, findings] of [...byFile].sort(([a], [b]) => `${a.origin} ${a.path}`.localeCompare(`${b.origin} ${b.path}`))) {
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    console.log(`\n${source.origin}: ${source.path}  (${[...counts].map(([r, n]) => `${r} x${n}`).join(", ")})`);
    const lines = source.text.split("\n");
    for (const f of findings) {
      const code = (lines[f.line - 1] ?? "").trim().slice(0, 140);
      console.log(`  ${String(f.line).padStart(5)} ${f.ruleId} [${f.severity}]: ${code}\n        ${f.message.slice(0, 160)}`);
    }
  }
}

await main();
