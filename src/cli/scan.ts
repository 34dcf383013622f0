// `agent-gate scan`: the engine over files on disk, every line counting as changed.
import { availableParallelism } from "node:os";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import type { Log } from "sarif";
import { loadCatalogue, type Catalogue } from "../engine/catalogue.js";
import { readLocalText } from "../engine/local-text.js";
import { ConfigError, parseConfig, type GateConfig } from "../engine/config.js";
import { VerifierPool } from "../engine/pool.js";
import { activeVerifiers } from "../engine/run-verifiers.js";
import { rulesInForce, sarifLog } from "../engine/sarif.js";
import { candidatesOf, checkCandidates } from "../engine/scan.js";
import { Scoper } from "../engine/scope.js";
import type { ChangedFile, FileText, Finding, Unchecked } from "../engine/types.js";
import type { Verifier } from "../verifiers/types.js";
import { loadVerifiers } from "../verifiers/registry.js";

export const USAGE = `usage:
  agent-gate scan [--format text|json|sarif] [--rules-url URL] [--config FILE] [--all-files] <path>...
  agent-gate check [--base REF] [--format text|json|sarif] [--rules-url URL] [--committed] [--title T] [--body B]
  agent-gate demo
  agent-gate docs [dir]      write one page per rule (default dir: docs/rules)

scan runs the gate's verifiers over files on disk (no base to compare with: every finding is reported).
  --format     text (default), json ({"findings": [...], "incomplete": [...]}, paths relative to the scanned root) or
               sarif (SARIF 2.1.0 for GitHub code scanning's upload-sarif; could-not-check files are error results)
  --rules-url  with sarif: absolute URL of agent-gate's docs/rules/ directory, for each rule's helpUri
  --config     a .github/agent-gate.yml to apply, its contracts: included (default: <root>/.github/agent-gate.yml if present)
  --all-files  run every verifier on every file of its language, whatever the scopes

check runs the pull-request gate on the local git checkout before the PR is opened: findings new
relative to the base, scopes, contracts, gate tamper, as if an agent wrote the change.
  --base       the branch the PR will merge into (default: the upstream, else origin/HEAD, main, master);
               the diff starts at its merge base with HEAD, the config is its .github/agent-gate.yml
  --format     text (default: what the check run would say), json ({"conclusion", "findings", "incomplete"}) or sarif
  --rules-url  with sarif: as for scan
  --committed  check the commits only (default: the working tree too, untracked files included)
  --title, --body  the PR's title and body (default: the last commit's message)

exit status: 0 no blocking finding (check: would pass), 1 blocking findings or something it could not check (check: would be held back),
2 usage, config or base error (or a SARIF log over GitHub's limits)`;

export class UsageError extends Error {}

const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox", "dist", "build"]);

export function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    // The entry's type comes with the listing; a link (or a type the file system does not give) is followed, as stat does.
    const kind = entry.isFile() || entry.isDirectory() ? entry : statSync(full, { throwIfNoEntry: false });
    if (!kind) continue;
    if (kind.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, out);
    } else if (kind.isFile()) out.push(full);
  }
}

function readConfig(file: string): GateConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([`not valid YAML: ${(err as Error).message.split("\n")[0]}`], file);
  }
  return parseConfig(raw, loadCatalogue(), file);
}

export async function scan(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: "string", default: "text" },
      config: { type: "string" },
      "all-files": { type: "boolean", default: false },
      "rules-url": { type: "string" },
    },
    allowPositionals: true,
  });
  if (values.format !== "text" && values.format !== "json" && values.format !== "sarif") throw new UsageError(`--format must be text, json or sarif, not ${values.format}`);
  const rulesUrl = checkedRulesUrl(values["rules-url"]);
  if (positionals.length === 0) throw new UsageError("scan needs at least one path");
  const targets = positionals.map((p) => resolve(p));
  for (const t of targets) if (!existsSync(t)) throw new UsageError(`no such file or directory: ${t}`);
  const root = targets.length === 1 && statSync(targets[0]!).isDirectory() ? targets[0]! : process.cwd();

  const catalogue = loadCatalogue();
  const defaultConfigFile = join(root, ".github", "agent-gate.yml");
  const configFile = values.config ?? (existsSync(defaultConfigFile) ? defaultConfigFile : undefined);
  const config = configFile ? readConfig(configFile) : parseConfig({}, catalogue);

  const readLocal = localReader(root, config.limits.max_file_bytes);
  const { files, texts } = readTargets(targets, root, readLocal);

  const scoper = new Scoper(catalogue, config);
  const verifiers = loadVerifiers(catalogue);
  // gate-tamper rules judge what a pull request changes about the gate; on disk there is no change.
  const active = activeVerifiers(verifiers, config).filter((v) => v.meta.category !== "gate-tamper");
  const allFiles = values["all-files"] ?? false;
  // The scanned files stand for the whole project: contracts resolve imports among them.
  const contracts = {
    deps: { catalogue, verifiers },
    tree: files.map((f) => f.path),
    read: async (wanted: string[]) => {
      const out = new Map<string, FileText>();
      for (const p of wanted) {
        const entry = readLocal(p);
        if (entry) out.set(p, entry);
      }
      return out;
    },
  };
  const checked = await onCores(texts.size, (runner) =>
    checkCandidates(candidatesOf(files, scoper, active, allFiles), texts, scoper, active, config, { allFiles, local: true, textsOnDisk: (path) => join(root, path), contracts, ...(runner ? { runner } : {}) }),
  );
  const findings = checked.findings.map(({ wholeFile: _w, ...f }) => f);
  const blocking = findings.filter((f) => f.severity === "blocking").length;
  const stderr = [
    ...checked.incomplete.map((u) => `could not check: ${u.file ? `${u.file} ` : ""}${u.reason}`),
    ...checked.notices.map((n) => `notice: ${n.file ? `${n.file} ` : ""}${n.message}`),
  ].join("\n");
  const stdout =
    values.format === "sarif"
      ? JSON.stringify(sarifFor(findings, checked.incomplete, { verifiers: active, config, catalogue, root, rulesUrl, automationId: "agent-gate/scan/" }))
      : values.format === "json"
        ? JSON.stringify({ findings, incomplete: checked.incomplete }, null, 2)
        : formatText(findings, blocking, checked.scopedFiles.length, files.length);
  // What could not be checked is not passed, here as on a pull request.
  return { code: blocking > 0 || checked.incomplete.length > 0 ? 1 : 0, stdout, stderr };
}

/** Below this many files the workers' start-up costs more than the second core gives. */
const POOL_MIN_FILES = 32;

/**
 * Runs `work` on the verifier pool (every core; AGENT_GATE_WORKERS sets how many) when there are
 * enough files to pay for starting the workers, else in this thread; the pool is closed after.
 */
async function onCores<T>(fileCount: number, work: (runner: VerifierPool["run"] | undefined) => Promise<T>): Promise<T> {
  if (fileCount < POOL_MIN_FILES || Number(process.env.AGENT_GATE_WORKERS) === 1) return work(undefined);
  // This thread runs the text rules (runSplit): the workers take the other cores.
  const pool = new VerifierPool({ threads: Number(process.env.AGENT_GATE_WORKERS) || Math.max(1, availableParallelism() - 1), yieldToCaller: false });
  // The workers load their rules while this thread reads and scopes the files.
  pool.warm();
  try {
    return await work(pool.runSplit);
  } finally {
    await pool.close();
  }
}

/** Reads a file under `root` as the engine wants it: text, or why there is none (binary, over the cap). */
function localReader(root: string, maxBytes: number): (path: string) => FileText | undefined {
  return (path) => readLocalText(join(root, path), path, maxBytes);
}

/**
 * The scanned files' texts, read from disk again on every get rather than held: a whole project's
 * texts (source maps included) would otherwise stay in memory for the whole scan.
 */
class DiskTexts extends Map<string, FileText> {
  constructor(private readonly readLocal: (path: string) => FileText | undefined) {
    super();
  }

  add(path: string): void {
    super.set(path, { path, byteSize: 0, binary: false });
  }

  override get(path: string): FileText | undefined {
    return super.has(path) ? this.readLocal(path) : undefined;
  }

  override *entries(): MapIterator<[string, FileText]> {
    for (const path of this.keys()) {
      const entry = this.get(path);
      if (entry) yield [path, entry];
    }
  }

  override *values(): MapIterator<FileText> {
    for (const [, entry] of this.entries()) yield entry;
  }

  override [Symbol.iterator](): MapIterator<[string, FileText]> {
    return this.entries();
  }

  override forEach(fn: (value: FileText, key: string, map: Map<string, FileText>) => void): void {
    for (const [path, entry] of this.entries()) fn(entry, path, this);
  }
}

/** Every file under the targets, as a change that adds it, and their texts (on disk). */
function readTargets(targets: string[], root: string, readLocal: (path: string) => FileText | undefined): { files: ChangedFile[]; texts: DiskTexts } {
  // Each path, and whether it is a regular file (walk lists only those; a named target may be anything).
  const paths: [string, boolean][] = [];
  for (const t of targets) {
    const st = statSync(t);
    if (st.isDirectory()) {
      const walked: string[] = [];
      walk(t, walked);
      for (const full of walked) paths.push([full, true]);
    } else paths.push([t, st.isFile()]);
  }
  const files: ChangedFile[] = [];
  const texts = new DiskTexts(readLocal);
  for (const [full, isFile] of paths) {
    const path = relative(root, full).split(sep).join("/");
    files.push({ path, status: "added" });
    if (isFile) texts.add(path);
  }
  return { files, texts };
}

/** The --rules-url value, refused unless it is an absolute http(s) URL (SARIF's helpUri must be). */
export function checkedRulesUrl(value: string | undefined): string | undefined {
  if (value !== undefined && !/^https?:$/.test(URL.parse(value)?.protocol ?? "")) throw new UsageError(`--rules-url must be an absolute http(s) URL, not ${value}`);
  return value;
}

/** SARIF for `scan` and `check`: every rule in force at its configured severity. */
export function sarifFor(
  findings: Omit<Finding, "wholeFile">[],
  incomplete: Unchecked[],
  o: { verifiers: Verifier[]; config: GateConfig; catalogue: Catalogue; root: string; rulesUrl: string | undefined; automationId: string },
): Log {
  const rules = rulesInForce(o.verifiers, o.config, o.catalogue);
  return sarifLog(findings, incomplete, { rules, automationId: o.automationId, root: o.root, rulesUrl: o.rulesUrl }).log;
}

function formatText(findings: Omit<Finding, "wholeFile">[], blocking: number, scoped: number, total: number): string {
  const lines = findings.map(
    (f) =>
      `${f.file}:${f.line}  ${f.severity}  ${f.ruleId} (${[f.category, ...f.cwe].join(", ")})\n  ${f.message}\n  Fix: ${f.remediation.replace(/\s+/g, " ")}`,
  );
  lines.push(`${findings.length} finding(s), ${blocking} blocking, in ${scoped} gated file(s) of ${total} scanned`);
  return lines.join("\n");
}

