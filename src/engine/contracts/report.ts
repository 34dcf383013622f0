// Turns contract reports into findings of the standard shape, with the rule's metadata, the
// repository's severity override and a fingerprint that survives line shifts.
import { minimatch } from "minimatch";
import type { GateConfig } from "../config.js";
import { fingerprint } from "../run-verifiers.js";
import type { Finding, Severity } from "../types.js";
import type { RuleMeta } from "../../verifiers/types.js";

export const CONTRACT_RULES = {
  layers: "contracts/layers",
  dataAccess: "contracts/data-access",
  orm: "contracts/orm",
  database: "contracts/database",
  confine: "contracts/confine",
  requireAuth: "contracts/require-auth",
} as const;

function fill(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data[k] ?? `{{${k}}}`);
}

export class Reporter {
  readonly findings: Finding[] = [];
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly meta: Map<string, RuleMeta>,
    private readonly severities: GateConfig["rules"],
  ) {}

  severity(ruleId: string): Severity | "off" {
    return this.severities[ruleId] ?? this.meta.get(ruleId)?.severity ?? "off";
  }

  active(ruleId: string): boolean {
    return this.meta.has(ruleId) && this.severity(ruleId) !== "off";
  }

  report(
    ruleId: string,
    messageId: string,
    data: Record<string, string>,
    file: { path: string; lines: string[] },
    line: number,
    endLine = line,
  ): void {
    const meta = this.meta.get(ruleId);
    const severity = this.severity(ruleId);
    if (!meta || severity === "off") return;
    const code = file.lines.slice(line - 1, endLine).join(" ").replace(/\s+/g, " ").trim();
    const key = `${ruleId}\0${file.path}\0${code}`;
    const ordinal = this.seen.get(key) ?? 0;
    this.seen.set(key, ordinal + 1);
    const template = meta.messages[messageId];
    this.findings.push({
      ruleId,
      category: meta.category,
      cwe: meta.cwe,
      severity,
      file: file.path,
      line,
      endLine,
      message: template ? fill(template, { file: file.path, ...data }) : meta.description,
      remediation: meta.remediation.trim(),
      scope: "contracts",
      fingerprint: fingerprint(ruleId, file.path, `${messageId}:${code}`, ordinal),
    });
  }
}

/** Compiled globs, matched the way scopes match (dot files included). */
export class Globs {
  private static readonly compiled = new Map<string, Globs>();
  private readonly res: RegExp[];

  private constructor(readonly patterns: string[]) {
    this.res = patterns.map((g) => minimatch.makeRe(g, { dot: true }) || /$^/);
  }

  /** Compiled once per process: the same lists are matched against every file. */
  static of(patterns: string[]): Globs {
    const key = patterns.join("\0");
    let g = Globs.compiled.get(key);
    if (!g) {
      g = new Globs(patterns);
      Globs.compiled.set(key, g);
    }
    return g;
  }

  match(path: string): boolean {
    return this.res.some((re) => re.test(path));
  }
  /** For messages: `src/db/**` or `src/db/**, src/migrations/**`. */
  describe(): string {
    return this.patterns.map((p) => `\`${p}\``).join(", ");
  }
}

/** "a", "a and b", "a, b and c". */
export function listing(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
