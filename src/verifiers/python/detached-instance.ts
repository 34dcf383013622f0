// ORM objects read after the session that loaded them ended, where one function shows it: after
// a commit (expire_on_commit, the default, expires every attribute) any attribute read raises
// DetachedInstanceError once the session is closed; without a commit, lazy relationships
// declared in this file still do unless the query eagerly loaded them.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { COMMITTING_SCOPE, EAGER_LOADERS, NOT_A_DATABASE_SESSION, SQLALCHEMY_WORDS } from "../../knowledge/python/orm.js";
import { callee, enclosingFunction, indexOf, lazyRelationships, limited, lines, positionalArgs, settingsOf, unwrap } from "./ast.js";

const MESSAGE_IDS = ["expired", "lazy", "returnedExpired", "returnedLazy"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const FACTORY = /^(?:[\w.]*(?:Session|session)\w*)(?:\.begin)?\(/;
/** Calls on the session whose result is an ORM object or a list of them. */
const LOADS = /^(?:await\s+)?\(?\s*(?:await\s+)?S\.(?:get|query|scalars|scalar|execute|merge)\(/;

interface End {
  session: string;
  /** Where the session's work starts and where it is over. */
  from: number;
  to: number;
  body: string;
  /** Whether the session commits before it ends (begin() blocks commit on exit). */
  commits: boolean;
  fn: Node;
}

/** Context managers of this file that yield a session, and whether each commits on exit. */
function sessionScopes(ctx: VerifierContext<MessageId>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const def of indexOf(ctx).of("function_definition")) {
    const name = def.childForFieldName("name")?.text;
    const decorated = def.parent?.type === "decorated_definition" && /@(?:contextlib\.)?(?:async)?contextmanager\b/.test(def.parent.text.slice(0, def.startIndex - def.parent.startIndex));
    const body = def.childForFieldName("body")?.text ?? "";
    if (name && decorated && /\byield\b/.test(body) && /[Ss]ession\w*\(/.test(body)) out.set(name, /\.commit\(/.test(body));
  }
  return out;
}

function endsOf(ctx: VerifierContext<MessageId>): End[] {
  const out: End[] = [];
  const index = indexOf(ctx);
  const scopes = sessionScopes(ctx);
  const sites = [...index.of("with_statement"), ...index.callsNamed(["close"])].sort((a, b) => a.startIndex - b.startIndex);
  for (const site of limited(ctx, sites)) {
    const fn = enclosingFunction(site);
    if (!fn) continue;
    if (site.type === "with_statement") {
      const item = site.descendantsOfType("with_item")[0];
      const pattern = item?.namedChildren[0];
      const value = pattern?.type === "as_pattern" ? pattern.namedChildren[0] : undefined;
      const alias = pattern?.type === "as_pattern" ? pattern.childForFieldName("alias")?.text : undefined;
      const scope = value?.type === "call" ? callee(value)?.name ?? "" : "";
      if (!value || !alias || !(FACTORY.test(value.text) || scopes.has(scope)) || NOT_A_DATABASE_SESSION.test(value.text) || !/^\w+$/.test(alias)) continue;
      const body = site.childForFieldName("body")?.text ?? "";
      // `with S() as s, s.begin():`, a scope that commits on exit (in this file, or the documented `session_scope`).
      const items = site.descendantsOfType("with_item").map((i) => i.text).join(" ");
      const commits = /\.begin\(/.test(items) || scopes.get(scope) === true || (!scopes.has(scope) && COMMITTING_SCOPE.test(scope)) || new RegExp(`\\b${alias}\\.commit\\(`).test(body);
      out.push({ session: alias, from: site.startIndex, to: site.endIndex, body, commits, fn });
    } else {
      const c = callee(site);
      if (c?.name !== "close" || c.object?.type !== "identifier" || positionalArgs(site).length > 0) continue;
      const session = c.object.text;
      const before = ctx.text.slice(fn.startIndex, site.startIndex);
      if (!new RegExp(`\\b${session}\\s*=\\s*[\\w.]*[Ss]ession\\w*\\(`).test(before) || NOT_A_DATABASE_SESSION.test(before)) continue;
      // Only a close at the function's own level ends the session for what follows.
      if (site.parent?.parent?.parent?.id !== fn.id) continue;
      const commits = new RegExp(`\\b${session}\\.commit\\(`).test(before);
      out.push({ session, from: fn.startIndex, to: site.endIndex, body: before, commits, fn });
    }
  }
  return out;
}

/** Objects tied to the session of `end`: loaded through it or added to it. */
function tiedOf(end: End): { tied: Map<string, string>; loads: RegExp } {
  const s = end.session;
  const loads = new RegExp(LOADS.source.replace(/S/g, s));
  const tied = new Map<string, string>();
  for (const a of end.fn.descendantsOfType("assignment")) {
    if (a.startIndex < end.from || a.endIndex > end.to) continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && right && loads.test(right.text)) tied.set(left.text, right.text);
  }
  for (const m of end.body.matchAll(new RegExp(`\\b${s}\\.add\\(\\s*(\\w+)\\s*\\)`, "g"))) if (m[1]) tied.set(m[1], `${s}.add(${m[1]})`);
  return { tied, loads };
}

/** The reads of `x` in `scope` after `after`, until `x` is assigned again; calls and writes are no reads. */
function readsOf(scope: Node, x: string, after: number): Node[] {
  const out: Node[] = [];
  for (const n of scope.descendantsOfType(["attribute", "assignment"])) {
    if (n.startIndex < after) continue;
    if (n.type === "assignment") {
      if (n.childForFieldName("left")?.text === x) return out;
      continue;
    }
    if (n.childForFieldName("object")?.text !== x || n.childForFieldName("object")?.type !== "identifier") continue;
    const parent = n.parent;
    if (parent?.type === "call" && parent.childForFieldName("function")?.id === n.id) continue;
    if (parent?.type === "assignment" && parent.childForFieldName("left")?.id === n.id) continue;
    out.push(n);
  }
  return out;
}

/** Names a `for` loop binds to the items of `list` after `after`. */
function loopTargets(scope: Node, list: string, after: number): string[] {
  const out: string[] = [];
  for (const f of scope.descendantsOfType(["for_statement", "for_in_clause"])) {
    const left = f.childForFieldName("left");
    if (f.startIndex >= after && left?.type === "identifier" && f.childForFieldName("right")?.text === list) out.push(left.text);
  }
  return out;
}

/** A function that returns an object of a session it closes on the way out: what a caller's read of it meets. */
interface Producer {
  expired: boolean;
  body: string;
  fn: Node;
}

/** Whether `end`'s function hands a tied object (or a fresh load) to its caller while or after closing the session. */
function producerOf(end: End, tied: Map<string, string>, loads: RegExp, expires: boolean): Producer | undefined {
  for (const r of end.fn.descendantsOfType("return_statement")) {
    if (r.startIndex < end.from || enclosingFunction(r)?.id !== end.fn.id) continue;
    const value = r.namedChildren[0];
    if (!value) continue;
    const x = value.type === "identifier" ? value.text : "";
    const inside = r.endIndex <= end.to;
    if (!(tied.has(x) || (inside && loads.test(value.text)))) continue;
    const refreshed = x !== "" && new RegExp(`\\b${end.session}\\.refresh\\(\\s*${x}\\b`).test(end.body);
    return { expired: end.commits && expires && !refreshed, body: end.body, fn: end.fn };
  }
  return undefined;
}

/** Reads by callers in this file of objects that a function returned out of its closed session. */
function checkCallers(ctx: VerifierContext<MessageId>, producers: Map<string, Producer>, relationships: Set<string>): void {
  if (producers.size === 0) return;
  for (const call of limited(ctx, indexOf(ctx).callsNamed(producers.keys()))) {
    const name = callee(call)?.name ?? "";
    const producer = producers.get(name);
    let holder = call.parent;
    if (holder?.type === "await") holder = holder.parent;
    const left = holder?.type === "assignment" ? holder.childForFieldName("left") : undefined;
    const scope = enclosingFunction(call);
    if (!producer || !holder || left?.type !== "identifier" || !scope || scope.id === producer.fn.id) continue;
    const lazy = (a: string): boolean => relationships.has(a) && !(EAGER_LOADERS.test(producer.body) && new RegExp(`\\.${a}\\b`).test(producer.body));
    // The object itself, or each row of a returned list: `for o in orders:`.
    const names = [left.text, ...loopTargets(scope, left.text, holder.endIndex)];
    for (const x of names) {
      const read = readsOf(scope, x, holder.endIndex).find((r) => producer.expired || lazy(r.childForFieldName("attribute")?.text ?? ""));
      if (!read) continue;
      const attribute = read.childForFieldName("attribute")?.text ?? "";
      ctx.report({ messageId: producer.expired ? "returnedExpired" : "returnedLazy", data: { object: x, attribute, function: name }, ...lines(read) });
      break;
    }
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!/[Ss]ession/.test(ctx.text)) return;
  const relationships = lazyRelationships(ctx);
  // Objects stay loaded after commit only when a session factory really says so, not a comment.
  const expires = !settingsOf(ctx, ["expire_on_commit"]).some((x) => unwrap(x.value).type === "false");
  const producers = new Map<string, Producer>();
  for (const end of endsOf(ctx)) {
    const s = end.session;
    const { tied, loads } = tiedOf(end);
    const producer = producerOf(end, tied, loads, expires);
    const fnName = end.fn.childForFieldName("name")?.text;
    if (producer && fnName && !producers.has(fnName)) producers.set(fnName, producer);
    if (tied.size === 0) continue;
    for (const f of end.fn.descendantsOfType("for_statement")) {
      const left = f.childForFieldName("left");
      const right = f.childForFieldName("right");
      if (f.startIndex >= end.to && left?.type === "identifier" && right?.type === "identifier" && tied.has(right.text)) tied.set(left.text, tied.get(right.text) ?? "");
    }
    for (const [x] of tied) {
      const expired = end.commits && expires && !new RegExp(`\\b${s}\\.refresh\\(\\s*${x}\\b`).test(end.body);
      const lazy = (a: string): boolean => relationships.has(a) && !(EAGER_LOADERS.test(end.body) && new RegExp(`\\.${a}\\b`).test(end.body));
      const attr = readsOf(end.fn, x, end.to).find((r) => (expired || lazy(r.childForFieldName("attribute")?.text ?? "")));
      if (!attr) continue;
      const name = attr.childForFieldName("attribute")?.text ?? "";
      ctx.report({ messageId: expired ? "expired" : "lazy", data: { object: x, attribute: name, session: s }, ...lines(attr) });
    }
  }
  checkCallers(ctx, producers, relationships);
}

export const verifier = defineVerifier({
  id: "python/detached-instance",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: SQLALCHEMY_WORDS,
  check,
});
