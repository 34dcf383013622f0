// A SQLAlchemy session opened into a local variable and not released on every path: no `with`,
// no `close()` (or rollback) in a `finally`/`except`, not handed to the caller. Its connection
// then stays checked out of the pool whenever an exception skips the end of the function, and a
// busy app runs out of connections (QueuePool limit reached).
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { CONNECTION_METHODS, ENGINE_FACTORIES, ENGINE_NAME, NOT_A_DATABASE_SESSION, SCOPED_SESSIONS, SESSION_CLASS, SESSION_FACTORIES, SQLALCHEMY_WORDS } from "../../knowledge/python/orm.js";
import { ancestor, assignedFrom, callee, callsOf, enclosingFunction, importedNames, indexOf, lines, unwrap } from "./ast.js";

const MESSAGE_IDS = ["neverClosed", "notOnEveryPath", "yieldWithoutFinally", "connectionNeverClosed", "connectionNotOnEveryPath"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const CONVENTION =
  /^(?:Session(?:Local|Maker|Factory)?|AsyncSession(?:Local)?|\w*SessionLocal|session_?(?:local|factory|maker)|async_session(?:_maker|_factory|_local)?|db_session_factory)$/;

const WITH_ITEM = new Set(["with_item"]);

function escapeRe(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}


/** Session factories of this file: sessionmaker() results, imported Session classes, conventional names; scoped sessions excluded. */
function factories(ctx: VerifierContext<MessageId>): Set<string> {
  const names = new Set(assignedFrom(ctx, SESSION_FACTORIES).map((a) => a.name));
  for (const [local, module] of importedNames(ctx)) if (SESSION_CLASS.test(module)) names.add(local);
  for (const called of indexOf(ctx).calledNames()) if (CONVENTION.test(called)) names.add(called);
  for (const scoped of assignedFrom(ctx, SCOPED_SESSIONS)) names.delete(scoped.name);
  return names;
}

/** Engines of this file: `create_engine()` results and names called `engine`/`*_engine`. */
function engines(ctx: VerifierContext<MessageId>): Set<string> {
  const names = new Set(assignedFrom(ctx, ENGINE_FACTORIES).map((a) => a.name));
  for (const call of indexOf(ctx).callsNamed(CONNECTION_METHODS)) {
    const object = callee(call)?.object;
    if (object?.type === "identifier" && ENGINE_NAME.test(object.text)) names.add(object.text);
  }
  return names;
}

/** `conn = engine.connect()` not closed on every path, or `engine.connect().execute(...)` never closed at all. */
function checkConnections(ctx: VerifierContext<MessageId>): void {
  const names = engines(ctx);
  for (const call of callsOf(ctx, CONNECTION_METHODS)) {
    const c = callee(call);
    if (c?.object?.type !== "identifier" || !names.has(c.object.text)) continue;
    const made = `${c.object.text}.${c.name}`;
    let holder = call.parent;
    if (holder?.type === "await") holder = holder.parent;
    // `with engine.connect().execution_options(...) as conn:` is closed by its block.
    // ... and `engine.connect().close()` (a connectivity probe) closes it at once.
    const chained = holder?.type === "attribute" ? holder.childForFieldName("attribute")?.text : undefined;
    if (chained && chained !== "close" && holder?.parent?.type === "call" && enclosingFunction(call) && !ancestor(holder, WITH_ITEM, 12)) {
      ctx.report({ messageId: "connectionNeverClosed", data: { name: `${made}()`, factory: made }, ...lines(call) });
      continue;
    }
    const target = holder?.type === "assignment" ? holder.childForFieldName("left") : undefined;
    const fn = holder && enclosingFunction(holder);
    if (!holder || !fn || target?.type !== "identifier") continue;
    const verdict = judge(fn, target.text, holder);
    const messageId = verdict === "neverClosed" ? "connectionNeverClosed" : verdict === "notOnEveryPath" ? "connectionNotOnEveryPath" : verdict;
    if (messageId) ctx.report({ messageId, data: { name: target.text, factory: made }, ...lines(holder) });
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  checkConnections(ctx);
  const names = factories(ctx);
  for (const call of callsOf(ctx, names)) {
    const c = callee(call);
    const fnText = call.childForFieldName("function")?.text ?? "";
    if (!c || !names.has(c.name) || NOT_A_DATABASE_SESSION.test(fnText)) continue;
    let holder = call.parent;
    if (holder?.type === "await") holder = holder.parent;
    const target = holder?.type === "assignment" ? holder.childForFieldName("left") : undefined;
    if (!holder || target?.type !== "identifier") continue;
    const fn = enclosingFunction(holder);
    if (!fn) continue;
    const verdict = judge(fn, target.text, holder);
    if (verdict) ctx.report({ messageId: verdict, data: { name: target.text, factory: fnText }, ...lines(holder) });
  }
}

/** Why the session can leak, or undefined when it is released or handed on. */
function judge(fn: Node, name: string, assigned: Node): "neverClosed" | "notOnEveryPath" | "yieldWithoutFinally" | undefined {
  const n = escapeRe(name);
  const managed = new RegExp(`^(?:(?:contextlib\\.)?closing\\(\\s*)?${n}(?:\\.begin(?:_nested)?\\(\\s*\\))?\\s*\\)?(?:\\s+as\\s+\\w+)?$`);
  const releases = new RegExp(`\\b${n}\\.(?:close|rollback|remove)\\s*\\(`);
  for (const item of fn.descendantsOfType("with_item")) if (managed.test(item.text.trim())) return undefined;
  for (const t of fn.descendantsOfType(["finally_clause", "except_clause"])) {
    if (t.endIndex > assigned.startIndex && releases.test(t.text)) return undefined;
  }
  let yielded = false;
  for (const r of fn.descendantsOfType(["return_statement", "yield", "assignment", "call"])) {
    if (r.startIndex < assigned.endIndex) continue;
    if (r.type === "return_statement" || r.type === "yield") {
      const value = r.namedChildren.find((c) => c.type !== "comment");
      if (value && handsOn(value, name)) {
        if (r.type === "return_statement") return undefined;
        yielded = true;
      }
    } else if (r.type === "assignment") {
      const left = r.childForFieldName("left");
      const right = r.childForFieldName("right");
      if (left && /^(?:attribute|subscript)$/.test(left.type) && right && unwrap(right).text === name) return undefined;
    } else if (callee(r)?.name === "enter_context" && r.text.includes(name)) {
      return undefined;
    }
  }
  if (yielded) return "yieldWithoutFinally";
  return releases.test(fn.text.slice(assigned.endIndex - fn.startIndex)) ? "notOnEveryPath" : "neverClosed";
}

/** `x`, `Repo(x)`, `(x, y)`: the value gives the session itself to the caller. */
function handsOn(value: Node, name: string, depth = 0): boolean {
  const v = unwrap(value);
  if (v.type === "identifier") return v.text === name;
  if (depth > 8) return false;
  if (v.type === "tuple" || v.type === "expression_list") return v.namedChildren.some((c) => handsOn(c, name, depth + 1));
  if (v.type === "call") {
    const args = v.childForFieldName("arguments")?.namedChildren ?? [];
    return args.some((a) => (a.type === "keyword_argument" ? a.childForFieldName("value")?.text === name : a.text === name));
  }
  return false;
}

export const verifier = defineVerifier({
  id: "python/orm-session-leak",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: SQLALCHEMY_WORDS,
  check,
});
