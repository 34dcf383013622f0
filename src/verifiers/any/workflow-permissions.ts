// GITHUB_TOKEN permissions wider than the workflow uses: `permissions: write-all`, and write
// scopes granted to jobs whose steps never use the token (no action that may take it, no
// GITHUB_TOKEN or github.token reference, no gh or git push). A token nobody needs is only
// there for whoever compromises a step.
import { defineVerifier, type VerifierContext } from "../types.js";
import { fileKind } from "./formats/kind.js";
import { entries, get, getPair, items, pairLine, readYaml, str, type PairNode, type YamlFile } from "./formats/yaml.js";

/** Actions that never read the job token (actions/checkout only persists it for a later git push). */
const TOKENLESS_ACTION = /^actions\/(?:checkout|setup-[\w-]+|cache(?:\/\w+)?|upload-artifact|download-artifact)@/;
const TOKEN_USE =
  /\bGITHUB_TOKEN\b|\bgithub\.token\b|\bGH_TOKEN\b|\bgit\s{1,10}push\b|\bgh\s{1,10}(?:api|pr|release|issue|workflow|run|repo|label|secret|variable|gist|cache|attestation)\b|api\.github\.com|ACTIONS_ID_TOKEN|--provenance\b|\bcosign\b/;

interface Job {
  name: string;
  node: unknown;
}

export const verifier = defineVerifier({
  id: "any/workflow-permissions",
  languages: ["any"],
  messageIds: ["writeAll", "unusedWrite"],
  check(ctx) {
    if (fileKind(ctx.path, ctx.text) !== "workflow") return;
    const file = readYaml(ctx);
    if (!file) return;
    for (const doc of file.docs) {
      const root = doc.contents;
      const jobs: Job[] = [...entries(get(root, "jobs"))].map(([name, node]) => ({ name, node }));
      const rootUses = TOKEN_USE.test(sourceOf(file, get(root, "env")));
      const inheriting = jobs.filter((j) => getPair(j.node, "permissions") === undefined);
      checkGrant(ctx.report, file, getPair(root, "permissions"), inheriting, rootUses);
      for (const job of jobs) checkGrant(ctx.report, file, getPair(job.node, "permissions"), [job], rootUses);
    }
  },
});

function checkGrant(report: VerifierContext["report"], file: YamlFile, pair: PairNode | undefined, jobs: Job[], rootUses: boolean): void {
  if (!pair) return;
  if (str(pair.value)?.trim() === "write-all") {
    report({ messageId: "writeAll", data: {}, line: pairLine(file, pair) });
    return;
  }
  if (jobs.length === 0 || rootUses) return;
  const idle = jobs.filter((j) => !usesToken(file, j.node));
  if (idle.length < jobs.length) return;
  for (const [scope, value, scopePair] of entries(pair.value)) {
    if (str(value) !== "write") continue;
    report({
      messageId: "unusedWrite",
      data: { scope, jobs: idle.map((j) => j.name).join(", ") },
      line: pairLine(file, scopePair),
    });
  }
}

/** Whether a job may use its token: a reusable workflow, an action that may read it, or a step that names it. */
function usesToken(file: YamlFile, job: unknown): boolean {
  if (get(job, "uses") !== undefined) return true;
  for (const step of items(get(job, "steps"))) {
    const uses = str(get(step, "uses"));
    if (uses && !TOKENLESS_ACTION.test(uses)) return true;
  }
  return TOKEN_USE.test(sourceOf(file, job));
}

function sourceOf(file: YamlFile, node: unknown): string {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return "";
  const start = file.lineAt(range[0]);
  const end = file.lineAt(Math.max(range[0], range[2] - 1));
  return file.lines.slice(start - 1, end).join("\n");
}
