// SQL text built from non-constant values (template interpolation, `+`, `.concat`, `.join`,
// `util.format`) that reaches a query API of pg, mysql2, sqlite, Sequelize, knex, Prisma, TypeORM,
// Drizzle, Kysely or postgres.js: the sinks are here, the values come from the file's value flow
// (lang/value-flow.ts) under the SQL policy (lang/sql-identifiers.ts: escaped values and schema
// identifiers count as constants unless something they come from reads request data).
import { ts } from "ts-morph";
import { defineVerifier, type VerifierModule } from "../types.js";
import { allOf, anyOf, calleeGate, gateText, memberGate, nameGate, oneOf, receiverGate, wordGate } from "../../engine/rule-gate.js";
import { calleeLabel, calleeName, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { endLineOf, lineOf, snippet } from "../../analysis/typescript/positions.js";
import { SQL_POLICY } from "../../knowledge/typescript/sql-identifiers.js";
import { NAME_ONLY_DDL, bindsNothing, looksLikeSql, slotAt } from "../../knowledge/sql-text.js";
import { CUT, valueFlow, type How, type Value } from "../../analysis/typescript/value-flow.js";
import { callerArguments, calledOnOther, callersPassInput, isOwnValue } from "../../analysis/typescript/own-values.js";
import { parameterSlot } from "../../analysis/typescript/parameter-slot.js";
import { BUILDER, DB_RECEIVER, DRIVER, DYNAMO_COMMAND, DYNAMO_EXPRESSIONS, DYNAMO_METHODS, KNEX_RAW, PRISMA } from "./sql-sinks.js";
import { objectLiteral, propertyValue } from "../../analysis/typescript/literals.js";
import type { ValueFlow } from "../../analysis/typescript/value-flow.js";

/** Which advice a finding carries; each is a message id in the rule's YAML. */
type Family = "driver" | "sequelize" | "knex" | "prisma" | "prismaRaw" | "literal" | "builder" | "tagRaw" | "lit";

interface Sink {
  family: Family;
  /** Generic method names (`get`, `run`, `query`…) only count when the text looks like SQL. */
  needsSql: boolean;
  /** A database-like receiver (`pool`, `this.db`) stands in for SQL text when no text is visible. */
  dbReceiver: boolean;
}

const HOW: Record<How, string> = {
  template: "a template literal interpolating",
  concat: "`+` concatenation of",
  append: "`+=` appending",
  concatCall: "`.concat()` of",
  join: "`.join()` of an array holding",
  format: "`util.format()` of",
};

/** How each family binds values, for the `unproven` advice; the driver's depends on the imports. */
const BIND: Record<Exclude<Family, "driver">, string> = {
  sequelize: "`replacements` with `:name` in the text, or `bind` with `$1`",
  knex: "`?` bindings, `??` for an identifier",
  prisma: "the tagged template ``$queryRaw`… ${value}` ``",
  prismaRaw: "`Prisma.sql` with `${value}`",
  literal: "`replacements` or `bind` on the query",
  builder: "named parameters, `.where(\"user.id = :id\", { id })`",
  tagRaw: "the `sql` tagged template",
  lit: "`sql.val(value)`",
};

const SINK_NAMES = new Set([...KNEX_RAW, ...PRISMA, ...BUILDER, ...DRIVER, "raw", "unsafe", "literal", "lit"]);

/** Text a generic sink name (`run`, `get`) counts for: SQL, or cut too long to tell. */
const sqlSeen = (text: string): boolean => text.includes(CUT) || looksLikeSql(text, "query");

const QUERY_BUILDER = /^(?:qb|queryBuilder|subQuery)$|(?:QueryBuilder|Qb)$/;
/** A parameter typed as a TypeORM query builder. */
const BUILDER_TYPE = /QueryBuilder|WhereExpression/;
/** Sinks called bare (destructured from a module): only with SQL text in sight. */
const BARE = ["query", "execute"];
/** postgres.js: `sql.unsafe(…)`, `sql.lit(…)`, `sql.raw(…)`. */
const SQL_TAG = /^sql$/;
const TAG_OWNERS = /^(?:sql|postgres)$/;
/** `sequelize.literal(…)`, or a bare `literal` in a file importing "sequelize". */
const SEQUELIZE = /^sequelize$/i;

/** Placeholder syntax for the drivers the file imports, so the advice matches the code. */
function placeholdersFor(modules: ReadonlySet<string>): string {
  const pg = ["pg", "pg-promise", "postgres", "@vercel/postgres", "@neondatabase/serverless"].some((m) => modules.has(m));
  const qmark = ["mysql", "mysql2", "mysql2/promise", "sqlite3", "better-sqlite3", "sqlite"].some((m) => modules.has(m));
  if (pg && !qmark) return "`$1`, `$2`";
  if (qmark && !pg) return "`?`";
  return "`$1` (pg) or `?` (mysql2, sqlite)";
}

/** The SQL argument: the first one, or its `text`/`sql` field in pg's and mysql2's object form. */
function sqlArgument(e: ts.CallExpression, family: Family): ts.Expression | undefined {
  const first = e.arguments[0];
  if (!first || (family !== "driver" && family !== "sequelize")) return first;
  const object = unwrap(first);
  if (!ts.isObjectLiteralExpression(object)) return first;
  // Any spelling of the key: `text:`, `"text":`, `["sql"]:`, shorthand `{ text }`.
  return ["text", "sql", "query"].map((name) => propertyValue(object, name)).find((v) => v !== undefined);
}

/** A TypeORM query builder: reached from `createQueryBuilder`, or named or typed like one. */
function isQueryBuilder(index: FileIndex, receiver: ts.Expression): boolean {
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
      const decl = index.resolve(cur);
      if (decl && ts.isParameter(decl)) return BUILDER_TYPE.test(decl.type?.getText(index.sf) ?? "");
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
      cur = unwrap(decl.initializer);
    } else return false;
  }
  return false;
}

function sinkOf(index: FileIndex, e: ts.CallExpression): Sink | undefined {
  const name = calleeName(e);
  const receiver = receiverOf(e);
  if (!name) return undefined;
  const owner = receiver ? lastName(receiver) : undefined;
  const sink = (family: Family, needsSql = false, dbReceiver = false): Sink => ({ family, needsSql, dbReceiver });
  if (PRISMA.has(name)) return sink("prisma");
  if (!receiver) {
    if (name === "literal" && index.modules.has("sequelize")) return sink("literal");
    // `const { query } = require("./db")`: only with SQL text in sight.
    return BARE.includes(name) ? sink("driver", true) : undefined;
  }
  if (KNEX_RAW.has(name)) return sink("knex");
  if (name === "raw") {
    if (owner === "Prisma") return sink("prismaRaw");
    if (owner === "sql") return sink("tagRaw");
    // knex.raw(…); other `.raw` (HTML helpers, `String.raw`) only with SQL text in sight.
    if (owner === "String") return undefined;
    return sink("knex", !(owner && /^(?:knex|db|trx|k|database|client|connection)$|Knex$/.test(owner)));
  }
  if (name === "unsafe") return owner && TAG_OWNERS.test(owner) ? sink("tagRaw") : undefined;
  if (name === "literal") return owner && SEQUELIZE.test(owner) ? sink("literal") : undefined;
  if (name === "lit") return owner && SQL_TAG.test(owner) ? sink("lit") : undefined;
  if (BUILDER.has(name)) return isQueryBuilder(index, receiver) ? sink("builder") : undefined;
  if ((name === "query" || name === "execute") && owner && /sequelize/i.test(owner)) return sink("sequelize");
  const dbLike = owner !== undefined && DB_RECEIVER.test(owner);
  return sink("driver", true, dbLike && (name === "query" || name === "execute" || name === "prepare"));
}


/** In a chain the outer call starts first; the method name is where the reader looks. */
function nameOf(e: ts.CallExpression): ts.Node {
  const callee = unwrap(e.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name : callee;
}

/** A DynamoDB expression field named anywhere (the rule reads the input objects only then). */
const DYNAMO_FIELD = wordGate(DYNAMO_EXPRESSIONS);

export const verifier = defineVerifier({
  id: "typescript/sql-injection",
  languages: ["typescript", "javascript"],
  messageIds: ["driver", "sequelize", "knex", "prisma", "prismaRaw", "literal", "builder", "tagRaw", "lit", "dynamo", "noParams", "ddl", "unproven"],
  // What each sink needs (sinkOf): Prisma's raw methods and knex's raw clauses by name; driver
  // methods (and `.raw`) on any receiver, since there the text's SQL decides, and no text condition
  // is necessary for that (its keywords can be put together from pieces); a bare `query`/`execute`;
  // the sinks that need their receiver, with it. DynamoDB inputs by their expression fields.
  gate: anyOf(
    oneOf(memberGate([...KNEX_RAW, ...DRIVER, "raw"]), wordGate([...PRISMA, ...DYNAMO_EXPRESSIONS]), calleeGate(BARE)),
    allOf(
      memberGate(["unsafe", "lit", ...BUILDER], wordGate(["literal"])),
      anyOf(
        allOf(memberGate(["unsafe"]), receiverGate(TAG_OWNERS)),
        allOf(memberGate(["lit"]), receiverGate(SQL_TAG)),
        allOf(wordGate(["literal"]), receiverGate(SEQUELIZE)),
        // isQueryBuilder follows a variable to what it holds (`const b = this.qb`): the name anywhere.
        allOf(memberGate(BUILDER), anyOf(nameGate(QUERY_BUILDER), BUILDER_TYPE)),
      ),
    ),
  ),
  check(ctx) {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    // Any spelling of a field the gate lets through: `FilterExpression:`, quoted, escaped or shorthand.
    if (DYNAMO_FIELD.test(gateText(ctx))) dynamoSinks(ctx.report.bind(ctx), index);
    const calls = index.of(ts.SyntaxKind.CallExpression).filter((c) => SINK_NAMES.has(calleeName(c) ?? ""));
    if (calls.length === 0) return;
    const flow = valueFlow(index, SQL_POLICY);
    const placeholders = placeholdersFor(index.modules);
    for (const e of calls.sort((a, b) => nameOf(a).pos - nameOf(b).pos)) {
      const sink = sinkOf(index, e);
      const arg = sink && sqlArgument(e, sink.family);
      if (!sink || !arg) continue;
      const { value, limited } = flow.traced(arg);
      const where = { line: lineOf(sf, nameOf(e)), endLine: endLineOf(sf, e) };
      if (limited && value.kind === "dynamic") {
        ctx.incomplete(`line ${where.line}: the value reaching \`${calleeLabel(sf, unwrap(e.expression))}\` is built through more nested helpers or steps than the analysis follows`);
        continue;
      }
      const label = calleeLabel(sf, unwrap(e.expression));
      const bind = sink.family === "driver" ? `${placeholders} placeholders, the values in the next argument` : BIND[sink.family];
      if (sink.family === "lit") {
        const messageId = flow.readsInput(arg) || !isOwnValue(flow, index, arg) ? "lit" : "unproven";
        if (value.kind !== "const") ctx.report({ messageId, data: { how: "`sql.lit()` of", value: snippet(sf, arg), via: "", sink: label, bind, callers: "" }, ...where });
        continue;
      }
      if (value.kind !== "built") {
        const passed = builtByCaller(flow, index, arg, sink.needsSql);
        if (!passed) continue;
        const { messageId, part } = tier(flow, index, passed.at, passed.value, sink.family);
        const via = ` (line ${lineOf(sf, passed.at)}, passed as \`${arg.getText(sf)}\`)`;
        ctx.report({ messageId, data: { how: HOW[passed.value.how], value: snippet(sf, part), via, sink: label, placeholders, bind, callers: "" }, ...where });
        continue;
      }
      if (sink.needsSql && !sqlSeen(value.text) && !(sink.dbReceiver && !/[A-Za-z]/.test(value.text))) continue;
      const { messageId, part, key } = tier(flow, index, arg, value, sink.family);
      const viaOf = (at: ts.Node) => (value.through ? ` (line ${lineOf(sf, at)}, stored in \`${value.through}\`)` : "");
      const data = { how: HOW[value.how], value: snippet(sf, part), via: viaOf(part), sink: label, placeholders, bind };
      // `unproven` leaves `{{callers}}` to the engine when it is what the finding becomes.
      const instead = key && { messageId: "unproven" as const, data: { ...data, value: snippet(sf, value.value), via: viaOf(value.value) }, ...where };
      ctx.report({ messageId, data: { ...data, callers: "" }, ...where, ...(key && instead ? { unlessCallers: { ...key, instead } } : {}) });
    }
  },
});

/** How many helpers up a parameter handed to a sink is followed to the calls that fill it. */
const MAX_FORWARDS = 3;

/**
 * A helper whose parameter goes to the sink as it is (`const run = (sql) => pool.query(sql)`, also
 * through a local or a helper calling the helper), called in this file with SQL built from request
 * data: that call's text is what reaches the sink.
 */
function builtByCaller(flow: ValueFlow, index: FileIndex, arg: ts.Expression, needsSql: boolean, depth = 0): { at: ts.Expression; value: Built } | undefined {
  if (depth >= MAX_FORWARDS) return undefined;
  for (const at of callerArguments(flow, index, arg)) {
    const value = flow.valueOf(at);
    // A helper named like a driver method (`this.run(sql)`) is a sink where it is called: judged there, once.
    const outer = ts.isCallExpression(at.parent) && SINK_NAMES.has(calleeName(at.parent) ?? "") ? sinkOf(index, at.parent) : undefined;
    if (outer && (!outer.needsSql || (value.kind === "built" && sqlSeen(value.text)))) continue;
    if (value.kind !== "built") {
      const further = builtByCaller(flow, index, at, needsSql, depth + 1);
      if (further) return further;
      continue;
    }
    if (!flow.readsInput(at)) continue;
    // On another object than `this` the method may be another one of that name: only SQL text counts there.
    if ((needsSql || calledOnOther(at)) && !sqlSeen(value.text)) continue;
    return { at, value };
  }
  return undefined;
}

/** A variable or field (`level`, `this.options.mode`, `level || ""`): a name or keyword, not generated SQL text. */
function plainName(node: ts.Node): boolean {
  const e = ts.isExpression(node) ? unwrap(node) : node;
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) return plainName(e.left);
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e);
}

type Built = Extract<Value, { kind: "built" }>;

/**
 * How certain a finding is, and the part its message names. Blocking (the family's message) when
 * request data reaches the text, or a part sits where a bound value could (`slotAt`) and is not
 * shown to be the program's own (`this.x`, settings, a database read): a value spliced in from a
 * parameter is a mistake whoever calls. Otherwise, names and the program's own values are
 * `unproven`: a warning, since the file cannot show who calls it.
 */
function tier(
  flow: ValueFlow,
  index: FileIndex,
  arg: ts.Expression,
  value: Built,
  family: Family,
): { messageId: Family | "noParams" | "ddl" | "unproven"; part: ts.Node; key?: ReturnType<typeof parameterSlot> } {
  const fromRequest = (e: ts.Expression) => flow.readsInput(e) || callersPassInput(flow, index, e);
  const request = fromRequest(arg);
  const statement = statementMessage(value, request);
  if (statement) return { messageId: statement, part: value.value };
  if (request) return { messageId: family, part: value.parts.find((p) => ts.isExpression(p.node) && fromRequest(p.node))?.node ?? value.value };
  const certain = value.parts.filter((p) => {
    // A part whose place the text does not show could be anywhere: fail closed, as a value.
    const slot = p.at === undefined ? "value" : slotAt(p.text ?? value.text, p.at, p.at + 1);
    return slot === "value" && !(ts.isExpression(p.node) && isOwnValue(flow, index, p.node));
  });
  if (!certain[0]) return { messageId: "unproven", part: value.value };
  return { messageId: family, part: certain[0].node, key: restsOnParameter(index, certain.map((p) => p.node), arg) };
}

/** Every certain part is the same parameter of the function around the sink: its key, so the engine can look at the callers. */
function restsOnParameter(index: FileIndex, nodes: ts.Node[], arg: ts.Expression): ReturnType<typeof parameterSlot> {
  const ids = nodes.map((n) => (ts.isExpression(n) ? unwrap(n) : n));
  const [first] = ids;
  if (!first || !ids.every((n): n is ts.Identifier => ts.isIdentifier(n) && n.text === first.getText())) return undefined;
  const keys = ids.map((id) => parameterSlot(index, id, arg));
  return keys.every((k) => k && k.name === keys[0]?.name && k.param === keys[0]?.param) ? keys[0] : undefined;
}

/**
 * Statements that bind nothing: placeholders cannot be the fix, so plain names and keywords in
 * them are blocking from the request, and otherwise `unproven` (a warning), or `ddl` in
 * database-level DDL. As in Python. Text generated by code the flow cannot see into
 * (`SET ${build(vars)}`) is read slot by slot like any other.
 */
function statementMessage(value: Built, request: boolean): "noParams" | "ddl" | "unproven" | undefined {
  if (!value.parts.every((p) => plainName(p.node))) return undefined;
  const control = bindsNothing(value.text);
  if (!control && !NAME_ONLY_DDL.test(value.text)) return undefined;
  if (request) return "noParams";
  return control ? "unproven" : "ddl";
}

type ReportFn = Parameters<VerifierModule["check"]>[0]["report"];

/** The inputs of DynamoDB commands in the file: `new ScanCommand({ … })`, `docClient.query({ … })`. */
function dynamoInputs(index: FileIndex): { input: ts.ObjectLiteralExpression; sink: string }[] {
  const out: { input: ts.ObjectLiteralExpression; sink: string }[] = [];
  for (const n of index.of(ts.SyntaxKind.NewExpression)) {
    const name = ts.isIdentifier(n.expression) ? n.expression.text : "";
    const input = DYNAMO_COMMAND.test(name) ? objectLiteral(index, n.arguments?.[0]) : undefined;
    if (input) out.push({ input, sink: `new ${name}` });
  }
  for (const c of index.of(ts.SyntaxKind.CallExpression)) {
    const input = DYNAMO_METHODS.has(calleeName(c) ?? "") && receiverOf(c) ? objectLiteral(index, c.arguments[0]) : undefined;
    if (input && DYNAMO_EXPRESSIONS.some((f) => propertyValue(input, f))) out.push({ input, sink: calleeLabel(index.sf, unwrap(c.expression)) });
  }
  return out;
}

/**
 * DynamoDB expressions built from request data: the client can rewrite the condition. Names
 * built from constants (`#${field}` over a fixed list) are common and harmless, so only input counts.
 */
function dynamoSinks(report: ReportFn, index: FileIndex): void {
  const sf = index.sf;
  let flow: ValueFlow | undefined;
  for (const { input, sink } of dynamoInputs(index)) {
    for (const field of DYNAMO_EXPRESSIONS) {
      const e = propertyValue(input, field);
      if (!e) continue;
      flow ??= valueFlow(index, SQL_POLICY);
      const value = flow.valueOf(e);
      if (value.kind !== "built" || !flow.readsInput(e)) continue;
      report({ messageId: "dynamo", line: lineOf(sf, e.parent), data: { field, how: HOW[value.how], value: snippet(sf, value.value), sink } });
    }
  }
}
