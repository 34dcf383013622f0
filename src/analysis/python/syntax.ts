// Small readers of Python syntax shared by the facts extractor: dotted chains and string text.
import type { Node } from "web-tree-sitter";

/** `a.b().c` for a callee or attribute chain; undefined when it does not start at a name. */
export function chainOf(n: Node | null): string | undefined {
  if (!n) return undefined;
  switch (n.type) {
    case "identifier":
      return n.text;
    case "attribute": {
      const left = chainOf(n.childForFieldName("object"));
      const attr = n.childForFieldName("attribute");
      return left === undefined || !attr ? undefined : `${left}.${attr.text}`;
    }
    case "call": {
      const left = chainOf(n.childForFieldName("function"));
      return left === undefined ? undefined : `${left}()`;
    }
    case "subscript": {
      const left = chainOf(n.childForFieldName("value"));
      const key = stringText(n.childForFieldName("subscript"));
      return left === undefined ? undefined : key !== undefined ? `${left}.${key}` : left;
    }
    case "await":
    case "parenthesized_expression":
      return chainOf(n.namedChildren[0] ?? null);
    default:
      return undefined;
  }
}

/** The first name of a chain: `db` for `db.session.add`. */
export function rootOf(chain: string): string {
  return chain.split(/[.(]/, 1)[0] ?? chain;
}

/** A string's text with each interpolation as "?"; concatenated strings joined; undefined for anything else. */
export function stringText(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === "concatenated_string") return n.namedChildren.map((c) => stringText(c) ?? "").join("");
  if (n.type !== "string") return undefined;
  return n.namedChildren
    .map((c) => (c.type === "string_content" || c.type === "escape_sequence" ? c.text : c.type === "interpolation" ? "?" : ""))
    .join("");
}

/** A call's arguments without comments. */
export function argumentsOf(call: Node): Node[] {
  return call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
}

/** A call's positional arguments. */
export function positional(call: Node): Node[] {
  return argumentsOf(call).filter((c) => c.type !== "keyword_argument" && c.type !== "list_splat" && c.type !== "dictionary_splat");
}

/** The value of a call's keyword argument `name=`. */
export function keyword(call: Node, name: string): Node | undefined {
  const kw = argumentsOf(call).find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === name);
  return kw?.childForFieldName("value") ?? undefined;
}

/** Decorator nodes (with the `@`) of a function or class. */
export function decoratorNodes(def: Node): Node[] {
  return def.parent?.type === "decorated_definition" ? def.parent.namedChildren.filter((c) => c.type === "decorator") : [];
}

/** Sorts nodes in source order, an enclosing node before the nodes it contains. */
export function bySource(a: Node, b: Node): number {
  return a.startIndex - b.startIndex || b.endIndex - a.endIndex;
}

/** Strips parentheses around an expression. */
export function unwrap(node: Node): Node {
  let n = node;
  while (n.type === "parenthesized_expression") {
    const inner = n.namedChildren.find((c) => c.type !== "comment");
    if (!inner) break;
    n = inner;
  }
  return n;
}

export interface Callee {
  name: string;
  /** The receiver of a method call. */
  object?: Node;
}

/** The called name and, for a method call, the receiver: `cur.execute` gives execute and `cur`. */
export function callee(call: Node): Callee | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type === "identifier") return { name: fn.text };
  if (fn?.type !== "attribute") return undefined;
  const attr = fn.childForFieldName("attribute");
  const object = fn.childForFieldName("object");
  return attr && object ? { name: attr.text, object } : undefined;
}

/** Positional arguments of a call; a bare generator argument `f(x for x in y)` counts as one. */
export function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName("arguments");
  if (!args) return [];
  if (args.type === "generator_expression") return [args];
  return args.namedChildren.filter(
    (c) => c.type !== "keyword_argument" && c.type !== "comment" && c.type !== "list_splat" && c.type !== "dictionary_splat",
  );
}

/** The value of the keyword argument `name=` of a call. */
export function keywordArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName("arguments");
  for (const c of args?.namedChildren ?? []) {
    if (c.type === "keyword_argument" && c.childForFieldName("name")?.text === name) {
      return c.childForFieldName("value") ?? undefined;
    }
  }
  return undefined;
}

/** The names a binding target introduces: `a`, `a, b`, `(a, [b, *c])`. */
export function targetNames(target: Node): string[] {
  const names: string[] = [];
  const stack = [target];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === "identifier") names.push(n.text);
    else if (/^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern)$/.test(n.type)) {
      stack.push(...n.namedChildren);
    }
  }
  return names;
}

/** Names of a function's parameters. */
export function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName("parameters");
  return (params?.namedChildren ?? []).flatMap((p) => {
    if (p.type === "identifier") return [p.text];
    const named = p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier");
    return named?.type === "identifier" ? [named.text] : [];
  });
}

/** Named children without comments. */
export function named(node: Node): Node[] {
  return node.namedChildren.filter((c) => c.type !== "comment");
}
