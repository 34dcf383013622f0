// Renders a verdict as the check run's output: a summary a reviewer can read at a glance, a
// section addressed to the agent with one instruction per finding, and line annotations.
import type { ConfigFile } from "./config.js";
import type { Finding, Unchecked } from "./types.js";
import type { Scan } from "./scan.js";
import type { Verdict } from "./verdict.js";
import { blockingFindings } from "./verdict.js";
import { mdCode, mdMarked, mdText } from "./markdown.js";
import { sharedSection } from "./shared-verdict.js";

export const CHECK_NAME = "agent-gate";
/** GitHub's limit for output.summary and output.text. */
export const OUTPUT_LIMIT = 65535;

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  annotations: Annotation[];
  actions: CheckAction[];
}

export const ACTIONS = {
  rerun: { label: "Re-run", description: "Run agent-gate again on this commit", identifier: "rerun" },
  approve: { label: "Approve", description: "Approve the findings for this commit", identifier: "approve" },
} satisfies Record<string, CheckAction>;

const LEVEL: Record<Finding["severity"], Annotation["annotation_level"]> = {
  blocking: "failure",
  warning: "warning",
  notice: "notice",
};

const ICON: Record<Finding["severity"], string> = { blocking: "⛔", warning: "⚠️", notice: "ℹ️" };

/** Text the agent may control, escaped (src/engine/markdown.ts); one argument, so `.map(cell)` works. */
function cell(s: string): string {
  return mdText(s);
}

/** Messages quote code and reasons are free text: longer than other values, still bounded. */
function long(s: string): string {
  return mdText(s, 1000);
}

function code(s: string): string {
  return mdCode(s);
}

function agentSection(scan: Scan): string {
  const d = scan.detection;
  if (!scan.gated) {
    return [
      "### Why this PR is not gated",
      `No agent signal fired${d.automation ? ` (the author ${code(d.automation)} is automation, which \`agents.gate_automation\` leaves ungated)` : ""}. Checked:`,
      ...d.checked.map((c) => `- ${cell(c)}`),
      ...(d.signals.length > 0 ? ["", "Recorded, but not enough to gate on its own:", ...d.signals.map((s) => `- ${cell(s.kind)}: ${cell(s.detail)}`)] : []),
      "",
      "Set `gate: all` in `.github/agent-gate.yml` to gate every pull request.",
    ].join("\n");
  }
  const lines = [
    "### Agent detection",
    d.isAgent
      ? `Agent-authored: **${cell(d.agents.join(", "))}**`
      : scan.gateMode === "all"
        ? "No agent signal fired, but `gate: all` gates every pull request."
        : "No agent signal fired in the commits GitHub lists, but it did not list them all (see below): the others could be an agent's, so this pull request is gated.",
  ];
  for (const s of d.signals) lines.push(`- ${cell(s.kind)}: ${cell(s.detail)}`);
  return lines.join("\n");
}

function scopeSection(scan: Scan): string {
  if (scan.scopedFiles.length === 0) {
    return `### Gated files\nNone of the ${scan.filesChanged} changed files falls in a gated scope.`;
  }
  const rows = scan.scopedFiles.map((f) => {
    const why = f.scopes.map((s) => `${s.scope}: ${s.reason}`).join("; ");
    const note = f.skipped ? ` (not checked: ${f.skipped})` : f.patchMissing ? " (no patch: whole file checked)" : "";
    return `| ${code(f.path)} | ${cell(why)}${cell(note)} |`;
  });
  return [`### Gated files (${scan.scopedFiles.length} of ${scan.filesChanged} changed)`, "| file | scope and reason |", "|---|---|", ...rows].join("\n");
}

const EDGE_VERDICT = { allowed: "✅ allowed", upward: "⛔ imports a layer above", skip: "⛔ skips a layer" } as const;

/** The contracts in force and which layer imported which in the changed files. */
function contractsSection(scan: Scan): string {
  const c = scan.contracts;
  if (!c) return "";
  const presets = c.presets.length > 0 ? ` (presets: ${c.presets.map(code).join(", ")})` : "";
  const lines = ["### Structural contracts", `In force${presets}: ${c.checked.map((x) => cell(x)).join("; ")}.`];
  const order = c.layers?.order ?? [];
  const edges = [...(c.layers?.edges ?? [])].sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from) || order.indexOf(a.to) - order.indexOf(b.to));
  if (edges.length > 0) {
    lines.push("", `Layer imports in the changed files (${cell(order.join(" → "))}):`, "| from | to | imports | verdict | for example |", "|---|---|---|---|---|");
    for (const e of edges) lines.push(`| ${code(e.from)} | ${code(e.to)} | ${e.imports} | ${EDGE_VERDICT[e.verdict]} | ${code(e.example)} |`);
  }
  return lines.join("\n");
}

function findingRow(f: Finding): string {
  const cwe = f.cwe.length > 0 ? ` ${f.cwe.join(", ")}` : "";
  return `| ${ICON[f.severity]} ${f.severity} | ${code(f.ruleId)} (${f.category}${cwe}) | ${code(`${f.file}:${f.line}`)} | ${long(f.message)} |`;
}

const COVERED_SHOWN = 5;

/** Names the findings an approval covered, by rule and place, as far as the head still has them. */
function covered(fingerprints: string[], findings: Finding[]): string {
  const named = findings.filter((f) => fingerprints.includes(f.fingerprint)).map((f) => `${f.ruleId} at ${cell(f.file)}:${f.line}`);
  const shown = named.slice(0, COVERED_SHOWN).join(", ");
  const more = fingerprints.length - Math.min(named.length, COVERED_SHOWN);
  return `${fingerprints.length} finding(s)${shown ? ` (${shown}${more > 0 ? `, and ${more} more` : ""})` : ""}`;
}

function approvalSection(verdict: Verdict): string {
  const a = verdict.approvals;
  const findings = verdict.scan?.findings ?? [];
  const lines = ["### Approvals"];
  if (!a || (a.accepted.length === 0 && a.refused.length === 0)) {
    lines.push("None yet for this commit.");
  }
  for (const x of a?.accepted ?? []) {
    const carried = x.carriedFrom ? ` (carried over from ${cell(x.carriedFrom.slice(0, 7))}: findings unchanged)` : "";
    lines.push(
      `- ✅ @${cell(x.login)} (${cell(x.role)}) approved ${cell(x.sha.slice(0, 7))} by ${x.via} at ${cell(x.at)}${carried}, covering ${covered(x.covers, findings)}: ${long(x.reason)}`,
    );
  }
  for (const r of a?.refused ?? []) lines.push(`- ❌ @${cell(r.login)} (${r.via}, ${cell(r.at)}): not counted: ${mdMarked(r.why, 1000)}`);
  return lines.join("\n");
}

/** Where the verdict is shown: the app's run has an Approve button; the Action's run cannot. */
export interface RenderOptions {
  button?: boolean;
}

function howToApprove(headSha: string, button: boolean): string {
  const ways = [
    "by an approving review on this commit",
    `by commenting ${code(`/agent-gate approve ${headSha} <reason>`)} (naming the commit makes sure the approval cannot land on a newer one pushed meanwhile)`,
    ...(button ? ["with the **Approve** button above"] : []),
  ];
  return [
    "### How to get this merged",
    "- **Fix it**: push a commit that resolves every blocking finding; the gate runs again on the new commit.",
    `- **Approve it**: a qualified human (see \`/agent-gate help\` for the policy in force) approves commit ${code(headSha.slice(0, 7))} ${ways.slice(0, -1).join(", ")} or ${ways[ways.length - 1]}. An approval counts for this exact commit only.`,
  ].join("\n");
}

function instruction(f: Finding, i: number): string {
  return `${i + 1}. ${code(`${f.file}:${f.line}`)} ${code(f.ruleId)}: ${long(f.message)} **Fix:** ${f.remediation.replace(/\s+/g, " ").trim()}`;
}

/** At most `max` numbered instructions, then how many more the annotations carry. */
function instructions(findings: Finding[], max: number): string[] {
  const more = findings.length - max;
  return [...findings.slice(0, max).map(instruction), ...(more > 0 ? [`… and ${more} more, each annotated on its line with the same fix.`] : [])];
}

/** Blocking findings are changes to make; warnings and notices are listed after them, to consider. */
function agentInstructions(blocking: Finding[], others: Finding[]): string {
  const lines = ["### For the agent that wrote this PR"];
  if (blocking.length > 0) lines.push("Make these changes, then push; each line names the file, the line, the problem and the fix:", ...instructions(blocking, 60));
  if (others.length > 0) lines.push("Also consider these (they do not block the merge, but a reviewer will read them):", ...instructions(others, 20));
  return lines.join("\n");
}

function noticeSection(scan: Scan): string {
  const items = [
    ...scan.incomplete.map((i) => `- ⛔ could not check${i.file ? ` ${code(i.file)}` : ""}: ${long(i.reason)}`),
    ...scan.notices.map((n) => `- ${n.file ? `${code(n.file)} ` : ""}${long(n.message)}`),
  ];
  if (scan.onBaseFindings > 0) {
    items.push(`- ${scan.onBaseFindings} finding(s) already on the base branch, not this PR's, were not reported.`);
  }
  return items.length > 0 ? ["### Notices", ...items].join("\n") : "";
}

const TABLE_HEAD = ["| severity | rule | where | problem |", "|---|---|---|---|"];

/** A findings table, or nothing when it has no rows; `cut` rows were left out for length. */
function table(rows: string[], cut: number, title = ""): string {
  if (rows.length === 0 && cut === 0) return "";
  const more = cut > 0 ? `_${cut} more finding(s) not shown here (GitHub's 65,535-character limit); every finding is annotated on its line._` : "";
  return [title, rows.length > 0 ? [...TABLE_HEAD, ...rows].join("\n") : "", more].filter((s) => s !== "").join("\n\n");
}

/**
 * Joins sections, cutting the findings tables (the only unbounded parts) to fit the limit: the
 * warnings first, then the blocking findings.
 */
function fit(head: string[], rows: string[], warnings: { title: string; rows: string[] }, tail: string[]): string {
  const join = (shown: number, warned: number) =>
    [...head, table(rows.slice(0, shown), rows.length - shown), table(warnings.rows.slice(0, warned), warnings.rows.length - warned, warnings.title), ...tail]
      .filter((s) => s !== "")
      .join("\n\n");
  let shown = rows.length;
  let warned = warnings.rows.length;
  let out = join(shown, warned);
  while (out.length > OUTPUT_LIMIT && (shown > 0 || warned > 0)) {
    if (warned > 0) warned = Math.max(0, Math.floor(warned * 0.8) - 1);
    else shown = Math.max(0, Math.floor(shown * 0.8) - 1);
    out = join(shown, warned);
  }
  return out.length > OUTPUT_LIMIT ? `${out.slice(0, OUTPUT_LIMIT - 80)}\n\n_Summary cut at GitHub's 65,535-character limit._` : out;
}

/** Where the configuration in force came from, so a reviewer can tell which policy decided. */
function configSection(verdict: Verdict): string {
  const files = verdict.configFrom;
  if (!files) return "";
  if (files.length === 0) return "_Configuration: the built-in defaults (no `.github/agent-gate.yml` on the default branch, nor in the owner's `.github` repository)._";
  const where = (f: ConfigFile) => `${code(f.path)} in ${code(f.repo)} at ${code(f.ref)}${f.sha ? ` (blob ${code(f.sha.slice(0, 7))})` : ""}`;
  const [own, ...extended] = files;
  return `_Configuration: ${where(own!)}${extended.length > 0 ? `, extending ${extended.map(where).join(", then ")}` : ""}._`;
}

export function renderCheckRun(verdict: Verdict, options: RenderOptions = {}): CheckRunOutput {
  const out = renderOutput(verdict, options.button ?? true);
  const source = configSection(verdict);
  if (!source) return out;
  const summary = `${out.summary}\n\n${source}`;
  return { ...out, summary: summary.length > OUTPUT_LIMIT ? out.summary : summary };
}

function renderOutput(verdict: Verdict, button: boolean): CheckRunOutput {
  const scan = verdict.scan;
  if (!scan) {
    return {
      title: verdict.title,
      summary: [
        "## ❌ agent-gate could not decide",
        `**What went wrong:** ${errorText(verdict.error ?? "unknown error")}`,
        ...[sharedSection(verdict)].filter((x) => x !== ""),
        "The gate fails closed: this check blocks the merge until a run completes. Press **Re-run** (or comment `/agent-gate recheck`) to try again; if it keeps failing, the app's logs have the details.",
      ].join("\n\n"),
      text: "",
      annotations: [],
      actions: [ACTIONS.rerun],
    };
  }
  const head = [`## ${headline(verdict)}`, ...[sharedSection(verdict)].filter((x) => x !== ""), agentSection(scan)];
  if (!scan.gated) {
    return { title: verdict.title, summary: head.join("\n\n"), text: "", annotations: [], actions: [ACTIONS.rerun] };
  }
  const shown = scan.findings;
  const blocking = blockingFindings(scan);
  const others = shown.filter((f) => f.severity !== "blocking");
  head.push(scopeSection(scan), ...[contractsSection(scan)].filter((x) => x !== ""), `### Findings (${blocking.length} blocking, ${others.length} other)`);
  if (shown.length === 0) head.push(`No findings. Rules run: ${scan.rulesRun.map(code).join(", ")}.`);
  else if (blocking.length === 0) head.push("Nothing blocks the merge.");
  const warnings = { title: `### Warnings (${others.length}): worth a reviewer's look, never blocking`, rows: others.map(findingRow) };
  const tail = [noticeSection(scan)];
  const needsApproval = blocking.length > 0 || scan.incomplete.length > 0;
  if (needsApproval) tail.push(approvalSection(verdict), howToApprove(scan.headSha, button));
  if (shown.length > 0) tail.push(agentInstructions(blocking, others));
  return {
    title: verdict.title,
    summary: fit(head, blocking.map(findingRow), warnings, tail.filter((t) => t !== "")),
    text: "",
    annotations: [...scan.incomplete.flatMap(uncheckedAnnotation), ...shown.map(annotation)],
    actions: needsApproval && verdict.conclusion === "action_required" ? [ACTIONS.approve, ACTIONS.rerun] : [ACTIONS.rerun],
  };
}

/** An error lists problems one per line ("- ...") and names keys in backticks: both kept, all escaped. */
function errorText(error: string): string {
  return error
    .split("\n")
    .map((l) => (l.startsWith("- ") ? `- ${mdMarked(l.slice(2), 1000)}` : mdMarked(l, 1000)))
    .join("\n");
}

function headline(verdict: Verdict): string {
  const icon = verdict.conclusion === "success" ? "✅" : verdict.conclusion === "action_required" ? "⛔" : "❌";
  return `${icon} ${cell(verdict.title)}`;
}

/** A file the gate could not check is annotated at its first line, as a blocking problem. */
function uncheckedAnnotation(u: Unchecked): Annotation[] {
  if (!u.file) return [];
  return [
    {
      path: u.file,
      start_line: 1,
      end_line: 1,
      annotation_level: "failure",
      title: "agent-gate could not check this file",
      message: `${u.reason}\n\nA qualified human must review it and approve, or change the file so the gate can read it.`,
    },
  ];
}

function annotation(f: Finding): Annotation {
  return {
    path: f.file,
    start_line: f.line,
    end_line: f.endLine,
    annotation_level: LEVEL[f.severity],
    title: `${f.ruleId} (${[f.category, ...f.cwe].join(", ")})`.slice(0, 255),
    message: `${f.message}\n\nFix: ${f.remediation}`,
  };
}
