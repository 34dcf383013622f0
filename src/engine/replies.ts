// The app's replies to PR comment commands: help with the policy in force, rule explanations,
// and the reasons a command was refused.
import { CONTRACTS_SCOPE, type Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import type { RuleMeta } from "../verifiers/types.js";
import { mdCode, mdText } from "./markdown.js";

export function helpText(config: GateConfig, appSlug: string, unknown?: string): string {
  const a = config.approvals;
  const lines = [
    unknown ? `${mdCode(unknown)} is not an agent-gate command.` : "",
    "**agent-gate commands** (start a line with `/agent-gate` or `@" + appSlug + "`):",
    "- `/agent-gate approve <reason>`: approve the blocking findings on the PR's current head commit",
    "- `/agent-gate approve <sha> <reason>`: the same, but counts only if `<sha>` (7 to 40 hex digits) is the head commit",
    "- `/agent-gate recheck`: run the gate again on the head commit (needs write access)",
    "- `/agent-gate explain <rule-id>`: what a rule checks, why it matters and how to fix it",
    "- `/agent-gate help`: this message",
    "",
    "**Approval policy in force** (`approvals:` in `.github/agent-gate.yml`):",
    `- approvals needed: ${a.count}`,
    `- approver role: at least \`${a.min_role}\`${a.roles.length ? ` or one of ${a.roles.map((r) => mdCode(r)).join(", ")}` : ""}`,
    a.teams.length ? `- approver must be an active member of: ${mdText(a.teams.join(", "))}` : "- no team requirement",
    `- the PR's author ${a.allow_author ? "may" : "may not"} approve${a.allow_author ? "" : " (nor may whoever set the agent to work: the requester the agent names, the assignees of a PR a bot opened)"}; authors and co-authors of its commits ${a.allow_contributors ? "may" : "may not"} approve`,
    "- bots and AI agents never approve",
    `- a comment approval ${a.require_reason ? "must give a reason" : "needs no reason"}, and counts only if posted after the head commit and neither edited nor deleted`,
    "- a reviewer's latest word counts: requesting changes after approving, or a dismissed review, withdraws the approval",
    `- an approval counts for one head commit${a.keep_approval_when_findings_unchanged ? ", and carries over to a new one when its blocking findings are unchanged and nothing on it went unchecked" : "; a new push needs a new approval"}`,
    "- ways to approve: an approving review on the head commit, the comment above, or the check run's **Approve** button",
  ];
  return lines.filter((l, i) => l !== "" || i > 0).join("\n").trim();
}

/** Which of a rule's messages have another severity than the rule's own. */
function levelsLine(meta: RuleMeta): string[] {
  const levels = Object.entries(meta.levels ?? {}).filter(([, level]) => level !== meta.severity);
  if (levels.length === 0) return [];
  const byLevel = new Map<string, string[]>();
  for (const [id, level] of levels) byLevel.set(level, [...(byLevel.get(level) ?? []), `\`${id}\``]);
  const parts = [...byLevel].map(([level, ids]) => `${level}: ${ids.join(", ")}`);
  return [`**Severity by message.** ${meta.severity} unless listed here; ${parts.join("; ")}. Only blocking findings gate the merge.`];
}

/** A rule's page: the doc under docs/rules/ and the reply to `/agent-gate explain`. */
export function rulePage(meta: RuleMeta): string {
  return [
    `### \`${meta.id}\` (${meta.category}${meta.cwe.length ? `, ${meta.cwe.join(", ")}` : ""}, ${meta.severity})`,
    meta.description,
    ...levelsLine(meta),
    `**Why it matters.** ${meta.why.trim()}`,
    `**How to fix it.** ${meta.remediation.trim()}`,
    meta.scopes.includes(CONTRACTS_SCOPE)
      ? "**Where it looks.** The files the repository's `contracts:` section in `.github/agent-gate.yml` names (presets in rules/contracts/presets/)."
      : `**Where it looks.** Files in the scopes ${meta.scopes.map((s) => `\`${s}\``).join(", ")} (see rules/scopes.yml).`,
    "Flagged:",
    "```",
    meta.examples.bad.trimEnd(),
    "```",
    "Fixed:",
    "```",
    meta.examples.good.trimEnd(),
    "```",
  ].join("\n\n");
}

export function explainText(catalogue: Catalogue, ruleId: string): { ok: boolean; text: string } {
  const meta = catalogue.rules.get(ruleId.trim()) ?? catalogue.contractRules.get(ruleId.trim());
  if (!meta) {
    const ids = [...catalogue.rules.keys(), ...catalogue.contractRules.keys()].sort();
    return {
      ok: false,
      text: `${ruleId.trim() ? `There is no rule ${mdCode(ruleId.trim())}.` : "Name a rule: `/agent-gate explain <rule-id>`."} Rules: ${ids.map((i) => `\`${i}\``).join(", ")}`,
    };
  }
  return { ok: true, text: rulePage(meta) };
}

/** docs/rules/: one page per rule and an index, generated from rules/verifiers/ and rules/contracts/ (`npm run docs`). */
export function ruleDocs(catalogue: Catalogue): Map<string, string> {
  const metas = [...catalogue.rules.values(), ...catalogue.contractRules.values()].sort((a, b) => a.id.localeCompare(b.id));
  const docs = new Map<string, string>();
  const generated = "<!-- Generated from rules/verifiers/ and rules/contracts/ by `npm run docs`; edit the YAML, not this file. -->";
  for (const meta of metas) docs.set(`${meta.id}.md`, `${generated}\n\n${rulePage(meta)}\n`);
  const rows = metas.map((m) => `| [\`${m.id}\`](${m.id}.md) | ${m.category} | ${m.cwe.join(", ")} | ${m.severity} | ${m.description.replace(/\|/g, "\\|")} |`);
  docs.set(
    "README.md",
    [generated, "", "# agent-gate rules", "", "| rule | category | CWE | severity | what it flags |", "|---|---|---|---|---|", ...rows, ""].join("\n"),
  );
  return docs;
}
