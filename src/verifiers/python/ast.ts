// Small helpers over tree-sitter's Python tree, shared by the Python verifiers.
import type { Node } from "web-tree-sitter";
import { isSecretName } from "../../knowledge/secret-names.js";
import type { VerifierContext } from "../types.js";
import { pyIndexOf, type PyIndex } from "../../analysis/python/index.js";
import { importedNames as importsOf } from "../../analysis/python/imports.js";

import { walk } from "../../analysis/python/walk.js";
import type { FlowState } from "../../analysis/python/value-flow.js";
import { callee, keywordArg, positionalArgs, unwrap } from "../../analysis/python/syntax.js";

export { lines } from "../../analysis/python/lines.js";
export { type Callee, callee, keywordArg, named, parameterNames, positionalArgs, targetNames, unwrap } from "../../analysis/python/syntax.js";

export { walk, type Visitor } from "../../analysis/python/walk.js";

/** What a rule needs from a verifier's context to read the file's index. */
export type SiteContext = Pick<VerifierContext, "python" | "incomplete">;

/** The index of the file a rule is checking: built on the first rule's call, shared by the rest. */
export function indexOf(ctx: SiteContext): PyIndex {
  return pyIndexOf(ctx.python());
}

/** Distinct sites looked at per rule and file; past this a file is generated or hostile. */
const MAX_SITES = 50000;

/**
 * The first MAX_SITES of a rule's candidate sites; a file with more is reported as not fully
 * checked. Sites come from the index, so text in comments or strings never counts towards it.
 */
export function limited<T>(ctx: SiteContext, sites: readonly T[]): readonly T[] {
  if (sites.length <= MAX_SITES) return sites;
  ctx.incomplete(`more than ${MAX_SITES} places to look at; the rest of the file was not checked`);
  return sites.slice(0, MAX_SITES);
}

/** Calls of any of `names` (the last name called: `x.f(…)` and `f(…)` both are `f`), limited. */
export function callsOf(ctx: SiteContext, names: Iterable<string>): readonly Node[] {
  return limited(ctx, indexOf(ctx).callsNamed(names));
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

/**
 * The name each `name = f(…)` / `self.name = f(…)` / `name = await f(…)` binds, for calls of any
 * of `names` (`f[T](…)` counts as `f`): where the file keeps what a factory made.
 */
export function assignedFrom(ctx: SiteContext, names: Iterable<string>): { name: string; call: Node; assignment: Node }[] {
  const wanted = new Set(names);
  const out: { name: string; call: Node; assignment: Node }[] = [];
  for (const assignment of indexOf(ctx).of("assignment")) {
    const left = assignment.childForFieldName("left");
    let right = assignment.childForFieldName("right");
    if (right?.type === "await") right = right.firstNamedChild;
    if (!left || right?.type !== "call") continue;
    let fn = right.childForFieldName("function");
    if (fn?.type === "subscript") fn = fn.childForFieldName("value");
    const called = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const name = left.type === "identifier" ? left.text : left.type === "attribute" && left.childForFieldName("object")?.text === "self" ? left.childForFieldName("attribute")?.text : undefined;
    if (called && name && wanted.has(called)) out.push({ name, call: right, assignment });
  }
  return out;
}

/** Names a module-level statement assigns with `NAME = v` or `NAME: T = v`. */
export function moduleLevelNames(ctx: SiteContext): ReadonlySet<string> {
  return indexOf(ctx).once("module-level names", () => {
    const out = new Set<string>();
    for (const a of indexOf(ctx).of("assignment")) {
      const left = a.childForFieldName("left");
      if (left?.type === "identifier" && a.parent?.type === "expression_statement" && a.parent.parent?.type === "module") out.add(left.text);
    }
    return out;
  });
}

/** What each name bound by an import refers to (see analysis/python/imports.ts). */
export function importedNames(ctx: SiteContext): ReadonlyMap<string, string> {
  return importsOf(indexOf(ctx));
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

export { DEV_OR_TEST_PATH } from "../../knowledge/test-paths.js";

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

/** The setting an assignment, keyword argument or dictionary pair makes, whatever its name. */
function settingAt(at: Node): Setting | undefined {
  if (at.type === "assignment" || at.type === "augmented_assignment") {
    const left = at.childForFieldName("left");
    const value = at.childForFieldName("right");
    if (!left || !value) return undefined;
    let name: string | undefined;
    if (left.type === "identifier") name = left.text;
    else if (left.type === "attribute") name = left.childForFieldName("attribute")?.text;
    else if (left.type === "subscript") name = stringValue(left.childForFieldName("subscript"));
    return name ? { name, value, at, plain: left.type !== "subscript" } : undefined;
  }
  const name = at.type === "keyword_argument" ? at.childForFieldName("name")?.text : stringValue(at.childForFieldName("key"));
  const value = at.childForFieldName("value");
  return name && value ? { name, value, at, plain: false } : undefined;
}

/** Where settings can be made: assignments, keyword arguments and dictionary pairs, in source order. */
function settingSites(index: PyIndex): readonly Node[] {
  return index.once("setting sites", () =>
    [...index.of("assignment"), ...index.of("augmented_assignment"), ...index.of("keyword_argument"), ...index.of("pair")].sort((a, b) => a.startIndex - b.startIndex),
  );
}

/**
 * Where the names are set: `NAME = v`, `NAME: T = v` and `NAME += v` (module, class or function level),
 * `obj.NAME = v`, `app.config["NAME"] = v`, `update(NAME=v)` and `{"NAME": v}`.
 */
export function settingsOf(ctx: SiteContext, names: readonly string[]): Setting[] {
  const index = indexOf(ctx);
  const wanted = new Set(names);
  const source = index.once("source", () => index.tree.rootNode.text);
  // A node whose text does not contain the name cannot set it: a string search, before asking the tree.
  const mentions = (n: Node): boolean => names.some((name) => source.slice(n.startIndex, n.endIndex).includes(name));
  const found = settingSites(index).flatMap((at) => {
    if (!mentions(at)) return [];
    const s = settingAt(at);
    return s && wanted.has(s.name) ? [s] : [];
  });
  return [...limited(ctx, found)];
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
 * other call (`len(token)`, `mask(password)`, `hash(...)`) are not the secret any more. With the
 * file's value flow, a variable that was assigned a secret, and a local helper that returns its
 * argument, carry it on.
 */
export function findSecret(node: Node, depth = 0, flow?: Pick<FlowState, "binding" | "passedThrough">): string | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  const next = (c: Node | null | undefined): string | undefined => (c ? findSecret(c, depth + 1, flow) : undefined);
  switch (n.type) {
    case "identifier":
      return isSecretName(n.text) ? n.text : flow?.binding(n.text)?.carried;
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
      const passed = flow?.passedThrough(n);
      if (passed) return next(passed);
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
export function lazyRelationships(ctx: SiteContext): Set<string> {
  return indexOf(ctx).once("lazy relationships", () => {
    const out = new Set<string>();
    for (const call of indexOf(ctx).callsNamed(["relationship"])) {
      const assignment = call.parent;
      const left = assignment?.type === "assignment" && assignment.childForFieldName("right")?.equals(call) ? assignment.childForFieldName("left") : null;
      // Declared in a class body (or a function), never a module-level name.
      if (left?.type !== "identifier" || assignment?.parent?.parent?.type === "module") continue;
      const lazy = stringValue(keywordArg(call, "lazy"));
      if (!lazy || lazy === "select") out.add(left.text);
      const backref = stringValue(keywordArg(call, "backref"));
      if (backref) out.add(backref);
    }
    return out;
  });
}

/** Whether any of the sorted offsets lies in [start, end): a function or class holds a sink site. */
export function hasSite(sites: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sites.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sites[mid] ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sites.length && (sites[lo] ?? Infinity) < end;
}
