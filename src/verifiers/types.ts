// The shape every verifier module follows (after ESLint's rule modules): the code holds only
// the checker; description, category, CWE, severity, messages and remediation live in
// rules/verifiers/<id>.yml, where reviewers and `/agent-gate explain` read them.
import type { ts } from "ts-morph";
import type { Node as PyNode, Tree as PyTree } from "web-tree-sitter";
import type { Category, Severity, UnlessCallers } from "../engine/types.js";

/** "path" verifiers judge a file by its path and status alone; "any" reads every text file. */
export type Language = "python" | "typescript" | "javascript" | "text";
export type VerifierLanguage = Language | "any" | "path";

/**
 * `M` is the rule's message ids: a rule that types its context with them (`VerifierContext<MessageId>`)
 * cannot report an id it did not declare, at compile time; loading checks them against the YAML.
 */
export interface Report<M extends string = string> {
  /** Key into the rule's `messages` in its YAML. */
  messageId: M;
  /** Values for `{{name}}` placeholders in the message. */
  data?: Record<string, string>;
  line: number;
  endLine?: number;
  /**
   * True when the finding is about the whole file (a path rule, a deleted file): it is
   * always the PR's, even when the base revision has the same finding.
   */
  wholeFile?: boolean;
  /** Report `instead` when every call of the function passes the program's own value (src/engine/caller-evidence.ts). */
  unlessCallers?: UnlessCallers<Report<M>>;
}

export interface VerifierContext<M extends string = string> {
  readonly path: string;
  /** Where a renamed or copied file came from. */
  readonly previousPath?: string;
  readonly language: Language;
  /** The file's text ("" for a removed file seen by a "path" verifier). */
  readonly text: string;
  readonly status: string;
  /**
   * The file's text at the PR's base (its previous path for a rename), for rules that judge a
   * change rather than a state; undefined for a new file, or when the rule did not ask for it.
   */
  baseText(): string | undefined;
  /** Parsed once per file and shared by every verifier of that language. */
  python(): PyTree;
  typescript(): ts.SourceFile;
  /** Computed once per file and evaluation under `key` (a format reader's name), shared by every rule. */
  memo?<T>(key: string, compute: () => T): T;
  report(report: Report<M>): void;
  /**
   * The rule could not look at all of the file (an internal limit, a construct it cannot
   * follow): the file becomes "could not check", which blocks until approved.
   */
  incomplete(reason: string): void;
}

export interface VerifierModule<M extends string = string> {
  /** Equals the module's path under src/verifiers, without extension. */
  id: string;
  languages: VerifierLanguage[];
  /**
   * Every `messageId` the rule reports: each must have a message in its YAML, and each YAML message
   * must be listed here (checked when the catalogue loads; an unlisted id fails the run).
   */
  messageIds: readonly M[];
  /**
   * Text without a match cannot produce a report of this rule; the runner skips the rule (and, if
   * no rule is left, the parse). Absent = always runs. It is tested on the text the rule reads
   * (Python: identifiers NFKC-normalised) and on the forms a name can hide behind (JS/TS unicode
   * escapes decoded, Python NFKC); src/engine/rule-gate.ts applies it. Build it from the
   * vocabulary the rule matches (`wordGate`), so a name added there widens the gate.
   */
  gate?: RegExp;
  /** Paths whose base revision this rule compares with; read in one extra batch, only for them. */
  wantsBase?(path: string): boolean;
  check(ctx: VerifierContext<M>): void;
}

export interface RuleMeta {
  id: string;
  description: string;
  category: Category;
  cwe: string[];
  severity: Severity;
  /** Scopes whose files this rule reads. */
  scopes: string[];
  why: string;
  remediation: string;
  messages: Record<string, string>;
  /** Per message id, a severity other than the rule's own. */
  levels?: Record<string, Severity>;
  examples: { bad: string; good: string };
}

export interface Verifier extends VerifierModule {
  meta: RuleMeta;
}

export type { PyNode };

/**
 * A verifier whose context knows its message ids: `ctx.report({ messageId })` with an id not in
 * `messageIds` does not compile (for a `check` written inline, or typed `VerifierContext<M>`).
 */
export function defineVerifier<const M extends string>(module: VerifierModule<M>): VerifierModule<M> {
  return module;
}
