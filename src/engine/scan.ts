// One pass over a pull request: who wrote it, which files fall under the gate and why, and
// what the verifiers find on the lines the PR adds. Talks to GitHub only through PullSource.
import { CONTRACTS_SCOPE, type Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { activeContractRules, checkContracts, planContracts, type ContractInput, type ContractsSummary } from "./contracts/index.js";
import { detectAgent, type Detection } from "./detect.js";
import { changedLinesOf, touches, type ChangedLines } from "./diff.js";
import { isBinaryPath, languageOf } from "./language.js";
import type { VerifierRunner } from "./pool.js";
import { activeVerifiers, runVerifiers, type FileToCheck, type Notice, type RunOptions } from "./run-verifiers.js";
import { Scoper, type ScopeReason } from "./scope.js";
import type { Actor, ChangedFile, FileText, Finding, PullSource, Unchecked } from "./types.js";
import type { Language, Verifier } from "../verifiers/types.js";

export interface ScopedFile {
  path: string;
  status: string;
  language: Language;
  scopes: ScopeReason[];
  /** No patch from GitHub (binary or very large diff): every line counts as changed. */
  patchMissing: boolean;
  /** Why the file was in scope but not read. */
  skipped?: string;
}

export interface Scan {
  /** Bumped when the shape changes, so a stored scan of another shape is not trusted. */
  version: 2;
  headSha: string;
  pull: { number: number; title: string; author: Actor; headRef: string };
  enabled: boolean;
  gateMode: GateConfig["gate"];
  gated: boolean;
  detection: Detection;
  filesChanged: number;
  scopedFiles: ScopedFile[];
  /** Findings on lines the PR adds or changes. */
  findings: Finding[];
  /** Findings the verifiers made on lines the PR did not touch (not reported on the PR). */
  untouchedFindings: number;
  notices: Notice[];
  /** What the scan could not see; each one blocks until a human approves. */
  incomplete: Unchecked[];
  rulesRun: string[];
  /** The structural contracts in force and the part of the layer graph the change touches. */
  contracts?: ContractsSummary;
}

export interface EngineDeps {
  catalogue: Catalogue;
  verifiers: Verifier[];
  /** Where the verifiers run (the app's worker pool); in this thread when absent. */
  runVerifiers?: VerifierRunner;
}

/** pulls.listFiles returns at most this many files; past it, empty pages. */
export const LIST_LIMIT = 3000;

function readsLanguage(v: Verifier, language: Language): boolean {
  return v.languages.includes(language) || v.languages.includes("any");
}

/** `signal` ends the scan: the time budget of an evaluation, which also stops the workers. */
export async function scanPull(source: PullSource, config: GateConfig, deps: EngineDeps, signal?: AbortSignal): Promise<Scan> {
  const pull = await source.pull();
  const base = {
    version: 2 as const,
    headSha: pull.headSha,
    pull: { number: pull.number, title: pull.title, author: pull.author, headRef: pull.headRef },
    gateMode: config.gate,
    filesChanged: pull.changedFiles,
    scopedFiles: [],
    findings: [],
    untouchedFindings: 0,
    notices: [],
    incomplete: [],
    rulesRun: [],
  };
  const emptyDetection: Detection = { isAgent: false, agents: [], signals: [], checked: [] };
  if (!config.enabled) return { ...base, enabled: false, gated: false, detection: emptyDetection };

  const commits = await source.commits();
  const detection = detectAgent(pull, commits, deps.catalogue.agents, config);
  const gated = config.gate === "all" || detection.isAgent;
  if (!gated) return { ...base, enabled: true, gated, detection };

  const listed = await source.files();
  const scoper = new Scoper(deps.catalogue, config);
  const active = activeVerifiers(deps.verifiers, config);
  const incomplete: Unchecked[] = [];
  if (listed.truncated || listed.files.length < pull.changedFiles) {
    incomplete.push({
      reason: `GitHub lists at most ${LIST_LIMIT} files of a pull request; this one changes ${pull.changedFiles}, so ${pull.changedFiles - listed.files.length} files were not checked.`,
    });
  }
  const candidates = candidatesOf(listed.files, scoper, active);
  const contractRules = activeContractRules(config.contracts, deps.catalogue.contractRules, config.rules);
  // Repositories without contracts pay nothing: no file list, no extra reads.
  const plan = contractRules.length > 0 ? planContracts(config.contracts, contractRules, listed.files) : { paths: [], tree: false };
  const tree = plan.tree ? await source.tree(pull.headSha) : undefined;
  if (tree?.truncated) {
    incomplete.push({ reason: `GitHub cut the list of files at ${pull.headSha.slice(0, 7)}, so some imports could not be resolved against contracts.layers.` });
  }
  const wanted = new Set([...candidates.filter((c) => c.wanted).map((c) => c.file.path), ...plan.paths]);
  const read = (paths: string[]) => source.fileTexts(paths, pull.headSha, config.limits.max_file_bytes);
  const texts = await read([...wanted]);
  const baseTexts = await readBase(source, candidates, active, pull.baseSha, config.limits.max_file_bytes);
  signal?.throwIfAborted();
  const checked = await checkCandidates(candidates, texts, scoper, active, config, {
    baseTexts,
    ...(deps.runVerifiers ? { runner: deps.runVerifiers } : {}),
    ...(signal ? { signal } : {}),
    contracts: { deps, read, ...(tree ? { tree: tree.paths } : {}) },
  });
  return {
    ...base,
    enabled: true,
    gated,
    detection,
    ...checked,
    incomplete: [...incomplete, ...checked.incomplete],
    rulesRun: [...active.map((v) => v.id), ...contractRules],
  };
}

export interface Candidate {
  file: ChangedFile;
  language: Language;
  pathScopes: ScopeReason[];
  /** Worth reading: some active verifier would read it in a scope it is or may be in. */
  wanted: boolean;
}

/** Decides from paths alone which files are worth reading, so the API budget goes only there. */
export function candidatesOf(files: ChangedFile[], scoper: Scoper, active: Verifier[], allFiles = false): Candidate[] {
  return files.map((file) => {
    const language = languageOf(file.path);
    const pathScopes = scoper.byPath(file.path);
    const readable = file.status !== "removed" && !isBinaryPath(file.path);
    const wanted =
      readable &&
      active.some(
        (v) =>
          readsLanguage(v, language) &&
          (allFiles || scoper.hasSignalsFor(language) || v.meta.scopes.some((s) => pathScopes.some((p) => p.scope === s))),
      );
    return { file, language, pathScopes, wanted };
  });
}

const EXISTED_AT_BASE = new Set(["modified", "renamed", "changed"]);

/** The base revision of changed files that a rule compares with: one more batch, only for those. */
async function readBase(source: PullSource, candidates: Candidate[], active: Verifier[], baseSha: string, maxBytes: number): Promise<Map<string, FileText>> {
  const paths = candidates
    .filter((c) => c.wanted && EXISTED_AT_BASE.has(c.file.status) && active.some((v) => v.wantsBase?.(c.file.path)))
    .map((c) => c.file.previousPath ?? c.file.path);
  return paths.length > 0 ? source.fileTexts(paths, baseSha, maxBytes) : new Map();
}

export interface Checked {
  scopedFiles: ScopedFile[];
  findings: Finding[];
  untouchedFindings: number;
  notices: Notice[];
  incomplete: Unchecked[];
  contracts?: ContractsSummary;
}

/** What the structural contracts need beyond the changed files' texts. */
export interface ContractContext {
  deps: EngineDeps;
  /** Every file at the head (the scanned files, locally). */
  tree?: string[];
  read: ContractInput["read"];
}

/** Scopes read files by content too, runs the verifiers, keeps findings on changed lines. */
export async function checkCandidates(
  candidates: Candidate[],
  texts: Map<string, FileText>,
  scoper: Scoper,
  active: Verifier[],
  config: GateConfig,
  options: RunOptions & { local?: boolean; contracts?: ContractContext; baseTexts?: Map<string, FileText>; runner?: VerifierRunner },
): Promise<Checked> {
  const notices: Notice[] = [];
  const scopedFiles: ScopedFile[] = [];
  const toCheck: FileToCheck[] = [];
  const changed = new Map<string, ChangedLines>();
  for (const { file, language, pathScopes, wanted } of candidates) {
    const fetched = texts.get(file.path);
    const text = fetched?.text;
    const scopes = [...pathScopes];
    if (text !== undefined) {
      scopes.push(...scoper.byContent(file.path, language, text, new Set(pathScopes.map((s) => s.scope))));
    }
    if (scopes.length === 0 && !(options.allFiles && text !== undefined)) continue;
    const patchMissing = !options.local && file.patch === undefined && file.status !== "removed";
    const entry: ScopedFile = { path: file.path, status: file.status, language, scopes, patchMissing };
    if (wanted && text === undefined) {
      entry.skipped = !fetched
        ? "not found at the head commit"
        : fetched.binary
          ? "binary"
          : `${fetched.byteSize} bytes, over the ${config.limits.max_file_bytes}-byte cap (limits.max_file_bytes)`;
      notices.push({ file: file.path, message: `was not checked: ${entry.skipped}` });
    }
    if (patchMissing) {
      notices.push({ file: file.path, message: "has no patch from GitHub (binary or very large diff), so every line counts as changed" });
    }
    if (scopes.length > 0) scopedFiles.push(entry);
    changed.set(file.path, changedLinesOf(file.patch));
    const baseText = options.baseTexts?.get(file.previousPath ?? file.path)?.text;
    toCheck.push({
      path: file.path,
      status: file.status,
      language,
      ...(text !== undefined ? { text } : {}),
      ...(baseText !== undefined ? { baseText } : {}),
      scopes: scopes.map((s) => s.scope),
    });
  }

  const run = await (options.runner ?? runVerifiers)(toCheck, active, config, options);
  const findings = run.findings.filter((f) => f.wholeFile || touches(changed.get(f.file) ?? "all", f.line, f.endLine));
  const checked: Checked = {
    scopedFiles,
    findings,
    untouchedFindings: run.findings.length - findings.length,
    notices: [...notices, ...run.notices],
    incomplete: run.incomplete,
  };
  return options.contracts ? withContracts(checked, candidates, texts, config, options.contracts) : checked;
}

async function withContracts(checked: Checked, candidates: Candidate[], texts: Map<string, FileText>, config: GateConfig, ctx: ContractContext): Promise<Checked> {
  const rules = ctx.deps.catalogue.contractRules;
  if (activeContractRules(config.contracts, rules, config.rules).length === 0) return checked;
  const outcome = await checkContracts({
    contracts: config.contracts,
    rules,
    severities: config.rules,
    files: candidates.map((c) => c.file),
    texts,
    read: ctx.read,
    ...(ctx.tree ? { tree: ctx.tree } : {}),
  });
  const scopedFiles = [...checked.scopedFiles];
  for (const c of candidates) {
    const reason = outcome.reasons.get(c.file.path);
    if (!reason) continue;
    const scope = { scope: CONTRACTS_SCOPE, reason };
    const at = scopedFiles.findIndex((f) => f.path === c.file.path);
    if (at >= 0) scopedFiles[at] = { ...scopedFiles[at]!, scopes: [...scopedFiles[at]!.scopes, scope] };
    else scopedFiles.push({ path: c.file.path, status: c.file.status, language: c.language, scopes: [scope], patchMissing: false });
  }
  return {
    scopedFiles,
    findings: [...checked.findings, ...outcome.findings],
    untouchedFindings: checked.untouchedFindings + outcome.untouched,
    notices: [...checked.notices, ...outcome.notices],
    incomplete: checked.incomplete,
    contracts: outcome.summary,
  };
}
