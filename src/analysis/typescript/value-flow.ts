// Value flow within one TypeScript/JavaScript file: what an expression's value is as far as the
// file shows (constant text, or text built from non-constant parts, and how), and whether it
// reads client input (request data, a request object, a parameter named like input). Values are
// followed through locals, assignments before the use, pushes, `map`/`join`, allow-lists and
// helpers; rules ask for the expressions they sink, so a file is walked once however many sinks
// it has. What counts as safe for a sink's language (schema identifiers for SQL) is a policy.
import { ts } from "ts-morph";
import { calleeName, isFunctionLike, lastName, receiverOf, unwrap } from "./expressions.js";
import type { Decl, FileIndex } from "./file-index.js";
import { propertyValue, stringValue } from "./literals.js";
import { requestData } from "../../knowledge/typescript/request-data.js";
import { namesUserInput } from "../../knowledge/input-names.js";
import { ESCAPER, ESCAPES_IN_BODY, OTHER_ESCAPER, SAFE_CALLS } from "../../knowledge/typescript/escapers.js";

/** How a value was built from a non-constant part. */
export type How = "template" | "concat" | "append" | "concatCall" | "join" | "format";

/**
 * A non-constant part of built text: the expression, and where its MARK sits in the text, so a
 * sink can tell a value slot from a name. `at` is absent when the text does not show the part's
 * place (cut off). `text` is the text `at` indexes when it is not the value's own: the other
 * branch of `a ?? b`, whose text was not kept.
 */
export interface Part {
  readonly node: ts.Node;
  readonly at?: number;
  readonly text?: string;
}

/**
 * What a value is, as far as the file shows. `const` also covers values that cannot carry an
 * attacker's syntax (escaped text, policy-safe names); `text` is the constant text, for sniffing;
 * `value` is the first non-constant part, `parts` all of them.
 */
export type Value =
  | { kind: "const"; text: string }
  | { kind: "dynamic" }
  | { kind: "built"; text: string; how: How; value: ts.Node; parts: readonly Part[]; through?: string };
type Built = Extract<Value, { kind: "built" }>;

/** What is safe for one sink language; the flow itself knows only JavaScript. */
export interface FlowPolicy {
  /** Cache key: one flow per file and policy. */
  readonly id: string;
  /** `key` read from a value named `owner` holds something that cannot carry the sink's syntax. */
  safeName(key: string, owner: string | undefined): boolean;
  /** A helper by this name returns such a value unless it is given client input. */
  safeHelper(name: string, owner: string | undefined): boolean;
  /** `e` is escaped for the text around it in a template. */
  escapedIn(e: ts.Expression, before: string, after: string): boolean;
}

export const PLAIN: FlowPolicy = { id: "plain", safeName: () => false, safeHelper: () => false, escapedIn: () => false };

/** `name = …`, `name += …`, `name ??= …`. */
type Assignment = ts.BinaryExpression & { readonly left: ts.Identifier };

export const DYNAMIC: Value = { kind: "dynamic" };
/** Enough text to recognise SQL; variables built from each other can otherwise double it each time. */
const MAX_TEXT = 4096;
/** Ends text cut at MAX_TEXT: the part cut off may be anything, so cut text always reads as the sink's language. */
export const CUT = "\u0001cut";
const clip = (text: string): string => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - CUT.length) + CUT : text);
const constant = (text: string): Value => ({ kind: "const", text: clip(text) });
/** Stands in for a non-constant part in sniffed text, so `UPDATE ${t} SET` still reads as SQL. */
export const MARK = "\u0000";

/**
 * `parts` moved `by` characters along text cut to `length`: a part past the cut keeps only its
 * node, and a part placed in a text of its own stays there; either kind is kept once.
 */
function placed(parts: readonly Part[], by: number, length: number): Part[] {
  const out: Part[] = [];
  const once = new Set<ts.Node>();
  for (const p of parts) {
    const at = p.at === undefined || p.text !== undefined ? undefined : p.at + by;
    if (at !== undefined && at < length) out.push({ node: p.node, at });
    else if (!once.has(p.node)) {
      once.add(p.node);
      out.push(p.text !== undefined ? p : { node: p.node });
    }
  }
  return out;
}

/** Built text `text` whose parts are `parts`, cut to MAX_TEXT. */
function built(base: Omit<Built, "text" | "parts">, text: string, parts: readonly Part[]): Built {
  const cut = clip(text);
  return { ...base, text: cut, parts: placed(parts, 0, cut.endsWith(CUT) ? cut.length - CUT.length : cut.length) };
}
/** Nesting beyond this is treated as unknown rather than followed (pathological input). */
const MAX_DEPTH = 64;
/** Helpers called from helpers deeper than this, or more helper calls per file, are unknown values. */
const MAX_HELPER_NESTING = 4;
const MAX_HELPER_CALLS = 2000;

/** A request or context object passed whole: `getTableName(req)`. */
const REQUEST_OBJECT = /^(?:req|request|ctx)$/;
/** Array methods whose callback gets (item, index), or (accumulator, item, index) for `reduce`. */
const ITERATORS = new Set(["map", "flatMap", "forEach", "filter", "find", "findIndex", "some", "every", "reduce"]);
/** Array methods whose result holds only elements of their receiver. */
const SAME_ELEMENTS = new Set(["filter", "slice", "sort", "reverse", "concat"]);
/** The names lodash goes by: `_.map(xs, cb)` walks `xs`. */
const LODASH = /^(?:_|lodash)$/;
/** Following a value through more declarations than this treats it as client input. */
const MAX_SOURCE_HOPS = 12;

/** A word, singular or plural (`tables`, `aliases`, `databases`, `indices`), is in `set`. */
export function inSet(set: ReadonlySet<string>, word: string): boolean {
  return set.has(word) || set.has(word.replace(/s$/, "")) || set.has(word.replace(/es$/, "")) || (word === "indices" && set.has("index"));
}

/** What a value is read from, by name: `indices` for `metadata.indices[0]`, `dbIndex` for `dbIndex`. */
export function ownerName(e: ts.Expression): string | undefined {
  let x = unwrap(e);
  while (ts.isElementAccessExpression(x) && !ts.isStringLiteralLike(x.argumentExpression)) x = unwrap(x.expression);
  return lastName(x);
}

/** String methods that keep whatever their receiver is. */
const SAME_AS_RECEIVER = new Set(["trim", "trimStart", "trimEnd", "toUpperCase", "toLowerCase", "toString"]);
const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

/** How a found part reaches the searched value: as the value itself, inside an object or array, or turned into text. */
export type Carried = "whole" | "part" | "text";
/** Picks out what a search looks for; called on every expression the value is followed through. */
export type FindTest = (e: ts.Expression, carried: Carried) => ts.Node | undefined;
/** Locals a search has followed to the end, by how they were carried (what a test accepts may differ). */
type Done = Map<ts.Node, Set<Carried>>;
/** Calls whose result is the text of their arguments. */
const TEXT_OF_ARGUMENTS = new Set(["String", "stringify", "inspect"]);

/** The values an object literal holds: `{ a: x }`, `{ x }`, `{ ...x }`. */
function propertyValues(p: ts.ObjectLiteralElementLike): ts.Expression[] {
  if (ts.isPropertyAssignment(p)) return [p.initializer];
  if (ts.isShorthandPropertyAssignment(p)) return [p.name];
  return ts.isSpreadAssignment(p) ? [p.expression] : [];
}

/** The flow of one file under one policy, made once and shared by the rules that ask. */
export function valueFlow(index: FileIndex, policy: FlowPolicy): ValueFlow {
  return index.once(`value-flow:${policy.id}`, () => new ValueFlow(index, policy));
}

export class ValueFlow {
  private readonly enums: Set<string>;
  private readonly assigns = new Map<string, Assignment[]>();
  private readonly pushes = new Map<string, ts.CallExpression[]>();
  private readonly userMemo = new Map<ts.Node, boolean>();
  private readonly memo = new Map<ts.Node, Map<number, Value>>();
  private readonly constParams = new Set<Decl>();
  private readonly visiting = new Set<ts.Node>();
  private readonly checkedMemo = new Map<ts.Node, boolean>();
  /** Parameters of the local helpers being followed, bound to the call's arguments (innermost last). */
  private readonly frames: Map<Decl, ts.Expression | undefined>[] = [];
  /** Helper calls followed so far: with nothing remembered inside helpers, fan-out must be bounded. */
  private followed = 0;
  /** Helper calls followed by the current `find`. */
  private searchHelpers = 0;
  /** The current `find`'s question about where a value starts. */
  private leaf: FindTest | undefined;
  /** Times a bound (nesting, helper calls) stopped a value being followed; unknown is then not "safe". */
  private limitHits = 0;
  /** Declarations whose remembered value was cut short by a bound: reading it again hits it again. */
  private readonly limitedDecls = new Set<ts.Node>();

  constructor(
    private readonly index: FileIndex,
    private readonly policy: FlowPolicy,
  ) {
    this.enums = new Set(index.of(ts.SyntaxKind.EnumDeclaration).map((e) => e.name.text));
    const add = <T>(map: Map<string, T[]>, key: string, item: T) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) if (isAssignment(b)) add(this.assigns, b.left.text, b);
    for (const c of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(c);
      const receiver = receiverOf(c);
      if ((name === "push" || name === "unshift") && receiver && ts.isIdentifier(receiver)) add(this.pushes, receiver.text, c);
    }
  }

  /** The value of `e`. */
  valueOf(e: ts.Expression): Value {
    return this.evaluate(e, 0);
  }

  /** The value of `e`, and whether a bound stopped following it: an unknown value then proves nothing. */
  traced(e: ts.Expression): { value: Value; limited: boolean } {
    const before = this.limitHits;
    const value = this.evaluate(e, 0);
    return { value, limited: this.limitHits > before };
  }

  /**
   * The first part of `e`'s value that `test` picks out (a secret, a caught error), following the
   * value as `valueOf` does: locals and their assignments before the use, pushes, string building,
   * object and array literals, `await`, either branch, and local helpers with their parameters
   * bound to the call's arguments. `limited`: a bound stopped the search, so "nothing" proves nothing.
   * `leaf` is also asked about each expression the search cannot follow further (a parameter, a
   * destructured name, a property read, a call it does not see into): where the value starts.
   */
  find(e: ts.Expression, test: FindTest, leaf?: FindTest): { found: ts.Node | undefined; limited: boolean } {
    const before = this.limitHits;
    const outer = { leaf: this.leaf, helpers: this.searchHelpers };
    // Each search has its own helper budget: a file with a thousand log calls must not run out.
    this.searchHelpers = 0;
    this.leaf = leaf;
    try {
      const found = this.seek(e, test, "whole", 0, new Map());
      return { found, limited: this.limitHits > before };
    } finally {
      // A `leaf` may search again (where a loop variable's array comes from): the outer search goes on.
      this.leaf = outer.leaf;
      this.searchHelpers = outer.helpers;
    }
  }

  private atLeaf(e: ts.Expression, carried: Carried): ts.Node | undefined {
    return this.leaf?.(e, carried);
  }

  private seek(expr: ts.Expression, test: FindTest, carried: Carried, depth: number, done: Done): ts.Node | undefined {
    if (depth > MAX_DEPTH) return void this.limit();
    const e = unwrap(expr);
    const hit = test(e, carried);
    if (hit) return hit;
    const inner = carried === "text" ? "text" : "part";
    const any = (xs: readonly ts.Expression[], how: Carried) => this.seekAll(xs, test, how, depth + 1, done);
    if (ts.isTemplateExpression(e)) return any(e.templateSpans.map((s) => s.expression), "text");
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return any([e.left, e.right], "text");
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return any([e.left, e.right], carried);
      const last = op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.EqualsToken;
      return last ? any([e.right], carried) : this.atLeaf(e, carried);
    }
    if (ts.isConditionalExpression(e)) return any([e.whenTrue, e.whenFalse], carried);
    if (ts.isAwaitExpression(e)) return any([e.expression], carried);
    if (ts.isObjectLiteralExpression(e)) return any(e.properties.flatMap(propertyValues), inner);
    if (ts.isArrayLiteralExpression(e)) return any(e.elements.map((x) => (ts.isSpreadElement(x) ? x.expression : x)), inner);
    if (ts.isSpreadElement(e)) return any([e.expression], inner);
    if (ts.isIdentifier(e)) return this.seekIdentifier(e, test, carried, depth, done);
    if (ts.isCallExpression(e)) return this.seekCall(e, test, carried, depth, done);
    return this.atLeaf(e, carried);
  }

  private seekAll(xs: readonly ts.Expression[], test: FindTest, how: Carried, depth: number, done: Done): ts.Node | undefined {
    for (const x of xs) {
      const found = this.seek(x, test, how, depth, done);
      if (found) return found;
    }
    return undefined;
  }

  /** Where a local's value comes from: the call's argument in a helper, its initializer, later assignments and pushes. */
  private seekIdentifier(id: ts.Identifier, test: FindTest, carried: Carried, depth: number, done: Done): ts.Node | undefined {
    const decl = this.index.resolve(id);
    if (!decl) return this.atLeaf(id, carried);
    const frame = this.frames.find((f) => f.has(decl));
    if (frame) {
      const arg = frame.get(decl);
      return arg ? this.seek(arg, test, carried, depth + 1, done) : this.atLeaf(id, carried);
    }
    if (done.get(decl)?.has(carried) || this.visiting.has(decl)) return undefined;
    const sources: [ts.Expression, Carried][] = [];
    if (ts.isVariableDeclaration(decl) && decl.initializer) sources.push([decl.initializer, carried]);
    if (!this.isConstDecl(decl)) {
      for (const a of this.assignmentsBefore(decl, id.text, id)) sources.push([a.right, a.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken ? "text" : carried]);
    }
    for (const p of this.pushes.get(id.text) ?? []) {
      const r = receiverOf(p);
      if (p.pos < id.pos && r && ts.isIdentifier(r) && this.index.resolve(r) === decl) sources.push(...p.arguments.map((a): [ts.Expression, Carried] => [a, "part"]));
    }
    if (sources.length === 0) return this.atLeaf(id, carried);
    this.visiting.add(decl);
    try {
      for (const [source, how] of sources) {
        const found = this.seek(source, test, how, depth + 1, done);
        if (found) return found;
      }
    } finally {
      this.visiting.delete(decl);
    }
    // Outside helpers a local's sources are the same at every use: searched once per search.
    if (this.frames.length === 0) done.set(decl, new Set([...(done.get(decl) ?? []), carried]));
    return undefined;
  }

  /** Calls that hand their argument or receiver on as text, and local helpers. */
  private seekCall(e: ts.CallExpression, test: FindTest, carried: Carried, depth: number, done: Done): ts.Node | undefined {
    const name = calleeName(e) ?? "";
    const receiver = receiverOf(e);
    const any = (xs: readonly ts.Expression[], how: Carried) => this.seekAll(xs, test, how, depth + 1, done);
    if (receiver && (SAME_AS_RECEIVER.has(name) || name === "join")) return any([receiver], "text");
    if (receiver && name === "concat") return any([receiver, ...e.arguments], "text");
    if (TEXT_OF_ARGUMENTS.has(name) || (name === "format" && isUtilFormat(this.index, e))) return any(e.arguments, "text");
    const fn = receiver ? undefined : localFunction(this.index, e.expression);
    if (!fn?.body || fn.parameters.some((p) => !ts.isIdentifier(p.name) || p.dotDotDotToken)) return this.atLeaf(e, carried);
    if (this.visiting.has(fn)) return undefined;
    if (this.frames.length >= MAX_HELPER_NESTING || ++this.searchHelpers > MAX_HELPER_CALLS) return void this.limit();
    const frame = new Map<Decl, ts.Expression | undefined>();
    fn.parameters.forEach((p, i) => frame.set(p, e.arguments[i]));
    this.visiting.add(fn);
    this.frames.push(frame);
    try {
      return any(ts.isBlock(fn.body) ? returnedBy(fn.body) : [fn.body], carried);
    } finally {
      this.frames.pop();
      this.visiting.delete(fn);
    }
  }

  private limit(): Value {
    this.limitHits++;
    return DYNAMIC;
  }

  /** Whether any part of `e` reads client input. */
  readsInput(e: ts.Expression): boolean {
    return this.fromUser(e, 0);
  }

  private isConstDecl(decl: Decl): decl is ts.VariableDeclaration {
    return ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  }

  /** Assignments to the same binding before `ref`: "assigned earlier", not flow-sensitive beyond that. */
  private assignmentsBefore(decl: Decl, name: string, ref: ts.Node): Assignment[] {
    return (this.assigns.get(name) ?? []).filter((a) => a.pos < ref.pos && this.index.resolve(a.left) === decl);
  }

  /** The array a callback parameter walks, and whether it gets the item or the index: `xs.map((x, i) => …)`. */
  private iteration(param: ts.ParameterDeclaration): { over: ts.Expression; item: boolean } | undefined {
    const fn = param.parent;
    const call = fn.parent;
    if (!isFunctionLike(fn) || !ts.isCallExpression(call)) return undefined;
    const name = calleeName(call) ?? "";
    const walk = walked(call);
    const over = walk?.callback === fn ? walk.over : undefined;
    if (!over || !ITERATORS.has(name)) return undefined;
    const at = fn.parameters.indexOf(param) - (name === "reduce" ? 1 : 0);
    // lodash walks objects too: its second parameter may be a key the caller chose, not a number.
    const keyed = over !== receiverOf(call);
    return at === 0 || at === 1 ? { over, item: at === 0 || keyed } : undefined;
  }

  /** The declaration a destructured name belongs to: `x` in `const { a: { x } } = …` gives that declaration. */
  private rootOf(decl: Decl): ts.VariableDeclaration | ts.ParameterDeclaration {
    let n: ts.Node = decl;
    while (ts.isBindingElement(n)) n = n.parent.parent;
    return n as ts.VariableDeclaration | ts.ParameterDeclaration;
  }

  /** Where a declaration's value comes from, when the file shows it: an initializer, a loop's or callback's array. */
  sourceOf(decl: Decl): ts.Expression | undefined {
    const root = this.rootOf(decl);
    if (ts.isParameter(root)) return this.iteration(root)?.over;
    const loop = root.parent.parent;
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return loop.expression;
    return root.initializer;
  }

  /**
   * Whether any part of `e` reads request data, a request object or a parameter named like
   * client input, following locals to their sources, assignments and pushes (`hops` deep).
   * The expression itself is walked with a stack: minified code nests thousands deep.
   */
  private fromUser(e: ts.Expression, hops: number): boolean {
    const root = unwrap(e);
    const known = this.userMemo.get(root);
    if (known !== undefined) return known;
    if (hops > MAX_SOURCE_HOPS) return true;
    // A cycle (`schema = schema ?? fallback`) adds nothing that the other sources do not.
    this.userMemo.set(root, false);
    let found = false;
    const stack: ts.Node[] = [root];
    for (let x = stack.pop(); x && !found; x = stack.pop()) {
      if (ts.isIdentifier(x)) {
        const decl = this.index.resolve(x);
        found = REQUEST_OBJECT.test(x.text) || !!requestData(this.index, x) || (decl !== undefined && this.declFromUser(decl, x.text, hops + 1));
      } else if (ts.isPropertyAccessExpression(x)) {
        if (requestData(this.index, x)) found = true;
        else stack.push(x.expression);
      } else if (ts.isPropertyAssignment(x)) stack.push(x.initializer);
      else if (ts.isArrowFunction(x)) {
        if (!ts.isBlock(x.body)) stack.push(x.body);
      } else if (ts.isCallExpression(x) && requestData(this.index, x)) found = true;
      // Other functions and types: a callback's parameters are followed through what they iterate.
      else if (!ts.isFunctionLike(x) && !ts.isTypeNode(x)) {
        ts.forEachChild(x, (child) => {
          stack.push(child);
        });
      }
    }
    this.userMemo.set(root, found);
    return found;
  }

  private declFromUser(decl: Decl, name: string, hops: number): boolean {
    const source = this.sourceOf(decl);
    const root = this.rootOf(decl);
    // A function's own parameter: its callers are out of sight, so its name and decorators (`@Body()`) tell.
    const param = !source && ts.isParameter(root) && (namesUserInput(name) || (ts.getDecorators(root) ?? []).length > 0);
    if (param || (source && this.fromUser(source, hops))) return true;
    if ((this.assigns.get(name) ?? []).some((a) => this.index.resolve(a.left) === decl && this.fromUser(a.right, hops))) return true;
    return (this.pushes.get(name) ?? []).some((p) => {
      const r = receiverOf(p);
      return r !== undefined && ts.isIdentifier(r) && this.index.resolve(r) === decl && p.arguments.some((a) => this.fromUser(a, hops));
    });
  }

  /** A `const` bound to an object or array literal of constants: an allow-list. */
  private constLiteral(e: ts.Expression): ts.ObjectLiteralExpression | ts.ArrayLiteralExpression | undefined {
    const id = unwrap(e);
    if (!ts.isIdentifier(id)) return undefined;
    const decl = this.index.resolve(id);
    if (!decl || !this.isConstDecl(decl) || !decl.initializer) return undefined;
    const init = unwrap(decl.initializer);
    return ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) ? init : undefined;
  }

  /** `SORTABLE[key]` picks one of the literal's constants (or undefined): an allow-list lookup. */
  private allowList(e: ts.Expression, depth: number): boolean {
    const literal = this.constLiteral(e);
    if (!literal) return false;
    const values = ts.isArrayLiteralExpression(literal)
      ? [...literal.elements]
      : literal.properties.map((p) => (ts.isPropertyAssignment(p) ? p.initializer : undefined));
    return values.every((v) => v !== undefined && !ts.isSpreadElement(v) && this.evaluate(v, depth + 1).kind === "const");
  }

  private evaluate(expr: ts.Expression, depth: number): Value {
    if (depth > MAX_DEPTH) return this.limit();
    const e = unwrap(expr);
    switch (e.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return constant((e as ts.StringLiteral).text);
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.TypeOfExpression:
      case ts.SyntaxKind.VoidExpression:
        return constant("");
      case ts.SyntaxKind.TemplateExpression:
        return this.template(e as ts.TemplateExpression, depth);
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(e as ts.BinaryExpression, depth);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        const yes = this.guards(c.condition, c.whenTrue, false) ? constant("") : this.evaluate(c.whenTrue, depth + 1);
        const no = this.guards(c.condition, c.whenFalse, true) ? constant("") : this.evaluate(c.whenFalse, depth + 1);
        return this.either(yes, no);
      }
      case ts.SyntaxKind.AwaitExpression:
        return this.evaluate((e as ts.AwaitExpression).expression, depth + 1);
      case ts.SyntaxKind.Identifier:
        return this.checked(e, depth) ? constant("") : this.identifier(e as ts.Identifier, depth);
      case ts.SyntaxKind.PropertyAccessExpression:
        return this.checked(e, depth) ? constant("") : this.property(e as ts.PropertyAccessExpression, depth);
      case ts.SyntaxKind.ElementAccessExpression: {
        const { expression, argumentExpression } = e as ts.ElementAccessExpression;
        const key = stringValue(argumentExpression);
        return (key !== undefined && this.identifierOf(expression, key)) || this.allowList(expression, depth) ? constant("") : DYNAMIC;
      }
      case ts.SyntaxKind.CallExpression:
        return this.call(e as ts.CallExpression, depth);
      default:
        return DYNAMIC;
    }
  }

  /**
   * Joins parts in order. The first non-constant part decides how the text was built; a
   * part right after `$` is a pg placeholder number (`$${i + 1}`), not SQL text.
   */
  private combine(parts: { node: ts.Node; value: Value }[], how: How, stringOnly: boolean): Value {
    let text = "";
    let stringy = false;
    let found: Built | undefined;
    const all: Part[] = [];
    for (const { node, value } of parts) {
      if (value.kind === "const") {
        text += value.text;
        stringy ||= value.text !== "";
      } else if (value.kind === "dynamic") {
        const placeholder = text.endsWith("$");
        if (!placeholder) {
          found ??= { kind: "built", text: "", how, value: node, parts: [] };
          all.push({ node, at: text.length });
        }
        text += MARK;
      } else {
        all.push(...placed(value.parts, text.length, Infinity));
        text += value.text;
        stringy = true;
        found ??= value;
      }
    }
    if (!found) return constant(text);
    // `a + b` with no string in sight is arithmetic or an opaque value, not built SQL.
    return stringOnly && !stringy ? DYNAMIC : built(found, text, all);
  }

  /** Either value; when both are built, the text is `a`'s and `b`'s parts come along placed in `b`'s text. */
  private either(a: Value, b: Value): Value {
    if (a.kind === "built") {
      if (b.kind !== "built") return a;
      const own = b.parts.map((p) => (p.at === undefined || p.text !== undefined ? p : { ...p, text: b.text }));
      return { ...a, parts: [...a.parts, ...placed(own, 0, 0)] };
    }
    if (b.kind === "built") return b;
    if (a.kind === "dynamic" || b.kind === "dynamic") return DYNAMIC;
    return constant(`${a.text} ${b.text}`);
  }

  /** `LIST.includes(x) ? x : …`: the branch is one of the allow-listed values. */
  private guards(condition: ts.Expression, branch: ts.Expression, negated: boolean): boolean {
    let cond = unwrap(condition);
    while (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) {
      negated = !negated;
      cond = unwrap(cond.operand);
    }
    if (negated || !ts.isCallExpression(cond)) return false;
    const name = calleeName(cond);
    const arg = cond.arguments[0];
    return (name === "includes" || name === "has") && !!arg && unwrap(arg).getText(this.index.sf) === unwrap(branch).getText(this.index.sf);
  }

  private template(e: ts.TemplateExpression, depth: number): Value {
    const parts: { node: ts.Node; value: Value }[] = [{ node: e.head, value: constant(e.head.text) }];
    let before = e.head.text;
    for (const span of e.templateSpans) {
      const escaped = this.policy.escapedIn(span.expression, before, span.literal.text);
      parts.push({ node: span.expression, value: escaped ? constant("") : this.evaluate(span.expression, depth + 1) });
      parts.push({ node: span.literal, value: constant(span.literal.text) });
      before = span.literal.text;
    }
    return this.combine(parts, "template", false);
  }

  private binary(e: ts.BinaryExpression, depth: number): Value {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) {
      // Flattened along the left spine: `a + b + c + …` can be thousands of terms long.
      const operands: ts.Expression[] = [];
      let cur: ts.Expression = e;
      for (;;) {
        const u = unwrap(cur);
        if (!ts.isBinaryExpression(u) || u.operatorToken.kind !== ts.SyntaxKind.PlusToken) break;
        operands.push(u.right);
        cur = u.left;
      }
      operands.push(cur);
      operands.reverse();
      return this.combine(operands.map((node) => ({ node, value: this.evaluate(node, depth + 1) })), "concat", true);
    }
    // `a && b` yields b, or a falsy a that cannot carry SQL.
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.EqualsToken) {
      return this.evaluate(e.right, depth + 1);
    }
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      return this.either(this.evaluate(e.left, depth + 1), this.evaluate(e.right, depth + 1));
    }
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return DYNAMIC;
    return constant(""); // arithmetic, comparison, `in`, `instanceof`: numbers and booleans
  }

  private identifier(id: ts.Identifier, depth: number): Value {
    if (id.text === "undefined" || id.text === "NaN" || id.text === "Infinity") return constant("");
    const decl = this.index.resolve(id);
    // Unresolved: an import or a global; UPPER_CASE names are constants by convention.
    if (!decl) return UPPER_CASE.test(id.text) ? constant("") : DYNAMIC;
    if (this.constParams.has(decl)) return constant("");
    const frame = this.frames.find((f) => f.has(decl));
    if (frame) {
      const arg = frame.get(decl);
      return arg ? this.evaluate(arg, depth + 1) : constant("");
    }
    const later = this.isConstDecl(decl) ? [] : this.assignmentsBefore(decl, id.text, id);
    // Inside a helper a value may depend on the arguments of this one call: nothing is remembered.
    const memo = this.frames.length === 0 ? this.memo : new Map<ts.Node, Map<number, Value>>();
    const cached = memo.get(decl)?.get(later.length);
    if (cached) {
      if (this.limitedDecls.has(decl)) this.limitHits++;
      return cached;
    }
    const hitsBefore = this.limitHits;
    // A self-reference (`sql = sql + …`) adds nothing beyond the other parts.
    if (this.visiting.has(decl)) return constant("");
    this.visiting.add(decl);
    let value = this.initial(decl, id.text, depth);
    for (const a of later) {
      const right = this.evaluate(a.right, depth + 1);
      if (a.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) value = this.append(value ?? DYNAMIC, right, a.right, id);
      else value = value ? this.either(value, right) : right;
    }
    this.visiting.delete(decl);
    let result = value ?? DYNAMIC;
    if (result.kind === "built" && !result.through) result = { ...result, through: id.text };
    const byCount = memo.get(decl) ?? new Map<number, Value>();
    byCount.set(later.length, result);
    memo.set(decl, byCount);
    if (this.limitHits > hitsBefore) this.limitedDecls.add(decl);
    return result;
  }

  /**
   * The value a declaration starts with: its initializer, or what it reads from the array a loop
   * or callback walks or from the object it is destructured from. A function's own parameter is
   * unknown: its callers are out of sight.
   */
  private initial(decl: Decl, name: string, depth: number): Value | undefined {
    if (ts.isVariableDeclaration(decl) && decl.initializer) return this.evaluate(decl.initializer, depth + 1);
    const source = this.sourceOf(decl);
    const root = this.rootOf(decl);
    if (!source) return ts.isParameter(root) ? DYNAMIC : undefined;
    if (ts.isBindingElement(decl)) {
      // `const { schema, tableName } = parse(…)`, `rows.map(({ TABLE_NAME }) => …)`; in `[a, b]` the name is all there is.
      if (ts.isArrayBindingPattern(decl.parent)) return this.identifierOf(source, name) || this.elementsConst(source, depth) ? constant("") : DYNAMIC;
      const key = decl.propertyName && !ts.isComputedPropertyName(decl.propertyName) ? decl.propertyName.text : name;
      return this.identifierOf(source, key) ? constant("") : DYNAMIC;
    }
    const walk = ts.isParameter(decl) ? this.iteration(decl) : undefined;
    // An index counts from 0, unless the "array" is a Map of client input keyed by strings.
    if (walk && !walk.item) return this.fromUser(source, 0) ? DYNAMIC : constant("");
    return this.identifierOf(source, name) || this.elementsConst(source, depth) ? constant("") : DYNAMIC;
  }

  /** `source.key` (or a `key` in it) names a schema object, and nothing in `source` came from the client. */
  private identifierOf(source: ts.Expression, key: string): boolean {
    return this.policy.safeName(key, ownerName(source)) && !this.fromUser(source, 0);
  }

  /** Every element of an array is constant: a literal, a `map` returning constants, a `split` of constant text. */
  private elementsConst(arr: ts.Expression, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const x = unwrap(arr);
    if (ts.isArrayLiteralExpression(x)) {
      return x.elements.every((el) => (ts.isSpreadElement(el) ? this.elementsConst(el.expression, depth + 1) : this.evaluate(el, depth + 1).kind === "const"));
    }
    if (ts.isIdentifier(x)) {
      const decl = this.index.resolve(x);
      if (!decl || !this.isConstDecl(decl) || !decl.initializer || !this.elementsConst(decl.initializer, depth + 1)) return false;
      return (this.pushes.get(x.text) ?? []).every((p) => {
        const r = receiverOf(p);
        const mine = r !== undefined && ts.isIdentifier(r) && this.index.resolve(r) === decl;
        return !mine || p.arguments.every((a) => this.evaluate(a, depth + 1).kind === "const");
      });
    }
    const receiver = ts.isCallExpression(x) ? receiverOf(x) : undefined;
    if (!ts.isCallExpression(x) || !receiver) return false;
    const name = calleeName(x) ?? "";
    if (name === "split") return this.evaluate(receiver, depth + 1).kind === "const";
    if (SAME_ELEMENTS.has(name)) {
      return this.elementsConst(receiver, depth + 1) && (name !== "concat" || x.arguments.every((a) => this.elementsConst(a, depth + 1)));
    }
    const returned = this.mappedResults(x, depth);
    return returned !== undefined && returned.every((r) => this.evaluate(r, depth + 1).kind === "const");
  }

  /** `name += added` where `name` held `before` (its unknown start stands for itself, `name`). */
  private append(before: Value, added: Value, node: ts.Expression, name: ts.Identifier): Value {
    if (before.kind === "built") {
      const parts = added.kind === "built" ? placed(added.parts, before.text.length, Infinity) : added.kind === "dynamic" ? [{ node, at: before.text.length }] : [];
      return built(before, before.text + (added.kind === "dynamic" ? MARK : added.text), [...before.parts, ...parts]);
    }
    const prefix = before.kind === "const" ? before.text : MARK;
    const start: Part[] = before.kind === "dynamic" ? [{ node: name, at: 0 }] : [];
    if (added.kind === "built") return built(added, prefix + added.text, [...start, ...placed(added.parts, prefix.length, Infinity)]);
    if (added.kind === "dynamic") {
      if (!prefix.endsWith("$")) return built({ kind: "built", how: "append", value: node }, prefix + MARK, [...start, { node, at: prefix.length }]);
      return before.kind === "const" ? constant(prefix + MARK) : DYNAMIC;
    }
    return before.kind === "const" ? constant(prefix + added.text) : DYNAMIC;
  }

  private property(e: ts.PropertyAccessExpression, depth: number): Value {
    if (e.name.text === "length") return constant("");
    const target = unwrap(e.expression);
    const field = target.kind === ts.SyntaxKind.ThisKeyword ? this.readonlyField(e) : undefined;
    if (field) return this.evaluate(field, depth + 1);
    if (ts.isIdentifier(target) && this.enums.has(target.text)) return constant("");
    if (this.identifierOf(target, e.name.text)) return constant("");
    // `Status.ACTIVE`, `MetadataTableType_1.MetadataTableType.VIEW` (an enum seen through compiled CommonJS).
    if (UPPER_CASE.test(e.name.text) && /^[A-Z]/.test(lastName(target) ?? "")) return constant("");
    const object = this.constLiteral(target);
    if (!object || !ts.isObjectLiteralExpression(object)) return DYNAMIC;
    // The key in any spelling: `table:`, `"table":`, `["table"]:`, shorthand `{ table }`.
    const value = propertyValue(object, e.name.text);
    return value ? this.evaluate(value, depth + 1) : DYNAMIC;
  }

  /** An escaping helper the file defines itself must escape something: `quoteName = (x) => x` only has the name. */
  /** A file's own escaper counts by what its body does; another one by its name. */
  private escapes(e: ts.CallExpression, name: string): boolean {
    const local = localFunction(this.index, e.expression);
    return local?.body ? ESCAPES_IN_BODY.test(local.body.getText(this.index.sf)) : !OTHER_ESCAPER.test(name);
  }

  /**
   * `e` (a variable or `this.options.mode`) was checked against a fixed list of constants on every
   * path to here: inside `if (LIST.includes(e))`, after `if (!LIST.includes(e)) throw …`, or after
   * or inside a `switch (e)` of literal cases whose default leaves. Not when assigned after the check.
   */
  private checked(e: ts.Expression, depth: number): boolean {
    const known = this.checkedMemo.get(e);
    if (known !== undefined) return known;
    const result = this.checkedNow(e, depth);
    this.checkedMemo.set(e, result);
    return result;
  }

  private checkedNow(e: ts.Expression, depth: number): boolean {
    const text = e.getText(this.index.sf);
    const isConst = (x: ts.Expression) => this.evaluate(x, depth + 1).kind === "const";
    const inList = (list: ts.Expression) => this.fixedList(list, depth);
    for (let n: ts.Node = e; n.parent && !isFunctionLike(n); n = n.parent) {
      const p = n.parent;
      if (ts.isIfStatement(p) && p.thenStatement === n && asserts(p.expression, text, inList, isConst)) return true;
      if (ts.isCaseClause(p) && ts.isSwitchStatement(p.parent.parent) && literalSwitch(p.parent.parent, text, isConst)) return true;
      if (!ts.isBlock(p) && !ts.isSourceFile(p) && !ts.isCaseClause(p) && !ts.isDefaultClause(p)) continue;
      const index = p.statements.indexOf(n as ts.Statement);
      const guard = p.statements.slice(0, Math.max(index, 0)).filter((s) => guardsAfter(s, text, inList, isConst)).at(-1);
      if (guard && !this.assignedBetween(text, guard.end, e.pos)) return true;
    }
    return false;
  }

  /** Whether anything is assigned to `text` between two positions of the file. */
  private assignedBetween(text: string, from: number, to: number): boolean {
    return this.index.of(ts.SyntaxKind.BinaryExpression).some(
      (b) => b.pos >= from && b.end <= to && ASSIGNMENTS.has(b.operatorToken.kind) && b.left.getText(this.index.sf) === text,
    );
  }

  /** An array (or `new Set([…])`) literal of constants, directly or through a `const`. */
  private fixedList(list: ts.Expression, depth: number): boolean {
    let e = unwrap(list);
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Set" && e.arguments?.[0]) e = unwrap(e.arguments[0]);
    if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && this.evaluate(x, depth + 1).kind === "const");
    if (!ts.isIdentifier(e)) return false;
    const decl = this.index.resolve(e);
    if (!decl || !this.isConstDecl(decl) || !decl.initializer) return false;
    const init = unwrap(decl.initializer);
    return (ts.isArrayLiteralExpression(init) || ts.isNewExpression(init)) && this.fixedList(init, depth + 1);
  }

  /** `this.table` where the class declares `readonly table = "users"`. */
  private readonlyField(e: ts.PropertyAccessExpression): ts.Expression | undefined {
    let n: ts.Node = e;
    while (!ts.isClassLike(n)) {
      if (ts.isSourceFile(n)) return undefined;
      n = n.parent;
    }
    for (const m of n.members) {
      const readonly = ts.isPropertyDeclaration(m) && m.modifiers?.some((k) => k.kind === ts.SyntaxKind.ReadonlyKeyword);
      if (readonly && m.name.getText(this.index.sf) === e.name.text) return m.initializer;
    }
    return undefined;
  }

  private call(e: ts.CallExpression, depth: number): Value {
    const name = calleeName(e);
    const receiver = receiverOf(e);
    if (!name) return DYNAMIC;
    const escaping = /^(?:escape|quote)/.test(name);
    if ((SAFE_CALLS.has(name) || ESCAPER.test(name)) && (!escaping || this.escapes(e, name))) return constant("");
    if (receiver && (lastName(receiver) === "Math" || lastName(receiver) === "Date")) return constant("");
    // `this.getTableName(metadata)`, `buildCreateColumnSql(table, column)`, knex's `this.tableName()`: unless given client input.
    const yieldsIdentifier = this.policy.safeHelper(name, receiver && ownerName(receiver));
    if (yieldsIdentifier && ![...(receiver ? [receiver] : []), ...e.arguments].some((a) => this.fromUser(a, 0))) return constant("");
    if (name === "format" && isUtilFormat(this.index, e)) return this.formatted(e, depth);
    if (!receiver) return this.helperCall(e, depth) ?? DYNAMIC;
    if (SAME_AS_RECEIVER.has(name)) return this.evaluate(receiver, depth + 1);
    const replacement = e.arguments[1];
    if ((name === "replace" || name === "replaceAll") && replacement && this.evaluate(replacement, depth + 1).kind === "const") {
      return this.evaluate(receiver, depth + 1);
    }
    if (name === "concat") {
      const parts = [receiver, ...e.arguments].map((node) => ({ node, value: this.evaluate(node, depth + 1) }));
      const first = parts[0]?.value;
      // Arrays have `.concat` too; only a string receiver makes it string building.
      return first && first.kind !== "dynamic" ? this.combine(parts, "concatCall", true) : DYNAMIC;
    }
    if (name === "join") return this.joined(e, receiver, depth);
    return DYNAMIC;
  }

  /** `[a, b].join(sep)` or `parts.join(sep)` where `parts` is a local array filled by `push`. */
  /** `util.format("… %s …", x)`: the format's text with each argument in its placeholder's place. */
  private formatted(e: ts.CallExpression, depth: number): Value {
    const [format, ...args] = e.arguments;
    const f = format ? this.evaluate(format, depth + 1) : DYNAMIC;
    if (!format || f.kind !== "const") return f;
    const parts: { node: ts.Node; value: Value }[] = [];
    const pieces = f.text.split(/(%[sdifjoOc])/);
    let next = 0;
    for (const piece of pieces) {
      const arg = /^%[sdifjoOc]$/.test(piece) ? args[next++] : undefined;
      // Numbers (`%d`, `%i`, `%f`) and CSS (`%c`) cannot carry text.
      if (arg && /^%[sjoO]$/.test(piece)) parts.push({ node: arg, value: this.evaluate(arg, depth + 1) });
      else if (!arg) parts.push({ node: format, value: constant(piece) });
    }
    // Arguments beyond the placeholders are appended, separated by spaces.
    for (const arg of args.slice(next)) parts.push({ node: format, value: constant(" ") }, { node: arg, value: this.evaluate(arg, depth + 1) });
    return this.combine(parts, "format", false);
  }

  /**
   * A call of a function declared in this file: what it returns with its parameters bound to the
   * call's arguments (`wrap(sql)` where `function wrap(s) { return s; }`). Recursion is not followed.
   */
  private helperCall(e: ts.CallExpression, depth: number): Value | undefined {
    const fn = localFunction(this.index, e.expression);
    if (!fn?.body || this.visiting.has(fn)) return undefined;
    if (depth > MAX_DEPTH || this.frames.length >= MAX_HELPER_NESTING || ++this.followed > MAX_HELPER_CALLS) return this.limit();
    const returned = ts.isBlock(fn.body) ? returnedBy(fn.body) : [fn.body];
    if (returned.length === 0) return undefined;
    const frame = new Map<Decl, ts.Expression | undefined>();
    fn.parameters.forEach((p, i) => frame.set(p, p.dotDotDotToken ? undefined : e.arguments[i]));
    if (fn.parameters.some((p) => !ts.isIdentifier(p.name) || p.dotDotDotToken)) return undefined;
    this.visiting.add(fn);
    this.frames.push(frame);
    try {
      return returned.map((r) => this.evaluate(r, depth + 1)).reduce((a, b) => this.either(a, b));
    } finally {
      this.frames.pop();
      this.visiting.delete(fn);
    }
  }

  private joined(e: ts.CallExpression, receiver: ts.Expression, depth: number): Value {
    const target = unwrap(receiver);
    let elements: ts.Expression[];
    let through: string | undefined;
    if (ts.isArrayLiteralExpression(target)) elements = [...target.elements];
    else if (ts.isCallExpression(target)) {
      const mapped = this.mappedResults(target, depth);
      if (!mapped) return this.elementsConst(target, depth) ? constant("") : DYNAMIC;
      elements = mapped;
    } else if (ts.isIdentifier(target)) {
      const decl = this.index.resolve(target);
      const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
      if (!decl || !init || !ts.isArrayLiteralExpression(init)) return this.elementsConst(target, depth) ? constant("") : DYNAMIC;
      if ((this.assigns.get(target.text) ?? []).some((a) => a.pos < e.pos && this.index.resolve(a.left) === decl)) return DYNAMIC;
      const pushed = (this.pushes.get(target.text) ?? []).filter((p) => {
        const r = receiverOf(p);
        return p.pos < e.pos && r !== undefined && ts.isIdentifier(r) && this.index.resolve(r) === decl;
      });
      elements = [...init.elements, ...pushed.flatMap((p) => [...p.arguments])];
      through = target.text;
    } else return DYNAMIC;
    const separator = e.arguments[0];
    const sep = separator ? this.evaluate(separator, depth + 1) : constant(",");
    // The separator between elements (and after the last, standing for the items a `map` makes).
    const parts = elements.flatMap((node) => [
      {
        node,
        value: ts.isSpreadElement(node) ? (this.elementsConst(node.expression, depth + 1) ? constant("") : DYNAMIC) : this.evaluate(node, depth + 1),
      },
      { node: separator ?? e, value: sep },
    ]);
    if (parts.length === 0) parts.push({ node: separator ?? e, value: sep });
    const result = this.combine(parts, "join", false);
    return result.kind === "built" && through && !result.through ? { ...result, through } : result;
  }

  /**
   * What `xs.map(cb)` or `Array.from(xs, cb)` holds: the callback's returned expressions. Over
   * an allow-list the callback's item parameter is itself one of the constants.
   */
  private mappedResults(e: ts.CallExpression, depth: number): ts.Expression[] | undefined {
    const name = calleeName(e);
    const receiver = receiverOf(e);
    const walk = name === "map" ? walked(e) : undefined;
    if (!receiver || !(walk || (name === "from" && lastName(receiver) === "Array"))) return undefined;
    const arg = walk ? walk.callback : e.arguments[1];
    const callback = arg && unwrap(arg);
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const item = callback.parameters[0];
    if (walk && item && this.allowList(walk.over, depth)) this.constParams.add(item);
    if (!ts.isBlock(callback.body)) return [callback.body];
    const returned = returnedBy(callback.body);
    return returned.length > 0 ? returned : undefined;
  }
}

/** What an array method walks and its callback: `xs.map(cb)`, or lodash's `_.map(xs, cb)`. */
function walked(call: ts.CallExpression): { over: ts.Expression; callback: ts.Expression | undefined } | undefined {
  const receiver = receiverOf(call);
  if (!receiver) return undefined;
  const [first, second] = call.arguments;
  if (LODASH.test(lastName(receiver) ?? "") && first) return { over: first, callback: second && unwrap(second) };
  return { over: receiver, callback: first && unwrap(first) };
}

/** `util.format(…)`, `format(…)` imported from util, `require("util").format(…)`. */
function isUtilFormat(index: FileIndex, e: ts.CallExpression): boolean {
  const receiver = receiverOf(e);
  const from = (name: string | undefined) => /^(?:node:)?util$/.test((name && index.imports.get(name)) ?? "");
  if (!receiver) return ts.isIdentifier(unwrap(e.expression)) && from("format");
  const owner = lastName(receiver);
  return owner === "util" || from(owner);
}

type LocalFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The function a bare callee names: a `function` declaration, or a local bound to an arrow or function expression. */
function localFunction(index: FileIndex, callee: ts.Expression): LocalFunction | undefined {
  const id = unwrap(callee);
  if (!ts.isIdentifier(id)) return undefined;
  const decl = index.resolve(id);
  if (decl) {
    const init = ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
    return init && isFunctionLike(init) ? init : undefined;
  }
  const named = index.of(ts.SyntaxKind.FunctionDeclaration).filter((f) => f.name?.text === id.text);
  return named.length === 1 ? named[0] : undefined;
}

/** The expressions a function body returns, in nested blocks too but not in nested functions. */
export function returnedBy(body: ts.Block): ts.Expression[] {
  const out: ts.Expression[] = [];
  const stack: ts.Node[] = [body];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (ts.isReturnStatement(n)) {
      if (n.expression) out.push(n.expression);
    } else if (!ts.isFunctionLike(n) && !ts.isClassLike(n) && !ts.isExpression(n)) {
      ts.forEachChild(n, (child) => {
        stack.push(child);
      });
    }
  }

  return out;
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

function isAssignment(node: ts.BinaryExpression): node is Assignment {
  return ASSIGNMENTS.has(node.operatorToken.kind) && ts.isIdentifier(node.left);
}

type IsConst = (e: ts.Expression) => boolean;
/** Code after these does not run: a guard whose branch ends in one stops the flow. */
export const leaves = (s: ts.Statement | undefined): boolean =>
  !!s && (ts.isThrowStatement(s) || ts.isReturnStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s) || (ts.isBlock(s) && leaves(s.statements.at(-1))));

/** A membership test of `text` with the operator's sense: `LIST.includes(x)`, `LIST.indexOf(x) !== -1`, `x === "A"`. */
function membership(cond: ts.Expression, text: string, inList: IsConst, isConst: IsConst): "in" | "out" | undefined {
  const c = unwrap(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = membership(c.operand, text, inList, isConst);
    return inner === "in" ? "out" : inner === "out" ? "in" : undefined;
  }
  const sf = c.getSourceFile();
  const same = (x: ts.Expression | undefined) => x !== undefined && unwrap(x).getText(sf) === text;
  if (ts.isCallExpression(c)) {
    const name = calleeName(c);
    const receiver = receiverOf(c);
    return (name === "includes" || name === "has") && receiver && inList(receiver) && same(c.arguments[0]) ? "in" : undefined;
  }
  if (!ts.isBinaryExpression(c)) return undefined;
  const op = c.operatorToken.kind;
  const K = ts.SyntaxKind;
  const left = unwrap(c.left);
  if (ts.isCallExpression(left) && calleeName(left) === "indexOf" && receiverOf(left) && inList(receiverOf(left) as ts.Expression) && same(left.arguments[0])) {
    const right = c.right.getText(sf).replace(/\s+/g, "");
    if (right === "-1") return op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.GreaterThanToken ? "in" : op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken ? "out" : undefined;
    if (right === "0") return op === K.GreaterThanEqualsToken ? "in" : op === K.LessThanToken ? "out" : undefined;
    return undefined;
  }
  if ((op === K.EqualsEqualsEqualsToken || op === K.ExclamationEqualsEqualsToken) && same(c.left) && ts.isStringLiteralLike(unwrap(c.right)) && isConst(c.right)) {
    return op === K.EqualsEqualsEqualsToken ? "in" : "out";
  }
  return undefined;
}

/** `cond` true means `text` is one of a fixed list: a test, `a && b` with either side one, `a || b` with both. */
function asserts(cond: ts.Expression, text: string, inList: IsConst, isConst: IsConst): boolean {
  const c = unwrap(cond);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return asserts(c.left, text, inList, isConst) || asserts(c.right, text, inList, isConst);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.BarBarToken) return asserts(c.left, text, inList, isConst) && asserts(c.right, text, inList, isConst);
  return membership(c, text, inList, isConst) === "in";
}

/** `cond` false means `text` is one of a fixed list: `!LIST.includes(x)`, `a || b` with either side one, `a && b` with both. */
function denies(cond: ts.Expression, text: string, inList: IsConst, isConst: IsConst): boolean {
  const c = unwrap(cond);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.BarBarToken) return denies(c.left, text, inList, isConst) || denies(c.right, text, inList, isConst);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return denies(c.left, text, inList, isConst) && denies(c.right, text, inList, isConst);
  return membership(c, text, inList, isConst) === "out";
}

/** `switch (text)` whose cases are all constants; `leaving`: its default also leaves (or it has none and that is not asked). */
function literalSwitch(s: ts.SwitchStatement, text: string, isConst: IsConst): boolean {
  if (unwrap(s.expression).getText(s.getSourceFile()) !== text) return false;
  return s.caseBlock.clauses.every((c) => ts.isDefaultClause(c) || isConst(c.expression));
}

/** A statement past which `text` is one of a fixed list: `if (!LIST.includes(x)) throw …`, a literal `switch` whose default leaves. */
function guardsAfter(s: ts.Statement, text: string, inList: IsConst, isConst: IsConst): boolean {
  if (ts.isIfStatement(s)) return !s.elseStatement && leaves(s.thenStatement) && denies(s.expression, text, inList, isConst);
  if (!ts.isSwitchStatement(s) || !literalSwitch(s, text, isConst)) return false;
  const fallback = s.caseBlock.clauses.find(ts.isDefaultClause);
  return fallback !== undefined && leaves(fallback.statements.at(-1));
}
