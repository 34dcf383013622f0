// SQL text built from non-constant values (template interpolation, `+`, `.concat`, `.join`)
// that reaches a query API of pg, mysql2, sqlite, Sequelize, knex, Prisma, TypeORM, Drizzle,
// Kysely or postgres.js. The file index shared by all TS rules (one walk) gives the calls that
// may be sinks and every local binding; values are then followed through local variables on
// demand, so a file is walked once however many sinks it has.
import { ts } from "ts-morph";
import type { VerifierModule } from "../types.js";
import { calleeLabel, calleeName, endLineOf, indexOf, lastName, lineOf, receiverOf, snippet, unwrap, type Decl } from "./ast.js";

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

/** What a value is, as far as the file shows. `text` is its constant SQL text, for sniffing. */
type Value =
  | { kind: "const"; text: string }
  | { kind: "dynamic" }
  | { kind: "built"; text: string; how: How; value: ts.Node; through?: string };

/** `name = …` or `name += …`. */
type Assignment = ts.BinaryExpression & { readonly left: ts.Identifier };

const DYNAMIC: Value = { kind: "dynamic" };
/** Enough text to recognise SQL; variables built from each other can otherwise double it each time. */
const MAX_TEXT = 4096;
const clip = (text: string): string => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
const constant = (text: string): Value => ({ kind: "const", text: clip(text) });
/** Stands in for a non-constant part in sniffed text, so `UPDATE ${t} SET` still reads as SQL. */
const MARK = "\u0000";
/** Nesting beyond this is treated as unknown rather than followed (pathological input). */
const MAX_DEPTH = 64;

const KNEX_RAW = new Set(["whereRaw", "andWhereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw"]);
const PRISMA = new Set(["$queryRawUnsafe", "$executeRawUnsafe", "$queryRaw", "$executeRaw"]);
const BUILDER = new Set(["where", "andWhere", "orWhere", "having", "andHaving", "orHaving", "orderBy", "addOrderBy", "groupBy", "addGroupBy"]);
/** Driver methods whose first argument is SQL: pg, mysql2, sqlite3, better-sqlite3, pg-promise, TypeORM. */
const DRIVER = new Set(["query", "execute", "prepare", "exec", "run", "all", "get", "each", "one", "oneOrNone", "many", "manyOrNone", "any", "none", "result", "multi"]);
const SINK_NAMES = new Set([...KNEX_RAW, ...PRISMA, ...BUILDER, ...DRIVER, "raw", "unsafe", "literal", "lit"]);

const DB_RECEIVER =
  /^(?:db|database|conn|connection|client|pool|pg|mysql|sqlite|knex|trx|tx|transaction|manager|entityManager|queryRunner|dataSource|sql)$|(?:Db|DB|Database|Pool|Client|Conn|Connection|Repository|Repo|Manager|Runner|DataSource)$/;
const QUERY_BUILDER = /^(?:qb|queryBuilder|subQuery)$|(?:QueryBuilder|Qb)$/;
/** Calls whose result cannot carry SQL syntax: numbers, booleans, dates, escaped text. */
const SAFE_CALLS = new Set([
  ...["Number", "parseInt", "parseFloat", "Boolean", "toFixed", "toISOString", "getTime"],
  ...["randomUUID", "uuid", "uuidv4", "nanoid"],
  ...["escape", "escapeId", "escapeIdentifier", "escapeLiteral", "quoteIdentifier"],
]);
/** `escapePath`, `escapeIdentifier`, `quoteName`…: helpers whose whole job is to make a value safe in SQL text. */
const ESCAPER = /^(?:escape|quote)[A-Z]\w*$/;
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
  return SQL_SHAPES.some((re) => re.test(text));
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

    /** `=` and `+=` to the same binding before `ref`: "assigned earlier", not flow-sensitive beyond that. */
    const assignmentsBefore = (decl: ts.VariableDeclaration, name: string, ref: ts.Node) =>
      (assigns.get(name) ?? []).filter((a) => a.pos < ref.pos && resolve(a.left) === decl);

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
        case ts.SyntaxKind.Identifier:
          return identifier(e as ts.Identifier, depth);
        case ts.SyntaxKind.PropertyAccessExpression:
          return property(e as ts.PropertyAccessExpression, depth);
        case ts.SyntaxKind.ElementAccessExpression:
          return allowList((e as ts.ElementAccessExpression).expression, depth) ? constant("") : DYNAMIC;
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
      for (const span of e.templateSpans) {
        parts.push({ node: span.expression, value: evaluate(span.expression, depth + 1) });
        parts.push({ node: span.literal, value: constant(span.literal.text) });
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
      if (!ts.isVariableDeclaration(decl)) return DYNAMIC;
      const later = isConstDecl(decl) ? [] : assignmentsBefore(decl, id.text, id);
      const cached = memo.get(decl)?.get(later.length);
      if (cached) return cached;
      // A self-reference (`sql = sql + …`) adds nothing beyond the other parts.
      if (visiting.has(decl)) return constant("");
      visiting.add(decl);
      let value: Value | undefined = decl.initializer ? evaluate(decl.initializer, depth + 1) : undefined;
      for (const a of later) {
        const right = evaluate(a.right, depth + 1);
        if (a.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = value ? either(value, right) : right;
        else value = append(value ?? DYNAMIC, right, a.right);
      }
      visiting.delete(decl);
      let result = value ?? DYNAMIC;
      if (result.kind === "built" && !result.through) result = { ...result, through: id.text };
      const byCount = memo.get(decl) ?? new Map<number, Value>();
      byCount.set(later.length, result);
      memo.set(decl, byCount);
      return result;
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
      if (target.kind === ts.SyntaxKind.ThisKeyword) {
        const init = readonlyField(e);
        return init ? evaluate(init, depth + 1) : DYNAMIC;
      }
      if (ts.isIdentifier(target) && enums.has(target.text)) return constant("");
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
      if (!receiver) return DYNAMIC;
      if (SAME_AS_RECEIVER.has(name)) return evaluate(receiver, depth + 1);
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
        if (!mapped) return DYNAMIC;
        elements = mapped;
      } else if (ts.isIdentifier(target)) {
        const decl = resolve(target);
        const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
        if (!decl || !init || !ts.isArrayLiteralExpression(init)) return DYNAMIC;
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
        value: ts.isSpreadElement(node) ? DYNAMIC : evaluate(node, depth + 1),
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
      const returned = callback.body.statements.flatMap((st) => (ts.isReturnStatement(st) && st.expression ? [st.expression] : []));
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

function isAssignment(node: ts.BinaryExpression): node is Assignment {
  const op = node.operatorToken.kind;
  return (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.PlusEqualsToken) && ts.isIdentifier(node.left);
}
