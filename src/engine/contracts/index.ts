// The structural contracts over a set of changed files: decides what to read, extracts facts
// once per file, resolves imports against the head's file list, runs each contract the team
// declared and keeps the findings absent from the base revision of their file (so removing a
// route's guard is the change's finding, though no line was added).
import type { GateConfig } from "../config.js";
import { isBinaryPath, languageOf } from "../language.js";
import { freshAgainstBase } from "../findings.js";
import type { Notice } from "../run-verifiers.js";
import type { FileStatus, FileText, Finding, Unchecked } from "../types.js";
import { isTestFileName, isTestPath } from "../../knowledge/test-paths.js";
import type { RuleMeta } from "../../verifiers/types.js";
import { checkRequireAuth } from "./auth.js";
import type { Contracts } from "./config.js";
import { checkConfine } from "./confine.js";
import { checkDatabase, checkOrm, isEvidenceFile } from "./data.js";
import { extractInThread, type Extracted, type FactsRequest } from "./extract.js";
import type { FileFacts } from "./facts.js";
import { Layers, checkDataAccess, checkLayers, type LayerEdge } from "./layers.js";
import { CONTRACT_RULES, Globs, Reporter } from "./report.js";
import { ProjectIndex, TsResolver, resolvePython } from "./resolve.js";

export interface ContractFile {
  path: string;
  status: FileStatus;
}

export interface ContractsSummary {
  presets: string[];
  /** The contracts in force, each with its setting: "orm: sqlalchemy". */
  checked: string[];
  /** The layer imports of the changed files: which layer imported which. */
  layers?: { order: string[]; edges: LayerEdge[] };
}

export interface ContractInput {
  contracts: Contracts;
  /** catalogue.contractRules */
  rules: Map<string, RuleMeta>;
  severities: GateConfig["rules"];
  files: ContractFile[];
  /** Every file at the head; needed by contracts.layers only (see needsTree). */
  tree?: string[];
  /** Texts already read for the verifiers, by path. */
  texts: Map<string, FileText>;
  /** Reads more files at the head, batched. */
  read(paths: string[]): Promise<Map<string, FileText>>;
  /**
   * The base revision of changed files that existed there, under their head path: findings
   * already there are not the change's. Absent (a local scan): every finding is reported.
   */
  base?: Map<string, FileText>;
  /** Head facts the verifiers already extracted from their parse, by path. */
  facts?: Map<string, FileFacts>;
  /** Parses the files whose facts are still missing (the engine's worker pool); in this thread when absent. */
  extract?: (files: FactsRequest[]) => Promise<Extracted>;
}

export interface ContractOutcome {
  findings: Finding[];
  /** Findings already in the base revision of their file. */
  onBase: number;
  notices: Notice[];
  /** Files read only for the contracts whose parser guard fired (syntax error, nesting). */
  incomplete: Unchecked[];
  summary: ContractsSummary;
  /** Why the contracts read each changed file, for the list of gated files. */
  reasons: Map<string, string>;
}

function isCode(path: string): boolean {
  const l = languageOf(path);
  return l === "python" || l === "typescript" || l === "javascript";
}

/** Contract rules that will run: declared in the config and not turned off. */
export function activeContractRules(contracts: Contracts, rules: Map<string, RuleMeta>, severities: GateConfig["rules"]): string[] {
  const declared: [string, boolean][] = [
    [CONTRACT_RULES.layers, contracts.layers !== undefined],
    [CONTRACT_RULES.dataAccess, contracts.layers?.data_access !== undefined],
    [CONTRACT_RULES.orm, contracts.orm !== undefined],
    [CONTRACT_RULES.database, contracts.database !== undefined],
    [CONTRACT_RULES.confine, contracts.confine.length > 0],
    [CONTRACT_RULES.requireAuth, contracts.require_auth !== undefined],
  ];
  return declared.filter(([id, on]) => on && rules.has(id) && (severities[id] ?? rules.get(id)!.severity) !== "off").map(([id]) => id);
}

/** Layers need the head's file list to resolve imports; no other contract does. */
export function needsTree(active: string[]): boolean {
  return active.includes(CONTRACT_RULES.layers) || active.includes(CONTRACT_RULES.dataAccess);
}

/**
 * Tests no contract reads by default. Code only when named as a test: production code placed in
 * `src/testing/db.ts` and imported by `src/api/users.ts` is still production code. Other files
 * (compose files, configs) under a test folder describe a test setup.
 */
function isTest(path: string, code: boolean): boolean {
  return code ? isTestFileName(path) : isTestPath(path);
}

/** Which contracts read a changed file, in words; empty when none does. */
function readers(contracts: Contracts, active: Set<string>, layers: Layers | undefined, path: string): string[] {
  const code = isCode(path);
  if ((contracts.excludeTests && isTest(path, code)) || Globs.of(contracts.exclude).match(path)) return [];
  const out: string[] = [];
  if (code && layers && (active.has(CONTRACT_RULES.layers) || active.has(CONTRACT_RULES.dataAccess))) {
    const layer = layers.layerOf(path);
    if (layer) out.push(`layer \`${layer}\``);
  }
  if (code && active.has(CONTRACT_RULES.orm) && !Globs.of(contracts.orm!.raw_allowed_in).match(path)) out.push("orm");
  if ((code || isEvidenceFile(path)) && active.has(CONTRACT_RULES.database) && !Globs.of(contracts.database!.others_allowed_in).match(path)) out.push("database");
  if (code && active.has(CONTRACT_RULES.confine) && contracts.confine.some((c) => !Globs.of(c.only_in).match(path))) out.push("confine");
  if (code && active.has(CONTRACT_RULES.requireAuth) && Globs.of(contracts.require_auth!.routes).match(path)) out.push("route file");
  return out;
}

/**
 * What the contracts will read of a change: the changed files (so they join the verifiers'
 * batched read), and whether the head's file list is needed (a changed file is in a layer).
 */
export function planContracts(contracts: Contracts, active: string[], files: ContractFile[]): { paths: string[]; tree: boolean } {
  const on = new Set(active);
  const layers = contracts.layers ? new Layers(contracts.layers) : undefined;
  const read = files.filter((f) => f.status !== "removed" && !isBinaryPath(f.path) && readers(contracts, on, layers, f.path).length > 0);
  const tree = needsTree(active) && read.some((f) => isCode(f.path) && layers?.layerOf(f.path) !== undefined);
  return { paths: read.map((f) => f.path), tree };
}

/** The contracts in force, each with its setting, for the summary. */
function describe(contracts: Contracts, on: Set<string>): string[] {
  const out: string[] = [];
  if (contracts.layers && on.has(CONTRACT_RULES.layers)) out.push(`layers: ${contracts.layers.order.join(" → ")}`);
  if (contracts.orm && on.has(CONTRACT_RULES.orm)) out.push(`orm: ${contracts.orm.require.join(", ")}`);
  if (contracts.database && on.has(CONTRACT_RULES.database)) out.push(`database: ${contracts.database.require.join(", ")}`);
  if (on.has(CONTRACT_RULES.confine)) out.push(`confine: ${contracts.confine.map((c) => c.api).join(", ")}`);
  if (contracts.require_auth && on.has(CONTRACT_RULES.requireAuth)) {
    out.push(`require_auth: ${contracts.require_auth.guards.length} guard(s) on ${contracts.require_auth.routes.length} route glob(s)`);
  }
  return out;
}

const CONFIG_ROUNDS = 4;

export async function checkContracts(input: ContractInput): Promise<ContractOutcome> {
  const read = readOnce(input.read);
  const head = await evaluate({ ...input, read });
  const base = input.base;
  if (!base || base.size === 0) return { ...head, onBase: 0 };
  const existed = input.files.filter((f) => f.status !== "removed" && base.has(f.path));
  // Imports at the base resolve against the head's project files (tsconfig, package.json), read once.
  const { facts: _head, ...rest } = input;
  const atBase = await evaluate({ ...rest, read, files: existed, texts: base });
  const split = freshAgainstBase(head.findings, atBase.findings);
  return { ...head, findings: split.fresh, onBase: split.onBase };
}

/** A reader that asks for each path at most once, so the base pass reads nothing the head pass read. */
function readOnce(read: ContractInput["read"]): ContractInput["read"] {
  const asked = new Map<string, FileText | undefined>();
  return async (paths) => {
    const fresh = paths.filter((p) => !asked.has(p));
    if (fresh.length > 0) {
      const got = await read(fresh);
      for (const p of fresh) asked.set(p, got.get(p));
    }
    return new Map(paths.flatMap((p) => (asked.get(p) ? [[p, asked.get(p)!] as const] : [])));
  };
}

/** Every finding of the declared contracts on the given texts. */
async function evaluate(input: ContractInput): Promise<Omit<ContractOutcome, "onBase">> {
  const { contracts } = input;
  const active = activeContractRules(contracts, input.rules, input.severities);
  const on = new Set(active);
  const layers = contracts.layers ? new Layers(contracts.layers) : undefined;
  const reporter = new Reporter(input.rules, input.severities);
  const notices: Notice[] = [];
  const reasons = new Map<string, string>();
  const summary: ContractsSummary = { presets: contracts.use, checked: describe(contracts, on) };

  const selected = input.files.filter((f) => {
    if (f.status === "removed" || isBinaryPath(f.path)) return false;
    const why = readers(contracts, on, layers, f.path);
    if (why.length > 0) reasons.set(f.path, why.join(", "));
    return why.length > 0;
  });
  const texts = new Map(input.texts);
  const unread = selected.map((f) => f.path).filter((p) => !texts.has(p));
  if (unread.length > 0) for (const [p, t] of await input.read(unread)) texts.set(p, t);
  const extracted = await factsOfSelected(input, on, selected, texts, notices);
  const facts = extracted.facts;

  if (layers && needsTree(active)) {
    if (!input.tree) notices.push({ message: "contracts.layers could not run: the head's file list was not available" });
    else summary.layers = await checkLayerContracts(layers, on, input.tree, facts, texts, input.read, reporter);
  }
  const routeGlobs = contracts.require_auth ? Globs.of(contracts.require_auth.routes) : undefined;
  for (const f of selected) {
    const ff = facts.get(f.path);
    const text = texts.get(f.path)?.text;
    if (ff && on.has(CONTRACT_RULES.orm)) checkOrm(contracts.orm!, ff, reporter);
    if (on.has(CONTRACT_RULES.database) && text !== undefined) {
      checkDatabase(contracts.database!, ff ? { path: f.path, lines: ff.lines, facts: ff } : { path: f.path, lines: text.split("\n"), text }, reporter);
    }
    if (ff && on.has(CONTRACT_RULES.confine)) checkConfine(contracts.confine, ff, reporter);
    if (ff && on.has(CONTRACT_RULES.requireAuth) && routeGlobs?.match(f.path)) checkRequireAuth(contracts.require_auth!, ff, reporter);
  }
  return { findings: [...extracted.findings, ...reporter.findings], notices, incomplete: extracted.incomplete, summary, reasons };
}

/**
 * The facts of every selected code file: those the verifiers extracted from their parse, the rest
 * parsed once here (through the engine's workers when it gave them).
 */
async function factsOfSelected(
  input: ContractInput,
  on: Set<string>,
  selected: ContractFile[],
  texts: Map<string, FileText>,
  notices: Notice[],
): Promise<{ facts: Map<string, FileFacts>; findings: Finding[]; incomplete: Unchecked[] }> {
  const facts = new Map<string, FileFacts>();
  const wanted: FactsRequest[] = [];
  for (const f of selected) {
    const fetched = texts.get(f.path);
    const text = fetched?.text;
    if (text === undefined) {
      const why = !fetched ? "not found at the head commit" : fetched.binary ? "binary" : `${fetched.byteSize} bytes, over the size cap (limits.max_file_bytes)`;
      notices.push({ file: f.path, message: `was not checked against the contracts: ${why}` });
      continue;
    }
    if (!isCode(f.path)) continue;
    const given = input.facts?.get(f.path);
    if (given) facts.set(f.path, given);
    else wanted.push({ path: f.path, text, withRoutes: withRoutes(input.contracts, on, f.path) });
  }
  if (wanted.length === 0) return { facts, findings: [], incomplete: [] };
  const got = await (input.extract ?? extractInThread)(wanted);
  for (const ff of got.facts) facts.set(ff.path, ff);
  return { facts, findings: got.findings, incomplete: got.incomplete };
}

/** Whether the facts of `path` must include its routes (contracts.require_auth covers it). */
function withRoutes(contracts: Contracts, on: Set<string>, path: string): boolean {
  return on.has(CONTRACT_RULES.requireAuth) && contracts.require_auth !== undefined && Globs.of(contracts.require_auth.routes).match(path);
}

/**
 * The facts a changed file's verifier run should extract for the contracts, or undefined when no
 * contract in force reads it, so the file is parsed once for both.
 */
export function factsWanted(contracts: Contracts, active: string[], path: string): { withRoutes: boolean } | undefined {
  if (!isCode(path) || isBinaryPath(path)) return undefined;
  const on = new Set(active);
  const layers = contracts.layers ? new Layers(contracts.layers) : undefined;
  return readers(contracts, on, layers, path).length > 0 ? { withRoutes: withRoutes(contracts, on, path) } : undefined;
}

/** contracts.layers and data_access over the facts of files in a layer, imports resolved first. */
async function checkLayerContracts(
  layers: Layers,
  on: Set<string>,
  tree: string[],
  facts: Map<string, FileFacts>,
  texts: Map<string, FileText>,
  read: ContractInput["read"],
  reporter: Reporter,
): Promise<ContractsSummary["layers"]> {
  const edges = new Map<string, LayerEdge>();
  const index = new ProjectIndex(tree);
  await resolveImports(index, [...facts.values()].filter((f) => layers.layerOf(f.path)), texts, read);
  const owner = layers.contract.data_access?.layer;
  const ownerHasFiles = owner !== undefined && tree.some((p) => layers.layerOf(p) === owner);
  for (const f of facts.values()) {
    if (on.has(CONTRACT_RULES.layers)) checkLayers(layers, f, reporter, edges);
    if (on.has(CONTRACT_RULES.dataAccess) && ownerHasFiles) checkDataAccess(layers, f, reporter);
  }
  return { order: layers.contract.order, edges: [...edges.values()] };
}

/** Fills each import's targets; TS config files are read in a few batched rounds (extends chains). */
async function resolveImports(index: ProjectIndex, files: FileFacts[], texts: Map<string, FileText>, read: ContractInput["read"]): Promise<void> {
  const ts = files.filter((f) => languageOf(f.path) !== "python");
  if (ts.length > 0) {
    const resolver = new TsResolver(index, (p) => texts.get(p)?.text);
    const hash = ts.filter((f) => f.imports.some((i) => i.specifier.startsWith("#"))).map((f) => f.path);
    for (let round = 0; round < CONFIG_ROUNDS; round++) {
      const missing = resolver.missing(ts.map((f) => f.path), hash).filter((p) => !texts.has(p));
      if (missing.length === 0) break;
      const got = await read(missing);
      for (const p of missing) texts.set(p, got.get(p) ?? { path: p, byteSize: 0, binary: false });
    }
    for (const f of ts) {
      for (const imp of f.imports) {
        const target = resolver.resolve(f.path, imp.specifier);
        if (target) imp.targets = [target];
      }
    }
  }
  for (const f of files) {
    if (languageOf(f.path) !== "python") continue;
    for (const imp of f.imports) imp.targets = resolvePython(index, f.path, imp);
  }
}
