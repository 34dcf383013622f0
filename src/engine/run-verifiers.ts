// Runs the verifier catalogue over files: parse once per file, hand the same tree to every
// verifier of that language and to the contracts' fact extraction, turn reports into findings
// (findings.ts), and never let one bad file or one broken verifier stop the rest.
import type { GateConfig } from "./config.js";
import { settleCallers } from "./caller-evidence.js";
import { readLocalText } from "./local-text.js";
import { FindingBuilder, fingerprint, severityFor, verifierError } from "./findings.js";
import { EVERY_FILE_SCOPE, readsEveryFileOf } from "./rule-reach.js";
import { ParsedFile } from "./parsed-file.js";
import { passesGate } from "./rule-gate.js";
import type { Finding, Severity, Unchecked } from "./types.js";
import { extractFacts } from "./contracts/extract.js";
import type { FileFacts } from "./contracts/facts.js";
import type { Language, Report, Verifier, VerifierContext } from "../verifiers/types.js";
import { initPython } from "../verifiers/python/parser.js";

export interface FileToCheck {
  path: string;
  /** Where a renamed or copied file came from. */
  previousPath?: string;
  status: string;
  language: Language;
  /** Undefined when the file was not read (removed, binary, over the cap): only path rules run. */
  text?: string;
  /**
   * Instead of text: where the text is on disk (the CLI's scan), read by whoever runs the file at
   * its turn, so neither the scan's thread nor the pool's queue holds a whole project's texts.
   */
  onDisk?: { file: string; byteSize: number; maxBytes: number };
  /** The text at the PR's base, read only for rules that want it. */
  baseText?: string;
  /** Scopes the file is in; a verifier runs when it shares one with the file. */
  scopes: string[];
  /** The contracts read this file: extract their facts from the same parse. */
  facts?: { withRoutes: boolean };
}

export interface Notice {
  file?: string;
  message: string;
}

export interface RunOptions {
  /** Run every verifier on every file of its language, whatever the scopes (CLI --all-files). */
  allFiles?: boolean;
  /** Stops the run between files (the pool also terminates a file's worker on it). */
  signal?: AbortSignal;
  /** The rules' text gates were applied already (runSplit): run every rule given. */
  gated?: boolean;
}

export interface RunResult {
  findings: Finding[];
  notices: Notice[];
  incomplete: Unchecked[];
  /** The contracts' facts of the files that asked for them (FileToCheck.facts). */
  facts?: FileFacts[];
}

// Kept under their old names for the modules that import them from here.
export { fingerprint, verifierError };

export function severityOf(verifier: Verifier, config: GateConfig): Severity | "off" {
  return severityFor(verifier.id, verifier.meta, config.rules);
}

export function activeVerifiers(verifiers: Verifier[], config: GateConfig): Verifier[] {
  return verifiers.filter((v) => severityOf(v, config) !== "off");
}

export function appliesTo(verifier: Verifier, file: FileToCheck, options: RunOptions): string | undefined {
  const langOk =
    verifier.languages.includes(file.language) ||
    verifier.languages.includes("any") ||
    verifier.languages.includes("path");
  if (!langOk) return undefined;
  if (file.text === undefined && !file.onDisk && !verifier.languages.includes("path")) return undefined;
  const shared = verifier.meta.scopes.find((s) => file.scopes.includes(s));
  if (shared) return shared;
  if (options.allFiles && !verifier.languages.includes("path")) return "all-files";
  return readsEveryFileOf(verifier, file.language) ? EVERY_FILE_SCOPE : undefined;
}

/**
 * A file whose tree takes a worker's heap up by ~100 MB (a 1 MB minified bundle; text files have
 * no tree): the pool runs
 * these one at a time and the worker collects after each, so they do not set the scan's peak memory.
 */
export function isLargeFile(file: FileToCheck): boolean {
  return file.language !== "text" && (file.onDisk?.byteSize ?? file.text?.length ?? 0) > 256 * 1024;
}

/** Why a file is could-not-check when its analysis threw or its worker died: the same words in the pool and in a worker. */
export function stoppedWithError(err: unknown): string {
  return `its analysis stopped with an error (${err instanceof Error ? err.message : String(err)})`;
}

/**
 * Whether the rule reads the file's syntax tree (TS/JS, Python) rather than its text. Text rules
 * sort before tree rules in the catalogue, so a file's text results then its tree results keep
 * the rules' order.
 */
export function readsTree(v: Verifier): boolean {
  return v.languages.every((l) => l === "python" || l === "typescript" || l === "javascript");
}

/** The `rules` whose text gate `file` passes (all of them for a file without text). */
export function gatesPassed(rules: Verifier[], file: FileToCheck): Verifier[] {
  if (file.text === undefined) return rules;
  // The text as checkFiles' gates read it (Python identifiers normalised); nothing is parsed.
  const parsed = new ParsedFile(file.path, file.language, file.text, []);
  try {
    const source = gateSource(parsed);
    return rules.filter((v) => passesGate(v, file.language, source));
  } finally {
    parsed.dispose();
  }
}

/** What a gate reads of a file: its text as the rules see it, and the file's memo. */
function gateSource(parsed: ParsedFile): { text: string; memo: <T>(key: string, compute: () => T) => T } {
  return { text: parsed.text, memo: (key, compute) => parsed.memo(key, compute) };
}

/** The file with its text in hand, read now if it was left on disk. */
export function withText(file: FileToCheck): FileToCheck {
  if (!file.onDisk) return file;
  const { onDisk, ...rest } = file;
  const text = readLocalText(onDisk.file, file.path, onDisk.maxBytes)?.text;
  // Fail closed: scoped as readable, so a text gone since must not pass as an empty file.
  if (text === undefined) throw new Error("its text could not be read again from disk");
  return { ...rest, text };
}

/** Every file checked, then the findings that rest on callers settled against all of them (caller-evidence.ts). */
export async function runVerifiers(files: FileToCheck[], verifiers: Verifier[], config: GateConfig, options: RunOptions = {}): Promise<RunResult> {
  const result = await checkFiles(files, verifiers, config, options);
  return { ...result, findings: await settleCallers(files, result.findings) };
}

/** The file rules over each file on its own: what a worker runs (the pool settles callers once all files are back). */
export async function checkFiles(
  files: FileToCheck[],
  verifiers: Verifier[],
  config: GateConfig,
  options: RunOptions = {},
): Promise<RunResult> {
  const active = activeVerifiers(verifiers, config);
  if (files.some((f) => f.language === "python")) await initPython();
  const out: Required<RunResult> = { findings: [], notices: [], incomplete: [], facts: [] };
  for (const lazy of files) {
    options.signal?.throwIfAborted();
    let file: FileToCheck;
    try {
      file = withText(lazy);
    } catch (err) {
      out.incomplete.push({ file: lazy.path, reason: (err as Error).message });
      continue;
    }
    const applies = active.flatMap((v) => {
      const scope = appliesTo(v, file, options);
      return scope ? [{ v, scope }] : [];
    });
    if (applies.length === 0 && !file.facts) continue;
    const parsed = new ParsedFile(file.path, file.language, file.text ?? "", out.incomplete);
    // A rule whose gate the text fails cannot report here; with none left the file is never parsed.
    const source = gateSource(parsed);
    const todo = file.text === undefined || options.gated ? applies : applies.filter(({ v }) => passesGate(v, file.language, source));
    try {
      const builder = new FindingBuilder(file.path, () => parsed.text);
      for (const { v, scope } of todo) out.findings.push(...runOne(v, scope, file, parsed, builder, config, out.incomplete));
      if (file.facts && file.text !== undefined) {
        const extracted = extractFacts(parsed, file.facts.withRoutes);
        if ("facts" in extracted) out.facts.push(extracted.facts);
        else out.findings.push(extracted.error);
      }
    } finally {
      parsed.dispose();
    }
  }
  return out;
}

/** One rule over one parsed file: its reports as findings, or one finding saying it failed. */
function runOne(v: Verifier, scope: string, file: FileToCheck, parsed: ParsedFile, builder: FindingBuilder, config: GateConfig, incomplete: Unchecked[]): Finding[] {
  const reports: Report[] = [];
  const ctx: VerifierContext = {
    path: file.path,
    ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
    language: file.language,
    text: parsed.text,
    status: file.status,
    baseText: () => file.baseText,
    python: () => parsed.python(),
    typescript: () => parsed.typescript(),
    memo: (key, compute) => parsed.memo(key, compute),
    report: (r) => reports.push(r),
    incomplete: (reason) => incomplete.push({ file: file.path, reason: `${v.id}: ${reason}` }),
  };
  try {
    v.check(ctx);
  } catch (err) {
    return [verifierError(v.id, file.path, scope, err instanceof Error ? err.message : String(err))];
  }
  const override = config.rules[v.id];
  return reports.map((r) => builder.build(v.meta, override === "off" ? undefined : override, r, scope));
}
