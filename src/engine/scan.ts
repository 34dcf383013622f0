// One pass over a pull request: who wrote it, which files fall under the gate and why, and
// what the verifiers find that the base revision did not have. Talks to GitHub only through PullSource.
import { CONTRACTS_SCOPE, type Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { activeContractRules, checkContracts, factsWanted, planContracts, type ContractInput, type ContractsSummary } from "./contracts/index.js";
import type { FactsRequest } from "./contracts/extract.js";
import type { FileFacts } from "./contracts/facts.js";
import { detectAgent, type Detection } from "./detect.js";
import { baseByHeadPath, baseRequests, basePathOf, comparableText, splitByBase, type BaseCounterpart } from "./baseline.js";
import { isBinaryPath, languageOf } from "./language.js";
import { codeLanguages, mayBeCode } from "./loaded-as-code.js";
import type { VerifierRunner } from "./pool.js";
import { activeVerifiers, runVerifiers, type FileToCheck, type Notice, type RunOptions } from "./run-verifiers.js";
import { readsEveryFileOf } from "./rule-reach.js";
import { Scoper, type ScopeReason } from "./scope.js";
import { vendoredFinding } from "./vendored.js";
import { textsAt, type Actor, type ChangedFile, type FileText, type Finding, type PullSource, type Unchecked } from "./types.js";
import { binaryCode, commitsUnseen, isGatedLanguage, unreadableAtHead } from "./unreadable.js";
import type { Language, Verifier } from "../verifiers/types.js";

export interface ScopedFile {
  path: string;
  status: string;
  language: Language;
  scopes: ScopeReason[];
  /** No patch from GitHub (binary or very large diff); findings are compared with the base all the same. */
  patchMissing: boolean;
  /** Why the file was in scope but not read. */
  skipped?: string;
}

export interface Scan {
  /** Bumped when the shape changes, so a stored scan of another shape is not trusted. */
  version: 3;
  headSha: string;
  pull: { number: number; title: string; author: Actor; headRef: string };
  enabled: boolean;
  gateMode: GateConfig["gate"];
  gated: boolean;
  detection: Detection;
  filesChanged: number;
  scopedFiles: ScopedFile[];
  /** Findings the PR brings in: absent from the base revision of their file. */
  findings: Finding[];
  /** Findings already on the base branch (same fingerprint at the base): not this PR's, not reported. */
  onBaseFindings: number;
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
    version: 3 as const,
    headSha: pull.headSha,
    pull: { number: pull.number, title: pull.title, author: pull.author, headRef: pull.headRef },
    gateMode: config.gate,
    filesChanged: pull.changedFiles,
    scopedFiles: [],
    findings: [],
    onBaseFindings: 0,
    notices: [],
    incomplete: [],
    rulesRun: [],
  };
  const emptyDetection: Detection = { isAgent: false, agents: [], signals: [], checked: [] };
  if (!config.enabled) return { ...base, enabled: false, gated: false, detection: emptyDetection };

  const commits = await source.commits();
  const detection = detectAgent(pull, commits, deps.catalogue.agents, config);
  // Commits GitHub does not list may be an agent's: a PR whose commits were not all seen is gated.
  const unseen = commitsUnseen(pull, commits.length);
  const gated = config.gate === "all" || detection.isAgent || unseen !== undefined;
  if (!gated) return { ...base, enabled: true, gated, detection };

  const listed = await source.files();
  const scoper = new Scoper(deps.catalogue, config);
  const active = activeVerifiers(deps.verifiers, config);
  const incomplete: Unchecked[] = [];
  if (unseen) incomplete.push(unseen);
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
  const atHead = (paths: string[]) => paths.map((path) => ({ path, ref: pull.headSha }));
  const read = async (paths: string[]) => textsAt(await source.fileTexts(atHead(paths), config.limits.max_file_bytes), pull.headSha);
  // Head and base texts share the batches: the base read costs ~1 request per 100 changed files.
  const forContracts = new Set(plan.paths);
  const atBase = baseRequests(candidates.map((c) => ({ file: c.file, wanted: c.wanted || forContracts.has(c.file.path) })), active, pull.baseSha);
  const both = await source.fileTexts([...atHead([...wanted]), ...atBase], config.limits.max_file_bytes);
  const texts = textsAt(both, pull.headSha);
  const baseTexts = textsAt(both, pull.baseSha);
  // A file found to run as code (another file requires it) that no scope asked for: one more batch, rarely.
  const late = [...codeLanguages(candidates, texts).keys()].filter((p) => !texts.has(p));
  if (late.length > 0) for (const [p, t] of await read(late)) texts.set(p, t);
  signal?.throwIfAborted();
  const checked = await checkCandidates(candidates, texts, scoper, active, config, {
    baseTexts,
    ...(deps.runVerifiers ? { runner: deps.runVerifiers } : {}),
    ...(signal ? { signal } : {}),
    contracts: { deps, read, ...(tree ? { tree: tree.paths } : {}) },
  });
  const vendored = vendoredFinding(listed.files);
  return {
    ...base,
    enabled: true,
    gated,
    detection,
    ...checked,
    ...(vendored ? { findings: [...checked.findings, vendored] } : {}),
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
    const pathScopes = scoper.byChange(file);
    const readable = file.status !== "removed" && !isBinaryPath(file.path);
    // Read too when it may run as code (a shebang, or loaded by another file): the text decides.
    const wanted =
      readable &&
      (mayBeCode(file.path, language) || active.some(
        (v) =>
          readsLanguage(v, language) &&
          (allFiles ||
            readsEveryFileOf(v, language) ||
            scoper.hasSignalsFor(language) ||
            v.meta.scopes.some((s) => pathScopes.some((p) => p.scope === s))),
      ));
    return { file, language, pathScopes, wanted };
  });
}

export interface Checked {
  scopedFiles: ScopedFile[];
  findings: Finding[];
  onBaseFindings: number;
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

/**
 * Scopes read files by content too, runs the verifiers, keeps the findings absent at the base.
 * `textsOnDisk` (the CLI): where each file is on disk, `texts.get` reading it again on each call;
 * the runner is handed paths rather than texts, so no text outlives its use.
 */
export async function checkCandidates(
  candidates: Candidate[],
  texts: Map<string, FileText>,
  scoper: Scoper,
  active: Verifier[],
  config: GateConfig,
  options: RunOptions & { local?: boolean; contracts?: ContractContext; baseTexts?: Map<string, FileText>; runner?: VerifierRunner; textsOnDisk?: (path: string) => string },
): Promise<Checked> {
  const notices: Notice[] = [];
  const incomplete: Unchecked[] = [];
  const scopedFiles: ScopedFile[] = [];
  const toCheck: FileToCheck[] = [];
  const counterparts: BaseCounterpart[] = [];
  const runsAs = codeLanguages(candidates, texts);
  const forContracts = contractFacts(config, options.contracts);
  for (const { file, language: byName, pathScopes, wanted } of candidates) {
    const language = runsAs.get(file.path) ?? byName;
    const fetched = texts.get(file.path);
    const text = fetched?.text;
    const removed = file.status === "removed";
    const basePath = removed ? file.path : basePathOf(file);
    const baseText = basePath === undefined ? undefined : options.baseTexts?.get(basePath)?.text;
    const scopes = [...pathScopes];
    // A deleted file is in the scopes of what it held.
    const content = removed ? baseText : text;
    if (content !== undefined) {
      scopes.push(...scoper.byContent(file.path, language, content, new Set(pathScopes.map((s) => s.scope))));
    }
    const binary = binaryCode(file);
    if (binary) incomplete.push(binary);
    const gatedLanguage = isGatedLanguage(language, active);
    const unreadable = wanted || runsAs.has(file.path)
      ? unreadableAtHead(file, fetched, { language, gatedLanguage, inScope: pathScopes.length > 0, maxBytes: config.limits.max_file_bytes })
      : undefined;
    if (unreadable) incomplete.push({ file: file.path, reason: unreadable });
    const everyFile = active.some((v) => readsEveryFileOf(v, language));
    // The contracts' facts come from the verifiers' parse of the same text, in the same workers.
    const facts = text !== undefined && file.status !== "removed" ? forContracts(file.path) : undefined;
    if (scopes.length === 0 && !((options.allFiles || everyFile) && text !== undefined)) {
      if (facts) toCheck.push({ path: file.path, status: file.status, language, text: text!, scopes: [], facts });
      continue;
    }
    const patchMissing = !options.local && file.patch === undefined && file.status !== "removed";
    const entry: ScopedFile = { path: file.path, status: file.status, language, scopes, patchMissing };
    if (unreadable) entry.skipped = unreadable;
    else if (wanted && text === undefined) {
      entry.skipped = whyNotRead(fetched, config.limits.max_file_bytes);
      notices.push({ file: file.path, message: `was not checked: ${entry.skipped}` });
    }
    if (patchMissing) {
      notices.push({ file: file.path, message: "has no patch from GitHub (binary or very large diff); its findings were compared with the base revision" });
    }
    if (scopes.length > 0) scopedFiles.push(entry);
    const onDisk = options.textsOnDisk && text !== undefined ? { file: options.textsOnDisk(file.path), byteSize: fetched!.byteSize, maxBytes: config.limits.max_file_bytes } : undefined;
    const head = headFile(file, language, { text, onDisk, baseText, scopes: scopes.map((s) => s.scope), facts });
    toCheck.push(head);
    const comparable = text !== undefined ? comparableText(file, scoper, options.baseTexts) : undefined;
    if (comparable !== undefined) counterparts.push({ head, baseText: comparable });
  }

  const runner = options.runner ?? runVerifiers;
  const run = await runner(toCheck, active, config, options);
  const split = await splitByBase(run.findings, counterparts, active, config, options);
  const checked: Checked = {
    scopedFiles,
    findings: split.fresh,
    onBaseFindings: split.onBase,
    notices: [...notices, ...run.notices],
    // A file already named as unreadable (a NUL byte, an LFS pointer) needs no second entry from its parser.
    incomplete: [...incomplete, ...run.incomplete.filter((u) => !incomplete.some((i) => i.file === u.file))],
  };
  if (!options.contracts) return checked;
  const base = options.baseTexts ? baseByHeadPath(candidates.map((c) => c.file), scoper, options.baseTexts) : undefined;
  const given = new Map((run.facts ?? []).map((f) => [f.path, f]));
  return withContracts(checked, candidates, texts, config, { ...options.contracts, extract: factsExtractor(runner, config, options), given }, base);
}

/** Why a file the verifiers wanted has no text. */
function whyNotRead(fetched: FileText | undefined, maxBytes: number): string {
  if (!fetched) return "not found at the head commit";
  return fetched.binary ? "binary" : `${fetched.byteSize} bytes, over the ${maxBytes}-byte cap (limits.max_file_bytes)`;
}

/** A changed file as the runner takes it. */
function headFile(
  file: ChangedFile,
  language: Language,
  o: { text: string | undefined; onDisk?: FileToCheck["onDisk"]; baseText: string | undefined; scopes: string[]; facts: FileToCheck["facts"] },
): FileToCheck {
  return {
    path: file.path,
    ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
    status: file.status,
    language,
    // Texts on disk stay there until the file's turn; the others are in memory anyway.
    ...(o.onDisk ? { onDisk: o.onDisk } : o.text !== undefined ? { text: o.text } : {}),
    ...(o.baseText !== undefined ? { baseText: o.baseText } : {}),
    scopes: o.scopes,
    ...(o.facts ? { facts: o.facts } : {}),
  };
}

/** Parses files the contracts still need (contract-only reads, base revisions) on the verifiers' runner. */
function factsExtractor(runner: VerifierRunner, config: GateConfig, options: RunOptions): NonNullable<ContractInput["extract"]> {
  return async (files: FactsRequest[]) => {
    const batch = files.map((f) => ({ path: f.path, status: "modified", language: languageOf(f.path), text: f.text, scopes: [], facts: { withRoutes: f.withRoutes } }));
    const got = await runner(batch, [], config, options);
    return { facts: got.facts ?? [], findings: got.findings, incomplete: got.incomplete };
  };
}

/** Which changed files the contracts read, so their verifier run extracts the facts too. */
function contractFacts(config: GateConfig, ctx: ContractContext | undefined): (path: string) => { withRoutes: boolean } | undefined {
  const active = ctx ? activeContractRules(config.contracts, ctx.deps.catalogue.contractRules, config.rules) : [];
  return active.length === 0 ? () => undefined : (path) => factsWanted(config.contracts, active, path);
}

async function withContracts(
  checked: Checked,
  candidates: Candidate[],
  texts: Map<string, FileText>,
  config: GateConfig,
  ctx: ContractContext & { extract: ContractInput["extract"]; given: Map<string, FileFacts> },
  base: Map<string, FileText> | undefined,
): Promise<Checked> {
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
    ...(base ? { base } : {}),
    facts: ctx.given,
    ...(ctx.extract ? { extract: ctx.extract } : {}),
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
    onBaseFindings: checked.onBaseFindings + outcome.onBase,
    notices: [...checked.notices, ...outcome.notices],
    incomplete: [...checked.incomplete, ...outcome.incomplete.filter((u) => !checked.incomplete.some((i) => i.file === u.file))],
    contracts: outcome.summary,
  };
}
