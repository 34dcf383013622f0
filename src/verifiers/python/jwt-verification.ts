// `jwt.decode` (PyJWT, python-jose) that does not check the signature or lets the token choose
// its algorithm: verification switched off, `none` allowed, or no `algorithms=` at all.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { callee, callsOf, dotted, elements, importedNames, keywordArg, lines, positionalArgs, stringValue, unwrap } from "./ast.js";

const MESSAGE_IDS = ["verifyOff", "algNone", "noAlgorithms"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const JWT_RECEIVER = /^(?:(?:\w+\.)*(?:jwt|jws|api_jwt)|jose\.\w+)$/i;
/** `decode` imported on its own from PyJWT or python-jose. */
const BARE_DECODE = /^(?:jwt|jose)(?:\.\w+)*\.decode(?:_complete)?$/;
/** authlib's `jwt.decode` always verifies and has no switch to turn that off. */
const AUTHLIB = /^authlib(?:\.|$)/;

function verificationOff(call: Node): string | undefined {
  const verify = keywordArg(call, "verify");
  if (verify && unwrap(verify).type === "false") return "`verify=False`";
  const options = keywordArg(call, "options") ?? positionalArgs(call)[3];
  const dict = options && unwrap(options);
  if (dict?.type !== "dictionary") return undefined;
  for (const pair of dict.namedChildren) {
    if (pair.type !== "pair") continue;
    const key = stringValue(pair.childForFieldName("key"));
    const value = pair.childForFieldName("value");
    if (key === "verify_signature" && value && unwrap(value).type === "false") return '`"verify_signature": False`';
  }
  return undefined;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!/jwt|jose|jws/i.test(ctx.text)) return;
  const calls = callsOf(ctx, ["decode", "decode_complete"]);
  if (calls.length === 0) return;
  // What a name refers to comes from real import statements, never from text in a docstring.
  const imports = importedNames(ctx);
  for (const call of calls) {
    const c = callee(call);
    if (!c || !/^decode(?:_complete)?$/.test(c.name)) continue;
    const receiver = c.object ? dotted(c.object) : undefined;
    if (c.object ? !receiver || !JWT_RECEIVER.test(receiver) : !BARE_DECODE.test(imports.get(c.name) ?? "")) continue;
    if (receiver && AUTHLIB.test(imports.get(receiver.split(".")[0] ?? "") ?? "")) continue;
    const name = receiver ? `${receiver}.${c.name}` : c.name;
    const off = verificationOff(call);
    if (off) {
      ctx.report({ messageId: "verifyOff", data: { call: name, how: off }, ...lines(call) });
      continue;
    }
    const algorithms = keywordArg(call, "algorithms") ?? positionalArgs(call)[2];
    const value = algorithms && unwrap(algorithms);
    if (!value || value.type === "none") {
      ctx.report({ messageId: "noAlgorithms", data: { call: name }, ...lines(call) });
      continue;
    }
    const listed = elements(value) ?? [value];
    if (listed.some((a) => stringValue(a)?.toLowerCase() === "none")) {
      ctx.report({ messageId: "algNone", data: { call: name }, ...lines(call) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/jwt-verification",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /\bdecode/,
  check,
});
