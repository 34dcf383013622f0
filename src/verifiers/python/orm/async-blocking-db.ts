// For python/async-sync-orm: synchronous database work inside `async def` outside SQLAlchemy.
// Django's ORM refuses to run in an event loop (SynchronousOnlyOperation), so a query there is
// broken; a DB-API driver (psycopg2, sqlite3, pymysql...) works but blocks the loop for the query.
import type { Node } from "web-tree-sitter";
import { DJANGO_EVALUATING_METHODS, DJANGO_MODEL_MANAGER_CHAIN, SYNC_DRIVER_CONNECT } from "../../../knowledge/python/orm.js";
import { callee, dotted } from "../ast.js";

export interface BlockingCall {
  messageId: "djangoOrm" | "syncDriver";
  node: Node;
  data: Record<string, string>;
}

const SCOPES = new Set(["function_definition", "lambda"]);
const DRIVER_USES = /^(?:cursor|execute|executemany|executescript|fetchone|fetchall|fetchmany|commit|rollback)$/;
const ITERATING = /^(?:list|len|tuple|set|sorted)$/;

function ownedBy(node: Node, fn: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (SCOPES.has(p.type)) return p.id === fn.id;
  return false;
}

function compact(node: Node): string {
  return node.text.replace(/\s+/g, "");
}

/** `psycopg2.connect(...)` however the driver was imported. */
export function isDriverConnect(call: Node, imports: ReadonlyMap<string, string>): boolean {
  const name = dotted(call.childForFieldName("function"));
  if (!name) return false;
  const [root = "", ...rest] = name.split(".");
  const full = [imports.get(root) ?? root, ...rest].join(".");
  return SYNC_DRIVER_CONNECT.test(full);
}

/** Names bound to a sync driver's connection or cursor anywhere in the file. */
export function driverNames(assignments: readonly Node[], imports: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const a of assignments) {
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call") continue;
    const c = callee(right);
    if (isDriverConnect(right, imports) || (c?.name === "cursor" && c.object?.type === "identifier" && out.has(c.object.text))) out.add(left.text);
  }
  return out;
}

/** A Django query that runs now: an evaluating method on a manager chain, or a sync loop or list() over one. */
function djangoQuery(node: Node): string | undefined {
  if (node.type === "call") {
    const c = callee(node);
    if (c?.object && DJANGO_EVALUATING_METHODS.has(c.name) && DJANGO_MODEL_MANAGER_CHAIN.test(compact(c.object))) return `${compact(c.object)}.${c.name}()`;
    const arg = node.childForFieldName("arguments")?.namedChildren[0];
    if (c && !c.object && ITERATING.test(c.name) && arg && DJANGO_MODEL_MANAGER_CHAIN.test(compact(arg))) return `${c.name}(${compact(arg)})`;
    return undefined;
  }
  // `for x in Model.objects.filter(...)` and comprehensions; `async for` is Django's async iteration.
  if (node.children.some((c) => c.type === "async")) return undefined;
  const iterable = node.childForFieldName("right");
  return iterable && DJANGO_MODEL_MANAGER_CHAIN.test(compact(iterable)) ? `for ... in ${compact(iterable)}` : undefined;
}

/** Blocking database calls in one `async def`: every Django query, the first driver call. */
export function blockingCalls(fn: Node, imports: ReadonlyMap<string, string>, drivers: ReadonlySet<string>, django: boolean): BlockingCall[] {
  const out: BlockingCall[] = [];
  let driverSeen = false;
  for (const node of fn.descendantsOfType(["call", "for_statement", "for_in_clause"])) {
    if (!ownedBy(node, fn)) continue;
    const query = django ? djangoQuery(node) : undefined;
    if (query) {
      out.push({ messageId: "djangoOrm", node, data: { call: query.length > 80 ? `${query.slice(0, 79)}…` : query } });
      continue;
    }
    if (node.type !== "call" || driverSeen) continue;
    const c = callee(node);
    const receiver = c?.object?.type === "identifier" ? c.object.text : undefined;
    if (isDriverConnect(node, imports) || (receiver && drivers.has(receiver) && DRIVER_USES.test(c?.name ?? ""))) {
      driverSeen = true;
      out.push({ messageId: "syncDriver", node, data: { call: `${dotted(node.childForFieldName("function")) ?? "connect"}()` } });
    }
  }
  return out;
}
