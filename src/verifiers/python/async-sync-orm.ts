// Synchronous ORM work inside `async def` in code that has an async engine: a sync Session or
// engine (blocks the event loop), `.query()` on an AsyncSession (it has none), AsyncSession
// calls that are never awaited, and lazy relationships read on objects loaded through an
// AsyncSession, which raise MissingGreenlet.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { ASYNC_SESSION_COROUTINES, ASYNC_SQLALCHEMY_WORDS, EAGER_LOADERS, ENGINE_FACTORIES, SESSION_CLASS, SESSION_FACTORIES } from "../../knowledge/python/orm.js";
import { ancestor, callee, dotted, importedNames, indexOf, keywordArg, lazyRelationships, limited, lines } from "./ast.js";

const MESSAGE_IDS = ["syncSession", "syncEngine", "query", "notAwaited", "lazyLoad"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const FUNCTION = new Set(["function_definition"]);

interface Names {
  syncFactories: Set<string>;
  asyncFactories: Set<string>;
  syncEngines: Set<string>;
}

const FACTORIES = [...SESSION_FACTORIES, ...ENGINE_FACTORIES];

/** Session factories and engines the file makes (`S = sessionmaker(…)`) or imports (`from sqlalchemy.orm import Session`). */
function namesOf(ctx: VerifierContext<MessageId>): Names {
  const syncFactories = new Set<string>();
  const asyncFactories = new Set<string>(["AsyncSession"]);
  const syncEngines = new Set<string>();
  for (const call of indexOf(ctx).callsNamed(FACTORIES)) {
    const assignment = call.parent;
    const left = assignment?.type === "assignment" && assignment.childForFieldName("right")?.equals(call) ? assignment.childForFieldName("left") : null;
    if (left?.type !== "identifier") continue;
    const kind = callee(call)?.name;
    const asyncClass = /(?:^|\.)AsyncSession$/.test(dotted(keywordArg(call, "class_")) ?? "");
    if (kind === "async_sessionmaker" || (kind === "sessionmaker" && asyncClass)) asyncFactories.add(left.text);
    else if (kind === "sessionmaker") syncFactories.add(left.text);
    else if (kind === "create_engine") syncEngines.add(left.text);
  }
  for (const [local, module] of importedNames(ctx)) if (SESSION_CLASS.test(module) && module.endsWith(".Session")) syncFactories.add(local);
  return { syncFactories, asyncFactories, syncEngines };
}

/** Names bound to async sessions in this function: `AsyncSession` parameters and `async with factory() as s` / `s = factory()`. */
function asyncSessions(fn: Node, names: Names): Set<string> {
  const out = new Set<string>();
  const text = fn.text;
  for (const m of text.matchAll(/\b(\w+)\s*:\s*(?:Annotated\[\s*)?AsyncSession\b/g)) if (m[1]) out.add(m[1]);
  for (const f of names.asyncFactories) {
    const e = f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const m of text.matchAll(new RegExp(`\\b${e}(?:\\.begin)?\\([^)]*\\)\\s+as\\s+(\\w+)|\\b(\\w+)\\s*=\\s*${e}\\(`, "g"))) {
      const name = m[1] ?? m[2];
      if (name) out.add(name);
    }
  }
  for (const m of text.matchAll(/\b(\w+)\s*(?::\s*\w+)?\s*=\s*Depends\(\s*get_(?:async_)?(?:db|session)\s*\)/g)) if (m[1] && /AsyncSession/.test(text)) out.add(m[1]);
  return out;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!ASYNC_SQLALCHEMY_WORDS.test(ctx.text) || !/\basync\b/.test(ctx.text)) return;
  const names = namesOf(ctx);
  const relationships = lazyRelationships(ctx);
  const asyncDefs = indexOf(ctx).of("function_definition").filter((fn) => fn.firstChild?.type === "async");
  for (const fn of limited(ctx, asyncDefs)) {
    const sessions = asyncSessions(fn, names);
    const loaded = new Map<string, string>();
    for (const node of fn.descendantsOfType(["call", "assignment", "attribute"])) {
      // Nested sync functions run elsewhere (run_sync callbacks); only this function's own body counts.
      if (ancestor(node.parent, FUNCTION)?.id !== fn.id) continue;
      if (node.type === "call") checkCall(ctx, node, names, sessions);
      else if (node.type === "assignment") {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (left?.type === "identifier" && right && [...sessions].some((s) => new RegExp(`await\\s+${s}\\.(?:get|scalar|scalars|execute)\\(`).test(right.text))) {
          loaded.set(left.text, right.text);
        }
      } else {
        const object = node.childForFieldName("object");
        const attr = node.childForFieldName("attribute")?.text ?? "";
        const source = object?.type === "identifier" ? loaded.get(object.text) : undefined;
        if (source === undefined || !relationships.has(attr) || (EAGER_LOADERS.test(source) && source.includes(`.${attr}`))) continue;
        if (node.parent?.type === "assignment" && node.parent.childForFieldName("left")?.id === node.id) continue;
        loaded.delete(object?.text ?? "");
        ctx.report({ messageId: "lazyLoad", data: { object: object?.text ?? "", attribute: attr }, ...lines(node) });
      }
    }
  }
}

function checkCall(ctx: VerifierContext<MessageId>, call: Node, names: Names, sessions: Set<string>): void {
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
  check,
});
