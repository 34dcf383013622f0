// Cost of the structural contracts, import resolution above all, on a generated layered project
// of 2,000 files (1,000 Python, 1,000 TypeScript with tsconfig `paths`):
//   project  every file checked, as `agent-gate scan` does locally;
//   pull     a pull request touching 200 of them, through scanPull and a PullSource that counts
//            what GitHub would be asked (pages of 100, one tree listing, blob batches of 100).
// Each figure is the best of RUNS rounds; each scenario runs in a process of its own so that its
// peak memory is its own. Usage: node dist/bench/contracts.js (npm run bench:contracts)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { parseConfig } from "../src/engine/config.js";
import { checkContracts } from "../src/engine/contracts/index.js";
import { factsOf } from "../src/engine/contracts/extract.js";
import { ProjectIndex, TsResolver, resolvePython } from "../src/engine/contracts/resolve.js";
import { scanPull } from "../src/engine/scan.js";
import type { ChangedFile, CommitAuthors, CommitInfo, FileRequest, FileText, IssueComment, ListedFiles, PullMeta, PullSource, RepoTree, Review, TeamMembership, TextsByRef } from "../src/engine/types.js";
import { initPython } from "../src/verifiers/python/parser.js";

const RUNS = 3;
const PER_LAYER = 250;
const TOUCHED = 200;
const PAGE = 100;
const LAYERS = ["routes", "services", "repositories", "models"] as const;

function pyFile(layer: number, i: number): string {
  const name = LAYERS[layer]!;
  const below = LAYERS[layer + 1];
  const lines = ["from __future__ import annotations", "", "import logging", ""];
  if (below) lines.push(`from app.${below}.m${(i * 7) % PER_LAYER} import f${(i * 7) % PER_LAYER}`, `from app.${below} import m${(i * 3) % PER_LAYER}`);
  // Every 50th route skips to the models: the violations the contract must find.
  if (layer === 0 && i % 50 === 0) lines.push(`from app.models.m${i} import f${i} as model_${i}`);
  lines.push(`from . import m${(i + 1) % PER_LAYER}`, `from .m${(i + 2) % PER_LAYER} import f${(i + 2) % PER_LAYER}`);
  if (name === "repositories") lines.push("from sqlalchemy import select");
  if (name === "routes") lines.push("from fastapi import APIRouter, Depends", "from app.api.deps import get_current_user", "", "router = APIRouter()");
  lines.push("", "log = logging.getLogger(__name__)", "");
  if (name === "routes") {
    lines.push(`@router.post("/items/${i}", dependencies=[Depends(get_current_user)])`, `async def create_${i}(payload: dict) -> dict:`, `    return {"id": ${i}, **payload}`, "");
  }
  for (let k = 0; k < 6; k++) {
    lines.push(`def f${k === 0 ? i : `${i}_${k}`}(value: int) -> int:`, `    """Step ${k} of ${name} ${i}."""`, "    total = 0", "    for n in range(value):", "        total += n * 2", `    log.debug("step %s", ${k})`, "    return total", "");
  }
  return lines.join("\n");
}

function tsFile(layer: number, i: number): string {
  const name = LAYERS[layer]!;
  const below = LAYERS[layer + 1];
  const lines: string[] = [];
  if (below) lines.push(`import { f${(i * 7) % PER_LAYER} } from "@/${below}/m${(i * 7) % PER_LAYER}";`, `import * as b${i} from "../${below}/m${(i * 3) % PER_LAYER}.js";`);
  if (layer === 0 && i % 50 === 0) lines.push(`import { f${i} as model${i} } from "@/models/m${i}";`);
  lines.push(`import { f${(i + 1) % PER_LAYER} } from "./m${(i + 1) % PER_LAYER}";`, 'import { z } from "zod";');
  if (name === "routes") lines.push('import { Router } from "express";', 'import { requireAuth } from "@/auth/requireAuth";', "", "export const router = Router();");
  if (name === "routes") lines.push(`router.post("/items/${i}", requireAuth, async (req, res) => {`, "  res.status(201).json(req.body);", "});");
  for (let k = 0; k < 6; k++) {
    lines.push("", `export function f${k === 0 ? i : `${i}_${k}`}(value: number): number {`, "  let total = 0;", "  for (let n = 0; n < value; n++) total += n * 2;", `  return z.number().parse(total) + ${k};`, "}");
  }
  return lines.join("\n");
}

function project(): Map<string, string> {
  const files = new Map<string, string>();
  files.set("ts/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, paths: { "@/*": ["./src/*"] } } }));
  files.set("ts/src/auth/requireAuth.ts", "export function requireAuth(): void {}\n");
  files.set("py/app/__init__.py", "");
  files.set("py/app/api/deps.py", "def get_current_user():\n    return None\n");
  for (let layer = 0; layer < LAYERS.length; layer++) {
    files.set(`py/app/${LAYERS[layer]}/__init__.py`, "");
    for (let i = 0; i < PER_LAYER; i++) {
      files.set(`py/app/${LAYERS[layer]}/m${i}.py`, pyFile(layer, i));
      files.set(`ts/src/${LAYERS[layer]}/m${i}.ts`, tsFile(layer, i));
    }
  }
  return files;
}

const FILES = project();
const CODE = [...FILES.keys()].filter((p) => /\.(?:py|ts)$/.test(p) && !p.endsWith("__init__.py") && !p.includes("/auth/") && !p.includes("/api/"));
// Every tenth module of each language: both languages and every layer are touched.
const TOUCHED_FILES = [".py", ".ts"].flatMap((ext) => CODE.filter((p) => p.endsWith(ext)).filter((_, i) => i % 10 === 0)).slice(0, TOUCHED);
const catalogue = loadCatalogue();
const config = parseConfig(
  {
    contracts: {
      use: ["clean-architecture", "confined-apis"],
      orm: { require: ["sqlalchemy", "prisma"] },
      database: { require: "postgresql" },
      require_auth: { routes: ["**/routes/**"], guards: ["get_current_user", "requireAuth"] },
    },
  },
  catalogue,
);

const text = (path: string): FileText => ({ path, byteSize: Buffer.byteLength(FILES.get(path) ?? ""), binary: false, text: FILES.get(path) ?? "" });

let peakRss = process.memoryUsage().rss;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const HEAD = "b".repeat(40);

/** A pull request over the generated project that counts requests the way GitHub would cost them. */
class CountingSource implements PullSource {
  requests = 0;
  read = 0;
  constructor(private readonly changed: string[]) {}
  async pull(): Promise<PullMeta> {
    this.requests++;
    return {
      owner: "acme", repo: "bench", number: 1, title: "Touch 200 files", body: "", author: { login: "Copilot", id: 198982749, type: "Bot" },
      headSha: HEAD, headRef: "copilot/bench", baseRef: "main", baseSha: "a".repeat(40), labels: [], changedFiles: this.changed.length, commits: 1, draft: false,
    };
  }
  async commits(): Promise<CommitInfo[]> {
    this.requests++;
    return [];
  }
  async files(): Promise<ListedFiles> {
    this.requests += Math.ceil(this.changed.length / PAGE);
    const files: ChangedFile[] = this.changed.map((path) => ({ path, status: "modified", patch: `@@ -1,1 +1,${FILES.get(path)!.split("\n").length} @@\n${FILES.get(path)!.split("\n").map((l) => `+${l}`).join("\n")}` }));
    return { files, truncated: false };
  }
  /** The generated files are new at the head: the base has none of them. */
  async fileTexts(requests: FileRequest[]): Promise<TextsByRef> {
    this.requests += Math.ceil(requests.length / PAGE);
    this.read += requests.length;
    const head = requests.filter((r) => r.ref === HEAD);
    return new Map([[HEAD, new Map(head.map(({ path }) => [path, text(path)]))]]);
  }
  async tree(): Promise<RepoTree> {
    this.requests++;
    return { paths: [...FILES.keys()], truncated: false };
  }
  async reviews(): Promise<Review[]> {
    return [];
  }
  async comments(): Promise<IssueComment[]> {
    return [];
  }
  async role(): Promise<string> {
    return "none";
  }
  async teamMembership(): Promise<TeamMembership> {
    return "none";
  }
  async commitAuthors(): Promise<CommitAuthors[]> {
    return [];
  }
}

/** Parse and resolve only: the cost of import resolution over `paths`. */
function resolution(paths: string[]): { parseMs: number; resolveMs: number; imports: number; resolved: number } {
  let start = performance.now();
  const facts = paths.map((p) => factsOf(p, FILES.get(p)!, false));
  const parseMs = performance.now() - start;
  sample();
  start = performance.now();
  const index = new ProjectIndex(FILES.keys());
  const resolver = new TsResolver(index, (p) => FILES.get(p));
  let imports = 0;
  let resolved = 0;
  for (const f of facts) {
    for (const imp of f.imports) {
      imports++;
      const targets = f.path.endsWith(".py") ? resolvePython(index, f.path, imp) : [resolver.resolve(f.path, imp.specifier)].filter((t) => t !== undefined);
      if (targets.length > 0) resolved++;
    }
  }
  sample();
  return { parseMs, resolveMs: performance.now() - start, imports, resolved };
}

async function wholeProject(): Promise<{ ms: number; findings: number; read: number }> {
  let read = 0;
  const start = performance.now();
  const outcome = await checkContracts({
    contracts: config.contracts,
    rules: catalogue.contractRules,
    severities: config.rules,
    files: CODE.map((path) => ({ path, status: "added" as const })),
    tree: [...FILES.keys()],
    texts: new Map(CODE.map((p) => [p, text(p)])),
    read: async (paths) => {
      read += paths.length;
      return new Map(paths.map((p) => [p, text(p)]));
    },
  });
  sample();
  return { ms: performance.now() - start, findings: outcome.findings.length, read: CODE.length + read };
}

async function pullRequest(): Promise<{ ms: number; findings: number; read: number; requests: number }> {
  const source = new CountingSource(TOUCHED_FILES);
  const start = performance.now();
  const scan = await scanPull(source, config, { catalogue, verifiers: [] });
  sample();
  return { ms: performance.now() - start, findings: scan.findings.length, read: source.read, requests: source.requests };
}

function best<T extends { ms: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

interface Figures {
  read: number;
  imports: number;
  resolved: number;
  parseMs: number;
  resolveMs: number;
  ms: number;
  findings: number;
  requests?: number;
  peakRss: number;
  /** RSS once the modules are loaded and the project generated, before any contract work. */
  baseRss: number;
}

/** One scenario, in a process of its own so that its peak memory is its own. */
async function scenario(name: "project" | "pull"): Promise<Figures> {
  await initPython();
  const baseRss = process.memoryUsage().rss;
  const paths = name === "project" ? CODE : TOUCHED_FILES;
  const res = [];
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const one = resolution(paths);
    res.push({ ...one, ms: one.parseMs + one.resolveMs });
    runs.push(name === "project" ? await wholeProject() : await pullRequest());
  }
  const rb = best(res);
  const b: { ms: number; findings: number; read: number; requests?: number } = best(runs);
  return { ...b, imports: rb.imports, resolved: rb.resolved, parseMs: rb.parseMs, resolveMs: rb.resolveMs, baseRss, peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) };
}

const only = process.argv[2];
if (only === "project" || only === "pull") {
  console.log(JSON.stringify(await scenario(only)));
} else {
  const run = (name: string): Figures => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as Figures;
  };
  const w = run("project");
  const p = run("pull");
  const bytes = [...FILES.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(`generated project: ${FILES.size} files (${CODE.length} Python and TypeScript modules in 4 layers), ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  console.log("");
  console.log("| scenario | files read | imports | resolved in the project | parse | resolve | contracts end to end | peak memory (RSS) | requests |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const [label, f] of [["whole project (agent-gate scan)", w], [`pull request touching ${TOUCHED} files (scanPull)`, p]] as const) {
    console.log(`| ${label} | ${f.read} | ${f.imports} | ${f.resolved} | ${ms(f.parseMs)} | ${ms(f.resolveMs)} | ${ms(f.ms)}, ${f.findings} findings | ${mb(f.peakRss)} (${mb(f.baseRss)} before work) | ${f.requests ?? "none (local)"} |`);
  }
  console.log("");
  console.log(`best of ${RUNS} rounds, each scenario in its own process; Node ${process.version}`);
}
