// SQL text built from non-constant values (template interpolation, `+`, `.concat`, `.join`)
// that reaches a query API of pg, mysql2, sqlite, Sequelize, knex, Prisma, TypeORM, Drizzle,
// Kysely or postgres.js. The file index shared by all TS rules (one walk) gives the calls that
// may be sinks and every local binding; values are then followed through local variables on
// demand, so a file is walked once however many sinks it has. Escaped values and schema
// identifiers (names read from metadata or made by naming helpers) count as constants unless
// something they come from reads request data.
import { ts } from "ts-morph";
import type { VerifierModule } from "../types.js";
import { nameWords } from "../names.js";
import { calleeLabel, calleeName, isFunctionLike, lastName, receiverOf, unwrap } from "./lang/expressions.js";
import { indexOf, type Decl } from "./lang/file-index.js";
import { stringValue } from "./lang/literals.js";
import { endLineOf, lineOf, snippet } from "./lang/positions.js";
import { requestData } from "./lang/request-data.js";
import { BUILDER, DB_RECEIVER, DRIVER, KNEX_RAW, PRISMA } from "./sql-sinks.js";

/** Which advice a finding carries; each is a message id in the rule's YAML. */
type Family = "driver" | "sequelize" | "knex" | "prisma" | "prismaRaw" | "literal" | "builder" | "tagRaw" | "lit";

interface Sink {
  family: Family;
  /** Generic method names (`get`, `run`, `query`…) only count when the text looks like SQL. */
  needsSql: boolean;
  /** A database-like receiver (`pool`, `this.db`) stands in for SQL text when no text is visible. */
  dbReceiver: boolean;
}

type How = "template" | "concat" | "append" | "concatCall" | "join";

const HOW: Record<How, string> = {
  template: "a template literal interpolating",
  concat: "`+` concatenation of",
  append: "`+=` appending",
  concatCall: "`.concat()` of",
  join: "`.join()` of an array holding",
};

/**
 * What a value is, as far as the file shows. `const` also covers values that cannot carry an
 * attacker's SQL (escaped text, schema identifiers); `text` is the constant SQL text, for sniffing.
 */
type Value =
  | { kind: "const"; text: string }
  | { kind: "dynamic" }
  | { kind: "built"; text: string; how: How; value: ts.Node; through?: string };

/** `name = …`, `name += …`, `name ??= …`. */
type Assignment = ts.BinaryExpression & { readonly left: ts.Identifier };

const DYNAMIC: Value = { kind: "dynamic" };
/** Enough text to recognise SQL; variables built from each other can otherwise double it each time. */
const MAX_TEXT = 4096;
/** Ends text cut at MAX_TEXT: the part cut off may be the SQL, so cut text always reads as SQL. */
const CUT = "\u0001cut";
const clip = (text: string): string => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - CUT.length) + CUT : text);
const constant = (text: string): Value => ({ kind: "const", text: clip(text) });
/** Stands in for a non-constant part in sniffed text, so `UPDATE ${t} SET` still reads as SQL. */
const MARK = "\u0000";
/** Nesting beyond this is treated as unknown rather than followed (pathological input). */
const MAX_DEPTH = 64;

const SINK_NAMES = new Set([...KNEX_RAW, ...PRISMA, ...BUILDER, ...DRIVER, "raw", "unsafe", "literal", "lit"]);

const QUERY_BUILDER = /^(?:qb|queryBuilder|subQuery)$|(?:QueryBuilder|Qb)$/;
/** Calls whose result cannot carry SQL syntax: numbers, booleans, dates, escaped text. */
const SAFE_CALLS = new Set([
  ...["Number", "parseInt", "parseFloat", "Boolean", "toFixed", "toISOString", "getTime"],
  ...["randomUUID", "uuid", "uuidv4", "nanoid"],
  ...["escape", "escapeId", "escapeIdentifier", "escapeLiteral", "quoteIdentifier"],
]);
/** `escapePath`, `escapeIdentifier`, `quoteName`…: helpers whose whole job is to make a value safe in SQL text. */
const ESCAPER = /^(?:escape|quote)[A-Z]\w*$/;
/**
 * Schema identifiers. A name ending in one of IDENTIFIER_ENDS names a schema object (`TABLE_SCHEMA`,
 * `currentDatabase`); one ending in `name`/`path`/`alias` only with a schema noun in it or in what it
 * is read from (`tableName`, `junctionAlias`, `view.name`, `dbIndex["name"]`): `user.name` is data.
 */
const IDENTIFIER_ENDS = new Set(["schema", "database", "catalog", "table"]);
const NAME_ENDS = new Set(["name", "path", "alias"]);
const SCHEMA_NOUNS = new Set([
  ...["table", "column", "schema", "database", "db", "catalog", "index", "view", "constraint", "sequence", "enum", "trigger"],
  ...["relation", "join", "junction", "property", "entity", "metadata", "alias", "key"],
]);
/** Verbs of helpers returning a name or placeholder they made: `getTableName`, `buildAlias`, `createParameter`. */
const HELPER_VERBS = new Set(["get", "parse", "build", "create", "generate", "compile", "format", "make", "resolve"]);
const MADE_ENDS = new Set(["alias", "parameter", "placeholder"]);
/** `runQuery`, `executeSql` send SQL rather than build it. */
const RUN_VERBS = new Set(["run", "exec", "execute", "raw", "send", "fetch", "perform"]);
/** Parameter names that say they hold what a client sent: `body`, `dto`, `searchTerm`, `filters`. */
const USER_WORDS = new Set([
  ...["body", "input", "payload", "dto", "form", "search", "term", "keyword", "filter", "criteria"],
  ...["query", "params", "param", "q", "args", "data", "sort", "order"],
]);
/** A request or context object passed whole: `getTableName(req)`. */
const REQUEST_OBJECT = /^(?:req|request|ctx)$/;
/** Array methods whose callback gets (item, index), or (accumulator, item, index) for `reduce`. */
const ITERATORS = new Set(["map", "flatMap", "forEach", "filter", "find", "findIndex", "some", "every", "reduce"]);
/** Array methods whose result holds only elements of their receiver. */
const SAME_ELEMENTS = new Set(["filter", "slice", "sort", "reverse", "concat"]);
/** Following a value through more declarations than this treats it as client input. */
const MAX_SOURCE_HOPS = 12;

/** A word, singular or plural (`tables`, `aliases`, `databases`, `indices`), is in `set`. */
function inSet(set: ReadonlySet<string>, word: string): boolean {
  return set.has(word) || set.has(word.replace(/s$/, "")) || set.has(word.replace(/es$/, "")) || (word === "indices" && set.has("index"));
}

/** A name that says it holds a schema identifier; `owner` is what it is read from, for a bare `name`. */
function namesIdentifier(name: string, owner: string | undefined): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last) return false;
  if (inSet(IDENTIFIER_ENDS, last)) return true;
  if (!inSet(NAME_ENDS, last)) return false;
  return [...words.slice(0, -1), ...nameWords(owner ?? "")].some((w) => inSet(SCHEMA_NOUNS, w));
}

/** What a value is read from, by name: `indices` for `metadata.indices[0]`, `dbIndex` for `dbIndex`. */
function ownerName(e: ts.Expression): string | undefined {
  let x = unwrap(e);
  while (ts.isElementAccessExpression(x) && !ts.isStringLiteralLike(x.argumentExpression)) x = unwrap(x.expression);
  return lastName(x);
}

/** A helper whose name says it returns SQL it built or an identifier: `buildCreateColumnSql`, `selectQuery`, `getTableName`. */
function namesBuilder(name: string): boolean {
  const words = nameWords(name);
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last || words.length < 2) return false;
  if (last === "sql" || last === "query") return !RUN_VERBS.has(first);
  return HELPER_VERBS.has(first) && (MADE_ENDS.has(last) || namesIdentifier(name, undefined));
}

/** `searchTerm`, `filters`, `orderBy`; not `queryRunner` or `dataSource`. */
const namesUserInput = (name: string): boolean => name === "orderBy" || inSet(USER_WORDS, nameWords(name).at(-1) ?? "");

/**
 * `"${s.replace(/"/g, '""')}"`: a quoted identifier whose quote is doubled cannot be left. Only
 * identifier quotes: in a MySQL string a backslash in the value can undo a doubled `'`.
 */
function escapesQuote(e: ts.Expression, before: string, after: string): boolean {
  const call = unwrap(e);
  if (!ts.isCallExpression(call) || !/^replace(?:All)?$/.test(calleeName(call) ?? "")) return false;
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement) return false;
  const quote = ts.isRegularExpressionLiteral(pattern) ? /^\/\\?(["`])\/g[a-z]*$/.exec(pattern.text)?.[1] : stringValue(pattern);
  if (!quote || !/^["`]$/.test(quote) || !before.endsWith(quote) || !after.startsWith(quote)) return false;
  return stringValue(replacement) === quote + quote;
}

/** String methods that keep whatever their receiver is. */
const SAME_AS_RECEIVER = new Set(["trim", "trimStart", "trimEnd", "toUpperCase", "toLowerCase", "toString"]);
const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

const SQL_SHAPES = [
  /^\s*(?:select|insert|update|delete|with|set|create|drop|alter|truncate|call|exec|begin|grant|revoke|copy|listen|notify|vacuum|analyze|explain|show|pragma)\s/i,
  /\bselect\b[\s\S]*?\bfrom\b/i,
  /\binsert\s+(?:or\s+\w+\s+)?into\b/i,
  /\bupdate\s+\S+\s+set\b/i,
  /\bdelete\s+from\b/i,
  /\b(?:create|drop|alter|truncate)\s+(?:table|index|view|schema|database)\b/i,
  /\bpragma\s+\w/i,
  /\bwhere\s+[\w."`]+\s*(?:=|<|>|!=|\blike\b|\bin\b|\bis\b)/i,
  /\b(?:SELECT|FROM|WHERE|ORDER BY|GROUP BY|HAVING|LIMIT|OFFSET|VALUES|JOIN|UNION|RETURNING|INSERT|UPDATE|DELETE)\b/,
];

function looksLikeSql(text: string): boolean {
  return text.includes(CUT) || SQL_SHAPES.some((re) => re.test(text));
}

/** Placeholder syntax for the drivers the file imports, so the advice matches the code. */
function placeholdersFor(modules: ReadonlySet<string>): string {
  const pg = ["pg", "pg-promise", "postgres", "@vercel/postgres", "@neondatabase/serverless"].some((m) => modules.has(m));
  const qmark = ["mysql", "mysql2", "mysql2/promise", "sqlite3", "better-sqlite3", "sqlite"].some((m) => modules.has(m));
  if (pg && !qmark) return "`$1`, `$2`";
  if (qmark && !pg) return "`?`";
  return "`$1` (pg) or `?` (mysql2, sqlite)";
}

export const verifier: VerifierModule = {
  id: "typescript/sql-injection",
  languages: ["typescript", "javascript"],
  check(ctx) {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const calls = index.of(ts.SyntaxKind.CallExpression).filter((c) => SINK_NAMES.has(calleeName(c) ?? ""));
    if (calls.length === 0) return;
    const modules = index.modules;
    const resolve = index.resolve;
    const enums = new Set(index.of(ts.SyntaxKind.EnumDeclaration).map((e) => e.name.text));
    const assigns = new Map<string, Assignment[]>();
    const pushes = new Map<string, ts.CallExpression[]>();
    const add = <T>(map: Map<string, T[]>, key: string, item: T) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) if (isAssignment(b)) add(assigns, b.left.text, b);
    for (const c of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(c);
      const receiver = receiverOf(c);
      if ((name === "push" || name === "unshift") && receiver && ts.isIdentifier(receiver)) add(pushes, receiver.text, c);
    }

    const isConstDecl = (decl: Decl): decl is ts.VariableDeclaration =>
      ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;

    /** Assignments to the same binding before `ref`: "assigned earlier", not flow-sensitive beyond that. */
    const assignmentsBefore = (decl: Decl, name: string, ref: ts.Node) =>
      (assigns.get(name) ?? []).filter((a) => a.pos < ref.pos && resolve(a.left) === decl);

    /** The array a callback parameter walks, and whether it gets the item or the index: `xs.map((x, i) => …)`. */
    const iteration = (param: ts.ParameterDeclaration): { over: ts.Expression; item: boolean } | undefined => {
      const fn = param.parent;
      const call = fn.parent;
      if (!isFunctionLike(fn) || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
      const name = calleeName(call) ?? "";
      const over = receiverOf(call);
      if (!over || !ITERATORS.has(name)) return undefined;
      const at = fn.parameters.indexOf(param) - (name === "reduce" ? 1 : 0);
      return at === 0 || at === 1 ? { over, item: at === 0 } : undefined;
    };

    /** The declaration a destructured name belongs to: `x` in `const { a: { x } } = …` gives that declaration. */
    const rootOf = (decl: Decl): ts.VariableDeclaration | ts.ParameterDeclaration => {
      let n: ts.Node = decl;
      while (ts.isBindingElement(n)) n = n.parent.parent;
      return n as ts.VariableDeclaration | ts.ParameterDeclaration;
    };

    /** Where a declaration's value comes from, when the file shows it: an initializer, a loop's or callback's array. */
    const sourceOf = (decl: Decl): ts.Expression | undefined => {
      const root = rootOf(decl);
      if (ts.isParameter(root)) return iteration(root)?.over;
      const loop = root.parent.parent;
      if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return loop.expression;
      return root.initializer;
    };

    const userMemo = new Map<ts.Node, boolean>();
    /**
     * Whether any part of `e` reads request data, a request object or a parameter named like
     * client input, following locals to their sources, assignments and pushes (`hops` deep).
     * The expression itself is walked with a stack: minified code nests thousands deep.
     */
    const fromUser = (e: ts.Expression, hops: number): boolean => {
      const root = unwrap(e);
      const known = userMemo.get(root);
      if (known !== undefined) return known;
      if (hops > MAX_SOURCE_HOPS) return true;
      // A cycle (`schema = schema ?? fallback`) adds nothing that the other sources do not.
      userMemo.set(root, false);
      let found = false;
      const stack: ts.Node[] = [root];
      for (let x = stack.pop(); x && !found; x = stack.pop()) {
        if (ts.isIdentifier(x)) {
          const decl = resolve(x);
          found = REQUEST_OBJECT.test(x.text) || !!requestData(index, x) || (decl !== undefined && declFromUser(decl, x.text, hops + 1));
        } else if (ts.isPropertyAccessExpression(x)) {
          if (requestData(index, x)) found = true;
          else stack.push(x.expression);
        } else if (ts.isPropertyAssignment(x)) stack.push(x.initializer);
        else if (ts.isArrowFunction(x)) {
          if (!ts.isBlock(x.body)) stack.push(x.body);
        } else if (ts.isCallExpression(x) && requestData(index, x)) found = true;
        // Other functions and types: a callback's parameters are followed through what they iterate.
        else if (!ts.isFunctionLike(x) && !ts.isTypeNode(x)) {
          ts.forEachChild(x, (child) => {
            stack.push(child);
          });
        }
      }
      userMemo.set(root, found);
      return found;
    };

    const declFromUser = (decl: Decl, name: string, hops: number): boolean => {
      const source = sourceOf(decl);
      const root = rootOf(decl);
      // A function's own parameter: its callers are out of sight, so its name and decorators (`@Body()`) tell.
      const param = !source && ts.isParameter(root) && (namesUserInput(name) || (ts.getDecorators(root) ?? []).length > 0);
      if (param || (source && fromUser(source, hops))) return true;
      if ((assigns.get(name) ?? []).some((a) => resolve(a.left) === decl && fromUser(a.right, hops))) return true;
      return (pushes.get(name) ?? []).some((p) => {
        const r = receiverOf(p);
        return r !== undefined && ts.isIdentifier(r) && resolve(r) === decl && p.arguments.some((a) => fromUser(a, hops));
      });
    };

    /** A `const` bound to an object or array literal of constants: an allow-list. */
    const constLiteral = (e: ts.Expression): ts.ObjectLiteralExpression | ts.ArrayLiteralExpression | undefined => {
      const id = unwrap(e);
      if (!ts.isIdentifier(id)) return undefined;
      const decl = resolve(id);
      if (!decl || !isConstDecl(decl) || !decl.initializer) return undefined;
      const init = unwrap(decl.initializer);
      return ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) ? init : undefined;
    };

    /** `SORTABLE[key]` picks one of the literal's constants (or undefined): an allow-list lookup. */
    const allowList = (e: ts.Expression, depth: number): boolean => {
      const literal = constLiteral(e);
      if (!literal) return false;
      const values = ts.isArrayLiteralExpression(literal)
        ? [...literal.elements]
        : literal.properties.map((p) => (ts.isPropertyAssignment(p) ? p.initializer : undefined));
      return values.every((v) => v !== undefined && !ts.isSpreadElement(v) && evaluate(v, depth + 1).kind === "const");
    };

    const memo = new Map<ts.Node, Map<number, Value>>();
    const constParams = new Set<Decl>();
    const visiting = new Set<ts.Node>();

    const evaluate = (expr: ts.Expression, depth: number): Value => {
      if (depth > MAX_DEPTH) return DYNAMIC;
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
          return template(e as ts.TemplateExpression, depth);
        case ts.SyntaxKind.BinaryExpression:
          return binary(e as ts.BinaryExpression, depth);
        case ts.SyntaxKind.ConditionalExpression: {
          const c = e as ts.ConditionalExpression;
          const yes = guards(c.condition, c.whenTrue, false) ? constant("") : evaluate(c.whenTrue, depth + 1);
          const no = guards(c.condition, c.whenFalse, true) ? constant("") : evaluate(c.whenFalse, depth + 1);
          return either(yes, no);
        }
        case ts.SyntaxKind.AwaitExpression:
          return evaluate((e as ts.AwaitExpression).expression, depth + 1);
        case ts.SyntaxKind.Identifier:
          return identifier(e as ts.Identifier, depth);
        case ts.SyntaxKind.PropertyAccessExpression:
          return property(e as ts.PropertyAccessExpression, depth);
        case ts.SyntaxKind.ElementAccessExpression: {
          const { expression, argumentExpression } = e as ts.ElementAccessExpression;
          const key = stringValue(argumentExpression);
          return (key !== undefined && identifierOf(expression, key)) || allowList(expression, depth) ? constant("") : DYNAMIC;
        }
        case ts.SyntaxKind.CallExpression:
          return call(e as ts.CallExpression, depth);
        default:
          return DYNAMIC;
      }
    };

    /**
     * Joins parts in order. The first non-constant part decides how the text was built; a
     * part right after `$` is a pg placeholder number (`$${i + 1}`), not SQL text.
     */
    const combine = (parts: { node: ts.Node; value: Value }[], how: How, stringOnly: boolean): Value => {
      let text = "";
      let stringy = false;
      let found: Extract<Value, { kind: "built" }> | undefined;
      for (const { node, value } of parts) {
        if (value.kind === "const") {
          text += value.text;
          stringy ||= value.text !== "";
        } else if (value.kind === "dynamic") {
          const placeholder = text.endsWith("$");
          text += MARK;
          if (!placeholder) found ??= { kind: "built", text: "", how, value: node };
        } else {
          text += value.text;
          stringy = true;
          found ??= value;
        }
      }
      if (!found) return constant(text);
      // `a + b` with no string in sight is arithmetic or an opaque value, not built SQL.
      return stringOnly && !stringy ? DYNAMIC : { ...found, text: clip(text) };
    };

    const either = (a: Value, b: Value): Value => {
      if (a.kind === "built") return a;
      if (b.kind === "built") return b;
      if (a.kind === "dynamic" || b.kind === "dynamic") return DYNAMIC;
      return constant(`${a.text} ${b.text}`);
    };

    /** `LIST.includes(x) ? x : …`: the branch is one of the allow-listed values. */
    const guards = (condition: ts.Expression, branch: ts.Expression, negated: boolean): boolean => {
      let cond = unwrap(condition);
      while (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) {
        negated = !negated;
        cond = unwrap(cond.operand);
      }
      if (negated || !ts.isCallExpression(cond)) return false;
      const name = calleeName(cond);
      const arg = cond.arguments[0];
      return (name === "includes" || name === "has") && !!arg && unwrap(arg).getText(sf) === unwrap(branch).getText(sf);
    };

    const template = (e: ts.TemplateExpression, depth: number): Value => {
      const parts: { node: ts.Node; value: Value }[] = [{ node: e.head, value: constant(e.head.text) }];
      let before = e.head.text;
      for (const span of e.templateSpans) {
        const escaped = escapesQuote(span.expression, before, span.literal.text);
        parts.push({ node: span.expression, value: escaped ? constant("") : evaluate(span.expression, depth + 1) });
        parts.push({ node: span.literal, value: constant(span.literal.text) });
        before = span.literal.text;
      }
      return combine(parts, "template", false);
    };

    const binary = (e: ts.BinaryExpression, depth: number): Value => {
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
        return combine(operands.map((node) => ({ node, value: evaluate(node, depth + 1) })), "concat", true);
      }
      // `a && b` yields b, or a falsy a that cannot carry SQL.
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.EqualsToken) {
        return evaluate(e.right, depth + 1);
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        return either(evaluate(e.left, depth + 1), evaluate(e.right, depth + 1));
      }
      if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return DYNAMIC;
      return constant(""); // arithmetic, comparison, `in`, `instanceof`: numbers and booleans
    };

    const identifier = (id: ts.Identifier, depth: number): Value => {
      if (id.text === "undefined" || id.text === "NaN" || id.text === "Infinity") return constant("");
      const decl = resolve(id);
      // Unresolved: an import or a global; UPPER_CASE names are constants by convention.
      if (!decl) return UPPER_CASE.test(id.text) ? constant("") : DYNAMIC;
      if (constParams.has(decl)) return constant("");
      const later = isConstDecl(decl) ? [] : assignmentsBefore(decl, id.text, id);
      const cached = memo.get(decl)?.get(later.length);
      if (cached) return cached;
      // A self-reference (`sql = sql + …`) adds nothing beyond the other parts.
      if (visiting.has(decl)) return constant("");
      visiting.add(decl);
      let value = initial(decl, id.text, depth);
      for (const a of later) {
        const right = evaluate(a.right, depth + 1);
        if (a.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) value = append(value ?? DYNAMIC, right, a.right);
        else value = value ? either(value, right) : right;
      }
      visiting.delete(decl);
      let result = value ?? DYNAMIC;
      if (result.kind === "built" && !result.through) result = { ...result, through: id.text };
      const byCount = memo.get(decl) ?? new Map<number, Value>();
      byCount.set(later.length, result);
      memo.set(decl, byCount);
      return result;
    };

    /**
     * The value a declaration starts with: its initializer, or what it reads from the array a loop
     * or callback walks or from the object it is destructured from. A function's own parameter is
     * unknown: its callers are out of sight.
     */
    const initial = (decl: Decl, name: string, depth: number): Value | undefined => {
      if (ts.isVariableDeclaration(decl) && decl.initializer) return evaluate(decl.initializer, depth + 1);
      const source = sourceOf(decl);
      const root = rootOf(decl);
      if (!source) return ts.isParameter(root) ? DYNAMIC : undefined;
      if (ts.isBindingElement(decl)) {
        // `const { schema, tableName } = parse(…)`, `rows.map(({ TABLE_NAME }) => …)`; in `[a, b]` the name is all there is.
        if (ts.isArrayBindingPattern(decl.parent)) return identifierOf(source, name) || elementsConst(source, depth) ? constant("") : DYNAMIC;
        const key = decl.propertyName && !ts.isComputedPropertyName(decl.propertyName) ? decl.propertyName.text : name;
        return identifierOf(source, key) ? constant("") : DYNAMIC;
      }
      const walk = ts.isParameter(decl) ? iteration(decl) : undefined;
      // An index counts from 0, unless the "array" is a Map of client input keyed by strings.
      if (walk && !walk.item) return fromUser(source, 0) ? DYNAMIC : constant("");
      return identifierOf(source, name) || elementsConst(source, depth) ? constant("") : DYNAMIC;
    };

    /** `source.key` (or a `key` in it) names a schema object, and nothing in `source` came from the client. */
    const identifierOf = (source: ts.Expression, key: string): boolean =>
      namesIdentifier(key, ownerName(source)) && !fromUser(source, 0);

    /** Every element of an array is constant: a literal, a `map` returning constants, a `split` of constant text. */
    const elementsConst = (arr: ts.Expression, depth: number): boolean => {
      if (depth > MAX_DEPTH) return false;
      const x = unwrap(arr);
      if (ts.isArrayLiteralExpression(x)) {
        return x.elements.every((el) => (ts.isSpreadElement(el) ? elementsConst(el.expression, depth + 1) : evaluate(el, depth + 1).kind === "const"));
      }
      if (ts.isIdentifier(x)) {
        const decl = resolve(x);
        if (!decl || !isConstDecl(decl) || !decl.initializer || !elementsConst(decl.initializer, depth + 1)) return false;
        return (pushes.get(x.text) ?? []).every((p) => {
          const r = receiverOf(p);
          const mine = r !== undefined && ts.isIdentifier(r) && resolve(r) === decl;
          return !mine || p.arguments.every((a) => evaluate(a, depth + 1).kind === "const");
        });
      }
      const receiver = ts.isCallExpression(x) ? receiverOf(x) : undefined;
      if (!ts.isCallExpression(x) || !receiver) return false;
      const name = calleeName(x) ?? "";
      if (name === "split") return evaluate(receiver, depth + 1).kind === "const";
      if (SAME_ELEMENTS.has(name)) {
        return elementsConst(receiver, depth + 1) && (name !== "concat" || x.arguments.every((a) => elementsConst(a, depth + 1)));
      }
      const returned = mappedResults(x, depth);
      return returned !== undefined && returned.every((r) => evaluate(r, depth + 1).kind === "const");
    };

    const append = (before: Value, added: Value, node: ts.Expression): Value => {
      if (before.kind === "built") return { ...before, text: clip(before.text + (added.kind === "dynamic" ? MARK : added.text)) };
      const prefix = before.kind === "const" ? before.text : MARK;
      if (added.kind === "built") return { ...added, text: clip(prefix + added.text) };
      if (added.kind === "dynamic") {
        if (!prefix.endsWith("$")) return { kind: "built", text: clip(prefix + MARK), how: "append", value: node };
        return before.kind === "const" ? constant(prefix + MARK) : DYNAMIC;
      }
      return before.kind === "const" ? constant(prefix + added.text) : DYNAMIC;
    };

    const property = (e: ts.PropertyAccessExpression, depth: number): Value => {
      if (e.name.text === "length") return constant("");
      const target = unwrap(e.expression);
      const field = target.kind === ts.SyntaxKind.ThisKeyword ? readonlyField(e) : undefined;
      if (field) return evaluate(field, depth + 1);
      if (ts.isIdentifier(target) && enums.has(target.text)) return constant("");
      if (identifierOf(target, e.name.text)) return constant("");
      // `Status.ACTIVE`, `MetadataTableType_1.MetadataTableType.VIEW` (an enum seen through compiled CommonJS).
      if (UPPER_CASE.test(e.name.text) && /^[A-Z]/.test(lastName(target) ?? "")) return constant("");
      const object = constLiteral(target);
      if (!object || !ts.isObjectLiteralExpression(object)) return DYNAMIC;
      const prop = object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === e.name.text);
      return prop && ts.isPropertyAssignment(prop) ? evaluate(prop.initializer, depth + 1) : DYNAMIC;
    };

    /** `this.table` where the class declares `readonly table = "users"`. */
    const readonlyField = (e: ts.PropertyAccessExpression): ts.Expression | undefined => {
      let n: ts.Node = e;
      while (!ts.isClassLike(n)) {
        if (ts.isSourceFile(n)) return undefined;
        n = n.parent;
      }
      for (const m of n.members) {
        const readonly = ts.isPropertyDeclaration(m) && m.modifiers?.some((k) => k.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (readonly && m.name.getText(sf) === e.name.text) return m.initializer;
      }
      return undefined;
    };

    const call = (e: ts.CallExpression, depth: number): Value => {
      const name = calleeName(e);
      const receiver = receiverOf(e);
      if (!name) return DYNAMIC;
      if (SAFE_CALLS.has(name) || ESCAPER.test(name) || (receiver && (lastName(receiver) === "Math" || lastName(receiver) === "Date"))) return constant("");
      // `this.getTableName(metadata)`, `buildCreateColumnSql(table, column)`, knex's `this.tableName()`: unless given client input.
      const yieldsIdentifier = namesBuilder(name) || namesIdentifier(name, receiver && ownerName(receiver));
      if (yieldsIdentifier && ![...(receiver ? [receiver] : []), ...e.arguments].some((a) => fromUser(a, 0))) return constant("");
      if (!receiver) return DYNAMIC;
      if (SAME_AS_RECEIVER.has(name)) return evaluate(receiver, depth + 1);
      const replacement = e.arguments[1];
      if ((name === "replace" || name === "replaceAll") && replacement && evaluate(replacement, depth + 1).kind === "const") {
        return evaluate(receiver, depth + 1);
      }
      if (name === "concat") {
        const parts = [receiver, ...e.arguments].map((node) => ({ node, value: evaluate(node, depth + 1) }));
        const first = parts[0]?.value;
        // Arrays have `.concat` too; only a string receiver makes it string building.
        return first && first.kind !== "dynamic" ? combine(parts, "concatCall", true) : DYNAMIC;
      }
      if (name === "join") return joined(e, receiver, depth);
      return DYNAMIC;
    };

    /** `[a, b].join(sep)` or `parts.join(sep)` where `parts` is a local array filled by `push`. */
    const joined = (e: ts.CallExpression, receiver: ts.Expression, depth: number): Value => {
      const target = unwrap(receiver);
      let elements: ts.Expression[];
      let through: string | undefined;
      if (ts.isArrayLiteralExpression(target)) elements = [...target.elements];
      else if (ts.isCallExpression(target)) {
        const mapped = mappedResults(target, depth);
        if (!mapped) return elementsConst(target, depth) ? constant("") : DYNAMIC;
        elements = mapped;
      } else if (ts.isIdentifier(target)) {
        const decl = resolve(target);
        const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
        if (!decl || !init || !ts.isArrayLiteralExpression(init)) return elementsConst(target, depth) ? constant("") : DYNAMIC;
        if ((assigns.get(target.text) ?? []).some((a) => a.pos < e.pos && resolve(a.left) === decl)) return DYNAMIC;
        const pushed = (pushes.get(target.text) ?? []).filter((p) => {
          const r = receiverOf(p);
          return p.pos < e.pos && r !== undefined && ts.isIdentifier(r) && resolve(r) === decl;
        });
        elements = [...init.elements, ...pushed.flatMap((p) => [...p.arguments])];
        through = target.text;
      } else return DYNAMIC;
      const separator = e.arguments[0];
      const sep = separator ? evaluate(separator, depth + 1) : constant(",");
      const parts = elements.map((node) => ({
        node,
        value: ts.isSpreadElement(node) ? (elementsConst(node.expression, depth + 1) ? constant("") : DYNAMIC) : evaluate(node, depth + 1),
      }));
      parts.push({ node: separator ?? e, value: sep });
      const result = combine(parts, "join", false);
      return result.kind === "built" && through && !result.through ? { ...result, through } : result;
    };

    /**
     * What `xs.map(cb)` or `Array.from(xs, cb)` holds: the callback's returned expressions. Over
     * an allow-list the callback's item parameter is itself one of the constants.
     */
    const mappedResults = (e: ts.CallExpression, depth: number): ts.Expression[] | undefined => {
      const name = calleeName(e);
      const receiver = receiverOf(e);
      if (!receiver || !(name === "map" || (name === "from" && lastName(receiver) === "Array"))) return undefined;
      const arg = e.arguments[name === "map" ? 0 : 1];
      const callback = arg && unwrap(arg);
      if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
      const item = callback.parameters[0];
      if (name === "map" && item && allowList(receiver, depth)) constParams.add(item);
      if (!ts.isBlock(callback.body)) return [callback.body];
      const returned = returnedBy(callback.body);
      return returned.length > 0 ? returned : undefined;
    };

    /** The SQL argument: the first one, or its `text`/`sql` field in pg's and mysql2's object form. */
    const sqlArgument = (e: ts.CallExpression, family: Family): ts.Expression | undefined => {
      const first = e.arguments[0];
      if (!first || (family !== "driver" && family !== "sequelize")) return first;
      const object = unwrap(first);
      if (!ts.isObjectLiteralExpression(object)) return first;
      const field = object.properties.find(
        (p) => ts.isPropertyAssignment(p) && ["text", "sql", "query"].includes(p.name.getText(sf)),
      );
      return field && ts.isPropertyAssignment(field) ? field.initializer : undefined;
    };

    /** A TypeORM query builder: reached from `createQueryBuilder`, or named or typed like one. */
    const isQueryBuilder = (receiver: ts.Expression): boolean => {
      let cur = unwrap(receiver);
      for (let hop = 0; hop < 100; hop++) {
        if (ts.isCallExpression(cur)) {
          const name = calleeName(cur);
          if (name === "createQueryBuilder" || name === "subQuery") return true;
          cur = unwrap(cur.expression);
        } else if (ts.isPropertyAccessExpression(cur)) {
          if (QUERY_BUILDER.test(cur.name.text)) return true;
          cur = unwrap(cur.expression);
        } else if (ts.isIdentifier(cur)) {
          if (QUERY_BUILDER.test(cur.text)) return true;
          const decl = resolve(cur);
          if (decl && ts.isParameter(decl)) return /QueryBuilder|WhereExpression/.test(decl.type?.getText(sf) ?? "");
          if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
          cur = unwrap(decl.initializer);
        } else return false;
      }
      return false;
    };

    const sinkOf = (e: ts.CallExpression): Sink | undefined => {
      const name = calleeName(e);
      const receiver = receiverOf(e);
      if (!name) return undefined;
      const owner = receiver ? lastName(receiver) : undefined;
      const sink = (family: Family, needsSql = false, dbReceiver = false): Sink => ({ family, needsSql, dbReceiver });
      if (PRISMA.has(name)) return sink("prisma");
      if (!receiver) {
        if (name === "literal" && modules.has("sequelize")) return sink("literal");
        // `const { query } = require("./db")`: only with SQL text in sight.
        return name === "query" || name === "execute" ? sink("driver", true) : undefined;
      }
      if (KNEX_RAW.has(name)) return sink("knex");
      if (name === "raw") {
        if (owner === "Prisma") return sink("prismaRaw");
        if (owner === "sql") return sink("tagRaw");
        // knex.raw(…); other `.raw` (HTML helpers, `String.raw`) only with SQL text in sight.
        if (owner === "String") return undefined;
        return sink("knex", !(owner && /^(?:knex|db|trx|k|database|client|connection)$|Knex$/.test(owner)));
      }
      if (name === "unsafe") return owner === "sql" || owner === "postgres" ? sink("tagRaw") : undefined;
      if (name === "literal") return owner && /^sequelize$/i.test(owner) ? sink("literal") : undefined;
      if (name === "lit") return owner === "sql" ? sink("lit") : undefined;
      if (BUILDER.has(name)) return isQueryBuilder(receiver) ? sink("builder") : undefined;
      if ((name === "query" || name === "execute") && owner && /sequelize/i.test(owner)) return sink("sequelize");
      const dbLike = owner !== undefined && DB_RECEIVER.test(owner);
      return sink("driver", true, dbLike && (name === "query" || name === "execute" || name === "prepare"));
    };

    const placeholders = placeholdersFor(modules);
    // In a chain the outer call starts first; the method name is where the reader looks.
    const nameOf = (e: ts.CallExpression): ts.Node => {
      const callee = unwrap(e.expression);
      return ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    };
    for (const e of calls.sort((a, b) => nameOf(a).pos - nameOf(b).pos)) {
      const sink = sinkOf(e);
      const arg = sink && sqlArgument(e, sink.family);
      if (!sink || !arg) continue;
      const value = evaluate(arg, 0);
      const callee = unwrap(e.expression);
      const where = { line: lineOf(sf, nameOf(e)), endLine: endLineOf(sf, e) };
      const label = calleeLabel(sf, callee);
      if (sink.family === "lit") {
        if (value.kind !== "const") ctx.report({ messageId: "lit", data: { value: snippet(sf, arg), sink: label }, ...where });
        continue;
      }
      if (value.kind !== "built") continue;
      const sqlSeen = looksLikeSql(value.text) || (sink.dbReceiver && !/[A-Za-z]/.test(value.text));
      if (sink.needsSql && !sqlSeen) continue;
      const via = value.through ? ` (line ${lineOf(sf, value.value)}, stored in \`${value.through}\`)` : "";
      ctx.report({
        messageId: sink.family,
        data: { how: HOW[value.how], value: snippet(sf, value.value), via, sink: label, placeholders },
        ...where,
      });
    }
  },
};

/** The expressions a function body returns, in nested blocks too but not in nested functions. */
function returnedBy(body: ts.Block): ts.Expression[] {
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
