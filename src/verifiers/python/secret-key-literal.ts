// Signing keys and database passwords fixed in Python code where the generic credential scan
// stays quiet: a SECRET_KEY that looks like a placeholder ("changeme", "dev") is still the key
// production signs sessions with, an environment read with a literal fallback ships the fallback,
// and `jwt.encode(payload, "secret")` signs with a constant. Lines the generic rule
// (any/hardcoded-credentials) already flags are left to it.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type Report, type VerifierContext } from "../types.js";
import { verifier as generic } from "../any/hardcoded-credentials.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  callee,
  dotted,
  enclosingClassName,
  envDefault,
  keywordArg,
  lines,
  callsOf,
  positionalArgs,
  settingsOf,
  stringValue,
} from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";
import { type FlowState, flowValues, isConstant } from "../../analysis/python/value-flow.js";
import { enclosingFunction, indexOf } from "./ast.js";

const MESSAGE_IDS = ["key", "keyFallback", "url", "urlFallback", "jwtKey", "keyHeld"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const KEYS = ["SECRET_KEY", "secret_key", "JWT_SECRET_KEY", "JWT_SECRET", "SIGNING_KEY", "WTF_CSRF_SECRET_KEY", "SECURITY_PASSWORD_SALT", "SESSION_SECRET"];
const URLS = ["SQLALCHEMY_DATABASE_URI", "DATABASE_URL", "database_url", "SQLALCHEMY_BINDS", "CELERY_BROKER_URL", "BROKER_URL", "REDIS_URL", "CACHE_REDIS_URL"];
const URL_WITH_PASSWORD = /^[a-z][\w+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/i;
const ENGINE = /(?:^|\.)(?:create_engine|create_async_engine|create_pool|connect)$/;

/** Whether the generic credential rule reports this line already. */
function genericFlags(path: string, line: string): boolean {
  let flagged = false;
  generic.check({
    path,
    language: "python",
    text: line,
    status: "added",
    baseText: () => undefined,
    python: () => {
      throw new Error("not needed");
    },
    typescript: () => {
      throw new Error("not needed");
    },
    report: () => {
      flagged = true;
    },
    incomplete: () => undefined,
  });
  return flagged;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  const textLines = ctx.text.split("\n");
  const reported = new Set<number>();
  const report = (r: Report<MessageId>): void => {
    const line = textLines[r.line - 1] ?? "";
    if (reported.has(r.line) || genericFlags(ctx.path, line)) return;
    reported.add(r.line);
    ctx.report(r);
  };

  for (const s of settingsOf(ctx, [...KEYS, ...URLS])) {
    const cls = enclosingClassName(s.at);
    if (cls && DEV_OR_TEST_CLASS.test(cls)) continue;
    const literal = stringValue(s.value);
    const fallback = literal === undefined ? stringValue(envDefault(s.value)) : undefined;
    const value = literal ?? fallback;
    if (!value) continue;
    const name = s.name;
    if (URLS.includes(name)) {
      if (URL_WITH_PASSWORD.test(value)) report({ messageId: fallback ? "urlFallback" : "url", data: { name }, ...lines(s.at) });
    } else {
      report({ messageId: fallback ? "keyFallback" : "key", data: { name: targetOf(s.at) ?? name }, ...lines(s.at) });
    }
  }

  if (/:\/\//.test(ctx.text)) {
    for (const call of callsOf(ctx, ["create_engine", "create_async_engine", "create_pool", "connect"])) {
      const name = dotted(call.childForFieldName("function")) ?? "";
      const url = positionalArgs(call)[0];
      if (!ENGINE.test(name) || !url) continue;
      const value = stringValue(url) ?? stringValue(envDefault(url));
      if (value && URL_WITH_PASSWORD.test(value)) report({ messageId: "url", data: { name: `${name}(...)` }, ...lines(call) });
    }
  }

  if (/jwt|jose/.test(ctx.text)) {
    for (const call of callsOf(ctx, ["encode"])) {
      const c = callee(call);
      if (c?.name !== "encode" || !/^(?:jwt|jose\.jwt|jws)$/.test(c.object?.text ?? "")) continue;
      const key = keywordArg(call, "key") ?? positionalArgs(call)[1];
      if (stringValue(key)) report({ messageId: "jwtKey", data: { call: `${c.object?.text}.encode` }, ...lines(call) });
    }
  }
  if (FLOW_TRIGGER.test(ctx.text)) flowSinks(ctx, report, reported, textLines);
}

const FLOW_TRIGGER = /jwt|jose|jws|boto3|hmac|Serializer|SECRET|secret_key/;
/** Calls whose argument is a signing or verification key: (object pattern, name, keyword, position). */
const KEY_CALLS: { object: RegExp; name: RegExp; keyword: string; at: number }[] = [
  { object: /^(?:jwt|jose\.jwt|jws|jose\.jws)$/, name: /^(?:encode|decode|sign|verify)$/, keyword: "key", at: 1 },
  { object: /^hmac$/, name: /^new$/, keyword: "key", at: 0 },
  { object: /^(?:itsdangerous)?$/, name: /^(?:URLSafeTimedSerializer|URLSafeSerializer|TimedSerializer|Serializer|TimestampSigner|Signer)$/, keyword: "secret_key", at: 0 },
];
const SINK_NAMES = ["encode", "decode", "sign", "verify", "new", "client", "resource", "Session", "URLSafeTimedSerializer", "URLSafeSerializer", "TimedSerializer", "Serializer", "TimestampSigner", "Signer"];
const AWS_ARGS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"];
const BOTO3 = /^(?:client|resource|Session)$/;

/** A literal (or an environment read's literal fallback) a key was given, and where it was written. */
interface Held {
  value: string;
  line: number;
  fallback: boolean;
  /** The name it travelled through, when it was not written at the use. */
  via?: string;
}

/**
 * Keys that reach their use through variables (the value flow, src/analysis/python/value-flow.ts):
 * `key = "…"` or `key = os.environ.get("K", "dev")` then `jwt.encode(p, key)`,
 * `app.config["SECRET_KEY"] = key`, `boto3.client("s3", aws_secret_access_key=key)`.
 */
function flowSinks(ctx: VerifierContext<MessageId>, report: (r: Report<MessageId>) => void, reported: ReadonlySet<number>, textLines: string[]): void {
  // Per scope and name: the fallback it holds, or null once reassigned to anything else.
  const fallbacks = new Map<string, Held | null>();
  const scoped = (node: Node, name: string) => `${enclosingFunction(node)?.startIndex ?? "m"}:${name}`;
  const heldIn = (node: Node, state: FlowState): Held | undefined => {
    const n = unwrapNode(node);
    const literal = stringValue(n);
    if (literal !== undefined) return literal.trim() ? { value: literal, line: lines(n).line, fallback: false } : undefined;
    const fallback = fallbackOf(n);
    if (fallback) return { value: fallback, line: lines(n).line, fallback: true };
    if (n.type === "call") return helperResult(ctx, n);
    if (n.type !== "identifier") return undefined;
    const local = fallbacks.get(scoped(n, n.text));
    const known = local !== undefined ? local : fallbacks.get(`m:${n.text}`);
    if (known) return { ...known, via: n.text };
    const v = state.valueOf(n);
    const line = state.binding(n.text)?.line ?? 0;
    return v && isConstant(v) && v.text.trim() && line > 0 ? { value: v.text, line, fallback: false, via: n.text } : undefined;
  };
  // A literal written elsewhere is reported where it is used, unless it was reported where written.
  const use = (held: Held, r: Report<MessageId>): void => {
    if (held.via && (reported.has(held.line) || genericFlags(ctx.path, textLines[held.line - 1] ?? ""))) return;
    report(r);
  };
  const settings = new Set(settingsOf(ctx, KEYS).filter((s) => unwrapNode(s.value).type === "identifier").map((s) => s.value.id));
  // The walk costs a pass over the file: only files with a key sink pay it.
  const sinks = callsOf(ctx, SINK_NAMES).some((call) => {
    const c = callee(call);
    return c !== undefined && keyArguments(call, c).length > 0;
  });
  if (settings.size === 0 && !sinks) return;
  flowValues(ctx.python(), {
    onAssignment(a, state) {
      const left = a.childForFieldName("left");
      const right = a.childForFieldName("right");
      if (!left || !right) return;
      if (left.type === "identifier") {
        const fallback = fallbackOf(unwrapNode(right));
        const key = scoped(a, left.text);
        if (fallback) fallbacks.set(key, { value: fallback, line: lines(a).line, fallback: true });
        else fallbacks.set(key, null);
      }
      const held = settings.has(right.id) ? heldIn(right, state) : undefined;
      if (held) use(held, heldReport(left.text.replace(/\s+/g, ""), held, a));
    },
    onCall(call, c, state) {
      // `app.config.update(SECRET_KEY=key)`
      for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
        const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : null;
        const held = value && settings.has(value.id) ? heldIn(value, state) : undefined;
        if (held) use(held, heldReport(arg.childForFieldName("name")?.text ?? "", held, arg));
      }
      for (const { name, node } of keyArguments(call, c)) {
        const held = heldIn(node, state);
        if (held) use(held, heldReport(name, held, call));
      }
    },
  });
}

/** `get_secret()` where the file's own `def get_secret(): return "…"` (or an env read with a fallback) is what every return gives. */
function helperResult(ctx: VerifierContext, call: Node): Held | undefined {
  const c = callee(call);
  const fn = c && !c.object ? indexOf(ctx).of("function_definition").find((f) => f.childForFieldName("name")?.text === c.name) : undefined;
  if (!c || !fn) return undefined;
  const returns = fn.descendantsOfType("return_statement").filter((r): r is Node => r !== null && enclosingFunction(r)?.id === fn.id);
  const held = returns.map((r): Held | undefined => {
    const value = r.firstNamedChild ? unwrapNode(r.firstNamedChild) : undefined;
    const literal = value && stringValue(value);
    const fallback = value && fallbackOf(value);
    if (literal?.trim()) return { value: literal, line: lines(r).line, fallback: false, via: `${c.name}()` };
    return fallback ? { value: fallback, line: lines(r).line, fallback: true, via: `${c.name}()` } : undefined;
  });
  return held.length > 0 && held.every((h) => h !== undefined) ? held[0] : undefined;
}

function heldReport(name: string, held: Held, at: Node): Report<MessageId> {
  const where = held.via ? ` (through \`${held.via}\`, line ${held.line})` : "";
  if (held.fallback) return { messageId: "keyFallback", data: { name: `${name}${where}` }, ...lines(at) };
  return { messageId: "keyHeld", data: { name, where, preview: `"${held.value.slice(0, Math.min(3, Math.floor(held.value.length / 3)))}…"` }, ...lines(at) };
}

/** The key arguments of a call that takes one, named for the message: `jwt.decode(key)`, `boto3.client(aws_secret_access_key)`. */
function keyArguments(call: Node, c: { name: string; object?: Node }): { name: string; node: Node }[] {
  const object = c.object?.text.replace(/\s+/g, "") ?? "";
  if (BOTO3.test(c.name) && (object === "boto3" || object === "boto3.session" || /session$/i.test(object))) {
    return AWS_ARGS.flatMap((arg) => {
      const node = keywordArg(call, arg);
      return node ? [{ name: `boto3 ${c.name}(${arg}=…)`, node }] : [];
    });
  }
  const spec = KEY_CALLS.find((k) => k.object.test(object) && k.name.test(c.name));
  const node = spec && (keywordArg(call, spec.keyword) ?? positionalArgs(call)[spec.at]);
  return spec && node ? [{ name: `${object ? `${object}.` : ""}${c.name}(…) key`, node }] : [];
}

/** `os.environ.get("K", "dev")`, `os.getenv("K") or "dev"`: the literal a missing variable falls back to. */
function fallbackOf(n: Node): string | undefined {
  const d = envDefault(n);
  const direct = d ? stringValue(d) : undefined;
  if (direct?.trim()) return direct;
  if (n.type !== "boolean_operator" || n.childForFieldName("operator")?.type !== "or") return undefined;
  const left = n.childForFieldName("left");
  const right = n.childForFieldName("right");
  const isEnv = left && (envDefault(left) !== undefined || /^(?:os\.environ\.get|os\.getenv|getenv|environ\.get)$/.test(dotted(left.childForFieldName("function")) ?? ""));
  const value = right ? stringValue(right) : undefined;
  return isEnv && value?.trim() ? value : undefined;
}

function unwrapNode(n: Node): Node {
  let x = n;
  while (x.type === "parenthesized_expression" && x.firstNamedChild) x = x.firstNamedChild;
  return x;
}

/** `app.config["SECRET_KEY"]` or `app.secret_key` as written, for the message. */
function targetOf(at: Node): string | undefined {
  if (at.type !== "assignment") return undefined;
  return at.childForFieldName("left")?.text.replace(/\s+/g, "");
}

export const verifier = defineVerifier({
  id: "python/secret-key-literal",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: new RegExp(`secret|SECRET|SIGNING_KEY|SALT|:\\/\\/[^\\s'"]*:[^\\s'"]*@|encode|${FLOW_TRIGGER.source}`),
  check,
});
