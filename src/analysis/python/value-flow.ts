// What a Python file's values are, as far as one walk can tell: constants, strings built from
// other values (concatenation, f-strings, `%`, `.format()`, `.join()`), values read from the
// request (src/knowledge/python/request-sources.ts), and simple flow within the file: variables
// in their scopes (a value assigned in one branch joins what the variable held before), loop
// variables over constant lists, and helpers that return their argument. Rules give sinks: the
// walk calls them at each call with what is known there.
import type { Node, Tree, TreeCursor } from "web-tree-sitter";
import { REQUEST_PARAMETER_DEFAULTS, isRequestAttribute, isRequestMethod, lambdaEventParameter } from "../../knowledge/python/request-sources.js";
import { pyIndexOf } from "./index.js";
import { SELF_NAME, isDatabaseRead, isSettingsAttribute, isSettingsModule } from "../../knowledge/python/value-origins.js";
import { namesUserInput } from "../../knowledge/input-names.js";
import { walk } from "./walk.js";
import { lines } from "./lines.js";
import { type Callee, callee, keywordArg, named, parameterNames, positionalArgs, targetNames, unwrap } from "./syntax.js";

export type How = "fstring" | "percent" | "concat" | "format" | "join";

/**
 * Where a value comes from: a parameter of the enclosing function (the caller's; `input` when its
 * name says the client sent it: `search_term`, `filters`, `order_by`), the object itself (`self.x`,
 * `self.method()`), configuration, rows read from the database, or nothing the file shows (a free
 * name, an import, a call's result).
 */
export type Origin = "input" | "parameter" | "self" | "internal" | "settings" | "database" | "unknown";

/** A non-constant value built into a string, and how; `request` when it is the client's data. */
export interface Part {
  how: How;
  value: string;
  request?: boolean;
  /** Where in the string's `text` the value sits (its `%s`/`{}` for `%`/`.format()`); undefined when the flow cannot tell. */
  offset?: number;
  origin: Origin;
}

/** What is known about a string (or list of strings): its literal text, and its non-constant parts (none: constant). */
export interface Str {
  text: string;
  parts: Part[];
  /** The text was cut at MAX_TEXT: what was cut off may matter, so a rule should assume the worst. */
  cut?: boolean;
}

export interface Binding {
  value?: Str;
  /** Line of the assignment that first made the value non-constant. */
  line: number;
  /** The value is (or holds) request data. */
  request?: boolean;
  /** What the value carries that the rule follows (a secret's name), from `FlowOptions.carries`. */
  carried?: string;
  /** Where a value the flow cannot spell out comes from (a parameter, `self.x`…). */
  origin?: Origin;
}

/** What the walk knows at the call a rule is looking at. */
export interface FlowState {
  valueOf(node: Node): Str | undefined;
  binding(name: string): Binding | undefined;
  /** Whether a value is request data, directly or through a variable. */
  isRequest(node: Node): boolean;
  /** The argument a call of a local helper that returns it unchanged gives back (`clean(x)` → `x`). */
  passedThrough(call: Node): Node | undefined;
  /** Where a value the flow cannot spell out comes from. */
  originOf(node: Node): Origin;
  /** A number, a numeric cast, or what the rule calls safe: it cannot carry a string. */
  isSafe(node: Node): boolean;
}

/** Origins that are the program's own, not a caller's: the object, its settings, the database, a private helper's literals. */
export const OWN_ORIGINS: ReadonlySet<Origin> = new Set<Origin>(["self", "internal", "settings", "database"]);

export interface FlowOptions {
  /**
   * Calls a rule knows make a value harmless for it (identifier quoting for SQL); `local` is the
   * file's own definition of the called function, if it has one.
   */
  safeCall?(c: Callee, local: Node | undefined): boolean;
  /** Attributes a rule knows are constants (`Model._meta.db_table`). */
  constantAttribute?(text: string): boolean;
  /**
   * What a value carries that the rule follows (a secret's name), asked at each assignment so the
   * variable carries it on: `msg = "pw " + password` makes `msg` carry `password`.
   */
  carries?(value: Node, state: FlowState): string | undefined;
  /** Called as the walk leaves each call, with what is known at that point. */
  onCall?(call: Node, c: Callee, state: FlowState): void;
  /** Called as the walk leaves each `x = …` assignment, before the target is bound. */
  onAssignment?(assignment: Node, state: FlowState): void;
  /** Whether to walk into a function or class spanning [start, end); false skips it. */
  descend?(start: number, end: number): boolean;
}

export const CONSTANT: Str = { text: "", parts: [] };
const MAX_TEXT = 2000;
const MAX_PARTS = 16;
const CONST_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const NUMERIC_CASTS = new Set(["int", "float", "len", "bool"]);
const SAME_STRING_METHODS = new Set(["strip", "lstrip", "rstrip", "upper", "lower"]);
const STRING_METHODS = new Set([...SAME_STRING_METHODS, "join", "format", "dedent"]);

export function isConstant(s: Str | undefined): boolean {
  return s !== undefined && s.parts.length === 0;
}

const callerMay = (p: Part): boolean => p.request === true || p.origin === "input" || p.origin === "parameter" || p.origin === "unknown";

/** Parts where they sit once, at most MAX_PARTS; when full, one the caller may control displaces one the object, settings or database gave. */
function distinct(all: Part[]): Part[] {
  const parts: Part[] = [];
  for (const p of all) {
    if (parts.some((q) => q.how === p.how && q.value === p.value && q.offset === p.offset)) continue;
    const weak = parts.length < MAX_PARTS ? parts.length : callerMay(p) ? parts.findIndex((q) => !callerMay(q)) : -1;
    if (weak >= 0) parts[weak] = p;
  }
  return parts;
}

/** The parts moved to `at` (undefined: where they sit is unknown). */
function moved(parts: Part[], at: number | undefined): Part[] {
  return parts.map((p) => ({ ...p, offset: at }));
}

/** The pieces as one string: texts joined with a space, each piece's parts moved by where it starts. */
export function combine(pieces: Str[]): Str {
  let start = 0;
  const all: Part[] = [];
  for (const s of pieces) {
    all.push(...s.parts.map((p) => ({ ...p, offset: p.offset === undefined ? undefined : p.offset + start })));
    start += s.text.length + 1;
  }
  const text = pieces.map((s) => s.text).join(" ");
  const cut = text.length > MAX_TEXT || pieces.some((s) => s.cut);
  // A part past the cut sits where the text no longer shows.
  const parts = distinct(all.map((p) => (p.offset !== undefined && p.offset >= MAX_TEXT ? { ...p, offset: undefined } : p)));
  return { text: text.slice(0, MAX_TEXT), parts, ...(cut ? { cut } : {}) };
}

/**
 * `template % values` or `template.format(…)`: the text as `combine` gives it, each value's parts
 * at the placeholder it fills (`at`), or unplaced when the flow cannot match them.
 */
function fill(template: Str, values: { value: Str; at: number[] }[]): Str {
  const text = combine([template, ...values.map((v) => ({ text: v.value.text, parts: [] }))]);
  const placed = values.flatMap((v) => (v.at.length > 0 ? v.at.flatMap((at) => moved(v.value.parts, at)) : moved(v.value.parts, undefined)));
  return { ...text, parts: distinct([...template.parts, ...placed]) };
}

/** Where `%` puts its values in `text`: each placeholder's offset and `%(name)s` key, `%%` skipped. */
function percentSlots(text: string): { at: number; key?: string }[] {
  const slots: { at: number; key?: string }[] = [];
  for (const m of text.matchAll(/%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])/g)) {
    if (m[2] !== "%") slots.push({ at: m.index, ...(m[1] ? { key: m[1] } : {}) });
  }
  return slots;
}

/** Where `.format()` puts its values: each `{…}` field's offset and its name or index (auto-numbered `{}` too), `{{` skipped. */
function formatSlots(text: string): { at: number; key: string }[] {
  const slots: { at: number; key: string }[] = [];
  let auto = 0;
  for (const m of text.matchAll(/\{\{|\}\}|\{([^{}!:.[]*)[^{}]*\}/g)) {
    if (m[0] === "{{" || m[0] === "}}") continue;
    const key = m[1] === "" ? String(auto++) : (m[1] as string);
    slots.push({ at: m.index, key });
  }
  return slots;
}

function shorten(code: string, max = 40): string {
  const flat = code.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A string literal without interpolations; undefined for an f-string. */
function plainString(node: Node): Str | undefined {
  const children = node.namedChildren;
  if (children.some((c) => c.type === "interpolation")) return undefined;
  return { text: children.filter((c) => c.type === "string_content").map((c) => c.text).join(""), parts: [] };
}

/** Nodes that open a scope of their own: functions, classes, comprehensions, lambdas. */
const SCOPES = new Set(["function_definition", "class_definition", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression", "lambda"]);
const DEFINITIONS = new Set(["function_definition", "class_definition"]);
/** Statements whose body may or may not run: an assignment inside joins the variable's earlier value. */
const BRANCHES = new Set(["if_statement", "try_statement", "while_statement", "for_statement", "match_statement"]);
const TYPES = new Set([...SCOPES, ...BRANCHES, "string", "concatenated_string", "binary_operator", "list", "set", "tuple", "dictionary", "conditional_expression", "call", "assignment", "augmented_assignment"]);
/** Statements after which a block's code does not go on: a guard ending in one stops the flow. */
const EXITS = /^(?:raise_statement|return_statement|continue_statement|break_statement)$/;

/** `x` checked against a fixed collection: from the guard on it is one of its constants. */
interface Narrowing {
  name: string;
  scope: Scope;
  /** Branches open at the guard: when the walk leaves them, the check no longer holds. */
  depth: number;
  before: Binding | undefined;
  binding: Binding;
}

interface Scope {
  vars: Map<string, Binding>;
  isClass: boolean;
  /** How many branches were open when the scope began. */
  branches: number;
  parent?: Scope;
}

/** Which parameter a function gives back unchanged from every return (`def clean(x): return x` → 0), if any. */
function passedThrough(fn: Node): number | undefined {
  const params = parameterNames(fn);
  const returns = fn.descendantsOfType("return_statement").filter((r): r is Node => r !== null && enclosing(r) === fn.id);
  const given = new Set(returns.map((r) => (r.firstNamedChild ? unwrap(r.firstNamedChild).text : "")));
  const [only] = [...given];
  const position = given.size === 1 && only !== undefined ? params.indexOf(only) : -1;
  return position >= 0 ? position : undefined;
}

function enclosing(node: Node): number | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === "function_definition" || p.type === "lambda") return p.id;
  return undefined;
}

interface Helpers {
  /** Which argument the file's function `name` gives back unchanged, if any. */
  passes(name: string): number | undefined;
  definition(name: string): Node | undefined;
  /** Parameters of a private function that every call of it in the file fills with a literal. */
  filledWithLiterals(fn: Node): ReadonlySet<string>;
}

/** Literals: what a call site passes when it passes a constant. */
const LITERAL = new Set(["string", "concatenated_string", "integer", "float", "true", "false", "none"]);
const isLiteral = (n: Node | undefined): boolean => !!n && LITERAL.has(unwrap(n).type) && !unwrap(n).descendantsOfType("interpolation").length;

/**
 * `_fetch_setting(self, connection, setting_name)` called only as `self._fetch_setting(c, "sql_mode")`:
 * by convention nothing outside the module calls a `_name`, so what every call here passes is what
 * the parameter holds. Not proof (an import can still reach it), so it is the module's own, not constant.
 */
function literalParameters(tree: Tree, fn: Node): Set<string> {
  const name = fn.childForFieldName("name")?.text ?? "";
  if (!/^_[^_]/.test(name)) return new Set();
  const calls = pyIndexOf(tree).callsNamed([name]).filter((c) => {
    const object = callee(c)?.object;
    return !object || SELF_NAME.test(object.text);
  });
  if (calls.length === 0) return new Set();
  const params = parameterNames(fn);
  const method = fn.parent?.parent?.type === "class_definition" && SELF_NAME.test(params[0] ?? "");
  const defaults = new Map((fn.childForFieldName("parameters")?.namedChildren ?? []).flatMap((p) => {
    const key = p.childForFieldName("name")?.text;
    const value = p.childForFieldName("value");
    return key && value ? [[key, value] as const] : [];
  }));
  const out = new Set<string>();
  params.forEach((param, i) => {
    const at = method ? i - 1 : i;
    if (at < 0) return;
    const filled = calls.every((c) => {
      const arg = keywordArg(c, param) ?? positionalArgs(c)[at] ?? defaults.get(param);
      return isLiteral(arg);
    });
    if (filled) out.add(param);
  });
  return out;
}


/** The file's functions by name, each asked on first call whether it passes an argument through. */
function helpersOf(tree: Tree): Helpers {
  const byName = new Map<string, Node>();
  for (const fn of pyIndexOf(tree).of("function_definition")) {
    const name = fn.childForFieldName("name")?.text;
    if (name) byName.set(name, fn);
  }
  const known = new Map<string, number | undefined>();
  const literal = new Map<number, Set<string>>();
  return {
    definition: (name) => byName.get(name),
    filledWithLiterals: (fn) => {
      if (!literal.has(fn.id)) literal.set(fn.id, literalParameters(tree, fn));
      return literal.get(fn.id) ?? new Set();
    },
    passes: (name) => {
      const fn = byName.get(name);
      if (!fn) return undefined;
      if (!known.has(name)) known.set(name, passedThrough(fn));
      return known.get(name);
    },
  };
}

/** The name an `if` condition checks against a collection with `not in` (`x not in (…)`, `not x in …`), and the collection. */
function notInCheck(condition: Node): { name: string; collection: Node } | undefined {
  let c = unwrap(condition);
  let negated = false;
  if (c.type === "not_operator") {
    negated = true;
    c = unwrap(c.childForFieldName("argument") ?? c);
  }
  if (c.type !== "comparison_operator") return undefined;
  const operators = c.children.filter((x) => !x.isNamed).map((x) => x.type);
  const [left, right] = named(c);
  const wanted = negated ? "in" : "not in";
  if (operators.length !== 1 || operators[0] !== wanted || !left || !right || left.type !== "identifier") return undefined;
  return { name: left.text, collection: right };
}

/** One walk's state: scopes, the summaries of expressions already left, and open branches. */
class Flow implements FlowState {
  private readonly computed = new Map<number, Str>();
  private readonly module: Scope = { vars: new Map(), isClass: false, branches: 0 };
  private scope: Scope = this.module;
  private branches = 0;
  private narrowings: Narrowing[] = [];

  constructor(
    private readonly options: FlowOptions,
    private readonly helpers: Helpers,
  ) {}

  binding(name: string): Binding | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      if (s.isClass && s !== this.scope) continue;
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  valueOf(node: Node): Str | undefined {
    const n = unwrap(node);
    const known = this.computed.get(n.id);
    if (known) return known;
    switch (n.type) {
      case "string":
        // Strings are summarised when the walk leaves them; only a loop header looks earlier.
        return plainString(n);
      case "identifier": {
        const b = this.binding(n.text);
        if (b) return b.value;
        return CONST_NAME.test(n.text) ? CONSTANT : undefined;
      }
      case "attribute": {
        const attr = n.childForFieldName("attribute")?.text ?? "";
        return CONST_NAME.test(attr) || this.options.constantAttribute?.(n.text) ? CONSTANT : undefined;
      }
      case "subscript": {
        // `LEVELS[name]`: a lookup in a variable or literal holding constants gives one of them (or
        // raises). Not an attribute: `request.GET` is upper case but the client's.
        const from = n.childForFieldName("value");
        const collection = from !== null && /^(?:identifier|list|tuple|dictionary)$/.test(from.type);
        return collection && !this.isRequest(n) && isConstant(this.valueOf(from)) ? CONSTANT : undefined;
      }
      default:
        return undefined;
    }
  }

  isRequest(node: Node): boolean {
    let n = unwrap(node);
    for (let i = 0; i < 8; i++) {
      if (n.type === "identifier") return this.binding(n.text)?.request === true;
      const c = n.type === "call" ? callee(n) : undefined;
      if (c?.object && isRequestMethod(c.object.text.replace(/\s+/g, ""), c.name)) return true;
      if (n.type === "attribute") {
        const object = n.childForFieldName("object");
        if (object && isRequestAttribute(object.text.replace(/\s+/g, ""), n.childForFieldName("attribute")?.text ?? "")) return true;
      }
      const next = n.type === "await" ? n.firstNamedChild : n.type === "subscript" ? n.childForFieldName("value") : n.type === "attribute" ? n.childForFieldName("object") : c?.object ?? null;
      if (!next) return false;
      n = unwrap(next);
    }
    return false;
  }

  /** Numbers, numeric casts and what the rule calls safe cannot carry a string. */
  isSafe(node: Node): boolean {
    let n = unwrap(node);
    // `str(int(x))`: peel str() iteratively, however deep.
    for (let c = n.type === "call" ? callee(n) : undefined; c && !c.object && c.name === "str" && positionalArgs(n).length === 1; c = n.type === "call" ? callee(n) : undefined) {
      n = unwrap(positionalArgs(n)[0] as Node);
    }
    if (/^(integer|float|true|false|none)$/.test(n.type)) return true;
    if (n.type === "binary_operator" && /^(?:[-+*%]|\/\/)$/.test(n.childForFieldName("operator")?.type ?? "")) {
      // `idx + 1`: arithmetic with a number is a number.
      const [l, r] = [n.childForFieldName("left"), n.childForFieldName("right")];
      return [l, r].some((x) => x !== null && /^(integer|float)$/.test(unwrap(x).type)) && [l, r].every((x) => x !== null && unwrap(x).type !== "string");
    }
    const c = n.type === "call" ? callee(n) : undefined;
    if (!c) return false;
    const local = !c.object || /^(?:self|cls)$/.test(c.object.text) ? this.helpers.definition(c.name) : undefined;
    return (!c.object && NUMERIC_CASTS.has(c.name)) || this.options.safeCall?.(c, local) === true;
  }

  /** What a value adds when built into a string: its own parts, nothing if safe, else itself. */
  contribution(node: Node, how: How, known = this.valueOf(node)): Str {
    if (known) return known;
    if (this.isSafe(node)) return CONSTANT;
    const part: Part = { how, value: shorten(unwrap(node).text), offset: 0, origin: this.originOf(node) };
    if (this.isRequest(node)) part.request = true;
    return { text: "", parts: [part] };
  }

  /** Where a value the flow cannot spell out comes from, following attributes, subscripts and method calls to their root. */
  originOf(node: Node): Origin {
    let n = unwrap(node);
    for (let i = 0; i < 12; i++) {
      if (n.type === "identifier") {
        const b = SELF_NAME.test(n.text) ? undefined : this.binding(n.text);
        if (b) return b.origin ?? "unknown";
        return SELF_NAME.test(n.text) ? "self" : isSettingsModule(n.text) ? "settings" : "unknown";
      }
      let next: Node | null | undefined = null;
      if (n.type === "call") {
        const c = callee(n);
        next = this.passedThrough(n);
        if (next) {
          n = unwrap(next);
          continue;
        }
        if (c?.object && isDatabaseRead(c.name, unwrap(c.object).type === "call")) return "database";
        // A method of the object computes from what it is given: `self.norm(name)` is as much the caller's as `name`.
        if ((c?.object && SELF_NAME.test(c.object.text)) || (!c?.object && c?.name === "super")) return this.argumentsOrigin(n) ?? "self";
        next = c?.object ?? (c?.name === "str" ? positionalArgs(n)[0] : null);
      } else if (n.type === "attribute") {
        if (isSettingsAttribute(n.childForFieldName("attribute")?.text ?? "")) return "settings";
        next = n.childForFieldName("object");
      } else if (n.type === "subscript") next = n.childForFieldName("value");
      else if (n.type === "await") next = n.firstNamedChild;
      if (!next) return "unknown";
      n = unwrap(next);
    }
    return "unknown";
  }

  /** The least proven origin among a call's non-constant arguments, if it has any. */
  private argumentsOrigin(call: Node): Origin | undefined {
    let origin: Origin | undefined;
    for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
      const v = a.type === "keyword_argument" ? a.childForFieldName("value") : a.type === "comment" ? null : a;
      const known = v ? this.valueOf(v) : undefined;
      if (!v || isConstant(known) || this.isSafe(v)) continue;
      for (const o of known ? known.parts.map((p) => p.origin) : [this.originOf(v)]) origin = worse(origin, o);
    }
    return origin;
  }

  bind(name: string, value: Str | undefined, line: number, request = false, carried?: string, origin?: Origin): void {
    const old = this.branches > this.scope.branches ? this.scope.vars.get(name) : undefined;
    // Assigned in a branch: either value may reach what follows.
    const carry = carried ?? old?.carried;
    const from = old ? worse(old.origin, origin) : origin;
    const extra = { ...(carry ? { carried: carry } : {}), ...(from ? { origin: from } : {}) };
    if (old && value && old.value) {
      const joined = combine([old.value, value]);
      const first = isConstant(old.value) ? line : old.line;
      this.scope.vars.set(name, { value: joined, line: isConstant(joined) ? line : first, request: request || old.request === true, ...extra });
      return;
    }
    this.scope.vars.set(name, { value, line, ...(request || old?.request ? { request: true } : {}), ...extra });
  }

  passedThrough(call: Node): Node | undefined {
    const c = call.type === "call" ? callee(call) : undefined;
    const helper = c ? this.helpers.passes(c.name) : undefined;
    if (!c || helper === undefined || (c.object && !/^(?:self|cls)$/.test(c.object.text))) return undefined;
    return positionalArgs(call)[c.object ? helper - 1 : helper];
  }

  enter(n: Node): void {
    if (BRANCHES.has(n.type)) this.branches++;
    if (n.type === "for_statement") return this.bindLoop(n);
    if (!SCOPES.has(n.type)) return;
    this.scope = { vars: new Map(), isClass: n.type === "class_definition", branches: this.branches, parent: this.scope };
    if (n.type === "function_definition" || n.type === "lambda") this.bindParameters(n);
    for (const clause of named(n)) if (clause.type === "for_in_clause") this.bindLoop(clause);
  }

  exit(n: Node): void {
    const value = this.summary(n);
    if (value) this.computed.set(n.id, value);
    if (SCOPES.has(n.type)) {
      this.narrowings = this.narrowings.filter((g) => g.scope !== this.scope);
      this.scope = this.scope.parent ?? this.module;
    }
    if (BRANCHES.has(n.type)) {
      this.branches--;
      this.endNarrowings();
    }
    if (n.type === "if_statement") this.narrow(n);
  }

  /**
   * `if x not in ("A", "B"): raise …` with nothing else in the statement: past it `x` is one of
   * the constants. A guard that only logs, or whose collection is not constant, proves nothing.
   */
  private narrow(n: Node): void {
    const condition = n.childForFieldName("condition");
    const body = n.childForFieldName("consequence");
    if (!condition || !body || named(n).some((c) => c.type === "elif_clause" || c.type === "else_clause")) return;
    if (!EXITS.test(body.lastNamedChild?.type ?? "")) return;
    const check = notInCheck(condition);
    if (!check || !isConstant(this.valueOf(check.collection))) return;
    const binding: Binding = { value: CONSTANT, line: lines(n).line };
    this.narrowings.push({ name: check.name, scope: this.scope, depth: this.branches, before: this.scope.vars.get(check.name), binding });
    this.scope.vars.set(check.name, binding);
  }

  /** Leaving the branch a guard was in: outside it the value may not have been checked. */
  private endNarrowings(): void {
    while (this.narrowings.length > 0) {
      const g = this.narrowings.at(-1) as Narrowing;
      if (g.depth <= this.branches) return;
      this.narrowings.pop();
      if (g.scope.vars.get(g.name) !== g.binding) continue;
      if (g.before) g.scope.vars.set(g.name, g.before);
      else g.scope.vars.delete(g.name);
    }
  }

  descend(cursor: TreeCursor): boolean {
    return !DEFINITIONS.has(cursor.nodeType) || this.options.descend?.(cursor.startIndex, cursor.endIndex) !== false;
  }

  private bindParameters(fn: Node): void {
    for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
      const name = p.type === "identifier" ? p.text : (p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier"))?.text;
      if (!name) continue;
      const value = p.childForFieldName("value");
      const declared = value?.type === "call" ? callee(value)?.name : undefined;
      // A lambda's parameters are whatever it is called back with: not shown to be the caller's nor anything else.
      const internal = fn.type === "function_definition" && this.helpers.filledWithLiterals(fn).has(name);
      const origin: Origin = fn.type === "lambda" ? "unknown" : namesUserInput(name) ? "input" : internal ? "internal" : "parameter";
      this.scope.vars.set(name, { line: 0, origin, ...(declared && REQUEST_PARAMETER_DEFAULTS.has(declared) ? { request: true } : {}) });
    }
    const lambdaEvent = lambdaEventParameter(parameterNames(fn));
    if (lambdaEvent) this.scope.vars.set(lambdaEvent, { line: 0, request: true, origin: "parameter" });
  }

  /** Loop variables over a constant list (`for t in TABLES`) are constants too. */
  private bindLoop(loop: Node): void {
    const left = loop.childForFieldName("left");
    const iterable = loop.childForFieldName("right");
    let value: Str | undefined;
    if (iterable) {
      const n = unwrap(iterable);
      const constant = /^(list|tuple|set)$/.test(n.type) ? named(n).every((c) => isConstant(this.valueOf(c))) : isConstant(this.valueOf(n));
      value = constant ? CONSTANT : undefined;
    }
    const request = iterable !== null && this.isRequest(iterable);
    // A loop variable comes from where what it loops over comes from (`for row in cursor.fetchall()`).
    const origin = iterable ? this.originOf(iterable) : "unknown";
    for (const name of left ? targetNames(left) : []) this.scope.vars.set(name, { value, line: 0, origin, ...(request ? { request } : {}) });
  }

  private summary(n: Node): Str | undefined {
    switch (n.type) {
      case "string":
        return combine(n.namedChildren.flatMap((c) => {
          if (c.type === "string_content") return [{ text: c.text, parts: [] }];
          const expr = c.type === "interpolation" ? c.childForFieldName("expression") : null;
          return expr ? [this.contribution(expr, "fstring")] : [];
        }));
      case "concatenated_string":
        return combine(named(n).map((c) => this.valueOf(c) ?? CONSTANT));
      case "binary_operator":
        return this.operator(n);
      case "list":
      case "set":
      case "tuple":
        return combine(named(n).map((c) => this.contribution(c, "join")));
      case "dictionary":
        return combine(named(n).flatMap((p) => (p.type === "pair" ? [p.childForFieldName("key"), p.childForFieldName("value")] : [p])).flatMap((c) => (c ? [this.contribution(c, "join")] : [])));
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression": {
        const body = n.childForFieldName("body");
        return body ? this.contribution(body, "join") : undefined;
      }
      case "conditional_expression": {
        const [a, , b] = named(n);
        const sa = a && this.valueOf(a);
        const sb = b && this.valueOf(b);
        return sa && sb ? combine([sa, sb]) : undefined;
      }
      case "call":
        return this.call(n);
      case "assignment":
        return this.assignment(n);
      case "augmented_assignment":
        this.augmented(n);
        return undefined;
      default:
        return undefined;
    }
  }

  private operator(n: Node): Str | undefined {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (!left || !right) return undefined;
    const op = n.childForFieldName("operator")?.type;
    const [ls, rs] = [this.valueOf(left), this.valueOf(right)];
    if (op === "+" && (ls || rs)) return combine([this.contribution(left, "concat", ls), this.contribution(right, "concat", rs)]);
    if (op === "%" && ls) return this.percent(ls, unwrap(right));
    // Repeating a string or list: `["%s"] * len(ids)` is as constant as its element.
    return op === "*" ? ls ?? rs : undefined;
  }

  /** `template % values`: a tuple fills the placeholders in order, a dict by key, one value the only placeholder. */
  private percent(template: Str, r: Node): Str {
    const slots = percentSlots(template.text);
    if (r.type === "dictionary") {
      const pairs = named(r).filter((p) => p.type === "pair");
      return fill(template, pairs.flatMap((p) => {
        const [k, v] = [p.childForFieldName("key"), p.childForFieldName("value")];
        const key = k?.type === "string" ? plainString(k)?.text : undefined;
        return v ? [{ value: this.contribution(v, "percent"), at: slots.filter((s) => key !== undefined && s.key === key).map((s) => s.at) }] : [];
      }));
    }
    // One value that is not a tuple literal fills the only placeholder; a variable holding a tuple cannot be matched.
    const values = r.type === "tuple" ? named(r) : [r];
    const positional = slots.filter((s) => s.key === undefined);
    const matched = r.type === "tuple" || positional.length === 1;
    return fill(template, values.map((v, i) => ({ value: this.contribution(v, "percent"), at: matched && positional[i] ? [positional[i].at] : [] })));
  }

  private call(n: Node): Str | undefined {
    const c = callee(n);
    if (!c) return undefined;
    this.options.onCall?.(n, c, this);
    this.listGrowth(n, c);
    return this.callValue(n, c);
  }

  private callValue(call: Node, c: Callee): Str | undefined {
    const args = positionalArgs(call);
    const passed = this.passedThrough(call);
    if (passed) return this.valueOf(passed);
    if (!STRING_METHODS.has(c.name)) return undefined;
    if (c.name === "dedent") return args[0] && this.valueOf(args[0]);
    const target = c.object && this.valueOf(c.object);
    if (!target) return undefined;
    if (SAME_STRING_METHODS.has(c.name)) return target;
    if (c.name === "join" && args[0]) return combine([target, this.contribution(args[0], "join")]);
    return c.name === "format" ? this.format(target, call) : undefined;
  }

  /** `template.format(…)`: positional arguments fill `{}`/`{0}`, keyword arguments `{name}`. */
  private format(template: Str, call: Node): Str {
    const slots = formatSlots(template.text);
    const args = (call.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "comment");
    let index = 0;
    return fill(template, args.flatMap((a) => {
      const keyword = a.type === "keyword_argument";
      const v = keyword ? a.childForFieldName("value") : a;
      const key = keyword ? a.childForFieldName("name")?.text ?? "" : String(index++);
      // `*args`/`**kwargs` fill fields the flow cannot match.
      const unpacked = /^(?:list_splat|dictionary_splat)$/.test(a.type);
      return v ? [{ value: this.contribution(v, "format"), at: unpacked ? [] : slots.filter((s) => s.key === key).map((s) => s.at) }] : [];
    }));
  }

  // `clauses.append(f"... {x}")`, `params.update(name=x)` make a tracked list or dict non-constant.
  private listGrowth(call: Node, c: Callee): void {
    if (!/^(append|extend|insert|update|setdefault)$/.test(c.name)) return;
    const args = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
    for (const a of c.name === "insert" ? args.slice(1) : args) this.grow(c.object ?? null, a.type === "keyword_argument" ? a.childForFieldName("value") ?? a : a, lines(call).line);
  }

  /** What `target` (a tracked variable) holds now includes `added`. */
  private grow(target: Node | null, added: Node, line: number): void {
    const b = target?.type === "identifier" ? this.binding(target.text) : undefined;
    if (!b?.value) return;
    const wasConstant = isConstant(b.value);
    b.value = combine([b.value, this.contribution(added, "join")]);
    if (this.isRequest(added)) b.request = true;
    if (wasConstant && !isConstant(b.value)) b.line = line;
  }

  private assignment(n: Node): Str | undefined {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (!left || !right) return undefined;
    const value = this.valueOf(right) ?? (this.isSafe(right) ? CONSTANT : undefined);
    this.options.onAssignment?.(n, this);
    const origin = this.originOf(right);
    if (left.type === "identifier") this.bind(left.text, value, lines(n).line, this.isRequest(right), this.options.carries?.(right, this), origin);
    else if (left.type === "subscript") this.grow(left.childForFieldName("value"), right, lines(n).line);
    else for (const name of targetNames(left)) this.bind(name, undefined, 0, false, undefined, origin);
    return value;
  }

  private augmented(n: Node): void {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type !== "identifier" || !right) return;
    const old = this.binding(left.text);
    let next: Str | undefined;
    if (n.childForFieldName("operator")?.type === "+=") {
      // An unknown value extended with text stays unknown unless the text itself is built.
      const added = this.valueOf(right);
      next = old?.value ? combine([old.value, this.contribution(right, "concat")]) : isConstant(added) ? undefined : added;
    }
    const line = old?.value && !isConstant(old.value) ? old.line : lines(n).line;
    const carried = old?.carried ?? this.options.carries?.(right, this);
    const origin = worse(old?.origin, this.originOf(right));
    this.scope.vars.set(left.text, { value: next, line, ...(old?.request || this.isRequest(right) ? { request: true } : {}), ...(carried ? { carried } : {}), ...(origin ? { origin } : {}) });
  }
}

const ORIGIN_RANK: Record<Origin, number> = { input: 5, unknown: 4, parameter: 3, database: 2, settings: 1, internal: 1, self: 0 };

/** Of two origins a variable may have after a branch, the one that proves less (the caller's over the object's). */
function worse(a: Origin | undefined, b: Origin | undefined): Origin | undefined {
  if (!a || !b) return a ?? b;
  return ORIGIN_RANK[a] >= ORIGIN_RANK[b] ? a : b;
}

/** Walks the file once in source order, calling the rule's `onCall` at each call with what is known there. */
export function flowValues(tree: Tree, options: FlowOptions): void {
  const flow = new Flow(options, helpersOf(tree));
  walk(tree, { types: TYPES, enter: (n) => flow.enter(n), exit: (n) => flow.exit(n), descend: (c) => flow.descend(c) });
}
