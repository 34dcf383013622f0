// GitHub Actions `uses:` references that a third party can change under the workflow: an
// action or reusable workflow pinned to a tag or branch instead of a full commit SHA, or a
// docker:// image without a digest. Actions owned by GitHub (actions/*, github/*) at a release
// tag are accepted as first-party: GitHub runs the platform they run on anyway.
import { defineVerifier } from "../types.js";
import { fileKind } from "./formats/kind.js";
import { stepsOf } from "./formats/shell.js";
import { entries, get, getPair, pairLine, readYaml, str } from "./formats/yaml.js";

const MESSAGE_IDS = ["unpinned", "firstPartyBranch", "noRef", "docker"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const COMMIT = /^[0-9a-f]{40}$/;
const FIRST_PARTY = new Set(["actions", "github"]);
const RELEASE_TAG = /^v?\d{1,4}(?:\.\d{1,4}){0,2}$/;

export const verifier = defineVerifier({
  id: "any/unpinned-action",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (kind !== "workflow" && kind !== "action") return;
    const file = readYaml(ctx);
    if (!file) return;
    for (const doc of file.docs) {
      const pairs = [
        ...stepsOf(doc.contents).map((step) => getPair(step, "uses")),
        ...[...entries(get(doc.contents, "jobs"))].map(([, job]) => getPair(job, "uses")),
      ];
      for (const pair of pairs) {
        const uses = pair ? str(pair.value)?.trim() : undefined;
        if (!pair || !uses) continue;
        const found = judge(uses);
        if (found) ctx.report({ ...found, line: pairLine(file, pair) });
      }
    }
  },
});

function judge(uses: string): { messageId: MessageId; data: Record<string, string> } | undefined {
  if (uses.startsWith("./") || uses.includes("${{")) return undefined;
  if (uses.startsWith("docker://")) {
    return uses.includes("@sha256:") ? undefined : { messageId: "docker", data: { image: uses.slice("docker://".length) } };
  }
  const at = uses.lastIndexOf("@");
  const name = at < 0 ? uses : uses.slice(0, at);
  const ref = at < 0 ? "" : uses.slice(at + 1);
  if (COMMIT.test(ref)) return undefined;
  const owner = (name.split("/")[0] ?? "").toLowerCase();
  if (FIRST_PARTY.has(owner) && RELEASE_TAG.test(ref)) return undefined;
  if (ref === "") return { messageId: "noRef", data: { action: name } };
  const refKind = RELEASE_TAG.test(ref) ? "tag" : /^[0-9a-f]{7,39}$/.test(ref) ? "short commit SHA" : "branch or tag";
  return { messageId: FIRST_PARTY.has(owner) ? "firstPartyBranch" : "unpinned", data: { action: name, ref, refKind } };
}
