// Which argument of a call fills a parameter of the function around a node: the key a finding
// carries when it rests on what callers pass (src/engine/caller-evidence.ts). Only a plain
// parameter of a named, undecorated function that only code calls (not a view's `get`), never
// reassigned in it, has one: anything else has no key.
import type { Node } from "web-tree-sitter";
import type { UnlessCallers } from "../../engine/types.js";
import { named } from "./syntax.js";
import { FRAMEWORK_CALLED_METHODS } from "../../knowledge/python/routes.js";
import { takesRequestFirst } from "../../knowledge/python/request-sources.js";

type Key = Omit<UnlessCallers<unknown>, "instead">;

/** Parents, with the field their child sits in, that bind a name there. */
const BINDING_FIELD: Record<string, string | undefined> = {
  assignment: "left",
  augmented_assignment: "left",
  for_statement: "left",
  for_in_clause: "left",
  named_expression: "name",
  as_pattern: "alias",
  function_definition: "name",
  class_definition: "name",
};
/** Statements that bind or unbind whatever names they hold. */
const BINDS_ALL = /^(?:global_statement|nonlocal_statement|delete_statement|import_statement|import_from_statement|case_pattern)$/;

/** The function a node is in, unless a lambda comes first. */
function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "lambda") return undefined;
    if (p.type === "function_definition") return p;
  }
  return undefined;
}

/** The key of `name`, a parameter of the function around `at`; undefined when it is not one or the function rebinds it. */
export function parameterSlot(at: Node, name: string): Key | undefined {
  const fn = enclosingFunction(at);
  return fn && slotIn(fn, name);
}

/**
 * The same for a call's argument, which may sit in lambdas or defs inside the function
 * (`map(lambda n: load(n, kind), names)`): the first function out from `at` whose parameters
 * name it must be a def, and never rebind it (nor may anything inside it).
 */
export function capturedParameterSlot(at: Node, name: string): Key | undefined {
  for (let p = at.parent; p; p = p.parent) {
    const params = p.type === "lambda" || p.type === "function_definition" ? p.childForFieldName("parameters") : null;
    if (params && named(params).some((x) => parameterName(x) === name)) return p.type === "lambda" ? undefined : slotIn(p, name);
  }
  return undefined;
}

/**
 * The key of `name`, a parameter of the def around `at`, for finding the calls that fill it (a
 * helper handing it to a sink as it is): a decorator may add callers but cannot hide the file's
 * own calls, so a decorated def counts too, unless it is a method (`@staticmethod` and
 * `@classmethod` change what the first parameter is). The def must not rebind it.
 */
export function handedOnSlot(at: Node, name: string): Key | undefined {
  const fn = enclosingFunction(at);
  const fnName = fn?.childForFieldName("name")?.text;
  if (!fn || !fnName || rebinds(fn, name)) return undefined;
  const holder = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
  const method = holder.parent?.parent?.type === "class_definition";
  if (method && holder !== fn) return undefined;
  const slot = slotOf(named(fn.childForFieldName("parameters") ?? fn), name, method);
  return slot && { name: fnName, method, ...slot };
}

function slotIn(fn: Node, name: string): Key | undefined {
  const fnName = fn.childForFieldName("name")?.text;
  if (!fnName || rebinds(fn, name)) return undefined;
  // A decorator may call it with anything (a route, a task, a dispatcher) or change what it takes (`@staticmethod`).
  if (fn.parent?.type === "decorated_definition") return undefined;
  const method = fn.parent?.parent?.type === "class_definition";
  if (method && FRAMEWORK_CALLED_METHODS.has(fnName)) return undefined;
  const params = named(fn.childForFieldName("parameters") ?? fn);
  // A view routed in a urls.py the scan may not hold: Django calls it with the URL's values.
  if (takesRequestFirst(parameterName(params[method ? 1 : 0]))) return undefined;
  const slot = slotOf(params, name, method);
  return slot && { name: fnName, method, ...slot };
}

/** Position (without self/cls) and keyword of `name` among the parameters; undefined for `*args`, `**kw` or self. */
function slotOf(params: Node[], name: string, method: boolean): Omit<Key, "name" | "method"> | undefined {
  // Before a `/` a parameter takes no keyword; after `*` or `*args` it takes nothing else.
  const slash = params.findIndex((x) => x.type === "positional_separator");
  let position = 0;
  let keywordOnly = false;
  let first = method;
  for (const [i, p] of params.entries()) {
    if (p.type === "positional_separator") continue;
    if (p.type === "keyword_separator") {
      keywordOnly = true;
      continue;
    }
    const pname = parameterName(p);
    if (/splat/.test(p.type)) {
      if (pname === name) return undefined;
      keywordOnly = true;
      continue;
    }
    if (first) {
      first = false;
      if (pname === name) return undefined;
      continue;
    }
    if (pname === name) return { param: keywordOnly ? -1 : position, ...(i < slash ? {} : { paramName: name }), ...(/default/.test(p.type) ? {} : { required: true }) };
    if (!keywordOnly) position++;
  }
  return undefined;
}

function parameterName(p: Node | undefined): string | undefined {
  if (!p) return undefined;
  return p.type === "identifier" ? p.text : (p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier"))?.text;
}

/** Whether the function binds `name` anywhere in its body (an assignment, a loop, `with … as`, `global`…). */
function rebinds(fn: Node, name: string): boolean {
  const body = fn.childForFieldName("body");
  for (const id of body?.descendantsOfType("identifier") ?? []) {
    if (id?.text !== name) continue;
    for (let child: Node = id, p = id.parent; p && p.id !== fn.id; child = p, p = p.parent) {
      if (BINDS_ALL.test(p.type)) return true;
      const field = BINDING_FIELD[p.type];
      if (field && p.childForFieldName(field)?.id === child.id) return true;
    }
  }
  return false;
}
