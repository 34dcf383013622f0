// HTTP responses: what a handler sends back.
import { ts } from "ts-morph";
import { calleeName, chainRoot, lastName, receiverOf } from "./expressions.js";
import { allOf, anyOf, callGate, chainRootGate, wordGate } from "../../engine/rule-gate.js";

const RESPONSE_ROOTS = ["res", "response", "reply", "resp", "rep", "ctx", "c", "context"];
const RESPONSE_NAMES = new RegExp(`^(?:${RESPONSE_ROOTS.join("|")})$`);
const RESPONSE_METHODS: ReadonlySet<string> = new Set(["send", "json", "jsonp", "end", "write", "render", "text", "html", "body"]);
/** Text every response responsePayload knows holds (a rule gate): a response method called, on a chain from a response object or on `Response`. */
export const RESPONSE_GATE = allOf(callGate(RESPONSE_METHODS), anyOf(chainRootGate(RESPONSE_ROOTS), wordGate(["Response"])));

/**
 * The payload arguments when `call` sends a response: `res.json(x)`, `res.status(500).send(x)`,
 * `reply.code(500).send(x)`, Hono `c.json(x)`, `Response.json(x)`, `new Response(x)` elsewhere.
 */
export function responsePayload(call: ts.CallExpression): ts.Expression[] | undefined {
  const name = calleeName(call);
  const receiver = receiverOf(call);
  if (!name || !receiver) return undefined;
  if (name === "json" && lastName(receiver) === "Response") return [...call.arguments];
  if (!RESPONSE_METHODS.has(name)) return undefined;
  const root = chainRoot(receiver);
  if (!root || !RESPONSE_NAMES.test(root.replace(/^this\./, ""))) return undefined;
  // `res.render(view, locals)`: the locals are the payload.
  return name === "render" ? call.arguments.slice(1) : [...call.arguments];
}
