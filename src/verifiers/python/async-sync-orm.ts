// Synchronous ORM work inside `async def` in code that has an async engine: a sync Session or
// engine (blocks the event loop), `.query()` on an AsyncSession (it has none), AsyncSession
// calls that are never awaited, and lazy relationships read on objects loaded through an
// AsyncSession, which raise MissingGreenlet.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { ASYNC_SESSION_COROUTINES, ASYNC_SESSION_FACTORY_NAME, SYNC_DRIVER_CONNECT, ASYNC_SQLALCHEMY_WORDS, EAGER_LOADERS, ENGINE_FACTORIES, SESSION_CLASS, SESSION_FACTORIES } from "../../knowledge/python/orm.js";
import { importedModules } from "../../analysis/python/imports.js";
import { blockingCalls, driverNames } from "./orm/async-blocking-db.js";
import { expiredReads, type SessionOrigin } from "./orm/async-expired.js";
import { ancestor, callee, dotted, importedNames, indexOf, keywordArg, lazyRelationships, limited, lines, settingsOf, unwrap } from "./ast.js";

const MESSAGE_IDS = ["syncSession", "syncEngine", "query", "notAwaited", "lazyLoad", "expiredAfterCommit", "mayBeExpiredAfterCommit", "returnedAfterCommit", "mayBeReturnedAfterCommit", "djangoOrm", "syncDriver"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const FUNCTION = new Set(["function_definition"]);
const WITH = new Set(["with_statement"]);

interface Names {
  syncFactories: Set<string>;
  /** Async session factories of this file, with the call that made each. */
  asyncFactories: Map<string, Node>;
  syncEngines: Set<string>;
}

const FACTORIES = [...SESSION_FACTORIES, ...ENGINE_FACTORIES];

/** Session factories and engines the file makes (`S = sessionmaker(…)`) or imports (`from sqlalchemy.orm import Session`). */
function namesOf(ctx: VerifierContext<MessageId>): Names {
  const syncFactories = new Set<string>();
  const asyncFactories = new Map<string, Node>();
  const syncEngines = new Set<string>();
  for (const call of indexOf(ctx).callsNamed(FACTORIES)) {
    const assignment = call.parent;
    const left = assignment?.type === "assignment" && assignment.childForFieldName("right")?.equals(call) ? assignment.childForFieldName("left") : null;
    if (left?.type !== "identifier") continue;
    const kind = callee(call)?.name;
    const asyncClass = /(?:^|\.)AsyncSession$/.test(dotted(keywordArg(call, "class_")) ?? "");
    if (kind === "async_sessionmaker" || (kind === "sessionmaker" && asyncClass)) asyncFactories.set(left.text, call);
    else if (kind === "sessionmaker") syncFactories.add(left.text);
    else if (kind === "create_engine") syncEngines.add(left.text);
  }
  for (const [local, module] of importedNames(ctx)) if (SESSION_CLASS.test(module) && module.endsWith(".Session")) syncFactories.add(local);
  return { syncFactories, asyncFactories, syncEngines };
}

/** A factory call of this file (`async_session()`, `AsyncSession(engine)`) or of a conventionally named imported one. */
function factoryOf(call: Node, names: Names): SessionOrigin | undefined {
  const c = callee(call);
  const base = c?.name === "begin" && c.object ? c.object.text : c && !c.object ? c.name : undefined;
  if (!base) return undefined;
  if (base === "AsyncSession") return { factory: base, made: call };
  if (names.asyncFactories.has(base)) return { factory: base, made: names.asyncFactories.get(base) };
  return ASYNC_SESSION_FACTORY_NAME.test(base) ? { factory: base } : undefined;
}

/** Names bound to async sessions in this function, with where each came from. */
function asyncSessions(fn: Node, names: Names): Map<string, SessionOrigin> {
  const out = new Map<string, SessionOrigin>();
  const text = fn.text;
  for (const m of text.matchAll(/\b(\w+)\s*:\s*(?:Annotated\[\s*)?AsyncSession\b/g)) if (m[1]) out.set(m[1], { factory: m[1] });
  for (const item of fn.descendantsOfType("with_item")) {
    const pattern = item.namedChildren[0];
    const value = pattern?.type === "as_pattern" ? pattern.namedChildren[0] : undefined;
    const alias = pattern?.childForFieldName("alias")?.namedChildren[0] ?? pattern?.childForFieldName("alias");
    const origin = value?.type === "call" ? factoryOf(value, names) : undefined;
    if (origin && alias?.type === "identifier") out.set(alias.text, { ...origin, block: ancestor(item, WITH) });
  }
  for (const a of fn.descendantsOfType("assignment")) {
    const left = a.childForFieldName("left");
    let right = a.childForFieldName("right");
    if (right?.type === "await") right = right.namedChildren[0] ?? null;
    const origin = right?.type === "call" ? factoryOf(right, names) : undefined;
    if (origin && left?.type === "identifier") out.set(left.text, origin);
  }
  for (const m of text.matchAll(/\b(\w+)\s*(?::\s*\w+)?\s*=\s*Depends\(\s*get_(?:async_)?(?:db|session)\s*\)/g)) if (m[1] && /AsyncSession/.test(text)) out.set(m[1], { factory: "get_db" });
  return out;
}

/** Django queries and DB-API driver calls in `async def`, in files that import Django models or a driver. */
function checkBlockingDb(ctx: VerifierContext<MessageId>, asyncDefs: readonly Node[]): void {
  const imports = importedNames(ctx);
  const modules = [...imports.values()];
  const django = modules.some((m) => /^django\b|(?:^|\.)models\.[A-Z]\w*$/.test(m));
  const driver = [...modules, ...importedModules(indexOf(ctx))].some((m) => SYNC_DRIVER_CONNECT.test(`${m}.connect`) || SYNC_DRIVER_CONNECT.test(m));
  if (!django && !driver) return;
  const drivers = driver ? driverNames(indexOf(ctx).of("assignment"), imports) : new Set<string>();
  for (const fn of asyncDefs) {
    for (const b of blockingCalls(fn, imports, drivers, django)) ctx.report({ messageId: b.messageId, data: b.data, ...lines(b.node) });
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  const asyncDefs = limited(ctx, indexOf(ctx).of("function_definition").filter((fn) => fn.firstChild?.type === "async"));
  checkBlockingDb(ctx, asyncDefs);
  if (!ASYNC_SQLALCHEMY_WORDS.test(ctx.text)) return;
  const names = namesOf(ctx);
  const relationships = lazyRelationships(ctx);
  // A factory made elsewhere may set expire_on_commit=False; this file saying so anywhere is taken as that.
  const keeps = settingsOf(ctx, ["expire_on_commit"]).some((x) => unwrap(x.value).type === "false");
  for (const fn of asyncDefs) {
    const sessions = asyncSessions(fn, names);
    const loaded = new Map<string, string>();
    const lazy = new Set<number>();
    for (const node of fn.descendantsOfType(["call", "assignment", "attribute"])) {
      // Nested sync functions run elsewhere (run_sync callbacks); only this function's own body counts.
      if (ancestor(node.parent, FUNCTION)?.id !== fn.id) continue;
      if (node.type === "call") checkCall(ctx, node, names, sessions);
      else if (node.type === "assignment") {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (left?.type === "identifier" && right && [...sessions.keys()].some((s) => new RegExp(`await\\s+${s}\\.(?:get|scalar|scalars|execute)\\(`).test(right.text))) {
          loaded.set(left.text, right.text);
        }
      } else {
        const object = node.childForFieldName("object");
        const attr = node.childForFieldName("attribute")?.text ?? "";
        const source = object?.type === "identifier" ? loaded.get(object.text) : undefined;
        if (source === undefined || !relationships.has(attr) || (EAGER_LOADERS.test(source) && source.includes(`.${attr}`))) continue;
        if (node.parent?.type === "assignment" && node.parent.childForFieldName("left")?.id === node.id) continue;
        loaded.delete(object?.text ?? "");
        lazy.add(node.id);
        ctx.report({ messageId: "lazyLoad", data: { object: object?.text ?? "", attribute: attr }, ...lines(node) });
      }
    }
    for (const [s, origin] of sessions) {
      for (const r of expiredReads(fn, s, origin, keeps && !origin.made)) if (!lazy.has(r.node.id)) ctx.report({ messageId: r.messageId, data: r.data, ...lines(r.node) });
    }
  }
}

function checkCall(ctx: VerifierContext<MessageId>, call: Node, names: Names, sessions: ReadonlyMap<string, SessionOrigin>): void {
  const c = callee(call);
  if (!c) return;
  const receiver = c.object?.type === "identifier" ? c.object.text : undefined;
  if (!c.object && names.syncFactories.has(c.name)) {
    ctx.report({ messageId: "syncSession", data: { call: `${c.name}()` }, ...lines(call) });
  } else if (c.object?.type === "identifier" && names.syncFactories.has(c.object.text) && c.name === "begin") {
    ctx.report({ messageId: "syncSession", data: { call: `${c.object.text}.begin()` }, ...lines(call) });
  } else if (receiver && names.syncEngines.has(receiver) && /^(?:connect|begin|execute)$/.test(c.name)) {
    ctx.report({ messageId: "syncEngine", data: { call: `${receiver}.${c.name}()` }, ...lines(call) });
  } else if (receiver && sessions.has(receiver)) {
    if (c.name === "query") {
      ctx.report({ messageId: "query", data: { session: receiver }, ...lines(call) });
    } else if (ASYNC_SESSION_COROUTINES.test(c.name) && discarded(call)) {
      ctx.report({ messageId: "notAwaited", data: { call: `${receiver}.${c.name}()` }, ...lines(call) });
    }
  }
}

/** A coroutine that is certainly never awaited: a bare statement, or assigned to a name as it is. */
function discarded(call: Node): boolean {
  const parent = call.parent;
  return parent?.type === "expression_statement" || (parent?.type === "assignment" && parent.childForFieldName("right")?.id === call.id);
}

export const verifier = defineVerifier({
  id: "python/async-sync-orm",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /\basync\b/,
  check,
});
