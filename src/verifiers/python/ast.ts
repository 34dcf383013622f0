// Small helpers over tree-sitter's Python tree, shared by the Python verifiers.
import type { Node, Tree, TreeCursor } from "web-tree-sitter";
import { isSecretName } from "../secret-names.js";
import { registeredLines } from "../../engine/lines.js";
import type { VerifierContext } from "../types.js";

export interface Visitor {
  /** Only named nodes of these types reach enter/exit, so other nodes never become Node objects. */
  types: ReadonlySet<string>;
  enter?(node: Node): void;
  exit?(node: Node): void;
  /** Asked for each wanted node after enter: false skips its children (exit still follows). */
  descend?(cursor: TreeCursor): boolean;
}

// Keywords share some names with nodes (`lambda`), hence the named check.
function wanted(cursor: TreeCursor, visitor: Visitor): boolean {
  return visitor.types.has(cursor.nodeType) && cursor.nodeIsNamed;
}

/**
 * Visits a whole tree (or one node's subtree) once in source order with a cursor: enter before
 * a node's children, exit after them. No recursion, so deeply nested code cannot overflow the stack.
 */
export function walk(root: Tree | Node, visitor: Visitor): void {
  const cursor = root.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        const hit = wanted(cursor, visitor);
        if (hit && visitor.enter) visitor.enter(cursor.currentNode);
        if (!(hit && visitor.descend && !visitor.descend(cursor)) && cursor.gotoFirstChild()) continue;
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

/** 1-based first and last git line of a node (tree-sitter's rows follow the parsed text, see parsePython). */
export function lines(node: Node): { line: number; endLine: number } {
  const git = registeredLines(node.tree);
  if (!git) return { line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
  return { line: git.lineOf(node.startIndex), endLine: git.lineOf(node.endIndex) };
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

// Most rules look for rare calls or settings. They find candidates with a regular expression
// over the text and ask the tree only about those places, so a rule costs next to nothing on a
// file that has none: a full cursor walk costs about half a parse, one per rule would not fit.

let searched: { text: string; joined: string } | undefined;

/**
 * The text that trigger expressions search: line continuations (a backslash before a newline)
 * blanked, same length, so `cur.execute \\<newline> (sql)` still matches `execute\s*\(`.
 */
export function searchText(text: string): string {
  if (searched?.text !== text) searched = { text, joined: text.replace(/\\(?=\r?\n)/g, " ") };
  return searched.joined;
}

/** Distinct trigger sites looked at per rule and file; past this a file is generated or hostile. */
const MAX_SITES = 50000;

/** What a site search needs from a verifier's context: the text, its tree, and a way to say it stopped early. */
export type SiteContext = Pick<VerifierContext, "text" | "python" | "incomplete">;

/**
 * For each match of the global `re`, the nearest node of one of `types` that encloses the
 * match's first character, climbing at most `maxUp` parents; each node once, in source order.
 * Matches inside strings and comments find no such node (or one a rule then rejects). Only the
 * distinct nodes found count towards the limit, so text in comments or strings cannot fill it;
 * a file with more real sites than that is reported as not fully checked.
 */
export function nodesAt(ctx: SiteContext, re: RegExp, types: ReadonlySet<string>, maxUp = 6): Node[] {
  const out: Node[] = [];
  const seen = new Set<number>();
  const locate = locator(ctx.python());
  try {
    for (const m of searchText(ctx.text).matchAll(re)) {
      const at = locate(m.index);
      if (at?.type === "comment") continue;
      const found = ancestor(at ?? null, types, maxUp);
      if (!found || seen.has(found.id)) continue;
      if (seen.size >= MAX_SITES) {
        ctx.incomplete(`more than ${MAX_SITES} places to look at; the rest of the file was not checked`);
        break;
      }
      seen.add(found.id);
      out.push(found);
    }
  } finally {
    locate.done();
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The smallest node around each of a rising series of offsets, like `descendantForIndex`, but
 * with one cursor that moves on from the last answer: `descendantForIndex` scans a node's
 * children from the first each time, so 50,000 matches among 50,000 siblings (comments in one
 * bracket, a huge list) would cost 50,000² steps.
 */
function locator(tree: Tree): ((index: number) => Node | undefined) & { done(): void } {
  const cursor = tree.walk();
  const locate = (index: number): Node | undefined => {
    while (cursor.endIndex <= index) {
      if (cursor.gotoNextSibling()) continue;
      if (!cursor.gotoParent()) return undefined;
    }
    // Between two siblings (whitespace): the parent is the smallest node around it.
    if (cursor.startIndex > index) return cursor.currentNode.parent ?? undefined;
    while (cursor.gotoFirstChild()) {
      while (cursor.endIndex <= index && cursor.gotoNextSibling());
      if (cursor.endIndex <= index || cursor.startIndex > index) {
        cursor.gotoParent();
        break;
      }
    }
    return cursor.currentNode;
  };
  return Object.assign(locate, { done: () => cursor.delete() });
}

const NOT_CODE = new Set(["comment", "string_content"]);

/**
 * A node's text with comments and the insides of string literals blanked (same length), so a
 * regular expression over it sees code only: a word in a comment or a docstring is no call.
 */
export function codeOnly(node: Node): string {
  const text = node.text;
  const parts: string[] = [];
  let from = 0;
  walk(node, {
    types: NOT_CODE,
    enter(n) {
      const start = n.startIndex - node.startIndex;
      const end = n.endIndex - node.startIndex;
      parts.push(text.slice(from, start), text.slice(start, end).replace(/[^\n]/g, " "));
      from = end;
    },
    descend: () => false,
  });
  parts.push(text.slice(from));
  return parts.join("");
}

const IMPORTS = new Set(["import_statement", "import_from_statement"]);

/**
 * What each name bound by a real import statement refers to, anywhere in the file (also inside
 * functions and `try:`): `import a.b` binds a to "a", `import a.b as x` x to "a.b",
 * `from a.b import c as d` d to "a.b.c"; relative imports keep their dots. An import written in
 * a docstring or a comment binds nothing.
 */
export function importedNames(ctx: SiteContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const at of nodesAt(ctx, /\bimport\b/g, IMPORTS, 2)) {
    const from = at.type === "import_from_statement" ? at.childForFieldName("module_name")?.text.replace(/\s+/g, "") : undefined;
    for (const item of at.childrenForFieldName("name")) {
      const original = (item.type === "aliased_import" ? item.childForFieldName("name") : item)?.text.replace(/\s+/g, "");
      const alias = item.type === "aliased_import" ? item.childForFieldName("alias")?.text : undefined;
      if (!original) continue;
      const module = from === undefined ? original : `${from}${from.endsWith(".") ? "" : "."}${original}`;
      if (alias) out.set(alias, module);
      else if (from !== undefined) out.set(original, module);
      else out.set(original.split(".")[0] ?? original, original.split(".")[0] ?? original);
    }
  }
  return out;
}

/** The node itself or its nearest ancestor of one of `types`, at most `maxUp` levels up. */
export function ancestor(node: Node | null, types: ReadonlySet<string>, maxUp = 400): Node | undefined {
  let n = node;
  for (let i = 0; n && i <= maxUp; i++, n = n.parent) {
    if (types.has(n.type)) return n;
  }
  return undefined;
}

const FUNCTION = new Set(["function_definition"]);

/** The innermost function around a node, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  return ancestor(node.parent, FUNCTION);
}

/** The text of a plain string literal, or of adjacent plain literals; undefined for f-strings and non-strings. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === "concatenated_string") {
    const parts = n.namedChildren.filter((c) => c.type !== "comment").map((c) => stringValue(c));
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  if (n.type !== "string") return undefined;
  let out = "";
  for (const c of n.namedChildren) {
    if (c.type === "interpolation") return undefined;
    if (c.type === "string_content" || c.type === "escape_sequence") out += c.text;
  }
  return out;
}

/** `a.b.c` for a chain of names, without spaces; undefined for anything else. */
export function dotted(node: Node | null | undefined): string | undefined {
  const parts: string[] = [];
  for (let n = node ? unwrap(node) : undefined; n; ) {
    if (n.type === "identifier") return [n.text, ...parts.reverse()].join(".");
    const object = n.type === "attribute" ? n.childForFieldName("object") : null;
    const attr = n.childForFieldName("attribute")?.text;
    if (!object || !attr) return undefined;
    parts.push(attr);
    n = unwrap(object);
  }
  return undefined;
}

/** The name a call calls, dotted: `requests.get`, `self.session.query`; undefined for `f()()`. */
export function calleeName(call: Node): string | undefined {
  return dotted(call.childForFieldName("function"));
}

/** Decorator expressions on a function or class (without the `@`), outermost first. */
export function decoratorsOf(def: Node): Node[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c) => c.type === "decorator").flatMap((d) => d.namedChildren.filter((c) => c.type !== "comment"));
}

/** The named children of a list, tuple or set literal; undefined for any other node. */
export function elements(node: Node | null | undefined): Node[] | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return /^(list|tuple|set)$/.test(n.type) ? n.namedChildren.filter((c) => c.type !== "comment") : undefined;
}

export { DEV_OR_TEST_PATH } from "../test-paths.js";

/** A class whose name says it is a development or test configuration. */
export const DEV_OR_TEST_CLASS = /(?:^|[a-z_])(?:Dev|Development|Local|Test|Testing|Debug|CI)(?:[A-Z_]|$)|^(?:dev|local|test|testing|debug)/;

/** The name of the class a node sits directly in (its body), if any. */
export function enclosingClassName(node: Node): string | undefined {
  const cls = ancestor(node.parent, CLASS_OR_FUNCTION);
  return cls?.type === "class_definition" ? cls.childForFieldName("name")?.text : undefined;
}
const CLASS_OR_FUNCTION = new Set(["class_definition", "function_definition"]);

/** A configuration value set in code, however it is written. */
export interface Setting {
  name: string;
  value: Node;
  /** The assignment, keyword argument or dictionary pair that sets it. */
  at: Node;
  /** `NAME = value` (or `obj.NAME = value`) rather than a keyword, a dict key or `config["NAME"]`. */
  plain: boolean;
}

const SETTING_SITES = new Set(["assignment", "augmented_assignment", "keyword_argument", "pair"]);

/**
 * Where the names are set: `NAME = v`, `NAME: T = v` and `NAME += v` (module, class or function level),
 * `obj.NAME = v`, `app.config["NAME"] = v`, `update(NAME=v)` and `{"NAME": v}`.
 */
export function settingsOf(ctx: SiteContext, names: readonly string[]): Setting[] {
  const wanted = new Set(names);
  const re = new RegExp(`\\b(?:${names.join("|")})\\b`, "g");
  const out: Setting[] = [];
  for (const at of nodesAt(ctx, re, SETTING_SITES, 4)) {
    if (at.type === "assignment" || at.type === "augmented_assignment") {
      const left = at.childForFieldName("left");
      const value = at.childForFieldName("right");
      if (!left || !value) continue;
      let name: string | undefined;
      if (left.type === "identifier") name = left.text;
      else if (left.type === "attribute") name = left.childForFieldName("attribute")?.text;
      else if (left.type === "subscript") name = stringValue(left.childForFieldName("subscript"));
      if (name && wanted.has(name)) out.push({ name, value, at, plain: left.type !== "subscript" });
    } else if (at.type === "keyword_argument") {
      const name = at.childForFieldName("name")?.text;
      const value = at.childForFieldName("value");
      if (name && value && wanted.has(name)) out.push({ name, value, at, plain: false });
    } else {
      const name = stringValue(at.childForFieldName("key"));
      const value = at.childForFieldName("value");
      if (name && value && wanted.has(name)) out.push({ name, value, at, plain: false });
    }
  }
  return out;
}

const TRUTHY_STRINGS = new Set(["true", "1", "yes", "on", "t", "y"]);

/** `True`, or a string that settings readers take as true ("True", "1", "yes"). */
export function isTruthyLiteral(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === "true") return true;
  const s = stringValue(n);
  return s !== undefined && TRUTHY_STRINGS.has(s.trim().toLowerCase());
}

const ENV_READERS = /^(?:os\.environ\.get|os\.getenv|environ\.get|getenv|env(?:\.\w+)?|config|decouple\.config)$/;

/**
 * The default an environment read falls back to: `os.environ.get("X", d)`, `os.getenv("X", d)`,
 * `env.bool("X", default=d)`, `config("X", default=d)`; also through `bool(...)`, `str(...)`,
 * `.lower()`, `.split(",")` and the left side of `... == "True"`.
 */
export function envDefault(node: Node): Node | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 4; i++) {
    if (n.type === "comparison_operator" && n.firstNamedChild) n = unwrap(n.firstNamedChild);
    else if (n.type === "call" && /^(?:bool|str|int)$/.test(calleeName(n) ?? "") && positionalArgs(n)[0]) n = unwrap(positionalArgs(n)[0]!);
    else if (n.type === "call" && /^(?:lower|strip|upper|split)$/.test(callee(n)?.name ?? "") && callee(n)?.object) n = unwrap(callee(n)!.object!);
    else break;
  }
  if (n.type !== "call" || !ENV_READERS.test(calleeName(n) ?? "")) return undefined;
  return keywordArg(n, "default") ?? positionalArgs(n)[1];
}

/** A settings list written out in full: its string entries, or undefined when any entry is computed (`*BASE`, a name). */
export function literalStrings(node: Node): { value: string; node: Node }[] | undefined {
  const listed = elements(node);
  if (!listed) return undefined;
  const out: { value: string; node: Node }[] = [];
  for (const e of listed) {
    const value = stringValue(e);
    if (value === undefined) return undefined;
    out.push({ value, node: e });
  }
  return out;
}

/** Code that checks a request signature itself (a payment or chat webhook), which is its own protection. */
export const VERIFIES_SIGNATURE =
  /compare_digest|construct_event|verify_signature|verify_webhook|validate_signature|check_signature|verify_request|signature_is_valid|WebhookSignature|Webhook\.verify/;

/** Whole collections that hold secrets among other things. */
const SECRET_DUMPS = /^(?:(?:self\.)?request\.(?:headers|cookies|META|environ)|os\.environ|request\.session)$/;

/**
 * The first secret inside a value that is written out as it is: a secret-named variable,
 * attribute, key or `.get("...")`, also inside f-strings, `+`, `%`, `.format()`, containers and
 * `str()`; whole `request.headers` / `os.environ` dumps count too. Values passed through any
 * other call (`len(token)`, `mask(password)`, `hash(...)`) are not the secret any more.
 */
export function findSecret(node: Node, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  const next = (c: Node | null | undefined): string | undefined => (c ? findSecret(c, depth + 1) : undefined);
  switch (n.type) {
    case "identifier":
      return isSecretName(n.text) ? n.text : undefined;
    case "attribute": {
      const text = dotted(n);
      if (text && SECRET_DUMPS.test(text)) return text;
      return isSecretName(n.childForFieldName("attribute")?.text ?? "") ? n.text.replace(/\s+/g, "") : undefined;
    }
    case "subscript": {
      const key = stringValue(n.childForFieldName("subscript"));
      return key !== undefined && isSecretName(key) ? n.text.replace(/\s+/g, " ") : undefined;
    }
    case "string":
      for (const i of n.namedChildren) {
        const found = i.type === "interpolation" ? next(i.childForFieldName("expression")) : undefined;
        if (found) return found;
      }
      return undefined;
    case "binary_operator":
      return next(n.childForFieldName("left")) ?? next(n.childForFieldName("right"));
    case "concatenated_string":
    case "list":
    case "tuple":
    case "set":
    case "dictionary":
    case "pair":
    case "argument_list":
      for (const c of n.namedChildren) {
        const found = c.type === "pair" ? next(c.childForFieldName("value")) : next(c);
        if (found) return found;
      }
      return undefined;
    case "keyword_argument":
      return next(n.childForFieldName("value"));
    case "await":
      return next(n.firstNamedChild);
    case "call": {
      const c = callee(n);
      if (!c) return undefined;
      const first = positionalArgs(n)[0];
      if (c.name === "get" && c.object) {
        const key = stringValue(first);
        if (key !== undefined && isSecretName(key)) return n.text.replace(/\s+/g, " ");
      }
      if (/^(?:getenv)$/.test(c.name) && isSecretName(stringValue(first) ?? "")) return n.text.replace(/\s+/g, " ");
      if (c.name === "format" && c.object) return next(c.object) ?? next(n.childForFieldName("arguments"));
      if (!c.object && /^(?:str|repr|dict)$/.test(c.name)) return next(n.childForFieldName("arguments"));
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Relationship attributes declared in this file that load lazily on first access (the default, or lazy="select"), backrefs included. */
export function lazyRelationships(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]+(\w+)\s*(?::[^=\n]+)?=\s*(?:[\w.]+\.)?relationship\(([^\n]*)/gm)) {
    const args = m[2] ?? "";
    const lazy = /lazy\s*=\s*["'](\w+)["']/.exec(args)?.[1];
    if (m[1] && (!lazy || lazy === "select")) out.add(m[1]);
    const backref = /backref\s*=\s*["'](\w+)["']/.exec(args)?.[1];
    if (backref) out.add(backref);
  }
  return out;
}
