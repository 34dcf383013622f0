// Python operators that SQL expressions cannot overload, used inside a query's filter: `and`/`or`
// between column conditions (Python keeps one operand, so the other condition is silently dropped,
// or bool() raises), `is None`/`is not None` on a column (a constant False/True, so the filter
// matches nothing or everything) and `Model.col in values` (a Python bool, never SQL IN).
import type { Node } from "web-tree-sitter";
import type { VerifierContext } from "../types.js";
import { defineVerifier } from "../types.js";
import { wordGate } from "../../engine/rule-gate.js";
import { DJANGO_MANAGER_IN, QUERY_CONDITION_CALLS, SQLALCHEMY_ALIAS, SQL_COLUMN_METHODS, SQL_CONDITION_FUNCTIONS } from "../../knowledge/python/orm.js";
import { callee, callsOf, enclosingFunction, lines, positionalArgs, unwrap } from "./ast.js";

type MessageId = "booleanOperator" | "identity" | "membership";

/** `User.email`, `users.c.email`, `User.__table__.c.email`: a mapped column, not an enum member or a constant. */
function isColumn(node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== "attribute") return false;
  const name = n.childForFieldName("attribute")?.text ?? "";
  const object = n.childForFieldName("object");
  if (!object || /^[A-Z0-9_]+$/.test(name) || name.startsWith("__")) return false;
  if (object.type === "identifier") return /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(object.text);
  // `table.c.col` and `Model.__table__.c.col`.
  return object.type === "attribute" && /^(?:c|columns)$/.test(object.childForFieldName("attribute")?.text ?? "");
}

/** A SQL condition: a comparison on a column, a column operator call, `and_()`/`Q()`, `~cond`, or (where `bare`) a boolean column. */
function isCondition(node: Node, bare: boolean, depth = 0): boolean {
  const n = unwrap(node);
  if (depth > 6) return false;
  if (isColumn(n)) return bare;
  if (n.type === "comparison_operator") {
    const ops = n.children.filter((c) => !c.isNamed).map((c) => c.type);
    return ops.every((op) => /^(?:==|!=|<|>|<=|>=|<>)$/.test(op)) && n.namedChildren.some(isColumn);
  }
  if (n.type === "unary_operator" && n.text.startsWith("~")) return isCondition(n.childForFieldName("argument") ?? n, true, depth + 1);
  if (n.type === "call") {
    const c = callee(n);
    if (!c) return false;
    if (SQL_CONDITION_FUNCTIONS.has(c.name)) return !c.object || SQLALCHEMY_ALIAS.test(c.object.text) || /^(?:models|db)$/.test(c.object.text);
    return SQL_COLUMN_METHODS.has(c.name) && !!c.object && isColumn(c.object);
  }
  return false;
}

/** The expression an argument stands for: itself, or what a local name was last assigned before the call. */
function valueOf(arg: Node, call: Node): Node {
  const a = unwrap(arg);
  if (a.type !== "identifier") return a;
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  let found: Node | undefined;
  for (const asg of scope.descendantsOfType("assignment")) {
    if (asg.startIndex > call.startIndex) break;
    if (asg.childForFieldName("left")?.text === a.text && enclosingFunction(asg)?.id === enclosingFunction(call)?.id) {
      found = asg.childForFieldName("right") ?? undefined;
    }
  }
  return found ? unwrap(found) : a;
}

function misuse(value: Node, bare: boolean): { messageId: MessageId; operator: string } | undefined {
  if (value.type === "boolean_operator") {
    const left = value.childForFieldName("left");
    const right = value.childForFieldName("right");
    const operator = value.childForFieldName("operator")?.type ?? "and";
    if (left && right && isCondition(left, bare) && isCondition(right, bare)) return { messageId: "booleanOperator", operator };
    return undefined;
  }
  if (value.type !== "comparison_operator") return undefined;
  const ops = value.children.filter((c) => !c.isNamed).map((c) => c.type);
  const first = value.namedChildren[0];
  if (!first || !isColumn(first) || ops.length === 0) return undefined;
  const operator = ops.join(" ");
  if (/^is(?: not)?$/.test(operator)) return { messageId: "identity", operator };
  if (/^(?:not )?in$/.test(operator)) return { messageId: "membership", operator };
  return undefined;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!/\b(?:and|or|is|in)\b/.test(ctx.text)) return;
  for (const call of callsOf(ctx, QUERY_CONDITION_CALLS)) {
    const name = callee(call)?.name ?? "";
    // `filter(...)` builtin takes a function first; only method calls and SQL's and_()/or_() are queries.
    const receiver = callee(call)?.object;
    if (!receiver && !SQL_CONDITION_FUNCTIONS.has(name)) continue;
    // `dict.get` and `str.join` share the names: get() counts on a Django manager only, and a
    // bare attribute is a boolean column only where a condition must be.
    if (name === "get" && !DJANGO_MANAGER_IN.test(receiver?.text ?? "")) continue;
    const bare = !/^(?:get|join|outerjoin)$/.test(name);
    for (const arg of positionalArgs(call)) {
      const value = valueOf(arg, call);
      const found = misuse(value, bare);
      if (!found) continue;
      const text = value.text.length > 80 ? `${value.text.slice(0, 79)}…` : value.text;
      ctx.report({ messageId: found.messageId, data: { call: name, expression: text, operator: found.operator }, ...lines(arg) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/orm-boolean-operator",
  languages: ["python"],
  messageIds: ["booleanOperator", "identity", "membership"],
  // Every report is an argument of a call by one of these names.
  gate: wordGate(QUERY_CONDITION_CALLS),
  check,
});
