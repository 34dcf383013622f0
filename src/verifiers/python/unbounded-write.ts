// A bulk DELETE or UPDATE with no filter, which touches every row of the table: Django
// `Model.objects.all().delete()` / `.update(...)`, SQLAlchemy `session.query(M).delete()`,
// Flask-SQLAlchemy `Model.query.delete()`, and 2.0-style `session.execute(delete(M))`.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { DJANGO_MANAGER, SQLALCHEMY_ALIAS } from "../../knowledge/python/orm.js";
import { callee, lines, callsOf, positionalArgs, unwrap } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["queryset", "statement"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const MODEL = /^(?:[A-Z]\w*|\w+_table|\w+\.[A-Z]\w*)$/;
/** Methods that keep a 2.0-style statement unbounded on its way into execute(). */
const PASS_THROUGH = new Set(["values", "returning", "execution_options", "prefix_with", "with_hint", "ordered_values", "inline"]);
const MIGRATIONS = /(?:^|\/)(?:migrations|alembic|versions)\//;

/** `X.objects.all()`, `X.objects`, `session.query(M)`, `M.query`: the whole table. */
function wholeTable(receiver: Node): string | undefined {
  const r = unwrap(receiver);
  if (r.type === "attribute") {
    const text = r.text.replace(/\s+/g, "");
    if (DJANGO_MANAGER.test(text)) return text;
    const object = r.childForFieldName("object");
    if (r.childForFieldName("attribute")?.text === "query" && object && /^[A-Z]\w*$/.test(object.text)) return text;
    return undefined;
  }
  if (r.type !== "call") return undefined;
  const c = callee(r);
  if (c?.name === "all" && c.object && DJANGO_MANAGER.test(c.object.text.replace(/\s+/g, ""))) return r.text.replace(/\s+/g, "");
  if (c?.name === "query" && c.object && positionalArgs(r).length > 0) return r.text.replace(/\s+/g, "");
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
  return args?.type === "argument_list" && exec?.type === "call" && /^(?:execute|exec_)$/.test(callee(exec)?.name ?? "");
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || MIGRATIONS.test(ctx.path) || !/\b(?:delete|update)\b/.test(ctx.text)) return;
  const sqlalchemy = /\b(?:sqlalchemy|sqlmodel)\b/.test(ctx.text);
  for (const call of callsOf(ctx, ["delete", "update"])) {
    const c = callee(call);
    if (!c || (c.name !== "delete" && c.name !== "update")) continue;
    const action = c.name === "delete" ? "deletes" : "updates";
    const module = c.object && SQLALCHEMY_ALIAS.test(c.object.text);
    if (c.object && !module) {
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
  check,
});
