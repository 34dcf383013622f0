// Where Python code sets Access-Control-Allow-Origin by hand, and to what: a subscript
// assignment (`response.headers["Access-Control-Allow-Origin"] = v`, Django `response[...] = v`),
// a call (`headers.add("Access-Control-Allow-Origin", v)`, `.setdefault`, `.set`), or a dict
// entry (`headers={"Access-Control-Allow-Origin": v}`, `headers.update({...})`).
import type { Node } from "web-tree-sitter";
import type { PyIndex } from "./index.js";
import { stringText, unwrap } from "./syntax.js";
import { REQUEST_ORIGIN } from "../../knowledge/python/request-sources.js";

export interface OriginHeader {
  /** The statement or call that sets the header. */
  at: Node;
  value: Node;
  /** "*", the request's own Origin (not checked against a list first), or anything else. */
  kind: "any" | "reflected" | "other";
}

const ACAO = "access-control-allow-origin";
const FUNCTION_OR_MODULE = /^(?:function_definition|module)$/;
/** A condition that compares the origin with something: an allow-list, a regex, a suffix. */
const COMPARES = /\bin\b|==|!=|match|search|endswith|startswith|allowed|is_valid|check/i;

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

/** Whether an `if` around the site, or one before it in the same function, compares the origin. */
function checkedFirst(site: Node, value: Node, scope: Node | undefined): boolean {
  const name = unwrap(value).text;
  const mentions = (cond: Node | null): boolean => !!cond && (cond.text.includes(name) || REQUEST_ORIGIN.test(cond.text)) && COMPARES.test(cond.text);
  for (let n: Node | null = site.parent; n && n.id !== scope?.id; n = n.parent) {
    if ((n.type === "if_statement" || n.type === "elif_clause") && mentions(n.childForFieldName("condition"))) return true;
  }
  let found = false;
  const visit = (n: Node): void => {
    if (found || n.startIndex >= site.startIndex) return;
    if (n.type === "if_statement" && mentions(n.childForFieldName("condition"))) found = true;
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
