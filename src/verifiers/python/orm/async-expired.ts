// For python/async-sync-orm: an object of an AsyncSession read after `await session.commit()`.
// With expire_on_commit=True (the default) the commit expires every attribute, and the next read
// needs implicit I/O, which an AsyncSession cannot do: MissingGreenlet. Whether the factory keeps
// the default is known when it is made in this file; a session from a dependency is a warning.
import type { Node } from "web-tree-sitter";
import { callee, keywordArg, unwrap } from "../ast.js";

export interface ExpiredRead {
  messageId: "expiredAfterCommit" | "mayBeExpiredAfterCommit" | "returnedAfterCommit" | "mayBeReturnedAfterCommit";
  node: Node;
  data: Record<string, string>;
}

/** How one session name of a function was made: by a factory call of this file, or elsewhere. */
export interface SessionOrigin {
  /** The factory's name (`async_session`), or the parameter's. */
  factory: string;
  /** The call that made the factory or session, when this file has it. */
  made?: Node;
  /** The `async with` block the session lives in, if any: reads after it are detached-instance's. */
  block?: Node;
}

const FUNCTION_TYPES = new Set(["function_definition", "lambda"]);

function ownNode(node: Node, fn: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p.id === fn.id;
  return false;
}

/** Objects tied to `s` before `at`: loaded through it or added to it. */
function tiedObjects(fn: Node, s: string, at: number): Set<string> {
  const out = new Set<string>();
  const loads = new RegExp(`await\\s+${s}\\.(?:get|get_one|scalar|scalars|execute|merge)\\(`);
  for (const n of fn.descendantsOfType(["assignment", "call"])) {
    if (n.startIndex >= at || !ownNode(n, fn)) continue;
    if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type === "identifier" && right && loads.test(right.text)) out.add(left.text);
      continue;
    }
    const c = callee(n);
    if (c?.object?.text !== s || (c.name !== "add" && c.name !== "add_all")) continue;
    const arg = n.childForFieldName("arguments")?.namedChildren[0];
    const items = arg && c.name === "add_all" && /^(?:list|tuple)$/.test(unwrap(arg).type) ? unwrap(arg).namedChildren : arg ? [arg] : [];
    for (const item of items) if (item.type === "identifier") out.add(item.text);
  }
  return out;
}

/** The first read of each tied object after `await s.commit()`, unless refreshed or reassigned first. */
export function expiredReads(fn: Node, s: string, origin: SessionOrigin, keepsOnCommit: boolean): ExpiredRead[] {
  if (keepsOnCommit) return [];
  const setting = origin.made ? keywordArg(origin.made, "expire_on_commit") : undefined;
  if (setting && unwrap(setting).type === "false") return [];
  // Only a factory that visibly keeps the default (no setting, no **options) is certain.
  const splat = origin.made?.childForFieldName("arguments")?.namedChildren.some((a) => a.type === "dictionary_splat");
  const made = origin.made && !splat && (!setting || unwrap(setting).type === "true");
  const commits = fn.descendantsOfType("call").filter((c) => ownNode(c, fn) && callee(c)?.name === "commit" && callee(c)?.object?.text === s && c.parent?.type === "await");
  const commit = commits[0];
  if (!commit) return [];
  const tied = tiedObjects(fn, s, commit.startIndex);
  const end = origin.block?.endIndex ?? fn.endIndex;
  const out: ExpiredRead[] = [];
  const done = new Set<string>();
  for (const n of fn.descendantsOfType(["attribute", "assignment", "call", "return_statement"])) {
    if (n.startIndex < commit.endIndex || n.startIndex >= end || !ownNode(n, fn)) continue;
    if (n.type === "return_statement") {
      // Returned expired: the caller's first read (FastAPI serialising a response_model) needs the I/O.
      const value = n.namedChildren[0];
      const x = value?.type === "identifier" ? value.text : "";
      if (tied.has(x) && !done.has(x)) {
        done.add(x);
        out.push({ messageId: made ? "returnedAfterCommit" : "mayBeReturnedAfterCommit", node: n, data: { object: x, session: s, factory: origin.factory } });
      }
      continue;
    }
    if (n.type === "call") {
      const c = callee(n);
      const first = n.childForFieldName("arguments")?.namedChildren[0]?.text;
      if (c?.object?.text === s && c.name === "refresh" && first) done.add(first);
      continue;
    }
    if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      if (left?.type === "identifier") done.add(left.text);
      continue;
    }
    const object = n.childForFieldName("object");
    const name = n.childForFieldName("attribute")?.text ?? "";
    const x = object?.type === "identifier" ? object.text : "";
    if (!tied.has(x) || done.has(x) || name === "awaitable_attrs") continue;
    const parent = n.parent;
    if (parent?.type === "call" && parent.childForFieldName("function")?.id === n.id) continue;
    if (parent?.type === "assignment" && parent.childForFieldName("left")?.id === n.id) continue;
    done.add(x);
    out.push({
      messageId: made ? "expiredAfterCommit" : "mayBeExpiredAfterCommit",
      node: n,
      data: { object: x, attribute: name, session: s, factory: origin.factory },
    });
  }
  return out;
}
