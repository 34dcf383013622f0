// Passwords, tokens, API keys and whole header or environment dumps written to logs or stdout.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { callee, callsOf, dotted, findSecret, lines } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";
import { SECRET_NAME_HINT } from "../../knowledge/secret-names.js";

const MESSAGE_IDS = ["logged", "printed"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SITES = ["print", "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg"];
const LOG_METHODS = /^(?:debug|info|warning|warn|error|exception|critical|fatal|log|msg)$/;
const LOGGER = /(?:^|\.|_)(?:log|logger|logging|LOG|LOGGER|Logger|log_\w+|\w+_log|\w+_logger|structlog)$/i;
const SECRETISH = new RegExp(`${SECRET_NAME_HINT.source}|headers|META|environ|session`, "i");

function sinkOf(call: Node): string | undefined {
  const c = callee(call);
  if (!c) return undefined;
  if (!c.object) return c.name === "print" ? "print" : undefined;
  const receiver = dotted(c.object);
  return receiver && LOG_METHODS.test(c.name) && LOGGER.test(receiver) ? `${receiver}.${c.name}` : undefined;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || !SECRETISH.test(ctx.text)) return;
  for (const call of callsOf(ctx, SITES)) {
    const sink = sinkOf(call);
    const args = call.childForFieldName("arguments");
    if (!sink || !args || !SECRETISH.test(args.text)) continue;
    const secret = findSecret(args);
    if (!secret) continue;
    const value = secret.length > 60 ? `${secret.slice(0, 59)}…` : secret;
    ctx.report({ messageId: sink === "print" ? "printed" : "logged", data: { call: sink, value }, ...lines(call) });
  }
}

export const verifier = defineVerifier({
  id: "python/secret-logged",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  check,
});
