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
