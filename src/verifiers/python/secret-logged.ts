// Passwords, tokens, API keys and whole header or environment dumps written to logs or stdout.
// The sinks are here; the values come from the file's value flow (analysis/python/value-flow.ts),
// so a secret stored in a variable, built into a message or passed through a helper that returns
// its argument is followed to the log call.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { callee, callsOf, dotted, findSecret, hasSite, lines } from "./ast.js";
import { flowValues, type FlowState } from "../../analysis/python/value-flow.js";
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
  if (isTestOrFixturePath(ctx.path)) return;
  const sites = callsOf(ctx, SITES).filter((call) => sinkOf(call) !== undefined);
  if (sites.length === 0) return;
  const starts = sites.map((n) => n.startIndex).sort((a, b) => a - b);
  const secretIn = (value: Node, state: FlowState) => findSecret(value, 0, state);
  flowValues(ctx.python(), {
    carries: secretIn,
    // Functions and classes with no log call inside are not walked: their bindings are local.
    descend: (start, end) => hasSite(starts, start, end),
    onCall: (call, _c, state) => {
      const sink = sinkOf(call);
      const args = call.childForFieldName("arguments");
      const secret = sink && args ? secretIn(args, state) : undefined;
      if (!sink || !secret) return;
      const value = secret.length > 60 ? `${secret.slice(0, 59)}…` : secret;
      ctx.report({ messageId: sink === "print" ? "printed" : "logged", data: { call: sink, value }, ...lines(call) });
    },
  });
}

export const verifier = defineVerifier({
  id: "python/secret-logged",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: SECRETISH,
  check,
});
