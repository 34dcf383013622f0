// Runs the verifier catalogue over files: parse once per file, hand the same tree to every
// verifier of that language, turn reports into findings, and never let one bad file or one
// broken verifier stop the rest.
import { createHash } from "node:crypto";
import type { ts } from "ts-morph";
import type { Tree } from "web-tree-sitter";
import type { GateConfig } from "./config.js";
import { EVERY_FILE_SCOPE, readsEveryFileOf } from "./rule-reach.js";
import type { Finding, Severity, Unchecked } from "./types.js";
import type { Language, Report, Verifier, VerifierContext } from "../verifiers/types.js";
import { firstSyntaxErrorLine, initPython, parsePython } from "../verifiers/python/parser.js";
import { normaliseIdentifiers } from "../verifiers/python/source.js";
import { firstParseErrorLine, parseTypeScript } from "../verifiers/typescript/parser.js";

export interface FileToCheck {
  path: string;
  /** Where a renamed or copied file came from. */
  previousPath?: string;
  status: string;
  language: Language;
  /** Undefined when the file was not read (removed, binary, over the cap): only path rules run. */
  text?: string;
  /** The text at the PR's base, read only for rules that want it. */
  baseText?: string;
  /** Scopes the file is in; a verifier runs when it shares one with the file. */
  scopes: string[];
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
}

export interface RunResult {
  findings: Finding[];
  notices: Notice[];
  incomplete: Unchecked[];
}

export function severityOf(verifier: Verifier, config: GateConfig): Severity | "off" {
  return config.rules[verifier.id] ?? verifier.meta.severity;
}

export function activeVerifiers(verifiers: Verifier[], config: GateConfig): Verifier[] {
  return verifiers.filter((v) => severityOf(v, config) !== "off");
}

function fill(template: string, data: Record<string, string> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data[k] ?? `{{${k}}}`);
}

function normalise(lines: string[], from: number, to: number): string {
  return lines
    .slice(from - 1, to)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
}

export function fingerprint(ruleId: string, file: string, code: string, ordinal: number): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${code}\0${ordinal}`).digest("hex").slice(0, 16);
}

export function appliesTo(verifier: Verifier, file: FileToCheck, options: RunOptions): string | undefined {
  const langOk =
    verifier.languages.includes(file.language) ||
    verifier.languages.includes("any") ||
    verifier.languages.includes("path");
  if (!langOk) return undefined;
  if (file.text === undefined && !verifier.languages.includes("path")) return undefined;
  const shared = verifier.meta.scopes.find((s) => file.scopes.includes(s));
  if (shared) return shared;
  if (options.allFiles && !verifier.languages.includes("path")) return "all-files";
  return readsEveryFileOf(verifier, file.language) ? EVERY_FILE_SCOPE : undefined;
}

export async function runVerifiers(
  files: FileToCheck[],
  verifiers: Verifier[],
  config: GateConfig,
  options: RunOptions = {},
): Promise<RunResult> {
  const active = activeVerifiers(verifiers, config);
  if (files.some((f) => f.language === "python")) await initPython();
  const findings: Finding[] = [];
  const notices: Notice[] = [];
  const incomplete: Unchecked[] = [];

  for (const file of files) {
    options.signal?.throwIfAborted();
    const todo = active.flatMap((v) => {
      const scope = appliesTo(v, file, options);
      return scope ? [{ v, scope }] : [];
    });
    if (todo.length === 0) continue;

    // Python rules read identifiers as CPython does (NFKC); lines stay where they are.
    const text = file.language === "python" ? normaliseIdentifiers(file.text ?? "") : file.text ?? "";
    let lines: string[] | undefined;
    const lineList = () => (lines ??= text.split("\n"));
    let pyTree: Tree | undefined;
    let tsFile: ts.SourceFile | undefined;
    let parseNoticed = false;
    const python = () => {
      if (!pyTree) {
        pyTree = parsePython(text);
        const line = firstSyntaxErrorLine(pyTree);
        if (line !== undefined && !parseNoticed) {
          parseNoticed = true;
          incomplete.push({ file: file.path, reason: unparsed("Python", line) });
        }
      }
      return pyTree;
    };
    const typescript = () => {
      if (!tsFile) {
        const parsed = parseTypeScript(file.path, text);
        tsFile = parsed.sourceFile;
        // Nesting too deep to parse: the rest is checked, but the deep part could not be.
        if (parsed.skipped) incomplete.push({ file: file.path, reason: parsed.skipped });
        else {
          const line = firstParseErrorLine(tsFile);
          if (line !== undefined && !parseNoticed) {
            parseNoticed = true;
            incomplete.push({ file: file.path, reason: unparsed("TypeScript/JavaScript", line) });
          }
        }
      }
      return tsFile;
    };
    const seen = new Map<string, number>();

    for (const { v, scope } of todo) {
      const severity = severityOf(v, config) as Severity;
      const reports: Report[] = [];
      const ctx: VerifierContext = {
        path: file.path,
        ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
        language: file.language,
        text,
        status: file.status,
        ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
        baseText: () => file.baseText,
        python,
        typescript,
        report: (r) => reports.push(r),
        incomplete: (reason) => incomplete.push({ file: file.path, reason: `${v.id}: ${reason}` }),
      };
      try {
        v.check(ctx);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        findings.push(verifierError(v.id, file.path, scope, reason));
        continue;
      }
      for (const r of reports) {
        const endLine = Math.max(r.line, r.endLine ?? r.line);
        const code = normalise(lineList(), r.line, endLine);
        const key = `${v.id}\0${code}`;
        const ordinal = seen.get(key) ?? 0;
        seen.set(key, ordinal + 1);
        const template = v.meta.messages[r.messageId];
        findings.push({
          ruleId: v.id,
          category: v.meta.category,
          cwe: v.meta.cwe,
          severity,
          file: file.path,
          line: r.line,
          endLine,
          message: template ? fill(template, r.data) : v.meta.description,
          remediation: v.meta.remediation.trim(),
          scope,
          fingerprint: fingerprint(v.id, file.path, code, ordinal),
          ...(r.wholeFile ? { wholeFile: true } : {}),
        });
      }
    }
    pyTree?.delete();
  }
  return { findings, notices, incomplete };
}

/**
 * A parser that stops understanding a file may hide code in what it could not read (syntax newer
 * than the grammar, or text crafted to derail it): the rest is checked, the file is not passed.
 */
function unparsed(language: string, line: number): string {
  return `The ${language} parser found a syntax error on line ${line}, so code from there on may not have been read as it runs; the parts that parsed were checked. Fix the syntax, or have a human review the file.`;
}

export function verifierError(ruleId: string, file: string, scope: string, reason: string): Finding {
  return {
    ruleId,
    category: "verifier-error",
    cwe: [],
    severity: "blocking",
    file,
    line: 1,
    endLine: 1,
    message: `The verifier ${ruleId} failed on this file (${reason}), so the file was not fully checked.`,
    remediation:
      "A human must review this file, or fix the syntax that stops the verifier and push again. Report the failure to the agent-gate maintainers if the file is valid.",
    scope,
    fingerprint: fingerprint("verifier-error", file, `${ruleId}:${reason}`, 0),
    wholeFile: true,
  };
}
