// Secrets put into a token's payload. A JWT payload is only base64: the browser, logs and every
// proxy that sees the token can read it. A password (or its hash, or an OTP seed) in a
// `jwt.encode` payload is blocking; a whole user record (`user.__dict__`, `model_to_dict(user)`,
// `user.to_dict()`, `**vars(user)`) is a warning, since it carries the hash unless it was left out.
// Keys set after the dict was made (`claims["password"] = …`, `claims.update(…)`) and `dict(…)`
// keywords count, and a record is a user by its name or by the model its query reads.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { callee, callsOf, enclosingFunction, keywordArg, lines, positionalArgs, stringValue } from "./ast.js";
import { isTokenPayloadSecret, isUserRecordName } from "../../knowledge/secret-names.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["payload", "payloadObject"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const ENCODERS = /^(?:jwt|jose\.jwt|jws|jose\.jws)$/;
/** Calls that turn a model into a dict of all its fields. */
const WHOLE = /^(?:to_dict|dict|model_dump|to_json|as_dict|serialize)$/;
const WHOLE_FUNCTIONS = /^(?:vars|model_to_dict|asdict|jsonable_encoder)$/;
/** Keyword arguments that choose fields: the caller decided what goes in. */
const CHOOSES_FIELDS = ["exclude", "include", "fields", "only"];

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  for (const call of callsOf(ctx, ["encode", "sign", "create_access_token", "create_refresh_token"])) {
    const c = callee(call);
    if (!c) continue;
    const encoder = (c.name === "encode" || c.name === "sign") && ENCODERS.test(c.object?.text.replace(/\s+/g, "") ?? "");
    const flaskJwt = !c.object && /^create_(?:access|refresh)_token$/.test(c.name);
    const payloads = encoder
      ? [keywordArg(call, "payload") ?? keywordArg(call, "claims") ?? positionalArgs(call)[0]]
      : flaskJwt
        ? [keywordArg(call, "identity") ?? positionalArgs(call)[0], keywordArg(call, "additional_claims")]
        : [];
    for (const payload of payloads) if (payload) inspect(ctx, call, payload, `${c.object ? `${c.object.text}.` : ""}${c.name}`);
  }
}

/** Reports the secret fields and whole records in one payload expression. */
function inspect(ctx: VerifierContext<MessageId>, call: Node, payload: Node, name: string): void {
  const dict = dictionaryOf(call, payload);
  if (!dict) {
    const record = wholeRecord(call, payload);
    if (record) ctx.report({ messageId: "payloadObject", data: { call: name, what: record }, ...lines(payload) });
    return;
  }
  inspectItems(ctx, call, dict, name);
  if (payload.type === "identifier") for (const added of additions(call, payload.text)) inspectAdded(ctx, call, added, name);
}

/** The keys of a dict literal or of `dict(…)`'s keyword arguments, and the records spread into it. */
function inspectItems(ctx: VerifierContext<MessageId>, call: Node, dict: Node, name: string): void {
  for (const item of dict.namedChildren) {
    if (item.type === "pair" || item.type === "keyword_argument") {
      const key = item.type === "pair" ? stringValue(item.childForFieldName("key")) : item.childForFieldName("name")?.text;
      if (key && isTokenPayloadSecret(key)) ctx.report({ messageId: "payload", data: { call: name, key }, ...lines(item) });
    } else if (item.type === "dictionary_splat") {
      const record = item.firstNamedChild && wholeRecord(call, item.firstNamedChild);
      if (record) ctx.report({ messageId: "payloadObject", data: { call: name, what: `**${record}` }, ...lines(item) });
    } else if (item.type === "dictionary") inspectItems(ctx, call, item, name);
  }
}

/** A key set on the payload after it was made: `claims["password"] = …`, `claims.update(password=…)`. */
function inspectAdded(ctx: VerifierContext<MessageId>, call: Node, added: Node, name: string): void {
  const key = stringValue(added.type === "subscript" ? added.childForFieldName("subscript") : positionalArgs(added)[0]);
  if (key && isTokenPayloadSecret(key)) ctx.report({ messageId: "payload", data: { call: name, key }, ...lines(added) });
  const args = added.type === "call" ? added.childForFieldName("arguments") : null;
  if (args) inspectItems(ctx, call, args, name);
}

/** Statements before `call`, in its function, that add keys to the dict named `name`. */
function additions(call: Node, name: string): Node[] {
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  const inScope = (n: Node) => n.startIndex < call.startIndex && (enclosingFunction(n) ?? call.tree.rootNode).id === scope.id;
  const subscripts = scope.descendantsOfType("assignment").flatMap((a) => {
    const left = a?.childForFieldName("left");
    return a && left?.type === "subscript" && left.childForFieldName("value")?.text === name && inScope(a) ? [left] : [];
  });
  const updates = scope.descendantsOfType("call").flatMap((c) => {
    const f = c && callee(c);
    return c && f?.object?.text === name && (f.name === "update" || f.name === "setdefault") && inScope(c) ? [c] : [];
  });
  return [...subscripts, ...updates];
}

/** The dict literal a payload is, directly or as the last `name = {…}` before the call in the same function. */
function dictionaryOf(call: Node, payload: Node): Node | undefined {
  if (payload.type === "dictionary" || dictCall(payload)) return dictCall(payload) ?? payload;
  if (payload.type !== "identifier") return undefined;
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  let found: Node | undefined;
  for (const a of scope.descendantsOfType("assignment")) {
    if (!a || a.startIndex >= call.startIndex || (enclosingFunction(a) ?? call.tree.rootNode).id !== scope.id) continue;
    if (a.childForFieldName("left")?.text !== payload.text) continue;
    const right = a.childForFieldName("right");
    found = right?.type === "dictionary" ? right : (right && dictCall(right)) ?? undefined;
  }
  return found;
}

/** `dict(sub=user.id, password=…)`: its keyword arguments are the keys. */
function dictCall(n: Node): Node | undefined {
  const c = n.type === "call" ? callee(n) : undefined;
  return c && !c.object && c.name === "dict" ? (n.childForFieldName("arguments") ?? undefined) : undefined;
}

/** `found = User.query.get(id)`, `obj = session.get(Account, pk)`: the last binding of `name` before `call` reads a user model. */
function boundToUserModel(call: Node, name: string): boolean {
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  let model = false;
  for (const a of scope.descendantsOfType("assignment")) {
    if (!a || a.startIndex >= call.startIndex || a.childForFieldName("left")?.text !== name) continue;
    const right = a.childForFieldName("right");
    model = !!right && right.type !== "identifier" && right.descendantsOfType("identifier").some((i) => !!i && /^[A-Z]/.test(i.text) && isUserRecordName(i.text));
  }
  return model;
}

/**
 * `user.__dict__`, `vars(user)`, `user.to_dict()`, `model_to_dict(user)`: a whole user record,
 * named as one or bound from a user model's query (`obj = User.query.get(id)`).
 */
function wholeRecord(call: Node, n: Node): string | undefined {
  let target: Node | null = null;
  if (n.type === "attribute" && n.childForFieldName("attribute")?.text === "__dict__") target = n.childForFieldName("object");
  if (n.type === "call" && !CHOOSES_FIELDS.some((k) => keywordArg(n, k))) {
    const c = callee(n);
    if (c?.object && WHOLE.test(c.name)) target = c.object;
    else if (c && !c.object && WHOLE_FUNCTIONS.test(c.name)) target = positionalArgs(n)[0] ?? null;
  }
  const record = target?.type === "attribute" ? target.childForFieldName("attribute") : target;
  const user = record?.type === "identifier" && (isUserRecordName(record.text) || (target?.type === "identifier" && boundToUserModel(call, record.text)));
  return user ? n.text.slice(0, 40) : undefined;
}

export const verifier = defineVerifier({
  id: "python/token-payload-secret",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /jwt|jose|jws/,
  check,
});
