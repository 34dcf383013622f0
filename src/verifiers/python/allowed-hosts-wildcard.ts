// Django `ALLOWED_HOSTS` containing "*" (directly or as the environment fallback) and Starlette's
// `TrustedHostMiddleware(allowed_hosts=["*"])`, outside dev/test settings.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { DEV_OR_TEST_CLASS, DEV_OR_TEST_PATH, elements, enclosingClassName, envDefault, lines, settingsOf, stringValue } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["setting", "envDefault", "middleware"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

function wildcard(value: Node): boolean {
  const listed = elements(value);
  if (listed) return listed.some((e) => stringValue(e)?.trim() === "*");
  return (stringValue(value) ?? "").split(",").some((h) => h.trim() === "*");
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!ctx.text.includes("*") || isTestOrFixturePath(ctx.path) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  for (const s of settingsOf(ctx, ["ALLOWED_HOSTS", "allowed_hosts"])) {
    const className = enclosingClassName(s.at);
    if (className && DEV_OR_TEST_CLASS.test(className)) continue;
    const fallback = envDefault(s.value);
    const direct = wildcard(s.value);
    if (!direct && !(fallback && wildcard(fallback))) continue;
    const messageId = s.name === "allowed_hosts" ? "middleware" : direct ? "setting" : "envDefault";
    ctx.report({ messageId, ...lines(s.at) });
  }
}

export const verifier = defineVerifier({
  id: "python/allowed-hosts-wildcard",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /ALLOWED_HOSTS|allowed_hosts/,
  check,
});
