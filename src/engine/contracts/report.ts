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

export type ContractRuleId = (typeof CONTRACT_RULES)[keyof typeof CONTRACT_RULES];

/** The messages each contract rule reports: typed for `report`, and checked against its YAML when the catalogue loads. */
export const CONTRACT_MESSAGES = {
  [CONTRACT_RULES.layers]: ["upward", "skip"],
  [CONTRACT_RULES.dataAccess]: ["access"],
  [CONTRACT_RULES.orm]: ["driver", "otherOrm", "sql"],
  [CONTRACT_RULES.database]: ["evidence"],
  [CONTRACT_RULES.confine]: ["use"],
  [CONTRACT_RULES.requireAuth]: ["missing"],
} as const satisfies Record<ContractRuleId, readonly string[]>;

/** Why a contract rule's YAML does not match the messages its code reports; undefined when it does. */
export function contractMessageProblem(meta: Pick<RuleMeta, "id" | "messages">): string | undefined {
  const declared: readonly string[] | undefined = (CONTRACT_MESSAGES as Record<string, readonly string[]>)[meta.id];
  if (!declared) return `${meta.id}: no contract rule has this id`;
  const written = Object.keys(meta.messages);
  const missing = declared.filter((id) => !written.includes(id));
  const unused = written.filter((id) => !declared.includes(id));
  if (missing.length > 0) return `${meta.id}: the code reports messageId ${missing.join(", ")} that its YAML lacks`;
  if (unused.length > 0) return `${meta.id}: its YAML has message ${unused.join(", ")} that no code reports`;
  return undefined;
}

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

  report<R extends ContractRuleId>(
    ruleId: R,
    messageId: (typeof CONTRACT_MESSAGES)[R][number],
    data: Record<string, string>,
    file: { path: string; lines: string[] },
    line: number,
    endLine = line,
  ): void {
    const meta = this.meta.get(ruleId);
    const override = this.severities[ruleId];
    if (!meta || override === "off") return;
    let builder = this.builders.get(file.path);
    if (!builder) this.builders.set(file.path, (builder = new FindingBuilder(file.path, () => file.lines)));
    this.findings.push(builder.build(meta, override, { messageId, data, line, endLine }, "contracts"));
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
