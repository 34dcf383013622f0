// The Python file index: built once per parsed tree, kept on that tree (a WeakMap keyed by it, so
// it lives exactly as long as the parse), shared by every rule and by the contracts' facts.
// Rules ask it for the calls, assignments, decorators, definitions and imports they care
// about instead of searching the text, so text in comments and strings is never a site.
import type { Node, Tree } from "web-tree-sitter";

/**
 * Node types the index keeps, in two groups each gathered in one descent on first use: the
 * statements and calls rules look at, and the expressions only the contracts' facts and string
 * building read (attributes and strings are a third of a file's nodes: rules never pay for them).
 */
const STATEMENTS = [
  "call",
  "assignment",
  "augmented_assignment",
  "decorator",
  "function_definition",
  "class_definition",
  "import_statement",
  "import_from_statement",
  "keyword_argument",
  "pair",
  "with_statement",
  "dictionary_splat",
] as const;
const EXPRESSIONS = ["binary_operator", "string", "concatenated_string", "attribute", "subscript"] as const;
export type Indexed = (typeof STATEMENTS)[number] | (typeof EXPRESSIONS)[number];
const GROUP_OF = new Map<string, readonly string[]>([...STATEMENTS.map((t) => [t, STATEMENTS] as const), ...EXPRESSIONS.map((t) => [t, EXPRESSIONS] as const)]);

export interface PyIndex {
  readonly tree: Tree;
  /** Nodes of one type, in source order. */
  of(type: Indexed): readonly Node[];
  /** Calls whose callee's last name is one of `names` (`f(…)`, `x.f(…)`, `x.y.f(…)`), in source order. */
  callsNamed(names: Iterable<string>): Node[];
  /** Every name some call in the file calls last. */
  calledNames(): ReadonlySet<string>;
  /** A per-file fact computed once, on first use. */
  once<T>(key: string, compute: () => T): T;
}

const INDEXES = new WeakMap<Tree, PyIndex>();
const NONE: readonly Node[] = [];

/** The name a call calls last: `execute` for `cur.execute(…)` and for `execute(…)`. */
export function calledName(call: Node): string | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type === "identifier") return fn.text;
  return fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
}

export function pyIndexOf(tree: Tree): PyIndex {
  const known = INDEXES.get(tree);
  if (known) return known;
  const byType = new Map<string, Node[]>();
  const gathered = new Set<readonly string[]>();
  const gather = (group: readonly string[]): void => {
    gathered.add(group);
    for (const t of group) byType.set(t, []);
    // One descent inside the parser's own code (no cursor step per node from JavaScript), in source order.
    for (const n of tree.rootNode.descendantsOfType(group as string[])) if (n) byType.get(n.type)?.push(n);
  };
  const facts = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!facts.has(key)) facts.set(key, compute());
    return facts.get(key) as T;
  };
  const of = (type: Indexed): readonly Node[] => {
    const group = GROUP_OF.get(type);
    if (group && !gathered.has(group)) gather(group);
    return byType.get(type) ?? NONE;
  };
  const byName = (): Map<string, Node[]> =>
    once("calls by name", () => {
      const out = new Map<string, Node[]>();
      for (const call of of("call")) {
        const name = calledName(call);
        if (name === undefined) continue;
        const list = out.get(name);
        if (list) list.push(call);
        else out.set(name, [call]);
      }
      return out;
    });
  const callsNamed = (names: Iterable<string>): Node[] => {
    const calls = byName();
    const out = [...new Set(names)].flatMap((n) => calls.get(n) ?? []);
    return out.sort((a, b) => a.startIndex - b.startIndex);
  };
  const calledNames = (): ReadonlySet<string> => once("called names", () => new Set(byName().keys()));
  const index: PyIndex = { tree, of, callsNamed, calledNames, once };
  INDEXES.set(tree, index);
  return index;
}
