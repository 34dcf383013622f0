// A bulk DELETE or UPDATE with no filter, which touches every row of the table: Django
// `Model.objects.all().delete()` / `.update(...)`, SQLAlchemy `session.query(M).delete()`,
// Flask-SQLAlchemy `Model.query.delete()`, and 2.0-style `session.execute(delete(M))`.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { DJANGO_MANAGER, SQLALCHEMY_ALIAS } from "../../knowledge/python/orm.js";
import { assignedFrom, callee, callsOf, enclosingFunction, lines, positionalArgs, stringValue, unwrap } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["queryset", "statement", "rawSql"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const MODEL = /^(?:[A-Z]\w*|\w+_table|\w+\.[A-Z]\w*)$/;
/** Methods that keep a 2.0-style statement unbounded on its way into execute(). */
const PASS_THROUGH = new Set(["values", "returning", "execution_options", "prefix_with", "with_hint", "ordered_values", "inline"]);
const EXECUTES = /^(?:execute|exec_)$/;
const RAW_SQL_SITES = ["execute", "exec_driver_sql", "text", "executescript"];
/** `DELETE FROM t`, `UPDATE t SET ...` with no WHERE, `TRUNCATE t`. */
const UNBOUNDED_SQL = /^\s*(?:DELETE\s+FROM\s+[\w."`[\]]+|UPDATE\s+[\w."`[\]]+\s+SET\s+(?:(?!\bWHERE\b)[^;])*|TRUNCATE\s+(?:TABLE\s+)?[\w."`[\], ]+)\s*;?\s*$/i;
const MIGRATIONS = /(?:^|\/)(?:migrations|alembic|versions)\//;

/** Query methods that keep every row: always, or only when called without arguments. */
const KEEPS_ROWS = new Set(["all", "order_by", "select_related", "prefetch_related", "only", "defer", "using", "execution_options", "options"]);
const FILTERS = new Set(["filter", "exclude", "filter_by", "where"]);

/** What a local name was last assigned before `at` in `scope`, if exactly that assignment reaches `at`. */
function lastValue(scope: Node, name: string, at: number): Node | undefined {
  let value: Node | undefined;
  for (const a of scope.descendantsOfType("assignment")) {
    if (a.startIndex >= at) break;
    if (a.endIndex <= at && a.childForFieldName("left")?.text === name) value = a.childForFieldName("right") ?? undefined;
  }
  return value;
}

/** `X.objects.all()`, `X.objects`, `session.query(M)`, `M.query`, `q` assigned one of them: the whole table. */
function wholeTable(receiver: Node, depth = 0): string | undefined {
  const r = unwrap(receiver);
  if (depth > 8) return undefined;
  if (r.type === "identifier") {
    const scope = enclosingFunction(r);
    const value = scope ? lastValue(scope, r.text, r.startIndex) : undefined;
    return value ? wholeTable(value, depth + 1) : undefined;
  }
  if (r.type === "attribute") {
    const text = r.text.replace(/\s+/g, "");
    if (DJANGO_MANAGER.test(text)) return text;
    const object = r.childForFieldName("object");
    if (r.childForFieldName("attribute")?.text === "query" && object && /^[A-Z]\w*$/.test(object.text)) return text;
    return undefined;
  }
  if (r.type !== "call") return undefined;
  const c = callee(r);
  if (c?.name === "query" && c.object && positionalArgs(r).length > 0) return r.text.replace(/\s+/g, "");
  const bare = (r.childForFieldName("arguments")?.namedChildren.length ?? 0) === 0;
  if (c?.object && (KEEPS_ROWS.has(c.name) || (FILTERS.has(c.name) && bare))) return wholeTable(c.object, depth + 1) ? r.text.replace(/\s+/g, "") : undefined;
  return undefined;
}

/** A bare `delete(M)` / `update(M)` that reaches `.execute(...)` without `.where(...)`. */
function unboundedStatement(call: Node): boolean {
  let top = call;
  for (;;) {
    const attr = top.parent;
    const next = attr?.parent;
    if (attr?.type !== "attribute" || next?.type !== "call") break;
    const method = attr.childForFieldName("attribute")?.text ?? "";
    if (!PASS_THROUGH.has(method)) return false;
    top = next;
  }
  const args = top.parent;
  const exec = args?.parent;
  if (args?.type === "argument_list" && exec?.type === "call") return EXECUTES.test(callee(exec)?.name ?? "");
  return args?.type === "assignment" && args.childForFieldName("right")?.id === top.id ? executedUnchanged(args) : false;
}

/** `stmt = delete(M)` then `session.execute(stmt)`, with no assignment to `stmt` (a `.where`) in between. */
function executedUnchanged(assignment: Node): boolean {
  const name = assignment.childForFieldName("left");
  const scope = enclosingFunction(assignment);
  if (name?.type !== "identifier" || !scope) return false;
  for (const n of scope.descendantsOfType(["assignment", "augmented_assignment", "call"])) {
    if (n.startIndex <= assignment.startIndex) continue;
    if (n.type !== "call") {
      if (n.childForFieldName("left")?.text === name.text) return false;
      continue;
    }
    const first = positionalArgs(n)[0];
    if (EXECUTES.test(callee(n)?.name ?? "") && first?.type === "identifier" && first.text === name.text) return true;
  }
  return false;
}

/** `users.delete()`, `User.__table__.update()`: a Core table's statement, which reaches execute() unbounded. */
function tableStatement(call: Node, tables: ReadonlySet<string>): string | undefined {
  const c = callee(call);
  const object = c?.object;
  if (!object || positionalArgs(call).length > 0 || call.childForFieldName("arguments")?.namedChildren.length) return undefined;
  const table = object.type === "identifier" ? tables.has(object.text) : /^[A-Z]\w*\.__table__$/.test(object.text);
  return table && unboundedStatement(call) ? `${object.text}.${c.name}()` : undefined;
}

/** Literal SQL given to execute()/text() that deletes or updates a whole table. */
function checkRawSql(ctx: VerifierContext<MessageId>): void {
  for (const call of callsOf(ctx, RAW_SQL_SITES)) {
    const first = positionalArgs(call)[0];
    const sql = first ? stringValue(first) : undefined;
    if (!sql || !UNBOUNDED_SQL.test(sql)) continue;
    const shown = sql.trim().replace(/\s+/g, " ");
    ctx.report({ messageId: "rawSql", data: { sql: shown.length > 60 ? `${shown.slice(0, 59)}…` : shown }, ...lines(call) });
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || MIGRATIONS.test(ctx.path) ) return;
  checkRawSql(ctx);
  const sqlalchemy = /sqlalchemy|sqlmodel|\bdb\.session\b/.test(ctx.text);
  const tables = new Set(assignedFrom(ctx, ["Table"]).map((t) => t.name));
  for (const call of callsOf(ctx, ["delete", "update"])) {
    const c = callee(call);
    if (!c || (c.name !== "delete" && c.name !== "update")) continue;
    const action = c.name === "delete" ? "deletes" : "updates";
    // Flask-SQLAlchemy's `db` carries SQLAlchemy's functions: `db.delete(User)`.
    const module = c.object && (SQLALCHEMY_ALIAS.test(c.object.text) || (c.object.text === "db" && sqlalchemy));
    const core = sqlalchemy ? tableStatement(call, tables) : undefined;
    if (core) {
      ctx.report({ messageId: "statement", data: { statement: core, action }, ...lines(call) });
    } else if (c.object && !module) {
      const table = wholeTable(c.object);
      if (!table) continue;
      // Django managers have no delete(); `Model.objects.delete()` fails rather than wipes.
      if (c.name === "delete" && DJANGO_MANAGER.test(table)) continue;
      ctx.report({ messageId: "queryset", data: { receiver: table, method: c.name, action }, ...lines(call) });
    } else if (sqlalchemy) {
      const model = positionalArgs(call)[0];
      if (!model || positionalArgs(call).length !== 1 || !MODEL.test(model.text) || !unboundedStatement(call)) continue;
      const fn = module ? `${c.object?.text}.${c.name}` : c.name;
      ctx.report({ messageId: "statement", data: { statement: `${fn}(${model.text})`, action }, ...lines(call) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/unbounded-write",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /\b(?:delete|update|DELETE|UPDATE|TRUNCATE)\b/i,
  check,
});
