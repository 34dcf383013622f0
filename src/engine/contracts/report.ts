// Turns contract reports into findings through the one finding builder (findings.ts) the
// verifiers use: the rule's metadata, the repository's severity override, the same fingerprint.
import { minimatch } from "minimatch";
import type { GateConfig } from "../config.js";
import { FindingBuilder, severityFor } from "../findings.js";
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

export class Reporter {
  readonly findings: Finding[] = [];
  private readonly builders = new Map<string, FindingBuilder>();

  constructor(
    private readonly meta: Map<string, RuleMeta>,
    private readonly severities: GateConfig["rules"],
  ) {}

  severity(ruleId: string): Severity | "off" {
    return severityFor(ruleId, this.meta.get(ruleId), this.severities);
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
    let builder = this.builders.get(file.path);
    if (!builder) this.builders.set(file.path, (builder = new FindingBuilder(file.path, () => file.lines)));
    this.findings.push(builder.build(meta, severity, { messageId, data, line, endLine }, "contracts"));
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
