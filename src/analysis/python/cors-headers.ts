// Where Python code sets Access-Control-Allow-Origin by hand, and to what: a subscript
// assignment (`response.headers["Access-Control-Allow-Origin"] = v`, Django `response[...] = v`),
// a call (`headers.add("Access-Control-Allow-Origin", v)`, `.setdefault`, `.set`), or a dict
// entry (`headers={"Access-Control-Allow-Origin": v}`, `headers.update({...})`).
import type { Node } from "web-tree-sitter";
import type { PyIndex } from "./index.js";
import { stringText, unwrap } from "./syntax.js";
import { REQUEST_ORIGIN } from "../../knowledge/python/request-sources.js";
import { ORIGIN_VALIDATOR, affixTest, looseOriginRegex, type OriginTest } from "../../knowledge/cors-origins.js";

export interface OriginHeader {
  /** The statement or call that sets the header. */
  at: Node;
  value: Node;
  /** "*", the request's own Origin (not checked against a list first), or anything else. */
  kind: "any" | "reflected" | "other";
}

const ACAO = "access-control-allow-origin";
const FUNCTION_OR_MODULE = /^(?:function_definition|module)$/;

/** The value a header site gives the header, and the node to report. */
function siteOf(key: Node): { at: Node; value: Node } | undefined {
  const parent = key.parent;
  if (parent?.type === "subscript" && parent.parent?.type === "assignment" && parent.parent.childForFieldName("left")?.id === parent.id) {
    const right = parent.parent.childForFieldName("right");
    return right ? { at: parent.parent, value: right } : undefined;
  }
  if (parent?.type === "pair" && parent.childForFieldName("key")?.id === key.id) {
    const value = parent.childForFieldName("value");
    return value ? { at: parent, value } : undefined;
  }
  if (parent?.type === "argument_list") {
    const args = parent.namedChildren.filter((a) => a.type !== "comment");
    const value = args[args.findIndex((a) => a.id === key.id) + 1];
    return value && value.type !== "keyword_argument" && parent.parent ? { at: parent.parent, value } : undefined;
  }
  return undefined;
}

/** The scope a name is looked up in: its function, else the module. */
function scopeOf(node: Node): Node | undefined {
  let n: Node | null = node.parent;
  while (n && !FUNCTION_OR_MODULE.test(n.type)) n = n.parent;
  return n ?? undefined;
}

/** Whether a value is the request's Origin header, directly or through a local name (a few steps). */
function isRequestOrigin(value: Node, scope: Node | undefined, depth = 0): boolean {
  const v = unwrap(value);
  if (depth > 4) return false;
  if (v.type === "boolean_operator") return isRequestOrigin(v.childForFieldName("left") ?? v, scope, depth + 1);
  if (v.type === "conditional_expression") return false;
  if (v.type !== "identifier") return REQUEST_ORIGIN.test(v.text);
  for (const a of assignmentsTo(scope, v.text, v.startIndex)) {
    const right = a.childForFieldName("right");
    if (right && isRequestOrigin(right, scope, depth + 1)) return true;
  }
  return false;
}

function assignmentsTo(scope: Node | undefined, name: string, before: number): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (n.startIndex >= before) return;
    if (n.type === "assignment" && n.childForFieldName("left")?.text === name) out.push(n);
    for (const c of n.namedChildren) if (c.type !== "function_definition" && c.type !== "class_definition") visit(c);
  };
  if (scope) for (const c of scope.namedChildren) visit(c);
  return out;
}

/** Whether `n` is the origin value itself: the name it was put in, or the request's Origin header. */
function isOrigin(n: Node | null, name: string): boolean {
  const v = n && unwrap(n);
  return !!v && (v.text === name || REQUEST_ORIGIN.test(v.text));
}

/** The origin, or anything the client chose: a collection holding it, request data. */
function fromClient(n: Node | null, name: string): boolean {
  const holds = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\w)`);
  return !!n && (isOrigin(n, name) || holds.test(n.text) || /\brequest\b/.test(n.text));
}

/**
 * How `cond` tests the origin: membership in a collection, equality, a full regex match or a
 * validator named so is sound; a substring (`"example.com" in origin`), an unanchored regex or
 * a loose suffix or prefix is loose; `"Origin" in request.headers` tests nothing.
 */
function originTest(cond: Node, name: string, depth = 0): OriginTest | undefined {
  const c = unwrap(cond);
  if (c.type === "not_operator") return originTest(c.childForFieldName("argument") ?? c, name, depth);
  if (c.type === "boolean_operator") {
    const tests = [c.childForFieldName("left"), c.childForFieldName("right")].map((x) => (x ? originTest(x, name, depth) : undefined));
    if (c.childForFieldName("operator")?.type === "or") return tests.includes("loose") ? "loose" : tests.every((t) => t === "sound") ? "sound" : undefined;
    return tests.includes("sound") ? "sound" : tests.includes("loose") ? "loose" : undefined;
  }
  if (c.type === "comparison_operator") {
    const [left, right] = [c.namedChildren[0] ?? null, c.namedChildren[1] ?? null];
    const op = c.children.find((x) => !x.isNamed)?.type;
    // `PATTERN.match(origin) is not None`: the match is the test.
    if (left && /^\s*is\s+not\s+None$/.test(c.text.slice(left.endIndex - c.startIndex))) return originTest(left, name, depth);
    if (op === "in" || op === "not in") return isOrigin(left, name) ? (fromClient(right, name) ? undefined : "sound") : isOrigin(right, name) ? "loose" : undefined;
    // Compared with something the client did not choose: not `origin == request.headers["Origin"]`.
    return (isOrigin(left, name) && !fromClient(right, name)) || (isOrigin(right, name) && !fromClient(left, name)) ? "sound" : undefined;
  }
  if (c.type !== "call") return undefined;
  const f = c.childForFieldName("function");
  const args = c.childForFieldName("arguments")?.namedChildren ?? [];
  const method = f?.type === "attribute" ? f.childForFieldName("attribute")?.text ?? "" : f?.text ?? "";
  if (f?.type === "attribute" && isOrigin(f.childForFieldName("object"), name) && /^(?:endswith|startswith)$/.test(method)) {
    return affixTest(method === "endswith" ? "suffix" : "prefix", args[0] ? stringText(unwrap(args[0])) : undefined);
  }
  if (!args.some((a) => isOrigin(a, name))) return undefined;
  if (/^(?:fullmatch|match|search)$/.test(method)) {
    const pattern = args.find((a) => stringText(unwrap(a)) !== undefined);
    // `PATTERN.match(origin)`: the pattern compiled where the name was bound.
    const object = f?.type === "attribute" ? f.childForFieldName("object") : null;
    const text = pattern ? stringText(unwrap(pattern)) : object?.type === "identifier" ? compiledPattern(object) : undefined;
    if (method === "search" || (text !== undefined && looseOriginRegex(text, method === "fullmatch" ? "full" : "start"))) return "loose";
    return "sound";
  }
  const local = f ? localFunctions(f) : [];
  if (f && local.length > 0) {
    const tests = local.map((def) => validatorTest(def, args.findIndex((a) => isOrigin(a, name)) + (f.type === "attribute" ? 1 : 0), depth));
    // `is_allowed_origin = lambda o: True` after the def: what runs is not the def.
    if (rebound(f)) tests.push(undefined);
    return tests.includes("loose") ? "loose" : tests.every((t) => t === "sound") ? "sound" : undefined;
  }
  return ORIGIN_VALIDATOR.test(method) ? "sound" : undefined;
}

/** The functions of this file a call may name: `is_allowed(o)` a module function, `self.is_allowed(o)` a method. */
function localFunctions(f: Node): Node[] {
  const method = f.type === "attribute" && f.childForFieldName("object")?.text === "self";
  if (f.type !== "identifier" && !method) return [];
  const name = method ? f.childForFieldName("attribute")?.text : f.text;
  return f.tree.rootNode.descendantsOfType("function_definition").filter((d): d is Node => {
    if (d?.childForFieldName("name")?.text !== name) return false;
    const owner = d.parent?.type === "decorated_definition" ? d.parent.parent : d.parent;
    return method ? owner?.parent?.type === "class_definition" : owner?.type === "module";
  });
}

/** Whether the file assigns the name a call uses (`name = …`, `self.name = …`) besides defining it. */
function rebound(f: Node): boolean {
  return f.tree.rootNode.descendantsOfType("assignment").some((a) => a?.childForFieldName("left")?.text === f.text);
}

/**
 * A validator written in this file is judged by what it returns for the origin, not by its name
 * (`def is_allowed_origin(o): return True` checks nothing): every value it returns that may be
 * true must be a sound test of that parameter, or `True` behind one.
 */
function validatorTest(def: Node, at: number, depth: number): OriginTest | undefined {
  const params = def.childForFieldName("parameters")?.namedChildren.filter((p) => p.type !== "comment") ?? [];
  const param = params[at];
  if (!param || param.type !== "identifier" || depth >= 3) return undefined;
  const verdicts: (OriginTest | undefined)[] = [];
  const visit = (n: Node): void => {
    if (n.type === "return_statement") {
      const value = n.namedChildren[0];
      if (!value || /^(?:False|None|0|""|'')$/.test(unwrap(value).text)) return;
      verdicts.push(unwrap(value).text === "True" ? (checkedFirst(n, param, def, depth + 1) ? "sound" : undefined) : originTest(value, param.text, depth + 1));
    }
    for (const c of n.namedChildren) if (c.type !== "function_definition" && c.type !== "lambda") visit(c);
  };
  const body = def.childForFieldName("body");
  if (body) visit(body);
  return verdicts.includes("loose") ? "loose" : verdicts.every((v) => v === "sound") ? "sound" : undefined;
}

/** The pattern of `NAME = re.compile(r"…")`, for a name bound once to one, anywhere in the file. */
function compiledPattern(name: Node): string | undefined {
  const bound = name.tree.rootNode.descendantsOfType("assignment").flatMap((a) => {
    const right = a?.childForFieldName("right");
    if (a?.childForFieldName("left")?.text !== name.text || right?.type !== "call") return [];
    const first = right.childForFieldName("arguments")?.namedChildren[0];
    return /(?:^|\.)compile$/.test(right.childForFieldName("function")?.text ?? "") && first ? [stringText(unwrap(first))] : [undefined];
  });
  return bound.length === 1 ? bound[0] : undefined;
}

/** A block that leaves: its last statement returns, raises, or calls abort(). */
function leaves(block: Node | null): boolean {
  const last = block?.namedChildren.filter((n) => n.type !== "comment").at(-1);
  if (!last) return false;
  if (last.type === "return_statement" || last.type === "raise_statement") return true;
  return last.type === "expression_statement" && /^abort\(/.test(last.text);
}

/**
 * Whether the origin was checked against an allow-list before the site: an `if` around it whose
 * condition is a sound test, or an earlier `if not <sound test>:` (`if origin not in ALLOWED:`) that leaves.
 */
function checkedFirst(site: Node, value: Node, scope: Node | undefined, depth = 0): boolean {
  const name = unwrap(value).text;
  const negated = (cond: Node) => unwrap(cond).type === "not_operator" || / not in |!=/.test(unwrap(cond).text);
  for (let from: Node = site, n: Node | null = site.parent; n && n.id !== scope?.id; from = n, n = n.parent) {
    if (n.type !== "if_statement" && n.type !== "elif_clause") continue;
    const cond = n.childForFieldName("condition");
    // Only the branch the test lets through: not an `else:` or `elif` of it.
    if (n.childForFieldName("consequence")?.id !== from.id) continue;
    if (cond && !negated(cond) && originTest(cond, name, depth) === "sound") return true;
  }
  let found = false;
  const visit = (n: Node): void => {
    if (found || n.startIndex >= site.startIndex) return;
    const cond = n.type === "if_statement" ? n.childForFieldName("condition") : null;
    if (cond && negated(cond) && originTest(cond, name, depth) === "sound" && leaves(n.childForFieldName("consequence"))) found = true;
    for (const c of n.namedChildren) if (c.type !== "function_definition") visit(c);
  };
  if (scope?.type === "function_definition") visit(scope);
  return found;
}

/** Every place the file sets Access-Control-Allow-Origin by hand, with what it sets. */
export function originHeaders(index: PyIndex): OriginHeader[] {
  const out: OriginHeader[] = [];
  for (const s of index.of("string")) {
    if (stringText(s)?.toLowerCase() !== ACAO) continue;
    const site = siteOf(s);
    if (!site) continue;
    const scope = scopeOf(site.at);
    const literal = stringText(unwrap(site.value));
    let kind: OriginHeader["kind"] = "other";
    if (literal?.trim() === "*") kind = "any";
    else if (isRequestOrigin(site.value, scope) && !checkedFirst(site.at, site.value, scope)) kind = "reflected";
    out.push({ ...site, kind });
  }
  return out;
}

/** Whether the file allows credentials by hand: `Access-Control-Allow-Credentials: true`. */
export const ALLOWS_CREDENTIALS = /access-control-allow-credentials["']\s*(?:\]\s*=|,|:)\s*["']true/i;

const MATCH_ALL = /^\^?(?:https?:\/\/|https\?:\/\/)?\.[*+]\$?$/;

/** Whether an origin setting (a string or a list of them) allows every origin: "*" or a match-all regex. */
export function anyOrigin(value: Node | undefined): boolean {
  if (!value) return false;
  const v = unwrap(value);
  const listed = /^(?:list|tuple|set)$/.test(v.type) ? v.namedChildren : [v];
  return listed.some((o) => {
    const s = stringText(unwrap(o))?.trim();
    return s === "*" || (s !== undefined && MATCH_ALL.test(s));
  });
}
