// SQL text built from non-constant values (f-strings, `%`, `+`, `.format()`, `.join()`) that
// reaches a query sink, directly or through a variable assigned earlier in the same scope.
// One walk per file: values are summarised bottom-up as the walk leaves each expression, and
// variables are tracked in source order, so `sql = f"..."; cur.execute(sql)` is seen without a
// second pass. Last assignment wins; branches are not merged.
import type { Node, TreeCursor } from "web-tree-sitter";
import type { VerifierContext, VerifierModule } from "../types.js";
import { DB_RECEIVER, FETCH_METHODS, RAW_METHODS, SQL_FUNCTIONS, SQL_METHODS } from "./sql-sinks.js";
import { callee, type Callee, keywordArg, lines, parameterNames, positionalArgs, searchText, targetNames, unwrap, walk } from "./ast.js";
import { isTestOrFixturePath } from "../test-paths.js";

type How = "fstring" | "percent" | "concat" | "format" | "join";

/** A non-constant value built into a string, and how. */
interface Part {
  how: How;
  value: string;
}

/** What is known about a string (or list of strings): its literal text, and its non-constant parts (none: constant). */
interface Str {
  text: string;
  parts: Part[];
  /** The text was cut at MAX_TEXT: what was cut off may be the SQL, so it always reads as SQL. */
  cut?: boolean;
}

interface Binding {
  value?: Str;
  /** Line of the assignment that first made the value non-constant. */
  line: number;
}

interface Scope {
  vars: Map<string, Binding>;
  isClass: boolean;
  parent?: Scope;
}

interface Sink {
  messageId: string;
  /** A weak sink (a generic name like `fetch` or `text`) counts only when the string looks like SQL. */
  strong: boolean;
  candidates: Node[];
}

const HOW: Record<How, string> = {
  fstring: "with an f-string interpolating",
  percent: "with `%` formatting of",
  concat: "by concatenating",
  format: "with `.format()` of",
  join: "by joining",
};

const CONSTANT: Str = { text: "", parts: [] };
const MAX_TEXT = 2000;
const MAX_PARTS = 6;
const CONST_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const CONST_ATTRIBUTE = /(?:\._meta\.db_table|\b__tablename__)$/;
const NUMERIC_CASTS = new Set(["int", "float", "len", "bool"]);
/**
 * Identifier quoting: Django's `connection.ops.quote_name` (often bound to `qn`),
 * `quote_name_unless_alias`, psycopg2's `quote_ident`, SQLAlchemy's `identifier_preparer.quote*`
 * and `format_table`/`format_column`.
 */
const QUOTING = /^(?:quote_name|quote_name_unless_alias|quote_ident|quote_identifier|quote|quote_schema|format_table|format_column|format_schema)$/;
const QUOTING_ALIAS = /^qn\d?$/;
/**
 * Statements that take no bind parameters at all (session and transaction control, cursor
 * commands): their variable parts are names and keywords, so "use placeholders" cannot apply.
 */
const CONTROL_STATEMENT =
  /^\s*(?:SET\b|PRAGMA\b|SAVEPOINT\b|RELEASE\b|ROLLBACK\s+TO\b|XA\b|PREPARE\s+TRANSACTION\b|(?:COMMIT|ROLLBACK)\s+PREPARED\b|USE\b|DECLARE\b|FETCH\b|CLOSE\b|MOVE\b)/i;
const SAME_STRING_METHODS = new Set(["strip", "lstrip", "rstrip", "upper", "lower"]);
const STRING_METHODS = new Set([...SAME_STRING_METHODS, "join", "format", "dedent"]);
const SQL_LOOK =
  /\b(?:select\s[\s\S]*\sfrom|insert\s+into|update\s[\s\S]*\sset|delete\s+from|where|order\s+by|group\s+by|returning|(?:create|drop|alter)\s+(?:table|index|view))\b/i;
const SQL_KEYWORDS = ["sql", "query", "statement", "operation"];

/** Nodes that open a scope of their own: functions, classes, comprehensions, lambdas. */
const SCOPES = new Set([
  "function_definition",
  "class_definition",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
  "lambda",
]);

const DEFINITIONS = new Set(["function_definition", "class_definition"]);

const TYPES = new Set([
  ...SCOPES,
  "string",
  "concatenated_string",
  "binary_operator",
  "list",
  "set",
  "tuple",
  "conditional_expression",
  "call",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "import_from_statement",
]);

function isConstant(s: Str | undefined): boolean {
  return s !== undefined && s.parts.length === 0;
}

function combine(pieces: Str[]): Str {
  const parts: Part[] = [];
  for (const p of pieces.flatMap((s) => s.parts)) {
    if (parts.length < MAX_PARTS && !parts.some((q) => q.how === p.how && q.value === p.value)) parts.push(p);
  }
  const text = pieces.map((s) => s.text).join(" ");
  const cut = text.length > MAX_TEXT || pieces.some((s) => s.cut);
  return { text: text.slice(0, MAX_TEXT), parts, ...(cut ? { cut } : {}) };
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

function named(node: Node): Node[] {
  return node.namedChildren.filter((c) => c.type !== "comment");
}

/** "with an f-string interpolating `a`, `b` and by concatenating `c`" */
function describe(parts: Part[]): string {
  const groups = new Map<How, string[]>();
  for (const p of parts) groups.set(p.how, [...(groups.get(p.how) ?? []), `\`${p.value}\``]);
  return [...groups].map(([how, values]) => `${HOW[how]} ${values.join(", ")}`).join(" and ");
}

/** Start offsets of every call of a sink name, and of names imported as `text`. */
function sinkSites(source: string): number[] {
  const text = searchText(source);
  const aliases = [...text.matchAll(/\btext\s+as\s+(\w+)/g)].flatMap((m) => (m[1] ? [m[1]] : []));
  const names = [...SQL_METHODS, ...FETCH_METHODS, ...RAW_METHODS, ...SQL_FUNCTIONS, ...aliases];
  const re = new RegExp(`\\b(?:${names.join("|")})\\s*\\(`, "g");
  return [...text.matchAll(re)].map((m) => m.index);
}

function check(ctx: VerifierContext): void {
  if (isTestOrFixturePath(ctx.path)) return;
  // Functions and classes with no sink call inside are not walked: their bindings are local.
  const sites = sinkSites(ctx.text);
  if (sites.length === 0) return;
  const hasSite = (start: number, end: number): boolean => {
    let lo = 0;
    let hi = sites.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sites[mid] ?? 0) < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < sites.length && (sites[lo] ?? Infinity) < end;
  };
  const computed = new Map<number, Str>();
  const module: Scope = { vars: new Map(), isClass: false };
  let scope = module;
  const textNames = new Set<string>();

  const lookup = (name: string): Binding | undefined => {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.isClass && s !== scope) continue;
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  };

  const strOf = (node: Node): Str | undefined => {
    const n = unwrap(node);
    const known = computed.get(n.id);
    if (known) return known;
    switch (n.type) {
      case "string":
        // Strings are summarised when the walk leaves them; only a loop header looks earlier.
        return plainString(n);
      case "identifier": {
        const b = lookup(n.text);
        if (b) return b.value;
        return CONST_NAME.test(n.text) ? CONSTANT : undefined;
      }
      case "attribute": {
        const attr = n.childForFieldName("attribute")?.text ?? "";
        return CONST_NAME.test(attr) || CONST_ATTRIBUTE.test(n.text) ? CONSTANT : undefined;
      }
      default:
        return undefined;
    }
  };

  /** Numbers, numeric casts and quoted identifiers cannot carry SQL. */
  const isSafeValue = (node: Node): boolean => {
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
    return c !== undefined && ((!c.object && (NUMERIC_CASTS.has(c.name) || QUOTING_ALIAS.test(c.name))) || QUOTING.test(c.name));
  };

  /** What a value adds when built into a string: its own parts, nothing if safe, else itself. */
  const contribution = (node: Node, how: How, known = strOf(node)): Str => {
    if (known) return known;
    if (isSafeValue(node)) return CONSTANT;
    return { text: "", parts: [{ how, value: shorten(unwrap(node).text) }] };
  };

  /** Loop variables over a constant list (`for t in TABLES`) are constants too. */
  const loopValue = (iterable: Node | null): Str | undefined => {
    if (!iterable) return undefined;
    const n = unwrap(iterable);
    if (/^(list|tuple|set)$/.test(n.type)) return named(n).every((c) => isConstant(strOf(c))) ? CONSTANT : undefined;
    return isConstant(strOf(n)) ? CONSTANT : undefined;
  };

  const bind = (name: string, value: Str | undefined, line: number): void => {
    scope.vars.set(name, { value, line });
  };

  const valueOfCall = (call: Node, c: Callee): Str | undefined => {
    if (!STRING_METHODS.has(c.name)) return undefined;
    const args = positionalArgs(call);
    if (c.name === "dedent") return args[0] && strOf(args[0]);
    const target = c.object && strOf(c.object);
    if (!target) return undefined;
    if (SAME_STRING_METHODS.has(c.name)) return target;
    if (c.name === "join" && args[0]) return combine([target, contribution(args[0], "join")]);
    if (c.name === "format") {
      const all = call.childForFieldName("arguments")?.namedChildren ?? [];
      const values = all.flatMap((a) => {
        if (a.type === "comment") return [];
        if (a.type === "keyword_argument") return a.childForFieldName("value") ?? [];
        return [a];
      });
      return combine([target, ...values.map((v) => contribution(v, "format"))]);
    }
    return undefined;
  };

  // `clauses.append(f"... {x}")` makes a tracked list non-constant.
  const trackListGrowth = (call: Node, c: Callee): void => {
    if (c.object?.type !== "identifier" || !/^(append|extend|insert)$/.test(c.name)) return;
    const b = lookup(c.object.text);
    if (!b?.value) return;
    const added = positionalArgs(call)[c.name === "insert" ? 1 : 0];
    if (!added) return;
    const wasConstant = isConstant(b.value);
    b.value = combine([b.value, contribution(added, "join")]);
    if (wasConstant && !isConstant(b.value)) b.line = lines(call).line;
  };

  const sinkOf = (call: Node, c: Callee): Sink | undefined => {
    const first = (): Node[] => {
      const arg = positionalArgs(call)[0] ?? SQL_KEYWORDS.map((k) => keywordArg(call, k)).find((a) => a);
      return arg ? [arg] : [];
    };
    const receiver = (): string => c.object?.text ?? "";
    if (!c.object && textNames.has(c.name)) return { messageId: "text", strong: true, candidates: first() };
    switch (c.name) {
      case "execute":
      case "executemany":
        return c.object && { messageId: "execute", strong: true, candidates: first() };
      case "executescript":
        return c.object && { messageId: "script", strong: true, candidates: first() };
      case "fetch":
      case "fetchrow":
      case "fetchval":
        return c.object && { messageId: "asyncpg", strong: DB_RECEIVER.test(receiver()), candidates: first() };
      case "exec_driver_sql":
        return { messageId: "driver", strong: true, candidates: first() };
      case "text":
        return { messageId: "text", strong: /^(?:sa|sqlalchemy|sqlmodel)\b/.test(receiver()), candidates: first() };
      case "raw":
        return c.object && { messageId: "raw", strong: /\bobjects\b|_default_manager|_base_manager/.test(receiver()), candidates: first() };
      case "RawSQL":
        return { messageId: "raw", strong: true, candidates: first() };
      case "read_sql":
      case "read_sql_query":
        return { messageId: "pandas", strong: true, candidates: first() };
      case "extra": {
        const where = keywordArg(call, "where");
        const select = keywordArg(call, "select");
        const candidates = [
          ...(where ? (/^(list|tuple)$/.test(where.type) ? named(where) : [where]) : []),
          ...(select ? (select.type === "dictionary" ? named(select).flatMap((p) => p.childForFieldName("value") ?? []) : [select]) : []),
        ];
        return c.object && { messageId: "extra", strong: true, candidates };
      }
      default:
        return undefined;
    }
  };

  const checkSink = (call: Node, c: Callee): void => {
    const sink = sinkOf(call, c);
    if (!sink) return;
    for (const candidate of sink.candidates) {
      const arg = unwrap(candidate);
      const s = strOf(arg);
      if (!s || isConstant(s) || !(sink.strong || s.cut || SQL_LOOK.test(s.text)) || CONTROL_STATEMENT.test(s.text)) continue;
      const binding = arg.type === "identifier" ? lookup(arg.text) : undefined;
      const via = binding ? ` into \`${arg.text}\` on line ${binding.line}` : "";
      const full = call.childForFieldName("function")?.text.replace(/\s+/g, "") ?? "";
      const sinkText = full.length <= 60 ? full : `….${c.name}`;
      ctx.report({ messageId: sink.messageId, data: { built: describe(s.parts) + via, sink: sinkText }, ...lines(call) });
      return;
    }
  };

  const exit = (n: Node): void => {
    let value: Str | undefined;
    switch (n.type) {
      case "string": {
        const pieces = n.namedChildren.flatMap((c) => {
          if (c.type === "string_content") return [{ text: c.text, parts: [] }];
          const expr = c.type === "interpolation" ? c.childForFieldName("expression") : null;
          return expr ? [contribution(expr, "fstring")] : [];
        });
        value = combine(pieces);
        break;
      }
      case "concatenated_string":
        value = combine(named(n).map((c) => strOf(c) ?? CONSTANT));
        break;
      case "binary_operator": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (!left || !right) break;
        const op = n.childForFieldName("operator")?.type;
        const [ls, rs] = [strOf(left), strOf(right)];
        if (op === "+" && (ls || rs)) {
          value = combine([contribution(left, "concat", ls), contribution(right, "concat", rs)]);
        } else if (op === "%") {
          const r = unwrap(right);
          const values =
            r.type === "tuple" ? named(r) : r.type === "dictionary" ? named(r).flatMap((p) => p.childForFieldName("value") ?? []) : [r];
          if (ls) value = combine([ls, ...values.map((v) => contribution(v, "percent"))]);
        } else if (op === "*") {
          // Repeating a string or list: `["%s"] * len(ids)` is as constant as its element.
          value = ls ?? rs;
        }
        break;
      }
      case "list":
      case "set":
      case "tuple":
        value = combine(named(n).map((c) => contribution(c, "join")));
        break;
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression": {
        const body = n.childForFieldName("body");
        if (body) value = contribution(body, "join");
        break;
      }
      case "conditional_expression": {
        const [a, , b] = named(n);
        const sa = a && strOf(a);
        const sb = b && strOf(b);
        if (sa && sb) value = combine([sa, sb]);
        break;
      }
      case "call": {
        const c = callee(n);
        if (!c) break;
        checkSink(n, c);
        trackListGrowth(n, c);
        value = valueOfCall(n, c);
        break;
      }
      case "assignment": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (!left || !right) break;
        value = strOf(right) ?? (isSafeValue(right) ? CONSTANT : undefined);
        if (left.type === "identifier") bind(left.text, value, lines(n).line);
        else for (const name of targetNames(left)) bind(name, undefined, 0);
        break;
      }
      case "augmented_assignment": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (left?.type !== "identifier" || !right) break;
        const old = lookup(left.text);
        let next: Str | undefined;
        if (n.childForFieldName("operator")?.type === "+=") {
          // An unknown value extended with text stays unknown unless the text itself is built.
          const added = strOf(right);
          next = old?.value ? combine([old.value, contribution(right, "concat")]) : isConstant(added) ? undefined : added;
        }
        const line = old?.value && !isConstant(old.value) ? old.line : lines(n).line;
        bind(left.text, next, line);
        break;
      }
      case "import_from_statement": {
        const from = n.childForFieldName("module_name")?.text ?? "";
        if (!/^(?:sqlalchemy|sqlmodel)\b/.test(from)) break;
        for (const imported of n.childrenForFieldName("name")) {
          const original = imported.type === "aliased_import" ? imported.childForFieldName("name") : imported;
          const local = imported.type === "aliased_import" ? imported.childForFieldName("alias") : imported;
          if (original?.text === "text" && local) textNames.add(local.text);
        }
        break;
      }
    }
    if (value) computed.set(n.id, value);
    if (SCOPES.has(n.type)) scope = scope.parent ?? module;
  };

  const bindLoop = (loop: Node): void => {
    const left = loop.childForFieldName("left");
    const value = loopValue(loop.childForFieldName("right"));
    for (const name of left ? targetNames(left) : []) bind(name, value, 0);
  };

  const enter = (n: Node): void => {
    if (n.type === "for_statement") return bindLoop(n);
    if (!SCOPES.has(n.type)) return;
    scope = { vars: new Map(), isClass: n.type === "class_definition", parent: scope };
    if (n.type === "function_definition" || n.type === "lambda") for (const p of parameterNames(n)) bind(p, undefined, 0);
    for (const clause of named(n)) if (clause.type === "for_in_clause") bindLoop(clause);
  };

  const descend = (cursor: TreeCursor): boolean =>
    !DEFINITIONS.has(cursor.nodeType) || hasSite(cursor.startIndex, cursor.endIndex);
  walk(ctx.python(), { types: TYPES, enter, exit, descend });
}

export const verifier: VerifierModule = {
  id: "python/sql-injection",
  languages: ["python"],
  messageIds: ["execute", "script", "asyncpg", "driver", "text", "raw", "extra", "pandas"],
  check,
};
