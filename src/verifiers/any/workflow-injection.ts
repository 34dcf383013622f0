// Workflows that let an outsider's text or code run with the repository's token: `${{ }}`
// expressions of attacker-controlled event fields (titles, bodies, branch names, commit
// messages) pasted into a `run:` script or a github-script `script:`, and pull_request_target or
// workflow_run workflows that check out the pull request's own code.
import { defineVerifier } from "../types.js";
import { fileKind } from "./formats/kind.js";
import { stepsOf } from "./formats/shell.js";
import { entries, get, getPair, items, pairLine, readYaml, scalarLines, str, type YamlFile } from "./formats/yaml.js";

const MESSAGE_IDS = ["injection", "checkoutHead"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const EXPRESSION = /\$\{\{([^}]{0,500})\}\}/g;
const CONTEXT_PATH = /\bgithub\.(?:head_ref\b|event(?:\.[\w-]{1,100}|\[[^\]]{0,100}\]|\.\*){0,20})/g;
/** Event fields anyone who opens an issue, comment, fork or pull request can set. */
const UNTRUSTED_TAIL = /(?:\.(?:title|body|message|page_name|head_branch|default_branch|label)|\.head\.ref|\.author\.(?:email|name))$/;
/** Whole event objects that contain such fields (toJSON(github.event.pull_request)). */
const UNTRUSTED_OBJECT = /^github\.event(?:\.(?:issue|pull_request|comment|review|review_comment|discussion|head_commit|commits|workflow_run|pages))?$/;
const PR_HEAD = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs\/pull\/|pull_request\.head\.repo\.full_name|github\.event\.number|github\.event\.pull_request\.number/;
const FETCH_PR = /\bgh\s{1,10}pr\s{1,10}checkout\b|\bgit\s{1,10}fetch\b[^\n]{0,300}\bpull\/|\bgit\s{1,10}(?:checkout|switch)\b[^\n]{0,100}\$\{\{\s{0,10}github\.(?:event\.pull_request\.head|head_ref)/;

function untrustedIn(expression: string): string | undefined {
  for (const m of expression.matchAll(CONTEXT_PATH)) {
    const path = m[0].replace(/\[[^\]]{0,100}\]/g, "").replace(/\.\*/g, "");
    if (path === "github.head_ref" || UNTRUSTED_TAIL.test(path)) return m[0];
    const wrapped = expression.slice(0, m.index).match(/\b(?:toJSON|toJson|tojson|join|format)\s{0,5}\(\s{0,5}$/);
    if (wrapped && UNTRUSTED_OBJECT.test(path)) return m[0];
  }
  return undefined;
}

function triggers(root: unknown): Set<string> {
  const on = get(root, "on");
  const out = new Set<string>();
  const one = str(on);
  if (one) out.add(one);
  for (const item of items(on)) {
    const s = str(item);
    if (s) out.add(s);
  }
  for (const [k] of entries(on)) out.add(k);
  return out;
}

export const verifier = defineVerifier({
  id: "any/workflow-injection",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (kind !== "workflow" && kind !== "action") return;
    const file = readYaml(ctx);
    if (!file) return;
    const reported = new Set<number>();
    const report = (line: number, messageId: MessageId, data: Record<string, string>) => {
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, data, line });
    };
    for (const doc of file.docs) {
      const on = triggers(doc.contents);
      const privileged = on.has("pull_request_target") ? "pull_request_target" : on.has("workflow_run") ? "workflow_run" : undefined;
      for (const step of stepsOf(doc.contents)) {
        scanScript(file, get(step, "run"), "run:", report);
        const uses = str(get(step, "uses")) ?? "";
        if (/^actions\/github-script@/.test(uses)) scanScript(file, get(get(step, "with"), "script"), "github-script script:", report);
        if (!privileged) continue;
        if (/^actions\/checkout@/.test(uses)) {
          for (const key of ["ref", "repository"]) {
            const pair = getPair(get(step, "with"), key);
            const value = pair ? str(pair.value) ?? "" : "";
            if (pair && PR_HEAD.test(value)) report(pairLine(file, pair), "checkoutHead", { trigger: privileged, value: value.trim() });
          }
        }
        for (const l of scalarLines(file, get(step, "run"))) {
          if (FETCH_PR.test(l.text)) report(l.line, "checkoutHead", { trigger: privileged, value: l.text.trim().slice(0, 80) });
        }
      }
    }
  },
});

function scanScript(file: YamlFile, node: unknown, where: string, report: (line: number, id: MessageId, data: Record<string, string>) => void): void {
  for (const l of scalarLines(file, node)) {
    for (const m of l.text.matchAll(EXPRESSION)) {
      const field = untrustedIn(m[1] ?? "");
      if (field) report(l.line, "injection", { expression: m[0].trim(), field, where });
    }
  }
}
