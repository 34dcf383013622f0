// The one finding builder: file rules (verifiers) and project rules (contracts) both turn their
// reports into findings here, so the message, severity, fingerprint, "could not check" shape and
// the comparison with the base revision are the same whichever strategy found them.
import { createHash } from "node:crypto";
import type { GateConfig } from "./config.js";
import type { Finding, Severity, UnlessCallers } from "./types.js";
import type { RuleMeta } from "../verifiers/types.js";

/** What a rule says about one place in one file. */
export interface RuleReport {
  messageId: string;
  data?: Record<string, string>;
  line: number;
  endLine?: number;
  /** The finding is about the whole file (a path rule): always the change's. */
  wholeFile?: boolean;
  unlessCallers?: UnlessCallers<RuleReport>;
}

export function fill(template: string, data: Record<string, string> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data[k] ?? `{{${k}}}`);
}

/** The repository's override, else the rule's own severity: whether the rule runs at all. */
export function severityFor(ruleId: string, meta: Pick<RuleMeta, "severity"> | undefined, overrides: GateConfig["rules"]): Severity | "off" {
  return overrides[ruleId] ?? meta?.severity ?? "off";
}

/** One report's severity: the repository's override of the rule, else its message's level, else the rule's. */
export function reportSeverity(meta: Pick<RuleMeta, "severity" | "levels">, messageId: string, override: Severity | undefined): Severity {
  return override ?? meta.levels?.[messageId] ?? meta.severity;
}

export function fingerprint(ruleId: string, file: string, code: string, ordinal: number): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${code}\0${ordinal}`).digest("hex").slice(0, 16);
}

/** The flagged lines with whitespace collapsed: what a fingerprint keeps across line shifts. */
function codeAt(lines: string[], from: number, to: number): string {
  return lines
    .slice(from - 1, to)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Builds the findings of one file: the n-th finding of a rule and message on the same code gets
 * ordinal n, so identical lines keep distinct fingerprints that still survive line shifts.
 */
export class FindingBuilder {
  private readonly seen = new Map<string, number>();
  private lineList: string[] | undefined;

  constructor(
    readonly file: string,
    private readonly text: () => string[] | string,
  ) {}

  private lines(): string[] {
    if (!this.lineList) {
      const t = this.text();
      this.lineList = typeof t === "string" ? t.split("\n") : t;
    }
    return this.lineList;
  }

  /** `override` is the repository's severity for the rule (`rules:` in its config), if it set one. */
  build(meta: RuleMeta, override: Severity | undefined, report: RuleReport, scope: string): Finding {
    const endLine = Math.max(report.line, report.endLine ?? report.line);
    const code = `${report.messageId}:${codeAt(this.lines(), report.line, endLine)}`;
    const key = `${meta.id}\0${code}`;
    const ordinal = this.seen.get(key) ?? 0;
    this.seen.set(key, ordinal + 1);
    const template = meta.messages[report.messageId];
    return {
      ruleId: meta.id,
      category: meta.category,
      cwe: meta.cwe,
      severity: reportSeverity(meta, report.messageId, override),
      file: this.file,
      line: report.line,
      endLine,
      message: template ? fill(template, { file: this.file, ...report.data }) : meta.description,
      remediation: meta.remediation.trim(),
      scope,
      fingerprint: fingerprint(meta.id, this.file, code, ordinal),
      ...(report.wholeFile ? { wholeFile: true } : {}),
      ...(report.unlessCallers ? { unlessCallers: { ...report.unlessCallers, instead: this.build(meta, override, report.unlessCallers.instead, scope) } } : {}),
    };
  }
}

/** A rule that failed on a file: the file was not checked, which blocks like a finding. */
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

export interface Split {
  /** Findings the change brings in. */
  fresh: Finding[];
  /** Findings that were already in the base revision. */
  onBase: number;
}

/**
 * Keeps the head findings whose fingerprint the base revision does not have. Whole-file findings
 * (a path rule, a deleted file) and rule failures are always the change's: the change touches that
 * file, and a failure means the head was not checked, whatever the base did.
 */
export function freshAgainstBase(head: Finding[], base: Finding[]): Split {
  const always = (f: Finding) => f.wholeFile === true || f.category === "verifier-error";
  const known = new Set(base.filter((f) => !always(f)).map((f) => f.fingerprint));
  const fresh = head.filter((f) => always(f) || !known.has(f.fingerprint));
  return { fresh, onBase: head.length - fresh.length };
}
