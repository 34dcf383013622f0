// A finding is the pull request's when the PR brings it in, not when it sits on an added line:
// the same rules run on the base revision of every file that existed there, and a head finding
// whose fingerprint is among that file's base findings was already on the base branch. Removing a
// guard or loosening a check therefore shows up even when the flagged line itself is unchanged.
import type { GateConfig } from "./config.js";
import { freshAgainstBase, type Split } from "./findings.js";
import { languageOf } from "./language.js";
import type { VerifierRunner } from "./pool.js";
import { runVerifiers, type FileToCheck, type RunOptions } from "./run-verifiers.js";
import type { Scoper } from "./scope.js";
import type { ChangedFile, FileRequest, FileText, Finding } from "./types.js";
import type { Verifier } from "../verifiers/types.js";

/** Statuses whose file has a base revision the head is a change of. */
const EXISTED_AT_BASE = new Set(["modified", "renamed", "changed"]);

function sameScopes(scoper: Scoper, a: string, b: string): boolean {
  const names = (p: string) => [...new Set(scoper.byPath(p).map((s) => s.scope))].sort().join("\0");
  return names(a) === names(b);
}

/**
 * Where the head file's base revision is, for rules that compare with it (its previous path for a
 * rename), or undefined when the file is new.
 */
export function basePathOf(file: ChangedFile): string | undefined {
  return EXISTED_AT_BASE.has(file.status) ? (file.previousPath ?? file.path) : undefined;
}

/**
 * The base revision whose findings the head's are compared with, or undefined when every finding
 * in the file is new: an added or copied file, or a rename into another language or other path
 * scopes (moving code from an unused file into a gated, live path brings its findings in).
 */
export function comparablePathOf(file: ChangedFile, scoper: Scoper): string | undefined {
  const base = basePathOf(file);
  if (base === undefined || base === file.path) return base;
  return languageOf(base) === languageOf(file.path) && sameScopes(scoper, base, file.path) ? base : undefined;
}

/**
 * The base reads a change needs: every file the verifiers read that existed at the base, and
 * deleted files some rule judges by what they held. Asked in the same batches as the head's.
 */
export function baseRequests(files: { file: ChangedFile; wanted: boolean }[], active: Verifier[], baseSha: string): FileRequest[] {
  const paths = new Set<string>();
  for (const { file, wanted } of files) {
    const base = basePathOf(file);
    if (wanted && base !== undefined) paths.add(base);
    else if (file.status === "removed" && active.some((v) => v.wantsBase?.(file.path))) paths.add(file.path);
  }
  return [...paths].map((path) => ({ path, ref: baseSha }));
}

/** A head file and its comparable base text (under the head path, so fingerprints match). */
export interface BaseCounterpart {
  head: FileToCheck;
  baseText: string;
}

export type { Split };

/**
 * Runs the head's rules on the base revision of each file and keeps the head findings absent
 * there. Whole-file findings (a path rule, a deleted file, a verifier failure) are always the
 * PR's: the PR changes that file, and a failure means the head was not checked. A base revision
 * that could not be read leaves every finding of its file new.
 */
export async function splitByBase(
  findings: Finding[],
  counterparts: BaseCounterpart[],
  active: Verifier[],
  config: GateConfig,
  options: RunOptions & { runner?: VerifierRunner },
): Promise<Split> {
  if (counterparts.length === 0 || findings.every((f) => f.wholeFile)) return { fresh: findings, onBase: 0 };
  const withFindings = new Set(findings.map((f) => f.file));
  // Rules that compare with the base themselves see no base here: at the base there is nothing to compare with.
  const baseFiles: FileToCheck[] = counterparts
    .filter((c) => withFindings.has(c.head.path))
    .map(({ head, baseText }) => {
      const { baseText: _ignored, facts: _facts, onDisk: _head, ...rest } = head;
      return { ...rest, text: baseText };
    });
  // Only rules that found something at the head can match at the base (ordinals are per rule).
  const fired = new Set(findings.map((f) => f.ruleId));
  const base = await (options.runner ?? runVerifiers)(baseFiles, active.filter((v) => fired.has(v.id)), config, options);
  return freshAgainstBase(findings, base.findings);
}

/** The comparable base texts of changed files that were read, by head path (for the contracts). */
export function baseByHeadPath(files: ChangedFile[], scoper: Scoper, baseTexts: Map<string, FileText>): Map<string, FileText> {
  const out = new Map<string, FileText>();
  for (const file of files) {
    const path = comparablePathOf(file, scoper);
    const text = path === undefined ? undefined : baseTexts.get(path);
    if (text) out.set(file.path, { ...text, path: file.path });
  }
  return out;
}

/** The comparable base text of a changed file, if it was read. */
export function comparableText(file: ChangedFile, scoper: Scoper, baseTexts: Map<string, FileText> | undefined): string | undefined {
  const path = comparablePathOf(file, scoper);
  return path === undefined ? undefined : baseTexts?.get(path)?.text;
}
