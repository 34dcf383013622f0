// Small helpers over tree-sitter's Python tree, shared by the Python verifiers.
import type { Node, Tree, TreeCursor } from "web-tree-sitter";

export interface Visitor {
  /** Only named nodes of these types reach enter/exit, so other nodes never become Node objects. */
  types: ReadonlySet<string>;
  enter?(node: Node): void;
  exit?(node: Node): void;
}

// Keywords share some names with nodes (`lambda`), hence the named check.
function wanted(cursor: TreeCursor, visitor: Visitor): boolean {
  return visitor.types.has(cursor.nodeType) && cursor.nodeIsNamed;
}

/**
 * Visits the whole tree once in source order with a cursor: enter before a node's children,
 * exit after them. No recursion, so deeply nested code cannot overflow the stack.
 */
export function walk(tree: Tree, visitor: Visitor): void {
  const cursor = tree.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        if (visitor.enter && wanted(cursor, visitor)) visitor.enter(cursor.currentNode);
        if (cursor.gotoFirstChild()) continue;
      }
      if (visitor.exit && wanted(cursor, visitor)) visitor.exit(cursor.currentNode);
      if (cursor.gotoNextSibling()) {
        descending = true;
      } else if (cursor.gotoParent()) {
        descending = false;
      } else {
        return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** 1-based first and last line of a node. */
export function lines(node: Node): { line: number; endLine: number } {
  return { line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
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
