// Findings as a SARIF 2.1.0 log for GitHub code scanning (`upload-sarif`). Pure: the CLI, the
// local check and the Action all call `sarifLog` and write the JSON themselves.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { Log, Notification, ReportingDescriptor, Result } from "sarif";
import type { RuleMeta, Verifier } from "../verifiers/types.js";
import type { Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { activeContractRules } from "./contracts/index.js";
import { rulePage } from "./replies.js";
import { activeVerifiers, severityOf } from "./run-verifiers.js";
import type { Finding, Severity, Unchecked } from "./types.js";

/** Results for what the gate could not check: they block like a blocking finding, so they are errors. */
export const COULD_NOT_CHECK_RULE = "agent-gate/could-not-check";

/**
 * GitHub code scanning's documented upload limits (docs.github.com, "SARIF results exceed limit"
 * and "SARIF file is too large"). Past a hard limit GitHub rejects the whole file.
 */
export interface SarifLimits {
  resultsPerRun: number;
  rulesPerRun: number;
  tagsPerRule: number;
  gzipBytes: number;
}

export const GITHUB_LIMITS: Readonly<SarifLimits> = {
  /** Hard limit per run; GitHub shows only the top 5,000, by severity. */
  resultsPerRun: 25_000,
  /** Hard limit per run. */
  rulesPerRun: 25_000,
  /** GitHub accepts 20 tags per rule but shows only 10. */
  tagsPerRule: 10,
  /** The upload is gzipped; GitHub refuses more than 10 MB of it. */
  gzipBytes: 10 * 1000 * 1000,
};

export const SRCROOT = "%SRCROOT%";
const FINGERPRINT_KEY = "agentGateFingerprint/v1";
const LEVEL = { blocking: "error", warning: "warning", notice: "note" } as const satisfies Record<Severity, Result.level>;
// GitHub ranks security alerts by `security-severity` (>= 7 high, >= 4 medium, else low).
const SECURITY_SEVERITY = { blocking: "8.0", warning: "5.0", notice: "2.0" } as const satisfies Record<Severity, string>;
const RANK = { error: 0, warning: 1, note: 2, none: 3 } as const;

/** The log cannot fit GitHub's limits even with no results left (too many or too large rules). */
export class SarifLimitError extends Error {}

export interface SarifOptions {
  /** Every active rule, its `severity` as configured: each becomes a `tool.driver.rules` entry. */
  rules: RuleMeta[];
  /** `automationDetails.id`: "<category>/" or "<category>/<run>", e.g. "agent-gate/scan/". */
  automationId: string;
  /** Absolute URL of the docs/rules directory; each rule's `helpUri` is `<rulesUrl><id>.md`. Without it, no `helpUri` (the page is in `help.markdown`). */
  rulesUrl?: string;
  /** Absolute path of the scanned root, written as the `%SRCROOT%` base; results' paths are relative to it. */
  root?: string;
  /** `tool.driver.version`. */
  version?: string;
  /** Limits to fit; GitHub's by default (tests pass smaller ones). */
  limits?: Readonly<SarifLimits>;
}

export interface SarifOutput {
  log: Log;
  /** Results left out to fit the limits (0 normally); the log says so in a result and a notification. */
  leftOut: number;
}

/** A repository-relative path as a SARIF relative URI: each segment percent-encoded. */
export function sarifUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function descriptor(meta: RuleMeta, rulesUrl: string | undefined, maxTags: number): ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.why.trim().replace(/\s+/g, " ") },
    ...(rulesUrl ? { helpUri: new URL(`${meta.id}.md`, rulesUrl.endsWith("/") ? rulesUrl : `${rulesUrl}/`).href } : {}),
    help: { text: meta.remediation.trim(), markdown: rulePage(meta) },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ["security", meta.category, ...meta.cwe].slice(0, maxTags),
      "security-severity": SECURITY_SEVERITY[meta.severity],
    },
  };
}

const COULD_NOT_CHECK_META: RuleMeta = {
  id: COULD_NOT_CHECK_RULE,
  description: "agent-gate could not check this file; it blocks until a qualified human approves.",
  category: "verifier-error",
  cwe: [],
  severity: "blocking",
  scopes: ["all"],
  why: "A file the verifiers cannot read or parse (binary, over a size limit, a construct a rule cannot follow) is never a silent pass: the gate treats it like a blocking finding.",
  remediation: "Make the file readable to the gate (split it, remove the construct the message names), or have a qualified human review it and approve the pull request's head commit.",
  messages: {},
  examples: { bad: "", good: "" },
};

function unlistedRule(f: Omit<Finding, "wholeFile">): RuleMeta {
  const text = `agent-gate rule ${f.ruleId} (${f.category}).`;
  return { id: f.ruleId, description: text, category: f.category, cwe: f.cwe, severity: f.severity, scopes: [f.scope], why: text, remediation: f.remediation, messages: {}, examples: { bad: "", good: "" } };
}

function findingResult(f: Omit<Finding, "wholeFile">, ruleIndex: number): Result {
  const region = f.line >= 1 ? { region: { startLine: f.line, endLine: Math.max(f.line, f.endLine) } } : {};
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(f.file), uriBaseId: SRCROOT }, ...region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  };
}

function uncheckedResult(u: Unchecked, ruleIndex: number): Result {
  const fingerprint = createHash("sha256").update(`${COULD_NOT_CHECK_RULE}\0${u.file ?? ""}\0${u.reason}`).digest("hex").slice(0, 32);
  return {
    ruleId: COULD_NOT_CHECK_RULE,
    ruleIndex,
    level: "error",
    message: { text: `Could not check${u.file ? ` ${u.file}` : " the pull request"}: ${u.reason}` },
    // GitHub shows only results with a location (line 1 for the whole file); a file-less one is also a notification (see sarifLog).
    ...(u.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(u.file), uriBaseId: SRCROOT }, region: { startLine: 1 } } }] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  };
}

/**
 * One SARIF 2.1.0 run: every active rule in `tool.driver`, one result per finding and per
 * could-not-check entry. Past GitHub's limits the least severe results are left out and the log
 * says how many (a could-not-check result and an error notification): the file stays uploadable,
 * and the caller's verdict, computed from all findings, is unchanged. Throws SarifLimitError when
 * even the rules alone do not fit.
 */
export function sarifLog(findings: Omit<Finding, "wholeFile">[], incomplete: Unchecked[], options: SarifOptions): SarifOutput {
  const limits = options.limits ?? GITHUB_LIMITS;
  const metas = new Map(options.rules.map((m) => [m.id, m]));
  // A finding whose rule the caller did not list still gets a descriptor: no result is dropped.
  for (const f of findings) if (!metas.has(f.ruleId)) metas.set(f.ruleId, unlistedRule(f));
  metas.set(COULD_NOT_CHECK_RULE, COULD_NOT_CHECK_META);
  if (metas.size > limits.rulesPerRun) throw new SarifLimitError(`${metas.size} rules exceed GitHub's ${limits.rulesPerRun} rules per run`);
  const rules = [...metas.values()].map((m) => descriptor(m, options.rulesUrl, limits.tagsPerRule));
  const index = new Map(rules.map((r, i) => [r.id, i]));

  const all = [
    ...incomplete.map((u) => uncheckedResult(u, index.get(COULD_NOT_CHECK_RULE)!)),
    ...findings.map((f) => findingResult(f, index.get(f.ruleId)!)),
  ].sort((a, b) => RANK[a.level ?? "none"] - RANK[b.level ?? "none"]);
  const notifications: Notification[] = incomplete
    .filter((u) => !u.file)
    .map((u) => ({ level: "error", message: { text: `Could not check the pull request: ${u.reason}` }, descriptor: { id: COULD_NOT_CHECK_RULE } }));

  const build = (kept: number): Log => {
    const leftOut = all.length - kept;
    const results = all.slice(0, kept);
    const run: Log["runs"][number] = {
      tool: { driver: { name: "agent-gate", ...(options.version ? { version: options.version } : {}), rules } },
      automationDetails: { id: options.automationId },
      ...(options.root ? { originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(options.root).href.replace(/\/?$/, "/")}` } } } : {}),
      results,
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: [...notifications] }],
      columnKind: "utf16CodeUnits",
    };
    if (leftOut > 0) {
      const text = `${leftOut} more result(s) left out to fit GitHub's upload limits (${limits.resultsPerRun} results per run, ${limits.gzipBytes} gzipped bytes); run \`agent-gate scan --format json\` for all of them.`;
      results.push({ ruleId: COULD_NOT_CHECK_RULE, ruleIndex: index.get(COULD_NOT_CHECK_RULE)!, level: "error", message: { text } });
      run.invocations![0]!.toolExecutionNotifications!.push({ level: "error", message: { text }, descriptor: { id: COULD_NOT_CHECK_RULE } });
    }
    return { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
  };

  // One slot is kept for the "left out" result whenever anything must go.
  let kept = all.length <= limits.resultsPerRun ? all.length : limits.resultsPerRun - 1;
  for (;;) {
    const log = build(kept);
    const size = gzipSync(JSON.stringify(log)).length;
    if (size <= limits.gzipBytes) return { log, leftOut: all.length - kept };
    if (kept === 0) throw new SarifLimitError(`the SARIF log is ${size} gzipped bytes with no results, over GitHub's ${limits.gzipBytes}`);
    kept = Math.min(kept - 1, Math.floor((kept * limits.gzipBytes * 0.9) / size));
    kept = Math.max(kept, 0);
  }
}

/** The rules a scan under `config` runs, at their configured severity: the driver's rule list. */
export function rulesInForce(verifiers: Verifier[], config: GateConfig, catalogue: Catalogue): RuleMeta[] {
  const contracts = activeContractRules(config.contracts, catalogue.contractRules, config.rules).map((id) => catalogue.contractRules.get(id)!);
  return [
    ...activeVerifiers(verifiers, config).map((v) => ({ ...v.meta, severity: severityOf(v, config) as Severity })),
    ...contracts.map((m) => ({ ...m, severity: (config.rules[m.id] ?? m.severity) as Severity })),
  ];
}
